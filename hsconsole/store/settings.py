"""User settings: a validated JSON file in the platform's config folder.

Holds no secrets (tokens live in the OS keychain). A damaged file is set
aside (``settings.json.bad``) and defaults are used, never a crash.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger("hsconsole.store")

APP_NAME = "hsconsole"


def config_dir() -> Path:
    """``HSCONSOLE_CONFIG_DIR`` when set (tests, portable installs), else the platform's."""
    override = os.environ.get("HSCONSOLE_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    region: str = Field(default="US", min_length=2, max_length=2)
    limit_days: int = Field(default=14, ge=1, le=60)
    window_geometry: str = ""
    splitter_state: str = ""


class SettingsStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "settings.json"

    def load(self) -> Settings:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            log.warning("cannot read settings (%s); using defaults", type(exc).__name__)
            return Settings()
        try:
            return Settings.model_validate_json(text)
        except ValidationError:
            log.warning("settings file is damaged; set aside as %s.bad, using defaults", self.path.name)
            with contextlib.suppress(OSError):
                self.path.replace(self.path.with_name(self.path.name + ".bad"))
            return Settings()

    def save(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
        tmp.replace(self.path)

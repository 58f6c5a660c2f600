"""User settings: a versioned, validated JSON file in the platform's config folder.

Holds no secrets (tokens live in the OS keychain). The file is written
atomically (a temporary file, then a rename), so a crash never leaves half a
file. A damaged file is set aside and reported; a file from a newer version
is never overwritten without the setter's say. The format is documented in
docs/SETTINGS.md.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hsconsole.domain.endpoints import DEFAULT_ORIGIN, REGIONAL_ORIGINS
from hsconsole.store.folders import private_dir, private_opener, settings_path
from hsconsole.store.layout import DEFAULT_LIMIT_DAYS, LIMIT_DAYS_RANGE

log = logging.getLogger("hsconsole.store")

FORMAT_VERSION = 1

Endpoint = Literal["standard", "oregon", "virginia"]
_PROFILE_NAME = re.compile(r"^[^/\\\x00-\x1f]{1,60}$")


def check_profile_name(name: str) -> str:
    """A trimmed profile name, or ValueError with words for the setter."""
    name = (name or "").strip()
    if not name:
        raise ValueError("Give the profile a name, e.g. the company or market.")
    if not _PROFILE_NAME.match(name):
        raise ValueError("Use up to 60 characters, without slashes.")
    return name


def _check_origin(value: str, example: str) -> str:
    value = value.strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+(:\d+)?(/[^\s]*)?$", value):
        raise ValueError(f"The API origin must look like {example}")
    return value


_LOOPBACK = re.compile(r"^http://(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(/|$)", re.IGNORECASE)


def _check_connector_origin(value: str, example: str) -> str:
    """Like :func:`_check_origin`, but plain ``http`` only on this computer: the keys must not travel in clear."""
    value = _check_origin(value, example)
    if value.lower().startswith("http://") and not _LOOPBACK.match(value):
        raise ValueError(f"Use https:// (plain http only for a simulator on this computer), e.g. {example}")
    return value


APPTOTO_ORIGIN = "https://api.apptoto.com"
TIMEZEST_ORIGIN = "https://api.timezest.com"


class ApptotoSettings(BaseModel):
    """The Apptoto account bookings are mirrored to (its API key is in the keychain)."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True, str_strip_whitespace=True)

    email: str = Field(max_length=254)
    calendar: str = Field(min_length=1, max_length=200)
    """The calendar (name or numeric id) bookings go to."""
    address_book: str = Field(default="", max_length=200)
    """The address book new leads go to as contacts; empty: new leads are not added."""
    origin: str = APPTOTO_ORIGIN

    @field_validator("email", "calendar", "address_book")
    @classmethod
    def _trim(cls, value: str) -> str:
        return value.strip()

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not value:
            raise ValueError("Enter the email you sign in to Apptoto with.")
        if "@" not in value or ":" in value or any(ch.isspace() for ch in value):
            raise ValueError("The Apptoto account email must look like name@company.com")
        return value

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return _check_connector_origin(value, APPTOTO_ORIGIN)


class TimeZestSettings(BaseModel):
    """The TimeZest account links are sent from (its API key is in the keychain)."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    origin: str = TIMEZEST_ORIGIN
    read_only: bool = False
    """Learned by the Test button: a read-only key reads, and sending links is disabled."""

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return _check_connector_origin(value, TIMEZEST_ORIGIN)


class Profile(BaseModel):
    """One HeavySet account (company, market or page) the console can work with."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    name: str
    origin: str = DEFAULT_ORIGIN
    endpoint: Endpoint = "standard"
    crm_settings_id: str | None = None
    separate_zapier_token: bool = False
    tested: bool = False
    """False after "Save without testing": the console tests it when the network is back."""
    page_label: str | None = None
    page_id: str | None = None
    region: str = Field(default="US", min_length=2, max_length=2)
    apptoto: ApptotoSettings | None = None
    """Reminders through Apptoto; None: off."""
    timezest: TimeZestSettings | None = None
    """Self-scheduling links through TimeZest; None: off."""

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_profile_name(value)

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return _check_origin(value, "https://api.heavyset.tech")

    @property
    def regional_origin(self) -> str | None:
        """The low-latency query origin, or None for the standard endpoint.

        With an overridden origin (a proxy or staging service) the regional
        query goes to that origin too: it serves every path.
        """
        if self.endpoint == "standard":
            return None
        return REGIONAL_ORIGINS[self.endpoint] if self.origin == DEFAULT_ORIGIN else self.origin


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    version: int = FORMAT_VERSION
    active_profile: str | None = None
    profiles: list[Profile] = Field(default_factory=list)
    region: str = Field(default="US", min_length=2, max_length=2)
    limit_days: int = Field(default=DEFAULT_LIMIT_DAYS, ge=LIMIT_DAYS_RANGE[0], le=LIMIT_DAYS_RANGE[1])
    window_geometry: str = ""
    splitter_state: str = ""

    def profile(self, name: str | None) -> Profile | None:
        return next((p for p in self.profiles if p.name == name), None)

    @property
    def active(self) -> Profile | None:
        return self.profile(self.active_profile) or (self.profiles[0] if self.profiles else None)

    def upsert(self, profile: Profile) -> None:
        self.profiles = [p for p in self.profiles if p.name != profile.name] + [profile]

    def remove(self, name: str) -> None:
        self.profiles = [p for p in self.profiles if p.name != name]
        if self.active_profile == name:
            self.active_profile = self.profiles[0].name if self.profiles else None


class SettingsProblem(Exception):
    """The settings file could not be used; the message says why and what happens next."""

    def __init__(self, message: str, *, newer: bool = False) -> None:
        super().__init__(message)
        self.newer = newer


class SettingsStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.problem: str | None = None
        """Set by :meth:`load` when the file was damaged and set aside."""
        self.read_only = False
        """True after the setter chose to run with a newer file untouched."""

    def load(self) -> Settings:
        """The settings; defaults when there are none.

        A damaged file is renamed ``settings.json.bad`` (``problem`` says so)
        and defaults are returned. A newer format raises :class:`SettingsProblem`
        with ``newer=True``: the caller asks the setter what to do.
        """
        self.problem = None
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            self.problem = f"The settings file could not be read ({type(exc).__name__}); using defaults."
            return Settings()
        try:
            raw = json.loads(text)
            version = raw.get("version", 1) if isinstance(raw, dict) else None
            if isinstance(version, int) and version > FORMAT_VERSION:
                raise SettingsProblem(
                    f"The settings were saved by a newer HeavySet Console (format {version}; this one reads "
                    f"format {FORMAT_VERSION}).",
                    newer=True,
                )
            return Settings.model_validate(raw)
        except (ValueError, ValidationError, AttributeError):
            aside = self.set_aside(".bad")
            self.problem = (
                f"The settings file was damaged. It was kept as {aside.name if aside else 'is'} and the console "
                "starts with fresh settings; your tokens are still in the keychain."
            )
            log.warning("settings file damaged; set aside")
            return Settings()

    def set_aside(self, suffix: str) -> Path | None:
        target = self.path.with_name(self.path.name + suffix)
        try:
            self.path.replace(target)
        except OSError:
            return None
        return target

    def save(self, settings: Settings) -> None:
        if self.read_only:
            return
        private_dir(self.path.parent)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8", opener=private_opener) as handle:
            handle.write(settings.model_dump_json(indent=2))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)


class ProfileFile(BaseModel):
    """What ``--import-profile FILE`` reads: a profile without any token."""

    model_config = ConfigDict(extra="forbid")

    name: str
    origin: str = DEFAULT_ORIGIN
    endpoint: Endpoint = "standard"
    crm_settings_id: str | None = None
    separate_zapier_token: bool = False
    region: str = "US"


def read_profile_file(path: Path) -> Profile:
    """Read an IT-provided profile file; ValueError with a clear message when it is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"Cannot read {path}: {exc.strerror or type(exc).__name__}") from None
    except ValueError:
        raise ValueError(f"{path} is not a JSON file") from None
    if isinstance(data, dict) and any("token" in str(k).lower() for k in data):
        raise ValueError("Profile files must not contain tokens; enter the token at the desk instead.")
    try:
        parsed = ProfileFile.model_validate(data)
        return Profile(**parsed.model_dump(), tested=False)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"{path.name}: {where}: {first['msg']}") from None

"""Where the console keeps its files: the platform's folders, or the ``HSCONSOLE_*_DIR`` overrides.

The overrides serve tests and portable installs. Nothing here imports more than ``platformdirs``: the
window's layout is read from the config folder before the rest of the console is loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "hsconsole"


def config_dir() -> Path:
    """``HSCONSOLE_CONFIG_DIR`` when set, else the platform's config folder."""
    override = os.environ.get("HSCONSOLE_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """``HSCONSOLE_DATA_DIR`` when set, else the platform's data folder."""
    override = os.environ.get("HSCONSOLE_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """``HSCONSOLE_LOG_DIR`` when set, else the platform's log folder."""
    override = os.environ.get("HSCONSOLE_LOG_DIR")
    return Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"

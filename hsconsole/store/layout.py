"""The window's layout from the settings file, read before the rest of the console is loaded.

The console shows its window first and loads the rest while the setter can already type
(docs/PERFORMANCE.md); the settings file is read in full, and validated, once that is done
(:mod:`hsconsole.store.settings`). Here only the values the window's first paint needs are read (its size
and panes, the calendar's range, and the language its words are in),
with the standard library: anything odd gives the defaults, and the full read reports the file's
problems.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from hsconsole.store.folders import settings_path

DEFAULT_LIMIT_DAYS = 14
LIMIT_DAYS_RANGE = (1, 60)
"""Business days of blocks a lookup asks for: the default, and what the setter may choose."""
LANGUAGES = ("", "en", "es")
"""The console's languages (Settings ▸ Language); "" follows the system's."""


@dataclass(frozen=True)
class WindowLayout:
    geometry: str = ""
    """``QMainWindow.saveGeometry()``, base64."""
    splitter: str = ""
    """The three panes' ``QSplitter.saveState()``, base64."""
    limit_days: int = DEFAULT_LIMIT_DAYS
    language: str = ""
    """One of :data:`LANGUAGES`: the window's words are in it from its first paint."""


def read_layout(path: Path | None = None) -> WindowLayout:
    try:
        raw = json.loads((path or settings_path()).read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # a damaged file: the full read sets it aside and says so
        return WindowLayout()
    if not isinstance(raw, dict):
        return WindowLayout()
    geometry, splitter, days = raw.get("window_geometry"), raw.get("splitter_state"), raw.get("limit_days")
    language = raw.get("language")
    low, high = LIMIT_DAYS_RANGE
    return WindowLayout(
        geometry if isinstance(geometry, str) else "",
        splitter if isinstance(splitter, str) else "",
        days if isinstance(days, int) and not isinstance(days, bool) and low <= days <= high else DEFAULT_LIMIT_DAYS,
        language if language in LANGUAGES else "",
    )

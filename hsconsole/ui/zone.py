"""The setter's own time zone, as the console shows times beside the lead's."""

from __future__ import annotations

import os

from PySide6.QtCore import QTimeZone

from hsconsole.domain.slots import is_known_zone


def setter_zone() -> str:
    """The setter's IANA zone: ``HSCONSOLE_SETTER_TZ``, else the system's, else UTC."""
    override = os.environ.get("HSCONSOLE_SETTER_TZ", "")
    if override and is_known_zone(override):
        return override
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return name if is_known_zone(name) else "UTC"

"""The setter's own time zone, as the console shows times beside the lead's.

Whose it is, first to last: ``HSCONSOLE_SETTER_TZ`` (IT's, for a desk or a remote desktop), the setter's
choice (Settings ▸ My time zone), this computer's.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QLocale, QTimeZone

from hsconsole.domain.slots import is_known_zone
from hsconsole.domain.zones import server_like

OVERRIDE = "HSCONSOLE_SETTER_TZ"


def computer_zone() -> str:
    """This computer's IANA zone, else UTC."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return name if is_known_zone(name) else "UTC"


def it_zone() -> str | None:
    """The zone IT set for this desk (``HSCONSOLE_SETTER_TZ``), when it is a zone."""
    override = os.environ.get(OVERRIDE, "")
    return override if override and is_known_zone(override) else None


def setter_zone(chosen: str = "") -> str:
    """The setter's IANA zone: IT's, else ``chosen`` (the setting), else this computer's."""
    return it_zone() or (chosen if chosen and is_known_zone(chosen) else "") or computer_zone()


def zone_source(chosen: str = "") -> str:
    """Where the setter's zone comes from, in a few words: "set by IT", "your choice", "this computer's"."""
    if it_zone():
        return "set by IT"
    if chosen and is_known_zone(chosen):
        return "your choice"
    return "this computer's"


def server_like_reason() -> str | None:
    """Why this computer's zone looks like a server's, not the setter's (UTC, or a zone of another country than
    its language and keyboard settings'), in setter words; None when it does not, or IT set the desk's zone."""
    if it_zone():
        return None
    country = QLocale.territoryToCode(QLocale.system().territory())
    return server_like(computer_zone(), country if len(country) == 2 else "")

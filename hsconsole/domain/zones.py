"""Time zones as a setter reads them: by city, with their offset from UTC.

Pure Python over :mod:`zoneinfo` (and the ``tzdata`` package where the system has no zone database).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

AREAS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
"""The regions of the zone database's city names (the rest are old aliases: "US/Eastern", "Etc/GMT+3"…)."""


def city_of(zone: str) -> str:
    """The city a zone is named after: "Asia/Manila" → "Manila", "America/Argentina/Buenos_Aires" →
    "Buenos Aires"; "UTC" stays "UTC"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def offset_text(moment: datetime, zone: str) -> str:
    """The zone's offset from UTC at ``moment``, said as one: "UTC+8", "UTC-3", "UTC+5:30", "UTC"."""
    offset = moment.astimezone(ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@dataclass(frozen=True)
class ZoneChoice:
    """One zone a setter may choose: its IANA name, its city and region, for a list and its search."""

    name: str
    city: str
    region: str

    def label(self, moment: datetime) -> str:
        """ "Manila (Asia) · UTC+8"."""
        where = f"{self.city} ({self.region})" if self.region else self.city
        return f"{where} · {offset_text(moment, self.name)}"

    def matches(self, text: str) -> bool:
        """Every word typed is in the city, region or IANA name (any case; "sao" finds "São Paulo" by its
        name "America/Sao_Paulo")."""
        hay = f"{self.city} {self.region} {self.name}".casefold().replace("_", " ")
        return all(word in hay for word in text.casefold().split())


@cache
def zone_choices() -> tuple[ZoneChoice, ...]:
    """Every city zone of the database, by city, and UTC first."""
    found = []
    for name in zoneinfo.available_timezones():
        parts = name.split("/")
        if len(parts) < 2 or parts[0] not in AREAS:
            continue
        region = "/".join(p.replace("_", " ") for p in parts[:-1])
        found.append(ZoneChoice(name, city_of(name), region))
    found.sort(key=lambda c: (c.city.casefold(), c.region))
    return (ZoneChoice("UTC", "UTC", ""), *found)

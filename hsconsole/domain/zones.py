"""Time zones as a setter reads them: by city, with their offset from UTC.

Pure Python over :mod:`zoneinfo` (and the ``tzdata`` package where the system has no zone database).
"""

from __future__ import annotations

import contextlib
import unicodedata
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from hsconsole.domain.words import QT_TRANSLATE_NOOP, translate

AREAS = (
    QT_TRANSLATE_NOOP("Zones", "Africa"),
    QT_TRANSLATE_NOOP("Zones", "America"),
    QT_TRANSLATE_NOOP("Zones", "Antarctica"),
    QT_TRANSLATE_NOOP("Zones", "Asia"),
    QT_TRANSLATE_NOOP("Zones", "Atlantic"),
    QT_TRANSLATE_NOOP("Zones", "Australia"),
    QT_TRANSLATE_NOOP("Zones", "Europe"),
    QT_TRANSLATE_NOOP("Zones", "Indian"),
    QT_TRANSLATE_NOOP("Zones", "Pacific"),
)
"""The regions of the zone database's city names (the rest are old aliases: "US/Eastern", "Etc/GMT+3"…)."""


def database_city(zone: str) -> str:
    """The city a zone is named after, as the zone database writes it: "Asia/Manila" → "Manila",
    "America/Argentina/Buenos_Aires" → "Buenos Aires", "America/Bogota" → "Bogota"; "UTC" stays "UTC"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def city_of(zone: str) -> str:
    """The city a zone is named after, in the setter's language: "Manila"; "Ciudad de México" for
    "America/Mexico_City" in Spanish (the city names' own catalogue, made from CLDR: packaging/city_names.py)."""
    city = database_city(zone)
    return translate("City", city) if "/" in zone else city


def folded(text: str) -> str:
    """``text`` for a search: any case, without accents ("Bogotá" and "bogota" alike)."""
    parts = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in parts if not unicodedata.combining(c))


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
    """As the zone database writes it ("Mexico City"); :attr:`shown_city` is the setter's language's."""
    region: str
    also: tuple[str, ...] = ()
    """The cities of the zone's other names in the database, for the search ("Calcutta" for Kolkata)."""

    @property
    def shown_city(self) -> str:
        return city_of(self.name)

    @property
    def shown_region(self) -> str:
        """The region in the setter's language: its area translated ("Pacífico"), the rest as it is."""
        area, slash, rest = self.region.partition("/")
        return translate("Zones", area) + slash + rest if area in AREAS else self.region

    def label(self, moment: datetime) -> str:
        """ "Manila (Asia) · UTC+8"; "Ciudad de México (América) · UTC-6" in Spanish."""
        region = self.shown_region
        where = f"{self.shown_city} ({region})" if region else self.shown_city
        return f"{where} · {offset_text(moment, self.name)}"

    def matches(self, text: str) -> bool:
        """Every word typed is in the city or region (in the setter's language or the zone database's) or the
        IANA name or one of its old names, in any case and with or without accents: "sao" finds "São Paulo",
        "nueva york" and "new york" both find New York, "calcutta" finds Kolkata."""
        words = (self.shown_city, self.shown_region, self.city, self.region, self.name.replace("_", " "), *self.also)
        hay = folded(" ".join(words))
        return all(word in hay for word in folded(text).split())


def city_zones() -> list[str]:
    """The zones of the database named after a city ("Asia/Manila"), old names included, in no order."""
    return [name for name in zoneinfo.available_timezones() if "/" in name and name.split("/")[0] in AREAS]


@cache
def canonical_zones() -> dict[str, str]:
    """Each city zone → the zone to offer for it: itself when the database lists it (``zone.tab``: one per
    country and region), else the listed zone it is another name of, by the database's links
    (``tzdata.zi``): "Asia/Calcutta" → "Asia/Kolkata", "Australia/ACT" → "Australia/Sydney". A zone neither
    listed nor linked to a listed one is its own; every zone is when the database has no ``zone.tab``."""
    names = city_zones()
    listed = {row[2] for row in _tab_rows("zone.tab") if len(row) >= 3}
    if not listed:
        return {name: name for name in names}
    links = {row[2]: row[1] for row in (line.split() for line in _database_lines("tzdata.zi")) if row[:1] == ["L"]}
    found = {}
    for name in names:
        offered, hops = name, 0
        while offered not in listed and offered in links and hops < 8:
            offered, hops = links[offered], hops + 1
        found[name] = offered if offered in listed else name
    return found


@cache
def zone_choices() -> tuple[ZoneChoice, ...]:
    """The zones a setter chooses from, by city, and UTC first: each once, under its current name; an old
    name of it (a link of the database) is found by the search (:attr:`ZoneChoice.also`), not listed."""
    canonical = canonical_zones()
    also: dict[str, list[str]] = {}
    for name, offered in canonical.items():
        if name != offered:
            also.setdefault(offered, []).append(database_city(name))
    found = []
    for name in set(canonical.values()):
        region = "/".join(p.replace("_", " ") for p in name.split("/")[:-1])
        found.append(ZoneChoice(name, database_city(name), region, tuple(sorted(set(also.get(name, []))))))
    found.sort(key=lambda c: (c.city.casefold(), c.region))
    return (ZoneChoice("UTC", "UTC", ""), *found)


def zone_choices_shown() -> list[ZoneChoice]:
    """:func:`zone_choices` in the order of their cities in the setter's language (UTC first)."""
    first, *rest = zone_choices()
    return [first, *sorted(rest, key=lambda c: (folded(c.shown_city), c.region))]


US_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
)
"""The zones a US homeowner lives in: their abbreviations are what a setter reads "EST" or "PST" as."""


def _names_in_year(zone: str, year: int) -> set[tuple[str, int]]:
    """The abbreviations a zone uses in ``year`` with their offsets in minutes (winter and summer)."""
    tz = ZoneInfo(zone)
    found = set()
    for month in (1, 7):
        local = datetime(year, month, 15, 12, tzinfo=tz)
        offset = local.utcoffset()
        found.add((local.tzname() or "", int(offset.total_seconds() // 60) if offset is not None else 0))
    return found


@cache
def _offsets_by_name(year: int) -> dict[str, frozenset[int]]:
    """Every abbreviation the zone database uses in ``year``, with the offsets (minutes) it stands for."""
    found: dict[str, set[int]] = {}
    for zone in zoneinfo.available_timezones():
        for name, minutes in _names_in_year(zone, year):
            found.setdefault(name, set()).add(minutes)
    return {name: frozenset(offsets) for name, offsets in found.items()}


@cache
def reads_us_names(reader: str, year: int) -> bool:
    """Whether a setter in ``reader`` reads "CST" or "PST" as the US does: every abbreviation of their own
    zone is a US zone's, for the same time (Denver, Toronto, Mexico City; not Manila, Bogotá, Kolkata, UTC)."""
    us = set().union(*(_names_in_year(zone, year) for zone in US_ZONES))
    own = _names_in_year(reader, year)
    return all(name.isalpha() for name, _ in own) and own <= us


@cache
def abbreviation_is_clear(zone: str, others: frozenset[str], year: int, reader: str | None = None) -> bool:
    """Whether ``zone``'s abbreviations can be shown: letters (not "-03", "+08"), and no other zone on screen
    (``others``) nor a US zone uses the same letters for another time ("PST" in Manila and in Los Angeles,
    "CST" in Shanghai and in Chicago, "IST" in Kolkata and in Dublin).

    A setter abroad (``reader``, their zone, where it does not read US names: :func:`reads_us_names`) reads
    letters as their part of the world does, so there an abbreviation that stands anywhere for another time is
    not clear either: "CST" is China's in Manila and Cuba's in Bogotá, not Chicago's. Their own zone's is.
    """
    own = _names_in_year(zone, year)
    if not all(name.isalpha() for name, _ in own):
        return False
    for other in (set(others) | set(US_ZONES)) - {zone}:
        for name, minutes in _names_in_year(other, year):
            if any(name == mine and minutes != offset for mine, offset in own):
                return False
    if reader is not None and reader != zone and not reads_us_names(reader, year):
        everywhere = _offsets_by_name(year)
        return all(everywhere.get(name, frozenset()) <= {offset} for name, offset in own)
    return True


def zone_labeller(zone: str, on_screen: frozenset[str], year: int, reader: str | None = None) -> str | None:
    """None when ``zone`` names itself by abbreviation on this screen, for a setter in ``reader`` (None: one who
    reads US names), else the city it names itself by."""
    return None if abbreviation_is_clear(zone, on_screen - {zone}, year, reader) else city_of(zone)


@cache
def _countries() -> dict[str, frozenset[str]]:
    """IANA zone → the countries (ISO 3166 codes) it is the time of, from the zone database's ``zone1970.tab``
    (in the ``tzdata`` package, else the system's database); empty when neither has it."""
    found: dict[str, frozenset[str]] = {}
    for fields in _tab_rows("zone1970.tab"):
        if len(fields) >= 3:
            found.setdefault(fields[2], frozenset(fields[0].split(",")))
    return found


def _database_lines(name: str) -> list[str]:
    """The lines of a text file of the zone database (``zone.tab``, ``tzdata.zi``) from the ``tzdata`` package,
    then the system's database, comments left out; empty when neither has it."""
    import importlib.resources
    from pathlib import Path

    texts: list[str] = []
    with contextlib.suppress(ModuleNotFoundError, OSError):
        texts.append(importlib.resources.files("tzdata").joinpath(f"zoneinfo/{name}").read_text("utf-8"))
    if not texts:
        for root in zoneinfo.TZPATH:
            with contextlib.suppress(OSError):
                texts.append((Path(root) / name).read_text("utf-8"))
                break
    return [line for text in texts for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _tab_rows(name: str) -> list[list[str]]:
    """The rows of a table of the zone database (``zone.tab``, ``zone1970.tab``), their fields split."""
    return [line.split("\t") for line in _database_lines(name)]


SERVER_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/GMT", "GMT", "UCT", "Universal", "Zulu", "Etc/Universal"})
"""Zones a server or a remote desktop in a data center keeps its clock in."""


def server_like(zone: str, country: str) -> str | None:
    """Why ``zone`` (this computer's) looks like a server's rather than the setter's, in setter words; None when
    it does not. ``country``: the ISO 3166 code of the computer's language and keyboard settings ("" when
    unknown): a zone of another country (Chicago time on a computer set up for the Philippines) is likely a
    remote desktop's in a data center."""
    if zone in SERVER_ZONES or zone.startswith("Etc/"):
        return translate("Zones", "This computer's clock is on UTC, as servers and remote desktops usually are.")
    countries = _countries().get(zone)
    if country and countries and country.upper() not in countries:
        return translate(
            "Zones",
            "This computer's clock is on {city} time, but its language and keyboard are set up for another country: "
            "it may be a remote desktop in a data center.",
        ).format(city=city_of(zone))
    return None


def prepare_reader(reader: str, year: int) -> None:
    """Build what labelling zones for a setter in ``reader`` needs (for a setter abroad, a table of every
    abbreviation in the zone database, ≈ 70 ms once), so that the first lookup does not wait for it."""
    if not reads_us_names(reader, year):
        _offsets_by_name(year)

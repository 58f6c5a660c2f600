"""Slot times: a local date, an "h:mm AM/PM" wall time and an IANA zone.

The APIs describe a block by its *local* date and wall-clock times in the
lead's zone. Turning that into an instant has two corner cases, handled the
same way every time and reported, never hidden:

* **DST gap** (spring forward): the wall time does not exist that day.
  It is read with the offset in force *before* the jump (``fold=0``), so
  2:30 AM on the spring-forward Sunday in New York becomes 3:30 AM EDT.
* **DST overlap** (fall back): the wall time happens twice. The *first*
  occurrence is taken (``fold=0``, still daylight time), so 1:30 AM on the
  fall-back Sunday in New York is 1:30 AM EDT, not EST.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hsconsole.domain.words import translate

_AMPM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*([AaPp])\.?\s*[Mm]\.?\s*$")
_24H = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::00)?\s*$")


class SlotTimeError(ValueError):
    """A slot's time or zone cannot be understood."""


class DstIssue(enum.Enum):
    """How a local wall time relates to a daylight-saving change that day."""

    GAP = "gap"
    OVERLAP = "overlap"


@functools.lru_cache(maxsize=1024)
def parse_ampm(text: str) -> time:
    """Parse "10:00 AM", "09:30 pm", "3:00 p.m." or the 24-hour "15:00" into a :class:`time`.

    Remembered: a calendar repeats the same few dozen times on every day, twice per block.
    """
    match = _AMPM.match(text or "")
    if not match:
        day = _24H.match(text or "")  # "15:00" or "15:00:00": a server may send the 24-hour clock
        if day and int(day.group(1)) <= 23 and int(day.group(2)) <= 59:
            return time(int(day.group(1)), int(day.group(2)))
        raise SlotTimeError(f"{text!r} is not a time like '10:00 AM'")
    hour, minute, half = int(match.group(1)), int(match.group(2)), match.group(3).upper()
    if not 1 <= hour <= 12 or minute > 59:
        raise SlotTimeError(f"{text!r} is not a time like '10:00 AM'")
    hour = hour % 12 + (12 if half == "P" else 0)
    return time(hour, minute)


def format_ampm(value: time | datetime) -> str:
    """ "10:00 AM" style, the same on every platform (no strftime ``%-I``)."""
    hour12 = value.hour % 12 or 12
    return f"{hour12}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"


DayWords = tuple[Callable[[date], str], Callable[[date], str], Callable[[date, bool], str]]
"""A locale's day label ("mar, 8 de dic"), weekday ("mar") and date, with the year or not ("8 de dic de 2026")."""


class SetterClock:
    """How the setter's own times and days read. Times: "3:00 PM" or, with :attr:`hours24`, "15:00"; the lead's
    times keep the lead's convention (US 12-hour, :func:`format_ampm`). Days: US English ("Tue, Dec 8") unless
    the window gives the words of the setter's locale (:meth:`use_days`: "mar, 8 de dic"). One per process,
    like a locale: the window sets it from the setter's settings (:data:`SETTER_CLOCK`)."""

    hours24 = False
    _day_words: DayWords | None = None
    _days_given = 0

    def text(self, value: time | datetime) -> str:
        return f"{value.hour}:{value.minute:02d}" if self.hours24 else format_ampm(value)

    def use_days(self, words: DayWords | None) -> None:
        """A day's label, its weekday and its date in the setter's locale (None: US English)."""
        self._day_words = words
        self._days_given += 1

    @property
    def key(self) -> tuple[bool, int]:
        """What the texts depend on, for what remembers texts made with it."""
        return self.hours24, self._days_given

    def day_label(self, day: date) -> str:
        """ "Tue, Dec 8": a day as the calendar's header and the jump hint say it."""
        return self._day_words[0](day) if self._day_words else f"{day:%a, %b} {day.day}"

    def day(self, day: date) -> str:
        """ "Tue Dec 8": a day before a time ("Tue Dec 8, 3:00 PM")."""
        return self._day_words[0](day) if self._day_words else f"{day:%a %b} {day.day}"

    def weekday(self, day: date) -> str:
        """ "Tue": the day of a time on another day than its row's."""
        return self._day_words[1](day) if self._day_words else f"{day:%a}"

    def date(self, day: date, *, year: bool = False) -> str:
        """ "Dec 8" (``year``: "Dec 8, 2026"): a date without its weekday, as a created date or a log line's."""
        if self._day_words:
            return self._day_words[2](day, year)
        return f"{day:%b} {day.day}" + (f", {day.year}" if year else "")


SETTER_CLOCK = SetterClock()


_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$")


def load_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or :class:`SlotTimeError` when it is unknown.

    Anything that is not a zone name (a folder of the zone database such as
    "America", an over-long or odd string, a non-string) is unknown too.
    """
    if not isinstance(name, str) or len(name) > 64 or not _ZONE_NAME.match(name):
        raise SlotTimeError(f"unknown time zone {str(name)[:40]!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise SlotTimeError(f"unknown time zone {name!r}") from exc


def iana_zone_name(name: str) -> str | None:
    """``name`` as an IANA zone: itself when it is one, the IANA zone of a Windows zone name ("Mountain Standard
    Time", as servers on Windows send them; from CLDR's mapping as tzlocal keeps it), else None."""
    if is_known_zone(name):
        return name
    from tzlocal.windows_tz import win_tz  # loaded only when a server sends a zone that is not IANA

    mapped = win_tz.get(name.strip())
    return mapped if mapped is not None and is_known_zone(mapped) else None


def is_known_zone(name: str) -> bool:
    try:
        load_zone(name)
    except SlotTimeError:
        return False
    return True


@dataclass(frozen=True)
class LocalMoment:
    """A wall time in a zone, resolved to one instant."""

    wall: datetime
    """The date and time as written, without tzinfo."""
    instant: datetime
    """The aware datetime chosen for it (see the module notes)."""
    issue: DstIssue | None

    @property
    def utc(self) -> datetime:
        """The instant in UTC: compare and subtract these, not :attr:`instant`.

        Python never finds a wall time in a fall-back hour equal to any time in
        another zone (PEP 495), so arithmetic across zones goes through UTC.
        """
        return self.instant.astimezone(UTC)

    @property
    def note(self) -> str | None:
        """A sentence for the setter when the wall time is unusual, else None."""
        if self.issue is DstIssue.GAP:
            return translate(
                "Slots", "{wall} does not exist on {date} (clocks spring forward); it is {time} {zone}"
            ).format(
                wall=format_ampm(self.wall),
                date=SETTER_CLOCK.date(self.wall.date()),
                time=format_ampm(self.instant),
                zone=self.instant.tzname(),
            )
        if self.issue is DstIssue.OVERLAP:
            return translate(
                "Slots", "{wall} happens twice on {date} (clocks fall back); this is the first, {zone}"
            ).format(wall=format_ampm(self.wall), date=SETTER_CLOCK.date(self.wall.date()), zone=self.instant.tzname())
        return None


def resolve_wall_time(day: date, wall: time, zone: tzinfo) -> LocalMoment:
    """Resolve ``day`` + ``wall`` in ``zone`` deterministically (see module notes)."""
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    round_trip = first.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != naive:
        return LocalMoment(naive, round_trip, DstIssue.GAP)
    if first.utcoffset() != second.utcoffset():
        return LocalMoment(naive, first, DstIssue.OVERLAP)
    return LocalMoment(naive, first, None)


@dataclass(frozen=True)
class SlotWindow:
    """A block's start and end as instants, with any DST remarks."""

    start: LocalMoment
    end: LocalMoment
    zone_name: str

    @property
    def duration(self) -> timedelta:
        """Real elapsed time, correct across a DST change."""
        return self.end.utc - self.start.utc

    @property
    def notes(self) -> list[str]:
        return [n for n in (self.start.note, self.end.note) if n]

    @property
    def has_dst_issue(self) -> bool:
        return self.start.issue is not None or self.end.issue is not None


@functools.lru_cache(maxsize=4096)
def slot_window(day: date, start_text: str, end_text: str, zone_name: str) -> SlotWindow:
    """Resolve a slot as the APIs send it into a :class:`SlotWindow`.

    An end time earlier than the start is taken to be on the next day.
    """
    zone = load_zone(zone_name)
    start_wall, end_wall = parse_ampm(start_text), parse_ampm(end_text)
    end_day = day + timedelta(days=1) if end_wall <= start_wall else day
    return SlotWindow(
        resolve_wall_time(day, start_wall, zone),
        resolve_wall_time(end_day, end_wall, zone),
        zone_name,
    )


def format_in_zone(instant: datetime, zone: tzinfo, *, setter: bool = False) -> str:
    """ "10:00 AM MST": the instant's wall time and abbreviation in ``zone`` (``setter``: on the setter's clock)."""
    local = instant.astimezone(zone)
    return f"{SETTER_CLOCK.text(local) if setter else format_ampm(local)} {local.tzname()}"


def format_range_in_zone(start: datetime, end: datetime, zone: tzinfo) -> str:
    """ "10:00 AM – 11:30 AM MST" (abbreviation once when both ends share it)."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    if a.tzname() == b.tzname():
        return f"{format_ampm(a)} – {format_ampm(b)} {b.tzname()}"
    return f"{format_ampm(a)} {a.tzname()} – {format_ampm(b)} {b.tzname()}"


def format_block_range(
    start: datetime, end: datetime, zone: tzinfo, day: date, city: str | None = None, *, setter: bool = False
) -> str:
    """A block's times in ``zone`` as a row of the calendar for ``day`` shows them, never ambiguous about the day.

    On ``day``: "10:30 PM – 12:30 AM +1 EST" (the end on the day after). Starting on another day (the
    setter's zone may be past midnight already, or not yet there), the weekday leads, and the end's is
    said too when it differs: "Wed 12:30 AM – 2:30 AM EST", "Tue 11:30 PM – Wed 1:30 AM EST".
    The abbreviation is said once when both ends share it; ``city`` replaces it where it would be mistaken
    ("7:00 AM – 9:00 AM Manila": :func:`hsconsole.domain.zones.zone_labeller`). ``setter``: the setter's
    column, on their clock (:data:`SETTER_CLOCK`: "19:00 – 21:00 Manila").
    """
    a, b = start.astimezone(zone), end.astimezone(zone)
    clock = SETTER_CLOCK.text if setter else format_ampm
    first, last = clock(a), clock(b)
    if a.date() != day:
        first = f"{SETTER_CLOCK.weekday(a.date())} {first}"
        if b.date() != a.date():
            last = f"{SETTER_CLOCK.weekday(b.date())} {last}"
    elif b.date() != day:
        last += f" {(b.date() - day).days:+d}"
    if city is not None:
        return f"{first} – {last} {city}"
    if a.tzname() == b.tzname():
        return f"{first} – {last} {b.tzname()}"
    return f"{first} {a.tzname()} – {last} {b.tzname()}"


def zone_of_zip(zip_code: str) -> str | None:
    """The IANA zone of a US ZIP (``12345`` or ``12345-6789``), from the ``zipcodes`` data; None when unknown."""
    import importlib

    digits = (zip_code or "").strip()[:5]
    if len(digits) != 5 or not digits.isdigit():
        return None
    zipcodes: Any = importlib.import_module("zipcodes")  # untyped; loaded only when a zone must be found this way
    try:
        matches = zipcodes.matching(digits)
    except ValueError:
        return None
    zone = str(matches[0].get("timezone") or "") if matches else ""
    return zone if zone and is_known_zone(zone) else None

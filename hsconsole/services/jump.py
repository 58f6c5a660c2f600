"""Jumping through the calendar by typing a day or a time, and the moves its keys make.

What a setter types while the calendar has the focus is read as a day, a time, or a day and a time:

* a day: ``today``, ``tomorrow``, a weekday (``thu``, ``thursday``: the next one shown, today
  included), a date (``12/10``, ``12/10/2026``) or a day of the month (``10th``). Any start of a
  day's word names it (``th``, ``tom``); when it starts several (``t``), the earliest of their days.
* a time: ``3pm``, ``3p``, ``3 pm``, ``3:30``, ``330``, ``15:00``, ``noon``. An hour without AM or
  PM may be either (``3``: 3 AM or 3 PM, whichever a block is at).
* both: ``thu 3``, ``thu3``, ``tomorrow 10am``, ``12/10 3:30`` (a date needs the space).

Days and times are the **lead's**: the calendar's days are the lead's days, and a typed time is
matched against the lead's times, the ones the setter and the homeowner talk about.

The jump lands on the first matching *open* block (a full one is never chosen): the block that
starts at the time, else the one on at that time, else the next one to start after it that day.
Without a day, the earliest day with such a block; without a time, the day's first open block.

Days, rows and positions here are the calendar's (:class:`~hsconsole.services.calendar.DayGroup`):
a position is ``(day index, row index)``, with row ``-1`` for the day's own header row. Nothing
here imports more than the standard library: the calendar view uses it on its first key press.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from hsconsole.domain.words import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from hsconsole.services.calendar import DayGroup, SlotRow

Position = tuple[int, int]
"""(day index, row index); row -1 is the day's header."""

Move = Literal["up", "down", "page_up", "page_down", "home", "end"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ALIASES = {"weds": 2, "thur": 3, "thurs": 3, "tues": 1}
"""Spellings of a weekday that are not a start of its name ("thur" is, but is listed for clarity)."""
_TOMORROWS = ("tomorrow", "tmrw", "tmr")
SPANISH_WEEKDAYS = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
"""A Spanish desk's day words (accents typed or not: "mié", "sáb", "mañana"), read where no English word starts
with what was typed: "ma" is martes (or mañana), "m" stays Monday."""
_SPANISH_TODAY, _SPANISH_TOMORROW = "hoy", "manana"

_TIME = r"(?:(?P<noon>noon)|(?P<hour>\d{1,2})(?::?(?P<minute>\d{2}))?\s*(?:(?P<half>[ap])\.?(?:m\.?)?)?)"
_WORD_DAY = re.compile(rf"^(?P<word>[a-z]+?)\s*{_TIME}?$")
_ORDINAL_DAY = re.compile(rf"^(?P<dom>\d{{1,2}})(?:st|nd|rd|th)\s*{_TIME}?$")
_DATE_DAY = re.compile(rf"^(?P<month>\d{{1,2}})/(?P<dom>\d{{1,2}})(?:/(?P<year>\d{{2}}|\d{{4}}))?(?:\s+{_TIME})?$")
_TIME_ONLY = re.compile(rf"^{_TIME}$")

EXAMPLES = QT_TRANSLATE_NOOP("Jump", "a day (thu, 12/10, 10th, tomorrow) or a time (3pm, 3:30, 15:00), or both (thu 3)")
"""What the jump reads, in a setter's words."""


@dataclass(frozen=True)
class JumpQuery:
    """What was typed, read: a day, the readings of a time (3 AM and 3 PM for "3"), or both."""

    day: date | None
    times: tuple[time, ...] = ()

    @property
    def words(self) -> str:
        """ "Thu, Dec 10 at 3 AM or 3 PM" (no time: the day; no day: the time)."""
        from hsconsole.domain.slots import SETTER_CLOCK  # loaded by then: the calendar's rows use it

        parts = [SETTER_CLOCK.day_label(self.day)] if self.day else []
        if self.times:
            parts.append(" or ".join(_time_words(t) for t in self.times))
        return " at ".join(parts)


def _time_words(value: time) -> str:
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    if value == time(12):
        return "noon"
    return f"{hour}{minutes} {'AM' if value.hour < 12 else 'PM'}"


def parse_jump(text: str, today: date, shown: Sequence[date] = ()) -> JumpQuery | None:
    """Read ``text`` as a day, a time, or both (see the module notes); None when it is neither.

    ``today`` is the lead's date now; ``shown`` the calendar's days (a weekday is the next one shown
    from today, a date without a year the one shown, else the next one to come).
    """
    typed = " ".join(_unaccented(text.lower()).split())
    if not typed:
        return None
    if match := _TIME_ONLY.match(typed):
        times = _times(match)
        return JumpQuery(None, times) if times else None
    match = _DATE_DAY.match(typed) or _ORDINAL_DAY.match(typed) or _WORD_DAY.match(typed)
    if match is None:
        return None
    if match.re is _DATE_DAY:
        day = _date_of(int(match["month"]), int(match["dom"]), match["year"], today, shown)
    elif match.re is _ORDINAL_DAY:
        day = _day_of_month(int(match["dom"]), today)
    else:
        day = _day_of_word(match["word"], today, shown)
    if day is None:
        return None
    if match["noon"] is None and match["hour"] is None:
        return JumpQuery(day)
    times = _times(match)
    return JumpQuery(day, times) if times else None


def _times(match: re.Match[str]) -> tuple[time, ...]:
    """The readings of the matched time: one, two (an hour without AM or PM), or none when it is no time."""
    if match["noon"]:
        return (time(12),)
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if minute > 59:
        return ()
    if half:
        if not 1 <= hour <= 12:
            return ()
        return (time(hour % 12 + (12 if half == "p" else 0), minute),)
    if hour == 0 or 13 <= hour <= 23:
        return (time(hour, minute),)
    if 1 <= hour <= 12:
        return (time(hour % 12, minute), time(hour % 12 + 12, minute))
    return ()


def _day_of_word(word: str, today: date, shown: Sequence[date]) -> date | None:
    """The earliest day whose word starts with ``word``: today, tomorrow, or a weekday shown next; in English,
    else in Spanish (:data:`SPANISH_WEEKDAYS`)."""
    english = _days_named(word, today, shown, ("today",), _TOMORROWS, WEEKDAYS, _ALIASES)
    spanish = (
        () if english else _days_named(word, today, shown, (_SPANISH_TODAY,), (_SPANISH_TOMORROW,), SPANISH_WEEKDAYS)
    )
    return min((*english, *spanish), default=None)


def _days_named(
    word: str,
    today: date,
    shown: Sequence[date],
    todays: Sequence[str],
    tomorrows: Sequence[str],
    weekdays: Sequence[str],
    aliases: dict[str, int] | None = None,
) -> tuple[date, ...]:
    days: list[date] = []
    if any(name.startswith(word) for name in todays):
        days.append(today)
    if any(name.startswith(word) for name in tomorrows):
        days.append(today + timedelta(days=1))
    for weekday, name in enumerate(weekdays):
        if name.startswith(word) or (aliases or {}).get(word) == weekday:
            days.append(_next_weekday(weekday, today, shown))
    return tuple(days)


def _unaccented(text: str) -> str:
    """``text`` without its accents ("mié" → "mie"), as the day words are kept."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _next_weekday(weekday: int, today: date, shown: Sequence[date]) -> date:
    """The first day shown from today on that falls on ``weekday``; else the next such day to come."""
    for day in sorted(shown):
        if day >= today and day.weekday() == weekday:
            return day
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _date_of(month: int, dom: int, year: str | None, today: date, shown: Sequence[date]) -> date | None:
    if year is not None:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _valid(full, month, dom)
    for day in shown:
        if (day.month, day.day) == (month, dom):
            return day
    this_year = _valid(today.year, month, dom)
    if this_year is not None and this_year >= today:
        return this_year
    return _valid(today.year + 1, month, dom) or this_year


def _day_of_month(dom: int, today: date) -> date | None:
    """The next ``dom``-th of a month from today on (today included)."""
    if not 1 <= dom <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(13):
        day = _valid(year, month, dom)
        if day is not None and day >= today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _valid(year: int, month: int, dom: int) -> date | None:
    if 1 <= year <= 9999 and 1 <= month <= 12 and 1 <= dom <= calendar.monthrange(year, month)[1]:
        return date(year, month, dom)
    return None


# ------------------------------------------------------------------ finding the block


def _wall(moment: datetime) -> datetime:
    """The lead's wall-clock time of a row's start or end (a row's times are in the lead's zone)."""
    return moment.replace(tzinfo=None)


def is_open(row: SlotRow) -> bool:
    """A block a jump may land on: one with room (the lead's own block when full is not one)."""
    return row.available > 0


def find_jump(query: JumpQuery, days: Sequence[DayGroup]) -> Position | None:
    """The open block ``query`` names in ``days`` (see the module notes), or None."""
    if query.day is not None and not query.times:
        for d, day in enumerate(days):
            if day.day == query.day:
                return next(((d, r) for r, row in enumerate(day.rows) if is_open(row)), None)
        return None
    if not query.times:
        return None
    best: tuple[tuple[int, int, timedelta, datetime], Position] | None = None
    for d, day in enumerate(days):
        for r, row in enumerate(day.rows):
            if not is_open(row):
                continue
            rank = _rank(query, day.day, row)
            if rank is not None and (best is None or (rank, (d, r)) < best):
                best = (rank, (d, r))
    return best[1] if best else None


def _rank(query: JumpQuery, row_day: date, row: SlotRow) -> tuple[int, int, timedelta, datetime] | None:
    """How well ``row`` answers ``query``, lower is better: (how, day order, distance, start), or None.

    How: 0 starts at the time, 1 is on at the time, 2 starts after it the same day. With a day typed,
    how matters first, then the distance; without one, how, then the earliest day.
    """
    start, end = _wall(row.start), _wall(row.end)
    found: tuple[int, int, timedelta, datetime] | None = None
    days = (query.day,) if query.day is not None else (row_day, row_day + timedelta(days=1))
    for day in days:
        for reading in query.times:
            moment = datetime.combine(day, reading)
            if start == moment:
                how = 0
            elif start < moment < end:
                how = 1
            elif start > moment and row_day == day:
                how = 2
            else:
                continue
            order = 0 if query.day is not None else day.toordinal()
            rank = (how, order, abs(start - moment), start)
            if found is None or rank < found:
                found = rank
    return found


# ------------------------------------------------------------------ moving with the keys


def lead_today(days: Sequence[DayGroup], now: datetime) -> date:
    """Today in the lead's zone (the zone of the calendar's blocks), ``now`` being any aware moment."""
    for day in days:
        for row in day.rows:
            return now.astimezone(row.start.tzinfo).date()
    return now.date()


def move(days: Sequence[DayGroup], current: Position | None, action: Move) -> Position | None:
    """Where a key takes the selection from ``current``: None when nowhere (it stays).

    Up and Down go to the previous or next block that can be chosen (open, or the lead's own), over
    day headers and full blocks; Page Up and Page Down to the first open block of the previous or
    next day that has one; Home and End to the first and last open block.
    """
    if action in ("home", "end"):
        stops = [(d, r) for d, day in enumerate(days) for r, row in enumerate(day.rows) if is_open(row)]
        return (stops[0] if action == "home" else stops[-1]) if stops else None
    here = current if current is not None else (-1, 0)
    if action in ("up", "down"):
        choosable = [(d, r) for d, day in enumerate(days) for r, row in enumerate(day.rows) if row.bookable]
        if action == "down":
            return next((p for p in choosable if p > here), None)
        return next((p for p in reversed(choosable) if p < here), None) if current is not None else None
    firsts = [
        (d, next(r for r, row in enumerate(day.rows) if is_open(row)))
        for d, day in enumerate(days)
        if any(is_open(row) for row in day.rows)
    ]
    if action == "page_down":
        return next((p for p in firsts if p[0] > here[0]), None)
    return next((p for p in reversed(firsts) if p[0] < here[0]), None) if current is not None else None


# ------------------------------------------------------------------ what the hint says


def jump_hint(typed: str, query: JumpQuery | None, landed: SlotRow | None) -> str:
    """The line under the calendar while a jump is typed: what was typed, and where it went or why not."""
    shown = translate("Jump", "Jump to: {typed}").format(typed=typed.strip())
    if query is None:
        return translate("Jump", "{jump} — type {examples}").format(jump=shown, examples=translate("Jump", EXAMPLES))
    if landed is None:
        return translate("Jump", "{jump} — no open block matches {words} (lead's time)").format(
            jump=shown, words=query.words
        )
    from hsconsole.domain.slots import SETTER_CLOCK

    return translate("Jump", "{jump} → {day}, {time} (lead's time)").format(
        jump=shown, day=SETTER_CLOCK.day_label(landed.slot.appointment_date), time=landed.lead_text
    )

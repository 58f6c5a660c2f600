"""Reading a typed jump ("thu 3", "12/10", "tomorrow") and finding its block; the keys' moves. No widgets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hsconsole.api.heavyset.models import TimeSlots
from hsconsole.services.calendar import DayGroup, build_calendar
from hsconsole.services.jump import JumpQuery, find_jump, jump_hint, lead_today, move, parse_jump

WED = date(2026, 12, 2)
"""Today in these tests: a Wednesday."""
SHOWN = [WED + timedelta(days=n) for n in range(21) if (WED + timedelta(days=n)).weekday() < 5]
AM_PM = (time(3), time(15))


@pytest.mark.parametrize(
    ("typed", "day", "times"),
    [
        ("today", WED, ()),
        ("tod", WED, ()),
        ("tomorrow", date(2026, 12, 3), ()),
        ("tom", date(2026, 12, 3), ()),
        ("tmrw", date(2026, 12, 3), ()),
        ("t", WED, ()),  # today, tomorrow, Tuesday and Thursday start with t: the earliest
        ("th", date(2026, 12, 3), ()),
        ("thu", date(2026, 12, 3), ()),
        ("Thursday", date(2026, 12, 3), ()),
        ("wed", WED, ()),  # today is a Wednesday: the next one shown is today
        ("weds", WED, ()),
        ("mon", date(2026, 12, 7), ()),
        ("tu", date(2026, 12, 8), ()),
        ("12/10", date(2026, 12, 10), ()),
        ("12/10/2026", date(2026, 12, 10), ()),
        ("12/10/26", date(2026, 12, 10), ()),
        ("10th", date(2026, 12, 10), ()),
        ("1st", date(2027, 1, 1), ()),  # the next 1st to come
        ("3pm", None, (time(15),)),
        ("3 PM", None, (time(15),)),
        ("3p", None, (time(15),)),
        ("3 p.m.", None, (time(15),)),
        ("3", None, AM_PM),
        ("3:30", None, (time(3, 30), time(15, 30))),
        ("330", None, (time(3, 30), time(15, 30))),
        ("15:00", None, (time(15),)),
        ("1500", None, (time(15),)),
        ("0:30", None, (time(0, 30),)),
        ("12", None, (time(0), time(12))),
        ("12am", None, (time(0),)),
        ("noon", None, (time(12),)),
        ("thu 3", date(2026, 12, 3), AM_PM),
        ("thu3", date(2026, 12, 3), AM_PM),
        ("thu 3pm", date(2026, 12, 3), (time(15),)),
        ("th3p", date(2026, 12, 3), (time(15),)),
        ("  tomorrow   10am ", date(2026, 12, 3), (time(10),)),
        ("12/10 3:30", date(2026, 12, 10), (time(3, 30), time(15, 30))),
        ("10th3", date(2026, 12, 10), AM_PM),
        ("fri noon", date(2026, 12, 4), (time(12),)),
    ],
)
def test_what_is_typed_is_read_as_a_day_a_time_or_both(typed: str, day: date | None, times: tuple[time, ...]) -> None:
    assert parse_jump(typed, WED, SHOWN) == JumpQuery(day, times)


@pytest.mark.parametrize(
    "typed",
    ["", " ", "12/", "12/1x", "17t", "x", "pm", "13:00pm", "0am", "24", "3:75", "13/40", "2/30", "0th", "32nd",
     "thu 25", "thux", "12/103", "next thu", "?"],
)  # fmt: skip
def test_what_is_neither_is_not_read(typed: str) -> None:
    assert parse_jump(typed, WED, SHOWN) is None


def test_a_weekday_is_the_next_one_shown() -> None:
    later = [d for d in SHOWN if d > WED]  # today's blocks are over: none shown
    assert parse_jump("wed", WED, later) == JumpQuery(date(2026, 12, 9))
    assert parse_jump("sat", WED, SHOWN) == JumpQuery(date(2026, 12, 5))  # none shown: the next to come
    assert parse_jump("wed", WED, []) == JumpQuery(WED)


def test_dates_without_a_year_are_the_ones_to_come_or_shown() -> None:
    new_year = date(2026, 12, 28)
    assert parse_jump("1/4", new_year) == JumpQuery(date(2027, 1, 4))
    assert parse_jump("4th", new_year) == JumpQuery(date(2027, 1, 4))
    assert parse_jump("12/28", new_year) == JumpQuery(new_year)
    assert parse_jump("12/27", new_year, [date(2026, 12, 27)]) == JumpQuery(date(2026, 12, 27))  # shown: that one
    assert parse_jump("31st", date(2026, 11, 5)) == JumpQuery(date(2026, 12, 31))  # November has no 31st
    assert parse_jump("29th", date(2027, 2, 1)) == JumpQuery(date(2027, 3, 29))
    assert parse_jump("2/29", date(2027, 3, 1)) == JumpQuery(date(2028, 2, 29))
    assert parse_jump("2/30", date(2027, 3, 1)) is None
    assert parse_jump("2/29/27", date(2027, 3, 1)) is None
    assert parse_jump("1/1/0000", date(2027, 3, 1)) is None
    assert parse_jump("2/29/28", date(2027, 3, 1)) == JumpQuery(date(2028, 2, 29))


# ------------------------------------------------------------------ finding the block


def _slot(day: date, start: str, end: str, available: int, block: str) -> dict[str, Any]:
    return {
        "appointmentDate": day.isoformat(),
        "startTime": start,
        "endTime": end,
        "availableSlots": available,
        "blockId": block,
    }


def _calendar(zone: str, *slots: dict[str, Any], setter: str = "America/New_York") -> list[DayGroup]:
    return build_calendar(TimeSlots.model_validate({"timeZone": zone, "slots": list(slots)}), setter)


def _landed(typed: str, days: list[DayGroup], today: date = WED) -> str | None:
    query = parse_jump(typed, today, [d.day for d in days])
    assert query is not None, typed
    found = find_jump(query, days)
    return days[found[0]].rows[found[1]].block_id if found else None


THU, FRI = date(2026, 12, 3), date(2026, 12, 4)
DAYS = _calendar(
    "America/Denver",
    _slot(WED, "8:00 AM", "10:00 AM", 0, "wed8"),
    _slot(WED, "10:00 AM", "12:00 PM", 2, "wed10"),
    _slot(WED, "3:00 PM", "5:00 PM", 0, "wed3"),
    _slot(WED, "5:30 PM", "7:30 PM", 1, "wed530"),
    _slot(THU, "8:00 AM", "10:00 AM", 1, "thu8"),
    _slot(THU, "12:30 PM", "2:30 PM", 1, "thu1230"),
    _slot(THU, "3:00 PM", "5:00 PM", 3, "thu3"),
    _slot(FRI, "8:00 AM", "10:00 AM", 0, "fri8"),
)


@pytest.mark.parametrize(
    ("typed", "block"),
    [
        ("thu", "thu8"),  # a day: its first open block
        ("wed", "wed10"),  # the 8 AM block is full
        ("thu 3", "thu3"),  # 3 PM starts a block; 3 AM none
        ("thu 3pm", "thu3"),
        ("thu 4", "thu3"),  # on at 4 PM
        ("thu 1", "thu1230"),  # on at 1 PM
        ("thu 12", "thu1230"),  # none at noon: the next to start
        ("thu 9", "thu8"),  # on at 9 AM
        ("thu 8p", None),  # nothing on or after 8 PM that day
        ("wed 3", "wed530"),  # 3 PM is full: the next open one that day
        ("3", "thu3"),  # no day: the first day with an open block at 3 PM, not Wednesday's 5:30
        ("8am", "thu8"),
        ("5:30pm", "wed530"),
        ("12/3 12:30", "thu1230"),
        ("fri", None),  # all full
        ("sat", None),  # none that day
        ("11pm", None),
    ],
)
def test_a_jump_lands_on_the_first_open_block_it_names(typed: str, block: str | None) -> None:
    assert _landed(typed, DAYS) == block


def test_typed_times_are_the_leads_not_the_setters() -> None:
    days = _calendar(
        "Pacific/Honolulu",
        _slot(THU, "8:00 AM", "10:00 AM", 1, "early"),  # 1 PM for a setter in New York
        _slot(THU, "5:30 PM", "7:30 PM", 1, "late"),  # 10:30 PM in New York
    )
    assert _landed("thu 5:30pm", days) == "late"
    assert _landed("thu 1pm", days) == "late"  # the lead's 1 PM: the next to start; not the setter's 1 PM
    assert _landed("thu 10:30pm", days) is None  # the setter's 10:30 PM is the lead's 5:30
    assert _landed("thu 8", days) == "early"
    assert days[0].rows[1].setter_text == "10:30 PM – 12:30 AM +1 EST"


def test_blocks_after_midnight_are_found_at_the_moment_typed() -> None:
    days = _calendar(
        "America/Denver",
        _slot(WED, "11:00 PM", "1:00 AM", 1, "wed-late"),  # on until 1 AM Thursday
        _slot(THU, "12:30 AM", "2:30 AM", 1, "thu-night"),  # Thursday's, starting 30 min after midnight
        _slot(THU, "3:00 PM", "5:00 PM", 1, "thu3"),
    )
    assert _landed("wed 11pm", days) == "wed-late"
    assert _landed("thu 12:15am", days) == "wed-late"  # on at that moment
    assert _landed("thu 12:30am", days) == "thu-night"  # starts at it: better than on at it
    assert _landed("12:30am", days) == "thu-night"
    assert _landed("12:15am", days) == "wed-late"  # Thursday 12:15 AM, inside Wednesday's late block
    assert _landed("thu", days) == "thu-night"


def test_dst_days_are_matched_by_the_wall_clock_shown() -> None:
    spring, fall = date(2027, 3, 14), date(2026, 11, 1)
    days = _calendar(
        "America/New_York",
        _slot(fall, "1:30 AM", "3:00 AM", 1, "twice"),  # 1:30 AM happens twice: the first, EDT
        _slot(spring, "2:30 AM", "4:30 AM", 1, "gap"),  # 2:30 AM does not exist: 3:30 AM EDT
    )
    assert _landed("11/1 1:30am", days, fall) == "twice"
    assert _landed("sun 1:30am", days, fall) == "twice"
    assert days[1].rows[0].lead_text.startswith("3:30 AM")
    assert _landed("3/14 3:30am", days, fall) == "gap"  # as the row shows it
    assert _landed("3/14 2:30am", days, fall) == "gap"  # as written: the next block to start that day


def test_the_leads_today_is_counted_in_the_leads_zone() -> None:
    days = _calendar("Pacific/Honolulu", _slot(WED, "8:00 AM", "10:00 AM", 1, "b"))
    late_evening_in_honolulu = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # Thu 3 AM in New York
    assert lead_today(days, late_evening_in_honolulu) == WED
    assert lead_today([], late_evening_in_honolulu) == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("query", "landed", "expected"),
    [
        (None, None, "Jump to: 12/ — type a day (thu, 12/10, 10th, tomorrow) or a time"),
        (JumpQuery(THU, AM_PM), None, "Jump to: 12/ — no open block matches Thu, Dec 3 at 3 AM or 3 PM (lead's time)"),
    ],
)
def test_the_hint_says_what_was_typed_and_why_nothing_moved(
    query: JumpQuery | None, landed: None, expected: str
) -> None:
    assert jump_hint("12/", query, landed).startswith(expected)


def test_the_hint_says_where_it_went_in_the_leads_time() -> None:
    row = DAYS[1].rows[2]
    assert jump_hint("thu 3 ", JumpQuery(THU, AM_PM), row) == (
        "Jump to: thu 3 → Thu, Dec 3, 3:00 PM – 5:00 PM MST (lead's time)"
    )


# ------------------------------------------------------------------ the keys' moves


def test_arrows_go_over_day_headers_and_full_blocks() -> None:
    assert move(DAYS, None, "down") == (0, 1)
    assert move(DAYS, (0, 1), "down") == (0, 3)  # over the full 3 PM
    assert move(DAYS, (0, 3), "down") == (1, 0)  # over Thursday's header
    assert move(DAYS, (1, 0), "up") == (0, 3)
    assert move(DAYS, (0, 1), "up") is None  # nothing before: it stays
    assert move(DAYS, (1, 2), "down") is None  # Friday is all full
    assert move(DAYS, (1, -1), "down") == (1, 0)  # from a header
    assert move(DAYS, (1, -1), "up") == (0, 3)


def test_pages_go_a_day_and_home_end_to_the_ends() -> None:
    assert move(DAYS, (0, 3), "page_down") == (1, 0)
    assert move(DAYS, (1, 2), "page_down") is None  # no later day with an open block
    assert move(DAYS, (1, 2), "page_up") == (0, 1)  # the first open block of the day before
    assert move(DAYS, (0, 3), "page_up") is None
    assert move(DAYS, (1, 1), "home") == (0, 1)
    assert move(DAYS, (0, 1), "end") == (1, 2)
    assert move([], None, "end") is None


def test_the_leads_own_full_block_is_an_arrow_stop_but_no_jump_target() -> None:
    slots = TimeSlots.model_validate(
        {
            "timeZone": "America/Denver",
            "slots": [_slot(WED, "8:00 AM", "10:00 AM", 1, "a"), _slot(WED, "10:00 AM", "12:00 PM", 0, "own")],
        }
    )
    days = build_calendar(slots, "America/Denver", current_block_id="own")
    assert move(days, (0, 0), "down") == (0, 1)
    assert move(days, (0, 0), "end") == (0, 0)
    ten, nine = parse_jump("10am", WED), parse_jump("9am", WED)
    assert ten is not None and find_jump(ten, days) is None  # the lead's own block at 10 is full
    assert nine is not None and find_jump(nine, days) == (0, 0)


# ------------------------------------------------------------------ properties

_ZONES = st.sampled_from(["America/New_York", "America/Denver", "America/Phoenix", "Pacific/Honolulu"])
_STARTS = st.sampled_from(["12:30 AM", "6:00 AM", "8:00 AM", "10:00 AM", "12:30 PM", "3:00 PM", "5:30 PM", "11:00 PM"])


@st.composite
def calendars(draw: st.DrawFn) -> list[DayGroup]:
    first = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 1)))
    slots = [
        _slot(first + timedelta(days=draw(st.integers(0, 20))), start, "1:00 AM", draw(st.integers(0, 3)), f"b{n}")
        for n, start in enumerate(draw(st.lists(_STARTS, min_size=1, max_size=25)))
    ]
    return _calendar(draw(_ZONES), *slots)


@given(calendars(), st.text(max_size=12))
def test_a_jump_never_fails_and_never_lands_on_a_full_block(days: list[DayGroup], typed: str) -> None:
    today = days[0].day
    query = parse_jump(typed, today, [d.day for d in days])
    found = find_jump(query, days) if query is not None else None
    if found is not None:
        assert days[found[0]].rows[found[1]].available > 0


@given(calendars(), st.data())
def test_every_open_block_is_reached_by_its_date_and_start(days: list[DayGroup], data: st.DataObject) -> None:
    """Typing an open block's date and start time (as the lead's column shows them) lands on a block starting
    then, on that day: that one, or one listed with it at the same time."""
    open_rows = [row for day in days for row in day.rows if row.available > 0]
    if not open_rows:
        return
    row = data.draw(st.sampled_from(open_rows))
    start = row.start
    ampm = f"{start.hour % 12 or 12}:{start.minute:02d}{'am' if start.hour < 12 else 'pm'}"
    typed = f"{start.month}/{start.day} {ampm}"
    query = parse_jump(typed, days[0].day, [d.day for d in days])
    assert query is not None
    found = find_jump(query, days)
    assert found is not None
    landed = days[found[0]].rows[found[1]]
    assert landed.start == start and landed.available > 0

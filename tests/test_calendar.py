"""Calendar rows: grouping, ordering, both zones, capacity, current block, DST marks."""

from __future__ import annotations

from typing import Any

import pytest

from hsconsole.api.heavyset.models import TimeSlots
from hsconsole.services.calendar import build_calendar


def _slot(day: str, start: str, end: str, available: int, block: str, zone: str | None = None) -> dict[str, Any]:
    slot: dict[str, Any] = {
        "appointmentDate": day,
        "startTime": start,
        "endTime": end,
        "availableSlots": available,
        "blockId": block,
    }
    if zone:
        slot["timeZone"] = zone
    return slot


def test_rows_are_grouped_sorted_and_marked() -> None:
    slots = TimeSlots.model_validate(
        {
            "timeZone": "America/Denver",
            "slots": [
                _slot("2026-12-02", "1:00 PM", "3:00 PM", 2, "b3"),
                _slot("2026-12-01", "3:00 PM", "5:00 PM", 0, "b2"),
                _slot("2026-12-01", "8:00 AM", "10:00 AM", 0, "b1"),
            ],
        }
    )
    days = build_calendar(slots, "America/New_York", current_block_id="b1")
    assert [d.label for d in days] == ["Tue, Dec 1", "Wed, Dec 2"]
    first, second = days[0].rows
    assert (first.block_id, second.block_id) == ("b1", "b2")
    assert first.lead_text == "8:00 AM – 10:00 AM MST"
    assert first.setter_text == "10:00 AM – 12:00 PM EST"
    assert first.current and first.bookable  # the lead's own block stays choosable even when full
    assert not second.bookable
    assert days[0].open_count == 0 and days[1].open_count == 1
    assert "current block" in first.summary and "full" in second.summary


def test_setter_weekday_shown_when_it_differs() -> None:
    slots = TimeSlots.model_validate(
        {"timeZone": "Pacific/Honolulu", "slots": [_slot("2026-12-01", "5:30 PM", "7:30 PM", 1, "h1")]}
    )
    row = build_calendar(slots, "Europe/London")[0].rows[0]
    assert row.lead_text == "5:30 PM – 7:30 PM HST"
    assert row.setter_text == "Wed 3:30 AM – 5:30 AM GMT"  # the setter's day leads: it is Wednesday there
    same_day = build_calendar(slots, "America/New_York")[0].rows[0]
    assert same_day.setter_text == "10:30 PM – 12:30 AM +1 EST"  # ends the day after the row's Tuesday
    assert "after midnight" not in same_day.summary  # the lead's own block ends on its day


@pytest.mark.parametrize(
    ("zone", "start", "end", "setter", "lead_text", "setter_text"),
    [
        # the lead's block ends after midnight: +1 in the lead's column, and the setter's
        ("America/Denver", "10:30 PM", "12:30 AM", "America/Denver", "10:30 PM – 12:30 AM +1 MST", None),
        ("America/Denver", "10:30 PM", "12:30 AM", "America/Los_Angeles", None, "9:30 PM – 11:30 PM PST"),
        ("America/Denver", "10:30 PM", "12:30 AM", "America/New_York", None, "Wed 12:30 AM – 2:30 AM EST"),
        ("America/Denver", "9:30 PM", "11:30 PM", "America/New_York", None, "11:30 PM – 1:30 AM +1 EST"),
        # the setter west of the lead: a block just after the lead's midnight is the evening before for them
        ("America/New_York", "12:30 AM", "2:30 AM", "Pacific/Honolulu", "12:30 AM – 2:30 AM EST", None),
        ("America/New_York", "12:30 AM", "2:30 AM", "Pacific/Honolulu", None, "Mon 7:30 PM – 9:30 PM HST"),
        ("America/New_York", "4:30 AM", "6:30 AM", "Pacific/Honolulu", None, "Mon 11:30 PM – Tue 1:30 AM HST"),
        ("Pacific/Honolulu", "9:00 PM", "11:30 PM", "Europe/London", None, "Wed 7:00 AM – 9:30 AM GMT"),
    ],
)
def test_times_on_another_day_say_which(
    zone: str, start: str, end: str, setter: str, lead_text: str | None, setter_text: str | None
) -> None:
    slots = TimeSlots.model_validate({"timeZone": zone, "slots": [_slot("2026-12-01", start, end, 1, "b")]})
    (day,) = build_calendar(slots, setter)
    assert day.label == "Tue, Dec 1"
    row = day.rows[0]
    if lead_text is not None:
        assert row.lead_text == lead_text
    if setter_text is not None:
        assert row.setter_text == setter_text
    assert ("after midnight" in row.summary) == ("+1" in row.lead_text)


def test_a_block_over_the_fall_back_night_says_both_abbreviations_and_the_next_day() -> None:
    slots = TimeSlots.model_validate(
        {"timeZone": "America/New_York", "slots": [_slot("2026-10-31", "11:00 PM", "1:30 AM", 1, "late")]}
    )
    row = build_calendar(slots, "America/New_York")[0].rows[0]
    assert row.lead_text == "11:00 PM – 1:30 AM +1 EDT"  # 1:30 AM happens twice: the first, still EDT
    assert row.dst_notes and "happens twice" in row.dst_notes[0]
    slots = TimeSlots.model_validate(
        {"timeZone": "America/New_York", "slots": [_slot("2026-11-01", "12:30 AM", "3:00 AM", 1, "over")]}
    )
    row = build_calendar(slots, "America/Chicago")[0].rows[0]
    assert row.lead_text == "12:30 AM EDT – 3:00 AM EST"
    assert row.setter_text == "Sat 11:30 PM CDT – Sun 2:00 AM CST"


def test_dst_gap_and_overlap_are_noted() -> None:
    slots = TimeSlots.model_validate(
        {
            "timeZone": "America/New_York",
            "slots": [
                _slot("2027-03-14", "2:30 AM", "4:30 AM", 1, "gap"),
                _slot("2026-11-01", "1:30 AM", "3:00 AM", 1, "overlap"),
                _slot("2026-11-02", "9:00 AM", "11:00 AM", 1, "plain", zone="America/Phoenix"),
            ],
        }
    )
    rows = {r.block_id: r for d in build_calendar(slots, "America/Chicago") for r in d.rows}
    assert "does not exist" in rows["gap"].dst_notes[0]
    assert rows["gap"].start.tzname() == "EDT"
    assert "happens twice" in rows["overlap"].dst_notes[0]
    assert rows["plain"].dst_notes == ()
    assert rows["plain"].lead_text == "9:00 AM – 11:00 AM MST"


def test_the_sliced_build_gives_the_same_calendar(arun: Any) -> None:
    from datetime import date, timedelta

    from hsconsole.services.calendar import BUILD_SLICE, build_calendar_async

    start = date(2026, 12, 1)
    times = ("8:00 AM", "10:00 AM", "12:30 PM", "3:00 PM", "5:30 PM")
    slots = TimeSlots.model_validate(
        {
            "timeZone": "America/Denver",
            "slots": [
                _slot((start + timedelta(days=n // 5)).isoformat(), times[n % 5], "7:30 PM", n % 3, f"b{n:04d}")
                for n in range(BUILD_SLICE * 2 + 55)
            ][::-1],
        }
    )
    expected = build_calendar(slots, "America/New_York", current_block_id="b0100")
    assert arun(build_calendar_async(slots, "America/New_York", current_block_id="b0100")) == expected

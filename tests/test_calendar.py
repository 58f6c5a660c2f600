"""Calendar rows: grouping, ordering, both zones, capacity, current block, DST marks."""

from __future__ import annotations

from typing import Any

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
    assert row.setter_text.endswith("(Wed)")
    same_day = build_calendar(slots, "America/New_York")[0].rows[0]
    assert same_day.setter_text == "10:30 PM – 12:30 AM EST"


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

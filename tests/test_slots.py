"""Slot time-zone math: wall times, DST gaps and overlaps, formatting."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hsconsole.domain.slots import (
    DstIssue,
    SlotTimeError,
    format_ampm,
    format_in_zone,
    format_range_in_zone,
    parse_ampm,
    resolve_wall_time,
    slot_window,
)

NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00 AM", time(10)),
        ("09:30 pm", time(21, 30)),
        ("12:00 AM", time(0)),
        ("12:15 PM", time(12, 15)),
        ("3:00 p.m.", time(15)),
        ("3:00pm", time(15)),
    ],
)
def test_parse_ampm(text: str, expected: time) -> None:
    assert parse_ampm(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("10:00", time(10)), ("15:30", time(15, 30)), ("0:00:00", time(0))])
def test_parse_ampm_reads_the_24_hour_clock(text: str, expected: time) -> None:
    assert parse_ampm(text) == expected


@pytest.mark.parametrize(
    "text", ["", "24:00", "13:00 PM", "0:30 AM", "10:60 AM", "ten AM", "10:00 XM", "9:75", "10:00:30"]
)
def test_parse_ampm_rejects(text: str) -> None:
    with pytest.raises(SlotTimeError):
        parse_ampm(text)


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_ampm_round_trip(value: time) -> None:
    assert parse_ampm(format_ampm(value)) == value


def test_spring_forward_gap_is_marked_and_moved_forward() -> None:
    moment = resolve_wall_time(date(2026, 3, 8), time(2, 30), NY)
    assert moment.issue is DstIssue.GAP
    assert moment.instant.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert moment.instant.tzname() == "EDT"
    assert moment.note is not None and "does not exist" in moment.note and "3:30 AM EDT" in moment.note


def test_fall_back_overlap_takes_first_occurrence() -> None:
    moment = resolve_wall_time(date(2026, 11, 1), time(1, 30), NY)
    assert moment.issue is DstIssue.OVERLAP
    assert moment.instant.tzname() == "EDT"
    assert moment.instant.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert moment.note is not None and "happens twice" in moment.note


def test_phoenix_and_honolulu_have_no_dst() -> None:
    for zone in ("America/Phoenix", "Pacific/Honolulu"):
        for day in (date(2026, 3, 8), date(2026, 11, 1)):
            assert resolve_wall_time(day, time(2, 30), ZoneInfo(zone)).issue is None


def test_window_and_formatting_across_zones() -> None:
    window = slot_window(date(2026, 1, 14), "10:00 AM", "11:30 AM", "America/Denver")
    assert window.duration == timedelta(minutes=90)
    assert format_in_zone(window.start.instant, NY) == "12:00 PM EST"
    assert format_range_in_zone(window.start.instant, window.end.instant, ZoneInfo("America/Denver")) == (
        "10:00 AM – 11:30 AM MST"
    )
    assert not window.has_dst_issue


def test_window_end_past_midnight_is_next_day() -> None:
    window = slot_window(date(2026, 1, 14), "11:00 PM", "1:00 AM", "America/Chicago")
    assert window.duration == timedelta(hours=2)


def test_unknown_zone() -> None:
    with pytest.raises(SlotTimeError):
        slot_window(date(2026, 1, 14), "10:00 AM", "11:00 AM", "Mars/Olympus")


_zones = st.sampled_from(
    [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "Pacific/Honolulu",
        "America/Anchorage",
        "Europe/London",
    ]
)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 31)), st.times(), _zones)
def test_resolution_is_deterministic_and_consistent(day: date, wall: time, zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    wall = wall.replace(second=0, microsecond=0)
    moment = resolve_wall_time(day, wall, zone)
    assert moment == resolve_wall_time(day, wall, zone)
    local = moment.instant.astimezone(zone).replace(tzinfo=None)
    naive = datetime.combine(day, wall)
    if moment.issue is DstIssue.GAP:
        assert local > naive and local - naive <= timedelta(hours=2)
    else:
        assert local == naive

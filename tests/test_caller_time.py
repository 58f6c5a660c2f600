"""The caller's local time beside the lead's name: "It is 8:12 PM in Honolulu", told again each minute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from hsconsole.services.formatting import caller_time, zone_city
from hsconsole.services.models import ExistingLead
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.ui.editor import LeadEditor
from tests.test_main_window import build_window, close, look_up

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        (datetime(2026, 12, 2, 6, 12, tzinfo=UTC), "Pacific/Honolulu", "It is 8:12 PM in Honolulu"),
        (datetime(2026, 7, 2, 6, 12, tzinfo=UTC), "Pacific/Honolulu", "It is 8:12 PM in Honolulu"),  # no DST
        (datetime(2026, 7, 2, 3, 12, tzinfo=UTC), "America/Phoenix", "It is 8:12 PM in Phoenix"),  # MST all year
        (datetime(2026, 12, 2, 3, 12, tzinfo=UTC), "America/Phoenix", "It is 8:12 PM in Phoenix"),
        (datetime(2026, 7, 2, 3, 12, tzinfo=UTC), "America/Denver", "It is 9:12 PM in Denver"),  # MDT in summer
        (datetime(2026, 12, 2, 3, 12, tzinfo=UTC), "America/Denver", "It is 8:12 PM in Denver"),
        # the spring-forward night in New York: 1:59 AM EST, then 3:00 AM EDT
        (datetime(2027, 3, 14, 6, 59, tzinfo=UTC), "America/New_York", "It is 1:59 AM in New York"),
        (datetime(2027, 3, 14, 7, 0, tzinfo=UTC), "America/New_York", "It is 3:00 AM in New York"),
        # the fall-back night: 1:30 AM twice
        (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "America/New_York", "It is 1:30 AM in New York"),
        (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "America/New_York", "It is 1:30 AM in New York"),
        (datetime(2026, 12, 2, 20, 12, tzinfo=UTC), "America/Indiana/Indianapolis", "It is 3:12 PM in Indianapolis"),
        (datetime(2026, 12, 2, 20, 12, tzinfo=UTC), "America/Los_Angeles", "It is 12:12 PM in Los Angeles"),
        # zones not named after a city: the abbreviation
        (datetime(2026, 12, 2, 20, 12, tzinfo=UTC), "US/Eastern", "It is 3:12 PM EST there"),
        (datetime(2026, 7, 2, 20, 12, tzinfo=UTC), "US/Eastern", "It is 4:12 PM EDT there"),
        (datetime(2026, 12, 2, 20, 12, tzinfo=UTC), "UTC", "It is 8:12 PM UTC there"),
        (datetime(2026, 12, 2, 20, 12, tzinfo=UTC), "Etc/GMT+10", "It is 10:12 AM UTC-10 there"),
    ],
)
def test_the_callers_time_in_words(now: datetime, zone: str, expected: str) -> None:
    assert caller_time(now, zone) == expected
    assert caller_time(now, zone, ZoneInfo(zone)) == expected  # the setter in the same zone: no weekday


def test_the_callers_weekday_is_said_when_it_is_not_the_setters() -> None:
    late = datetime(2026, 12, 3, 6, 12, tzinfo=UTC)  # Thu 1:12 AM in New York, Wed 8:12 PM in Honolulu
    assert caller_time(late, "Pacific/Honolulu", NEW_YORK) == "It is 8:12 PM (Wed) in Honolulu"
    assert caller_time(late, "America/Chicago", NEW_YORK) == "It is 12:12 AM in Chicago"
    assert caller_time(late, "Etc/GMT+10", NEW_YORK) == "It is 8:12 PM (Wed) UTC-10 there"


@pytest.mark.parametrize(
    ("zone", "city"),
    [
        ("America/New_York", "New York"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("Pacific/Honolulu", "Honolulu"),
        ("UTC", None),
        ("Etc/GMT+10", None),
        ("US/Hawaii", None),
        ("EST5EDT", None),
    ],
)
def test_a_zone_is_a_city_only_when_named_after_one(zone: str, city: str | None) -> None:
    assert zone_city(zone) == city


def _lead(**extra: str) -> ExistingLead:
    return ExistingLead.model_validate({"phone": "+18085550123", "name": "Kai Akana", **extra})


def test_the_editor_tells_the_callers_time_and_again_each_minute(qtbot: QtBot) -> None:
    editor = LeadEditor("America/New_York")
    qtbot.addWidget(editor)
    editor.show()
    now = datetime(2026, 12, 2, 23, 12, 59, 900_000, tzinfo=UTC)  # Wednesday afternoon in both zones
    editor.now = lambda: now
    editor.load(_lead(), lead_zone="Pacific/Honolulu")
    assert editor.caller_time.isVisible() and editor.caller_time.text() == "It is 1:12 PM in Honolulu"
    assert editor._minute.isActive() and editor._minute.remainingTime() <= 200  # the next minute, not 60 s on
    now += timedelta(seconds=1)
    qtbot.waitUntil(lambda: editor.caller_time.text() == "It is 1:13 PM in Honolulu", timeout=2000)
    assert 55_000 <= editor._minute.remainingTime() <= 59_150  # the turn of the minute after: 59.15 s from then
    editor.load(_lead(), lead_zone=None)  # no blocks, no zone field: nothing is guessed
    assert not editor.caller_time.isVisible() and not editor._minute.isActive()
    editor.load(_lead(timeZone="America/Phoenix"))  # the lead's own zone field when the blocks give none
    assert editor.caller_time.text() == "It is 4:13 PM in Phoenix"
    editor.lead_zone = "America/Denver"  # as the window sets it once the blocks are in
    assert editor.caller_time.text() == "It is 4:13 PM in Denver"


def test_the_window_shows_the_callers_time_beside_the_name(qtbot: QtBot) -> None:
    with SimServer() as sim:
        window = build_window(qtbot, sim)
        try:
            window.editor.now = lambda: datetime(2026, 12, 3, 6, 12, tzinfo=UTC)
            look_up(qtbot, window, DEMO_PHONES["honolulu"])
            assert window.editor.caller_time.isVisible()
            assert window.editor.caller_time.text() == "It is 8:12 PM (Wed) in Honolulu"  # the setter: New York
            title, clock = window.editor.title.geometry(), window.editor.caller_time.geometry()
            assert abs(title.center().y() - clock.center().y()) < title.height() and clock.left() >= title.right()
            look_up(qtbot, window, DEMO_PHONES["phoenix_booked"])
            assert window.editor.caller_time.text() == "It is 11:12 PM (Wed) in Phoenix"
        finally:
            close(qtbot, window)

"""Setters in Manila, Kolkata, Bogotá, São Paulo and on a UTC remote desktop, leads in every US zone, in a DST
change week too: no two zones read alike, the setter's day is said where it is not the lead's, and a block
booked lands at the instant its row shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hsconsole.api.heavyset.models import TimeSlots
from hsconsole.domain.slots import format_ampm
from hsconsole.domain.zones import US_ZONES
from hsconsole.services.calendar import build_calendar
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from tests.test_main_window import build_window, close, look_up, wait_idle

SETTERS = ("Asia/Manila", "Asia/Kolkata", "America/Bogota", "America/Sao_Paulo", "UTC")
LEADS = US_ZONES
WEEKS = (date(2026, 3, 6), date(2026, 10, 30), date(2026, 12, 9))
"""The US spring-forward week (Mar 8), the fall-back week (Nov 1), and a plain winter week."""
BLOCKS = (("8:00 AM", "10:00 AM"), ("3:00 PM", "5:00 PM"), ("8:30 PM", "10:30 PM"))

_TIMES = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) |\d{1,2}:\d{2} [AP]M|–|[+-]1\b")


def label(text: str) -> str:
    """What names the zone in a calendar cell: the text without its times, weekdays and day marks."""
    return " ".join(_TIMES.sub(" ", text).split())


def slots_for(lead: str, first: date) -> TimeSlots:
    days = [first + timedelta(days=n) for n in range(5)]
    return TimeSlots.model_validate(
        {
            "timeZone": lead,
            "slots": [
                {
                    "blockId": f"b{d:%m%d}{i}",
                    "appointmentDate": d.isoformat(),
                    "startTime": start,
                    "endTime": end,
                    "availableSlots": 2,
                }
                for d in days
                for i, (start, end) in enumerate(BLOCKS)
            ],
        }
    )


@pytest.mark.parametrize("setter", SETTERS)
def test_no_two_zones_read_alike_and_the_setters_day_is_said(setter: str) -> None:
    mine = ZoneInfo(setter)
    for lead in LEADS:
        theirs = ZoneInfo(lead)
        for week in WEEKS:
            for day in build_calendar(slots_for(lead, week), setter):
                for row in day.rows:
                    lead_label, setter_label = label(row.lead_text), label(row.setter_text)
                    where = f"{lead} / {setter}, {row.lead_text} | {row.setter_text}"
                    assert lead_label and setter_label and lead_label != setter_label, where
                    for name in (lead_label, setter_label):
                        assert not re.fullmatch(r"[+-]\d+", name), f"a bare offset: {where}"
                    local, yours = row.start.astimezone(theirs), row.start.astimezone(mine)
                    assert row.lead_text.startswith(format_ampm(local)), where  # the instant, in the lead's zone
                    assert format_ampm(yours) in row.setter_text, where  # and in the setter's
                    marked = row.setter_text.startswith(f"{yours:%a} ")
                    assert marked is (yours.date() != local.date()), f"the setter's day: {where}"


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


@pytest.mark.parametrize("setter", ["UTC", "Asia/Kolkata"])
@pytest.mark.parametrize("lead", ["honolulu", "phoenix_booked"])
def test_the_block_the_setter_picked_is_booked_at_the_instant_shown(
    qtbot: QtBot, sim: SimServer, setter: str, lead: str
) -> None:
    window = build_window(qtbot, sim, setter_zone=setter)
    try:
        phone = DEMO_PHONES[lead]
        look_up(qtbot, window, phone)
        window.slot_view.setFocus()
        qtbot.keyClick(window.slot_view, Qt.Key.Key_End)  # the last open block: days away, past midnight for some
        row = window.slot_view.selected_row()
        assert row is not None and row.available > 0 and not row.current
        window.book()
        wait_idle(qtbot, window)
        snapshot = sim.state.lead_snapshot(phone)
        assert snapshot is not None and snapshot["block_id"] == row.block_id
        block = sim.state.block_snapshot(row.block_id)
        assert block is not None
        assert datetime.fromisoformat(block["start"].replace("Z", "+00:00")) == row.start.astimezone(UTC)
        shown = row.start.astimezone(ZoneInfo(setter))
        assert format_ampm(shown) in row.setter_text  # what the setter read is when it is
    finally:
        close(qtbot, window)


def test_a_remote_desktop_on_utc_reads_its_zone_once_and_the_calendar_fits(qtbot: QtBot, sim: SimServer) -> None:
    from hsconsole.ui.geometry import MIN_USEFUL

    window = build_window(qtbot, sim, setter_zone="Etc/UTC")
    try:
        assert window.zone_label.text() == "Your time: UTC"  # not "UTC (UTC)"
        look_up(qtbot, window, DEMO_PHONES["denver_booked"])
        window.resize(*MIN_USEFUL)
        qtbot.waitUntil(lambda: (window.width(), window.height()) == MIN_USEFUL)
        view = window.slot_view
        sizes = [view.header().sectionSize(c) for c in range(4)]
        assert view.horizontalScrollBar().maximum() == 0, sizes  # "10:00 PM – 12:00 AM +1 UTC" and the marks fit
        assert sizes[3] >= view.fontMetrics().horizontalAdvance("● current"), sizes
    finally:
        close(qtbot, window)

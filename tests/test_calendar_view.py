"""The slot view: days open a screenful at a time, a chosen block's day opens at once."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from hsconsole.api.models import TimeSlots
from hsconsole.services.calendar import build_calendar
from hsconsole.ui.calendar import FIRST_EXPANDED_DAYS, SlotView


def _days(count: int) -> TimeSlots:
    start = date(2026, 12, 1)
    slots = [
        {
            "appointmentDate": (start + timedelta(days=n)).isoformat(),
            "startTime": "10:00 AM",
            "endTime": "12:00 PM",
            "availableSlots": 2,
            "blockId": f"b{n}",
        }
        for n in range(count)
    ]
    return TimeSlots.model_validate({"timeZone": "America/Denver", "slots": slots})


def test_days_open_a_screenful_first_then_all(qtbot: QtBot) -> None:
    view = SlotView()
    qtbot.addWidget(view)
    view.set_days(build_calendar(_days(40), "America/New_York"))
    model = view.slot_model
    opened = [view.isExpanded(model.index(row, 0)) for row in range(model.rowCount())]
    assert all(opened[:FIRST_EXPANDED_DAYS]) and not any(opened[FIRST_EXPANDED_DAYS:])
    qtbot.waitUntil(lambda: all(view.isExpanded(model.index(r, 0)) for r in range(model.rowCount())))


def test_a_selected_block_on_a_later_day_is_shown_at_once(qtbot: QtBot) -> None:
    view = SlotView()
    qtbot.addWidget(view)
    view.set_days(build_calendar(_days(40), "America/New_York"), select_block="b30")
    row = view.selected_row()
    assert row is not None and row.block_id == "b30"
    assert view.isExpanded(view.currentIndex().parent())


def test_newer_days_stop_the_opening_of_older_ones(qtbot: QtBot) -> None:
    view = SlotView()
    qtbot.addWidget(view)
    view.set_days(build_calendar(_days(40), "America/New_York"))
    view.set_days(build_calendar(_days(3), "America/New_York"))
    qtbot.wait(20)
    assert view.slot_model.rowCount() == 3
    assert all(view.isExpanded(view.slot_model.index(r, 0)) for r in range(3))

"""The slot view: every day open at once, rows made in slices for big calendars, the chosen block in view."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import date, time, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from hsconsole.api.heavyset.models import TimeSlots
from hsconsole.services.calendar import build_calendar
from hsconsole.ui.calendar import ITEM_SLICE, SlotView

Run = Callable[[Coroutine[Any, Any, Any]], Any]


def _ampm(minutes: int) -> str:
    return f"{time(minutes // 60, minutes % 60):%I:%M %p}".lstrip("0")


def _days(count: int, per_day: int = 1) -> TimeSlots:
    start = date(2026, 12, 1)
    slots = [
        {
            "appointmentDate": (start + timedelta(days=n)).isoformat(),
            "startTime": _ampm(6 * 60 + 30 * k),
            "endTime": _ampm(8 * 60 + 30 * k),
            "availableSlots": (n + k) % 3,
            "blockId": f"b{n}" if per_day == 1 else f"b{n}-{k}",
        }
        for n in range(count)
        for k in range(per_day)
    ]
    return TimeSlots.model_validate({"timeZone": "America/Denver", "slots": slots})


def shown_view(qtbot: QtBot) -> SlotView:
    view = SlotView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_every_day_is_open_and_rows_say_what_the_calendar_holds(qtbot: QtBot) -> None:
    view = SlotView()
    qtbot.addWidget(view)
    days = build_calendar(_days(40, per_day=3), "America/New_York")
    view.set_days(days)
    model = view.slot_model
    assert model.rowCount() == 40
    assert all(view.isExpanded(model.index(r, 0)) for r in range(40))
    first = model.index(0, 0)
    assert model.data(first) == days[0].label
    assert model.data(model.index(0, 2)) == f"{days[0].open_count} of 3"
    for r, row in enumerate(days[0].rows):
        index = model.index(r, 0, first)
        assert model.row_at(index) is row
        assert model.data(index) == row.lead_text and model.data(index.siblingAtColumn(1)) == row.setter_text
        assert model.data(index.siblingAtColumn(2)) == ("full" if row.available <= 0 else str(row.available))
        selectable = bool(model.flags(index) & Qt.ItemFlag.ItemIsSelectable)
        assert selectable == row.bookable
    # the first bookable block is chosen; a full one cannot be selected
    chosen = view.selected_row()
    assert chosen is not None and chosen.bookable
    full = next(
        model.index(r, 0, model.index(d, 0))
        for d, day in enumerate(days)
        for r, row in enumerate(day.rows)
        if not row.bookable
    )
    view.setCurrentIndex(full)
    assert view.selected_row() is chosen


def test_a_selected_block_on_a_later_day_is_chosen_and_in_view(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    view.set_days(build_calendar(_days(40), "America/New_York"), select_block="b31")
    row = view.selected_row()
    assert row is not None and row.block_id == "b31"
    rect = view.visualRect(view.currentIndex())
    assert view.viewport().rect().intersects(rect)
    qtbot.wait(20)
    assert view.visualRect(view.currentIndex()) == rect  # nothing opens later and moves it


def test_rows_prepared_in_slices_are_the_ones_shown(qtbot: QtBot, arun: Run) -> None:
    view = SlotView()
    qtbot.addWidget(view)
    days = build_calendar(_days(30, per_day=20), "America/New_York")  # 600 blocks
    turns = 0

    async def prepare_counting_turns() -> None:
        nonlocal turns
        task = asyncio.ensure_future(view.prepare(days))
        while not task.done():
            turns += 1
            await asyncio.sleep(0)
        await task

    arun(prepare_counting_turns())
    assert turns >= 600 // ITEM_SLICE
    assert view.slot_model.rowCount() == 0  # nothing shown until set_days
    view.set_days([])  # clearing the old calendar meanwhile keeps them
    made = view._prepared
    view.set_days(days, select_block="b12-4")
    assert made is not None and view.topLevelItem(0) is made[1][0]
    assert view.slot_model.rowCount() == 30 and view.selected_row() is not None
    assert view.selected_row().block_id == "b12-4"  # type: ignore[union-attr]
    # rows prepared for other days are not used for these
    arun(view.prepare(days))
    fewer = build_calendar(_days(3), "America/New_York")
    view.set_days(fewer)
    assert view.slot_model.rowCount() == 3 and view.slot_model.days() is fewer


def test_a_block_row_explains_itself_in_a_tooltip(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    days = build_calendar(_days(3), "America/New_York")
    view.set_days(days)
    index = view.slot_model.index(0, 1, view.slot_model.index(0, 0))
    point = view.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.text() == days[0].rows[0].summary
    day_point = view.visualRect(view.slot_model.index(0, 0)).center()
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, day_point, QPoint()))
    qtbot.waitUntil(lambda: not QToolTip.isVisible() or QToolTip.text() != days[0].rows[0].summary, timeout=2000)

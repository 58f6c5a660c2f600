"""The keystrokes of a setter's core flows, counted by pressing them in the running demo console.

Each key goes to the widget that has the keyboard (or to the modal question on screen), as on a real
desk; waiting for an answer costs no key. The figures are those README's keyboard section states.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from hsconsole.controller import Controller
from hsconsole.domain.phones import normalize_phone
from hsconsole.services.jump import lead_today
from hsconsole.sim.heavyset.data import business_days
from hsconsole.ui.main_window import MainWindow
from tests.helpers import MemoryKeyring
from tests.test_calendar_keys import _QT_KEYS, _keys, shortest_sequences
from tests.test_connectors_app import close
from tests.test_setup_wizard import make_controller

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
MOVES = _QT_KEYS


class Desk:
    """Presses keys where the keyboard is, counting them."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window
        self.count = 0

    def target(self) -> QWidget:
        return QApplication.focusWidget() or self.window

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.count += 1
        self.qtbot.keyClick(self.target(), key, modifiers)

    def type(self, text: str) -> None:
        self.count += len(text)
        self.qtbot.keyClicks(self.target(), text)

    def answer_the_question_with_enter(self, asked: list[str]) -> None:
        """The next modal question is answered with Enter (its default button), one key."""

        def answer() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, answer)
                return
            asked.append(box.text())
            self.count += 1
            self.qtbot.keyClick(box, Qt.Key.Key_Return)

        QTimer.singleShot(20, answer)


@pytest.fixture
def demo(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Controller, MainWindow]]:
    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    controller = make_controller(tmp_path, MemoryKeyring(), "--demo")
    run: asyncio.Future[Any] = asyncio.ensure_future(controller.run())
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=8000)
    window: MainWindow = controller.window
    qtbot.waitUntil(lambda: window.connectors.reminders is not None, timeout=8000)
    window.activateWindow()
    yield controller, window
    close(qtbot, controller, run)


def the_farthest_block(window: MainWindow) -> tuple[Any, list[str]]:
    """The open block of the next 14 business days that takes the most keys from where the calendar
    starts, and those keys (Enter not counted)."""
    view = window.slot_view
    days = view.slot_model.days()
    now = datetime.now(UTC)
    horizon = business_days(now.date(), 14)[-1]
    best = shortest_sequences(days, lead_today(days, now), view.position())
    targets = [
        (d, r)
        for d, day in enumerate(days)
        for r, row in enumerate(day.rows)
        if row.available > 0 and not row.current and day.day <= horizon
    ]
    worst = max(targets, key=lambda p: _keys(best[p]))
    return days[worst[0]].rows[worst[1]], best[worst]


def test_worklist_to_rebooked_takes_at_most_ten_keys(qtbot: QtBot, demo: tuple[Controller, MainWindow]) -> None:
    controller, window = demo
    desk = Desk(qtbot, window)
    desk.press(Qt.Key.Key_W, CTRL | SHIFT)  # the worklist, on the first homeowner to call
    worklist = window.worklist
    assert worklist is not None
    qtbot.waitUntil(lambda: worklist.model.rowCount() > 0 and worklist.selected_row() is not None, timeout=8000)
    homeowner = worklist.selected_row()
    assert homeowner is not None and homeowner.needs_attention and homeowner.phone
    phone = normalize_phone(homeowner.phone)
    desk.press(Qt.Key.Key_Return)  # looked up; the calendar gets the keyboard
    qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == phone, timeout=8000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.slot_view, timeout=5000)
    lead = window.caller.lead
    assert lead is not None and lead.has_active_appointment
    block, keys = the_farthest_block(window)
    for key in keys:  # the jump typed, or the moves
        if key in MOVES:
            desk.press(MOVES[key])
        else:
            desk.type(key)
    assert window.slot_view.selected_row() is block
    asked: list[str] = []
    desk.answer_the_question_with_enter(asked)
    desk.press(Qt.Key.Key_Return, CTRL)  # book from the calendar; the reschedule asks, Enter says yes
    hs = controller.demo.heavyset
    assert hs is not None
    qtbot.waitUntil(lambda: (hs.state.lead_snapshot(phone) or {}).get("block_id") == block.block_id, timeout=8000)
    assert len(asked) == 1 and "Move" in asked[0]
    assert desk.count <= 10, f"{desk.count} keys (the jump: {keys})"


def a_day_and_hour_block(window: MainWindow, budget: int = 4) -> tuple[Any, str]:
    """The farthest open block a typed day and hour of at most ``budget`` keys reaches ("thu3", "14th3";
    "th3" in three), and that text: what a setter types when the homeowner names a day and a time."""
    view = window.slot_view
    days = view.slot_model.days()
    best = shortest_sequences(days, lead_today(days, datetime.now(UTC)), view.position(), budget=budget)
    typed = [
        (d, r, keys[0])
        for (d, r), keys in best.items()
        if len(keys) == 1 and keys[0] not in MOVES and not days[d].rows[r].current and days[d].rows[r].available > 0
    ]
    d, r, text = max(typed, key=lambda found: (found[0], found[1]))
    assert d >= 2, "a block at least two days out"
    return days[d].rows[r], text


def test_look_up_to_rescheduled_takes_eight_keys_after_the_number(
    qtbot: QtBot, demo: tuple[Controller, MainWindow]
) -> None:
    controller, window = demo
    desk = Desk(qtbot, window)
    phone = "+17205550128"  # Emily Kim, booked
    qtbot.keyClicks(window.phone_input, "720 555 0128")  # the number: not counted
    desk.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == phone, timeout=8000)
    desk.press(Qt.Key.Key_B, CTRL)
    assert QApplication.focusWidget() is window.slot_view
    block, text = a_day_and_hour_block(window)
    desk.type(text)
    assert window.slot_view.selected_row() is block
    asked: list[str] = []
    desk.answer_the_question_with_enter(asked)
    desk.press(Qt.Key.Key_Return, CTRL)
    hs = controller.demo.heavyset
    assert hs is not None
    qtbot.waitUntil(lambda: (hs.state.lead_snapshot(phone) or {}).get("block_id") == block.block_id, timeout=8000)
    assert len(asked) == 1
    assert desk.count <= 8, f"{desk.count} keys (the jump: {text})"


def test_a_new_caller_is_booked_with_consent_in_twelve_keys_beyond_the_details(
    qtbot: QtBot, demo: tuple[Controller, MainWindow]
) -> None:
    controller, window = demo
    desk = Desk(qtbot, window)
    phone = "+18015550000"  # not in the CRM
    qtbot.keyClicks(window.phone_input, "801 555 0000")
    desk.press(Qt.Key.Key_Return)  # not found: the new-lead form, on the first name (the number is there)
    form = window.new_lead_form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.inputs["first_name"], timeout=8000)
    for field, text in (
        ("first_name", "Rosa"),
        ("last_name", "Diaz"),
        ("address1", "12 Elm St"),
        ("zip", "84101"),
        ("email", "rosa@example.com"),
    ):
        if QApplication.focusWidget() is not form.inputs[field]:
            desk.press(Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is form.inputs[field], field
        qtbot.keyClicks(form.inputs[field], text)  # the details: not counted (the Tab between them is)
    desk.press(Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # TCPA consent
    desk.press(Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # opt-in
    assert form.consent().tcpa and form.consent().opt_in  # ticked before the next key is read
    desk.press(Qt.Key.Key_Return)  # created; its blocks have the keyboard
    qtbot.waitUntil(lambda: window.caller.new_lead is not None, timeout=8000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.slot_view, timeout=5000)
    block, text = a_day_and_hour_block(window, budget=3)  # "th3": Thursday at 3
    desk.type(text)
    assert window.slot_view.selected_row() is block
    desk.press(Qt.Key.Key_Return, CTRL)
    hs = controller.demo.heavyset
    assert hs is not None
    qtbot.waitUntil(lambda: (hs.state.lead_snapshot(phone) or {}).get("block_id") == block.block_id, timeout=8000)
    snapshot = hs.state.lead_snapshot(phone)
    assert snapshot is not None and snapshot["tcpa"] is True and snapshot["name"] == "Rosa Diaz"
    assert any("opt" in c.lower() for c in snapshot["comments"]), snapshot["comments"]
    # Enter, Tab ×4, Alt+S, Alt+I, Enter, the jump (3), Ctrl+Enter
    assert desk.count <= 12, f"{desk.count} keys beyond the details (the jump: {text})"


def test_a_new_lead_without_a_number_starts_on_the_phone_field(
    qtbot: QtBot, demo: tuple[Controller, MainWindow]
) -> None:
    _controller, window = demo
    window.phone_input.clear()
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    form = window.new_lead_form
    assert QApplication.focusWidget() is form.inputs["phone"]
    qtbot.keyClicks(form.inputs["phone"], "801 555 0000")
    qtbot.keyClick(form.inputs["phone"], Qt.Key.Key_Tab)  # and goes on to the street, the way it is laid out
    assert QApplication.focusWidget() is form.inputs["address1"]

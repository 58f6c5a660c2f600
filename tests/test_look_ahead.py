"""A number looked up as soon as it is complete: no Enter needed, a corrected digit cancels it, the request
budget counts it and is never drained by it, and the setting turns it off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hsconsole.api.transport import RequestBudget
from hsconsole.services.settings import Settings
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.settings import SettingsStore
from hsconsole.ui.caller import Screen
from hsconsole.ui.main_window import PAGE_EMPTY, PAGE_NEW, MainWindow
from tests.helpers import api_requests
from tests.test_main_window import DENVER, UNKNOWN_PHONE, build_window, close, wait_idle

UNKNOWN = UNKNOWN_PHONE


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


def lookups(sim: SimServer, phone: str = "") -> list[dict[str, object]]:
    """The lead queries HeavySet received (for ``phone``'s digits when given)."""
    return [e for e in api_requests(sim, "GET", "/phone/query") if phone[2:] in str(e.get("query"))]


def open_window(
    qtbot: QtBot, sim: SimServer, tmp_path: Path, *, budget: RequestBudget | None = None, on: bool = True
) -> MainWindow:
    store = SettingsStore(tmp_path / "settings.json")
    settings = Settings(lookup_when_complete=on)
    window = build_window(qtbot, sim, budget=budget, settings=settings, settings_store=store)
    window.activateWindow()
    window.phone_input.setFocus()
    return window


@pytest.fixture
def window(qtbot: QtBot, sim: SimServer, tmp_path: Path) -> Iterator[MainWindow]:
    win = open_window(qtbot, sim, tmp_path)
    yield win
    close(qtbot, win)


def test_the_lead_shows_once_the_number_is_complete_and_enter_adds_no_lookup(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    qtbot.keyClicks(window.phone_input, "801 555 123")
    assert window.caller.screen is Screen.EMPTY and not window.tasks.busy("search")  # not complete yet
    qtbot.keyClicks(window.phone_input, "4")
    qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == DENVER, timeout=8000)
    assert QApplication.focusWidget() is window.phone_input  # the keyboard stays where the setter typed
    qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)  # the habit: nothing more is asked of HeavySet
    wait_idle(qtbot, window)
    assert len(lookups(sim, DENVER)) == 1


def test_a_corrected_digit_cancels_the_lookup_in_flight_and_the_budget_still_counts_it(
    qtbot: QtBot, sim: SimServer, tmp_path: Path
) -> None:
    budget = RequestBudget(limit=60)
    window = open_window(qtbot, sim, tmp_path, budget=budget)
    try:
        sim.state.set_faults(latency_ms=600)
        qtbot.keyClicks(window.phone_input, "801 555 1234")  # complete: on its way
        qtbot.waitUntil(lambda: len(api_requests(sim)) >= 1, timeout=5000)
        task_phone = window.lookup.ahead.phone
        assert task_phone == DENVER and window.tasks.busy("search")
        qtbot.keyClick(window.phone_input, Qt.Key.Key_Backspace)  # the last digit was wrong
        assert not window.lookup.ahead.in_flight() and window.lookup.ahead.phone is None
        assert window.caller.screen is Screen.EMPTY and window.pages.currentIndex() == PAGE_EMPTY
        assert "Lookup stopped: the number changed" in window.statusBar().currentMessage()
        qtbot.wait(800)  # the cancelled answer would have come by now: nothing of it shows
        assert window.caller.lead is None and window.pages.currentIndex() == PAGE_EMPTY
        sent = len(api_requests(sim))
        assert sent >= 1
        assert budget.used(window.console.s2s._credential.fingerprint) >= sent  # sent, so counted
        sim.state.set_faults(latency_ms=0)
        qtbot.keyClicks(window.phone_input, "4")  # complete again: looked up at once
        qtbot.waitUntil(lambda: window.caller.lead is not None, timeout=8000)
        assert window.caller.lead is not None and window.caller.lead.phone == DENVER
    finally:
        close(qtbot, window)


def test_a_number_not_found_opens_its_form_and_leaves_the_keyboard_until_enter(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    qtbot.keyClicks(window.phone_input, "801 555 0000")
    qtbot.waitUntil(lambda: window.pages.currentIndex() == PAGE_NEW, timeout=8000)
    form = window.new_lead_form
    assert window.caller.phone == UNKNOWN and form.inputs["phone"].text() == "(801) 555-0000"
    assert QApplication.focusWidget() is window.phone_input  # a digit typed on lands in the number, not a name
    assert "press Enter to fill in their details" in form.heading.text()
    qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.inputs["first_name"]
    assert len(lookups(sim, UNKNOWN)) == 1


def test_unsaved_changes_wait_for_enter_which_asks(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    qtbot.keyClicks(window.phone_input, "801 555 1234")
    qtbot.waitUntil(lambda: window.caller.lead is not None, timeout=8000)
    window.editor.inputs["city"].setText("Lakewood")
    assert window.editor.is_dirty()
    asked: list[str] = []
    window.confirm = lambda _title, text: asked.append(text) or False
    window.phone_input.setFocus()
    window.phone_input.clear()
    qtbot.keyClicks(window.phone_input, "813 555 0111")
    qtbot.wait(200)
    assert asked == [] and not window.tasks.busy("search")  # no question while typing, nothing looked up
    assert window.caller.lead is not None and window.caller.lead.phone == DENVER
    qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)
    assert len(asked) == 1 and "did not save" in asked[0]


def test_a_budget_running_low_waits_for_enter_and_says_so(qtbot: QtBot, sim: SimServer, tmp_path: Path) -> None:
    budget = RequestBudget(limit=8)
    window = open_window(qtbot, sim, tmp_path, budget=budget)
    try:
        key = window.console.s2s._credential.fingerprint
        while budget.used(key) < 5:  # 5 of 8 used (the connection opened ahead too): a lookup ahead (2) would
            assert budget.take(key) is not None  # leave less than a quarter free
        assert budget.used(key) == 5
        before = len(api_requests(sim))
        qtbot.keyClicks(window.phone_input, "801 555 1234")
        assert not window.tasks.busy("search") and window.caller.screen is Screen.EMPTY
        assert "press Enter to look the number up" in window.statusBar().currentMessage()
        qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)  # the setter's own lookup still goes
        qtbot.waitUntil(lambda: window.caller.lead is not None, timeout=8000)
        wait_idle(qtbot, window)
        assert budget.used(key) == 5 + len(api_requests(sim)) - before  # each request sent, counted once
    finally:
        close(qtbot, window)


def test_the_setting_turns_it_off_and_is_kept(qtbot: QtBot, window: MainWindow, sim: SimServer, tmp_path: Path) -> None:
    action = window.look_ahead_action
    assert action.isCheckable() and action.isChecked()
    action.trigger()
    assert not action.isChecked() and not window.lookup.ahead.on
    assert SettingsStore(tmp_path / "settings.json").load().lookup_when_complete is False
    qtbot.keyClicks(window.phone_input, "801 555 1234")
    qtbot.wait(100)
    assert not window.tasks.busy("search") and window.caller.lead is None and lookups(sim) == []
    qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.caller.lead is not None, timeout=8000)
    assert len(lookups(sim, DENVER)) == 1


def test_enter_on_a_number_not_found_goes_into_its_form_however_late(
    qtbot: QtBot, window: MainWindow, sim: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hsconsole.ui import look_ahead

    qtbot.keyClicks(window.phone_input, "801 555 0000")
    qtbot.waitUntil(lambda: window.pages.currentIndex() == PAGE_NEW, timeout=8000)
    monkeypatch.setattr(look_ahead, "ENTER_GRACE_S", -1.0)  # the setter read the screen for a while first
    qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.new_lead_form.inputs["first_name"]
    assert len(lookups(sim, UNKNOWN)) == 1


def test_a_lookup_not_started_ahead_is_not_taken_for_one(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    qtbot.keyClicks(window.phone_input, "801 555 0000")  # looked up ahead: the form leaves the keyboard alone
    qtbot.waitUntil(lambda: window.pages.currentIndex() == PAGE_NEW, timeout=8000)
    assert QApplication.focusWidget() is window.phone_input
    window.search(UNKNOWN)  # the dialer pops the same number: nobody is typing, the form takes the keyboard
    qtbot.waitUntil(lambda: len(lookups(sim, UNKNOWN)) == 2 and not window.tasks.busy("search"), timeout=8000)
    assert QApplication.focusWidget() is window.new_lead_form.inputs["first_name"]
    assert window.lookup.ahead.phone is None

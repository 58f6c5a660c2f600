"""One caller at a time: nothing of one caller shows, stays selected or is sent for the next.

The screen's states and their moves are checked on their own (no widgets, no simulator); then the real
window is driven against the simulator, several callers in a row, for each way a caller's state used to
leak into the next one's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from hsconsole.sim.heavyset.data import DEMO_PHONES, UNKNOWN_PHONE
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.ui.caller import MUTATIONS, TRANSITIONS, Caller, Screen, ScreenError, Situation, buttons_for
from hsconsole.ui.main_window import PAGE_EMPTY, PAGE_LEAD, PAGE_LOOKING_UP, PAGE_NEW, MainWindow
from tests.helpers import fast_transport, make_console

DENVER = DEMO_PHONES["denver_booked"]
TAMPA = DEMO_PHONES["tampa_new"]
PHOENIX = DEMO_PHONES["phoenix_booked"]
WORK = ("search", "save", "book", "cancel", "disqualify", "slots", "create", "book_new", "dispositions")


# ---------------------------------------------------------------- the states on their own


def test_a_caller_moves_only_along_the_allowed_screens() -> None:
    caller = Caller()
    for screen in (Screen.LOOKING_UP, Screen.LEAD, Screen.FIXING, Screen.LEAD, Screen.LOOKING_UP, Screen.NEW_LEAD):
        caller.go(screen)  # the last: a number not found, its new-lead form
    assert caller.screen is Screen.NEW_LEAD
    with pytest.raises(ScreenError, match="new lead to fixing"):  # a refused change is fixed on a lead's screen
        caller.go(Screen.FIXING)
    assert caller.screen is Screen.NEW_LEAD  # a refused move changes nothing
    caller.go(Screen.LEAD)  # a new lead booked becomes a lead
    caller.go(Screen.EMPTY)
    for wrong in (Screen.LEAD, Screen.FIXING):  # a lead is reached by a lookup, never from nothing
        with pytest.raises(ScreenError, match="empty"):
            caller.go(wrong)
    assert Caller().shown_lead is None


def test_a_lookup_a_new_lead_and_empty_are_reachable_from_every_screen_and_nothing_else_is_left_open() -> None:
    for screen, allowed in TRANSITIONS.items():
        assert {Screen.EMPTY, Screen.LOOKING_UP, Screen.NEW_LEAD} <= allowed, screen
    assert TRANSITIONS[Screen.EMPTY] == {Screen.EMPTY, Screen.LOOKING_UP, Screen.NEW_LEAD}
    assert Screen.FIXING not in TRANSITIONS[Screen.EMPTY] | TRANSITIONS[Screen.NEW_LEAD]
    assert {s for s in Screen if s.shows_lead} == {Screen.LEAD, Screen.FIXING}
    assert Caller(phone="+18015551234").is_for("+18015551234") and not Caller().is_for(None)


def test_buttons_follow_the_screen_and_what_is_in_flight() -> None:
    lead = Situation(Screen.LEAD, has_lead=True, has_appointment=True, dirty=True, block_bookable=True, reasons=5)
    on = buttons_for(lead)
    assert (on.save, on.revert, on.book, on.cancel, on.disqualify, on.refresh_blocks) == (True,) * 6
    assert on.book_text == "Resched&ule" and not on.send_link
    assert buttons_for(replace(lead, scheduling=True)).send_link
    assert buttons_for(replace(lead, screen=Screen.FIXING)) == on  # a refused change being fixed is a lead
    # while the next caller is looked up, nothing of the last one can be changed
    looking = buttons_for(replace(lead, screen=Screen.LOOKING_UP))
    assert not any((looking.save, looking.revert, looking.book, looking.cancel, looking.disqualify))
    assert not looking.refresh_blocks and not looking.send_link and looking.book_text == "&Book"
    # one change at a time; Revert stays (it sends nothing)
    for slot in MUTATIONS:
        busy = buttons_for(replace(lead, busy=frozenset({slot})))
        assert not any((busy.save, busy.book, busy.cancel, busy.disqualify)) and busy.revert, slot
    assert buttons_for(replace(lead, busy=frozenset({"search", "slots"}))).save
    assert not buttons_for(replace(lead, busy=frozenset({"slots"}))).refresh_blocks
    assert not buttons_for(replace(lead, reasons=0)).disqualify
    assert not buttons_for(replace(lead, has_appointment=False)).cancel
    assert buttons_for(replace(lead, has_appointment=False)).book_text == "&Book"
    assert not buttons_for(replace(lead, block_bookable=False)).book
    # a wrong field holds Save back, not Revert
    wrong = buttons_for(replace(lead, wrong=True))
    assert not wrong.save and wrong.revert and wrong.book
    # a new caller's form, then its blocks
    form = Situation(Screen.NEW_LEAD, block_bookable=True)
    assert not buttons_for(form).book and buttons_for(form).submit_new_lead
    created = buttons_for(replace(form, has_new_lead=True))
    assert created.book and created.refresh_blocks and not created.submit_new_lead and not created.save
    assert not buttons_for(replace(form, busy=frozenset({"create"}))).submit_new_lead
    assert not buttons_for(replace(form, new_lead_wrong=True)).submit_new_lead
    for screen in (Screen.EMPTY, Screen.LOOKING_UP):
        nothing = buttons_for(replace(lead, screen=screen))
        assert not any((nothing.save, nothing.book, nothing.cancel, nothing.disqualify, nothing.send_link))


# ---------------------------------------------------------------- the window


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(rate_limit=None) as server:
        yield server


@pytest.fixture
def window(qtbot: QtBot, sim: SimServer, tmp_path: Path) -> Iterator[MainWindow]:
    console = make_console(
        sim.url, sim.state.token, fast_transport(attempts=1, read_timeout=2.0), outbox_path=tmp_path / "o.db"
    )
    win = MainWindow(console, setter_zone="America/New_York")
    win.confirm = lambda _title, _text: True
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.confirm = lambda _title, _text: True
    win.close()
    qtbot.waitUntil(lambda: win.tasks.pending == 0, timeout=5000)


def idle(window: MainWindow) -> bool:
    return not any(window.tasks.busy(slot) for slot in WORK)


def look_up(qtbot: QtBot, window: MainWindow, phone: str) -> None:
    window.phone_input.setFocus()
    window.phone_input.selectAll()
    qtbot.keyClicks(window.phone_input, phone)
    qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: idle(window) and window.caller.lead is not None and window.caller.lead.phone == phone, timeout=8000
    )
    qtbot.waitUntil(lambda: window.disposition_combo.count() > 0, timeout=5000)
    qtbot.wait(1)


def test_the_last_callers_not_qualified_reason_and_comment_are_not_there_for_the_next(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    window.disposition_combo.setCurrentIndex(1)
    window.disposition_comment.setText("rents the house")
    window.disqualify()
    qtbot.waitUntil(lambda: idle(window), timeout=8000)
    marked = sim.state.lead_snapshot(DENVER)
    assert marked is not None and marked["disposition"] == window.disposition_combo.itemText(1)
    for phone in (TAMPA, PHOENIX, DENVER):  # the next callers, and the same one looked up again later
        look_up(qtbot, window, phone)
        assert window.disposition_combo.currentIndex() == -1 and window.disposition_comment.text() == ""
        window.disqualify_button.click()  # Mark not qualified (Alt+Q) at once: nothing may be sent
        assert "Choose a not-qualified reason first" in window.statusBar().currentMessage()
    assert [p["body"]["phone"] for p in sim.state.requests() if p["method"] == "PATCH"] == [DENVER]


def test_a_reason_chosen_but_not_sent_is_also_dropped_for_the_next_caller(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, DENVER)
    window.disposition_combo.setCurrentIndex(2)
    window.disposition_comment.setText("half typed")
    window.search(TAMPA)  # a screen-pop
    qtbot.waitUntil(
        lambda: idle(window) and window.caller.lead is not None and window.caller.lead.phone == TAMPA, timeout=8000
    )
    assert window.disposition_combo.currentIndex() == -1 and window.disposition_comment.text() == ""


def test_each_caller_starts_at_the_top_of_the_lead_pane(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1100, 520)  # short enough for the lead pane to scroll
    look_up(qtbot, window, DENVER)
    bar = window.lead_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # the reason, out of view below
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=2000)  # scrolled into view, as Tab would
    bar.setValue(bar.maximum())
    window.search(PHOENIX)  # a screen-pop while scrolled down
    qtbot.waitUntil(
        lambda: idle(window) and window.caller.lead is not None and window.caller.lead.phone == PHOENIX, timeout=8000
    )
    assert bar.value() == 0
    bar.setValue(bar.maximum())
    look_up(qtbot, window, TAMPA)
    assert bar.value() == 0


def test_tab_from_the_reason_goes_to_the_comment_and_a_space_there_reloads_nothing(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.disposition_combo
    qtbot.keyClick(window.disposition_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.disposition_comment
    reloads = len([r for r in sim.state.requests() if r["path"].endswith("/dispositions")])
    qtbot.keyClicks(window.disposition_comment, "no roof space")
    qtbot.wait(50)
    assert window.disposition_comment.text() == "no roof space"
    assert len([r for r in sim.state.requests() if r["path"].endswith("/dispositions")]) == reloads
    qtbot.keyClick(window.disposition_comment, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.disqualify_button
    # the reload is still there for the keyboard: Ctrl+Shift+D, and the comment being typed stays
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: idle(window), timeout=5000)
    assert len([r for r in sim.state.requests() if r["path"].endswith("/dispositions")]) == reloads + 1
    assert window.disposition_comment.text() == "no roof space"


def test_a_screen_pop_over_unsaved_edits_kept_by_the_setter_leaves_the_number_waiting(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    window.editor.inputs["city"].setText("Golden")
    window.editor._edited()
    asked: list[str] = []
    window.confirm = lambda title, _text: asked.append(title) is None and False  # "No": keep my edits
    window.search("(813) 555-0111")  # the dialer pops the next caller
    assert asked == ["Unsaved changes"]
    assert window.caller.lead is not None and window.caller.lead.phone == DENVER and window.editor.is_dirty()
    assert window.editor.inputs["city"].text() == "Golden"
    assert window.phone_input.text() == "(813) 555-0111"  # not dropped: waiting where Enter looks it up
    assert "not looked up" in window.banner.text() and "(813) 555-0111" in window.banner.text()
    assert "not looked up yet" in window.phone_hint.text()
    window.confirm = lambda _title, _text: True
    window.save()
    qtbot.waitUntil(lambda: idle(window) and not window.editor.is_dirty(), timeout=8000)
    assert (sim.state.lead_snapshot(DENVER) or {})["city"] == "Golden"
    window.phone_input.setFocus()
    qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: idle(window) and window.caller.lead is not None and window.caller.lead.phone == TAMPA, timeout=8000
    )
    assert "not looked up" not in window.banner.text()


def test_a_waiting_banner_goes_once_the_callers_changes_land_even_with_another_note_beside_it(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    sim.state.force("500", times=2, path="/phone/update")
    window.editor.inputs["city"].setText("Aurora")
    window.editor._edited()
    window.save()
    qtbot.waitUntil(lambda: idle(window) and "pending" in window.pending_button.text(), timeout=8000)
    assert "Waiting to be sent" in window.banner.text()
    window.show_banner("Something else the setter was told meanwhile.")
    assert "Waiting to be sent" in window.banner.text()
    outbox = window.console.outbox
    assert outbox is not None
    outbox.store.retry_now(outbox.store.entries(profile="Test")[0].id)
    outbox.wake()
    qtbot.waitUntil(lambda: window.pending_button.text() == "✓ All sent", timeout=10000)
    qtbot.waitUntil(lambda: "Waiting to be sent" not in window.banner.text(), timeout=2000)
    assert "outbox" not in window.banner.text()
    assert (sim.state.lead_snapshot(DENVER) or {})["city"] == "Aurora"


def test_a_slow_lookup_shows_nothing_of_the_last_caller_and_takes_no_action_for_them(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    sim.state.set_faults(latency_ms=700)
    window.search(TAMPA)
    qtbot.waitUntil(lambda: window.pages.currentIndex() == PAGE_LOOKING_UP, timeout=2000)
    assert "(813) 555-0111" in window.looking_up_label.text()
    assert window.caller.screen is Screen.LOOKING_UP and window.caller.shown_lead is None
    window.editor.inputs["city"].setText("Nowhere")  # whatever still has focus: nothing is sent for Jane
    window.save()
    window.disposition_combo.setCurrentIndex(0)
    window.disqualify()
    qtbot.waitUntil(lambda: idle(window) and window.pages.currentIndex() == PAGE_LEAD, timeout=8000)
    sim.state.set_faults(latency_ms=0)
    assert (
        window.caller.lead is not None
        and window.caller.lead.phone == TAMPA
        and window.editor.title.text() != "Jane Doe"
    )
    assert [r for r in sim.state.requests() if r["method"] == "PATCH"] == []


def test_a_failed_lookup_of_another_caller_does_not_leave_the_last_one_on_screen(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    sim.state.force("500", times=3, path="/phone/query", method="GET")
    window.search(PHOENIX)
    qtbot.waitUntil(lambda: idle(window) and "Lookup failed" in window.banner.text(), timeout=8000)
    assert window.pages.currentIndex() == PAGE_EMPTY and window.caller.lead is None
    assert window.phone_input.text() == PHOENIX  # Enter tries again
    assert not window.save_button.isEnabled() and not window.book_button.isEnabled()
    sim.state.clear_faults()
    # the same caller looked up again when it fails keeps what is on screen
    look_up(qtbot, window, DENVER)
    window.editor.inputs["city"].setText("Lakewood")
    window.editor._edited()
    sim.state.force("500", times=3, path="/phone/query", method="GET")
    window.search(DENVER)
    qtbot.waitUntil(lambda: idle(window) and "Lookup failed" in window.banner.text(), timeout=8000)
    assert (
        window.pages.currentIndex() == PAGE_LEAD
        and window.caller.lead is not None
        and window.caller.lead.phone == DENVER
    )
    assert window.editor.inputs["city"].text() == "Lakewood" and window.save_button.isEnabled()


def test_not_found_then_the_next_caller_found_leaves_no_trace_of_the_first(qtbot: QtBot, window: MainWindow) -> None:
    window.search(UNKNOWN_PHONE)
    qtbot.waitUntil(lambda: idle(window) and window.pages.currentIndex() == PAGE_NEW, timeout=8000)
    assert window.caller.screen is Screen.NEW_LEAD and window.caller.phone == UNKNOWN_PHONE
    qtbot.keyClicks(window.new_lead_form.inputs["first_name"], "Nora")  # the first caller's details, not sent
    look_up(qtbot, window, DENVER)
    assert window.caller.phone == DENVER and window.caller.screen is Screen.LEAD
    window.start_new_lead()  # Ctrl+N with a lead on screen: a new caller, not Jane's
    assert window.caller.phone is None and window.caller.lead is None and window.slot_view.slot_model.days() == []


def test_a_save_that_lands_after_the_setter_turned_to_the_next_caller_stays_with_its_own_caller(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    sim.state.set_faults(latency_ms=400)
    window.editor.inputs["city"].setText("Littleton")
    window.editor._edited()
    window.save()
    window.search(TAMPA)  # the next call comes in while the save is on its way
    qtbot.waitUntil(lambda: idle(window), timeout=8000)
    sim.state.set_faults(latency_ms=0)
    assert (sim.state.lead_snapshot(DENVER) or {})["city"] == "Littleton"
    assert window.caller.lead is not None and window.caller.lead.phone == TAMPA
    assert window.editor.inputs["city"].text() != "Littleton" and not window.editor.is_dirty()
    assert window.caller.phone == TAMPA and window.caller.screen is Screen.LEAD


# ---------------------------------------------------------------- the commands, declared once


def test_the_menus_the_shortcuts_and_the_f1_list_come_from_one_table(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    from hsconsole.ui.actions import ACTIONS, PLACE_KEYS, CommandActions, key_text
    from hsconsole.ui.shortcuts import SHORTCUTS

    # the attributes the window declares for its actions are the table's commands, no more, no fewer
    submenus = {"profiles_menu", "language_menu", "language_choice"}
    assert set(CommandActions.__annotations__) - submenus == {c.name for c in ACTIONS}

    in_menus = {a.objectName() for menu in window.menuBar().findChildren(QMenu) for a in menu.actions()}
    assert {c.name for c in ACTIONS} <= in_menus
    listed = dict(SHORTCUTS)
    bound: dict[str, str] = {}
    for command in ACTIONS:
        action = getattr(window, command.name)
        assert isinstance(action, QAction) and action.text() == command.text
        keys = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()]
        for key in keys:
            assert key not in bound, f"{key} is on {bound[key]} and {command.name}"
            bound[key] = command.name
        if keys:  # every key of a command is in the F1 list, saying what the command does
            assert listed.get(key_text(command)) == command.help, command.name
    # and every row of the F1 list is a command's key or a key that works in one place
    place = {keys for keys, _does, _after in PLACE_KEYS}
    assert all(keys in bound or keys in place for keys, _does in SHORTCUTS), set(listed) - set(bound) - place
    assert window.shortcut_overlay is None
    window.show_shortcuts()
    assert window.shortcut_overlay is not None and window.shortcut_overlay.table.rowCount() == len(SHORTCUTS)
    window.shortcut_overlay.close()


def test_the_phone_hint_follows_the_number_looked_up_after_it_waited(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, DENVER)
    window.editor.inputs["city"].setText("Golden")
    window.editor._edited()
    window.confirm = lambda _title, _text: False
    window.search(TAMPA)
    assert "not looked up yet" in window.phone_hint.text()
    window.confirm = lambda _title, _text: True
    window.revert()
    window.phone_input.setFocus()
    qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: idle(window) and window.caller.lead is not None and window.caller.lead.phone == TAMPA, timeout=8000
    )
    assert window.phone_hint.text() == "→ (813) 555-0111  (+18135550111)"


def test_enter_presses_the_button_the_keyboard_landed_on(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, TAMPA)
    window.book_button.setFocus()  # where Enter on a block sends the focus
    window.slot_view.setFocus()
    qtbot.keyClick(window.slot_view, Qt.Key.Key_Down)
    qtbot.keyClick(window.slot_view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.book_button
    qtbot.keyClick(window.book_button, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: idle(window) and window.caller.lead is not None and window.caller.lead.has_active_appointment,
        timeout=8000,
    )
    assert [r["body"]["phone"] for r in sim.state.requests() if r["method"] == "PATCH"] == [TAMPA]

"""The console window, driven like a setter drives it, against the simulator over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hsconsole.api.transport import RequestBudget
from hsconsole.services.formatting import phone_for_display
from hsconsole.sim.heavyset.data import DEMO_PHONES, UNKNOWN_PHONE
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.layout import WindowLayout
from hsconsole.ui.geometry import MIN_USEFUL
from hsconsole.ui.main_window import PAGE_LEAD, PAGE_NEW, MainWindow
from tests.helpers import alt_letters, api_requests, fast_transport, make_console, tooltips_missing_text

DENVER = DEMO_PHONES["denver_booked"]
TAMPA = DEMO_PHONES["tampa_new"]


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


def build_window(
    qtbot: QtBot,
    sim: SimServer,
    *,
    token: str | None = None,
    attempts: int = 3,
    budget: RequestBudget | None = None,
    **options: Any,
) -> MainWindow:
    """A window on ``sim``, shown; ``options`` go to :class:`MainWindow` (its setter in New York unless given)."""
    transport = fast_transport(attempts=attempts, read_timeout=1.5, budget=budget)
    console = make_console(sim.url, token or sim.state.token, transport)
    options = {"setter_zone": "America/New_York", "mode_text": "DEMO", "endpoint_text": sim.url, **options}
    window = MainWindow(console, **options)
    window.confirm = lambda _title, _text: True
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, sim: SimServer) -> Iterator[MainWindow]:
    win = build_window(qtbot, sim)
    yield win
    close(qtbot, win)


def close(qtbot: QtBot, window: MainWindow) -> None:
    window.confirm = lambda _t, _x: True
    window.close()
    qtbot.waitUntil(lambda: window.tasks.pending == 0)


def type_and_search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.phone_input.clear()
    window.phone_input.setFocus()
    qtbot.keyClicks(window.phone_input, text)
    qtbot.keyClick(window.phone_input, Qt.Key.Key_Return)


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=timeout)
    qtbot.wait(1)  # the tasks' done callbacks (the buttons' states) run on the loop's next turn


def look_up(qtbot: QtBot, window: MainWindow, text: str) -> None:
    type_and_search(qtbot, window, text)
    wait_idle(qtbot, window)


def select_first_open_block(window: MainWindow, *, skip_current: bool = True) -> Any:
    model = window.slot_view.slot_model
    for d, day in enumerate(model.days()):
        for r, row in enumerate(day.rows):
            if row.available > 0 and not (skip_current and row.current):
                window.slot_view.setCurrentIndex(model.index(r, 0, model.index(d, 0)))
                return row
    raise AssertionError("no open block")


@pytest.mark.parametrize("typed", ["(801) 555-1234", "801.555.1234", "+1 801 555 1234", "8015551234"])
def test_lookup_in_any_format_fills_editor_and_calendar(
    qtbot: QtBot, window: MainWindow, sim: SimServer, typed: str
) -> None:
    type_and_search(qtbot, window, typed)
    assert "(801) 555-1234" in window.phone_hint.text()
    wait_idle(qtbot, window)
    assert window.pages.currentIndex() == PAGE_LEAD
    assert window.editor.title.text() == "Jane Doe"
    assert window.editor.inputs["first_name"].text() == "Jane"
    assert window.editor.phone.isReadOnly()
    days = window.slot_view.slot_model.days()
    assert days and any(row.current for day in days for row in day.rows)
    lookups = api_requests(sim, "GET", "/phone/query")
    assert lookups[-1]["query"]["phone"] == DENVER
    assert window.recent.count() == 1 and window.disposition_combo.count() > 0


def test_each_block_shows_both_zones_and_capacity(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, DENVER)
    row = window.slot_view.slot_model.days()[0].rows[0]
    assert row.lead_text.endswith(("MST", "MDT")) and row.setter_text.endswith(("EST", "EDT"))
    model = window.slot_view.slot_model
    first = model.index(0, 0, model.index(0, 0))
    assert model.data(first.siblingAtColumn(1)) == row.setter_text
    assert "your time" in model.data(first, Qt.ItemDataRole.AccessibleTextRole)
    full = [
        (d, r)
        for d, day in enumerate(model.days())
        for r, x in enumerate(day.rows)
        if x.available == 0 and not x.current
    ]
    if full:
        d, r = full[0]
        assert not model.flags(model.index(r, 0, model.index(d, 0))) & Qt.ItemFlag.ItemIsEnabled


def test_invalid_phone_is_an_inline_message_and_no_request(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    type_and_search(qtbot, window, "(801) 555-12")
    assert "too short" in window.phone_hint.text()
    assert window.tasks.pending == 0
    assert api_requests(sim) == []


def test_not_found_opens_the_new_lead_form_on_the_number_then_books(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, UNKNOWN_PHONE)
    form = window.new_lead_form
    assert window.pages.currentIndex() == PAGE_NEW and window.caller.phone == UNKNOWN_PHONE
    assert form.inputs["phone"].text() == "(801) 555-0000"
    assert "no lead with the phone number (801) 555-0000" in form.heading.text()
    assert "No lead for (801) 555-0000" in window.statusBar().currentMessage()
    assert QApplication.focusWidget() is form.inputs["first_name"]
    qtbot.keyClicks(form.inputs["first_name"], "Nora")
    qtbot.keyClicks(form.inputs["last_name"], "Newcaller")
    qtbot.keyClicks(form.inputs["zip"], "85001")
    qtbot.keyClicks(form.inputs["product"], "Roofing")
    qtbot.keyClick(form.inputs["zip"], Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.caller.new_lead is not None, window.banner.text()
    posted = api_requests(sim, "POST", "/lead")
    assert len(posted) == 1 and posted[0]["idempotency_key"]
    assert posted[0]["body"]["source"] == "hsconsole" and posted[0]["body"]["phone"] == UNKNOWN_PHONE
    row = select_first_open_block(window)
    qtbot.keyClick(window.slot_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert window.pages.currentIndex() == PAGE_LEAD, window.banner.text()
    assert window.caller.lead is not None and window.caller.lead.block_id == row.block_id
    assert window.editor.facts["status"].text() == "Confirmed"
    booked = api_requests(sim, "POST", "/appointment")
    assert len(booked) == 1 and booked[0]["idempotency_key"]


def test_save_sends_only_changed_fields_with_a_key(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    editor = window.editor
    editor.inputs["first_name"].selectAll()
    qtbot.keyClicks(editor.inputs["first_name"], "Janet")
    editor.inputs["email"].selectAll()
    qtbot.keyClicks(editor.inputs["email"], "janet.d@example.com")
    assert editor.is_dirty() and window.save_button.isEnabled()
    assert editor.labels["first_name"].text().endswith("•")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    patches = api_requests(sim, "PATCH", "/phone/update")
    assert len(patches) == 1
    assert patches[0]["body"] == {"phone": DENVER, "firstName": "Janet", "email": "janet.d@example.com"}
    assert patches[0]["idempotency_key"]
    assert window.editor.title.text() == "Janet Doe" and not editor.is_dirty()


def test_double_click_on_save_sends_once(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    sim.state.set_faults(latency_ms=300)
    window.editor.inputs["city"].setText("Boulder")
    window.editor._edited()
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    window.save()
    wait_idle(qtbot, window)
    assert len(api_requests(sim, "PATCH", "/phone/update")) == 1


def test_server_validation_error_is_shown_at_its_field_and_edits_kept(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    window.editor.inputs["zip"].setText("00000")
    window.editor._edited()
    window.save()
    wait_idle(qtbot, window)
    assert window.editor.errors["zip"].isVisibleTo(window)
    assert "zip" in window.editor.errors["zip"].text().lower()
    assert window.editor.inputs["zip"].text() == "00000"
    assert "Saving failed" in window.banner.text()


def test_book_a_lead_without_appointment(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, TAMPA)
    assert window.book_button.text().replace("&", "") == "Book"
    row = select_first_open_block(window)
    before = sim.state.block_snapshot(row.block_id)
    qtbot.mouseClick(window.book_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert window.caller.lead is not None and window.caller.lead.block_id == row.block_id
    after = sim.state.block_snapshot(row.block_id)
    assert before is not None and after is not None
    assert after["availableSlots"] == before["availableSlots"] - 1
    body = api_requests(sim, "PATCH", "/phone/update")[-1]["body"]
    assert body == {"phone": TAMPA, "blockId": row.block_id}
    assert "Booked" in window.statusBar().currentMessage()


def test_reschedule_asks_and_moves_the_booking(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    assert window.caller.lead is not None
    old = window.caller.lead.block_id
    asked: list[str] = []
    said: list[str] = []
    window.confirm = lambda title, text: asked.append(title) or said.append(text) or True
    row = select_first_open_block(window)
    qtbot.keyClick(window.slot_view, Qt.Key.Key_Return)  # Enter chooses: focus goes to the button
    assert QApplication.focusWidget() is window.book_button
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert asked == ["Reschedule"]
    assert f"{row.lead_text} (their time),\n{row.setter_text} your time?" in said[0]  # both zones, said
    assert window.caller.lead.block_id == row.block_id != old
    done = window.statusBar().currentMessage()  # and the confirmation in both zones too
    assert done.startswith("Rescheduled: Jane Doe, ") and done.endswith(" your time)")


def test_cancel_names_the_appointment_and_asks_for_a_note(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    asked: list[tuple[str, str, tuple[str, str]]] = []

    def ask(title: str, prompt: str, *, buttons: tuple[str, str] = ("OK", "Cancel")) -> str:
        asked.append((title, prompt, buttons))
        return "Customer called to cancel."

    window.ask_text = ask
    when, yours = window.editor.facts["appointment"].text(), window.editor.facts["your_time"].text()
    assert when.endswith(("MST", "MDT")) and yours.endswith(("EST", "EDT"))  # Denver's lead, a New York setter
    qtbot.mouseClick(window.cancel_appt_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    [(title, prompt, buttons)] = asked
    # which appointment, in both zones, and buttons that cannot be read the wrong way round
    assert title == "Cancel the appointment" and buttons == ("Cancel the appointment", "Keep it")
    yours_clock = yours.split(", ", 1)[1].removesuffix(yours[-4:])  # "12:00 PM": the same day, its time only
    assert f"Jane Doe's appointment on {when} ({yours_clock} your time)?" in prompt
    body = api_requests(sim, "PATCH", "/phone/update")[-1]["body"]
    assert body == {"phone": DENVER, "cancelAppt": True, "appendComment": "Customer called to cancel."}
    assert window.caller.lead is not None and window.caller.lead.appointment_status == "Cancelled"
    assert not window.cancel_appt_button.isEnabled()


def test_cancel_without_a_note_sends_nothing(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    window.ask_text = lambda _t, _p, **_buttons: "   "
    window.cancel_appointment()
    assert api_requests(sim, "PATCH") == []
    assert "note" in window.banner.text()


def test_mark_not_qualified(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, TAMPA)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.disposition_combo
    window.disposition_combo.setCurrentText("Renter")
    window.disposition_comment.setText("Lives with parents")
    qtbot.mouseClick(window.disqualify_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    body = api_requests(sim, "PATCH", "/phone/update")[-1]["body"]
    assert body == {"phone": TAMPA, "notQualifiedReason": "Renter", "appendComment": "Lives with parents"}
    assert window.editor.facts["disposition"].text() == "Renter"


def test_dispositions_are_cached_and_refreshable(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    look_up(qtbot, window, TAMPA)
    assert len(api_requests(sim, "GET", "/dispositions")) == 1
    qtbot.mouseClick(window.refresh_dispositions_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert len(api_requests(sim, "GET", "/dispositions")) == 2


def test_a_new_search_cancels_the_one_in_flight(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    sim.state.set_faults(latency_ms=400)
    type_and_search(qtbot, window, DENVER)
    first = window.tasks._slots["search"]
    type_and_search(qtbot, window, TAMPA)
    wait_idle(qtbot, window)
    assert first.cancelled()
    assert window.caller.lead is not None and window.caller.lead.phone == TAMPA


def test_unsaved_edits_are_not_dropped_by_a_new_search(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    window.editor.inputs["city"].setText("Boulder")
    window.editor._edited()
    window.confirm = lambda _t, _x: False
    type_and_search(qtbot, window, TAMPA)
    wait_idle(qtbot, window)
    assert window.caller.lead is not None and window.caller.lead.phone == DENVER
    assert window.editor.inputs["city"].text() == "Boulder"


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("bad_token", "Token rejected"),
        ("demo_token", "demo mode"),
        ("429", "limiting requests"),
        ("500", "HeavySet had a problem"),
        ("drop", "Can't reach HeavySet"),
    ],
)
def test_failures_read_in_setter_words(qtbot: QtBot, sim: SimServer, setup: str, words: str) -> None:
    token = {"bad_token": "not-a-valid-token", "demo_token": sim.state.demo_token}.get(setup)
    window = build_window(qtbot, sim, token=token, attempts=2)
    if setup in ("429", "500", "drop"):
        sim.state.force(setup, times=4)
    look_up(qtbot, window, DENVER)
    assert words in window.banner.text()
    assert "Traceback" not in window.banner.text()
    if setup == "drop":
        assert "Can't reach" in window.connection_label.text()
    close(qtbot, window)


def test_transient_failure_is_retried_transparently(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    sim.state.force("500", times=1)
    look_up(qtbot, window, DENVER)
    assert window.caller.lead is not None and not window.banner.isVisible()


def test_dst_gap_block_is_marked(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    sim.state.set_clock(today=date(2027, 3, 10))
    snapshot = sim.state.add_block(day=date(2027, 3, 14), start_time="2:30 AM", end_time="4:30 AM", zip="33602")
    window.days_ahead.setValue(10)
    look_up(qtbot, window, TAMPA)
    model = window.slot_view.slot_model
    marked = [row for day in model.days() for row in day.rows if row.block_id == snapshot["blockId"]]
    assert marked and marked[0].dst_notes
    assert "does not exist" in marked[0].dst_notes[0]
    index = model.index_of_block(snapshot["blockId"])
    assert "DST" in model.data(index.siblingAtColumn(3))
    window.slot_view.setCurrentIndex(index)
    assert window.slot_note.isVisibleTo(window) and "spring forward" in window.slot_note.text()


def test_shortcuts(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    window.slot_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.phone_input
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(
        lambda: getattr(window, "shortcut_overlay", None) is not None and window.shortcut_overlay.isVisible()
    )
    assert window.shortcut_overlay.table.rowCount() >= 10
    assert tooltips_missing_text(window.shortcut_overlay.table.model()) == []  # a cut line is whole in its tooltip
    window.shortcut_overlay.close()
    window.editor.inputs["city"].setText("Boulder")
    window.editor._edited()
    window.slot_view.setFocus()
    qtbot.keyClick(window.slot_view, Qt.Key.Key_Escape)
    assert window.editor.inputs["city"].text() == "Denver"
    window.slot_view.setFocus()
    qtbot.keyClicks(window.slot_view, "?")
    qtbot.waitUntil(lambda: window.shortcut_overlay.isVisible())
    window.shortcut_overlay.close()
    window.editor.inputs["taker_id"].setFocus()
    qtbot.keyClicks(window.editor.inputs["taker_id"], "a?")
    assert window.editor.inputs["taker_id"].text() == "a?"
    assert not window.shortcut_overlay.isVisible()


def test_closing_cancels_pending_work(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    sim.state.set_faults(latency_ms=500)
    type_and_search(qtbot, window, DENVER)
    task = window.tasks._slots["search"]
    window.close()
    qtbot.waitUntil(task.done)
    assert task.cancelled()


def test_future_dates_are_grouped_by_day(qtbot: QtBot, window: MainWindow) -> None:
    look_up(qtbot, window, DEMO_PHONES["honolulu"])
    days = window.slot_view.slot_model.days()
    assert [d.day for d in days] == sorted(d.day for d in days)
    assert all(row.slot.appointment_date == day.day for day in days for row in day.rows)
    assert all(row.lead_text.endswith("HST") for day in days for row in day.rows)
    assert days[-1].day - days[0].day < timedelta(days=30)


def test_window_layout_is_remembered(qtbot: QtBot, sim: SimServer, tmp_path: Any) -> None:
    from hsconsole.store.settings import SettingsStore

    store = SettingsStore(tmp_path / "settings.json")
    console = make_console(sim.url, sim.state.token)
    first = MainWindow(console, setter_zone="America/New_York", settings=store.load(), settings_store=store)
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 700)  # on the test platform's 800×800 screen, and not smaller than useful there
    first.splitter.setSizes([200, 250, 251])
    first.days_ahead.setValue(9)
    sizes = first.splitter.sizes()
    first.close()
    second = MainWindow(console, setter_zone="America/New_York", settings=store.load(), settings_store=store)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (790, 700)
    assert second.splitter.sizes() == sizes
    assert second.days_ahead.value() == 9
    close(qtbot, second)


def test_at_the_useful_minimum_the_lead_the_calendar_and_book_show_without_scrolling(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The smallest window a saved geometry may bring back (ui/geometry.py), as a 1366×768 screen opens it."""
    look_up(qtbot, window, DENVER)
    window.resize(*MIN_USEFUL)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == MIN_USEFUL)
    QApplication.processEvents()
    page = window.lead_pane.lead_scroll.viewport()
    assert window.editor.title.text() == "Jane Doe"
    contact = ("first_name", "last_name", "street_address", "city", "zip", "email")
    for widget in [window.editor.title, *(window.editor.inputs[name] for name in contact)]:
        assert page.rect().contains(QRect(widget.mapTo(page, QPoint(0, 0)), widget.size())), widget.objectName()
    assert not window.lead_pane.lead_scroll.horizontalScrollBar().isVisible()
    header = window.slot_view.header()
    assert header.sectionPosition(2) + header.sectionSize(2) <= window.slot_view.viewport().width()  # "Open"
    scroll = window.slot_view.horizontalScrollBar()
    assert scroll.maximum() == 0, (scroll.maximum(), [header.sectionSize(c) for c in range(4)])  # all of it shows
    assert window.slot_view.viewport().height() > 10 * window.slot_view.fontMetrics().height()
    book = window.book_button
    assert book.isVisible() and window.rect().contains(QRect(book.mapTo(window, QPoint(0, 0)), book.size()))


@pytest.mark.parametrize("phone", [DENVER, TAMPA, UNKNOWN_PHONE])
def test_alt_keys_are_unique_on_every_screen(qtbot: QtBot, window: MainWindow, phone: str) -> None:
    look_up(qtbot, window, phone)
    assert window.pages.currentIndex() == (PAGE_NEW if phone == UNKNOWN_PHONE else PAGE_LEAD)
    menus = [a.text() for a in window.menuBar().actions()]
    letters = alt_letters(window, menus)
    duplicates = sorted({x for x in letters if letters.count(x) > 1})
    assert duplicates == [], duplicates


def test_alt_keys_are_unique_on_every_wizard_page(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWizard

    from hsconsole.ui.wizard import SetupWizard

    async def never(*_args: Any) -> Any:
        raise AssertionError("no test in this check")

    wizard = SetupWizard(never)
    qtbot.addWidget(wizard)
    buttons = [
        wizard.buttonText(b)
        for b in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton)
    ]
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        page.show()
        letters = alt_letters(page, buttons)
        duplicates = sorted({x for x in letters if letters.count(x) > 1})
        assert duplicates == [], (page_id, duplicates)


def test_no_two_actions_share_a_key(window: MainWindow) -> None:
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in seen, f"{key} is on both {seen[key]} and {action.objectName()}"
            seen[key] = action.objectName()
    assert {"Ctrl+S", "Ctrl+F", "Ctrl+Return", "Ctrl+D", "F1", "Ctrl+Q", "Esc"} <= set(seen)


def test_ctrl_q_quits(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.closed, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def test_the_progress_bar_shows_only_for_a_slow_lookup(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)  # quick: done before the bar's delay
    assert not window.spinner.isVisible()
    sim.state.set_faults(latency_ms=600)
    type_and_search(qtbot, window, TAMPA)
    assert not window.spinner.isVisible()  # not at once ...
    assert "Looking up" not in window.statusBar().currentMessage()
    qtbot.waitUntil(window.spinner.isVisible, timeout=2000)  # ... but while the answer is slow, with words
    assert window.statusBar().currentMessage() == f"Looking up {phone_for_display(TAMPA)}…"
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not window.spinner.isVisible(), timeout=1000)
    assert window.caller.lead is not None and window.caller.lead.phone == TAMPA


def test_the_frame_takes_a_number_before_the_console_is_there(
    qtbot: QtBot, sim: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HSCONSOLE_SETTER_TZ", "America/Phoenix")
    frame = MainWindow(layout=WindowLayout(limit_days=9))  # as main() builds it: the zone comes at attach
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    assert not frame.ready and frame.days_ahead.value() == 9
    assert frame.setter_zone == "" and not frame.phone_input.isClearButtonEnabled()
    assert not frame.save_action.isEnabled() and frame.find_action.isEnabled()
    waiting = (frame.book_button, frame.refresh_button, frame.connectors_action, frame.setup_action)
    assert not any(w.isEnabled() for w in waiting)
    type_and_search(qtbot, frame, "(801) 555-1234")
    assert "as soon as the console is ready" in frame.statusBar().currentMessage()
    assert frame.phone_hint.text().strip() == ""  # no phone library yet: the hint comes with the console
    assert api_requests(sim) == []
    console = make_console(sim.url, sim.state.token, fast_transport())
    assert frame.attach(console, mode_text="DEMO", endpoint_text=sim.url)  # True: it looks the number up
    assert frame.ready and frame.save_action.isEnabled() is False  # nothing to save yet
    assert frame.setter_zone == "America/Phoenix" and frame.phone_input.isClearButtonEnabled()
    assert frame.phone_hint.text().startswith("→ ")
    qtbot.waitUntil(lambda: frame.caller.lead is not None and frame.caller.lead.phone == DENVER, timeout=5000)
    assert frame.pages.currentIndex() == PAGE_LEAD and frame.slot_view.slot_model.rowCount() > 0
    assert frame.windowTitle() == "HeavySet Console — DEMO"
    close(qtbot, frame)


def test_closing_the_frame_while_starting_ends_cleanly(qtbot: QtBot) -> None:
    frame = MainWindow(setter_zone="America/New_York")
    qtbot.addWidget(frame)
    frame.show()
    with qtbot.waitSignal(frame.closed, timeout=2000):
        frame.close()
    assert not frame.isVisible()


def test_an_answer_too_big_to_read_is_said_and_leaves_nothing_of_the_last_caller(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    assert "open blocks" in window.calendar_title.text()
    sim.state.force_malformed("huge", path="query/blocks", size=20_000_000)  # 20 MB: over what is read
    look_up(qtbot, window, TAMPA)
    assert window.editor.title.text() == "Marcus Webb"
    assert "too big to read" in window.banner.text() and "fewer days" in window.banner.text()
    assert "open blocks" not in window.calendar_title.text()  # not Jane's count and zone
    assert window.slot_view.slot_model.days() == []


def test_a_regional_route_left_for_the_session_shows_where_lookups_go(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    assert window.connection_label.text() == "● Connected"
    window.console.s2s.regional_off = "The low-latency lookup route answered 404 3 times in a row…"
    look_up(qtbot, window, TAMPA)
    assert window.connection_label.text() == "● Connected · main route"
    assert "low-latency" in window.connection_label.toolTip()


def real_blocks(sim: SimServer, phone: str) -> dict[str, Any]:
    """The simulator's blocks answer for ``phone``, as JSON, to be changed and served back."""
    import httpx

    answer = httpx.get(
        f"{sim.url}/api/v1/appointment/s2s/phone/query/blocks",
        params={"phone": phone},
        headers={"x-hs-token": sim.state.token},
    )
    return dict(answer.json())


def test_one_unreadable_block_leaves_the_rest_of_the_calendar_and_is_said(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    real = real_blocks(sim, DENVER)
    real["slots"][1]["startTime"] = "25:00 PM"
    real["slots"][3]["availableSlots"] = -2
    sim.state.force_malformed("raw", path="query/blocks", body=json.dumps(real))
    look_up(qtbot, window, DENVER)
    shown = sum(len(day.rows) for day in window.slot_view.slot_model.days())
    assert shown == len(real["slots"]) - 2
    assert "⚠ 2 unreadable left out" in window.calendar_title.text()
    assert "block 2: startTime" in window.calendar_title.toolTip()
    assert "block 4: availableSlots" in window.calendar_title.toolTip()


def test_a_not_qualified_mark_that_keeps_the_appointment_says_so(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    sim.state.dialects = frozenset({"disqualify_keeps_appointment"})
    look_up(qtbot, window, DENVER)
    window.disposition_combo.setCurrentText("Renter")
    qtbot.mouseClick(window.disqualify_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert window.caller.lead is not None and window.caller.lead.has_active_appointment
    assert "HeavySet kept Jane Doe's appointment" in window.banner.text()
    assert "cancel it (Ctrl+Shift+X)" in window.banner.text()


def test_blocks_heavyset_gave_no_zone_are_placed_in_the_leads_zone_and_marked(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    real = real_blocks(sim, DENVER)
    real.pop("timeZone", None)
    for slot in real["slots"]:
        slot.pop("timeZone", None)
    sim.state.force_malformed("raw", path="query/blocks", body=json.dumps(real))
    look_up(qtbot, window, DENVER)
    shown = sum(len(day.rows) for day in window.slot_view.slot_model.days())
    assert shown == len(real["slots"])
    title = window.calendar_title.text()
    assert "lead's zone America/Denver (from the lead's" in title and "HeavySet gave none" in title
    row = window.slot_view.slot_model.days()[0].rows[0]
    assert row.lead_text.endswith(("MST", "MDT"))


def test_every_box_an_alt_letter_reaches_ticks_before_the_next_key(qtbot: QtBot, window: MainWindow) -> None:
    """Qt ticks a box 100 ms after its Alt+letter: Alt+T, Ctrl+S at speed saved the lead without the tick shown."""
    from PySide6.QtWidgets import QCheckBox

    from hsconsole.ui.forms import TickBox

    look_up(qtbot, window, DENVER)
    boxes = [box for box in window.findChildren(QCheckBox) if "&" in box.text()]
    assert {"&TCPA consent", "D&o not call", "TCPA con&sent", "Opt-&in"} <= {box.text() for box in boxes}
    assert all(isinstance(box, TickBox) for box in boxes), [b.text() for b in boxes if not isinstance(b, TickBox)]
    window.activateWindow()
    tcpa = window.editor.checks["tcpa_flag"]
    was = tcpa.isChecked()
    qtbot.keyClick(window.editor.inputs["city"], Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert tcpa.isChecked() is not was and window.save_button.isEnabled()

"""The caller's history in the lead view: this caller's lines of the activity log, when and by whom.

The words of each kind of line are checked on their own; then the real window is driven against the
simulator with an activity log on disk: the history of the caller on screen and of no other, a slow read
of one caller never shown beside the next, the history after a booking, a cancellation and a note, the
"show all" link, and the window's size at 1366×768.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.audit import AuditEntry, AuditLog
from hsconsole.ui.audit_window import format_local_time
from hsconsole.ui.caller_history import CallerHistoryView, entry_words
from hsconsole.ui.main_window import MainWindow
from tests.helpers import fast_transport, make_console

DENVER = DEMO_PHONES["denver_booked"]
TAMPA = DEMO_PHONES["tampa_new"]
SETTER_ZONE = "America/New_York"
EARLIER = datetime(2025, 3, 4, 15, 30, tzinfo=UTC)  # 10:30 AM in New York


def entry(action: str, changes: dict[str, Any] | None = None, result: str = "ok", message: str = "") -> AuditEntry:
    return AuditEntry(1, EARLIER, "Acme", action, DENVER, "Jane Doe", changes or {}, result, message, "dana")


# ---------------------------------------------------------------- the words


def test_each_kind_of_line_reads_as_what_was_done() -> None:
    block = {"block": "Tue Nov 25, 8:00 AM – 10:00 AM MST", "block_id": "b-1"}
    assert entry_words(entry("lookup")) == "Looked up"
    assert entry_words(entry("lookup", message="not in the CRM")) == "Looked up: not in the CRM"
    assert entry_words(entry("lookup", result="failed", message="HeavySet did not answer")) == (
        "⚠ Look-up failed: HeavySet did not answer"
    )
    assert entry_words(entry("book", block)) == "Booked Tue Nov 25, 8:00 AM – 10:00 AM MST"
    assert entry_words(entry("reschedule", block)) == "Rescheduled to Tue Nov 25, 8:00 AM – 10:00 AM MST"
    assert entry_words(entry("book", block, "queued", "kept")) == (
        "Booked Tue Nov 25, 8:00 AM – 10:00 AM MST — waiting in the outbox"
    )
    assert entry_words(entry("book", block, "failed", "the block is taken")) == (
        "⚠ Booked Tue Nov 25, 8:00 AM – 10:00 AM MST — failed: the block is taken"
    )
    assert entry_words(entry("cancel", {"note": "moved away"})) == "Cancelled the appointment: moved away"
    assert entry_words(entry("disqualify", {"reason": "Renter", "comment": ""})) == "Marked not qualified: Renter"
    assert entry_words(entry("disqualify", {"reason": "Renter", "comment": "asked twice"})) == (
        "Marked not qualified: Renter (asked twice)"
    )
    assert entry_words(entry("save", {"append_comment": "call after 5"})) == "Note: call after 5"
    assert entry_words(entry("save", {"city": "Golden", "tcpa_flag": True, "append_comment": "ok"})) == (
        "Saved city → Golden; tcpa flag → true · Note: ok"
    )
    assert entry_words(entry("replay", message="Save Jane Doe: city")) == "Sent from the outbox: Save Jane Doe: city"
    assert entry_words(entry("replay", result="failed", message="Save: refused")) == (
        "⚠ Not sent from the outbox: Save: refused"
    )
    assert entry_words(entry("new_lead")) == "Created the lead"
    assert entry_words(entry("consent")) == "Consent"
    long_note = entry_words(entry("save", {"append_comment": "word " * 200}))
    assert len(long_note) <= len("Note: ") + 300 and long_note.endswith("…")


# ---------------------------------------------------------------- the window


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(rate_limit=None) as server:
        yield server


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[AuditLog]:
    log = AuditLog(tmp_path / "audit.sqlite3", actor="dana")
    yield log
    log.close()


@pytest.fixture
def window(qtbot: QtBot, sim: SimServer, audit: AuditLog, tmp_path: Path) -> Iterator[MainWindow]:
    console = make_console(
        sim.url, sim.state.token, fast_transport(attempts=1, read_timeout=2.0), outbox_path=tmp_path / "o.db"
    )
    console.audit = audit  # as the app wires it: the console records, the window reads the same log
    win = MainWindow(console, setter_zone=SETTER_ZONE, audit=audit)
    win.confirm = lambda _title, _text: True
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.confirm = lambda _title, _text: True
    win.close()
    qtbot.waitUntil(lambda: win.tasks.pending == 0 and win.lead_pane.history.tasks.pending == 0, timeout=5000)


def history(window: MainWindow) -> CallerHistoryView:
    return window.lead_pane.history


def rows(window: MainWindow) -> list[tuple[str, str, str]]:
    lines = history(window).lines
    return [tuple(lines.topLevelItem(i).text(c) for c in range(3)) for i in range(lines.topLevelItemCount())]  # type: ignore[misc]


def idle(window: MainWindow) -> bool:
    return not window.working() and not history(window).tasks.busy("history")


def look_up(qtbot: QtBot, window: MainWindow, phone: str) -> None:
    window.search(phone)
    qtbot.waitUntil(
        lambda: idle(window) and window.caller.lead is not None and window.caller.lead.phone == phone, timeout=8000
    )
    qtbot.waitUntil(lambda: history(window).caller is window.caller and idle(window), timeout=5000)


def when(at: datetime) -> str:
    return format_local_time(at, ZoneInfo(SETTER_ZONE))


def test_the_history_is_this_callers_with_when_and_who_and_never_another_callers(
    qtbot: QtBot, window: MainWindow, audit: AuditLog, tmp_path: Path
) -> None:
    audit.record(profile="", action="book", phone=DENVER, name="Jane Doe", changes={"block": "Mon Mar 10, 9:00 AM"},
                 at=EARLIER, actor="kim")  # fmt: skip
    audit.record(profile="", action="save", phone=DENVER, changes={"append_comment": "gate code 4411"},
                 at=EARLIER + timedelta(days=1), actor="")  # fmt: skip
    audit.record(profile="", action="disqualify", phone=TAMPA, changes={"reason": "Renter"}, at=EARLIER, actor="lee")
    audit.record(profile="Other", action="cancel", phone=DENVER, at=EARLIER, actor="kim")  # another profile's CRM
    look_up(qtbot, window, DENVER)
    shown = rows(window)
    assert shown[0][1:] == ("Looked up", "dana")  # this lookup, by the desk's account
    assert shown[1:] == [
        (when(EARLIER + timedelta(days=1)), "Note: gate code 4411", "—"),  # before who was kept
        (when(EARLIER), "Booked Mon Mar 10, 9:00 AM", "kim"),
    ]
    assert when(EARLIER) in ("Mar 4 10:30 AM", "Mar 4, 2025 10:30 AM")  # the setter's zone, with the date
    tabs = window.editor.facts_tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["From the CRM", "History (3)"]
    assert tabs.isTabVisible(1) and tabs.currentIndex() == 0
    assert history(window).note.text() == "3 actions for this caller, newest first."
    tabs.setCurrentIndex(1)

    look_up(qtbot, window, TAMPA)  # the next caller: their history only, from the CRM's facts again
    assert [r[1:] for r in rows(window)] == [("Looked up", "dana"), ("Marked not qualified: Renter", "lee")]
    assert tabs.tabText(1) == "History (2)" and tabs.currentIndex() == 0
    assert not any("gate code" in r[1] or "Booked" in r[1] for r in rows(window))
    window.search("(720) 555-0000")  # not in the CRM: no lead, and nothing of Tampa's is kept for it
    qtbot.waitUntil(lambda: idle(window) and window.caller.lead is None, timeout=8000)
    assert rows(window) == [] and history(window).caller is None and tabs.tabText(1) == "History"


def test_a_slow_read_of_one_caller_never_shows_beside_the_next(
    qtbot: QtBot, window: MainWindow, audit: AuditLog
) -> None:
    audit.record(profile="", action="cancel", phone=DENVER, changes={"note": "Jane's own"}, at=EARLIER)
    gate = threading.Event()
    reads: list[frozenset[str]] = []
    read = audit.entries

    def slow_for_denver(**options: Any) -> list[AuditEntry]:
        phones = frozenset(options.get("phones") or ())
        if DENVER in phones:
            gate.wait(10)  # the disk is slow for Jane's lines
        found = read(**options)
        reads.append(phones)
        return found

    audit.entries = slow_for_denver  # type: ignore[method-assign]
    window.search(DENVER)
    qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == DENVER, timeout=8000)
    jane = window.caller
    assert history(window).note.text() == "Reading…" and rows(window) == []
    shown: list[list[str]] = []  # everything the tab shows from now on, each time it changes
    history(window).title_changed.connect(lambda _title: shown.append([r[1] for r in rows(window)]))
    window.search(TAMPA)
    qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == TAMPA, timeout=8000)
    gate.set()  # Jane's lines arrive after Tampa's caller is on screen
    qtbot.waitUntil(lambda: len(reads) >= 2 and idle(window), timeout=8000)
    assert DENVER in reads[0]  # it was read, and came back late
    assert shown and not any("Jane's own" in line for lines in shown for line in lines), shown  # not even briefly
    assert history(window).caller is window.caller is not jane
    assert [r[1] for r in rows(window)] == ["Looked up"]
    assert window.editor.facts_tabs.tabText(1) == "History (1)"
    assert not any("Jane's own" in r[1] for r in rows(window))


def test_the_history_follows_a_booking_a_cancellation_and_a_note(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    from tests.test_main_window import select_first_open_block

    look_up(qtbot, window, TAMPA)
    row = select_first_open_block(window)
    qtbot.mouseClick(window.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: idle(window) and rows(window)[0][1].startswith("Booked "), timeout=8000)
    assert window.caller.lead is not None and window.caller.lead.block_id == row.block_id
    top = rows(window)[0]
    assert top[1] == f"Booked {row.start:%a %b} {row.start.day}, {row.lead_text}" and top[2] == "dana"
    window.ask_text = lambda *_args, **_options: "moved to Ohio"
    window.cancel_appointment()
    qtbot.waitUntil(lambda: idle(window) and rows(window)[0][1].startswith("Cancelled"), timeout=8000)
    assert rows(window)[0][1:] == ("Cancelled the appointment: moved to Ohio", "dana")
    window.editor.comment.setText("call after 5")
    window.editor._edited()
    window.save()
    qtbot.waitUntil(lambda: idle(window) and rows(window)[0][1] == "Note: call after 5", timeout=8000)
    assert [r[1].split(" ")[0] for r in rows(window)] == ["Note:", "Cancelled", "Booked", "Looked"]
    assert window.editor.facts_tabs.tabText(1) == "History (4)"


def test_fifty_lines_at_most_and_the_rest_in_the_activity_log(
    qtbot: QtBot, window: MainWindow, audit: AuditLog
) -> None:
    for n in range(60):
        audit.record(profile="", action="lookup", phone=DENVER, at=EARLIER + timedelta(minutes=n))
    audit.record(profile="", action="lookup", phone=TAMPA, at=EARLIER)
    look_up(qtbot, window, DENVER)
    assert len(rows(window)) == 50
    assert window.editor.facts_tabs.tabText(1) == "History (50+)"
    assert history(window).note.text() == "The newest 50 of this caller's actions."
    qtbot.mouseClick(history(window).show_all_button, Qt.MouseButton.LeftButton)
    activity = window.side.audit_window
    assert activity is not None and activity.isVisible()
    assert activity.filter_input.text() == "(801) 555-1234"
    assert activity.model.rowCount() == 61  # every line of Jane's, and Tampa's not
    activity.close()


def test_without_an_activity_log_there_is_no_history_tab(qtbot: QtBot, sim: SimServer) -> None:
    console = make_console(sim.url, sim.state.token, fast_transport(attempts=1))
    win = MainWindow(console, setter_zone=SETTER_ZONE)
    qtbot.addWidget(win)
    win.show()
    try:
        look_up(qtbot, win, DENVER)
        assert not win.editor.facts_tabs.isTabVisible(1) and rows(win) == []
        assert not history(win).show_all_button.isEnabled()
    finally:
        win.close()
        qtbot.waitUntil(lambda: win.tasks.pending == 0, timeout=5000)


def test_the_history_leaves_the_calendar_and_book_button_in_view_at_1366_by_768(
    qtbot: QtBot, window: MainWindow, audit: AuditLog
) -> None:
    for n in range(30):
        audit.record(profile="", action="save", phone=DENVER, changes={"append_comment": f"note {n} " * 20},
                     at=EARLIER + timedelta(hours=n))  # fmt: skip
    window.resize(1366, 768)
    look_up(qtbot, window, DENVER)
    window.editor.facts_tabs.setCurrentIndex(1)
    qtbot.wait(50)
    assert window.minimumSizeHint().height() <= 768 and window.height() == 768
    for widget in (window.book_button, window.slot_view):
        assert widget.isVisible()
        bottom = widget.mapTo(window, widget.rect().bottomLeft()).y()
        assert bottom < window.height(), widget.objectName()
    lines = history(window).lines
    assert lines.height() >= 4 * lines.sizeHintForRow(0)  # a few lines at once; the rest scroll
    assert lines.verticalScrollBar().maximum() > 0

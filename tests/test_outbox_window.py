"""The outbox as the setter sees it: pending count, pending values in the editor, refusals to fix."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.ui.main_window import PAGE_LEAD, MainWindow
from tests.helpers import api_requests, fast_transport, make_console

DENVER = DEMO_PHONES["denver_booked"]
TAMPA = DEMO_PHONES["tampa_new"]
WORK = ("search", "save", "book", "cancel", "disqualify", "slots", "create", "book_new", "dispositions")


def idle(window: MainWindow) -> bool:
    return not any(window.tasks.busy(slot) for slot in WORK)


def build(qtbot: QtBot, url: str, token: str, tmp_path: Path) -> MainWindow:
    console = make_console(url, token, fast_transport(attempts=1, read_timeout=1.0), outbox_path=tmp_path / "o.db")
    window = MainWindow(console, setter_zone="America/New_York")
    window.confirm = lambda _t, _x: True
    qtbot.addWidget(window)
    window.show()
    return window


def close(qtbot: QtBot, window: MainWindow) -> None:
    window.close()
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=3000)


def test_an_offline_save_is_kept_shown_and_lands_once(qtbot: QtBot, tmp_path: Path) -> None:
    sim = SimServer(rate_limit=None)
    sim.start()
    port, token = sim.port, sim.state.token
    window = build(qtbot, sim.url, token, tmp_path)
    window.search(DENVER)
    qtbot.waitUntil(lambda: window.caller.lead is not None and idle(window))
    assert window.pending_button.text() == "✓ All sent"
    sim.stop()  # the network goes away mid-call

    window.editor.inputs["city"].setText("Boulder")
    window.editor._edited()
    window.save()
    qtbot.waitUntil(lambda: idle(window), timeout=8000)
    assert "1 pending" in window.pending_button.text()
    assert "outbox" in window.banner.text() and "Nothing is lost" in window.banner.text()
    assert window.editor.inputs["city"].text() == "Boulder" and not window.editor.is_dirty()

    back = SimServer(port=port, token=token, rate_limit=None)
    back.start()
    try:
        assert window.console.outbox is not None
        window.console.outbox.wake()
        qtbot.waitUntil(lambda: window.pending_button.text() == "✓ All sent", timeout=15000)
        snapshot = back.state.lead_snapshot(DENVER)
        assert snapshot is not None and snapshot["city"] == "Boulder"
        patches = api_requests(back, "PATCH")
        assert len({p["idempotency_key"] for p in patches}) == 1
        assert sum(1 for p in patches if p["applied"]) == 1
        assert "Reached HeavySet" in window.statusBar().currentMessage()
    finally:
        close(qtbot, window)
        back.stop()


def _queue_a_refused_zip(qtbot: QtBot, window: MainWindow, sim: SimServer, fault: str = "500") -> None:
    """TAMPA's ZIP changed to one HeavySet refuses, kept in the outbox by ``fault`` (so it looks saved)."""
    window.search(TAMPA)
    qtbot.waitUntil(lambda: window.caller.lead is not None and idle(window))
    sim.state.force(fault, times=2, path="/phone/update")
    window.editor.inputs["zip"].setText("00000")
    window.editor._edited()
    window.save()
    qtbot.waitUntil(lambda: idle(window) and "pending" in window.pending_button.text(), timeout=8000)
    assert window.editor.inputs["zip"].text() == "00000" and not window.editor.is_dirty()  # shown as pending


def _replay(window: MainWindow) -> None:
    outbox = window.console.outbox
    assert outbox is not None
    outbox.store.retry_now(outbox.store.entries(profile="Test")[0].id)
    outbox.wake()


def test_a_change_refused_while_its_caller_is_on_screen_comes_back_in_the_fields(qtbot: QtBot, tmp_path: Path) -> None:
    with SimServer(rate_limit=None) as sim:
        window = build(qtbot, sim.url, sim.state.token, tmp_path)
        _queue_a_refused_zip(qtbot, window, sim, fault="drop")
        assert window.connection_label.text() == "○ Can't reach HeavySet"  # the dropped connection said so
        _replay(window)
        qtbot.waitUntil(lambda: idle(window) and window.editor.is_dirty(), timeout=10000)
        # the refused value no longer looks saved: it is a change, marked, with Save and Revert on
        assert window.editor.inputs["zip"].text() == "00000"
        assert window.save_button.isEnabled() and window.revert_button.isEnabled()
        assert "refused a change to" in window.banner.text() and "back in the fields" in window.banner.text()
        assert "zip" in window.editor.errors["zip"].text().lower()  # the refusal under the field it names
        assert window.pages.currentIndex() == PAGE_LEAD
        assert window.connection_label.text() == "● Connected"  # HeavySet answered: it is reachable
        outbox = window.console.outbox
        assert outbox is not None and outbox.failed_count() == 0 and outbox.pending_count() == 0
        window.editor.inputs["zip"].setText("33602")
        window.editor._edited()
        window.save()
        qtbot.waitUntil(lambda: idle(window) and not window.editor.is_dirty(), timeout=8000)
        snapshot = sim.state.lead_snapshot(TAMPA)
        assert snapshot is not None and snapshot["zip"] == "33602"
        assert "refused" not in window.banner.text()
        close(qtbot, window)


def test_a_change_refused_for_another_caller_is_said_and_fixed_from_pending_changes(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with SimServer(rate_limit=None) as sim:
        window = build(qtbot, sim.url, sim.state.token, tmp_path)
        _queue_a_refused_zip(qtbot, window, sim)
        window.search(DENVER)  # the setter is on the next call when the refusal comes
        qtbot.waitUntil(lambda: idle(window) and window.caller.lead is not None and window.caller.lead.phone == DENVER)
        _replay(window)
        qtbot.waitUntil(lambda: "refused" in window.pending_button.text(), timeout=10000)
        assert "refused a change" in window.banner.text()
        assert window.caller.lead is not None and window.caller.lead.phone == DENVER and not window.editor.is_dirty()

        window.show_outbox()
        panel = window.outbox_panel
        assert panel is not None and panel.table.rowCount() == 1
        assert "zip" in panel.table.item(0, 4).text().lower()
        panel.table.selectRow(0)
        assert "zip: 00000" in panel.details.toPlainText()
        assert panel.fix_button.isEnabled()
        panel.fix()
        qtbot.waitUntil(
            lambda: idle(window) and window.pages.currentIndex() == PAGE_LEAD and window.caller.lead.phone == TAMPA
        )
        assert window.editor.inputs["zip"].text() == "00000" and window.editor.is_dirty()
        assert "fix it and save again" in window.banner.text()
        outbox = window.console.outbox
        assert outbox is not None and outbox.failed_count() == 0 and panel.table.rowCount() == 0
        window.editor.inputs["zip"].setText("33602")
        window.editor._edited()
        window.save()
        qtbot.waitUntil(lambda: idle(window), timeout=8000)
        snapshot = sim.state.lead_snapshot(TAMPA)
        assert snapshot is not None and snapshot["zip"] == "33602"
        close(qtbot, window)


def test_discard_asks_first(qtbot: QtBot, tmp_path: Path) -> None:
    with SimServer(rate_limit=None) as sim:
        window = build(qtbot, sim.url, sim.state.token, tmp_path)
        window.search(TAMPA)
        qtbot.waitUntil(lambda: window.caller.lead is not None and idle(window))
        sim.state.force("500", times=2, path="/phone/update")
        window.editor.inputs["city"].setText("Clearwater")
        window.editor._edited()
        window.save()
        qtbot.waitUntil(lambda: idle(window) and "pending" in window.pending_button.text(), timeout=8000)
        window.show_outbox()
        panel = window.outbox_panel
        assert panel is not None
        panel.table.selectRow(0)
        asked: list[str] = []
        panel.confirm = lambda title, _text: asked.append(title) is not None and False
        panel.discard()
        assert asked == ["Discard change"] and panel.table.rowCount() == 1
        panel.confirm = lambda _title, _text: True
        panel.discard()
        assert panel.table.rowCount() == 0 and window.pending_button.text() == "✓ All sent"
        close(qtbot, window)


def test_an_offline_booking_says_the_block_is_not_confirmed(qtbot: QtBot, tmp_path: Path) -> None:
    sim = SimServer(rate_limit=None)
    sim.start()
    window = build(qtbot, sim.url, sim.state.token, tmp_path)
    window.search(TAMPA)
    qtbot.waitUntil(lambda: window.caller.lead is not None and idle(window))
    sim.stop()
    model = window.slot_view.slot_model
    first_open = next(
        model.index(r, 0, model.index(d, 0))
        for d, day in enumerate(model.days())
        for r, row in enumerate(day.rows)
        if row.available > 0
    )
    window.slot_view.setCurrentIndex(first_open)
    window.book()
    qtbot.waitUntil(lambda: idle(window), timeout=8000)
    assert "1 pending" in window.pending_button.text()
    assert "not confirmed until HeavySet accepts it" in window.banner.text()
    close(qtbot, window)


def test_a_save_whose_answer_is_cut_off_is_not_failed_and_a_second_ctrl_s_sends_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The change landed; its answer could not be read. The setter is not told to try again, the note is
    not typed twice, and the outbox confirms it with the same key."""
    from PySide6.QtCore import Qt

    with SimServer(rate_limit=None) as sim:
        window = build(qtbot, sim.url, sim.state.token, tmp_path)
        try:
            window.search(DENVER)
            qtbot.waitUntil(lambda: window.caller.lead is not None and idle(window))
            sim.state.force_malformed("truncated", path="phone/update", method="PATCH")
            window.editor.comment.setFocus()
            qtbot.keyClicks(window.editor.comment, "Wants Tuesday")
            qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: idle(window), timeout=8000)
            banner = window.banner.text()
            assert "fail" not in banner.lower() and "try again" not in banner.lower(), banner
            assert "not confirmed yet" in banner and "same key" in banner
            assert not window.editor.is_dirty() and window.editor.comment.text() == ""
            qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # nothing left to send
            assert window.console.outbox is not None
            window.console.outbox.network_back()
            qtbot.waitUntil(lambda: window.pending_button.text() == "✓ All sent", timeout=15000)
            assert not window.banner.isVisible()  # told for as long as it was true, and no longer
            snapshot = sim.state.lead_snapshot(DENVER)
            assert snapshot is not None and list(snapshot["comments"]).count("Wants Tuesday") == 1
            patches = api_requests(sim, "PATCH")
            assert len(patches) == 2 and len({p["idempotency_key"] for p in patches}) == 1
        finally:
            close(qtbot, window)


def test_a_lookup_queued_behind_the_request_limit_says_so_with_its_time(qtbot: QtBot, tmp_path: Path) -> None:
    from hsconsole.api.transport import RequestBudget

    with SimServer(rate_limit=None) as sim:
        transport = fast_transport(attempts=1, read_timeout=1.0, budget=RequestBudget(limit=2, window=4.0))
        console = make_console(sim.url, sim.state.token, transport)
        window = MainWindow(console, setter_zone="America/New_York")
        qtbot.addWidget(window)
        window.show()
        try:
            window.search(DENVER)  # its two requests use the budget up
            qtbot.waitUntil(lambda: window.caller.lead is not None and idle(window))
            window.search(TAMPA)
            qtbot.waitUntil(lambda: "limit of requests" in window.statusBar().currentMessage(), timeout=3000)
            message = window.statusBar().currentMessage()
            assert "(813) 555-0111 is looked up at " in message and message.endswith("M…"), message
            qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == TAMPA, timeout=10000)
            assert "limit of requests" not in window.statusBar().currentMessage()
        finally:
            close(qtbot, window)

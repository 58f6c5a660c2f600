"""Figure 2, the console side: Enter in the phone field → lead in the editor and blocks in the calendar.

A real :class:`MainWindow`, wired like ``hsconsole.controller.Controller.open_window`` wires it (a
:class:`Session`: an outbox and an audit log in a temporary data folder, one :class:`Transport`), shown on the
platform the parent chose, on the qasync loop. Each lookup starts from an idle window (``--settle-ms`` after
the previous one) and is timed from ``window.search(phone)`` (what Enter in the phone field calls) to the
``lead_shown`` signal, which the window emits once the editor is loaded and the slot model has been reset with
the blocks (checked: ``window.caller.lead`` is that lead and the model has rows). The time to the slot view's next
paint is reported beside it (``painted_ms``).

Commands arrive as JSON lines on stdin so the parent can alternate batches with the raw-httpx baseline:
``{"op": "batch", "n": 20}`` → ``{"ms": [...], "painted_ms": [...]}``; ``{"op": "quit"}``. Figure 7 gives
it a data folder (``--data``) and asks it to open and filter the activity log window too:
``{"op": "activity", "phone": "+1…", "text": "…", "action": "disqualify"}`` (see :func:`activity`).

The console's own 60-requests-a-minute RequestBudget is off (``budget=None``), like the simulator's limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from bench.common import command_queue, emit
from hsconsole.ui.imports import skip_source_scan


def build_window(url: str, token: str, data_dir: Path, *, limit_days: int | None = None, transport: Any = None) -> Any:
    """The console window on ``url``, wired and shown as the app does it (minus the request budget, unless
    ``transport`` says otherwise)."""
    from hsconsole.api.transport import Transport
    from hsconsole.services.session import Session
    from hsconsole.store.settings import Profile, Settings
    from hsconsole.ui.main_window import MainWindow

    profile = Profile(name="Bench", origin=url, tested=True)
    transport = transport if transport is not None else Transport(budget=None)
    session = Session.open(profile, token, token, data_dir=data_dir, transport=transport)
    settings = Settings()
    if limit_days is not None:
        settings.limit_days = limit_days
    window = MainWindow(
        session.console,
        setter_zone=os.environ.get("HSCONSOLE_SETTER_TZ", "America/Chicago"),
        audit=session.stores.audit,
        settings=settings,
        mode_text="BENCH",
        endpoint_text=url,
    )
    window.bench_session = session  # closed by the caller once the window's tasks are cancelled
    from hsconsole.ui.collector import IdleCollector

    window.show()
    window.bench_collector = IdleCollector(window, busy=window.working)  # as Controller.open_window does
    window.bench_collector.start()
    return window


class LeadWaiter:
    """Futures completed by ``MainWindow.lead_shown``, and by the slot view's next paint after it."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.viewport = window.slot_view.viewport()
        self.future: asyncio.Future[float] | None = None
        self.painted: asyncio.Future[float] | None = None
        self.filter = _PaintFilter(self._paint)
        self.last_paint_ms = float("nan")
        window.lead_shown.connect(self._shown)

    def _shown(self, _phone: str) -> None:
        stamp = time.perf_counter()
        if self.future is not None and not self.future.done():
            self.future.set_result(stamp)
            self.viewport.installEventFilter(self.filter)

    def _paint(self) -> None:
        self.viewport.removeEventFilter(self.filter)
        QTimer.singleShot(0, self._painted)  # runs once this paint pass is over

    def _painted(self) -> None:
        if self.painted is not None and not self.painted.done():
            self.painted.set_result(time.perf_counter())

    def arm(self) -> asyncio.Future[float]:
        loop = asyncio.get_running_loop()
        self.future = loop.create_future()
        self.painted = loop.create_future()
        return self.future


class _PaintFilter(QObject):
    def __init__(self, callback: Any) -> None:
        super().__init__()
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.callback()
        return False


async def one_lookup(window: Any, waiter: LeadWaiter, phone: str) -> float:
    """Milliseconds from Enter (the phone field's ``returnPressed``, or ``search`` when the number is not typed in
    the phone field) to ``lead_shown``; the time to the next paint goes to ``waiter.last_paint_ms``."""
    future = waiter.arm()
    painted = waiter.painted
    started = time.perf_counter()
    if window.phone_input.text() == phone:
        window.phone_input.returnPressed.emit()  # Enter in the phone field
    else:
        window.search(phone)
    shown = await asyncio.wait_for(future, 20.0)
    lead = window.caller.lead
    if lead is None or lead.phone != phone or window.slot_view.slot_model.rowCount() == 0:
        raise RuntimeError(f"lookup of {phone} ended without its lead and blocks on screen")
    try:
        assert painted is not None
        waiter.last_paint_ms = (await asyncio.wait_for(painted, 2.0) - started) * 1000.0
    except TimeoutError:
        waiter.last_paint_ms = float("nan")
    return (shown - started) * 1000.0


def paint_of(widget: Any) -> asyncio.Future[float]:
    """A future set to ``time.perf_counter()`` once ``widget`` has next been painted and the paint pass is over.

    Armed at once (before the change that makes the paint), so no paint is missed."""
    done: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    def after() -> None:
        if not done.done():
            done.set_result(time.perf_counter())

    def paint() -> None:
        widget.removeEventFilter(watch)
        QTimer.singleShot(0, after)

    watch = _PaintFilter(paint)
    widget.installEventFilter(watch)
    done.add_done_callback(lambda _f: widget.removeEventFilter(watch))
    done.watch = watch  # type: ignore[attr-defined]  # kept alive with the future
    return done


async def painted(done: asyncio.Future[float], within: float = 2.0) -> float:
    try:
        return await asyncio.wait_for(done, within)
    except TimeoutError:
        return float("nan")


async def activity(window: Any, phone: str, text: str, action: str) -> dict[str, Any]:
    """The activity log window opened (``show_activity``, as its menu item does) until its first page of rows is
    painted; then filtered by a caller's number, by an action and by a text, each until the rows are painted;
    then closed. Milliseconds each, and the rows each showed."""
    from hsconsole.services.formatting import phone_for_display

    out: dict[str, Any] = {}
    side = window.side
    viewport = side.audit_window.table.viewport() if side.audit_window is not None else None
    started = time.perf_counter()
    if viewport is not None:
        waiting = paint_of(viewport)
        side.show_activity()
    else:  # the first time: the window is made, its viewport exists only then
        side.show_activity()
        waiting = paint_of(side.audit_window.table.viewport())
    out["open_ms"] = (await painted(waiting) - started) * 1000.0
    audit_window = side.audit_window
    out["open_rows"] = audit_window.model.rowCount()
    out["status"] = audit_window.status_label.text()
    steps = (  # each alone: the filter text, or the action
        ("phone", phone_for_display(phone), None),
        ("action", "", action),
        ("text", text, None),
    )
    for name, typed, chosen in steps:
        await asyncio.sleep(0.05)
        viewport = audit_window.table.viewport()
        started = time.perf_counter()
        waiting = paint_of(viewport)
        for widget in (audit_window.filter_input, audit_window.action_combo):
            widget.blockSignals(True)
        audit_window.filter_input.setText(typed)
        audit_window.action_combo.setCurrentIndex(max(0, audit_window.action_combo.findData(chosen)) if chosen else 0)
        for widget in (audit_window.filter_input, audit_window.action_combo):
            widget.blockSignals(False)
        audit_window.reload()  # what Enter in the filter, or choosing an action, does
        out[f"{name}_ms"] = (await painted(waiting) - started) * 1000.0
        out[f"{name}_rows"] = audit_window.model.rowCount()
        out[f"{name}_status"] = audit_window.status_label.text()
    audit_window.filter_input.clear()
    audit_window.action_combo.setCurrentIndex(0)
    audit_window.close()
    await asyncio.sleep(0.05)
    return out


async def serve(window: Any, phones: list[str], commands: asyncio.Queue[str], settle: float) -> None:
    waiter = LeadWaiter(window)
    counter = 0
    while True:
        command = json.loads(await commands.get())
        if command["op"] == "quit":
            break
        if command["op"] == "activity":
            emit(await activity(window, command["phone"], command["text"], command["action"]))
            continue
        if command["op"] == "batch":
            times, painted = [], []
            for _ in range(int(command["n"])):
                counter += 1
                window.phone_input.setText(phones[counter % len(phones)])  # the setter types the number…
                await asyncio.sleep(settle)  # …and the window is idle again when Enter comes
                times.append(await one_lookup(window, waiter, phones[counter % len(phones)]))
                painted.append(waiter.last_paint_ms)
            emit({"ms": times, "painted_ms": painted})


async def serve_then_close(window: Any, work: Coroutine[Any, Any, None]) -> None:
    """Run the parent's commands (``work``); a failure is reported, not left to hang the parent. Then the window
    closes, its work is cancelled and its session closed."""
    try:
        await work
    except Exception as exc:
        emit({"error": f"{type(exc).__name__}: {exc}"})
    window.close()
    await window.tasks.cancel_all()
    await window.bench_session.close()


def main() -> int:
    skip_source_scan()  # as hsconsole.app.main() does, before the console's modules are imported
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--phones", required=True)
    parser.add_argument("--settle-ms", type=float, default=100.0, help="idle time before each lookup")
    parser.add_argument("--data", type=Path, help="the data folder (outbox, activity log); default a new empty one")
    args = parser.parse_args()

    from hsconsole.ui.aio import install_loop

    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)  # as the app does: the loop decides when to stop
    loop = install_loop(app)
    data = args.data if args.data is not None else Path(tempfile.mkdtemp(prefix="bench-lookup-"))
    window = build_window(args.url, args.token, data)
    commands = command_queue(loop)

    async def run() -> None:
        await asyncio.sleep(0.2)  # the first paint and the replayer's first look
        emit({"ready": True, "platform": app.platformName()})
        await serve_then_close(
            window, serve(window, [p for p in args.phones.split(",") if p], commands, args.settle_ms / 1000)
        )

    with loop:  # type: ignore[attr-defined]
        loop.run_until_complete(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

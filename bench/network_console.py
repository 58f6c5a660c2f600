"""Figure 6, the console side: lookups over a network path (TLS, a round trip of tens of ms, a server that lets
idle connections go), from Enter or a dialer's screen-pop to the lead and its blocks shown.

The window is :func:`bench.lookup_console.build_window`'s (the product's window and session), on a
:class:`Transport` that trusts the benchmark's test CA (``ca_file``) and nothing else changed. JSON lines on stdin:

``{"op": "lookup", "how": "typed"|"pop"|"enter", "phone": P, "idle_s": S, "keep_warm": true|false}``
    The window is left alone for ``S`` seconds (with the connection kept warm, or not: ``keep_warm`` false is
    a console whose keep-warm period is over, as after a long break), then: ``typed``, the setter clicks into
    the phone field and types the number (a key every :data:`KEY_MS`) and presses Enter; ``pop``, a dialer's
    number arrives as another start of the console hands it over (``single_instance.bring_forward``);
    ``enter``, the number is already in the field and Enter is pressed (figure 2's lookup). Timed from Enter (or
    the hand-over) to ``lead_shown``; answers ``{"ms": M, "t0": T0, "t1": T1}`` with ``time.monotonic()``
    stamps, the clock the simulator and the proxy stamp with too.
``{"op": "quit"}``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.common import command_queue, emit
from bench.lookup_console import build_window, serve_then_close
from hsconsole.ui.imports import skip_source_scan

KEY_MS = 80
"""Between two keys the setter types (a quick typist)."""


async def one_lookup(window: Any, how: str, phone: str) -> dict[str, float]:
    from hsconsole.ui.single_instance import bring_forward

    loop = asyncio.get_running_loop()
    shown: asyncio.Future[float] = loop.create_future()

    def done(_phone: str) -> None:
        if not shown.done():
            shown.set_result(time.monotonic())

    field = window.phone_input
    if how == "typed":
        field.setFocus(Qt.FocusReason.MouseFocusReason)
        field.clear()
        for key in phone.removeprefix("+1"):
            QTest.keyClick(field, key)
            await asyncio.sleep(KEY_MS / 1000)
    elif how == "enter":
        field.setText(phone)
        await asyncio.sleep(0.1)
    window.lead_shown.connect(done)
    try:
        t0 = time.monotonic()
        if how == "pop":
            bring_forward(window, phone)
        else:
            QTest.keyClick(field, Qt.Key.Key_Return)
        t1 = await asyncio.wait_for(shown, 20.0)
    finally:
        window.lead_shown.disconnect(done)
    lead = window.caller.lead
    if lead is None or lead.phone != phone or window.slot_view.slot_model.rowCount() == 0:
        raise RuntimeError(f"lookup of {phone} ended without its lead and blocks on screen")
    return {"ms": (t1 - t0) * 1000.0, "t0": t0, "t1": t1}


async def serve(window: Any, commands: asyncio.Queue[str]) -> None:
    warm_up = window.lookup.warm_up
    keep_warm_s = warm_up.keep_warm_s
    while True:
        command = json.loads(await commands.get())
        if command["op"] == "quit":
            break
        if command["op"] == "lookup":
            warm_up.keep_warm_s = keep_warm_s if command.get("keep_warm", True) else 0.0
            warm_up.touch()  # the setter's last sign of work: now (the keep-warm period starts, or does not)
            await asyncio.sleep(float(command.get("idle_s", 0.0)))
            emit(await one_lookup(window, command["how"], command["phone"]))


def main() -> int:
    skip_source_scan()  # as hsconsole.app.main() does, before the console's modules are imported
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--ca-file", required=True, help="the test CA the console trusts (and only it)")
    parser.add_argument("--keepalive", type=float, default=None, help="the transport's keep-alive (default: its own)")
    args = parser.parse_args()

    from hsconsole.api.transport import Transport
    from hsconsole.ui.aio import install_loop

    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    loop = install_loop(app)
    data = Path(tempfile.mkdtemp(prefix="bench-network-"))
    options: dict[str, Any] = {"budget": None, "ca_file": args.ca_file}
    if args.keepalive is not None:
        options["keepalive"] = args.keepalive
    window = build_window(args.url, args.token, data, transport=Transport(**options))
    # Timed from Enter, as the figure is defined: the lookup that starts as the number completes (the setting's
    # default) would have shown the lead before it.
    window.lookup.ahead.on = False
    from PySide6.QtCore import QTimer

    from hsconsole.api.heavyset.models import build_validators
    from hsconsole.controller import WARM_UP_MS

    QTimer.singleShot(WARM_UP_MS, window, build_validators)  # as Controller.open_window does after the first paint
    commands = command_queue(loop)

    async def run() -> None:
        emit({"ready": True, "platform": app.platformName(), "http2": bool(window.bench_session.transport.http2)})
        await serve_then_close(window, serve(window, commands))

    with loop:  # type: ignore[attr-defined]
        loop.run_until_complete(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Start-up probe: run the console (``python -m hsconsole``) or the bare-window baseline unchanged and
report when its main window is shown and takes input.

    BENCH_T0_NS=<time.monotonic_ns() of the parent just before it started us>
    python bench/probe_start.py --target console|bare [--lookups N --phones +1801...,+1602...]

Nothing in the product is changed: before the target runs, ``QMainWindow.show`` is wrapped so the first
main window shown gets an event filter on its native window. The marks, in ms since the parent's stamp:

- ``show``: the target calls ``show()`` on its main window (imports, wiring and widget building are done);
- ``exposed``: the window system exposed the window (Qt paints it while handling this event);
- ``painted``: the event loop's next turn after the expose, so the first paint is done;
- ``input``: a key event posted to the window's focus widget has been delivered: the window is shown and
  the event loop is taking input. This is the start-up figure;
- ``loaded``: the console is all there (``MainWindow.ready``: it shows its window's frame first and loads
  the service layer while the setter can type); at once for the bare window.

Then the peak and current RSS, at ``loaded``. With ``--lookups N`` (console only), the probe goes on to look up N
numbers through ``MainWindow.search`` on the running console (as if typed + Enter), waiting for each
lead to be shown, and reports the RSS after them too (the memory figure). The process then ends at once
(``os._exit``): tearing down is not part of any figure.

Only the standard library is imported up front; PySide6 is left for the target to import (see
:class:`QtWidgetsHook`), so the probe costs both sides the same.
"""

from __future__ import annotations

import argparse
import gc
import importlib.abc
import importlib.util
import json
import os
import runpy
import sys
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

T0 = int(os.environ.get("BENCH_T0_NS") or time.monotonic_ns())
ENTER_NS = time.monotonic_ns()

PREFIX = "BENCH "
BARE_SCRIPT = Path(__file__).resolve().parent / "bare_window.py"


def ms(ns: int) -> float:
    return (ns - T0) / 1e6


# memory() and emit() repeat bench.common's on purpose: the probe is timed, so it imports nothing
# beyond the few standard modules above (bench.common pulls in subprocess, platform, tempfile...).
def memory() -> dict[str, float]:
    out: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(rest.split()[0]) / 1024.0
    return out


def emit(message: dict[str, Any]) -> None:
    sys.stdout.write(PREFIX + json.dumps(message) + "\n")
    sys.stdout.flush()


def finish(message: dict[str, Any], code: int = 0) -> None:
    emit(message)
    sys.stderr.flush()
    os._exit(code)


def probe_class() -> type:
    """The probe, defined once PySide6.QtWidgets is loaded (by the target, not by us)."""
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    class Probe(QObject):
        def __init__(self, window: QMainWindow, args: argparse.Namespace) -> None:
            super().__init__()
            self.window = window
            self.args = args
            self.marks: dict[str, float] = {"enter": ms(ENTER_NS)}
            self.handle: Any = None
            self.target: QWidget | None = None

        def shown(self, show_ns: int) -> None:
            self.marks["show"] = ms(show_ns)
            self.handle = self.window.windowHandle()
            if self.handle is None:
                finish({"error": "the main window has no native window after show()"}, 3)
            if self.handle.isExposed():
                self._exposed()
            else:
                self.handle.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            kind = event.type()
            if watched is self.handle and kind == QEvent.Type.Expose and "exposed" not in self.marks:
                self.handle.removeEventFilter(self)
                self._exposed()
            elif watched is self.target and kind == QEvent.Type.KeyPress and "input" not in self.marks:
                self.marks["input"] = ms(time.monotonic_ns())
                self.target.removeEventFilter(self)
                QTimer.singleShot(0, self._ready)
                return True  # the probe's own key: the target never sees it
            return False

        def _exposed(self) -> None:
            self.marks["exposed"] = ms(time.monotonic_ns())
            QTimer.singleShot(0, self._painted)

        def _painted(self) -> None:
            self.marks["painted"] = ms(time.monotonic_ns())
            self.target = self.window.focusWidget() or self.window
            self.target.installEventFilter(self)
            key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
            QApplication.postEvent(self.target, key)

        def _ready(self) -> None:
            # The console shows its window's frame first and loads the rest meanwhile: memory (and the
            # lookups) are measured once it is all there; the bare window is there at once.
            if not getattr(self.window, "ready", True):
                QTimer.singleShot(2, self._ready)
                return
            self.marks["loaded"] = ms(time.monotonic_ns())
            result: dict[str, Any] = {
                "target": self.args.target,
                "marks": self.marks,
                "startup_ms": self.marks["input"],
                "memory_ready": memory(),
                "platform": QApplication.platformName(),
                "window": type(self.window).__name__,
            }
            if self.args.lookups > 0:
                import asyncio

                asyncio.get_event_loop().create_task(self._lookups(result))
            else:
                finish(result)

        async def _lookups(self, result: dict[str, Any]) -> None:
            import asyncio

            window: Any = self.window
            phones = [p for p in self.args.phones.split(",") if p]
            waiting: list[asyncio.Future[str]] = []

            def shown(phone: str) -> None:
                if waiting and not waiting[0].done():
                    waiting[0].set_result(phone)

            window.lead_shown.connect(shown)
            # HeavySet allows 60 requests a minute and the console's own RequestBudget keeps to that; 500
            # lookups in seconds need it off, like the simulator's limit (--rate-limit 0).
            window.console.s2s._transport.budget = None
            samples: dict[str, dict[str, float]] = {}
            checkpoints = {min(self.args.warm, self.args.lookups), self.args.lookups}
            try:
                for i in range(1, self.args.lookups + 1):
                    future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
                    waiting[:] = [future]
                    window.search(phones[i % len(phones)])
                    await asyncio.wait_for(future, 20.0)
                    if i in checkpoints:
                        await asyncio.sleep(0.05)  # let the finished tasks and deferred deletes go
                        gc.collect()
                        samples[str(i)] = {
                            **memory(),
                            "tasks": window.tasks.pending,
                            "gc_objects": len(gc.get_objects()),
                        }
            except TimeoutError:
                finish({"error": f"lookup {i} did not show a lead within 20 s: {window.banner.text()!r}"}, 3)
            result["lookups"] = self.args.lookups
            result["memory_after"] = samples
            finish(result)

    return Probe


class QtWidgetsHook(importlib.abc.MetaPathFinder):
    """Runs ``install(module)`` right after ``PySide6.QtWidgets`` is first imported, by whoever imports it.

    The probe must not import PySide6 itself: once PySide6 is loaded, every later import pays for its
    ``__feature__`` import hook, so importing it early would slow the console's own imports down.
    """

    def __init__(self, install: Any) -> None:
        self.install = install

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        real, install = spec.loader, self.install

        class Loader(importlib.abc.Loader):
            def create_module(self, spec: Any) -> Any:
                return real.create_module(spec)

            def exec_module(self, module: ModuleType) -> None:
                real.exec_module(module)
                install(module)

        spec.loader = Loader()
        return spec


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", choices=("console", "bare"), required=True)
    parser.add_argument("--lookups", type=int, default=0)
    parser.add_argument("--warm", type=int, default=50, help="lookups after which the warm memory sample is taken")
    parser.add_argument("--phones", default="")
    parser.add_argument("--timeout", type=float, default=90.0)
    args = parser.parse_args()

    def too_slow() -> None:
        finish({"error": f"no main window taking input within {args.timeout:.0f} s"}, 3)

    watchdog = threading.Timer(args.timeout, too_slow)
    watchdog.daemon = True
    watchdog.start()

    probes: list[Any] = []

    def install(qtwidgets: ModuleType) -> None:
        main_window = qtwidgets.QMainWindow
        original_show = main_window.show
        probe = probe_class()

        def show(self: Any) -> None:
            show_ns = time.monotonic_ns()
            original_show(self)
            if not probes:
                probes.append(probe(self, args))
                probes[0].shown(show_ns)

        main_window.show = show

    sys.meta_path.insert(0, QtWidgetsHook(install))
    code: object = None
    try:
        if args.target == "console":
            sys.argv = ["hsconsole"]
            runpy.run_module("hsconsole", run_name="__main__", alter_sys=True)
        else:
            sys.argv = [str(BARE_SCRIPT)]
            runpy.run_path(str(BARE_SCRIPT), run_name="__main__")
    except SystemExit as exc:
        code = exc.code
    finish({"error": f"the target ended (exit code {code!r}) before its main window took input"}, 3)


if __name__ == "__main__":
    main()

"""Figure 3: the longest event-loop stall while the calendar renders 2,000 blocks and 50 lookups are in flight.

A 1 ms ``QTimer`` heartbeat (``Qt.PreciseTimer``) stamps every tick; a stall is the gap between two ticks.
The simulator answers every request after ``--latency-ms`` so that requests overlap. In each run:

1. t = 0: ``window.search(big phone)``, the lead whose market has 2,000 blocks over the next 60 days (the
   days-ahead box is at 60 business days), exactly as Enter in the phone field does;
2. from t = 4 ms, 50 more lookups (``Console.lookup``: 100 requests) start as background tasks, one every
   ``--stagger-ms``, so all of them are in flight when the big answer lands at t ≈ latency and is parsed,
   built a slice per loop turn (``build_calendar_async``, ``SlotView.prepare``), shown (the lead in one turn, the
   calendar's rows in the next: ``SlotView.set_days``) and painted, and their own
   answers arrive spread out over the following ~200 ms (as independent requests would), not all at once;
3. the run ends 300 ms after the last answer; its gaps are recorded.

The baseline is the same heartbeat, in the same window, for the same time, with nothing else happening;
baseline and loaded runs alternate. ``LookupFlow.show_lookup`` (the lead into the editor) and
``SlotView.set_days`` (the calendar's rows, made beforehand, into the view) are wrapped (timing only) to name
the longest synchronous steps.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from bench.common import emit, percentile
from bench.lookup_console import LeadWaiter, build_window, one_lookup
from hsconsole.ui.imports import skip_source_scan


class Heartbeat(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.ticks: list[float] = []

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> list[float]:
        self.timer.stop()
        self.ticks.append(time.perf_counter())
        return [(b - a) * 1000.0 for a, b in zip(self.ticks, self.ticks[1:], strict=False)]


def gap_stats(gaps: list[float]) -> dict[str, float]:
    return {
        "max": max(gaps),
        "p99": percentile(gaps, 99),
        "median": percentile(gaps, 50),
        "over_16ms": sum(1 for g in gaps if g > 16.0),
        "ticks": len(gaps),
    }


class StepTimer:
    """Wraps a callable to record how long each call takes (ms)."""

    def __init__(self, owner: Any, name: str) -> None:
        self.calls: list[float] = []
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.calls.append((time.perf_counter() - started) * 1000.0)

        setattr(owner, name, timed)

    def take(self) -> list[float]:
        calls, self.calls = self.calls, []
        return calls


async def run(args: argparse.Namespace) -> None:
    from hsconsole.ui.calendar import SlotView
    from hsconsole.ui.lookup_flow import LookupFlow

    data = Path(tempfile.mkdtemp(prefix="bench-stall-"))
    window = build_window(args.url, args.token, data, limit_days=60)
    lead_timer = StepTimer(LookupFlow, "show_lookup")
    set_days_timer = StepTimer(SlotView, "set_days")
    waiter = LeadWaiter(window)
    small = [p for p in args.phones.split(",") if p]
    heartbeat = Heartbeat()

    async def big_lookup() -> float:
        return await one_lookup(window, waiter, args.big_phone)

    # warm-up (not reported): the first big lookup and a few small ones
    await one_lookup(window, waiter, small[0])
    await big_lookup()
    rows = sum(len(day.rows) for day in window.slot_view.slot_model.days())
    days = len(window.slot_view.slot_model.days())
    lead_timer.take()
    set_days_timer.take()

    loaded: list[dict[str, Any]] = []
    idle: list[dict[str, Any]] = []
    for run_index in range(args.runs):
        # back to a small lead so the big calendar is built afresh
        await one_lookup(window, waiter, small[run_index % len(small)])
        lead_timer.take()
        set_days_timer.take()
        await asyncio.sleep(0.3)

        heartbeat.start()
        started = time.perf_counter()
        big = asyncio.ensure_future(big_lookup())
        others = []
        for i in range(args.in_flight):  # staggered, so all are in flight when the big answer lands
            await asyncio.sleep(args.stagger_ms / 1000.0)
            others.append(window.tasks.spawn(window.console.lookup(small[i % len(small)], limit_days=14)))
        in_flight = sum(1 for task in others if not task.done())
        big_ms = await big
        results = await asyncio.gather(*others, return_exceptions=True)
        await asyncio.sleep(0.3)
        duration = time.perf_counter() - started
        gaps = heartbeat.stop()
        failed = [r for r in results if isinstance(r, BaseException)]
        loaded.append(
            {
                **gap_stats(gaps),
                "big_lookup_ms": big_ms,
                "failed": len(failed),
                "in_flight_at_send_end": in_flight,
                "show_lead_ms": lead_timer.take(),
                "set_days_ms": set_days_timer.take(),
                "duration_s": duration,
            }
        )

        await asyncio.sleep(0.3)
        heartbeat.start()
        await asyncio.sleep(duration)
        idle.append(gap_stats(heartbeat.stop()))

    emit({"loaded": loaded, "idle": idle, "rows": rows, "days": days, "platform": QApplication.platformName()})
    window.close()
    await window.tasks.cancel_all()
    await window.bench_session.close()


def main() -> int:
    skip_source_scan()  # as hsconsole.app.main() does, before the console's modules are imported
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--big-phone", required=True)
    parser.add_argument("--phones", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--in-flight", type=int, default=50, help="lookups started while the calendar renders")
    parser.add_argument("--latency-ms", type=int, default=600, help="the simulator's latency (set by the parent)")
    parser.add_argument("--stagger-ms", type=float, default=4.0, help="between the starts of the lookups")
    args = parser.parse_args()

    from hsconsole.ui.aio import install_loop

    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    loop = install_loop(app)

    async def guarded() -> None:
        try:
            await run(args)
        except Exception as exc:
            emit({"error": f"{type(exc).__name__}: {exc}"})

    with loop:  # type: ignore[attr-defined]
        loop.run_until_complete(guarded())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

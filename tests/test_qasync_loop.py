"""The asyncio-on-Qt loop itself: timers, tasks and HTTP run while Qt spins.

PySide6 6.12.0 aborts the interpreter ("none_dealloc") when a qasync timer
fires under ``processEvents``; the check runs in a child process so such a
crash fails this test instead of killing the whole run.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

from tests.helpers import Runner

CHILD = textwrap.dedent(
    """
    import asyncio, os, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication
    from hsconsole.ui.aio import install_loop
    app = QApplication([])
    loop = install_loop(app, already_running=True)
    done = []
    async def work():
        await asyncio.sleep(0.02)
        done.append(1)
    loop.create_task(work())
    loop.call_later(0.01, done.append, 2)
    deadline = time.monotonic() + 5
    while len(done) < 2 and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    print("ok" if sorted(done) == [1, 2] else f"stuck {done}")
    """
)


def test_timers_fire_under_process_events() -> None:
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_tasks_and_sleeps_in_the_session_loop(arun: Runner) -> None:
    async def nested() -> int:
        results = await asyncio.gather(*(asyncio.sleep(0.01, result=i) for i in range(20)))
        return sum(results)

    assert arun(nested()) == sum(range(20))

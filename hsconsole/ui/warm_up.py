"""The way to HeavySet opened before the setter needs it, and kept open while they work.

A lookup on a connection that is not open pays for its handshakes first: TCP, then TLS, a round trip each,
before the request's own. So the console opens it ahead (:meth:`Console.warm_up`): once it is attached, when
the phone field gets the keyboard, at each digit typed, and when one of its windows becomes the active one
(raised by a dialer's screen-pop, or clicked). While the setter has been at work in the last
:data:`KEEP_WARM_S` seconds, it keeps the connection open too: a warm-up is sent just before it would be let
go, so a screen-pop after a coffee break finds it open. Each warm-up is counted in the request budget; none
is sent while one is on its way, while the connection was used recently, or while the budget is needed
more; and a failing one says nothing (the lookup connects as it would have), then waits
:data:`RETRY_AFTER_FAILURE_S` before the next.

Imports no service layer at load (the window's frame is built before it loads).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QLineEdit

    from hsconsole.services.console import Console
    from hsconsole.services.tasks import TaskKeeper

KEEP_WARM_S = 15 * 60.0
"""The connection is kept open while the setter did something in the console within this time (a coffee
break); after that, only the next sign of a lookup opens it."""

LOOKUP_CHECK_S = 1.0
"""After a lookup starts, when to look again whether the connection needs keeping open."""

RETRY_AFTER_FAILURE_S = 30.0
"""After a warm-up that was not answered (the network is down), the next one waits this long."""


class Host(Protocol):
    """What the warm-up needs of the console window."""

    console: Console
    phone_input: QLineEdit

    @property
    def ready(self) -> bool: ...

    @property
    def gone(self) -> bool: ...


class WarmUp(QObject):
    """Opens the connection to HeavySet ahead of the setter's lookups, for ``host``."""

    def __init__(self, host: Host, parent: QObject) -> None:
        super().__init__(parent)
        self.host = host
        self.keep_warm_s = KEEP_WARM_S
        self._until = 0.0
        """Keep the connection open until then (monotonic clock)."""
        self._not_before = 0.0
        """No warm-up before then (after one that failed)."""
        self._task: asyncio.Task[None] | None = None
        self._tasks: TaskKeeper | None = None
        """Its own, not the window's: a warm-up is not work the setter waits for (nor the idle collector)."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._due)
        self._started = False

    def start(self) -> None:
        """The console is attached: open the connection now, and follow the setter's signs of a lookup."""
        if not self._started:
            from hsconsole.services.tasks import TaskKeeper

            self._started = True
            self._tasks = TaskKeeper()
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.focusChanged.connect(self._focus_changed)
                app.focusWindowChanged.connect(self._window_activated)
        self.nudge()

    def nudge(self) -> None:
        """The setter may look a number up soon: open the connection if it may be gone, and keep it open."""
        self._until = time.monotonic() + self.keep_warm_s
        self._step(warm=True)

    def touch(self) -> None:
        """A lookup is on its way (it opens the connection itself): keep the connection open after it."""
        self._until = time.monotonic() + self.keep_warm_s
        if not self._timer.isActive() and (self._task is None or self._task.done()):
            self._timer.start(int(LOOKUP_CHECK_S * 1000))

    @property
    def warming(self) -> bool:
        """A warm-up is on its way."""
        return self._task is not None and not self._task.done()

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is not None and now is getattr(self.host, "phone_input", None):
            self.nudge()

    def _window_activated(self, window: QWindow | None) -> None:
        if window is not None:
            self.nudge()

    def _due(self) -> None:
        if time.monotonic() < self._until:
            self._step(warm=True)

    def _step(self, *, warm: bool) -> None:
        host = self.host
        if self._tasks is None or not host.ready or host.gone or (self._task is not None and not self._task.done()):
            return  # a warm-up on its way reschedules when it ends
        now = time.monotonic()
        due = max(host.console.warm_due(), self._not_before - now)
        if due <= 0 and warm:
            self._task = self._tasks.spawn(self._warm(host.console), slot="warm-up")
            return
        if now + due < self._until:
            self._timer.start(max(50, int(due * 1000) + 20))  # just after it counts as gone: warmed then

    async def _warm(self, console: Console) -> None:
        try:
            if not await console.warm_up() and console.warm_due() <= 0:
                self._not_before = time.monotonic() + RETRY_AFTER_FAILURE_S  # not answered, or no budget to spare
        finally:
            self._task = None
            if not self.host.gone and console is self.host.console:
                self._step(warm=False)

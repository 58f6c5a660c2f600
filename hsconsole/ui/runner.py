"""The window's background work: each request an asyncio task in its slot, a second change refused while one
is on its way, and the buttons following what is in flight.

Imports no service layer: the window hands it its :class:`hsconsole.services.tasks.TaskKeeper` at attach.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtWidgets import QAbstractButton

    from hsconsole.services.tasks import TaskKeeper

BUSY = QT_TRANSLATE_NOOP("Runner", "Still working on the previous request…")


class Runner:
    """Runs work for a window over ``tasks``: ``status`` tells the setter, ``changed`` sets the buttons again,
    ``search_started`` hears of each lookup (which changes no button)."""

    def __init__(
        self,
        tasks: TaskKeeper,
        *,
        status: Callable[[str], None],
        changed: Callable[[], None],
        search_started: Callable[[], None],
    ) -> None:
        self.tasks = tasks
        self.status = status
        self.changed = changed
        self.search_started = search_started

    def run(
        self, slot: str, work: Callable[[], Coroutine[Any, Any, None]], *, busy: tuple[QAbstractButton, ...] = ()
    ) -> asyncio.Task[None] | None:
        """Start ``work()`` in the background; refuse when ``slot`` is already in flight (``busy``: buttons off
        until it ends). The search slot is the exception: a new search cancels the old one."""
        if slot != "search" and self.tasks.busy(slot):
            self.status(translate("Runner", BUSY))
            return None
        for button in busy:
            button.setEnabled(False)

        async def wrapped() -> None:
            try:
                await work()
            finally:
                self.changed()

        task = self.tasks.spawn(wrapped(), slot=slot)
        task.add_done_callback(lambda _t: self.changed())
        if slot == "search":
            # A lookup changes no button. Touching no widget lets its requests leave on the next loop
            # turn instead of after a repaint; a slow one gets the spinner and its status line later.
            self.search_started()
        else:
            self.changed()
        return task

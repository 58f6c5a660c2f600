"""Background tasks that are never lost, never leak and can pre-empt each other.

A bare ``asyncio.create_task`` result can be garbage-collected mid-flight and
its exception is only reported when it is. :class:`TaskKeeper` holds a strong
reference to each task until it ends, logs failures, and lets a new task
under a *slot* name cancel the previous one (a new search cancels the one in
flight).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Coroutine
from typing import Any, TypeVar

log = logging.getLogger("hsconsole.tasks")

T = TypeVar("T")


class TaskKeeper:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._slots: dict[str, asyncio.Task[Any]] = {}

    def spawn(self, coro: Coroutine[Any, Any, T], *, slot: str | None = None) -> asyncio.Task[T]:
        """Run ``coro`` in the background; with ``slot``, cancel that slot's previous task first."""
        if slot is not None:
            previous = self._slots.get(slot)
            if previous is not None and not previous.done():
                previous.cancel()
        task = asyncio.get_event_loop().create_task(coro, name=slot)
        self._tasks.add(task)
        if slot is not None:
            self._slots[slot] = task
        task.add_done_callback(self._finished)
        return task

    def busy(self, slot: str) -> bool:
        task = self._slots.get(slot)
        return task is not None and not task.done()

    def busy_slots(self) -> set[str]:
        """The slots with a task still running."""
        return {slot for slot, task in self._slots.items() if not task.done()}

    def working(self, *, besides: Collection[str] = ()) -> bool:
        """True while a task runs, other than those of the ``besides`` slots (long-lived ones)."""
        held = {self._slots.get(name) for name in besides}
        return any(not t.done() and t not in held for t in self._tasks)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        for name, held in list(self._slots.items()):
            if held is task:
                del self._slots[name]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("background task %s failed", task.get_name(), exc_info=exc)

    @property
    def pending(self) -> int:
        return sum(1 for t in self._tasks if not t.done())

    def cancel_pending(self) -> None:
        """Ask every task to stop (they end on the loop's next turns)."""
        for task in list(self._tasks):
            task.cancel()

    async def cancel_all(self) -> None:
        """Cancel every task and wait until they have all ended."""
        tasks = [t for t in self._tasks if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

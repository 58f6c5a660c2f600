"""Garbage collection on the console's own schedule instead of in the middle of a lookup.

Python's cyclic collector runs whenever enough container objects have been allocated since the last
pass. Parsing a big answer (2,000 blocks) allocates tens of thousands, so a full collection used to
start right inside the lookup and stall the window for 20–30 ms (docs/PERFORMANCE.md, figure 3).

:class:`IdleCollector` takes over while the console is open:

- what start-up made is frozen (``gc.freeze``): modules, classes and widgets live as long as the
  process, and full collections stop walking them;
- automatic collection is off, and a timer collects instead, with the interpreter's own thresholds
  (a young pass when more than ``threshold0`` objects were allocated, an older generation after
  ``threshold1``/``threshold2`` younger passes), at most once per ``interval_ms``;
- while the console is working (``busy()``: a lookup or a change on its way), a due collection waits,
  at most ``max_delay_ms``: a pass over the objects a big answer just made takes a few ms, which then
  land between calls instead of on top of a calendar being painted. If it is still working then, only
  the youngest generation is collected; the older ones (slower passes) wait for a pause.

Memory that only a collection frees (reference cycles) waits a few seconds at most; everything else is
still freed at once by reference counting.

:meth:`stop` gives the interpreter its automatic collection back (the console closed, or a test ends).
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("hsconsole.ui")

INTERVAL_MS = 1000
MAX_DELAY_MS = 30000
"""A console is seldom at work for half a minute without a pause; a pass forced in the middle of a
lookup is what the wait is there to avoid (after 5 s it landed in busy bursts of lookups, ≈ 10 ms)."""


class IdleCollector(QObject):
    def __init__(
        self,
        parent: QObject | None = None,
        *,
        interval_ms: int = INTERVAL_MS,
        busy: Callable[[], bool] | None = None,
        max_delay_ms: int = MAX_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._busy = busy or (lambda: False)
        self._max_delay = max_delay_ms / 1000.0
        self._due_since: float | None = None
        self._restore = False
        self.passes = [0, 0, 0]
        """Collections run by this collector, per generation."""
        self.postponed = 0
        """Timer ticks at which a due collection waited for the console to finish its work."""

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self.running:
            return
        gc.freeze()
        self._restore = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        if not self.running:
            return
        self._timer.stop()
        if self._restore:
            gc.enable()

    def _tick(self) -> None:
        if gc.get_count()[0] <= gc.get_threshold()[0]:
            return
        now = time.monotonic()
        if self._due_since is None:
            self._due_since = now
        busy = self._busy()
        if busy and now - self._due_since < self._max_delay:
            self.postponed += 1
            return
        self._due_since = None
        self.collect_due(youngest_only=busy)  # still working after the longest wait: the quick pass only

    def collect_due(self, *, youngest_only: bool = False) -> int:
        """Collect the oldest generation whose threshold is passed (and the younger ones with it).

        The interpreter's rule: generation 0 when more objects were allocated than ``threshold0``, an
        older one when its count (passes of the one below since its own last pass) exceeds its
        threshold; with ``youngest_only``, generation 0 whatever the counts (the older ones wait for a
        pause). Returns the generation collected, -1 for none.
        """
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return -1
        generation = 0
        if counts[1] > thresholds[1] and not youngest_only:
            generation = 2 if counts[2] > thresholds[2] else 1
        gc.collect(generation)
        self.passes[generation] += 1
        return generation

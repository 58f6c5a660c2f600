"""Garbage collection on the console's own schedule instead of in the middle of a lookup.

Python's cyclic collector runs whenever enough container objects have been allocated since the last
pass. Parsing a big answer (2,000 blocks) allocates tens of thousands, so a full collection used to
start right inside the lookup and stall the window for 20–30 ms (docs/PERFORMANCE.md, figure 3).

:class:`IdleCollector` takes over while the console is open:

- what start-up made is frozen (``gc.freeze``): modules, classes and widgets live as long as the
  process, and full collections stop walking them;
- automatic collection is off, and a timer collects instead, with the interpreter's own thresholds
  (a young pass when more than ``threshold0`` objects were allocated, an older generation after
  ``threshold1``/``threshold2`` younger passes), at most once per ``interval_ms``. Memory that only a
  collection frees (reference cycles) waits at most that long; everything else is still freed at once
  by reference counting.

:meth:`stop` gives the interpreter its automatic collection back (the console closed, or a test ends).
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("hsconsole.ui")

INTERVAL_MS = 1000


class IdleCollector(QObject):
    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._restore = False
        self.passes = [0, 0, 0]
        """Collections run by this collector, per generation."""

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

    def collect_due(self) -> int:
        """Collect the oldest generation whose threshold is passed (and the younger ones with it).

        The interpreter's rule: generation 0 when more objects were allocated than ``threshold0``, an
        older one when its count (passes of the one below since its own last pass) exceeds its
        threshold. Returns the generation collected, -1 for none.
        """
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return -1
        generation = 0
        if counts[1] > thresholds[1]:
            generation = 2 if counts[2] > thresholds[2] else 1
        gc.collect(generation)
        self.passes[generation] += 1
        return generation

"""The idle collector: start-up frozen, collections on a timer with the interpreter's thresholds."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from hsconsole.ui.collector import IdleCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only a collection frees it


@pytest.fixture
def collector(qtbot: QtBot) -> Iterator[IdleCollector]:
    owner = QObject()
    made = IdleCollector(owner, interval_ms=5)
    yield made
    made.stop()
    gc.unfreeze()
    assert gc.isenabled()


def allocate(count: int) -> list[list[int]]:
    return [[n] for n in range(count)]


def test_start_freezes_and_hands_collection_to_the_timer(collector: IdleCollector) -> None:
    assert gc.isenabled()
    collector.start()
    assert collector.running and not gc.isenabled() and gc.get_freeze_count() > 0
    collector.start()  # a second start changes nothing
    collector.stop()
    assert gc.isenabled() and not collector.running


def test_a_collector_started_while_gc_was_off_leaves_it_off(collector: IdleCollector) -> None:
    gc.disable()
    try:
        collector.start()
        collector.stop()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_generations_follow_the_interpreter_thresholds(collector: IdleCollector) -> None:
    collector.start()
    threshold0, threshold1, threshold2 = gc.get_threshold()
    gc.collect(2)  # every count back to zero
    assert collector.collect_due() == -1  # nothing allocated: nothing to do
    period = threshold1 + 2  # passes of generation 0 until the count of generation 1 exceeds its threshold
    kept: list[list[list[int]]] = []
    done: list[int] = []
    for _ in range(period * (threshold2 + 2)):
        kept.append(allocate(threshold0 + 10))
        done.append(collector.collect_due())
    older = {call + 1: generation for call, generation in enumerate(done) if generation}
    assert older == {**{period * k: 1 for k in range(1, threshold2 + 2)}, period * (threshold2 + 2): 2}
    assert collector.passes == [len(done) - threshold2 - 2, threshold2 + 1, 1]


def test_cycles_are_freed_by_the_timer_not_by_allocation(qtbot: QtBot, collector: IdleCollector) -> None:
    collector.start()
    node = Node()
    gone = weakref.ref(node)
    del node
    kept = allocate(5 * gc.get_threshold()[0])  # would have started a collection with gc on
    assert gone() is not None and kept  # no loop turn yet: the timer has not run
    qtbot.waitUntil(lambda: gone() is None, timeout=2000)
    assert collector.passes[0] >= 1


def test_a_due_collection_waits_while_the_console_works_but_not_for_long(qtbot: QtBot) -> None:
    working = True
    owner = QObject()
    collector = IdleCollector(owner, interval_ms=5, busy=lambda: working, max_delay_ms=200)
    collector.start()
    try:
        kept = allocate(5 * gc.get_threshold()[0])
        qtbot.waitUntil(lambda: collector.postponed >= 3, timeout=2000)
        assert collector.passes == [0, 0, 0]  # due, but the console is busy
        qtbot.waitUntil(lambda: sum(collector.passes) >= 1, timeout=2000)  # busy for too long: collected anyway
        assert kept
        working = False
        before = collector.postponed
        kept += allocate(5 * gc.get_threshold()[0])
        qtbot.waitUntil(lambda: sum(collector.passes) >= 2, timeout=2000)
        assert collector.postponed == before  # idle: collected at the next tick
    finally:
        collector.stop()
        gc.unfreeze()


def test_the_quick_pass_only_while_the_console_stays_busy(collector: IdleCollector) -> None:
    collector.start()
    threshold0, threshold1, _ = gc.get_threshold()
    gc.collect(2)
    kept = []
    for _ in range(threshold1 + 3):  # enough young passes for generation 1 to be due
        kept.append(allocate(threshold0 + 10))
        assert collector.collect_due(youngest_only=True) == 0
    kept.append(allocate(threshold0 + 10))
    assert collector.collect_due() == 1  # once idle, the older generation it owes

"""The calendar by keyboard: jumping to a typed day or time, and keys that never stop on a day header.

The goal measured here: after Ctrl+B, any open block of the next 14 business days is chosen in at most
six keystrokes, Enter included, on the simulator's calendars.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hsconsole.api.heavyset.models import TimeSlots
from hsconsole.services.calendar import DayGroup, build_calendar
from hsconsole.services.jump import WEEKDAYS, Move, Position, find_jump, lead_today, move, parse_jump
from hsconsole.sim.heavyset.data import DEMO_PHONES, business_days
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.ui.calendar import JUMP_PAUSE_MS, SlotView
from hsconsole.ui.main_window import MainWindow
from tests.test_main_window import build_window, close, look_up

WED = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # Wednesday morning in Denver


def _calendar() -> list[DayGroup]:
    """Wed Dec 2 to Tue Dec 15, weekdays: 8 AM (full on Wednesdays), 10 AM, 12:30 PM, 3 PM (full on Fridays)."""
    slots = []
    for n in range(14):
        day = WED + timedelta(days=n)
        if day.weekday() >= 5:
            continue
        for start, end in (
            ("8:00 AM", "10:00 AM"),
            ("10:00 AM", "12:00 PM"),
            ("12:30 PM", "2:30 PM"),
            ("3:00 PM", "5:00 PM"),
        ):
            full = (start == "8:00 AM" and day.weekday() == 2) or (start == "3:00 PM" and day.weekday() == 4)
            slots.append(
                {
                    "appointmentDate": day.isoformat(),
                    "startTime": start,
                    "endTime": end,
                    "availableSlots": 0 if full else 2,
                    "blockId": f"{day:%a%d}-" + start.replace(":00", "").replace(":", "")[:-3],
                }
            )
    return build_calendar(TimeSlots.model_validate({"timeZone": "America/Denver", "slots": slots}), "America/New_York")


@pytest.fixture
def view(qtbot: QtBot) -> SlotView:
    slot_view = SlotView()
    slot_view.now = lambda: NOW
    qtbot.addWidget(slot_view)
    slot_view.resize(520, 400)
    slot_view.show()
    qtbot.waitExposed(slot_view)
    slot_view.set_days(_calendar())
    slot_view.setFocus()
    return slot_view


def _selected(view: SlotView) -> str:
    row = view.selected_row()
    assert row is not None
    return row.block_id


def test_arrows_never_stop_on_a_day_header_or_a_full_block(qtbot: QtBot, view: SlotView) -> None:
    assert _selected(view) == "Wed02-10"  # Wednesday's 8 AM is full
    seen = [_selected(view)]
    for _ in range(60):
        qtbot.keyClick(view, Qt.Key.Key_Down)
        assert view.currentIndex().parent().isValid()  # a block, never a header
        seen.append(_selected(view))
    chosen = [row.block_id for day in view.slot_model.days() for row in day.rows if row.bookable]
    assert seen[: len(chosen)] == chosen and set(seen[len(chosen) :]) == {chosen[-1]}  # the end: it stays
    for _ in range(len(chosen) - 1):
        qtbot.keyClick(view, Qt.Key.Key_Up)
        assert view.currentIndex().parent().isValid()
    assert _selected(view) == chosen[0]
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Left)  # Left neither goes to the header nor closes the day
    assert _selected(view) == chosen[0] and view.isExpanded(view.slot_model.index(0, 0))


def test_pages_go_a_day_home_and_end_to_the_ends(qtbot: QtBot, view: SlotView) -> None:
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert _selected(view) == "Thu03-8"
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert _selected(view) == "Mon07-8"  # the weekend has no blocks
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert _selected(view) == "Fri04-8"
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert _selected(view) == "Tue15-3"
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert _selected(view) == "Wed02-10"


def test_typing_a_day_and_time_jumps_and_the_hint_says_where(qtbot: QtBot, view: SlotView) -> None:
    hints: list[str] = []
    view.jump_changed.connect(hints.append)
    qtbot.keyClicks(view, "thu 3")
    assert _selected(view) == "Thu03-3" and view.jump_text() == "thu 3"
    assert view.jump_hint.isVisible()
    assert view.jump_hint.text() == "Jump to: thu 3 → Thu, Dec 3, 3:00 PM – 5:00 PM MST (lead's time)"
    assert view.viewport().geometry().contains(view.jump_hint.geometry())
    assert view.visualRect(view.currentIndex()).bottom() < view.jump_hint.geometry().top()  # not under the hint
    qtbot.keyClick(view, Qt.Key.Key_Backspace)  # "thu ": Thursday's first open block
    assert view.jump_text() == "thu " and _selected(view) == "Thu03-8"
    qtbot.keyClicks(view, "1")
    assert _selected(view) == "Thu03-1230"  # on at 1 PM
    with qtbot.waitSignal(view.chosen) as chosen:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert chosen.args == ["Thu03-1230"]
    assert view.jump_text() == "" and not view.jump_hint.isVisible() and hints[-1] == ""


def test_what_matches_nothing_says_so_and_the_selection_stays(qtbot: QtBot, view: SlotView) -> None:
    qtbot.keyClick(view, Qt.Key.Key_Down)
    before = _selected(view)
    qtbot.keyClicks(view, "fri 3p")  # Friday's 3 PM is full and nothing starts after it
    assert _selected(view) == before
    assert view.jump_hint.text() == "Jump to: fri 3p — no open block matches Fri, Dec 4 at 3 PM (lead's time)"
    qtbot.keyClicks(view, "x")
    assert "type a day (thu, 12/10" in view.jump_hint.text() and _selected(view) == before
    for _ in range(len("fri 3px")):
        qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert view.jump_text() == "" and _selected(view) == before and not view.jump_hint.isVisible()


def test_escape_takes_a_jump_back_and_a_pause_starts_a_new_one(qtbot: QtBot, view: SlotView) -> None:
    assert 800 <= JUMP_PAUSE_MS <= 1200
    before = _selected(view)
    qtbot.keyClicks(view, "mon")
    assert _selected(view) == "Mon07-8"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert _selected(view) == before and view.jump_text() == ""
    view._jump_timer.setInterval(30)  # the pause, shortened for the test
    qtbot.keyClicks(view, "tu")
    qtbot.waitUntil(lambda: view.jump_text() == "", timeout=2000)
    assert _selected(view) == "Tue08-8" and view.jump_hint.isVisible()  # the hint stays a while longer
    qtbot.keyClicks(view, "3")  # a new jump: 3 alone, not "tu3"
    assert view.jump_text() == "3" and _selected(view) == "Wed02-3"
    qtbot.keyClick(view, Qt.Key.Key_Down)  # a move ends the jump
    assert view.jump_text() == "" and _selected(view) == "Thu03-8"


def test_today_is_the_leads_today(qtbot: QtBot, view: SlotView) -> None:
    view.now = lambda: datetime(2026, 12, 3, 3, 0, tzinfo=UTC)  # Thursday in New York, Wednesday in Denver
    qtbot.keyClicks(view, "tod")
    assert _selected(view) == "Wed02-10"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.keyClicks(view, "tom")
    assert _selected(view) == "Thu03-8"


# ------------------------------------------------------------------ the goal, on the simulator's calendars

SHIFTED = set(':?+!@#$%^&*()_{}|"<>~')
"""Characters that take Shift on a US keyboard: two keystrokes each."""


def _cost(text: str) -> int:
    return sum(2 if ch in SHIFTED else 1 for ch in text)


def _day_tokens(days: list[date]) -> set[str]:
    words = ["today", "tomorrow", "tmrw", "tmr", "weds", "thur", "thurs", "tues", *WEEKDAYS]
    tokens = {word[:n] for word in words for n in range(1, len(word) + 1)}
    tokens |= {f"{d.day}th" for d in days} | {f"{d.month}/{d.day}" for d in days}
    return tokens


def _time_tokens() -> set[str]:
    tokens = {str(h) for h in range(24)} | {f"{h}{half}" for h in range(1, 13) for half in ("a", "p")}
    tokens |= {f"{h}30" for h in range(1, 13)} | {f"{h}:30" for h in range(1, 13)} | {"noon"}
    return tokens


def shortest_sequences(
    days: list[DayGroup], today: date, start: Position | None, budget: int = 5
) -> dict[Position, list[str]]:
    """For every block, the fewest keys that make it current (Enter not counted): a typed jump of at most
    ``budget`` keystrokes, or none, then Up, Down, Page Up, Page Down, Home or End."""
    shown = [d.day for d in days]
    best: dict[Position, list[str]] = {}
    if start is not None:
        best[start] = []
    texts = set(_time_tokens()) | _day_tokens(shown)
    for day in _day_tokens(shown):
        for clock in _time_tokens():
            texts.add(f"{day} {clock}" if day[-1].isdigit() else day + clock)
    for text in sorted(texts, key=lambda t: (_cost(t), t)):
        if _cost(text) > budget:
            continue
        query = parse_jump(text, today, shown)
        found = find_jump(query, days) if query is not None else None
        if found is not None and (found not in best or _keys(best[found]) > _cost(text)):
            best[found] = [text]
    # then moves: cheapest first
    queue = [(_keys(keys), position, keys) for position, keys in best.items()]
    heapq.heapify(queue)
    moves: tuple[Move, ...] = ("down", "up", "page_down", "page_up", "home", "end")
    while queue:
        cost, position, keys = heapq.heappop(queue)
        if cost > _keys(best[position]) or cost >= budget + 1:
            continue
        for action in moves:
            target = move(days, position, action)
            if target is not None and (target not in best or _keys(best[target]) > cost + 1):
                best[target] = [*keys, action]
                heapq.heappush(queue, (cost + 1, target, best[target]))
    return best


def _keys(keys: list[str]) -> int:
    """Keystrokes: a typed text's characters, one per move."""
    return sum(_cost(k) if k not in ("down", "up", "page_down", "page_up", "home", "end") else 1 for k in keys)


_QT_KEYS = {
    "down": Qt.Key.Key_Down,
    "up": Qt.Key.Key_Up,
    "page_down": Qt.Key.Key_PageDown,
    "page_up": Qt.Key.Key_PageUp,
    "home": Qt.Key.Key_Home,
    "end": Qt.Key.Key_End,
}


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


@pytest.mark.parametrize(
    ("lead", "now"),
    [
        ("denver_booked", datetime(2026, 12, 2, 15, 0, tzinfo=UTC)),  # a Wednesday morning
        ("honolulu", datetime(2027, 3, 8, 20, 0, tzinfo=UTC)),  # a Monday; New York springs forward on the 14th
        ("tampa_new", datetime(2026, 10, 29, 13, 0, tzinfo=UTC)),  # a Thursday; clocks fall back on Nov 1
    ],
)
def test_any_open_block_of_the_next_14_business_days_takes_at_most_six_keys(
    qtbot: QtBot, sim: SimServer, lead: str, now: datetime
) -> None:
    sim.state.set_clock(now=now)
    window: MainWindow = build_window(qtbot, sim)
    try:
        window.slot_view.now = lambda: now
        assert window.days_ahead.value() == 14
        look_up(qtbot, window, DEMO_PHONES[lead])
        view = window.slot_view
        days = view.slot_model.days()
        horizon = business_days(now.date(), 14)[-1]
        targets = [
            (d, r)
            for d, day in enumerate(days)
            for r, row in enumerate(day.rows)
            if row.available > 0 and day.day <= horizon
        ]
        assert len(targets) >= 40  # the whole horizon is there
        qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.focusWidget() is view
        start = view.position()
        best = shortest_sequences(days, lead_today(days, now), start)
        worst = max(targets, key=lambda p: _keys(best.get(p, ["x" * 99])))
        for target in targets:
            assert target in best, f"{days[target[0]].rows[target[1]].summary}: no way there"
            keys = best[target]
            assert _keys(keys) + 1 <= 6, f"{days[target[0]].rows[target[1]].summary}: {keys} + Enter"
        # a sample spread over the horizon, typed into the window as a setter would
        sample = [targets[i * (len(targets) - 1) // 9] for i in range(10)] + [worst]
        typed_jumps = 0
        for target in sample:
            view.select_position(start)  # where Ctrl+B left it
            qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
            for key in best[target]:
                if key in _QT_KEYS:
                    qtbot.keyClick(view, _QT_KEYS[key])
                else:
                    qtbot.keyClicks(view, key)
                    typed_jumps += 1
            qtbot.keyClick(view, Qt.Key.Key_Return)
            row = days[target[0]].rows[target[1]]
            assert view.selected_row() is row, f"{best[target]} should choose {row.summary}"
            assert QApplication.focusWidget() is window.book_button  # Enter chose it
        assert typed_jumps >= 6  # the sample is mostly typed jumps, not walks
    finally:
        close(qtbot, window)


def test_escape_in_a_jump_is_the_jumps_not_the_windows(qtbot: QtBot, sim: SimServer) -> None:
    window = build_window(qtbot, sim)
    try:
        look_up(qtbot, window, DEMO_PHONES["denver_booked"])
        window.editor.inputs["city"].setText("Boulder")
        window.editor._edited()
        qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        before = window.slot_view.selected_row()
        qtbot.keyClicks(window.slot_view, "tom")
        qtbot.keyClick(window.slot_view, Qt.Key.Key_Escape)  # takes the jump back; the edit stays
        assert window.slot_view.selected_row() is before and window.slot_view.jump_text() == ""
        assert window.editor.inputs["city"].text() == "Boulder"
        qtbot.keyClick(window.slot_view, Qt.Key.Key_Escape)  # no jump: the window's Esc reverts
        assert window.editor.inputs["city"].text() == "Denver"
    finally:
        close(qtbot, window)


def test_the_f1_list_names_the_calendars_keys() -> None:
    from hsconsole.ui.shortcuts import SHORTCUTS

    keys = " ".join(k for k, _does in SHORTCUTS)
    for name in ("thu 3", "Backspace / Esc", "Up / Down", "Page Up / Page Down", "Home / End", "Enter (calendar)"):
        assert name in keys
    assert any("lead's time" in does for _keys, does in SHORTCUTS)


def test_a_spanish_desk_types_its_own_day_words_where_no_english_one_starts_so() -> None:
    thursday = date(2026, 12, 10)
    read = {text: parse_jump(text, thursday) for text in ("jue3", "mié 3", "sáb", "hoy", "mañana 10am", "vi", "m")}
    assert {text: q.day if q else None for text, q in read.items()} == {
        "jue3": thursday,
        "mié 3": date(2026, 12, 16),
        "sáb": date(2026, 12, 12),
        "hoy": thursday,
        "mañana 10am": date(2026, 12, 11),
        "vi": date(2026, 12, 11),
        "m": date(2026, 12, 14),  # English reads it first: Monday, as before
    }

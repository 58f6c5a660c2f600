"""The confirmation worklist panel, over real HTTP against the Apptoto simulator.

Each test gets its own :class:`ApptotoServer` (clock frozen on Monday
2026-03-02 15:00 UTC, an empty account) and a panel whose clock is the
simulator's, for a setter in New York. :func:`homeowners` books a known set
of appointments with fixed reply scripts and moves the clock five hours on,
so every reminder was answered (or left unanswered for hours).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from hsconsole.api.apptoto.client import ApptotoClient
from hsconsole.api.apptoto.models import EventInput, ParticipantInput, ParticipantState
from hsconsole.services.reminders import Reminders, WorklistRow
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.ui.colors import MIN_CONTRAST, contrast_ratio, over, relative_luminance
from hsconsole.ui.worklist import WorklistPanel
from hsconsole.ui.worklist_model import (
    COL_ATTENTION,
    COL_DETAIL,
    COL_LEAD,
    COL_NAME,
    COL_PHONE,
    COL_STATE,
    COL_WHEN,
    NO_PHONE,
    ROW_ROLE,
    count_text,
    lead_time_text,
    short_detail,
)
from tests.helpers import Runner, api_requests, fast_transport, tooltips_missing_text

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # Monday 10:00 AM in New York
SETTER = "America/New_York"
JANE = "+18015551234"
CARLOS = "+16025550142"
TOM = "+13105550150"
PAT = "+17185550123"
KEONI = "+18085550199"
MARY_EMAIL = "mary@example.com"


@pytest.fixture
def sim(request: pytest.FixtureRequest) -> Iterator[ApptotoServer]:
    kwargs: dict[str, Any] = {"now": T0, "demo_data": False, **getattr(request, "param", {})}
    with ApptotoServer(**kwargs) as server:
        yield server


@pytest.fixture
def client(sim: ApptotoServer, arun: Runner) -> Iterator[ApptotoClient]:
    transport = fast_transport()
    yield ApptotoClient(transport, sim.email, sim.api_key, sim.url)
    arun(transport.aclose())


@pytest.fixture
def panel(qtbot: QtBot, client: ApptotoClient, sim: ApptotoServer) -> WorklistPanel:
    made = WorklistPanel(Reminders(client), SETTER, clock=sim.state.now)
    qtbot.addWidget(made)
    return made


def appointment(n: int, name: str, zone: str, start: datetime, *, phone: str | None, email: str | None = None) -> Any:
    begins = start.replace(tzinfo=ZoneInfo(zone))
    return EventInput(
        external_id=f"hsconsole-worklist-{n}",
        calendar="HeavySet Appointments",
        title=f"Solar appointment with {name}",
        start_time=begins,
        end_time=begins + timedelta(hours=2),
        time_zone=zone,
        participants=[ParticipantInput(name=name, phone=phone, email=email)],
    )


@pytest.fixture
def homeowners(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> dict[str, int]:
    """Seven appointments (six from Monday to Wednesday, one on Thursday); the event id of each name."""
    booked = [
        ("Jane Doe", "America/Denver", datetime(2026, 3, 3, 10, 0), JANE, None, "confirm"),
        ("Carlos Ramirez", "America/Phoenix", datetime(2026, 3, 3, 9, 0), CARLOS, None, "reschedule"),
        ("Tom Okafor", "America/Los_Angeles", datetime(2026, 3, 2, 16, 0), TOM, None, "no_reply"),
        ("Pat Nguyen", "America/New_York", datetime(2026, 3, 4, 9, 0), PAT, None, "decline"),
        ("Mary Email", "America/Chicago", datetime(2026, 3, 3, 14, 0), None, MARY_EMAIL, "cancel"),
        ("Keoni Kahale", "Pacific/Honolulu", datetime(2026, 3, 3, 20, 0), KEONI, None, "confirm"),
        ("Late Larry", "America/New_York", datetime(2026, 3, 5, 10, 0), "+17185550124", None, "confirm"),
    ]
    events = []
    for n, (name, zone, start, phone, email, script) in enumerate(booked):
        sim.state.set_script(phone or email or "", script)
        events.append(appointment(n, name, zone, start, phone=phone, email=email))
    written = arun(client.upsert_events(events))
    sim.state.advance(timedelta(hours=5))  # 3:00 PM in New York: every reminder answered, or not for hours
    return {e.participants[0].name: e.id for e in written}


def cell(panel: WorklistPanel, name: str, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    for n in range(panel.proxy.rowCount()):
        row = panel.proxy.index(n, 0).data(ROW_ROLE)
        if isinstance(row, WorklistRow) and row.name == name:
            return panel.proxy.index(n, column).data(role)
    raise AssertionError(f"{name} is not shown")


def shown_names(panel: WorklistPanel) -> list[str]:
    return [row.name for row in panel.visible_rows()]


def get_pages(sim: ApptotoServer) -> list[dict[str, Any]]:
    return api_requests(sim, "GET", "/v1/events")


# ---------------------------------------------------------------- what the rows say


def test_rows_show_states_setter_and_lead_times(arun: Runner, panel: WorklistPanel, homeowners: dict[str, int]) -> None:
    assert panel.windowTitle() == "Confirmation worklist" and panel.objectName() == "worklist_panel"
    assert panel.first_day_value() == date(2026, 3, 2) and panel.days.value() == 3
    arun(panel.load())
    assert panel.status_label.text() == "6 appointments, 4 need attention"
    # soonest first, in the setter's time; Thursday's appointment is outside Monday + 3 days
    assert shown_names(panel) == [
        "Tom Okafor",
        "Carlos Ramirez",
        "Jane Doe",
        "Mary Email",
        "Keoni Kahale",
        "Pat Nguyen",
    ]
    expected = {
        # name: (When, Lead's time, Phone, State, Attention)
        "Tom Okafor": ("Mon Mar 2, 7:00 PM", "4:00 PM PST", "(310) 555-0150", "Reminded, no answer yet"),
        "Carlos Ramirez": ("Tue Mar 3, 11:00 AM", "9:00 AM MST", "(602) 555-0142", "Not coming: needs a new time"),
        "Jane Doe": ("Tue Mar 3, 12:00 PM", "10:00 AM MST", "(801) 555-1234", "Confirmed"),
        "Mary Email": ("Tue Mar 3, 3:00 PM", "2:00 PM CST", "No phone", "Not coming"),
        "Keoni Kahale": ("Wed Mar 4, 1:00 AM", "Tue Mar 3, 8:00 PM HST", "(808) 555-0199", "Confirmed"),
        "Pat Nguyen": ("Wed Mar 4, 9:00 AM", "", "(718) 555-0123", "Declined"),
    }
    for name, (when, lead, phone, state) in expected.items():
        assert cell(panel, name, COL_WHEN) == when, name
        assert cell(panel, name, COL_LEAD) == lead, name
        assert cell(panel, name, COL_PHONE) == phone, name
        assert cell(panel, name, COL_STATE) == state, name
    assert cell(panel, "Pat Nguyen", COL_LEAD, Qt.ItemDataRole.AccessibleTextRole) == "Same as your time"
    assert cell(panel, "Carlos Ramirez", COL_LEAD, Qt.ItemDataRole.ToolTipRole) == (  # both zones, by city
        "9:00 AM MST\nLead's time: Tue Mar 3, 9:00 AM in Phoenix (UTC-7)"
        "\nYour time: Tue Mar 3, 11:00 AM in New York (UTC-5)"
    )

    # why to call, marked and tinted; the rows that need nothing are left plain
    attention = {name: cell(panel, name, COL_ATTENTION) for name in expected}
    assert attention == {
        "Tom Okafor": "⚠ No reply to the reminder",
        "Carlos Ramirez": "⚠ Not coming: needs a new time",
        "Jane Doe": "",
        "Mary Email": "⚠ Not coming",
        "Keoni Kahale": "",
        "Pat Nguyen": "⚠ Declined",
    }
    tint = cell(panel, "Carlos Ramirez", COL_NAME, Qt.ItemDataRole.BackgroundRole)
    assert isinstance(tint, QBrush) and tint.color() == panel.model.attention_background
    assert cell(panel, "Jane Doe", COL_NAME, Qt.ItemDataRole.BackgroundRole) is None
    # the homeowner's words first; the full line in the tooltip and under the table
    assert cell(panel, "Jane Doe", COL_DETAIL).startswith("“C” by text, ")
    assert cell(panel, "Carlos Ramirez", COL_DETAIL).startswith("“Can we do Thursday instead?” by text, ")
    full = cell(panel, "Carlos Ramirez", COL_DETAIL, Qt.ItemDataRole.ToolTipRole)
    assert full.startswith("Not coming: needs a new time by text, ") and full.endswith("“Can we do Thursday instead?”")
    assert cell(panel, "Tom Okafor", COL_DETAIL).startswith("Reminder sent ")
    panel.select_event(homeowners["Carlos Ramirez"])
    assert panel.detail_label.text() == f"Carlos Ramirez, Tue Mar 3, 9:00 AM MST (11:00 AM your time) · ⚠ {full}"
    panel.select_event(homeowners["Tom Okafor"])
    tom = cell(panel, "Tom Okafor", COL_DETAIL, Qt.ItemDataRole.ToolTipRole)
    assert panel.detail_label.text() == (
        f"Tom Okafor, Mon Mar 2, 4:00 PM PST (7:00 PM your time) · {tom} · ⚠ No reply to the reminder"
    )


def test_every_cell_and_header_says_its_whole_text_in_its_tooltip(
    arun: Runner, panel: WorklistPanel, homeowners: dict[str, int]
) -> None:
    """The columns are cut with "…" when the window is narrow; each cell's tooltip says it whole."""
    arun(panel.load())
    assert panel.proxy.rowCount() == 6
    assert tooltips_missing_text(panel.proxy, except_columns=(COL_DETAIL,)) == []
    for n in range(panel.proxy.rowCount()):  # the latest message is shortened for the table: whole in the tooltip
        row = panel.proxy.index(n, 0).data(ROW_ROLE)
        assert panel.proxy.index(n, COL_DETAIL).data(Qt.ItemDataRole.ToolTipRole) == (row.detail or None)
    assert cell(panel, "Mary Email", COL_PHONE) == "No phone"
    assert cell(panel, "Mary Email", COL_PHONE, Qt.ItemDataRole.ToolTipRole).startswith("No phone: ")
    assert panel.table.textElideMode() == Qt.TextElideMode.ElideRight


def test_the_rows_that_need_a_call_follow_the_palette_from_light_to_dark(
    qapp: QApplication, qtbot: QtBot, arun: Runner, panel: WorklistPanel, homeowners: dict[str, int]
) -> None:
    """The system turns dark while the worklist is open: the tint is worked out anew, readable (WCAG AA) and
    a dark amber, not the light band it is in a light scheme; back to light, it is light again."""
    arun(panel.load())

    def colours() -> tuple[QColor, QColor]:
        background = cell(panel, "Carlos Ramirez", COL_NAME, Qt.ItemDataRole.BackgroundRole)
        text = cell(panel, "Carlos Ramirez", COL_NAME, Qt.ItemDataRole.ForegroundRole)
        assert cell(panel, "Jane Doe", COL_NAME, Qt.ItemDataRole.BackgroundRole) is None  # no call: untinted
        return background.color(), text.color()

    light = QPalette(qapp.palette())
    dark = QPalette(light)
    for role, colour in [(QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#ffffff")]:
        dark.setColor(role, QColor(colour))
    background, text = colours()
    assert contrast_ratio(over(text, background), background) >= MIN_CONTRAST
    assert relative_luminance(background) > 0.8  # a light amber on the light base
    try:
        with qtbot.waitSignal(panel.model.dataChanged, timeout=2000):
            qapp.setPalette(dark)
        background, text = colours()
        assert contrast_ratio(over(text, background), background) >= MIN_CONTRAST
        assert relative_luminance(background) < 0.1 and text == QColor("#ffffff")  # dark amber, light text
        assert contrast_ratio(background, QColor("#1e1e1e")) < 2.0  # no glaring band in the dark table
    finally:
        with qtbot.waitSignal(panel.model.dataChanged, timeout=2000):
            qapp.setPalette(light)
    assert relative_luminance(colours()[0]) > 0.8


def test_short_texts() -> None:
    moment = datetime(2026, 3, 4, 6, 0, tzinfo=UTC)  # 1:00 AM in New York, 8:00 PM the day before in Honolulu
    new_york = ZoneInfo(SETTER)
    assert lead_time_text(moment, "Pacific/Honolulu", new_york) == "Tue Mar 3, 8:00 PM HST"
    assert lead_time_text(moment, "America/Chicago", new_york) == "12:00 AM CST"
    assert lead_time_text(moment, "America/Detroit", new_york) == ""  # same time, another zone name
    assert lead_time_text(moment, None, new_york) == lead_time_text(moment, "Not/AZone", new_york) == ""

    def row(state_text: str, detail: str) -> WorklistRow:
        return WorklistRow(1, None, "X", None, moment, moment, None, ParticipantState.REMINDED, state_text, detail, "")

    assert short_detail(row("Reminded, no answer yet", "Replied Tue Mar 3, 9:00 AM: “who is this?”")) == (
        "“who is this?” replied Tue Mar 3, 9:00 AM"
    )
    assert (
        short_detail(row("Declined", "Declined by text, Tue Mar 3, 9:00 AM: “No”"))
        == "“No” by text, Tue Mar 3, 9:00 AM"
    )
    assert short_detail(row("Reminded, no answer yet", "Reminder sent Tue Mar 3, 9:00 AM")) == (
        "Reminder sent Tue Mar 3, 9:00 AM"
    )
    assert short_detail(row("No participant", "")) == ""
    assert count_text(1, 1) == "1 appointment, 1 needs attention"
    assert count_text(1200, 0) == "1,200 appointments, 0 need attention"


def test_the_first_day_is_today_in_the_setters_zone(qtbot: QtBot, client: ApptotoClient) -> None:
    late_evening = datetime(2026, 3, 3, 3, 30, tzinfo=UTC)  # Tuesday in UTC, still Monday in New York
    made = WorklistPanel(Reminders(client), SETTER, clock=lambda: late_evening)
    qtbot.addWidget(made)
    assert made.first_day_value() == date(2026, 3, 2)
    tokyo = WorklistPanel(Reminders(client), "Asia/Tokyo", clock=lambda: late_evening)
    qtbot.addWidget(tokyo)
    assert tokyo.first_day_value() == date(2026, 3, 3)


def test_the_attention_filter_hides_the_confirmed(
    arun: Runner, panel: WorklistPanel, homeowners: dict[str, int]
) -> None:
    arun(panel.load())
    panel.select_event(homeowners["Carlos Ramirez"])
    panel.attention_only.setChecked(True)
    assert shown_names(panel) == ["Tom Okafor", "Carlos Ramirez", "Mary Email", "Pat Nguyen"]
    assert all(row.needs_attention for row in panel.visible_rows())
    selected = panel.selected_row()
    assert selected is not None and selected.name == "Carlos Ramirez"  # the selection survives
    assert len(panel.rows()) == 6  # hidden, not dropped
    arun(panel.load())  # a reload keeps the filter
    assert len(shown_names(panel)) == 4
    panel.attention_only.setChecked(False)
    assert len(shown_names(panel)) == 6
    panel.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert shown_names(panel) == sorted(shown_names(panel))
    panel.table.sortByColumn(COL_WHEN, Qt.SortOrder.AscendingOrder)
    assert shown_names(panel)[0] == "Tom Okafor"


def test_after_the_filter_the_arrows_move_from_the_first_matching_row(
    qtbot: QtBot, arun: Runner, panel: WorklistPanel, homeowners: dict[str, int]
) -> None:
    arun(panel.load())
    panel.show()
    qtbot.waitExposed(panel)
    panel.select_event(homeowners["Jane Doe"])  # confirmed: the filter hides her
    panel.attention_only.setFocus()
    qtbot.keyClick(panel.attention_only, Qt.Key.Key_Space)  # the filter, from the keyboard
    assert panel.attention_only.isChecked()
    first = panel.selected_row()
    assert first is not None and first.name == shown_names(panel)[0]  # on the first row that matches
    assert panel.focusWidget() is panel.table  # the list has the keyboard: the next ↓ moves in it
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)  # the first ↓ moves at once
    after = panel.selected_row()
    assert after is not None and after.name == shown_names(panel)[1]
    assert panel.table.selectionModel().isRowSelected(panel.table.currentIndex().row())


def test_it_opens_on_the_first_homeowner_to_call_and_typing_finds_one_by_name(
    qtbot: QtBot, arun: Runner, client: ApptotoClient, panel: WorklistPanel, sim: ApptotoServer
) -> None:
    booked = [
        ("Ada Early", datetime(2026, 3, 3, 9, 0), "+17185550101", "confirm"),
        ("Ben Moved", datetime(2026, 3, 3, 11, 0), "+17185550102", "reschedule"),
        ("Kay Quiet", datetime(2026, 3, 3, 13, 0), "+17185550103", "confirm"),
    ]
    for _name, _start, phone, script in booked:
        sim.state.set_script(phone, script)
    events = [appointment(n, name, SETTER, start, phone=phone) for n, (name, start, phone, _) in enumerate(booked)]
    arun(client.upsert_events(events))
    sim.state.advance(timedelta(hours=5))
    panel.show()
    qtbot.waitExposed(panel)
    arun(panel.load())
    assert shown_names(panel) == ["Ada Early", "Ben Moved", "Kay Quiet"]
    chosen = panel.selected_row()
    assert chosen is not None and chosen.name == "Ben Moved"  # not the confirmed first row: Enter calls him
    assert panel.focusWidget() is panel.table
    qtbot.keyClicks(panel.table, "ka")  # whichever column the cursor is in, typing reads the names
    chosen = panel.selected_row()
    assert chosen is not None and chosen.name == "Kay Quiet"
    looked_up: list[str] = []
    panel.lookup_requested.connect(looked_up.append)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert looked_up == ["+17185550103"]


# ---------------------------------------------------------------- paging and loading


@pytest.mark.parametrize("sim", [{"rate_limit": None}], indirect=True)
def test_every_page_is_read(arun: Runner, client: ApptotoClient, panel: WorklistPanel, sim: ApptotoServer) -> None:
    start = datetime(2026, 3, 3, 8, 0)
    many = [
        appointment(n, f"Homeowner {n:03d}", SETTER, start + timedelta(minutes=2 * n), phone=None) for n in range(205)
    ]
    arun(client.upsert_events(many), timeout=20)
    sim.state.clear_requests()
    arun(panel.load())
    pages = get_pages(sim)
    assert [p["query"]["page"] for p in pages] == ["1", "2", "3"]  # 200, 5, then the empty page
    assert {p["query"]["page_size"] for p in pages} == {"200"}
    assert len(panel.rows()) == 205 and len({r.event_id for r in panel.rows()}) == 205
    assert panel.status_label.text() == "205 appointments, 0 need attention"
    assert shown_names(panel)[-1] == "Homeowner 204"


def test_reload_runs_in_the_background_and_a_new_one_cancels_the_old(
    arun: Runner, qtbot: QtBot, panel: WorklistPanel, homeowners: dict[str, int], sim: ApptotoServer
) -> None:
    panel.set_range(date(2026, 3, 3), 1)
    first = panel.reload()
    assert panel.status_label.text() == "Loading…"
    second = panel.reload()
    arun(second)
    assert first.cancelled()
    assert panel.status_label.text() == "3 appointments, 2 need attention"  # Tuesday in New York only
    # changing the range loads it by itself, once the fields stay still
    panel.days.setValue(2)
    qtbot.waitUntil(lambda: panel.status_label.text() == "5 appointments, 3 need attention", timeout=5000)


def test_a_failure_keeps_the_rows_and_says_why(
    arun: Runner, panel: WorklistPanel, homeowners: dict[str, int], sim: ApptotoServer
) -> None:
    arun(panel.load())
    before = panel.rows()
    assert len(before) == 6

    sim.state.force("500", path="/v1/events", method="GET", times=3)  # every retry fails
    arun(panel.load())
    text = panel.status_label.text()
    assert "Apptoto had a problem (HTTP 500)" in text and "Traceback" not in text
    assert panel.rows() == before and panel.proxy.rowCount() == 6

    sim.state.api_key = "a-rotated-key"  # the key in Settings no longer works: 401
    arun(panel.reload())
    text = panel.status_label.text()
    assert "Apptoto rejected the API key" in text and "Settings" in text
    assert panel.rows() == before

    assert [e["status"] for e in get_pages(sim)][-1] == 401


# ---------------------------------------------------------------- the keyboard


def test_enter_on_a_row_looks_the_phone_up(
    arun: Runner, qtbot: QtBot, panel: WorklistPanel, homeowners: dict[str, int], sim: ApptotoServer
) -> None:
    panel.show()  # opening the panel loads it
    qtbot.waitExposed(panel)
    assert panel.status_label.text() == "Loading…" and panel.tasks.busy("load")
    qtbot.waitUntil(lambda: not panel.tasks.busy("load"), timeout=5000)
    assert panel.status_label.text() == "6 appointments, 4 need attention"
    assert panel.focusWidget() is panel.table  # ready for the arrow keys and Enter
    assert panel.selected_row() is not None
    assert panel.select_event(homeowners["Jane Doe"])
    requests_before = len(get_pages(sim))
    with qtbot.waitSignal(panel.lookup_requested, timeout=1000) as jane:
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert jane.args == [JANE]
    qtbot.wait(50)
    assert len(get_pages(sim)) == requests_before  # Enter on a row is not the Refresh button

    panel.select_event(homeowners["Carlos Ramirez"])
    index = panel.table.currentIndex()
    with qtbot.waitSignal(panel.lookup_requested, timeout=1000) as carlos:
        where = panel.table.visualRect(index).center()
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert carlos.args == [CARLOS]

    panel.select_event(homeowners["Keoni Kahale"])
    with qtbot.waitSignal(panel.lookup_requested, timeout=1000) as keoni:
        qtbot.keyClick(panel.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert keoni.args == [KEONI]


def test_a_row_without_a_phone_says_so(
    arun: Runner, qtbot: QtBot, panel: WorklistPanel, homeowners: dict[str, int]
) -> None:
    arun(panel.load())
    assert panel.select_event(homeowners["Mary Email"])
    with qtbot.assertNotEmitted(panel.lookup_requested, wait=50):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert panel.status_label.text() == NO_PHONE == "This event has no phone number"


def test_controls_have_unique_mnemonics_and_f5_refreshes(
    arun: Runner, qtbot: QtBot, panel: WorklistPanel, homeowners: dict[str, int], sim: ApptotoServer
) -> None:
    texts = [w.text() for w in panel.findChildren(QAbstractButton)]
    buddies = {label.buddy(): label.text() for label in panel.findChildren(QLabel) if label.buddy() is not None}
    assert set(buddies) >= {panel.first_day, panel.days, panel.table}
    letters = [m.group(1).lower() for t in [*texts, *buddies.values()] for m in re.finditer(r"&(\w)", t)]
    assert len(letters) == len(set(letters)) >= 6
    assert "Needs &attention only" in texts and "&Refresh" in texts
    assert panel.first_day.calendarPopup()
    assert (panel.days.minimum(), panel.days.maximum()) == (1, 14)

    arun(panel.load())
    panel.show()  # freshly loaded: opening does not load again
    qtbot.waitExposed(panel)
    assert not panel.tasks.busy("load")
    sim.state.clear_requests()
    assert panel.refresh_shortcut.key() == QKeySequence(Qt.Key.Key_F5)
    panel.refresh_shortcut.activated.emit()  # (offscreen windows do not reliably get the key focus shortcuts need)
    assert panel.status_label.text() == "Loading…"
    qtbot.waitUntil(lambda: not panel.tasks.busy("load"), timeout=5000)
    assert [p["query"]["page"] for p in get_pages(sim)] == ["1", "2"]  # six events, then the empty page
    assert panel.status_label.text() == "6 appointments, 4 need attention"

"""Every time a setter abroad reads is unmistakable and follows Settings ▸ My time zone: the lead's time named by
its city where its letters would be mistaken ("CST" is China's in Manila, Cuba's in Bogotá), the setter's own
said to be theirs ("your time", "When (Manila time)"), on the lead view's reminder and links, the worklist, the
history tab and the activity log, each redrawn at once when the setting changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hsconsole.api.apptoto.client import ApptotoClient
from hsconsole.api.apptoto.models import EventInput, ParticipantInput
from hsconsole.domain.zones import zone_labeller
from hsconsole.services.audit import AuditLog
from hsconsole.services.formatting import both_zones_tip, format_for_setter, format_named
from hsconsole.services.reminders import Reminders
from hsconsole.services.scheduling import Scheduling
from hsconsole.services.settings import Settings
from hsconsole.services.setup import Connectors, timezest_client
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.sim.serving import AppServer
from hsconsole.sim.timezest.app import create_app
from hsconsole.sim.timezest.state import TimeZestState
from hsconsole.store.settings import SettingsStore, TimeZestSettings
from hsconsole.ui import zone as zone_module
from hsconsole.ui.main_window import MainWindow
from hsconsole.ui.worklist_model import COL_LEAD, COL_WHEN, ROW_ROLE
from tests.helpers import fast_transport, make_console
from tests.test_main_window import close, look_up

MANILA, BOGOTA, CHICAGO = "Asia/Manila", "America/Bogota", "America/Chicago"
DALLAS = DEMO_PHONES["dallas_cancelled"]  # Priya Natarajan, Dallas: the lead's zone is Chicago's
DEC = datetime(2026, 12, 10, 21, 0, tzinfo=UTC)  # 3:00 PM in Chicago, 5:00 AM the next day in Manila


# ---------------------------------------------------------------- the words


@pytest.mark.parametrize(
    ("setter", "text"),
    [
        (MANILA, "Thu Dec 10, 3:00 PM Chicago (Fri Dec 11, 5:00 AM your time)"),  # CST: China's, to Manila
        (BOGOTA, "Thu Dec 10, 3:00 PM Chicago (4:00 PM your time)"),  # CST: Cuba's too; the same day
        ("Asia/Kolkata", "Thu Dec 10, 3:00 PM Chicago (Fri Dec 11, 2:30 AM your time)"),
        ("America/New_York", "Thu Dec 10, 3:00 PM CST (4:00 PM your time)"),  # a US setter reads CST as Central
        (CHICAGO, "Thu Dec 10, 3:00 PM CST"),  # the same time: said once
    ],
)
def test_a_moment_reads_as_the_leads_named_past_doubt_and_the_setters_own(setter: str, text: str) -> None:
    assert format_for_setter(DEC, CHICAGO, setter) == text
    assert format_for_setter(DEC, None, MANILA) == "Fri Dec 11, 5:00 AM your time"  # the lead's zone not known


def test_letters_a_setter_abroad_reads_otherwise_are_named_by_the_city() -> None:
    on_screen = frozenset({CHICAGO, MANILA})
    assert zone_labeller(CHICAGO, on_screen, 2026, MANILA) == "Chicago"
    assert zone_labeller(CHICAGO, on_screen, 2026, "America/Denver") is None  # read as the US reads it
    assert zone_labeller("America/New_York", frozenset({"America/New_York", MANILA}), 2026, MANILA) is None  # EST
    assert zone_labeller("America/Denver", frozenset({"America/Denver", BOGOTA}), 2026, BOGOTA) is None  # MST
    summer = datetime(2026, 7, 9, 20, 0, tzinfo=UTC)  # CDT: Cuba's summer letters too
    assert format_named(summer, ZoneInfo(CHICAGO), reader=BOGOTA) == "3:00 PM Chicago"
    assert both_zones_tip(DEC, CHICAGO, MANILA) == (
        "Lead's time: Thu Dec 10, 3:00 PM in Chicago (UTC-6)\nYour time: Fri Dec 11, 5:00 AM in Manila (UTC+8)"
    )


# ---------------------------------------------------------------- the window


@pytest.fixture
def no_it_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HSCONSOLE_SETTER_TZ", raising=False)
    monkeypatch.setattr(zone_module, "computer_zone", lambda: "America/New_York")


@pytest.fixture
def sims() -> Iterator[tuple[SimServer, ApptotoServer, AppServer]]:
    with SimServer(rate_limit=None) as hs:
        tz_state = TimeZestState(hs.state.token)
        with ApptotoServer(api_key=hs.state.token) as apptoto, AppServer(lambda stop: create_app(tz_state, stop)) as tz:
            yield hs, apptoto, tz


@pytest.fixture
def window(
    qtbot: QtBot, arun: Any, sims: Any, tmp_path: Path, no_it_zone: None
) -> Iterator[tuple[MainWindow, datetime]]:
    """The console of a setter whose setting says Manila, with reminders and links; Priya Natarajan (Dallas) has
    an appointment at 3:00 PM her time tomorrow, with its reminder in Apptoto. Yields the window
    and the appointment's start."""
    hs, apptoto, tz = sims
    transport = fast_transport()
    client = ApptotoClient(transport, apptoto.email, apptoto.api_key, apptoto.url)
    day = (datetime.now(UTC) + timedelta(days=1)).astimezone(ZoneInfo(CHICAGO)).date()
    start = datetime.combine(day, time(15, 0), ZoneInfo(CHICAGO))
    event = EventInput(
        external_id="hsconsole-zones-1",
        calendar="HeavySet Appointments",
        title="Solar appointment with Priya Natarajan",
        start_time=start,
        end_time=start + timedelta(hours=2),
        time_zone=CHICAGO,
        participants=[ParticipantInput(name="Priya Natarajan", phone=DALLAS)],
    )
    apptoto.state.set_script(DALLAS, "confirm")
    arun(client.upsert_events([event]))
    apptoto.state.advance(timedelta(hours=1))  # reminded, and she answered "C"
    scheduling = timezest_client(TimeZestSettings(origin=tz.url), hs.state.token, transport)
    assert scheduling is not None
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(setter_zone=MANILA))
    audit = AuditLog(tmp_path / "audit.sqlite3", actor="dana")
    console = make_console(hs.url, hs.state.token, fast_transport())
    console.audit = audit
    win = MainWindow(console, settings=store.load(), settings_store=store, audit=audit, mode_text="DEMO")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.set_connectors(Connectors(reminders=Reminders(client), scheduling=Scheduling(scheduling)))
    try:
        yield win, start
    finally:
        close(qtbot, win)
        audit.close()
        arun(transport.aclose())


def _worklist_row(worklist: Any) -> int:
    for n in range(worklist.proxy.rowCount()):
        row = worklist.proxy.index(n, 0).data(ROW_ROLE)
        if row is not None and row.name == "Priya Natarajan":
            return n
    raise AssertionError("Priya Natarajan is not in the worklist")


def test_every_screen_names_whose_time_it_shows_and_follows_the_setting(
    qtbot: QtBot, window: tuple[MainWindow, datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    win, start = window
    assert win.setter_zone == MANILA  # from the setting, not this computer's (New York)
    look_up(qtbot, win, DALLAS)
    panel = win.connector_panel
    in_manila = start.astimezone(ZoneInfo(MANILA))
    manila_clock = f"{in_manila:%a %b} {in_manila.day}, {in_manila.hour % 12 or 12}:{in_manila:%M %p} your time"
    qtbot.waitUntil(lambda: "appointment" in panel.reminder_state.text(), timeout=8000)
    # the lead's 3:00 PM, by its city (CST is China's to Manila), the setter's own beside, both in the tooltip
    assert f"{start:%a %b} {start.day}, 3:00 PM Chicago ({manila_clock})" in panel.reminder_state.text()
    assert (
        "in Chicago (UTC-" in panel.reminder_state.toolTip() and "in Manila (UTC+8)" in panel.reminder_state.toolTip()
    )
    assert panel.reminder_detail.text().endswith(" your time: “C”")  # when she answered, in the setter's time
    # the links list: when each was sent, in a column that says whose time it is
    qtbot.waitUntil(lambda: "sent to priya.n@example.com" in panel.links_note.text(), timeout=8000)
    assert panel.links_list.headerItem().text(3) == "Sent (Manila time)"
    assert "Asia/Manila" in panel.links_list.headerItem().toolTip(3)
    history = win.lead_pane.history
    assert history.lines.headerItem().text(0) == "When (Manila time)"

    win.worklist_action.trigger()
    worklist = win.worklist
    qtbot.waitUntil(lambda: worklist.model.rowCount() > 0 and not worklist.tasks.busy("load"), timeout=8000)
    model = worklist.proxy
    assert model.headerData(COL_WHEN, Qt.Orientation.Horizontal) == "When (Manila time)"
    row = _worklist_row(worklist)
    assert model.index(row, COL_LEAD).data() == f"{start:%a %b} {start.day}, 3:00 PM Chicago"  # another day
    tip = model.index(row, COL_WHEN).data(Qt.ItemDataRole.ToolTipRole)
    assert "Lead's time:" in tip and "in Chicago (UTC-" in tip and "in Manila (UTC+8)" in tip
    win.show_activity()
    audit_window = win.side.audit_window
    assert audit_window.model.headerData(0, Qt.Orientation.Horizontal) == "When (Manila time)"

    # Settings ▸ My time zone: Bogotá. Everything says so at once, in the windows where they are
    monkeypatch.setattr("hsconsole.ui.zone_dialog.choose_zone", lambda chosen, parent=None: BOGOTA)
    win.zone_action.trigger()
    assert win.setter_zone == BOGOTA
    in_bogota = start.astimezone(ZoneInfo(BOGOTA))
    same_clock = in_bogota.utcoffset() == start.utcoffset()  # Chicago's summer time is Bogotá's all year
    bogota_clock = f"{in_bogota.hour % 12 or 12}:{in_bogota:%M %p} your time"  # the same day as Chicago's
    # CST and CDT are Cuba's too, near Bogotá: still by the city; the setter's own time beside when it differs
    said = "3:00 PM Chicago" + ("" if same_clock else f" ({bogota_clock})")
    assert panel.reminder_state.text().endswith(said)
    assert manila_clock not in panel.reminder_state.text()
    assert "in Bogota (UTC-5)" in panel.reminder_state.toolTip()
    assert panel.links_list.headerItem().text(3) == "Sent (Bogota time)"
    assert history.lines.headerItem().text(0) == "When (Bogota time)"
    assert win.worklist is worklist and win.side.audit_window is audit_window  # redrawn, not closed
    assert audit_window.model.headerData(0, Qt.Orientation.Horizontal) == "When (Bogota time)"
    assert model.headerData(COL_WHEN, Qt.Orientation.Horizontal) == "When (Bogota time)"
    qtbot.waitUntil(lambda: not worklist.tasks.busy("load") and worklist.proxy.rowCount() > 0, timeout=8000)
    row = _worklist_row(worklist)
    # the same day in Bogotá: the lead's time alone; none at all when it is the setter's too
    assert model.index(row, COL_LEAD).data() == ("" if same_clock else "3:00 PM Chicago")
    assert "in Bogota (UTC-5)" in model.index(row, COL_WHEN).data(Qt.ItemDataRole.ToolTipRole)


def test_the_time_a_homeowner_chose_by_link_reads_both_ways_and_follows_the_zone(
    qtbot: QtBot, arun: Any, sims: Any
) -> None:
    from hsconsole.api.heavyset.models import ExistingLead
    from hsconsole.ui.lead_extras import COL_CHOSEN, COL_SENT, ConnectorPanel

    hs, _apptoto, tz = sims
    transport = fast_transport()
    client = timezest_client(TimeZestSettings(origin=tz.url), hs.state.token, transport)
    assert client is not None
    panel = ConnectorPanel(MANILA)
    qtbot.addWidget(panel)
    panel.set_connectors(Connectors(scheduling=Scheduling(client)))
    lead = ExistingLead.model_validate({"phone": DALLAS, "name": "Jane Doe", "email": "jane@example.com"})
    panel.show_lead(lead, CHICAGO)  # her link was scheduled: a time is chosen
    qtbot.waitUntil(lambda: "sent to jane@example.com" in panel.links_note.text(), timeout=8000)
    item = panel.links_list.topLevelItem(0)
    chosen = next(r.chosen for r in panel.requests if r.chosen is not None)
    assert item.text(COL_CHOSEN) == format_for_setter(chosen, CHICAGO, MANILA)
    assert " Chicago (" in item.text(COL_CHOSEN) and item.text(COL_CHOSEN).endswith(" your time)")
    assert item.toolTip(COL_CHOSEN) == f"{item.text(COL_CHOSEN)}\n{both_zones_tip(chosen, CHICAGO, MANILA)}"
    assert panel.links_list.headerItem().text(COL_SENT) == "Sent (Manila time)"
    sent_in_manila = item.text(COL_SENT)
    panel.use_setter_zone(BOGOTA)  # as Settings ▸ My time zone tells it: redrawn without reading TimeZest again
    item = panel.links_list.topLevelItem(0)
    assert item.text(COL_CHOSEN) == format_for_setter(chosen, CHICAGO, BOGOTA)
    assert panel.links_list.headerItem().text(COL_SENT) == "Sent (Bogota time)"
    assert item.text(COL_SENT) != sent_in_manila  # thirteen hours apart
    arun(transport.aclose())

"""The TimeZest send-link dialog and team report, driven over real HTTP.

Each test runs the TimeZest simulator (clock frozen on Monday 2026-03-02
18:00 UTC, so its seeded account is the same every run) and the HeavySet
simulator (for the note on the lead), with a console that writes an
activity log.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from hsconsole.api.heavyset.models import ExistingLead
from hsconsole.api.timezest.client import TimeZestClient, TimeZestFilterError
from hsconsole.api.timezest.models import TriggerMode
from hsconsole.api.transport import RequestBudget, Transport
from hsconsole.services.console import Console
from hsconsole.services.scheduling import READ_ONLY_REASON, Scheduling, SentLink
from hsconsole.services.setup import Connectors
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.sim.serving import AppServer
from hsconsole.sim.timezest.app import create_app
from hsconsole.sim.timezest.state import READ_ONLY_KEY, TimeZestState
from hsconsole.store.audit import AuditLog
from hsconsole.ui.bar_chart import BarChart
from hsconsole.ui.lead_extras import ConnectorPanel
from hsconsole.ui.send_link import NO_EMAIL_REASON, RECOVERED_TEXT, SEND_AGAIN_TEXT, SEND_TEXT, SendLinkDialog
from hsconsole.ui.team_report import TeamReportWindow
from hsconsole.ui.timezest_parts import error_words
from tests.helpers import Runner, api_requests, fast_transport, make_console, tooltips_missing_text

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
TODAY = NOW.date()
KEY = "tzk_live_S3cr3tK3yValue0123456789"
TAMPA = DEMO_PHONES["tampa_new"]  # Marcus Webb: no TimeZest request yet
MARCUS_EMAIL = "marcus.webb@example.com"
JORDAN = "agnt_3HbN8sYtUe6Jm0QaLwCxF"
SOLAR_TYPE = "apty_2s211C0S1I5gqIaA8wbDu6"


@dataclass
class Rig:
    tz: TimeZestState
    tz_server: AppServer
    hs: SimServer
    console: Console
    audit: AuditLog
    transports: list[Transport]

    def scheduling(self, *, key: str = KEY, read_only: bool = False, **choices: Any) -> Scheduling:
        transport = fast_transport()
        self.transports.append(transport)
        client = TimeZestClient(transport, key, self.tz_server.url, budget=RequestBudget(0), clock=self.tz.now)
        return Scheduling(client, read_only=read_only, console=self.console, **choices)

    def posts(self) -> list[dict[str, Any]]:
        return [e for e in self.tz.requests() if e["method"] == "POST" and e["path"].endswith("/scheduling_requests")]

    def list_pages(self) -> list[dict[str, Any]]:
        return [e for e in self.tz.requests() if e["method"] == "GET" and e["path"].endswith("/scheduling_requests")]

    def requests_for(self, email: str) -> list[dict[str, Any]]:
        return [t for t in self.tz.scheduling_requests_json() if t["end_user_email"] == email]


@pytest.fixture
def rig(tmp_path: Path, arun: Runner) -> Iterator[Rig]:
    with open_rig(tmp_path, arun) as made:
        yield made


@contextmanager
def open_rig(tmp_path: Path, arun: Runner) -> Iterator[Rig]:
    """TimeZest's and HeavySet's simulators, a console on HeavySet noting to an outbox in ``tmp_path``, and its
    activity log; closed on leaving."""
    state = TimeZestState(KEY, now=NOW)
    hs_transport = fast_transport()
    with (
        AppServer(lambda stopping: create_app(state, stopping)) as tz_server,
        SimServer(rate_limit=None) as hs,
    ):
        console = make_console(hs.url, hs.state.token, hs_transport, outbox_path=tmp_path / "o.sqlite3")
        audit = AuditLog(tmp_path / "audit.sqlite3")
        console.audit = audit
        made = Rig(state, tz_server, hs, console, audit, [hs_transport])
        try:
            yield made
        finally:
            for transport in made.transports:
                arun(transport.aclose())
            audit.close()


def marcus(rig: Rig, arun: Runner) -> ExistingLead:
    lead: ExistingLead = arun(rig.console.lookup(TAMPA)).lead
    assert lead.email == MARCUS_EMAIL
    return lead


def dialog_for(qtbot: QtBot, scheduling: Scheduling, lead: ExistingLead) -> SendLinkDialog:
    dialog = SendLinkDialog(scheduling, lead, "America/New_York", today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def texts(dialog: SendLinkDialog, *, visible_only: bool = False) -> list[str]:
    return [item.text() for item in dialog.resource_items() if not (visible_only and item.isHidden())]


# ---------------------------------------------------------------- the dialog


def test_options_load_and_the_filter_narrows_the_resource_list(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    dialog = dialog_for(qtbot, rig.scheduling(), marcus(rig, arun))
    assert not dialog.send_button.isEnabled()  # nothing loaded yet
    options = arun(dialog.load_options())
    assert options is not None
    types = [dialog.type_combo.itemText(i) for i in range(dialog.type_combo.count())]
    # external_name preferred, internal_name when there is none:
    assert set(types) == {
        "Free Roof Inspection",
        "Solar Savings Consultation",
        "Window & Door Estimate",
        "Follow-up Phone Call",
    }
    assert "In-Home Estimate [Roofing]" not in types
    every = texts(dialog)
    assert len(every) == 8  # 5 schedulable agents and 3 live teams, one list
    assert "Jordan Blake" in every and "Solar Advisors (team)" in every
    assert "Sam Whitaker" not in every and "Legacy Dispatch (team)" not in every
    assert max(every.index(t) for t in every if not t.endswith("(team)")) < min(
        every.index(t) for t in every if t.endswith("(team)")
    )  # agents first, then teams

    qtbot.keyClicks(dialog.resource_filter, "sol")
    assert texts(dialog, visible_only=True) == ["Solar Advisors (team)"]
    dialog.resource_filter.clear()
    qtbot.keyClicks(dialog.resource_filter, "TEAM")
    assert texts(dialog, visible_only=True) == [t for t in every if t.endswith("(team)")]
    dialog.resource_filter.clear()
    qtbot.keyClicks(dialog.resource_filter, "zzz")
    assert texts(dialog, visible_only=True) == [] and dialog.no_match_label.isVisibleTo(dialog)
    dialog.resource_filter.clear()
    assert texts(dialog, visible_only=True) == every

    # A choice hidden by the filter stays chosen; Enter on a single match checks it.
    qtbot.keyClicks(dialog.resource_filter, "jordan")
    qtbot.keyClick(dialog.resource_filter, Qt.Key.Key_Return)
    dialog.resource_filter.clear()
    qtbot.keyClicks(dialog.resource_filter, "solar")
    assert [r.id for r in dialog.chosen_resources()] == [JORDAN]
    assert "Jordan Blake" in dialog.chosen_label.text()
    assert dialog.send_button.isEnabled()
    assert not rig.posts()  # loading and choosing sent nothing


def test_sending_shows_the_link_copies_it_notes_the_lead_and_audits(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    lead = marcus(rig, arun)
    dialog = dialog_for(qtbot, rig.scheduling(), lead)
    arun(dialog.load_options())
    assert dialog.send_button.text() == SEND_TEXT
    assert not dialog.send_button.isEnabled() and "agent or team" in dialog.reason_label.text()
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findText("Solar Savings Consultation"))
    dialog.set_chosen([JORDAN])
    dialog.window_check.setChecked(True)
    assert dialog.date_window() == (TODAY, TODAY + timedelta(days=14))
    emitted: list[SentLink] = []
    dialog.sent.connect(emitted.append)

    sent = arun(dialog.send())

    assert sent is not None and emitted == [sent]
    (created,) = rig.requests_for(MARCUS_EMAIL)
    assert sent.url == created["scheduling_url"] and sent.url.startswith("https://")
    assert not sent.recovered
    assert dialog.url_edit.text() == sent.url and dialog.url_edit.isReadOnly()
    assert dialog.url_edit.toolTip() == sent.url  # in full, should the field cut it short
    assert dialog.result_box.isVisibleTo(dialog) and not dialog.recovered_label.isVisibleTo(dialog)
    assert dialog.note_label.text() == "Noted on the HeavySet lead."
    assert not dialog.send_button.isEnabled()  # one link per dialog

    (post,) = rig.posts()
    assert post["status"] == 201
    assert post["body"] == {
        "appointment_type_id": SOLAR_TYPE,
        "trigger_mode": "generate_url",
        "resource_ids": [JORDAN],
        "end_user_name": "Marcus Webb",
        "end_user_email": MARCUS_EMAIL,
        "earliest_date": TODAY.isoformat(),
        "latest_date": (TODAY + timedelta(days=14)).isoformat(),
    }

    patch = api_requests(rig.hs, "PATCH", "/phone/update")[-1]["body"]
    assert patch["phone"] == TAMPA
    assert sent.url in patch["appendComment"] and "Solar Savings Consultation" in patch["appendComment"]
    snapshot = rig.hs.state.lead_snapshot(TAMPA)
    assert snapshot is not None and any(sent.url in c for c in snapshot["comments"])

    (line,) = rig.audit.entries(action="timezest_link")
    assert line.result == "ok" and line.phone == TAMPA
    assert line.message == f"TimeZest scheduling link made; the setter passes it on to the homeowner: {sent.url}"
    assert line.changes["trigger_mode"] == "generate_url"
    assert patch["appendComment"] == (
        "TimeZest scheduling link made (Solar Savings Consultation); the setter passes it on to the homeowner: "
        + sent.url
    )
    assert "does not email it" in dialog.status_label.text() and "Marcus Webb" in dialog.status_label.text()
    assert not rig.tz.emails()  # TimeZest emailed nobody: the setter passes the link on
    assert line.changes["resources"] == "Jordan Blake" and line.changes["request"] == created["id"]

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == sent.url
    assert dialog.status_label.text() == "Link copied."


def test_the_setter_chooses_how_the_link_reaches_them_by_keyboard(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    remembered: list[TriggerMode] = []
    dialog = dialog_for(qtbot, rig.scheduling(remember_trigger_mode=remembered.append), marcus(rig, arun))
    dialog.show()
    qtbot.waitUntil(lambda: dialog.type_combo.count() == 4 and dialog.tasks.pending == 0)
    assert dialog.pass_on_radio.isChecked() and dialog.trigger_mode() is TriggerMode.GENERATE_URL
    assert (
        "does not email it" in dialog.delivery_label.text() and "give it to Marcus Webb" in dialog.delivery_label.text()
    )
    assert MARCUS_EMAIL in dialog.email_radio.text()
    dialog.pass_on_radio.setFocus()
    qtbot.keyClick(dialog.pass_on_radio, Qt.Key.Key_Down)  # arrow keys move within the choice
    assert dialog.email_radio.isChecked() and dialog.trigger_mode() is TriggerMode.POD
    assert dialog.delivery_label.text() == (
        f"TimeZest sends Marcus Webb the link at {MARCUS_EMAIL} through its own workflow. You need not pass it on."
    )
    assert remembered == [TriggerMode.POD] and dialog.scheduling.trigger_mode is TriggerMode.POD
    # the choice is offered again as the profile last left it:
    again = dialog_for(qtbot, dialog.scheduling, dialog.lead)
    assert again.email_radio.isChecked()


@pytest.mark.parametrize("without_url", [False, True], ids=["with-url", "without-url"])
def test_timezest_emails_the_link_when_chosen_and_the_dialog_says_so(
    qtbot: QtBot, rig: Rig, arun: Runner, without_url: bool
) -> None:
    rig.tz.pod_without_url = without_url
    dialog = dialog_for(qtbot, rig.scheduling(trigger_mode=TriggerMode.POD), marcus(rig, arun))
    arun(dialog.load_options())
    dialog.set_chosen([JORDAN])
    assert dialog.email_radio.isChecked()
    sent = arun(dialog.send())
    assert sent is not None and sent.emailed_by_timezest
    (post,) = rig.posts()
    assert post["body"]["trigger_mode"] == "pod"
    (created,) = rig.requests_for(MARCUS_EMAIL)
    status = dialog.status_label.text()
    assert status.startswith(f"TimeZest is sending Marcus Webb the link at {MARCUS_EMAIL} through its own workflow.")
    if without_url:
        assert created["scheduling_url"] is None and sent.url == ""
        assert not dialog.url_edit.isVisibleTo(dialog) and "gave no link" in status
    else:
        assert dialog.url_edit.text() == created["scheduling_url"] and dialog.url_edit.isVisibleTo(dialog)
        assert "here too" in status
    assert not dialog.email_radio.isEnabled() and not dialog.pass_on_radio.isEnabled()  # one link per dialog
    rig.tz.advance(timedelta(minutes=15))
    assert [e["to"] for e in rig.tz.emails()] == [MARCUS_EMAIL]
    (line,) = rig.audit.entries(action="timezest_link")
    assert line.changes["trigger_mode"] == "pod" and MARCUS_EMAIL in line.message


def test_an_account_that_refuses_pod_is_told_and_offered_the_link(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    rig.tz.pod_unavailable = True
    remembered: list[TriggerMode] = []
    scheduling = rig.scheduling(trigger_mode=TriggerMode.POD, remember_trigger_mode=remembered.append)
    dialog = dialog_for(qtbot, scheduling, marcus(rig, arun))
    arun(dialog.load_options())
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findText("Solar Savings Consultation"))
    dialog.set_chosen([JORDAN])
    dialog.window_check.setChecked(True)
    assert arun(dialog.send()) is None
    status = dialog.status_label.text()
    assert status.startswith("TimeZest does not email links for this account (it said: The trigger mode parameter")
    assert "Nothing was sent." in status and "“I pass the link on” is chosen now" in status
    assert dialog.pass_on_radio.isChecked() and remembered == [TriggerMode.GENERATE_URL]
    assert not rig.requests_for(MARCUS_EMAIL) and not rig.tz.emails()
    # every choice is kept; Send makes the link
    assert [r.id for r in dialog.chosen_resources()] == [JORDAN] and dialog.window_check.isChecked()
    assert dialog.send_button.isEnabled() and dialog.send_button.text() == SEND_TEXT
    sent = arun(dialog.send())
    assert sent is not None and not sent.emailed_by_timezest and sent.url.startswith("https://")
    assert [(p["status"], p["body"]["trigger_mode"]) for p in rig.posts()] == [(400, "pod"), (201, "generate_url")]
    assert rig.posts()[0]["body"] | {"trigger_mode": "generate_url"} == rig.posts()[1]["body"]
    assert "does not email it" in dialog.status_label.text()


def test_send_button_runs_in_the_background(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    dialog = dialog_for(qtbot, rig.scheduling(), marcus(rig, arun))
    dialog.show()  # the first show loads the options
    qtbot.waitUntil(lambda: dialog.type_combo.count() == 4 and dialog.tasks.pending == 0)
    dialog.set_chosen([JORDAN])
    rig.tz.latency_ms = 300
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.send_button.text() == "Sending…")
    assert not dialog.send_button.isEnabled() and not dialog.resource_list.isEnabled()
    dialog.close()  # refused while the create is on its way
    assert dialog.isVisible() and "being sent" in dialog.status_label.text()
    qtbot.waitUntil(lambda: dialog.tasks.pending == 0, timeout=10000)
    assert dialog.url_edit.text().startswith("https://")
    assert len(rig.posts()) == 1


def test_read_only_key_reads_but_send_is_disabled_with_the_reason(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    scheduling = rig.scheduling(key=READ_ONLY_KEY, read_only=True)
    dialog = dialog_for(qtbot, scheduling, marcus(rig, arun))
    assert arun(dialog.load_options()) is not None  # a read-only key reads
    assert dialog.type_combo.count() == 4
    dialog.set_chosen([JORDAN])
    assert not dialog.send_button.isEnabled()
    assert dialog.reason_label.text() == READ_ONLY_REASON and dialog.reason_label.isVisibleTo(dialog)
    assert arun(dialog.send()) is None
    assert not rig.posts()


def test_a_refused_write_says_the_key_is_read_only(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    # The settings did not know the key was read-only: TimeZest's 403 says it.
    dialog = dialog_for(qtbot, rig.scheduling(key=READ_ONLY_KEY), marcus(rig, arun))
    arun(dialog.load_options())
    dialog.set_chosen([JORDAN])
    assert arun(dialog.send()) is None
    assert "read-only" in dialog.status_label.text()
    assert [p["status"] for p in rig.posts()] == [403]
    assert not rig.requests_for(MARCUS_EMAIL)
    assert dialog.send_button.isEnabled() and dialog.send_button.text() == SEND_TEXT


def test_a_lead_without_email_cannot_be_sent_a_link(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    lead = marcus(rig, arun).model_copy(update={"email": None})
    dialog = dialog_for(qtbot, rig.scheduling(), lead)
    arun(dialog.load_options())
    dialog.set_chosen([JORDAN])
    assert not dialog.send_button.isEnabled()
    assert dialog.reason_label.text() == NO_EMAIL_REASON
    assert "no email address" in dialog.recipient_label.text()
    assert arun(dialog.send()) is None and not rig.posts()


def test_an_ambiguous_failure_is_never_sent_twice(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    lead = marcus(rig, arun)
    dialog = dialog_for(qtbot, rig.scheduling(), lead)
    arun(dialog.load_options())
    dialog.set_chosen([JORDAN])
    # TimeZest stores the request, the answer is lost, and the check for it fails too (3 tries).
    rig.tz.force("drop_after_apply", path="/v1/scheduling_requests", method="POST")
    rig.tz.force("500", path="/v1/scheduling_requests", method="GET", times=3)

    assert arun(dialog.send()) is None

    assert len(rig.posts()) == 1 and len(rig.requests_for(MARCUS_EMAIL)) == 1
    assert dialog.unsettled is not None and dialog.unsettled.first_attempt_at == NOW
    assert dialog.send_button.text() == SEND_AGAIN_TEXT and dialog.send_button.isEnabled()
    assert "Nothing was sent twice" in dialog.status_label.text()
    assert not dialog.resource_list.isEnabled() and not dialog.type_combo.isEnabled()  # the choices are kept
    assert not dialog.result_box.isVisibleTo(dialog)

    rig.tz.advance(45)  # the setter reads the message, then presses Send again
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.tasks.pending == 0 and dialog.sent_link is not None, timeout=10000)

    sent = dialog.sent_link
    assert sent is not None and sent.recovered
    (only,) = rig.requests_for(MARCUS_EMAIL)
    assert len(rig.posts()) == 1  # looked first, found it, sent nothing
    assert dialog.url_edit.text() == only["scheduling_url"] == sent.url
    assert dialog.recovered_label.isVisibleTo(dialog) and dialog.recovered_label.text() == RECOVERED_TEXT
    assert dialog.unsettled is None
    patch = api_requests(rig.hs, "PATCH", "/phone/update")[-1]["body"]
    assert sent.url in patch["appendComment"]
    assert [e.result for e in rig.audit.entries(action="timezest_link")] == ["ok", "failed"]  # newest first


# ---------------------------------------------------------------- the chart


def test_bar_chart_sizes_to_its_data_and_reads_out(qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    assert "Nothing" in chart.accessibleName()
    chart.set_bars([("Jordan Blake", 12), ("Morgan Reyes", 6), ("Solar Advisors", 0)])
    three = chart.sizeHint()
    chart.set_bars([*chart.bars(), ("Riley Okoro", 3)])
    assert chart.sizeHint().height() > three.height() >= 3 * chart.fontMetrics().height()
    assert chart.accessibleName() == "Links per agent: Jordan Blake 12, Morgan Reyes 6, Solar Advisors 0, Riley Okoro 3"
    chart.resize(chart.sizeHint())
    rects = chart.bar_rects()
    assert abs(rects[0].width() - 2 * rects[1].width()) <= 1  # bars in proportion
    assert rects[2].width() == 0 and rects[0].right() < chart.width()
    image = chart.grab()
    assert not image.isNull() and image.width() >= chart.sizeHint().width()


# ---------------------------------------------------------------- the team report


def expected_counts(rig: Rig, first: date, last: date) -> dict[str, tuple[int, int]]:
    """From the simulator's own data: links and scheduled per agent (teams when no agent is named)."""
    start = int(datetime.combine(first, datetime.min.time(), UTC).timestamp())
    end = int(datetime.combine(last + timedelta(days=1), datetime.min.time(), UTC).timestamp())
    links: Counter[str] = Counter()
    booked: Counter[str] = Counter()
    for item in rig.tz.scheduling_requests_json():
        if not start <= item["created_at"] < end:
            continue
        named = [r for r in item["resources"] if r["object"] == "agent"]
        named += [a for a in item["scheduled_agents"] if a["id"] not in {r["id"] for r in named}]
        for owner in named or item["resources"]:
            links[owner["name"]] += 1
            booked[owner["name"]] += item["status"] == "scheduled"
    return {name: (count, booked[name]) for name, count in links.items()}


def table_rows(window: TeamReportWindow) -> list[list[str]]:
    table = window.table
    return [
        [(table.item(r, c).text() if table.item(r, c) else "") for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_team_report_over_several_pages(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    window = TeamReportWindow(rig.scheduling(), "UTC", today=TODAY)
    qtbot.addWidget(window)
    first, last = window.period()
    assert (first, last) == (TODAY - timedelta(days=28), TODAY)
    report = arun(window.load())
    assert report is not None

    start = datetime.combine(first, datetime.min.time(), UTC).timestamp()
    truth = [t for t in rig.tz.scheduling_requests_json() if t["created_at"] >= start]
    assert report.total == len(truth) > 60
    assert len(rig.list_pages()) == -(-len(truth) // 20) >= 3  # every page was read
    expected = expected_counts(rig, first, last)
    rows = table_rows(window)
    shown = {row[0]: (int(row[1]), int(row[2])) for row in rows}
    assert shown == expected
    assert len(shown) >= 5
    assert [int(row[1]) for row in rows] == sorted((int(row[1]) for row in rows), reverse=True)
    headers = [window.table.horizontalHeaderItem(c).text() for c in range(window.table.columnCount())]
    assert headers[:4] == ["Agent", "Links", "Scheduled", "Per week"]
    assert headers[4:] == ["Feb 2", "Feb 9", "Feb 16", "Feb 23", "Mar 2"]
    for row in rows:  # the weeks add up to the links
        assert sum(int(cell) for cell in row[4:]) == int(row[1])
        assert float(row[3]) == pytest.approx(int(row[1]) / (29 / 7), abs=0.05)  # 29 days
    assert window.chart.bars() == [(row[0], int(row[1])) for row in rows]
    assert tooltips_missing_text(window.table.model()) == []  # a cut cell or header is whole in its tooltip
    named = [window.table.item(r, 0).toolTip() for r in range(window.table.rowCount())]
    assert all(tip.startswith(row[0]) for tip, row in zip(named, rows, strict=True))
    assert any(f"({JORDAN})" in tip for tip in named)  # the agent's TimeZest id beside the name
    assert window.totals_label.text().startswith(f"Total: {len(truth)} links")
    assert window.export_button.isEnabled()


def test_the_lead_views_links_say_each_cell_whole_in_its_tooltip(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    lead = marcus(rig, arun)
    scheduling = rig.scheduling()
    options = arun(scheduling.options())
    kind = next(t for t in options.appointment_types if t.display_name == "Solar Savings Consultation")
    jordan = [r for r in options.resources if r.id == JORDAN]
    sent = arun(scheduling.send_link(lead, scheduling.request_for(lead, kind, jordan)))
    panel = ConnectorPanel("America/New_York")
    qtbot.addWidget(panel)
    panel.set_connectors(Connectors(scheduling=scheduling))
    panel.show_lead(lead, "America/New_York")
    qtbot.waitUntil(lambda: panel.links_list.topLevelItemCount() == 1, timeout=8000)
    assert tooltips_missing_text(panel.links_list.model()) == []  # the list is narrower than its cells at times
    item = panel.links_list.topLevelItem(0)
    assert item.text(1) == "Solar Savings Consultation"
    assert item.toolTip(0) == f"{item.text(0)}\n{sent.url}"  # the status, and the link it is about
    panel.clear()


def test_team_report_errors_are_said(qtbot: QtBot, rig: Rig, arun: Runner) -> None:
    window = TeamReportWindow(rig.scheduling(), "UTC", today=TODAY)
    qtbot.addWidget(window)
    window.set_period(TODAY, TODAY - timedelta(days=1))
    assert arun(window.load()) is None and "ends before it starts" in window.status_label.text()
    window.set_period(TODAY - timedelta(days=7), TODAY)
    rig.tz.force("500", path="/v1/scheduling_requests", method="GET", times=3)
    assert arun(window.load()) is None
    assert "TimeZest had a problem" in window.status_label.text()
    assert window.load_button.isEnabled() and not window.export_button.isEnabled()


def test_csv_export_writes_header_and_agent_rows(qtbot: QtBot, rig: Rig, arun: Runner, tmp_path: Path) -> None:
    window = TeamReportWindow(rig.scheduling(), "UTC", today=TODAY)
    qtbot.addWidget(window)
    window.set_period(date(2026, 2, 9), date(2026, 3, 1))
    arun(window.load())
    asked: list[str] = []

    def ask(suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / suggested)

    window.ask_save_path = ask
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    assert asked == ["timezest-links-2026-02-09-to-2026-03-01.csv"]
    path = tmp_path / asked[0]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "agent",
        "links",
        "scheduled",
        "per week",
        "week of 2026-02-09",
        "week of 2026-02-16",
        "week of 2026-02-23",
    ]
    expected = expected_counts(rig, date(2026, 2, 9), date(2026, 3, 1))
    body = {row[0]: (int(row[1]), int(row[2])) for row in rows[1:-1]}
    assert body == expected
    assert rows[-1][0] == "total"
    assert window.report is not None and int(rows[-1][1]) == window.report.total
    assert path.name in window.status_label.text()

    window.ask_save_path = lambda _name: str(tmp_path / "no-such-folder" / "report.csv")
    assert window.export_csv() is None
    assert window.status_label.text().startswith("Export failed")
    window.ask_save_path = lambda _name: None  # cancelled: nothing happens
    assert window.export_csv() is None


def test_an_unreadable_search_is_said_as_such() -> None:
    words = error_words(TimeZestFilterError(["Unable to parse filter URL parameter"]))
    assert words == (
        "TimeZest could not read the console's search (it said: Unable to parse filter URL parameter). "
        "If it persists, report it."
    )

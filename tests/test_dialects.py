"""A setter's day under every reading of the documents the simulators know (``hsconsole-sim --dialect``).

Each dialect (hsconsole/sim/dialects.py) is a plausible server that read HeavySet's, Apptoto's or TimeZest's
documents differently from our default. Under each one alone, and under all of them at once, the console's
flows keep their promises, checked on the simulators' own records: the right lead, every change landed once,
reminders at the right time and only to those who may be texted, a calendar with blocks, one link per send, and
a team report that counts what TimeZest holds.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import pytest

from hsconsole.api.transport import Transport
from hsconsole.services.console import Console, editable_values
from hsconsole.services.reminders import Reminders
from hsconsole.services.scheduling import Scheduling
from hsconsole.services.session import Session
from hsconsole.services.setup import connectors_for
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.apptoto.state import REMIND_AFTER
from hsconsole.sim.dialects import DIALECTS, connector_switches
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.sim.timezest.app import TimeZestServer
from hsconsole.store.audit import AuditLog
from hsconsole.store.outbox import OutboxStore
from hsconsole.store.settings import ApptotoSettings, Profile, TimeZestSettings
from tests.helpers import Runner, api_requests, fast_transport
from tests.test_connector_services import (
    BOOK,
    CALENDAR,
    DENVER,
    FAST_INLINE,
    T0,
    add_lead,
    drain,
    live_events,
    local,
    new_lead,
    open_block,
    tz_posts,
)

EVERY_READING = sorted(DIALECTS)
PAT = "+13035552101"
SAM = "+13035552102"
LEE = "+13035552103"


@dataclass
class Desk:
    hs: SimServer
    ap: ApptotoServer
    tz: TimeZestServer
    profile: Profile
    console: Console
    transport: Transport
    store: OutboxStore
    audit: AuditLog

    def reminders(self) -> Reminders:
        found = connectors_for(self.profile, self.console, self.transport, apptoto_key=self.ap.api_key).reminders
        assert found is not None
        return found

    def scheduling(self) -> Scheduling:
        made = connectors_for(self.profile, self.console, self.transport, timezest_key=self.tz.api_key).scheduling
        assert made is not None
        return made


@pytest.fixture(params=[[name] for name in EVERY_READING] + [EVERY_READING], ids=[*EVERY_READING, "all_at_once"])
def desk(request: pytest.FixtureRequest, tmp_path: Path, arun: Runner) -> Iterator[Desk]:
    dialects: list[str] = request.param
    heavyset = [name for name in dialects if DIALECTS[name].family == "heavyset"]
    with (
        SimServer(now=T0, rate_limit=None, dialects=heavyset) as hs,
        ApptotoServer(now=T0, demo_data=False, **connector_switches(dialects, "apptoto")) as ap,
        TimeZestServer(now=datetime.now(UTC).replace(microsecond=0), **connector_switches(dialects, "timezest")) as tz,
    ):
        profile = Profile(
            name="Dialects",
            origin=hs.url,
            apptoto=ApptotoSettings(email=ap.email, calendar=CALENDAR, address_book=BOOK, origin=ap.url),
            timezest=TimeZestSettings(origin=tz.url),
        )
        session = Session.open(
            profile,
            hs.state.token,
            hs.state.token,
            apptoto_key=ap.api_key,
            data_dir=tmp_path,
            transport=fast_transport(attempts=3),
            connectors=False,
        )
        console = session.console
        assert console.outbox is not None and session.stores.audit is not None
        console.outbox.rng = random.Random(1)
        console.outbox.backoff_base = 0.01
        console.outbox.backoff_max = 0.05
        console.outbox.inline_retry = FAST_INLINE
        yield Desk(hs, ap, tz, profile, console, session.transport, session.stores.outbox, session.stores.audit)
        arun(session.close())


def _settle(arun: Runner, desk: Desk) -> None:
    assert desk.console.outbox is not None
    arun(drain(desk.console.outbox))
    left = desk.store.entries(statuses=("pending", "failed", "rejected"))
    assert left == [], f"changes not landed: {left}"


def _events_of(desk: Desk, phone: str) -> list[dict[str, Any]]:
    lead = desk.hs.state.lead_snapshot(phone)
    assert lead is not None
    return [e for e in live_events(desk.ap) if e["external_id"] == f"hsconsole-{lead['lead_id']}"]


def _landed_once(desk: Desk, phone: str, comment: str) -> None:
    snapshot = desk.hs.state.lead_snapshot(phone)
    assert snapshot is not None and snapshot["comments"].count(comment) == 1, snapshot["comments"]


def test_a_setters_day_keeps_every_promise_under_this_reading(arun: Runner, desk: Desk) -> None:
    hs, ap, tz, console = desk.hs, desk.ap, desk.tz, desk.console
    add_lead(hs, PAT, name="Pat Lee", tcpa=True)
    add_lead(hs, SAM, name="Sam Ortiz", email="sam@example.com", tcpa=True)
    add_lead(hs, LEE, name="Lee Chan", email="lee.chan@example.com")

    # look up: the right lead and a calendar with blocks
    found = arun(console.lookup(PAT))
    assert found.lead.phone == PAT and found.lead.name == "Pat Lee"
    assert found.slots is not None and len(found.slots.slots) > 0 and found.slots.skipped == []

    # save: the edit and its note land once
    saved = arun(console.save(found.lead, {**editable_values(found.lead), "city": "Golden"}, comment="city fixed"))
    _settle(arun, desk)
    assert (hs.state.lead_snapshot(PAT) or {})["city"] == "Golden"
    _landed_once(desk, PAT, "city fixed")

    # book, then reschedule: one reminder, at the new time
    first, second = open_block(hs, date(2026, 3, 4)), open_block(hs, date(2026, 3, 10))
    booked = arun(console.book(saved, first["blockId"], label="Wed"))
    _settle(arun, desk)
    [event] = _events_of(desk, PAT)
    assert (event["start_time"], event["end_time"]) == (local(first["start"]), local(first["end"]))
    moved = arun(console.book(booked, second["blockId"], label="Tue"))
    _settle(arun, desk)
    assert (hs.state.lead_snapshot(PAT) or {})["block_id"] == second["blockId"]
    [event] = _events_of(desk, PAT)
    assert (event["start_time"], event["end_time"]) == (local(second["start"]), local(second["end"]))

    # the reminder texted, then consent withdrawn: nobody on it can be texted any more
    ap.state.advance(REMIND_AFTER + timedelta(minutes=1))
    arun(console.save(moved, {**editable_values(moved), "tcpa_flag": False}))
    _settle(arun, desk)
    [event] = _events_of(desk, PAT)
    assert all(p["normalized_phone"] is None for p in event["participants"])
    assert event["start_time"] == local(second["start"])

    # the worklist shows the booking at its time
    rows = arun(desk.reminders().worklist(date(2026, 3, 9), 3, "America/Denver", now=ap.state.now()))
    assert [(r.external_id, r.start) for r in rows] == [
        (event["external_id"], datetime.fromisoformat(local(second["start"])))
    ]

    # not qualified: the reminder follows what HeavySet did with the appointment
    sam = arun(console.lookup(SAM)).lead
    sam_booked = arun(console.book(sam, open_block(hs, date(2026, 3, 5))["blockId"], label="Thu"))
    _settle(arun, desk)
    assert len(_events_of(desk, SAM)) == 1
    marked = arun(console.disqualify(sam_booked, "Renter", "owner is the landlord"))
    _settle(arun, desk)
    kept = (hs.state.lead_snapshot(SAM) or {})["block_id"] is not None
    assert marked.has_active_appointment is kept
    assert len(_events_of(desk, SAM)) == (1 if kept else 0)
    _landed_once(desk, SAM, "owner is the landlord")

    # cancel: HeavySet cancels, the reminder goes
    cancelled = arun(console.cancel(moved, "homeowner cancelled"))
    _settle(arun, desk)
    assert not cancelled.has_active_appointment
    assert (hs.state.lead_snapshot(PAT) or {})["appointment_status"] == "Cancelled"
    assert _events_of(desk, PAT) == []
    _landed_once(desk, PAT, "homeowner cancelled")

    # a new caller: lead made once, booked, reminded at the block's time
    created = arun(console.create_lead(new_lead("+13035552131")))
    assert created.slots is not None
    slot = next(s for s in created.slots.slots if not s.is_full and s.appointment_date > date(2026, 3, 2))
    result = arun(console.book_new_lead(created, slot.block_id))
    _settle(arun, desk)
    assert result.lead is not None and result.lead.block_id == slot.block_id
    assert len(api_requests(hs, "POST", "/lead")) == 1
    block = hs.state.block_snapshot(slot.block_id) or {}
    [event] = _events_of(desk, "+13035552131")
    assert (event["start_time"], event["end_time"]) == (local(block["start"]), local(block["end"]))

    # a TimeZest link: made once, noted on the lead
    scheduling = desk.scheduling()
    options = arun(scheduling.options())
    lee = arun(console.lookup(LEE)).lead
    kind = options.appointment_types[0]
    sent = arun(scheduling.send_link(lee, scheduling.request_for(lee, kind, options.resources[:1])))
    assert len(tz_posts(tz, "lee.chan@example.com")) == 1
    [made] = [r for r in tz.state.scheduling_requests_json() if r["end_user_email"] == "lee.chan@example.com"]
    assert sent.request.id == made["id"]
    assert any(sent.request.id in c or (sent.url or "") in c for c in (hs.state.lead_snapshot(LEE) or {})["comments"])

    # the team report counts what TimeZest holds for the last four weeks
    last = tz.state.now().astimezone(DENVER).date()
    report = arun(scheduling.report(last - timedelta(days=27), last, "America/Denver"))
    start = datetime.combine(last - timedelta(days=27), clock_time(0), DENVER).timestamp()
    end = datetime.combine(last + timedelta(days=1), clock_time(0), DENVER).timestamp()
    inside = [r for r in tz.state.scheduling_requests_json() if start <= r["created_at"] < end]
    assert report.total == len(inside) > 0

    # and the console never told the setter anything failed
    assert [e for e in desk.audit.entries() if e.result == "failed"] == []

"""The connector services over real HTTP: the Apptoto mirror through the outbox, reminders, TimeZest links.

Every test talks to the simulators on 127.0.0.1: HeavySet (clock frozen on
Monday 2026-03-02 15:00 UTC, 8:00 AM in Denver; DST starts on Sunday the 8th,
so a booking on the 4th is at -07:00 and one on the 10th at -06:00), Apptoto
(an empty account on the same frozen clock) and, for the links, TimeZest. The
console is the one :func:`console_for` builds, with an outbox file under
``tmp_path``; its replayer is driven with :meth:`OutboxService.replay_one`
(or run as a task), with a short backoff. Assertions are on what the
simulators hold and on their request logs.

The last part tests the outbox store on its own: lanes, follow-ups,
orphaning, ``next_due`` and the upgrade of a version-1 file.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import random
import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hsconsole.api.apptoto.models import Participant, ParticipantState
from hsconsole.api.errors import ApiError, BadRequestError
from hsconsole.api.heavyset.models import ExistingLead, LeadSubmission, TimeSlot
from hsconsole.api.timezest.client import TimeZestTriggerModeError, UncertainCreateError
from hsconsole.api.timezest.models import SchedulingRequest, TriggerMode
from hsconsole.api.transport import RetryPolicy, Transport
from hsconsole.services.console import Console, editable_values
from hsconsole.services.outbox import OutboxService, Queued
from hsconsole.services.reminders import (
    Mirror,
    Reminders,
    attention_reason,
    event_for_booking,
    no_reply,
)
from hsconsole.services.scheduling import UNASSIGNED, build_report, report_csv
from hsconsole.services.session import Session
from hsconsole.services.setup import Connectors, check_apptoto, check_timezest, connectors_for, console_for
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.apptoto.state import REMIND_AFTER, REPLY_AFTER_MAX
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.sim.timezest.app import TimeZestServer
from hsconsole.store.audit import AuditLog
from hsconsole.store.outbox import FollowUp, OutboxEntry, OutboxStore, Status
from hsconsole.store.settings import ApptotoSettings, Profile, TimeZestSettings
from tests.helpers import Runner, api_requests, fast_transport

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
DENVER = ZoneInfo("America/Denver")
PROFILE = "Test"
CALENDAR = "HeavySet Appointments"
BOOK = "HeavySet Leads"
BOOK_ID = 2000000101
PAT = "+13035552001"
ORPHANED = "Not sent: the HeavySet change it follows was not made"
FAST_INLINE = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.05, max_retry_after=2.0)
ALL_STATUSES: tuple[Status, ...] = ("pending", "done", "failed", "rejected", "discarded")


# ---------------------------------------------------------------- the rig


@dataclass
class Rig:
    """A console on the simulators, with its outbox, audit log and reminders reader."""

    hs: SimServer
    ap: ApptotoServer
    profile: Profile
    transport: Transport
    store: OutboxStore
    audit: AuditLog
    console: Console
    reminders: Reminders

    @property
    def service(self) -> OutboxService:
        assert self.console.outbox is not None
        return self.console.outbox

    def entries(self, *statuses: Status) -> list[OutboxEntry]:
        return self.store.entries(statuses=statuses or ALL_STATUSES)


MakeRig = Callable[..., Rig]


@pytest.fixture
def hs() -> Iterator[SimServer]:
    with SimServer(now=T0, rate_limit=None) as server:
        yield server


@pytest.fixture
def ap() -> Iterator[ApptotoServer]:
    with ApptotoServer(now=T0, demo_data=False) as server:
        yield server


@pytest.fixture
def make_rig(hs: SimServer, ap: ApptotoServer, tmp_path: Path, arun: Runner) -> Iterator[MakeRig]:
    """``make_rig(address_book=BOOK, attempts=3)``: a :class:`Session` on both simulators, a data folder each."""
    made: list[Session] = []

    def make(*, address_book: str = BOOK, attempts: int = 3, calendar: str = CALENDAR) -> Rig:
        profile = Profile(
            name=PROFILE,
            origin=hs.url,
            apptoto=ApptotoSettings(email=ap.email, calendar=calendar, address_book=address_book, origin=ap.url),
        )
        session = Session.open(
            profile,
            hs.state.token,
            hs.state.token,
            apptoto_key=ap.api_key,
            data_dir=tmp_path / f"data-{len(made)}",
            transport=fast_transport(attempts=attempts),
        )
        made.append(session)
        console = session.console
        assert console.outbox is not None and console.outbox.apptoto is not None and console.mirror is not None
        console.outbox.rng = random.Random(1)
        console.outbox.backoff_base = 0.01
        console.outbox.backoff_max = 0.05
        console.outbox.inline_retry = FAST_INLINE
        assert session.connectors is not None and session.stores.audit is not None
        reminders = session.connectors.reminders
        assert reminders is not None
        return Rig(hs, ap, profile, session.transport, session.stores.outbox, session.stores.audit, console, reminders)

    yield make
    for session in made:
        arun(session.close())


@pytest.fixture
def rig(make_rig: MakeRig) -> Rig:
    return make_rig()


# ---------------------------------------------------------------- helpers


async def drain(service: OutboxService, *, within: float = 8.0) -> list[OutboxEntry]:
    """``replay_one`` until nothing is due any more, waiting out each backoff; what was replayed, in order."""
    replayed: list[OutboxEntry] = []
    deadline = time.monotonic() + within
    while True:
        entry = await service.replay_one()
        if entry is not None:
            replayed.append(entry)
            continue
        due = service.store.next_due(service.profile)
        if due is None:
            return replayed
        if time.monotonic() > deadline:
            raise AssertionError(f"the outbox did not settle: {service.store.entries(statuses=ALL_STATUSES)}")
        await asyncio.sleep(min(max(due - time.time(), 0.0), 0.5) + 0.005)


async def until(condition: Callable[[], bool], within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def add_lead(hs: SimServer, phone: str, name: str = "Pat Lee", **attrs: Any) -> dict[str, Any]:
    """A Denver lead (80202) with an email and a street address unless told otherwise."""
    attrs.setdefault("email", f"{name.split()[0].lower()}@example.com")
    attrs.setdefault("address1", "123 Main St")
    return hs.state.add_lead(phone, zip="80202", name=name, **attrs)


def open_block(hs: SimServer, day: date, market: str = "Denver") -> dict[str, Any]:
    """The first seeded block of ``market`` on ``day`` with a free seat (its raw snapshot)."""
    for block in hs.state.blocks_snapshot(market=market):
        if block["appointmentDate"] == day.isoformat() and block["availableSlots"] > 0:
            return block
    raise AssertionError(f"no open {market} block on {day}")


def big_block(hs: SimServer, day: date, capacity: int = 10) -> dict[str, Any]:
    return hs.state.add_block(day=day, start_time="7:00 PM", end_time="8:30 PM", capacity=capacity, market="Denver")


def local(utc_text: str) -> str:
    """A sim block's UTC start/end as Apptoto shows it: Denver wall time with its offset."""
    return datetime.fromisoformat(utc_text.replace("Z", "+00:00")).astimezone(DENVER).isoformat()


def ap_log(ap: ApptotoServer, method: str | None = None, path: str | None = None) -> list[dict[str, Any]]:
    return [
        e
        for e in ap.state.requests()
        if (method is None or e["method"] == method) and (path is None or e["path"] == path)
    ]


def ap_writes(ap: ApptotoServer) -> list[dict[str, Any]]:
    return [e for e in ap.state.requests() if e["method"] in ("POST", "PUT", "DELETE")]


def live_events(ap: ApptotoServer) -> list[dict[str, Any]]:
    return ap.state.events_snapshot(include_deleted=False)


def lead_key(snapshot: dict[str, Any]) -> str:
    return f"hsconsole-{snapshot['lead_id']}"


def book_and_mirror(arun: Runner, rig: Rig, phone: str, block_id: str) -> ExistingLead:
    lead = arun(rig.console.lookup(phone)).lead
    booked: ExistingLead = arun(rig.console.book(lead, block_id, label="a block"))
    arun(drain(rig.service))
    return booked


# ---------------------------------------------------------------- 1. book, reschedule, cancel


def test_an_apptoto_that_keeps_times_on_put_gets_the_event_replaced_at_the_new_time(
    arun: Runner, rig: Rig, hs: SimServer
) -> None:
    """The fact sheet's reading where PUT leaves start and end as they were: the reminder must not stay at 10:00."""
    ap = rig.ap
    ap.state.put_keeps_times = True
    add_lead(hs, PAT)
    first, second = open_block(hs, date(2026, 3, 4)), open_block(hs, date(2026, 3, 10))
    lead = arun(rig.console.lookup(PAT)).lead
    booked = arun(rig.console.book(lead, first["blockId"], label="Wed 10 AM"))
    arun(drain(rig.service))
    arun(rig.console.book(booked, second["blockId"], label="Tue 10 AM"))
    arun(drain(rig.service))
    [live] = live_events(ap)
    assert live["start_time"] == local(second["start"]) and live["end_time"] == local(second["end"])
    assert live["external_id"] == f"hsconsole-{booked.lead_id}"
    assert len(ap.state.events_snapshot()) == 2  # the old one deleted (its messages halted), a new one made
    [moved] = [e for e in rig.entries("done") if e.kind == "apptoto_event"][-1:]
    assert moved.result is not None and moved.result.get("replaced") == "the old times"


def test_an_apptoto_that_refuses_the_zone_name_still_gets_the_reminder_at_the_right_time(
    arun: Runner, rig: Rig, hs: SimServer
) -> None:
    ap = rig.ap
    ap.state.refuses_iana_zones = True
    add_lead(hs, PAT)
    block = open_block(hs, date(2026, 3, 4))
    lead = arun(rig.console.lookup(PAT)).lead
    arun(rig.console.book(lead, block["blockId"], label="Wed 10 AM"))
    arun(drain(rig.service))
    [event] = live_events(ap)
    assert event["start_time"] == local(block["start"]) and event["end_time"] == local(block["end"])
    assert event["time_zone"] is None
    assert rig.entries("failed") == [] and rig.service.apptoto_zone_refused


def test_book_reschedule_and_cancel_keep_one_apptoto_event(arun: Runner, rig: Rig, hs: SimServer) -> None:
    ap = rig.ap
    snapshot = add_lead(hs, PAT)
    first, second = open_block(hs, date(2026, 3, 4)), open_block(hs, date(2026, 3, 10))
    lead = arun(rig.console.lookup(PAT)).lead

    booked = arun(rig.console.book(lead, first["blockId"], label="Wed 10 AM"))
    assert booked.block_id == first["blockId"]
    assert ap.state.requests() == []  # never sent while the setter waits
    [mirror] = rig.entries("pending")
    assert (mirror.kind, mirror.lane) == ("apptoto_event", "apptoto")
    assert mirror.after_id is not None
    parent = rig.store.get(mirror.after_id)
    assert parent is not None and (parent.kind, parent.status) == ("update", "done")

    assert [(e.kind, e.status) for e in arun(drain(rig.service))] == [("apptoto_event", "done")]
    [event] = ap.state.events_snapshot()
    assert event["external_id"] == lead_key(snapshot) == "hsconsole-lead_1001"
    assert event["calendar_name"] == CALENDAR
    assert event["start_time"] == local(first["start"]) and event["start_time"].endswith("-07:00")
    assert event["end_time"] == local(first["end"]) and event["end_time"].endswith("-07:00")
    assert event["time_zone"] == "America/Denver" == (booked.model_extra or {})["timeZone"]
    assert event["location"] == "123 Main St, Denver, CO 80202"
    assert event["custom_data"] == {
        "heavyset_lead_id": "lead_1001",
        "heavyset_block_id": first["blockId"],
        "heavyset_phone": PAT,  # for a call, whatever the participant may be sent
    }
    [who] = event["participants"]
    assert (who["name"], who["normalized_phone"], who["email"]) == ("Pat Lee", PAT, "pat@example.com")

    moved = arun(rig.console.book(booked, second["blockId"], label="Tue 10 AM"))
    assert moved.block_id == second["blockId"]
    arun(drain(rig.service))
    [again] = ap.state.events_snapshot()
    assert again["id"] == event["id"] and again["external_id"] == event["external_id"]
    assert again["start_time"] == local(second["start"]) and again["start_time"].endswith("-06:00")
    assert again["end_time"] == local(second["end"])
    assert again["custom_data"]["heavyset_block_id"] == second["blockId"]
    assert [len(again["participants"]), again["participants"][0]["id"]] == [1, who["id"]]

    arun(rig.console.cancel(moved, "Homeowner called to cancel"))
    arun(drain(rig.service))
    [gone] = ap.state.events_snapshot()
    assert gone["id"] == event["id"] and gone["is_deleted"]
    assert live_events(ap) == []
    assert [(e["method"], e["status"]) for e in ap_writes(ap)] == [("PUT", 200), ("PUT", 200), ("DELETE", 200)]
    assert ap_writes(ap)[-1]["query"]["external_id"] == lead_key(snapshot)
    assert [e["method"] for e in ap.state.requests() if e["method"] == "POST"] == []
    lead_now = hs.state.lead_snapshot(PAT)
    assert lead_now is not None and lead_now["appointment_status"] == "Cancelled"
    assert arun(rig.reminders.status_for(moved, now=ap.state.now())) is None
    assert [e.action for e in rig.audit.entries(action="replay")] == ["replay"] * 3
    assert {e.action for e in rig.audit.entries()} >= {"book", "reschedule", "cancel"}


# ---------------------------------------------------------------- 2. exactly once under faults


@pytest.mark.parametrize(("fault", "times", "status"), [("500", 3, 500), ("drop_after_apply", 3, 200), ("429", 2, 429)])
def test_the_mirror_lands_exactly_once_under_apptoto_faults(
    arun: Runner, make_rig: MakeRig, hs: SimServer, ap: ApptotoServer, fault: str, times: int, status: int
) -> None:
    rig = make_rig(attempts=2)  # the transport would try twice; the outbox sends each Apptoto try once
    add_lead(hs, PAT)
    block = open_block(hs, date(2026, 3, 4))
    lead = arun(rig.console.lookup(PAT)).lead
    arun(rig.console.book(lead, block["blockId"]))
    ap.state.force(fault, method="PUT", times=times)

    first = arun(rig.service.replay_one())
    assert first is not None and (first.kind, first.status, first.attempts) == ("apptoto_event", "pending", 1)
    assert first.last_error
    wait = first.next_attempt_at - first.updated_at
    if fault == "429":
        assert wait >= 0.99  # Retry-After: 1
    else:
        assert wait <= 0.05 + 0.01  # the outbox's own (short) backoff

    arun(drain(rig.service))
    [mirror] = [e for e in rig.entries() if e.lane == "apptoto"]
    assert (mirror.status, mirror.attempts) == ("done", times + 1)  # one request per outbox try
    [event] = ap.state.events_snapshot()
    assert event["external_id"] == "hsconsole-lead_1001" and not event["is_deleted"]
    puts = ap_log(ap, "PUT", "/v1/events")
    assert [e["fault"] for e in puts] == [fault] * times + [None]
    assert [e["status"] for e in puts][-1] == 200
    if fault == "drop_after_apply":
        assert sum(1 for e in puts if e["applied"]) == times + 1  # applied every time, still one event
    assert ap_log(ap, "POST") == []


MIRROR_FAULTS = {
    "error_rate": 0.06,
    "drop_rate": 0.06,
    "timeout_rate": 0.03,
    "rate_429": 0.04,
    "drop_after_apply_rate": 0.06,
    "hang_s": 0.4,
}


def test_many_bookings_under_faults_on_both_services_leave_exactly_one_right_reminder_each(
    arun: Runner, make_rig: MakeRig, hs: SimServer, ap: ApptotoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The outbox's fault suite, with the mirror: 40 leads booked, half rescheduled, a quarter cancelled."""
    rig = make_rig(attempts=2)
    first, second = big_block(hs, date(2026, 3, 5), capacity=100), big_block(hs, date(2026, 3, 6), capacity=100)
    phones = [f"+1303555{3000 + n:04d}" for n in range(40)]
    keys = {phone: lead_key(add_lead(hs, phone, name=f"Mirror Lead {n}", tcpa=True)) for n, phone in enumerate(phones)}
    hs.state.set_faults(**MIRROR_FAULTS)
    ap.state.set_faults(**MIRROR_FAULTS)

    async def look_up(phone: str) -> ExistingLead:
        # the setter books from the calendar: a lookup whose lead or blocks failed is tried again (Enter again)
        for _ in range(20):
            with contextlib.suppress(ApiError):
                found = await rig.console.lookup(phone)
                if found.slots is not None:
                    return found.lead
            await asyncio.sleep(0.01)
        raise AssertionError(f"{phone} could not be looked up")

    async def act(n: int, phone: str) -> None:
        lead = await look_up(phone)
        for block, wanted in ((first, True), (second, n % 2 == 0)):
            if wanted:
                with contextlib.suppress(Queued):
                    await rig.console.book(lead, block["blockId"])
        if n % 4 == 0:
            with contextlib.suppress(Queued):
                await rig.console.cancel(lead, "Changed their mind")

    async def run_all() -> None:
        for n, phone in enumerate(phones):
            await act(n, phone)

    arun(run_all(), timeout=120)
    arun(drain(rig.service, within=90.0), timeout=120)
    hs.state.set_faults(error_rate=0.0, drop_rate=0.0, timeout_rate=0.0, rate_429=0.0, drop_after_apply_rate=0.0)
    ap.state.set_faults(error_rate=0.0, drop_rate=0.0, timeout_rate=0.0, rate_429=0.0, drop_after_apply_rate=0.0)
    arun(drain(rig.service), timeout=30)

    assert rig.entries("pending") == [] and rig.entries("failed") == []
    events = ap.state.events_snapshot(include_deleted=True)
    for n, phone in enumerate(phones):
        mine = [e for e in events if e["external_id"] == keys[phone]]
        assert len(mine) == 1, (phone, mine)  # made once, whatever was replayed
        [event] = mine
        crm = hs.state.lead_snapshot(phone)
        assert crm is not None
        if n % 4 == 0:
            assert event["is_deleted"] and crm["appointment_status"] == "Cancelled", phone
        else:
            block = second if n % 2 == 0 else first
            assert not event["is_deleted"] and event["custom_data"]["heavyset_block_id"] == block["blockId"], phone
    faults = sum(1 for r in ap.state.requests() if r.get("fault")) + sum(
        1 for r in hs.state.requests() if r.get("fault") and "/_sim/" not in r["path"]
    )
    assert faults > 20  # the faults did happen
    with capsys.disabled():
        print(f"\nmirror under faults: leads 40, faults injected {faults}, events {len(events)}, lost 0, duplicated 0")


def test_a_queued_booking_is_mirrored_only_once_it_lands(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    add_lead(hs, PAT)
    block = open_block(hs, date(2026, 3, 4))
    lead = arun(rig.console.lookup(PAT)).lead
    hs.state.force("500", path="phone/update", method="PATCH", times=2)
    with pytest.raises(Queued):
        arun(rig.console.book(lead, block["blockId"]))
    booking, mirror = rig.entries("pending")
    assert (booking.kind, booking.lane, mirror.lane, mirror.after_id) == ("update", "heavyset", "apptoto", booking.id)
    assert rig.store.next_due(PROFILE) == pytest.approx(booking.next_attempt_at)

    # the booking's replay applies, then its answer is lost: still not confirmed, so nothing goes to Apptoto
    hs.state.force("drop_after_apply", path="phone/update", method="PATCH")
    rig.service.retry_now(booking.id)
    after = arun(rig.service.replay_one())
    assert after is not None and (after.id, after.status, after.attempts) == (booking.id, "pending", 2)
    held = rig.store.get(mirror.id)
    assert held is not None and held.status == "pending"
    assert ap.state.requests() == []

    replayed = arun(drain(rig.service))
    assert [(e.kind, e.status) for e in replayed] == [("update", "done"), ("apptoto_event", "done")]
    patches = api_requests(hs, "PATCH", "phone/update")
    assert sum(1 for p in patches if p["applied"]) == 1
    assert {p["idempotency_key"] for p in patches} == {booking.idempotency_key}
    snapshot = hs.state.lead_snapshot(PAT)
    assert snapshot is not None and snapshot["block_id"] == block["blockId"]
    [event] = ap.state.events_snapshot()
    assert event["start_time"] == local(block["start"])
    assert len(ap_log(ap, "PUT")) == 1


def test_a_booking_refused_on_replay_is_never_mirrored(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    add_lead(hs, PAT)
    block = big_block(hs, date(2026, 3, 4), capacity=2)
    lead = arun(rig.console.lookup(PAT)).lead
    hs.state.force("500", path="phone/update", method="PATCH", times=2)
    with pytest.raises(Queued):
        arun(rig.console.book(lead, block["blockId"]))
    for n in range(2):  # others take the last seats meanwhile
        hs.state.add_lead(f"+1303555210{n}", zip="80202", name=f"Other {n}", block_id=block["blockId"])

    arun(drain(rig.service))
    booking, mirror = rig.entries()
    assert (booking.status, mirror.status) == ("failed", "pending")  # a failed booking keeps it waiting
    assert booking.last_error is not None and "full" in booking.last_error
    assert rig.store.next_due(PROFILE) is None
    assert arun(rig.service.replay_one()) is None

    rig.service.discard(booking.id)
    gone = rig.store.get(mirror.id)
    assert gone is not None and (gone.status, gone.last_error) == ("discarded", ORPHANED)
    assert arun(drain(rig.service)) == []
    assert ap.state.requests() == []  # not one call to Apptoto, ever
    assert [e.result for e in rig.audit.entries(action="replay")] == ["failed"]


def test_a_queued_booking_discarded_takes_its_mirror_with_it(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    add_lead(hs, PAT)
    block = open_block(hs, date(2026, 3, 4))
    lead = arun(rig.console.lookup(PAT)).lead
    hs.state.force("500", path="phone/update", method="PATCH", times=2)
    with pytest.raises(Queued) as queued:
        arun(rig.console.book(lead, block["blockId"]))
    rig.service.discard(queued.value.entry.id)
    booking, mirror = rig.entries()
    assert (booking.kind, booking.status, mirror.kind, mirror.status) == (
        "update",
        "discarded",
        "apptoto_event",
        "discarded",
    )
    assert mirror.last_error == ORPHANED
    assert arun(drain(rig.service)) == []
    assert len(api_requests(hs, "PATCH", "phone/update")) == 2  # only the two tries the setter saw
    assert ap.state.requests() == []


def test_a_refusal_seen_by_the_setter_discards_the_follow_ups(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    add_lead(hs, PAT)
    mirror = FollowUp("apptoto_event", "apptoto", {"external_id": "hsconsole-lead_1001", "title": "x"}, "mirror")
    body = {"phone": PAT, "blockId": "a0p8X00000NOSUCH00"}
    with pytest.raises(BadRequestError):
        arun(rig.service.submit("update", PAT, body, "Book Pat", follow_ups=[mirror]))
    assert [(e.lane, e.status) for e in rig.entries()] == [("heavyset", "rejected"), ("apptoto", "discarded")]
    assert rig.entries("discarded")[0].last_error == ORPHANED
    assert arun(drain(rig.service)) == []
    assert ap.state.requests() == []


def test_without_an_apptoto_client_a_mirror_fails_and_is_not_retried(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    add_lead(hs, PAT)
    block = open_block(hs, date(2026, 3, 4))
    lead = arun(rig.console.lookup(PAT)).lead
    arun(rig.console.book(lead, block["blockId"]))
    arun(rig.console.cancel(lead, ""))  # a second follow-up, after the first in the Apptoto lane
    plain = OutboxService(
        rig.store,
        rig.console.s2s,
        rig.console.zapier,
        PROFILE,
        rng=random.Random(1),
        backoff_base=0.01,
        backoff_max=0.05,
    )
    arun(drain(plain))
    mirrors = [e for e in rig.entries() if e.lane == "apptoto"]
    assert [(e.kind, e.status, e.attempts) for e in mirrors] == [
        ("apptoto_event", "failed", 1),
        ("apptoto_delete", "failed", 1),
    ]
    assert all(e.last_error and "Apptoto is not set up" in e.last_error for e in mirrors)
    assert plain.store.next_due(PROFILE) is None
    assert ap.state.requests() == []


# ---------------------------------------------------------------- 3. an Apptoto outage never blocks HeavySet


def test_an_apptoto_outage_never_holds_a_heavyset_change_back(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    add_lead(hs, PAT)
    block = open_block(hs, date(2026, 3, 4))
    lead = arun(rig.console.lookup(PAT)).lead
    port = ap.port

    async def scenario() -> ApptotoServer:
        ap.stop()
        replayer = asyncio.ensure_future(rig.service.run())
        back: ApptotoServer | None = None
        try:
            booked = await rig.console.book(lead, block["blockId"])
            [mirror] = rig.entries("pending")
            await until(lambda: (rig.store.get(mirror.id) or mirror).attempts >= 2)  # Apptoto is down
            started = time.monotonic()
            saved = await rig.console.save(booked, editable_values(booked), comment="Call after 5 PM")
            assert time.monotonic() - started < 1.0
            assert "Call after 5 PM" in (saved.model_extra or {})["comments"]
            still = rig.store.get(mirror.id)
            assert still is not None and still.status == "pending" and still.last_error
            back = ApptotoServer(ap.state, port=port).start()
            rig.service.network_back()
            await until(lambda: (rig.store.get(mirror.id) or mirror).status == "done")
            return back
        except BaseException:
            if back is not None:
                back.stop()
            raise
        finally:
            replayer.cancel()
            await asyncio.gather(replayer, return_exceptions=True)

    back = arun(scenario())
    try:
        saves = [p for p in api_requests(hs, "PATCH", "phone/update") if "appendComment" in p["body"]]
        assert [(p["status"], p["applied"]) for p in saves] == [(200, True)]  # sent at once, first try
        [event] = ap.state.events_snapshot()
        assert event["start_time"] == local(block["start"])
        assert [e["status"] for e in ap_log(ap, "PUT")] == [200]
    finally:
        back.stop()


# ---------------------------------------------------------------- 4. what Apptoto may use


def test_opt_outs_and_tcpa_decide_the_participants_channels(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    leads: dict[str, tuple[dict[str, bool | None], tuple[str | None, str | None]]] = {
        "+13035552011": ({"opt_out_text": True, "tcpa": True}, (None, "text@example.com")),
        "+13035552012": ({"tcpa": False}, (None, "notcpa@example.com")),
        "+13035552013": ({"tcpa": None}, (None, "unknown@example.com")),
        "+13035552014": ({"opt_out_email": True, "tcpa": True}, ("+13035552014", None)),
        "+13035552015": ({"tcpa": True}, ("+13035552015", "allowed@example.com")),
    }
    block = big_block(hs, date(2026, 3, 5))
    keys: dict[str, str] = {}
    for phone, (flags, (_, email)) in leads.items():
        keys[phone] = lead_key(add_lead(hs, phone, name=f"Lead {phone[-2:]}", email=email or "x@example.com", **flags))
        book_and_mirror(arun, rig, phone, block["blockId"])

    sent = {e["body"]["events"][0]["external_id"]: e["body"]["events"][0]["participants"] for e in ap_log(ap, "PUT")}
    stored = {e["external_id"]: e["participants"] for e in ap.state.events_snapshot()}
    for phone, (_, (want_phone, want_email)) in leads.items():
        [body] = sent[keys[phone]]
        assert (body.get("phone"), body.get("email")) == (want_phone, want_email), phone
        assert set(body) <= {"name", "phone", "email"}
        [held] = stored[keys[phone]]
        assert (held["normalized_phone"], held["email"]) == (want_phone, want_email), phone


def test_a_consent_withdrawn_after_booking_takes_the_phone_off_the_reminder(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    phone = "+13035552021"
    key = lead_key(add_lead(hs, phone, name="Sam Ortiz", email="sam@example.com", tcpa=True))
    booked = book_and_mirror(arun, rig, phone, open_block(hs, date(2026, 3, 5))["blockId"])
    [event] = [e for e in ap.state.events_snapshot() if e["external_id"] == key]
    assert event["participants"][0]["normalized_phone"] == phone
    booked_at = (event["start_time"], event["end_time"], event["time_zone"])

    edits = {**editable_values(booked), "tcpa_flag": False, "city": "Boulder"}
    saved = arun(rig.console.save(booked, edits))
    assert saved.tcpa is False
    [update] = rig.entries("pending")
    assert (update.kind, update.lane, update.summary) == (
        "apptoto_event",
        "apptoto",
        "Update the Apptoto reminder of Sam Ortiz",
    )
    arun(drain(rig.service))
    [event] = [e for e in ap.state.events_snapshot() if e["external_id"] == key]
    assert event["participants"][0]["normalized_phone"] is None  # no more texts
    assert event["participants"][0]["email"] == "sam@example.com"
    assert "Boulder" in event["location"]
    assert (event["start_time"], event["end_time"], event["time_zone"]) == booked_at  # the same appointment
    assert len([e for e in ap.state.events_snapshot() if e["external_id"] == key]) == 1

    # a save that touches nothing the reminder carries sends nothing to Apptoto
    arun(rig.console.save(saved, {**editable_values(saved), "home_year": 1999}))
    assert rig.entries("pending") == []


def test_a_consent_withdrawn_after_the_reminder_was_texted_leaves_no_phone_that_can_be_texted(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    """Apptoto keeps participants it has already messaged: the event is replaced, so the texts really stop."""
    from hsconsole.sim.apptoto.state import REMIND_AFTER

    ap.state.keeps_messaged = True
    phone = "+13035552022"
    key = lead_key(add_lead(hs, phone, name="Ria Banks", email="ria@example.com", tcpa=True))
    booked = book_and_mirror(arun, rig, phone, open_block(hs, date(2026, 3, 5))["blockId"])
    [event] = live_events(ap)
    ap.state.advance(REMIND_AFTER + timedelta(minutes=1))  # the reminder text has gone out
    texted = ap.state.event_snapshot(external_id=key)
    assert texted is not None and texted["participants"][0]["normalized_phone"] == phone

    arun(rig.console.save(booked, {**editable_values(booked), "tcpa_flag": False}))
    arun(drain(rig.service))
    [live] = [e for e in live_events(ap) if e["external_id"] == key]
    assert all(p["normalized_phone"] is None for p in live["participants"])  # nobody left to text
    assert [p["email"] for p in live["participants"]] == ["ria@example.com"]
    assert (live["start_time"], live["end_time"]) == (event["start_time"], event["end_time"])
    old = ap.state.event_snapshot(id=event["id"])
    assert old is not None and old["is_deleted"]  # its messages halted


def test_a_booking_respects_a_consent_change_still_waiting_in_the_outbox(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    phone = "+13035552022"
    key = lead_key(add_lead(hs, phone, name="Ana Reyes", email="ana@example.com", tcpa=True))
    lead = arun(rig.console.lookup(phone)).lead
    hs.state.force("500", path="phone/update", method="PATCH", times=2)
    with pytest.raises(Queued):  # the setter unticked TCPA consent; HeavySet is down
        arun(rig.console.save(lead, {**editable_values(lead), "tcpa_flag": False}))
    with pytest.raises(Queued):
        arun(rig.console.book(lead, open_block(hs, date(2026, 3, 6))["blockId"]))
    arun(drain(rig.service))
    [event] = [e for e in ap.state.events_snapshot() if e["external_id"] == key]
    assert event["participants"][0]["normalized_phone"] is None


def test_a_worklist_row_without_a_textable_phone_still_calls_the_lead(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    phone = "+13035552023"
    add_lead(hs, phone, name="Lee Park", email="lee@example.com", tcpa=False)
    booked = book_and_mirror(arun, rig, phone, open_block(hs, date(2026, 3, 5))["blockId"])
    assert booked.appointment_start is not None
    rows = arun(rig.reminders.worklist(date(2026, 3, 5), 1, "America/Denver", now=ap.state.now()))
    [row] = [r for r in rows if r.name == "Lee Park"]
    assert row.phone == phone  # from the mirror's custom data: the event itself carries no phone


def test_a_reminder_refused_for_a_misspelt_calendar_lands_once_the_calendar_is_fixed(
    arun: Runner, make_rig: MakeRig, hs: SimServer, ap: ApptotoServer
) -> None:
    from hsconsole.services.setup import use_apptoto

    rig = make_rig(calendar="HeavySet Appointmnets")
    key = lead_key(add_lead(hs, PAT))
    book_and_mirror(arun, rig, PAT, open_block(hs, date(2026, 3, 4))["blockId"])
    [refused] = rig.entries("failed")
    assert refused.lane == "apptoto" and "Appointmnets" in (refused.last_error or "")
    assert ap.state.events_snapshot() == []

    fixed = rig.profile.model_copy(
        update={"apptoto": rig.profile.apptoto.model_copy(update={"calendar": CALENDAR})}  # type: ignore[union-attr]
    )
    use_apptoto(rig.console, fixed, ap.api_key, rig.transport)  # Settings ▸ Connectors, saved
    rig.service.retry_now(refused.id)
    arun(drain(rig.service))
    [event] = ap.state.events_snapshot()
    assert event["external_id"] == key and event["calendar_name"] == CALENDAR


# ---------------------------------------------------------------- 5. new leads


def new_lead(phone: str = "+13035552031") -> LeadSubmission:
    return LeadSubmission(
        phone=phone, zip="80202", first_name="Nia", last_name="Park", email="nia@example.com", address1="9 Elm St"
    )


def test_a_new_lead_becomes_a_contact_and_its_booking_an_event(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    created = arun(rig.console.create_lead(new_lead()))
    assert ap.state.requests() == []
    assert [(e.kind, e.status) for e in arun(drain(rig.service))] == [("apptoto_contact", "done")]
    contact = ap.state.get_contact({"external_id": "hsconsole-+13035552031"})
    assert contact["address_book_id"] == BOOK_ID
    assert (contact["name"], contact["first_name"], contact["last_name"]) == ("Nia Park", "Nia", "Park")
    assert [e["address"] for e in contact["email_addresses"]] == ["nia@example.com"]
    assert contact["phone_numbers"] == []  # a new lead gave no TCPA consent
    [put] = ap_log(ap, "PUT", "/v1/contacts")
    assert put["body"]["contacts"][0]["address_book"] == BOOK

    assert created.slots is not None
    slot = next(s for s in created.slots.slots if not s.is_full and s.appointment_date > date(2026, 3, 2))
    result = arun(rig.console.book_new_lead(created, slot.block_id))
    assert result.lead is not None and result.lead.block_id == slot.block_id
    assert [(e.kind, e.status) for e in arun(drain(rig.service))] == [("apptoto_event", "done")]
    [event] = ap.state.events_snapshot()
    block = hs.state.block_snapshot(slot.block_id)
    assert block is not None
    assert event["external_id"] == f"hsconsole-{created.created.lead_id}"
    assert (event["start_time"], event["end_time"]) == (local(block["start"]), local(block["end"]))
    assert event["time_zone"] == "America/Denver"
    [who] = event["participants"]
    assert (who["name"], who["phone"], who["email"]) == ("Nia Park", None, "nia@example.com")
    status = arun(rig.reminders.status_for(result.lead, now=ap.state.now()))
    assert status is not None and status.event.id == event["id"]


def test_no_address_book_no_contact(arun: Runner, make_rig: MakeRig, ap: ApptotoServer) -> None:
    rig = make_rig(address_book="")
    arun(rig.console.create_lead(new_lead()))
    assert [e.kind for e in rig.entries()] == ["lead"]
    assert arun(drain(rig.service)) == []
    assert ap.state.requests() == []
    assert ap.state.info()["contacts"] == 0


# ---------------------------------------------------------------- 6. reminder state and the worklist


def test_status_for_follows_the_homeowners_answers(arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer) -> None:
    add_lead(hs, PAT)
    add_lead(hs, "+13035552041", name="Quinn Roe")
    ap.state.set_script(PAT, "reschedule")
    ap.state.set_script("+13035552041", "no_reply")
    block = big_block(hs, date(2026, 3, 4))
    pat = book_and_mirror(arun, rig, PAT, block["blockId"])
    quinn = book_and_mirror(arun, rig, "+13035552041", block["blockId"])

    status = arun(rig.reminders.status_for(pat, now=ap.state.now()))
    assert status is not None and status.participant is not None
    assert status.participant.state is ParticipantState.INITIAL
    assert (status.state_text, status.detail, status.attention) == ("No reminder sent yet", "No messages yet", "")

    ap.state.advance(REMIND_AFTER + timedelta(seconds=30))
    status = arun(rig.reminders.status_for(pat, now=ap.state.now()))
    assert status is not None and status.participant is not None
    assert status.participant.state is ParticipantState.REMINDED
    assert (status.state_text, status.detail, status.attention) == (
        "Reminded, no answer yet",
        "Reminder sent Mon Mar 2, 8:02 AM MST",  # in the lead's zone, named
        "",
    )

    ap.state.advance(REPLY_AFTER_MAX)
    status = arun(rig.reminders.status_for(pat, now=ap.state.now()))
    assert status is not None and status.participant is not None
    assert status.participant.state is ParticipantState.NOT_COMING_NEEDS_RESCHEDULE
    assert status.state_text == "Not coming: needs a new time"
    assert status.detail.startswith("Not coming: needs a new time by text, Mon Mar 2, 8:")
    assert status.detail.endswith("AM MST: “Can we do Thursday instead?”")
    assert status.attention == "Not coming: needs a new time"

    later = ap.state.now() + timedelta(hours=4)
    silent = arun(rig.reminders.status_for(quinn, now=ap.state.now()))
    assert silent is not None and (silent.state_text, silent.attention) == ("Reminded, no answer yet", "")
    silent = arun(rig.reminders.status_for(quinn, now=later))
    assert silent is not None and silent.attention == "No reply to the reminder"


SCRIPT_CYCLE = ("confirm", "no_reply", "reschedule", "cancel", "decline")
WORKLIST_DAY = date(2026, 3, 3)


def _event(n: int, start: datetime, *, phone: str | None = None, title: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {
        "external_id": f"worklist-{n}",
        "calendar": CALENDAR,
        "title": title or f"Appointment {n}",
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(hours=2)).isoformat(),
        "time_zone": "America/Denver",
    }
    if phone:
        body["participants"] = [{"name": f"Homeowner {n}", "phone": phone}]
    return body


def _seed_worklist(ap: ApptotoServer) -> dict[str, int]:
    """230 events over five days from WORKLIST_DAY (scripts in turn), plus some that must not be listed."""
    bodies = []
    for n in range(230):
        phone = f"+1303555{3000 + n:04d}"
        ap.state.set_script(phone, SCRIPT_CYCLE[n % 5])
        day = WORKLIST_DAY + timedelta(days=n % 5)
        start = datetime.combine(day, clock_time(8), DENVER) + timedelta(minutes=5 * (n // 5))
        bodies.append(_event(n, start, phone=phone))
    first = datetime.combine(WORKLIST_DAY, clock_time(0), DENVER)
    bodies.append(_event(1000, first + timedelta(days=1, hours=12), title="Crew meeting"))  # nobody to call
    bodies.append(_event(1001, first - timedelta(hours=4), phone="+13035554001"))  # the evening before
    bodies.append(_event(1002, first + timedelta(days=5, hours=9), phone="+13035554002"))  # the day after
    bodies.append(_event(1003, first + timedelta(days=2, hours=11), phone="+13035554003"))  # deleted below
    for chunk in range(0, len(bodies), 50):
        ap.state.write_events("POST", {"events": bodies[chunk : chunk + 50]})
    ap.state.delete_event({"external_id": "worklist-1003"})
    return {e["external_id"]: e["id"] for e in ap.state.events_snapshot()}


def test_the_worklist_reads_every_page_and_flags_who_needs_a_call(arun: Runner, rig: Rig, ap: ApptotoServer) -> None:
    ids = _seed_worklist(ap)
    ap.state.advance(REPLY_AFTER_MAX + timedelta(minutes=1))
    ap.state.clear_requests()

    rows = arun(rig.reminders.worklist(WORKLIST_DAY, 5, "America/Denver", now=ap.state.now()))
    pages = ap_log(ap, "GET", "/v1/events")
    assert [e["query"]["page"] for e in pages] == ["1", "2", "3"]  # 200 + 31, then the empty page
    assert {e["query"]["page_size"] for e in pages} == {"200"}
    assert pages[0]["query"]["begin"] == "2026-03-03T00:00:00-07:00"
    assert pages[0]["query"]["end"] == "2026-03-08T00:00:00-07:00"
    wanted = {ids[f"worklist-{n}"] for n in range(230)}
    assert len(rows) == 230 and {r.event_id for r in rows} == wanted
    assert rows == sorted(rows, key=lambda r: (r.start, r.event_id))

    by_external = {r.external_id: r for r in rows}
    expected = {
        "confirm": (ParticipantState.CONFIRMED, ""),
        "no_reply": (ParticipantState.REMINDED, ""),
        "reschedule": (ParticipantState.NOT_COMING_NEEDS_RESCHEDULE, "Not coming: needs a new time"),
        "cancel": (ParticipantState.NOT_COMING, "Not coming"),
        "decline": (ParticipantState.DECLINED, "Declined"),
    }
    for n in range(230):
        row = by_external[f"worklist-{n}"]
        assert (row.state, row.attention) == expected[SCRIPT_CYCLE[n % 5]], n
        assert (row.name, row.phone, row.lead_zone) == (f"Homeowner {n}", f"+1303555{3000 + n:04d}", "America/Denver")
    flagged = [row for row in rows if row.needs_attention]
    assert len(flagged) == 3 * 46 and all(r.needs_attention for r in flagged)

    # hours later, the reminders nobody answered need a call too
    later = arun(rig.reminders.worklist(WORKLIST_DAY, 5, "America/Denver", now=ap.state.now() + timedelta(hours=5)))
    quiet = [
        r
        for r in later
        if r.external_id and r.external_id.startswith("worklist-") and r.state is ParticipantState.REMINDED
    ]
    assert len(quiet) == 46 and {r.attention for r in quiet} == {"No reply to the reminder"}
    assert len([row for row in later if row.needs_attention]) == 4 * 46
    with pytest.raises(ValueError, match="at least one day"):
        arun(rig.reminders.worklist(WORKLIST_DAY, 0, "America/Denver"))


def test_the_worklist_stops_before_midnight_after_its_last_day(arun: Runner, rig: Rig, ap: ApptotoServer) -> None:
    start = datetime.combine(WORKLIST_DAY, clock_time(0), DENVER)
    midnight = start + timedelta(days=1)
    events = [_event(0, start, phone=PAT), _event(1, midnight - timedelta(minutes=30), phone=PAT)]
    ap.state.write_events("POST", {"events": [*events, _event(2, midnight, phone=PAT)]})
    rows = arun(rig.reminders.worklist(WORKLIST_DAY, 1, "America/Denver", now=ap.state.now()))
    assert [r.external_id for r in rows] == ["worklist-0", "worklist-1"]  # [first day 00:00, next day 00:00)


def test_no_reply_and_attention_reason() -> None:
    def person(state: str, *messages: tuple[str, datetime]) -> Participant:
        conversation = [{"at": at.isoformat(), "event_type": kind, "content": "x"} for kind, at in messages]
        return Participant.model_validate({"state": state, "conversations": [{"messages": conversation}]})

    sent = person("reminded", ("sent", T0))
    assert not no_reply(sent, T0 + timedelta(hours=3, minutes=59))
    assert no_reply(sent, T0 + timedelta(hours=4))
    assert attention_reason(sent, T0 + timedelta(hours=4)) == "No reply to the reminder"
    assert attention_reason(sent, T0 + timedelta(hours=1)) == ""
    assert not no_reply(person("reminded", ("sent", T0), ("replied", T0 + timedelta(hours=1))), T0 + timedelta(days=1))
    assert no_reply(person("reminded"), T0)  # reminded, no message history given
    assert not no_reply(person("confirmed", ("sent", T0)), T0 + timedelta(days=1))
    assert attention_reason(person("not_coming"), T0) == "Not coming"
    assert attention_reason(person("declined"), T0) == "Declined"
    assert attention_reason(person("initial"), T0 + timedelta(days=1)) == ""
    assert attention_reason(None, T0) == ""


def test_mirror_builds_follow_ups_without_the_network() -> None:
    lead = ExistingLead.model_validate(
        {
            "phone": "(303) 555-2001",
            "name": "Pat Lee",
            "leadId": "",
            "address1": "1 A St",
            "zip": "80202",
            "email": "pat@example.com",
            "tcpa": True,
            "optOutEmail": True,
        }
    )
    slot = TimeSlot.model_validate(
        {
            "appointmentDate": "2026-03-10",
            "startTime": "10:00 AM",
            "endTime": "12:00 PM",
            "availableSlots": 1,
            "blockId": "b1",
        }
    )
    by_id = ApptotoSettings(email="demo@example.com", calendar="1000026602")
    event = event_for_booking(lead, slot, "America/Denver", by_id)
    assert (event.calendar_id, event.calendar) == (1000026602, None)
    assert event.external_id == "hsconsole-+13035552001"  # no lead id: the phone, in E.164
    assert (event.start_time, event.time_zone) == (datetime(2026, 3, 10, 16, 0, tzinfo=UTC), "America/Denver")
    assert event.to_wire()["start_time"] == "2026-03-10T10:00:00-06:00"
    assert event.participants is not None and event.participants[0].email is None
    mirror = Mirror(ApptotoSettings(email="demo@example.com", calendar=CALENDAR))
    assert mirror.booked(lead, None, None) == []  # the block's time is not known: nothing to mirror
    [follow] = mirror.booked(lead, slot, "America/Denver")
    assert (follow.kind, follow.lane, follow.payload["calendar"]) == ("apptoto_event", "apptoto", CALENDAR)
    assert follow.summary == "Apptoto reminder for Pat Lee: Tue Mar 10, 10:00 AM MDT (lead's time)"
    [delete] = mirror.cancelled(lead)
    assert (delete.kind, delete.payload) == ("apptoto_delete", {"external_id": "hsconsole-+13035552001"})
    [if_cancelled] = mirror.cancelled(lead, only_if_cancelled=True)
    assert if_cancelled.payload == {"external_id": "hsconsole-+13035552001", "onlyIfHeavySetCancelled": True}
    assert mirror.new_lead(LeadSubmission(phone=PAT, zip="80202")) == []  # no address book chosen


def test_disqualifying_a_booked_lead_removes_its_reminder(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    add_lead(hs, PAT)
    booked = book_and_mirror(arun, rig, PAT, open_block(hs, date(2026, 3, 4))["blockId"])
    assert len(live_events(ap)) == 1
    arun(rig.console.disqualify(booked, "Renter"))
    arun(drain(rig.service))
    snapshot = hs.state.lead_snapshot(PAT)
    assert snapshot is not None and snapshot["block_id"] is None  # HeavySet cancelled the appointment
    assert live_events(ap) == []  # so no reminder may go out for it


def test_a_not_qualified_mark_that_heavyset_answers_with_the_appointment_kept_keeps_its_reminder(
    arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer
) -> None:
    """A server reading the documents the other way keeps the appointment: the reminder follows its answer."""
    hs.state.dialects = frozenset({"disqualify_keeps_appointment"})
    add_lead(hs, PAT)
    booked = book_and_mirror(arun, rig, PAT, open_block(hs, date(2026, 3, 4))["blockId"])
    [event] = live_events(ap)
    updated = arun(rig.console.disqualify(booked, "Renter"))
    arun(drain(rig.service))
    assert updated.has_active_appointment and updated.block_id == booked.block_id
    assert live_events(ap) == [event]  # the homeowner is still reminded of the appointment that stands
    [kept] = [e for e in rig.entries("done") if e.kind == "apptoto_delete"]
    assert kept.result is not None and kept.result["deleted"] is False and "kept" in kept.result["kept"]


# ---------------------------------------------------------------- setup checks


def test_console_for_and_the_connector_checks(arun: Runner, rig: Rig, hs: SimServer, ap: ApptotoServer) -> None:
    settings = rig.profile.apptoto
    assert settings is not None
    no_outbox = console_for(rig.profile, hs.state.token, hs.state.token, rig.transport, apptoto_key=ap.api_key)
    assert no_outbox.outbox is None and no_outbox.mirror is None  # the mirror rides on the outbox
    no_key = console_for(rig.profile, hs.state.token, hs.state.token, rig.transport, outbox=rig.store)
    assert no_key.mirror is None and no_key.outbox is not None and no_key.outbox.apptoto is None
    assert connectors_for(rig.profile, no_key, rig.transport) == Connectors()  # no keys: both off

    ok = arun(check_apptoto(settings, ap.api_key, transport=rig.transport))
    assert ok.ok and ok.message.startswith(
        f"Connected to Apptoto as {ap.email}. Bookings go to the calendar “{CALENDAR}”; new leads go to “{BOOK}”."
    )
    bad = arun(check_apptoto(settings, "not-the-key", transport=rig.transport))
    assert not bad.ok and "did not accept the email and key" in bad.message
    nowhere = arun(
        check_apptoto(settings.model_copy(update={"address_book": "Nope"}), ap.api_key, transport=rig.transport)
    )
    assert not nowhere.ok and "no address book named “Nope”" in nowhere.message
    assert "HeavySet Leads, Past Customers" in nowhere.message
    assert ap.state.info()["events"] == 0 and ap_writes(ap) == []


# ---------------------------------------------------------------- 7. TimeZest


@pytest.fixture
def tz() -> Iterator[TimeZestServer]:
    """The TimeZest sim frozen at the real now (its client counts the no-duplicate window on the real clock)."""
    with TimeZestServer(now=datetime.now(UTC).replace(microsecond=0)) as server:
        yield server


def tz_posts(tz: TimeZestServer, email: str | None = None) -> list[dict[str, Any]]:
    return [
        e
        for e in tz.state.requests()
        if e["method"] == "POST"
        and e["path"].rstrip("/").endswith("/scheduling_requests")
        and (email is None or (e.get("body") or {}).get("end_user_email") == email)
    ]


def with_timezest(rig: Rig, tz: TimeZestServer, *, read_only: bool = False) -> Profile:
    return rig.profile.model_copy(update={"timezest": TimeZestSettings(origin=tz.url, read_only=read_only)})


def test_send_link_once_notes_it_on_the_lead_and_survives_an_ambiguous_failure(
    arun: Runner, rig: Rig, hs: SimServer, tz: TimeZestServer
) -> None:
    add_lead(hs, PAT, email="pat.lee@example.com")
    add_lead(hs, "+13035552051", name="Robin Vale", email="robin.vale@example.com")
    scheduling = connectors_for(with_timezest(rig, tz), rig.console, rig.transport, timezest_key=tz.api_key).scheduling
    assert scheduling is not None and scheduling.send_disabled_reason == ""
    options = arun(scheduling.options())
    kind = next(t for t in options.appointment_types if "Solar" in t.display_name)
    agent = options.resources[0]
    assert agent.object == "agent"

    pat = arun(rig.console.lookup(PAT)).lead
    sent = arun(scheduling.send_link(pat, scheduling.request_for(pat, kind, [agent])))
    [held] = [r for r in tz.state.scheduling_requests_json() if r["end_user_email"] == "pat.lee@example.com"]
    assert not sent.recovered and sent.request.id == held["id"] and sent.url == held["scheduling_url"]
    assert sent.note == "Noted on the HeavySet lead."
    assert len(tz_posts(tz, "pat.lee@example.com")) == 1
    note = f"TimeZest scheduling link made ({kind.display_name}); the setter passes it on to the homeowner: {sent.url}"
    assert api_requests(hs, "PATCH", "phone/update")[-1]["body"] == {"phone": PAT, "appendComment": note}
    pat_now = hs.state.lead_snapshot(PAT)
    assert pat_now is not None and pat_now["comments"] == [note]
    rows = arun(scheduling.requests_for(pat))
    assert [(r.id, r.status_text, r.url, r.appointment_type) for r in rows] == [
        (held["id"], "New: link made, not emailed yet", held["scheduling_url"], kind.display_name)
    ]

    # the sim makes the request, then the answer is lost, and the lookup fails too: unsettled
    robin = arun(rig.console.lookup("+13035552051")).lead
    request = scheduling.request_for(robin, kind, [agent])
    tz.state.force("drop_after_apply", path="/v1/scheduling_requests", method="POST")
    tz.state.force("500", path="/v1/scheduling_requests", method="GET", times=3)
    with pytest.raises(UncertainCreateError) as unsettled:
        arun(scheduling.send_link(robin, request))
    assert len(tz_posts(tz, "robin.vale@example.com")) == 1
    robin_then = hs.state.lead_snapshot("+13035552051")
    assert robin_then is not None and robin_then["comments"] == []

    assert scheduling.unsettled_for(robin) is unsettled.value
    # the setter closed the dialog and opens a new one: the service remembers, and looks before it sends
    again = arun(scheduling.send_link(robin, scheduling.request_for(robin, kind, [agent])))
    assert scheduling.unsettled_for(robin) is None
    [made] = [r for r in tz.state.scheduling_requests_json() if r["end_user_email"] == "robin.vale@example.com"]
    assert again.recovered and again.request.id == made["id"] and again.url == made["scheduling_url"]
    assert len(tz_posts(tz, "robin.vale@example.com")) == 1  # found, not sent twice
    robin_now = hs.state.lead_snapshot("+13035552051")
    assert robin_now is not None and robin_now["comments"] == [
        f"TimeZest scheduling link made ({kind.display_name}); the setter passes it on to the homeowner: "
        + made["scheduling_url"]
    ]
    audit = rig.audit.entries(action="timezest_link")
    assert [(e.phone, e.result) for e in reversed(audit)] == [
        (PAT, "ok"),
        ("+13035552051", "failed"),
        ("+13035552051", "ok"),
    ]
    assert audit[0].changes["request"] == made["id"] and audit[0].changes["email"] == "robin.vale@example.com"


@pytest.mark.parametrize("without_url", [False, True], ids=["pod-with-url", "pod-without-url"])
def test_pod_lets_timezest_email_the_link_and_says_so(
    arun: Runner, rig: Rig, hs: SimServer, tz: TimeZestServer, without_url: bool
) -> None:
    tz.state.pod_without_url = without_url
    add_lead(hs, PAT, email="pat.lee@example.com")
    remembered: list[str] = []
    profile = rig.profile.model_copy(update={"timezest": TimeZestSettings(origin=tz.url, trigger_mode="pod")})
    scheduling = connectors_for(
        profile, rig.console, rig.transport, timezest_key=tz.api_key, remember_trigger_mode=remembered.append
    ).scheduling
    assert scheduling is not None and scheduling.trigger_mode is TriggerMode.POD  # the profile's last choice
    options = arun(scheduling.options())
    kind = next(t for t in options.appointment_types if "Solar" in t.display_name)
    pat = arun(rig.console.lookup(PAT)).lead
    sent = arun(scheduling.send_link(pat, scheduling.request_for(pat, kind, options.resources[:1])))
    [held] = [r for r in tz.state.scheduling_requests_json() if r["end_user_email"] == "pat.lee@example.com"]
    assert [p["body"]["trigger_mode"] for p in tz_posts(tz)] == ["pod"]
    assert sent.emailed_by_timezest and sent.email == "pat.lee@example.com"
    assert sent.url == (held["scheduling_url"] or "") and bool(sent.url) is not without_url
    said = f"TimeZest emails a scheduling link ({kind.display_name}) to pat.lee@example.com through its own workflow"
    expected_note = f"{said}: {sent.url}" if sent.url else f"{said}."
    assert hs.state.lead_snapshot(PAT)["comments"] == [expected_note]  # type: ignore[index]
    (line,) = rig.audit.entries(action="timezest_link")
    assert line.changes["trigger_mode"] == "pod" and line.message.startswith("TimeZest emails a scheduling link to")
    tz.state.advance(timedelta(minutes=15))  # the workflow's email goes out minutes later
    assert [(e["request"], e["to"]) for e in tz.state.emails()] == [(held["id"], "pat.lee@example.com")]
    scheduling.choose_trigger_mode(TriggerMode.POD)
    scheduling.choose_trigger_mode("generate_url")
    assert remembered == ["generate_url"] and scheduling.trigger_mode is TriggerMode.GENERATE_URL


def test_an_account_that_refuses_pod_creates_nothing_and_a_link_follows(
    arun: Runner, rig: Rig, hs: SimServer, tz: TimeZestServer
) -> None:
    tz.state.pod_unavailable = True
    add_lead(hs, PAT, email="pat.lee@example.com")
    scheduling = connectors_for(with_timezest(rig, tz), rig.console, rig.transport, timezest_key=tz.api_key).scheduling
    assert scheduling is not None
    options = arun(scheduling.options())
    pat = arun(rig.console.lookup(PAT)).lead
    pod = scheduling.request_for(pat, options.appointment_types[0], options.resources[:1], None, None, TriggerMode.POD)
    with pytest.raises(TimeZestTriggerModeError, match="trigger mode parameter must be one of: generate_url"):
        arun(scheduling.send_link(pat, pod))
    assert [p["status"] for p in tz_posts(tz)] == [400] and not tz.state.emails()
    assert not [r for r in tz.state.scheduling_requests_json() if r["end_user_email"] == "pat.lee@example.com"]
    link = arun(scheduling.send_link(pat, pod.model_copy(update={"trigger_mode": TriggerMode.GENERATE_URL})))
    assert link.url.startswith("https://") and not link.emailed_by_timezest
    assert [p["status"] for p in tz_posts(tz)] == [400, 201]
    assert [e.result for e in reversed(rig.audit.entries(action="timezest_link"))] == ["failed", "ok"]


def test_a_read_only_key_sends_nothing(arun: Runner, rig: Rig, hs: SimServer, tz: TimeZestServer) -> None:
    add_lead(hs, PAT)
    checked = arun(check_timezest(TimeZestSettings(origin=tz.url), tz.read_only_key, transport=rig.transport))
    assert checked.ok and checked.read_only and "can only read" in checked.message
    writer = arun(check_timezest(TimeZestSettings(origin=tz.url), tz.api_key, transport=rig.transport))
    assert writer.ok and not writer.read_only and writer.message.endswith("Links can be sent.")
    posts = len(tz_posts(tz))

    profile = with_timezest(rig, tz, read_only=checked.read_only)
    scheduling = connectors_for(profile, rig.console, rig.transport, timezest_key=tz.read_only_key).scheduling
    assert scheduling is not None and scheduling.send_disabled_reason
    options = arun(scheduling.options())
    lead = arun(rig.console.lookup(PAT)).lead
    request = scheduling.request_for(lead, options.appointment_types[0], options.resources[:1])
    before = len(tz.state.scheduling_requests_json())
    with pytest.raises(PermissionError, match="can only read"):
        arun(scheduling.send_link(lead, request))
    assert len(tz_posts(tz)) == posts and len(tz.state.scheduling_requests_json()) == before
    assert api_requests(hs, "PATCH") == []


def _owners(item: dict[str, Any]) -> list[str]:
    agents = [r["id"] for r in item["resources"] if r["object"] == "agent"]
    agents += [a["id"] for a in item["scheduled_agents"] if a["id"] not in agents]
    return agents or [r["id"] for r in item["resources"]] or [UNASSIGNED]


def test_the_team_report_reads_every_page_and_counts_per_agent(arun: Runner, rig: Rig, tz: TimeZestServer) -> None:
    scheduling = connectors_for(with_timezest(rig, tz), rig.console, rig.transport, timezest_key=tz.api_key).scheduling
    assert scheduling is not None
    zone = "America/Denver"
    last = tz.state.now().astimezone(DENVER).date()
    first = last - timedelta(days=27)
    report = arun(scheduling.report(first, last, zone))

    start = datetime.combine(first, clock_time(0), DENVER).timestamp()
    end = datetime.combine(last + timedelta(days=1), clock_time(0), DENVER).timestamp()
    inside = [r for r in tz.state.scheduling_requests_json() if start <= r["created_at"] < end]
    assert len(inside) > 40 and report.total == len(inside)
    lists = [e for e in tz.state.requests() if e["method"] == "GET" and "scheduling_requests" in e["path"]]
    assert len(lists) >= 3 and all("starting_after" in e["query"] for e in lists[1:])  # every page followed

    totals: Counter[str] = Counter()
    scheduled: Counter[str] = Counter()
    for item in inside:
        for owner in _owners(item):
            totals[owner] += 1
            scheduled[owner] += item["status"] == "scheduled"
    assert {r.resource_id: r.total for r in report.rows} == dict(totals)
    assert {r.resource_id: r.scheduled for r in report.rows} == {k: scheduled[k] for k in totals}
    assert [r.total for r in report.rows] == sorted((r.total for r in report.rows), reverse=True)
    assert all(sum(r.by_week.values()) == r.total for r in report.rows)
    assert report.weeks[0] == first - timedelta(days=first.weekday()) and len(report.weeks) in (4, 5)
    names = {r.resource_id: r.name for r in report.rows}
    assert "Jordan Blake" in names.values() and not any(n.startswith(("agnt_", "team_")) for n in names.values())

    table = list(csv.reader(io.StringIO(report_csv(report))))
    header, body, total = table[0], table[1:-1], table[-1]
    assert header == ["agent", "links", "scheduled", "per week", *(f"week of {m.isoformat()}" for m in report.weeks)]
    assert [row[0] for row in body] == [r.name for r in report.rows]
    for row, agent in zip(body, report.rows, strict=True):
        assert (int(row[1]), int(row[2])) == (agent.total, agent.scheduled)
        assert float(row[3]) == pytest.approx(agent.total / 4, abs=0.051)  # 28 days are 4 weeks
        assert sum(int(x) for x in row[4:]) == agent.total
    assert total[:3] == ["total", str(len(inside)), str(sum(scheduled.values()))]


def test_build_report_owners() -> None:
    def request(
        n: int, resources: list[dict[str, str]], agents: list[dict[str, str]], status: str
    ) -> SchedulingRequest:
        return SchedulingRequest.model_validate(
            {
                "id": f"sreq_{n}",
                "status": status,
                "created_at": int((T0 + timedelta(days=n)).timestamp()),
                "resources": resources,
                "scheduled_agents": agents,
            }
        )

    alex = {"object": "agent", "id": "agnt_a", "name": "Alex"}
    blair = {"object": "agent", "id": "agnt_b", "name": "Blair"}
    team = {"object": "team", "id": "team_t", "name": "Roofers"}
    items = [
        request(0, [alex], [alex], "scheduled"),
        request(1, [team], [blair], "scheduled"),
        request(2, [team], [], "sent"),
        request(8, [], [], "new"),
    ]
    report = build_report(items, {"agnt_a": "Alex A."}, date(2026, 3, 2), date(2026, 3, 15), "America/Denver")
    assert [(r.name, r.total, r.scheduled) for r in report.rows] == [
        ("Alex A.", 1, 1),
        ("Blair", 1, 1),
        ("Roofers", 1, 0),
        (UNASSIGNED, 1, 0),
    ]
    assert report.weeks == [date(2026, 3, 2), date(2026, 3, 9)] and report.total == 4
    assert report_csv(report).splitlines()[-1] == "total,4,2,,,"


# ---------------------------------------------------------------- 8. the outbox store


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


MIRROR = FollowUp("apptoto_event", "apptoto", {"external_id": "hsconsole-lead_1"}, "reminder")
CONTACT = FollowUp("apptoto_contact", "apptoto", {"external_id": "hsconsole-+13035552001"}, "contact")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[OutboxStore]:
    opened = OutboxStore(tmp_path / "units.sqlite3", owner="unit", clock=clock)
    yield opened
    opened.close()


def put(
    store: OutboxStore, phone: str = PAT, *, lane: Any = "heavyset", kind: Any = "update", follow: Any = ()
) -> OutboxEntry:
    return store.add(
        profile=PROFILE,
        kind=kind,
        phone=phone,
        key=str(uuid.uuid4()),
        payload={"phone": phone},
        summary=f"{kind} {phone}",
        claim=False,
        lane=lane,
        follow_ups=follow,
    )


def claimed(store: OutboxStore) -> int | None:
    entry = store.claim_next(PROFILE)
    return entry.id if entry else None


def status_of(store: OutboxStore, entry: OutboxEntry) -> tuple[str, str | None]:
    now = store.get(entry.id)
    assert now is not None
    return now.status, now.last_error


def test_store_orders_each_lead_per_lane(store: OutboxStore) -> None:
    a1, a2 = put(store), put(store)
    mirror = put(store, lane="apptoto", kind="apptoto_event")
    b1 = put(store, "+13035552099")
    assert (store.blocked_by_earlier(a2), store.blocked_by_earlier(mirror), store.blocked_by_earlier(b1)) == (1, 0, 0)
    assert [e.id for e in store.pending_for(PROFILE, PAT)] == [a1.id, a2.id]
    assert [e.id for e in store.pending_for(PROFILE, PAT, "apptoto")] == [mirror.id]
    assert [claimed(store) for _ in range(4)] == [a1.id, mirror.id, b1.id, None]  # a2 waits behind a1
    store.mark_retry(mirror, "Apptoto is down", 300)
    store.mark_done(a1, {})
    assert claimed(store) == a2.id  # HeavySet goes on while the Apptoto lane waits


def test_store_follow_ups_wait_for_their_entry(store: OutboxStore, clock: Clock) -> None:
    parent = put(store, follow=[MIRROR, CONTACT])
    first, second = [e for e in store.entries() if e.id != parent.id]
    assert [(e.kind, e.lane, e.after_id, e.status) for e in (first, second)] == [
        ("apptoto_event", "apptoto", parent.id, "pending"),
        ("apptoto_contact", "apptoto", parent.id, "pending"),
    ]
    assert len({parent.idempotency_key, first.idempotency_key, second.idempotency_key}) == 3
    assert first.payload == MIRROR.payload and first.summary == "reminder"

    assert claimed(store) == parent.id
    assert claimed(store) is None  # the follow-ups wait while it is in flight
    store.mark_retry(parent, "HeavySet did not answer", 30)
    assert claimed(store) is None
    assert store.next_due(PROFILE) == clock.now + 30  # the follow-ups (due "now") are not counted
    clock.now += 30
    assert claimed(store) == parent.id
    store.mark_done(parent, {"ok": True})
    assert store.next_due(PROFILE) == first.next_attempt_at
    assert claimed(store) == first.id
    assert claimed(store) is None  # the second waits behind the first in the Apptoto lane
    store.mark_done(first, {})
    assert claimed(store) == second.id


def test_store_orphans_follow_ups_of_a_change_that_was_not_made(store: OutboxStore) -> None:
    seen = put(store, follow=[MIRROR])
    [seen_follow] = [e for e in store.entries() if e.after_id == seen.id]
    store.mark_failed(seen, "blockId is not an available block", seen=True)
    assert status_of(store, seen) == ("rejected", "blockId is not an available block")
    assert status_of(store, seen_follow) == ("discarded", ORPHANED)

    replayed = put(store, "+13035552098", follow=[MIRROR])
    [replayed_follow] = [e for e in store.entries() if e.after_id == replayed.id]
    store.mark_failed(replayed, "block is full", seen=False)
    assert status_of(store, replayed) == ("failed", "block is full")
    assert status_of(store, replayed_follow) == ("pending", None)  # waits: the setter may retry it
    assert store.next_due(PROFILE) is None and claimed(store) is None
    store.retry_now(replayed.id)
    assert claimed(store) == replayed.id
    store.mark_failed(replayed, "block is full", seen=False)
    store.discard(replayed.id)
    assert status_of(store, replayed)[0] == "discarded"
    assert status_of(store, replayed_follow) == ("discarded", ORPHANED)

    queued = put(store, "+13035552097", follow=[MIRROR, CONTACT])
    store.discard(queued.id)
    assert [e.status for e in store.entries(statuses=ALL_STATUSES) if e.after_id == queued.id] == ["discarded"] * 2
    assert store.counts(PROFILE) == {"rejected": 1, "discarded": 6}


def test_store_discarding_a_done_entry_keeps_its_follow_ups(store: OutboxStore) -> None:
    parent = put(store, follow=[MIRROR])
    [follow] = [e for e in store.entries() if e.after_id == parent.id]
    assert claimed(store) == parent.id
    store.mark_done(parent, {})  # the replayer landed it just before the setter's discard
    store.discard(parent.id)
    assert status_of(store, parent) == ("done", None)
    assert status_of(store, follow) == ("pending", None)  # the booking was made: its reminder must go


def test_store_next_due(store: OutboxStore, clock: Clock) -> None:
    assert store.next_due(PROFILE) is None
    parent = put(store, follow=[MIRROR])
    assert store.next_due(PROFILE) == clock.now
    store.mark_retry(parent, "x", 50)
    assert store.next_due(PROFILE) == clock.now + 50
    store.mark_failed(parent, "refused", seen=False)
    assert store.next_due(PROFILE) is None  # the follow-up waits for a failed entry: nothing is due
    other = put(store, "+13035552096")
    assert claimed(store) == other.id
    assert store.next_due(PROFILE) == clock.now + store.lease  # a claim counts until its lease ends
    assert store.next_due("another profile") is None


def test_store_next_due_ignores_entries_held_behind_a_waiting_follow_up(store: OutboxStore) -> None:
    first = put(store, follow=[MIRROR])
    assert claimed(store) == first.id
    store.mark_failed(first, "refused on replay", seen=False)  # its reminder waits
    second = put(store, follow=[MIRROR])
    assert claimed(store) == second.id
    store.mark_done(second, {})
    assert claimed(store) is None  # the second reminder waits behind the first in the Apptoto lane
    assert store.next_due(PROFILE) is None


V1_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    profile TEXT NOT NULL,
    kind TEXT NOT NULL,
    phone TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    result TEXT,
    claimed_by TEXT,
    claimed_until REAL
);
CREATE INDEX IF NOT EXISTS outbox_status ON outbox (status, profile, phone, id);
"""
"""The version-1 table, as ``hsconsole/store/outbox.py`` made it before lanes and follow-ups."""


def test_a_version_1_outbox_is_upgraded_in_place(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "v1.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(V1_SCHEMA)
    old.execute("PRAGMA user_version=1")
    rows = [
        ("update", PAT, "k1", '{"phone":"+13035552001","appendComment":"m1"}', "pending", 3),
        ("update", PAT, "k2", '{"phone":"+13035552001","appendComment":"m2"}', "pending", 0),
        ("lead", "+13035552099", "k3", '{"phone":"+13035552099","zip":"80202"}', "done", 1),
        ("update", "+13035552098", "k4", '{"phone":"+13035552098"}', "failed", 1),
    ]
    for kind, phone, key, payload, status, attempts in rows:
        old.execute(
            "INSERT INTO outbox (profile, kind, phone, idempotency_key, payload, summary, status, created_at,"
            " updated_at, attempts, next_attempt_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, 1, ?)",
            (PROFILE, kind, phone, key, payload, f"v1 {key}", status, attempts, "timeout" if attempts else None),
        )
    old.commit()
    old.close()

    store = OutboxStore(path, owner="upgraded", clock=clock)
    try:
        pending = store.entries(statuses=("pending",))
        assert [(e.idempotency_key, e.lane, e.after_id, e.attempts) for e in pending] == [
            ("k1", "heavyset", None, 3),
            ("k2", "heavyset", None, 0),
        ]
        assert pending[0].payload == {"phone": PAT, "appendComment": "m1"} and pending[0].last_error == "timeout"
        assert store.counts() == {"pending": 2, "done": 1, "failed": 1}
        assert claimed(store) == pending[0].id and claimed(store) is None  # same order as before
        store.mark_done(pending[0], {})
        new = put(store, follow=[MIRROR])
        assert claimed(store) == pending[1].id
        store.mark_done(pending[1], {})
        assert claimed(store) == new.id
        store.mark_done(new, {})
        follow = store.claim_next(PROFILE)
        assert follow is not None and (follow.lane, follow.after_id) == ("apptoto", new.id)
    finally:
        store.close()
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == 2
        columns = [row[1] for row in check.execute("PRAGMA table_info(outbox)")]
        assert columns[-2:] == ["lane", "after_id"]
    finally:
        check.close()
    again = OutboxStore(path, owner="reopened", clock=clock)  # a version-2 file opens as it is
    try:
        assert again.counts() == {"done": 4, "failed": 1, "pending": 1}
    finally:
        again.close()


def test_a_newer_outbox_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    OutboxStore(path, owner="x").close()
    newer = sqlite3.connect(path)
    newer.execute("PRAGMA user_version=3")
    newer.commit()
    newer.close()
    with pytest.raises(RuntimeError, match="newer HeavySet Console"):
        OutboxStore(path, owner="y")


def test_the_trigger_mode_choice_is_kept_with_the_profile(tmp_path: Path) -> None:
    from hsconsole.app import parse_args
    from hsconsole.controller import Controller
    from hsconsole.store.secrets import KeychainSecrets, LayeredSecrets
    from hsconsole.store.settings import Settings, SettingsStore
    from tests.helpers import MemoryKeyring

    store = SettingsStore(tmp_path / "settings.json")
    profile = Profile(name="Acme", timezest=TimeZestSettings(origin="https://api.timezest.com"))
    other = Profile(name="Other", timezest=TimeZestSettings(origin="https://api.timezest.com"))
    store.save(Settings(profiles=[profile, other], active_profile="Acme"))
    controller = Controller(parse_args([]), store=store, secrets=LayeredSecrets(KeychainSecrets(MemoryKeyring())))
    controller.settings = store.load()

    def choosing(profile: Profile, mode: str) -> Profile:
        assert profile.timezest is not None
        return profile.model_copy(update={"timezest": profile.timezest.model_copy(update={"trigger_mode": mode})})

    controller.remember_learned(choosing(profile, "pod"))
    kept = SettingsStore(tmp_path / "settings.json").load()
    assert [(p.name, p.timezest.trigger_mode if p.timezest else None) for p in kept.profiles] == [
        ("Acme", "pod"),
        ("Other", "generate_url"),
    ]
    controller.remember_learned(choosing(profile.model_copy(update={"name": "Gone"}), "pod"))  # removed meanwhile
    assert [p.name for p in SettingsStore(tmp_path / "settings.json").load().profiles] == ["Acme", "Other"]
    assert TimeZestSettings.model_validate({"trigger_mode": "automatic"}).trigger_mode == "generate_url"

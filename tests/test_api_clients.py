"""The typed S2S and Zapier clients over real HTTP against the simulator on 127.0.0.1.

Each test gets its own :class:`SimServer` (fresh seeded state, clock frozen on
Monday 2026-03-02 00:00 UTC) and clients on a fast :class:`Transport` (short
backoff, no client-side budget unless a test asks for one). Answers the
simulator cannot give (non-JSON, wrong shapes) come from an
``httpx.MockTransport`` instead.
"""

from __future__ import annotations

import json
import logging
import socket
import time
import traceback
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from hsconsole.api.errors import (
    ApiError,
    AuthRejectedError,
    BadRequestError,
    DemoModeError,
    ForbiddenError,
    InvalidResponseError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)
from hsconsole.api.heavyset.endpoints import Endpoints
from hsconsole.api.heavyset.models import (
    AppointmentRequest,
    AppointmentResult,
    AuthTestResult,
    Dispositions,
    ExistingLead,
    LeadCreated,
    LeadSubmission,
    PhoneUpdate,
    SlotsResult,
    TimeSlot,
    TimeSlots,
)
from hsconsole.api.heavyset.s2s import S2SClient
from hsconsole.api.heavyset.zapier import ZapierClient
from hsconsole.api.transport import NO_RETRY, RequestBudget, Transport
from hsconsole.domain.phones import InvalidPhoneError
from hsconsole.domain.slots import DstIssue
from hsconsole.sim import DISPOSITIONS, SimServer
from hsconsole.sim.heavyset.data import DEMO_PHONES, PAGE_ID, PAGE_LABEL, SALES_REPS, UNKNOWN_PHONE
from tests.helpers import Runner, api_requests, fast_transport

MONDAY = date(2026, 3, 2)
DENVER = DEMO_PHONES["denver_booked"]  # Jane Doe, Confirmed appointment
TAMPA = DEMO_PHONES["tampa_new"]  # Marcus Webb, no appointment
NEW_PHONE = "+13035552188"  # a Denver number the CRM does not know
LONG_TOKEN = "hs_live_" + "Zq9" * 133 + "x"  # 408 characters
OTHER_LONG_TOKEN = "hs_live_" + "Wr7" * 133 + "y"


# ---------------------------------------------------------------- fixtures and helpers


@dataclass
class Clients:
    s2s: S2SClient
    zapier: ZapierClient
    transport: Transport


Connect = Callable[..., Clients]
Call = Callable[[Clients], Awaitable[Any]]
Handler = Callable[[httpx.Request], httpx.Response]
MockFactory = Callable[[Handler], Transport]


@pytest.fixture
def sim(request: pytest.FixtureRequest) -> Iterator[SimServer]:
    """A fresh simulator; ``indirect`` parametrization passes SimState keyword arguments."""
    with SimServer(today=MONDAY, **getattr(request, "param", {})) as server:
        yield server


@pytest.fixture
def connect(sim: SimServer, arun: Runner) -> Iterator[Connect]:
    """``connect(token=..., attempts=..., read_timeout=..., budget=..., endpoints=..., sent=[])`` → Clients."""
    made: list[Transport] = []

    def make(
        *,
        token: str | None = None,
        attempts: int = 3,
        read_timeout: float = 3.0,
        budget: RequestBudget | None = None,
        endpoints: Endpoints | None = None,
        sent: list[httpx.Request] | None = None,
    ) -> Clients:
        transport = fast_transport(attempts=attempts, read_timeout=read_timeout, budget=budget)
        if sent is not None:  # a client like the transport's own, plus a hook that records each request

            async def record(request: httpx.Request) -> None:
                sent.append(request)

            transport.client = httpx.AsyncClient(
                timeout=transport.timeouts.to_httpx(), event_hooks={"request": [record]}
            )
        made.append(transport)
        token = token or sim.state.token
        endpoints = endpoints or Endpoints(sim.url)
        return Clients(S2SClient(transport, token, endpoints), ZapierClient(transport, token, endpoints), transport)

    yield make
    for transport in made:
        arun(transport.aclose())


@pytest.fixture
def api(connect: Connect) -> Clients:
    return connect()


@pytest.fixture
def mock_transports(arun: Runner) -> Iterator[MockFactory]:
    """Transports whose answers come from ``handler`` (only for answers the simulator cannot give)."""
    made: list[Transport] = []

    def make(handler: Handler) -> Transport:
        transport = Transport(
            retry=NO_RETRY, budget=None, client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
        )
        made.append(transport)
        return transport

    yield make
    for transport in made:
        arun(transport.aclose())


def statuses(sim: SimServer, method: str | None = None, path_end: str | None = None) -> list[int | None]:
    return [entry["status"] for entry in api_requests(sim, method, path_end)]


def capacity(sim: SimServer, block_id: str) -> int:
    snapshot = sim.state.block_snapshot(block_id)
    assert snapshot is not None
    value: int = snapshot["availableSlots"]
    return value


def first_open(slots: TimeSlots) -> TimeSlot:
    return next(s for s in slots.slots if s.available_slots > 0)


def only(slots: TimeSlots, block_id: str) -> TimeSlot:
    matching = [s for s in slots.slots if s.block_id == block_id]
    assert len(matching) == 1, f"block {block_id} listed {len(matching)} times"
    return matching[0]


def new_lead() -> LeadSubmission:
    return LeadSubmission(phone=NEW_PHONE, zip="80202", first_name="Pat", last_name="Lee", source="zapier")


def is_uuid4(value: str | None) -> bool:
    try:
        return value is not None and uuid.UUID(value).version == 4 and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def free_port() -> int:
    """A port on 127.0.0.1 with nobody listening (bound, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def raises(arun: Runner, coro: Awaitable[Any], error: type[BaseException] | tuple[type[BaseException], ...]) -> Any:
    """Run ``coro`` and return the ``error`` it must raise."""
    with pytest.raises(error) as info:
        arun(coro)
    return info.value


# Every client method, with arguments the server accepts once auth passed (for the auth and fault tables).
CALLS: dict[str, Call] = {
    "s2s.query_phone": lambda c: c.s2s.query_phone(DENVER),
    "s2s.query_phone_main": lambda c: c.s2s.query_phone_main(DENVER),
    "s2s.blocks": lambda c: c.s2s.blocks(DENVER, simple_block_id=True, limit_days=3),
    "s2s.dispositions": lambda c: c.s2s.dispositions(),
    "s2s.update": lambda c: c.s2s.update(PhoneUpdate(phone=TAMPA, append_comment="hello")),
    "zapier.auth_test": lambda c: c.zapier.auth_test(),
    "zapier.submit_lead": lambda c: c.zapier.submit_lead(new_lead()),
    "zapier.slots": lambda c: c.zapier.slots("otp_never_checked"),
    "zapier.book": lambda c: c.zapier.book(AppointmentRequest(block_id="a0p8X00000NOTREAL", one_time_token="otp_x")),
}
every_call = pytest.mark.parametrize("call", list(CALLS.values()), ids=list(CALLS))
one_per_family = pytest.mark.parametrize(
    "call", [CALLS["s2s.query_phone"], CALLS["zapier.auth_test"]], ids=["s2s", "zapier"]
)


# ---------------------------------------------------------------- S2S happy paths


def test_query_phone_returns_a_typed_existing_lead(arun: Runner, api: Clients, sim: SimServer) -> None:
    lead = arun(api.s2s.query_phone(DENVER))
    assert isinstance(lead, ExistingLead)
    assert (lead.name, lead.first_name, lead.last_name) == ("Jane Doe", "Jane", "Doe")
    assert (lead.phone, lead.address1, lead.city, lead.state, lead.state_alpha2, lead.zip) == (
        DENVER,
        "123 Main St",
        "Denver",
        "Colorado",
        "CO",
        "80202",
    )
    assert (lead.country, lead.country_alpha2, lead.country_alpha3) == ("United States", "US", "USA")
    assert lead.address2 is None
    assert lead.created_date is not None and lead.created_date.utcoffset() == timedelta(0)
    assert lead.created_date < datetime(2026, 3, 2, tzinfo=UTC)
    assert lead.appointment_status == "Confirmed" and lead.has_active_appointment
    assert lead.block_id is not None
    block = sim.state.block_snapshot(lead.block_id)
    assert block is not None
    assert lead.appointment_start is not None and lead.appointment_end is not None
    assert lead.appointment_start == datetime.fromisoformat(block["start"])
    assert lead.appointment_end - lead.appointment_start == timedelta(hours=2)
    assert lead.appointment_start_ampm == "10:00 am"
    assert lead.sales_rep_name in {rep.name for rep in SALES_REPS}
    assert (lead.market_segment, lead.product, lead.home_year, lead.hear_about) == (
        "Denver",
        "Solar",
        "1998",
        "Google Search",
    )
    assert (lead.opt_out_text, lead.opt_out_email, lead.tcpa, lead.opt_in) == (False, False, True, True)
    # fields the seed does not document are kept, not dropped
    assert lead.model_extra is not None
    assert lead.model_extra["timeZone"] == "America/Denver"
    assert lead.model_extra["appointmentId"].startswith("appt_")
    [entry] = api_requests(sim)
    assert (entry["method"], entry["family"], entry["status"]) == ("GET", "s2s", 200)
    assert entry["path"].endswith("/phone/query") and entry["query"] == {"phone": DENVER}


def test_query_phone_main_normalises_the_phone(arun: Runner, api: Clients, sim: SimServer) -> None:
    assert arun(api.s2s.query_phone_main("801-555-1234")).name == "Jane Doe"
    assert [e["query"] for e in api_requests(sim, "GET", "/phone/query")] == [{"phone": DENVER}]


def test_blocks_are_typed_time_slots_with_zones(arun: Runner, api: Clients, sim: SimServer) -> None:
    lead = arun(api.s2s.query_phone(DENVER))
    result = arun(api.s2s.blocks(DENVER))
    assert isinstance(result, TimeSlots)
    assert result.time_zone == "America/Denver"
    assert len(result.slots) >= 4 * 14  # 14 business days of four or five blocks
    for slot in result.slots:
        assert isinstance(slot, TimeSlot)
        assert slot.time_zone == "America/Denver"
        assert slot.block_id.startswith("a0p8X00000") and len(slot.block_id) == 18
        assert slot.appointment_date >= MONDAY and slot.appointment_date.weekday() < 5
        assert slot.available_slots >= 0
        window = slot.window(result.time_zone)
        assert window.duration == timedelta(hours=2) and not window.has_dst_issue
    starts = [s.window(result.time_zone).start.instant for s in result.slots]
    assert starts == sorted(starts)
    assert lead.block_id is not None
    own = only(result, lead.block_id)
    assert own.window(result.time_zone).start.instant == lead.appointment_start
    assert api_requests(sim, "GET", "/phone/query/blocks")[0]["query"] == {"phone": DENVER}


def test_blocks_with_simple_block_ids(arun: Runner, api: Clients, sim: SimServer) -> None:
    plain = arun(api.s2s.blocks(DENVER))
    simple = arun(api.s2s.blocks(DENVER, simple_block_id=True))
    assert len(simple.slots) == len(plain.slots)
    for short, full in zip(simple.slots, plain.slots, strict=True):
        assert isinstance(short.block_id, str) and short.block_id.isdigit() and int(short.block_id) >= 20
        assert (short.appointment_date, short.start_time) == (full.appointment_date, full.start_time)
        snapshot = sim.state.block_snapshot(short.block_id)  # the alias resolves to the very same block
        assert snapshot is not None and snapshot["blockId"] == full.block_id
    assert api_requests(sim, "GET", "/blocks")[1]["query"] == {"phone": DENVER, "simpleBlockId": "true"}


def test_blocks_limit_days_gives_fewer_days(arun: Runner, api: Clients, sim: SimServer) -> None:
    every = arun(api.s2s.blocks(DENVER))
    limited = arun(api.s2s.blocks(DENVER, limit_days=2))
    assert 0 < len(limited.slots) < len(every.slots)
    assert {s.appointment_date for s in limited.slots} == {MONDAY, MONDAY + timedelta(days=1)}
    assert api_requests(sim, "GET", "/blocks")[1]["query"] == {"phone": DENVER, "limitDays": "2"}


@pytest.mark.parametrize("days", [0, -1])
def test_blocks_limit_days_below_one_is_refused_before_any_request(
    arun: Runner, api: Clients, sim: SimServer, days: int
) -> None:
    error = raises(arun, api.s2s.blocks(DENVER, limit_days=days), ValueError)
    assert "limit_days" in str(error)
    assert api_requests(sim) == []


def test_dispositions(arun: Runner, api: Clients, sim: SimServer) -> None:
    result = arun(api.s2s.dispositions())
    assert isinstance(result, Dispositions)
    assert result.not_qualified_reasons == list(DISPOSITIONS)
    [entry] = api_requests(sim)
    assert entry["path"].endswith("/phone/query/dispositions") and entry["query"] == {}


def test_update_returns_the_refreshed_lead(arun: Runner, api: Clients, sim: SimServer) -> None:
    update = PhoneUpdate(phone=TAMPA, first_name="Marcy", email="marcy@example.com", append_comment="Called back.")
    lead = arun(api.s2s.update(update))
    assert isinstance(lead, ExistingLead)
    assert (lead.name, lead.email, lead.city) == ("Marcy Webb", "marcy@example.com", "Tampa")
    assert lead.model_extra is not None and lead.model_extra["comments"] == ["Called back."]
    snapshot = sim.state.lead_snapshot(TAMPA)
    assert snapshot is not None and snapshot["name"] == "Marcy Webb"
    [entry] = api_requests(sim, "PATCH", "/phone/update")
    assert entry["body"] == {
        "phone": TAMPA,
        "firstName": "Marcy",
        "email": "marcy@example.com",
        "appendComment": "Called back.",
    }
    assert entry["applied"] is True


def test_update_books_by_simple_block_id_and_takes_one_seat(arun: Runner, api: Clients, sim: SimServer) -> None:
    slot = first_open(arun(api.s2s.blocks(TAMPA, simple_block_id=True)))
    before = capacity(sim, slot.block_id)
    lead = arun(api.s2s.update(PhoneUpdate(phone=TAMPA, block_id=slot.block_id, simple_block_id=True)))
    snapshot = sim.state.block_snapshot(slot.block_id)
    assert snapshot is not None
    assert lead.block_id == snapshot["blockId"] and lead.appointment_status == "Confirmed"
    assert lead.appointment_start == slot.window(None).start.instant
    assert capacity(sim, slot.block_id) == before - 1


def test_update_cancels_and_frees_the_seat(arun: Runner, api: Clients, sim: SimServer) -> None:
    block_id = arun(api.s2s.query_phone(DENVER)).block_id
    assert block_id is not None
    before = capacity(sim, block_id)
    lead = arun(api.s2s.update(PhoneUpdate(phone=DENVER, cancel_appt=True, append_comment="Customer cancelled.")))
    assert (lead.appointment_status, lead.block_id, lead.has_active_appointment) == ("Cancelled", None, False)
    assert capacity(sim, block_id) == before + 1


# ---------------------------------------------------------------- Zapier happy paths


def test_auth_test(arun: Runner, api: Clients, sim: SimServer) -> None:
    result = arun(api.zapier.auth_test())
    assert isinstance(result, AuthTestResult)
    assert (result.ok, result.page_id, result.label) == (True, PAGE_ID, PAGE_LABEL)
    [entry] = api_requests(sim)
    assert (entry["family"], entry["status"]) == ("zapier", 200) and entry["path"].endswith("/zaps/auth-test")


def test_zapier_flow_lead_slots_book_is_seen_by_s2s(arun: Runner, api: Clients, sim: SimServer) -> None:
    created = arun(api.zapier.submit_lead(new_lead()))
    assert isinstance(created, LeadCreated)
    assert created.ok is True and created.lead_id.startswith("lead_") and created.one_time_token.startswith("otp_")

    offered = arun(api.zapier.slots(created.one_time_token))
    assert isinstance(offered, SlotsResult)
    assert offered.ok is True and offered.one_time_token == created.one_time_token
    assert offered.time_zone == "America/Denver"
    assert offered.slots and all(s.time_zone == "America/Denver" for s in offered.slots)
    slot = first_open(offered)
    before = capacity(sim, slot.block_id)

    booked = arun(api.zapier.book(AppointmentRequest(block_id=slot.block_id, one_time_token=created.one_time_token)))
    assert isinstance(booked, AppointmentResult)
    assert booked.ok is True and booked.status == "confirmed" and booked.appointment_id.startswith("appt_")

    lead = arun(api.s2s.query_phone(NEW_PHONE))
    assert (lead.lead_id, lead.name, lead.block_id) == (created.lead_id, "Pat Lee", slot.block_id)
    assert lead.appointment_status == "Confirmed" and lead.has_active_appointment
    window = slot.window(offered.time_zone)
    assert (lead.appointment_start, lead.appointment_end) == (window.start.instant, window.end.instant)
    assert lead.model_extra is not None and lead.model_extra["appointmentId"] == booked.appointment_id
    assert capacity(sim, slot.block_id) == before - 1
    assert only(arun(api.s2s.blocks(NEW_PHONE)), slot.block_id).available_slots == before - 1

    spent = raises(arun, api.zapier.slots(created.one_time_token), BadRequestError)
    assert (spent.status, spent.code) == (400, "validation_error")
    assert spent.messages == ["oneTimeToken is invalid or expired"]


# A Denver block far from the seeded ones (the last seeded start is 5:30 PM): 2026-03-05 9:00 PM MST = 04:00Z.
@pytest.mark.parametrize(
    ("when", "zone"),
    [
        ("2026-03-05T21:40:00-07:00", None),  # 40 minutes after the start
        ("2026-03-05T20:15:00", "America/Denver"),  # no offset: read in the given zone, 45 minutes before
        ("2026-03-06T04:59:00Z", None),  # 59 minutes after, in UTC
    ],
    ids=["offset", "wall-time-and-zone", "utc"],
)
def test_book_by_iso_datetime_near_a_block(
    arun: Runner, api: Clients, sim: SimServer, when: str, zone: str | None
) -> None:
    block = sim.state.add_block(market="Denver", day=date(2026, 3, 5), start_time="9:00 PM", end_time="10:00 PM")
    ott = arun(api.zapier.submit_lead(new_lead())).one_time_token
    booked = arun(api.zapier.book(AppointmentRequest(block_id=when, time_zone=zone, one_time_token=ott)))
    assert booked.ok is True
    lead = arun(api.s2s.query_phone(NEW_PHONE))
    assert lead.block_id == block["blockId"]
    assert lead.appointment_start == datetime(2026, 3, 6, 4, 0, tzinfo=UTC)
    assert capacity(sim, block["blockId"]) == 0


@pytest.mark.parametrize("when", ["2026-03-05T22:01:00-07:00", "2026-03-05T19:58:00-07:00"], ids=["after", "before"])
def test_book_by_iso_datetime_more_than_an_hour_off_is_refused(
    arun: Runner, api: Clients, sim: SimServer, when: str
) -> None:
    block = sim.state.add_block(market="Denver", day=date(2026, 3, 5), start_time="9:00 PM", end_time="10:00 PM")
    ott = arun(api.zapier.submit_lead(new_lead())).one_time_token
    error = raises(arun, api.zapier.book(AppointmentRequest(block_id=when, one_time_token=ott)), BadRequestError)
    assert (error.status, error.code) == (400, "validation_error")
    assert error.messages == [f"no available block starts within 60 minutes of {when}"]
    assert capacity(sim, block["blockId"]) == 1
    assert arun(api.zapier.slots(ott)).ok is True  # a refused booking leaves the one-time token usable


# ---------------------------------------------------------------- headers and idempotency keys


def test_each_family_sends_its_own_token_header(arun: Runner, connect: Connect, sim: SimServer) -> None:
    sent: list[httpx.Request] = []
    api = connect(sent=sent)
    arun(api.s2s.query_phone(DENVER))
    arun(api.s2s.update(PhoneUpdate(phone=TAMPA, append_comment="x")))
    arun(api.zapier.auth_test())
    arun(api.zapier.submit_lead(new_lead()))
    token = sim.state.token
    families = []
    for request in sent:
        if "/appointment/s2s/" in request.url.path:
            assert request.headers["x-hs-token"] == token and "x-heavyset-token" not in request.headers
            families.append("s2s")
        else:
            assert request.headers["x-heavyset-token"] == token and "x-hs-token" not in request.headers
            families.append("zapier")
        assert token not in str(request.url)
        assert "authorization" not in request.headers
    assert families == ["s2s", "s2s", "zapier", "zapier"]
    assert statuses(sim) == [200, 200, 200, 200]  # the simulator accepted every one
    assert [e["family"] for e in api_requests(sim)] == families


@pytest.mark.parametrize(
    ("call", "header"),
    [
        (lambda c: c.s2s.update(PhoneUpdate(phone=TAMPA, append_comment="a")), "Idempotency-Key"),
        (lambda c: c.zapier.submit_lead(new_lead()), "x-idempotency-key"),
    ],
    ids=["s2s.update", "zapier.submit_lead"],
)
def test_mutations_get_a_fresh_uuid4_idempotency_key(
    arun: Runner, connect: Connect, sim: SimServer, call: Call, header: str
) -> None:
    sent: list[httpx.Request] = []
    api = connect(sent=sent)
    arun(call(api))
    arun(call(api))
    keys = [request.headers.get(header) for request in sent]
    assert all(is_uuid4(key) for key in keys) and keys[0] != keys[1]
    assert [e["idempotency_key"] for e in api_requests(sim)] == keys


def test_book_gets_a_uuid4_idempotency_key(arun: Runner, api: Clients, sim: SimServer) -> None:
    created = arun(api.zapier.submit_lead(new_lead()))
    slot = first_open(arun(api.zapier.slots(created.one_time_token)))
    arun(api.zapier.book(AppointmentRequest(block_id=slot.block_id, one_time_token=created.one_time_token)))
    [entry] = api_requests(sim, "POST", "/appointment")
    assert is_uuid4(entry["idempotency_key"])
    assert [e["idempotency_key"] for e in api_requests(sim, "GET")] == [None]  # GETs carry no key


def assert_applied_once(sim: SimServer, key: str) -> None:
    """Two requests went out with ``key`` exactly as given; the first took effect, the second was a replay."""
    assert sim.state.effects()["byKey"][key] == 1
    sent = [e for e in api_requests(sim) if e["idempotency_key"] == key]
    assert [(e["status"], e["applied"]) for e in sent] == [(200, True), (200, False)]


def test_update_twice_with_one_key_applies_once(arun: Runner, api: Clients, sim: SimServer) -> None:
    update = PhoneUpdate(phone=TAMPA, append_comment="Only once.")
    first = arun(api.s2s.update(update, idempotency_key="desk-update-0001"))
    second = arun(api.s2s.update(update, idempotency_key="desk-update-0001"))
    assert first == second
    snapshot = sim.state.lead_snapshot(TAMPA)
    assert snapshot is not None and snapshot["comments"] == ["Only once."]
    assert_applied_once(sim, "desk-update-0001")


def test_submit_lead_twice_with_one_key_creates_one_lead(arun: Runner, api: Clients, sim: SimServer) -> None:
    first = arun(api.zapier.submit_lead(new_lead(), idempotency_key="desk-lead-0001"))
    second = arun(api.zapier.submit_lead(new_lead(), idempotency_key="desk-lead-0001"))
    assert first == second  # the same lead and the same one-time token
    snapshot = sim.state.lead_snapshot(NEW_PHONE)
    assert snapshot is not None and snapshot["phoneLeadIds"] == [first.lead_id]
    assert_applied_once(sim, "desk-lead-0001")


def test_book_twice_with_one_key_takes_one_seat(arun: Runner, api: Clients, sim: SimServer) -> None:
    ott = arun(api.zapier.submit_lead(new_lead())).one_time_token
    slot = first_open(arun(api.zapier.slots(ott)))
    before = capacity(sim, slot.block_id)
    request = AppointmentRequest(block_id=slot.block_id, one_time_token=ott)
    first = arun(api.zapier.book(request, idempotency_key="desk-book-0001"))
    second = arun(api.zapier.book(request, idempotency_key="desk-book-0001"))
    assert first == second
    assert capacity(sim, slot.block_id) == before - 1
    assert_applied_once(sim, "desk-book-0001")


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize("typed", ["(801) 555-1234", "801.555.1234", "+1 801 555 1234", "1-801-555-1234"])
def test_phone_formats_reach_the_server_as_e164(arun: Runner, api: Clients, sim: SimServer, typed: str) -> None:
    assert arun(api.s2s.query_phone(typed)).phone == DENVER
    arun(api.s2s.blocks(typed))
    assert [e["query"]["phone"] for e in api_requests(sim)] == [DENVER, DENVER]


@pytest.mark.parametrize("typed", ["555-1234", "not a phone", "+1 801 555 12345", ""])
def test_invalid_phone_is_refused_before_any_request(arun: Runner, api: Clients, sim: SimServer, typed: str) -> None:
    raises(arun, api.s2s.query_phone(typed), InvalidPhoneError)
    raises(arun, api.s2s.blocks(typed), InvalidPhoneError)
    assert api_requests(sim) == []


# ---------------------------------------------------------------- documented errors


BAD_REASON = "notQualifiedReason must be one of the configured dispositions"
BAD_ZIP = "zip must be a valid US ZIP code"
BAD_BLOCK = "blockId a0p8X00000NOTREAL is not an available block for this lead"


@pytest.mark.parametrize(
    ("update", "messages"),
    [
        (PhoneUpdate(phone=TAMPA, not_qualified_reason="Too sunny"), [BAD_REASON]),
        (PhoneUpdate(phone=TAMPA, zip="00000"), [BAD_ZIP]),
        (PhoneUpdate(phone=TAMPA, zip="00000", not_qualified_reason="Too sunny"), [BAD_ZIP, BAD_REASON]),
        (PhoneUpdate(phone=TAMPA, block_id="a0p8X00000NOTREAL"), [BAD_BLOCK]),
    ],
    ids=["reason", "zip", "both", "block"],
)
def test_s2s_400_carries_the_server_messages(
    arun: Runner, api: Clients, sim: SimServer, update: PhoneUpdate, messages: list[str]
) -> None:
    before = sim.state.lead_snapshot(TAMPA)
    error = raises(arun, api.s2s.update(update), BadRequestError)
    assert error.status == 400 and error.messages == messages
    assert error.code == "Bad Request"  # the NestJS payload's "error" field
    assert str(error) == "; ".join(messages)
    assert statuses(sim) == [400]  # a 400 is final: not retried
    assert sim.state.lead_snapshot(TAMPA) == before and sim.state.effects()["total"] == 0


@pytest.mark.parametrize(
    ("call", "messages"),
    [
        (lambda c: c.zapier.submit_lead(LeadSubmission(phone=NEW_PHONE, zip="00000")), [BAD_ZIP]),
        (lambda c: c.zapier.slots("otp_unknown"), ["oneTimeToken is invalid or expired"]),
    ],
    ids=["bad-zip", "unknown-ott"],
)
def test_zapier_validation_error(arun: Runner, api: Clients, sim: SimServer, call: Call, messages: list[str]) -> None:
    error = raises(arun, call(api), BadRequestError)
    assert (error.status, error.code, error.messages) == (400, "validation_error", messages)
    assert statuses(sim) == [400]


def test_zapier_book_with_an_unknown_block_is_a_validation_error(arun: Runner, api: Clients) -> None:
    ott = arun(api.zapier.submit_lead(new_lead())).one_time_token
    request = AppointmentRequest(block_id="a0p8X00000NOTREAL", one_time_token=ott)
    error = raises(arun, api.zapier.book(request), BadRequestError)
    assert error.code == "validation_error"
    assert error.messages == [BAD_BLOCK]


def test_zapier_missing_one_time_token(arun: Runner, api: Clients, sim: SimServer) -> None:
    # the model refuses an empty token, so build the body past validation to see the server's answer
    request = AppointmentRequest.model_construct(block_id="a0p8X00000NOTREAL", one_time_token="")
    error = raises(arun, api.zapier.book(request), BadRequestError)
    assert (error.status, error.code) == (400, "missing_one_time_token")
    assert error.messages == ["oneTimeToken is required"]
    assert statuses(sim) == [400]


def test_empty_tokens_are_refused_without_a_request(arun: Runner, api: Clients, sim: SimServer) -> None:
    raises(arun, api.zapier.slots(""), ValueError)
    with pytest.raises(ValueError, match="empty"):
        ZapierClient(api.transport, "   ")
    with pytest.raises(ValueError, match="empty"):
        S2SClient(api.transport, "")
    assert api_requests(sim) == []


@every_call
def test_wrong_token_is_auth_rejected(arun: Runner, connect: Connect, sim: SimServer, call: Call) -> None:
    error = raises(arun, call(connect(token="hs_live_not_the_right_one")), AuthRejectedError)
    assert error.status == 401
    assert statuses(sim) == [401]  # not retried
    assert sim.state.effects()["total"] == 0


@every_call
def test_demo_mode_token_is_refused(arun: Runner, connect: Connect, sim: SimServer, call: Call) -> None:
    """Zapier documents its 403 as demo mode; S2S gives a 403 no meaning, so the server's words are kept."""
    s2s = call in [v for k, v in CALLS.items() if k.startswith("s2s.")]
    error = raises(arun, call(connect(token=sim.state.demo_token)), ForbiddenError if s2s else DemoModeError)
    assert error.status == 403
    if s2s:
        assert "demo mode" in error.message.lower() and "HTTP 403" in error.message
    assert statuses(sim) == [403]
    assert sim.state.effects()["total"] == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.s2s.query_phone(UNKNOWN_PHONE),
        lambda c: c.s2s.query_phone_main(UNKNOWN_PHONE),
        lambda c: c.s2s.blocks(UNKNOWN_PHONE),
        lambda c: c.s2s.update(PhoneUpdate(phone=UNKNOWN_PHONE, append_comment="x")),
    ],
    ids=["query_phone", "query_phone_main", "blocks", "update"],
)
def test_unknown_phone_is_not_found(arun: Runner, api: Clients, sim: SimServer, call: Call) -> None:
    error = raises(arun, call(api), NotFoundError)
    assert error.status == 404 and error.message == f"No lead found for phone {UNKNOWN_PHONE}"
    assert statuses(sim) == [404]  # not retried


@one_per_family
def test_429_without_retries_is_rate_limited_with_retry_after(
    arun: Runner, connect: Connect, sim: SimServer, call: Call
) -> None:
    sim.state.force("429")
    error = raises(arun, call(connect(attempts=1)), RateLimitedError)
    assert error.status == 429 and error.retry_after == 1.0 and error.retryable
    assert statuses(sim) == [429]


@one_per_family
@pytest.mark.parametrize("status", ["500", "503"])
def test_5xx_is_server_error(arun: Runner, connect: Connect, sim: SimServer, call: Call, status: str) -> None:
    sim.state.force(status)
    error = raises(arun, call(connect(attempts=1)), ServerError)
    assert error.status == int(status) and error.retryable
    assert statuses(sim) == [int(status)]


@one_per_family
def test_dropped_connection_is_network_error(arun: Runner, connect: Connect, sim: SimServer, call: Call) -> None:
    sim.state.force("drop")
    error = raises(arun, call(connect(attempts=1)), NetworkError)
    assert error.timeout is False and "dropped the connection" in error.message
    assert [e["fault"] for e in api_requests(sim)] == ["drop"]


def test_hang_past_the_read_timeout_is_a_network_timeout(arun: Runner, connect: Connect, sim: SimServer) -> None:
    sim.state.set_faults(hang_s=1.0)
    sim.state.force("timeout")
    api = connect(attempts=1, read_timeout=0.3)
    started = time.perf_counter()
    error = raises(arun, api.s2s.query_phone(DENVER), NetworkError)
    assert 0.25 <= time.perf_counter() - started < 0.9  # (timers may fire a little early)
    assert error.timeout is True and "did not answer in time" in error.message


def test_connection_refused_is_network_error(arun: Runner, connect: Connect, sim: SimServer) -> None:
    api = connect(attempts=1, endpoints=Endpoints(f"http://127.0.0.1:{free_port()}"))
    error = raises(arun, api.s2s.query_phone(DENVER), NetworkError)
    assert error.timeout is False and error.message == "Could not connect to 127.0.0.1"
    raises(arun, api.zapier.auth_test(), NetworkError)


# ---------------------------------------------------------------- retries


@pytest.mark.parametrize("outcome", ["500", "503", "drop"])
def test_get_is_retried_after_a_retryable_failure(arun: Runner, api: Clients, sim: SimServer, outcome: str) -> None:
    sim.state.force(outcome, path="/phone/query")
    assert arun(api.s2s.query_phone(DENVER)).name == "Jane Doe"
    entries = api_requests(sim)
    assert [e["fault"] for e in entries] == [outcome, None]  # one failure, then success
    assert entries[1]["status"] == 200


def test_retries_stop_after_the_policy_attempts(arun: Runner, connect: Connect, sim: SimServer) -> None:
    sim.state.force("500", times=5)
    raises(arun, connect(attempts=3).s2s.query_phone(DENVER), ServerError)
    assert statuses(sim) == [500, 500, 500]


def test_patch_dropped_after_apply_is_retried_with_the_same_key_and_applies_once(
    arun: Runner, api: Clients, sim: SimServer
) -> None:
    slot = first_open(arun(api.s2s.blocks(TAMPA)))
    before = capacity(sim, slot.block_id)
    sim.state.force("drop_after_apply", path="phone/update", method="PATCH")
    lead = arun(api.s2s.update(PhoneUpdate(phone=TAMPA, block_id=slot.block_id, append_comment="Booked on the call.")))
    assert lead.block_id == slot.block_id and lead.appointment_status == "Confirmed"
    assert lead.model_extra is not None and lead.model_extra["comments"] == ["Booked on the call."]
    patches = api_requests(sim, "PATCH")
    assert [(e["fault"], e["applied"]) for e in patches] == [("drop_after_apply", True), (None, False)]
    key = patches[0]["idempotency_key"]
    assert is_uuid4(key) and patches[1]["idempotency_key"] == key
    assert sim.state.effects()["byKey"] == {key: 1} and sim.state.effects()["total"] == 1
    assert capacity(sim, slot.block_id) == before - 1


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda c: c.s2s.update(PhoneUpdate(phone=TAMPA, append_comment="once")), "/phone/update"),
        (lambda c: c.zapier.submit_lead(new_lead()), "/zaps/lead"),
    ],
    ids=["s2s.update", "zapier.submit_lead"],
)
def test_mutations_keep_their_key_on_every_retry(
    arun: Runner, api: Clients, sim: SimServer, call: Call, path: str
) -> None:
    sim.state.force("500", path=path)
    sim.state.force("drop", path=path)
    arun(call(api))
    entries = api_requests(sim, path_end=path)
    assert [e["fault"] for e in entries] == ["500", "drop", None]
    keys = {e["idempotency_key"] for e in entries}
    assert len(keys) == 1 and is_uuid4(keys.pop())
    assert sim.state.effects()["total"] == 1


def test_retry_after_from_the_rate_limit_is_honoured(arun: Runner, api: Clients, sim: SimServer) -> None:
    sim.state.set_rate_limit(2, 1.0)
    for _ in range(2):
        arun(api.s2s.query_phone(DENVER))
    started = time.perf_counter()
    assert arun(api.s2s.query_phone(DENVER)).name == "Jane Doe"
    assert time.perf_counter() - started >= 0.9  # Retry-After: 1 (timers may fire a little early)
    assert statuses(sim) == [200, 200, 429, 200]


def test_retry_after_beyond_the_policy_maximum_is_raised_at_once(arun: Runner, api: Clients, sim: SimServer) -> None:
    sim.state.set_rate_limit(1, 30.0)  # Retry-After ~30 s, above the policy's 2 s maximum
    arun(api.zapier.auth_test())
    started = time.perf_counter()
    error = raises(arun, api.zapier.auth_test(), RateLimitedError)
    assert time.perf_counter() - started < 0.5
    assert error.retry_after is not None and 2.0 < error.retry_after <= 30.0
    assert statuses(sim) == [200, 429]


def five_calls_under_a_budget(arun: Runner, connect: Connect, sim: SimServer, budget_window: float) -> float:
    """Five lookups with a 3-per-``budget_window`` client budget against a 3-per-second server; the seconds taken."""
    sim.state.set_rate_limit(3, 1.0)
    api = connect(attempts=1, budget=RequestBudget(limit=3, window=budget_window))
    started = time.perf_counter()
    for _ in range(5):
        assert arun(api.s2s.query_phone(DENVER)).phone == DENVER
    return time.perf_counter() - started


def test_client_budget_keeps_the_server_from_answering_429(arun: Runner, connect: Connect, sim: SimServer) -> None:
    # a budget a little stricter than the server's limit
    assert five_calls_under_a_budget(arun, connect, sim, budget_window=1.2) >= 1.2  # the 4th call waited
    assert statuses(sim) == [200] * 5


def test_client_budget_equal_to_the_server_limit_avoids_429(arun: Runner, connect: Connect, sim: SimServer) -> None:
    five_calls_under_a_budget(arun, connect, sim, budget_window=1.0)
    assert statuses(sim) == [200] * 5


# ---------------------------------------------------------------- daylight saving time


def test_spring_forward_gap_block(arun: Runner, api: Clients, sim: SimServer) -> None:
    """2:30 AM does not exist in New York on 2026-03-08: it is 3:30 AM EDT, for the console and the CRM alike."""
    sim.state.set_clock(today=date(2026, 3, 6))
    block = sim.state.add_block(day=date(2026, 3, 8), start_time="2:30 AM", end_time="4:30 AM", zip="33602")
    result = arun(api.s2s.blocks(TAMPA))
    slot = only(result, block["blockId"])
    assert (slot.appointment_date, slot.start_time, slot.end_time) == (date(2026, 3, 8), "2:30 AM", "4:30 AM")
    window = slot.window(result.time_zone)
    assert window.start.issue is DstIssue.GAP and window.end.issue is None
    start = window.start.instant
    assert (start.hour, start.minute, start.tzname()) == (3, 30, "EDT")
    assert start == datetime(2026, 3, 8, 7, 30, tzinfo=UTC) == datetime.fromisoformat(block["start"])
    lead = arun(api.s2s.update(PhoneUpdate(phone=TAMPA, block_id=slot.block_id)))
    assert lead.appointment_start == start and lead.appointment_start_ampm == "3:30 am"


def test_fall_back_overlap_block(arun: Runner, api: Clients, sim: SimServer) -> None:
    """1:30 AM happens twice in New York on 2026-11-01: the first (EDT) one is meant."""
    sim.state.set_clock(today=date(2026, 10, 28))
    block = sim.state.add_block(day=date(2026, 11, 1), start_time="1:30 AM", end_time="3:00 AM", zip="33602")
    result = arun(api.s2s.blocks(TAMPA))
    window = only(result, block["blockId"]).window(result.time_zone)
    assert window.start.issue is DstIssue.OVERLAP and window.end.issue is None
    assert window.start.instant.tzname() == "EDT" and window.end.instant.tzname() == "EST"
    # An ambiguous local time never compares equal to another zone's datetime (PEP 495): compare in UTC.
    start = window.start.instant.astimezone(UTC)
    assert start == datetime(2026, 11, 1, 5, 30, tzinfo=UTC) == datetime.fromisoformat(block["start"])
    lead = arun(api.s2s.update(PhoneUpdate(phone=TAMPA, block_id=block["blockId"])))
    assert lead.appointment_start == start


@pytest.mark.parametrize(
    ("today", "day", "start_time", "end_time"),
    [
        (date(2026, 3, 6), date(2026, 3, 8), "1:00 AM", "4:00 AM"),  # spring forward: 2 real hours
        (date(2026, 10, 28), date(2026, 11, 1), "1:30 AM", "3:00 AM"),  # fall back: 2.5 real hours
    ],
    ids=["spring-forward", "fall-back"],
)
def test_window_duration_counts_real_time_across_a_dst_change(
    arun: Runner, api: Clients, sim: SimServer, today: date, day: date, start_time: str, end_time: str
) -> None:
    sim.state.set_clock(today=today)
    block = sim.state.add_block(day=day, start_time=start_time, end_time=end_time, zip="33602")
    result = arun(api.s2s.blocks(TAMPA))
    window = only(result, block["blockId"]).window(result.time_zone)
    real = datetime.fromisoformat(block["end"]) - datetime.fromisoformat(block["start"])
    assert window.end.instant.astimezone(UTC) - window.start.instant.astimezone(UTC) == real
    assert window.duration == real


@pytest.mark.parametrize(
    ("phone", "zip_code", "zone", "utc_hour"),
    [
        (DEMO_PHONES["phoenix_booked"], "85004", "America/Phoenix", 9),  # MST all year: 2:30 AM = 09:30Z
        (DEMO_PHONES["honolulu"], "96815", "Pacific/Honolulu", 12),  # HST all year: 2:30 AM = 12:30Z
    ],
    ids=["phoenix", "honolulu"],
)
def test_markets_without_dst_never_have_dst_issues(
    arun: Runner, api: Clients, sim: SimServer, phone: str, zip_code: str, zone: str, utc_hour: int
) -> None:
    sim.state.set_clock(today=date(2026, 3, 6))  # the listed days span the mainland's spring-forward Sunday
    block = sim.state.add_block(day=date(2026, 3, 8), start_time="2:30 AM", end_time="4:30 AM", zip=zip_code)
    result = arun(api.s2s.blocks(phone))
    assert result.time_zone == zone
    assert result.slots and not any(s.window(result.time_zone).has_dst_issue for s in result.slots)
    start = only(result, block["blockId"]).window(result.time_zone).start.instant
    assert start == datetime(2026, 3, 8, utc_hour, 30, tzinfo=UTC)


# ---------------------------------------------------------------- regional low-latency query


def regional(sim: SimServer, crm_settings_id: str | None = None) -> Endpoints:
    return Endpoints(
        origin=sim.url, regional_origin=sim.url, crm_settings_id=crm_settings_id or sim.state.crm_settings_id
    )


def test_regional_endpoint_is_used_when_configured(arun: Runner, connect: Connect, sim: SimServer) -> None:
    lead = arun(connect(endpoints=regional(sim)).s2s.query_phone("(801) 555-1234"))
    assert lead.name == "Jane Doe"
    [entry] = api_requests(sim)
    assert entry["path"].endswith(f"/phone/query/{sim.state.crm_settings_id}") and entry["status"] == 200
    assert entry["query"] == {"phone": DENVER}


@pytest.mark.parametrize("failure", ["regional_down", "500", "429", "drop", "timeout", "unknown_crm_settings_id"])
def test_regional_failure_falls_back_to_the_main_endpoint(
    arun: Runner, qtbot: QtBot, connect: Connect, sim: SimServer, failure: str
) -> None:
    crm_settings_id = sim.state.crm_settings_id
    if failure == "regional_down":
        sim.state.set_faults(regional_down=True)
    elif failure == "unknown_crm_settings_id":
        crm_settings_id = "a0B8X00000NOPE99"
    else:
        sim.state.set_faults(hang_s=1.0)
        sim.state.force(failure, path=f"/phone/query/{crm_settings_id}")
    api = connect(endpoints=regional(sim, crm_settings_id), read_timeout=0.3)
    assert arun(api.s2s.query_phone(DENVER)).name == "Jane Doe"
    qtbot.waitUntil(lambda: len(api_requests(sim)) == 2)  # a hung request is logged once the client gives up
    entries = sorted(api_requests(sim), key=lambda e: e["at"])
    paths = [e["path"].rsplit("/s2s", 1)[1] for e in entries]
    assert paths == [f"/phone/query/{crm_settings_id}", "/phone/query"]  # the regional route is tried once
    assert entries[1]["status"] == 200


def test_a_regional_not_found_is_confirmed_by_the_main_route(arun: Runner, connect: Connect, sim: SimServer) -> None:
    """Only the main route says a caller is not in the CRM: a misrouted 404 would invite a duplicate lead."""
    api = connect(endpoints=regional(sim))
    error = raises(arun, api.s2s.query_phone(UNKNOWN_PHONE), NotFoundError)
    assert error.message == f"No lead found for phone {UNKNOWN_PHONE}"
    paths = [e["path"].rsplit("/s2s", 1)[1] for e in api_requests(sim)]
    assert paths == [f"/phone/query/{sim.state.crm_settings_id}", "/phone/query"]
    assert statuses(sim) == [404, 404]
    assert api.s2s.regional_failures == 0 and api.s2s.regional_off is None  # both routes agree


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, {"statusCode": 404, "message": "Cannot GET /api/v1/appointment/s2s/phone/query/x", "error": "Not Found"}),
        (404, "<html><body>Cannot GET</body></html>"),
        (401, {"statusCode": 401, "message": "Region not enabled for this token"}),
        (403, {"statusCode": 403, "message": "Forbidden"}),
        (200, {"ok": True}),  # not a lead
    ],
    ids=["generic-404", "html-404", "region-401", "region-403", "not-a-lead"],
)
def test_a_regional_route_that_is_not_there_falls_back_and_never_says_not_in_the_crm(
    arun: Runner, connect: Connect, sim: SimServer, status: int, body: Any
) -> None:
    api = connect(endpoints=regional(sim))
    kind = "html" if isinstance(body, str) else "json"
    sim.state.force_malformed(kind, path=f"/phone/query/{sim.state.crm_settings_id}", status=status, body=body)
    assert arun(api.s2s.query_phone(DENVER)).name == "Jane Doe"
    assert statuses(sim) == [status, 200]
    assert api.s2s.regional_failures == 1


def test_a_regional_route_that_keeps_failing_is_left_for_the_session(
    arun: Runner, connect: Connect, sim: SimServer
) -> None:
    api = connect(endpoints=regional(sim))
    path = f"/phone/query/{sim.state.crm_settings_id}"
    sim.state.force_malformed("json", path=path, status=404, body={"message": "Cannot GET"}, times=3)
    for _ in range(3):
        assert arun(api.s2s.query_phone(DENVER)).name == "Jane Doe"
    assert api.s2s.regional_off is not None and "main route" in api.s2s.regional_off
    before = len(api_requests(sim))
    assert arun(api.s2s.query_phone(DENVER)).name == "Jane Doe"
    [entry] = api_requests(sim)[before:]
    assert entry["path"].endswith("/s2s/phone/query")  # straight to the main route


@pytest.mark.parametrize(
    ("token", "error_type", "status"),
    [("hs_live_wrong", AuthRejectedError, 401), (None, ForbiddenError, 403)],
    ids=["wrong-token", "demo-mode"],
)
def test_auth_failures_on_both_routes_are_not_masked(
    arun: Runner, connect: Connect, sim: SimServer, token: str | None, error_type: type[ApiError], status: int
) -> None:
    api = connect(endpoints=regional(sim), token=token or sim.state.demo_token)
    raises(arun, api.s2s.query_phone(DENVER), error_type)
    assert statuses(sim) == [status, status]  # the main route's answer is the one given


# ---------------------------------------------------------------- answers the simulator cannot give

GOOD_LEAD: dict[str, Any] = {"phone": DENVER, "name": "Jane Doe", "createdDate": "2025-03-14T20:25:31.000Z"}
GOOD_SLOT: dict[str, Any] = {
    "appointmentDate": "2025-05-20",
    "startTime": "10:00 AM",
    "endTime": "11:30 AM",
    "availableSlots": 3,
    "blockId": "a0p8X00000XRDoJQAX",
    "timeZone": "America/New_York",
}


def answer(status: int, body: Any) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers={"content-type": "text/html"})
        return httpx.Response(status, json=body)

    return handler


def mock_clients(transport: Transport) -> Clients:
    endpoints = Endpoints("https://api.example.test")
    return Clients(S2SClient(transport, "tok", endpoints), ZapierClient(transport, "tok", endpoints), transport)


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"timeZone": "Mars/Olympus_Mons"}, "slots.1.timeZone"),
        ({"startTime": "25:00"}, "slots.1.startTime"),
        ({"availableSlots": -1}, "slots.1.availableSlots"),
    ],
    ids=["bad-zone", "bad-start-time", "negative-capacity"],
)
def test_an_unreadable_block_is_left_out_and_named(
    arun: Runner, mock_transports: MockFactory, patch: dict[str, Any], field: str
) -> None:
    body = {"slots": [GOOD_SLOT, {**GOOD_SLOT, **patch, "blockId": "bad"}, {**GOOD_SLOT, "blockId": "b3"}]}
    clients = mock_clients(mock_transports(answer(200, body)))
    slots = arun(CALLS["s2s.blocks"](clients))
    assert [slot.block_id for slot in slots.slots] == [GOOD_SLOT["blockId"], "b3"]
    assert slots.skipped_fields == [field] and slots.skipped[0].startswith("block 2: ")


@pytest.mark.parametrize(
    ("call", "body", "field"),
    [
        (CALLS["s2s.query_phone"], b"<html>gateway says hi</html>", None),
        (CALLS["zapier.auth_test"], b"", None),
        (CALLS["s2s.query_phone"], {**GOOD_LEAD, "createdDate": "yesterday"}, "createdDate"),
        (CALLS["s2s.query_phone"], {"name": "No Phone"}, "phone"),
        (CALLS["s2s.query_phone"], [GOOD_LEAD], "(body)"),
        (CALLS["s2s.dispositions"], {"reasons": []}, "notQualifiedReasons"),
        (CALLS["zapier.slots"], {"ok": True, "slots": [GOOD_SLOT]}, "oneTimeToken"),
        (CALLS["zapier.submit_lead"], {"ok": True, "leadId": "lead_1"}, "oneTimeToken"),
    ],
    ids=[
        "html-200",
        "empty-200",
        "bad-created-date",
        "no-phone",
        "array-body",
        "no-reasons",
        "slots-no-ott",
        "lead-no-ott",
    ],
)
def test_malformed_answers_are_invalid_response_errors(
    arun: Runner,
    mock_transports: MockFactory,
    call: Call,
    body: Any,
    field: str | None,
) -> None:
    clients = mock_clients(mock_transports(answer(200, body)))
    error = raises(arun, call(clients), InvalidResponseError)
    assert error.field == field and error.status == 200
    assert not error.retryable
    if field is None:
        assert error.message == "The server's answer is not JSON (HTTP 200)"
    else:
        assert error.message.startswith(f"Unexpected answer from the server: {field}:")


def test_malformed_answers_never_echo_values(arun: Runner, mock_transports: MockFactory) -> None:
    body = {"ok": True, "oneTimeToken": ["otp_SECRET_VALUE"], "slots": [GOOD_SLOT]}
    clients = mock_clients(mock_transports(answer(200, body)))
    error = raises(arun, clients.zapier.slots("otp_SECRET_VALUE"), InvalidResponseError)
    assert error.field == "oneTimeToken"
    assert "otp_SECRET_VALUE" not in str(error) and "otp_SECRET_VALUE" not in repr(error)


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ({"ok": False, "error": "validation_error"}, ["validation_error"]),
        ({"ok": False, "error": "validation_error", "message": "zip is required"}, ["zip is required"]),
        ({"ok": False}, ["not_ok"]),
    ],
    ids=["code-only", "code-and-message", "no-code"],
)
def test_zapier_200_that_says_not_ok_is_a_refusal(
    arun: Runner,
    mock_transports: MockFactory,
    body: dict[str, Any],
    messages: list[str],
) -> None:
    clients = mock_clients(mock_transports(answer(200, body)))
    error = raises(arun, clients.zapier.submit_lead(new_lead()), BadRequestError)
    assert error.code == body.get("error", "not_ok") and error.messages == messages and error.status == 200


def test_unknown_fields_are_kept_on_every_answer(arun: Runner, mock_transports: MockFactory) -> None:
    payloads = {
        "/phone/query": {**GOOD_LEAD, "loyaltyTier": "gold"},
        "/phone/query/blocks": {"slots": [{**GOOD_SLOT, "crew": "B"}], "timeZone": "America/New_York", "v": 2},
        "/auth-test": {"ok": True, "pageId": "p", "label": "L", "plan": "pro"},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        path = next(p for p in payloads if request.url.path.endswith(p))
        return httpx.Response(200, json=payloads[path])

    clients = mock_clients(mock_transports(handler))
    lead = arun(clients.s2s.query_phone(DENVER))
    assert lead.model_extra == {"loyaltyTier": "gold"} and lead.address2 is None and lead.city == ""
    slots = arun(clients.s2s.blocks(DENVER))
    assert slots.model_extra == {"v": 2} and slots.slots[0].model_extra == {"crew": "B"}
    assert arun(clients.zapier.auth_test()).model_extra == {"plan": "pro"}


def test_error_payloads_of_either_shape_are_read(arun: Runner, mock_transports: MockFactory) -> None:
    s2s_body = {"statusCode": 400, "message": "phone must be a string", "error": "Bad Request"}
    clients = mock_clients(mock_transports(answer(400, s2s_body)))
    error = raises(arun, clients.s2s.query_phone(DENVER), BadRequestError)
    assert (error.code, error.messages) == ("Bad Request", ["phone must be a string"])
    clients = mock_clients(mock_transports(answer(400, {"ok": False, "error": "missing_token"})))
    error = raises(arun, clients.zapier.auth_test(), BadRequestError)
    assert (error.code, error.messages) == ("missing_token", ["Missing token"])
    clients = mock_clients(mock_transports(answer(418, b"teapot")))
    error = raises(arun, clients.zapier.auth_test(), BadRequestError)
    assert (error.status, error.messages) == (418, ["Request refused (HTTP 418)"])


# ---------------------------------------------------------------- secret hygiene


@pytest.mark.parametrize("sim", [{"token": LONG_TOKEN}], indirect=True, ids=["long-token"])
def test_a_long_token_never_leaks(
    arun: Runner, connect: Connect, sim: SimServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sent: list[httpx.Request] = []
    api = connect(token=LONG_TOKEN, sent=sent)
    wrong = connect(token=OTHER_LONG_TOKEN, sent=sent)
    refused = connect(token=LONG_TOKEN, attempts=1, endpoints=Endpoints(f"http://127.0.0.1:{free_port()}"))

    # calls that succeed, two of them after a retry (which logs at INFO)
    sim.state.force("500", path="/phone/query")
    arun(api.s2s.query_phone(DENVER))
    sim.state.force("drop", path="/phone/update")
    arun(api.s2s.update(PhoneUpdate(phone=TAMPA, append_comment="x")))
    arun(api.s2s.blocks(DENVER))
    arun(api.s2s.dispositions())
    arun(api.zapier.auth_test())
    created = arun(api.zapier.submit_lead(new_lead()))
    slot = first_open(arun(api.zapier.slots(created.one_time_token)))
    arun(api.zapier.book(AppointmentRequest(block_id=slot.block_id, one_time_token=created.one_time_token)))

    # calls that fail, in every way a call to the simulator can fail
    sim.state.force("500", path="/dispositions", times=3)
    sim.state.force("drop", path="/auth-test", times=3)
    failing: list[Callable[[], Awaitable[Any]]] = [
        lambda: api.s2s.query_phone(UNKNOWN_PHONE),  # 404
        lambda: api.s2s.update(PhoneUpdate(phone=TAMPA, not_qualified_reason="nope")),  # 400
        lambda: api.s2s.dispositions(),  # 500, 500, 500
        lambda: api.zapier.auth_test(),  # dropped three times
        lambda: api.zapier.slots(created.one_time_token),  # spent one-time token
        lambda: api.s2s.query_phone("555-12"),  # invalid phone
        lambda: wrong.s2s.query_phone(DENVER),  # 401
        lambda: wrong.zapier.auth_test(),  # 401
        lambda: refused.s2s.query_phone(DENVER),  # connection refused
    ]
    failures: list[BaseException] = [raises(arun, call(), (ApiError, InvalidPhoneError)) for call in failing]
    sim.state.set_rate_limit(1, 30.0)
    arun(api.zapier.auth_test())
    failures.append(raises(arun, api.zapier.auth_test(), RateLimitedError))  # Retry-After too long to wait
    assert {type(e).__name__ for e in failures} == {
        "NotFoundError", "BadRequestError", "ServerError", "NetworkError", "AuthRejectedError",
        "RateLimitedError", "InvalidPhoneError",
    }  # fmt: skip
    assert any(r.name == "hsconsole.network" for r in caplog.records)  # the transport did log

    texts: list[str] = []
    for error in failures:
        texts += [str(error), repr(error), repr(vars(error)), "".join(traceback.format_exception(error))]
    for record in caplog.records:
        texts += [record.getMessage(), repr(record.args), repr(record.__dict__)]
    texts.append(caplog.text)
    texts += [str(request.url) for request in sent]
    texts.append(json.dumps([(e["path"], e["query"]) for e in sim.state.requests()]))
    texts += [repr(client) for client in (api.s2s, api.zapier, wrong.s2s, wrong.zapier)]
    texts += [str(api.s2s), str(api.zapier), repr(api.transport), repr(wrong.transport)]
    for secret in (LONG_TOKEN, OTHER_LONG_TOKEN, LONG_TOKEN[8:60], OTHER_LONG_TOKEN[8:60]):
        leaks = [text[:200] for text in texts if secret in text]
        assert leaks == []
    # the one-time token travels in a query string (seed 000), but the console's own log lines omit it
    console_lines = [r.getMessage() for r in caplog.records if r.name.startswith("hsconsole")]
    assert not any(created.one_time_token in line for line in console_lines)


def test_one_time_token_stays_out_of_reprs(arun: Runner, api: Clients) -> None:
    created = arun(api.zapier.submit_lead(new_lead()))
    offered = arun(api.zapier.slots(created.one_time_token))
    request = AppointmentRequest(block_id=first_open(offered).block_id, one_time_token=created.one_time_token)
    for value in (created, offered, request):
        assert created.one_time_token not in repr(value)
        assert created.one_time_token not in str(value)
        assert created.one_time_token not in f"{value}"
    assert "redacted" in repr(created) and "redacted" in repr(request)

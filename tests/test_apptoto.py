"""The Apptoto client, models and simulator, over real HTTP on 127.0.0.1.

Each test gets its own :class:`ApptotoServer` (clock frozen on Monday
2026-03-02 15:00 UTC, an empty account unless a test asks for the demo data)
and clients on a fast :class:`Transport` (short backoff). Malformed answers
come from the simulator's fault queue, so they too travel over HTTP.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import traceback
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from pydantic import ValidationError

from hsconsole.api.apptoto.client import (
    MAX_BATCH,
    AccessDeniedError,
    ApptotoClient,
    basic_credential,
    external_id_for_lead,
)
from hsconsole.api.apptoto.models import (
    AddressBook,
    Contact,
    ContactInput,
    Event,
    EventInput,
    Participant,
    ParticipantInput,
    ParticipantState,
)
from hsconsole.api.errors import (
    ApiError,
    AuthRejectedError,
    BadRequestError,
    InvalidResponseError,
    RateLimitedError,
    ServerError,
)
from hsconsole.api.transport import RequestBudget, Transport
from hsconsole.domain.phones import InvalidPhoneError
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.apptoto.state import DEMO_EMAIL, REMIND_AFTER, REPLY_AFTER_MAX, SCRIPTS, lead_external_id
from hsconsole.sim.heavyset.data import DEFAULT_TOKEN, DEMO_PHONES
from tests.helpers import Runner, fast_transport

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
DENVER = ZoneInfo("America/Denver")
JANE = "+18015551234"
LONG_KEY = "ak_live_" + "Qx7" * 60 + "z"

Connect = Callable[..., ApptotoClient]


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def sim(request: pytest.FixtureRequest) -> Iterator[ApptotoServer]:
    """A fresh simulator; ``indirect`` parametrization passes ApptotoState keyword arguments."""
    kwargs: dict[str, Any] = {"now": T0, "demo_data": False, **getattr(request, "param", {})}
    with ApptotoServer(**kwargs) as server:
        yield server


@pytest.fixture
def connect(sim: ApptotoServer, arun: Runner) -> Iterator[Connect]:
    """``connect(email=..., api_key=..., attempts=..., budget=..., sent=[])`` → a client on the simulator."""
    made: list[Transport] = []

    def make(
        *,
        email: str | None = None,
        api_key: str | None = None,
        attempts: int = 3,
        budget: RequestBudget | None = None,
        sent: list[httpx.Request] | None = None,
    ) -> ApptotoClient:
        transport = fast_transport(attempts=attempts)
        if sent is not None:

            async def record(request: httpx.Request) -> None:
                sent.append(request)

            transport.client = httpx.AsyncClient(
                timeout=transport.timeouts.to_httpx(), event_hooks={"request": [record]}
            )
        made.append(transport)
        return ApptotoClient(transport, email or sim.email, api_key or sim.api_key, sim.url, budget=budget)

    yield make
    for transport in made:
        arun(transport.aclose())


@pytest.fixture
def client(connect: Connect) -> ApptotoClient:
    return connect()


def raises(arun: Runner, coro: Awaitable[Any], error: type[BaseException] | tuple[type[BaseException], ...]) -> Any:
    with pytest.raises(error) as info:
        arun(coro)
    return info.value


def api_log(sim: ApptotoServer, method: str | None = None, path: str | None = None) -> list[dict[str, Any]]:
    return [
        e
        for e in sim.state.requests()
        if (method is None or e["method"] == method) and (path is None or e["path"] == path)
    ]


def appointment(n: int = 1, *, phone: str = JANE, email: str | None = "jane@example.com", **changes: Any) -> EventInput:
    start = (T0 + timedelta(days=1, hours=n % 200)).astimezone(DENVER)
    fields: dict[str, Any] = {
        "external_id": external_id_for_lead(f"lead{n:03d}", phone),
        "calendar": "HeavySet Appointments",
        "title": f"Solar appointment {n}",
        "start_time": start,
        "end_time": start + timedelta(hours=2),
        "time_zone": "America/Denver",
        "location": "123 Main St, Denver, CO 80202",
        "participants": [ParticipantInput(name="Jane Doe", phone=phone, email=email)],
    }
    fields.update(changes)
    return EventInput(**fields)


def authorization(email: str, key: str) -> str:
    return "Basic " + base64.b64encode(f"{email}:{key}".encode()).decode()


# Every client call, with arguments the simulator accepts once auth passed.
CALLS: dict[str, Callable[[ApptotoClient], Awaitable[Any]]] = {
    "check": lambda c: c.check(),
    "events": lambda c: c.events(begin=T0, phone_number=JANE, include_conversations=True),
    "all_events": lambda c: c.all_events(page_size=5),
    "event": lambda c: c.event(external_id="hsconsole-none"),
    "upsert_events": lambda c: c.upsert_events([appointment()]),
    "create_events": lambda c: c.create_events([appointment(external_id=None)]),
    "delete_event": lambda c: c.delete_event(external_id="hsconsole-none"),
    "upsert_contacts": lambda c: c.upsert_contacts([ContactInput(external_id="x", address_book="HeavySet Leads")]),
    "find_contact": lambda c: c.find_contact(external_id="x"),
    "contacts": lambda c: c.contacts(),
    "address_books": lambda c: c.address_books(),
}


# ---------------------------------------------------------------- auth


def test_check_sends_basic_auth_and_one_item_query(arun: Runner, connect: Connect, sim: ApptotoServer) -> None:
    sent: list[httpx.Request] = []
    arun(connect(sent=sent).check())
    [request] = sent
    assert request.headers["authorization"] == authorization(DEMO_EMAIL, DEFAULT_TOKEN)
    [entry] = api_log(sim)
    assert (entry["method"], entry["path"], entry["query"], entry["status"]) == (
        "GET",
        "/v1/events",
        {"page": "1", "page_size": "1"},
        200,
    )
    assert "authorization" not in json.dumps(entry).lower()


@pytest.mark.parametrize("sim", [{"error_style": s} for s in ("json", "text", "empty")], indirect=True)
@pytest.mark.parametrize("call", list(CALLS.values()), ids=list(CALLS))
def test_every_call_maps_a_bad_key_to_auth_rejected(
    arun: Runner, connect: Connect, sim: ApptotoServer, call: Callable[[ApptotoClient], Awaitable[Any]]
) -> None:
    error = raises(arun, call(connect(api_key="not-the-key")), AuthRejectedError)
    assert error.status == 401
    assert not isinstance(error, AccessDeniedError)
    assert [e["status"] for e in api_log(sim)] == [401]  # never retried


def test_wrong_email_is_rejected_and_email_case_is_ignored(arun: Runner, connect: Connect) -> None:
    raises(arun, connect(email="someone@example.com").check(), AuthRejectedError)
    arun(connect(email="Demo@Example.COM").check())


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "HTTP Basic authentication required: account email and API key"),
        ("Basic !!!not-base64", "Invalid email or API key"),
        ("Bearer " + DEFAULT_TOKEN, "Invalid email or API key"),
        (authorization(DEMO_EMAIL, "wrong"), "Invalid email or API key"),
        ("Basic " + base64.b64encode(DEFAULT_TOKEN.encode()).decode(), "Invalid email or API key"),
    ],
    ids=["missing", "not-base64", "bearer", "wrong-key", "no-colon"],
)
def test_401_body_and_challenge(sim: ApptotoServer, header: str | None, message: str) -> None:
    headers = {"Authorization": header} if header else {}
    response = httpx.get(f"{sim.url}/v1/events", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Basic realm="Apptoto API"'
    assert response.json() == {"error": "unauthorized", "message": message}


@pytest.mark.parametrize("sim", [{"error_style": "text"}], indirect=True)
def test_401_in_text_style(sim: ApptotoServer) -> None:
    response = httpx.get(f"{sim.url}/v1/events", headers={"Authorization": authorization(DEMO_EMAIL, "x")})
    assert (response.status_code, response.text) == (401, "HTTP Basic: Access denied.\n")
    assert response.headers["content-type"].startswith("text/plain")


def test_403_is_access_denied_never_heavyset_demo_mode(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    sim.state.force_malformed("json", status=403, body={"error": "insufficient_scope"})
    error = raises(arun, client.check(), AccessDeniedError)
    assert isinstance(error, AuthRejectedError) and error.status == 403
    assert "demo mode" not in str(error).lower()


def test_credentials_are_checked_before_sending() -> None:
    transport = Transport(budget=None)
    with pytest.raises(ValueError, match="email"):
        ApptotoClient(transport, " ", "key")
    with pytest.raises(ValueError, match="':'"):
        ApptotoClient(transport, "a:b@example.com", "key")
    with pytest.raises(ValueError, match="API key"):
        ApptotoClient(transport, DEMO_EMAIL, "  ")
    with pytest.raises(ValueError, match="line break"):
        basic_credential(DEMO_EMAIL, "key\nX-Evil: 1")


# ---------------------------------------------------------------- events: upsert, create, get, delete


def test_upsert_twice_by_external_id_makes_one_event(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    first = arun(client.upsert_event(appointment()))
    again = arun(client.upsert_event(appointment(title="Solar appointment (moved)", location="9 Elm St")))
    assert first.id == again.id
    assert again.title == "Solar appointment (moved)" and again.location == "9 Elm St"
    assert again.external_id == external_id_for_lead("lead001", JANE) == "hsconsole-lead001"
    assert again.calendar_name == "HeavySet Appointments" and again.calendar_id is not None
    assert again.start_time == appointment().start_time
    assert again.start_time.utcoffset() == timedelta(hours=-7)  # read back in the event's zone
    [participant] = again.participants
    assert (participant.name, participant.normalized_phone, participant.state) == (
        "Jane Doe",
        JANE,
        ParticipantState.INITIAL,
    )
    assert participant.event_id == again.id
    listed = arun(client.all_events())
    assert [e.id for e in listed] == [first.id]
    puts = api_log(sim, "PUT", "/v1/events")
    assert len(puts) == 2
    body = puts[0]["body"]
    assert body["prevent_calendar_creation"] is True
    [wire] = body["events"]
    assert wire["start_time"] == "2026-03-03T09:00:00-07:00" and wire["end_time"] == "2026-03-03T11:00:00-07:00"
    assert wire["participants"] == [{"name": "Jane Doe", "phone": JANE, "email": "jane@example.com"}]


def test_upsert_patches_scalars_and_replaces_participants(arun: Runner, client: ApptotoClient) -> None:
    created = arun(client.upsert_event(appointment()))
    key = created.external_id
    patched = arun(client.upsert_event(EventInput(external_id=key, content="Bring the HOA letter")))
    assert (patched.content, patched.title, patched.location) == (
        "Bring the HOA letter",
        created.title,
        created.location,
    )
    assert [p.name for p in patched.participants] == ["Jane Doe"]  # not sent: kept
    by_id = arun(
        client.upsert_event(
            EventInput(id=created.id, participants=[ParticipantInput(name="Sam Doe", phone="7205550147")])
        )
    )
    assert [(p.name, p.normalized_phone) for p in by_id.participants] == [("Sam Doe", "+17205550147")]
    assert by_id.id == created.id


def test_a_messaged_participant_is_not_removed(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    created = arun(client.upsert_event(appointment()))
    sim.state.advance(REMIND_AFTER + timedelta(seconds=1))  # Jane has been reminded
    kept = arun(
        client.upsert_event(EventInput(id=created.id, participants=[ParticipantInput(name="Sam", phone="7205550147")]))
    )
    assert sorted(p.name for p in kept.participants) == ["Jane Doe", "Sam"]


def test_create_events_by_post(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    made = arun(client.create_events([appointment(1, external_id=None), appointment(2)]))
    assert len({e.id for e in made}) == 2
    assert made[0].external_id is None and made[1].external_id == "hsconsole-lead002"
    error = raises(arun, client.create_events([appointment(2)]), BadRequestError)
    assert "already used" in str(error) and error.code == "invalid_request"
    with pytest.raises(ValueError, match="cannot carry an id"):
        arun(client.create_events([EventInput(id=5, title="x")]))
    with pytest.raises(ValueError, match="needs title"):
        arun(client.create_events([EventInput(external_id="k")]))
    sim.state.force("500", method="POST")
    raises(arun, client.create_events([appointment(3)]), ServerError)
    assert [e["status"] for e in api_log(sim, "POST")] == [200, 400, 500]  # a create is never replayed


def test_calendar_rules(arun: Runner, client: ApptotoClient) -> None:
    error = raises(arun, client.upsert_event(appointment(calendar="No Such Calendar")), BadRequestError)
    assert "No Such Calendar" in str(error)
    provisioned = arun(client.upsert_event(appointment(calendar="Roofing Reminders"), prevent_calendar_creation=False))
    assert provisioned.calendar_name == "Roofing Reminders"
    moved = appointment(calendar="Installs")
    error = raises(arun, client.upsert_event(moved), BadRequestError)
    assert "cannot be moved" in str(error)


def test_get_one_event(arun: Runner, client: ApptotoClient) -> None:
    created = arun(client.upsert_event(appointment()))
    assert arun(client.event(id=created.id)) == created
    assert arun(client.event(external_id="hsconsole-lead001")) == created
    assert arun(client.event(external_id="hsconsole-unknown")) is None
    assert arun(client.event(id=1)) is None
    with pytest.raises(ValueError, match="exactly one"):
        arun(client.event())
    with pytest.raises(ValueError, match="exactly one"):
        arun(client.event(id=1, external_id="x"))


def test_delete_is_soft_and_idempotent(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    created = arun(client.upsert_event(appointment()))
    other = arun(client.upsert_event(appointment(2)))
    deleted = arun(client.delete_event(external_id=created.external_id))
    assert deleted is not None and deleted.id == created.id and deleted.is_deleted
    assert [e.id for e in arun(client.all_events())] == [other.id]
    with_deleted = arun(client.all_events(include_deleted=True))
    assert {e.id: e.is_deleted for e in with_deleted} == {created.id: True, other.id: False}
    fetched = arun(client.event(id=created.id))
    assert fetched is not None and fetched.is_deleted
    again = arun(client.delete_event(external_id=created.external_id))
    assert again is not None and again.id == created.id and again.is_deleted
    assert arun(client.delete_event(id=other.id)) is not None
    assert arun(client.delete_event(external_id="hsconsole-never")) is None
    assert api_log(sim, "DELETE")[0]["query"] == {"external_id": "hsconsole-lead001"}
    # a new booking under the same key makes a new live event; the deleted one stays deleted
    rebooked = arun(client.upsert_event(appointment()))
    assert rebooked.id not in (created.id, other.id) and not rebooked.is_deleted
    found = arun(client.event(external_id=created.external_id))
    assert found is not None and found.id == rebooked.id


# ---------------------------------------------------------------- events: filters and pages


def test_filters(arun: Runner, client: ApptotoClient) -> None:
    jane = arun(client.upsert_event(appointment(1)))
    arun(client.upsert_event(appointment(2, phone="+13035552102", email="bob@example.com")))
    household = arun(
        client.upsert_event(
            appointment(
                3,
                participants=[
                    ParticipantInput(name="Jane Doe", phone=JANE),
                    ParticipantInput(name="John Doe", phone=JANE, email="john@example.com"),
                ],
            )
        )
    )
    by_phone = arun(client.all_events(phone_number="(801) 555-1234"))
    # listed once per matching participant, each copy holding only that participant [DOC]
    assert [(e.id, [p.name for p in e.participants]) for e in by_phone] == [
        (jane.id, ["Jane Doe"]),
        (household.id, ["Jane Doe"]),
        (household.id, ["John Doe"]),
    ]
    assert [e.id for e in arun(client.all_events(email_address="bob@example.com"))] != []
    assert [e.id for e in arun(client.all_events(email_address="JOHN@example.com"))] == [household.id]
    window = arun(client.all_events(begin=jane.start_time + timedelta(minutes=1), end=household.start_time))
    assert [e.title for e in window] == ["Solar appointment 2", "Solar appointment 3"]
    with pytest.raises(ValueError, match="aware"):
        arun(client.events(begin=datetime(2026, 3, 2)))  # a naive datetime: refused
    with pytest.raises(InvalidPhoneError):
        arun(client.events(phone_number="555-12"))


def test_paging_follows_every_page(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    batch = [appointment(n, phone=f"+1303555{2100 + n}") for n in range(75)]
    written = arun(client.upsert_events(batch))
    assert len({e.id for e in written}) == 75
    puts = api_log(sim, "PUT", "/v1/events")
    assert [len(e["body"]["events"]) for e in puts] == [MAX_BATCH, MAX_BATCH, MAX_BATCH, 15]
    pages = [arun(client.events(page=n, page_size=30)) for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [30, 30, 15, 0]
    sim.state.clear_requests()
    everything = arun(client.all_events(page_size=30))
    assert [e.id for e in everything] == [e.id for page in pages for e in page]
    assert len({e.id for e in everything}) == 75
    assert [e["query"]["page"] for e in api_log(sim)] == ["1", "2", "3", "4"]  # until an empty page
    with pytest.raises(ValueError, match="page_size"):
        arun(client.events(page_size=0))
    with pytest.raises(ValueError, match="page_size"):
        arun(client.events(page_size=201))
    error = raises(arun, client.all_events(page_size=30, max_pages=2), InvalidResponseError)
    assert error.field == "page"


def test_the_simulator_caps_page_size_and_refuses_big_batches(sim: ApptotoServer) -> None:
    headers = {"Authorization": authorization(sim.email, sim.api_key)}
    too_many = {"events": [{"title": "x"}] * 51}
    response = httpx.put(f"{sim.url}/v1/events", json=too_many, headers=headers)
    assert response.status_code == 502 and "Bad Gateway" in response.text
    assert httpx.get(f"{sim.url}/v1/events?page_size=900", headers=headers).status_code == 200
    response = httpx.get(f"{sim.url}/v1/events?page=0", headers=headers)
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    response = httpx.put(f"{sim.url}/v1/events", json={"events": [{"titel": "typo"}]}, headers=headers)
    assert response.status_code == 400 and "titel" in response.json()["message"]


# ---------------------------------------------------------------- 429, 5xx, drops, malformed answers


@pytest.mark.parametrize("sim", [{"rate_limit": 1, "rate_window_s": 1.0}], indirect=True)
def test_429_retry_after_is_honoured(arun: Runner, connect: Connect, sim: ApptotoServer) -> None:
    client = connect(budget=RequestBudget(0))  # no client-side pacing: let the server refuse
    arun(client.check())
    started = time.monotonic()
    arun(client.check())
    assert time.monotonic() - started >= 0.9
    statuses = [e["status"] for e in api_log(sim)]
    assert statuses == [200, 429, 200]
    refused = httpx.get(f"{sim.url}/v1/events", headers={"Authorization": authorization(sim.email, sim.api_key)})
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    assert refused.json()["error"] == "rate_limited"


@pytest.mark.parametrize("sim", [{"rate_limit": 1, "rate_window_s": 30.0}], indirect=True)
def test_429_with_a_long_retry_after_is_raised(arun: Runner, connect: Connect) -> None:
    client = connect(budget=RequestBudget(0))
    arun(client.check())
    error = raises(arun, client.check(), RateLimitedError)
    assert error.retry_after is not None and error.retry_after >= 25


def test_a_keyed_upsert_is_replayed_after_429_and_lands_once(
    arun: Runner, client: ApptotoClient, sim: ApptotoServer
) -> None:
    sim.state.force("429", method="PUT")
    started = time.monotonic()
    arun(client.upsert_event(appointment()))
    assert time.monotonic() - started >= 0.9  # Retry-After: 1
    assert [e["status"] for e in api_log(sim, "PUT")] == [429, 200]
    assert len(sim.state.events_snapshot()) == 1


def test_the_client_budget_paces_requests() -> None:
    from hsconsole.api.apptoto.client import RATE_LIMIT, RATE_WINDOW_S

    client = ApptotoClient(Transport(budget=None), DEMO_EMAIL, "key")
    assert (client.budget.limit, client.budget.window) == (RATE_LIMIT, RATE_WINDOW_S) == (100, 60.0)


def test_500_and_drops_are_retried(arun: Runner, connect: Connect, sim: ApptotoServer) -> None:
    client = connect(attempts=3)
    sim.state.force("500", path="/v1/events", method="GET", times=2)
    assert arun(client.events()) == []
    sim.state.force("drop", path="/v1/address_books")
    assert [b.name for b in arun(client.address_books())] == ["HeavySet Leads", "Past Customers"]
    sim.state.force("500", path="/v1/events", method="GET", times=3)
    error = raises(arun, client.check(), ServerError)
    assert error.status == 500
    statuses = [(e["path"], e["status"], e["fault"]) for e in api_log(sim)]
    assert statuses[:5] == [
        ("/v1/events", 500, "500"),
        ("/v1/events", 500, "500"),
        ("/v1/events", 200, None),
        ("/v1/address_books", 200, "drop"),
        ("/v1/address_books", 200, None),
    ]


@pytest.mark.parametrize("fault", ["500", "drop", "drop_after_apply"])
def test_a_keyed_mutation_lands_exactly_once_under_faults(
    arun: Runner, client: ApptotoClient, sim: ApptotoServer, fault: str
) -> None:
    sim.state.force(fault, method="PUT", times=2)
    event = arun(client.upsert_event(appointment()))
    assert len(sim.state.events_snapshot()) == 1
    assert len(api_log(sim, "PUT")) == 3
    sim.state.force(fault, method="DELETE")
    deleted = arun(client.delete_event(external_id=event.external_id))
    assert deleted is not None and deleted.is_deleted
    sim.state.force(fault, method="PUT")
    contact = arun(client.upsert_contact(ContactInput(external_id="hsconsole-lead001", address_book="HeavySet Leads")))
    assert contact is not None
    assert len(arun(client.contacts())) == 1


def test_the_heavyset_fault_knobs_after_the_effect_work_here_too(sim: ApptotoServer) -> None:
    """Apptoto shares the knobs; it has no idempotency key, so nothing of it is ever "in progress"."""
    body = {"events": [appointment().to_wire()]}
    headers = {"Authorization": authorization(sim.email, sim.api_key)}
    sim.state.set_faults(drip_s=0.6, hang_s=10.0)
    sim.state.force("drip", method="PUT")
    sim.state.force("in_progress", method="PUT")
    sim.state.force("apply_then_hang", method="PUT")
    sim.state.force("retry_after_long", method="PUT")
    with httpx.Client(base_url=sim.url, timeout=0.3) as client:
        started = time.monotonic()
        dripped = client.put("/v1/events", json=body, headers=headers)
        assert dripped.status_code == 200 and time.monotonic() - started >= 0.55
        assert client.put("/v1/events", json=body, headers=headers).json() == dripped.json()  # not a 409
        with pytest.raises(httpx.ReadTimeout):
            client.put("/v1/events", json=body, headers=headers)
        later = client.put("/v1/events", json=body, headers=headers)
        assert later.status_code == 429 and later.headers["Retry-After"] == "86400"
    assert len(sim.state.events_snapshot()) == 1
    assert [e["fault"] for e in api_log(sim, "PUT")] == ["drip", None, "apply_then_hang", "retry_after_long"]
    assert sim.state.effects() == 3
    assert sim.state.traffic()["faults"] == {"drip": 1, "apply_then_hang": 1, "retry_after_long": 1}


MALFORMED: list[tuple[str, str | None, Any, Callable[[ApptotoClient], Awaitable[Any]], str]] = [
    (
        "naive start",
        "/v1/events",
        {"events": [{"id": 1, "start_time": "2026-03-03T10:00:00", "end_time": "2026-03-03T11:00:00-07:00"}]},
        lambda c: c.events(),
        "events.0.start_time",
    ),
    ("no events key", "/v1/events", {"data": []}, lambda c: c.events(), "events"),
    (
        "id not a number",
        "/v1/event",
        {"id": "abc", "start_time": "2026-03-03T10:00:00Z", "end_time": "2026-03-03T11:00:00Z"},
        lambda c: c.event(id=1),
        "id",
    ),
    (
        "participants not a list",
        "/v1/events",
        {
            "events": [
                {"id": 1, "start_time": "2026-03-03T10:00:00Z", "end_time": "2026-03-03T11:00:00Z", "participants": 7}
            ]
        },
        lambda c: c.upsert_event(appointment()),
        "events.0.participants",
    ),
    (
        "message without time",
        "/v1/events",
        {
            "events": [
                {
                    "id": 1,
                    "start_time": "2026-03-03T10:00:00Z",
                    "end_time": "2026-03-03T11:00:00Z",
                    "participants": [{"state": "reminded", "conversations": [{"messages": [{"content": "hi"}]}]}],
                }
            ]
        },
        lambda c: c.events(include_conversations=True),
        "events.0.participants.0.conversations.0.messages.0.at",
    ),
    (
        "address books wrong",
        "/v1/address_books",
        {"address_books": [{"name": "x"}]},
        lambda c: c.address_books(),
        "address_books.0.id",
    ),
    ("contact wrong", "/v1/contact", {"name": "x"}, lambda c: c.find_contact(external_id="x"), "id"),
]


@pytest.mark.parametrize(("path", "body", "call", "field"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_a_malformed_answer_names_the_field(
    arun: Runner,
    client: ApptotoClient,
    sim: ApptotoServer,
    path: str,
    body: Any,
    call: Callable[[ApptotoClient], Awaitable[Any]],
    field: str,
) -> None:
    sim.state.force_malformed("json", path=path, body=body)
    error = raises(arun, call(client), InvalidResponseError)
    assert error.field == field
    assert field in str(error)


def test_a_non_json_answer_is_invalid(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    sim.state.force_malformed("html", status=200)
    error = raises(arun, client.check(), InvalidResponseError)
    assert "not JSON" in str(error)


def test_an_upsert_answer_with_the_wrong_count_is_invalid(
    arun: Runner, client: ApptotoClient, sim: ApptotoServer
) -> None:
    sim.state.force_malformed("json", method="PUT", body={"events": []})
    error = raises(arun, client.upsert_event(appointment()), InvalidResponseError)
    assert error.field == "events"


# ---------------------------------------------------------------- participant states


def test_state_enum_tolerates_unknown_values(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    created = arun(client.upsert_event(appointment()))
    sim.state.pin_state(created.id, "checked_in_late")
    [participant] = arun(client.events())[0].participants
    assert participant.state is ParticipantState.UNKNOWN
    assert participant.raw_state == "checked_in_late"
    assert participant.model_dump(mode="json")["state"] == "checked_in_late"  # written back as sent
    assert not participant.state.needs_attention
    assert ParticipantState("brand_new_state") is ParticipantState.UNKNOWN
    for raw, state in [
        (None, ParticipantState.UNKNOWN),
        (5, ParticipantState.UNKNOWN),
        ("declined", ParticipantState.DECLINED),
    ]:
        parsed = Participant.model_validate({"state": raw})
        assert parsed.state is state
    assert Participant.model_validate({}).state is ParticipantState.UNKNOWN
    assert ParticipantState.NOT_COMING_NEEDS_RESCHEDULE.needs_attention
    assert ParticipantState.NOT_COMING.is_not_coming and not ParticipantState.CONFIRMED.needs_attention


def test_participant_states_move_with_the_sim_clock(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    homeowners = {
        "+13035552101": ("confirm", ParticipantState.CONFIRMED, "C"),
        "+13035552102": ("reschedule", ParticipantState.NOT_COMING_NEEDS_RESCHEDULE, "Can we do Thursday instead?"),
        "+13035552103": ("cancel", ParticipantState.NOT_COMING, "Please cancel, we went with another company."),
        "+13035552104": ("no_reply", ParticipantState.REMINDED, None),
        "+13035552105": ("decline", ParticipantState.DECLINED, "No"),
    }
    for n, (phone, (script, _, _)) in enumerate(homeowners.items(), start=1):
        sim.state.set_script(phone, script)
        arun(client.upsert_event(appointment(n, phone=phone, email=None)))
    silent = arun(client.upsert_event(appointment(9, participants=[ParticipantInput(name="No Contact Info")])))

    def states() -> dict[str, tuple[ParticipantState, list[tuple[str, str]]]]:
        out = {}
        for event in arun(client.all_events(include_conversations=True)):
            for p in event.participants:
                out[p.normalized_phone or p.name] = (p.state, [(m.event_type, m.content) for m in p.messages])
        return out

    assert {s for s, _ in states().values()} == {ParticipantState.INITIAL}
    assert all(messages == [] for _, messages in states().values())

    sim.state.advance(REMIND_AFTER + timedelta(seconds=30))
    now = states()
    assert now["No Contact Info"] == (ParticipantState.INITIAL, [])
    for phone in homeowners:
        state, messages = now[phone]
        assert state is ParticipantState.REMINDED
        [(kind, text)] = messages
        assert kind == "sent" and text.startswith("Reminder: Solar appointment")

    sim.state.advance(REPLY_AFTER_MAX)
    later = states()
    for phone, (_, final, reply) in homeowners.items():
        state, messages = later[phone]
        assert state is final
        assert messages[-1] == (("replied", reply) if reply else ("sent", messages[0][1]))
    assert later["No Contact Info"][0] is ParticipantState.INITIAL

    # one event, with its messages, by external id; without include_conversations there are none
    one = arun(client.event(external_id=external_id_for_lead("lead002", "+13035552102"), include_conversations=True))
    assert one is not None
    reply = one.participants[0].latest_reply
    assert reply is not None and reply.content == "Can we do Thursday instead?"
    assert reply.at.tzinfo is not None and reply.at > T0
    assert arun(client.event(id=one.id)).participants[0].conversations == []

    # a rescheduled appointment starts its reminders again
    day = timedelta(days=1)
    moved = appointment(
        2, phone="+13035552102", email=None, start_time=one.start_time + day, end_time=one.end_time + day
    )
    again = arun(client.upsert_event(moved))
    assert again.participants[0].state is ParticipantState.INITIAL
    assert silent.participants[0].state is ParticipantState.INITIAL


@pytest.mark.parametrize("sim", [{"demo_data": True}], indirect=True)
def test_demo_data_gives_the_worklist_something_to_show(
    arun: Runner, client: ApptotoClient, sim: ApptotoServer
) -> None:
    events = arun(client.all_events(begin=T0 - timedelta(days=1), end=T0 + timedelta(days=21), page_size=30))
    assert len(events) > 30  # more than one page
    states = {p.state for e in events for p in e.participants}
    assert {
        ParticipantState.CONFIRMED,
        ParticipantState.REMINDED,
        ParticipantState.NOT_COMING_NEEDS_RESCHEDULE,
        ParticipantState.NOT_COMING,
    } <= states
    jane = arun(client.events(phone_number=DEMO_PHONES["denver_booked"], include_conversations=True))
    [event] = jane
    assert event.external_id is not None and event.external_id.startswith("hsconsole-")
    assert event.participants[0].state is ParticipantState.CONFIRMED
    assert event.participants[0].latest_reply is not None
    carlos = arun(client.events(phone_number=DEMO_PHONES["phoenix_booked"]))
    assert carlos[0].participants[0].state is ParticipantState.NOT_COMING_NEEDS_RESCHEDULE
    deleted = [e for e in arun(client.all_events(include_deleted=True)) if e.is_deleted]
    assert deleted  # cancelled HeavySet bookings are deleted Apptoto events
    assert {c.name for c in arun(client.contacts(page_size=50))} >= {"Jane Doe", "Carlos Ramirez"}
    # the same seed and clock give the same account
    with ApptotoServer(now=T0) as twin:
        assert twin.state.events_snapshot() == sim.state.events_snapshot()


# ---------------------------------------------------------------- contacts and address books


def test_contacts(arun: Runner, client: ApptotoClient, sim: ApptotoServer) -> None:
    books = arun(client.address_books())
    assert all(isinstance(b, AddressBook) for b in books)
    leads_book = next(b for b in books if b.name == "HeavySet Leads")
    key = external_id_for_lead("lead001", JANE)
    contact = ContactInput(
        external_id=key, address_book_id=leads_book.id, first_name="Jane", last_name="Doe", phone="801.555.1234"
    )
    first = arun(client.upsert_contact(contact))
    second = arun(
        client.upsert_contact(ContactInput(external_id=key, address_book_id=leads_book.id, email="jane@example.com"))
    )
    assert isinstance(first, Contact) and second is not None and first.id == second.id
    assert (second.name, second.primary_phone) == ("Jane Doe", JANE)
    assert [(e.address, e.is_primary) for e in second.email_addresses] == [("jane@example.com", True)]
    found = arun(client.find_contact(external_id=key))
    assert found == second
    assert arun(client.find_contact(id=second.id)) == second
    assert arun(client.find_contact(external_id="hsconsole-nobody")) is None
    other = arun(client.upsert_contact(ContactInput(name="Bob", address_book="Past Customers", add_phone="3035552101")))
    assert other is not None and other.primary_phone == "+13035552101"
    assert [c.id for c in arun(client.contacts(address_book_id=leads_book.id))] == [first.id]
    assert len(arun(client.contacts())) == 2
    moved = ContactInput(external_id=key, address_book="Past Customers")
    assert arun(client.upsert_contact(moved)) is not None  # a different book scopes the key: a new contact
    [put] = api_log(sim, "PUT", "/v1/contacts")[:1]
    assert put["body"] == {
        "contacts": [
            {
                "external_id": key,
                "address_book_id": leads_book.id,
                "first_name": "Jane",
                "last_name": "Doe",
                "phone": JANE,
            }
        ]
    }


def test_a_contact_write_with_an_unknown_body_shape_is_empty(
    arun: Runner, client: ApptotoClient, sim: ApptotoServer
) -> None:
    sim.state.force_malformed("empty", method="PUT", status=200)
    assert arun(client.upsert_contacts([ContactInput(external_id="k", address_book="HeavySet Leads")])) == []


# ---------------------------------------------------------------- models and helpers


def test_external_id_for_lead() -> None:
    assert external_id_for_lead("a0B8X00000NlXM1", JANE) == "hsconsole-a0B8X00000NlXM1"
    assert external_id_for_lead("  lead7 ", "garbage") == "hsconsole-lead7"
    assert external_id_for_lead(None, "(801) 555-1234") == external_id_for_lead("", "+1 801 555 1234")
    assert external_id_for_lead(None, "801.555.1234") == "hsconsole-+18015551234"
    with pytest.raises(InvalidPhoneError):
        external_id_for_lead(None, "555-12")


def test_the_simulator_speaks_the_clients_vocabulary() -> None:
    """``sim/`` may not import the client module, so its copies of the rules are held equal here."""
    for lead_id, phone in [("a0B8X00000NlXM1", JANE), ("", "(801) 555-1234"), (" ", "+1 303 555 2101")]:
        assert lead_external_id(lead_id, phone) == external_id_for_lead(lead_id, phone)
    for final, _, _ in SCRIPTS.values():
        assert ParticipantState(final).value == final  # a known state, not UNKNOWN
    assert sum(weight for _, _, weight in SCRIPTS.values()) == 100


def test_input_models_refuse_what_apptoto_would() -> None:
    start = datetime(2026, 3, 3, 9, tzinfo=DENVER)
    with pytest.raises(ValidationError, match="title, start_time, end_time, calendar or calendar_id"):
        EventInput(location="x")
    with pytest.raises(ValidationError, match="timezone"):
        EventInput(external_id="k", start_time=datetime(2026, 3, 3, 9))  # naive
    with pytest.raises(ValidationError, match="before start_time"):
        EventInput(external_id="k", start_time=start, end_time=start - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="extra"):
        EventInput(external_id="k", calendar_name="x")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="time zone"):
        EventInput(external_id="k", time_zone="Mountain Time (US & Canada)")
    with pytest.raises(ValidationError):
        ParticipantInput(phone="555-12")
    with pytest.raises(ValidationError, match="address_book"):
        ContactInput(name="x")
    wire = EventInput(external_id="k", start_time=start.replace(microsecond=123456)).to_wire()
    assert wire == {"external_id": "k", "start_time": "2026-03-03T09:00:00-07:00"}


def test_response_models_keep_unknown_fields_and_read_offsets() -> None:
    event = Event.model_validate(
        {
            "id": 123,
            "calendar_id": 456,
            "start_time": "2016-04-15T12:00:00-07:00",
            "end_time": "2016-04-15T13:00:00-07:00",
            "title": None,
            "participants": [{"id": 789, "name": "Fred Smith", "phone": "650-555-1212", "state": "initial"}],
            "custom_data": {"field_1": "custom value"},
            "booking_state": "invited",
        }
    )
    assert event.start_time == datetime(2016, 4, 15, 19, tzinfo=UTC)
    assert event.title == "" and event.model_extra == {"booking_state": "invited"}
    assert event.participant_for_phone("(650) 555-1212") is event.participants[0]
    assert event.participant_for_phone("8015551234") is None


# ---------------------------------------------------------------- admin routes


def test_admin_routes(sim: ApptotoServer) -> None:
    info = httpx.get(f"{sim.url}/_sim/info").json()
    assert info["email"] == DEMO_EMAIL and sim.api_key not in json.dumps(info)
    clock = httpx.post(f"{sim.url}/_sim/clock", json={"advance_s": 90}).json()
    assert clock["now"] == "2026-03-02T15:01:30.000Z"
    assert httpx.post(f"{sim.url}/_sim/scripts", json={"phone": "801-555-1234", "script": "cancel"}).json() == {
        JANE: "cancel"
    }
    assert httpx.post(f"{sim.url}/_sim/scripts", json={"phone": JANE, "script": "nope"}).status_code == 400
    faults = httpx.post(f"{sim.url}/_sim/faults", json={"error_style": "empty", "rate_limit": 5}).json()
    assert (faults["error_style"], faults["rate_limit"]) == ("empty", 5)
    assert httpx.get(f"{sim.url}/_sim/events").json() == []
    assert httpx.post(f"{sim.url}/_sim/reset").json()["ok"] is True
    response = httpx.get(f"{sim.url}/v1/nothing", headers={"Authorization": authorization(sim.email, sim.api_key)})
    assert response.status_code == 404


# ---------------------------------------------------------------- secret hygiene


@pytest.mark.parametrize("sim", [{"api_key": LONG_KEY}], indirect=True)
def test_the_api_key_never_leaks(
    arun: Runner, connect: Connect, sim: ApptotoServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = connect(api_key=LONG_KEY)
    wrong = connect(api_key=LONG_KEY[:-1] + "Y")
    header = authorization(DEMO_EMAIL, LONG_KEY)
    encoded = header.removeprefix("Basic ")

    sim.state.force("500", method="GET", path="/v1/events")
    arun(client.check())
    sim.state.force("drop", method="PUT")
    event = arun(client.upsert_event(appointment()))
    arun(client.delete_event(id=event.id))
    failures: list[BaseException] = []
    sim.state.force("500", method="GET", path="/v1/address_books", times=3)
    failures.append(raises(arun, client.address_books(), ServerError))
    failures.append(raises(arun, client.upsert_event(appointment(calendar="Nope")), BadRequestError))
    failures.append(raises(arun, wrong.check(), AuthRejectedError))
    sim.state.force_malformed("json", body={"events": [{"id": LONG_KEY}]})
    failures.append(raises(arun, client.events(), InvalidResponseError))
    sim.state.set_rate_limit(1, 30.0)
    arun(client.check())
    failures.append(raises(arun, client.check(), RateLimitedError))
    assert all(isinstance(f, ApiError) for f in failures)

    texts: list[str] = []
    for error in failures:
        texts += [str(error), repr(error), repr(vars(error)), "".join(traceback.format_exception(error))]
    for record in caplog.records:
        texts += [record.getMessage(), repr(record.args), repr(record.__dict__)]
    texts.append(caplog.text)
    texts += [repr(client), str(client), repr(wrong), repr(client._credential), repr(sim.state)]
    texts.append(json.dumps(sim.state.requests()))
    for secret in (LONG_KEY, LONG_KEY[8:60], encoded, encoded[8:60], header):
        leaks = [text[:200] for text in texts if secret in text]
        assert leaks == []
    assert "redacted" in repr(client)

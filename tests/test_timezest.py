"""The TimeZest client, the TQL builder and the TimeZest simulator, over real HTTP on 127.0.0.1.

Each test gets a fresh :class:`TimeZestState` (sim clock frozen on Monday
2026-03-02 18:00 UTC, so the seeded account is the same every run) served by
:class:`AppServer`, and clients on a fast transport. Answers the simulator
cannot give (a ``next_page`` on another origin, a relative one) come from an
``httpx.MockTransport``.
"""

from __future__ import annotations

import inspect
import itertools
import json
import logging
import pickle
import re
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from hsconsole.api.errors import (
    ApiError,
    AuthRejectedError,
    BadRequestError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)
from hsconsole.api.timezest import tql
from hsconsole.api.timezest.client import (
    TimeZestClient,
    TimeZestFilterError,
    TimeZestPermissionError,
    UncertainCreateError,
)
from hsconsole.api.timezest.models import (
    Agent,
    AppointmentType,
    ListPage,
    NewSchedulingRequest,
    ResourcePage,
    SchedulingRequest,
    SchedulingRequestStatus,
    Team,
)
from hsconsole.api.transport import NO_RETRY, RequestBudget, Transport
from hsconsole.sim.heavyset.data import DEFAULT_TOKEN
from hsconsole.sim.serving import AppServer
from hsconsole.sim.timezest.app import TimeZestServer, create_app
from hsconsole.sim.timezest.state import (
    DELETED_TEAMS,
    ERR_FILTER,
    ERR_FORBIDDEN,
    ERR_RESOURCE_IDS,
    ERR_UNAUTHORIZED,
    READ_ONLY_KEY,
    TimeZestState,
)
from tests.helpers import Runner, fast_transport

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
KEY = "tzk_live_S3cr3tK3yValue0123456789"
SOLAR = "apty_2s211C0S1I5gqIaA8wbDu6"
JORDAN = "agnt_3HbN8sYtUe6Jm0QaLwCxF"
ROOFING_TEAM = "team_4RtYu7IoP0aSdF3gHjK6lZ"
F = tql.SchedulingRequestFields


@dataclass
class Sim:
    state: TimeZestState
    server: AppServer

    @property
    def url(self) -> str:
        return self.server.url

    def api(self, method: str = "GET", path: str = "/v1/agents", *, key: str | None = KEY, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        return httpx.request(method, self.url + path, headers=headers, timeout=5.0, **kwargs)

    def log(self, method: str | None = None, path_end: str | None = None) -> list[dict[str, Any]]:
        return [
            e
            for e in self.state.requests()
            if (method is None or e["method"] == method) and (path_end is None or e["path"].endswith(path_end))
        ]


@pytest.fixture
def tz() -> Iterator[Sim]:
    state = TimeZestState(KEY, now=NOW)
    with AppServer(lambda stopping: create_app(state, stopping)) as server:
        yield Sim(state, server)


Connect = Callable[..., TimeZestClient]


@pytest.fixture
def connect(tz: Sim, arun: Runner) -> Iterator[Connect]:
    """``connect(key=KEY, attempts=3, read_timeout=3.0, budget=off, sleeps=None)`` → a client on the sim."""
    made: list[Transport] = []

    def make(
        *,
        key: str = KEY,
        attempts: int = 3,
        read_timeout: float = 3.0,
        budget: RequestBudget | None = None,
        sleeps: list[float] | None = None,
    ) -> TimeZestClient:
        transport = fast_transport(attempts=attempts, read_timeout=read_timeout)
        if sleeps is not None:

            async def record(delay: float) -> None:
                sleeps.append(delay)

            transport.sleep = record
        made.append(transport)
        return TimeZestClient(transport, key, tz.url, budget=budget or RequestBudget(0), clock=tz.state.now)

    yield make
    for transport in made:
        arun(transport.aclose())


@pytest.fixture
def client(connect: Connect) -> TimeZestClient:
    return connect()


def new_request(email: str = "pat.lee@example.com", **changes: Any) -> NewSchedulingRequest:
    fields: dict[str, Any] = {
        "appointment_type_id": SOLAR,
        "resource_ids": [JORDAN],
        "end_user_name": "Pat Lee",
        "end_user_email": email,
    }
    fields.update(changes)
    return NewSchedulingRequest(**fields)


def raises(arun: Runner, coro: Any, error: type[BaseException] | tuple[type[BaseException], ...]) -> Any:
    with pytest.raises(error) as info:
        arun(coro)
    return info.value


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


# ---------------------------------------------------------------- every list call


def test_agents_teams_types_and_resources(arun: Runner, client: TimeZestClient, tz: Sim) -> None:
    agents = arun(client.agents())
    teams = arun(client.teams())
    types = arun(client.appointment_types())
    resources = arun(client.resources())
    assert [a.name for a in agents][:2] == ["Sam Whitaker", "Avery Patel"]  # newest first
    assert all(isinstance(a, Agent) and a.created_at and a.created_at.tzinfo is UTC for a in agents)
    assert [a.created_at for a in agents] == sorted((a.created_at for a in agents), reverse=True)
    assert any(a.is_administrator for a in agents)
    assert {t.id for t in teams} >= DELETED_TEAMS  # /teams still lists a deleted team
    assert all(isinstance(t, AppointmentType) for t in types)
    assert {t.display_name for t in types} >= {"Solar Savings Consultation", "Window & Door Estimate"}
    kinds = {type(r) for r in resources}
    assert kinds == {Agent, Team}
    ids = {r.id for r in resources}
    assert not ids & DELETED_TEAMS  # ... which /resources omits
    assert {a.id for a in agents if a.schedulable} <= ids
    assert not {a.id for a in agents if not a.schedulable} & ids
    named = arun(client.resources(tql.ResourceFields.INTERNAL_NAME.like("solar")))
    assert [r.display_name for r in named] == ["Solar Advisors"]
    admins = arun(client.agents(tql.AgentFields.ROLE.eq("administrator") & tql.AgentFields.SCHEDULABLE.eq(True)))
    assert [a.name for a in admins] == ["Morgan Reyes"]
    assert arun(client.agent(JORDAN)).name == "Jordan Blake"
    raises(arun, client.agent("agnt_nobody"), NotFoundError)
    with pytest.raises(ValueError, match="cannot be filtered"):
        arun(client.agents(tql.TeamFields.INTERNAL_NAME.eq("x")))


def test_scheduling_requests_list_get_and_404(arun: Runner, client: TimeZestClient, tz: Sim) -> None:
    truth = tz.state.scheduling_requests_json()
    listed = arun(client.scheduling_requests())
    assert len(listed) == len(truth) > 60
    assert [r.id for r in listed] == [t["id"] for t in truth]
    first = listed[0]
    assert first.model_dump(mode="json", exclude_none=True) == {k: v for k, v in truth[0].items() if v is not None}
    again = arun(client.scheduling_request(first.id))
    assert again == first
    error = raises(arun, client.scheduling_request("sreq_doesNotExist"), NotFoundError)
    assert error.status == 404
    assert len(arun(client.scheduling_requests(limit=25))) == 25
    assert len(tz.log("GET", "/scheduling_requests")) == 4 + 2  # 4 pages, then 2 pages for limit=25
    html = tz.api(path=f"/v1/agents/{JORDAN}")  # no get-by-id: an HTML 404 (CODE-obs)
    assert html.status_code == 404 and html.headers["content-type"].startswith("text/html")
    assert tz.api(path="/v1/agents/").status_code == 200  # the trailing-slash spelling works too


def test_paging_follows_next_page_carrying_the_filter(arun: Runner, client: TimeZestClient, tz: Sim) -> None:
    start, end = NOW - timedelta(days=21), NOW - timedelta(days=2)
    report = arun(client.scheduling_requests_between(start, end))
    truth = [t for t in tz.state.scheduling_requests_json() if epoch(start) <= t["created_at"] <= epoch(end)]
    assert len(report) == len(truth) > 40
    assert [r.id for r in report] == [t["id"] for t in truth]
    pages = tz.log("GET", "/v1/scheduling_requests")
    assert len(pages) == -(-len(truth) // 20)
    sent_filter = pages[0]["query"]["filter"]
    assert tql.parse(sent_filter) == F.CREATED_AT.gte(start) & F.CREATED_AT.lte(end)
    for index, page in enumerate(pages[1:]):
        assert page["query"]["filter"] == sent_filter  # next_page carries the filter
        assert page["query"]["starting_after"] == truth[20 * (index + 1) - 1]["id"]
    per_agent: dict[str, int] = {}
    for item in report:
        for agent in item.agent_ids[:1]:
            per_agent[agent] = per_agent.get(agent, 0) + 1
    assert len(per_agent) >= 4  # several agents send links


def test_list_envelope_and_cursors(tz: Sim) -> None:
    first = tz.api(path="/v1/scheduling_requests", params={"filter": "scheduling_request.status~EQ~scheduled"}).json()
    assert set(first) == {"object", "next_page", "previous_page", "data"}
    assert first["object"] == "list" and first["previous_page"] is None and len(first["data"]) == 20
    next_url = httpx.URL(first["next_page"])
    assert next_url.host == "127.0.0.1" and next_url.path == "/v1/scheduling_requests"
    assert next_url.params["filter"] == "scheduling_request.status~EQ~scheduled"
    assert next_url.params["starting_after"] == first["data"][-1]["id"]
    second = httpx.get(str(next_url), headers={"Authorization": f"Bearer {KEY}"}).json()
    assert all(item["status"] == "scheduled" for item in second["data"])
    back = httpx.get(second["previous_page"], headers={"Authorization": f"Bearer {KEY}"}).json()
    assert [i["id"] for i in back["data"]] == [i["id"] for i in first["data"]]
    both = tz.api(path="/v1/agents", params={"starting_after": JORDAN, "ending_before": JORDAN})
    assert both.status_code == 400 and "error" in both.json()
    assert tz.api(path="/v1/agents", params={"starting_after": "agnt_nope"}).status_code == 400
    ignored = tz.api(path="/v1/scheduling_requests", params={"status": "closed", "page_size": "1"}).json()
    assert len(ignored["data"]) == 20  # status= and page_size= are ignored (CODE-obs)


# ---------------------------------------------------------------- create


def test_create_sends_the_documented_body(arun: Runner, client: TimeZestClient, tz: Sim) -> None:
    body = new_request(
        earliest_date=date(2026, 3, 3),
        latest_date=date(2026, 3, 13),
        earliest_time=time(9, 0),
        latest_time=time(16, 30),
        duration_mins=30,
        resource_ids=[JORDAN, ROOFING_TEAM],
    )
    created = arun(client.create_scheduling_request(body))
    assert created.status is SchedulingRequestStatus.NEW
    assert created.scheduling_url and created.scheduling_url.startswith("https://")
    assert created.created_at == NOW and created.duration_mins == 30
    assert {r.kind for r in created.resources} == {"agent", "team"}
    assert created.earliest_time == time(9, 0) and created.latest_date == date(2026, 3, 13)
    (post,) = tz.log("POST", "/v1/scheduling_requests")
    assert post["status"] == 201
    assert post["body"] == {
        "appointment_type_id": SOLAR,
        "trigger_mode": "generate_url",
        "resource_ids": [JORDAN, ROOFING_TEAM],
        "end_user_name": "Pat Lee",
        "end_user_email": "pat.lee@example.com",
        "duration_mins": 30,
        "earliest_date": "2026-03-03",
        "earliest_time": "09:00:00",
        "latest_date": "2026-03-13",
        "latest_time": "16:30:00",
    }
    assert arun(client.scheduling_requests_for("pat.lee@example.com")) == [created]
    empty = arun(client.create_scheduling_request(new_request("solo@example.com", resource_ids=[])))
    assert tz.log("POST")[-1]["body"]["resource_ids"] == []  # always an array (WYRE sends [])
    assert empty.resources == []
    refused = raises(
        arun, client.create_scheduling_request(new_request(appointment_type_id="apty_nope")), BadRequestError
    )
    assert refused.status == 400 and "appointment type" in refused.message.lower()


def test_resource_ids_must_be_an_array(tz: Sim) -> None:
    base = {"appointment_type_id": SOLAR, "trigger_mode": "generate_url", "end_user_email": "x@example.com"}
    for bad in ({**base, "resource_ids": JORDAN}, base, {**base, "resource_ids": None}):
        answer = tz.api("POST", "/v1/scheduling_requests", json=bad)
        assert answer.status_code == 400
        assert answer.json() == {"error": ERR_RESOURCE_IDS}
    assert tz.state.scheduling_request_json("sreq_x") is None
    with pytest.raises(ValidationError):
        NewSchedulingRequest.model_validate({"appointment_type_id": SOLAR, "resource_ids": JORDAN})
    with pytest.raises(ValidationError):
        NewSchedulingRequest(appointment_type_id=SOLAR, resource_ids=["sreq_abc"])
    with pytest.raises(ValidationError):
        NewSchedulingRequest(appointment_type_id=SOLAR, end_user_phone="+18015551234")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        NewSchedulingRequest(appointment_type_id=SOLAR, duration_mins=0)


# ---------------------------------------------------------------- documented errors


def test_401_missing_or_invalid_key(arun: Runner, connect: Connect, tz: Sim) -> None:
    for key in (None, "wrong"):
        answer = tz.api(key=key)
        assert answer.status_code == 401 and answer.json() == {"error": ERR_UNAUTHORIZED}
    assert httpx.get(tz.url + "/v1/agents", headers={"Authorization": KEY}).status_code == 401  # no Bearer
    wrong = connect(key="tzk_wrong_key_value")
    error = raises(arun, wrong.agents(), AuthRejectedError)
    assert error.status == 401 and "tzk_wrong_key_value" not in str(error)
    raises(arun, wrong.check(), AuthRejectedError)
    with pytest.raises(ValueError, match="empty"):
        TimeZestClient(fast_transport(), "   ")


def test_read_only_key_reads_and_gets_403_on_writes(arun: Runner, connect: Connect, tz: Sim) -> None:
    reader, writer = connect(key=READ_ONLY_KEY), connect()
    assert len(arun(reader.appointment_types())) == 4
    before = len(tz.state.scheduling_requests_json())
    error = raises(arun, reader.create_scheduling_request(new_request()), TimeZestPermissionError)
    assert error.status == 403 and "read-only" in error.message
    assert tz.api("POST", "/v1/scheduling_requests", key=READ_ONLY_KEY, json={}).json() == {"error": ERR_FORBIDDEN}
    raises(arun, reader.create_scheduling_request_once(new_request()), TimeZestPermissionError)
    checked = arun(reader.check(probe_write=True))
    assert checked.can_write is False and len(checked.appointment_types) == 4
    assert arun(writer.check(probe_write=True)).can_write is True
    assert arun(writer.check()).can_write is None
    assert len(tz.state.scheduling_requests_json()) == before  # the probes created nothing
    tz.state.lenient_create = True  # a server that fills in what a create leaves out: still nothing made
    assert arun(writer.check(probe_write=True)).can_write is True
    assert arun(reader.check(probe_write=True)).can_write is False
    assert len(tz.state.scheduling_requests_json()) == before
    assert tz.api("POST", "/v1/scheduling_requests", json={}).status_code in (200, 201)  # an empty one would be


def test_bad_tql_is_a_400(arun: Runner, client: TimeZestClient, tz: Sim, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = [
        "agent.name~EQ~a~OR~agent.name~EQ~b",  # no OR
        "agent.nickname~EQ~x",  # unknown attribute
        "agent.name~CONTAINS~x",
        'agent.name~EQ~"unclosed',
        "agent.created_at~LIKE~2024",  # no LIKE on a time
        "scheduling_request.agent_id~EQ~agnt_1",  # the docs' name; the API takes .agent
        # with spaces the value runs to the end of the string (CODE-obs), so this is not a time:
        "agents.created_at GTE 2023-07-01 AND agents.created_at LTE 2023-08-01",
        "team.internal_name~EQ~x",  # another object's attribute on /agents
    ]
    for text in bad:
        answer = tz.api(path="/v1/agents", params={"filter": text})
        assert (answer.status_code, answer.json()) == (400, {"error": ERR_FILTER}), text
    good = tz.api(path="/v1/agents", params={"filter": "agents.two_factor_enabled EQ false"})  # the docs' example
    assert good.status_code == 200 and all(not a["two_factor_enabled"] for a in good.json()["data"])
    monkeypatch.setattr(tql.Filter, "to_tql", lambda self: "agent.name~EQ~")
    error = raises(arun, client.agents(tql.AgentFields.NAME.eq("x")), TimeZestFilterError)
    assert error.status == 400 and error.messages == [ERR_FILTER]


def test_429_retry_after_is_honoured(arun: Runner, connect: Connect, tz: Sim) -> None:
    sleeps: list[float] = []
    client = connect(sleeps=sleeps)
    tz.state.force("429", path="/v1/agents")
    assert len(arun(client.agents())) == 6
    assert [e["status"] for e in tz.log("GET", "/v1/agents")] == [429, 200]
    assert len(sleeps) == 1 and 1.06 + 0.05 <= sleeps[0] <= 1.06 + 0.15  # Retry-After: 1, a margin, jitter
    tz.state.force("429", path="/v1/scheduling_requests", method="POST")
    created = arun(client.create_scheduling_request_once(new_request()))
    assert created.sends == 2 and not created.recovered  # a 429 is refused before any work: send again
    assert len(sleeps) == 2 and sleeps[1] == 1.0
    assert len([t for t in tz.state.scheduling_requests_json() if t["end_user_email"] == "pat.lee@example.com"]) == 1


def test_rate_limit_is_per_account_with_retry_after(arun: Runner, connect: Connect, tz: Sim) -> None:
    tz.state.set_rate_limit(3, 60.0)
    writer, reader = connect(), connect(key=READ_ONLY_KEY)
    arun(writer.appointment_types())
    arun(reader.appointment_types())
    arun(writer.appointment_types())
    error = raises(arun, reader.appointment_types(), RateLimitedError)  # all keys share the account's window
    assert error.retry_after is not None and 55 <= error.retry_after <= 60  # more than this transport waits
    answer = tz.api()
    assert answer.status_code == 429 and 55 <= int(answer.headers["Retry-After"]) <= 60


def test_client_budget_defaults_to_180_per_minute(arun: Runner, tz: Sim) -> None:
    client = TimeZestClient(fast_transport(), KEY, tz.url)
    assert (client.budget.limit, client.budget.window) == (180, 60.0)
    waits: list[float] = []

    async def record(delay: float) -> None:
        waits.append(delay)
        tick[0] += delay

    tick = [0.0]
    budget = RequestBudget(2, 60.0, clock=lambda: tick[0], sleep=record)
    limited = TimeZestClient(fast_transport(), KEY, tz.url, budget=budget)
    for _ in range(3):
        arun(limited.teams())
    assert waits and waits[0] == pytest.approx(60.0)
    arun(client._transport.aclose())
    arun(limited._transport.aclose())


def test_500_and_drops_are_retried_for_gets_only(arun: Runner, client: TimeZestClient, tz: Sim) -> None:
    tz.state.force("500", path="/v1/teams", times=2)
    assert len(arun(client.teams())) == 4
    assert [e["status"] for e in tz.log("GET", "/v1/teams")] == [500, 500, 200]
    tz.state.force("drop", path="/v1/resources")
    assert len(arun(client.resources())) == 8
    tz.state.force("500", path="/v1/scheduling_requests", method="POST")
    raises(arun, client.create_scheduling_request(new_request()), ServerError)
    tz.state.force("drop_after_apply", path="/v1/scheduling_requests", method="POST")
    raises(arun, client.create_scheduling_request(new_request("b@example.com")), NetworkError)
    assert [e["status"] for e in tz.log("POST")] == [500, 201]  # each sent once, never retried blindly
    tz.state.force("500", path="/v1/teams", times=3)
    raises(arun, client.teams(), ServerError)  # three attempts, then the error


# ---------------------------------------------------------------- the no-duplicate-link rule


def mine(tz: Sim, email: str) -> list[dict[str, Any]]:
    return [t for t in tz.state.scheduling_requests_json() if t["end_user_email"] == email]


def test_dropped_answer_to_a_create_finds_the_request_instead_of_sending_again(
    arun: Runner, client: TimeZestClient, tz: Sim
) -> None:
    tz.state.force("drop_after_apply", path="/v1/scheduling_requests", method="POST")
    result = arun(client.create_scheduling_request_once(new_request(), settle_delays=()))
    (only,) = mine(tz, "pat.lee@example.com")
    assert result.recovered and result.sends == 1 and result.request.id == only["id"]
    assert result.request.scheduling_url == only["scheduling_url"]
    assert [e["status"] for e in tz.log("POST")] == [201]  # the sim applied it; nothing was sent twice
    lookup = tz.log("GET", "/v1/scheduling_requests")[-1]["query"]["filter"]
    assert tql.parse(lookup) == (
        F.APPOINTMENT_TYPE_ID.eq(SOLAR)
        & F.CREATED_AT.gte(NOW - timedelta(minutes=2))
        & F.END_USER_EMAIL.eq("pat.lee@example.com")
    )


def test_a_timeout_that_created_nothing_is_sent_again_once(arun: Runner, connect: Connect, tz: Sim) -> None:
    client = connect(read_timeout=0.3)
    tz.state.force("timeout", path="/v1/scheduling_requests", method="POST")
    result = arun(client.create_scheduling_request_once(new_request(), settle_delays=(0.01,)))
    assert not result.recovered and result.sends == 2
    assert len(mine(tz, "pat.lee@example.com")) == 1
    # An older identical request (before the attempt) is not mistaken for this one:
    tz.state.advance(timedelta(hours=1))
    tz.state.force("drop", path="/v1/scheduling_requests", method="POST")
    again = arun(client.create_scheduling_request_once(new_request(), settle_delays=()))
    assert not again.recovered and again.sends == 2 and again.request.id != result.request.id
    assert len(mine(tz, "pat.lee@example.com")) == 2


def test_when_the_lookup_fails_nothing_is_resent_and_a_replay_looks_first(
    arun: Runner, client: TimeZestClient, tz: Sim
) -> None:
    tz.state.force("drop_after_apply", path="/v1/scheduling_requests", method="POST")
    tz.state.force("500", path="/v1/scheduling_requests", method="GET", times=3)
    error = raises(arun, client.create_scheduling_request_once(new_request(), settle_delays=()), UncertainCreateError)
    assert error.retryable and error.sends == 1 and error.first_attempt_at == NOW
    assert len(tz.log("POST")) == 1
    tz.state.advance(30)
    replay = arun(client.create_scheduling_request_once(new_request(), first_attempt_at=error.first_attempt_at))
    assert replay.recovered and replay.sends == 0
    assert len(tz.log("POST")) == 1 and len(mine(tz, "pat.lee@example.com")) == 1
    # A replay whose first attempt never landed sends it (once):
    fresh = arun(client.create_scheduling_request_once(new_request("n@example.com"), first_attempt_at=NOW))
    assert fresh.sends == 1 and not fresh.recovered and len(mine(tz, "n@example.com")) == 1


def test_the_lookup_compares_everything_that_was_sent(arun: Runner, client: TimeZestClient, tz: Sim) -> None:
    arun(client.create_scheduling_request(new_request(end_user_name="Someone Else")))
    arun(client.create_scheduling_request(new_request(resource_ids=[ROOFING_TEAM])))
    assert arun(client.find_created(new_request(), NOW)) is None
    target = arun(client.create_scheduling_request(new_request()))
    assert arun(client.find_created(new_request(), NOW)) == target
    assert arun(client.find_created(new_request(), NOW + timedelta(minutes=5))) is None


# ---------------------------------------------------------------- the homeowners answer


def test_statuses_move_with_the_sim_clock(arun: Runner, client: TimeZestClient, tz: Sim) -> None:
    seen: set[str] = set()
    for n in range(6):
        created = arun(client.create_scheduling_request(new_request(f"mover{n}@example.com")))
        steps = tz.state.timeline(created.id)
        assert steps[0] == {"status": "new", "at": epoch(NOW)} and steps[1]["status"] == "sent"
        for step in steps:
            tz.state.set_clock(datetime.fromtimestamp(step["at"], UTC))
            got = arun(client.scheduling_request(created.id))
            assert got.status == step["status"] and epoch(got.updated_at or NOW) == step["at"]
            seen.add(got.status)
            if got.status is SchedulingRequestStatus.SCHEDULED:
                assert got.scheduled_at is not None and got.selected_start_time is not None
                assert got.selected_start_time > got.scheduled_at
                zone = got.selected_zone
                assert zone is not None
                local = got.selected_start_time.astimezone(ZoneInfo(zone))
                assert local.weekday() < 5 and time(9) <= local.time() <= time(16, 30)
                assert [a.id for a in got.scheduled_agents] == [JORDAN]
            tz.state.set_clock(datetime.fromtimestamp(step["at"] - 1, UTC))
            earlier = arun(client.scheduling_request(created.id))
            assert earlier.status != got.status or step["status"] == "new"
        tz.state.set_clock(NOW)
    assert {"new", "sent", "scheduled"} <= seen
    statuses = {t["status"] for t in tz.state.scheduling_requests_json()}
    assert {"sent", "scheduled", "cancelled", "closed", "new"} <= statuses


def test_seeded_account_is_deterministic(tz: Sim) -> None:
    twin = TimeZestState(KEY, now=NOW)
    assert twin.scheduling_requests_json() == tz.state.scheduling_requests_json()
    jane = [t for t in twin.scheduling_requests_json() if t["end_user_email"] == "jane@example.com"]
    assert [t["status"] for t in jane] == ["scheduled"]
    with TimeZestServer(now=NOW) as sim:
        assert sim.api_key == DEFAULT_TOKEN and sim.read_only_key == READ_ONLY_KEY
        answer = httpx.get(sim.api_base + "/agents", headers={"Authorization": f"Bearer {sim.read_only_key}"})
        assert answer.status_code == 200 and len(answer.json()["data"]) == 6


def test_admin_routes(tz: Sim) -> None:
    faults = httpx.post(tz.url + "/_sim/faults", json={"force": ["500", {"outcome": "drop", "path": "teams"}]}).json()
    assert faults["force"] == [
        {"outcome": "500", "path": None, "method": None},
        {"outcome": "drop", "path": "teams", "method": None},
    ]
    assert tz.api().status_code == 500
    assert httpx.post(tz.url + "/_sim/faults", json={"force": ["oops"]}).status_code == 400
    assert httpx.post(tz.url + "/_sim/faults", json={"bogus": 1}).status_code == 400
    assert httpx.post(tz.url + "/_sim/clock", json={"advance_s": 3600}).json()["epoch"] == epoch(NOW) + 3600
    info = httpx.get(tz.url + "/_sim/info").json()
    assert info["frozen"] and info["read_only_key"] == READ_ONLY_KEY and KEY not in json.dumps(info)
    logged = httpx.get(tz.url + "/_sim/requests").json()
    assert logged[0]["key"] == "read_write" and KEY not in json.dumps(logged)
    first = tz.state.scheduling_requests_json()[0]["id"]
    timeline = httpx.get(f"{tz.url}/_sim/scheduling_requests/{first}/timeline").json()
    assert [step["status"] for step in timeline][:2] == ["new", "sent"]
    assert httpx.post(tz.url + "/_sim/reset").json()["ok"] is True
    assert tz.state.forced() == [] and tz.state.requests() == []
    assert httpx.get(tz.url + "/_sim/nothing").status_code == 404


# ---------------------------------------------------------------- TQL semantics in the simulator


def test_tql_filters_select_what_they_say(arun: Runner, client: TimeZestClient, tz: Sim) -> None:
    truth = tz.state.scheduling_requests_json()
    ticketed = next(t for t in truth if t["associated_entities"])
    number = ticketed["associated_entities"][0]["number"]  # "#1234"
    company = ticketed["associated_entities"][1]["id"]
    for predicate in (
        F.CONNECTWISE_PSA_TICKET_NUMBER.eq(number),
        F.CONNECTWISE_PSA_TICKET_NUMBER.eq(number.lstrip("#")),  # EQ: with or without the # (CODE-obs)
        F.CONNECTWISE_PSA_SERVICE_TICKET_NUMBER.in_([number]),
        F.CONNECTWISE_PSA_COMPANY_ID.eq(company),
    ):
        assert ticketed["id"] in [r.id for r in arun(client.scheduling_requests(predicate))], predicate
    bare_in = F.CONNECTWISE_PSA_TICKET_NUMBER.in_([number.lstrip("#")])  # IN: only with the #
    assert ticketed["id"] not in [r.id for r in arun(client.scheduling_requests(bare_in))]
    by_agent = arun(client.scheduling_requests(F.AGENT.eq(JORDAN)))
    assert by_agent and all(JORDAN in r.agent_ids for r in by_agent)
    by_team = arun(client.scheduling_requests(F.TEAM.in_([ROOFING_TEAM, "team_none"])))
    assert by_team and all(ROOFING_TEAM in r.resource_ids for r in by_team)
    open_ = arun(client.scheduling_requests(F.STATUS.in_(["new", "sent"])))
    assert {r.status for r in open_} == {"sent"} and all(r.status.is_open for r in open_)
    not_closed = arun(client.scheduling_requests(F.STATUS.not_eq("closed") & F.END_USER_EMAIL.like("@EXAMPLE.com")))
    assert len(not_closed) == len([t for t in truth if t["status"] != "closed"])
    later = arun(client.scheduling_requests(F.SELECTED_START_TIME.gt(NOW)))
    assert later and all(r.selected_start_time and r.selected_start_time > NOW for r in later)
    long_types = arun(client.appointment_types(tql.AppointmentTypeFields.DURATION_MINS.gte(45)))
    assert {t.duration_mins for t in long_types} == {45, 60}


_COUNTER = itertools.count()


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(
        alphabet=st.sampled_from(list(" ,~\"\\#@.-_%&+=?/'éßあ") + list("abcXYZ019")), min_size=1, max_size=16
    ).filter(lambda s: s.strip() == s and s.strip() != "")
)
def test_awkward_values_travel_over_http_and_parse_back(
    arun: Runner, client: TimeZestClient, tz: Sim, name: str
) -> None:
    tz.state.set_rate_limit(None)
    email = f"awkward{next(_COUNTER)}@example.com"  # the sim lives across examples: one email each
    created = arun(client.create_scheduling_request(new_request(email, end_user_name=name)))
    query = F.END_USER_NAME.eq(name) & F.END_USER_EMAIL.eq(email)
    found = arun(client.scheduling_requests(query))
    assert [r.id for r in found] == [created.id] and found[0].end_user_name == name
    received = tz.log("GET", "/v1/scheduling_requests")[-1]["query"]["filter"]
    assert tql.parse(received) == query  # what the sim's parser read is what the builder built


# ---------------------------------------------------------------- the TQL builder and parser

_BARE = r'[^\s,~"\\]+'
_QUOTED = r'"(?:[^"\\]|\\["\\])*"'
_VALUE = rf"(?:{_BARE}|{_QUOTED})"
_PRED = rf"[a-z_]+\.[a-z0-9_]+~(?:{'|'.join(op.value for op in tql.Op)})~{_VALUE}(?:,{_VALUE})*"
GRAMMAR = re.compile(rf"{_PRED}(?:~AND~{_PRED})*")
"""The fact sheet's ``~`` form, written independently of the parser."""

_awkward = st.lists(st.sampled_from([*' ,~"\\\t#@.%-_aZé', "AND", "OR"]), min_size=1, max_size=8).map("".join)
_plain_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
_VALUES: dict[tql.Kind, st.SearchStrategy[Any]] = {
    tql.Kind.TEXT: st.one_of(_awkward, _plain_text),
    tql.Kind.KEYWORD: st.one_of(_awkward, _plain_text, st.integers(0, 10**9)),
    tql.Kind.NUMBER: st.integers(-(10**12), 10**12),
    tql.Kind.TIME: st.one_of(
        st.integers(0, 4 * 10**9),
        st.dates(min_value=date(1970, 1, 1), max_value=date(2200, 1, 1)),
        st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2199, 1, 1), timezones=st.just(UTC)),
    ),
    tql.Kind.BOOL: st.booleans(),
}


@st.composite
def predicates(draw: st.DrawFn, object_name: str) -> tql.Predicate:
    attribute = draw(st.sampled_from(sorted(tql.CATALOGUE[object_name].values(), key=str)))
    op = draw(st.sampled_from(sorted(tql.OPERATORS[attribute.kind])))
    if op.takes_list:
        return attribute.where(op, draw(st.lists(_VALUES[attribute.kind], min_size=1, max_size=4)))
    return attribute.where(op, draw(_VALUES[attribute.kind]))


@st.composite
def filters(draw: st.DrawFn) -> tql.Filter:
    object_name = draw(st.sampled_from(sorted(tql.CATALOGUE)))
    return tql.where(*draw(st.lists(predicates(object_name), min_size=1, max_size=4)))


@given(filters())
def test_tql_builds_the_grammar_and_parses_back(built: tql.Filter) -> None:
    text = built.to_tql()
    assert GRAMMAR.fullmatch(text), text
    assert tql.parse(text) == built
    carried = urllib.parse.parse_qs(urllib.parse.urlencode({"filter": text}))["filter"][0]
    assert tql.parse(carried) == built


def test_tql_quoting_of_awkward_strings() -> None:
    name = tql.SchedulingRequestFields.END_USER_NAME
    cases = {
        "Pat Smith": '"Pat Smith"',
        "O'Neil": "O'Neil",
        "a,b": '"a,b"',
        "x~y": '"x~y"',
        'say "hi"': '"say \\"hi\\""',
        "back\\slash": '"back\\\\slash"',
        "#1234": "#1234",
        "AND": "AND",
        "@example.com": "@example.com",
        "tab\there": '"tab\there"',
    }
    for value, written in cases.items():
        predicate = name.eq(value)
        assert predicate.to_tql() == f"scheduling_request.end_user_name~EQ~{written}"
        assert tql.parse(predicate.to_tql()) == tql.where(predicate)
    listed = tql.SchedulingRequestFields.TEAM.in_(["team_1", "team,2", 'te"am'])
    assert listed.to_tql() == 'scheduling_request.team~IN~team_1,"team,2","te\\"am"'
    both = F.STATUS.eq("scheduled") & F.SELECTED_START_TIME.gte(1700000000)
    assert str(both) == (
        "scheduling_request.status~EQ~scheduled~AND~scheduling_request.selected_start_time~GTE~1700000000"
    )
    moment = datetime(2026, 3, 2, 11, 0, 0, 500000, tzinfo=ZoneInfo("America/Denver"))
    assert F.CREATED_AT.gte(moment).value == str(int(moment.timestamp()))
    assert F.CREATED_AT.lte(date(2023, 8, 1)).value == "2023-08-01"
    assert tql.AgentFields.TWO_FACTOR_ENABLED.eq(False).to_tql() == "agent.two_factor_enabled~EQ~false"


def test_tql_refuses_what_the_grammar_cannot_say() -> None:
    refusals: list[Callable[[], Any]] = [
        lambda: F.CREATED_AT.like("2024"),  # no LIKE on a time
        lambda: F.STATUS.gt("new"),  # no ordering on a keyword
        lambda: F.TEAM.in_([]),  # an empty list
        lambda: F.TEAM.in_("team_1"),  # a string is not a list
        lambda: F.TEAM.eq(["team_1"]),  # a list is not one value
        lambda: F.END_USER_NAME.eq(""),  # all three parts are required
        lambda: F.END_USER_NAME.eq("line\nbreak"),
        lambda: F.END_USER_NAME.eq("nul\x00"),
        lambda: F.END_USER_NAME.eq("\ud800"),  # not encodable text
        lambda: F.CREATED_AT.gte(datetime(2026, 3, 2)),  # naive
        lambda: F.CREATED_AT.gte("yesterday"),
        lambda: F.CREATED_AT.gte(True),
        lambda: tql.AgentFields.SCHEDULABLE.eq("yes"),
        lambda: tql.AppointmentTypeFields.DURATION_MINS.eq("ten"),
        lambda: tql.AgentFields.NAME.eq("a") & tql.TeamFields.INTERNAL_NAME.eq("b"),  # two objects
        lambda: tql.where(),
        lambda: tql.attribute("scheduling_request.agent_id"),
        lambda: tql.attribute("widget.name"),
    ]
    for refusal in refusals:
        with pytest.raises(ValueError, match=r"\S"):
            refusal()
    predicate = F.STATUS.eq("new")
    with pytest.raises(TypeError):
        predicate | predicate  # type: ignore[operator]  # there is no OR
    with pytest.raises(TypeError):
        tql.where(predicate) | predicate  # type: ignore[operator]
    with pytest.raises(ValueError, match="no OR"):
        tql.parse("agent.name~EQ~a~OR~agent.name~EQ~b")


def test_tql_parses_the_documented_forms() -> None:
    assert tql.parse("agents.two_factor_enabled EQ false") == tql.where(tql.AgentFields.TWO_FACTOR_ENABLED.eq(False))
    assert tql.parse("scheduling_requests.end_user_email LIKE @example.com") == tql.where(
        F.END_USER_EMAIL.like("@example.com")
    )
    assert tql.parse("agent.name~LIKE~john") == tql.where(tql.AgentFields.NAME.like("john"))
    assert tql.parse("scheduling_request.team~IN~team_1,team_2") == tql.where(F.TEAM.in_(["team_1", "team_2"]))
    assert tql.parse("agent.name LIKE John Smith") == tql.where(tql.AgentFields.NAME.like("John Smith"))
    assert tql.parse('agent.name~EQ~"Pat Smith" AND agent.role~EQ~user') == tql.where(
        tql.AgentFields.NAME.eq("Pat Smith"), tql.AgentFields.ROLE.eq("user")
    )
    docs_example = (
        "scheduling_requests.selected_start_time GTE 2023-07-01"
        " AND scheduling_requests.selected_start_time LTE 2023-08-01"
    )
    with pytest.raises(ValueError, match="time"):  # the space form reads the value to the end (CODE-obs)
        tql.parse(docs_example)
    broken = [
        "",
        "agent.name",
        "agent.name~EQ",
        "agent.name~EQ~",
        "agent.name~~EQ~x",
        "agent.name~eq~x",
        "agent.name~EQ~x~AND",
        "agent.name~EQ~x~and~agent.role~EQ~y",
        'agent.name~EQ~"a"b',
        'agent.name~EQ~"a\\q"',
        'agent.name~EQ~a"b',
    ]
    for text in broken:
        with pytest.raises(ValueError, match=r"filter|empty"):
            tql.parse(text)


# ---------------------------------------------------------------- models


def test_models_read_the_wire_shapes() -> None:
    item = SchedulingRequest.model_validate(
        {
            "id": "sreq_matching",
            "object": "scheduling_request",
            "appointment_type_id": "apty_remote",
            "status": "rescheduling",  # unknown: kept
            "duration_mins": 60,
            "end_user_name": "Rodney Smith",
            "end_user_email": "rodney@example.test",
            "scheduled_at": 1691931421,
            "selected_start_time": 1692363445,
            "selected_time_zone": "Pacific Time (US & Canada)",
            "earliest_date": None,
            "guests_list": None,
            "scheduling_url": "https://example.timezest.com/schedule/private",
            "associated_entities": [{"type": "connectwise_psa/service_ticket", "id": 1234, "number": "#1234"}],
            "resources": [{"type": "agent", "id": "agnt_1", "name": "Samantha Jones"}, {"id": "team_1", "name": "T"}],
            "scheduled_agents": [{"object": "agent", "id": "agnt_1", "name": "Samantha Jones"}],
            "created_at": 1691585916,
            "updated_at": 1691931421,
            "brand_new_field": {"kept": True},
        }
    )
    assert item.status == "rescheduling" and not item.status.is_known
    assert SchedulingRequestStatus("sent") is SchedulingRequestStatus.SENT and SchedulingRequestStatus.SENT.is_known
    assert item.created_at == datetime(2023, 8, 9, 12, 58, 36, tzinfo=UTC)
    assert item.selected_zone == "America/Los_Angeles"
    assert [r.kind for r in item.resources] == ["agent", "team"]
    assert item.agent_ids == ["agnt_1"] and item.guests_list == []
    assert item.model_extra == {"brand_new_field": {"kept": True}}
    wire = item.model_dump(mode="json")
    assert wire["created_at"] == 1691585916 and wire["status"] == "rescheduling"
    page = ResourcePage.model_validate(
        {
            "object": "list",
            "next_page": None,
            "previous_page": None,
            "data": [
                {
                    "id": "agnt_2",
                    "object": "agent",
                    "name": "Teresa Smith",
                    "schedulable": True,
                    "created_at": 1692172402,
                },
                {
                    "id": "team_W",
                    "object": "team",
                    "internal_name": "Implementation",
                    "team_type": "connectwise/project",
                },
                {"id": "room_1", "object": "room", "name": "A future kind"},
            ],
        }
    )
    assert [type(r) for r in page.data] == [Agent, Team]
    with pytest.raises(ValidationError):
        ListPage[Agent].model_validate(
            {"object": "list", "data": [{"id": "agnt_1", "object": "agent", "name": "x", "created_at": True}]}
        )
    assert NewSchedulingRequest(appointment_type_id=SOLAR).to_wire() == {
        "appointment_type_id": SOLAR,
        "trigger_mode": "generate_url",
        "resource_ids": [],
    }


def test_next_page_is_resolved_and_guarded(arun: Runner) -> None:
    pages: dict[str, dict[str, Any]] = {
        "/v1/agents": {
            "next_page": "?starting_after=agnt_b",
            "data": [{"id": "agnt_a", "object": "agent", "name": "A"}],
        },
        "/v1/agents?starting_after=agnt_b": {
            "next_page": None,
            "data": [{"id": "agnt_b", "object": "agent", "name": "B"}],
        },
        "/v1/teams": {
            "next_page": "https://evil.example/v1/teams?x=1",
            "data": [{"id": "team_a", "object": "team", "internal_name": "A"}],
        },
        "/v1/appointment_types": {
            "next_page": "/v1/appointment_types",
            "data": [{"id": "apty_a", "object": "appointment_type", "internal_name": "A"}],
        },
    }
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        key = request.url.raw_path.decode()
        return httpx.Response(200, json={"object": "list", "previous_page": None, **pages[key]})

    transport = Transport(retry=NO_RETRY, budget=None, client=httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    client = TimeZestClient(transport, KEY, "https://api.timezest.com", budget=RequestBudget(0))
    assert [a.name for a in arun(client.agents())] == ["A", "B"]
    assert seen[1].url == "https://api.timezest.com/v1/agents?starting_after=agnt_b"
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in seen)
    raises(arun, client.teams(), ApiError)
    assert all(r.url.host == "api.timezest.com" for r in seen)  # never followed to another site
    raises(arun, client.appointment_types(), ApiError)  # a page pointing at itself
    arun(transport.aclose())


# ---------------------------------------------------------------- secrets


def test_keys_never_in_reprs_logs_or_exceptions(
    arun: Runner, connect: Connect, tz: Sim, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    good, wrong = connect(), connect(key="tzk_wrong_SECRET_value")
    errors: list[BaseException] = []
    tz.state.force("drop_after_apply", path="/v1/scheduling_requests", method="POST")
    arun(good.create_scheduling_request_once(new_request(), settle_delays=()))
    arun(good.scheduling_requests_for("pat.lee@example.com"))
    for call in (wrong.agents(), connect(key=READ_ONLY_KEY).create_scheduling_request(new_request())):
        with pytest.raises(ApiError) as info:
            arun(call)
        errors.append(info.value)
    texts = [repr(good), str(good), repr(wrong), repr(good._credential), caplog.text, json.dumps(tz.state.requests())]
    for error in errors:
        texts += [str(error), repr(error), repr(vars(error)), "".join(traceback.format_exception(error))]
    for record in caplog.records:
        texts += [record.getMessage(), repr(record.args)]
    blob = "\n".join(texts)
    for secret in (KEY, "tzk_wrong_SECRET_value", READ_ONLY_KEY, "Bearer "):
        assert secret not in blob, secret
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("hsconsole")]
    assert ours and not any("pat.lee" in line for line in ours)  # our log lines carry no filter (emails), any encoding
    assert any(r.name == "hsconsole.network" for r in caplog.records)
    with pytest.raises(TypeError):
        pickle.dumps(good._credential)


# ---------------------------------------------------------------- a server that takes dates only

READINGS = pytest.mark.parametrize(
    ("dates_only", "whole_days"),
    [(False, False), (True, False), (True, True), (False, True)],
    ids=["epoch", "dates-as-midnight", "dates-as-whole-days", "epoch-and-whole-days"],
)


def refusals(tz: Sim) -> list[dict[str, Any]]:
    return [e for e in tz.log("GET", "/v1/scheduling_requests") if e["status"] == 400]


def test_dates_only_sim_refuses_epoch_seconds_and_reads_days(tz: Sim) -> None:
    created = {t["id"]: t["created_at"] for t in tz.state.scheduling_requests_json()}
    day = (NOW - timedelta(days=7)).date()
    start = epoch(datetime.combine(day, time(0), UTC))

    def listed(text: str) -> tuple[int, set[str]]:
        answer = tz.api(path="/v1/scheduling_requests", params={"filter": text})
        ids: set[str] = set()
        while answer.status_code == 200:
            ids |= {t["id"] for t in answer.json()["data"]}
            if not answer.json()["next_page"]:
                break
            answer = httpx.get(answer.json()["next_page"], headers={"Authorization": f"Bearer {KEY}"})
        return answer.status_code, ids

    upto_day = f"scheduling_request.created_at~LTE~{day.isoformat()}"
    midnight = {i for i, at in created.items() if at <= start}
    whole = {i for i, at in created.items() if at <= start + 86399}
    assert midnight != whole  # requests are made in the afternoon: the reading matters
    assert listed(upto_day) == (200, midnight)
    assert listed(f"scheduling_request.created_at~LTE~{start}")[0] == 200
    tz.state.tql_dates_only = True
    assert listed(f"scheduling_request.created_at~LTE~{start}") == (400, set())
    assert listed(f"scheduling_request.created_at~GT~{start}~AND~scheduling_request.status~EQ~sent")[0] == 400
    assert listed(upto_day) == (200, midnight)
    assert listed("scheduling_request.status~EQ~sent")[0] == 200  # only time values are read differently
    tz.state.tql_whole_days = True
    assert listed(upto_day) == (200, whole)
    same_day = {i for i, at in created.items() if start <= at <= start + 86399}
    assert same_day and listed(f"scheduling_request.created_at~EQ~{day.isoformat()}") == (200, same_day)
    after = {i for i, at in created.items() if at > start + 86399}
    assert listed(f"scheduling_request.created_at~GT~{day.isoformat()}") == (200, after)


def test_widen_to_dates_covers_the_instants_under_either_reading_of_a_date() -> None:
    since = datetime(2026, 2, 10, 15, 30, 5, tzinfo=UTC)
    until = datetime(2026, 2, 20, 23, 59, 59, tzinfo=UTC)
    query = F.STATUS.eq("sent") & F.CREATED_AT.gte(since) & F.CREATED_AT.lte(until) & F.SCHEDULED_AT.not_eq(since)
    dated, exact = tql.widen_to_dates(query)
    assert dated == (F.STATUS.eq("sent") & F.CREATED_AT.gte(date(2026, 2, 10)) & F.CREATED_AT.lte(date(2026, 2, 21)))
    assert exact == (F.CREATED_AT.gte(since), F.CREATED_AT.lte(until), F.SCHEDULED_AT.not_eq(since))
    on, bounds = tql.widen_to_dates(tql.where(F.SELECTED_START_TIME.eq(until)))
    assert on == F.SELECTED_START_TIME.gte(date(2026, 2, 20)) & F.SELECTED_START_TIME.lte(date(2026, 2, 21))
    assert tql.widen_to_dates(tql.where(F.SCHEDULED_AT.not_eq(since))) == (None, (F.SCHEDULED_AT.not_eq(since),))
    assert tql.widen_to_dates(tql.where(F.CREATED_AT.gte(date(2026, 2, 1)))) == (
        tql.where(F.CREATED_AT.gte(date(2026, 2, 1))),
        (),
    )
    assert [tql.time_holds(bounds[0], at) for at in (until, until + timedelta(seconds=1), None)] == [
        True,
        False,
        False,
    ]
    assert tql.time_holds(F.SCHEDULED_AT.not_eq(since), None)
    with pytest.raises(ValueError, match="not compared with epoch seconds"):
        tql.time_holds(F.CREATED_AT.gte(date(2026, 2, 1)), since)


@READINGS
def test_the_team_report_lists_exactly_the_period_under_every_reading(
    arun: Runner, client: TimeZestClient, tz: Sim, dates_only: bool, whole_days: bool
) -> None:
    tz.state.tql_dates_only, tz.state.tql_whole_days = dates_only, whole_days
    truth = tz.state.scheduling_requests_json()
    periods = [
        (NOW - timedelta(days=20, hours=3, minutes=7), NOW - timedelta(days=6, hours=5, seconds=11)),
        (datetime(2026, 2, 9, tzinfo=UTC), datetime(2026, 2, 15, 23, 59, 59, tzinfo=UTC)),
    ]
    # Bounds on a request's very second count in (GTE/LTE):
    edge = truth[len(truth) // 2]["created_at"]
    periods.append((datetime.fromtimestamp(edge, UTC), datetime.fromtimestamp(edge, UTC)))
    for start, end in periods:
        expected = [t["id"] for t in truth if epoch(start) <= t["created_at"] <= epoch(end)]
        got = arun(client.scheduling_requests_between(start, end))
        assert expected and [r.id for r in got] == expected, (start, end)
    assert client.dates_only is dates_only
    assert len(refusals(tz)) == (1 if dates_only else 0)  # the later reports paid no refusal


@READINGS
def test_an_ambiguous_create_makes_one_link_under_every_reading(
    arun: Runner, connect: Connect, tz: Sim, dates_only: bool, whole_days: bool
) -> None:
    tz.state.tql_dates_only, tz.state.tql_whole_days = dates_only, whole_days
    client = connect(read_timeout=0.3)
    tz.state.force("drop_after_apply", path="/v1/scheduling_requests", method="POST")
    landed = arun(client.create_scheduling_request_once(new_request(), settle_delays=()))
    (only,) = mine(tz, "pat.lee@example.com")
    assert landed.recovered and landed.sends == 1 and landed.request.id == only["id"]
    # A request of the same homeowner earlier the same day is not taken for the new one:
    tz.state.advance(timedelta(hours=2))
    tz.state.force("timeout", path="/v1/scheduling_requests", method="POST")
    lost = arun(client.create_scheduling_request_once(new_request(), settle_delays=(0.01,)))
    assert not lost.recovered and lost.sends == 2 and lost.request.id != only["id"]
    assert len(mine(tz, "pat.lee@example.com")) == 2 and len(tz.log("POST")) == 3
    assert len(refusals(tz)) == (1 if dates_only else 0)


def test_a_filter_refused_for_another_reason_is_asked_as_dates_once_then_said(
    arun: Runner, client: TimeZestClient, tz: Sim, monkeypatch: pytest.MonkeyPatch
) -> None:
    tz.state.tql_dates_only = True
    real = tql.Filter.to_tql
    monkeypatch.setattr(tql.Filter, "to_tql", lambda self: real(self) + "~AND~scheduling_request.nickname~EQ~x")
    error = raises(arun, client.scheduling_requests_between(NOW - timedelta(days=3), NOW), TimeZestFilterError)
    assert error.status == 400 and "dates alike" in str(error)
    assert len(refusals(tz)) == 2 and not client.dates_only  # one retry with dates, then the error
    raises(arun, client.scheduling_requests(F.STATUS.eq("sent")), TimeZestFilterError)
    assert len(refusals(tz)) == 3  # no epoch value: not asked again
    # During the no-duplicate lookup an unreadable filter leaves the create unsettled; it is never sent again:
    tz.state.force("drop_after_apply", path="/v1/scheduling_requests", method="POST")
    unsettled = raises(
        arun, client.create_scheduling_request_once(new_request(), settle_delays=()), UncertainCreateError
    )
    assert unsettled.sends == 1 and len(tz.log("POST")) == 1 and len(mine(tz, "pat.lee@example.com")) == 1


# ---------------------------------------------------------------- the Test button under every reading

SWITCHES = ("lenient_create", "tql_dates_only", "tql_whole_days", "pod_without_url", "pod_unavailable")


EVERY_READING = [(), *((name,) for name in SWITCHES), SWITCHES]


@pytest.mark.parametrize("switches", EVERY_READING, ids=lambda s: "+".join(s) or "none")
def test_the_test_button_creates_nothing_under_every_reading(
    arun: Runner, connect: Connect, tz: Sim, switches: tuple[str, ...]
) -> None:
    assert set(SWITCHES) <= set(inspect.signature(TimeZestState).parameters)  # each a constructor switch
    for name in switches:
        setattr(tz.state, name, True)
    before = tz.state.scheduling_requests_json()
    writer, reader = connect(), connect(key=READ_ONLY_KEY)
    assert arun(writer.check(probe_write=True)).can_write is True
    assert arun(reader.check(probe_write=True)).can_write is False
    assert [(e["body"], e["status"]) for e in tz.log("POST")] == [([], 400), ([], 403)]
    assert tz.state.scheduling_requests_json() == before and not tz.state.emails()

"""A local simulator of the TimeZest REST API (``/v1/...``), strict to the fact sheet.

:class:`TimeZestState` holds the account (agents, teams, appointment types,
scheduling requests), the keys, the sim clock, the rate limit, forced faults
and the request log; it is thread-safe (one re-entrant lock), so the ASGI app
on the server thread and a test on the main thread can share it.
:func:`create_app` serves it with Starlette::

    state = TimeZestState()
    with AppServer(lambda stopping: create_app(state, stopping)) as server:
        httpx.get(f"{server.url}/v1/agents", headers={"Authorization": f"Bearer {state.api_key}"})

or ``with TimeZestServer(now=...) as sim:`` (the same, with ``sim.state``,
``sim.api_key``, ``sim.api_base``).

Filters are read with :func:`hsconsole.api.timezest.tql.parse`, the parser that
round-trips the console's own builder. Every behaviour, and every choice made
where ``../shared/integrations/timezest.md`` is silent, is written down in
``TIMEZEST.md`` beside this file.
"""

from __future__ import annotations

import copy
import enum
import hmac
import json
import math
import random
import re
import string
import threading
import urllib.parse
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hsconsole.api.timezest.tql import Filter, Kind, Op, Predicate, parse
from hsconsole.sim.common import (
    Forced,
    RequestLog,
    SlidingWindows,
    pop_forced,
)
from hsconsole.sim.heavyset.data import DEFAULT_SEED, DEFAULT_TOKEN

API_PREFIX = "/v1"
READ_ONLY_KEY = "tz_readonly_demo_key"
"""A documented read-only key: reads work, every write gets 403."""
PAGE_SIZE = 20
RATE_LIMIT = 180
RATE_WINDOW_S = 60.0
SCHEDULING_ORIGIN = "https://heavyset-demo.timezest.com"
"""Where the simulated booking links point (they are not served)."""

ERR_UNAUTHORIZED = "Unauthorized. No valid API key provided"
ERR_FORBIDDEN = "Unauthorized. The provided API key does not have sufficient permission to perform this action."
ERR_FILTER = "Unable to parse filter URL parameter"
ERR_RESOURCE_IDS = "The resource IDs parameter must be an array."
ERR_RATE = "Rate Limit Exceeded"
ERR_SERVER = "Internal Server Error"
ERR_BOTH_CURSORS = "The starting_after and ending_before parameters cannot be used together."
ERR_NOT_FOUND = "Not Found"

NOT_FOUND_PAGE = (
    "<!DOCTYPE html>\n<html>\n<head><title>The page you were looking for doesn't exist (404)</title></head>\n"
    "<body><h1>The page you were looking for doesn't exist.</h1>\n"
    "<p>You may have mistyped the address or the page may have moved.</p></body>\n</html>\n"
)
"""What an unknown route answers: an HTML page, not JSON (CODE-obs, WYRE)."""

FAULTS: tuple[str, ...] = ("429", "500", "drop", "drop_after_apply", "timeout")
"""What :meth:`TimeZestState.force` may queue."""

STATUSES = ("new", "sent", "scheduled", "cancelled", "closed")
TRIGGER_MODES = ("pod", "generate_url")
ENTITY_TYPES = (
    "autotask/company",
    "autotask/contact",
    "autotask/ticket",
    "connectwise_psa/company",
    "connectwise_psa/contact",
    "connectwise_psa/project_ticket",
    "connectwise_psa/service_ticket",
)
"""The associated-entity types the docs list (DOC)."""

_BASE62 = string.ascii_letters + string.digits
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HMS = re.compile(r"\d{2}:\d{2}:\d{2}")
_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles")


class KeyScope(enum.Enum):
    """What a key may do (DOC: exactly two permission levels)."""

    READ_WRITE = "read_write"
    READ_ONLY = "read_only"


class TzError(Exception):
    """A refusal: ``status`` and the ``{"error": message}`` body (or the HTML 404 page)."""

    def __init__(self, status: int, message: str, *, html: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.html = html


# ---------------------------------------------------------------- the seeded account

AGENTS: tuple[dict[str, Any], ...] = (
    {"id": "agnt_7qLmZ2vR9xKc4TnWb1PdE", "name": "Morgan Reyes", "email": "morgan.reyes@heavyset-demo.example",
     "role": "administrator", "schedulable": True, "two_factor_enabled": True, "url_slug": "morgan-reyes",
     "created_at": 1709312402, "updated_at": 1718035200},
    {"id": "agnt_3HbN8sYtUe6Jm0QaLwCxF", "name": "Jordan Blake", "email": "jordan.blake@heavyset-demo.example",
     "role": "user", "schedulable": True, "two_factor_enabled": False, "url_slug": "jordan-blake",
     "created_at": 1712345678, "updated_at": 1712345678},
    {"id": "agnt_Vk5Rf1Gp8ZcT2oXy9MnBs", "name": "Casey Nguyen", "email": "casey.nguyen@heavyset-demo.example",
     "role": "user", "schedulable": True, "two_factor_enabled": True, "url_slug": "casey-nguyen",
     "created_at": 1715001234, "updated_at": 1721000000},
    {"id": "agnt_Pw4Dj7Lq2Hs9Ek1Tz6UaC", "name": "Riley Okoro", "email": "riley.okoro@heavyset-demo.example",
     "role": "user", "schedulable": True, "two_factor_enabled": False, "url_slug": "riley-okoro",
     "created_at": 1719876543, "updated_at": 1719876543},
    {"id": "agnt_Xc0Ym3Bn6Ov8Ir5Qe2WtG", "name": "Avery Patel", "email": "avery.patel@heavyset-demo.example",
     "role": "user", "schedulable": True, "two_factor_enabled": False, "url_slug": "avery-patel",
     "created_at": 1727000000, "updated_at": 1730000000},
    {"id": "agnt_Sa9Fd2Gh5Jk8Lz1Xc4VbN", "name": "Sam Whitaker", "email": "sam.whitaker@heavyset-demo.example",
     "role": "user", "schedulable": False, "two_factor_enabled": False, "url_slug": None,
     "created_at": 1735000000, "updated_at": 1736000000},
)  # fmt: skip
"""Agents; Sam Whitaker has no licence (``schedulable: false``) and is not a resource."""

TEAMS: tuple[dict[str, Any], ...] = (
    {"id": "team_4RtYu7IoP0aSdF3gHjK6lZ", "internal_name": "Roofing Estimators", "external_name": "Roofing Team",
     "team_type": "timezest/team", "url_slug": "roofing", "created_at": 1710000000, "updated_at": 1710000000},
    {"id": "team_9XcVb2NmQ5wErT8yUi1oPa", "internal_name": "Solar Advisors", "external_name": "Solar Consultants",
     "team_type": "connectwise/service", "url_slug": "solar", "created_at": 1716000000, "updated_at": 1722000000},
    {"id": "team_1LkJh4GfD7sAqW0eRt3YuI", "internal_name": "Install Coordinators", "external_name": None,
     "team_type": "connectwise/project", "url_slug": "install", "created_at": 1725000000, "updated_at": 1725000000},
    {"id": "team_0ZxCv3BnM6aSd9FgH2jKlQ", "internal_name": "Legacy Dispatch", "external_name": None,
     "team_type": "timezest/team", "url_slug": None, "created_at": 1704067200, "updated_at": 1706745600},
)  # fmt: skip
"""Teams; "Legacy Dispatch" is deleted: ``/v1/teams`` still lists it, ``/v1/resources`` does not (CODE-obs)."""

DELETED_TEAMS = frozenset({"team_0ZxCv3BnM6aSd9FgH2jKlQ"})
TEAM_MEMBERS: dict[str, tuple[str, ...]] = {
    "team_4RtYu7IoP0aSdF3gHjK6lZ": ("agnt_3HbN8sYtUe6Jm0QaLwCxF", "agnt_Pw4Dj7Lq2Hs9Ek1Tz6UaC"),
    "team_9XcVb2NmQ5wErT8yUi1oPa": ("agnt_Vk5Rf1Gp8ZcT2oXy9MnBs", "agnt_Xc0Ym3Bn6Ov8Ir5Qe2WtG"),
    "team_1LkJh4GfD7sAqW0eRt3YuI": ("agnt_7qLmZ2vR9xKc4TnWb1PdE", "agnt_Xc0Ym3Bn6Ov8Ir5Qe2WtG"),
    "team_0ZxCv3BnM6aSd9FgH2jKlQ": ("agnt_7qLmZ2vR9xKc4TnWb1PdE",),
}

APPOINTMENT_TYPES: tuple[dict[str, Any], ...] = (
    {"id": "apty_5PaeMtjEnUg3WEHmiBqDeA", "internal_name": "In-Home Estimate [Roofing]",
     "external_name": "Free Roof Inspection", "duration_mins": 60, "url_slug": "roof-inspection",
     "created_at": 1709400000, "updated_at": 1718000000},
    {"id": "apty_2s211C0S1I5gqIaA8wbDu6", "internal_name": "Solar Consultation (Virtual)",
     "external_name": "Solar Savings Consultation", "duration_mins": 45, "url_slug": "solar-consult",
     "created_at": 1712000000, "updated_at": 1712000000},
    {"id": "apty_8WnQ4eRt6YuI0oPaS2dFgH", "internal_name": "Window & Door Estimate",
     "external_name": None, "duration_mins": 60, "url_slug": "windows",
     "created_at": 1720000000, "updated_at": 1720000000},
    {"id": "apty_3JkL7zXc1VbN5mQwE9rTyU", "internal_name": "Follow-up Call",
     "external_name": "Follow-up Phone Call", "duration_mins": 15, "url_slug": "follow-up",
     "created_at": 1726000000, "updated_at": 1726000000},
)  # fmt: skip

DEMO_END_USERS: tuple[tuple[str, str, str, str, int, str], ...] = (
    # name, email, zone, appointment type, days ago, outcome
    ("Jane Doe", "jane@example.com", "America/Denver", "apty_2s211C0S1I5gqIaA8wbDu6", 4, "scheduled"),
    ("Carlos Ramirez", "carlos.ramirez@example.com", "America/Phoenix", "apty_5PaeMtjEnUg3WEHmiBqDeA", 1, "sent"),
    ("Tom Okafor", "tom.okafor@example.com", "America/Los_Angeles", "apty_5PaeMtjEnUg3WEHmiBqDeA", 9, "cancelled"),
    ("Priya Natarajan", "priya.n@example.com", "America/Chicago", "apty_3JkL7zXc1VbN5mQwE9rTyU", 15, "closed"),
)
"""Requests for the HeavySet simulator's demo leads (same names and emails), so the lead view has something."""

_FIRST = (
    "Alex", "Brooke", "Chris", "Dana", "Eli", "Fatima", "Grace", "Hector", "Ivy", "Jamal", "Kira", "Luis", "Maya",
    "Noah", "Olga", "Pete", "Quinn", "Rosa", "Sean", "Tara", "Uma", "Vic", "Wes", "Yara", "Zane",
)  # fmt: skip
_LAST = (
    "Adams", "Baker", "Chavez", "Dunn", "Ellis", "Flores", "Grant", "Hughes", "Ibarra", "Jensen", "Khan", "Lopez",
    "Mills", "Nash", "Ortiz", "Price", "Reed", "Soto", "Tran", "Vance", "Wu", "O'Neil", "Van Dyke",
)  # fmt: skip


def _epoch(moment: datetime) -> int:
    return math.floor(moment.timestamp())


def _random_id(rng: random.Random, prefix: str, length: int = 21) -> str:
    return prefix + "".join(rng.choice(_BASE62) for _ in range(length))


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class _SchedulingRequest:
    """One scheduling request and its planned life (``timeline``: status → when)."""

    id: str
    appointment_type_id: str
    trigger_mode: str
    resource_ids: list[str]
    created_at: int
    duration_mins: int
    scheduling_url: str
    end_user_name: str | None = None
    end_user_email: str | None = None
    end_user_company: str | None = None
    earliest_date: str | None = None
    earliest_time: str | None = None
    latest_date: str | None = None
    latest_time: str | None = None
    associated_entities: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[tuple[str, int]] = field(default_factory=list)
    selected_start_time: int | None = None
    selected_time_zone: str | None = None
    scheduled_agent_id: str | None = None

    def status_at(self, now: int) -> tuple[str, int]:
        """The status at ``now`` and when it began (the request is ``new`` before its first step)."""
        current = ("new", self.created_at)
        for status, at in self.timeline:
            if at <= now:
                current = (status, at)
        return current

    def scheduled_at(self, now: int) -> int | None:
        return next((at for status, at in self.timeline if status == "scheduled" and at <= now), None)


# ---------------------------------------------------------------- faults and the log


@dataclass
class ForcedFault(Forced):
    """One forced outcome (one of :data:`FAULTS`) for the next API request matching ``path`` and ``method``."""

    def __post_init__(self) -> None:
        if self.outcome not in FAULTS:
            raise ValueError(f"a fault is one of {', '.join(FAULTS)}")


# ---------------------------------------------------------------- the state


class TimeZestState(RequestLog):
    """The simulated TimeZest account, shared by the routes (thread-safe).

    Args:
        api_key: the read/write key (default: the HeavySet simulator's token,
            so ``--token`` is valid everywhere).
        read_only_key: a key that reads and gets 403 on every write.
        seed: seed of the demo data, ids and the homeowners' behaviour.
        now: freeze the sim clock at this instant (default: it follows the
            real clock). The demo requests are laid out over the 4 weeks
            before the clock at construction (and at :meth:`reset`).
        rate_limit: requests per ``rate_window_s`` for the whole account
            (all keys together); 0 or None turns it off.
        hang_s: how long a ``timeout`` fault holds a request.
        lenient_create: a create may leave out what the docs do not say is required (the appointment type, the
            resources, the trigger mode): the account's first ones stand in ("which fields are truly required
            is MISSING from the docs").
        tql_dates_only: a time attribute compared with epoch seconds is refused as an unreadable filter; only
            dates are taken (the docs' examples compare times with dates only: ``selected_start_time GTE
            2023-07-01``).
        pod_without_url: a ``pod`` request carries no ``scheduling_url`` (null): TimeZest's workflow emails the
            link itself (the sheet: ``generate_url`` "returns a booking link", ``pod`` "runs the PSA/pod workflow").
        pod_unavailable: ``trigger_mode: "pod"`` is refused as not one of the modes this account takes (an
            account whose workflow cannot run; the docs' Create section was not visible).
        tql_whole_days: a date compared with a time attribute names the whole UTC day (``LTE 2023-08-01`` takes
            all of August 1st, ``GT`` it starts on the 2nd) instead of that day's 00:00 UTC (the docs show
            dates and leave what they mean unsaid).
    """

    def __init__(
        self,
        api_key: str = DEFAULT_TOKEN,
        *,
        read_only_key: str = READ_ONLY_KEY,
        seed: int = DEFAULT_SEED,
        now: datetime | None = None,
        rate_limit: int | None = RATE_LIMIT,
        rate_window_s: float = RATE_WINDOW_S,
        hang_s: float = 30.0,
        max_log: int = 10_000,
        lenient_create: bool = False,
        tql_dates_only: bool = False,
        tql_whole_days: bool = False,
        pod_without_url: bool = False,
        pod_unavailable: bool = False,
    ) -> None:
        if not api_key or not api_key.strip():
            raise ValueError("api_key must not be empty")
        if read_only_key == api_key:
            raise ValueError("the read-only key must differ from the read/write key")
        if now is not None and now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        self._lock = threading.RLock()
        self.api_key = api_key
        self.read_only_key = read_only_key
        self.seed = seed
        self.rate_limit = rate_limit
        self.rate_window_s = rate_window_s
        self.hang_s = hang_s
        self.lenient_create = lenient_create
        self.tql_dates_only = tql_dates_only
        self.tql_whole_days = tql_whole_days
        self.pod_without_url = pod_without_url
        self.pod_unavailable = pod_unavailable
        self.latency_ms = 0
        self._fixed_now = now.astimezone(UTC) if now is not None else None
        self._offset = timedelta(0)
        self._log: deque[dict[str, Any]] = deque(maxlen=max_log)
        self._rate = SlidingWindows()
        self._reset_locked()

    # ------------------------------------------------------------ clock and reset

    def now(self) -> datetime:
        """The sim clock (frozen, or the real clock moved by :meth:`advance`)."""
        with self._lock:
            if self._fixed_now is not None:
                return self._fixed_now
            return datetime.now(UTC) + self._offset

    def epoch(self) -> int:
        return _epoch(self.now())

    def set_clock(self, now: datetime | None) -> datetime:
        """Freeze the clock at ``now`` (aware), or with None follow the real clock again."""
        with self._lock:
            if now is not None and now.tzinfo is None:
                raise ValueError("now must be an aware datetime")
            self._fixed_now = now.astimezone(UTC) if now is not None else None
            self._offset = timedelta(0)
            return self.now()

    def advance(self, delta: timedelta | float) -> datetime:
        """Move the clock forward (seconds or a timedelta); statuses move with it."""
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        with self._lock:
            if self._fixed_now is not None:
                self._fixed_now += step
            else:
                self._offset += step
            return self.now()

    def reset(self) -> None:
        """Back to the seeded account (laid out from the current clock); faults, log and rate window cleared."""
        with self._lock:
            self._reset_locked()

    def _reset_locked(self) -> None:
        self._faults: list[ForcedFault] = []
        self._rate.clear()
        self._clear_log_locked()
        self._ids = random.Random(f"timezest-ids-{self.seed}")
        self._agents = [copy.deepcopy(a) | {"object": "agent"} for a in AGENTS]
        self._teams = [copy.deepcopy(t) | {"object": "team"} for t in TEAMS]
        self._types = [copy.deepcopy(t) | {"object": "appointment_type"} for t in APPOINTMENT_TYPES]
        self._requests: dict[str, _SchedulingRequest] = {}
        self._seed_requests(self.epoch())

    # ------------------------------------------------------------ seeding and the homeowners' behaviour

    def _new_id(self, prefix: str) -> str:
        while True:
            candidate = _random_id(self._ids, prefix)
            if candidate not in self._requests:
                return candidate

    def _resources(self) -> list[dict[str, Any]]:
        agents = [a for a in self._agents if a["schedulable"]]
        teams = [t for t in self._teams if t["id"] not in DELETED_TEAMS]
        return agents + teams

    def _resource(self, resource_id: str) -> dict[str, Any] | None:
        return next((r for r in self._resources() if r["id"] == resource_id), None)

    def _name_of(self, resource_id: str) -> str:
        for item in (*self._agents, *self._teams):
            if item["id"] == resource_id:
                return str(item.get("name") or item.get("internal_name"))
        return resource_id

    def _seed_requests(self, anchor: int) -> None:
        rng = random.Random(f"timezest-seed-{self.seed}")
        midnight = datetime.fromtimestamp(anchor, UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        agents = [a["id"] for a in self._agents if a["schedulable"]]
        teams = [t["id"] for t in self._teams]
        for days_ago in range(28, 0, -1):
            day = midnight - timedelta(days=days_ago)
            if day.weekday() >= 5:
                continue
            for _ in range(rng.randint(2, 5)):
                created = _epoch(day) + rng.randint(13 * 3600, 23 * 3600)
                first, last = rng.choice(_FIRST), rng.choice(_LAST)
                email = f"{first}.{last.replace(' ', '').replace(chr(39), '')}{rng.randint(1, 99)}@example.com".lower()
                if rng.random() < 0.75:
                    resources = [rng.choice(agents)]
                else:
                    resources = [rng.choice(teams[:3] if days_ago < 20 else teams)]
                entities: list[dict[str, Any]] = []
                if rng.random() < 0.2:
                    ticket = rng.randint(1000, 9999)
                    entities = [
                        {"type": "connectwise_psa/service_ticket", "id": ticket, "number": f"#{ticket}"},
                        {"type": "connectwise_psa/company", "id": rng.randint(200000, 209999)},
                    ]
                self._add_request(
                    created=created,
                    appointment_type_id=rng.choice(self._types)["id"],
                    resource_ids=resources,
                    name=f"{first} {last}",
                    email=email,
                    zone=rng.choice(_ZONES),
                    entities=entities,
                )
        for name, email, zone, type_id, days_ago, outcome in DEMO_END_USERS:
            created = _epoch(midnight - timedelta(days=days_ago)) + 15 * 3600 + 1234
            self._add_request(
                created=created,
                appointment_type_id=type_id,
                resource_ids=[agents[days_ago % len(agents)]],
                name=name,
                email=email,
                zone=zone,
                outcome=outcome,
            )

    def _add_request(
        self,
        *,
        created: int,
        appointment_type_id: str,
        resource_ids: list[str],
        name: str | None,
        email: str | None,
        zone: str,
        entities: list[dict[str, Any]] | None = None,
        outcome: str | None = None,
        trigger_mode: str = "generate_url",
        duration_mins: int | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> _SchedulingRequest:
        request_id = self._new_id("sreq_")
        default_duration = next(t["duration_mins"] for t in self._types if t["id"] == appointment_type_id)
        record = _SchedulingRequest(
            id=request_id,
            appointment_type_id=appointment_type_id,
            trigger_mode=trigger_mode,
            resource_ids=list(resource_ids),
            created_at=created,
            duration_mins=duration_mins or default_duration,
            scheduling_url=f"{SCHEDULING_ORIGIN}/schedule/{_random_id(self._ids, '', 16)}",
            end_user_name=name,
            end_user_email=email,
            associated_entities=list(entities or []),
            **dict(extra or {}),
        )
        self._plan(record, zone, outcome)
        self._requests[request_id] = record
        return record

    def _plan(self, record: _SchedulingRequest, zone: str, outcome: str | None) -> None:
        """The homeowner's behaviour, drawn from ``(seed, id)``: deterministic for a request."""
        rng = random.Random(f"timezest-plan-{self.seed}-{record.id}")
        created = record.created_at
        sent = created + rng.randint(60, 600)
        timeline = [("sent", sent)]
        if outcome is None:
            roll = rng.random()
            outcome = "scheduled" if roll < 0.6 else "cancelled" if roll < 0.72 else "closed" if roll < 0.84 else "sent"
        if outcome == "scheduled":
            chosen = sent + rng.randint(20 * 60, 2 * 86400)
            timeline.append(("scheduled", chosen))
            record.selected_time_zone = zone
            record.selected_start_time = _business_start(rng, chosen, zone)
            record.scheduled_agent_id = self._pick_agent(rng, record.resource_ids)
            if rng.random() < 0.12:
                latest = max(chosen + 3600, record.selected_start_time - 3600)
                timeline.append(("cancelled", rng.randint(chosen + 3600, max(chosen + 3601, latest))))
        elif outcome == "cancelled":
            timeline.append(("cancelled", sent + rng.randint(2 * 3600, 3 * 86400)))
        elif outcome == "closed":
            timeline.append(("closed", created + rng.randint(5 * 86400, 10 * 86400)))
        record.timeline = timeline

    def _pick_agent(self, rng: random.Random, resource_ids: list[str]) -> str:
        for resource_id in resource_ids:
            if resource_id.startswith("agnt_"):
                return resource_id
        for resource_id in resource_ids:
            members = TEAM_MEMBERS.get(resource_id)
            if members:
                return rng.choice(members)
        return str(next(a["id"] for a in self._agents if a["schedulable"]))

    # ------------------------------------------------------------ JSON views

    def _request_json(self, record: _SchedulingRequest, now: int) -> dict[str, Any]:
        status, since = record.status_at(now)
        scheduled_at = record.scheduled_at(now)
        booked = scheduled_at is not None
        agent = record.scheduled_agent_id
        return {
            "id": record.id,
            "object": "scheduling_request",
            "appointment_type_id": record.appointment_type_id,
            "status": status,
            "duration_mins": record.duration_mins,
            "end_user_name": record.end_user_name,
            "end_user_email": record.end_user_email,
            "scheduling_url": None if record.trigger_mode == "pod" and self.pod_without_url else record.scheduling_url,
            "scheduled_at": scheduled_at,
            "selected_start_time": record.selected_start_time if booked else None,
            "selected_time_zone": record.selected_time_zone if booked else None,
            "earliest_date": record.earliest_date,
            "earliest_time": record.earliest_time,
            "latest_date": record.latest_date,
            "latest_time": record.latest_time,
            "guests_list": [],
            "associated_entities": copy.deepcopy(record.associated_entities),
            "resources": [
                {"object": "agent" if rid.startswith("agnt_") else "team", "id": rid, "name": self._name_of(rid)}
                for rid in record.resource_ids
            ],
            "scheduled_agents": (
                [{"object": "agent", "id": agent, "name": self._name_of(agent)}] if booked and agent else []
            ),
            "created_at": record.created_at,
            "updated_at": since,
        }

    def scheduling_request_json(self, request_id: str) -> dict[str, Any] | None:
        """A request as the API shows it now (None when unknown)."""
        with self._lock:
            record = self._requests.get(request_id)
            return self._request_json(record, self.epoch()) if record is not None else None

    def scheduling_requests_json(self) -> list[dict[str, Any]]:
        """Every request as the API shows it now, newest first (the ground truth for tests)."""
        with self._lock:
            now = self.epoch()
            records = sorted(self._requests.values(), key=lambda r: (r.created_at, r.id), reverse=True)
            return [self._request_json(r, now) for r in records]

    def timeline(self, request_id: str) -> list[dict[str, Any]]:
        """The planned statuses of a request: ``[{"status", "at"}]`` from ``new`` at creation."""
        with self._lock:
            record = self._requests.get(request_id)
            if record is None:
                raise KeyError(request_id)
            steps = [("new", record.created_at), *record.timeline]
            return [{"status": status, "at": at} for status, at in steps]

    def emails(self) -> list[dict[str, Any]]:
        """The emails TimeZest sent end users by the sim clock, oldest first: ``[{"request", "to", "at"}]``.

        A ``pod`` request's workflow emails its end user at the request's ``sent``
        step; a ``generate_url`` request only returns its link, and nobody is emailed.
        """
        with self._lock:
            now = self.epoch()
            sent = [
                {"request": r.id, "to": r.end_user_email, "at": at}
                for r in self._requests.values()
                if r.trigger_mode == "pod" and r.end_user_email
                for status, at in r.timeline[:1]
                if status == "sent" and at <= now
            ]
            return sorted(sent, key=lambda e: (e["at"], e["request"]))

    # ------------------------------------------------------------ auth, rate limit, faults, log

    def auth(self, header: str | None) -> KeyScope | None:
        """The scope of ``Authorization: Bearer <key>``; None when missing or not a valid key."""
        if not header:
            return None
        scheme, _, key = header.strip().partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            return None
        given = key.encode()
        if hmac.compare_digest(given, self.api_key.encode()):
            return KeyScope.READ_WRITE
        if self.read_only_key and hmac.compare_digest(given, self.read_only_key.encode()):
            return KeyScope.READ_ONLY
        return None

    def rate_check(self) -> int | None:
        """Count one request for the account; None when allowed, else Retry-After seconds."""
        with self._lock:
            return self._rate.check("account", self.rate_limit, self.rate_window_s)

    def set_rate_limit(self, limit: int | None, window_s: float | None = None) -> None:
        with self._lock:
            if limit is not None and (not is_int(limit) or limit < 0):
                raise ValueError("rate_limit must be a non-negative integer or None")
            if window_s is not None and window_s <= 0:
                raise ValueError("rate_window_s must be positive")
            self.rate_limit = limit
            if window_s is not None:
                self.rate_window_s = window_s
            self._rate.clear()

    def force(self, outcome: str, *, path: str | None = None, method: str | None = None, times: int = 1) -> None:
        """Queue ``outcome`` (one of :data:`FAULTS`) for the next ``times`` matching API requests."""
        with self._lock:
            self._faults.extend(ForcedFault(outcome, path, method) for _ in range(times))

    def forced(self) -> list[dict[str, Any]]:
        with self._lock:
            return [f.to_json() for f in self._faults]

    def replace_forced(self, faults: list[ForcedFault]) -> None:
        """Replace the queue of forced faults (``POST /_sim/faults`` with ``force``)."""
        with self._lock:
            self._faults = list(faults)

    def clear_faults(self) -> None:
        """Empty the forced-fault queue and set ``latency_ms`` back to 0."""
        with self._lock:
            self._faults.clear()
            self.latency_ms = 0

    def next_fault(self, method: str, path: str) -> str | None:
        with self._lock:
            fault = pop_forced(self._faults, method, path)
            return fault.outcome if fault is not None else None

    def info(self) -> dict[str, Any]:
        with self._lock:
            counts: dict[str, int] = {}
            now = self.epoch()
            for record in self._requests.values():
                status = record.status_at(now)[0]
                counts[status] = counts.get(status, 0) + 1
            return {
                "now": self.now().isoformat(),
                "frozen": self._fixed_now is not None,
                "read_only_key": self.read_only_key,
                "agents": len(self._agents),
                "teams": len(self._teams),
                "appointment_types": len(self._types),
                "scheduling_requests": counts,
                "emails_sent": len(self.emails()),
                "rate_limit": self.rate_limit,
                "rate_window_s": self.rate_window_s,
                "forced": self.forced(),
                "latency_ms": self.latency_ms,
            }

    # ------------------------------------------------------------ the API operations

    def list_page(self, collection: str, params: Mapping[str, str], url: str) -> dict[str, Any]:
        """One page of ``collection`` for the query ``params``; ``url`` is the request's URL without query."""
        with self._lock:
            now = self.epoch()
            records = self._collection(collection)
            raw_filter = params.get("filter")
            query: Filter | None = None
            if raw_filter:
                try:
                    query = parse(raw_filter)
                except ValueError:
                    raise TzError(400, ERR_FILTER) from None
                if query.object != _FILTER_OBJECT[collection]:
                    raise TzError(400, ERR_FILTER)
                if self.tql_dates_only and any(
                    p.attribute.kind is Kind.TIME and not all(_DATE.fullmatch(v) for v in p.values) for p in query
                ):
                    raise TzError(400, ERR_FILTER)
            after, before = params.get("starting_after"), params.get("ending_before")
            if after and before:
                raise TzError(400, ERR_BOTH_CURSORS)
            ordered = sorted(records, key=lambda r: _sort_key(r), reverse=True)
            matching = [r for r in ordered if query is None or self._matches(collection, r, query, now)]
            if after or before:
                cursor_id = after or before
                cursor = next((r for r in ordered if _record_id(r) == cursor_id), None)
                if cursor is None:
                    parameter = "starting_after" if after else "ending_before"
                    raise TzError(400, f"No object with the id given in {parameter}.")
                key = _sort_key(cursor)
                if after:
                    page = [r for r in matching if _sort_key(r) < key][:PAGE_SIZE]
                else:
                    page = [r for r in matching if _sort_key(r) > key][-PAGE_SIZE:]
            else:
                page = matching[:PAGE_SIZE]
            base: dict[str, str] = {"filter": raw_filter} if raw_filter else {}
            next_page = previous_page = None
            if page:
                last, first = _sort_key(page[-1]), _sort_key(page[0])
                if any(_sort_key(r) < last for r in matching):
                    next_page = url + "?" + urllib.parse.urlencode({**base, "starting_after": _record_id(page[-1])})
                if any(_sort_key(r) > first for r in matching):
                    previous_page = url + "?" + urllib.parse.urlencode({**base, "ending_before": _record_id(page[0])})
            return {
                "object": "list",
                "next_page": next_page,
                "previous_page": previous_page,
                "data": [self._json(collection, r, now) for r in page],
            }

    def get_scheduling_request(self, request_id: str) -> dict[str, Any]:
        found = self.scheduling_request_json(request_id)
        if found is None:
            raise TzError(404, ERR_NOT_FOUND)
        return found

    def create_scheduling_request(self, body: Any) -> dict[str, Any]:
        """``POST /v1/scheduling_requests`` after auth: validate, create (status ``new``), return it."""
        with self._lock:
            fields = self._validate_create(body)
            record = self._add_request(created=self.epoch(), **fields)
            return self._request_json(record, self.epoch())

    def _validate_create(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise TzError(400, "The request body must be a JSON object.")
        if self.lenient_create:  # what is left out, the account's first ones stand in for
            body = {
                "resource_ids": [self._resources()[0]["id"]],
                "appointment_type_id": self._types[0]["id"],
                "trigger_mode": "generate_url",
                **body,
            }
        resource_ids = body.get("resource_ids")
        if not isinstance(resource_ids, list):
            raise TzError(400, ERR_RESOURCE_IDS)
        for item in resource_ids:
            if not isinstance(item, str) or self._resource(item) is None:
                raise TzError(400, f"Unknown resource ID: {item if isinstance(item, str) else json.dumps(item)}")
        if len(set(resource_ids)) != len(resource_ids):
            raise TzError(400, "A resource ID is listed more than once.")
        type_id = body.get("appointment_type_id")
        if not isinstance(type_id, str) or not type_id:
            raise TzError(400, "The appointment type ID parameter is required.")
        if not any(t["id"] == type_id for t in self._types):
            raise TzError(400, f"Unknown appointment type ID: {type_id}")
        trigger = body.get("trigger_mode")
        if trigger not in TRIGGER_MODES:
            raise TzError(400, "The trigger mode parameter must be one of: pod, generate_url.")
        if trigger == "pod" and self.pod_unavailable:
            raise TzError(400, "The trigger mode parameter must be one of: generate_url.")
        duration = body.get("duration_mins")
        if duration is not None and (not is_int(duration) or not 1 <= duration <= 1440):
            raise TzError(400, "The duration must be a whole number of minutes from 1 to 1440.")
        extra: dict[str, Any] = {}
        for name in ("end_user_name", "end_user_email", "end_user_company"):
            value = body.get(name)
            if value is not None and not isinstance(value, str):
                raise TzError(400, f"The {name} parameter must be a string.")
        email = body.get("end_user_email")
        if email is not None and "@" not in email:
            raise TzError(400, "The end_user_email parameter must be an email address.")
        for name in ("earliest_date", "latest_date"):
            value = body.get(name)
            if value is not None:
                if not isinstance(value, str) or not _DATE.fullmatch(value) or not _valid_date(value):
                    raise TzError(400, f"The {name} parameter must be a date (YYYY-MM-DD).")
                extra[name] = value
        for name in ("earliest_time", "latest_time"):
            value = body.get(name)
            if value is not None:
                if not isinstance(value, str) or not _HMS.fullmatch(value) or not _valid_time(value):
                    raise TzError(400, f"The {name} parameter must be a time (HH:MM:SS).")
                extra[name] = value
        if extra.get("earliest_date") and extra.get("latest_date") and extra["earliest_date"] > extra["latest_date"]:
            raise TzError(400, "The earliest_date must not be after the latest_date.")
        entities = body.get("associated_entities")
        if entities is None:
            entities = []
        if not isinstance(entities, list):
            raise TzError(400, "The associated entities parameter must be an array.")
        clean_entities: list[dict[str, Any]] = []
        for entity in entities:
            if not isinstance(entity, dict) or entity.get("type") not in ENTITY_TYPES:
                raise TzError(400, "Each associated entity needs a known type.")
            entity_id, number = entity.get("id"), entity.get("number")
            if (entity_id is not None and not is_int(entity_id)) or (
                number is not None and not isinstance(number, str)
            ):
                raise TzError(400, "An associated entity's id is a number and its number a string.")
            if entity_id is None and not number:
                raise TzError(400, "An associated entity needs an id or a number.")
            clean: dict[str, Any] = {"type": entity["type"]}
            if entity_id is not None:
                clean["id"] = entity_id
            if number:
                clean["number"] = number
            clean_entities.append(clean)
        if body.get("end_user_company") is not None:
            extra["end_user_company"] = body["end_user_company"]
        plan_rng = random.Random(f"timezest-zone-{self.seed}-{len(self._requests)}")
        return {
            "appointment_type_id": type_id,
            "resource_ids": list(resource_ids),
            "name": body.get("end_user_name"),
            "email": email,
            "zone": plan_rng.choice(_ZONES),
            "entities": clean_entities,
            "trigger_mode": trigger,
            "duration_mins": duration,
            "extra": extra,
        }

    # ------------------------------------------------------------ collections and TQL evaluation

    def _collection(self, name: str) -> list[Any]:
        if name == "agents":
            return list(self._agents)
        if name == "teams":
            return list(self._teams)
        if name == "appointment_types":
            return list(self._types)
        if name == "resources":
            return self._resources()
        return list(self._requests.values())

    def _json(self, collection: str, record: Any, now: int) -> dict[str, Any]:
        if isinstance(record, _SchedulingRequest):
            return self._request_json(record, now)
        return copy.deepcopy(dict(record))

    def _values(self, collection: str, record: Any, name: str, now: int) -> list[Any]:
        """The record's values for one attribute (several for ``agent``, ``team``, PSA fields)."""
        if isinstance(record, _SchedulingRequest):
            return _request_values(record, name, now)
        if collection == "resources":
            is_agent = record["object"] == "agent"
            if name == "internal_name":
                return [record["name"] if is_agent else record["internal_name"]]
            if name == "external_name":
                return [record["name"] if is_agent else record["external_name"]]
        return [record.get(name)]

    def _matches(self, collection: str, record: Any, query: Filter, now: int) -> bool:
        return all(
            _holds(
                p,
                [v for v in self._values(collection, record, p.attribute.name, now) if v is not None],
                whole_days=self.tql_whole_days,
            )
            for p in query
        )


_FILTER_OBJECT = {
    "agents": "agent",
    "teams": "team",
    "appointment_types": "appointment_type",
    "resources": "resource",
    "scheduling_requests": "scheduling_request",
}

_TICKET_TYPES: dict[str, tuple[str, ...]] = {
    "autotask_ticket_number": ("autotask/ticket",),
    "connectwise_psa_ticket_number": ("connectwise_psa/service_ticket", "connectwise_psa/project_ticket"),
    "connectwise_psa_project_ticket_number": ("connectwise_psa/project_ticket",),
    "connectwise_psa_service_ticket_number": ("connectwise_psa/service_ticket",),
}
_ID_TYPES: dict[str, str] = {
    "autotask_company_id": "autotask/company",
    "autotask_contact_id": "autotask/contact",
    "connectwise_psa_company_id": "connectwise_psa/company",
    "connectwise_psa_contact_id": "connectwise_psa/contact",
}


def _record_id(record: Any) -> str:
    return record.id if isinstance(record, _SchedulingRequest) else str(record["id"])


def _sort_key(record: Any) -> tuple[int, str]:
    if isinstance(record, _SchedulingRequest):
        return (record.created_at, record.id)
    return (int(record["created_at"]), str(record["id"]))


def _request_values(record: _SchedulingRequest, name: str, now: int) -> list[Any]:
    booked = record.scheduled_at(now) is not None
    if name == "status":
        return [record.status_at(now)[0]]
    if name == "created_at":
        return [record.created_at]
    if name == "scheduled_at":
        return [record.scheduled_at(now)]
    if name == "selected_start_time":
        return [record.selected_start_time if booked else None]
    if name == "agent":
        agents = [rid for rid in record.resource_ids if rid.startswith("agnt_")]
        if booked and record.scheduled_agent_id:
            agents.append(record.scheduled_agent_id)
        return agents
    if name == "team":
        return [rid for rid in record.resource_ids if rid.startswith("team_")]
    if name in _TICKET_TYPES:
        kinds = _TICKET_TYPES[name]
        return [e.get("number") for e in record.associated_entities if e["type"] in kinds]
    if name in _ID_TYPES:
        return [e.get("id") for e in record.associated_entities if e["type"] == _ID_TYPES[name]]
    if name in ("end_user_name", "end_user_email", "appointment_type_id"):
        return [getattr(record, name)]
    return []  # Halo PSA and ServiceNow: no entity types are documented, so nothing links to them


def _time_value(text: str) -> int:
    if _DATE.fullmatch(text):
        return _epoch(datetime.combine(date.fromisoformat(text), time(0), tzinfo=UTC))
    return int(text)


def _day_span(text: str) -> tuple[int, int] | None:
    """A date's first and last second (UTC); None for epoch seconds."""
    if not _DATE.fullmatch(text):
        return None
    start = _time_value(text)
    return start, start + 86399


def _holds(predicate: Predicate, values: list[Any], *, whole_days: bool = False) -> bool:
    """Whether a predicate holds for a record's (non-null) values of its attribute.

    With ``whole_days`` a date on a time attribute is the whole UTC day, else its 00:00 UTC.
    """
    kind, op, name = predicate.attribute.kind, predicate.op, predicate.attribute.name
    targets = predicate.values
    ticket = name in _TICKET_TYPES
    span = _day_span(targets[0]) if kind is Kind.TIME and whole_days else None

    def equal(value: Any, target: str, *, loose_ticket: bool) -> bool:
        if kind is Kind.BOOL:
            return value is (target == "true")
        if kind is Kind.TIME:
            if span is not None:
                return is_int(value) and span[0] <= value <= span[1]
            return is_int(value) and value == _time_value(target)
        if kind is Kind.NUMBER:
            return is_int(value) and value == int(target)
        if ticket and loose_ticket:
            return str(value).lstrip("#") == target.lstrip("#")
        return str(value) == target

    if op in (Op.EQ, Op.NOT_EQ):
        hit = any(equal(v, targets[0], loose_ticket=True) for v in values)
        return hit if op is Op.EQ else not hit
    if op in (Op.IN, Op.NOT_IN):
        hit = any(equal(v, t, loose_ticket=False) for v in values for t in targets)
        return hit if op is Op.IN else not hit
    if op in (Op.LIKE, Op.NOT_LIKE):
        needle = targets[0].casefold()
        hit = any(needle in str(v).casefold() for v in values)
        return hit if op is Op.LIKE else not hit
    numbers = [v for v in values if is_int(v)]
    if span is not None:  # the day's first second for a lower bound, its last for an upper one
        low, high = span
        if op is Op.GT:
            return any(v > high for v in numbers)
        if op is Op.GTE:
            return any(v >= low for v in numbers)
        if op is Op.LT:
            return any(v < low for v in numbers)
        return any(v <= high for v in numbers)
    bound = _time_value(targets[0]) if kind is Kind.TIME else int(targets[0])
    if op is Op.GT:
        return any(v > bound for v in numbers)
    if op is Op.GTE:
        return any(v >= bound for v in numbers)
    if op is Op.LT:
        return any(v < bound for v in numbers)
    return any(v <= bound for v in numbers)


def _valid_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_time(text: str) -> bool:
    try:
        time.fromisoformat(text)
    except ValueError:
        return False
    return True


def _business_start(rng: random.Random, after: int, zone_name: str) -> int:
    """A half-hour start 1–7 days after ``after``, on a weekday between 9:00 and 16:30 in ``zone_name``."""
    zone = ZoneInfo(zone_name)
    day = datetime.fromtimestamp(after, zone).date() + timedelta(days=rng.randint(1, 7))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    hour, half = rng.randint(9, 16), rng.choice((0, 30))
    return _epoch(datetime.combine(day, time(hour, half), tzinfo=zone))

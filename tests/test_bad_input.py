"""Malformed answers for every client endpoint, and bad input that never leaves the console.

Every answer comes over real HTTP from a :class:`SimServer` on 127.0.0.1 with
the simulator's ``malformed`` fault (``state.force_malformed``): JSON that is
almost right (hypothesis mutates the real shape of each answer), truncated
JSON, proxy HTML pages, empty and huge bodies. Whatever arrives, a client call
either returns a typed model whose fields are sane or raises an
:class:`ApiError` that ``describe`` turns into a readable sentence; never any
other exception, never a hang.

One simulator per test function, reused across hypothesis examples (forced
faults and the request log are reset per example); clients use one attempt
and a 2 s read timeout, so nothing is retried (retries are tested in
test_api_clients.py). Bugs these tests once found keep an exact
reproduction each (the "regressions" section).
"""

from __future__ import annotations

import copy
import json
import os
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, note, reject, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from hsconsole.api.errors import (
    AnswerTooLargeError,
    ApiError,
    AuthRejectedError,
    BadRequestError,
    DemoModeError,
    ForbiddenError,
    InProgressError,
    InvalidResponseError,
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
    TimeSlots,
)
from hsconsole.api.heavyset.s2s import S2SClient
from hsconsole.api.heavyset.zapier import ZapierClient
from hsconsole.api.transport import Transport
from hsconsole.domain.phones import InvalidPhoneError, normalize_phone
from hsconsole.domain.slots import is_known_zone
from hsconsole.sim import DEMO_PHONES, SimServer, SimState
from hsconsole.ui.messages import describe
from tests.helpers import Runner, api_requests, fast_transport, make_console

MONDAY = date(2026, 3, 2)
DENVER = DEMO_PHONES["denver_booked"]  # Jane Doe, Confirmed appointment
NEW_PHONE = "+13035552188"  # a Denver number the CRM does not know
CALL_TIMEOUT = 8.0
"""Seconds any one client call may take (the transport gives up after 2 s of silence)."""
EXTREME_ZONES = (ZoneInfo("Etc/GMT+12"), ZoneInfo("Pacific/Kiritimati"), ZoneInfo("America/New_York"))
"""UTC-12, UTC+14 and a DST zone: a setter anywhere must be able to see a lead's times."""

NOT_OK = "a Zapier answer that is not ok must be an error"
NEEDS_OTT = "the next calls need the one-time token"

EXAMPLES = int(os.environ.get("HSCONSOLE_BAD_INPUT_EXAMPLES", "30"))
"""Examples per property and endpoint; raise it for a deeper search (the suite keeps 30: ~20 s)."""

PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# ---------------------------------------------------------------- the rig


@dataclass
class Rig:
    """A simulator, clients on a one-attempt transport, and a one-time token with an open block."""

    sim: SimServer
    s2s: S2SClient
    zapier: ZapierClient
    transport: Transport
    ott: str
    block_id: str

    def reset(self) -> None:
        """Between hypothesis examples: no forced faults left, an empty request log."""
        self.sim.state.set_faults(force=[])
        self.sim.state.clear_requests()


@pytest.fixture
def rig(arun: Runner) -> Iterator[Rig]:
    with SimServer(today=MONDAY, rate_limit=0) as sim:
        token = sim.state.token
        created, _ = sim.state.submit_lead(token, {"phone": NEW_PHONE, "zip": "80202", "name": "Pat Lee"})
        ott = created["oneTimeToken"]
        open_slots = [s for s in sim.state.slots(token, ott)["slots"] if s["availableSlots"] > 0]
        transport = fast_transport(attempts=1, read_timeout=2.0)
        endpoints = Endpoints(sim.url)
        yield Rig(
            sim,
            S2SClient(transport, token, endpoints),
            ZapierClient(transport, token, endpoints),
            transport,
            ott,
            open_slots[0]["blockId"],
        )
        arun(transport.aclose())


# ---------------------------------------------------------------- the endpoints and their real shapes


def _seed_shapes() -> dict[str, Any]:
    """The real JSON of each answer, taken from a seeded simulator (no HTTP)."""
    state = SimState(today=MONDAY)
    token = state.token
    blocks = state.lead_blocks(DENVER, None, None)
    created, _ = state.submit_lead(token, {"phone": NEW_PHONE, "zip": "80202", "name": "Pat Lee"})
    slots = state.slots(token, created["oneTimeToken"])
    # three slots are enough to mutate (and keep the places to choose from few)
    blocks["slots"] = blocks["slots"][:3]
    slots["slots"] = slots["slots"][:3]
    booked, _ = state.book_appointment(
        token, {"oneTimeToken": created["oneTimeToken"], "blockId": slots["slots"][0]["blockId"]}
    )
    return {
        "query_phone": state.query_lead(DENVER),
        "blocks": blocks,
        "dispositions": state.dispositions_payload(),
        "update": state.query_lead(DENVER),
        "auth_test": state.auth_test_payload(),
        "submit_lead": created,
        "slots": slots,
        "book": booked,
    }


SEEDS = _seed_shapes()


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    """A substring of the route's path (with ``method``, it matches this call's one request)."""
    method: str
    model: type[BaseModel]
    call: Callable[[Rig], Awaitable[Any]]

    @property
    def seed(self) -> Any:
        """A fresh copy of the real answer's JSON."""
        return copy.deepcopy(SEEDS[self.name])

    def __str__(self) -> str:
        return self.name


ENDPOINTS = [
    Endpoint("query_phone", "/phone/query", "GET", ExistingLead, lambda r: r.s2s.query_phone(DENVER)),
    Endpoint("blocks", "/phone/query/blocks", "GET", TimeSlots, lambda r: r.s2s.blocks(DENVER)),
    Endpoint("dispositions", "/phone/query/dispositions", "GET", Dispositions, lambda r: r.s2s.dispositions()),
    Endpoint(
        "update",
        "/phone/update",
        "PATCH",
        ExistingLead,
        lambda r: r.s2s.update(PhoneUpdate(phone=DENVER, append_comment="Called back.")),
    ),
    Endpoint("auth_test", "/zaps/auth-test", "GET", AuthTestResult, lambda r: r.zapier.auth_test()),
    Endpoint(
        "submit_lead",
        "/zaps/lead",
        "POST",
        LeadCreated,
        lambda r: r.zapier.submit_lead(LeadSubmission(phone="+13035552199", zip="80202", name="Sam Roe")),
    ),
    Endpoint("slots", "/zaps/slots", "GET", SlotsResult, lambda r: r.zapier.slots(r.ott)),
    Endpoint(
        "book",
        "/zaps/appointment",
        "POST",
        AppointmentResult,
        lambda r: r.zapier.book(AppointmentRequest(block_id=r.block_id, one_time_token=r.ott)),
    ),
]
by_endpoint = pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)


def _endpoint(name: str) -> Endpoint:
    return next(e for e in ENDPOINTS if e.name == name)


# ---------------------------------------------------------------- near-valid JSON

HUGE_STRING = "Ж" * 60_000 + "A" * 60_000  # ~180 KB of UTF-8: big, and not only ASCII

_json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    _json_leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=10,
)
"""Any JSON value (small)."""

NASTY: list[Any] = [
    None,
    "",
    " ",
    0,
    -1,
    -(2**63),
    2**64,
    0.5,
    1e308,
    True,
    False,
    [],
    {},
    [None],
    "null",
    "false",
    "0",
    # dates and datetimes that are impossible, offset-less or at the ends of the calendar
    "2025-02-30",
    "2025-13-01",
    "2025-00-10",
    "0000-00-00",
    "2025-02-30T10:00:00.000Z",
    "2025-03-14T25:61:00.000Z",
    "2025-03-14T20:25:31",
    "2025-03-14",
    "14/03/2025",
    "0001-01-01T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z",
    "0001-01-01",
    "9999-12-31",
    # zones that do not exist
    "Mars/Base",
    "America/Nowhere",
    "UTC+5",
    "america/denver",
    " America/Denver",
    "../../../etc/passwd",
    "America",  # a folder of the zone database, not a zone
    "x" * 300,  # longer than a file name may be
    # wall times that are not "h:mm AM"
    "25:00 PM",
    "0:00 AM",
    "10:60 AM",
    "noon",
    "10:00",
    # text to make a UI wince
    "<script>alert(1)</script>",
    "\x00\x1b[2J",
    "\u202eevil",
    "😀" * 50,
    HUGE_STRING,
]
"""Values that break a field in the ways a real server or proxy might."""

nasty_values = st.sampled_from(NASTY).map(copy.deepcopy)
"""A fresh copy each draw: :func:`near_valid` edits what it placed (a shared ``[None]`` once became a list
holding itself, and every later example drew from the changed list)."""


any_value = st.one_of(nasty_values, json_values)

Path = tuple[str | int, ...]


def _paths(value: Any, prefix: Path = ()) -> list[Path]:
    """Every place inside ``value`` (object keys, list items), outermost first."""
    found: list[Path] = []
    items: list[tuple[str | int, Any]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for key, child in items:
        found.append((*prefix, key))
        found.extend(_paths(child, (*prefix, key)))
    return found


def _at(value: Any, path: Path) -> Any:
    for key in path:
        value = value[key]
    return value


def _with(seed: Any, path: Path, value: Any = ...) -> Any:
    """A copy of ``seed`` with ``path`` set to ``value`` (``...``: dropped)."""
    body = copy.deepcopy(seed)
    parent = _at(body, path[:-1])
    if value is ...:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return body


@st.composite
def near_valid(draw: st.DrawFn, seed: Any) -> Any:
    """``seed`` with one to three fields dropped or replaced (rarely: anything at all)."""
    if draw(st.integers(0, 24)) == 0:
        return draw(any_value)
    body = copy.deepcopy(seed)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(body)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _at(body, path[:-1]), path[-1]
        if draw(st.sampled_from(["drop", "set", "set"])) == "drop":
            del parent[key]
        else:
            parent[key] = draw(any_value)
    return body


def _wire_names(model: type[BaseModel]) -> set[str]:
    return {info.alias or name for name, info in model.model_fields.items()}


# ---------------------------------------------------------------- what a good outcome is


def check_model(result: Any, endpoint: Endpoint) -> None:
    """A model that came back must be one the rest of the console can use safely."""
    assert isinstance(result, endpoint.model)
    if isinstance(result, ExistingLead):
        assert isinstance(result.phone, str)
        for value in (result.created_date, result.appointment_start, result.appointment_end):
            if value is not None:
                assert value.utcoffset() is not None
                for zone in EXTREME_ZONES:  # the setter's local time of it can be shown
                    value.astimezone(zone)
        zone_name = (result.model_extra or {}).get("timeZone")
        if isinstance(zone_name, str):
            is_known_zone(zone_name)  # the console asks this of the extra field: it must answer
    if isinstance(result, TimeSlots):
        assert result.time_zone is None or is_known_zone(result.time_zone)
        # blocks with no zone wait for the lead's (TimeSlots.with_zone): without one they are left out, said so
        placed = result.with_zone(None, "nowhere")
        assert not placed.zone_missing
        assert len(placed.skipped) == len(result.skipped) + (len(result.slots) - len(placed.slots))
        for slot in placed.slots:
            zone = slot.zone_name(placed.time_zone)
            assert zone is not None and is_known_zone(zone)
            assert isinstance(slot.appointment_date, date) and slot.available_slots >= 0
            window = slot.window(placed.time_zone)  # the calendar does this with every slot
            assert window.start.utc <= window.end.utc
    if isinstance(result, Dispositions):
        assert all(isinstance(reason, str) for reason in result.not_qualified_reasons)
    if isinstance(result, (AuthTestResult, LeadCreated, SlotsResult, AppointmentResult)):
        assert result.ok is True, NOT_OK
    if isinstance(result, LeadCreated):
        assert result.one_time_token, NEEDS_OTT


def check_error(exc: ApiError, rig: Rig, *, json_body: bool, endpoint: Endpoint | None = None) -> str:
    """A typed error with a readable sentence that never shows a token; returns the sentence."""
    text = describe(exc)
    assert text.strip() and "Traceback" not in text
    for secret in (rig.sim.state.token, rig.ott):
        assert secret not in text and secret not in str(exc) and secret not in repr(exc)
    if isinstance(exc, AnswerTooLargeError):  # refused unread: there is no field to name
        assert "too big" in text
    elif isinstance(exc, InvalidResponseError) and json_body:
        assert exc.field, "a JSON answer of the wrong shape names the offending field"
        if endpoint is not None and exc.field != "(body)":
            assert str(exc.field).split(".")[0] in _wire_names(endpoint.model), exc.field
        assert exc.field in text
    if isinstance(exc, BadRequestError):
        assert exc.messages and all(isinstance(m, str) for m in exc.messages)
    return text


def call(arun: Runner, rig: Rig, endpoint: Endpoint) -> Any:
    """Run the endpoint's client call, bounded in time; returns the model or the ApiError raised."""
    started = time.monotonic()
    try:
        result = arun(endpoint.call(rig), timeout=CALL_TIMEOUT)
    except ApiError as exc:
        result = exc
    assert time.monotonic() - started < CALL_TIMEOUT
    return result


def property_check(arun: Runner, rig: Rig, endpoint: Endpoint, body: Any) -> None:
    """One example: the answer is ``body`` (JSON); the call returns a sane model or a typed error."""
    rig.reset()
    rig.sim.state.force_malformed("json", path=endpoint.path, method=endpoint.method, body=body)
    result = call(arun, rig, endpoint)
    if isinstance(result, ApiError):
        note(f"error: {type(result).__name__}: {result.message[:200]}")
        check_error(result, rig, json_body=True, endpoint=endpoint)
    else:
        check_model(result, endpoint)
    assert [e["fault"] for e in api_requests(rig.sim)] == ["malformed:json"]  # one request, no retry


# ---------------------------------------------------------------- properties: near-valid JSON, each endpoint


@by_endpoint
@PROPERTY
@given(data=st.data())
def test_near_valid_json_gives_a_sane_model_or_a_typed_error(
    arun: Runner, rig: Rig, endpoint: Endpoint, data: st.DataObject
) -> None:
    property_check(arun, rig, endpoint, data.draw(near_valid(endpoint.seed), label="body"))


_ERROR_SHAPES = [
    {"statusCode": 400, "message": ["phone must be a valid phone number"], "error": "Bad Request"},
    {"ok": False, "error": "validation_error", "message": "zip must be a valid US ZIP code"},
]
_S2S_ENDPOINTS = ("query_phone", "blocks", "dispositions", "update")
_STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthRejectedError,
    403: DemoModeError,
    404: NotFoundError,
    409: BadRequestError,
    422: BadRequestError,
    429: RateLimitedError,
    500: ServerError,
    502: ServerError,
    503: ServerError,
}


@by_endpoint
@settings(PROPERTY, max_examples=max(1, EXAMPLES * 2 // 5))
@given(status=st.sampled_from(sorted(_STATUS_ERRORS)), data=st.data())
def test_error_statuses_with_mangled_bodies_map_to_their_error(
    arun: Runner, rig: Rig, endpoint: Endpoint, status: int, data: st.DataObject
) -> None:
    body = data.draw(st.sampled_from(_ERROR_SHAPES).flatmap(near_valid) | any_value, label="body")
    rig.reset()
    rig.sim.state.force_malformed("json", path=endpoint.path, method=endpoint.method, status=status, body=body)
    result = call(arun, rig, endpoint)
    # a 409 to a change sent with an idempotency key: that key is still being worked on; asked again later
    expected = InProgressError if status == 409 and endpoint.method != "GET" else _STATUS_ERRORS[status]
    if status == 403 and endpoint.name in _S2S_ENDPOINTS:  # only Zapier documents its 403 as demo mode
        expected = ForbiddenError
    assert isinstance(result, expected), result
    assert result.status == status
    check_error(result, rig, json_body=True, endpoint=endpoint)


# ---------------------------------------------------------------- broken bodies, each endpoint


@by_endpoint
def test_truncated_json_is_an_invalid_response(arun: Runner, rig: Rig, endpoint: Endpoint) -> None:
    rig.sim.state.force_malformed("truncated", path=endpoint.path, method=endpoint.method)
    error = call(arun, rig, endpoint)
    assert isinstance(error, InvalidResponseError), error
    assert error.status == 200 and error.field is None
    assert "not JSON" in error.message
    assert "does not understand" in check_error(error, rig, json_body=False)
    [entry] = api_requests(rig.sim)
    assert entry["fault"] == "malformed:truncated" and entry["status"] == 200


@by_endpoint
def test_html_page_with_200_is_an_invalid_response(arun: Runner, rig: Rig, endpoint: Endpoint) -> None:
    rig.sim.state.force_malformed("html", path=endpoint.path, method=endpoint.method)
    error = call(arun, rig, endpoint)
    assert isinstance(error, InvalidResponseError), error
    assert error.status == 200 and "<html" not in error.message
    assert "<" not in check_error(error, rig, json_body=False)


@by_endpoint
def test_html_bad_gateway_is_a_server_error(arun: Runner, rig: Rig, endpoint: Endpoint) -> None:
    rig.sim.state.force_malformed("html", path=endpoint.path, method=endpoint.method, status=502)
    error = call(arun, rig, endpoint)
    assert isinstance(error, ServerError), error
    assert error.status == 502 and error.retryable
    assert check_error(error, rig, json_body=False) == "HeavySet had a problem (HTTP 502). Try again in a moment."
    assert len(api_requests(rig.sim)) == 1


@by_endpoint
def test_empty_body_is_an_invalid_response(arun: Runner, rig: Rig, endpoint: Endpoint) -> None:
    rig.sim.state.force_malformed("empty", path=endpoint.path, method=endpoint.method)
    error = call(arun, rig, endpoint)
    assert isinstance(error, InvalidResponseError), error
    assert error.status == 200
    check_error(error, rig, json_body=False)


@by_endpoint
def test_huge_body_neither_hangs_nor_crashes(arun: Runner, rig: Rig, endpoint: Endpoint) -> None:
    """The real answer plus a 5 MiB string field: accepted (unknown fields are kept) or refused."""
    rig.sim.state.force_malformed("huge", path=endpoint.path, method=endpoint.method)
    started = time.monotonic()
    result = call(arun, rig, endpoint)
    assert time.monotonic() - started < 5.0
    if isinstance(result, ApiError):
        check_error(result, rig, json_body=True, endpoint=endpoint)
    else:
        check_model(result, endpoint)
        assert len((result.model_extra or {}).get("padding", "")) == 5 * 1024 * 1024
    [entry] = api_requests(rig.sim)
    assert entry["fault"] == "malformed:huge"


_HUGE_FIELD: dict[str, Path] = {
    "query_phone": ("name",),
    "update": ("address1",),
    "blocks": ("slots", 0, "blockId"),
    "dispositions": ("notQualifiedReasons", 0),
    "auth_test": ("label",),
    "submit_lead": ("oneTimeToken",),
    "slots": ("slots", 0, "blockId"),
    "book": ("appointmentId",),
}


@by_endpoint
def test_huge_string_in_a_known_field_neither_hangs_nor_crashes(arun: Runner, rig: Rig, endpoint: Endpoint) -> None:
    """3 MiB of "é" in one of the answer's own string fields: accepted or refused, quickly."""
    body = _with(endpoint.seed, _HUGE_FIELD[endpoint.name], "é" * (3 * 1024 * 1024))
    rig.sim.state.force_malformed("json", path=endpoint.path, method=endpoint.method, body=body)
    started = time.monotonic()
    result = call(arun, rig, endpoint)
    assert time.monotonic() - started < 5.0
    if isinstance(result, ApiError):
        check_error(result, rig, json_body=True, endpoint=endpoint)
    else:
        check_model(result, endpoint)


# ---------------------------------------------------------------- wrong shapes name their field


@pytest.mark.parametrize(
    ("name", "path", "value", "field"),
    [
        ("query_phone", ("phone",), ..., "phone"),
        ("query_phone", ("phone",), None, "phone"),
        ("query_phone", ("createdDate",), "2025-02-30T10:00:00.000Z", "createdDate"),
        ("query_phone", ("appointmentStart",), "2025-03-14T20:25:31", "appointmentStart"),  # no offset
        ("query_phone", ("optOutText",), "sometimes", "optOutText"),
        ("update", ("tcpa",), {"value": True}, "tcpa"),
        ("blocks", ("slots",), ..., "slots"),
        ("blocks", ("timeZone",), "Mars/Base", "timeZone"),
        ("blocks", ("slots", 0, "appointmentDate"), "2025-02-30", "slots.0.appointmentDate"),
        ("blocks", ("slots", 1, "availableSlots"), -1, "slots.1.availableSlots"),
        ("blocks", ("slots", 2, "startTime"), "25:00 PM", "slots.2.startTime"),
        ("blocks", ("slots", 0, "timeZone"), "Mars/Base", "slots.0.timeZone"),
        ("dispositions", ("notQualifiedReasons",), None, "notQualifiedReasons"),
        ("dispositions", ("notQualifiedReasons",), ["Renter", 7], "notQualifiedReasons.1"),
        ("auth_test", ("pageId",), ..., "pageId"),
        ("submit_lead", ("oneTimeToken",), 12345, "oneTimeToken"),
        ("slots", ("slots", 0, "blockId"), None, "slots.0.blockId"),
        ("slots", ("timeZone",), "America/Nowhere", "timeZone"),
        ("book", ("appointmentId",), {"id": 1}, "appointmentId"),  # a missing one is read leniently
    ],
)
def test_a_wrong_field_is_named(arun: Runner, rig: Rig, name: str, path: Path, value: Any, field: str) -> None:
    endpoint = _endpoint(name)
    rig.sim.state.force_malformed(
        "json", path=endpoint.path, method=endpoint.method, body=_with(endpoint.seed, path, value)
    )
    error = call(arun, rig, endpoint)
    if left_out(error, endpoint, field):
        return
    assert isinstance(error, InvalidResponseError), error
    assert error.field == field and error.status == 200
    assert f"({field})" in check_error(error, rig, json_body=True, endpoint=endpoint)


def left_out(result: Any, endpoint: Endpoint, field: str) -> bool:
    """A block the console cannot read is left out of the calendar (named), not a refusal of the answer."""
    if not re.fullmatch(r"slots\.\d+(\..+)?", field):
        return False
    assert isinstance(result, TimeSlots), result
    assert result.skipped_fields == [field]
    assert len(result.slots) == len(endpoint.seed["slots"]) - 1
    return True


def test_blocks_without_any_zone_are_read_and_wait_for_the_leads_zone(arun: Runner, rig: Rig) -> None:
    endpoint = _endpoint("blocks")
    body = endpoint.seed
    del body["timeZone"]
    for slot in body["slots"]:
        slot["timeZone"] = None
    rig.sim.state.force_malformed("json", path=endpoint.path, body=body)
    slots = call(arun, rig, endpoint)
    assert isinstance(slots, TimeSlots) and slots.zone_missing and len(slots.slots) == len(body["slots"])


@pytest.mark.parametrize("name", ["auth_test", "submit_lead", "slots", "book"])
def test_zapier_ok_false_is_a_refusal(arun: Runner, rig: Rig, name: str) -> None:
    endpoint = _endpoint(name)
    rig.sim.state.force_malformed(
        "json", path=endpoint.path, body={"ok": False, "error": "validation_error", "message": "blockId is gone"}
    )
    error = call(arun, rig, endpoint)
    assert isinstance(error, BadRequestError) and error.code == "validation_error"
    assert check_error(error, rig, json_body=True) == "HeavySet refused the change: blockId is gone"


@pytest.mark.parametrize("body", [[], "ok", 42, None, True], ids=repr)
@by_endpoint
def test_a_body_that_is_not_an_object_is_refused(arun: Runner, rig: Rig, endpoint: Endpoint, body: Any) -> None:
    rig.sim.state.force_malformed("json", path=endpoint.path, method=endpoint.method, body=body)
    error = call(arun, rig, endpoint)
    assert isinstance(error, InvalidResponseError) and error.field == "(body)", error
    check_error(error, rig, json_body=True)


# ---------------------------------------------------------------- regressions, one exact reproduction each


@by_endpoint
def test_deeply_nested_json_is_an_invalid_response(arun: Runner, rig: Rig, endpoint: Endpoint) -> None:
    """Regression: ``state.force_malformed("raw", body="[" * 100_000)``, then any client call."""
    rig.sim.state.force_malformed("raw", path=endpoint.path, method=endpoint.method, body="[" * 100_000)
    error = call(arun, rig, endpoint)
    assert isinstance(error, InvalidResponseError), error


def test_zone_naming_a_folder_is_an_invalid_response(arun: Runner, rig: Rig) -> None:
    """Regression: blocks answer with ``"timeZone": "America"`` → IsADirectoryError."""
    endpoint = _endpoint("blocks")
    rig.sim.state.force_malformed("json", path=endpoint.path, body=_with(endpoint.seed, ("timeZone",), "America"))
    error = call(arun, rig, endpoint)
    assert isinstance(error, InvalidResponseError) and error.field == "timeZone"


def test_overlong_zone_is_an_invalid_response(arun: Runner, rig: Rig) -> None:
    """Regression: slots answer with a slot ``"timeZone": "x" * 300`` → OSError(ENAMETOOLONG)."""
    endpoint = _endpoint("slots")
    rig.sim.state.force_malformed(
        "json", path=endpoint.path, body=_with(endpoint.seed, ("slots", 0, "timeZone"), "x" * 300)
    )
    assert left_out(call(arun, rig, endpoint), endpoint, "slots.0.timeZone")


def test_lead_time_zone_naming_a_folder_is_not_a_known_zone(arun: Runner, rig: Rig) -> None:
    """Regression: a lead with the extra ``"timeZone": "Asia"``; ``is_known_zone("Asia")`` raises
    (services.formatting.lead_zone asks exactly that)."""
    endpoint = _endpoint("query_phone")
    rig.sim.state.force_malformed("json", path=endpoint.path, body=_with(endpoint.seed, ("timeZone",), "Asia"))
    lead = arun(endpoint.call(rig), timeout=CALL_TIMEOUT)
    assert is_known_zone(lead.model_extra["timeZone"]) is False


@pytest.mark.parametrize(
    ("name", "path", "value"),
    [
        ("blocks", ("timeZone",), 0),
        ("blocks", ("slots", 0, "timeZone"), ["America/Denver"]),
        ("blocks", ("slots", 1, "startTime"), 900),
        ("slots", ("slots", 0, "endTime"), True),
        ("slots", ("timeZone",), {"name": "America/Denver"}),
    ],
    ids=[
        "blocks.timeZone=0",
        "blocks.slots.0.timeZone=[...]",
        "blocks.slots.1.startTime=900",
        "slots.slots.0.endTime=true",
        "slots.timeZone={...}",
    ],
)
def test_zone_or_time_of_the_wrong_type_is_an_invalid_response(
    arun: Runner, rig: Rig, name: str, path: Path, value: Any
) -> None:
    """Regression: blocks answer with ``"timeZone": 0`` (or a slot's ``"startTime": 900``) → TypeError."""
    endpoint = _endpoint(name)
    rig.sim.state.force_malformed("json", path=endpoint.path, body=_with(endpoint.seed, path, value))
    error = call(arun, rig, endpoint)
    if left_out(error, endpoint, ".".join(map(str, path))):
        return
    assert isinstance(error, InvalidResponseError) and error.field == ".".join(map(str, path))


@pytest.mark.parametrize("ok", [0, "false", "no"])
def test_zapier_ok_that_reads_as_false_is_a_refusal(arun: Runner, rig: Rig, ok: Any) -> None:
    """Regression: auth-test answers ``{"ok": "false", "pageId": ..., "label": ...}`` → a model, ok=False."""
    endpoint = _endpoint("auth_test")
    rig.sim.state.force_malformed("json", path=endpoint.path, body=_with(endpoint.seed, ("ok",), ok))
    result = call(arun, rig, endpoint)
    assert isinstance(result, ApiError), f"returned {result!r}"


def test_empty_one_time_token_fails_with_an_api_error(arun: Runner, rig: Rig) -> None:
    """Regression: lead answers ``{"ok": true, "oneTimeToken": "", "leadId": "lead_9"}``, then
    ``Console.create_lead`` → ValueError("a one-time token is required")."""
    endpoint = _endpoint("submit_lead")
    rig.sim.state.force_malformed("json", path=endpoint.path, body={"ok": True, "oneTimeToken": "", "leadId": "lead_9"})
    console = make_console(rig.sim.url, rig.sim.state.token, rig.transport)
    submission = LeadSubmission(phone="+13035552199", zip="80202", name="Sam Roe")
    with pytest.raises(ApiError):
        arun(console.create_lead(submission), timeout=CALL_TIMEOUT)


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"])
def test_lead_times_at_the_ends_of_the_calendar_are_refused(arun: Runner, rig: Rig, when: str) -> None:
    """Regression: a lead with ``"appointmentStart": "0001-01-01T00:00:00.000Z"`` is accepted;
    ``lead.appointment_start.astimezone(ZoneInfo("Etc/GMT+12"))`` → OverflowError."""
    endpoint = _endpoint("query_phone")
    rig.sim.state.force_malformed("json", path=endpoint.path, body=_with(endpoint.seed, ("appointmentStart",), when))
    result = call(arun, rig, endpoint)
    if not isinstance(result, ApiError):
        check_model(result, endpoint)


def test_slot_on_the_last_day_of_the_calendar_is_refused(arun: Runner, rig: Rig) -> None:
    """Regression: a slot ``appointmentDate "9999-12-31"``, ``3:00 PM``–``1:00 PM`` is accepted;
    ``slot.window(zone)`` → OverflowError."""
    endpoint = _endpoint("blocks")
    body = endpoint.seed
    body["slots"][0].update(appointmentDate="9999-12-31", startTime="3:00 PM", endTime="1:00 PM")
    rig.sim.state.force_malformed("json", path=endpoint.path, body=body)
    result = call(arun, rig, endpoint)
    if not isinstance(result, ApiError):
        check_model(result, endpoint)


_NASTY_AS_DEFINED = copy.deepcopy(NASTY)


@settings(PROPERTY, max_examples=200)
@given(data=st.data())
def test_hypothesis_inputs_stay_the_same_between_examples(data: st.DataObject) -> None:
    """Regression: ``nasty_values`` handed out its own objects; :func:`near_valid` then edited a shared
    ``[None]`` in place (once into a list holding itself: RecursionError, then hypothesis's
    "Inconsistent data generation"), so later examples drew from a changed list."""
    value = data.draw(nasty_values, label="value")
    if isinstance(value, list):
        value.append(value)
    elif isinstance(value, dict):
        value["edited"] = True
    body = data.draw(near_valid({"slots": [{"blockId": "a"}], "phone": "+18015551234"}), label="body")
    json.dumps(body)  # no cycles
    assert NASTY == _NASTY_AS_DEFINED


# ---------------------------------------------------------------- bad input typed by the setter sends nothing

phone_like = st.text(alphabet=st.sampled_from("0123456789 +-().x#*abcABC٠١٢٣٤٥٦٧٨٩\t/"), max_size=24) | st.text(
    max_size=24
)
E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def _normalized(text: str) -> str | InvalidPhoneError:
    try:
        return normalize_phone(text)
    except InvalidPhoneError as exc:
        return exc


@settings(PROPERTY, max_examples=200)
@given(phone_like)
def test_normalize_phone_gives_e164_or_invalid_phone_error(text: str) -> None:
    result = _normalized(text)
    if isinstance(result, InvalidPhoneError):
        assert result.reason.strip() and describe(result) == result.reason
    else:
        assert E164.match(result), result
        assert normalize_phone(result) == result


@PROPERTY
@given(phone_like)
def test_an_invalid_phone_never_leaves_the_console(arun: Runner, rig: Rig, text: str) -> None:
    if not isinstance(_normalized(text), InvalidPhoneError):
        reject()  # a valid number: nothing to prove here
    rig.reset()
    console = make_console(rig.sim.url, rig.sim.state.token, rig.transport)
    calls: list[Callable[[], Awaitable[Any]]] = [
        lambda: console.lookup(text),
        lambda: console.slots(text),
        lambda: rig.s2s.query_phone(text),
        lambda: rig.s2s.query_phone_main(text),
        lambda: rig.s2s.blocks(text),
    ]
    for make in calls:
        with pytest.raises(InvalidPhoneError):
            arun(make(), timeout=CALL_TIMEOUT)
    with pytest.raises(ValidationError) as caught:
        PhoneUpdate(phone=text, append_comment="x")
    assert describe(caught.value).strip()
    assert api_requests(rig.sim) == []


@pytest.mark.parametrize("zip_code", ["", "   ", "\t\n"])
def test_lead_without_a_zip_cannot_be_built(zip_code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        LeadSubmission(phone=NEW_PHONE, zip=zip_code, name="Sam Roe")
    assert "zip" in describe(caught.value)


@settings(PROPERTY, max_examples=60)
@given(
    st.integers(max_value=1599) | st.integers(min_value=2201) | st.sampled_from(["nineteen-ninety", "", 1999.5, [1999]])
)
def test_home_year_out_of_range_cannot_be_built(year: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        PhoneUpdate(phone=DENVER, home_year=year)
    text = describe(caught.value)
    assert "home" in text.lower() and "Traceback" not in text


@pytest.mark.parametrize(
    "fields",
    [
        {"email": 12345},
        {"email": ["jane@example.com"]},
        {"zip": 80202},
        {"primary_phone": "+18015550000"},
        {"textPhone": "+18015550000"},
        {"cancel_appt": True, "block_id": "a0p8X00000ABCDEF"},
        {"opt_out_phone": "perhaps"},
    ],
)
def test_bad_update_fields_cannot_be_built(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        PhoneUpdate(phone=DENVER, **fields)
    assert describe(caught.value).strip()


@pytest.mark.parametrize(
    "fields",
    [
        {"phone": "801-555", "zip": "80202"},
        {"phone": NEW_PHONE, "zip": "80202", "email": {"address": "x"}},
        {"phone": NEW_PHONE, "zip": None},
    ],
)
def test_bad_lead_fields_cannot_be_built(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        LeadSubmission(**fields)


@pytest.mark.parametrize("zone", ["Mars/Base", "", "UTC+5"])
def test_appointment_with_an_unknown_zone_cannot_be_built(zone: str) -> None:
    with pytest.raises(ValidationError):
        AppointmentRequest(block_id="2026-03-03T10:00", one_time_token="otp_x", time_zone=zone)


def test_appointment_with_a_zone_folder_cannot_be_built() -> None:
    """Regression: ``AppointmentRequest(..., time_zone="America")`` → IsADirectoryError."""
    with pytest.raises(ValidationError):
        AppointmentRequest(block_id="2026-03-03T10:00", one_time_token="otp_x", time_zone="America")


def test_edits_that_cannot_be_sent_send_nothing(arun: Runner, rig: Rig) -> None:
    """Console.save with a year out of range or a wrong type: ValidationError, and no PATCH at all."""
    console = make_console(rig.sim.url, rig.sim.state.token, rig.transport)
    lead = ExistingLead.model_validate(rig.sim.state.query_lead(DENVER))
    for edited in ({"home_year": 1200}, {"home_year": 99999}, {"email": 5}):
        with pytest.raises(ValidationError) as caught:
            arun(console.save(lead, edited), timeout=CALL_TIMEOUT)
        assert describe(caught.value).strip()
    assert api_requests(rig.sim) == []

"""The HeavySet simulator over real HTTP on 127.0.0.1: every route, rule and fault knob.

Each test starts its own :class:`SimServer` (fresh seeded state, frozen clock
on Monday 2026-03-02 00:00 UTC) and talks to it with a plain ``httpx.Client``.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from hsconsole.api.heavyset.models import ExistingLead, SlotsResult, TimeSlots
from hsconsole.sim import (
    DEFAULT_CRM_SETTINGS_ID,
    DEFAULT_DEMO_TOKEN,
    DEMO_PHONES,
    DISPOSITIONS,
    UNKNOWN_PHONE,
    Faults,
    SimServer,
    SimState,
    create_app,
)
from hsconsole.sim.common import RATE_KNOBS, MalformedResponse
from hsconsole.sim.server import main as sim_main

MONDAY = date(2026, 3, 2)
S2S = "/api/v1/appointment/s2s"
ZAP = "/api/v1/zaps"
ISO_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
SEED_FIELDS = {
    "name", "address1", "address2", "city", "state", "stateAlpha2", "zip", "country", "countryAlpha2",
    "countryAlpha3", "phone", "leadId", "prospectId", "createdDate", "appointmentStatus", "appointmentStart",
    "appointmentEnd", "appointmentStartAMPM", "appointmentEndAMPM", "source", "sourceType", "optOutText",
    "optOutEmail", "tcpa", "email", "marketSegment", "blockId", "optIn", "product", "disposition", "hearAbout",
    "homeYear", "salesRepName", "salesRepEmail", "salesRepAvatarUrl",
}  # fmt: skip


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(today=MONDAY) as server:
        yield server


@pytest.fixture
def client(sim: SimServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.url, timeout=5.0) as c:
        yield c


def march(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def s2s_headers(sim: SimServer, **extra: str) -> dict[str, str]:
    return {"x-hs-token": sim.state.token, **extra}


def zap_headers(sim: SimServer, **extra: str) -> dict[str, str]:
    return {"x-heavyset-token": sim.state.token, **extra}


def query(client: httpx.Client, sim: SimServer, phone: str) -> httpx.Response:
    return client.get(f"{S2S}/phone/query", params={"phone": phone}, headers=s2s_headers(sim))


def blocks(client: httpx.Client, sim: SimServer, phone: str, **params: str) -> dict[str, Any]:
    response = client.get(f"{S2S}/phone/query/blocks", params={"phone": phone, **params}, headers=s2s_headers(sim))
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def patch(client: httpx.Client, sim: SimServer, body: Any, key: str | None = None) -> httpx.Response:
    headers = s2s_headers(sim)
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.patch(f"{S2S}/phone/update", json=body, headers=headers)


def open_block(client: httpx.Client, sim: SimServer, phone: str, *, exclude: str | None = None) -> dict[str, Any]:
    """The first block of the lead's list with room, other than ``exclude``."""
    slots: list[dict[str, Any]] = blocks(client, sim, phone)["slots"]
    for slot in slots:
        if slot["availableSlots"] > 0 and slot["blockId"] != exclude:
            return slot
    raise AssertionError("no open block")


def capacity(sim: SimServer, block_id: str) -> int:
    snapshot = sim.state.block_snapshot(block_id)
    assert snapshot is not None
    value: int = snapshot["availableSlots"]
    return value


def s2s_error(response: httpx.Response) -> list[str]:
    body = response.json()
    assert set(body) == {"statusCode", "message", "error"}
    assert body["statusCode"] == response.status_code
    assert isinstance(body["message"], list)
    messages: list[str] = body["message"]
    return messages


def zap_lead(
    client: httpx.Client, sim: SimServer, phone: str, zip_code: str = "80202", **fields: Any
) -> httpx.Response:
    body = {"firstName": "Pat", "lastName": "Lee", "phone": phone, "zip": zip_code, **fields}
    return client.post(f"{ZAP}/lead", json=body, headers=zap_headers(sim))


# ---------------------------------------------------------------- server


def test_server_starts_and_stops_quickly_many_times() -> None:
    for _ in range(3):
        started = time.monotonic()
        with SimServer() as server:
            assert server.url.startswith("http://127.0.0.1:")
            assert server.port > 0
            assert time.monotonic() - started < 1.0
            assert httpx.get(f"{server.url}/_sim/info").status_code == 200
            stopping = time.monotonic()
        assert time.monotonic() - stopping < 0.5


def test_cli_refuses_a_non_loopback_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert sim_main(["--host", "0.0.0.0"]) == 2  # noqa: S104 (the point of the test)
    assert "--allow-remote" in capsys.readouterr().err


# ---------------------------------------------------------------- S2S phone query


def test_phone_query_returns_every_seed_field(sim: SimServer, client: httpx.Client) -> None:
    response = query(client, sim, DEMO_PHONES["denver_booked"])
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= SEED_FIELDS
    assert body["name"] == "Jane Doe"
    assert body["city"] == "Denver"
    assert body["stateAlpha2"] == "CO"
    assert body["state"] == "Colorado"
    assert body["countryAlpha3"] == "USA"
    assert body["address2"] is None
    assert body["appointmentStatus"] == "Confirmed"
    for key in ("createdDate", "appointmentStart", "appointmentEnd"):
        assert ISO_MS.match(body[key]), body[key]
    # Tuesday 10:00 AM MST (UTC-7) is 17:00Z; AM/PM strings are lower-case in the lead's zone
    assert body["appointmentStart"] == "2026-03-03T17:00:00.000Z"
    assert body["appointmentStartAMPM"] == "10:00 am"
    assert body["appointmentEndAMPM"] == "12:00 pm"
    assert body["blockId"].startswith("a0p8X00000")
    assert len(body["blockId"]) == 18
    assert body["salesRepName"]
    assert body["salesRepEmail"].endswith("@heavyset.tech")
    assert body["marketSegment"] == "Denver"
    assert body["timeZone"] == "America/Denver"
    lead = ExistingLead.model_validate(body)
    assert lead.has_active_appointment


def test_phone_query_accepts_ten_digit_nanp(sim: SimServer, client: httpx.Client) -> None:
    assert query(client, sim, "8015551234").json()["phone"] == "+18015551234"


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        (None, "phone should not be empty"),
        ("", "phone should not be empty"),
        ("12", "phone must be a valid phone number"),
        ("(801) 555-1234", "phone must be a valid phone number"),
        (" 18015551234", "phone must be a valid phone number"),  # an unencoded "+" arrives as a space
    ],
)
def test_phone_query_validates_the_phone(sim: SimServer, client: httpx.Client, phone: str | None, message: str) -> None:
    params = {} if phone is None else {"phone": phone}
    response = client.get(f"{S2S}/phone/query", params=params, headers=s2s_headers(sim))
    assert response.status_code == 400
    assert s2s_error(response) == [message]
    assert response.json()["error"] == "Bad Request"


def test_unknown_phone_is_404(sim: SimServer, client: httpx.Client) -> None:
    response = query(client, sim, UNKNOWN_PHONE)
    assert response.status_code == 404
    assert s2s_error(response) == [f"No lead found for phone {UNKNOWN_PHONE}"]
    assert response.json()["error"] == "Not Found"


def test_low_latency_route(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["honolulu"]
    ok = client.get(f"{S2S}/phone/query/{DEFAULT_CRM_SETTINGS_ID}", params={"phone": phone}, headers=s2s_headers(sim))
    assert ok.status_code == 200
    assert ok.json()["city"] == "Honolulu"
    assert ok.json() == query(client, sim, phone).json()
    unknown = client.get(f"{S2S}/phone/query/a0B8X00000NOPE1", params={"phone": phone}, headers=s2s_headers(sim))
    assert unknown.status_code == 404
    assert unknown.json() == {"statusCode": 404, "message": ["Unknown crmSettingsId"], "error": "Not Found"}
    sim.state.set_faults(regional_down=True)
    down = client.get(f"{S2S}/phone/query/{DEFAULT_CRM_SETTINGS_ID}", params={"phone": phone}, headers=s2s_headers(sim))
    assert down.status_code == 503
    assert down.json()["error"] == "Service Unavailable"
    assert query(client, sim, phone).status_code == 200  # only the regional edge is down


# ---------------------------------------------------------------- auth


def test_s2s_auth_errors(sim: SimServer, client: httpx.Client) -> None:
    url, params = f"{S2S}/phone/query", {"phone": DEMO_PHONES["tampa_new"]}
    missing = client.get(url, params=params)
    assert missing.status_code == 401
    assert missing.json() == {"statusCode": 401, "message": ["token should not be empty"], "error": "Unauthorized"}
    invalid = client.get(url, params=params, headers={"x-hs-token": "hs_live_nope"})
    assert invalid.json() == {"statusCode": 401, "message": ["Invalid token"], "error": "Unauthorized"}
    demo = client.get(url, params=params, headers={"x-hs-token": DEFAULT_DEMO_TOKEN})
    assert demo.status_code == 403
    assert demo.json() == {"statusCode": 403, "message": ["This account is in demo mode"], "error": "Forbidden"}
    # the Zapier header, or the token in the URL or body, is not the S2S contract
    assert client.get(url, params=params, headers={"x-heavyset-token": sim.state.token}).status_code == 401
    assert client.get(url, params={**params, "token": sim.state.token}).status_code == 401
    in_body = client.patch(f"{S2S}/phone/update", json={"phone": DEMO_PHONES["tampa_new"], "token": sim.state.token})
    assert in_body.status_code == 401
    for path in ("/phone/query/blocks", "/phone/query/dispositions"):
        assert client.get(S2S + path, params=params).status_code == 401


def test_zapier_auth_errors(sim: SimServer, client: httpx.Client) -> None:
    url = f"{ZAP}/auth-test"
    ok = client.get(url, headers=zap_headers(sim))
    assert ok.status_code == 200
    assert ok.json() == {"ok": True, "pageId": "page_demo_01", "label": "HeavySet Demo Appointment Page"}
    missing = client.get(url)
    assert missing.status_code == 400
    assert missing.json() == {"ok": False, "error": "missing_token"}
    invalid = client.get(url, headers={"x-heavyset-token": "nope"})
    assert invalid.status_code == 401
    assert invalid.content == b""
    demo = client.get(url, headers={"x-heavyset-token": DEFAULT_DEMO_TOKEN})
    assert demo.status_code == 403
    assert demo.content == b""
    assert client.get(url, headers={"x-hs-token": sim.state.token}).status_code == 400
    for method, path in (("POST", "/lead"), ("GET", "/slots"), ("POST", "/appointment")):
        assert client.request(method, ZAP + path, headers={"x-heavyset-token": "nope"}).status_code == 401


def test_unknown_route_is_a_family_shaped_404(sim: SimServer, client: httpx.Client) -> None:
    s2s = client.get(f"{S2S}/nope", headers=s2s_headers(sim))
    assert s2s.status_code == 404
    assert s2s.json()["message"] == [f"Cannot GET {S2S}/nope"]
    assert client.delete(f"{S2S}/phone/update").status_code == 404
    zap = client.get(f"{ZAP}/nope")
    assert zap.status_code == 404
    assert zap.json()["error"] == "not_found"


# ---------------------------------------------------------------- dispositions and blocks


def test_dispositions(sim: SimServer, client: httpx.Client) -> None:
    response = client.get(f"{S2S}/phone/query/dispositions", headers=s2s_headers(sim))
    assert response.status_code == 200
    assert response.json() == {"notQualifiedReasons": list(DISPOSITIONS)}
    assert "Credit too low" in DISPOSITIONS
    assert len(DISPOSITIONS) >= 10


def test_blocks_shape_full_blocks_and_own_block(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["denver_booked"]
    data = blocks(client, sim, phone)
    parsed = TimeSlots.model_validate(data)
    assert data["timeZone"] == "America/Denver"
    assert {slot.time_zone for slot in parsed.slots} == {"America/Denver"}
    assert set(data["slots"][0]) == {"appointmentDate", "startTime", "endTime", "availableSlots", "blockId", "timeZone"}
    assert data["slots"][0]["appointmentDate"] == "2026-03-02"
    assert data["slots"][0]["startTime"] == "8:00 AM"
    starts = [slot.window("America/Denver").start.instant for slot in parsed.slots]
    assert starts == sorted(starts)
    own = query(client, sim, phone).json()["blockId"]
    assert own in {slot["blockId"] for slot in data["slots"]}
    # fill the lead's market block to make a full one visible with availableSlots 0
    full = sim.state.add_block(
        market="Denver", day=date(2026, 3, 4), start_time="6:00 AM", end_time="7:00 AM", capacity=0
    )
    listed = {slot["blockId"]: slot for slot in blocks(client, sim, phone)["slots"]}
    assert listed[full["blockId"]]["availableSlots"] == 0


def test_blocks_exclude_past_ones_but_keep_the_leads_own(sim: SimServer, client: httpx.Client) -> None:
    # Monday 18:00Z is 11:00 AM in Denver: the 8:00 and 10:00 blocks have started
    sim.state.set_clock(now=march(2, 18))
    slots = blocks(client, sim, DEMO_PHONES["denver_booked"])["slots"]
    monday = [s["startTime"] for s in slots if s["appointmentDate"] == "2026-03-02"]
    assert monday == ["12:30 PM", "3:00 PM", "5:30 PM"] or monday == ["12:30 PM", "3:00 PM"]
    # Jane's block (Tuesday 10:00 AM) slips into the past but is still listed, first
    own = query(client, sim, DEMO_PHONES["denver_booked"]).json()["blockId"]
    client.post("/_sim/clock", json={"now": "2026-03-03T18:00:00Z", "reseed": False})
    data = blocks(client, sim, DEMO_PHONES["denver_booked"])
    assert data["slots"][0]["blockId"] == own
    assert data["slots"][0]["appointmentDate"] == "2026-03-03"
    assert all(s["appointmentDate"] != "2026-03-02" for s in data["slots"])
    # and it cannot be booked by someone else
    other = patch(client, sim, {"phone": DEMO_PHONES["tampa_new"], "zip": "80202", "blockId": own})
    assert other.status_code == 400


def test_limit_days_counts_business_days(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    one = {s["appointmentDate"] for s in blocks(client, sim, phone, limitDays="1")["slots"]}
    assert one == {"2026-03-02"}
    two = {s["appointmentDate"] for s in blocks(client, sim, phone, limitDays="2")["slots"]}
    assert two == {"2026-03-02", "2026-03-03"}
    everything = {s["appointmentDate"] for s in blocks(client, sim, phone)["slots"]}
    assert len(everything) == 14
    # a weekend block inside the horizon is listed; weekends do not count towards N
    sunday = sim.state.add_block(market="Tampa", day=date(2026, 3, 8), start_time="9:00 AM", end_time="10:00 AM")
    six = {s["blockId"] for s in blocks(client, sim, phone, limitDays="6")["slots"]}
    five = {s["blockId"] for s in blocks(client, sim, phone, limitDays="5")["slots"]}
    assert sunday["blockId"] in six
    assert sunday["blockId"] not in five
    sim.state.set_clock(today=date(2026, 3, 7))  # a Saturday: the next business day is Monday
    sat = {s["appointmentDate"] for s in blocks(client, sim, phone, limitDays="1")["slots"]}
    assert sat == {"2026-03-09"}


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", ""])
def test_limit_days_must_be_positive(sim: SimServer, client: httpx.Client, value: str) -> None:
    response = client.get(
        f"{S2S}/phone/query/blocks",
        params={"phone": DEMO_PHONES["tampa_new"], "limitDays": value},
        headers=s2s_headers(sim),
    )
    assert response.status_code == 400
    assert s2s_error(response) == ["limitDays must be a positive number"]


def test_simple_block_ids_are_stable_string_aliases(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    full = blocks(client, sim, phone)["slots"]
    simple = blocks(client, sim, phone, simpleBlockId="true")["slots"]
    assert len(full) == len(simple)
    aliases = [s["blockId"] for s in simple]
    assert all(isinstance(a, str) and a.isdigit() and int(a) >= 20 for a in aliases)
    assert len(set(aliases)) == len(aliases)
    assert aliases == [s["blockId"] for s in blocks(client, sim, phone, simpleBlockId="true")["slots"]]
    # the earliest block of the whole CRM is alias "20"
    assert min(int(b["alias"]) for b in sim.state.blocks_snapshot()) == 20
    # PATCH resolves the alias
    index = next(i for i, s in enumerate(simple) if s["availableSlots"] > 0)
    booked = patch(client, sim, {"phone": phone, "blockId": aliases[index], "simpleBlockId": True})
    assert booked.status_code == 200, booked.text
    assert booked.json()["blockId"] == full[index]["blockId"]
    wrong = patch(client, sim, {"phone": phone, "blockId": "9999", "simpleBlockId": True})
    assert wrong.status_code == 400
    assert s2s_error(wrong) == ["blockId 9999 is not an available block for this lead"]
    bad = client.get(
        f"{S2S}/phone/query/blocks", params={"phone": phone, "simpleBlockId": "maybe"}, headers=s2s_headers(sim)
    )
    assert s2s_error(bad) == ["simpleBlockId must be a boolean value"]


# ---------------------------------------------------------------- PATCH validation


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ({"phone": "+18135550111", "primaryPhone": "+18135550112"}, ["property primaryPhone should not exist"]),
        ({"phone": "+18135550111", "textPhone": "+18135550112"}, ["property textPhone should not exist"]),
        ({"phone": "+18135550111", "cancelAppt": True, "blockId": "x"}, [
            "cancelAppt and blockId are mutually exclusive"
        ]),
        ({"phone": "+18135550111", "firstName": 5}, ["firstName must be a string"]),
        ({"phone": "+18135550111", "optOutPhone": "yes"}, ["optOutPhone must be a boolean value"]),
        ({"phone": "+18135550111", "homeYear": "1998"}, ["homeYear must be an integer number"]),
        ({"phone": "+18135550111", "zip": "00000"}, ["zip must be a valid US ZIP code"]),
        ({"phone": "+18135550111", "notQualifiedReason": "Bored"}, [
            "notQualifiedReason must be one of the configured dispositions"
        ]),
        ({}, ["phone should not be empty"]),
        ({"phone": 8135550111}, ["phone must be a string"]),
        ({"phone": "nope"}, ["phone must be a valid phone number"]),
        (["not", "an", "object"], ["request body must be a JSON object"]),
        (
            {"phone": "+18135550111", "primaryPhone": "x", "textPhone": "y", "tcpaFlag": "no", "cancelAppt": True,
             "blockId": "b"},
            [
                "property primaryPhone should not exist",
                "property textPhone should not exist",
                "tcpaFlag must be a boolean value",
                "cancelAppt and blockId are mutually exclusive",
            ],
        ),
    ],
)  # fmt: skip
def test_patch_validation(sim: SimServer, client: httpx.Client, body: Any, messages: list[str]) -> None:
    before = sim.state.lead_snapshot(DEMO_PHONES["tampa_new"])
    response = patch(client, sim, body)
    assert response.status_code == 400
    assert response.json()["error"] == "Bad Request"
    assert s2s_error(response) == messages
    assert sim.state.lead_snapshot(DEMO_PHONES["tampa_new"]) == before
    assert sim.state.effects()["total"] == 0


def test_patch_invalid_json_is_400(sim: SimServer, client: httpx.Client) -> None:
    response = client.patch(
        f"{S2S}/phone/update", content=b"{nope", headers={**s2s_headers(sim), "content-type": "application/json"}
    )
    assert response.status_code == 400
    assert s2s_error(response) == ["request body must be a JSON object"]


def test_patch_unknown_phone_is_404_after_validation(sim: SimServer, client: httpx.Client) -> None:
    assert patch(client, sim, {"phone": UNKNOWN_PHONE, "firstName": "X"}).status_code == 404
    assert patch(client, sim, {"phone": UNKNOWN_PHONE, "primaryPhone": "x"}).status_code == 400


def test_patch_updates_fields(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    response = patch(
        client,
        sim,
        {
            "phone": phone,
            "firstName": "Marcy",
            "streetAddress": "1 Bayshore Blvd",
            "email": "marcy@example.com",
            "optOutPhone": True,
            "tcpaFlag": False,
            "appendComment": "Prefers mornings.",
            "homeYear": 1987,
            "takerId": "setter-42",
            "cancelAppt": False,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "Marcy Webb"  # the last name is kept
    assert body["address1"] == "1 Bayshore Blvd"
    assert body["email"] == "marcy@example.com"
    assert body["optOutPhone"] is True
    assert body["tcpa"] is False
    assert body["comments"] == ["Prefers mornings."]
    assert body["homeYear"] == "1987"
    assert body["takerId"] == "setter-42"
    assert body["appointmentStatus"] is None  # cancelAppt: false is a no-op
    assert query(client, sim, phone).json() == body
    last = patch(client, sim, {"phone": phone, "lastName": "Webber", "appendComment": "Second note."}).json()
    assert last["name"] == "Marcy Webber"
    assert last["comments"] == ["Prefers mornings.", "Second note."]


def test_patch_zip_fills_city_state_and_zone(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    body = patch(client, sim, {"phone": phone, "zip": "85001"}).json()
    assert (body["zip"], body["city"], body["state"], body["stateAlpha2"]) == ("85001", "Phoenix", "Arizona", "AZ")
    assert body["timeZone"] == "America/Phoenix"
    assert body["marketSegment"] == "Phoenix"
    assert blocks(client, sim, phone)["timeZone"] == "America/Phoenix"
    given_city = patch(client, sim, {"phone": phone, "zip": "80202", "city": "Lower Downtown"}).json()
    assert given_city["city"] == "Lower Downtown"
    assert given_city["stateAlpha2"] == "CO"
    # a ZIP in a zone without a market of its own joins the market with the same standard offset
    boise = patch(client, sim, {"phone": phone, "zip": "83702"}).json()
    assert boise["timeZone"] == "America/Boise"
    assert boise["marketSegment"] == "Denver"


# ---------------------------------------------------------------- booking through PATCH


def test_book_reschedule_and_cancel_move_capacity(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    first = open_block(client, sim, phone)
    before_first = capacity(sim, first["blockId"])
    booked = patch(client, sim, {"phone": phone, "blockId": first["blockId"]})
    assert booked.status_code == 200, booked.text
    lead = booked.json()
    assert lead["appointmentStatus"] == "Confirmed"
    assert lead["blockId"] == first["blockId"]
    assert lead["appointmentStartAMPM"] == first["startTime"].lower()
    assert lead["salesRepName"]
    assert lead["disposition"] == "Appointment Set"
    assert capacity(sim, first["blockId"]) == before_first - 1
    # the same block again is a no-op
    assert patch(client, sim, {"phone": phone, "blockId": first["blockId"]}).status_code == 200
    assert capacity(sim, first["blockId"]) == before_first - 1
    # reschedule frees the old block
    second = open_block(client, sim, phone, exclude=first["blockId"])
    before_second = capacity(sim, second["blockId"])
    moved = patch(client, sim, {"phone": phone, "blockId": second["blockId"]}).json()
    assert moved["blockId"] == second["blockId"]
    assert capacity(sim, first["blockId"]) == before_first
    assert capacity(sim, second["blockId"]) == before_second - 1
    # cancel frees it and keeps the times
    cancelled = patch(client, sim, {"phone": phone, "cancelAppt": True, "appendComment": "Called to cancel."}).json()
    assert cancelled["appointmentStatus"] == "Cancelled"
    assert cancelled["blockId"] is None
    assert cancelled["appointmentStart"] == moved["appointmentStart"]
    assert capacity(sim, second["blockId"]) == before_second


def test_full_block_and_foreign_block_are_refused(sim: SimServer, client: httpx.Client) -> None:
    block = sim.state.add_block(market="Tampa", day=date(2026, 3, 5), start_time="7:00 AM", end_time="8:00 AM")
    assert patch(client, sim, {"phone": DEMO_PHONES["tampa_new"], "blockId": block["blockId"]}).status_code == 200
    other = sim.state.add_lead("+18135552199", zip="33609", name="Other Person")
    full = patch(client, sim, {"phone": other["phone"], "blockId": block["blockId"]})
    assert full.status_code == 400
    assert s2s_error(full) == [f"block {block['blockId']} is full"]
    denver = open_block(client, sim, DEMO_PHONES["denver_booked"])
    foreign = patch(client, sim, {"phone": other["phone"], "blockId": denver["blockId"]})
    assert s2s_error(foreign) == [f"blockId {denver['blockId']} is not an available block for this lead"]
    assert patch(client, sim, {"phone": other["phone"], "blockId": "a0p8X00000NOTREAL"}).status_code == 400


def test_not_qualified_sets_disposition_and_frees_the_block(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["denver_booked"]
    block_id = query(client, sim, phone).json()["blockId"]
    before = capacity(sim, block_id)
    body = patch(client, sim, {"phone": phone, "notQualifiedReason": "Not homeowner"}).json()
    assert body["disposition"] == "Not homeowner"
    assert body["appointmentStatus"] == "Cancelled"
    assert body["blockId"] is None
    assert capacity(sim, block_id) == before + 1


def test_dst_gap_block(sim: SimServer, client: httpx.Client) -> None:
    """2:30 AM does not exist in New York on 2026-03-08; it is read as 3:30 AM EDT (07:30Z)."""
    response = client.post(
        "/_sim/blocks",
        json={"market": "Tampa", "date": "2026-03-08", "startTime": "2:30 AM", "endTime": "4:30 AM", "capacity": 2},
    )
    assert response.status_code == 200, response.text
    block = response.json()
    assert block["start"] == "2026-03-08T07:30:00.000Z"
    assert block["dstNotes"]
    listed = next(s for s in blocks(client, sim, DEMO_PHONES["tampa_new"])["slots"] if s["blockId"] == block["blockId"])
    assert (listed["appointmentDate"], listed["startTime"]) == ("2026-03-08", "2:30 AM")
    lead = patch(client, sim, {"phone": DEMO_PHONES["tampa_new"], "blockId": block["blockId"]}).json()
    assert lead["appointmentStart"] == "2026-03-08T07:30:00.000Z"
    assert lead["appointmentEnd"] == "2026-03-08T08:30:00.000Z"
    assert lead["appointmentStartAMPM"] == "3:30 am"
    phoenix = {"zip": "85004", "date": "2026-03-09", "startTime": "9:00 AM", "endTime": "10:00 AM"}
    by_zip = client.post("/_sim/blocks", json=phoenix)
    assert by_zip.json()["market"] == "Phoenix"
    assert by_zip.json()["start"] == "2026-03-09T16:00:00.000Z"


# ---------------------------------------------------------------- idempotency


def test_patch_idempotency_key_applies_once(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    body = {"phone": phone, "appendComment": "Only once."}
    first = patch(client, sim, body, key="k-1")
    second = patch(client, sim, body, key="k-1")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert query(client, sim, phone).json()["comments"] == ["Only once."]
    effects = sim.state.effects()
    assert effects["byKey"] == {"k-1": 1}
    assert effects["total"] == 1
    assert effects["keysByPhone"] == {phone: ["k-1"]}
    log = [e for e in sim.state.requests() if e["method"] == "PATCH"]
    assert [e["applied"] for e in log] == [True, False]
    assert [e["idempotency_key"] for e in log] == ["k-1", "k-1"]
    conflict = patch(client, sim, {"phone": phone, "appendComment": "Something else."}, key="k-1")
    assert conflict.status_code == 400
    assert s2s_error(conflict) == ["Idempotency-Key was already used with a different request body"]
    # without a key every PATCH applies
    patch(client, sim, {"phone": phone, "appendComment": "again"})
    patch(client, sim, {"phone": phone, "appendComment": "again"})
    assert query(client, sim, phone).json()["comments"] == ["Only once.", "again", "again"]
    assert client.get("/_sim/effects").json()["total"] == 3


def test_failed_requests_are_not_stored_under_the_key(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    sim.state.force("500", path="phone/update")
    assert patch(client, sim, {"phone": phone, "appendComment": "retry me"}, key="k-500").status_code == 500
    retried = patch(client, sim, {"phone": phone, "appendComment": "retry me"}, key="k-500")
    assert retried.status_code == 200
    assert retried.json()["comments"] == ["retry me"]


def test_drop_after_apply_then_retry_returns_the_stored_result(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    slot = open_block(client, sim, phone)
    before = capacity(sim, slot["blockId"])
    sim.state.force("drop_after_apply", path="phone/update", method="PATCH")
    body = {"phone": phone, "blockId": slot["blockId"], "appendComment": "booked on the call"}
    with pytest.raises(httpx.RemoteProtocolError):
        patch(client, sim, body, key="k-drop")
    assert capacity(sim, slot["blockId"]) == before - 1  # it did apply
    retry = patch(client, sim, body, key="k-drop")
    assert retry.status_code == 200
    assert retry.json()["blockId"] == slot["blockId"]
    assert capacity(sim, slot["blockId"]) == before - 1
    assert retry.json()["comments"] == ["booked on the call"]
    assert sim.state.effects()["byKey"] == {"k-drop": 1}
    faults = [e["fault"] for e in sim.state.requests() if e["method"] == "PATCH"]
    assert faults == ["drop_after_apply", None]


# ---------------------------------------------------------------- Zapier


def test_zapier_flow_lead_slots_appointment_visible_to_s2s(sim: SimServer, client: httpx.Client) -> None:
    phone = "+13035552188"
    created = zap_lead(client, sim, phone, email="pat@example.com", source="zapier", product="Solar")
    assert created.status_code == 200, created.text
    lead = created.json()
    assert set(lead) == {"ok", "oneTimeToken", "leadId"}
    assert lead["ok"] is True
    assert lead["oneTimeToken"].startswith("otp_")
    assert lead["leadId"].startswith("lead_")
    found = query(client, sim, phone).json()
    assert found["name"] == "Pat Lee"
    assert found["leadId"] == lead["leadId"]
    assert found["city"] == "Denver"
    assert found["source"] == "zapier"
    assert found["product"] == "Solar"
    assert ISO_MS.match(found["createdDate"])
    ott = lead["oneTimeToken"]
    slots = client.get(f"{ZAP}/slots", params={"oneTimeToken": ott}, headers=zap_headers(sim))
    assert slots.status_code == 200
    parsed = SlotsResult.model_validate(slots.json())
    assert parsed.one_time_token == ott
    assert parsed.time_zone == "America/Denver"
    assert list(slots.json()) == ["ok", "oneTimeToken", "timeZone", "slots"]
    slot = next(s for s in slots.json()["slots"] if s["availableSlots"] > 0)
    before = capacity(sim, slot["blockId"])
    booked = client.post(
        f"{ZAP}/appointment", json={"blockId": slot["blockId"], "oneTimeToken": ott}, headers=zap_headers(sim)
    )
    assert booked.status_code == 200, booked.text
    assert booked.json()["ok"] is True
    assert booked.json()["status"] == "confirmed"
    assert booked.json()["appointmentId"].startswith("appt_")
    assert capacity(sim, slot["blockId"]) == before - 1
    after = query(client, sim, phone).json()
    assert after["blockId"] == slot["blockId"]
    assert after["appointmentStatus"] == "Confirmed"
    # the shared capacity shows on the S2S side too
    s2s_slot = next(s for s in blocks(client, sim, phone)["slots"] if s["blockId"] == slot["blockId"])
    assert s2s_slot["availableSlots"] == before - 1
    # the one-time token is spent
    again = client.get(f"{ZAP}/slots", params={"oneTimeToken": ott}, headers=zap_headers(sim))
    assert again.status_code == 400
    assert again.json()["error"] == "validation_error"
    rebook = client.post(
        f"{ZAP}/appointment",
        json={"blockId": slot["blockId"], "oneTimeToken": ott},
        headers=zap_headers(sim, **{"x-idempotency-key": "fresh"}),
    )
    assert rebook.status_code == 400
    assert rebook.json()["error"] == "validation_error"


def test_zapier_lead_validation(sim: SimServer, client: httpx.Client) -> None:
    def post(body: Any) -> dict[str, Any]:
        response = client.post(f"{ZAP}/lead", json=body, headers=zap_headers(sim))
        assert response.status_code == 400
        data: dict[str, Any] = response.json()
        assert data["ok"] is False
        assert data["error"] == "validation_error"
        return data

    assert "phone is required" in post({"zip": "80202"})["message"]
    assert "zip is required" in post({"phone": "+13035552188"})["message"]
    assert "zip must be a valid US ZIP code" in post({"phone": "+13035552188", "zip": "00000"})["message"]
    assert "phone must be a valid phone number" in post({"phone": "+1234567890", "zip": "80202"})["message"]
    assert (
        "property primaryPhone should not exist"
        in post({"phone": "+13035552188", "zip": "80202", "primaryPhone": "x"})["message"]
    )
    post(["nope"])
    assert sim.state.effects()["total"] == 0


def test_zapier_slots_and_appointment_errors(sim: SimServer, client: httpx.Client) -> None:
    missing = client.get(f"{ZAP}/slots", headers=zap_headers(sim))
    assert missing.status_code == 400
    assert missing.json()["error"] == "missing_one_time_token"
    unknown = client.get(f"{ZAP}/slots", params={"oneTimeToken": "otp_nope"}, headers=zap_headers(sim))
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "validation_error"
    no_ott = client.post(f"{ZAP}/appointment", json={"blockId": "x"}, headers=zap_headers(sim))
    assert no_ott.status_code == 400
    assert no_ott.json()["error"] == "missing_one_time_token"
    ott = zap_lead(client, sim, "+13035552188").json()["oneTimeToken"]
    no_block = client.post(f"{ZAP}/appointment", json={"oneTimeToken": ott}, headers=zap_headers(sim))
    assert no_block.status_code == 400
    assert no_block.json()["error"] == "validation_error"
    bad_block = client.post(
        f"{ZAP}/appointment", json={"oneTimeToken": ott, "blockId": "a0p8X00000NOTREAL"}, headers=zap_headers(sim)
    )
    assert bad_block.json()["error"] == "validation_error"
    # a refused booking leaves the token usable
    assert client.get(f"{ZAP}/slots", params={"oneTimeToken": ott}, headers=zap_headers(sim)).status_code == 200


def _book_iso(client: httpx.Client, sim: SimServer, ott: str, when: str, zone: str | None = None) -> httpx.Response:
    body = {"oneTimeToken": ott, "blockId": when}
    if zone:
        body["timeZone"] = zone
    return client.post(f"{ZAP}/appointment", json=body, headers=zap_headers(sim, **{"x-idempotency-key": when}))


def test_zapier_books_by_iso_datetime(sim: SimServer, client: httpx.Client) -> None:
    # a late block far from the seeded ones (the last seeded Denver block starts at 5:30 PM)
    block = sim.state.add_block(
        market="Denver", day=date(2026, 3, 5), start_time="9:00 PM", end_time="10:00 PM", capacity=3
    )
    ott = zap_lead(client, sim, "+13035552188").json()["oneTimeToken"]
    far = _book_iso(client, sim, ott, "2026-03-05T03:00:00-07:00")
    assert far.status_code == 400
    assert far.json()["error"] == "validation_error"
    no_zone = _book_iso(client, sim, ott, "2026-03-05T21:40:00")
    assert no_zone.status_code == 400
    assert "timeZone is required" in no_zone.json()["message"]
    ok = _book_iso(client, sim, ott, "2026-03-05T21:40:00-07:00")  # 40 minutes after the block starts
    assert ok.status_code == 200, ok.text
    lead = query(client, sim, "+13035552188").json()
    assert lead["blockId"] == block["blockId"]
    assert lead["appointmentStart"] == "2026-03-06T04:00:00.000Z"
    assert lead["appointmentStartAMPM"] == "9:00 pm"
    # a wall time without an offset is read in the given zone
    ott2 = zap_lead(client, sim, "+13035552189").json()["oneTimeToken"]
    assert _book_iso(client, sim, ott2, "2026-03-05T20:15:00", "America/Denver").status_code == 200
    assert query(client, sim, "+13035552189").json()["blockId"] == block["blockId"]
    ott3 = zap_lead(client, sim, "+13035552187").json()["oneTimeToken"]
    assert _book_iso(client, sim, ott3, "2026-03-06T04:59:00Z").status_code == 200  # 59 minutes after
    assert capacity(sim, block["blockId"]) == 0
    ott4 = zap_lead(client, sim, "+13035552186").json()["oneTimeToken"]
    full = _book_iso(client, sim, ott4, "2026-03-05T21:00:00-07:00")
    assert full.status_code == 400
    assert "no available block" in full.json()["message"]


def test_zapier_existing_phone_force_new_and_deferred(sim: SimServer, client: httpx.Client) -> None:
    existing = DEMO_PHONES["honolulu"]
    old_id = query(client, sim, existing).json()["leadId"]
    reused = zap_lead(client, sim, existing, zip_code="96815").json()
    assert reused["leadId"] == old_id
    # without x-idempotency-key the default key {name}|{phone}|{zip} replays the first answer
    assert zap_lead(client, sim, existing, zip_code="96815", forceNewLead=True).json() == reused
    forced = client.post(
        f"{ZAP}/lead",
        json={"name": "Pat Lee", "phone": existing, "zip": "96815", "forceNewLead": True},
        headers=zap_headers(sim, **{"x-idempotency-key": "force-1"}),
    ).json()
    assert forced["leadId"] != old_id
    assert query(client, sim, existing).json()["leadId"] == forced["leadId"]
    phone = "+14805552133"
    deferred = zap_lead(client, sim, phone, zip_code="85004", deferCrmSaveUntilAppointment=True).json()
    assert query(client, sim, phone).status_code == 404
    slots = client.get(f"{ZAP}/slots", params={"oneTimeToken": deferred["oneTimeToken"]}, headers=zap_headers(sim))
    slot = next(s for s in slots.json()["slots"] if s["availableSlots"] > 0)
    assert slots.json()["timeZone"] == "America/Phoenix"
    booked = client.post(
        f"{ZAP}/appointment",
        json={"blockId": slot["blockId"], "oneTimeToken": deferred["oneTimeToken"]},
        headers=zap_headers(sim),
    )
    assert booked.status_code == 200
    assert query(client, sim, phone).json()["leadId"] == deferred["leadId"]


def test_zapier_idempotency(sim: SimServer, client: httpx.Client) -> None:
    body = {"name": "Kim Park", "phone": "+13035552177", "zip": "80203"}
    headers = zap_headers(sim, **{"x-idempotency-key": "lead-1"})
    first = client.post(f"{ZAP}/lead", json=body, headers=headers)
    second = client.post(f"{ZAP}/lead", json=body, headers=headers)
    assert first.json() == second.json()
    conflict = client.post(f"{ZAP}/lead", json={**body, "email": "k@example.com"}, headers=headers)
    assert conflict.status_code == 400
    assert conflict.json()["error"] == "validation_error"
    # no header: the default key {name}|{phone}|{zip} dedupes too
    other = {"name": "Lou Park", "phone": "+13035552176", "zip": "80203"}
    a = client.post(f"{ZAP}/lead", json=other, headers=zap_headers(sim)).json()
    b = client.post(f"{ZAP}/lead", json={**other, "email": "lou@example.com"}, headers=zap_headers(sim)).json()
    assert a == b
    assert sim.state.effects()["byKey"] == {"lead-1": 1, "Lou Park|+13035552176|80203": 1}


# ---------------------------------------------------------------- rate limit


def test_rate_limit_429_with_retry_after() -> None:
    with SimServer(today=MONDAY, rate_limit=3) as sim, httpx.Client(base_url=sim.url) as client:
        for _ in range(3):
            assert query(client, sim, DEMO_PHONES["tampa_new"]).status_code == 200
        limited = query(client, sim, DEMO_PHONES["tampa_new"])
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["Retry-After"]) <= 60
        assert limited.json() == {
            "statusCode": 429,
            "message": ["ThrottlerException: Too Many Requests"],
            "error": "Too Many Requests",
        }
        zap = client.get(f"{ZAP}/auth-test", headers=zap_headers(sim))
        assert zap.status_code == 429
        assert zap.json() == {"ok": False, "error": "rate_limited"}
        assert "Retry-After" in zap.headers
        # other tokens and the admin routes are not limited
        assert client.get("/_sim/info").status_code == 200
        client.post("/_sim/faults", json={"rate_limit": 0})
        assert query(client, sim, DEMO_PHONES["tampa_new"]).status_code == 200


def test_rate_limit_window_slides() -> None:
    state = SimState(today=MONDAY, rate_limit=2, rate_window_s=0.3)
    assert state.rate_check("t") is None
    assert state.rate_check("t") is None
    assert state.rate_check("t") == 1
    assert state.rate_check("other") is None
    time.sleep(0.35)
    assert state.rate_check("t") is None


# ---------------------------------------------------------------- faults


def test_latency(sim: SimServer, client: httpx.Client) -> None:
    client.post("/_sim/faults", json={"latency_ms": 250})
    started = time.monotonic()
    assert query(client, sim, DEMO_PHONES["tampa_new"]).status_code == 200
    assert time.monotonic() - started >= 0.25
    started = time.monotonic()
    client.get("/_sim/faults")
    assert time.monotonic() - started < 0.25  # admin routes are never slowed


def test_error_rate_gives_500s_in_each_family(sim: SimServer, client: httpx.Client) -> None:
    assert client.post("/_sim/faults", json={"error_rate": 1.0}).json()["error_rate"] == 1.0
    s2s = query(client, sim, DEMO_PHONES["tampa_new"])
    assert s2s.status_code == 500
    assert s2s.json() == {"statusCode": 500, "message": ["Internal server error"], "error": "Internal Server Error"}
    zap = client.get(f"{ZAP}/auth-test", headers=zap_headers(sim))
    assert zap.status_code == 500
    assert zap.json() == {"ok": False, "error": "internal_error"}
    # faults are decided before effects
    assert patch(client, sim, {"phone": DEMO_PHONES["tampa_new"], "appendComment": "x"}).status_code == 500
    assert sim.state.effects()["total"] == 0


def test_random_faults_are_seeded() -> None:
    outcomes = []
    for _ in range(2):
        state = SimState(today=MONDAY, faults=Faults(error_rate=0.5))
        outcomes.append([state.next_fault("GET", "/x") for _ in range(20)])
    assert outcomes[0] == outcomes[1]
    assert "500" in outcomes[0]
    assert None in outcomes[0]


def test_drop_rate_breaks_the_response(sim: SimServer, client: httpx.Client) -> None:
    sim.state.set_faults(drop_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        query(client, sim, DEMO_PHONES["tampa_new"])
    with pytest.raises(httpx.RemoteProtocolError):
        patch(client, sim, {"phone": DEMO_PHONES["tampa_new"], "appendComment": "lost"}, key="k")
    assert sim.state.effects()["total"] == 0  # a plain drop happens before any effect
    assert client.get("/_sim/info").status_code == 200


def test_timeout_rate_hangs_past_the_client_timeout(sim: SimServer) -> None:
    sim.state.set_faults(timeout_rate=1.0, hang_s=10.0)
    with httpx.Client(base_url=sim.url, timeout=0.3) as client:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            query(client, sim, DEMO_PHONES["tampa_new"])
        assert time.monotonic() - started < 2
        sim.state.set_faults(timeout_rate=0.0)
        assert query(client, sim, DEMO_PHONES["tampa_new"]).status_code == 200
    deadline = time.monotonic() + 2
    while not any(e["status"] == 499 for e in sim.state.requests()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [e["status"] for e in sim.state.requests() if e["fault"] == "timeout"] == [499]


def _wait_for(condition: Any, within: float = 3.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "the simulator did not get there in time"
        time.sleep(0.02)


def test_apply_then_hang_applies_and_holds_the_answer_past_the_client_timeout(sim: SimServer) -> None:
    phone = DEMO_PHONES["tampa_new"]
    body = {"phone": phone, "appendComment": "applied, answer late"}
    sim.state.set_faults(hang_s=10.0)
    sim.state.force("apply_then_hang", path="phone/update", method="PATCH")
    with httpx.Client(base_url=sim.url, timeout=0.3) as client:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            patch(client, sim, body, key="k-hang")
        assert time.monotonic() - started < 2
        assert sim.state.lead_snapshot(phone)["comments"] == ["applied, answer late"]  # type: ignore[index]
        retry = patch(client, sim, body, key="k-hang")
    assert retry.status_code == 200 and retry.json()["comments"] == ["applied, answer late"]
    assert sim.state.effects()["byKey"] == {"k-hang": 1}
    _wait_for(lambda: sim.state.requests()[0]["status"] == 499)
    first, second = sim.state.requests()
    assert (first["fault"], first["applied"], first["status"]) == ("apply_then_hang", True, 499)
    assert (second["fault"], second["applied"], second["status"]) == (None, False, 200)
    assert 0.25 < first["seconds"] < 2  # held until the client gave up


def test_in_progress_is_a_409_after_the_twin_applied_the_change(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    body = {"phone": phone, "appendComment": "twin"}
    sim.state.force("in_progress", path="phone/update")
    conflict = patch(client, sim, body, key="k-twin")
    assert conflict.status_code == 409
    assert s2s_error(conflict) == ["A request with this Idempotency-Key is still being processed"]
    assert conflict.json()["error"] == "Conflict"
    assert sim.state.lead_snapshot(phone)["comments"] == ["twin"]  # type: ignore[index]
    replay = patch(client, sim, body, key="k-twin")
    assert replay.status_code == 200 and replay.json()["comments"] == ["twin"]
    assert sim.state.effects()["byKey"] == {"k-twin": 1}
    # Zapier: the same, in the family's shape
    sim.state.force("in_progress", path="/zaps/lead")
    lead_body = {"name": "Pat Lee", "phone": "+13035552188", "zip": "80202"}
    zap_conflict = client.post(f"{ZAP}/lead", json=lead_body, headers=zap_headers(sim, **{"x-idempotency-key": "z"}))
    assert zap_conflict.status_code == 409
    assert zap_conflict.json() == {
        "ok": False,
        "error": "idempotency_key_in_progress",
        "message": "A request with this x-idempotency-key is still being processed",
    }
    created = client.post(f"{ZAP}/lead", json=lead_body, headers=zap_headers(sim, **{"x-idempotency-key": "z"}))
    assert created.status_code == 200 and sim.state.effects()["byKey"]["z"] == 1
    # a request without an idempotency key cannot be "in progress": it is served as it is
    sim.state.force("in_progress")
    assert query(client, sim, phone).status_code == 200
    faults = [(e["fault"], e["status"]) for e in sim.state.requests()]
    assert faults == [("in_progress", 409), (None, 200), ("in_progress", 409), (None, 200), (None, 200)]


def test_drip_sends_the_real_answer_a_few_bytes_at_a_time(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    real = query(client, sim, phone)
    sim.state.set_faults(drip_s=1.0)
    sim.state.force("drip", path="phone/query")
    with httpx.Client(base_url=sim.url, timeout=0.3) as slow:  # a read timeout alone never fires
        started = time.monotonic()
        pieces: list[int] = []
        with slow.stream("GET", f"{S2S}/phone/query", params={"phone": phone}, headers=s2s_headers(sim)) as response:
            assert response.headers["content-length"] == str(len(real.content))
            pieces.extend(len(chunk) for chunk in response.iter_raw())
        elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 3
    assert sum(pieces) == len(real.content) and len(pieces) >= 10 and max(pieces) <= 64
    _wait_for(lambda: "seconds" in sim.state.requests()[-1])
    entry = sim.state.requests()[-1]
    assert (entry["fault"], entry["status"]) == ("drip", 200) and entry["seconds"] >= 0.9
    assert sim.state.traffic()["longest"]["fault"] == "drip"


def test_drip_stops_when_the_client_goes_away(sim: SimServer) -> None:
    sim.state.set_faults(drip_s=30.0)
    sim.state.force("drip", path="phone/update")
    body = {"phone": DEMO_PHONES["tampa_new"], "appendComment": "slow answer"}
    with (
        httpx.Client(base_url=sim.url, timeout=5.0) as client,
        client.stream("PATCH", f"{S2S}/phone/update", json=body, headers=s2s_headers(sim)) as response,
    ):
        first = next(response.iter_raw())
        assert first and response.status_code == 200
    _wait_for(lambda: "seconds" in sim.state.requests()[-1])
    entry = sim.state.requests()[-1]
    assert entry["applied"] and entry["seconds"] < 5  # it ran, and stopped when the client left
    assert sim.state.effects()["total"] == 1


def test_retry_after_long_is_a_429_that_asks_for_a_day(sim: SimServer, client: httpx.Client) -> None:
    body = {"phone": DEMO_PHONES["tampa_new"], "appendComment": "later"}
    sim.state.force("retry_after_long", path="phone/update")
    refused = patch(client, sim, body, key="k-later")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "86400"
    assert s2s_error(refused) == ["ThrottlerException: Too Many Requests"]
    sim.state.set_faults(long_retry_after_s=600.5)
    sim.state.force("retry_after_long", path="/zaps/auth-test")
    zap = client.get(f"{ZAP}/auth-test", headers=zap_headers(sim))
    assert zap.status_code == 429 and zap.headers["Retry-After"] == "601"
    assert sim.state.effects()["total"] == 0  # decided before any effect
    assert patch(client, sim, body, key="k-later").status_code == 200


def test_unreadable_after_apply_sends_the_real_answer_cut_in_half(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    body = {"phone": phone, "appendComment": "landed"}
    sim.state.set_faults(unreadable_after_apply_rate=1.0)
    broken = patch(client, sim, body, key="k-cut")
    assert broken.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        broken.json()
    sim.state.set_faults(unreadable_after_apply_rate=0.0)
    whole = patch(client, sim, body, key="k-cut")
    assert whole.content.startswith(broken.content) and len(broken.content) == len(whole.content) // 2
    assert whole.json()["comments"] == ["landed"]
    assert sim.state.effects()["byKey"] == {"k-cut": 1}
    assert [e["fault"] for e in sim.state.requests()] == ["unreadable_after_apply", None]


def test_every_fault_kind_is_drawn_at_its_rate_and_counted_past_the_log_cap() -> None:
    rates = {name: 0.05 for name in RATE_KNOBS}
    with SimServer(today=MONDAY, rate_limit=None, max_log=5, faults=Faults(hang_s=0.0, drip_s=0.0, **rates)) as sim:
        seen: Counter[str] = Counter()
        with httpx.Client(base_url=sim.url, timeout=5.0) as client:
            for n in range(400):
                try:
                    response = patch(client, sim, {"phone": DEMO_PHONES["tampa_new"]}, key=f"k{n}")
                    seen[str(response.status_code)] += 1
                except httpx.HTTPError:
                    seen["broken"] += 1
        counted = sim.state.traffic()
        assert len(sim.state.requests()) == 5  # the log is capped ...
        assert counted["requests"] == 400  # ... the counts are not
        assert set(counted["faults"]) == {
            "500", "drop", "timeout", "429", "drop_after_apply", "apply_then_hang", "in_progress", "drip",
            "retry_after_long", "unreadable_after_apply",
        }  # fmt: skip
        assert 0.35 < counted["faulted"] / 400 < 0.65
        assert all(10 <= n <= 40 for n in counted["faults"].values()), counted["faults"]
        assert seen["409"] == counted["faults"]["in_progress"]
        assert seen["429"] == counted["faults"]["429"] + counted["faults"]["retry_after_long"]
        # hang_s is 0 here: a "timeout" is served once its (empty) hang is over, like one a client waits out
        applied_kinds = (
            "timeout",
            "drop_after_apply",
            "apply_then_hang",
            "in_progress",
            "drip",
            "unreadable_after_apply",
        )
        clean = 400 - counted["faulted"]
        assert sim.state.effects()["total"] == clean + sum(counted["faults"][k] for k in applied_kinds)
        with httpx.Client(base_url=sim.url) as admin:
            assert admin.get("/_sim/traffic").json() == sim.state.traffic()
            admin.delete("/_sim/requests")
            assert admin.get("/_sim/traffic").json() == {"requests": 0, "faulted": 0, "faults": {}, "longest": None}


def test_new_fault_knobs_over_the_faults_endpoint(sim: SimServer, client: httpx.Client) -> None:
    changes = {
        "apply_then_hang_rate": 0.05,
        "in_progress_rate": 0.05,
        "drip_rate": 0.05,
        "retry_after_long_rate": 0.05,
        "unreadable_after_apply_rate": 0.05,
        "drip_s": 2.5,
        "long_retry_after_s": 3600,
        "force": ["in_progress", {"outcome": "drip", "path": "phone/update"}, "unreadable_after_apply"],
    }
    knobs = client.post("/_sim/faults", json=changes).json()
    assert {k: knobs[k] for k in changes if k != "force"} == {k: v for k, v in changes.items() if k != "force"}
    assert [f["outcome"] for f in knobs["force"]] == ["in_progress", "drip", "unreadable_after_apply"]
    assert client.post("/_sim/faults", json={"drip_rate": 0.9}).status_code == 400  # over 1 in all
    assert client.post("/_sim/faults", json={"drip_s": -1}).status_code == 400
    assert client.post("/_sim/faults", json={"long_retry_after_s": "a day"}).status_code == 400
    with pytest.raises(ValueError, match="malformed"):
        sim.state.force("drip", malformed=MalformedResponse("json", body={}))


def test_request_log_is_in_arrival_order_with_requests_in_flight(sim: SimServer) -> None:
    sim.state.force("timeout", path="dispositions")
    sim.state.set_faults(hang_s=10.0)
    with httpx.Client(base_url=sim.url, timeout=0.3) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get(f"{S2S}/phone/query/dispositions", headers=s2s_headers(sim))
        assert query(client, sim, DEMO_PHONES["tampa_new"]).status_code == 200
    paths = [e["path"].rsplit("/", 1)[-1] for e in sim.state.requests()]
    assert paths == ["dispositions", "query"]


def test_forced_outcomes_in_order_with_filters(sim: SimServer, client: httpx.Client) -> None:
    response = client.post(
        "/_sim/faults",
        json={"force": ["503", {"outcome": "429", "path": "dispositions"}, {"outcome": "500", "method": "PATCH"}]},
    )
    assert [f["outcome"] for f in response.json()["force"]] == ["503", "429", "500"]
    dispositions = f"{S2S}/phone/query/dispositions"
    first = client.get(dispositions, headers=s2s_headers(sim))
    assert first.status_code == 503
    assert first.json()["error"] == "Service Unavailable"
    assert query(client, sim, DEMO_PHONES["tampa_new"]).status_code == 200  # no filter matches a query
    second = client.get(dispositions, headers=s2s_headers(sim))
    assert second.status_code == 429
    assert second.headers["Retry-After"] == "1"
    assert patch(client, sim, {"phone": DEMO_PHONES["tampa_new"]}).status_code == 500
    assert client.get(dispositions, headers=s2s_headers(sim)).status_code == 200
    assert client.get("/_sim/faults").json()["force"] == []


def test_fault_knobs_validate(sim: SimServer, client: httpx.Client) -> None:
    assert client.post("/_sim/faults", json={"error_rate": 2}).status_code == 400
    assert client.post("/_sim/faults", json={"nope": 1}).status_code == 400
    assert client.post("/_sim/faults", json={"force": ["explode"]}).status_code == 400
    with pytest.raises(ValueError, match="outcome"):
        sim.state.force("explode")


def test_malformed_answers_replace_the_real_one(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    real = query(client, sim, phone)
    state = sim.state
    state.force_malformed("json", path="phone/query", body={"phone": None, "createdDate": "2025-02-30"})
    state.force_malformed("json", path="phone/query", status=400, body=[1, "two"])
    state.force_malformed("truncated", path="phone/query")
    state.force_malformed("html", path="phone/query")
    state.force_malformed("html", path="phone/query", status=502)
    state.force_malformed("empty", path="phone/query")
    state.force_malformed("huge", path="phone/query", size=1000)
    state.force_malformed("raw", path="phone/query", body="[" * 1000)
    answers = [query(client, sim, phone) for _ in range(8)]
    assert [r.status_code for r in answers] == [200, 400, 200, 200, 502, 200, 200, 200]
    assert answers[0].json() == {"phone": None, "createdDate": "2025-02-30"}
    assert answers[0].headers["content-type"] == "application/json"
    assert answers[1].json() == [1, "two"]
    truncated = answers[2]  # a complete message whose body is the first half of the real JSON
    assert real.content.startswith(truncated.content) and len(truncated.content) == len(real.content) // 2
    assert int(truncated.headers["content-length"]) == len(truncated.content)
    with pytest.raises(json.JSONDecodeError):
        truncated.json()
    for page in answers[3:5]:
        assert page.headers["content-type"].startswith("text/html")
        assert "<h1>502 Bad Gateway</h1>" in page.text
    assert answers[5].content == b""
    assert answers[6].json() == {**real.json(), "padding": "x" * 1000}
    assert answers[7].text == "[" * 1000
    log = state.requests()
    assert [e["fault"] for e in log] == [None] + [
        f"malformed:{k}" for k in ("json", "json", "truncated", "html", "html", "empty", "huge", "raw")
    ]
    assert [e["status"] for e in log[1:]] == [r.status_code for r in answers]
    assert query(client, sim, phone).json() == real.json()  # used up: back to the real answer


def test_malformed_update_applies_only_when_built_from_the_real_answer(sim: SimServer, client: httpx.Client) -> None:
    phone = DEMO_PHONES["tampa_new"]
    sim.state.force_malformed("json", path="phone/update", body={"ok": True})
    assert patch(client, sim, {"phone": phone, "appendComment": "not applied"}, key="k-json").json() == {"ok": True}
    assert sim.state.effects()["total"] == 0  # the route did not run
    sim.state.force("malformed", path="phone/update", method="PATCH")  # default: the real answer, truncated
    broken = patch(client, sim, {"phone": phone, "appendComment": "applied"}, key="k-cut")
    with pytest.raises(json.JSONDecodeError):
        broken.json()
    retried = patch(client, sim, {"phone": phone, "appendComment": "applied"}, key="k-cut")
    assert retried.json()["comments"] == ["applied"]  # stored under the key: one effect
    assert sim.state.effects()["byKey"] == {"k-cut": 1}
    patches = [(e["fault"], e["applied"]) for e in sim.state.requests() if e["method"] == "PATCH"]
    assert patches == [("malformed:json", False), ("malformed:truncated", True), (None, False)]


def test_malformed_through_the_faults_endpoint(sim: SimServer, client: httpx.Client) -> None:
    force = [
        {"outcome": "malformed", "path": "dispositions", "kind": "html", "status": 502},
        {"outcome": "malformed", "path": "auth-test", "malformed": {"kind": "json", "body": {"ok": "yes"}}},
        "malformed",
    ]
    shown = client.post("/_sim/faults", json={"force": force}).json()["force"]
    assert [f["malformed"]["kind"] for f in shown] == ["html", "json", "truncated"]
    assert client.post("/_sim/faults", json={"force": shown}).json()["force"] == shown  # GET's shape round-trips
    assert client.get(f"{S2S}/phone/query/dispositions", headers=s2s_headers(sim)).status_code == 502
    assert client.get(f"{ZAP}/auth-test", headers=zap_headers(sim)).json() == {"ok": "yes"}
    assert client.get("/_sim/faults").json()["force"] == [shown[2]]
    for bad in (
        {"outcome": "malformed", "kind": "bogus"},
        {"outcome": "malformed", "kind": "html", "status": 99},
        {"outcome": "malformed", "kind": "empty", "body": "x"},
        {"outcome": "malformed", "kind": "huge", "body": [1]},
        {"outcome": "500", "kind": "json"},
        {"outcome": "malformed", "kind": "json", "malformed": {"kind": "json"}},
    ):
        assert client.post("/_sim/faults", json={"force": [bad]}).status_code == 400, bad
    with pytest.raises(ValueError, match="kind"):
        sim.state.force_malformed("xml")
    with pytest.raises(ValueError, match="JSON"):
        sim.state.force_malformed("json", body={"when": datetime(2026, 3, 2, tzinfo=UTC)})


# ---------------------------------------------------------------- admin and the request log


def test_request_log_never_holds_the_token(sim: SimServer, client: httpx.Client) -> None:
    token = sim.state.token
    query(client, sim, DEMO_PHONES["tampa_new"])
    patch(client, sim, {"phone": DEMO_PHONES["tampa_new"], "token": token}, key=f"key-{token}")
    client.get(f"{S2S}/phone/query", params={"phone": DEMO_PHONES["tampa_new"], "token": token})
    zap_lead(client, sim, "+13035552188", comments=f"my token is {token}")
    client.get(f"{ZAP}/auth-test", headers={"x-heavyset-token": DEFAULT_DEMO_TOKEN})
    log = client.get("/_sim/requests").json()
    assert len(log) == 5
    text = json.dumps(log)
    assert token not in text
    assert DEFAULT_DEMO_TOKEN not in text
    first = log[0]
    assert set(first) >= {"method", "path", "query", "idempotency_key", "body", "status", "applied"}
    assert first["query"] == {"phone": DEMO_PHONES["tampa_new"]}
    assert first["body"] is None
    assert log[1]["body"]["token"] == "<redacted>"
    assert log[1]["status"] == 400
    assert [e["status"] for e in log] == [200, 400, 401, 200, 403]
    assert log[2]["query"]["token"] == "<redacted>"
    assert client.delete("/_sim/requests").status_code == 200
    assert client.get("/_sim/requests").json() == []


def test_admin_reset_leads_clock_and_info(sim: SimServer, client: httpx.Client) -> None:
    phone = "+17205552155"
    added = client.post("/_sim/leads", json={"phone": phone, "zip": "80205", "name": "Ada Test", "optOutText": True})
    assert added.status_code == 200, added.text
    assert added.json()["opt_out_text"] is True
    assert query(client, sim, phone).json()["name"] == "Ada Test"
    raw = client.get(f"/_sim/leads/{phone}").json()
    assert raw["market"] == "Denver"
    assert raw["deferred"] is False
    assert client.get(f"/_sim/leads/{UNKNOWN_PHONE}").status_code == 404
    client.post("/_sim/faults", json={"latency_ms": 5})
    assert client.post("/_sim/reset").status_code == 200
    assert client.get("/_sim/requests").json() == []
    assert client.get("/_sim/faults").json()["latency_ms"] == 0
    assert query(client, sim, phone).status_code == 404
    clock = client.post("/_sim/clock", json={"today": "2026-04-06"}).json()
    assert clock["today"] == "2026-04-06"
    first = blocks(client, sim, DEMO_PHONES["tampa_new"])["slots"][0]
    assert first["appointmentDate"] == "2026-04-06"
    info = client.get("/_sim/info").json()
    assert info["crmSettingsId"] == DEFAULT_CRM_SETTINGS_ID
    assert info["demoPhones"] == DEMO_PHONES
    assert sim.state.token not in json.dumps(info)
    assert len(client.get("/_sim/blocks", params={"market": "Honolulu"}).json()) >= 56


def test_seed_data_is_deterministic_and_rich() -> None:
    a, b = SimState(today=MONDAY), SimState(today=MONDAY)
    assert a.blocks_snapshot() == b.blocks_snapshot()
    assert a.lead_snapshot(DEMO_PHONES["phoenix_booked"]) == b.lead_snapshot(DEMO_PHONES["phoenix_booked"])
    assert a.info()["leads"] >= 220
    assert any(block["availableSlots"] == 0 for block in a.blocks_snapshot())
    phoenix = a.query_lead(DEMO_PHONES["phoenix_booked"])
    assert phoenix["appointmentStatus"] == "Confirmed"
    assert phoenix["timeZone"] == "America/Phoenix"
    assert a.query_lead(DEMO_PHONES["honolulu"])["timeZone"] == "Pacific/Honolulu"
    opted = a.query_lead(DEMO_PHONES["atlanta_opted_out"])
    assert opted["optOutText"]
    assert opted["optOutEmail"]
    assert opted["optOutPhone"]
    assert opted["tcpa"] is False
    assert a.query_lead(DEMO_PHONES["dallas_cancelled"])["appointmentStatus"] == "Cancelled"


def test_state_is_thread_safe_under_concurrent_bookings(sim: SimServer) -> None:
    """Eight leads race for a block with room for three: exactly three win."""
    block = sim.state.add_block(
        market="Tampa", day=date(2026, 3, 6), start_time="7:00 AM", end_time="8:00 AM", capacity=3
    )
    phones = [f"+1813555212{i}" for i in range(8)]
    for phone in phones:
        sim.state.add_lead(phone, zip="33606")
    results: list[int] = []

    def book(phone: str) -> None:
        with httpx.Client(base_url=sim.url) as c:
            results.append(patch(c, sim, {"phone": phone, "blockId": block["blockId"]}).status_code)

    threads = [threading.Thread(target=book, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200] * 3 + [400] * 5
    assert capacity(sim, block["blockId"]) == 0


def test_admin_routes_answer_loopback_only_and_check_input() -> None:
    async def from_remote() -> int:
        transport = httpx.ASGITransport(app=create_app(SimState(today=MONDAY)), client=("192.0.2.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as remote:
            return (await remote.get("/_sim/info")).status_code

    statuses: list[int] = []  # in a thread of its own: the suite's Qt loop may be "running" here
    worker = threading.Thread(target=lambda: statuses.append(asyncio.run(from_remote())))
    worker.start()
    worker.join()
    assert statuses == [403]
    with SimServer(today=MONDAY) as sim, httpx.Client(base_url=sim.url) as client:
        nowhere = {"market": "Nowhere", "date": "2026-03-03", "startTime": "9:00 AM", "endTime": "10:00 AM"}
        assert client.post("/_sim/blocks", json=nowhere).status_code == 400
        assert client.post("/_sim/blocks", json={"market": "Tampa"}).status_code == 400
        assert client.post("/_sim/leads", json={"zip": "33606"}).status_code == 400
        assert client.post("/_sim/leads", json={"phone": "+18135552111", "bogus": 1}).status_code == 400
        assert client.get("/_sim/clock").json()["today"] == "2026-03-02"
        slot = open_block(client, sim, DEMO_PHONES["tampa_new"])
        added = client.post("/_sim/leads", json={"phone": "+18135552111", "zip": "33606", "blockId": slot["blockId"]})
        assert added.json()["appointment_status"] == "Confirmed"
        assert capacity(sim, slot["blockId"]) == slot["availableSlots"] - 1


def test_sim_imports_only_the_domain_and_the_api_models() -> None:
    import ast
    from pathlib import Path

    import hsconsole.sim

    # the TimeZest simulator reads filters with the client's own TQL grammar (pure Python, no I/O)
    allowed_ours = {"hsconsole.domain", "hsconsole.api.heavyset.models", "hsconsole.api.timezest.tql", "hsconsole.sim"}
    paths = sorted(Path(hsconsole.sim.__file__).parent.rglob("*.py"))
    assert len(paths) > 10  # the simulators' subpackages are read too
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                assert not name.startswith(("PySide6", "qasync", "httpx")), (path.name, name)
                if name.startswith("hsconsole"):
                    assert any(name == ok or name.startswith(ok + ".") for ok in allowed_ours), (path.name, name)

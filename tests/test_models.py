"""Wire models: seed examples parse, requests refuse what the API forbids."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from hsconsole.api.errors import InvalidResponseError
from hsconsole.api.heavyset.models import (
    AppointmentRequest,
    Dispositions,
    ExistingLead,
    LeadCreated,
    LeadSubmission,
    PhoneUpdate,
    S2SErrorPayload,
    SlotsResult,
    TimeSlots,
    ZapierErrorPayload,
)
from hsconsole.api.transport import validate_model

SEED_LEAD: dict[str, Any] = {
    "name": "Jane Doe",
    "address1": "123 Main St",
    "address2": None,
    "city": "Denver",
    "state": "Colorado",
    "stateAlpha2": "CO",
    "zip": "80202",
    "country": "United States",
    "countryAlpha2": "US",
    "countryAlpha3": "USA",
    "phone": "+18015551234",
    "leadId": "a0B8X00000DXabc",
    "prospectId": "p0P8X00000PXabc",
    "createdDate": "2025-03-14T20:25:31.000Z",
    "appointmentStatus": "Confirmed",
    "appointmentStart": "2025-05-16T15:00:00.000Z",
    "appointmentEnd": "2025-05-16T16:00:00.000Z",
    "appointmentStartAMPM": "3:00 pm",
    "appointmentEndAMPM": "4:00 pm",
    "source": "landing-page",
    "sourceType": "web",
    "optOutText": False,
    "optOutEmail": False,
    "tcpa": True,
    "email": "jane@example.com",
    "marketSegment": "Residential",
    "blockId": "a0p8X00000XRDoJQAX",
    "optIn": True,
    "product": "Solar",
    "disposition": "Appointment Set",
    "hearAbout": "Google Search",
    "homeYear": "1998",
    "salesRepName": "John Smith",
    "salesRepEmail": "john@heavyset.tech",
    "salesRepAvatarUrl": "https://cdn.heavyset.tech/avatars/john.png",
}

SEED_SLOTS = {
    "timeZone": "America/New_York",
    "slots": [
        {
            "appointmentDate": "2025-05-20",
            "startTime": "10:00 AM",
            "endTime": "11:30 AM",
            "availableSlots": 3,
            "blockId": "a0p8X00000XRDoJQAX",
            "timeZone": "America/New_York",
        },
        {
            "appointmentDate": "2025-05-20",
            "startTime": "2:00 PM",
            "endTime": "3:30 PM",
            "availableSlots": 1,
            "blockId": "a0p8X00000XRDoJQ2B",
            "timeZone": "America/New_York",
        },
    ],
}


def test_seed_lead_parses_every_field() -> None:
    lead = ExistingLead.model_validate(SEED_LEAD)
    assert lead.created_date == datetime(2025, 3, 14, 20, 25, 31, tzinfo=UTC)
    assert lead.appointment_start_ampm == "3:00 pm"
    assert lead.state_alpha2 == "CO" and lead.sales_rep_avatar_url and lead.home_year == "1998"
    assert lead.first_name == "Jane" and lead.last_name == "Doe"
    assert lead.has_active_appointment
    assert lead.model_dump(mode="json", by_alias=True)["appointmentStartAMPM"] == "3:00 pm"


def test_lead_tolerates_unknown_fields_and_nulls() -> None:
    data = {**SEED_LEAD, "brandNewField": {"x": 1}, "address1": None, "city": None}
    lead = ExistingLead.model_validate(data)
    assert lead.address1 == "" and lead.city == ""
    assert lead.model_extra == {"brandNewField": {"x": 1}}


def test_minimal_lead() -> None:
    lead = ExistingLead.model_validate({"phone": "+18015551234"})
    assert lead.name == "" and lead.appointment_start is None and not lead.has_active_appointment


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"phone": None}, "phone"),
        ({"createdDate": "2025-03-14T20:25:31"}, "createdDate"),
        ({"tcpa": "maybe"}, "tcpa"),
        ({"name": 12}, "name"),
        ({"appointmentStart": "soon"}, "appointmentStart"),
    ],
)
def test_wrong_shape_names_the_field(patch: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidResponseError) as info:
        validate_model({**SEED_LEAD, **patch}, ExistingLead)
    assert info.value.field == field
    assert field in str(info.value)


def test_seed_slots_parse_and_resolve() -> None:
    slots = TimeSlots.model_validate(SEED_SLOTS)
    assert slots.slots[0].appointment_date == date(2025, 5, 20)
    window = slots.slots[1].window(slots.time_zone)
    assert window.start.instant.hour == 14 and window.start.instant.tzname() == "EDT"


def test_slot_zone_falls_back_to_list_zone_and_numeric_block_id() -> None:
    data = {
        "timeZone": "America/Phoenix",
        "slots": [
            {
                "appointmentDate": "2025-05-20",
                "startTime": "10:00 AM",
                "endTime": "11:00 AM",
                "availableSlots": 0,
                "blockId": 20,
            }
        ],
    }
    slots = TimeSlots.model_validate(data)
    assert slots.slots[0].block_id == "20" and slots.slots[0].is_full
    assert slots.slots[0].window(slots.time_zone).zone_name == "America/Phoenix"


@pytest.mark.parametrize(
    ("slot_patch", "field"),
    [
        ({"startTime": "25:00"}, "slots.0.startTime"),
        ({"timeZone": "Mars/Base"}, "slots.0.timeZone"),
        ({"availableSlots": -1}, "slots.0.availableSlots"),
        ({"appointmentDate": "May 20"}, "slots.0.appointmentDate"),
    ],
)
def test_bad_slots_are_left_out_and_named(slot_patch: dict[str, Any], field: str) -> None:
    data = json.loads(json.dumps(SEED_SLOTS))
    data["slots"][0].update(slot_patch)
    slots = validate_model(data, TimeSlots)  # that block is left out and named; the others stay
    assert slots.skipped_fields == [field]
    assert len(slots.slots) == len(SEED_SLOTS["slots"]) - 1


def test_blocks_without_any_zone_take_the_leads_or_are_left_out_and_said() -> None:
    data = {"slots": [{**SEED_SLOTS["slots"][0], "timeZone": None}, SEED_SLOTS["slots"][1]]}
    slots = validate_model(data, TimeSlots)
    assert slots.zone_missing
    placed = slots.with_zone("America/Chicago", "the lead's ZIP")
    assert not placed.zone_missing and placed.zone_source == "the lead's ZIP"
    assert placed.slots[0].window(placed.time_zone).zone_name == "America/Chicago"
    unplaced = slots.with_zone(None, "")
    assert len(unplaced.slots) == len(slots.slots) - 1
    assert unplaced.skipped == ["block 1: timeZone: no time zone, and the lead's is not known"]


def test_phone_update_sends_only_set_fields_normalised() -> None:
    update = PhoneUpdate(phone="(801) 555-1234", first_name="Janet", opt_out_phone=False)
    assert update.to_wire() == {"phone": "+18015551234", "firstName": "Janet", "optOutPhone": False}
    assert update.changes() == {"firstName": "Janet", "optOutPhone": False}


@pytest.mark.parametrize("forbidden", ["primaryPhone", "textPhone", "token", "phoneNumber"])
def test_phone_update_refuses_unknown_fields(forbidden: str) -> None:
    with pytest.raises(ValidationError, match=forbidden):
        PhoneUpdate.model_validate({"phone": "8015551234", forbidden: "x"})


def test_phone_update_cancel_and_block_are_exclusive() -> None:
    with pytest.raises(ValidationError, match="mutually exclusive"):
        PhoneUpdate(phone="8015551234", cancel_appt=True, block_id="a0p8X00000XRDoJQAX")
    assert PhoneUpdate(phone="8015551234", block_id="20", simple_block_id=True).to_wire()["blockId"] == "20"


def test_phone_update_refuses_bad_phone_and_home_year() -> None:
    with pytest.raises(ValidationError, match="phone"):
        PhoneUpdate(phone="555-12")
    with pytest.raises(ValidationError, match=r"home_year|homeYear"):
        PhoneUpdate(phone="8015551234", home_year=12)


def test_lead_submission() -> None:
    lead = LeadSubmission(phone="801.555.1234", zip=" 80202 ", first_name="John", last_name="Doe")
    assert lead.to_wire() == {"phone": "+18015551234", "zip": "80202", "firstName": "John", "lastName": "Doe"}
    with pytest.raises(ValidationError):
        LeadSubmission(phone="8015551234", zip="  ")
    with pytest.raises(ValidationError):
        LeadSubmission.model_validate({"phone": "8015551234", "zip": "80202", "surprise": 1})


def test_appointment_request_datetime_rules() -> None:
    AppointmentRequest(block_id="a0p8X00000XRDoJQAX", one_time_token="otp_x")
    AppointmentRequest(block_id="2025-08-10T10:15:00-06:00", one_time_token="otp_x")
    AppointmentRequest(block_id="2025-08-10T10:15:00", one_time_token="otp_x", time_zone="America/Denver")
    with pytest.raises(ValidationError, match="timeZone is required"):
        AppointmentRequest(block_id="2025-08-10T10:15:00", one_time_token="otp_x")
    with pytest.raises(ValidationError, match="not a valid ISO"):
        AppointmentRequest(block_id="2025-13-10T10:15:00Z", one_time_token="otp_x")


def test_one_time_tokens_stay_out_of_reprs() -> None:
    created = LeadCreated(ok=True, one_time_token="otp_secret123", lead_id="lead_1")
    request = AppointmentRequest(block_id="b1", one_time_token="otp_secret123")
    slots = SlotsResult.model_validate({**SEED_SLOTS, "ok": True, "oneTimeToken": "otp_secret123"})
    for thing in (created, request, slots):
        assert "otp_secret123" not in repr(thing) and "otp_secret123" not in str(thing)


def test_error_payloads() -> None:
    s2s = S2SErrorPayload.model_validate(
        {"statusCode": 400, "message": ["phone must be a string", "token should not be empty"], "error": "Bad Request"}
    )
    assert s2s.message[1] == "token should not be empty"
    assert S2SErrorPayload.model_validate({"statusCode": 404, "message": "nope"}).message == ["nope"]
    zap = ZapierErrorPayload.model_validate({"ok": False, "error": "missing_one_time_token"})
    assert zap.error == "missing_one_time_token"
    assert Dispositions.model_validate({"notQualifiedReasons": ["Renter"]}).not_qualified_reasons == ["Renter"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.sampled_from(sorted(SEED_LEAD)), _json, max_size=8))
def test_any_lead_garbage_is_parsed_or_a_typed_error(patch: dict[str, Any]) -> None:
    try:
        validate_model({**SEED_LEAD, **patch}, ExistingLead)
    except InvalidResponseError as exc:
        assert exc.field  # noqa: PT017 (either outcome is fine; an error must name its field)


@given(_json)
def test_any_slots_garbage_is_parsed_or_a_typed_error(data: Any) -> None:
    try:
        validate_model(data, TimeSlots)
    except InvalidResponseError as exc:
        assert exc.field  # noqa: PT017 (either outcome is fine; an error must name its field)


@pytest.mark.parametrize(
    ("start", "end", "zone", "wanted"),
    [
        ("15:00", "17:30", "America/Denver", ("15:00", "17:30", "America/Denver")),  # the 24-hour clock
        ("08:00:00", "10:00:00", "America/Denver", ("08:00", "10:00", "America/Denver")),
        ("3:00 PM", "5:00 PM", "Mountain Standard Time", ("15:00", "17:00", "America/Denver")),  # a Windows name
        ("3:00 PM", "5:00 PM", "US Mountain Standard Time", ("15:00", "17:00", "America/Phoenix")),
        ("9:00 AM", "11:00 AM", "Hawaiian Standard Time", ("09:00", "11:00", "Pacific/Honolulu")),
    ],
)
def test_blocks_in_forms_a_real_server_plausibly_sends_are_read(
    start: str, end: str, zone: str, wanted: tuple[str, str, str]
) -> None:
    data = {"slots": [{**SEED_SLOTS["slots"][0], "startTime": start, "endTime": end, "timeZone": zone}]}
    slots = validate_model(data, TimeSlots)
    assert slots.skipped == []
    window = slots.slots[0].window(None)
    assert (f"{window.start.wall:%H:%M}", f"{window.end.wall:%H:%M}", window.zone_name) == wanted


@pytest.mark.parametrize("zone", ["Mars Standard Time", "Mountain", "GMT+25"])
def test_a_zone_neither_iana_nor_windows_is_named(zone: str) -> None:
    data = {"slots": [{**SEED_SLOTS["slots"][0], "timeZone": zone}]}
    assert validate_model(data, TimeSlots).skipped_fields == ["slots.0.timeZone"]

"""Every request and response of the HeavySet S2S and Zapier APIs.

camelCase on the wire, snake_case in Python (``by_alias`` on output,
``populate_by_name`` on input). Responses keep unknown fields (``extra="allow"``)
so a new server field never breaks the console; requests forbid them, so a
field the API rejects (``primaryPhone``, ``textPhone``) cannot be built at all.

Choices where seed 001 is loose, written down here and in sim/README.md:

* ExistingLead fields the seed types as plain ``string`` (name, address,
  city, state, ...) arrive as ``str``; ``null`` or absence is read as ``""``
  so that a CRM record without an address still opens. ``phone`` is required.
* ``blockId`` in TimeSlotDto may come as a number when ``simpleBlockId=true``
  ("simple values starting at 20"); it is read as a string either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Annotated, Any, Literal, Self, get_args, get_origin

from annotated_types import MaxLen
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

from hsconsole.api.wire import (
    AmPm,
    BlockId,
    Day,
    Instant,
    Phone,
    PlainStr,
    RequestModel,
    ResponseModel,
    ZoneName,
    number_to_str,
)
from hsconsole.domain.checks import EMAIL_LIMIT, TEXT_LIMIT, ZIP_LIMIT, email_problem, home_year_problem
from hsconsole.domain.checks import load as load_input_checks
from hsconsole.domain.phones import load as load_phone_numbers
from hsconsole.domain.slots import (
    SlotTimeError,
    SlotWindow,
    slot_window,
)


def _email(value: str) -> str:
    problem = email_problem(value)  # "" (clearing the address) passes
    if problem:
        raise ValueError(problem)
    return value


def _home_year(value: int) -> int:
    problem = home_year_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Text = Annotated[str, Field(max_length=TEXT_LIMIT)]
Zip = Annotated[str, Field(max_length=ZIP_LIMIT)]
Email = Annotated[str, Field(max_length=EMAIL_LIMIT), AfterValidator(_email)]
"""Checked with ``email-validator``'s syntax rules (no network lookup); "" clears an address."""
HomeYear = Annotated[int, AfterValidator(_home_year)]
"""From 1600 to next year (see :mod:`hsconsole.domain.checks`)."""


def max_lengths(model: type[BaseModel]) -> dict[str, int]:
    """The most characters each text field of a request model takes, by field name: the one source of the forms'
    lengths (a ``Text | None`` field keeps its limit inside the union)."""

    def found(items: Iterable[Any]) -> Iterator[int]:
        for item in items:
            if isinstance(item, MaxLen):
                yield item.max_length
            elif isinstance(item, FieldInfo):
                yield from found(item.metadata)

    def in_type(annotation: Any) -> Iterator[int]:
        if get_origin(annotation) is Annotated:
            yield from found(annotation.__metadata__)
            annotation = get_args(annotation)[0]
        for arg in get_args(annotation):
            yield from in_type(arg)

    limits = {}
    for name, info in model.model_fields.items():
        lengths = [*found(info.metadata), *in_type(info.annotation)]
        if lengths:
            limits[name] = min(lengths)
    return limits


# ---------------------------------------------------------------- S2S (seed 001)


class ExistingLead(ResponseModel):
    """A lead as the S2S phone query and update return it."""

    phone: str
    name: PlainStr = ""
    address1: PlainStr = ""
    address2: str | None = None
    city: PlainStr = ""
    state: PlainStr = ""
    state_alpha2: PlainStr = ""
    zip: PlainStr = ""
    country: PlainStr = ""
    country_alpha2: PlainStr = ""
    country_alpha3: PlainStr = ""
    lead_id: str | None = None
    prospect_id: str | None = None
    created_date: Instant | None = None
    appointment_status: str | None = None
    appointment_start: Instant | None = None
    appointment_end: Instant | None = None
    appointment_start_ampm: str | None = Field(default=None, alias="appointmentStartAMPM")
    appointment_end_ampm: str | None = Field(default=None, alias="appointmentEndAMPM")
    source: str | None = None
    source_type: str | None = None
    opt_out_text: bool | None = None
    opt_out_email: bool | None = None
    tcpa: bool | None = None
    email: str | None = None
    market_segment: str | None = None
    block_id: Annotated[str | None, BeforeValidator(number_to_str)] = None
    opt_in: bool | None = None
    product: str | None = None
    disposition: str | None = None
    hear_about: str | None = None
    home_year: Annotated[str | None, BeforeValidator(number_to_str)] = None
    sales_rep_name: str | None = None
    sales_rep_email: str | None = None
    sales_rep_avatar_url: str | None = None

    @property
    def first_name(self) -> str:
        return split_name(self.name)[0]

    @property
    def last_name(self) -> str:
        return split_name(self.name)[1]

    @property
    def has_active_appointment(self) -> bool:
        status = (self.appointment_status or "").lower()
        return self.appointment_start is not None and status not in {"cancelled", "canceled"}


def split_name(full: str) -> tuple[str, str]:
    """ "Jane van Doe" → ("Jane", "van Doe"); a single word is a first name."""
    parts = full.strip().split(None, 1)
    if not parts:
        return "", ""
    return (parts[0], parts[1] if len(parts) > 1 else "")


class TimeSlot(ResponseModel):
    """TimeSlotDto: one appointment block in local wall time."""

    appointment_date: Day
    start_time: AmPm
    end_time: AmPm
    available_slots: int = Field(ge=0)
    block_id: BlockId
    time_zone: ZoneName | None = None

    def zone_name(self, fallback: str | None) -> str | None:
        """The slot's own zone, else the list's."""
        return self.time_zone or fallback

    def window(self, fallback_zone: str | None) -> SlotWindow:
        zone = self.zone_name(fallback_zone)
        if zone is None:
            raise SlotTimeError(f"block {self.block_id} has no time zone")
        return slot_window(self.appointment_date, self.start_time, self.end_time, zone)

    @property
    def is_full(self) -> bool:
        return self.available_slots <= 0


MAX_BLOCKS = 5_000
"""More blocks than any calendar a setter can use (60 busy days are ≈ 2,000); past this an answer is refused."""
MAX_REASONS = 1_000


Skip = tuple[int, str, str]
"""A list item left out: its index, where in it the problem is (dotted, may be empty), and the problem."""


def unreadable_items(exc: ValidationError, field: str) -> list[Skip]:
    """The items of list ``field`` that failed, one problem each; empty when anything else failed too."""
    bad: dict[int, Skip] = {}
    for error in exc.errors(include_url=False, include_input=False):
        loc = error["loc"]
        if len(loc) < 2 or loc[0] != field or not isinstance(loc[1], int):
            return []
        where = ".".join(str(part) for part in loc[2:])
        bad.setdefault(loc[1], (loc[1], where, str(error["msg"]).removeprefix("Value error, ")))
    return sorted(bad.values())


class TimeSlots(ResponseModel):
    """TimeSlotsDto: the blocks for a lead (S2S) or a one-time token (Zapier)."""

    time_zone: ZoneName | None = None
    slots: list[TimeSlot] = Field(max_length=MAX_BLOCKS)
    _skips: list[Skip] = PrivateAttr(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        """The blocks left out because they could not be read, each as "block 3: startTime: …"."""
        return [
            f"block {index + 1}: {where}: {why}" if where else f"block {index + 1}: {why}"
            for index, where, why in self._skips
        ]

    @property
    def skipped_fields(self) -> list[str]:
        """Where each left-out block went wrong, as the answer names it ("slots.2.startTime")."""
        return [".".join(x for x in ("slots", str(index), where) if x) for index, where, _ in self._skips]

    @model_validator(mode="wrap")
    @classmethod
    def _leave_out_unreadable_slots(cls, data: Any, handler: ModelWrapValidatorHandler[TimeSlots]) -> TimeSlots:
        """One block the console cannot read does not hide the others: it is left out, and said so."""
        try:
            return handler(data)
        except ValidationError as exc:
            bad = unreadable_items(exc, "slots")
            if not bad or not isinstance(data, dict) or not isinstance(data.get("slots"), list):
                raise
            left_out = {index for index, _, _ in bad}
            kept = [slot for index, slot in enumerate(data["slots"]) if index not in left_out]
            model = handler({**data, "slots": kept})
            model._skips = bad
            return model

    @property
    def zone_missing(self) -> bool:
        """Some block has no zone and the list gives none: the lead's own zone must stand in (see
        :meth:`with_zone`); until then those blocks cannot be placed in time."""
        return self.time_zone is None and any(slot.time_zone is None for slot in self.slots)

    _zone_source: str = PrivateAttr(default="")

    @property
    def zone_source(self) -> str:
        """Where the list's zone came from when HeavySet gave none ("the lead's ZIP"); empty when HeavySet gave it."""
        return self._zone_source

    def with_zone(self, zone: str | None, source: str) -> Self:
        """The blocks with ``zone`` standing in for the one HeavySet did not give (``source`` says where it came
        from); without one, the blocks that have no zone are left out, and said so."""
        if not self.zone_missing:
            return self
        if zone is not None:
            placed = self.model_copy(update={"time_zone": zone})  # the skips go with it
            placed._zone_source = source
            return placed
        unplaced = [
            (index, "timeZone", "no time zone, and the lead's is not known")
            for index, slot in enumerate(self.slots)  # among the blocks that were read
            if slot.time_zone is None
        ]
        left = self.model_copy(update={"slots": [slot for slot in self.slots if slot.time_zone is not None]})
        left._skips = [*self._skips, *unplaced]
        return left


class Dispositions(ResponseModel):
    not_qualified_reasons: list[str] = Field(max_length=MAX_REASONS)


class PhoneUpdate(RequestModel):
    """PhoneUpdateDto: the body of ``PATCH /phone/update``.

    Only the fields set are sent. ``cancel_appt`` and ``block_id`` cannot both
    be given; ``primaryPhone``/``textPhone`` (or any unknown field) are refused.
    """

    phone: Phone
    first_name: Text | None = None
    last_name: Text | None = None
    street_address: Text | None = None
    city: Text | None = None
    zip: Zip | None = None
    email: Email | None = None
    opt_out_phone: bool | None = None
    tcpa_flag: bool | None = None
    append_comment: Text | None = None
    cancel_appt: bool | None = None
    block_id: str | None = None
    simple_block_id: bool | None = None
    not_qualified_reason: Text | None = None
    home_year: HomeYear | None = None
    taker_id: Text | None = None

    @model_validator(mode="after")
    def _cancel_or_book(self) -> PhoneUpdate:
        if self.cancel_appt is not None and self.block_id is not None:
            raise ValueError("cancelAppt and blockId are mutually exclusive")
        return self

    def changes(self) -> dict[str, Any]:
        """The wire body without the phone key: what this update changes."""
        body = self.to_wire()
        body.pop("phone", None)
        return body


# ---------------------------------------------------------------- Zapier (seed 000)


class AuthTestResult(ResponseModel):
    ok: StrictBool
    page_id: str
    label: str


class LeadSubmission(RequestModel):
    """The body of ``POST /lead``: ``phone`` and ``zip`` are required."""

    phone: Phone
    zip: Zip = Field(min_length=1)
    name: Text | None = None
    first_name: Text | None = None
    last_name: Text | None = None
    address1: Text | None = None
    email: Email | None = None
    comments: Text | None = None
    source: Text | None = None
    source_type: Text | None = None
    source_name: Text | None = None
    product: Text | None = None
    force_new_lead: bool | None = None
    defer_crm_save_until_appointment: bool | None = None
    gtr_lead_id: str | None = None

    @field_validator("zip")
    @classmethod
    def _zip_trimmed(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("ZIP is required")
        return value


class LeadCreated(ResponseModel):
    """A created lead. Its id may come as a number (the document shows a string); ``ok`` may be left out
    of a 2xx: once the lead exists, its answer is read as leniently as it can be."""

    ok: StrictBool = True
    one_time_token: str = Field(min_length=1)
    lead_id: Annotated[BlockId, Field(min_length=1)]

    def __repr__(self) -> str:  # the one-time token books appointments: keep it out of logs
        return f"LeadCreated(ok={self.ok!r}, lead_id={self.lead_id!r}, one_time_token=<redacted>)"

    __str__ = __repr__


class SlotsResult(TimeSlots):
    """``GET /slots``: TimeSlotsDto plus ``ok`` and the one-time token echoed."""

    ok: StrictBool
    one_time_token: str

    def __repr__(self) -> str:
        return f"SlotsResult(ok={self.ok!r}, time_zone={self.time_zone!r}, slots={len(self.slots)})"

    __str__ = __repr__


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def is_iso_datetime(value: str) -> bool:
    return bool(_ISO_DATETIME.match(value))


def iso_has_offset(value: str) -> bool:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None


class AppointmentRequest(RequestModel):
    """The body of ``POST /appointment``.

    ``block_id`` is a block id from ``/slots`` or an ISO 8601 datetime; a
    datetime without an offset needs ``time_zone``.
    """

    block_id: str = Field(min_length=1)
    one_time_token: str = Field(min_length=1)
    time_zone: ZoneName | None = None
    source: str | None = None
    source_type: str | None = None
    source_name: str | None = None
    slice_start_time: AmPm | None = None

    @model_validator(mode="after")
    def _datetime_needs_zone(self) -> AppointmentRequest:
        if is_iso_datetime(self.block_id):
            try:
                datetime.fromisoformat(self.block_id.replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(f"blockId {self.block_id!r} is not a valid ISO 8601 datetime") from None
            if not iso_has_offset(self.block_id) and self.time_zone is None:
                raise ValueError("timeZone is required when blockId is a datetime without an offset")
        return self

    def __repr__(self) -> str:
        return (
            f"AppointmentRequest(block_id={self.block_id!r}, time_zone={self.time_zone!r}, one_time_token=<redacted>)"
        )

    __str__ = __repr__


class AppointmentResult(ResponseModel):
    """A booking made. Read leniently (a number for the id, no ``ok``, a null or missing status): the
    appointment exists once this answer came, whatever else it holds."""

    ok: StrictBool = True
    appointment_id: BlockId = ""
    status: PlainStr = ""


# ---------------------------------------------------------------- errors


class S2SErrorPayload(ResponseModel):
    """``{statusCode, message: [...], error}`` (a single message string is accepted too)."""

    status_code: int
    message: list[str] = Field(default_factory=list)
    error: str = ""

    @field_validator("message", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class ZapierErrorPayload(ResponseModel):
    """``{ok: false, error: missing_token | missing_one_time_token | validation_error}``."""

    ok: Literal[False]
    error: str
    message: str | None = None


def build_validators() -> None:
    """Build the validators a lookup and a booking use now rather than on the first call (see WireModel),
    and load the phone number library.

    The console calls this just after its first paint, so the setter's first lookup is as quick as the rest.
    """
    for model in (ExistingLead, TimeSlots, PhoneUpdate, LeadSubmission, LeadCreated, SlotsResult, AppointmentRequest):
        model.model_rebuild()
    load_phone_numbers()  # the phone field's hint needs it at the first keystroke
    load_input_checks()  # the email rules, and the ZIP data (on a thread of its own) for the ZIP fields' places

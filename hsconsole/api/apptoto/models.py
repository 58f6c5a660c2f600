"""Apptoto's objects as pydantic models: events with participants and their messages, contacts, address books.

snake_case on the wire and in Python (no aliases). The readings of the fact sheet are listed in the
client's module docstring (:mod:`hsconsole.api.apptoto.client`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    field_serializer,
    field_validator,
    model_validator,
)

from hsconsole.api.wire import Instant, Phone, WireModel, ZoneName
from hsconsole.domain.phones import DEFAULT_REGION, normalize_phone

# ---------------------------------------------------------------- base classes and types


class ApptotoModel(WireModel):
    """snake_case on the wire and in Python: no aliases."""

    model_config = ConfigDict(alias_generator=None, populate_by_name=True)


class ApptotoResponse(ApptotoModel):
    model_config = ConfigDict(alias_generator=None, populate_by_name=True, extra="allow")


class ApptotoRequest(ApptotoModel):
    model_config = ConfigDict(alias_generator=None, populate_by_name=True, extra="forbid")


def _none_to_empty(value: Any) -> Any:
    return "" if value is None else value


def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


def _none_to_dict(value: Any) -> Any:
    return {} if value is None else value


def _naive_is_utc(value: Any) -> Any:
    """A message time without an offset is read as UTC (its format is [INF])."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _iso_seconds(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


Text = Annotated[str, BeforeValidator(_none_to_empty)]
"""A string field: null or missing reads as ""."""
MessageTime = Annotated[AwareDatetime, BeforeValidator(_naive_is_utc)]
OffsetDatetime = Annotated[AwareDatetime, PlainSerializer(_iso_seconds, return_type=str, when_used="json")]
"""A datetime to send: must be aware; goes out as ``2026-03-03T10:00:00-07:00``."""
WireId = Annotated[int | str, Field(union_mode="left_to_right")]


# ---------------------------------------------------------------- participants and messages


class ParticipantState(StrEnum):
    """A participant's reminder state [DOC]; unknown values read as ``UNKNOWN``."""

    INITIAL = "initial"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REMINDED = "reminded"
    CONFIRMED = "confirmed"
    NOT_COMING = "not_coming"
    NOT_COMING_NEEDS_RESCHEDULE = "not_coming_needs_reschedule"
    NOT_COMING_NO_RESCHEDULE = "not_coming_no_reschedule"
    UNKNOWN = "unknown"

    @classmethod
    def _missing_(cls, value: object) -> ParticipantState:
        return cls.UNKNOWN

    @property
    def is_not_coming(self) -> bool:
        return self in _NOT_COMING

    @property
    def needs_attention(self) -> bool:
        """Not coming, needs a reschedule or declined (a "no reply" depends on time: the caller decides)."""
        return self in _NOT_COMING or self is ParticipantState.DECLINED


_NOT_COMING = frozenset(
    {
        ParticipantState.NOT_COMING,
        ParticipantState.NOT_COMING_NEEDS_RESCHEDULE,
        ParticipantState.NOT_COMING_NO_RESCHEDULE,
    }
)


class Message(ApptotoResponse):
    """One message of a conversation [CODE C1]: ``event_type`` is "sent" or "replied" (others kept)."""

    id: WireId | None = None
    at: MessageTime
    content: Text = ""
    event_type: Text = ""

    @property
    def is_reply(self) -> bool:
        return self.event_type == "replied"

    @property
    def is_sent(self) -> bool:
        return self.event_type == "sent"


class Conversation(ApptotoResponse):
    id: WireId | None = None
    messages: Annotated[list[Message], BeforeValidator(_none_to_list)] = Field(default_factory=list)


class Participant(ApptotoResponse):
    """A participant of an event, as Apptoto returns it."""

    id: int | None = None
    event_id: int | None = None
    name: Text = ""
    phone: str | None = None
    normalized_phone: str | None = None
    email: str | None = None
    state: ParticipantState = ParticipantState.UNKNOWN
    contact_id: int | None = None
    contact_external_id: str | None = None
    conversations: Annotated[list[Conversation], BeforeValidator(_none_to_list)] = Field(default_factory=list)

    _raw_state: str | None = PrivateAttr(default=None)

    @field_validator("state", mode="before")
    @classmethod
    def _tolerant_state(cls, value: Any) -> Any:
        if value is None:
            return ParticipantState.UNKNOWN
        return ParticipantState(value) if isinstance(value, str) else ParticipantState.UNKNOWN

    @model_validator(mode="wrap")
    @classmethod
    def _keep_raw_state(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        result = handler(data)
        if isinstance(result, Participant):
            raw = data.get("state") if isinstance(data, Mapping) else getattr(data, "raw_state", None)
            result._raw_state = raw if isinstance(raw, str) else None
        return result

    @field_serializer("state")
    def _dump_state(self, value: ParticipantState) -> str:
        """An unknown state is written back as the text the server sent."""
        if value is ParticipantState.UNKNOWN and self._raw_state:
            return self._raw_state
        return value.value

    @property
    def raw_state(self) -> str | None:
        """The state text exactly as the server sent it (None when absent or not a string)."""
        return self._raw_state

    @property
    def messages(self) -> list[Message]:
        """Every message of every conversation, oldest first."""
        return sorted((m for c in self.conversations for m in c.messages), key=lambda m: m.at)

    @property
    def latest_message(self) -> Message | None:
        messages = self.messages
        return messages[-1] if messages else None

    @property
    def latest_reply(self) -> Message | None:
        replies = [m for m in self.messages if m.is_reply]
        return replies[-1] if replies else None


class ParticipantInput(ApptotoRequest):
    """A participant to send inline with an event: the phone goes out in E.164."""

    name: str | None = None
    phone: Phone | None = None
    email: str | None = None
    contact_id: int | None = None
    contact_external_id: str | None = None


# ---------------------------------------------------------------- events


class Event(ApptotoResponse):
    """An event as ``GET``/``PUT``/``POST``/``DELETE /v1/events`` return it."""

    id: int
    calendar_id: int | None = None
    calendar_name: str | None = None
    external_id: str | None = None
    start_time: Instant
    end_time: Instant
    title: Text = ""
    location: Text = ""
    content: Text = ""
    time_zone: str | None = None
    all_day: bool | None = None
    show_as: int | None = None
    is_deleted: bool = False
    custom_data: Annotated[dict[str, Any], BeforeValidator(_none_to_dict)] = Field(default_factory=dict)
    participants: Annotated[list[Participant], BeforeValidator(_none_to_list)] = Field(default_factory=list)

    def participant_for_phone(self, phone: str, region: str = DEFAULT_REGION) -> Participant | None:
        """The participant whose number is ``phone`` (any human format), or None."""
        wanted = normalize_phone(phone, region)
        for participant in self.participants:
            if participant.normalized_phone == wanted:
                return participant
            if participant.phone:
                try:
                    if normalize_phone(participant.phone, region) == wanted:
                        return participant
                except ValueError:
                    continue
        return None


class EventList(ApptotoResponse):
    events: list[Event]


class EventInput(ApptotoRequest):
    """An event to create or upsert.

    Keyed by ``id`` or ``external_id``, only the fields set are changed (but
    ``participants`` and ``custom_data`` replace the stored ones whole).
    Without a key the event is created, so title, start, end and a calendar
    (name or id) are required.
    """

    id: int | None = None
    external_id: str | None = Field(default=None, min_length=1)
    calendar: str | None = Field(default=None, min_length=1)
    calendar_id: int | None = None
    title: str | None = None
    start_time: OffsetDatetime | None = None
    end_time: OffsetDatetime | None = None
    time_zone: ZoneName | None = None
    location: str | None = None
    content: str | None = None
    all_day: bool | None = None
    show_as: int | None = Field(default=None, ge=0, le=4)
    custom_data: dict[str, Any] | None = None
    participants: list[ParticipantInput] | None = None

    @model_validator(mode="after")
    def _complete(self) -> EventInput:
        if self.start_time is not None and self.end_time is not None and self.end_time < self.start_time:
            raise ValueError("end_time is before start_time")
        if not self.is_keyed:
            missing = self.missing_for_create()
            if missing:
                raise ValueError(f"an event without id or external_id is created and needs {', '.join(missing)}")
        return self

    @property
    def is_keyed(self) -> bool:
        return self.id is not None or self.external_id is not None

    def missing_for_create(self) -> list[str]:
        missing = [name for name in ("title", "start_time", "end_time") if getattr(self, name) is None]
        if self.calendar is None and self.calendar_id is None:
            missing.append("calendar or calendar_id")
        return missing


# ---------------------------------------------------------------- contacts and address books


class PhoneNumber(ApptotoResponse):
    number: str | None = None
    normalized: str | None = None
    is_mobile: bool | None = None
    is_primary: bool | None = None
    type: str | None = None


class EmailAddress(ApptotoResponse):
    address: str | None = None
    is_primary: bool | None = None


class Contact(ApptotoResponse):
    id: int
    name: Text = ""
    first_name: str | None = None
    last_name: str | None = None
    external_id: str | None = None
    address_book_id: int | None = None
    phone_numbers: Annotated[list[PhoneNumber], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    email_addresses: Annotated[list[EmailAddress], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    custom_data: Annotated[dict[str, Any], BeforeValidator(_none_to_dict)] = Field(default_factory=dict)

    @property
    def primary_phone(self) -> str | None:
        numbers = sorted(self.phone_numbers, key=lambda p: not p.is_primary)
        return next((p.normalized or p.number for p in numbers if p.normalized or p.number), None)


class ContactList(ApptotoResponse):
    contacts: list[Contact]


class PhoneNumberInput(ApptotoRequest):
    number: Phone
    is_mobile: bool | None = None
    type: str | None = None
    is_primary: bool | None = None


class EmailAddressInput(ApptotoRequest):
    address: str = Field(min_length=3)
    is_primary: bool | None = None


class ContactInput(ApptotoRequest):
    """A contact to create or upsert (keyed by ``id`` or ``external_id``, scoped by ``address_book_id``).

    ``phone_numbers``, ``email_addresses`` and ``custom_data`` replace the
    stored ones whole; ``add_phone``/``add_email`` append one value.
    """

    id: int | None = None
    external_id: str | None = Field(default=None, min_length=1)
    address_book: str | None = Field(default=None, min_length=1)
    address_book_id: int | None = None
    name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: Phone | None = None
    email: str | None = None
    phone_numbers: list[PhoneNumberInput] | None = None
    email_addresses: list[EmailAddressInput] | None = None
    custom_data: dict[str, Any] | None = None
    add_phone: Phone | None = None
    add_email: str | None = None

    @model_validator(mode="after")
    def _has_a_home(self) -> ContactInput:
        keyed = self.id is not None or self.external_id is not None
        if not keyed and self.address_book is None and self.address_book_id is None:
            raise ValueError("a contact without id or external_id needs address_book or address_book_id")
        return self


class AddressBook(ApptotoResponse):
    id: int
    name: Text = ""


class AddressBookList(ApptotoResponse):
    address_books: list[AddressBook]

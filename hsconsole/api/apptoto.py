"""Apptoto (appointment reminders): wire models and a typed async client.

Facts come from ``../shared/integrations/apptoto.md`` (the fact sheet), where
each is marked [DOC], [CODE], [INF] (inferred) or [NF] (nothing found). The
wire is snake_case JSON under ``https://api.apptoto.com/v1``; every write is a
batch wrapped in a plural key (``{"events": [...]}``, ``{"contacts": [...]}``).
Auth is HTTP Basic: the account's login email and an API key, sent as one
``Authorization: Basic base64(email:key)`` header held in a
:class:`~hsconsole.api.transport.Credential`, so neither the key nor the
header appears in any repr, log line or exception.

Models follow the package rules: responses keep unknown fields
(``extra="allow"``), requests refuse them (``extra="forbid"``). Offset strings
become aware datetimes; datetimes are sent as ISO 8601 with an offset
(``2026-03-03T10:00:00-07:00``, seconds precision).

Choices where the fact sheet is [INF] or [NF] (the simulator,
``hsconsole/sim/apptoto.py`` and ``sim/APPTOTO.md``, makes the same ones):

* **Idempotency** [NF]: Apptoto documents no idempotency header. Exactly-once
  comes from the upsert key instead: ``PUT /v1/events`` and
  ``PUT /v1/contacts`` keyed by ``external_id`` (or ``id``) [DOC], and
  ``DELETE /v1/events?external_id=``. Such keyed requests are replayed by
  this client after a 5xx, a 429 or a network failure (with the transport's
  backoff and ``Retry-After``); no extra header is sent. ``POST`` creates and
  unkeyed ``PUT`` items are never replayed. :func:`external_id_for_lead`
  derives the key from a HeavySet lead (``hsconsole-<leadId>``, else
  ``hsconsole-<E.164 phone>``).
* **Deleting twice** [NF]: the simulator answers 200 with the (already)
  deleted event; a 404 (unknown event) makes :meth:`ApptotoClient.delete_event`
  return None, so a replayed cancel is harmless either way.
* **Status codes** [INF]: 401 for a bad, disabled or missing key (→
  :class:`~hsconsole.api.errors.AuthRejectedError`); 403 (only documented for
  OAuth scopes) → :class:`AccessDeniedError`, a subclass of it, never the
  HeavySet "demo mode" error; 404 for an unknown id in ``GET /v1/event``,
  ``GET /v1/contact`` and ``DELETE`` (→ None from the lookups); 429 with
  ``Retry-After`` (honoured by the transport); 5xx retried.
* **Error body** [NF]: read leniently: ``{"error": code, "message": text}``
  when JSON (the transport's reader), else the status alone (a Rails-style
  ``text/plain`` "HTTP Basic: Access denied." works the same).
* **Rate limit** [INF, C1's comment]: 100 requests a minute per account; the
  client has its own :class:`~hsconsole.api.transport.RequestBudget` (100 per
  60 s) separate from HeavySet's.
* **Batches** [CODE]: larger event batches gave 502 in C1, so writes are sent
  in chunks of :data:`MAX_BATCH` (20) and the answers concatenated.
* **Paging** [DOC/CODE]: ``page`` is 1-based, ``page_size`` defaults to 30;
  no total or next link exists, so :meth:`ApptotoClient.iter_events` asks for
  pages until one comes back **empty** (C1's rule, safe even if the server
  caps ``page_size``), and gives up with :class:`InvalidResponseError` after
  ``max_pages``. ``page_size`` is limited to 1–:data:`MAX_PAGE_SIZE` (200, the
  largest size C1 proves works).
* **``end``** [INF]: the name of the upper bound; sent as ``end``.
  ``begin``/``end`` must be aware datetimes and go out with their offset.
* **``phone_number``** filter [DOC]: always sent as E.164 (normalised here with
  the client's region), so the account's default country never matters.
* **``include_conversations`` on ``GET /v1/event``** [INF]: sent when asked.
* **``prevent_calendar_creation``** [CODE, meaning INF]: sent as ``true`` by
  default, so a mistyped calendar name fails instead of silently creating a
  calendar; pass ``prevent_calendar_creation=False`` to let Apptoto provision it.
* **Participant ``state``** [DOC list]: :class:`ParticipantState` tolerates
  values it does not know (``UNKNOWN``, raw text kept in
  :attr:`Participant.raw_state`); a missing state is ``UNKNOWN`` too.
* **Messages** [CODE]: ``participants[].conversations[].messages[]`` with
  ``{id, at, content, event_type}``; ``at`` is read as ISO 8601, a value
  without an offset as UTC [INF]; ``event_type`` stays a string ("sent",
  "replied", or anything else).
* **``time_zone``** [NF vocabulary]: IANA names are sent (validated here).
* **Contacts** [CODE only]: ``GET /v1/contact`` (by ``external_id`` or ``id``
  [INF]) answers a bare contact, 404 → None [NF]; the body of contact writes is
  [NF], so ``{"contacts": [...]}`` is read when present and an empty or other
  body yields ``[]``. ``GET /v1/address_books`` → ``{"address_books": [...]}``.
* **Calendars list** [NF]: no endpoint; calendars are named or given by id.
"""

from __future__ import annotations

import base64
import copy
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

import httpx
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

from hsconsole.api.errors import ApiError, AuthRejectedError, DemoModeError, InvalidResponseError
from hsconsole.api.models import Instant, Phone, WireModel, ZoneName
from hsconsole.api.transport import (
    NO_RETRY,
    Credential,
    RequestBudget,
    RetryPolicy,
    Transport,
    parse_model,
    validate_model,
)
from hsconsole.domain.phones import DEFAULT_REGION, normalize_phone

log = logging.getLogger("hsconsole.network")

DEFAULT_BASE_URL = "https://api.apptoto.com"
API_PATH = "/v1"
AUTH_HEADER = "Authorization"
RATE_LIMIT = 100
"""Requests per minute per account (C1's comment; [INF])."""
RATE_WINDOW_S = 60.0
MAX_BATCH = 20
"""Events or contacts per write request (C1 saw 502 on larger batches)."""
DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 200
EXTERNAL_ID_PREFIX = "hsconsole-"


class AccessDeniedError(AuthRejectedError):
    """403: Apptoto refused this key the operation (documented for OAuth scopes only)."""


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


# ---------------------------------------------------------------- helpers


def external_id_for_lead(lead_id: str | None, phone: str, region: str = DEFAULT_REGION) -> str:
    """The stable Apptoto ``external_id`` of a HeavySet lead's appointment.

    ``hsconsole-<leadId>``; a lead without an id uses its phone in E.164
    (``hsconsole-+18015551234``), normalised so every format of one number
    gives one key. Raises :class:`~hsconsole.domain.phones.InvalidPhoneError`
    when the fallback phone is invalid.
    """
    lead = (lead_id or "").strip()
    if lead:
        return EXTERNAL_ID_PREFIX + lead
    return EXTERNAL_ID_PREFIX + normalize_phone(phone, region)


def basic_credential(email: str, api_key: str) -> Credential:
    """``Authorization: Basic base64(email:api_key)`` in a :class:`Credential` (its repr hides it)."""
    email = email.strip()
    api_key = api_key.strip()
    if not email:
        raise ValueError("the Apptoto account email is empty")
    if ":" in email:
        raise ValueError("the Apptoto account email cannot contain ':'")
    if not api_key:
        raise ValueError("the Apptoto API key is empty")
    if any(ch in email + api_key for ch in "\r\n\0"):
        raise ValueError("the Apptoto email or API key contains a line break")
    encoded = base64.b64encode(f"{email}:{api_key}".encode()).decode("ascii")
    return Credential(AUTH_HEADER, "Basic " + encoded)


def _when(value: datetime, name: str) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a UTC offset)")
    return value.isoformat(timespec="seconds")


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _one_key(id: int | None, external_id: str | None) -> dict[str, str]:
    if (id is None) == (external_id is None):
        raise ValueError("give exactly one of id or external_id")
    if external_id is not None:
        if not external_id:
            raise ValueError("external_id is empty")
        return {"external_id": external_id}
    return {"id": str(id)}


# ---------------------------------------------------------------- the client


class ApptotoClient:
    """Events, contacts and address books of one Apptoto account (HTTP Basic: email + API key)."""

    def __init__(
        self,
        transport: Transport,
        email: str,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        budget: RequestBudget | None = None,
        region: str = DEFAULT_REGION,
    ) -> None:
        self._transport = transport
        self._credential = basic_credential(email, api_key)
        self.email = email.strip()
        self.base_url = base_url.rstrip("/")
        self.budget = budget if budget is not None else RequestBudget(RATE_LIMIT, RATE_WINDOW_S)
        self.region = region
        self.replay_policy: RetryPolicy | None = None
        """How keyed writes are retried; None: the transport's policy."""

    def single_try(self) -> ApptotoClient:
        """This client with each keyed write sent once: for a caller (the outbox) that spaces retries itself."""
        clone = copy.copy(self)
        clone.replay_policy = NO_RETRY
        return clone

    def __repr__(self) -> str:
        return f"ApptotoClient(base_url={self.base_url!r}, email={self.email!r}, credential={self._credential!r})"

    __str__ = __repr__

    @property
    def api_base(self) -> str:
        return self.base_url + API_PATH

    # ------------------------------------------------------------ sending

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        replayable: bool = False,
    ) -> httpx.Response:
        """Send one request; GETs and ``replayable`` (keyed) mutations are retried.

        Apptoto has no idempotency header: a keyed mutation is safe to send
        again by its key, so the transport retries it without one.
        """
        try:
            return await self._transport.request(
                method,
                self.api_base + path,
                credential=self._credential,
                params=params,
                json_body=json_body,
                retry=self.replay_policy if replayable else None,
                budget=self.budget,
                replayable=replayable,
            )
        except DemoModeError:
            raise AccessDeniedError("Apptoto refused this API key the operation", status=403) from None

    # ------------------------------------------------------------ events

    def _event_params(
        self,
        *,
        begin: datetime | None,
        end: datetime | None,
        phone_number: str | None,
        email_address: str | None,
        page: int,
        page_size: int,
        include_deleted: bool,
        include_conversations: bool,
    ) -> dict[str, str]:
        if page < 1:
            raise ValueError("page starts at 1")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be from 1 to {MAX_PAGE_SIZE}")
        params: dict[str, str] = {}
        if begin is not None:
            params["begin"] = _when(begin, "begin")
        if end is not None:
            params["end"] = _when(end, "end")
        if phone_number is not None:
            params["phone_number"] = normalize_phone(phone_number, self.region)
        if email_address is not None:
            email_address = email_address.strip()
            if not email_address:
                raise ValueError("email_address is empty")
            params["email_address"] = email_address
        params["page"] = str(page)
        params["page_size"] = str(page_size)
        if include_deleted:
            params["include_deleted"] = "true"
        if include_conversations:
            params["include_conversations"] = "true"
        return params

    async def events(
        self,
        *,
        begin: datetime | None = None,
        end: datetime | None = None,
        phone_number: str | None = None,
        email_address: str | None = None,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
        include_deleted: bool = False,
        include_conversations: bool = False,
    ) -> list[Event]:
        """One page of ``GET /v1/events``.

        With a phone or email filter an event may be listed once per matching
        participant, each copy holding only that participant [DOC].
        """
        params = self._event_params(
            begin=begin,
            end=end,
            phone_number=phone_number,
            email_address=email_address,
            page=page,
            page_size=page_size,
            include_deleted=include_deleted,
            include_conversations=include_conversations,
        )
        response = await self._send("GET", "/events", params=params)
        return parse_model(response, EventList).events

    async def iter_events(
        self,
        *,
        begin: datetime | None = None,
        end: datetime | None = None,
        phone_number: str | None = None,
        email_address: str | None = None,
        page_size: int = MAX_PAGE_SIZE,
        include_deleted: bool = False,
        include_conversations: bool = False,
        max_pages: int = 100,
    ) -> AsyncIterator[Event]:
        """Every event of the query, page after page until an empty page."""
        for page in range(1, max_pages + 1):
            batch = await self.events(
                begin=begin,
                end=end,
                phone_number=phone_number,
                email_address=email_address,
                page=page,
                page_size=page_size,
                include_deleted=include_deleted,
                include_conversations=include_conversations,
            )
            if not batch:
                return
            for event in batch:
                yield event
        raise InvalidResponseError(f"GET /v1/events still returned events after {max_pages} pages", field="page")

    async def all_events(
        self,
        *,
        begin: datetime | None = None,
        end: datetime | None = None,
        phone_number: str | None = None,
        email_address: str | None = None,
        page_size: int = MAX_PAGE_SIZE,
        include_deleted: bool = False,
        include_conversations: bool = False,
        max_pages: int = 100,
    ) -> list[Event]:
        """:meth:`iter_events` collected into a list."""
        return [
            event
            async for event in self.iter_events(
                begin=begin,
                end=end,
                phone_number=phone_number,
                email_address=email_address,
                page_size=page_size,
                include_deleted=include_deleted,
                include_conversations=include_conversations,
                max_pages=max_pages,
            )
        ]

    async def event(
        self, *, id: int | None = None, external_id: str | None = None, include_conversations: bool = False
    ) -> Event | None:
        """``GET /v1/event`` by ``id`` or ``external_id``; None when Apptoto has no such event (404)."""
        params = _one_key(id, external_id)
        if include_conversations:
            params["include_conversations"] = "true"
        try:
            response = await self._send("GET", "/event", params=params)
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        return parse_model(response, Event)

    async def _write_events(
        self, method: str, events: Sequence[EventInput], prevent_calendar_creation: bool
    ) -> list[Event]:
        out: list[Event] = []
        for chunk in _chunks(list(events), MAX_BATCH):
            body: dict[str, Any] = {"events": [event.to_wire() for event in chunk]}
            if prevent_calendar_creation:
                body["prevent_calendar_creation"] = True
            replayable = method == "PUT" and all(event.is_keyed for event in chunk)
            response = await self._send(method, "/events", json_body=body, replayable=replayable)
            written = parse_model(response, EventList).events
            if len(written) != len(chunk):
                raise InvalidResponseError(
                    f"{method} /v1/events answered {len(written)} events for {len(chunk)} sent",
                    field="events",
                    status=response.status_code,
                )
            out.extend(written)
        return out

    async def upsert_events(
        self, events: Sequence[EventInput], *, prevent_calendar_creation: bool = True
    ) -> list[Event]:
        """``PUT /v1/events``: create or update each event (by ``id`` or ``external_id``).

        Batches of :data:`MAX_BATCH`; a batch whose events are all keyed is
        replayed after transient failures (the key makes the replay harmless).
        """
        return await self._write_events("PUT", events, prevent_calendar_creation)

    async def upsert_event(self, event: EventInput, *, prevent_calendar_creation: bool = True) -> Event:
        """:meth:`upsert_events` for one event."""
        [written] = await self.upsert_events([event], prevent_calendar_creation=prevent_calendar_creation)
        return written

    async def create_events(
        self, events: Sequence[EventInput], *, prevent_calendar_creation: bool = True
    ) -> list[Event]:
        """``POST /v1/events``: create every event. Never replayed (prefer :meth:`upsert_events`)."""
        for index, event in enumerate(events):
            if event.id is not None:
                raise ValueError(f"events[{index}]: an event to create cannot carry an id")
            missing = event.missing_for_create()
            if missing:
                raise ValueError(f"events[{index}] needs {', '.join(missing)}")
        return await self._write_events("POST", events, prevent_calendar_creation)

    async def delete_event(self, *, id: int | None = None, external_id: str | None = None) -> Event | None:
        """``DELETE /v1/events``: halt its messages and hide it (a soft delete).

        Returns the deleted event, or None when Apptoto has no such event (404).
        Replayed after transient failures: deleting twice is harmless.
        """
        params = _one_key(id, external_id)
        try:
            response = await self._send("DELETE", "/events", params=params, replayable=True)
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        events = parse_model(response, EventList).events
        return events[0] if events else None

    async def check(self) -> None:
        """The settings "Test" button: a one-item ``GET /v1/events``; raises a typed error on failure."""
        response = await self._send("GET", "/events", params={"page": "1", "page_size": "1"})
        parse_model(response, EventList)

    # ------------------------------------------------------------ contacts and address books

    async def upsert_contacts(self, contacts: Sequence[ContactInput]) -> list[Contact]:
        """``PUT /v1/contacts``: create or update each contact (by ``id`` or ``external_id``).

        The answer's shape is undocumented: ``{"contacts": [...]}`` is read
        when present, anything else gives ``[]``.
        """
        out: list[Contact] = []
        for chunk in _chunks(list(contacts), MAX_BATCH):
            body = {"contacts": [contact.to_wire() for contact in chunk]}
            keyed = all(c.id is not None or c.external_id is not None for c in chunk)
            response = await self._send("PUT", "/contacts", json_body=body, replayable=keyed)
            out.extend(_contacts_from(response))
        return out

    async def upsert_contact(self, contact: ContactInput) -> Contact | None:
        """:meth:`upsert_contacts` for one contact (None when the answer does not list it)."""
        written = await self.upsert_contacts([contact])
        return written[0] if written else None

    async def find_contact(self, *, id: int | None = None, external_id: str | None = None) -> Contact | None:
        """``GET /v1/contact`` by ``external_id`` (or ``id``); None when there is none (404)."""
        params = _one_key(id, external_id)
        try:
            response = await self._send("GET", "/contact", params=params)
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        return parse_model(response, Contact)

    async def contacts(
        self, *, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE, address_book_id: int | None = None
    ) -> list[Contact]:
        """One page of ``GET /v1/contacts`` (C1 says the address book filter may be ignored: check the ids)."""
        if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page starts at 1; page_size is from 1 to {MAX_PAGE_SIZE}")
        params = {"page": str(page), "page_size": str(page_size)}
        if address_book_id is not None:
            params["address_book_id"] = str(address_book_id)
        response = await self._send("GET", "/contacts", params=params)
        return parse_model(response, ContactList).contacts

    async def address_books(self) -> list[AddressBook]:
        """``GET /v1/address_books``."""
        response = await self._send("GET", "/address_books")
        return parse_model(response, AddressBookList).address_books


def _contacts_from(response: httpx.Response) -> list[Contact]:
    try:
        data = response.json()
    except (ValueError, RecursionError):
        return []
    if not isinstance(data, dict) or "contacts" not in data:
        return []
    return validate_model(data, ContactList, status=response.status_code).contacts

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
``hsconsole/sim/apptoto/`` and its ``APPTOTO.md``, makes the same ones):

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
from datetime import datetime
from typing import Any

import httpx

from hsconsole.api.apptoto.models import (
    AddressBook,
    AddressBookList,
    Contact,
    ContactInput,
    ContactList,
    Event,
    EventInput,
    EventList,
)
from hsconsole.api.errors import ApiError, AuthRejectedError, DemoModeError, InvalidResponseError
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

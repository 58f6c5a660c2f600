"""A local simulator of the Apptoto REST API (``/v1/...``), strict to the fact sheet.

:class:`ApptotoState` holds one Apptoto account (calendars, address books,
events with participants, contacts), thread-safe behind one re-entrant lock;
:func:`create_app` serves it as a Starlette app with the real paths; and
:class:`ApptotoServer` runs that on 127.0.0.1 in a thread (an
:class:`~hsconsole.sim.serving.AppServer`). ``APPTOTO.md`` beside this file
documents every route, the demo data, how participant states move with the
sim clock, the fault knobs, and every choice made where the fact sheet
(``../shared/integrations/apptoto.md``) is inferred [INF] or silent [NF].

The simulated homeowners answer: each reachable participant follows a
deterministic *script* (confirm, no reply, reschedule, cancel, ...) timed
from when it was added (or its event rescheduled), so a participant moves
``initial`` → ``reminded`` → its final state as the sim clock runs, with
the matching messages in its conversation. States are computed when read, so
a frozen clock freezes them and :meth:`ApptotoState.advance` moves them.
"""

from __future__ import annotations

import base64
import binascii
import copy
import enum
import hashlib
import hmac
import random
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hsconsole.domain.phones import InvalidPhoneError, normalize_phone
from hsconsole.domain.slots import format_ampm, is_known_zone, load_zone
from hsconsole.sim.common import (
    FaultKnobs,
    Faults,
    RequestLog,
    SlidingWindows,
    iso_ms,
    redact,
)
from hsconsole.sim.heavyset.data import DEFAULT_SEED, DEFAULT_TOKEN, DEMO_PHONES, build_seed

API_PREFIX = "/v1"
DEMO_EMAIL = "demo@example.com"
"""The account's login email (the Basic username)."""
REALM = "Apptoto API"
ERROR_STYLES = ("json", "text", "empty")
"""How error bodies look ([NF]): ``{"error", "message"}`` JSON, Rails-like text, or nothing."""

DEFAULT_RATE_LIMIT = 100
"""Requests per minute per account (C1's comment, [INF])."""
PAGE_SIZE_DEFAULT = 30
PAGE_SIZE_CAP = 200
"""A larger ``page_size`` is served as this many ([NF]: our choice)."""
MAX_BATCH = 50
"""Events per write request; a larger batch gets 502 Bad Gateway (C1 saw 502s; the number is ours)."""

REMIND_AFTER = timedelta(minutes=2)
"""A participant is reminded this long after it was added (or its event rescheduled)."""
REPLY_AFTER_MIN = timedelta(minutes=5)
REPLY_AFTER_MAX = timedelta(minutes=30)
"""A scripted answer comes between these two delays (deterministic per participant)."""

SCRIPTS: dict[str, tuple[str, str | None, int]] = {
    "confirm": ("confirmed", "C", 45),
    "no_reply": ("reminded", None, 20),
    "reschedule": ("not_coming_needs_reschedule", "Can we do Thursday instead?", 15),
    "cancel": ("not_coming", "Please cancel, we went with another company.", 10),
    "cancel_no_reschedule": (
        "not_coming_no_reschedule",
        "We don't need the appointment anymore, thanks.",
        5,
    ),
    "decline": ("declined", "No", 5),
}
"""script → (final state, the homeowner's reply, weight out of 100 for unscripted participants)."""

DEMO_SCRIPTS: dict[str, str] = {
    DEMO_PHONES["denver_booked"]: "confirm",
    DEMO_PHONES["phoenix_booked"]: "reschedule",
    DEMO_PHONES["los_angeles_booked"]: "no_reply",
    DEMO_PHONES["tampa_new"]: "confirm",
    DEMO_PHONES["honolulu"]: "reschedule",
}
"""Fixed scripts for the HeavySet simulator's well-known demo phones."""

INITIAL = "initial"
REMINDED = "reminded"
"""Participant states [DOC] (``hsconsole.api.apptoto.models.ParticipantState`` values; ``sim/`` cannot import it)."""


def lead_external_id(lead_id: str, phone: str) -> str:
    """The ``external_id`` the console's mirror gives a lead's event.

    The same rule as ``hsconsole.api.apptoto.client.external_id_for_lead`` (a test
    holds them equal): ``hsconsole-<leadId>``, else ``hsconsole-<E.164 phone>``.
    """
    lead = lead_id.strip()
    return "hsconsole-" + (lead or normalize_phone(phone))


_EVENT_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (int,),
    "external_id": (str,),
    "calendar": (str,),
    "calendar_id": (int,),
    "title": (str,),
    "start_time": (str,),
    "end_time": (str,),
    "time_zone": (str,),
    "location": (str,),
    "content": (str,),
    "all_day": (bool,),
    "show_as": (int,),
    "custom_data": (dict,),
    "participants": (list,),
}
"""Event input fields [DOC D-post-ev] plus ``id`` (the PUT key)."""
_PARTICIPANT_FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "phone": (str,),
    "email": (str,),
    "contact_id": (int,),
    "contact_external_id": (str,),
}
_CONTACT_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (int,),
    "external_id": (str,),
    "address_book": (str,),
    "address_book_id": (int,),
    "name": (str,),
    "first_name": (str,),
    "last_name": (str,),
    "phone": (str,),
    "email": (str,),
    "phone_numbers": (list,),
    "email_addresses": (list,),
    "custom_data": (dict,),
    "add_phone": (str,),
    "add_email": (str,),
}
_PHONE_ENTRY_FIELDS: dict[str, tuple[type, ...]] = {
    "number": (str,),
    "is_mobile": (bool,),
    "type": (str,),
    "is_primary": (bool,),
}
_EMAIL_ENTRY_FIELDS: dict[str, tuple[type, ...]] = {"address": (str,), "is_primary": (bool,)}

_SECRET_KEYS = frozenset({"authorization", "api_key", "password"})
"""Keys whose values the request log never shows."""


# ---------------------------------------------------------------- errors and records


class ApptotoError(Exception):
    """A request the simulated API refuses: HTTP ``status``, an error ``code`` and a human ``message``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _bad(message: str) -> ApptotoError:
    return ApptotoError(400, "invalid_request", message)


def _not_found(what: str) -> ApptotoError:
    return ApptotoError(404, "not_found", f"{what} not found")


class AuthResult(enum.Enum):
    OK = "ok"
    MISSING = "missing"
    INVALID = "invalid"


@dataclass
class Calendar:
    id: int
    name: str
    time_zone: str


@dataclass
class AddressBook:
    id: int
    name: str


@dataclass
class Participant:
    id: int
    name: str
    phone: str | None
    normalized_phone: str | None
    email: str | None
    anchor: datetime
    """When the participant was added or its event last rescheduled: its script's time zero."""
    contact_id: int | None = None
    contact_external_id: str | None = None
    pinned_state: str | None = None
    """A state set through :meth:`ApptotoState.pin_state` (any text, even one Apptoto never sends)."""

    @property
    def reachable(self) -> bool:
        return bool(self.normalized_phone or self.email)

    def same_person(self, other: Participant) -> bool:
        if self.normalized_phone and other.normalized_phone:
            return self.normalized_phone == other.normalized_phone
        if self.email and other.email:
            return self.email.lower() == other.email.lower()
        return bool(self.name) and self.name.lower() == other.name.lower()


@dataclass
class Event:
    id: int
    calendar_id: int
    title: str
    start: datetime
    end: datetime
    created: datetime
    external_id: str | None = None
    time_zone: str | None = None
    location: str = ""
    content: str = ""
    all_day: bool = False
    show_as: int | None = None
    custom_data: dict[str, Any] = field(default_factory=dict)
    participants: list[Participant] = field(default_factory=list)
    is_deleted: bool = False
    deleted_at: datetime | None = None


@dataclass
class PhoneEntry:
    number: str
    normalized: str
    is_mobile: bool = True
    is_primary: bool = False
    type: str | None = None


@dataclass
class EmailEntry:
    address: str
    is_primary: bool = False


@dataclass
class Contact:
    id: int
    address_book_id: int
    name: str = ""
    first_name: str | None = None
    last_name: str | None = None
    external_id: str | None = None
    phone_numbers: list[PhoneEntry] = field(default_factory=list)
    email_addresses: list[EmailEntry] = field(default_factory=list)
    custom_data: dict[str, Any] = field(default_factory=dict)


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:24]


def _hash(text: str) -> int:
    """A well-mixed, stable integer for deterministic draws."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _iso(instant: datetime, zone_name: str) -> str:
    return instant.astimezone(load_zone(zone_name)).isoformat(timespec="seconds")


def _parse_instant(text: str, name: str, *, naive_ok: bool = False) -> datetime:
    """ISO 8601 with an offset (``Z`` too); with ``naive_ok`` a date or naive time reads as UTC."""
    raw = text.strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise _bad(f"{name} must be an ISO 8601 date-time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if not naive_ok:
            raise _bad(f"{name} must include a UTC offset, e.g. 2016-06-21T14:00:00-08:00")
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _check_fields(raw: Any, schema: Mapping[str, tuple[type, ...]], where: str) -> dict[str, Any]:
    """Whitelist and type checks; nulls count as absent (the reading of a Rails API)."""
    if not isinstance(raw, Mapping):
        raise _bad(f"{where} must be a JSON object")
    unknown = sorted(str(k) for k in raw if k not in schema)
    if unknown:
        raise _bad(f"{where}: unknown field(s) {', '.join(unknown)}")
    clean: dict[str, Any] = {}
    for name, types in schema.items():
        value = raw.get(name)
        if value is None:
            continue
        ok = isinstance(value, types) and not (bool not in types and isinstance(value, bool))
        if not ok:
            kind = {int: "an integer", str: "a string", bool: "true or false", dict: "an object", list: "an array"}
            raise _bad(f"{where}.{name} must be {kind[types[0]]}")
        clean[name] = value
    return clean


def _phone(raw: str, where: str) -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhoneError:
        raise _bad(f"{where} is not a valid phone number") from None


# ---------------------------------------------------------------- the state


class ApptotoState(FaultKnobs, RequestLog):
    """One simulated Apptoto account and every rule of its API, without HTTP.

    Args:
        api_key: the valid API key of ``email`` (default: the HeavySet
            simulator's token, so ``--token`` is valid everywhere).
        email: the account's login email (compared case-insensitively).
        seed: seed of the demo data (the HeavySet simulator's seed gives the
            same leads) and of the fault RNG.
        today: freeze the clock at 00:00 UTC of this day (default: real clock).
        now: freeze the clock at this instant instead (wins over ``today``).
        demo_data: seed calendars' events and contacts (False: an account with
            calendars and address books but no events or contacts).
        faults: fault knobs at start (also what :meth:`reset` restores).
        rate_limit: requests per ``rate_window_s`` per account; 0 or None disables.
        error_style: one of :data:`ERROR_STYLES`.
        put_keeps_times: PUT ignores new start/end times (what C1 observed, [INF]).
        refuses_iana_zones: an event's ``time_zone`` given as an IANA name is refused (400): the accepted
            names are not documented, and Rails-style names are as plausible.
        keeps_messaged: a participant already messaged is kept exactly as it was on PUT, phone included, even
            when the same person is sent without it ("participants are not removed once messages have started").
        max_batch: events or contacts per write; more gets 502 Bad Gateway.
    """

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_TOKEN,
        email: str = DEMO_EMAIL,
        seed: int = DEFAULT_SEED,
        today: date | None = None,
        now: datetime | None = None,
        demo_data: bool = True,
        faults: Faults | None = None,
        rate_limit: int | None = DEFAULT_RATE_LIMIT,
        rate_window_s: float = 60.0,
        error_style: str = "json",
        put_keeps_times: bool = False,
        keeps_messaged: bool = False,
        refuses_iana_zones: bool = False,
        max_batch: int = MAX_BATCH,
        max_log: int = 10_000,
    ) -> None:
        if not api_key or not email:
            raise ValueError("api_key and email must not be empty")
        if error_style not in ERROR_STYLES:
            raise ValueError(f"error_style must be one of {', '.join(ERROR_STYLES)}")
        self._lock = threading.RLock()
        self.api_key = api_key
        self.email = email
        self.seed = seed
        self.demo_data = demo_data
        self.rate_limit = rate_limit
        self.rate_window_s = rate_window_s
        self.error_style = error_style
        self.put_keeps_times = put_keeps_times
        self.keeps_messaged = keeps_messaged
        self.refuses_iana_zones = refuses_iana_zones
        self.max_batch = max_batch
        self._initial_faults = copy.deepcopy(faults or Faults())
        self._initial_faults.validate()
        self._fixed_now: datetime | None = None
        if now is not None:
            if now.tzinfo is None:
                raise ValueError("now must include a UTC offset")
            self._fixed_now = now.astimezone(UTC)
        elif today is not None:
            self._fixed_now = datetime.combine(today, time(0), tzinfo=UTC)
        self._log: deque[dict[str, Any]] = deque(maxlen=max_log)
        self._rate = SlidingWindows()
        self._scripts: dict[str, str] = {}
        self._reset_locked()

    def __repr__(self) -> str:
        return f"ApptotoState(email={self.email!r}, events={len(self._events)}, api_key=<redacted>)"

    # ------------------------------------------------------------ clock and reset

    def now(self) -> datetime:
        """The simulator's current instant (frozen when the clock was set)."""
        with self._lock:
            return self._fixed_now or datetime.now(UTC)

    def set_clock(self, now: datetime | None = None) -> dict[str, str]:
        """Freeze the clock at ``now`` (None: follow the real clock again). Data is kept."""
        with self._lock:
            if now is not None and now.tzinfo is None:
                raise ValueError("now must include a UTC offset")
            self._fixed_now = now.astimezone(UTC) if now is not None else None
            return self.clock_info()

    def advance(self, delta: timedelta | float) -> dict[str, str]:
        """Move the clock forward by ``delta`` (seconds or a timedelta); the clock is frozen after."""
        with self._lock:
            step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
            if step < timedelta(0):
                raise ValueError("the clock only moves forward")
            self._fixed_now = self.now() + step
            return self.clock_info()

    def clock_info(self) -> dict[str, str]:
        with self._lock:
            return {"now": iso_ms(self.now()), "frozen": str(self._fixed_now is not None).lower()}

    def reset(self) -> None:
        """Back to the seed for the current clock: data, scripts, faults, rate windows, log."""
        with self._lock:
            self._reset_locked()

    def _reset_locked(self) -> None:
        self._faults = copy.deepcopy(self._initial_faults)
        self._fault_rng = random.Random(self.seed)
        self._rate.clear()
        self._clear_log_locked()
        self._scripts = {}
        self._calendars: dict[int, Calendar] = {}
        self._books: dict[int, AddressBook] = {}
        self._events: dict[int, Event] = {}
        self._contacts: dict[int, Contact] = {}
        self._next_calendar = 1000026601
        self._next_book = 2000000101
        self._next_event = 50000001
        self._next_participant = 70000001
        self._next_contact = 30000001
        self._effects = 0
        for name, zone in (
            ("HeavySet Appointments", "America/Denver"),
            ("Installs", "America/Chicago"),
            ("Sales Team", "America/New_York"),
        ):
            self._add_calendar(name, zone)
        for name in ("HeavySet Leads", "Past Customers"):
            self._add_book(name)
        if self.demo_data:
            self._seed_demo()

    def _add_calendar(self, name: str, zone: str = "America/Denver") -> Calendar:
        calendar = Calendar(self._next_calendar, name, zone)
        self._next_calendar += 1
        self._calendars[calendar.id] = calendar
        return calendar

    def _add_book(self, name: str) -> AddressBook:
        book = AddressBook(self._next_book, name)
        self._next_book += 1
        self._books[book.id] = book
        return book

    def _new_participant(self, name: str, phone: str | None, email: str | None, anchor: datetime) -> Participant:
        normalized = None
        if phone:
            try:
                normalized = normalize_phone(phone)
            except InvalidPhoneError:
                normalized = None
        participant = Participant(self._next_participant, name, phone, normalized, email, anchor)
        self._next_participant += 1
        return participant

    def _seed_demo(self) -> None:
        """Events mirrored from the HeavySet simulator's bookings, a few of Apptoto's own, contacts."""
        now = self.now()
        data = build_seed(self.seed, now.date())
        rng = random.Random(f"{self.seed}-apptoto")
        heavyset = self._calendars[1000026601]
        installs = self._calendars[1000026602]
        demo_phones = set(DEMO_PHONES.values())
        self._scripts.update(DEMO_SCRIPTS)
        leads = sorted(
            (lead for lead in data.leads.values() if lead.appointment_start and lead.appointment_end),
            key=lambda lead: (lead.appointment_start or now, lead.lead_id),
        )
        for lead in leads:
            assert lead.appointment_start is not None
            assert lead.appointment_end is not None
            active = lead.appointment_status == "Confirmed"
            if lead.phone in demo_phones:
                anchor = now - timedelta(days=1)
            elif rng.random() < 0.15:
                anchor = now - timedelta(minutes=rng.randint(0, 20))
            else:
                anchor = now - timedelta(minutes=rng.randint(60, 72 * 60))
            anchor = min(anchor, lead.appointment_start - timedelta(hours=3))
            phone = None if (lead.opt_out_text or not lead.tcpa) else lead.phone
            email = None if lead.opt_out_email else lead.email
            event = Event(
                id=self._next_event,
                calendar_id=heavyset.id,
                title=f"{lead.product or 'Home'} appointment with {lead.name}",
                start=lead.appointment_start,
                end=lead.appointment_end,
                created=anchor,
                external_id=lead_external_id(lead.lead_id, lead.phone),
                time_zone=lead.time_zone,
                location=", ".join(p for p in (lead.address1, lead.city, f"{lead.state_alpha2} {lead.zip}") if p),
                content=f"Booked in HeavySet. Sales rep: {lead.sales_rep_name or 'unassigned'}.",
                custom_data={"heavyset_lead_id": lead.lead_id},
                participants=[self._new_participant(lead.name, phone, email, anchor)],
            )
            self._next_event += 1
            if not active:  # cancelled in HeavySet: the mirror deleted it
                event.is_deleted = True
                event.deleted_at = min(now, anchor + timedelta(hours=1))
            self._events[event.id] = event
        # Apptoto's own events: a crew meeting without participants, an install with two people.
        day = now.date()
        for offset in (1, 8):
            start = datetime.combine(day + timedelta(days=offset), time(13), tzinfo=UTC)
            event = Event(
                self._next_event,
                installs.id,
                "Crew meeting",
                start,
                start + timedelta(hours=1),
                now - timedelta(days=7),
            )
            self._next_event += 1
            self._events[event.id] = event
        start = datetime.combine(day + timedelta(days=3), time(15), tzinfo=UTC)
        install = Event(
            self._next_event,
            installs.id,
            "Roof install: Baker residence",
            start,
            start + timedelta(hours=6),
            now - timedelta(days=2),
            location="4410 Ross Ave, Dallas, TX 75204",
            time_zone="America/Chicago",
            participants=[
                self._new_participant("Ron Baker", "+12145550188", "ron.baker@example.com", now - timedelta(days=2)),
                self._new_participant("Tess Baker", "+12145550189", None, now - timedelta(days=2)),
            ],
        )
        self._next_event += 1
        self._events[install.id] = install
        # contacts for the HeavySet demo leads
        book = self._books[2000000101]
        for lead in sorted(data.leads.values(), key=lambda lead: lead.phone):
            if lead.phone not in demo_phones:
                continue
            contact = Contact(self._next_contact, book.id, name=lead.name)
            self._next_contact += 1
            contact.external_id = lead_external_id(lead.lead_id, lead.phone)
            contact.phone_numbers = [PhoneEntry(lead.phone, lead.phone, True, True, "mobile")]
            if lead.email:
                contact.email_addresses = [EmailEntry(lead.email, True)]
            self._contacts[contact.id] = contact

    # ------------------------------------------------------------ auth and rate limit

    def auth(self, header: str | None) -> AuthResult:
        """Check an ``Authorization`` header: Basic, the account email and its API key."""
        if not header or not header.strip():
            return AuthResult.MISSING
        scheme, _, encoded = header.strip().partition(" ")
        if scheme.lower() != "basic" or not encoded.strip():
            return AuthResult.INVALID
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return AuthResult.INVALID
        user, sep, password = decoded.partition(":")
        if not sep:
            return AuthResult.INVALID
        email_ok = hmac.compare_digest(user.strip().lower().encode(), self.email.lower().encode())
        key_ok = hmac.compare_digest(password.encode(), self.api_key.encode())
        return AuthResult.OK if email_ok and key_ok else AuthResult.INVALID

    def rate_check(self) -> int | None:
        """Count one request of the account; None when allowed, else Retry-After seconds."""
        with self._lock:
            return self._rate.check(_fingerprint(self.email.lower()), self.rate_limit, self.rate_window_s)

    def set_rate_limit(self, limit: int | None, window_s: float | None = None) -> None:
        with self._lock:
            self.rate_limit = limit
            if window_s is not None:
                self.rate_window_s = window_s
            self._rate.clear()

    # ------------------------------------------------------------ faults (the HeavySet simulator's knobs)

    # ------------------------------------------------------------ request log

    def update_request(self, stored: dict[str, Any], **changes: Any) -> None:
        """Complete a logged entry; an ``applied`` one counts as an effect."""
        with self._lock:
            super().update_request(stored, **changes)
            if changes.get("applied"):
                self._effects += 1

    def redact(self, value: Any) -> Any:
        """``value`` with ``authorization``, ``api_key`` and ``password`` values and the API key text replaced."""
        return redact(value, _SECRET_KEYS, [self.api_key])

    # ------------------------------------------------------------ participants over time

    def set_script(self, phone_or_email: str, script: str) -> None:
        """Make the participant(s) with this phone (any format) or email follow ``script`` (see :data:`SCRIPTS`)."""
        if script not in SCRIPTS:
            raise ValueError(f"script must be one of {', '.join(SCRIPTS)}")
        with self._lock:
            self._scripts[self._script_key(phone_or_email)] = script

    @staticmethod
    def _script_key(phone_or_email: str) -> str:
        if "@" in phone_or_email:
            return phone_or_email.strip().lower()
        return normalize_phone(phone_or_email)

    def script_of(self, event: Event, participant: Participant) -> str:
        """The participant's script: set for its phone or email, else drawn from the seed (deterministic)."""
        for key in (participant.normalized_phone, (participant.email or "").lower()):
            if key and key in self._scripts:
                return self._scripts[key]
        who = participant.normalized_phone or (participant.email or "").lower() or participant.name
        roll = _hash(f"{self.seed}|{event.id}|{who}") % 100
        edge = 0
        for name, (_, _, weight) in SCRIPTS.items():
            edge += weight
            if roll < edge:
                return name
        return "confirm"

    def _reply_delay(self, event: Event, participant: Participant) -> timedelta:
        spread = int((REPLY_AFTER_MAX - REPLY_AFTER_MIN).total_seconds() // 60)
        who = participant.normalized_phone or participant.email or participant.name
        minutes = _hash(f"{self.seed}|reply|{event.id}|{who}") % (spread + 1)
        return REPLY_AFTER_MIN + timedelta(minutes=minutes)

    def pin_state(self, event_id: int, state: str | None, *, participant_index: int = 0) -> None:
        """Pin a participant's ``state`` to any text (None: follow its script again)."""
        with self._lock:
            event = self._events.get(event_id)
            if event is None:
                raise ValueError(f"no event {event_id}")
            event.participants[participant_index].pinned_state = state

    def _timeline(self, event: Event, participant: Participant) -> tuple[str, list[dict[str, Any]]]:
        """(state, messages) of a participant at the sim clock's now."""
        zone = self._zone(event)
        messages: list[dict[str, Any]] = []
        state = INITIAL
        now = self.now()
        if event.is_deleted and event.deleted_at is not None:
            now = min(now, event.deleted_at)  # deleting halts the messages
        if participant.reachable and participant.anchor < event.start:
            reminded_at = participant.anchor + REMIND_AFTER
            if reminded_at <= now and reminded_at < event.start:
                state = REMINDED
                local = event.start.astimezone(load_zone(zone))
                when = f"{local:%a, %b} {local.day} at {format_ampm(local)} {local.tzname() or ''}".strip()
                messages.append(
                    {
                        "id": participant.id * 10 + 1,
                        "at": _iso(reminded_at, zone),
                        "content": f"Reminder: {event.title} on {when}. Reply C to confirm or R to reschedule.",
                        "event_type": "sent",
                    }
                )
                final, reply, _ = SCRIPTS[self.script_of(event, participant)]
                replied_at = participant.anchor + self._reply_delay(event, participant)
                if reply is not None and replied_at <= now and replied_at < event.end:
                    state = final
                    messages.append(
                        {
                            "id": participant.id * 10 + 2,
                            "at": _iso(replied_at, zone),
                            "content": reply,
                            "event_type": "replied",
                        }
                    )
        if participant.pinned_state is not None:
            state = participant.pinned_state
        return state, messages

    # ------------------------------------------------------------ payloads

    def _zone(self, event: Event) -> str:
        if event.time_zone and is_known_zone(event.time_zone):
            return event.time_zone
        return self._calendars[event.calendar_id].time_zone

    def _participant_payload(self, event: Event, participant: Participant, conversations: bool) -> dict[str, Any]:
        state, messages = self._timeline(event, participant)
        payload: dict[str, Any] = {
            "id": participant.id,
            "event_id": event.id,
            "name": participant.name,
            "phone": participant.phone,
            "normalized_phone": participant.normalized_phone,
            "email": participant.email,
            "state": state,
            "contact_id": participant.contact_id,
            "contact_external_id": participant.contact_external_id,
        }
        if conversations:
            payload["conversations"] = [{"id": 900000000 + participant.id, "messages": messages}] if messages else []
        return payload

    def _event_payload(
        self, event: Event, *, conversations: bool = False, only: Participant | None = None
    ) -> dict[str, Any]:
        zone = self._zone(event)
        people = [only] if only is not None else event.participants
        return {
            "id": event.id,
            "calendar_id": event.calendar_id,
            "calendar_name": self._calendars[event.calendar_id].name,
            "external_id": event.external_id,
            "start_time": _iso(event.start, zone),
            "end_time": _iso(event.end, zone),
            "title": event.title,
            "location": event.location,
            "content": event.content,
            "time_zone": event.time_zone,
            "all_day": event.all_day,
            "show_as": event.show_as,
            "is_deleted": event.is_deleted,
            "custom_data": copy.deepcopy(event.custom_data),
            "participants": [self._participant_payload(event, p, conversations) for p in people],
        }

    def _contact_payload(self, contact: Contact) -> dict[str, Any]:
        return {
            "id": contact.id,
            "address_book_id": contact.address_book_id,
            "external_id": contact.external_id,
            "name": contact.name,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "phone_numbers": [
                {
                    "number": p.number,
                    "normalized": p.normalized,
                    "is_mobile": p.is_mobile,
                    "is_primary": p.is_primary,
                    "type": p.type,
                }
                for p in contact.phone_numbers
            ],
            "email_addresses": [{"address": e.address, "is_primary": e.is_primary} for e in contact.email_addresses],
            "custom_data": copy.deepcopy(contact.custom_data),
        }

    # ------------------------------------------------------------ query helpers

    @staticmethod
    def _flag(query: Mapping[str, str], name: str) -> bool:
        value = query.get(name)
        if value is None or value == "":
            return False
        lowered = value.strip().lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        raise _bad(f"{name} must be true or false")

    @staticmethod
    def _positive(query: Mapping[str, str], name: str, default: int) -> int:
        value = query.get(name)
        if value is None or value == "":
            return default
        if not value.strip().isdigit() or int(value) < 1:
            raise _bad(f"{name} must be a positive integer")
        return int(value)

    def _find_event(self, query: Mapping[str, Any]) -> Event:
        """By ``id`` (an integer) or ``external_id`` (a live event first, else the newest deleted one)."""
        raw_id = query.get("id")
        external_id = query.get("external_id")
        if raw_id not in (None, ""):
            try:
                event_id = int(raw_id)
            except (TypeError, ValueError):
                raise _bad("id must be an integer") from None
            event = self._events.get(event_id)
            if event is None:
                raise _not_found("Event")
            return event
        if not external_id:
            raise _bad("external_id is required if you do not specify an id")
        matches = [e for e in self._events.values() if e.external_id == external_id]
        if not matches:
            raise _not_found("Event")
        return max(matches, key=lambda e: (not e.is_deleted, e.id))

    def _live_by_external_id(self, external_id: str) -> Event | None:
        return next((e for e in self._events.values() if e.external_id == external_id and not e.is_deleted), None)

    # ------------------------------------------------------------ events API

    def list_events(self, query: Mapping[str, str]) -> dict[str, Any]:
        """``GET /v1/events``."""
        with self._lock:
            include_deleted = self._flag(query, "include_deleted")
            conversations = self._flag(query, "include_conversations")
            page = self._positive(query, "page", 1)
            page_size = min(self._positive(query, "page_size", PAGE_SIZE_DEFAULT), PAGE_SIZE_CAP)
            begin = _parse_instant(query["begin"], "begin", naive_ok=True) if query.get("begin") else None
            end = _parse_instant(query["end"], "end", naive_ok=True) if query.get("end") else None
            phone = _phone(query["phone_number"], "phone_number") if query.get("phone_number") else None
            email = query.get("email_address", "").strip().lower() or None
            if query.get("id") or query.get("external_id"):  # the legacy single-event form
                try:
                    chosen = [self._find_event(query)]
                except ApptotoError as exc:
                    if exc.status != 404:
                        raise
                    chosen = []
            else:
                chosen = list(self._events.values())
            chosen = [
                e
                for e in chosen
                if (include_deleted or not e.is_deleted)
                and (begin is None or e.start >= begin)
                and (end is None or e.start <= end)
            ]
            chosen.sort(key=lambda e: (e.start, e.id))
            rows: list[tuple[Event, Participant | None]] = []
            for event in chosen:
                if phone is None and email is None:
                    rows.append((event, None))
                    continue
                for participant in event.participants:  # one copy per matching participant [DOC]
                    if (phone is None or participant.normalized_phone == phone) and (
                        email is None or (participant.email or "").lower() == email
                    ):
                        rows.append((event, participant))
            window = rows[(page - 1) * page_size : page * page_size]
            return {
                "events": [self._event_payload(e, conversations=conversations, only=p) for e, p in window],
            }

    def get_event(self, query: Mapping[str, str]) -> dict[str, Any]:
        """``GET /v1/event``: a bare event (deleted ones too)."""
        with self._lock:
            conversations = self._flag(query, "include_conversations")
            return self._event_payload(self._find_event(query), conversations=conversations)

    def delete_event(self, query: Mapping[str, str]) -> dict[str, Any]:
        """``DELETE /v1/events?id=|external_id=``: a soft delete; deleting again answers the same."""
        with self._lock:
            if not query.get("id") and not query.get("external_id"):
                raise _bad("id or external_id is required")
            event = self._find_event(query)
            if not event.is_deleted:
                event.is_deleted = True
                event.deleted_at = self.now()
            return {"events": [self._event_payload(event)]}

    def write_events(self, method: str, body: Any) -> dict[str, Any]:
        """``POST`` (create) or ``PUT`` (upsert by id or external_id) ``/v1/events``; all or nothing."""
        with self._lock:
            if not isinstance(body, Mapping) or not isinstance(body.get("events"), list):
                raise _bad('the body must be a JSON object {"events": [...]}')
            extra = sorted(set(body) - {"events", "prevent_calendar_creation"})
            if extra:
                raise _bad(f"unknown field(s) {', '.join(extra)}")
            prevent = body.get("prevent_calendar_creation", False)
            if not isinstance(prevent, bool):
                raise _bad("prevent_calendar_creation must be true or false")
            items: list[Any] = body["events"]
            if not items:
                raise _bad("events must not be empty")
            if len(items) > self.max_batch:
                raise ApptotoError(502, "bad_gateway", "Bad Gateway")
            plans = [self._plan_event(method, item, f"events[{i}]", prevent) for i, item in enumerate(items)]
            keys = [p[2] for p in plans if p[2] is not None]
            if len(keys) != len(set(keys)):
                raise _bad("the same id or external_id appears twice in one batch")
            return {"events": [self._apply_event(*plan) for plan in plans]}

    def _plan_event(
        self, method: str, raw: Any, where: str, prevent: bool
    ) -> tuple[Event | None, dict[str, Any], str | None]:
        """Validate one item; returns (the event to update or None, clean fields, its batch key)."""
        clean = _check_fields(raw, _EVENT_FIELDS, where)
        for name in ("start_time", "end_time"):
            if name in clean:
                clean[name] = _parse_instant(clean[name], f"{where}.{name}")
        if "time_zone" in clean and self.refuses_iana_zones:
            raise _bad(f"{where}.time_zone {clean['time_zone']!r} is not a supported time zone")
        if "time_zone" in clean and not is_known_zone(clean["time_zone"]):
            raise _bad(f"{where}.time_zone must be a supported time zone (IANA name)")
        if "show_as" in clean and not 0 <= clean["show_as"] <= 4:
            raise _bad(f"{where}.show_as must be 0, 1, 2, 3 or 4")
        if clean.get("external_id") == "":
            raise _bad(f"{where}.external_id must not be empty")
        if "participants" in clean:
            clean["participants"] = [
                self._clean_participant(p, f"{where}.participants[{i}]") for i, p in enumerate(clean["participants"])
            ]
        target: Event | None = None
        key: str | None = None
        if method == "POST":
            if "id" in clean:
                raise _bad(f"{where}.id cannot be given when creating events")
            if "external_id" in clean and self._live_by_external_id(clean["external_id"]) is not None:
                raise _bad(f"{where}.external_id {clean['external_id']} is already used by another event")
        elif "id" in clean:
            target = self._events.get(clean["id"])
            if target is None or target.is_deleted:
                raise ApptotoError(404, "not_found", f"{where}: event {clean['id']} not found")
        elif "external_id" in clean:
            target = self._live_by_external_id(clean["external_id"])
        if "id" in clean:
            key = f"id:{clean['id']}"
        elif "external_id" in clean:
            key = f"external_id:{clean['external_id']}"
        calendar_id = self._resolve_calendar(clean, where, prevent)
        if target is None:
            missing = [n for n in ("title", "start_time", "end_time") if n not in clean]
            if calendar_id is None and "calendar" not in clean:
                missing.append("calendar or calendar_id")
            if missing:
                raise _bad(f"{where}: {', '.join(missing)} required to create an event")
        elif (calendar_id if calendar_id is not None else -1) != target.calendar_id and (
            calendar_id is not None or "calendar" in clean
        ):
            raise _bad(f"{where}: an event cannot be moved to another calendar")
        start = clean.get("start_time", target.start if target else None)
        end = clean.get("end_time", target.end if target else None)
        if target is not None and self.put_keeps_times:
            start, end = target.start, target.end
        if start is not None and end is not None and end < start:
            raise _bad(f"{where}.end_time must not be before start_time")
        clean["_calendar_id"] = calendar_id
        return target, clean, key

    def _resolve_calendar(self, clean: Mapping[str, Any], where: str, prevent: bool) -> int | None:
        """The calendar id named by the item; None when it names a calendar still to be provisioned."""
        if "calendar_id" in clean:
            if clean["calendar_id"] not in self._calendars:
                raise _bad(f"{where}.calendar_id {clean['calendar_id']} is not a calendar of this account")
            return int(clean["calendar_id"])
        if "calendar" in clean:
            name = clean["calendar"].strip()
            found = next((c for c in self._calendars.values() if c.name.lower() == name.lower()), None)
            if found is not None:
                return found.id
            if prevent:
                raise _bad(f"{where}.calendar: no calendar named {name!r} (prevent_calendar_creation is set)")
        return None

    def _clean_participant(self, raw: Any, where: str) -> dict[str, Any]:
        clean = _check_fields(raw, _PARTICIPANT_FIELDS, where)
        if clean.get("phone"):
            clean["normalized_phone"] = _phone(clean["phone"], f"{where}.phone")
        if clean.get("email") and "@" not in clean["email"]:
            raise _bad(f"{where}.email is not an email address")
        return clean

    def _apply_event(self, target: Event | None, clean: dict[str, Any], key: str | None) -> dict[str, Any]:
        now = self.now()
        calendar_id = clean.pop("_calendar_id")
        if calendar_id is None and "calendar" in clean:  # provisioned from its name [DOC]
            calendar_id = self._add_calendar(clean["calendar"].strip()).id
        if target is None:
            target = Event(
                id=self._next_event,
                calendar_id=calendar_id if calendar_id is not None else 0,
                title=clean["title"],
                start=clean["start_time"],
                end=clean["end_time"],
                created=now,
            )
            self._next_event += 1
            self._events[target.id] = target
        elif not self.put_keeps_times:
            moved = ("start_time" in clean and clean["start_time"] != target.start) or (
                "end_time" in clean and clean["end_time"] != target.end
            )
            if "start_time" in clean:
                target.start = clean["start_time"]
            if "end_time" in clean:
                target.end = clean["end_time"]
            if moved:  # a rescheduled event starts its reminders again
                for participant in target.participants:
                    participant.anchor = now
                    participant.pinned_state = None
        for name in ("external_id", "title", "time_zone", "location", "content", "all_day", "show_as"):
            if name in clean:
                setattr(target, name, clean[name])
        if "custom_data" in clean:
            target.custom_data = copy.deepcopy(clean["custom_data"])
        if "participants" in clean:
            target.participants = self._merge_participants(target, clean["participants"], now)
        return self._event_payload(target)

    def _merge_participants(self, event: Event, given: list[dict[str, Any]], now: datetime) -> list[Participant]:
        """Replace the list [DOC], keeping who a sent person is, and never dropping one already messaged."""
        merged: list[Participant] = []
        old = list(event.participants)
        for item in given:
            fresh = self._new_participant(item.get("name", ""), item.get("phone"), item.get("email"), now)
            fresh.contact_id = item.get("contact_id")
            fresh.contact_external_id = item.get("contact_external_id")
            same = next((p for p in old if p.same_person(fresh)), None)
            if same is not None and self.keeps_messaged and self._timeline(event, same)[1]:
                old.remove(same)
                merged.append(same)  # already messaged: kept as it was, its phone too
            elif same is not None:
                old.remove(same)
                same.name, same.phone, same.email = fresh.name, fresh.phone, fresh.email
                same.normalized_phone = fresh.normalized_phone
                same.contact_id, same.contact_external_id = fresh.contact_id, fresh.contact_external_id
                merged.append(same)
            else:
                merged.append(fresh)
        for leftover in old:  # "participants are not removed once messages have started going out" [DOC]
            _, messages = self._timeline(event, leftover)
            if messages:
                merged.append(leftover)
        return merged

    # ------------------------------------------------------------ contacts API

    def get_contact(self, query: Mapping[str, str]) -> dict[str, Any]:
        """``GET /v1/contact?external_id=`` (or ``id=``): a bare contact, 404 when none."""
        with self._lock:
            return self._contact_payload(self._find_contact(query, where="contact"))

    def _find_contact(self, query: Mapping[str, Any], *, where: str) -> Contact:
        raw_id = query.get("id")
        if raw_id not in (None, ""):
            try:
                contact = self._contacts.get(int(raw_id))
            except (TypeError, ValueError):
                raise _bad(f"{where}: id must be an integer") from None
            if contact is None:
                raise _not_found("Contact")
            return contact
        external_id = query.get("external_id")
        if not external_id:
            raise _bad(f"{where}: external_id is required if you do not specify an id")
        book_id = query.get("address_book_id")
        found = self._contact_by_external_id(str(external_id), int(book_id) if book_id not in (None, "") else None)
        if found is None:
            raise _not_found("Contact")
        return found

    def _contact_by_external_id(self, external_id: str, book_id: int | None) -> Contact | None:
        for contact in sorted(self._contacts.values(), key=lambda c: c.id):
            if contact.external_id == external_id and (book_id is None or contact.address_book_id == book_id):
                return contact
        return None

    def list_contacts(self, query: Mapping[str, str]) -> dict[str, Any]:
        """``GET /v1/contacts`` (``address_book_id`` works here, though C1 found it broken)."""
        with self._lock:
            page = self._positive(query, "page", 1)
            page_size = min(self._positive(query, "page_size", PAGE_SIZE_DEFAULT), PAGE_SIZE_CAP)
            book = query.get("address_book_id")
            if book and not book.isdigit():
                raise _bad("address_book_id must be an integer")
            chosen = sorted(
                (c for c in self._contacts.values() if not book or c.address_book_id == int(book)),
                key=lambda c: c.id,
            )
            window = chosen[(page - 1) * page_size : page * page_size]
            return {"contacts": [self._contact_payload(c) for c in window]}

    def delete_contact(self, body: Any, query: Mapping[str, str]) -> dict[str, Any]:
        """``DELETE /v1/contacts`` with ``{"id"}`` (C1) or ``{"external_id"}`` in the body (or the query)."""
        with self._lock:
            source: Mapping[str, Any] = body if isinstance(body, Mapping) and body else query
            contact = self._find_contact(source, where="contact")
            del self._contacts[contact.id]
            return {"contacts": [self._contact_payload(contact)]}

    def write_contacts(self, method: str, body: Any) -> dict[str, Any]:
        """``POST`` (create) or ``PUT`` (upsert by id or external_id) ``/v1/contacts``; all or nothing."""
        with self._lock:
            if not isinstance(body, Mapping) or not isinstance(body.get("contacts"), list):
                raise _bad('the body must be a JSON object {"contacts": [...]}')
            extra = sorted(set(body) - {"contacts"})
            if extra:
                raise _bad(f"unknown field(s) {', '.join(extra)}")
            items: list[Any] = body["contacts"]
            if not items:
                raise _bad("contacts must not be empty")
            if len(items) > self.max_batch:
                raise ApptotoError(502, "bad_gateway", "Bad Gateway")
            plans = [self._plan_contact(method, item, f"contacts[{i}]") for i, item in enumerate(items)]
            keys = [p[2] for p in plans if p[2] is not None]
            if len(keys) != len(set(keys)):
                raise _bad("the same id or external_id appears twice in one batch")
            return {"contacts": [self._apply_contact(*plan) for plan in plans]}

    def _plan_contact(self, method: str, raw: Any, where: str) -> tuple[Contact | None, dict[str, Any], str | None]:
        clean = _check_fields(raw, _CONTACT_FIELDS, where)
        for name in ("phone", "add_phone"):
            if name in clean:
                clean[name] = _phone(clean[name], f"{where}.{name}")
        for name in ("email", "add_email"):
            if name in clean and "@" not in clean[name]:
                raise _bad(f"{where}.{name} is not an email address")
        if "phone_numbers" in clean:
            entries = []
            for i, item in enumerate(clean["phone_numbers"]):
                entry = _check_fields(item, _PHONE_ENTRY_FIELDS, f"{where}.phone_numbers[{i}]")
                if "number" not in entry:
                    raise _bad(f"{where}.phone_numbers[{i}].number is required")
                normalized = _phone(entry["number"], f"{where}.phone_numbers[{i}].number")
                entries.append(
                    PhoneEntry(
                        entry["number"],
                        normalized,
                        entry.get("is_mobile", True),
                        entry.get("is_primary", False),
                        entry.get("type"),
                    )
                )
            clean["phone_numbers"] = entries
        if "email_addresses" in clean:
            emails = []
            for i, item in enumerate(clean["email_addresses"]):
                entry = _check_fields(item, _EMAIL_ENTRY_FIELDS, f"{where}.email_addresses[{i}]")
                if "@" not in entry.get("address", ""):
                    raise _bad(f"{where}.email_addresses[{i}].address is not an email address")
                emails.append(EmailEntry(entry["address"], entry.get("is_primary", False)))
            clean["email_addresses"] = emails
        book_id: int | None = None
        if "address_book_id" in clean:
            if clean["address_book_id"] not in self._books:
                raise _bad(f"{where}.address_book_id {clean['address_book_id']} is not an address book")
            book_id = int(clean["address_book_id"])
        elif "address_book" in clean:
            name = clean["address_book"].strip()
            found = next((b for b in self._books.values() if b.name.lower() == name.lower()), None)
            book_id = found.id if found is not None else None
        target: Contact | None = None
        if method == "POST":
            if "id" in clean:
                raise _bad(f"{where}.id cannot be given when creating contacts")
            if "external_id" in clean and self._contact_by_external_id(clean["external_id"], book_id):
                raise _bad(f"{where}.external_id {clean['external_id']} is already used by another contact")
        elif "id" in clean:
            target = self._contacts.get(clean["id"])
            if target is None:
                raise ApptotoError(404, "not_found", f"{where}: contact {clean['id']} not found")
        elif "external_id" in clean:
            target = self._contact_by_external_id(clean["external_id"], book_id)
        if target is None and book_id is None and "address_book" not in clean:
            raise _bad(f"{where}: address_book or address_book_id is required to create a contact")
        if target is not None and (
            (book_id is not None and book_id != target.address_book_id) or (book_id is None and "address_book" in clean)
        ):
            raise _bad(f"{where}: a contact cannot be moved to another address book")
        key = (
            f"id:{clean['id']}"
            if "id" in clean
            else (f"external_id:{clean['external_id']}" if "external_id" in clean else None)
        )
        clean["_book_id"] = book_id
        return target, clean, key

    def _apply_contact(self, target: Contact | None, clean: dict[str, Any], key: str | None) -> dict[str, Any]:
        book_id = clean.pop("_book_id")
        if book_id is None and "address_book" in clean and target is None:  # provisioned [DOC]
            book_id = self._add_book(clean["address_book"].strip()).id
        if target is None:
            assert book_id is not None
            target = Contact(self._next_contact, book_id)
            self._next_contact += 1
            self._contacts[target.id] = target
        for name in ("external_id", "first_name", "last_name"):
            if name in clean:
                setattr(target, name, clean[name])
        if "name" in clean:  # name wins over first + last [DOC]
            target.name = clean["name"]
        elif "first_name" in clean or "last_name" in clean:
            target.name = " ".join(p for p in (target.first_name, target.last_name) if p)
        if "phone_numbers" in clean:
            target.phone_numbers = clean["phone_numbers"]
        if "email_addresses" in clean:
            target.email_addresses = clean["email_addresses"]
        if "custom_data" in clean:
            target.custom_data = copy.deepcopy(clean["custom_data"])
        if "phone" in clean:  # the single value becomes the primary number
            self._add_phone(target, clean["phone"], primary=True)
        if "add_phone" in clean:
            self._add_phone(target, clean["add_phone"], primary=not target.phone_numbers)
        if "email" in clean:
            self._add_email(target, clean["email"], primary=True)
        if "add_email" in clean:
            self._add_email(target, clean["add_email"], primary=not target.email_addresses)
        return self._contact_payload(target)

    @staticmethod
    def _add_phone(contact: Contact, e164: str, *, primary: bool) -> None:
        entry = next((p for p in contact.phone_numbers if p.normalized == e164), None)
        if entry is None:
            entry = PhoneEntry(e164, e164, True, False, "mobile")
            contact.phone_numbers.append(entry)
        if primary:
            for other in contact.phone_numbers:
                other.is_primary = other is entry

    @staticmethod
    def _add_email(contact: Contact, address: str, *, primary: bool) -> None:
        entry = next((e for e in contact.email_addresses if e.address.lower() == address.lower()), None)
        if entry is None:
            entry = EmailEntry(address, False)
            contact.email_addresses.append(entry)
        if primary:
            for other in contact.email_addresses:
                other.is_primary = other is entry

    def address_books_payload(self) -> dict[str, Any]:
        """``GET /v1/address_books``."""
        with self._lock:
            return {
                "address_books": [
                    {"id": b.id, "name": b.name} for b in sorted(self._books.values(), key=lambda b: b.id)
                ]
            }

    # ------------------------------------------------------------ admin views

    def events_snapshot(self, *, include_deleted: bool = True) -> list[dict[str, Any]]:
        """Every event (deleted ones too by default) as the API shows it, with conversations."""
        with self._lock:
            events = sorted(self._events.values(), key=lambda e: (e.start, e.id))
            return [self._event_payload(e, conversations=True) for e in events if include_deleted or not e.is_deleted]

    def event_snapshot(self, *, id: int | None = None, external_id: str | None = None) -> dict[str, Any] | None:
        with self._lock:
            try:
                event = self._find_event({"id": id, "external_id": external_id})
            except ApptotoError:
                return None
            return self._event_payload(event, conversations=True)

    def calendars(self) -> list[dict[str, Any]]:
        with self._lock:
            return [{"id": c.id, "name": c.name, "time_zone": c.time_zone} for c in self._calendars.values()]

    def effects(self) -> int:
        """How many mutating requests took effect (2xx)."""
        with self._lock:
            return self._effects

    def info(self) -> dict[str, Any]:
        """Non-secret facts for ``GET /_sim/info`` (the API key is never included)."""
        with self._lock:
            live = [e for e in self._events.values() if not e.is_deleted]
            return {
                "email": self.email,
                "calendars": self.calendars(),
                "addressBooks": self.address_books_payload()["address_books"],
                "events": len(live),
                "deletedEvents": len(self._events) - len(live),
                "contacts": len(self._contacts),
                "scripts": dict(self._scripts),
                "rateLimit": self.rate_limit,
                "rateWindowS": self.rate_window_s,
                "errorStyle": self.error_style,
                "putKeepsTimes": self.put_keeps_times,
                "keepsMessaged": self.keeps_messaged,
                "refusesIanaZones": self.refuses_iana_zones,
                **self.clock_info(),
            }

"""The simulator's whole CRM and every rule of the two APIs, without HTTP.

:class:`SimState` is thread-safe (one re-entrant lock around every public
method), so the ASGI app on the server thread and a test on the main thread
can use it together. API operations take the raw inputs a request carries
(query strings, parsed JSON bodies) and either return the JSON payload to send
or raise :class:`SimError`; ``app.py`` turns that into the family's status
codes and error shapes. The admin operations behind ``/_sim/`` are plain
methods too, so in-process tests can call them directly.
"""

from __future__ import annotations

import contextlib
import copy
import enum
import hashlib
import hmac
import random
import re
import secrets
import threading
import time as _time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hsconsole.api.heavyset.models import ExistingLead, TimeSlots
from hsconsole.domain.phones import InvalidPhoneError, normalize_phone
from hsconsole.domain.slots import SlotTimeError, is_known_zone, load_zone, parse_ampm, resolve_wall_time
from hsconsole.sim.common import (  # the fault knobs, re-exported: they were defined here
    FORCE_OUTCOMES,  # noqa: F401
    HUGE_SIZE,  # noqa: F401
    MALFORMED_KINDS,  # noqa: F401
    RATE_KNOBS,  # noqa: F401
    REDACTED,  # noqa: F401
    FaultKnobs,
    Faults,
    ForcedOutcome,  # noqa: F401
    MalformedResponse,  # noqa: F401
    RequestLog,
    SlidingWindows,
    iso_ms,
    redact,
)
from hsconsole.sim.dialects import check_dialects
from hsconsole.sim.heavyset.data import (
    DEFAULT_CRM_SETTINGS_ID,
    DEFAULT_DEMO_TOKEN,
    DEFAULT_SEED,
    DEFAULT_TOKEN,
    DEMO_PHONES,
    DISPOSITIONS,
    MARKETS,
    PAGE_ID,
    PAGE_LABEL,
    SALES_REPS,
    UNKNOWN_PHONE,
    build_seed,
    business_days,
    new_block_id,
)
from hsconsole.sim.heavyset.model import Block, Lead, book, cancel, pick_rep, resolve_market, zip_info

# ---------------------------------------------------------------- errors


class ErrorKind(enum.Enum):
    BAD_REQUEST = "bad_request"
    NOT_FOUND = "not_found"
    MISSING_ONE_TIME_TOKEN = "missing_one_time_token"  # noqa: S105 (an error code)


class SimError(Exception):
    """A request the API refuses; ``messages`` are the human-readable reasons."""

    def __init__(self, kind: ErrorKind, messages: str | Sequence[str]) -> None:
        self.kind = kind
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class IdempotencyConflict(SimError):
    """The idempotency key was already used with a different request."""

    def __init__(self) -> None:
        super().__init__(ErrorKind.BAD_REQUEST, "idempotency key was already used with a different request body")


def _bad(messages: str | Sequence[str]) -> SimError:
    return SimError(ErrorKind.BAD_REQUEST, messages)


class AuthStatus(enum.Enum):
    OK = "ok"
    MISSING = "missing"
    INVALID = "invalid"
    DEMO = "demo"


# ---------------------------------------------------------------- idempotency and tokens


@dataclass
class IdempotentOutcome:
    """What a mutation request produced (or replayed)."""

    status: int
    body: Any
    applied: bool
    """True only when the mutation took effect in this request (first time, 2xx)."""
    replayed: bool


@dataclass
class _Stored:
    status: int
    body: Any
    fingerprint: str


@dataclass
class _OneTimeToken:
    lead_id: str
    token_fp: str
    created: float
    used: bool = False


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:24]


# ---------------------------------------------------------------- PhoneUpdateDto rules

_PATCH_TYPES: dict[str, type] = {
    "phone": str,
    "firstName": str,
    "lastName": str,
    "streetAddress": str,
    "city": str,
    "zip": str,
    "email": str,
    "optOutPhone": bool,
    "tcpaFlag": bool,
    "appendComment": str,
    "cancelAppt": bool,
    "blockId": str,
    "simpleBlockId": bool,
    "notQualifiedReason": str,
    "homeYear": int,
    "takerId": str,
}
"""PhoneUpdateDto (seed 001) in field order; anything else is refused."""

_LEAD_TYPES: dict[str, type] = {
    "name": str,
    "firstName": str,
    "lastName": str,
    "phone": str,
    "address1": str,
    "zip": str,
    "email": str,
    "comments": str,
    "source": str,
    "sourceType": str,
    "sourceName": str,
    "product": str,
    "forceNewLead": bool,
    "deferCrmSaveUntilAppointment": bool,
    "gtrLeadId": str,
}
"""The ``POST /lead`` body (seed 000)."""

_APPOINTMENT_TYPES: dict[str, type] = {
    "blockId": str,
    "oneTimeToken": str,
    "timeZone": str,
    "source": str,
    "sourceType": str,
    "sourceName": str,
    "sliceStartTime": str,
}
"""The ``POST /appointment`` body (seed 000)."""

_STRICT_PHONE = re.compile(r"^(\+\d{8,15}|\d{10})$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_POSITIVE_INT = re.compile(r"^[1-9]\d*$")
_TOKEN_KEYS = {"token", "x-hs-token", "x-heavyset-token", "accesstoken", "access_token", "apitoken", "api_token"}
MATCH_TOLERANCE = timedelta(minutes=60)
"""Zapier: an ISO datetime ``blockId`` books the closest block start within this."""


def _type_message(name: str, expected: type) -> str:
    if expected is bool:
        return f"{name} must be a boolean value"
    if expected is int:
        return f"{name} must be an integer number"
    return f"{name} must be a string"


def _type_ok(value: Any, expected: type) -> bool:
    if expected is bool:
        return isinstance(value, bool)
    if expected is int:
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return isinstance(value, expected)


def _check_types(body: Mapping[str, Any], schema: Mapping[str, type]) -> tuple[dict[str, Any], list[str]]:
    """Whitelist + type checks, NestJS style: nulls count as absent."""
    messages = [f"property {key} should not exist" for key in body if key not in schema]
    clean: dict[str, Any] = {}
    for name, expected in schema.items():
        value = body.get(name)
        if value is None:
            continue
        if not _type_ok(value, expected):
            messages.append(_type_message(name, expected))
            continue
        clean[name] = int(value) if expected is int else value
    return clean, messages


# ---------------------------------------------------------------- the state


class SimState(FaultKnobs, RequestLog):
    """The simulated HeavySet CRM shared by the S2S and Zapier routes.

    Args:
        seed: seed of the demo data and of the fault RNG.
        today: freeze the clock at 00:00 UTC of this day (default: real clock).
        now: freeze the clock at this instant instead (wins over ``today``).
        token: the valid API token (both families).
        demo_token: a token whose account is in demo mode (403 everywhere).
        extra_tokens: more valid tokens (idempotency and rate limits are per token).
        crm_settings_id: the id the low-latency route accepts.
        faults: fault knobs at start (also what ``reset()`` restores).
        rate_limit: requests per window per token; 0 or None disables.
        rate_window_s: the sliding window in seconds.
        ott_ttl_s: one-time tokens expire after this many seconds (or once used).
        dialects: readings of the documents to follow instead of the default (:data:`~hsconsole.sim.dialects.DIALECTS`).
    """

    def __init__(
        self,
        *,
        seed: int = DEFAULT_SEED,
        today: date | None = None,
        now: datetime | None = None,
        token: str = DEFAULT_TOKEN,
        demo_token: str = DEFAULT_DEMO_TOKEN,
        extra_tokens: Iterable[str] = (),
        crm_settings_id: str = DEFAULT_CRM_SETTINGS_ID,
        faults: Faults | None = None,
        rate_limit: int | None = 60,
        rate_window_s: float = 60.0,
        ott_ttl_s: float = 86400.0,
        dispositions: Sequence[str] = DISPOSITIONS,
        max_log: int = 10_000,
        dialects: Iterable[str] = (),
    ) -> None:
        if not token:
            raise ValueError("token must not be empty")
        self._lock = threading.RLock()
        self.seed = seed
        self.token = token
        self.demo_token = demo_token
        self._valid_tokens = (token, *[t for t in extra_tokens if t])
        self.crm_settings_id = crm_settings_id
        self.dialects = check_dialects(dialects)
        """The readings of the documents this simulator follows instead of its default (sim/dialects.py)."""
        self.dispositions = tuple(dispositions)
        self.rate_limit = rate_limit
        self.rate_window_s = rate_window_s
        self.ott_ttl_s = ott_ttl_s
        self._max_log = max_log
        self._initial_faults = copy.deepcopy(faults or Faults())
        self._initial_faults.validate()
        self._fixed_now: datetime | None = None
        if now is not None:
            self._fixed_now = now.astimezone(UTC)
        elif today is not None:
            self._fixed_now = datetime.combine(today, time(0), tzinfo=UTC)
        self._log: deque[dict[str, Any]] = deque(maxlen=max_log)
        self._rate = SlidingWindows()
        self._reset_locked()

    # ------------------------------------------------------------ clock and reset

    def now(self) -> datetime:
        """The simulator's current instant (frozen when the clock was set)."""
        with self._lock:
            return self._fixed_now or datetime.now(UTC)

    @property
    def today(self) -> date:
        """ "Today" for block generation and ``limitDays``: the UTC date of :meth:`now`."""
        return self.now().date()

    def reset(self) -> None:
        """Back to the seed: data, one-time tokens, idempotency store, effects,
        rate-limit windows, request log; faults back to the constructor's. The
        clock setting is kept."""
        with self._lock:
            self._reset_locked()

    def set_clock(
        self, today: date | None = None, now: datetime | None = None, *, reseed: bool = True
    ) -> dict[str, str]:
        """Freeze the clock (``now``, else 00:00 UTC of ``today``; neither: real clock).

        By default the CRM is re-seeded for the new day (blocks are laid out
        from "today"); the request log and faults are kept. ``reseed=False``
        only moves the clock, e.g. to let a booked block slip into the past.
        """
        with self._lock:
            if now is not None:
                if now.tzinfo is None:
                    raise ValueError("now must include a UTC offset")
                self._fixed_now = now.astimezone(UTC)
            elif today is not None:
                self._fixed_now = datetime.combine(today, time(0), tzinfo=UTC)
            else:
                self._fixed_now = None
            if reseed:
                self._reseed_locked()
            return self.clock_info()

    def clock_info(self) -> dict[str, str]:
        with self._lock:
            return {
                "today": self.today.isoformat(),
                "now": iso_ms(self.now()),
                "frozen": str(self._fixed_now is not None).lower(),
            }

    def _reset_locked(self) -> None:
        self._faults = copy.deepcopy(self._initial_faults)
        self._fault_rng = random.Random(self.seed)
        self._clear_log_locked()
        self._rate.clear()
        self._reseed_locked()

    def _reseed_locked(self) -> None:
        data = build_seed(self.seed, self.today)
        self._blocks: dict[str, Block] = data.blocks
        self._alias: dict[str, str] = {b.alias: b.block_id for b in data.blocks.values()}
        self._leads: dict[str, Lead] = data.leads
        self._phones: dict[str, list[str]] = data.phone_index
        self._next_alias = data.next_alias
        self._next_appointment = data.next_appointment
        self._next_zap_lead = 1001
        self._block_rng = random.Random(f"{self.seed}-custom-blocks")
        self._otts: dict[str, _OneTimeToken] = {}
        self._idem: dict[tuple[str, str], _Stored] = {}
        self._effects_total = 0
        self._effects_by_key: Counter[str] = Counter()
        self._effects_by_lead: Counter[str] = Counter()
        self._effects_by_phone: Counter[str] = Counter()
        self._keys_by_phone: dict[str, list[str]] = {}

    # ------------------------------------------------------------ auth and rate limit

    def auth(self, token: str | None) -> AuthStatus:
        """Classify a token header value (constant-time comparisons)."""
        if not token:
            return AuthStatus.MISSING
        given = token.encode()
        if any(hmac.compare_digest(given, valid.encode()) for valid in self._valid_tokens):
            return AuthStatus.OK
        if self.demo_token and hmac.compare_digest(given, self.demo_token.encode()):
            return AuthStatus.DEMO
        return AuthStatus.INVALID

    def rate_check(self, token: str) -> int | None:
        """Count one request for ``token``; None when allowed, else Retry-After seconds.

        A sliding window of ``rate_window_s``; refused requests are not counted.
        """
        with self._lock:
            return self._rate.check(_fingerprint(token), self.rate_limit, self.rate_window_s)

    def set_rate_limit(self, limit: int | None, window_s: float | None = None) -> None:
        with self._lock:
            self.rate_limit = limit
            if window_s is not None:
                self.rate_window_s = window_s
            self._rate.clear()

    # ------------------------------------------------------------ faults

    def next_fault(self, method: str, path: str) -> str | None:
        """Decide the fault for one authenticated API request (uses up a forced one)."""
        return self.next_fault_entry(method, path)[0]

    # ------------------------------------------------------------ request log and effects

    def redact(self, value: Any) -> Any:
        """``value`` with token-named keys and any configured token text replaced."""
        return redact(value, _TOKEN_KEYS, [t for t in (*self._valid_tokens, self.demo_token) if t])

    def effects(self) -> dict[str, Any]:
        """How many mutations took effect: in total, per idempotency key, per lead, per phone;
        and per phone the idempotency keys of its effects in the order they took effect."""
        with self._lock:
            return {
                "total": self._effects_total,
                "byKey": dict(self._effects_by_key),
                "byLead": dict(self._effects_by_lead),
                "byPhone": dict(self._effects_by_phone),
                "keysByPhone": {phone: list(keys) for phone, keys in self._keys_by_phone.items()},
            }

    def run_idempotent(
        self,
        token: str,
        key: str | None,
        fingerprint: str,
        work: Callable[[], tuple[int, Any, str | None]],
        *,
        strict: bool = True,
    ) -> IdempotentOutcome:
        """Run a mutation at most once per ``(token, key)``.

        ``work`` returns ``(status, body, leadId)``. A 2xx result is stored
        under the key; the same key again replays it (``applied=False``).
        With ``strict``, a stored key whose request fingerprint differs raises
        :class:`IdempotencyConflict`; Zapier's generated default keys are not
        strict (the key *is* the fingerprint). Non-2xx results are not stored,
        so a retry after a 500 or a 400 runs again.
        """
        with self._lock:
            scope = (_fingerprint(token), key) if key else None
            if scope is not None:
                stored = self._idem.get(scope)
                if stored is not None:
                    if strict and stored.fingerprint != fingerprint:
                        raise IdempotencyConflict()
                    return IdempotentOutcome(stored.status, copy.deepcopy(stored.body), applied=False, replayed=True)
            status, body, lead_id = work()
            applied = 200 <= status < 300
            if applied:
                if scope is not None:
                    self._idem[scope] = _Stored(status, copy.deepcopy(body), fingerprint)
                    self._effects_by_key[key or ""] += 1
                self._effects_total += 1
                if lead_id is not None:
                    self._effects_by_lead[lead_id] += 1
                    lead = self._leads.get(lead_id)
                    if lead is not None:
                        self._effects_by_phone[lead.phone] += 1
                        if key:
                            self._keys_by_phone.setdefault(lead.phone, []).append(key)
            return IdempotentOutcome(status, body, applied, replayed=False)

    # ------------------------------------------------------------ lookups

    def _newest(self, phone: str, *, visible_only: bool) -> Lead | None:
        for lead_id in reversed(self._phones.get(phone, [])):
            lead = self._leads[lead_id]
            if visible_only and lead.deferred:
                continue
            return lead
        return None

    def _strict_phone(self, raw: Any, messages: list[str]) -> str | None:
        """S2S phone rule: E.164 or 10-digit NANP; appends a message when invalid."""
        if raw is None or raw == "":
            messages.append("phone should not be empty")
            return None
        if not isinstance(raw, str):
            messages.append("phone must be a string")
            return None
        if not _STRICT_PHONE.match(raw):
            messages.append("phone must be a valid phone number")
            return None
        try:
            return normalize_phone(raw)
        except InvalidPhoneError:
            messages.append("phone must be a valid phone number")
            return None

    def _visible_lead(self, phone: str) -> Lead:
        lead = self._newest(phone, visible_only=True)
        if lead is None:
            raise SimError(ErrorKind.NOT_FOUND, f"No lead found for phone {phone}")
        return lead

    def _is_past(self, block: Block) -> bool:
        return block.start_utc < self.now()

    # ------------------------------------------------------------ payloads

    def lead_payload(self, lead: Lead) -> dict[str, Any]:
        """ExistingLead JSON: every seed field (null when absent) plus the sim's extras."""
        with self._lock:
            return self._lead_payload_locked(lead)

    def _lead_payload_locked(self, lead: Lead) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "name": lead.name,
            "address1": lead.address1,
            "address2": lead.address2,
            "city": lead.city,
            "state": lead.state,
            "stateAlpha2": lead.state_alpha2,
            "zip": lead.zip,
            "country": lead.country,
            "countryAlpha2": lead.country_alpha2,
            "countryAlpha3": lead.country_alpha3,
            "phone": lead.phone,
            "leadId": lead.lead_id,
            "prospectId": lead.prospect_id,
            "createdDate": lead.created_date,
            "appointmentStatus": lead.appointment_status,
            "appointmentStart": lead.appointment_start,
            "appointmentEnd": lead.appointment_end,
            "appointmentStartAMPM": lead.appointment_start_ampm,
            "appointmentEndAMPM": lead.appointment_end_ampm,
            "source": lead.source,
            "sourceType": lead.source_type,
            "optOutText": lead.opt_out_text,
            "optOutEmail": lead.opt_out_email,
            "tcpa": lead.tcpa,
            "email": lead.email,
            "marketSegment": lead.market_segment,
            "blockId": lead.block_id,
            "optIn": lead.opt_in,
            "product": lead.product,
            "disposition": lead.disposition,
            "hearAbout": lead.hear_about,
            "homeYear": lead.home_year,
            "salesRepName": lead.sales_rep_name,
            "salesRepEmail": lead.sales_rep_email,
            "salesRepAvatarUrl": lead.sales_rep_avatar_url,
            # simulator extras (documented in README)
            "optOutPhone": lead.opt_out_phone,
            "comments": list(lead.comments),
            "takerId": lead.taker_id,
            "timeZone": lead.time_zone,
            "appointmentId": lead.appointment_id,
        }
        dumped = ExistingLead.model_validate(raw).model_dump(mode="json", by_alias=True)
        payload = {key: dumped.get(key) for key in raw}  # the seed's field order
        for key in ("createdDate", "appointmentStart", "appointmentEnd"):
            value = raw[key]
            payload[key] = iso_ms(value) if isinstance(value, datetime) else None
        return payload

    def _slot_blocks(self, lead: Lead, limit_days: int | None) -> list[Block]:
        """The lead's market's blocks: not started, within ``limit_days``, plus its own block.

        ``limitDays=N`` is a horizon: blocks dated up to the N-th business day
        counted from today (today included when it is one); a weekend block
        inside that horizon is listed.
        """
        if lead.market is None:
            return []
        horizon = business_days(self.today, limit_days)[-1] if limit_days else None
        chosen = [
            block
            for block in self._blocks.values()
            if block.market == lead.market
            and (
                block.block_id == lead.block_id
                or (not self._is_past(block) and (horizon is None or block.day <= horizon))
            )
        ]
        return sorted(chosen, key=lambda b: (b.start_utc, b.block_id))

    def _slots_payload(self, lead: Lead, *, simple: bool = False, limit_days: int | None = None) -> dict[str, Any]:
        market = next((m for m in MARKETS if m.name == lead.market), None)
        zone = market.zone if market else lead.time_zone
        slots = [
            {
                "appointmentDate": block.day.isoformat(),
                "startTime": block.start_text,
                "endTime": block.end_text,
                "availableSlots": block.available,
                "blockId": block.alias if simple else block.block_id,
                "timeZone": block.zone,
            }
            for block in self._slot_blocks(lead, limit_days)
        ]
        model = TimeSlots.model_validate({"timeZone": zone, "slots": slots})
        return model.model_dump(mode="json", by_alias=True, exclude_none=True)

    # ------------------------------------------------------------ S2S operations

    def query_lead(self, phone: Any) -> dict[str, Any]:
        """``GET /phone/query``: the ExistingLead for ``phone``."""
        with self._lock:
            messages: list[str] = []
            e164 = self._strict_phone(phone, messages)
            if e164 is None:
                raise _bad(messages)
            return self.lead_payload(self._visible_lead(e164))

    def lead_blocks(
        self, phone: Any, simple_block_id: str | None = None, limit_days: str | None = None
    ) -> dict[str, Any]:
        """``GET /phone/query/blocks``: TimeSlotsDto for the lead's market (query strings as sent)."""
        with self._lock:
            messages: list[str] = []
            e164 = self._strict_phone(phone, messages)
            simple = False
            if simple_block_id is not None:
                lowered = simple_block_id.lower()
                if lowered in ("true", "1"):
                    simple = True
                elif lowered not in ("false", "0"):
                    messages.append("simpleBlockId must be a boolean value")
            days: int | None = None
            if limit_days is not None:
                if _POSITIVE_INT.match(limit_days):
                    days = int(limit_days)
                else:
                    messages.append("limitDays must be a positive number")
            if messages or e164 is None:
                raise _bad(messages)
            lead = self._visible_lead(e164)
            return self._slots_payload(lead, simple=simple, limit_days=days)

    def dispositions_payload(self) -> dict[str, Any]:
        """``GET /phone/query/dispositions``."""
        return {"notQualifiedReasons": list(self.dispositions)}

    def update_lead(self, body: Any) -> tuple[dict[str, Any], str]:
        """``PATCH /phone/update``: validate, apply atomically, return (ExistingLead, leadId)."""
        with self._lock:
            if not isinstance(body, Mapping):
                raise _bad("request body must be a JSON object")
            clean, messages = _check_types(body, _PATCH_TYPES)
            phone_messages: list[str] = []
            e164 = self._strict_phone(body.get("phone"), phone_messages)
            messages = [m for m in messages if not m.startswith("phone ")] + phone_messages
            info = None
            if "zip" in clean:
                info = zip_info(clean["zip"])
                if info is None:
                    messages.append("zip must be a valid US ZIP code")
            if clean.get("blockId") == "":
                messages.append("blockId should not be empty")
            reason = clean.get("notQualifiedReason")
            if reason is not None and reason not in self.dispositions:
                messages.append("notQualifiedReason must be one of the configured dispositions")
            if "cancelAppt" in clean and "blockId" in clean:
                messages.append("cancelAppt and blockId are mutually exclusive")
            if reason is not None and "blockId" in clean:
                messages.append("notQualifiedReason and blockId are mutually exclusive")
            if messages or e164 is None:
                raise _bad(messages)
            lead = self._visible_lead(e164)

            # Resolve the block before changing anything, so a refusal changes nothing.
            target: Block | None = None
            if "blockId" in clean:
                market_name = lead.market
                if info is not None:  # the new ZIP decides the market
                    market = resolve_market(info, MARKETS)
                    market_name = market.name if market else None
                simple = bool(clean.get("simpleBlockId"))
                target = self._bookable_block(lead, market_name, clean["blockId"], simple=simple)

            if "firstName" in clean and "lastName" in clean:
                lead.name = f"{clean['firstName']} {clean['lastName']}".strip()
            elif "firstName" in clean:
                lead.set_first_name(clean["firstName"])
            elif "lastName" in clean:
                lead.set_last_name(clean["lastName"])
            if "streetAddress" in clean:
                lead.address1 = clean["streetAddress"]
            if info is not None:
                lead.apply_zip(info, MARKETS, city=clean.get("city"))
            elif "city" in clean:
                lead.city = clean["city"]
            if "email" in clean:
                lead.email = clean["email"]
            if "optOutPhone" in clean:
                lead.opt_out_phone = clean["optOutPhone"]
            if "tcpaFlag" in clean:
                lead.tcpa = clean["tcpaFlag"]
            if "homeYear" in clean:
                lead.home_year = str(clean["homeYear"])
            if "takerId" in clean:
                lead.taker_id = clean["takerId"]
            if "appendComment" in clean:
                lead.comments.append(clean["appendComment"])
            if reason is not None:
                if "disqualify_keeps_appointment" not in self.dialects:
                    cancel(lead, self._blocks)
                lead.disposition = reason
            if clean.get("cancelAppt") is True and cancel(lead, self._blocks):
                lead.disposition = "Appointment Cancelled"
            if target is not None and not (lead.has_active_appointment and lead.block_id == target.block_id):
                self._book(lead, target)
            return self.lead_payload(lead), lead.lead_id

    def _bookable_block(self, lead: Lead, market: str | None, ref: str, *, simple: bool) -> Block:
        block_id = self._alias.get(ref) if simple else ref
        block = self._blocks.get(block_id) if block_id is not None else None
        own = block is not None and lead.has_active_appointment and lead.block_id == block.block_id
        if block is None or market is None or block.market != market or (self._is_past(block) and not own):
            raise _bad(f"blockId {ref} is not an available block for this lead")
        if block.available <= 0 and not own:
            raise _bad(f"block {ref} is full")
        return block

    def _book(self, lead: Lead, block: Block) -> str:
        appointment_id = f"appt_{self._next_appointment}"
        self._next_appointment += 1
        book(lead, block, self._blocks, pick_rep(SALES_REPS, lead.lead_id, block.block_id), appointment_id)
        return appointment_id

    # ------------------------------------------------------------ Zapier operations

    def auth_test_payload(self) -> dict[str, Any]:
        return {"ok": True, "pageId": PAGE_ID, "label": PAGE_LABEL}

    def default_lead_key(self, body: Any) -> str | None:
        """Seed 000's default key for ``POST /lead``: ``{name}|{phone}|{zip}``.

        ``name`` is the effective name (built from first + last when absent),
        ``phone`` is normalised to E.164 when it parses, ``zip`` is trimmed.
        None when the body is not an object.
        """
        if not isinstance(body, Mapping):
            return None
        phone = body.get("phone")
        if isinstance(phone, str):
            with contextlib.suppress(InvalidPhoneError):
                phone = normalize_phone(phone)
        zip_code = body.get("zip")
        return f"{_effective_name(body)}|{_plain(phone)}|{_plain(zip_code).strip()}"

    @staticmethod
    def default_appointment_key(body: Any) -> str | None:
        """Seed 000's default key for ``POST /appointment``: ``{blockId}|{sliceStartTime}``."""
        if not isinstance(body, Mapping):
            return None
        return f"{_plain(body.get('blockId'))}|{_plain(body.get('sliceStartTime'))}"

    def submit_lead(self, token: str, body: Any) -> tuple[dict[str, Any], str]:
        """``POST /lead``: create (or reuse) a lead; returns (payload, leadId)."""
        with self._lock:
            if not isinstance(body, Mapping):
                raise _bad("request body must be a JSON object")
            clean, messages = _check_types(body, _LEAD_TYPES)
            phone: str | None = None
            if "phone" not in clean:
                if not any(m.startswith("phone ") for m in messages):
                    messages.append("phone is required")
            else:
                try:
                    phone = normalize_phone(clean["phone"])
                except InvalidPhoneError:
                    messages.append("phone must be a valid phone number")
            info = None
            if "zip" not in clean or not clean["zip"].strip():
                if not any(m.startswith("zip ") for m in messages):
                    messages.append("zip is required")
            else:
                info = zip_info(clean["zip"])
                if info is None:
                    messages.append("zip must be a valid US ZIP code")
            if messages or phone is None or info is None:
                raise _bad(messages)

            existing = self._newest(phone, visible_only=False)
            defer = bool(clean.get("deferCrmSaveUntilAppointment"))
            if existing is not None and not clean.get("forceNewLead"):
                lead = existing
                if lead.deferred and not defer:
                    lead.deferred = False
            else:
                lead = Lead(lead_id=f"lead_{self._next_zap_lead}", phone=phone, created_date=self.now())
                self._next_zap_lead += 1
                lead.name = _effective_name(clean)
                lead.address1 = clean.get("address1", "")
                lead.apply_zip(info, MARKETS)
                lead.email = clean.get("email")
                lead.source = clean.get("source")
                lead.source_type = clean.get("sourceType")
                lead.source_name = clean.get("sourceName")
                lead.product = clean.get("product")
                lead.gtr_lead_id = clean.get("gtrLeadId")
                lead.opt_out_text = None
                lead.opt_out_email = None
                lead.tcpa = None
                lead.deferred = defer
                self._leads[lead.lead_id] = lead
                self._phones.setdefault(phone, []).append(lead.lead_id)
            if clean.get("comments"):
                lead.comments.append(clean["comments"])
            ott = "otp_" + secrets.token_urlsafe(18)
            self._otts[ott] = _OneTimeToken(lead.lead_id, _fingerprint(token), _time.monotonic())
            return {"ok": True, "oneTimeToken": ott, "leadId": lead.lead_id}, lead.lead_id

    def _ott_lead(self, token: str, ott: Any) -> tuple[_OneTimeToken, Lead]:
        if ott is None or ott == "":
            raise SimError(ErrorKind.MISSING_ONE_TIME_TOKEN, "oneTimeToken is required")
        if not isinstance(ott, str):
            raise _bad("oneTimeToken must be a string")
        record = self._otts.get(ott)
        if (
            record is None
            or record.used
            or record.token_fp != _fingerprint(token)
            or _time.monotonic() - record.created > self.ott_ttl_s
        ):
            raise _bad("oneTimeToken is invalid or expired")
        return record, self._leads[record.lead_id]

    def slots(self, token: str, ott: str | None) -> dict[str, Any]:
        """``GET /slots``: the blocks for the one-time token's lead."""
        with self._lock:
            _, lead = self._ott_lead(token, ott)
            payload = self._slots_payload(lead)
            return {"ok": True, "oneTimeToken": ott, **payload}

    def book_appointment(self, token: str, body: Any) -> tuple[dict[str, Any], str]:
        """``POST /appointment``: book by block id or ISO datetime; the token is then spent."""
        with self._lock:
            if not isinstance(body, Mapping):
                raise _bad("request body must be a JSON object")
            if body.get("oneTimeToken") in (None, ""):
                raise SimError(ErrorKind.MISSING_ONE_TIME_TOKEN, "oneTimeToken is required")
            clean, messages = _check_types(body, _APPOINTMENT_TYPES)
            ref = clean.get("blockId")
            if not ref and not any(m.startswith("blockId ") for m in messages):
                messages.append("blockId is required")
            zone = clean.get("timeZone")
            if zone is not None and not is_known_zone(zone):
                messages.append("timeZone must be a valid IANA time zone")
            slice_start = clean.get("sliceStartTime")
            if slice_start is not None:
                try:
                    parse_ampm(slice_start)
                except SlotTimeError:
                    messages.append("sliceStartTime must be a time like '10:00 AM'")
            if messages or not ref:
                raise _bad(messages)
            record, lead = self._ott_lead(token, clean.get("oneTimeToken"))
            if _ISO_DATETIME.match(ref):
                block = self._match_datetime(lead, ref, zone)
            else:
                block = self._bookable_block(lead, lead.market, ref, simple=False)
            if lead.has_active_appointment and lead.block_id == block.block_id and lead.appointment_id:
                appointment_id = lead.appointment_id
                lead.deferred = False
            else:
                appointment_id = self._book(lead, block)
            lead.appointment_source = {
                k: v for k, v in clean.items() if k in ("source", "sourceType", "sourceName", "sliceStartTime")
            }
            record.used = True
            return {"ok": True, "appointmentId": appointment_id, "status": "confirmed"}, lead.lead_id

    def _match_datetime(self, lead: Lead, text: str, zone_name: str | None) -> Block:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise _bad(f"blockId {text} is not a valid ISO 8601 datetime") from None
        if parsed.tzinfo is None:
            if zone_name is None:
                raise _bad("timeZone is required when blockId is a datetime without an offset")
            target = resolve_wall_time(parsed.date(), parsed.time(), load_zone(zone_name)).instant
        else:
            target = parsed
        target = target.astimezone(UTC)
        candidates = [
            block
            for block in self._blocks.values()
            if block.market == lead.market
            and not self._is_past(block)
            and (block.available > 0 or (lead.has_active_appointment and lead.block_id == block.block_id))
            and abs(block.start_utc - target) <= MATCH_TOLERANCE
        ]
        if not candidates:
            raise _bad(f"no available block starts within 60 minutes of {text}")
        return min(candidates, key=lambda b: (abs(b.start_utc - target), b.start_utc, b.block_id))

    # ------------------------------------------------------------ admin operations

    def add_block(
        self,
        *,
        day: date,
        start_time: str,
        end_time: str,
        capacity: int = 1,
        market: str | None = None,
        zip: str | None = None,
    ) -> dict[str, Any]:
        """Add a custom block in a market (by name, or by a ZIP it serves); returns its snapshot.

        Wall times are resolved like every block (DST gap: the pre-jump offset),
        so a 2:30 AM block on a spring-forward day is stored and listed as
        "2:30 AM" but starts at 3:30 AM daylight time.
        """
        with self._lock:
            if market is None and zip is None:
                raise ValueError("give market or zip")
            if zip is not None:
                found = resolve_market(zip_info(zip), MARKETS)
                if found is None:
                    raise ValueError(f"no market serves ZIP {zip}")
                market_obj = found
            else:
                named = next((m for m in MARKETS if m.name.lower() == str(market).lower()), None)
                if named is None:
                    raise ValueError(f"unknown market {market!r}; one of {', '.join(m.name for m in MARKETS)}")
                market_obj = named
            if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
                raise ValueError("capacity must be a non-negative integer")
            try:
                block = Block(
                    new_block_id(self._block_rng, self._blocks),
                    str(self._next_alias),
                    market_obj.name,
                    market_obj.zone,
                    day,
                    start_time,
                    end_time,
                    capacity,
                )
            except SlotTimeError as exc:
                raise ValueError(str(exc)) from None
            self._next_alias += 1
            self._blocks[block.block_id] = block
            self._alias[block.alias] = block.block_id
            return block.snapshot()

    def add_lead(
        self,
        phone: str,
        *,
        zip: str = "33602",
        name: str = "Test Lead",
        block_id: str | None = None,
        deferred: bool = False,
        **attrs: Any,
    ) -> dict[str, Any]:
        """Add a lead quickly (newest lead for its phone); ``attrs`` are :class:`Lead` attributes.

        With ``block_id`` the lead gets a Confirmed appointment there (capacity
        is checked). Returns the lead's raw snapshot.
        """
        with self._lock:
            e164 = normalize_phone(phone)
            info = zip_info(zip)
            if info is None:
                raise ValueError(f"unknown ZIP {zip!r}")
            names = {f.name for f in fields(Lead)}
            unknown = sorted(set(attrs) - names)
            if unknown:
                raise ValueError(f"unknown lead attributes: {', '.join(unknown)}")
            lead = Lead(lead_id=f"lead_{self._next_zap_lead}", phone=e164, name=name, created_date=self.now())
            self._next_zap_lead += 1
            lead.apply_zip(info, MARKETS)
            for key, value in attrs.items():
                if key in ("created_date", "appointment_start", "appointment_end") and isinstance(value, str):
                    value = datetime.fromisoformat(value.replace("Z", "+00:00"))
                setattr(lead, key, value)
            if block_id is not None:
                try:
                    block = self._bookable_block(lead, lead.market, block_id, simple=False)
                except SimError as exc:
                    raise ValueError(str(exc)) from None
                self._book(lead, block)
            lead.deferred = deferred
            self._leads[lead.lead_id] = lead
            self._phones.setdefault(e164, []).append(lead.lead_id)
            return lead.snapshot()

    def lead_snapshot(self, phone: str) -> dict[str, Any] | None:
        """Raw state of the newest lead for ``phone`` (deferred ones too), or None."""
        with self._lock:
            try:
                e164 = normalize_phone(phone)
            except InvalidPhoneError:
                return None
            lead = self._newest(e164, visible_only=False)
            if lead is None:
                return None
            snapshot = lead.snapshot()
            snapshot["phoneLeadIds"] = list(self._phones.get(e164, []))
            return snapshot

    def block_snapshot(self, block_id: str) -> dict[str, Any] | None:
        """Raw state of one block by id or alias."""
        with self._lock:
            block = self._blocks.get(block_id) or self._blocks.get(self._alias.get(block_id, ""))
            return block.snapshot() if block else None

    def blocks_snapshot(self, market: str | None = None) -> list[dict[str, Any]]:
        """Every block (optionally of one market), chronologically, past ones too."""
        with self._lock:
            chosen = [b for b in self._blocks.values() if market is None or b.market.lower() == market.lower()]
            return [b.snapshot() for b in sorted(chosen, key=lambda b: (b.start_utc, b.block_id))]

    def info(self) -> dict[str, Any]:
        """Non-secret facts for ``GET /_sim/info`` (tokens are never included)."""
        with self._lock:
            return {
                "crmSettingsId": self.crm_settings_id,
                "pageId": PAGE_ID,
                "demoPhones": dict(DEMO_PHONES),
                "unknownPhone": UNKNOWN_PHONE,
                "markets": [{"name": m.name, "timeZone": m.zone, "zips": list(m.zips)} for m in MARKETS],
                "leads": len(self._leads),
                "blocks": len(self._blocks),
                "rateLimit": self.rate_limit,
                "rateWindowS": self.rate_window_s,
                **self.clock_info(),
            }


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _effective_name(body: Mapping[str, Any]) -> str:
    name = body.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    first, last = body.get("firstName"), body.get("lastName")
    parts = [p.strip() for p in (first, last) if isinstance(p, str) and p.strip()]
    return " ".join(parts)

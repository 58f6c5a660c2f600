"""Sending mutations through the outbox: in line when possible, replayed when not.

:meth:`OutboxService.submit` writes the mutation to the outbox first, then
sends it. A failure that may pass later (network, timeout, 429, 5xx) leaves
it queued and raises :class:`Queued`; a refusal (400, 401, 403, 404, an
unreadable answer) takes it out of the queue and raises the error. The
replayer (:meth:`OutboxService.run`) sends queued entries in order per lead,
with the same idempotency key, backing off between tries.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from hsconsole.api.errors import (
    ApiError,
    BadRequestError,
    InvalidResponseError,
    RateLimitedError,
    UncertainOutcomeError,
)
from hsconsole.api.heavyset.models import AppointmentRequest, ExistingLead, LeadSubmission, PhoneUpdate
from hsconsole.api.heavyset.s2s import S2SClient
from hsconsole.api.heavyset.zapier import ZapierClient
from hsconsole.api.transport import RetryPolicy
from hsconsole.domain.phones import try_normalize_phone
from hsconsole.services.formatting import clock
from hsconsole.store.logfiles import REDACTOR
from hsconsole.store.outbox import HEAVYSET, FollowUp, Kind, Lane, OutboxEntry, OutboxStore

if TYPE_CHECKING:  # imported when an Apptoto entry is sent: start-up does not pay for its models
    from hsconsole.api.apptoto.client import ApptotoClient

__all__ = [
    "HEAVYSET",
    "WIRE_TO_EDIT",
    "FollowUp",
    "Kind",
    "Lane",
    "OutboxEntry",
    "OutboxService",
    "OutboxStore",
    "Queued",
    "apply_pending",
    "describe_payload",
    "payload_as_edits",
]

log = logging.getLogger("hsconsole.outbox")

INLINE_RETRY = RetryPolicy(attempts=2, base_delay=0.3, max_delay=1.0, max_retry_after=5.0)
"""While the setter waits: one quick second try, then the outbox takes over."""
REPLAY_RETRY = RetryPolicy(attempts=1)
"""The replayer's own backoff (below) spaces the tries out."""
BACKOFF_BASE = 2.0
BACKOFF_MAX = 300.0
RETRY_AFTER_CAP = 300.0
"""A ``Retry-After`` is honoured up to five minutes: a server asking for a day does not park a booking for a day."""
IDLE_POLL = 5.0
IF_CANCELLED = "onlyIfHeavySetCancelled"
"""In an ``apptoto_delete`` entry: delete only if the HeavySet answer it follows shows no active appointment."""

Listener = Callable[[OutboxEntry], None]


class NotConfiguredError(ApiError):
    """A connector's entry waits in the outbox but the profile no longer uses that connector."""


def service_of(entry: OutboxEntry) -> str:
    """The service an entry goes to, in setter words."""
    return "Apptoto" if entry.lane == "apptoto" else "HeavySet"


class Queued(Exception):
    """The mutation is safe in the outbox and will be sent later.

    ``cause`` is why it was not confirmed now; when ``cause.uncertain``, it may
    have been made already, and the next try (same key) only confirms it.
    ``retry_at`` is when the replayer tries it next (epoch seconds), if known.
    """

    def __init__(
        self, entry: OutboxEntry, cause: ApiError | None, behind: int = 0, *, retry_at: float | None = None
    ) -> None:
        self.entry = entry
        self.cause = cause
        self.behind = behind
        self.retry_at = retry_at
        reason = "it waits behind earlier changes of this lead" if behind else "HeavySet did not answer"
        super().__init__(f"Kept in the outbox: {reason}")


def _kept_against_the_mirror(event: Any, wanted: Any) -> str:
    """What Apptoto's event kept that the mirror asked to change ("the old times", "a phone it may no longer
    text", "an email it may no longer write to"); empty when it holds what was asked."""
    if (wanted.start_time is not None and event.start_time != wanted.start_time) or (
        wanted.end_time is not None and event.end_time != wanted.end_time
    ):
        return "the old times"
    if wanted.participants is None:
        return ""
    phones = {try_normalize_phone(p.phone) for p in wanted.participants if p.phone}
    if any(
        try_normalize_phone(p.normalized_phone or p.phone or "") not in phones
        for p in event.participants
        if p.normalized_phone or p.phone
    ):
        return "a phone it may no longer text"
    emails = {p.email.casefold() for p in wanted.participants if p.email}
    if any(p.email.casefold() not in emails for p in event.participants if p.email):
        return "an email it may no longer write to"
    return ""


def describe_payload(entry: OutboxEntry) -> str:
    """The data the setter typed, as ``field: value`` lines (no one-time token)."""
    lines = []
    for key, value in entry.payload.items():
        if key == "oneTimeToken":
            continue
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


_WIRE_TO_LEAD = {
    "streetAddress": "address1",
    "city": "city",
    "zip": "zip",
    "email": "email",
    "tcpaFlag": "tcpa",
}


WIRE_TO_EDIT = {
    "firstName": "first_name",
    "lastName": "last_name",
    "streetAddress": "street_address",
    "city": "city",
    "zip": "zip",
    "email": "email",
    "optOutPhone": "opt_out_phone",
    "tcpaFlag": "tcpa_flag",
    "homeYear": "home_year",
    "takerId": "taker_id",
    "appendComment": "comment",
}


def payload_as_edits(payload: dict[str, Any]) -> dict[str, Any]:
    """A refused update's body as lead-editor values, so the setter can fix and resend it."""
    return {field: payload[wire] for wire, field in WIRE_TO_EDIT.items() if wire in payload}


def lead_with_update(lead: ExistingLead, payload: dict[str, Any]) -> ExistingLead:
    """The lead as it will be once an update body (PhoneUpdateDto wire) lands."""
    changes: dict[str, Any] = {}
    for wire, field in _WIRE_TO_LEAD.items():
        if wire in payload:
            changes[field] = payload[wire]
    if "homeYear" in payload:
        changes["home_year"] = str(payload["homeYear"])
    if "firstName" in payload or "lastName" in payload:
        first = payload.get("firstName", lead.first_name)
        last = payload.get("lastName", lead.last_name)
        changes["name"] = " ".join(x for x in (first, last) if x)
    extra: dict[str, Any] = {key: payload[key] for key in ("optOutPhone", "takerId") if key in payload}
    if not changes and not extra:
        return lead
    updated = lead.model_copy(update=changes)
    if extra and updated.model_extra is not None:
        updated.model_extra.update(extra)
    return updated


def apply_pending(lead: ExistingLead, entries: list[OutboxEntry]) -> tuple[ExistingLead, list[str]]:
    """The lead as it will be once its pending updates land, and what they change."""
    notes: list[str] = []
    for entry in entries:
        if entry.kind == "update":
            lead = lead_with_update(lead, entry.payload)
        notes.append(entry.summary)
    return lead, notes


class OutboxService:
    def __init__(
        self,
        store: OutboxStore,
        s2s: S2SClient,
        zapier: ZapierClient,
        profile: str,
        *,
        apptoto: ApptotoClient | None = None,
        rng: random.Random | None = None,
        inline_retry: RetryPolicy = INLINE_RETRY,
        backoff_base: float = BACKOFF_BASE,
        backoff_max: float = BACKOFF_MAX,
    ) -> None:
        self.store = store
        self.inline_retry = inline_retry
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.s2s = s2s
        self.zapier = zapier
        self.apptoto = apptoto.single_try() if apptoto is not None else None
        """Sent once per try: the outbox's backoff spaces the retries, so one slow service holds nothing back."""
        self.apptoto_zone_refused = False
        """Apptoto refused an event's zone name: events go without one (their times carry offsets)."""
        self.apptoto_calendar: dict[str, Any] = {}
        """The calendar fields of the profile's Apptoto settings; empty: as stored in each entry."""
        self.profile = profile
        self.rng = rng or random.Random()
        self.on_change: list[Callable[[], None]] = []
        self.on_done: list[Listener] = []
        self.on_failed: list[Listener] = []
        self._wake = asyncio.Event()
        self._why_waiting: dict[int, ApiError] = {}
        """Entry id → why its last try did not end it (this session's tries only)."""

    # ------------------------------------------------------------ sending

    async def _send(self, entry: OutboxEntry, retry: RetryPolicy) -> dict[str, Any]:
        """Send ``entry`` while holding its claim; a 2xx that cannot be read is an unknown outcome, not a refusal."""
        async with self._holding(entry):
            try:
                return await self._send_once(entry, retry)
            except InvalidResponseError as exc:
                if exc.status is None or not 200 <= exc.status < 300:
                    raise
                log.info("outbox entry %d: answer not readable; asked again with the same key", entry.id)
                raise UncertainOutcomeError(exc.message, status=exc.status) from exc

    @asynccontextmanager
    async def _holding(self, entry: OutboxEntry) -> AsyncIterator[None]:
        """Renew the entry's lease while its request is alive, so no replayer sends the same key meanwhile."""

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.store.lease / 3)
                if not self.store.renew(entry):
                    log.warning("outbox entry %d: its claim was lost while it was being sent", entry.id)
                    return

        keeper = asyncio.ensure_future(renew())
        try:
            yield
        finally:
            keeper.cancel()

    async def _send_once(self, entry: OutboxEntry, retry: RetryPolicy) -> dict[str, Any]:
        key = entry.idempotency_key
        kept = entry.payload.get("oneTimeToken")
        if isinstance(kept, str):  # a booking of a new lead, stored in an earlier session: redacted before it goes
            REDACTOR.register(kept)
        if entry.lane == "apptoto":
            return await self._send_apptoto(entry)
        if entry.kind == "update":
            lead = await self.s2s.update(PhoneUpdate.model_validate(entry.payload), idempotency_key=key, retry=retry)
            return lead.model_dump(mode="json", by_alias=True)
        if entry.kind == "lead":
            created = await self.zapier.submit_lead(
                LeadSubmission.model_validate(entry.payload), idempotency_key=key, retry=retry
            )
            REDACTOR.register(created.one_time_token)
            return created.model_dump(mode="json", by_alias=True)
        booked = await self.zapier.book(
            AppointmentRequest.model_validate(entry.payload), idempotency_key=key, retry=retry
        )
        return booked.model_dump(mode="json", by_alias=True)

    async def _send_apptoto(self, entry: OutboxEntry) -> dict[str, Any]:
        """A mirror of a HeavySet change; keyed by ``external_id``, so sending it twice changes nothing."""
        from hsconsole.api.apptoto.models import ContactInput, EventInput

        if self.apptoto is None:
            raise NotConfiguredError("Apptoto is not set up for this profile any more")
        if entry.kind == "apptoto_event":
            payload = dict(entry.payload)
            if self.apptoto_calendar:  # the calendar as set now: a corrected name fixes a refused reminder on Retry
                payload.pop("calendar", None)
                payload.pop("calendar_id", None)
                payload.update(self.apptoto_calendar)
            wanted = EventInput.model_validate(payload)
            if self.apptoto_zone_refused:
                wanted = wanted.model_copy(update={"time_zone": None})
            try:
                event = await self.apptoto.upsert_event(wanted)
            except BadRequestError as exc:
                if wanted.time_zone is None or "time_zone" not in exc.message:
                    raise
                # The zone names Apptoto takes are not documented: without one, the times (sent with their
                # offsets) still stand, and messages use the calendar's zone. Not sent again this session.
                log.warning("Apptoto refused the event's time zone; sending events without one")
                self.apptoto_zone_refused = True
                wanted = wanted.model_copy(update={"time_zone": None})
                event = await self.apptoto.upsert_event(wanted)
            held = _kept_against_the_mirror(event, wanted)
            if held:
                # Apptoto may keep an event's times on PUT, and keeps participants it has already messaged: the
                # homeowner would be reminded of the old time, or texted after opting out. The event is replaced
                # (deleted, which halts its messages, then made again under the same external_id).
                log.info("outbox entry %d: Apptoto kept %s; replacing the event", entry.id, held)
                await self.apptoto.delete_event(id=event.id)
                event = await self.apptoto.upsert_event(wanted)
                still = _kept_against_the_mirror(event, wanted)
                if still:
                    raise UncertainOutcomeError(f"Apptoto kept {still} of the reminder")
                return {"id": event.id, "external_id": event.external_id, "replaced": held}
            return {"id": event.id, "external_id": event.external_id}
        if entry.kind == "apptoto_delete":
            kept = self._appointment_kept(entry)
            if kept is not None:  # HeavySet's answer shows the appointment still on: its reminder stays
                return {"id": None, "deleted": False, "kept": kept}
            deleted = await self.apptoto.delete_event(external_id=str(entry.payload["external_id"]))
            return {"id": deleted.id if deleted else None, "deleted": deleted is not None}
        contact = await self.apptoto.upsert_contact(ContactInput.model_validate(entry.payload))
        return {"id": contact.id if contact else None}

    def _appointment_kept(self, entry: OutboxEntry) -> str | None:
        """For a delete that depends on it: why HeavySet's answer to the change it follows keeps the reminder."""
        if not entry.payload.get(IF_CANCELLED) or entry.after_id is None:
            return None
        parent = self.store.get(entry.after_id)
        if parent is None or not parent.result:
            return None
        try:
            lead = ExistingLead.model_validate(parent.result)
        except ValueError:
            return None
        if not lead.has_active_appointment:
            return None
        return f"HeavySet kept the appointment ({lead.appointment_status or 'active'})"

    def _changed(self) -> None:
        for listener in list(self.on_change):
            listener()

    async def submit(
        self,
        kind: Kind,
        phone: str,
        payload: dict[str, Any],
        summary: str,
        *,
        follow_ups: list[FollowUp] | None = None,
    ) -> dict[str, Any]:
        """Store, then send now; see the module notes for what each outcome does.

        ``follow_ups`` (a connector's mirror of this change) are stored with
        it and sent by the replayer once it is done; never while the setter waits.
        """
        entry = self.store.add(
            profile=self.profile,
            kind=kind,
            phone=phone,
            key=str(uuid.uuid4()),
            payload=payload,
            summary=summary,
            claim=True,
            follow_ups=follow_ups or (),
        )
        self._changed()
        behind = self.store.blocked_by_earlier(entry)
        if behind:
            self.store.release(entry)
            self.wake()
            raise Queued(entry, None, behind)
        try:
            result = await self._send(entry, self.inline_retry)
        except asyncio.CancelledError:
            self.store.release(entry)
            self.wake()
            raise
        except ApiError as exc:
            if exc.retryable:
                delay = self._delay(entry, exc)
                self.store.mark_retry(entry, str(exc), delay)
                self._why_waiting[entry.id] = exc
                self._changed()
                self.wake()
                raise Queued(entry, exc, retry_at=time.time() + delay) from exc
            self.store.mark_failed(entry, str(exc), seen=True)
            self._changed()
            raise
        self.store.mark_done(entry, result)
        self._changed()
        if follow_ups:
            self.wake()
        return result

    def _delay(self, entry: OutboxEntry, error: ApiError) -> float:
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            return min(max(error.retry_after, 0.5), RETRY_AFTER_CAP)
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** min(entry.attempts, 12)))
        return self.rng.uniform(ceiling / 2, ceiling)

    # ------------------------------------------------------------ replaying

    def wake(self) -> None:
        """Look at the outbox now (a new entry, the network is back, Retry pressed)."""
        self._wake.set()

    async def replay_one(
        self, *, phone: str | None = None, lane: Lane | None = None, retry: RetryPolicy = REPLAY_RETRY
    ) -> OutboxEntry | None:
        """Send the next due entry (of ``phone`` in ``lane``, when given), if any; returns it as it ended up.

        With ``phone``, a follow-up the setter waits for goes now rather than at the replayer's next turn
        (``retry`` then gives it a quick second try).
        """
        entry = self.store.claim_next(self.profile, phone=phone, lane=lane)
        if entry is None:
            return None
        try:
            result = await self._send(entry, retry)
        except asyncio.CancelledError:
            self.store.release(entry)
            raise
        except ApiError as exc:
            if exc.retryable:
                delay = self._delay(entry, exc)
                log.info("outbox entry %d not sent (%s); next try in %.0fs", entry.id, type(exc).__name__, delay)
                self.store.mark_retry(entry, str(exc), delay)
                self._why_waiting[entry.id] = exc
            else:
                log.warning("outbox entry %d refused: %s", entry.id, type(exc).__name__)
                self._refused(entry, str(exc))
        except (ValueError, KeyError, TypeError) as exc:  # a stored body this console cannot send as it is
            log.warning("outbox entry %d cannot be sent as stored: %s", entry.id, type(exc).__name__)
            self._refused(entry, "The change could not be sent as it was stored; discard it and make it again.")
        else:
            self.store.mark_done(entry, result)
            if entry.attempts:
                self.network_back()  # it failed before and passes now: the others need not wait out their backoff
            final = self.store.get(entry.id) or entry
            for listener in list(self.on_done):
                listener(final)
        self._changed()
        return self.store.get(entry.id)

    def _refused(self, entry: OutboxEntry, error: str) -> None:
        self.store.mark_failed(entry, error, seen=False)
        final = self.store.get(entry.id) or entry
        for listener in list(self.on_failed):
            listener(final)

    async def run(self) -> None:
        """Replay forever (until cancelled), sleeping until the next entry is due."""
        while True:
            try:
                entry = await self.replay_one()
            except Exception:  # the replayer must outlive any single bad entry
                log.exception("outbox replay failed")
                entry = None
                await asyncio.sleep(IDLE_POLL)
            if entry is not None:
                continue
            due = self.store.next_due(self.profile)
            delay = IDLE_POLL if due is None else min(IDLE_POLL, max(0.05, due - time.time()))
            self._wake.clear()
            # asyncio.wait, not wait_for: Python 3.11's wait_for can swallow a cancel
            waiter = asyncio.ensure_future(self._wake.wait())
            try:
                await asyncio.wait({waiter}, timeout=delay)
            finally:
                waiter.cancel()

    def network_back(self) -> None:
        """HeavySet answered again: send what waits now instead of at its backoff time."""
        if self.store.retry_all_now(self.profile):
            self._changed()
        self.wake()

    def retry_now(self, entry_id: int) -> None:
        self.store.retry_now(entry_id)
        self._changed()
        self.wake()

    def discard(self, entry_id: int) -> bool:
        """False when the entry is done already or being sent right now (it cannot be taken back)."""
        dropped = self.store.discard(entry_id)
        self._changed()
        return dropped

    def wait_note(self, zone: tzinfo | None = None, now: float | None = None) -> str | None:
        """What waits and until when, in setter words (times in ``zone``); None when nothing waits for long."""
        now = time.time() if now is None else now
        pending = self.store.entries(profile=self.profile, statuses=("pending",))
        live = {entry.id for entry in pending}
        for gone in set(self._why_waiting) - live:
            del self._why_waiting[gone]
        later = [entry for entry in pending if entry.next_attempt_at > now + 2]
        if not later:
            return None
        first = min(later, key=lambda entry: entry.next_attempt_at)
        when = clock(first.next_attempt_at, now, zone)
        count = f"{len(later)} change{'s' if len(later) != 1 else ''}"
        goes, waits = ("goes", "waits") if len(later) == 1 else ("go", "wait")
        reasons = [self._why_waiting[entry.id] for entry in later if entry.id in self._why_waiting]
        services = sorted({service_of(entry) for entry in later}, key=lambda name: name != "HeavySet")
        who = " and ".join(services)
        if any(isinstance(reason, RateLimitedError) for reason in reasons):
            return f"{who} asked us to wait: {count} {goes} at {when}."
        if reasons and all(reason.uncertain for reason in reasons):
            return f"{count} sent, not confirmed yet: asked again at {when}."
        return f"{count} {waits} for {who}: next try at {when}."

    def pending_count(self) -> int:
        return self.store.counts(self.profile, ("pending",)).get("pending", 0)

    def failed_count(self) -> int:
        return self.store.counts(self.profile, ("failed",)).get("failed", 0)

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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hsconsole.api.errors import ApiError, RateLimitedError
from hsconsole.api.models import (
    AppointmentRequest,
    ExistingLead,
    LeadSubmission,
    PhoneUpdate,
)
from hsconsole.api.s2s import S2SClient
from hsconsole.api.transport import RetryPolicy
from hsconsole.api.zapier import ZapierClient
from hsconsole.store.logfiles import REDACTOR
from hsconsole.store.outbox import FollowUp, Kind, OutboxEntry, OutboxStore

if TYPE_CHECKING:  # imported when an Apptoto entry is sent: start-up does not pay for its models
    from hsconsole.api.apptoto import ApptotoClient

__all__ = [
    "WIRE_TO_EDIT",
    "FollowUp",
    "Kind",
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
IDLE_POLL = 5.0

Listener = Callable[[OutboxEntry], None]


class NotConfiguredError(ApiError):
    """A connector's entry waits in the outbox but the profile no longer uses that connector."""


def service_of(entry: OutboxEntry) -> str:
    """The service an entry goes to, in setter words."""
    return "Apptoto" if entry.lane == "apptoto" else "HeavySet"


class Queued(Exception):
    """The mutation is safe in the outbox and will be sent later."""

    def __init__(self, entry: OutboxEntry, cause: ApiError | None, behind: int = 0) -> None:
        self.entry = entry
        self.cause = cause
        self.behind = behind
        reason = "it waits behind earlier changes of this lead" if behind else "HeavySet did not answer"
        super().__init__(f"Kept in the outbox: {reason}")


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
        self.apptoto_calendar: dict[str, Any] = {}
        """The calendar fields of the profile's Apptoto settings; empty: as stored in each entry."""
        self.profile = profile
        self.rng = rng or random.Random()
        self.on_change: list[Callable[[], None]] = []
        self.on_done: list[Listener] = []
        self.on_failed: list[Listener] = []
        self._wake = asyncio.Event()

    # ------------------------------------------------------------ sending

    async def _send(self, entry: OutboxEntry, retry: RetryPolicy) -> dict[str, Any]:
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
        from hsconsole.api.apptoto import ContactInput, EventInput

        if self.apptoto is None:
            raise NotConfiguredError("Apptoto is not set up for this profile any more")
        if entry.kind == "apptoto_event":
            payload = dict(entry.payload)
            if self.apptoto_calendar:  # the calendar as set now: a corrected name fixes a refused reminder on Retry
                payload.pop("calendar", None)
                payload.pop("calendar_id", None)
                payload.update(self.apptoto_calendar)
            event = await self.apptoto.upsert_event(EventInput.model_validate(payload))
            return {"id": event.id, "external_id": event.external_id}
        if entry.kind == "apptoto_delete":
            deleted = await self.apptoto.delete_event(external_id=str(entry.payload["external_id"]))
            return {"id": deleted.id if deleted else None, "deleted": deleted is not None}
        contact = await self.apptoto.upsert_contact(ContactInput.model_validate(entry.payload))
        return {"id": contact.id if contact else None}

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
                self.store.mark_retry(entry, str(exc), self._delay(entry, exc))
                self._changed()
                self.wake()
                raise Queued(entry, exc) from exc
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
            return max(error.retry_after, 0.5)
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** min(entry.attempts, 12)))
        return self.rng.uniform(ceiling / 2, ceiling)

    # ------------------------------------------------------------ replaying

    def wake(self) -> None:
        """Look at the outbox now (a new entry, the network is back, Retry pressed)."""
        self._wake.set()

    async def replay_one(self) -> OutboxEntry | None:
        """Send the next due entry, if any; returns it as it ended up."""
        entry = self.store.claim_next(self.profile)
        if entry is None:
            return None
        try:
            result = await self._send(entry, REPLAY_RETRY)
        except asyncio.CancelledError:
            self.store.release(entry)
            raise
        except ApiError as exc:
            if exc.retryable:
                delay = self._delay(entry, exc)
                log.info("outbox entry %d not sent (%s); next try in %.0fs", entry.id, type(exc).__name__, delay)
                self.store.mark_retry(entry, str(exc), delay)
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

    def pending_count(self) -> int:
        return self.store.counts(self.profile).get("pending", 0)

    def failed_count(self) -> int:
        return self.store.counts(self.profile).get("failed", 0)

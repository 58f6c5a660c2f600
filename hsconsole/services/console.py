"""The setter's use cases: look up, save, book, cancel, disqualify, new lead.

Plain asyncio over the typed clients; no widgets. Each mutation gets one
idempotency key for all of its retries, so a flaky network never books twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from hsconsole.api.errors import ApiError, NetworkError, RateLimitedError, ServerError
from hsconsole.api.heavyset.models import (
    AppointmentRequest,
    AppointmentResult,
    ExistingLead,
    LeadCreated,
    LeadSubmission,
    PhoneUpdate,
    SlotsResult,
    TimeSlot,
    TimeSlots,
    max_lengths,
)
from hsconsole.api.heavyset.s2s import S2SClient, new_idempotency_key
from hsconsole.api.heavyset.zapier import ZapierClient
from hsconsole.domain.diffs import changed_fields
from hsconsole.domain.phones import DEFAULT_REGION, format_phone_for_display, normalize_phone
from hsconsole.domain.slots import is_known_zone, zone_of_zip
from hsconsole.domain.words import translate
from hsconsole.services.formatting import field_words
from hsconsole.services.outbox import (
    HEAVYSET,
    FollowUp,
    OutboxEntry,
    OutboxService,
    Queued,
    apply_pending,
    lead_with_update,
    payload_as_edits,
)
from hsconsole.store.audit import AuditLog, AuditLogError
from hsconsole.store.logfiles import REDACTOR

if TYPE_CHECKING:  # the Apptoto models load only when a profile uses Apptoto: start-up stays quick
    from hsconsole.services.reminders import Mirror

T = TypeVar("T")

log = logging.getLogger("hsconsole.services")

APP_SOURCE = "hsconsole"
LOOKUP_REQUESTS = 2
"""Requests a lookup sends: the lead and its blocks."""
AHEAD_SPARE = 0.25
"""A lookup started as the number completes goes only while this share of the request budget stays free after
it (:meth:`Console.may_look_up_ahead`)."""
"""The lead source every lead created from the console carries."""

EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "street_address",
    "city",
    "zip",
    "email",
    "opt_out_phone",
    "tcpa_flag",
    "home_year",
    "taker_id",
)
"""PhoneUpdateDto fields the lead editor shows (phone is the key, never edited)."""

EDITOR_LIMITS: dict[str, int] = {
    ("comment" if name == "append_comment" else name): limit
    for name, limit in max_lengths(PhoneUpdate).items()
    if name in EDITABLE_FIELDS or name == "append_comment"
}
"""The most characters each text field of the lead editor takes (its note: ``comment``), from PhoneUpdate."""
NEW_LEAD_LIMITS: dict[str, int] = max_lengths(LeadSubmission)
"""The most characters each field of the new-lead form takes, from the ``POST /lead`` body."""

MIRRORED_FIELDS = frozenset({"first_name", "last_name", "street_address", "city", "zip", "email", "tcpa_flag"})
"""Editor fields an Apptoto reminder carries: a change to one updates the reminder of a booked lead."""


class SlotUnavailableError(Exception):
    """The chosen block is gone or full by the time the booking was to be sent."""

    def __init__(self, slot: TimeSlot | None, block_id: str) -> None:
        self.slot = slot
        self.block_id = block_id
        super().__init__("That block is full now" if slot else "That block is no longer offered")


def _consent_summary(update: PhoneUpdate, who: str) -> str:
    said = (
        translate("Changes", "Consent of {who}: TCPA consent and opt-in")
        if update.tcpa_flag
        else translate("Changes", "Consent of {who}: opt-in")
    )
    return said.format(who=who or format_phone_for_display(update.phone))


def _who(lead: ExistingLead) -> str:
    return lead.name or format_phone_for_display(lead.phone)


def editable_values(lead: ExistingLead) -> dict[str, Any]:
    """The lead's current values of :data:`EDITABLE_FIELDS`.

    ``optOutPhone`` and ``takerId`` are not ExistingLead fields in seed 001;
    they are read from the response's extra fields when the server sends them.
    """
    extra = lead.model_extra or {}
    year = (lead.home_year or "").strip()
    return {
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "street_address": lead.address1,
        "city": lead.city,
        "zip": lead.zip,
        "email": lead.email or "",
        "opt_out_phone": bool(extra.get("optOutPhone", False)),
        "tcpa_flag": bool(lead.tcpa),
        "home_year": int(year) if year.isdigit() else None,
        "taker_id": str(extra.get("takerId") or ""),
    }


def pending_changes(lead: ExistingLead, edited: Mapping[str, Any]) -> dict[str, Any]:
    """The editable fields whose edited value differs from the server copy."""
    return changed_fields(editable_values(lead), edited)


def stand_in_zone(extra: dict[str, Any], zip_code: str | None) -> tuple[str | None, str]:
    """The zone for blocks HeavySet gave none, and where it came from, in this order: the lead's own
    ``timeZone`` in the CRM, then its ZIP's zone; (None, "") when neither is known."""
    own = extra.get("timeZone")
    if isinstance(own, str) and is_known_zone(own):
        return own, "the lead's time zone in the CRM"
    by_zip = zone_of_zip(zip_code or "")
    return (by_zip, "the lead's ZIP") if by_zip else (None, "")


@dataclass(frozen=True)
class LookupResult:
    lead: ExistingLead
    slots: TimeSlots | None
    slots_error: ApiError | None = None


@dataclass(frozen=True)
class Consent:
    """What a new caller agreed to on the phone.

    ``POST /lead`` has no consent field (seed 000), so TCPA consent is set by the new lead's first PATCH
    (``tcpaFlag``), stored in the outbox together with the lead and sent as soon as the lead exists: before
    the booking, once. Opt-in has no field any request can set (ExistingLead's ``optIn`` reads the box of a
    web form): the same PATCH writes it in the lead's notes. Nothing asked, nothing is sent: an unticked box
    never takes back a consent the caller gave elsewhere.
    """

    tcpa: bool = False
    opt_in: bool = False

    @property
    def given(self) -> list[str]:
        """What the caller agreed to, in words."""
        return [words for words, on in (("TCPA consent", self.tcpa), ("opt-in", self.opt_in)) if on]

    def update(self, phone: str) -> PhoneUpdate | None:
        """The PATCH that records this consent on the lead; None when nothing was given."""
        if not self.given:
            return None
        note = f"Given on the phone to the setter (HeavySet Console): {' and '.join(self.given)}."
        return PhoneUpdate(phone=phone, tcpa_flag=True if self.tcpa else None, append_comment=note)


NO_CONSENT = Consent()


@dataclass(frozen=True)
class NewLead:
    """A lead created through the Zapier API, with the slots its token may book.

    ``slots`` is None when the lead was created but its slots could not be
    fetched (``slots_error`` says why); refreshing fetches them again.
    """

    phone: str
    created: LeadCreated
    slots: SlotsResult | None
    slots_error: ApiError | None = None
    submission: LeadSubmission | None = None
    consent: Consent = NO_CONSENT
    consent_note: str = ""
    """Where the consent stands when it is not set yet, in setter words; empty when set (or none was given)."""

    def as_lead(self) -> ExistingLead:
        """What the console knows of the new lead before the CRM has it (for the Apptoto mirror)."""
        sub = self.submission
        name = ""
        if sub is not None:
            name = sub.name or " ".join(x for x in (sub.first_name, sub.last_name) if x)
        return ExistingLead.model_validate(
            {
                "phone": self.phone,
                "name": name,
                "leadId": self.created.lead_id,
                "address1": sub.address1 if sub else "",
                "zip": sub.zip if sub else "",
                "email": sub.email if sub else None,
                "tcpa": True if self.consent.tcpa else None,  # the caller's consent holds from the call on
            }
        )


@dataclass(frozen=True)
class NewLeadBooking:
    result: AppointmentResult
    lead: ExistingLead | None


class Console:
    """What a setter does, over one S2S and one Zapier client."""

    def __init__(
        self,
        s2s: S2SClient,
        zapier: ZapierClient,
        *,
        region: str = DEFAULT_REGION,
        source_name: str = APP_SOURCE,
        outbox: OutboxService | None = None,
        audit: AuditLog | None = None,
        profile: str = "",
        mirror: Mirror | None = None,
    ) -> None:
        self.s2s = s2s
        self.mirror = mirror if outbox is not None else None
        """Apptoto's mirror of bookings; it rides on the outbox, so none without one."""
        self._seen_slots: OrderedDict[str, TimeSlots] = OrderedDict()
        self._lead_zones: dict[str, tuple[str | None, str]] = {}
        """Phone → the zone standing in for blocks HeavySet gives none, and where it came from."""
        self.zapier = zapier
        self.region = region
        self.source_name = source_name
        self.outbox = outbox
        self.audit = audit
        self.profile = profile
        self._dispositions: list[str] | None = None
        if outbox is not None:
            outbox.on_done.append(lambda entry: self._replayed(entry, "ok"))
            outbox.on_failed.append(lambda entry: self._replayed(entry, "failed"))

    # ------------------------------------------------------------ audit

    def record(
        self,
        action: str,
        phone: str,
        name: str = "",
        changes: Mapping[str, Any] | None = None,
        result: str = "ok",
        message: str = "",
    ) -> None:
        """One line in the audit log; a failing audit never fails the setter's action."""
        if self.audit is None:
            return
        try:
            self.audit.record(
                profile=self.profile,
                action=action,
                phone=phone,
                name=name,
                changes=dict(changes or {}),
                result=result,
                message=message[:500],
            )
        except (AuditLogError, ValueError) as exc:
            log.warning("audit log not written: %s", exc)

    def _replayed(self, entry: OutboxEntry, result: str) -> None:
        changes = payload_as_edits(entry.payload) if entry.kind == "update" else {}
        message = entry.summary if result == "ok" else f"{entry.summary}: {entry.last_error or ''}"
        self.record("replay", entry.phone, changes=changes, result=result, message=message)

    async def _audited(self, action: str, phone: str, name: str, changes: Mapping[str, Any], work: Awaitable[T]) -> T:
        try:
            outcome = await work
        except Queued as queued:
            self.record(action, phone, name, changes, "queued", str(queued))
            raise
        except (ApiError, ValidationError, SlotUnavailableError, ValueError) as exc:
            self.record(action, phone, name, changes, "failed", str(exc).splitlines()[0] if str(exc) else "")
            raise
        self.record(action, phone, name, changes, "ok")
        return outcome

    def normalize(self, phone: str) -> str:
        return normalize_phone(phone, self.region)

    # ------------------------------------------------------------ reading

    def route_note(self) -> str | None:
        """Why lookups left the low-latency regional route for this session, if they did."""
        return self.s2s.regional_off

    def warm_due(self) -> float:
        """Seconds until the connection to HeavySet may be gone; 0 when :meth:`warm_up` would open it now."""
        return self.s2s.warm_due()

    async def warm_up(self) -> bool:
        """Open the connection to HeavySet (TCP and TLS) if it may be gone, so that the next lookup does not wait
        for the handshakes. Counted in the request budget, sent only while the budget has room to spare; it
        carries no token. A failure says nothing and changes nothing: the lookup connects as it would have."""
        return await self.s2s.warm()

    def may_look_up_ahead(self) -> bool:
        """A lookup the setter did not ask for yet (the number typed just became complete) may go now: it goes
        through the request budget like any other and is counted there, cancelled or not, and it goes only while
        :data:`AHEAD_SPARE` of the budget stays free after it, so it never makes the setter's own requests wait."""
        room = self.s2s.budget_room(AHEAD_SPARE)
        return room is None or room >= LOOKUP_REQUESTS

    def request_wait(self) -> float:
        """Seconds a lookup queued behind HeavySet's request limit still waits (0 when none waits)."""
        return self.s2s.request_wait()

    async def lookup(self, phone: str, *, limit_days: int | None = None) -> LookupResult:
        """The lead and its blocks, fetched side by side.

        :class:`NotFoundError` when the CRM has no such lead. A failure of the
        blocks alone still returns the lead, with ``slots_error`` set.
        """
        e164 = self.normalize(phone)
        blocks = asyncio.ensure_future(self.s2s.blocks(e164, limit_days=limit_days))
        try:
            lead = await self.s2s.query_phone(e164)
        except BaseException as exc:
            blocks.cancel()
            await asyncio.gather(blocks, return_exceptions=True)
            if isinstance(exc, ApiError):
                found = "not in the CRM" if exc.status == 404 else str(exc)
                self.record("lookup", e164, result="ok" if exc.status == 404 else "failed", message=found)
            raise
        self.record("lookup", e164, lead.name)
        self._lead_zones[e164] = stand_in_zone(lead.model_extra or {}, lead.zip)
        try:
            return LookupResult(lead, self._saw(e164, await blocks))
        except ApiError as exc:
            log.info("blocks for a lead failed: %s", type(exc).__name__)
            return LookupResult(lead, None, exc)

    async def slots(self, phone: str, *, limit_days: int | None = None) -> TimeSlots:
        e164 = self.normalize(phone)
        return self._saw(e164, await self.s2s.blocks(e164, limit_days=limit_days))

    def _saw(self, phone: str, slots: TimeSlots) -> TimeSlots:
        """Remember the lead's blocks: a booking made offline still knows its block's time.

        Blocks HeavySet gave no zone get the lead's own (:func:`stand_in_zone`), or are left out, and said so.
        """
        zone, source = self._lead_zones.get(phone, (None, ""))
        slots = slots.with_zone(zone, source)
        self._seen_slots[phone] = slots
        self._seen_slots.move_to_end(phone)
        while len(self._seen_slots) > 20:
            self._seen_slots.popitem(last=False)
        return slots

    def _block(self, phone: str, block_id: str, fresh: TimeSlots | None) -> tuple[TimeSlot | None, str | None]:
        for known in (fresh, self._seen_slots.get(phone)):
            if known is None:
                continue
            slot = next((s for s in known.slots if s.block_id == block_id), None)
            if slot is not None:
                return slot, known.time_zone
        return None, None

    async def dispositions(self, *, refresh: bool = False) -> list[str]:
        """The CRM's not-qualified reasons, fetched once and cached."""
        if self._dispositions is None or refresh:
            self._dispositions = list((await self.s2s.dispositions()).not_qualified_reasons)
        return list(self._dispositions)

    # ------------------------------------------------------------ changing

    async def _update(
        self, update: PhoneUpdate, summary: str, key: str | None, follow_ups: list[FollowUp] | None = None
    ) -> ExistingLead:
        """PATCH through the outbox when there is one (raises ``Queued`` when kept for later)."""
        if self.outbox is None:
            return await self.s2s.update(update, idempotency_key=key or new_idempotency_key())
        result = await self.outbox.submit("update", update.phone, update.to_wire(), summary, follow_ups=follow_ups)
        return ExistingLead.model_validate(result)

    async def save(
        self,
        lead: ExistingLead,
        edited: Mapping[str, Any],
        *,
        comment: str = "",
        idempotency_key: str | None = None,
    ) -> ExistingLead:
        """Send only what differs from the server copy (and the comment, if any)."""
        changes = pending_changes(lead, edited)
        if comment.strip():
            changes["append_comment"] = comment.strip()
        if not changes:
            return lead
        update = PhoneUpdate(phone=lead.phone, **changes)
        mirror = None
        if self.mirror is not None and changes.keys() & MIRRORED_FIELDS:
            # the reminder's participant, address and consent follow the lead (a TCPA withdrawal stops texts)
            after = lead_with_update(self._as_pending(lead), update.to_wire())
            mirror = self.mirror.updated(after, self._zone_of(lead))
        summary = translate("Changes", "Save {who}: {fields}").format(who=_who(lead), fields=field_words(changes))
        work = self._update(update, summary, idempotency_key, mirror)
        return await self._audited("save", lead.phone, lead.name, changes, work)

    def _as_pending(self, lead: ExistingLead) -> ExistingLead:
        """The lead with its changes still waiting in the outbox (what the mirror must respect)."""
        if self.outbox is None:
            return lead
        return apply_pending(lead, self.outbox.store.pending_for(self.outbox.profile, lead.phone))[0]

    def _zone_of(self, lead: ExistingLead) -> str | None:
        """The lead's zone: from its blocks as last seen, else the CRM's ``timeZone``."""
        seen = self._seen_slots.get(lead.phone)
        known = seen.time_zone or next((s.time_zone for s in seen.slots if s.time_zone), None) if seen else None
        extra = (lead.model_extra or {}).get("timeZone")
        return known or (extra if isinstance(extra, str) and is_known_zone(extra) else None)

    async def book(
        self, lead: ExistingLead, block_id: str, *, label: str = "", idempotency_key: str | None = None
    ) -> ExistingLead:
        """Book or reschedule to ``block_id`` after checking it is still open.

        When the check itself cannot reach HeavySet (network, 5xx, 429), the booking goes to the
        outbox unchecked: it is confirmed only when it lands.
        """
        fresh: TimeSlots | None = None
        try:
            fresh = self._saw(lead.phone, await self.s2s.blocks(lead.phone))
        except (NetworkError, ServerError, RateLimitedError) as exc:
            if self.outbox is None:
                verb = "reschedule" if lead.has_active_appointment else "book"
                self.record(verb, lead.phone, lead.name, {"block_id": block_id}, "failed", str(exc))
                raise
            log.info("availability not checked (HeavySet unreachable); the booking is queued")
        else:
            slot = next((s for s in fresh.slots if s.block_id == block_id), None)
            if slot is None or (slot.is_full and block_id != lead.block_id):
                verb = "reschedule" if lead.has_active_appointment else "book"
                self.record(verb, lead.phone, lead.name, {"block_id": block_id}, "failed", "the block is taken")
                raise SlotUnavailableError(slot, block_id)
        update = PhoneUpdate(phone=lead.phone, block_id=block_id)
        verb = "Reschedule" if lead.has_active_appointment else "Book"
        when = label or translate("Changes", "block {id}").format(id=block_id)
        summary = (
            translate("Changes", "Reschedule {who}: {when}")
            if lead.has_active_appointment
            else translate("Changes", "Book {who}: {when}")
        ).format(who=_who(lead), when=when)
        changes = {"block": label or block_id, "block_id": block_id}
        mirror = None
        if self.mirror is not None:
            mirror = self.mirror.booked(self._as_pending(lead), *self._block(lead.phone, block_id, fresh))
        return await self._audited(
            verb.lower(), lead.phone, lead.name, changes, self._update(update, summary, idempotency_key, mirror)
        )

    async def cancel(self, lead: ExistingLead, note: str, *, idempotency_key: str | None = None) -> ExistingLead:
        update = PhoneUpdate(phone=lead.phone, cancel_appt=True, append_comment=note.strip() or None)
        mirror = self.mirror.cancelled(lead) if self.mirror else None
        summary = translate("Changes", "Cancel the appointment of {who}").format(who=_who(lead))
        work = self._update(update, summary, idempotency_key, mirror)
        return await self._audited("cancel", lead.phone, lead.name, {"note": note.strip()}, work)

    async def disqualify(
        self, lead: ExistingLead, reason: str, comment: str = "", *, idempotency_key: str | None = None
    ) -> ExistingLead:
        update = PhoneUpdate(phone=lead.phone, not_qualified_reason=reason, append_comment=comment.strip() or None)
        # Whether HeavySet cancels a not-qualified lead's appointment is not documented (servers differ): the
        # reminder goes only if HeavySet's answer shows the appointment cancelled
        mirror = (
            self.mirror.cancelled(lead, only_if_cancelled=True) if self.mirror and lead.has_active_appointment else None
        )
        summary = translate("Changes", "Mark {who} not qualified: {reason}").format(who=_who(lead), reason=reason)
        work = self._update(update, summary, idempotency_key, mirror)
        changes = {"reason": reason, "comment": comment.strip()}
        return await self._audited("disqualify", lead.phone, lead.name, changes, work)

    # ------------------------------------------------------------ new leads

    async def create_lead(
        self, submission: LeadSubmission, *, consent: Consent = NO_CONSENT, idempotency_key: str | None = None
    ) -> NewLead:
        """Create the lead (with the console as its source), record ``consent`` on it (see :class:`Consent`),
        and fetch its slots."""
        if submission.source is None:
            submission = submission.model_copy(update={"source": self.source_name, "source_name": "HeavySet Console"})
        who = submission.name or " ".join(x for x in (submission.first_name, submission.last_name) if x)
        consent_update = consent.update(submission.phone)
        changes = submission.model_dump(exclude_none=True, exclude={"phone", "source", "source_name"})
        created = await self._audited(
            "new_lead",
            submission.phone,
            who,
            {**changes, **({"consent": ", ".join(consent.given)} if consent.given else {})},
            self._submit_lead(submission, who, idempotency_key, consent_update),
        )
        note = await self._send_consent(consent_update, who) if consent_update is not None else ""
        new_lead = await self.new_lead_slots(submission.phone, created, submission)
        return replace(new_lead, consent=consent, consent_note=note)

    async def _submit_lead(
        self, submission: LeadSubmission, who: str, key: str | None, consent: PhoneUpdate | None = None
    ) -> LeadCreated:
        if self.outbox is None:
            created = await self.zapier.submit_lead(submission, idempotency_key=key or new_idempotency_key())
        else:
            summary = translate("Changes", "New lead {who}").format(
                who=who or format_phone_for_display(submission.phone)
            )
            follow_ups = []
            if consent is not None:  # stored with the lead in one write: a lead made is never left without it
                follow_ups.append(FollowUp("update", HEAVYSET, consent.to_wire(), _consent_summary(consent, who)))
            if self.mirror:
                follow_ups += self.mirror.new_lead(submission)
            result = await self.outbox.submit(
                "lead", submission.phone, submission.to_wire(), summary, follow_ups=follow_ups
            )
            created = LeadCreated.model_validate(result)
        REDACTOR.register(created.one_time_token)
        return created

    async def _send_consent(self, update: PhoneUpdate, who: str) -> str:
        """Send the consent PATCH of a lead just made, while the setter waits; "" once it is set, else where it
        stands (it stays in the outbox until it lands, ahead of the lead's booking)."""
        what = (
            translate("NewLead", "TCPA consent and the opt-in note")
            if update.tcpa_flag
            else translate("NewLead", "the opt-in note")
        )
        if self.outbox is None:
            try:
                await self._audited(
                    "consent",
                    update.phone,
                    who,
                    payload_as_edits(update.to_wire()),
                    self.s2s.update(update, idempotency_key=new_idempotency_key()),
                )
            except ApiError as exc:
                return translate(
                    "NewLead", "The lead is created, but HeavySet did not take its {what}: {why}. Set it in the lead."
                ).format(what=what, why=exc)
            return ""
        entry = await self.outbox.replay_one(phone=update.phone, lane=HEAVYSET, retry=self.outbox.inline_retry)
        if entry is None or entry.status == "pending":  # the replayer has it, or it waits for HeavySet
            return translate("NewLead", "The {what} waits in the outbox: it is sent before the lead's booking.").format(
                what=what
            )
        if entry.status != "done":
            why = entry.last_error or translate("NewLead", "no reason given")
            return translate("NewLead", "HeavySet refused the {what}: {why}. See the outbox.").format(
                what=what, why=why
            )
        return ""

    async def new_lead_slots(
        self, phone: str, created: LeadCreated, submission: LeadSubmission | None = None
    ) -> NewLead:
        """The slots of a created lead; a failure keeps the lead (slots None)."""
        REDACTOR.register(created.one_time_token)  # a lead created by the outbox's replay was not seen yet
        try:
            slots = await self.zapier.slots(created.one_time_token)
            slots = slots.with_zone(*stand_in_zone({}, submission.zip if submission else None))
        except ApiError as exc:
            return NewLead(phone, created, None, exc, submission)
        return NewLead(phone, created, slots, None, submission)

    async def refresh_new_lead_slots(self, new_lead: NewLead) -> NewLead:
        slots = await self.zapier.slots(new_lead.created.one_time_token)
        slots = slots.with_zone(*stand_in_zone({}, new_lead.submission.zip if new_lead.submission else None))
        return NewLead(new_lead.phone, new_lead.created, slots, None, new_lead.submission)

    async def book_new_lead(
        self, new_lead: NewLead, block_id: str, *, label: str = "", idempotency_key: str | None = None
    ) -> NewLeadBooking:
        """Check the block is still open, book it, then read the lead back from the CRM."""
        fresh = await self.zapier.slots(new_lead.created.one_time_token)
        slot = next((s for s in fresh.slots if s.block_id == block_id), None)
        if slot is None or slot.is_full:
            raise SlotUnavailableError(slot, block_id)
        request = AppointmentRequest(
            block_id=block_id,
            one_time_token=new_lead.created.one_time_token,
            source=self.source_name,
            source_name="HeavySet Console",
            slice_start_time=slot.start_time,
        )
        result = await self._audited(
            "book",
            new_lead.phone,
            "",
            {"block": label or slot.start_time, "block_id": block_id, "new_lead": new_lead.created.lead_id},
            self._book_new(new_lead, request, label or slot.start_time, idempotency_key, fresh.time_zone, slot),
        )
        try:
            lead: ExistingLead | None = await self.s2s.query_phone(new_lead.phone)
        except ApiError as exc:
            log.info("new lead not readable after booking: %s", type(exc).__name__)
            lead = None
        return NewLeadBooking(result, lead)

    async def _book_new(
        self,
        new_lead: NewLead,
        request: AppointmentRequest,
        label: str,
        key: str | None,
        zone: str | None,
        slot: TimeSlot,
    ) -> AppointmentResult:
        if self.outbox is None:
            return await self.zapier.book(request, idempotency_key=key or new_idempotency_key())
        summary = translate("Changes", "Book new lead {number}: {when}").format(
            number=format_phone_for_display(new_lead.phone), when=label
        )
        mirror = self.mirror.booked(new_lead.as_lead(), slot, zone) if self.mirror else None
        answer = await self.outbox.submit("appointment", new_lead.phone, request.to_wire(), summary, follow_ups=mirror)
        return AppointmentResult.model_validate(answer)

"""Apptoto reminders: mirroring bookings, reading a caller's reminder state, the worklist.

The mirror is built here and sent by the outbox (``apptoto`` lane, as a
follow-up of the HeavySet change it mirrors), so it goes out exactly once,
only after HeavySet confirmed the booking, and an Apptoto outage never holds
a HeavySet change back. Keys: an event's ``external_id`` comes from the
HeavySet lead (:func:`~hsconsole.api.apptoto.client.external_id_for_lead`), a
contact's from the phone alone (``hsconsole-<E.164>``), so a replay updates
what the first try made.

The lead's flags decide what Apptoto may use: no phone on the participant
when the lead opted out of texts or gave no TCPA consent, no email when it
opted out of email.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hsconsole.api.apptoto.client import ApptotoClient, external_id_for_lead
from hsconsole.api.apptoto.models import (
    ContactInput,
    Event,
    EventInput,
    Message,
    Participant,
    ParticipantInput,
    ParticipantState,
)
from hsconsole.api.heavyset.models import ExistingLead, LeadSubmission, TimeSlot
from hsconsole.domain.phones import DEFAULT_REGION, InvalidPhoneError, format_phone_for_display, normalize_phone
from hsconsole.domain.slots import SETTER_CLOCK, load_zone
from hsconsole.domain.words import QT_TRANSLATE_NOOP, translate
from hsconsole.services.formatting import format_moment as format_moment
from hsconsole.services.formatting import your_time
from hsconsole.services.outbox import IF_CANCELLED
from hsconsole.store.outbox import FollowUp
from hsconsole.store.settings import ApptotoSettings

log = logging.getLogger("hsconsole.services")

STATE_WORDS: dict[ParticipantState, str] = {
    ParticipantState.INITIAL: QT_TRANSLATE_NOOP("Reminders", "No reminder sent yet"),
    ParticipantState.ACCEPTED: QT_TRANSLATE_NOOP("Reminders", "Accepted"),
    ParticipantState.DECLINED: QT_TRANSLATE_NOOP("Reminders", "Declined"),
    ParticipantState.REMINDED: QT_TRANSLATE_NOOP("Reminders", "Reminded, no answer yet"),
    ParticipantState.CONFIRMED: QT_TRANSLATE_NOOP("Reminders", "Confirmed"),
    ParticipantState.NOT_COMING: QT_TRANSLATE_NOOP("Reminders", "Not coming"),
    ParticipantState.NOT_COMING_NEEDS_RESCHEDULE: QT_TRANSLATE_NOOP("Reminders", "Not coming: needs a new time"),
    ParticipantState.NOT_COMING_NO_RESCHEDULE: QT_TRANSLATE_NOOP("Reminders", "Not coming: no new time wanted"),
    ParticipantState.UNKNOWN: QT_TRANSLATE_NOOP("Reminders", "State not known"),
}
"""A participant's state in setter words."""

_ANSWERED = frozenset(
    {
        ParticipantState.ACCEPTED,
        ParticipantState.CONFIRMED,
        ParticipantState.DECLINED,
        ParticipantState.NOT_COMING,
        ParticipantState.NOT_COMING_NEEDS_RESCHEDULE,
        ParticipantState.NOT_COMING_NO_RESCHEDULE,
    }
)


def state_words(participant: Participant | None) -> str:
    if participant is None:
        return translate("Reminders", "No participant")
    if participant.state is ParticipantState.UNKNOWN and participant.raw_state:
        return translate("Reminders", "State “{state}”").format(state=participant.raw_state)
    return state_text(participant.state)


NO_REPLY = QT_TRANSLATE_NOOP("Reminders", "No reply to the reminder")
"""Why a reminder unanswered for :data:`NO_REPLY_AFTER` needs a call."""
NO_REPLY_AFTER = timedelta(hours=4)
"""A reminder unanswered this long counts as "no reply" (worth a call)."""


def no_reply(participant: Participant, now: datetime | None = None) -> bool:
    """A reminder went out at least :data:`NO_REPLY_AFTER` ago and the homeowner has not answered it."""
    if participant.state in _ANSWERED:
        return False
    messages = participant.messages
    if any(m.is_reply for m in messages):
        return False
    sent = [m.at for m in messages if m.is_sent]
    if not sent:
        return participant.state is ParticipantState.REMINDED
    moment = now or datetime.now(UTC)
    return moment - min(sent) >= NO_REPLY_AFTER


def attention_reason(participant: Participant | None, now: datetime | None = None) -> str:
    """Why the setter should call (empty when nothing is wrong)."""
    if participant is None:
        return ""
    if participant.state.needs_attention:
        return state_text(participant.state)
    if no_reply(participant, now):
        return translate("Reminders", NO_REPLY)
    return ""


def state_text(state: ParticipantState) -> str:
    """A participant's state in setter words, in the setter's language."""
    return translate("Reminders", STATE_WORDS[state])


_HOW = {
    "sms": QT_TRANSLATE_NOOP("Reminders", "{state} by text, {time}: “{reply}”"),
    "email": QT_TRANSLATE_NOOP("Reminders", "{state} by email, {time}: “{reply}”"),
    "call": QT_TRANSLATE_NOOP("Reminders", "{state} by phone, {time}: “{reply}”"),
}
_HOW |= {"text": _HOW["sms"], "voice": _HOW["call"]}
"""An answer's words by the channel it came on (a text when Apptoto does not say)."""


def _how(message: Message) -> str:
    kind = str((message.model_extra or {}).get("channel") or "").lower()
    return translate("Reminders", _HOW.get(kind, _HOW["sms"]))


def message_line(participant: Participant, zone: str | None, *, with_zone: bool = False, yours: bool = False) -> str:
    """The latest news from the homeowner, e.g. ``Confirmed by text, Tue Mar 3, 3:12 PM``: in ``zone``, with its
    abbreviation (``with_zone``) or said to be the setter's own (``yours``: "3:12 PM your time")."""
    latest = participant.latest_message
    reply = participant.latest_reply

    def when(at: datetime) -> str:
        if yours:
            return your_time(format_moment(at, zone, setter=True))
        return format_moment(at, zone, with_zone=with_zone)

    if reply is not None and (latest is None or latest is reply or participant.state not in _ANSWERED):
        if participant.state in _ANSWERED:
            return _how(reply).format(
                state=state_text(participant.state), time=when(reply.at), reply=reply.content.strip()
            )
        return translate("Reminders", "Replied {time}: “{reply}”").format(
            time=when(reply.at), reply=reply.content.strip()
        )
    if latest is not None:
        if latest.is_sent:
            return translate("Reminders", "Reminder sent {time}").format(time=when(latest.at))
        what = latest.event_type.capitalize() or translate("Reminders", "Message")
        return f"{what} {when(latest.at)}"
    return translate("Reminders", "No messages yet")


# ---------------------------------------------------------------- building the mirror


def calendar_of(settings: ApptotoSettings) -> dict[str, Any]:
    """The event fields naming the profile's calendar (by id when it is a number, else by name)."""
    name = settings.calendar
    return {"calendar_id": int(name)} if name.isdigit() else {"calendar": name}


def _location(lead: ExistingLead) -> str:
    street = " ".join(x for x in (lead.address1, lead.address2 or "") if x)
    region = " ".join(x for x in (lead.state_alpha2 or lead.state, lead.zip) if x)
    return ", ".join(x for x in (street, lead.city, region) if x)


def participant_for(lead: ExistingLead, region: str = DEFAULT_REGION) -> ParticipantInput:
    """The lead as a participant, with only the channels its flags allow."""
    may_text = bool(lead.tcpa) and not lead.opt_out_text
    phone: str | None = None
    if may_text:
        try:
            phone = normalize_phone(lead.phone, region)
        except InvalidPhoneError:
            phone = None
    email = (lead.email or "").strip() or None
    if lead.opt_out_email:
        email = None
    return ParticipantInput(name=lead.name or format_phone_for_display(lead.phone), phone=phone, email=email)


def event_for_booking(
    lead: ExistingLead,
    slot: TimeSlot,
    fallback_zone: str | None,
    settings: ApptotoSettings,
    *,
    region: str = DEFAULT_REGION,
) -> EventInput:
    """The Apptoto event mirroring ``lead`` booked into ``slot`` (in the lead's zone)."""
    window = slot.window(fallback_zone)
    return _event(lead, window.start.instant, window.end.instant, window.zone_name, slot.block_id, settings, region)


def event_for_appointment(
    lead: ExistingLead, zone: str | None, settings: ApptotoSettings, *, region: str = DEFAULT_REGION
) -> EventInput | None:
    """The event of the lead's current appointment as the CRM has it (None without one)."""
    start, end = lead.appointment_start, lead.appointment_end
    if not lead.has_active_appointment or start is None or end is None:
        return None
    if zone:
        tz = load_zone(zone)
        start, end = start.astimezone(tz), end.astimezone(tz)
    return _event(lead, start, end, zone, lead.block_id or "", settings, region)


def _event(
    lead: ExistingLead,
    start: datetime,
    end: datetime,
    zone: str | None,
    block_id: str,
    settings: ApptotoSettings,
    region: str,
) -> EventInput:
    who = lead.name or format_phone_for_display(lead.phone)
    return EventInput(
        external_id=external_id_for_lead(lead.lead_id, lead.phone, region),
        title=f"Appointment: {who}",
        start_time=start,
        end_time=end,
        time_zone=zone,
        location=_location(lead) or None,
        content=f"Booked with HeavySet Console (block {block_id}).",
        # the HeavySet phone, for a call even when the participant may not be texted
        custom_data={
            "heavyset_lead_id": lead.lead_id or "",
            "heavyset_block_id": block_id,
            "heavyset_phone": lead.phone,
        },
        participants=[participant_for(lead, region)],
        **calendar_of(settings),
    )


def contact_key(phone: str, region: str = DEFAULT_REGION) -> str:
    return external_id_for_lead(None, phone, region)


def contact_for_submission(
    submission: LeadSubmission, settings: ApptotoSettings, *, region: str = DEFAULT_REGION
) -> ContactInput | None:
    """A new lead as a contact of the chosen address book; None when no address book is chosen."""
    if not settings.address_book:
        return None
    book: dict[str, Any] = (
        {"address_book_id": int(settings.address_book)}
        if settings.address_book.isdigit()
        else {"address_book": settings.address_book}
    )
    name = submission.name or " ".join(x for x in (submission.first_name, submission.last_name) if x)
    # A new lead carries no TCPA consent (POST /lead has no such field): Apptoto gets no phone to text.
    return ContactInput(
        external_id=contact_key(submission.phone, region),
        name=name or None,
        first_name=submission.first_name or None,
        last_name=submission.last_name or None,
        email=(submission.email or "").strip() or None,
        custom_data={"source": "HeavySet Console"},
        **book,
    )


class Mirror:
    """What a profile mirrors to Apptoto, as outbox follow-ups of HeavySet changes."""

    def __init__(self, settings: ApptotoSettings, *, region: str = DEFAULT_REGION) -> None:
        self.settings = settings
        self.region = region

    def booked(self, lead: ExistingLead, slot: TimeSlot | None, fallback_zone: str | None) -> list[FollowUp]:
        if slot is None:
            log.info("booking not mirrored: its block is not known")
            return []
        try:
            event = event_for_booking(lead, slot, fallback_zone, self.settings, region=self.region)
        except (ValueError, InvalidPhoneError) as exc:
            log.warning("booking not mirrored: %s", type(exc).__name__)
            return []
        who = lead.name or format_phone_for_display(lead.phone)
        when = (
            format_moment(event.start_time, event.time_zone, with_zone=True)
            if event.start_time
            else f"{SETTER_CLOCK.day(slot.appointment_date)}, {slot.start_time}"
        )
        summary = translate("Changes", "Apptoto reminder for {who}: {when} (lead's time)").format(
            who=who, when=when
        )  # kept in the outbox, read in any zone
        return [FollowUp("apptoto_event", "apptoto", event.to_wire(), summary)]

    def updated(self, lead: ExistingLead, zone: str | None) -> list[FollowUp]:
        """The appointment's event again after the lead's details changed (name, address, email, consent)."""
        try:
            event = event_for_appointment(lead, zone, self.settings, region=self.region)
        except (ValueError, InvalidPhoneError) as exc:
            log.warning("reminder not updated: %s", type(exc).__name__)
            return []
        if event is None:
            return []
        who = lead.name or format_phone_for_display(lead.phone)
        return [
            FollowUp(
                "apptoto_event",
                "apptoto",
                event.to_wire(),
                translate("Changes", "Update the Apptoto reminder of {who}").format(who=who),
            )
        ]

    def cancelled(self, lead: ExistingLead, *, only_if_cancelled: bool = False) -> list[FollowUp]:
        """Remove the lead's reminder once HeavySet confirmed the change; ``only_if_cancelled``: only when
        HeavySet's answer to that change shows the appointment cancelled (see :data:`IF_CANCELLED`)."""
        try:
            key = external_id_for_lead(lead.lead_id, lead.phone, self.region)
        except InvalidPhoneError:
            return []
        who = lead.name or format_phone_for_display(lead.phone)
        payload: dict[str, Any] = {"external_id": key}
        if only_if_cancelled:
            payload[IF_CANCELLED] = True
        return [
            FollowUp(
                "apptoto_delete",
                "apptoto",
                payload,
                translate("Changes", "Remove the Apptoto reminder of {who}").format(who=who),
            )
        ]

    def new_lead(self, submission: LeadSubmission) -> list[FollowUp]:
        try:
            contact = contact_for_submission(submission, self.settings, region=self.region)
        except (ValueError, InvalidPhoneError) as exc:
            log.warning("new lead not added to Apptoto: %s", type(exc).__name__)
            return []
        if contact is None:
            return []
        who = contact.name or format_phone_for_display(submission.phone)
        return [
            FollowUp(
                "apptoto_contact",
                "apptoto",
                contact.to_wire(),
                translate("Changes", "Apptoto contact {who}").format(who=who),
            )
        ]


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class ReminderStatus:
    """A caller's reminder state for the current appointment."""

    event: Event
    participant: Participant | None
    state_text: str
    detail: str
    attention: str
    """Why the setter should act; empty when all is well."""


@dataclass(frozen=True)
class WorklistRow:
    event_id: int
    external_id: str | None
    name: str
    phone: str | None
    start: datetime
    end: datetime
    lead_zone: str | None
    state: ParticipantState
    state_text: str
    detail: str
    attention: str

    @property
    def needs_attention(self) -> bool:
        return bool(self.attention)


def _main_participant(event: Event, phone: str | None, region: str) -> Participant | None:
    if phone:
        found = event.participant_for_phone(phone, region)
        if found is not None:
            return found
    return event.participants[0] if event.participants else None


def _row(event: Event, region: str, now: datetime | None, zone: str) -> WorklistRow:
    participant = _main_participant(event, None, region)
    phone = None
    raw = participant.normalized_phone or participant.phone if participant is not None else None
    # a lead who may not be texted has no phone on the event; the console's mirror keeps it for calls
    raw = raw or str(event.custom_data.get("heavyset_phone") or "")
    if raw:
        with contextlib.suppress(InvalidPhoneError):
            phone = normalize_phone(raw, region)
    over = event.end_time <= (now or datetime.now(UTC))
    return WorklistRow(
        event_id=event.id,
        external_id=event.external_id,
        name=(participant.name if participant and participant.name else event.title) or "(no name)",
        phone=phone,
        start=event.start_time,
        end=event.end_time,
        lead_zone=event.time_zone,
        state=participant.state if participant else ParticipantState.UNKNOWN,
        state_text=state_words(participant),
        detail=message_line(participant, zone) if participant else "",
        attention="" if over else attention_reason(participant, now),
    )


class Reminders:
    """Reading Apptoto for the console: one caller's state, and the worklist."""

    def __init__(self, client: ApptotoClient, *, region: str = DEFAULT_REGION) -> None:
        self.client = client
        self.region = region

    async def status_for(self, lead: ExistingLead, *, now: datetime | None = None) -> ReminderStatus | None:
        """The reminder state of the lead's appointment, or None when Apptoto has no event for it.

        The event mirrored from the console (by its ``external_id``) first;
        else the caller's next (or latest) event found by phone.
        """
        key = external_id_for_lead(lead.lead_id, lead.phone, self.region)
        event = await self.client.event(external_id=key, include_conversations=True)
        if event is None or event.is_deleted:
            event = await self._by_phone(lead.phone, now)
        if event is None:
            return None
        participant = _main_participant(event, lead.phone, self.region)
        return ReminderStatus(
            event=event,
            participant=participant,
            state_text=state_words(participant),
            detail=message_line(participant, event.time_zone, with_zone=True) if participant else "",
            attention=attention_reason(participant, now),
        )

    async def _by_phone(self, phone: str, now: datetime | None) -> Event | None:
        moment = now or datetime.now().astimezone()
        events = [
            e
            for e in await self.client.all_events(
                begin=moment - timedelta(days=1),
                end=moment + timedelta(days=90),
                phone_number=phone,
                include_conversations=True,
                max_pages=5,
            )
            if not e.is_deleted
        ]
        if not events:
            return None
        upcoming = [e for e in events if e.end_time >= moment]
        if upcoming:  # the next appointment; else the latest one that is over
            return min(upcoming, key=lambda e: e.start_time)
        return max(events, key=lambda e: e.start_time)

    async def worklist(
        self, first_day: date, days: int, zone: str, *, now: datetime | None = None
    ) -> list[WorklistRow]:
        """Every event from ``first_day`` (in ``zone``) for ``days`` days, soonest first, all pages."""
        if days < 1:
            raise ValueError("the worklist covers at least one day")
        tz = load_zone(zone)
        begin = datetime.combine(first_day, time(0), tz)
        end = datetime.combine(first_day + timedelta(days=days), time(0), tz)
        events = await self.client.all_events(begin=begin, end=end, include_conversations=True)
        seen: set[int] = set()
        rows = []
        for event in events:  # the range is half-open; an event moved between two pages is listed once
            if event.is_deleted or not event.participants or event.id in seen or not begin <= event.start_time < end:
                continue
            seen.add(event.id)
            rows.append(_row(event, self.region, now, zone))
        return sorted(rows, key=lambda r: (r.start, r.event_id))

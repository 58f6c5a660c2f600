"""TimeZest self-scheduling: sending a link, a caller's requests, the team report.

Sending goes through :meth:`~hsconsole.api.timezest.client.TimeZestClient.create_scheduling_request_once`:
TimeZest has no idempotency key, so after an ambiguous failure the console
looks for what was created before it sends again. A failure that could not
be settled keeps its :class:`~hsconsole.api.timezest.client.UncertainCreateError`
(with the first attempt's time); the next try passes it back, so the lookup
covers the first attempt too and the homeowner never gets two links.

How the link reaches the homeowner is the setter's choice, where the account
allows both (:attr:`Scheduling.trigger_mode`, remembered per profile):
``generate_url`` makes a link the setter passes on (reads out, pastes, or
leaves to the note on the lead), ``pod`` has TimeZest's own workflow send it
to the homeowner's email. The activity log and the note on the lead say which.

The TimeZest models and errors the send-link dialog names are re-exported here, so ui/ depends on
services/ alone.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from hsconsole.api.errors import ApiError
from hsconsole.api.heavyset.models import ExistingLead
from hsconsole.api.timezest.client import CreateResult, TimeZestClient, UncertainCreateError
from hsconsole.api.timezest.client import TimeZestFilterError as TimeZestFilterError
from hsconsole.api.timezest.client import TimeZestPermissionError as TimeZestPermissionError
from hsconsole.api.timezest.client import TimeZestTriggerModeError as TimeZestTriggerModeError
from hsconsole.api.timezest.models import Agent, SchedulingRequest, SchedulingRequestStatus, Team
from hsconsole.api.timezest.models import AppointmentType as AppointmentType
from hsconsole.api.timezest.models import NewSchedulingRequest as NewSchedulingRequest
from hsconsole.api.timezest.models import TriggerMode as TriggerMode
from hsconsole.domain.phones import format_phone_for_display
from hsconsole.domain.slots import load_zone
from hsconsole.domain.words import QT_TRANSLATE_NOOP, translate
from hsconsole.services.console import Console, editable_values
from hsconsole.services.outbox import Queued
from hsconsole.store.audit import csv_cell

log = logging.getLogger("hsconsole.services")

READ_ONLY_REASON = QT_TRANSLATE_NOOP(
    "SendLink", "This TimeZest key can only read: ask an administrator for a read/write key to send links."
)

STATUS_WORDS: dict[str, str] = {
    SchedulingRequestStatus.NEW.value: QT_TRANSLATE_NOOP("SendLink", "New: link made, not emailed yet"),
    SchedulingRequestStatus.SENT.value: QT_TRANSLATE_NOOP("SendLink", "Sent: waiting for the homeowner"),
    SchedulingRequestStatus.SCHEDULED.value: QT_TRANSLATE_NOOP("SendLink", "Scheduled"),
    SchedulingRequestStatus.CANCELLED.value: QT_TRANSLATE_NOOP("SendLink", "Cancelled"),
    SchedulingRequestStatus.CLOSED.value: QT_TRANSLATE_NOOP("SendLink", "Closed"),
}


def status_words(status: SchedulingRequestStatus) -> str:
    words = STATUS_WORDS.get(status.value)
    return translate("SendLink", words) if words else f"“{status.value}”"


Resource = Agent | Team


@dataclass(frozen=True)
class LinkOptions:
    """What the send-link dialog offers."""

    appointment_types: list[AppointmentType]
    resources: list[Resource]


@dataclass(frozen=True)
class SentLink:
    request: SchedulingRequest
    url: str
    recovered: bool
    """True when the link was found after an unclear failure (it was sent once, not twice)."""
    note: str
    """What became of the note on the HeavySet lead, in setter words."""
    trigger_mode: TriggerMode = TriggerMode.GENERATE_URL
    """``pod``: TimeZest's workflow sends it to :attr:`email`; ``generate_url``: the setter passes it on."""
    email: str = ""

    @property
    def emailed_by_timezest(self) -> bool:
        return self.trigger_mode is TriggerMode.POD


@dataclass(frozen=True)
class RequestRow:
    """One of a caller's scheduling requests, for the lead view."""

    id: str
    status: SchedulingRequestStatus
    status_text: str
    appointment_type: str
    created_at: datetime
    chosen: datetime | None
    chosen_zone: str | None
    url: str | None


@dataclass
class ReportRow:
    resource_id: str
    name: str
    total: int = 0
    scheduled: int = 0
    by_week: Counter[date] = field(default_factory=Counter)

    def per_week(self, weeks: float) -> float:
        return self.total / weeks if weeks else 0.0


@dataclass(frozen=True)
class TeamReport:
    first_day: date
    last_day: date
    rows: list[ReportRow]
    weeks: list[date]
    """The Mondays of the weeks the period touches."""
    total: int

    @property
    def week_count(self) -> float:
        """The period's length in weeks (28 days: 4.0), for the per-week figures."""
        return max(1, (self.last_day - self.first_day).days + 1) / 7


UNASSIGNED = "Unassigned"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build_report(
    requests: Sequence[SchedulingRequest], names: dict[str, str], first_day: date, last_day: date, zone: str
) -> TeamReport:
    """Requests per agent (their agent resources, else scheduled agents, else the team asked for)."""
    tz = load_zone(zone)
    rows: dict[str, ReportRow] = {}
    for item in requests:
        owners = item.agent_ids or [ref.id for ref in item.resources] or [UNASSIGNED]
        week = _monday(item.created_at.astimezone(tz).date())
        for owner in owners:
            row = rows.get(owner)
            if row is None:
                ref_name = next((r.name for r in (*item.resources, *item.scheduled_agents) if r.id == owner), None)
                row = rows[owner] = ReportRow(owner, names.get(owner) or ref_name or owner)
            row.total += 1
            row.by_week[week] += 1
            if item.status is SchedulingRequestStatus.SCHEDULED:
                row.scheduled += 1
    weeks = []
    monday = _monday(first_day)
    while monday <= last_day:
        weeks.append(monday)
        monday += timedelta(days=7)
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.name.casefold()))
    return TeamReport(first_day, last_day, ordered, weeks, len(requests))


def report_csv(report: TeamReport) -> str:
    """The report as CSV: one row per agent, a column per week, totals last."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    weeks = [f"week of {monday.isoformat()}" for monday in report.weeks]
    writer.writerow(["agent", "links", "scheduled", "per week", *weeks])
    for row in report.rows:
        writer.writerow(
            [
                csv_cell(row.name),
                row.total,
                row.scheduled,
                f"{row.per_week(report.week_count):.1f}",
                *(row.by_week.get(monday, 0) for monday in report.weeks),
            ]
        )
    writer.writerow(["total", report.total, sum(r.scheduled for r in report.rows), "", *([""] * len(weeks))])
    return out.getvalue()


def link_words(mode: TriggerMode, email: str, url: str, *, what: str = "") -> str:
    """What became of a link, for the activity log and the note on the lead: who sends it, and the link."""
    kind = f" ({what})" if what else ""
    if mode is TriggerMode.POD:
        text = f"TimeZest emails a scheduling link{kind} to {email} through its own workflow"
    else:
        text = f"TimeZest scheduling link made{kind}; the setter passes it on to the homeowner"
    return f"{text}: {url}" if url else f"{text}."


class Scheduling:
    """TimeZest for the console: links for a caller, their requests, the team's numbers."""

    def __init__(
        self,
        client: TimeZestClient,
        *,
        read_only: bool = False,
        console: Console | None = None,
        trigger_mode: TriggerMode | str = TriggerMode.GENERATE_URL,
        remember_trigger_mode: Callable[[TriggerMode], None] | None = None,
    ) -> None:
        self.client = client
        self.read_only = read_only
        self.console = console
        self.trigger_mode = TriggerMode(trigger_mode)
        """How links reach the homeowner unless the setter chooses otherwise (the profile's last choice)."""
        self._remember_trigger_mode = remember_trigger_mode
        self._names: dict[str, str] = {}
        self._type_names: dict[str, str] = {}
        self._unsettled: dict[str, UncertainCreateError] = {}
        """Unclear sends by homeowner (email): a later send looks for what they made before it sends."""

    def unsettled_for(self, lead: ExistingLead) -> UncertainCreateError | None:
        """An unclear send to this lead not settled yet (the next send checks for it first)."""
        return self._unsettled.get(((lead.email or "").strip() or lead.phone).casefold())

    def choose_trigger_mode(self, mode: TriggerMode | str) -> None:
        """The setter's choice of how links reach homeowners: used from now on and kept with the profile."""
        chosen = TriggerMode(mode)
        if chosen is self.trigger_mode:
            return
        self.trigger_mode = chosen
        if self._remember_trigger_mode is not None:
            try:
                self._remember_trigger_mode(chosen)
            except Exception as exc:  # a settings file that cannot be written never stops a send
                log.warning("the TimeZest trigger mode was not saved: %s", type(exc).__name__)

    @property
    def send_disabled_reason(self) -> str:
        return translate("SendLink", READ_ONLY_REASON) if self.read_only else ""

    async def options(self) -> LinkOptions:
        types, resources = await asyncio.gather(self.client.appointment_types(), self.client.resources())
        self._type_names.update({t.id: t.display_name for t in types})
        self._names.update({r.id: r.display_name for r in resources})
        return LinkOptions(types, sorted(resources, key=lambda r: (r.object != "agent", r.display_name.casefold())))

    def request_for(
        self,
        lead: ExistingLead,
        appointment_type: AppointmentType,
        resources: Sequence[Resource],
        earliest: date | None = None,
        latest: date | None = None,
        trigger_mode: TriggerMode | None = None,
    ) -> NewSchedulingRequest:
        """The body of the link for ``lead`` (``trigger_mode``: else :attr:`trigger_mode`); ValueError with words
        for the setter when it cannot be sent."""
        email = (lead.email or "").strip()
        if not email:
            raise ValueError(
                translate("SendLink", "The lead has no email address: TimeZest needs one to send the link to.")
            )
        if earliest and latest and earliest > latest:
            raise ValueError(translate("SendLink", "The window ends before it starts."))
        return NewSchedulingRequest(
            appointment_type_id=appointment_type.id,
            trigger_mode=trigger_mode or self.trigger_mode,
            resource_ids=[r.id for r in resources],
            end_user_name=lead.name or format_phone_for_display(lead.phone),
            end_user_email=email,
            earliest_date=earliest,
            latest_date=latest,
        )

    async def send_link(
        self,
        lead: ExistingLead,
        request: NewSchedulingRequest,
        *,
        appointment_type_name: str = "",
        unsettled: UncertainCreateError | None = None,
    ) -> SentLink:
        """Create the link once (see the module notes), record it, and note it on the HeavySet lead."""
        if self.read_only:
            raise PermissionError(self.send_disabled_reason)
        action_phone = lead.phone
        key = (request.end_user_email or lead.phone).casefold()
        # the earliest unclear try for this homeowner, even from a dialog since closed: the lookup reaches back to it
        known = [u.first_attempt_at for u in (unsettled, self._unsettled.get(key)) if u is not None]
        try:
            result: CreateResult = await self.client.create_scheduling_request_once(
                request, first_attempt_at=min(known) if known else None
            )
        except UncertainCreateError as exc:
            earlier = self._unsettled.get(key)
            if earlier is None or exc.first_attempt_at < earlier.first_attempt_at:
                self._unsettled[key] = exc
            self._record(action_phone, lead.name, request, "failed", str(exc).splitlines()[0] if str(exc) else "")
            raise
        except ApiError as exc:
            self._record(action_phone, lead.name, request, "failed", str(exc).splitlines()[0] if str(exc) else "")
            raise
        self._unsettled.pop(key, None)
        created = result.request
        url = created.scheduling_url or ""
        what = appointment_type_name or self._type_names.get(request.appointment_type_id, "appointment")
        email = request.end_user_email or ""
        self._record(action_phone, lead.name, request, "ok", link_words(request.trigger_mode, email, url), created.id)
        note = await self._note(lead, f"{link_words(request.trigger_mode, email, url, what=what)}")
        return SentLink(created, url, result.recovered, note, request.trigger_mode, email)

    def _record(
        self,
        phone: str,
        name: str,
        request: NewSchedulingRequest,
        result: str,
        message: str,
        request_id: str = "",
    ) -> None:
        if self.console is None:
            return
        changes = {
            "appointment_type": request.appointment_type_id,
            "trigger_mode": request.trigger_mode.value,
            "resources": ", ".join(self._names.get(r, r) for r in request.resource_ids),
            "email": request.end_user_email or "",
        }
        if request_id:
            changes["request"] = request_id
        self.console.record("timezest_link", phone, name, changes, result, message)

    async def _note(self, lead: ExistingLead, text: str) -> str:
        if self.console is None:
            return ""
        try:
            await self.console.save(lead, editable_values(lead), comment=text)
        except Queued:
            return translate("SendLink", "The note on the HeavySet lead waits in Pending changes.")
        except ApiError as exc:
            log.info("TimeZest note not added: %s", type(exc).__name__)
            return translate("SendLink", "The note on the HeavySet lead was not added: {why}").format(why=exc)
        except Exception as exc:  # the link exists: never fail the send after it (a retry would send a second)
            log.warning("TimeZest note not added: %s", type(exc).__name__)
            return translate(
                "SendLink", "The note on the HeavySet lead was not added; add the link to the lead by hand."
            )
        return translate("SendLink", "Noted on the HeavySet lead.")

    async def requests_for(self, lead: ExistingLead) -> list[RequestRow]:
        """The caller's scheduling requests (by email), newest first; none without an email."""
        email = (lead.email or "").strip()
        if not email:
            return []
        if not self._type_names:
            try:
                self._type_names.update({t.id: t.display_name for t in await self.client.appointment_types()})
            except ApiError as exc:
                log.info("appointment types not read: %s", type(exc).__name__)
        rows = []
        for item in await self.client.scheduling_requests_for(email):
            rows.append(
                RequestRow(
                    id=item.id,
                    status=item.status,
                    status_text=status_words(item.status),
                    appointment_type=self._type_names.get(item.appointment_type_id or "", "")
                    or (item.appointment_type_id or ""),
                    created_at=item.created_at,
                    chosen=item.selected_start_time,
                    chosen_zone=item.selected_zone,
                    url=item.scheduling_url,
                )
            )
        return rows

    async def report(self, first_day: date, last_day: date, zone: str) -> TeamReport:
        """Requests created from ``first_day`` to ``last_day`` (whole days in ``zone``), per agent."""
        if last_day < first_day:
            raise ValueError(translate("TeamReport", "The period ends before it starts."))
        tz = load_zone(zone)
        start = datetime.combine(first_day, time(0), tz)
        end = datetime.combine(last_day + timedelta(days=1), time(0), tz) - timedelta(seconds=1)
        requests = await self.client.scheduling_requests_between(start, end)
        if not self._names:
            try:
                self._names.update({r.id: r.display_name for r in await self.client.resources()})
            except ApiError as exc:
                log.info("resources not read: %s", type(exc).__name__)
        return build_report(requests, dict(self._names), first_day, last_day, zone)

"""Drive every kind of mutation through the real services layer (the outbox and its replayer) against the simulators.

Used in process by tests/test_faults.py, and as a child process that the
test kills with SIGKILL at random moments and starts again::

    python -m tests.fault_driver --plan PLAN.json --db OUTBOX --report REPORT.jsonl [--lease S]

The plan (:func:`make_plan`) gives each lead a sequence of what a setter
does, cycling through :data:`CYCLE`: save (``PATCH /phone/update`` with a
changed field and ``appendComment``), book, reschedule, cancel, mark not
qualified; a lead new to the CRM starts with the Zapier lead and its Zapier
appointment. Bookings, cancellations and new leads carry their Apptoto mirror
as outbox follow-ups, as :class:`~hsconsole.services.console.Console` builds
them. Every HeavySet change appends its marker comment (``m00042``; the
Zapier lead in ``comments``), so the simulator's comment lists and its
per-lead effect order (``effects()["keysByPhone"]``) show whether each
landed exactly once, in order.

Each change goes through :meth:`OutboxService.submit` as the console sends
it, while the replayer runs; what the setter would be told (``describe`` of
what ``submit`` raised, and every entry the replayer gives up on) is written
to the report, a JSON line each, as it happens, so a killed driver's words
are kept too. A restarted driver skips the changes already in the outbox and
goes on. The outbox's timing (backoff, read timeout) is compressed to the
test's clock; the lease is the product's unless ``--lease`` says otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sqlite3
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from hsconsole.api.apptoto.client import ApptotoClient
from hsconsole.api.errors import ApiError
from hsconsole.api.heavyset.endpoints import Endpoints
from hsconsole.api.heavyset.models import (
    AppointmentRequest,
    ExistingLead,
    LeadCreated,
    LeadSubmission,
    PhoneUpdate,
    TimeSlot,
)
from hsconsole.api.heavyset.s2s import S2SClient
from hsconsole.api.heavyset.zapier import ZapierClient
from hsconsole.api.transport import Limits, RequestBudget, RetryPolicy, Timeouts, Transport
from hsconsole.services.console import APP_SOURCE
from hsconsole.services.outbox import OutboxEntry, OutboxService, Queued
from hsconsole.services.reminders import Mirror
from hsconsole.store.outbox import LEASE_SECONDS, FollowUp, Kind, OutboxStore, new_owner
from hsconsole.store.settings import ApptotoSettings
from hsconsole.ui.messages import describe

PROFILE = "faults"
REASON = "Renter"
"""The not-qualified reason (one of the simulator's dispositions)."""
NEW_LEAD_ZIP = "80202"

CYCLE = (
    "save",
    "book:A",
    "save",
    "reschedule:B",
    "cancel",
    "not_qualified",
    "book:B",
    "reschedule:A",
    "save",
    "cancel",
)
"""What a setter does to one lead, in turn (``:A``/``:B``: which of the two blocks)."""
NEW_LEAD_START = ("zapier_lead", "zapier_appointment:A")
"""A lead new to the CRM starts with these instead of the cycle's first two."""
KINDS = ("save", "book", "reschedule", "cancel", "not_qualified", "zapier_lead", "zapier_appointment")
_MARKER = re.compile(r"^(m\d{5}) ")
_OUTBOX_KIND: dict[str, Kind] = {"zapier_lead": "lead", "zapier_appointment": "appointment"}


def marker(n: int) -> str:
    return f"m{n:05d}"


@dataclass(frozen=True)
class Step:
    """Mutation ``n``: ``kind`` on the lead of ``phone`` (``block``: ``"A"`` or ``"B"`` for bookings)."""

    n: int
    kind: str
    phone: str
    block: str | None = None

    @property
    def marker(self) -> str:
        return marker(self.n)

    @property
    def has_comment(self) -> bool:
        """Whether the change carries its marker in the lead's comments (every one but the Zapier booking)."""
        return self.kind != "zapier_appointment"


@dataclass
class Plan:
    """What the driver does, and what it needs to know to do it (all JSON)."""

    heavyset_url: str
    apptoto_url: str
    apptoto_email: str
    calendar: str
    address_book: str
    zone: str
    leads: dict[str, dict[str, Any] | None]
    """phone → the lead as HeavySet sends it; None: a lead the plan makes through Zapier."""
    slots: dict[str, dict[str, Any]]
    """``"A"``/``"B"`` → the block as HeavySet lists it (TimeSlot JSON)."""
    steps: list[Step]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["steps"] = [[s.n, s.kind, s.phone, s.block] for s in self.steps]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        steps = [Step(*item) for item in data.pop("steps")]
        return cls(**data, steps=steps)

    def by_phone(self) -> dict[str, list[Step]]:
        found: dict[str, list[Step]] = defaultdict(list)
        for step in self.steps:
            found[step.phone].append(step)
        return dict(found)

    @property
    def settings(self) -> ApptotoSettings:
        return ApptotoSettings(email=self.apptoto_email, calendar=self.calendar, address_book=self.address_book)


def make_plan(
    count: int,
    leads: dict[str, dict[str, Any] | None],
    slots: dict[str, dict[str, Any]],
    *,
    heavyset_url: str,
    apptoto_url: str,
    apptoto_email: str,
    calendar: str,
    address_book: str,
    zone: str,
) -> Plan:
    """``count`` mutations; mutation ``i`` is the next thing done to lead ``i % len(leads)``."""
    phones = list(leads)
    done: dict[str, int] = defaultdict(int)
    steps = []
    for n in range(count):
        phone = phones[n % len(phones)]
        j = done[phone]
        done[phone] += 1
        what = NEW_LEAD_START[j] if leads[phone] is None and j < len(NEW_LEAD_START) else CYCLE[j % len(CYCLE)]
        kind, _, block = what.partition(":")
        steps.append(Step(n, kind, phone, block or None))
    return Plan(heavyset_url, apptoto_url, apptoto_email, calendar, address_book, zone, leads, slots, steps)


@dataclass(frozen=True)
class Expected:
    """Where one lead must end up once every change of the plan landed."""

    comments: list[str]
    """The markers in its comments, in order."""
    steps: list[str]
    """The markers of all its HeavySet changes, in order."""
    block: str | None
    """The block it is booked in (``"A"``/``"B"``), or None."""
    disqualified: bool
    """Whether it ends marked not qualified (after its last booking)."""
    event_block: str | None
    """The block of its live Apptoto event, or None for no live event."""
    contact: bool
    """Whether Apptoto must hold its contact (a lead made through Zapier)."""


def expected(plan: Plan) -> dict[str, Expected]:
    """Each lead's end state, from its steps alone."""
    out = {}
    for phone, steps in plan.by_phone().items():
        block: str | None = None
        event: str | None = None
        not_qualified = False
        for step in steps:
            if step.kind in ("book", "reschedule", "zapier_appointment"):
                block = event = step.block
                not_qualified = False
            elif step.kind == "cancel":
                block = event = None
                not_qualified = False
            elif step.kind == "not_qualified":
                block = event = None
                not_qualified = True
        out[phone] = Expected(
            comments=[s.marker for s in steps if s.has_comment],
            steps=[s.marker for s in steps],
            block=block,
            disqualified=not_qualified,
            event_block=event,
            contact=any(s.kind == "zapier_lead" for s in steps),
        )
    return out


# ---------------------------------------------------------------- the driver


@dataclass
class Stats:
    submitted: int = 0
    done_in_line: int = 0
    queued: int = 0
    refused: int = 0
    skipped: int = 0
    failed_on_replay: int = 0
    longest_delay_s: float = 0.0
    seconds: float = 0.0
    refusals: list[str] = field(default_factory=list)


class _Report:
    """The report file: one JSON object a line, flushed each time (a killed driver's lines are kept)."""

    def __init__(self, path: Path | None) -> None:
        self._file: TextIO | None = path.open("a", encoding="utf-8") if path else None

    def write(self, **line: Any) -> None:
        if self._file is not None:
            self._file.write(json.dumps(line) + "\n")
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def read_report(path: Path) -> list[dict[str, Any]]:
    """The lines of one or more drivers' reports (a line cut short by a kill is left out)."""
    lines = []
    for text in path.read_text(encoding="utf-8").splitlines():
        try:
            lines.append(json.loads(text))
        except json.JSONDecodeError:
            continue
    return lines


class Driver:
    def __init__(
        self,
        plan: Plan,
        db: Path,
        *,
        token: str,
        apptoto_key: str,
        report: Path | None = None,
        lease: float = LEASE_SECONDS,
        read_timeout: float = 0.2,
        workers: int = 8,
        seed: int = 1,
    ) -> None:
        self.plan = plan
        self.db = db
        self.workers = workers
        self.stats = Stats()
        self.owner = new_owner()  # as the console names itself: a killed driver's claims are freed at once
        self.report = _Report(report)
        self.store = OutboxStore(db, owner=self.owner, lease=lease)
        self.report.write(owner=self.owner, pid=os.getpid(), lease=lease)
        self.transport = Transport(
            timeouts=Timeouts(connect=1.0, read=read_timeout, write=1.0, pool=2.0),
            retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.05, max_retry_after=2.0),
            limits=Limits(deadline=min(Limits().deadline, lease * 0.8)),  # a call ends inside its claim's lease
            budget=None,
        )
        heavyset = Endpoints(plan.heavyset_url)
        apptoto = ApptotoClient(
            self.transport, plan.apptoto_email, apptoto_key, plan.apptoto_url, budget=RequestBudget(limit=0)
        )
        self.outbox = OutboxService(
            self.store,
            S2SClient(self.transport, token, heavyset),
            ZapierClient(self.transport, token, heavyset),
            PROFILE,
            apptoto=apptoto,
            rng=random.Random(seed),
            # the product's backoff shape, compressed to the test's clock
            inline_retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.05, max_retry_after=2.0),
            backoff_base=0.05,
            backoff_max=0.5,
        )
        self.outbox.on_failed.append(self._failed)
        self.outbox.on_change.append(self._watch)
        self.mirror = Mirror(plan.settings)
        self.steps = plan.by_phone()
        self._last_back = time.monotonic()
        self._watcher = sqlite3.connect(db, timeout=10.0)
        self._slots = {name: TimeSlot.model_validate(slot) for name, slot in plan.slots.items()}

    # ------------------------------------------------------------ what the setter is told

    def _failed(self, entry: OutboxEntry) -> None:
        self.stats.failed_on_replay += 1
        self.report.write(
            where="replay",
            outcome=entry.status,
            entry=entry.id,
            lane=entry.lane,
            marker=self._marker_of(entry),
            text=f"{entry.summary}: {entry.last_error or ''}",
        )

    def _marker_of(self, entry: OutboxEntry) -> str | None:
        found = _MARKER.match(entry.summary)
        if found:
            return found.group(1)
        if entry.after_id is not None:
            parent = self.store.get(entry.after_id)
            return self._marker_of(parent) if parent is not None else None
        return None

    def _watch(self) -> None:
        """The longest wait the outbox has scheduled for a pending change (a server's Retry-After included)."""
        row = self._watcher.execute(
            "SELECT MAX(next_attempt_at) FROM outbox WHERE status = 'pending' AND profile = ?", (PROFILE,)
        ).fetchone()
        if row and row[0] is not None:
            delay = float(row[0]) - time.time()
            if delay > self.stats.longest_delay_s + 1.0:
                self.stats.longest_delay_s = delay
                self.report.write(longest_delay_s=round(delay, 1))

    # ------------------------------------------------------------ one change

    def _entries_by_marker(self) -> dict[str, OutboxEntry]:
        found = {}
        statuses = ("pending", "done", "failed", "rejected", "discarded")
        for entry in self.store.entries(profile=PROFILE, statuses=statuses):
            match = _MARKER.match(entry.summary)
            if match:
                found[match.group(1)] = entry
        return found

    def _entry(self, marker: str) -> OutboxEntry | None:
        row = self._watcher.execute(
            "SELECT id FROM outbox WHERE profile = ? AND summary LIKE ? ORDER BY id LIMIT 1", (PROFILE, f"{marker} %")
        ).fetchone()
        return self.store.get(int(row[0])) if row else None

    async def _lead_made(self, step: Step) -> tuple[LeadCreated, ExistingLead] | None:
        """The Zapier lead of ``step``'s phone once it is made (None: it was refused)."""
        lead_step = next(s for s in self.steps[step.phone] if s.kind == "zapier_lead")
        while True:
            entry = self._entry(lead_step.marker)
            if entry is not None and entry.status == "done" and entry.result is not None:
                created = LeadCreated.model_validate(entry.result)
                submission = LeadSubmission.model_validate(entry.payload)
                lead = ExistingLead.model_validate(
                    {
                        "phone": step.phone,
                        "name": submission.name or "",
                        "leadId": created.lead_id,
                        "zip": submission.zip,
                        "email": submission.email,
                    }
                )
                return created, lead
            if entry is not None and entry.status in ("failed", "rejected", "discarded"):
                return None
            self._back()  # the setter waits for the new lead to book it
            await asyncio.sleep(0.05)

    async def _lead(self, step: Step) -> ExistingLead | None:
        known = self.plan.leads[step.phone]
        if known is not None:
            return ExistingLead.model_validate(known)
        made = await self._lead_made(step)
        return made[1] if made else None

    async def _change(self, step: Step) -> tuple[dict[str, Any], list[FollowUp]] | None:
        """The body and the Apptoto mirror the console would send for ``step`` (None: it cannot be made)."""
        slot = self._slots.get(step.block or "")
        if step.kind == "zapier_lead":
            submission = LeadSubmission(
                phone=step.phone,
                zip=NEW_LEAD_ZIP,
                name=f"New Lead {step.phone[-4:]}",
                email=f"new{step.phone[-4:]}@example.com",
                comments=step.marker,
                source=APP_SOURCE,
                source_name="HeavySet Console",
            )
            return submission.to_wire(), self.mirror.new_lead(submission)
        if step.kind == "zapier_appointment":
            made = await self._lead_made(step)
            if made is None or slot is None:
                return None
            created, lead = made
            request = AppointmentRequest(
                block_id=slot.block_id,
                one_time_token=created.one_time_token,
                source=APP_SOURCE,
                source_name="HeavySet Console",
                slice_start_time=slot.start_time,
            )
            return request.to_wire(), self.mirror.booked(lead, slot, self.plan.zone)
        lead = await self._lead(step)
        if lead is None:
            return None
        if step.kind == "save":
            update = PhoneUpdate(phone=step.phone, taker_id=f"setter-{step.n}", append_comment=step.marker)
            return update.to_wire(), []
        if step.kind in ("book", "reschedule"):
            assert slot is not None
            update = PhoneUpdate(phone=step.phone, block_id=slot.block_id, append_comment=step.marker)
            return update.to_wire(), self.mirror.booked(lead, slot, self.plan.zone)
        if step.kind == "cancel":
            update = PhoneUpdate(phone=step.phone, cancel_appt=True, append_comment=step.marker)
            return update.to_wire(), self.mirror.cancelled(lead)
        update = PhoneUpdate(phone=step.phone, not_qualified_reason=REASON, append_comment=step.marker)
        booked = self._booked_before(step)
        return update.to_wire(), self.mirror.cancelled(lead) if booked else []

    def _booked_before(self, step: Step) -> bool:
        """Whether the lead holds an appointment when ``step`` lands (the console mirrors a disqualification then)."""
        booked = False
        for earlier in self.steps[step.phone]:
            if earlier.n >= step.n:
                break
            if earlier.kind in ("book", "reschedule", "zapier_appointment"):
                booked = True
            elif earlier.kind in ("cancel", "not_qualified"):
                booked = False
        return booked

    async def _do(self, step: Step) -> None:
        change = await self._change(step)
        if change is None:
            self.report.write(where="submit", marker=step.marker, kind=step.kind, outcome="blocked", text="")
            return
        body, follow_ups = change
        kind: Kind = _OUTBOX_KIND.get(step.kind, "update")
        summary = f"{step.marker} {step.kind.replace('_', ' ')} {step.phone}"
        self.stats.submitted += 1
        try:
            await self.outbox.submit(kind, step.phone, body, summary, follow_ups=follow_ups)
        except Queued as queued:
            self.stats.queued += 1
            self._told(step, "queued", queued)
        except ApiError as exc:
            self.stats.refused += 1
            self.stats.refusals.append(f"{step.marker} {type(exc).__name__}: {exc}")
            self._told(step, "refused", exc)
        else:
            self.stats.done_in_line += 1
            self.report.write(where="submit", marker=step.marker, kind=step.kind, outcome="done", text="")

    def _told(self, step: Step, outcome: str, exc: BaseException) -> None:
        self.report.write(
            where="submit",
            marker=step.marker,
            kind=step.kind,
            outcome=outcome,
            type=type(exc).__name__,
            text=describe(exc),
        )

    # ------------------------------------------------------------ the run

    def _waiting(self) -> bool:
        """Whether a pending change can still go: one is due now, later, or being sent.

        A change that waits behind a refused one never will (a follow-up of a
        refused change, and the later changes of its lead in that lane): the
        run ends without it, and the check finds it not done.
        """
        return self.store.counts(PROFILE).get("pending", 0) > 0 and self.store.next_due(PROFILE) is not None

    def _back(self) -> None:
        """The setter goes on working: HeavySet answers a lookup, so the outbox stops waiting out its backoff."""
        if time.monotonic() - self._last_back > 1.0:
            self.outbox.network_back()
            self._last_back = time.monotonic()

    async def run(self) -> Stats:
        started = time.monotonic()
        already = self._entries_by_marker()
        todo = {phone: [s for s in steps if s.marker not in already] for phone, steps in self.steps.items()}
        self.stats.skipped = len(self.plan.steps) - sum(map(len, todo.values()))
        phones = list(todo)
        groups = [phones[k :: self.workers] for k in range(self.workers)]

        async def work(group: list[str]) -> None:
            for round_ in range(max((len(todo[p]) for p in group), default=0)):
                for phone in group:
                    if round_ < len(todo[phone]):
                        await self._do(todo[phone][round_])

        async def watch() -> None:
            while True:
                self._watch()
                await asyncio.sleep(0.05)

        replayer = asyncio.ensure_future(self.outbox.run())
        watcher = asyncio.ensure_future(watch())
        try:
            await asyncio.gather(*(work(g) for g in groups))
            while self._waiting():
                self.outbox.wake()
                self._back()
                await asyncio.sleep(0.05)
        finally:
            for task in (replayer, watcher):
                task.cancel()
            await asyncio.gather(replayer, watcher, return_exceptions=True)
            await self.transport.aclose()
        self.stats.seconds = time.monotonic() - started
        self.report.write(stats={k: v for k, v in asdict(self.stats).items() if k != "refusals"})
        return self.stats

    def close(self) -> None:
        self._watcher.close()
        self.store.close()
        self.report.close()


async def drive(plan: Plan, db: Path, *, token: str, apptoto_key: str, **options: Any) -> Stats:
    driver = Driver(plan, db, token=token, apptoto_key=apptoto_key, **options)
    try:
        return await driver.run()
    finally:
        driver.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True, help="the plan (JSON, see make_plan)")
    parser.add_argument("--db", required=True, help="the outbox file")
    parser.add_argument("--report", required=True, help="where what the setter is told goes (JSON lines, appended)")
    parser.add_argument("--token-env", default="FAULT_TOKEN", help="the variable holding the HeavySet token")
    parser.add_argument("--apptoto-key-env", default="FAULT_APPTOTO_KEY", help="the variable holding the Apptoto key")
    parser.add_argument("--lease", type=float, default=LEASE_SECONDS, help="the outbox lease (default: the product's)")
    args = parser.parse_args(argv)
    plan = Plan.from_json(json.loads(Path(args.plan).read_text(encoding="utf-8")))
    stats = asyncio.run(
        drive(
            plan,
            Path(args.db),
            token=os.environ[args.token_env],
            apptoto_key=os.environ[args.apptoto_key_env],
            report=Path(args.report),
            lease=args.lease,
        )
    )
    sys.stdout.write(f"{stats}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

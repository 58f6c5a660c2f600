"""Faults: every kind of change, under every kind of fault, lands exactly once, in order, none lost.

The driver (tests/fault_driver.py) makes what a setter makes, through the
outbox and its replayer: saves, bookings, reschedules, cancellations,
disqualifications, Zapier leads and their appointments, and the Apptoto
mirror of each. The simulators fault a third of their answers
(:data:`RATES`): 500s, dropped connections, hangs past the client's timeout,
429s (some asking for a day), answers lost, late, trickling in, refused as
"in progress" or unreadable *after* the change was made.

What counts is on the simulators' side: the HeavySet simulator's effects
(per idempotency key, and per lead in the order they happened), each lead's
comments (every change carries its marker), its booking, and the Apptoto
events and contacts. And what the setter was told: no message about a change
that landed may say it failed.

``--fault-mutations N`` sets the size (default 200 changes across 20 leads,
so the file runs in well under a minute; 10,000 for the full run); the kill
test kills the driver with SIGKILL at :func:`kills_for` random moments (5 at
the default size, 25 at 10,000) and starts it again, with the product's
lease. The figures are printed at the end of each run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from hsconsole.api.apptoto.client import external_id_for_lead
from hsconsole.api.heavyset.models import TimeSlot
from hsconsole.services.reminders import contact_key
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.outbox import LEASE_SECONDS
from tests.fault_driver import KINDS, PROFILE, REASON, Plan, drive, expected, make_plan, marker, read_report
from tests.helpers import Runner

TODAY = date(2026, 3, 2)
DAY = date(2026, 3, 4)
"""The day of the two blocks every booking moves between."""
CALENDAR = "HeavySet Appointments"
ADDRESS_BOOK = "HeavySet Leads"
ZONE = "America/Denver"
CHANGES_PER_LEAD = 10
NEW_LEAD_SHARE = 5
"""One lead in this many is new to the CRM: made through Zapier, then booked there."""

FAULT_KINDS = (
    "500",
    "drop",
    "timeout",
    "429",
    "drop_after_apply",
    "apply_then_hang",
    "in_progress",
    "drip",
    "retry_after_long",
    "unreadable_after_apply",
)
RATES = {
    "error_rate": 0.04,
    "drop_rate": 0.04,
    "timeout_rate": 0.03,
    "rate_429": 0.04,
    "drop_after_apply_rate": 0.04,
    "apply_then_hang_rate": 0.03,
    "in_progress_rate": 0.04,
    "drip_rate": 0.01,
    "retry_after_long_rate": 0.02,
    "unreadable_after_apply_rate": 0.04,
}
"""A third of the answers, every kind of fault; fewer of the slow ones (a drip holds its sender for seconds)."""
MIN_FAULT_SHARE = 0.30
HANG_S = 0.6
"""Past the driver's read timeout (0.2 s): the client gives up first."""
SHORT_LEASE = 1.0
"""The in-process run's lease: short, so a dripped answer (:data:`SHORT_DRIP_S`) outlasts it in seconds."""
SHORT_DRIP_S = 1.3
KILL_DRIP_S = 1.0
"""The kill run keeps the product's lease (60 s); its drips are past the read timeout, not past that lease."""
RETRY_AFTER_CAP_S = 600.0
"""No change may be scheduled further out than this, whatever a server's Retry-After asks ("a few minutes")."""
TAKEOVER_S = 10.0
"""A killed driver's claims must be taken over this soon after a new one starts."""


def kills_for(count: int) -> int:
    """How often the kill test kills the driver: 5 at the default size, 25 at 10,000 changes."""
    return max(5, min(30, count // 400))


def kill_span_s(count: int) -> float:
    """Each driver is killed at a moment drawn from this many seconds after its outbox opened (a larger run
    runs longer between kills, so the kills spread over it)."""
    return max(1.5, count * 0.003)


# ---------------------------------------------------------------- the world


@dataclass
class World:
    hs: SimServer
    ap: ApptotoServer
    plan: Plan
    folder: Path

    def inject(self, drip_s: float) -> None:
        faults = {**RATES, "hang_s": HANG_S, "drip_s": drip_s}
        self.hs.state.set_faults(**faults)
        self.ap.state.set_faults(**faults)

    def calm(self) -> None:
        self.hs.state.clear_faults()
        self.ap.state.clear_faults()


@pytest.fixture
def count(pytestconfig: pytest.Config) -> int:
    return int(pytestconfig.getoption("--fault-mutations"))


@pytest.fixture
def world(count: int, tmp_path: Path) -> Iterator[World]:
    with (
        SimServer(today=TODAY, rate_limit=None) as hs,
        ApptotoServer(now=datetime.combine(TODAY, datetime.min.time(), UTC), demo_data=False, rate_limit=None) as ap,
    ):
        leads: dict[str, dict[str, Any] | None] = {}
        for n in range(max(10, count // CHANGES_PER_LEAD)):
            phone = f"+1303555{2000 + n:04d}"
            if n % NEW_LEAD_SHARE == NEW_LEAD_SHARE - 1:
                leads[phone] = None  # made through Zapier by the plan
                continue
            hs.state.add_lead(
                phone,
                zip="80202",
                name=f"Fault Lead {n}",
                email=f"lead{n}@example.com",
                address1="1 Main St",
                tcpa=True,
            )
            leads[phone] = hs.state.query_lead(phone)
        a = hs.state.add_block(day=DAY, start_time="9:00 AM", end_time="11:00 AM", capacity=10**6, market="Denver")
        b = hs.state.add_block(day=DAY, start_time="1:00 PM", end_time="3:00 PM", capacity=10**6, market="Denver")
        listed = {
            s["blockId"]: s for s in hs.state.lead_blocks(next(p for p, v in leads.items() if v), None, None)["slots"]
        }
        plan = make_plan(
            count,
            leads,
            {"A": listed[a["blockId"]], "B": listed[b["blockId"]]},
            heavyset_url=hs.url,
            apptoto_url=ap.url,
            apptoto_email=ap.email,
            calendar=CALENDAR,
            address_book=ADDRESS_BOOK,
            zone=ZONE,
        )
        assert {s.kind for s in plan.steps} == set(KINDS)
        yield World(hs, ap, plan, tmp_path)


# ---------------------------------------------------------------- what landed, counted on the simulators


def _outbox(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db, timeout=10) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM outbox WHERE profile = ? ORDER BY id", (PROFILE,)).fetchall()
    return [dict(row) for row in rows]


def _all_contacts(ap: ApptotoServer) -> Counter[str]:
    """How many contacts Apptoto holds per external id."""
    found: Counter[str] = Counter()
    for page in range(1, 10**6):
        contacts = ap.state.list_contacts({"page": str(page), "page_size": "200"})["contacts"]
        if not contacts:
            return found
        found.update(c["external_id"] for c in contacts)
    return found


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def check(world: World, db: Path, reports: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """The run's figures, and every way it went wrong (in words, a few examples each)."""
    plan, hs, ap = world.plan, world.hs, world.ap
    rows = _outbox(db)
    effects = hs.state.effects()
    by_key: dict[str, int] = effects["byKey"]
    heavyset = [r for r in rows if r["lane"] == "heavyset"]
    entries_of: dict[str, list[dict[str, Any]]] = {}
    for row in heavyset:
        entries_of.setdefault(row["summary"].split(" ", 1)[0], []).append(row)
    marker_of_key = {r["idempotency_key"]: r["summary"].split(" ", 1)[0] for r in heavyset}
    problems: dict[str, list[str]] = {}

    def wrong(what: str, example: str) -> None:
        problems.setdefault(what, []).append(example)

    landed = set()
    for step in plan.steps:
        found = entries_of.get(step.marker, [])
        effects_of = sum(by_key.get(r["idempotency_key"], 0) for r in found)
        if effects_of == 0:
            wrong("lost", f"{step.marker} ({step.kind}, {len(found)} outbox entries)")
        elif effects_of > 1:
            wrong("doubled", f"{step.marker} ({step.kind}) took effect {effects_of} times")
        else:
            landed.add(step.marker)
    out_of_order = 0
    live = ap.state.events_snapshot(include_deleted=False)
    contacts = _all_contacts(ap)
    starts = {name: TimeSlot.model_validate(slot).window(plan.zone).start.instant for name, slot in plan.slots.items()}
    for phone, end in expected(plan).items():
        snapshot = hs.state.lead_snapshot(phone)
        if snapshot is None:
            wrong("lost", f"the lead {phone} was never made")
            continue
        comments = [c for c in snapshot["comments"] if c.startswith("m")]
        for text, times in Counter(comments).items():
            if times > 1:
                wrong("doubled", f"{text} is {times} times in the comments of {phone}")
        happened = [marker_of_key.get(key, "?") for key in effects["keysByPhone"].get(phone, [])]
        if [c for c in comments if c in landed] != [c for c in end.comments if c in landed] or [
            m for m in happened if m in landed
        ] != [m for m in end.steps if m in landed]:
            out_of_order += 1
            wrong("out of order", f"{phone}: {happened[:12]} vs {end.steps[:12]}")
        block = plan.slots[end.block]["blockId"] if end.block else None
        if snapshot["block_id"] != block or (snapshot["disposition"] == REASON) != end.disqualified:
            wrong("wrong end state", f"{phone}: block {snapshot['block_id']} for {block}")
        mine = [e for e in live if e["external_id"] == external_id_for_lead(snapshot["lead_id"], phone)]
        if len(mine) > 1:
            wrong("doubled", f"{len(mine)} live Apptoto events for {phone}")
        if end.event_block is None and mine:
            wrong("Apptoto out of step", f"{phone} keeps a reminder for a cancelled appointment")
        if end.event_block is not None:
            if not mine:
                wrong("lost", f"the Apptoto reminder of {phone}")
            elif _instant(mine[0]["start_time"]) != starts[end.event_block]:
                wrong(
                    "Apptoto out of step", f"{phone}: reminder at {mine[0]['start_time']} for block {end.event_block}"
                )
        if end.contact:
            held = contacts.get(contact_key(phone), 0)
            if held != 1:
                wrong("lost" if not held else "doubled", f"{held} Apptoto contacts for {phone}")
    for row in rows:
        if row["status"] != "done":
            wrong("not done", f"{row['summary']} ({row['lane']}): {row['status']}, {row['last_error']}")
    misleading = [
        line
        for line in reports
        if line.get("marker") in landed
        and (line.get("outcome") in ("refused", "failed", "rejected") or "failed" in str(line.get("text", "")).lower())
    ]
    for line in misleading:
        where = line.get("where") if line.get("lane", "heavyset") == "heavyset" else "replay of its Apptoto mirror"
        wrong("told it failed, but it landed", f"{line['marker']} {where}: {line.get('text')!r}")
    traffic = hs.state.traffic()
    figures = {
        "changes": len(plan.steps),
        "leads": len(plan.leads),
        "HeavySet requests": traffic["requests"],
        "faulted": f"{traffic['faulted'] / max(1, traffic['requests']):.0%}",
        "Apptoto requests": ap.state.traffic()["requests"],
        "effects": effects["total"],
        "lost": len(problems.get("lost", [])),
        "doubled": len(problems.get("doubled", [])),
        "leads out of order": out_of_order,
        "told it failed": len(misleading),
    }
    words = [f"{what} ({len(examples)}): " + "; ".join(examples[:4]) for what, examples in problems.items()]
    return figures, words


def check_faults(world: World, lease: float, reports: list[dict[str, Any]]) -> list[str]:
    """The faults were what the issue asks for, and the client kept within the lease and the Retry-After cap."""
    problems = []
    traffic = world.hs.state.traffic()
    share = traffic["faulted"] / max(1, traffic["requests"])
    if share < MIN_FAULT_SHARE:
        problems.append(f"only {share:.0%} of the HeavySet answers were faulted")
    missing = set(FAULT_KINDS) - set(traffic["faults"])
    if missing:
        problems.append(f"fault kinds never drawn: {sorted(missing)}")
    longest = traffic["longest"] or {}
    if longest.get("seconds", 0) >= lease:
        problems.append(f"a request was held {longest['seconds']} s, past the {lease:g} s lease: {longest}")
    delays = [line["longest_delay_s"] for line in reports if "longest_delay_s" in line]
    if delays and max(delays) > RETRY_AFTER_CAP_S:
        problems.append(f"a change was scheduled {max(delays):.0f} s out (a server's Retry-After, not capped)")
    return problems


def report(capsys: pytest.CaptureFixture[str], title: str, figures: dict[str, Any]) -> None:
    with capsys.disabled():
        print(f"\n{title}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


# ---------------------------------------------------------------- in one process


def test_every_change_under_every_fault_lands_exactly_once(
    world: World, arun: Runner, count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    world.inject(drip_s=SHORT_DRIP_S)
    db, log = world.folder / "outbox.sqlite3", world.folder / "report.jsonl"
    stats = arun(
        drive(world.plan, db, token=world.hs.state.token, apptoto_key=world.ap.api_key, report=log, lease=SHORT_LEASE),
        timeout=120 + count * 0.5,
    )
    world.calm()
    reports = read_report(log)
    figures, problems = check(world, db, reports)
    report(capsys, "fault suite", {**figures, "seconds": round(stats.seconds, 1)})
    problems += check_faults(world, SHORT_LEASE, reports)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- killed at random moments


def _owner(log: Path, offset: int) -> str | None:
    """The owner a driver wrote into the report after byte ``offset`` (None: not yet)."""
    if not log.exists():
        return None
    with log.open("rb") as file:
        file.seek(offset)
        for raw in file:
            if raw.startswith(b'{"owner"'):
                return str(json.loads(raw)["owner"])
    return None


def _held(db: Path, owner: str) -> dict[int, tuple[Any, ...]]:
    """The entries ``owner`` held when it died that head their lead's queue (nothing else may go first)."""
    if not db.exists():
        return {}
    with sqlite3.connect(db, timeout=10) as conn:
        rows = conn.execute(
            """SELECT o.id, o.status, o.claimed_by, o.attempts, o.updated_at FROM outbox AS o
               WHERE o.status = 'pending' AND o.claimed_by = ? AND o.claimed_until > ?
                 AND (o.after_id IS NULL
                      OR EXISTS (SELECT 1 FROM outbox AS a WHERE a.id = o.after_id AND a.status = 'done'))
                 AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.profile = o.profile AND p.phone = o.phone
                                 AND p.lane = o.lane AND p.id < o.id AND p.status = 'pending')""",
            (owner, time.time()),
        ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}


def _still_held(db: Path, held: dict[int, tuple[Any, ...]]) -> list[int]:
    if not held:
        return []
    with sqlite3.connect(db, timeout=10) as conn:
        marks = ", ".join("?" for _ in held)
        rows = conn.execute(
            f"SELECT id, status, claimed_by, attempts, updated_at FROM outbox WHERE id IN ({marks})",  # noqa: S608
            list(held),
        ).fetchall()
    return [row[0] for row in rows if tuple(row[1:]) == held[row[0]]]


def test_killed_at_random_points_and_restarted_loses_nothing(
    world: World, count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    world.inject(drip_s=KILL_DRIP_S)
    db, log, plan_file = world.folder / "outbox.sqlite3", world.folder / "report.jsonl", world.folder / "plan.json"
    plan_file.write_text(json.dumps(world.plan.to_json()), encoding="utf-8")
    env = {**os.environ, "FAULT_TOKEN": world.hs.state.token, "FAULT_APPTOTO_KEY": world.ap.api_key}
    command = [sys.executable, "-m", "tests.fault_driver", "--plan", str(plan_file), "--db", str(db)]
    command += ["--report", str(log), "--lease", str(LEASE_SECONDS)]
    rng = random.Random(count)
    kills = kills_for(count)
    held: dict[int, tuple[Any, ...]] = {}
    moments: list[float] = []
    driver: subprocess.Popen[bytes] | None = None
    with (world.folder / "drivers.log").open("a", encoding="utf-8") as output:
        try:
            for run in range(kills + 1):
                offset = log.stat().st_size if log.exists() else 0
                driver = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
                started = time.monotonic()
                owner = None
                while owner is None and driver.poll() is None:
                    assert time.monotonic() - started < 60, "the driver did not start"
                    time.sleep(0.02)
                    owner = _owner(log, offset)
                deadline = time.monotonic() + TAKEOVER_S
                while _still_held(db, held) and time.monotonic() < deadline and driver.poll() is None:
                    time.sleep(0.05)
                still = _still_held(db, held)
                assert not still, (
                    f"after kill {run} of {kills}, {len(still)} change(s) the killed driver was sending were not taken"
                    f" over within {TAKEOVER_S:g} s of a new driver starting (lease {LEASE_SECONDS:g} s): {still[:5]}"
                )
                if run == kills:
                    break
                time.sleep(rng.uniform(0.0, kill_span_s(count)))  # from just after the outbox opened to well into it
                assert driver.poll() is None, "the driver finished before it could be killed: make the run longer"
                assert owner is not None
                driver.send_signal(signal.SIGKILL)
                driver.wait(timeout=30)
                moments.append(round(time.monotonic() - started, 2))
                held = _held(db, owner)
            assert driver is not None
            try:
                driver.wait(timeout=120 + count * 0.5)
            except subprocess.TimeoutExpired:
                pytest.fail(f"the last driver did not finish within {120 + count * 0.5:.0f} s")
        finally:
            if driver is not None and driver.poll() is None:
                driver.kill()
                driver.wait(timeout=30)
    said = (world.folder / "drivers.log").read_text(encoding="utf-8")[-3000:]
    assert driver.returncode == 0, f"the last driver did not finish well ({driver.returncode}): {said}"
    world.calm()
    reports = read_report(log)
    figures, problems = check(world, db, reports)
    report(capsys, "fault suite, killed and restarted", {**figures, "kills": len(moments), "killed at (s)": moments})
    problems += check_faults(world, LEASE_SECONDS, reports)
    assert len(moments) == kills
    assert not problems, "\n".join(problems)


def test_the_plan_covers_every_kind_and_its_end_state(world: World) -> None:
    """The check's own ground: every kind is planned, and the expected end follows the steps."""
    steps = world.plan.by_phone()
    new = next(phone for phone, lead in world.plan.leads.items() if lead is None)
    assert [s.kind for s in steps[new][:4]] == ["zapier_lead", "zapier_appointment", "save", "reschedule"]
    old = next(phone for phone, lead in world.plan.leads.items() if lead is not None)
    assert [s.kind for s in steps[old][:6]] == ["save", "book", "save", "reschedule", "cancel", "not_qualified"]
    end = expected(world.plan)[old]
    assert end.comments == [s.marker for s in steps[old]] and end.contact is False
    assert expected(world.plan)[new].contact is True
    assert marker(42) == "m00042"

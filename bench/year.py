"""A year of use: a data folder as a setter's console leaves it after thirteen months and more, for figure 7.

    python -m bench.year FOLDER [--lines 200000] [--done 50000]   # writes FOLDER/audit.sqlite3, outbox.sqlite3

Written only through the stores' own methods, as the console writes them: the activity log's lines with
:meth:`AuditLog.record_many` (checked and redacted as :meth:`AuditLog.record` does it, in batches of one
transaction) and the outbox's changes with :meth:`OutboxStore.add` then :meth:`OutboxStore.mark_done`, one by
one, the store's clock set to when each was made and sent. Nothing is written as SQL by hand.

What is in it: calls spread over working hours (8 AM to 6 PM in Chicago, weekdays) of the last
``DAYS`` days, newest last. A call is a look-up, often followed by a save, a booking, a reschedule, a
cancellation, a "not qualified" or a new lead, by one of four setters at their desks, in one of two
profiles; a caller is one of ~18,000 numbers in six area codes, some of whom call again and again. The outbox
holds the saves and bookings HeavySet confirmed (``done``), over the same months. Every number, name and value
is made from a fixed seed, so two runs make the same folder.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

LINES = 200_000
DONE = 50_000
DAYS = 410
"""Thirteen months and a half: the months the activity log keeps (13 of 31 days, 403 days) and a week more,
so the retention policy has the oldest lines to take."""
CALLERS = 18_000
REGULARS = 400
SETTERS = ("dana", "sam", "lee", "kim")
PROFILES = ("Acme", "Acme", "Acme", "Acme West")
AREAS = ("801", "602", "813", "310", "808", "720")
FIRST = ("Jane", "José", "Ana", "Luis", "Mary", "Tom", "Leilani", "Chen", "Fatima", "Olu", "Sara", "Mike")
LAST = ("Doe", "Ramírez", "Kahale", "Nguyen", "Smith", "O'Brien", "García", "Okafor", "Wright", "Lee")
BATCH = 20_000
"""Activity lines per :meth:`AuditLog.record_many` call."""
ZONE = ZoneInfo("America/Chicago")


def working_times(n: int, rng: random.Random, now: datetime) -> list[datetime]:
    """``n`` moments in working hours on weekdays of the last :data:`DAYS` days, oldest first."""
    days = [now.date() - timedelta(days=d) for d in range(DAYS)]
    weekdays = [d for d in days if d.weekday() < 5]
    times = []
    for _ in range(n):
        day = rng.choice(weekdays)
        local = datetime(day.year, day.month, day.day, 8, tzinfo=ZONE) + timedelta(seconds=rng.randrange(10 * 3600))
        times.append(min(local.astimezone(UTC), now - timedelta(minutes=1)))
    times.sort()
    return times


class Callers:
    """The numbers that call, some far more often than others, each with a name."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.phones = [f"+1{rng.choice(AREAS)}555{k:04d}" for k in range(CALLERS)]
        self.names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(CALLERS)]

    def pick(self) -> tuple[str, str]:
        regular = self.rng.random() < 0.3  # a few hundred numbers call again and again
        k = self.rng.randrange(REGULARS if regular else CALLERS)
        return self.phones[k], self.names[k]


def activity(n: int, rng: random.Random, now: datetime) -> Iterator[dict[str, Any]]:
    """``n`` activity lines, oldest first, as :meth:`AuditLog.record` takes them."""
    callers = Callers(rng)
    times = working_times(n, rng, now)
    k = 0
    while k < n:
        phone, name = callers.pick()
        setter, profile = rng.choice(SETTERS), rng.choice(PROFILES)
        yield {"profile": profile, "action": "lookup", "phone": phone, "name": name, "at": times[k], "actor": setter}
        k += 1
        if k < n and rng.random() < 0.5:  # most look-ups lead to something
            yield {**follow_up(rng, name), "profile": profile, "phone": phone, "at": times[k], "actor": setter}
            k += 1


def follow_up(rng: random.Random, name: str) -> dict[str, Any]:
    roll = rng.random()
    result = "ok" if rng.random() < 0.97 else rng.choice(("queued", "failed"))
    message = "" if result == "ok" else "HeavySet did not answer; waiting in the outbox"
    day = f"{rng.choice(('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'))} {rng.choice(('Jan', 'Mar', 'Jun', 'Nov'))}"
    when = f"{day} {rng.randrange(1, 29)}, {rng.randrange(8, 12)}:00 AM"
    if roll < 0.45:
        fields = rng.choice(({"notes": "call after 5"}, {"email": "caller@example.com"}, {"homeYear": 1987}))
        return {"action": "save", "name": name, "changes": fields, "result": result, "message": message}
    if roll < 0.75:
        block = f"b-{rng.randrange(100_000)}"
        return {"action": "book", "name": name, "changes": {"blockId": block}, "message": message or f"Booked {when}"}
    if roll < 0.85:
        block = f"b-{rng.randrange(100_000)}"
        return {"action": "reschedule", "name": name, "changes": {"blockId": block}, "message": f"Moved to {when}"}
    if roll < 0.92:
        return {"action": "cancel", "name": name, "message": "Cancelled at the caller's request"}
    if roll < 0.97:
        reason = rng.choice(("Renter", "Outside the area", "Not interested"))
        return {"action": "disqualify", "name": name, "changes": {"reason": reason}}
    return {"action": "new_lead", "name": name, "changes": {"firstName": name.split()[0], "source": "phone"}}


def write_activity(folder: Path, lines: int, now: datetime, seed: int) -> None:
    from hsconsole.store.audit import AuditLog

    rng = random.Random(seed)
    with AuditLog(folder / "audit.sqlite3") as log:
        batch: list[dict[str, Any]] = []
        for line in activity(lines, rng, now):
            batch.append(line)
            if len(batch) == BATCH:
                log.record_many(batch)
                batch = []
        log.record_many(batch)


def write_outbox(folder: Path, done: int, now: datetime, seed: int) -> None:
    from hsconsole.store.outbox import OutboxStore

    rng = random.Random(seed + 1)
    callers = Callers(rng)
    clock = [0.0]
    store = OutboxStore(folder / "outbox.sqlite3", owner="bench-year", clock=lambda: clock[0])
    try:
        for at in working_times(done, rng, now):
            phone, name = callers.pick()
            clock[0] = at.timestamp()
            if rng.random() < 0.7:
                kind: Any = "update"
                payload: dict[str, Any] = {"phone": phone, "notes": "call after 5", "homeYear": 1987}
                summary = f"Save {name}: notes, home year"
            else:
                kind = "appointment"
                payload = {"phone": phone, "blockId": f"b-{rng.randrange(100_000)}", "market": "Denver"}
                summary = f"Book {name}"
            entry = store.add(
                profile=rng.choice(PROFILES),
                kind=kind,
                phone=phone,
                key=str(uuid.uuid4()),
                payload=payload,
                summary=summary,
                claim=True,
            )
            clock[0] += rng.uniform(0.1, 2.0)  # HeavySet's answer
            store.mark_done(entry, {"ok": True, "id": rng.randrange(10**9)})
    finally:
        store.close()


def generate(folder: Path, *, lines: int = LINES, done: int = DONE, seed: int = 2026) -> float:
    """Write a year of use into ``folder`` (made if missing); the seconds it took.

    The activity log and the outbox are written at once, each by a thread of its own (each store has its
    own file and lock; sqlite lets go of the interpreter while it writes).
    """
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    started = time.monotonic()
    errors: list[BaseException] = []

    def run(work: Any, *args: Any) -> None:
        try:
            work(*args)
        except BaseException as exc:
            errors.append(exc)

    workers = [
        threading.Thread(target=run, args=(write_activity, folder, lines, now, seed)),
        threading.Thread(target=run, args=(write_outbox, folder, done, now, seed)),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.year", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--lines", type=int, default=LINES)
    parser.add_argument("--done", type=int, default=DONE)
    args = parser.parse_args()
    took = generate(args.folder, lines=args.lines, done=args.done)
    sizes = {p.name: p.stat().st_size / 1e6 for p in sorted(args.folder.iterdir())}
    print(f"written in {took:.1f} s: " + ", ".join(f"{name} {mb:.1f} MB" for name, mb in sizes.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The outbox: every mutation is written here *before* it is sent.

An entry holds the request body and its idempotency key. It is marked done
only when the server confirmed it; a failure that may pass later keeps it
pending (with a next-attempt time), one that will not marks it failed with
the server's reason. sqlite in WAL mode with full sync, so a killed process
loses nothing: the next start finds the pending entries and sends them again
with the same keys.

Two console processes may share the file. An entry is *claimed* (owner and
lease) before it is sent, atomically, so two replayers never send the same
entry at once; a claim left by a killed process expires with its lease.
Entries of one phone go out strictly in the order they were made, within
their *lane*: HeavySet's changes in one, each connector's mirror in its own,
so a reminder service that is down never holds a HeavySet change back. A
follow-up entry (``after``) waits until the entry it follows is done, and is
discarded with it when that one is discarded or rejected: a reminder is
mirrored only for a booking HeavySet confirmed.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from hsconsole.store.folders import private_sqlite
from hsconsole.store.logfiles import redact

Kind = Literal["update", "lead", "appointment", "apptoto_event", "apptoto_delete", "apptoto_contact"]
Lane = Literal["heavyset", "apptoto"]
HEAVYSET: Lane = "heavyset"
Status = Literal["pending", "done", "failed", "rejected", "discarded"]
"""pending: waiting to be sent or re-sent; done: the server confirmed it;
failed: the server refused it on a replay (the setter must look);
rejected: refused while the setter was there and saw why; discarded: the setter dropped it."""

SCHEMA_VERSION = 2
"""2 added ``lane`` and ``after_id``; a version-1 file is upgraded in place."""
LEASE_SECONDS = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    profile TEXT NOT NULL,
    kind TEXT NOT NULL,
    phone TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    result TEXT,
    claimed_by TEXT,
    claimed_until REAL,
    lane TEXT NOT NULL DEFAULT 'heavyset',
    after_id INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_status ON outbox (status, profile, phone, id);
"""
_UPGRADE_1_TO_2 = (
    ("lane", "ALTER TABLE outbox ADD COLUMN lane TEXT NOT NULL DEFAULT 'heavyset'"),
    ("after_id", "ALTER TABLE outbox ADD COLUMN after_id INTEGER"),
)
_ORPHANED = "Not sent: the HeavySet change it follows was not made"


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    profile: str
    kind: Kind
    phone: str
    idempotency_key: str
    payload: dict[str, Any]
    summary: str
    status: Status
    created_at: float
    updated_at: float
    attempts: int
    next_attempt_at: float
    last_error: str | None
    result: dict[str, Any] | None
    lane: Lane = HEAVYSET
    after_id: int | None = None

    def __repr__(self) -> str:  # payloads may hold one-time tokens: keep them out of logs
        return f"OutboxEntry(id={self.id}, kind={self.kind!r}, status={self.status!r}, attempts={self.attempts})"


def _entry(row: sqlite3.Row) -> OutboxEntry:
    return OutboxEntry(
        id=row["id"],
        profile=row["profile"],
        kind=row["kind"],
        phone=row["phone"],
        idempotency_key=row["idempotency_key"],
        payload=json.loads(row["payload"]),
        summary=row["summary"],
        status=row["status"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        last_error=row["last_error"],
        result=json.loads(row["result"]) if row["result"] else None,
        lane=row["lane"],
        after_id=row["after_id"],
    )


@dataclass(frozen=True)
class FollowUp:
    """An entry to send once the one it is stored with is done (a connector's mirror of it)."""

    kind: Kind
    lane: Lane
    payload: dict[str, Any]
    summary: str


class OutboxStore:
    """The outbox file. Thread-safe; every call is one short transaction."""

    def __init__(self, path: Path | str, *, owner: str, clock: Any = time.time, lease: float = LEASE_SECONDS) -> None:
        self.path = str(path)
        self.owner = owner
        self.lease = lease
        self._clock = clock
        if self.path != ":memory:":
            private_sqlite(Path(self.path))
        self._db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._open_schema()

    def _open_schema(self) -> None:
        """Create the table, or bring an older one up to date, in one transaction (two processes may race)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"The outbox was written by a newer HeavySet Console (schema {version}); update the console."
                )
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(outbox)").fetchall()}
            if columns:  # an older file: add what it lacks (a repeated or half-done upgrade adds nothing twice)
                for name, statement in _UPGRADE_1_TO_2:
                    if name not in columns:
                        self._db.execute(statement)
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------ writing

    def add(
        self,
        *,
        profile: str,
        kind: Kind,
        phone: str,
        key: str,
        payload: dict[str, Any],
        summary: str,
        claim: bool,
        lane: Lane = HEAVYSET,
        follow_ups: Sequence[FollowUp] = (),
    ) -> OutboxEntry:
        """Store a new pending entry (and its follow-ups, in the same transaction).

        With ``claim``, this process holds the entry to send it now.
        """
        now = self._clock()
        insert = (
            "INSERT INTO outbox (profile, kind, phone, idempotency_key, payload, summary, created_at, updated_at,"
            " next_attempt_at, claimed_by, claimed_until, lane, after_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        with self._tx() as db:
            cursor = db.execute(
                insert,
                (
                    profile,
                    kind,
                    phone,
                    key,
                    json.dumps(payload, separators=(",", ":")),
                    summary,
                    now,
                    now,
                    now,
                    self.owner if claim else None,
                    now + self.lease if claim else None,
                    lane,
                    None,
                ),
            )
            first = cursor.lastrowid
            for follow in follow_ups:
                db.execute(
                    insert,
                    (
                        profile,
                        follow.kind,
                        phone,
                        str(uuid.uuid4()),
                        json.dumps(follow.payload, separators=(",", ":")),
                        follow.summary,
                        now,
                        now,
                        now,
                        None,
                        None,
                        follow.lane,
                        first,
                    ),
                )
            row = db.execute("SELECT * FROM outbox WHERE id = ?", (first,)).fetchone()
        return _entry(row)

    def blocked_by_earlier(self, entry: OutboxEntry) -> int:
        """How many earlier entries of the same lead (and lane) are still waiting to be sent."""
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM outbox WHERE profile = ? AND phone = ? AND lane = ? AND id < ?"
                " AND status = 'pending'",
                (entry.profile, entry.phone, entry.lane, entry.id),
            ).fetchone()
        return int(row[0])

    def claim_next(self, profile: str) -> OutboxEntry | None:
        """Claim the oldest due entry that heads its lead's queue in its lane, or None.

        A follow-up is due only once the entry it follows is done.
        """
        now = self._clock()
        with self._tx() as db:
            row = db.execute(
                """SELECT * FROM outbox AS o
                   WHERE o.status = 'pending' AND o.profile = ? AND o.next_attempt_at <= ?
                     AND (o.claimed_by IS NULL OR o.claimed_until < ?)
                     AND (o.after_id IS NULL
                          OR EXISTS (SELECT 1 FROM outbox AS a WHERE a.id = o.after_id AND a.status = 'done'))
                     AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.profile = o.profile AND p.phone = o.phone
                                     AND p.lane = o.lane AND p.id < o.id AND p.status = 'pending')
                   ORDER BY o.id LIMIT 1""",
                (profile, now, now),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                (self.owner, now + self.lease, row["id"]),
            )
        return _entry(row)

    def _finish(self, entry_id: int, **columns: Any) -> None:
        columns["updated_at"] = self._clock()
        columns["claimed_by"] = None
        columns["claimed_until"] = None
        names = ", ".join(f"{name} = ?" for name in columns)
        with self._tx() as db:
            db.execute(f"UPDATE outbox SET {names} WHERE id = ?", (*columns.values(), entry_id))  # noqa: S608

    def mark_done(self, entry: OutboxEntry, result: dict[str, Any]) -> None:
        self._finish(
            entry.id,
            status="done",
            attempts=entry.attempts + 1,
            result=json.dumps(result, separators=(",", ":")),
            last_error=None,
        )

    def mark_retry(self, entry: OutboxEntry, error: str, delay: float) -> None:
        self._finish(
            entry.id,
            status="pending",
            attempts=entry.attempts + 1,
            last_error=redact(error),
            next_attempt_at=self._clock() + delay,
        )

    def mark_failed(self, entry: OutboxEntry, error: str, *, seen: bool) -> None:
        """Out of the queue: ``seen`` when the setter saw the refusal in place (rejected), else failed.

        A rejected entry's follow-ups are discarded; a failed one's wait (the
        setter may still retry it).
        """
        self._finish(
            entry.id, status="rejected" if seen else "failed", attempts=entry.attempts + 1, last_error=redact(error)
        )
        if seen:
            self._orphan(entry.id)

    def _orphan(self, entry_id: int) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET status = 'discarded', last_error = ?, updated_at = ?, claimed_by = NULL"
                " WHERE after_id = ? AND status IN ('pending', 'failed')",
                (_ORPHANED, self._clock(), entry_id),
            )

    def release(self, entry: OutboxEntry) -> None:
        """Give a claimed entry back untouched (the send was cancelled)."""
        self._finish(entry.id)

    def retry_now(self, entry_id: int) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ?"
                " WHERE id = ? AND status IN ('pending', 'failed')",
                (self._clock(), self._clock(), entry_id),
            )

    def retry_all_now(self, profile: str) -> int:
        """Make every pending entry of ``profile`` due now (the network is back)."""
        now = self._clock()
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE outbox SET next_attempt_at = ?"
                " WHERE status = 'pending' AND profile = ? AND next_attempt_at > ?",
                (now, profile, now),
            )
        return int(cursor.rowcount)

    def discard(self, entry_id: int) -> bool:
        """Drop a waiting or refused entry (and its follow-ups); False when it is done or being sent right now."""
        now = self._clock()
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE outbox SET status = 'discarded', updated_at = ?, claimed_by = NULL"
                " WHERE id = ? AND status IN ('pending', 'failed') AND (claimed_by IS NULL OR claimed_until < ?)",
                (now, entry_id, now),
            )
        if cursor.rowcount:  # a change already done keeps its follow-ups
            self._orphan(entry_id)
        return bool(cursor.rowcount)

    # ------------------------------------------------------------ reading

    def get(self, entry_id: int) -> OutboxEntry | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM outbox WHERE id = ?", (entry_id,)).fetchone()
        return _entry(row) if row else None

    def entries(
        self, *, profile: str | None = None, statuses: tuple[Status, ...] = ("pending", "failed")
    ) -> list[OutboxEntry]:
        marks = ", ".join("?" for _ in statuses)
        sql = f"SELECT * FROM outbox WHERE status IN ({marks})"  # noqa: S608
        args: list[Any] = list(statuses)
        if profile is not None:
            sql += " AND profile = ?"
            args.append(profile)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id", args).fetchall()
        return [_entry(r) for r in rows]

    def pending_for(self, profile: str, phone: str, lane: Lane = HEAVYSET) -> list[OutboxEntry]:
        return [e for e in self.entries(profile=profile, statuses=("pending",)) if e.phone == phone and e.lane == lane]

    def counts(self, profile: str | None = None) -> dict[str, int]:
        sql = "SELECT status, COUNT(*) FROM outbox"
        args: tuple[Any, ...] = ()
        if profile is not None:
            sql += " WHERE profile = ?"
            args = (profile,)
        with self._lock:
            rows = self._db.execute(sql + " GROUP BY status", args).fetchall()
        return {row[0]: int(row[1]) for row in rows}

    def next_due(self, profile: str) -> float | None:
        """When the earliest pending entry may go (epoch seconds), or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(MAX(o.next_attempt_at, COALESCE(o.claimed_until, 0))) FROM outbox AS o"
                " WHERE o.status = 'pending' AND o.profile = ? AND (o.after_id IS NULL"
                " OR EXISTS (SELECT 1 FROM outbox AS a WHERE a.id = o.after_id AND a.status = 'done'))"
                " AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.profile = o.profile AND p.phone = o.phone"
                " AND p.lane = o.lane AND p.id < o.id AND p.status = 'pending')",
                (profile,),
            ).fetchone()
        return float(row[0]) if row and row[0] is not None else None

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

The file may fail a write: the disk is full, another program holds its lock,
its folder is read-only, or it is damaged. A change is then never dropped: the
store goes on with an in-memory copy of the file (``problem`` says so in setter
words, and ``on_problem`` listeners hear when it starts and ends), new changes
are kept and sent from there, and everything kept is written to the file as
soon as it takes writes again (each write, the replayer's poll and
:meth:`OutboxStore.retry_writes` try). While the copy is in use, the entries
already in the file are not sent: another console sharing the file may be
sending them, and only a write to the file can claim one. A lock is waited on
for at most :data:`BUSY_TIMEOUT` seconds, so the window never freezes on it.
A file found damaged when it is opened is set aside under a dated name and a
new one started with every entry that can still be read (``recovery`` says
what happened).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import socket
import sqlite3
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from hsconsole.domain.words import translate
from hsconsole.store.folders import private_sqlite
from hsconsole.store.logfiles import redact
from hsconsole.store.salvage import (
    BUSY_TIMEOUT,
    PRUNE_BATCH,
    RETRY_SECONDS,
    FaultKind,
    fault_kind,
    fault_words,
    fitted_copy,
    open_checked,
    open_read_only,
    prune_in_batches,
    salvage,
    set_aside,
    transaction,
)

log = logging.getLogger("hsconsole.outbox")

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
"""How long a claim holds without news from its owner. A live sender renews it every third of this,
and each of its requests ends well inside it; a dead one's claims go to others sooner (:func:`owner_is_gone`)."""

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
CREATE INDEX IF NOT EXISTS outbox_over ON outbox (status, updated_at);
"""
_UPGRADE_1_TO_2 = (
    ("lane", "ALTER TABLE outbox ADD COLUMN lane TEXT NOT NULL DEFAULT 'heavyset'"),
    ("after_id", "ALTER TABLE outbox ADD COLUMN after_id INTEGER"),
)
_ORPHANED = "Not sent: the HeavySet change it follows was not made"
_STATUSES = ("pending", "done", "failed", "rejected", "discarded")
_KINDS = ("update", "lead", "appointment", "apptoto_event", "apptoto_delete", "apptoto_contact")
_FIXED = ("id", "profile", "kind", "phone", "idempotency_key", "payload", "summary", "created_at", "lane", "after_id")
"""What is set when an entry is made; sending, retrying and discarding change the other columns."""
_HELD_BY, _HELD_UNTIL = "held in memory until the file takes writes", 9e18
"""The claim put on the file's pending entries in the in-memory copy: only a write to the file may claim them.
No process's name (see :func:`new_owner`): no renewal takes it over, and no one judges its owner gone."""
_ID_GAP = 1_000_000
"""New entries kept in memory are numbered this far above the file's: another console sharing the file
keeps numbering its own meanwhile, and the kept ones are written with their numbers."""


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


def new_owner() -> str:
    """A claim owner's name for this process: ``host:pid:random`` (the pid lets others see it is gone)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_is_gone(owner: str) -> bool:
    """True when ``owner`` was a process of this computer that no longer runs.

    Owners of other computers, or named another way, are never judged: their
    claims end with the lease.
    """
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    return pid != os.getpid() and not pid_alive(pid)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (a zombie does not: it was killed and not yet reaped)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(ctypes.GetLastError() == 5)  # access denied: it runs, as someone else
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # Linux: a killed process that its parent has not reaped yet still answers kill(0)
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


@dataclass(frozen=True)
class FollowUp:
    """An entry to send once the one it is stored with is done (a connector's mirror of it)."""

    kind: Kind
    lane: Lane
    payload: dict[str, Any]
    summary: str


def _salvageable(row: dict[str, Any]) -> dict[str, Any] | None:
    """A row read from a damaged file as it can be stored again, or None when its values are garbage."""
    key, payload = row["idempotency_key"], json.loads(row["payload"])
    if not isinstance(key, str) or not key or not isinstance(payload, dict):
        return None
    if row["status"] not in _STATUSES or row["kind"] not in _KINDS:
        return None
    if not all(isinstance(row[name], str) for name in ("profile", "phone", "summary")):
        return None
    if not all(isinstance(row[name], int | float) for name in ("created_at", "updated_at", "next_attempt_at")):
        return None
    if row.get("result") is not None:
        json.loads(row["result"])
    lane = row.get("lane") or HEAVYSET
    after = row.get("after_id")
    return {**row, "lane": lane, "after_id": after if isinstance(after, int) else None}


def _recovery_words(aside: str, written: int, waiting: list[dict[str, Any]], unreadable: int) -> str:
    """What a rebuild of the damaged outbox file did, for the setter."""
    lost = ""
    if not written:
        text = translate(
            "Storage",
            "The outbox file was damaged and nothing in it could be read. It was set aside as {aside} (for IT) "
            "and a new one started.",
        ).format(aside=aside)
        if unreadable:
            lost = (
                translate(
                    "Storage",
                    "{count} entry in it could not be read: if you changed leads recently, check that your changes "
                    "are there.",
                )
                if unreadable == 1
                else translate(
                    "Storage",
                    "{count} entries in it could not be read: if you changed leads recently, check that your "
                    "changes are there.",
                )
            )
        return f"{text} {lost.format(count=unreadable)}" if lost else text
    pending = sum(1 for row in waiting if row["status"] == "pending")
    refused = len(waiting) - pending
    one = written == 1
    if not waiting:
        text = (
            translate(
                "Storage",
                "The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} "
                "entry that could be read.",
            )
            if one
            else translate(
                "Storage",
                "The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} "
                "entries that could be read.",
            )
        )
    elif not refused:
        text = (
            translate(
                "Storage",
                "The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} "
                "entry that could be read: {waiting}.",
            )
            if one
            else translate(
                "Storage",
                "The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} "
                "entries that could be read: {waiting}.",
            )
        )
    else:
        text = (
            translate(
                "Storage",
                "The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} "
                "entry that could be read: {waiting}, and {refused}.",
            )
            if one
            else translate(
                "Storage",
                "The outbox file was damaged. It was set aside as {aside} and a new one started with the {count} "
                "entries that could be read: {waiting}, and {refused}.",
            )
        )
    goes = (
        translate("Storage", "{count} change waiting to be sent goes out as usual")
        if pending == 1
        else translate("Storage", "{count} changes waiting to be sent go out as usual")
    )
    seen = (
        translate("Storage", "{count} refused one is in Pending changes")
        if refused == 1
        else translate("Storage", "{count} refused ones are in Pending changes")
    )
    text = text.format(
        aside=aside, count=written, waiting=goes.format(count=pending), refused=seen.format(count=refused)
    )
    if unreadable:
        lost = (
            translate(
                "Storage",
                "{count} entry could not be read: if you changed leads recently, check that your changes are there.",
            )
            if unreadable == 1
            else translate(
                "Storage",
                "{count} entries could not be read: if you changed leads recently, check that your changes are there.",
            )
        )
        text += " " + lost.format(count=unreadable)
    return text


def _columns(db: sqlite3.Connection, table: str = "outbox") -> list[str]:
    return [str(row[1]) for row in db.execute(f"PRAGMA table_info({table})").fetchall()]


Write = TypeVar("Write", bound=Callable[..., Any])


def _kept_in_memory_on_fault(method: Write) -> Write:
    """A write the file refuses is made in the in-memory copy instead (see the module notes).

    While the copy is in use, each write first tries to put what it holds back in the file.
    """

    @functools.wraps(method)
    def write(self: OutboxStore, /, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            outer = self._depth == 0
            before = self.problem if outer else None
            self._depth += 1
            try:
                if outer and self._shadow is not None and time.monotonic() >= self._retry_at:
                    self._write_back()
                result: Any
                if self._shadow is None:
                    try:
                        result = method(self, *args, **kwargs)
                    except (sqlite3.DatabaseError, OSError) as exc:
                        kind = fault_kind(exc, self._folder)
                        if kind is None:
                            raise
                        log.warning("the outbox file refused a write (%s): changes are kept in memory", exc)
                        self._hold(kind)
                        result = method(self, *args, **kwargs)
                        self._guard()
                else:
                    result = method(self, *args, **kwargs)
                    self._guard()
            finally:
                self._depth -= 1
                changed = outer and self.problem != before
        if changed:
            self._tell()
        return result

    return cast("Write", write)


class OutboxStore:
    """The outbox file. Thread-safe; every call is one short transaction.

    ``problem``: None while every change is safe in the file, else what is wrong in setter words;
    ``on_problem``: called (with no argument) whenever ``problem`` changes. ``recovery``: what the
    opening repaired in a damaged file, in setter words, or None.
    """

    def __init__(self, path: Path | str, *, owner: str, clock: Any = time.time, lease: float = LEASE_SECONDS) -> None:
        self.path = str(path)
        self._folder = None if self.path == ":memory:" else Path(self.path).parent
        self.owner = owner
        self.lease = lease
        self._clock = clock
        self._lock = threading.RLock()
        self.on_problem: list[Callable[[], None]] = []
        self.recovery: str | None = None
        self._disk: sqlite3.Connection | None = None
        """The file, open for writing; None while it cannot be opened."""
        self._shadow: sqlite3.Connection | None = None
        """The in-memory copy used while the file refuses writes (see the module notes)."""
        self._fault: FaultKind | None = None
        self._retry_at = 0.0
        self._depth = 0
        self._aliases: dict[int, int] = {}
        """Entries kept in memory that the file numbered otherwise when they were written (rare)."""
        with self._lock:
            try:
                self._disk = self._open_disk()
            except (sqlite3.DatabaseError, OSError) as exc:
                kind = fault_kind(exc, self._folder)
                if kind is None:
                    raise
                log.warning("the outbox file cannot be written (%s): changes are kept in memory", exc)
                self._hold(kind)
            self._db: sqlite3.Connection = self._shadow or self._disk  # type: ignore[assignment]

    def _connect(self, path: str) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        return db

    def _prepare(self, db: sqlite3.Connection) -> None:
        self._db = db
        if self.path != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        self._open_schema()

    def _open_disk(self) -> sqlite3.Connection:
        """The file, checked and ready; a damaged one is set aside and rebuilt from what can be read."""
        on_disk = self.path != ":memory:"
        if on_disk:
            private_sqlite(Path(self.path))

        def prepare(db: sqlite3.Connection) -> str | None:
            self._prepare(db)
            return self._unreadable_entry(db)

        return open_checked(lambda: self._connect(self.path), prepare, self._rebuild, on_disk=on_disk)

    @staticmethod
    def _unreadable_entry(db: sqlite3.Connection) -> str | None:
        """What is wrong with an entry waiting to be sent that the check of the pages cannot see."""
        try:
            for row in db.execute("SELECT * FROM outbox WHERE status IN ('pending', 'failed')"):
                _entry(row)
        except (sqlite3.DatabaseError, ValueError, TypeError, KeyError) as exc:
            if isinstance(exc, sqlite3.DatabaseError) and fault_kind(exc) != "damaged":  # e.g. a lock
                raise
            return f"an entry cannot be read ({type(exc).__name__})"
        return None

    def _rebuild(self, damage: str) -> sqlite3.Connection:
        """Set the damaged file aside and start a new one with every entry that can still be read."""
        path = Path(self.path)
        log.warning("the outbox file is damaged (%s)", damage)
        aside = set_aside(path)
        fitted = fitted_copy(aside)
        source = self._connect(str(fitted or aside))
        try:
            saved = salvage(source, "outbox", _salvageable)
        finally:
            source.close()
            if fitted is not None:
                fitted.unlink(missing_ok=True)
        waiting = [r for r in saved.rows if r["status"] in ("pending", "failed")]
        rest = [r for r in saved.rows if r["status"] not in ("pending", "failed")]
        private_sqlite(path)  # the new file private before sqlite makes it (and its WAL)
        db = self._connect(self.path)
        try:
            self._prepare(db)
            with self._tx() as tx:
                written = self._insert_rows(tx, [*waiting, *rest])
        except BaseException:
            db.close()
            with suppress(OSError):  # the new file cannot be written: the damaged one goes back, nothing is lost
                for suffix in ("", "-wal", "-shm"):
                    Path(self.path + suffix).unlink(missing_ok=True)
                for suffix in ("", "-wal", "-shm"):
                    if Path(str(aside) + suffix).exists():
                        Path(str(aside) + suffix).replace(self.path + suffix)
            raise
        self.recovery = _recovery_words(aside.name, written, waiting, saved.unreadable)
        log.warning(
            "outbox rebuilt: %d entries recovered (%d waiting), %d unreadable", written, len(waiting), saved.unreadable
        )
        return db

    @staticmethod
    def _insert_rows(db: sqlite3.Connection, rows: Sequence[dict[str, Any]]) -> int:
        """Rows as they were (numbers, keys, bodies); a key already there is skipped. Returns how many went in."""
        written = 0
        known = _columns(db)
        for row in rows:
            columns = [c for c in row if c in known]
            cursor = db.execute(
                f"INSERT OR IGNORE INTO outbox ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",  # noqa: S608
                [row[c] for c in columns],
            )
            written += cursor.rowcount
        return written

    def _open_schema(self) -> None:
        """Create the table, or bring an older one up to date, in one transaction (two processes may race)."""
        with transaction(self._db):
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    translate(
                        "Storage",
                        "The outbox was written by a newer HeavySet Console (schema {version}); update the console.",
                    ).format(version=version)
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

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, transaction(self._db) as db:
            yield db

    def close(self) -> None:
        """Close the file; what is kept in memory is tried once more first."""
        with self._lock:
            if self._shadow is not None:
                self._write_back()
            if self._shadow is not None and self._kept_count():
                log.error("closed with %d changes the outbox file never took", self._kept_count())
            for db in (self._shadow, self._disk):
                if db is not None:
                    db.close()

    # ------------------------------------------------------------ storage faults

    @property
    def problem(self) -> str | None:
        """What is wrong with the file, in setter words, while changes are kept in memory; else None."""
        with self._lock:
            if self._shadow is None or self._fault is None:
                return None
            words = fault_words(self._fault, "outbox")
            kept = self._kept_count()
            held = self._db.execute(
                "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND claimed_until = ?", (_HELD_UNTIL,)
            ).fetchone()[0]
        if kept:
            text = (
                translate(
                    "Storage",
                    "{cause}: {count} change not sent yet is kept in memory only until {until}. Do not quit the "
                    "console.",
                )
                if kept == 1
                else translate(
                    "Storage",
                    "{cause}: {count} changes not sent yet are kept in memory only until {until}. Do not quit the "
                    "console.",
                )
            )
        else:
            text = translate("Storage", "{cause}: new changes are kept in memory, and sent as usual, until {until}.")
        text = text.format(cause=words.cause, count=kept, until=words.until)
        if held:
            waits = (
                translate("Storage", "{count} older change in the outbox waits to be sent until then.")
                if held == 1
                else translate("Storage", "{count} older changes in the outbox wait to be sent until then.")
            )
            text += " " + waits.format(count=held)
        return text

    def retry_writes(self) -> bool:
        """Write what is kept in memory to the file now; True when nothing is kept in memory any more."""
        before = self.problem
        with self._lock:
            if self._shadow is not None:
                self._write_back()
            done = self._shadow is None
        if self.problem != before:
            self._tell()
        return done

    def _tell(self) -> None:
        for listener in list(self.on_problem):
            listener()

    def _kept_count(self) -> int:
        """Entries not sent yet that only the in-memory copy holds."""
        assert self._shadow is not None
        row = self._shadow.execute(
            "SELECT COUNT(*) FROM outbox AS o WHERE o.status IN ('pending', 'failed')"
            " AND NOT EXISTS (SELECT 1 FROM base AS b WHERE b.idempotency_key = o.idempotency_key)"
        ).fetchone()
        return int(row[0])

    def _id(self, entry_id: int) -> int:
        """The file's number for an entry that was kept in memory under another one."""
        return self._aliases.get(entry_id, entry_id)

    def _hold(self, kind: FaultKind) -> None:
        """Go on in memory: a copy of the file (as much of it as can be read), its pending entries held."""
        shadow = self._connect(":memory:")
        copied = False
        if self._disk is not None and kind != "damaged":
            try:
                self._disk.backup(shadow)
                copied = bool(_columns(shadow))
            except sqlite3.Error as exc:
                log.warning("the outbox file could not be copied (%s); reading what can be read", exc)
                shadow.close()
                shadow = self._connect(":memory:")
        self._db = shadow
        if not copied:
            rows = self._readable_rows()
            self._open_schema()
            self._insert_rows(shadow, rows)
        else:
            self._open_schema()  # an older file's copy is brought up to date like the file
        fixed = ", ".join(c for c in _columns(shadow) if c not in ("payload", "result", "summary"))
        shadow.execute(f"CREATE TABLE base AS SELECT {fixed} FROM outbox")  # noqa: S608
        shadow.execute("CREATE UNIQUE INDEX base_key ON base (idempotency_key)")
        top = shadow.execute("SELECT MAX(id) FROM outbox").fetchone()[0] or 0
        sequence = shadow.execute("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetchone()
        shadow.execute("DELETE FROM sqlite_sequence WHERE name = 'outbox'")
        shadow.execute(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)",
            (max(top, sequence[0] if sequence else 0) + _ID_GAP,),
        )
        self._shadow = shadow
        self._guard()
        self._fault = kind
        self._retry_at = time.monotonic() + RETRY_SECONDS

    def _guard(self) -> None:
        """Hold the file's pending entries in the in-memory copy: only a write to the file may claim one.

        Another console may be sending them. An entry this process is sending keeps its own claim until it
        is done, retried or released; then it is held again (after every write made in memory).
        """
        assert self._shadow is not None
        self._shadow.execute(
            "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE status = 'pending'"
            " AND claimed_until IS NOT ? AND NOT (claimed_by IS ? AND claimed_until >= ?)"
            " AND idempotency_key IN (SELECT idempotency_key FROM base)",
            (_HELD_BY, _HELD_UNTIL, _HELD_UNTIL, self.owner, self._clock()),
        )

    def _readable_rows(self) -> list[dict[str, Any]]:
        """The file's entries, read without writing (its folder may be read-only), as far as they read."""
        if self.path == ":memory:":
            return []
        source = open_read_only(Path(self.path))
        if source is None:
            return []
        try:
            return salvage(source, "outbox", _salvageable).rows
        finally:
            source.close()

    def _write_back(self) -> None:
        """Put what the in-memory copy holds into the file and use the file again; stay in memory when it refuses."""
        shadow = self._shadow
        assert shadow is not None
        try:
            if self._disk is None or self._fault == "damaged":
                if self._disk is not None:
                    self._disk.close()
                    self._disk = None
                self._disk = self._open_disk()
            disk = self._disk
            disk.execute("PRAGMA busy_timeout = 0")  # a lock still held is not waited for: the next try comes
            try:
                self._db = disk
                with self._tx() as db:
                    self._apply(shadow, db)
            finally:
                disk.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        except (sqlite3.DatabaseError, OSError) as exc:
            self._db = shadow
            kind = fault_kind(exc, self._folder)
            if kind is None:
                raise
            self._fault = kind
            self._retry_at = time.monotonic() + RETRY_SECONDS
            log.debug("the outbox file still refuses writes: %s", exc)
            return
        self._shadow = None
        self._fault = None
        shadow.close()
        log.warning("the outbox file takes writes again: what was kept in memory is in it")

    def _apply(self, shadow: sqlite3.Connection, disk: sqlite3.Connection) -> None:
        """Write the in-memory copy's new entries and changes to the file (in one transaction)."""
        columns = set(_columns(disk))
        mutable = [c for c in _columns(shadow) if c not in _FIXED and c in columns]
        compared = [c for c in _columns(shadow, "base") if c not in _FIXED and c not in ("claimed_by", "claimed_until")]
        differs = "".join(f" OR b.{c} IS NOT o.{c}" for c in compared)
        # the claim that held a file's entry in memory is no change; any other claim is
        claims = (
            " OR (o.claimed_until IS NOT :held"
            " AND (b.claimed_by IS NOT o.claimed_by OR b.claimed_until IS NOT o.claimed_until))"
        )
        where = f"b.idempotency_key IS NULL{differs}{claims}"  # column names only
        query = (
            "SELECT o.*, b.status AS _status, b.attempts AS _attempts, b.claimed_by AS _by, b.claimed_until AS _until"  # noqa: S608
            " FROM outbox AS o LEFT JOIN base AS b ON b.idempotency_key = o.idempotency_key"
            f" WHERE {where} ORDER BY o.id"
        )
        changed = shadow.execute(query, {"held": _HELD_UNTIL}).fetchall()
        aliases: dict[int, int] = {}
        for row in changed:
            entry = {c: row[c] for c in row.keys() if c in columns}  # noqa: SIM118  (sqlite3.Row)
            if entry["claimed_until"] == _HELD_UNTIL:  # held in memory only: the file's claim stands, unless ours
                ours = row["_by"] == self.owner  # (this process no longer sends it, or it would hold its claim)
                entry["claimed_by"], entry["claimed_until"] = (None, None) if ours else (row["_by"], row["_until"])
            there = disk.execute("SELECT id FROM outbox WHERE idempotency_key = ?", (entry["idempotency_key"],))
            found = there.fetchone()
            if row["_status"] is None and found is None:  # new: written with its number unless that is taken
                if entry["after_id"] is not None:
                    entry["after_id"] = aliases.get(entry["after_id"], entry["after_id"])
                taken = disk.execute("SELECT 1 FROM outbox WHERE id = ?", (entry["id"],)).fetchone()
                if taken:
                    del entry["id"]
                names = list(entry)
                cursor = disk.execute(
                    f"INSERT INTO outbox ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",  # noqa: S608
                    [entry[c] for c in names],
                )
                if taken:
                    aliases[row["id"]] = int(cursor.lastrowid or 0)
                continue
            if row["_status"] is None:  # written by an earlier try that was thought to have failed
                aliases[row["id"]] = int(found[0])
                where, args = "idempotency_key = ?", [entry["idempotency_key"]]
            else:  # only if no other console changed it meanwhile: what it did stands
                where = "idempotency_key = ? AND status = ? AND attempts = ?"
                args = [entry["idempotency_key"], row["_status"], row["_attempts"]]
            cursor = disk.execute(
                f"UPDATE outbox SET {', '.join(f'{c} = ?' for c in mutable)} WHERE {where}",  # noqa: S608
                [*(entry[c] for c in mutable), *args],
            )
            if not cursor.rowcount:
                log.info("outbox entry %d changed elsewhere while kept in memory; the file's state stands", row["id"])
        self._aliases.update({old: new for old, new in aliases.items() if old != new})

    # ------------------------------------------------------------ writing

    @_kept_in_memory_on_fault
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
                (entry.profile, entry.phone, entry.lane, self._id(entry.id)),
            ).fetchone()
        return int(row[0])

    @_kept_in_memory_on_fault
    def claim_next(self, profile: str, *, phone: str | None = None, lane: Lane | None = None) -> OutboxEntry | None:
        """Claim the oldest due entry that heads its lead's queue in its lane, or None; with ``phone`` and
        ``lane``, only an entry of that lead in that lane.

        A follow-up is due only once the entry it follows is done.
        """
        now = self._clock()
        with self._tx() as db:
            self._free_claims_of_the_gone(db, now)
            row = db.execute(
                """SELECT * FROM outbox AS o
                   WHERE o.status = 'pending' AND o.profile = ? AND o.next_attempt_at <= ?
                     AND (o.claimed_by IS NULL OR o.claimed_until < ?)
                     AND (? IS NULL OR o.phone = ?) AND (? IS NULL OR o.lane = ?)
                     AND (o.after_id IS NULL
                          OR EXISTS (SELECT 1 FROM outbox AS a WHERE a.id = o.after_id AND a.status = 'done'))
                     AND NOT EXISTS (SELECT 1 FROM outbox AS p WHERE p.profile = o.profile AND p.phone = o.phone
                                     AND p.lane = o.lane AND p.id < o.id AND p.status = 'pending')
                   ORDER BY o.id LIMIT 1""",
                (profile, now, now, phone, phone, lane, lane),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                (self.owner, now + self.lease, row["id"]),
            )
        return _entry(row)

    def _free_claims_of_the_gone(self, db: sqlite3.Connection, now: float) -> None:
        """Claims whose owner process no longer runs (killed) are freed now rather than at their lease's end."""
        owners = [
            row[0]
            for row in db.execute(
                "SELECT DISTINCT claimed_by FROM outbox WHERE status = 'pending' AND claimed_by IS NOT NULL"
                " AND claimed_until >= ? AND claimed_by != ?",
                (now, self.owner),
            ).fetchall()
        ]
        for owner in owners:
            if owner_is_gone(owner):
                db.execute(
                    "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL"
                    " WHERE claimed_by = ? AND status = 'pending'",
                    (owner,),
                )

    @_kept_in_memory_on_fault
    def renew(self, entry: OutboxEntry) -> bool:
        """Extend this process's claim on ``entry`` by a lease; False when the claim is no longer ours."""
        now = self._clock()
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE outbox SET claimed_until = ? WHERE id = ? AND claimed_by = ? AND status = 'pending'",
                (now + self.lease, self._id(entry.id), self.owner),
            )
        return bool(cursor.rowcount)

    @_kept_in_memory_on_fault
    def _finish(self, entry_id: int, **columns: Any) -> None:
        columns["updated_at"] = self._clock()
        columns["claimed_by"] = None
        columns["claimed_until"] = None
        names = ", ".join(f"{name} = ?" for name in columns)
        with self._tx() as db:
            db.execute(f"UPDATE outbox SET {names} WHERE id = ?", (*columns.values(), self._id(entry_id)))  # noqa: S608

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

    @_kept_in_memory_on_fault
    def _orphan(self, entry_id: int) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET status = 'discarded', last_error = ?, updated_at = ?, claimed_by = NULL"
                " WHERE after_id = ? AND status IN ('pending', 'failed')",
                (_ORPHANED, self._clock(), self._id(entry_id)),
            )

    def release(self, entry: OutboxEntry) -> None:
        """Give a claimed entry back untouched (the send was cancelled)."""
        self._finish(entry.id)

    @_kept_in_memory_on_fault
    def retry_now(self, entry_id: int) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ?"
                " WHERE id = ? AND status IN ('pending', 'failed')",
                (self._clock(), self._clock(), self._id(entry_id)),
            )

    @_kept_in_memory_on_fault
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

    @_kept_in_memory_on_fault
    def discard(self, entry_id: int) -> bool:
        """Drop a waiting or refused entry (and its follow-ups); False when it is done or being sent right now."""
        now = self._clock()
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE outbox SET status = 'discarded', updated_at = ?, claimed_by = NULL"
                " WHERE id = ? AND status IN ('pending', 'failed') AND (claimed_by IS NULL OR claimed_until < ?)",
                (now, self._id(entry_id), now),
            )
        if cursor.rowcount:  # a change already done keeps its follow-ups
            self._orphan(entry_id)
        return bool(cursor.rowcount)

    def prune(self, older_than: float) -> int:
        """Delete the changes that are over and were last touched before ``older_than`` (epoch seconds):
        done, discarded and rejected ones, except those a change still waiting or refused follows. Waiting
        and refused changes are never deleted. Nothing goes while the file refuses writes (what it holds is
        then in memory); returns how many went.

        Found by an index and deleted :data:`PRUNE_BATCH` at a time, each batch a transaction of its own, so it
        may run on a thread of its own beside the window's writes; it stops when the store is closed."""

        def batch() -> int | None:
            with self._lock:
                if self._shadow is not None or self._disk is None:
                    return None
                try:
                    with self._tx() as db:
                        cursor = db.execute(
                            "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
                            " WHERE status IN ('done', 'discarded', 'rejected') AND updated_at < ?"
                            " AND id NOT IN (SELECT after_id FROM outbox"
                            " WHERE after_id IS NOT NULL AND status IN ('pending', 'failed')) LIMIT ?)",
                            (older_than, PRUNE_BATCH),
                        )
                except sqlite3.ProgrammingError:  # closed meanwhile: the rest goes at the next start
                    return None
                except (sqlite3.DatabaseError, OSError) as exc:
                    log.warning("old outbox entries were not pruned: %s", exc)
                    return None
            return max(cursor.rowcount, 0)

        return prune_in_batches(batch, "outbox entries over before the retention period")

    # ------------------------------------------------------------ reading

    def get(self, entry_id: int) -> OutboxEntry | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM outbox WHERE id = ?", (self._id(entry_id),)).fetchone()
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

    def counts(self, profile: str | None = None, statuses: Sequence[Status] | None = None) -> dict[str, int]:
        """How many entries there are of each status (of ``profile``); with ``statuses``, of those only, counted
        from the index (a year of done changes is not walked to count the few waiting)."""
        where: list[str] = []
        args: list[Any] = []
        if statuses is not None:
            where.append(f"status IN ({', '.join('?' for _ in statuses)})")
            args += statuses
        if profile is not None:
            where.append("profile = ?")
            args.append(profile)
        sql = "SELECT status, COUNT(*) FROM outbox" + (" WHERE " + " AND ".join(where) if where else "")  # noqa: S608
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

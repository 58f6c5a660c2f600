"""The audit log: every action the setter takes, kept locally in sqlite.

One row per action (lookup, save, book, reschedule, cancel, disqualify,
new_lead, and replay for outbox replays): when (UTC), which profile, who, the
lead's phone and name, what changed (field → new value, as JSON), and how it
ended (``ok``, ``queued`` or ``failed``) with a short message.

The phone is kept as the console passed it: a lookup's number as it was
looked up (E.164), a change's as the CRM gives the lead's. :meth:`AuditLog.entries`
takes ``phones`` to read one caller's lines (by an index on phone and time).

*Who* (``actor``, "By" in the activity window) is the operating-system account
signed in at this desk (:func:`desk_user`): the console runs as the setter's
own sign-in, while a profile names the CRM account, which a team often shares,
and stays a column of its own. Lines written before the column existed (format
1) have an empty actor, shown as "—". When the account cannot be read the actor
is empty too.

Nothing secret is ever stored: every string goes through
:func:`hsconsole.store.logfiles.redact` first, and values under keys that look
secret (``token``, ``password``…) become ``<redacted>``, whatever the caller
passes. The database runs in WAL mode; its schema version is ``PRAGMA
user_version`` so later versions can migrate it. No Qt here.
"""

from __future__ import annotations

import csv
import functools
import getpass
import json
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from time import monotonic as time_now
from types import TracebackType
from typing import Any, Final, Self

from hsconsole.domain.words import translate
from hsconsole.store.folders import data_dir, private_sqlite
from hsconsole.store.logfiles import REDACTED, redact
from hsconsole.store.salvage import (
    BUSY_TIMEOUT,
    PRUNE_BATCH,
    RETRY_SECONDS,
    FaultKind,
    check,
    fault_kind,
    fault_words,
    fitted_copy,
    open_checked,
    plural,
    prune_in_batches,
    salvage,
    set_aside,
    transaction,
)

log = logging.getLogger("hsconsole.store")

SCHEMA_VERSION: Final = 3
ACTIONS: Final = ("lookup", "save", "book", "reschedule", "cancel", "disqualify", "new_lead", "replay")
"""The actions the console records; :meth:`AuditLog.record` accepts any other lower-case name too."""
RESULTS: Final = ("ok", "queued", "failed")
CSV_COLUMNS: Final = ("time_utc", "profile", "action", "phone", "name", "changes", "result", "message", "by")
"""The export's columns; ``by`` (who) came last, so the earlier columns kept their places."""
ACTOR_LENGTH: Final = 100
_BATCH_MEMO: Final = 65_536
"""Distinct texts :meth:`AuditLog.record_many` remembers the redaction of within one batch."""

_ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SECRET_KEY = re.compile(r"token|password|passwd|authorization|secret|api_?key", re.IGNORECASE)
_PHONE_LIKE = re.compile(r"[\d\s()+\-.]+")
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f+00:00"
"""Fixed width, so stored times sort and compare as text."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")

# Version n's statements turn a version n-1 database into version n.
_MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {
    1: (
        """
        CREATE TABLE IF NOT EXISTS audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            profile TEXT NOT NULL,
            action TEXT NOT NULL,
            phone TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            changes TEXT NOT NULL DEFAULT '{}',
            result TEXT NOT NULL,
            message TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX IF NOT EXISTS audit_at ON audit (at)",
        "CREATE INDEX IF NOT EXISTS audit_phone ON audit (phone)",
    ),
    2: (
        # who did it; lines from before are "unknown" (empty). Adding a column with a default rewrites nothing.
        "ALTER TABLE audit ADD COLUMN actor TEXT NOT NULL DEFAULT ''",
        # one caller's newest lines, in order, straight from the index (the lead view reads them at each lookup)
        "CREATE INDEX IF NOT EXISTS audit_phone_at ON audit (phone, at)",
        "DROP INDEX IF EXISTS audit_phone",
    ),
    3: (
        # a line's texts folded once, when it is written: the window's filter reads one column in sqlite instead
        # of calling into Python for five per line (older lines keep NULL and are folded as they are read)
        "ALTER TABLE audit ADD COLUMN search TEXT",
        # the action filter, and the list of actions, straight from an index
        "CREATE INDEX IF NOT EXISTS audit_action_at ON audit (action, at)",
    ),
}


_LINE: Final = ("at", "profile", "action", "phone", "name", "changes", "result", "message", "actor")
"""The columns of a line, in the order :meth:`AuditLog.record` makes them."""
_SELECT: Final = f"SELECT id, {', '.join(_LINE)} FROM audit"  # noqa: S608
_STORED: Final = (*_LINE, "search")
"""The columns :meth:`AuditLog.record` writes: a line's, and its texts folded for the filter (format 3)."""
_INSERT: Final = f"INSERT INTO audit ({', '.join(_STORED)}) VALUES (?{', ?' * (len(_STORED) - 1)})"  # noqa: S608
_SEPARATOR: Final = "\x1f"
"""Between the folded texts of a line's ``search``: a filter typed in one line never spans two of them."""


def desk_user() -> str:
    """The operating-system account signed in at this desk, or "" when it cannot be read."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError, ValueError):  # no login name, no passwd entry, no pwd module
        return ""
    return redact(name.strip())[:ACTOR_LENGTH]


def _readable_line(row: dict[str, Any]) -> dict[str, Any] | None:
    """A line read from a damaged file as it can be stored again, or None when its values are garbage."""
    row.setdefault("actor", "")  # a file of format 1 has no actor
    if not isinstance(row["id"], int) or not all(isinstance(row[column], str) for column in _LINE):
        return None
    datetime.fromisoformat(row["at"])
    json.loads(row["changes"])
    return row if row["result"] in RESULTS and _ACTION_NAME.match(row["action"]) else None


def _fault_sentence(kind: FaultKind) -> str:
    """Why the activity log cannot be opened, as a sentence."""
    return f"{fault_words(kind, 'activity').cause}."


def _recovery_words(aside: str, count: int, unreadable: int) -> str:
    """What a rebuild of the damaged activity log did, for the setter: ``count`` lines kept, ``unreadable`` lost."""
    if not count:
        kept = translate("Storage", "nothing in the old one could be read")
    elif count == 1:
        kept = translate("Storage", "the {count} line that could be read is in it")
    else:
        kept = translate("Storage", "the {count} lines that could be read are in it")
    if not unreadable:
        text = translate(
            "Storage", "The activity log was damaged. It was kept as {aside} and a new one started: {kept}."
        )
        return text.format(aside=aside, kept=kept.format(count=count))
    lost = (
        translate("Storage", "{count} line could not be read")
        if unreadable == 1
        else translate("Storage", "{count} lines could not be read")
    )
    text = translate(
        "Storage", "The activity log was damaged. It was kept as {aside} and a new one started: {kept}; {lost}."
    )
    return text.format(aside=aside, kept=kept.format(count=count), lost=lost.format(count=unreadable))


def default_audit_path() -> Path:
    return data_dir() / "audit.sqlite3"


class AuditLogError(Exception):
    """The audit log could not be opened, read or written; the message says why in words."""

    def __init__(self, message: str, *, newer: bool = False) -> None:
        super().__init__(message)
        self.newer = newer
        """True when the file was written by a newer HeavySet Console (it is left untouched)."""


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action. ``at`` is aware UTC; ``changes`` maps field → new value; ``actor`` is who (""
    when unknown: a line from before it was kept, or an account that could not be read)."""

    id: int
    at: datetime
    profile: str
    action: str
    phone: str
    name: str
    changes: dict[str, Any] = field(hash=False)
    result: str
    message: str
    actor: str = ""


def scrub(value: Any, clean: Callable[[str], str] = redact) -> Any:
    """``value`` with every string redacted (by ``clean``) and values under secret-looking keys replaced
    (recursively)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {
            clean(str(k)): REDACTED if _SECRET_KEY.search(str(k)) and v is not None else scrub(v, clean)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [scrub(v, clean) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return clean(str(value))


def format_value(value: Any) -> str:
    """A change's value as the setter reads it: strings as they are, everything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def format_changes(changes: dict[str, Any]) -> str:
    """``field=value; field=value`` in the order the changes were recorded."""
    return "; ".join(f"{key}={format_value(value)}" for key, value in changes.items())


def _is_number(text: str) -> bool:
    """Whether a filter's text is (most of) a phone number: 7 digits or more, and nothing but a number's marks."""
    needle = text.strip()
    return len(re.sub(r"\D", "", needle)) >= 7 and bool(_PHONE_LIKE.fullmatch(needle))


def _casefold(value: object) -> str:
    return str(value).casefold() if value is not None else ""


def _utc(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime (with a time zone)")
    return value.astimezone(UTC)


def csv_cell(text: str) -> str:
    """Text a spreadsheet cannot run: a leading ``= + - @`` would make Excel treat it as a formula.

    Plain numbers (``+18015551234``, ``-3``) cannot do harm and are left alone.
    """
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


class AuditLog:
    """The local audit log in one sqlite file (``":memory:"`` for a throwaway one).

    Safe to share between threads (one connection behind a lock). Raises
    :class:`AuditLogError` when the file cannot be opened, including when a
    newer HeavySet Console wrote it. A damaged file is set aside under a dated
    name and a new log started with every line that can still be read
    (``recovery`` says so). A line the disk refuses (it is full, another
    program holds the file) is kept in memory, listed, and written by the next
    write or :meth:`retry_writes`; ``problem`` says so meanwhile.

    ``check_after``: the file's pages are checked that many seconds after it is open, on a thread of their
    own, rather than before (a year of lines takes a tenth of a second of a core to check, which the start
    of the console need not wait for nor share the machine with); damage found then is repaired, as at an
    opening, by the next call that reads or writes. None (the default): checked before it opens.
    """

    def __init__(self, path: Path | str, *, actor: str | None = None, check_after: float | None = None) -> None:
        self.path = path if path == ":memory:" else Path(path)
        self.actor = desk_user() if actor is None else redact(actor.strip())[:ACTOR_LENGTH]
        """Who the lines :meth:`record` writes are by, unless it is told: the desk's account by default."""
        self.recovery: str | None = None
        """Set when a damaged file was set aside and a new log started with what could be read of it."""
        self.on_problem: list[Callable[[], None]] = []
        """Called (with no argument) whenever :attr:`problem` changes."""
        self.on_record: list[Callable[[str], None]] = []
        """Called with a line's phone after it is recorded (in the file or kept in memory), on the thread
        that recorded it; a listener that fails is logged and never fails the record."""
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._backlog: list[tuple[Any, ...]] = []
        """Lines the file refused, in order: written by the next write."""
        self._fault: FaultKind | None = None
        self._retry_at = 0.0
        self._damage: str | None = None
        """Damage the check after opening found: the next call sets the file aside and starts a new one."""
        later = check_after is not None and isinstance(self.path, Path)
        try:
            self._db = self._open(check=not later)
        except sqlite3.DatabaseError as exc:
            kind = self._fault_of(exc)
            if kind is not None:
                raise AuditLogError(_fault_sentence(kind)) from exc
            raise AuditLogError(
                translate("Storage", "The activity log could not be opened ({error}).").format(error=exc)
            ) from exc
        except OSError as exc:  # the folder or the file cannot be created (read-only, full)
            kind = self._fault_of(exc)
            if kind is not None and isinstance(self.path, Path) and self.path.parent.is_dir():
                raise AuditLogError(_fault_sentence(kind)) from exc
            raise AuditLogError(
                translate("Storage", "The activity log folder could not be created ({error}).").format(
                    error=exc.strerror or type(exc).__name__
                )
            ) from exc
        if later:
            check = threading.Timer(check_after or 0.0, self._check_pages)
            check.name, check.daemon = "hsconsole-activity-check", True
            check.start()

    # ------------------------------------------------------------ opening

    def _open(self, *, check: bool = True) -> sqlite3.Connection:
        """The file, checked (unless not ``check``); a damaged one is set aside and a new one started with what
        can be read."""
        if isinstance(self.path, Path):
            private_sqlite(self.path)

        def prepare(db: sqlite3.Connection) -> None:
            self._prepare(db)

        on_disk = isinstance(self.path, Path)
        if on_disk and not check:
            try:
                return open_checked(lambda: self._connect(str(self.path)), prepare, self._rebuild, on_disk=False)
            except sqlite3.DatabaseError as exc:
                if fault_kind(exc) != "damaged":
                    raise
                # damage that shows at once is checked and repaired now
        return open_checked(lambda: self._connect(str(self.path)), prepare, self._rebuild, on_disk=on_disk)

    def _check_pages(self) -> None:
        """Check the file's pages on a connection of this thread's own (reading beside the log's writes)."""
        assert isinstance(self.path, Path)
        try:
            db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
            try:
                damage = check(db)
            finally:
                db.close()
        except (sqlite3.Error, OSError) as exc:  # a lock, a vanished file: checked at the next start
            log.info("the activity log's pages were not checked: %s", exc)
            return
        if damage is not None:
            log.warning("audit log damage found after opening (%s)", damage)
            with self._lock:
                if self._db is not None:
                    self._damage = damage

    @staticmethod
    def _connect(path: str) -> sqlite3.Connection:
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)

    def _prepare(self, db: sqlite3.Connection) -> None:
        db.create_function("hs_fold", 1, _casefold, deterministic=True)
        db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL survives a killed console; only a power cut may lose the last lines. A lookup's
        # line then costs no disk flush while the setter waits (the outbox keeps FULL: it holds changes).
        db.execute("PRAGMA synchronous=NORMAL")
        self._migrate(db)

    def _rebuild(self, damage: str) -> sqlite3.Connection:
        """Set the damaged file aside and start a new log with every line that can still be read."""
        assert isinstance(self.path, Path)
        log.warning("audit log damaged (%s)", damage)
        try:
            aside = set_aside(self.path)
        except OSError as exc:
            raise AuditLogError(
                translate("Storage", "The activity log is damaged and could not be set aside ({error}).").format(
                    error=exc
                )
            ) from exc
        fitted = fitted_copy(aside)
        source = self._connect(str(fitted or aside))
        try:
            saved = salvage(source, "audit", _readable_line)
        finally:
            source.close()
            if fitted is not None:
                fitted.unlink(missing_ok=True)
        private_sqlite(self.path)  # the new file private before sqlite makes it (and its WAL)
        db = self._connect(str(self.path))
        try:
            self._prepare(db)
            with transaction(db):
                for row in saved.rows:
                    db.execute(
                        f"INSERT INTO audit (id, {', '.join(_LINE)}) VALUES (?{', ?' * len(_LINE)})",  # noqa: S608
                        [row["id"], *(row[column] for column in _LINE)],
                    )
        except BaseException:
            db.close()
            raise
        count = len(saved.rows)
        self.recovery = _recovery_words(aside.name, count, saved.unreadable)
        log.warning("audit log rebuilt: %d lines kept, %d unreadable", count, saved.unreadable)
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise AuditLogError(
                translate(
                    "Storage",
                    "The activity log was written by a newer HeavySet Console (format {version}; this one reads "
                    "format {readable}). It is left untouched.",
                ).format(version=version, readable=SCHEMA_VERSION),
                newer=True,
            )
        if version == SCHEMA_VERSION:
            return
        with transaction(db):
            # another process may have migrated while we waited for the lock
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {int(target)}")

    # ------------------------------------------------------------ storage faults

    @property
    def problem(self) -> str | None:
        """What keeps lines out of the file, in setter words, while some are kept in memory; else None."""
        with self._lock:
            kind, kept = self._fault, len(self._backlog)
        if kind is None or not kept:
            return None
        words = fault_words(kind, "activity")
        text = (
            translate(
                "Storage", "{cause}: the last {count} action is kept in memory for the activity log until {until}."
            )
            if kept == 1
            else translate(
                "Storage", "{cause}: the last {count} actions are kept in memory for the activity log until {until}."
            )
        )
        return text.format(cause=words.cause, count=kept, until=words.until)

    def retry_writes(self) -> bool:
        """Write the lines kept in memory now; True when none are left."""
        before = self.problem
        with self._lock:
            self._write_backlog()
            done = not self._backlog
        if self.problem != before:
            self._tell()
        return done

    def _tell(self) -> None:
        for listener in list(self.on_problem):
            listener()

    def _write_backlog(self) -> None:
        """Under the lock: the kept lines into the file, all or none; a refusal waits for the next try."""
        if not self._backlog:
            return
        try:
            db = self._connection()
            if self._fault == "damaged":  # the file broke while the console ran: repaired as at a start
                db.close()
                self._db = None
                self._db = db = self._open()
            db.execute("PRAGMA busy_timeout = 0")  # a lock still held is not waited for: the next try comes
            try:
                with transaction(db):
                    db.executemany(_INSERT, self._backlog)
            finally:
                db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        except (sqlite3.DatabaseError, OSError, AuditLogError) as exc:
            self._fault = self._fault_of(exc) or self._fault
            self._retry_at = time_now() + RETRY_SECONDS
            return
        log.info("%d activity lines kept in memory are in the file now", len(self._backlog))
        self._backlog.clear()
        self._fault = None

    def _fault_of(self, exc: BaseException) -> FaultKind | None:
        folder = self.path.parent if isinstance(self.path, Path) else None
        return fault_kind(exc, folder) if not isinstance(exc, AuditLogError) else None

    def prune(self, older_than: datetime) -> int:
        """Delete the lines recorded before ``older_than`` (aware); nothing while lines wait in memory for the
        file, or when the file refuses. Returns how many went.

        Found by the index on time and deleted :data:`PRUNE_BATCH` at a time, each batch a transaction of its
        own, so it may run on a thread of its own while the window records; it stops when the log is closed."""
        cutoff = _utc(older_than, "older_than").strftime(_TIME_FORMAT)

        def batch() -> int | None:
            with self._lock:
                if self._backlog or self._db is None:
                    return None
                try:
                    with transaction(self._db) as db:
                        cursor = db.execute(
                            "DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < ? LIMIT ?)",
                            (cutoff, PRUNE_BATCH),
                        )
                except (sqlite3.DatabaseError, OSError) as exc:
                    log.warning("old activity lines were not pruned: %s", exc)
                    return None
            return max(cursor.rowcount, 0)

        return prune_in_batches(batch, "activity lines older than the retention period")

    # ------------------------------------------------------------ writing

    def record(
        self,
        *,
        profile: str,
        action: str,
        phone: str,
        name: str = "",
        changes: dict[str, Any] | None = None,
        result: str = "ok",
        message: str = "",
        at: datetime | None = None,
        actor: str | None = None,
    ) -> int:
        """Store one action and return its id (0 while it is kept in memory). Secrets are redacted first.

        ``action`` is one of :data:`ACTIONS` (or another lower-case name),
        ``result`` one of :data:`RESULTS`; ``at`` (aware) defaults to now;
        ``actor`` (who) defaults to :attr:`actor`.
        Raises ValueError for a wrong argument, :class:`AuditLogError` when
        the log is closed or the write fails for another reason than the disk.
        """
        row = self._row(
            profile=profile,
            action=action,
            phone=phone,
            name=name,
            changes=changes,
            result=result,
            message=message,
            at=at,
            actor=actor,
        )
        return self._store([row])

    def record_many(self, lines: Iterable[Mapping[str, Any]]) -> int:
        """Store many actions in one write, in the order given, and return how many were stored.

        Each line is a mapping of :meth:`record`'s keyword arguments and is checked and redacted as
        :meth:`record` does it; a wrong line raises ValueError before anything is stored (all or none).
        One transaction, so a thousand lines cost about what one does: for lines brought in from
        elsewhere (another console's export, a test's year of use). Listeners hear each phone once.
        """
        clean = functools.lru_cache(maxsize=_BATCH_MEMO)(redact)  # a batch repeats its profiles, people, numbers
        rows = []
        for number, line in enumerate(lines, start=1):
            try:
                rows.append(self._row(**line, clean=clean))
            except TypeError as exc:  # a key record() does not take, or a required one missing
                raise ValueError(f"line {number}: {exc}") from None
            except ValueError as exc:
                raise ValueError(f"line {number}: {exc}") from None
        if rows:
            self._store(rows)
        return len(rows)

    def _row(
        self,
        *,
        profile: str,
        action: str,
        phone: str,
        name: str = "",
        changes: dict[str, Any] | None = None,
        result: str = "ok",
        message: str = "",
        at: datetime | None = None,
        actor: str | None = None,
        clean: Callable[[str], str] = redact,
    ) -> tuple[Any, ...]:
        """A line as it is stored (in :data:`_STORED`'s order): checked, every string redacted by ``clean``."""
        if not _ACTION_NAME.match(action or ""):
            raise ValueError(f"not an action name: {action!r}")
        if result not in RESULTS:
            raise ValueError(f"result must be one of {', '.join(RESULTS)}, not {result!r}")
        when = _utc(at, "at") if at is not None else datetime.now(UTC)
        clean_changes = scrub(dict(changes or {}), clean)
        try:
            changes_json = json.dumps(clean_changes, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError) as exc:  # e.g. a circular structure
            raise ValueError(f"changes cannot be stored: {exc}") from None
        line = (
            when.strftime(_TIME_FORMAT),
            clean(str(profile)),
            action,
            clean(str(phone).strip()),
            clean(str(name or "").strip()),
            changes_json,  # every string in it is redacted already; redacting JSON text could break it
            result,
            clean(str(message or "")),
            self.actor if actor is None else clean(str(actor).strip())[:ACTOR_LENGTH],
        )
        search = _SEPARATOR.join(line[column].casefold() for column in (3, 4, 7, 5, 8))  # as _where's columns
        return (*line, search)

    def _store(self, rows: list[tuple[Any, ...]]) -> int:
        """Write ``rows`` in one transaction (or keep them in memory behind those waiting); the last one's id,
        0 while they are kept in memory. Then the listeners, once per phone."""
        insert = _INSERT
        before = self.problem, self.recovery
        try:
            with self._lock:
                db = self._connection()
                if self._backlog and time_now() >= self._retry_at:
                    self._write_backlog()
                if self._backlog:  # in order: behind the lines already waiting
                    self._backlog.extend(rows)
                    line = 0
                else:
                    try:
                        if len(rows) == 1:
                            line = int(db.execute(insert, rows[0]).lastrowid or 0)
                        else:
                            with transaction(db):
                                db.executemany(insert, rows)
                                line = int(db.execute("SELECT last_insert_rowid()").fetchone()[0])
                    except (sqlite3.DatabaseError, OSError) as exc:
                        kind = self._fault_of(exc)
                        if kind is None:
                            raise
                        log.warning("the activity log refused %s (%s): kept in memory", plural(len(rows), "line"), exc)
                        self._backlog.extend(rows)
                        self._fault = kind
                        self._retry_at = time_now() + RETRY_SECONDS
                        line = 0
        except sqlite3.Error as exc:
            raise AuditLogError(f"The activity could not be recorded ({exc}).") from exc  # for the log only
        if (self.problem, self.recovery) != before:  # a fault began or ended, or damage was repaired
            self._tell()
        for phone in dict.fromkeys(row[3] for row in rows):
            for listener in list(self.on_record):
                try:
                    listener(phone)
                except Exception:  # a listener's defect never fails the record
                    log.exception("an activity listener failed")
        return line

    # ------------------------------------------------------------ reading

    def entries(
        self,
        *,
        text: str = "",
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        profile: str | None = None,
        phones: Collection[str] | None = None,
        after: AuditEntry | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        """Recorded actions, newest first.

        ``text`` matches phone, name, message, changes or who, ignoring case; a
        phone typed in any format (``(801) 555-1234``) matches by its digits.
        ``phones``: only the lines of these numbers, exactly as they were
        recorded (one caller's history; read by an index however long the log).
        ``since <= at < until`` (aware datetimes). ``after``: only the lines that
        come after this one in that order (the next page, read from the index
        where the last one ended, however far down it is). At most ``limit`` entries.
        """
        where, params = self._where(text, action, since, until, profile, phones)
        if after is not None:
            stamp = _utc(after.at, "after").strftime(_TIME_FORMAT)
            where.append("at <= ? AND (at < ? OR id < ?)")
            params += [stamp, stamp, after.id]
        sql = _SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        # newest first straight from the index on time, stopping at the limit: quick for a filter that many lines
        # match; a phone number matches few, so its lines are found by reading the table in its own order (twice
        # as fast as through the index) and sorted, the few that they are
        order = "+at DESC, id DESC" if _is_number(text) else "at DESC, id DESC"
        sql += f" ORDER BY {order} LIMIT ?"
        params.append(max(0, int(limit)))
        rows, kept = self._read(sql, params)
        if kept is not None:  # the lines kept in memory, chosen by the same query
            rows += kept.execute(sql, params).fetchall()
            kept.close()
            rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
            del rows[max(0, int(limit)) :]
        return [self._entry(row) for row in rows]

    def count(
        self,
        *,
        text: str = "",
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        profile: str | None = None,
        phones: Collection[str] | None = None,
        cap: int | None = None,
    ) -> int:
        """How many lines :meth:`entries` would find with these filters (and no limit).

        With ``cap``, counting stops there: a text that matches half a year of lines is not counted to the
        end (the answer is then ``cap``, for "more than"). Without filters the count comes from an index.
        """
        where, params = self._where(text, action, since, until, profile, phones)
        sql = "SELECT 1 FROM audit" + (" WHERE " + " AND ".join(where) if where else "")  # noqa: S608
        if cap is not None:
            sql += " LIMIT ?"
            params.append(max(0, int(cap)))
        sql = f"SELECT COUNT(*) FROM ({sql})"  # noqa: S608 (the filters are parameters)
        rows, kept = self._read(sql, params)
        total = int(rows[0][0])
        if kept is not None:
            total += int(kept.execute(sql, params).fetchone()[0])
            kept.close()
        return min(total, cap) if cap is not None else total

    @staticmethod
    def _where(
        text: str,
        action: str | None,
        since: datetime | None,
        until: datetime | None,
        profile: str | None,
        phones: Collection[str] | None,
    ) -> tuple[list[str], list[Any]]:
        """The conditions of :meth:`entries`' filters and their parameters."""
        where: list[str] = []
        params: list[Any] = []
        needle = text.strip().casefold()
        if needle:
            # a line written since format 3 has its texts folded in one column, matched without a call into
            # Python per line; an older line is folded as it is read
            columns = ("phone", "name", "message", "changes", "actor")
            older = " OR ".join(f"instr(hs_fold({column}), ?) > 0" for column in columns)
            matches = ["(search IS NOT NULL AND instr(search, ?) > 0)", f"(search IS NULL AND ({older}))"]
            params += [needle] * (len(columns) + 1)
            digits = re.sub(r"\D", "", needle)
            if len(digits) >= 3 and _PHONE_LIKE.fullmatch(needle):
                matches.append("instr(phone, ?) > 0")
                params.append(digits)
            where.append("(" + " OR ".join(matches) + ")")
        if action:
            where.append("action = ?")
            params.append(action)
        if profile is not None:
            where.append("profile = ?")
            params.append(profile)
        if phones is not None:
            wanted = sorted({str(phone).strip() for phone in phones})
            where.append(f"phone IN ({', '.join('?' * len(wanted))})" if wanted else "0")
            params += wanted
        if since is not None:
            where.append("at >= ?")
            params.append(_utc(since, "since").strftime(_TIME_FORMAT))
        if until is not None:
            where.append("at < ?")
            params.append(_utc(until, "until").strftime(_TIME_FORMAT))
        return where, params

    def _read(self, sql: str, params: list[Any]) -> tuple[list[Any], sqlite3.Connection | None]:
        """The file's answer to ``sql``, and the lines kept in memory as a database of their own (None when
        there are none; the caller asks it the same and closes it)."""
        try:
            with self._lock:
                rows = self._connection().execute(sql, params).fetchall()
                kept = list(self._backlog)
        except sqlite3.Error as exc:
            raise AuditLogError(
                translate("Storage", "The activity log could not be read ({error}).").format(error=exc)
            ) from exc
        if not kept:
            return rows, None
        memory = sqlite3.connect(":memory:")
        memory.create_function("hs_fold", 1, _casefold, deterministic=True)
        for version in sorted(_MIGRATIONS):
            for statement in _MIGRATIONS[version]:
                memory.execute(statement)
        memory.executemany(
            f"INSERT INTO audit (id, {', '.join(_STORED)}) VALUES (?{', ?' * len(_STORED)})",  # noqa: S608
            [(-n, *line) for n, line in enumerate(kept, start=1)],
        )
        return rows, memory

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> AuditEntry:
        ident, at, profile, action, phone, name, changes_json, result, message, actor = row
        try:
            changes = json.loads(changes_json)
        except (TypeError, ValueError):
            changes = {}
        return AuditEntry(
            id=int(ident),
            at=datetime.fromisoformat(at).astimezone(UTC),
            profile=profile,
            action=action,
            phone=phone,
            name=name,
            changes=changes if isinstance(changes, dict) else {},
            result=result,
            message=message,
            actor=actor,
        )

    def actions(self) -> list[str]:
        """The distinct actions recorded so far, sorted."""
        found: set[str] = set()
        try:
            with self._lock:
                db = self._connection()
                last = ""  # one look into the index per action, however many lines each has
                while (row := db.execute("SELECT MIN(action) FROM audit WHERE action > ?", (last,)).fetchone())[0]:
                    last = str(row[0])
                    found.add(last)
                found.update(line[2] for line in self._backlog)
        except sqlite3.Error as exc:
            raise AuditLogError(
                translate("Storage", "The activity log could not be read ({error}).").format(error=exc)
            ) from exc
        return sorted(found)

    # ------------------------------------------------------------ export

    def export_csv(self, path: Path, entries: Iterable[AuditEntry]) -> int:
        """Write ``entries`` to a CSV file Excel opens as is (UTF-8 with BOM); return the rows written.

        Columns: :data:`CSV_COLUMNS`; ``time_utc`` is ISO 8601 in UTC with its offset, changes are
        ``field=value; field=value``, ``by`` is empty when who is unknown. A cell that a spreadsheet would run as a
        formula (text starting with ``= + - @``, e.g. a lead named
        ``=HYPERLINK(…)``) gets a leading apostrophe; plain numbers such as
        ``+18015551234`` are written as they are. The file is written to a
        temporary name and renamed, so it is never left half-written. Raises
        OSError when it cannot be written.
        """
        path = Path(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        count = 0
        try:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(CSV_COLUMNS)
                for entry in entries:
                    cells = (
                        entry.at.astimezone(UTC).isoformat(timespec="seconds"),
                        entry.profile,
                        entry.action,
                        entry.phone,
                        entry.name,
                        format_changes(entry.changes),
                        entry.result,
                        entry.message,
                        entry.actor,
                    )
                    writer.writerow([csv_cell(redact(cell)) for cell in cells])
                    count += 1
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return count

    # ------------------------------------------------------------ closing

    def _connection(self) -> sqlite3.Connection:
        """The open file (under the lock); a file the check after opening found damaged is repaired first."""
        if self._db is None:
            raise AuditLogError(translate("Storage", "The activity log is closed."))
        if self._damage is not None:
            damage, self._damage = self._damage, None
            self._db.close()
            self._db = None
            self._db = self._rebuild(damage)
        return self._db

    def close(self) -> None:
        """Close the file (idempotent); lines still kept in memory are tried once more first."""
        with self._lock:
            if self._db is not None:
                self._write_backlog()
                if self._backlog:
                    log.error("activity log closed with %d lines it never took", len(self._backlog))
            db, self._db = self._db, None
        if db is not None:
            db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"AuditLog({str(self.path)!r})"

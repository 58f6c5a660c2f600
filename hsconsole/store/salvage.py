"""What the console's sqlite files do when the disk fails them: the kind of fault, and damage repaired.

A write the disk refuses (full, busy in another program, read-only, an input/output error) is a
*storage fault*: :func:`fault_kind` names it, so the store can keep the change in memory and say so
in setter words, in the setter's language (:func:`fault_words`). A file with damaged pages is set
aside under a dated name (:func:`set_aside`) and every row that can still be read is taken out of it
(:func:`salvage`), so a new file can start with them.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import logging
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal

from hsconsole.domain.words import QT_TRANSLATE_NOOP, translate

log = logging.getLogger("hsconsole.store")

FaultKind = Literal["full", "locked", "read-only", "damaged", "io"]

BUSY_TIMEOUT = 0.25
"""Seconds a write waits for another program's lock before the change is kept in memory instead.

The stores run on the window's thread: a longer wait would freeze the window while the lock is held."""
RETRY_SECONDS = 2.0
"""How often a store tries to write what it keeps in memory (each try is immediate: it never waits)."""

_PROGRAMMING = ("syntax error", "no such column", "no such function", "has no column", "incomplete input")
_DAMAGE = ("malformed", "not a database", "corrupt", "encrypted")
_LOCKED = ("locked", "busy")
_FULL = ("full",)
_READ_ONLY = ("readonly", "read-only", "unable to open", "permission", "access")


def fault_kind(exc: BaseException, folder: Path | None = None) -> FaultKind | None:
    """The storage fault ``exc`` is, or None when it is not one (a bug, a constraint) and must be raised.

    sqlite reports some writes to a full disk as input/output errors: with the ``folder`` written to,
    such an error on a disk with (almost) no room left is called full.
    """
    kind = _kind(exc)
    if kind == "io" and folder is not None and _no_room(folder):
        return "full"
    return kind


def _no_room(folder: Path) -> bool:
    for place in (folder, *folder.parents):
        try:
            return shutil.disk_usage(place).free < _ROOM
        except OSError:
            continue
    return False


_ROOM = 256 * 1024
"""Free bytes under which an input/output error is taken for a full disk."""


def _kind(exc: BaseException) -> FaultKind | None:
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "full"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "read-only"
        return "io"
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(
        exc,
        sqlite3.IntegrityError
        | sqlite3.ProgrammingError
        | sqlite3.InterfaceError
        | sqlite3.DataError
        | sqlite3.NotSupportedError,
    ):
        return None
    text = str(exc).lower()
    if any(word in text for word in _PROGRAMMING):
        return None
    for kind, words in (("damaged", _DAMAGE), ("locked", _LOCKED), ("full", _FULL), ("read-only", _READ_ONLY)):
        if any(word in text for word in words):
            return kind  # type: ignore[return-value]
    return "io"


@dataclass(frozen=True)
class FaultWords:
    cause: str
    """What is wrong, as a sentence start: "The disk is full"."""
    until: str
    """Until when the store keeps changes in memory: "it has room"."""


StoreFile = Literal["outbox", "activity"]
"""The file a fault is of: the outbox's, or the activity log's."""


_CAUSES: dict[tuple[FaultKind, StoreFile], str] = {
    ("full", "outbox"): QT_TRANSLATE_NOOP("Storage", "The disk is full"),
    ("full", "activity"): QT_TRANSLATE_NOOP("Storage", "The disk is full"),
    ("locked", "outbox"): QT_TRANSLATE_NOOP("Storage", "The outbox file is in use by another program"),
    ("locked", "activity"): QT_TRANSLATE_NOOP("Storage", "The activity log is in use by another program"),
    ("read-only", "outbox"): QT_TRANSLATE_NOOP(
        "Storage", "The outbox file cannot be written (its folder is read-only)"
    ),
    ("read-only", "activity"): QT_TRANSLATE_NOOP(
        "Storage", "The activity log cannot be written (its folder is read-only)"
    ),
    ("damaged", "outbox"): QT_TRANSLATE_NOOP("Storage", "The outbox file is damaged"),
    ("damaged", "activity"): QT_TRANSLATE_NOOP("Storage", "The activity log is damaged"),
    ("io", "outbox"): QT_TRANSLATE_NOOP("Storage", "The disk could not write the outbox file"),
    ("io", "activity"): QT_TRANSLATE_NOOP("Storage", "The disk could not write the activity log"),
}
"""What is wrong, by fault and file: each a whole sentence, so that a translation agrees with its file."""
_UNTIL: dict[FaultKind, str] = {
    "full": QT_TRANSLATE_NOOP("Storage", "it has room"),
    "locked": QT_TRANSLATE_NOOP("Storage", "it is free"),
    "read-only": QT_TRANSLATE_NOOP("Storage", "it can be written"),
    "damaged": QT_TRANSLATE_NOOP("Storage", "it is repaired"),
    "io": QT_TRANSLATE_NOOP("Storage", "it can"),
}
"""Until when changes stay in memory, by fault."""


def fault_words(kind: FaultKind, store: StoreFile) -> FaultWords:
    """Setter words (in the setter's language) for a fault of the outbox file or the activity log."""
    return FaultWords(translate("Storage", _CAUSES[(kind, store)]), translate("Storage", _UNTIL[kind]))


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 change``, ``2 changes``; ``words`` for a plural not made with an s. English, for the log: the setter's
    words choose a whole sentence by the count instead."""
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


# ---------------------------------------------------------------- damage


def check(db: sqlite3.Connection) -> str | None:
    """None when the file reads as sound (``PRAGMA quick_check``), else what is wrong with it.

    Raises a storage fault that is not damage (a lock, a file that cannot be opened) as it is.
    """
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if fault_kind(exc) != "damaged":
            raise
        return str(exc)
    found = [str(row[0]) for row in rows]
    return None if found == ["ok"] else "; ".join(found[:3])


def open_checked(
    connect: Callable[[], sqlite3.Connection],
    prepare: Callable[[sqlite3.Connection], str | None],
    rebuild: Callable[[str], sqlite3.Connection],
    *,
    on_disk: bool,
) -> sqlite3.Connection:
    """A database opened, its pages checked (``on_disk``) and ``prepare``d; ``prepare`` may name damage of
    its own. A damaged one is closed and ``rebuild`` gets what is wrong."""
    db = connect()
    try:
        damage = check(db) if on_disk else None
        if damage is None:
            damage = prepare(db)
    except BaseException:
        db.close()
        raise
    if damage is None:
        return db
    db.close()
    return rebuild(damage)


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; on any error a ROLLBACK where one is still open (a COMMIT the disk
    refused may leave the transaction open, or sqlite may have ended it), and the error goes on."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def set_aside(path: Path, *, now: datetime | None = None) -> Path:
    """Rename a damaged file (with its ``-wal`` and ``-shm``) to ``<name>.damaged-2026-12-07T0812``.

    Returns the new path; raises OSError when the file cannot be renamed (its folder is read-only).
    """
    stamp = (now or datetime.now()).strftime("%Y-%m-%dT%H%M")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while any(aside.with_name(aside.name + suffix).exists() for suffix in ("", "-wal", "-shm")):
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    path.replace(aside)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + suffix).replace(aside.with_name(aside.name + suffix))
    log.warning("%s damaged; set aside as %s", path.name, aside.name)
    return aside


_MAGIC = b"SQLite format 3\x00"


def fitted_copy(path: Path) -> Path | None:
    """A readable copy of a cut-short file, or None when ``path`` is not cut short (or cannot be copied).

    sqlite trusts the header's page count and refuses the whole file when pages it counts are missing:
    the copy has the whole pages that are left, and the header says so. ``path`` itself is not changed.
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
            if len(header) < 100 or not header.startswith(_MAGIC):
                return None
            size = int.from_bytes(header[16:18], "big")
            page = 65536 if size == 1 else size
            if page < 512 or page & (page - 1):
                return None
            pages = handle.seek(0, 2) // page
            if not pages or int.from_bytes(header[28:32], "big") <= pages:
                return None
            handle.seek(0)
            data = bytearray(handle.read(pages * page))
        data[28:32] = pages.to_bytes(4, "big")
        copy = path.with_name(path.name + ".reading")
        copy.write_bytes(bytes(data))
    except OSError as exc:
        log.warning("%s is cut short and could not be copied to be read: %s", path.name, exc)
        return None
    log.warning("%s was cut short: read as its first %d pages", path.name, pages)
    return copy


def open_read_only(path: Path) -> sqlite3.Connection | None:
    """``path`` opened for reading only (its folder may be read-only), or None when it cannot be read."""
    if not path.exists():
        return None
    for query in ("mode=ro", "immutable=1"):  # immutable: no -shm is needed, but the -wal is not read
        try:
            db = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True, check_same_thread=False)
        except sqlite3.Error:
            continue
        try:
            db.execute("SELECT name FROM sqlite_master").fetchall()
        except sqlite3.Error:
            db.close()
            continue
        return db
    return None


@dataclass
class Salvage:
    rows: list[dict[str, Any]] = field(default_factory=list)
    """Every row that could be read (and passed the caller's test), by rowid."""
    unreadable: int = 0
    """Rows known to exist (by an index, or between readable rows) that could not be read."""


RowTest = Callable[[dict[str, Any]], dict[str, Any] | None]
_PROBE_LIMIT = 200_000
"""Rowids probed one by one between two readable rows (a damaged page holds at most a few hundred)."""


def salvage(db: sqlite3.Connection, table: str, keep: RowTest) -> Salvage:
    """Every row of ``table`` that can still be read from a damaged file, in rowid order.

    The table is scanned in rowid order from both ends until a damaged page stops each scan; the
    rowids its indexes still list, and those between the two scans, are then read one by one, so
    the rows on sound pages between damaged ones are found too. ``keep`` turns a row (column → value)
    into the row to keep, or None for one whose values are garbage.
    """
    db.text_factory = bytes  # a damaged text is read, and judged, rather than failing its whole page
    found: dict[int, dict[str, Any] | None] = {}
    failed: set[int] = set()

    def take(row: sqlite3.Row | tuple[Any, ...], names: list[str]) -> None:
        values = dict(zip(names, row, strict=True))
        rowid = int(values.pop("_rowid"))
        found[rowid] = _judged(values, keep)

    def scan(order: str, where: str, start: int) -> bool:
        """True when the scan reached the end of the table."""
        cursor: sqlite3.Cursor | None = None
        try:
            cursor = db.execute(
                f"SELECT rowid AS _rowid, * FROM {table} NOT INDEXED WHERE {where} ORDER BY rowid {order}",  # noqa: S608
                (start,),
            )
            names = [d[0] for d in cursor.description]
            for row in cursor:
                take(row, names)
        except sqlite3.DatabaseError:
            return False
        finally:
            if cursor is not None:
                cursor.close()
        return True

    try:
        db.execute(f"SELECT * FROM {table} LIMIT 0").fetchall()  # noqa: S608
    except sqlite3.DatabaseError as exc:
        log.warning("nothing can be read from the %s table: %s", table, exc)
        return Salvage()
    known: set[int] = set()
    if not scan("ASC", "rowid > ?", -(2**63)):
        scan("DESC", "rowid < ?", 2**63 - 1)
        known = _indexed_rowids(db, table)
        candidates = set(known)
        ordered = sorted(found)
        for low, high in itertools.pairwise(ordered):
            if 1 < high - low < _PROBE_LIMIT:
                candidates.update(range(low + 1, high))
        if ordered and ordered[0] < _PROBE_LIMIT:  # the first page itself may be the damaged one
            candidates.update(range(1, ordered[0]))
        for rowid in sorted(candidates - found.keys()):
            try:
                cursor = db.execute(f"SELECT rowid AS _rowid, * FROM {table} WHERE rowid = ?", (rowid,))  # noqa: S608
                names = [d[0] for d in cursor.description]
                row = cursor.fetchone()
            except sqlite3.DatabaseError:
                failed.add(rowid)
                continue
            if row is not None:
                take(row, names)
    rows = [row for _, row in sorted(found.items()) if row is not None]
    garbage = sum(1 for row in found.values() if row is None)
    # rowids grow one by one: a rowid between two rows read, or listed by an index, held a row
    low, high = (min(found), max(found)) if found else (0, 0)
    lost = {rowid for rowid in failed if rowid in known or low < rowid < high}
    return Salvage(rows, garbage + len(lost))


def _indexed_rowids(db: sqlite3.Connection, table: str) -> set[int]:
    """The rowids the table's indexes still list (each index read until its own damage stops it)."""
    rowids: set[int] = set()
    try:
        indexes = [_text(row[1]) for row in db.execute(f"PRAGMA index_list({table})").fetchall()]
    except sqlite3.DatabaseError:
        return rowids
    for index in indexes:
        try:
            first = db.execute(f"PRAGMA index_info({index})").fetchone()
            if first is None or first[2] is None:
                continue
            column = _text(first[2])
            cursor = db.execute(f'SELECT rowid FROM {table} INDEXED BY "{index}" ORDER BY "{column}"')  # noqa: S608
            for (rowid,) in cursor:
                rowids.add(int(rowid))
        except sqlite3.DatabaseError:
            continue
    return rowids


def _judged(values: dict[str, Any], keep: RowTest) -> dict[str, Any] | None:
    decoded: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, bytes):
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                return None
        decoded[name] = value
    try:
        return keep(decoded)
    except (ValueError, TypeError, KeyError):
        return None


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


PRUNE_BATCH: Final = 500
"""Rows a retention run deletes in one transaction."""
PRUNE_PAUSE: Final = 0.01
"""Seconds between two batches: a write waiting for the store's lock gets it meanwhile (a lock is not handed
over in turn)."""


def prune_in_batches(batch: Callable[[], int | None], what: str) -> int:
    """Call ``batch`` (it deletes at most :data:`PRUNE_BATCH` rows in a transaction of its own and returns how
    many, or None when it must stop: the store closed or refused) until one deletes fewer, pausing between two;
    returns how many went, and logs it as ``what`` ("activity lines older than the retention period")."""
    gone = 0
    while (deleted := batch()) is not None:
        gone += deleted
        if deleted < PRUNE_BATCH:
            break
        time.sleep(PRUNE_PAUSE)
    if gone:
        log.info("pruned %d %s", gone, what)
    return gone

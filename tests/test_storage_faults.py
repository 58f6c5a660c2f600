"""Storage faults and damage: nothing the setter typed is dropped, nothing stops the console.

A full disk, a lock held by another program, a read-only data folder: the change is kept in memory,
sent as usual, said in a banner, and written to the file once it takes writes again. A damaged
outbox, activity log or settings file is set aside under a dated name and what can be read of it is
kept. The full disk is a real one (a small tmpfs) where the machine lets the test mount it, and an
injected ``sqlite3.OperationalError`` everywhere.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hsconsole.api.heavyset.models import PhoneUpdate
from hsconsole.services.outbox import OutboxService, Queued
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.outbox import FollowUp, OutboxStore
from tests.helpers import Runner, api_requests, lead_comments, make_console, note_update

DENVER = DEMO_PHONES["denver_booked"]
TAMPA = DEMO_PHONES["tampa_new"]
PROFILE = "Test"
DATED = r"\.damaged-\d{4}-\d{2}-\d{2}T\d{4}"


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(rate_limit=None) as server:
        yield server


def _add(store: OutboxStore, n: int, *, phone: str | None = None, claim: bool = False) -> Any:
    phone = phone or f"+1801555{n:04d}"
    return store.add(
        profile=PROFILE,
        kind="update",
        phone=phone,
        key=f"key-{n}",
        payload={"phone": phone, "appendComment": f"m{n}", "city": "x" * 150},
        summary=f"note m{n}",
        claim=claim,
    )


def _rows(path: Path) -> dict[int, tuple[Any, ...]]:
    """id → (key, payload, status) as the file holds them, read with plain sqlite."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT id, idempotency_key, payload, status FROM outbox").fetchall()
    finally:
        db.close()
    return {row[0]: row[1:] for row in rows}


def _outbox_with_waiting_changes(path: Path, pending: int = 300) -> dict[int, tuple[Any, ...]]:
    """An outbox file with ``pending`` changes waiting, and a few done and refused ones."""
    store = OutboxStore(path, owner="earlier")
    for n in range(pending + 30):
        entry = _add(store, n)
        if n >= pending:  # the last 30: 25 sent, 5 refused
            store.mark_done(entry, {"ok": True}) if n < pending + 25 else store.mark_failed(entry, "no", seen=False)
    store.close()
    return _rows(path)


# ---------------------------------------------------------------- a real full disk, where the machine allows


@contextlib.contextmanager
def small_disk(where: Path, size: str = "256k") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where``; skips the test (saying why) where mounting is not allowed."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small file system cannot be mounted here (not root): the injected fault variant covers it")
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, text=True, check=False
    )
    if mounted.returncode:
        pytest.skip(f"mounting a small tmpfs is not allowed here ({mounted.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill_up(folder: Path) -> Path:
    """Fill the disk under ``folder`` to the last byte; remove the returned file to make room again."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 512)
    finally:
        os.close(fd)
    return filler


def remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


# ---------------------------------------------------------------- an injected fault, everywhere


class FaultyConnection(sqlite3.Connection):
    """A connection whose writes fail with ``fault`` (an sqlite error message) while it is set."""

    fault: str | None = None
    WRITES = ("BEGIN IMMEDIATE", "INSERT", "UPDATE", "COMMIT", "DELETE")

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        if FaultyConnection.fault and sql.lstrip().upper().startswith(self.WRITES):
            raise sqlite3.OperationalError(FaultyConnection.fault)
        return super().execute(sql, *args)


@pytest.fixture
def faulty(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FaultyConnection]]:
    """Outbox files opened from here on fail their writes while ``FaultyConnection.fault`` is set."""

    def connect(self: OutboxStore, path: str) -> sqlite3.Connection:
        factory = sqlite3.Connection if path == ":memory:" else FaultyConnection  # the memory copy never fails
        db = sqlite3.connect(path, timeout=0.25, isolation_level=None, check_same_thread=False, factory=factory)
        db.row_factory = sqlite3.Row
        return db

    monkeypatch.setattr(OutboxStore, "_connect", connect)
    FaultyConnection.fault = None
    yield FaultyConnection
    FaultyConnection.fault = None


# ================================================================ the outbox: faults while saving


def test_a_full_disk_keeps_the_change_in_memory_says_so_and_writes_it_when_there_is_room(
    faulty: type[FaultyConnection], sim: SimServer, tmp_path: Path, arun: Runner
) -> None:
    console = make_console(sim.url, sim.state.token, outbox_path=tmp_path / "outbox.sqlite3")
    outbox = console.outbox
    assert outbox is not None
    told: list[str | None] = []
    outbox.store.on_problem.append(lambda: told.append(outbox.store.problem))
    faulty.fault = "database or disk is full"
    result = arun(outbox.submit("update", *note_update(DENVER, "while full")))
    assert result["phone"] == DENVER and lead_comments(sim, DENVER)[-1] == "while full"  # sent as usual
    assert outbox.store.counts(PROFILE) == {"done": 1}
    assert told and told[-1] is not None and told[-1].startswith("The disk is full")
    # a change HeavySet does not take now waits in memory, said in so many words
    sim.state.force("500", times=2)  # the setter's try and its quick second try
    with pytest.raises(Queued):
        arun(outbox.submit("update", *note_update(DENVER, "queued while full")))
    problem = outbox.store.problem
    assert problem is not None
    assert "1 change not sent yet is kept in memory only until it has room" in problem
    assert "Do not quit" in problem
    assert _rows(tmp_path / "outbox.sqlite3") == {}  # nothing reached the file
    assert outbox.store.retry_writes() is False  # still full
    faulty.fault = None
    assert outbox.store.retry_writes() is True
    assert told[-1] is None and outbox.store.problem is None
    statuses = sorted(status for _key, _payload, status in _rows(tmp_path / "outbox.sqlite3").values())
    assert statuses == ["done", "pending"]
    # the waiting one is sent once, from the file now, with its key
    entry = outbox.store.entries(profile=PROFILE)[0]
    outbox.store.retry_now(entry.id)
    assert arun(outbox.replay_one()) is not None
    assert lead_comments(sim, DENVER).count("queued while full") == 1
    assert arun(outbox.replay_one()) is None
    keys = [request["idempotency_key"] for request in api_requests(sim, "PATCH")]
    assert keys.count(entry.idempotency_key) == len(keys) - 1  # every try of it carried the same key


def test_a_change_kept_in_memory_is_replayed_from_memory_and_written_once_done(
    faulty: type[FaultyConnection], sim: SimServer, tmp_path: Path, arun: Runner
) -> None:
    console = make_console(sim.url, sim.state.token, outbox_path=tmp_path / "outbox.sqlite3")
    outbox = console.outbox
    assert outbox is not None
    faulty.fault = "database or disk is full"
    sim.state.force("500", times=2)  # the setter's try and its quick second try
    with pytest.raises(Queued):
        arun(outbox.submit("update", *note_update(TAMPA, "replayed from memory")))
    entry = outbox.store.entries(profile=PROFILE)[0]
    outbox.store.retry_now(entry.id)
    done = arun(outbox.replay_one())
    assert done is not None and done.status == "done"
    assert lead_comments(sim, TAMPA).count("replayed from memory") == 1
    faulty.fault = None
    assert outbox.store.retry_writes()
    assert list(_rows(tmp_path / "outbox.sqlite3").values()) == [(entry.idempotency_key, entry_payload(entry), "done")]
    assert arun(outbox.replay_one()) is None  # never sent a second time
    assert len(api_requests(sim, "PATCH")) == 3


def entry_payload(entry: Any) -> str:
    return json.dumps(entry.payload, separators=(",", ":"))


def test_follow_ups_kept_in_memory_keep_their_order_and_land_with_their_entry(
    faulty: type[FaultyConnection], tmp_path: Path
) -> None:
    path = tmp_path / "outbox.sqlite3"
    store = OutboxStore(path, owner="a")
    earlier = _add(store, 1, phone=DENVER)
    faulty.fault = "database or disk is full"
    mirror = FollowUp(kind="apptoto_event", lane="apptoto", payload={"external_id": "x"}, summary="mirror")
    entry = store.add(
        profile=PROFILE,
        kind="appointment",
        phone=DENVER,
        key="booking",
        payload={"phone": DENVER},
        summary="book",
        claim=False,
        follow_ups=[mirror],
    )
    assert store.blocked_by_earlier(entry) == 1  # behind the change already in the file
    assert store.claim_next(PROFILE) is None  # the file's entry waits for the file; the booking waits behind it
    faulty.fault = None
    assert store.retry_writes()
    assert [e.idempotency_key for e in store.entries(profile=PROFILE)][:2] == ["key-1", "booking"]
    head = store.claim_next(PROFILE)
    assert head is not None and head.id == earlier.id
    store.mark_done(head, {})
    booking = store.claim_next(PROFILE)
    assert booking is not None and booking.id == entry.id  # the number it was given in memory
    store.mark_done(booking, {})
    follow = store.claim_next(PROFILE)
    assert follow is not None and (follow.lane, follow.after_id) == ("apptoto", entry.id)


def test_a_locked_outbox_keeps_the_save_without_freezing_and_it_lands_once_released(
    sim: SimServer, tmp_path: Path, arun: Runner
) -> None:
    path = tmp_path / "outbox.sqlite3"
    console = make_console(sim.url, sim.state.token, outbox_path=path)
    outbox = console.outbox
    assert outbox is not None
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        started = time.monotonic()
        entry = outbox.store.add(
            profile=PROFILE, kind="update", key="k", phone=TAMPA, payload={}, summary="s", claim=False
        )
        assert time.monotonic() - started < 0.6  # the lock is waited on for a quarter of a second, not 10 s
        problem = outbox.store.problem
        assert problem is not None and problem.startswith("The outbox file is in use by another program")
        started = time.monotonic()
        arun(outbox.submit("update", *note_update(DENVER, "while locked")))
        assert lead_comments(sim, DENVER)[-1] == "while locked"
        for _ in range(5):  # writes while it is held do not wait on the lock again
            outbox.store.retry_now(entry.id)
        assert time.monotonic() - started < 2.0
        assert outbox.store.retry_writes() is False
    finally:
        other.execute("COMMIT")
        other.close()
    assert outbox.store.retry_writes() is True
    assert outbox.store.problem is None
    statuses = sorted(status for _key, _payload, status in _rows(path).values())
    assert statuses == ["done", "pending"]


def test_the_replayer_writes_what_memory_holds_once_the_lock_is_released(
    sim: SimServer, tmp_path: Path, arun: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hsconsole.services.outbox as service_module
    import hsconsole.store.outbox as store_module

    monkeypatch.setattr(service_module, "IDLE_POLL", 0.1)
    monkeypatch.setattr(store_module, "RETRY_SECONDS", 0.1)
    path = tmp_path / "outbox.sqlite3"
    console = make_console(sim.url, sim.state.token, outbox_path=path)
    outbox = console.outbox
    assert outbox is not None
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    arun(outbox.submit("update", *note_update(DENVER, "lands later")))
    assert outbox.store.problem is not None
    other.execute("COMMIT")
    other.close()

    async def replay_until_written() -> None:
        import asyncio

        written = asyncio.Event()
        outbox.store.on_problem.append(lambda: written.set() if outbox.store.problem is None else None)
        replayer = asyncio.ensure_future(outbox.run())
        try:
            await written.wait()
        finally:
            replayer.cancel()
            await asyncio.gather(replayer, return_exceptions=True)

    arun(replay_until_written(), timeout=10)
    assert [status for _key, _payload, status in _rows(path).values()] == ["done"]


def test_a_change_another_console_made_meanwhile_stands(faulty: type[FaultyConnection], tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    store = OutboxStore(path, owner="a")
    entry = _add(store, 1)
    store.mark_failed(store.claim_next(PROFILE) or entry, "refused", seen=False)
    faulty.fault = "database is locked"
    assert store.discard(entry.id) is True  # the setter discards it while the file is busy
    assert store.counts(PROFILE) == {"discarded": 1}
    other = sqlite3.connect(path, isolation_level=None)  # meanwhile another console retried and sent it
    other.execute("UPDATE outbox SET status = 'done', attempts = 2 WHERE id = ?", (entry.id,))
    other.close()
    faulty.fault = None
    assert store.retry_writes()
    assert store.counts(PROFILE) == {"done": 1}


def test_the_file_entries_are_not_sent_from_memory(faulty: type[FaultyConnection], tmp_path: Path) -> None:
    """Another console may be sending them: only a write to the file may claim one."""
    store = OutboxStore(tmp_path / "outbox.sqlite3", owner="a")
    _add(store, 1)
    faulty.fault = "database is locked"
    assert store.claim_next(PROFILE) is None
    problem = store.problem
    assert problem is not None and "1 older change in the outbox waits to be sent until then" in problem
    assert store.next_due(PROFILE) is None or store.next_due(PROFILE) > time.time() + 3600  # type: ignore[operator]
    faulty.fault = None
    assert store.retry_writes()
    claimed = store.claim_next(PROFILE)
    assert claimed is not None and claimed.idempotency_key == "key-1"


def test_a_really_full_disk(tmp_path: Path, sim: SimServer, arun: Runner) -> None:
    with small_disk(tmp_path / "disk") as disk:
        path = disk / "outbox.sqlite3"
        console = make_console(sim.url, sim.state.token, outbox_path=path)
        outbox = console.outbox
        assert outbox is not None
        for n in range(3):
            arun(outbox.submit("update", *note_update(DENVER, f"before {n}")))
        filler = fill_up(disk)
        sent = []
        for n in range(20):
            arun(outbox.submit("update", *note_update(TAMPA, f"full {n}")))
            sent.append(f"full {n}")
        assert lead_comments(sim, TAMPA)[-20:] == sent
        problem = outbox.store.problem
        assert problem is not None and problem.startswith("The disk is full")
        assert outbox.store.counts(PROFILE) == {"done": 23}
        filler.unlink()
        assert outbox.store.retry_writes()
        assert outbox.store.problem is None
        outbox.store.close()
        assert sorted(status for _k, _p, status in _rows(path).values()) == ["done"] * 23


def test_a_read_only_data_folder(tmp_path: Path, sim: SimServer, arun: Runner) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        path = disk / "outbox.sqlite3"
        before = OutboxStore(path, owner="earlier")
        _add(before, 1, phone=DENVER)
        before.close()
        remount(disk, "ro")
        console = make_console(sim.url, sim.state.token, outbox_path=path)
        outbox = console.outbox
        assert outbox is not None
        problem = outbox.store.problem
        assert problem is not None and problem.startswith("The outbox file cannot be written (its folder is read-only)")
        assert "1 older change in the outbox waits to be sent until then" in problem
        assert outbox.pending_count() == 1  # the file's waiting change is listed
        arun(outbox.submit("update", *note_update(TAMPA, "read-only")))
        assert lead_comments(sim, TAMPA)[-1] == "read-only"
        assert arun(outbox.replay_one()) is None  # the file's change waits for the file
        assert api_requests(sim, "PATCH", DENVER) == []
        assert outbox.store.retry_writes() is False
        remount(disk, "rw")
        assert outbox.store.retry_writes() is True
        outbox.store.close()
        assert sorted(status for _k, _p, status in _rows(path).values()) == ["done", "pending"]


def test_a_data_folder_that_cannot_be_made(tmp_path: Path, sim: SimServer, arun: Runner) -> None:
    with small_disk(tmp_path / "disk", "64k") as disk:
        remount(disk, "ro")
        store = OutboxStore(disk / "hsconsole" / "outbox.sqlite3", owner="a")
        problem = store.problem
        assert problem is not None and "cannot be written" in problem
        outbox = OutboxService(store, *_clients(sim), PROFILE)
        arun(outbox.submit("update", *note_update(DENVER, "no folder")))
        assert lead_comments(sim, DENVER)[-1] == "no folder"
        store.close()


def _clients(sim: SimServer) -> tuple[Any, Any]:
    console = make_console(sim.url, sim.state.token)
    return console.s2s, console.zapier


# ================================================================ the outbox: damage found when it opens


def _damage_pages(path: Path, pages: Callable[[sqlite3.Connection], list[int]]) -> None:
    db = sqlite3.connect(path)
    size = db.execute("PRAGMA page_size").fetchone()[0]
    chosen = pages(db)
    db.close()
    data = bytearray(path.read_bytes())
    noise = random.Random(7)
    for page in chosen:
        data[(page - 1) * size : page * size] = noise.randbytes(size)
    path.write_bytes(bytes(data))


def _index_root(db: sqlite3.Connection) -> list[int]:
    return [db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_outbox_1'").fetchone()[0]]


def _middle_pages(db: sqlite3.Connection) -> list[int]:
    count = db.execute("PRAGMA page_count").fetchone()[0]
    return [count // 3, count // 2, (2 * count) // 3]


def _readable_by_id(path: Path, ids: list[int]) -> set[int]:
    """The ids plain sqlite can still read from a damaged file, one by one (what a repair must find)."""
    copy = path.with_name("probe.sqlite3")
    shutil.copy(path, copy)
    db = sqlite3.connect(copy)
    found = set()
    for entry_id in ids:
        with contextlib.suppress(sqlite3.DatabaseError):
            if db.execute("SELECT payload FROM outbox WHERE rowid = ?", (entry_id,)).fetchone():
                found.add(entry_id)
    db.close()
    copy.unlink()
    return found


@pytest.mark.parametrize("damage", ["index page", "table pages", "cut short", "garbage"])
def test_a_damaged_outbox_is_set_aside_and_what_reads_is_kept(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "outbox.sqlite3"
    original = _outbox_with_waiting_changes(path)
    if damage == "index page":
        _damage_pages(path, _index_root)
    elif damage == "table pages":
        _damage_pages(path, _middle_pages)
    elif damage == "cut short":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.write_bytes(random.Random(3).randbytes(path.stat().st_size))
    damaged_bytes = path.read_bytes()
    readable = _readable_by_id(path, sorted(original)) if damage in ("table pages", "cut short") else set()

    store = OutboxStore(path, owner="b")
    recovery = store.recovery
    assert recovery is not None and recovery.startswith("The outbox file was damaged")
    aside = [p for p in tmp_path.iterdir() if re.fullmatch(r"outbox\.sqlite3" + DATED, p.name)]
    assert len(aside) == 1 and aside[0].name in recovery
    assert aside[0].read_bytes()[:100] == damaged_bytes[:100]  # kept as it was found (for IT)
    kept = {
        e.id: (e.idempotency_key, entry_payload(e), e.status)
        for e in store.entries(statuses=("pending", "failed", "done"))
    }
    store.close()
    assert all(original[entry_id] == row for entry_id, row in kept.items())  # same numbers, keys, bodies
    waiting = {i for i, row in original.items() if row[2] == "pending"}
    if damage == "index page":
        assert kept == original  # the entries themselves were sound
        assert "330 entries that could be read: 300 changes waiting to be sent go out as usual" in recovery
        assert "5 refused ones are in Pending changes" in recovery
    elif damage == "garbage":
        assert kept == {}
        assert "nothing in it could be read" in recovery
    else:
        assert set(kept) >= readable and kept  # every entry sqlite can still read, found
        assert len(kept) < len(original)
        found_waiting = len(waiting & set(kept))
        assert f"{found_waiting} changes waiting to be sent go out as usual" in recovery
        assert "could not be read: if you changed leads recently, check that your changes are there" in recovery
    assert _rows(path) == kept  # the new file holds them
    again = OutboxStore(path, owner="c")  # and opens as a sound file next time
    assert again.recovery is None
    again.close()


def test_an_entry_that_no_longer_reads_is_damage_too(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    store = OutboxStore(path, owner="a")
    _add(store, 1)
    _add(store, 2)
    store.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE outbox SET payload = '{\"phone\": \"+1801' WHERE idempotency_key = 'key-1'")
    db.commit()
    db.close()
    store = OutboxStore(path, owner="b")
    assert store.recovery is not None and "1 entry could not be read" in store.recovery
    assert [e.idempotency_key for e in store.entries()] == ["key-2"]
    store.close()


def test_a_damaged_outbox_on_a_full_disk_stays_where_it_is_until_there_is_room(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        path = disk / "outbox.sqlite3"
        original = _outbox_with_waiting_changes(path, pending=40)
        _damage_pages(path, _index_root)
        filler = fill_up(disk)
        store = OutboxStore(path, owner="b")
        problem = store.problem
        assert problem is not None and problem.startswith("The disk is full")
        assert len(store.entries()) == 45  # read from the damaged file where it lies
        assert path.exists() and not [p for p in disk.iterdir() if ".damaged-" in p.name]
        filler.unlink()
        assert store.retry_writes()
        assert store.recovery is not None and "40 changes waiting to be sent" in store.recovery
        store.close()
        assert _rows(path) == original


# ================================================================ the activity log


def _audit_with_lines(path: Path, count: int = 400) -> None:
    from hsconsole.store.audit import AuditLog

    with AuditLog(path) as audit:
        for n in range(count):
            audit.record(profile="P", action="lookup", phone=f"+1801555{n:04d}", name=f"Lead {n}", message="x" * 80)


def _a_middle_page_of_lines(db: sqlite3.Connection) -> list[int]:
    """A leaf page of the activity log's table (not of an index) from the middle of the file."""
    leaves = [row[0] for row in db.execute("SELECT pageno FROM dbstat WHERE name = 'audit' AND pagetype = 'leaf'")]
    return [sorted(leaves)[len(leaves) // 2]]


def test_a_damaged_activity_log_is_set_aside_and_the_lines_that_read_are_kept(tmp_path: Path) -> None:
    from hsconsole.store.audit import AuditLog

    path = tmp_path / "audit.sqlite3"
    _audit_with_lines(path)
    _damage_pages(path, _a_middle_page_of_lines)
    with AuditLog(path) as audit:
        recovery = audit.recovery
        assert recovery is not None and recovery.startswith("The activity log was damaged")
        lines = audit.entries(limit=1000)
        assert 300 < len(lines) < 400
        assert f"the {len(lines)} lines that could be read are in it" in recovery
        assert re.search(r"; \d+ lines? could not be read\.$", recovery)
        assert all(line.name == f"Lead {int(line.phone[-4:])}" for line in lines)  # each line as it was
        audit.record(profile="P", action="save", phone="+18015550000")
        assert audit.entries(limit=1)[0].action == "save"
    assert [p.name for p in tmp_path.iterdir() if re.fullmatch(r"audit\.sqlite3" + DATED, p.name)]


def test_an_activity_log_checked_after_it_opens_is_repaired_by_the_next_record(tmp_path: Path) -> None:
    """The console opens its activity log without waiting for the check of a year of pages: damage found on the
    check's own thread is repaired, as at an opening, by the next call, and the window is told by that record."""
    from hsconsole.store.audit import AuditLog

    path = tmp_path / "audit.sqlite3"
    _audit_with_lines(path)
    _damage_pages(path, _a_middle_page_of_lines)
    with AuditLog(path, check_after=0.0) as audit:
        assert audit.recovery is None  # opened at once, the check still to come
        told: list[str | None] = []
        audit.on_problem.append(lambda: told.append(audit.recovery))
        deadline = time.monotonic() + 10
        while audit._damage is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert audit._damage is not None
        audit.record(profile="P", action="save", phone="+18015550000")
        assert audit.recovery is not None and audit.recovery.startswith("The activity log was damaged")
        assert told == [audit.recovery]
        lines = audit.entries(limit=1000)
        assert 300 < len(lines) < 400 and lines[0].action == "save"
    assert [p.name for p in tmp_path.iterdir() if re.fullmatch(r"audit\.sqlite3" + DATED, p.name)]
    sound = tmp_path / "sound.sqlite3"
    _audit_with_lines(sound, 20)
    with AuditLog(sound, check_after=0.0) as audit:
        time.sleep(0.3)
        assert audit._damage is None and len(audit.entries()) == 20 and audit.recovery is None


def test_activity_lines_the_disk_refuses_are_kept_listed_and_written_later(tmp_path: Path) -> None:
    from hsconsole.store.audit import AuditLog

    path = tmp_path / "audit.sqlite3"
    audit = AuditLog(path)
    audit.record(profile="P", action="lookup", phone="+18015551234", name="Jane")
    told: list[str | None] = []
    audit.on_problem.append(lambda: told.append(audit.problem))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    assert audit.record(profile="P", action="save", phone="+18015551234", name="Jane", changes={"city": "X"}) == 0
    assert time.monotonic() - started < 0.6  # not the 5 s wait it was
    audit.record(profile="P", action="book", phone="+18015551234", name="Jane")
    assert told[-1] == (
        "The activity log is in use by another program: the last 2 actions are kept in memory for the activity log "
        "until it is free."
    )
    assert [e.action for e in audit.entries()] == ["book", "save", "lookup"]  # listed meanwhile
    assert [e.action for e in audit.entries(text="city")] == ["save"]
    assert [e.action for e in audit.entries(phones={"+18015551234"}, limit=2)] == ["book", "save"]  # one caller's
    assert audit.entries(phones={"+16025550142"}) == []
    assert audit.retry_writes() is False
    other.execute("COMMIT")
    other.close()
    assert audit.retry_writes() is True and told[-1] is None
    audit.close()
    with AuditLog(path) as again:
        assert [e.action for e in again.entries()] == ["book", "save", "lookup"]


# ================================================================ settings


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"version": 1, "profiles": [{"name": "Acme\xff\xfe"}]}', "it holds bytes that are not text"),
        (b'{"version": 1, "active_profile": "Acme", "profiles": [{"name": "Ac', "it is not complete JSON"),
        (b"[" * 50_000, "it is not complete JSON"),
        (b"", "it is empty"),
        (b"\x00" * 300, "it holds bytes that are not text"),
    ],
)
def test_a_damaged_settings_file_never_stops_the_start(tmp_path: Path, content: bytes, why: str) -> None:
    from hsconsole.store.layout import WindowLayout, read_layout
    from hsconsole.store.settings import Settings, SettingsStore

    path = tmp_path / "settings.json"
    path.write_bytes(content)
    assert read_layout(path) == WindowLayout()  # the frame's early read: defaults, no crash
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert store.problem is not None and f"({why})" in store.problem
    (aside,) = tmp_path.glob("settings.json.damaged-*")
    assert aside.read_bytes() == content and aside.name in store.problem


def test_what_reads_in_a_damaged_settings_file_is_kept(tmp_path: Path) -> None:
    from hsconsole.store.settings import SettingsStore

    path = tmp_path / "settings.json"
    raw = {
        "version": 1,
        "active_profile": "Denver",
        "limit_days": 500,
        "profiles": [
            {"name": "Denver", "endpoint": "oregon"},
            {"name": "Tampa", "apptoto": {"email": "not an email", "calendar": "Main"}},
            {"name": "", "origin": "nowhere"},
        ],
    }
    path.write_text(json.dumps(raw))
    store = SettingsStore(path)
    settings = store.load()
    assert [p.name for p in settings.profiles] == ["Denver", "Tampa"]
    assert settings.active_profile == "Denver" and settings.profiles[0].endpoint == "oregon"
    assert settings.profiles[1].apptoto is None and settings.limit_days == 14
    assert store.problem is not None
    assert "the console starts with what could be read (Denver and Tampa)" in store.problem
    assert "Not kept: the number of days of blocks, the connectors of profile “Tampa” and a profile." in store.problem
    assert json.loads(path.read_text())["profiles"][0]["name"] == "Denver"  # saved at once, as it is kept


def test_settings_the_disk_refuses_are_kept_and_saved_later(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import hsconsole.store.settings as settings_module
    from hsconsole.store.settings import Profile, Settings, SettingsStore

    store = SettingsStore(tmp_path / "settings.json")
    told: list[str | None] = []
    store.on_problem.append(lambda: told.append(store.save_problem))
    real_replace = os.replace

    def full(*_args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(settings_module.os, "replace", full)
    settings = Settings(profiles=[Profile(name="Denver")], active_profile="Denver")
    assert store.save(settings) is False
    assert told == [
        "The settings could not be saved (the disk is full): they are kept until they can be, and saved then. "
        "Do not quit the console before this message is gone."
    ]
    assert not list(tmp_path.iterdir())  # no half-written file left behind
    assert store.retry_save() is False
    monkeypatch.setattr(settings_module.os, "replace", real_replace)
    assert store.retry_save() is True and told[-1] is None
    assert SettingsStore(tmp_path / "settings.json").load().active_profile == "Denver"


def test_settings_on_a_really_full_disk(tmp_path: Path) -> None:
    from hsconsole.store.settings import Profile, Settings, SettingsStore

    with small_disk(tmp_path / "disk", "64k") as disk:
        store = SettingsStore(disk / "settings.json")
        filler = fill_up(disk)
        settings = Settings(profiles=[Profile(name="Denver")])
        assert store.save(settings) is False
        assert store.save_problem is not None and "(the disk is full)" in store.save_problem
        filler.unlink()
        assert store.retry_save() is True and store.save_problem is None
        assert SettingsStore(disk / "settings.json").load() == settings


# ================================================================ the console, as the setter sees it


@contextlib.contextmanager
def demo_console(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``hsconsole --demo`` through its controller, on the data and config folders under ``tmp_path``."""
    import asyncio

    import hsconsole.controller as controller_module
    from hsconsole.app import parse_args
    from hsconsole.controller import Controller
    from hsconsole.store.secrets import KeychainSecrets, LayeredSecrets
    from hsconsole.store.settings import SettingsStore
    from tests.helpers import MemoryKeyring

    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(controller_module, "STORAGE_RETRY_MS", 100)
    controller = Controller(
        parse_args(["--demo"]),
        store=SettingsStore(tmp_path / "config" / "settings.json"),
        secrets=LayeredSecrets(KeychainSecrets(MemoryKeyring())),
    )
    controller.inform = lambda title, text: pytest.fail(f"a dialog stopped the start: {title}: {text}")  # type: ignore[method-assign]
    run = asyncio.ensure_future(controller.run())
    try:
        qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=10_000)
        yield controller
    finally:
        if controller.window is not None:
            controller.window.confirm = lambda _t, _x: True
            controller.window.close()
        qtbot.waitUntil(run.done, timeout=10_000)
        controller.demo.stop()
    assert run.result() == 0


def _demo_outbox(path: Path, count: int, phones: list[str] | None = None) -> dict[str, str]:
    """An outbox with ``count`` changes to demo leads waiting; key → comment."""
    phones = phones or list(DEMO_PHONES.values())
    store = OutboxStore(path, owner="before")
    made = {}
    for n in range(count):
        phone = phones[n % len(phones)]
        entry = store.add(
            profile="Demo",
            kind="update",
            phone=phone,
            key=f"waiting-{n}",
            payload=PhoneUpdate(phone=phone, append_comment=f"waiting {n}").to_wire(),
            summary=f"note waiting {n}",
            claim=False,
        )
        made[entry.idempotency_key] = f"waiting {n}"
    store.close()
    return made


def test_the_console_starts_on_a_damaged_outbox_says_so_and_sends_its_300_changes(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "outbox.sqlite3"
    path.parent.mkdir(parents=True)
    made = _demo_outbox(path, 300)
    _damage_pages(path, _index_root)
    with demo_console(qtbot, tmp_path, monkeypatch) as controller:
        window = controller.window
        (note,) = window.storage_banner.notes
        assert note.startswith("The outbox file was damaged. It was set aside as outbox.sqlite3.damaged-")
        assert "300 changes waiting to be sent go out as usual" in note
        assert window.storage_banner.isVisible() and note in window.storage_banner.text()
        qtbot.waitUntil(lambda: len(api_requests(controller.demo.heavyset, "PATCH")) >= 5, timeout=10_000)
        sent = [request["idempotency_key"] for request in api_requests(controller.demo.heavyset, "PATCH")]
        assert set(sent) <= set(made)  # the recovered changes, with the keys they were made with
        assert re.fullmatch(r"⟳ 29\d pending", window.pending_button.text())
        snapshot = controller.demo.heavyset.state.lead_snapshot(DEMO_PHONES["denver_booked"])
        assert "waiting 0" in snapshot["comments"]
        window.storage_banner.dismiss_button.click()
        assert not window.storage_banner.isVisible()


def test_the_console_starts_on_damaged_settings_and_activity_log_and_says_so(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_bytes(b'{"version": 1, "limit_days": 20, "profiles": [\xff\xfe\x00')
    audit = tmp_path / "data" / "audit.sqlite3"
    audit.parent.mkdir()
    audit.write_bytes(b"this is not an activity log" * 300)
    with demo_console(qtbot, tmp_path, monkeypatch) as controller:
        notes = controller.window.storage_banner.notes
        assert len(notes) == 2
        assert notes[0].startswith("The settings file was damaged (it holds bytes that are not text)")
        assert (
            notes[1].startswith("The activity log was damaged") and "nothing in the old one could be read" in notes[1]
        )
        assert controller.window.storage_banner.problems == {}
        controller.window.search(DEMO_PHONES["denver_booked"])
        qtbot.waitUntil(lambda: controller.window.caller.lead is not None, timeout=5000)
    assert [p.name for p in config.iterdir() if ".damaged-" in p.name]


def _heartbeat(qtbot: Any) -> tuple[Any, list[float]]:
    from PySide6.QtCore import QTimer

    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: beats.append(time.monotonic()))
    timer.start()
    return timer, beats


def _save_city(qtbot: Any, window: Any, city: str) -> None:
    window.search(DENVER)
    qtbot.waitUntil(lambda: window.caller.lead is not None and not window.tasks.busy("search"), timeout=5000)
    window.editor.inputs["city"].setText(city)
    window.save()
    qtbot.waitUntil(lambda: not window.tasks.busy("save"), timeout=5000)


def test_a_save_while_another_program_locks_the_outbox(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_console(qtbot, tmp_path, monkeypatch) as controller:
        window = controller.window
        path = tmp_path / "data" / "outbox.sqlite3"
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        timer, beats = _heartbeat(qtbot)
        try:
            _save_city(qtbot, window, "Boulder")
        finally:
            timer.stop()
        gaps = [b - a for a, b in itertools.pairwise(beats)]
        assert max(gaps) < 0.5, max(gaps)  # the window went on (one wait of a quarter of a second at most)
        assert controller.demo.heavyset.state.lead_snapshot(DENVER)["city"] == "Boulder"  # sent as usual
        problem = window.storage_banner.problems["outbox"]
        assert problem.startswith("The outbox file is in use by another program")
        window.search(TAMPA)  # a lookup clears the message banner, never this one
        qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == TAMPA, timeout=5000)
        assert window.storage_banner.isVisible()
        other.execute("COMMIT")
        other.close()
        qtbot.waitUntil(lambda: "outbox" not in window.storage_banner.problems, timeout=5000)
        assert not window.storage_banner.isVisible()
        rows = list(_rows(path).values())  # the change (and its mirror to the demo's Apptoto, sent after it)
        update = json.dumps({"phone": DENVER, "city": "Boulder"}, separators=(",", ":"))
        assert [status for _k, payload, status in rows if payload == update] == ["done"]
        qtbot.waitUntil(lambda: all(status == "done" for _k, _p, status in _rows(path).values()), timeout=10_000)


def test_a_read_only_data_folder_at_start(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with small_disk(tmp_path / "data", "1m") as data:
        made = _demo_outbox(data / "outbox.sqlite3", 2, [TAMPA])  # a change of Denver would wait behind them
        remount(data, "ro")
        with demo_console(qtbot, tmp_path, monkeypatch) as controller:
            window = controller.window
            problems = window.storage_banner.problems
            assert problems["outbox"].startswith("The outbox file cannot be written (its folder is read-only)")
            assert "2 older changes in the outbox wait to be sent until then" in problems["outbox"]
            assert problems["activity"] == (
                "The activity log cannot be written (its folder is read-only). "
                "The actions of this session are kept in memory only."
            )
            _save_city(qtbot, window, "Golden")
            assert controller.demo.heavyset.state.lead_snapshot(DENVER)["city"] == "Golden"
            assert "older changes" in window.storage_banner.problems["outbox"]
            assert not [r for r in api_requests(controller.demo.heavyset, "PATCH") if r["idempotency_key"] in made]


def test_the_storage_banner_keeps_a_problem_while_it_lasts_and_a_note_until_dismissed(qtbot: Any) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from hsconsole.ui.storage_banner import StorageBanner

    window = QWidget()
    qtbot.addWidget(window)
    banner = StorageBanner()
    QVBoxLayout(window).addWidget(banner)
    window.show()
    assert not banner.isVisible()
    banner.set_problem("outbox", "The disk is full: 1 change not sent yet is kept in memory only until it has room.")
    banner.add_note("The outbox file was damaged.")
    banner.add_note("The outbox file was damaged.")  # told once
    assert banner.text() == (
        "⚠ The disk is full: 1 change not sent yet is kept in memory only until it has room."
        "\n\nThe outbox file was damaged."
    )
    assert banner.dismiss_button.isVisible()
    banner.dismiss_button.click()
    assert banner.isVisible() and not banner.dismiss_button.isVisible()  # the problem is still true
    assert banner.text().startswith("⚠ The disk is full")
    banner.set_problem("settings", "The settings could not be saved (the disk is full).")
    banner.set_problem("outbox", None)
    assert banner.text() == "⚠ The settings could not be saved (the disk is full)."
    banner.set_problem("settings", "")
    assert not banner.isVisible()


def test_an_entry_being_sent_when_the_file_fails_is_never_sent_again_from_memory(
    faulty: type[FaultyConnection], tmp_path: Path
) -> None:
    path = tmp_path / "outbox.sqlite3"
    store = OutboxStore(path, owner="a")
    _add(store, 1)
    sending = store.claim_next(PROFILE)
    assert sending is not None
    faulty.fault = "database is locked"
    assert store.renew(sending) is True  # its claim holds, in memory as well
    assert store.claim_next(PROFILE) is None
    store.release(sending)  # the send was cancelled: the entry goes back to the file's queue, not memory's
    assert store.claim_next(PROFILE) is None
    assert store.renew(sending) is False
    faulty.fault = None
    assert store.retry_writes()
    again = store.claim_next(PROFILE)  # released in the file too: claimable at once
    assert again is not None and again.idempotency_key == sending.idempotency_key


def test_the_console_opens_its_activity_log_without_checking_a_year_of_pages_first(tmp_path: Path) -> None:
    from hsconsole.services.session import CHECK_AFTER_S, Stores

    path = tmp_path / "audit.sqlite3"
    _audit_with_lines(path)
    _damage_pages(path, _a_middle_page_of_lines)
    with Stores.open(tmp_path, owner="t") as stores:
        assert stores.audit is not None and stores.audit.recovery is None  # the check comes later
        assert CHECK_AFTER_S >= 1.0

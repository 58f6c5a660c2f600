"""The retention policy: what is over leaves the data folder after a while; what waits never does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from hsconsole.services.session import Stores
from hsconsole.store.audit import AuditLog
from hsconsole.store.outbox import FollowUp, OutboxEntry, OutboxStore
from hsconsole.store.settings import KEEP_ACTIVITY_MONTHS, KEEP_DONE_CHANGES_DAYS, Settings

DAY = 86_400.0
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _add(store: OutboxStore, n: int, *, follow_up: bool = False) -> OutboxEntry:
    phone = f"+1801555{n:04d}"
    return store.add(
        profile="P",
        kind="update",
        phone=phone,
        key=f"key-{n}",
        payload={"phone": phone, "appendComment": f"note {n}"},
        summary=f"note {n}",
        claim=True,
        follow_ups=[FollowUp("apptoto_event", "apptoto", {"external_id": f"x-{n}"}, "reminder")] if follow_up else (),
    )


def test_the_outbox_forgets_what_is_over_after_the_period_and_keeps_what_waits(tmp_path: Path) -> None:
    clock = Clock(NOW.timestamp() - 60 * DAY)
    store = OutboxStore(tmp_path / "o.sqlite3", owner="a", clock=clock)
    done_old = _add(store, 1)
    store.mark_done(done_old, {"ok": True})
    refused_old = _add(store, 2)
    store.mark_failed(refused_old, "zip must be a valid US ZIP code", seen=False)  # waits for the setter
    rejected_old = _add(store, 3)
    store.mark_failed(rejected_old, "refused, and the setter saw it", seen=True)
    waiting_old = _add(store, 4)
    store.release(waiting_old)  # still to be sent, 60 days on: never deleted
    parent = _add(store, 5, follow_up=True)
    store.mark_done(parent, {"ok": True})  # done, but its reminder still waits behind it
    discarded_old = _add(store, 6)
    store.release(discarded_old)
    assert store.discard(discarded_old.id)
    clock.now = NOW.timestamp() - 2 * DAY
    done_recent = _add(store, 7)
    store.mark_done(done_recent, {"ok": True})

    assert store.prune(NOW.timestamp() - 30 * DAY) == 3  # the old done, rejected and discarded ones
    left = {e.id: e.status for e in store.entries(statuses=("pending", "done", "failed", "rejected", "discarded"))}
    assert done_old.id not in left and rejected_old.id not in left and discarded_old.id not in left
    assert left[refused_old.id] == "failed" and left[waiting_old.id] == "pending"
    assert left[parent.id] == "done"  # kept: a follow-up waits behind it
    assert left[done_recent.id] == "done"
    follow_up = next(e for e in store.entries() if e.after_id == parent.id)
    assert follow_up.status == "pending"
    assert store.prune(NOW.timestamp() - 30 * DAY) == 0  # nothing more to go
    store.close()


def test_the_activity_log_forgets_lines_older_than_the_period(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "a.sqlite3")
    for days in (500, 400, 100, 1):
        audit.record(profile="P", action="lookup", phone="+18015551234", at=NOW - timedelta(days=days))
    assert audit.prune(NOW - timedelta(days=31 * 13)) == 1  # the 500-day-old line
    assert sorted((NOW - e.at).days for e in audit.entries()) == [1, 100, 400]
    audit.close()


def test_the_stores_apply_the_policy_and_it_is_an_it_setting(tmp_path: Path) -> None:
    assert (Settings().keep_done_changes_days, Settings().keep_activity_months) == (30, 13)
    assert (KEEP_DONE_CHANGES_DAYS, KEEP_ACTIVITY_MONTHS) == (30, 13)
    with pytest.raises(ValidationError):
        Settings(keep_done_changes_days=0)
    with Stores.open(tmp_path, owner="t") as stores:
        clock = Clock(NOW.timestamp() - 10 * DAY)
        stores.outbox._clock = clock
        entry = _add(stores.outbox, 1)
        stores.outbox.mark_done(entry, {"ok": True})
        assert stores.audit is not None
        stores.audit.record(profile="P", action="lookup", phone="+18015551234", at=NOW - timedelta(days=40))
        assert stores.prune(done_changes_days=30, activity_months=13, now=NOW) == (0, 0)
        assert stores.prune(done_changes_days=7, activity_months=1, now=NOW) == (1, 1)


def test_a_year_of_what_is_over_goes_in_batches_beside_the_window(tmp_path: Path) -> None:
    """Pruned a batch at a time, on a thread of its own: a write between two batches waits for one at most."""
    from hsconsole.store import audit as audit_module
    from hsconsole.store import outbox as outbox_module

    with Stores.open(tmp_path, owner="t") as stores:
        assert stores.audit is not None
        stores.audit.record_many(
            {"profile": "P", "action": "lookup", "phone": f"+1801555{n:04d}", "at": NOW - timedelta(days=450 - n / 100)}
            for n in range(2500)
        )
        clock = Clock(NOW.timestamp() - 90 * DAY)
        stores.outbox._clock = clock
        for n in range(2500):
            stores.outbox.mark_done(_add(stores.outbox, n), {"ok": True})
        assert audit_module.PRUNE_BATCH < 2500 and outbox_module.PRUNE_BATCH < 2500  # more than one batch each
        worker = stores.prune_in_background(done_changes_days=30, activity_months=13)
        stores.audit.record(profile="P", action="save", phone="+18015550001", at=NOW)  # while it prunes
        worker.join(30)
        assert not worker.is_alive()
        assert stores.audit.count() == 1 and stores.outbox.counts() == {}
        plan = " ".join(
            str(row[3])
            for row in stores.outbox._db.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE status IN ('done', 'discarded', 'rejected')"
                " AND updated_at < ?",
                (0.0,),
            )
        )
        assert "outbox_over" in plan, plan


def test_pruning_stops_when_the_stores_close(tmp_path: Path) -> None:
    stores = Stores.open(tmp_path, owner="t")
    assert stores.audit is not None
    stores.audit.record(profile="P", action="lookup", phone="+18015551234", at=NOW - timedelta(days=500))
    stores.close()
    assert stores.prune(done_changes_days=30, activity_months=13, now=NOW) == (0, 0)  # closed: nothing, no error


def test_the_waiting_are_counted_from_the_index_beside_a_year_of_done_changes(tmp_path: Path) -> None:
    store = OutboxStore(tmp_path / "o.sqlite3", owner="a", clock=Clock(NOW.timestamp()))
    for n in range(30):
        entry = _add(store, n)
        if n % 3:
            store.mark_done(entry, {"ok": True})
        else:
            store.release(entry)
    store.mark_failed(_add(store, 99), "refused", seen=False)
    assert store.counts("P", ("pending",)) == {"pending": 10}
    assert store.counts("P", ("pending", "failed")) == {"pending": 10, "failed": 1}
    assert store.counts() == {"pending": 10, "failed": 1, "done": 20}
    assert store.counts("Q", ("pending",)) == {}
    plan = " ".join(
        str(row[3])
        for row in store._db.execute(
            "EXPLAIN QUERY PLAN SELECT status, COUNT(*) FROM outbox WHERE status IN (?) AND profile = ?"
            " GROUP BY status",
            ("pending", "P"),
        )
    )
    assert "SEARCH outbox USING COVERING INDEX outbox_status" in plan, plan
    store.close()

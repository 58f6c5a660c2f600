"""The outbox: written before sending, exactly once, in order per lead, never lost."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hsconsole.api.heavyset.models import PhoneUpdate
from hsconsole.services.outbox import OutboxEntry, Queued, apply_pending, payload_as_edits
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.outbox import OutboxStore
from tests.helpers import Runner, api_requests, fast_transport, lead_comments, make_console, note_update

DENVER = DEMO_PHONES["denver_booked"]
TAMPA = DEMO_PHONES["tampa_new"]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _add(store: OutboxStore, phone: str, n: int, *, claim: bool = False) -> OutboxEntry:
    return store.add(
        profile="P",
        kind="update",
        phone=phone,
        key=f"key-{phone}-{n}",
        payload={"phone": phone, "appendComment": f"m{n}"},
        summary=f"m{n}",
        claim=claim,
    )


def test_entries_of_one_lead_go_in_order_and_others_are_not_held_up(tmp_path: Path) -> None:
    clock = Clock()
    store = OutboxStore(tmp_path / "o.sqlite3", owner="a", clock=clock)
    first, second = _add(store, DENVER, 1), _add(store, DENVER, 2)
    other = _add(store, TAMPA, 3)
    store.mark_retry(store.claim_next("P") or first, "down", delay=30)  # the head of Denver backs off
    claimed = store.claim_next("P")
    assert claimed is not None and claimed.id == other.id  # Tampa is not blocked by Denver
    assert store.claim_next("P") is None  # Denver's second waits behind its first
    clock.now += 31
    head = store.claim_next("P")
    assert head is not None and head.id == first.id
    store.mark_done(head, {"ok": True})
    nxt = store.claim_next("P")
    assert nxt is not None and nxt.id == second.id
    assert store.blocked_by_earlier(second) == 0


def test_two_processes_never_claim_the_same_entry(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    seeding = OutboxStore(path, owner="seed")
    for n in range(60):
        _add(seeding, f"+1801555{n:04d}", n)
    claimed: dict[str, list[int]] = {"a": [], "b": []}

    def worker(owner: str) -> None:
        store = OutboxStore(path, owner=owner)
        while (entry := store.claim_next("P")) is not None:
            claimed[owner].append(entry.id)
            store.mark_done(entry, {})

    threads = [threading.Thread(target=worker, args=(o,)) for o in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = claimed["a"] + claimed["b"]
    assert sorted(everything) == sorted(set(everything)) and len(everything) == 60


def test_a_claim_left_by_a_killed_process_expires(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "o.sqlite3"
    dead = OutboxStore(path, owner="dead", clock=clock, lease=10)
    entry = _add(dead, DENVER, 1, claim=True)
    alive = OutboxStore(path, owner="alive", clock=clock, lease=10)
    assert alive.claim_next("P") is None
    clock.now += 11
    again = alive.claim_next("P")
    assert again is not None and again.id == entry.id and again.idempotency_key == entry.idempotency_key


def test_discard_and_retry(tmp_path: Path) -> None:
    store = OutboxStore(tmp_path / "o.sqlite3", owner="a")
    entry = _add(store, DENVER, 1)
    store.mark_failed(store.claim_next("P") or entry, "zip must be a valid US ZIP code", seen=False)
    assert store.counts("P") == {"failed": 1}
    store.retry_now(entry.id)
    assert store.counts("P") == {"pending": 1}
    store.discard(entry.id)
    assert store.counts("P") == {"discarded": 1}
    assert store.entries(profile="P") == []


def test_payload_helpers() -> None:
    entry = OutboxEntry(
        id=1,
        profile="P",
        kind="update",
        phone=DENVER,
        idempotency_key="k",
        payload={"phone": DENVER, "firstName": "Janet", "homeYear": 1999, "city": "Boulder"},
        summary="Save Jane",
        status="pending",
        created_at=0,
        updated_at=0,
        attempts=0,
        next_attempt_at=0,
        last_error=None,
        result=None,
    )
    assert payload_as_edits(entry.payload) == {"first_name": "Janet", "home_year": 1999, "city": "Boulder"}
    from hsconsole.api.heavyset.models import ExistingLead

    lead = ExistingLead(phone=DENVER, name="Jane Doe", city="Denver")
    shown, notes = apply_pending(lead, [entry])
    assert shown.name == "Janet Doe" and shown.city == "Boulder" and shown.home_year == "1999"
    assert notes == ["Save Jane"]
    assert "one_time" not in repr(entry) and "Janet" not in repr(entry)


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(rate_limit=None) as server:
        yield server


def test_online_submit_lands_once(sim: SimServer, tmp_path: Path, arun: Runner) -> None:
    console = make_console(sim.url, sim.state.token, outbox_path=tmp_path / "o.sqlite3")
    assert console.outbox is not None
    result = arun(console.outbox.submit("update", *note_update(DENVER, "hello")))
    assert result["phone"] == DENVER
    assert lead_comments(sim, DENVER)[-1] == "hello"
    assert console.outbox.store.counts("Test") == {"done": 1}


def test_a_dropped_answer_after_the_server_applied_is_not_applied_twice(
    sim: SimServer, tmp_path: Path, arun: Runner
) -> None:
    console = make_console(sim.url, sim.state.token, outbox_path=tmp_path / "o.sqlite3")
    assert console.outbox is not None
    sim.state.force("drop_after_apply", times=2)
    with pytest.raises(Queued):
        arun(console.outbox.submit("update", *note_update(DENVER, "once")))
    assert console.outbox.pending_count() == 1
    console.outbox.store.retry_now(console.outbox.store.entries(profile="Test")[0].id)
    entry = arun(console.outbox.replay_one())
    assert entry is not None and entry.status == "done"
    assert lead_comments(sim, DENVER).count("once") == 1
    keys = {e["idempotency_key"] for e in api_requests(sim, "PATCH")}
    assert len(keys) == 1 and len(api_requests(sim, "PATCH")) == 3


def test_offline_changes_wait_and_land_in_order_when_the_network_is_back(tmp_path: Path, arun: Runner) -> None:
    with SimServer(rate_limit=None) as first:
        port, token = first.port, first.state.token
    console = make_console(
        f"http://127.0.0.1:{port}", token, fast_transport(attempts=1), outbox_path=tmp_path / "o.sqlite3"
    )
    outbox = console.outbox
    assert outbox is not None
    for comment in ("a", "b", "c"):
        with pytest.raises(Queued):
            arun(outbox.submit("update", *note_update(DENVER, comment)))
    assert outbox.pending_count() == 3
    with SimServer(port=port, token=token, rate_limit=None) as sim:
        for entry in outbox.store.entries(profile="Test"):
            outbox.store.retry_now(entry.id)
        while arun(outbox.replay_one()) is not None:
            pass
        assert lead_comments(sim, DENVER)[-3:] == ["a", "b", "c"]
        assert outbox.pending_count() == 0


def test_a_refusal_on_replay_is_kept_for_the_setter(sim: SimServer, tmp_path: Path, arun: Runner) -> None:
    console = make_console(sim.url, sim.state.token, fast_transport(attempts=1), outbox_path=tmp_path / "o.sqlite3")
    outbox = console.outbox
    assert outbox is not None
    failed: list[OutboxEntry] = []
    outbox.on_failed.append(failed.append)
    sim.state.force("500", times=2)  # the setter's try and its quick second try
    payload = PhoneUpdate(phone=DENVER, zip="00000").to_wire()
    with pytest.raises(Queued):
        arun(outbox.submit("update", DENVER, payload, "Save Jane Doe: zip"))
    outbox.store.retry_now(outbox.store.entries(profile="Test")[0].id)
    arun(outbox.replay_one())
    assert outbox.failed_count() == 1
    assert failed and "zip" in (failed[0].last_error or "").lower()


def test_a_refusal_in_line_is_raised_and_not_listed(sim: SimServer, tmp_path: Path, arun: Runner) -> None:
    from hsconsole.api.errors import BadRequestError

    console = make_console(sim.url, sim.state.token, outbox_path=tmp_path / "o.sqlite3")
    assert console.outbox is not None
    with pytest.raises(BadRequestError):
        arun(console.outbox.submit("update", DENVER, PhoneUpdate(phone=DENVER, zip="00000").to_wire(), "zip"))
    assert console.outbox.store.counts("Test") == {"rejected": 1}
    assert console.outbox.store.entries(profile="Test") == []


def test_when_the_network_is_back_waiting_entries_go_at_once(tmp_path: Path) -> None:
    clock = Clock()
    store = OutboxStore(tmp_path / "o.sqlite3", owner="a", clock=clock)
    for n, phone in enumerate((DENVER, TAMPA)):
        entry = _add(store, phone, n)
        store.mark_retry(store.claim_next("P") or entry, "down", delay=300)
    assert store.claim_next("P") is None
    assert store.retry_all_now("P") == 2
    first, second = store.claim_next("P"), store.claim_next("P")
    assert first is not None and second is not None and first.id != second.id

"""An unknown outcome is not a failure: kept, asked again with the same key, made once, never called "failed"."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hsconsole.api.errors import InProgressError, RateLimitedError, UncertainOutcomeError
from hsconsole.api.heavyset.models import LeadSubmission, PhoneUpdate
from hsconsole.api.transport import RequestBudget
from hsconsole.services.outbox import RETRY_AFTER_CAP, OutboxService, Queued
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.outbox import OutboxStore, new_owner, owner_is_gone, pid_alive
from hsconsole.ui.messages import describe
from tests.helpers import Runner, api_requests, fast_transport, lead_comments, make_console

DENVER = DEMO_PHONES["denver_booked"]
TAMPA = DEMO_PHONES["tampa_new"]


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(rate_limit=None) as server:
        yield server


def _outbox(sim: SimServer, path: Path, *, attempts: int = 2) -> OutboxService:
    console = make_console(sim.url, sim.state.token, fast_transport(attempts=attempts), outbox_path=path)
    assert console.outbox is not None
    return console.outbox


def _replay_all(arun: Runner, outbox: OutboxService) -> None:
    for entry in outbox.store.entries(profile=outbox.profile, statuses=("pending",)):
        outbox.store.retry_now(entry.id)
    while arun(outbox.replay_one()) is not None:
        pass


def _keys(sim: SimServer, method: str, path_end: str) -> list[str]:
    return [str(e["idempotency_key"]) for e in api_requests(sim, method, path_end)]


def test_a_save_answered_with_a_cut_off_200_is_kept_and_made_once(sim: SimServer, tmp_path: Path, arun: Runner) -> None:
    """The change landed but its answer cannot be read: the setter is not told to try again."""
    outbox = _outbox(sim, tmp_path / "o.sqlite3")
    sim.state.force_malformed("truncated", path="phone/update", method="PATCH")  # applied, answer cut in half
    update = PhoneUpdate(phone=DENVER, append_comment="called back at 3")
    with pytest.raises(Queued) as queued:
        arun(outbox.submit("update", DENVER, update.to_wire(), "Save Jane Doe: comment"))
    assert isinstance(queued.value.cause, UncertainOutcomeError)
    text = describe(queued.value)
    assert "fail" not in text.lower() and "try again" not in text.lower()
    assert "same key" in text and "made only once" in text
    assert outbox.pending_count() == 1 and outbox.failed_count() == 0
    _replay_all(arun, outbox)
    assert lead_comments(sim, DENVER).count("called back at 3") == 1
    keys = _keys(sim, "PATCH", "phone/update")
    assert len(keys) == 2 and len(set(keys)) == 1  # asked again, with the same key
    assert outbox.store.counts("Test") == {"done": 1}


@pytest.mark.parametrize("kind", ["html", "empty", "json"])
def test_any_unreadable_2xx_to_a_change_is_an_unknown_outcome(
    sim: SimServer, tmp_path: Path, arun: Runner, kind: str
) -> None:
    outbox = _outbox(sim, tmp_path / "o.sqlite3")
    sim.state.force_malformed(kind, path="phone/update", method="PATCH", status=200, body=None)
    with pytest.raises(Queued) as queued:
        arun(outbox.submit("update", DENVER, PhoneUpdate(phone=DENVER, append_comment="x1").to_wire(), "x1"))
    assert isinstance(queued.value.cause, UncertainOutcomeError)
    _replay_all(arun, outbox)
    assert lead_comments(sim, DENVER).count("x1") == 1


def test_a_new_lead_whose_answer_is_cut_off_is_never_posted_under_a_new_key(
    sim: SimServer, tmp_path: Path, arun: Runner
) -> None:
    outbox = _outbox(sim, tmp_path / "o.sqlite3")
    phone = "+18015550000"
    sim.state.force_malformed("truncated", path="/lead", method="POST")
    submission = LeadSubmission(phone=phone, first_name="Nina", last_name="Cole", zip="84101")
    with pytest.raises(Queued) as queued:
        arun(outbox.submit("lead", phone, submission.to_wire(), "New lead Nina Cole"))
    assert queued.value.cause is not None and queued.value.cause.uncertain
    done: list[Any] = []
    outbox.on_done.append(done.append)
    _replay_all(arun, outbox)
    keys = _keys(sim, "POST", "/lead")
    assert len(keys) == 2 and len(set(keys)) == 1
    assert sim.state.effects()["byKey"][keys[0]] == 1  # created once; the second answer was its replay
    assert done and done[0].kind == "lead" and done[0].result and done[0].result["leadId"]


def test_409_same_key_in_progress_is_asked_again_not_refused(sim: SimServer, tmp_path: Path, arun: Runner) -> None:
    outbox = _outbox(sim, tmp_path / "o.sqlite3", attempts=1)
    busy = {"statusCode": 409, "message": "A request with this Idempotency-Key is still in progress"}
    sim.state.force_malformed("json", path="phone/update", method="PATCH", status=409, body=busy, times=3)
    with pytest.raises(Queued) as queued:
        arun(outbox.submit("update", DENVER, PhoneUpdate(phone=DENVER, append_comment="in-flight").to_wire(), "n"))
    assert isinstance(queued.value.cause, InProgressError)
    assert "fail" not in describe(queued.value).lower()
    entry = outbox.store.entries(profile="Test")[0]
    outbox.store.retry_now(entry.id)
    again = arun(outbox.replay_one())
    assert again is not None and again.status == "pending"  # still in progress: kept, not failed
    _replay_all(arun, outbox)
    assert lead_comments(sim, DENVER).count("in-flight") == 1
    assert len(set(_keys(sim, "PATCH", "phone/update"))) == 1
    assert outbox.failed_count() == 0


def test_a_409_without_an_idempotency_key_is_still_a_refusal(sim: SimServer, arun: Runner) -> None:
    from hsconsole.api.errors import BadRequestError

    console = make_console(sim.url, sim.state.token, fast_transport(attempts=1))
    sim.state.force_malformed("json", path="/phone/query", method="GET", status=409, body={"message": "conflict"})
    with pytest.raises(BadRequestError):
        arun(console.s2s.query_phone(DENVER))


# ---------------------------------------------------------------- claims outlive their requests


def test_a_slow_send_keeps_its_claim_past_the_lease(sim: SimServer, tmp_path: Path, arun: Runner) -> None:
    """While the request is alive its lease is renewed: another replayer never sends the same key at once."""
    path = tmp_path / "o.sqlite3"
    console = make_console(sim.url, sim.state.token, fast_transport(attempts=1, read_timeout=5.0))
    outbox = OutboxService(OutboxStore(path, owner=new_owner(), lease=0.6), console.s2s, console.zapier, "Test")
    rival = OutboxStore(path, owner="rival:1:x", lease=0.6)
    sim.state.set_faults(latency_ms=2000)  # the answer comes after three leases
    payload = PhoneUpdate(phone=DENVER, append_comment="slow one").to_wire()
    stolen: list[Any] = []

    async def run() -> dict[str, Any]:
        send = asyncio.ensure_future(outbox.submit("update", DENVER, payload, "slow"))
        for _ in range(15):
            await asyncio.sleep(0.12)
            stolen.append(rival.claim_next("Test"))
        return await send

    arun(run(), timeout=15)
    assert [s for s in stolen if s is not None] == []
    assert lead_comments(sim, DENVER).count("slow one") == 1
    assert len(api_requests(sim, "PATCH")) == 1


def test_renew_only_extends_a_claim_this_process_holds(tmp_path: Path) -> None:
    store = OutboxStore(tmp_path / "o.sqlite3", owner="me:1:a", lease=60)
    other = OutboxStore(tmp_path / "o.sqlite3", owner="you:2:b", lease=60)
    entry = store.add(profile="P", kind="update", phone=DENVER, key="k", payload={}, summary="s", claim=True)
    assert store.renew(entry)
    assert not other.renew(entry)
    store.mark_done(entry, {})
    assert not store.renew(entry)


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_claims_of_a_killed_process_are_taken_over_at_once(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite3"
    dead = OutboxStore(path, owner=f"{socket.gethostname()}:{_gone_pid()}:dead", lease=60)
    entry = dead.add(profile="P", kind="update", phone=DENVER, key="k1", payload={}, summary="s", claim=True)
    alive = OutboxStore(path, owner=f"{socket.gethostname()}:{os.getpid()}:live", lease=60)
    claimed = alive.claim_next("P")
    assert claimed is not None and claimed.id == entry.id  # not after a 60 s lease


def test_claims_of_a_living_or_unknown_owner_wait_for_the_lease(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite3"
    parent = OutboxStore(path, owner=f"{socket.gethostname()}:{os.getppid()}:up", lease=60)
    parent.add(profile="P", kind="update", phone=DENVER, key="k1", payload={}, summary="s", claim=True)
    elsewhere = OutboxStore(path, owner=f"another-host:{_gone_pid()}:x", lease=60)
    elsewhere.add(profile="P", kind="update", phone=TAMPA, key="k2", payload={}, summary="s", claim=True)
    me = OutboxStore(path, owner=new_owner(), lease=60)
    assert me.claim_next("P") is None


def test_a_killed_child_not_yet_reaped_counts_as_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert pid_alive(child.pid)
        child.kill()
        deadline = time.monotonic() + 5
        while pid_alive(child.pid) and time.monotonic() < deadline:  # a zombie until waited for
            time.sleep(0.02)
        assert not pid_alive(child.pid)
        assert owner_is_gone(f"{socket.gethostname()}:{child.pid}:z")
    finally:
        child.wait()
    assert not owner_is_gone(f"{socket.gethostname()}:{os.getpid()}:me")
    assert not owner_is_gone("legacy-owner-name")


# ---------------------------------------------------------------- waits are bounded and told


def test_a_retry_after_of_a_day_is_capped_and_told_with_its_time(sim: SimServer, tmp_path: Path, arun: Runner) -> None:
    outbox = _outbox(sim, tmp_path / "o.sqlite3", attempts=1)
    entry = outbox.store.add(profile="Test", kind="update", phone=DENVER, key="k", payload={}, summary="s", claim=True)
    delay = outbox._delay(entry, RateLimitedError("Too many requests", retry_after=86_400))
    assert delay == RETRY_AFTER_CAP
    outbox.store.mark_retry(entry, "Too many requests", delay)
    outbox._why_waiting[entry.id] = RateLimitedError("Too many requests", retry_after=86_400)
    note = outbox.wait_note()
    assert note is not None and note.startswith("HeavySet asked us to wait: 1 change goes at ")
    queued = Queued(entry, RateLimitedError("Too many requests", retry_after=86_400), retry_at=time.time() + delay)
    text = describe(queued)
    assert "HeavySet asked us to wait" in text and " at " in text and "fail" not in text.lower()


def test_the_wait_note_is_gone_once_nothing_waits(sim: SimServer, tmp_path: Path, arun: Runner) -> None:
    outbox = _outbox(sim, tmp_path / "o.sqlite3", attempts=1)
    outbox.backoff_base = 30.0  # the next try is well ahead: worth telling
    sim.state.force("503", times=2)  # the setter's try and its quick second try
    with pytest.raises(Queued):
        arun(outbox.submit("update", DENVER, PhoneUpdate(phone=DENVER, append_comment="w").to_wire(), "w"))
    note = outbox.wait_note()
    assert note is not None and note.startswith("1 change waits for HeavySet: next try at ")
    _replay_all(arun, outbox)
    assert outbox.wait_note() is None


def test_the_budget_tells_how_long_a_request_waits(arun: Runner) -> None:
    now = [0.0]
    slept: list[float] = []
    budget = RequestBudget(limit=2, window=60.0, clock=lambda: now[0])

    async def sleep(seconds: float) -> None:
        slept.append(budget.waiting("t"))
        now[0] += seconds

    budget._sleep = sleep
    for _ in range(2):
        arun(budget.acquire("t"))
    assert budget.waiting("t") == 0.0
    arun(budget.acquire("t"))
    assert slept == [60.0]
    assert budget.waiting("t") == 0.0


# ---------------------------------------------------------------- answers read as leniently as a made change allows


@pytest.mark.parametrize(
    ("path", "body", "kind"),
    [
        ("/lead", {"leadId": 98765, "oneTimeToken": "ott-lenient-0001"}, "lead"),  # a number, no "ok"
        ("/lead", {"ok": True, "leadId": "L1", "oneTimeToken": "ott-2", "note": None}, "lead"),  # extra null
        ("/appointment", {"ok": True, "appointmentId": 4321, "status": None}, "appointment"),
        ("/appointment", {"appointmentId": "A-9"}, "appointment"),
    ],
)
def test_a_made_change_whose_answer_differs_from_the_document_is_done_not_asked_again(
    sim: SimServer, tmp_path: Path, arun: Runner, path: str, body: dict[str, Any], kind: str
) -> None:
    outbox = _outbox(sim, tmp_path / "o.sqlite3")
    sim.state.force_malformed("json", path=path, method="POST", status=200, body=body)
    from hsconsole.api.heavyset.models import AppointmentRequest

    if kind == "lead":
        payload = LeadSubmission(phone="+18015550000", first_name="Nina", zip="84101").to_wire()
    else:
        payload = AppointmentRequest(block_id="b1", one_time_token="ott-1").to_wire()
    result = arun(outbox.submit(kind, "+18015550000", payload, "made"))  # type: ignore[arg-type]
    assert result["ok"] is True
    assert outbox.store.counts("Test") == {"done": 1}
    assert len(api_requests(sim, "POST", path)) == 1


# ---------------------------------------------------------------- where the token goes


def test_a_server_that_wants_the_token_in_the_body_gets_it_there_and_nowhere_else(tmp_path: Path, arun: Runner) -> None:
    token = "hs_live_token_in_body_0123456789"
    with SimServer(rate_limit=None, token=token, dialects=["token_in_body"]) as sim:
        outbox = _outbox(sim, tmp_path / "o.sqlite3")
        for note in ("first", "second"):
            update = PhoneUpdate(phone=DENVER, append_comment=note)
            arun(outbox.submit("update", DENVER, update.to_wire(), note))
        assert lead_comments(sim, DENVER)[-2:] == ["first", "second"]
        patches = api_requests(sim, "PATCH", "phone/update")
        assert [p["status"] for p in patches] == [401, 200, 200]  # asked once, then remembered
        assert outbox.s2s.token_in_body
        assert all(token not in str(p) for p in sim.state.requests())  # the simulator's log redacts it
    stored = (tmp_path / "o.sqlite3").read_bytes() + b"".join(
        f.read_bytes() for f in tmp_path.iterdir() if f.name.startswith("o.sqlite3-")
    )
    assert token.encode() not in stored  # the outbox keeps the change, never the token


def test_a_wrong_token_is_not_taken_for_a_token_wanted_in_the_body(sim: SimServer, arun: Runner) -> None:
    from hsconsole.api.errors import AuthRejectedError

    console = make_console(sim.url, "hs_live_not_the_right_one_0000", fast_transport(attempts=1))
    with pytest.raises(AuthRejectedError):
        arun(console.s2s.update(PhoneUpdate(phone=DENVER, append_comment="x")))
    assert console.s2s.token_in_body is False


def test_the_profile_remembers_where_the_token_goes_and_unlearns_it_for_a_server_that_refuses_it(
    tmp_path: Path, arun: Runner
) -> None:
    from hsconsole.services.setup import console_for
    from hsconsole.store.settings import Profile

    token = "hs_live_token_in_body_0123456789"
    learned: list[Profile] = []
    with SimServer(rate_limit=None, token=token, dialects=["token_in_body"]) as sim:
        profile = Profile(name="Body", origin=sim.url)
        first = console_for(profile, token, token, fast_transport(attempts=1), remember=learned.append)
        arun(first.s2s.update(PhoneUpdate(phone=DENVER, append_comment="one")))
        assert [p.token_in_body for p in learned] == [True]
        # the next session starts from the saved profile: its first PATCH carries the token, no refusal first
        sim.state.clear_requests()
        again = console_for(learned[-1], token, token, fast_transport(attempts=1), remember=learned.append)
        arun(again.s2s.update(PhoneUpdate(phone=DENVER, append_comment="two")))
        assert [p["status"] for p in api_requests(sim, "PATCH", "phone/update")] == [200]
        assert len(learned) == 1
    with SimServer(rate_limit=None, token=token) as plain:  # the same profile against a server that forbids it
        moved = learned[-1].model_copy(update={"origin": plain.url})
        console = console_for(moved, token, token, fast_transport(attempts=1), remember=learned.append)
        arun(console.s2s.update(PhoneUpdate(phone=DENVER, append_comment="three")))
        assert [p["status"] for p in api_requests(plain, "PATCH", "phone/update")] == [400, 200]
        assert lead_comments(plain, DENVER)[-1] == "three"
        assert [p.token_in_body for p in learned] == [True, False]

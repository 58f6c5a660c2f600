"""Hostile answers end in bounded time and memory, in words a setter understands.

A :class:`~tests.hostile_server.HostileServer` on 127.0.0.1 answers HeavySet's
S2S routes with a gzip bomb, a body that never ends, one that drips a byte a
second, a proxy's 502 page, JavaScript where JSON belongs, a redirect to
another origin, 10,000 blocks, dates in year 0 and 99999, bytes that are not
UTF-8 and a body shorter than its ``Content-Length``. For each, the real
services layer looks the lead up (``Console.lookup``: phone query and blocks)
and saves a change through the outbox (``Console.save``), with the transport's
own defaults, as a setter's console would.

Each run is a child process (``python -m tests.test_hostile_answers``), so
its peak memory is its own (``VmHWM``, reset before the call) and a client
that would eat the machine hits a ceiling instead (``RLIMIT_AS``, the
baseline + :data:`MEMORY_CEILING_MB`). All children run side by side; each
must end within :data:`TIME_BOUND_S`, grow by less than :data:`MEMORY_BOUND_MB`,
and either return what the case allows or raise an error that
``describe()`` words for a setter. A change whose answer could not be read
must stay in the outbox (``Queued``): the server may have made it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import resource
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.hostile_server import MANY_BLOCKS, PHONE, HostileServer, seed_lead

TOKEN = "hs_hostile_" + "k" * 180  # a test token: no server checks it
TOKEN_ENV = "HOSTILE_TEST_TOKEN"
TIME_BOUND_S = 20.0
"""Seconds a setter may wait for any one of these actions."""
MEMORY_BOUND_MB = 50.0
"""Growth of the peak resident memory one action may cause ("tens of MB")."""
MEMORY_CEILING_MB = 768
"""Address space a child may add before allocations fail: a client that reads everything stops here."""
KILL_AFTER_S = 120.0
"""A child still running this long after it started is killed (and the case fails). All children start at
once, so on a busy 2-core machine their start-up alone takes a while; the bound that counts is
:data:`TIME_BOUND_S`, measured by each child around its action."""

LOOKUP, SAVE = "lookup", "save"


@dataclass(frozen=True)
class Expect:
    """What a case may end in, per action.

    ``lookup``: ``"error"`` (nothing usable came back: an error in setter
    words), ``"lead"`` (the lead, with its blocks or a worded error for them).
    ``save``: ``"queued"`` (the answer could not be read, or the server
    failed: the change stays in the outbox), ``"queued_or_refused"``,
    ``"done"``; None: not run.
    """

    lookup: str
    save: str | None


CASES: dict[str, Expect] = {
    "healthy": Expect("lead", "done"),  # the rig itself works
    "gzip_bomb": Expect("error", "queued"),
    "endless": Expect("error", "queued"),
    "drip": Expect("error", "queued"),
    "html_502": Expect("error", "queued"),
    "wrong_type": Expect("error", "queued"),
    "redirect": Expect("error", "queued_or_refused"),
    "blocks_10000": Expect("lead", None),
    "dates_out_of_range": Expect("error", "queued"),
    "not_utf8": Expect("error", "queued"),
    "short_body": Expect("error", "queued"),
}
RUNS = [(case, op) for case, expect in CASES.items() for op in (LOOKUP, SAVE) if op == LOOKUP or expect.save]


# ---------------------------------------------------------------- the child: one action against one case


def _status_kb(name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{name} not in /proc/self/status")


def _reset_peak() -> None:
    """Start ``VmHWM`` again from the current resident size (Linux ≥ 4.0); else it keeps the earlier peak."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


async def _act(origin: str, healthy: str, op: str, folder: Path) -> dict[str, Any]:
    from hsconsole.api.heavyset.endpoints import Endpoints
    from hsconsole.api.heavyset.models import ExistingLead
    from hsconsole.api.heavyset.s2s import S2SClient
    from hsconsole.api.heavyset.zapier import ZapierClient
    from hsconsole.api.transport import Transport
    from hsconsole.services.console import Console, editable_values
    from hsconsole.services.outbox import OutboxService, Queued
    from hsconsole.store.outbox import OutboxStore
    from hsconsole.ui.messages import describe

    token = os.environ[TOKEN_ENV]
    transport = Transport()  # the product's timeouts, retries and budget
    store = OutboxStore(folder / "outbox.sqlite3", owner=f"{os.getpid()}-{uuid.uuid4().hex[:8]}")

    def console(at: str) -> Console:
        s2s = S2SClient(transport, token, Endpoints(at))
        zapier = ZapierClient(transport, token, Endpoints(at))
        return Console(s2s, zapier, outbox=OutboxService(store, s2s, zapier, "Hostile"), profile="Hostile")

    # warm up on a healthy origin: the HTTP client, the first parse, the outbox file are not the case's cost
    await console(healthy).lookup(PHONE)
    lead = ExistingLead.model_validate(seed_lead())  # the seeded CRM (its ZIP database) is not the case's cost either
    _reset_peak()
    before_kb = _status_kb("VmHWM")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = _status_kb("VmSize") * 1024 + MEMORY_CEILING_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    report: dict[str, Any] = {"outcome": "result", "type": "", "text": "", "detail": {}}
    started = time.monotonic()
    try:
        if op == LOOKUP:
            found = await console(origin).lookup(PHONE)
            report["detail"] = {
                "name": found.lead.name,
                "slots": len(found.slots.slots) if found.slots is not None else None,
                "slots_error": describe(found.slots_error) if found.slots_error is not None else None,
                "dates": [str(d) for d in (found.lead.created_date, found.lead.appointment_start)],
            }
        else:
            edited = {**editable_values(lead), "taker_id": "setter-7"}
            saved = await console(origin).save(lead, edited, comment="Called back: wants Tuesday")
            report["detail"] = {"name": saved.name}
    except Exception as exc:  # what escapes is the finding: reported, not hidden
        report.update(
            outcome="queued" if isinstance(exc, Queued) else "error",
            type=type(exc).__name__,
            module=type(exc).__module__,
            text=describe(exc),
        )
    seconds = time.monotonic() - started
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    report["seconds"] = round(seconds, 2)
    report["growth_mb"] = round((_status_kb("VmHWM") - before_kb) / 1024, 1)
    report["entries"] = [e.status for e in store.entries(statuses=("pending", "done", "failed", "rejected"))]
    store.close()
    return report


def child_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--origin", required=True)
    parser.add_argument("--healthy", required=True)
    parser.add_argument("--op", choices=(LOOKUP, SAVE), required=True)
    parser.add_argument("--folder", required=True)
    args = parser.parse_args(argv)
    report = asyncio.run(_act(args.origin, args.healthy, args.op, Path(args.folder)))
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    os._exit(0)  # a client stuck in a drip or a bomb must not hold the exit


# ---------------------------------------------------------------- the parent: every case side by side


@dataclass
class Outcome:
    case: str
    op: str
    ended: bool
    report: dict[str, Any]
    stderr: str

    def __str__(self) -> str:
        return f"{self.case}/{self.op}: {json.dumps(self.report)[:600]} {self.stderr[-600:]}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HostileServer, dict[tuple[str, str], Outcome]]]:
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, TOKEN_ENV: TOKEN, "PYTHONPATH": str(root)}
    with HostileServer() as server:
        running: dict[tuple[str, str], tuple[subprocess.Popen[str], float]] = {}
        for case, op in RUNS:
            folder = tmp_path_factory.mktemp(f"{case}-{op}")
            command = [
                sys.executable,
                "-m",
                "tests.test_hostile_answers",
                "--origin",
                server.origin(case),
                "--healthy",
                server.origin("healthy"),
                "--op",
                op,
                "--folder",
                str(folder),
            ]
            process = subprocess.Popen(
                command, env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            running[(case, op)] = (process, time.monotonic())
        outcomes: dict[tuple[str, str], Outcome] = {}
        for (case, op), (process, started) in running.items():
            try:
                out, err = process.communicate(timeout=max(0.1, started + KILL_AFTER_S - time.monotonic()))
                lines = out.strip().splitlines()
                report = json.loads(lines[-1]) if lines else {}
                outcomes[(case, op)] = Outcome(case, op, bool(report), report, err)
            except subprocess.TimeoutExpired:
                process.kill()
                _, err = process.communicate(timeout=30)
                outcomes[(case, op)] = Outcome(case, op, False, {}, err)
        yield server, outcomes


# ---------------------------------------------------------------- what a setter may read

_CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:Error|Exception|Warning)\b")
_TECHNICAL = (
    "Traceback",
    "httpx",
    "h11",
    "pydantic",
    "codec",
    "Expecting ",
    "line 1 column",
    " at 0x",
    "[Errno",
    "json_invalid",
    "utf-8",
)


def words_problems(text: str, op: str) -> list[str]:
    """Why ``text`` is not a sentence for a setter (empty: it is one)."""
    problems = []
    if not text.strip():
        problems.append("says nothing")
    if _CLASS_NAME.search(text):
        problems.append(f"names an exception class ({_CLASS_NAME.search(text).group(0)})")  # type: ignore[union-attr]
    problems += [f"shows {fragment!r}" for fragment in _TECHNICAL if fragment in text]
    if "Something went wrong" in text:
        problems.append("does not say what happened (the catch-all sentence)")
    if not any(who in text for who in ("HeavySet", "127.0.0.1", "server")):
        problems.append("does not say who answered (HeavySet, the server, or its host: 127.0.0.1 here)")
    if op == LOOKUP and "change" in text:
        problems.append("speaks of a change after a lookup")
    if TOKEN in text or TOKEN[:40] in text:
        problems.append("shows the token")
    return problems


def _bounded(outcome: Outcome) -> None:
    where = f"{outcome.case}/{outcome.op}"
    assert outcome.ended, f"{where} did not end within {KILL_AFTER_S:.0f} s: {outcome.stderr[-800:]}"
    report = outcome.report
    assert report["seconds"] < TIME_BOUND_S, f"took {report['seconds']} s: {outcome}"
    assert report["growth_mb"] < MEMORY_BOUND_MB, f"peak memory grew by {report['growth_mb']} MB: {outcome}"


def _worded(outcome: Outcome) -> None:
    report = outcome.report
    assert report["outcome"] in ("error", "queued"), outcome
    assert report.get("module", "").startswith("hsconsole."), f"a {report['type']} escaped the client: {outcome}"
    assert not words_problems(report["text"], outcome.op), (words_problems(report["text"], outcome.op), outcome)


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("case", [case for case, _ in RUNS if _ == LOOKUP])
def test_a_lookup_ends_bounded_and_in_setter_words(
    hostile: tuple[HostileServer, dict[tuple[str, str], Outcome]], case: str
) -> None:
    server, outcomes = hostile
    outcome = outcomes[(case, LOOKUP)]
    _bounded(outcome)
    report = outcome.report
    if CASES[case].lookup == "error":
        assert report["outcome"] == "error", f"a lead came back from a hostile answer: {outcome}"
        _worded(outcome)
    else:
        assert report["outcome"] == "result" and report["detail"]["name"] == "Jane Doe", outcome
        slots, slots_error = report["detail"]["slots"], report["detail"]["slots_error"]
        if slots is None:
            assert not words_problems(slots_error, LOOKUP), (words_problems(slots_error, LOOKUP), outcome)
        else:
            assert 0 < slots <= MANY_BLOCKS, outcome
    if case == "redirect":
        assert server.elsewhere_hits == [], "a client followed a redirect to another origin"


@pytest.mark.parametrize("case", [case for case, op in RUNS if op == SAVE])
def test_a_save_ends_bounded_and_keeps_a_change_whose_answer_was_unreadable(
    hostile: tuple[HostileServer, dict[tuple[str, str], Outcome]], case: str
) -> None:
    server, outcomes = hostile
    outcome = outcomes[(case, SAVE)]
    _bounded(outcome)
    report = outcome.report
    expected = CASES[case].save
    if expected == "done":
        assert (report["outcome"], report["entries"]) == ("result", ["done"]), outcome
        return
    _worded(outcome)
    if expected == "queued":
        assert report["outcome"] == "queued", f"the server may have made this change; it must stay queued: {outcome}"
    if report["outcome"] == "queued":
        assert report["entries"] == ["pending"], outcome
        # kept, in words that say so: "Nothing is lost" (not sent) or "made only once" (sent, not confirmed)
        assert "Nothing is lost" in report["text"] or "made only once" in report["text"], outcome
    if case == "redirect":
        assert server.elsewhere_hits == [], "a client followed a redirect to another origin"


def test_the_server_got_every_action_and_no_one_went_elsewhere(
    hostile: tuple[HostileServer, dict[tuple[str, str], Outcome]],
) -> None:
    server, _ = hostile
    reached = {(hit.case, hit.method) for hit in server.hits}
    for case, op in RUNS:
        assert (case, "PATCH" if op == SAVE else "GET") in reached, (case, op)
    assert server.elsewhere_hits == []


def test_words_problems_catches_what_a_setter_should_not_read() -> None:
    assert words_problems("Can't reach HeavySet: it dropped the connection. Try again.", LOOKUP) == []
    assert words_problems("RemoteProtocolError: peer closed connection", LOOKUP)
    assert words_problems("Something went wrong. The details are in the log.", SAVE)
    assert words_problems("HeavySet refused the change: Request refused (HTTP 302)", LOOKUP)
    assert words_problems("HeavySet sent 'utf-8' codec can't decode byte 0xff", SAVE)
    assert words_problems(f"HeavySet rejected {TOKEN}", SAVE)


if __name__ == "__main__":
    raise SystemExit(child_main())

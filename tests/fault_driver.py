"""Drive many mutations through the real services layer (outbox + replayer) against a simulator.

Used in process by tests/test_faults.py, and as a child process that the
test kills with SIGKILL mid-run and starts again::

    python -m tests.fault_driver --db OUTBOX --url URL --token-env VAR --phones a,b,c --count 1000

Mutation ``i`` appends the comment ``m00042`` to lead ``phones[i % len(phones)]``,
so the simulator's comment lists tell whether each one landed exactly once and
in order. A restarted driver skips the mutations already in the outbox.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from hsconsole.api.endpoints import Endpoints
from hsconsole.api.errors import ApiError
from hsconsole.api.models import PhoneUpdate
from hsconsole.api.s2s import S2SClient
from hsconsole.api.transport import RetryPolicy, Timeouts, Transport
from hsconsole.api.zapier import ZapierClient
from hsconsole.services.outbox import OutboxService, Queued
from hsconsole.store.outbox import OutboxStore

PROFILE = "faults"


def comment(i: int) -> str:
    return f"m{i:05d}"


def plan(count: int, phones: list[str]) -> dict[str, list[str]]:
    """phone → its comments, in the order they are made."""
    per_phone: dict[str, list[str]] = defaultdict(list)
    for i in range(count):
        per_phone[phones[i % len(phones)]].append(comment(i))
    return dict(per_phone)


@dataclass
class Stats:
    submitted: int = 0
    landed_in_line: int = 0
    queued: int = 0
    refused: int = 0
    replay_rounds: int = 0
    seconds: float = 0.0
    refused_reasons: list[str] = field(default_factory=list)


async def drive(
    db: Path,
    url: str,
    token: str,
    phones: list[str],
    count: int,
    *,
    workers: int = 8,
    lease: float = 1.0,
    read_timeout: float = 0.3,
    seed: int = 1,
) -> Stats:
    started = time.monotonic()
    stats = Stats()
    store = OutboxStore(db, owner=f"driver-{os.getpid()}-{uuid.uuid4().hex[:6]}", lease=lease)
    transport = Transport(
        timeouts=Timeouts(connect=1.0, read=read_timeout, write=1.0, pool=2.0),
        retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.05, max_retry_after=2.0),
        budget=None,
    )
    endpoints = Endpoints(url)
    outbox = OutboxService(
        store,
        S2SClient(transport, token, endpoints),
        ZapierClient(transport, token, endpoints),
        PROFILE,
        rng=random.Random(seed),
        # the product's backoff shape, compressed to the test's clock
        inline_retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.05, max_retry_after=2.0),
        backoff_base=0.05,
        backoff_max=0.5,
    )
    already = {
        entry.payload.get("appendComment")
        for status in ("pending", "failed", "done", "rejected", "discarded")
        for entry in store.entries(profile=PROFILE, statuses=(status,))  # type: ignore[arg-type]
    }
    todo = {phone: [c for c in comments if c not in already] for phone, comments in plan(count, phones).items()}
    groups: list[list[str]] = [list(todo)[k::workers] for k in range(workers)]

    async def work(group: list[str]) -> None:
        for phone in group:
            for text in todo[phone]:
                stats.submitted += 1
                body = PhoneUpdate(phone=phone, append_comment=text).to_wire()
                try:
                    await outbox.submit("update", phone, body, text)
                    stats.landed_in_line += 1
                except Queued:
                    stats.queued += 1
                except ApiError as exc:
                    stats.refused += 1
                    stats.refused_reasons.append(str(exc))

    replayer = asyncio.ensure_future(outbox.run())
    try:
        await asyncio.gather(*(work(g) for g in groups))
        while store.counts(PROFILE).get("pending", 0):
            outbox.wake()
            stats.replay_rounds += 1
            await asyncio.sleep(0.05)
    finally:
        replayer.cancel()
        await asyncio.gather(replayer, return_exceptions=True)
        await transport.aclose()
        store.close()
    stats.seconds = time.monotonic() - started
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token-env", required=True, help="the environment variable holding the token")
    parser.add_argument("--phones", required=True)
    parser.add_argument("--count", type=int, required=True)
    args = parser.parse_args(argv)
    token = os.environ[args.token_env]
    stats = asyncio.run(drive(Path(args.db), args.url, token, args.phones.split(","), args.count))
    sys.stdout.write(f"{stats}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

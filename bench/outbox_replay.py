"""Figure 5: outbox replay throughput against raw httpx PATCHes of the same bodies.

The console side is the product's replay path without the window: the :class:`Session` the app opens
for a profile, on a temporary data folder (an :class:`OutboxStore`: sqlite, WAL, ``synchronous=FULL``;
an audit log, so every replayed entry is also written to it, as in the app; the :class:`OutboxService`
and :class:`Console`), with one :class:`Transport` whose request budget is off. Each round queues N updates
(``store.add``, not timed), then times ``OutboxService.replay_one()`` until the outbox is empty.

The baseline sends the same N bodies with raw httpx (``PATCH /phone/update``, a fresh ``Idempotency-Key``
each, one after the other like the replayer, ``response.json()`` decoded). Rounds alternate, on one plain
asyncio loop in this process. Output: a JSON line with per-round throughputs and per-mutation times.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench.common import emit, run_child

S2S_PATH = "/api/v1/appointment/s2s"


def bodies(phones: list[str], n: int, round_index: int) -> list[dict[str, Any]]:
    """N update bodies (what the editor's Save sends: a couple of changed fields), spread over the phones."""
    return [
        {"phone": phones[i % len(phones)], "city": f"Bench {round_index}-{i}", "homeYear": 1990 + i % 30}
        for i in range(n)
    ]


async def console_round(service: Any, store: Any, profile: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    for body in items:
        store.add(
            profile=profile,
            kind="update",
            phone=body["phone"],
            key=str(uuid.uuid4()),
            payload=body,
            summary=f"Save {body['phone']}: city, home year",
            claim=False,
        )
    each: list[float] = []
    statuses: dict[str, int] = {}
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        entry = await service.replay_one()
        if entry is None:
            break
        each.append((time.perf_counter() - t0) * 1000.0)
        statuses[entry.status] = statuses.get(entry.status, 0) + 1
    elapsed = time.perf_counter() - started
    return {"per_s": len(each) / elapsed, "ms": each, "statuses": statuses}


async def raw_round(client: httpx.AsyncClient, url: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    each: list[float] = []
    started = time.perf_counter()
    for body in items:
        t0 = time.perf_counter()
        response = await client.patch(url, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
        response.raise_for_status()
        response.json()
        each.append((time.perf_counter() - t0) * 1000.0)
    elapsed = time.perf_counter() - started
    return {"per_s": len(items) / elapsed, "ms": each, "statuses": {"done": len(items)}}


async def run(args: argparse.Namespace) -> None:
    from hsconsole.api.transport import Transport
    from hsconsole.services.session import Session
    from hsconsole.store.settings import Profile

    phones = [p for p in args.phones.split(",") if p]
    data = Path(tempfile.mkdtemp(prefix="bench-outbox-"))
    profile = Profile(name="Bench", origin=args.url, tested=True)
    url = args.url.rstrip("/") + S2S_PATH + "/phone/update"
    headers = {"x-hs-token": args.token, "accept": "application/json"}
    consoles: list[dict[str, Any]] = []
    raws: list[dict[str, Any]] = []
    session = Session.open(profile, args.token, args.token, data_dir=data, transport=Transport(budget=None))
    async with session, httpx.AsyncClient(headers=headers, timeout=10.0) as client:
        service, store = session.outbox, session.stores.outbox
        # warm-up: connections, imports, sqlite pages
        await console_round(service, store, profile.name, bodies(phones, 5, -1))
        await raw_round(client, url, bodies(phones, 5, -1))
        for r in range(args.rounds):
            items = bodies(phones, args.n, r)
            if r % 2 == 0:
                consoles.append(await console_round(service, store, profile.name, items))
                raws.append(await raw_round(client, url, items))
            else:
                raws.append(await raw_round(client, url, items))
                consoles.append(await console_round(service, store, profile.name, items))
    emit({"console": consoles, "raw": raws, "n": args.n, "data_dir_fs": str(data)})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--phones", required=True)
    parser.add_argument("--n", type=int, default=200, help="mutations per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    return run_child(run(args))


if __name__ == "__main__":
    raise SystemExit(main())

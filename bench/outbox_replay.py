"""Figure 5: outbox replay throughput against raw httpx PATCHes of the same bodies.

The console side is the product's replay path without the window: an :class:`OutboxStore` (sqlite, WAL,
``synchronous=FULL``) and an audit log in a temporary data folder, the :class:`OutboxService` and
:class:`Console` that ``services.setup.console_for`` builds (so every replayed entry is also written to the
audit log, as in the app), one :class:`Transport` with its request budget off. Each round queues N updates
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
    from hsconsole.services.setup import console_for
    from hsconsole.store.audit import AuditLog
    from hsconsole.store.outbox import OutboxStore
    from hsconsole.store.settings import Profile

    phones = [p for p in args.phones.split(",") if p]
    data = Path(tempfile.mkdtemp(prefix="bench-outbox-"))
    profile = Profile(name="Bench", origin=args.url, tested=True)
    transport = Transport(budget=None)
    store = OutboxStore(data / "outbox.sqlite3", owner="bench")
    audit = AuditLog(data / "audit.sqlite3")
    console = console_for(profile, args.token, args.token, transport, outbox=store, audit=audit)
    service = console.outbox
    assert service is not None
    url = args.url.rstrip("/") + S2S_PATH + "/phone/update"
    headers = {"x-hs-token": args.token, "accept": "application/json"}
    consoles: list[dict[str, Any]] = []
    raws: list[dict[str, Any]] = []
    async with httpx.AsyncClient(headers=headers, timeout=10.0) as client:
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
    await transport.aclose()
    store.close()
    audit.close()
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

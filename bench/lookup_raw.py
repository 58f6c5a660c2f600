"""Figure 2, the baseline: the same two GETs (lead query and blocks) sent concurrently with raw httpx from a
plain asyncio script (no Qt, no pydantic), as the console sends them; each body is decoded with
``response.json()``. Same JSON-line commands on stdin as :mod:`bench.lookup_console`.

Figure 6's naive baseline: ``--fresh`` makes a new ``httpx.AsyncClient`` for each lookup (httpx's defaults:
HTTP/1.1, so a connection each, with its TCP and TLS handshakes), timed from its creation; ``--ca-file``
trusts the benchmark's test CA (its TLS context is made once, outside the timing).
"""

from __future__ import annotations

import argparse
import asyncio
import ssl
import time
from typing import Any

import httpx

from bench.common import commands_from_parent, emit, run_child

S2S_PATH = "/api/v1/appointment/s2s"


async def one_lookup(client: httpx.AsyncClient, base: str, phone: str, limit_days: int) -> float:
    started = time.perf_counter()
    lead, blocks = await asyncio.gather(
        client.get(f"{base}/phone/query", params={"phone": phone}),
        client.get(f"{base}/phone/query/blocks", params={"phone": phone, "limitDays": str(limit_days)}),
    )
    lead.raise_for_status()
    blocks.raise_for_status()
    body, slots = lead.json(), blocks.json()
    elapsed = (time.perf_counter() - started) * 1000.0
    if body.get("phone") != phone or not slots.get("slots"):
        raise RuntimeError(f"unexpected answer for {phone}")
    return elapsed


async def fresh_lookup(options: dict[str, Any], base: str, phone: str, limit_days: int) -> float:
    """A lookup as a client that keeps nothing between lookups pays it: a new client, new connections."""
    started = time.perf_counter()
    async with httpx.AsyncClient(**options) as client:
        await one_lookup(client, base, phone, limit_days)
    return (time.perf_counter() - started) * 1000.0


async def serve(args: argparse.Namespace) -> None:
    phones = [p for p in args.phones.split(",") if p]
    base = args.url.rstrip("/") + S2S_PATH
    headers = {"x-hs-token": args.token, "accept": "application/json"}
    options: dict[str, Any] = {"headers": headers, "timeout": 10.0}
    if args.ca_file:
        options["verify"] = ssl.create_default_context(cafile=args.ca_file)
    async with httpx.AsyncClient(**options) as client:
        emit({"ready": True})
        counter = 0
        async for command in commands_from_parent():
            times = []
            for _ in range(int(command["n"])):
                counter += 1
                await asyncio.sleep(args.settle_ms / 1000)  # the same idle pause as the console side
                phone = phones[counter % len(phones)]
                if args.fresh:
                    times.append(await fresh_lookup(options, base, phone, args.limit_days))
                else:
                    times.append(await one_lookup(client, base, phone, args.limit_days))
            emit({"ms": times})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--phones", required=True)
    parser.add_argument("--settle-ms", type=float, default=100.0, help="idle time before each lookup")
    parser.add_argument("--limit-days", type=int, default=14, help="the console's default (Settings.limit_days)")
    parser.add_argument("--fresh", action="store_true", help="a new client (new connections) for each lookup")
    parser.add_argument("--ca-file", default="", help="trust this CA (a test server's)")
    args = parser.parse_args()
    return run_child(serve(args))


if __name__ == "__main__":
    raise SystemExit(main())

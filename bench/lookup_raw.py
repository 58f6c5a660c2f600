"""Figure 2, the baseline: the same two GETs (lead query and blocks) sent concurrently with raw httpx from a
plain asyncio script (no Qt, no pydantic), as the console sends them; each body is decoded with
``response.json()``. Same JSON-line commands on stdin as :mod:`bench.lookup_console`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

import httpx

from bench.common import emit, run_child

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


async def serve(args: argparse.Namespace) -> None:
    phones = [p for p in args.phones.split(",") if p]
    base = args.url.rstrip("/") + S2S_PATH
    headers = {"x-hs-token": args.token, "accept": "application/json"}
    async with httpx.AsyncClient(headers=headers, timeout=10.0) as client:
        emit({"ready": True})
        counter = 0
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            command = json.loads(line)
            if command["op"] == "quit":
                break
            times = []
            for _ in range(int(command["n"])):
                counter += 1
                await asyncio.sleep(args.settle_ms / 1000)  # the same idle pause as the console side
                times.append(await one_lookup(client, base, phones[counter % len(phones)], args.limit_days))
            emit({"ms": times})


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--phones", required=True)
    parser.add_argument("--settle-ms", type=float, default=100.0, help="idle time before each lookup")
    parser.add_argument("--limit-days", type=int, default=14, help="the console's default (Settings.limit_days)")
    args = parser.parse_args()
    return run_child(serve(args))


if __name__ == "__main__":
    raise SystemExit(main())

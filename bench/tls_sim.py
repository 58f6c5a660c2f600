"""The HeavySet simulator served over TLS, with HTTP/2 (and HTTP/1.1) or HTTP/1.1 only, for the network figures.

The certificate comes from a test certificate authority made with ``trustme`` (:func:`write_certificates`):
only a transport given that authority's file (``Transport(ca_file=...)``) or a client given its context trusts
it. Served by hypercorn from this process; every API request's time inside the server (from the request's
arrival at the application to its last byte handed back) is kept, with ``time.monotonic()`` stamps that every
process on the machine shares, so the parent can tell the server's own part of a lookup from the network's.

``python -m bench.tls_sim --cert C --key K --token T [--http1-only]`` prints ``BENCH {"port": N}`` and answers
``{"op": "spans", "since": T}`` with the spans of API requests that arrived at or after ``T``.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import time
from pathlib import Path
from typing import Any

from bench.common import commands_from_parent, emit

Scope = dict[str, Any]
Message = dict[str, Any]


def write_certificates(folder: Path, hosts: tuple[str, ...] = ("127.0.0.1", "localhost")) -> tuple[Path, Path, Path]:
    """A test CA and a server certificate for ``hosts`` in ``folder``: (CA file, certificate chain, key)."""
    import trustme

    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA()
    cert = ca.issue_cert(*hosts)
    ca_file, chain, key = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca.cert_pem.write_to_path(str(ca_file))
    cert.private_key_pem.write_to_path(str(key))
    with open(chain, "wb") as out:
        for blob in cert.cert_chain_pems:
            out.write(blob.bytes())
    return ca_file, chain, key


class Timing:
    """ASGI middleware keeping each API request's time in the application."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.spans: list[dict[str, Any]] = []

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        start = time.monotonic()

        async def timed(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                self.spans.append(
                    {
                        "method": scope["method"],
                        "path": scope["path"],
                        "http": scope.get("http_version", ""),
                        "start": start,
                        "end": time.monotonic(),
                    }
                )
                del self.spans[:-5000]

        await self.app(scope, receive, timed)


async def serve(args: argparse.Namespace) -> None:
    from hypercorn.asyncio import serve as hypercorn_serve
    from hypercorn.config import Config

    from hsconsole.sim.heavyset.app import create_app
    from hsconsole.sim.heavyset.state import SimState

    app = Timing(create_app(SimState(token=args.token, rate_limit=None)))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = Config()
    config.bind = [f"fd://{sock.detach()}"]  # the server's to close
    config.certfile, config.keyfile = args.cert, args.key
    config.alpn_protocols = ["http/1.1"] if args.http1_only else ["h2", "http/1.1"]
    config.keep_alive_timeout = 3600  # the proxy in front closes idle connections, as a server would
    config.accesslog = None
    config.errorlog = None
    stop = asyncio.Event()
    server = asyncio.ensure_future(hypercorn_serve(app, config, shutdown_trigger=stop.wait))  # type: ignore[arg-type]
    await asyncio.sleep(0.2)
    emit({"port": port})
    async for command in commands_from_parent():
        if command["op"] == "spans":
            since = float(command.get("since", 0.0))
            emit({"spans": [s for s in app.spans if s["start"] >= since]})
    stop.set()
    await asyncio.wait_for(server, 10)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--http1-only", action="store_true", help="offer HTTP/1.1 alone (no HTTP/2)")
    args = parser.parse_args()
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

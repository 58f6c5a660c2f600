"""A TCP proxy that puts a real network's distance between the console and the simulator.

Every chunk of bytes, either way, is passed on ``delay`` seconds after it arrived (one way), so a round trip
costs ``2 × delay``; the first bytes a client sends on a new connection wait one round trip more, for the
TCP handshake that the kernel made at once on loopback (SYN, SYN-ACK). TLS goes through untouched (the server
behind does it), so its handshake costs its real round trips. A connection with no bytes either way for
``idle`` seconds is closed, as a server closes a kept-alive connection (Node.js and Apache after 5 s by
default); the client learns it one way later, like a FIN on the wire. DNS is not simulated (the address is an
IP; an operating system caches its lookups anyway).

In-process (tests): ``LatencyProxy(...)`` then ``await proxy.start()``, or :meth:`LatencyProxy.in_thread`.
As a child of ``bench.run``: ``python -m bench.latency_proxy --upstream 127.0.0.1:PORT --delay-ms 30
--idle-s 5`` prints ``BENCH {"port": N}`` and answers ``{"op": "accepts"}`` with the monotonic times at
which it accepted each connection (the clock is the machine's, shared by every process).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from bench.common import commands_from_parent, emit

Chunks = asyncio.Queue[tuple[float, bytes | None]]
"""Bytes to pass on, each with when (the loop's clock); None for the end of the stream."""


@dataclass
class LatencyProxy:
    upstream_host: str
    upstream_port: int
    delay: float = 0.030
    """One-way delay of the connections accepted from now on (a connection keeps the delay of its path)."""
    idle: float = 5.0
    host: str = "127.0.0.1"
    port: int = 0
    accepts: list[float] = field(default_factory=list)
    """``time.monotonic()`` of each connection accepted."""
    closed_idle: int = 0
    """Connections closed for being idle."""
    _server: asyncio.Server | None = None
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        handlers = [t for t in self._handlers if not t.done()]
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2.0)
            self._server = None

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self.accepts.append(time.monotonic())
        me = asyncio.current_task()
        if me is not None:
            self._handlers.add(me)
            me.add_done_callback(self._handlers.discard)
        try:
            await self._relay(client_r, client_w)
        except asyncio.CancelledError:
            # stop() cancels the handlers; asyncio (3.11) reports a connection handler that ends cancelled as an
            # unhandled exception, so this one ends quietly: its connections are closed by then
            return

    async def _relay(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        delay = self.delay
        try:
            up_r, up_w = await asyncio.open_connection(self.upstream_host, self.upstream_port)
        except OSError:
            client_w.close()
            return
        loop = asyncio.get_running_loop()
        last = [loop.time()]
        to_up: Chunks = asyncio.Queue()
        to_client: Chunks = asyncio.Queue()

        async def read(src: asyncio.StreamReader, queue: Chunks, first: float) -> None:
            extra = first
            while True:
                try:
                    data = await src.read(65536)
                except (ConnectionError, OSError):
                    data = b""
                now = loop.time()
                last[0] = now
                queue.put_nowait((now + delay + extra, data or None))
                extra = 0.0
                if not data:
                    return

        async def deliver(queue: Chunks, dst: asyncio.StreamWriter) -> None:
            try:
                while True:
                    due, data = await queue.get()
                    wait = due - loop.time()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    if data is None:
                        break
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                with contextlib.suppress(Exception):
                    dst.close()

        async def watch() -> None:
            while True:
                await asyncio.sleep(max(0.01, last[0] + self.idle - loop.time()))
                if loop.time() - last[0] >= self.idle:
                    self.closed_idle += 1
                    to_client.put_nowait((loop.time() + delay, None))  # the FIN reaches the client one way later
                    to_up.put_nowait((loop.time(), None))
                    return

        tasks = [
            asyncio.create_task(read(client_r, to_up, 2 * delay)),  # + the TCP handshake's round trip
            asyncio.create_task(read(up_r, to_client, 0.0)),
            asyncio.create_task(deliver(to_up, up_w)),
            asyncio.create_task(deliver(to_client, client_w)),
        ]
        watcher = asyncio.create_task(watch())
        try:
            await asyncio.wait(tasks[2:], return_when=asyncio.ALL_COMPLETED)
        finally:
            for task in [*tasks, watcher]:
                task.cancel()
            await asyncio.gather(*tasks, watcher, return_exceptions=True)
            for writer in (client_w, up_w):
                with contextlib.suppress(Exception):
                    writer.close()

    @classmethod
    @contextlib.contextmanager
    def in_thread(cls, upstream_host: str, upstream_port: int, **options: float) -> Iterator[LatencyProxy]:
        """The proxy on an event loop of its own in a thread, for the duration of the ``with``."""
        proxy = cls(upstream_host, upstream_port, **options)  # type: ignore[arg-type]
        loop = asyncio.new_event_loop()
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(proxy.start())
            started.set()
            loop.run_forever()
            loop.run_until_complete(proxy.stop())
            loop.close()

        thread = threading.Thread(target=run, name="latency-proxy", daemon=True)
        thread.start()
        started.wait(10)
        try:
            yield proxy
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)


async def _serve_child(args: argparse.Namespace) -> None:
    host, _, port = args.upstream.rpartition(":")
    proxy = LatencyProxy(host, int(port), delay=args.delay_ms / 1000.0, idle=args.idle_s)
    await proxy.start()
    emit({"port": proxy.port})
    async for command in commands_from_parent():
        if command["op"] == "accepts":
            emit({"accepts": proxy.accepts, "closed_idle": proxy.closed_idle})
        elif command["op"] == "idle":
            proxy.idle = float(command["seconds"])
            emit({"idle": proxy.idle})
    await proxy.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True, help="HOST:PORT of the server behind")
    parser.add_argument("--delay-ms", type=float, default=30.0, help="one-way delay (a round trip is twice this)")
    parser.add_argument("--idle-s", type=float, default=5.0, help="close a connection idle this long")
    args = parser.parse_args()
    asyncio.run(_serve_child(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Serving a simulator: :class:`AppServer` runs any ASGI app on a real loopback socket with uvicorn in a
daemon thread (tests, ``hsconsole --demo`` and ``hsconsole-sim`` use it for all three simulators)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Self

import uvicorn
from starlette.types import ASGIApp


class _QuietDrops(logging.Filter):
    """Hide uvicorn's complaint about the responses the simulator truncates on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing response" not in record.getMessage()


_uvicorn_error = logging.getLogger("uvicorn.error")
if not any(isinstance(f, _QuietDrops) for f in _uvicorn_error.filters):
    _uvicorn_error.addFilter(_QuietDrops())


class _Server(uvicorn.Server):
    """uvicorn's server with a main loop that wakes at once when asked to stop.

    Stock uvicorn polls ``should_exit`` every 0.1 s; tests start and stop a
    server per test, so :meth:`wake` lets :meth:`AppServer.stop` skip the wait.
    """

    _wake_event: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake_event = asyncio.Event()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake_event.wait(), 0.1)
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """uvicorn's shutdown minus its fixed 0.1 s pause (falls back to the stock one)."""
        try:
            servers, state = self.servers, self.server_state
        except AttributeError:  # pragma: no cover - a uvicorn without these internals
            await super().shutdown(sockets)
            return
        for server in servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(state.connections):
            connection.shutdown()
        for _ in range(20):  # idle keep-alive connections close within a few loop turns
            if not state.connections and not state.tasks:
                break
            await asyncio.sleep(0.005)
        try:
            await asyncio.wait_for(self._wait_tasks_to_complete(), timeout=self.config.timeout_graceful_shutdown)
        except TimeoutError:
            for task in state.tasks:
                task.cancel()
        if not self.force_exit:
            await self.lifespan.shutdown()

    def wake(self) -> None:
        loop, event = self._loop, self._wake_event
        if loop is not None and event is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in between
                loop.call_soon_threadsafe(event.set)


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def server_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


AppFactory = Callable[[threading.Event], ASGIApp]
"""Builds the ASGI app; the event is set when the server is stopping (hung requests end then)."""


class AppServer:
    """Any ASGI app on a real loopback socket, served by uvicorn in a daemon thread."""

    def __init__(self, app_factory: AppFactory, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app_factory = app_factory
        self.host = host
        self._requested_port = port
        self._stopping = threading.Event()
        self._sock: socket.socket | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``, the one origin of every route."""
        return server_url(self.host, self.port)

    def start(self, timeout: float = 5.0) -> Self:
        """Bind, start the thread and wait until uvicorn accepts connections."""
        if self._thread is not None:
            raise RuntimeError("already started")
        self._stopping.clear()
        self._sock = bind_socket(self.host, self._requested_port)
        self.port = self._sock.getsockname()[1]
        config = uvicorn.Config(
            self.app_factory(self._stopping),
            log_level="warning",
            access_log=False,
            log_config=None,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        self._server = _Server(config)
        sock = self._sock
        server = self._server
        self._thread = threading.Thread(
            target=lambda: server.run(sockets=[sock]), name=f"hsconsole-sim:{self.port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the simulator failed to start")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the simulator did not start in time")
            time.sleep(0.002)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Ask uvicorn to exit, wake it, and join the thread."""
        self._stopping.set()
        server, thread = self._server, self._thread
        if server is not None:
            server.should_exit = True
            server.wake()
        if thread is not None:
            thread.join(timeout)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

"""Serve the simulator: :class:`SimServer` (a background thread, for tests and
``hsconsole --demo``) and :func:`main`, the ``hsconsole-sim`` command."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import logging
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, Self

import uvicorn
from starlette.types import ASGIApp

from hsconsole.sim.app import S2S_PREFIX, ZAPIER_PREFIX, create_app
from hsconsole.sim.common import Faults
from hsconsole.sim.data import DEFAULT_DEMO_TOKEN, DEFAULT_SEED, DEFAULT_TOKEN, DEMO_PHONES, UNKNOWN_PHONE
from hsconsole.sim.dialects import DIALECTS, connector_switches
from hsconsole.sim.state import SimState


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
    server per test, so :meth:`wake` lets :meth:`SimServer.stop` skip the wait.
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


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _url(host: str, port: int) -> str:
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
        return _url(self.host, self.port)

    def start(self, timeout: float = 5.0) -> Self:
        """Bind, start the thread and wait until uvicorn accepts connections."""
        if self._thread is not None:
            raise RuntimeError("already started")
        self._stopping.clear()
        self._sock = _bind(self.host, self._requested_port)
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


class SimServer(AppServer):
    """The HeavySet simulator on a real socket, served by uvicorn in a daemon thread.

    ``SimServer()`` makes a fresh :class:`SimState` (keyword arguments go to
    it), binds 127.0.0.1 on a free port and starts on ``__enter__`` or
    :meth:`start`::

        with SimServer(rate_limit=5) as sim:
            httpx.get(f"{sim.s2s_url}/phone/query", params={"phone": ...},
                      headers={"x-hs-token": sim.state.token})
    """

    def __init__(
        self,
        state: SimState | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        **state_kwargs: Any,
    ) -> None:
        if state is not None and state_kwargs:
            raise TypeError("give a state or state keyword arguments, not both")
        self.state = state if state is not None else SimState(**state_kwargs)
        super().__init__(lambda stopping: create_app(self.state, stopping=stopping), host=host, port=port)

    @property
    def s2s_url(self) -> str:
        return self.url + S2S_PREFIX

    @property
    def zapier_url(self) -> str:
        return self.url + ZAPIER_PREFIX


# ---------------------------------------------------------------- CLI


def _is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hsconsole-sim",
        description="A local simulator of the HeavySet S2S and Zapier APIs, with demo data and fault knobs.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (loopback by default)")
    parser.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    parser.add_argument("--port", type=int, default=8787, help="port (0 = any free port; default 8787)")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the valid API token (both API families)")
    parser.add_argument("--demo-token", default=DEFAULT_DEMO_TOKEN, help="a token in demo mode (gets 403)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="demo data seed")
    parser.add_argument("--latency-ms", type=int, default=0, help="added delay on every API request")
    parser.add_argument("--error-rate", type=_rate, default=0.0, help="share of API requests answered 500")
    parser.add_argument("--drop-rate", type=_rate, default=0.0, help="share of API requests whose connection drops")
    parser.add_argument("--timeout-rate", type=_rate, default=0.0, help="share of API requests that hang")
    parser.add_argument("--rate-limit", type=int, default=60, help="requests per minute per token (0 = off)")
    parser.add_argument(
        "--max-log",
        type=_positive,
        default=10_000,
        help="requests kept in the request log, newest last (default 10000; /_sim/traffic counts them all)",
    )
    parser.add_argument("--apptoto-port", type=int, default=0, help="port of the Apptoto simulator (0 = any free)")
    parser.add_argument("--timezest-port", type=int, default=0, help="port of the TimeZest simulator (0 = any free)")
    parser.add_argument("--no-connectors", action="store_true", help="serve HeavySet only, not Apptoto and TimeZest")
    parser.add_argument(
        "--dialect",
        default="",
        metavar="NAME[,NAME...]",
        help=f"read the API documents as another server would ({', '.join(sorted(DIALECTS))}; see sim/README.md)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``hsconsole-sim``: serve the simulator in the foreground until Ctrl+C."""
    args = _parser().parse_args(argv)
    if not _is_loopback_host(args.host) and not args.allow_remote:
        print(
            f"hsconsole-sim: refusing to listen on non-loopback host {args.host!r}; add --allow-remote to do it anyway",
            file=sys.stderr,
        )
        return 2
    try:
        faults = Faults(
            latency_ms=args.latency_ms,
            error_rate=args.error_rate,
            drop_rate=args.drop_rate,
            timeout_rate=args.timeout_rate,
        )
        faults.validate()
        state = SimState(
            seed=args.seed,
            token=args.token,
            demo_token=args.demo_token,
            faults=faults,
            rate_limit=args.rate_limit or None,
            dialects=args.dialect.split(","),
            max_log=args.max_log,
        )
    except ValueError as exc:
        print(f"hsconsole-sim: {exc}", file=sys.stderr)
        return 2
    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        print(f"hsconsole-sim: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    url = _url(args.host, sock.getsockname()[1])
    print(_banner(url, state), flush=True)
    connectors: list[AppServer] = []
    if not args.no_connectors:
        try:
            connectors = _start_connectors(args)
        except (OSError, RuntimeError) as exc:
            print(f"hsconsole-sim: cannot start the Apptoto/TimeZest simulators: {exc}", file=sys.stderr)
            sock.close()
            return 1
    config = uvicorn.Config(create_app(state), log_level="warning", access_log=False, lifespan="off")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        for server in connectors:
            server.stop()
    return 0


def _start_connectors(args: argparse.Namespace) -> list[AppServer]:
    """The Apptoto and TimeZest simulators, each on its own loopback origin, with the same token."""
    from hsconsole.sim.apptoto import ApptotoServer
    from hsconsole.sim.timezest import TimeZestServer, describe

    dialects = args.dialect.split(",")
    apptoto_switches: dict[str, Any] = connector_switches(dialects, "apptoto")
    timezest_switches: dict[str, Any] = connector_switches(dialects, "timezest")
    apptoto = ApptotoServer(
        host=args.host,
        port=args.apptoto_port,
        api_key=args.token,
        seed=args.seed,
        **apptoto_switches,
    ).start()
    timezest = TimeZestServer(
        host=args.host,
        port=args.timezest_port,
        api_key=args.token,
        seed=args.seed,
        **timezest_switches,
    ).start()
    print(
        f"Apptoto simulator on {apptoto.url}\n"
        f"  API base:       {apptoto.url}/v1   (HTTP Basic: {apptoto.email} and the token above as the API key)\n"
        f"  Admin:          {apptoto.url}/_sim/info (loopback only)",
        flush=True,
    )
    print(describe(timezest.state, timezest.url).replace(args.token, "(the token above)"), flush=True)
    return [apptoto, timezest]


def _banner(url: str, state: SimState) -> str:
    lines = [
        f"HeavySet simulator on {url}",
        f"  S2S base:       {url}{S2S_PREFIX}",
        f"  Zapier base:    {url}{ZAPIER_PREFIX}",
        f"  Low-latency:    {url}{S2S_PREFIX}/phone/query/{state.crm_settings_id}",
        f"  crmSettingsId:  {state.crm_settings_id}",
        f"  Token (valid, x-hs-token and x-heavyset-token):\n    {state.token}",
        f"  Demo-mode token (403): {state.demo_token}",
        f"  Rate limit: {state.rate_limit or 'off'} requests per {state.rate_window_s:g} s per token",
        "  Demo phones:",
    ]
    for name, phone in DEMO_PHONES.items():
        snapshot = state.lead_snapshot(phone) or {}
        status = snapshot.get("appointment_status") or "no appointment"
        zone = snapshot.get("time_zone") or ""
        lines.append(f"    {phone}  {snapshot.get('name', ''):<16} {zone:<20} {status:<15} ({name})")
    lines.append(f"    {UNKNOWN_PHONE}  (not in the CRM: the 404 path)")
    lines.append(f"  Admin: {url}/_sim/info, /_sim/faults, /_sim/requests, /_sim/reset (loopback only)")
    lines.append("  Ctrl+C to stop.")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

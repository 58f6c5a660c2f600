"""The connection to HeavySet opened before a lookup needs it, and kept open while the setter works.

Connections are counted where a server would see them: by a TCP proxy (bench/latency_proxy.py) in front of the
simulator, over plain HTTP, or over TLS with HTTP/2 or HTTP/1.1 only (hypercorn, a test CA made with trustme).
Nothing here measures a time: the proxy's delay only makes a warm-up last long enough for a lookup to be sent
during it, or stuck (what ends first, the lookup or the warm-up, is then what is checked).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from bench.latency_proxy import LatencyProxy
from bench.tls_sim import write_certificates
from hsconsole.api.errors import NetworkError
from hsconsole.api.heavyset.endpoints import Endpoints
from hsconsole.api.heavyset.s2s import S2SClient
from hsconsole.api.transport import WARM_CONNECTIONS, RequestBudget, Timeouts, Transport
from hsconsole.sim.heavyset.app import S2S_PREFIX, create_app
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.sim.heavyset.state import SimState
from hsconsole.ui.main_window import MainWindow
from tests.helpers import Runner, api_requests, make_console, until

DENVER = DEMO_PHONES["denver_booked"]
TOKEN = "warm-up-test-token-" + "x" * 40


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(token=TOKEN) as server:
        yield server


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


@pytest.fixture
def proxy(sim: SimServer) -> Iterator[LatencyProxy]:
    with LatencyProxy.in_thread("127.0.0.1", port_of(sim.url), delay=0.0, idle=60.0) as counting:
        yield counting


def proxied(proxy: LatencyProxy) -> str:
    return f"http://127.0.0.1:{proxy.port}"


def transport(**options: Any) -> Transport:
    return Transport(timeouts=Timeouts(connect=2.0, read=3.0, write=2.0, pool=2.0), **options)


# ---------------------------------------------------------------- the transport and the console


def test_a_warm_up_opens_the_connections_the_lookup_then_uses(proxy: LatencyProxy, arun: Runner) -> None:
    budget = RequestBudget()
    console = make_console(proxied(proxy), TOKEN, transport(budget=budget))

    async def go() -> None:
        assert console.warm_due() == 0
        assert await console.warm_up()
        assert len(proxy.accepts) == WARM_CONNECTIONS  # HTTP/1.1: one for each of a lookup's two requests
        assert console.warm_due() > 0
        result = await console.lookup(DENVER)
        assert result.lead.phone == DENVER and result.slots is not None
        assert len(proxy.accepts) == WARM_CONNECTIONS  # both requests went out on the warm connections
        await console.s2s._transport.aclose()

    arun(go())


def test_a_warm_up_is_not_repeated_while_the_connection_is_fresh(proxy: LatencyProxy, arun: Runner) -> None:
    budget = RequestBudget()
    console = make_console(proxied(proxy), TOKEN, transport(budget=budget))
    key = console.s2s._credential.fingerprint

    async def go() -> None:
        assert await console.warm_up()
        counted = budget.used(key)
        assert not await console.warm_up()
        await console.lookup(DENVER)
        assert not await console.warm_up()  # the lookup kept it fresh
        assert budget.used(key) == counted + 2  # the lookup's two requests, no other warm-up
        assert len(proxy.accepts) == WARM_CONNECTIONS
        await console.s2s._transport.aclose()

    arun(go())


def test_a_lookup_sent_during_a_warm_up_waits_for_its_connections(sim: SimServer, arun: Runner) -> None:
    """Over HTTP/1.1 a warm-up's requests hold both connections until answered: a lookup sent meanwhile takes them
    once they are free, rather than open two more (the first warm-up, opening them, and a later one alike)."""
    with LatencyProxy.in_thread("127.0.0.1", port_of(sim.url), delay=0.05, idle=60.0) as slow:
        console = make_console(proxied(slow), TOKEN, transport(budget=RequestBudget()))
        place_of = console.s2s._transport._origins

        async def during_a_warm_up() -> None:
            warming = asyncio.ensure_future(console.warm_up())
            await until(lambda: any(place.warming for place in place_of.values()))
            result = await console.lookup(DENVER)
            assert result.lead.phone == DENVER
            assert await warming

        async def go() -> None:
            await during_a_warm_up()
            assert len(slow.accepts) == WARM_CONNECTIONS
            for place in place_of.values():
                place.last_used -= 3600  # counted as gone, though still open: the next warm-up reuses them
            await during_a_warm_up()
            assert len(slow.accepts) == WARM_CONNECTIONS
            await console.s2s._transport.aclose()

        arun(go())


def test_a_lookup_does_not_wait_on_a_stuck_warm_up(sim: SimServer, arun: Runner) -> None:
    """A warm-up not answered within its bound is not waited for: the lookup opens its own connections. Not even
    after a warm-up that took a minute (a network that hung once): the bound has a ceiling."""
    with LatencyProxy.in_thread("127.0.0.1", port_of(sim.url), delay=0.8, idle=60.0) as slow:
        secure = transport(budget=RequestBudget())
        console = make_console(proxied(slow), TOKEN, secure)

        async def go() -> None:
            secure._origin(httpx.URL(proxied(slow))).warm_took[True] = 60.0
            warming = asyncio.ensure_future(console.warm_up())
            await until(lambda: len(slow.accepts) == WARM_CONNECTIONS)
            slow.delay = 0.0  # the warm-up's connections keep their 0.8 s; the lookup's new ones have none
            result = await console.lookup(DENVER)
            assert result.lead.phone == DENVER
            assert not warming.done()  # the lookup was not held until the warm-up's answer
            assert len(slow.accepts) == 2 * WARM_CONNECTIONS
            await warming
            await secure.aclose()

        arun(go())


def test_a_warm_up_counts_in_the_budget_and_leaves_half_of_it_to_the_setter(proxy: LatencyProxy, arun: Runner) -> None:
    budget = RequestBudget(limit=6)
    console = make_console(proxied(proxy), TOKEN, transport(budget=budget))
    key = console.s2s._credential.fingerprint

    async def go() -> None:
        assert await console.warm_up()
        assert budget.used(key) == WARM_CONNECTIONS
        await console.lookup(DENVER)  # 4 of 6 counted: more than half
        await console.s2s._transport.aclose()  # its connections gone: the next warm-up would open new ones
        assert console.warm_due() >= 0
        for place in console.s2s._transport._origins.values():
            place.last_used = float("-inf")
        assert console.warm_due() == 0
        assert not await console.warm_up()  # not without half of the budget to spare
        assert budget.used(key) == 4
        assert len(proxy.accepts) == WARM_CONNECTIONS
        await console.s2s._transport.aclose()

    arun(go())


def test_a_warm_up_carries_no_token_and_no_query(arun: Runner) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404)

    endpoints = Endpoints("https://api.example.test", "https://oregon.example.test", "crm-7")
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    s2s = S2SClient(Transport(client=client), TOKEN, endpoints)

    async def go() -> None:
        assert await s2s.warm()
        await client.aclose()

    arun(go())
    assert {r.url.host for r in seen} == {"api.example.test", "oregon.example.test"}  # the regional route too
    for request in seen:
        assert request.method == "OPTIONS"
        assert request.url.query == b""
        assert str(request.url).endswith(("/phone/query", "/phone/query/crm-7"))
        assert TOKEN not in str(request.url)
        assert all(TOKEN not in value for value in request.headers.values())
        assert "x-hs-token" not in request.headers


def test_a_failing_warm_up_raises_nothing_and_the_lookup_still_says_why(arun: Runner) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"  # nothing listens there
    console = make_console(url, TOKEN, transport(budget=RequestBudget()))

    async def go() -> None:
        assert not await console.warm_up()
        assert console.warm_due() == 0  # nothing was opened: the next sign of a lookup tries again
        with pytest.raises(NetworkError):
            await console.lookup(DENVER)
        await console.s2s._transport.aclose()

    arun(go())


# ---------------------------------------------------------------- over TLS, with HTTP/2


class TlsSim:
    """The simulator over TLS (HTTP/2 and HTTP/1.1, or ``http1_only``) in a thread, with a test CA."""

    def __init__(self, folder: Path, *, http1_only: bool = False) -> None:
        from hypercorn.asyncio import serve
        from hypercorn.config import Config

        self.ca_file, chain, key = write_certificates(folder)
        self.state = SimState(token=TOKEN, rate_limit=None)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = Config()
        config.bind = [f"fd://{sock.detach()}"]  # the server's to close
        config.certfile, config.keyfile = str(chain), str(key)
        config.keep_alive_timeout = 3600
        config.accesslog = config.errorlog = None
        config.alpn_protocols = ["http/1.1"] if http1_only else ["h2", "http/1.1"]
        self.loop = asyncio.new_event_loop()
        self.stop = asyncio.Event()
        ready = threading.Event()

        async def run() -> None:
            self.loop.call_soon(ready.set)
            await serve(create_app(self.state), config, shutdown_trigger=self.stop.wait)  # type: ignore[arg-type]

        self.thread = threading.Thread(target=lambda: self.loop.run_until_complete(run()), daemon=True)
        self.thread.start()
        ready.wait(10)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(10)


@pytest.fixture(scope="module")
def tls_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsSim]:
    server = TlsSim(tmp_path_factory.mktemp("tls"))
    yield server
    server.close()


def test_a_lookup_waits_for_a_warm_up_opening_connections_as_long_as_those_take(tmp_path: Path, arun: Runner) -> None:
    """A keep-warm warm-up (on kept connections) takes one round trip; one that opens TLS connections takes three.
    A lookup sent during the second kind waits as long as that kind takes, not as the quicker one did."""
    h1 = TlsSim(tmp_path, http1_only=True)
    try:
        with LatencyProxy.in_thread("127.0.0.1", h1.port, delay=0.05, idle=0.6) as slow:
            secure = transport(budget=RequestBudget(), ca_file=str(h1.ca_file))
            console = make_console(f"https://127.0.0.1:{slow.port}", TOKEN, secure)

            async def go() -> None:
                assert await console.warm_up()  # opens them: found to speak HTTP/1.1 only
                place = next(iter(secure._origins.values()))
                assert place.http_version == "HTTP/1.1"
                place.last_used -= secure.warm_interval  # due, and still kept: a keep-warm warm-up
                assert await console.warm_up()
                opened = len(slow.accepts)
                await until(lambda: slow.closed_idle == opened)  # the server lets them all go
                await asyncio.sleep(0.2)  # and the console hears of it (the proxy passes the close on 50 ms later)
                place.last_used -= 3600  # and so would the console by now: the next warm-up opens them again
                warming = asyncio.ensure_future(console.warm_up())
                await until(lambda: place.warming)
                assert (await console.lookup(DENVER)).lead.phone == DENVER
                assert await warming
                assert len(slow.accepts) == opened + WARM_CONNECTIONS  # the warm-up's two, none of the lookup's
                await secure.aclose()

            arun(go())
    finally:
        h1.close()


def test_over_http2_one_warm_connection_carries_the_lookup(tls_sim: TlsSim, arun: Runner) -> None:
    with LatencyProxy.in_thread("127.0.0.1", tls_sim.port, delay=0.0, idle=60.0) as counting:
        secure = transport(budget=RequestBudget(), ca_file=str(tls_sim.ca_file))
        assert secure.http2
        console = make_console(f"https://127.0.0.1:{counting.port}", TOKEN, secure)

        async def go() -> None:
            assert await console.warm_up()
            assert len(counting.accepts) == 1  # HTTP/2 learned at the first warm-up's answer…
            await console.lookup(DENVER)
            assert len(counting.accepts) == 1  # …and both of the lookup's requests went on that connection
            await secure.aclose()

        arun(go())
    spans = [r for r in tls_sim.state.requests() if str(r.get("path", "")).startswith(S2S_PREFIX)]
    assert len(spans) >= 2


def test_the_console_trusts_the_test_ca_only_when_given_it(tls_sim: TlsSim, arun: Runner) -> None:
    console = make_console(f"https://127.0.0.1:{tls_sim.port}", TOKEN, transport(budget=None))

    async def go() -> None:
        assert not await console.warm_up()  # the default authorities do not know the test CA
        with pytest.raises(NetworkError):
            await console.lookup(DENVER)
        await console.s2s._transport.aclose()

    arun(go())


def test_a_kept_connection_the_server_let_go_is_replaced_at_once(tls_sim: TlsSim, arun: Runner) -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    # The server lets an idle connection go after 0.3 s, sooner than this console expects (5 s): over HTTP/2 the
    # client's pool cannot tell, and the next request goes out on a connection already closed.
    with LatencyProxy.in_thread("127.0.0.1", tls_sim.port, delay=0.0, idle=0.3) as counting:
        secure = transport(budget=None, ca_file=str(tls_sim.ca_file), keepalive=5.0, sleep=sleep)
        console = make_console(f"https://127.0.0.1:{counting.port}", TOKEN, secure)

        async def go() -> None:
            assert await console.warm_up()  # one HTTP/2 connection…
            await console.lookup(DENVER)  # …carries the lookup
            await asyncio.sleep(0.8)
            assert counting.closed_idle >= 1
            result = await console.lookup(DENVER)
            assert result.lead.phone == DENVER
            await secure.aclose()

        arun(go())
        assert len(counting.accepts) == 2
    assert slept == []  # sent again at once, not after a backoff


# ---------------------------------------------------------------- the window


def build_window(qtbot: QtBot, url: str, budget: RequestBudget | None = None, **options: Any) -> MainWindow:
    console = make_console(url, TOKEN, transport(budget=budget, **options))
    window = MainWindow(console, setter_zone="America/New_York", mode_text="TEST", endpoint_text=url)
    window.confirm = lambda _title, _text: True
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def close(qtbot: QtBot, window: MainWindow) -> None:
    window.close()
    qtbot.waitUntil(lambda: window.tasks.pending == 0 and not window.lookup.warm_up.warming)


def test_the_window_opens_the_connection_once_attached(qtbot: QtBot, sim: SimServer, proxy: LatencyProxy) -> None:
    window = build_window(qtbot, proxied(proxy))
    qtbot.waitUntil(lambda: len(proxy.accepts) == WARM_CONNECTIONS)
    assert api_requests(sim) == []  # not a lookup: nothing the simulator counts
    qtbot.waitUntil(lambda: not window.lookup.warm_up.warming)
    accepted = len(proxy.accepts)
    window.phone_input.setText("8015551234")
    window.phone_input.returnPressed.emit()
    qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == DENVER)
    assert len(proxy.accepts) == accepted  # the lookup found its connections open
    close(qtbot, window)


def test_a_digit_typed_the_window_raised_and_the_phone_field_focused_open_it_again(
    qtbot: QtBot, proxy: LatencyProxy
) -> None:
    window = build_window(qtbot, proxied(proxy), keepalive=0.6)  # connections let go after 0.6 s idle
    warm_up = window.lookup.warm_up
    warm_up.keep_warm_s = 0.0  # the keep-warm period over: only the setter's signs open it
    warm_up.touch()
    qtbot.waitUntil(lambda: len(proxy.accepts) >= 1 and not warm_up.warming)

    def opens_again(action: Any) -> None:
        qtbot.wait(700)
        before = len(proxy.accepts)
        action()
        qtbot.waitUntil(lambda: len(proxy.accepts) > before)
        qtbot.waitUntil(lambda: not warm_up.warming)

    opens_again(lambda: qtbot.keyClicks(window.phone_input, "8"))
    other = QWidget()  # the dialer, say: the console's window is not the active one
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    window.recent.setFocus()
    opens_again(window.activateWindow)  # raised by a screen-pop, or clicked
    qtbot.waitUntil(window.isActiveWindow)
    window.recent.setFocus()
    opens_again(window.phone_input.setFocus)
    qtbot.wait(700)
    before = len(proxy.accepts)
    window.phone_input.setText("801")  # not typed (a screen-pop's number, a recent caller): no warm-up
    qtbot.wait(100)
    assert len(proxy.accepts) == before
    close(qtbot, window)


def test_the_connection_is_kept_open_while_the_setter_works(qtbot: QtBot, sim: SimServer) -> None:
    # The server lets an idle connection go after 1.2 s; the console keeps one 1 s (a warm-up after 0.5 s idle).
    with LatencyProxy.in_thread("127.0.0.1", port_of(sim.url), delay=0.0, idle=1.2) as counting:
        budget = RequestBudget()
        window = build_window(qtbot, proxied(counting), budget=budget, keepalive=1.0)
        qtbot.waitUntil(lambda: len(counting.accepts) == WARM_CONNECTIONS)
        qtbot.wait(2500)  # left alone past the server's timeout, twice
        assert counting.closed_idle == 0
        assert len(counting.accepts) == WARM_CONNECTIONS
        key = window.console.s2s._credential.fingerprint
        assert 2 <= budget.used(key) // WARM_CONNECTIONS <= 7  # every ≈ 0.5 s, each counted
        window.phone_input.setText("8015551234")
        window.phone_input.returnPressed.emit()
        qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == DENVER)
        assert len(counting.accepts) == WARM_CONNECTIONS
        close(qtbot, window)


def test_a_failing_warm_up_says_nothing_to_the_setter(qtbot: QtBot) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    window = build_window(qtbot, url)
    warm_up = window.lookup.warm_up
    status = window.statusBar().currentMessage()
    connection = window.connection_label.text()
    qtbot.keyClicks(window.phone_input, "80")
    qtbot.waitUntil(lambda: not warm_up.warming)
    qtbot.wait(50)
    assert window.statusBar().currentMessage() == status
    assert window.connection_label.text() == connection
    assert window.banner_text == ""
    assert window.caller.lead is None and window.tasks.pending == 0
    close(qtbot, window)


def test_a_lookup_finding_no_connection_sends_both_requests_at_once_over_http1(tls_sim: TlsSim, arun: Runner) -> None:
    """After the keep-warm period nothing opened a connection: a new HTTP/2 one would send the lookup's second
    request only once the server's SETTINGS came, a round trip later; two HTTP/1.1 connections carry both at once.
    The next warm-up opens the HTTP/2 connection again, and the server is still known to speak HTTP/2."""
    with LatencyProxy.in_thread("127.0.0.1", tls_sim.port, delay=0.0, idle=60.0) as counting:
        secure = transport(budget=RequestBudget(), ca_file=str(tls_sim.ca_file))
        console = make_console(f"https://127.0.0.1:{counting.port}", TOKEN, secure)
        url = f"https://127.0.0.1:{counting.port}"

        async def go() -> None:
            await console.lookup(DENVER)  # nothing open, nothing warming
            assert len(counting.accepts) == 2  # one connection for each request
            place = secure._origin(httpx.URL(url))
            assert place.cold_h1 and place.http_version == "" and not place.unopened
            place.last_used -= 3600  # let go by now
            assert await console.warm_up()
            assert len(counting.accepts) == 3 and not place.cold_h1 and place.http_version == "HTTP/2"
            await console.lookup(DENVER)
            assert len(counting.accepts) == 3  # the warm HTTP/2 connection carried it
            await secure.aclose()

        arun(go())

"""Figure 6: lookups over a real network path, beside what a naive client pays and the physical limit.

The simulator is served over TLS (:mod:`bench.tls_sim`, a ``trustme`` test CA that only the benchmark's
transports trust) behind :mod:`bench.latency_proxy`, which adds a fixed one-way delay each way (a round trip of
``net_rtt_ms``, the TCP handshake included) and closes connections idle for ``net_idle_s`` seconds, as a
server does with a kept-alive connection. The console (:mod:`bench.network_console`, the product's window and
session) is timed from Enter, or from a dialer's number handed over, to its lead and blocks shown:

a. the first lookup after start-up (a new console process for each; the setter types the number and Enter);
b. a typed lookup after the window was left alone past the server's timeout, the keep-warm period over (only
   the phone field and the typed digits can open the connection in time);
c. a warm lookup (the number in the field, Enter), as figure 2 but over the network;
d. a screen-pop into a running console after it was left alone past the server's timeout (the console keeps
   the connection warm for a while after the setter's last work);
e. the same screen-pop once the keep-warm period is over (the connection is gone and nothing announced the pop).

b, c and d again against a server that offers HTTP/1.1 only (f, g, h). Baselines, measured in the same run:
a naive client (raw httpx, a fresh ``AsyncClient`` per lookup: new connections, HTTP/1.1, both GETs at
once), raw httpx with one client kept warm (what any client pays on this path, the console's own work aside),
and the physical limit, one round trip plus the server's own time for the lookup (from the first
request's arrival in the simulator to its last answer's last byte, stamped in the simulator's process; the
same lookups as the console's figure). The target of a–d: the physical limit + 15 ms.
"""

from __future__ import annotations

import contextlib
import math
import os
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import LOOKUP_PHONES, Child, gui_env, python_module_args, summary

if TYPE_CHECKING:
    from bench.run import Context, Row

MARGIN_MS = 15.0
"""What the console may add to the physical limit."""


class NetworkPath:
    """One server (HTTP/2 and HTTP/1.1, or HTTP/1.1 only) behind its latency proxy, each in its own process."""

    def __init__(self, ctx: Context, tls: tuple[Path, Path, Path], *, http1_only: bool) -> None:
        s = ctx.settings
        self.ca_file, chain, key = tls
        env = dict(os.environ)
        args = ["--cert", str(chain), "--key", str(key), "--token", ctx.sim.token]
        self.server = Child(
            python_module_args("bench.tls_sim", *args, *(["--http1-only"] if http1_only else [])),
            env,
            "tls-sim-h1" if http1_only else "tls-sim",
            stdin=True,
        )
        port = self.server.expect(60)["port"]
        self.proxy = Child(
            python_module_args(
                "bench.latency_proxy",
                "--upstream",
                f"127.0.0.1:{port}",
                "--delay-ms",
                str(s.net_rtt_ms / 2),
                "--idle-s",
                str(s.net_idle_s),
            ),
            env,
            "proxy",
            stdin=True,
        )
        self.url = f"https://127.0.0.1:{self.proxy.expect(30)['port']}"

    def stamps(self, t0: float, t1: float) -> tuple[float, int]:
        """The server's own time for the GETs of a lookup timed from ``t0`` to ``t1``, and the connections the
        proxy accepted meanwhile (handshakes paid while the setter waited)."""
        spans = [s for s in self.server.ask({"op": "spans", "since": t0 - 0.001})["spans"] if s["method"] == "GET"]
        spans = [s for s in spans if s["start"] <= t1]
        server_ms = (max(s["end"] for s in spans) - min(s["start"] for s in spans)) * 1000 if spans else math.nan
        accepts = self.proxy.ask({"op": "accepts"})["accepts"]
        return server_ms, sum(1 for a in accepts if t0 <= a <= t1)

    def close(self) -> None:
        for child in (self.proxy, self.server):
            with contextlib.suppress(OSError, ValueError):
                child.send({"op": "quit"})
            child.close()


@dataclass
class Series:
    """One figure's lookups: times, and each one's server time and connections opened."""

    ms: list[float]
    server_ms: list[float]
    opened: list[int]

    @classmethod
    def empty(cls) -> Series:
        return cls([], [], [])

    def add(self, path: NetworkPath, answer: dict[str, Any]) -> None:
        server_ms, opened = path.stamps(answer["t0"], answer["t1"])
        self.ms.append(answer["ms"])
        self.server_ms.append(server_ms)
        self.opened.append(opened)

    def median(self) -> float:
        return statistics.median(self.ms) if self.ms else math.nan

    def limit(self, rtt_ms: float) -> float:
        known = [x for x in self.server_ms if not math.isnan(x)]
        return rtt_ms + statistics.median(known) if known else math.nan


def console_child(ctx: Context, path: NetworkPath, tag: str) -> Child:
    env = gui_env(ctx.platform, ctx.display)
    env["TMPDIR"] = str(ctx.tmp)
    args = ["--url", path.url, "--token", ctx.sim.token, "--ca-file", str(path.ca_file)]
    if ctx.settings.net_keepalive is not None:
        args += ["--keepalive", str(ctx.settings.net_keepalive)]
    child = Child(python_module_args("bench.network_console", *args), env, tag, stdin=True)
    child.expect(60)
    return child


def lookup(child: Child, how: str, n: int, *, idle_s: float = 0.0, keep_warm: bool = True) -> dict[str, Any]:
    phone = LOOKUP_PHONES[n % len(LOOKUP_PHONES)]
    command = {"op": "lookup", "how": how, "phone": phone, "idle_s": idle_s, "keep_warm": keep_warm}
    return child.ask(command, timeout=60.0 + idle_s)


def run_path(ctx: Context, path: NetworkPath, series: dict[str, Series], letters: str, runs: int, warm: int) -> None:
    """Figures b, c, d (and e) on one running console over ``path``; ``letters`` names them."""
    s = ctx.settings
    child = console_child(ctx, path, f"network-{letters}")
    try:
        for n in range(2):  # not counted: first-time work (the validators, the first answers) as in figure 2
            lookup(child, "enter", n)
        b, c, d, *e = letters
        for n in range(warm):
            series[c].add(path, lookup(child, "enter", n, idle_s=0.1))
        for n in range(runs):
            series[b].add(path, lookup(child, "typed", n, idle_s=s.net_wait_s, keep_warm=False))
        for n in range(runs):
            series[d].add(path, lookup(child, "pop", n, idle_s=s.net_wait_s, keep_warm=True))
        for n in range(s.net_cold_pops if e else 0):
            series[e[0]].add(path, lookup(child, "pop", n, idle_s=s.net_wait_s, keep_warm=False))
        child.send({"op": "quit"})
    finally:
        child.close()


def raw(ctx: Context, path: NetworkPath, runs: int, *, fresh: bool) -> list[float]:
    """Raw httpx over ``path``: a fresh client for each lookup (the naive baseline), or one kept warm."""
    args = ["--url", path.url, "--token", ctx.sim.token, "--phones", ",".join(LOOKUP_PHONES)]
    args += ["--ca-file", str(path.ca_file), "--settle-ms", "200", *(["--fresh"] if fresh else [])]
    child = Child(python_module_args("bench.lookup_raw", *args), dict(os.environ), "network-raw", stdin=True)
    try:
        child.expect(60)
        child.ask({"op": "batch", "n": 2})  # not counted: first-time imports
        times: list[float] = child.ask({"op": "batch", "n": runs})["ms"]
        child.send({"op": "quit"})
    finally:
        child.close()
    return times


LABELS = {
    "a": "first lookup after start-up (typed)",
    "b": "typed lookup after idle past the server's timeout",
    "c": "warm lookup",
    "d": "screen-pop after idle (kept warm)",
    "e": "screen-pop after idle, keep-warm period over",
    "f": "typed lookup after idle",
    "g": "warm lookup",
    "h": "screen-pop after idle (kept warm)",
}


def figure(ctx: Context) -> list[Row]:
    from bench.run import Row, fmt_ms, verdict
    from bench.tls_sim import write_certificates

    s = ctx.settings
    ctx.log(
        f"6/6 network: TLS, round trip {s.net_rtt_ms:.0f} ms, server keep-alive {s.net_idle_s:g} s; "
        f"{s.net_first_runs} first lookups, {s.net_idle_runs} after each idle of {s.net_wait_s:g} s, "
        f"{s.net_warm_lookups} warm; HTTP/1.1-only server: {s.net_http1_runs} each"
    )
    tls = write_certificates(ctx.tmp / "tls")
    series = {letter: Series.empty() for letter in LABELS}
    h2 = NetworkPath(ctx, tls, http1_only=False)
    try:
        naive_ms = raw(ctx, h2, s.net_naive_runs, fresh=True)
        raw_warm_ms = raw(ctx, h2, s.net_naive_runs, fresh=False)
        for n in range(s.net_first_runs):
            child = console_child(ctx, h2, f"network-first-{n}")
            try:
                series["a"].add(h2, lookup(child, "typed", n))
                child.send({"op": "quit"})
            finally:
                child.close()
        run_path(ctx, h2, series, "bcde", s.net_idle_runs, s.net_warm_lookups)
    finally:
        h2.close()
    if s.net_http1_runs:
        h1 = NetworkPath(ctx, tls, http1_only=True)
        try:
            run_path(ctx, h1, series, "fgh", s.net_http1_runs, max(2, s.net_warm_lookups // 2))
        finally:
            h1.close()
    rtt = s.net_rtt_ms
    naive_median, raw_warm = statistics.median(naive_ms), statistics.median(raw_warm_ms)
    ctx.details["network"] = {
        "naive": summary(naive_ms),
        "raw_warm": summary(raw_warm_ms),
        "series": {k: {"ms": v.ms, "server_ms": v.server_ms, "opened": v.opened} for k, v in series.items() if v.ms},
        "rtt_ms": rtt,
        "idle_s": s.net_idle_s,
        "wait_s": s.net_wait_s,
    }
    rows = []
    for letter, label in LABELS.items():
        one = series[letter]
        if not one.ms:
            continue
        median, limit = one.median(), one.limit(rtt)
        over = median - limit
        protocol = "HTTP/1.1 only" if letter in "fgh" else "HTTP/2"
        goal = letter != "e"
        ctx.log(f"    6{letter} {label} ({protocol}): {fmt_ms(median)}, limit {fmt_ms(limit)}")
        rows.append(
            Row(
                f"6{letter}. Network, {protocol}: {label} (median)",
                f"{fmt_ms(median)} (max {fmt_ms(max(one.ms))}; {statistics.median(one.opened):g} connections opened)",
                f"naive {fmt_ms(naive_median)}; raw warm {fmt_ms(raw_warm)}; limit {fmt_ms(limit)} "
                f"(RTT {rtt:.0f} + server {fmt_ms(limit - rtt)})",
                f"{over:+.1f} ms over the limit",
                f"≤ limit + {MARGIN_MS:.0f} ms" if goal else "none (the handshakes: ≈ 3 round trips)",
                verdict(over <= MARGIN_MS) if goal else "info",
            )
        )
    return rows


def details_markdown(details: dict[str, Any]) -> str:
    naive_ms = details["naive"]
    parts = [
        f"Network (figure 6): a round trip of {details['rtt_ms']:.0f} ms through the proxy, idle connections "
        f"closed after {details['idle_s']:g} s, the window left alone {details['wait_s']:g} s before b, d, e, f "
        f"and h. Naive client (a fresh httpx client per lookup): median {naive_ms['median']:.1f} ms, min "
        f"{naive_ms['min']:.1f}, max {naive_ms['max']:.1f} over {naive_ms['n']} lookups. Raw httpx with one client "
        f"kept (HTTP/1.1, connections warm; httpx's own work and the path's, no console): median "
        f"{details['raw_warm']['median']:.1f} ms."
    ]
    for letter, data in details["series"].items():
        ms = summary(data["ms"])
        server = [x for x in data["server_ms"] if not math.isnan(x)]
        parts.append(
            f"6{letter}: {ms['n']} lookups, median {ms['median']:.1f} ms (min {ms['min']:.1f}, max {ms['max']:.1f}); "
            f"server's own time median {statistics.median(server) if server else math.nan:.1f} ms; connections "
            f"opened while waiting: {data['opened']}."
        )
    return " ".join(parts) + "\n"

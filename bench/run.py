"""The benchmark suite: seven figures, each beside its baseline measured in the same run.

    .venv/bin/python -m bench.run            # the full run (a few minutes)
    .venv/bin/python -m bench.run --quick    # a short check of the same figures with fewer repetitions
    .venv/bin/python bench/run.py --runs 15  # more start-up runs / stall runs / replay rounds
    .venv/bin/python -m bench.run --figures 7 --no-doc  # a year of use alone (about 3 minutes)

Prints one table (figure, hsconsole, baseline, ratio or added time, target, verdict) and writes it, with
the machine, into docs/PERFORMANCE.md between the ``bench:results`` markers (the analysis around them is
kept). Nothing here asserts on time; see docs/PERFORMANCE.md for what each figure measures.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BENCH_DIR,
    BIG_MARKET,
    BIG_PHONE,
    LOOKUP_PHONES,
    ROOT,
    TOKEN,
    Child,
    Display,
    SimProcess,
    console_dirs,
    gui_env,
    machine,
    python_module_args,
    summary,
)

DOC = ROOT / "docs" / "PERFORMANCE.md"
START_MARK = "<!-- bench:results:start -->"
END_MARK = "<!-- bench:results:end -->"


@dataclass
class Row:
    figure: str
    hsconsole: str
    baseline: str
    ratio: str
    target: str
    verdict: str


@dataclass
class Settings:
    startup_runs: int
    lookups: int
    lookup_batch: int
    memory_lookups: int
    memory_runs: int
    stall_runs: int
    in_flight: int
    latency_ms: int
    big_blocks: int
    outbox_n: int
    outbox_rounds: int
    startup_warmups: int = 1
    net_first_runs: int = 5
    net_idle_runs: int = 4
    net_warm_lookups: int = 20
    net_cold_pops: int = 3
    net_naive_runs: int = 10
    net_http1_runs: int = 3
    net_rtt_ms: float = 60.0
    net_idle_s: float = 5.0
    """The server's keep-alive timeout (the proxy closes connections idle this long)."""
    net_wait_s: float = 6.0
    """How long the window is left alone before an "after idle" lookup (past ``net_idle_s``)."""
    net_keepalive: float | None = None
    """The console's keep-alive for idle connections (None: the product's)."""
    year_window_runs: int = 6
    year_lines: int = 200_000
    """Figure 7: the activity lines of the year of use."""
    year_done: int = 50_000
    """Figure 7: the sent changes in the year's outbox."""
    """Figure 7: times the activity log window is opened and filtered on each side."""


@dataclass
class Context:
    sim: SimProcess
    platform: str
    display: str
    tmp: Path
    settings: Settings
    log: Callable[[str], None]
    details: dict[str, Any] = field(default_factory=dict)


def fmt_ms(value: float) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"


def verdict(ok: bool) -> str:
    return "pass" if ok else "FALLS SHORT"


# ---------------------------------------------------------------- figure 1 and 4: start-up, memory


def probe(ctx: Context, target: str, tag: str, *, lookups: int = 0) -> dict[str, Any]:
    env = gui_env(ctx.platform, ctx.display)
    run_tmp = ctx.tmp / "run-tmp" / tag
    run_tmp.mkdir(parents=True, exist_ok=True)
    env["TMPDIR"] = str(run_tmp)  # the single-instance socket and any scratch file of either side go here
    env.update(console_dirs(ctx.tmp, "console"))
    env["HSCONSOLE_INSTANCE"] = f"hsconsole-bench-{os.getpid()}-{tag}"
    env["PYTHONPATH"] = str(ROOT)  # the probe runs as a script: this tree's console, not an installed one
    if target == "console":
        env["HSCONSOLE_TOKEN"] = ctx.sim.token
        env["HSCONSOLE_API_URL"] = ctx.sim.url
    args = [sys.executable, str(BENCH_DIR / "probe_start.py"), "--target", target]
    if lookups:
        args += ["--lookups", str(lookups), "--phones", ",".join(LOOKUP_PHONES)]
    env["BENCH_T0_NS"] = str(time.monotonic_ns())
    child = Child(args, env, f"probe-{tag}")
    try:
        return child.expect(timeout=120.0 + lookups * 0.5)
    finally:
        child.close()
        shutil.rmtree(run_tmp, ignore_errors=True)


def figure_startup(ctx: Context) -> list[Row]:
    s = ctx.settings
    warm = s.startup_warmups
    ctx.log(f"1/6 start-up: {s.startup_runs} runs each of the console and the bare window (+{warm} warm-up each)")
    results: dict[str, list[dict[str, Any]]] = {"console": [], "bare": []}
    for i in range(s.startup_runs + warm):
        order = ("console", "bare") if i % 2 == 0 else ("bare", "console")
        for target in order:
            result = probe(ctx, target, f"{target}-{i}")
            if i >= warm:  # warm-ups: disk cache, fontconfig cache, pyc files
                results[target].append(result)
        label = f"run {i - warm + 1}" if i >= warm else "warm-up"
        ctx.log(
            f"    {label}: console {result_ms(results, 'console', i >= warm)}, "
            f"bare {result_ms(results, 'bare', i >= warm)}"
        )
    console = summary(r["startup_ms"] for r in results["console"])
    bare = summary(r["startup_ms"] for r in results["bare"])
    phases = {}
    for target, runs in results.items():
        marks = [r["marks"] for r in runs]
        phases[target] = {
            "to_show": summary(m["show"] for m in marks)["median"],
            "show_to_exposed": summary(m["exposed"] - m["show"] for m in marks)["median"],
            "exposed_to_input": summary(m["input"] - m["exposed"] for m in marks)["median"],
            "interpreter": summary(m["enter"] for m in marks)["median"],
            "loaded": summary(m.get("loaded", m["input"]) for m in marks)["median"],
        }
    mem_console = summary(r["memory_ready"]["VmHWM"] for r in results["console"])
    mem_bare = summary(r["memory_ready"]["VmHWM"] for r in results["bare"])
    ctx.details["startup"] = {"console": console, "bare": bare, "phases": phases}
    ctx.details["memory_startup"] = {"console": mem_console, "bare": mem_bare}
    ratio = console["median"] / bare["median"]
    mem_ratio = mem_console["median"] / mem_bare["median"]
    rows = [
        Row(
            "1. Start-up → window shown, taking input (median)",
            f"{fmt_ms(console['median'])} (p95 {fmt_ms(console['p95'])})",
            f"{fmt_ms(bare['median'])} (p95 {fmt_ms(bare['p95'])})",
            f"{ratio:.2f}×",
            "≤ 1.3×",
            verdict(ratio <= 1.3),
        ),
        Row(
            "4a. Peak RSS after start-up, console loaded (VmHWM, median)",
            f"{mem_console['median']:.0f} MB",
            f"{mem_bare['median']:.0f} MB",
            f"{mem_ratio:.2f}×",
            "≤ 1.3×",
            verdict(mem_ratio <= 1.3),
        ),
    ]
    return rows


def result_ms(results: dict[str, list[dict[str, Any]]], target: str, counted: bool) -> str:
    return fmt_ms(results[target][-1]["startup_ms"]) if counted and results[target] else "—"


def figure_memory(ctx: Context) -> list[Row]:
    s = ctx.settings
    ctx.log(f"4/6 memory: {s.memory_runs} console run(s) with {s.memory_lookups} lookups each")
    runs = []
    for i in range(s.memory_runs):
        result = probe(ctx, "console", f"memory-{i}", lookups=s.memory_lookups)
        after = result["memory_after"]
        last = after[str(s.memory_lookups)]
        warm = min(after, key=int)
        runs.append(
            {
                "ready_rss": result["memory_ready"]["VmRSS"],
                "ready_hwm": result["memory_ready"]["VmHWM"],
                "after_rss": last["VmRSS"],
                "after_hwm": last["VmHWM"],
                "warm_at": int(warm),
                "warm_rss": after[warm]["VmRSS"],
                "tasks": last["tasks"],
                "gc_objects_warm": after[warm]["gc_objects"],
                "gc_objects_after": last["gc_objects"],
            }
        )
        ctx.log(
            f"    run {i + 1}: RSS {runs[-1]['ready_rss']:.0f} MB at start-up → {runs[-1]['after_rss']:.0f} MB "
            f"after {s.memory_lookups} lookups (peak {runs[-1]['after_hwm']:.0f} MB)"
        )
    growth = summary(r["after_hwm"] - r["ready_hwm"] for r in runs)
    slope = summary(r["after_rss"] - r["warm_rss"] for r in runs)
    ctx.details["memory_lookups"] = {"runs": runs, "growth": growth, "slope": slope}
    return [
        Row(
            f"4b. Peak RSS growth, start-up → after {s.memory_lookups} lookups",
            f"+{growth['median']:.1f} MB (max +{growth['max']:.1f})",
            "— (bare window does no lookups)",
            f"+{growth['median']:.1f} MB",
            "≤ +20 MB",
            verdict(growth["max"] <= 20.0),
        )
    ]


# ---------------------------------------------------------------- figure 2: lookup overhead


def figure_lookup(ctx: Context) -> list[Row]:
    s = ctx.settings
    ctx.log(f"2/6 lookup: {s.lookups} lookups each side, alternating batches of {s.lookup_batch}")
    phones = ",".join(LOOKUP_PHONES)
    common = ["--url", ctx.sim.url, "--token", ctx.sim.token, "--phones", phones]
    console_env = gui_env(ctx.platform, ctx.display)
    console_env["TMPDIR"] = str(ctx.tmp)
    console = Child(python_module_args("bench.lookup_console", *common), console_env, "lookup-console", stdin=True)
    raw = Child(python_module_args("bench.lookup_raw", *common), dict(os.environ), "lookup-raw", stdin=True)
    times: dict[str, list[float]] = {"console": [], "raw": []}
    painted: list[float] = []
    try:
        console.expect(60)
        raw.expect(60)
        for child in (console, raw):  # warm-up: connections, first-time imports, dispositions
            child.ask({"op": "batch", "n": s.lookup_batch})
        done = 0
        turn = 0
        while done < s.lookups:
            n = min(s.lookup_batch, s.lookups - done)
            pair = ((console, "console"), (raw, "raw")) if turn % 2 == 0 else ((raw, "raw"), (console, "console"))
            for child, name in pair:
                answer = child.ask({"op": "batch", "n": n})
                times[name].extend(answer["ms"])
                painted.extend(x for x in answer.get("painted_ms", []) if not math.isnan(x))
            done += n
            turn += 1
        for child in (console, raw):
            child.send({"op": "quit"})
    finally:
        console.close()
        raw.close()
    c, r = summary(times["console"]), summary(times["raw"])
    ctx.details["lookup"] = {"console": c, "raw": r, "painted": summary(painted)}
    added_median = c["median"] - r["median"]
    added_p99 = c["p99"] - r["p99"]
    ctx.log(f"    console median {fmt_ms(c['median'])}, raw httpx median {fmt_ms(r['median'])}")
    return [
        Row(
            "2a. Lookup: Enter → lead + blocks shown (median)",
            fmt_ms(c["median"]),
            fmt_ms(r["median"]),
            f"+{added_median:.1f} ms",
            "≤ +3 ms",
            verdict(added_median <= 3.0),
        ),
        Row(
            "2b. Lookup (p99)",
            f"{fmt_ms(c['p99'])} (p95 {fmt_ms(c['p95'])})",
            f"{fmt_ms(r['p99'])} (p95 {fmt_ms(r['p95'])})",
            f"+{added_p99:.1f} ms",
            "≤ +10 ms",
            verdict(added_p99 <= 10.0),
        ),
    ]


# ---------------------------------------------------------------- figure 3: responsiveness


def add_big_calendar(ctx: Context) -> int:
    """Top the big lead's market up to ``big_blocks`` blocks over the next 60 days (simulator admin API)."""
    import httpx

    s = ctx.settings
    base = ctx.sim.url + "/api/v1/appointment/s2s/phone/query/blocks"
    headers = {"x-hs-token": ctx.sim.token}
    params = {"phone": BIG_PHONE, "limitDays": "60"}
    with httpx.Client(timeout=30.0) as client:
        have = len(client.get(base, params=params, headers=headers).json()["slots"])
        missing = max(0, s.big_blocks - have)
        today = dt.datetime.now(dt.UTC).date()
        per_day = math.ceil(missing / 60) if missing else 0
        added = 0
        for day in range(1, 61):
            for k in range(per_day):
                if added >= missing:
                    break
                minutes = 6 * 60 + k * 20
                start = dt.time(minutes // 60, minutes % 60)
                end = dt.time((minutes + 120) // 60 % 24, minutes % 60)
                body = {
                    "market": BIG_MARKET,
                    "date": (today + dt.timedelta(days=day)).isoformat(),
                    "startTime": f"{start:%I:%M %p}".lstrip("0"),
                    "endTime": f"{end:%I:%M %p}".lstrip("0"),
                    "capacity": added % 4,  # a quarter of them full (disabled rows)
                }
                client.post(ctx.sim.url + "/_sim/blocks", json=body).raise_for_status()
                added += 1
        return len(client.get(base, params=params, headers=headers).json()["slots"])


def figure_stall(ctx: Context) -> list[Row]:
    s = ctx.settings
    blocks = add_big_calendar(ctx)
    ctx.log(
        f"3/6 responsiveness: {s.stall_runs} runs; {blocks} blocks over 60 days, {s.in_flight} lookups in flight, "
        f"simulator latency {s.latency_ms} ms"
    )
    ctx.sim.set_latency(s.latency_ms)
    env = gui_env(ctx.platform, ctx.display)
    env["TMPDIR"] = str(ctx.tmp)
    args = [
        "--url",
        ctx.sim.url,
        "--token",
        ctx.sim.token,
        "--big-phone",
        BIG_PHONE,
        "--phones",
        ",".join(LOOKUP_PHONES),
        "--runs",
        str(s.stall_runs),
        "--in-flight",
        str(s.in_flight),
        "--latency-ms",
        str(s.latency_ms),
    ]
    child = Child(python_module_args("bench.responsiveness", *args), env, "stall")
    try:
        result = child.expect(timeout=60.0 + s.stall_runs * 30.0)
    finally:
        child.close()
        ctx.sim.set_latency(0)
    loaded, idle = result["loaded"], result["idle"]
    worst = max(r["max"] for r in loaded)
    max_gap = summary(r["max"] for r in loaded)
    p99_gap = summary(r["p99"] for r in loaded)
    idle_max = summary(r["max"] for r in idle)
    idle_p99 = summary(r["p99"] for r in idle)
    set_days = [x for r in loaded for x in r["set_days_ms"]]
    lead = [x for r in loaded for x in r["show_lead_ms"]]
    ctx.details["stall"] = {
        "rows": result["rows"],
        "days": result["days"],
        "blocks": blocks,
        "loaded_max": max_gap,
        "loaded_p99": p99_gap,
        "idle_max": idle_max,
        "idle_p99": idle_p99,
        "set_days_ms": summary(max(r["set_days_ms"], default=0.0) for r in loaded),
        "show_lead_ms": summary(max(r["show_lead_ms"], default=0.0) for r in loaded),
        "over_16": [r["over_16ms"] for r in loaded],
        "failed": sum(r["failed"] for r in loaded),
        "in_flight": summary(r["in_flight_at_send_end"] for r in loaded),
        "all_set_days": set_days,
        "all_show_lead": lead,
    }
    ctx.log(f"    longest stall per run: {', '.join(fmt_ms(r['max']) for r in loaded)}")
    return [
        Row(
            f"3. Longest UI stall: {result['rows']} blocks + {s.in_flight} lookups in flight",
            f"max {fmt_ms(worst)} (median of runs {fmt_ms(max_gap['median'])}; p99 gap {fmt_ms(p99_gap['median'])})",
            f"max {fmt_ms(max(r['max'] for r in idle))} (p99 gap {fmt_ms(idle_p99['median'])}) idle",
            f"+{worst - max(r['max'] for r in idle):.0f} ms",
            "no stall > 16 ms",
            verdict(worst <= 16.0),
        )
    ]


# ---------------------------------------------------------------- figure 5: outbox replay


def figure_outbox(ctx: Context) -> list[Row]:
    s = ctx.settings
    ctx.log(f"5/6 outbox replay: {s.outbox_rounds} rounds of {s.outbox_n} mutations each side, alternating")
    args = [
        "--url",
        ctx.sim.url,
        "--token",
        ctx.sim.token,
        "--phones",
        ",".join(LOOKUP_PHONES),
        "--n",
        str(s.outbox_n),
        "--rounds",
        str(s.outbox_rounds),
    ]
    env = dict(os.environ)
    env["TMPDIR"] = str(ctx.tmp)
    child = Child(python_module_args("bench.outbox_replay", *args), env, "outbox")
    try:
        result = child.expect(timeout=60.0 + s.outbox_rounds * s.outbox_n * 0.2)
    finally:
        child.close()
    console = summary(r["per_s"] for r in result["console"])
    raw = summary(r["per_s"] for r in result["raw"])
    each_console = summary(x for r in result["console"] for x in r["ms"])
    each_raw = summary(x for r in result["raw"] for x in r["ms"])
    statuses: dict[str, int] = {}
    for r in result["console"]:
        for k, v in r["statuses"].items():
            statuses[k] = statuses.get(k, 0) + v
    ctx.details["outbox"] = {
        "console": console,
        "raw": raw,
        "each_console": each_console,
        "each_raw": each_raw,
        "statuses": statuses,
    }
    ratio = console["median"] / raw["median"]
    ctx.log(f"    replay {console['median']:.0f}/s, raw httpx {raw['median']:.0f}/s")
    return [
        Row(
            "5. Outbox replay throughput (median of rounds)",
            f"{console['median']:.0f} mutations/s (p99 {fmt_ms(each_console['p99'])} each)",
            f"{raw['median']:.0f} PATCH/s (p99 {fmt_ms(each_raw['p99'])} each)",
            f"{ratio:.2f}×",
            "none set (issue 7)",
            "info",
        )
    ]


# ---------------------------------------------------------------- output


HEADERS = ("figure", "hsconsole", "baseline", "ratio / added", "target", "verdict")


def text_table(rows: Sequence[Row]) -> str:
    cells = [HEADERS] + [(r.figure, r.hsconsole, r.baseline, r.ratio, r.target, r.verdict) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for r in rows:
        cells = [r.figure, r.hsconsole, r.baseline, r.ratio, r.target, f"**{r.verdict}**"]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def details_markdown(ctx: Context) -> str:
    d = ctx.details
    out: list[str] = []
    if "startup" in d:
        st = d["startup"]
        out.append("Start-up phases (medians, ms since the parent's stamp just before it started the process):\n")
        out.append("| side | interpreter up | `show()` called | exposed | taking input | p95 | all loaded | runs |")
        out.append("|---|---|---|---|---|---|---|---|")
        for side, label in (("console", "hsconsole"), ("bare", "bare QMainWindow")):
            ph = st["phases"][side]
            total = st[side]
            out.append(
                f"| {label} | {ph['interpreter']:.0f} | {ph['to_show']:.0f} | "
                f"+{ph['show_to_exposed']:.1f} | {total['median']:.0f} (+{ph['exposed_to_input']:.1f} after "
                f"exposed) | {total['p95']:.0f} | {ph['loaded']:.0f} | {total['n']} |"
            )
        out.append(
            '\n"All loaded": the console shows its window\'s frame (phone field, menus, calendar pane) first and '
            "imports the rest (asyncio, pydantic, httpx, its services) in a thread while the frame takes typing; "
            "a number entered meanwhile is looked up once it is loaded. Figure 4a is measured then.\n"
        )
    if "lookup" in d:
        c, r = d["lookup"]["console"], d["lookup"]["raw"]
        out.append(
            f"Lookup times over {c['n']} lookups each (ms): hsconsole median {c['median']:.1f}, p95 {c['p95']:.1f}, "
            f"p99 {c['p99']:.1f}, max {c['max']:.1f}; raw httpx median {r['median']:.1f}, p95 {r['p95']:.1f}, "
            f"p99 {r['p99']:.1f}, max {r['max']:.1f}. hsconsole until the calendar's next paint after "
            f"`lead_shown`: median {d['lookup']['painted']['median']:.1f}, p99 {d['lookup']['painted']['p99']:.1f}.\n"
        )
    if "stall" in d:
        st = d["stall"]
        out.append(
            f"Responsiveness: {st['rows']} blocks in {st['days']} days; per run, the longest gap had median "
            f"{st['loaded_max']['median']:.0f} ms (min {st['loaded_max']['min']:.0f}, max "
            f"{st['loaded_max']['max']:.0f}); gaps over 16 ms per run: {st['over_16']}; idle heartbeat: longest "
            f"gap median {st['idle_max']['median']:.1f} ms, p99 gap {st['idle_p99']['median']:.1f} ms. Inside the "
            f"stall: the lead into the editor (`LookupFlow.show_lookup`) took {st['show_lead_ms']['median']:.1f} ms "
            f"and the calendar's rows into the view (`SlotView.set_days`) {st['set_days_ms']['median']:.1f} ms "
            "(medians of the runs' longest calls). "
            f"Lookups still in flight when the last one was sent (median): {st['in_flight']['median']:.0f} of "
            f"{ctx.settings.in_flight}; lookups that failed: {st['failed']}.\n"
        )
    if "memory_lookups" in d:
        m = d["memory_lookups"]
        runs = m["runs"]
        out.append(
            f"Memory: after start-up the console's RSS was {runs[0]['ready_rss']:.0f} MB; after {runs[0]['warm_at']} "
            f"lookups {runs[0]['warm_rss']:.0f} MB; after all of them {runs[0]['after_rss']:.0f} MB (growth from "
            f"the warm sample to the end, median of runs: {m['slope']['median']:+.1f} MB; tasks still pending: "
            f"{runs[0]['tasks']} (the outbox replayer); gc objects {runs[0]['gc_objects_warm']} → "
            f"{runs[0]['gc_objects_after']}).\n"
        )
    if "network" in d:
        from bench.network import details_markdown as network_details

        out.append(network_details(d["network"]))
    if "year" in d:
        from bench.year_figure import details_markdown as year_details

        out.append(year_details(d["year"]))
    if "outbox" in d:
        o = d["outbox"]
        out.append(
            f"Outbox: per mutation, replay median {o['each_console']['median']:.2f} ms, p99 "
            f"{o['each_console']['p99']:.2f} ms; raw PATCH median {o['each_raw']['median']:.2f} ms, p99 "
            f"{o['each_raw']['p99']:.2f} ms; replayed entries by final status: {o['statuses']}.\n"
        )
    return "\n".join(out)


def results_block(ctx: Context, rows: Sequence[Row], info: dict[str, str], command: str, elapsed: float) -> str:
    display = "Xvfb (Qt xcb plugin)" if ctx.platform == "xcb" else f"Qt `{ctx.platform}` plugin"
    return "\n".join(
        [
            START_MARK,
            f"Measured {info['date']} with `{command}` ({elapsed / 60:.1f} min).",
            "",
            "| machine | |",
            "|---|---|",
            f"| CPU | {info['cpu']} |",
            f"| cores | {info['cores']} |",
            f"| RAM | {info['ram']} |",
            f"| OS | {info['os']} |",
            f"| Python | {info['python']} |",
            f"| PySide6 / Qt | {info['pyside6']} / {info['qt']} |",
            f"| display | {display} |",
            "",
            markdown_table(rows),
            "",
            details_markdown(ctx),
            END_MARK,
        ]
    )


def write_doc(block: str) -> None:
    if DOC.exists():
        text = DOC.read_text(encoding="utf-8")
        if START_MARK in text and END_MARK in text:
            head, rest = text.split(START_MARK, 1)
            _, tail = rest.split(END_MARK, 1)
            DOC.write_text(head + block + tail, encoding="utf-8")
            return
        DOC.write_text(text.rstrip() + "\n\n## Results\n\n" + block + "\n", encoding="utf-8")
        return
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text("# Performance\n\n## Results\n\n" + block + "\n", encoding="utf-8")


# ---------------------------------------------------------------- main


def settings_for(args: argparse.Namespace) -> Settings:
    if args.quick:
        base = Settings(
            startup_runs=5,
            lookups=60,
            lookup_batch=10,
            memory_lookups=500,
            memory_runs=1,
            stall_runs=5,
            in_flight=50,
            latency_ms=600,
            big_blocks=2000,
            outbox_n=50,
            outbox_rounds=5,
            net_first_runs=3,
            net_idle_runs=2,
            net_warm_lookups=10,
            net_cold_pops=2,
            net_naive_runs=5,
            net_http1_runs=2,
            year_window_runs=3,
        )
    else:
        base = Settings(
            startup_runs=10,
            lookups=200,
            lookup_batch=20,
            memory_lookups=500,
            memory_runs=2,
            stall_runs=7,
            in_flight=50,
            latency_ms=600,
            big_blocks=2000,
            outbox_n=200,
            outbox_rounds=5,
        )
    if args.runs is not None:
        base.startup_runs = max(1, args.runs)
        base.stall_runs = max(1, args.runs)
        base.outbox_rounds = max(1, args.runs)
    if args.lookups is not None:
        base.lookups = max(1, args.lookups)
    return base


def choose_platform(requested: str, display: Display) -> tuple[str, str]:
    if requested == "offscreen":
        return "offscreen", ""
    if display.start():
        return "xcb", display.name
    if requested == "xcb":
        raise SystemExit("Xvfb is not available; use --platform offscreen")
    return "offscreen", ""


SETTLE_S = 3.0
"""Idle time before each figure."""


def figure_network(ctx: Context) -> list[Row]:
    from bench.network import figure

    return figure(ctx)


def figure_year(ctx: Context) -> list[Row]:
    from bench.year_figure import figure

    return figure(ctx)


FIGURES: dict[str, Callable[[Context], list[Row]]] = {
    "1": figure_startup,
    "2": figure_lookup,
    "4": figure_memory,
    "3": figure_stall,
    "6": figure_network,
    "7": figure_year,
    "5": figure_outbox,  # last: the disk writes its fsyncs leave behind stall even an idle process for a while
}


def compile_sources() -> bool:
    """Write the bytecode of the console and the benchmark scripts, as an installed console has it.

    pip compiles a package's modules when it installs them and the installers ship bytecode, but a
    development tree run with ``PYTHONDONTWRITEBYTECODE`` (or never run before) compiles every module
    from source on each start: ≈ 80 ms that no setter's console spends. Python reads existing bytecode
    whatever that variable says.
    """
    return all(compileall.compile_dir(ROOT / folder, quiet=1, workers=1) for folder in ("hsconsole", "bench"))


def measure(
    settings: Settings, wanted: set[str], platform_choice: str, log: Callable[[str], None]
) -> tuple[list[Row], Context]:
    """Start the simulator (and an X screen), run the wanted figures, clean up; the rows and the details."""
    display = Display()
    sim = SimProcess(token=TOKEN)
    tmp = Path(tempfile.mkdtemp(prefix="hsconsole-bench-"))
    rows: list[Row] = []
    try:
        compiled = compile_sources()
        log(f"bytecode of hsconsole/ and bench/ {'up to date' if compiled else 'NOT all written (read-only tree?)'}")
        platform_name, display_name = choose_platform(platform_choice, display)
        sim.start()
        log(f"simulator at {sim.url} (separate process, rate limit off); Qt platform {platform_name} {display_name}")
        ctx = Context(sim, platform_name, display_name, tmp, settings, log)
        for key, figure in FIGURES.items():
            if key in wanted:
                time.sleep(SETTLE_S)  # the machine's own work after the previous figure (disk writes) dies down
                rows.extend(figure(ctx))
    finally:
        sim.stop()
        display.stop()
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp, ignore_errors=True)
    rows.sort(key=lambda r: r.figure)
    return rows, ctx


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (about a minute and a half)")
    parser.add_argument("--runs", type=int, help="start-up runs per side, stall runs and replay rounds")
    parser.add_argument("--lookups", type=int, help="lookups per side for figure 2")
    parser.add_argument(
        "--platform",
        choices=("auto", "xcb", "offscreen"),
        default="auto",
        help="auto: a private Xvfb screen when Xvfb is installed, else offscreen",
    )
    parser.add_argument("--figures", default="1,2,3,4,5,6,7", help="which figures, e.g. 1,4 (1 also gives 4a)")
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/PERFORMANCE.md alone")
    args = parser.parse_args(argv)
    settings = settings_for(args)
    wanted = {f.strip() for f in args.figures.split(",") if f.strip()}
    command = " ".join(["python -m bench.run", *(argv if argv is not None else sys.argv[1:])])
    started = time.monotonic()

    def log(text: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {text}", flush=True)

    rows, ctx = measure(settings, wanted, args.platform, log)
    elapsed = time.monotonic() - started
    info = machine()
    print()
    print(f"{info['cpu']}, {info['cores']} cores, {info['ram']}; Python {info['python']}, Qt {info['qt']}")
    print(text_table(rows))
    if not args.no_doc:
        write_doc(results_block(ctx, rows, info, command, elapsed))
        print(f"\nwritten to {DOC.relative_to(ROOT)}")
    print(f"({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

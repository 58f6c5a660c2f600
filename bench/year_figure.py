"""Figure 7, a year of use: the console on a data folder of thirteen months and more, beside an empty one.

The year (:mod:`bench.year`: 200,000 activity lines and 50,000 sent changes, written through the stores' own
methods) is made once per run, in a temporary folder in memory (``/dev/shm``) when there is one, where the
outbox's fsyncs cost nothing, and copied: each start-up gets a fresh copy, as it was before any retention ran,
so each start is the first on a year of data (the retention policy, now on a thread beside the window, has
46,000 changes and a week of lines to take). The baseline is an empty data folder, measured in the same run:

- a. start-up, as figure 1 measures it (``bench/probe_start.py``: the window shown and taking input), and
  the console all loaded (``MainWindow.ready``: the stores open, the console attached, lookups possible);
- b. a lookup, as figure 2 measures it (``bench/lookup_console.py`` with ``--data``), alternating batches
  between a console on the year and one on an empty folder;
- c. the activity log window opened (``show_activity``) until its first page of rows is painted, and
  filtered by a caller's number, by an action and by a text, each until its rows are painted;
- d. the data folder's size, as made and once the retention policy has run, on disk and in use (sqlite
  keeps the pages it frees for the lines to come rather than giving them back).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import BENCH_DIR, LOOKUP_PHONES, ROOT, Child, console_dirs, gui_env, python_module_args, summary

TEXT = "okafor"
"""The activity window's text filter: a last name one caller in ten has."""
ACTION = "disqualify"
"""Its action filter: 2 % of the lines."""


def _size(folder: Path) -> dict[str, float]:
    """MB on disk (every file) and in use (sqlite pages holding data) of a data folder at rest: each file's
    write-ahead log checkpointed first (the console's last connection does it as it closes; a reader still
    open then, such as the activity log's later check, leaves the log for the next one)."""
    used = 0
    for name in ("audit.sqlite3", "outbox.sqlite3"):
        db = sqlite3.connect(folder / name)
        try:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            pages, free, size = (
                db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "freelist_count", "page_size")
            )
        finally:
            db.close()
        used += (pages - free) * size
    on_disk = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    return {"disk": on_disk / 1e6, "used": used / 1e6}


def make_year(ctx: Any) -> tuple[Path, dict[str, Any]]:
    """The year's data folder in ``ctx.tmp`` (closed files, no WAL); how long it took and what it holds."""
    from bench.year import generate

    shm = Path("/dev/shm")  # noqa: S108 (a folder of our own in it, made by mkdtemp and removed)
    scratch = Path(
        tempfile.mkdtemp(prefix="hsconsole-year-", dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else ctx.tmp)
    )
    try:
        took = generate(scratch / "data", lines=ctx.settings.year_lines, done=ctx.settings.year_done)
        target = ctx.tmp / "year"
        shutil.copytree(scratch / "data", target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    db = sqlite3.connect(target / "audit.sqlite3")
    try:
        lines, phones = db.execute("SELECT COUNT(*), COUNT(DISTINCT phone) FROM audit").fetchone()
        first, last = db.execute("SELECT MIN(at), MAX(at) FROM audit").fetchone()
        phone = db.execute(
            "SELECT phone FROM audit GROUP BY phone ORDER BY COUNT(*) DESC LIMIT 1 OFFSET 50"
        ).fetchone()[0]
    finally:
        db.close()
    outbox = sqlite3.connect(target / "outbox.sqlite3")
    try:
        done = outbox.execute("SELECT COUNT(*) FROM outbox WHERE status = 'done'").fetchone()[0]
    finally:
        outbox.close()
    return target, {
        "took_s": took,
        "lines": lines,
        "phones": phones,
        "first": first,
        "last": last,
        "done": done,
        "phone": phone,
    }


def after_retention(year: Path, into: Path) -> dict[str, float]:
    """The year's folder once the retention policy has run (the product's, with its default periods): its size."""
    from hsconsole.services.session import Stores
    from hsconsole.store.settings import Settings

    shutil.copytree(year, into)
    settings = Settings()
    with Stores.open(into, owner="bench-retention") as stores:
        started = time.perf_counter()
        gone = stores.prune(
            done_changes_days=settings.keep_done_changes_days, activity_months=settings.keep_activity_months
        )
        took = time.perf_counter() - started
    return {**_size(into), "changes_gone": gone[0], "lines_gone": gone[1], "prune_s": took}


def start(ctx: Any, tag: str, data: Path) -> dict[str, Any]:
    env = gui_env(ctx.platform, ctx.display)
    run_tmp = ctx.tmp / "run-tmp" / tag
    run_tmp.mkdir(parents=True, exist_ok=True)
    env["TMPDIR"] = str(run_tmp)
    env.update(console_dirs(ctx.tmp, f"year-{tag}"))
    env["HSCONSOLE_DATA_DIR"] = str(data)
    env["PYTHONPATH"] = str(ROOT)  # the probe runs as a script: this tree's console, not an installed one
    env["HSCONSOLE_TOKEN"] = ctx.sim.token
    env["HSCONSOLE_API_URL"] = ctx.sim.url
    env["BENCH_T0_NS"] = str(time.monotonic_ns())
    child = Child([sys.executable, str(BENCH_DIR / "probe_start.py"), "--target", "console"], env, f"year-{tag}")
    try:
        return child.expect(timeout=120.0)
    finally:
        child.close()
        shutil.rmtree(run_tmp, ignore_errors=True)


def figure(ctx: Any) -> list[Any]:
    from bench.run import Row, fmt_ms, verdict

    s = ctx.settings
    runs = max(1, s.startup_runs // 2)
    ctx.log(
        f"7/7 a year of use: making {s.year_lines:,} activity lines and {s.year_done:,} sent changes through the stores"
    )
    year, made = make_year(ctx)
    ctx.log(
        f"    made in {made['took_s']:.1f} s: {made['lines']:,} lines of {made['phones']:,} numbers, "
        f"{made['done']:,} done"
    )
    sizes = {"year": _size(year)}
    sizes["retained"] = after_retention(year, ctx.tmp / "year-retained")

    ctx.log(
        f"    start-up: {runs} runs each on a fresh copy of the year as made, of the year once retention has run, "
        "and on an empty folder (+1 warm-up each)"
    )
    sources = {"year": year, "kept": ctx.tmp / "year-retained", "empty": None}
    starts: dict[str, list[dict[str, Any]]] = {side: [] for side in sources}
    for i in range(runs + 1):
        order = list(sources)
        for side in order[i % 3 :] + order[: i % 3]:
            data = ctx.tmp / f"year-start-{side}-{i}"
            source = sources[side]
            if source is not None:
                shutil.copytree(source, data)
            else:
                data.mkdir()
            os.sync()  # the copy on disk: its writeback is not the console's start's to wait for
            time.sleep(0.5)
            result = start(ctx, f"{side}-{i}", data)
            shutil.rmtree(data, ignore_errors=True)
            if i:
                starts[side].append(result)
        if i:
            ctx.log(
                f"    run {i}: "
                + ", ".join(
                    f"{side} {fmt_ms(starts[side][-1]['startup_ms'])} "
                    f"(loaded {fmt_ms(starts[side][-1]['marks']['loaded'])})"
                    for side in sources
                )
            )

    ctx.log(f"    lookups ({s.lookups // 2} each side) and the activity log window, year and empty folder")
    lookup_copy = ctx.tmp / "year-lookup"
    shutil.copytree(year, lookup_copy)
    empty = ctx.tmp / "year-empty"
    empty.mkdir()
    common = ["--url", ctx.sim.url, "--token", ctx.sim.token, "--phones", ",".join(LOOKUP_PHONES)]
    env = gui_env(ctx.platform, ctx.display)
    env["TMPDIR"] = str(ctx.tmp)
    children = {
        "year": Child(
            python_module_args("bench.lookup_console", *common, "--data", str(lookup_copy)),
            env,
            "year-lookup",
            stdin=True,
        ),
        "empty": Child(
            python_module_args("bench.lookup_console", *common, "--data", str(empty)), env, "empty-lookup", stdin=True
        ),
    }
    times: dict[str, list[float]] = {"year": [], "empty": []}
    windows: dict[str, list[dict[str, Any]]] = {"year": [], "empty": []}
    ask = {"op": "activity", "phone": made["phone"], "text": TEXT, "action": ACTION}
    try:
        for child in children.values():
            child.expect(60)
        for child in children.values():
            child.ask({"op": "batch", "n": s.lookup_batch})  # warm-up
        done, turn = 0, 0
        while done < s.lookups // 2:
            n = min(s.lookup_batch, s.lookups // 2 - done)
            for side in ("year", "empty") if turn % 2 == 0 else ("empty", "year"):
                times[side].extend(children[side].ask({"op": "batch", "n": n})["ms"])
            done += n
            turn += 1
        for i in range(s.year_window_runs):
            for side in ("year", "empty") if i % 2 == 0 else ("empty", "year"):
                windows[side].append(children[side].ask(ask))
        for child in children.values():
            child.send({"op": "quit"})
    finally:
        for child in children.values():
            child.close()

    start_year = summary(r["startup_ms"] for r in starts["year"])
    start_empty = summary(r["startup_ms"] for r in starts["empty"])
    loaded_year = summary(r["marks"]["loaded"] for r in starts["year"])
    loaded_empty = summary(r["marks"]["loaded"] for r in starts["empty"])
    loaded_kept = summary(r["marks"]["loaded"] for r in starts["kept"])
    look_year, look_empty = summary(times["year"]), summary(times["empty"])
    win: dict[str, dict[str, dict[str, float]]] = {}
    for side in ("year", "empty"):
        again = windows[side][1:] or windows[side]
        win[side] = {key: summary(w[f"{key}_ms"] for w in again) for key in ("open", "phone", "action", "text")}
        win[side]["first"] = summary([windows[side][0]["open_ms"]])
    ctx.details["year"] = {
        "made": made,
        "sizes": sizes,
        "start": {
            "year": start_year,
            "empty": start_empty,
            "loaded_year": loaded_year,
            "loaded_empty": loaded_empty,
            "loaded_kept": loaded_kept,
        },
        "lookup": {"year": look_year, "empty": look_empty},
        "window": win,
        "window_rows": {k: v for k, v in windows["year"][-1].items() if not k.endswith("_ms")},
    }
    rows = []

    def ratio_row(label: str, year_v: dict[str, float], empty_v: dict[str, float], goal: float) -> Any:
        r = year_v["median"] / empty_v["median"]
        return Row(
            label,
            f"{fmt_ms(year_v['median'])} (p95 {fmt_ms(year_v['p95'])})",
            f"{fmt_ms(empty_v['median'])} (p95 {fmt_ms(empty_v['p95'])})",
            f"{r:.2f}×",
            f"≤ {goal:.2f}×",
            verdict(r <= goal),
        )

    rows.append(ratio_row("7a. Year of use: start-up → window taking input (median)", start_year, start_empty, 1.05))
    rows.append(ratio_row("7b. Year of use: start-up → console all loaded (median)", loaded_year, loaded_empty, 1.05))
    rows.append(
        ratio_row("7c. Year of use, retention done: start-up → all loaded (median)", loaded_kept, loaded_empty, 1.05)
    )
    rows.append(ratio_row("7d. Year of use: lookup, Enter → lead + blocks shown (median)", look_year, look_empty, 1.05))
    worst = max(max(win["year"][k]["max"] for k in ("open", "phone", "action", "text")), win["year"]["first"]["max"])
    rows.append(
        Row(
            "7e. Year of use: activity log opened / filtered by number / action / text, rows painted (median)",
            " / ".join(fmt_ms(win["year"][k]["median"]) for k in ("open", "phone", "action", "text"))
            + f" (slowest {fmt_ms(worst)}, first open {fmt_ms(win['year']['first']['median'])})",
            " / ".join(fmt_ms(win["empty"][k]["median"]) for k in ("open", "phone", "action", "text")),
            f"{win['year']['open']['median'] / win['empty']['open']['median']:.2f}× (open)",
            "≤ 300 ms each",
            verdict(worst <= 300.0),
        )
    )
    rows.append(
        Row(
            "7f. Year of use: data folder size (on disk; in use)",
            f"{sizes['year']['disk']:.1f} MB as made; {sizes['retained']['disk']:.1f} MB after retention "
            f"({sizes['retained']['used']:.1f} MB in use)",
            "0.0 MB (empty profile)",
            "—",
            "bounded by retention",
            "info",
        )
    )
    return rows


def details_markdown(d: dict[str, Any]) -> str:
    made, sizes, start, win = d["made"], d["sizes"], d["start"], d["window"]
    retained, year = sizes["retained"], win["year"]
    return (
        f"A year of use: {made['lines']:,} activity lines of {made['phones']:,} numbers from {made['first'][:10]} "
        f"to {made['last'][:10]} and {made['done']:,} sent changes, made through the stores in "
        f"{made['took_s']:.1f} s. Start-up (median of {start['year']['n']} runs each): window taking input "
        f"{start['year']['median']:.0f} ms on the year, {start['empty']['median']:.0f} ms on an empty folder; all "
        f"loaded {start['loaded_year']['median']:.0f} ms and {start['loaded_empty']['median']:.0f} ms, on the year "
        f"once retention has run {start['loaded_kept']['median']:.0f} ms. Activity log "
        f"window on the year (medians after the first open, ms): open {year['open']['median']:.1f}, by number "
        f"{year['phone']['median']:.1f}, by action {year['action']['median']:.1f}, by text "
        f"{year['text']['median']:.1f}; the first open (its module loaded then) {year['first']['median']:.1f}; rows "
        f"and counts shown: {d['window_rows']}. The retention policy took {retained['changes_gone']:,} changes and "
        f"{retained['lines_gone']:,} lines in {retained['prune_s']:.1f} s (in the console, on a thread beside the "
        f"window); the folder was {sizes['year']['disk']:.1f} MB ({sizes['year']['used']:.1f} MB in use) and is "
        f"{retained['disk']:.1f} MB after it ({retained['used']:.1f} MB in use).\n"
    )

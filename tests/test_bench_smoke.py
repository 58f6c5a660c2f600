"""The benchmark suite (bench/) still runs against the product: every figure once, with tiny sizes, offscreen.

Nothing here looks at a time or a ratio: benchmarks print figures, tests never assert on them.
"""

from __future__ import annotations

import math

from bench import run
from bench.common import percentile, summary


def test_percentiles_interpolate_between_ranks() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0], 50) == 1.5
    assert percentile([5.0], 99) == 5.0
    assert math.isnan(percentile([], 50))
    stats = summary(float(i) for i in range(1, 101))
    assert stats["n"] == 100
    assert stats["min"] == 1.0
    assert stats["max"] == 100.0
    assert 99.0 < stats["p99"] < 100.0


def test_every_figure_runs_end_to_end() -> None:
    settings = run.Settings(
        startup_runs=1,
        startup_warmups=0,
        lookups=2,
        lookup_batch=2,
        memory_lookups=2,
        memory_runs=1,
        stall_runs=1,
        in_flight=2,
        latency_ms=30,
        big_blocks=50,
        outbox_n=2,
        outbox_rounds=1,
    )
    lines: list[str] = []
    rows, ctx = run.measure(settings, {"1", "2", "3", "4", "5"}, "offscreen", lines.append)

    figures = [row.figure.split(".")[0] for row in rows]
    assert figures == ["1", "2a", "2b", "3", "4a", "4b", "5"]
    assert all(row.verdict in ("pass", "FALLS SHORT", "info") for row in rows)
    assert ctx.details["stall"]["failed"] == 0
    assert ctx.details["outbox"]["statuses"] == {"done": 2}
    assert ctx.details["memory_lookups"]["runs"][0]["tasks"] >= 0
    table = run.markdown_table(rows)
    assert table.count("\n") == len(rows) + 1
    assert "hsconsole" in run.text_table(rows)


def test_the_year_of_use_figure_runs_end_to_end() -> None:
    settings = run.Settings(
        startup_runs=2,
        startup_warmups=0,
        lookups=2,
        lookup_batch=1,
        memory_lookups=2,
        memory_runs=1,
        stall_runs=1,
        in_flight=2,
        latency_ms=30,
        big_blocks=50,
        outbox_n=2,
        outbox_rounds=1,
        year_window_runs=1,
        year_lines=600,
        year_done=60,
    )
    lines: list[str] = []
    rows, ctx = run.measure(settings, {"7"}, "offscreen", lines.append)

    assert [row.figure.split(".")[0] for row in rows] == ["7a", "7b", "7c", "7d", "7e", "7f"]
    year = ctx.details["year"]
    assert year["made"]["lines"] == 600 and year["made"]["done"] == 60
    assert year["sizes"]["retained"]["changes_gone"] > 0  # most sent changes are older than 30 days
    assert year["window_rows"]["open_rows"] == 200  # a page of the 600 lines and the look-ups' own
    assert int(year["window_rows"]["status"].split()[0].replace(",", "")) >= 600
    assert year["window_rows"]["phone_rows"] > 0
    assert "A year of use" in run.details_markdown(ctx)

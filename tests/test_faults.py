"""Faults: many mutations under injected failures land exactly once, in order, none lost.

The default size is the issue's: 1,000 mutations across 100 leads with 30 %
of the simulator's answers faulty. ``--fault-mutations N`` runs it larger
(or smaller). The figures are printed at the end of each run.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hsconsole.sim.server import SimServer
from tests.fault_driver import PROFILE, Stats, drive, plan
from tests.helpers import Runner

LEADS = 100
FAULTS = {
    "error_rate": 0.06,
    "drop_rate": 0.06,
    "timeout_rate": 0.06,
    "rate_429": 0.06,
    "drop_after_apply_rate": 0.06,
    "hang_s": 0.6,
}
"""30 % of answers are faults: 500s, dropped connections, hangs past the client's timeout, 429s,
and answers lost after the server applied the change."""


@pytest.fixture
def count(pytestconfig: pytest.Config) -> int:
    return int(pytestconfig.getoption("--fault-mutations"))


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(rate_limit=None) as server:
        yield server


def make_leads(sim: SimServer) -> list[str]:
    phones = [f"+1303555{2000 + n:04d}" for n in range(LEADS)]
    for n, phone in enumerate(phones):
        sim.state.add_lead(phone, zip="80202", name=f"Fault Lead {n}")
    return phones


def inject(sim: SimServer) -> None:
    sim.state.set_faults(**FAULTS)


def check(sim: SimServer, phones: list[str], count: int) -> dict[str, int]:
    """Every mutation applied exactly once and in order; returns the figures."""
    expected = plan(count, phones)
    lost = duplicated = out_of_order = 0
    for phone, comments in expected.items():
        snapshot = sim.state.lead_snapshot(phone)
        assert snapshot is not None
        got = [c for c in snapshot["comments"] if c.startswith("m")]
        lost += len(set(comments) - set(got))
        duplicated += len(got) - len(set(got))
        if got != comments:
            out_of_order += 1
    requests = [r for r in sim.state.requests() if "/_sim/" not in r["path"]]
    faults = sum(1 for r in requests if r.get("fault"))
    applied = sum(1 for r in requests if r.get("applied"))
    return {
        "mutations": count,
        "requests": len(requests),
        "faults injected": faults,
        "applied": applied,
        "lost": lost,
        "duplicated": duplicated,
        "leads out of order": out_of_order,
    }


def report(capsys: pytest.CaptureFixture[str], title: str, figures: dict[str, Any]) -> None:
    with capsys.disabled():
        print(f"\n{title}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


def test_mutations_under_faults_land_exactly_once(
    sim: SimServer, tmp_path: Path, arun: Runner, count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    phones = make_leads(sim)
    inject(sim)
    stats: Stats = arun(drive(tmp_path / "outbox.db", sim.url, sim.state.token, phones, count), timeout=600)
    sim.state.clear_faults()
    figures = check(sim, phones, count)
    report(capsys, "fault suite", {**figures, "seconds": round(stats.seconds, 1)})
    assert stats.refused == 0, stats.refused_reasons[:3]
    assert figures["faults injected"] >= count * 0.2
    assert figures["applied"] == count
    assert (figures["lost"], figures["duplicated"], figures["leads out of order"]) == (0, 0, 0)


def _outbox_rows(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM outbox WHERE profile = ?", (PROFILE,)).fetchone()[0])
    except sqlite3.Error:
        return 0


def test_killed_mid_run_and_restarted_loses_nothing(
    sim: SimServer, tmp_path: Path, count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    phones = make_leads(sim)
    inject(sim)
    db = tmp_path / "outbox.db"
    env = {**os.environ, "FAULT_TOKEN": sim.state.token}
    command = [
        sys.executable,
        "-m",
        "tests.fault_driver",
        "--db",
        str(db),
        "--url",
        sim.url,
        "--token-env",
        "FAULT_TOKEN",
        "--phones",
        ",".join(phones),
        "--count",
        str(count),
    ]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while _outbox_rows(db) < count * 0.4 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first.poll() is None, "the driver finished before it could be killed"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    killed_at = _outbox_rows(db)
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-2000:]
    sim.state.clear_faults()
    figures = check(sim, phones, count)
    report(capsys, "fault suite, killed and restarted", {**figures, "killed after outbox rows": killed_at})
    assert figures["applied"] == count
    assert (figures["lost"], figures["duplicated"], figures["leads out of order"]) == (0, 0, 0)

"""``hsconsole-sim`` serves HeavySet, Apptoto and TimeZest, each on its own loopback origin."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx
import pytest

TOKEN = "hs_cli_test_" + "t" * 40


def test_one_command_serves_all_three_apis_each_in_the_dialects_asked() -> None:
    dialects = "token_in_body,apptoto_put_keeps_times,apptoto_refuses_iana_zones,timezest_lenient_create"
    process = subprocess.Popen(
        [sys.executable, "-m", "hsconsole.sim", "--port", "0", "--token", TOKEN, "--dialect", dialects],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 60
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("  Admin:") and any(x.startswith("TimeZest simulator on") for x in lines):
                break
        banner = "".join(lines)
        urls = dict(re.findall(r"^(HeavySet|Apptoto|TimeZest) simulator on (http://127\.0\.0\.1:\d+)", banner, re.M))
        assert set(urls) == {"HeavySet", "Apptoto", "TimeZest"}, banner
        assert len(set(urls.values())) == 3
        assert banner.count(TOKEN) == 1  # printed once, for HeavySet; the others refer to it
        heavyset = httpx.get(
            f"{urls['HeavySet']}/api/v1/appointment/s2s/phone/query/dispositions", headers={"x-hs-token": TOKEN}
        )
        apptoto = httpx.get(f"{urls['Apptoto']}/v1/events", params={"page_size": 1}, auth=("demo@example.com", TOKEN))
        timezest = httpx.get(f"{urls['TimeZest']}/v1/agents", headers={"Authorization": f"Bearer {TOKEN}"})
        assert (heavyset.status_code, apptoto.status_code, timezest.status_code) == (200, 200, 200)
        refused = httpx.get(f"{urls['Apptoto']}/v1/events", auth=("demo@example.com", "wrong-key"))
        assert refused.status_code == 401
        info = httpx.get(f"{urls['Apptoto']}/_sim/info").json()
        assert (info["putKeepsTimes"], info["refusesIanaZones"], info["keepsMessaged"]) == (True, True, False)
        made = httpx.post(  # lenient: no appointment type, resources or trigger mode
            f"{urls['TimeZest']}/v1/scheduling_requests",
            json={"end_user_email": "pat@example.com"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert made.status_code in (200, 201), made.text
        patch = httpx.patch(  # HeavySet wants the token in the body too
            f"{urls['HeavySet']}/api/v1/appointment/s2s/phone/update",
            json={"phone": "+13035550100", "appendComment": "x"},
            headers={"x-hs-token": TOKEN},
        )
        assert patch.status_code == 401 and "token should not be empty" in patch.text
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_an_unknown_dialect_is_refused_with_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    from hsconsole.sim.server import main

    assert main(["--dialect", "disqualify_keeps_appointment,no_such_reading", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "unknown dialect no_such_reading" in err and "disqualify_keeps_appointment" in err


def test_connector_dialects_become_their_simulators_switches() -> None:
    from hsconsole.sim.dialects import DIALECTS, connector_switches

    names = ["apptoto_keeps_messaged", "timezest_lenient_create", "disqualify_keeps_appointment"]
    assert connector_switches(names, "apptoto") == {"keeps_messaged": True}
    assert connector_switches(names, "timezest") == {"lenient_create": True}
    assert connector_switches(names, "heavyset") == {}
    with pytest.raises(ValueError, match="unknown dialect nope"):
        connector_switches(["nope"], "apptoto")
    from hsconsole.sim.apptoto.state import ApptotoState
    from hsconsole.sim.timezest.state import TimeZestState

    for dialect in DIALECTS.values():  # every connector switch is a real keyword of its simulator's state
        state = {"apptoto": ApptotoState, "timezest": TimeZestState}.get(dialect.family)
        if state is not None:
            assert getattr(state(**{dialect.switch: True}), dialect.switch) is True, dialect.name
        else:
            assert dialect.switch == ""


def test_max_log_caps_the_request_log_and_the_traffic_counts_go_on() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "hsconsole.sim", "--port", "0", "--token", TOKEN, "--no-connectors", "--max-log", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.match(r"HeavySet simulator on (http://127\.0\.0\.1:\d+)", first)
        assert match, first
        url = match.group(1)
        deadline = time.monotonic() + 30
        while True:  # the banner comes before the server listens
            try:
                httpx.get(f"{url}/_sim/info")
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the simulator did not start"
                time.sleep(0.05)
        for _ in range(5):
            dispositions = f"{url}/api/v1/appointment/s2s/phone/query/dispositions"
            assert httpx.get(dispositions, headers={"x-hs-token": TOKEN}).status_code == 200
        assert len(httpx.get(f"{url}/_sim/requests").json()) == 3
        assert httpx.get(f"{url}/_sim/traffic").json()["requests"] == 5
    finally:
        process.terminate()
        process.wait(timeout=30)
    bad = subprocess.run(
        [sys.executable, "-m", "hsconsole.sim", "--max-log", "0"], capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2 and "--max-log: must be at least 1" in bad.stderr

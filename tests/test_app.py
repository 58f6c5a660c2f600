"""The command line: links, screen-pop with --phone, and the single-instance hand-over."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QApplication

from hsconsole.app import parse_args
from hsconsole.domain.links import phone_from_link
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.ui.qt_options import qt_option
from tests.helpers import api_requests, instance_socket


@pytest.mark.parametrize(
    ("link", "phone"),
    [
        ("hsconsole:+18015551234", "+18015551234"),
        ("hsconsole:%2B18015551234", "+18015551234"),
        ("hsconsole://lookup?phone=801.555.1234", "801.555.1234"),
        ("HSCONSOLE:8015551234", "8015551234"),
        ("hsconsole://lookup", None),
        ("https://example.com/?phone=1", None),
        ("hsconsole:", None),
    ],
)
def test_links(link: str, phone: str | None) -> None:
    assert phone_from_link(link) == phone


def test_arguments() -> None:
    assert parse_args(["--demo", "--phone", "8015551234"]).phone == "8015551234"
    assert parse_args(["hsconsole:+18015551234"]).phone == "+18015551234"
    with pytest.raises(SystemExit):
        parse_args(["mailto:someone"])


def test_qts_own_options_are_set_aside_for_qt_and_ours_still_checked() -> None:
    args = parse_args(
        [
            "-platform",
            "offscreen",
            "--demo",
            "-style=fusion",
            "--reverse",
            "--qwindowtitle",
            "T",
            "hsconsole:+18015551234",
        ]
    )
    assert args.demo and args.phone == "+18015551234"
    assert args.qt_args == ["-platform", "offscreen", "-style=fusion", "--reverse", "--qwindowtitle", "T"]
    assert parse_args(["--phone", "8015551234"]).qt_args == []
    assert parse_args(["-qmljsdebugger=port:3768", "--", "hsconsole:+18015551234"]).qt_args == [
        "-qmljsdebugger=port:3768"
    ]
    assert qt_option(["-platform", "xcb", "--platform=offscreen"], "platform") == "offscreen"
    assert qt_option(["-style", "fusion"], "platform") is None


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["-platform"], "Qt's option -platform needs a value (for example: -platform offscreen)"),
        (["--demo", "--style"], "Qt's option --style needs a value"),
        (["--phnoe", "8015551234"], "unrecognized arguments: --phnoe"),  # a typo of ours is not Qt's
        (["-reverse=yes"], "unrecognized arguments: -reverse=yes"),
        (["-platformx"], "unrecognized arguments: -platformx"),
    ],
)
def test_a_wrong_option_is_said(argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse_args(argv)
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


def test_qts_own_options_on_the_command_line_reach_qt(tmp_path: Path) -> None:
    """``hsconsole -platform offscreen -style windows -reverse --demo``: the window is not opened here, but the
    QApplication the console runs in is asked which platform, style and direction it got."""
    code = (
        "import runpy, sys\n"
        "import hsconsole.app\n"
        "def console(qt, args, instance):\n"
        "    print(qt.platformName(), qt.style().name(), qt.layoutDirection().name, args.demo, args.phone)\n"
        "    return 0\n"
        "hsconsole.app.run_console = console\n"
        "sys.argv = ['hsconsole', '-platform', 'offscreen', '--style=windows', '-reverse', '--demo', '--phone', '1']\n"
        "runpy.run_module('hsconsole', run_name='__main__')\n"
    )
    name = f"hsconsole-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "minimal",
        "HSCONSOLE_INSTANCE": name,
        "HSCONSOLE_CONFIG_DIR": str(tmp_path),
    }
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    finally:
        QLocalServer.removeServer(instance_socket(name))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["offscreen", "windows", "RightToLeft", "True", "1"]
    assert "Traceback" not in done.stderr


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


def _wait_for_lookup(sim: SimServer, phone: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(e["query"].get("phone") == phone for e in api_requests(sim, "GET", "/phone/query")):
            return
        time.sleep(0.05)
    raise AssertionError(f"no lookup of {phone} reached the simulator")


def test_screen_pop_then_second_instance_hands_over(sim: SimServer, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HSCONSOLE_TOKEN": sim.state.token,
        "HSCONSOLE_API_URL": sim.url,
        "HSCONSOLE_INSTANCE": f"hsconsole-test-{uuid.uuid4().hex[:8]}",
        "HSCONSOLE_CONFIG_DIR": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
    }
    command = [sys.executable, "-m", "hsconsole"]
    first = subprocess.Popen(
        [*command, "--phone", "801.555.1234"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        _wait_for_lookup(sim, DEMO_PHONES["denver_booked"])
        second = subprocess.run(
            [*command, "hsconsole:" + DEMO_PHONES["tampa_new"]], env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 0, second.stderr
        assert "Handed over" in second.stdout
        _wait_for_lookup(sim, DEMO_PHONES["tampa_new"])
        assert first.poll() is None, "the first console must still be running"
    finally:
        first.terminate()
        output = first.communicate(timeout=30)[0].decode(errors="replace")
        QLocalServer.removeServer(instance_socket(env["HSCONSOLE_INSTANCE"]))  # a terminated console leaves it
    assert sim.state.token not in output
    assert "Traceback" not in output


def python_says(code: str) -> str:
    """What a fresh interpreter (offscreen Qt) prints for ``code``: start-up imports cannot be seen in this one."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_window_frame_is_built_and_shown_without_the_service_layer() -> None:
    """The frame-first start (docs/PERFORMANCE.md): main() shows it before a thread imports the rest."""
    heavy = ["asyncio", "pydantic", "httpx", "phonenumbers", "keyring", "sqlite3"]
    heavy += ["hsconsole.api", "hsconsole.controller", "hsconsole.connection"]
    heavy += ["hsconsole.setup_flow", "hsconsole.demo"]
    heavy += ["zoneinfo", "hsconsole.domain.slots", "hashlib"]  # the setter's zone is found at attach
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import hsconsole.app\n"
        "qt = QApplication([])\n"
        "from hsconsole.ui.single_instance import claim\n"
        "frame = hsconsole.app.open_frame(claim('activate'))\n"
        "frame.show()\n"
        "qt.processEvents()\n"
        "frame.search('8015551234')  # Enter before the console is there: kept for later\n"
        f"print(frame.ready, frame._waiting_search, [m for m in {heavy!r} if m in sys.modules])\n"
        "print(sorted(m for m in sys.modules if m.startswith('hsconsole.services.')))"
    )
    said, services = python_says(code).splitlines()
    assert said == "False 8015551234 []"
    # of the service layer, only re-exports of store's layout file, folders and redaction (ui/ names store's
    # through services/), which import nothing more than those
    thin = {"hsconsole.services.layout", "hsconsole.services.folders", "hsconsole.services.redaction"}
    assert set(ast.literal_eval(services)) <= thin


def test_what_the_first_paint_does_not_need_is_not_imported_with_the_window() -> None:
    """Start-up imports (docs/PERFORMANCE.md): loaded after the first paint or when a profile needs them."""
    later = [
        "phonenumbers",  # the warm-up after the first paint loads it
        "keyring.backends",  # the keychain's backend is found on first use
        "hsconsole.api.apptoto",  # the connectors load for profiles that use them
        "hsconsole.api.timezest",
        "hsconsole.sim",  # only --demo starts a simulator
        "click",  # httpx's command-line client is never imported
        "pygments",
    ]
    code = (
        "import sys, hsconsole.app, hsconsole.ui.main_window, hsconsole.services.setup\n"
        f"print([m for m in {later!r} if m in sys.modules])"
    )
    assert python_says(code) == "[]"


def test_the_window_icon_carries_the_sizes_the_platform_shows(qapp: QApplication) -> None:
    """X11 sends every size to the window manager at the first paint: no 256 or 512 px there."""
    from hsconsole.app import _set_icon
    from hsconsole.resources import WINDOW_ICON_LARGEST, icon_paths

    _set_icon(qapp)
    sizes = sorted(size.width() for size in qapp.windowIcon().availableSizes())
    assert sizes == [size for size, _path in icon_paths(WINDOW_ICON_LARGEST)]
    assert 16 in sizes and 128 in sizes
    assert max(sizes) == (512 if sys.platform == "darwin" else 128)
    assert not qapp.windowIcon().pixmap(32, 32).isNull()

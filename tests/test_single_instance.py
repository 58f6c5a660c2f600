"""One console per user: a second start hands its number over, also while the first is still starting."""

from __future__ import annotations

import logging
import os
import socket as pysocket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from hsconsole.app import open_frame
from hsconsole.ui.main_window import MainWindow
from hsconsole.ui.single_instance import ACTIVATE, InstanceServer, bring_forward, claim, hand_over
from tests.helpers import instance_socket


@pytest.fixture
def channel(monkeypatch: pytest.MonkeyPatch) -> str:
    name = f"hsconsole-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("HSCONSOLE_INSTANCE", name)
    return name


@pytest.fixture
def frame_and_channel(qapp: QApplication, qtbot: QtBot, channel: str) -> Iterator[tuple[MainWindow, InstanceServer]]:
    instance = claim(ACTIVATE)
    assert instance is not None  # nobody else listens on this test's channel
    frame = open_frame(instance)
    qtbot.addWidget(frame)
    frame.show()
    yield frame, instance
    instance.close()


def test_nobody_listening_means_no_hand_over(qapp: QApplication, channel: str) -> None:
    assert hand_over("8015551234") is False


def test_a_start_that_loses_the_race_to_listen_hands_over_instead(
    qtbot: QtBot, qapp: QApplication, channel: str
) -> None:
    """Two starts at once both find nobody; the second to listen must not take the first one's channel."""
    first = InstanceServer()
    assert first.listen()
    got: list[str] = []
    first.received.connect(got.append)
    second = InstanceServer()
    assert second.listen() is False  # the live channel is left alone (a stale one would be replaced)
    assert hand_over("8015551234") is True
    qtbot.waitUntil(lambda: got == ["8015551234"], timeout=5000)
    assert claim("6025550142") is None  # what main() does: hand over and exit
    qtbot.waitUntil(lambda: got == ["8015551234", "6025550142"], timeout=5000)
    first.close()
    second.close()


@pytest.mark.skipif(sys.platform == "win32", reason="a local socket is a file only on Unix")
def test_a_stale_channel_left_by_a_crash_is_taken_over(qtbot: QtBot, qapp: QApplication, channel: str) -> None:
    stale = pysocket.socket(pysocket.AF_UNIX)  # a socket file nobody answers on, as a crash leaves it
    path = Path(instance_socket(channel))
    stale.bind(str(path))
    stale.close()
    server = InstanceServer()
    assert server.listen()
    got: list[str] = []
    server.received.connect(got.append)
    assert hand_over(ACTIVATE) is True
    qtbot.waitUntil(lambda: got == [ACTIVATE], timeout=5000)
    server.close()


def test_a_number_handed_to_a_console_still_starting_waits_for_it(
    qtbot: QtBot, frame_and_channel: tuple[MainWindow, InstanceServer], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hsconsole.ui")
    frame, _instance = frame_and_channel
    assert not frame.ready
    frame.show_starting("Finish the setup to start the console.")  # what the controller says over its wizard
    assert hand_over("(801) 555-1234") is True
    qtbot.waitUntil(lambda: frame._waiting_search == "(801) 555-1234", timeout=5000)
    assert frame.phone_input.text() == "(801) 555-1234"  # the setter sees which number is waiting
    assert frame.statusBar().currentMessage() == (
        "Finish the setup to start the console. The number is looked up as soon as the console is ready."
    )
    # a second start without a number only brings the window forward: the waiting number stays
    assert hand_over(ACTIVATE) is True
    qtbot.waitUntil(lambda: any("handed over activate" in r.getMessage() for r in caplog.records), timeout=5000)
    qtbot.wait(20)  # the window was brought forward from the event loop
    assert frame._waiting_search == "(801) 555-1234"


def test_bringing_a_minimised_window_forward_keeps_it_maximised(qtbot: QtBot, qapp: QApplication) -> None:
    window = MainWindow(setter_zone="America/Denver")
    qtbot.addWidget(window)
    window.showMaximized()
    window.setWindowState(window.windowState() | Qt.WindowState.WindowMinimized)
    assert window.isMinimized()
    bring_forward(window, ACTIVATE)
    assert not window.isMinimized()
    assert window.windowState() & Qt.WindowState.WindowMaximized
    assert window._waiting_search is None


def test_a_dialog_open_over_the_window_stays_in_front(
    qtbot: QtBot, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The setup wizard (window-modal) must not end up behind the window a hand-over raises."""
    window = MainWindow(setter_zone="America/Denver")
    qtbot.addWidget(window)
    window.show()
    dialog = QDialog(window)
    dialog.open()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=2000)
    raised: list[object] = []
    monkeypatch.setattr(window, "raise_", lambda: raised.append(window))
    monkeypatch.setattr(dialog, "raise_", lambda: raised.append(dialog))
    bring_forward(window, "8015551234")
    assert raised == [window, dialog]
    assert window._waiting_search == "8015551234"
    dialog.reject()


def test_a_window_closed_while_starting_is_not_shown_again(qtbot: QtBot, qapp: QApplication) -> None:
    window = MainWindow(setter_zone="America/Denver")
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert window.gone
    bring_forward(window, "8015551234")
    assert not window.isVisible()
    assert window._waiting_search is None


def test_a_second_start_during_the_first_ones_setup_wizard_hands_over(qapp: QApplication, tmp_path: Path) -> None:
    """The first console has no profile yet and sits in its setup wizard; a dialer link must not start another."""
    env = {key: value for key, value in os.environ.items() if key not in ("HSCONSOLE_TOKEN", "HSCONSOLE_API_URL")}
    env.update(
        HSCONSOLE_INSTANCE=f"hsconsole-test-{uuid.uuid4().hex[:8]}",
        HSCONSOLE_CONFIG_DIR=str(tmp_path / "config"),
        HSCONSOLE_DATA_DIR=str(tmp_path / "data"),
        HSCONSOLE_LOG_DIR=str(tmp_path / "logs"),
        QT_QPA_PLATFORM="offscreen",
    )
    command = [sys.executable, "-m", "hsconsole"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    assert first.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(first.stdout or []), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 30
        while not any("setup wizard opened" in line for line in list(lines)) and time.monotonic() < deadline:
            assert first.poll() is None, "".join(lines)
            time.sleep(0.05)
        assert any("setup wizard opened" in line for line in list(lines)), "".join(lines)
        second = subprocess.run(
            [*command, "hsconsole:+18015551234"], env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 0, second.stderr
        assert "Handed over" in second.stdout
        # the first reads the number from its event loop, which a busy machine may reach a moment later
        deadline = time.monotonic() + 20
        while not any("handed over a number" in line for line in list(lines)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert first.poll() is None, "the first console must still be running"
    finally:
        first.terminate()
        first.wait(timeout=30)
        reader.join(timeout=10)
        QLocalServer.removeServer(instance_socket(env["HSCONSOLE_INSTANCE"]))  # a terminated console leaves it
    output = "".join(lines)
    assert "handed over a number" in output
    assert "Traceback" not in output

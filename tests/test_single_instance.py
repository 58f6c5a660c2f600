"""One console per user: a second start hands its number over, also while the first is still starting."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from hsconsole.app import open_frame
from hsconsole.ui.main_window import MainWindow
from hsconsole.ui.single_instance import ACTIVATE, InstanceServer, bring_forward, hand_over


@pytest.fixture
def channel(monkeypatch: pytest.MonkeyPatch) -> str:
    name = f"hsconsole-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("HSCONSOLE_INSTANCE", name)
    return name


@pytest.fixture
def frame_and_channel(qapp: QApplication, qtbot: QtBot, channel: str) -> Iterator[tuple[MainWindow, InstanceServer]]:
    frame, instance = open_frame()
    qtbot.addWidget(frame)
    frame.show()
    yield frame, instance
    instance.close()


def test_nobody_listening_means_no_hand_over(qapp: QApplication, channel: str) -> None:
    assert hand_over("8015551234") is False


def test_a_number_handed_to_a_console_still_starting_waits_for_it(
    qtbot: QtBot, frame_and_channel: tuple[MainWindow, InstanceServer]
) -> None:
    frame, _instance = frame_and_channel
    assert not frame.ready
    assert hand_over("(801) 555-1234") is True
    qtbot.waitUntil(lambda: frame._waiting_search == "(801) 555-1234", timeout=5000)
    assert frame.phone_input.text() == "(801) 555-1234"  # the setter sees which number is waiting
    assert "looked up as soon as the console is ready" in frame.statusBar().currentMessage()
    # a second start without a number only brings the window forward: the waiting number stays
    assert hand_over(ACTIVATE) is True
    qtbot.wait(100)
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


def _wait_until_listening(name: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(100):
            probe.disconnectFromServer()
            return
        time.sleep(0.05)
    raise AssertionError(f"the first console never listened (exit code {process.poll()})")


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
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(env["HSCONSOLE_INSTANCE"], first)
        second = subprocess.run(
            [*command, "hsconsole:+18015551234"], env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 0, second.stderr
        assert "Handed over" in second.stdout
        assert first.poll() is None, "the first console must still be running"
    finally:
        first.terminate()
        output = first.communicate(timeout=30)[0].decode(errors="replace")
    assert "handed over a number" in output
    assert "Traceback" not in output

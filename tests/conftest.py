"""Shared fixtures: a Qt application on a qasync loop, a coroutine runner, the simulator.

Every test runs offscreen, with settings, data, logs and the single-instance
channel's socket in temporary folders, and a keyring backend that refuses
everything, so no test touches the user's real keychain, config folder or display.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_API"] = "pyside6"
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ["HSCONSOLE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="hsconsole-test-config-")
os.environ["HSCONSOLE_DATA_DIR"] = tempfile.mkdtemp(prefix="hsconsole-test-data-")
os.environ["HSCONSOLE_LOG_DIR"] = tempfile.mkdtemp(prefix="hsconsole-test-logs-")
os.environ["HSCONSOLE_INSTANCE"] = f"hsconsole-test-{os.getpid()}"
os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="hsconsole-test-run-")  # 0700: the channels' sockets
os.environ.pop("HSCONSOLE_TOKEN", None)
os.environ.pop("HSCONSOLE_API_URL", None)

import pytest
from hypothesis import HealthCheck, settings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hsconsole.ui.aio import install_loop
from hsconsole.ui.imports import skip_source_scan

for _folder in ("HSCONSOLE_CONFIG_DIR", "HSCONSOLE_DATA_DIR", "HSCONSOLE_LOG_DIR", "XDG_RUNTIME_DIR"):
    atexit.register(shutil.rmtree, os.environ[_folder], ignore_errors=True)
skip_source_scan()  # as the app does: PySide6 reads no test module's source to look for its name

T = TypeVar("T")

# Machines here are small and shared: no time limits on examples, same coverage.
settings.register_profile("hsconsole", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("hsconsole")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fault-mutations",
        type=int,
        default=200,
        help="how many changes the fault suite makes (default 200 across 20 leads; 10000 for the full run)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The fault suite's time limit grows with its size."""
    limit = 120 + int(config.getoption("--fault-mutations")) * 0.6
    for item in items:
        if item.path.name == "test_faults.py":
            item.add_marker(pytest.mark.timeout(limit))


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str], qapp_cls: type[QApplication], pytestconfig: pytest.Config) -> QApplication:
    """One QApplication whose qasync loop counts as running, so pytest-qt's waits drive asyncio."""
    app = QApplication.instance() or qapp_cls(["hsconsole-tests", *qapp_args])
    assert isinstance(app, QApplication)
    install_loop(app, already_running=True)
    return app


@pytest.fixture
def arun(qapp: QApplication, qtbot: QtBot) -> Callable[..., Any]:
    """``arun(coro, timeout=10)``: run a coroutine on the qasync loop and return its result."""

    def run(coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        task = asyncio.ensure_future(coro)
        try:
            qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        except BaseException:
            task.cancel()
            raise
        return task.result()

    return run


@pytest.fixture(autouse=True)
def _setter_clock_back_to_12_hours() -> Iterator[None]:
    """The setter's clock is one per process (a window sets it): each test starts on the 12-hour clock, with US
    English days."""
    from hsconsole.domain.slots import SETTER_CLOCK

    SETTER_CLOCK.hours24 = False
    SETTER_CLOCK.use_days(None)
    yield
    SETTER_CLOCK.hours24 = False
    SETTER_CLOCK.use_days(None)


@pytest.fixture
def spanish(qapp: QApplication) -> Iterator[None]:
    """The console's words in Spanish for the test (its translators installed, and removed after)."""
    from hsconsole.ui.language import install_translations, remove_translations

    assert install_translations("es") == "es"
    try:
        yield
    finally:
        remove_translations()

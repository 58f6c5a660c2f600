"""The first run on a computer whose clock looks like a server's (UTC, or another country's zone than its
language and keyboard settings') asks for the setter's own zone, and keeps the answer."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hsconsole.domain.zones import server_like
from hsconsole.store.settings import SettingsStore
from hsconsole.ui import zone as zone_module
from tests.helpers import MemoryKeyring
from tests.test_setup_wizard import make_controller, wizard_of

MANILA = "Asia/Manila"


@pytest.mark.parametrize(
    ("zone", "country", "asks"),
    [
        ("UTC", "PH", True),  # a data center's clock
        ("Etc/UTC", "", True),
        ("America/Chicago", "PH", True),  # a remote desktop in Chicago for a setter in the Philippines
        ("America/Chicago", "US", False),
        ("America/Chicago", "", False),  # the computer says no country: nothing to compare
        ("Asia/Manila", "PH", False),
        ("America/Bogota", "CO", False),
    ],
)
def test_a_servers_zone_is_told_from_a_setters(zone: str, country: str, asks: bool) -> None:
    reason = server_like(zone, country)
    assert (reason is not None) is asks
    if zone == "America/Chicago" and asks:
        assert reason is not None and "Chicago" in reason and "remote desktop" in reason


def test_the_welcome_page_asks_and_the_demo_keeps_the_answer(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(zone_module.OVERRIDE, raising=False)
    monkeypatch.setattr(zone_module, "computer_zone", lambda: "UTC")
    monkeypatch.setattr("hsconsole.ui.zone_dialog.computer_zone", lambda: "UTC")
    monkeypatch.setattr("hsconsole.ui.zone_dialog.choose_zone", lambda chosen, parent=None: MANILA)
    controller = make_controller(tmp_path, MemoryKeyring())
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    question = wizard.welcome_page.zone_question
    try:
        assert question is not None and question.isVisible()
        assert question.current.text() == "Your time zone: UTC, this computer's"
        question.button.click()
        assert question.chosen == MANILA and question.current.text().startswith("Your time zone: Manila (UTC+8)")
        wizard.welcome_page.demo_button.click()
        qtbot.waitUntil(task.done)
        assert task.result() is not None
        assert SettingsStore(tmp_path / "config" / "settings.json").load().setter_zone == MANILA
    finally:
        controller.demo.stop()


def test_a_setters_own_zone_is_not_asked_about(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(zone_module.OVERRIDE, raising=False)
    monkeypatch.setattr(zone_module, "server_like_reason", lambda: None)
    controller = make_controller(tmp_path, MemoryKeyring())
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    try:
        assert wizard.welcome_page.zone_question is None
        wizard.welcome_page.demo_button.click()
        qtbot.waitUntil(task.done)
        assert SettingsStore(tmp_path / "config" / "settings.json").load().setter_zone == ""
    finally:
        controller.demo.stop()

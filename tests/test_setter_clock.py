"""The setter's own times on their clock (12- or 24-hour), the lead's on the US 12-hour one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from hsconsole.domain.slots import SETTER_CLOCK, format_block_range
from hsconsole.services.formatting import clock, format_for_setter
from hsconsole.services.settings import Settings
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.settings import SettingsStore
from hsconsole.ui import setter_zone_flow
from hsconsole.ui.main_window import MainWindow
from tests.helpers import fast_transport, make_console
from tests.test_main_window import close, look_up

MANILA = "Asia/Manila"


def test_the_setters_times_follow_their_clock_and_the_leads_stay_on_the_us_one() -> None:
    start = datetime(2026, 12, 9, 23, 0, tzinfo=UTC)  # 3 PM in Los Angeles, 7 AM (Thu) in Manila
    end = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)
    la, manila = ZoneInfo("America/Los_Angeles"), ZoneInfo(MANILA)
    lead_day = date(2026, 12, 9)
    SETTER_CLOCK.hours24 = True
    assert format_block_range(start, end, la, lead_day, "Los Angeles") == "3:00 PM – 5:00 PM Los Angeles"
    assert format_block_range(start, end, manila, lead_day, "Manila", setter=True) == "Thu 7:00 – 9:00 Manila"
    evening = datetime(2026, 12, 10, 11, 30, tzinfo=UTC)  # 7:30 PM in Manila
    assert format_for_setter(evening, "America/Chicago", MANILA).endswith("5:30 AM Chicago (19:30 your time)")
    assert clock(evening.timestamp(), evening.timestamp() - 10, manila) == "19:30:00"
    SETTER_CLOCK.hours24 = False
    assert format_for_setter(evening, "America/Chicago", MANILA).endswith("5:30 AM Chicago (7:30 PM your time)")
    assert clock(evening.timestamp(), evening.timestamp() - 10, manila) == "7:30:00 PM"


@pytest.mark.parametrize(("name", "hours24"), [("en_US", False), ("en_GB", True), ("de_DE", True), ("C", False)])
def test_without_a_choice_the_computers_language_settings_say(
    monkeypatch: pytest.MonkeyPatch, name: str, hours24: bool
) -> None:
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(name)))
    assert setter_zone_flow.locale_uses_24_hours() is hours24


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


def test_the_setting_redraws_the_setters_times_at_once_and_is_kept(
    qtbot: QtBot, sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("en_US")))
    store = SettingsStore(tmp_path / "settings.json")
    console = make_console(sim.url, sim.state.token, fast_transport())
    window = MainWindow(console, settings=Settings(), settings_store=store, setter_zone=MANILA)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert not window.clock_action.isChecked() and not SETTER_CLOCK.hours24  # en_US: 12-hour
        look_up(qtbot, window, DEMO_PHONES["los_angeles_booked"])
        row = window.slot_view.slot_model.days()[0].rows[0]
        assert "M" in row.setter_text and "M" in row.lead_text  # AM/PM on both
        labels = window.editor.findChildren(type(window.phone_hint))
        assert any(label.text().endswith((" AM Manila", " PM Manila")) for label in labels)  # the CRM's "Your time"
        window.clock_action.trigger()
        assert window.clock_action.isChecked() and SETTER_CLOCK.hours24
        assert store.load().clock_24h is True
        again = window.slot_view.slot_model.days()[0].rows[0]
        assert "AM" not in again.setter_text and "PM" not in again.setter_text, again.setter_text
        assert again.lead_text == row.lead_text  # the lead's stay on the US clock
        shown = window.slot_view.topLevelItem(0).child(0).text(1)
        assert "AM" not in shown and "PM" not in shown and ":" in shown
        facts = window.editor.findChildren(type(window.phone_hint))
        assert not any(label.text().endswith((" AM Manila", " PM Manila")) for label in facts), (
            "the CRM facts' 'Your time' follows the clock"
        )
        window.clock_action.trigger()
        assert store.load().clock_24h is False and not SETTER_CLOCK.hours24
        assert window.slot_view.slot_model.days()[0].rows[0].setter_text == row.setter_text
    finally:
        close(qtbot, window)

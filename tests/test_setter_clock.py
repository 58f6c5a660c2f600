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
from tests.test_main_window import build_window, close, look_up

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
    window = build_window(qtbot, sim, settings=Settings(), settings_store=store, setter_zone=MANILA)
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
        assert window.statusBar().currentMessage() == "Your times are now on the 24-hour clock"
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
        assert window.statusBar().currentMessage() == "Your times are now on the 12-hour clock (AM/PM)"
        assert window.slot_view.slot_model.days()[0].rows[0].setter_text == row.setter_text
    finally:
        close(qtbot, window)


@pytest.mark.parametrize(
    ("name", "label", "weekday"),
    [("es_MX", "mar, 8 de dic", "mar"), ("en_GB", "Tue, 8 Dec", "Tue"), ("de_DE", "Di., 8. Dez.", "Di.")],
)
def test_days_read_in_the_setters_locale(name: str, label: str, weekday: str) -> None:
    from hsconsole.ui.language import day_words

    words = day_words(QLocale(name))
    assert words is not None
    day = date(2026, 12, 8)
    assert (words[0](day), words[1](day)) == (label, weekday)
    assert words[2](day, True).endswith("2026") and "2026" not in words[2](day, False)
    assert weekday not in words[2](day, True)  # a date without its weekday (a created date, a log line)
    assert day_words(QLocale("en_US")) is None  # the console's own words


def test_the_window_language_decides_whose_day_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from hsconsole.ui import language

    monkeypatch.setattr(language, "running_language", lambda: "en")
    assert language.day_locale(QLocale("en_GB")).name() == "en_GB"  # the territory's order, the window's words
    assert language.day_locale(QLocale("es_MX")).name() == "en_US"  # an English window: English days
    monkeypatch.setattr(language, "running_language", lambda: "es")
    assert language.day_locale(QLocale("es_CO")).name() == "es_CO"
    assert language.day_locale(QLocale("en_US")).language() == QLocale.Language.Spanish


def test_a_spanish_desk_reads_its_days_in_spanish_and_the_leads_times_stay(
    qtbot: QtBot, sim: SimServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hsconsole.ui import language

    monkeypatch.setattr(language, "day_locale", lambda system=None: QLocale("es_MX"))
    window = build_window(qtbot, sim, setter_zone=MANILA)
    try:
        look_up(qtbot, window, DEMO_PHONES["los_angeles_booked"])
        days = window.slot_view.slot_model.days()
        spanish = {"lun", "mar", "mié", "jue", "vie", "sáb", "dom"}
        assert all(d.label.split(",")[0] in spanish and " de " in d.label for d in days), [d.label for d in days]
        other_day = next(r for d in days for r in d.rows if r.setter_text.split(" ")[0] in spanish)
        assert "AM" in other_day.lead_text or "PM" in other_day.lead_text  # the lead's clock as the US reads it
    finally:
        close(qtbot, window)

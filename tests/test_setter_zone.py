"""The setter's own time zone as a setting: chosen by city in Settings ▸ My time zone, kept, shown in the
status bar, used at once; IT's environment variable still wins."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hsconsole.domain.zones import city_of, offset_text, zone_choices
from hsconsole.services.settings import Settings
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.settings import SettingsStore
from hsconsole.ui import zone as zone_module
from hsconsole.ui.geometry import MIN_USEFUL
from hsconsole.ui.main_window import MainWindow
from hsconsole.ui.zone import setter_zone, zone_source
from hsconsole.ui.zone_dialog import ZoneDialog
from tests.helpers import fast_transport, make_console
from tests.test_main_window import close, look_up

MANILA = "Asia/Manila"
WINTER = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def no_it_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HSCONSOLE_SETTER_TZ", raising=False)
    monkeypatch.setattr(zone_module, "computer_zone", lambda: "America/Chicago")
    monkeypatch.setattr("hsconsole.ui.zone_dialog.computer_zone", lambda: "America/Chicago")


def test_zones_read_by_city_and_offset() -> None:
    assert city_of("America/Argentina/Buenos_Aires") == "Buenos Aires" and city_of("UTC") == "UTC"
    assert offset_text(WINTER, MANILA) == "UTC+8"
    assert offset_text(WINTER, "America/Bogota") == "UTC-5"
    assert offset_text(WINTER, "Asia/Kolkata") == "UTC+5:30"
    assert offset_text(WINTER, "America/St_Johns") == "UTC-3:30"
    assert offset_text(WINTER, "Europe/London") == "UTC"
    choices = zone_choices()
    assert choices[0].name == "UTC"
    names = {c.name for c in choices}
    assert {"Asia/Manila", "America/Sao_Paulo", "Pacific/Honolulu", "America/Phoenix"} <= names
    assert not any(n.startswith(("US/", "Etc/")) for n in names)  # old aliases are not offered
    assert [c.name for c in choices if c.matches("sao paulo")] == ["America/Sao_Paulo"]
    assert "Asia/Calcutta" not in names and "Australia/ACT" not in names  # old names of a zone are not listed
    labels = [(c.city, c.region) for c in choices]
    assert len(labels) == len(set(labels))  # no two rows read alike
    assert [c.name for c in choices if c.matches("calcutta")] == ["Asia/Kolkata"]  # but an old name finds it
    assert [c.name for c in choices if c.matches("kiev")] == ["Europe/Kyiv"]
    assert [c.name for c in choices if c.matches("saigon")] == ["Asia/Ho_Chi_Minh"]


def test_whose_zone_it_is(monkeypatch: pytest.MonkeyPatch, no_it_zone: None) -> None:
    assert setter_zone("") == "America/Chicago" and zone_source("") == "this computer's"
    assert setter_zone(MANILA) == MANILA and zone_source(MANILA) == "your choice"
    assert setter_zone("Not/AZone") == "America/Chicago"
    monkeypatch.setenv("HSCONSOLE_SETTER_TZ", "America/Bogota")  # IT's word is last
    assert setter_zone(MANILA) == "America/Bogota" and zone_source(MANILA) == "set by IT"


def test_the_dialog_finds_a_city_as_it_is_typed_and_enter_chooses_it(qtbot: QtBot, no_it_zone: None) -> None:
    dialog = ZoneDialog("", now=WINTER)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.choice() == ""  # this computer's, until another is chosen
    assert "Chicago" in dialog.list.currentItem().text()
    assert not dialog.it_note.isVisible()
    qtbot.keyClicks(dialog.search, "manila")
    assert dialog.choice() == MANILA
    assert dialog.list.currentItem().text() == "Manila (Asia) · UTC+8"
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "america")
    first = dialog.choice()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)  # the arrows move in the list while typing
    assert dialog.choice() not in (first, None)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)


def test_a_zone_chosen_by_an_old_name_is_its_zones_row(qtbot: QtBot, no_it_zone: None) -> None:
    dialog = ZoneDialog("Asia/Calcutta", now=WINTER)
    qtbot.addWidget(dialog)
    assert dialog.choice() == "Asia/Kolkata"
    assert dialog.list.currentItem().text() == "Kolkata (Asia) · UTC+5:30"


def test_the_dialog_says_when_it_set_the_desks_zone(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, no_it_zone: None
) -> None:
    monkeypatch.setenv("HSCONSOLE_SETTER_TZ", "America/Bogota")
    dialog = ZoneDialog(MANILA, now=WINTER)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.it_note.isVisible() and "Bogota" in dialog.it_note.text()
    assert dialog.choice() == MANILA  # the setter's own choice stays chosen


def test_the_choice_is_kept_in_the_settings_file(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(setter_zone=MANILA))
    assert store.load().setter_zone == MANILA
    raw = json.loads((tmp_path / "settings.json").read_text())
    raw["setter_zone"] = "Mars/Olympus_Mons"
    (tmp_path / "settings.json").write_text(json.dumps(raw))
    again = SettingsStore(tmp_path / "settings.json")
    loaded = again.load()
    assert loaded.setter_zone == ""  # a zone nobody knows: this computer's, and the setter is told
    assert again.problem is not None and "your time zone" in again.problem


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


def test_choosing_a_zone_shows_your_times_in_it_at_once_and_keeps_it(
    qtbot: QtBot, sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_it_zone: None
) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = store.load()
    console = make_console(sim.url, sim.state.token, fast_transport())
    window = MainWindow(console, settings=settings, settings_store=store, mode_text="DEMO")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert window.setter_zone == "America/Chicago"
        assert window.zone_label.text().startswith("Your time: Chicago (UTC-")
        look_up(qtbot, window, DEMO_PHONES["los_angeles_booked"])
        row = window.slot_view.selected_row() or window.slot_view.slot_model.days()[0].rows[0]
        chicago_text = row.setter_text
        monkeypatch.setattr("hsconsole.ui.zone_dialog.choose_zone", lambda chosen, parent=None: MANILA)
        window.zone_action.trigger()
        assert window.setter_zone == MANILA
        assert window.zone_label.text() == f"Your time: Manila ({offset_text(datetime.now(UTC), MANILA)})"
        assert "your choice" in window.zone_label.toolTip()
        again = next(r for d in window.slot_view.slot_model.days() for r in d.rows if r.block_id == row.block_id)
        manila = again.start.astimezone(ZoneInfo(MANILA))
        assert again.setter_text != chicago_text
        assert again.setter_text.split(" – ")[0].endswith(f"{manila:%-I:%M %p}")  # the block's start, in Manila
        header = window.slot_view.headerItem()
        assert (header.text(0), header.text(1)) == ("Lead's time (Los Angeles)", "Your time (Manila)")
        assert again.lead_text.endswith(" Los Angeles") and again.setter_text.endswith(" Manila")  # PST and PST
        assert SettingsStore(tmp_path / "settings.json").load().setter_zone == MANILA
        window.resize(*MIN_USEFUL)  # both zones named by city, on the smallest window a 1366×768 screen opens
        qtbot.waitUntil(lambda: (window.width(), window.height()) == MIN_USEFUL)
        view = window.slot_view
        sizes = [view.header().sectionSize(c) for c in range(4)]
        assert view.horizontalScrollBar().maximum() == 0, sizes  # every column, the marks too, in view
        marks = view.fontMetrics().horizontalAdvance("● current")
        assert sizes[3] >= marks, sizes
        shown = view.currentItem()  # the cells leave out the city their header names; the row's summary keeps it
        assert shown is not None and view.selected_row() is not None
        chosen = view.selected_row()
        assert shown.text(0) == chosen.lead_text.removesuffix(" Los Angeles") != chosen.lead_text
        assert shown.text(1) == chosen.setter_text.removesuffix(" Manila") != chosen.setter_text
        assert "Los Angeles" in chosen.summary and "Manila" in chosen.summary
        look_up(qtbot, window, "801 555 0000")  # not in the CRM: nothing of Los Angeles stays over the calendar
        assert (header.text(0), header.text(1)) == ("Lead's time", "Your time")
    finally:
        close(qtbot, window)


@pytest.mark.parametrize(
    ("lead", "setter", "lead_name", "setter_name"),
    [
        ("America/Los_Angeles", "Asia/Manila", "Los Angeles", "Manila"),  # PST and PST
        ("America/Chicago", "Asia/Shanghai", "Chicago", "Shanghai"),  # CST and CST
        ("America/New_York", "Asia/Kolkata", "EST", "IST"),  # different letters: both clear
        ("America/Denver", "America/Sao_Paulo", "MST", "Sao Paulo"),  # "-03" is an offset, not a name
        ("Pacific/Honolulu", "UTC", "HST", "UTC"),  # a remote desktop in UTC
        ("America/Phoenix", "America/Bogota", "MST", "Bogota"),
    ],
)
def test_two_different_zones_never_read_alike_in_the_calendar(
    lead: str, setter: str, lead_name: str, setter_name: str
) -> None:
    from datetime import date

    from hsconsole.api.heavyset.models import TimeSlots
    from hsconsole.services.calendar import build_calendar

    slots = TimeSlots.model_validate(
        {
            "timeZone": lead,
            "slots": [
                {
                    "blockId": "b1",
                    "appointmentDate": date(2026, 12, 9).isoformat(),
                    "startTime": "3:00 PM",
                    "endTime": "5:00 PM",
                    "availableSlots": 2,
                }
            ],
        }
    )
    row = build_calendar(slots, setter)[0].rows[0]
    assert row.lead_text.startswith("3:00 PM – 5:00 PM") and row.lead_text.endswith(" " + lead_name)
    assert row.setter_text.endswith(" " + setter_name), row.setter_text

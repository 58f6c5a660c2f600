"""The agents-and-teams picker of the send-link dialog, alone: filtering, checking, the chosen line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListWidgetItem
from pytestqt.qtbot import QtBot

from hsconsole.api.timezest.models import Agent, Team
from hsconsole.services.scheduling import Resource
from hsconsole.ui.resource_picker import RESOURCE_ROLE, ResourcePicker, kind_icon, resource_label

JORDAN = Agent(id="agnt_jordan", name="Jordan Blake", schedulable=True)
MORGAN = Agent(id="agnt_morgan", name="Morgan Reyes", schedulable=True)
RILEY = Agent(id="agnt_riley", name="Riley Okoro", schedulable=True)
SOLAR = Team(id="team_solar", internal_name="Solar Advisors")
ROOF = Team(id="team_roof", internal_name="Roof Crew")
EVERYONE: list[Resource] = [JORDAN, MORGAN, RILEY, SOLAR, ROOF]


@pytest.fixture
def picker(qtbot: QtBot) -> ResourcePicker:
    made = ResourcePicker()
    qtbot.addWidget(made)
    made.set_resources(EVERYONE)
    with qtbot.waitExposed(made):
        made.show()
    return made


def shown(picker: ResourcePicker) -> list[str]:
    return [r.id for r in picker.visible_resources()]


def chosen(picker: ResourcePicker) -> list[str]:
    return [r.id for r in picker.chosen_resources()]


def test_labels_and_icons_tell_agents_from_teams(qapp: QApplication) -> None:
    assert resource_label(JORDAN) == "Jordan Blake"
    assert resource_label(SOLAR) == "Solar Advisors (team)"
    agent = kind_icon("agent", QColor("black"), ratio=2.0).pixmap(16, 16).toImage()
    team = kind_icon("team", QColor("black"), ratio=2.0).pixmap(16, 16).toImage()
    assert not agent.isNull() and agent != team


def test_the_icons_take_the_text_colour_when_the_system_turns_dark(
    qapp: QApplication, qtbot: QtBot, picker: ResourcePicker
) -> None:
    def ink(item: QListWidgetItem) -> set[str]:
        image = item.icon().pixmap(16, 16).toImage()
        pixels = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
        return {c.name() for c in pixels if c.alpha() == 255}

    light = QPalette(qapp.palette())
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#ffffff"))
    assert ink(picker.resource_items()[0]) == {light.color(QPalette.ColorRole.Text).name()}
    try:
        qapp.setPalette(dark)
        qtbot.waitUntil(lambda: all(ink(item) == {"#ffffff"} for item in picker.resource_items()), timeout=2000)
    finally:
        qapp.setPalette(light)
    qtbot.waitUntil(lambda: ink(picker.resource_items()[0]) == {light.color(QPalette.ColorRole.Text).name()})


def test_every_row_has_its_name_and_kind_in_full_in_its_tooltip(picker: ResourcePicker) -> None:
    long_name = Agent(id="agnt_long", name="Alexandra Konstantinopoulou-Vandenberghe of the Northern Territories")
    picker.set_resources([JORDAN, long_name, SOLAR])
    assert [item.toolTip() for item in picker.resource_items()] == [
        "Jordan Blake (agent)",
        "Alexandra Konstantinopoulou-Vandenberghe of the Northern Territories (agent)",
        "Solar Advisors (team)",
    ]


def test_the_filter_narrows_by_every_word_of_name_or_kind(qtbot: QtBot, picker: ResourcePicker) -> None:
    qtbot.keyClicks(picker.resource_filter, "SOLAR")
    assert shown(picker) == [SOLAR.id]
    picker.resource_filter.clear()
    qtbot.keyClicks(picker.resource_filter, "team r")
    assert shown(picker) == [SOLAR.id, ROOF.id]  # both words, anywhere in "name kind"
    picker.resource_filter.clear()
    qtbot.keyClicks(picker.resource_filter, "agent o")
    assert shown(picker) == [JORDAN.id, MORGAN.id, RILEY.id]
    assert not picker.no_match_label.isVisibleTo(picker)
    picker.resource_filter.clear()
    qtbot.keyClicks(picker.resource_filter, "nobody")
    assert shown(picker) == []
    assert (
        picker.no_match_label.isVisibleTo(picker)
        and picker.no_match_label.text() == "No agent or team matches “nobody”."
    )
    picker.resource_filter.clear()
    assert shown(picker) == [r.id for r in EVERYONE] and not picker.no_match_label.isVisibleTo(picker)


def selected(picker: ResourcePicker) -> list[str]:
    return [item.data(RESOURCE_ROLE).id for item in picker.resource_list.selectedItems()]


def current(picker: ResourcePicker) -> str | None:
    item = picker.resource_list.currentItem()
    return None if item is None else item.data(RESOURCE_ROLE).id


def test_the_filter_keeps_the_selection_on_a_row_it_shows(qtbot: QtBot, picker: ResourcePicker) -> None:
    assert current(picker) is None and selected(picker) == []  # nothing highlighted until the setter acts
    qtbot.keyClicks(picker.resource_filter, "team")
    assert current(picker) == SOLAR.id and selected(picker) == [SOLAR.id]  # the first match
    picker.resource_list.setCurrentRow(4)  # Roof Crew
    picker.resource_filter.clear()
    qtbot.keyClicks(picker.resource_filter, "r")  # Roof Crew still shown: the selection stays there
    assert current(picker) == ROOF.id and selected(picker) == [ROOF.id]
    picker.resource_filter.clear()
    qtbot.keyClicks(picker.resource_filter, "agent")  # Roof Crew hidden: the first agent instead
    assert current(picker) == JORDAN.id and selected(picker) == [JORDAN.id]
    picker.resource_filter.clear()
    qtbot.keyClicks(picker.resource_filter, "nobody")
    assert current(picker) is None and selected(picker) == []
    picker.resource_filter.clear()
    assert current(picker) is None  # clearing the filter highlights nothing by itself


def test_space_in_the_list_never_turns_over_a_hidden_box(qtbot: QtBot, picker: ResourcePicker) -> None:
    listing = picker.resource_list
    listing.setCurrentRow(0)  # Jordan Blake
    qtbot.keyClicks(picker.resource_filter, "solar")
    listing.setFocus()
    qtbot.keyClick(listing, Qt.Key.Key_Space)
    assert chosen(picker) == [SOLAR.id]
    qtbot.keyClick(listing, Qt.Key.Key_Return)
    assert chosen(picker) == []
    picker.resource_filter.clear()
    qtbot.keyClicks(picker.resource_filter, "nobody")
    qtbot.keyClick(listing, Qt.Key.Key_Space)
    qtbot.keyClick(listing, Qt.Key.Key_Return)
    assert chosen(picker) == []


def test_a_long_paste_that_matches_nothing_is_said_short_and_in_full_in_the_tooltip(picker: ResourcePicker) -> None:
    narrow = picker.minimumSizeHint().width()
    pasted = "Konstantinopoulou-Vandenberghe-" * 10
    picker.resource_filter.setText(pasted)
    assert picker.no_match_label.text() == f"No agent or team matches “{pasted[:39]}…”."
    assert picker.no_match_label.toolTip() == f"No agent or team matches “{pasted}”."
    assert picker.minimumSizeHint().width() < narrow + 400  # the dialog is not pushed past the screen
    picker.resource_filter.setText("nobody")
    assert (
        picker.no_match_label.text() == "No agent or team matches “nobody”." and picker.no_match_label.toolTip() == ""
    )


def test_an_empty_list_is_not_said_to_have_no_match(qtbot: QtBot) -> None:
    empty = ResourcePicker()
    qtbot.addWidget(empty)
    empty.apply_filter("jordan")
    assert not empty.no_match_label.isVisibleTo(empty) and empty.no_match_label.text() == ""


def test_enter_in_the_filter_checks_the_only_match_and_nothing_when_several(
    qtbot: QtBot, picker: ResourcePicker
) -> None:
    qtbot.keyClicks(picker.resource_filter, "o")  # all five match
    qtbot.keyClick(picker.resource_filter, Qt.Key.Key_Return)
    assert chosen(picker) == []
    picker.resource_filter.clear()
    qtbot.keyClicks(picker.resource_filter, "riley")
    with qtbot.waitSignal(picker.choice_changed, timeout=1000):
        qtbot.keyClick(picker.resource_filter, Qt.Key.Key_Return)
    assert chosen(picker) == [RILEY.id]
    qtbot.keyClick(picker.resource_filter, Qt.Key.Key_Return)  # Enter again leaves it checked
    assert chosen(picker) == [RILEY.id]
    picker.resource_filter.clear()
    qtbot.keyClicks(picker.resource_filter, "nobody")
    qtbot.keyClick(picker.resource_filter, Qt.Key.Key_Return)
    assert chosen(picker) == [RILEY.id]


def test_enter_or_a_double_click_on_a_row_turns_its_box_over(qtbot: QtBot, picker: ResourcePicker) -> None:
    listing = picker.resource_list
    listing.setFocus()
    listing.setCurrentRow(3)  # Solar Advisors
    qtbot.keyClick(listing, Qt.Key.Key_Return)
    assert chosen(picker) == [SOLAR.id]
    qtbot.keyClick(listing, Qt.Key.Key_Return)
    assert chosen(picker) == []
    centre = listing.visualItemRect(listing.item(1)).center()
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a click on the name only selects
    assert chosen(picker) == [] and listing.currentRow() == 1
    qtbot.mouseDClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # its second press
    assert chosen(picker) == [MORGAN.id]


def test_the_choice_survives_the_filter_and_a_new_list(qtbot: QtBot, picker: ResourcePicker) -> None:
    changes: list[None] = []
    picker.choice_changed.connect(lambda: changes.append(None))
    picker.set_chosen([ROOF.id, JORDAN.id, "agnt_gone"])
    assert chosen(picker) == [JORDAN.id, ROOF.id]  # in list order; an unknown id is ignored
    assert picker.chosen_label.text() == "Chosen: Jordan Blake, Roof Crew (team)"
    assert len(changes) == 2  # one per box turned over
    qtbot.keyClicks(picker.resource_filter, "morgan")
    assert chosen(picker) == [JORDAN.id, ROOF.id]  # hidden, still chosen

    picker.set_resources([ROOF, MORGAN, SOLAR])  # read again: Jordan is no longer offered
    assert chosen(picker) == [ROOF.id]
    assert shown(picker) == [MORGAN.id]  # the filter still applies
    assert picker.chosen_label.text() == "Chosen: Roof Crew (team)"
    assert len(changes) == 3
    picker.set_chosen([])
    assert chosen(picker) == [] and picker.chosen_label.text() == "No agent or team chosen yet."


def test_a_locked_picker_keeps_its_choice_readable(qtbot: QtBot, picker: ResourcePicker) -> None:
    picker.set_chosen([JORDAN.id])
    picker.set_locked(True)
    assert not picker.resource_filter.isEnabled() and not picker.resource_list.isEnabled()
    assert picker.chosen_label.isEnabled()
    picker.set_locked(False)
    assert picker.resource_filter.isEnabled() and picker.resource_list.isEnabled()

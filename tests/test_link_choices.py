"""The send-link dialog's smaller choices, alone: the appointment type, how the link reaches the homeowner, and the
days it offers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from hsconsole.services.scheduling import AppointmentType, TriggerMode
from hsconsole.ui.link_choices import AppointmentTypeBox, DayWindow, DeliveryChoice

ROOF = AppointmentType(id="apty_roof", internal_name="Roof [field]", external_name="Free Roof Inspection")
SOLAR = AppointmentType(id="apty_solar", internal_name="Solar Savings Consultation", duration_mins=45)
CALL = AppointmentType(id="apty_call", internal_name="Phone", external_name="Follow-up Phone Call", duration_mins=15)


def test_the_type_box_offers_display_names_and_keeps_the_choice_when_read_again(qtbot: QtBot) -> None:
    box = AppointmentTypeBox()
    qtbot.addWidget(box)
    assert box.current_type() is None
    changes: list[int] = []
    box.currentIndexChanged.connect(changes.append)
    box.set_types([ROOF, SOLAR])
    assert [box.itemText(i) for i in range(box.count())] == ["Free Roof Inspection", "Solar Savings Consultation"]
    tips = [box.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(box.count())]
    assert tips == ["Free Roof Inspection · Roof [field]", "Solar Savings Consultation · 45 min"]
    assert box.current_type() == ROOF and box.toolTip() == tips[0]  # the whole name, should the box cut it short
    box.setCurrentIndex(1)
    assert box.current_type() == SOLAR and changes == [1] and box.toolTip() == tips[1]
    box.set_types([CALL, SOLAR])  # read again: still Solar, and no change to react to
    assert box.current_type() == SOLAR and box.currentText() == "Solar Savings Consultation" and changes == [1]
    assert box.itemData(0, Qt.ItemDataRole.ToolTipRole) == "Follow-up Phone Call · Phone · 15 min"
    box.set_types([])
    assert box.current_type() is None and box.count() == 0 and box.toolTip() == ""


def delivery(qtbot: QtBot, email: str, mode: TriggerMode) -> DeliveryChoice:
    made = DeliveryChoice("Marcus Webb", email, mode)
    qtbot.addWidget(made)
    return made


@pytest.mark.parametrize("mode", list(TriggerMode))
def test_the_way_given_is_checked_and_said_without_being_chosen_again(qtbot: QtBot, mode: TriggerMode) -> None:
    choice = delivery(qtbot, "marcus@example.com", mode)
    chosen: list[TriggerMode] = []
    choice.mode_chosen.connect(chosen.append)
    assert choice.trigger_mode() is mode
    assert choice.email_radio.isChecked() is (mode is TriggerMode.POD)
    assert choice.pass_on_radio.isChecked() is (mode is TriggerMode.GENERATE_URL)
    assert choice.delivery_label.text() == choice.delivery_text(mode)
    choice.set_trigger_mode(mode)  # already so: nothing to remember
    assert chosen == []


def test_choosing_the_other_way_says_it_and_tells_the_dialog(qtbot: QtBot) -> None:
    choice = delivery(qtbot, "marcus@example.com", TriggerMode.GENERATE_URL)
    chosen: list[TriggerMode] = []
    choice.mode_chosen.connect(chosen.append)
    assert "give it to Marcus Webb yourself" in choice.delivery_label.text()
    choice.email_radio.click()
    assert chosen == [TriggerMode.POD] and choice.trigger_mode() is TriggerMode.POD
    assert choice.delivery_label.text() == (
        "TimeZest sends Marcus Webb the link at marcus@example.com through its own workflow. You need not pass it on."
    )
    choice.set_trigger_mode(TriggerMode.GENERATE_URL)  # as after TimeZest refused to email it
    assert chosen == [TriggerMode.POD, TriggerMode.GENERATE_URL]
    assert "does not email it" in choice.delivery_label.text()


def test_without_an_email_address_the_homeowner_is_named_instead(qtbot: QtBot) -> None:
    choice = delivery(qtbot, "", TriggerMode.POD)
    assert "emails it to the homeowner" in choice.email_radio.text().replace("&", "")
    assert "at their email address" in choice.delivery_label.text()


def test_a_locked_choice_stays_readable(qtbot: QtBot) -> None:
    choice = delivery(qtbot, "marcus@example.com", TriggerMode.POD)
    choice.set_locked(True)
    assert not choice.pass_on_radio.isEnabled() and not choice.email_radio.isEnabled()
    assert choice.delivery_label.isEnabled() and choice.isEnabled()
    choice.set_locked(False)
    assert choice.pass_on_radio.isEnabled() and choice.email_radio.isEnabled()


MONDAY = date(2026, 3, 2)


def test_the_window_is_off_until_ticked_then_two_weeks_from_the_first_day(qtbot: QtBot) -> None:
    window = DayWindow(MONDAY)
    qtbot.addWidget(window)
    assert window.date_window() == (None, None)
    assert not window.earliest_edit.isEnabled() and not window.latest_edit.isEnabled()
    window.window_check.setChecked(True)
    assert window.earliest_edit.isEnabled() and window.latest_edit.isEnabled()
    assert window.date_window() == (MONDAY, MONDAY + timedelta(days=14))
    window.latest_edit.setDate(QDate(2026, 3, 6))
    window.earliest_edit.setDate(QDate(2026, 2, 20))  # before the first day: held at it
    assert window.date_window() == (MONDAY, date(2026, 3, 6))
    window.window_check.setChecked(False)
    assert window.date_window() == (None, None) and not window.earliest_edit.isEnabled()


def test_a_locked_window_keeps_its_days_until_unlocked(qtbot: QtBot) -> None:
    window = DayWindow(MONDAY)
    qtbot.addWidget(window)
    window.window_check.setChecked(True)
    window.set_locked(True)
    assert not window.window_check.isEnabled()
    assert not window.earliest_edit.isEnabled() and not window.latest_edit.isEnabled()
    assert window.date_window() == (MONDAY, MONDAY + timedelta(days=14))  # still offered as chosen
    window.set_locked(False)
    assert window.window_check.isEnabled() and window.earliest_edit.isEnabled() and window.latest_edit.isEnabled()
    window.window_check.setChecked(False)
    window.set_locked(True)
    window.set_locked(False)
    assert window.window_check.isEnabled() and not window.earliest_edit.isEnabled()  # off stays off

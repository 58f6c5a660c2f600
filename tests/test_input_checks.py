"""What a setter types is checked before it is sent: beside the field, after a pause, with Save held back.

The lead editor and the new-lead form, driven with keys; the Alt+letter arrivals in the real window
against the simulator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from hsconsole.domain.checks import latest_home_year
from hsconsole.services.console import EDITABLE_FIELDS, EDITOR_LIMITS, NEW_LEAD_LIMITS
from hsconsole.services.models import ExistingLead
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.ui.editor import LeadEditor
from hsconsole.ui.forms import CHECK_PAUSE_MS
from hsconsole.ui.main_window import MainWindow
from hsconsole.ui.new_lead import FIELDS, NewLeadForm
from tests.test_main_window import build_window, close, look_up

DENVER = DEMO_PHONES["denver_booked"]
LEAD = {
    "phone": "+18015551234",
    "name": "Jane Doe",
    "address1": "123 Main St",
    "city": "Denver",
    "zip": "80202",
    "countryAlpha2": "US",
    "email": "jane@example.com",
}


@pytest.fixture
def editor(qtbot: QtBot) -> LeadEditor:
    widget = LeadEditor("America/New_York")
    qtbot.addWidget(widget)
    widget.load(ExistingLead.model_validate(LEAD))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def form(qtbot: QtBot) -> NewLeadForm:
    widget = NewLeadForm()
    qtbot.addWidget(widget)
    widget.start("(303) 555-2077", "New caller")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def shown(widget: Any, name: str) -> str:
    label = widget.errors[name]
    return str(label.text()) if label.isVisibleTo(widget) else ""


def wait_checked(qtbot: QtBot, widget: Any) -> None:
    qtbot.waitUntil(lambda: not widget.live.pending(), timeout=CHECK_PAUSE_MS * 4)


@pytest.mark.parametrize("typed", ["jane@@example", "jane@@examplejane at example dot com", "jane@example", "jane"])
def test_a_wrong_email_is_said_beside_it_after_a_pause_and_holds_save_back(
    qtbot: QtBot, editor: LeadEditor, typed: str
) -> None:
    wrong: list[bool] = []
    editor.wrong_changed.connect(wrong.append)
    retype(qtbot, editor.inputs["email"], typed)
    assert shown(editor, "email") == ""  # not while typing
    assert "Not an email address" in editor.problems()["email"]  # yet Save, asked now, is refused
    wait_checked(qtbot, editor)
    assert "Not an email address" in shown(editor, "email")
    assert wrong == [True]

    retype(qtbot, editor.inputs["email"], "jane.doe@example.com")
    wait_checked(qtbot, editor)
    assert shown(editor, "email") == "" and editor.problems() == {}
    assert wrong == [True, False]
    assert editor.edits() == {"email": "jane.doe@example.com"}


def test_leaving_a_field_checks_it_at_once(qtbot: QtBot, editor: LeadEditor) -> None:
    retype(qtbot, editor.inputs["zip"], "7520675204")
    qtbot.keyClick(editor.inputs["zip"], Qt.Key.Key_Tab)
    assert "A US ZIP is 5 digits" in shown(editor, "zip")


@pytest.mark.parametrize(
    ("typed", "wrong"),
    [("75206", False), ("75206-1234", False), ("7520675204", True), ("7520A", True), ("75206-12", True)],
)
def test_a_us_zip_is_five_digits_or_zip_plus_four(qtbot: QtBot, editor: LeadEditor, typed: str, wrong: bool) -> None:
    retype(qtbot, editor.inputs["zip"], typed)
    wait_checked(qtbot, editor)
    assert ("zip" in editor.problems()) is wrong
    assert bool(shown(editor, "zip")) is wrong


def test_a_lead_outside_the_us_keeps_its_own_postal_code(qtbot: QtBot, editor: LeadEditor) -> None:
    editor.load(ExistingLead.model_validate({**LEAD, "zip": "M5V 2T6", "countryAlpha2": "CA", "city": "Toronto"}))
    retype(qtbot, editor.inputs["zip"], "V6B 1A1")
    wait_checked(qtbot, editor)
    assert editor.problems() == {} and shown(editor, "zip") == ""
    assert editor.inputs["city"].text() == "Toronto"  # no US city put in
    # no country in the CRM: the phone number's region decides (+1 604 is Canada)
    editor.load(ExistingLead.model_validate({**LEAD, "phone": "+16045550123", "countryAlpha2": "", "zip": ""}))
    retype(qtbot, editor.inputs["zip"], "V6B 1A1")
    assert editor.problems() == {}


@pytest.mark.parametrize(
    ("typed", "wrong"),
    [("1998", False), ("1600", False), (str(latest_home_year()), False), ("1599", True), ("2200", True), ("98", True)],
)
def test_the_home_year_is_from_1600_to_next_year(qtbot: QtBot, editor: LeadEditor, typed: str, wrong: bool) -> None:
    retype(qtbot, editor.inputs["home_year"], typed)
    assert editor.inputs["home_year"].text() == typed  # kept as typed, said beside it
    wait_checked(qtbot, editor)
    assert ("home_year" in editor.problems()) is wrong
    assert ("from 1600 to" in shown(editor, "home_year")) is wrong


def test_a_value_from_heavyset_left_as_it_was_is_not_judged(qtbot: QtBot, editor: LeadEditor) -> None:
    editor.load(ExistingLead.model_validate({**LEAD, "email": "jane@@example", "zip": "7520675204"}))
    editor.comment.setText("note")
    assert editor.problems() == {}


def test_a_changed_zip_fills_in_its_city_unless_the_setter_typed_one(qtbot: QtBot, editor: LeadEditor) -> None:
    retype(qtbot, editor.inputs["zip"], "84101")
    wait_checked(qtbot, editor)
    assert editor.inputs["city"].text() == "Salt Lake City"
    assert editor.edits() == {"zip": "84101", "city": "Salt Lake City"}
    retype(qtbot, editor.inputs["zip"], "80202")  # back to the lead's own: its city comes back
    wait_checked(qtbot, editor)
    assert editor.inputs["city"].text() == "Denver" and not editor.is_dirty()

    retype(qtbot, editor.inputs["city"], "Lakewood")
    retype(qtbot, editor.inputs["zip"], "84101")
    wait_checked(qtbot, editor)
    assert editor.inputs["city"].text() == "Lakewood"


def test_a_server_refusal_stays_beside_its_field_until_that_field_is_typed_in(qtbot: QtBot, editor: LeadEditor) -> None:
    retype(qtbot, editor.inputs["zip"], "99999")
    assert editor.show_field_errors({"zip": "zip must be a valid US ZIP code", "": "loose"}) == ["loose"]
    retype(qtbot, editor.inputs["first_name"], "Janet")
    wait_checked(qtbot, editor)
    assert "zip must be a valid US ZIP code" in shown(editor, "zip")
    retype(qtbot, editor.inputs["zip"], "80203")
    wait_checked(qtbot, editor)
    assert shown(editor, "zip") == ""


def test_every_text_field_of_both_forms_has_the_request_models_limit(qtbot: QtBot, editor: LeadEditor) -> None:
    text_fields = set(EDITABLE_FIELDS) - {"opt_out_phone", "tcpa_flag", "home_year"}
    assert text_fields | {"comment"} <= EDITOR_LIMITS.keys()
    assert {name for name, _ in FIELDS} - {"phone"} <= NEW_LEAD_LIMITS.keys()
    assert NEW_LEAD_LIMITS["zip"] == EDITOR_LIMITS["zip"] == 10
    assert NEW_LEAD_LIMITS["email"] == EDITOR_LIMITS["email"] == 254
    retype(qtbot, editor.inputs["email"], "j" * 250 + "@example.com")
    assert "this field takes at most 254" in editor.problems()["email"]


def test_the_new_lead_form_checks_as_typed_and_shows_the_zips_place(qtbot: QtBot, form: NewLeadForm) -> None:
    wrong: list[bool] = []
    form.wrong_changed.connect(wrong.append)
    retype(qtbot, form.inputs["email"], "jane@@example")
    retype(qtbot, form.inputs["zip"], "84101")
    wait_checked(qtbot, form)
    assert "Not an email address" in shown(form, "email") and wrong == [True]
    assert form.place.text() == "Salt Lake City, UT"
    retype(qtbot, form.inputs["email"], "jane@example.com")
    retype(qtbot, form.inputs["zip"], "8410A")
    wait_checked(qtbot, form)
    assert shown(form, "email") == "" and "A US ZIP is 5 digits" in shown(form, "zip")
    assert form.place.text() == "—"
    retype(qtbot, form.inputs["phone"], "+1 604 555 0123")  # a Canadian caller: a Canadian postal code
    retype(qtbot, form.inputs["zip"], "V6B 1A1")
    wait_checked(qtbot, form)
    assert form.problems() == {} and wrong[0] is True and wrong[-1] is False
    retype(qtbot, form.inputs["phone"], "(801) 555-12")
    assert "too short" in form.problems()["phone"]


def test_consent_boxes_start_unticked_and_are_reached_by_keys(qtbot: QtBot, form: NewLeadForm) -> None:
    assert not form.consent().given
    for name, hint in (("tcpa", "no field for it"), ("opt_in", "written in the lead's notes")):
        assert not form.consents[name].isChecked()
        assert hint in form.findChild(type(form.place), f"new_{name}_hint").text()
    form.activateWindow()
    form.inputs["first_name"].setFocus()
    qtbot.keyClick(form.inputs["first_name"], Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert form.consents["tcpa"].isChecked()  # at once: not a click "animated" for 100 ms, which the next key beat
    assert QApplication.focusWidget() is form.consents["tcpa"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert form.consent().tcpa and form.consent().opt_in
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert not form.consent().tcpa  # the same key takes it back
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    form.set_locked(True)
    assert not form.consents["tcpa"].isEnabled()
    form.start("(303) 555-2078", "Next caller")
    assert not form.consent().given and form.consents["tcpa"].isEnabled()


# ---------------------------------------------------------------- arriving in a field


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    with SimServer() as sim:
        win = build_window(qtbot, sim)
        look_up(qtbot, win, DENVER)
        win.activateWindow()
        yield win
        close(qtbot, win)


def alt(qtbot: QtBot, letter: Qt.Key) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, letter, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(10)  # the selection is made once Qt has handled the arrival


def test_alt_letter_selects_the_whole_field_so_typing_replaces_it(qtbot: QtBot, window: MainWindow) -> None:
    zip_edit = window.editor.inputs["zip"]
    assert zip_edit.text() == "80202"
    zip_edit.setFocus(Qt.FocusReason.MouseFocusReason)
    zip_edit.setSelection(0, 2)  # a part selected by hand earlier
    window.editor.inputs["city"].setFocus(Qt.FocusReason.MouseFocusReason)
    alt(qtbot, Qt.Key.Key_Z)
    assert QApplication.focusWidget() is zip_edit and zip_edit.selectedText() == "80202"
    qtbot.keyClicks(zip_edit, "75204")
    assert zip_edit.text() == "75204"

    zip_edit.setCursorPosition(5)  # already in the field: Alt+Z selects it all again
    alt(qtbot, Qt.Key.Key_Z)
    qtbot.keyClicks(zip_edit, "75206")
    assert zip_edit.text() == "75206"

    qtbot.keyClick(window.editor.inputs["city"], Qt.Key.Key_Tab)  # Tab too
    window.editor.inputs["street_address"].setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClick(window.editor.inputs["street_address"], Qt.Key.Key_Tab)
    qtbot.wait(10)
    city = window.editor.inputs["city"]
    assert QApplication.focusWidget() is city and city.selectedText() == city.text()


def test_the_window_holds_save_back_while_a_field_is_wrong_and_sends_nothing(qtbot: QtBot, window: MainWindow) -> None:
    email = window.editor.inputs["email"]
    retype(qtbot, email, "jane@@example")
    qtbot.waitUntil(lambda: window.editor.is_dirty() and not window.save_button.isEnabled(), timeout=3000)
    assert window.revert_button.isEnabled() and not window.save_action.isEnabled()
    wait_checked(qtbot, window.editor)
    assert "email" in shown(window.editor, "email").lower()
    window.save()  # Ctrl+S anyway: refused here, nothing leaves
    assert "a field needs fixing" in window.banner.text()
    assert not window.tasks.busy("save")
    retype(qtbot, email, "jane.doe@example.com")
    qtbot.waitUntil(lambda: window.save_button.isEnabled(), timeout=3000)


def test_the_new_lead_form_waits_for_a_right_zip_before_create(qtbot: QtBot, window: MainWindow) -> None:
    window.start_new_lead()
    form = window.new_lead_form
    retype(qtbot, form.inputs["zip"], "80A02")
    qtbot.waitUntil(lambda: not form.create_button.isEnabled(), timeout=3000)
    retype(qtbot, form.inputs["zip"], "80202")
    qtbot.waitUntil(lambda: form.create_button.isEnabled(), timeout=3000)


def test_enter_on_a_consent_box_creates_the_lead_and_enter_on_back_goes_back(qtbot: QtBot, form: NewLeadForm) -> None:
    made: list[bool] = []
    gone: list[bool] = []
    form.submitted.connect(lambda: made.append(True))
    form.cancelled.connect(lambda: gone.append(True))
    tcpa = next(iter(form.consents.values()))
    assert isinstance(tcpa, QCheckBox)
    tcpa.setFocus()
    qtbot.keyClick(tcpa, Qt.Key.Key_Return)
    assert made == [True] and gone == []
    form.cancel_button.setFocus()
    qtbot.keyClick(form.cancel_button, Qt.Key.Key_Return)
    assert made == [True] and gone == [True]

"""Long and odd values: never cut and sent, never a lead that opens already changed.

Qt's line edits cut text beyond 32,767 UTF-16 units without a word (an emoji counts twice). The
lead editor showed a longer value from HeavySet cut, so the lead opened "changed" and a save that
only added a note sent the cut name back. Driven in the real window against the simulator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot

from hsconsole.services.models import ExistingLead
from hsconsole.sim.heavyset.data import DEMO_PHONES, UNKNOWN_PHONE
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.ui.editor import LeadEditor
from hsconsole.ui.forms import FIELD_LIMIT
from hsconsole.ui.main_window import PAGE_LEAD, PAGE_NEW, MainWindow
from tests.helpers import api_requests
from tests.test_main_window import build_window, close, look_up

PHONE = "+18135550999"
DENVER = DEMO_PHONES["denver_booked"]


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


@pytest.fixture
def window(qtbot: QtBot, sim: SimServer) -> Iterator[MainWindow]:
    win = build_window(qtbot, sim)
    yield win
    close(qtbot, win)


def paste(edit: QLineEdit, text: str) -> None:
    """What the setter's Ctrl+V does."""
    QGuiApplication.clipboard().setText(text)
    edit.setFocus()
    edit.selectAll()
    edit.paste()


def save_and_wait(qtbot: QtBot, window: MainWindow) -> None:
    window.save()
    qtbot.waitUntil(lambda: not window.tasks.busy("save"), timeout=8000)


@pytest.mark.parametrize(
    ("name", "held"),
    [
        pytest.param("😀" * FIELD_LIMIT, "", id="32767 emoji: twice as many UTF-16 units as Qt held"),
        pytest.param("Jane " + "D" * (FIELD_LIMIT - 5), "", id="32767 characters"),
        pytest.param("X" * (FIELD_LIMIT + 1), "first_name", id="one character over the limit"),
        pytest.param("Jane " + "D" * 50_000, "last_name", id="50000-character last name"),
    ],
)
def test_a_long_name_opens_unchanged_and_a_note_only_save_sends_only_the_note(
    qtbot: QtBot, window: MainWindow, sim: SimServer, name: str, held: str
) -> None:
    sim.state.add_lead(PHONE, name=name, product="Solar" * 2000)
    look_up(qtbot, window, PHONE)
    editor = window.editor
    assert window.pages.currentIndex() == PAGE_LEAD
    assert not editor.is_dirty() and not window.save_button.isEnabled()
    first, _, last = name.partition(" ")
    for field, value in (("first_name", first), ("last_name", last)):
        edit = editor.inputs[field]
        if field == held:  # shown in part, read-only, and the setter told why
            assert edit.isReadOnly() and len(edit.text()) < 300 and edit.text().endswith("…")
            note = editor.errors[field]
            assert note.isVisibleTo(window)
            assert f"HeavySet holds {len(value):,} characters here" in note.text()
            assert "Saving leaves it as it is" in note.text()
        else:  # the whole value, editable
            assert edit.text() == value and not edit.isReadOnly()
    assert len(editor.title.text()) <= 201
    assert editor.minimumSizeHint().width() < 800  # nor does anything else widen the lead's pane

    editor.comment.setFocus()
    qtbot.keyClicks(editor.comment, "Called back, wants Thursday")
    assert editor.edits() == {"comment": "Called back, wants Thursday"}
    save_and_wait(qtbot, window)
    patches = api_requests(sim, "PATCH", "/phone/update")
    assert [p["body"] for p in patches] == [{"phone": PHONE, "appendComment": "Called back, wants Thursday"}]
    assert sim.state.lead_snapshot(PHONE)["name"] == name  # nothing was cut on the server
    assert not editor.is_dirty()
    if held:  # the answer shows the lead again: still held, still noted
        assert editor.inputs[held].isReadOnly() and editor.errors[held].isVisibleTo(window)


def test_a_held_value_stays_out_of_a_save_of_other_fields(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    long_name = "Q" * 40_000
    sim.state.add_lead(PHONE, name=long_name)
    look_up(qtbot, window, PHONE)
    city = window.editor.inputs["city"]
    city.selectAll()
    qtbot.keyClicks(city, "Brandon")
    assert window.editor.edits() == {"city": "Brandon"}
    save_and_wait(qtbot, window)
    assert [p["body"] for p in api_requests(sim, "PATCH", "/phone/update")] == [{"phone": PHONE, "city": "Brandon"}]
    assert sim.state.lead_snapshot(PHONE)["name"] == long_name


def test_a_paste_longer_than_a_field_is_kept_whole_and_refused_with_a_message(
    qtbot: QtBot, window: MainWindow, sim: SimServer
) -> None:
    look_up(qtbot, window, DENVER)
    editor = window.editor
    pasted = "Janet" + "e" * 40_000
    paste(editor.inputs["first_name"], pasted)
    assert editor.inputs["first_name"].text() == pasted  # not cut at 32,767
    save_and_wait(qtbot, window)
    assert api_requests(sim, "PATCH", "/phone/update") == []
    assert "40,005 characters: this field takes at most 32,767" in editor.errors["first_name"].text()
    assert "Not saved" in window.banner.text() and "Nothing was sent" in window.banner.text()
    assert editor.inputs["first_name"].text() == pasted  # the setter's text is still there to shorten

    editor.inputs["first_name"].setText("Janette")
    editor._edited()
    save_and_wait(qtbot, window)
    assert [p["body"] for p in api_requests(sim, "PATCH", "/phone/update")] == [
        {"phone": DENVER, "firstName": "Janette"}
    ]
    assert not editor.errors["first_name"].isVisibleTo(window)


def test_a_note_longer_than_a_field_is_refused_not_cut(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    paste(window.editor.comment, "n" * (FIELD_LIMIT + 10))
    assert len(window.editor.comment.text()) == FIELD_LIMIT + 10
    save_and_wait(qtbot, window)
    assert api_requests(sim, "PATCH", "/phone/update") == []
    assert f"{FIELD_LIMIT + 10:,} characters" in window.editor.errors["comment"].text()


def test_a_not_qualified_comment_too_long_sends_nothing(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, DENVER)
    qtbot.waitUntil(lambda: window.disposition_combo.count() > 0, timeout=5000)
    window.disposition_combo.setCurrentIndex(0)
    paste(window.disposition_comment, "c" * 40_000)
    window.disqualify()
    qtbot.wait(50)
    assert api_requests(sim, "PATCH", "/phone/update") == []
    assert "40,000 characters" in window.banner.text()
    assert len(window.disposition_comment.text()) == 40_000


def test_the_cancel_note_dialog_takes_no_note_longer_than_a_field(qtbot: QtBot, window: MainWindow) -> None:
    seen: dict[str, Any] = {}

    def type_then_try_ok() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("z" * 40_000)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        seen["kept"] = len(dialog.textValue())
        seen["ok_enabled"] = ok.isEnabled()
        seen["label"] = dialog.labelText()
        dialog.setTextValue("Homeowner rescheduled by phone")
        seen["ok_enabled_after"] = ok.isEnabled()
        ok.click()

    QTimer.singleShot(50, type_then_try_ok)
    note = window._ask_text_dialog("Cancel appointment", "Why?")
    assert seen["kept"] == 40_000
    assert seen["ok_enabled"] is False and "40,000 characters" in seen["label"]
    assert seen["ok_enabled_after"] is True
    assert note == "Homeowner rescheduled by phone"


def test_a_zip_pasted_too_long_is_refused_not_cut(qtbot: QtBot, window: MainWindow, sim: SimServer) -> None:
    look_up(qtbot, window, UNKNOWN_PHONE)  # not found: the new-lead form
    qtbot.waitUntil(lambda: window.pages.currentIndex() == PAGE_NEW, timeout=5000)
    form = window.new_lead_form
    form.inputs["first_name"].setText("Sam")
    paste(form.inputs["zip"], "84101-12345")
    assert form.inputs["zip"].text() == "84101-12345"  # not cut to a wrong, valid-looking 84101-1234
    window.create_lead()
    qtbot.wait(50)
    assert api_requests(sim, "POST", "/lead") == []
    assert "at most 10 characters" in form.errors["zip"].text()
    assert "Nothing was sent" in window.banner.text()


def test_characters_a_text_field_cannot_show_are_held_not_changed(qtbot: QtBot) -> None:
    """A lone surrogate (JSON allows ``\\ud800``) is dropped by a QLineEdit: the value is held instead."""
    editor = LeadEditor("America/New_York")
    qtbot.addWidget(editor)
    lead = ExistingLead.model_validate({"phone": PHONE, "name": "Ana \ud800Lopez", "address1": "1 Main St"})
    editor.load(lead)
    assert not editor.is_dirty()
    assert editor.inputs["last_name"].isReadOnly()
    assert "characters here that a text field cannot show" in editor.errors["last_name"].text()
    assert editor.values()["last_name"] == "\ud800Lopez"
    assert not editor.inputs["first_name"].isReadOnly() and editor.inputs["first_name"].text() == "Ana"
    editor.comment.setText("note")
    assert editor.edits() == {"comment": "note"}

"""Settings ▸ Connectors (Apptoto reminders, TimeZest links), against the simulators over HTTP on 127.0.0.1.

Each test that talks to a service gets its own simulator: Apptoto with its
calendars and address books only (no demo events), TimeZest with its clock
frozen on Monday 2026-03-02 18:00 UTC. The Test buttons run the real
``check_apptoto`` / ``check_timezest``, so what a setter reads is what these
assert.
"""

from __future__ import annotations

import base64
import logging
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget, QWizard, QWizardPage
from pytestqt.qtbot import QtBot

from hsconsole.services.setup import ConnectorCheck
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.serving import AppServer
from hsconsole.sim.timezest.app import create_app
from hsconsole.sim.timezest.state import READ_ONLY_KEY, TimeZestState
from hsconsole.store.secrets import SecretsError
from hsconsole.store.settings import ApptotoSettings, Profile, TimeZestSettings
from hsconsole.ui.connector_keys import KEPT_KEY_PLACEHOLDER, ConnectorChoice, ConnectorsInvalid, clean_key
from hsconsole.ui.connectors_dialog import ConnectorsDialog, ConnectorsPage
from hsconsole.ui.connectors_settings import ConnectorsForm
from tests.helpers import Runner, alt_letters

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
TZ_KEY = "tzk_live_S3cr3tK3yValue0123456789"
CALENDAR = "HeavySet Appointments"
BOOK = "HeavySet Leads"


@pytest.fixture
def apptoto() -> Iterator[ApptotoServer]:
    with ApptotoServer(today=date(2026, 3, 2), demo_data=False) as server:
        yield server


@pytest.fixture
def timezest() -> Iterator[tuple[TimeZestState, str]]:
    state = TimeZestState(TZ_KEY, now=NOW)
    with AppServer(lambda stopping: create_app(state, stopping)) as server:
        yield state, server.url


@pytest.fixture
def closed_url() -> str:
    """An address where nothing listens: a port bound, then let go."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def form(qtbot: QtBot) -> ConnectorsForm:
    widget = ConnectorsForm()
    qtbot.addWidget(widget)
    return widget


def fill_apptoto(
    form: ConnectorsForm, sim: ApptotoServer, *, key: str | None = None, book: str = BOOK, origin: str | None = None
) -> None:
    form.apptoto_box.setChecked(True)
    form.apptoto_email.setText(sim.email)
    form.apptoto_key.setText(sim.api_key if key is None else key)
    form.apptoto_calendar.setText(CALENDAR)
    form.apptoto_address_book.setText(book)
    form.apptoto_origin.setText(origin or sim.url)


def fill_timezest(form: ConnectorsForm, origin: str, key: str = TZ_KEY) -> None:
    form.timezest_box.setChecked(True)
    form.timezest_key.setText(key)
    form.timezest_origin.setText(origin)


def error_text(widget: QWidget, name: str) -> str:
    """The error line under field ``name``, or "" when it is hidden."""
    label = widget.findChild(QLabel, f"{name}_error")
    assert label is not None, name
    return "" if label.isHidden() else label.text()


def profile_with_connectors(apptoto_url: str, timezest_url: str, *, read_only: bool = False) -> Profile:
    return Profile(
        name="Sunrise Solar",
        apptoto=ApptotoSettings(email="demo@example.com", calendar=CALENDAR, address_book=BOOK, origin=apptoto_url),
        timezest=TimeZestSettings(origin=timezest_url, read_only=read_only),
    )


# ---------------------------------------------------------------- defaults and validation


def test_both_connectors_are_off_by_default(form: ConnectorsForm) -> None:
    assert not form.apptoto_box.isChecked() and not form.timezest_box.isChecked()
    assert form.apptoto_origin.text() == "https://api.apptoto.com"
    assert form.timezest_origin.text() == "https://api.timezest.com"
    assert form.apptoto_address_book.placeholderText() == "leave empty to not add new leads"
    assert form.choice() == ConnectorChoice(None, None, None, None)


def test_fields_off_are_not_checked_but_on_ones_show_errors_under_their_fields(form: ConnectorsForm) -> None:
    form.apptoto_origin.setText("ftp://nowhere")  # a mistake in a group that is off does not count
    assert form.validate() == {}
    form.apptoto_box.setChecked(True)
    form.timezest_box.setChecked(True)
    with pytest.raises(ConnectorsInvalid) as info:
        form.choice()
    assert isinstance(info.value, ValueError)
    assert set(info.value.errors) == {
        "apptoto_email",
        "apptoto_key",
        "apptoto_calendar",
        "apptoto_origin",
        "timezest_key",
    }
    assert "email you sign in to Apptoto" in error_text(form, "apptoto_email")
    assert "Paste the API key from your Apptoto account" in error_text(form, "apptoto_key")
    assert "calendar bookings go to" in error_text(form, "apptoto_calendar")
    assert "https://api.apptoto.com" in error_text(form, "apptoto_origin")
    assert "Paste the API key from your TimeZest account" in error_text(form, "timezest_key")
    assert error_text(form, "apptoto_address_book") == ""  # optional
    assert error_text(form, "timezest_origin") == ""

    form.apptoto_email.setText("demo at example.com")
    form.apptoto_calendar.setText("   ")
    form.apptoto_origin.setText("https://api.apptoto.com/")
    form.apptoto_key.setText("key with spaces inside")
    errors = form.validate()
    assert errors["apptoto_email"] == "The Apptoto account email must look like name@company.com"
    assert "calendar" in errors["apptoto_calendar"]
    assert "spaces or line breaks" in errors["apptoto_key"]
    assert "key with spaces inside" not in " ".join(errors.values())
    assert "apptoto_origin" not in errors and error_text(form, "apptoto_origin") == ""

    form.apptoto_box.setChecked(False)  # turning a group off clears its errors and its checks
    assert error_text(form, "apptoto_email") == ""
    assert set(form.validate()) == {"timezest_key"}


@pytest.mark.parametrize(
    ("pasted", "key"),
    [
        ("Bearer xyz ", "xyz"),
        ("  bearer   tzk_live_abc123\n", "tzk_live_abc123"),
        ("Authorization: Bearer tzk_live_abc123", "tzk_live_abc123"),
        ('"tzk_live_abc123"', "tzk_live_abc123"),
        ("Basic " + base64.b64encode(b"demo@example.com:apk_123456789").decode(), "apk_123456789"),
        ("Basic apk_123456789", "apk_123456789"),
    ],
)
def test_pasted_keys_are_cleaned(form: ConnectorsForm, pasted: str, key: str) -> None:
    assert clean_key(pasted, "TimeZest") == key
    fill_timezest(form, "https://api.timezest.com", key=pasted)
    choice = form.choice()
    assert choice.timezest_key == key
    assert choice.timezest == TimeZestSettings()


@pytest.mark.parametrize("pasted", ["", "   ", "Bearer ", "Basic", "two words", "caf\u00e9key"])
def test_keys_that_cannot_be_right_are_refused_in_words(pasted: str) -> None:
    with pytest.raises(ValueError, match=r"Apptoto|copy it again") as info:
        clean_key(pasted, "Apptoto")
    assert pasted.strip() == "" or pasted not in str(info.value)


def test_the_key_field_hides_the_key_until_shown(form: ConnectorsForm) -> None:
    form.apptoto_box.setChecked(True)
    assert form.apptoto_key.echoMode() == form.apptoto_key.EchoMode.Password
    form.apptoto_key_field.show_key.setChecked(True)
    assert form.apptoto_key.echoMode() == form.apptoto_key.EchoMode.Normal
    form.apptoto_key_field.show_key.setChecked(False)
    assert form.apptoto_key.echoMode() == form.apptoto_key.EchoMode.Password
    assert form.timezest_key.echoMode() == form.timezest_key.EchoMode.Password


# ---------------------------------------------------------------- Apptoto's Test button


def test_a_good_apptoto_test_says_connected(
    arun: Runner, form: ConnectorsForm, apptoto: ApptotoServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fill_apptoto(form, apptoto, key=f"  Basic {apptoto.api_key} ")
    check = arun(form.test_apptoto())
    assert isinstance(check, ConnectorCheck) and check.ok, check.message
    text = form.apptoto_result.text()
    assert text.startswith("✔ Connected to Apptoto as demo@example.com")
    assert f"“{CALENDAR}”" in text and f"“{BOOK}”" in text
    assert not form.apptoto_result.isHidden()
    assert apptoto.api_key not in text and apptoto.api_key not in caplog.text
    events = [e for e in apptoto.state.requests() if e["path"] == "/v1/events"]
    assert [(e["method"], e["query"]) for e in events] == [("GET", {"page": "1", "page_size": "1"})]
    choice = form.choice()
    assert choice.apptoto == ApptotoSettings(
        email=apptoto.email, calendar=CALENDAR, address_book=BOOK, origin=apptoto.url
    )
    assert choice.apptoto_key == apptoto.api_key
    assert choice.timezest is None and choice.timezest_key is None
    assert apptoto.api_key not in repr(choice)


def test_a_wrong_apptoto_key_is_not_accepted_and_never_shown(
    qtbot: QtBot, form: ConnectorsForm, apptoto: ApptotoServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "apk_wrong_SECRET_9f8e7d6c5b4a"
    fill_apptoto(form, apptoto, key=wrong)
    finished: list[tuple[str, Any]] = []
    form.test_finished.connect(lambda kind, check: finished.append((kind, check)))
    qtbot.mouseClick(form.apptoto_test, Qt.MouseButton.LeftButton)  # the button path: a background task
    qtbot.waitUntil(lambda: bool(finished), timeout=8000)
    [(kind, check)] = finished
    assert kind == "apptoto" and not check.ok
    text = form.apptoto_result.text()
    assert text.startswith("✘ Apptoto did not accept the email and key")
    assert wrong not in text and "Traceback" not in text
    assert wrong not in caplog.text
    assert form.apptoto_test.isEnabled()


def test_a_missing_address_book_is_named_with_the_ones_there_are(
    arun: Runner, form: ConnectorsForm, apptoto: ApptotoServer
) -> None:
    fill_apptoto(form, apptoto, book="Leads 2025")
    check = arun(form.test_apptoto())
    assert not check.ok
    text = form.apptoto_result.text()
    assert "no address book named “Leads 2025”" in text
    assert "HeavySet Leads" in text and "Past Customers" in text
    form.apptoto_address_book.setText("")  # no address book: new leads are not added
    assert arun(form.test_apptoto()).ok
    assert "new leads go to" not in form.apptoto_result.text()


def test_an_address_that_does_not_answer_reads_could_not_reach(
    arun: Runner, form: ConnectorsForm, apptoto: ApptotoServer, closed_url: str
) -> None:
    fill_apptoto(form, apptoto, origin=closed_url)
    fill_timezest(form, closed_url)
    apptoto_check = arun(form.test_apptoto())
    timezest_check = arun(form.test_timezest())
    assert not apptoto_check.ok and not timezest_check.ok
    assert form.apptoto_result.text().startswith("✘ Could not reach Apptoto")
    assert form.timezest_result.text().startswith("✘ Could not reach TimeZest")
    for label in (form.apptoto_result, form.timezest_result):
        assert "Traceback" not in label.text() and "httpx" not in label.text()


def test_a_test_with_mistakes_in_the_fields_sends_nothing(
    arun: Runner, form: ConnectorsForm, apptoto: ApptotoServer
) -> None:
    fill_apptoto(form, apptoto)
    form.apptoto_calendar.setText("")
    check = arun(form.test_apptoto())
    assert not check.ok and "Fix the marked fields" in form.apptoto_result.text()
    assert "calendar" in error_text(form, "apptoto_calendar")
    assert apptoto.state.requests() == []


def test_a_checker_that_breaks_shows_words_not_a_traceback(
    qtbot: QtBot, arun: Runner, caplog: pytest.LogCaptureFixture
) -> None:
    key = "apk_secret_value_0000"

    async def broken(settings: ApptotoSettings, key: str) -> ConnectorCheck:
        raise RuntimeError(f"boom with {key}")

    form = ConnectorsForm(apptoto_checker=broken)
    qtbot.addWidget(form)
    form.apptoto_box.setChecked(True)
    form.apptoto_email.setText("demo@example.com")
    form.apptoto_key.setText(key)
    form.apptoto_calendar.setText(CALENDAR)
    check = arun(form.test_apptoto())
    assert not check.ok
    text = form.apptoto_result.text()
    assert "failed unexpectedly" in text and "boom" not in text and "Traceback" not in text
    assert key not in caplog.text and "RuntimeError" in caplog.text
    assert form.apptoto_test.isEnabled()


def test_a_result_is_cleared_when_the_fields_change(arun: Runner, form: ConnectorsForm, apptoto: ApptotoServer) -> None:
    fill_apptoto(form, apptoto)
    assert arun(form.test_apptoto()).ok
    assert not form.needs_test("apptoto")
    form.apptoto_calendar.textEdited.emit("Installs")  # as typing does
    assert form.apptoto_result.text() == ""
    form.apptoto_calendar.setText("Installs")
    assert form.needs_test("apptoto")


# ---------------------------------------------------------------- TimeZest's Test button


@pytest.mark.parametrize(
    ("key", "read_only", "words"),
    [
        (TZ_KEY, False, "Links can be sent."),
        (READ_ONLY_KEY, True, "This key can only read: sending links is turned off."),
    ],
    ids=["read-write", "read-only"],
)
def test_timezest_keys_read_write_and_read_only(
    arun: Runner,
    form: ConnectorsForm,
    timezest: tuple[TimeZestState, str],
    key: str,
    read_only: bool,
    words: str,
) -> None:
    state, url = timezest
    fill_timezest(form, url, key=f"Bearer {key} ")
    check = arun(form.test_timezest())
    assert check.ok and check.read_only is read_only
    text = form.timezest_result.text()
    assert text.startswith("✔ Connected to TimeZest (4 appointment types).") and text.endswith(words)
    assert key not in text
    assert any(e["path"].endswith("/v1/appointment_types") for e in state.requests())
    assert [e for e in state.requests() if e["method"] == "POST" and e["status"] in (200, 201)] == []  # made nothing
    choice = form.choice()
    assert choice.timezest == TimeZestSettings(origin=url, read_only=read_only)
    assert choice.timezest_key == key and choice.apptoto is None


def test_a_wrong_timezest_key_is_refused_and_never_shown(
    arun: Runner, form: ConnectorsForm, timezest: tuple[TimeZestState, str]
) -> None:
    _state, url = timezest
    wrong = "tzk_wrong_SECRET_value"
    fill_timezest(form, url, key=wrong)
    check = arun(form.test_timezest())
    assert not check.ok and form.timezest_result.text().startswith("✘ TimeZest did not accept")
    assert wrong not in form.timezest_result.text()
    assert form.choice().timezest == TimeZestSettings(origin=url, read_only=False)


# ---------------------------------------------------------------- keys kept in the keychain


def test_a_saved_key_is_kept_unless_a_new_one_is_typed(
    arun: Runner, form: ConnectorsForm, apptoto: ApptotoServer, timezest: tuple[TimeZestState, str]
) -> None:
    _state, tz_url = timezest
    profile = profile_with_connectors(apptoto.url, tz_url, read_only=True)
    form.apptoto_key.setText("left over from before")
    form.load(profile, has_apptoto_key=True, has_timezest_key=True)
    assert form.apptoto_box.isChecked() and form.timezest_box.isChecked()
    assert form.apptoto_email.text() == "demo@example.com" and form.apptoto_calendar.text() == CALENDAR
    for line in (form.apptoto_key, form.timezest_key):
        assert line.text() == "" and line.placeholderText() == KEPT_KEY_PLACEHOLDER
    assert "sending links is turned off" in form.timezest_result.text()
    choice = form.choice()
    assert choice == ConnectorChoice(profile.apptoto, None, profile.timezest, None)
    assert choice.timezest is not None and choice.timezest.read_only  # nothing changed: still read-only
    assert not form.needs_test("apptoto") and not form.needs_test("timezest")

    # Testing with the kept key: without a way to read it, the setter is asked to type it again.
    check = arun(form.test_apptoto())
    assert not check.ok and "Type the Apptoto API key again" in form.apptoto_result.text()
    assert apptoto.state.requests() == []

    # A new TimeZest key replaces the saved one, and read-only is learned again.
    form.timezest_key.setText(TZ_KEY)
    choice = form.choice()
    assert choice.timezest_key == TZ_KEY and choice.timezest is not None and not choice.timezest.read_only
    assert form.needs_test("timezest")
    assert arun(form.test_timezest()).ok
    assert not form.needs_test("timezest")


def test_a_test_reads_the_kept_key_from_the_keychain_when_allowed(
    arun: Runner, form: ConnectorsForm, apptoto: ApptotoServer, timezest: tuple[TimeZestState, str]
) -> None:
    _state, tz_url = timezest
    asked: list[str] = []

    def read_key(kind: str) -> str | None:
        asked.append(kind)
        if kind == "timezest":
            raise SecretsError("The keychain could not be read (KeyringLocked).")
        return apptoto.api_key

    form.load(
        profile_with_connectors(apptoto.url, tz_url), has_apptoto_key=True, has_timezest_key=True, read_key=read_key
    )
    assert arun(form.test_apptoto()).ok
    assert form.apptoto_result.text().startswith("✔ Connected")
    assert form.choice().apptoto_key is None  # still kept, not copied out of the keychain
    check = arun(form.test_timezest())
    assert not check.ok and "keychain could not be read" in form.timezest_result.text()
    assert asked == ["apptoto", "timezest"]


# ---------------------------------------------------------------- the dialog


def make_dialog(qtbot: QtBot, profile: Profile, **kwargs: Any) -> tuple[ConnectorsDialog, list[str]]:
    """The dialog, and the questions it asked (each answered No)."""
    dialog = ConnectorsDialog(profile, **kwargs)
    qtbot.addWidget(dialog)
    asked: list[str] = []

    def confirm(title: str, text: str) -> bool:  # the setter answers No
        asked.append(f"{title}: {text}")
        return False

    dialog.confirm = confirm
    return dialog, asked


def test_the_dialog_keeps_mistakes_open_and_saves_a_tested_choice(
    qtbot: QtBot, arun: Runner, apptoto: ApptotoServer
) -> None:
    dialog, asked = make_dialog(qtbot, Profile(name="Sunrise Solar"))
    assert dialog.windowTitle() == "Connectors: Sunrise Solar"
    dialog.form.apptoto_box.setChecked(True)
    assert arun(dialog.save()) is False
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.result_choice() is None
    assert "email you sign in to Apptoto" in error_text(dialog, "apptoto_email")
    assert apptoto.state.requests() == [] and asked == []

    fill_apptoto(dialog.form, apptoto)
    with qtbot.waitSignal(dialog.accepted, timeout=8000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # Save tests first (untested so far)
    assert asked == []
    assert dialog.form.apptoto_result.text().startswith("✔ Connected")
    choice = dialog.result_choice()
    assert choice is not None and choice.apptoto_key == apptoto.api_key and choice.timezest is None
    assert len([e for e in apptoto.state.requests() if e["path"] == "/v1/events"]) == 1


def test_save_asks_before_keeping_settings_that_failed_their_test(
    qtbot: QtBot, arun: Runner, apptoto: ApptotoServer
) -> None:
    dialog, asked = make_dialog(qtbot, Profile(name="Denver"))
    fill_apptoto(dialog.form, apptoto, key="apk_wrong_key_1234567")
    assert arun(dialog.save()) is False  # the setter answers No
    [question] = asked
    assert "Apptoto test failed" in question and "did not accept the email and key" in question
    assert "apk_wrong_key_1234567" not in question
    assert dialog.result_choice() is None and not dialog.status.isHidden()

    dialog.confirm = lambda title, text: True  # … and then Yes
    assert arun(dialog.save()) is True
    choice = dialog.result_choice()
    assert choice is not None and choice.apptoto_key == "apk_wrong_key_1234567"


def test_save_keeps_settings_it_cannot_reach_without_asking(qtbot: QtBot, arun: Runner, closed_url: str) -> None:
    dialog, asked = make_dialog(qtbot, Profile(name="Denver"))
    fill_timezest(dialog.form, closed_url)
    assert arun(dialog.save()) is True
    assert asked == []
    assert "Could not reach TimeZest" in dialog.form.timezest_result.text()
    choice = dialog.result_choice()
    assert choice == ConnectorChoice(None, None, TimeZestSettings(origin=closed_url), TZ_KEY)


def test_save_of_unchanged_connectors_sends_nothing_and_keeps_the_keys(
    qtbot: QtBot, arun: Runner, apptoto: ApptotoServer, timezest: tuple[TimeZestState, str]
) -> None:
    state, tz_url = timezest
    profile = profile_with_connectors(apptoto.url, tz_url, read_only=True)
    dialog, asked = make_dialog(qtbot, profile, has_apptoto_key=True, has_timezest_key=True)
    assert arun(dialog.save()) is True
    assert asked == [] and apptoto.state.requests() == [] and state.requests() == []
    assert dialog.result_choice() == ConnectorChoice(profile.apptoto, None, profile.timezest, None)


def test_turning_a_connector_off_returns_none_for_it(qtbot: QtBot, arun: Runner) -> None:
    profile = profile_with_connectors("https://api.apptoto.com", "https://api.timezest.com")
    dialog, _asked = make_dialog(qtbot, profile, has_apptoto_key=True, has_timezest_key=True)
    dialog.form.apptoto_box.setChecked(False)
    dialog.form.timezest_box.setChecked(False)
    assert arun(dialog.save()) is True
    assert dialog.result_choice() == ConnectorChoice(None, None, None, None)


def test_cancel_gives_no_choice(qtbot: QtBot) -> None:
    dialog, _asked = make_dialog(qtbot, Profile(name="Denver"))
    dialog.form.timezest_box.setChecked(True)
    dialog.form.timezest_key.setText(TZ_KEY)
    dialog.cancel_button.click()
    assert dialog.result_choice() is None


# ---------------------------------------------------------------- the wizard page


def test_the_wizard_page_is_optional_and_checks_only_what_is_on(qtbot: QtBot) -> None:
    wizard = QWizard()
    qtbot.addWidget(wizard)
    page = ConnectorsPage()
    after = QWizardPage()
    wizard.addPage(page)
    wizard.addPage(after)
    wizard.show()
    assert page.title() == "Reminders and self-scheduling (optional)"
    assert "Settings ▸ Connectors" in page.subTitle() and "optional" in page.subTitle()
    page.form.timezest_box.setChecked(True)
    wizard.next()
    assert wizard.currentPage() is page  # TimeZest is on and has no key
    assert "Paste the API key" in error_text(page, "timezest_key")
    page.form.timezest_box.setChecked(False)
    page.form.apptoto_origin.setText("not an address")  # Apptoto is off: not checked
    wizard.next()
    assert wizard.currentPage() is after
    assert page.choice() == ConnectorChoice(None, None, None, None)


def test_the_wizard_page_loads_a_profile(qtbot: QtBot) -> None:
    page = ConnectorsPage()
    qtbot.addWidget(page)
    profile = profile_with_connectors("https://api.apptoto.com", "https://api.timezest.com")
    page.load(profile, has_apptoto_key=True, has_timezest_key=False)
    assert page.validatePage() is False  # TimeZest on, no key saved, none typed
    page.form.timezest_key.setText(TZ_KEY)
    assert page.validatePage() is True
    assert page.choice() == ConnectorChoice(profile.apptoto, None, TimeZestSettings(), TZ_KEY)


# ---------------------------------------------------------------- Alt keys


def test_alt_keys_are_unique_in_the_dialog(qtbot: QtBot) -> None:
    dialog, _asked = make_dialog(qtbot, Profile(name="Denver"))
    dialog.form.apptoto_box.setChecked(True)
    dialog.form.timezest_box.setChecked(True)
    dialog.show()
    letters = alt_letters(dialog, [])
    assert len(letters) >= 14  # both groups, every field, both Test buttons, Save
    duplicates = sorted({x for x in letters if letters.count(x) > 1})
    assert duplicates == [], duplicates


def test_alt_keys_are_unique_on_the_wizard_page(qtbot: QtBot) -> None:
    wizard = QWizard()
    qtbot.addWidget(wizard)
    page = ConnectorsPage()
    wizard.addPage(QWizardPage())
    wizard.addPage(page)
    wizard.addPage(QWizardPage())
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is page
    page.form.apptoto_box.setChecked(True)
    page.form.timezest_box.setChecked(True)
    buttons = [
        wizard.buttonText(b)
        for b in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton)
    ]
    letters = alt_letters(page, buttons)
    duplicates = sorted({x for x in letters if letters.count(x) > 1})
    assert duplicates == [], duplicates

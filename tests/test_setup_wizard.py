"""The setup wizard and first start, driven as a setter would, against the simulator."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QLineEdit, QPushButton, QWizard
from pytestqt.qtbot import QtBot

from hsconsole.app import parse_args
from hsconsole.connection import Connection
from hsconsole.controller import Controller
from hsconsole.services.setup import ConnectionCheck, check_connection
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.sim.serving import AppServer
from hsconsole.sim.timezest.app import create_app as create_timezest
from hsconsole.sim.timezest.state import TimeZestState
from hsconsole.store.secrets import KeychainSecrets, LayeredSecrets
from hsconsole.store.settings import ApptotoSettings, Profile, SettingsStore, TimeZestSettings
from hsconsole.ui.connector_keys import KEPT_KEY_PLACEHOLDER
from hsconsole.ui.wizard import (
    NO_KEYCHAIN,
    PAGE_CONNECTORS,
    PAGE_ENDPOINT,
    PAGE_PROFILE,
    PAGE_TEST,
    PAGE_TOKENS,
    SetupWizard,
)
from tests.helpers import MemoryKeyring, api_requests


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


@pytest.fixture
def keychain() -> MemoryKeyring:
    return MemoryKeyring()


def make_controller(tmp_path: Path, keychain: Any, *argv: str) -> Controller:
    controller = Controller(
        parse_args(list(argv)),
        store=SettingsStore(tmp_path / "config" / "settings.json"),
        secrets=LayeredSecrets(KeychainSecrets(keychain)),
    )
    controller.asked: list[str] = []  # type: ignore[misc]

    def ask(title: str, text: str, choices: list[str]) -> int:
        controller.asked.append(title)  # type: ignore[attr-defined]
        return 0

    controller.ask = ask  # type: ignore[method-assign]
    controller.inform = lambda title, text: controller.asked.append(title)  # type: ignore[method-assign, attr-defined]
    return controller


def wizard_of(qtbot: QtBot, controller: Controller) -> SetupWizard:
    qtbot.waitUntil(lambda: controller.setup.wizard is not None and controller.setup.wizard.isVisible())
    wizard = controller.setup.wizard
    assert wizard is not None
    return wizard


def fill_until_test(
    qtbot: QtBot, wizard: SetupWizard, *, name: str, token: str, origin: str, zapier: str | None = None
) -> None:
    if wizard.currentId() < PAGE_PROFILE:
        wizard.next()
    if wizard.currentId() == PAGE_PROFILE:
        wizard.profile_page.name.setText(name)
        wizard.next()
    assert wizard.currentId() == PAGE_TOKENS
    wizard.token_page.s2s.setText(token)
    if zapier is not None:
        wizard.token_page.separate.setChecked(True)
        wizard.token_page.zapier.setText(zapier)
    wizard.next()
    assert wizard.currentId() == PAGE_ENDPOINT, wizard.token_page.s2s_error.text()
    wizard.endpoint_page.advanced.setChecked(True)
    wizard.endpoint_page.origin.setText(origin)
    wizard.next()
    assert wizard.currentId() == PAGE_TEST, wizard.endpoint_page.error.text()
    qtbot.waitUntil(lambda: not wizard.tasks.busy("test"), timeout=8000)


def first_start_on(
    qtbot: QtBot, tmp_path: Path, keychain: Any, sim: SimServer, name: str
) -> tuple[Controller, asyncio.Future[int], Any]:
    """A first start: the wizard filled in for ``sim`` as profile ``name``, finished, and the window shown with
    Jane Doe looked up. Returns the controller, its run and the window."""
    controller = make_controller(tmp_path, keychain)
    run = asyncio.ensure_future(controller.run())
    wizard = wizard_of(qtbot, controller)
    fill_until_test(qtbot, wizard, name=name, token=sim.state.token, origin=sim.url)
    finish(wizard)
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    window = controller.window
    assert name in window.windowTitle()
    window.search(DEMO_PHONES["denver_booked"])
    qtbot.waitUntil(lambda: window.caller.lead is not None, timeout=5000)
    return controller, run, window


def finish(wizard: SetupWizard) -> None:
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_valid_token_tests_and_saves_to_the_keychain_only(
    qtbot: QtBot, sim: SimServer, tmp_path: Path, keychain: MemoryKeyring
) -> None:
    controller = make_controller(tmp_path, keychain)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    fill_until_test(qtbot, wizard, name="Sunrise Solar", token=f"x-hs-token: {sim.state.token}", origin=sim.url)
    text = wizard.test_page.result.text()
    assert "HeavySet Demo Appointment Page" in text and "page_demo_01" in text
    finish(wizard)
    qtbot.waitUntil(task.done)
    connection = task.result()
    assert isinstance(connection, Connection) and connection.s2s_token == sim.state.token
    assert keychain.entries  # the token went to the keychain …
    saved = (tmp_path / "config" / "settings.json").read_text()
    assert sim.state.token not in saved  # … and nowhere near the settings file
    profile = SettingsStore(tmp_path / "config" / "settings.json").load().active
    assert profile is not None and profile.tested and profile.page_label == "HeavySet Demo Appointment Page"
    assert KeychainSecrets(keychain).get("Sunrise Solar", "s2s") == sim.state.token
    assert any(e["path"].endswith("/auth-test") for e in api_requests(sim))


@pytest.mark.parametrize(
    ("token_of", "words"),
    [(lambda sim: "hs_live_" + "wrong" * 10, "rejected the token"), (lambda sim: sim.state.demo_token, "demo mode")],
)
def test_rejected_and_demo_tokens_are_explained_and_block_finish(
    qtbot: QtBot, sim: SimServer, tmp_path: Path, keychain: MemoryKeyring, token_of: Any, words: str
) -> None:
    controller = make_controller(tmp_path, keychain)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    token = token_of(sim)
    if len(token) < 20:
        token = token + "_" * (20 - len(token))
        sim.state.demo_token = token
    fill_until_test(qtbot, wizard, name="Denver", token=token, origin=sim.url)
    assert words in wizard.test_page.result.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not wizard.test_page.untested_button.isVisible()
    wizard.reject()
    qtbot.waitUntil(task.done)
    assert task.result() is None
    assert keychain.entries == {}


def test_pasting_mistakes_are_caught_before_any_request(
    qtbot: QtBot, sim: SimServer, tmp_path: Path, keychain: MemoryKeyring
) -> None:
    controller = make_controller(tmp_path, keychain)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PAGE_PROFILE
    assert "name" in wizard.profile_page.error.text()
    wizard.profile_page.name.setText("Denver")
    wizard.next()
    for pasted, words in [("", "Paste"), ("abc def ghi jkl mno pqr", "spaces"), ("hs_live_short", "only")]:
        wizard.token_page.s2s.setText(pasted)
        wizard.next()
        assert wizard.currentId() == PAGE_TOKENS
        assert words in wizard.token_page.s2s_error.text()
    assert wizard.token_page.s2s.echoMode() != wizard.token_page.s2s.EchoMode.Normal
    wizard.token_page.show_tokens.setChecked(True)
    assert wizard.token_page.s2s.echoMode() == wizard.token_page.s2s.EchoMode.Normal
    wizard.token_page.s2s.setText(sim.state.token)
    wizard.next()
    wizard.endpoint_page.oregon.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_ENDPOINT and "crmSettingsId" in wizard.endpoint_page.error.text()
    assert api_requests(sim) == []
    wizard.reject()
    qtbot.waitUntil(task.done)


def offline_wizard(
    qtbot: QtBot, tmp_path: Path, keychain: MemoryKeyring
) -> tuple[Controller, asyncio.Future[Any], SetupWizard, int, str]:
    """The wizard filled in up to its test page for a HeavySet that was there and is gone (the network is
    down): its controller, the wizard's task, the wizard, and the port and token it was given."""
    sim = SimServer()
    sim.start()
    port, token = sim.port, sim.state.token
    sim.stop()  # the network is down
    controller = make_controller(tmp_path, keychain)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    fill_until_test(qtbot, wizard, name="Tampa", token=token, origin=f"http://127.0.0.1:{port}")
    return controller, task, wizard, port, token


def test_offline_save_untested_then_tested_when_the_network_is_back(
    qtbot: QtBot, tmp_path: Path, keychain: MemoryKeyring, arun: Any
) -> None:
    controller, task, wizard, port, token = offline_wizard(qtbot, tmp_path, keychain)
    assert "Can't reach HeavySet" in wizard.test_page.result.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.test_page.untested_button.click()
    finish(wizard)
    qtbot.waitUntil(task.done)
    connection = task.result()
    assert connection is not None and not connection.profile.tested
    store = SettingsStore(tmp_path / "config" / "settings.json")
    saved = store.load().active
    assert saved is not None and not saved.tested

    # the console opens on the untested profile and keeps testing until the network is back
    with SimServer(port=port, token=token):
        controller.settings = store.load()
        controller.window = type("W", (), {"status": lambda self, text: None, "show_banner": print})()
        arun(controller.autotest(connection, interval=0.05), timeout=10)
    saved = store.load().active
    assert saved is not None and saved.tested and saved.page_label


def press_enter(qtbot: QtBot, wizard: SetupWizard) -> None:
    """Enter as the setter presses it: to the widget with the focus (the wizard when none has it)."""
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Return)


def test_enter_goes_through_the_setup_and_presses_finish_once_the_test_passed(
    qtbot: QtBot, sim: SimServer, tmp_path: Path, keychain: MemoryKeyring
) -> None:
    controller = make_controller(tmp_path, keychain)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    press_enter(qtbot, wizard)  # not into the demo: on to the setup
    assert wizard.currentId() == PAGE_PROFILE and not wizard.demo_chosen
    wizard.profile_page.name.setText("Denver")
    press_enter(qtbot, wizard)
    wizard.token_page.s2s.setText(sim.state.token)
    press_enter(qtbot, wizard)
    wizard.endpoint_page.advanced.setChecked(True)
    wizard.endpoint_page.origin.setText(sim.url)
    press_enter(qtbot, wizard)
    assert wizard.currentId() == PAGE_TEST
    qtbot.waitUntil(lambda: wizard.test_page.passed, timeout=8000)
    finish_button = wizard.button(QWizard.WizardButton.FinishButton)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert isinstance(finish_button, QPushButton) and isinstance(next_button, QPushButton)
    assert finish_button.isDefault() and not next_button.isDefault()
    wizard.test_page.retry_button.click()  # tested again: the same
    qtbot.waitUntil(lambda: wizard.test_page.passed, timeout=8000)
    assert finish_button.isDefault() and not next_button.isDefault()
    wizard.next()  # a look at the optional connectors, and Back with a click (which leaves the focus on Back)
    back_button = wizard.button(QWizard.WizardButton.BackButton)
    back_button.setFocus()
    back_button.click()
    assert wizard.currentId() == PAGE_TEST and finish_button.isDefault() and not next_button.isDefault()
    press_enter(qtbot, wizard)
    qtbot.waitUntil(task.done, timeout=8000)
    connection = task.result()
    assert isinstance(connection, Connection) and connection.profile.name == "Denver" and connection.profile.tested


def test_after_a_failed_test_enter_tests_again_and_never_finishes(
    qtbot: QtBot, sim: SimServer, tmp_path: Path, keychain: MemoryKeyring
) -> None:
    controller = make_controller(tmp_path, keychain)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    fill_until_test(qtbot, wizard, name="Denver", token="hs_live_" + "wrong" * 10, origin=sim.url)
    assert "rejected the token" in wizard.test_page.result.text()
    finish_button = wizard.button(QWizard.WizardButton.FinishButton)
    assert isinstance(finish_button, QPushButton)
    assert not finish_button.isDefault() and wizard.test_page.retry_button.isDefault()
    asked = len(api_requests(sim))
    press_enter(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.tasks.busy("test") and len(api_requests(sim)) > asked, timeout=8000)
    assert wizard.isVisible() and wizard.currentId() == PAGE_TEST and not task.done()
    assert "rejected the token" in wizard.test_page.result.text()
    assert not finish_button.isDefault() and wizard.test_page.retry_button.isDefault()
    wizard.reject()
    qtbot.waitUntil(task.done)
    assert task.result() is None and keychain.entries == {}


def test_offline_enter_tests_again_until_the_setter_saves_untested(
    qtbot: QtBot, tmp_path: Path, keychain: MemoryKeyring
) -> None:
    _controller, task, wizard, _port, _token = offline_wizard(qtbot, tmp_path, keychain)
    finish_button = wizard.button(QWizard.WizardButton.FinishButton)
    assert isinstance(finish_button, QPushButton)
    assert "Can't reach HeavySet" in wizard.test_page.result.text() and not finish_button.isDefault()
    wizard.test_page.result.setText("")
    press_enter(qtbot, wizard)  # tests again: still out of reach
    qtbot.waitUntil(lambda: "Can't reach HeavySet" in wizard.test_page.result.text(), timeout=8000)
    assert not task.done() and not finish_button.isDefault()
    wizard.test_page.untested_button.click()  # the setter's choice: now Finish is what Enter presses
    assert finish_button.isDefault()
    press_enter(qtbot, wizard)
    qtbot.waitUntil(task.done, timeout=8000)
    connection = task.result()
    assert connection is not None and not connection.profile.tested


def assert_header_reads_in_full(wizard: SetupWizard) -> None:
    """The page's title and subtitle at the top of the wizard: each label as tall and wide as its text needs."""
    page = wizard.currentPage()
    for text in (page.title(), page.subTitle()):
        shown = [label for label in wizard.findChildren(QLabel) if label.isVisible() and label.text() == text]
        assert shown, text
        for label in shown:
            if label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), text
            else:
                assert label.width() >= label.sizeHint().width(), text


@pytest.mark.parametrize("size", [None, (1366, 768)], ids=["default size", "1366x768"])
def test_every_page_reads_in_full_and_the_connectors_keep_their_fields_after_a_test(
    qtbot: QtBot, size: tuple[int, int] | None
) -> None:
    tz_state = TimeZestState("tzk_live_S3cr3tK3yValue0123456789")
    with (
        SimServer() as hs,
        ApptotoServer(api_key="apptoto-key-0123456789", demo_data=False) as apptoto,
        AppServer(lambda stopping: create_timezest(tz_state, stopping)) as timezest,
    ):
        wizard = SetupWizard(check_connection)
        qtbot.addWidget(wizard)
        wizard.show()
        if size is None:
            assert wizard.size().toTuple() == (640, 480)
        else:
            wizard.resize(*size)
        qtbot.waitExposed(wizard)
        assert_header_reads_in_full(wizard)
        wizard.next()
        wizard.profile_page.name.setText("Denver")
        assert_header_reads_in_full(wizard)
        wizard.next()
        wizard.token_page.s2s.setText(hs.state.token)
        assert_header_reads_in_full(wizard)
        wizard.next()
        wizard.endpoint_page.advanced.setChecked(True)
        wizard.endpoint_page.origin.setText(hs.url)
        assert_header_reads_in_full(wizard)
        wizard.next()
        qtbot.waitUntil(lambda: wizard.test_page.passed, timeout=8000)
        assert_header_reads_in_full(wizard)
        result = wizard.test_page.result
        assert result.height() >= result.heightForWidth(result.width())
        wizard.next()
        assert wizard.currentId() == PAGE_CONNECTORS
        page = wizard.connectors_page
        form = page.form
        form.apptoto_box.setChecked(True)
        form.apptoto_email.setText(apptoto.email)
        form.apptoto_key.setText(apptoto.api_key)
        form.apptoto_calendar.setText("HeavySet Appointments")
        form.apptoto_address_book.setText("A book nobody made")  # the answer names the books there are
        form.apptoto_origin.setText(apptoto.url)
        form.timezest_box.setChecked(True)
        form.timezest_key.setText("tzk_live_not_the_key_0123456789")
        form.timezest_origin.setText(timezest.url)
        form.apptoto_test.click()
        form.timezest_test.click()
        qtbot.waitUntil(lambda: not form.tasks.busy("apptoto") and not form.tasks.busy("timezest"), timeout=8000)
        qtbot.wait(50)  # the layout settles on the new text
        assert "no address book named" in form.apptoto_result.text()
        assert form.timezest_result.text().startswith("✘")
        assert_header_reads_in_full(wizard)
        lines = [line for line in form.findChildren(QLineEdit) if line.isVisible()]
        assert len(lines) == 7
        for line in lines:
            assert line.height() >= line.sizeHint().height(), line.objectName()
            assert line.width() >= 250, line.objectName()
        viewport = page.scroll_area.viewport()
        for label in (form.apptoto_result, form.timezest_result):
            assert label.isVisible() and label.width() >= 400
            assert label.height() >= label.heightForWidth(label.width()), label.text()
            page.scroll_area.ensureWidgetVisible(label)
            qtbot.wait(10)
            top_left = label.mapTo(viewport, label.rect().topLeft())
            bottom_right = label.mapTo(viewport, label.rect().bottomRight())
            assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right), label.text()
        wizard.reject()


def visible_texts(wizard: SetupWizard) -> list[str]:
    """Every text the setter can read in the wizard now: labels (its header too), buttons, boxes, placeholders."""
    texts = [label.text() for label in wizard.findChildren(QLabel) if label.isVisible() and label.text()]
    texts += [b.text() for b in wizard.findChildren(QAbstractButton) if b.isVisible()]
    texts += [box.title() for box in wizard.findChildren(QGroupBox) if box.isVisible()]
    texts += [line.placeholderText() for line in wizard.findChildren(QLineEdit) if line.isVisible()]
    return texts


def keychain_words(wizard: SetupWizard) -> list[str]:
    return [text for text in visible_texts(wizard) if "keychain" in text.lower()]


def test_without_a_keychain_the_token_page_says_so_once_and_finish_asks_nothing_more(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with SimServer() as hs, ApptotoServer(api_key=hs.state.token) as apptoto:
        controller = make_controller(tmp_path, keyring.backends.fail.Keyring())
        task = asyncio.ensure_future(controller.run_wizard())
        wizard = wizard_of(qtbot, controller)
        said: list[tuple[int, str]] = []  # (page, text) for every page the setter sees
        said += [(wizard.currentId(), text) for text in keychain_words(wizard)]
        wizard.next()
        wizard.profile_page.name.setText("Bare Linux")
        said += [(wizard.currentId(), text) for text in keychain_words(wizard)]
        wizard.next()
        said += [(wizard.currentId(), text) for text in keychain_words(wizard)]
        wizard.token_page.s2s.setText(hs.state.token)
        wizard.next()
        wizard.endpoint_page.advanced.setChecked(True)
        wizard.endpoint_page.origin.setText(hs.url)
        said += [(wizard.currentId(), text) for text in keychain_words(wizard)]
        wizard.next()
        qtbot.waitUntil(lambda: wizard.test_page.passed, timeout=8000)
        said += [(wizard.currentId(), text) for text in keychain_words(wizard)]
        wizard.next()
        form = wizard.connectors_page.form
        form.apptoto_box.setChecked(True)
        form.apptoto_email.setText(apptoto.email)
        form.apptoto_key.setText(apptoto.api_key)
        form.apptoto_calendar.setText("HeavySet Appointments")
        form.apptoto_origin.setText(apptoto.url)
        said += [(wizard.currentId(), text) for text in keychain_words(wizard)]
        assert said == [(PAGE_TOKENS, "⚠ " + NO_KEYCHAIN)]  # once, in plain words, before Finish
        assert "only until you close the console" in NO_KEYCHAIN and "paste them again" in NO_KEYCHAIN
        finish(wizard)
        qtbot.waitUntil(task.done, timeout=8000)
        connection = task.result()
        assert isinstance(connection, Connection) and connection.apptoto_key == apptoto.api_key
        assert controller.asked == []  # type: ignore[attr-defined]  # Finish was the answer: no question after it
        assert controller.secrets.get("Bare Linux", "s2s") == hs.state.token  # kept for this session
        assert controller.secrets.get("Bare Linux", "apptoto") == apptoto.api_key
        saved = (tmp_path / "config" / "settings.json").read_text()
        assert hs.state.token not in saved and apptoto.api_key not in saved


def test_with_a_keychain_the_wizard_says_where_the_token_goes(
    qtbot: QtBot, sim: SimServer, tmp_path: Path, keychain: MemoryKeyring
) -> None:
    controller = make_controller(tmp_path, keychain)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    wizard.next()
    wizard.profile_page.name.setText("Denver")
    wizard.next()
    assert keychain_words(wizard) == [wizard.token_page.subTitle()]
    assert "kept in this computer's keychain" in wizard.token_page.subTitle()
    assert not wizard.token_page.keychain_note.isVisible()
    wizard.reject()
    qtbot.waitUntil(task.done)


def test_a_profile_set_up_again_without_a_keychain_asks_for_its_keys(qtbot: QtBot) -> None:
    async def never(profile: Profile, s2s: str, zapier: str) -> ConnectionCheck:
        raise AssertionError("no test here")

    profile = Profile(
        name="Bare",
        apptoto=ApptotoSettings(email="demo@example.com", calendar="HeavySet Appointments"),
        timezest=TimeZestSettings(),
    )
    kept = SetupWizard(never, initial=profile)
    bare = SetupWizard(never, initial=profile, no_keychain=True)
    qtbot.addWidget(kept)
    qtbot.addWidget(bare)
    assert kept.connectors_page.form.apptoto_key.placeholderText() == KEPT_KEY_PLACEHOLDER
    for line in (bare.connectors_page.form.apptoto_key, bare.connectors_page.form.timezest_key):
        assert line.placeholderText() == "Paste the API key"  # nothing was kept: no keychain to keep it in
    assert "keychain" not in bare.connectors_page.form.note.text()


def test_demo_way_out(qtbot: QtBot, tmp_path: Path, keychain: MemoryKeyring) -> None:
    controller = make_controller(tmp_path, keychain)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = wizard_of(qtbot, controller)
    wizard.welcome_page.demo_button.click()
    qtbot.waitUntil(task.done)
    try:
        connection = task.result()
        assert connection is not None and connection.mode_text == "DEMO"
    finally:
        controller.demo.stop()


def close_window(qtbot: QtBot, controller: Controller) -> None:
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    controller.window.confirm = lambda _t, _x: True
    controller.window.close()


def test_first_start_opens_the_wizard_and_the_second_goes_straight_to_the_console(
    qtbot: QtBot,
    sim: SimServer,
    tmp_path: Path,
    keychain: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hsconsole.store.audit import AuditLog
    from hsconsole.store.logfiles import install_file_logging, uninstall_file_logging

    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    install_file_logging(level=logging.DEBUG, directory=tmp_path / "logs")
    caplog.set_level(logging.DEBUG)
    first, run, window = first_start_on(qtbot, tmp_path, keychain, sim, "Denver")
    window.editor.inputs["city"].setText("Boulder")
    window.save()
    qtbot.waitUntil(lambda: not window.tasks.busy("save"), timeout=5000)
    assert window.pending_button.text() == "✓ All sent"
    close_window(qtbot, first)
    qtbot.waitUntil(run.done)
    assert run.result() == 0

    second = make_controller(tmp_path, keychain)
    run = asyncio.ensure_future(second.run())
    close_window(qtbot, second)
    qtbot.waitUntil(run.done)
    assert getattr(second, "wizard", None) is None

    logging.getLogger("hsconsole.test").info("the token is %s", sim.state.token)  # redacted on the way out
    uninstall_file_logging()

    # the token is in the keychain and nowhere else: no file (settings, outbox, audit, logs), no log line
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {"settings.json", "outbox.sqlite3", "audit.sqlite3", "hsconsole.log"}
    for path in written:
        assert sim.state.token.encode() not in path.read_bytes(), path
    assert "<redacted>" in (tmp_path / "logs" / "hsconsole.log").read_text()
    audit = AuditLog(tmp_path / "data" / "audit.sqlite3")
    assert [e.action for e in audit.entries()][:2] == ["save", "lookup"]
    audit.close()


def test_profiles_switch_and_import(qtbot: QtBot, sim: SimServer, tmp_path: Path, keychain: MemoryKeyring) -> None:
    profile_file = tmp_path / "it.json"
    profile_file.write_text(f'{{"name": "Imported", "origin": "{sim.url}"}}')
    secrets = KeychainSecrets(keychain)
    secrets.set("Imported", "s2s", sim.state.token)
    controller = make_controller(tmp_path, keychain, "--import-profile", str(profile_file))
    run = asyncio.ensure_future(controller.run())
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    assert "Imported" in controller.window.windowTitle()
    other = Profile(name="Second", origin=sim.url, tested=True)
    controller.settings.upsert(other)
    secrets.set("Second", "s2s", sim.state.token)
    controller.refresh_profile_menu()
    assert [a.text() for a in controller.window.profiles_menu.actions()] == ["Imported", "Second"]
    controller.window.profiles_menu.actions()[1].trigger()
    qtbot.waitUntil(lambda: "Second" in controller.window.windowTitle())
    assert controller.settings.active_profile == "Second"
    close_window(qtbot, controller)
    qtbot.waitUntil(run.done)


def test_a_server_wanting_the_token_in_the_body_is_remembered_in_the_saved_profile(
    qtbot: QtBot, tmp_path: Path, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    with SimServer(dialects=["token_in_body"]) as body_sim:
        controller, run, window = first_start_on(qtbot, tmp_path, keychain, body_sim, "Body")
        window.editor.inputs["city"].setText("Golden")
        window.save()
        phone = DEMO_PHONES["denver_booked"]
        qtbot.waitUntil(lambda: (body_sim.state.lead_snapshot(phone) or {}).get("city") == "Golden", timeout=5000)
        qtbot.waitUntil(lambda: window.pending_button.text() == "✓ All sent", timeout=5000)
        close_window(qtbot, controller)
        qtbot.waitUntil(run.done)
        saved = json.loads((tmp_path / "config" / "settings.json").read_text())
        assert [p["token_in_body"] for p in saved["profiles"]] == [True]
        assert body_sim.state.token not in (tmp_path / "config" / "settings.json").read_text()

"""The connectors in the running console: wizard page, Settings ▸ Connectors, the lead view, the demo.

Driven as a setter would, over real HTTP against the HeavySet, Apptoto and
TimeZest simulators; keys go to an in-memory keychain, never a file.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWizard
from pytestqt.qtbot import QtBot

from hsconsole.connection import Connection
from hsconsole.controller import Controller
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.sim.serving import AppServer
from hsconsole.sim.timezest.app import create_app
from hsconsole.sim.timezest.state import READ_ONLY_KEY, TimeZestState
from hsconsole.store.secrets import KeychainSecrets
from hsconsole.store.settings import ApptotoSettings, Profile, SettingsStore, TimeZestSettings
from hsconsole.ui.main_window import PAGE_LEAD, MainWindow
from hsconsole.ui.wizard import PAGE_CONNECTORS, PAGE_ENDPOINT, PAGE_PROFILE, PAGE_TEST, PAGE_TOKENS, SetupWizard
from tests.helpers import MemoryKeyring
from tests.test_setup_wizard import make_controller

TAMPA = DEMO_PHONES["tampa_new"]
DENVER = DEMO_PHONES["denver_booked"]


@pytest.fixture
def sims() -> Iterator[tuple[SimServer, ApptotoServer, AppServer, TimeZestState]]:
    with SimServer() as hs:
        token = hs.state.token
        tz_state = TimeZestState(token)
        with ApptotoServer(api_key=token) as apptoto, AppServer(lambda stop: create_app(tz_state, stop)) as tz:
            yield hs, apptoto, tz, tz_state


@pytest.fixture
def keychain() -> MemoryKeyring:
    return MemoryKeyring()


def close(qtbot: QtBot, controller: Controller, run: asyncio.Future[Any]) -> None:
    controller.window.confirm = lambda title, text: True  # unsaved edits may go
    controller.window.close()
    qtbot.waitUntil(run.done, timeout=10000)
    controller.demo.stop()


def look_up(qtbot: QtBot, window: MainWindow, phone: str) -> None:
    window.search(phone)
    qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == phone, timeout=8000)


def book_first_open_block(qtbot: QtBot, window: MainWindow) -> str:
    model = window.slot_view.slot_model
    for d, day in enumerate(model.days()):
        for r, row in enumerate(day.rows):
            if row.available > 0 and not row.current:
                window.slot_view.setCurrentIndex(model.index(r, 0, model.index(d, 0)))
                window.book()
                qtbot.waitUntil(lambda: not window.tasks.busy("book"), timeout=8000)
                return str(row.block_id)
    raise AssertionError("no open block")


def fill_wizard_with_both_connectors(qtbot: QtBot, controller: Controller, sims: Any) -> SetupWizard:
    """Profile "Sunrise", its token and origin tested, Apptoto and a read-only TimeZest key typed."""
    hs, apptoto, tz, _ = sims
    qtbot.waitUntil(lambda: controller.setup.wizard is not None and controller.setup.wizard.isVisible())
    wizard = controller.setup.wizard
    assert wizard is not None
    wizard.next()
    assert wizard.currentId() == PAGE_PROFILE
    wizard.profile_page.name.setText("Sunrise")
    wizard.next()
    assert wizard.currentId() == PAGE_TOKENS
    wizard.token_page.s2s.setText(hs.state.token)
    wizard.next()
    assert wizard.currentId() == PAGE_ENDPOINT
    wizard.endpoint_page.advanced.setChecked(True)
    wizard.endpoint_page.origin.setText(hs.url)
    wizard.next()
    assert wizard.currentId() == PAGE_TEST
    qtbot.waitUntil(lambda: wizard.test_page.passed, timeout=8000)
    wizard.next()  # the optional page: reminders and links
    assert wizard.currentId() == PAGE_CONNECTORS
    form = wizard.connectors_page.form
    form.apptoto_box.setChecked(True)
    form.apptoto_email.setText(apptoto.email)
    form.apptoto_key.setText(apptoto.api_key)
    form.apptoto_calendar.setText("HeavySet Appointments")
    form.apptoto_address_book.setText("HeavySet Leads")
    form.apptoto_origin.setText(apptoto.url)
    form.timezest_box.setChecked(True)
    form.timezest_key.setText(READ_ONLY_KEY)
    form.timezest_origin.setText(tz.url)
    return wizard


def test_wizard_sets_up_both_connectors_and_keeps_the_keys_in_the_keychain(
    qtbot: QtBot, sims: Any, tmp_path: Path, keychain: MemoryKeyring
) -> None:
    _hs, apptoto, _tz, _ = sims
    controller = make_controller(tmp_path, keychain)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = fill_wizard_with_both_connectors(qtbot, controller, sims)
    check = asyncio.ensure_future(wizard.connectors_page.form.test_timezest())
    qtbot.waitUntil(check.done, timeout=8000)
    assert check.result().read_only
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(task.done, timeout=8000)
    connection = task.result()
    assert isinstance(connection, Connection)
    assert connection.apptoto_key == apptoto.api_key and connection.timezest_key == READ_ONLY_KEY
    secrets = KeychainSecrets(keychain)
    assert secrets.get("Sunrise", "apptoto") == apptoto.api_key
    assert secrets.get("Sunrise", "timezest") == READ_ONLY_KEY
    saved = SettingsStore(tmp_path / "config" / "settings.json").load().profile("Sunrise")
    assert saved is not None and saved.apptoto is not None and saved.timezest is not None
    assert saved.apptoto.calendar == "HeavySet Appointments" and saved.timezest.read_only
    text = (tmp_path / "config" / "settings.json").read_text()
    assert apptoto.api_key not in text and READ_ONLY_KEY not in text


def test_closing_during_the_wizards_last_timezest_check_keeps_the_profile_its_keys_belong_to(
    qtbot: QtBot, sims: Any, tmp_path: Path, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = make_controller(tmp_path, keychain)
    checking = asyncio.Event()

    async def never_answers(settings: TimeZestSettings, key: str) -> TimeZestSettings:
        checking.set()
        await asyncio.Event().wait()
        raise AssertionError("not reached")

    monkeypatch.setattr(controller.setup, "learn_read_only", never_answers)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = fill_wizard_with_both_connectors(qtbot, controller, sims)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(checking.is_set, timeout=8000)
    task.cancel()  # what closing the window during start-up does
    qtbot.waitUntil(task.done, timeout=8000)
    assert KeychainSecrets(keychain).get("Sunrise", "timezest") == READ_ONLY_KEY
    settings = SettingsStore(tmp_path / "config" / "settings.json").load()
    saved = settings.profile("Sunrise")
    assert saved is not None and saved.timezest is not None and saved.apptoto is not None
    assert settings.active_profile == "Sunrise"


def test_a_booking_shows_its_reminder_and_a_read_only_key_cannot_send_links(
    qtbot: QtBot, sims: Any, tmp_path: Path, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    hs, apptoto, tz, _ = sims
    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    profile = Profile(
        name="Tampa",
        origin=hs.url,
        tested=True,
        apptoto=ApptotoSettings(email=apptoto.email, calendar="HeavySet Appointments", origin=apptoto.url),
        timezest=TimeZestSettings(origin=tz.url, read_only=True),
    )
    controller = make_controller(tmp_path, keychain)
    controller.store.save(controller.store.load().model_copy(update={"profiles": [profile]}))
    secrets = KeychainSecrets(keychain)
    secrets.set("Tampa", "s2s", hs.state.token)
    secrets.set("Tampa", "apptoto", apptoto.api_key)
    secrets.set("Tampa", "timezest", READ_ONLY_KEY)
    run = asyncio.ensure_future(controller.run())
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=8000)
    window: MainWindow = controller.window
    qtbot.waitUntil(lambda: window.connectors.reminders is not None, timeout=5000)
    assert window.connectors.scheduling is not None and window.connectors.scheduling.read_only
    look_up(qtbot, window, TAMPA)
    panel = window.connector_panel
    assert panel.isVisibleTo(window) and panel.reminder_box.isVisibleTo(window)
    qtbot.waitUntil(lambda: "No reminder appointment" in panel.reminder_state.text(), timeout=8000)
    assert not panel.send_link_button.isEnabled()
    assert "only read" in panel.send_link_button.toolTip()
    block = book_first_open_block(qtbot, window)
    qtbot.waitUntil(lambda: "Reached Apptoto" in window.statusBar().currentMessage(), timeout=8000)
    assert window.caller.lead is not None
    key = f"hsconsole-{window.caller.lead.lead_id}"
    events = [e for e in apptoto.state.events_snapshot() if e["external_id"] == key]
    assert len(events) == 1 and events[0]["custom_data"]["heavyset_block_id"] == block
    qtbot.waitUntil(lambda: "No reminder sent yet" in panel.reminder_state.text(), timeout=8000)
    apptoto.state.advance(3 * 3600)  # the homeowner gets the reminder and answers
    panel.reload_reminders()
    qtbot.waitUntil(lambda: "No reminder sent yet" not in panel.reminder_state.text(), timeout=8000)
    assert panel.reminder_detail.text()
    assert window.pages.currentIndex() == PAGE_LEAD
    close(qtbot, controller, run)


def test_settings_connectors_turns_apptoto_on_for_the_open_profile(
    qtbot: QtBot, sims: Any, tmp_path: Path, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    hs, apptoto, _tz, _ = sims
    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    controller = make_controller(tmp_path, keychain)
    controller.store.save(
        controller.store.load().model_copy(update={"profiles": [Profile(name="Plain", origin=hs.url, tested=True)]})
    )
    KeychainSecrets(keychain).set("Plain", "s2s", hs.state.token)
    run = asyncio.ensure_future(controller.run())
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=8000)
    window: MainWindow = controller.window
    # while the console is open, the collector (not allocation counts) decides when to collect
    assert controller.collector.running and not gc.isenabled()
    assert window.connectors.reminders is None and not window.connector_panel.isVisibleTo(window)
    assert not window.worklist_action.isEnabled()
    look_up(qtbot, window, DENVER)
    window.editor.inputs["city"].setText("Boulder")  # typed, not saved
    console = window.console
    window.connectors_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "connectors_dialog") is not None, timeout=5000)
    dialog: Any = window.findChild(QDialog, "connectors_dialog")
    form = dialog.form
    form.apptoto_box.setChecked(True)
    form.apptoto_email.setText(apptoto.email)
    form.apptoto_key.setText(f"  {apptoto.api_key} ")
    form.apptoto_calendar.setText("Installs")
    form.apptoto_origin.setText(apptoto.url)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: window.connectors.reminders is not None, timeout=8000)
    assert window.worklist_action.isEnabled()
    assert KeychainSecrets(keychain).get("Plain", "apptoto") == apptoto.api_key
    saved = SettingsStore(tmp_path / "config" / "settings.json").load().profile("Plain")
    assert saved is not None and saved.apptoto is not None and saved.apptoto.calendar == "Installs"
    assert "Connectors saved" in window.statusBar().currentMessage()
    # the session changed in place: same console and outbox, the lead and the typed edit still there
    assert window.console is console and console.mirror is not None and console.outbox is not None
    assert console.outbox.apptoto is not None
    assert window.caller.lead is not None and window.caller.lead.phone == DENVER
    assert window.editor.inputs["city"].text() == "Boulder" and window.editor.is_dirty()
    close(qtbot, controller, run)
    assert gc.isenabled() and not controller.collector.running


def test_an_environment_session_does_not_save_connectors(
    qtbot: QtBot, sims: Any, tmp_path: Path, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    hs, _apptoto, _tz, _ = sims
    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HSCONSOLE_TOKEN", hs.state.token)
    monkeypatch.setenv("HSCONSOLE_API_URL", hs.url)
    controller = make_controller(tmp_path, keychain)
    controller.store.save(
        controller.store.load().model_copy(
            update={"profiles": [Profile(name="Saved", origin="https://api.heavyset.tech", tested=True)]}
        )
    )
    run = asyncio.ensure_future(controller.run())
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=8000)
    window: MainWindow = controller.window
    window.connectors_action.trigger()
    qtbot.waitUntil(lambda: "Connectors" in controller.asked, timeout=5000)  # type: ignore[attr-defined]
    assert window.findChild(QDialog, "connectors_dialog") is None
    assert controller.connection is not None and controller.connection.profile.origin == hs.url
    close(qtbot, controller, run)


def test_demo_turns_both_connectors_on_and_the_worklist_looks_a_caller_up(
    qtbot: QtBot, tmp_path: Path, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    controller = make_controller(tmp_path, keychain, "--demo")
    run = asyncio.ensure_future(controller.run())
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=8000)
    window: MainWindow = controller.window
    qtbot.waitUntil(lambda: window.connectors.scheduling is not None, timeout=5000)
    assert window.connectors.reminders is not None and not window.connectors.scheduling.read_only
    window.worklist_action.trigger()
    worklist = window.worklist
    assert worklist is not None
    qtbot.waitUntil(lambda: worklist.model.rowCount() > 0, timeout=8000)
    target = next(r for r in worklist.visible_rows() if r.phone and r.attention)
    assert worklist.select_event(target.event_id)
    worklist.table.setFocus()
    qtbot.keyClick(worklist.table, Qt.Key.Key_Return)
    phone = target.phone
    qtbot.waitUntil(lambda: window.caller.lead is not None and window.caller.lead.phone == phone, timeout=8000)
    assert window.send_link_action.isEnabled()
    # the worklist stepped aside, and the caller's calendar has the keyboard: a new time is a jump and Enter away
    assert not worklist.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.slot_view, timeout=3000)
    window.worklist_action.trigger()  # and it comes back where the setter left it
    assert window.worklist is worklist and worklist.isVisible()
    assert worklist.selected_row() is not None and worklist.selected_row().event_id == target.event_id
    worklist.hide()

    # a lead without email: no link until the setter saves one, then Send is there at once
    look_up(qtbot, window, "+17205550128")
    panel = window.connector_panel
    assert window.caller.lead is not None and not window.caller.lead.email
    qtbot.waitUntil(lambda: "No email address" in panel.links_note.text(), timeout=8000)
    assert not panel.send_link_button.isEnabled() and "no email" in panel.send_link_button.toolTip()
    window.editor.inputs["email"].setText("emily.kim@example.com")
    window.save()
    qtbot.waitUntil(lambda: panel.send_link_button.isEnabled(), timeout=8000)
    qtbot.waitUntil(lambda: "No scheduling link sent to emily.kim@example.com" in panel.links_note.text(), timeout=8000)
    close(qtbot, controller, run)


def test_pending_changes_say_a_reminder_waits_for_its_heavyset_change(qtbot: QtBot, tmp_path: Path) -> None:
    import random

    from hsconsole.api.heavyset.endpoints import Endpoints
    from hsconsole.api.heavyset.s2s import S2SClient
    from hsconsole.api.heavyset.zapier import ZapierClient
    from hsconsole.services.outbox import OutboxService
    from hsconsole.store.outbox import FollowUp, OutboxStore
    from hsconsole.ui.outbox_panel import OutboxPanel
    from tests.helpers import fast_transport, tooltips_missing_text

    transport = fast_transport()
    endpoints = Endpoints("http://127.0.0.1:9")
    store = OutboxStore(tmp_path / "o.sqlite3", owner="panel")
    service = OutboxService(
        store, S2SClient(transport, "t", endpoints), ZapierClient(transport, "t", endpoints), "P", rng=random.Random(1)
    )
    mirror = FollowUp("apptoto_event", "apptoto", {"external_id": "hsconsole-1"}, "Apptoto reminder for Pat")
    store.add(
        profile="P",
        kind="update",
        phone="+18015551234",
        key="k1",
        payload={"phone": "+18015551234", "blockId": "b1"},
        summary="Book Pat",
        claim=False,
        follow_ups=[mirror],
    )
    panel = OutboxPanel(service, "UTC")
    qtbot.addWidget(panel)
    states = {panel.table.item(r, 0).text(): panel.table.item(r, 3).text() for r in range(panel.table.rowCount())}
    assert states == {"Book Pat": "Waiting to be sent", "Apptoto reminder for Pat": "Waits for its HeavySet change"}
    assert tooltips_missing_text(panel.table.model()) == []  # a cut cell is whole in its tooltip
    panel.table.selectRow(1)
    asked: list[str] = []
    panel.confirm = lambda title, text: asked.append(text) is None and False
    panel.discard()
    assert "never reach Apptoto" in asked[0]
    store.close()


class RefusingKeyring(MemoryKeyring):
    """A keychain that keeps the tokens but refuses the Apptoto key (a locked or full keychain)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        if "/apptoto" in username:
            raise keyring.errors.PasswordSetError("refused")
        super().set_password(service, username, password)


def test_a_keychain_refusing_a_key_asks_and_go_back_returns_to_the_connectors_page(
    qtbot: QtBot, sims: Any, tmp_path: Path
) -> None:
    hs, apptoto, _tz, _ = sims
    keychain = RefusingKeyring()
    controller = make_controller(tmp_path, keychain)
    answers = iter([1, 0])  # keys: go back; keys again: this session only
    asked: list[str] = []

    def ask(title: str, text: str, choices: list[str]) -> int:
        asked.append(text.split("\n")[-1])
        return next(answers)

    controller.ask = ask  # type: ignore[method-assign]
    task = asyncio.ensure_future(controller.run_wizard())
    qtbot.waitUntil(lambda: controller.setup.wizard is not None and controller.setup.wizard.isVisible())
    wizard = controller.setup.wizard
    assert wizard is not None
    wizard.next()
    wizard.profile_page.name.setText("Bare")
    wizard.next()
    wizard.token_page.s2s.setText(hs.state.token)
    wizard.next()
    wizard.endpoint_page.advanced.setChecked(True)
    wizard.endpoint_page.origin.setText(hs.url)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.test_page.passed, timeout=8000)
    wizard.next()
    form = wizard.connectors_page.form
    form.apptoto_box.setChecked(True)
    form.apptoto_email.setText(apptoto.email)
    form.apptoto_key.setText(apptoto.api_key)
    form.apptoto_calendar.setText("HeavySet Appointments")
    form.apptoto_origin.setText(apptoto.url)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    # "Go back": the wizard is open again on the connectors page, with what was typed
    qtbot.waitUntil(lambda: wizard.isVisible() and wizard.currentId() == PAGE_CONNECTORS, timeout=8000)
    assert not task.done() and form.apptoto_key.text() == apptoto.api_key
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(task.done, timeout=8000)
    connection = task.result()
    assert isinstance(connection, Connection) and connection.apptoto_key == apptoto.api_key
    assert len(asked) == 2  # the tokens went to the keychain; the refused key was asked about at each Finish
    assert KeychainSecrets(keychain).get("Bare", "s2s") == hs.state.token
    assert apptoto.api_key not in (tmp_path / "config" / "settings.json").read_text()


def test_messages_name_the_service_and_keep_heavysets_demo_mode_words() -> None:
    from hsconsole.api.errors import AuthRejectedError, DemoModeError, ServerError, UncertainCreateError
    from hsconsole.api.timezest.client import TimeZestPermissionError
    from hsconsole.ui.messages import describe

    assert "demo mode" in describe(DemoModeError("demo", status=403))
    assert "refused this key" not in describe(DemoModeError("demo", status=403))
    assert describe(TimeZestPermissionError("read-only key", status=403), "TimeZest").startswith(
        "TimeZest refused this key the action"
    )
    assert "Settings ▸ Connectors" in describe(AuthRejectedError("no", status=401), "Apptoto")
    assert describe(ServerError("boom", status=502), "Apptoto").startswith("Apptoto had a problem (HTTP 502)")
    unclear = UncertainCreateError("lost", first_attempt_at=datetime.now(UTC), sends=1)
    assert "checks first" in describe(unclear, "TimeZest")


def test_the_lead_view_says_when_a_connector_cannot_be_reached(qtbot: QtBot, arun: Any, sims: Any) -> None:
    from hsconsole.api.heavyset.models import ExistingLead
    from hsconsole.services.reminders import Reminders
    from hsconsole.services.scheduling import Scheduling
    from hsconsole.services.setup import Connectors, apptoto_client, timezest_client
    from hsconsole.ui.lead_extras import ConnectorPanel
    from tests.helpers import fast_transport

    _hs, apptoto, tz, _ = sims
    transport = fast_transport(attempts=1, read_timeout=1.0)
    settings = ApptotoSettings(email=apptoto.email, calendar="HeavySet Appointments", origin=apptoto.url)
    reminders = Reminders(apptoto_client(settings, apptoto.api_key, transport) or pytest.fail("no client"))
    client = timezest_client(TimeZestSettings(origin=tz.url), "wrong-key", transport) or pytest.fail("no client")
    panel = ConnectorPanel("America/Chicago")
    qtbot.addWidget(panel)
    panel.set_connectors(Connectors(reminders=reminders, scheduling=Scheduling(client)))
    apptoto.stop()  # Apptoto is down; TimeZest refuses the key
    lead = ExistingLead.model_validate({"phone": DENVER, "name": "Jane Doe", "email": "jane@example.com"})
    panel.show_lead(lead, "America/Denver")
    qtbot.waitUntil(lambda: "not available" in panel.reminder_state.text(), timeout=8000)
    assert panel.reminder_detail.text().startswith("Can't reach Apptoto")
    qtbot.waitUntil(lambda: "TimeZest" in panel.links_note.text(), timeout=8000)
    assert "rejected the API key" in panel.links_note.text()
    assert "wrong-key" not in panel.links_note.text()
    arun(transport.aclose())


def framed_controller(qtbot: QtBot, tmp_path: Path, keychain: MemoryKeyring, hs: SimServer, *argv: str) -> Controller:
    """A controller with a saved profile and a frame on screen, as ``run_console`` starts one."""
    controller = make_controller(tmp_path, keychain, *argv)
    controller.store.save(
        controller.store.load().model_copy(update={"profiles": [Profile(name="Plain", origin=hs.url, tested=True)]})
    )
    KeychainSecrets(keychain).set("Plain", "s2s", hs.state.token)
    frame = MainWindow(setter_zone="America/Denver")
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    controller.frame = frame
    return controller


def test_the_frame_becomes_the_console_and_a_number_typed_meanwhile_wins(
    qtbot: QtBot, sims: Any, tmp_path: Path, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    hs = sims[0]
    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    controller = framed_controller(qtbot, tmp_path, keychain, hs, "--phone", TAMPA)  # the dialer's number at launch
    frame = controller.frame
    assert not frame.setup_action.isEnabled() and not frame.book_button.isEnabled()
    frame.days_ahead.setValue(30)  # the setter chose more days while it started
    frame.search(DENVER)  # ... and typed a newer number
    run = asyncio.ensure_future(controller.run())
    qtbot.waitUntil(lambda: frame.ready and frame.caller.lead is not None, timeout=8000)
    assert controller.window is frame
    assert frame.caller.lead.phone == DENVER and frame.phone_input.text() == DENVER
    assert frame.days_ahead.value() == 30 and frame.setup_action.isEnabled()
    qtbot.wait(300)
    assert frame.caller.lead.phone == DENVER  # the launch number did not replace it
    close(qtbot, controller, run)


def test_a_frame_closed_before_the_console_came_is_not_shown_again(
    qtbot: QtBot, sims: Any, tmp_path: Path, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    hs = sims[0]
    monkeypatch.setenv("HSCONSOLE_DATA_DIR", str(tmp_path / "data"))
    controller = framed_controller(qtbot, tmp_path, keychain, hs)
    controller.frame.close()  # say, while a start-up message box was open
    run = asyncio.ensure_future(controller.run())
    qtbot.waitUntil(run.done, timeout=8000)
    assert run.cancelled() and not controller.frame.isVisible() and not controller.frame.ready
    assert controller.stores is None and controller.session is None  # nothing opened for it


def test_a_wizard_cancelled_after_keeping_tokens_leaves_none_without_a_profile(
    qtbot: QtBot, sims: Any, tmp_path: Path, keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    hs = sims[0]
    controller = make_controller(tmp_path, keychain)
    # a saved profile's secrets are not the cancelled wizard's to remove
    controller.settings.upsert(Profile(name="Saved", origin=hs.url, tested=True))
    KeychainSecrets(keychain).set("Saved", "s2s", "saved-profile-token")
    refused: list[str] = []

    def stay_on_the_page(
        profile: str, keys: Any, remove: Any, *, told: bool = False
    ) -> bool:  # as "Go back" on the keychain question
        refused.append(profile)
        return False

    monkeypatch.setattr(controller.keychain, "keep_keys", stay_on_the_page)
    task = asyncio.ensure_future(controller.run_wizard())
    wizard = fill_wizard_with_both_connectors(qtbot, controller, sims)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: refused == ["Sunrise"] and wizard.isVisible(), timeout=8000)
    assert KeychainSecrets(keychain).get("Sunrise", "s2s") == hs.state.token  # kept when Finish was pressed
    wizard.reject()  # the setter gives up
    qtbot.waitUntil(task.done, timeout=8000)
    assert task.result() is None
    assert KeychainSecrets(keychain).get("Sunrise", "s2s") is None
    assert KeychainSecrets(keychain).get("Saved", "s2s") == "saved-profile-token"
    assert SettingsStore(tmp_path / "config" / "settings.json").load().profile("Sunrise") is None

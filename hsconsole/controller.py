"""The console's controller: which profile to open (or the setup wizard), the window, its stores and clients.

Loaded by :mod:`hsconsole.app` once the window's frame is on screen (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hsconsole.api.transport import Transport
from hsconsole.domain.endpoints import DEFAULT_ORIGIN
from hsconsole.services.setup import console_for
from hsconsole.store.logfiles import REDACTOR
from hsconsole.store.secrets import TOKEN_KINDS, KeychainSecrets, LayeredSecrets, SecretsError, TokenKind
from hsconsole.store.settings import (
    ApptotoSettings,
    Profile,
    Settings,
    SettingsProblem,
    SettingsStore,
    TimeZestSettings,
    read_profile_file,
)
from hsconsole.ui.zone import setter_zone

if TYPE_CHECKING:
    from hsconsole.ui.single_instance import InstanceServer

log = logging.getLogger("hsconsole.init")

WARM_UP_MS = 250
"""After the first paint, the wire models' validators are built and the phone number library loaded (≈ 30 ms)."""
STORAGE_RETRY_MS = 2000
"""How often what the disk refused (outbox, activity log, settings) is tried again."""
AUTOTEST_INTERVAL = 30.0
"""Seconds between tests of a profile saved untested while the network is down."""


@dataclass
class Connection:
    profile: Profile
    s2s_token: str
    zapier_token: str
    mode_text: str
    endpoint_text: str
    apptoto_key: str | None = None
    timezest_key: str | None = None
    from_environment: bool = False
    """A session-only profile built from HSCONSOLE_TOKEN: nothing of it is saved."""

    def __post_init__(self) -> None:
        for secret in (self.s2s_token, self.zapier_token, self.apptoto_key, self.timezest_key):
            if secret:
                REDACTOR.register(secret)

    def __repr__(self) -> str:
        return f"Connection(profile={self.profile.name!r}, mode={self.mode_text!r})"


class Controller:
    """Chooses what to connect to, runs the setup wizard when needed, and owns the window.

    Dialogs go through :meth:`ask` and :meth:`inform` so tests can answer them.
    """

    def __init__(
        self,
        args: argparse.Namespace,
        *,
        store: SettingsStore | None = None,
        secrets: LayeredSecrets | None = None,
        checker: Any = None,
        frame: Any = None,
        instance: InstanceServer | None = None,
    ) -> None:
        """``frame``: the window, already shown without its console (:meth:`MainWindow.attach`);
        ``instance``: the single-instance channel already handing numbers to it (``app.open_frame``)."""
        from hsconsole.services.setup import check_connection

        self.args = args
        self.frame = frame
        self.instance = instance
        self.store = store or SettingsStore()
        self.secrets = secrets or LayeredSecrets(KeychainSecrets())
        self.checker = checker or check_connection
        self.settings = Settings()
        self.transport: Transport | None = None
        self.window: Any = None
        self.profile: Profile | None = None
        self.sim: Any = None
        self.connector_sims: list[Any] = []
        self.closed: asyncio.Event | None = None
        self._autotest: asyncio.Task[None] | None = None
        self.wizard: Any = None
        self.connection: Connection | None = None
        self.outbox_store: Any = None
        self.audit: Any = None
        self.problems: list[str] = []
        self.storage_notes: list[str] = []
        """Notes on the console's files made before there was a window to show them."""
        self.storage_problems: dict[str, str] = {}
        """Stores that could not open at all and run in memory only (source → what it means)."""
        self._told: set[str] = set()
        self.storage_timer: Any = None
        self.collector: Any = None

    # ------------------------------------------------------------ dialogs (replaced in tests)

    def ask(self, title: str, text: str, choices: list[str]) -> int:
        """Index of the chosen button, or -1 when the dialog was closed."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, REDACTOR.redact(text))
        buttons = [box.addButton(c, QMessageBox.ButtonRole.AcceptRole) for c in choices]
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(buttons) if b is clicked), -1)

    def inform(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(None, title, REDACTOR.redact(text))

    # ------------------------------------------------------------ start

    def load_settings(self) -> bool:
        """Read the settings, asking the setter what to do with a newer file. False: quit."""
        try:
            self.settings = self.store.load()
        except SettingsProblem as problem:
            choice = self.ask(
                "HeavySet Console settings",
                f"{problem}\n\nUpdate this console to keep using them, or start with fresh settings "
                "(the newer file is kept untouched beside the new one).",
                ["Start with fresh settings", "Use them read-only for now", "Quit"],
            )
            if choice == 0:
                self.store.set_aside(".newer")
                self.settings = Settings()
            elif choice == 1:
                self.store.read_only = True
                self.settings = Settings()
            else:
                return False
        if self.store.problem:  # a damaged file was set aside: said in the window, the start goes on
            self.note(self.store.problem)
        return True

    def note(self, text: str) -> None:
        """Something the setter should know about the console's files, shown until dismissed."""
        window = self.window or self.frame
        if window is not None:
            window.add_storage_note(text)
        else:
            self.storage_notes.append(text)

    def import_profile(self, path: str) -> bool:
        from pathlib import Path

        try:
            profile = read_profile_file(Path(path))
        except ValueError as exc:
            self.inform("Import profile", str(exc))
            return False
        old = self.settings.profile(profile.name)
        if old is not None:
            profile = profile.model_copy(update={"tested": old.tested, "page_label": old.page_label})
        self._save_as_active(profile)
        log.info("imported profile %r", profile.name)
        return True

    async def run(self) -> int:
        if not self.load_settings():
            return 1
        if self.args.import_profile and not self.import_profile(self.args.import_profile):
            return 1
        token = os.environ.get("HSCONSOLE_TOKEN", "").strip()
        if token:
            connection = self.environment_connection(token)
        elif self.args.demo:
            connection = self.demo_connection()
        else:
            chosen = await self.choose_profile()
            if chosen is None:
                return 0
            connection = chosen
        await self.open_window(connection)
        assert self.closed is not None
        try:
            await self.closed.wait()
        finally:
            await self.shutdown()
        return 0

    def environment_connection(self, token: str) -> Connection:
        origin = os.environ.get("HSCONSOLE_API_URL", DEFAULT_ORIGIN).strip() or DEFAULT_ORIGIN
        zapier = os.environ.get("HSCONSOLE_ZAPIER_TOKEN", "").strip() or token
        base = self.settings.active
        profile = (base or Profile(name="Environment")).model_copy(update={"origin": origin, "tested": True})
        mode = f"{profile.name} (token from environment)" if base else "Token from environment"
        return Connection(profile, token, zapier, mode, origin, from_environment=True)

    def demo_connection(self) -> Connection:
        from hsconsole.sim.apptoto import ApptotoServer
        from hsconsole.sim.server import SimServer
        from hsconsole.sim.timezest import TimeZestServer

        if self.sim is None:
            self.sim = SimServer()
            self.sim.start()
            log.info("demo simulator at %s", self.sim.url)
        token = self.sim.state.token
        if not self.connector_sims:
            self.connector_sims = [ApptotoServer(api_key=token).start(), TimeZestServer(api_key=token).start()]
        apptoto, timezest = self.connector_sims
        profile = Profile(
            name="Demo",
            origin=self.sim.url,
            tested=True,
            apptoto=ApptotoSettings(
                email=apptoto.email, calendar="HeavySet Appointments", address_book="HeavySet Leads", origin=apptoto.url
            ),
            timezest=TimeZestSettings(origin=timezest.url),
        )
        return Connection(profile, token, token, "DEMO", self.sim.url, apptoto_key=token, timezest_key=token)

    def stop_simulator(self) -> None:
        if self.sim is not None:
            self.sim.stop()
            self.sim = None
        for server in self.connector_sims:
            server.stop()
        self.connector_sims = []

    async def choose_profile(self) -> Connection | None:
        """The profile to open: --profile, else the active one; the wizard when none or no token."""
        wanted = self.args.profile
        profile = self.settings.profile(wanted) if wanted else self.settings.active
        if wanted and profile is None:
            self.inform("HeavySet Console", f"There is no profile named “{wanted}”. Set one up now.")
        if profile is not None:
            connection = self.connection_for(profile)
            if connection is not None:
                return connection
        return await self.run_wizard(initial=profile)

    def connection_for(self, profile: Profile) -> Connection | None:
        try:
            s2s = self.secrets.get(profile.name, "s2s")
            zapier = self.secrets.get(profile.name, "zapier") or s2s
        except SecretsError as exc:
            self.inform("Keychain", str(exc))
            return None
        if not s2s or not zapier:
            return None
        keys: dict[TokenKind, str | None] = {"apptoto": None, "timezest": None}
        used: dict[TokenKind, bool] = {"apptoto": profile.apptoto is not None, "timezest": profile.timezest is not None}
        for kind in keys:
            if not used[kind]:
                continue
            try:
                keys[kind] = self.secrets.get(profile.name, kind)
            except SecretsError as exc:
                self.problems.append(f"The {kind.capitalize()} key could not be read: {exc}")
                continue
            if not keys[kind]:
                self.problems.append(
                    f"{'Apptoto reminders' if kind == 'apptoto' else 'TimeZest links'} are off in this session: "
                    "the API key is not in the keychain. Settings ▸ Connectors takes it again."
                )
        return Connection(
            profile,
            s2s,
            zapier,
            profile.name,
            profile.origin,
            apptoto_key=keys["apptoto"],
            timezest_key=keys["timezest"],
        )

    async def run_wizard(self, initial: Profile | None = None) -> Connection | None:
        from hsconsole.ui.connectors_settings import ConnectorChoice
        from hsconsole.ui.wizard import PAGE_CONNECTORS, PAGE_TOKENS, SetupWizard

        if self.frame is not None and not self.frame.ready:
            self.frame.show_starting("Finish the setup to start the console.")
        log.info("setup wizard opened")
        taken = {p.name for p in self.settings.profiles}
        wizard = SetupWizard(self.checker, taken_names=taken, initial=initial, parent=self.window or self.frame)
        self.wizard = wizard
        choice: ConnectorChoice | None = None
        typed: dict[TokenKind, str | None] = {"apptoto": None, "timezest": None}
        kept: tuple[str, str, str] | None = None
        stored: set[str] = set()  # profiles whose secrets went to the keychain in this wizard
        try:
            while True:
                result = await wizard.run()
                if result is None or result.demo:
                    break
                assert result.profile is not None
                tokens = (result.profile.name, result.s2s_token, result.zapier_token)
                if tokens != kept and not self.keep_tokens(result.profile, result.s2s_token, result.zapier_token):
                    wizard.setStartId(PAGE_TOKENS)
                    wizard.restart()
                    continue
                kept = tokens  # back on the connectors page, the tokens are not asked about again
                stored.add(result.profile.name)
                typed = {"apptoto": None, "timezest": None}
                choice = result.connectors
                if choice is not None:  # keys typed on the connectors page
                    typed = {"apptoto": choice.apptoto_key, "timezest": choice.timezest_key}
                    off: dict[TokenKind, bool] = {
                        "apptoto": choice.apptoto is None,
                        "timezest": choice.timezest is None,
                    }
                    if not self.keep_keys(result.profile.name, typed, off):
                        wizard.setStartId(PAGE_CONNECTORS)
                        wizard.restart()
                        continue
                break
        except BaseException:  # closed behind the wizard: no secrets left without their profile
            self._forget_unsaved(stored)
            raise
        if result is None or result.demo:
            self._forget_unsaved(stored)
            return None if result is None else self.demo_connection()
        assert result.profile is not None
        profile = result.profile
        existing = self.settings.profile(profile.name)
        if choice is None and existing is not None:  # the page was not visited: the profile keeps its connectors
            choice = ConnectorChoice(existing.apptoto, None, existing.timezest, None)
        keys: dict[TokenKind, str | None] = {"apptoto": None, "timezest": None}
        if choice is not None:
            if choice.apptoto is not None:
                keys["apptoto"] = typed["apptoto"] or self._saved_key(profile.name, "apptoto")
            if choice.timezest is not None:
                keys["timezest"] = typed["timezest"] or self._saved_key(profile.name, "timezest")
            profile = profile.model_copy(update={"apptoto": choice.apptoto, "timezest": choice.timezest})
            missing = [
                name
                for name, wanted, key in (
                    ("Apptoto", choice.apptoto, keys["apptoto"]),
                    ("TimeZest", choice.timezest, keys["timezest"]),
                )
                if wanted is not None and not key
            ]
            if missing:  # kept in the settings: the key may be readable next time
                self.problems.append(
                    f"{' and '.join(missing)} stay off in this session: the API key could not be read from the "
                    "keychain. Settings ▸ Connectors takes it again."
                )
        # saved before anything is awaited: the keys are in the keychain already, and the profile they
        # belong to must not be lost if the window is closed during the TimeZest check below
        self._save_as_active(profile)
        if profile.timezest is not None and typed["timezest"]:
            learned = await self._learn_read_only(profile.timezest, typed["timezest"])
            if learned != profile.timezest:
                profile = profile.model_copy(update={"timezest": learned})
                self._save_as_active(profile)
        return Connection(
            profile,
            result.s2s_token,
            result.zapier_token,
            profile.name,
            profile.origin,
            apptoto_key=keys["apptoto"],
            timezest_key=keys["timezest"],
        )

    def _forget_unsaved(self, names: set[str]) -> None:
        """The secrets a cancelled wizard kept for profiles that were never saved."""
        for name in names:
            if self.settings.profile(name) is not None:
                continue  # a saved profile's new tokens replaced its old ones: they stay
            for kind in TOKEN_KINDS:
                try:
                    self.secrets.delete(name, kind)
                except SecretsError as exc:
                    log.warning("could not remove a cancelled profile's %s secret: %s", kind, exc)
            log.info("setup cancelled: the secrets kept for profile %r are removed", name)

    def _save_as_active(self, profile: Profile) -> None:
        self.settings.upsert(profile)
        self.settings.active_profile = profile.name
        self.store.save(self.settings)

    def keep_tokens(self, profile: Profile, s2s: str, zapier: str) -> bool:
        """Tokens into the keychain; without one, for this session only if the setter agrees."""
        tokens: dict[TokenKind, str] = {"s2s": s2s}
        if zapier != s2s:
            tokens["zapier"] = zapier
        return self._keep_secrets(
            profile.name,
            tokens,
            ["zapier"],
            "tokens",
            "It can keep the token for this session only: you will paste it again next time.",
        )

    def _keep_secrets(
        self, profile: str, secrets: dict[TokenKind, str], delete: list[TokenKind], what: str, session_only: str
    ) -> bool:
        """``secrets`` into the keychain (``delete`` dropped first); False when the setter wants to go back.

        Without a usable keychain the setter may keep them for this session only.
        """
        for secret in secrets.values():
            REDACTOR.register(secret)
        try:
            if self.secrets.usable:
                for kind in delete:
                    self.secrets.delete(profile, kind)
                for kind, secret in secrets.items():
                    self.secrets.set(profile, kind, secret)
                return True
            problem = f"This computer has no usable keychain ({self.secrets.description})."
        except SecretsError as exc:
            problem = str(exc)
        if not secrets:
            return True
        choice = self.ask(
            "No keychain",
            f"{problem}\n\nThe console never writes {what} to a plain file. {session_only}",
            ["Keep for this session only", "Go back"],
        )
        if choice != 0:
            return False
        for kind, secret in secrets.items():
            self.secrets.keep_for_session(profile, kind, secret)
        return True

    # ------------------------------------------------------------ the window

    async def open_window(self, connection: Connection) -> None:
        from hsconsole.ui.main_window import MainWindow
        from hsconsole.ui.single_instance import InstanceServer, route_to

        if self.frame is not None and self.frame.gone and not self.frame.ready:
            raise asyncio.CancelledError  # closed behind a start-up dialog: do not show it again
        self.closed = asyncio.Event()
        self.transport = Transport()
        self.profile = connection.profile
        self.open_stores()
        typed_meanwhile = False
        if self.frame is not None and not self.frame.ready:
            window = self.frame
            typed_meanwhile = window.attach(
                self.console(connection),
                audit=self.audit,
                settings=self.settings,
                settings_store=self.store,
                mode_text=connection.mode_text,
                endpoint_text=connection.endpoint_text,
            )
        else:
            window = MainWindow(
                self.console(connection),
                setter_zone=setter_zone(),
                audit=self.audit,
                settings=self.settings,
                settings_store=self.store,
                mode_text=connection.mode_text,
                endpoint_text=connection.endpoint_text,
            )
        self.window = window
        window.closed.connect(self.closed.set)
        window.setup_requested.connect(lambda: self.spawn(self.add_profile()))
        window.profile_requested.connect(lambda name: self.spawn(self.switch_profile(name)))
        window.replace_token_requested.connect(lambda: self.spawn(self.replace_token()))
        window.remove_profile_requested.connect(self.remove_profile)
        window.connectors_requested.connect(lambda: self.spawn(self.edit_connectors()))
        self.connection = connection
        self.refresh_profile_menu()
        if self.instance is None:  # no frame listening already (see app.open_frame)
            self.instance = InstanceServer()
            self.instance.listen()
            route_to(window, self.instance)
        window.show()
        from hsconsole.ui.collector import IdleCollector

        # start-up objects frozen, collections on a timer: none lands in the middle of a lookup
        self.collector = IdleCollector(window, busy=window.working)
        self.collector.start()
        window.closed.connect(self.collector.stop)
        # the connectors' clients load after the first paint: the window is usable at once
        window.set_connectors(self.connectors(connection, window.console))
        from PySide6.QtCore import QTimer

        from hsconsole.api.models import build_validators

        QTimer.singleShot(WARM_UP_MS, window, build_validators)
        self.watch_storage(window)
        if self.problems:
            window.show_banner("\n".join(self.problems))
        if self.args.phone and not typed_meanwhile:  # a number the setter typed since is newer
            window.search(self.args.phone)
        self.start_autotest(connection)

    def open_stores(self) -> None:
        """The outbox and the audit log in the data folder.

        A damaged file is repaired as it opens (:attr:`OutboxStore.recovery`), and a file that refuses
        writes keeps them in memory until it takes them (:attr:`OutboxStore.problem`); a file this console
        cannot use at all (a newer console's) is left alone and the session runs in memory, said so.
        """
        from hsconsole.store.audit import AuditLog, AuditLogError, default_audit_path
        from hsconsole.store.folders import data_dir
        from hsconsole.store.outbox import OutboxStore, new_owner

        owner = new_owner()
        try:
            self.outbox_store = OutboxStore(data_dir() / "outbox.sqlite3", owner=owner)
        except (OSError, RuntimeError, sqlite3.Error) as exc:
            log.error("the outbox file cannot be used: %s", exc)
            reason = str(exc) if isinstance(exc, RuntimeError) else f"The outbox file cannot be used ({exc})."
            self.storage_problems["outbox"] = (
                f"{reason} Changes are kept in memory only, until you quit: do not quit while changes are waiting "
                "(the Pending changes button in the status bar)."
            )
            self.outbox_store = OutboxStore(":memory:", owner=owner)
        try:
            self.audit = AuditLog(default_audit_path())
        except AuditLogError as exc:
            log.error("the activity log cannot be used: %s", exc)
            self.storage_problems["activity"] = f"{exc} The actions of this session are kept in memory only."
            self.audit = AuditLog(":memory:")

    def watch_storage(self, window: Any) -> None:
        """The window shows what is wrong with the console's files while it lasts, and what was repaired;
        what the files refused is retried every :data:`STORAGE_RETRY_MS`."""
        from PySide6.QtCore import QTimer

        for text in self.storage_notes:
            window.add_storage_note(text)
        self.storage_notes.clear()
        for source, store in (("outbox", self.outbox_store), ("activity", self.audit)):

            def update(source: str = source, store: Any = store) -> None:
                window.set_storage_problem(source, self.storage_problems.get(source) or store.problem)
                if store.recovery and store.recovery not in self._told:
                    self._told.add(store.recovery)
                    window.add_storage_note(store.recovery)

            store.on_problem.append(update)
            update()

        def settings_update() -> None:
            window.set_storage_problem("settings", self.store.save_problem)

        self.store.on_problem.append(settings_update)
        settings_update()
        self.storage_timer = QTimer(window)
        self.storage_timer.setInterval(STORAGE_RETRY_MS)
        self.storage_timer.timeout.connect(self.retry_storage)
        self.storage_timer.start()

    def retry_storage(self) -> None:
        """Write what the files refused, where something waits (each try is immediate, never a wait)."""
        for store in (self.outbox_store, self.audit):
            if store is not None and store.problem:
                store.retry_writes()
        if self.store.save_problem:
            self.store.retry_save()

    def console(self, connection: Connection) -> Any:
        assert self.transport is not None
        return console_for(
            connection.profile,
            connection.s2s_token,
            connection.zapier_token,
            self.transport,
            outbox=self.outbox_store,
            audit=self.audit,
            apptoto_key=connection.apptoto_key,
        )

    def connectors(self, connection: Connection, console: Any) -> Any:
        from hsconsole.services.setup import connectors_for

        assert self.transport is not None
        return connectors_for(
            connection.profile,
            console,
            self.transport,
            apptoto_key=connection.apptoto_key,
            timezest_key=connection.timezest_key,
            remember_trigger_mode=lambda mode: self.remember_trigger_mode(connection.profile.name, mode),
        )

    def remember_trigger_mode(self, profile_name: str, mode: str) -> None:
        """Keep the setter's choice of how TimeZest links reach homeowners with the saved profile."""
        saved = self.settings.profile(profile_name)
        if saved is None or saved.timezest is None or saved.timezest.trigger_mode == mode:
            return
        saved.timezest = saved.timezest.model_copy(update={"trigger_mode": mode})
        if self.profile is not None and self.profile.name == profile_name and self.profile.timezest is not None:
            self.profile.timezest = self.profile.timezest.model_copy(update={"trigger_mode": mode})
        self.store.save(self.settings)

    def spawn(self, coro: Any) -> None:
        assert self.window is not None
        self.window.tasks.spawn(coro)

    def refresh_profile_menu(self) -> None:
        if self.window is not None:
            names = [p.name for p in self.settings.profiles]
            active = self.profile.name if self.profile and self.profile.name in names else None
            self.window.set_profiles(names, active)

    async def use(self, connection: Connection) -> None:
        old = self.transport
        self.transport = Transport()
        self.profile = connection.profile
        self.connection = connection
        console = self.console(connection)
        self.window.use_console(console, connection.mode_text, connection.endpoint_text)
        self.window.set_connectors(self.connectors(connection, console))
        self.refresh_profile_menu()
        self.start_autotest(connection)
        if old is not None:
            await old.aclose()

    async def add_profile(self) -> None:
        if not self.window.may_discard_edits():
            return
        connection = await self.run_wizard()
        if connection is not None:
            await self.use(connection)

    async def switch_profile(self, name: str) -> None:
        profile = self.settings.profile(name)
        if profile is None or not self.window.may_discard_edits():
            self.refresh_profile_menu()
            return
        connection = self.connection_for(profile)
        if connection is None:
            connection = await self.run_wizard(initial=profile)
            if connection is None:
                self.refresh_profile_menu()
                return
        self.settings.active_profile = name
        self.store.save(self.settings)
        await self.use(connection)

    async def replace_token(self) -> None:
        if self.profile is None or self.settings.profile(self.profile.name) is None:
            self.inform("Replace token", "This session does not use a saved profile.")
            return
        connection = await self.run_wizard(initial=self.profile)
        if connection is not None:
            await self.use(connection)

    async def edit_connectors(self) -> None:
        """Settings ▸ Connectors: Apptoto and TimeZest for the current profile, keys into the keychain."""
        from PySide6.QtWidgets import QDialog

        from hsconsole.ui.connectors_settings import ConnectorsDialog

        connection = self.connection
        saved = self.settings.profile(connection.profile.name) if connection is not None else None
        if saved is None or connection is None or connection.from_environment:
            self.inform(
                "Connectors",
                "Connectors are set for a saved profile. This session has none (the demo or a token from the "
                "environment): the demo already uses the simulated Apptoto and TimeZest.",
            )
            return

        def read_key(kind: TokenKind) -> str | None:
            return self.secrets.get(saved.name, kind)

        dialog = ConnectorsDialog(
            saved,
            has_apptoto_key=bool(connection.apptoto_key),
            has_timezest_key=bool(connection.timezest_key),
            read_key=read_key,
            parent=self.window,
        )
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def finished(code: int) -> None:
            if not done.done():
                done.set_result(code)

        dialog.finished.connect(finished)
        dialog.open()
        if await done != QDialog.DialogCode.Accepted.value or (choice := dialog.result_choice()) is None:
            return
        typed: dict[TokenKind, str | None] = {
            "apptoto": choice.apptoto_key if choice.apptoto else None,
            "timezest": choice.timezest_key if choice.timezest else None,
        }
        off: dict[TokenKind, bool] = {"apptoto": choice.apptoto is None, "timezest": choice.timezest is None}
        if not self.keep_keys(saved.name, typed, off):
            return
        saved.apptoto = choice.apptoto
        saved.timezest = choice.timezest
        self.store.save(self.settings)
        # the open session changes in place: the lead on screen, its edits and the outbox stay as they are
        updated = dataclasses.replace(
            connection,
            profile=connection.profile.model_copy(update={"apptoto": choice.apptoto, "timezest": choice.timezest}),
            apptoto_key=(typed["apptoto"] or connection.apptoto_key) if choice.apptoto else None,
            timezest_key=(typed["timezest"] or connection.timezest_key) if choice.timezest else None,
        )
        self.use_connectors(updated)
        on = [name for name, used in (("Apptoto", choice.apptoto), ("TimeZest", choice.timezest)) if used]
        self.window.status("Connectors saved: " + (", ".join(on) + " on" if on else "both off"))

    def use_connectors(self, connection: Connection) -> None:
        """The open window's connectors follow ``connection`` (same HeavySet console and outbox)."""
        from hsconsole.services.setup import use_apptoto

        assert self.transport is not None
        self.connection = connection
        self.profile = connection.profile
        console = self.window.console
        use_apptoto(console, connection.profile, connection.apptoto_key, self.transport)
        self.window.set_connectors(self.connectors(connection, console))

    async def _learn_read_only(self, settings: TimeZestSettings, key: str) -> TimeZestSettings:
        """Whether a new TimeZest key may send links (a wizard page cannot wait for the test)."""
        from hsconsole.services.setup import check_timezest

        check = await check_timezest(settings, key)
        return settings.model_copy(update={"read_only": check.read_only}) if check.ok else settings

    def _saved_key(self, profile: str, kind: TokenKind) -> str | None:
        try:
            return self.secrets.get(profile, kind)
        except SecretsError:
            return None

    def keep_keys(self, profile: str, keys: dict[TokenKind, str | None], remove: dict[TokenKind, bool]) -> bool:
        """New connector keys into the keychain (a connector turned off loses its key); False to stay."""
        typed = {kind: key for kind, key in keys.items() if key}
        gone = [kind for kind, off in remove.items() if off and kind not in typed]
        return self._keep_secrets(
            profile,
            typed,
            gone,
            "API keys",
            "It can keep them for this session only: you will paste them again next time.",
        )

    def remove_profile(self) -> None:
        profile = self.profile
        if profile is None or self.settings.profile(profile.name) is None:
            return
        choice = self.ask(
            "Remove profile",
            f"Remove the profile “{profile.name}” and delete its tokens from the keychain?",
            ["Remove", "Keep"],
        )
        if choice != 0:
            return
        for kind in TOKEN_KINDS:
            try:
                self.secrets.delete(profile.name, kind)
            except SecretsError as exc:
                self.inform("Keychain", str(exc))
        self.settings.remove(profile.name)
        self.store.save(self.settings)
        self.refresh_profile_menu()
        self.window.status(f"Profile {profile.name} removed; its tokens are deleted")

    # ------------------------------------------------------------ untested profiles

    def start_autotest(self, connection: Connection) -> None:
        if self._autotest is not None:
            self._autotest.cancel()
            self._autotest = None
        if not connection.profile.tested and self.settings.profile(connection.profile.name) is not None:
            self._autotest = self.window.tasks.spawn(self.autotest(connection), slot="autotest")

    async def autotest(self, connection: Connection, interval: float = AUTOTEST_INTERVAL) -> None:
        """Test a profile saved untested until the network lets us; then record the result."""
        from hsconsole.ui.messages import describe

        while True:
            check = await self.checker(connection.profile, connection.s2s_token, connection.zapier_token)
            if check.ok:
                saved = self.settings.profile(connection.profile.name)
                if saved is not None:
                    page = check.page
                    saved.tested = True
                    saved.page_label = page.label if page else None
                    saved.page_id = page.page_id if page else None
                    self.store.save(self.settings)
                self.window.status(f"Profile {connection.profile.name} tested: connected")
                return
            if not check.offline:
                self.window.show_banner("Testing this profile failed. " + describe(check.errors[0]))
                return
            await asyncio.sleep(interval)

    async def shutdown(self) -> None:
        if self.storage_timer is not None:
            self.storage_timer.stop()
        if self.collector is not None:
            self.collector.stop()
        if self.instance is not None:
            self.instance.close()
        if self.window is not None:
            await self.window.tasks.cancel_all()
        if self.transport is not None:
            await self.transport.aclose()
        if self.outbox_store is not None:
            self.outbox_store.close()
        if self.audit is not None:
            self.audit.close()

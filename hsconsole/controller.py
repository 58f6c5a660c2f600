"""The console's controller: opens the chosen profile's session in the window and switches profiles.

Which profile and which secrets come from :mod:`hsconsole.connection`, a new profile from the setup
wizard (:mod:`hsconsole.setup_flow`), the demo's servers from :mod:`hsconsole.demo`, and everything
a profile works with from :class:`hsconsole.services.session.Session`.

Loaded by :mod:`hsconsole.app` once the window's frame is on screen (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from hsconsole.connection import Connection, ProfileKeychain, Profiles, environment_connection
from hsconsole.demo import DemoServers
from hsconsole.services.session import Session, Stores
from hsconsole.setup_flow import SetupFlow
from hsconsole.store.logfiles import REDACTOR
from hsconsole.store.secrets import KeychainSecrets, LayeredSecrets, TokenKind
from hsconsole.store.settings import Profile, Settings, SettingsStore
from hsconsole.ui.language import translate
from hsconsole.ui.zone import setter_zone

if TYPE_CHECKING:
    from hsconsole.ui.single_instance import InstanceServer

log = logging.getLogger("hsconsole.init")

WARM_UP_MS = 250
RETENTION_DELAY_MS = 5_000
"""The retention policy starts this long after the window is shown."""
"""After the first paint, the wire models' validators are built and the phone number library loaded (≈ 30 ms)."""
STORAGE_RETRY_MS = 2000
"""How often what the disk refused (outbox, activity log, settings) is tried again."""
AUTOTEST_INTERVAL = 30.0
"""Seconds between tests of a profile saved untested while the network is down."""


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
        self.secrets = secrets or LayeredSecrets(KeychainSecrets())
        self.profiles = Profiles(store or SettingsStore(), self)
        self.keychain = ProfileKeychain(self.secrets, self)
        self.demo = DemoServers()
        self.setup = SetupFlow(self.profiles, self.keychain, self.demo, checker or check_connection)
        self.window: Any = None
        self.profile: Profile | None = None
        self.connection: Connection | None = None
        self.stores: Stores | None = None
        """The data folder's outbox and activity log, open from the window's first profile to the end."""
        self.session: Session | None = None
        """The open profile's console, connectors and transport."""
        self.closed: asyncio.Event | None = None
        self._autotest: asyncio.Task[None] | None = None
        self.storage_notes: list[str] = []
        """Notes on the console's files made before there was a window to show them."""
        self._told: set[str] = set()
        self.storage_timer: Any = None
        self.collector: Any = None

    @property
    def settings(self) -> Settings:
        return self.profiles.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self.profiles.settings = settings

    @property
    def store(self) -> SettingsStore:
        return self.profiles.store

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

    def note(self, text: str) -> None:
        """Something the setter should know about the console's files, shown until dismissed."""
        window = self.window or self.frame
        if window is not None:
            window.notices.add_storage_note(text)
        else:
            self.storage_notes.append(text)

    async def run(self) -> int:
        if not self.profiles.load():
            return 1
        if self.store.problem:  # a damaged file was set aside: said in the window, the start goes on
            self.note(self.store.problem)
        if self.args.import_profile and not self.profiles.import_file(self.args.import_profile):
            return 1
        connection = environment_connection(self.settings)
        if connection is None and self.args.demo:
            connection = self.demo.connection()
        if connection is None:
            connection = await self.choose_profile()
            if connection is None:
                return 0
        await self.open_window(connection)
        assert self.closed is not None
        try:
            await self.closed.wait()
        finally:
            await self.shutdown()
        return 0

    async def choose_profile(self) -> Connection | None:
        """The profile to open: --profile, else the active one; the wizard when none or no token."""
        wanted = self.args.profile
        profile = self.settings.profile(wanted) if wanted else self.settings.active
        if wanted and profile is None:
            self.inform(
                "HeavySet Console",
                translate("Console", "There is no profile named “{name}”. Set one up now.").format(name=wanted),
            )
        if profile is not None:
            connection = self.keychain.connection_for(profile)
            if connection is not None:
                return connection
        return await self.run_wizard(initial=profile)

    async def run_wizard(self, initial: Profile | None = None) -> Connection | None:
        """The setup wizard over the window (or its frame); the connection it set up, or None."""
        return await self.setup.run(initial, frame=self.frame, parent=self.window or self.frame)

    # ------------------------------------------------------------ the window

    async def open_window(self, connection: Connection) -> None:
        from hsconsole.ui.main_window import MainWindow
        from hsconsole.ui.single_instance import InstanceServer, route_to

        if self.frame is not None and self.frame.gone and not self.frame.ready:
            raise asyncio.CancelledError  # closed behind a start-up dialog: do not show it again
        self.closed = asyncio.Event()
        self.profile = connection.profile
        self.stores = Stores.open()
        session = self.session = self.open_session(connection)
        typed_meanwhile = False
        if self.frame is not None and not self.frame.ready:
            window = self.frame
            typed_meanwhile = window.attach(
                session.console,
                audit=self.stores.audit,
                settings=self.settings,
                settings_store=self.store,
                mode_text=connection.mode_text,
                endpoint_text=connection.endpoint_text,
            )
        else:
            window = MainWindow(
                session.console,
                setter_zone=setter_zone(self.settings.setter_zone),
                audit=self.stores.audit,
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
        window.set_connectors(session.load_connectors())
        from PySide6.QtCore import QTimer

        from hsconsole.api.heavyset.models import build_validators

        QTimer.singleShot(WARM_UP_MS, window, build_validators)
        # the retention policy, once a start, beside the window once it has settled: the data folder does not
        # grow without bound, and a year of what is over never holds up the start nor its first lookups
        QTimer.singleShot(RETENTION_DELAY_MS, window, self.apply_retention)
        self.watch_storage(window)
        if connection.problems:
            window.show_banner("\n".join(connection.problems))
        if self.args.phone and not typed_meanwhile:  # a number the setter typed since is newer
            window.search(self.args.phone)
        self.start_autotest(connection)

    def open_session(self, connection: Connection) -> Session:
        """The session of ``connection`` on the open stores; its connectors load later (after a paint)."""
        assert self.stores is not None
        return Session.open(
            connection.profile,
            connection.s2s_token,
            connection.zapier_token,
            apptoto_key=connection.apptoto_key,
            timezest_key=connection.timezest_key,
            stores=self.stores,
            remember=self.remember_learned,
            connectors=False,
        )

    def apply_retention(self) -> None:
        """What is over leaves the data folder (:meth:`Stores.prune_in_background`, a thread of its own)."""
        if self.stores is not None:
            self.stores.prune_in_background(
                done_changes_days=self.settings.keep_done_changes_days,
                activity_months=self.settings.keep_activity_months,
            )

    def watch_storage(self, window: Any) -> None:
        """The window shows what is wrong with the console's files while it lasts, and what was repaired;
        what the files refused is retried every :data:`STORAGE_RETRY_MS`."""
        from PySide6.QtCore import QTimer

        stores = self.stores
        assert stores is not None
        for text in self.storage_notes:
            window.notices.add_storage_note(text)
        self.storage_notes.clear()
        for source, store in (("outbox", stores.outbox), ("activity", stores.audit)):
            if store is None:
                continue

            def update(source: str = source, store: Any = store) -> None:
                window.notices.set_storage_problem(source, stores.problem(source))
                if store.recovery and store.recovery not in self._told:
                    self._told.add(store.recovery)
                    window.notices.add_storage_note(store.recovery)

            store.on_problem.append(update)
            update()

        def settings_update() -> None:
            window.notices.set_storage_problem("settings", self.store.save_problem)

        self.store.on_problem.append(settings_update)
        settings_update()
        self.storage_timer = QTimer(window)
        self.storage_timer.setInterval(STORAGE_RETRY_MS)
        self.storage_timer.timeout.connect(self.retry_storage)
        self.storage_timer.start()

    def retry_storage(self) -> None:
        """Write what the files refused, where something waits (each try is immediate, never a wait)."""
        if self.stores is not None:
            self.stores.retry_writes()
        if self.store.save_problem:
            self.store.retry_save()

    def remember_learned(self, profile: Profile) -> None:
        """Keep with the saved profile what the console learned about its servers (where HeavySet wants the
        token) and the setter's choices in it (how TimeZest links reach homeowners)."""
        saved = self.settings.profile(profile.name)
        if saved is None:
            return
        changed = False
        if saved.token_in_body != profile.token_in_body:
            saved.token_in_body = profile.token_in_body
            changed = True
        mode = profile.timezest.trigger_mode if profile.timezest is not None else None
        if saved.timezest is not None and mode is not None and saved.timezest.trigger_mode != mode:
            saved.timezest = saved.timezest.model_copy(update={"trigger_mode": mode})
            changed = True
        if not changed:
            return
        if self.profile is not None and self.profile.name == profile.name:
            self.profile = self.profile.model_copy(
                update={"token_in_body": saved.token_in_body, "timezest": saved.timezest}
            )
        self.profiles.save()

    def spawn(self, coro: Any) -> None:
        assert self.window is not None
        self.window.tasks.spawn(coro)

    def refresh_profile_menu(self) -> None:
        if self.window is not None:
            names = self.profiles.names()
            active = self.profile.name if self.profile and self.profile.name in names else None
            self.window.set_profiles(names, active)

    # ------------------------------------------------------------ profiles

    async def use(self, connection: Connection) -> None:
        """Work on ``connection``'s profile from now on: a new session on the same stores."""
        old = self.session
        self.profile = connection.profile
        self.connection = connection
        session = self.session = self.open_session(connection)
        self.window.use_console(session.console, connection.mode_text, connection.endpoint_text)
        self.window.set_connectors(session.load_connectors())
        self.refresh_profile_menu()
        self.start_autotest(connection)
        if old is not None:
            await old.close()

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
        connection = self.keychain.connection_for(profile)
        if connection is None:
            connection = await self.run_wizard(initial=profile)
            if connection is None:
                self.refresh_profile_menu()
                return
        self.settings.active_profile = name
        self.profiles.save()
        await self.use(connection)

    async def replace_token(self) -> None:
        if self.profile is None or self.settings.profile(self.profile.name) is None:
            self.inform(
                translate("Console", "Replace token"),
                translate("Console", "This session does not use a saved profile."),
            )
            return
        connection = await self.run_wizard(initial=self.profile)
        if connection is not None:
            await self.use(connection)

    async def edit_connectors(self) -> None:
        """Settings ▸ Connectors: Apptoto and TimeZest for the current profile, keys into the keychain."""
        from PySide6.QtWidgets import QDialog

        from hsconsole.ui.connectors_dialog import ConnectorsDialog

        connection = self.connection
        saved = self.settings.profile(connection.profile.name) if connection is not None else None
        if saved is None or connection is None or connection.from_environment:
            self.inform(
                translate("Console", "Connectors"),
                translate(
                    "Console",
                    "Connectors are set for a saved profile. This session has none (the demo or a token from the "
                    "environment): the demo already uses the simulated Apptoto and TimeZest.",
                ),
            )
            return

        def read_key(kind: TokenKind) -> str | None:
            return self.keychain.read_key(saved.name, kind)

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
        if not self.keychain.keep_keys(saved.name, typed, off):
            return
        saved.apptoto = choice.apptoto
        saved.timezest = choice.timezest
        self.profiles.save()
        # the open session changes in place: the lead on screen, its edits and the outbox stay as they are
        updated = dataclasses.replace(
            connection,
            profile=connection.profile.model_copy(update={"apptoto": choice.apptoto, "timezest": choice.timezest}),
            apptoto_key=(typed["apptoto"] or connection.apptoto_key) if choice.apptoto else None,
            timezest_key=(typed["timezest"] or connection.timezest_key) if choice.timezest else None,
        )
        self.use_connectors(updated)
        on = ", ".join(name for name, used in (("Apptoto", choice.apptoto), ("TimeZest", choice.timezest)) if used)
        self.window.status(
            translate("Console", "Connectors saved: {names} on").format(names=on)
            if on
            else translate("Console", "Connectors saved: both off")
        )

    def use_connectors(self, connection: Connection) -> None:
        """The open window's connectors follow ``connection`` (same HeavySet console and outbox)."""
        assert self.session is not None
        self.connection = connection
        self.profile = connection.profile
        connectors = self.session.use_connectors(connection.profile, connection.apptoto_key, connection.timezest_key)
        self.window.set_connectors(connectors)

    def remove_profile(self) -> None:
        profile = self.profile
        if profile is None or self.settings.profile(profile.name) is None:
            return
        choice = self.ask(
            translate("Console", "Remove profile"),
            translate("Console", "Remove the profile “{name}” and delete its tokens from the keychain?").format(
                name=profile.name
            ),
            [translate("Console", "Remove"), translate("Console", "Keep")],
        )
        if choice != 0:
            return
        self.keychain.forget(profile.name)
        self.settings.remove(profile.name)
        self.profiles.save()
        self.refresh_profile_menu()
        self.window.status(
            translate("Console", "Profile {name} removed; its tokens are deleted").format(name=profile.name)
        )

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
            check = await self.setup.checker(connection.profile, connection.s2s_token, connection.zapier_token)
            if check.ok:
                saved = self.settings.profile(connection.profile.name)
                if saved is not None:
                    page = check.page
                    saved.tested = True
                    saved.page_label = page.label if page else None
                    saved.page_id = page.page_id if page else None
                    self.profiles.save()
                self.window.status(
                    translate("Console", "Profile {name} tested: connected").format(name=connection.profile.name)
                )
                return
            if not check.offline:
                failed = translate("Console", "Testing this profile failed.")
                self.window.show_banner(f"{failed} {describe(check.errors[0])}")
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
        try:
            if self.session is not None:
                await self.session.close()
        finally:
            if self.stores is not None:
                self.stores.close()

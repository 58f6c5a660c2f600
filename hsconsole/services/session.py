"""What a profile needs to work, built in one place and closed in the right order.

A :class:`Session` is one profile's console on one :class:`Transport`: the
HeavySet clients and the console (:func:`~hsconsole.services.setup.console_for`),
the optional connectors (:func:`~hsconsole.services.setup.connectors_for`),
and the data folder's :class:`Stores` (the outbox and the activity log) the
console writes to. The window, the benchmarks and the self-test all open one
this way::

    async with Session.open(profile, s2s_token, zapier_token, data_dir=folder) as session:
        await session.console.lookup(phone)

The stores belong to the data folder, not to a profile: switching profiles
opens a new session on the stores already open (``stores=``), and only the
session that opened them closes them. The outbox's replayer
(:meth:`OutboxService.run`, reached as :attr:`Session.outbox`) is run by
whoever shows its progress (the window), not by the session.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from hsconsole.api.transport import Transport
from hsconsole.domain.words import translate
from hsconsole.services.console import Console
from hsconsole.services.outbox import OutboxService
from hsconsole.services.setup import Connectors, connectors_for, console_for, use_apptoto
from hsconsole.store.audit import AuditLog, AuditLogError
from hsconsole.store.folders import data_dir as default_data_dir
from hsconsole.store.outbox import OutboxStore, new_owner
from hsconsole.store.settings import Profile

log = logging.getLogger("hsconsole.init")

OUTBOX_FILE = "outbox.sqlite3"
AUDIT_FILE = "audit.sqlite3"
CHECK_AFTER_S = 5.0
"""The activity log's pages are checked this long after it opens, once the window is up (a year of lines takes
a tenth of a second of a core)."""


class Stores:
    """The outbox and the activity log of one data folder.

    Opening repairs a damaged file (the store's ``recovery`` says what was done), and a file that
    refuses writes keeps them in memory until it takes them (the store's ``problem``). A file this
    console cannot use at all (a newer console's, an unreadable folder) is left alone: that store runs
    in memory for the session and :attr:`problems` says so, in setter words, under ``"outbox"`` or
    ``"activity"``.
    """

    def __init__(self, outbox: OutboxStore, audit: AuditLog | None, problems: dict[str, str] | None = None) -> None:
        self.outbox = outbox
        self.audit = audit
        self.problems: dict[str, str] = dict(problems or {})
        """Stores that could not open their file and run in memory only (source → what it means)."""

    @classmethod
    def open(cls, folder: Path | None = None, *, owner: str | None = None, audit: bool = True) -> Stores:
        """The stores in ``folder`` (default: the console's data folder, ``HSCONSOLE_DATA_DIR`` when set).

        ``owner``: the outbox's claim owner (default: this process, :func:`new_owner`);
        ``audit=False``: no activity log (the console then records nothing).
        """
        owner = owner or new_owner()
        folder = folder if folder is not None else default_data_dir()
        problems: dict[str, str] = {}
        try:
            outbox = OutboxStore(folder / OUTBOX_FILE, owner=owner)
        except (OSError, RuntimeError, sqlite3.Error) as exc:
            log.error("the outbox file cannot be used: %s", exc)
            reason = (
                str(exc)
                if isinstance(exc, RuntimeError)
                else translate("Storage", "The outbox file cannot be used ({why}).").format(why=exc)
            )
            memory = translate(
                "Storage",
                "Changes are kept in memory only, until you quit: do not quit while changes are waiting "
                "(the Pending changes button in the status bar).",
            )
            problems["outbox"] = f"{reason} {memory}"
            outbox = OutboxStore(":memory:", owner=owner)
        log_file: AuditLog | None = None
        if audit:
            try:
                log_file = AuditLog(folder / AUDIT_FILE, check_after=CHECK_AFTER_S)  # a year: checked later
            except AuditLogError as exc:
                log.error("the activity log cannot be used: %s", exc)
                memory = translate("Storage", "The actions of this session are kept in memory only.")
                problems["activity"] = f"{exc} {memory}"
                log_file = AuditLog(":memory:")
        return cls(outbox, log_file, problems)

    def prune(self, *, done_changes_days: int, activity_months: int, now: datetime | None = None) -> tuple[int, int]:
        """Apply the retention policy: changes over for more than ``done_changes_days`` leave the outbox, lines
        older than ``activity_months`` (of 31 days) the activity log. Waiting and refused changes always stay.
        Returns how many of each went."""
        now = now or datetime.now(UTC)
        changes = self.outbox.prune((now - timedelta(days=done_changes_days)).timestamp())
        lines = self.audit.prune(now - timedelta(days=31 * activity_months)) if self.audit is not None else 0
        return changes, lines

    def prune_in_background(self, *, done_changes_days: int, activity_months: int) -> threading.Thread:
        """:meth:`prune` on a thread of its own, started now: a year of lines goes without holding up the start.

        The stores delete in short batches, each letting go of the store's lock, so a change or a line the
        window writes meanwhile waits for one batch at most; closing the stores stops it (the rest goes at
        the next start). A failure is logged, never raised."""

        def work() -> None:
            try:
                changes, lines = self.prune(done_changes_days=done_changes_days, activity_months=activity_months)
            except Exception:
                log.exception("the retention policy could not be applied")
                return
            log.info("retention: %d changes and %d activity lines went", changes, lines)

        worker = threading.Thread(target=work, name="hsconsole-retention", daemon=True)
        worker.start()
        return worker

    def problem(self, source: str) -> str | None:
        """What is wrong with the ``"outbox"`` or ``"activity"`` store now, in setter words, or None."""
        store = self.outbox if source == "outbox" else self.audit
        return self.problems.get(source) or (store.problem if store is not None else None)

    def retry_writes(self) -> None:
        """Write what the files refused, where something waits (each try is immediate, never a wait)."""
        for store in (self.outbox, self.audit):
            if store is not None and store.problem:
                store.retry_writes()

    def close(self) -> None:
        self.outbox.close()
        if self.audit is not None:
            self.audit.close()

    def __enter__(self) -> Stores:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Stores(outbox={self.outbox.path!r}, audit={self.audit!r})"


class Session:
    """One profile's console, connectors, transport and stores; :meth:`close` ends them all.

    Build it with :meth:`open`. ``connectors`` is None until :meth:`load_connectors` (which
    :meth:`open` calls unless asked not to, so that a window can show before the connectors load).
    """

    def __init__(
        self,
        profile: Profile,
        transport: Transport,
        stores: Stores,
        console: Console,
        *,
        apptoto_key: str | None,
        timezest_key: str | None,
        owns_stores: bool,
        remember: Callable[[Profile], None] | None = None,
    ) -> None:
        self.profile = profile
        self._remember = remember
        self.transport = transport
        self.stores = stores
        self.console = console
        self.connectors: Connectors | None = None
        self._apptoto_key = apptoto_key
        self._timezest_key = timezest_key
        self._owns_stores = owns_stores
        self._closed = False

    @classmethod
    def open(
        cls,
        profile: Profile,
        s2s_token: str,
        zapier_token: str,
        *,
        apptoto_key: str | None = None,
        timezest_key: str | None = None,
        stores: Stores | None = None,
        data_dir: Path | None = None,
        transport: Transport | None = None,
        remember: Callable[[Profile], None] | None = None,
        connectors: bool = True,
    ) -> Session:
        """The session of ``profile`` with these tokens and connector keys.

        ``stores``: the data folder's stores already open (kept open by :meth:`close`); without them
        the stores of ``data_dir`` (default: the console's data folder) are opened here and closed by
        :meth:`close`. ``transport``: the one to use (closed by :meth:`close`); default, the product's.
        ``remember``: given the profile again when the console learns something about its server worth
        keeping (:func:`console_for`). ``connectors=False``: load them later (:meth:`load_connectors`).
        """
        own_stores = stores is None
        stores = stores if stores is not None else Stores.open(data_dir)
        transport = transport if transport is not None else Transport()
        try:
            console = console_for(
                profile,
                s2s_token,
                zapier_token,
                transport,
                outbox=stores.outbox,
                audit=stores.audit,
                apptoto_key=apptoto_key,
                remember=remember,
            )
        except BaseException:
            if own_stores:
                stores.close()
            raise
        session = cls(
            profile,
            transport,
            stores,
            console,
            apptoto_key=apptoto_key,
            timezest_key=timezest_key,
            owns_stores=own_stores,
            remember=remember,
        )
        if connectors:
            session.load_connectors()
        return session

    @property
    def outbox(self) -> OutboxService:
        """The console's outbox service: its replayer is :meth:`OutboxService.run`."""
        service = self.console.outbox
        assert service is not None  # a session's console always has its outbox
        return service

    def load_connectors(self) -> Connectors:
        """Build the profile's Apptoto and TimeZest services (their modules load only when used)."""
        self.connectors = connectors_for(
            self.profile,
            self.console,
            self.transport,
            apptoto_key=self._apptoto_key,
            timezest_key=self._timezest_key,
            remember_trigger_mode=self._remember_trigger_mode,
        )
        return self.connectors

    def _remember_trigger_mode(self, mode: str) -> None:
        """The setter chose how TimeZest links reach homeowners: kept with the profile (``remember``)."""
        timezest = self.profile.timezest
        if timezest is None or timezest.trigger_mode == mode:
            return
        self.profile = self.profile.model_copy(update={"timezest": timezest.model_copy(update={"trigger_mode": mode})})
        if self._remember is not None:
            self._remember(self.profile)

    def use_connectors(self, profile: Profile, apptoto_key: str | None, timezest_key: str | None) -> Connectors:
        """The connectors of ``profile`` (this session's, with new connector settings) from now on.

        The console, its outbox and whatever waits in it stay; bookings are mirrored with the new
        Apptoto settings (:func:`use_apptoto`).
        """
        self.profile = profile
        self._apptoto_key = apptoto_key
        self._timezest_key = timezest_key
        use_apptoto(self.console, profile, apptoto_key, self.transport)
        return self.load_connectors()

    async def close(self) -> None:
        """Close the transport, then the stores this session opened. A second call does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            await self.transport.aclose()
        finally:
            if self._owns_stores:
                self.stores.close()

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"Session(profile={self.profile.name!r}, stores={self.stores!r})"

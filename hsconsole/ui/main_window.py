"""The console window: phone search, lead editor, slot calendar, dispositions.

Every network call runs as an asyncio task on the qasync loop through one
:class:`TaskKeeper`; the window never blocks. A button's action is disabled
while its request is in flight, so a double click never sends twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLineEdit,
    QMainWindow,
    QSplitter,
)

from hsconsole.services.layout import WindowLayout
from hsconsole.ui.actions import CommandActions, build_actions, console_actions, show_profiles
from hsconsole.ui.calendar_pane import CalendarPane
from hsconsole.ui.caller import Caller, Screen, Situation, buttons_for
from hsconsole.ui.change_flows import ChangeFlows
from hsconsole.ui.dialogs import ask_line, ask_yes, quit_question
from hsconsole.ui.geometry import restore_window
from hsconsole.ui.language import translate
from hsconsole.ui.lead_pane import PAGE_EMPTY, PAGE_LEAD, PAGE_NEW, LeadPane
from hsconsole.ui.lead_pane import PAGE_LOOKING_UP as PAGE_LOOKING_UP  # re-exported with the pages above
from hsconsole.ui.lookup_flow import LookupFlow
from hsconsole.ui.new_lead_flow import NewLeadFlow
from hsconsole.ui.notices import Notices
from hsconsole.ui.outbox_watch import OutboxWatch
from hsconsole.ui.runner import Runner
from hsconsole.ui.search_pane import SearchPane
from hsconsole.ui.setter_zone_flow import SetterZoneFlow
from hsconsole.ui.side_windows import SideWindows
from hsconsole.ui.status_line import StatusLine

if TYPE_CHECKING:  # the window's frame is shown before the service layer is loaded (docs/PERFORMANCE.md)
    import asyncio

    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QSpinBox

    from hsconsole.services.audit import AuditLog
    from hsconsole.services.console import Console
    from hsconsole.services.models import LeadCreated
    from hsconsole.services.outbox import OutboxService
    from hsconsole.services.settings import Settings, SettingsStore
    from hsconsole.services.setup import Connectors
    from hsconsole.ui.calendar import SlotView
    from hsconsole.ui.editor import LeadEditor
    from hsconsole.ui.new_lead import NewLeadForm
    from hsconsole.ui.shortcuts import ShortcutOverlay

log = logging.getLogger("hsconsole.ui")

PAGE_OF = {
    Screen.EMPTY: PAGE_EMPTY,
    Screen.LEAD: PAGE_LEAD,
    Screen.FIXING: PAGE_LEAD,
    Screen.NEW_LEAD: PAGE_NEW,
}
"""The page each screen shows; a lookup keeps the page it started on until it is slow (PAGE_LOOKING_UP)."""


class MainWindow(QMainWindow, CommandActions):
    """Signals:
    closed(): the window has closed; pending work is being cancelled.
    lead_shown(str): a lead (E.164 phone) is now in the editor.
    setup_requested(): Settings → Set up / Add profile.
    profile_requested(str): the setter switched to that profile.
    replace_token_requested(): Settings → Replace token.
    remove_profile_requested(): Settings → Remove profile and its tokens.
    connectors_requested(): Settings → Connectors (Apptoto, TimeZest).
    """

    # the panes and the widgets the flows use, bound from the panes
    search_pane: SearchPane
    phone_input: QLineEdit
    editor: LeadEditor
    new_lead_form: NewLeadForm
    calendar_pane: CalendarPane
    calendar_title: QLabel
    days_ahead: QSpinBox
    refresh_button: QPushButton
    slot_view: SlotView
    slot_note: QLabel
    book_button: QPushButton
    cancel_appt_button: QPushButton

    closed = Signal()
    lead_shown = Signal(str)
    setup_requested = Signal()
    profile_requested = Signal(str)
    replace_token_requested = Signal()
    remove_profile_requested = Signal()
    connectors_requested = Signal()

    def __init__(
        self,
        console: Console | None = None,
        *,
        setter_zone: str = "",
        settings: Settings | None = None,
        settings_store: SettingsStore | None = None,
        mode_text: str = "",
        endpoint_text: str = "",
        audit: AuditLog | None = None,
        layout: WindowLayout | None = None,
    ) -> None:
        """Without ``console`` only the frame is built (the phone field, the calendar pane, menus, status
        bar), from modules that import no service layer, so it can be shown at once; :meth:`attach` adds
        the rest. A number typed and entered meanwhile is looked up as soon as it is attached.
        ``setter_zone`` (an IANA name): the system's (:func:`hsconsole.ui.zone.setter_zone`) when not
        given, found at :meth:`attach` (the zone database loads with the rest)."""
        super().__init__()
        self.audit = audit
        self.setter_zone = setter_zone
        self.settings: Settings = settings  # type: ignore[assignment]  # None only until attach()
        self.settings_store = settings_store
        self.side = SideWindows(self, self)
        self.caller = Caller()
        """The caller on screen and everything of theirs; replaced, never reused, for the next one."""
        self._widgets_for: Caller | None = None
        """The caller the lead page's own widgets (reason, comment, scroll position) were last reset for."""
        self._waiting_search: str | None = None
        self._starting_note = translate("MainWindow", "Starting…")
        self._ready = False
        self.shortcut_overlay: ShortcutOverlay | None = None
        self._closed = False
        self.confirm: Callable[[str, str], bool] = self._confirm_dialog
        self.ask_text: Callable[..., str | None] = self._ask_text_dialog
        """``ask_text(title, prompt, buttons=("OK", "Cancel"))``: one line of text, or None."""
        self._layout = layout or (
            WindowLayout(settings.window_geometry, settings.splitter_state, settings.limit_days)
            if settings is not None
            else WindowLayout()
        )

        self.setObjectName("main_window")
        # the use cases, each beside the window in its own module, over the window's widgets
        self.outbox_watch = OutboxWatch(self)
        self.lookup = LookupFlow(self, self)
        self.changes = ChangeFlows(self)
        self.new_leads = NewLeadFlow(self)
        self.zones = SetterZoneFlow(self, self)

        self._build_search_pane()
        self._build_middle()
        self._build_calendar_pane()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.search_pane)
        self.splitter.addWidget(self.middle)
        self.splitter.addWidget(self.calendar_pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([240, 490, 630])
        self.setCentralWidget(self.splitter)

        self.notices = Notices(self.banner, self.storage_banner, self.statusBar(), lambda: self._closed)
        self.status_line = StatusLine(self.statusBar())
        self.status_line.pending_button.clicked.connect(self.show_outbox)
        self.mode_label, self.connection_label = self.status_line.mode_label, self.status_line.connection_label
        self.zone_label = self.status_line.zone_label
        self.pending_button = self.status_line.pending_button

        self._build_actions()
        if console is None:  # until attach(): the phone field, the shortcuts and quit
            for action in console_actions(self):
                action.setEnabled(False)
            for button in (self.book_button, self.cancel_appt_button, self.refresh_button):
                button.setEnabled(False)
        self.show_mode(mode_text, endpoint_text)
        self._restore_layout()
        QTimer.singleShot(0, self.phone_input.setFocus)
        if console is not None:
            self.attach(console, settings=settings, settings_store=settings_store, audit=audit)

    # ================================================================ the caller on screen

    def next_caller(self, phone: str | None, screen: Screen) -> Caller:
        """Turn to another caller: a new :class:`Caller`, nothing kept of the last one."""
        self.caller.go(screen)  # the move must be one the last caller's screen allows
        self.caller = Caller(phone=phone, screen=screen)
        return self.caller

    def show_screen(self, screen: Screen) -> None:
        """Move the caller to ``screen`` and show its page; the lead page's widgets are the caller's own."""
        self.caller.go(screen)
        if screen in PAGE_OF:
            self.pages.setCurrentIndex(PAGE_OF[screen])
        if self._widgets_for is not self.caller:
            self._widgets_for = self.caller
            self._reset_caller_widgets()

    def _reset_caller_widgets(self) -> None:
        """What the last caller left in the lead page's own widgets goes: no reason stays chosen for the next
        caller, no comment, and the page starts at the top (the name in view)."""
        if not self._ready:
            return
        self.lead_pane.reset_for_caller()
        self.show_waiting("")

    @property
    def ready(self) -> bool:
        """The console is attached: lookups and changes run."""
        return self._ready

    def show_starting(self, note: str) -> None:
        """What the console waits for before it is attached (say, the setup wizard), in the status line."""
        self._starting_note = note
        self.status(note)

    @property
    def gone(self) -> bool:
        """Closed (possibly before the console was attached)."""
        return self._closed

    def attach(
        self,
        console: Console,
        *,
        settings: Settings | None = None,
        settings_store: SettingsStore | None = None,
        audit: AuditLog | None = None,
        mode_text: str | None = None,
        endpoint_text: str = "",
    ) -> bool:
        """The rest of the window and the console it works with (once; :meth:`use_console` switches).

        True when a number entered before is being looked up now."""
        from hsconsole.services.settings import Settings
        from hsconsole.services.setup import Connectors
        from hsconsole.services.tasks import TaskKeeper

        self.console = console
        self.audit = audit
        self.settings = settings or Settings()
        if not self.setter_zone:
            from hsconsole.ui.zone import setter_zone

            self.setter_zone = setter_zone(self.settings.setter_zone)
        self.zones.attached()
        self.settings_store = settings_store
        self.tasks = TaskKeeper()
        self.runner = Runner(
            self.tasks, status=self.status, changed=self.update_buttons, search_started=self.lookup.search_started
        )
        self.connectors = Connectors()
        if self.days_ahead.value() == self._layout.limit_days:  # unless the setter changed it meanwhile
            self.days_ahead.setValue(self.settings.limit_days)
        self._build_lead_pages()
        self._use_region(console)
        self.phone_input.setClearButtonEnabled(True)  # its icon costs the first paint ≈ 5 ms
        for action in console_actions(self):
            action.setEnabled(True)
        self._ready = True
        self.status("")  # what it waited for (the setup) is over
        self.status_line.not_connected()
        self._use_outbox(console.outbox)
        if mode_text is not None:
            self.show_mode(mode_text, endpoint_text)
        self.update_buttons()
        self.lookup.attached()
        self.look_ahead_action.setChecked(self.settings.lookup_when_complete)
        self.lookup.ahead.on = self.settings.lookup_when_complete
        waiting, self._waiting_search = self._waiting_search, None
        return waiting is not None and self.search(waiting) is not None

    # ================================================================ layout

    def _build_search_pane(self) -> None:
        pane = SearchPane()
        pane.search_requested.connect(lambda raw: self.lookup.ahead.absorbs_enter(raw) or self.search(raw))
        pane.recent_chosen.connect(self.search)
        pane.phone_input.textChanged.connect(self.lookup.phone_typed)
        self.search_pane = pane
        self.phone_input, self.phone_hint, self.spinner = pane.phone_input, pane.phone_hint, pane.spinner
        self.search_button, self.recent = pane.search_button, pane.recent

    def _build_middle(self) -> None:
        self.lead_pane = LeadPane()
        self.middle = self.lead_pane
        self.banner, self.pages, self.storage_banner = (
            self.lead_pane.banner,
            self.lead_pane.pages,
            self.lead_pane.storage_banner,
        )

    def _build_lead_pages(self) -> None:
        """The lead, not-found and new-lead pages (their widgets import the service layer), bound to the flows."""
        pane = self.lead_pane
        pane.build_pages(self.setter_zone, self.zones.changed)
        pane.use_log(self.audit)
        pane.history.show_all_requested.connect(self.side.show_activity)
        pane.editor.dirty_changed.connect(lambda _dirty: self.update_buttons())
        pane.editor.wrong_changed.connect(lambda _wrong: self.update_buttons())
        pane.new_lead_form.wrong_changed.connect(lambda _wrong: self.update_buttons())
        pane.save_button.clicked.connect(self.save)
        pane.revert_button.clicked.connect(self.revert)
        pane.disqualify_button.clicked.connect(self.disqualify)
        pane.refresh_dispositions_button.clicked.connect(self.reload_dispositions)
        pane.connector_panel.send_link_requested.connect(self.send_link)
        pane.new_lead_form.submitted.connect(self.create_lead)
        pane.new_lead_form.cancelled.connect(self.new_leads.back)
        self.editor, self.save_button, self.revert_button = pane.editor, pane.save_button, pane.revert_button
        self.disposition_combo, self.disposition_comment = pane.disposition_combo, pane.disposition_comment
        self.disqualify_button, self.refresh_dispositions_button = (
            pane.disqualify_button,
            pane.refresh_dispositions_button,
        )
        self.connector_panel, self.lead_scroll = pane.connector_panel, pane.lead_scroll
        self.new_lead_form, self.looking_up_label = pane.new_lead_form, pane.looking_up_label

    def _build_calendar_pane(self) -> None:
        pane = CalendarPane(self._layout.limit_days)
        pane.days_ahead.editingFinished.connect(self.refresh_slots)
        pane.refresh_button.clicked.connect(self.refresh_slots)
        pane.book_button.clicked.connect(self.book)
        pane.cancel_button.clicked.connect(self.cancel_appointment)
        pane.slot_view.selection_changed.connect(self.update_buttons)
        self.calendar_pane = pane
        self.calendar_title, self.days_ahead, self.refresh_button = pane.title, pane.days_ahead, pane.refresh_button
        self.slot_view, self.slot_note = pane.slot_view, pane.slot_note
        self.book_button, self.cancel_appt_button = pane.book_button, pane.cancel_button

    def _build_actions(self) -> None:
        """The menus and shortcuts, from the one table of commands (:data:`hsconsole.ui.actions.ACTIONS`)."""
        build_actions(self)
        self.question_shortcut = QShortcut(QKeySequence("?"), self)
        self.question_shortcut.activated.connect(self.show_shortcuts)
        self.set_profiles([], None)

    # ================================================================ profiles

    def show_mode(self, mode_text: str, endpoint_text: str = "") -> None:
        """Title and status bar say which profile (or DEMO) the console works on."""
        self.setWindowTitle("HeavySet Console" + (f" — {mode_text}" if mode_text else ""))
        self.status_line.show_mode(mode_text, endpoint_text)

    def set_profiles(self, names: list[str], active: str | None) -> None:
        show_profiles(self, names, active, self.profile_requested.emit)

    def may_discard_edits(self) -> bool:
        """True when nothing unsaved would be lost, or the setter agreed to lose it."""
        return self.lookup.may_leave_lead(None)

    def _use_region(self, console: Console) -> None:
        """The profile's region reads the numbers and postal codes typed in the forms."""
        self.editor.region = self.new_lead_form.region = console.region

    def use_console(self, console: Console, mode_text: str, endpoint_text: str = "") -> None:
        """Work on another profile from now on: its own clients, a clean screen."""
        from hsconsole.services.setup import Connectors

        self.tasks.cancel_pending()
        self.console = console
        self._use_region(console)
        self._use_outbox(console.outbox)
        self.set_connectors(Connectors())
        self.next_caller(None, Screen.EMPTY)
        self.show_screen(Screen.EMPTY)
        self.calendar_pane.clear()
        self.disposition_combo.clear()
        self.recent.clear()
        self.show_banner("")
        self.status_line.not_connected()
        self.show_mode(mode_text, endpoint_text)
        self.status(translate("MainWindow", "Working on {profile}").format(profile=mode_text))
        self.update_buttons()
        self.focus_phone()

    def _use_outbox(self, outbox: OutboxService | None) -> None:
        """The profile's outbox: watched, sent from, and the one Pending changes shows."""
        self.side.close_outbox_panel()
        self.outbox_watch.attach(outbox)

    # ================================================================ the setter's zone

    def toggle_look_ahead(self) -> None:
        self.settings.lookup_when_complete = self.lookup.ahead.on = self.look_ahead_action.isChecked()
        self.save_settings()

    # ================================================================ connectors

    def set_connectors(self, connectors: Connectors) -> None:
        """The profile's Apptoto and TimeZest services (None where off)."""
        self.connectors = connectors
        self.connector_panel.set_connectors(connectors)
        self.side.close_connector_windows()
        self.worklist_action.setEnabled(connectors.reminders is not None)
        self.report_action.setEnabled(connectors.scheduling is not None)
        self.update_buttons()
        lead = self.caller.shown_lead
        if lead is not None:
            self.connector_panel.show_lead(lead, self.editor.lead_zone)

    def send_link(self) -> None:
        self.side.send_link()

    def show_activity(self) -> None:
        self.side.show_activity()

    def show_outbox(self) -> None:
        self.side.show_outbox(self.outbox_watch.outbox)

    @property
    def worklist(self) -> Any:
        return self.side.worklist

    @property
    def outbox_panel(self) -> Any:
        return self.side.outbox_panel

    # ================================================================ helpers

    def _confirm_dialog(self, title: str, text: str) -> bool:
        return ask_yes(self, title, text)

    def _ask_text_dialog(self, title: str, prompt: str, *, buttons: tuple[str, str] = ("OK", "Cancel")) -> str | None:
        return ask_line(self, title, prompt, buttons=buttons)

    @property
    def banner_text(self) -> str:
        """What the banner says besides the caller's waiting changes."""
        return self.notices.text

    def show_banner(self, text: str) -> None:
        """The banner's note above the caller's own note on changes waiting (:class:`Notices`)."""
        self.notices.show_banner(text)

    def show_waiting(self, text: str) -> None:
        """The caller's changes waiting in the outbox, in words, or nothing: said until they land."""
        self.caller.waiting_banner = text or None
        self.notices.show_waiting(text)

    def status(self, text: str) -> None:
        self.notices.status(text)

    def report(self, exc: BaseException, doing: str) -> None:
        """Show a failure in setter words: banner + status bar, never a traceback."""
        self.notices.report(exc, doing)
        self.outbox_watch.connection(exc)

    def run(
        self, slot: str, work: Callable[[], Coroutine[Any, Any, None]], *, busy: tuple[QAbstractButton, ...] = ()
    ) -> asyncio.Task[None] | None:
        """Start ``work()`` in the background (:meth:`Runner.run`)."""
        return self.runner.run(slot, work, busy=busy)

    def busy(self, slot: str) -> bool:
        return self.tasks.busy(slot)

    def working(self) -> bool:
        """A lookup, a change or another request is on its way (the outbox's replayer aside)."""
        return self.tasks.working(besides=("replayer",))

    def update_buttons(self) -> None:
        if self._closed or not self._ready:
            return
        row = self.slot_view.selected_row()
        lead = self.caller.lead
        buttons = buttons_for(
            Situation(
                self.caller.screen,
                has_lead=lead is not None,
                has_new_lead=self.caller.new_lead is not None,
                has_appointment=lead is not None and lead.has_active_appointment,
                dirty=self.editor.is_dirty(),
                block_bookable=row is not None and row.bookable,
                reasons=self.disposition_combo.count(),
                wrong=bool(self.editor.problems()),
                new_lead_wrong=bool(self.new_lead_form.problems()),
                scheduling=self.connectors.scheduling is not None,
                busy=frozenset(self.tasks.busy_slots()),
            )
        )
        self.lead_pane.show_buttons(buttons)
        self.calendar_pane.show_buttons(buttons)
        for action, on in (
            (self.save_action, buttons.save),
            (self.book_action, buttons.book),
            (self.cancel_action, buttons.cancel),
            (self.reload_reasons_action, buttons.reload_reasons),
            (self.send_link_action, buttons.send_link),
        ):
            action.setEnabled(on)
        self.lookup.follow_spinner()

    # ================================================================ the use cases, bound to the flows

    def focus_phone(self) -> None:
        self.phone_input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.phone_input.selectAll()

    def focus_blocks(self) -> None:
        self.slot_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.slot_view.currentIndex().isValid():
            self.slot_view.set_days(self.slot_view.slot_model.days())

    def focus_dispositions(self) -> None:
        if self.caller.screen.shows_lead:
            self.disposition_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def search(self, raw: str) -> asyncio.Task[None] | None:
        """Look ``raw`` up; a new search cancels the one in flight. Before :meth:`attach`, once it is done."""
        if not self._ready:
            self._waiting_search = raw
            if self.phone_input.text() != raw:  # handed over by another start, or a dialer's link
                self.phone_input.setText(raw)
            later = translate("MainWindow", "The number is looked up as soon as the console is ready.")
            self.status(f"{self._starting_note} {later}")
            return None
        return self.lookup.search(raw)

    def refresh_slots(self) -> None:
        self.lookup.refresh_slots()

    async def reload_slots(self, select: str | None = None, *, quiet: bool = False) -> None:
        await self.lookup.reload_slots(select, quiet=quiet)

    def reload_dispositions(self) -> None:
        """Ask the CRM for its not-qualified reasons again (the choice and the comment being typed stay)."""
        self.lookup.load_dispositions(refresh=True)

    def save(self) -> None:
        self.changes.save()

    def revert(self) -> None:
        self.changes.revert()

    def book(self) -> None:
        self.changes.book()

    def cancel_appointment(self) -> None:
        self.changes.cancel_appointment()

    def disqualify(self) -> None:
        self.changes.disqualify()

    def start_new_lead(self) -> None:
        self.new_leads.start()

    def create_lead(self) -> None:
        self.new_leads.create()

    async def continue_new_lead(self, phone: str, created: LeadCreated) -> None:
        await self.new_leads.carry_on(phone, created)

    def fix_entry(self, entry_id: int) -> None:
        """Open a refused change's lead with what was typed back in the editor."""
        self.outbox_watch.fix_entry(entry_id)

    # ================================================================ misc

    def show_shortcuts(self) -> None:
        from hsconsole.ui.shortcuts import ShortcutOverlay

        if self.shortcut_overlay is None:
            self.shortcut_overlay = ShortcutOverlay(self)
        self.shortcut_overlay.open()

    def _restore_layout(self) -> None:
        restore_window(self, self._layout.geometry)  # where it was left if that fits a screen now, else fitted
        if self._layout.splitter:
            self.splitter.restoreState(QByteArray.fromBase64(self._layout.splitter.encode()))

    def _save_layout(self) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        self.settings.splitter_state = bytes(self.splitter.saveState().toBase64().data()).decode()
        self.settings.limit_days = self.days_ahead.value()
        self.save_settings()

    def save_settings(self) -> None:
        if self.settings_store is not None:
            try:
                self.settings_store.save(self.settings)
            except OSError as exc:
                log.warning("could not save the settings: %s", type(exc).__name__)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._ready:  # before attach() nothing is typed in a lead and no task runs
            dirty = self.caller.lead is not None and self.caller.screen.shows_lead and self.editor.is_dirty()
            if dirty and not self.confirm(*quit_question()):
                event.ignore()
                return
            self._save_layout()
        self._closed = True
        if self._ready:
            self.tasks.cancel_pending()
        event.accept()
        self.closed.emit()

"""The console window: phone search, lead editor, slot calendar, dispositions.

Every network call runs as an asyncio task on the qasync loop through one
:class:`TaskKeeper`; the window never blocks. A button's action is disabled
while its request is in flight, so a double click never sends twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLineEdit,
    QMainWindow,
    QSplitter,
)

from hsconsole.services.layout import WindowLayout
from hsconsole.ui.actions import ACTIONS, build_actions
from hsconsole.ui.calendar_pane import CalendarPane
from hsconsole.ui.caller import Caller, Screen, Situation, buttons_for
from hsconsole.ui.forms import too_long, uncut
from hsconsole.ui.lead_pane import PAGE_EMPTY, PAGE_LEAD, PAGE_LOOKING_UP, PAGE_NEW, PAGE_NOT_FOUND, LeadPane
from hsconsole.ui.search_pane import SearchPane
from hsconsole.ui.side_windows import SideWindows
from hsconsole.ui.status_line import StatusLine

if TYPE_CHECKING:  # the window's frame is shown before the service layer is loaded (docs/PERFORMANCE.md)
    import asyncio

    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QPushButton, QSpinBox

    from hsconsole.services.audit import AuditLog
    from hsconsole.services.calendar import DayGroup
    from hsconsole.services.console import Consent, Console, LookupResult, NewLead
    from hsconsole.services.errors import Queued
    from hsconsole.services.models import ExistingLead, LeadCreated, LeadSubmission, TimeSlots
    from hsconsole.services.outbox import OutboxEntry, OutboxService
    from hsconsole.services.settings import Settings, SettingsStore
    from hsconsole.services.setup import Connectors
    from hsconsole.ui.calendar import SlotView
    from hsconsole.ui.shortcuts import ShortcutOverlay

log = logging.getLogger("hsconsole.ui")

PAGE_OF = {
    Screen.EMPTY: PAGE_EMPTY,
    Screen.LEAD: PAGE_LEAD,
    Screen.FIXING: PAGE_LEAD,
    Screen.NOT_FOUND: PAGE_NOT_FOUND,
    Screen.NEW_LEAD: PAGE_NEW,
}
"""The page each screen shows; a lookup keeps the page it started on until it is slow (PAGE_LOOKING_UP)."""
RECENT_LIMIT = 25
SPINNER_DELAY_MS = 150
"""A lookup shows its progress bar only when it takes longer than this."""
PHONE_ROLE = Qt.ItemDataRole.UserRole + 1
T = TypeVar("T")


class MainWindow(QMainWindow):
    """Signals:
    closed(): the window has closed; pending work is being cancelled.
    lead_shown(str): a lead (E.164 phone) is now in the editor.
    setup_requested(): Settings → Set up / Add profile.
    profile_requested(str): the setter switched to that profile.
    replace_token_requested(): Settings → Replace token.
    remove_profile_requested(): Settings → Remove profile and its tokens.
    connectors_requested(): Settings → Connectors (Apptoto, TimeZest).
    """

    # the commands' actions, made by build_actions from hsconsole.ui.actions.ACTIONS
    new_lead_action: QAction
    quit_action: QAction
    find_action: QAction
    save_action: QAction
    revert_action: QAction
    dispositions_action: QAction
    reload_reasons_action: QAction
    outbox_action: QAction
    activity_action: QAction
    send_link_action: QAction
    blocks_action: QAction
    book_action: QAction
    cancel_action: QAction
    refresh_action: QAction
    worklist_action: QAction
    report_action: QAction
    setup_action: QAction
    replace_token_action: QAction
    remove_profile_action: QAction
    connectors_action: QAction
    help_action: QAction
    profiles_menu: QMenu
    # the panes and the widgets the flows use, bound from the panes
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
        self._banner_text = ""
        self._search_phone: str | None = None
        self._waiting_search: str | None = None
        self._starting_note = "Starting…"
        self._ready = False
        self.shortcut_overlay: ShortcutOverlay | None = None
        self._closed = False
        self._offline = False
        self.confirm: Callable[[str, str], bool] = self._confirm_dialog
        self.ask_text: Callable[[str, str], str | None] = self._ask_text_dialog
        self._layout = layout or (
            WindowLayout(settings.window_geometry, settings.splitter_state, settings.limit_days)
            if settings is not None
            else WindowLayout()
        )

        self.setObjectName("main_window")

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

        self.status_line = StatusLine(self.statusBar())
        self.status_line.pending_button.clicked.connect(self.show_outbox)
        self.mode_label, self.connection_label = self.status_line.mode_label, self.status_line.connection_label
        self.pending_button = self.status_line.pending_button
        self._outbox: OutboxService | None = None
        self._route_note_told = False

        self._build_actions()
        if console is None:  # until attach(): the phone field, the shortcuts and quit
            for action in self._console_actions():
                action.setEnabled(False)
            for button in (self.book_button, self.cancel_appt_button, self.refresh_button):
                button.setEnabled(False)
        self.show_mode(mode_text, endpoint_text)
        self._restore_layout()
        QTimer.singleShot(0, self.phone_input.setFocus)
        if console is not None:
            self.attach(console, settings=settings, settings_store=settings_store, audit=audit)

    def _console_actions(self) -> list[QAction]:
        """The commands that need the console (all but those marked ``frame``: find, the shortcuts and quit;
        replacing or removing a profile follows the profiles instead, :meth:`set_profiles`)."""
        by_profiles = ("replace_token_action", "remove_profile_action")
        return [getattr(self, c.name) for c in ACTIONS if not c.frame and c.name not in by_profiles]

    # ================================================================ the caller on screen

    @property
    def lead(self) -> ExistingLead | None:
        """The caller's lead from the CRM (None for a caller not looked up yet, not found or new)."""
        return self.caller.lead

    @lead.setter
    def lead(self, lead: ExistingLead | None) -> None:
        self.caller.lead = lead

    @property
    def slots(self) -> TimeSlots | None:
        return self.caller.slots

    @slots.setter
    def slots(self, slots: TimeSlots | None) -> None:
        self.caller.slots = slots

    @property
    def new_lead(self) -> NewLead | None:
        return self.caller.new_lead

    @new_lead.setter
    def new_lead(self, new_lead: NewLead | None) -> None:
        self.caller.new_lead = new_lead

    def _next_caller(self, phone: str | None, screen: Screen) -> Caller:
        """Turn to another caller: a new :class:`Caller`, nothing kept of the last one."""
        self.caller.go(screen)  # the move must be one the last caller's screen allows
        self.caller = Caller(phone=phone, screen=screen)
        return self.caller

    def _show_screen(self, screen: Screen) -> None:
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
        self._show_waiting("")

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
        self._use_region(console)
        if not self.setter_zone:
            from hsconsole.ui.zone import setter_zone

            self.setter_zone = setter_zone()
        self.audit = audit
        self.settings = settings or Settings()
        self.settings_store = settings_store
        self.tasks = TaskKeeper()
        self.connectors = Connectors()
        if self.days_ahead.value() == self._layout.limit_days:  # unless the setter changed it meanwhile
            self.days_ahead.setValue(self.settings.limit_days)
        self._build_lead_pages()
        self.editor.region = self.new_lead_form.region = console.region
        self.phone_input.setClearButtonEnabled(True)  # its icon costs the first paint ≈ 5 ms
        for action in self._console_actions():
            action.setEnabled(True)
        self._ready = True
        self.status_line.not_connected()
        self._attach_outbox(console.outbox)
        if mode_text is not None:
            self.show_mode(mode_text, endpoint_text)
        self._update_buttons()
        self._phone_typed(self.phone_input.text())
        waiting, self._waiting_search = self._waiting_search, None
        return waiting is not None and self.search(waiting) is not None

    # ================================================================ layout

    def _build_search_pane(self) -> None:
        pane = SearchPane()
        pane.search_requested.connect(self.search)
        pane.recent_chosen.connect(self.search)
        pane.phone_input.textChanged.connect(self._phone_typed)
        self.search_pane = pane
        self.phone_input, self.phone_hint, self.spinner = pane.phone_input, pane.phone_hint, pane.spinner
        self.search_button, self.recent = pane.search_button, pane.recent
        # shown only when a lookup is slow: a quick one then costs no relayout and no busy animation
        self._spinner_delay = QTimer(self)
        self._spinner_delay.setSingleShot(True)
        self._spinner_delay.setInterval(SPINNER_DELAY_MS)
        self._spinner_delay.timeout.connect(self._search_is_slow)
        self._search_ticker = QTimer(self)
        self._search_ticker.setInterval(1000)
        self._search_ticker.timeout.connect(self._search_is_slow)

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
        pane.build_pages(self.setter_zone)
        pane.editor.dirty_changed.connect(lambda _dirty: self._update_buttons())
        pane.editor.wrong_changed.connect(lambda _wrong: self._update_buttons())
        pane.new_lead_form.wrong_changed.connect(lambda _wrong: self._update_buttons())
        pane.save_button.clicked.connect(self.save)
        pane.revert_button.clicked.connect(self.revert)
        pane.disqualify_button.clicked.connect(self.disqualify)
        pane.refresh_dispositions_button.clicked.connect(self.reload_dispositions)
        pane.connector_panel.send_link_requested.connect(self.send_link)
        pane.create_lead_button.clicked.connect(self.start_new_lead)
        pane.new_lead_form.submitted.connect(self.create_lead)
        pane.new_lead_form.cancelled.connect(self._new_lead_back)
        self.editor, self.save_button, self.revert_button = pane.editor, pane.save_button, pane.revert_button
        self.disposition_combo, self.disposition_comment = pane.disposition_combo, pane.disposition_comment
        self.disqualify_button, self.refresh_dispositions_button = (
            pane.disqualify_button,
            pane.refresh_dispositions_button,
        )
        self.connector_panel, self.lead_scroll = pane.connector_panel, pane.lead_scroll
        self.not_found_label, self.create_lead_button = pane.not_found_label, pane.create_lead_button
        self.new_lead_form, self.looking_up_label = pane.new_lead_form, pane.looking_up_label

    def _build_calendar_pane(self) -> None:
        pane = CalendarPane(self._layout.limit_days)
        pane.days_ahead.editingFinished.connect(self.refresh_slots)
        pane.refresh_button.clicked.connect(self.refresh_slots)
        pane.book_button.clicked.connect(self.book)
        pane.cancel_button.clicked.connect(self.cancel_appointment)
        pane.slot_view.selection_changed.connect(self._update_buttons)
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
        self.profiles_menu.clear()
        for name in names:
            act = self.profiles_menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(name == active)
            act.triggered.connect(lambda _checked=False, n=name: self.profile_requested.emit(n))
        self.profiles_menu.setEnabled(bool(names))
        self.replace_token_action.setEnabled(active is not None)
        self.remove_profile_action.setEnabled(active is not None)

    def may_discard_edits(self) -> bool:
        """True when nothing unsaved would be lost, or the setter agreed to lose it."""
        return self._may_leave_lead(None)

    def _use_region(self, console: Console) -> None:
        """The profile's region reads the numbers and postal codes typed in the forms (once they exist)."""
        if self._ready:
            self.editor.region = self.new_lead_form.region = console.region

    def use_console(self, console: Console, mode_text: str, endpoint_text: str = "") -> None:
        """Work on another profile from now on: its own clients, a clean screen."""
        from hsconsole.services.setup import Connectors

        self.tasks.cancel_pending()
        self.console = console
        self._use_region(console)
        self._attach_outbox(console.outbox)
        self.set_connectors(Connectors())
        self._next_caller(None, Screen.EMPTY)
        self._show_screen(Screen.EMPTY)
        self.slot_view.set_days([])
        self.calendar_title.setText("Appointment blocks")
        self.disposition_combo.clear()
        self.recent.clear()
        self.show_banner("")
        self.status_line.not_connected()
        self.show_mode(mode_text, endpoint_text)
        self.status(f"Working on {mode_text}")
        self._update_buttons()
        self.focus_phone()

    # ================================================================ outbox

    def _attach_outbox(self, outbox: OutboxService | None) -> None:
        old = self._outbox
        if old is not None:
            if self._outbox_changed in old.on_change:
                old.on_change.remove(self._outbox_changed)
            for listeners, callback in ((old.on_done, self._outbox_done), (old.on_failed, self._outbox_failed)):
                if callback in listeners:
                    listeners.remove(callback)
        self.side.use_outbox(outbox)
        self._outbox = outbox
        if outbox is not None:
            outbox.on_change.append(self._outbox_changed)
            outbox.on_done.append(self._outbox_done)
            outbox.on_failed.append(self._outbox_failed)
            self.tasks.spawn(outbox.run(), slot="replayer")
        self._outbox_changed()

    def _outbox_changed(self) -> None:
        if self._closed:
            return
        outbox = self._outbox
        if outbox is None:
            self.status_line.no_outbox()
            return
        from hsconsole.domain.slots import load_zone

        pending, failed = outbox.pending_count(), outbox.failed_count()
        waiting = self.caller.waiting_banner is not None and self.caller.phone is not None
        if waiting and not outbox.store.pending_for(outbox.profile, self.caller.phone or ""):
            self._show_waiting("")  # all of the caller's changes landed (or were refused: said apart)
        # what waits and until when, for as long as it is true
        note = outbox.wait_note(load_zone(self.setter_zone)) if pending else None
        self.status_line.show_pending(pending, failed, note)

    def _outbox_done(self, entry: OutboxEntry) -> None:
        from hsconsole.services.models import ExistingLead, LeadCreated

        if self._closed:
            return
        if entry.lane != "heavyset":
            self.status(f"Reached Apptoto: {entry.summary}")
            if self.lead is not None and entry.phone == self.lead.phone:
                self.connector_panel.reload_reminders()
            return
        self._connection(None)
        self.status(f"Reached HeavySet: {entry.summary}")
        if entry.kind == "lead" and self.caller.screen is Screen.NEW_LEAD and self.new_lead is None:
            if entry.phone == self.caller.submitted_phone and entry.result:
                created = LeadCreated.model_validate(entry.result)
                self._run("create", lambda: self._continue_new_lead(entry.phone, created))
            return
        if self.lead is not None and entry.phone == self.lead.phone and self.caller.screen.shows_lead:
            if entry.kind == "update" and entry.result:
                keep = self.editor.edits()
                lead = ExistingLead.model_validate(entry.result)
                self.lead = lead
                self._load_with_pending(lead, keep=keep)
                self._run("slots", lambda: self._refresh_slots(quiet=True))
            else:
                self.search(entry.phone)

    def _outbox_failed(self, entry: OutboxEntry) -> None:
        if self._closed:
            return
        if entry.lane != "heavyset":
            self.show_banner(
                f"Apptoto refused a reminder update: {entry.summary}. {entry.last_error or ''} "
                "The HeavySet booking stands. Open Pending changes (in the status bar) to retry or discard it."
            )
            self.status(f"Apptoto refused: {entry.summary}")
            return
        self._connection(None)  # a refusal is an answer: HeavySet is reachable
        on_screen = self.caller.is_for(entry.phone) and self.caller.screen.shows_lead and entry.kind == "update"
        # the refused values were shown as if saved: they go back in the fields, marked as changed
        if on_screen and self.search(entry.phone) is not None:
            self.caller.fix_entry = entry
            self.status(f"Refused: {entry.summary}")
            return
        self.show_banner(
            f"HeavySet refused a change that was waiting to be sent: {entry.summary}. "
            f"{entry.last_error or ''} Open Pending changes (in the status bar) to fix or discard it."
        )
        self.status(f"Refused: {entry.summary}")

    # ================================================================ connectors

    def set_connectors(self, connectors: Connectors) -> None:
        """The profile's Apptoto and TimeZest services (None where off)."""
        self.connectors = connectors
        self.connector_panel.set_connectors(connectors)
        self.side.use_connectors(connectors)
        self.worklist_action.setEnabled(connectors.reminders is not None)
        self.report_action.setEnabled(connectors.scheduling is not None)
        self._update_buttons()
        lead = self.caller.shown_lead
        if lead is not None:
            self.connector_panel.show_lead(lead, self.editor.lead_zone)

    def show_worklist(self) -> None:
        self.side.show_worklist()

    def send_link(self) -> None:
        self.side.send_link()

    def show_team_report(self) -> None:
        self.side.show_team_report()

    def show_activity(self) -> None:
        self.side.show_activity()

    def show_outbox(self) -> None:
        self.side.show_outbox(self._outbox)

    @property
    def worklist(self) -> Any:
        return self.side.worklist

    @property
    def outbox_panel(self) -> Any:
        return self.side.outbox_panel

    def fix_entry(self, entry_id: int) -> None:
        """Open a refused change's lead with what was typed back in the editor."""
        if self._outbox is None:
            return
        entry = self._outbox.store.get(entry_id)
        if entry is None or entry.status != "failed":
            return
        if self.outbox_panel is not None:
            self.outbox_panel.hide()
        if self.search(entry.phone) is not None:  # the setter may keep the edits on screen instead
            self.caller.fix_entry = entry

    def _load_with_pending(self, lead: ExistingLead, *, keep: dict[str, Any] | None = None) -> None:
        """Show the lead as it will be once its waiting changes land, and say so."""
        from hsconsole.services.outbox import apply_pending

        entries = self._outbox.store.pending_for(self._outbox.profile, lead.phone) if self._outbox else []
        shown, notes = apply_pending(lead, entries)
        self.editor.load(shown, keep=keep, lead_zone=self.editor.lead_zone)
        self.connector_panel.update_lead(shown)
        self.caller.pending_notes = notes
        if notes:
            self._show_waiting("Waiting to be sent to HeavySet (already shown below):\n• " + "\n• ".join(notes))
        else:
            self._show_waiting("")

    # ================================================================ helpers

    def _confirm_dialog(self, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_text_dialog(self, title: str, prompt: str) -> str | None:
        """One line of text, of any length up to a field's limit: OK is off (and the dialog says why) beyond it."""
        from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(prompt)
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        for edit in dialog.findChildren(QLineEdit):
            uncut(edit)

        def check(text: str) -> None:
            problem = too_long(text)
            dialog.setLabelText(prompt + (f"\n⚠ {problem}" if problem else ""))
            buttons = dialog.findChild(QDialogButtonBox)  # made when the dialog is first shown
            ok = buttons.button(QDialogButtonBox.StandardButton.Ok) if buttons is not None else None
            if ok is not None:
                ok.setEnabled(not problem)

        dialog.textValueChanged.connect(check)
        try:
            accepted = dialog.exec() == QInputDialog.DialogCode.Accepted.value
            return dialog.textValue() if accepted and not too_long(dialog.textValue()) else None
        finally:
            dialog.deleteLater()

    def show_banner(self, text: str) -> None:
        """What the banner above the lead says (nothing when ``text`` is empty), below the caller's own note on
        changes waiting in the outbox, which stays until they land; secrets are cut out of it."""
        self._banner_text = text
        self._render_banner()

    def _show_waiting(self, text: str) -> None:
        """The caller's changes waiting in the outbox, in words, or nothing: said until they land."""
        self.caller.waiting_banner = text or None
        self._render_banner()

    def _render_banner(self) -> None:
        from hsconsole.services.redaction import redact

        text = "\n".join(part for part in (self._banner_text, self.caller.waiting_banner or "") if part)
        self.banner.setText(redact(text))
        self.banner.setVisible(bool(text))

    def set_storage_problem(self, source: str, text: str | None) -> None:
        """What is wrong with one of the console's files (``source``: "outbox", "settings"…); None: nothing.

        Shown above everything else for exactly as long as it is set: no lookup or save replaces it."""
        if not self._closed:
            self.storage_banner.set_problem(source, text)

    def add_storage_note(self, text: str) -> None:
        """What happened to the console's files (a damaged one repaired), shown until the setter dismisses it."""
        if not self._closed:
            self.storage_banner.add_note(text)

    def status(self, text: str) -> None:
        """The status bar's message; secrets are cut out of it."""
        from hsconsole.services.redaction import redact

        self.statusBar().showMessage(redact(text))

    def _report(self, exc: BaseException, doing: str) -> None:
        """Show a failure in setter words: banner + status bar, never a traceback."""
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError, InvalidPhoneError, SlotUnavailableError
        from hsconsole.ui.messages import describe

        text = describe(exc)
        if not isinstance(exc, ApiError | InvalidPhoneError | SlotUnavailableError | ValidationError):
            log.error("%s failed", doing, exc_info=exc)
        self.show_banner(f"{doing} failed. {text}")
        self.status(f"{doing} failed")
        self._connection(exc)

    def _connection(self, exc: BaseException | None) -> None:
        from hsconsole.services.errors import NetworkError

        if exc is None:
            was_offline = self._offline
            self._offline = False
            route_note = self.console.route_note()
            self.status_line.connected(route_note or "")
            if route_note and not self._route_note_told:  # the regional route was left: said where one looks
                self._route_note_told = True
                self.status(route_note)
            if was_offline and self._outbox is not None:
                self._outbox.network_back()
        elif isinstance(exc, NetworkError):
            self._offline = True
            self.status_line.offline()

    def _run(
        self, slot: str, work: Callable[[], Coroutine[Any, Any, None]], *, busy: tuple[QAbstractButton, ...] = ()
    ) -> asyncio.Task[None] | None:
        """Start ``work()`` in the background; refuse when ``slot`` is already in flight.

        The search slot is the exception: a new search cancels the old one.
        """
        if slot != "search" and self.tasks.busy(slot):
            self.status("Still working on the previous request…")
            return None
        for button in busy:
            button.setEnabled(False)

        async def wrapped() -> None:
            try:
                await work()
            finally:
                self._update_buttons()

        task = self.tasks.spawn(wrapped(), slot=slot)
        task.add_done_callback(lambda _t: self._update_buttons())
        if slot == "search":
            # A lookup changes no button. Touching no widget lets its requests leave on the next loop
            # turn instead of after a repaint; a slow one gets the spinner and its status line later.
            if not self.spinner.isVisible():
                self._spinner_delay.start()
        else:
            self._update_buttons()
        return task

    def _busy(self, slot: str) -> bool:
        return self.tasks.busy(slot)

    def working(self) -> bool:
        """A lookup, a change or another request is on its way (the outbox's replayer aside)."""
        return self.tasks.working(besides=("replayer",))

    def _update_buttons(self) -> None:
        if self._closed or not self._ready:
            return
        row = self.slot_view.selected_row()
        lead = self.lead
        buttons = buttons_for(
            Situation(
                self.caller.screen,
                has_lead=lead is not None,
                has_new_lead=self.new_lead is not None,
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
        self.save_button.setEnabled(buttons.save)
        self.save_action.setEnabled(buttons.save)
        self.revert_button.setEnabled(buttons.revert)
        self.book_button.setEnabled(buttons.book)
        self.book_action.setEnabled(buttons.book)
        self.book_button.setText(buttons.book_text)
        self.cancel_appt_button.setEnabled(buttons.cancel)
        self.cancel_action.setEnabled(buttons.cancel)
        self.disqualify_button.setEnabled(buttons.disqualify)
        self.refresh_button.setEnabled(buttons.refresh_blocks)
        self.create_lead_button.setEnabled(buttons.create_lead)
        self.refresh_dispositions_button.setEnabled(buttons.reload_reasons)
        self.reload_reasons_action.setEnabled(buttons.reload_reasons)
        self.send_link_action.setEnabled(buttons.send_link)
        self.new_lead_form.create_button.setEnabled(buttons.submit_new_lead)
        if not self._busy("search"):
            self._spinner_delay.stop()
            self.spinner.setVisible(False)
        elif not self.spinner.isVisible() and not self._spinner_delay.isActive():
            self._spinner_delay.start()

    # ================================================================ search

    def focus_phone(self) -> None:
        self.phone_input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.phone_input.selectAll()

    def _phone_typed(self, text: str) -> None:
        if not self._ready:
            return  # attach() says it once the console is there
        from hsconsole.services.errors import InvalidPhoneError
        from hsconsole.services.formatting import phone_for_display

        if not text.strip():
            self.phone_hint.setText(" ")
            return
        try:
            e164 = self.console.normalize(text)
        except InvalidPhoneError as exc:
            self.phone_hint.setText(exc.reason if len(text.strip()) >= 10 else "Keep typing…")
            return
        self.phone_hint.setText(f"→ {phone_for_display(e164)}  ({e164})")

    def search(self, raw: str) -> asyncio.Task[None] | None:
        """Look ``raw`` up; a new search cancels the one in flight. Before :meth:`attach`, once it is done."""
        if not self._ready:
            self._waiting_search = raw
            if self.phone_input.text() != raw:  # handed over by another start, or a dialer's link
                self.phone_input.setText(raw)
            self.status(f"{self._starting_note} The number is looked up as soon as the console is ready.")
            return None
        from hsconsole.services.errors import InvalidPhoneError

        try:
            phone = self.console.normalize(raw)
        except InvalidPhoneError as exc:
            self.phone_hint.setText("⚠ " + exc.reason)
            self.status("Not looked up: " + exc.reason)
            return None
        if not self._may_leave_lead(phone):
            self._kept_for_later(raw, phone)
            return None
        if self.phone_input.text() != raw:
            self.phone_input.setText(raw)
        else:
            self._phone_typed(raw)  # the hint says the number looked up, not what was said of it before
        self._search_phone = phone
        if not self.caller.is_for(phone) or self.caller.screen is Screen.NEW_LEAD:
            self._next_caller(phone, Screen.LOOKING_UP)  # another caller: nothing of the last one goes on
        else:
            self.caller.go(Screen.LOOKING_UP)  # the same caller again: what is shown stays until the answer
        return self._run("search", lambda: self._search(phone))

    def _kept_for_later(self, raw: str, phone: str) -> None:
        """The setter kept the unsaved edits of the caller on screen: the number asked for is not dropped."""
        from hsconsole.services.formatting import phone_for_display

        shown = phone_for_display(phone)
        if self.phone_input.text() != raw:
            self.phone_input.setText(raw)
        who = self.lead.name if self.lead is not None and self.lead.name else "this lead"
        self.phone_hint.setText(f"{shown}: not looked up yet. Save or revert {who}, then press Enter here.")
        self.show_banner(
            f"{shown} was not looked up: you kept your unsaved changes to {who}. "
            "Save them (Ctrl+S) or revert them (Esc), then press Enter in the phone field (Ctrl+F) to look it up."
        )
        self.status(f"{shown} is waiting in the phone field")

    def _search_is_slow(self) -> None:
        from hsconsole.services.formatting import phone_for_display

        if self._busy("search"):
            self.spinner.setVisible(True)
            if self._search_phone and self.caller.screen is Screen.LOOKING_UP and self.caller.lead is None:
                # another caller than the one shown: the last one's lead does not stay on screen meanwhile
                self.looking_up_label.setText(f"Looking up {phone_for_display(self._search_phone)}…")
                self.pages.setCurrentIndex(PAGE_LOOKING_UP)
            if self._search_phone:
                who = phone_for_display(self._search_phone)
                wait = self.console.request_wait()
                if wait > 0.5:  # queued behind HeavySet's request limit: say so, and until when
                    from hsconsole.domain.slots import load_zone
                    from hsconsole.services.formatting import clock

                    now = time.time()
                    at = clock(now + wait, now, load_zone(self.setter_zone))
                    self.status(f"HeavySet's limit of requests a minute is reached: {who} is looked up at {at}…")
                else:
                    self.status(f"Looking up {who}…")
            if not self._search_ticker.isActive():  # the status follows the wait: it ends, or a new one starts
                self._search_ticker.start()
        else:
            self._search_ticker.stop()

    def _may_leave_lead(self, phone: str | None) -> bool:
        """Ask before unsaved edits of the lead on screen would be dropped."""
        if self.lead is None or not self.caller.screen.shows_lead or phone == self.lead.phone:
            return True
        if not self.editor.is_dirty():
            return True
        return self.confirm(
            "Unsaved changes",
            f"You changed {self.lead.name or 'this lead'} and did not save.\nDiscard those changes?",
        )

    async def _search(self, phone: str) -> None:
        import asyncio

        from pydantic import ValidationError

        from hsconsole.services.calendar import BUILD_SLICE, build_calendar_async
        from hsconsole.services.errors import ApiError, NotFoundError

        caller = self.caller
        keep = self.editor.edits() if caller.lead is not None and caller.lead.phone == phone else None
        try:
            result = await self.console.lookup(phone, limit_days=self.days_ahead.value())
        except NotFoundError:
            self._connection(None)
            if self.caller is caller:
                self._show_not_found(phone)
            return
        except (ApiError, ValidationError) as exc:
            if self.caller is caller:
                # the same caller's lead stays as it was; another caller's screen shows nothing of the last one
                back = Screen.FIXING if caller.fix_entry is not None and caller.lead else Screen.LEAD
                self._show_screen(back if caller.lead is not None else Screen.EMPTY)
                self._report(exc, "Lookup")
            return
        self._connection(None)
        if self.caller is not caller:
            return  # the setter turned to another caller (a new lead) while this one was looked up
        if result.slots is not None and len(result.slots.slots) > BUILD_SLICE:
            # A big calendar: its rows made a slice per loop turn, then the lead is shown (and painted)
            # in one turn and the calendar set in the next, so no single turn holds the window for long.
            try:
                days = await build_calendar_async(result.slots, self.setter_zone, result.lead.block_id)
            except ValueError:
                days = None  # _show_slots says why when it builds it again
            if days is not None:
                await self.slot_view.prepare(days)
            self._show_lookup(result, keep=keep, calendar=False)
            await asyncio.sleep(0)
            self._show_calendar(result, days)
        else:
            self._show_lookup(result, keep=keep)
        self.search_pane.remember(phone, result.lead.name)

    def _show_lookup(self, result: LookupResult, *, keep: dict[str, Any] | None = None, calendar: bool = True) -> None:
        """The lead in the editor, and its blocks unless ``calendar`` is False (then :meth:`_show_calendar`)."""
        from hsconsole.services.formatting import phone_for_display
        from hsconsole.services.outbox import payload_as_edits

        self.new_lead = None
        self.lead = result.lead
        self.slots = result.slots
        self.caller.phone = result.lead.phone
        zone = result.slots.time_zone if result.slots else None
        self.editor.lead_zone = zone
        fix = self.caller.fix_entry
        fixing = fix is not None and fix.phone == result.lead.phone and self._outbox is not None
        self._show_screen(Screen.FIXING if fixing else Screen.LEAD)
        self.show_banner("")
        if fixing and fix is not None and self._outbox is not None:
            keep = {**(keep or {}), **payload_as_edits(fix.payload)}
            self._outbox.discard(fix.id)
            self.caller.fix_entry = None
        self._load_with_pending(result.lead, keep=keep)
        if fixing and fix is not None:
            from hsconsole.ui.messages import field_errors_in

            why = (fix.last_error or "").strip().rstrip(".")
            loose = self.editor.show_field_errors(field_errors_in(why)) if why else []
            self.show_banner(
                f"HeavySet refused a change to {result.lead.name or 'this lead'}"
                + (f": {why}." if why else ".")
                + " What was refused is back in the fields, marked as changed: fix it and save again (Ctrl+S)."
                + ("\n" + "\n".join(loose) if loose else "")
            )
        self.status(f"Found {result.lead.name or phone_for_display(result.lead.phone)}")
        if self.disposition_combo.count() == 0 and not self._busy("dispositions"):
            self.load_dispositions()
        self.connector_panel.show_lead(result.lead, zone)
        if calendar:
            self._show_calendar(result)
        else:
            self.slot_view.set_days([])  # not the previous lead's blocks meanwhile (it updates the buttons)

    def _show_calendar(self, result: LookupResult, days: list[DayGroup] | None = None) -> None:
        """The looked-up lead's blocks (``days`` when they were built already); then ``lead_shown``."""
        from hsconsole.ui.messages import describe

        if self.lead is not result.lead:
            return  # another lookup or a new lead took the window meanwhile
        self._show_slots(days=days)
        if result.slots_error is not None:
            self.show_banner(
                (self._banner_text + "\n" if self._banner_text else "")
                + "The lead is shown, but its blocks could not be loaded. "
                + describe(result.slots_error)
            )
        self.lead_shown.emit(result.lead.phone)

    def _show_not_found(self, phone: str) -> None:
        from hsconsole.services.formatting import phone_for_display

        self.lead = None
        self.slots = None
        self.new_lead = None
        self.caller.phone = phone
        self._show_screen(Screen.NOT_FOUND)
        self.slot_view.set_days([])
        self.calendar_title.setText("Appointment blocks")
        self.not_found_label.setText(
            f"HeavySet has no lead with the phone number {phone_for_display(phone)}.\n\n"
            "If this is a new caller, create the lead and book them now."
        )
        self.connector_panel.clear()
        self.show_banner("")
        self.status(f"No lead for {phone_for_display(phone)}")
        self.create_lead_button.setFocus()
        self._update_buttons()

    # ================================================================ calendar

    def _show_slots(self, select: str | None = None, *, days: list[DayGroup] | None = None) -> None:
        """Show the caller's blocks (``days`` when they were built already)."""
        from hsconsole.services.calendar import build_calendar

        if self.slots is None:  # none loaded for this caller: nothing of the last one's stays in the title
            self.calendar_pane.clear("Appointment blocks: not loaded")
            return
        current = self.lead.block_id if self.lead is not None and self.new_lead is None else None
        try:
            days = days if days is not None else build_calendar(self.slots, self.setter_zone, current)
        except ValueError as exc:
            self.show_banner(f"The blocks could not be shown: {exc}")
            self.calendar_pane.clear("Appointment blocks: not shown")
            return
        self.calendar_pane.show_days(self.slots, days, self.setter_zone, select or current)

    def refresh_slots(self) -> None:
        if self.new_lead is not None and self.caller.screen is Screen.NEW_LEAD:
            self._run("slots", self._refresh_new_lead_slots)
        elif self.lead is not None:
            self._run("slots", self._refresh_slots)

    async def _refresh_slots(self, select: str | None = None, *, quiet: bool = False) -> None:
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError

        if self.lead is None:
            return
        selected = self.slot_view.selected_row()
        try:
            self.slots = await self.console.slots(self.lead.phone, limit_days=self.days_ahead.value())
        except (ApiError, ValidationError) as exc:
            self._report(exc, "Loading blocks")
            return
        self._show_slots(select or (selected.block_id if selected else None))
        if not quiet:
            self.status("Calendar refreshed")

    async def _refresh_new_lead_slots(self) -> None:
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError

        if self.new_lead is None:
            return
        try:
            self.new_lead = await self.console.refresh_new_lead_slots(self.new_lead)
        except (ApiError, ValidationError) as exc:
            self._report(exc, "Loading blocks")
            return
        self.slots = self.new_lead.slots
        self._show_slots()

    # ================================================================ lead actions

    def save(self) -> None:
        if self.lead is None or not self.caller.screen.shows_lead:
            return
        if not self.editor.is_dirty():
            self.status("Nothing to save")
            return
        problems = self.editor.problems()
        if problems:
            self.editor.show_field_errors(problems)
            self.show_banner("Not saved: a field needs fixing (see the field). Nothing was sent.")
            self.status("Not saved: a field needs fixing")
            return
        # what is sent is taken now: the next caller may be on screen before the request leaves
        lead, edits = self.editor.lead or self.lead, self.editor.edits()
        values, comment = self.editor.values(), self.editor.comment.text()
        self._run("save", lambda: self._save(lead, edits, values, comment), busy=(self.save_button,))

    async def _save(self, lead: ExistingLead, edits: dict[str, Any], values: dict[str, Any], comment: str) -> None:
        """Send the edits of ``lead`` (what the editor showed: the server copy plus changes already waiting)."""
        from hsconsole.ui.messages import field_errors

        updated = await self._change(
            "Saving",
            lambda: self.console.save(lead, values, comment=comment),
            kept="Saved to the outbox",
            fields=lambda exc: self.editor.show_field_errors(field_errors(exc)),
        )
        if updated is None:
            return
        self.lead = updated
        if self.caller.screen is Screen.FIXING:
            self._show_screen(Screen.LEAD)  # the refused change is fixed
        self.show_banner("")
        self._load_with_pending(updated)
        names = ", ".join(k.replace("_", " ") for k in edits)
        self.status(f"Saved {updated.name or ''}: {names}")
        self._update_buttons()

    async def _change(
        self,
        doing: str,
        work: Callable[[], Awaitable[T]],
        *,
        kept: str,
        booking: bool = False,
        fields: Callable[[BaseException], list[str]] | None = None,
        slot_gone: Callable[[], Awaitable[None]] | None = None,
        on_queued: Callable[[Queued], None] | None = None,
    ) -> T | None:
        """Run one change and tell its outcome, the one way every change tells it.

        Made: HeavySet answered, the result is returned for the caller it was made for (None when the setter
        has turned to another caller meanwhile: then only the status bar says it was done). Kept in the
        outbox (``kept`` in the status bar, the note with the caller's waiting changes; ``on_queued`` instead
        where the screen must change). A block taken meanwhile: said, and ``slot_gone`` reloads the blocks.
        Refused or failed: said in setter words, under the fields it names (``fields`` shows them and returns
        what has no field)."""
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError, Queued, SlotUnavailableError

        caller = self.caller
        try:
            result = await work()
        except Queued as queued:
            if on_queued is not None:
                on_queued(queued)
            else:
                self._queued(queued, kept, booking=booking)
            return None
        except SlotUnavailableError as exc:
            self._report(exc, doing)
            if slot_gone is not None and self.caller is caller:
                await slot_gone()
            return None
        except (ApiError, ValidationError) as exc:
            loose = fields(exc) if fields is not None and self.caller is caller else []
            self._report(exc, doing)
            if loose:
                self.show_banner(self._banner_text + "\n" + "\n".join(loose))
            return None
        self._connection(None)
        if self.caller is not caller:
            self.status(f"{doing}: done")
            return None
        return result

    def _queued(self, queued: Queued, status: str, *, booking: bool = False) -> None:
        """A change went to the outbox: show the lead as it will be, and say why."""
        from hsconsole.ui.messages import describe

        if queued.cause is not None:
            self._connection(queued.cause)
        self.show_banner("")  # what was said of an earlier try is over: the change waits, and that is said
        if self.lead is not None and self.caller.screen.shows_lead:
            self._load_with_pending(self.lead)
        note = describe(queued)
        if booking:
            note += " The block is not confirmed until HeavySet accepts it; you will be told if it is gone by then."
        if self.caller.is_for(queued.entry.phone):  # told until the caller's changes land
            self._show_waiting("\n".join(x for x in (self.caller.waiting_banner, note) if x))
        else:
            self.show_banner(note)
        self.status(f"{status}: {queued.entry.summary}")
        self._update_buttons()

    def revert(self) -> None:
        if self.lead is None or not self.caller.screen.shows_lead or not self.editor.is_dirty():
            return
        if self.confirm("Revert changes", "Throw away your unsaved changes to this lead?"):
            self.editor.revert()
            self.status("Changes reverted")
            self._update_buttons()

    def book(self) -> None:
        row = self.slot_view.selected_row()
        if row is None or not row.bookable:
            self.status("Pick an open block first")
            return
        if self.new_lead is not None and self.caller.screen is Screen.NEW_LEAD:
            label = f"{row.start:%a %b} {row.start.day}, {row.lead_text}"
            new_lead = self.new_lead
            self._run("book_new", lambda: self._book_new(new_lead, row.block_id, label), busy=(self.book_button,))
            return
        if self.lead is None or not self.caller.screen.shows_lead:
            return
        if row.current and self.lead.has_active_appointment:
            self.status("That block is already the lead's appointment")
            return
        if self.lead.has_active_appointment and not self.confirm(
            "Reschedule",
            f"Move {self.lead.name or 'this lead'}'s appointment to\n{row.start:%A %B} {row.start.day}, "
            f"{row.lead_text} (their time)?",
        ):
            return
        label = f"{row.start:%a %b} {row.start.day}, {row.lead_text}"
        lead = self.lead
        self._run("book", lambda: self._book(lead, row.block_id, label), busy=(self.book_button,))

    async def _book(self, lead: ExistingLead, block_id: str, label: str = "") -> None:
        updated = await self._change(
            "Booking",
            lambda: self.console.book(lead, block_id, label=label),
            kept="Booking kept in the outbox",
            booking=True,
            slot_gone=self._refresh_slots,
        )
        if updated is not None:
            verb = "Rescheduled" if lead.has_active_appointment else "Booked"
            await self._after_change(updated, verb, select=block_id)

    async def _after_change(self, updated: ExistingLead, verb: str, *, select: str | None = None) -> None:
        from hsconsole.services.formatting import phone_for_display

        keep = self.editor.edits()
        self.lead = updated
        self.show_banner("")
        self._load_with_pending(updated, keep=keep)
        when = self.editor.facts["appointment"].text()
        self.status(
            f"{verb}: {updated.name or phone_for_display(updated.phone)}" + (f", {when}" if when != "—" else "")
        )
        self._update_buttons()
        await self._refresh_slots(select)
        self.status(
            f"{verb}: {updated.name or phone_for_display(updated.phone)}" + (f", {when}" if when != "—" else "")
        )

    def cancel_appointment(self) -> None:
        if self.lead is None or not self.lead.has_active_appointment or not self.caller.screen.shows_lead:
            self.status("This lead has no appointment to cancel")
            return
        note = self.ask_text("Cancel appointment", "Why is the appointment cancelled? (added to the lead's notes)")
        if note is None:
            return
        if not note.strip():
            self.status("Not cancelled: a note is required")
            self.show_banner("Not cancelled: write a short note saying why.")
            return
        if too_long(note):
            self.status("Not cancelled: the note is too long")
            self.show_banner("Not cancelled: the note is " + too_long(note))
            return
        lead = self.lead
        self._run("cancel", lambda: self._cancel(lead, note), busy=(self.cancel_appt_button,))

    async def _cancel(self, lead: ExistingLead, note: str) -> None:
        updated = await self._change(
            "Cancelling", lambda: self.console.cancel(lead, note), kept="Cancellation kept in the outbox"
        )
        if updated is not None:
            await self._after_change(updated, "Cancelled")

    def focus_blocks(self) -> None:
        self.slot_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.slot_view.currentIndex().isValid():
            self.slot_view.set_days(self.slot_view.slot_model.days())

    def focus_dispositions(self) -> None:
        if self.caller.screen.shows_lead:
            self.disposition_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reload_dispositions(self) -> None:
        """Ask the CRM for its not-qualified reasons again (the choice and the comment being typed stay)."""
        self.load_dispositions(refresh=True)

    def load_dispositions(self, refresh: bool = False) -> None:
        self._run("dispositions", lambda: self._load_dispositions(refresh), busy=(self.refresh_dispositions_button,))

    async def _load_dispositions(self, refresh: bool) -> None:
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError

        try:
            reasons = await self.console.dispositions(refresh=refresh)
        except (ApiError, ValidationError) as exc:
            self._report(exc, "Loading not-qualified reasons")
            return
        current = self.disposition_combo.currentText()
        self.disposition_combo.clear()
        self.disposition_combo.addItems(reasons)
        self.disposition_combo.setCurrentIndex(reasons.index(current) if current in reasons else -1)
        if refresh:
            self.status(f"{len(reasons)} not-qualified reasons loaded")
        self._update_buttons()

    def disqualify(self) -> None:
        if self.lead is None or not self.caller.screen.shows_lead:
            return
        reason = self.disposition_combo.currentText()
        if not reason:
            self.status("Choose a not-qualified reason first")
            self.disposition_combo.setFocus()
            return
        comment = self.disposition_comment.text()
        if too_long(comment):
            self.show_banner("Not marked: the comment is " + too_long(comment))
            self.status("Not marked: the comment is too long")
            self.disposition_comment.setFocus()
            return
        if not self.confirm("Not qualified", f"Mark {self.lead.name or 'this lead'} not qualified:\n{reason}?"):
            return
        lead = self.lead
        self._run("disqualify", lambda: self._disqualify(lead, reason, comment), busy=(self.disqualify_button,))

    async def _disqualify(self, lead: ExistingLead, reason: str, comment: str) -> None:
        updated = await self._change(
            "Marking not qualified",
            lambda: self.console.disqualify(lead, reason, comment),
            kept="Kept in the outbox",
        )
        if updated is None:
            return
        self.disposition_comment.clear()
        await self._after_change(updated, f"Marked not qualified ({reason})")
        if updated.has_active_appointment:  # HeavySet's answer decides, not our reading of the documents
            when = self.editor.facts["appointment"].text()
            self.show_banner(
                f"HeavySet kept {updated.name or 'the lead'}'s appointment ({when}) after the not-qualified mark, "
                "so its reminder stays. If it should not happen, cancel it (Ctrl+Shift+X)."
            )

    # ================================================================ new lead

    def start_new_lead(self) -> None:
        from hsconsole.services.formatting import phone_for_display

        phone = self.caller.phone if self.caller.screen is Screen.NOT_FOUND else None
        if not self._may_leave_lead(None):
            return
        if phone is None:  # a new caller; from "not found" it is the same caller, going on
            self._next_caller(None, Screen.NEW_LEAD)
        self._show_screen(Screen.NEW_LEAD)
        self.slot_view.set_days([])
        self.calendar_title.setText("Appointment blocks (after the lead is created)")
        heading = "Create the lead, then pick a block on the right and book it."
        self.new_lead_form.start(phone_for_display(phone) if phone else self.phone_input.text(), heading)
        self.show_banner("")
        self._update_buttons()

    def _new_lead_back(self) -> None:
        self._next_caller(None, Screen.EMPTY)
        self._show_screen(Screen.EMPTY)
        self.slot_view.set_days([])
        self.calendar_title.setText("Appointment blocks")
        self.show_banner("")
        self.focus_phone()
        self._update_buttons()

    def create_lead(self) -> None:
        from pydantic import ValidationError

        from hsconsole.services.models import LeadSubmission

        if self.new_lead is not None:
            return
        problems = self.new_lead_form.problems()
        if problems:
            self.new_lead_form.show_errors(problems)
            self.show_banner("Check the highlighted fields. Nothing was sent.")
            return
        values = self.new_lead_form.values()
        try:
            submission = LeadSubmission(
                phone=values["phone"],
                zip=values["zip"],
                first_name=values["first_name"] or None,
                last_name=values["last_name"] or None,
                address1=values["address1"] or None,
                email=values["email"] or None,
                product=values["product"] or None,
                comments=values["comments"] or None,
            )
        except ValidationError as exc:
            errors = {}
            for error in exc.errors(include_url=False, include_input=False):
                name = str(error["loc"][0]) if error["loc"] else ""
                errors[name] = str(error["msg"]).removeprefix("Value error, ")
            loose = self.new_lead_form.show_errors(errors)
            self.show_banner("Check the highlighted fields." + ("\n" + "\n".join(loose) if loose else ""))
            return
        self.new_lead_form.clear_errors()
        consent = self.new_lead_form.consent()
        create = self.new_lead_form.create_button
        self._run("create", lambda: self._create_lead(submission, consent), busy=(create,))

    async def _create_lead(self, submission: LeadSubmission, consent: Consent) -> None:
        from hsconsole.ui.messages import describe, field_errors

        def waiting(queued: Queued) -> None:  # the form stays, locked, and says where the lead is
            self._connection(queued.cause)
            self.new_lead_form.set_locked(True)
            self.new_lead_form.heading.setText(
                "The new lead waits in the outbox and is created as soon as HeavySet answers; "
                "its blocks appear here then."
            )
            self.show_banner(describe(queued))
            self.status(f"Kept in the outbox: {queued.entry.summary}")

        self.status("Creating the lead…")
        self.caller.submitted_phone = self.caller.phone = submission.phone
        new_lead = await self._change(
            "Creating the lead",
            lambda: self.console.create_lead(submission, consent=consent),
            kept="Kept in the outbox",
            on_queued=waiting,
            fields=lambda exc: self.new_lead_form.show_errors(field_errors(exc)),
        )
        if new_lead is not None:
            self._show_new_lead(new_lead)

    async def _continue_new_lead(self, phone: str, created: LeadCreated) -> None:
        """A queued new lead reached HeavySet: fetch its blocks and carry on."""
        self._show_new_lead(await self.console.new_lead_slots(phone, created))

    def _show_new_lead(self, new_lead: NewLead) -> None:
        from hsconsole.ui.messages import describe

        self.new_lead = new_lead
        self.slots = new_lead.slots
        self.new_lead_form.set_locked(True)
        self.new_lead_form.heading.setText(
            f"Lead created ({new_lead.created.lead_id}). Pick a block on the right and press Book (Ctrl+Enter)."
        )
        blocks = (
            ""
            if new_lead.slots_error is None
            else "The lead is created, but its blocks could not be loaded: "
            + describe(new_lead.slots_error)
            + " Press Refresh."
        )
        self.show_banner("\n".join(x for x in (new_lead.consent_note, blocks) if x))
        self._show_slots()
        self.slot_view.setFocus()
        self.status("Lead created: pick a block and book")
        self._update_buttons()

    async def _book_new(self, new_lead: NewLead, block_id: str, label: str = "") -> None:
        from hsconsole.services.console import LookupResult

        booking = await self._change(
            "Booking",
            lambda: self.console.book_new_lead(new_lead, block_id, label=label),
            kept="Booking kept in the outbox",
            booking=True,
            slot_gone=self._refresh_new_lead_slots,
        )
        if booking is None:
            return
        if booking.lead is None:
            self.status(f"Booked (appointment {booking.result.appointment_id}); the CRM has not shown the lead yet")
            return
        self._show_lookup(LookupResult(booking.lead, self.slots))
        self.search_pane.remember(new_lead.phone, booking.lead.name)
        await self._refresh_slots(block_id)
        when = self.editor.facts["appointment"].text()
        self.status(f"Booked new lead {booking.lead.name}: {when}")

    # ================================================================ misc

    def show_shortcuts(self) -> None:
        from hsconsole.ui.shortcuts import ShortcutOverlay

        if self.shortcut_overlay is None:
            self.shortcut_overlay = ShortcutOverlay(self)
        self.shortcut_overlay.open()

    def _restore_layout(self) -> None:
        if self._layout.geometry:
            self.restoreGeometry(QByteArray.fromBase64(self._layout.geometry.encode()))
        else:
            self.resize(1360, 820)
        if self._layout.splitter:
            self.splitter.restoreState(QByteArray.fromBase64(self._layout.splitter.encode()))

    def _save_layout(self) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        self.settings.splitter_state = bytes(self.splitter.saveState().toBase64().data()).decode()
        self.settings.limit_days = self.days_ahead.value()
        if self.settings_store is not None:
            try:
                self.settings_store.save(self.settings)
            except OSError as exc:
                log.warning("could not save the window layout: %s", type(exc).__name__)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._ready:  # closed while starting: nothing typed in a lead yet, no task running
            self._closed = True
            event.accept()
            self.closed.emit()
            return
        dirty = self.lead is not None and self.caller.screen.shows_lead and self.editor.is_dirty()
        if dirty and not self.confirm("Unsaved changes", "You have unsaved changes. Quit and discard them?"):
            event.ignore()
            return
        self._save_layout()
        self._closed = True
        self.tasks.cancel_pending()
        event.accept()
        self.closed.emit()

"""The windows that open beside the console: the confirmation worklist, the team report, the scheduling-link
dialog, the activity log and the pending changes. One of each at most, opened again where it was left."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from hsconsole.services.audit import AuditLog
    from hsconsole.services.outbox import OutboxService
    from hsconsole.services.setup import Connectors
    from hsconsole.ui.caller import Caller

OFF_REMINDERS = QT_TRANSLATE_NOOP(
    "SideWindows", "Reminders are off for this profile: Settings ▸ Connectors turns them on."
)
OFF_TIMEZEST = QT_TRANSLATE_NOOP("SideWindows", "TimeZest is off for this profile: Settings ▸ Connectors turns it on.")
"""Why a side window does not open, as written (said translated)."""


class Host(Protocol):
    """What the side windows need of the console window."""

    setter_zone: str
    audit: AuditLog | None
    connectors: Connectors
    caller: Caller
    connector_panel: Any
    confirm: Callable[[str, str], bool]
    lead_shown: Any
    """The window's signal: a lead (E.164) is now shown."""

    def status(self, text: str) -> None: ...

    def search(self, raw: str) -> object: ...

    def fix_entry(self, entry_id: int) -> None: ...

    def focus_blocks(self) -> None: ...


class SideWindows:
    """The console window's side windows, made on first use (their modules load then), over ``window``."""

    def __init__(self, host: Host, window: QWidget) -> None:
        self.host = host
        self.window = window
        self.worklist: Any = None
        self.team_report: Any = None
        self.link_dialog: Any = None
        self.audit_window: Any = None
        self.outbox_panel: Any = None
        self._blocks_for: str | None = None
        """A caller the worklist asked for: their calendar gets the keyboard once their lead is shown."""
        host.lead_shown.connect(self.lead_shown)

    def close_connector_windows(self) -> None:
        """The connectors changed (another profile, or new settings): what was open for the old ones closes."""
        for window in (self.worklist, self.team_report, self.link_dialog):
            if window is not None:
                window.close()
        self.worklist = self.team_report = None

    def use_setter_zone(self, zone: str) -> None:
        """The setter's zone changed: the worklist, the activity log and the pending changes are told again in
        it where they are; the team report (whole days of the old zone) closes and opens anew in it."""
        for window in (self.worklist, self.audit_window, self.outbox_panel):
            if window is not None:
                window.use_setter_zone(zone)
        if self.team_report is not None:
            self.team_report.close()
            self.team_report = None

    def close_outbox_panel(self) -> None:
        """The outbox changed: the panel of the old one goes."""
        if self.outbox_panel is not None:
            self.outbox_panel.detach()
            self.outbox_panel.close()
            self.outbox_panel = None

    def show_worklist(self) -> None:
        host = self.host
        reminders = host.connectors.reminders
        if reminders is None:
            host.status(translate("SideWindows", OFF_REMINDERS))
            return
        if self.worklist is None:
            from hsconsole.ui.worklist import WorklistPanel

            self.worklist = WorklistPanel(reminders, host.setter_zone, self.window)
            self.worklist.lookup_requested.connect(self._worklist_lookup)
            self.worklist.reload()
        _raise(self.worklist)

    def _worklist_lookup(self, phone: str) -> None:
        """The worklist steps aside (hidden, its place kept for Ctrl+Shift+W) and the caller's calendar takes the
        keyboard once their lead is shown, so a new time is a jump and Enter away."""
        if self.worklist is not None:
            self.worklist.hide()
        self.window.raise_()
        self.window.activateWindow()
        if self.host.search(phone) is not None:
            self._blocks_for = phone

    def lead_shown(self, phone: str) -> None:
        """A lead is on screen: the one the worklist asked for gets the keyboard in its calendar."""
        if self._blocks_for == phone:
            self._blocks_for = None
            self.host.focus_blocks()

    def send_link(self) -> None:
        host = self.host
        scheduling = host.connectors.scheduling
        if scheduling is None:
            host.status(translate("SideWindows", OFF_TIMEZEST))
            return
        lead = host.caller.shown_lead
        if lead is None:
            host.status(translate("SideWindows", "Look the caller up first, then send the link."))
            return
        from hsconsole.ui.send_link import SendLinkDialog

        open_dialog = self.link_dialog
        if open_dialog is not None and open_dialog.isVisible():  # one at a time: a second could send a second link
            _raise(open_dialog)
            if open_dialog.lead.phone != lead.phone:
                host.status(translate("SideWindows", "Finish or close the scheduling link you are sending first."))
            return
        dialog = SendLinkDialog(scheduling, lead, host.setter_zone, self.window)
        dialog.sent.connect(lambda sent: self._link_sent(lead.phone, sent.emailed_by_timezest))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._link_dialog_gone)
        self.link_dialog = dialog
        dialog.show()

    def _link_dialog_gone(self) -> None:
        self.link_dialog = None

    def _link_sent(self, phone: str, emailed: bool = False) -> None:
        host = self.host
        if emailed:
            host.status(translate("SideWindows", "TimeZest is emailing the scheduling link"))
        else:
            host.status(translate("SideWindows", "Scheduling link made: pass it on"))
        if host.caller.is_for(phone) and host.caller.screen.shows_lead:
            host.connector_panel.reload_links()

    def show_team_report(self) -> None:
        host = self.host
        scheduling = host.connectors.scheduling
        if scheduling is None:
            host.status(translate("SideWindows", OFF_TIMEZEST))
            return
        if self.team_report is None:
            from hsconsole.ui.team_report import TeamReportWindow

            self.team_report = TeamReportWindow(scheduling, host.setter_zone, self.window)
        _raise(self.team_report)

    def show_activity(self, phone: str = "") -> None:
        """The activity log window; with ``phone``, on that caller's lines."""
        host = self.host
        if host.audit is None:
            host.status(translate("SideWindows", "No activity log in this session"))
            return
        if self.audit_window is None:
            from hsconsole.ui.audit_window import AuditWindow

            self.audit_window = AuditWindow(host.audit, setter_zone=host.setter_zone, parent=self.window)
        if phone:
            self.audit_window.show_caller(phone)
        else:
            self.audit_window.reload()
        _raise(self.audit_window)

    def show_outbox(self, outbox: OutboxService | None) -> None:
        if outbox is None:
            return
        host = self.host
        if self.outbox_panel is None:
            from hsconsole.ui.outbox_panel import OutboxPanel

            self.outbox_panel = OutboxPanel(outbox, host.setter_zone, self.window)
            self.outbox_panel.confirm = lambda title, text: host.confirm(title, text)
            self.outbox_panel.fix_requested.connect(host.fix_entry)
        self.outbox_panel.reload()
        _raise(self.outbox_panel)


def _raise(window: Any) -> None:
    window.show()
    window.raise_()
    window.activateWindow()

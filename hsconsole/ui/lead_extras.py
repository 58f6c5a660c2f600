"""The lead view's connector panel: the caller's reminder state and scheduling links.

Shown under the lead editor when the profile uses Apptoto or TimeZest; each
part is hidden when its connector is off. Everything here is read in the
background after the lead is shown, so the lead never waits for a connector.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.slots import is_known_zone, load_zone
from hsconsole.services.errors import ApiError
from hsconsole.services.formatting import both_zones_tip, format_for_setter, format_local_time
from hsconsole.services.models import ExistingLead
from hsconsole.services.setup import Connectors
from hsconsole.services.tasks import TaskKeeper
from hsconsole.ui.cells import header_tooltips, tree_row, zone_header
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate
from hsconsole.ui.messages import describe

if TYPE_CHECKING:
    from hsconsole.services.reminders import ReminderStatus
    from hsconsole.services.scheduling import RequestRow

REQUEST_COLUMNS = (
    QT_TRANSLATE_NOOP("ConnectorPanel", "Status"),
    QT_TRANSLATE_NOOP("ConnectorPanel", "Type"),
    QT_TRANSLATE_NOOP("ConnectorPanel", "Chosen time"),
    QT_TRANSLATE_NOOP("ConnectorPanel", "Sent"),
)
COL_CHOSEN, COL_SENT = 2, 3
REFRESH_MS = 60_000
"""The reminder state of the shown lead is read again this often (homeowners answer while the setter works)."""


class ConnectorPanel(QWidget):
    """Signals:
    send_link_requested(): the setter wants to send a TimeZest link to the shown lead.
    """

    send_link_requested = Signal()

    def __init__(self, setter_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connector_panel")
        self.setter_zone = setter_zone
        self.connectors = Connectors()
        self.lead: ExistingLead | None = None
        self.lead_zone: str | None = None
        self.tasks = TaskKeeper()
        self.reminder: ReminderStatus | None = None
        self.requests: list[RequestRow] = []

        self.reminder_box = QGroupBox(translate("ConnectorPanel", "Reminders (Apptoto)"))
        self.reminder_box.setObjectName("reminder_box")
        self.reminder_state = QLabel()
        self.reminder_state.setObjectName("reminder_state")
        self.reminder_state.setTextFormat(Qt.TextFormat.PlainText)
        self.reminder_state.setWordWrap(True)
        font = self.reminder_state.font()
        font.setBold(True)
        self.reminder_state.setFont(font)
        self.reminder_detail = QLabel()
        self.reminder_detail.setObjectName("reminder_detail")
        self.reminder_detail.setWordWrap(True)
        self.reminder_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.reminder_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reminder_refresh = QPushButton("↻")
        self.reminder_refresh.setObjectName("reminder_refresh")
        self.reminder_refresh.setToolTip(translate("ConnectorPanel", "Read the reminder state again"))
        self.reminder_refresh.setAccessibleName(translate("ConnectorPanel", "Reload reminder state"))
        self.reminder_refresh.clicked.connect(self.reload_reminders)
        top = QHBoxLayout()
        top.addWidget(self.reminder_state, 1)
        top.addWidget(self.reminder_refresh)
        column = QVBoxLayout(self.reminder_box)
        column.addLayout(top)
        column.addWidget(self.reminder_detail)

        self.links_box = QGroupBox(translate("ConnectorPanel", "Self-scheduling links (TimeZest)"))
        self.links_box.setObjectName("links_box")
        self.links_note = QLabel()
        self.links_note.setObjectName("links_note")
        self.links_note.setWordWrap(True)
        self.links_list = QTreeWidget()
        self.links_list.setObjectName("links_list")
        self.links_list.setAccessibleName(translate("ConnectorPanel", "Scheduling requests of this caller"))
        self.links_list.setRootIsDecorated(False)
        self.links_list.setHeaderLabels([translate("ConnectorPanel", word) for word in REQUEST_COLUMNS])
        zone_header(self.links_list, COL_SENT, translate("ConnectorPanel", REQUEST_COLUMNS[COL_SENT]), _tz(setter_zone))
        header_tooltips(self.links_list)
        # never wider than the lead pane: long cells scroll inside the list instead
        self.links_list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.links_list.setVisible(False)
        self.send_link_button = QPushButton(translate("ConnectorPanel", "Send scheduling lin&k…"))
        self.send_link_button.setObjectName("send_link_button")
        self.send_link_button.clicked.connect(self.send_link_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.links_note, 1)
        buttons.addWidget(self.send_link_button, 0, Qt.AlignmentFlag.AlignTop)
        links = QVBoxLayout(self.links_box)
        links.addWidget(self.links_list)
        links.addLayout(buttons)

        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self._tick)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reminder_box)
        layout.addWidget(self.links_box)
        self.set_connectors(Connectors())

    # ------------------------------------------------------------ setting up

    def set_connectors(self, connectors: Connectors) -> None:
        self.refresh_timer.stop()
        self.tasks.cancel_pending()
        self.connectors = connectors
        self.reminder_box.setVisible(connectors.reminders is not None)
        self.links_box.setVisible(connectors.scheduling is not None)
        self.setVisible(connectors.reminders is not None or connectors.scheduling is not None)
        self._update_send()

    def show_lead(self, lead: ExistingLead, lead_zone: str | None) -> None:
        """Show ``lead``'s reminder state and links (read in the background)."""
        same = self.lead is not None and self.lead.phone == lead.phone
        self.lead = lead
        self.lead_zone = lead_zone
        if not same:
            self.reminder = None
            self.requests = []
            self.reminder_state.setText(translate("ConnectorPanel", "Reading…"))
            self.reminder_detail.clear()
            self.links_list.clear()
            self.links_list.setVisible(False)
            self.links_note.setText(translate("ConnectorPanel", "Reading…"))
        self._update_send()
        self.reload_reminders()
        self.reload_links()
        if self.connectors.reminders is not None:
            self.refresh_timer.start()

    def use_setter_zone(self, zone: str) -> None:
        """The setter's zone changed: the reminder and the links are told again in it (as read, not read again)."""
        self.setter_zone = zone
        zone_header(self.links_list, COL_SENT, translate("ConnectorPanel", REQUEST_COLUMNS[COL_SENT]), _tz(zone))
        if self.lead is not None and self.reminder is not None:
            self._show_reminder(self.reminder)
        if self.lead is not None and self.requests:
            self._show_links(self.lead, self.requests)

    def update_lead(self, lead: ExistingLead) -> None:
        """The shown lead changed on the server (saved, booked): keep it current without reading everything again."""
        if self.lead is None or self.lead.phone != lead.phone:
            return
        email_changed = (self.lead.email or "").strip() != (lead.email or "").strip()
        self.lead = lead
        self._update_send()
        if email_changed:
            self.reload_links()

    def _shows(self, lead: ExistingLead) -> bool:
        """Still the same caller on screen (the lead object is replaced when it is saved)."""
        return self.lead is not None and self.lead.phone == lead.phone

    def _tick(self) -> None:
        if self.isVisible() and not self.tasks.busy("reminders"):
            self.reload_reminders()

    def clear(self) -> None:
        self.refresh_timer.stop()
        self.tasks.cancel_pending()
        self.lead = None
        self.reminder = None
        self.requests = []
        self.reminder_state.clear()
        self.reminder_detail.clear()
        self.links_list.clear()
        self._update_send()

    def _update_send(self) -> None:
        scheduling = self.connectors.scheduling
        reason = ""
        if scheduling is not None and scheduling.send_disabled_reason:
            reason = scheduling.send_disabled_reason
        elif self.lead is not None and not (self.lead.email or "").strip():
            reason = "The lead has no email address: add one above and save, then send the link."
        self.send_link_button.setEnabled(scheduling is not None and self.lead is not None and not reason)
        self.send_link_button.setToolTip(reason)

    # ------------------------------------------------------------ reminders

    def reload_reminders(self) -> None:
        if self.connectors.reminders is not None and self.lead is not None:
            self.tasks.spawn(self.load_reminders(), slot="reminders")

    async def load_reminders(self) -> None:
        reminders, lead = self.connectors.reminders, self.lead
        if reminders is None or lead is None:
            return
        try:
            status = await reminders.status_for(lead)
        except (ApiError, ValueError) as exc:
            if self._shows(lead):
                self.reminder_state.setText(translate("ConnectorPanel", "Reminder state not available"))
                self.reminder_detail.setText(describe(exc, "Apptoto"))
            return
        if not self._shows(lead):
            return
        self.reminder = status
        if status is None:
            self.reminder_state.setText(translate("ConnectorPanel", "No reminder appointment in Apptoto"))
            current = self.lead or lead
            self.reminder_detail.setText(
                translate(
                    "ConnectorPanel",
                    "The reminder is set up when the booking reaches Apptoto (see Pending changes in the status bar).",
                )
                if current.has_active_appointment
                else translate("ConnectorPanel", "Book a block and the reminder is set up by itself.")
            )
            return
        self._show_reminder(status)

    def _show_reminder(self, status: ReminderStatus) -> None:
        """The appointment in the lead's zone (by city where its letters would be mistaken) with the setter's
        beside, and the homeowner's latest message in the setter's time."""
        from hsconsole.services.reminders import message_line

        start, zone = status.event.start_time, status.event.time_zone or self.lead_zone
        state = f"⚠ {status.state_text}" if status.attention else status.state_text
        when = format_for_setter(start, zone, self.setter_zone)
        self.reminder_state.setText(
            translate("ConnectorPanel", "{state} · appointment {when}").format(state=state, when=when)
        )
        self.reminder_state.setToolTip(both_zones_tip(start, zone, self.setter_zone))
        participant = status.participant
        lines = [message_line(participant, self.setter_zone, yours=True)] if participant is not None else []
        if status.attention and status.attention != status.state_text:
            lines.append(translate("ConnectorPanel", "Needs attention: {why}").format(why=status.attention))
        self.reminder_detail.setText("\n".join(lines))

    # ------------------------------------------------------------ links

    def _fit_list(self, rows: int) -> None:
        """As tall as its rows (up to four; it scrolls beyond), so the send button stays in view."""
        shown = max(1, min(rows, 4))
        row_height = self.links_list.sizeHintForRow(0) if rows else self.fontMetrics().height() + 6
        header = self.links_list.header().sizeHint().height()
        scroll = self.links_list.horizontalScrollBar().sizeHint().height()
        self.links_list.setFixedHeight(header + row_height * shown + scroll + 2 * self.links_list.frameWidth())

    def reload_links(self) -> None:
        if self.connectors.scheduling is not None and self.lead is not None:
            self.tasks.spawn(self.load_links(), slot="links")

    async def load_links(self) -> None:
        scheduling, lead = self.connectors.scheduling, self.lead
        if scheduling is None or lead is None:
            return
        if not (lead.email or "").strip():
            self.links_note.setText(
                translate("ConnectorPanel", "No email address on this lead, so no scheduling links.")
            )
            self.links_list.setVisible(False)
            return
        try:
            rows = await scheduling.requests_for(lead)
        except (ApiError, ValueError) as exc:
            if self._shows(lead):
                self.links_note.setText(describe(exc, "TimeZest"))
            return
        if not self._shows(lead):
            return
        self.requests = rows
        self._show_links(lead, rows)

    def _show_links(self, lead: ExistingLead, rows: list[RequestRow]) -> None:
        """The links sent: the time the homeowner chose as the lead's and the setter's, when each was sent in
        the setter's (the column says whose)."""
        self.links_list.clear()
        zone = _tz(self.setter_zone)
        for row in rows:
            chosen_zone = self.lead_zone or row.chosen_zone
            chosen = format_for_setter(row.chosen, chosen_zone, self.setter_zone) if row.chosen else ""
            texts = (row.status_text, row.appointment_type, chosen, format_local_time(row.created_at, zone))
            # a cell too narrow for its text shows it whole in its tooltip; the status's says the link too,
            # the chosen time's both zones
            tips = {0: f"{row.status_text}\n{row.url}"} if row.url else {}
            if row.chosen:
                tips[COL_CHOSEN] = f"{chosen}\n{both_zones_tip(row.chosen, chosen_zone, self.setter_zone)}"
            self.links_list.addTopLevelItem(tree_row(texts, tips))
        for column in range(len(REQUEST_COLUMNS)):
            self.links_list.resizeColumnToContents(column)
        self._fit_list(len(rows))
        self.links_list.setVisible(bool(rows))
        if rows:
            sent = (
                translate("ConnectorPanel", "1 link sent to {email}.")
                if len(rows) == 1
                else translate("ConnectorPanel", "{count} links sent to {email}.")
            )
            self.links_note.setText(sent.format(count=len(rows), email=lead.email))
        else:
            self.links_note.setText(
                translate("ConnectorPanel", "No scheduling link sent to {email} yet.").format(email=lead.email)
            )
        if self.connectors.scheduling and self.connectors.scheduling.send_disabled_reason:
            self.links_note.setText(self.links_note.text() + " " + self.connectors.scheduling.send_disabled_reason)


def _tz(zone: str) -> tzinfo | None:
    return load_zone(zone) if zone and is_known_zone(zone) else None

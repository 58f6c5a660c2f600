"""The activity log window: browse, filter and export what the setter has done.

A non-modal dialog over :class:`hsconsole.store.audit.AuditLog`: a table of
entries (newest first, times in the setter's zone, who did each: "—" when
that is not known), a filter field that narrows as you type, an action
filter, Refresh, and Export CSV. :meth:`AuditWindow.show_caller` opens it on
one caller's lines (the lead view's "Show all in the activity log").
"""

from __future__ import annotations

import logging
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.slots import is_known_zone, load_zone
from hsconsole.services.audit import AuditEntry, AuditLog, AuditLogError, format_changes
from hsconsole.services.formatting import format_local_time, phone_for_display, zone_column

log = logging.getLogger("hsconsole.ui")

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("When", "By", "Action", "Phone", "Name", "Changes", "Result", "Message")
UNKNOWN_ACTOR = "—"
"""Who did a line that does not say (recorded before the log kept it)."""
FILTER_DELAY_MS = 250
"""How long typing in the filter must pause before the table is re-read."""
ENTRY_LIMIT = 1000
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

ACTION_LABELS = {
    "lookup": "Look-up",
    "save": "Save",
    "book": "Book",
    "reschedule": "Reschedule",
    "cancel": "Cancel",
    "disqualify": "Not qualified",
    "new_lead": "New lead",
    "replay": "Outbox replay",
}
RESULT_LABELS = {"ok": "OK", "queued": "Queued", "failed": "Failed"}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action) or action.replace("_", " ").capitalize()


class AuditTableModel(QAbstractTableModel):
    """Audit entries as rows, newest first (in the order given)."""

    def __init__(self, zone: tzinfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._entries: list[AuditEntry] = []

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[AuditEntry]:
        return list(self._entries)

    def entry_at(self, row: int) -> AuditEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def text(self, entry: AuditEntry, column: int) -> str:
        if column == 0:
            return format_local_time(entry.at, self.zone)
        if column == 1:
            return entry.actor or UNKNOWN_ACTOR
        if column == 2:
            return action_label(entry.action)
        if column == 3:
            return phone_for_display(entry.phone) if entry.phone.startswith("+") else entry.phone
        if column == 4:
            return entry.name
        if column == 5:
            return format_changes(entry.changes)
        if column == 6:
            return RESULT_LABELS.get(entry.result, entry.result)
        return entry.message

    # -- QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text, which a narrow column cuts with "…"
            text = self.text(entry, index.column())
            if index.column() == 0:
                return f"{text} ({entry.at.isoformat(timespec='seconds')} · profile {entry.profile})"
            if index.column() == 1 and not entry.actor:
                return f"{text} (not known: the line was recorded before the log kept who)"
            return text or None
        if role == ENTRY_ROLE:
            return entry
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
            and orientation == Qt.Orientation.Horizontal
        ):
            if section == 0:  # "When (Manila time)"
                return zone_column(COLUMNS[0], self.zone, tooltip=role == Qt.ItemDataRole.ToolTipRole)
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def use_zone(self, zone: tzinfo | None) -> None:
        """Tell the times again in ``zone`` (the setter's, changed), and the header says so."""
        self.zone = zone
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))


class AuditWindow(QDialog):
    """The "Activity log" window. Non-modal; call :meth:`reload` to re-read the log."""

    def __init__(self, audit: AuditLog, *, setter_zone: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.audit = audit
        self.setObjectName("audit_window")
        self.setWindowTitle("Activity log")
        self.setModal(False)
        zone = load_zone(setter_zone) if setter_zone and is_known_zone(setter_zone) else None

        self.filter_input = QLineEdit()
        self.filter_input.setObjectName("audit_filter")
        self.filter_input.setPlaceholderText("Phone, name, change, message or who")
        self.filter_input.setAccessibleName("Filter the activity log")
        self.filter_input.setClearButtonEnabled(True)
        filter_label = QLabel("&Find")
        filter_label.setBuddy(self.filter_input)

        self.action_combo = QComboBox()
        self.action_combo.setObjectName("audit_action")
        self.action_combo.setAccessibleName("Show only this action")
        self.action_combo.addItem("All actions", None)
        action_label_widget = QLabel("&Action")
        action_label_widget.setBuddy(self.action_combo)

        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setObjectName("audit_refresh")
        self.refresh_button.clicked.connect(self.reload)
        self.export_button = QPushButton("&Export CSV…")
        self.export_button.setObjectName("audit_export")
        self.export_button.clicked.connect(self.export_csv)
        self.close_button = QPushButton("C&lose")
        self.close_button.setObjectName("audit_close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)

        self.model = AuditTableModel(zone, self)
        self.table = QTableView()
        self.table.setObjectName("audit_table")
        self.table.setAccessibleName("Activity log entries")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((135, 80, 95, 120, 140, 220, 65)):
            self.table.setColumnWidth(column, width)
        table_label = QLabel("Entr&ies")
        table_label.setBuddy(self.table)

        self.status_label = QLabel(" ")
        self.status_label.setObjectName("audit_status")
        self.status_label.setAccessibleName("Activity log status")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DELAY_MS)
        self._debounce.timeout.connect(self.reload)
        self.filter_input.textChanged.connect(lambda _text: self._debounce.start())
        self.action_combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.filter_input.returnPressed.connect(self.reload)

        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.find_shortcut.activated.connect(self.focus_filter)

        filters = QHBoxLayout()
        filters.addWidget(filter_label)
        filters.addWidget(self.filter_input, 1)
        filters.addSpacing(8)
        filters.addWidget(action_label_widget)
        filters.addWidget(self.action_combo)
        filters.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1060, 560)
        self.reload()

    # ------------------------------------------------------------ reading

    def focus_filter(self) -> None:
        self.filter_input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_input.selectAll()

    def current_action(self) -> str | None:
        data = self.action_combo.currentData()
        return data if isinstance(data, str) else None

    def reload(self) -> None:
        """Re-read the entries that match the filters (and the list of actions)."""
        self._debounce.stop()
        try:
            self._refresh_actions()
            entries = self.audit.entries(text=self.filter_input.text(), action=self.current_action(), limit=ENTRY_LIMIT)
        except AuditLogError as exc:
            log.warning("activity log not readable: %s", exc)
            self.model.set_entries([])
            self.status_label.setText(str(exc))
            return
        self.model.set_entries(entries)
        self.status_label.setText(self._count_text(len(entries)))

    def _count_text(self, count: int) -> str:
        filtered = bool(self.filter_input.text().strip()) or self.current_action() is not None
        if count >= ENTRY_LIMIT:
            return f"Showing the newest {ENTRY_LIMIT:,} entries" + (" that match" if filtered else "")
        if count == 0:
            return "No entries match" if filtered else "Nothing recorded yet"
        noun = "entry" if count == 1 else "entries"
        return f"{count:,} matching {noun}" if filtered else f"{count:,} {noun}"

    def _refresh_actions(self) -> None:
        wanted = self.current_action()
        actions = self.audit.actions()
        present = [self.action_combo.itemData(i) for i in range(1, self.action_combo.count())]
        if present == actions:
            return
        self.action_combo.blockSignals(True)
        try:
            self.action_combo.clear()
            self.action_combo.addItem("All actions", None)
            for action in actions:
                self.action_combo.addItem(action_label(action), action)
            index = self.action_combo.findData(wanted) if wanted is not None else 0
            self.action_combo.setCurrentIndex(max(index, 0))
        finally:
            self.action_combo.blockSignals(False)

    def show_caller(self, phone: str) -> None:
        """Show every line of the caller with ``phone`` (E.164): the filter set to their number, all actions."""
        number = phone_for_display(phone) if phone.startswith("+") else phone
        self.action_combo.blockSignals(True)
        self.action_combo.setCurrentIndex(0)
        self.action_combo.blockSignals(False)
        self.filter_input.setText(number)  # the setter sees why only these show, and clears it for all
        self.reload()

    def use_setter_zone(self, zone: str) -> None:
        """The setter's zone changed: the times are told again in it."""
        self.model.use_zone(load_zone(zone) if is_known_zone(zone) else None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()

    # ------------------------------------------------------------ export

    def choose_export_path(self) -> Path | None:
        """Ask where to save the CSV file; None when the setter cancels. Tests replace this."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        suggested = str(Path(folder) / f"hsconsole-activity-{date.today():%Y-%m-%d}.csv")
        chosen, _filter = QFileDialog.getSaveFileName(self, "Export activity log", suggested, "CSV files (*.csv)")
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(".csv")

    def export_csv(self) -> int | None:
        """Export the entries shown (with the current filters) to a CSV file; the rows written, or None."""
        path = self.choose_export_path()
        if path is None:
            return None
        try:
            count = self.audit.export_csv(path, self.model.entries())
        except OSError as exc:
            log.warning("activity log export failed: %s", type(exc).__name__)
            self.status_label.setText(f"Export failed: {exc.strerror or type(exc).__name__}. Choose another place.")
            return None
        noun = "entry" if count == 1 else "entries"
        self.status_label.setText(f"Exported {count:,} {noun} to {path.name}")
        return count

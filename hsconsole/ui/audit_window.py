"""The activity log window: browse, filter and export what the setter has done.

A non-modal dialog over :class:`hsconsole.store.audit.AuditLog`: a table of
entries (newest first, times in the setter's zone, who did each: "—" when
that is not known), a filter field that narrows as you type, an action
filter, Refresh, and Export CSV. :meth:`AuditWindow.show_caller` opens it on
one caller's lines (the lead view's "Show all in the activity log").

However long the log, the table reads one page of lines at a time, from where the
last page ended, as it is scrolled down (:data:`PAGE_SIZE`); the count beside it
stops at :data:`COUNT_CAP` for a filter that matches a great many lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
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
from hsconsole.services.formatting import format_local_time, phone_for_display
from hsconsole.ui.cells import header_width, widen_for, zone_column
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

log = logging.getLogger("hsconsole.ui")

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    QT_TRANSLATE_NOOP("ActivityLog", "When"),
    QT_TRANSLATE_NOOP("ActivityLog", "By"),
    QT_TRANSLATE_NOOP("ActivityLog", "Action"),
    QT_TRANSLATE_NOOP("ActivityLog", "Phone"),
    QT_TRANSLATE_NOOP("ActivityLog", "Name"),
    QT_TRANSLATE_NOOP("ActivityLog", "Changes"),
    QT_TRANSLATE_NOOP("ActivityLog", "Result"),
    QT_TRANSLATE_NOOP("ActivityLog", "Message"),
)
"""The columns as written (shown translated; the CSV export has its own, untranslated)."""
COLUMN_WIDTHS = (135, 80, 95, 120, 140, 220, 65)
"""Each column's width at first (wider where its header's words need it); "Message" takes the rest."""
UNKNOWN_ACTOR = "—"
"""Who did a line that does not say (recorded before the log kept it)."""
FILTER_DELAY_MS = 250
"""How long typing in the filter must pause before the table is re-read."""
PAGE_SIZE = 200
"""Lines read at a time: the first page when the window opens or a filter changes, the next as the table is
scrolled to its end."""
COUNT_CAP = 10_000
"""A filter's matches are counted up to here ("More than 10,000 matching entries")."""
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

ACTION_LABELS = {
    "lookup": QT_TRANSLATE_NOOP("ActivityLog", "Look-up"),
    "save": QT_TRANSLATE_NOOP("ActivityLog", "Save"),
    "book": QT_TRANSLATE_NOOP("ActivityLog", "Book"),
    "reschedule": QT_TRANSLATE_NOOP("ActivityLog", "Reschedule"),
    "cancel": QT_TRANSLATE_NOOP("ActivityLog", "Cancel"),
    "disqualify": QT_TRANSLATE_NOOP("ActivityLog", "Not qualified"),
    "new_lead": QT_TRANSLATE_NOOP("ActivityLog", "New lead"),
    "replay": QT_TRANSLATE_NOOP("ActivityLog", "Outbox replay"),
}
RESULT_LABELS = {
    "ok": QT_TRANSLATE_NOOP("ActivityLog", "OK"),
    "queued": QT_TRANSLATE_NOOP("ActivityLog", "Queued"),
    "failed": QT_TRANSLATE_NOOP("ActivityLog", "Failed"),
}
"""Each as written (shown translated)."""


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return translate("ActivityLog", label) if label else action.replace("_", " ").capitalize()


Pages = Callable[[AuditEntry | None, int], list[AuditEntry]]
"""Reads the next page: the entries after the one given (from the newest when None), at most so many."""


class AuditTableModel(QAbstractTableModel):
    """Audit entries as rows, newest first: a list given whole (:meth:`set_entries`), or read a page at a time
    as the view asks for more rows (:meth:`set_pages`)."""

    read_failed = Signal(str)
    """A next page could not be read: what went wrong, in words (no more pages are asked for)."""

    def __init__(
        self, zone: tzinfo | None = None, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(parent)
        self.zone = zone
        self.page_size = page_size
        self._entries: list[AuditEntry] = []
        self._pages: Pages | None = None
        self._more = False

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._pages, self._more = None, False
        self.endResetModel()

    def set_pages(self, pages: Pages) -> None:
        """Show what ``pages`` reads, its first page now and the others as they are scrolled to.

        Raises what ``pages`` raises for the first page (the model is then empty)."""
        self.beginResetModel()
        self._entries, self._pages, self._more = [], None, False
        try:
            first = pages(None, self.page_size + 1)
            self._entries = first[: self.page_size]
            self._pages, self._more = pages, len(first) > self.page_size
        finally:
            self.endResetModel()

    def entries(self) -> list[AuditEntry]:
        """The entries read so far."""
        return list(self._entries)

    def all_entries(self) -> Iterator[AuditEntry]:
        """Every entry, those not read yet too (read page by page as they are iterated)."""
        yield from list(self._entries)
        pages, more, last = self._pages, self._more, self._entries[-1] if self._entries else None
        while pages is not None and more:
            page = pages(last, self.page_size + 1)
            yield from page[: self.page_size]
            more = len(page) > self.page_size
            last = page[self.page_size - 1] if more else None

    # -- reading on as the view scrolls

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or self._pages is None:
            return
        try:
            page = self._pages(self._entries[-1] if self._entries else None, self.page_size + 1)
        except AuditLogError as exc:
            log.warning("activity log not readable: %s", exc)
            self._more = False
            self.read_failed.emit(str(exc))
            return
        self._more = len(page) > self.page_size
        page = page[: self.page_size]
        if page:
            start = len(self._entries)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._entries.extend(page)
            self.endInsertRows()

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
            return (
                translate("ActivityLog", RESULT_LABELS[entry.result]) if entry.result in RESULT_LABELS else entry.result
            )
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
                return translate("ActivityLog", "{time} ({moment} · profile {profile})").format(
                    time=text, moment=entry.at.isoformat(timespec="seconds"), profile=entry.profile
                )
            if index.column() == 1 and not entry.actor:
                return (
                    text + " " + translate("ActivityLog", "(not known: the line was recorded before the log kept who)")
                )
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
                word = translate("ActivityLog", COLUMNS[0])
                return zone_column(word, self.zone, tooltip=role == Qt.ItemDataRole.ToolTipRole)
            return translate("ActivityLog", COLUMNS[section]) if 0 <= section < len(COLUMNS) else None
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
        self.setWindowTitle(translate("ActivityLog", "Activity log"))
        self.setModal(False)
        zone = load_zone(setter_zone) if setter_zone and is_known_zone(setter_zone) else None

        self.filter_input = QLineEdit()
        self.filter_input.setObjectName("audit_filter")
        self.filter_input.setPlaceholderText(translate("ActivityLog", "Phone, name, change, message or who"))
        self.filter_input.setAccessibleName(translate("ActivityLog", "Filter the activity log"))
        self.filter_input.setClearButtonEnabled(True)
        filter_label = QLabel(translate("ActivityLog", "&Find"))
        filter_label.setBuddy(self.filter_input)

        self.action_combo = QComboBox()
        self.action_combo.setObjectName("audit_action")
        self.action_combo.setAccessibleName(translate("ActivityLog", "Show only this action"))
        self.action_combo.addItem(translate("ActivityLog", "All actions"), None)
        action_label_widget = QLabel(translate("ActivityLog", "&Action"))
        action_label_widget.setBuddy(self.action_combo)

        self.refresh_button = QPushButton(translate("ActivityLog", "&Refresh"))
        self.refresh_button.setObjectName("audit_refresh")
        self.refresh_button.clicked.connect(self.reload)
        self.export_button = QPushButton(translate("ActivityLog", "&Export CSV…"))
        self.export_button.setObjectName("audit_export")
        self.export_button.clicked.connect(self.export_csv)
        self.close_button = QPushButton(translate("ActivityLog", "C&lose"))
        self.close_button.setObjectName("audit_close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)

        self.model = AuditTableModel(zone, self)
        self.model.read_failed.connect(self._read_failed)
        self._fresh = False
        """True from a reload until the window is closed: showing it then reads nothing again."""
        self.table = QTableView()
        self.table.setObjectName("audit_table")
        self.table.setAccessibleName(translate("ActivityLog", "Activity log entries"))
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
        self._fit_columns()
        table_label = QLabel(translate("ActivityLog", "Entr&ies"))
        table_label.setBuddy(self.table)

        self.status_label = QLabel(" ")
        self.status_label.setObjectName("audit_status")
        self.status_label.setAccessibleName(translate("ActivityLog", "Activity log status"))
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
        widen_for(self, self.table, len(COLUMNS) - 1)
        self.reload()

    # ------------------------------------------------------------ reading

    def focus_filter(self) -> None:
        self.filter_input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_input.selectAll()

    def current_action(self) -> str | None:
        data = self.action_combo.currentData()
        return data if isinstance(data, str) else None

    def reload(self) -> None:
        """Re-read the entries that match the filters (their first page, and how many there are) and the list of
        actions."""
        self._debounce.stop()
        self._fresh = True
        audit, text, action = self.audit, self.filter_input.text(), self.current_action()
        filtered = bool(text.strip()) or action is not None

        def pages(after: AuditEntry | None, limit: int) -> list[AuditEntry]:
            return audit.entries(text=text, action=action, after=after, limit=limit)

        try:
            self._refresh_actions()
            self.model.set_pages(pages)
            count = self.model.rowCount()
            if self.model.canFetchMore():  # more than a page: counted (a filter's matches only so far)
                count = audit.count(text=text, action=action, cap=COUNT_CAP if filtered else None)
        except AuditLogError as exc:
            log.warning("activity log not readable: %s", exc)
            self.model.set_entries([])
            self.status_label.setText(str(exc))
            return
        self.status_label.setText(self._count_text(count, filtered))

    @staticmethod
    def _count_text(count: int, filtered: bool) -> str:
        if filtered and count >= COUNT_CAP:
            return translate("ActivityLog", "More than {count} matching entries").format(count=f"{COUNT_CAP:,}")
        if count == 0:
            return (
                translate("ActivityLog", "No entries match")
                if filtered
                else translate("ActivityLog", "Nothing recorded yet")
            )
        if filtered:
            text = (
                translate("ActivityLog", "{count} matching entry")
                if count == 1
                else translate("ActivityLog", "{count} matching entries")
            )
        else:
            text = (
                translate("ActivityLog", "{count} entry") if count == 1 else translate("ActivityLog", "{count} entries")
            )
        return text.format(count=f"{count:,}")

    def _read_failed(self, reason: str) -> None:
        self.status_label.setText(reason)

    def _refresh_actions(self) -> None:
        wanted = self.current_action()
        actions = self.audit.actions()
        present = [self.action_combo.itemData(i) for i in range(1, self.action_combo.count())]
        if present == actions:
            return
        self.action_combo.blockSignals(True)
        try:
            self.action_combo.clear()
            self.action_combo.addItem(translate("ActivityLog", "All actions"), None)
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
        self._fit_columns()
        widen_for(self, self.table, len(COLUMNS) - 1)

    def _fit_columns(self) -> None:
        """Each column at its width, or its header's where the words need more ("Cuándo (hora de Manila)")."""
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, max(width, header_width(self.table, column)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous() and not self._fresh:  # shown again after it was closed: the log has grown
            self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous():
            self._fresh = False

    # ------------------------------------------------------------ export

    def choose_export_path(self) -> Path | None:
        """Ask where to save the CSV file; None when the setter cancels. Tests replace this."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        suggested = str(Path(folder) / f"hsconsole-activity-{date.today():%Y-%m-%d}.csv")
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            translate("ActivityLog", "Export activity log"),
            suggested,
            translate("ActivityLog", "CSV files (*.csv)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(".csv")

    def export_csv(self) -> int | None:
        """Export the entries the filters find (those not scrolled to yet too) to a CSV file; the rows written,
        or None."""
        path = self.choose_export_path()
        if path is None:
            return None
        try:
            count = self.audit.export_csv(path, self.model.all_entries())
        except AuditLogError as exc:
            log.warning("activity log export failed: %s", exc)
            self.status_label.setText(translate("ActivityLog", "Export failed: {reason}").format(reason=exc))
            return None
        except OSError as exc:
            log.warning("activity log export failed: %s", type(exc).__name__)
            failed = translate("ActivityLog", "Export failed: {reason}. Choose another place.")
            self.status_label.setText(failed.format(reason=exc.strerror or type(exc).__name__))
            return None
        done = (
            translate("ActivityLog", "Exported {count} entry to {file}")
            if count == 1
            else translate("ActivityLog", "Exported {count} entries to {file}")
        )
        self.status_label.setText(done.format(count=f"{count:,}", file=path.name))
        return count

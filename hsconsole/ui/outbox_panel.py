"""The outbox panel: what is waiting to be sent, what HeavySet refused, and what to do."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.slots import load_zone
from hsconsole.services.formatting import format_local_time, phone_for_display
from hsconsole.services.outbox import OutboxEntry, OutboxService, describe_payload, service_of
from hsconsole.ui.cells import header_tooltips, table_cell, zone_header
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate
from hsconsole.ui.messages import safe

COLUMNS = (
    QT_TRANSLATE_NOOP("PendingChanges", "What"),
    QT_TRANSLATE_NOOP("PendingChanges", "Lead"),
    QT_TRANSLATE_NOOP("PendingChanges", "Made"),
    QT_TRANSLATE_NOOP("PendingChanges", "State"),
    QT_TRANSLATE_NOOP("PendingChanges", "Last answer"),
)
"""The columns as written (shown translated)."""
COL_MADE = 2
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def _state(entry: OutboxEntry, now: float, parent: OutboxEntry | None = None) -> str:
    if entry.status == "failed":
        return translate("PendingChanges", "Refused: needs you")
    if parent is not None and parent.status != "done":
        return translate("PendingChanges", "Waits for its HeavySet change")
    if entry.attempts == 0:
        return translate("PendingChanges", "Waiting to be sent")
    wait = entry.next_attempt_at - now
    if wait <= 1:
        again = translate("PendingChanges", "any moment")
    elif wait < 120:
        again = translate("PendingChanges", "in {seconds} s").format(seconds=int(wait))
    else:
        again = translate("PendingChanges", "in {minutes} min").format(minutes=int(wait // 60))
    return translate("PendingChanges", "Tried {count}×, again {when}").format(count=entry.attempts, when=again)


class OutboxPanel(QDialog):
    """Signals:
    fix_requested(int): open this failed entry's lead with its data in the editor.
    """

    fix_requested = Signal(int)

    def __init__(self, outbox: OutboxService, setter_zone: str = "UTC", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = load_zone(setter_zone)
        self.setObjectName("outbox_panel")
        self.setWindowTitle(translate("PendingChanges", "Pending changes"))
        self.outbox = outbox
        self.confirm: Callable[[str, str], bool] = lambda _t, _x: True
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("outbox_table")
        self.table.setAccessibleName(translate("PendingChanges", "Pending and refused changes"))
        self.table.setHorizontalHeaderLabels([translate("PendingChanges", word) for word in COLUMNS])
        zone_header(self.table, COL_MADE, translate("PendingChanges", COLUMNS[COL_MADE]), self.zone)
        header_tooltips(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.details = QPlainTextEdit()
        self.details.setObjectName("outbox_details")
        self.details.setReadOnly(True)
        self.details.setAccessibleName(translate("PendingChanges", "What was typed"))
        self.details.setMaximumHeight(120)
        self.empty = QLabel(
            translate(
                "PendingChanges", "Nothing is waiting: every change has reached HeavySet (and Apptoto, where used)."
            )
        )
        self.retry_button = QPushButton(translate("PendingChanges", "&Retry now"))
        self.retry_button.clicked.connect(self.retry)
        self.fix_button = QPushButton(translate("PendingChanges", "&Fix in the editor"))
        self.fix_button.clicked.connect(self.fix)
        self.discard_button = QPushButton(translate("PendingChanges", "&Discard…"))
        self.discard_button.clicked.connect(self.discard)
        close = QPushButton(translate("PendingChanges", "Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.fix_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(translate("PendingChanges", "What was typed:")))
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.resize(820, 420)
        outbox.on_change.append(self.reload)
        self.reload()

    def use_setter_zone(self, zone: str) -> None:
        """The setter's zone changed: when each change was made is told again in it."""
        self.zone = load_zone(zone)
        zone_header(self.table, COL_MADE, translate("PendingChanges", COLUMNS[COL_MADE]), self.zone)
        self.reload()

    def entries(self) -> list[OutboxEntry]:
        return self.outbox.store.entries(profile=self.outbox.profile, statuses=("pending", "failed"))

    def reload(self) -> None:
        selected = self.selected_entry()
        entries = self.entries()
        now = time.time()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            made = datetime.fromtimestamp(entry.created_at, UTC)
            cells = (
                entry.summary,
                phone_for_display(entry.phone),
                format_local_time(made, self.zone),
                _state(entry, now, self.outbox.store.get(entry.after_id) if entry.after_id else None),
                safe(entry.last_error or ""),  # stored redacted; a file from an older version may not be
            )
            for column, text in enumerate(cells):
                item = table_cell(text)
                item.setData(ENTRY_ROLE, entry.id)
                self.table.setItem(row, column, item)
            if selected is not None and entry.id == selected.id:
                self.table.selectRow(row)
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        self._selected()

    def selected_entry(self) -> OutboxEntry | None:
        items = self.table.selectedItems() if hasattr(self, "table") else []
        if not items:
            return None
        entry_id = items[0].data(ENTRY_ROLE)
        return self.outbox.store.get(entry_id) if isinstance(entry_id, int) else None

    def _selected(self) -> None:
        entry = self.selected_entry()
        self.details.setPlainText(safe(describe_payload(entry)) if entry else "")
        self.retry_button.setEnabled(entry is not None)
        self.discard_button.setEnabled(entry is not None)
        self.fix_button.setEnabled(entry is not None and entry.status == "failed" and entry.kind == "update")

    def retry(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.outbox.retry_now(entry.id)

    def discard(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        service = service_of(entry)
        question = translate("PendingChanges", "Throw this change away? It will never reach {service}.").format(
            service=service
        )
        if self.confirm(
            translate("PendingChanges", "Discard change"), f"{question}\n\n{entry.summary}"
        ) and not self.outbox.discard(entry.id):
            problem = self.outbox.store.problem
            self.details.setPlainText(
                translate("PendingChanges", "This change cannot be discarded now.") + f" {problem}"
                if problem and entry.status == "pending"  # the file's entries wait for the file, even to go
                else translate(
                    "PendingChanges",
                    "This change is being sent right now (or has just arrived), so it cannot be discarded.",
                )
            )

    def fix(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.fix_requested.emit(entry.id)

    def detach(self) -> None:
        """Stop following this outbox (the console switched to another profile)."""
        if self.reload in self.outbox.on_change:
            self.outbox.on_change.remove(self.reload)

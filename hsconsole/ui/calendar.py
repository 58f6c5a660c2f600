"""The slot calendar: a lazy tree model of days and blocks, and its view.

Model/view keeps thousands of blocks cheap: nothing is built per row until
the view asks for it.
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from hsconsole.services.calendar import DayGroup, SlotRow

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Lead's time", "Your time", "Open", "")
_DAY = 0  # internalId of day rows; blocks carry day index + 1
SLOT_ROLE = Qt.ItemDataRole.UserRole + 1
FIRST_EXPANDED_DAYS = 7

# Plain ints and flags made once: the view calls data() and flags() for every cell and role on each
# reset and paint, and Python enum lookups and "|" there cost more than the answers themselves.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_SLOT = int(SLOT_ROLE)
_ANSWERED = frozenset({_DISPLAY, _FONT, _TOOLTIP, _ACCESSIBLE, _ALIGNMENT, _SLOT})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_BOOKABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ENABLED = Qt.ItemFlag.ItemIsEnabled
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


@functools.cache
def _bold() -> QFont:
    """One bold font for every bold cell (made on first use: a QFont needs the application)."""
    font = QFont()
    font.setBold(True)
    return font


class SlotModel(QAbstractItemModel):
    """Days as top-level rows, their blocks as children."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._days: list[DayGroup] = []

    def set_days(self, days: list[DayGroup]) -> None:
        self.beginResetModel()
        self._days = days
        self.endResetModel()

    def days(self) -> list[DayGroup]:
        return self._days

    def row_at(self, index: Index) -> SlotRow | None:
        if not index.isValid() or index.internalId() == _DAY:
            return None
        day = self._days[index.internalId() - 1]
        return day.rows[index.row()] if index.row() < len(day.rows) else None

    def index_of_block(self, block_id: str) -> QModelIndex:
        for d, day in enumerate(self._days):
            for r, row in enumerate(day.rows):
                if row.block_id == block_id:
                    return self.createIndex(r, 0, d + 1)
        return QModelIndex()

    # -- QAbstractItemModel

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not parent.isValid():
            if 0 <= row < len(self._days):
                return self.createIndex(row, column, _DAY)
            return QModelIndex()
        if parent.internalId() != _DAY:
            return QModelIndex()
        day = self._days[parent.row()]
        if 0 <= row < len(day.rows):
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _DAY:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _DAY)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._days)
        if parent.internalId() == _DAY and parent.column() == 0:
            return len(self._days[parent.row()].rows)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        row = self.row_at(index)
        if row is None:
            return _ENABLED if index.isValid() else _NO_FLAGS
        return _BOOKABLE if row.bookable else _NO_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self.row_at(index)
        column = index.column()
        if row is None:
            day = self._days[index.row()]
            if role == _DISPLAY:
                if column == 0:
                    return day.label
                if column == 2:
                    return f"{day.open_count} of {len(day.rows)}"
            elif role == _FONT:
                return _bold()
            elif role == _ACCESSIBLE:
                return f"{day.label}: {day.open_count} of {len(day.rows)} blocks open"
            return None
        if role == _DISPLAY:
            if column == 0:
                return row.lead_text
            if column == 1:
                return row.setter_text
            if column == 2:
                return "full" if row.available <= 0 else str(row.available)
            marks = []
            if row.current:
                marks.append("● current")
            if row.dst_notes:
                marks.append("⚠ DST")
            return "  ".join(marks)
        if role in (_TOOLTIP, _ACCESSIBLE):
            return row.summary
        if role == _FONT:
            return _bold() if row.current else None
        if role == _ALIGNMENT:
            return _RIGHT if column == 2 else None
        if role == _SLOT:
            return row.block_id
        return None


class SlotView(QTreeView):
    """Keyboard-first tree of days and blocks.

    Signals:
        chosen(str): Enter pressed (or double click) on a bookable block; carries its block id.
        selection_changed(): the selected block changed.
    """

    chosen = Signal(str)
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot_model = SlotModel(self)
        self.setModel(self.slot_model)
        self._expand_generation = 0
        self.setAccessibleName("Appointment blocks")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(True)
        self.setExpandsOnDoubleClick(False)
        header = self.header()
        header.setStretchLastSection(True)
        # Widths from the font, not ResizeToContents: that asks the model for every row on every reset
        # and paint, which makes a 2,000-block calendar stall the window (docs/PERFORMANCE.md).
        bold = QFont(self.font())
        bold.setBold(True)  # the lead's current block is drawn bold
        plain, strong = self.fontMetrics(), QFontMetrics(bold)
        widths = (
            strong.horizontalAdvance("10:00 AM – 12:00 PM HST") + 2 * self.indentation() + 12,
            max(
                plain.horizontalAdvance("10:00 AM – 12:00 PM CDT (Wed)"),
                strong.horizontalAdvance("10:00 AM – 12:00 PM CDT"),
            )
            + 16,
            plain.horizontalAdvance("12 of 34") + 16,
        )
        for column, width in enumerate(widths):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.doubleClicked.connect(self._activate)
        self.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())

    def set_days(self, days: list[DayGroup], select_block: str | None = None) -> None:
        self.slot_model.set_days(days)
        # A screenful of days opens now, the rest a few per loop turn: expanding 60 days at once
        # stalls the window (docs/PERFORMANCE.md). scrollTo opens a selected block's day at once.
        self._expand_generation += 1
        self._expand_from(0, FIRST_EXPANDED_DAYS, self._expand_generation)
        target = self.slot_model.index_of_block(select_block) if select_block else QModelIndex()
        if not target.isValid():
            target = self._first_bookable()
        if target.isValid():
            self.setCurrentIndex(target)
            self.scrollTo(target)

    def _expand_from(self, start: int, count: int, generation: int) -> None:
        if generation != self._expand_generation:
            return  # newer days were set meanwhile
        total = self.slot_model.rowCount()
        for row in range(start, min(total, start + count)):
            self.expand(self.slot_model.index(row, 0))
        if start + count < total:
            QTimer.singleShot(0, self, lambda: self._expand_from(start + count, 10, generation))

    def _first_bookable(self) -> QModelIndex:
        for d, day in enumerate(self.slot_model.days()):
            for r, row in enumerate(day.rows):
                if row.bookable:
                    return self.slot_model.index(r, 0, self.slot_model.index(d, 0))
        return QModelIndex()

    def selected_row(self) -> SlotRow | None:
        indexes = self.selectionModel().selectedRows()
        return self.slot_model.row_at(indexes[0]) if indexes else None

    def _activate(self, index: QModelIndex) -> None:
        row = self.slot_model.row_at(index)
        if row is not None and row.bookable:
            self.chosen.emit(row.block_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._activate(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

"""The slot calendar: days and their blocks in a tree whose rows live in Qt (C++), not in Python.

A Python item model answers every cell, role and row the view asks about through a Python call: about
3,000 calls per paint of a screenful and 6,000 to open 2,000 blocks, so a big calendar stalled the
window on every paint and scroll (docs/PERFORMANCE.md, figure 3). Here each row is a
``QTreeWidgetItem`` made once when the days are set, with a handful of calls; painting, opening days and
scrolling then run in Qt alone. Big calendars are made a slice per loop turn (:meth:`SlotView.prepare`).
Tooltips are answered when asked, from the row itself.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QToolTip, QTreeWidget, QTreeWidgetItem, QWidget

if TYPE_CHECKING:  # the view is part of the window's first paint: no service layer imported for it
    from hsconsole.services.calendar import DayGroup, SlotRow

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Lead's time", "Your time", "Open", "")
ITEM_SLICE = 250
"""Rows made per loop turn by :meth:`SlotView.prepare`."""

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_BOOKABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ENABLED = Qt.ItemFlag.ItemIsEnabled
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


@functools.cache
def _bold() -> QFont:
    """One bold font for every bold cell (made on first use: a QFont needs the application)."""
    font = QFont()
    font.setBold(True)
    return font


def _marks(row: SlotRow) -> str:
    marks = []
    if row.current:
        marks.append("● current")
    if row.dst_notes:
        marks.append("⚠ DST")
    return "  ".join(marks)


def _block_item(row: SlotRow) -> QTreeWidgetItem:
    item = QTreeWidgetItem(
        [row.lead_text, row.setter_text, "full" if row.available <= 0 else str(row.available), _marks(row)]
    )
    item.setFlags(_BOOKABLE if row.bookable else _NO_FLAGS)
    item.setTextAlignment(2, _RIGHT)
    item.setData(0, _ACCESSIBLE, row.summary)
    if row.current:
        for column in range(len(COLUMNS)):
            item.setFont(column, _bold())
    return item


def _day_item(day: DayGroup, children: list[QTreeWidgetItem]) -> QTreeWidgetItem:
    counts = f"{day.open_count} of {len(day.rows)}"
    item = QTreeWidgetItem([day.label, "", counts, ""])
    item.setFlags(_ENABLED)
    item.setFont(0, _bold())
    item.setFont(2, _bold())
    item.setTextAlignment(2, _RIGHT)
    item.setData(0, _ACCESSIBLE, f"{day.label}: {counts} blocks open")
    item.addChildren(children)
    return item


class SlotModel:
    """The days shown, and the questions asked about the view's rows in terms of them."""

    def __init__(self, view: SlotView) -> None:
        self._view = view
        self._days: list[DayGroup] = []

    def days(self) -> list[DayGroup]:
        return self._days

    def row_at(self, index: Index) -> SlotRow | None:
        """The block on that row; None for a day row or an invalid index."""
        if not index.isValid():
            return None
        parent = index.parent()
        if not parent.isValid() or parent.row() >= len(self._days):
            return None
        rows = self._days[parent.row()].rows
        return rows[index.row()] if index.row() < len(rows) else None

    def index_of_block(self, block_id: str) -> QModelIndex:
        for d, day in enumerate(self._days):
            for r, row in enumerate(day.rows):
                if row.block_id == block_id:
                    return self.index(r, 0, self.index(d, 0))
        return QModelIndex()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        return self._view.model().index(row, column, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return self._view.model().rowCount(parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return self._view.model().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return self._view.model().flags(index)


class SlotView(QTreeWidget):
    """Keyboard-first tree of days and blocks; every day is open.

    Signals:
        chosen(str): Enter pressed (or double click) on a bookable block; carries its block id.
        selection_changed(): the selected block changed.
    """

    chosen = Signal(str)
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot_model = SlotModel(self)
        self._prepared: tuple[list[DayGroup], list[QTreeWidgetItem]] | None = None
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(list(COLUMNS))
        self.setAccessibleName("Appointment blocks")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(True)
        self.setExpandsOnDoubleClick(False)
        header = self.header()
        header.setStretchLastSection(True)
        # Widths from the font, not ResizeToContents, which measures every row on each change.
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
        self._setting = False
        self.selectionModel().selectionChanged.connect(self._selection_changed)

    async def prepare(self, days: list[DayGroup]) -> None:
        """Make the rows of ``days`` a slice per loop turn; the next ``set_days(days)`` shows them at once."""
        import asyncio

        self._prepared = None
        tops: list[QTreeWidgetItem] = []
        made = 0
        for day in days:
            children = []
            for row in day.rows:
                children.append(_block_item(row))
                made += 1
                if made % ITEM_SLICE == 0:
                    await asyncio.sleep(0)
            tops.append(_day_item(day, children))
        self._prepared = (days, tops)

    def set_days(self, days: list[DayGroup], select_block: str | None = None) -> None:
        if self._prepared is not None and self._prepared[0] is days:
            tops, self._prepared = self._prepared[1], None
        else:
            if days:  # rows prepared for other days are never shown now (clearing keeps them)
                self._prepared = None
            tops = [_day_item(day, [_block_item(row) for row in day.rows]) for day in days]
        self._setting = True  # one selection_changed for the new days, not one per step
        try:
            self.clear()
            self.slot_model._days = days
            self.addTopLevelItems(tops)
            self.expandAll()
            target = self.slot_model.index_of_block(select_block) if select_block else QModelIndex()
            if not target.isValid():
                target = self._first_bookable()
            if target.isValid():
                self.setCurrentIndex(target)
                self.scrollTo(target)
        finally:
            self._setting = False
        self.selection_changed.emit()

    def _selection_changed(self) -> None:
        if not self._setting:
            self.selection_changed.emit()

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

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            row = self.slot_model.row_at(index)
            if row is not None:
                QToolTip.showText(event.globalPos(), row.summary, self.viewport(), self.visualRect(index))
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._activate(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

"""The slot calendar: days and their blocks in a tree whose rows live in Qt (C++), not in Python.

A Python item model answers every cell, role and row the view asks about through a Python call: about
3,000 calls per paint of a screenful and 6,000 to open 2,000 blocks, so a big calendar stalled the
window on every paint and scroll (docs/PERFORMANCE.md, figure 3). Here each row is a
``QTreeWidgetItem`` made once when the days are set, with a handful of calls; painting, opening days and
scrolling then run in Qt alone. Big calendars are made a slice per loop turn (:meth:`SlotView.prepare`).
Tooltips are answered when asked, from the row itself.

The keyboard jumps rather than walks (:mod:`hsconsole.services.jump` reads what is typed): a day or a
time typed while the calendar has the focus ("thu 3", "12/10", "tomorrow", "3pm") selects the first
open block it names, and a hint over the calendar's foot says what was typed and where it went; a
pause of :data:`JUMP_PAUSE_MS` starts a new jump. Up and Down go over day headers and full blocks,
Page Up and Page Down go a day back or on, Home and End to the first and last open block.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QFontMetrics, QHelpEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:  # the view is part of the window's first paint: no service layer imported for it
    from hsconsole.services.calendar import DayGroup, SlotRow
    from hsconsole.services.jump import Move, Position

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    QT_TRANSLATE_NOOP("SlotView", "Lead's time"),
    QT_TRANSLATE_NOOP("SlotView", "Your time"),
    QT_TRANSLATE_NOOP("SlotView", "Open"),
    "",
)
"""The columns' headers as written (shown translated)."""
ITEM_SLICE = 250
"""Rows made per loop turn by :meth:`SlotView.prepare`."""
JUMP_PAUSE_MS = 1000
"""A pause this long between typed keys starts a new jump (as Qt's own keyboard search does)."""
HINT_MS = 4000
"""The jump's hint stays this long after the last key, so "no open block matches" can be read."""
JUMP_HELP = QT_TRANSLATE_NOOP(
    "SlotView",
    "Type a day or a time to jump to its first open block: thu, 12/10, 10th, tomorrow, 3pm, thu 3. "
    "Typed times are the lead's time (this column). Page Up/Down: a day back or on; Home/End: first or last.",
)

_MOVES: dict[QAbstractItemView.CursorAction, Move] = {
    QAbstractItemView.CursorAction.MoveUp: "up",
    QAbstractItemView.CursorAction.MoveDown: "down",
    QAbstractItemView.CursorAction.MovePageUp: "page_up",
    QAbstractItemView.CursorAction.MovePageDown: "page_down",
    QAbstractItemView.CursorAction.MoveHome: "home",
    QAbstractItemView.CursorAction.MoveEnd: "end",
}
_STAYS = (QAbstractItemView.CursorAction.MoveLeft, QAbstractItemView.CursorAction.MoveRight)
"""Left and Right neither leave a block for its day's header nor close a day."""
_TYPING_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)

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
        marks.append(translate("SlotView", "● current"))
    if row.dst_notes:
        marks.append(translate("SlotView", "⚠ DST"))
    return "  ".join(marks)


def _block_item(row: SlotRow) -> QTreeWidgetItem:
    item = QTreeWidgetItem(
        [
            row.lead_cell or row.lead_text,
            row.setter_cell or row.setter_text,
            translate("SlotView", "full") if row.available <= 0 else str(row.available),
            _marks(row),
        ]
    )
    item.setFlags(_BOOKABLE if row.bookable else _NO_FLAGS)
    item.setTextAlignment(2, _RIGHT)
    item.setData(0, _ACCESSIBLE, row.summary)
    if row.current:
        for column in range(len(COLUMNS)):
            item.setFont(column, _bold())
    return item


def _day_item(day: DayGroup, children: list[QTreeWidgetItem]) -> QTreeWidgetItem:
    counts = translate("SlotView", "{open} of {total}").format(open=day.open_count, total=len(day.rows))
    item = QTreeWidgetItem([day.label, "", counts, ""])
    item.setFlags(_ENABLED)
    item.setFont(0, _bold())
    item.setFont(2, _bold())
    item.setTextAlignment(2, _RIGHT)
    item.setData(
        0, _ACCESSIBLE, translate("SlotView", "{day}: {counts} blocks open").format(day=day.label, counts=counts)
    )
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
        jump_changed(str): the jump's hint ("Jump to: thu 3 → …"), or "" when no jump is being typed.
    """

    chosen = Signal(str)
    selection_changed = Signal()
    jump_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slot_model = SlotModel(self)
        self._prepared: tuple[list[DayGroup], list[QTreeWidgetItem]] | None = None
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        """The moment "today" and "tomorrow" are counted from (in the lead's zone)."""
        self._typed = ""
        self._jump_origin: Position | None = None
        self._jump_timer = QTimer(self, singleShot=True, interval=JUMP_PAUSE_MS)
        self._jump_timer.timeout.connect(self._end_jump)
        self._hint_timer = QTimer(self, singleShot=True, interval=HINT_MS)
        self._hint_timer.timeout.connect(self._hide_hint)
        self.jump_hint = QLabel(self)
        """Over the calendar's foot while a jump is typed: what was typed and where it went."""
        self.jump_hint.setObjectName("jump_hint")
        self.jump_hint.setWordWrap(True)
        self.jump_hint.setFrameShape(QFrame.Shape.StyledPanel)
        self.jump_hint.setAutoFillBackground(True)
        self.jump_hint.setBackgroundRole(self.jump_hint.palette().ColorRole.ToolTipBase)
        self.jump_hint.setForegroundRole(self.jump_hint.palette().ColorRole.ToolTipText)
        self.jump_hint.setAccessibleName(translate("SlotView", "Jump"))
        self.jump_hint.setMargin(3)
        self.jump_hint.hide()
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels([translate("SlotView", text) if text else "" for text in COLUMNS])
        self.headerItem().setToolTip(0, translate("SlotView", JUMP_HELP))
        self.setItemsExpandable(False)  # every day stays open: no key or click closes one
        self.setRootIsDecorated(False)  # so no arrow says it could, and its width goes to the times
        self.setAccessibleName(translate("SlotView", "Appointment blocks"))
        self.setAccessibleDescription(translate("SlotView", JUMP_HELP))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(True)
        self.setExpandsOnDoubleClick(False)
        header = self.header()
        header.setStretchLastSection(True)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._fit_columns([])
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
        self._end_jump()
        self._hide_hint()
        try:
            self.clear()
            self.slot_model._days = days
            self.addTopLevelItems(tops)
            self.expandAll()
            self._fit_columns(days)
            target = self.slot_model.index_of_block(select_block) if select_block else QModelIndex()
            if not target.isValid():
                target = self._first_bookable()
            if target.isValid():
                self.setCurrentIndex(target)
                self.scrollTo(target.parent())  # its day's header in view too, where the block allows
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

    def set_zone_headers(self, lead: str | None = None, setter: str | None = None) -> None:
        """Whose time each column is ("Lead's time (Los Angeles)", "Your time (Manila)"; without a city when not
        given); the columns fit them with the next :meth:`set_days`."""
        header = self.headerItem()
        header.setText(0, lead or translate("SlotView", COLUMNS[0]))
        header.setText(1, setter or translate("SlotView", COLUMNS[1]))

    def _fit_columns(self, days: Sequence[DayGroup]) -> None:
        """Each column as wide as the longest text it shows for these days (and its header), measured once per
        distinct text (times repeat from day to day), not ResizeToContents, which measures every row on each
        change: so the four columns fit the pane at 1366×768 whatever words the zones take. The last (the marks)
        is given its own width too: a stretched last section keeps the size it had, and would not shrink."""
        bold = QFont(self.font())
        bold.setBold(True)  # day headers and the lead's current block are drawn bold
        plain, strong = self.fontMetrics(), QFontMetrics(bold)
        texts: list[set[str]] = [
            {"12:00 PM – 2:00 PM CDT"},
            {"12:00 PM – 2:00 PM CDT"},
            {translate("SlotView", "full")},
            {""},
        ]
        strong_texts: list[set[str]] = [set(), set(), set(), set()]
        for day in days:
            strong_texts[0].add(day.label)
            strong_texts[2].add(
                translate("SlotView", "{open} of {total}").format(open=day.open_count, total=len(day.rows))
            )
            for row in day.rows:
                chosen = strong_texts if row.current else texts
                chosen[0].add(row.lead_cell or row.lead_text)
                chosen[1].add(row.setter_cell or row.setter_text)
                chosen[3].add(_marks(row))
        labels, label_metrics = self.headerItem(), self.header().fontMetrics()
        widths = [
            12
            + max(
                label_metrics.horizontalAdvance(labels.text(column)),
                max(plain.horizontalAdvance(text) for text in texts[column]),
                max((strong.horizontalAdvance(text) for text in strong_texts[column]), default=0),
            )
            for column in range(len(COLUMNS))
        ]
        widths[0] += self.indentation()  # the rows sit under their day
        # the marks' column is the last: stretched over what is left, it never stays wider than its marks
        header = self.header()
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

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

    # ------------------------------------------------------------ keys

    def position(self, index: Index | None = None) -> Position | None:
        """The (day, row) of ``index`` (default: the current row); row -1 for a day's header."""
        index = self.currentIndex() if index is None else index
        if not index.isValid():
            return None
        parent = index.parent()
        return (parent.row(), index.row()) if parent.isValid() else (index.row(), -1)

    def select_position(self, position: Position, *, center: bool = False) -> None:
        """Make the row at ``position`` current (a day's header when its row is -1), scrolled into view."""
        d, r = position
        day = self.slot_model.index(d, 0)
        target = day if r < 0 else self.slot_model.index(r, 0, day)
        if target.isValid():
            self.setCurrentIndex(target)
            hint = QAbstractItemView.ScrollHint
            self.scrollTo(target, hint.PositionAtCenter if center else hint.EnsureVisible)

    def moveCursor(self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Keys move between blocks only (see :func:`hsconsole.services.jump.move`); where none is, they stay."""
        action = _MOVES.get(cursorAction)
        if action is None:
            return self.currentIndex() if cursorAction in _STAYS else super().moveCursor(cursorAction, modifiers)
        from hsconsole.services.jump import move

        target = move(self.slot_model.days(), self.position(), action)
        if target is None:
            return self.currentIndex()
        d, r = target
        return self.slot_model.index(r, 0, self.slot_model.index(d, 0))

    def jump_text(self) -> str:
        """What has been typed for the jump under way ("" when none)."""
        return self._typed

    def jump(self, text: str) -> bool:
        """Select the open block ``text`` names (as if typed); False, and the selection stays, when none does."""
        from hsconsole.services.jump import find_jump, jump_hint, lead_today, parse_jump

        days = self.slot_model.days()
        query = parse_jump(text, lead_today(days, self.now()), [day.day for day in days])
        found = find_jump(query, days) if query is not None else None
        landed = days[found[0]].rows[found[1]] if found is not None else None
        if found is not None:
            self.select_position(found, center=True)
        elif self._jump_origin is not None:
            self.select_position(self._jump_origin)  # back where the jump began
        self._show_hint(jump_hint(text, query, landed))
        return found is not None

    def _type(self, text: str) -> None:
        if not self._typed:
            self._jump_origin = self.position()
        self._typed = text
        self._jump_timer.start()
        if text.strip():
            self.jump(text)
        else:
            self._back_to_origin()

    def _back_to_origin(self) -> None:
        if self._jump_origin is not None:
            self.select_position(self._jump_origin)
        self._end_jump()
        self._hide_hint()

    def _end_jump(self) -> None:
        """A new jump starts with the next key; the hint stays a while (:data:`HINT_MS`)."""
        self._jump_timer.stop()
        self._typed = ""
        self._jump_origin = None

    def _show_hint(self, text: str) -> None:
        self.jump_hint.setText(text)
        self._place_hint()
        self.jump_hint.show()
        self.jump_hint.raise_()
        self._hint_timer.start()
        self.jump_changed.emit(text)

    def _hide_hint(self) -> None:
        self._hint_timer.stop()
        if self.jump_hint.isVisibleTo(self) or self.jump_hint.text():
            self.jump_hint.hide()
            self.jump_hint.setText("")
            self.jump_changed.emit("")

    def _place_hint(self) -> None:
        area = self.viewport().geometry()
        width = max(area.width() - 8, 40)
        height = self.jump_hint.heightForWidth(width)
        height = height if height > 0 else self.jump_hint.sizeHint().height()
        self.jump_hint.setGeometry(area.left() + 4, area.bottom() - height - 3, width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.jump_hint.isVisibleTo(self):
            self._place_hint()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._end_jump()
        self._hide_hint()
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        # Esc while a jump is typed takes it back (the window's Esc, revert, is for when none is)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self._typed
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        typing = not (event.modifiers() & _TYPING_MODIFIERS)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._end_jump()
            self._hide_hint()
            self._activate(self.currentIndex())
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self._typed:
            self._back_to_origin()
            event.accept()
            return
        if key == Qt.Key.Key_Backspace and typing:
            if self._typed:
                self._type(self._typed[:-1])
            event.accept()
            return
        if typing and text and text.isprintable() and (self._typed or not text.isspace()):
            self._type(self._typed + text)
            event.accept()
            return
        self._end_jump()
        self._hide_hint()
        super().keyPressEvent(event)

"""The confirmation worklist: every Apptoto appointment of a few days, with each homeowner's state.

A non-modal dialog over :meth:`hsconsole.services.reminders.Reminders.worklist`:
pick the first day and how many days, optionally show only the rows that need
a call (not coming, needs a new time, declined, no reply), and press Enter on a
row to look the homeowner's phone up in the console (:attr:`WorklistPanel.lookup_requested`).
Times are the setter's, with the lead's own time beside when it differs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hsconsole.domain.phones import try_normalize_phone
from hsconsole.domain.slots import is_known_zone, load_zone
from hsconsole.services.errors import ApiError
from hsconsole.services.reminders import Reminders, WorklistRow
from hsconsole.services.tasks import TaskKeeper
from hsconsole.ui.cells import header_width, widen_for
from hsconsole.ui.forms import TickBox
from hsconsole.ui.language import follow_day_locale, translate
from hsconsole.ui.messages import describe
from hsconsole.ui.worklist_model import (
    CELL_PADDING,
    COL_DETAIL,
    COL_NAME,
    COL_WHEN,
    NO_PHONE,
    ROW_ROLE,
    AttentionFilter,
    WorklistModel,
    column_samples,
    count_text,
    detail_text,
)

log = logging.getLogger("hsconsole.ui")

DEFAULT_DAYS = 3
MAX_DAYS = 14
DEFAULT_WIDTH = 1240
"""The worklist's width when it first opens, made wider where its columns need it (Spanish, a setter abroad)."""
RELOAD_DELAY_MS = 600
"""How long the range must stay unchanged before it is loaded by itself."""
FRESH_FOR_S = 30.0
"""Opening the panel reloads it unless the rows are younger than this."""


class WorklistTable(QTableView):
    """A table whose Enter/Return asks for the current row (and is not passed on to the dialog), and where
    typing finds a homeowner by the start of their name, whichever column the cursor is in."""

    chosen = Signal(QModelIndex)

    def keyboardSearch(self, search: str) -> None:
        current = self.currentIndex()
        if current.isValid() and current.column() != COL_NAME:
            self.setCurrentIndex(current.siblingAtColumn(COL_NAME))
        super().keyboardSearch(search)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.chosen.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class WorklistPanel(QDialog):
    """The "Confirmation worklist" window. Non-modal; :meth:`reload` (or Refresh, F5) reads Apptoto again.

    Signals:
        lookup_requested(str): look this E.164 phone up in the console (Enter or double-click on a row).
    """

    lookup_requested = Signal(str)

    def __init__(
        self,
        reminders: Reminders,
        setter_zone: str,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.reminders = reminders
        if not is_known_zone(setter_zone):
            log.warning("worklist: unknown setter zone, times shown in UTC")
            setter_zone = "UTC"
        self.setter_zone = setter_zone
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        """The current moment: the default first day, and what "no reply for hours" is measured from."""
        self.tasks = TaskKeeper()
        self._loaded_at: float | None = None
        """When the rows were last loaded (``time.monotonic()``); None before the first load."""
        self._focus_table_after_load = True
        self.setObjectName("worklist_panel")
        self.setWindowTitle(translate("Worklist", "Confirmation worklist"))
        self.setModal(False)

        self.first_day = QDateEdit()
        self.first_day.setObjectName("worklist_first_day")
        self.first_day.setAccessibleName(translate("Worklist", "First day of the worklist"))
        self.first_day.setCalendarPopup(True)
        follow_day_locale(self.first_day)
        first_day_label = QLabel(translate("Worklist", "&First day"))
        first_day_label.setBuddy(self.first_day)

        self.days = QSpinBox()
        self.days.setObjectName("worklist_days")
        self.days.setAccessibleName(translate("Worklist", "Number of days in the worklist"))
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(translate("Worklist", " days"))
        days_label = QLabel(translate("Worklist", "&Days"))
        days_label.setBuddy(self.days)

        self.attention_only = TickBox(translate("Worklist", "Needs &attention only"))
        self.attention_only.setObjectName("worklist_attention_only")
        self.attention_only.setToolTip(
            translate("Worklist", "Only the homeowners to call: not coming, a new time wanted, declined, no reply")
        )

        self.refresh_button = QPushButton(translate("Worklist", "&Refresh"))
        self.refresh_button.setObjectName("worklist_refresh")
        self.refresh_button.setToolTip(translate("Worklist", "Read Apptoto again (F5)"))
        self.refresh_button.setDefault(True)  # Enter in the date or days field loads that range
        self.refresh_button.clicked.connect(lambda: self.reload())

        self.model = WorklistModel(setter_zone, self)
        self.proxy = AttentionFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = WorklistTable()
        self.table.setObjectName("worklist_table")
        self.table.setAccessibleName(translate("Worklist", "Appointments"))
        self.table.setAccessibleDescription(
            translate("Worklist", "Enter or double-click looks the homeowner's phone up in the console")
        )
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_WHEN, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self._fit_columns()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.chosen.connect(self._chosen)
        self.table.doubleClicked.connect(self._chosen)
        table_label = QLabel(translate("Worklist", "Appoi&ntments"))
        table_label.setBuddy(self.table)

        self.lookup_button = QPushButton(translate("Worklist", "&Look up"))
        self.lookup_button.setObjectName("worklist_lookup")
        self.lookup_button.setToolTip(
            translate(
                "Worklist",
                "Look the selected homeowner's phone up in the console (Enter)",
            )
        )
        self.lookup_button.setAutoDefault(False)
        self.lookup_button.clicked.connect(self.lookup_selected)
        self.close_button = QPushButton(translate("Worklist", "Close"))
        self.close_button.setObjectName("worklist_close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)

        self.detail_label = QLabel(" ")
        self.detail_label.setObjectName("worklist_detail")
        self.detail_label.setAccessibleName(translate("Worklist", "Selected appointment"))
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.status_label = QLabel(" ")
        self.status_label.setObjectName("worklist_status")
        self.status_label.setAccessibleName(translate("Worklist", "Worklist status"))
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(RELOAD_DELAY_MS)
        self._debounce.timeout.connect(lambda: self.reload(focus_table=False))
        self.first_day.dateChanged.connect(lambda _day: self._debounce.start())
        self.days.valueChanged.connect(lambda _days: self._debounce.start())
        self.attention_only.toggled.connect(self._filter_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda _new, _old: self._update_buttons())
        self.proxy.modelReset.connect(self._update_buttons)
        self.proxy.layoutChanged.connect(self._update_buttons)

        self.refresh_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.refresh_shortcut.activated.connect(lambda: self.reload())

        controls = QHBoxLayout()
        controls.addWidget(first_day_label)
        controls.addWidget(self.first_day)
        controls.addSpacing(8)
        controls.addWidget(days_label)
        controls.addWidget(self.days)
        controls.addSpacing(12)
        controls.addWidget(self.attention_only)
        controls.addStretch(1)
        controls.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.lookup_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addLayout(bottom)
        self.setTabOrder(self.first_day, self.days)
        self.setTabOrder(self.days, self.attention_only)
        self.setTabOrder(self.attention_only, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.table)
        self.setTabOrder(self.table, self.lookup_button)
        self.setTabOrder(self.lookup_button, self.close_button)
        self.resize(DEFAULT_WIDTH, 600)
        widen_for(self, self.table, COL_DETAIL)
        self.set_range(self.today())
        self._update_buttons()

    def use_setter_zone(self, zone: str) -> None:
        """The setter's zone changed: the days and times are the setter's, so the range is read again in it."""
        self.setter_zone = zone if is_known_zone(zone) else "UTC"
        self.model.use_zone(self.setter_zone)
        self._fit_columns()
        widen_for(self, self.table, COL_DETAIL)
        self.reload(focus_table=False)

    def _fit_columns(self) -> None:
        """Each column as wide as its sample in the setter's words and as its header (with room for the sort
        arrow): "Cuándo (hora de Manila)" is read whole."""
        cells = self.table.fontMetrics()
        for column, sample in enumerate(column_samples()):
            if sample:  # "Latest message" stretches over the room left
                needed = cells.horizontalAdvance(sample) + CELL_PADDING
                self.table.setColumnWidth(column, max(needed, header_width(self.table, column)))

    # ------------------------------------------------------------ the range

    def today(self) -> date:
        """Today in the setter's zone (by :attr:`clock`)."""
        return self.clock().astimezone(load_zone(self.setter_zone)).date()

    def first_day_value(self) -> date:
        chosen = self.first_day.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_range(self, first_day: date, days: int | None = None) -> None:
        """Show ``first_day`` (and ``days``) in the fields without loading (call :meth:`reload`)."""
        for widget in (self.first_day, self.days):
            widget.blockSignals(True)
        try:
            self.first_day.setDate(QDate(first_day.year, first_day.month, first_day.day))
            if days is not None:
                self.days.setValue(days)
        finally:
            for widget in (self.first_day, self.days):
                widget.blockSignals(False)
        self._debounce.stop()

    # ------------------------------------------------------------ loading

    def reload(self, *, focus_table: bool = True) -> asyncio.Task[None]:
        """Load the chosen range in the background; a load still in flight is cancelled."""
        self._debounce.stop()
        self._focus_table_after_load = focus_table
        self.status_label.setText(translate("Worklist", "Loading…"))
        return self.tasks.spawn(self.load(), slot="load")

    async def load(self) -> None:
        """Read the worklist of the chosen range; on failure say why and keep the rows shown."""
        first_day, days = self.first_day_value(), self.days.value()
        focus_table, self._focus_table_after_load = self._focus_table_after_load, True
        self.status_label.setText(translate("Worklist", "Loading…"))
        try:
            rows = await self.reminders.worklist(first_day, days, self.setter_zone, now=self.clock())
        except Exception as exc:
            if isinstance(exc, ApiError):
                log.warning("worklist not loaded: %s", type(exc).__name__)
            else:
                log.error("worklist not loaded", exc_info=exc)
            kept = translate("Worklist", " The list shows what was loaded before.") if self.model.rowCount() else ""
            self.status_label.setText(describe(exc, "Apptoto") + kept)
            return
        selected = self.selected_row()
        self.model.set_rows(rows)
        self._loaded_at = time.monotonic()
        self.status_label.setText(count_text(len(rows), sum(1 for r in rows if r.needs_attention)))
        self._select(selected.event_id if selected is not None else None)
        if focus_table:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ rows

    def rows(self) -> list[WorklistRow]:
        """Every row loaded, the filter notwithstanding."""
        return self.model.rows()

    def visible_rows(self) -> list[WorklistRow]:
        """The rows shown, in the table's order."""
        out = []
        for n in range(self.proxy.rowCount()):
            row = self.proxy.index(n, 0).data(ROW_ROLE)
            if isinstance(row, WorklistRow):
                out.append(row)
        return out

    def selected_row(self) -> WorklistRow | None:
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, WorklistRow) else None

    def select_event(self, event_id: int) -> bool:
        """Make the row of this event the current one; False when it is not shown."""
        for n in range(self.proxy.rowCount()):
            row = self.proxy.index(n, 0).data(ROW_ROLE)
            if isinstance(row, WorklistRow) and row.event_id == event_id:
                self.table.setCurrentIndex(self.proxy.index(n, 0))
                self.table.scrollTo(self.proxy.index(n, 0))
                return True
        return False

    def _select(self, event_id: int | None) -> None:
        """The row of ``event_id`` when it is shown, else the first homeowner to call (the first row when
        nobody needs a call): Enter looks them up at once."""
        if event_id is not None and self.select_event(event_id):
            return
        shown = self.visible_rows()
        first = next((row for row in shown if row.needs_attention), shown[0] if shown else None)
        if first is not None:
            self.select_event(first.event_id)
        self._update_buttons()

    def _filter_changed(self, on: bool) -> None:
        selected = self.selected_row()
        self.proxy.set_attention_only(on)
        self._select(selected.event_id if selected is not None else None)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # the next ↓ moves in the list, not on the box

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.lookup_button.setEnabled(row is not None)
        self.detail_label.setText(detail_text(row, self.setter_zone) if row is not None else " ")

    # ------------------------------------------------------------ looking up

    def lookup_selected(self) -> None:
        self._chosen(self.table.currentIndex())

    def _chosen(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE) if index.isValid() else None
        if not isinstance(row, WorklistRow):
            return
        if not row.phone:
            self.status_label.setText(translate("Worklist", NO_PHONE))
            return
        phone = try_normalize_phone(row.phone)
        if phone is None:
            self.status_label.setText(
                translate(
                    "Worklist",
                    "This event's phone number ({phone}) is not a valid number",
                ).format(phone=row.phone)
            )
            return
        self.lookup_requested.emit(phone)

    # ------------------------------------------------------------ window

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        model = getattr(self, "model", None)  # a parent's palette may reach the dialog before its model exists
        if event.type() == QEvent.Type.PaletteChange and isinstance(model, WorklistModel):
            model.use_palette(self.palette())  # the system turned dark or light: tint anew

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if event.spontaneous() or self.tasks.busy("load"):
            return
        if self._loaded_at is None or time.monotonic() - self._loaded_at > FRESH_FOR_S:
            self.reload()

    def done(self, result: int) -> None:
        self._debounce.stop()
        self.tasks.cancel_pending()
        super().done(result)

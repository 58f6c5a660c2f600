"""The worklist's rows as a Qt table model: each column's text, tooltip, colour and sort key, and the filter
that keeps only the rows that need a call."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from hsconsole.domain.slots import SETTER_CLOCK, is_known_zone, load_zone
from hsconsole.services.formatting import (
    both_zones_tip,
    format_for_setter,
    format_named,
    phone_for_display,
)
from hsconsole.services.reminders import NO_REPLY, WorklistRow, format_moment
from hsconsole.ui.cells import in_setter_zone, setter_zone_tip
from hsconsole.ui.colors import attention_colors
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    QT_TRANSLATE_NOOP("Worklist", "When"),
    QT_TRANSLATE_NOOP("Worklist", "Lead's time"),
    QT_TRANSLATE_NOOP("Worklist", "Homeowner"),
    QT_TRANSLATE_NOOP("Worklist", "Phone"),
    QT_TRANSLATE_NOOP("Worklist", "State"),
    QT_TRANSLATE_NOOP("Worklist", "Latest message"),
    QT_TRANSLATE_NOOP("Worklist", "Attention"),
)
"""The columns as written (shown translated)."""
COL_WHEN, COL_LEAD, COL_NAME, COL_PHONE, COL_STATE, COL_DETAIL, COL_ATTENTION = range(len(COLUMNS))
YOUR_COLUMNS = (COL_WHEN, COL_DETAIL)
"""The columns of the setter's times: their headers name the zone ("When (Manila time)")."""
SAMPLE_MOMENT = datetime(2026, 9, 30, 22, 0, tzinfo=UTC)
"""A Wednesday night in September: the longest day and time the columns of times show, for their widths."""


def column_samples() -> tuple[str, ...]:
    """What each column is made wide enough for at first, in the setter's language, days and clock (a longer
    state is cut, whole in its tooltip); "Latest message" takes the room left (its full text is in its tooltip
    and in the line under the table)."""
    day = SETTER_CLOCK.day(SAMPLE_MOMENT.date())
    return (
        format_moment(SAMPLE_MOMENT, "UTC", setter=True),
        f"{day}, 10:00 PM AKST",
        "Kimberly Thompson",
        "(000) 000-0000",
        translate("Reminders", "Not coming: needs a new time"),
        "",
        f"{ATTENTION_MARK} {translate('Reminders', NO_REPLY)}",
    )


CELL_PADDING = 18

NO_PHONE = QT_TRANSLATE_NOOP("Worklist", "This event has no phone number")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The :class:`WorklistRow` of an index."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""What a column sorts by (times by the moment, not by their text)."""

ATTENTION_MARK = "⚠"


def _same_offset(moment: datetime, a: tzinfo, b: tzinfo) -> bool:
    return moment.astimezone(a).utcoffset() == moment.astimezone(b).utcoffset()


def lead_time_text(moment: datetime, lead_zone: str | None, setter_zone: tzinfo) -> str:
    """The lead's wall time with its zone, named by its city where its abbreviation would be mistaken ("8:00 AM
    EST", "8:00 AM Chicago" for a setter in Manila), the date too when it is another day than the setter's.

    Blank when the lead's zone is not known or shows the same time as the setter's.
    """
    if not lead_zone or not is_known_zone(lead_zone):
        return ""
    zone = load_zone(lead_zone)
    if _same_offset(moment, zone, setter_zone):
        return ""
    local = moment.astimezone(zone)
    reader = getattr(setter_zone, "key", None)
    named = format_named(moment, zone, frozenset(z for z in (lead_zone, reader) if z), reader=reader)
    if local.date() != moment.astimezone(setter_zone).date():
        return f"{SETTER_CLOCK.day(local.date())}, {named}"
    return named


def short_detail(row: WorklistRow) -> str:
    """The latest message for the table: the homeowner's words first, without the state words
    the State column already shows (the full text is in the tooltip and under the table).

    "Confirmed by text, Tue Mar 3, 3:12 PM: “C”" → "“C” by text, Tue Mar 3, 3:12 PM".
    """
    detail = row.detail
    state = row.state_text
    if state and detail.startswith(state + " "):
        detail = detail[len(state) + 1 :]
    head, quoted, words = detail.rpartition(": “")
    if quoted and head and words.endswith("”"):
        return f"“{words} {head[:1].lower()}{head[1:]}"
    return detail[:1].upper() + detail[1:]


def detail_text(row: WorklistRow, setter_zone: str) -> str:
    """The selected row in full: who, when (the lead's time and the setter's), the latest message, why to call."""
    parts = [f"{row.name}, {format_for_setter(row.start, row.lead_zone, setter_zone)}"]
    if row.detail:
        parts.append(row.detail)
    if row.needs_attention:
        if row.detail.startswith(row.attention):  # "Not coming: …" said once
            parts[-1] = f"{ATTENTION_MARK} {parts[-1]}"
        else:
            parts.append(f"{ATTENTION_MARK} {row.attention}")
    return " · ".join(parts)


def count_text(total: int, attention: int) -> str:
    """ "12 appointments, 3 need attention"."""
    noun = translate("Worklist", "appointment") if total == 1 else translate("Worklist", "appointments")
    verb = translate("Worklist", "needs") if attention == 1 else translate("Worklist", "need")
    return translate("Worklist", "{total} {noun}, {attention} {verb} attention").format(
        total=f"{total:,}", noun=noun, attention=f"{attention:,}", verb=verb
    )


class WorklistModel(QAbstractTableModel):
    """Worklist rows as table rows, in the order given (the service's: soonest first).

    The rows that need a call are tinted from the palette (:func:`hsconsole.ui.colors.attention_colors`):
    the view calls :meth:`use_palette` when its palette changes (the system went dark or light).
    """

    def __init__(self, setter_zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone_name = setter_zone
        self.zone = load_zone(setter_zone)
        self._rows: list[WorklistRow] = []
        self.attention_background, self.attention_text = attention_colors(
            parent.palette() if parent is not None else QGuiApplication.palette()
        )

    def use_zone(self, setter_zone: str) -> None:
        """The setter's zone changed: the times and the headers are told in it (the rows are read again)."""
        self.beginResetModel()
        self.zone_name, self.zone = setter_zone, load_zone(setter_zone)
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def use_palette(self, palette: QPalette) -> None:
        """Tint the rows that need a call for ``palette`` (and repaint them when the tint changed)."""
        background, text = attention_colors(palette)
        if (background, text) == (self.attention_background, self.attention_text):
            return
        self.attention_background, self.attention_text = background, text
        if self._rows:
            roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole]
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1), roles)

    def set_rows(self, rows: list[WorklistRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[WorklistRow]:
        return list(self._rows)

    def row_at(self, row: int) -> WorklistRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def text(self, row: WorklistRow, column: int) -> str:
        if column == COL_WHEN:
            return format_moment(row.start, self.zone_name, setter=True)
        if column == COL_LEAD:
            return lead_time_text(row.start, row.lead_zone, self.zone)
        if column == COL_NAME:
            return row.name
        if column == COL_PHONE:
            return phone_for_display(row.phone) if row.phone else translate("Worklist", "No phone")
        if column == COL_STATE:
            return row.state_text
        if column == COL_DETAIL:
            return short_detail(row)
        return f"{ATTENTION_MARK} {row.attention}" if row.needs_attention else ""

    def _tooltip(self, row: WorklistRow, column: int) -> str | None:
        """The cell's whole text (a narrow column cuts it with "…"), with what the cell leaves out."""
        if column in (COL_WHEN, COL_LEAD):  # the cell's text, and both zones by city and offset
            text = self.text(row, column)
            return (f"{text}\n" if text else "") + both_zones_tip(row.start, row.lead_zone, self.zone_name)
        if column == COL_PHONE:
            return (
                self.text(row, column)
                if row.phone
                else translate("Worklist", "No phone: this event has no phone number")
            )
        if column == COL_DETAIL:
            return row.detail or None
        if column == COL_NAME and row.external_id:
            return f"{row.name} ({row.external_id})"
        return self.text(row, column) or None

    def _sort_key(self, row_number: int, row: WorklistRow, column: int) -> Any:
        if column in (COL_WHEN, COL_LEAD):
            return row_number  # the service's order: by the moment, then the event
        if column == COL_PHONE:
            return row.phone or ""
        if column == COL_ATTENTION:
            return row.attention.casefold()
        return self.text(row, column).casefold()

    # -- QAbstractTableModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.text(row, column)
            if column == COL_ATTENTION:
                return (
                    translate("Worklist", "Needs attention: {why}").format(why=row.attention)
                    if row.needs_attention
                    else translate("Worklist", "Nothing to do")
                )
            if column == COL_LEAD and not text:
                return translate("Worklist", "Same as your time")
            return row.detail if column == COL_DETAIL else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(self.attention_background) if row.needs_attention else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(self.attention_text) if row.needs_attention else None
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self._sort_key(index.row(), row, column)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        word = translate("Worklist", COLUMNS[section])
        label = in_setter_zone(word, self.zone_name) if section in YOUR_COLUMNS else word
        if role == Qt.ItemDataRole.DisplayRole:  # "When (Manila time)": whose times the column holds
            return label
        if role == Qt.ItemDataRole.ToolTipRole:  # a narrowed column cuts its header too: it is said whole
            if section == COL_WHEN:
                return translate("Worklist", "{column}: the appointment's start in your time.").format(column=label) + (
                    " " + setter_zone_tip(self.zone_name)
                )
            if section == COL_LEAD:
                return translate(
                    "Worklist", "{column}: the start in the lead's time zone, when it differs from yours"
                ).format(column=label)
            if section == COL_DETAIL:
                return translate("Worklist", "{column}: the homeowner's latest message, at your time.").format(
                    column=label
                ) + (" " + setter_zone_tip(self.zone_name))
            return label
        return None


class AttentionFilter(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE`; with :attr:`attention_only`, hides the rows that need no call."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attention_only = False
        self.setSortRole(SORT_ROLE)

    def set_attention_only(self, on: bool) -> None:
        if on == self.attention_only:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.attention_only = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.attention_only = on
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.attention_only:
            return True
        row = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        return isinstance(row, WorklistRow) and row.needs_attention

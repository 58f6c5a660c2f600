"""Cells of item views that never hide text: a cell (or a column header) too narrow for its text is cut
with "…" and shows the whole text as its tooltip."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from hsconsole.ui.geometry import DECORATION
from hsconsole.ui.language import translate

HEADER_PADDING = 18
"""Room around a header's words (its margins and the section's edge)."""


def header_width(view: QTableView, column: int) -> int:
    """What column ``column`` of ``view`` needs to show its header's words whole, with room for a sort arrow
    ("Cuándo (hora de Manila)" is longer than its cells)."""
    header = view.horizontalHeader()
    title = str(view.model().headerData(column, Qt.Orientation.Horizontal))
    arrow = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize) + 8
    return header.fontMetrics().horizontalAdvance(title) + arrow + HEADER_PADDING


def widen_for(window: QWidget, view: QTableView, stretched: int) -> None:
    """``window`` made as wide as the columns of ``view`` are (column ``stretched``, which takes the room left, at
    its header's width), within its screen; never narrower than it is."""
    columns = sum(
        header_width(view, column) if column == stretched else view.columnWidth(column)
        for column in range(view.model().columnCount())
    )
    frame = view.frameWidth() * 2 + view.verticalScrollBar().sizeHint().width()
    layout = window.layout()
    sides = layout.contentsMargins().left() + layout.contentsMargins().right() if layout is not None else 0
    screen = window.screen()
    room = screen.availableGeometry().width() - DECORATION[0] if screen is not None else window.width()
    wanted = columns + frame + sides
    if window.width() < wanted:
        window.resize(max(window.width(), min(wanted, room)), window.height())


def table_cell(text: str, tooltip: str | None = None) -> QTableWidgetItem:
    """A table cell showing ``text``; its tooltip is ``tooltip`` (which should say ``text`` too) or the text."""
    item = QTableWidgetItem(text)
    item.setToolTip(text if tooltip is None else tooltip)
    return item


def tree_row(texts: Sequence[str], tooltips: Mapping[int, str] | None = None) -> QTreeWidgetItem:
    """A list row of ``texts``, each column's tooltip its text unless ``tooltips`` gives another."""
    item = QTreeWidgetItem(list(texts))
    for column, text in enumerate(texts):
        item.setToolTip(column, (tooltips or {}).get(column, text))
    return item


def header_tooltips(view: QTableWidget | QTreeWidget) -> None:
    """Every column header whose tooltip is not set says its label (a narrowed column cuts its header too)."""
    if isinstance(view, QTreeWidget):
        header = view.headerItem()
        for column in range(view.columnCount()):
            if not header.toolTip(column):
                header.setToolTip(column, header.text(column))
        return
    for column in range(view.columnCount()):
        item = view.horizontalHeaderItem(column)
        if item is not None and not item.toolTip():
            item.setToolTip(item.text())


def in_setter_zone(word: str, setter_zone: str) -> str:
    """A column's name that says whose times it holds: "When (Manila time)", in the window's language."""
    from hsconsole.domain.slots import is_known_zone
    from hsconsole.domain.zones import city_of

    city = city_of(setter_zone) if setter_zone and is_known_zone(setter_zone) else "UTC"
    return translate("Zones", "{word} ({city} time)").format(word=word, city=city)


def setter_zone_tip(setter_zone: str, now: datetime | None = None) -> str:
    """What such a column's tooltip says of the zone: "Your time zone: Manila (UTC+8), Asia/Manila. Settings ▸
    My time zone changes it."."""
    from hsconsole.domain.slots import is_known_zone
    from hsconsole.services.formatting import zone_place

    name = setter_zone if setter_zone and is_known_zone(setter_zone) else "UTC"
    place = zone_place(now or datetime.now(UTC), name)
    return translate("Zones", "Your time zone: {place}, {name}. Settings ▸ My time zone changes it.").format(
        place=place, name=name
    )


def zone_column(word: str, zone: tzinfo | None, *, tooltip: bool = False) -> str:
    """The header of a column of the setter's times in ``zone`` (None: this computer's): "When (Manila
    time)", or with ``tooltip`` what its tooltip says: that, and the zone in full (:func:`setter_zone_tip`)."""
    key = getattr(zone, "key", None)
    if not isinstance(key, str):
        return translate("Zones", "{word}: this computer's time").format(word=word) if tooltip else word
    label = in_setter_zone(word, key)
    return f"{label}. {setter_zone_tip(key)}" if tooltip else label


def zone_header(view: QTableWidget | QTreeWidget, column: int, word: str, zone: tzinfo | None) -> None:
    """Column ``column`` of ``view`` holds the setter's times in ``zone``, and its header says so: "Sent
    (Manila time)", its tooltip the zone in full (:func:`zone_column`)."""
    text, tip = zone_column(word, zone), zone_column(word, zone, tooltip=True)
    if isinstance(view, QTreeWidget):
        view.headerItem().setText(column, text)
        view.headerItem().setToolTip(column, tip)
        return
    item = view.horizontalHeaderItem(column) or QTableWidgetItem()
    item.setText(text)
    item.setToolTip(tip)
    view.setHorizontalHeaderItem(column, item)

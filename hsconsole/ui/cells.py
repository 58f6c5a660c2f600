"""Cells of item views that never hide text: a cell (or a column header) too narrow for its text is cut
with "…" and shows the whole text as its tooltip."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem


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


def zone_header(view: QTableWidget | QTreeWidget, column: int, word: str, zone: tzinfo | None) -> None:
    """Column ``column`` of ``view`` holds the setter's times in ``zone``, and its header says so: "Sent
    (Manila time)", its tooltip the zone in full (:func:`hsconsole.services.formatting.zone_column`)."""
    from hsconsole.services.formatting import zone_column

    text, tip = zone_column(word, zone), zone_column(word, zone, tooltip=True)
    if isinstance(view, QTreeWidget):
        view.headerItem().setText(column, text)
        view.headerItem().setToolTip(column, tip)
        return
    item = view.horizontalHeaderItem(column) or QTableWidgetItem()
    item.setText(text)
    item.setToolTip(tip)
    view.setHorizontalHeaderItem(column, item)

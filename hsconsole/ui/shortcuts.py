"""The overlay that lists every keyboard shortcut (the table is :mod:`hsconsole.ui.actions`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QVBoxLayout, QWidget

from hsconsole.ui.actions import shortcut_rows
from hsconsole.ui.cells import header_tooltips, table_cell
from hsconsole.ui.language import translate

SHORTCUTS: tuple[tuple[str, str], ...] = tuple(shortcut_rows(translated=False))
"""(keys, what they do): the window's commands and the keys that work in one place, from one table (as written;
the overlay shows them in the console's language)."""


def native(text: str) -> str:
    """The shortcut as this platform writes it (Cmd on macOS)."""
    if "+" not in text or " " in text:
        return text
    return QKeySequence(text).toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutOverlay(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("ShortcutOverlay", "Keyboard shortcuts"))
        rows = shortcut_rows()
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels([translate("ShortcutOverlay", "Keys"), translate("ShortcutOverlay", "Does")])
        header_tooltips(table)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setAccessibleName(translate("ShortcutOverlay", "Keyboard shortcuts"))
        for row, (keys, does) in enumerate(rows):
            table.setItem(row, 0, table_cell(native(keys)))
            table.setItem(row, 1, table_cell(does))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        # as wide as its words (longer in some languages), within a 1366-pixel screen
        needed = table.horizontalHeader().length() + table.verticalScrollBar().sizeHint().width() + 48
        self.resize(min(max(560, needed), 1000), 500)
        self.setWindowModality(Qt.WindowModality.WindowModal)

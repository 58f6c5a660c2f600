"""Every keyboard shortcut in one table, and the overlay that lists them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+F", "Find: put the cursor in the phone field"),
    ("Enter (phone field)", "Look the number up"),
    ("Ctrl+S", "Save the lead's changes"),
    ("Esc", "Revert unsaved changes (asks first)"),
    ("Ctrl+B", "Go to the blocks (then type a day or time, Enter)"),
    ("Ctrl+Enter", "Book or reschedule to the selected block"),
    ("thu 3, 12/10, tomorrow, 3pm (calendar)", "Jump to the first open block that day / at that time (lead's time)"),
    ("Backspace / Esc (calendar)", "Edit the jump / take it back"),
    ("Up / Down (calendar)", "Previous / next block (over day headers and full blocks)"),
    ("Page Up / Page Down (calendar)", "First open block of the previous / next day"),
    ("Home / End (calendar)", "First / last open block"),
    ("Enter (calendar)", "Choose the block (then Ctrl+Enter books)"),
    ("Ctrl+Shift+X", "Cancel the appointment (asks for a note)"),
    ("Ctrl+D", "Go to the not-qualified reasons"),
    ("Ctrl+Shift+D", "Reload the not-qualified reasons from the CRM"),
    ("Ctrl+N", "New lead"),
    ("Ctrl+R", "Refresh the calendar"),
    ("Ctrl+Shift+P", "Pending changes (the outbox)"),
    ("Ctrl+Shift+L", "Activity log: what was looked up, saved and booked"),
    ("Ctrl+Shift+W", "Confirmation worklist (Apptoto); Enter on a row looks the caller up"),
    ("Ctrl+Shift+K", "Send a TimeZest scheduling link to the caller"),
    ("Ctrl+Shift+T", "TimeZest team report"),
    ("F1 or ?", "Show this list"),
    ("Ctrl+Q", "Quit"),
)


def native(text: str) -> str:
    """The shortcut as this platform writes it (Cmd on macOS)."""
    if "+" not in text or " " in text:
        return text
    return QKeySequence(text).toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutOverlay(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(SHORTCUTS), 2, self)
        table.setHorizontalHeaderLabels(["Keys", "Does"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setAccessibleName("Keyboard shortcuts")
        for row, (keys, does) in enumerate(SHORTCUTS):
            table.setItem(row, 0, QTableWidgetItem(native(keys)))
            table.setItem(row, 1, QTableWidgetItem(does))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(560, 500)
        self.setWindowModality(Qt.WindowModality.WindowModal)

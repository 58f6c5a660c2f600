"""The left pane: the phone field, its hint, the lookup's progress, and the recent callers.

Part of the window's frame: it imports no service layer at load (a display helper is imported when the
first caller is remembered).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hsconsole.ui.forms import clipped
from hsconsole.ui.language import translate

RECENT_LIMIT = 25
PHONE_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchPane(QWidget):
    """Signals:
    search_requested(str): Enter in the phone field or the Look up button, with the text typed.
    recent_chosen(str): a recent caller chosen (Enter or a double click), their E.164 number.
    """

    search_requested = Signal(str)
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search_pane")
        self.phone_input = QLineEdit()
        self.phone_input.setObjectName("phone_input")
        self.phone_input.setPlaceholderText(translate("SearchPane", "Phone number, any format"))
        self.phone_input.setAccessibleName(translate("SearchPane", "Phone number to look up"))
        self.phone_input.returnPressed.connect(lambda: self.search_requested.emit(self.phone_input.text()))
        label = QLabel(translate("SearchPane", "&Phone"))
        label.setBuddy(self.phone_input)
        self.phone_hint = QLabel(" ")
        self.phone_hint.setObjectName("phone_hint")
        self.phone_hint.setWordWrap(True)
        self.spinner = QProgressBar()
        self.spinner.setObjectName("spinner")
        self.spinner.setRange(0, 0)
        self.spinner.setTextVisible(False)
        self.spinner.setMaximumHeight(6)
        self.spinner.setVisible(False)
        self.spinner.setAccessibleName(translate("SearchPane", "Looking up"))
        self.search_button = QPushButton(translate("SearchPane", "Look up"))
        self.search_button.setObjectName("search_button")
        self.search_button.clicked.connect(lambda: self.search_requested.emit(self.phone_input.text()))
        self.recent = QListWidget()
        self.recent.setObjectName("recent_list")
        self.recent.setAccessibleName(translate("SearchPane", "Recent lookups"))
        self.recent.itemActivated.connect(self._chosen)
        recent_label = QLabel(translate("SearchPane", "&Recent"))
        recent_label.setBuddy(self.recent)
        row = QHBoxLayout()
        row.addWidget(self.phone_input, 1)
        row.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.phone_hint)
        layout.addWidget(self.spinner)
        layout.addSpacing(8)
        layout.addWidget(recent_label)
        layout.addWidget(self.recent, 1)

    def remember(self, phone: str, name: str) -> None:
        """``phone`` (E.164) first among the recent callers, once, with ``name``; the oldest beyond the limit go."""
        from hsconsole.services.formatting import phone_for_display

        for row in range(self.recent.count()):
            if self.recent.item(row).data(PHONE_ROLE) == phone:
                self.recent.takeItem(row)
                break
        shown = clipped(name) if name else translate("SearchPane", "(no name)")
        item = QListWidgetItem(f"{shown}\n{phone_for_display(phone)}")
        item.setData(PHONE_ROLE, phone)
        item.setToolTip(phone)
        self.recent.insertItem(0, item)
        while self.recent.count() > RECENT_LIMIT:
            self.recent.takeItem(self.recent.count() - 1)

    def _chosen(self, item: QListWidgetItem) -> None:
        phone = item.data(PHONE_ROLE)
        if isinstance(phone, str):
            self.recent_chosen.emit(phone)

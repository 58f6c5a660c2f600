"""The new-lead form for callers the CRM does not know (Zapier ``/lead`` fields)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hsconsole.ui.forms import FieldErrors, too_long, uncut

FIELDS = (
    ("first_name", "First &name"),
    ("last_name", "L&ast name"),
    ("phone", "Ph&one"),
    ("address1", "Str&eet"),
    ("zip", "&ZIP"),
    ("email", "E&mail"),
    ("product", "Pro&duct"),
    ("comments", "Commen&ts"),
)
REQUIRED = ("phone", "zip")
ZIP_LENGTH = 10
"""84101 or 84101-1234."""


class NewLeadForm(QWidget):
    """Signals:
    submitted(): the setter asked to create the lead.
    cancelled(): the setter backed out.
    """

    submitted = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QLineEdit] = {}
        self.field_errors = FieldErrors()
        self.errors = self.field_errors.labels
        form = QFormLayout()
        for name, text in FIELDS:
            edit = uncut(QLineEdit())  # a paste too long is refused with a message, never cut
            edit.setObjectName(f"new_{name}")
            edit.setAccessibleName(text.replace("&", "") + (" (required)" if name in REQUIRED else ""))
            edit.returnPressed.connect(self.submitted.emit)
            self.inputs[name] = edit
            self.field_errors.add_row(form, name, QLabel(text + (" *" if name in REQUIRED else "")), edit)
        self.inputs["product"].setPlaceholderText("e.g. Solar, Roofing, Windows")

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.create_button = QPushButton("Create lead")
        self.create_button.setToolTip("Enter in any field creates the lead")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submitted.emit)
        self.cancel_button = QPushButton("Back")
        self.cancel_button.clicked.connect(self.cancelled.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)

        box = QGroupBox("New lead")
        box.setLayout(form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(box)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def start(self, phone: str, heading: str) -> None:
        for edit in self.inputs.values():
            edit.clear()
        self.set_locked(False)
        self.clear_errors()
        self.inputs["phone"].setText(phone)
        self.heading.setText(heading)
        self.inputs["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def set_locked(self, locked: bool) -> None:
        """Once the lead exists its fields are read-only (the CRM has them now)."""
        for edit in self.inputs.values():
            edit.setReadOnly(locked)
        self.create_button.setVisible(not locked)
        self.cancel_button.setText("Done" if locked else "Back")

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.inputs.items()}

    def problems(self) -> dict[str, str]:
        """Error lines for values too long to send, by field name (checked before anything is sent)."""
        found = {name: too_long(text) for name, text in self.values().items() if too_long(text)}
        zip_code = self.values()["zip"]
        if "zip" not in found and len(zip_code) > ZIP_LENGTH:
            found["zip"] = f"A ZIP has at most {ZIP_LENGTH} characters (84101 or 84101-1234)."
        return found

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        return self.field_errors.show(errors)

    def clear_errors(self) -> None:
        self.field_errors.clear()

"""Form rows with an error line under the field, shared by every form of the console."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget


def error_label(object_name: str = "") -> QLabel:
    """A hidden, word-wrapped line for a field's error message."""
    label = QLabel()
    if object_name:
        label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_message(label: QLabel, text: str) -> None:
    """Show ``text`` in ``label`` (hidden when empty), secrets cut out: it may quote a server."""
    from hsconsole.store.logfiles import redact

    label.setText(redact(text))
    label.setVisible(bool(text))


class FieldErrors:
    """Error lines under the fields of one form, by field name."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}

    def add_row(self, form: QFormLayout, name: str, label: QLabel, field: QWidget) -> None:
        """Add ``label`` and ``field`` to ``form``, with an error line under the field."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(field)
        error = error_label(f"{name}_error")
        column.addWidget(error)
        self.labels[name] = error
        label.setBuddy(field)
        form.addRow(label, holder)

    def show(self, errors: dict[str, str]) -> list[str]:
        """Each message under its field; returns the messages that have no field here."""
        self.clear()
        loose = []
        for name, message in errors.items():
            label = self.labels.get(name)
            if label is None:
                loose.append(message)
            else:
                show_message(label, "⚠ " + message)
        return loose

    def clear(self) -> None:
        for label in self.labels.values():
            show_message(label, "")

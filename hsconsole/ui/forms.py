"""Form rows with an error line under the field, shared by every form of the console.

Long text: Qt's line edits cut whatever is set, typed or pasted beyond 32,767 characters, without a
word. The console's own fields take any length (:func:`uncut`) and say when a value is longer than
a field takes (:func:`too_long`), so a value is never cut and sent.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

FIELD_LIMIT = 32_767
"""The most characters a one-line field of the console takes (what Qt's line edits hold by default).
The HeavySet API documents no length for any field; this is the console's own limit."""
_NO_CUT = 1 << 30
PREVIEW_LENGTH = 200
"""Characters of a value too long to edit that are shown (read-only) in its field."""


def uncut(edit: QLineEdit) -> QLineEdit:
    """``edit`` taking text of any length: nothing typed, pasted or set is ever cut (see :func:`too_long`)."""
    edit.setMaxLength(_NO_CUT)
    return edit


def too_long(text: str, limit: int = FIELD_LIMIT) -> str:
    """The field's error line for ``text`` longer than ``limit`` characters; "" when it fits."""
    if len(text) <= limit:
        return ""
    return f"{len(text):,} characters: this field takes at most {limit:,}. Shorten it; nothing was cut or sent."


def clipped(text: str, limit: int = PREVIEW_LENGTH) -> str:
    """``text`` for a label or a preview: its first ``limit`` characters and "…" when it is longer."""
    return text if len(text) <= limit else text[:limit] + "…"


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
    from hsconsole.services.redaction import redact

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

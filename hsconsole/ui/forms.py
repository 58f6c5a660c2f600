"""Form rows with an error line under the field, shared by every form of the console.

Long text: Qt's line edits cut whatever is set, typed or pasted beyond 32,767 characters, without a
word. The console's own fields take any length (:func:`uncut`) and say when a value is longer than
a field takes (:func:`too_long`), so a value is never cut and sent.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from hsconsole.domain.checks import TEXT_LIMIT
from hsconsole.ui.language import translate

FIELD_LIMIT = TEXT_LIMIT
"""The most characters a one-line field of the console takes (what Qt's line edits hold by default).
The HeavySet API documents no length for any field; this is the console's own limit, declared on the request
models (each field's own limit, smaller for some: see ``EDITOR_LIMITS`` and ``NEW_LEAD_LIMITS`` in services)."""
CHECK_PAUSE_MS = 700
"""A field is checked when the setter stops typing this long, or leaves it: a message never flickers per key."""
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
    return translate(
        "Forms", "{count} characters: this field takes at most {limit}. Shorten it; nothing was cut or sent."
    ).format(count=f"{len(text):,}", limit=f"{limit:,}")


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


_ARRIVALS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason, Qt.FocusReason.ShortcutFocusReason)


class SelectOnArrival(QObject):
    """A field reached from the keyboard (Tab, Shift+Tab, its label's Alt+letter) has its whole text selected, so
    what the setter types replaces it; a field reached by a click keeps the caret where it was put.

    Qt selects on arrival only a field that has no selection, and not at all when the Alt+letter names the field
    that already has the focus: typing then added to the old value ("7520675204" in a ZIP).
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._buddies: dict[QLabel, QLineEdit] = {}

    def watch(self, edit: QLineEdit, label: QLabel | None = None) -> None:
        edit.installEventFilter(self)
        if label is not None:
            self._buddies[label] = edit
            label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QLineEdit) and event.type() == QEvent.Type.FocusIn:
            assert isinstance(event, QFocusEvent)
            if event.reason() in _ARRIVALS:
                QTimer.singleShot(0, watched, watched.selectAll)  # after Qt's own handling of the arrival
        elif event.type() == QEvent.Type.Shortcut and isinstance(watched, QLabel) and watched in self._buddies:
            edit = self._buddies[watched]
            if edit.hasFocus():  # no focus change, so no arrival: select here
                QTimer.singleShot(0, edit, edit.selectAll)
        return False


class LiveChecks(QObject):
    """Checks a form as the setter types: once typing pauses (:data:`CHECK_PAUSE_MS`) or the field is left.

    ``check`` returns the problems by field name; ``show`` puts them beside the fields.

    Signals:
        wrong_changed(bool): whether some field is wrong now (after a check), when that changes.
    """

    wrong_changed = Signal(bool)

    def __init__(
        self, parent: QObject, check: Callable[[], dict[str, str]], show: Callable[[dict[str, str]], None]
    ) -> None:
        super().__init__(parent)
        self._check = check
        self._show = show
        self._wrong = False
        self.problems: dict[str, str] = {}
        """What the last check found."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_PAUSE_MS)
        self._timer.timeout.connect(self.run)

    def watch(self, edit: QLineEdit) -> None:
        edit.textEdited.connect(lambda _text: self._timer.start())
        edit.editingFinished.connect(self.run)

    def pending(self) -> bool:
        """The setter typed since the last check."""
        return self._timer.isActive()

    def run(self) -> None:
        """Check now and show what is wrong."""
        self._timer.stop()
        self.problems = self._check()
        self._show(self.problems)
        wrong = bool(self.problems)
        if wrong != self._wrong:
            self._wrong = wrong
            self.wrong_changed.emit(wrong)

    def reset(self) -> None:
        """Forget the last check (the form shows another lead): nothing is wrong until the next one."""
        self._timer.stop()
        self.problems = {}
        if self._wrong:
            self._wrong = False
            self.wrong_changed.emit(False)


class TickBox(QCheckBox):
    """A check box whose Alt+letter ticks it at once. Qt's own box "animates" a mnemonic's click and toggles
    only 100 ms later, so Alt+S, Enter typed at speed sent the form before the tick it showed (a consent on
    screen, and not sent). Here the key toggles the box before the next key is read, and gives it the focus."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut and self.isEnabled():
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.click()  # toggles and emits clicked/toggled now
            return True
        return super().event(event)

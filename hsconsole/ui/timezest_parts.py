"""Small parts the TimeZest windows share: dates to and from Qt, a date box, a labelled field, a button that
Enter in a field never presses, a status line, and an error in setter words."""

from __future__ import annotations

from datetime import UTC, date, tzinfo

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QPushButton, QWidget

from hsconsole.domain.slots import is_known_zone, load_zone
from hsconsole.services.scheduling import TimeZestFilterError, TimeZestPermissionError
from hsconsole.ui.messages import describe, safe

SERVICE = "TimeZest"


def zone(name: str) -> tzinfo:
    return load_zone(name) if is_known_zone(name) else UTC


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def short_day(day: date) -> str:
    """ "Nov 2" (no platform-specific strftime flags)."""
    return f"{day:%b} {day.day}"


def long_day(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def date_edit(object_name: str, accessible: str, day: date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd MMM d, yyyy")
    return edit


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A field's label; a little wider than Qt's hint, which can clip a kerned pair like "To" once underlined."""
    label = QLabel(text)
    label.setBuddy(buddy)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance(text.replace("&", "")) + 4)
    return label


def plain_button(text: str, object_name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(object_name)
    button.setAutoDefault(False)  # Enter in a field never sends a link by accident
    return button


def status_label(object_name: str, accessible: str) -> QLabel:
    label = QLabel(" ")
    label.setObjectName(object_name)
    label.setAccessibleName(accessible)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def error_words(exc: BaseException) -> str:
    """A TimeZest failure in setter words (a refused write says the key is read-only)."""
    if isinstance(exc, TimeZestPermissionError):
        return safe(f"{SERVICE} refused: {exc}. Ask an administrator for a read/write key.")
    if isinstance(exc, TimeZestFilterError):
        said = "; ".join(exc.messages) or exc.code
        return safe(f"{SERVICE} could not read the console's search (it said: {said}). If it persists, report it.")
    return describe(exc, SERVICE)

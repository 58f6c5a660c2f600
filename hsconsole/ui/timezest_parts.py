"""Small parts the TimeZest windows share: dates to and from Qt, a date box, a labelled field, a button that
Enter in a field never presses, a status line, and an error in setter words."""

from __future__ import annotations

from datetime import UTC, date, tzinfo

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QPushButton, QWidget

from hsconsole.domain.slots import SETTER_CLOCK, is_known_zone, load_zone
from hsconsole.services.scheduling import TimeZestFilterError, TimeZestPermissionError
from hsconsole.ui.geometry import DECORATION
from hsconsole.ui.language import follow_day_locale, translate
from hsconsole.ui.messages import describe, safe

SERVICE = "TimeZest"


def zone(name: str) -> tzinfo:
    return load_zone(name) if is_known_zone(name) else UTC


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def short_day(day: date) -> str:
    """ "Nov 2" ("2 de nov" in Spanish): the setter's day words (:data:`SETTER_CLOCK`)."""
    return SETTER_CLOCK.date(day)


def long_day(day: date) -> str:
    """ "Nov 2, 2026" ("2 de nov de 2026")."""
    return SETTER_CLOCK.date(day, year=True)


def date_edit(object_name: str, accessible: str, day: date) -> QDateEdit:
    """A date box with a calendar, in the words of the setter's days (:func:`~hsconsole.ui.language.day_locale`)."""
    edit = QDateEdit(qdate(day))
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible)
    edit.setCalendarPopup(True)
    follow_day_locale(edit)
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


def fit_height(window: QWidget) -> None:
    """``window`` (shown) made taller when its wrapped lines need it at its width, as far as its screen allows:
    Qt gives a window the height of its fields but not of its wrapped lines, which would be squeezed over them."""
    needed = window.heightForWidth(window.width())
    screen = window.screen()
    room = screen.availableGeometry().height() - DECORATION[1] if screen is not None else needed
    if window.isVisible() and needed > window.height():
        window.resize(window.width(), min(needed, room))


def error_words(exc: BaseException) -> str:
    """A TimeZest failure in setter words (a refused write says the key is read-only)."""
    if isinstance(exc, TimeZestPermissionError):
        text = translate("TimeZest", "{service} refused: {reason}. Ask an administrator for a read/write key.")
        return safe(text.format(service=SERVICE, reason=exc))
    if isinstance(exc, TimeZestFilterError):
        said = "; ".join(exc.messages) or exc.code
        text = translate(
            "TimeZest", "{service} could not read the console's search (it said: {said}). If it persists, report it."
        )
        return safe(text.format(service=SERVICE, said=said))
    return describe(exc, SERVICE)  # an unclear send too: "… Nothing was sent twice: Send again checks first"

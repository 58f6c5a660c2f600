"""``hsconsole:`` links on macOS: they arrive as events, not as command-line arguments.

Windows and Linux start ``hsconsole hsconsole:+1801...`` for a link (the
installer's URL-scheme registration passes it as ``%1``/``%u``), and a second
start hands the number to the running console through the single-instance
channel. macOS does not start a second process: Launch Services sends the URL
to the running app (or to the app it has just launched) as an Apple event,
which Qt's Cocoa plugin turns into a :class:`QFileOpenEvent` sent to the
QApplication. :class:`UrlEventFilter` watches for those.

Wiring (``hsconsole/app.py`` and ``hsconsole/controller.py``)::

    # in main(), right after the QApplication exists (before any event is processed):
    url_events.install(app)
    # in Controller.open_window(), after self.instance.received.connect(received):
    url_events.deliver_to(received)

A link that arrives before the window exists (the one that launched the app,
or one during the setup wizard) is kept and delivered by :func:`deliver_to`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent

from hsconsole.domain.links import phone_from_link

FILTER_NAME = "hsconsole-url-events"


class UrlEventFilter(QObject):
    """Turns ``QEvent.FileOpen`` events carrying an ``hsconsole:`` URL into phone numbers.

    Signals:
        phone_requested(str): a phone number a link asked to look up.
    """

    phone_requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(FILTER_NAME)
        self.pending: str | None = None
        """The last number asked for while nobody listened yet (see :func:`deliver_to`)."""
        self.listening = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        url = event.url()
        phone = phone_from_link(url.toString()) if url.isValid() else None
        if phone is None:
            return False  # a file or another scheme: not ours, let Qt carry on
        if self.listening:
            self.phone_requested.emit(phone)
        else:
            self.pending = phone
        return True

    def take_pending(self) -> str | None:
        phone, self.pending = self.pending, None
        return phone


def install(app: QCoreApplication, *, force: bool = False) -> UrlEventFilter | None:
    """Install the filter on ``app`` once (a child of the app, found again by :func:`installed`).

    Only on macOS unless ``force``: a filter on the application sees every event of every
    object, and no other platform delivers links as events.
    """
    if sys.platform != "darwin" and not force:
        return None
    existing = installed(app)
    if existing is not None:
        return existing
    url_filter = UrlEventFilter(app)
    app.installEventFilter(url_filter)
    return url_filter


def installed(app: QCoreApplication | None = None) -> UrlEventFilter | None:
    app = app or QCoreApplication.instance()
    if app is None:
        return None
    return app.findChild(UrlEventFilter, FILTER_NAME)


def deliver_to(handler: Callable[[str], None], app: QCoreApplication | None = None) -> bool:
    """Send every number a link asks for to ``handler`` from now on, starting with one already waiting.

    Returns False when no filter is installed (not macOS, or :func:`install` was not called).
    """
    url_filter = installed(app)
    if url_filter is None:
        return False
    url_filter.phone_requested.connect(handler)
    url_filter.listening = True
    phone = url_filter.take_pending()
    if phone is not None:
        handler(phone)
    return True

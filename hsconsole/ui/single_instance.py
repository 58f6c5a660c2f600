"""One console per user: a second start hands its phone number to the first.

The running console listens on a QLocalServer from the moment its window's
frame is built, before the rest of it loads and while the setup wizard is
open. ``hsconsole --phone N`` (or a ``hsconsole:`` URL from a dialer) first
tries to connect; if a console answers, the number is sent to it and the new
process exits. A console still starting keeps the number and looks it up as
soon as it is ready (:meth:`MainWindow.search`).
"""

from __future__ import annotations

import getpass
import logging
import os
import zlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from hsconsole.ui import url_events

if TYPE_CHECKING:
    from hsconsole.ui.main_window import MainWindow

log = logging.getLogger("hsconsole.ui")

CONNECT_MS = 500
ACTIVATE = "activate"


def server_name() -> str:
    """Per-user channel name (``HSCONSOLE_INSTANCE`` overrides it, e.g. for tests)."""
    override = os.environ.get("HSCONSOLE_INSTANCE")
    if override:
        return override
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "user"
    return f"hsconsole-{zlib.crc32(user.encode()):08x}"  # zlib, not hashlib: OpenSSL loads later


def _connect(name: str) -> QLocalSocket | None:
    """A connection to the console listening on ``name``; None when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    return socket if socket.waitForConnected(CONNECT_MS) else None


def hand_over(message: str, name: str | None = None) -> bool:
    """Send ``message`` to a running console; True when one took it."""
    socket = _connect(name or server_name())
    if socket is None:
        return False
    socket.write((message + "\n").encode())
    socket.flush()
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return True


def claim(message: str, name: str | None = None) -> InstanceServer | None:
    """This start's channel, listening; None when a running console took ``message`` (then exit).

    Of two starts at the same moment (a dialer's link clicked twice), the one that loses the race to
    listen hands over to the winner.
    """
    server = InstanceServer(name)
    if server.listen() or not hand_over(message, name):
        return server  # listening, or (said in the log) running without the channel
    server.close()
    return None


def route_to(window: MainWindow, instance: InstanceServer) -> None:
    """From now on, what other starts hand over to ``instance`` (and a macOS link) goes to ``window``."""

    def received(message: str) -> None:
        bring_forward(window, message)

    instance.received.connect(received)
    url_events.deliver_to(received)


def bring_forward(window: MainWindow, message: str) -> None:
    """What another start asked of ``window``: come to the front, and look its number up."""
    if window.gone:
        log.info("another start asked for the console, but its window was closed while starting")
        return
    if window.isMinimized():  # un-minimise, keeping maximised or full screen as it was
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    dialog = QApplication.activeModalWidget()  # the setup wizard, a question: it stays in front
    if dialog is not None and dialog is not window:
        dialog.raise_()
        dialog.activateWindow()
    if message != ACTIVATE:
        window.search(message)


class InstanceServer(QObject):
    """Signals:
    received(str): a message (a phone number or "activate") from another start.
    """

    received = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)

    def listen(self) -> bool:
        """False when another console listens already, or the channel cannot be made (logged)."""
        probe = _connect(self.name)  # first: on Unix, listening would replace a live console's socket file
        if probe is not None:
            probe.disconnectFromServer()
            log.debug("a console answers on the single-instance channel already")
            return False
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # a stale socket left by a crash
        ok = self.server.listen(self.name)
        if not ok:
            log.warning("single-instance channel unavailable: %s", self.server.errorString())
        return ok

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        lines = []
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).decode(errors="replace").strip()
            if line:
                lines.append(line[:200])
        for line in lines:  # from the event loop, not inside the socket's readyRead: a handler may open a dialog
            log.info("another start of the console handed over %s", "activate" if line == ACTIVATE else "a number")
            QTimer.singleShot(0, self, lambda line=line: self.received.emit(line))

    def close(self) -> None:
        self.server.close()

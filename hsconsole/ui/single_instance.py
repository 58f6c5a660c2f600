"""One console per user: a second start hands its phone number to the first.

The running console listens on a QLocalServer from the moment its window's
frame is built, before the rest of it loads and while the setup wizard is
open. ``hsconsole --phone N`` (or a ``hsconsole:`` URL from a dialer) first
tries to connect; if a console answers, the number is sent to it and the new
process exits. A console still starting keeps the number and looks it up as
soon as it is ready (:meth:`MainWindow.search`).

A phone number is personal data, so the channel is the user's alone:

* On Linux and macOS it is a Unix socket in a folder only the user can create files in
  (:func:`hsconsole.services.folders.runtime_dir`: ``$XDG_RUNTIME_DIR``, else a 0700
  ``hsconsole-<uid>`` folder in the temporary folder, checked to be the user's), never a shared
  name in ``/tmp``. A start hands a number only to a socket the user owns, and never removes
  another user's: it runs on its own instead, without the channel.
* On Windows it is a named pipe in the session's namespace, made by Qt with
  ``UserAccessOption`` (an access list for the user alone). Windows does not let a client check
  who made a pipe before connecting, so the name carries the user's name (hashed): another user
  could only listen on it by making the pipe before this user's first console does.
"""

from __future__ import annotations

import getpass
import logging
import os
import stat
import sys
import zlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from hsconsole.services.folders import SOCKET_PATH_MAX, runtime_dir
from hsconsole.ui import url_events

if TYPE_CHECKING:
    from hsconsole.ui.main_window import MainWindow

log = logging.getLogger("hsconsole.ui")

CONNECT_MS = 500
ACTIVATE = "activate"


SOCKET_NAME = "hsconsole-instance"


def server_name() -> str | None:
    """This user's channel: a socket's path (POSIX) or a pipe's name (Windows); None when there is no safe place.

    ``HSCONSOLE_INSTANCE`` names another channel (e.g. for tests), in the same private folder.
    """
    override = os.path.basename(os.environ.get("HSCONSOLE_INSTANCE", ""))
    if sys.platform == "win32":
        if override:
            return override
        try:
            user = getpass.getuser()
        except (OSError, KeyError):
            user = "user"
        return f"hsconsole-{zlib.crc32(user.encode()):08x}"  # zlib, not hashlib: OpenSSL loads later
    folder = runtime_dir()
    if folder is None:
        log.warning("single-instance channel off: no folder only this user can use for its socket")
        return None
    path = os.path.join(folder, override or SOCKET_NAME)
    if len(os.fsencode(path)) > SOCKET_PATH_MAX:
        log.warning("single-instance channel off: its socket's path is too long (%s)", path)
        return None
    return path


def _foreign(name: str) -> bool:
    """True when ``name`` is a socket file (POSIX) that is not this user's, or not a socket: never to be used."""
    if sys.platform == "win32":
        return False
    try:
        info = os.lstat(name)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    if info.st_uid != os.getuid() or not stat.S_ISSOCK(info.st_mode):
        log.warning("single-instance channel refused: %s is not this user's socket", name)
        return True
    return False


def _connect(name: str | None) -> QLocalSocket | None:
    """A connection to this user's console listening on ``name``; None when none answers (or it is not theirs)."""
    if name is None or _foreign(name):
        return None
    socket = QLocalSocket()
    socket.connectToServer(name)
    return socket if socket.waitForConnected(CONNECT_MS) else None


def hand_over(message: str, name: str | None = None) -> bool:
    """Send ``message`` to this user's running console; True when one took it."""
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
    if server.listen() or server.unsafe or not hand_over(message, server.name):
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
        self.name: str | None = name or server_name()
        self.unsafe = False
        """Set by :meth:`listen`: there is no channel only this user can use (nothing is handed over)."""
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)

    def listen(self) -> bool:
        """False when another console listens already, or the channel cannot be made (logged)."""
        if self.name is None or _foreign(self.name):  # said in the log; another user's socket is never removed
            self.unsafe = True
            return False
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

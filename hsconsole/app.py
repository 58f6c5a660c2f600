"""The composition root: command line, QApplication, the qasync loop, wiring.

    hsconsole                       the console (HSCONSOLE_TOKEN / HSCONSOLE_API_URL)
    hsconsole --demo                on the embedded demo simulator
    hsconsole --phone 8015551234    open with that number looked up (screen-pop)
    hsconsole hsconsole:+1801...    the same, from a dialer's link

A second start with a number hands it to the running console and exits.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from hsconsole import __version__
from hsconsole.domain.links import phone_from_link
from hsconsole.ui.qt_options import qt_option, split_qt_options

if TYPE_CHECKING:
    from hsconsole.ui.main_window import MainWindow
    from hsconsole.ui.single_instance import InstanceServer

log = logging.getLogger("hsconsole.init")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The console's options; Qt's own (``-platform offscreen``, ``-style fusion``, ``-reverse``, …) are set
    aside for the QApplication in ``qt_args``."""
    parser = argparse.ArgumentParser(
        prog="hsconsole",
        description="HeavySet Console for appointment setters",
        epilog="Qt's own options (-platform NAME, -style NAME, -reverse, ...) are passed on to Qt.",
    )
    parser.add_argument("--demo", action="store_true", help="run on the embedded demo simulator")
    parser.add_argument("--phone", help="look this number up as soon as the window opens")
    parser.add_argument("--profile", help="open this profile instead of the last one used")
    parser.add_argument("--import-profile", metavar="FILE", help="add a profile from an IT-provided file")
    parser.add_argument("--version", action="version", version=f"hsconsole {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (simulator, lookup/save/book, keychain, time zones, Qt), print one line, exit",
    )
    parser.add_argument("link", nargs="?", help="an hsconsole: link, e.g. hsconsole:+18015551234")
    try:
        ours, qt_args = split_qt_options(argv)
    except ValueError as exc:
        parser.error(str(exc))
    args = parser.parse_args(ours)
    args.qt_args = qt_args
    if args.link and not args.phone:
        args.phone = phone_from_link(args.link)
        if args.phone is None:
            parser.error(f"not an hsconsole: link with a phone number: {args.link}")
    return args


def configure_logging() -> None:
    level = logging.DEBUG if os.environ.get("HSCONSOLE_DEBUG") else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("qasync").setLevel(logging.WARNING)


def _qt_messages_to_logging() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("hsconsole.qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, _context: Any, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def _install_crash_hook() -> None:
    """Log unexpected exceptions and tell the setter in words, with a copyable report."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.critical("unexpected error", exc_info=(kind, value, tb))
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            return
        import traceback

        box = QMessageBox(QMessageBox.Icon.Critical, "HeavySet Console", "Something went wrong inside the console.")
        box.setInformativeText("Your work on screen is kept. If it happens again, send the details below to IT.")
        from hsconsole.store.logfiles import redact

        box.setDetailedText(redact("".join(traceback.format_exception(kind, value, tb))))
        box.exec()

    sys.excepthook = hook


def _set_icon(app: Any) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from hsconsole.resources import WINDOW_ICON_LARGEST, icon_paths

    icon = QIcon()
    for size, path in icon_paths(WINDOW_ICON_LARGEST):
        icon.addFile(str(path), QSize(size, size))  # with its size: no file is read until one is drawn
    if not icon.isNull():
        app.setWindowIcon(icon)


def main(argv: Sequence[str] | None = None) -> int:
    from hsconsole.store.folders import private_umask, tighten_folders

    private_umask()  # first: every file and folder the console (or sqlite, or Qt) makes is the user's alone
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        from hsconsole.selftest import run_self_test

        return run_self_test(qt_args=args.qt_args)
    configure_logging()
    tighten_folders()
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
        or qt_option(args.qt_args, "platform")
    ):
        log.warning("no display found: the window is drawn offscreen (set DISPLAY to see it)")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from PySide6.QtWidgets import QApplication

    from hsconsole.ui.imports import skip_source_scan

    skip_source_scan()  # first: PySide6 would read the source of every module imported from here on
    from hsconsole.ui import single_instance, url_events

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "hsconsole", *args.qt_args])
    assert isinstance(app, QApplication)
    app.setApplicationName("HeavySet Console")
    app.setOrganizationName("HeavySet Tech")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("hsconsole")
    url_events.install(app)  # macOS delivers hsconsole: links as events, not arguments
    _set_icon(app)
    # the wizard closes before the console opens: the console decides when to quit, not the last window
    app.setQuitOnLastWindowClosed(False)
    instance = single_instance.claim(args.phone or single_instance.ACTIVATE)
    if instance is None:
        print("Handed over to the running HeavySet Console.")
        return 0
    try:
        _qt_messages_to_logging()
        _install_crash_hook()
        return run_console(app, args, instance)
    finally:
        instance.close()


def _install_file_logging() -> None:
    from hsconsole.store.logfiles import install_file_logging

    try:
        install_file_logging(level=logging.DEBUG if os.environ.get("HSCONSOLE_DEBUG") else logging.INFO)
    except OSError as exc:
        log.warning("no log file (%s); logging to the terminal only", type(exc).__name__)


PRELOAD = ("hsconsole.ui.aio", "hsconsole.store.logfiles", "hsconsole.controller")
"""What the console needs beyond its window's frame (the event loop, the service layer, pydantic, httpx:
≈ 200 ms of imports), imported by a thread while the frame is on screen and takes typing."""


FIRST_PAINT_WAIT_MS = 150
"""The loading thread starts at the frame's first paint, or after this long without one."""


def open_frame(instance: InstanceServer) -> MainWindow:
    """The window's frame, in the setter's language, taking what ``instance`` (this start's single-instance
    channel) receives.

    A number another start hands over (or a macOS link brings) while the console is still loading or
    its setup wizard is open is kept by the frame and looked up once the console is ready."""
    from hsconsole.store.layout import read_layout
    from hsconsole.ui.language import install_translations

    layout = read_layout()
    install_translations(layout.language)  # before any window: a widget's words are translated when it is made
    from hsconsole.ui.main_window import MainWindow
    from hsconsole.ui.single_instance import route_to

    frame = MainWindow(layout=layout)  # the setter's zone is found when the console is attached
    route_to(frame, instance)
    return frame


def run_console(app: Any, args: argparse.Namespace, instance: InstanceServer) -> int:
    """The console in ``app``; ``instance``: this start's channel, closed by the caller."""
    frame = open_frame(instance)
    frame.show()
    try:
        loaded = preload(frame)
    except BaseException:
        _install_file_logging()  # so that the crash hook's report reaches the log file too
        raise
    if not loaded:
        return 0  # closed while starting
    _install_file_logging()  # the log file from here on; the frame's first moments log to the terminal only

    import asyncio

    from hsconsole.controller import Controller
    from hsconsole.ui.aio import install_loop

    loop = install_loop(app)
    controller = Controller(args, frame=frame, instance=instance)
    run = asyncio.ensure_future(controller.run())
    # closed before the console is in it (say, behind the setup wizard): nothing to save, stop
    frame.closed.connect(lambda: None if frame.ready else run.cancel())
    try:
        with loop:  # type: ignore[attr-defined]
            return int(loop.run_until_complete(run))
    except asyncio.CancelledError:
        return 0
    finally:
        controller.demo.stop()


def preload(frame: Any) -> bool:
    """Import :data:`PRELOAD` in a thread while Qt's event loop runs; False when the frame was closed.

    The thread starts once the frame has been exposed and painted (or after :data:`FIRST_PAINT_WAIT_MS`):
    it takes turns with the window for the interpreter, and the first paint should not wait for it.
    """
    import importlib
    import threading

    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, Signal

    failure: list[BaseException] = []

    class Loader(QObject):
        loaded = Signal()  # emitted by the thread, delivered on this one

        def __init__(self) -> None:
            super().__init__()
            self.worker = threading.Thread(target=self.work, name="hsconsole-preload", daemon=True)

        def work(self) -> None:
            try:
                for name in PRELOAD:
                    importlib.import_module(name)
            except BaseException as exc:  # re-raised below, on the main thread
                failure.append(exc)
            finally:
                self.loaded.emit()

        def start(self) -> None:
            if self.worker.ident is None:
                self.worker.start()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Expose:
                QTimer.singleShot(0, self.start)  # after the paint this expose asks for
            return False

    loader = Loader()
    waiting = QEventLoop()
    loader.loaded.connect(waiting.quit)
    frame.closed.connect(waiting.quit)
    handle = frame.windowHandle()
    if handle is not None and not handle.isExposed():
        handle.installEventFilter(loader)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, loader.start)
    else:
        QTimer.singleShot(0, loader.start)
    waiting.exec()
    if handle is not None:
        handle.removeEventFilter(loader)
    loader.start()  # closed before it started: the imports still end before the interpreter does
    loader.worker.join()
    frame.closed.disconnect(waiting.quit)
    if failure:
        raise failure[0]
    return bool(frame.isVisible())


if __name__ == "__main__":
    raise SystemExit(main())

"""The composition root: command line, QApplication, the qasync loop, wiring.

    hsconsole                       the console (HSCONSOLE_TOKEN / HSCONSOLE_API_URL)
    hsconsole --demo                on the embedded demo simulator
    hsconsole --phone 8015551234    open with that number looked up (screen-pop)
    hsconsole hsconsole:+1801...    the same, from a dialer's link

A second start with a number hands it to the running console and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from hsconsole import __version__
from hsconsole.api.endpoints import DEFAULT_ORIGIN, Endpoints
from hsconsole.api.s2s import S2SClient
from hsconsole.api.transport import Transport
from hsconsole.api.zapier import ZapierClient
from hsconsole.domain.links import phone_from_link
from hsconsole.domain.slots import is_known_zone
from hsconsole.services.console import Console
from hsconsole.store.settings import SettingsStore

log = logging.getLogger("hsconsole.init")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hsconsole", description="HeavySet Console for appointment setters")
    parser.add_argument("--demo", action="store_true", help="run on the embedded demo simulator")
    parser.add_argument("--phone", help="look this number up as soon as the window opens")
    parser.add_argument("--version", action="version", version=f"hsconsole {__version__}")
    parser.add_argument("link", nargs="?", help="an hsconsole: link, e.g. hsconsole:+18015551234")
    args = parser.parse_args(list(argv))
    if args.link and not args.phone:
        args.phone = phone_from_link(args.link)
        if args.phone is None:
            parser.error(f"not an hsconsole: link with a phone number: {args.link}")
    return args


@dataclass
class Connection:
    endpoints: Endpoints
    s2s_token: str
    zapier_token: str
    mode_text: str
    endpoint_text: str


def setter_zone() -> str:
    """The setter's IANA zone: ``HSCONSOLE_SETTER_TZ``, else the system's, else UTC."""
    override = os.environ.get("HSCONSOLE_SETTER_TZ", "")
    if override and is_known_zone(override):
        return override
    from PySide6.QtCore import QTimeZone

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return name if is_known_zone(name) else "UTC"


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
        box.setDetailedText("".join(traceback.format_exception(kind, value, tb)))
        box.exec()

    sys.excepthook = hook


def _no_token_dialog() -> bool:
    """No token configured: offer the demo. True when the setter chose it."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, "HeavySet Console", "No HeavySet access token is set up.")
    box.setInformativeText(
        "Ask your admin for an access token (HeavySet admin → Appointment Page → Access Tokens) and start the "
        "console with it in HSCONSOLE_TOKEN, or try the console on demo data."
    )
    demo = box.addButton("Try the demo", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    return box.clickedButton() is demo


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    configure_logging()
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        log.warning("no display found: the window is drawn offscreen (set DISPLAY to see it)")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from PySide6.QtWidgets import QApplication

    from hsconsole.ui import single_instance

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("HeavySet Console")
    app.setOrganizationName("HeavySet Tech")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("hsconsole")
    if single_instance.hand_over(args.phone or single_instance.ACTIVATE):
        print("Handed over to the running HeavySet Console.")
        return 0
    _qt_messages_to_logging()
    _install_crash_hook()
    return run_console(app, args)


def run_console(app: Any, args: argparse.Namespace) -> int:
    from hsconsole.ui.aio import install_loop

    token = os.environ.get("HSCONSOLE_TOKEN", "").strip()
    demo = args.demo or (not token and _no_token_dialog())
    if not demo and not token:
        return 1
    loop = install_loop(app)
    sim = None
    if demo:
        from hsconsole.sim.server import SimServer

        sim = SimServer()
        sim.start()
        token = sim.state.token
        connection = Connection(Endpoints(sim.url), token, token, "DEMO", sim.url)
        log.info("demo simulator at %s", sim.url)
    else:
        origin = os.environ.get("HSCONSOLE_API_URL", DEFAULT_ORIGIN).strip() or DEFAULT_ORIGIN
        zapier_token = os.environ.get("HSCONSOLE_ZAPIER_TOKEN", "").strip() or token
        connection = Connection(Endpoints(origin), token, zapier_token, "Live", origin)
    try:
        with loop:  # type: ignore[attr-defined]
            return loop.run_until_complete(_run(app, connection, args.phone))
    finally:
        if sim is not None:
            sim.stop()


async def _run(app: Any, connection: Connection, phone: str | None) -> int:
    from hsconsole.ui.main_window import MainWindow
    from hsconsole.ui.single_instance import ACTIVATE, InstanceServer

    store = SettingsStore()
    settings = store.load()
    transport = Transport()
    console = Console(
        S2SClient(transport, connection.s2s_token, connection.endpoints, region=settings.region),
        ZapierClient(transport, connection.zapier_token, connection.endpoints),
        region=settings.region,
    )
    window = MainWindow(
        console,
        setter_zone=setter_zone(),
        settings=settings,
        settings_store=store,
        mode_text=connection.mode_text,
        endpoint_text=connection.endpoint_text,
    )
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    instance = InstanceServer()
    instance.listen()

    def received(message: str) -> None:
        window.showNormal()
        window.raise_()
        window.activateWindow()
        if message != ACTIVATE:
            window.search(message)

    instance.received.connect(received)
    window.show()
    if phone:
        window.search(phone)
    try:
        await closed.wait()
    finally:
        instance.close()
        await window.tasks.cancel_all()
        await transport.aclose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

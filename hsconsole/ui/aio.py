"""The one place that knows qasync (asyncio running on Qt's event loop).

qasync picks its Qt binding from ``QT_API`` or from what was imported
first: PySide6 is imported before it here, and ``QT_API`` set.
"""

from __future__ import annotations

import asyncio
import os

os.environ.setdefault("QT_API", "pyside6")

import qasync
from PySide6.QtWidgets import QApplication


def install_loop(app: QApplication, *, already_running: bool = False) -> asyncio.AbstractEventLoop:
    """Make a qasync loop on ``app`` the current asyncio loop and return it."""
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app, already_running=already_running)
    asyncio.set_event_loop(loop)
    return loop

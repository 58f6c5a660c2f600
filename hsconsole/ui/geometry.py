"""Where the console's window opens: where it was left when that still fits a screen, else a size fitted to
the screen, centred.

A window saved on one screen can come back on another (a laptop docked or not, a projector gone, another
resolution), and Qt's own ``restoreGeometry`` then squeezes it into whatever it lands on. Here the choice is
made first, by :func:`place_window`, a pure function of the saved geometry and the screens' free areas
(the desktop less task bars and docks); :func:`restore_window` reads what ``QWidget.saveGeometry`` wrote and
applies the choice.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MIN_USEFUL = (1260, 640)
"""The smallest window (without its frame) that shows the lead's name, their contact fields, the calendar's
three columns and Book without scrolling, with the splitter as it starts; measured on a 1366×768 screen with
the default fonts of a Linux desktop (Windows' and macOS's are narrower). On a smaller screen: what it has."""
DEFAULT_SHARE = 0.85
"""The window's share of the screen's free area, each way, when it opens at the default size."""
DECORATION = (16, 40)
"""Room left for the frame and title bar the window manager adds around the window."""
EDGE_SLACK = 16
"""How far a saved frame may reach past a screen's edge and still count as on it: Windows draws invisible
resize borders, about 8 pixels, outside a window snapped to an edge."""

_MAGIC = 0x1D9D0CB


@dataclass(frozen=True)
class Rect:
    """A rectangle in device-independent pixels; ``x``, ``y``: its top-left corner."""

    x: int
    y: int
    width: int
    height: int

    def holds(self, other: Rect, slack: int = 0) -> bool:
        """Whether ``other`` lies wholly inside this one (reaching past its edges by ``slack`` at most)."""
        return (
            other.x >= self.x - slack
            and other.y >= self.y - slack
            and other.x + other.width <= self.x + self.width + slack
            and other.y + other.height <= self.y + self.height + slack
        )


@dataclass(frozen=True)
class SavedGeometry:
    """What ``QWidget.saveGeometry()`` keeps of a window."""

    frame: Rect
    """The window with its frame, where it was."""
    normal: Rect
    """The window without its frame when neither maximized nor full screen (where it goes back to)."""
    screen: int
    """The number of the screen it was on, among the screens of the time."""
    maximized: bool
    full_screen: bool


@dataclass(frozen=True)
class Placement:
    """Where the window opens."""

    restore: bool
    """Put back the saved geometry as it is (it fits a screen and is big enough)."""
    rect: Rect
    """The window without its frame: ``x``, ``y`` where the frame's top-left corner goes."""
    maximized: bool


def read_saved_geometry(data: bytes) -> SavedGeometry | None:
    """What ``QWidget.saveGeometry()`` wrote (its formats 1 to 3), or None when ``data`` is not that."""

    def rect(left: int, top: int, right: int, bottom: int) -> Rect:
        return Rect(left, top, right - left + 1, bottom - top + 1)

    try:
        magic, major, _minor = struct.unpack_from(">IHH", data, 0)
        if magic != _MAGIC or not 1 <= major <= 3:
            return None
        frame = rect(*struct.unpack_from(">4i", data, 8))
        normal = rect(*struct.unpack_from(">4i", data, 24))
        screen, maximized, full_screen = struct.unpack_from(">iBB", data, 40)
    except struct.error:
        return None
    if min(frame.width, frame.height, normal.width, normal.height) <= 0:
        return None
    return SavedGeometry(frame, normal, screen, bool(maximized), bool(full_screen))


def useful_minimum(available: Rect) -> tuple[int, int]:
    """:data:`MIN_USEFUL`, or as much of it as a screen with this free area holds."""
    return (
        max(1, min(MIN_USEFUL[0], available.width - DECORATION[0])),
        max(1, min(MIN_USEFUL[1], available.height - DECORATION[1])),
    )


def default_rect(available: Rect) -> Rect:
    """:data:`DEFAULT_SHARE` of the free area (never less than :func:`useful_minimum`), its frame centred."""
    low_width, low_height = useful_minimum(available)
    width = min(max(round(available.width * DEFAULT_SHARE), low_width), max(1, available.width - DECORATION[0]))
    height = min(max(round(available.height * DEFAULT_SHARE), low_height), max(1, available.height - DECORATION[1]))
    x = available.x + max(0, available.width - width - DECORATION[0]) // 2
    y = available.y + max(0, available.height - height - DECORATION[1]) // 2
    return Rect(x, y, width, height)


def place_window(saved: SavedGeometry | None, screens: Sequence[Rect], current: Rect) -> Placement:
    """Where the window opens, given what was saved (None: nothing), the free area of each screen there is
    now, and that of the screen the window is on (``current``).

    The saved geometry is put back when the window (its frame; the place it goes back to, when it was
    maximized) lies wholly on one of the screens and is no smaller than :func:`useful_minimum` of that
    screen. Otherwise the window opens at :func:`default_rect` of ``current``, maximized if it was.
    """
    if saved is not None:
        spread = saved.maximized or saved.full_screen
        region = saved.normal if spread else saved.frame
        for screen in screens:
            low_width, low_height = useful_minimum(screen)
            big_enough = saved.normal.width >= low_width and saved.normal.height >= low_height
            if big_enough and screen.holds(region, EDGE_SLACK):
                return Placement(True, saved.normal, saved.maximized)
    return Placement(False, default_rect(current), saved is not None and saved.maximized)


def _rect(rect: QRect) -> Rect:
    return Rect(rect.x(), rect.y(), rect.width(), rect.height())


def restore_window(window: QWidget, saved: str) -> Placement:
    """Open ``window`` where :func:`place_window` says, from ``saved`` (``saveGeometry()`` in base64; "" for
    none)."""
    data = QByteArray.fromBase64(saved.encode("ascii", "replace"))
    screen = window.screen() or QGuiApplication.primaryScreen()
    current = _rect(screen.availableGeometry())
    screens = [_rect(each.availableGeometry()) for each in QGuiApplication.screens()]
    placement = place_window(read_saved_geometry(bytes(data.data())), screens, current)
    if placement.restore and window.restoreGeometry(data):
        return placement
    if placement.restore:  # Qt refused what was read here as fitting: the default
        placement = place_window(None, screens, current)
    window.resize(placement.rect.width, placement.rect.height)
    window.move(placement.rect.x, placement.rect.y)
    if placement.maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return placement

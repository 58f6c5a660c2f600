"""Where the window opens: the saved geometry only when it fits a screen now, else a size fitted to the screen.

:func:`place_window` is given fake screens (their free areas: the desktop less the task bar); the window's
frame is then checked on the test platform's one 800×800 screen."""

from __future__ import annotations

import base64
import struct

import pytest
from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hsconsole.store.layout import WindowLayout
from hsconsole.ui.geometry import (
    DECORATION,
    EDGE_SLACK,
    MIN_USEFUL,
    Placement,
    Rect,
    SavedGeometry,
    default_rect,
    place_window,
    read_saved_geometry,
    useful_minimum,
)
from hsconsole.ui.main_window import MainWindow

LAPTOP = Rect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel task bar
DESKTOP = Rect(0, 0, 1920, 1040)  # 1920×1080 less its task bar
RIGHT_OF_DESKTOP = Rect(1920, 0, 1920, 1040)
LEFT_OF_DESKTOP = Rect(-1366, 200, 1366, 728)


def saved(x: int, y: int, width: int, height: int, *, frame: Rect | None = None) -> SavedGeometry:
    """A window left at this place and size (its frame: as big, unless given), neither maximized nor full screen."""
    normal = Rect(x, y, width, height)
    return SavedGeometry(frame or normal, normal, 0, False, False)


def frame_of(rect: Rect) -> Rect:
    """The default window with the room left for its frame."""
    return Rect(rect.x, rect.y, rect.width + DECORATION[0], rect.height + DECORATION[1])


# ---------------------------------------------------------------- the default size


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        (LAPTOP, Rect(45, 24, 1260, 640)),  # 85 % would be 1161×619: the useful minimum instead
        (DESKTOP, Rect(136, 58, 1632, 884)),  # 85 %, centred
        (Rect(0, 0, 2560, 1400), Rect(184, 85, 2176, 1190)),
        (Rect(0, 25, 1280, 775), Rect(2, 63, 1260, 659)),  # a menu bar on top (macOS): below it
        (Rect(0, 0, 1024, 560), Rect(0, 0, 1008, 520)),  # smaller than useful: all of it
        (LEFT_OF_DESKTOP, Rect(-1366 + 45, 224, 1260, 640)),
    ],
)
def test_the_default_is_most_of_the_screen_never_less_than_useful_and_centred(screen: Rect, expected: Rect) -> None:
    rect = default_rect(screen)
    assert rect == expected
    assert screen.holds(frame_of(rect))  # frame and title bar included, on the screen
    width, height = useful_minimum(screen)
    assert rect.width >= width and rect.height >= height
    left, right = rect.x - screen.x, screen.x + screen.width - (rect.x + rect.width + DECORATION[0])
    assert abs(left - right) <= 1


def test_at_1366_by_768_the_default_is_the_useful_minimum() -> None:
    assert (default_rect(LAPTOP).width, default_rect(LAPTOP).height) == MIN_USEFUL
    assert useful_minimum(LAPTOP) == MIN_USEFUL
    assert useful_minimum(Rect(0, 0, 1024, 560)) == (1024 - DECORATION[0], 560 - DECORATION[1])


# ---------------------------------------------------------------- the choice


def test_nothing_saved_opens_at_the_default_of_the_current_screen() -> None:
    assert place_window(None, [DESKTOP], DESKTOP) == Placement(False, default_rect(DESKTOP), False)


def test_the_window_from_the_report_opens_fitted_not_at_850_by_371() -> None:
    """Saved on a 1366×768 laptop, opened on a 1920×1080 desktop at 850×371: too small to work in."""
    placement = place_window(saved(258, 178, 850, 371), [DESKTOP], DESKTOP)
    assert placement == Placement(False, Rect(136, 58, 1632, 884), False)


@pytest.mark.parametrize(
    ("window", "screens"),
    [
        (saved(45, 24, 1260, 640, frame=Rect(45, 24, 1276, 680)), [LAPTOP]),  # the laptop's default, back on it
        (saved(45, 24, 1260, 640, frame=Rect(45, 24, 1276, 680)), [DESKTOP]),  # ... and on a bigger screen
        (saved(2000, 100, 1500, 800), [DESKTOP, RIGHT_OF_DESKTOP]),  # on the second screen, still there
        (saved(-1300, 250, 1290, 660), [DESKTOP, LEFT_OF_DESKTOP]),  # a screen left of the main one
        (saved(-7, 0, 1920 + 14 - 7, 1040 + 7, frame=Rect(-7, 0, 1934, 1047)), [DESKTOP]),  # snapped: invisible border
    ],
)
def test_a_window_that_fits_a_screen_and_is_big_enough_comes_back_where_it_was(
    window: SavedGeometry, screens: list[Rect]
) -> None:
    assert place_window(window, screens, screens[0]) == Placement(True, window.normal, False)


@pytest.mark.parametrize(
    ("window", "screens", "why"),
    [
        (saved(2000, 100, 1500, 800), [DESKTOP], "its screen is gone"),
        (saved(100, 50, 1700, 950), [LAPTOP], "bigger than the screen there is now"),
        (saved(1000, 300, 1260, 640), [LAPTOP], "off the screen's right edge"),
        (saved(20, -60, 1300, 660), [LAPTOP], "its title bar above the screen"),
        (saved(1800, 100, 1500, 800), [DESKTOP, RIGHT_OF_DESKTOP], "across two screens"),
        (saved(10, 10, 1200, 900), [DESKTOP], "narrower than useful"),
        (saved(10, 10, 1600, 500), [DESKTOP], "lower than useful"),
        (saved(-EDGE_SLACK - 1, 0, 1300, 700), [DESKTOP], "past the edge by more than an invisible border"),
    ],
)
def test_a_window_that_does_not_fit_or_is_too_small_opens_at_the_default(
    window: SavedGeometry, screens: list[Rect], why: str
) -> None:
    assert place_window(window, screens, screens[0]) == Placement(False, default_rect(screens[0]), False), why


def test_a_maximized_window_comes_back_maximized() -> None:
    frame = Rect(-8, -8, 1936, 1056)  # a maximized frame reaches past the screen's edges
    fits = SavedGeometry(frame, Rect(100, 80, 1400, 800), 0, True, False)
    assert place_window(fits, [DESKTOP], DESKTOP) == Placement(True, Rect(100, 80, 1400, 800), True)
    # never un-maximized: the size it would go back to is too small, so that is the default; still maximized
    small = SavedGeometry(frame, Rect(0, 0, 640, 480), 0, True, False)
    assert place_window(small, [DESKTOP], DESKTOP) == Placement(False, default_rect(DESKTOP), True)
    # full screen is not kept when it does not fit
    full = SavedGeometry(frame, Rect(0, 0, 640, 480), 0, False, True)
    assert place_window(full, [DESKTOP], DESKTOP) == Placement(False, default_rect(DESKTOP), False)


def test_a_small_screen_asks_only_for_what_it_has() -> None:
    netbook = Rect(0, 0, 1024, 560)
    assert place_window(saved(0, 0, 1010, 530), [netbook], netbook).restore
    assert not place_window(saved(0, 0, 900, 530), [netbook], netbook).restore


# ---------------------------------------------------------------- reading what Qt saved


def test_what_qt_saves_is_read(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.setGeometry(QRect(12, 34, 790, 700))
    assert read_saved_geometry(bytes(window.saveGeometry().data())) == SavedGeometry(
        Rect(12, 34, 790, 700), Rect(12, 34, 790, 700), 0, False, False
    )


def qt_geometry(version: int, frame: Rect, normal: Rect, *, maximized: bool = False) -> bytes:
    """Bytes as ``saveGeometry()`` writes them in each of its formats (rectangles as left, top, right, bottom)."""

    def edges(rect: Rect) -> bytes:
        return struct.pack(">4i", rect.x, rect.y, rect.x + rect.width - 1, rect.y + rect.height - 1)

    data = struct.pack(">IHH", 0x1D9D0CB, version, 0) + edges(frame) + edges(normal)
    data += struct.pack(">iBB", 0, maximized, False)
    if version >= 2:
        data += struct.pack(">i", 1920)
    if version >= 3:
        data += edges(normal)
    return data


@pytest.mark.parametrize("version", [1, 2, 3])
def test_every_format_qt_has_written_is_read(version: int) -> None:
    frame, normal = Rect(-8, -8, 1936, 1056), Rect(100, 80, 1400, 800)
    assert read_saved_geometry(qt_geometry(version, frame, normal, maximized=True)) == SavedGeometry(
        frame, normal, 0, True, False
    )


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a geometry at all, but long enough to be read as one 0123456789",
        qt_geometry(3, Rect(0, 0, 800, 600), Rect(0, 0, 800, 600))[:30],  # cut short
        qt_geometry(4, Rect(0, 0, 800, 600), Rect(0, 0, 800, 600)),  # a format not known yet
        qt_geometry(3, Rect(0, 0, 800, 600), Rect(0, 0, 0, 600)),  # an empty window
    ],
)
def test_anything_else_reads_as_nothing_saved(data: bytes) -> None:
    assert read_saved_geometry(data) is None


# ---------------------------------------------------------------- the window


def opened(qtbot: QtBot, geometry: bytes) -> MainWindow:
    window = MainWindow(layout=WindowLayout(geometry=base64.b64encode(geometry).decode()))
    qtbot.addWidget(window)
    return window


def screen_area(window: MainWindow) -> Rect:
    area = window.screen().availableGeometry()
    return Rect(area.x(), area.y(), area.width(), area.height())


def test_the_window_opens_where_it_was_left_when_that_fits(qtbot: QtBot) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    width, height = useful_minimum(screen_area(first))
    first.setGeometry(QRect(4, 40, width + 2, height + 30))
    window = opened(qtbot, bytes(first.saveGeometry().data()))
    assert (window.width(), window.height()) == (width + 2, height + 30)
    assert (window.geometry().x(), window.geometry().y()) == (4, 40)


def test_a_window_left_too_small_opens_at_the_default(qtbot: QtBot) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.setGeometry(QRect(10, 10, 400, 300))
    window = opened(qtbot, bytes(first.saveGeometry().data()))
    expected = default_rect(screen_area(window))
    assert (window.width(), window.height()) == (expected.width, expected.height)
    assert (window.x(), window.y()) == (expected.x, expected.y)


def test_a_window_qt_will_not_restore_opens_at_the_default_not_at_its_natural_size(qtbot: QtBot) -> None:
    """Qt's restoreGeometry refuses a geometry saved on a screen of another width (1366 here, 800 now), and
    the window used to stay at whatever size its contents asked for (850×371 in the report)."""
    first = MainWindow()
    qtbot.addWidget(first)
    width, height = useful_minimum(screen_area(first))
    first.setGeometry(QRect(0, 0, width, height))
    data = bytes(first.saveGeometry().data())
    other_screen = data[:44] + struct.pack(">i", 1366) + data[48:]
    probe = QWidget()
    qtbot.addWidget(probe)
    assert not probe.restoreGeometry(QByteArray(other_screen))  # Qt's refusal, as the report met it
    window = opened(qtbot, other_screen)
    expected = default_rect(screen_area(window))
    assert (window.width(), window.height()) == (expected.width, expected.height)


def test_a_maximized_window_opens_maximized(qtbot: QtBot) -> None:
    frame = Rect(0, 0, 800, 800)
    window = opened(qtbot, qt_geometry(3, frame, Rect(0, 0, 300, 200), maximized=True))
    assert window.windowState() & Qt.WindowState.WindowMaximized
    assert window.width() >= useful_minimum(screen_area(window))[0]

"""Files that ship beside the code: icons (``resources/`` in the checkout or the bundle)."""

from __future__ import annotations

import sys
from pathlib import Path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def bundle_root() -> Path:
    """Where bundled data lives: PyInstaller's folder when frozen, else the source checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    return Path(frozen_root) if frozen_root else Path(__file__).resolve().parent.parent


WINDOW_ICON_LARGEST = 512 if sys.platform == "darwin" else 128
"""The largest size the window icon carries. An X11 window sends every size it has to the window manager
when it is shown, decoded (512 px alone is 1 MB and ≈ 6 ms of the first paint), and taskbars, title bars
and task switchers use 128 px at most; the desktop file names the full icon set. macOS shows the
application icon in the Dock, at up to 512 px."""


def icon_paths(largest: int = max(ICON_SIZES)) -> list[tuple[int, Path]]:
    """The application icon's PNG files that exist, up to ``largest`` px: (size, path), smallest first."""
    folder = bundle_root() / "resources" / "icons"
    found = ((size, folder / f"hsconsole-{size}.png") for size in ICON_SIZES if size <= largest)
    return [(size, path) for size, path in found if path.is_file()]

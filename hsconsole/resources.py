"""Files that ship beside the code: icons (``resources/`` in the checkout or the bundle)."""

from __future__ import annotations

import sys
from pathlib import Path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def bundle_root() -> Path:
    """Where bundled data lives: PyInstaller's folder when frozen, else the source checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    return Path(frozen_root) if frozen_root else Path(__file__).resolve().parent.parent


def icon_paths() -> list[Path]:
    """The application icon's PNG files that exist, smallest first."""
    folder = bundle_root() / "resources" / "icons"
    return [p for p in (folder / f"hsconsole-{size}.png" for size in ICON_SIZES) if p.is_file()]

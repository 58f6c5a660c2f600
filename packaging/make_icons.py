"""The application icon in every size and format, from resources/icons/hsconsole.svg.

    python packaging/make_icons.py                 # re-render the committed PNGs (Qt's SVG renderer)
    python packaging/make_icons.py --ico OUT.ico   # Windows icon, at build time (needs Pillow)
    python packaging/make_icons.py --icns OUT.icns # macOS icon, at build time (iconutil, else Pillow)

The PNGs are committed (Linux's .desktop icon and the window icon use them);
the ICO and ICNS are built from them by the Windows and macOS build scripts,
so no binary that cannot be regenerated and checked lives in the repository.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "hsconsole.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""What Windows shows: the shell picks 16-48 for lists, 256 for large icons (stored as PNG inside the ICO)."""
ICONSET = (
    ("icon_16x16.png", 16),
    ("icon_16x16@2x.png", 32),
    ("icon_32x32.png", 32),
    ("icon_32x32@2x.png", 64),
    ("icon_128x128.png", 128),
    ("icon_128x128@2x.png", 256),
    ("icon_256x256.png", 256),
    ("icon_256x256@2x.png", 512),
    ("icon_512x512.png", 512),
    ("icon_512x512@2x.png", 1024),
)
"""The file names ``iconutil`` expects in an ``.iconset`` folder (Apple's "Creating an icon set")."""


def png_path(size: int) -> Path:
    return ICONS / f"hsconsole-{size}.png"


def render_pngs() -> list[Path]:
    """Render the SVG at every size with Qt (antialiased, transparent background)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = png_path(size)
        if not image.convertToFormat(QImage.Format.Format_ARGB32).save(str(path), "PNG"):
            raise SystemExit(f"cannot write {path}")
        written.append(path)
    del app
    return written


def _pillow():  # type: ignore[no-untyped-def]
    try:
        from PIL import Image
    except ImportError:
        raise SystemExit("Pillow is needed for this (pip install pillow)") from None
    return Image


def make_ico(out: Path) -> None:
    """A multi-size .ico from the committed PNGs (each size drawn, not scaled down by Pillow)."""
    image_mod = _pillow()
    images = [image_mod.open(png_path(s)).convert("RGBA") for s in ICO_SIZES]
    largest = images[-1]
    largest.save(out, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])


def make_icns(out: Path) -> None:
    """A .icns: Apple's iconutil on macOS, Pillow elsewhere."""
    iconutil = shutil.which("iconutil")
    if iconutil:
        with tempfile.TemporaryDirectory() as tmp:
            iconset = Path(tmp) / "hsconsole.iconset"
            iconset.mkdir()
            for name, size in ICONSET:
                shutil.copyfile(png_path(size), iconset / name)
            subprocess.run([iconutil, "--convert", "icns", "--output", str(out), str(iconset)], check=True)  # noqa: S603
        return
    image_mod = _pillow()
    images = [image_mod.open(png_path(s)).convert("RGBA") for s in (16, 32, 64, 128, 256, 512)]
    image_mod.open(png_path(1024)).convert("RGBA").save(out, format="ICNS", append_images=images)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ico", type=Path, help="write a Windows .ico here (from the committed PNGs)")
    parser.add_argument("--icns", type=Path, help="write a macOS .icns here (from the committed PNGs)")
    args = parser.parse_args(argv)
    if args.ico is None and args.icns is None:
        for path in render_pngs():
            print(path.relative_to(ROOT))  # noqa: T201
        return 0
    missing = [png_path(s) for s in SIZES if not png_path(s).is_file()]
    if missing:
        raise SystemExit(f"missing {missing[0]}: run python packaging/make_icons.py first")
    if args.ico is not None:
        make_ico(args.ico)
        print(args.ico)  # noqa: T201
    if args.icns is not None:
        make_icns(args.icns)
        print(args.icns)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the installers share: names, the bundle id, and the version read from the package.

The version lives in one place, ``hsconsole/__init__.py`` (``__version__``). The PyInstaller spec,
the macOS Info.plist template and the Windows build script all take it from there at build time;
nothing under packaging/ writes a version number down.
"""

from __future__ import annotations

import ast
import plistlib
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "HeavySet Console"
BUNDLE_ID = "tech.heavyset.hsconsole"
SCHEME = "hsconsole"
INFO_PLIST_TEMPLATE = ROOT / "packaging" / "macos" / "Info.plist"


def package_version(root: Path = ROOT) -> str:
    """``__version__`` from hsconsole/__init__.py, read without importing the package."""
    tree = ast.parse((root / "hsconsole" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__version__" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise ValueError("hsconsole/__init__.py has no __version__")


def numeric_version(version: str, count: int) -> tuple[int, ...]:
    """The leading numbers of ``version``, padded to ``count``: Windows wants four, macOS three.

    A suffix such as ``rc1`` or ``+local`` is left out (those fields take numbers only).
    """
    lead = re.match(r"[\d.]*", version)
    digits = [int(p) for p in re.findall(r"\d+", lead.group(0) if lead else "")][:count]
    return tuple(digits + [0] * (count - len(digits)))


def fill_placeholders(value: Any, version: str, bundle_id: str = BUNDLE_ID) -> Any:
    """``value`` (a plist value, nested) with @VERSION@, @SHORT_VERSION@ and @BUNDLE_ID@ filled in."""
    if isinstance(value, str):
        short = ".".join(str(n) for n in numeric_version(version, 3))
        return value.replace("@SHORT_VERSION@", short).replace("@VERSION@", version).replace("@BUNDLE_ID@", bundle_id)
    if isinstance(value, list):
        return [fill_placeholders(v, version, bundle_id) for v in value]
    if isinstance(value, dict):
        return {k: fill_placeholders(v, version, bundle_id) for k, v in value.items()}
    return value


def info_plist(version: str, template: Path = INFO_PLIST_TEMPLATE) -> dict[str, Any]:
    """The macOS Info.plist entries for ``version`` (PyInstaller's BUNDLE adds the executable and icon)."""
    with template.open("rb") as stream:
        data = plistlib.load(stream)
    filled = fill_placeholders(data, version)
    assert isinstance(filled, dict)
    return filled

"""PySide6's per-import source check, made cheap (``hsconsole/ui/imports.py``)."""

from __future__ import annotations

from pathlib import Path

from tests.test_app import python_says

PROBE = """
import linecache, sys
sys.path.insert(0, {folder!r})
import PySide6.QtWidgets
from hsconsole.ui.imports import skip_source_scan
skipped = {skip} and skip_source_scan()
import uses_qt_probe
from PySide6.QtCore import Qt
feature = sys.modules["shibokensupport.feature"]
print(skipped, feature.pyside_feature_dict["uses_qt_probe"], uses_qt_probe.__file__ in linecache.cache,
      uses_qt_probe.ALIGN == Qt.AlignmentFlag.AlignLeft)
"""


def _probe(tmp_path: Path, skip: bool) -> str:
    (tmp_path / "uses_qt_probe.py").write_text(
        "from PySide6.QtCore import Qt\nALIGN = Qt.AlignmentFlag.AlignLeft\n", encoding="utf-8"
    )
    return python_says(PROBE.format(folder=str(tmp_path), skip=skip))


def test_pyside_reads_the_source_of_every_module_imported_after_it(tmp_path: Path) -> None:
    """What the console avoids: the whole source read (and kept in linecache) to find the word PySide6."""
    assert _probe(tmp_path, skip=False) == "False 0 True True"


def test_after_skipping_modules_are_not_read_and_still_work(tmp_path: Path) -> None:
    """As in an installed console, which has no source to read: "ignore this module" (-1), nothing read."""
    assert _probe(tmp_path, skip=True) == "True -1 False True"

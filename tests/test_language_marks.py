"""Every word the window shows goes through the translation system: a text written straight into a widget, the
status bar, the banner or a message box fails here, by reading the code (the window tests check the words on
screen; this finds the ones a test does not happen to reach)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_SHOWN = {"selftest.py"}
"""The bundle's self-test: a window for IT that checks the build, in English."""
WINDOW_MODULES = sorted(
    p for p in [*ROOT.glob("hsconsole/ui/*.py"), *ROOT.glob("hsconsole/*.py")] if p.name not in NOT_SHOWN
)
"""The modules that put words in front of the setter (the layers below return theirs through
``hsconsole.domain.words``)."""

SHOWING = {
    # widgets made with their words
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMenu",
    "TickBox",
    # words set on a widget
    "setText",
    "setToolTip",
    "setWindowTitle",
    "setPlaceholderText",
    "setAccessibleName",
    "setTitle",
    "setSubTitle",
    "setStatusTip",
    "setHeaderLabels",
    "addTab",
    "setTabText",
    "addAction",
    "addMenu",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    # what the window tells
    "status",
    "showMessage",
    "show_banner",
    "show_waiting",
    "show_starting",
    "report",
    "add_storage_note",
    "confirm",
    "ask",
    "inform",
    "ask_text",
    "information",
    "question",
    "critical",
}
"""Calls whose text arguments the setter reads."""
SHOWING_KEYWORDS = {"kept", "title", "text", "doing"}
"""Keyword arguments the setter reads (``kept=``: the status line of a change kept in the outbox)."""
WORD = re.compile(r"[A-Za-z]{2}")
SAME_EVERYWHERE = {"HeavySet Console", "HeavySet", "Apptoto", "TimeZest"}
"""Names, not words: the product's and the services'."""


def written_text(node: ast.expr) -> str | None:
    """The words of a string literal, an f-string's literal parts, or a sum of them; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (written_text(node.left) or "") + (written_text(node.right) or "")
    if isinstance(node, ast.IfExp):
        return (written_text(node.body) or "") + (written_text(node.orelse) or "")
    return None


def untranslated_calls(source: str) -> list[tuple[int, str, str]]:
    """(line, call, words) of every call in ``source`` that shows words written in it without translation."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("log", "logging"):
            continue  # the log is for IT, in English
        args = list(node.args) if name in SHOWING else []
        args += [k.value for k in node.keywords if k.arg in SHOWING_KEYWORDS and name in SHOWING | {"change"}]
        for arg in args:
            text = written_text(arg)
            if text and WORD.search(text) and text.strip(" —:·") not in SAME_EVERYWHERE:
                found.append((node.lineno, name, text))
    return found


def test_the_check_finds_words_written_straight_into_the_window() -> None:
    code = (
        'host.status("Found it")\n'
        'label = QLabel(f"{count} open blocks")\n'
        'host.status(translate("Ctx", "Found it"))\n'
        'host.status(f"{name}: {value}")\n'
        'log.warning("not shown: %s", why)\n'
        'self.change(doing, work, kept="Kept in the outbox")\n'
        'box.setText("Look up " + number)\n'
    )
    assert [(line, call) for line, call, _ in untranslated_calls(code)] == [
        (1, "status"),
        (2, "QLabel"),
        (6, "change"),
        (7, "setText"),
    ]


@pytest.mark.parametrize("path", WINDOW_MODULES, ids=lambda p: p.name)
def test_no_word_of_the_window_is_written_straight_into_it(path: Path) -> None:
    found = untranslated_calls(path.read_text(encoding="utf-8"))
    assert found == [], "\n".join(f"{path.name}:{line}: {call}({text!r})" for line, call, text in found)

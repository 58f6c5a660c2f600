"""The console in the setter's language: the choice and its setting, the catalogues, and the window in Spanish.

The Spanish window is compared with the English one built the same way, widget by widget: a word the setter
reads that is the same in both fails, unless it is one of the few that Spanish shares (:data:`SAME_IN_BOTH`)
or it is data (a lead's name, the CRM's values, the server's address), which is never translated.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hsconsole.sim.heavyset.data import DEMO_PHONES, UNKNOWN_PHONE
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.layout import read_layout
from hsconsole.store.settings import Settings, SettingsStore
from hsconsole.ui import language
from hsconsole.ui.actions import ACTIONS, MENU_TITLES, shortcut_rows
from hsconsole.ui.geometry import MIN_USEFUL
from hsconsole.ui.language import (
    LANGUAGE_NAMES,
    install_translations,
    language_of,
    next_start_text,
    remove_translations,
)
from hsconsole.ui.main_window import PAGE_LEAD, PAGE_NEW, MainWindow
from tests.helpers import alt_letters
from tests.test_main_window import build_window, close, look_up

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
TOOLS = Path(sys.executable).parent
DENVER = DEMO_PHONES["denver_booked"]
TAMPA = DEMO_PHONES["tampa_new"]

SAME_IN_BOTH = {"Lead", "ZIP", "TCPA", "CRM"}
"""Words a Spanish-speaking setter reads as in English: the CRM's own names and the law's."""
DATA_WIDGETS = {"mode_label", "phone_hint"}
"""Labels that show data, not the console's words: the profile and server, the number as typed."""


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


@pytest.fixture
def spanish(qapp: QApplication) -> Iterator[None]:
    assert install_translations("es") == "es"
    try:
        yield
    finally:
        remove_translations()


def spanish_window(qtbot: QtBot, sim: SimServer) -> MainWindow:
    """The window built in Spanish; the translators stay (as in the console) until :func:`close_spanish`."""
    assert install_translations("es") == "es"
    return build_window(qtbot, sim)


def close_spanish(qtbot: QtBot, window: MainWindow) -> None:
    try:
        close(qtbot, window)
    finally:
        remove_translations()


# ---------------------------------------------------------------- which language


def test_a_language_chosen_survives_a_restart_and_is_read_before_the_window(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(language="es"))
    assert SettingsStore(store.path).load().language == "es"
    assert read_layout(store.path).language == "es"  # what the frame is built in, before the rest loads


def test_an_unknown_language_in_the_file_is_set_aside_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "language": "fr", "limit_days": 21}), encoding="utf-8")
    assert read_layout(path).language == ""
    store = SettingsStore(path)
    settings = store.load()
    assert settings.language == "" and settings.limit_days == 21
    assert store.problem is not None and "the console's language" in store.problem


def test_no_setting_follows_the_systems_language() -> None:
    assert language_of("", QLocale("es_MX")) == "es"
    assert language_of("", QLocale("es_AR")) == "es"
    assert language_of("", QLocale("de_DE")) == "en"
    assert language_of("", QLocale("en_US")) == "en"
    assert language_of("en", QLocale("es_MX")) == "en"
    assert language_of("es", QLocale("en_US")) == "es"


def test_the_system_locale_of_a_spanish_desk_gives_spanish_words() -> None:
    """The real start: nothing set, and a desk whose locale is Mexican Spanish."""
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(['x'])\n"
        "from hsconsole.ui.language import LANGUAGE_NAMES, install_translations, translate\n"
        "print(install_translations(''), translate('Commands', '&File'), translate('Commands', '&Quit'))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG="es_MX.UTF-8", LC_ALL="es_MX.UTF-8", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["es", "&Archivo", "&Salir"]
    env.update(LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    english = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert english.stdout.split() == ["en", "&File", "&Quit"]


def test_qts_own_words_are_translated_too(spanish: None) -> None:
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    assert QApplication.translate("QPlatformTheme", "&Yes") != "&Yes"


def test_the_language_menu_keeps_the_choice_and_says_in_both_languages_when_it_applies(
    qtbot: QtBot, sim: SimServer, tmp_path: Path
) -> None:
    window = build_window(qtbot, sim)
    try:
        window.settings_store = SettingsStore(tmp_path / "settings.json")
        told: list[tuple[str, str]] = []
        window.language_choice.tell = lambda title, text: told.append((title, text))
        menu = window.language_menu
        assert [a.text() for a in menu.actions()] == [
            f"Follow the system ({LANGUAGE_NAMES[language_of('')]})",
            "English",
            "Español",
        ]
        menu.aboutToShow.emit()
        assert window.language_choice.actions[""].isChecked()
        window.language_choice.actions["es"].trigger()
        assert window.settings.language == "es"
        assert SettingsStore(tmp_path / "settings.json").load().language == "es"
        assert told == [("Idioma / Language", next_start_text("es"))]
        assert "español la próxima vez" in told[0][1] and "Spanish the next time it starts" in told[0][1]
        assert "next time" in window.statusBar().currentMessage()
        menu.aboutToShow.emit()
        assert window.language_choice.actions["es"].isChecked()
        assert not window.language_choice.actions["en"].isChecked()
        window.language_choice.actions["es"].trigger()  # the same again: nothing more to say
        assert len(told) == 1
        window.language_choice.actions[""].trigger()
        assert window.settings.language == ""
        assert "idioma del sistema" in told[-1][1] and "system's language" in told[-1][1]
    finally:
        close(qtbot, window)


def test_before_the_console_is_attached_the_language_menu_waits(qtbot: QtBot) -> None:
    frame = MainWindow()
    qtbot.addWidget(frame)
    frame.language_menu.aboutToShow.emit()
    assert not any(action.isEnabled() for action in frame.language_menu.actions())
    frame.language_choice.actions["es"].trigger()  # nothing to keep it in yet: nothing happens
    frame.close()


# ---------------------------------------------------------------- the catalogues


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()  # noqa: S314  (our own committed catalogue)
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append((name, message.findtext("source") or "", translation))
    return found


def test_every_spanish_message_is_translated_with_its_values_and_one_alt_letter() -> None:
    found = messages(I18N / "hsconsole_es.ts")
    assert len(found) > 150
    for context, source, translation in found:
        where = f"{context}: {source!r}"
        assert translation.get("type") is None, f"{where} is {translation.get('type')}"
        text = translation.text or ""
        assert text.strip(), f"{where} has no translation"
        assert sorted(re.findall(r"\{\w+\}", text)) == sorted(re.findall(r"\{\w+\}", source)), where
        source_keys, keys = source.replace("&&", "").count("&"), text.replace("&&", "").count("&")
        if context != "ConnectorPanel":  # its send button has no letter left in Spanish (Ctrl+Shift+K)
            assert keys == source_keys, where


def run_tool(name: str, *args: str, cwd: Path) -> None:
    tool = TOOLS / name
    if not tool.exists():
        found = shutil.which(name)
        if found is None:
            pytest.skip(f"{name} is not installed (PySide6's tools)")
        tool = Path(found)
    done = subprocess.run([str(tool), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_compiled_catalogue_is_the_one_built_from_its_source(tmp_path: Path) -> None:
    run_tool(
        "pyside6-lrelease", "-removeidentical", str(I18N / "hsconsole_es.ts"), "-qm", str(tmp_path / "es.qm"), cwd=ROOT
    )
    assert (tmp_path / "es.qm").read_bytes() == (I18N / "hsconsole_es.qm").read_bytes(), "./dev.sh translations"


def test_the_catalogue_holds_every_word_the_window_marks_and_no_other(tmp_path: Path) -> None:
    copy = tmp_path / "hsconsole_es.ts"
    shutil.copy(I18N / "hsconsole_es.ts", copy)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "hsconsole" / "ui").glob("*.py"))
    run_tool("pyside6-lupdate", "-locations", "none", "-no-obsolete", *sources, "-ts", str(copy), cwd=ROOT)
    fresh = {(c, s) for c, s, t in messages(copy) if t.get("type") != "vanished"}
    committed = {(c, s) for c, s, _t in messages(I18N / "hsconsole_es.ts")}
    assert fresh == committed, ("./dev.sh translations", fresh ^ committed)


def test_the_bundle_ships_the_catalogues() -> None:
    spec = (ROOT / "packaging" / "hsconsole.spec").read_text(encoding="utf-8")
    assert '"resources" / "i18n"' in spec and 'f"qtbase_{lang}.qm"' in spec
    assert language.shipped_languages() == ("en", "es")


# ---------------------------------------------------------------- the window in Spanish


def seen_texts(window: MainWindow) -> list[tuple[str, str]]:
    """(where, text) of every word the setter reads on the window as it is, in the order the widgets were made;
    data (selectable labels: a lead's name and the CRM's values) left out."""
    out: list[tuple[str, str]] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.objectName() in DATA_WIDGETS:
            continue
        where = f"{type(widget).__name__} {widget.objectName()}"
        if isinstance(widget, QAbstractButton):
            out.append((where, widget.text()))
            out.append((where + " tip", widget.toolTip()))
        elif isinstance(widget, QGroupBox):
            out.append((where, widget.title()))
        elif isinstance(widget, QLabel):
            if not widget.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse:
                out.append((where, widget.text()))
        elif isinstance(widget, QLineEdit):
            out.append((where + " placeholder", widget.placeholderText()))
            out.append((where + " name", widget.accessibleName()))
        elif isinstance(widget, QSpinBox):
            out.append((where, widget.suffix()))
        elif isinstance(widget, QTabWidget):
            out.extend((f"{where} tab", widget.tabText(i)) for i in range(widget.count()) if widget.isTabVisible(i))
        elif isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            out.extend((f"{where} column", header.text(i)) for i in range(widget.columnCount()))
    return out


def untranslated(english: list[tuple[str, str]], spanish: list[tuple[str, str]]) -> list[tuple[str, str]]:
    assert [where for where, _ in english] == [where for where, _ in spanish]
    return [
        (where, en)
        for (where, en), (_w, es) in zip(english, spanish, strict=True)
        if en == es and re.search(r"[A-Za-z]{2}", en) and en.replace("&", "").strip(" *•:") not in SAME_IN_BOTH
    ]


@pytest.mark.parametrize(("phone", "page"), [(DENVER, PAGE_LEAD), (UNKNOWN_PHONE, PAGE_NEW)])
def test_every_word_of_the_window_is_in_spanish(qtbot: QtBot, sim: SimServer, phone: str, page: int) -> None:
    texts = []
    for build, end in ((build_window, close), (spanish_window, close_spanish)):
        window = build(qtbot, sim)
        try:
            look_up(qtbot, window, phone)
            assert window.pages.currentIndex() == page
            texts.append(seen_texts(window))
        finally:
            end(qtbot, window)
    english, spanish = texts
    assert len(spanish) > 30
    assert untranslated(english, spanish) == []


def test_every_command_menu_and_shortcut_row_is_in_spanish(qtbot: QtBot, sim: SimServer) -> None:
    window = spanish_window(qtbot, sim)
    try:
        titles = [action.text() for action in window.menuBar().actions()]
        assert titles == ["&Archivo", "&Lead", "&Calendario", "Con&figuración", "A&yuda"]
        assert len(titles) == len(MENU_TITLES)
        for command in ACTIONS:
            text = getattr(window, command.name).text()
            assert text and text != command.text, command.name
        for name in ("profiles_menu", "language_menu"):
            assert getattr(window, name).title() not in ("Switch &profile", "Lan&guage")
        assert window.language_choice.actions[""].text().startswith("Seguir el sistema")
        window.show_shortcuts()
        overlay = window.shortcut_overlay
        assert overlay is not None
        table = overlay.table
        shown = [(table.item(row, 0).text(), table.item(row, 1).text()) for row in range(table.rowCount())]
        written = shortcut_rows(translated=False)
        assert len(shown) == len(written) and overlay.windowTitle() == "Atajos de teclado"
        for (keys, does), (en_keys, en_does) in zip(shown, written, strict=True):
            assert does != en_does, en_does
            if "(" in en_keys:  # a place's words, not a key
                assert keys != en_keys, en_keys
        overlay.close()
    finally:
        close_spanish(qtbot, window)


def menu_letters(menu: QMenu) -> list[str]:
    letters = []
    for action in menu.actions():
        match = re.search(r"&([^&])", action.text().replace("&&", ""))
        if match:
            letters.append(match.group(1).lower())
    return letters


@pytest.mark.parametrize("in_spanish", [False, True])
def test_no_two_commands_of_a_menu_share_an_alt_letter(qtbot: QtBot, sim: SimServer, in_spanish: bool) -> None:
    window = spanish_window(qtbot, sim) if in_spanish else build_window(qtbot, sim)
    try:
        for action in window.menuBar().actions():
            menu = action.menu()
            assert isinstance(menu, QMenu)
            letters = menu_letters(menu)
            assert len(letters) == len(set(letters)), (action.text(), letters)
    finally:
        close_spanish(qtbot, window)


@pytest.mark.parametrize("phone", [DENVER, TAMPA, UNKNOWN_PHONE])
def test_alt_keys_are_unique_on_every_screen_in_spanish(qtbot: QtBot, sim: SimServer, phone: str) -> None:
    window = spanish_window(qtbot, sim)
    try:
        look_up(qtbot, window, phone)
        assert window.pages.currentIndex() == (PAGE_NEW if phone == UNKNOWN_PHONE else PAGE_LEAD)
        letters = alt_letters(window, [a.text() for a in window.menuBar().actions()])
        assert len(letters) >= 19
        duplicates = sorted({x for x in letters if letters.count(x) > 1})
        assert duplicates == [], duplicates
    finally:
        close_spanish(qtbot, window)


def cut_widgets(window: MainWindow) -> list[tuple[str, int, int]]:
    """Buttons, check boxes and one-line labels of the panes narrower than their words need."""
    cut = []
    panes: list[Any] = [window.search_pane, window.lead_pane, window.calendar_pane]
    for pane in panes:
        for widget in pane.findChildren(QWidget):
            if not widget.isVisibleTo(window):
                continue
            if isinstance(widget, QLabel) and (
                widget.wordWrap() or widget.sizePolicy().horizontalPolicy().name == "Ignored"
            ):
                continue
            if not isinstance(widget, QAbstractButton | QLabel) or not widget.text().strip():
                continue  # a field's own buttons (clear, up and down) have no words
            if widget.sizeHint().width() > widget.width():
                cut.append((widget.text(), widget.sizeHint().width(), widget.width()))
    return cut


@pytest.mark.parametrize("phone", [DENVER, UNKNOWN_PHONE])
def test_at_1366x768_nothing_of_the_spanish_window_is_cut(qtbot: QtBot, sim: SimServer, phone: str) -> None:
    window = spanish_window(qtbot, sim)
    try:
        look_up(qtbot, window, phone)
        window.resize(*MIN_USEFUL)
        qtbot.waitUntil(lambda: (window.width(), window.height()) == MIN_USEFUL)
        QApplication.processEvents()
        assert cut_widgets(window) == []
        assert not window.lead_pane.lead_scroll.horizontalScrollBar().isVisible()
        assert window.slot_view.horizontalScrollBar().maximum() == 0  # every column of the calendar shows
        assert window.book_button.text() in ("Agen&dar", "Reagen&dar")  # the Spanish window it is meant to be
    finally:
        close_spanish(qtbot, window)

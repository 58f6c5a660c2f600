"""The console in the setter's language: the choice and its setting, the catalogues, and the window in Spanish.

The Spanish window is compared with the English one built the same way, widget by widget: a word the setter
reads that is the same in both fails, unless it is one of the few that Spanish shares (:data:`SAME_IN_BOTH`)
or it is data (a lead's name, the CRM's values, the server's address), which is never translated.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

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
    QTableView,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
    QWizard,
    QWizardPage,
)
from pytestqt.qtbot import QtBot

from hsconsole.api.heavyset.endpoints import Endpoints
from hsconsole.api.heavyset.s2s import S2SClient
from hsconsole.api.heavyset.zapier import ZapierClient
from hsconsole.domain.zones import city_zones, database_city
from hsconsole.services.audit import AuditLog
from hsconsole.services.outbox import OutboxService
from hsconsole.services.settings import Profile
from hsconsole.services.setup import ConnectionCheck
from hsconsole.sim.heavyset.data import DEMO_PHONES, UNKNOWN_PHONE
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.layout import read_layout
from hsconsole.store.outbox import OutboxStore
from hsconsole.store.settings import Settings, SettingsStore
from hsconsole.ui import dialogs, language
from hsconsole.ui.actions import ACTIONS, MENU_TITLES, shortcut_rows
from hsconsole.ui.audit_window import AuditWindow
from hsconsole.ui.caller_history import CallerHistoryView
from hsconsole.ui.connectors_dialog import ConnectorsDialog
from hsconsole.ui.geometry import MIN_USEFUL
from hsconsole.ui.language import (
    LANGUAGE_NAMES,
    install_translations,
    language_of,
    next_start_text,
    remove_translations,
)
from hsconsole.ui.main_window import PAGE_LEAD, PAGE_NEW, MainWindow
from hsconsole.ui.outbox_panel import OutboxPanel
from hsconsole.ui.wizard import PAGE_CONNECTORS, SetupWizard
from hsconsole.ui.worklist import WorklistPanel
from hsconsole.ui.zone_dialog import ZoneDialog
from tests.helpers import alt_letters, fast_transport
from tests.test_main_window import build_window, close, look_up

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
TOOLS = Path(sys.executable).parent
TRANSLATED = (
    "hsconsole/*.py",
    "hsconsole/ui/*.py",
    "hsconsole/services/*.py",
    "hsconsole/domain/*.py",
    "hsconsole/store/*.py",
    "hsconsole/api/*.py",
    "hsconsole/api/*/*.py",
)
"""The modules whose words are translated (as ./dev.sh translations gathers them)."""
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


@pytest.mark.parametrize("catalogue", ["hsconsole_es", "cities_es"])
def test_the_compiled_catalogue_is_the_one_built_from_its_source(tmp_path: Path, catalogue: str) -> None:
    source, built = I18N / f"{catalogue}.ts", tmp_path / f"{catalogue}.qm"
    run_tool("pyside6-lrelease", "-removeidentical", str(source), "-qm", str(built), cwd=ROOT)
    assert built.read_bytes() == (I18N / f"{catalogue}.qm").read_bytes(), "./dev.sh translations"


def test_the_city_names_are_cldrs_for_the_zone_databases_cities(tmp_path: Path) -> None:
    pytest.importorskip("babel")  # a development dependency: CLDR's names
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import city_names
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    names = city_names.city_names("es")
    assert names["Mexico City"] == "Ciudad de México" and names["Kolkata"] == "Calcuta"
    assert "Manila" not in names and "Denver" not in names  # only the names that differ are written
    city_names.write_catalogue("es", names, tmp_path / "cities_es.ts")
    written = {(c, s): t.text for c, s, t in messages(tmp_path / "cities_es.ts")}
    assert written == {("City", ours): theirs for ours, theirs in names.items()}
    committed = {s for _c, s, _t in messages(I18N / "cities_es.ts")}
    cities = {database_city(zone) for zone in city_zones()}
    assert committed <= cities, committed - cities  # each names a city of the zone database


def test_the_catalogue_holds_every_word_the_window_marks_and_no_other(tmp_path: Path) -> None:
    copy = tmp_path / "hsconsole_es.ts"
    shutil.copy(I18N / "hsconsole_es.ts", copy)
    sources = sorted(str(p.relative_to(ROOT)) for glob in TRANSLATED for p in ROOT.glob(glob))
    run_tool("pyside6-lupdate", "-locations", "none", "-no-obsolete", *sources, "-ts", str(copy), cwd=ROOT)
    fresh = {(c, s) for c, s, t in messages(copy) if t.get("type") != "vanished"}
    committed = {(c, s) for c, s, _t in messages(I18N / "hsconsole_es.ts")}
    assert fresh == committed, ("./dev.sh translations", fresh ^ committed)


def test_the_bundle_ships_the_catalogues() -> None:
    spec = (ROOT / "packaging" / "hsconsole.spec").read_text(encoding="utf-8")
    assert '"resources" / "i18n"' in spec and 'f"qtbase_{lang}.qm"' in spec
    assert 'glob("hsconsole_*.qm")' in spec and 'glob("cities_*.qm")' in spec
    assert language.shipped_languages() == ("en", "es")


# ---------------------------------------------------------------- the window in Spanish


def seen_texts(window: QWidget) -> list[tuple[str, str]]:
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


# ---------------------------------------------------------------- the other windows and dialogs in Spanish


async def never_answers(profile: Profile, s2s: str, zapier: str) -> ConnectionCheck:
    await asyncio.Event().wait()
    raise AssertionError("not reached")


def outbox_service(tmp_path: Path) -> OutboxService:
    transport = fast_transport()
    endpoints = Endpoints("http://127.0.0.1:9")
    store = OutboxStore(tmp_path / "o.sqlite3", owner="panel")
    return OutboxService(
        store, S2SClient(transport, "t", endpoints), ZapierClient(transport, "t", endpoints), "P", rng=random.Random(1)
    )


def wizard_on(page_id: int) -> SetupWizard:
    """The setup wizard showing ``page_id`` (the connectors page with both groups on), not yet shown."""
    wizard = SetupWizard(never_answers, zone_reason="This computer's clock is in UTC, as a server's is.")
    wizard.profile = Profile(name="Denver")
    wizard.setStartId(page_id)
    wizard.connectors_page.form.apptoto_box.setChecked(True)
    wizard.connectors_page.form.timezest_box.setChecked(True)
    return wizard


def connectors_dialog() -> ConnectorsDialog:
    dialog = ConnectorsDialog(Profile(name="Denver"))
    dialog.form.apptoto_box.setChecked(True)
    dialog.form.timezest_box.setChecked(True)
    return dialog


def worklist() -> WorklistPanel:
    panel = WorklistPanel(cast(Any, None), "America/Denver")  # never shown loading: nothing is read
    panel._loaded_at = time.monotonic()
    return panel


DIALOGS: dict[str, Callable[[Path], QWidget]] = {
    "connectors": lambda _tmp: connectors_dialog(),
    "zone": lambda _tmp: ZoneDialog("", now=datetime(2025, 1, 15, 12, tzinfo=UTC)),
    "worklist": lambda _tmp: worklist(),
    "activity log": lambda _tmp: AuditWindow(AuditLog(":memory:", actor="dana"), setter_zone="America/Denver"),
    "pending changes": lambda tmp: OutboxPanel(outbox_service(tmp), "UTC"),
    "caller history": lambda _tmp: CallerHistoryView("America/Denver"),
}
"""Each window or dialog, built as its own tests build it."""


def window_texts(widget: QWidget) -> list[tuple[str, str]]:
    """What :func:`seen_texts` reads, and the title, a wizard page's title and subtitle, and the headers of its
    tables."""
    out = [("title", widget.windowTitle())]
    if isinstance(widget, QWizardPage):
        out += [("page title", widget.title()), ("page subtitle", widget.subTitle())]
    for view in widget.findChildren(QTableView):
        model = view.model()
        out += [
            (f"{view.objectName()} column", str(model.headerData(n, Qt.Orientation.Horizontal)))
            for n in range(model.columnCount())
        ]
    for view in widget.findChildren(QTableWidget):
        out += [(f"{view.objectName()} column", view.horizontalHeaderItem(n).text()) for n in range(view.columnCount())]
    return out + seen_texts(widget)


def in_both(qtbot: QtBot, build: Callable[[], QWidget], read: Callable[[QWidget], list[tuple[str, str]]]) -> Any:
    texts = []
    for spanish in (False, True):
        if spanish:
            install_translations("es")
        try:
            widget = build()
            qtbot.addWidget(widget)
            texts.append(read(widget))
            widget.close()
        finally:
            remove_translations()
    return texts


@pytest.mark.parametrize("page_id", range(PAGE_CONNECTORS + 1))
def test_every_word_of_each_wizard_page_is_in_spanish(qtbot: QtBot, page_id: int) -> None:
    english, spanish = in_both(qtbot, lambda: wizard_on(page_id), lambda w: window_texts(cast(Any, w).page(page_id)))
    assert len(spanish) > 4
    assert untranslated(english, spanish) == []


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_word_of_the_other_windows_is_in_spanish(qtbot: QtBot, tmp_path: Path, name: str) -> None:
    english, spanish = in_both(qtbot, lambda: DIALOGS[name](tmp_path), window_texts)
    assert len(spanish) > 2
    assert untranslated(english, spanish) == []


def test_the_questions_before_a_change_are_in_spanish(spanish: None) -> None:
    title, text = dialogs.quit_question()
    assert (title, text) == ("Cambios sin guardar", "Tiene cambios sin guardar. ¿Salir y descartarlos?")


def wizard_buttons(wizard: QWizard) -> list[str]:
    buttons = [wizard.button(b) for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton)]
    buttons.append(wizard.button(QWizard.WizardButton.FinishButton))
    return [button.text() for button in buttons if button.isVisible()]


def cut_in(root: QWidget) -> list[tuple[str, int, int]]:
    """Buttons, check boxes and one-line labels under ``root`` narrower than their words need."""
    cut = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QAbstractButton | QLabel) or not widget.text().strip():
            continue
        if isinstance(widget, QLabel) and (
            widget.wordWrap() or widget.sizePolicy().horizontalPolicy().name == "Ignored"
        ):
            continue
        if widget.sizeHint().width() > widget.width():
            cut.append((widget.text(), widget.sizeHint().width(), widget.width()))
    return cut


@pytest.mark.parametrize("page_id", range(PAGE_CONNECTORS + 1))
def test_each_wizard_page_in_spanish_has_one_alt_letter_a_key_and_nothing_cut(
    qtbot: QtBot, spanish: None, page_id: int
) -> None:
    wizard = wizard_on(page_id)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.currentId() == page_id)
    page = wizard.currentPage()
    letters = alt_letters(page, wizard_buttons(wizard))
    assert len(letters) >= 2
    duplicates = sorted({x for x in letters if letters.count(x) > 1})
    assert duplicates == [], duplicates
    assert wizard.width() <= MIN_USEFUL[0] and wizard.height() <= MIN_USEFUL[1]
    QApplication.processEvents()
    assert cut_in(page) == []
    wizard.reject()


@pytest.mark.parametrize("name", list(DIALOGS))
def test_each_window_in_spanish_has_one_alt_letter_a_key_and_fits_1366x768(
    qtbot: QtBot, tmp_path: Path, spanish: None, name: str
) -> None:
    widget = DIALOGS[name](tmp_path)
    qtbot.addWidget(widget)
    widget.resize(min(widget.width(), MIN_USEFUL[0]), min(widget.height(), MIN_USEFUL[1]))
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    letters = alt_letters(widget, [])
    duplicates = sorted({x for x in letters if letters.count(x) > 1})
    assert duplicates == [], duplicates
    assert cut_in(widget) == []
    widget.close()


def test_a_column_of_the_setters_times_says_whose_in_spanish(spanish: None) -> None:
    from zoneinfo import ZoneInfo

    from hsconsole.ui.cells import zone_column

    assert zone_column("Cuándo", ZoneInfo("Asia/Manila")) == "Cuándo (hora de Manila)"
    tip = zone_column("Cuándo", ZoneInfo("Asia/Manila"), tooltip=True)
    assert "Su zona horaria: Manila (UTC+8), Asia/Manila" in tip and "time" not in tip
    assert zone_column("Cuándo", None, tooltip=True) == "Cuándo: hora de esta computadora"

"""The console's language: which one (Settings ▸ Language, else the system's), its translators, and the menu.

The window's words go through Qt's translation system: each is written in English in the code, wrapped in
:func:`translate` (or ``QT_TRANSLATE_NOOP`` in a module's tables), and ``resources/i18n/hsconsole_<lang>.qm``
(compiled from the ``.ts`` beside it, ``./dev.sh translations``) gives it in the setter's language, and
``cities_<lang>.qm`` the zones' city names. Qt's own
words (a dialog's Yes and No, a text field's menu) come from Qt's ``qtbase_<lang>.qm``. Both are installed
before the first window is built (:func:`install_translations`): a word is translated when its widget is made,
so a language chosen in the menu applies at the next start.

Only the console's own words are translated: what the setter types and what goes to HeavySet, Apptoto or
TimeZest (notes, reasons, a lead's fields) stays as typed or as the CRM names it.

Imports Qt only: it runs before the window's frame is built.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDateEdit, QMenu, QMessageBox, QWidget

from hsconsole.resources import bundle_root

if TYPE_CHECKING:  # the window's frame loads this module: no domain layer at load
    from hsconsole.domain.slots import DayWords

log = logging.getLogger("hsconsole.init")

SOURCE_LANGUAGE = "en"
"""The language the code is written in: it needs no translator."""
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
"""The console's languages, each named in its own words (as a menu of languages shows them)."""
CATALOGUE = "hsconsole"
"""``resources/i18n/hsconsole_<lang>.qm``."""
CITIES = "cities"
"""``resources/i18n/cities_<lang>.qm``: the zones' city names ("Ciudad de México"), made from CLDR's by
``packaging/city_names.py``."""

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """``text`` as it is, marked for translation in ``context``: for a module's tables, read before any
    translator is installed and translated with :func:`translate` where they are shown."""
    del context
    return text


def translate(context: str, text: str, disambiguation: str | None = None) -> str:
    """``text`` (English, as written in the code) in the console's language. ``pyside6-lupdate`` finds each call
    by this name: ``context`` and ``text`` must be string literals (a text with values in it is given as
    ``translate("Ctx", "{count} open blocks").format(count=…)``)."""
    return QCoreApplication.translate(context, text, disambiguation)


def i18n_folder() -> Path:
    """Where the console's catalogues are (the checkout's or the bundle's ``resources/i18n``)."""
    return bundle_root() / "resources" / "i18n"


def shipped_languages() -> tuple[str, ...]:
    """The languages the console can show: English and each with a catalogue."""
    translated = sorted(p.stem.removeprefix(f"{CATALOGUE}_") for p in i18n_folder().glob(f"{CATALOGUE}_*.qm"))
    return (SOURCE_LANGUAGE, *(code for code in translated if code in LANGUAGE_NAMES))


def language_of(setting: str, system: QLocale | None = None) -> str:
    """The language to show: the setting's, or for "" the system's first language the console has (its
    ``uiLanguages``, else its locale), else English."""
    shipped = shipped_languages()
    if setting in shipped:
        return setting
    locale = system if system is not None else QLocale.system()
    for name in [*locale.uiLanguages(), locale.name()]:
        code = name.replace("-", "_").split("_")[0].lower()
        if code in shipped:
            return code
    return SOURCE_LANGUAGE


def qt_translations_folders() -> list[Path]:
    """Where Qt's own catalogues may be: Qt's translations folder, and the bundle's copy of it."""
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    folders.append(bundle_root() / "PySide6" / "Qt" / "translations")
    return folders


def install_translations(language: str) -> str:
    """The translators of ``language`` (see :func:`language_of`: "" is the system's) in the application, in place
    of any installed before; returns the language now shown. A missing catalogue is logged, never fatal: the
    console then shows English words."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translations needs the QApplication")
    remove_translations()
    shown = language_of(language)
    if shown == SOURCE_LANGUAGE:
        return shown
    ours = QTranslator(app)
    if not ours.load(f"{CATALOGUE}_{shown}", str(i18n_folder())):
        log.warning("no %s_%s.qm in %s: the console's words stay in English", CATALOGUE, shown, i18n_folder())
        return SOURCE_LANGUAGE
    app.installTranslator(ours)
    _installed.append(ours)
    cities = QTranslator(app)
    if cities.load(f"{CITIES}_{shown}", str(i18n_folder())):
        app.installTranslator(cities)
        _installed.append(cities)
    else:
        log.info("no %s_%s.qm: city names stay as the zone database writes them", CITIES, shown)
    from hsconsole.domain import words  # pure Python, no import of its own

    words.use_translator(QCoreApplication.translate)
    qt_own = QTranslator(app)
    if any(qt_own.load(f"qtbase_{shown}", str(folder)) for folder in qt_translations_folders()):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    else:
        log.info("no qtbase_%s.qm: Qt's own words (Yes, No, Cancel) stay in English", shown)
    return shown


def remove_translations() -> None:
    """Back to the words as written (English)."""
    from hsconsole.domain import words

    words.use_translator(None)
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)


def running_language() -> str:
    """The language the window's words are in now."""
    return next((t.language().split("_")[0] for t in _installed if t.filePath().endswith(".qm")), SOURCE_LANGUAGE)


NEXT_START = {
    "en": (
        "La consola estará en inglés la próxima vez que se abra.",
        "The console will be in English the next time it starts.",
    ),
    "es": (
        "La consola estará en español la próxima vez que se abra.",
        "The console will be in Spanish the next time it starts.",
    ),
}
"""What a chosen language does, said in both languages (the setter may not read the one on screen)."""


def next_start_text(setting: str, system: QLocale | None = None) -> str:
    """The note on a language chosen in the menu: it applies at the next start, in Spanish and in English."""
    spanish, english = NEXT_START[language_of(setting, system)]
    if setting == "":
        spanish = "Se seguirá el idioma del sistema. " + spanish
        english = "The system's language will be followed. " + english
    return f"{spanish}\n\n{english}"


class Host(Protocol):
    """What the language menu needs of the console window."""

    @property
    def ready(self) -> bool: ...

    @property
    def settings(self) -> object: ...

    def save_settings(self) -> None: ...

    def status(self, text: str) -> None: ...


class LanguageMenu(QObject):
    """Settings ▸ Language: follow the system, English or Español, ticked as the settings say; a choice is
    saved and said to apply at the next start (:func:`next_start_text`). ``tell(title, text)`` says it (a
    message box; tests replace it)."""

    def __init__(self, menu: QMenu, host: Host, window: QWidget) -> None:
        super().__init__(menu)
        self.host = host
        self.window = window
        self.menu = menu
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        system = LANGUAGE_NAMES[language_of("")]
        choices = [("", translate("Language", "Follow the system ({language})").format(language=system))]
        choices += [(code, LANGUAGE_NAMES[code]) for code in shipped_languages()]
        self.actions: dict[str, QAction] = {}
        for code, text in choices:
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setObjectName(f"language_{code or 'system'}")
            self.group.addAction(action)
            action.triggered.connect(lambda _checked=False, c=code: self.choose(c))
            self.actions[code] = action
        menu.aboutToShow.connect(self.tick)
        self.tell = self._message

    def tick(self) -> None:
        """The setting's language ticked; no choice before the settings are there."""
        current = getattr(self.host.settings, "language", None) if self.host.ready else None
        for code, action in self.actions.items():
            action.setEnabled(current is not None)
            action.setChecked(code == current)

    def choose(self, code: str) -> None:
        """Keep ``code`` as the console's language and say when it applies."""
        settings = self.host.settings
        if not self.host.ready or getattr(settings, "language", code) == code:
            self.tick()
            return
        settings.language = code  # type: ignore[attr-defined]  # Settings validates it
        self.host.save_settings()
        self.tick()
        self.host.status(translate("Language", "Language saved: it applies the next time the console starts"))
        self.tell("Idioma / Language", next_start_text(code))

    def _message(self, title: str, text: str) -> None:
        QMessageBox.information(self.window, title, text)


def day_locale(system: QLocale | None = None) -> QLocale:
    """The locale whose day words the setter reads: this computer's when its language is the window's (its own
    territory's order: "Tue, 8 Dec" in Britain), else the window's language's ("mar, 8 de dic")."""
    system = system if system is not None else QLocale.system()
    shown = running_language()
    if system.language() != QLocale.Language.C and system.name().split("_")[0] == shown:
        return system
    return QLocale(shown)


US_ENGLISH = ("en_US", "C")
"""Locales whose days the console writes itself (US English, as the lead's times are)."""


def short_long_date(locale: QLocale) -> str:
    """``locale``'s long date format with short weekday and month names: "ddd, d 'de' MMM 'de' yyyy"."""
    return locale.dateFormat(QLocale.FormatType.LongFormat).replace("dddd", "ddd").replace("MMMM", "MMM")


def day_words(locale: QLocale) -> DayWords | None:
    """A day's label, its weekday and its date in ``locale``, from its long date: without the year for the label
    ("ddd, d 'de' MMM"), without the weekday for the date ("d 'de' MMM 'de' yyyy"); None for US English, the
    console's own."""
    if locale.name() in US_ENGLISH:
        return None
    long = short_long_date(locale)
    without_year = r"\s*(?:'[^']*'\s*)?[,./-]?\s*y+\.?"
    pattern = re.sub(without_year, "", long)
    dated = re.sub(r"d{3}[,.]?\s*", "", long)

    def date_of(day: date, year: bool) -> str:
        return locale.toString(QDate(day.year, day.month, day.day), dated if year else re.sub(without_year, "", dated))

    def label(day: date) -> str:
        return locale.toString(QDate(day.year, day.month, day.day), pattern)

    def weekday(day: date) -> str:
        return locale.toString(QDate(day.year, day.month, day.day), "ddd")

    return label, weekday, date_of


def date_field_format(locale: QLocale) -> str:
    """A date field's display format in ``locale``: its long date with short weekday and month names
    ("ddd, d 'de' MMM 'de' yyyy": "lun, 7 de dic de 2026"); US English "ddd MMM d, yyyy", the console's own."""
    return "ddd MMM d, yyyy" if locale.name() in US_ENGLISH else short_long_date(locale)


def follow_day_locale(field: QDateEdit) -> None:
    """``field`` shows its date as the setter reads days (:func:`day_locale`), weekday first."""
    locale = day_locale()
    field.setLocale(locale)
    field.setDisplayFormat(date_field_format(locale))

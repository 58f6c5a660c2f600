"""The console's words in the setter's language, for the layers under the window.

What these layers say to the setter (a field's error, "your time", a reminder's state) is written in English and
wrapped in :func:`translate`, as the window's own words are: ``pyside6-lupdate`` finds each call by its name, and
the window gives the translator (Qt's) when it installs the setter's language (:func:`use_translator`). Until
then, and in a process without a window, the words stay as written.

Only the console's own words: what goes to HeavySet, Apptoto or TimeZest (a note, a reason, a lead's field, an
outbox entry's summary kept in the log) is never made with these.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]
"""``(context, text) -> text in the setter's language``."""


def _as_written(_context: str, text: str) -> str:
    return text


_translator: Translator = _as_written
_said: dict[tuple[str, str], str] = {}


def use_translator(translator: Translator | None) -> None:
    """Translate with ``translator`` from now on (None: the words as written)."""
    global _translator
    _translator = translator or _as_written
    _said.clear()


def translate(context: str, text: str) -> str:
    """``text`` (English, a string literal) in the setter's language; a text with values in it is given as
    ``translate("Ctx", "{count} open").format(count=…)``. Remembered: a calendar asks for the same few words for
    each of its rows, on any thread."""
    key = (context, text)
    said = _said.get(key)
    if said is None:
        said = _said[key] = _translator(context, text)
    return said


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name pyside6-lupdate looks for
    """``text`` as it is, marked for translation in ``context``: for a table made when the module loads,
    translated with :func:`translate` where it is read."""
    del context
    return text

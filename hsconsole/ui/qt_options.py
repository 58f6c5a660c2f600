"""Qt's own command-line options, told apart from the console's.

``hsconsole -platform offscreen -style fusion -reverse --demo``: the options every Qt application takes go to
Qt, the rest to the console's own parser, which still refuses what neither knows. Qt reads each with one dash
or two, its value after a space or an ``=`` (``-style fusion``, ``--style=fusion``).
"""

from __future__ import annotations

from collections.abc import Sequence

WITH_VALUE = frozenset(
    {
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qwindowgeometry",
        "qwindowicon",
        "qwindowtitle",
        "session",
        "display",
        "geometry",
        "style",
        "stylesheet",
        "dialogs",
        "fontengine",
    }
)
"""Qt's options that take a value."""
FLAGS = frozenset({"reverse", "widgetcount", "nograb", "dograb", "sync"})
"""Qt's options that take none."""
VALUE_AFTER_EQUALS = frozenset({"qmljsdebugger"})
"""Qt's options whose value only ever follows an ``=`` (``-qmljsdebugger=port:3768``)."""
_EXAMPLES = {"platform": "offscreen", "style": "fusion", "platformtheme": "gtk3", "qwindowgeometry": "1280x720+0+0"}


def _name(arg: str) -> tuple[str, bool] | None:
    """The option's name without its dashes, and whether its value follows an ``=``; None for a word that
    is not written as an option (a phone number, a link) or is the end of options (``--``)."""
    if arg.startswith("--"):
        bare = arg[2:]
    elif arg.startswith("-"):
        bare = arg[1:]
    else:
        return None
    name, equals, _value = bare.partition("=")
    return (name, bool(equals)) if name and not name.startswith("-") else None


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``argv`` (without the program's name) as (the console's arguments, Qt's options), each in its order.

    Everything after ``--`` is the console's. ValueError, naming the option, when one of Qt's that takes a
    value is the last word.
    """
    ours: list[str] = []
    qt: list[str] = []
    words = list(argv)
    at = 0
    while at < len(words):
        arg = words[at]
        if arg == "--":
            ours.extend(words[at:])
            break
        option = _name(arg)
        name, has_value = option if option is not None else ("", False)
        whole = name in FLAGS if not has_value else name in WITH_VALUE or name in VALUE_AFTER_EQUALS
        if whole:  # "-reverse", "-style=fusion", "-qmljsdebugger=port:3768": one word
            qt.append(arg)
        elif name in WITH_VALUE:  # "-style fusion"
            if at + 1 >= len(words):
                example = f" (for example: {arg} {_EXAMPLES[name]})" if name in _EXAMPLES else ""
                raise ValueError(f"Qt's option {arg} needs a value{example}")
            qt.extend((arg, words[at + 1]))
            at += 1
        else:
            ours.append(arg)
        at += 1
    return ours, qt


def qt_option(qt_args: Sequence[str], wanted: str) -> str | None:
    """The value given to Qt's option ``wanted`` (``"platform"``) in ``qt_args`` (the last one wins), or None."""
    value = None
    for at, arg in enumerate(qt_args):
        option = _name(arg)
        if option is None or option[0] != wanted:
            continue
        if option[1]:
            value = arg.partition("=")[2]
        elif at + 1 < len(qt_args):
            value = qt_args[at + 1]
    return value

"""Every command of the console window declared once: its words, keys, menu and handler.

:data:`ACTIONS` builds the window's actions and menus (:func:`build_actions`) and, with the keys that only
work inside one place (:data:`PLACE_KEYS`), the F1 list (:func:`shortcut_rows`), so the menus, the
shortcuts and the list the setter reads cannot drift apart. Their words are marked for translation here
(``QT_TRANSLATE_NOOP``, context "Commands") and translated when the menus and the list are built
(:mod:`hsconsole.ui.language`).

Imports Qt only: the window's frame builds its menus before the service layer loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from hsconsole.ui.language import QT_TRANSLATE_NOOP, LanguageMenu, translate

MENUS = ("File", "Lead", "Calendar", "Settings", "Help")
"""The menu bar, in order (each title's accelerator is in :data:`MENU_TITLES`)."""
MENU_TITLES = {
    "File": QT_TRANSLATE_NOOP("Commands", "&File"),
    "Lead": QT_TRANSLATE_NOOP("Commands", "&Lead"),
    "Calendar": QT_TRANSLATE_NOOP("Commands", "&Calendar"),
    "Settings": QT_TRANSLATE_NOOP("Commands", "Settin&gs"),
    "Help": QT_TRANSLATE_NOOP("Commands", "&Help"),
}

FIND = QKeySequence.StandardKey.Find
QUIT = QKeySequence.StandardKey.Quit


@dataclass(frozen=True)
class Command:
    """One command of the window.

    ``handler`` names the window's method (or, with ``signal``, its signal, emitted), or a method of one of its
    parts ("side.show_worklist"). ``keys`` are shortcut texts or standard keys (the platform's own first).
    ``help`` is what the F1 list says (no keys: not listed). ``frame``: works before the console is attached
    (the rest wait for it). ``separator``: a line before it in its menu. ``checkable``: a setting ticked on or
    off (its handler reads the action's tick).
    """

    name: str
    text: str
    handler: str
    menu: str
    keys: tuple[str | QKeySequence.StandardKey, ...] = ()
    help: str = ""
    frame: bool = False
    signal: bool = False
    separator: bool = False
    checkable: bool = False


ACTIONS: tuple[Command, ...] = (
    Command(
        "new_lead_action",
        QT_TRANSLATE_NOOP("Commands", "&New lead"),
        "start_new_lead",
        "File",
        ("Ctrl+N",),
        QT_TRANSLATE_NOOP("Commands", "New lead"),
    ),
    Command(
        "quit_action",
        QT_TRANSLATE_NOOP("Commands", "&Quit"),
        "close",
        "File",
        (QUIT, "Ctrl+Q"),
        QT_TRANSLATE_NOOP("Commands", "Quit"),
        frame=True,
        separator=True,
    ),
    Command(
        "find_action",
        QT_TRANSLATE_NOOP("Commands", "&Find phone"),
        "focus_phone",
        "Lead",
        (FIND,),
        QT_TRANSLATE_NOOP("Commands", "Find: put the cursor in the phone field"),
        frame=True,
    ),
    Command(
        "save_action",
        QT_TRANSLATE_NOOP("Commands", "&Save lead"),
        "save",
        "Lead",
        ("Ctrl+S",),
        QT_TRANSLATE_NOOP("Commands", "Save the lead's changes"),
    ),
    Command(
        "revert_action",
        QT_TRANSLATE_NOOP("Commands", "&Revert changes"),
        "revert",
        "Lead",
        ("Esc",),
        QT_TRANSLATE_NOOP("Commands", "Revert unsaved changes (asks first)"),
    ),
    Command(
        "dispositions_action",
        QT_TRANSLATE_NOOP("Commands", "Not-&qualified reasons"),
        "focus_dispositions",
        "Lead",
        ("Ctrl+D",),
        QT_TRANSLATE_NOOP("Commands", "Go to the not-qualified reasons"),
    ),
    Command(
        "reload_reasons_action",
        QT_TRANSLATE_NOOP("Commands", "Re&load not-qualified reasons"),
        "reload_dispositions",
        "Lead",
        ("Ctrl+Shift+D",),
        QT_TRANSLATE_NOOP("Commands", "Reload the not-qualified reasons from the CRM"),
    ),
    Command(
        "outbox_action",
        QT_TRANSLATE_NOOP("Commands", "&Pending changes…"),
        "show_outbox",
        "Lead",
        ("Ctrl+Shift+P",),
        QT_TRANSLATE_NOOP("Commands", "Pending changes (the outbox)"),
        separator=True,
    ),
    Command(
        "activity_action",
        QT_TRANSLATE_NOOP("Commands", "&Activity log…"),
        "show_activity",
        "Lead",
        ("Ctrl+Shift+L",),
        QT_TRANSLATE_NOOP("Commands", "Activity log: what was looked up, saved and booked"),
    ),
    Command(
        "send_link_action",
        QT_TRANSLATE_NOOP("Commands", "Send scheduling lin&k…"),
        "send_link",
        "Lead",
        ("Ctrl+Shift+K",),
        QT_TRANSLATE_NOOP("Commands", "Send a TimeZest scheduling link to the caller"),
        separator=True,
    ),
    Command(
        "blocks_action",
        QT_TRANSLATE_NOOP("Commands", "Go to the &blocks"),
        "focus_blocks",
        "Calendar",
        ("Ctrl+B",),
        QT_TRANSLATE_NOOP("Commands", "Go to the blocks (then type a day or time, Enter)"),
    ),
    Command(
        "book_action",
        QT_TRANSLATE_NOOP("Commands", "Book / re&schedule"),
        "book",
        "Calendar",
        ("Ctrl+Return", "Ctrl+Enter"),
        QT_TRANSLATE_NOOP("Commands", "Book or reschedule to the selected block"),
    ),
    Command(
        "cancel_action",
        QT_TRANSLATE_NOOP("Commands", "&Cancel appointment…"),
        "cancel_appointment",
        "Calendar",
        ("Ctrl+Shift+X",),
        QT_TRANSLATE_NOOP("Commands", "Cancel the appointment (asks for a note)"),
    ),
    Command(
        "refresh_action",
        QT_TRANSLATE_NOOP("Commands", "&Refresh calendar"),
        "refresh_slots",
        "Calendar",
        ("Ctrl+R",),
        QT_TRANSLATE_NOOP("Commands", "Refresh the calendar"),
    ),
    Command(
        "worklist_action",
        QT_TRANSLATE_NOOP("Commands", "Confirmation &worklist…"),
        "side.show_worklist",
        "Calendar",
        ("Ctrl+Shift+W",),
        QT_TRANSLATE_NOOP("Commands", "Confirmation worklist (Apptoto); Enter on a row looks the caller up"),
        separator=True,
    ),
    Command(
        "report_action",
        QT_TRANSLATE_NOOP("Commands", "TimeZest &team report…"),
        "side.show_team_report",
        "Calendar",
        ("Ctrl+Shift+T",),
        QT_TRANSLATE_NOOP("Commands", "TimeZest team report"),
    ),
    Command(
        "setup_action",
        QT_TRANSLATE_NOOP("Commands", "Set &up / Add profile…"),
        "setup_requested",
        "Settings",
        signal=True,
    ),
    Command(
        "replace_token_action",
        QT_TRANSLATE_NOOP("Commands", "&Replace token…"),
        "replace_token_requested",
        "Settings",
        signal=True,
    ),
    Command(
        "remove_profile_action",
        QT_TRANSLATE_NOOP("Commands", "Re&move profile and its tokens…"),
        "remove_profile_requested",
        "Settings",
        signal=True,
    ),
    Command("zone_action", QT_TRANSLATE_NOOP("Commands", "My &time zone…"), "zones.choose", "Settings"),
    Command(
        "clock_action",
        QT_TRANSLATE_NOOP("Commands", "&24-hour clock for your times"),
        "zones.toggle_clock",
        "Settings",
        checkable=True,
    ),
    Command(
        "look_ahead_action",
        QT_TRANSLATE_NOOP("Commands", "&Look up when the number is complete"),
        "toggle_look_ahead",
        "Settings",
        checkable=True,
    ),
    Command(
        "connectors_action",
        QT_TRANSLATE_NOOP("Commands", "&Connectors (Apptoto, TimeZest)…"),
        "connectors_requested",
        "Settings",
        signal=True,
        separator=True,
    ),
    Command(
        "help_action",
        QT_TRANSLATE_NOOP("Commands", "&Keyboard shortcuts"),
        "show_shortcuts",
        "Help",
        ("F1",),
        QT_TRANSLATE_NOOP("Commands", "Show this list"),
        frame=True,
    ),
)
"""The window's commands, menu by menu in the order shown."""

PROFILES_MENU_AFTER = "setup_action"
"""The "Switch profile" submenu follows this command in the Settings menu."""
LANGUAGE_MENU_AFTER = "zone_action"
"""The "Language" submenu follows this command in the Settings menu."""

PLACE_KEYS: tuple[tuple[str, str, str], ...] = (
    (
        QT_TRANSLATE_NOOP("Commands", "Enter (phone field)"),
        QT_TRANSLATE_NOOP("Commands", "Look the number up"),
        "find_action",
    ),
    (
        QT_TRANSLATE_NOOP("Commands", "thu 3, 12/10, tomorrow, 3pm (calendar)"),
        QT_TRANSLATE_NOOP("Commands", "Jump to the first open block that day / at that time (lead's time)"),
        "blocks_action",
    ),
    (
        QT_TRANSLATE_NOOP("Commands", "Backspace / Esc (calendar)"),
        QT_TRANSLATE_NOOP("Commands", "Edit the jump / take it back"),
        "blocks_action",
    ),
    (
        QT_TRANSLATE_NOOP("Commands", "Up / Down (calendar)"),
        QT_TRANSLATE_NOOP("Commands", "Previous / next block (over day headers and full blocks)"),
        "blocks_action",
    ),
    (
        QT_TRANSLATE_NOOP("Commands", "Page Up / Page Down (calendar)"),
        QT_TRANSLATE_NOOP("Commands", "First open block of the previous / next day"),
        "blocks_action",
    ),
    (
        QT_TRANSLATE_NOOP("Commands", "Home / End (calendar)"),
        QT_TRANSLATE_NOOP("Commands", "First / last open block"),
        "blocks_action",
    ),
    (
        QT_TRANSLATE_NOOP("Commands", "Enter (calendar)"),
        QT_TRANSLATE_NOOP("Commands", "Choose the block (then Ctrl+Enter books)"),
        "blocks_action",
    ),
    (QT_TRANSLATE_NOOP("Commands", "?"), QT_TRANSLATE_NOOP("Commands", "Show this list"), "help_action"),
)
"""Keys that work in one place, not through a menu: (keys, what they do, the command they follow in the list)."""


class CommandActions:
    """The window's command actions, each an attribute named as its :class:`Command` (made by
    :func:`build_actions`), and the "Switch profile" and "Language" submenus."""

    new_lead_action: QAction
    quit_action: QAction
    find_action: QAction
    save_action: QAction
    revert_action: QAction
    dispositions_action: QAction
    reload_reasons_action: QAction
    outbox_action: QAction
    activity_action: QAction
    send_link_action: QAction
    blocks_action: QAction
    book_action: QAction
    cancel_action: QAction
    refresh_action: QAction
    worklist_action: QAction
    report_action: QAction
    setup_action: QAction
    replace_token_action: QAction
    remove_profile_action: QAction
    connectors_action: QAction
    zone_action: QAction
    clock_action: QAction
    look_ahead_action: QAction
    help_action: QAction
    profiles_menu: QMenu
    language_menu: QMenu
    language_choice: LanguageMenu


BY_PROFILES = ("replace_token_action", "remove_profile_action")
"""Commands on when a profile is active (:func:`show_profiles`), not when the console is attached."""


def console_actions(window: CommandActions) -> list[QAction]:
    """The commands that need the console: all but those marked ``frame`` (find, the shortcuts and quit) and
    those that follow the profiles (:data:`BY_PROFILES`)."""
    return [getattr(window, c.name) for c in ACTIONS if not c.frame and c.name not in BY_PROFILES]


def show_profiles(
    window: CommandActions, names: list[str], active: str | None, chosen: Callable[[str], object]
) -> None:
    """The "Switch profile" submenu lists ``names`` (``active`` ticked; picking one calls ``chosen``), and
    the commands about the active profile are on when there is one."""
    menu = window.profiles_menu
    menu.clear()
    for name in names:
        action = menu.addAction(name)
        action.setCheckable(True)
        action.setChecked(name == active)
        action.triggered.connect(lambda _checked=False, n=name: chosen(n))
    menu.setEnabled(bool(names))
    for command in BY_PROFILES:
        getattr(window, command).setEnabled(active is not None)


def key_sequences(command: Command) -> list[QKeySequence]:
    """The command's shortcuts, each once (a platform's standard key may equal the explicit one)."""
    sequences: list[QKeySequence] = []
    for key in command.keys:
        sequence = QKeySequence(key)
        if not sequence.isEmpty() and sequence not in sequences:
            sequences.append(sequence)
    return sequences


def key_text(command: Command) -> str:
    """The command's keys as the F1 list shows them, portable form (Ctrl+F), the first one."""
    sequences = key_sequences(command)
    return sequences[0].toString(QKeySequence.SequenceFormat.PortableText) if sequences else ""


def shortcut_rows(*, translated: bool = True) -> list[tuple[str, str]]:
    """The F1 list: every command with keys and help, each place key after the command it belongs with; in the
    console's language unless not ``translated`` (the words as written)."""

    def words(text: str) -> str:
        return translate("Commands", text) if translated else text

    rows: list[tuple[str, str]] = []
    for command in ACTIONS:
        if command.help and command.keys:
            rows.append((key_text(command), words(command.help)))
        rows.extend((words(keys), words(does)) for keys, does, after in PLACE_KEYS if after == command.name)
    return rows


def _handler(window: Any, command: Command) -> Callable[[], Any]:
    if "." in command.handler:  # a part of the window's ("side.show_worklist"), looked up when triggered: the
        path = command.handler.split(".")  # parts are made after the menus

        def call() -> Any:
            target = window
            for name in path:
                target = getattr(target, name)
            return target()

        return call
    target = getattr(window, command.handler)
    return target.emit if command.signal else target  # type: ignore[no-any-return]


def build_actions(window: QMainWindow) -> dict[str, QAction]:
    """The window's actions from :data:`ACTIONS`, in its menu bar, each kept as the window's attribute of its
    name; returns them by name. Shortcuts are the window's (they work wherever the focus is in it)."""
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for title in MENUS:
        menu = bar.addMenu(translate("Commands", MENU_TITLES[title]))
        menu.setObjectName(f"{title.lower()}_menu")
        menus[title] = menu
    made: dict[str, QAction] = {}
    for command in ACTIONS:
        action = QAction(translate("Commands", command.text), window)
        action.setObjectName(command.name)
        action.setCheckable(command.checkable)
        action.setShortcuts(key_sequences(command))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(_handler(window, command))
        window.addAction(action)
        menu = menus[command.menu]
        if command.separator and not menu.isEmpty():
            menu.addSeparator()
        menu.addAction(action)
        if command.name == PROFILES_MENU_AFTER:
            profiles = menu.addMenu(translate("Commands", "Switch &profile"))
            profiles.setObjectName("profiles_menu")
            window.profiles_menu = profiles  # type: ignore[attr-defined]
        if command.name == LANGUAGE_MENU_AFTER:
            languages = menu.addMenu(translate("Commands", "Lan&guage"))
            languages.setObjectName("language_menu")
            window.language_menu = languages  # type: ignore[attr-defined]
            window.language_choice = LanguageMenu(languages, window, window)  # type: ignore[attr-defined,arg-type]
        setattr(window, command.name, action)
        made[command.name] = action
    return made

"""Every command of the console window declared once: its words, keys, menu and handler.

:data:`ACTIONS` builds the window's actions and menus (:func:`build_actions`) and, with the keys that only
work inside one place (:data:`PLACE_KEYS`), the F1 list (:func:`shortcut_rows`), so the menus, the
shortcuts and the list the setter reads cannot drift apart.

Imports Qt only: the window's frame builds its menus before the service layer loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

MENUS = ("File", "Lead", "Calendar", "Settings", "Help")
"""The menu bar, in order (each title's accelerator is in :data:`MENU_TITLES`)."""
MENU_TITLES = {"File": "&File", "Lead": "&Lead", "Calendar": "&Calendar", "Settings": "Settin&gs", "Help": "&Help"}

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
    Command("new_lead_action", "&New lead", "start_new_lead", "File", ("Ctrl+N",), "New lead"),
    Command("quit_action", "&Quit", "close", "File", (QUIT, "Ctrl+Q"), "Quit", frame=True, separator=True),
    Command(
        "find_action",
        "&Find phone",
        "focus_phone",
        "Lead",
        (FIND,),
        "Find: put the cursor in the phone field",
        frame=True,
    ),
    Command("save_action", "&Save lead", "save", "Lead", ("Ctrl+S",), "Save the lead's changes"),
    Command("revert_action", "&Revert changes", "revert", "Lead", ("Esc",), "Revert unsaved changes (asks first)"),
    Command(
        "dispositions_action",
        "Not-qualified &reasons",
        "focus_dispositions",
        "Lead",
        ("Ctrl+D",),
        "Go to the not-qualified reasons",
    ),
    Command(
        "reload_reasons_action",
        "Re&load not-qualified reasons",
        "reload_dispositions",
        "Lead",
        ("Ctrl+Shift+D",),
        "Reload the not-qualified reasons from the CRM",
    ),
    Command(
        "outbox_action",
        "&Pending changes…",
        "show_outbox",
        "Lead",
        ("Ctrl+Shift+P",),
        "Pending changes (the outbox)",
        separator=True,
    ),
    Command(
        "activity_action",
        "&Activity log…",
        "show_activity",
        "Lead",
        ("Ctrl+Shift+L",),
        "Activity log: what was looked up, saved and booked",
    ),
    Command(
        "send_link_action",
        "Send scheduling lin&k…",
        "send_link",
        "Lead",
        ("Ctrl+Shift+K",),
        "Send a TimeZest scheduling link to the caller",
        separator=True,
    ),
    Command(
        "blocks_action",
        "Go to the &blocks",
        "focus_blocks",
        "Calendar",
        ("Ctrl+B",),
        "Go to the blocks (then type a day or time, Enter)",
    ),
    Command(
        "book_action",
        "&Book / reschedule",
        "book",
        "Calendar",
        ("Ctrl+Return", "Ctrl+Enter"),
        "Book or reschedule to the selected block",
    ),
    Command(
        "cancel_action",
        "&Cancel appointment…",
        "cancel_appointment",
        "Calendar",
        ("Ctrl+Shift+X",),
        "Cancel the appointment (asks for a note)",
    ),
    Command("refresh_action", "Refresh &calendar", "refresh_slots", "Calendar", ("Ctrl+R",), "Refresh the calendar"),
    Command(
        "worklist_action",
        "Confirmation &worklist…",
        "side.show_worklist",
        "Calendar",
        ("Ctrl+Shift+W",),
        "Confirmation worklist (Apptoto); Enter on a row looks the caller up",
        separator=True,
    ),
    Command(
        "report_action",
        "TimeZest &team report…",
        "side.show_team_report",
        "Calendar",
        ("Ctrl+Shift+T",),
        "TimeZest team report",
    ),
    Command("setup_action", "Set &up / Add profile…", "setup_requested", "Settings", signal=True),
    Command("replace_token_action", "&Replace token…", "replace_token_requested", "Settings", signal=True),
    Command(
        "remove_profile_action", "Re&move profile and its tokens…", "remove_profile_requested", "Settings", signal=True
    ),
    Command("zone_action", "My &time zone…", "zones.choose", "Settings"),
    Command("clock_action", "&24-hour clock for your times", "zones.toggle_clock", "Settings", checkable=True),
    Command(
        "look_ahead_action", "&Look up when the number is complete", "toggle_look_ahead", "Settings", checkable=True
    ),
    Command(
        "connectors_action",
        "&Connectors (Apptoto, TimeZest)…",
        "connectors_requested",
        "Settings",
        signal=True,
        separator=True,
    ),
    Command("help_action", "&Keyboard shortcuts", "show_shortcuts", "Help", ("F1",), "Show this list", frame=True),
)
"""The window's commands, menu by menu in the order shown."""

PROFILES_MENU_AFTER = "setup_action"
"""The "Switch profile" submenu follows this command in the Settings menu."""

PLACE_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Enter (phone field)", "Look the number up", "find_action"),
    (
        "thu 3, 12/10, tomorrow, 3pm (calendar)",
        "Jump to the first open block that day / at that time (lead's time)",
        "blocks_action",
    ),
    ("Backspace / Esc (calendar)", "Edit the jump / take it back", "blocks_action"),
    ("Up / Down (calendar)", "Previous / next block (over day headers and full blocks)", "blocks_action"),
    ("Page Up / Page Down (calendar)", "First open block of the previous / next day", "blocks_action"),
    ("Home / End (calendar)", "First / last open block", "blocks_action"),
    ("Enter (calendar)", "Choose the block (then Ctrl+Enter books)", "blocks_action"),
    ("?", "Show this list", "help_action"),
)
"""Keys that work in one place, not through a menu: (keys, what they do, the command they follow in the list)."""


class CommandActions:
    """The window's command actions, each an attribute named as its :class:`Command` (made by
    :func:`build_actions`), and the "Switch profile" submenu."""

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


def shortcut_rows() -> list[tuple[str, str]]:
    """The F1 list: every command with keys and help, each place key after the command it belongs with."""
    rows: list[tuple[str, str]] = []
    for command in ACTIONS:
        if command.help and command.keys:
            rows.append((key_text(command), command.help))
        rows.extend((keys, does) for keys, does, after in PLACE_KEYS if after == command.name)
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
        menu = bar.addMenu(MENU_TITLES[title])
        menu.setObjectName(f"{title.lower()}_menu")
        menus[title] = menu
    made: dict[str, QAction] = {}
    for command in ACTIONS:
        action = QAction(command.text, window)
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
            profiles = menu.addMenu("Switch &profile")
            profiles.setObjectName("profiles_menu")
            window.profiles_menu = profiles  # type: ignore[attr-defined]
        setattr(window, command.name, action)
        made[command.name] = action
    return made

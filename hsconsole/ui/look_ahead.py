"""Looking a number up as soon as it is complete, without waiting for Enter (Settings ▸ Look up when the
number is complete).

When what the setter types or pastes into the phone field becomes a complete, valid number, its lookup starts
at once. A digit corrected while it is on its way cancels it: the number it was for is no longer there (its
requests still count in HeavySet's budget: they were sent). Enter pressed right after adds nothing; it only
hands the keyboard on where a lookup by Enter would have (the new-lead form of a number not found).

A lookup ahead never asks a question or takes the keyboard while the setter types: with unsaved changes to
the lead on screen it waits for Enter (which asks), a number not found opens its form without moving the
keyboard out of the phone field, and while HeavySet's request budget runs low (:meth:`Console.may_look_up_ahead`)
it waits for Enter too, and the status bar says so.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol

from hsconsole.ui.caller import Caller, Screen
from hsconsole.ui.language import translate

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtWidgets import QLineEdit

    from hsconsole.services.console import Console
    from hsconsole.ui.calendar_pane import CalendarPane
    from hsconsole.ui.editor import LeadEditor
    from hsconsole.ui.new_lead import NewLeadForm

ENTER_GRACE_S = 10.0
"""Enter within this long of a lookup ahead of the same number, its answer on screen, looks nothing up again."""


class Host(Protocol):
    """What looking ahead needs of the console window."""

    console: Console
    caller: Caller
    phone_input: QLineEdit
    editor: LeadEditor
    new_lead_form: NewLeadForm
    calendar_pane: CalendarPane

    @property
    def ready(self) -> bool: ...

    def next_caller(self, phone: str | None, screen: Screen) -> Caller: ...

    def show_screen(self, screen: Screen) -> None: ...

    def status(self, text: str) -> None: ...


class Search(Protocol):
    """The lookup flow's search (:meth:`LookupFlow.search`)."""

    def __call__(self, raw: str) -> asyncio.Task[None] | None: ...


class LookAhead:
    """Starts ``search`` for a number as it becomes complete in ``host``'s phone field, while :attr:`on`."""

    def __init__(self, host: Host, search: Search, *, on: bool = True) -> None:
        self.host = host
        self.search = search
        self.on = on
        self.phone: str | None = None
        """The number last looked up ahead (E.164); None when that lookup was cancelled or none was made."""
        self._task: asyncio.Task[None] | None = None
        self._at = 0.0
        self._entered = False
        """Enter was pressed while the lookup ahead was on its way: its answer takes the keyboard as Enter's would."""
        self._starting = False

    def _complete(self, text: str) -> str | None:
        from hsconsole.services.errors import InvalidPhoneError

        try:
            return self.host.console.normalize(text)
        except InvalidPhoneError:
            return None

    def in_flight(self) -> bool:
        return self._task is not None and not self._task.done()

    def edited(self, text: str) -> None:
        """The setter changed the phone field (typed, pasted, deleted): look the number up once it is complete;
        a lookup ahead for another number is cancelled."""
        host = self.host
        if not self.on or not host.ready:
            return
        phone = self._complete(text)
        if self.in_flight() and phone != self.phone:
            self._cancel()
        if phone is None or (phone == self.phone and self.in_flight()):
            return
        caller = host.caller
        if caller.is_for(phone) and caller.screen is not Screen.EMPTY:
            return  # that caller is on screen (or on the way): Enter looks them up again
        if caller.shown_lead is not None and host.editor.is_dirty():
            return  # leaving them asks first: Enter does that
        if not host.console.may_look_up_ahead():
            host.status(
                translate(
                    "LookAhead",
                    "HeavySet's limit of requests a minute is nearly reached: press Enter to look the number up.",
                )
            )
            return
        self._starting = True
        try:
            task = self.search(text)
        finally:
            self._starting = False
        if task is not None:
            self.phone, self._task, self._at, self._entered = phone, task, time.monotonic(), False

    def _cancel(self) -> None:
        """The number changed under the lookup in flight: it stops, and nothing of it is shown."""
        host = self.host
        assert self._task is not None
        self._task.cancel()
        self._task, self.phone = None, None
        if host.caller.screen is Screen.LOOKING_UP and host.caller.lead is None:
            host.next_caller(None, Screen.EMPTY)
            host.show_screen(Screen.EMPTY)
            host.calendar_pane.clear()
        host.status(translate("LookAhead", "Lookup stopped: the number changed."))

    def search_started(self) -> None:
        """A lookup is starting (any: Enter, a pop, the worklist, or this one): one not started here replaces
        the lookup ahead, whose number is then no longer the one on its way."""
        if not self._starting:
            self._task, self.phone = None, None

    def took(self, phone: str) -> bool:
        """The lookup of ``phone`` now answering was started ahead, and the setter may still be typing (no Enter
        since): its answer leaves the keyboard where it is."""
        return phone == self.phone and not self._entered

    def absorbs_enter(self, raw: str) -> bool:
        """Enter in the phone field after ``raw`` was looked up ahead: nothing is looked up again. On the
        new-lead form of a number not found, the keyboard goes into it (whenever Enter comes); on a lead shown,
        Enter within :data:`ENTER_GRACE_S` adds nothing (later, it looks the lead up again, as Enter does).
        False when Enter should look up."""
        if self.phone is None or self._complete(raw) != self.phone:
            return False
        phone = self.phone
        if self.in_flight():
            self._entered = True
            return True
        caller = self.host.caller
        if not caller.is_for(phone):
            return False
        if caller.screen is Screen.NEW_LEAD and caller.new_lead is None:  # as its heading says, however late
            self.host.new_lead_form.focus_first()
            return True
        return caller.screen.shows_lead and time.monotonic() - self._at <= ENTER_GRACE_S

"""One caller at a time: the screen's state and everything that belongs to the caller on it.

The window holds one :class:`Caller`. It is replaced, never edited into the next one, when the setter turns
to another caller (a lookup of another number, a new lead, a profile switch), so nothing of one caller (the
lead, its blocks, its history, the chosen not-qualified reason, a refused change being fixed, a banner about its
waiting changes) can show, stay selected or be sent for the next.

:class:`Screen` names what the middle pane shows; :data:`TRANSITIONS` says which screen may follow which,
and :meth:`Caller.go` refuses any other move, so a flow that reaches a state it should not fails loudly in
the tests instead of showing a half-updated screen.

This module imports no widget and no service at run time: the window's frame is built before the service
layer loads.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hsconsole.services.audit import CallerHistory
    from hsconsole.services.console import NewLead
    from hsconsole.services.models import ExistingLead, TimeSlots
    from hsconsole.services.outbox import OutboxEntry


class Screen(enum.Enum):
    """What the middle pane shows."""

    EMPTY = "empty"
    """No caller: the hint to type a number."""
    LOOKING_UP = "looking up"
    """A number was entered; its lead is on its way."""
    LEAD = "lead"
    """A lead from the CRM, in the editor, with its blocks."""
    NEW_LEAD = "new lead"
    """The new-lead form, then the new lead's blocks to book: for a number the CRM has no lead for (straight
    from its lookup, the number filled in), or for a new caller."""
    FIXING = "fixing"
    """A lead whose refused change is back in the editor to be fixed and saved again."""

    @property
    def shows_lead(self) -> bool:
        """A looked-up lead is in the editor (saving, booking and marking apply)."""
        return self in (Screen.LEAD, Screen.FIXING)


_ANYWHERE = frozenset({Screen.EMPTY, Screen.LOOKING_UP, Screen.NEW_LEAD})
TRANSITIONS: dict[Screen, frozenset[Screen]] = {
    Screen.EMPTY: _ANYWHERE,
    Screen.LOOKING_UP: _ANYWHERE | {Screen.LEAD, Screen.FIXING},
    Screen.LEAD: _ANYWHERE | {Screen.LEAD, Screen.FIXING},
    Screen.NEW_LEAD: _ANYWHERE | {Screen.LEAD},
    Screen.FIXING: _ANYWHERE | {Screen.LEAD, Screen.FIXING},
}
"""Which screens may follow each one. A lookup, a new lead and "back to empty" are allowed from anywhere; a
lead is reached by a lookup (or by booking a new lead); a refused change is fixed on a lead's screen."""


class ScreenError(RuntimeError):
    """A flow tried a move :data:`TRANSITIONS` does not allow (a defect, never the setter's doing)."""


@dataclass
class Caller:
    """Everything that belongs to the caller on screen; a new one for every caller."""

    phone: str | None = None
    """E.164, once known (typed, popped, or given to the new-lead form)."""
    screen: Screen = Screen.EMPTY
    lead: ExistingLead | None = None
    slots: TimeSlots | None = None
    new_lead: NewLead | None = None
    """The created lead (its blocks to book) once the new-lead form has been sent."""
    submitted_phone: str | None = None
    """The number of a new lead sent (or kept in the outbox) for this caller."""
    fix_entry: OutboxEntry | None = None
    """A refused change of this caller's, to be put back in the editor when the lead is shown."""
    waiting_banner: str | None = None
    """The banner text now telling of this caller's changes waiting in the outbox (goes when they land)."""
    pending_notes: list[str] = field(default_factory=list)
    """This caller's changes waiting in the outbox, in words (already shown in the editor)."""
    history: CallerHistory | None = None
    """This caller's lines in the activity log as last read (the lead view's History tab)."""

    def go(self, screen: Screen) -> None:
        """Move to ``screen``; :class:`ScreenError` when that move is not allowed from here."""
        if screen not in TRANSITIONS[self.screen]:
            raise ScreenError(f"the screen cannot go from {self.screen.value} to {screen.value}")
        self.screen = screen

    def is_for(self, phone: str | None) -> bool:
        """This caller is the one with ``phone`` (a known number)."""
        return phone is not None and phone == self.phone

    @property
    def shown_lead(self) -> ExistingLead | None:
        """The lead in the editor, when the screen shows one."""
        return self.lead if self.screen.shows_lead else None


MUTATIONS = ("save", "book", "cancel", "disqualify", "create", "book_new")
"""The task slots of changes: while one is on its way, no other change starts."""


@dataclass(frozen=True)
class Situation:
    """What the buttons depend on: the caller's screen and what is in flight."""

    screen: Screen
    has_lead: bool = False
    has_new_lead: bool = False
    has_appointment: bool = False
    dirty: bool = False
    wrong: bool = False
    """A field of the lead editor is wrong (``LeadEditor.problems()``): Save waits, Revert does not."""
    new_lead_wrong: bool = False
    """A field of the new-lead form is wrong (``NewLeadForm.problems()``): Create waits."""
    block_bookable: bool = False
    """A block is selected and may be booked (open, or the lead's own)."""
    reasons: int = 0
    scheduling: bool = False
    """TimeZest is on for the profile."""
    busy: frozenset[str] = frozenset()
    """The task slots in flight (search, save, book, slots, dispositions…)."""


@dataclass(frozen=True)
class Buttons:
    """Which actions are on, and the book button's words."""

    save: bool
    revert: bool
    book: bool
    book_text: str
    cancel: bool
    disqualify: bool
    refresh_blocks: bool
    reload_reasons: bool
    send_link: bool
    submit_new_lead: bool


def buttons_for(now: Situation) -> Buttons:
    """The buttons of a situation: a change needs a lead on screen (or a new lead to book) and no other change
    on its way; nothing of a caller being looked up can be changed."""
    lead = now.has_lead and now.screen.shows_lead
    new = now.has_new_lead and now.screen is Screen.NEW_LEAD
    mutating = bool(now.busy & set(MUTATIONS))
    dirty = lead and now.dirty
    return Buttons(
        save=dirty and not now.wrong and not mutating,
        revert=dirty,
        book=(lead or new) and now.block_bookable and not mutating,
        book_text="Resched&ule" if lead and now.has_appointment else "&Book",
        cancel=lead and now.has_appointment and not mutating,
        disqualify=lead and now.reasons > 0 and not mutating,
        refresh_blocks=(lead or new) and "slots" not in now.busy,
        reload_reasons="dispositions" not in now.busy,
        send_link=lead and now.scheduling,
        submit_new_lead="create" not in now.busy and not now.has_new_lead and not now.new_lead_wrong,
    )

"""The changes a setter makes to a lead: save, book (or reschedule), cancel, mark not qualified, revert.

Every change tells its outcome one way (:meth:`ChangeFlows.change`): made, kept in the outbox, the block
taken meanwhile, or refused or failed in setter words. What is sent is taken when the button is pressed, and
an answer arriving after the setter turned to another caller is not shown on that caller's screen.

Imports no service layer at load (the window's frame is built before it loads).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from hsconsole.ui.caller import Caller, Screen
from hsconsole.ui.forms import too_long
from hsconsole.ui.language import translate

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPushButton

    from hsconsole.services.console import Console, NewLead
    from hsconsole.services.errors import Queued
    from hsconsole.services.models import ExistingLead
    from hsconsole.ui.calendar import SlotView
    from hsconsole.ui.editor import LeadEditor
    from hsconsole.ui.lookup_flow import LookupFlow
    from hsconsole.ui.outbox_watch import OutboxWatch
    from hsconsole.ui.search_pane import SearchPane

log = logging.getLogger("hsconsole.ui")
T = TypeVar("T")


class Host(Protocol):
    """What the changes need of the console window."""

    console: Console
    caller: Caller
    setter_zone: str
    lookup: LookupFlow
    outbox_watch: OutboxWatch
    confirm: Callable[[str, str], bool]
    ask_text: Callable[..., str | None]
    """``ask_text(title, prompt, buttons=(go ahead, do not))``: one line of text, or None."""
    editor: LeadEditor
    save_button: QPushButton
    disposition_combo: QComboBox
    disposition_comment: QLineEdit
    disqualify_button: QPushButton
    slot_view: SlotView
    book_button: QPushButton
    cancel_appt_button: QPushButton
    search_pane: SearchPane

    @property
    def banner_text(self) -> str: ...

    def status(self, text: str) -> None: ...

    def show_banner(self, text: str) -> None: ...

    def show_waiting(self, text: str) -> None: ...

    def report(self, exc: BaseException, doing: str) -> None: ...

    def run(
        self, slot: str, work: Callable[[], Coroutine[Any, Any, None]], *, busy: tuple[QAbstractButton, ...] = ()
    ) -> asyncio.Task[None] | None: ...

    def update_buttons(self) -> None: ...

    def show_screen(self, screen: Screen) -> None: ...


class ChangeFlows:
    """The changes to the caller's lead (and the booking of a new lead), for ``host``."""

    def __init__(self, host: Host) -> None:
        self.host = host

    # ================================================================ the outcome

    async def change(
        self,
        doing: str,
        work: Callable[[], Awaitable[T]],
        *,
        kept: str,
        booking: bool = False,
        fields: Callable[[BaseException], list[str]] | None = None,
        slot_gone: Callable[[], Awaitable[None]] | None = None,
        on_queued: Callable[[Queued], None] | None = None,
    ) -> T | None:
        """Run one change and tell its outcome, the one way every change tells it.

        Made: HeavySet answered, the result is returned for the caller it was made for (None when the setter
        has turned to another caller meanwhile: then only the status bar says it was done). Kept in the
        outbox (``kept`` in the status bar, the note with the caller's waiting changes; ``on_queued`` instead
        where the screen must change). A block taken meanwhile: said, and ``slot_gone`` reloads the blocks.
        Refused or failed: said in setter words, under the fields it names (``fields`` shows them and returns
        what has no field)."""
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError, Queued, SlotUnavailableError

        host = self.host
        caller = host.caller
        try:
            result = await work()
        except Queued as queued:
            if on_queued is not None:
                on_queued(queued)
            else:
                self.queued(queued, kept, booking=booking)
            return None
        except SlotUnavailableError as exc:
            host.report(exc, doing)
            if slot_gone is not None and host.caller is caller:
                await slot_gone()
            return None
        except (ApiError, ValidationError) as exc:
            loose = fields(exc) if fields is not None and host.caller is caller else []
            host.report(exc, doing)
            if loose:
                host.show_banner(host.banner_text + "\n" + "\n".join(loose))
            return None
        host.outbox_watch.connection(None)
        if host.caller is not caller:
            host.status(translate("Changes", "{doing}: done").format(doing=doing))
            return None
        return result

    def queued(self, queued: Queued, status: str, *, booking: bool = False) -> None:
        """A change went to the outbox: show the lead as it will be, and say why."""
        from hsconsole.ui.messages import describe

        host = self.host
        if queued.cause is not None:
            host.outbox_watch.connection(queued.cause)
        host.show_banner("")  # what was said of an earlier try is over: the change waits, and that is said
        if host.caller.lead is not None and host.caller.screen.shows_lead:
            host.outbox_watch.load_with_pending(host.caller.lead)
        note = describe(queued)
        if booking:
            note += " " + translate(
                "Changes",
                "The block is not confirmed until HeavySet accepts it; you will be told if it is gone by then.",
            )
        if host.caller.is_for(queued.entry.phone):  # told until the caller's changes land
            host.show_waiting("\n".join(x for x in (host.caller.waiting_banner, note) if x))
        else:
            host.show_banner(note)
        host.status(f"{status}: {queued.entry.summary}")
        host.update_buttons()

    async def after_change(self, updated: ExistingLead, verb: str, *, select: str | None = None) -> None:
        """The lead as HeavySet now has it, its blocks again, and what was done in the status bar."""
        from hsconsole.services.formatting import phone_for_display

        host = self.host
        keep = host.editor.edits()
        host.caller.lead = updated
        host.show_banner("")
        host.outbox_watch.load_with_pending(updated, keep=keep)
        who = updated.name or phone_for_display(updated.phone)
        done = translate("Changes", "{verb}: {who}").format(verb=verb, who=who) + self._when_in_both_zones()
        host.status(done)
        host.update_buttons()
        await host.lookup.reload_slots(select)
        host.status(done)

    def _when_in_both_zones(self) -> str:
        """ ", Thu Dec 10, 3:00 PM HST (8:00 PM your time)": the appointment of the lead in the editor, in the
        lead's zone (by city where its letters would be mistaken) and the setter's; "" without one."""
        from hsconsole.services.formatting import format_for_setter, lead_zone_name

        host = self.host
        lead = host.editor.lead
        if lead is None or lead.appointment_start is None:
            return ""
        zone = lead_zone_name(lead, host.editor.lead_zone)
        return ", " + format_for_setter(lead.appointment_start, zone, host.setter_zone)

    # ================================================================ save and revert

    def save(self) -> None:
        host = self.host
        if host.caller.lead is None or not host.caller.screen.shows_lead:
            return
        if not host.editor.is_dirty():
            host.status(translate("Changes", "Nothing to save"))
            return
        problems = host.editor.problems()
        if problems:
            host.editor.show_field_errors(problems)
            host.show_banner(translate("Changes", "Not saved: a field needs fixing (see the field). Nothing was sent."))
            host.status(translate("Changes", "Not saved: a field needs fixing"))
            return
        # what is sent is taken now: the next caller may be on screen before the request leaves
        lead, edits = host.editor.lead or host.caller.lead, host.editor.edits()
        values, comment = host.editor.values(), host.editor.comment.text()
        host.run("save", lambda: self._save(lead, edits, values, comment), busy=(host.save_button,))

    async def _save(self, lead: ExistingLead, edits: dict[str, Any], values: dict[str, Any], comment: str) -> None:
        """Send the edits of ``lead`` (what the editor showed: the server copy plus changes already waiting)."""
        from hsconsole.ui.messages import field_errors

        host = self.host
        updated = await self.change(
            translate("Changes", "Saving"),
            lambda: host.console.save(lead, values, comment=comment),
            kept=translate("Changes", "Saved to the outbox"),
            fields=lambda exc: host.editor.show_field_errors(field_errors(exc)),
        )
        if updated is None:
            return
        host.caller.lead = updated
        if host.caller.screen is Screen.FIXING:
            host.show_screen(Screen.LEAD)  # the refused change is fixed
        host.show_banner("")
        host.outbox_watch.load_with_pending(updated)
        from hsconsole.services.formatting import field_words

        names = field_words(edits)
        host.status(translate("Changes", "Saved {name}: {fields}").format(name=updated.name or "", fields=names))
        host.update_buttons()

    def revert(self) -> None:
        host = self.host
        if host.caller.lead is None or not host.caller.screen.shows_lead or not host.editor.is_dirty():
            return
        if host.confirm(
            translate("Questions", "Revert changes"),
            translate("Questions", "Throw away your unsaved changes to this lead?"),
        ):
            host.editor.revert()
            host.status(translate("Changes", "Changes reverted"))
            host.update_buttons()

    # ================================================================ book and cancel

    def book(self) -> None:
        """Book the selected block for the lead on screen (moving its appointment there), or the new lead."""
        host = self.host
        row = host.slot_view.selected_row()
        if row is None or not row.bookable:
            host.status(translate("Changes", "Pick an open block first"))
            return
        from hsconsole.domain.slots import SETTER_CLOCK

        label = f"{SETTER_CLOCK.day(row.slot.appointment_date)}, {row.lead_text}"
        if host.caller.new_lead is not None and host.caller.screen is Screen.NEW_LEAD:
            new_lead = host.caller.new_lead
            host.run("book_new", lambda: self._book_new(new_lead, row.block_id, label), busy=(host.book_button,))
            return
        lead = host.caller.lead
        if lead is None or not host.caller.screen.shows_lead:
            return
        if row.current and lead.has_active_appointment:
            host.status(translate("Changes", "That block is already the lead's appointment"))
            return
        if lead.has_active_appointment and not host.confirm(
            translate("Questions", "Reschedule"),
            translate(
                "Questions", "Move {name}'s appointment to\n{day}, {lead_time} (their time),\n{your_time} your time?"
            ).format(
                name=lead.name or translate("Questions", "this lead"),
                day=SETTER_CLOCK.day_label(row.start.date()),
                lead_time=row.lead_text,
                your_time=row.setter_text,
            ),
        ):
            return
        host.run("book", lambda: self._book(lead, row.block_id, label), busy=(host.book_button,))

    async def _book(self, lead: ExistingLead, block_id: str, label: str = "") -> None:
        host = self.host
        updated = await self.change(
            translate("Changes", "Booking"),
            lambda: host.console.book(lead, block_id, label=label),
            kept=translate("Changes", "Booking kept in the outbox"),
            booking=True,
            slot_gone=host.lookup.reload_slots,
        )
        if updated is not None:
            verb = (
                translate("Changes", "Rescheduled") if lead.has_active_appointment else translate("Changes", "Booked")
            )
            await self.after_change(updated, verb, select=block_id)

    async def _book_new(self, new_lead: NewLead, block_id: str, label: str = "") -> None:
        from hsconsole.services.console import LookupResult

        host = self.host
        booking = await self.change(
            translate("Changes", "Booking"),
            lambda: host.console.book_new_lead(new_lead, block_id, label=label),
            kept=translate("Changes", "Booking kept in the outbox"),
            booking=True,
            slot_gone=host.lookup.reload_new_lead_slots,
        )
        if booking is None:
            return
        if booking.lead is None:
            host.status(
                translate("Changes", "Booked (appointment {id}); the CRM has not shown the lead yet").format(
                    id=booking.result.appointment_id
                )
            )
            return
        host.lookup.show_lookup(LookupResult(booking.lead, host.caller.slots))
        host.search_pane.remember(new_lead.phone, booking.lead.name)
        await host.lookup.reload_slots(block_id)
        booked = translate("Changes", "Booked new lead {name}").format(name=booking.lead.name)
        host.status(booked + self._when_in_both_zones())

    def cancel_appointment(self) -> None:
        host = self.host
        lead = host.caller.lead
        if lead is None or not lead.has_active_appointment or not host.caller.screen.shows_lead:
            host.status(translate("Changes", "This lead has no appointment to cancel"))
            return
        note = host.ask_text(
            translate("Questions", "Cancel the appointment"),
            translate(
                "Questions", "Cancel {name}'s appointment on {when}?\nWhy is it cancelled? (added to the lead's notes)"
            ).format(
                name=lead.name or translate("Questions", "this lead"),
                when=self._when_in_both_zones().removeprefix(", "),
            ),
            buttons=(translate("Questions", "Cancel the appointment"), translate("Questions", "Keep it")),
        )
        if note is None:
            return
        if not note.strip():
            host.status(translate("Changes", "Not cancelled: a note is required"))
            host.show_banner(translate("Changes", "Not cancelled: write a short note saying why."))
            return
        if too_long(note):
            host.status(translate("Changes", "Not cancelled: the note is too long"))
            host.show_banner(translate("Changes", "Not cancelled: the note is {why}").format(why=too_long(note)))
            return
        host.run("cancel", lambda: self._cancel(lead, note), busy=(host.cancel_appt_button,))

    async def _cancel(self, lead: ExistingLead, note: str) -> None:
        host = self.host
        updated = await self.change(
            translate("Changes", "Cancelling"),
            lambda: host.console.cancel(lead, note),
            kept=translate("Changes", "Cancellation kept in the outbox"),
        )
        if updated is not None:
            await self.after_change(updated, translate("Changes", "Cancelled"))

    # ================================================================ not qualified

    def disqualify(self) -> None:
        host = self.host
        lead = host.caller.lead
        if lead is None or not host.caller.screen.shows_lead:
            return
        reason = host.disposition_combo.currentText()
        if not reason:
            host.status(translate("Changes", "Choose a not-qualified reason first"))
            host.disposition_combo.setFocus()
            return
        comment = host.disposition_comment.text()
        if too_long(comment):
            host.show_banner(translate("Changes", "Not marked: the comment is {why}").format(why=too_long(comment)))
            host.status(translate("Changes", "Not marked: the comment is too long"))
            host.disposition_comment.setFocus()
            return
        if not host.confirm(
            translate("Questions", "Not qualified"),
            translate("Questions", "Mark {name} not qualified:\n{reason}?").format(
                name=lead.name or translate("Questions", "this lead"), reason=reason
            ),
        ):
            return
        host.run("disqualify", lambda: self._disqualify(lead, reason, comment), busy=(host.disqualify_button,))

    async def _disqualify(self, lead: ExistingLead, reason: str, comment: str) -> None:
        host = self.host
        updated = await self.change(
            translate("Changes", "Marking not qualified"),
            lambda: host.console.disqualify(lead, reason, comment),
            kept=translate("Changes", "Kept in the outbox"),
        )
        if updated is None:
            return
        host.disposition_comment.clear()
        await self.after_change(updated, translate("Changes", "Marked not qualified ({reason})").format(reason=reason))
        if updated.has_active_appointment:  # HeavySet's answer decides, not our reading of the documents
            when = host.editor.facts["appointment"].text()
            host.show_banner(
                translate(
                    "Changes",
                    "HeavySet kept {name}'s appointment ({when}) after the not-qualified mark, so its reminder stays. "
                    "If it should not happen, cancel it (Ctrl+Shift+X).",
                ).format(name=updated.name or translate("Changes", "the lead"), when=when)
            )

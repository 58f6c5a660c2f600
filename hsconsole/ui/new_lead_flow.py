"""A new caller: the new-lead form, the lead created (or kept in the outbox until HeavySet answers), then its
blocks to book (the booking itself is :meth:`hsconsole.ui.change_flows.ChangeFlows.book`'s).

Imports no service layer at load (the window's frame is built before it loads).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol

from hsconsole.ui.caller import Caller, Screen
from hsconsole.ui.language import translate

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtWidgets import QAbstractButton, QLineEdit

    from hsconsole.services.console import Consent, Console, NewLead
    from hsconsole.services.errors import Queued
    from hsconsole.services.models import LeadCreated, LeadSubmission
    from hsconsole.ui.calendar import SlotView
    from hsconsole.ui.calendar_pane import CalendarPane
    from hsconsole.ui.change_flows import ChangeFlows
    from hsconsole.ui.lookup_flow import LookupFlow
    from hsconsole.ui.new_lead import NewLeadForm
    from hsconsole.ui.outbox_watch import OutboxWatch


class Host(Protocol):
    """What the new-lead flow needs of the console window."""

    console: Console
    caller: Caller
    lookup: LookupFlow
    changes: ChangeFlows
    outbox_watch: OutboxWatch
    new_lead_form: NewLeadForm
    phone_input: QLineEdit
    slot_view: SlotView
    calendar_pane: CalendarPane

    def status(self, text: str) -> None: ...

    def show_banner(self, text: str) -> None: ...

    def run(
        self, slot: str, work: Callable[[], Coroutine[Any, Any, None]], *, busy: tuple[QAbstractButton, ...] = ()
    ) -> asyncio.Task[None] | None: ...

    def update_buttons(self) -> None: ...

    def next_caller(self, phone: str | None, screen: Screen) -> Caller: ...

    def show_screen(self, screen: Screen) -> None: ...

    def focus_phone(self) -> None: ...


class NewLeadFlow:
    """The new-lead form's way from a number to a lead with blocks to book, for ``host``."""

    def __init__(self, host: Host) -> None:
        self.host = host

    def start(self, *, not_found: str | None = None, take_keyboard: bool = True) -> None:
        """The new-lead form: for ``not_found``, the number a lookup found no lead for (the same caller, going
        on), or for a new caller (Ctrl+N). ``take_keyboard``: the form gets it (not while the setter may still
        be typing the number)."""
        from hsconsole.services.formatting import phone_for_display

        host = self.host
        if not_found is None:
            if not host.lookup.may_leave_lead(None):
                return
            host.next_caller(None, Screen.NEW_LEAD)
            heading = translate("NewLeadForm", "Create the lead, then pick a block on the right and book it.")
        elif take_keyboard:
            heading = translate(
                "NewLeadForm",
                "HeavySet has no lead with the phone number {phone}. If this is a new caller, enter their details, "
                "create the lead and book them now. If the number is wrong, correct it in the phone field (Ctrl+F) "
                "and press Enter.",
            ).format(phone=phone_for_display(not_found))
        else:  # looked up as the number was typed: the keyboard is still in the phone field
            heading = translate(
                "NewLeadForm",
                "HeavySet has no lead with the phone number {phone}. If this is a new caller, press Enter to fill in "
                "their details, then create the lead and book them. If the number is wrong, correct it in the phone "
                "field.",
            ).format(phone=phone_for_display(not_found))
        host.show_screen(Screen.NEW_LEAD)
        host.calendar_pane.clear(translate("NewLeadForm", "Appointment blocks (after the lead is created)"))
        phone = phone_for_display(not_found) if not_found else host.phone_input.text()
        host.new_lead_form.start(phone, heading, take_keyboard=take_keyboard)
        host.show_banner("")
        host.update_buttons()

    def back(self) -> None:
        """The form is left: no caller on screen."""
        host = self.host
        host.next_caller(None, Screen.EMPTY)
        host.show_screen(Screen.EMPTY)
        host.calendar_pane.clear()
        host.show_banner("")
        host.focus_phone()
        host.update_buttons()

    def create(self) -> None:
        """Send the form, once its fields are right (nothing is sent while one is wrong)."""
        from pydantic import ValidationError

        from hsconsole.services.models import LeadSubmission

        host = self.host
        form = host.new_lead_form
        if host.caller.new_lead is not None:
            return
        problems = form.problems()
        if problems:
            form.show_errors(problems)
            host.show_banner(translate("NewLeadFlow", "Check the highlighted fields. Nothing was sent."))
            return
        values = form.values()
        try:
            submission = LeadSubmission(
                phone=values["phone"],
                zip=values["zip"],
                first_name=values["first_name"] or None,
                last_name=values["last_name"] or None,
                address1=values["address1"] or None,
                email=values["email"] or None,
                product=values["product"] or None,
                comments=values["comments"] or None,
            )
        except ValidationError as exc:
            errors = {}
            for error in exc.errors(include_url=False, include_input=False):
                name = str(error["loc"][0]) if error["loc"] else ""
                errors[name] = str(error["msg"]).removeprefix("Value error, ")
            loose = form.show_errors(errors)
            check = translate("NewLeadFlow", "Check the highlighted fields.")
            host.show_banner(check + ("\n" + "\n".join(loose) if loose else ""))
            return
        form.clear_errors()
        consent = form.consent()
        host.run("create", lambda: self._create(submission, consent), busy=(form.create_button,))

    async def _create(self, submission: LeadSubmission, consent: Consent) -> None:
        from hsconsole.ui.messages import describe, field_errors

        host = self.host
        form = host.new_lead_form

        def waiting(queued: Queued) -> None:  # the form stays, locked, and says where the lead is
            host.outbox_watch.connection(queued.cause)
            form.set_locked(True)
            form.heading.setText(
                translate(
                    "NewLeadFlow",
                    "The new lead waits in the outbox and is created as soon as HeavySet answers; "
                    "its blocks appear here then.",
                )
            )
            host.show_banner(describe(queued))
            host.status(translate("NewLeadFlow", "Kept in the outbox: {change}").format(change=queued.entry.summary))

        host.status(translate("NewLeadFlow", "Creating the lead…"))
        host.caller.submitted_phone = host.caller.phone = submission.phone
        new_lead = await host.changes.change(
            translate("NewLeadFlow", "Creating the lead"),
            lambda: host.console.create_lead(submission, consent=consent),
            kept=translate("NewLeadFlow", "Kept in the outbox"),
            on_queued=waiting,
            fields=lambda exc: form.show_errors(field_errors(exc)),
        )
        if new_lead is not None:
            self.show(new_lead)

    async def carry_on(self, phone: str, created: LeadCreated) -> None:
        """A queued new lead reached HeavySet: fetch its blocks and carry on."""
        self.show(await self.host.console.new_lead_slots(phone, created))

    def show(self, new_lead: NewLead) -> None:
        """The lead is created: its blocks to book."""
        from hsconsole.ui.messages import describe

        host = self.host
        host.caller.new_lead = new_lead
        host.caller.slots = new_lead.slots
        host.new_lead_form.set_locked(True)
        host.new_lead_form.heading.setText(
            translate(
                "NewLeadFlow", "Lead created ({id}). Pick a block on the right and press Book (Ctrl+Enter)."
            ).format(id=new_lead.created.lead_id)
        )
        blocks = (
            ""
            if new_lead.slots_error is None
            else translate(
                "NewLeadFlow", "The lead is created, but its blocks could not be loaded: {why} Press Refresh."
            ).format(why=describe(new_lead.slots_error))
        )
        host.show_banner("\n".join(x for x in (new_lead.consent_note, blocks) if x))
        host.lookup.show_slots()
        host.slot_view.setFocus()
        host.status(translate("NewLeadFlow", "Lead created: pick a block and book"))
        host.update_buttons()

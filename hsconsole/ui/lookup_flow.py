"""Looking a caller up: the number typed, the lead and its blocks shown (or "not found"), the calendar
refreshed, and the CRM's not-qualified reasons loaded.

A new search cancels the one in flight; a lookup's answer is shown only for the caller it was made for. The
progress bar and the status line's "Looking up…" appear only when a lookup is slow. The connection to HeavySet
is opened before the lookup needs it (:mod:`hsconsole.ui.warm_up`).

Imports no service layer at load (the window's frame is built before it loads).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer

from hsconsole.ui.caller import Caller, Screen
from hsconsole.ui.language import translate
from hsconsole.ui.lead_pane import PAGE_LOOKING_UP, LeadPane
from hsconsole.ui.look_ahead import LookAhead
from hsconsole.ui.warm_up import WarmUp

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QLabel,
        QLineEdit,
        QProgressBar,
        QPushButton,
        QSpinBox,
        QStackedWidget,
    )

    from hsconsole.services.calendar import DayGroup
    from hsconsole.services.console import Console, LookupResult
    from hsconsole.ui.calendar import SlotView
    from hsconsole.ui.calendar_pane import CalendarPane
    from hsconsole.ui.editor import LeadEditor
    from hsconsole.ui.lead_extras import ConnectorPanel
    from hsconsole.ui.new_lead import NewLeadForm
    from hsconsole.ui.outbox_watch import OutboxWatch
    from hsconsole.ui.search_pane import SearchPane

SPINNER_DELAY_MS = 150
"""A lookup shows its progress bar only when it takes longer than this."""


class NewLeads(Protocol):
    """The new-lead form's flow, as looking up opens it for a number the CRM has no lead for."""

    def start(self, *, not_found: str | None = None, take_keyboard: bool = True) -> None: ...


class Host(Protocol):
    """What looking up needs of the console window."""

    console: Console
    caller: Caller
    setter_zone: str
    outbox_watch: OutboxWatch
    lead_shown: SignalInstance
    confirm: Callable[[str, str], bool]
    search_pane: SearchPane
    phone_input: QLineEdit
    phone_hint: QLabel
    spinner: QProgressBar
    pages: QStackedWidget
    looking_up_label: QLabel
    lead_pane: LeadPane
    new_lead_form: NewLeadForm
    editor: LeadEditor
    connector_panel: ConnectorPanel
    disposition_combo: QComboBox
    refresh_dispositions_button: QPushButton
    calendar_pane: CalendarPane
    new_leads: NewLeads
    days_ahead: QSpinBox
    slot_view: SlotView

    @property
    def ready(self) -> bool: ...

    @property
    def gone(self) -> bool: ...

    @property
    def banner_text(self) -> str: ...

    def status(self, text: str) -> None: ...

    def show_banner(self, text: str) -> None: ...

    def report(self, exc: BaseException, doing: str) -> None: ...

    def run(
        self, slot: str, work: Callable[[], Coroutine[Any, Any, None]], *, busy: tuple[QAbstractButton, ...] = ()
    ) -> asyncio.Task[None] | None: ...

    def busy(self, slot: str) -> bool: ...

    def update_buttons(self) -> None: ...

    def next_caller(self, phone: str | None, screen: Screen) -> Caller: ...

    def show_screen(self, screen: Screen) -> None: ...


class LookupFlow:
    """Searches, the lead and its blocks on screen, and the not-qualified reasons, for ``host``."""

    def __init__(self, host: Host, parent: QObject) -> None:
        self.host = host
        self.search_phone: str | None = None
        """The number of the last lookup started."""
        # shown only when a lookup is slow: a quick one then costs no relayout and no busy animation
        self._spinner_delay = QTimer(parent)
        self._spinner_delay.setSingleShot(True)
        self._spinner_delay.setInterval(SPINNER_DELAY_MS)
        self._spinner_delay.timeout.connect(self.search_is_slow)
        self._search_ticker = QTimer(parent)
        self._search_ticker.setInterval(1000)
        self._search_ticker.timeout.connect(self.search_is_slow)
        self.warm_up = WarmUp(host, parent)
        self.ahead = LookAhead(host, self.search)

    def attached(self) -> None:
        """The console is attached: the number already typed is read, and the connection to HeavySet opened."""
        host = self.host
        self.warm_up.start()
        host.phone_input.textEdited.connect(self._phone_edited)
        self.phone_typed(host.phone_input.text())

    def _phone_edited(self, text: str) -> None:
        if text.strip():  # a digit typed: a lookup is coming
            self.warm_up.nudge()
        self.ahead.edited(text)

    # ================================================================ the number

    def phone_typed(self, text: str) -> None:
        host = self.host
        if not host.ready:
            return  # attach() says it once the console is there
        from hsconsole.services.errors import InvalidPhoneError

        if not text.strip():
            host.phone_hint.setText(" ")
            return
        try:
            e164 = host.console.normalize(text)
        except InvalidPhoneError as exc:
            host.phone_hint.setText(exc.reason if len(text.strip()) >= 10 else translate("Lookup", "Keep typing…"))
            return
        self._show_number(e164)

    def _show_number(self, e164: str) -> None:
        """The hint under the phone field: the number as it will be looked up."""
        from hsconsole.services.formatting import phone_for_display

        self.host.phone_hint.setText(f"→ {phone_for_display(e164)}  ({e164})")

    def search(self, raw: str) -> asyncio.Task[None] | None:
        """Look ``raw`` up (the console is attached); a new search cancels the one in flight."""
        from hsconsole.services.errors import InvalidPhoneError

        host = self.host
        try:
            phone = host.console.normalize(raw)
        except InvalidPhoneError as exc:
            host.phone_hint.setText("⚠ " + exc.reason)
            host.status(translate("Lookup", "Not looked up: {why}").format(why=exc.reason))
            return None
        if not self.may_leave_lead(phone):
            self._kept_for_later(raw, phone)
            return None
        if host.phone_input.text() != raw:
            host.phone_input.setText(raw)
        else:
            self._show_number(phone)  # the hint says the number looked up, not what was said of it before
        self.search_phone = phone
        self.ahead.search_started()
        self.warm_up.touch()
        if not host.caller.is_for(phone) or host.caller.screen is Screen.NEW_LEAD:
            host.next_caller(phone, Screen.LOOKING_UP)  # another caller: nothing of the last one goes on
        else:
            host.caller.go(Screen.LOOKING_UP)  # the same caller again: what is shown stays until the answer
        return host.run("search", lambda: self._search(phone))

    def _kept_for_later(self, raw: str, phone: str) -> None:
        """The setter kept the unsaved edits of the caller on screen: the number asked for is not dropped."""
        from hsconsole.services.formatting import phone_for_display

        host = self.host
        shown = phone_for_display(phone)
        if host.phone_input.text() != raw:
            host.phone_input.setText(raw)
        lead = host.caller.lead
        who = lead.name if lead is not None and lead.name else translate("Lookup", "this lead")
        host.phone_hint.setText(
            translate("Lookup", "{number}: not looked up yet. Save or revert {who}, then press Enter here.").format(
                number=shown, who=who
            )
        )
        host.show_banner(
            translate(
                "Lookup",
                "{number} was not looked up: you kept your unsaved changes to {who}. Save them (Ctrl+S) or revert "
                "them (Esc), then press Enter in the phone field (Ctrl+F) to look it up.",
            ).format(number=shown, who=who)
        )
        host.status(translate("Lookup", "{number} is waiting in the phone field").format(number=shown))

    def may_leave_lead(self, phone: str | None) -> bool:
        """Ask before unsaved edits of the lead on screen would be dropped."""
        host = self.host
        lead = host.caller.lead
        if lead is None or not host.caller.screen.shows_lead or phone == lead.phone:
            return True
        if not host.editor.is_dirty():
            return True
        return host.confirm(
            translate("Questions", "Unsaved changes"),
            translate("Questions", "You changed {name} and did not save.\nDiscard those changes?").format(
                name=lead.name or translate("Questions", "this lead")
            ),
        )

    # ================================================================ the spinner

    def search_started(self) -> None:
        """A lookup went off: its spinner waits to see whether it is slow."""
        if not self.host.spinner.isVisible():
            self._spinner_delay.start()

    def follow_spinner(self) -> None:
        """The spinner shows while a slow lookup is on its way, and goes when none is."""
        host = self.host
        if not host.busy("search"):
            self._spinner_delay.stop()
            host.spinner.setVisible(False)
        elif not host.spinner.isVisible() and not self._spinner_delay.isActive():
            self._spinner_delay.start()

    def search_is_slow(self) -> None:
        from hsconsole.services.formatting import phone_for_display

        host = self.host
        if host.busy("search"):
            host.spinner.setVisible(True)
            if self.search_phone and host.caller.screen is Screen.LOOKING_UP and host.caller.lead is None:
                # another caller than the one shown: the last one's lead does not stay on screen meanwhile
                host.looking_up_label.setText(
                    translate("Lookup", "Looking up {number}…").format(number=phone_for_display(self.search_phone))
                )
                host.pages.setCurrentIndex(PAGE_LOOKING_UP)
            if self.search_phone:
                who = phone_for_display(self.search_phone)
                wait = host.console.request_wait()
                if wait > 0.5:  # queued behind HeavySet's request limit: say so, and until when
                    from hsconsole.domain.slots import load_zone
                    from hsconsole.services.formatting import clock

                    now = time.time()
                    at = clock(now + wait, now, load_zone(host.setter_zone))
                    host.status(
                        translate(
                            "Lookup", "HeavySet's limit of requests a minute is reached: {number} is looked up at {at}…"
                        ).format(number=who, at=at)
                    )
                else:
                    host.status(translate("Lookup", "Looking up {number}…").format(number=who))
            if not self._search_ticker.isActive():  # the status follows the wait: it ends, or a new one starts
                self._search_ticker.start()
        else:
            self._search_ticker.stop()

    # ================================================================ the answer

    async def _search(self, phone: str) -> None:
        import asyncio

        from pydantic import ValidationError

        from hsconsole.services.calendar import BUILD_SLICE, build_calendar_async
        from hsconsole.services.errors import ApiError, NotFoundError

        host = self.host
        caller = host.caller
        keep = host.editor.edits() if caller.lead is not None and caller.lead.phone == phone else None
        try:
            result = await host.console.lookup(phone, limit_days=host.days_ahead.value())
        except NotFoundError:
            host.outbox_watch.connection(None)
            if host.caller is caller:
                self.show_not_found(phone)
            return
        except (ApiError, ValidationError) as exc:
            if host.caller is caller:
                # the same caller's lead stays as it was; another caller's screen shows nothing of the last one
                back = Screen.FIXING if caller.fix_entry is not None and caller.lead else Screen.LEAD
                host.show_screen(back if caller.lead is not None else Screen.EMPTY)
                host.report(exc, translate("Lookup", "Lookup"))
            return
        host.outbox_watch.connection(None)
        if host.caller is not caller:
            return  # the setter turned to another caller (a new lead) while this one was looked up
        if result.slots is not None and len(result.slots.slots) > BUILD_SLICE:
            # A big calendar: its rows made a slice per loop turn, then the lead is shown (and painted)
            # in one turn and the calendar set in the next, so no single turn holds the window for long.
            try:
                days = await build_calendar_async(result.slots, host.setter_zone, result.lead.block_id)
            except ValueError:
                days = None  # show_slots says why when it builds it again
            if days is not None:
                await host.slot_view.prepare(days)
            self.show_lookup(result, keep=keep, calendar=False)
            await asyncio.sleep(0)
            self.show_calendar(result, days)
        else:
            self.show_lookup(result, keep=keep)
        host.search_pane.remember(phone, result.lead.name)

    def show_lookup(self, result: LookupResult, *, keep: dict[str, Any] | None = None, calendar: bool = True) -> None:
        """The lead in the editor, and its blocks unless ``calendar`` is False (then :meth:`show_calendar`)."""
        from hsconsole.services.formatting import phone_for_display
        from hsconsole.services.outbox import payload_as_edits

        host = self.host
        outbox = host.outbox_watch.outbox
        host.caller.new_lead = None
        host.caller.lead = result.lead
        host.caller.slots = result.slots
        host.caller.phone = result.lead.phone
        zone = result.slots.time_zone if result.slots else None
        host.editor.lead_zone = zone
        fix = host.caller.fix_entry
        fixing = fix is not None and fix.phone == result.lead.phone and outbox is not None
        host.show_screen(Screen.FIXING if fixing else Screen.LEAD)
        host.show_banner("")
        if fixing and fix is not None and outbox is not None:
            keep = {**(keep or {}), **payload_as_edits(fix.payload)}
            outbox.discard(fix.id)
            host.caller.fix_entry = None
        host.outbox_watch.load_with_pending(result.lead, keep=keep)
        if fixing and fix is not None:
            from hsconsole.ui.messages import field_errors_in

            why = (fix.last_error or "").strip().rstrip(".")
            loose = host.editor.show_field_errors(field_errors_in(why)) if why else []
            who = result.lead.name or translate("Lookup", "this lead")
            refused = (
                translate("Lookup", "HeavySet refused a change to {who}: {why}.").format(who=who, why=why)
                if why
                else translate("Lookup", "HeavySet refused a change to {who}.").format(who=who)
            )
            back = translate(
                "Lookup", "What was refused is back in the fields, marked as changed: fix it and save again (Ctrl+S)."
            )
            host.show_banner(f"{refused} {back}" + ("\n" + "\n".join(loose) if loose else ""))
        found = result.lead.name or phone_for_display(result.lead.phone)
        host.status(translate("Lookup", "Found {who}").format(who=found))
        if host.disposition_combo.count() == 0 and not host.busy("dispositions"):
            self.load_dispositions()
        host.connector_panel.show_lead(result.lead, zone)
        host.lead_pane.history.show_for(
            host.caller, result.lead, region=host.console.region, profile=host.console.profile
        )
        if calendar:
            self.show_calendar(result)
        else:
            host.slot_view.set_days([])  # not the previous lead's blocks meanwhile (it updates the buttons)

    def show_calendar(self, result: LookupResult, days: list[DayGroup] | None = None) -> None:
        """The looked-up lead's blocks (``days`` when they were built already); then ``lead_shown``."""
        from hsconsole.ui.messages import describe

        host = self.host
        if host.caller.lead is not result.lead:
            return  # another lookup or a new lead took the window meanwhile
        self.show_slots(days=days)
        if result.slots_error is not None:
            host.show_banner(
                (host.banner_text + "\n" if host.banner_text else "")
                + translate("Lookup", "The lead is shown, but its blocks could not be loaded.")
                + " "
                + describe(result.slots_error)
            )
        host.lead_shown.emit(result.lead.phone)

    def show_not_found(self, phone: str) -> None:
        """No lead has the number: the new-lead form opens on it, the keyboard on the first name (a wrong
        number is corrected in the phone field, and looked up again)."""
        from hsconsole.services.formatting import phone_for_display

        host = self.host
        host.caller.lead = None
        host.caller.slots = None
        host.caller.new_lead = None
        host.caller.phone = phone
        host.connector_panel.clear()
        host.new_leads.start(not_found=phone, take_keyboard=not self.ahead.took(phone))
        host.status(translate("Lookup", "No lead for {number}").format(number=phone_for_display(phone)))

    # ================================================================ the calendar

    def show_slots(self, select: str | None = None, *, days: list[DayGroup] | None = None) -> None:
        """Show the caller's blocks (``days`` when they were built already)."""
        from hsconsole.services.calendar import build_calendar

        host = self.host
        if host.caller.slots is None:  # none loaded for this caller: nothing of the last one's stays in the title
            host.calendar_pane.clear(translate("Lookup", "Appointment blocks: not loaded"))
            return
        current = host.caller.lead.block_id if host.caller.lead is not None and host.caller.new_lead is None else None
        try:
            days = days if days is not None else build_calendar(host.caller.slots, host.setter_zone, current)
        except ValueError as exc:
            host.show_banner(translate("Lookup", "The blocks could not be shown: {why}").format(why=exc))
            host.calendar_pane.clear(translate("Lookup", "Appointment blocks: not shown"))
            return
        host.calendar_pane.show_days(host.caller.slots, days, host.setter_zone, select or current)

    def refresh_slots(self) -> None:
        host = self.host
        if host.caller.new_lead is not None and host.caller.screen is Screen.NEW_LEAD:
            host.run("slots", self.reload_new_lead_slots)
        elif host.caller.lead is not None:
            host.run("slots", self.reload_slots)

    async def reload_slots(self, select: str | None = None, *, quiet: bool = False) -> None:
        """The lead's blocks again (the one selected stays selected, or ``select``)."""
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError

        host = self.host
        if host.caller.lead is None:
            return
        selected = host.slot_view.selected_row()
        try:
            host.caller.slots = await host.console.slots(host.caller.lead.phone, limit_days=host.days_ahead.value())
        except (ApiError, ValidationError) as exc:
            host.report(exc, translate("Lookup", "Loading blocks"))
            return
        self.show_slots(select or (selected.block_id if selected else None))
        if not quiet:
            host.status(translate("Lookup", "Calendar refreshed"))

    async def reload_new_lead_slots(self) -> None:
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError

        host = self.host
        if host.caller.new_lead is None:
            return
        try:
            host.caller.new_lead = await host.console.refresh_new_lead_slots(host.caller.new_lead)
        except (ApiError, ValidationError) as exc:
            host.report(exc, translate("Lookup", "Loading blocks"))
            return
        host.caller.slots = host.caller.new_lead.slots
        self.show_slots()

    # ================================================================ not-qualified reasons

    def load_dispositions(self, refresh: bool = False) -> None:
        """The CRM's not-qualified reasons (asked again with ``refresh``; the choice being made stays)."""
        host = self.host
        host.run("dispositions", lambda: self._load_dispositions(refresh), busy=(host.refresh_dispositions_button,))

    async def _load_dispositions(self, refresh: bool) -> None:
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError

        host = self.host
        try:
            reasons = await host.console.dispositions(refresh=refresh)
        except (ApiError, ValidationError) as exc:
            host.report(exc, translate("Lookup", "Loading not-qualified reasons"))
            return
        current = host.disposition_combo.currentText()
        host.disposition_combo.clear()
        host.disposition_combo.addItems(reasons)
        host.disposition_combo.setCurrentIndex(reasons.index(current) if current in reasons else -1)
        if refresh:
            host.status(translate("Lookup", "{count} not-qualified reasons loaded").format(count=len(reasons)))
        host.update_buttons()

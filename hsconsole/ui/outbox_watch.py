"""What the console window does as the outbox sends the changes kept in it, and whether HeavySet answers.

:class:`OutboxWatch` listens to the profile's outbox: the pending count in the status line, a change that
reached HeavySet shown on the lead it was made for (a new lead kept in the outbox carries on to its blocks),
a refused one put back in the fields to be fixed, and the lead shown as it will be once its waiting changes
land. It also follows the connection: online or offline in the status line, and the outbox told when HeavySet
answers again after it was out of reach.

Imports no service layer at load (the window's frame is built before it loads).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol

from hsconsole.ui.caller import Caller, Screen
from hsconsole.ui.language import translate

if TYPE_CHECKING:
    import asyncio

    from hsconsole.services.console import Console
    from hsconsole.services.models import ExistingLead, LeadCreated
    from hsconsole.services.outbox import OutboxEntry, OutboxService
    from hsconsole.services.tasks import TaskKeeper
    from hsconsole.ui.editor import LeadEditor
    from hsconsole.ui.lead_extras import ConnectorPanel
    from hsconsole.ui.status_line import StatusLine


class Host(Protocol):
    """What the outbox watch needs of the console window."""

    console: Console
    caller: Caller
    setter_zone: str
    tasks: TaskKeeper
    editor: LeadEditor
    connector_panel: ConnectorPanel
    status_line: StatusLine

    @property
    def gone(self) -> bool: ...

    @property
    def outbox_panel(self) -> Any: ...

    def status(self, text: str) -> None: ...

    def show_banner(self, text: str) -> None: ...

    def show_waiting(self, text: str) -> None: ...

    def search(self, raw: str) -> asyncio.Task[None] | None: ...

    def run(self, slot: str, work: Callable[[], Coroutine[Any, Any, None]]) -> asyncio.Task[None] | None: ...

    async def reload_slots(self, select: str | None = None, *, quiet: bool = False) -> None: ...

    async def continue_new_lead(self, phone: str, created: LeadCreated) -> None: ...


class OutboxWatch:
    """The window's side of the outbox (:attr:`outbox`, None without one) and of the connection to HeavySet."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.outbox: OutboxService | None = None
        self.offline = False
        self._route_note_told = False

    def attach(self, outbox: OutboxService | None) -> None:
        """Watch ``outbox`` from now on (the last one's listeners go) and start sending what it keeps."""
        old = self.outbox
        if old is not None:
            if self.changed in old.on_change:
                old.on_change.remove(self.changed)
            for listeners, callback in ((old.on_done, self.done), (old.on_failed, self.failed)):
                if callback in listeners:
                    listeners.remove(callback)
        self.outbox = outbox
        if outbox is not None:
            outbox.on_change.append(self.changed)
            outbox.on_done.append(self.done)
            outbox.on_failed.append(self.failed)
            self.host.tasks.spawn(outbox.run(), slot="replayer")
        self.changed()

    def changed(self) -> None:
        host = self.host
        if host.gone:
            return
        outbox = self.outbox
        if outbox is None:
            host.status_line.no_outbox()
            return
        from hsconsole.domain.slots import load_zone

        pending, failed = outbox.pending_count(), outbox.failed_count()
        waiting = host.caller.waiting_banner is not None and host.caller.phone is not None
        if waiting and not outbox.store.pending_for(outbox.profile, host.caller.phone or ""):
            host.show_waiting("")  # all of the caller's changes landed (or were refused: said apart)
        # what waits and until when, for as long as it is true
        note = outbox.wait_note(load_zone(host.setter_zone)) if pending else None
        host.status_line.show_pending(pending, failed, note)

    def done(self, entry: OutboxEntry) -> None:
        from hsconsole.services.models import ExistingLead, LeadCreated

        host = self.host
        if host.gone:
            return
        if entry.lane != "heavyset":
            host.status(translate("OutboxWatch", "Reached Apptoto: {change}").format(change=entry.summary))
            if host.caller.lead is not None and entry.phone == host.caller.lead.phone:
                host.connector_panel.reload_reminders()
            return
        self.connection(None)
        host.status(translate("OutboxWatch", "Reached HeavySet: {change}").format(change=entry.summary))
        if entry.kind == "lead" and host.caller.screen is Screen.NEW_LEAD and host.caller.new_lead is None:
            if entry.phone == host.caller.submitted_phone and entry.result:
                created = LeadCreated.model_validate(entry.result)
                host.run("create", lambda: host.continue_new_lead(entry.phone, created))
            return
        if host.caller.lead is not None and entry.phone == host.caller.lead.phone and host.caller.screen.shows_lead:
            if entry.kind == "update" and entry.result:
                keep = host.editor.edits()
                lead = ExistingLead.model_validate(entry.result)
                host.caller.lead = lead
                self.load_with_pending(lead, keep=keep)
                host.run("slots", lambda: host.reload_slots(quiet=True))
            else:
                host.search(entry.phone)

    def failed(self, entry: OutboxEntry) -> None:
        host = self.host
        if host.gone:
            return
        if entry.lane != "heavyset":
            host.show_banner(
                translate(
                    "OutboxWatch",
                    "Apptoto refused a reminder update: {change}. {why} The HeavySet booking stands. "
                    "Open Pending changes (in the status bar) to retry or discard it.",
                ).format(change=entry.summary, why=entry.last_error or "")
            )
            host.status(translate("OutboxWatch", "Apptoto refused: {change}").format(change=entry.summary))
            return
        self.connection(None)  # a refusal is an answer: HeavySet is reachable
        on_screen = host.caller.is_for(entry.phone) and host.caller.screen.shows_lead and entry.kind == "update"
        # the refused values were shown as if saved: they go back in the fields, marked as changed
        if on_screen and host.search(entry.phone) is not None:
            host.caller.fix_entry = entry
            host.status(translate("OutboxWatch", "Refused: {change}").format(change=entry.summary))
            return
        host.show_banner(
            translate(
                "OutboxWatch",
                "HeavySet refused a change that was waiting to be sent: {change}. {why} "
                "Open Pending changes (in the status bar) to fix or discard it.",
            ).format(change=entry.summary, why=entry.last_error or "")
        )
        host.status(translate("OutboxWatch", "Refused: {change}").format(change=entry.summary))

    def fix_entry(self, entry_id: int) -> None:
        """Open a refused change's lead with what was typed back in the editor."""
        if self.outbox is None:
            return
        entry = self.outbox.store.get(entry_id)
        if entry is None or entry.status != "failed":
            return
        host = self.host
        if host.outbox_panel is not None:
            host.outbox_panel.hide()
        if host.search(entry.phone) is not None:  # the setter may keep the edits on screen instead
            host.caller.fix_entry = entry

    def load_with_pending(self, lead: ExistingLead, *, keep: dict[str, Any] | None = None) -> None:
        """Show the lead as it will be once its waiting changes land, and say so."""
        from hsconsole.services.outbox import apply_pending

        host = self.host
        entries = self.outbox.store.pending_for(self.outbox.profile, lead.phone) if self.outbox else []
        shown, notes = apply_pending(lead, entries)
        host.editor.load(shown, keep=keep, lead_zone=host.editor.lead_zone)
        host.connector_panel.update_lead(shown)
        host.caller.pending_notes = notes
        if notes:
            waiting = translate("OutboxWatch", "Waiting to be sent to HeavySet (already shown below):")
            host.show_waiting(waiting + "\n• " + "\n• ".join(notes))
        else:
            host.show_waiting("")

    def connection(self, exc: BaseException | None) -> None:
        """HeavySet answered (``exc`` None), or a request failed with ``exc``: offline when it is a network
        failure; the outbox sends at once when HeavySet is back."""
        from hsconsole.services.errors import NetworkError

        host = self.host
        if exc is None:
            was_offline = self.offline
            self.offline = False
            route_note = host.console.route_note()
            host.status_line.connected(route_note or "")
            if route_note and not self._route_note_told:  # the regional route was left: said where one looks
                self._route_note_told = True
                host.status(route_note)
            if was_offline and self.outbox is not None:
                self.outbox.network_back()
        elif isinstance(exc, NetworkError):
            self.offline = True
            host.status_line.offline()

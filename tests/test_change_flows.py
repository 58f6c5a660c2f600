"""How a change tells its outcome (:meth:`ChangeFlows.change`), without widgets or a simulator.

The console is a fake whose change returns a lead or raises what the real one raises; the window is a fake
host that records what it is told. Each outcome is told once and as it is, and an answer that arrives after
the setter turned to another caller is not shown on that caller's screen.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import pytest

from hsconsole.services.errors import BadRequestError, NetworkError, Queued, SlotUnavailableError
from hsconsole.services.models import ExistingLead
from hsconsole.services.outbox import OutboxEntry
from hsconsole.ui.caller import Caller, Screen
from hsconsole.ui.change_flows import ChangeFlows
from hsconsole.ui.messages import describe

PHONE = "+18015550123"
OTHER = "+13035550188"


def finish(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine that never waits (the fakes answer at once) to its end, without an event loop."""
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
    coro.close()
    raise AssertionError("the coroutine waited for something the fakes never give")


def lead(phone: str = PHONE, name: str = "Dana Reyes") -> ExistingLead:
    return ExistingLead.model_validate({"phone": phone, "name": name})


def entry(phone: str = PHONE, summary: str = "Save Dana Reyes: email") -> OutboxEntry:
    now = time.time()
    return OutboxEntry(
        id=7,
        profile="default",
        kind="update",
        phone=phone,
        idempotency_key="k-7",
        payload={},
        summary=summary,
        status="pending",
        created_at=now,
        updated_at=now,
        attempts=1,
        next_attempt_at=now,
        last_error=None,
        result=None,
    )


class FakeConsole:
    """A console whose change answers with ``answer`` (a lead) or raises it; ``before`` runs first (the setter
    doing something while the request is on its way)."""

    def __init__(self, answer: ExistingLead | BaseException, before: Callable[[], None] | None = None) -> None:
        self.answer = answer
        self.before = before
        self.calls: list[tuple[str, Any]] = []

    async def save(self, lead: ExistingLead, values: dict[str, Any], *, comment: str = "") -> ExistingLead:
        self.calls.append(("save", values))
        if self.before is not None:
            self.before()
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


class FakeWatch:
    def __init__(self, told: list[tuple[str, Any]]) -> None:
        self.told = told

    def connection(self, exc: BaseException | None) -> None:
        self.told.append(("connection", exc))

    def load_with_pending(self, lead: ExistingLead, *, keep: dict[str, Any] | None = None) -> None:
        self.told.append(("load_with_pending", lead.phone))


class FakeLookup:
    def __init__(self, told: list[tuple[str, Any]]) -> None:
        self.told = told

    async def reload_slots(self, select: str | None = None, *, quiet: bool = False) -> None:
        self.told.append(("reload_slots", select))


class FakeEditor:
    """The lead editor as the save flow reads it: dirty with one field, no problems."""

    def __init__(self, told: list[tuple[str, Any]], shown: ExistingLead) -> None:
        self.told = told
        self.lead = shown
        self.comment = type("Comment", (), {"text": lambda _self: ""})()

    def is_dirty(self) -> bool:
        return True

    def problems(self) -> dict[str, str]:
        return {}

    def edits(self) -> dict[str, Any]:
        return {"email": "dana@example.com"}

    def values(self) -> dict[str, Any]:
        return {"email": "dana@example.com"}

    def show_field_errors(self, errors: dict[str, str]) -> list[str]:
        self.told.append(("field_errors", errors))
        return []


class FakeHost:
    """The window as the change flows see it, recording everything it is told in order."""

    def __init__(self, console: FakeConsole | None = None) -> None:
        self.told: list[tuple[str, Any]] = []
        self.console = console
        self.caller = Caller(phone=PHONE, screen=Screen.LEAD)
        self.outbox_watch = FakeWatch(self.told)
        self.lookup = FakeLookup(self.told)
        self.save_button = object()
        self._banner = ""

    @property
    def banner_text(self) -> str:
        return self._banner

    def status(self, text: str) -> None:
        self.told.append(("status", text))

    def show_banner(self, text: str) -> None:
        self._banner = text
        self.told.append(("banner", text))

    def show_waiting(self, text: str) -> None:
        self.caller.waiting_banner = text or None
        self.told.append(("waiting", text))

    def report(self, exc: BaseException, doing: str) -> None:
        self.told.append(("report", (exc, doing)))

    def update_buttons(self) -> None:
        self.told.append(("update_buttons", None))

    def show_screen(self, screen: Screen) -> None:
        self.caller.go(screen)
        self.told.append(("screen", screen))

    def run(self, slot: str, work: Callable[[], Coroutine[Any, Any, None]], *, busy: tuple[Any, ...] = ()) -> None:
        self.told.append(("run", slot))
        finish(work())

    def kinds(self, *names: str) -> list[tuple[str, Any]]:
        return [(kind, what) for kind, what in self.told if kind in names]


def change(host: FakeHost, work: Callable[[], Awaitable[Any]], **options: Any) -> tuple[Any, ChangeFlows]:
    flows = ChangeFlows(host)  # type: ignore[arg-type]  # a fake host, typed loosely
    return finish(flows.change("Saving", work, kept="Saved to the outbox", **options)), flows


def answering(answer: Any, before: Callable[[], None] | None = None) -> Callable[[], Awaitable[Any]]:
    async def work() -> Any:
        if before is not None:
            before()
        if isinstance(answer, BaseException):
            raise answer
        return answer

    return work


# ================================================================ made


def test_a_change_made_returns_its_answer_and_says_heavyset_answered() -> None:
    host, updated = FakeHost(), lead()
    result, _flows = change(host, answering(updated))
    assert result is updated
    assert host.told == [("connection", None)]


def test_a_change_made_after_the_setter_turned_to_another_caller_is_only_said_done() -> None:
    host = FakeHost()

    def next_caller() -> None:
        host.caller = Caller(phone=OTHER, screen=Screen.LOOKING_UP)

    result, _flows = change(host, answering(lead(), before=next_caller))
    assert result is None  # nothing of it goes on the new caller's screen
    assert host.told == [("connection", None), ("status", "Saving: done")]


def test_a_save_answered_after_the_caller_changed_leaves_the_new_callers_screen_alone() -> None:
    shown = lead()
    console = FakeConsole(lead(name="Dana Reyes-Ortiz"))
    host = FakeHost(console)
    host.caller.lead = shown
    host.editor = FakeEditor(host.told, shown)  # type: ignore[attr-defined]

    def next_caller() -> None:
        host.caller = Caller(phone=OTHER, screen=Screen.LOOKING_UP)

    console.before = next_caller
    ChangeFlows(host).save()  # type: ignore[arg-type]
    assert console.calls == [("save", {"email": "dana@example.com"})]
    assert host.caller.lead is None
    assert host.caller.phone == OTHER and host.caller.waiting_banner is None
    assert host.kinds("banner", "waiting", "load_with_pending", "report", "screen") == []
    assert host.kinds("status") == [("status", "Saving: done")]


def test_a_save_made_shows_the_lead_as_heavyset_has_it() -> None:
    shown, updated = lead(), lead(name="Dana Reyes-Ortiz")
    host = FakeHost(FakeConsole(updated))
    host.caller = Caller(phone=PHONE, screen=Screen.FIXING, lead=shown)
    host.editor = FakeEditor(host.told, shown)  # type: ignore[attr-defined]
    ChangeFlows(host).save()  # type: ignore[arg-type]
    assert host.caller.lead is updated
    assert host.caller.screen is Screen.LEAD  # the refused change, fixed
    assert host.kinds("status") == [("status", "Saved Dana Reyes-Ortiz: email")]
    assert host.kinds("load_with_pending", "report") == [("load_with_pending", PHONE)]


# ================================================================ kept in the outbox


@pytest.mark.parametrize("booking", [False, True])
def test_a_change_kept_in_the_outbox_is_told_with_the_callers_waiting_changes(booking: bool) -> None:
    host = FakeHost()
    queued = Queued(entry(), None)
    result, _flows = change(host, answering(queued), booking=booking)
    assert result is None
    note = describe(queued)
    waiting = host.kinds("waiting")
    assert len(waiting) == 1 and waiting[0][1].startswith(note)
    assert ("block is not confirmed" in waiting[0][1]) is booking
    assert host.kinds("banner") == [("banner", "")]  # what was said of an earlier try is over
    assert host.kinds("status") == [("status", "Saved to the outbox: Save Dana Reyes: email")]
    assert host.kinds("report", "connection") == []


def test_a_change_kept_in_the_outbox_adds_to_what_the_caller_already_waits_for() -> None:
    host = FakeHost()
    host.caller.waiting_banner = "Waiting to be sent to HeavySet (already shown below):\n• address"
    queued = Queued(entry(), None)
    change(host, answering(queued))
    assert host.kinds("waiting") == [
        ("waiting", "Waiting to be sent to HeavySet (already shown below):\n• address\n" + describe(queued))
    ]


def test_a_change_kept_for_another_caller_is_told_in_the_banner_not_as_this_callers() -> None:
    host = FakeHost()
    queued = Queued(entry(phone=OTHER), None)
    change(host, answering(queued))
    assert host.kinds("waiting") == []
    assert host.kinds("banner") == [("banner", ""), ("banner", describe(queued))]
    assert host.caller.waiting_banner is None


def test_a_change_kept_because_heavyset_is_out_of_reach_says_so_once() -> None:
    host = FakeHost()
    cause = NetworkError("connection refused", sent=False)
    change(host, answering(Queued(entry(), cause)))
    assert host.kinds("connection") == [("connection", cause)]
    assert host.kinds("report") == []


def test_a_kept_change_of_the_lead_on_screen_shows_the_lead_as_it_will_be() -> None:
    host = FakeHost()
    host.caller.lead = lead()
    change(host, answering(Queued(entry(), None)))
    assert host.kinds("load_with_pending") == [("load_with_pending", PHONE)]


def test_a_change_kept_in_the_outbox_goes_to_its_own_handler_when_given() -> None:
    host, seen = FakeHost(), []
    queued = Queued(entry(), None)
    result, _flows = change(host, answering(queued), on_queued=seen.append)
    assert result is None
    assert seen == [queued]
    assert host.told == []


# ================================================================ the block taken meanwhile


def test_a_block_taken_meanwhile_is_said_and_the_blocks_reload() -> None:
    host, reloads = FakeHost(), []
    gone = SlotUnavailableError(None, "b-1")

    async def slot_gone() -> None:
        reloads.append("reload")

    result, _flows = change(host, answering(gone), booking=True, slot_gone=slot_gone)
    assert result is None
    assert host.told == [("report", (gone, "Saving"))]
    assert reloads == ["reload"]


def test_a_block_taken_while_the_setter_turned_to_another_caller_does_not_reload_that_callers_blocks() -> None:
    host, reloads = FakeHost(), []
    gone = SlotUnavailableError(None, "b-1")

    def next_caller() -> None:
        host.caller = Caller(phone=OTHER, screen=Screen.LOOKING_UP)

    async def slot_gone() -> None:
        reloads.append("reload")

    change(host, answering(gone, before=next_caller), slot_gone=slot_gone)
    assert host.told == [("report", (gone, "Saving"))]
    assert reloads == []


# ================================================================ refused or failed


def test_a_refusal_is_reported_once_with_what_has_no_field_under_it() -> None:
    host, named = FakeHost(), []
    refused = BadRequestError(["email: not an email address", "something else entirely"])

    def fields(exc: BaseException) -> list[str]:
        named.append(exc)
        return ["something else entirely"]

    host._banner = "Saving failed. HeavySet refused it."  # what report() put there
    result, _flows = change(host, answering(refused), fields=fields)
    assert result is None
    assert named == [refused]
    assert host.kinds("report") == [("report", (refused, "Saving"))]
    assert host.kinds("banner") == [("banner", "Saving failed. HeavySet refused it.\nsomething else entirely")]
    assert host.kinds("connection", "waiting", "status") == []


def test_a_refusal_after_the_caller_changed_marks_no_field_of_the_new_caller() -> None:
    host, named = FakeHost(), []
    refused = BadRequestError(["email: not an email address"])

    def next_caller() -> None:
        host.caller = Caller(phone=OTHER, screen=Screen.LOOKING_UP)

    def fields(exc: BaseException) -> list[str]:
        named.append(exc)
        return ["loose"]

    change(host, answering(refused, before=next_caller), fields=fields)
    assert named == []
    assert host.told == [("report", (refused, "Saving"))]


def test_a_network_failure_is_reported_once_and_nothing_else_is_said() -> None:
    host = FakeHost()
    failure = NetworkError("timed out", timeout=True)
    result, _flows = change(host, answering(failure))
    assert result is None
    assert host.told == [("report", (failure, "Saving"))]


def test_a_failure_that_is_no_api_error_is_not_swallowed() -> None:
    host = FakeHost()
    with pytest.raises(ZeroDivisionError):
        change(host, answering(ZeroDivisionError("a defect")))
    assert host.told == []

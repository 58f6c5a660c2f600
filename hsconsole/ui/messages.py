"""Failures in setter words: what happened and what to do next.

A server may echo a request's token in its error text: every text made here has the console's
secrets cut out (:func:`safe`), and so has every other text the window shows (the banner, the
status bar, a field's error line).
"""

from __future__ import annotations

import re
import time

from pydantic import ValidationError

from hsconsole.services.errors import (
    AnswerTooLargeError,
    ApiError,
    AuthRejectedError,
    BadRequestError,
    DemoModeError,
    ForbiddenError,
    InProgressError,
    InvalidPhoneError,
    InvalidResponseError,
    NetworkError,
    NotFoundError,
    Queued,
    RateLimitedError,
    ServerError,
    SlotUnavailableError,
    UncertainCreateError,
    UncertainOutcomeError,
)
from hsconsole.services.formatting import clock
from hsconsole.services.outbox import WIRE_TO_EDIT
from hsconsole.services.redaction import redact
from hsconsole.ui.language import translate

# Wire names of PhoneUpdateDto / lead fields → the editor's field names.
_WIRE_TO_FIELD = {**WIRE_TO_EDIT, "notQualifiedReason": "not_qualified_reason", "blockId": "block_id"}
_FIRST_WORD = re.compile(r"^\s*(?:property\s+)?([A-Za-z_]+)")


def safe(text: str) -> str:
    """``text`` without any secret of the console's (tokens, keys, one-time tokens): ``<redacted>`` instead."""
    return redact(text)


def describe(exc: BaseException, service: str = "HeavySet") -> str:
    """One or two sentences for the status bar or a message box; ``service`` names who failed.

    A server's words are quoted in some of them: secrets are cut out (:func:`safe`).
    """
    return safe(_describe(exc, service))


def _describe(exc: BaseException, service: str) -> str:
    if isinstance(exc, Queued):
        if exc.behind:
            return translate(
                "Messages",
                "Kept in the outbox behind {count} earlier change(s) of this lead; it is sent right after them.",
            ).format(count=exc.behind)
        return _queued(exc)
    if isinstance(exc, InvalidPhoneError):
        return exc.reason
    if isinstance(exc, UncertainCreateError):
        return translate(
            "Messages",
            "{service} did not confirm the link and none was found. Nothing was sent twice: "
            "Send again checks first, then sends.",
        ).format(service=service)
    if isinstance(exc, ForbiddenError):
        return translate("Messages", "{why}. Ask your HeavySet admin what this token may do.").format(why=exc.message)
    if isinstance(exc, PermissionError) or (
        isinstance(exc, ApiError) and exc.status == 403 and not isinstance(exc, DemoModeError)
    ):
        why = str(exc) or translate("Messages", "it may be read-only.")
        return translate("Messages", "{service} refused this key the action: {why}").format(service=service, why=why)
    if isinstance(exc, AuthRejectedError):
        if service != "HeavySet":
            return translate(
                "Messages", "{service} rejected the API key: open Settings ▸ Connectors and enter a new one."
            ).format(service=service)
        return translate("Messages", "Token rejected: open Setup and enter a new access token.")
    if isinstance(exc, DemoModeError):
        return translate("Messages", "This HeavySet account is in demo mode: it cannot look up or change real leads.")
    if isinstance(exc, RateLimitedError):
        wait = (
            translate("Messages", "Try again in {seconds} s.").format(seconds=int(exc.retry_after + 0.999))
            if exc.retry_after
            else translate("Messages", "Try again in a minute.")
        )
        if service == "HeavySet":
            return translate("Messages", "HeavySet is limiting requests (over 60 a minute).") + " " + wait
        return translate("Messages", "{service} is limiting requests.").format(service=service) + " " + wait
    if isinstance(exc, ServerError):
        return translate("Messages", "{service} had a problem (HTTP {status}). Try again in a moment.").format(
            service=service, status=exc.status
        )
    if isinstance(exc, NetworkError):
        return translate("Messages", "Can't reach {service}: {why}. Check the network and try again.").format(
            service=service, why=exc.message
        )
    if isinstance(exc, InProgressError):
        return translate(
            "Messages", "{service} is still working on this change. It is asked again in a moment with the same key."
        ).format(service=service)
    if isinstance(exc, UncertainOutcomeError):
        return translate("Messages", "{service} answered, but its answer could not be read ({why}).").format(
            service=service, why=exc.message
        )
    if isinstance(exc, NotFoundError):
        if service != "HeavySet":
            return translate("Messages", "{service} has no such record.").format(service=service)
        return translate("Messages", "HeavySet has no lead with that phone number.")
    if isinstance(exc, SlotUnavailableError):
        return translate(
            "Messages", "That block was just taken or removed. The calendar is refreshed: pick another block."
        )
    if isinstance(exc, BadRequestError):
        return translate("Messages", "{service} refused the change: {why}").format(
            service=service, why="; ".join(exc.messages)
        )
    if isinstance(exc, AnswerTooLargeError):
        return translate(
            "Messages",
            "{service} sent an answer too big to read, so nothing of it was used. "
            "Look up fewer days ahead; if it persists, report it.",
        ).format(service=service)
    if isinstance(exc, InvalidResponseError):
        field = f" ({exc.field})" if exc.field else ""
        return translate(
            "Messages",
            "{service} sent an answer the console does not understand{field}. Try again; if it persists, report it.",
        ).format(service=service, field=field)
    if isinstance(exc, ValidationError):
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return translate("Messages", "Something went wrong. The details are in the log.")


def _queued(exc: Queued) -> str:
    """Why a change waits in the outbox, and until when; never "failed": nothing is lost or doubled."""
    cause = exc.cause
    now = time.time()
    at = clock(exc.retry_at, now) if exc.retry_at is not None and exc.retry_at > now + 1 else ""
    if cause is None:
        return translate(
            "Messages", "Not sent yet. Nothing is lost: the change waits in the outbox and is sent automatically."
        )
    if isinstance(cause, RateLimitedError):
        if at:
            return translate(
                "Messages", "HeavySet asked us to wait: the change is kept in the outbox and goes at {time}."
            ).format(time=at)
        return translate("Messages", "HeavySet asked us to wait: the change is kept in the outbox and goes shortly.")
    if cause.uncertain:
        if at:
            return translate(
                "Messages",
                "Sent, but not confirmed yet: {why}. The change is kept and confirmed automatically with the same "
                "key at {time}, so it is made only once. Nothing to do.",
            ).format(why=cause.message, time=at)
        return translate(
            "Messages",
            "Sent, but not confirmed yet: {why}. The change is kept and confirmed automatically with the same "
            "key, so it is made only once. Nothing to do.",
        ).format(why=cause.message)
    if at:
        return translate(
            "Messages",
            "Not sent yet: {why}. Nothing is lost: the change waits in the outbox and is sent automatically at {time}.",
        ).format(why=cause.message, time=at)
    return translate(
        "Messages", "Not sent yet: {why}. Nothing is lost: the change waits in the outbox and is sent automatically."
    ).format(why=cause.message)


def field_errors(exc: BaseException) -> dict[str, str]:
    """Server validation messages matched to editor fields, by the field named first (secrets cut out)."""
    found: dict[str, str] = {}
    if isinstance(exc, BadRequestError):
        return _fields_named(exc.messages)
    if isinstance(exc, ValidationError):
        for error in exc.errors(include_url=False, include_input=False):
            if error["loc"]:
                name = str(error["loc"][0])
                found.setdefault(_WIRE_TO_FIELD.get(name, name), safe(str(error["msg"])))
    return found


def field_errors_in(error: str) -> dict[str, str]:
    """The same, from a refusal kept as text (an outbox entry's ``last_error``: the messages joined by "; ")."""
    return _fields_named(error.split("; "))


def _fields_named(messages: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for message in messages:
        match = _FIRST_WORD.match(message)
        if match and match.group(1) in _WIRE_TO_FIELD:
            found.setdefault(_WIRE_TO_FIELD[match.group(1)], safe(message))
    return found

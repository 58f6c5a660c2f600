"""The activity log as the UI reads it (its entries, how a change reads, its failure), and one caller's history.

:func:`read_history` reads the lines of one caller (by the numbers the caller is known by) on a worker
thread, so a slow disk never holds the window; the caller asking must check, when the answer comes, that
it still shows that caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from hsconsole.domain.phones import DEFAULT_REGION, InvalidPhoneError, normalize_phone
from hsconsole.store.audit import AuditEntry, AuditLog, AuditLogError, desk_user, format_changes, format_value

__all__ = [
    "HISTORY_LIMIT",
    "AuditEntry",
    "AuditLog",
    "AuditLogError",
    "CallerHistory",
    "desk_user",
    "format_changes",
    "format_value",
    "history_phones",
    "read_history",
]

HISTORY_LIMIT = 50
"""The most lines of a caller's history the lead view shows; the activity log window shows them all."""

_reader: ThreadPoolExecutor | None = None
_reader_lock = threading.Lock()


@dataclass(frozen=True)
class CallerHistory:
    """One caller's lines in the activity log, newest first; ``more`` when older ones were left out."""

    phones: frozenset[str]
    entries: tuple[AuditEntry, ...]
    more: bool = False


def history_phones(numbers: Iterable[str | None], region: str = DEFAULT_REGION) -> frozenset[str]:
    """The numbers a caller's lines may be recorded under: each as given and as E.164.

    A lookup records the number looked up (E.164); a change records the lead's phone as the CRM gives it,
    which a CRM may write another way.
    """
    found: set[str] = set()
    for number in numbers:
        text = (number or "").strip()
        if not text:
            continue
        found.add(text)
        with contextlib.suppress(InvalidPhoneError):  # not a number the region reads: as given only
            found.add(normalize_phone(text, region))
    return frozenset(found)


def _executor() -> ThreadPoolExecutor:
    """One worker thread for the reads, made at the first one (nothing at start-up)."""
    global _reader
    with _reader_lock:
        if _reader is None:
            _reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hsconsole-history")
        return _reader


async def read_history(
    log: AuditLog, phones: frozenset[str], *, profile: str | None = None, limit: int = HISTORY_LIMIT
) -> CallerHistory:
    """The newest ``limit`` lines of ``phones`` (of ``profile`` when given), read on a worker thread.

    Raises :class:`AuditLogError` when the log cannot be read.
    """
    read = partial(log.entries, phones=phones, profile=profile, limit=limit + 1)
    entries = await asyncio.get_running_loop().run_in_executor(_executor(), read)
    return CallerHistory(phones, tuple(entries[:limit]), more=len(entries) > limit)

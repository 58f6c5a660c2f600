"""Builders shared by the test modules."""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring.errors
from keyring.backend import KeyringBackend

from hsconsole.api.heavyset.endpoints import Endpoints
from hsconsole.api.heavyset.s2s import S2SClient
from hsconsole.api.heavyset.zapier import ZapierClient
from hsconsole.api.transport import RequestBudget, RetryPolicy, Timeouts, Transport
from hsconsole.services.console import Console
from hsconsole.services.outbox import OutboxService
from hsconsole.store.outbox import OutboxStore

Runner = Callable[..., Any]

FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_retry_after=2.0)


def fast_transport(*, attempts: int = 3, read_timeout: float = 3.0, budget: RequestBudget | None = None) -> Transport:
    """A transport with short waits, so retries and timeouts do not slow the suite."""
    return Transport(
        timeouts=Timeouts(connect=2.0, read=read_timeout, write=2.0, pool=2.0),
        retry=RetryPolicy(attempts=attempts, base_delay=0.01, max_delay=0.05, max_retry_after=2.0),
        budget=budget,
    )


async def until(condition: Callable[[], bool], *, within: float = 10.0) -> None:
    """Wait on the running loop until ``condition()`` holds; an AssertionError after ``within`` seconds."""
    ends = time.monotonic() + within
    while not condition():
        if time.monotonic() > ends:
            raise AssertionError(f"not true within {within:.0f} s")
        await asyncio.sleep(0.005)


def make_console(
    url: str,
    token: str,
    transport: Transport | None = None,
    zapier_token: str | None = None,
    *,
    outbox_path: Path | None = None,
    profile: str = "Test",
) -> Console:
    """A console on the simulator; with ``outbox_path``, its mutations go through an outbox there."""
    transport = transport or fast_transport()
    endpoints = Endpoints(url)
    s2s = S2SClient(transport, token, endpoints)
    zapier = ZapierClient(transport, zapier_token or token, endpoints)
    outbox = None
    if outbox_path is not None:
        store = OutboxStore(outbox_path, owner=f"test-{uuid.uuid4().hex[:6]}")
        outbox = OutboxService(store, s2s, zapier, profile, rng=random.Random(1))
    return Console(s2s, zapier, outbox=outbox)


def instance_socket(name: str) -> str:
    """Where the single-instance channel ``name`` (``HSCONSOLE_INSTANCE``) has its socket, as the console puts it."""
    from hsconsole.store.folders import runtime_dir

    folder = runtime_dir()
    assert folder is not None
    return os.path.join(folder, name)


def api_requests(sim: Any, method: str | None = None, path_end: str | None = None) -> list[dict[str, Any]]:
    """The simulator's request log, API routes only, filtered by method and path ending."""
    out = []
    for entry in sim.state.requests():
        path = str(entry.get("path", ""))
        if "/_sim/" in path:
            continue
        if method and entry.get("method") != method:
            continue
        if path_end and not path.endswith(path_end):
            continue
        out.append(entry)
    return out


class MemoryKeyring(KeyringBackend):
    """An in-memory keychain with Windows Credential Manager's limit of 2,560 bytes a secret."""

    priority = 10  # type: ignore[assignment]
    LIMIT_BYTES = 2560

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if len(password.encode("utf-16-le")) > self.LIMIT_BYTES:
            raise keyring.errors.PasswordSetError("secret too long for this keychain")
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError("no such secret")
        del self.entries[(service, username)]


def alt_letters(widget: Any, extra: list[str]) -> list[str]:
    """The Alt letters of ``extra`` texts and of every visible button, label and group box under ``widget``."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    texts = list(extra)
    for child in widget.findChildren(QAbstractButton) + widget.findChildren(QLabel) + widget.findChildren(QGroupBox):
        if child.isVisibleTo(widget):
            texts.append(child.title() if isinstance(child, QGroupBox) else child.text())
    letters = []
    for text in texts:
        match = re.search(r"&([^&])", text.replace("&&", ""))
        if match:
            letters.append(match.group(1).lower())
    return letters


def lead_comments(sim: Any, phone: str) -> list[str]:
    """The notes the simulator's CRM holds on the lead with ``phone``, oldest first."""
    snapshot = sim.state.lead_snapshot(phone)
    assert snapshot is not None
    return list(snapshot["comments"])


def note_update(phone: str, comment: str) -> tuple[str, dict[str, Any], str]:
    """An outbox entry's (phone, payload, summary) that appends ``comment`` to the lead's notes."""
    from hsconsole.api.heavyset.models import PhoneUpdate

    return phone, PhoneUpdate(phone=phone, append_comment=comment).to_wire(), f"note {comment}"


def tooltips_missing_text(model: Any, *, except_columns: tuple[int, ...] = ()) -> list[str]:
    """The cells and column headers of an item model whose tooltip does not say their whole text (what a
    column too narrow for it would hide), as "row,column 'text': tooltip" lines; [] when every one does."""
    from PySide6.QtCore import Qt

    tip, horizontal = Qt.ItemDataRole.ToolTipRole, Qt.Orientation.Horizontal
    missing = []
    for column in range(model.columnCount()):
        label = model.headerData(column, horizontal)
        if label and str(label) not in str(model.headerData(column, horizontal, tip) or ""):
            missing.append(f"header {column} {label!r}: {model.headerData(column, horizontal, tip)!r}")
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = index.data()
            if column not in except_columns and text and str(text) not in str(index.data(tip) or ""):
                missing.append(f"{row},{column} {text!r}: {index.data(tip)!r}")
    return missing

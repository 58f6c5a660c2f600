"""What the window tells the setter outside dialogs: the banner above the lead, the storage banner and the
status bar's message, with a failure put in setter words.

The banner has two parts: a note of the window's (a failure, a refusal, a fallback) and the caller's own
note on changes waiting in the outbox, which belongs to that caller and goes when they land or the caller
does. Secrets are cut out of everything shown. Part of the window's frame: the service layer is imported
only when something is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from hsconsole.ui.language import translate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QStatusBar

    from hsconsole.ui.storage_banner import StorageBanner

log = logging.getLogger("hsconsole.ui")


class Notices:
    """The banner (``banner``), the storage banner (``storage``) and the status bar (``bar``) of one window."""

    def __init__(self, banner: QLabel, storage: StorageBanner, bar: QStatusBar, closed: Callable[[], bool]) -> None:
        self.banner = banner
        self.storage = storage
        self.bar = bar
        self.closed = closed
        """Whether the window closed: the storage notes are no longer shown then."""
        self.text = ""
        """What the banner says besides the caller's waiting changes."""
        self._waiting = ""

    def show_banner(self, text: str) -> None:
        """The window's note (nothing when ``text`` is empty), above the caller's note on waiting changes."""
        self.text = text
        self._render()

    def show_waiting(self, waiting: str) -> None:
        """The caller's changes waiting in the outbox, in words, or nothing: said until they land."""
        self._waiting = waiting
        self._render()

    def _render(self) -> None:
        from hsconsole.services.redaction import redact

        text = "\n".join(part for part in (self.text, self._waiting) if part)
        self.banner.setText(redact(text))
        self.banner.setVisible(bool(text))

    def status(self, text: str) -> None:
        """The status bar's message."""
        from hsconsole.services.redaction import redact

        self.bar.showMessage(redact(text))

    def report(self, exc: BaseException, doing: str) -> None:
        """A failure in setter words, in the banner and the status bar, never a traceback; what the setter
        could not have caused is logged with its traceback for IT."""
        from pydantic import ValidationError

        from hsconsole.services.errors import ApiError, InvalidPhoneError, SlotUnavailableError
        from hsconsole.ui.messages import describe

        text = describe(exc)
        if not isinstance(exc, ApiError | InvalidPhoneError | SlotUnavailableError | ValidationError):
            log.error("%s failed", doing, exc_info=exc)
        self.show_banner(translate("Notices", "{doing} failed. {why}").format(doing=doing, why=text))
        self.status(translate("Notices", "{doing} failed").format(doing=doing))

    def set_storage_problem(self, source: str, text: str | None) -> None:
        """What is wrong with one of the console's files (``source``: "outbox", "settings"…); None: nothing.

        Shown above everything else for exactly as long as it is set: no lookup or save replaces it."""
        if not self.closed():
            self.storage.set_problem(source, text)

    def add_storage_note(self, text: str) -> None:
        """What happened to the console's files (a damaged one repaired), shown until the setter dismisses it."""
        if not self.closed():
            self.storage.add_note(text)

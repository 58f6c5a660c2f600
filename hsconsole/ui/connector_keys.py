"""The connectors' keys as the setter pastes them, and the small widgets of their settings.

:func:`clean_key` takes what a setter pastes (a header, quotes, "Bearer", a Basic credential) down to the key;
:class:`ConnectorChoice` is what the settings return. A key is never written to a label or the log.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from hsconsole.services.settings import (
    ApptotoSettings,
    TimeZestSettings,
)
from hsconsole.ui.forms import TickBox
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate

log = logging.getLogger("hsconsole.ui")

Connector = Literal["apptoto", "timezest"]
CONNECTORS: tuple[Connector, ...] = ("apptoto", "timezest")

KEPT_KEY_PLACEHOLDER = QT_TRANSLATE_NOOP("Connectors", "saved in the keychain; type to replace")
"""Shown translated in an empty key field whose key is kept."""

_HEADER = re.compile(r"^\s*(?:authorization|x-api-key)\s*:\s*", re.IGNORECASE)
_BEARER = re.compile(r"^bearer\s+", re.IGNORECASE)
_BASIC = re.compile(r"^basic\s+(\S+)$", re.IGNORECASE)
_QUOTES = "\"'`“”‘’"
SERVICE_NAMES = {"apptoto": "Apptoto", "timezest": "TimeZest"}


@dataclass(frozen=True)
class ConnectorChoice:
    """What the setter chose for the connectors of one profile.

    A connector that is off has ``None`` settings and key (the caller may
    delete a key left in the keychain). Settings with a ``None`` key mean:
    keep the key already in the keychain.
    """

    apptoto: ApptotoSettings | None
    apptoto_key: str | None
    timezest: TimeZestSettings | None
    timezest_key: str | None

    def __repr__(self) -> str:  # the keys stay out of logs and tracebacks
        return (
            f"ConnectorChoice(apptoto={self.apptoto!r}, apptoto_key={'…' if self.apptoto_key else None}, "
            f"timezest={self.timezest!r}, timezest_key={'…' if self.timezest_key else None})"
        )


class ConnectorsInvalid(ValueError):
    """The form has mistakes; ``errors`` maps field names to setter words (shown under the fields)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values()), translate("Connectors", "Check the marked fields.")))
        self.errors = dict(errors)


def clean_key(raw: str, service: str) -> str:
    """The API key inside ``raw``: a header name, ``Bearer``/``Basic``, quotes and outer spaces removed.

    A pasted ``Basic base64(email:key)`` value gives the key inside it. No
    length is enforced (neither service documents one): the Test button
    catches a key cut short. Raises ValueError in setter words; the message
    never repeats the key.
    """
    text = _HEADER.sub("", (raw or "").strip())
    text = _BEARER.sub("", text).strip()
    basic = _BASIC.match(text)
    if basic:
        text = basic.group(1)
        try:
            decoded = base64.b64decode(text, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            decoded = ""
        login, colon, inside = decoded.partition(":")
        if colon and "@" in login and inside:
            text = inside
    while len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    text = text.strip(_QUOTES + " \t\r\n")
    if not text or text.lower() in ("bearer", "basic"):
        raise ValueError(
            translate("Connectors", "Paste the API key from your {service} account.").format(service=service)
        )
    if any(ch.isspace() for ch in text):
        raise ValueError(
            translate("Connectors", "The key has spaces or line breaks inside; copy it again in one piece.")
        )
    if not text.isprintable() or not text.isascii():
        raise ValueError(
            translate("Connectors", "The key has characters a {service} key never has; copy it again.").format(
                service=service
            )
        )
    return text


def fingerprint(*parts: str) -> str:
    """A digest of what a test ran with, so a stale result is noticed without keeping the key."""
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def redact_key(message: str, key: str | None) -> str:
    if key and len(key) >= 4:
        message = message.replace(key, "…")
    return message


# ---------------------------------------------------------------- the form


class KeyField(QWidget):
    """A password-echo line with a Show toggle (focus goes to the line)."""

    def __init__(self, name: str, show_text: str, accessible: str) -> None:
        super().__init__()
        self.line = QLineEdit()
        self.line.setObjectName(f"{name}_key")
        self.line.setEchoMode(QLineEdit.EchoMode.Password)
        self.line.setAccessibleName(accessible)
        self.line.setPlaceholderText(translate("Connectors", "Paste the API key"))
        self.show_key = TickBox(show_text)
        self.show_key.setObjectName(f"{name}_show_key")
        self.show_key.toggled.connect(self._echo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.show_key)
        self.setFocusProxy(self.line)

    def _echo(self, shown: bool) -> None:
        self.line.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)


def line_edit(name: str, accessible: str, placeholder: str = "", text: str = "") -> QLineEdit:
    line = QLineEdit(text)
    line.setObjectName(name)
    line.setAccessibleName(accessible)
    if placeholder:
        line.setPlaceholderText(placeholder)
    return line


def result_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # service answers are never read as HTML
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label

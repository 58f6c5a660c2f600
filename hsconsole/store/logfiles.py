"""Log files that never hold a token: rotating files behind a redaction filter.

:class:`Redactor` removes the secrets registered at runtime (the profile's
tokens, once read from the keychain) and anything that looks like a HeavySet
credential by its shape: ``hs_…`` access tokens, ``otp_…`` one-time tokens,
``oneTimeToken=…`` in a URL, ``x-hs-token:`` / ``x-heavyset-token:`` and
``Authorization: Basic|Bearer`` header values, and ``"token": "…"``-style
values in JSON or Python reprs. Each is replaced by ``<redacted>``; the key or
header name stays, so a log still says *what* was there.

:class:`RedactingFilter` applies it to every record that reaches a handler,
message, arguments, traceback and stack alike, and
:func:`install_file_logging` puts a rotating ``hsconsole.log`` behind it.
No Qt here.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import re
import threading
from pathlib import Path
from urllib.parse import quote

from hsconsole.store.folders import log_dir, private_dir, private_opener

LOG_FILE_NAME = "hsconsole.log"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
REDACTED = "<redacted>"
MIN_SECRET_LENGTH = 8
"""Registered secrets shorter than this are ignored: redacting them would shred ordinary words."""

_TOKEN_CHARS = r"[A-Za-z0-9_\-.~+/=]"  # noqa: S105 (a character class, not a password)
_SECRET_WORD = r"(?:token|password|passwd|secret|authorization|api_?key)"  # noqa: S105 (key names, not a password)
_KEY_CHARS = r"[A-Za-z0-9_\-]"
# A quoted key with a secret word in it, then ":" (JSON, dict reprs) or "," (header tuples), e.g. "oneTimeToken":
_QUOTED_KEY = rf"""(?P<kq>["'])(?={_KEY_CHARS}{{0,40}}?{_SECRET_WORD}){_KEY_CHARS}{{1,100}}(?P=kq)\s*[:,]\s*b?"""

# (pattern, replacement); applied in this order, after the registered secrets. Each runs in time linear in
# the text (no nested or overlapping repetition, bounded key names): a log line may hold a large body.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "token": "…", 'x-hs-token': '…', (b'authorization', b'Bearer …'): JSON, dict and header-tuple reprs
    (re.compile(rf'(?P<key>{_QUOTED_KEY}")(?:\\.|[^"\\\n])*"', re.IGNORECASE), rf'\g<key>{REDACTED}"'),
    (re.compile(rf"(?P<key>{_QUOTED_KEY}')(?:\\.|[^'\\\n])*'", re.IGNORECASE), rf"\g<key>{REDACTED}'"),
    # Authorization: Bearer …  /  Authorization: Basic …
    (
        re.compile(r"(?P<key>\bauthorization\s*[:=]\s*(?:basic|bearer)\s+)" + _TOKEN_CHARS + "+", re.IGNORECASE),
        rf"\g<key>{REDACTED}",
    ),
    # a bare "Bearer …" (e.g. a header value logged on its own)
    (re.compile(r"(?P<key>\bbearer\s+)" + _TOKEN_CHARS + "{8,}", re.IGNORECASE), rf"\g<key>{REDACTED}"),
    # x-hs-token: …  /  x-heavyset-token: …
    (
        re.compile(r"(?P<key>\b(?:x-hs-token|x-heavyset-token)\s*[:=]\s*)\S+", re.IGNORECASE),
        rf"\g<key>{REDACTED}",
    ),
    # oneTimeToken=…, token=…, api_key=… (query strings, form bodies, key=value logs); the key's start stays
    (
        re.compile(rf"(?P<key>{_SECRET_WORD}{_KEY_CHARS}{{0,40}}=)(?!{REDACTED})[^\s&#\"',;]+", re.IGNORECASE),
        rf"\g<key>{REDACTED}",
    ),
    # HeavySet access tokens: hs_…, hs_live_…, hs_demo_…
    (re.compile(r"(?<![A-Za-z0-9])hs_(?:live_|demo_)?" + _TOKEN_CHARS + "{16,}"), REDACTED),
    # one-time tokens: otp_…
    (re.compile(r"(?<![A-Za-z0-9])otp_" + _TOKEN_CHARS + "{6,}"), REDACTED),
)


class Redactor:
    """Replaces secrets in text by ``<redacted>``: those registered at runtime, and token-shaped ones.

    Thread-safe: :meth:`register` may run on any thread while others call :meth:`redact`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._known: re.Pattern[str] | None = None

    def register(self, secret: str) -> None:
        """Redact ``secret`` (and its URL-encoded form, in any letter case) from now on; shorter than 8 characters
        is ignored."""
        variants = {secret, secret.strip(), quote(secret.strip(), safe="")}
        wanted = {v for v in variants if len(v) >= MIN_SECRET_LENGTH}
        with self._lock:
            if wanted <= self._secrets:
                return
            self._secrets |= wanted
            # longest first, so a secret that contains another is removed whole
            ordered = sorted(self._secrets, key=len, reverse=True)
            # in any case: an error message may have changed it ("Bad token pv4…" from a code "bad_token_Pv4…")
            self._known = re.compile("|".join(re.escape(s) for s in ordered), re.IGNORECASE)

    def redact(self, text: str) -> str:
        """``text`` with every registered secret and token-shaped value replaced by ``<redacted>``."""
        if not text:
            return text
        known = self._known  # one consistent snapshot; compiled patterns are immutable
        if known is not None:
            text = known.sub(REDACTED, text)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def __repr__(self) -> str:
        return f"Redactor(<{len(self._secrets)} secrets>)"


REDACTOR = Redactor()
"""The process-wide redactor: register each token here as soon as it is read."""

redact = REDACTOR.redact


class RedactingFilter(logging.Filter):
    """Redacts a record's message, arguments, traceback and stack before any handler formats it.

    Attach it to handlers (not loggers): a handler sees every record that
    propagates to it, whichever logger produced it. It rewrites the record in
    place, so the handlers after it see the redacted text too. It never raises
    and never drops a record.
    """

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.redactor = redactor or REDACTOR
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        clean = self.redactor.redact
        try:
            try:
                message = record.getMessage()
            except Exception:
                message = f"{record.msg!s} (log arguments dropped: they did not fit the message)"
            record.msg = clean(message)
            record.args = None
        except Exception:
            record.msg = "<log message dropped: it could not be redacted>"
            record.args = None
        try:
            if record.exc_info and not record.exc_text:
                record.exc_text = self._formatter.formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = clean(record.exc_text)
        except Exception:
            record.exc_text = "<traceback dropped: it could not be redacted>"
        # the text above is all handlers need; without exc_info none of them formats the raw exception again
        record.exc_info = None
        try:
            if record.stack_info:
                record.stack_info = clean(record.stack_info)
        except Exception:
            record.stack_info = "<stack dropped: it could not be redacted>"
        return True


class _LogFileHandler(logging.handlers.RotatingFileHandler):
    """The console's own log file handler, so :func:`install_file_logging` can find it again.

    Its files are the user's alone (0600 on POSIX), the first one and each one rotation starts.
    """

    def _open(self) -> io.TextIOWrapper:
        stream = open(  # noqa: SIM115 (the handler keeps it open and closes it)
            self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors, opener=private_opener
        )
        assert isinstance(stream, io.TextIOWrapper)
        return stream


_install_lock = threading.Lock()
_installed: _LogFileHandler | None = None
_filter: RedactingFilter | None = None
_previous_root_level: int | None = None


def install_file_logging(
    *,
    level: int = logging.INFO,
    directory: Path | None = None,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> Path:
    """Log to ``hsconsole.log`` in ``directory`` (default :func:`log_dir`), rotated at ``max_bytes``.

    The file handler goes on the root logger with a :class:`RedactingFilter`,
    which is also attached to every handler the root logger already has (the
    stderr one). The root logger's level is lowered to ``level`` when it is
    less verbose. Calling it again returns the same file without a second
    handler; with another directory the handler moves there. Returns the log
    file's path. Undo with :func:`uninstall_file_logging`.
    """
    global _installed, _filter, _previous_root_level
    folder = Path(directory) if directory is not None else log_dir()
    path = folder / LOG_FILE_NAME
    root = logging.getLogger()
    with _install_lock:
        if _installed is not None and Path(_installed.baseFilename) == path.absolute():
            _installed.setLevel(level)
            return path
        if _installed is not None:
            root.removeHandler(_installed)
            _installed.close()
            _installed = None
        private_dir(folder)
        if _filter is None:
            _filter = RedactingFilter()
        handler = _LogFileHandler(path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8", delay=True)
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(_filter)
        for existing in root.handlers:
            existing.addFilter(_filter)  # a no-op for a handler that has it already
        root.addHandler(handler)
        if _previous_root_level is None:
            _previous_root_level = root.level
        if root.level == logging.NOTSET or root.level > level:
            root.setLevel(level)
        _installed = handler
    return path


def uninstall_file_logging() -> None:
    """Remove the log file handler and the redaction filter that :func:`install_file_logging` added."""
    global _installed, _filter, _previous_root_level
    root = logging.getLogger()
    with _install_lock:
        if _installed is not None:
            root.removeHandler(_installed)
            _installed.close()
            _installed = None
        if _filter is not None:
            for handler in root.handlers:
                handler.removeFilter(_filter)
            _filter = None
        if _previous_root_level is not None:
            root.setLevel(_previous_root_level)
            _previous_root_level = None

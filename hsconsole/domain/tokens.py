"""Access tokens as people paste them, cleaned and checked before any request."""

from __future__ import annotations

import re

MIN_TOKEN_LENGTH = 20
"""HeavySet tokens are "very long encrypted strings"; anything shorter is a paste mistake."""

_PREFIX = re.compile(r"^\s*(?:x-hs-token|x-heavyset-token|authorization)\s*:\s*", re.IGNORECASE)
_BEARER = re.compile(r"^bearer\s+", re.IGNORECASE)
_QUOTES = "\"'`“”‘’"


class TokenProblem(ValueError):
    """A pasted token that cannot be right; the message says what to do."""


def clean_token(raw: str) -> str:
    """The token inside ``raw``: header prefix, ``Bearer``, quotes and outer spaces removed.

    Raises :class:`TokenProblem` for an empty, spaced or implausibly short token.
    The message never repeats the token.
    """
    text = (raw or "").strip()
    text = _PREFIX.sub("", text)
    text = _BEARER.sub("", text).strip()
    while len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    text = text.strip(_QUOTES + " \t\r\n")
    if not text:
        raise TokenProblem("Paste the access token from HeavySet (Admin → Appointment Page → Access Tokens).")
    if any(ch.isspace() for ch in text):
        raise TokenProblem("The token has spaces or line breaks inside; copy it again in one piece.")
    if len(text) < MIN_TOKEN_LENGTH:
        raise TokenProblem(
            f"That is only {len(text)} characters; HeavySet tokens are much longer. Copy the whole token."
        )
    if not text.isprintable() or not text.isascii():
        raise TokenProblem("The token has characters a HeavySet token never has; copy it again.")
    return text

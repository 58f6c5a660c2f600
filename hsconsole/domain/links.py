"""``hsconsole:`` links a dialer opens: ``hsconsole:+18015551234`` or ``hsconsole://lookup?phone=...``."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

SCHEME = "hsconsole"


def phone_from_link(link: str) -> str | None:
    """The phone number a link asks to look up, or None when it names none."""
    link = link.strip()
    if not link.lower().startswith(SCHEME + ":"):
        return None
    parts = urlsplit(link)
    if parts.netloc or parts.path.startswith("//"):
        values = parse_qs(parts.query).get("phone") or []
        return values[0].strip() or None if values else None
    phone = unquote(parts.path).strip()
    return phone or None

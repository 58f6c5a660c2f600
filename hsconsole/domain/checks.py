"""Checks of what a setter types, before anything is sent: email, ZIP, the year a home was built.

Each check returns the field's message in setter words, or "" when the value may be sent. An empty
value passes every check here: whether a field may be left empty is the form's rule, not these.

* Email: the syntax rules of the ``email-validator`` package (what pydantic uses), without any
  network lookup: a mistyped domain that exists in form ("example.con") is not caught.
* ZIP: a US ZIP is ``12345`` or ``12345-6789``. A lead elsewhere (its CRM country, else the region of
  its phone number, else the profile's) has a postal code of its own form: only its characters are
  checked, never a US pattern.
* Home year: from :data:`EARLIEST_HOME_YEAR` to next year (a home being built).
"""

from __future__ import annotations

import importlib
import re
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from hsconsole.domain.words import QT_TRANSLATE_NOOP, translate

TEXT_LIMIT = 32_767
"""The most characters a text field of a request carries. The HeavySet API documents no length for any
field: this is the console's own (what Qt's line edits hold by default), so a value is never cut on the way.
The request models declare each field's limit with these (``max_lengths`` in api.models reads them back)."""
ZIP_LIMIT = 10
"""84101-1234; the longest postal codes elsewhere are shorter."""
EMAIL_LIMIT = 254
"""The longest email address mail systems carry (RFC 5321's path less its brackets)."""

US_POSTAL_REGIONS = frozenset({"US", "PR", "VI", "GU", "AS", "MP", "UM"})
"""Regions (ISO 3166-1 alpha-2) whose addresses have US ZIP codes: the states and the territories."""

EARLIEST_HOME_YEAR = 1600
"""The oldest homes still lived in date from the 1600s; an earlier year is a typo."""

_US_ZIP = re.compile(r"\d{5}(-\d{4})?")
_POSTAL = re.compile(r"[0-9A-Za-z][0-9A-Za-z \-]*")


def email_problem(text: str) -> str:
    """Why ``text`` is not an email address HeavySet can keep; "" when it is one (or empty)."""
    if not text:
        return ""
    if text != text.strip():
        return translate("Checks", "Remove the spaces before or after the address.")
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return translate("Checks", "Not an email address: {why}").format(why=_email_words(str(exc)))
    return ""


EMAIL_WORDS = frozenset(
    {
        QT_TRANSLATE_NOOP("Checks", "An email address must have an @-sign."),
        QT_TRANSLATE_NOOP("Checks", "There must be something before the @-sign."),
        QT_TRANSLATE_NOOP("Checks", "There must be something after the @-sign."),
        QT_TRANSLATE_NOOP("Checks", "The part after the @-sign is not valid. It should have a period."),
        QT_TRANSLATE_NOOP(
            "Checks", "The part after the @-sign is not valid. It is not within a valid top-level domain."
        ),
        QT_TRANSLATE_NOOP("Checks", "An email address cannot have two periods in a row."),
        QT_TRANSLATE_NOOP("Checks", "An email address cannot start with a period."),
        QT_TRANSLATE_NOOP("Checks", "An email address cannot end with a period."),
        QT_TRANSLATE_NOOP("Checks", "An email address cannot have a period immediately before the @-sign."),
        QT_TRANSLATE_NOOP("Checks", "An email address cannot have a period immediately after the @-sign."),
        QT_TRANSLATE_NOOP("Checks", "There can't be anything after the email address."),
    }
)
"""The email rules' (email-validator's) words for the mistakes a setter makes typing an address, to be said in
the setter's language; a rarer one is shown as the rules word it."""
_EMAIL_CHARACTERS = {
    "The email address contains invalid characters before the @-sign: ": QT_TRANSLATE_NOOP(
        "Checks", "The email address contains invalid characters before the @-sign: {characters}"
    ),
    "The part after the @-sign contains invalid characters: ": QT_TRANSLATE_NOOP(
        "Checks", "The part after the @-sign contains invalid characters: {characters}"
    ),
}


def _email_words(said: str) -> str:
    if said in EMAIL_WORDS:
        return translate("Checks", said)
    for head, words in _EMAIL_CHARACTERS.items():
        if said.startswith(head):
            return translate("Checks", words).format(characters=said.removeprefix(head))
    return said


def latest_home_year(today: date | None = None) -> int:
    """The latest year a home can have been built: next year (a home being built now)."""
    return (today or date.today()).year + 1


def home_year_problem(year: int | None, today: date | None = None) -> str:
    """Why ``year`` cannot be the year the home was built; "" when it can (or is not given)."""
    if year is None:
        return ""
    latest = latest_home_year(today)
    if not EARLIEST_HOME_YEAR <= year <= latest:
        return translate("Checks", "The year the home was built: from {earliest} to {latest}.").format(
            earliest=EARLIEST_HOME_YEAR, latest=latest
        )
    return ""


def home_year_text_problem(text: str, today: date | None = None) -> str:
    """:func:`home_year_problem` for a field's text; "" when empty."""
    text = text.strip()
    if not text:
        return ""
    if not text.isdigit():
        return translate("Checks", "The year the home was built, in digits (e.g. 1998).")
    return home_year_problem(int(text), today)


def zip_problem(text: str, region: str = "US") -> str:
    """Why ``text`` is not a postal code of ``region``; "" when it may be one (or is empty)."""
    text = text.strip()
    if not text:
        return ""
    if region.upper() in US_POSTAL_REGIONS:
        if not _US_ZIP.fullmatch(text):
            return translate("Checks", "A US ZIP is 5 digits, or 5 + 4 (84101 or 84101-1234).")
        return ""
    if not _POSTAL.fullmatch(text):
        return translate("Checks", "A postal code has only letters, digits, spaces and hyphens.")
    return ""


def postal_region(country: str | None, phone: str | None, fallback: str) -> str:
    """The region whose postal codes apply to a lead: its CRM country, else its phone's, else ``fallback``."""
    country = (country or "").strip().upper()
    if len(country) == 2 and country.isalpha():
        return country
    if phone:
        from hsconsole.domain.phones import region_of_phone

        found = region_of_phone(phone)
        if found:
            return found
    return fallback.upper()


@dataclass(frozen=True)
class ZipPlace:
    """Where a US ZIP is, from the ``zipcodes`` data."""

    city: str
    state: str
    zone: str

    def __str__(self) -> str:
        return f"{self.city}, {self.state}"


_zip_data_asked = threading.Event()


def _zipcodes() -> Any:
    return importlib.import_module("zipcodes")  # untyped third-party package


def place_of_zip(text: str) -> ZipPlace | None:
    """The city and state of a US ZIP (``12345`` or ``12345-6789``); None when the data has no such ZIP.

    The first call loads the ZIP data (most of a second): :func:`load_zip_data` does that beforehand.
    """
    text = text.strip()
    if not _US_ZIP.fullmatch(text):
        return None
    try:
        matches = _zipcodes().matching(text[:5])
    except (ValueError, TypeError):
        return None
    if not matches:
        return None
    found = matches[0]
    city, state = str(found.get("city") or ""), str(found.get("state") or "")
    return ZipPlace(city, state, str(found.get("timezone") or "")) if city and state else None


def load_zip_data() -> None:
    """Load the ZIP data on a thread of its own (its loader lets the window go on meanwhile), once."""
    if _zip_data_asked.is_set():
        return
    _zip_data_asked.set()

    def load() -> None:
        _zipcodes().matching("00501")

    threading.Thread(target=load, name="zip-data", daemon=True).start()


def load() -> None:
    """Import the email rules (≈ 50 ms) and start loading the ZIP data: before the setter types in a form."""
    import email_validator  # noqa: F401

    load_zip_data()

"""Phone numbers as setters type them, and as the APIs want them (E.164)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from hsconsole.domain.words import translate

if TYPE_CHECKING:
    import phonenumbers

DEFAULT_REGION = "US"


def load() -> None:
    """Import the phone number library (≈ 10 ms): after the window's first paint, before the first keystroke."""
    import phonenumbers  # noqa: F401


class InvalidPhoneError(ValueError):
    """A phone number that cannot be a real number; the message says why in plain words."""

    def __init__(self, raw: str, reason: str) -> None:
        self.raw = raw
        self.reason = reason
        super().__init__(reason)


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return ``raw`` in E.164 (``+18015551234``) or raise :class:`InvalidPhoneError`.

    Accepts what people type: ``(801) 555-1234``, ``801.555.1234``,
    ``+1 801 555 1234``, ``1-801-555-1234``. Numbers without a country code
    are read in ``region``. Valid numbers are remembered (a lookup normalises
    the same number several times on its way through the layers).
    """
    return _normalized(raw or "", region)


@functools.lru_cache(maxsize=512)
def _normalized(raw: str, region: str) -> str:
    import phonenumbers

    text = raw.strip()
    if not text:
        raise InvalidPhoneError(raw, translate("Phones", "Enter a phone number."))
    if not any(ch.isdigit() for ch in text):
        raise InvalidPhoneError(raw, translate("Phones", "A phone number needs digits."))
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneError(raw, _parse_reason(exc)) from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    digits = len(str(number.national_number))
    if reason == phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        raise InvalidPhoneError(raw, translate("Phones", "Add the area code: that number has only 7 digits."))
    if reason == phonenumbers.ValidationResult.TOO_SHORT:
        raise InvalidPhoneError(
            raw,
            translate("Phones", "That number is too short ({digits} digits); check for a missing digit.").format(
                digits=digits
            ),
        )
    if reason == phonenumbers.ValidationResult.TOO_LONG:
        raise InvalidPhoneError(
            raw,
            translate("Phones", "That number is too long ({digits} digits); check for an extra digit.").format(
                digits=digits
            ),
        )
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise InvalidPhoneError(
            raw,
            translate("Phones", "That number has {digits} digits; check for a missing or extra digit.").format(
                digits=digits
            ),
        )
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneError(raw, translate("Phones", "That is not a valid phone number; check the area code."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def try_normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """E.164 form of ``raw``, or None when it is not (yet) a valid number."""
    try:
        return normalize_phone(raw, region)
    except InvalidPhoneError:
        return None


def region_of_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The region (ISO 3166-1 alpha-2) a valid number belongs to (``+1 604…`` is CA); None when not valid."""
    import phonenumbers

    e164 = try_normalize_phone(raw, region)
    if e164 is None:
        return None
    found = phonenumbers.region_code_for_number(phonenumbers.parse(e164, region))
    return str(found) if found and found != "ZZ" else None


def format_phone_for_display(e164: str, region: str = DEFAULT_REGION) -> str:
    """Human form: national format for numbers of ``region``, international otherwise."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _parse_reason(exc: phonenumbers.NumberParseException) -> str:
    import phonenumbers

    kind = exc.error_type
    if kind == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
        return translate("Phones", "Unknown country code; start with + and the country code, or type a US number.")
    too_short = {phonenumbers.NumberParseException.TOO_SHORT_NSN, phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD}
    if kind in too_short:
        return translate("Phones", "That number is too short.")
    if kind == phonenumbers.NumberParseException.TOO_LONG:
        return translate("Phones", "That number is too long.")
    return translate("Phones", "That does not look like a phone number.")

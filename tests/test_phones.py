"""Phone normalisation: every human format to E.164, clear words for typos."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hsconsole.domain.phones import InvalidPhoneError, format_phone_for_display, normalize_phone, try_normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        "(801) 555-1234",
        "801.555.1234",
        "+1 801 555 1234",
        "8015551234",
        "1-801-555-1234",
        " 801 555 1234 ",
        "+18015551234",
    ],
)
def test_human_formats_become_e164(raw: str) -> None:
    assert normalize_phone(raw) == "+18015551234"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "Enter a phone number"),
        ("   ", "Enter a phone number"),
        ("abc", "needs digits"),
        ("555-1234", "area code"),
        ("(801) 555-123", "too short"),
        ("(011) 555-1234", "too short"),
        ("801555123456789", "too long"),
        ("+999 1234 5678", "country code"),
        ("(123) 555-1234", "not a valid phone number"),
    ],
)
def test_invalid_numbers_say_why(raw: str, words: str) -> None:
    with pytest.raises(InvalidPhoneError) as info:
        normalize_phone(raw)
    assert words.lower() in str(info.value).lower()
    assert try_normalize_phone(raw) is None


def test_foreign_number_with_country_code() -> None:
    assert normalize_phone("+44 20 7183 8750") == "+442071838750"


def test_display_format() -> None:
    assert format_phone_for_display("+18015551234") == "(801) 555-1234"
    assert format_phone_for_display("+442071838750").startswith("+44 20")


_area = st.sampled_from(["801", "602", "808", "212", "303", "415", "813", "312"])
_exchange = st.integers(min_value=200, max_value=999).map(str)
_line = st.integers(min_value=0, max_value=9999).map(lambda n: f"{n:04d}")


@given(
    _area,
    _exchange,
    _line,
    st.sampled_from(["({a}) {e}-{l}", "{a}.{e}.{l}", "+1 {a} {e} {l}", "{a}{e}{l}", "1-{a}-{e}-{l}"]),
)
def test_every_format_of_a_number_agrees(area: str, exchange: str, line: str, pattern: str) -> None:
    raw = pattern.format(a=area, e=exchange, l=line)
    number = phonenumbers.parse(f"+1{area}{exchange}{line}")
    if phonenumbers.is_valid_number(number):
        assert normalize_phone(raw) == f"+1{area}{exchange}{line}"
    else:
        assert try_normalize_phone(raw) is None


@given(st.text(max_size=40))
def test_never_crashes_on_any_text(raw: str) -> None:
    result = try_normalize_phone(raw)
    assert result is None or (result.startswith("+") and result[1:].isdigit())

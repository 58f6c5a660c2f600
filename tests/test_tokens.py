"""Pasted tokens: cleaned of the usual clutter, refused when they cannot be right."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hsconsole.domain.tokens import TokenProblem, clean_token

TOKEN = "hs_live_03fogRY2p8V34sAbCdEfGhIjKlMnOp"


@pytest.mark.parametrize(
    "pasted",
    [
        TOKEN,
        f"  {TOKEN}\n",
        f"x-hs-token: {TOKEN}",
        f"X-HeavySet-Token:{TOKEN}",
        f'"{TOKEN}"',
        f"'{TOKEN}'",
        f"“{TOKEN}”",
        f"Authorization: Bearer {TOKEN}",
        f'x-hs-token: "{TOKEN}"',
    ],
)
def test_clutter_is_removed(pasted: str) -> None:
    assert clean_token(pasted) == TOKEN


@pytest.mark.parametrize(
    ("pasted", "words"),
    [
        ("", "Paste the access token"),
        ("   ", "Paste the access token"),
        ('""', "Paste the access token"),
        ("x-hs-token:", "Paste the access token"),
        ("hs_live_short", "only 13 characters"),
        (TOKEN[:10] + " " + TOKEN[10:], "spaces or line breaks"),
        (TOKEN + "é", "never has"),
    ],
)
def test_obvious_mistakes(pasted: str, words: str) -> None:
    with pytest.raises(TokenProblem, match=words):
        clean_token(pasted)


def test_long_token_survives() -> None:
    token = "hs_" + "A1b2C3d4" * 500
    assert clean_token(token) == token


@given(st.text(max_size=60))
def test_messages_never_repeat_the_token(raw: str) -> None:
    try:
        clean_token(raw)
    except TokenProblem as problem:
        stripped = raw.strip()
        assert len(stripped) < 4 or stripped not in str(problem)  # noqa: PT017

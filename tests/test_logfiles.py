"""Log files and the redaction filter: no token ever reaches a log, whoever logs it and however."""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hsconsole.store import logfiles
from hsconsole.store.logfiles import (
    LOG_FILE_NAME,
    REDACTED,
    REDACTOR,
    RedactingFilter,
    Redactor,
    install_file_logging,
    log_dir,
    redact,
    uninstall_file_logging,
)

TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~+/="
log = logging.getLogger("hsconsole.test.logfiles")


def new_token() -> str:
    """A long random token of the kind a keychain hands back (no recognisable prefix)."""
    return "Zk" + secrets.token_urlsafe(48)


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder for the log file; every handler and filter the test installed is removed afterwards."""
    folder = tmp_path / "logs"
    yield folder
    uninstall_file_logging()
    assert not any(isinstance(h, logfiles._LogFileHandler) for h in logging.getLogger().handlers)


def read_log(folder: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob(LOG_FILE_NAME + "*")))


# ---------------------------------------------------------------- the log file


def test_registered_token_never_reaches_the_file(log_folder: Path) -> None:
    token = new_token()
    REDACTOR.register(token)
    path = install_file_logging(directory=log_folder)
    assert path == log_folder / LOG_FILE_NAME

    log.info("in the message %s end", token)  # formatted by logging
    log.info("t=%s", token)
    log.warning(f"f-string {token}")
    log.info("dict %s", {"x-hs-token": token, "phone": "+18015551234"})
    try:
        raise RuntimeError(f"the server refused token {token}")
    except RuntimeError:
        log.exception("request failed for %s", token)
    log.info("stack", stack_info=True)

    text = read_log(log_folder)
    assert token not in text
    assert text.count(REDACTED) >= 6
    assert "Traceback (most recent call last)" in text  # the traceback is kept, only redacted
    assert "RuntimeError: the server refused token <redacted>" in text
    assert "+18015551234" in text
    assert " INFO hsconsole.test.logfiles: t=<redacted>" in text


def test_other_handlers_on_the_root_logger_are_redacted_too(log_folder: Path) -> None:
    token = new_token()
    REDACTOR.register(token)
    stream = io.StringIO()
    stderr_like = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(stderr_like)
    try:
        install_file_logging(directory=log_folder)
        logging.getLogger("httpx").warning("GET https://x/slots?oneTimeToken=%s", token)
        assert token not in stream.getvalue()
        assert "oneTimeToken=<redacted>" in stream.getvalue()
    finally:
        root.removeHandler(stderr_like)
    assert token not in read_log(log_folder)


def test_install_is_idempotent_and_uninstall_restores(log_folder: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    first = install_file_logging(directory=log_folder)
    second = install_file_logging(directory=log_folder)
    assert first == second
    ours = [h for h in root.handlers if isinstance(h, logfiles._LogFileHandler)]
    assert len(ours) == 1
    assert any(isinstance(f, RedactingFilter) for f in ours[0].filters)
    assert log_folder.is_dir()
    # another folder moves the one handler there
    moved = install_file_logging(directory=log_folder / "elsewhere")
    assert moved.parent == log_folder / "elsewhere"
    assert len([h for h in root.handlers if isinstance(h, logfiles._LogFileHandler)]) == 1
    uninstall_file_logging()
    assert root.handlers == before
    assert root.level == level
    assert not any(isinstance(f, RedactingFilter) for h in root.handlers for f in h.filters)


def test_log_file_rotates(log_folder: Path) -> None:
    install_file_logging(directory=log_folder, max_bytes=4096, backup_count=2)
    line = "x" * 200
    for n in range(200):  # about 50 KB
        log.info("%d %s", n, line)
    names = sorted(p.name for p in log_folder.iterdir())
    assert names == [LOG_FILE_NAME, LOG_FILE_NAME + ".1", LOG_FILE_NAME + ".2"]
    assert all(p.stat().st_size <= 4096 for p in log_folder.iterdir())
    assert "199 " + line in (log_folder / LOG_FILE_NAME).read_text(encoding="utf-8")


def test_log_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HSCONSOLE_LOG_DIR", str(tmp_path))
    assert log_dir() == tmp_path
    monkeypatch.delenv("HSCONSOLE_LOG_DIR")
    assert "hsconsole" in str(log_dir())


# ---------------------------------------------------------------- the filter alone


def make_record(msg: object, *args: object, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("boom otp_abcdef123")
        except ValueError:
            import sys

            exc_info = sys.exc_info()
    return logging.LogRecord("t", logging.ERROR, __file__, 1, msg, args or None, exc_info)


def test_filter_never_raises_and_never_drops() -> None:
    flt = RedactingFilter(Redactor())
    bad = make_record("%d items", "not a number")
    assert flt.filter(bad) is True
    assert "not a number" not in bad.getMessage() or "dropped" in bad.getMessage()
    odd = make_record({"token": "s3cr3t-value-here"})  # a non-string message
    assert flt.filter(odd) is True
    assert "s3cr3t-value-here" not in odd.getMessage()
    with_exc = make_record("failed", exc=True)
    assert flt.filter(with_exc) is True
    assert with_exc.exc_info is None
    assert with_exc.exc_text is not None
    assert "otp_abcdef123" not in with_exc.exc_text
    assert "ValueError: boom <redacted>" in with_exc.exc_text
    formatted = logging.Formatter("%(message)s").format(with_exc)
    assert "otp_abcdef123" not in formatted
    assert "Traceback" in formatted


# ---------------------------------------------------------------- patterns


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("token hs_live_AbCdEf0123456789xyz in text", "token <redacted> in text"),
        ("hs_demo_0123456789abcdefXYZ", "<redacted>"),
        ("plain hs_0123456789abcdefghij.", "plain <redacted>"),
        ("one-time otp_9f8e7d6c5b done", "one-time <redacted> done"),
        (
            "GET https://api.heavyset.tech/api/v1/zaps/slots?oneTimeToken=abc123DEF456&x=1",
            "GET https://api.heavyset.tech/api/v1/zaps/slots?oneTimeToken=<redacted>&x=1",
        ),
        ("x-hs-token: Qm9ndXNUb2tlbg", "x-hs-token: <redacted>"),
        ("X-HeavySet-Token:abcDEF123456", "X-HeavySet-Token:<redacted>"),
        ("Authorization: Bearer eyJhbGciOi.J9.x", "Authorization: Bearer <redacted>"),
        ("authorization: Basic dXNlcjprZXk=", "authorization: Basic <redacted>"),
        ('{"token": "abc", "phone": "+18015551234"}', '{"token": "<redacted>", "phone": "+18015551234"}'),
        ('{"oneTimeToken":"a\\"b"}', '{"oneTimeToken":"<redacted>"}'),
        ("{'x-hs-token': 'abc', 'n': 1}", "{'x-hs-token': '<redacted>', 'n': 1}"),
        ("[(b'authorization', b'Basic abc=')]", "[(b'authorization', b'<redacted>')]"),
        ("api_key=zzz&phone=1", "api_key=<redacted>&phone=1"),
    ],
)
def test_token_shapes_are_redacted_without_registration(text: str, expected: str) -> None:
    assert Redactor().redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Looked up +18015551234: Jane Doe, Denver",
        "HeavySet Basic CRM: booked 10:00 AM MST",
        "hs_short ok",  # too short to be a token
        "otp_12 too short",
        "the phone hs an idempotency-key 7d9c0f7e-2a51-4b43-9d43-5c1a4f0f1e55",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert Redactor().redact(text) == text


def test_short_secrets_are_ignored_and_redaction_is_idempotent() -> None:
    r = Redactor()
    r.register("short")
    r.register("")
    assert r.redact("a short note") == "a short note"
    r.register("a/b+c=d-long-token")
    once = r.redact("see a/b+c=d-long-token and a%2Fb%2Bc%3Dd-long-token")
    assert once == "see <redacted> and <redacted>"
    assert r.redact(once) == once


def test_module_level_redact_uses_the_shared_redactor() -> None:
    token = new_token()
    assert token in redact(f"x {token}")
    REDACTOR.register(token)
    assert redact(f"x {token}") == "x <redacted>"


@given(
    secret=st.text(alphabet=TOKEN_ALPHABET, min_size=8, max_size=80),
    before=st.text(max_size=40),
    after=st.text(max_size=40),
    repeat=st.integers(min_value=1, max_value=3),
)
def test_a_registered_secret_never_survives(secret: str, before: str, after: str, repeat: int) -> None:
    assume(secret != "redacted")  # it would be found inside the marker itself
    r = Redactor()
    r.register(secret)
    text = before + (secret + after) * repeat
    assert secret not in r.redact(text)


@given(
    body=st.text(alphabet=TOKEN_ALPHABET, min_size=16, max_size=60),
    kind=st.sampled_from(["hs_", "hs_live_", "hs_demo_"]),
    before=st.text(max_size=30),
    after=st.text(max_size=30),
)
def test_a_heavyset_token_never_survives_unregistered(body: str, kind: str, before: str, after: str) -> None:
    token = kind + body
    assert token not in Redactor().redact(f"{before} {token} {after}")


@pytest.mark.parametrize(
    "text",
    [
        "a-" * 50_000,
        "'a'," * 25_000,
        "hs_" * 30_000,
        '"token": "' + "a\\" * 50_000,
        "'tokentokentoken" * 20_000,
        "token=x " * 10_000 + "b-" * 50_000,
    ],
)
def test_redaction_stays_fast_on_huge_lines(text: str) -> None:
    import time

    started = time.perf_counter()
    Redactor().redact(text)
    assert time.perf_counter() - started < 1.0

"""Transport pieces that need no server: budget, Retry-After, error mapping, secrecy."""

from __future__ import annotations

import email.utils
import pickle
import random
import time

import httpx
import pytest

from hsconsole.api.errors import (
    AuthRejectedError,
    BadRequestError,
    DemoModeError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)
from hsconsole.api.transport import Credential, RequestBudget, RetryPolicy, error_from_response, parse_retry_after
from tests.helpers import Runner

TOKEN = "hs_live_" + "x" * 300


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_budget_waits_once_the_minute_is_used_up(arun: Runner) -> None:
    clock = FakeClock()
    budget = RequestBudget(limit=3, window=60, clock=clock, sleep=clock.sleep)

    async def go() -> None:
        for _ in range(3):
            await budget.acquire("a")
            clock.now += 1
        assert clock.slept == []
        await budget.acquire("a")  # the 4th must wait until the 1st leaves the window
        assert clock.slept == [pytest.approx(57.0)]
        await budget.acquire("b")  # another token has its own budget
        assert len(clock.slept) == 1

    arun(go())


def test_budget_off(arun: Runner) -> None:
    budget = RequestBudget(limit=0)
    assert budget.wait_time("a") == 0
    arun(budget.acquire("a"))


def test_retry_after_forms() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (parse_retry_after(future) or 0) <= 31
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    assert parse_retry_after(past) == 0.0


def test_backoff_grows_with_jitter_and_caps() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4)
    rng = random.Random(1)
    delays = [policy.backoff(n, rng) for n in range(6)]
    assert 0.25 <= delays[0] <= 0.5
    assert 1.0 <= delays[2] <= 2.0
    assert all(d <= 4 for d in delays)


def _response(status: int, body: object = None, headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("GET", "https://api.heavyset.tech/x")
    if body is None:
        return httpx.Response(status, headers=headers, request=request)
    return httpx.Response(status, json=body, headers=headers, request=request)


def test_error_mapping_of_both_payload_shapes() -> None:
    bad = error_from_response(_response(400, {"statusCode": 400, "message": ["a", "b"], "error": "Bad Request"}))
    assert isinstance(bad, BadRequestError) and bad.messages == ["a", "b"]
    zap = error_from_response(_response(400, {"ok": False, "error": "missing_one_time_token"}))
    assert isinstance(zap, BadRequestError) and zap.code == "missing_one_time_token"
    assert zap.messages == ["Missing one time token"]
    assert isinstance(error_from_response(_response(401)), AuthRejectedError)
    assert isinstance(error_from_response(_response(403)), DemoModeError)
    nf = error_from_response(_response(404, {"statusCode": 404, "message": ["No lead"], "error": "Not Found"}))
    assert isinstance(nf, NotFoundError) and nf.message == "No lead"
    limited = error_from_response(_response(429, headers={"Retry-After": "3"}))
    assert isinstance(limited, RateLimitedError) and limited.retry_after == 3 and limited.retryable
    assert isinstance(error_from_response(_response(503, "<html>")), ServerError)
    odd = error_from_response(_response(418))
    assert isinstance(odd, BadRequestError) and "418" in str(odd)


def test_credential_never_shows_the_token() -> None:
    cred = Credential("x-hs-token", TOKEN)
    assert TOKEN not in repr(cred) and TOKEN not in str(cred) and TOKEN not in f"{cred}"
    assert cred.headers() == {"x-hs-token": TOKEN}
    with pytest.raises(TypeError):
        pickle.dumps(cred)
    with pytest.raises(ValueError, match="empty"):
        Credential("x-hs-token", "  ")
    with pytest.raises(ValueError, match="line break"):
        Credential("x-hs-token", "abc\r\nevil: 1")

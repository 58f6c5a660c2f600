"""Typed async client of the HeavySet Zapier API (seed 000)."""

from __future__ import annotations

from typing import TypeVar

import httpx

from hsconsole.api.errors import BadRequestError
from hsconsole.api.heavyset.endpoints import Endpoints
from hsconsole.api.heavyset.models import (
    AppointmentRequest,
    AppointmentResult,
    AuthTestResult,
    LeadCreated,
    LeadSubmission,
    SlotsResult,
)
from hsconsole.api.heavyset.s2s import new_idempotency_key
from hsconsole.api.transport import Credential, Idempotency, RetryPolicy, Transport, response_json, validate_model
from hsconsole.api.wire import ResponseModel

TOKEN_HEADER = "x-heavyset-token"  # noqa: S105 (a header name)
IDEMPOTENCY_HEADER = "x-idempotency-key"

OkModel = TypeVar("OkModel", bound=ResponseModel)


class ZapierClient:
    """auth-test, lead, slots and appointment, with the ``x-heavyset-token`` header."""

    def __init__(self, transport: Transport, token: str, endpoints: Endpoints | None = None) -> None:
        self._transport = transport
        self._credential = Credential(TOKEN_HEADER, token)
        self.endpoints = endpoints or Endpoints()

    def __repr__(self) -> str:
        return f"ZapierClient(origin={self.endpoints.origin!r}, credential={self._credential!r})"

    async def auth_test(self) -> AuthTestResult:
        """Check the token; returns the appointment page's id and label."""
        response = await self._transport.request(
            "GET", f"{self.endpoints.zapier_base}/auth-test", credential=self._credential
        )
        return _ok(response, AuthTestResult)

    async def submit_lead(
        self, lead: LeadSubmission, *, idempotency_key: str | None = None, retry: RetryPolicy | None = None
    ) -> LeadCreated:
        """Create a lead; returns its id and the one-time token for booking."""
        response = await self._transport.request(
            "POST",
            f"{self.endpoints.zapier_base}/lead",
            credential=self._credential,
            json_body=lead.to_wire(),
            idempotency=Idempotency(IDEMPOTENCY_HEADER, idempotency_key or new_idempotency_key()),
            retry=retry,
        )
        return _ok(response, LeadCreated)

    async def slots(self, one_time_token: str) -> SlotsResult:
        """Open slots for the lead behind ``one_time_token``."""
        if not one_time_token:
            raise ValueError("a one-time token is required")
        response = await self._transport.request(
            "GET",
            f"{self.endpoints.zapier_base}/slots",
            credential=self._credential,
            params={"oneTimeToken": one_time_token},
        )
        return _ok(response, SlotsResult)

    async def book(
        self, request: AppointmentRequest, *, idempotency_key: str | None = None, retry: RetryPolicy | None = None
    ) -> AppointmentResult:
        """Book a block (by id, or by ISO datetime matched within ±60 minutes)."""
        response = await self._transport.request(
            "POST",
            f"{self.endpoints.zapier_base}/appointment",
            credential=self._credential,
            json_body=request.to_wire(),
            idempotency=Idempotency(IDEMPOTENCY_HEADER, idempotency_key or new_idempotency_key()),
            retry=retry,
        )
        return _ok(response, AppointmentResult)


def _ok(response: httpx.Response, model: type[OkModel]) -> OkModel:
    """Parse a Zapier answer (decoded once); a 2xx that says ``ok: false`` is a refusal."""
    data = response_json(response)
    if isinstance(data, dict) and data.get("ok") is False:
        code = str(data.get("error") or "not_ok")
        message = data.get("message")
        raise BadRequestError([str(message)] if message else [], code=code, status=response.status_code)
    return validate_model(data, model, status=response.status_code)

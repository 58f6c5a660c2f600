"""Typed async client of the HeavySet S2S API (seed 001)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from hsconsole.api.errors import (
    ApiError,
    AuthRejectedError,
    BadRequestError,
    DemoModeError,
    ForbiddenError,
    NotFoundError,
)
from hsconsole.api.heavyset.endpoints import Endpoints
from hsconsole.api.heavyset.models import Dispositions, ExistingLead, PhoneUpdate, TimeSlot, TimeSlots
from hsconsole.api.transport import (
    NO_RETRY,
    Credential,
    Idempotency,
    RetryPolicy,
    Transport,
    parse_list_in_slices,
    parse_model,
)
from hsconsole.domain.phones import DEFAULT_REGION, normalize_phone
from hsconsole.domain.words import translate

REGIONAL_MAX_FAILURES = 3
"""Failures in a row of the regional lookup route, the main one answering, before it is left for the session."""
BIG_ANSWER_BYTES = 64_000
"""A blocks answer longer than this (≈ 500 blocks) is validated a slice per loop turn."""

log = logging.getLogger("hsconsole.network")

TOKEN_HEADER = "x-hs-token"  # noqa: S105 (a header name)
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _token_missing(exc: AuthRejectedError | BadRequestError) -> bool:
    """The server says it found no token (not that the token is wrong): "token should not be empty"."""
    said = (exc.detail if isinstance(exc, AuthRejectedError) else exc.message).lower()
    return "token" in said and any(word in said for word in ("empty", "missing", "required", "body"))


def _token_placement_refused(exc: AuthRejectedError | BadRequestError, *, in_body: bool) -> bool:
    """The server refused the request over where its token was: missing from the body, or not allowed there."""
    if not in_body:
        return _token_missing(exc)
    said = " ".join(exc.messages).lower() if isinstance(exc, BadRequestError) else ""
    return "token" in said and any(word in said for word in ("should not exist", "not allowed", "unknown", "forbidden"))


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


class S2SClient:
    """Phone query, blocks, dispositions and update, with the ``x-hs-token`` header."""

    def __init__(
        self,
        transport: Transport,
        token: str,
        endpoints: Endpoints | None = None,
        *,
        region: str = DEFAULT_REGION,
        token_in_body: bool = False,
        learned_token_in_body: Callable[[bool], None] | None = None,
    ) -> None:
        self._transport = transport
        self._credential = Credential(TOKEN_HEADER, token)
        self.endpoints = endpoints or Endpoints()
        self.region = region
        self.token_in_body = token_in_body
        """HeavySet refused a PATCH over its token and took it with the token in the body too (or the profile
        remembers that it did)."""
        self._learned_token_in_body = learned_token_in_body
        self.regional_failures = 0
        self.regional_off: str | None = None
        """Why the regional lookup route is off for this session (None while it is used)."""

    def __repr__(self) -> str:
        return f"S2SClient(origin={self.endpoints.origin!r}, credential={self._credential!r})"

    def request_wait(self) -> float:
        """Seconds a request waiting for the token's budget (60 a minute) has still to wait; 0 when none waits."""
        budget = self._transport.budget
        return budget.waiting(self._credential.fingerprint) if budget is not None else 0.0

    def budget_room(self, spare: float) -> int | None:
        """Requests this token may send now without waiting for its budget and with ``spare`` (a share of the
        limit, 0–1) still free after them; None when no budget is kept."""
        budget = self._transport.budget
        if budget is None or budget.limit <= 0:
            return None
        key = self._credential.fingerprint
        if budget.waiting(key) > 0:
            return 0
        return max(0, int(budget.limit * (1.0 - spare)) - budget.used(key))

    def _warm_urls(self) -> list[str]:
        """Where a lookup goes: the main endpoint, and the regional one while it is used."""
        urls = [f"{self.endpoints.s2s_base}/phone/query"]
        regional = self.endpoints.regional_query_url if self.regional_off is None else None
        if regional:
            urls.append(regional)
        return urls

    def warm_due(self) -> float:
        """Seconds until the connections a lookup uses may be gone (0: :meth:`warm` would open them now)."""
        return min(self._transport.warm_due(url) for url in self._warm_urls())

    async def warm(self) -> bool:
        """Open the connections a lookup uses (TLS done) unless they are open, counted in this token's request
        budget; no token goes with it (:meth:`Transport.warm`). Never raises; True when one was opened."""
        fingerprint = self._credential.fingerprint
        done = await asyncio.gather(*(self._transport.warm(url, budget_key=fingerprint) for url in self._warm_urls()))
        return any(done)

    def _phone(self, phone: str) -> str:
        return normalize_phone(phone, self.region)

    async def query_phone(self, phone: str) -> ExistingLead:
        """The lead for ``phone``; :class:`NotFoundError` when the CRM has none.

        With a regional endpoint configured, that is asked first, once. Only the
        main endpoint decides that a caller is not in the CRM: any failure of
        the regional one (a 404 of any kind, a 401 or 403 for a region not
        enabled, the network, an answer that is not a lead) asks the main one,
        so a misrouted 404 never invites a duplicate lead. A regional route that
        fails :data:`REGIONAL_MAX_FAILURES` times in a row while the main one
        answers is turned off for the session (:attr:`regional_off` says why).
        """
        e164 = self._phone(phone)
        regional = self.endpoints.regional_query_url if self.regional_off is None else None
        if not regional:
            return await self.query_phone_main(e164)
        try:
            response = await self._request("GET", regional, params={"phone": e164}, retry=NO_RETRY)
            lead = parse_model(response, ExistingLead)
        except ApiError as exc:
            log.info("regional query: %s; asking the main endpoint", type(exc).__name__)
            found = await self.query_phone_main(e164)  # its NotFoundError is the answer
            self._regional_failed(exc)  # the main route found the lead the regional one did not give
            return found
        self.regional_failures = 0
        return lead

    async def _request(self, method: str, url: str, **options: Any) -> httpx.Response:
        """One S2S call. A 403 is not "demo mode" here (only the Zapier family documents that): the
        server's own words are kept."""
        try:
            return await self._transport.request(method, url, credential=self._credential, **options)
        except DemoModeError as exc:
            said = exc.detail or "no reason given"
            raise ForbiddenError(f"HeavySet refused this request (HTTP 403): {said}", status=403) from None

    def _regional_failed(self, exc: ApiError) -> None:
        self.regional_failures += 1
        if self.regional_failures >= REGIONAL_MAX_FAILURES:
            said = (
                translate(
                    "Network",
                    "The low-latency lookup route answered 404 {count} times in a row while the main one answered: "
                    "lookups use the main route until the console restarts.",
                )
                if isinstance(exc, NotFoundError)
                else translate(
                    "Network",
                    "The low-latency lookup route failed ({why}) {count} times in a row while the main one "
                    "answered: lookups use the main route until the console restarts.",
                )
            )
            self.regional_off = said.format(why=exc.message, count=self.regional_failures)
            log.warning("regional query turned off for this session after %d failures", self.regional_failures)

    async def query_phone_main(self, phone: str) -> ExistingLead:
        """The lead for ``phone`` from the main (non-regional) endpoint."""
        response = await self._request(
            "GET",
            f"{self.endpoints.s2s_base}/phone/query",
            params={"phone": self._phone(phone)},
        )
        return parse_model(response, ExistingLead)

    async def blocks(self, phone: str, *, simple_block_id: bool = False, limit_days: int | None = None) -> TimeSlots:
        """Open appointment blocks for the lead's ZIP and product."""
        params = {"phone": self._phone(phone)}
        if simple_block_id:
            params["simpleBlockId"] = "true"
        if limit_days is not None:
            if limit_days < 1:
                raise ValueError("limit_days must be at least 1")
            params["limitDays"] = str(limit_days)
        response = await self._request("GET", f"{self.endpoints.s2s_base}/phone/query/blocks", params=params)
        if len(response.content) > BIG_ANSWER_BYTES:
            return await parse_list_in_slices(response, TimeSlots, "slots", TimeSlot)
        return parse_model(response, TimeSlots)

    async def dispositions(self) -> Dispositions:
        """The CRM's "not qualified" reasons."""
        response = await self._request("GET", f"{self.endpoints.s2s_base}/phone/query/dispositions")
        return parse_model(response, Dispositions)

    async def update(
        self, update: PhoneUpdate, *, idempotency_key: str | None = None, retry: RetryPolicy | None = None
    ) -> ExistingLead:
        """PATCH the lead; returns it as refreshed by the server.

        Sent with an ``Idempotency-Key`` (a new UUID4 when none is given), the
        same on every retry, so a retried update takes effect once.
        """
        key = idempotency_key or new_idempotency_key()
        body = update.to_wire()

        async def send() -> httpx.Response:
            sent = {**body, "token": self._credential.token_for_body()} if self.token_in_body else body
            return await self._request(
                "PATCH",
                f"{self.endpoints.s2s_base}/phone/update",
                json_body=sent,
                idempotency=Idempotency(IDEMPOTENCY_HEADER, key),
                retry=retry,
            )

        try:
            response = await send()
        except (AuthRejectedError, BadRequestError) as exc:
            # Seed 001's text puts the token "in every request body"; its examples send only the header. A
            # server refusing the PATCH over where the token is (missing from the body, or not allowed there) is
            # asked again the other way (the refused request made no change: the same key is safe), and every
            # PATCH after goes that way too: the profile remembers it.
            if not _token_placement_refused(exc, in_body=self.token_in_body):
                raise
            self.token_in_body = not self.token_in_body
            try:
                response = await send()
            except (AuthRejectedError, BadRequestError):
                self.token_in_body = not self.token_in_body  # it was not that: the first refusal stands
                raise exc from None
            where = "in the body of a PATCH too" if self.token_in_body else "in the header only"
            log.warning("HeavySet wants the token %s; sending it that way from now on", where)
            if self._learned_token_in_body is not None:
                self._learned_token_in_body(self.token_in_body)
        return parse_model(response, ExistingLead)

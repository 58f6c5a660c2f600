"""Setting a profile up: test its tokens and endpoint, build its console."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from hsconsole.api.endpoints import Endpoints
from hsconsole.api.errors import ApiError, AuthRejectedError, DemoModeError, NetworkError
from hsconsole.api.models import AuthTestResult
from hsconsole.api.s2s import S2SClient
from hsconsole.api.transport import RetryPolicy, Timeouts, Transport
from hsconsole.api.zapier import ZapierClient
from hsconsole.services.console import Console
from hsconsole.services.outbox import OutboxService
from hsconsole.store.audit import AuditLog
from hsconsole.store.outbox import OutboxStore
from hsconsole.store.settings import Profile

TEST_RETRY = RetryPolicy(attempts=2, base_delay=0.2, max_delay=0.5, max_retry_after=5.0)


def endpoints_for(profile: Profile) -> Endpoints:
    return Endpoints(profile.origin, profile.regional_origin, profile.crm_settings_id)


def console_for(
    profile: Profile,
    s2s_token: str,
    zapier_token: str,
    transport: Transport,
    *,
    outbox: OutboxStore | None = None,
    audit: AuditLog | None = None,
) -> Console:
    """The console of a profile; with ``outbox``, every mutation goes through it."""
    endpoints = endpoints_for(profile)
    s2s = S2SClient(transport, s2s_token, endpoints, region=profile.region)
    zapier = ZapierClient(transport, zapier_token, endpoints)
    service = OutboxService(outbox, s2s, zapier, profile.name) if outbox is not None else None
    return Console(s2s, zapier, region=profile.region, outbox=service, audit=audit, profile=profile.name)


@dataclass(frozen=True)
class ConnectionCheck:
    """What testing a profile found: the Zapier auth-test and the S2S dispositions."""

    page: AuthTestResult | None
    zapier_error: ApiError | None
    reasons: int | None
    s2s_error: ApiError | None

    @property
    def ok(self) -> bool:
        return self.zapier_error is None and self.s2s_error is None

    @property
    def errors(self) -> list[ApiError]:
        return [e for e in (self.zapier_error, self.s2s_error) if e is not None]

    @property
    def offline(self) -> bool:
        """Failed only for want of a network: worth saving untested and trying later."""
        return bool(self.errors) and all(isinstance(e, NetworkError) for e in self.errors)

    @property
    def token_rejected(self) -> bool:
        return any(isinstance(e, AuthRejectedError | DemoModeError) for e in self.errors)


async def check_connection(
    profile: Profile, s2s_token: str, zapier_token: str, *, transport: Transport | None = None
) -> ConnectionCheck:
    """Call Zapier ``/auth-test`` and S2S dispositions side by side."""
    own = transport is None
    transport = transport or Transport(timeouts=Timeouts(connect=4.0, read=8.0), retry=TEST_RETRY)
    try:
        console = console_for(profile, s2s_token, zapier_token, transport)
        auth, reasons = await asyncio.gather(
            console.zapier.auth_test(), console.s2s.dispositions(), return_exceptions=True
        )
    finally:
        if own:
            await transport.aclose()
    for outcome in (auth, reasons):
        if isinstance(outcome, BaseException) and not isinstance(outcome, ApiError):
            raise outcome
    return ConnectionCheck(
        page=auth if isinstance(auth, AuthTestResult) else None,
        zapier_error=auth if isinstance(auth, ApiError) else None,
        reasons=None if isinstance(reasons, BaseException) else len(reasons.not_qualified_reasons),
        s2s_error=reasons if isinstance(reasons, ApiError) else None,
    )

"""Setting a profile up: test its tokens and endpoint, build its console.

Every client of a profile is built here, and every secret it is given is registered with the
redactor first (:func:`keep_secret`): whatever a server echoes of it later is cut from what the
console shows, stores and logs.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hsconsole.api.errors import ApiError, AuthRejectedError, DemoModeError, ForbiddenError, NetworkError
from hsconsole.api.heavyset.endpoints import Endpoints
from hsconsole.api.heavyset.models import AuthTestResult
from hsconsole.api.heavyset.s2s import S2SClient
from hsconsole.api.heavyset.zapier import ZapierClient
from hsconsole.api.transport import RetryPolicy, Timeouts, Transport
from hsconsole.domain.words import translate
from hsconsole.services.console import Console
from hsconsole.services.outbox import OutboxService
from hsconsole.store.audit import AuditLog
from hsconsole.store.logfiles import REDACTOR
from hsconsole.store.outbox import OutboxStore
from hsconsole.store.settings import ApptotoSettings, Profile, TimeZestSettings

if TYPE_CHECKING:  # the connectors' clients and models load only for a profile that uses them
    from hsconsole.api.apptoto.client import ApptotoClient
    from hsconsole.api.timezest.client import TimeZestClient
    from hsconsole.services.reminders import Reminders
    from hsconsole.services.scheduling import Scheduling

TEST_RETRY = RetryPolicy(attempts=2, base_delay=0.2, max_delay=0.5, max_retry_after=5.0)


def keep_secret(*secrets: str | None) -> None:
    """Redact these from every text the console shows, stores or logs, from now on (before they are sent)."""
    for secret in secrets:
        if secret:
            REDACTOR.register(secret)


def _keep_apptoto_secrets(email: str, key: str) -> None:
    """The key, and the Basic credential it travels in (base64 of ``email:key``)."""
    keep_secret(key, base64.b64encode(f"{email.strip()}:{key.strip()}".encode()).decode("ascii"))


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
    apptoto_key: str | None = None,
    remember: Callable[[Profile], None] | None = None,
) -> Console:
    """The console of a profile; with ``outbox``, every mutation goes through it.

    With the profile's Apptoto settings and ``apptoto_key``, bookings are
    mirrored to Apptoto through the outbox too. ``remember`` is given the
    profile again when the console learns something about its server worth
    keeping (where HeavySet wants the token), to save it.
    """
    keep_secret(s2s_token, zapier_token)
    endpoints = endpoints_for(profile)

    def learned_token_in_body(in_body: bool) -> None:
        if remember is not None:
            remember(profile.model_copy(update={"token_in_body": in_body}))

    s2s = S2SClient(
        transport,
        s2s_token,
        endpoints,
        region=profile.region,
        token_in_body=profile.token_in_body,
        learned_token_in_body=learned_token_in_body,
    )
    zapier = ZapierClient(transport, zapier_token, endpoints)
    service = OutboxService(outbox, s2s, zapier, profile.name) if outbox is not None else None
    console = Console(s2s, zapier, region=profile.region, outbox=service, audit=audit, profile=profile.name)
    use_apptoto(console, profile, apptoto_key, transport)
    return console


def use_apptoto(console: Console, profile: Profile, key: str | None, transport: Transport) -> None:
    """Mirror the console's bookings to the profile's Apptoto account from now on (or stop, without one).

    Changes already waiting in the outbox stay; an Apptoto entry is sent with
    the client of the moment.
    """
    apptoto = apptoto_client(profile.apptoto, key, transport, profile.region)
    if console.outbox is not None:
        console.outbox.apptoto = apptoto.single_try() if apptoto is not None else None
        console.outbox.apptoto_calendar = {}
    console.mirror = None
    if apptoto is not None and profile.apptoto is not None and console.outbox is not None:
        from hsconsole.services.reminders import Mirror, calendar_of

        console.mirror = Mirror(profile.apptoto, region=profile.region)
        console.outbox.apptoto_calendar = calendar_of(profile.apptoto)


def apptoto_client(
    settings: ApptotoSettings | None, key: str | None, transport: Transport, region: str = "US"
) -> ApptotoClient | None:
    if settings is None or not key:
        return None
    from hsconsole.api.apptoto.client import ApptotoClient

    _keep_apptoto_secrets(settings.email, key)
    return ApptotoClient(transport, settings.email, key, settings.origin, region=region)


def timezest_client(settings: TimeZestSettings | None, key: str | None, transport: Transport) -> TimeZestClient | None:
    if settings is None or not key:
        return None
    from hsconsole.api.timezest.client import TimeZestClient

    keep_secret(key)
    return TimeZestClient(transport, key, settings.origin)


@dataclass(frozen=True)
class Connectors:
    """The optional services of a profile; None where it is off."""

    reminders: Reminders | None = None
    scheduling: Scheduling | None = None


def connectors_for(
    profile: Profile,
    console: Console,
    transport: Transport,
    *,
    apptoto_key: str | None = None,
    timezest_key: str | None = None,
    remember_trigger_mode: Callable[[str], None] | None = None,
) -> Connectors:
    """The profile's connectors; ``remember_trigger_mode`` keeps the setter's choice of how TimeZest links
    reach homeowners with the profile (the settings file)."""
    reminders: Reminders | None = None
    scheduling: Scheduling | None = None
    apptoto = apptoto_client(profile.apptoto, apptoto_key, transport, profile.region)
    if apptoto is not None:  # the connectors' modules load only for a profile that uses them
        from hsconsole.services.reminders import Reminders

        reminders = Reminders(apptoto, region=profile.region)
    timezest = timezest_client(profile.timezest, timezest_key, transport)
    if timezest is not None:
        from hsconsole.services.scheduling import Scheduling

        read_only = bool(profile.timezest and profile.timezest.read_only)
        mode = profile.timezest.trigger_mode if profile.timezest else "generate_url"
        remember = remember_trigger_mode
        scheduling = Scheduling(
            timezest,
            read_only=read_only,
            console=console,
            trigger_mode=mode,
            remember_trigger_mode=(lambda chosen: remember(chosen.value)) if remember is not None else None,
        )
    return Connectors(reminders=reminders, scheduling=scheduling)


@dataclass(frozen=True)
class ConnectorCheck:
    """What a connector's Test button found, in setter words."""

    ok: bool
    message: str
    read_only: bool = False
    error: ApiError | None = None


def _check_failure(service: str, exc: ApiError) -> ConnectorCheck:
    if exc.status == 403:
        text = translate(
            "ConnectorCheck", "{service} refused this key. Check that it is an API key with access to the account."
        ).format(service=service)
    elif isinstance(exc, AuthRejectedError):
        text = (
            translate("ConnectorCheck", "{service} did not accept the email and key. Check and try again.")
            if service == "Apptoto"
            else translate("ConnectorCheck", "{service} did not accept the key. Check and try again.")
        ).format(service=service)
    elif isinstance(exc, NetworkError):
        text = translate(
            "ConnectorCheck", "Could not reach {service} ({why}). Check the address and the network."
        ).format(service=service, why=exc.message)
    else:
        text = translate("ConnectorCheck", "{service} answered with a problem: {why}").format(
            service=service, why=REDACTOR.redact(str(exc))
        )
    return ConnectorCheck(False, text, error=exc)


async def _run_check(
    service: str, transport: Transport | None, work: Callable[[Transport], Awaitable[ConnectorCheck]]
) -> ConnectorCheck:
    """Run a Test button's requests (on a short-timeout transport of its own unless given one)."""
    own = transport is None
    transport = transport or Transport(timeouts=Timeouts(connect=4.0, read=8.0), retry=TEST_RETRY)
    try:
        return await work(transport)
    except ApiError as exc:
        return _check_failure(service, exc)
    except ValueError as exc:
        return ConnectorCheck(False, REDACTOR.redact(str(exc)))
    finally:
        if own:
            await transport.aclose()


async def check_apptoto(settings: ApptotoSettings, key: str, *, transport: Transport | None = None) -> ConnectorCheck:
    """Apptoto's Test button: a one-item ``GET /v1/events``, and the address book when one is named."""
    from hsconsole.api.apptoto.client import ApptotoClient

    _keep_apptoto_secrets(settings.email, key)

    async def work(transport: Transport) -> ConnectorCheck:
        client = ApptotoClient(transport, settings.email, key, settings.origin)
        await client.check()
        found_books = await client.address_books() if settings.address_book else []
        wanted = settings.address_book.casefold()
        if settings.address_book and not any(wanted in (b.name.casefold(), str(b.id)) for b in found_books):
            books = ", ".join(b.name for b in found_books)
            missing = (
                translate(
                    "ConnectorCheck",
                    "Apptoto accepted the key, but has no address book named “{book}” (it has: {books}).",
                )
                if books
                else translate("ConnectorCheck", "Apptoto accepted the key, but has no address book named “{book}”.")
            )
            return ConnectorCheck(False, missing.format(book=settings.address_book, books=books))
        where = (
            translate("ConnectorCheck", "Bookings go to the calendar “{calendar}”; new leads go to “{book}”.")
            if settings.address_book
            else translate("ConnectorCheck", "Bookings go to the calendar “{calendar}”.")
        )
        connected = translate("ConnectorCheck", "Connected to Apptoto as {email}.").format(email=settings.email)
        calendars = translate(
            "ConnectorCheck",
            "(Apptoto has no list of calendars: a misspelt calendar shows up as a refused reminder on the first "
            "booking.)",
        )
        where = where.format(calendar=settings.calendar, book=settings.address_book)
        return ConnectorCheck(True, f"{connected} {where} {calendars}")

    return await _run_check("Apptoto", transport, work)


async def check_timezest(settings: TimeZestSettings, key: str, *, transport: Transport | None = None) -> ConnectorCheck:
    """TimeZest's Test button: ``GET /v1/appointment_types``, and whether the key may send links."""
    from hsconsole.api.timezest.client import TimeZestClient

    keep_secret(key)

    async def work(transport: Transport) -> ConnectorCheck:
        found = await TimeZestClient(transport, key, settings.origin).check(probe_write=True)
        types = len(found.appointment_types)
        kinds = (
            translate("ConnectorCheck", "1 appointment type")
            if types == 1
            else translate("ConnectorCheck", "{count} appointment types").format(count=types)
        )
        if found.can_write is False:
            read_only = translate(
                "ConnectorCheck",
                "Connected to TimeZest ({types}). This key can only read: sending links is turned off.",
            )
            return ConnectorCheck(True, read_only.format(types=kinds), True)
        return ConnectorCheck(
            True, translate("ConnectorCheck", "Connected to TimeZest ({types}). Links can be sent.").format(types=kinds)
        )

    return await _run_check("TimeZest", transport, work)


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
        return any(isinstance(e, AuthRejectedError | DemoModeError | ForbiddenError) for e in self.errors)


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

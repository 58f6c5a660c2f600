"""The exceptions every HeavySet call can raise.

Messages are safe to log and to show: they never contain a token, and the
UI layer turns each class into setter words.
"""

from __future__ import annotations

from datetime import datetime


class ApiError(Exception):
    """Base class of every failure of an API call."""

    retryable: bool = False
    uncertain: bool = False
    """A change sent with this failure may have been made all the same (the request reached the server)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class BadRequestError(ApiError):
    """400: the server refused the request's content; ``messages`` says why."""

    def __init__(self, messages: list[str], *, code: str = "", status: int = 400) -> None:
        self.messages = list(messages) or ([code] if code else ["Bad request"])
        self.code = code
        super().__init__("; ".join(self.messages), status=status)


class AuthRejectedError(ApiError):
    """401: the token is missing, expired or revoked; ``detail`` is what the server said, if anything."""

    def __init__(self, message: str, *, status: int | None = 401, detail: str = "") -> None:
        super().__init__(message, status=status)
        self.detail = detail


class DemoModeError(ApiError):
    """403: the HeavySet account is in demo mode (the Zapier family documents its 403 so).

    ``detail`` is what the server said, if anything.
    """

    def __init__(self, message: str, *, status: int | None = 403, detail: str = "") -> None:
        super().__init__(message, status=status)
        self.detail = detail


class ForbiddenError(ApiError):
    """403 where the documents give it no meaning (the S2S family): the server refused; ``message`` says why."""


class NotFoundError(ApiError):
    """404: no lead for that phone (or no such resource)."""


class RateLimitedError(ApiError):
    """429: too many requests; ``retry_after`` is in seconds when the server said."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message, status=429)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx: the service failed; worth trying again later."""

    retryable = True


class NetworkError(ApiError):
    """No usable answer: connection refused or dropped, DNS, TLS or a timeout.

    ``sent``: the request may have reached the server (it was not a failure to
    connect), so a change sent this way may have been made.
    """

    retryable = True

    def __init__(self, message: str, *, timeout: bool = False, sent: bool = True) -> None:
        super().__init__(message)
        self.timeout = timeout
        self.sent = sent
        self.uncertain = sent


class InvalidResponseError(ApiError):
    """The server answered with something that is not the documented shape.

    ``field`` names the first offending field (dotted path, wire names).
    """

    def __init__(self, message: str, *, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.field = field


class AnswerTooLargeError(InvalidResponseError):
    """The answer was bigger than the console reads (decoded), or listed more items than it takes.

    Nothing of it was kept: reading on would have held the window and its memory.
    """


class InProgressError(ApiError):
    """409 to a request with an idempotency key: the server is still working on that key.

    The change may be made by then; it is asked again later with the same key.
    """

    retryable = True
    uncertain = True


class UncertainOutcomeError(ApiError):
    """A change was sent and the server answered 2xx, but the answer could not be read.

    The change may have been made. It is not a refusal: it is asked again with
    the same idempotency key until the server's answer can be read.
    """

    retryable = True
    uncertain = True


class UncertainCreateError(NetworkError):
    """A create failed ambiguously and it could not be confirmed whether TimeZest made it.

    Nothing was re-sent blindly. Pass :attr:`first_attempt_at` as
    ``first_attempt_at`` to :meth:`hsconsole.api.timezest.client.TimeZestClient.create_scheduling_request_once`
    on the next try: it looks for the request before sending again.
    """

    def __init__(self, message: str, *, first_attempt_at: datetime, sends: int) -> None:
        super().__init__(message)
        self.first_attempt_at = first_attempt_at
        self.sends = sends

"""The failures a use case can end in, re-exported for the UI.

The UI layer imports these from here, not from ``api``, so it depends on
services alone.
"""

from hsconsole.api.errors import (
    AnswerTooLargeError,
    ApiError,
    AuthRejectedError,
    BadRequestError,
    DemoModeError,
    ForbiddenError,
    InProgressError,
    InvalidResponseError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UncertainCreateError,
    UncertainOutcomeError,
)
from hsconsole.domain.phones import InvalidPhoneError
from hsconsole.services.console import SlotUnavailableError
from hsconsole.services.outbox import Queued
from hsconsole.store.secrets import SecretsError

__all__ = [
    "AnswerTooLargeError",
    "ApiError",
    "AuthRejectedError",
    "BadRequestError",
    "DemoModeError",
    "ForbiddenError",
    "InProgressError",
    "InvalidPhoneError",
    "InvalidResponseError",
    "NetworkError",
    "NotFoundError",
    "Queued",
    "RateLimitedError",
    "SecretsError",
    "ServerError",
    "SlotUnavailableError",
    "UncertainCreateError",
    "UncertainOutcomeError",
]

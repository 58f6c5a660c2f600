"""What every vendor's wire models share: the pydantic base classes and the checked field types.

:class:`WireModel` maps camelCase wire names to snake_case attributes and builds its validators on first
use; :class:`ResponseModel` keeps unknown fields, :class:`RequestModel` forbids them. The field types
(:data:`Instant`, :data:`Day`, :data:`ZoneName`, :data:`Phone`, ...) check values the way the console needs
them, so a year 20260 or a zone no one knows is refused at the edge, not deep in the window.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
)
from pydantic.alias_generators import to_camel

from hsconsole.domain.phones import normalize_phone
from hsconsole.domain.slots import (
    SlotTimeError,
    iana_zone_name,
    parse_ampm,
)


def _none_to_empty(value: Any) -> Any:
    return "" if value is None else value


def number_to_str(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_zone(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("a time zone must be a string")
    name = iana_zone_name(value)
    if name is None:
        raise ValueError("unknown time zone (neither IANA nor Windows)")
    return name


def _check_ampm(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a time must be a string like '10:00 AM'")
    try:
        parse_ampm(value)
    except SlotTimeError as exc:
        raise ValueError(str(exc)) from None
    return value


def _phone(value: Any) -> Any:
    if isinstance(value, str):
        return normalize_phone(value)
    return value


EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
"""Dates outside these years are no real appointment or lead, and break zone arithmetic."""


def _sane_datetime(value: datetime) -> datetime:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"a date in {value.year} cannot be right")
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_sane_datetime)]
Day = Annotated[date, Field(ge=date(EARLIEST_YEAR, 1, 1), le=date(LATEST_YEAR, 12, 31))]
"""Checked inside pydantic (no Python call per value): a calendar sends thousands of them."""
PlainStr = Annotated[str, BeforeValidator(_none_to_empty)]
"""A seed ``string`` field: null or missing reads as ""."""
BlockId = Annotated[str, BeforeValidator(number_to_str)]
ZoneName = Annotated[str, BeforeValidator(_check_zone)]
AmPm = Annotated[str, BeforeValidator(_check_ampm)]
Phone = Annotated[str, BeforeValidator(_phone)]
"""A phone number normalised to E.164; an invalid one fails validation."""


class WireModel(BaseModel):
    """Base for every wire shape: camelCase aliases, snake_case attributes.

    Validators are built on a model's first use (``defer_build``), not at import: the window shows
    before the first lookup needs them.
    """

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, defer_build=True)

    def to_wire(self) -> dict[str, Any]:
        """The JSON object to send: aliases, and only the fields that are set."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class ResponseModel(WireModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow", defer_build=True)


class RequestModel(WireModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", defer_build=True)

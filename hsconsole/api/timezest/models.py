"""TimeZest's objects as pydantic models: agents, teams, appointment types, scheduling requests and their pages.

Epoch-second timestamps and ``HH:MM:SS`` clock times are read and written here; the readings of the fact
sheet are listed in the client's module docstring (:mod:`hsconsole.api.timezest.client`).
"""

from __future__ import annotations

import enum
import logging
import math
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    field_validator,
    model_validator,
)

from hsconsole.api.wire import Instant, RequestModel, ResponseModel
from hsconsole.domain.slots import is_known_zone

log = logging.getLogger("hsconsole.network")


# ---------------------------------------------------------------- wire types


def _from_epoch(value: Any) -> Any:
    """Epoch seconds (int, float or digits) → aware UTC datetime; datetimes pass through."""
    if isinstance(value, bool):
        raise ValueError("a timestamp must be epoch seconds, not a boolean")
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        value = int(value.strip())
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("a timestamp must be a finite number")
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError("a timestamp out of range") from None
    return value


def _to_epoch(value: datetime) -> int:
    return math.floor(value.timestamp())


EpochTime = Annotated[Instant, BeforeValidator(_from_epoch), PlainSerializer(_to_epoch, return_type=int)]
"""A TimeZest timestamp: integer Unix epoch seconds on the wire, an aware UTC datetime here."""


def _hms(value: time) -> str:
    return value.strftime("%H:%M:%S")


def _parse_hms(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value):
            raise ValueError("a time of day is HH:MM:SS")
        return time.fromisoformat(value)
    return value


ClockTime = Annotated[time, BeforeValidator(_parse_hms), PlainSerializer(_hms, return_type=str)]
"""A time of day as ``"HH:MM:SS"`` (the scheduling window's bounds)."""


class TimeZestResponse(ResponseModel):
    """A TimeZest answer: snake_case on the wire as in Python, unknown fields kept."""

    model_config = ConfigDict(alias_generator=None, populate_by_name=True, extra="allow")


class TimeZestRequest(RequestModel):
    """A TimeZest request body: snake_case, unknown fields refused."""

    model_config = ConfigDict(alias_generator=None, populate_by_name=True, extra="forbid")


# ---------------------------------------------------------------- objects


class Agent(TimeZestResponse):
    """A person who can have appointments scheduled (DOC, D-ag)."""

    id: str
    object: Literal["agent"] = "agent"
    name: str
    email: str | None = None
    role: str | None = None
    """``user`` or ``administrator``."""
    schedulable: bool = False
    """Has an active licence and can be booked."""
    two_factor_enabled: bool | None = None
    url_slug: str | None = None
    created_at: EpochTime | None = None
    updated_at: EpochTime | None = None

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def is_administrator(self) -> bool:
        return self.role == "administrator"


class TeamType(enum.StrEnum):
    TIMEZEST = "timezest/team"
    CONNECTWISE_SERVICE = "connectwise/service"
    CONNECTWISE_PROJECT = "connectwise/project"


class Team(TimeZestResponse):
    """A group of agents that can be scheduled (DOC, D-team).

    ``team_type`` stays a string: the documented values are in :class:`TeamType`,
    and one client fixture shows another (``round_robin``).
    """

    id: str
    object: Literal["team"] = "team"
    internal_name: str
    external_name: str | None = None
    team_type: str | None = None
    url_slug: str | None = None
    created_at: EpochTime | None = None
    updated_at: EpochTime | None = None

    @property
    def display_name(self) -> str:
        """The internal name: the console is used by the company's own people."""
        return self.internal_name


class AppointmentType(TimeZestResponse):
    """A kind of appointment that can be booked (DOC, D-apty)."""

    id: str
    object: Literal["appointment_type"] = "appointment_type"
    internal_name: str
    external_name: str | None = None
    duration_mins: int | None = None
    url_slug: str | None = None
    created_at: EpochTime | None = None
    updated_at: EpochTime | None = None

    @property
    def display_name(self) -> str:
        """``external_name`` (what the homeowner sees), else ``internal_name``."""
        return self.external_name or self.internal_name


Resource = Annotated[Agent | Team, Field(discriminator="object")]
"""An item of ``GET /v1/resources``: an agent or a team, told apart by ``object`` (DOC)."""


class SchedulingRequestStatus(enum.StrEnum):
    """The documented statuses (DOC); an unknown value becomes a pseudo-member with ``is_known`` False."""

    NEW = "new"
    """Created; no email sent yet."""
    SENT = "sent"
    """At least one email sent."""
    SCHEDULED = "scheduled"
    """The end user picked a time."""
    CANCELLED = "cancelled"
    """Cancelled by the end user or an agent."""
    CLOSED = "closed"
    """Closed by a workflow action; can no longer be used to book."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str) and value:
            member = str.__new__(cls, value)
            member._name_ = "UNKNOWN"
            member._value_ = value
            return member
        return None

    @property
    def is_known(self) -> bool:
        return self._name_ != "UNKNOWN"

    @property
    def is_open(self) -> bool:
        """Still waiting for the end user to pick a time."""
        return self in (SchedulingRequestStatus.NEW, SchedulingRequestStatus.SENT)


class TriggerMode(enum.StrEnum):
    """How a created request starts (CODE: WAIT, WYRE)."""

    GENERATE_URL = "generate_url"
    """Return a booking link (``scheduling_url``); someone must hand it to the end user."""
    POD = "pod"
    """Run TimeZest's PSA/pod workflow, which sends the end user the link itself."""


class AssociatedEntity(TimeZestResponse):
    """A PSA record linked to a scheduling request: ``{type, id?, number?}`` (DOC types, CODE shape)."""

    type: str
    id: int | None = None
    number: str | None = None


_PREFIX_KINDS = {"agnt_": "agent", "team_": "team"}


class ResourceRef(TimeZestResponse):
    """``{id, name, object|type}`` in ``resources`` / ``scheduled_agents`` (CONFLICT on the kind key)."""

    id: str
    name: str | None = None
    object: str | None = None
    type: str | None = None

    @property
    def kind(self) -> str | None:
        """``agent`` or ``team``: from ``object``, else ``type``, else the id's prefix."""
        if self.object:
            return self.object
        if self.type:
            return self.type
        return next((kind for prefix, kind in _PREFIX_KINDS.items() if self.id.startswith(prefix)), None)


RAILS_ZONES: dict[str, str] = {
    "Hawaii": "Pacific/Honolulu",
    "Alaska": "America/Juneau",
    "Pacific Time (US & Canada)": "America/Los_Angeles",
    "Arizona": "America/Phoenix",
    "Mountain Time (US & Canada)": "America/Denver",
    "Central Time (US & Canada)": "America/Chicago",
    "Eastern Time (US & Canada)": "America/New_York",
    "Indiana (East)": "America/Indiana/Indianapolis",
    "Atlantic Time (Canada)": "America/Halifax",
    "Newfoundland": "America/St_Johns",
    "Saskatchewan": "America/Regina",
    "Puerto Rico": "America/Puerto_Rico",
    "UTC": "Etc/UTC",
    "London": "Europe/London",
}
"""Rails (ActiveSupport) zone names as one TimeZest sample shows them → IANA."""


class SchedulingRequest(TimeZestResponse):
    """A scheduling request (fields from clients: the docs' table was not readable)."""

    id: str
    object: Literal["scheduling_request"] = "scheduling_request"
    appointment_type_id: str | None = None
    status: SchedulingRequestStatus
    duration_mins: int | None = None
    end_user_name: str | None = None
    end_user_email: str | None = None
    scheduling_url: str | None = None
    scheduled_at: EpochTime | None = None
    selected_start_time: EpochTime | None = None
    selected_time_zone: str | None = None
    earliest_date: date | None = None
    latest_date: date | None = None
    earliest_time: ClockTime | None = None
    latest_time: ClockTime | None = None
    guests_list: list[Any] = Field(default_factory=list)
    associated_entities: list[AssociatedEntity] = Field(default_factory=list)
    resources: list[ResourceRef] = Field(default_factory=list)
    scheduled_agents: list[ResourceRef] = Field(default_factory=list)
    created_at: EpochTime
    updated_at: EpochTime | None = None

    @field_validator("guests_list", "associated_entities", "resources", "scheduled_agents", mode="before")
    @classmethod
    def _null_list(cls, value: Any) -> Any:
        return [] if value is None else value

    @property
    def selected_zone(self) -> str | None:
        """The end user's chosen zone as an IANA name (IANA or Rails-style on the wire), else None."""
        name = self.selected_time_zone
        if not name:
            return None
        if is_known_zone(name):
            return name
        mapped = RAILS_ZONES.get(name)
        return mapped if mapped is not None and is_known_zone(mapped) else None

    @property
    def resource_ids(self) -> list[str]:
        return [ref.id for ref in self.resources]

    @property
    def agent_ids(self) -> list[str]:
        """Agents named on the request: its agent resources, then the scheduled agents."""
        ids = [ref.id for ref in self.resources if ref.kind == "agent"]
        ids += [ref.id for ref in self.scheduled_agents if ref.id not in ids]
        return ids


ItemT = TypeVar("ItemT")


class ListPage(TimeZestResponse, Generic[ItemT]):
    """The list envelope: ``{object: "list", next_page, previous_page, data}`` (DOC)."""

    object: Literal["list"] = "list"
    next_page: str | None = None
    previous_page: str | None = None
    data: list[ItemT]


class ResourcePage(ListPage[Resource]):
    """A page of ``/v1/resources``; items of an unknown ``object`` are skipped."""

    @field_validator("data", mode="before")
    @classmethod
    def _known_kinds(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        kept = [item for item in value if not isinstance(item, Mapping) or item.get("object") in ("agent", "team")]
        if len(kept) != len(value):
            log.warning("skipped %d TimeZest resources of an unknown kind", len(value) - len(kept))
        return kept


# ---------------------------------------------------------------- request bodies


class AssociatedEntityInput(TimeZestRequest):
    """A PSA record to link: ``{type, number}`` for a ticket, ``{type, id}`` for a company or contact."""

    type: str = Field(min_length=1)
    id: StrictInt | None = None
    number: str | None = None

    @model_validator(mode="after")
    def _id_or_number(self) -> AssociatedEntityInput:
        if self.id is None and not self.number:
            raise ValueError("an associated entity needs an id or a number")
        return self


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class NewSchedulingRequest(TimeZestRequest):
    """The body of ``POST /v1/scheduling_requests`` (CODE: WAIT, WYRE, PNC)."""

    appointment_type_id: str = Field(min_length=1)
    trigger_mode: TriggerMode = TriggerMode.GENERATE_URL
    resource_ids: list[str] = Field(default_factory=list)
    """Always sent as an array (a string or a missing key is refused, CODE-obs)."""
    associated_entities: list[AssociatedEntityInput] | None = None
    end_user_name: str | None = None
    end_user_email: str | None = None
    end_user_company: str | None = None
    duration_mins: StrictInt | None = Field(default=None, ge=1, le=1440)
    earliest_date: date | None = None
    earliest_time: ClockTime | None = None
    latest_date: date | None = None
    latest_time: ClockTime | None = None

    @field_validator("resource_ids")
    @classmethod
    def _resource_ids(cls, value: list[str]) -> list[str]:
        for item in value:
            if not item.startswith(("agnt_", "team_")) or len(item) <= 5:
                raise ValueError("resource ids are agent (agnt_…) or team (team_…) ids")
        if len(set(value)) != len(value):
            raise ValueError("a resource id is listed twice")
        return value

    @field_validator("end_user_name", "end_user_email", "end_user_company")
    @classmethod
    def _trimmed(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        return value or None

    @field_validator("end_user_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.fullmatch(value):
            raise ValueError("not an email address")
        return value

    @model_validator(mode="after")
    def _window(self) -> NewSchedulingRequest:
        if self.earliest_date and self.latest_date and self.earliest_date > self.latest_date:
            raise ValueError("earliest_date is after latest_date")
        if (
            self.earliest_time
            and self.latest_time
            and (self.earliest_date is None or self.earliest_date == self.latest_date)
            and self.earliest_time > self.latest_time
        ):
            raise ValueError("earliest_time is after latest_time")
        return self

    def to_wire(self) -> dict[str, Any]:
        body = super().to_wire()
        body["resource_ids"] = list(self.resource_ids)  # always an array, even when empty
        return body

    def matches(self, found: SchedulingRequest) -> bool:
        """True when ``found`` carries everything this body asked for (the no-duplicate lookup)."""
        if found.appointment_type_id != self.appointment_type_id:
            return False
        if (
            self.end_user_email is not None
            and (found.end_user_email or "").casefold() != self.end_user_email.casefold()
        ):
            return False
        if self.end_user_name is not None and (found.end_user_name or "").strip() != self.end_user_name:
            return False
        if found.resources and set(found.resource_ids) != set(self.resource_ids):
            return False
        if self.duration_mins is not None and found.duration_mins not in (None, self.duration_mins):
            return False
        pairs = (
            (self.earliest_date, found.earliest_date),
            (self.latest_date, found.latest_date),
            (self.earliest_time, found.earliest_time),
            (self.latest_time, found.latest_time),
        )
        return all(sent is None or got is None or sent == got for sent, got in pairs)

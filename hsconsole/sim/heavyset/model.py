"""The simulator's CRM records (markets, blocks, leads) and the rules that touch them.

Pure Python: no HTTP, no locking (the caller, :class:`~hsconsole.sim.heavyset.state.SimState`,
holds the lock). Times are stored as aware UTC datetimes; a block is described
the way the APIs describe it (a local date, "h:mm AM/PM" wall times and an
IANA zone) and its instants are resolved once with
:func:`hsconsole.domain.slots.slot_window`, so the simulator and the console
agree on DST gaps and overlaps.
"""

from __future__ import annotations

import importlib
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from hsconsole.domain.slots import format_ampm, load_zone, slot_window
from hsconsole.sim.common import iso_ms

_zipcodes: Any = importlib.import_module("zipcodes")  # untyped third-party package

_ZIP_FORMAT = re.compile(r"^\d{5}(-\d{4})?$")

STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands", "GU": "Guam", "AS": "American Samoa",
    "MP": "Northern Mariana Islands", "FM": "Federated States of Micronesia",
    "MH": "Marshall Islands", "PW": "Palau", "AA": "Armed Forces Americas",
    "AE": "Armed Forces Europe", "AP": "Armed Forces Pacific",
}  # fmt: skip


# ---------------------------------------------------------------- ZIP codes and markets


@dataclass(frozen=True)
class ZipInfo:
    """What the ``zipcodes`` package knows about a US ZIP code."""

    zip: str
    city: str
    state_alpha2: str
    state: str
    time_zone: str | None
    """IANA zone, or None for the few ZIPs the package has no zone for (military mail)."""


@lru_cache(maxsize=4096)
def zip_info(raw: str) -> ZipInfo | None:
    """Look a ZIP (``12345`` or ``12345-6789``) up; None when it is malformed or unknown."""
    text = (raw or "").strip()
    if not _ZIP_FORMAT.match(text):
        return None
    try:
        matches = _zipcodes.matching(text[:5])
    except ValueError:
        return None
    if not matches:
        return None
    row = matches[0]
    alpha2 = str(row.get("state") or "")
    zone = str(row.get("timezone") or "") or None
    return ZipInfo(
        zip=text[:5],
        city=str(row.get("city") or ""),
        state_alpha2=alpha2,
        state=STATE_NAMES.get(alpha2, alpha2),
        time_zone=zone,
    )


@dataclass(frozen=True)
class Market:
    """A sales market: one IANA zone, a few real ZIPs, phone area codes for demo data."""

    name: str
    """Also the lead's ``marketSegment`` (seed 001: "Tampa, Jackson, etc.")."""
    zone: str
    state_alpha2: str
    zips: tuple[str, ...]
    area_codes: tuple[str, ...]


def _standard_offset(zone_name: str) -> float | None:
    """The zone's standard (winter) UTC offset in hours, read on a fixed January day."""
    try:
        zone = load_zone(zone_name)
    except ValueError:
        return None
    probe = datetime(2025, 1, 15, 12, tzinfo=UTC).astimezone(zone)
    offset, dst = probe.utcoffset(), probe.dst() or timedelta(0)
    if offset is None:
        return None
    return (offset - dst).total_seconds() / 3600


def resolve_market(info: ZipInfo | None, markets: tuple[Market, ...]) -> Market | None:
    """The market serving a ZIP.

    In order: the market listing the ZIP; a market in the same zone and state;
    the first market in the same zone; the first market with the same standard
    UTC offset (America/Boise → Denver, America/Indiana/Indianapolis → Tampa);
    else None (Alaska, Puerto Rico, military ZIPs: such leads have no blocks).
    """
    if info is None:
        return None
    for market in markets:
        if info.zip in market.zips:
            return market
    if info.time_zone is None:
        return None
    same_zone = [m for m in markets if m.zone == info.time_zone]
    for market in same_zone:
        if market.state_alpha2 == info.state_alpha2:
            return market
    if same_zone:
        return same_zone[0]
    wanted = _standard_offset(info.time_zone)
    if wanted is None:
        return None
    for market in markets:
        if _standard_offset(market.zone) == wanted:
            return market
    return None


# ---------------------------------------------------------------- blocks


@dataclass
class Block:
    """An appointment block: ``capacity`` setters' slots in one local time window."""

    block_id: str
    alias: str
    """The ``simpleBlockId`` value ("20", "21", ...), a string."""
    market: str
    zone: str
    day: date
    start_text: str
    end_text: str
    capacity: int
    holders: set[str] = field(default_factory=set)
    """leadIds holding a Confirmed appointment in this block."""
    start_utc: datetime = field(init=False)
    end_utc: datetime = field(init=False)
    dst_notes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        window = slot_window(self.day, self.start_text, self.end_text, self.zone)
        self.start_utc = window.start.instant.astimezone(UTC)
        self.end_utc = window.end.instant.astimezone(UTC)
        self.dst_notes = tuple(window.notes)

    @property
    def available(self) -> int:
        return max(0, self.capacity - len(self.holders))

    def snapshot(self) -> dict[str, Any]:
        """Raw state for ``GET /_sim/blocks``."""
        return {
            "blockId": self.block_id,
            "alias": self.alias,
            "market": self.market,
            "timeZone": self.zone,
            "appointmentDate": self.day.isoformat(),
            "startTime": self.start_text,
            "endTime": self.end_text,
            "capacity": self.capacity,
            "availableSlots": self.available,
            "holders": sorted(self.holders),
            "start": iso_ms(self.start_utc),
            "end": iso_ms(self.end_utc),
            "dstNotes": list(self.dst_notes),
        }


# ---------------------------------------------------------------- leads


@dataclass(frozen=True)
class SalesRep:
    name: str
    email: str
    avatar_url: str


@dataclass
class Lead:
    """One CRM lead, with every ExistingLead field plus the simulator's extras."""

    lead_id: str
    phone: str
    name: str = ""
    address1: str = ""
    address2: str | None = None
    city: str = ""
    state: str = ""
    state_alpha2: str = ""
    zip: str = ""
    country: str = "United States"
    country_alpha2: str = "US"
    country_alpha3: str = "USA"
    prospect_id: str | None = None
    created_date: datetime | None = None
    appointment_status: str | None = None
    appointment_start: datetime | None = None
    appointment_end: datetime | None = None
    appointment_start_ampm: str | None = None
    appointment_end_ampm: str | None = None
    source: str | None = None
    source_type: str | None = None
    opt_out_text: bool | None = False
    opt_out_email: bool | None = False
    tcpa: bool | None = True
    email: str | None = None
    market_segment: str | None = None
    block_id: str | None = None
    opt_in: bool | None = None
    product: str | None = None
    disposition: str | None = None
    hear_about: str | None = None
    home_year: str | None = None
    sales_rep_name: str | None = None
    sales_rep_email: str | None = None
    sales_rep_avatar_url: str | None = None
    # ---- simulator extras (exposed as extra ExistingLead fields, see README)
    opt_out_phone: bool = False
    comments: list[str] = field(default_factory=list)
    taker_id: str | None = None
    time_zone: str | None = None
    """The lead's own zone (from its ZIP); blocks are in the market's zone."""
    market: str | None = None
    appointment_id: str | None = None
    # ---- internal only (GET /_sim/leads shows them)
    deferred: bool = False
    """Zapier ``deferCrmSaveUntilAppointment``: invisible to S2S until booked."""
    source_name: str | None = None
    gtr_lead_id: str | None = None
    appointment_source: dict[str, str] = field(default_factory=dict)

    @property
    def has_active_appointment(self) -> bool:
        return self.appointment_status == "Confirmed" and self.block_id is not None

    def set_first_name(self, first: str) -> None:
        _, last = split_name(self.name)
        self.name = f"{first} {last}".strip()

    def set_last_name(self, last: str) -> None:
        first, _ = split_name(self.name)
        self.name = f"{first} {last}".strip()

    def apply_zip(self, info: ZipInfo, markets: tuple[Market, ...], city: str | None = None) -> None:
        """Set ZIP, city (unless given), state, zone and market from ``info``."""
        self.zip = info.zip
        self.city = city if city is not None else info.city
        self.state = info.state
        self.state_alpha2 = info.state_alpha2
        self.time_zone = info.time_zone
        market = resolve_market(info, markets)
        self.market = market.name if market else None
        self.market_segment = market.name if market else None

    def snapshot(self) -> dict[str, Any]:
        """Every attribute, dates as ISO strings: ``GET /_sim/leads/{phone}``."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, datetime):
                value = iso_ms(value)
            elif isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            out[name] = value
        return out


def split_name(full: str) -> tuple[str, str]:
    """ "Jane van Doe" → ("Jane", "van Doe") (the same rule as the console's model)."""
    parts = full.strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def pick_rep(reps: tuple[SalesRep, ...], lead_id: str, block_id: str) -> SalesRep:
    """A deterministic rep for a booking (the same lead and block always get the same rep)."""
    return reps[zlib.crc32(f"{lead_id}|{block_id}".encode()) % len(reps)]


def ampm_lower(instant: datetime, zone_name: str) -> str:
    """ "3:00 pm": the instant's wall time in ``zone_name`` as seed 001 shows it."""
    return format_ampm(instant.astimezone(load_zone(zone_name))).lower()


def book(lead: Lead, block: Block, blocks: dict[str, Block], rep: SalesRep, appointment_id: str) -> None:
    """Give ``lead`` a Confirmed appointment in ``block`` (freeing any block it held).

    The caller has checked capacity. ``appointmentStart/End`` are the block's
    instants in UTC; the AM/PM strings are in the lead's own zone (the block's
    zone when the lead's is unknown).
    """
    release(lead, blocks)
    block.holders.add(lead.lead_id)
    zone = lead.time_zone or block.zone
    lead.block_id = block.block_id
    lead.appointment_status = "Confirmed"
    lead.appointment_start = block.start_utc
    lead.appointment_end = block.end_utc
    lead.appointment_start_ampm = ampm_lower(block.start_utc, zone)
    lead.appointment_end_ampm = ampm_lower(block.end_utc, zone)
    lead.sales_rep_name = rep.name
    lead.sales_rep_email = rep.email
    lead.sales_rep_avatar_url = rep.avatar_url
    lead.disposition = "Appointment Set"
    lead.appointment_id = appointment_id
    lead.deferred = False


def release(lead: Lead, blocks: dict[str, Block]) -> None:
    """Give back the lead's block seat (if any) and clear ``blockId``."""
    if lead.block_id is not None:
        held = blocks.get(lead.block_id)
        if held is not None:
            held.holders.discard(lead.lead_id)
    lead.block_id = None


def cancel(lead: Lead, blocks: dict[str, Block]) -> bool:
    """Cancel an active appointment; True when there was one.

    Start/end (and their AM/PM strings) stay, so the record shows what was
    cancelled; ``blockId`` becomes null and the seat is freed.
    """
    if not lead.has_active_appointment:
        return False
    release(lead, blocks)
    lead.appointment_status = "Cancelled"
    return True

"""Seeded, deterministic demo data: markets, blocks, leads, tokens, demo phones.

Everything is drawn from ``random.Random(seed)`` and laid out relative to a
``today`` date, so the same ``(seed, today)`` always gives the same CRM:
the same lead ids, block ids, capacities and bookings.

The well-known demo leads (:data:`DEMO_PHONES`) are fixed records placed
before the random ones, so their phones, names, markets and appointment
status never depend on the seed.
"""

from __future__ import annotations

import base64
import hashlib
import random
import string
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hsconsole.sim.heavyset.model import Block, Lead, Market, SalesRep, book, pick_rep, zip_info

DEFAULT_SEED = 7


def _default_token() -> str:
    """``hs_demo_`` + 200 fixed characters: real tokens are "very long encrypted strings"."""
    raw = b"".join(hashlib.sha512(f"hsconsole-sim-token-{i}".encode()).digest() for i in range(3))
    return "hs_demo_" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")[:200]


DEFAULT_TOKEN = _default_token()
"""The valid token (both API families) unless another is configured."""
DEFAULT_DEMO_TOKEN = "hs_demo_mode_token"  # noqa: S105 (a public demo value, not a secret)
"""A token of an account in demo mode: every API call gets 403."""
DEFAULT_CRM_SETTINGS_ID = "a0B8X00000DEMO01"
"""The one crmSettingsId the low-latency ``/phone/query/{crmSettingsId}`` route knows."""
PAGE_ID = "page_demo_01"
PAGE_LABEL = "HeavySet Demo Appointment Page"

DISPOSITIONS: tuple[str, ...] = (
    "Credit too low",
    "Roof in poor condition",
    "Not homeowner",
    "Renter",
    "Outside service area",
    "Mobile home",
    "Already has solar",
    "Shading issues",
    "Duplicate lead",
    "Wrong number",
    "Do not call",
)
PRODUCTS: tuple[str, ...] = ("Solar", "Roofing", "Windows", "Baths", "Siding", "HVAC")

SALES_REPS: tuple[SalesRep, ...] = tuple(
    SalesRep(
        name,
        f"{name.split()[0].lower()}@heavyset.tech",
        f"https://cdn.heavyset.tech/avatars/{name.split()[0].lower()}.png",
    )
    for name in ("John Smith", "Maria Gonzalez", "Tyrone Jackson", "Emily Chen", "Raj Patel", "Kelsey Brooks")
)

MARKETS: tuple[Market, ...] = (
    Market("Tampa", "America/New_York", "FL", ("33602", "33606", "33609", "33611", "33629"), ("813", "727")),
    Market("Atlanta", "America/New_York", "GA", ("30303", "30305", "30308", "30309", "30318"), ("404", "770")),
    Market("Dallas", "America/Chicago", "TX", ("75201", "75204", "75206", "75214", "75219"), ("214", "972")),
    Market("Denver", "America/Denver", "CO", ("80202", "80203", "80205", "80206", "80210"), ("303", "720")),
    Market("Phoenix", "America/Phoenix", "AZ", ("85003", "85004", "85006", "85008", "85016"), ("602", "480")),
    Market("Los Angeles", "America/Los_Angeles", "CA", ("90012", "90026", "90027", "90039", "90041"), ("213", "310")),
    Market("Honolulu", "Pacific/Honolulu", "HI", ("96813", "96814", "96815", "96816", "96822"), ("808",)),
)
"""Markets in priority order (Denver before Phoenix: see :func:`~hsconsole.sim.heavyset.model.resolve_market`)."""

BLOCK_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("8:00 AM", "10:00 AM"),
    ("10:00 AM", "12:00 PM"),
    ("12:30 PM", "2:30 PM"),
    ("3:00 PM", "5:00 PM"),
    ("5:30 PM", "7:30 PM"),
)
"""Every business day has the first four; the evening block exists on some days."""
BUSINESS_DAYS = 14
FIRST_ALIAS = 20

UNKNOWN_PHONE = "+18015550000"
"""A valid number that is never in the CRM (the 404 path)."""

DEMO_PHONES: dict[str, str] = {
    "denver_booked": "+18015551234",
    "phoenix_booked": "+16025550142",
    "honolulu": "+18085550123",
    "tampa_new": "+18135550111",
    "atlanta_opted_out": "+14045550177",
    "dallas_cancelled": "+12145550166",
    "los_angeles_booked": "+13105550150",
}
"""Stable demo leads by name. ``*_booked`` have a Confirmed appointment in an
upcoming block, ``dallas_cancelled`` a Cancelled one, ``tampa_new`` and
``honolulu`` none; ``atlanta_opted_out`` has every opt-out flag set and no TCPA
consent. Phoenix has no DST; Honolulu is UTC-10 all year."""


@dataclass(frozen=True)
class _DemoSpec:
    key: str
    name: str
    zip: str
    address1: str
    email: str
    product: str
    booking: tuple[int, int] | None = None
    """(business-day index, template index) of the Confirmed appointment."""
    cancelled: tuple[int, int] | None = None
    opted_out: bool = False
    age_days: int = 1


_DEMO_SPECS: tuple[_DemoSpec, ...] = (
    _DemoSpec(
        "denver_booked", "Jane Doe", "80202", "123 Main St", "jane@example.com", "Solar",
        booking=(1, 1), age_days=21,
    ),
    _DemoSpec(
        "phoenix_booked", "Carlos Ramirez", "85004", "455 N 3rd St", "carlos.ramirez@example.com", "Roofing",
        booking=(2, 2), age_days=10,
    ),
    _DemoSpec("honolulu", "Leilani Kahale", "96815", "2424 Kalakaua Ave", "leilani.k@example.com", "Solar", age_days=3),
    _DemoSpec("tampa_new", "Marcus Webb", "33606", "908 S Howard Ave", "marcus.webb@example.com", "Windows"),
    _DemoSpec(
        "atlanta_opted_out", "Dana Whitfield", "30309", "1100 Peachtree St NE", "dana.w@example.com", "Baths",
        opted_out=True, age_days=40,
    ),
    _DemoSpec(
        "dallas_cancelled", "Priya Natarajan", "75206", "5600 Ross Ave", "priya.n@example.com", "HVAC",
        cancelled=(3, 3), age_days=14,
    ),
    _DemoSpec(
        "los_angeles_booked", "Tom Okafor", "90026", "1820 W Sunset Blvd", "tom.okafor@example.com", "Siding",
        booking=(1, 3), age_days=6,
    ),
)  # fmt: skip

_FIRST = (
    "James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "William", "Linda", "David",
    "Elizabeth", "Richard", "Barbara", "Joseph", "Susan", "Thomas", "Jessica", "Carlos", "Sarah",
    "Daniel", "Karen", "Matthew", "Nancy", "Anthony", "Lisa", "Mark", "Betty", "Kenji", "Sandra",
    "Steven", "Ashley", "Andrew", "Kimberly", "Luis", "Emily", "Kevin", "Donna", "Brian", "Michelle",
    "Keoni", "Mei",
)  # fmt: skip
_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
    "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Nguyen",
    "Akana", "Kim", "Van Dyke",
)  # fmt: skip
_STREETS = (
    "Oak", "Maple", "Cedar", "Pine", "Elm", "Lakeview", "Sunset", "Highland", "Park", "Washington",
    "Lincoln", "Jefferson", "Hillcrest", "Ridge", "Willow", "Magnolia", "Palm", "Mesa", "Aspen", "Bayshore",
)  # fmt: skip
_SUFFIXES = ("St", "Ave", "Blvd", "Dr", "Ln", "Ct", "Way", "Pl")
_SOURCES = (
    ("landing-page", "web"), ("google-ads", "paid-search"), ("facebook", "paid-social"),
    ("referral", "referral"), ("home-show", "event"), ("door-knock", "canvass"), ("angi", "lead-vendor"),
)  # fmt: skip
_HEAR_ABOUT = ("Google Search", "Facebook", "Friend or family", "TV", "Radio", "Yard sign")

RANDOM_LEADS = 240
BOOKED_SHARE = 0.30
CANCELLED_SHARE = 0.04

_ALNUM_UPPER = string.ascii_uppercase + string.digits
_ALNUM = string.ascii_letters + string.digits


@dataclass
class SeedData:
    """A complete CRM as built by :func:`build_seed` (the state takes ownership)."""

    today: date
    blocks: dict[str, Block]
    leads: dict[str, Lead]
    phone_index: dict[str, list[str]]
    """phone → leadIds for that phone, oldest first (``forceNewLead`` adds one)."""
    next_alias: int
    next_appointment: int
    markets: tuple[Market, ...] = MARKETS
    booked_count: int = 0


def business_days(start: date, count: int) -> list[date]:
    """The first ``count`` Mondays–Fridays from ``start`` (``start`` itself when it is one)."""
    days: list[date] = []
    current = start
    while len(days) < count:
        if current.weekday() < 5:
            days.append(current)
        current += timedelta(days=1)
    return days


def new_block_id(rng: random.Random, taken: set[str] | dict[str, Block]) -> str:
    """A Salesforce-like id: ``a0p8X00000`` + 8 upper-case letters/digits, unique."""
    while True:
        candidate = "a0p8X00000" + "".join(rng.choice(_ALNUM_UPPER) for _ in range(8))
        if candidate not in taken:
            return candidate


def build_seed(seed: int = DEFAULT_SEED, today: date | None = None) -> SeedData:
    """Build the demo CRM for ``today`` (default: the current UTC date)."""
    today = today or datetime.now(UTC).date()
    rng = random.Random(seed)
    days = business_days(today, BUSINESS_DAYS)

    # ---- blocks
    blocks: dict[str, Block] = {}
    by_market_day: dict[tuple[str, int, int], Block] = {}
    for market in MARKETS:
        for day_index, day in enumerate(days):
            evening = rng.random() < 0.6
            for template_index, (start, end) in enumerate(BLOCK_TEMPLATES):
                capacity = rng.randint(1, 4)
                if template_index == 4 and not evening:
                    continue
                block = Block(new_block_id(rng, blocks), "", market.name, market.zone, day, start, end, capacity)
                blocks[block.block_id] = block
                by_market_day[(market.name, day_index, template_index)] = block
    market_rank = {m.name: i for i, m in enumerate(MARKETS)}
    ordered = sorted(blocks.values(), key=lambda b: (b.start_utc, market_rank[b.market], b.block_id))
    for offset, block in enumerate(ordered):
        block.alias = str(FIRST_ALIAS + offset)

    leads: dict[str, Lead] = {}
    phone_index: dict[str, list[str]] = {}
    appointment_counter = [1001]

    def next_appointment_id() -> str:
        value = f"appt_{appointment_counter[0]}"
        appointment_counter[0] += 1
        return value

    def lead_id() -> str:
        while True:
            candidate = "a0B8X00000" + "".join(rng.choice(_ALNUM) for _ in range(5))
            if candidate not in leads:
                return candidate

    def make_lead(phone: str, name: str, zip_code: str, created: datetime) -> Lead:
        info = zip_info(zip_code)
        assert info is not None, zip_code
        lead = Lead(lead_id=lead_id(), phone=phone, name=name, created_date=created)
        lead.prospect_id = "p0P8X00000" + lead.lead_id[-5:]
        lead.apply_zip(info, MARKETS)
        return lead

    def add(lead: Lead) -> None:
        leads[lead.lead_id] = lead
        phone_index.setdefault(lead.phone, []).append(lead.lead_id)

    midnight = datetime.combine(today, time(0), tzinfo=UTC)

    # ---- the well-known demo leads
    for spec in _DEMO_SPECS:
        created = midnight - timedelta(days=spec.age_days, hours=-15, minutes=-25, seconds=-31)
        lead = make_lead(DEMO_PHONES[spec.key], spec.name, spec.zip, created)
        lead.address1 = spec.address1
        lead.email = spec.email
        lead.product = spec.product
        lead.source, lead.source_type = "landing-page", "web"
        lead.opt_in = True
        lead.hear_about = "Google Search" if spec.key == "denver_booked" else None
        lead.home_year = "1998" if spec.key == "denver_booked" else None
        if spec.opted_out:
            lead.opt_out_text = lead.opt_out_email = lead.opt_out_phone = True
            lead.tcpa = False
            lead.opt_in = False
        if spec.booking is not None and lead.market is not None:
            block = by_market_day[(lead.market, *spec.booking)]
            book(lead, block, blocks, pick_rep(SALES_REPS, lead.lead_id, block.block_id), next_appointment_id())
        if spec.cancelled is not None and lead.market is not None:
            block = by_market_day[(lead.market, *spec.cancelled)]
            book(lead, block, blocks, pick_rep(SALES_REPS, lead.lead_id, block.block_id), next_appointment_id())
            lead.block_id = None
            block.holders.discard(lead.lead_id)
            lead.appointment_status = "Cancelled"
            lead.disposition = "Appointment Cancelled"
        add(lead)

    # ---- random leads
    reserved = set(DEMO_PHONES.values()) | {UNKNOWN_PHONE}
    soon = set(days[:6])
    booked = 0
    for index in range(RANDOM_LEADS):
        market = MARKETS[index % len(MARKETS)] if rng.random() < 0.8 else rng.choice(MARKETS)
        while True:
            phone = f"+1{rng.choice(market.area_codes)}55501{rng.randint(0, 99):02d}"
            if phone not in reserved and phone not in phone_index:
                break
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        created = midnight - timedelta(days=rng.randint(1, 180), seconds=rng.randint(0, 86399))
        lead = make_lead(phone, f"{first} {last}", rng.choice(market.zips), created)
        lead.address1 = f"{rng.randint(100, 9899)} {rng.choice(_STREETS)} {rng.choice(_SUFFIXES)}"
        lead.address2 = f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.1 else None
        email = f"{first}.{last.replace(' ', '')}{rng.randint(1, 99)}@example.com".lower()
        lead.email = email if rng.random() < 0.9 else None
        lead.source, lead.source_type = rng.choice(_SOURCES)
        lead.product = rng.choice(PRODUCTS)
        lead.opt_out_text = rng.random() < 0.08
        lead.opt_out_email = rng.random() < 0.10
        lead.tcpa = rng.random() < 0.85
        lead.opt_in = rng.random() < 0.8
        lead.hear_about = rng.choice(_HEAR_ABOUT) if rng.random() < 0.25 else None
        lead.home_year = str(rng.randint(1950, 2020)) if rng.random() < 0.3 else None
        roll = rng.random()
        if roll < BOOKED_SHARE:
            open_blocks = [b for b in blocks.values() if b.market == lead.market and b.day in soon and b.available > 0]
            if open_blocks:
                block = rng.choice(open_blocks)
                book(lead, block, blocks, pick_rep(SALES_REPS, lead.lead_id, block.block_id), next_appointment_id())
                booked += 1
        elif roll < BOOKED_SHARE + CANCELLED_SHARE:
            candidates = [b for b in blocks.values() if b.market == lead.market]
            block = rng.choice(candidates)
            book(lead, block, blocks, pick_rep(SALES_REPS, lead.lead_id, block.block_id), next_appointment_id())
            block.holders.discard(lead.lead_id)
            lead.block_id = None
            lead.appointment_status = "Cancelled"
            lead.disposition = "Appointment Cancelled"
        add(lead)

    return SeedData(
        today=today,
        blocks=blocks,
        leads=leads,
        phone_index=phone_index,
        next_alias=FIRST_ALIAS + len(blocks),
        next_appointment=appointment_counter[0],
        booked_count=booked,
    )

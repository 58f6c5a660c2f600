"""The slot calendar as rows to show: days, blocks, both zones, capacity, DST marks."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from hsconsole.api.heavyset.models import TimeSlot, TimeSlots
from hsconsole.domain.slots import SETTER_CLOCK, SlotWindow, format_block_range, load_zone
from hsconsole.domain.words import translate
from hsconsole.domain.zones import zone_labeller


@dataclass(frozen=True)
class SlotRow:
    slot: TimeSlot
    start: datetime
    end: datetime
    lead_text: str
    """"10:00 AM – 12:00 PM MST": in the lead's zone; an end after midnight is "12:30 AM +1"."""
    setter_text: str
    """"12:00 PM – 2:00 PM EST": in the setter's zone; a time on another day than the row's leads with its
    weekday ("Wed 1:00 AM – 3:00 AM EST"), an end on the next day is "+1"."""
    available: int
    current: bool
    dst_notes: tuple[str, ...]
    lead_cell: str = ""
    """The lead's times as the calendar's column shows them: without the city its header names already
    ("Lead's time (Los Angeles)"); the text itself when empty."""
    setter_cell: str = ""
    """The setter's times as their column shows them, likewise ("Your time (Manila)")."""

    @property
    def block_id(self) -> str:
        return self.slot.block_id

    @property
    def bookable(self) -> bool:
        return self.available > 0 or self.current

    @property
    def summary(self) -> str:
        """The whole row in one sentence, for screen readers and tooltips."""
        parts = [
            translate("Calendar", "{day}, {lead_time} lead time, {your_time} your time").format(
                day=SETTER_CLOCK.day_label(self.start.date()), lead_time=self.lead_text, your_time=self.setter_text
            )
        ]
        if self.end.date() != self.start.date():
            parts.append(translate("Calendar", "ends after midnight for the lead"))
        parts.append(translate("Calendar", "your lead's current block") if self.current else "")
        if self.available <= 0:
            parts.append(translate("Calendar", "full"))
        else:
            parts.append(translate("Calendar", "{count} open").format(count=self.available))
        parts.extend(self.dst_notes)
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class DayGroup:
    day: date
    label: str
    rows: list[SlotRow] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.rows if r.available > 0)


BUILD_SLICE = 200
"""Slots resolved per event-loop turn by :func:`build_calendar_async`."""


@functools.lru_cache(maxsize=4096)
def _texts(
    window: SlotWindow, setter: tzinfo, lead_city: str | None, setter_city: str | None, clock: tuple[bool, int]
) -> tuple[str, str]:
    """The block's times in the lead's zone and in the setter's, as the row of its day shows them, each zone
    named by its city where its abbreviation would be mistaken: remembered, as a market's leads share blocks.
    ``clock``: the setter's clock and day words (:attr:`SETTER_CLOCK.key`), a part of what is remembered."""
    lead_zone = load_zone(window.zone_name)
    start, end = window.start.instant, window.end.instant
    day = window.start.wall.date()
    return (
        format_block_range(start, end, lead_zone, day, lead_city),
        format_block_range(start, end, setter, day, setter_city, setter=True),
    )


@dataclass(frozen=True)
class ZoneNames:
    """How the zones of one calendar name themselves: None for the abbreviation, else the city."""

    setter_zone: str
    setter_city: str | None
    lead_cities: dict[str, str | None]

    @classmethod
    def of(cls, slots: TimeSlots, setter_zone: str) -> ZoneNames:
        """The names for ``slots`` shown beside ``setter_zone``: no two different zones read alike."""
        lead_zones = {zone for slot in slots.slots if (zone := slot.zone_name(slots.time_zone)) is not None}
        if slots.time_zone:
            lead_zones.add(slots.time_zone)
        on_screen = frozenset(lead_zones | {setter_zone})
        year = slots.slots[0].appointment_date.year if slots.slots else datetime.now().year
        return cls(
            setter_zone,
            zone_labeller(setter_zone, on_screen, year),
            {zone: zone_labeller(zone, on_screen, year, setter_zone) for zone in lead_zones},
        )


def _row(
    slot: TimeSlot, list_zone: str | None, setter: tzinfo, current_block_id: str | None, names: ZoneNames
) -> SlotRow:
    window = slot.window(list_zone)
    lead_city = names.lead_cities.get(window.zone_name)
    lead_text, setter_text = _texts(window, setter, lead_city, names.setter_city, SETTER_CLOCK.key)
    one_lead_zone = len(names.lead_cities) == 1  # then the header names it
    return SlotRow(
        slot=slot,
        start=window.start.instant,
        end=window.end.instant,
        lead_text=lead_text,
        setter_text=setter_text,
        available=slot.available_slots,
        current=current_block_id is not None and slot.block_id == current_block_id,
        dst_notes=tuple(window.notes),
        lead_cell=lead_text.removesuffix(f" {lead_city}") if lead_city and one_lead_zone else lead_text,
        setter_cell=setter_text.removesuffix(f" {names.setter_city}") if names.setter_city else setter_text,
    )


def _group(rows: list[SlotRow]) -> list[DayGroup]:
    rows.sort(key=lambda r: (r.start, r.block_id))
    groups: dict[date, DayGroup] = {}
    for row in rows:
        day = row.slot.appointment_date
        if day not in groups:
            groups[day] = DayGroup(day, SETTER_CLOCK.day_label(day))
        groups[day].rows.append(row)
    return [groups[d] for d in sorted(groups)]


def build_calendar(slots: TimeSlots, setter_zone: str, current_block_id: str | None = None) -> list[DayGroup]:
    """Group ``slots`` by the lead's local day, in time order, ready to display."""
    setter = load_zone(setter_zone)
    names = ZoneNames.of(slots, setter_zone)
    return _group([_row(slot, slots.time_zone, setter, current_block_id, names) for slot in slots.slots])


async def build_calendar_async(
    slots: TimeSlots, setter_zone: str, current_block_id: str | None = None
) -> list[DayGroup]:
    """:func:`build_calendar` for big lists: :data:`BUILD_SLICE` slots per loop turn, so the window stays live."""
    setter = load_zone(setter_zone)
    names = ZoneNames.of(slots, setter_zone)
    rows: list[SlotRow] = []
    for start in range(0, len(slots.slots), BUILD_SLICE):
        if start:
            await asyncio.sleep(0)
        rows.extend(
            _row(slot, slots.time_zone, setter, current_block_id, names)
            for slot in slots.slots[start : start + BUILD_SLICE]
        )
    return _group(rows)

"""Text for the screen that needs the domain's rules (zones, phones)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo

from hsconsole.api.heavyset.models import ExistingLead
from hsconsole.domain.phones import format_phone_for_display
from hsconsole.domain.slots import SETTER_CLOCK, format_ampm, format_in_zone, is_known_zone, load_zone
from hsconsole.domain.words import QT_TRANSLATE_NOOP, translate
from hsconsole.domain.zones import city_of, offset_text, zone_labeller


def clock(epoch: float, now: float, zone: tzinfo | None = None) -> str:
    """A wall-clock time as a setter says it: "3:14 PM", with seconds ("3:14:05 PM") when under two minutes away.

    ``zone``: the setter's zone (default: the computer's).
    """
    when = datetime.fromtimestamp(epoch, zone)
    text = SETTER_CLOCK.text(when)
    if epoch - now < 120:  # "3:14:05 PM", "15:14:05"
        hour, _, rest = text.partition(":")
        text = f"{hour}:{rest[:2]}:{when.second:02d}{rest[2:]}"
    return text


def phone_for_display(e164: str) -> str:
    return format_phone_for_display(e164)


def lead_zone_name(lead: ExistingLead, known: str | None = None) -> str | None:
    """The name of the lead's zone: ``known`` (from its blocks), else an extra ``timeZone`` field; None when
    neither is a zone."""
    name = known or (lead.model_extra or {}).get("timeZone")
    return name if isinstance(name, str) and is_known_zone(name) else None


def lead_zone(lead: ExistingLead, known: str | None = None) -> tzinfo | None:
    """The lead's zone: ``known`` (from its blocks), else an extra ``timeZone`` field."""
    name = lead_zone_name(lead, known)
    return load_zone(name) if name else None


_REGIONS = frozenset(
    ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
)
"""The zone database's areas whose zones are named after a city ("America/New_York")."""


def zone_city(zone_name: str) -> str | None:
    """The city a zone is named after, in the setter's language ("Pacific/Honolulu": "Honolulu"), or None when
    its name is not a city ("UTC", "Etc/GMT+10", "US/Eastern", "EST5EDT")."""
    area, _, rest = zone_name.partition("/")
    if area not in _REGIONS or not rest:
        return None
    return city_of(zone_name)


def caller_time(now: datetime, zone_name: str, setter_zone: tzinfo | None = None) -> str:
    """ "It is 8:12 PM in Honolulu": the time now where the caller is, in their zone ``zone_name``.

    Where the zone is not named after a city, its abbreviation says it ("It is 8:12 PM EST there",
    "UTC-10" for one that has only an offset). When the caller's day is not the setter's (``setter_zone``)
    the caller's weekday is said too: "It is 8:12 PM (Wed) in Honolulu".
    """
    zone = load_zone(zone_name)
    local = now.astimezone(zone)
    text = format_ampm(local)
    if setter_zone is not None and local.date() != now.astimezone(setter_zone).date():
        text += f" ({SETTER_CLOCK.weekday(local.date())})"
    city = zone_city(zone_name)
    if city:
        return translate("Formatting", "It is {time} in {city}").format(time=text, city=city)
    abbreviation = local.tzname() or ""
    if abbreviation[:1] in "+-":
        abbreviation = f"UTC{abbreviation}"
    return translate("Formatting", "It is {time} {zone} there").format(time=text, zone=abbreviation)


def format_appointment(lead: ExistingLead, setter_zone: tzinfo, lead_zone_name: str | None = None) -> tuple[str, str]:
    """(lead's local text, setter's text) for the lead's appointment, or dashes."""
    if lead.appointment_start is None:
        return "—", "—"
    start = lead.appointment_start
    zone = lead_zone(lead, lead_zone_name)
    on_screen = frozenset(z for z in (_key(zone), _key(setter_zone)) if z)
    if zone is not None:
        local = start.astimezone(zone)
        lead_text = f"{_day(local)}, {format_named(start, zone, on_screen, reader=_key(setter_zone))}"
    elif lead.appointment_start_ampm:
        lead_text = translate("Formatting", "{time} (lead's time)").format(time=lead.appointment_start_ampm)
    else:
        lead_text = f"{format_ampm(start)} UTC"
    mine = start.astimezone(setter_zone)
    return lead_text, f"{_day(mine)}, {format_named(start, setter_zone, on_screen, setter=True)}"


def format_created(when: datetime, setter_zone: tzinfo, lead_zone_name: str | None = None) -> str:
    local = when.astimezone(setter_zone)
    on_screen = frozenset(z for z in (lead_zone_name, _key(setter_zone)) if z)
    return f"{SETTER_CLOCK.date(local.date(), year=True)} {format_named(when, setter_zone, on_screen, setter=True)}"


def _key(zone: tzinfo | None) -> str | None:
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) else None


def format_named(
    instant: datetime,
    zone: tzinfo,
    on_screen: frozenset[str] = frozenset(),
    *,
    reader: str | None = None,
    setter: bool = False,
) -> str:
    """ "3:00 PM PST", or "7:00 AM Manila" where the abbreviation would be mistaken for another zone's on
    screen (``on_screen``) or a US zone's, or, by a setter abroad (``reader``, their zone), for one of their
    part of the world ("CST" in Manila): :func:`hsconsole.domain.zones.zone_labeller`. ``setter``: a time of the
    setter's own, on their clock (:data:`SETTER_CLOCK`)."""
    key = _key(zone)
    if key is None:
        return format_in_zone(instant, zone, setter=setter)
    city = zone_labeller(key, on_screen | {key}, instant.year, reader)
    local = instant.astimezone(zone)
    wall = SETTER_CLOCK.text(local) if setter else format_ampm(local)
    return f"{wall} {city}" if city else format_in_zone(instant, zone, setter=setter)


def format_moment(moment: datetime, zone: str | None, *, with_zone: bool = False, setter: bool = False) -> str:
    """``Tue Mar 3, 3:12 PM`` in ``zone`` (the moment's own zone when None or unknown).

    ``with_zone`` adds the zone's abbreviation (``3:12 PM MST``), for text
    shown beside times in another zone; ``setter``: a time of the setter's own, on their clock
    (:data:`SETTER_CLOCK`: "15:12" on a 24-hour one).
    """
    shown = moment
    if zone:
        try:
            shown = moment.astimezone(load_zone(zone))
        except ValueError:
            shown = moment
    text = f"{_day(shown)}, {SETTER_CLOCK.text(shown) if setter else format_ampm(shown)}"
    abbreviation = shown.tzname() if with_zone else None
    return f"{text} {abbreviation}" if abbreviation else text


def _day(local: datetime) -> str:
    return SETTER_CLOCK.day(local.date())


def _setter_tz(setter_zone: str) -> tzinfo:
    return load_zone(setter_zone) if setter_zone and is_known_zone(setter_zone) else UTC


def format_for_setter(moment: datetime, lead_zone: str | None, setter_zone: str) -> str:
    """A moment as the setter reads it without a doubt: in the lead's zone, named by its city where its
    abbreviation would be mistaken (:func:`format_named`), with the setter's own time beside when it differs:
    "Thu Dec 10, 3:00 PM Chicago (Fri Dec 11, 5:00 AM your time)", "Thu Dec 10, 3:00 PM EST (9:00 PM your
    time)". Without a known lead's zone, the setter's own: "Fri Dec 11, 5:00 AM your time"."""
    mine = moment.astimezone(_setter_tz(setter_zone))
    if not lead_zone or not is_known_zone(lead_zone):
        return your_time(f"{_day(mine)}, {SETTER_CLOCK.text(mine)}")
    zone = load_zone(lead_zone)
    local = moment.astimezone(zone)
    on_screen = frozenset((lead_zone, setter_zone))
    text = f"{_day(local)}, {format_named(moment, zone, on_screen, reader=setter_zone)}"
    if local.replace(tzinfo=None) == mine.replace(tzinfo=None):
        return text
    yours = SETTER_CLOCK.text(mine)
    if mine.date() != local.date():
        yours = f"{_day(mine)}, {yours}"
    return f"{text} ({your_time(yours)})"


def your_time(time: str) -> str:
    """ "Fri Dec 11, 5:00 AM your time": ``time`` said to be the setter's own."""
    return translate("Formatting", "{time} your time").format(time=time)


def zone_place(moment: datetime, zone: str) -> str:
    """A zone as the setter knows it, by its city and its offset at ``moment``: "Manila (UTC+8)"; "UTC" once."""
    city, offset = city_of(zone), offset_text(moment, zone)
    return city if city == offset else f"{city} ({offset})"


def both_zones_tip(moment: datetime, lead_zone: str | None, setter_zone: str) -> str:
    """Both zones' times of ``moment``, a line each, for a tooltip: "Lead's time: Thu Dec 10, 3:00 PM in
    Chicago (UTC-6)" and "Your time: Fri Dec 11, 5:00 AM in Manila (UTC+8)"."""
    mine = moment.astimezone(_setter_tz(setter_zone))
    place = zone_place(moment, _key(mine.tzinfo) or "UTC")
    yours = translate("Formatting", "Your time: {time} in {place}").format(
        time=f"{_day(mine)}, {SETTER_CLOCK.text(mine)}", place=place
    )
    if not lead_zone or not is_known_zone(lead_zone):
        return yours + "\n" + translate("Formatting", "The lead's time zone is not known")
    local = moment.astimezone(load_zone(lead_zone))
    theirs = translate("Formatting", "Lead's time: {time} in {place}").format(
        time=f"{_day(local)}, {format_ampm(local)}", place=zone_place(moment, lead_zone)
    )
    return f"{theirs}\n{yours}"


def format_local_time(at: datetime, zone: tzinfo | None, today: date | None = None) -> str:
    """ "Nov 23 10:15 AM" in ``zone`` (the system's when None); the year is added when it is not this one.
    For a column whose header names the zone (:func:`hsconsole.ui.cells.zone_column`)."""
    local = at.astimezone(zone) if zone is not None else at.astimezone()
    year = (today or datetime.now(local.tzinfo).date()).year
    day = SETTER_CLOCK.date(local.date(), year=local.year != year)
    return f"{day} {SETTER_CLOCK.text(local)}"


FIELD_WORDS = {
    "first_name": QT_TRANSLATE_NOOP("Fields", "first name"),
    "last_name": QT_TRANSLATE_NOOP("Fields", "last name"),
    "street_address": QT_TRANSLATE_NOOP("Fields", "street address"),
    "city": QT_TRANSLATE_NOOP("Fields", "city"),
    "zip": QT_TRANSLATE_NOOP("Fields", "zip"),
    "email": QT_TRANSLATE_NOOP("Fields", "email"),
    "opt_out_phone": QT_TRANSLATE_NOOP("Fields", "opt out phone"),
    "tcpa_flag": QT_TRANSLATE_NOOP("Fields", "tcpa flag"),
    "home_year": QT_TRANSLATE_NOOP("Fields", "home year"),
    "taker_id": QT_TRANSLATE_NOOP("Fields", "taker id"),
    "append_comment": QT_TRANSLATE_NOOP("Fields", "append comment"),
}
"""The lead's fields a change names, in the setter's words (a status line, a change's summary)."""


def field_words(names: Iterable[str]) -> str:
    """ "first name, zip": the fields ``names`` (the editor's or the wire's own) as the setter reads them."""
    return ", ".join(translate("Fields", FIELD_WORDS[n]) if n in FIELD_WORDS else n.replace("_", " ") for n in names)

"""Readings of the API documents other than the simulator's default: one switch each (``--dialect``).

Where a document is silent or contradicts itself, a real server may have chosen differently from us. Each
dialect makes the simulator answer as such a server would, so the console's flows can be run under every
plausible reading. The sentence of the source that makes each plausible is kept beside it (sim/README.md
lists them too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

FAMILIES = ("heavyset", "apptoto", "timezest")
"""The simulators a dialect can change: HeavySet's (S2S and Zapier), Apptoto's and TimeZest's."""


@dataclass(frozen=True)
class Dialect:
    name: str
    does: str
    source: str
    family: str = "heavyset"
    switch: str = ""
    """For an Apptoto or TimeZest dialect: the keyword of that simulator's state that turns it on."""


DIALECTS: dict[str, Dialect] = {
    d.name: d
    for d in (
        Dialect(
            "disqualify_keeps_appointment",
            "A PATCH with notQualifiedReason sets the disposition and leaves the appointment as it was (Confirmed)"
            " instead of cancelling it.",
            'Seed 001 lists notQualifiedReason as "Disqualification reason" and says nothing of the appointment;'
            " both independent reference servers keep it Confirmed.",
        ),
        Dialect(
            "token_in_body",
            'A PATCH /phone/update must carry the token as a "token" field of its body (the header alone is'
            ' refused with 401 "token should not be empty"); GETs take the header.',
            'Seed 001: "include the token as the token field in every request body", while its examples send'
            ' the x-hs-token header and its error example says "token should not be empty".',
        ),
        Dialect(
            "apptoto_put_keeps_times",
            "Apptoto: a PUT of an existing event keeps its start and end times; only the other fields change.",
            "Apptoto fact sheet: a client's code says a PUT does not move an event's times ([INF], observed"
            " behaviour); the documents do not say either way.",
            family="apptoto",
            switch="put_keeps_times",
        ),
        Dialect(
            "apptoto_keeps_messaged",
            "Apptoto: a participant already messaged is kept as it was on PUT, phone included, even when the"
            " same person is sent without it.",
            'Apptoto fact sheet: "participants are not removed once messages have started" (observed behaviour).',
            family="apptoto",
            switch="keeps_messaged",
        ),
        Dialect(
            "apptoto_refuses_iana_zones",
            "Apptoto: an event's time_zone given as an IANA name (America/Denver) is refused with 400.",
            "Apptoto fact sheet: the time_zone field's accepted names are not documented; Rails-style names"
            ' ("Mountain Time (US & Canada)") are as plausible as IANA ones.',
            family="apptoto",
            switch="refuses_iana_zones",
        ),
        Dialect(
            "timezest_lenient_create",
            "TimeZest: a create may leave out the appointment type, resources and trigger mode; the account's"
            " first ones stand in.",
            'TimeZest fact sheet: "Which fields are truly required is MISSING from the docs."',
            family="timezest",
            switch="lenient_create",
        ),
        Dialect(
            "timezest_tql_dates_only",
            'TimeZest: a time attribute compared with epoch seconds in a filter is refused (400 "Unable to parse'
            ' filter URL parameter"); YYYY-MM-DD dates are read.',
            'TimeZest fact sheet: bare values are shown as dates ("selected_start_time GTE 2023-07-01"); epoch'
            " seconds rest on clients' code only.",
            family="timezest",
            switch="tql_dates_only",
        ),
        Dialect(
            "timezest_tql_whole_days",
            "TimeZest: a date in a filter means the whole UTC day (LTE a day runs to its last second) instead of"
            " its first instant.",
            "TimeZest fact sheet: the documents' only time example compares with dates and never says what a date"
            " means.",
            family="timezest",
            switch="tql_whole_days",
        ),
        Dialect(
            "timezest_pod_without_url",
            "TimeZest: a scheduling request made with trigger_mode pod has no scheduling_url; TimeZest's own"
            " workflow sends it.",
            'TimeZest fact sheet: "pod" runs the PSA/pod workflow, "generate_url" returns a booking link.',
            family="timezest",
            switch="pod_without_url",
        ),
        Dialect(
            "timezest_pod_unavailable",
            'TimeZest: trigger_mode pod is refused (400 "The trigger mode parameter must be one of: generate_url.").',
            "TimeZest fact sheet: the Create section of the documents could not be read; pod needs a PSA workflow"
            " an account may not have.",
            family="timezest",
            switch="pod_unavailable",
        ),
    )
}


def check_dialects(names: Iterable[str]) -> frozenset[str]:
    """The dialect names, checked; ValueError naming the unknown ones and the known ones."""
    chosen = frozenset(name.strip() for name in names if name.strip())
    unknown = sorted(chosen - DIALECTS.keys())
    if unknown:
        raise ValueError(f"unknown dialect {', '.join(unknown)} (known: {', '.join(sorted(DIALECTS))})")
    return chosen


def connector_switches(names: Iterable[str], family: str) -> dict[str, bool]:
    """The keywords that turn on ``family``'s dialects among ``names`` (checked), for its simulator's state."""
    if family not in FAMILIES:
        raise ValueError(f"unknown simulator family {family!r}")
    chosen = (DIALECTS[name] for name in sorted(check_dialects(names)))
    return {dialect.switch: True for dialect in chosen if dialect.family == family and dialect.switch}

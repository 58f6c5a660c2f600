"""Readings of the API documents other than the simulator's default: one switch each (``--dialect``).

Where a document is silent or contradicts itself, a real server may have chosen differently from us. Each
dialect makes the simulator answer as such a server would, so the console's flows can be run under every
plausible reading. The sentence of the source that makes each plausible is kept beside it (sim/README.md
lists them too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    name: str
    does: str
    source: str


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
    )
}


def check_dialects(names: Iterable[str]) -> frozenset[str]:
    """The dialect names, checked; ValueError naming the unknown ones and the known ones."""
    chosen = frozenset(name.strip() for name in names if name.strip())
    unknown = sorted(chosen - DIALECTS.keys())
    if unknown:
        raise ValueError(f"unknown dialect {', '.join(unknown)} (known: {', '.join(sorted(DIALECTS))})")
    return chosen

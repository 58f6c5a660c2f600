"""A new caller's consent, captured on the phone, lands on the lead once: before its booking, never lost.

``POST /lead`` has no consent field, so TCPA consent is the new lead's first PATCH (``tcpaFlag``) and the
opt-in, which no request can set, is a line in the lead's notes. Driven against the simulator over HTTP;
what is asserted is the simulator's own record of the lead and of the requests it applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hsconsole.services.console import Consent, Console, NewLead
from hsconsole.services.models import LeadSubmission
from hsconsole.services.outbox import Queued
from hsconsole.sim.heavyset.server import SimServer
from tests.helpers import Runner, api_requests, make_console

PHONE = "+13035552077"
NOTE = "Given on the phone to the setter (HeavySet Console)"


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(rate_limit=0) as server:
        yield server


def submission() -> LeadSubmission:
    return LeadSubmission(phone=PHONE, zip="80202", first_name="Nia", last_name="Park", email="nia@example.com")


def console_for(sim: SimServer, tmp_path: Path, outbox: bool) -> Console:
    return make_console(sim.url, sim.state.token, outbox_path=tmp_path / "outbox.sqlite" if outbox else None)


def consent_patches(sim: SimServer) -> list[dict[str, Any]]:
    """The consent PATCHes the simulator applied (a repeat with the same key is answered, not applied)."""
    return [
        entry
        for entry in api_requests(sim, "PATCH", "/phone/update")
        if entry.get("applied") and NOTE in str(entry["body"].get("appendComment", ""))
    ]


def consent_lines(sim: SimServer) -> list[str]:
    lead = sim.state.lead_snapshot(PHONE)
    assert lead is not None
    return [line for line in lead["comments"] if NOTE in line]


def first_open_block(new_lead: NewLead) -> str:
    assert new_lead.slots is not None
    return next(slot.block_id for slot in new_lead.slots.slots if slot.available_slots > 0)


@pytest.mark.parametrize("outbox", [True, False], ids=["through the outbox", "without an outbox"])
def test_consent_given_is_set_once_on_the_new_lead(arun: Runner, sim: SimServer, tmp_path: Path, outbox: bool) -> None:
    console = console_for(sim, tmp_path, outbox)
    new_lead = arun(console.create_lead(submission(), consent=Consent(tcpa=True, opt_in=True)))
    assert new_lead.consent_note == ""
    lead = sim.state.lead_snapshot(PHONE)
    assert lead is not None and lead["tcpa"] is True
    assert consent_lines(sim) == [f"{NOTE}: TCPA consent and opt-in."]
    patches = consent_patches(sim)
    assert [p["body"] for p in patches] == [
        {"phone": PHONE, "tcpaFlag": True, "appendComment": f"{NOTE}: TCPA consent and opt-in."}
    ]
    assert new_lead.as_lead().tcpa is True  # the booking's reminder may text the caller

    arun(console.book_new_lead(new_lead, first_open_block(new_lead)))
    assert len(consent_patches(sim)) == 1
    kinds = [(e["method"], e["path"].rsplit("/", 1)[-1]) for e in api_requests(sim) if e["method"] != "GET"]
    assert kinds == [("POST", "lead"), ("PATCH", "update"), ("POST", "appointment")]


@pytest.mark.parametrize("outbox", [True, False], ids=["through the outbox", "without an outbox"])
def test_no_consent_sends_no_patch_and_leaves_the_lead_without(
    arun: Runner, sim: SimServer, tmp_path: Path, outbox: bool
) -> None:
    console = console_for(sim, tmp_path, outbox)
    new_lead = arun(console.create_lead(submission()))
    assert api_requests(sim, "PATCH") == []
    lead = sim.state.lead_snapshot(PHONE)
    assert lead is not None and not lead["tcpa"] and not lead["opt_in"]
    assert consent_lines(sim) == []
    assert new_lead.consent_note == "" and new_lead.as_lead().tcpa is None


def test_opt_in_alone_is_a_note_and_leaves_tcpa_as_it_was(arun: Runner, sim: SimServer, tmp_path: Path) -> None:
    console = console_for(sim, tmp_path, True)
    arun(console.create_lead(submission(), consent=Consent(opt_in=True)))
    assert [p["body"] for p in consent_patches(sim)] == [{"phone": PHONE, "appendComment": f"{NOTE}: opt-in."}]
    lead = sim.state.lead_snapshot(PHONE)
    assert lead is not None and not lead["tcpa"]


def test_an_answer_lost_after_the_consent_landed_is_not_applied_twice(
    arun: Runner, sim: SimServer, tmp_path: Path
) -> None:
    console = console_for(sim, tmp_path, True)
    sim.state.force("drop_after_apply", path="phone/update", method="PATCH")
    new_lead = arun(console.create_lead(submission(), consent=Consent(tcpa=True)))
    assert new_lead.consent_note == ""
    sent = api_requests(sim, "PATCH", "/phone/update")
    assert [(e["fault"], e["applied"]) for e in sent] == [("drop_after_apply", True), (None, False)]
    assert len(consent_patches(sim)) == 1 and consent_lines(sim) == [f"{NOTE}: TCPA consent."]


def test_consent_heavyset_could_not_take_yet_lands_before_the_booking(
    arun: Runner, sim: SimServer, tmp_path: Path
) -> None:
    console = console_for(sim, tmp_path, True)
    assert console.outbox is not None
    for _ in range(2):  # the try while the setter waits, and its quick second try
        sim.state.force("503", path="phone/update", method="PATCH")
    new_lead = arun(console.create_lead(submission(), consent=Consent(tcpa=True, opt_in=True)))
    assert "waits in the outbox" in new_lead.consent_note and "before the lead's booking" in new_lead.consent_note
    assert consent_patches(sim) == []

    with pytest.raises(Queued):  # the booking keeps its place behind the consent
        arun(console.book_new_lead(new_lead, first_open_block(new_lead)))
    assert api_requests(sim, "POST", "/appointment") == []

    console.outbox.network_back()
    while arun(console.outbox.replay_one()) is not None:
        pass
    applied = [e for e in api_requests(sim) if e["method"] != "GET" and e.get("applied")]
    assert [e["path"].rsplit("/", 1)[-1] for e in applied] == ["lead", "update", "appointment"]
    lead = sim.state.lead_snapshot(PHONE)
    assert lead is not None and lead["tcpa"] is True and lead["appointment_status"] == "Confirmed"
    assert len(consent_patches(sim)) == 1 and len(consent_lines(sim)) == 1


def test_a_new_lead_kept_in_the_outbox_keeps_its_consent_with_it(arun: Runner, sim: SimServer, tmp_path: Path) -> None:
    console = console_for(sim, tmp_path, True)
    assert console.outbox is not None
    for _ in range(2):
        sim.state.force("503", path="/lead", method="POST")
    with pytest.raises(Queued):
        arun(console.create_lead(submission(), consent=Consent(tcpa=True)))
    assert api_requests(sim, "PATCH") == []
    console.outbox.network_back()
    while arun(console.outbox.replay_one()) is not None:
        pass
    lead = sim.state.lead_snapshot(PHONE)
    assert lead is not None and lead["tcpa"] is True
    assert len(consent_patches(sim)) == 1

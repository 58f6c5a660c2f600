"""Big answers are validated a slice per loop turn, with the same result and the same error words."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from hsconsole.api.errors import InvalidResponseError
from hsconsole.api.heavyset.models import TimeSlot, TimeSlots
from hsconsole.api.heavyset.s2s import BIG_ANSWER_BYTES
from hsconsole.api.transport import parse_list_in_slices, parse_model


def blocks_body(count: int, *, zone: str | None = "America/Denver") -> dict[str, Any]:
    start = date(2026, 12, 1)
    slots = [
        {
            "appointmentDate": (start + timedelta(days=n // 20)).isoformat(),
            "startTime": f"{8 + (n % 20) // 4}:{(n % 4) * 15:02d} AM",
            "endTime": "6:00 PM",
            "availableSlots": n % 4,
            "blockId": n if n % 2 else f"b{n}",  # numbers become strings, as the API's ids may be either
        }
        for n in range(count)
    ]
    return {"timeZone": zone, "slots": slots} if zone else {"slots": slots}


def answer(body: Any) -> httpx.Response:
    return httpx.Response(200, content=json.dumps(body).encode())


def test_a_big_answer_is_the_same_in_slices_and_lets_the_loop_turn(arun: Callable[..., Any]) -> None:
    body = blocks_body(1200)
    assert len(json.dumps(body)) > BIG_ANSWER_BYTES  # what S2SClient.blocks sends through the slices
    whole = parse_model(answer(body), TimeSlots)
    turns = 0

    async def parse_counting_turns() -> TimeSlots:
        nonlocal turns
        task = asyncio.ensure_future(parse_list_in_slices(answer(body), TimeSlots, "slots", TimeSlot))
        while not task.done():
            turns += 1
            await asyncio.sleep(0)
        return await task

    sliced = arun(parse_counting_turns())
    assert sliced == whole and len(sliced.slots) == 1200 and sliced.slots[1].block_id == "1"
    assert turns >= 1200 // 250


@pytest.mark.parametrize(
    ("break_it", "skipped"),
    [
        (lambda body: body["slots"][700].update(startTime="25:00 XM"), "block 701: startTime: "),
        (lambda body: body["slots"][3].update(availableSlots=-1), "block 4: availableSlots: "),
        (lambda body: body["slots"].__setitem__(999, "a block"), "block 1000: "),
    ],
)
def test_a_broken_block_is_left_out_and_named_as_in_one_go(
    arun: Callable[..., Any], break_it: Any, skipped: str
) -> None:
    """One block the console cannot read does not hide the calendar: the rest is shown, that one named."""
    body = blocks_body(1000)
    break_it(body)
    whole = parse_model(answer(body), TimeSlots)
    sliced = arun(parse_list_in_slices(answer(body), TimeSlots, "slots", TimeSlot))
    assert len(whole.slots) == len(sliced.slots) == 999
    assert [s.block_id for s in whole.slots] == [s.block_id for s in sliced.slots]
    for result in (whole, sliced):
        assert len(result.skipped) == 1 and result.skipped[0].startswith(skipped), result.skipped


@pytest.mark.parametrize(
    ("break_it", "field"),
    [
        (lambda body: body.update(slots={"not": "a list"}), "slots"),
        (lambda body: body.update(timeZone="Mars/Olympus"), "timeZone"),
    ],
)
def test_a_broken_list_is_named_as_in_one_go(arun: Callable[..., Any], break_it: Any, field: str) -> None:
    body = blocks_body(1000)
    break_it(body)
    with pytest.raises(InvalidResponseError) as whole:
        parse_model(answer(body), TimeSlots)
    with pytest.raises(InvalidResponseError) as sliced:
        arun(parse_list_in_slices(answer(body), TimeSlots, "slots", TimeSlot))
    assert whole.value.field == sliced.value.field == field
    for error in (whole.value, sliced.value):  # pydantic words JSON and Python input a little differently
        assert str(error).startswith(f"Unexpected answer from the server: {field}: ")


def test_slots_without_a_zone_wait_for_the_leads_in_slices_too(arun: Callable[..., Any]) -> None:
    body = blocks_body(600, zone=None)
    sliced = arun(parse_list_in_slices(answer(body), TimeSlots, "slots", TimeSlot))
    assert sliced.zone_missing and len(sliced.slots) == 600


def test_an_answer_that_is_not_json_says_so(arun: Callable[..., Any]) -> None:
    with pytest.raises(InvalidResponseError, match="not JSON"):
        arun(parse_list_in_slices(httpx.Response(200, content=b"<html>"), TimeSlots, "slots", TimeSlot))

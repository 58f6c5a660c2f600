"""TaskKeeper: slots that pre-empt, and whether anything besides the long-lived tasks is at work."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from hsconsole.services.tasks import TaskKeeper


def test_working_ignores_the_long_lived_slots_and_ends_with_the_work(arun: Callable[..., Any]) -> None:
    async def scenario() -> None:
        keeper = TaskKeeper()
        forever = asyncio.Event()
        release = asyncio.Event()
        keeper.spawn(forever.wait(), slot="replayer")
        await asyncio.sleep(0)
        assert keeper.working() and not keeper.working(besides=("replayer",))
        first = keeper.spawn(release.wait(), slot="search")
        second = keeper.spawn(release.wait())  # no slot: still work
        assert keeper.working(besides=("replayer",))
        newer = keeper.spawn(asyncio.sleep(0), slot="search")  # pre-empts the first search
        await asyncio.sleep(0)
        assert first.cancelled() or first.done()
        release.set()
        await asyncio.gather(second, newer)
        await asyncio.sleep(0)
        assert not keeper.working(besides=("replayer",))
        assert keeper.working()  # the replayer still runs
        await keeper.cancel_all()
        assert not keeper.working() and keeper.pending == 0

    arun(scenario())

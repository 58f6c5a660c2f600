"""A profile's session: built in one place (stores, transport, console, connectors) and closed in order."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hsconsole.services.session import Session, Stores
from hsconsole.sim.apptoto.app import ApptotoServer
from hsconsole.sim.heavyset.data import DEMO_PHONES
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.store.settings import ApptotoSettings, Profile
from tests.helpers import Runner, fast_transport

DENVER = DEMO_PHONES["denver_booked"]


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer() as server:
        yield server


def test_a_session_works_on_its_data_folder_and_closes_its_transport_before_its_files(
    sim: SimServer, tmp_path: Path, arun: Runner
) -> None:
    profile = Profile(name="Denver", origin=sim.url, tested=True)
    session = Session.open(profile, sim.state.token, sim.state.token, data_dir=tmp_path, transport=fast_transport())
    closed: list[str] = []
    transport_close, outbox_close = session.transport.aclose, session.stores.outbox.close
    assert session.stores.audit is not None
    audit_close = session.stores.audit.close

    async def close_transport() -> None:
        closed.append("transport")
        await transport_close()

    session.transport.aclose = close_transport  # type: ignore[method-assign]
    session.stores.outbox.close = lambda: (closed.append("outbox"), outbox_close())[0]  # type: ignore[method-assign]
    session.stores.audit.close = lambda: (closed.append("activity"), audit_close())[0]  # type: ignore[method-assign]

    found = arun(session.console.lookup(DENVER))
    assert found.lead.phone == DENVER
    assert session.outbox is session.console.outbox
    assert [e.action for e in session.stores.audit.entries()] == ["lookup"]
    assert {p.name for p in tmp_path.iterdir()} >= {"outbox.sqlite3", "audit.sqlite3"}
    assert session.stores.problems == {}
    assert session.connectors is not None and session.connectors.reminders is None  # no connector: off

    arun(session.close())
    arun(session.close())  # a second close does nothing
    assert closed == ["transport", "outbox", "activity"]


def test_sessions_on_shared_stores_leave_them_open_for_the_next_profile(
    sim: SimServer, tmp_path: Path, arun: Runner
) -> None:
    with Stores.open(tmp_path) as stores:
        for name in ("First", "Second"):
            profile = Profile(name=name, origin=sim.url, tested=True)

            async def look_up(profile: Profile = profile) -> None:
                async with Session.open(profile, sim.state.token, sim.state.token, stores=stores) as session:
                    await session.console.lookup(DENVER)

            arun(look_up())
        assert stores.audit is not None
        assert sorted(e.profile for e in stores.audit.entries()) == ["First", "Second"]  # still open, both there
        assert stores.outbox.counts("First") == {}


def test_files_a_newer_console_wrote_are_left_alone_and_the_session_runs_in_memory(tmp_path: Path) -> None:
    with Stores.open(tmp_path):
        pass
    for name in ("outbox.sqlite3", "audit.sqlite3"):
        with contextlib.closing(sqlite3.connect(tmp_path / name)) as newer, newer:
            newer.execute("PRAGMA user_version=99")
    with Stores.open(tmp_path) as stores:
        assert stores.outbox.path == ":memory:" and stores.audit is not None and stores.audit.path == ":memory:"
        assert set(stores.problems) == {"outbox", "activity"}
        outbox = stores.problem("outbox")
        assert outbox is not None and "newer HeavySet Console" in outbox
        assert "Changes are kept in memory only, until you quit" in outbox
        activity = stores.problem("activity")
        assert activity is not None and activity.endswith("The actions of this session are kept in memory only.")
    for name in ("outbox.sqlite3", "audit.sqlite3"):  # left as they were, for the newer console
        with contextlib.closing(sqlite3.connect(tmp_path / name)) as db:
            assert db.execute("PRAGMA user_version").fetchone() == (99,)


def test_a_data_folder_that_refuses_files_keeps_changes_in_memory_and_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with Stores.open(blocker) as stores:
        outbox = stores.problem("outbox")  # the outbox says so itself, and takes the file when it can
        assert outbox is not None and "outbox" not in stores.problems
        activity = stores.problem("activity")
        assert activity is not None and activity.endswith("The actions of this session are kept in memory only.")
    assert list(tmp_path.iterdir()) == [blocker]  # nothing written beside it


def test_connectors_load_when_asked_and_follow_new_settings(sim: SimServer, tmp_path: Path, arun: Runner) -> None:
    with ApptotoServer(demo_data=False) as ap:
        apptoto = ApptotoSettings(email=ap.email, calendar="Calendar", origin=ap.url)
        profile = Profile(name="Connected", origin=sim.url, tested=True, apptoto=apptoto)
        session = Session.open(
            profile, sim.state.token, sim.state.token, apptoto_key=ap.api_key, data_dir=tmp_path, connectors=False
        )
        try:
            assert session.connectors is None  # the window shows first; they load after its first paint
            assert session.outbox.apptoto is not None and session.console.mirror is not None  # the mirror is on
            assert session.load_connectors().reminders is not None
            off = session.use_connectors(profile.model_copy(update={"apptoto": None}), None, None)
            assert off.reminders is None and session.connectors is off
            assert session.outbox.apptoto is None and session.console.mirror is None
            assert session.profile.apptoto is None
        finally:
            arun(session.close())

"""``hsconsole --demo``: the console on simulated HeavySet, Apptoto and TimeZest servers of its own.

The simulators run on 127.0.0.1 in this process, start on first use and stop with
:meth:`DemoServers.stop`; their modules load only when the demo is chosen.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from hsconsole.connection import Connection
from hsconsole.store.settings import ApptotoSettings, Profile, TimeZestSettings

if TYPE_CHECKING:
    from hsconsole.sim.apptoto.app import ApptotoServer
    from hsconsole.sim.heavyset.server import SimServer
    from hsconsole.sim.timezest.app import TimeZestServer

log = logging.getLogger("hsconsole.init")


class DemoServers:
    """The demo's three simulators, and the connection of the "Demo" profile to them."""

    def __init__(self) -> None:
        self.heavyset: SimServer | None = None
        self.apptoto: ApptotoServer | None = None
        self.timezest: TimeZestServer | None = None

    def connection(self) -> Connection:
        """The demo profile, its simulators started if they are not running yet."""
        from hsconsole.sim.apptoto.app import ApptotoServer
        from hsconsole.sim.heavyset.server import SimServer
        from hsconsole.sim.timezest.app import TimeZestServer

        if self.heavyset is None:
            self.heavyset = SimServer()
            self.heavyset.start()
            log.info("demo simulator at %s", self.heavyset.url)
        heavyset = self.heavyset
        token = heavyset.state.token
        if self.apptoto is None or self.timezest is None:
            self.apptoto = ApptotoServer(api_key=token).start()
            self.timezest = TimeZestServer(api_key=token).start()
        profile = Profile(
            name="Demo",
            origin=heavyset.url,
            tested=True,
            apptoto=ApptotoSettings(
                email=self.apptoto.email,
                calendar="HeavySet Appointments",
                address_book="HeavySet Leads",
                origin=self.apptoto.url,
            ),
            timezest=TimeZestSettings(origin=self.timezest.url),
        )
        return Connection(profile, token, token, "DEMO", heavyset.url, apptoto_key=token, timezest_key=token)

    def stop(self) -> None:
        """Stop whichever simulators run (nothing when none does)."""
        for server in (self.heavyset, self.apptoto, self.timezest):
            if server is not None:
                server.stop()
        self.heavyset = self.apptoto = self.timezest = None

"""The HeavySet simulator on a real socket: :class:`SimServer` (a background thread, for tests and
``hsconsole --demo``)."""

from __future__ import annotations

from typing import Any

from hsconsole.sim.heavyset.app import S2S_PREFIX, ZAPIER_PREFIX, create_app
from hsconsole.sim.heavyset.state import SimState
from hsconsole.sim.serving import AppServer


class SimServer(AppServer):
    """The HeavySet simulator on a real socket, served by uvicorn in a daemon thread.

    ``SimServer()`` makes a fresh :class:`SimState` (keyword arguments go to
    it), binds 127.0.0.1 on a free port and starts on ``__enter__`` or
    :meth:`start`::

        with SimServer(rate_limit=5) as sim:
            httpx.get(f"{sim.s2s_url}/phone/query", params={"phone": ...},
                      headers={"x-hs-token": sim.state.token})
    """

    def __init__(
        self,
        state: SimState | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        **state_kwargs: Any,
    ) -> None:
        if state is not None and state_kwargs:
            raise TypeError("give a state or state keyword arguments, not both")
        self.state = state if state is not None else SimState(**state_kwargs)
        super().__init__(lambda stopping: create_app(self.state, stopping=stopping), host=host, port=port)

    @property
    def s2s_url(self) -> str:
        return self.url + S2S_PREFIX

    @property
    def zapier_url(self) -> str:
        return self.url + ZAPIER_PREFIX

"""A faithful local simulator of the HeavySet S2S and Zapier APIs.

One Starlette app serves both API families on one origin with seeded demo
data, admin endpoints under ``/_sim/`` and fault knobs; see ``README.md``
beside this file. Imports only ``hsconsole.domain`` and ``hsconsole.api.models``.
"""

from hsconsole.sim.app import S2S_PREFIX, ZAPIER_PREFIX, create_app
from hsconsole.sim.common import FORCE_OUTCOMES, Faults, ForcedOutcome
from hsconsole.sim.data import (
    DEFAULT_CRM_SETTINGS_ID,
    DEFAULT_DEMO_TOKEN,
    DEFAULT_SEED,
    DEFAULT_TOKEN,
    DEMO_PHONES,
    DISPOSITIONS,
    MARKETS,
    UNKNOWN_PHONE,
)
from hsconsole.sim.server import SimServer, main
from hsconsole.sim.state import SimError, SimState

__all__ = [
    "DEFAULT_CRM_SETTINGS_ID",
    "DEFAULT_DEMO_TOKEN",
    "DEFAULT_SEED",
    "DEFAULT_TOKEN",
    "DEMO_PHONES",
    "DISPOSITIONS",
    "FORCE_OUTCOMES",
    "MARKETS",
    "S2S_PREFIX",
    "UNKNOWN_PHONE",
    "ZAPIER_PREFIX",
    "Faults",
    "ForcedOutcome",
    "SimError",
    "SimServer",
    "SimState",
    "create_app",
    "main",
]

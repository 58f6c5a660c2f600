"""Faithful local simulators of HeavySet (S2S and Zapier), Apptoto and TimeZest, one package each.

The HeavySet simulator serves both API families on one origin with seeded demo data, admin endpoints
under ``/_sim/`` and fault knobs; its Python API is re-exported here. See ``README.md`` beside this file
(and ``apptoto/APPTOTO.md``, ``timezest/TIMEZEST.md``). Imports only ``hsconsole.domain``, the HeavySet
wire models and TimeZest's TQL parser from ``hsconsole.api``.
"""

from hsconsole.sim.common import FORCE_OUTCOMES, Faults, ForcedOutcome
from hsconsole.sim.heavyset.app import S2S_PREFIX, ZAPIER_PREFIX, create_app
from hsconsole.sim.heavyset.data import (
    DEFAULT_CRM_SETTINGS_ID,
    DEFAULT_DEMO_TOKEN,
    DEFAULT_SEED,
    DEFAULT_TOKEN,
    DEMO_PHONES,
    DISPOSITIONS,
    MARKETS,
    UNKNOWN_PHONE,
)
from hsconsole.sim.heavyset.server import SimServer
from hsconsole.sim.heavyset.state import SimError, SimState
from hsconsole.sim.server import main

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

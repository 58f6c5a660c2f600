"""PySide6's check of every module imported after it, made as cheap as the installed console's.

PySide6 replaces ``builtins.__import__`` so that a module may write ``from __feature__ import
snake_case``. As a side effect it looks at *every* module imported after PySide6: it reads the module's
whole source through :func:`inspect.getsource` to see whether the text "PySide6" occurs in it, and
records the answer (0: uses PySide, -1: ignore this module) in ``pyside_feature_dict``. For the console
that is ≈ 350 modules (pydantic, httpx, asyncio, the services): ≈ 40 ms of reading and splitting
source on every start, and ≈ 13 MB of source lines left behind in :mod:`linecache`.

The answer only matters to a module that selects a feature, and the console selects none. An
installed console (PyInstaller bundle) has no source files, so there PySide6 already answers "ignore"
for every module. :func:`skip_source_scan` makes a run from source answer the same, without reading
anything. An explicit ``from __feature__ import ...`` is handled by PySide6's own import function
first, whatever this answer, so it keeps working.
"""

from __future__ import annotations

import linecache
import logging
import sys

log = logging.getLogger("hsconsole.ui")

FEATURE_MODULE = "shibokensupport.feature"
CHECK_NAME = "_mod_uses_pyside"


def _ignore(*_args: object, **_kwargs: object) -> bool:
    """The answer PySide6 gives in an installed console, where no module has source to read."""
    return False


def skip_source_scan() -> bool:
    """Once PySide6 is imported: no source reading for the modules imported after it. False when this
    PySide6 has no such check (nothing to do)."""
    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, CHECK_NAME, None)):
        log.debug("PySide6 has no per-import source check here")
        return False
    setattr(feature, CHECK_NAME, _ignore)
    linecache.clearcache()  # the source PySide6 read of the modules imported with it
    return True

"""hsconsole: the HeavySet scheduling console for appointment setters."""

import os
import sys

__version__ = "0.1.0"

# Start-up: two imports the console never uses, kept out of the ~0.4 s before the window shows.
# httpx imports its command-line client (and with it click and pygments, present because uvicorn needs
# click) when both are installed; a None entry makes that optional import fail as if they were not.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
# pydantic looks for plugins through every installed distribution's entry points on the first model.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

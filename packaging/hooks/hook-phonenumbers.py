"""PyInstaller hook for phonenumbers, in place of the contrib one (which collects every submodule).

The console parses and formats numbers only: it needs the region metadata (``phonenumbers.data``,
loaded per region on first use) and the short-number metadata (imported by ``phonenumbers``
itself), not the 40 MB of geocoder, carrier and time-zone data.
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules("phonenumbers.shortdata")

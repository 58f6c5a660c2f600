"""The window's size, splitters, calendar range and language as the setter left them, re-exported for ui/.

Part of the window's frame, so it imports nothing but the layout file's reader (the standard library):
the frame is shown before the rest of the service layer loads (docs/PERFORMANCE.md).
"""

from hsconsole.store.layout import LANGUAGES, LIMIT_DAYS_RANGE, WindowLayout

__all__ = ["LANGUAGES", "LIMIT_DAYS_RANGE", "WindowLayout"]

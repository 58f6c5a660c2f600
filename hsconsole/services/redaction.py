"""Secrets cut out of any text the setter sees or the logs keep, re-exported for ui/.

:func:`redact` replaces every registered token and key (and anything shaped like one) with ``<redacted>``;
:data:`REDACTOR` is where a newly entered secret is registered.
"""

from hsconsole.store.logfiles import REDACTOR, redact

__all__ = ["REDACTOR", "redact"]

"""What the setter changed: a field-by-field diff of a lead's editable values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def same_value(a: Any, b: Any) -> bool:
    """Equal once surrounding spaces are ignored and "" is treated as empty."""
    return bool(_norm(a) == _norm(b))


def changed_fields(original: Mapping[str, Any], edited: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of ``edited`` that differ from ``original`` (strings stripped)."""
    changes: dict[str, Any] = {}
    for name, value in edited.items():
        if not same_value(original.get(name), value):
            changes[name] = value.strip() if isinstance(value, str) else value
    return changes

"""Comma-separated option values checked against a fixed set of names (--metrics, --to, --export)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .errors import TolkaError


def parse_names(
    spec: str | Iterable[str],
    choices: Iterable[str],
    *,
    unknown: Callable[[str], str],
    empty: str,
    normalise: Callable[[str], str] = lambda s: s.strip().lower(),
) -> list[str]:
    """``"a,b"`` or ``["a", "b"]`` -> known names in the given order, duplicates dropped.

    ``unknown(item)`` and ``empty`` are the one-line messages of the :class:`TolkaError` raised.
    """
    known = set(choices)
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    names: list[str] = []
    for item in items:
        name = normalise(str(item))
        if not name:
            continue
        if name not in known:
            raise TolkaError(unknown(item))
        if name not in names:
            names.append(name)
    if not names:
        raise TolkaError(empty)
    return names

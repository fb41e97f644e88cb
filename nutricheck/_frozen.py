"""Frozen dataclass instances made without their ``__init__``, for the few made by the thousand.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, one call per
field; a ten-year diary makes 36,500 nutrient results and a long log as many entries, where that
was a third of the time (bench/). These helpers set the instance's ``__dict__`` at once instead.
They are only for dataclasses with plain fields: no ``__post_init__``, no ``__slots__``, no
default factories left unset (every field must be given).
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")

_new = object.__new__
_set = object.__setattr__


def make(cls: type[T], fields: dict[str, Any]) -> T:
    """``cls(**fields)``; ``fields`` must name every field of ``cls`` (it is not copied)."""
    obj = _new(cls)
    _set(obj, "__dict__", fields)
    return obj


def changed(obj: T, **changes: Any) -> T:
    """``dataclasses.replace(obj, **changes)``."""
    fields = obj.__dict__.copy()
    fields.update(changes)
    return make(type(obj), fields)


def renumbered(obj: T, line: int) -> T:
    """``changed(obj, line=line)`` with no keyword dict: each repeat of a long log's line is one."""
    fields = obj.__dict__.copy()
    fields["line"] = line
    return make(type(obj), fields)

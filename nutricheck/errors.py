"""The one exception hierarchy of nutricheck.

Every error a user can cause derives from :class:`NutricheckError`, and each concrete error also
subclasses the builtin it resembles (``ValueError``, ``LookupError``, ``OSError``) so callers that
know nothing about nutricheck still catch it sensibly. Errors carry *where* (file, line, row or key),
*what* was wrong and a *hint* on what to do; the message is built in ``__str__`` from those fields so
the CLI can print it as it is and programs can read the fields.
"""

from __future__ import annotations

from collections.abc import Sequence


class NutricheckError(Exception):
    """Base of every error nutricheck raises on purpose.

    Attributes:
        problem: what was wrong, one sentence.
        source: the file (or ``"<stdin>"``, ``"--age"``, ...) the problem is in, if any.
        line: 1-based line (or CSV row as the file's line number) of the problem, if any.
        key: the YAML key path or option the problem is at, if any.
        column: the CSV column the problem is in, if any.
        text: the offending raw text or value, if any.
        hint: what the user can do about it.
    """

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        line: int | None = None,
        key: str | None = None,
        column: str | None = None,
        text: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.source = source
        self.line = line
        self.key = key
        self.column = column
        self.text = text
        self.hint = hint

    @property
    def where(self) -> str:
        parts = []
        if self.source:
            parts.append(str(self.source))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(f"column {self.column!r}")
        if self.key:
            parts.append(f"option {self.key}" if self.key.startswith("--") else f"key {self.key!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        msg = f"{self.where}: {self.problem}" if self.where else self.problem
        if self.text is not None:
            shown = self.text if len(self.text) <= 80 else self.text[:77] + "..."
            msg += f" (got {shown!r})"
        if self.hint:
            msg += f"\n  hint: {self.hint}"
        return msg


class DataFileError(NutricheckError, ValueError):
    """A data file (foods table, targets YAML, profile, diary) is malformed."""


class ProfileError(NutricheckError, ValueError):
    """A person's profile is impossible or incomplete (age out of range, pregnant male, ...)."""


class LogParseError(NutricheckError, ValueError):
    """A food-log line could not be read as an amount of a food."""


class UnknownFoodError(NutricheckError, LookupError):
    """No food in the table matches a name well enough.

    Attributes:
        query: the name that was looked up.
        suggestions: up to five ``(food_key, description)`` pairs that came closest.
    """

    def __init__(
        self, query: str, suggestions: Sequence[tuple[str, str]] = (), **kwargs: object
    ) -> None:
        self.query = query
        self.suggestions = list(suggestions)
        hint = kwargs.pop("hint", None)
        if hint is None and self.suggestions:
            hint = "did you mean: " + "; ".join(d for _, d in self.suggestions) + "?"
        super().__init__(f"no food matches {query!r}", hint=hint, **kwargs)  # type: ignore[arg-type]


class UnitError(NutricheckError, ValueError):
    """A quantity's unit is unknown or cannot apply (a volume of a food with no known density)."""

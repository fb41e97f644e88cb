"""nutricheck: check what you ate against the Dietary Reference Intakes, with USDA food data.

The public API, re-exported here (imported lazily so that ``import nutricheck`` and
``nutricheck --help`` stay fast)::

    from nutricheck import Profile, analyze
    report = analyze("2 large eggs\\n1 cup cooked spinach", Profile(sex="female", age_years=34))
    report.totals["iron_mg"].value, report.shortfalls
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("nutricheck")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

_EXPORTS = {
    "analyze": "nutricheck.report",
    "Report": "nutricheck.report",
    "NutrientResult": "nutricheck.report",
    "Profile": "nutricheck.profile",
    "targets_for": "nutricheck.targets",
    "Targets": "nutricheck.targets",
    "Target": "nutricheck.targets",
    "Entry": "nutricheck.entries",
    "FoodAmount": "nutricheck.entries",
    "EntryReader": "nutricheck.entries",
    "Food": "nutricheck.foods",
    "FoodTable": "nutricheck.foods",
    "Portion": "nutricheck.foods",
    "Matcher": "nutricheck.matching",
    "read_diary": "nutricheck.diary",
    "build_diary_report": "nutricheck.days",
    "DiaryReport": "nutricheck.days",
    "daily_totals": "nutricheck.frame",
    "parse_line": "nutricheck.logparse",
    "NUTRIENTS": "nutricheck.nutrients",
    "NutricheckError": "nutricheck.errors",
    "DataFileError": "nutricheck.errors",
    "ProfileError": "nutricheck.errors",
    "LogParseError": "nutricheck.errors",
    "UnknownFoodError": "nutricheck.errors",
    "UnitError": "nutricheck.errors",
}

__all__ = [
    "NUTRIENTS",
    "DataFileError",
    "DiaryReport",
    "Entry",
    "EntryReader",
    "Food",
    "FoodAmount",
    "FoodTable",
    "LogParseError",
    "Matcher",
    "NutricheckError",
    "NutrientResult",
    "Portion",
    "Profile",
    "ProfileError",
    "Report",
    "Target",
    "Targets",
    "UnitError",
    "UnknownFoodError",
    "__version__",
    "analyze",
    "build_diary_report",
    "daily_totals",
    "parse_line",
    "read_diary",
    "targets_for",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nutricheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover
    from nutricheck.days import DiaryReport, build_diary_report
    from nutricheck.diary import read_diary
    from nutricheck.entries import Entry, EntryReader, FoodAmount
    from nutricheck.errors import (
        DataFileError,
        LogParseError,
        NutricheckError,
        ProfileError,
        UnitError,
        UnknownFoodError,
    )
    from nutricheck.foods import Food, FoodTable, Portion
    from nutricheck.frame import daily_totals
    from nutricheck.logparse import parse_line
    from nutricheck.matching import Matcher
    from nutricheck.nutrients import NUTRIENTS
    from nutricheck.profile import Profile
    from nutricheck.report import NutrientResult, Report, analyze
    from nutricheck.targets import Target, Targets, targets_for

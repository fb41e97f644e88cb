"""The package's one pint registry, the food units with their pint-computed factors, and the unit
rules food needs.

* ``ureg`` / ``Q_``: build quantities as ``Q_(value, "mg")`` (faster than parsing strings). The
  registry is built on first use, not on import: importing pint and building its registry costs
  more than a second (docs/benchmarks.md), and a one-day report does not need it. It is built with
  pint's own definitions cache in nutricheck's cache folder (``<cache root>/pint``); a cache that
  cannot be read is discarded with a logged warning and the registry is built without it.
* Food "Calories" are kilocalories; pint's ``cal`` is the small calorie, so ``Calorie`` is defined
  here as ``kcal`` and the food-log parser must never hand ``"cal"`` from a label to pint unchecked.
* :data:`FOOD_UNITS` and :func:`grams_per` / :func:`millilitres_per`: the mass and volume units a
  food log uses (the log parser's canonical names) and their size in grams or millilitres. The
  factors are pint's, computed by pint once, when ``python scripts/build_data.py --units`` writes
  data/unit_factors.csv, whose ``factor`` column is always read with its ``base_unit`` column (one
  ``unit`` is ``factor`` ``base_unit``): every number keeps its unit, and tests/test_units.py checks
  every row against pint. pint is imported only for a unit the file lacks.
* IU is not a unit: it is a per-nutrient convention. :func:`from_iu` converts with the nutrient's
  own factor from :mod:`nutricheck.nutrients` and refuses a nutrient that has none;
  :func:`iu_count` does the same arithmetic on a plain number in the nutrient's own unit.
* ``FOOD_WORD_BLOCKLIST``: words pint would happily read as units although in a food log they are
  food or kitchen words ("pinch" is pico-inch to pint, "tin" tera-inch).
"""

from __future__ import annotations

import csv
import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from nutricheck import nutrients as _nutrients
from nutricheck.errors import DataFileError, UnitError

if TYPE_CHECKING:
    import pint

    ureg: pint.UnitRegistry[Any]
    Q_: type[pint.Quantity[Any]]

log = logging.getLogger(__name__)

FOOD_WORD_BLOCKLIST: frozenset[str] = frozenset(
    {
        "pinch",
        "tin",
        "dash",
        "drop",
        "stick",
        "clove",
        "can",
        "bar",
        "bunch",
        "head",
        "pack",
        "slab",
    }
)
"""Food words pint would misread as units (pinch = pico-inch, tin = tera-inch, ...)."""

FOOD_UNITS: Mapping[str, str] = MappingProxyType({
    "mg": "milligram", "g": "gram", "kg": "kilogram", "oz": "ounce", "lb": "pound",
    "ml": "milliliter", "cl": "centiliter", "dl": "deciliter", "l": "liter", "tsp": "teaspoon",
    "tbsp": "tablespoon", "cup": "cup", "fl oz": "fluid_ounce", "pint": "pint", "quart": "quart",
    "gallon": "gallon", "cubic inch": "cubic_inch", "uk pint": "imperial_pint",
    "uk quart": "imperial_quart", "uk gallon": "imperial_gallon",
    "uk fl oz": "imperial_fluid_ounce",
})  # fmt: skip
"""The log parser's canonical mass and volume units -> pint's names. pint's ``cup``, ``pint``, ...
are the US measures, as USDA's are; a log read as British (:mod:`nutricheck.vocabulary`) has its
pints, quarts, gallons and fluid ounces read as the imperial ones (:data:`UK_UNITS`)."""

UK_UNITS: Mapping[str, str] = MappingProxyType({
    "pint": "uk pint", "quart": "uk quart", "gallon": "uk gallon", "fl oz": "uk fl oz",
})  # fmt: skip
"""The units whose British measure differs from the American (a UK pint is 568 ml, a US pint
473 ml): the unit a log read as British means by each."""

BASE_UNITS: Mapping[str, str] = MappingProxyType({"mass": "gram", "volume": "milliliter"})
"""The unit each dimension's factors are given in (data/unit_factors.csv ``base_unit``)."""

UNIT_FACTOR_COLUMNS = ("unit", "pint_name", "dimension", "factor", "base_unit")


# --------------------------------------------------------------------------------------------
# The registry, built on first use
# --------------------------------------------------------------------------------------------


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """The package's one pint registry (built on first call, with pint's definitions cache)."""
    from nutricheck import _diskcache

    return build_registry(_diskcache.cache_root() / "pint")


def build_registry(folder: Path | None) -> pint.UnitRegistry[Any]:
    """A new registry with nutricheck's definitions, using pint's definitions cache in ``folder``
    (none when ``None``). Use :func:`registry`; this is its builder, for tests."""
    import pint

    options: dict[str, Any] = {
        # Case matters: "T" (tablespoon in recipes) must not become tesla, but we never hand raw
        # words to pint anyway; the log parser maps its own unit words to the names defined here.
        "autoconvert_offset_to_baseunit": True,
    }
    reg: pint.UnitRegistry[Any]
    try:
        reg = pint.UnitRegistry(cache_folder=folder, **options)
    except Exception as exc:  # pint's cache is pickles: a damaged one can raise almost anything
        if folder is None:
            raise
        log.warning(
            "discarding pint's unreadable definitions cache in %s (%s: %s)",
            folder,
            type(exc).__name__,
            exc,
        )
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        reg = pint.UnitRegistry(**options)
    # Food labels' "Calorie" (capital C) is the kilocalorie; pint's "cal" stays the small calorie.
    reg.define("Calorie = kilocalorie = Cal")
    return reg


def __getattr__(name: str) -> Any:
    # ``units.ureg`` and ``units.Q_`` are the registry and its Quantity, built on first access.
    if name == "ureg":
        return registry()
    if name == "Q_":
        return registry().Quantity
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _pint_errors() -> tuple[type[Exception], ...]:
    import pint

    return (pint.UndefinedUnitError, pint.DefinitionSyntaxError, AttributeError, ValueError)


def quantity(value: float, unit: str) -> pint.Quantity[Any]:
    """``Q_(value, unit)`` with a :class:`~nutricheck.errors.UnitError` for units pint lacks."""
    if unit.strip().lower() in FOOD_WORD_BLOCKLIST:
        raise UnitError(f"{unit!r} is a food word, not a unit pint may read", text=unit)
    reg = registry()
    try:
        return reg.Quantity(value, unit)
    except _pint_errors() as exc:
        raise UnitError(f"unknown unit {unit!r}", text=unit) from exc


# --------------------------------------------------------------------------------------------
# Food units: pint's factors, from data/unit_factors.csv
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFactor:
    """One row of data/unit_factors.csv: one ``unit`` is ``factor`` ``base_unit``.

    Attributes:
        unit: the log parser's canonical name (``"oz"``, ``"fl oz"``).
        pint_name: pint's name for it (``"ounce"``, ``"fluid_ounce"``).
        dimension: ``"mass"`` or ``"volume"``.
        factor: the size of one ``unit`` in ``base_unit``, as pint computes it.
        base_unit: ``"gram"`` for mass, ``"milliliter"`` for volume (:data:`BASE_UNITS`).
    """

    unit: str
    pint_name: str
    dimension: str
    factor: float
    base_unit: str


def pint_factor(pint_name: str, base_unit: str) -> float:
    """The size of one ``pint_name`` in ``base_unit``, computed by pint (what the file holds)."""
    return float(registry().Quantity(1.0, pint_name).to(base_unit).magnitude)


@functools.cache
def unit_factors() -> Mapping[str, UnitFactor]:
    """The rows of the bundled data/unit_factors.csv, by unit (read once per process).

    Raises:
        DataFileError: a row is malformed (a bad number, an unknown dimension, a base unit that is
            not its dimension's).
    """
    where = "data/unit_factors.csv"
    text = (resources.files("nutricheck") / "data" / "unit_factors.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != UNIT_FACTOR_COLUMNS:
        raise DataFileError(
            f"the header must be {','.join(UNIT_FACTOR_COLUMNS)}", source=where, line=1
        )
    out: dict[str, UnitFactor] = {}
    for line, row in enumerate(reader, start=2):
        dimension, base = row["dimension"], row["base_unit"]
        if BASE_UNITS.get(dimension) != base:
            raise DataFileError(
                f"{dimension!r} factors must be in {BASE_UNITS.get(dimension)}",
                source=where,
                line=line,
                column="base_unit",
                text=base,
            )
        try:
            factor = float(row["factor"])
        except ValueError:
            factor = float("nan")
        if not 0 < factor < float("inf"):
            raise DataFileError(
                "factor must be a positive number",
                source=where,
                line=line,
                column="factor",
                text=row["factor"],
            )
        out[row["unit"]] = UnitFactor(row["unit"], row["pint_name"], dimension, factor, base)
    return MappingProxyType(out)


@functools.cache
def _size_in(unit: str, dimension: str) -> float:
    base = BASE_UNITS[dimension]
    row = unit_factors().get(unit)
    if row is not None and row.dimension == dimension:
        return row.factor
    # Not in the file: pint itself (imported only now); UnitError for a unit pint lacks.
    import pint

    one = quantity(1.0, FOOD_UNITS.get(unit, unit))
    try:
        return float(one.to(base).magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(f"{unit!r} is not a {dimension} unit", text=unit) from exc


def grams_per(unit: str) -> float:
    """Grams in one mass unit (``"oz"`` -> 28.349523125), pint's factor.

    Raises:
        UnitError: ``unit`` is not a mass unit pint knows.
    """
    return _size_in(unit, "mass")


def millilitres_per(unit: str) -> float:
    """Millilitres in one volume unit (``"cup"`` -> 236.5882365), pint's factor.

    Raises:
        UnitError: ``unit`` is not a volume unit pint knows.
    """
    return _size_in(unit, "volume")


# --------------------------------------------------------------------------------------------
# IU: a per-nutrient factor, never a unit
# --------------------------------------------------------------------------------------------


def iu_forms(nutrient_key: str) -> tuple[str, ...]:
    """The IU forms a nutrient knows (``("default",)`` for vitamin D); empty if IU never applies."""
    return tuple(_nutrients.get(nutrient_key).iu_factors)


def _iu_factor(nutrient_key: str, form: str | None) -> float:
    """Amount, in the nutrient's own unit, of one IU of it (see :func:`from_iu` for the errors)."""
    nutrient = _nutrients.get(nutrient_key)
    factors = nutrient.iu_factors
    if not factors:
        raise UnitError(
            f"{nutrient.name} has no IU convention; IU can only be converted for vitamins D and E",
            key=nutrient_key,
        )
    if form is None:
        if len(factors) != 1:
            raise UnitError(
                f"{nutrient.name} IU depends on the form: say one of {', '.join(factors)}",
                key=nutrient_key,
            )
        (factor,) = factors.values()
        return factor
    try:
        return factors[form]
    except KeyError:
        raise UnitError(
            f"{nutrient.name} has no IU form {form!r}; known: {', '.join(factors)}",
            key=nutrient_key,
        ) from None


def from_iu(nutrient_key: str, value: float, form: str | None = None) -> pint.Quantity[Any]:
    """Convert ``value`` IU of a nutrient to its own unit, with that nutrient's factor.

    >>> from_iu("vitamin_d_ug", 400)
    <Quantity(10.0, 'microgram')>
    >>> round(from_iu("vitamin_e_mg", 100, form="synthetic").magnitude, 6)
    45.0

    Raises:
        UnitError: the nutrient has no IU convention, or it has several forms and ``form`` is not
            one of them (vitamin E must say ``natural`` or ``synthetic``).
    """
    factor = _iu_factor(nutrient_key, form)
    return registry().Quantity(value * factor, _nutrients.get(nutrient_key).unit)


def iu_count(nutrient_key: str, value: float, form: str | None = None) -> float:
    """How many IU ``value`` (in the nutrient's own unit) is: ``iu_count("vitamin_d_ug", 15)`` is
    600.0. The same arithmetic as :func:`to_iu`, without pint. Errors as :func:`from_iu`."""
    return value / _iu_factor(nutrient_key, form)


def to_iu(nutrient_key: str, amount: pint.Quantity[Any], form: str | None = None) -> float:
    """The inverse of :func:`from_iu`: how many IU an amount of the nutrient is."""
    per_iu = from_iu(nutrient_key, 1.0, form)
    return float((amount / per_iu).to("dimensionless").magnitude)


def to_nutrient_unit(nutrient_key: str, amount: pint.Quantity[Any]) -> float:
    """Magnitude of ``amount`` in the nutrient's own unit (``UnitError`` if dimensions differ)."""
    import pint

    unit = _nutrients.get(nutrient_key).unit
    try:
        return float(amount.to(unit).magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(
            f"{amount:~P} cannot be expressed in {unit}", key=nutrient_key, text=str(amount)
        ) from exc

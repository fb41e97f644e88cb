"""The package's one pint registry and the unit rules food needs.

* ``ureg`` / ``Q_``: build quantities as ``Q_(value, "mg")`` (faster than parsing strings).
* Food "Calories" are kilocalories; pint's ``cal`` is the small calorie, so ``Calorie`` is defined
  here as ``kcal`` and the food-log parser must never hand ``"cal"`` from a label to pint unchecked.
* IU is not a unit: it is a per-nutrient convention. :func:`from_iu` converts with the nutrient's
  own factor from :mod:`nutricheck.nutrients` and refuses a nutrient that has none.
* ``FOOD_WORD_BLOCKLIST``: words pint would happily read as units although in a food log they are
  food or kitchen words ("pinch" is pico-inch to pint, "tin" tera-inch).
"""

from __future__ import annotations

import pint

from nutricheck import nutrients as _nutrients
from nutricheck.errors import UnitError

ureg = pint.UnitRegistry(
    # Case matters: "T" (tablespoon in recipes) must not become tesla, but we never hand raw words
    # to pint anyway; the log parser maps its own unit words to the names defined here.
    autoconvert_offset_to_baseunit=True,
)
# Food labels' "Calorie" (capital C) is the kilocalorie; pint's own "cal" stays the small calorie.
ureg.define("Calorie = kilocalorie = Cal")
Q_ = ureg.Quantity

FOOD_WORD_BLOCKLIST: frozenset[str] = frozenset(
    {"pinch", "tin", "dash", "drop", "stick", "clove", "can", "bar", "bunch", "head", "pack", "slab"}
)
"""Food words pint would misread as units (pinch = pico-inch, tin = tera-inch, ...)."""


def quantity(value: float, unit: str) -> pint.Quantity:
    """``Q_(value, unit)`` with a :class:`~nutricheck.errors.UnitError` for units pint lacks."""
    if unit.strip().lower() in FOOD_WORD_BLOCKLIST:
        raise UnitError(f"{unit!r} is a food word, not a unit pint may read", text=unit)
    try:
        return Q_(value, unit)
    except (pint.UndefinedUnitError, pint.DefinitionSyntaxError, AttributeError, ValueError) as exc:
        raise UnitError(f"unknown unit {unit!r}", text=unit) from exc


def iu_forms(nutrient_key: str) -> tuple[str, ...]:
    """The IU forms a nutrient knows (``("default",)`` for vitamin D); empty if IU never applies."""
    return tuple(_nutrients.get(nutrient_key).iu_factors)


def from_iu(nutrient_key: str, value: float, form: str | None = None) -> pint.Quantity:
    """Convert ``value`` IU of a nutrient to its own unit, with that nutrient's factor.

    >>> from_iu("vitamin_d_ug", 400)
    <Quantity(10.0, 'microgram')>
    >>> round(from_iu("vitamin_e_mg", 100, form="synthetic").magnitude, 6)
    45.0

    Raises:
        UnitError: the nutrient has no IU convention, or it has several forms and ``form`` is not
            one of them (vitamin E must say ``natural`` or ``synthetic``).
    """
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
    else:
        try:
            factor = factors[form]
        except KeyError:
            raise UnitError(
                f"{nutrient.name} has no IU form {form!r}; known: {', '.join(factors)}",
                key=nutrient_key,
            ) from None
    return Q_(value * factor, nutrient.unit)


def to_iu(nutrient_key: str, amount: pint.Quantity, form: str | None = None) -> float:
    """The inverse of :func:`from_iu`: how many IU an amount of the nutrient is."""
    per_iu = from_iu(nutrient_key, 1.0, form)
    return float((amount / per_iu).to("dimensionless").magnitude)


def to_nutrient_unit(nutrient_key: str, amount: pint.Quantity) -> float:
    """Magnitude of ``amount`` in the nutrient's own unit (``UnitError`` if dimensions differ)."""
    unit = _nutrients.get(nutrient_key).unit
    try:
        return float(amount.to(unit).magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(
            f"{amount:~P} cannot be expressed in {unit}", key=nutrient_key, text=str(amount)
        ) from exc

"""The canonical list of nutrients nutricheck knows.

Every other module asks this one: the key (``iron_mg``) is the column in data/foods.csv, the name in
JSON and in the Python API, and carries its unit so a bare number is never ambiguous. Nothing else in
the package spells a nutrient's name.

IU is not a unit but a per-nutrient convention, so each nutrient lists its own IU factors
(see :func:`nutricheck.units.from_iu`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Nutrient:
    """One nutrient.

    Attributes:
        key: canonical key and column name, unit included (``"vitamin_d_ug"``).
        name: display name (``"Vitamin D"``).
        unit: unit of every value under ``key``, as pint reads it (``"ug"``).
        symbol: unit as people print it (``"µg"``).
        fdc_ids: FoodData Central nutrient ids whose amount is this nutrient in ``unit``.
        fdc_iu_ids: FoodData Central nutrient ids that give it in IU (converted with ``iu_factors``).
        iu_factors: amount in ``unit`` of one IU, per form (``"default"`` where there is one form).
        aliases: other names app exports and labels use for it (case-insensitive, no unit).
        target: ``True`` for the nutrients compared with Dietary Reference Intakes.
    """

    key: str
    name: str
    unit: str
    symbol: str
    fdc_ids: tuple[int, ...] = ()
    fdc_iu_ids: tuple[int, ...] = ()
    iu_factors: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    aliases: tuple[str, ...] = ()
    target: bool = True


_NUTRIENTS: tuple[Nutrient, ...] = (
    Nutrient("iron_mg", "Iron", "mg", "mg", fdc_ids=(1089,), aliases=("iron", "fe", "iron, fe")),
    Nutrient(
        "vitamin_d_ug",
        "Vitamin D",
        "ug",
        "µg",
        fdc_ids=(1114,),
        fdc_iu_ids=(1110,),
        # IOM 2011: 1 µg cholecalciferol = 40 IU.
        iu_factors=MappingProxyType({"default": 1 / 40}),
        aliases=("vitamin d", "vit d", "vitamin d (d2 + d3)", "vitamin d (d2+d3)", "vitamin d2+d3"),
    ),
    Nutrient(
        "vitamin_e_mg",
        "Vitamin E",
        "mg",
        "mg",
        fdc_ids=(1109,),
        # IOM 2000: 1 IU natural (RRR) = 0.67 mg, 1 IU synthetic (all-rac) = 0.45 mg alpha-tocopherol.
        iu_factors=MappingProxyType({"natural": 0.67, "synthetic": 0.45}),
        aliases=("vitamin e", "vit e", "vitamin e (alpha-tocopherol)", "alpha-tocopherol"),
    ),
    Nutrient(
        "thiamin_mg",
        "Thiamin (B1)",
        "mg",
        "mg",
        fdc_ids=(1165,),
        aliases=("thiamin", "thiamine", "vitamin b1", "b1 (thiamine)", "b1 (thiamin)", "b1"),
    ),
    Nutrient("potassium_mg", "Potassium", "mg", "mg", fdc_ids=(1092,), aliases=("potassium", "k")),
    Nutrient("magnesium_mg", "Magnesium", "mg", "mg", fdc_ids=(1090,), aliases=("magnesium", "mg")),
    Nutrient("calcium_mg", "Calcium", "mg", "mg", fdc_ids=(1087,), aliases=("calcium", "ca")),
    Nutrient("sodium_mg", "Sodium", "mg", "mg", fdc_ids=(1093,), aliases=("sodium", "na")),
    Nutrient(
        "energy_kcal",
        "Energy",
        "kcal",
        "kcal",
        fdc_ids=(1008, 2047, 2048),
        aliases=("energy", "calories", "kcal", "energy (kcal)"),
        target=False,
    ),
)

NUTRIENTS: Mapping[str, Nutrient] = MappingProxyType({n.key: n for n in _NUTRIENTS})
"""Every nutrient by key, in display order."""

KEYS: tuple[str, ...] = tuple(NUTRIENTS)
"""Every nutrient column of data/foods.csv, in order."""

TARGET_KEYS: tuple[str, ...] = tuple(n.key for n in _NUTRIENTS if n.target)
"""The eight nutrients compared with Dietary Reference Intakes."""


def get(key: str) -> Nutrient:
    """Return the nutrient for a canonical key; ``KeyError`` naming the known keys otherwise."""
    try:
        return NUTRIENTS[key]
    except KeyError:
        raise KeyError(f"unknown nutrient {key!r}; known: {', '.join(KEYS)}") from None


def by_alias(name: str) -> Nutrient | None:
    """Find a nutrient by key, display name or alias, ignoring case; ``None`` if none."""
    wanted = name.strip().lower()
    for n in _NUTRIENTS:
        if wanted in (n.key, n.name.lower(), *n.aliases):
            return n
    return None

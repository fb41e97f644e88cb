"""Pure functions from FoodData Central JSON to our rows: no HTTP, no files, no clock.

The API answers in several shapes, and every one of them is read here (see docs/fdc.md):

===============  ======================================================  =====================
shape            one item of ``foodNutrients``                           where
===============  ======================================================  =====================
search hit       ``{nutrientId, nutrientNumber, unitName: "MG", value}``  ``GET /foods/search``
abridged detail  ``{number: "303", name, amount, unitName: "MG"}``        ``?format=abridged``
full detail      ``{nutrient: {id, number, unitName: "mg"}, amount}``     ``GET /food/{id}``
===============  ======================================================  =====================

Rules, each one tested in tests/test_fdc_parse.py:

* Values are per 100 g (Branded foods too: FDC standardises label values to 100 g, or to 100 ml
  when the serving size is a volume, which a note reports).
* A nutrient absent from the answer is unknown (``None``), never ``0``; a header item without an
  amount (``951 Proximates``) is skipped.
* Every unit is checked with pint against the registry's unit and converted where the dimension
  allows ("UG" -> µg, kJ -> kcal); a value in a unit of another dimension is dropped with a warning.
* IU only through the nutrient's own factor (:func:`nutricheck.units.from_iu`), and only where the
  answer has no value in the nutrient's own unit (vitamin D 1110 IU only without 1114 µg).
* Energy from the registry's kcal ids in order (1008, then Atwater 2047, 2048), and from 1062 kJ
  converted as a last resort.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import pint

from nutricheck import nutrients
from nutricheck.errors import UnitError
from nutricheck.fdc import FDCQueryError, FDCResponseError
from nutricheck.foods import Food, Portion
from nutricheck.units import Q_, from_iu, ureg

log = logging.getLogger(__name__)

DATA_TYPES: tuple[str, ...] = (
    "Foundation",
    "SR Legacy",
    "Survey (FNDDS)",
    "Branded",
    "Experimental",
)
"""The data types FDC knows, spelt as the API wants them in ``dataType``."""

_DATA_TYPE_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        **{t.lower(): t for t in DATA_TYPES},
        "sr": "SR Legacy",
        "sr_legacy": "SR Legacy",
        "sr-legacy": "SR Legacy",
        "legacy": "SR Legacy",
        "survey": "Survey (FNDDS)",
        "fndds": "Survey (FNDDS)",
    }
)

FDC_NUTRIENT_NUMBERS: Mapping[int, str] = MappingProxyType(
    {
        # FDC nutrient id -> nutrient number (FDC's nutrient.csv: id, nutrient_nbr). The abridged
        # format gives only the number, so this is how its items find the registry's ids. Every row
        # is checked against the recorded search hits, which carry both (tests/test_fdc_parse.py).
        1008: "208",  # Energy, KCAL
        1062: "268",  # Energy, kJ
        1087: "301",  # Calcium, Ca
        1089: "303",  # Iron, Fe
        1090: "304",  # Magnesium, Mg
        1092: "306",  # Potassium, K
        1093: "307",  # Sodium, Na
        1109: "323",  # Vitamin E (alpha-tocopherol)
        1110: "324",  # Vitamin D (D2 + D3), International Units
        1114: "328",  # Vitamin D (D2 + D3), µg
        1165: "404",  # Thiamin
        2047: "957",  # Energy (Atwater General Factors)
        2048: "958",  # Energy (Atwater Specific Factors)
    }
)
_ID_BY_NUMBER: Mapping[str, int] = MappingProxyType({v: k for k, v in FDC_NUTRIENT_NUMBERS.items()})

ENERGY_KJ_ID = 1062
"""FDC "Energy" in kJ: converted, it gives the energy nutrient when no kcal id has a value."""

_IU = "IU"
# FDC spells units in upper case ("MG", "UG", "KCAL") in search hits and abridged details, in lower
# case ("mg", "µg", "kcal") in full details; Branded serving sizes use GS1 codes ("GRM", "MLT",
# "ONZ").
_UNIT_SPELLINGS: Mapping[str, str] = MappingProxyType(
    {
        "G": "g",
        "GRM": "g",
        "MG": "mg",
        "UG": "ug",
        "MCG": "ug",
        "KCAL": "kcal",
        "KJ": "kJ",
        "ML": "ml",
        "MLT": "ml",
        "L": "l",
        "OZ": "oz",
        "ONZ": "oz",
        "IU": _IU,
    }
)
_MASS = ureg.gram.dimensionality
_VOLUME = ureg.liter.dimensionality
_ENERGY = ureg.kilocalorie.dimensionality


@dataclass(frozen=True)
class SearchHit:
    """One food in the answer to ``GET /foods/search``.

    Attributes:
        fdc_id: the FoodData Central id (pass it to ``FDCClient.get_food``).
        description: FDC's description, e.g. ``"Cheese, cheddar"``.
        data_type: ``"Foundation"``, ``"SR Legacy"``, ``"Survey (FNDDS)"``, ``"Branded"``, ...
        brand_owner: company owning a Branded food, else ``""``.
        brand_name: brand of a Branded food, else ``""``.
        category: food category (``foodCategory``), else ``""``.
        ndb_number: SR/Foundation NDB number as text; FDC gives it as a number in some answers and
            drops the leading zero (``1009`` for SR28 ``01009``), else ``""``.
        food_code: FNDDS food code of a Survey food, else ``""``.
        published: ``publishedDate`` as FDC wrote it, else ``""``.
        score: FDC's relevance score, if given.
        serving: a Branded food's serving, e.g. ``"28 g (1 ONZ)"``, else ``""``.
        per_100g: the registry's nutrients per 100 g when the hit carries ``foodNutrients``
            (``None`` value = unknown); ``None`` for hits without nutrients (the 2019 format).
    """

    fdc_id: int
    description: str
    data_type: str
    brand_owner: str = ""
    brand_name: str = ""
    category: str = ""
    ndb_number: str = ""
    food_code: str = ""
    published: str = ""
    score: float | None = None
    serving: str = ""
    per_100g: Mapping[str, float | None] | None = None

    @property
    def key(self) -> str:
        """The key the food gets in our tables once fetched: ``fdc:<id>``."""
        return f"fdc:{self.fdc_id}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict; nutrient values carry their unit."""
        return {
            "fdc_id": self.fdc_id,
            "key": self.key,
            "description": self.description,
            "data_type": self.data_type,
            "brand_owner": self.brand_owner or None,
            "brand_name": self.brand_name or None,
            "category": self.category or None,
            "ndb_number": self.ndb_number or None,
            "food_code": self.food_code or None,
            "published": self.published or None,
            "score": self.score,
            "serving": self.serving or None,
            "per_100g": None
            if self.per_100g is None
            else {
                k: {"value": self.per_100g.get(k), "unit": nutrients.get(k).unit}
                for k in nutrients.KEYS
            },
        }


@dataclass(frozen=True)
class ParsedFood:
    """A food read from FDC with what the reader should know about how it was read.

    Attributes:
        food: the :class:`~nutricheck.foods.Food` (key ``fdc:<id>``, values per 100 g).
        data_type: FDC's data type of the food.
        from_iu: keys of the nutrients whose value was converted from IU.
        notes: assumptions a user would want to know about, one sentence each.
    """

    food: Food
    data_type: str = ""
    from_iu: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------- inputs


def normalize_data_type(name: str) -> str:
    """The API's spelling of a data type, from any case or a short alias (``sr``, ``fndds``).

    >>> normalize_data_type("sr legacy")
    'SR Legacy'

    Raises:
        FDCQueryError: the name is not a data type FDC knows.
    """
    try:
        return _DATA_TYPE_ALIASES[name.strip().lower()]
    except KeyError:
        raise FDCQueryError(
            "unknown FoodData Central data type",
            text=name,
            hint=f"use one of: {', '.join(DATA_TYPES)} (or sr, fndds)",
        ) from None


def fdc_id_of(value: object) -> int:
    """An FDC id as a positive int, from ``170720``, ``"170720"`` or ``"fdc:170720"``.

    Raises:
        FDCQueryError: the value is not a positive whole number.
    """
    text = str(value).strip()
    if text.lower().startswith("fdc:"):
        text = text[4:]
    if isinstance(value, bool) or not text.isdigit() or int(text) <= 0:
        raise FDCQueryError("an FDC id is a positive whole number", text=str(value))
    return int(text)


# --------------------------------------------------------------------------------------- helpers


def _number(value: object) -> float | None:
    """A JSON number (or numeric string, FDC writes ``0E-8``) as a finite float, else ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _text(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def pint_unit(name: object) -> str | None:
    """FDC's spelling of a unit as pint reads it (``"UG"`` -> ``"ug"``); ``"IU"`` for IU; ``None``
    when pint does not know it."""
    text = _text(name)
    if not text:
        return None
    # "µg".upper() starts with a Greek capital mu, so replace both micro signs before looking up.
    folded = text.replace("\u00b5", "u").replace("\u03bc", "u")
    spelled = _UNIT_SPELLINGS.get(folded.upper())
    if spelled is not None:
        return spelled
    try:
        ureg.parse_units(folded)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, AssertionError):
        return None
    return folded


@dataclass(frozen=True)
class _Item:
    nutrient_id: int
    amount: float
    unit: str


def _items(food_nutrients: Sequence[Any], where: str) -> Iterator[_Item]:
    """The ``foodNutrients`` items of any shape, as (FDC id, amount, unit); items without an amount
    (group headers) or with an id we cannot tell are skipped."""
    for raw in food_nutrients:
        if not isinstance(raw, Mapping):
            continue
        inner = raw.get("nutrient")
        if isinstance(inner, Mapping):  # full detail
            nid, number, unit, amount = (
                inner.get("id"),
                inner.get("number"),
                inner.get("unitName"),
                raw.get("amount"),
            )
        else:  # search hit (nutrientId, value) or abridged detail (number, amount)
            nid = raw.get("nutrientId")
            number = raw.get("nutrientNumber", raw.get("number"))
            unit = raw.get("unitName")
            amount = raw.get("value", raw.get("amount"))
        value = _number(amount)
        if value is None:
            continue
        ident = _number(nid)
        if ident is None:
            ident_from_number = _ID_BY_NUMBER.get(_text(number))
            if ident_from_number is None:
                continue  # a nutrient the registry does not use
            ident = ident_from_number
        if value < 0:
            log.warning(
                "%s: nutrient %d has a negative amount %r; ignored", where, int(ident), amount
            )
            continue
        yield _Item(int(ident), value, _text(unit))


def _convert(item: _Item, nutrient: nutrients.Nutrient, where: str) -> float | None:
    """The item's amount in the nutrient's unit, or ``None`` (with a warning) when it cannot be."""
    unit = pint_unit(item.unit)
    if unit is None:
        log.warning(
            "%s: nutrient %d has unit %r, which pint does not know; %s left unknown",
            where,
            item.nutrient_id,
            item.unit,
            nutrient.name,
        )
        return None
    if unit == _IU:
        try:
            return float(from_iu(nutrient.key, item.amount).magnitude)
        except UnitError as exc:
            log.warning(
                "%s: nutrient %d is in IU: %s; left unknown", where, item.nutrient_id, exc.problem
            )
            return None
    if unit == nutrient.unit:
        return item.amount
    try:
        return float(Q_(item.amount, unit).to(nutrient.unit).magnitude)
    except pint.DimensionalityError:
        log.warning(
            "%s: nutrient %d is in %s, which cannot be expressed in %s; %s left unknown",
            where,
            item.nutrient_id,
            item.unit,
            nutrient.unit,
            nutrient.name,
        )
        return None


def per_100g(
    food_nutrients: Sequence[Any], where: str = "FDC food"
) -> tuple[dict[str, float | None], frozenset[str]]:
    """Every registry nutrient per 100 g from a ``foodNutrients`` list of any shape.

    Returns the values by nutrient key (``None`` = not in the answer) and the keys whose value
    was converted from IU.
    """
    by_id: dict[int, _Item] = {}
    for item in _items(food_nutrients, where):
        by_id.setdefault(item.nutrient_id, item)  # FDC lists a nutrient once; keep the first if not
    values: dict[str, float | None] = {}
    converted: set[str] = set()
    for nutrient in nutrients.NUTRIENTS.values():
        value: float | None = None
        for ids, is_iu in ((nutrient.fdc_ids, False), (nutrient.fdc_iu_ids, True)):
            for nid in ids:
                found = by_id.get(nid)
                if found is not None:
                    value = _convert(found, nutrient, where)
                    if value is not None:
                        if is_iu or pint_unit(found.unit) == _IU:
                            converted.add(nutrient.key)
                        break
            if value is not None:
                break
        if (
            value is None
            and ENERGY_KJ_ID in by_id
            and ureg.Quantity(1, nutrient.unit).dimensionality == _ENERGY
        ):
            value = _convert(by_id[ENERGY_KJ_ID], nutrient, where)
        values[nutrient.key] = value
    return values, frozenset(converted)


_LEADING_NUMBER = re.compile(r"^\s*(\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?|\.\d+)\s*(.*)$")


def split_amount(text: str) -> tuple[float | None, str]:
    """``"1 1/2 cup"`` -> ``(1.5, "cup")``; ``"Quantity not specified"`` -> ``(None, text)``."""
    match = _LEADING_NUMBER.match(text)
    if not match or not match.group(2):
        return None, text.strip()
    number, rest = match.groups()
    whole, _, frac = number.strip().partition(" ")
    value = Fraction(whole) + (Fraction(frac) if frac else 0)
    return (float(value) if value > 0 else None), rest.strip()


def _fmt(value: float) -> str:
    return f"{value:g}"


def _food_portion(raw: Mapping[str, Any], seq: int) -> Portion | None:
    """One item of ``foodPortions`` (full detail) as a Portion; ``None`` without a gram weight."""
    grams = _number(raw.get("gramWeight"))
    if grams is None or grams <= 0:
        return None
    amount = _number(raw.get("amount"))
    if amount is None:
        amount = _number(raw.get("value"))  # Foundation portions also carry "value"
    if amount is not None and amount <= 0:
        amount = None
    measure = raw.get("measureUnit")
    measure_name = _text(measure.get("name")) if isinstance(measure, Mapping) else _text(measure)
    if measure_name.lower() in ("undetermined", "") or (
        isinstance(measure, Mapping) and measure.get("id") == 9999
    ):
        measure_name = ""  # SR Legacy and Survey foods: unit 9999, the words are in the modifier
    modifier = _text(raw.get("modifier"))
    if modifier.isdigit():
        modifier = ""  # Survey (FNDDS) portions carry a numeric portion code here
    description = _text(raw.get("portionDescription"))
    if measure_name:
        unit = f"{measure_name}, {modifier}" if modifier else measure_name
    elif modifier:
        unit = modifier
    elif description:
        lead, unit = split_amount(description)
        amount = amount if amount is not None else lead
    else:
        return None
    if not description or measure_name or modifier:
        description = f"{_fmt(amount)} {unit}" if amount is not None else unit
    seq_value = _number(raw.get("sequenceNumber", raw.get("rank")))
    return Portion(
        amount=amount,
        unit=unit,
        description=description,
        grams=grams,
        seq=int(seq_value) if seq_value is not None else seq,
    )


def _branded_serving(
    data: Mapping[str, Any], seq: int, notes: list[str], where: str
) -> list[Portion]:
    """A Branded food's serving (and its household measure) as portions."""
    size = _number(data.get("servingSize"))
    unit_name = _text(data.get("servingSizeUnit"))
    household = _text(data.get("householdServingFullText"))
    if size is None or size <= 0 or not unit_name:
        return []
    unit = pint_unit(unit_name)
    quantity = None if unit in (None, _IU) else Q_(size, unit)
    if quantity is None or quantity.dimensionality != _MASS:
        if quantity is not None and quantity.dimensionality == _VOLUME:
            notes.append(
                f"the serving size is a volume ({_fmt(size)} {unit_name}), so FDC's values are "
                "per 100 ml; they are used as per 100 g (a density of 1 g/ml is assumed) and no "
                "serving portion is made"
            )
        else:
            notes.append(
                f"the serving size {_fmt(size)} {unit_name!r} is not a weight; "
                "no serving portion is made"
            )
        log.warning("%s: %s", where, notes[-1])
        return []
    grams = float(quantity.to("g").magnitude)
    label = f"1 serving ({household})" if household else "1 serving"
    out = [Portion(amount=1.0, unit="serving", description=label, grams=grams, seq=seq)]
    lead, rest = split_amount(household)
    rest_unit = pint_unit(rest) if rest else None
    # "1 ONZ" (GS1 for ounce) is a weight the amounts module already knows; "0.25 cup" is not.
    is_weight = rest_unit not in (None, _IU) and ureg.Quantity(1, rest_unit).dimensionality == _MASS
    if lead is not None and rest and not is_weight and rest.lower() not in ("serving", "servings"):
        out.append(Portion(amount=lead, unit=rest, description=household, grams=grams, seq=seq + 1))
    return out


def _portions(data: Mapping[str, Any], notes: list[str], where: str) -> tuple[Portion, ...]:
    out: list[Portion] = []
    raws = data.get("foodPortions")
    for i, raw in enumerate(raws if isinstance(raws, list) else [], start=1):
        portion = _food_portion(raw, i) if isinstance(raw, Mapping) else None
        if portion is not None:
            out.append(portion)
    measures = data.get("foodMeasures")  # search hits of Survey foods
    for i, raw in enumerate(measures if isinstance(measures, list) else [], start=len(out) + 1):
        if not isinstance(raw, Mapping):
            continue
        portion = _food_portion(
            {
                "gramWeight": raw.get("gramWeight"),
                "portionDescription": raw.get("disseminationText"),
                "modifier": raw.get("modifier"),
                "measureUnit": {"id": raw.get("measureUnitId"), "name": raw.get("measureUnitName")},
                "rank": raw.get("rank"),
            },
            i,
        )
        if portion is not None:
            out.append(portion)
    if _text(data.get("dataType")) == "Branded" or "servingSize" in data:
        out.extend(_branded_serving(data, len(out) + 1, notes, where))
    return tuple(out)


def _category(data: Mapping[str, Any]) -> str:
    for name in ("foodCategory", "wweiaFoodCategory", "brandedFoodCategory"):
        value = data.get(name)
        if isinstance(value, Mapping):
            value = value.get("description") or value.get("wweiaFoodCategoryDescription")
        text = _text(value)
        if text:
            return text
    return ""


def _required_id(data: Mapping[str, Any], where: str) -> int:
    ident = _number(data.get("fdcId"))
    if ident is None or ident <= 0 or ident != int(ident):
        raise FDCResponseError(
            "the food has no valid fdcId", source=where, text=_text(data.get("fdcId"))
        )
    return int(ident)


# ----------------------------------------------------------------------------------------- public


def parse_food_details(data: Any) -> ParsedFood:
    """Read one food (a detail in any format, or a search hit) with notes on how it was read.

    Raises:
        FDCResponseError: the JSON is not a food (no object, no fdcId, no description).
    """
    if not isinstance(data, Mapping):
        raise FDCResponseError("a food must be a JSON object", text=type(data).__name__)
    fdc_id = _required_id(data, "FDC food")
    where = f"FDC food {fdc_id}"
    description = _text(data.get("description"))
    if not description:
        raise FDCResponseError("the food has no description", source=where)
    data_type = _text(data.get("dataType"))
    brand = _text(data.get("brandName")) or _text(data.get("brandOwner"))
    if data_type == "Branded" and brand and brand.lower() not in description.lower():
        # Branded descriptions repeat ("CHEDDAR CHEESE" ten times); the brand tells them apart.
        description = f"{description} ({brand})"
    raw_nutrients = data.get("foodNutrients")
    if raw_nutrients is None:
        raw_nutrients = []
    if not isinstance(raw_nutrients, list):
        raise FDCResponseError("foodNutrients must be a list", source=where)
    values, converted = per_100g(raw_nutrients, where)
    notes = [f"{nutrients.get(key).name} was converted from IU" for key in sorted(converted)]
    portions = _portions(data, notes, where)
    food = Food(
        key=f"fdc:{fdc_id}",
        description=description,
        source="fdc",
        source_id=str(fdc_id),
        fdc_id=str(fdc_id),
        category=_category(data),
        per_100g=MappingProxyType(values),
        portions=portions,
    )
    return ParsedFood(food=food, data_type=data_type, from_iu=converted, notes=tuple(notes))


def parse_food(data: Any) -> Food:
    """One food (a detail in any format, or a search hit) as a :class:`~nutricheck.foods.Food`.

    Raises:
        FDCResponseError: the JSON is not a food (no object, no fdcId, no description).
    """
    return parse_food_details(data).food


def _hit(raw: Mapping[str, Any]) -> SearchHit:
    fdc_id = _required_id(raw, "FDC search hit")
    description = _text(raw.get("description"))
    if not description:
        raise FDCResponseError("a search hit has no description", source=f"FDC food {fdc_id}")
    serving = ""
    size, unit = _number(raw.get("servingSize")), _text(raw.get("servingSizeUnit"))
    if size is not None and unit:
        household = _text(raw.get("householdServingFullText"))
        serving = f"{_fmt(size)} {unit}" + (f" ({household})" if household else "")
    food_nutrients = raw.get("foodNutrients")
    values = (
        MappingProxyType(per_100g(food_nutrients, f"FDC food {fdc_id}")[0])
        if isinstance(food_nutrients, list) and food_nutrients
        else None
    )
    ndb = raw.get("ndbNumber")
    return SearchHit(
        fdc_id=fdc_id,
        description=description,
        data_type=_text(raw.get("dataType")),
        brand_owner=_text(raw.get("brandOwner")),
        brand_name=_text(raw.get("brandName")),
        category=_category(raw),
        ndb_number=_fmt(ndb)
        if isinstance(ndb, (int, float)) and not isinstance(ndb, bool)
        else _text(ndb),
        food_code=_text(raw.get("foodCode")),
        published=_text(raw.get("publishedDate") or raw.get("publicationDate")),
        score=_number(raw.get("score")),
        serving=serving,
        per_100g=values,
    )


def parse_search(data: Any) -> list[SearchHit]:
    """The foods of a ``/foods/search`` answer, in FDC's order.

    A hit that is not a food (no fdcId or description) is skipped with a warning, so one bad hit
    never hides the others.

    Raises:
        FDCResponseError: the answer is not a search result (no ``foods`` list).
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("foods"), list):
        raise FDCResponseError("a search answer must be a JSON object with a 'foods' list")
    hits = (_hit_or_none(i, raw) for i, raw in enumerate(data["foods"], start=1))
    return [hit for hit in hits if hit is not None]


def _hit_or_none(number: int, raw: object) -> SearchHit | None:
    try:
        if not isinstance(raw, Mapping):
            raise FDCResponseError("a search hit must be a JSON object")
        return _hit(raw)
    except FDCResponseError as exc:
        log.warning("FDC search hit %d skipped: %s", number, exc)
        return None


__all__ = [
    "DATA_TYPES",
    "ENERGY_KJ_ID",
    "FDC_NUTRIENT_NUMBERS",
    "ParsedFood",
    "SearchHit",
    "fdc_id_of",
    "normalize_data_type",
    "parse_food",
    "parse_food_details",
    "parse_search",
    "per_100g",
    "pint_unit",
    "split_amount",
]

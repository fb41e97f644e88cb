"""The user's own food table: foods fetched from FoodData Central and foods typed in by hand.

Two CSV files with the columns of the bundled data/foods.csv and data/portions.csv, so
``FoodTable.load(*user_table_paths())`` reads them and ``default_table().merged(load_user_table())``
puts them next to the USDA foods:

* the folder is ``NUTRICHECK_DATA_DIR`` if set, else ``platformdirs.user_data_path("nutricheck")``;
* keys are ``fdc:<id>`` for FDC foods and ``user:<slug>`` for foods typed in;
* values are per 100 g in the registry's units; an empty cell is unknown, never 0;
* both files are rewritten atomically (temporary file, fsync, :func:`os.replace`) after the new
  content has been validated by :meth:`FoodTable.load`, and in the order that keeps the pair
  readable should the process die between the two renames.

Manual values are read with pint and converted to the nutrient's unit (``"150 mg"``,
``"0.15 g"``); IU only with the nutrient's own factor (vitamin D: ``"400 IU"`` = 10 µg; vitamin E
must say ``"iu_natural"`` or ``"iu_synthetic"``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import platformdirs

from nutricheck import nutrients, units
from nutricheck.errors import NutricheckError, UnitError, UnknownFoodError
from nutricheck.foods import OPTIONAL_FOOD_COLUMNS, PORTION_COLUMNS, Food, FoodTable, Portion
from nutricheck.units import from_iu, iu_forms, quantity

if TYPE_CHECKING:
    import pint

log = logging.getLogger(__name__)

DATA_ENV = "NUTRICHECK_DATA_DIR"
"""Environment variable naming the folder of the user's food table."""

_FROM_IU_COLUMNS = tuple(c for c in OPTIONAL_FOOD_COLUMNS if c.endswith("_from_iu"))
FOOD_COLUMNS: tuple[str, ...] = (
    "food_key",
    "source",
    "source_id",
    "fdc_id",
    "description",
    "category",
    *nutrients.KEYS,
    *_FROM_IU_COLUMNS,
)
"""The header of the user's foods.csv: the same as the bundled data/foods.csv."""

_NUMBER_UNIT = re.compile(r"^\s*((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_IU_UNIT = re.compile(r"^(?i:iu)(?:[\s_-]*([A-Za-z]+))?$")
_UNIT_SPELLINGS = {"mcg": "ug", "µg": "ug", "μg": "ug", "kj": "kJ", "gram": "g", "grams": "g"}


class UserFoodError(NutricheckError, ValueError):
    """A food cannot go into the user's table: bad name, amount or portion, or a duplicate key."""


# ------------------------------------------------------------------------------------- locations


def user_data_dir() -> Path:
    """The folder of the user's food table (``NUTRICHECK_DATA_DIR`` or the platform's data dir)."""
    root = os.environ.get(DATA_ENV)
    return Path(root).expanduser() if root else platformdirs.user_data_path("nutricheck")


def user_table_paths(directory: str | os.PathLike[str] | None = None) -> tuple[Path, Path]:
    """``(foods.csv, portions.csv)`` of the user's table (they may not exist yet)."""
    base = Path(directory).expanduser() if directory is not None else user_data_dir()
    return base / "foods.csv", base / "portions.csv"


def load_user_table(directory: str | os.PathLike[str] | None = None) -> FoodTable:
    """The user's foods as a :class:`FoodTable`; empty when the files do not exist.

    Raises:
        DataFileError: a file exists but is malformed (naming file, line and column).
    """
    foods_path, portions_path = user_table_paths(directory)
    if not foods_path.exists():
        return FoodTable()
    return FoodTable.load(foods_path, portions_path if portions_path.exists() else None)


# ---------------------------------------------------------------------------------- pure helpers


def slugify(name: str) -> str:
    """``"Granola bar (homemade)"`` -> ``"granola-bar-homemade"``: ASCII, lower case, dashes."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def find_nutrient(name: str) -> nutrients.Nutrient:
    """A nutrient by key, name or alias, also with underscores for spaces (``vitamin_d``).

    Raises:
        UserFoodError: no nutrient has that name (the message lists the names).
    """
    for candidate in (name, name.replace("_", " "), name.replace("-", " ")):
        found = nutrients.by_alias(candidate)
        if found is not None:
            return found
    known = ", ".join(n.key.rsplit("_", 1)[0] for n in nutrients.NUTRIENTS.values())
    raise UserFoodError("unknown nutrient", text=name, hint=f"use one of: {known}")


def _number_and_unit(text: str) -> tuple[float, str] | None:
    """``"150 mg"`` -> ``(150.0, "mg")``, ``"2"`` -> ``(2.0, "")``; ``None`` if no number leads."""
    match = _NUMBER_UNIT.match(text)
    if not match:
        return None
    return float(match.group(1)), match.group(2)


def _dimension_word(q: pint.Quantity[Any]) -> str:
    dims = q.dimensionality
    for word, unit in (
        ("a mass", "g"),
        ("a volume", "l"),
        ("an energy", "kcal"),
        ("a length", "m"),
    ):
        if dims == units.Q_(1, unit).dimensionality:
            return word
    return "dimensionless" if q.dimensionless else f"of dimension {dims}"


def parse_nutrient_amount(
    nutrient: nutrients.Nutrient, value: object, *, label: str | None = None
) -> tuple[float, bool]:
    """An amount of a nutrient in its own unit, and whether it was converted from IU.

    ``value`` is text with a unit (``"2mg"``, ``"150 mg"``, ``"0.4 g"``, ``"400 IU"``,
    ``"15 iu_natural"``), a :class:`pint.Quantity`, or a bare number already in the nutrient's unit.

    Raises:
        UnitError: no unit, an unknown unit, a unit of the wrong dimension ("iron=2ml"), IU for a
            nutrient without an IU convention, vitamin E IU without its form; the message names
            the nutrient.
    """
    import pint

    name = label or nutrient.key.rsplit("_", 1)[0]
    example = f"{name}=2{nutrient.unit}"
    if isinstance(value, bool):
        raise UnitError(f"{nutrient.name}: not an amount", key=name, text=str(value))
    if isinstance(value, (int, float)):
        amount, converted = float(value), False
    elif isinstance(value, pint.Quantity):
        amount, converted = _to_unit(nutrient, value, name, str(value)), False
    else:
        text = str(value).strip()
        parsed = _number_and_unit(text)
        if parsed is None:
            raise UnitError(
                f"{nutrient.name}: cannot read an amount",
                key=name,
                text=text,
                hint=f"write e.g. {example}",
            )
        number, unit = parsed
        iu = _IU_UNIT.match(unit)
        if not unit:
            raise UnitError(
                f"{nutrient.name}: the amount needs a unit",
                key=name,
                text=text,
                hint=f"write e.g. {example}",
            )
        if iu:
            amount, converted = _from_iu_text(nutrient, number, iu.group(1), name, text), True
        elif unit.lower() == "cal":
            raise UnitError(
                f"{nutrient.name}: 'cal' is ambiguous (a food Calorie is a kilocalorie)",
                key=name,
                text=text,
                hint="write kcal (or kJ)",
            )
        else:
            try:
                q = quantity(
                    number, _UNIT_SPELLINGS.get(unit, _UNIT_SPELLINGS.get(unit.lower(), unit))
                )
            except UnitError as exc:
                raise UnitError(
                    f"{nutrient.name}: {exc.problem}",
                    key=name,
                    text=text,
                    hint=f"write e.g. {example}",
                ) from None
            amount, converted = _to_unit(nutrient, q, name, text), False
    if not (math.isfinite(amount) and amount >= 0):
        raise UnitError(
            f"{nutrient.name}: the amount must be a non-negative number", key=name, text=str(value)
        )
    return amount, converted


def _to_unit(nutrient: nutrients.Nutrient, q: pint.Quantity[Any], name: str, text: str) -> float:
    import pint

    try:
        return float(q.to(nutrient.unit).magnitude)
    except pint.DimensionalityError:
        raise UnitError(
            f"{nutrient.name} is {_dimension_word(units.Q_(1, nutrient.unit))} ({nutrient.symbol}), "
            f"but {text} is {_dimension_word(q)}",
            key=name,
            text=text,
            hint=f"write e.g. {name}=2{nutrient.unit}",
        ) from None


def _from_iu_text(
    nutrient: nutrients.Nutrient, number: float, form: str | None, name: str, text: str
) -> float:
    forms = iu_forms(nutrient.key)  # ("default",) for vitamin D, ("natural", "synthetic") for E
    if not forms:
        raise UnitError(
            f"{nutrient.name} has no IU convention (IU applies to vitamins D and E only)",
            key=name,
            text=text,
            hint=f"write it in {nutrient.symbol}",
        )
    named = tuple(f for f in forms if f != "default")
    if form is None:
        if len(forms) > 1:
            spelled = " or ".join(f"{name}={_fmt(number)}iu_{f}" for f in named)
            raise UnitError(
                f"{nutrient.name} in IU depends on its form; say which",
                key=name,
                text=text,
                hint=f"write {spelled} (natural = RRR-alpha-tocopherol, synthetic = all-rac)",
            )
        return float(from_iu(nutrient.key, number).magnitude)
    if form.lower() not in named:
        raise UnitError(
            f"{nutrient.name} has no IU form {form!r}",
            key=name,
            text=text,
            hint="known: " + ", ".join(f"iu_{f}" for f in named) if named else "write plain IU",
        )
    return float(from_iu(nutrient.key, number, form.lower()).magnitude)


def parse_per(per: str) -> tuple[float, Portion | None]:
    """What manual values are for: ``"100g"``, ``"40 g"``, ``"1.5 oz"`` or a portion with its
    weight, ``"1 serving=40g"``, ``"2 slices = 50 g"``. Returns the grams and the portion, if any.

    Raises:
        UserFoodError: not a weight, or a portion without a weight.
    """
    import pint

    text = per.strip()
    left, sep, right = text.partition("=")
    weight_text = right if sep else text
    example = "write 100g, 40g or '1 serving=40g'"
    parsed = _number_and_unit(weight_text)
    if parsed is None or not parsed[1]:
        raise UserFoodError(
            "must be a weight or a portion with its weight", key="--per", text=per, hint=example
        )
    try:
        q = quantity(parsed[0], _UNIT_SPELLINGS.get(parsed[1], parsed[1]))
        grams = float(q.to("g").magnitude)
    except (UnitError, pint.DimensionalityError):
        raise UserFoodError(
            "must be a weight (a volume needs the food's density)",
            key="--per",
            text=per,
            hint=example,
        ) from None
    if not (grams > 0 and math.isfinite(grams)):
        raise UserFoodError("must be more than 0 g", key="--per", text=per, hint=example)
    if not sep:
        return grams, None
    from nutricheck.fdc.parse import split_amount

    amount, unit = split_amount(left.strip())
    if not unit:
        raise UserFoodError(
            "the portion before '=' needs a name, e.g. '1 serving'",
            key="--per",
            text=per,
            hint=example,
        )
    amount = amount if amount is not None else 1.0
    return grams, Portion(
        amount=amount, unit=unit, description=f"{_fmt(amount)} {unit}", grams=grams, seq=1
    )


def manual_food(
    name: str, per: str = "100g", values: Mapping[str, object] | None = None, *, category: str = ""
) -> tuple[Food, frozenset[str]]:
    """Build (without saving) a food typed in by hand; returns it and the keys converted from IU.

    Raises:
        UserFoodError: empty name, no values, a nutrient twice or unknown, a bad ``per``.
        UnitError: an amount that is not an amount of that nutrient.
    """
    description = " ".join(name.split())
    slug = slugify(description)
    if not slug:
        raise UserFoodError("a food needs a name with letters or digits", text=name)
    if not values:
        raise UserFoodError(
            "give at least one nutrient amount",
            text=name,
            hint="e.g. iron=2mg potassium=150mg vitamin_d=400IU",
        )
    grams, portion = parse_per(per)
    scale = 100.0 / grams
    per_100g: dict[str, float | None] = dict.fromkeys(nutrients.KEYS)
    converted: set[str] = set()
    seen: dict[str, str] = {}
    for label, raw in values.items():
        nutrient = find_nutrient(label)
        if nutrient.key in seen:
            raise UserFoodError(
                f"{nutrient.name} is given twice ({seen[nutrient.key]} and {label})", text=str(raw)
            )
        seen[nutrient.key] = label
        amount, from_iu_ = parse_nutrient_amount(nutrient, raw, label=label)
        per_100g[nutrient.key] = amount * scale
        if from_iu_:
            converted.add(nutrient.key)
    food = Food(
        key=f"user:{slug}",
        description=description,
        source="user",
        source_id=slug,
        category=category.strip(),
        per_100g=MappingProxyType(per_100g),
        portions=(portion,) if portion else (),
    )
    return food, frozenset(converted)


# -------------------------------------------------------------------------------------- writing


def _fmt(value: float) -> str:
    """A number as the CSV writes it: the shortest text that reads back as the same float
    (``5`` not ``5.0``), so a value survives the round trip exactly."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _food_row(food: Food, from_iu: Iterable[str]) -> dict[str, str]:
    if not food.key.strip() or not food.description.strip():
        raise UserFoodError("a food needs a key and a description", text=food.key)
    row = {
        "food_key": food.key,
        "source": food.source,
        "source_id": food.source_id,
        "fdc_id": food.fdc_id,
        "description": food.description,
        "category": food.category,
    }
    for key in nutrients.KEYS:
        value = food.per_100g.get(key)
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise UserFoodError(
                f"{nutrients.get(key).name} must be a non-negative number", text=str(value), key=key
            )
        row[key] = "" if value is None else _fmt(value)
    iu = set(from_iu)
    for column in _FROM_IU_COLUMNS:
        # vitamin_d_from_iu belongs to vitamin_d_ug: the column is the key's stem + "_from_iu".
        row[column] = "1" if any(k.rsplit("_", 1)[0] + "_from_iu" == column for k in iu) else ""
    return row


def _portion_rows(food: Food) -> list[dict[str, str]]:
    rows = []
    for i, p in enumerate(food.portions, start=1):
        if not (p.grams > 0 and math.isfinite(p.grams)):
            raise UserFoodError("a portion needs a positive weight in grams", text=p.description)
        rows.append(
            {
                "food_key": food.key,
                "seq": str(p.seq or i),
                "amount": "" if p.amount is None else _fmt(p.amount),
                "unit": p.unit,
                "description": p.description,
                "grams": _fmt(p.grams),
            }
        )
    return rows


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        return [], []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        rows = [dict(r) for r in reader]
        return list(reader.fieldnames or []), rows


def _csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c) or "" for c in header})
    return out.getvalue()


def _temp_with(directory: Path, name: str, text: str) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _save(
    directory: Path,
    food_header: list[str],
    food_rows: list[dict[str, str]],
    portion_header: list[str],
    portion_rows: list[dict[str, str]],
    old_portion_keys: set[str],
) -> None:
    """Validate the new pair of files, then rename both into place (atomically, each)."""
    foods_path, portions_path = user_table_paths(directory)
    directory.mkdir(parents=True, exist_ok=True)
    temps: list[Path] = []
    try:
        tmp_foods = _temp_with(directory, foods_path.name, _csv_text(food_header, food_rows))
        temps.append(tmp_foods)
        tmp_portions = _temp_with(
            directory, portions_path.name, _csv_text(portion_header, portion_rows)
        )
        temps.append(tmp_portions)
        FoodTable.load(tmp_foods, tmp_portions)  # a bug here must not reach the user's files
        # Two renames cannot be one atomic step; order them so the pair on disk stays loadable
        # in between: foods first when every old portion still has its food, else portions first.
        new_keys = {r["food_key"] for r in food_rows}
        pairs = [(tmp_foods, foods_path), (tmp_portions, portions_path)]
        if not old_portion_keys <= new_keys:
            pairs.reverse()
        for tmp, final in pairs:
            os.replace(tmp, final)
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _header(existing: list[str], canonical: Iterable[str]) -> list[str]:
    canonical = list(canonical)
    extra = [c for c in existing if c and c not in canonical]
    return canonical + extra  # columns someone added by hand are kept


def add_food(
    food: Food,
    *,
    from_iu: Iterable[str] = (),
    replace: bool = False,
    directory: str | os.PathLike[str] | None = None,
) -> Path:
    """Add (or with ``replace=True`` update) a food in the user's table; returns the foods.csv path.

    ``from_iu`` names the nutrients whose value was converted from IU (recorded in the
    ``*_from_iu`` columns, as in the bundled table).

    Raises:
        UserFoodError: the key is in the table already and ``replace`` is false; a value is invalid.
        DataFileError: the existing table is malformed.
    """
    foods_path, portions_path = user_table_paths(directory)
    load_user_table(
        directory
    )  # a malformed table is reported with its own file and line, untouched
    food_header, food_rows = _read_csv(foods_path)
    portion_header, portion_rows = _read_csv(portions_path)
    if any(r.get("food_key") == food.key for r in food_rows):
        if not replace:
            raise UserFoodError(
                "this food is already in your table",
                key=food.key,
                source=str(foods_path),
                hint=f"use --replace to update it, or `nutricheck foods remove {food.key}` first",
            )
        food_rows = [r for r in food_rows if r.get("food_key") != food.key]
    old_portion_keys = {r.get("food_key", "") for r in portion_rows}
    portion_rows = [r for r in portion_rows if r.get("food_key") != food.key]
    food_rows.append(_food_row(food, from_iu))
    portion_rows.extend(_portion_rows(food))
    _save(
        foods_path.parent,
        _header(food_header, FOOD_COLUMNS),
        food_rows,
        _header(portion_header, PORTION_COLUMNS),
        portion_rows,
        old_portion_keys,
    )
    log.info("saved %s to %s", food.key, foods_path)
    return foods_path


def add_manual(
    name: str,
    per: str = "100g",
    values: Mapping[str, object] | None = None,
    *,
    category: str = "",
    replace: bool = False,
    directory: str | os.PathLike[str] | None = None,
) -> Food:
    """Add a food typed in by hand (key ``user:<slug>``) and return it.

    >>> add_manual("Granola bar", per="1 bar=40g", values={"iron": "2mg", "vitamin_d": "400 IU"})
    ...                                                         # doctest: +SKIP
    Food(key='user:granola-bar', ..., per_100g={'iron_mg': 5.0, 'vitamin_d_ug': 25.0, ...})

    Raises:
        UserFoodError, UnitError: see :func:`manual_food` and :func:`add_food`.
    """
    food, converted = manual_food(name, per, values, category=category)
    add_food(food, from_iu=converted, replace=replace, directory=directory)
    return food


def remove_food(key: str, *, directory: str | os.PathLike[str] | None = None) -> Food:
    """Remove a food (and its portions) from the user's table; returns the food removed.

    ``key`` is the full key (``user:granola-bar``, ``fdc:170720``); a bare slug is ``user:<slug>``.

    Raises:
        UnknownFoodError: no such food in the user's table (with the closest keys as suggestions).
    """
    foods_path, portions_path = user_table_paths(directory)
    table = load_user_table(directory)
    wanted = key.strip()
    if wanted not in table and ":" not in wanted and f"user:{wanted}" in table:
        wanted = f"user:{wanted}"
    if wanted not in table:
        import difflib

        descriptions = table.descriptions()
        close = difflib.get_close_matches(wanted, list(descriptions), n=5, cutoff=0.5)
        keys = list(descriptions)
        listed = ", ".join(keys[:10]) + (f" and {len(keys) - 10} more" if len(keys) > 10 else "")
        raise UnknownFoodError(
            key,
            [(k, f"{k} ({descriptions[k]})") for k in close],
            source=str(foods_path),
            hint=None
            if close
            else (f"your foods are: {listed}" if keys else "your food table is empty"),
        )
    removed = table[wanted]
    food_header, food_rows = _read_csv(foods_path)
    portion_header, portion_rows = _read_csv(portions_path)
    old_portion_keys = {r.get("food_key", "") for r in portion_rows}
    _save(
        foods_path.parent,
        _header(food_header, FOOD_COLUMNS),
        [r for r in food_rows if r.get("food_key") != wanted],
        _header(portion_header, PORTION_COLUMNS),
        [r for r in portion_rows if r.get("food_key") != wanted],
        old_portion_keys,
    )
    log.info("removed %s from %s", wanted, foods_path)
    return removed

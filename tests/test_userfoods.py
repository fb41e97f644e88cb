"""nutricheck.userfoods: the user's own food table; the `foods add` and `foods remove` commands."""

from __future__ import annotations

import csv
import json
import os
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from nutricheck import nutrients, userfoods
from nutricheck.errors import DataFileError, UnitError, UnknownFoodError
from nutricheck.fdc.commands import foods_add, foods_remove
from nutricheck.fdc.parse import parse_food, parse_food_details
from nutricheck.foods import FoodTable, Portion, default_table
from nutricheck.userfoods import (
    FOOD_COLUMNS,
    UserFoodError,
    add_food,
    add_manual,
    load_user_table,
    manual_food,
    parse_nutrient_amount,
    parse_per,
    remove_food,
    slugify,
    user_data_dir,
    user_table_paths,
)

OWN = Path(__file__).resolve().parent / "data" / "fdc"


def own(name: str) -> dict:
    return json.loads((OWN / name).read_text(encoding="utf-8"))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ----------------------------------------------------------------------------------- locations


def test_data_dir_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NUTRICHECK_DATA_DIR", str(tmp_path / "d"))
    assert user_data_dir() == tmp_path / "d"
    assert user_table_paths() == (tmp_path / "d" / "foods.csv", tmp_path / "d" / "portions.csv")


def test_data_dir_default(monkeypatch):
    import platformdirs

    monkeypatch.delenv("NUTRICHECK_DATA_DIR", raising=False)
    assert user_data_dir() == platformdirs.user_data_path("nutricheck")


def test_empty_when_absent():
    table = load_user_table()
    assert len(table) == 0
    assert not user_table_paths()[0].exists()


def test_headers_match_the_bundled_table():
    data = resources.files("nutricheck") / "data"
    with (data / "foods.csv").open(encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == FOOD_COLUMNS
    add_manual("Test", values={"iron": "1mg"}, per="1 bar=40g")
    foods_path, portions_path = user_table_paths()
    with (data / "portions.csv").open(encoding="utf-8") as fh:
        bundled_portions_header = next(csv.reader(fh))
    assert next(csv.reader(portions_path.open(encoding="utf-8"))) == bundled_portions_header
    assert next(csv.reader(foods_path.open(encoding="utf-8"))) == list(FOOD_COLUMNS)


# ---------------------------------------------------------------------------------- round trip


def test_add_manual_round_trip_through_foodtable_load():
    food = add_manual(
        "Granola bar (homemade)",
        per="1 bar=40g",
        values={"iron": "2mg", "potassium": "150 mg", "vitamin_d": "400 IU", "energy": "180 kcal"},
    )
    table = FoodTable.load(*user_table_paths())
    loaded = table["user:granola-bar-homemade"]
    assert loaded == food
    assert (loaded.source, loaded.source_id, loaded.fdc_id) == ("user", "granola-bar-homemade", "")
    # Per 40 g -> per 100 g: x 2.5.
    assert loaded.per_100g["iron_mg"] == pytest.approx(5.0)
    assert loaded.per_100g["potassium_mg"] == pytest.approx(375.0)
    assert loaded.per_100g["vitamin_d_ug"] == pytest.approx(25.0)  # 400 IU = 10 µg per bar
    assert loaded.per_100g["energy_kcal"] == pytest.approx(450.0)
    assert loaded.per_100g["calcium_mg"] is None  # not given: unknown, never 0
    assert loaded.portions == (
        Portion(amount=1.0, unit="bar", description="1 bar", grams=40.0, seq=1),
    )
    (row,) = rows(user_table_paths()[0])
    assert row["vitamin_d_from_iu"] == "1"
    assert row["calcium_mg"] == ""


def test_add_fdc_food_round_trip():
    parsed = parse_food_details(own("full-survey.json"))
    add_food(parsed.food, from_iu=parsed.from_iu)
    loaded = load_user_table()["fdc:900002"]
    assert loaded == parsed.food
    (row,) = rows(user_table_paths()[0])
    assert (row["source"], row["source_id"], row["fdc_id"], row["vitamin_d_from_iu"]) == (
        "fdc",
        "900002",
        "900002",
        "1",
    )


def test_user_table_merges_with_the_bundled_one():
    add_manual("My bread", values={"sodium": "450mg"})
    merged = default_table().merged(load_user_table())
    assert merged["user:my-bread"].per_100g["sodium_mg"] == 450.0
    assert "sr28:21237" in merged


def test_several_foods_and_remove():
    add_manual("Bar one", per="1 bar=40g", values={"iron": "2mg"})
    add_food(parse_food(own("full-foundation.json")))
    add_manual("Bar two", per="2 pieces=50g", values={"iron": "1mg"})
    assert list(load_user_table()) == ["user:bar-one", "fdc:900001", "user:bar-two"]
    removed = remove_food("fdc:900001")
    assert removed.description == "Test cheese, full format"
    table = load_user_table()
    assert list(table) == ["user:bar-one", "user:bar-two"]
    assert [r["food_key"] for r in rows(user_table_paths()[1])] == ["user:bar-one", "user:bar-two"]
    assert remove_food("bar-two").key == "user:bar-two"  # a bare slug means user:<slug>
    assert list(load_user_table()) == ["user:bar-one"]


def test_adding_twice_needs_replace():
    add_manual("Granola", values={"iron": "2mg"})
    with pytest.raises(UserFoodError, match="already in your table") as info:
        add_manual("Granola", values={"iron": "3mg"})
    assert "--replace" in str(info.value)
    add_manual("granola", values={"iron": "3mg"}, per="1 bowl=50g", replace=True)
    table = load_user_table()
    assert list(table) == ["user:granola"]
    assert table["user:granola"].per_100g["iron_mg"] == pytest.approx(6.0)
    add_manual("Granola", values={"iron": "1mg"}, replace=True)  # and without the portion again
    assert load_user_table()["user:granola"].portions == ()
    assert rows(user_table_paths()[1]) == []


def test_remove_unknown_key():
    add_manual("Granola bar", values={"iron": "2mg"})
    with pytest.raises(UnknownFoodError) as info:
        remove_food("user:granola-ba")
    assert isinstance(info.value, LookupError)
    assert "user:granola-bar" in str(info.value)  # suggested
    with pytest.raises(UnknownFoodError, match="your foods are: user:granola-bar"):
        remove_food("fdc:1")


def test_remove_from_an_empty_table():
    with pytest.raises(UnknownFoodError, match="your food table is empty"):
        remove_food("user:x")


def test_a_crash_while_saving_leaves_the_table_as_it_was(monkeypatch):
    add_manual("Bar one", per="1 bar=40g", values={"iron": "2mg"})
    foods_path, portions_path = user_table_paths()
    before = (foods_path.read_bytes(), portions_path.read_bytes())
    real_replace = os.replace

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(userfoods.os, "replace", crash)
    with pytest.raises(OSError, match="No space left"):
        add_manual("Bar two", values={"iron": "1mg"})
    monkeypatch.setattr(userfoods.os, "replace", real_replace)
    assert (foods_path.read_bytes(), portions_path.read_bytes()) == before
    assert [p.name for p in foods_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_the_pair_stays_loadable_between_the_two_renames(monkeypatch):
    # Removing a food with portions renames portions.csv first: a crash after one rename must
    # leave no portion whose food is gone.
    add_manual("Bar one", per="1 bar=40g", values={"iron": "2mg"})
    real_replace = os.replace
    calls: list[str] = []

    def crash_second(src, dst):
        calls.append(Path(dst).name)
        if len(calls) == 2:
            raise OSError("killed")
        return real_replace(src, dst)

    monkeypatch.setattr(userfoods.os, "replace", crash_second)
    with pytest.raises(OSError, match="killed"):
        remove_food("user:bar-one")
    assert calls == ["portions.csv", "foods.csv"]
    load_user_table()  # still a valid pair: the food without its portion


def test_a_malformed_user_table_is_reported_and_untouched():
    foods_path, _ = user_table_paths()
    foods_path.parent.mkdir(parents=True)
    foods_path.write_text("food_key,description,iron_mg\nuser:x,X,lots\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="iron_mg"):
        add_manual("Y", values={"iron": "1mg"})
    assert foods_path.read_text(encoding="utf-8") == "food_key,description,iron_mg\nuser:x,X,lots\n"


def test_columns_added_by_hand_are_kept():
    foods_path, _ = user_table_paths()
    foods_path.parent.mkdir(parents=True)
    foods_path.write_text(
        "food_key,description,iron_mg,note\nuser:x,X,1,my note\n", encoding="utf-8"
    )
    add_manual("Y", values={"iron": "1mg"})
    got = rows(foods_path)
    assert got[0]["note"] == "my note"
    assert got[0]["iron_mg"] == "1"
    assert got[1]["food_key"] == "user:y"


def test_invalid_food_values_are_refused():
    from dataclasses import replace

    food = parse_food(own("full-branded.json"))
    with pytest.raises(UserFoodError, match="Iron must be a non-negative number"):
        add_food(replace(food, per_100g={**food.per_100g, "iron_mg": -1.0}))
    assert not user_table_paths()[0].exists()


# ---------------------------------------------------------------------------- values with pint

# (text, nutrient key, expected value in the nutrient's unit)
AMOUNTS = [
    ("150 mg", "potassium_mg", 150.0),
    ("150mg", "potassium_mg", 150.0),
    ("0.15 g", "potassium_mg", 150.0),
    ("150000 ug", "potassium_mg", 150.0),
    ("150000 µg", "potassium_mg", 150.0),
    ("150000 mcg", "potassium_mg", 150.0),
    ("1.5e2 mg", "potassium_mg", 150.0),
    ("10 ug", "vitamin_d_ug", 10.0),
    ("0.01 mg", "vitamin_d_ug", 10.0),
    ("400 IU", "vitamin_d_ug", 10.0),  # IOM 2011: 40 IU = 1 µg
    ("400iu", "vitamin_d_ug", 10.0),
    ("100 iu_natural", "vitamin_e_mg", 67.0),  # IOM 2000: 1 IU natural = 0.67 mg
    ("100 IU synthetic", "vitamin_e_mg", 45.0),  # 1 IU synthetic = 0.45 mg
    ("250 kcal", "energy_kcal", 250.0),
    ("250 Calories", "energy_kcal", 250.0),  # a food Calorie is a kilocalorie
    ("1046 kJ", "energy_kcal", 1046 / 4.184),
    (2.5, "iron_mg", 2.5),  # a bare number in Python is in the nutrient's own unit
]


@pytest.mark.parametrize(("text", "key", "expected"), AMOUNTS, ids=[str(a[0]) for a in AMOUNTS])
def test_amounts(text, key, expected):
    value, _ = parse_nutrient_amount(nutrients.get(key), text)
    assert value == pytest.approx(expected)


def test_iu_is_flagged():
    assert parse_nutrient_amount(nutrients.get("vitamin_d_ug"), "400 IU") == (
        pytest.approx(10.0),
        True,
    )
    assert parse_nutrient_amount(nutrients.get("vitamin_d_ug"), "10 ug") == (10.0, False)


# (nutrient name, text, words the message must contain)
BAD_AMOUNTS = [
    ("iron", "2ml", ["Iron is a mass", "2ml is a volume"]),
    ("iron", "2", ["needs a unit", "iron=2mg"]),
    ("iron", "two mg", ["cannot read an amount"]),
    ("iron", "2 pinch", ["Iron", "food word"]),
    ("iron", "2 blorps", ["Iron", "unknown unit"]),
    ("iron", "400 IU", ["Iron has no IU convention"]),
    ("vitamin_e", "15 IU", ["Vitamin E in IU depends on its form", "iu_natural", "iu_synthetic"]),
    ("vitamin_e", "15 iu_mixed", ["no IU form 'mixed'"]),
    ("vitamin_d", "400 iu_natural", ["Vitamin D has no IU form"]),
    ("energy", "250 cal", ["'cal' is ambiguous", "kcal"]),
    ("energy", "2 mg", ["Energy is an energy", "2 mg is a mass"]),
    ("iron", "-2 mg", ["cannot read an amount"]),
]


@pytest.mark.parametrize(
    ("name", "text", "words"), BAD_AMOUNTS, ids=[f"{b[0]}={b[1]}" for b in BAD_AMOUNTS]
)
def test_bad_amounts(name, text, words):
    with pytest.raises(UnitError) as info:
        manual_food("X", values={name: text})
    message = str(info.value)
    for word in words:
        assert word in message
    assert f"key {name!r}" in message  # the error names the nutrient as the user wrote it


def test_unknown_and_duplicate_nutrients():
    with pytest.raises(UserFoodError, match="unknown nutrient") as info:
        manual_food("X", values={"zinc": "2mg"})
    assert "vitamin_d" in str(info.value)  # the known names are listed
    with pytest.raises(UserFoodError, match="Iron is given twice"):
        manual_food("X", values={"iron": "2mg", "Fe": "3mg"})
    with pytest.raises(UserFoodError, match="at least one nutrient"):
        manual_food("X", values={})
    with pytest.raises(UserFoodError, match="needs a name"):
        manual_food("  ++ ", values={"iron": "1mg"})


NAMES = [
    ("iron", "iron_mg"),
    ("Iron", "iron_mg"),
    ("fe", "iron_mg"),
    ("vitamin_d", "vitamin_d_ug"),
    ("vitamin d", "vitamin_d_ug"),
    ("vitamin-e", "vitamin_e_mg"),
    ("thiamine", "thiamin_mg"),
    ("potassium_mg", "potassium_mg"),
    ("calories", "energy_kcal"),
]


@pytest.mark.parametrize(("name", "key"), NAMES, ids=[n for n, _ in NAMES])
def test_nutrient_names(name, key):
    assert userfoods.find_nutrient(name).key == key


PERS = [
    ("100g", 100.0, None),
    ("40g", 40.0, None),
    ("40 g", 40.0, None),
    ("1.5 oz", 42.52428, None),
    ("1 serving=40g", 40.0, Portion(1.0, "serving", "1 serving", 40.0, 1)),
    ("2 slices = 50 g", 50.0, Portion(2.0, "slices", "2 slices", 50.0, 1)),
    ("1/2 cup=120g", 120.0, Portion(0.5, "cup", "0.5 cup", 120.0, 1)),
    ("bowl=250g", 250.0, Portion(1.0, "bowl", "1 bowl", 250.0, 1)),
]


@pytest.mark.parametrize(("per", "grams", "portion"), PERS, ids=[p[0] for p in PERS])
def test_parse_per(per, grams, portion):
    got_grams, got_portion = parse_per(per)
    assert got_grams == pytest.approx(grams)
    assert got_portion == portion


@pytest.mark.parametrize(
    "per", ["100ml", "1 cup", "1 cup=", "0g", "=40g", "serving", "1 serving=1 cup"]
)
def test_parse_per_refuses(per):
    with pytest.raises(UserFoodError, match="--per"):
        parse_per(per)


def test_per_scales_to_100g():
    food, _ = manual_food("X", per="40g", values={"iron": "2mg", "vitamin_d": "400 IU"})
    assert food.per_100g["iron_mg"] == pytest.approx(5.0)
    assert food.per_100g["vitamin_d_ug"] == pytest.approx(25.0)
    assert food.portions == ()


SLUGS = [
    ("Granola bar", "granola-bar"),
    ("Crème brûlée!", "creme-brulee"),
    ("  A  B ", "a-b"),
    ("Bar #2 (50g)", "bar-2-50g"),
    ("日本", ""),
]


@pytest.mark.parametrize(("name", "slug"), SLUGS, ids=[s for _, s in SLUGS])
def test_slugify(name, slug):
    assert slugify(name) == slug


# --------------------------------------------------------------------------------------- CLI


def test_cli_add_manual_and_remove():
    runner = CliRunner()
    result = runner.invoke(
        foods_add,
        [
            "--name",
            "Granola bar",
            "--per",
            "1 bar=40g",
            "iron=2mg",
            "potassium=150 mg",
            "vitamin_d=400IU",
        ],
    )
    assert result.exit_code == 0, result.output
    foods_path = user_table_paths()[0]
    assert result.stdout == (
        "Added user:granola-bar: Granola bar\n"
        "  per 100 g: Iron 5 mg, Vitamin D 25 µg, Potassium 375 mg\n"
        "  unknown: Vitamin E, Thiamin (B1), Magnesium, Calcium, Sodium, Energy\n"
        "  portion: 1 bar = 40 g\n"
        f"  saved in {foods_path}\n"
    )
    result = runner.invoke(foods_remove, ["user:granola-bar"])
    assert (result.exit_code, result.stdout) == (0, "Removed user:granola-bar: Granola bar\n")


CLI_ERRORS = [
    (["--name", "X", "iron=2ml"], "Iron is a mass"),
    (["--name", "X", "vitamin_e=15IU"], "iu_natural"),
    (["--name", "X", "zinc=2mg"], "unknown nutrient"),
    (["--name", "X", "--per", "100ml", "iron=2mg"], "option --per: must be a weight"),
    (["--name", "X"], "give at least one NUTRIENT=AMOUNT"),
    (["--name", "X", "iron"], "is not NUTRIENT=AMOUNT"),
    (["--name", "X", "iron=1mg", "iron=2mg"], "iron is given twice"),
    (["iron=2mg"], "give either --fdc ID or --name NAME"),
    (["--fdc", "1", "--name", "X"], "give either --fdc ID or --name NAME"),
    (["--fdc", "1", "iron=2mg"], "nutrient amounts go with --name"),
    (["--fdc", "abc"], "an FDC id is a positive whole number"),
]


@pytest.mark.parametrize(("args", "message"), CLI_ERRORS, ids=[" ".join(a) for a, _ in CLI_ERRORS])
def test_cli_add_errors_exit_2(args, message):
    result = CliRunner().invoke(foods_add, args, env={"FDC_API_KEY": "x"})
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not user_table_paths()[0].exists()


def test_cli_add_twice_exits_2():
    runner = CliRunner()
    assert runner.invoke(foods_add, ["--name", "X", "iron=1mg"]).exit_code == 0
    result = runner.invoke(foods_add, ["--name", "X", "iron=1mg"])
    assert result.exit_code == 2
    assert "already in your table" in result.output
    assert runner.invoke(foods_add, ["--name", "X", "--replace", "iron=3mg"]).exit_code == 0
    assert load_user_table()["user:x"].per_100g["iron_mg"] == 3.0


def test_cli_remove_unknown_exits_2():
    result = CliRunner().invoke(foods_remove, ["user:nothing"])
    assert result.exit_code == 2
    assert "no food matches 'user:nothing'" in result.output


def test_cli_add_from_fdc(tmp_path):
    srv = HTTPServer()
    srv.start()
    try:
        srv.expect_request("/fdc/v1/food/900002").respond_with_json(own("full-survey.json"))
        env = {"FDC_API_URL": srv.url_for("/fdc/v1"), "FDC_API_KEY": "test-key-xyz"}
        result = CliRunner().invoke(foods_add, ["--fdc", "900002"], env=env)
    finally:
        srv.clear()
        srv.stop()
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Added fdc:900002: Test soup, FNDDS\n")
    assert "  portion: 1/2 cup = 122 g\n" in result.stdout
    assert "note: Vitamin D was converted from IU" in result.stderr
    food = load_user_table()["fdc:900002"]
    assert food.per_100g["vitamin_d_ug"] == pytest.approx(2.0)
    assert len(food.portions) == 3
    # The food is in the cache too, so adding it again works offline.
    result = CliRunner().invoke(foods_add, ["--fdc", "fdc:900002", "--replace"], env=env)
    assert result.exit_code == 0, result.output

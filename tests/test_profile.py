"""Tests of nutricheck.profile: validation, sex words, months, profile files and their location."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nutricheck.errors import DataFileError, ProfileError
from nutricheck.profile import (
    CONFIG_DIR_ENV,
    Profile,
    default_profile_path,
    load_profile,
    normalise_sex,
    save_profile,
)

# --- validation ---------------------------------------------------------------------------------
# (make the profile, the key the error must name, a fragment of its message)
PROFILE_ERRORS: list[object] = [
    pytest.param(lambda: Profile("female", -1), "age", "outside 0-120 years", id="negative-age"),
    pytest.param(lambda: Profile("male", 120.5), "age", "outside 0-120 years", id="age-over-120"),
    pytest.param(lambda: Profile("male", math.nan), "age", "outside", id="age-nan"),
    pytest.param(lambda: Profile("male", math.inf), "age", "outside", id="age-inf"),
    pytest.param(lambda: Profile("male", "30"), "age", "a number", id="age-text"),  # type: ignore[arg-type]
    # bool is an int subclass in Python; True must not become an age of 1.
    pytest.param(lambda: Profile("male", True), "age", "a number", id="age-bool"),
    pytest.param(lambda: Profile("robot", 30), "sex", "unknown sex", id="sex-word"),  # type: ignore[arg-type]
    # The constructor takes only the canonical words; Profile.create reads the others.
    pytest.param(lambda: Profile("F", 30), "sex", "unknown sex", id="sex-not-canonical"),  # type: ignore[arg-type]
    pytest.param(lambda: Profile.create("", 30), "sex", "unknown sex", id="sex-empty"),
    pytest.param(lambda: Profile.create("x", 30), "sex", "unknown sex", id="sex-x"),
    pytest.param(
        lambda: Profile("male", 30, pregnant=True), "pregnant", "male", id="pregnant-male"
    ),
    pytest.param(
        lambda: Profile("male", 30, lactating=True), "lactating", "male", id="lactating-male"
    ),
    pytest.param(
        lambda: Profile("female", 30, pregnant=True, lactating=True),
        "lactating",
        "both pregnant and lactating",
        id="pregnant-and-lactating",
    ),
    pytest.param(
        lambda: Profile("female", 13.9, pregnant=True),
        "pregnant",
        "no pregnancy row for an age under 14",
        id="pregnant-under-14",
    ),
    pytest.param(
        lambda: Profile("female", 51, pregnant=True),
        "pregnant",
        "no pregnancy row for an age over 50",
        id="pregnant-over-50",
    ),
    pytest.param(
        lambda: Profile("female", 12, lactating=True),
        "lactating",
        "no lactation row for an age under 14",
        id="lactating-under-14",
    ),
    pytest.param(
        lambda: Profile("female", 60, lactating=True),
        "lactating",
        "no lactation row for an age over 50",
        id="lactating-over-50",
    ),
    pytest.param(
        lambda: Profile("female", 30, pregnant="yes"),  # type: ignore[arg-type]
        "pregnant",
        "true or false",
        id="flag-text",
    ),
    pytest.param(
        lambda: Profile("female", 30, vegetarian=1),  # type: ignore[arg-type]
        "vegetarian",
        "true or false",
        id="flag-int",
    ),
    pytest.param(lambda: Profile.create("female"), "age", "no age", id="no-age"),
    pytest.param(
        lambda: Profile.create("female", 1, age_months=12), "age_months", "not both", id="two-ages"
    ),
    pytest.param(
        lambda: Profile.from_months("male", -1),
        "age_months",
        "outside 0-1440 months",
        id="months<0",
    ),
    pytest.param(
        lambda: Profile.from_months("male", 1441), "age_months", "outside", id="months>1440"
    ),
    pytest.param(
        lambda: Profile.from_dict({"sex": "f", "age": 30, "weight": 60}),
        "weight",
        "unknown key",
        id="dict-unknown-key",
    ),
    pytest.param(lambda: Profile.from_dict({"age": 30}), "sex", "no sex", id="dict-no-sex"),
    pytest.param(lambda: Profile.from_dict({"sex": "m"}), "age", "no age", id="dict-no-age"),
    pytest.param(
        lambda: Profile.from_dict({"sex": 1, "age": 30}), "sex", "a word", id="dict-sex-number"
    ),
]


@pytest.mark.parametrize(("make", "key", "fragment"), PROFILE_ERRORS)
def test_profile_errors_name_the_key(make: Callable[[], Profile], key: str, fragment: str) -> None:
    with pytest.raises(ProfileError) as info:
        make()
    assert info.value.key == key
    assert fragment in info.value.problem
    assert info.value.hint
    assert isinstance(info.value, ValueError)


VALID_AGES = [
    pytest.param(0, id="newborn"),
    pytest.param(120, id="120"),
    pytest.param(0.25, id="three-months"),
]


@pytest.mark.parametrize("age", VALID_AGES)
def test_ages_at_the_edges_are_valid(age: float) -> None:
    assert Profile("female", age).age_years == age


@pytest.mark.parametrize(
    ("age", "condition"),
    [
        pytest.param(14, "pregnant", id="pregnant-14"),
        pytest.param(50.99, "pregnant", id="pregnant-50.99"),
        pytest.param(14, "lactating", id="lactating-14"),
        pytest.param(50.5, "lactating", id="lactating-50.5"),  # still 50 in completed years
    ],
)
def test_pregnancy_and_lactation_from_14_through_50(age: float, condition: str) -> None:
    profile = Profile("female", age, **{condition: True})
    assert profile.condition == condition


SEX_WORDS = [
    ("f", "female"),
    ("F", "female"),
    ("female", "female"),
    ("Female", "female"),
    (" woman ", "female"),
    ("WOMAN", "female"),
    ("m", "male"),
    ("M", "male"),
    ("male", "male"),
    ("MALE", "male"),
    ("man", "male"),
    ("Man", "male"),
]


@pytest.mark.parametrize(("word", "sex"), SEX_WORDS, ids=[w.strip() for w, _ in SEX_WORDS])
def test_sex_words(word: str, sex: str) -> None:
    assert normalise_sex(word) == sex
    assert Profile.create(word, 30).sex == sex


def test_an_int_age_is_stored_as_float() -> None:
    age = Profile("male", 30).age_years
    assert age == 30.0
    assert isinstance(age, float)


@pytest.mark.parametrize(
    ("months", "years"),
    [pytest.param(0, 0.0, id="0"), pytest.param(6, 0.5, id="6"), pytest.param(18, 1.5, id="18")],
)
def test_from_months(months: float, years: float) -> None:
    profile = Profile.from_months("f", months)
    assert profile.age_years == years
    assert profile.age_months == months
    assert Profile.create("f", age_months=months) == profile


DESCRIPTIONS = [
    pytest.param(Profile("female", 34, vegetarian=True), "female, 34 y, vegetarian", id="adult"),
    pytest.param(Profile.from_months("male", 5), "male, 5 mo", id="infant"),
    pytest.param(
        Profile("female", 30.5, pregnant=True, endurance=True),
        "female, 30.5 y, pregnant, endurance",
        id="pregnant-runner",
    ),
]


@pytest.mark.parametrize(("profile", "text"), DESCRIPTIONS)
def test_describe(profile: Profile, text: str) -> None:
    assert profile.describe() == text


def test_to_dict() -> None:
    assert Profile("female", 25, vegetarian=True).to_dict() == {
        "sex": "female",
        "age_years": 25.0,
        "pregnant": False,
        "lactating": False,
        "vegetarian": True,
        "endurance": False,
    }


def test_modifiers_are_the_flags_that_change_targets() -> None:
    assert Profile("female", 25).modifiers == ()
    assert Profile("female", 25, vegetarian=True, endurance=True).modifiers == (
        "vegetarian",
        "endurance",
    )


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    sex = draw(st.sampled_from(["female", "male"]))
    age = draw(st.floats(min_value=0, max_value=120))
    condition = draw(st.sampled_from([None, "pregnant", "lactating"]))
    if sex == "male" or not 14 <= age < 51:
        condition = None
    return Profile(
        sex,
        age,
        pregnant=condition == "pregnant",
        lactating=condition == "lactating",
        vegetarian=draw(st.booleans()),
        endurance=draw(st.booleans()),
    )


@given(profiles())
def test_to_dict_and_from_dict_round_trip(profile: Profile) -> None:
    assert Profile.from_dict(profile.to_dict()) == profile


# --- files --------------------------------------------------------------------------------------


def test_default_path_is_in_the_user_config_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONFIG_DIR_ENV, raising=False)
    assert default_profile_path() == platformdirs.user_config_path("nutricheck") / "profile.yaml"


def test_an_empty_env_var_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_DIR_ENV, "")
    assert default_profile_path() == platformdirs.user_config_path("nutricheck") / "profile.yaml"


def test_the_env_var_moves_the_default_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CONFIG_DIR_ENV, str(tmp_path / "cfg"))
    assert default_profile_path() == tmp_path / "cfg" / "profile.yaml"


ROUND_TRIPS = [
    pytest.param(Profile("female", 34, vegetarian=True, endurance=True), id="runner"),
    pytest.param(Profile("male", 70.5), id="fractional-age"),
    pytest.param(Profile.from_months("female", 5), id="infant-5-months"),  # 5/12 is not exact
    pytest.param(Profile("female", 29, pregnant=True), id="pregnant"),
    pytest.param(Profile("female", 33, lactating=True, vegetarian=True), id="lactating"),
]


@pytest.mark.parametrize("profile", ROUND_TRIPS)
def test_save_and_load_round_trip_in_the_config_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, profile: Profile
) -> None:
    monkeypatch.setenv(CONFIG_DIR_ENV, str(tmp_path / "cfg"))
    written = save_profile(profile)  # creates the missing folder
    assert written == tmp_path / "cfg" / "profile.yaml"
    assert written.read_text(encoding="utf-8").startswith("# nutricheck profile")
    assert load_profile() == profile


def test_save_and_load_at_an_explicit_path(tmp_path: Path) -> None:
    path = tmp_path / "people" / "ann.yaml"
    profile = Profile("female", 40, vegetarian=True)
    assert save_profile(profile, path) == path
    assert load_profile(path) == profile
    assert load_profile(str(path)) == profile


PROFILE_FILES = [
    pytest.param("sex: female\nage: 34\nvegetarian: yes\n", None, id="yaml-yes-is-true"),
    pytest.param("sex: M\nage_months: 9\n", None, id="months"),
    pytest.param("sex: woman\nage_years: 34.5\n", None, id="age-years-alias"),
]


@pytest.mark.parametrize(("text", "error"), PROFILE_FILES)
def test_profile_files_that_load(tmp_path: Path, text: str, error: None) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    assert isinstance(load_profile(path), Profile)


def test_a_file_with_months_gives_years(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("sex: m\nage_months: 9\n", encoding="utf-8")
    assert load_profile(path) == Profile("male", 0.75)


# (file text, the key the error names, a fragment of the message, the line for YAML syntax errors)
BAD_PROFILE_FILES = [
    pytest.param("sex: female\nage: 34\nweight: 60\n", "weight", "unknown key", None, id="key"),
    pytest.param("sex: female\nage: thirty\n", "age", "a number", None, id="age-text"),
    pytest.param("sex: female\nage: 130\n", "age", "outside 0-120", None, id="age-range"),
    pytest.param("sex: robot\nage: 30\n", "sex", "unknown sex", None, id="sex"),
    pytest.param("sex: m\nage: 30\npregnant: true\n", "pregnant", "male", None, id="pregnant-m"),
    pytest.param(
        "sex: f\nage: 30\npregnant: true\nlactating: true\n", "lactating", "both", None, id="both"
    ),
    pytest.param("sex: f\nage: 12\npregnant: true\n", "pregnant", "under 14", None, id="preg-12"),
    pytest.param("sex: f\nage: 30\nvegetarian: maybe\n", "vegetarian", "true or", None, id="flag"),
    # An empty value is null in YAML, not false.
    pytest.param("sex: f\nage: 30\nlactating:\n", "lactating", "true or false", None, id="null"),
    pytest.param("sex: f\nage: 3\nage_months: 36\n", "age_months", "one age", None, id="2-ages"),
    pytest.param("age: 30\n", "sex", "no sex", None, id="no-sex"),
    pytest.param("sex: f\n", "age", "no age", None, id="no-age"),
    pytest.param("", None, "empty", None, id="empty"),
    pytest.param("- female\n- 30\n", None, "map keys to values", None, id="list"),
    pytest.param("sex: f\nage: [30\n", None, "invalid YAML", 3, id="syntax"),
    pytest.param("sex: f\nage: 30\nsex: m\n", None, "twice", 3, id="repeated-key"),
]


@pytest.mark.parametrize(("text", "key", "fragment", "line"), BAD_PROFILE_FILES)
def test_bad_profile_files_name_the_file_and_key(
    tmp_path: Path, text: str, key: str | None, fragment: str, line: int | None
) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_profile(path)
    assert info.value.source == str(path)
    assert info.value.key == key
    assert fragment in info.value.problem
    assert info.value.line == line
    assert str(path) in str(info.value)


def test_a_missing_profile_file_names_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CONFIG_DIR_ENV, str(tmp_path))
    with pytest.raises(DataFileError) as info:
        load_profile()
    assert info.value.source == str(tmp_path / "profile.yaml")
    assert info.value.hint

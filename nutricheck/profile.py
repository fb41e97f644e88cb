"""A person's profile: what the Dietary Reference Intakes depend on.

A :class:`Profile` holds sex, age (years; infants as a fraction of a year), pregnancy, lactation and
the diet flags that modify a target (``vegetarian``, ``endurance``). It is checked when it is made:
an impossible profile (a pregnant male, an age of 200) raises
:class:`~nutricheck.errors.ProfileError` whose ``key`` is the option or field at fault.

A profile is saved as a small YAML file, by default ``profile.yaml`` in the user's config folder
(:func:`default_profile_path`; the ``NUTRICHECK_CONFIG_DIR`` environment variable moves it)::

    sex: female
    age: 34            # years; or age_months: 5 for an infant
    pregnant: false
    lactating: false
    vegetarian: true
    endurance: true    # intense daily exercise, e.g. a runner
"""

from __future__ import annotations

import functools
import math
import numbers
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import platformdirs

from nutricheck.errors import DataFileError, ProfileError

Sex = Literal["female", "male"]
Condition = Literal["pregnant", "lactating"]

SEXES: tuple[Sex, ...] = ("female", "male")
SEX_WORDS: Mapping[str, Sex] = MappingProxyType(
    {
        "f": "female",
        "female": "female",
        "woman": "female",
        "m": "male",
        "male": "male",
        "man": "male",
    }
)
"""The words :func:`normalise_sex` reads (lower case) and the canonical sex each means."""

MIN_AGE_YEARS = 0.0
MAX_AGE_YEARS = 120.0
PREGNANCY_MIN_AGE = 14.0
PREGNANCY_BELOW_AGE = 51.0
"""The DRI tables have pregnancy and lactation rows for 14-18, 19-30 and 31-50 y only."""

FLAGS: tuple[str, ...] = ("pregnant", "lactating", "vegetarian", "endurance")
MODIFIER_FLAGS: tuple[str, ...] = ("vegetarian", "endurance")
"""Flags that name a modifier of data/targets.yaml (``modifiers:``)."""

PROFILE_KEYS: tuple[str, ...] = ("sex", "age", "age_years", "age_months", *FLAGS)
"""Keys a profile file (or :meth:`Profile.from_dict`) may have; ``age_years`` is ``age``'s alias."""

CONFIG_DIR_ENV = "NUTRICHECK_CONFIG_DIR"
PROFILE_FILE_NAME = "profile.yaml"

_AGE_HINT = "give the age in years from 0 to 120 (an infant as a fraction of a year, or in months)"


@dataclass(frozen=True)
class Profile:
    """Who the targets are for.

    Attributes:
        sex: ``"female"`` or ``"male"`` (the DRI tables are by sex). :meth:`create` also reads
            ``f``, ``m``, ``woman`` and ``man`` in any case.
        age_years: age in years, 0 to 120; an infant as a fraction of a year (:meth:`from_months`).
        pregnant: pregnant now (female, 14 to 50 years).
        lactating: breastfeeding now (female, 14 to 50 years; not together with ``pregnant``).
        vegetarian: eats a vegetarian diet (iron target x1.8).
        endurance: exercises intensely every day, e.g. a runner (adds notes: there is no separate
            DRI).

    Raises:
        ProfileError: on any impossible value, with ``key`` naming the field at fault.
    """

    sex: Sex
    age_years: float
    pregnant: bool = False
    lactating: bool = False
    vegetarian: bool = False
    endurance: bool = False

    def __post_init__(self) -> None:
        if self.sex not in SEXES:
            raise ProfileError(
                f"unknown sex {self.sex!r}",
                key="sex",
                text=str(self.sex),
                hint="use 'female' or 'male' (Profile.create also reads f, m, woman, man)",
            )
        object.__setattr__(self, "age_years", _age(self.age_years, "age", 1.0))
        for flag in FLAGS:
            if not isinstance(getattr(self, flag), bool):
                raise ProfileError(
                    f"{flag} must be true or false",
                    key=flag,
                    text=repr(getattr(self, flag)),
                    hint=f"{flag}: true, or {flag}: false (in YAML also yes or no)",
                )
        for flag in ("pregnant", "lactating"):
            if getattr(self, flag) and self.sex == "male":
                raise ProfileError(
                    f"a male profile cannot be {flag}",
                    key=flag,
                    hint=f"set sex to female, or {flag} to false",
                )
        if self.pregnant and self.lactating:
            raise ProfileError(
                "a profile cannot be both pregnant and lactating",
                key="lactating",
                hint="the DRI tables have one row for pregnancy and one for lactation: choose one",
            )
        condition = self.condition
        if condition is not None:
            _check_condition_age(condition, self.age_years)

    @classmethod
    def create(
        cls,
        sex: str,
        age_years: float | None = None,
        *,
        age_months: float | None = None,
        pregnant: bool = False,
        lactating: bool = False,
        vegetarian: bool = False,
        endurance: bool = False,
    ) -> Profile:
        """Make a profile from what a person types: sex as a word, age in years or in months.

        >>> Profile.create("F", 34, vegetarian=True).describe()
        'female, 34 y, vegetarian'
        >>> Profile.create("man", age_months=6).age_years
        0.5

        Raises:
            ProfileError: unknown sex (``key="sex"``), no age or two ages (``"age"``,
                ``"age_months"``), or anything :class:`Profile` itself refuses.
        """
        if age_years is not None and age_months is not None:
            raise ProfileError(
                "give the age in years or in months, not both",
                key="age_months",
                hint="infants: age_months; everyone else: age in years",
            )
        if age_months is not None:
            years = _age(age_months, "age_months", 12.0)
        elif age_years is not None:
            years = age_years
        else:
            raise ProfileError("no age given", key="age", hint=_AGE_HINT)
        return cls(
            normalise_sex(sex),
            years,
            pregnant=pregnant,
            lactating=lactating,
            vegetarian=vegetarian,
            endurance=endurance,
        )

    @classmethod
    def from_months(
        cls,
        sex: str,
        months: float,
        *,
        pregnant: bool = False,
        lactating: bool = False,
        vegetarian: bool = False,
        endurance: bool = False,
    ) -> Profile:
        """A profile whose age is given in months (``months / 12`` years), as for an infant.

        >>> Profile.from_months("female", 9).age_years
        0.75
        """
        return cls.create(
            sex,
            age_months=months,
            pregnant=pregnant,
            lactating=lactating,
            vegetarian=vegetarian,
            endurance=endurance,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Profile:
        """A profile from a mapping with the keys of :data:`PROFILE_KEYS` (as in a profile file).

        ``sex`` and one of ``age`` / ``age_years`` / ``age_months`` are required; the flags
        default to false. ``Profile.from_dict(p.to_dict()) == p``.

        Raises:
            ProfileError: an unknown or missing key, or a bad value; ``key`` names it.
        """
        for name in data:
            if name not in PROFILE_KEYS:
                raise ProfileError(
                    f"unknown key {name!r}",
                    key=str(name),
                    hint=f"a profile knows {', '.join(PROFILE_KEYS)}",
                )
        if "sex" not in data:
            raise ProfileError("no sex given", key="sex", hint="sex: female or sex: male")
        given_ages = [k for k in ("age", "age_years", "age_months") if k in data]
        if len(given_ages) > 1:
            raise ProfileError(
                f"give one age, not {' and '.join(given_ages)}", key=given_ages[-1], hint=_AGE_HINT
            )
        sex = data["sex"]
        if not isinstance(sex, str):
            raise ProfileError(
                "sex must be a word", key="sex", text=repr(sex), hint="sex: female or sex: male"
            )
        flags: dict[str, Any] = {f: data.get(f, False) for f in FLAGS}
        if "age_months" in data:
            return cls.create(sex, age_months=_as_number(data["age_months"], "age_months"), **flags)
        years = data.get("age", data.get("age_years"))
        if years is None:
            raise ProfileError("no age given", key="age", hint=_AGE_HINT)
        return cls.create(sex, _as_number(years, "age"), **flags)

    @property
    def age_months(self) -> float:
        """Age in months (``age_years * 12``)."""
        return self.age_years * 12.0

    @property
    def condition(self) -> Condition | None:
        """``"pregnant"``, ``"lactating"`` or ``None``: which kind of DRI row applies."""
        if self.pregnant:
            return "pregnant"
        if self.lactating:
            return "lactating"
        return None

    @property
    def modifiers(self) -> tuple[str, ...]:
        """Names of the target modifiers this profile asks for (``("vegetarian",)``, ...)."""
        return tuple(flag for flag in MODIFIER_FLAGS if getattr(self, flag))

    def describe(self) -> str:
        """A short human description: ``"female, 34 y, vegetarian"``, ``"male, 5 mo"``."""
        if self.age_years < 1:
            age = f"{round(self.age_months, 2):g} mo"
        else:
            age = f"{round(self.age_years, 2):g} y"
        return ", ".join([self.sex, age, *(f for f in FLAGS if getattr(self, f))])

    def to_dict(self) -> dict[str, object]:
        """The profile as JSON-ready data (``Profile.from_dict`` reads it back)."""
        return {
            "sex": self.sex,
            "age_years": self.age_years,
            "pregnant": self.pregnant,
            "lactating": self.lactating,
            "vegetarian": self.vegetarian,
            "endurance": self.endurance,
        }


def normalise_sex(text: str) -> Sex:
    """``"F"``, ``" woman "``, ``"Male"`` ... -> ``"female"`` or ``"male"``.

    Raises:
        ProfileError: any other word (``key="sex"``).
    """
    sex = SEX_WORDS.get(text.strip().lower()) if isinstance(text, str) else None
    if sex is None:
        raise ProfileError(
            f"unknown sex {text!r}",
            key="sex",
            text=str(text),
            hint="say female or male (f, m, woman and man are read too)",
        )
    return sex


def _as_number(value: object, key: str) -> float:
    """A number from a profile file; ``ProfileError`` for text, booleans and other types."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ProfileError(f"{key} must be a number", key=key, text=repr(value), hint=_AGE_HINT)
    return float(value)


def _age(value: object, key: str, per_year: float) -> float:
    """Validate an age given in years (``per_year=1``) or months (12); return it in years."""
    age = _as_number(value, key)
    unit = "years" if per_year == 1 else "months"
    low, high = MIN_AGE_YEARS * per_year, MAX_AGE_YEARS * per_year
    if not (math.isfinite(age) and low <= age <= high):
        raise ProfileError(
            f"an age of {age:g} {unit} is outside {low:g}-{high:g} {unit}",
            key=key,
            text=repr(value),
            hint=_AGE_HINT,
        )
    return age / per_year


def _check_condition_age(condition: Condition, age: float) -> None:
    if PREGNANCY_MIN_AGE <= age < PREGNANCY_BELOW_AGE:
        return
    state = "pregnancy" if condition == "pregnant" else "lactation"
    side = "under 14" if age < PREGNANCY_MIN_AGE else "over 50"
    raise ProfileError(
        f"the DRI tables have no {state} row for an age {side} years (they cover 14-50 y)",
        key=condition,
        text=f"{age:g}",
        hint=f"nutricheck has no targets for this; {condition}: false gives those for age and sex",
    )


# --- files -------------------------------------------------------------------------------------


def config_dir() -> Path:
    """nutricheck's folder in the user's config dir, or ``$NUTRICHECK_CONFIG_DIR`` when set."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("nutricheck")


def default_profile_path() -> Path:
    """Where the saved profile lives: ``config_dir() / "profile.yaml"``."""
    return config_dir() / PROFILE_FILE_NAME


def load_profile(path: str | os.PathLike[str] | None = None) -> Profile:
    """Read a profile YAML file (default: :func:`default_profile_path`).

    Raises:
        DataFileError: the file is missing or unreadable, is not YAML (with its line), has an
            unknown key, or a value :class:`Profile` refuses; ``source`` is the file and ``key``
            the key.
    """
    file = Path(path) if path is not None else default_profile_path()
    source = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(
            "no profile file here",
            source=source,
            hint="save a profile first, or give sex and age directly",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read the profile: {exc}", source=source) from exc
    data = parse_yaml(text, source)
    if not isinstance(data, Mapping):
        empty = data is None
        raise DataFileError(
            "the profile file is empty" if empty else "a profile must map keys to values",
            source=source,
            text=None if empty else repr(data),
            hint="write e.g. 'sex: female' and 'age: 34' on two lines",
        )
    try:
        return Profile.from_dict({str(k): v for k, v in data.items()})
    except ProfileError as exc:
        raise DataFileError(
            exc.problem, source=source, key=exc.key, text=exc.text, hint=exc.hint
        ) from exc


def save_profile(profile: Profile, path: str | os.PathLike[str] | None = None) -> Path:
    """Write ``profile`` as YAML (default: :func:`default_profile_path`); return the file's path.

    The folder is created when missing; an existing file is replaced. :func:`load_profile` reads the
    file back to an equal profile.
    """
    import yaml

    file = Path(path) if path is not None else default_profile_path()
    years = profile.age_years
    age: float | int = int(years) if years.is_integer() else years
    data = {"sex": profile.sex, "age": age, **{f: getattr(profile, f) for f in FLAGS}}
    header = (
        "# nutricheck profile: the Dietary Reference Intakes depend on these values.\n"
        "# age is in years (an infant as a fraction of a year); flags are true or false.\n"
    )
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(header + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return file


@functools.cache
def _strict_loader() -> type[Any]:
    """PyYAML's safe loader, except that a key repeated in one mapping is an error.

    PyYAML silently keeps the last of two equal keys; in hand-written data that hides a typo. Built
    on first use so that importing nutricheck does not import yaml.
    """
    import yaml

    # libyaml's parser when PyYAML has it: ten times faster on data/targets.yaml.
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[valid-type,misc]
        pass

    def construct_mapping(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        loader.flatten_mapping(node)
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node)
            try:
                repeated = key in seen
                seen.add(key)
            except TypeError:
                continue  # an unhashable key: construct_mapping below reports it with its line
            if repeated:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {key!r} twice",
                    key_node.start_mark,
                )
        return loader.construct_mapping(node)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return StrictLoader


def parse_yaml(text: str, source: str) -> object:
    """Parse YAML text safely, refusing repeated keys (shared by the profile and targets readers).

    Raises:
        DataFileError: the text is not valid YAML; ``source`` is the file and ``line`` the 1-based
            line of the problem, with that line's text.
    """
    import yaml

    try:
        return yaml.load(text, Loader=_strict_loader())  # safe: a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        lines = text.splitlines()
        raw = lines[line - 1] if line is not None and 0 < line <= len(lines) else None
        problem = ": ".join(p for p in (exc.context, exc.problem) if p) or "malformed YAML"
        raise DataFileError(f"invalid YAML: {problem}", source=source, line=line, text=raw) from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"invalid YAML: {exc}", source=source) from exc

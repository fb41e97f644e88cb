"""The ``nutricheck`` command: thin click commands over the library.

Each command parses its options, makes one library call, renders and echoes. Heavy modules (pandas,
pint, the food table) are imported inside the commands, so ``nutricheck --help`` stays fast.
Every :class:`~nutricheck.errors.NutricheckError` becomes a clean message on stderr and exit code 2
in one place (:class:`NutricheckGroup`); exit 1 is kept for findings (``--fail-on-shortfall``).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from nutricheck.errors import NutricheckError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class NutricheckGroup(click.Group):
    """A click group that turns NutricheckError into ``error: ...`` and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NutricheckError as exc:
            from nutricheck.errors import ProfileError

            if isinstance(exc, ProfileError) and exc.source is None and exc.key:
                # On the command line the profile's fields are options: say --age, not key 'age_years'.
                exc.key = "--" + exc.key.removesuffix("_years").replace("_", "-")
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except UnicodeDecodeError as exc:  # pragma: no cover - files are decoded with replacement
            click.echo(f"error: cannot decode input: {exc}", err=True)
            ctx.exit(EXIT_USAGE)


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


def foods_option(f: F) -> F:
    f = click.option(
        "--foods",
        "foods_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A foods CSV (columns as data/foods.csv) to use instead of the bundled USDA table.",
    )(f)
    return f


output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to a file.",
)
"""--output/-o of the commands that write a report (report, import)."""


def profile_options(f: F) -> F:
    """--sex, --age, --age-months, --pregnant/--lactating, --vegetarian, --profile, --targets."""
    for decorator in reversed(
        [
            click.option("--sex", type=str, help="female or male."),
            click.option(
                "--age", type=float, help="Age in years (a fraction for infants, e.g. 0.5)."
            ),
            click.option("--age-months", type=float, help="Age in months, for infants."),
            click.option("--pregnant", is_flag=True, default=None, help="Use the pregnancy DRIs."),
            click.option("--lactating", is_flag=True, default=None, help="Use the lactation DRIs."),
            click.option(
                "--vegetarian", is_flag=True, default=None, help="Iron target x1.8 (IOM 2001)."
            ),
            click.option(
                "--endurance",
                is_flag=True,
                default=None,
                help="Trains hard every day, e.g. a runner (adds notes; no separate DRI exists).",
            ),
            click.option(
                "--profile",
                "profile_path",
                type=click.Path(dir_okay=False, path_type=Path),
                help="A profile YAML file (default: the saved profile, see `nutricheck profile save`).",
            ),
            click.option(
                "--targets",
                "targets_path",
                type=click.Path(dir_okay=False, path_type=Path),
                help="A targets YAML to use instead of the bundled DRIs (same schema as data/targets.yaml).",
            ),
        ]
    ):
        f = decorator(f)
    return f


def resolve_profile(
    sex: str | None,
    age: float | None,
    age_months: float | None,
    pregnant: bool | None,
    lactating: bool | None,
    vegetarian: bool | None,
    profile_path: Path | None,
    endurance: bool | None = None,
) -> Any:
    """The profile from options, over a --profile file, over the saved default profile."""
    from nutricheck.errors import ProfileError
    from nutricheck.profile import Profile, default_profile_path, load_profile

    base: dict[str, Any] = {}
    path = profile_path or default_profile_path()
    if profile_path is not None or path.is_file():
        base = load_profile(path).to_dict()
    if age is not None and age_months is not None:
        raise ProfileError("give --age or --age-months, not both", key="age")
    if age_months is not None:
        age = age_months / 12
    given = {
        "sex": sex,
        "age_years": age,
        "pregnant": pregnant,
        "lactating": lactating,
        "vegetarian": vegetarian,
        "endurance": endurance,
    }
    merged = {
        **{k: base[k] for k in given if k in base},
        **{k: v for k, v in given.items() if v is not None},
    }
    missing = [
        opt for opt, k in (("--sex", "sex"), ("--age", "age_years")) if merged.get(k) is None
    ]
    if missing:
        raise ProfileError(
            f"missing {' and '.join(missing)}",
            key=missing[0].lstrip("-"),
            hint="pass --sex and --age, or save them once with `nutricheck profile save --sex female --age 34`",
        )
    return Profile.create(**merged)


@click.group(cls=NutricheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nutricheck")
def cli() -> None:
    """Check what you ate against the Dietary Reference Intakes, with USDA food data.

    \b
    nutricheck report examples/day.txt --sex female --age 34
    nutricheck parse examples/day.txt
    nutricheck targets --sex male --age 45
    nutricheck foods search "spinach cooked"
    """


# ----------------------------------------------------------------------------------------- targets
@cli.command()
@profile_options
@format_option("text", "json")
def targets(fmt: str, targets_path: Path | None, **profile: Any) -> None:
    """Show the daily targets (DRIs) for a person.

    \b
    Example:
        nutricheck targets --sex female --age 34 --vegetarian
    """
    from nutricheck.targets import format_targets_text, targets_for

    person = resolve_profile(**profile)
    result = targets_for(person, targets_path)
    if fmt == "json":
        from nutricheck.render._common import json_text

        click.echo(json_text(result.to_dict()), nl=False)
    else:
        click.echo(format_targets_text(result), nl=False)


# ------------------------------------------------------------------------------------------- foods
@cli.group()
def foods() -> None:
    """Look up foods in the table (USDA SR28 and FNDDS 2021-2023, plus your own)."""


def _load_table(foods_path: Path | None) -> Any:
    from nutricheck.foods import FoodTable

    if foods_path is not None:
        return FoodTable.load(foods_path)
    table = FoodTable.load()
    try:
        from nutricheck.userfoods import load_user_table
    except ImportError:  # pragma: no cover
        return table
    user = load_user_table()
    return table.merged(user) if len(user) else table


@foods.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@foods_option
@format_option("text", "json")
def foods_search(query: str, limit: int, foods_path: Path | None, fmt: str) -> None:
    """Find foods by name, best match first.

    \b
    Example:
        nutricheck foods search "cooked spinach"
    """
    from nutricheck.matching import Matcher

    table = _load_table(foods_path)
    matches = Matcher(table).search(query, limit=limit)
    if fmt == "json":
        from nutricheck.render._common import json_text

        click.echo(
            json_text(
                {
                    "query": query,
                    "results": [
                        {
                            "key": m.food_key,
                            "description": m.description,
                            "kind": m.kind,
                            "score": round(m.score, 3),
                        }
                        for m in matches
                    ],
                }
            ),
            nl=False,
        )
        return
    if not matches:
        click.echo(f"no food matches {query!r}")
        return
    width = max(len(m.food_key) for m in matches)
    for m in matches:
        click.echo(f"{m.food_key:<{width}}  {m.description}")


@foods.command("list")
@foods_option
@format_option("text", "json")
def foods_list(foods_path: Path | None, fmt: str) -> None:
    """List your own foods (added with `foods add`): the names the matcher tries first.

    \b
    Example:
        nutricheck foods list
    """
    table = _load_table(foods_path)
    own = [f for f in table.values() if f.key.startswith(("user:", "fdc:"))]
    if fmt == "json":
        from nutricheck.render._common import json_text

        payload = {"foods": [{"key": f.key, "description": f.description} for f in own]}
        click.echo(json_text(payload), nl=False)
        return
    if not own:
        click.echo('No foods of your own yet: add one with `nutricheck foods add --name "..."`.')
        return
    width = max(len(f.key) for f in own)
    for f in own:
        click.echo(f"{f.key:<{width}}  {f.description}")


@foods.command("show")
@click.argument("key")
@foods_option
@format_option("text", "json")
def foods_show(key: str, foods_path: Path | None, fmt: str) -> None:
    """Show a food's values per 100 g and its household measures.

    \b
    Example:
        nutricheck foods show sr28:09040
    """
    from nutricheck import nutrients
    from nutricheck.render._common import number

    food = _load_table(foods_path)[key]
    if fmt == "json":
        from nutricheck.render._common import json_text

        click.echo(json_text(food.to_dict()), nl=False)
        return
    click.echo(f"{food.description}  [{food.key}]")
    meta = [f"source: {food.source or '-'} {food.source_id}".rstrip()]
    if food.fdc_id:
        meta.append(f"FDC id: {food.fdc_id}")
    if food.category:
        meta.append(f"category: {food.category}")
    click.echo("  " + "; ".join(meta))
    click.echo("\nPer 100 g:")
    for n in nutrients.NUTRIENTS.values():
        v = food.per_100g.get(n.key)
        click.echo(f"  {n.name:<14} {'unknown' if v is None else f'{v:g} {n.symbol}'}")
    click.echo("\nHousehold measures:")
    if not food.portions:
        click.echo("  none")
    for p in food.portions:
        click.echo(f"  {p.description:<40} {number(p.grams)} g")


# ------------------------------------------------------------------------------------------- parse
def _read_input(file: str) -> tuple[list[str], str]:
    from nutricheck.report import read_text_file

    if file == "-":
        data = (
            sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        )
        return data.decode("utf-8-sig", errors="replace").splitlines(), "<stdin>"
    return read_text_file(Path(file)).splitlines(), file


ONLINE_HELP = (
    "Look foods the table does not know up in USDA FoodData Central (cached; docs/fdc.md)."
)


def _why(e: Any) -> str:
    """Why a food won, in one line: the tier, the words matched, the words set aside."""
    kinds = {
        "user": "one of your own foods", "alias": "an everyday name (data/aliases.csv)",
        "exact": "USDA's description", "synonym": "USDA's own other name for it",
        "fuzzy": "the closest description", "key": "given by key",
        "fdc": "looked up in FoodData Central",
    }  # fmt: skip
    out = kinds.get(e.match_kind or "", e.match_kind or "")
    if e.match_words:
        out += f", on '{' '.join(e.match_words)}'"
    if e.set_aside:
        out += f"; set aside: {', '.join(repr(w) for w in e.set_aside)}"
    return out


REGION_HELP = (
    "Read the log as British or American usage (a pint is 568 ml in the UK, 473 ml in the US; "
    "'chips' are fries or crisps). auto (the default): British when the log uses more "
    "British-only words than American ones."
)
region_option = click.option(
    "--region",
    type=click.Choice(["auto", "us", "uk"]),
    default="auto",
    show_default=True,
    help=REGION_HELP,
)


@cli.command()
@click.argument("file", metavar="FILE|-")
@foods_option
@format_option("text", "json")
@click.option("--online", is_flag=True, help=ONLINE_HELP)
@region_option
@click.option("--why", is_flag=True, help="Say why each food won: tier, words matched, set aside.")
def parse(
    file: str,
    foods_path: Path | None,
    fmt: str,
    online: bool = False,
    region: str = "auto",
    why: bool = False,
) -> None:
    """Show how each line of a food log is read: food, amount, grams.

    \b
    Example:
        nutricheck parse examples/day.txt
        echo "1 tsp Turmeric, Ground" | nutricheck parse - --why
        echo "2 large eggs" | nutricheck parse - --format json
    """
    from nutricheck.entries import EntryReader

    lookup = None
    if online:
        from nutricheck.fdc.lookup import FDCLookup

        lookup = FDCLookup()
    reader = EntryReader(_load_table(foods_path), online=lookup, region=region)
    rows: list[Any] = []  # a diary's rows not used (skipped or errors), each with its line
    if _is_diary(file):
        # A diary export is read as the report reads it, row by row (its header is not a food).
        from nutricheck.days import row_entries
        from nutricheck.diary import read_diary

        diary = read_diary(Path(file))
        entries = [
            e for row in diary.rows for e in row_entries(row, reader, diary.unknown_nutrients)
        ]
        rows = list(diary.issues)
    else:
        lines, _ = _read_input(file)
        entries = reader.read_lines(lines)
    if fmt == "json":
        from nutricheck.render._common import json_text

        payload: dict[str, Any] = {
            "entries": [{k: v for k, v in e.to_dict().items() if k != "nutrients"} for e in entries]
        }
        if rows:
            payload["rows_not_used"] = [
                {
                    "row": i.row,
                    "column": i.column,
                    "value": i.value,
                    "reason": i.reason,
                    "kind": i.kind,
                }
                for i in rows
            ]
        click.echo(json_text(payload), nl=False)
        return
    from nutricheck.logparse import UNITS
    from nutricheck.render._common import entry_amount, unparsed_text

    for issue in rows:
        click.echo(f"      {issue}")
    if reader.read_as[1] and reader.read_as[0] == "uk":
        click.echo(f"Read as British usage: {reader.read_as[1]}.")
    for e in entries:
        text = e.text.strip()
        if e.ok:
            # the size word is shown with a unit it scales ("1 large bowl"), never with a
            # weight or volume ("2 large eggs (100 g)" is 100 g)
            scaled = e.size and e.unit and UNITS.get(e.unit) == "piece"
            unit = f"{e.size} {e.unit}" if scaled else e.unit or ""
            amount = "" if e.quantity is None else f"{e.quantity:g} {unit}".rstrip() + " "
            click.echo(
                f"{e.line:>4}  {text}\n      -> {amount}{e.description} = {entry_amount(e)} "
                + (
                    f"[{e.match_kind} {e.match_score}]"
                    if e.match_kind
                    else "[values from the diary]"
                )
            )
            if why:
                click.echo(f"         why: {_why(e)}")
            if e.match_kind == "fdc":
                click.echo(f"         {e.notes[0]}")
        else:
            click.echo(f"{e.line:>4}  {text}\n      -> {unparsed_text(e)}")


# ------------------------------------------------------------------------------------------ report
def _color(output: Path | None) -> bool:
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@cli.command()
@click.argument("file", metavar="FILE|-")
@profile_options
@foods_option
@format_option("text", "json", "csv", "markdown", "html")
@output_option
@click.option(
    "--fail-on-shortfall", is_flag=True, help="Exit 1 when a nutrient is short of target."
)
@click.option("--online", is_flag=True, help=ONLINE_HELP)
@region_option
def report(
    file: str,
    fmt: str,
    output: Path | None,
    fail_on_shortfall: bool,
    foods_path: Path | None,
    targets_path: Path | None,
    online: bool = False,
    region: str = "auto",
    **profile: Any,
) -> None:
    """A day's intake against your targets, explained for runners.

    \b
    Example:
        nutricheck report examples/day.txt --sex female --age 34
        nutricheck report examples/day.txt --sex male --age 40 --format html -o day.html
    """
    from nutricheck.render import render
    from nutricheck.report import analyze
    from nutricheck.targets import targets_for

    if online and _is_diary(file):
        raise click.UsageError(
            "--online reads food logs (text); it does not apply to diary CSV files yet"
        )
    person = resolve_profile(**profile)
    if _is_diary(file):
        _diary_report(
            Path(file),
            "auto",
            person,
            fmt=fmt,
            output=output,
            fail_on_shortfall=fail_on_shortfall,
            foods_path=foods_path,
            targets_path=targets_path,
        )
        return
    lines, name = _read_input(file)
    result = analyze(
        lines,
        person,
        table=_load_table(foods_path),
        targets=targets_for(person, targets_path),
        online=online,
        name=name,
        region=region,
    )
    _emit(render(result, fmt, color=_color(output)), output)
    if fail_on_shortfall and result.shortfalls:
        sys.exit(EXIT_FINDINGS)


def _emit(text: str, output: Path | None) -> None:
    """Write the rendered report to --output, or echo it."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        from nutricheck.errors import DataFileError

        raise DataFileError(f"cannot write the report: {exc.strerror}", source=str(output)) from exc
    click.echo(f"wrote {output}", err=True)


def _is_diary(file: str) -> bool:
    """A CSV/TSV file is read as a diary export; anything else as a typed food log."""
    return file != "-" and Path(file).suffix.lower() in (".csv", ".tsv")


def _diary_report(
    path: Path,
    diary_format: str,
    person: Any,
    *,
    fmt: str,
    output: Path | None,
    fail_on_shortfall: bool,
    foods_path: Path | None,
    targets_path: Path | None,
    dayfirst: bool | None = None,
    complete_only: bool = False,
    min_kcal: float | None = None,
    min_entries: int | None = None,
) -> None:
    from nutricheck.days import MIN_ENTRIES, MIN_KCAL, build_diary_report, build_generic_report
    from nutricheck.diary import GENERIC, read_diary
    from nutricheck.diary import diary_format as format_of
    from nutricheck.render.days import render_days
    from nutricheck.targets import targets_for

    found = format_of(path, diary_format)
    common: dict[str, Any] = {
        "table": _load_table(foods_path),
        "targets": targets_for(person, targets_path),
        "min_kcal": MIN_KCAL if min_kcal is None else min_kcal,
        "min_entries": MIN_ENTRIES if min_entries is None else min_entries,
    }
    if found == GENERIC:  # read in chunks: a generic diary may have millions of rows
        with _RowCounter(path) as progress:
            result = build_generic_report(
                path,
                person,
                dayfirst=dayfirst,
                complete_only=complete_only,
                progress=progress,
                **common,
            )
    else:
        diary = read_diary(path, found, dayfirst=dayfirst, complete_only=complete_only)
        result = build_diary_report(diary, person, **common)
    _emit(render_days(result, fmt, color=_color(output)), output)
    if fail_on_shortfall and result.shortfalls:
        sys.exit(EXIT_FINDINGS)


class _RowCounter:
    """Rows read so far, on stderr, only when stderr is a terminal (nothing when piped)."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.shown = False
        self.live = sys.stderr.isatty()

    def __call__(self, rows: int) -> None:
        if self.live:
            click.echo(f"\rreading {self.name}: {rows:,} rows", err=True, nl=False)
            self.shown = True

    def __enter__(self) -> _RowCounter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:  # clear the counter's line, so the report (or an error) starts clean
            click.echo("\r\033[K", err=True, nl=False)


DIARY_FORMATS = (
    "auto",
    "generic",
    "cronometer-servings",
    "cronometer-daily",
    "myfitnesspal",
    "loseit",
)
OUTPUT_FORMATS = ("text", "json", "csv", "markdown", "html")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(DIARY_FORMATS + OUTPUT_FORMATS),
    help="The diary's format (default auto: sniffed from the header) and/or the output format "
    "(default text); give --format twice for both, e.g. --format cronometer-daily --format json.",
)
@profile_options
@foods_option
@output_option
@click.option(
    "--fail-on-shortfall", is_flag=True, help="Exit 1 when a nutrient's mean is short of target."
)
@click.option(
    "--dayfirst/--monthfirst",
    default=None,
    help="How to read dates such as 01/02/2024 when the file cannot tell.",
)
@click.option(
    "--complete-only", is_flag=True, help="Cronometer: leave out days not marked Completed."
)
@click.option(
    "--min-kcal",
    type=click.FloatRange(0),
    help="Days under this many kcal are flagged and left out of the mean [800].",
)
@click.option(
    "--min-entries",
    type=click.IntRange(0),
    help="Food-level diaries: days with fewer entries are flagged [3].",
)
def import_(
    file: Path,
    formats: tuple[str, ...],
    output: Path | None,
    fail_on_shortfall: bool,
    foods_path: Path | None,
    targets_path: Path | None,
    dayfirst: bool | None,
    complete_only: bool,
    min_kcal: float | None,
    min_entries: int | None,
    **profile: Any,
) -> None:
    """Import a food diary (CSV) and report each day and the days together.

    Reads a generic CSV (date,meal,text or date,meal,food,amount,unit) and the exports of
    Cronometer (servings and daily nutrition), MyFitnessPal (nutrition summary) and Lose It!.

    \b
    Example:
        nutricheck import cronometer-dailysummary.csv --sex female --age 34
        nutricheck import diary.csv --format generic --format json -o days.json
    """
    diary_formats = [f for f in formats if f in DIARY_FORMATS]
    output_formats = [f for f in formats if f in OUTPUT_FORMATS]
    if len(diary_formats) > 1 or len(output_formats) > 1:
        raise click.UsageError("give at most one diary format and one output format")
    person = resolve_profile(**profile)
    _diary_report(
        file,
        diary_formats[0] if diary_formats else "auto",
        person,
        fmt=output_formats[0] if output_formats else "text",
        output=output,
        fail_on_shortfall=fail_on_shortfall,
        foods_path=foods_path,
        targets_path=targets_path,
        dayfirst=dayfirst,
        complete_only=complete_only,
        min_kcal=min_kcal,
        min_entries=min_entries,
    )


# ----------------------------------------------------------------------------------------- profile
@cli.group()
def profile() -> None:
    """Save your profile once so you need not retype it."""


@profile.command("save")
@click.option("--sex", required=True)
@click.option("--age", type=float)
@click.option("--age-months", type=float)
@click.option("--pregnant", is_flag=True)
@click.option("--lactating", is_flag=True)
@click.option("--vegetarian", is_flag=True)
@click.option("--endurance", is_flag=True)
def profile_save(**options: Any) -> None:
    """Save the default profile (in your user config directory).

    \b
    Example:
        nutricheck profile save --sex female --age 34 --vegetarian
    """
    from nutricheck.profile import default_profile_path, save_profile

    person = resolve_profile(profile_path=None, **options)
    path = default_profile_path()
    save_profile(person, path)
    click.echo(f"saved {path}")


@profile.command("show")
def profile_show() -> None:
    """Show the saved default profile and where it is."""
    from nutricheck.profile import default_profile_path

    path = default_profile_path()
    if not path.is_file():
        click.echo(f"no saved profile (it would be at {path})")
        return
    click.echo(f"{path}:")
    click.echo(path.read_text(encoding="utf-8"), nl=False)


def _register_optional_commands() -> None:
    """Commands that live beside their feature (FoodData Central, diary import)."""
    try:
        from nutricheck.fdc.commands import fdc, foods_add, foods_remove
    except ImportError:  # pragma: no cover - during development only
        return
    cli.add_command(fdc)
    foods.add_command(foods_add, "add")
    foods.add_command(foods_remove, "remove")


_register_optional_commands()


def main() -> None:
    """The console script: one command, then the process exits."""
    # What a command makes (the food table, the matcher's index, a diary's per-day results) mostly
    # lives until the process exits. Every full pass of the cyclic garbage collector walks all of
    # it, and one more pass runs at exit: about 0.6 s of a 1,000,000-row import (bench/), for no
    # memory back (the same peak). So young objects are collected every 100,000 allocations
    # instead of 700, and what is alive at the end is frozen, which the pass at exit skips.
    # Reference counting frees everything else as before.
    gc.set_threshold(100_000, 10, 10)
    try:
        cli(prog_name="nutricheck")
    finally:
        gc.freeze()

"""Click commands for FoodData Central and the user's food table, for the lead to attach to the CLI.

* ``fdc``: a group with ``fdc search QUERY [--data-type ...] [--limit N] [--format text|json]``;
* ``foods_add`` and ``foods_remove``: ``add`` and ``remove`` for the ``foods`` group.

Attach them with::

    from nutricheck.fdc.commands import fdc, foods_add, foods_remove
    cli.add_command(fdc)
    foods.add_command(foods_add)
    foods.add_command(foods_remove)

Only ``click`` is imported here at module level: ``requests`` and ``pint`` are imported inside the
commands, so ``nutricheck --help`` stays fast. A :class:`~nutricheck.errors.NutricheckError`
becomes a clean message and exit code 2 (:func:`translate_errors`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from nutricheck.errors import NutricheckError

F = TypeVar("F", bound=Callable[..., Any])

ERROR_EXIT_CODE = 2


class NutricheckClickError(click.ClickException):
    """A NutricheckError as click shows it: ``Error: <message>``, exit code 2."""

    exit_code = ERROR_EXIT_CODE


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn a :class:`NutricheckError` raised inside into a :class:`NutricheckClickError`."""
    try:
        yield
    except NutricheckError as exc:
        raise NutricheckClickError(str(exc)) from exc


def handles_errors(command: F) -> F:
    """Decorator form of :func:`translate_errors` for a command's callback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with translate_errors():
            return command(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _client() -> Any:
    from nutricheck.fdc.client import FDCClient

    return FDCClient()


def _fmt(value: float) -> str:
    return f"{value:.4g}"


# ------------------------------------------------------------------------------------ fdc search


@click.group("fdc")
def fdc() -> None:
    """Search USDA FoodData Central (needs the network; set FDC_API_KEY).

    Foods you fetch are cached, so they keep working offline. Add one to your own food table with
    `nutricheck foods add --fdc ID`.
    """


@fdc.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--data-type",
    "data_types",
    multiple=True,
    metavar="TYPE",
    help="Foundation, 'SR Legacy' (sr), 'Survey (FNDDS)' (fndds) or Branded; repeat for several.",
)
@click.option(
    "--limit",
    default=10,
    show_default=True,
    type=click.IntRange(1, 200),
    help="How many foods to show.",
)
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json"]),
    help="Output format.",
)
@handles_errors
def fdc_search(query: Sequence[str], data_types: Sequence[str], limit: int, fmt: str) -> None:
    """Find foods in FoodData Central by words of their description.

    \b
    Example:
        nutricheck fdc search cheddar cheese --data-type foundation --limit 5
    """
    from nutricheck.fdc.parse import normalize_data_type

    types = [normalize_data_type(t) for t in data_types]  # a typo fails before any request
    hits = _client().search(" ".join(query), data_types=types or None, page_size=limit)
    if fmt == "json":
        from nutricheck.render._common import json_text

        click.echo(json_text([h.to_dict() for h in hits]), nl=False)
        return
    if not hits:
        click.echo("No foods found.")
        return
    width = max(len(str(h.fdc_id)) for h in hits)
    type_width = max(len(h.data_type) for h in hits)
    for h in hits:
        brand = h.brand_name or h.brand_owner
        label = (
            f"{h.description} ({brand})"
            if brand and brand.lower() not in h.description.lower()
            else h.description
        )
        click.echo(f"{h.fdc_id:>{width}}  {h.data_type:<{type_width}}  {label}")
    click.echo(f"\nAdd one to your foods with: nutricheck foods add --fdc {hits[0].fdc_id}")


# ------------------------------------------------------------------------- foods add / remove


def _parse_values(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, amount = item.partition("=")
        if not sep or not name.strip() or not amount.strip():
            raise click.UsageError(f"{item!r} is not NUTRIENT=AMOUNT (e.g. iron=2mg)")
        if name.strip() in out:
            raise click.UsageError(f"{name.strip()} is given twice")
        out[name.strip()] = amount.strip()
    return out


def _summary(per_100g: Any) -> tuple[str, str]:
    from nutricheck import nutrients

    known, unknown = [], []
    for key in nutrients.KEYS:
        n = nutrients.get(key)
        value = per_100g.get(key)
        if value is None:
            unknown.append(n.name)
        else:
            known.append(f"{n.name} {_fmt(value)} {n.symbol}")
    return ", ".join(known), ", ".join(unknown)


@click.command("add")
@click.option(
    "--fdc",
    "fdc_id",
    metavar="ID",
    help="Fetch this FoodData Central food (see `nutricheck fdc search`).",
)
@click.option("--name", metavar="NAME", help="Add a food of your own with this name.")
@click.option(
    "--per",
    default="100g",
    show_default=True,
    help="What the amounts are for: a weight (100g, 40g) "
    "or a portion and its weight ('1 serving=40g').",
)
@click.option("--category", default="", help="A category for your own food.")
@click.option("--replace", is_flag=True, help="Replace a food with the same key.")
@click.argument("values", nargs=-1, metavar="[NUTRIENT=AMOUNT]...")
@handles_errors
def foods_add(
    fdc_id: str | None,
    name: str | None,
    per: str,
    category: str,
    replace: bool,
    values: Sequence[str],
) -> None:
    """Add a food to your own food table, from FoodData Central or typed in.

    Amounts need a unit (mg, µg/ug/mcg, g, kcal, kJ; IU for vitamin D, iu_natural or iu_synthetic
    for vitamin E). Nutrients you leave out are unknown, not zero.

    \b
    Examples:
        nutricheck foods add --fdc 170720
        nutricheck foods add --name "Granola bar" --per "1 bar=40g" \\
            iron=2mg potassium=150mg vitamin_d=400IU
    """
    from nutricheck import userfoods

    if (fdc_id is None) == (name is None):
        raise click.UsageError("give either --fdc ID or --name NAME")
    if fdc_id is not None:
        if values:
            raise click.UsageError(
                "nutrient amounts go with --name; --fdc takes them from FoodData Central"
            )
        from nutricheck.fdc.parse import parse_food_details

        parsed = parse_food_details(_client().food(fdc_id))
        food = parsed.food
        path = userfoods.add_food(food, from_iu=parsed.from_iu, replace=replace)
        for note in parsed.notes:
            click.echo(f"note: {note}", err=True)
    else:
        assert name is not None
        if not values:
            raise click.UsageError("give at least one NUTRIENT=AMOUNT, e.g. iron=2mg")
        food = userfoods.add_manual(
            name, per=per, values=_parse_values(values), category=category, replace=replace
        )
        path = userfoods.user_table_paths()[0]
    known, unknown = _summary(food.per_100g)
    click.echo(f"Added {food.key}: {food.description}")
    click.echo(f"  per 100 g: {known or 'no values'}")
    if unknown:
        click.echo(f"  unknown: {unknown}")
    for p in food.portions:
        click.echo(f"  portion: {p.description} = {_fmt(p.grams)} g")
    click.echo(f"  saved in {path}")


@click.command("remove")
@click.argument("key")
@handles_errors
def foods_remove(key: str) -> None:
    """Remove a food from your own food table.

    \b
    Example:
        nutricheck foods remove user:granola-bar
    """
    from nutricheck import userfoods

    food = userfoods.remove_food(key)
    click.echo(f"Removed {food.key}: {food.description}")


fdc_group = fdc
"""The ``fdc`` group under another name, for ``cli.add_command(fdc_group)``."""

__all__ = [
    "ERROR_EXIT_CODE",
    "NutricheckClickError",
    "fdc",
    "fdc_group",
    "fdc_search",
    "foods_add",
    "foods_remove",
    "handles_errors",
    "translate_errors",
]

from __future__ import annotations

import pytest
from conftest import NUTRIENT_KEYS

from nutricheck import nutrients
from nutricheck.units import Q_

EXPECTED_KEYS = list(NUTRIENT_KEYS)


def test_keys_are_the_agreed_names():
    assert list(nutrients.KEYS) == EXPECTED_KEYS
    assert list(nutrients.TARGET_KEYS) == EXPECTED_KEYS[:8]


@pytest.mark.parametrize("key", EXPECTED_KEYS)
def test_key_ends_with_a_unit_pint_reads(key):
    n = nutrients.get(key)
    assert key.endswith("_" + n.unit)
    Q_(1, n.unit)  # pint knows it


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("Iron", "iron_mg"),
        ("Thiamine", "thiamin_mg"),
        ("vitamin d", "vitamin_d_ug"),
        ("K", "potassium_mg"),
        ("calories", "energy_kcal"),
    ],
)
def test_by_alias(alias, key):
    assert nutrients.by_alias(alias).key == key


def test_unknown_key_names_the_known_ones():
    with pytest.raises(KeyError, match="iron_mg"):
        nutrients.get("zinc_mg")


def test_no_other_module_spells_a_nutrient_key():
    """The registry is the one place nutrient keys are spelled in the package's code (docstrings aside)."""
    import ast

    from conftest import ROOT

    offenders = []
    for path in (ROOT / "nutricheck").rglob("*.py"):
        if path.name == "nutrients.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in EXPECTED_KEYS:
                offenders.append(f"{path.name}:{node.lineno}: {node.value}")
    assert offenders == []

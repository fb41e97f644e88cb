"""The names ``nutricheck`` exports resolve, lazily, and importing the package loads nothing heavy."""

from __future__ import annotations

import subprocess
import sys

import pytest

import nutricheck


@pytest.mark.parametrize("name", [n for n in nutricheck.__all__ if n != "__version__"])
def test_every_export_resolves(name):
    value = getattr(nutricheck, name)
    assert getattr(value, "__name__", name) == name or name.isupper()


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        nutricheck.no_such_thing  # noqa: B018


@pytest.mark.slow
def test_import_loads_no_heavy_dependency():
    code = (
        "import sys, nutricheck, nutricheck.cli; "
        "print(sorted(m for m in ('pandas', 'pint', 'requests', 'numpy', 'dask') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def table():
    from nutricheck.foods import default_table

    return default_table()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's saved profile, food table or cache."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("NUTRICHECK_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("NUTRICHECK_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("NUTRICHECK_CACHE_DIR", str(base / "cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)

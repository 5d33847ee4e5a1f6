"""Shared fixtures: example sessions, a starter session, and isolation from the user's files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# The catalog reads the user's refreshed price overlay once per process, possibly while
# tests are collected: point it at an empty folder before anything loads the catalog, and
# keep its cache (`model.catalog.cache`) out of the user's too.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="infrasketch-data-")
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="infrasketch-cache-")
os.environ.pop("INFRASKETCH_PRICES", None)

from model.enums import Provider
from model.session import Session
from sessions.bundled import EXAMPLES, example_path
from sessions.starter import starter_session


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With pytest-xdist's `--dist loadgroup` (`make check`), the tests sharing a
    module-scoped fixture (a rendered bundle, generated designs) run on one worker, so it is
    built once; every other test goes to whichever worker is free. The slow tests go
    first: a minute-long test handed out last kept one worker busy while the other idled."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        defs = [d for group in info.name2fixturedefs.values() for d in group]
        if any(d.scope == "module" for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the developer's own config, recent files and autosaves out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("INFRASKETCH_PRICES", raising=False)


@pytest.fixture
def starter() -> Session:
    """The AWS starter design `infrasketch new` writes."""
    return starter_session(Provider.AWS)


@pytest.fixture(params=sorted(EXAMPLES))
def example_name(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each bundled example's name in turn."""
    name: str = request.param
    yield name


@pytest.fixture
def example_file(example_name: str) -> Path:
    """Each bundled example's path in turn."""
    return example_path(example_name)

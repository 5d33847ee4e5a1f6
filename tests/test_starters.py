"""The starter designs are data (`sessions/starters/*.yaml`) read by the examples' loader."""

from __future__ import annotations

import pytest

from model.enums import Provider
from sessions.bundled import load_starter
from sessions.starter import starter_session


@pytest.mark.parametrize("provider", list(Provider))
def test_starter_files_build_what_the_python_builder_built(provider: Provider) -> None:
    built = starter_session(provider)
    loaded = load_starter(provider)
    assert loaded == built

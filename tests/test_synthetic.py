"""Synthetic designs for benchmarks and scale tests: exact sizes, valid, deterministic."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import MIN_SIZE, synthetic_session
from sessions.store import dumps, loads


@pytest.mark.parametrize("size", [MIN_SIZE, 10, 50, 200, 500])
def test_exact_size_valid_and_deterministic(size: int) -> None:
    session = synthetic_session(size)
    assert len(session.components) == size
    assert dumps(session) == dumps(synthetic_session(size))
    assert loads(dumps(session)) == session


def test_too_small_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        synthetic_session(MIN_SIZE - 1)

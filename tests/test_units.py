"""One way to write a quantity: money, percentages and the narrowest diagram, everywhere."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.units import availability, percent


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (12.5, 1, "12.5%"),
        (3.0, 1, "3%"),
        (54.63, 1, "54.6%"),
        (0.25, 2, "0.25%"),
        (100.0, 1, "100%"),
        (99.95, 1, "99.95%"),  # was "100%" in the documents' formatter
        (99.9, 0, "99.9%"),
        (99.99998, 3, "99.99998%"),
    ],
)
def test_percent(value: float, digits: int, text: str) -> None:
    assert percent(value, digits) == text


def test_availability_tells_the_nines_apart() -> None:
    assert [availability(v) for v in (99.9, 99.95, 99.853, 99.99, 99.99998)] == [
        "99.9%",
        "99.95%",
        "99.853%",
        "99.99%",
        "99.99998%",
    ]


@given(st.floats(min_value=0, max_value=99.99999), st.integers(min_value=0, max_value=3))
def test_a_value_below_100_never_reads_as_100(value: float, digits: int) -> None:
    assert percent(value, digits) != "100%"

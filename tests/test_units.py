"""One way to write a quantity: money, percentages and the narrowest diagram, everywhere."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.units import availability, money, monthly, percent


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


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0.4, "$0.40"),
        (45.6, "$45.60"),
        (99.994, "$99.99"),
        (99.996, "$100"),
        (-0.001, "$0.00"),
        (100.0, "$100"),
        (1234.56, "$1,235"),
        (1_203_818.02, "$1,203,818"),
        (-12.5, "-$12.50"),
        (-1500.0, "-$1,500"),
    ],
)
def test_money_has_cents_below_100_dollars(amount: float, text: str) -> None:
    assert money(amount) == text


def test_monthly() -> None:
    assert monthly(1234.5) == "$1,234/month"

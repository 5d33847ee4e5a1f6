"""How the tool writes its quantities, once for every view and file: money and its deltas,
percentages and availability deltas, durations, and the narrowest diagram it draws.

The live panel, Review, the role lens, the report and every exported document state the
same figures; they write them with these functions, so a cost or an availability reads
the same wherever it appears.
"""

from __future__ import annotations

MIN_DIAGRAM_WIDTH = 28
"""The narrowest ASCII/Unicode diagram drawn, in terminal columns (the CLI's `--width`
floor, the exporter's refusal and the live panel's smallest drawing)."""

CENTS_BELOW = 100.0
"""Amounts under this many dollars are written with cents; larger ones in whole dollars
(a monthly estimate of $1,234.56 is not known to the cent, $0.40 of storage is)."""

AVAILABILITY_DIGITS = 3
"""Decimals of an availability: enough to tell 99.95% from 99.9% and 99.99%."""

MAX_PERCENT_DIGITS = 6
"""The most decimals a percentage gets to keep a value off 100%."""


def money(amount: float) -> str:
    """US dollars: `$0.40`, `$45.60`, `$1,234` (cents below `CENTS_BELOW`), `-$12.50`."""
    value = round(abs(amount), 2)
    sign = "-" if amount < 0 and value else ""
    if value < CENTS_BELOW:
        return f"{sign}${value:,.2f}"
    return f"{sign}${value:,.0f}"


def monthly(amount: float) -> str:
    """A monthly amount: `$1,234/month`."""
    return f"{money(amount)}/month"


def percent(value: float, digits: int = 1) -> str:
    """A percentage with up to `digits` decimals, trailing zeros dropped: `12.5%`, `3%`,
    `99.95%`, `99.99998%`.

    A value below 100 never reads as 100%: more decimals are shown until it does not, so
    the nines of an availability are never rounded away (99.95 with one decimal is
    `99.95%`, not `100%`).
    """
    shown = digits
    text = _fixed(value, shown)
    while value < 100 and float(text) >= 100 and shown < MAX_PERCENT_DIGITS:
        shown += 1
        text = _fixed(value, shown)
    return f"{text}%"


def _fixed(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def availability(value: float) -> str:
    """An availability: `percent` with `AVAILABILITY_DIGITS` decimals, e.g. `99.95%`,
    `99.853%`, `99.99998%`."""
    return percent(value, AVAILABILITY_DIGITS)


def signed_money(value: float) -> str:
    """A monthly delta with its sign: `−$24.51`, `+$1,200`, `±$0`."""
    if abs(value) < 0.005:
        return "±$0"
    return ("+" if value > 0 else "−") + money(abs(value))


def points(delta: float) -> str:
    """An availability delta in percentage points: `+0.449 pp`, `−0.04 pp`, `±0 pp`."""
    if abs(delta) < 0.0005:
        return "±0 pp"
    text = f"{abs(delta):.3f}".rstrip("0").rstrip(".")
    return ("+" if delta > 0 else "−") + f"{text} pp"


def steps(delta: int) -> str:
    """A complexity delta: `−3`, `+1`, `±0`."""
    if delta == 0:
        return "±0"
    return ("+" if delta > 0 else "−") + str(abs(delta))


def downtime(minutes_per_month: float) -> str:
    """Downtime a month in the unit a person would say: `~44 min`, `~6 h`, `~1.5 days`."""
    if minutes_per_month < 1:
        return "less than a minute"
    if minutes_per_month < 120:
        return f"~{minutes_per_month:,.0f} min"
    hours = minutes_per_month / 60
    if hours < 48:
        return f"~{hours:,.1f} h".replace(".0 h", " h")
    return f"~{hours / 24:,.1f} days"


def minutes(value: float) -> str:
    """A duration in the unit a person would say: 45 min, 4 h, 3 days."""
    if value < 120:
        return f"{round(value, 1):g} min"
    if value < 48 * 60:
        return f"{round(value / 60, 1):g} h"
    return f"{round(value / 1440, 1):g} days"


def capital(text: str) -> str:
    """`text` with its first letter upper-case (a label starting a sentence)."""
    return text[:1].upper() + text[1:]


def a_or_an(word: str) -> str:
    """`word` with its indefinite article: `an AWS`, `a GCP`, `an Azure`."""
    return f"{'an' if word[:1].upper() in 'AEIOU' else 'a'} {word}"

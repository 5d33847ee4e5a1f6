"""Guardrails of a design change: the conditions under which `infrasketch diff` fails CI.

A guardrail is written `METRIC OP VALUE`, with `>` or `>=`:

| guardrail | holds when |
| :- | :- |
| `cost-increase>10%` | the whole monthly bill (every environment) grows by more than 10% |
| `cost-increase>$500` | ... grows by more than $500 a month |
| `availability-drop>0.05` | the design estimate falls by more than 0.05 percentage points |
| `new-finding>=high` | the change leaves an unanswered high or critical finding it did not |
| `unanswered>=critical` | the head has an unanswered finding of critical severity |

`parse_guardrail` turns the text into a `Guardrail` or says, in a `ValueError`, what is
wrong and what is accepted; the session field `pipeline.design_review.fail_on` and the
command line read guardrails with it. `model.diff.SessionDiff.breaches` evaluates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from model.enums import Severity


class Metric(StrEnum):
    """What a guardrail watches."""

    COST_INCREASE = "cost-increase"
    """The whole monthly bill (every environment), in % or $ a month."""
    AVAILABILITY_DROP = "availability-drop"
    """The design estimate of availability, in percentage points."""
    NEW_FINDING = "new-finding"
    """Unanswered findings the change opens or raises, by severity."""
    UNANSWERED = "unanswered"
    """Unanswered findings of the head, by severity."""


Unit = Literal["%", "$", "pp"]
"""What a guardrail's amount counts: percent of the base, US dollars a month, or
percentage points of availability."""

EXAMPLES = (
    "cost-increase>10%",
    "cost-increase>$500",
    "availability-drop>0.05",
    "new-finding>=high",
    "unanswered>=critical",
)
"""One guardrail of each form, for messages and help."""

_SHAPE = re.compile(r"^\s*([a-z-]+)\s*(>=|>)\s*(\S.*?)\s*$")
_AMOUNT = re.compile(r"^(\$)?\s*(\d+(?:\.\d+)?)\s*(%|pp)?$")


@dataclass(frozen=True, slots=True)
class Guardrail:
    """One parsed guardrail."""

    metric: Metric
    inclusive: bool
    """`>=` rather than `>`."""
    amount: float = 0.0
    """The threshold of a cost or availability guardrail."""
    unit: Unit = "%"
    """What `amount` counts."""
    severity: Severity | None = None
    """The threshold of a findings guardrail: this severity or worse."""

    @property
    def text(self) -> str:
        """The guardrail as written canonically, e.g. `cost-increase>$500`."""
        op = ">=" if self.inclusive else ">"
        if self.severity is not None:
            return f"{self.metric}{op}{self.severity}"
        number = f"{self.amount:g}"
        if self.unit == "$":
            return f"{self.metric}{op}${number}"
        return f"{self.metric}{op}{number}{'%' if self.unit == '%' else ''}"

    def passes(self, value: float) -> bool:
        """Whether `value` is past the threshold (`>` or `>=`)."""
        return value >= self.amount if self.inclusive else value > self.amount

    def covers(self, severity: Severity) -> bool:
        """Whether a finding of `severity` is at or past this guardrail's severity."""
        assert self.severity is not None
        if self.inclusive:
            return severity.rank <= self.severity.rank
        return severity.rank < self.severity.rank


def parse_guardrail(text: str) -> Guardrail:
    """The guardrail `text` states; ValueError saying what is accepted when it is none."""
    match = _SHAPE.match(text)
    accepted = f"write e.g. {', '.join(EXAMPLES)}"
    if match is None:
        raise ValueError(f"{text.strip()!r} is not a guardrail; {accepted}")
    name, op, value = match.groups()
    try:
        metric = Metric(name)
    except ValueError:
        names = ", ".join(m.value for m in Metric)
        raise ValueError(f"unknown guardrail {name!r}; the guardrails are {names}") from None
    inclusive = op == ">="
    if metric in (Metric.NEW_FINDING, Metric.UNANSWERED):
        try:
            return Guardrail(metric, inclusive, severity=Severity(value.lower()))
        except ValueError:
            levels = ", ".join(s.value for s in Severity)
            raise ValueError(f"{metric} takes a severity ({levels}), not {value!r}") from None
    amount = _AMOUNT.match(value)
    if amount is None:
        raise ValueError(f"{metric} takes an amount such as 10%, $500 or 0.05; not {value!r}")
    dollar, number, suffix = amount.groups()
    if metric is Metric.COST_INCREASE:
        if (dollar and suffix) or suffix == "pp" or not (dollar or suffix):
            raise ValueError(
                f"cost-increase takes a percentage (10%) or dollars a month ($500), not {value!r}"
            )
        return Guardrail(metric, inclusive, float(number), "$" if dollar else "%")
    if dollar or suffix == "%":
        raise ValueError(
            f"availability-drop takes percentage points (0.05 or 0.05pp), not {value!r}"
        )
    return Guardrail(metric, inclusive, float(number), "pp")


def checked_guardrail(text: str) -> str:
    """`text` in its canonical form when it is a guardrail (a pydantic validator)."""
    return parse_guardrail(text).text

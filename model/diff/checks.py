"""Each guardrail of `model.guardrails` measured on a `SessionDiff`.

A `Check` says what was measured and whether the guardrail holds (fails the change), in
words a pull request comment and a CI log print as they are. A percentage of nothing is
no percentage: on a new design (no base bill) `cost-increase>10%` is not evaluated and
says so, as is `availability-drop` without a base availability.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.diff.findings import FindingDelta
from model.guardrails import Guardrail, Metric
from model.skeptic.findings import Finding
from model.units import money, points, signed_money

if TYPE_CHECKING:
    from model.diff import SessionDiff


@dataclass(frozen=True, slots=True)
class Check:
    """One guardrail measured."""

    guardrail: Guardrail
    holds: bool
    """Whether the change breaks it (the command exits 1)."""
    measured: str
    """What was measured, e.g. `+25.3% (+$61 a month)`, `1 new: Single-AZ database (high)`."""


def check(guardrail: Guardrail, diff: SessionDiff) -> Check:
    """`guardrail` measured on `diff`."""
    if guardrail.metric is Metric.COST_INCREASE:
        bill = diff.cost.all_environments
        change = bill.change
        if guardrail.unit == "$":
            return Check(guardrail, guardrail.passes(change), f"{signed_money(change)} a month")
        percent = bill.percent
        if percent is None:
            return Check(
                guardrail, False, f"not evaluated: the base bill is {money(bill.before or 0)}"
            )
        return Check(
            guardrail,
            guardrail.passes(percent),
            f"{'+' if percent >= 0 else '−'}{abs(percent):.1f}% ({signed_money(change)} a month)",
        )
    if guardrail.metric is Metric.AVAILABILITY_DROP:
        estimate = diff.availability.estimate
        if estimate.before is None:
            return Check(guardrail, False, "not evaluated: the base has no availability")
        drop = -estimate.change
        return Check(guardrail, guardrail.passes(drop), f"{points(estimate.change)} expected")
    if guardrail.metric is Metric.NEW_FINDING:
        new = [d.finding for d in diff.findings if _newly_over(d, guardrail)]
        return Check(guardrail, bool(new), _listed(new, "new"))
    waiting = [f for f in diff.head_findings if not f.answered and guardrail.covers(f.severity)]
    return Check(guardrail, bool(waiting), _listed(waiting, "unanswered"))


def _newly_over(delta: FindingDelta, guardrail: Guardrail) -> bool:
    """Whether the change leaves `delta`'s finding unanswered at the guardrail's severity
    when it was not so before (opened, raised, or its answer withdrawn)."""

    def over(finding: Finding | None) -> bool:
        return finding is not None and not finding.answered and guardrail.covers(finding.severity)

    return over(delta.after) and not over(delta.before)


def _listed(findings: list[Finding], what: str) -> str:
    if not findings:
        return f"none {what}"
    shown = "; ".join(f"{f.title} ({f.severity})" for f in findings[:3])
    more = f" and {len(findings) - 3} more" if len(findings) > 3 else ""
    return f"{len(findings)} {what}: {shown}{more}"

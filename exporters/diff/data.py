"""A design diff as JSON for scripts (`infrasketch diff --format json`).

Every figure that moves is a `delta`: `{"before", "after", "change", "percent"}`, where
`before`/`after` are null on a side that has no such figure (a new design's base, a
dropped environment, a price that is not public, a failure that cannot be recovered
from), `change` is after minus before (null when either is null for a duration, a
missing amount counting as 0 otherwise) and `percent` the change as a percentage of
`before` (null when that is 0 or null). Amounts in USD a month rounded to the cent,
availability in percent to 6 decimals, durations in minutes.

```
{
  "format": "infrasketch-diff", "format_version": 1,
  "base": {"label", "project" | null, "schema_version" | null, "migrated"},
  "head": {"label", "project", "schema_version" | null, "migrated"},
  "new_design": bool, "unchanged": bool,
  "headline": {"costs", "buys", "risks"},
  "guardrails": [{"guardrail", "holds", "measured"}], "failed": bool,
  "components": [{"change": "added" | "removed" | "renamed" | "changed",
                  "id", "base_id" | null, "name", "category", "service", "service_label",
                  "fields": [{"path", "before", "after"}],
                  "monthly": delta | null (its cost line, when it moved),
                  "decisions": [{"id", "title", "status", "rationale", "answer"}]}],
  "links": [{"change": "added" | "removed", "source", "target", "kind", "label"}],
  "cost": {"currency": "USD",
           "production": [{"scale", ...delta}],            1x, 10x, 100x
           "all_environments": delta, "budget": delta,
           "groups": [{"group", "label", ...delta}],        all six groups
           "environments": [{"name", ...delta}],
           "lines": [{"id", "name", "group", "service",
                      "scales": [{"scale", ...delta}]}]},   lines that moved
  "availability": {"target", "sla_floor", "estimate", "floor_downtime_minutes",
                   "estimate_downtime_minutes": delta,
                   "meets_target": {"before" | null, "after"},
                   "weakest_link": {"before" | null, "after" | null},
                   "recovery": {"rto_target_minutes", "rpo_target_minutes",
                                "rto_estimate_minutes", "rpo_achievable_minutes": delta,
                                "failures": [{"failure": "zone" | "data" | "region",
                                              "rto_minutes", "rpo_minutes": delta,
                                              "basis_before", "basis_after"}]}},
  "findings": [{"status": "opened" | "resolved" | "changed", "rule", "title", "lean",
                "severity_before" | null, "severity_after" | null,
                "answered_before" | null, "answered_after" | null,
                "components": [id], "message", "question",
                "answered_by": {"id", "title", "answer"} | null}],
  "summary": {"findings", "open_findings", "urgent_open_findings": {"before" | null, "after"}},
  "sections": [{"section", "title", "fields": [{"path", "before", "after"}]}],
  "diagram": {"mermaid": str, "text_diff": str}
}
```
"""

from __future__ import annotations

import json
from typing import Any

from exporters.common import service_of
from exporters.diff.review import Review
from exporters.diff.summary import buys_sentence, cost_sentence, line_of, risk_sentence
from model.diff import ComponentDelta, Delta, FindingDelta, SessionDiff, Side
from model.diff.fields import FieldChange
from model.diff.figures import FailureDelta
from model.engines.usage import SCALES
from model.sections.decisions import Decision
from model.skeptic.findings import Finding

FORMAT_VERSION = 1
"""The version of this JSON shape; it changes only when a field is renamed or removed."""

MONEY_DIGITS = 2
PERCENT_DIGITS = 6
MINUTE_DIGITS = 2


def diff_json(review: Review) -> str:
    """The documented JSON of `review` (see the module docstring), ending in a newline."""
    return json.dumps(diff_data(review), indent=2, ensure_ascii=False) + "\n"


def diff_data(review: Review) -> dict[str, Any]:
    """The JSON-ready dictionary of `review`."""
    diff = review.diff
    return {
        "format": "infrasketch-diff",
        "format_version": FORMAT_VERSION,
        "base": _side(diff.base),
        "head": _side(diff.head),
        "new_design": diff.new_design,
        "unchanged": diff.unchanged,
        "headline": {
            "costs": cost_sentence(diff),
            "buys": buys_sentence(diff),
            "risks": risk_sentence(diff),
        },
        "guardrails": [
            {"guardrail": c.guardrail.text, "holds": c.holds, "measured": c.measured}
            for c in review.checks
        ],
        "failed": bool(review.failed),
        "components": [_component(diff, d) for d in diff.components],
        "links": [
            {
                "change": "added" if d.added else "removed",
                "source": d.link.source,
                "target": d.link.target,
                "kind": d.link.kind,
                "label": d.link.label,
            }
            for d in diff.links
        ],
        "cost": _cost(diff),
        "availability": _availability(diff),
        "findings": [_finding(d) for d in diff.findings],
        "summary": _summary(diff),
        "sections": [
            {"section": s.key, "title": s.title, "fields": [_field(f) for f in s.fields]}
            for s in diff.sections
        ],
        "diagram": {"mermaid": review.mermaid, "text_diff": review.text_diagram},
    }


def delta(d: Delta, digits: int = MONEY_DIGITS, *, nullable: bool = False) -> dict[str, Any]:
    """A figure on both sides; `nullable`: a missing side means "never", so no change."""
    change: float | None = d.change
    if nullable and (d.before is None or d.after is None):
        change = None
    pct = d.percent if change is not None else None
    return {
        "before": _round(d.before, digits),
        "after": _round(d.after, digits),
        "change": _round(change, digits),
        "percent": _round(pct, 2),
    }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits) + 0.0


def _side(side: Side) -> dict[str, Any]:
    return {
        "label": side.label,
        "project": side.project,
        "schema_version": side.version,
        "migrated": side.migrated,
    }


def _field(change: FieldChange) -> dict[str, Any]:
    return {"path": change.path, "before": change.before, "after": change.after}


def _decision(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "title": decision.title,
        "status": decision.status.value,
        "rationale": decision.rationale,
        "answer": decision.answer,
    }


def _component(diff: SessionDiff, d: ComponentDelta) -> dict[str, Any]:
    component = d.component
    line = line_of(diff, d)
    return {
        "change": d.change.value,
        "id": component.id,
        "base_id": d.before.id if d.before is not None else None,
        "name": component.name,
        "category": component.category.value,
        "service": component.service,
        "service_label": service_of(component).label,
        "fields": [_field(f) for f in d.fields],
        "monthly": delta(line.monthly[0]) if line is not None else None,
        "decisions": [_decision(x) for x in d.decisions],
    }


def _cost(diff: SessionDiff) -> dict[str, Any]:
    cost = diff.cost
    return {
        "currency": "USD",
        "production": [
            {"scale": scale, **delta(d)} for scale, d in zip(SCALES, cost.production, strict=True)
        ],
        "all_environments": delta(cost.all_environments),
        "budget": delta(cost.budget),
        "groups": [
            {"group": group.value, "label": group.label, **delta(d)} for group, d in cost.groups
        ],
        "environments": [{"name": name, **delta(d)} for name, d in cost.environments],
        "lines": [
            {
                "id": line.id,
                "name": line.name,
                "group": line.group.value,
                "service": line.service,
                "scales": [
                    {"scale": scale, **delta(d)}
                    for scale, d in zip(SCALES, line.monthly, strict=True)
                ],
            }
            for line in cost.lines
        ],
    }


def _failure(f: FailureDelta) -> dict[str, Any]:
    return {
        "failure": f.failure.value,
        "rto_minutes": delta(f.rto, MINUTE_DIGITS, nullable=True),
        "rpo_minutes": delta(f.rpo, MINUTE_DIGITS, nullable=True),
        "basis_before": f.basis_before,
        "basis_after": f.basis_after,
    }


def _availability(diff: SessionDiff) -> dict[str, Any]:
    a = diff.availability
    return {
        "target": delta(a.target, PERCENT_DIGITS),
        "sla_floor": delta(a.sla_floor, PERCENT_DIGITS),
        "estimate": delta(a.estimate, PERCENT_DIGITS),
        "floor_downtime_minutes": delta(a.floor_downtime, MINUTE_DIGITS),
        "estimate_downtime_minutes": delta(a.estimate_downtime, MINUTE_DIGITS),
        "meets_target": {"before": a.meets_target[0], "after": a.meets_target[1]},
        "weakest_link": {"before": a.weakest[0], "after": a.weakest[1]},
        "recovery": {
            "rto_target_minutes": delta(a.rto_target, MINUTE_DIGITS),
            "rpo_target_minutes": delta(a.rpo_target, MINUTE_DIGITS),
            "rto_estimate_minutes": delta(a.rto_estimate, MINUTE_DIGITS, nullable=True),
            "rpo_achievable_minutes": delta(a.rpo_achievable, MINUTE_DIGITS, nullable=True),
            "failures": [_failure(f) for f in a.failures],
        },
    }


def _finding(d: FindingDelta) -> dict[str, Any]:
    finding: Finding = d.finding
    answer = d.after.answered_by if d.after is not None else None
    return {
        "status": d.status.value,
        "rule": finding.rule,
        "title": finding.title,
        "lean": finding.lean.value,
        "severity_before": d.before.severity.value if d.before is not None else None,
        "severity_after": d.after.severity.value if d.after is not None else None,
        "answered_before": d.before.answered if d.before is not None else None,
        "answered_after": d.after.answered if d.after is not None else None,
        "components": list(finding.components),
        "message": finding.message,
        "question": finding.question,
        "answered_by": (
            {"id": answer.id, "title": answer.title, "answer": answer.answer}
            if answer is not None
            else None
        ),
    }


def _summary(diff: SessionDiff) -> dict[str, Any]:
    before, after = diff.tally
    return {
        name: {"before": getattr(before, attr) if before else None, "after": getattr(after, attr)}
        for name, attr in (
            ("findings", "total"),
            ("open_findings", "open"),
            ("urgent_open_findings", "urgent"),
        )
    }

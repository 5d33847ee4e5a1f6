"""The engines' report of a session, as JSON for scripts (`infrasketch report FILE --json`).

`report_data(analysis)` gathers the cost estimate, optimisation opportunities, crossovers,
reliability and the skeptic's findings into one JSON-ready dictionary; `report_json`
serialises it; `report_text` (from `exporters.report.text`, re-exported here) renders the
same figures for people.

The JSON shape (amounts in USD per month, availabilities in percent from 0 to 100). Every
amount is rounded to the cent on its own (`usd`), a unit price to a millionth of a
dollar, an availability or share to `PERCENT_DIGITS` decimals and a quantity to
`QUANTITY_DIGITS`, so the file holds the figures a reviewer recomputes, not float noise
such as `3079.6764200000002`; a sum of rounded lines may differ from its rounded total by
a cent.

```
{
  "project": str, "provider": str, "style": str,
  "context": {"users", "peak_rps", "requests_millions", "data_gb", "egress_gb",
              "team_size", "budget_usd" | null, "availability_target_percent"},
  "cost": {
    "currency": "USD",
    "monthly_total": float,                    production at the 1x baseline
    "breakdown": [{"group", "label", "monthly", "percent"}],   all six groups
    "components": [{"id", "name", "category", "group", "service", "service_label",
                    "monthly" | null (no public price), "instances" | null, "size" | null,
                    "charges": [{"what", "detail", "quantity", "unit_price", "monthly",
                                 "kind": "fixed" | "variable" | "shared"}],
                    "price_source", "price_date", "assumption", "placement", "note",
                    "overridden", "region" (billed region, "global" or ""),
                    "borrowed": [price point] (billed at the base region's price),
                    "base_region"}],
    "not_counted": [component id],             no public price, left out of totals
    "borrowed_lines": [component id],          lines with base-region prices borrowed
    "environments": [{"name", "size_percent", "monthly", "production"}],
    "all_environments_total": float,
    "budget": {"monthly": float | null, "used_percent": float | null},
    "projections": [{"scale", "users", "monthly_total", "per_user" | null}],
    "opportunities": [{"kind", "component", "title", "current", "optimised", "savings",
                       "savings_percent", "action", "assumption", "source"}],
    "crossovers": [{"component", "category", "chosen", "alternative", "summary",
                    "crossings": [{"scale", "users", "cheaper_below", "cheaper_above"}],
                    "samples": [{"scale", "users", "chosen", "alternative"}]}]
  },
  "availability": {
    "sla_floor": float, "estimate": float, "target": float,
    "meets_target": bool (the floor), "estimate_meets_target": bool,
    "downtime_minutes_per_month": float (the floor's),
    "estimate_downtime_minutes_per_month": float, "allowed_downtime_minutes_per_month": float,
    "weakest_link": {"id", "name", "percent", "basis"} | null,
    "components": [{"id", "name", "percent" (floor), "estimate", "basis", "estimate_basis",
                    "sla_published", "user_facing" (on the request path), "split_with": [id]}],
    "paths": [{"store", "path": [component id], "percent", "weakest", "asynchronous"}],
    "recovery": {"backups_enabled", "restore_tested", "rpo_target_minutes",
                 "rpo_achievable_minutes" | null, "rpo_basis", "rpo_met",
                 "rto_target_minutes", "rto_estimate_minutes" | null, "rto_basis",
                 "rto_met", "database_gb",
                 "failures": [{"failure": "zone" | "data" | "region", "rto_minutes" | null,
                               "rpo_minutes" | null, "rto_met", "rpo_met", "basis"}]}
  },
  "findings": [{"rule", "severity": "critical" | "high" | "medium" | "low",
                "lean": "over" | "under", "title", "message", "alternative", "question",
                "current_monthly" | null, "alternative_monthly" | null, "cost_delta" | null,
                "availability_delta" | null, "components": [id],
                "answered_by": {"id", "title", "answer"} | null}],
  "summary": {"findings", "open_findings", "answered_findings",
              "urgent_open_findings" (open and critical or high)}
}
```
"""

from __future__ import annotations

import json
from typing import Any

from exporters.report.text import report_text
from model.analysis import Analysis
from model.engines.crossover import Crossover
from model.engines.lines import CostLine
from model.engines.optimisation import Opportunity
from model.engines.reliability import Reliability
from model.skeptic.findings import Finding

__all__ = ["report_data", "report_json", "report_text"]

UNIT_PRICE_DIGITS = 6
"""Decimals of a unit price (Fargate's $0.024685 per task-hour needs six)."""
PERCENT_DIGITS = 6
"""Decimals of an availability or a share (99.99998% keeps its nines)."""
QUANTITY_DIGITS = 4
"""Decimals of a quantity: requests in millions, GB, minutes, users."""


def usd(amount: float | None) -> float | None:
    """An amount in USD rounded to the cent (None stays None: no public price)."""
    return _round(amount, 2)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits) + 0.0


def report_data(analysis: Analysis) -> dict[str, Any]:
    """Every figure of the report as a JSON-ready dictionary (shape in the module docstring)."""
    session = analysis.session
    cost = analysis.cost
    reliability = analysis.reliability
    findings = analysis.findings
    context = session.context
    budget = cost.budget_usd
    return {
        "project": context.project,
        "provider": session.provider.value,
        "style": session.style.value,
        "context": {
            "users": context.users,
            "peak_rps": context.peak_rps,
            "requests_millions": _round(context.requests_millions, QUANTITY_DIGITS),
            "data_gb": context.data_gb,
            "egress_gb": _round(analysis.egress_gb, QUANTITY_DIGITS),
            "team_size": context.team_size,
            "budget_usd": budget,
            "availability_target_percent": context.availability_target_percent,
        },
        "cost": {
            "currency": "USD",
            "monthly_total": usd(cost.monthly_total),
            "breakdown": [
                {
                    "group": g.group.value,
                    "label": g.group.label,
                    "monthly": usd(g.monthly),
                    "percent": _round(g.percent, PERCENT_DIGITS),
                }
                for g in cost.breakdown
            ],
            "components": [_line(line) for line in cost.lines],
            "not_counted": list(cost.not_counted),
            "borrowed_lines": [line.component_id for line in cost.borrowed],
            "environments": [
                {
                    "name": e.name,
                    "size_percent": e.size_percent,
                    "monthly": usd(e.monthly),
                    "production": e.production,
                }
                for e in cost.environments
            ],
            "all_environments_total": usd(cost.all_environments_total),
            "budget": {
                "monthly": budget,
                "used_percent": (
                    _round(cost.all_environments_total / budget * 100, PERCENT_DIGITS)
                    if budget
                    else None
                ),
            },
            "projections": [
                {
                    "scale": p.scale,
                    "users": p.users,
                    "monthly_total": usd(p.monthly_total),
                    "per_user": _round(p.per_user, UNIT_PRICE_DIGITS),
                }
                for p in cost.projections
            ],
            "opportunities": [_opportunity(o) for o in analysis.opportunities],
            "crossovers": [_crossover(c) for c in analysis.crossovers],
        },
        "availability": _availability(reliability),
        "findings": [_finding(f) for f in findings],
        "summary": {
            "findings": analysis.tally.total,
            "open_findings": analysis.tally.open,
            "answered_findings": analysis.tally.answered,
            "urgent_open_findings": analysis.tally.urgent,
        },
    }


def report_json(analysis: Analysis) -> str:
    """`report_data` as indented JSON text ending in a newline."""
    return json.dumps(report_data(analysis), indent=2, ensure_ascii=False) + "\n"


def _line(line: CostLine) -> dict[str, Any]:
    return {
        "id": line.component_id,
        "name": line.component_name,
        "category": line.category.value if line.category is not None else None,
        "implied": line.implied.value if line.implied is not None else None,
        "group": line.group.value,
        "service": line.service_id,
        "service_label": line.service_label,
        "monthly": usd(line.monthly),
        "instances": line.instances,
        "size": line.size,
        "charges": [
            {
                "what": c.what,
                "detail": c.detail,
                "quantity": _round(c.quantity, QUANTITY_DIGITS),
                "unit_price": _round(c.unit_price, UNIT_PRICE_DIGITS),
                "monthly": usd(c.monthly),
                "kind": c.kind.value,
            }
            for c in line.charges
        ],
        "price_source": line.price_source,
        "price_date": line.price_date,
        "assumption": line.assumption,
        "placement": line.placement,
        "note": line.note,
        "overridden": line.overridden,
        "region": line.region,
        "borrowed": list(line.borrowed),
        "base_region": line.base_region,
    }


def _opportunity(o: Opportunity) -> dict[str, Any]:
    return {
        "kind": o.kind.value,
        "component": o.component_id,
        "title": o.title,
        "current": usd(o.current_monthly),
        "optimised": usd(o.optimised_monthly),
        "savings": usd(o.savings),
        "savings_percent": _round(o.savings_percent, PERCENT_DIGITS),
        "action": o.action,
        "assumption": o.assumption,
        "source": o.source,
    }


def _crossover(c: Crossover) -> dict[str, Any]:
    return {
        "component": c.component_id,
        "category": c.category,
        "chosen": c.chosen,
        "alternative": c.alternative,
        "summary": c.summary,
        "crossings": [
            {
                "scale": _round(x.scale, QUANTITY_DIGITS),
                "users": _round(x.users, QUANTITY_DIGITS),
                "cheaper_below": x.cheaper_below,
                "cheaper_above": x.cheaper_above,
            }
            for x in c.crossings
        ],
        "samples": [
            {
                "scale": s.scale,
                "users": _round(s.users, QUANTITY_DIGITS),
                "chosen": usd(s.chosen_monthly),
                "alternative": usd(s.alternative_monthly),
            }
            for s in c.samples
        ],
    }


def _availability(r: Reliability) -> dict[str, Any]:
    weakest = r.weakest_link
    recovery = r.recovery
    return {
        "sla_floor": _round(r.sla_floor_percent, PERCENT_DIGITS),
        "estimate": _round(r.estimate_percent, PERCENT_DIGITS),
        "target": r.target_percent,
        "meets_target": r.meets_target,
        "estimate_meets_target": r.estimate_meets_target,
        "downtime_minutes_per_month": _round(r.downtime_minutes_per_month, QUANTITY_DIGITS),
        "estimate_downtime_minutes_per_month": _round(
            r.estimate_downtime_minutes_per_month, QUANTITY_DIGITS
        ),
        "allowed_downtime_minutes_per_month": _round(
            r.allowed_downtime_minutes_per_month, QUANTITY_DIGITS
        ),
        "weakest_link": (
            {
                "id": weakest.component_id,
                "name": weakest.name,
                "percent": _round(weakest.percent, PERCENT_DIGITS),
                "basis": weakest.basis,
            }
            if weakest is not None
            else None
        ),
        "components": [
            {
                "id": c.component_id,
                "name": c.name,
                "percent": _round(c.percent, PERCENT_DIGITS),
                "estimate": _round(c.estimate, PERCENT_DIGITS),
                "basis": c.basis,
                "estimate_basis": c.estimate_basis,
                "sla_published": c.published,
                "user_facing": c.user_facing,
                "split_with": list(c.split_with),
            }
            for c in r.components
        ],
        "paths": [
            {
                "store": p.store,
                "path": list(p.nodes),
                "percent": _round(p.percent, PERCENT_DIGITS),
                "weakest": p.weakest,
                "asynchronous": p.asynchronous,
            }
            for p in r.paths
        ],
        "recovery": {
            "backups_enabled": recovery.backups_enabled,
            "restore_tested": recovery.restore_tested,
            "rpo_target_minutes": recovery.rpo_target_minutes,
            "rpo_achievable_minutes": _round(recovery.rpo_achievable_minutes, QUANTITY_DIGITS),
            "rpo_basis": recovery.rpo_basis,
            "rpo_met": recovery.rpo_met,
            "rto_target_minutes": recovery.rto_target_minutes,
            "rto_estimate_minutes": _round(recovery.rto_estimate_minutes, QUANTITY_DIGITS),
            "rto_basis": recovery.rto_basis,
            "rto_met": recovery.rto_met,
            "database_gb": _round(recovery.database_gb, QUANTITY_DIGITS),
            "failures": [
                {
                    "failure": o.failure.value,
                    "rto_minutes": _round(o.rto_minutes, QUANTITY_DIGITS),
                    "rpo_minutes": _round(o.rpo_minutes, QUANTITY_DIGITS),
                    "rto_met": recovery.rto_met_for(o.failure),
                    "rpo_met": recovery.rpo_met_for(o.failure),
                    "basis": o.basis,
                }
                for o in recovery.outcomes
            ],
        },
    }


def _finding(f: Finding) -> dict[str, Any]:
    answer = f.answered_by
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "lean": f.lean.value,
        "title": f.title,
        "message": f.message,
        "alternative": f.alternative,
        "question": f.question,
        "current_monthly": usd(f.current_monthly),
        "alternative_monthly": usd(f.alternative_monthly),
        "cost_delta": usd(f.cost_delta),
        "availability_delta": _round(f.availability_delta, PERCENT_DIGITS),
        "components": list(f.components),
        "answered_by": (
            {"id": answer.id, "title": answer.title, "answer": answer.answer}
            if answer is not None
            else None
        ),
    }

"""Skeptic rules on money and vendors: budget, growth, monitoring spend, retiring services.

Each rule is one function from the review's facts to its findings; the table at the end
gives each its id, severity and lean.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from model.engines.lines import Group
from model.engines.optimisation import OpportunityKind
from model.fields import field
from model.skeptic.findings import Draft, Lean, Rule, RuleTopic, Severity, dollars
from model.skeptic.rules.capacity import offered_size

if TYPE_CHECKING:
    from model.analysis import Analysis

MONITORING_SHARE = 0.25
"""Monitoring above this share of the bill is paying to watch rather than to serve ..."""

MONITORING_MIN_USD = 300.0
"""... once it is a material sum."""

RUNWAY_MONTHS = 12
"""How far ahead growth is projected against the budget."""


def retiring_service(facts: Analysis) -> Iterator[Draft]:
    """A service its vendor is retiring."""
    for component in facts.components_tagged("retiring"):
        service = facts.service(component)
        notice = next(
            (
                c
                for c in service.cons
                if any(w in c.lower() for w in ("retire", "support ends", "no longer sold"))
            ),
            service.cons[0],
        )
        others = [
            s
            for s in facts.catalog.choices(component.category, facts.session.provider)
            if s.id != service.id
            and s.provider is service.provider
            and "retiring" not in s.tags
            and s.pricing.is_public
        ]
        priced = []
        for other in others:
            size = offered_size(facts, component, other)
            cost = facts.cost_model.priced(component, service=other, size=size).monthly
            priced.append((other.label, cost))
        known = [(label, cost) for label, cost in priced if cost is not None]
        best = min(known, key=lambda pair: pair[1]) if known else None
        yield Draft(
            title=f"{service.label} is being retired",
            message=f"{component.name} runs on {service.label}: {notice}.",
            alternative=(
                f"the vendor's successor, or {best[0]} ({dollars(best[1])})"
                if best
                else "the vendor's successor (not in the catalog yet: price it before moving)"
            ),
            question="Who owns the migration, and is it planned before the end of support?",
            current_monthly=facts.monthly(component),
            alternative_monthly=best[1] if best else None,
            components=(component.id,),
        )


def over_budget(facts: Analysis) -> Iterator[Draft]:
    """The bill is above the budget."""
    budget = facts.cost.budget_usd
    bill = facts.cost.all_environments_total
    if budget is None or bill <= budget:
        return
    yield Draft(
        title=f"Over budget by {dollars(bill - budget)}",
        message=(
            f"All environments cost {dollars(bill)} (production "
            f"{dollars(facts.cost.monthly_total)}) against a budget of {dollars(budget)}."
        ),
        alternative="the optimisation opportunities first, then a smaller staging and dev",
        question="Is the budget wrong, or the design?",
        current_monthly=bill,
        alternative_monthly=budget,
    )


def budget_runway(facts: Analysis) -> Iterator[Draft]:
    """Growth that takes the bill over budget within a year."""
    context = facts.context
    budget = facts.cost.budget_usd
    growth = context.growth_percent_per_month
    production = facts.cost.monthly_total
    bill = facts.cost.all_environments_total
    if budget is None or growth <= 0 or bill > budget or production <= 0:
        return
    ratio = bill / production

    def over(month: int) -> bool:
        return facts.cost_model.total((1 + growth / 100) ** month) * ratio > budget

    if not over(RUNWAY_MONTHS):
        return
    low, high = 0, RUNWAY_MONTHS
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if over(middle) else (middle, high)
    scale = (1 + growth / 100) ** high
    cost = facts.cost_model.total(scale) * ratio
    users = math.floor(context.users * scale)
    yield Draft(
        title=f"Budget runs out in {high} months",
        message=(
            f"At {growth:g}% growth a month, {users:,} users in {high} months bring the bill to "
            f"~{dollars(cost)} against the {dollars(budget)} budget (today {dollars(bill)})."
        ),
        alternative="the optimisation opportunities, and a budget that grows with revenue",
        question=f"Does revenue grow by {growth:g}% a month too, and who raises the budget?",
        current_monthly=bill,
    )


def monitoring_cost_share(facts: Analysis) -> Iterator[Draft]:
    """Monitoring costing a large share of the bill."""
    spent = facts.cost.group(Group.MONITORING)
    total = facts.cost.monthly_total
    if total <= 0 or spent < MONITORING_MIN_USD or spent / total < MONITORING_SHARE:
        return
    lines = sorted(
        (x for x in facts.cost.lines if x.group is Group.MONITORING and x.monthly),
        key=lambda x: -(x.monthly or 0),
    )
    top = ", ".join(f"{x.component_name} {dollars(x.monthly)}" for x in lines[:3])
    sampling = [
        o
        for o in facts.opportunities
        if o.kind is OpportunityKind.SAMPLING and o.component_id in {x.component_id for x in lines}
    ]
    saved = sum(o.savings for o in sampling)
    yield Draft(
        title=f"Monitoring is {spent / total * 100:.0f}% of the bill",
        message=f"Monitoring costs {dollars(spent)} of {dollars(total)} in production ({top}).",
        alternative="sample request logs and traces, keeping every error"
        + (
            f": {dollars(spent - saved)}"
            if saved
            else "; shorter retention and cheaper log classes for debug output"
        ),
        question="Which of these logs has anyone read in the last month?",
        current_monthly=spent,
        alternative_monthly=spent - saved if saved else None,
        components=tuple(x.component_id for x in lines),
    )


RULES: tuple[Rule, ...] = (
    Rule("retiring-service", Severity.MEDIUM, Lean.UNDER, retiring_service,
         "a service its vendor is retiring",
         RuleTopic.SERVICES, field("components[].service")),
    Rule("over-budget", Severity.HIGH, Lean.UNDER, over_budget,
         "all environments cost more than the budget",
         RuleTopic.BUDGET, field("components")),
    Rule("budget-runway", Severity.MEDIUM, Lean.UNDER, budget_runway,
         "growth takes the bill over budget within 12 months",
         RuleTopic.BUDGET, field("context.monthly_budget_usd")),
    Rule("monitoring-cost-share", Severity.MEDIUM, Lean.OVER, monitoring_cost_share,
         "monitoring above 25% of production's bill and $300 a month",
         RuleTopic.TOOLING, field("components[].service")),
)  # fmt: skip
"""The money and vendor rules."""

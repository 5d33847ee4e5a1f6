"""Skeptic rules on releases and alerting: staging, rollback, alert routing, paging, probes,
on-call hours.

Each rule is one function from the review's facts to its findings; the table at the end
gives each its id, severity and lean.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from model.engines.pricing import ChargeKind
from model.enums import AlertSeverity, Category, OnCallCoverage
from model.fields import field
from model.skeptic.findings import Draft, Lean, Rule, RuleTopic, Severity, and_list, dollars

if TYPE_CHECKING:
    from model.analysis import Analysis

MAX_ROLLBACK_MINUTES = 30
"""A rollback slower than this eats a 99.9% month's whole error budget (43 min) in one go."""

STAGING_PERCENT = 25.0
"""The size of the staging environment suggested when there is none."""


def no_staging(facts: Analysis) -> Iterator[Draft]:
    """Production deploys without a staging environment in front of it."""
    session = facts.session
    production = session.pipeline.production.environment
    others = [e for e in session.environments if e.name != production]
    if session.pipeline.staging.enabled and others:
        return
    lines = [x for x in facts.cost.lines if x.monthly is not None]
    fixed = sum(x.part(ChargeKind.FIXED) for x in lines)
    variable = sum(x.part(ChargeKind.VARIABLE) for x in lines)
    cost = fixed + variable * STAGING_PERCENT / 100
    yield Draft(
        title="No staging environment",
        message=(
            "Releases go from CI straight to production"
            + (
                f" (environments: {', '.join(e.name for e in session.environments)})."
                if session.environments
                else "."
            )
            + " Migrations, configuration and infrastructure changes meet real users first; "
            f"a staging environment at {STAGING_PERCENT:g}% of production costs "
            f"{dollars(cost)}."
        ),
        alternative=f"a staging environment at {STAGING_PERCENT:g}% of production, {dollars(cost)}",
        question="Where does QA test a migration against production-like data before release?",
        alternative_monthly=cost,
    )


def no_rollback_plan(facts: Analysis) -> Iterator[Draft]:
    """No written way back from a bad release."""
    deployment = facts.session.deployment
    if deployment.rollback.steps:
        return
    budget = facts.reliability.allowed_downtime_minutes_per_month
    yield Draft(
        title="No rollback plan",
        message=(
            f"{deployment.strategy.label} releases have no rollback steps: a bad release is "
            "fixed forward under pressure, however long that takes, while the "
            f"{facts.context.availability_target_percent:g}% target allows {budget:,.0f} min "
            "of downtime a month."
        ),
        alternative="redeploy the previous image or revision from the pipeline, written down "
        "and timed",
        question="The release just broke checkout: what are the next three commands?",
    )


def slow_rollback(facts: Analysis) -> Iterator[Draft]:
    """A rollback slower than the month's error budget allows."""
    rollback = facts.session.deployment.rollback
    eta = rollback.eta_minutes
    budget = facts.reliability.allowed_downtime_minutes_per_month
    if not rollback.steps or (eta is not None and eta <= min(MAX_ROLLBACK_MINUTES, budget)):
        return
    timing = f"takes {eta} min" if eta is not None else "has never been timed"
    yield Draft(
        title="Rollback too slow for the target",
        message=(
            f"The rollback {timing}; the {facts.context.availability_target_percent:g}% "
            f"target allows {budget:,.0f} min of downtime a month in total."
        ),
        alternative="keep the previous version deployable in one step (blue-green or "
        "revision traffic shift), under 5 minutes",
        question="How long did the last rollback take, start to finish?",
    )


def alerts_routed_nowhere(facts: Analysis) -> Iterator[Draft]:
    """Critical alerts with no channel to go to."""
    monitoring = facts.session.monitoring
    takers = [c for c in monitoring.channels if AlertSeverity.CRITICAL in c.severities]
    if takers:
        return
    yield Draft(
        title="Critical alerts go nowhere",
        message=(
            f"{len(monitoring.thresholds)} alert thresholds are set but no channel receives "
            "critical alerts: an outage is found by users."
        ),
        alternative="route critical alerts to a pager and warnings to the team chat",
        question="Who learns that production is down, and how?",
    )


def criticals_page_nobody(facts: Analysis) -> Iterator[Draft]:
    """Critical alerts that reach chat or e-mail but wake nobody."""
    session = facts.session
    takers = [c for c in session.monitoring.channels if AlertSeverity.CRITICAL in c.severities]
    if not takers or any(c.kind.is_pager for c in takers):
        return
    paging = [s for s in session.incidents.severities if s.page]
    target = facts.context.availability_target_percent
    if not paging and target < 99.9:
        return
    pager = facts.catalog.get("saas-pagerduty")
    seats = facts.context.team_size
    cost = pager.pricing.price_usd * seats if pager and pager.pricing.price_usd else None
    promise = (
        f"{paging[0].level.value} incidents promise a response within "
        f"{paging[0].response_minutes} min and say they page"
        if paging
        else f"the target is {target:g}%"
    )
    kinds = and_list(sorted({c.kind.label for c in takers}))
    yield Draft(
        title="Critical alerts page nobody",
        message=(
            f"Critical alerts go to {kinds} only, but {promise}: at 3 a.m. a chat message or "
            "an e-mail wakes nobody."
        ),
        alternative=f"a pager (PagerDuty Professional for {seats}: {dollars(cost)}; its free "
        "plan covers up to 5 users with one schedule)",
        question="Who is woken by a critical alert tonight, and by what?",
        alternative_monthly=cost,
    )


def no_uptime_check(facts: Analysis) -> Iterator[Draft]:
    """Nothing probes the service from outside."""
    session = facts.session
    if session.monitoring.uptime_check.enabled and session.components_in(Category.UPTIME):
        return
    budget = facts.reliability.allowed_downtime_minutes_per_month
    yield Draft(
        title="No outside uptime check",
        message="Nothing probes production from outside, so a DNS, certificate or edge failure "
        f"raises no alert from inside metrics and eats the {budget:,.0f} min of downtime the "
        f"{facts.context.availability_target_percent:g}% target allows a month unseen.",
        alternative="an external HTTPS check every minute on the health endpoint (UptimeRobot "
        "or the provider's uptime checks, a few dollars a month)",
        question="If the certificate expired tonight, which alert would fire?",
    )


AROUND_THE_CLOCK_TARGET = 99.9
"""From this target a month allows 44 minutes of downtime: one night's wait for the morning
spends it many times over. Below it, business-hours on-call can be a stated choice."""

HOURS_PER_WEEK = 168


def on_call_coverage_short(facts: Analysis) -> Iterator[Draft]:
    """On-call that answers pages only part of the week against a 99.9%+ target."""
    coverage = facts.session.incidents.coverage
    target = facts.context.availability_target_percent
    if coverage is None or coverage is OnCallCoverage.AROUND_THE_CLOCK:
        return
    if target < AROUND_THE_CLOCK_TARGET:
        return
    gaps = uncovered_gaps(coverage)
    waiting = sum(gaps)
    mean_wait = sum(g * g / 2 for g in gaps) / waiting
    budget = facts.reliability.allowed_downtime_minutes_per_month
    paging = [s for s in facts.session.incidents.severities if s.page]
    promise = (
        f" {paging[0].level.value} promises a response within {paging[0].response_minutes} min "
        "and says it pages at any hour."
        if paging
        else ""
    )
    session = facts.session
    has_pager = session.components_in(Category.ONCALL) or any(
        c.kind.is_pager for c in session.monitoring.channels
    )
    pager = facts.catalog.get("saas-pagerduty")
    seats = facts.context.team_size
    cost = (
        pager.pricing.price_usd * seats
        if pager and pager.pricing.price_usd and not has_pager
        else None
    )
    yield Draft(
        title=f"On-call covers {coverage.label.lower()} against a {target:g}% target",
        message=(
            f"Pages are answered {HOURS_PER_WEEK - waiting:g} of the week's {HOURS_PER_WEEK} "
            f"hours; the other {waiting:g} h ({waiting / HOURS_PER_WEEK:.0%}) wait for the next "
            f"shift. An outage that starts then waits ~{mean_wait:.1f} h on average before "
            f"anyone starts (up to {max(gaps):g} h), while the {target:g}% target allows "
            f"{budget:,.0f} min of downtime a month, fix included.{promise}"
        ),
        alternative=f"an around-the-clock rotation (with {seats} engineers, each on call one "
        f"week in {seats}, with an on-call allowance)"
        + (f" and a pager: PagerDuty for {seats}, {dollars(cost)}" if cost is not None else "")
        + ", or a target the covered hours can keep",
        question="Who answers a page at 3 a.m. on a Sunday, and how long until they are at a "
        "keyboard?",
        alternative_monthly=cost,
    )


def uncovered_gaps(coverage: OnCallCoverage) -> list[float]:
    """The lengths in hours of the stretches of the week nobody covers, in order."""
    covered = [
        (day * 24 + start, day * 24 + end)
        for day, window in enumerate(coverage.windows)
        if window is not None
        for start, end in [window]
    ]
    gaps = []
    for index, (_, end) in enumerate(covered):
        following = covered[(index + 1) % len(covered)][0]
        gap = (following - end) % HOURS_PER_WEEK
        if gap:
            gaps.append(float(gap))
    return gaps


RULES: tuple[Rule, ...] = (
    Rule("no-staging", Severity.HIGH, Lean.UNDER, no_staging,
         "production deploys without a staging environment",
         RuleTopic.DEPLOYMENT, field("environments")),
    Rule("no-rollback-plan", Severity.HIGH, Lean.UNDER, no_rollback_plan,
         "no rollback steps",
         RuleTopic.DEPLOYMENT, field("deployment.rollback.steps")),
    Rule("slow-rollback", Severity.MEDIUM, Lean.UNDER, slow_rollback,
         "a rollback untimed or slower than 30 min or the month's downtime budget",
         RuleTopic.DEPLOYMENT, field("deployment.rollback.eta_minutes")),
    Rule("alerts-routed-nowhere", Severity.CRITICAL, Lean.UNDER, alerts_routed_nowhere,
         "no channel receives critical alerts",
         RuleTopic.ALERTING, field("monitoring.channels")),
    Rule("criticals-page-nobody", Severity.HIGH, Lean.UNDER, criticals_page_nobody,
         "critical alerts reach only chat or e-mail while incidents promise paging",
         RuleTopic.ALERTING, field("monitoring.channels")),
    Rule("no-uptime-check", Severity.MEDIUM, Lean.UNDER, no_uptime_check,
         "nothing probes production from outside",
         RuleTopic.ALERTING, field("monitoring.uptime_check.enabled")),
    Rule("on-call-coverage-short", Severity.HIGH, Lean.UNDER, on_call_coverage_short,
         "pages answered only part of the week against a 99.9%+ target",
         RuleTopic.ALERTING, field("incidents.coverage")),
)  # fmt: skip
"""The release and alerting rules."""

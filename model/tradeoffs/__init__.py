"""The skeptic's verdict on every decision of a design, from the engines' numbers and findings.

`assess_tradeoffs(analysis)` lists, in this order: the platform decisions (architecture
style, regions, deployment strategy, backups), each component's choice of service
(`services`), each instance-priced component's zones and replicas (`zones`), and each
standing recorded decision (ADR). Every row carries its alternative, the deltas the
engines can compute and a verdict judged by `basis.judge`. The analysis runs it once
(`Analysis.tradeoffs`); the trade-off document and the briefs read that.

Platform decisions are not priced: the cost model prices the components a design has,
not a redesign into another style or a second region, and says so rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.engines.reliability import Failure
from model.enums import ArchitectureStyle, Category, DecisionStatus, Strategy
from model.sections.decisions import Decision
from model.skeptic import RULES
from model.skeptic.findings import Finding, Lean, RuleTopic
from model.skeptic.rules.over import (
    MICROSERVICES_MIN_TEAM,
    MULTI_REGION_MIN_TEAM,
    MULTI_REGION_MIN_USERS,
)
from model.tradeoffs.basis import (
    Evidence,
    Topic,
    Tradeoff,
    Verdict,
    judge,
    mentions,
    quote,
    said,
)
from model.tradeoffs.services import service_rows
from model.tradeoffs.zones import zone_rows
from model.units import minutes, money

if TYPE_CHECKING:
    from model.analysis import Analysis

STYLE_COMPLEXITY = {
    ArchitectureStyle.MONOLITH: 1,
    ArchitectureStyle.MODULAR_MONOLITH: 2,
    ArchitectureStyle.SERVERLESS: 3,
    ArchitectureStyle.MICROSERVICES: 4,
}
"""How much a style asks of a team: one deployable; one deployable with enforced module
boundaries; many functions wired by events; many services, each with its own pipeline,
deploys and failure modes between them."""

SIMPLER_STYLE = {
    ArchitectureStyle.MICROSERVICES: ArchitectureStyle.MODULAR_MONOLITH,
    ArchitectureStyle.SERVERLESS: ArchitectureStyle.MONOLITH,
    ArchitectureStyle.MODULAR_MONOLITH: ArchitectureStyle.MONOLITH,
}
"""The next simpler style the skeptic proposes."""

STYLE_REASON = {
    ArchitectureStyle.MONOLITH: "the simplest style: one deployable, one pipeline, one thing "
    "to monitor.",
    ArchitectureStyle.MODULAR_MONOLITH: "it runs as one deployable like a monolith; the module "
    "boundaries cost nothing to run and make a later split cheap.",
    ArchitectureStyle.SERVERLESS: "no servers to run and pay-per-request pricing; the compute "
    "rows below show where per-request pricing stops paying off.",
}

STRATEGY_COMPLEXITY = {Strategy.ROLLING: 1, Strategy.BLUE_GREEN: 2, Strategy.CANARY: 3}
"""Rolling needs nothing extra; blue-green a second stack and a switch; canary traffic
splitting and metric gates between steps."""

STYLE_WORDS = {
    ArchitectureStyle.MONOLITH: [r"(?<!modular )\bmonolith\b"],
    ArchitectureStyle.MODULAR_MONOLITH: [r"\bmodular monolith\b"],
    ArchitectureStyle.SERVERLESS: [r"\bserverless\b"],
    ArchitectureStyle.MICROSERVICES: [r"\bmicro-?services\b"],
}
STRATEGY_WORDS = {
    Strategy.ROLLING: [r"\brolling\b"],
    Strategy.BLUE_GREEN: [r"\bblue[- ]green\b"],
    Strategy.CANARY: [r"\bcanary\b"],
}


@dataclass(frozen=True, slots=True)
class Saving:
    """A saving the skeptic puts on the table."""

    amount: float
    """USD a month at today's load."""
    what: str
    """The change, e.g. `AWS Lambda instead of Amazon EKS for API (Compute)`."""
    why: str
    """The verdict or the finding behind it."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every decision's trade-off, and every finding of the skeptic they were judged on."""

    rows: tuple[Tradeoff, ...]
    """Platform, service, zone and record rows, in that order."""
    findings: tuple[Finding, ...]
    """Every finding, most severe first (some, like the budget, belong to no one decision)."""

    def of(self, topic: Topic) -> tuple[Tradeoff, ...]:
        """The rows about `topic`."""
        return tuple(r for r in self.rows if r.topic is topic)

    def count(self, verdict: Verdict) -> int:
        """How many decisions got `verdict`."""
        return sum(1 for r in self.rows if r.verdict is verdict)

    @property
    def open_findings(self) -> tuple[Finding, ...]:
        """The findings without a recorded answer."""
        return tuple(f for f in self.findings if not f.answered)

    @property
    def biggest_saving(self) -> Saving | None:
        """The largest monthly saving the skeptic puts on the table: a challenged or
        over-engineered decision's alternative, or an open over-engineering finding's."""
        options = [
            Saving(
                r.saving,
                f"{r.alternative} instead of {r.chosen} for {r.subject}",
                r.verdict.value,
            )
            for r in self.rows
            if r.verdict in (Verdict.CHALLENGE, Verdict.OVER) and r.saving > 0
        ]
        options += [
            Saving(-f.cost_delta, f.alternative, f"open finding “{f.title}”")
            for f in self.open_findings
            if f.lean is Lean.OVER and f.cost_delta is not None and f.cost_delta < 0
        ]
        return max(options, key=lambda s: s.amount) if options else None

    @property
    def biggest_risk(self) -> Finding | None:
        """The most severe open finding, under-engineering before over-engineering."""
        pool = [f for f in self.open_findings if f.lean is Lean.UNDER] or list(self.open_findings)
        return min(pool, key=lambda f: f.severity.rank) if pool else None


def assess_tradeoffs(analysis: Analysis) -> Assessment:
    """Every decision of the analysed session with its alternative, deltas and verdict."""
    session = analysis.session
    facts = Evidence(analysis)
    rows = [
        _style(facts),
        _regions(facts),
        _deployment(facts),
        _backups(facts),
        *service_rows(facts),
        *zone_rows(facts),
    ]
    rows += [_record(facts, decision, rows) for decision in session.decisions]
    return Assessment(tuple(rows), facts.findings)


def _linked(facts: Evidence, patterns: list[str]) -> tuple[Decision, ...]:
    return tuple(d for d in facts.standing if mentions(d, patterns))


def _style(facts: Evidence) -> Tradeoff:
    style = facts.session.style
    simpler = SIMPLER_STYLE.get(style)
    team = facts.session.context.team_size
    if style is ArchitectureStyle.MICROSERVICES:
        reason = (
            f"a team of {team} can own separate services (the skeptic's line is "
            f"{MICROSERVICES_MIN_TEAM} engineers)."
        )
    else:
        reason = STYLE_REASON[style]
    numbers = (Verdict.JUSTIFIED, reason[0].upper() + reason[1:])
    decisions = _linked(facts, STYLE_WORDS[style])
    found = facts.findings_of(RuleTopic.STYLE)
    verdict, why = judge(found, decisions, numbers)
    delta = STYLE_COMPLEXITY[simpler] - STYLE_COMPLEXITY[style] if simpler else None
    return Tradeoff(
        Topic.PLATFORM, "Architecture style", style.label, simpler.label if simpler else "",
        None, None, delta, verdict, why, found, decisions,
    )  # fmt: skip


def _regions(facts: Evidence) -> Tradeoff:
    context = facts.session.context
    regions = context.regions
    recovery = facts.reliability.recovery
    patterns = [r"\bregion", *(rf"{r}" for r in regions)]
    squeezed = [d for d in facts.standing if any(r in _squeeze(d) for r in regions)]
    decisions = tuple(dict.fromkeys([*_linked(facts, patterns), *squeezed]))
    if context.multi_region:
        chosen = " + ".join(regions)
        alternative = f"one region ({regions[0]}) across zones, backups copied to another region"
        standby = sum(x.monthly or 0.0 for x in facts.model.standby_lines())
        numbers = (
            Verdict.JUSTIFIED,
            f"{context.users:,} users and {context.team_size} engineers are past the skeptic's "
            f"line for a second region ({MULTI_REGION_MIN_USERS:,} users and "
            f"{MULTI_REGION_MIN_TEAM} engineers). The "
            f"{context.disaster_recovery.label.lower()} in {', '.join(regions[1:])} costs "
            f"{money(standby)} a month, in the production total.",
        )
        delta: int | None = -(len(regions) - 1)
    else:
        chosen = f"{regions[0]} (one region)"
        alternative = ""
        outcome = recovery.outcome(Failure.REGION)
        rto = minutes(recovery.rto_target_minutes)
        if recovery.rto_met_for(Failure.REGION):
            assert outcome.rto_minutes is not None
            numbers = (
                Verdict.JUSTIFIED,
                f"One region across zones is the simplest; a region outage is recovered in "
                f"~{minutes(round(outcome.rto_minutes))} ({outcome.basis}) within the {rto} RTO.",
            )
        else:
            # Never "justified" beside a target it misses: the team must accept the wait.
            took = (
                "cannot be recovered until the region returns"
                if outcome.rto_minutes is None
                else f"takes ~{minutes(round(outcome.rto_minutes))}"
            )
            numbers = (
                Verdict.CHALLENGE,
                f"One region across zones is the simplest, but a region outage {took} "
                f"({outcome.basis}) against the {rto} RTO. Is waiting out a regional outage "
                "acceptable, or should backups be copied to another region?",
            )
        delta = None
    found = facts.findings_of(RuleTopic.REGIONS)
    verdict, why = judge(found, decisions, numbers)
    return Tradeoff(
        Topic.PLATFORM, "Regions", chosen, alternative, None, None, delta, verdict, why,
        found, decisions,
    )  # fmt: skip


def _squeeze(decision: Decision) -> str:
    """Title and choice without spaces or dashes, so `North Europe` matches `northeurope`."""
    return "".join(ch for ch in f"{decision.title}{decision.choice}".lower() if ch.isalnum())


def _deployment(facts: Evidence) -> Tradeoff:
    deployment = facts.session.deployment
    strategy = deployment.strategy
    chosen = strategy.label
    if strategy is Strategy.CANARY:
        chosen += " (" + " → ".join(f"{s}%" for s in deployment.canary_steps_percent) + ")"
    eta = deployment.rollback.eta_minutes
    budget = facts.reliability.allowed_downtime_minutes_per_month
    rollback = (
        f"rollback takes {minutes(eta)} of the {budget:,.0f} min a month the target allows"
        if eta is not None and deployment.rollback.steps
        else "the rollback is not timed"
    )
    what = {
        Strategy.ROLLING: "the simplest strategy, no second stack to pay for",
        Strategy.BLUE_GREEN: "a second stack during each deploy buys an instant switch back",
        Strategy.CANARY: f"a bad release reaches {deployment.canary_steps_percent[0]}% of "
        f"traffic for {deployment.step_watch_minutes} min before it goes further",
    }[strategy]
    numbers = (Verdict.JUSTIFIED, f"{what[0].upper()}{what[1:]}; {rollback}.")
    simpler = None if strategy is Strategy.ROLLING else Strategy.ROLLING
    delta = STRATEGY_COMPLEXITY[simpler] - STRATEGY_COMPLEXITY[strategy] if simpler else None
    decisions = _linked(facts, STRATEGY_WORDS[strategy])
    found = facts.findings_of(RuleTopic.DEPLOYMENT)
    verdict, why = judge(found, decisions, numbers)
    return Tradeoff(
        Topic.PLATFORM, "Deployment strategy", chosen, simpler.label if simpler else "",
        None, None, delta, verdict, why, found, decisions,
    )  # fmt: skip


def _backups(facts: Evidence) -> Tradeoff:
    backups = facts.session.security.backups
    recovery = facts.reliability.recovery
    if backups.enabled:
        parts = [
            f"every {backups.frequency_hours:g} h",
            f"kept {backups.retention_days} days",
            "point-in-time recovery" if backups.point_in_time_recovery else "no point-in-time",
            "restore rehearsed" if backups.restore_tested else "restore never rehearsed",
        ]
        chosen = ", ".join(parts)
    else:
        chosen = "no backups"
    found = facts.findings_of(RuleTopic.BACKUPS)
    if found:
        alternative = found[0].alternative
    elif backups.enabled and backups.point_in_time_recovery:
        alternative = f"snapshots every {backups.frequency_hours:g} h only"
    else:
        alternative = ""
    rpo = recovery.rpo_achievable_minutes
    rto = recovery.rto_estimate_minutes
    numbers = (
        Verdict.JUSTIFIED,
        f"Loses at most {minutes(rpo) if rpo is not None else 'everything'} of writes against "
        f"a {minutes(recovery.rpo_target_minutes)} RPO and is back in "
        f"~{minutes(round(rto)) if rto is not None else 'never'} against a "
        f"{minutes(recovery.rto_target_minutes)} RTO.",
    )
    if not facts.session.components_in(Category.DATABASE):
        numbers = (Verdict.JUSTIFIED, "The design has no database to back up yet.")
    decisions = _linked(facts, [r"\bbackups?\b", r"\brestore", r"point-in-time"])
    verdict, why = judge(found, decisions, numbers)
    return Tradeoff(
        Topic.PLATFORM, "Backups", chosen, alternative, None, None, 0 if alternative else None,
        verdict, why, found, decisions,
    )  # fmt: skip


def _record(facts: Evidence, decision: Decision, rows: list[Tradeoff]) -> Tradeoff:
    others = [o for o in decision.options if o.strip().lower() != decision.choice.strip().lower()]
    alternative = "; ".join(others)
    found: tuple[Finding, ...] = ()
    if decision.status in (DecisionStatus.SUPERSEDED, DecisionStatus.REJECTED):
        verdict, why = Verdict.JUSTIFIED, f"{decision.status.label}: no longer in force."
    elif decision.status is DecisionStatus.PROPOSED:
        verdict, why = Verdict.CHALLENGE, "Only proposed: accept or reject it."
    elif decision.finding is not None:
        verdict, why, found = _answering(facts, decision)
    else:
        verdict, why = _record_numbers(decision, rows)
    return Tradeoff(
        Topic.RECORD, f"{decision.id}: {decision.title}", decision.choice, alternative,
        None, None, None, verdict, why, found, (decision,),
    )  # fmt: skip


def _answering(facts: Evidence, decision: Decision) -> tuple[Verdict, str, tuple[Finding, ...]]:
    rule = decision.finding
    found = tuple(f for f in facts.findings if f.rule == rule)
    if rule not in {r.id for r in RULES}:
        return Verdict.CHALLENGE, f"Names `{rule}`, which is not a skeptic rule.", ()
    if not found:
        return Verdict.JUSTIFIED, f"Answers {rule}, which no longer fires on this design.", ()
    holder = found[0].answered_by
    if holder is not None and holder.id != decision.id:
        return Verdict.JUSTIFIED, f"{holder.id} now answers {rule}.", found
    if decision.challenge and not decision.answer:
        return (
            Verdict.CHALLENGE,
            f"The challenge {quote(decision.challenge)} has no recorded answer.",
            found,
        )
    return (
        Verdict.JUSTIFIED,
        f"Answers “{found[0].title}”: {quote(said(decision))}.",
        found,
    )


def _record_numbers(decision: Decision, rows: list[Tradeoff]) -> tuple[Verdict, str]:
    linked = [r for r in rows if decision in r.decisions]
    for row in linked:
        if row.verdict in (Verdict.OVER, Verdict.UNDER):
            return (
                row.verdict,
                f"The record stands, but {row.subject} is {row.verdict.value}: {row.reason}",
            )
    if decision.challenge and not decision.answer:
        return (
            Verdict.CHALLENGE,
            f"The challenge {quote(decision.challenge)} has no recorded answer.",
        )
    if decision.answer or decision.rationale:
        return Verdict.JUSTIFIED, f"{quote(said(decision))}."
    return Verdict.CHALLENGE, "No rationale recorded: why this choice?"

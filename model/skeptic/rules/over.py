"""Skeptic rules on over-engineering: more platform, regions, services or spend than needed.

Each rule is one function from the review's facts to its findings; the table at the end
gives each its id, severity and lean. Thresholds are stated beside each rule, with why.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from model.catalog import PricingModel, Service
from model.catalog.platform import PlatformKind
from model.engines.crossover import alternatives
from model.engines.lines import Group
from model.enums import ArchitectureStyle, Category, DisasterRecovery
from model.fields import field
from model.sections.components import Component
from model.skeptic.findings import Draft, Lean, Rule, RuleTopic, Severity, and_list, dollars
from model.skeptic.rules.capacity import offered_size

if TYPE_CHECKING:
    from model.analysis import Analysis

KUBERNETES_MIN_TEAM = 6
"""Fewer engineers than this cannot staff cluster upgrades, add-ons and on-call on top of
the product."""

KUBERNETES_MIN_PEAK_RPS = 100
"""Below this a single managed container service carries the load with room to spare."""

MULTI_REGION_MIN_TEAM = 8
"""Running, testing and failing over a second region is a team's worth of work."""

MULTI_REGION_MIN_USERS = 50_000
"""Below this a regional outage is rare and small enough to ride out from backups."""

MICROSERVICES_MIN_TEAM = 8
"""Roughly one team per few services; below it the services share the same people."""

PREMIUM_MIN_USERS = 100_000
"""Premium tiers earn their price at this size or with a 99.95%+ target."""

PREMIUM_MIN_TARGET = 99.95

MONITORING = (Category.LOGS, Category.METRICS, Category.ERRORS, Category.UPTIME, Category.ONCALL)

BASELINE_TOOLS = 3
"""The role card's minimal stack: logs and metrics (one tool), errors, uptime."""

SERVERLESS_MIN_SAVING = 100.0
"""A re-platforming must save at least this much a month ..."""

SERVERLESS_MIN_SHARE = 0.02
"""... and at least this share of the monthly bill to be worth raising."""


def kubernetes_small_team(facts: Analysis) -> Iterator[Draft]:
    """A Kubernetes cluster for a small team or a small load."""
    team, peak = facts.context.team_size, facts.context.peak_rps
    if team >= KUBERNETES_MIN_TEAM and peak >= KUBERNETES_MIN_PEAK_RPS:
        return
    for component in facts.components_tagged("kubernetes"):
        service = facts.service(component)
        simpler = _cheapest(
            facts,
            component,
            [
                s
                for s in alternatives(facts.cost_model, service)
                if "kubernetes" not in s.tags and "vm" not in s.tags
            ],
        )
        current = facts.monthly(component)
        alternative, cost = simpler if simpler else ("a managed container service", None)
        yield Draft(
            title=f"Kubernetes for a team of {team} at {peak:g} req/s",
            message=(
                f"{component.name} runs on {service.label} at {dollars(current)} for a team of "
                f"{team} and a {peak:g} req/s peak; a cluster brings version upgrades, add-ons, "
                f"networking and RBAC to own (complexity {service.complexity}/5)."
            ),
            alternative=f"{alternative}: no cluster to run"
            + (f", {dollars(cost)}" if cost is not None else ""),
            question=f"Who on a team of {team} upgrades the cluster, and what does it give you "
            f"that {alternative} does not?",
            current_monthly=current,
            alternative_monthly=cost,
            components=(component.id,),
        )


def multi_region_small(facts: Analysis) -> Iterator[Draft]:
    """More than one region for a small team or user base. Quiet when the further regions
    only hold backup copies (backup and restore): that is the alternative it proposes."""
    context = facts.context
    if not context.multi_region or context.disaster_recovery is DisasterRecovery.BACKUP_RESTORE:
        return
    if context.team_size >= MULTI_REGION_MIN_TEAM and context.users >= MULTI_REGION_MIN_USERS:
        return
    model = facts.cost_model
    # The primary's own lines: the cost breakdown's groups also hold the further regions'.
    core = sum(
        x.monthly or 0.0 for x in model.lines() if x.group in (Group.COMPUTE, Group.DATABASE)
    )
    further = sum(x.monthly or 0.0 for x in model.standby_lines()) + sum(
        x.monthly or 0.0 for x in model.implied_lines() if x.implied is PlatformKind.INTER_REGION
    )
    strategy = context.disaster_recovery.label.lower()
    yield Draft(
        title=f"{len(context.regions)} regions for {context.users:,} users and "
        f"{context.team_size} engineers",
        message=(
            f"Regions {', '.join(context.regions)} for {context.users:,} users and a team of "
            f"{context.team_size}. Compute and database cost {dollars(core)} in "
            f"{context.regions[0]}; the {strategy} in the other region"
            f"{'s' if len(context.regions) > 2 else ''} adds {dollars(further)}, "
            "cross-region transfer included, and a failover nobody rehearses does not work "
            "when needed."
        ),
        alternative="one region across availability zones, with backups copied to a second "
        "region for disaster recovery",
        question="Which failure does the second region cover that multi-AZ plus cross-region "
        "backups do not, and who rehearses the failover?",
        current_monthly=further,
    )


def microservices_small_team(facts: Analysis) -> Iterator[Draft]:
    """Microservices with fewer engineers than it takes to own them."""
    session = facts.session
    team = facts.context.team_size
    if session.style is not ArchitectureStyle.MICROSERVICES or team >= MICROSERVICES_MIN_TEAM:
        return
    services = session.components_in(Category.COMPUTE)
    yield Draft(
        title=f"Microservices with a team of {team}",
        message=(
            f"{len(services)} compute services and a microservices style for {team} engineers: "
            "every service adds a pipeline, a deploy, dashboards and failure modes between "
            f"services; compute costs {dollars(facts.cost.group(Group.COMPUTE))}."
        ),
        alternative="a modular monolith: one deployable with enforced module boundaries, "
        "split a module out when a team owns it",
        question="Which service boundary has its own team, load profile or release cadence today?",
        current_monthly=facts.cost.group(Group.COMPUTE),
        components=tuple(c.id for c in services),
    )


def premium_without_need(facts: Analysis) -> Iterator[Draft]:
    """A premium tier without the size or the target that needs it."""
    context = facts.context
    if (
        context.users >= PREMIUM_MIN_USERS
        or context.availability_target_percent >= PREMIUM_MIN_TARGET
    ):
        return
    for component in facts.components_tagged("premium"):
        service = facts.service(component)
        plain = [s for s in alternatives(facts.cost_model, service) if "premium" not in s.tags]
        cheaper = _cheapest(facts, component, plain)
        current = facts.monthly(component)
        if cheaper is None or cheaper[1] >= current:
            continue
        label, cost = cheaper
        yield Draft(
            title=f"Premium {service.label} for {context.users:,} users",
            message=(
                f"{component.name} uses {service.label} at {dollars(current)}; with "
                f"{context.users:,} users and a {context.availability_target_percent:g}% "
                f"target, {label} does the job for {dollars(cost)}."
            ),
            alternative=f"{label}, {dollars(cost)}",
            question=f"What does {service.label} give you now that {label} does not?",
            current_monthly=current,
            alternative_monthly=cost,
            components=(component.id,),
        )


def monitoring_sprawl(facts: Analysis) -> Iterator[Draft]:
    """More monitoring tools than engineers to watch them."""
    team = facts.context.team_size
    tools: dict[str, list[Component]] = {}
    for category in MONITORING:
        for component in facts.session.components_in(category):
            tools.setdefault(_vendor(facts.service(component)), []).append(component)
    if len(tools) <= max(team, BASELINE_TOOLS):
        return
    spent = sum(facts.monthly(c) for group in tools.values() for c in group)
    yield Draft(
        title=f"{len(tools)} monitoring tools for {team} engineers",
        message=(
            f"Monitoring spreads over {len(tools)} tools ({', '.join(sorted(tools))}) for a "
            f"team of {team}, costing {dollars(spent)}: alerts, dashboards and access live in "
            "too many places to watch during an incident."
        ),
        alternative="the provider's native logs and metrics plus one error tracker and one "
        "uptime check",
        question="During an incident, which tool does the on-call engineer open first, and "
        "what is in the others that it lacks?",
        current_monthly=spent,
        components=tuple(c.id for group in tools.values() for c in group),
    )


def duplicate_tooling(facts: Analysis) -> Iterator[Draft]:
    """Two different services doing the same job."""
    for category in (*MONITORING, Category.SECRETS, Category.CDN):
        members = facts.session.components_in(category)
        services = {c.service for c in members}
        if len(services) < 2:
            continue
        costs = {c.id: facts.monthly(c) for c in members}
        keep = min(members, key=lambda c: costs[c.id])
        labels = ", ".join(f"{facts.service(c).label} ({dollars(costs[c.id])})" for c in members)
        yield Draft(
            title=f"{len(services)} {category.label} services",
            message=f"{category.label} is done by {labels}.",
            alternative=f"keep {facts.service(keep).label}, {dollars(costs[keep.id])}",
            question=f"What does each {category.label} tool do that the other cannot?",
            current_monthly=sum(costs.values()),
            alternative_monthly=costs[keep.id],
            components=tuple(c.id for c in members),
        )


def oversized_instances(facts: Analysis) -> Iterator[Draft]:
    """Instances far bigger than the peak needs."""
    for opportunity in facts.right_sizings:
        component = facts.session.component(opportunity.component_id)
        if component is None:
            continue
        yield Draft(
            title=f"{component.name} is oversized",
            message=(
                f"{component.name} costs {dollars(opportunity.current_monthly)}; "
                f"{opportunity.assumption}."
            ),
            alternative=f"{opportunity.action}, {dollars(opportunity.optimised_monthly)}",
            question="Is the headroom for a known event, or can it shrink until the metrics "
            "say otherwise?",
            current_monthly=opportunity.current_monthly,
            alternative_monthly=opportunity.optimised_monthly,
            components=(component.id,),
        )


def serverless_at_sustained_load(facts: Analysis) -> Iterator[Draft]:
    """Per-request compute at a load where instances cost a fraction."""
    by_service: dict[str, list[Component]] = {}
    for component in facts.session.components_in(Category.COMPUTE):
        if facts.service(component).pricing.model is PricingModel.PER_MILLION_REQUESTS:
            by_service.setdefault(component.service, []).append(component)
    threshold = max(SERVERLESS_MIN_SAVING, SERVERLESS_MIN_SHARE * facts.cost.monthly_total)
    for members in by_service.values():
        service = facts.service(members[0])
        steady = [
            s
            for s in alternatives(facts.cost_model, service)
            if s.pricing.model is PricingModel.INSTANCE_HOUR and "kubernetes" not in s.tags
        ]
        current = sum(facts.monthly(c) for c in members)
        best: tuple[str, float, float] | None = None
        for candidate in steady:
            now = sum(facts.cost_model.priced(c, service=candidate).monthly or 0 for c in members)
            later = sum(
                facts.cost_model.priced(c, 10.0, service=candidate).monthly or 0 for c in members
            )
            if best is None or now < best[1]:
                best = (candidate.label, now, later)
        if best is None or current - best[1] < threshold or best[1] * 2 > current:
            continue
        label, now, later = best
        mine_later = sum(facts.cost_model.priced(c, 10.0).monthly or 0 for c in members)
        names = and_list([c.name for c in members])
        requests = facts.context.requests_millions
        yield Draft(
            title=f"{service.label} at a sustained {requests:,.0f}M requests a month",
            message=(
                f"{names} on {service.label} cost {dollars(current)} at "
                f"{requests:,.0f}M requests a month; {label} sized for the "
                f"{facts.context.peak_rps:g} req/s peak costs {dollars(now)} "
                f"({current / now:.1f}x less), and at 10x {dollars(later)} against "
                f"{dollars(mine_later)}."
            ),
            alternative=f"{label} with autoscaling, {dollars(now)}",
            question=f"Is scale-to-zero and no servers worth {dollars(current - now)} to you "
            "now, and at 10x?",
            current_monthly=current,
            alternative_monthly=now,
            components=tuple(c.id for c in members),
        )


def _cheapest(
    facts: Analysis, component: Component, candidates: list[Service]
) -> tuple[str, float] | None:
    """The cheapest of `candidates` for `component`, named (with its size where a database
    is offered one) and priced."""
    priced = []
    for service in candidates:
        size = offered_size(facts, component, service)
        cost = facts.cost_model.priced(component, service=service, size=size).monthly
        priced.append((f"{service.label} on {size}" if size else service.label, cost))
    known = [(label, cost) for label, cost in priced if cost is not None]
    return min(known, key=lambda pair: pair[1]) if known else None


def _vendor(service: Service) -> str:
    """The tool a person logs into: the cloud's console, or the SaaS vendor."""
    if service.provider.value != "saas":
        return service.provider.label
    return service.id.split("-")[1].capitalize()


RULES: tuple[Rule, ...] = (
    Rule("kubernetes-small-team", Severity.HIGH, Lean.OVER, kubernetes_small_team,
         "a Kubernetes cluster for fewer than 6 engineers or under 100 req/s",
         RuleTopic.SERVICES, field("components[].service")),
    Rule("multi-region-small", Severity.HIGH, Lean.OVER, multi_region_small,
         "a standby or active region for under 50,000 users or fewer than 8 engineers",
         RuleTopic.REGIONS, field("context.regions")),
    Rule("microservices-small-team", Severity.MEDIUM, Lean.OVER, microservices_small_team,
         "microservices with fewer than 8 engineers",
         RuleTopic.STYLE, field("style")),
    Rule("premium-without-need", Severity.MEDIUM, Lean.OVER, premium_without_need,
         "a premium tier under 100,000 users and a target below 99.95%",
         RuleTopic.SERVICES, field("components[].service")),
    Rule("monitoring-sprawl", Severity.LOW, Lean.OVER, monitoring_sprawl,
         "more monitoring tools than engineers (beyond the minimal three)",
         RuleTopic.TOOLING, field("components")),
    Rule("duplicate-tooling", Severity.LOW, Lean.OVER, duplicate_tooling,
         "two different services for the same monitoring, secrets or CDN job",
         RuleTopic.TOOLING, field("components[].service")),
    Rule("oversized-instances", Severity.LOW, Lean.OVER, oversized_instances,
         "a smaller size carries the peak at 70% utilisation for less",
         RuleTopic.SERVICES, field("components[].size")),
    Rule("serverless-at-sustained-load", Severity.MEDIUM, Lean.OVER,
         serverless_at_sustained_load,
         "per-request compute costing over twice what instances would, by a material sum",
         RuleTopic.SERVICES, field("components[].service")),
)  # fmt: skip
"""The over-engineering rules."""

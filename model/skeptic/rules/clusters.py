"""Skeptic rules on clusters the team runs itself: a streaming, search or secrets cluster on
servers of its own at a load a managed service carries without noticing.

A self-run cluster is a catalog service tagged `self_hosted` and `cluster` (three Kafka
brokers on VMs, an OpenSearch cluster, a Vault Raft cluster). The load is the cost model's
(the queue's messages, the index's searches); the alternative is the cheapest public-priced
managed service of the same category on the design's provider, priced for the same
component, and, when that is not like for like, the cheapest managed one with the same
capability (managed Kafka for Kafka). Each rule is one function from the review's facts to
its findings; the table at the end gives each its id, severity and lean.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from model.catalog import Service
from model.enums import Category
from model.fields import field
from model.sections.components import Component
from model.skeptic.findings import Draft, Lean, Rule, RuleTopic, Severity, dollars

if TYPE_CHECKING:
    from model.analysis import Analysis

CLUSTER_MIN_PEAK = 1_000.0
"""Peak units a second (messages, searches, requests) below which a managed service carries
the load with no capacity planning at all: a cluster run in-house earns its keep well above
it, or for features nothing managed offers."""

CAPABILITIES = {
    "kafka": "Kafka",
    "opensearch": "OpenSearch",
    "elasticsearch": "Elasticsearch",
    "search": "a search engine",
}
"""Catalog tags naming what a cluster is for, most specific first, and their names: the
like-for-like alternative shares the first of them the cluster has."""

UNITS = {Category.QUEUE: "messages", Category.SEARCH: "searches"}
"""What a second of load is counted in, by category (requests otherwise)."""


def self_run_cluster_light_load(facts: Analysis) -> Iterator[Draft]:
    """A self-run cluster at a load a managed service carries without noticing."""
    team = facts.context.team_size
    for component in facts.components_tagged("cluster"):
        service = facts.service(component)
        if "self_hosted" not in service.tags:
            continue
        placement = facts.cost_model.placements[component.id]
        load = facts.context.peak_rps * placement.request_share
        if load >= CLUSTER_MIN_PEAK:
            continue
        managed = _managed(facts, component)
        if not managed:
            continue
        cheapest = managed[0]
        capability = next((t for t in CAPABILITIES if t in service.tags), None)
        alike = next((m for m in managed if capability and capability in m[0].tags), None)
        current = facts.monthly(component)
        unit = UNITS.get(component.category, "requests")
        line = facts.line(component)
        size = f"{line.size}, " if line.size else ""
        offers = [f"{cheapest[0].label}, {dollars(cheapest[1])}"]
        if alike is not None and alike[0].id != cheapest[0].id:
            must = CAPABILITIES[capability or ""]
            offers.append(f"or, if it must be {must}, {alike[0].label} at {dollars(alike[1])}")
        yield Draft(
            title=f"{service.label} at {load:,.0f} {unit} a second",
            message=(
                f"{component.name} runs {service.label} ({size}{dollars(current)}) for a peak "
                f"of {load:,.1f} {unit} a second, far below the {CLUSTER_MIN_PEAK:,.0f} a "
                f"managed service carries without capacity planning. A team of {team} "
                "patches, upgrades, rebalances, monitors and recovers it (complexity "
                f"{service.complexity}/5), at night too. {cheapest[0].label} does the job "
                f"for {dollars(cheapest[1])}."
            ),
            alternative="; ".join(offers),
            question=f"What does running {service.label} yourselves give you at {load:,.0f} "
            f"{unit} a second that {cheapest[0].label} does not, and who is on call for it?",
            current_monthly=current,
            alternative_monthly=cheapest[1],
            components=(component.id,),
        )


def _managed(facts: Analysis, component: Component) -> list[tuple[Service, float]]:
    """The public-priced managed services of the component's category on the design's
    provider, priced for it, cheapest first."""
    candidates = [
        s
        for s in facts.catalog.choices(component.category, facts.session.provider)
        if s.pricing.is_public
        and "self_hosted" not in s.tags
        and {"managed", "serverless"} & set(s.tags)
    ]
    priced = [(s, facts.cost_model.priced(component, service=s).monthly) for s in candidates]
    known = [(s, cost) for s, cost in priced if cost is not None]
    return sorted(known, key=lambda pair: pair[1])


RULES: tuple[Rule, ...] = (
    Rule("self-run-cluster-light-load", Severity.HIGH, Lean.OVER, self_run_cluster_light_load,
         "a self-run streaming, search or secrets cluster under 1,000 units a second",
         RuleTopic.SERVICES, field("components[].service")),
)  # fmt: skip
"""The self-run cluster rules."""

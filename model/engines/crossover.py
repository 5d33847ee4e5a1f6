"""Where the cost lines cross: the chosen service against its alternatives as users grow.

For each component, every other public-priced service of its category from the same
provider that can take its place (Lambda and EKS beside Fargate, Rollbar beside Sentry;
for data stores only the same engine: PostgreSQL for PostgreSQL, Redis for Redis) is
priced for the same component — same placement, replicas and autoscaling, the
alternative's default size — at 0.1x to 100x the baseline, all usage drivers scaling
together. Costs are piecewise: they step where an instance is added or a plan changes and
bend where a free allowance runs out. Both services are probed at every such step and on
a fine grid between, and wherever the cheaper one changes between two probes the
crossing is found by bisection, so every crossing is reported, not only those between
the ten displayed samples. That is what backs "serverless is cheaper at the start but
more expensive at scale" with a number of users.

Services being retired are not offered as alternatives. Alternatives are priced on their
own: the knock-on effect of a change on other lines (per-host monitoring of a different
fleet, say) is not included.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

from model.catalog import Service
from model.engines.cost import CostModel
from model.enums import Category
from model.sections.components import Component

SAMPLE_SCALES = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)
"""Multiples of the baseline at which both services are priced."""

_BISECTIONS = 30


@dataclass(frozen=True, slots=True)
class Sample:
    """Both services' monthly cost at one scale."""

    scale: float
    users: float
    chosen_monthly: float
    alternative_monthly: float


@dataclass(frozen=True, slots=True)
class Crossing:
    """A scale at which the cheaper of the two services changes."""

    scale: float
    users: float
    cheaper_below: str
    """Service id cheaper just below the crossing."""
    cheaper_above: str
    """Service id cheaper just above it."""


@dataclass(frozen=True, slots=True)
class Crossover:
    """The chosen service of one component against one alternative."""

    component_id: str
    category: str
    chosen: str
    chosen_label: str
    alternative: str
    alternative_label: str
    samples: tuple[Sample, ...]
    crossings: tuple[Crossing, ...]

    @property
    def summary(self) -> str:
        """Who is cheaper where, e.g. `cheaper: AWS Lambda below ~3,600 users, Amazon ECS on
        AWS Fargate above`."""
        labels = {self.chosen: self.chosen_label, self.alternative: self.alternative_label}
        first = self.samples[0]
        if not self.crossings:
            cheaper = (
                self.chosen_label
                if first.chosen_monthly <= first.alternative_monthly
                else self.alternative_label
            )
            return f"{cheaper} is cheaper from 0.1x to 100x"
        parts = [f"{labels[self.crossings[0].cheaper_below]} below {_where(self.crossings[0])}"]
        for before, after in pairwise(self.crossings):
            parts.append(f"{labels[before.cheaper_above]} from {_where(before)} to {_where(after)}")
        last = self.crossings[-1]
        parts.append(f"{labels[last.cheaper_above]} above {_where(last)}")
        return "cheaper: " + ", ".join(parts)


def _where(crossing: Crossing) -> str:
    if crossing.users > 0:
        return f"~{_round(crossing.users):,} users"
    return f"~{crossing.scale:.2g}x the baseline"


def _round(value: float) -> int:
    """Two significant figures: a crossing is an estimate, not a count."""
    if value < 10:
        return round(value)
    digits = math.floor(math.log10(value)) - 1
    return int(round(value, -digits))


def crossovers(model: CostModel) -> tuple[Crossover, ...]:
    """The chosen service of each component against each same-provider alternative."""
    session = model.session
    seen: set[tuple[str, str]] = set()
    result: list[Crossover] = []
    for component in session.components:
        chosen = model.catalog[component.service]
        key = (component.category.value, chosen.id)
        if key in seen or not chosen.pricing.is_public:
            continue
        seen.add(key)
        # The chosen service's costs, probed at mostly the same scales for each
        # alternative, are priced once.
        chosen_costs: dict[float, float] = {}
        for alternative in alternatives(model, chosen):
            result.append(compare(model, component, chosen, alternative, chosen_costs))
    return tuple(result)


def alternatives(model: CostModel, chosen: Service) -> tuple[Service, ...]:
    """Public-priced services of the same category and provider as `chosen`, leaving out
    services being retired (nobody should move to them)."""
    return tuple(
        s
        for s in model.catalog.choices(chosen.category, model.session.provider)
        if s.id != chosen.id
        and s.provider is chosen.provider
        and s.pricing.is_public
        and "retiring" not in s.tags
        and substitutes(chosen, s)
    )


INTERCHANGEABLE: dict[Category, tuple[frozenset[str], ...]] = {
    Category.DATABASE: (frozenset({"postgres"}), frozenset({"mysql"}), frozenset({"nosql"})),
    Category.CACHE: (frozenset({"redis"}), frozenset({"memcached"})),
    Category.QUEUE: (frozenset({"queue"}), frozenset({"kafka"})),
}
"""For data stores, the tags a replacement must share with the chosen service: a PostgreSQL
database is replaced by another PostgreSQL, not by a key-value store; Redis by Redis; a job
queue by a job queue and a Kafka log by a Kafka log (moving between them is a redesign, which
the skeptic raises as such)."""


def substitutes(chosen: Service, other: Service) -> bool:
    """Whether `other` can take `chosen`'s place without rewriting the application."""
    groups = INTERCHANGEABLE.get(chosen.category)
    if groups is None:
        return True
    mine, theirs = set(chosen.tags), set(other.tags)
    return any(group & mine and group & theirs for group in groups)


SEARCH_POINTS = 160
"""Log-spaced scales between the first and last sample searched for crossings, beside the
scales where either price steps (instance counts, plan limits, free allowances)."""


def search_scales(model: CostModel, component: Component, *services: Service) -> list[float]:
    """The scales at which a crossing can hide: a fine grid plus every step of the two
    services' prices, so no pair of crossings falls between two probes."""
    low, high = SAMPLE_SCALES[0], SAMPLE_SCALES[-1]
    grid = {low * (high / low) ** (i / SEARCH_POINTS) for i in range(SEARCH_POINTS + 1)}
    for service in services:
        grid |= {s for s in steps(model, component, service) if low < s < high}
    return sorted(grid)


def steps(model: CostModel, component: Component, service: Service) -> list[float]:
    """Scales where `service`'s price for `component` steps or bends: the instance count
    or the plan changes, or a free allowance runs out."""
    pricing = model.pricing(service)
    need = model.demand(component, 1.0)
    found: list[float] = []

    def at(value: float, driver_value: float) -> None:
        if driver_value > 0 and value > 0:
            found.append(value / driver_value)

    base = need.of(pricing.driver)
    for size in pricing.sizes:
        for count in range(1, min(MAX_STEPS, int(base * SAMPLE_SCALES[-1] / size.capacity) + 2)):
            at(count * size.capacity, base)
    for tier in pricing.tiers:
        if tier.limit is not None:
            at(tier.limit, base)
    at(pricing.included, base)
    for extra in pricing.extras:
        at(extra.included, need.of(extra.driver))
        at(extra.minimum, need.of(extra.driver))
    return found


MAX_STEPS = 2_000
"""The most instance-count steps looked at per size."""


def compare(
    model: CostModel,
    component: Component,
    chosen: Service,
    alternative: Service,
    chosen_costs: dict[float, float] | None = None,
) -> Crossover:
    """`chosen` against `alternative` for `component`, sampled and with its crossings.
    `chosen_costs` holds the chosen service's monthly cost of `component` by scale, where
    several comparisons of one component share it (filled in as needed)."""
    users = model.session.context.users
    mine_at = model.pricer(component)
    theirs_at = model.pricer(component, service=alternative)
    known = chosen_costs if chosen_costs is not None else {}

    # `model.priced(component, scale)` and `model.priced(component, scale,
    # service=alternative)`, with the demand at `scale` worked out once for both.
    def costs(scale: float) -> tuple[float, float]:
        need = model.demand(component, scale)
        mine = known.get(scale)
        if mine is None:
            mine = known[scale] = mine_at(need).monthly or 0.0
        theirs = theirs_at(need).monthly or 0.0
        return mine, theirs

    samples = []
    for scale in SAMPLE_SCALES:
        mine, theirs = costs(scale)
        samples.append(Sample(scale, users * scale, mine, theirs))
    probes = [(s, *costs(s)) for s in search_scales(model, component, chosen, alternative)]
    crossings = []
    signed = [(scale, mine - theirs) for scale, mine, theirs in probes if mine != theirs]
    for (start, below), (end, above) in pairwise(signed):
        if (below < 0) == (above < 0):
            continue
        low, high = start, end
        for _ in range(_BISECTIONS):
            middle = math.sqrt(low * high)
            mine, theirs = costs(middle)
            if (mine - theirs < 0) == (below < 0):
                low = middle
            else:
                high = middle
        cheaper_below = chosen.id if below < 0 else alternative.id
        cheaper_above = alternative.id if below < 0 else chosen.id
        crossings.append(Crossing(high, users * high, cheaper_below, cheaper_above))
    return Crossover(
        component_id=component.id,
        category=component.category.value,
        chosen=chosen.id,
        chosen_label=chosen.label,
        alternative=alternative.id,
        alternative_label=alternative.label,
        samples=tuple(samples),
        crossings=tuple(crossings),
    )

"""What the skeptic says and how a rule is written: findings, drafts, rules and the facts they read.

A rule is one small function from the session's `Analysis` (its graph, cost estimate,
reliability and savings, each computed once) to the drafts of its findings; the rule table of
each `model/skeptic/rules/*.py` module names it with its id, severity and lean
(over- or under-engineering), its topic (`RuleTopic`) and the session field that fixes
it (`SessionField`). `model.skeptic.review` runs every rule and turns drafts into
findings, attaching the team's recorded answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING

from model.catalog import Service
from model.engines.reliability import Rating, rate
from model.enums import Severity
from model.fields import SessionField
from model.sections.components import Component
from model.sections.decisions import Decision
from model.units import monthly

if TYPE_CHECKING:
    from model.analysis import Analysis

__all__ = [
    "Check",
    "Draft",
    "Finding",
    "Lean",
    "Rule",
    "RuleTopic",
    "Severity",
    "and_list",
    "dollars",
    "offers_multi_az",
    "rated",
]
"""`Severity` lives in `model.enums` (session fields read it too) and is exported from here
beside the finding it grades, where the rules import it."""


class Lean(StrEnum):
    """Which way the design errs."""

    OVER = "over"
    """Over-engineering: more than the load, team or target needs."""
    UNDER = "under"
    """Under-engineering: less than the load, data or promises need."""


class RuleTopic(StrEnum):
    """What a rule's findings are about: the documents pick the findings they weigh by it
    (the style verdict reads the style findings, the product owner's brief the budget's)."""

    STYLE = "style"
    """How the application is cut into deployables."""
    REGIONS = "regions"
    """How many regions the design runs in."""
    DEPLOYMENT = "deployment"
    """How releases reach production and come back: staging, rollback."""
    BACKUPS = "backups"
    """Backups, restores and the recovery objectives."""
    ZONES = "zones"
    """A component's zones and replicas."""
    AVAILABILITY = "availability"
    """The composite availability against the target."""
    CAPACITY = "capacity"
    """Whether the fleet carries the peak, with room to grow."""
    SERVICES = "services"
    """A component's choice of catalog service, plan or size."""
    TOOLING = "tooling"
    """How many monitoring and operations tools, and what they cost."""
    BUDGET = "budget"
    """The bill against the monthly budget."""
    ALERTING = "alerting"
    """Whether alerts and outside probes reach someone who acts."""
    SECRETS = "secrets"
    """How secrets are delivered and rotated."""
    NETWORK = "network"
    """What is exposed: subnets, TLS, the web application firewall."""
    COMPLIANCE = "compliance"
    """The controls of the chosen compliance frameworks."""
    MESSAGING = "messaging"
    """Queues and webhooks: what becomes of a message or a delivery that fails."""


@dataclass(frozen=True, slots=True)
class Draft:
    """What a rule found, before the review files it."""

    title: str
    """One line, e.g. `Single-AZ production database`."""
    message: str
    """The evidence, with numbers: dollars a month, availability, team size."""
    alternative: str
    """The simpler or safer option, concretely."""
    question: str
    """What the team must answer."""
    current_monthly: float | None = None
    """What the part in question costs today, where a cost applies."""
    alternative_monthly: float | None = None
    """What the alternative would cost per month, where it can be priced."""
    availability_delta: float | None = None
    """Percentage points the alternative moves the composite availability."""
    components: tuple[str, ...] = ()
    """The components concerned."""
    severity: Severity | None = None
    """How urgent this finding is, where the rule grades it (an availability gap by its
    size); None for the rule's own severity, which is the most it may give."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One challenge of the skeptic, with the team's recorded answer if there is one."""

    rule: str
    """The rule's kebab-case id, e.g. `single-az-database`."""
    severity: Severity
    lean: Lean
    title: str
    message: str
    alternative: str
    question: str
    current_monthly: float | None
    alternative_monthly: float | None
    availability_delta: float | None
    components: tuple[str, ...]
    topic: RuleTopic
    """What the finding is about (its rule's topic)."""
    fix: SessionField
    """The session field whose change fixes it (its rule's)."""
    answered_by: Decision | None = field(default=None)
    """The decision whose `finding` names this rule."""

    @property
    def answered(self) -> bool:
        """Whether the team has recorded an answer."""
        return self.answered_by is not None

    @property
    def cost_delta(self) -> float | None:
        """Alternative minus current, USD per month (negative: the alternative is cheaper)."""
        if self.current_monthly is None or self.alternative_monthly is None:
            return None
        return self.alternative_monthly - self.current_monthly


Check = Callable[["Analysis"], Iterable[Draft]]
"""A rule's function."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of a rule table."""

    id: str
    """Kebab-case, stable: decisions refer to it."""
    severity: Severity
    lean: Lean
    check: Check
    summary: str
    """What it looks for, in one line."""
    topic: RuleTopic
    """What its findings are about; documents select findings by it."""
    fix: SessionField
    """The session field a change of which fixes its findings: the TUI's fix jumps to the
    step editing it."""


def rated(
    facts: Analysis,
    component: Component,
    *,
    multi_az: bool | None = None,
    replicas: int | None = None,
) -> Rating:
    """The availability of `component` on its service with another `multi_az` setting or
    replica count (`model.engines.reliability.rate`), kept in the analysis's memo: it reads
    the component and the catalog alone."""
    return facts.memo.get(
        ("rate", component, None, multi_az, replicas),
        partial(
            rate,
            component,
            facts.service(component),
            facts.catalog,
            multi_az=multi_az,
            replicas=replicas,
        ),
    )


def offers_multi_az(service: Service) -> bool:
    """Whether multi-AZ is a setting of `service` (a billed standby or its own SLA)."""
    return service.pricing.fails_over_across_zones or service.sla_multi_az_percent is not None


def dollars(value: float | None) -> str:
    """`$1,234.56/month`, or `no public price`."""
    return monthly(value) if value is not None else "no public price"


def and_list(words: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]

"""The one analysis of a session that every output reads.

`analyse(session)` returns the `Analysis` of a session: its architecture graph, the cost
model and estimate, availability and recovery, the skeptic's findings, the savings the
cost model sees, where a cheaper service's line crosses the chosen one, and the verdict
on every trade-off. The live
panel, Review, the role lens, `report` and every exported file read the same object, so
a fact that two of them state comes from one field.

Each part is derived the first time it is read and then kept on the object (a frozen
dataclass whose derived parts are `cached_property`s): the live panel, which needs the
cost and the availability, never pays for the trade-off verdicts of a document. Parts
are computed from one another — the skeptic reads the cost estimate the panel shows —
never from the session again.

`analyse` remembers the analyses of the last few session objects (sessions are
immutable, so identity is enough). Undo and redo step between recent sessions, and the app
and an export of the same session share one analysis.

Analysis is incremental where an edit allows: each analysis `analyse` makes borrows the
memo (`model.memo`) of the one made before it, so the graph of a design whose shape did not
change shares its request paths, and the cost lines and availability of the components an
edit did not touch are found under keys made of exactly what they were computed from. An
`Analysis` made directly has a memo of its own and computes everything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from model.catalog import Catalog, Service, load_catalog
from model.deploy_plan import DeploymentPlan, plan_deployment
from model.engines.cost import CostEstimate, CostModel, estimate
from model.engines.crossover import Crossover, crossovers
from model.engines.digraph import DiGraph
from model.engines.graph import build_graph, topology_of
from model.engines.lines import CostLine
from model.engines.optimisation import Opportunity, opportunities, right_sizings
from model.engines.reliability import Reliability, assess
from model.engines.topology import Topology
from model.memo import Memo
from model.sections.components import Component
from model.sections.context import Context
from model.session import Session
from model.skeptic import Tally, open_findings, review
from model.skeptic.findings import Finding
from model.tradeoffs import Assessment, assess_tradeoffs

RECENT = 8
"""How many sessions' analyses `analyse` keeps: the current one, a few undo steps, and
the two sides of a comparison."""


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything derived from one session, each part computed once, on first use."""

    session: Session
    """The session analysed (immutable)."""
    catalog: Catalog = field(default_factory=load_catalog, repr=False)
    """The service catalog the session is priced and rated against."""
    memo: Memo = field(default_factory=Memo, repr=False)
    """Results of the engines' pure steps, lent by the analysis before (`analyse`): what an
    edit did not change is not computed again. A fresh one computes everything."""

    @property
    def context(self) -> Context:
        """The session's context: users, load, budget, targets, regions."""
        return self.session.context

    @cached_property
    def graph(self) -> DiGraph:
        """The architecture graph, frozen: components as nodes, links as edges."""
        return build_graph(self.session, self.catalog, self.memo, self._topology)

    @cached_property
    def cost_model(self) -> CostModel:
        """Prices the session's components at any scale, and alternatives to them."""
        return CostModel(self.session, self.catalog, self.memo, self._topology)

    @cached_property
    def cost(self) -> CostEstimate:
        """The monthly cost: lines, groups, environments, projections, budget."""
        return estimate(self.cost_model)

    @cached_property
    def reliability(self) -> Reliability:
        """Availability per component and path, the SLA floor and estimate, and recovery
        (plan-priced components rated on the plan the cost model bills)."""
        plans = {
            line.component_id: charge.label
            for line in self._lines.values()
            for charge in line.charges[:1]
            if charge.shape == "plan"
        }
        return assess(self.session, self.graph, self.catalog, plans, self.memo)

    @cached_property
    def deployment(self) -> DeploymentPlan:
        """How each environment receives a release: one plan for documents, CI and runbooks."""
        return plan_deployment(self.session, self.catalog)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The skeptic's findings, most severe first, with the team's answers."""
        return review(self)

    @cached_property
    def open_findings(self) -> tuple[Finding, ...]:
        """The findings the team has not answered yet."""
        return open_findings(self.findings)

    @cached_property
    def tally(self) -> Tally:
        """How many findings, how many open, how many urgent: the one count every screen
        and document states."""
        return Tally.of(self.findings)

    @cached_property
    def opportunities(self) -> tuple[Opportunity, ...]:
        """Every saving worth a dollar a month, largest first."""
        return opportunities(self.cost_model)

    @cached_property
    def right_sizings(self) -> tuple[Opportunity, ...]:
        """The right-sizing savings alone (what the oversized-instances rule reads)."""
        return right_sizings(self.cost_model)

    @cached_property
    def crossovers(self) -> tuple[Crossover, ...]:
        """Each chosen service against each same-provider alternative, by scale."""
        return crossovers(self.cost_model)

    @cached_property
    def tradeoffs(self) -> Assessment:
        """Every decision beside its alternative, with the deltas and the verdict."""
        return assess_tradeoffs(self)

    @cached_property
    def _topology(self) -> Topology:
        """The session's shape, which the graph and the cost model both read."""
        return topology_of(self.session, self.memo)

    @cached_property
    def _lines(self) -> dict[str, CostLine]:
        return {line.component_id: line for line in self.cost_model.lines()}

    @property
    def egress_gb(self) -> float:
        """GB a month the design serves to users at the baseline: API responses and the
        single-page app's files (`model.engines.traffic`)."""
        usage = self.cost_model.usage()
        return usage.api_egress_gb + usage.static_egress_gb

    def service(self, component: Component) -> Service:
        """The catalog service `component` runs on."""
        return self.catalog[component.service]

    def line(self, component: Component) -> CostLine:
        """The production cost line of `component`."""
        return self._lines[component.id]

    def monthly(self, component: Component) -> float:
        """Production's monthly cost of `component` (0 when not public)."""
        return self._lines[component.id].monthly or 0.0

    def components_tagged(self, tag: str) -> list[Component]:
        """Components whose service carries `tag`."""
        return [c for c in self.session.components if tag in self.service(c).tags]

    def live_parts(self) -> Analysis:
        """This analysis with what the live panel shows already derived (for a worker)."""
        _ = self.graph, self.cost, self.reliability, self.tally
        return self


class _Recent:
    """The analyses of the last `size` session objects, newest last."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[int, Analysis] = OrderedDict()
        self._last: Analysis | None = None
        """The analysis made last, whose memo the next one borrows."""

    def get(self, session: Session) -> Analysis:
        key = id(session)
        with self._lock:
            found = self._entries.get(key)
            # The entry holds its session, so its id is not reused while it is kept.
            if found is not None and found.session is session:
                self._entries.move_to_end(key)
                return found
            analysis = Analysis(session, catalog := load_catalog(), self._memo(catalog))
            self._last = analysis
            self._entries[key] = analysis
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
            return analysis

    def _memo(self, catalog: Catalog) -> Memo:
        """The memo of the next analysis: the last one's successor, or a fresh one when the
        catalog is another (a memo's keys leave out the catalog it was filled with)."""
        if self._last is None or self._last.catalog is not catalog:
            return Memo()
        return self._last.memo.successor()


_recent = _Recent(RECENT)


def analyse(session: Session) -> Analysis:
    """The analysis of `session`: the same object for the same session while it is recent."""
    return _recent.get(session)

"""What every role brief shares: the page under construction and the facts it is read from.

A brief is one short page for one role, ending with that role's checklist. Where the
session holds no answer the brief writes "not decided" and turns the question into an
unticked checklist item, so the page still ends with what to do (a brief has no separate
"Open questions" section). A brief is written, like every document, with its links
relative to `docs/`; the bundle writer rebases them for `docs/roles/`
(`exporters.documents.architecture.in_roles_folder`) and ARCHITECTURE.md for the root.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exporters.documents.common import service_labels
from exporters.markdown import NOT_DECIDED, Document, code, escape
from model.analysis import Analysis
from model.catalog import Catalog, PricingModel, Service
from model.engines.cost import CostEstimate
from model.engines.reliability import Reliability
from model.enums import Category, DeployMode
from model.sections.components import Component
from model.sections.environments import Environment
from model.session import Session
from model.skeptic import Tally
from model.tradeoffs import Assessment


def link(text: str, file_name: str) -> str:
    """A Markdown link to a document of `docs/` (relative to `docs/`, as every document's)."""
    return f"[{escape(text)}]({file_name})"


@dataclass
class Brief:
    """One role's page: a document plus the checklist it ends with."""

    doc: Document
    checklist: list[tuple[str, bool]] = field(default_factory=list)
    """(already-escaped text, done) items, in the order they are added."""

    def todo(self, text: str, done: bool = False) -> None:
        """Add a checklist item (already-escaped Markdown)."""
        if (text, done) not in self.checklist:
            self.checklist.append((text, done))

    def unknown(self, question: str) -> str:
        """Write "not decided" here and make `question` a checklist item."""
        self.todo(f"Get the team's answer: {escape(question)}")
        return NOT_DECIDED

    def render(self) -> str:
        """The page, ending with its checklist (when the role has anything to do)."""
        if self.checklist:
            self.doc.heading("Checklist")
            self.doc.checklist(self.checklist)
        return self.doc.render()


class Facts:
    """What a brief reads: the session's analysis and its trade-off assessment, with the
    phrases briefs share about a component."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.session: Session = analysis.session
        self.catalog: Catalog = analysis.catalog
        self.cost: CostEstimate = analysis.cost
        self.reliability: Reliability = analysis.reliability
        self.assessment: Assessment = analysis.tradeoffs
        self.tally: Tally = analysis.tally

    def service(self, component: Component) -> Service:
        """The catalog service a component runs on."""
        return self.catalog[component.service]

    def labels(self, category: Category) -> str:
        """The services chosen for `category`, joined, or "none"."""
        return ", ".join(service_labels(self.session, category)) or "none"

    def size(self, component: Component) -> str:
        """The instance size priced for a component, if it has sizes."""
        line = self.cost.line(component.id)
        return line.size if line is not None and line.size else ""

    def instances(self, component: Component) -> int:
        """Instances billed at today's load (at least the replicas)."""
        line = self.cost.line(component.id)
        if line is not None and line.instances:
            return line.instances
        return component.replicas

    def zones(self, component: Component) -> str:
        """Where a component runs, in two or three words."""
        if self.service(component).pricing.model is not PricingModel.INSTANCE_HOUR:
            return "regional"  # billed per use: the provider spreads it over zones
        if component.category in (Category.DATABASE, Category.CACHE):
            return "Multi-AZ" if component.multi_az else "one zone"
        if component.multi_az and component.replicas >= 2:
            return "across zones"
        return "one zone"


def deploys(env: Environment) -> str:
    """How a change reaches an environment, in words."""
    return "automatically" if env.deploy is DeployMode.AUTO else "after manual approval"


def cell_code(text: str) -> str:
    """Inline code inside a table cell: a `|` in it would end the cell, so it is escaped."""
    return code(text).replace("|", "\\|")


def names(items: list[str], limit: int = 4) -> str:
    """`A, B, C` with `…` past `limit` (for one-line summaries)."""
    shown = ", ".join(items[:limit])
    return shown + (", …" if len(items) > limit else "")


LIST_LIMIT = 8
"""Most items a brief lists before summing up the rest (a brief is one screen)."""


def capped(items: list[str], more: str, limit: int = LIST_LIMIT) -> list[str]:
    """At most `limit` items, then one saying how many more and where (`more` has `{n}`)."""
    if len(items) <= limit:
        return items
    return [*items[:limit], more.format(n=len(items) - limit)]


def by_service(facts: Facts, components: list[Component]) -> list[str]:
    """`API on Amazon ECS on AWS Fargate`, or `60 components on … (Service 000, …)`."""
    groups: dict[str, list[Component]] = {}
    for component in components:
        groups.setdefault(component.service, []).append(component)
    lines = []
    for members in groups.values():
        label = escape(facts.service(members[0]).label)
        where = facts.zones(members[0])
        if len(members) == 1:
            lines.append(f"{escape(members[0].name)} on {label} ({where})")
        else:
            shown = names([escape(c.name) for c in members], limit=3)
            lines.append(f"{len(members)} components on {label} ({shown})")
    return lines

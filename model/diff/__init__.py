"""The difference of two analyses of a design: what a pull request changes, costs and risks.

`compare(base, head)` reads two `Analysis` objects (the base None for a new design) and
returns one `SessionDiff`: the components added, removed, renamed and changed field by
field with the decisions about them (`components`), the effective links added and
removed, every other section's changed fields (`fields`), the bill (`figures.CostDiff`:
per line, group and environment, production at 1x/10x/100x), availability and recovery
(`figures.AvailabilityDiff`), and the skeptic's findings opened, resolved, re-graded and
answered (`findings`). `SessionDiff.checks` measures guardrails (`model.guardrails`) on it.

The renderers (`exporters.diff`: text, Markdown, JSON) read this object only; every
figure in it is one the two analyses state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.diff.checks import Check, check
from model.diff.components import About, Change, ComponentDelta, Known, component_deltas, match
from model.diff.fields import FieldChange, field_changes
from model.diff.figures import (
    EPSILON,
    AvailabilityDiff,
    CostDiff,
    Delta,
    availability_diff,
    cost_diff,
)
from model.diff.findings import FindingDelta, Status, finding_deltas
from model.engines.graph import edges
from model.guardrails import Guardrail
from model.sections.components import USERS, Link
from model.session import SCHEMA_VERSION
from model.skeptic import Tally
from model.skeptic.findings import Finding

if TYPE_CHECKING:
    from model.analysis import Analysis

__all__ = [
    "Change",
    "Check",
    "ComponentDelta",
    "Delta",
    "FieldChange",
    "FindingDelta",
    "LinkDelta",
    "SectionDelta",
    "SessionDiff",
    "Side",
    "Status",
    "compare",
]

SECTIONS = (
    ("context", "Context"),
    ("design", "Provider and style"),
    ("environments", "Environments"),
    ("pipeline", "Pipeline"),
    ("deployment", "Deployment"),
    ("monitoring", "Monitoring"),
    ("security", "Security"),
    ("incidents", "Incident response"),
    ("decisions", "Decisions"),
    ("price_overrides", "Price overrides"),
)
"""The sections compared field by field, with their headings (components and links have
their own lists; `design` is the provider and the architecture style)."""


@dataclass(frozen=True, slots=True)
class Side:
    """One side of the comparison."""

    label: str
    """As the user named it: `main:design.yaml`, `design.yaml`."""
    project: str | None
    """The project's name; None when the side has no session (a new design's base)."""
    version: int | None = None
    """The schema version the file declared, before migration."""

    @property
    def migrated(self) -> bool:
        """Whether the file was written in an older schema and migrated to be compared."""
        return self.version is not None and self.version != SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class LinkDelta:
    """A link of the architecture graph only one side has."""

    link: Link
    """The link, its ends as head ids (the base's through the renames)."""
    added: bool
    """True when only the head has it, False when only the base had it."""


@dataclass(frozen=True, slots=True)
class SectionDelta:
    """The changed fields of one section."""

    key: str
    """The session field, e.g. `environments`."""
    title: str
    """Its heading, e.g. `Environments`."""
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class SessionDiff:
    """What changes from the base's analysis to the head's."""

    base: Side
    head: Side
    components: tuple[ComponentDelta, ...]
    links: tuple[LinkDelta, ...]
    sections: tuple[SectionDelta, ...]
    cost: CostDiff
    availability: AvailabilityDiff
    findings: tuple[FindingDelta, ...]
    tally: tuple[Tally | None, Tally]
    """The skeptic's count in the base (None: no base) and the head."""
    head_findings: tuple[Finding, ...]
    """Every finding of the head (what `unanswered>=...` reads)."""
    renames: dict[str, str]
    """Base component id → head id, for every component both sides have."""

    @property
    def new_design(self) -> bool:
        """Whether the base has no session: everything is added."""
        return self.base.project is None

    @property
    def unchanged(self) -> bool:
        """Whether the two designs are the same in every decision and every figure."""
        figures = (
            *self.cost.production,
            self.cost.all_environments,
            self.availability.sla_floor,
            self.availability.estimate,
        )
        return (
            not self.new_design
            and not self.components
            and not self.links
            and not self.sections
            and not self.findings
            and not self.cost.lines
            and not any(d.moved(EPSILON) for d in figures)
        )

    def checks(self, guardrails: Iterable[Guardrail]) -> tuple[Check, ...]:
        """Each guardrail measured on this change."""
        return tuple(check(g, self) for g in guardrails)


def compare(
    base: Analysis | None,
    head: Analysis,
    *,
    labels: tuple[str, str] = ("base", "head"),
    versions: tuple[int | None, int | None] = (None, None),
) -> SessionDiff:
    """The difference from `base` (None: a new design) to `head`."""
    old = base.session if base is not None else None
    new = head.session
    renames = match(old.components, new.components) if old is not None else {}
    about = About(
        Known(old.decisions, base.findings, base.catalog) if base and old else None,
        Known(new.decisions, head.findings, head.catalog),
    )
    components = component_deltas(
        old.components if old is not None else (), new.components, renames, about
    )
    return SessionDiff(
        base=Side(labels[0], old.context.project if old else None, versions[0]),
        head=Side(labels[1], new.context.project, versions[1]),
        components=components,
        links=_links(base, head, renames),
        sections=_sections(base, head),
        cost=cost_diff(base, head, renames),
        availability=availability_diff(base, head),
        findings=finding_deltas(base.findings if base else (), head.findings, renames),
        tally=(base.tally if base else None, head.tally),
        head_findings=head.findings,
        renames=renames,
    )


def _links(base: Analysis | None, head: Analysis, renames: dict[str, str]) -> tuple[LinkDelta, ...]:
    def key(link: Link) -> tuple[str, str, str]:
        return link.source, link.target, link.kind

    new = {key(link): link for link in edges(head.graph)}
    old: dict[tuple[str, str, str], Link] = {}
    if base is not None:
        ids = {**renames, USERS: USERS}
        for link in edges(base.graph):
            moved = link.model_copy(
                update={
                    "source": ids.get(link.source, link.source),
                    "target": ids.get(link.target, link.target),
                }
            )
            old[key(moved)] = moved
    added = [LinkDelta(link, True) for k, link in new.items() if k not in old]
    removed = [LinkDelta(link, False) for k, link in old.items() if k not in new]
    return tuple(added + removed)


def _sections(base: Analysis | None, head: Analysis) -> tuple[SectionDelta, ...]:
    if base is None:
        return ()  # a new design: every section is new, and the documents show them
    new = _plain(head)
    old = _plain(base)
    out = []
    for key, title in SECTIONS:
        fields = field_changes(old.get(key), new.get(key), "" if key == "design" else key)
        if fields:
            out.append(SectionDelta(key, title, fields))
    return tuple(out)


def _plain(analysis: Analysis) -> dict[str, object]:
    """The session's sections as JSON data, provider and style together as `design`."""
    data: dict[str, object] = analysis.session.model_dump(
        mode="json", exclude={"schema_version", "components", "links"}
    )
    data["design"] = {"provider": data.pop("provider"), "style": data.pop("style")}
    return data

"""Which components a change added, removed, renamed or changed, and the decisions about them.

Components are matched by id. Of those left over, a removed and an added component of the
same category are one component renamed when they share their name (the id changed), or
their service and a similar name or every other setting (the team renamed it): a rename
reads as a rename, not as one component removed and another added. `renames` maps each
matched base id to its head id; every later comparison (cost lines, findings, the
diagram) goes through it.

The decisions about a component are the standing decisions whose title or choice name
it (its name's words, or its service) and those answering a finding about it; the ones
this change records come first, as they say why it was made.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from model.catalog import Catalog
from model.diff.fields import FieldChange, field_changes
from model.enums import DecisionStatus
from model.sections.components import Component
from model.sections.decisions import Decision
from model.skeptic.findings import Finding
from model.tradeoffs.basis import mentions, words

SIMILAR_NAMES = 0.5
"""How alike (difflib's ratio, 0–1) two names on one service must be to count as a rename."""


class Change(StrEnum):
    """What happened to a component."""

    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    """Its id or name changed (other settings may have changed too)."""
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class ComponentDelta:
    """One component the change touched."""

    change: Change
    before: Component | None
    """The base's component; None when added."""
    after: Component | None
    """The head's component; None when removed."""
    fields: tuple[FieldChange, ...]
    """Its settings that differ, by path (`multi_az`, `autoscaling.max`); empty when
    added or removed."""
    decisions: tuple[Decision, ...] = ()
    """The decisions about it, those recorded by this change first."""

    @property
    def component(self) -> Component:
        """The head's component, or the base's when it was removed."""
        found = self.after or self.before
        assert found is not None
        return found

    @property
    def id(self) -> str:
        """The component's id in the head (in the base when removed)."""
        return self.component.id


def match(base: tuple[Component, ...], head: tuple[Component, ...]) -> dict[str, str]:
    """Base id → head id of every component both sides have, renames included."""
    head_ids = {c.id for c in head}
    base_ids = {c.id for c in base}
    matched = {c.id: c.id for c in base if c.id in head_ids}
    removed = [c for c in base if c.id not in head_ids]
    added = [c for c in head if c.id not in base_ids]
    pairs = sorted(
        (
            (-score, i, j)
            for i, old in enumerate(removed)
            for j, new in enumerate(added)
            if (score := _likeness(old, new)) > 0
        ),
    )
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for _, i, j in pairs:
        if i in taken_old or j in taken_new:
            continue
        taken_old.add(i)
        taken_new.add(j)
        matched[removed[i].id] = added[j].id
    return matched


def _likeness(old: Component, new: Component) -> float:
    """How surely `new` is `old` renamed: 0 when it is not."""
    if old.category is not new.category:
        return 0.0
    same_name = old.name.casefold() == new.name.casefold()
    ratio = difflib.SequenceMatcher(None, old.name.casefold(), new.name.casefold()).ratio()
    rest_old = old.model_dump(mode="json", exclude={"id", "name"})
    rest_new = new.model_dump(mode="json", exclude={"id", "name"})
    alike = sum(bool(rest_old[k] == rest_new.get(k)) for k in rest_old) / len(rest_old)
    same_service = old.service == new.service
    if not (same_name or (same_service and (ratio >= SIMILAR_NAMES or alike == 1.0))):
        return 0.0
    return 2.0 * same_name + ratio + alike + same_service


def component_deltas(
    base: tuple[Component, ...],
    head: tuple[Component, ...],
    renames: dict[str, str],
    about: About,
) -> tuple[ComponentDelta, ...]:
    """The components added, renamed, changed (head order), then removed (base order)."""
    before_of = {renames[c.id]: c for c in base if c.id in renames}
    out: list[ComponentDelta] = []
    for new in head:
        old = before_of.get(new.id)
        if old is None:
            out.append(ComponentDelta(Change.ADDED, None, new, (), about.head(new)))
            continue
        fields = field_changes(
            old.model_dump(mode="json", exclude={"id"}), new.model_dump(mode="json", exclude={"id"})
        )
        if old.id != new.id:
            fields = (FieldChange("id", old.id, new.id), *fields)
        if not fields:
            continue
        renamed = old.id != new.id or old.name != new.name
        change = Change.RENAMED if renamed else Change.CHANGED
        out.append(ComponentDelta(change, old, new, fields, about.head(new)))
    for old in base:
        if old.id not in renames:
            out.append(ComponentDelta(Change.REMOVED, old, None, (), about.base(old)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Known:
    """What one side knows about its decisions."""

    decisions: tuple[Decision, ...]
    findings: tuple[Finding, ...]
    catalog: Catalog


class About:
    """Finds the decisions about a component on either side; those new or changed in the
    head come first."""

    def __init__(self, base: Known | None, head: Known) -> None:
        self._base = base
        self._head = head
        before = {d.id: d for d in base.decisions} if base is not None else {}
        self._recorded = {d.id for d in head.decisions if before.get(d.id) != d}

    def head(self, component: Component) -> tuple[Decision, ...]:
        """The head's decisions about `component`, this change's first."""
        found = _about(component, self._head)
        return tuple(sorted(found, key=lambda d: d.id not in self._recorded))

    def base(self, component: Component) -> tuple[Decision, ...]:
        """Decisions about a removed component: the head's (why it went), then the base's."""
        found = list(_about(component, self._head))
        if self._base is not None:
            found += [d for d in _about(component, self._base) if d not in found]
        return tuple(sorted(found, key=lambda d: d.id not in self._recorded))


def _about(component: Component, side: Known) -> tuple[Decision, ...]:
    service = side.catalog.get(component.service)
    names = [re.findall(r"\w+", component.name)]
    if service is not None:
        names += [service.id.split("-")[1:], re.findall(r"\w+", service.label)]
    # An empty pattern would match every decision.
    patterns = [words(*tokens) for tokens in names if tokens]
    rules = {f.rule for f in side.findings if component.id in f.components}
    standing = (DecisionStatus.SUPERSEDED, DecisionStatus.REJECTED)
    return tuple(
        d
        for d in side.decisions
        if d.status not in standing and (mentions(d, patterns) or d.finding in rules)
    )

"""The skeptic's findings of two analyses matched: opened, resolved, re-graded, answered.

A finding is the same finding on both sides when its rule and its components (base ids
through the renames) are the same; what is left is matched by rule alone when each side
has exactly one finding of that rule (the budget finding whose list of components moved
is still the budget finding). Only findings that changed are kept: opened, resolved, a
new severity, an answer recorded or withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from model.skeptic.findings import Finding


class Status(StrEnum):
    """What the change did to a finding."""

    OPENED = "opened"
    """The head has it, the base had not."""
    RESOLVED = "resolved"
    """The base had it, the head has not: the design no longer gives the rule reason."""
    CHANGED = "changed"
    """Both have it, with another severity or answer."""


@dataclass(frozen=True, slots=True)
class FindingDelta:
    """One finding the change touched."""

    status: Status
    before: Finding | None
    after: Finding | None

    @property
    def finding(self) -> Finding:
        """The head's finding, or the base's when resolved."""
        found = self.after or self.before
        assert found is not None
        return found

    @property
    def regraded(self) -> bool:
        """Whether both sides have it at different severities."""
        return (
            self.before is not None
            and self.after is not None
            and self.before.severity is not self.after.severity
        )

    @property
    def answered(self) -> bool:
        """Whether this change recorded its answer (it was open in the base, or new and
        answered at once)."""
        return (
            self.after is not None
            and self.after.answered
            and not (self.before is not None and self.before.answered)
        )

    @property
    def withdrawn(self) -> bool:
        """Whether its answer was withdrawn (answered in the base, open in the head)."""
        return (
            self.before is not None
            and self.after is not None
            and self.before.answered
            and not self.after.answered
        )


def finding_deltas(
    base: Iterable[Finding], head: Iterable[Finding], renames: dict[str, str]
) -> tuple[FindingDelta, ...]:
    """The findings that changed: the head's order (opened and changed), then resolved."""
    old = list(base)
    new = list(head)
    key_old = {i: _key(f, renames) for i, f in enumerate(old)}
    free = dict(key_old)
    pairs: dict[int, int] = {}
    for j, finding in enumerate(new):
        key = (finding.rule, finding.components)
        i = next((i for i, k in free.items() if k == key), None)
        if i is not None:
            pairs[j] = i
            del free[i]
    for j, finding in enumerate(new):
        if j in pairs:
            continue
        rule_old = [i for i in free if old[i].rule == finding.rule]
        rule_new = [k for k, f in enumerate(new) if f.rule == finding.rule and k not in pairs]
        if len(rule_old) == 1 and len(rule_new) == 1:
            pairs[j] = rule_old[0]
            del free[rule_old[0]]
    out = []
    for j, finding in enumerate(new):
        if j not in pairs:
            out.append(FindingDelta(Status.OPENED, None, finding))
            continue
        delta = FindingDelta(Status.CHANGED, old[pairs[j]], finding)
        if delta.regraded or delta.answered or delta.withdrawn:
            out.append(delta)
    out += [FindingDelta(Status.RESOLVED, old[i], None) for i in sorted(free)]
    return tuple(out)


def _key(finding: Finding, renames: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    return finding.rule, tuple(renames.get(c, c) for c in finding.components)

"""The figures of two analyses side by side: cost and availability, each with its delta.

Every figure is read from the analysis that states it — the cost estimate's totals,
groups, environments and projections, the cost model's lines at 1x/10x/100x (what the
projections add up), the reliability's floor, estimate and recovery — and never
recomputed here, so a delta is always the difference of two figures the report and the
documents of each side print. A side that does not exist (the base of a new design)
has no figures: its deltas start from nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.engines.lines import CostLine, Group
from model.engines.reliability import Failure, Reliability, downtime_minutes
from model.engines.usage import SCALES

if TYPE_CHECKING:
    from model.analysis import Analysis

CENT = 0.005
"""A money figure moving less than this has not changed."""

EPSILON = 1e-9
"""Any other figure moving less than this has not changed."""


@dataclass(frozen=True, slots=True)
class Delta:
    """One figure in the base and in the head."""

    before: float | None
    """The base's figure; None when the base has none (a new design, a new environment,
    a price that is not public)."""
    after: float | None
    """The head's figure; None when the head has none."""

    @property
    def change(self) -> float:
        """Head minus base, a missing figure counting as 0."""
        return (self.after or 0.0) - (self.before or 0.0)

    @property
    def percent(self) -> float | None:
        """The change as a percentage of the base; None when the base is 0 or missing."""
        if not self.before:
            return None
        return self.change / self.before * 100

    def moved(self, tolerance: float = CENT) -> bool:
        """Whether the figure changed by `tolerance` or more, or appeared or disappeared."""
        if (self.before is None) != (self.after is None):
            return True
        return abs(self.change) >= tolerance


Scaled = tuple[Delta, Delta, Delta]
"""One figure at 1x, 10x and 100x the baseline (`model.engines.usage.SCALES`)."""


@dataclass(frozen=True, slots=True)
class LineDelta:
    """One cost line (a component, a standby in another region, an implied charge) that
    changed."""

    id: str
    """The line's id in the head (`db`, `db@us-west-2`, `nat-gateway`), in the base when gone."""
    name: str
    group: Group
    service: str
    """The service's label in the head (in the base when gone)."""
    monthly: Scaled
    """USD a month at 1x, 10x and 100x."""


@dataclass(frozen=True, slots=True)
class CostDiff:
    """What the change does to the bill."""

    production: Scaled
    """Production's monthly total at 1x, 10x and 100x (the projections)."""
    all_environments: Delta
    """The whole bill, every environment together, at 1x."""
    budget: Delta
    """The context's monthly budget."""
    groups: tuple[tuple[Group, Delta], ...]
    """Production's cost per group, every group, in the role card's order."""
    environments: tuple[tuple[str, Delta], ...]
    """Each environment of either side (the head's order, then those dropped)."""
    lines: tuple[LineDelta, ...]
    """The cost lines that changed at any scale."""


def cost_diff(base: Analysis | None, head: Analysis, renames: dict[str, str]) -> CostDiff:
    """The bill of `base` beside that of `head` (line ids of the base through `renames`)."""
    after = head.cost
    before = base.cost if base is not None else None
    production = _scaled(
        [p.monthly_total for p in before.projections] if before else None,
        [p.monthly_total for p in after.projections],
    )
    groups = tuple(
        (group, Delta(before.group(group) if before else None, after.group(group)))
        for group in Group
    )
    old_envs = {e.name: e.monthly for e in before.environments} if before else {}
    new_envs = {e.name: e.monthly for e in after.environments}
    environments = tuple(
        (name, Delta(old_envs.get(name), new_envs.get(name)))
        for name in dict.fromkeys([*new_envs, *old_envs])
    )
    return CostDiff(
        production=production,
        all_environments=Delta(
            before.all_environments_total if before else None, after.all_environments_total
        ),
        budget=Delta(before.budget_usd if before else None, after.budget_usd),
        groups=groups,
        environments=environments,
        lines=_lines(base, head, renames),
    )


def _scaled(before: list[float | None] | None, after: list[float | None]) -> Scaled:
    old: list[float | None] = before or [None, None, None]
    first, ten, hundred = (Delta(old[i], after[i]) for i in range(len(SCALES)))
    return first, ten, hundred


def _mapped(line_id: str, renames: dict[str, str]) -> str:
    """A base line's id in the head: `db` → `database`, `db@us-west-2` → `database@us-west-2`."""
    component, at, region = line_id.partition("@")
    return renames.get(component, component) + at + region


def _by_scale(analysis: Analysis) -> dict[str, list[CostLine]]:
    """Each line's id → the line at 1x, 10x and 100x (1x from the estimate itself)."""
    out: dict[str, list[CostLine]] = {}
    for index, scale in enumerate(SCALES):
        lines = analysis.cost.lines if index == 0 else analysis.cost_model.all_lines(scale)
        for line in lines:
            out.setdefault(line.component_id, []).append(line)
    return out


def _lines(base: Analysis | None, head: Analysis, renames: dict[str, str]) -> tuple[LineDelta, ...]:
    new = _by_scale(head)
    old = {_mapped(k, renames): v for k, v in _by_scale(base).items()} if base else {}
    out = []
    for key in dict.fromkeys([*new, *old]):
        mine, theirs = new.get(key), old.get(key)
        shown = (mine or theirs or [])[0]
        monthly = _scaled(
            [x.monthly for x in theirs] if theirs else None,
            [x.monthly for x in mine] if mine else [None, None, None],
        )
        if any(d.moved() for d in monthly):
            out.append(
                LineDelta(key, shown.component_name, shown.group, shown.service_label, monthly)
            )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class FailureDelta:
    """The recovery from one kind of failure, in the base and in the head."""

    failure: Failure
    rto: Delta
    """Minutes until service is back (None: not recoverable)."""
    rpo: Delta
    """Minutes of writes lost (None: the data is lost)."""
    basis_before: str
    basis_after: str


@dataclass(frozen=True, slots=True)
class AvailabilityDiff:
    """What the change does to availability and recovery."""

    target: Delta
    sla_floor: Delta
    """What the SLAs of the request path promise, in percent."""
    estimate: Delta
    """What the design can expect, in percent."""
    floor_downtime: Delta
    """Minutes down a month at the SLA floor."""
    estimate_downtime: Delta
    """Minutes down a month at the design estimate."""
    meets_target: tuple[bool | None, bool]
    """Whether the estimate meets the target, in the base (None: no base) and the head."""
    weakest: tuple[str | None, str | None]
    """The weakest link's name in the base and in the head."""
    rto_target: Delta
    rpo_target: Delta
    rto_estimate: Delta
    """The longest recovery from a zone failure or lost data, in minutes (None: never)."""
    rpo_achievable: Delta
    """The most writes lost in a zone failure or by lost data, in minutes (None: all)."""
    failures: tuple[FailureDelta, ...]

    @property
    def allowed_downtime(self) -> float:
        """Minutes a month the head's target allows."""
        return downtime_minutes(self.target.after or 100.0)


def _failure(old: Reliability | None, new: Reliability, failure: Failure) -> FailureDelta:
    before = old.recovery.outcome(failure) if old is not None else None
    after = new.recovery.outcome(failure)
    return FailureDelta(
        failure,
        Delta(before.rto_minutes if before else None, after.rto_minutes),
        Delta(before.rpo_minutes if before else None, after.rpo_minutes),
        before.basis if before else "",
        after.basis,
    )


def availability_diff(base: Analysis | None, head: Analysis) -> AvailabilityDiff:
    """The availability and recovery of `base` beside those of `head`."""
    new = head.reliability
    old: Reliability | None = base.reliability if base is not None else None

    def pair(read: Callable[[Reliability], float | None]) -> Delta:
        return Delta(read(old) if old is not None else None, read(new))

    failures = tuple(_failure(old, new, failure) for failure in Failure)
    weakest_before = None
    if old is not None and old.weakest_link is not None:
        weakest_before = old.weakest_link.name
    return AvailabilityDiff(
        target=pair(lambda r: r.target_percent),
        sla_floor=pair(lambda r: r.sla_floor_percent),
        estimate=pair(lambda r: r.estimate_percent),
        floor_downtime=pair(lambda r: r.downtime_minutes_per_month),
        estimate_downtime=pair(lambda r: r.estimate_downtime_minutes_per_month),
        meets_target=(
            old.estimate_meets_target if old is not None else None,
            new.estimate_meets_target,
        ),
        weakest=(weakest_before, new.weakest_link.name if new.weakest_link else None),
        rto_target=pair(lambda r: r.recovery.rto_target_minutes),
        rpo_target=pair(lambda r: r.recovery.rpo_target_minutes),
        rto_estimate=pair(lambda r: r.recovery.rto_estimate_minutes),
        rpo_achievable=pair(lambda r: r.recovery.rpo_achievable_minutes),
        failures=failures,
    )

"""Hypothesis strategies producing valid sessions, varied across every section."""

from __future__ import annotations

from hypothesis import strategies as st

from model.base import has_control_characters, line_problem
from model.enums import DecisionStatus, Metric, Provider
from model.secret_scan import find_secret
from model.sections.decisions import Decision
from model.sections.monitoring import AlertThreshold
from model.session import Session, replace
from sessions.starter import starter_session

_printable = st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")) | st.sampled_from("\n\t")
"""What session text may hold: anything printable, plus newlines and tabs."""

texts = st.text(_printable, max_size=80).filter(
    lambda t: find_secret(t) is None and not has_control_characters(t)
)
names = st.text(_printable, min_size=1, max_size=40).filter(
    lambda t: (
        t.strip() != ""
        and find_secret(t) is None
        and not has_control_characters(t)
        and line_problem(t) is None
    )
)
"""What one-line fields may hold: the same, on one line and without a CI expression."""


@st.composite
def thresholds(draw: st.DrawFn) -> tuple[AlertThreshold, ...]:
    """Thresholds for a random subset of metrics, warning strictly below critical."""
    chosen = draw(st.lists(st.sampled_from(list(Metric)), unique=True, max_size=len(Metric)))
    out = []
    for metric in chosen:
        top = 100.0 if metric.is_percent else 10_000.0
        critical = draw(st.floats(min_value=0.5, max_value=top, allow_nan=False))
        warning = draw(st.floats(min_value=0, max_value=critical, exclude_max=True))
        minutes = draw(st.integers(min_value=0, max_value=60))
        out.append(
            AlertThreshold(metric=metric, warning=warning, critical=critical, for_minutes=minutes)
        )
    return tuple(out)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    """A valid session: a starter design of a random provider with random changes."""
    provider = draw(st.sampled_from([Provider.AWS, Provider.GCP, Provider.AZURE]))
    base = starter_session(provider, draw(names))
    context = base.context.evolve(
        **{
            "description": draw(texts),
            "users": draw(st.integers(min_value=0, max_value=10**9)),
            "peak_rps": draw(st.floats(min_value=0, max_value=1e6, allow_nan=False)),
            "data_gb": draw(st.floats(min_value=0, max_value=1e6, allow_nan=False)),
            "team_size": draw(st.integers(min_value=1, max_value=500)),
            "handles_payments": draw(st.booleans()),
        }
    )
    components = tuple(
        c.evolve(name=draw(names), notes=draw(texts), multi_az=draw(st.booleans()))
        for c in base.components
    )
    decisions = tuple(
        Decision(
            id=f"adr-{i:03d}",
            title=draw(names),
            status=draw(st.sampled_from(list(DecisionStatus))),
            context=draw(texts),
            options=tuple(draw(st.lists(names, max_size=3))),
            rationale=draw(texts),
        )
        for i in range(draw(st.integers(min_value=0, max_value=3)))
    )
    monitoring = base.monitoring.evolve(thresholds=draw(thresholds()))
    return replace(
        base,
        context=context,
        components=components,
        decisions=decisions,
        monitoring=monitoring,
    )

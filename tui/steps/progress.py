"""Which steps count as completed: visited and left, or changed from the starter design.

Every session is valid by construction, so "completed" cannot mean "valid". A step is
done when the team has been through it (shown it and moved on) or when its section
differs from the starter design of the session's provider — which is how the steps of
an opened file that was worked on last week show their ticks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from model.steps import StepId

if TYPE_CHECKING:
    from model.enums import Provider
    from model.session import Session


def _tools(session: Session, *categories: str) -> tuple[object, ...]:
    """The components of `categories` (tools chosen in Security and Incidents)."""
    return tuple(c for c in session.components if c.category.value in categories)


_SECTIONS: dict[StepId, Callable[[Session], object]] = {
    StepId.CONTEXT: lambda s: tuple(
        value for name, value in s.context if name not in ("project", "description")
    ),
    StepId.PROVIDER: lambda s: (s.provider, s.style),
    StepId.COMPONENTS: lambda s: (s.components, s.links),
    StepId.ENVIRONMENTS: lambda s: s.environments,
    StepId.ALERTS: lambda s: s.monitoring,
    StepId.PIPELINE: lambda s: s.pipeline,
    StepId.DEPLOYMENT: lambda s: s.deployment,
    StepId.SECURITY: lambda s: (s.security, _tools(s, "secrets", "tls", "waf")),
    StepId.INCIDENTS: lambda s: (s.incidents, _tools(s, "oncall")),
    StepId.REVIEW: lambda s: s.decisions,
}
"""What each step decides, as a comparable value (the project name alone is no context)."""


@functools.cache
def _starter(provider: Provider) -> Session:
    from sessions.starter import starter_session

    return starter_session(provider)


def completed_steps(session: Session, visited: Iterable[str]) -> frozenset[str]:
    """The ids of the steps considered done for `session`."""
    done = set(visited)
    starter = _starter(session.provider)
    for step_id, section in _SECTIONS.items():
        if section(session) != section(starter):
            done.add(step_id)
    return frozenset(done)

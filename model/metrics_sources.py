"""Where a design's request metrics come from, for its metrics service's alerts and gates.

One question per alerting stack, answered from the catalog's facts:

- **CloudWatch**: the load balancer or REST API in front of the API publishes request
  metrics (`request_metrics`).
- **Cloud Monitoring**: the serving components record their own (Cloud Run, App Engine:
  `prom_request_metrics`); without one, the load balancer in front of them does.
- **Azure Monitor**: Application Insights records every request the application answers
  (tag `request_telemetry`), whatever runs it.

The alert definitions and the pipeline's release gates both read these answers, so they
measure the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.catalog import Catalog, Service
from model.catalog.facts import PromRequestMetrics, RequestMetrics
from model.enums import Category
from model.naming import resource_name
from model.sections.components import Component
from model.session import Session


def metrics_service(session: Session, catalog: Catalog) -> Service | None:
    """The catalog entry of the design's metrics service, if it has one."""
    found = session.components_in(Category.METRICS)
    return catalog[found[0].service] if found else None


def request_front(session: Session, catalog: Catalog) -> RequestMetrics | None:
    """The CloudWatch request metrics of the first component that publishes them (the load
    balancer or REST API in front of the application), if any."""
    return next(
        (m for c in session.components if (m := catalog[c.service].request_metrics) is not None),
        None,
    )


@dataclass(frozen=True, slots=True)
class PromSource:
    """A component whose requests Cloud Monitoring records."""

    component: Component
    """The component."""
    metrics: PromRequestMetrics
    """How its request metrics are named."""

    def name(self, project: str, environment: str) -> str:
        """The value of the metrics' name label for this component in `environment`."""
        if self.metrics.named_by == "component":
            return self.component.id
        return resource_name(project, environment, self.component)


def prom_request_sources(
    session: Session, catalog: Catalog, serving: frozenset[str]
) -> tuple[PromSource, ...]:
    """The components whose Cloud Monitoring request metrics describe the application: the
    serving components (ids in `serving`) that record their own, or else the load
    balancers in front of them."""
    found = [
        PromSource(c, m)
        for c in session.components
        if (m := catalog[c.service].prom_request_metrics) is not None
    ]
    own = tuple(
        s for s in found if s.component.id in serving and s.component.category is Category.COMPUTE
    )
    if own:
        return own
    return tuple(s for s in found if s.component.category is Category.LOAD_BALANCER)


def request_telemetry(session: Session, catalog: Catalog) -> Component | None:
    """The component recording every request the application answers in a `requests`
    table (Application Insights), if the design has one."""
    return next(
        (c for c in session.components if "request_telemetry" in catalog[c.service].tags), None
    )

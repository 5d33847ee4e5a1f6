"""What several documents share: file names of the bundle's documents, service lookups."""

from __future__ import annotations

from model.catalog import load_catalog
from model.engines.lines import CostLine
from model.enums import Category
from model.sections.components import Component
from model.session import Session
from model.units import money

INFRASTRUCTURE_DOC = "01-infrastructure.md"
CICD_DOC = "02-cicd-pipeline.md"
DEPLOYMENT_DOC = "03-deployment.md"
MONITORING_DOC = "04-monitoring.md"
SECURITY_DOC = "05-security.md"
COST_DOC = "06-cost.md"
INCIDENTS_DOC = "07-incident-response.md"
TRADEOFFS_DOC = "skeptic-tradeoffs.md"
"""Document file names inside the bundle's `docs/` folder; links between documents use them."""


def service_labels(session: Session, category: Category) -> list[str]:
    """The product names of the services chosen for `category`, in component order."""
    catalog = load_catalog()
    labels = []
    for component in session.components_in(category):
        service = catalog.get(component.service)
        label = service.label if service else component.service
        if label not in labels:
            labels.append(label)
    return labels


DIAGRAM_PNG = "../diagrams/architecture.png"
DIAGRAM_SVG = "../diagrams/architecture.svg"
DIAGRAM_TXT = "../diagrams/architecture.txt"
"""The bundle's diagram files, relative to the docs folder."""


def configuration(component: Component, line: CostLine | None = None) -> str:
    """How a component is set up, in words: `2 × db.t4g.small, multi-AZ, autoscaling 2–6`."""
    parts = []
    instances = line.instances if line is not None and line.instances else None
    size = (line.size if line is not None else None) or component.size
    if size and instances:
        parts.append(f"{instances} × {size}")
    elif size:
        parts.append(size)
    elif component.replicas > 1:
        parts.append(f"{component.replicas} replicas")
    if component.multi_az:
        parts.append("multi-AZ")
    scaling = component.autoscaling
    if scaling is not None:
        parts.append(
            f"autoscaling {scaling.min}–{scaling.max} at {scaling.target_cpu_percent:g}% CPU"
        )
    if component.network:
        subnet = f" ({component.subnet.label.lower()})" if component.subnet else ""
        parts.append(f"in {component.network}{subnet}")
    parts += failure_handling(component)
    return ", ".join(parts)


def failure_handling(component: Component) -> list[str]:
    """A queue's dead-letter and retry settings, a sender's webhook settings, in words."""
    parts = []
    queue = component.queue
    if queue is not None:
        if queue.dead_letter:
            after = f" after {queue.max_receives} receives" if queue.max_receives else ""
            parts.append(f"dead-letter queue{after}")
        else:
            parts.append("no dead-letter queue")
        if queue.backoff:
            parts.append("retries back off")
        if queue.visibility_timeout_seconds is not None:
            parts.append(f"visibility {queue.visibility_timeout_seconds} s")
    hooks = component.webhooks
    if hooks is not None:
        words = [f"{hooks.max_attempts} attempts", *(["backoff"] if hooks.backoff else [])]
        words.append("HMAC-signed" if hooks.signed else "unsigned")
        parts.append("webhooks: " + ", ".join(words))
    return parts


def monthly(line: CostLine | None) -> str:
    """A cost cell: dollars a month, or why there is no figure."""
    if line is None:
        return ""
    if line.monthly is None:
        return "no public price"
    return money(line.monthly)

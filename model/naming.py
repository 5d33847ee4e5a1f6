"""Names of a design's resources in the cloud, shared by the plan and every exporter."""

from __future__ import annotations

import re

from model.sections.components import Component
from model.session import Session


def slug(text: str) -> str:
    """A lowercase, dash-separated name usable in resource and image names."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (words or "app")[:40].rstrip("-")


def project_slug(session: Session) -> str:
    """The project's name as used in cluster, image and resource names."""
    return slug(session.context.project)


def resource_name(project: str, environment: str, component: Component) -> str:
    """The name of `component`'s resource in `environment`: `<project>-<env>-<id>`."""
    return f"{project}-{environment}-{component.id}"


def alarm_name(project: str, environment: str, metric: str) -> str:
    """The CloudWatch alarm gating releases of `environment` on `metric` (`error-rate`)."""
    return f"{project}-{environment}-release-{metric}"

"""What a provider's availability SLA covers: the service as deployed, or a cluster's
control plane whose worker nodes are virtual machines under their own SLA.

A catalog entry states its SLAs (`Service.sla_percent` for one deployment,
`sla_multi_az_percent` across zones, or per plan on `PlanTier.sla_percent` where the
plan decides it: free plans have none) and the page that publishes them
(`Service.sla_source`). `model.engines.reliability` turns them into each component's
availability.
"""

from __future__ import annotations

from model.enums import Labelled


class SlaScope(Labelled):
    """What a service's SLA covers."""

    SERVICE = "service"
    """The service as deployed: one figure for the component."""
    CONTROL_PLANE = "control_plane"
    """A cluster's control plane (its API), once per cluster however many nodes run;
    the worker nodes are virtual machines covered by `Service.node_service`'s SLA."""

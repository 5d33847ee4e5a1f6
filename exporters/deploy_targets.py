"""Where each deployable component runs and how the pipeline reaches it.

Each compute service of the catalog belongs to a platform family with one deployment
mechanism (ECS services, Lambda aliases, Kubernetes deployments, Cloud Run revisions, App
Engine versions, Container Apps revisions, App Service slots, VM groups). This module
names the resources the pipeline touches and the cloud it logs in to; the scripts live in
`exporters.deploy_scripts`.

Resource names follow one convention, repeated in each pipeline's header so the
infrastructure code can match it: cluster, group or app `<project>-<environment>[-<id>]`,
service or deployment `<component id>`. Per-environment settings (cloud project, resource
group, role) are CI variables scoped to the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from exporters.common import compute_components, project_slug, region
from model.components import Component
from model.session import Session

Cloud = Literal["aws", "gcp", "azure"]
"""A cloud the pipeline authenticates to."""

Platform = Literal[
    "ecs",
    "lambda",
    "kubernetes",
    "cloud_run",
    "app_engine",
    "container_apps",
    "app_service",
    "functions",
    "asg",
    "mig",
    "vmss",
]
"""A deployment mechanism."""

_PLATFORMS: dict[str, tuple[Cloud, Platform]] = {
    "aws-ecs-fargate": ("aws", "ecs"),
    "aws-lambda": ("aws", "lambda"),
    "aws-eks": ("aws", "kubernetes"),
    "aws-ec2": ("aws", "asg"),
    "gcp-cloud-run": ("gcp", "cloud_run"),
    "gcp-cloud-functions": ("gcp", "cloud_run"),
    "gcp-app-engine": ("gcp", "app_engine"),
    "gcp-gke": ("gcp", "kubernetes"),
    "gcp-compute-engine": ("gcp", "mig"),
    "azure-container-apps": ("azure", "container_apps"),
    "azure-app-service": ("azure", "app_service"),
    "azure-functions": ("azure", "functions"),
    "azure-aks": ("azure", "kubernetes"),
    "azure-vm": ("azure", "vmss"),
}

PLATFORM_LABELS: dict[Platform, str] = {
    "ecs": "Amazon ECS (aws ecs update-service)",
    "lambda": "AWS Lambda (versions behind the `live` alias)",
    "kubernetes": "Kubernetes (kubectl)",
    "cloud_run": "Cloud Run (gcloud run deploy, revisions and traffic)",
    "app_engine": "App Engine (gcloud app deploy, versions and traffic splits)",
    "container_apps": "Azure Container Apps (az containerapp, revisions and traffic weights)",
    "app_service": "Azure App Service (az webapp, the `candidate` deployment slot)",
    "functions": "Azure Functions (func publish to the `candidate` slot)",
    "asg": "EC2 Auto Scaling group (instance refresh)",
    "mig": "Compute Engine managed instance group (rolling updates)",
    "vmss": "Azure VM scale set (rolling upgrades)",
}
"""How each platform is deployed, for file headers."""


@dataclass(frozen=True, slots=True)
class Deployable:
    """One compute component and everything its deploy steps refer to."""

    component: Component
    """The component."""
    cloud: Cloud
    """The cloud it runs in."""
    platform: Platform
    """Its deployment mechanism."""
    project: str
    """The project slug used in resource names."""
    region: str
    """The region it is deployed to."""
    context: str
    """The folder its container image is built from."""

    @property
    def id(self) -> str:
        """The component id: the service, deployment or function name."""
        return self.component.id

    def group(self, env: str) -> str:
        """The cluster, scale group or app holding it in environment `env`."""
        if self.platform in ("ecs", "kubernetes"):
            return f"{self.project}-{env}"
        return f"{self.project}-{env}-{self.id}"

    def address(self, env: str) -> str:
        """Where it lives in environment `env`, in words, for file headers."""
        g = self.group(env)
        return {
            "ecs": f"ECS cluster {g}, service {self.id}",
            "lambda": f"function {g}, alias live",
            "kubernetes": f"cluster {g}, namespace {self.project}, deployment {self.id}",
            "cloud_run": f"Cloud Run service {self.id} (project $GCP_PROJECT_ID)",
            "app_engine": f"App Engine service {self.id} (project $GCP_PROJECT_ID)",
            "container_apps": f"container app {self.id} (resource group $AZURE_RESOURCE_GROUP)",
            "app_service": f"web app {g}, slot candidate",
            "functions": f"function app {g}, slot candidate",
            "asg": f"Auto Scaling group {g}, image in SSM /{self.project}/{env}/{self.id}/image",
            "mig": f"managed instance group {g}",
            "vmss": f"VM scale set {g}",
        }[self.platform]

    @property
    def builds_image(self) -> bool:
        """Whether it ships as a container image (App Engine and Functions ship source)."""
        return self.platform not in ("app_engine", "functions")


def deployables(session: Session) -> tuple[Deployable, ...]:
    """The compute components the pipeline builds and deploys, in session order."""
    components = compute_components(session)
    project = project_slug(session)
    several = len(components) > 1
    out = []
    for c in components:
        cloud, platform = _PLATFORMS.get(c.service, ("aws", "ecs"))
        out.append(
            Deployable(
                component=c,
                cloud=cloud,
                platform=platform,
                project=project,
                region=region(session),
                context=f"./{c.id}" if several else ".",
            )
        )
    return tuple(out)


def clouds(targets: tuple[Deployable, ...]) -> tuple[Cloud, ...]:
    """The clouds `targets` run in, in first-use order."""
    seen: list[Cloud] = []
    for t in targets:
        if t.cloud not in seen:
            seen.append(t.cloud)
    return tuple(seen)


CLOUD_VARIABLES: dict[Cloud, tuple[tuple[str, str], ...]] = {
    "aws": (("AWS_DEPLOY_ROLE_ARN", "IAM role the pipeline assumes through OIDC"),),
    "gcp": (
        ("GCP_PROJECT_ID", "Google Cloud project of the environment"),
        ("GCP_WORKLOAD_IDENTITY_PROVIDER", "workload identity provider resource name"),
        ("GCP_SERVICE_ACCOUNT", "service account the pipeline impersonates"),
    ),
    "azure": (
        ("AZURE_CLIENT_ID", "app registration with a federated credential for this repo"),
        ("AZURE_TENANT_ID", "Entra ID tenant"),
        ("AZURE_SUBSCRIPTION_ID", "subscription of the environment"),
        ("AZURE_RESOURCE_GROUP", "resource group of the environment"),
    ),
}
"""CI variables (not secrets: identifiers) each cloud's login needs, per environment."""

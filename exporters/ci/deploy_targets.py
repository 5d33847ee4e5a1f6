"""Where each deployable component runs and how the pipeline reaches it.

Each compute service's catalog entry says how it deploys (`model.catalog.facts.Deploy`):
the cloud, and the platform whose one deployment mechanism it uses (ECS services, Lambda
aliases, Kubernetes deployments, Cloud Run revisions, App Engine versions, Container Apps
revisions, App Service slots, VM groups). This module names the resources the pipeline
touches on each platform; the scripts live in `exporters.ci.deploy_scripts`.

Resource names follow one convention, repeated in each pipeline's header so the
infrastructure code can match it: cluster, group or app `<project>-<environment>[-<id>]`,
service or deployment `<component id>`. Per-environment settings (cloud project, resource
group, role) are CI variables scoped to the environment.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporters.common import compute_components, region, service_of
from model.catalog.facts import Cloud, Deploy, Platform
from model.naming import project_slug
from model.sections.components import Component
from model.session import Session

PLATFORM_LABELS: dict[Platform, str] = {
    Platform.ECS: "Amazon ECS (aws ecs update-service)",
    Platform.LAMBDA: "AWS Lambda (versions behind the `live` alias)",
    Platform.KUBERNETES: "Kubernetes (kubectl)",
    Platform.CLOUD_RUN: "Cloud Run (gcloud run deploy, revisions and traffic)",
    Platform.APP_ENGINE: "App Engine (gcloud app deploy, versions and traffic splits)",
    Platform.CONTAINER_APPS: (
        "Azure Container Apps (az containerapp, revisions and traffic weights)"
    ),
    Platform.APP_SERVICE: "Azure App Service (az webapp, the `candidate` deployment slot)",
    Platform.FUNCTIONS: "Azure Functions (func publish to the `candidate` slot)",
    Platform.ASG: "EC2 Auto Scaling group (instance refresh)",
    Platform.MIG: "Compute Engine managed instance group (rolling updates)",
    Platform.VMSS: "Azure VM scale set (rolling upgrades)",
    Platform.APP_RUNNER: "AWS App Runner (aws apprunner update-service)",
}
"""How each platform is deployed, for file headers."""


@dataclass(frozen=True, slots=True)
class Deployable:
    """One compute component and everything its deploy steps refer to."""

    component: Component
    """The component."""
    deploy: Deploy
    """How its catalog service deploys."""
    project: str
    """The project slug used in resource names."""
    region: str
    """The region it is deployed to."""
    context: str
    """The folder its container image is built from."""

    @property
    def cloud(self) -> Cloud:
        """The cloud it runs in."""
        return self.deploy.cloud

    @property
    def platform(self) -> Platform:
        """Its deployment mechanism."""
        return self.deploy.platform

    @property
    def id(self) -> str:
        """The component id: the service, deployment or function name."""
        return self.component.id

    def group(self, env: str) -> str:
        """The cluster, scale group or app holding it in environment `env`."""
        if self.platform in (Platform.ECS, Platform.KUBERNETES):
            return f"{self.project}-{env}"
        return f"{self.project}-{env}-{self.id}"

    def address(self, env: str) -> str:
        """Where it lives in environment `env`, in words, for file headers."""
        g = self.group(env)
        return {
            Platform.ECS: f"ECS cluster {g}, service {self.id}",
            Platform.LAMBDA: f"function {g}, alias live",
            Platform.KUBERNETES: f"cluster {g}, namespace {self.project}, deployment {self.id}",
            Platform.CLOUD_RUN: f"Cloud Run service {self.id} (project $GCP_PROJECT_ID)",
            Platform.APP_ENGINE: f"App Engine service {self.id} (project $GCP_PROJECT_ID)",
            Platform.CONTAINER_APPS: (
                f"container app {self.id} (resource group $AZURE_RESOURCE_GROUP)"
            ),
            Platform.APP_SERVICE: f"web app {g}, slot candidate",
            Platform.FUNCTIONS: f"function app {g}, slot candidate",
            Platform.ASG: (
                f"Auto Scaling group {g}, image in SSM /{self.project}/{env}/{self.id}/image"
            ),
            Platform.MIG: f"managed instance group {g}",
            Platform.VMSS: f"VM scale set {g}",
            Platform.APP_RUNNER: f"App Runner service {g}",
        }[self.platform]

    @property
    def builds_image(self) -> bool:
        """Whether it ships as a container image (App Engine and Functions ship source)."""
        return self.deploy.image

    @property
    def image_prefix(self) -> str:
        """The shell variable holding the start of its image's name: `ECR_IMAGE_PREFIX`
        for a platform that runs images only from the registry of its own region and
        account (Lambda: `Deploy.registry_in_region`), `IMAGE_PREFIX` (the session's
        registry) otherwise. `exporters.ci.registry` sets both."""
        return "ECR_IMAGE_PREFIX" if self.deploy.registry_in_region else "IMAGE_PREFIX"


def deployables(session: Session) -> tuple[Deployable, ...]:
    """The compute components the pipeline builds and deploys, in session order."""
    components = compute_components(session)
    project = project_slug(session)
    several = len(components) > 1
    out = []
    for c in components:
        out.append(
            Deployable(
                component=c,
                deploy=deploy_of(c),
                project=project,
                region=region(session),
                context=f"./{c.id}" if several else ".",
            )
        )
    return tuple(out)


def deploy_of(component: Component) -> Deploy:
    """How the catalog service of compute `component` deploys."""
    service = service_of(component)
    if service.deploy is None:
        # The catalog refuses a compute service without `deploy`, so this is a category mix-up.
        raise ValueError(f"{component.id}: {service.id} is not a deployable compute service")
    return service.deploy


def clouds(targets: tuple[Deployable, ...]) -> tuple[Cloud, ...]:
    """The clouds `targets` run in, in first-use order."""
    seen: list[Cloud] = []
    for t in targets:
        if t.cloud not in seen:
            seen.append(t.cloud)
    return tuple(seen)


LOGIN_VARIABLES: dict[Cloud, tuple[tuple[str, str], ...]] = {
    Cloud.AWS: (("AWS_DEPLOY_ROLE_ARN", "IAM role the pipeline assumes through OIDC"),),
    Cloud.GCP: (
        ("GCP_WORKLOAD_IDENTITY_PROVIDER", "workload identity provider resource name"),
        ("GCP_SERVICE_ACCOUNT", "service account the pipeline impersonates"),
    ),
    Cloud.AZURE: (
        ("AZURE_CLIENT_ID", "app registration with a federated credential for this repo"),
        ("AZURE_TENANT_ID", "Entra ID tenant"),
        ("AZURE_SUBSCRIPTION_ID", "subscription of the environment"),
    ),
}
"""CI variables (not secrets: identifiers) each cloud's OIDC login reads."""

CLOUD_VARIABLES: dict[Cloud, tuple[tuple[str, str], ...]] = {
    Cloud.AWS: LOGIN_VARIABLES[Cloud.AWS],
    Cloud.GCP: (
        ("GCP_PROJECT_ID", "Google Cloud project of the environment"),
        *LOGIN_VARIABLES[Cloud.GCP],
    ),
    Cloud.AZURE: (
        *LOGIN_VARIABLES[Cloud.AZURE],
        ("AZURE_RESOURCE_GROUP", "resource group of the environment"),
    ),
}
"""CI variables (not secrets: identifiers) a deploy to each cloud reads, per environment:
its login's and where its resources are."""

"""What the exporters need to know about a catalog service, as part of its catalog entry.

A compute service says how it deploys (the cloud the pipeline logs in to, the platform's
deployment mechanism, the command-line tools its release scripts call); a database, cache
or queue names the container that stands in for it in docker-compose and CI; a secrets
manager says how the pipeline checks that a secret exists; a database says how the
pipeline takes a backup before a production release; a metrics service says which alerting
stack its alarms are written for. The catalog loader refuses a
service of those categories without its fact (`model.catalog.REQUIRED_FACTS`), so an
exporter never has to guess: a missing fact is an error in the data, never a default.

Local stand-ins are shared by many services (every managed PostgreSQL runs the same
container locally), so they are written once in `catalog/data/stand_ins.yaml` and an
entry names one by id (`local: postgres`); the loader puts the stand-in itself on the
entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from model.base import Identifier
from model.catalog.frozen import CatalogModel
from model.enums import Labelled


class Cloud(Labelled):
    """A cloud a pipeline authenticates to and deploys into."""

    AWS = "aws"
    GCP = "gcp"
    AZURE = "azure"


class Platform(Labelled):
    """A deployment mechanism: how a new version of a compute service is released."""

    ECS = "ecs"
    """ECS services (Fargate or EC2 capacity): a new task definition revision."""
    LAMBDA = "lambda"
    """Lambda functions: a published version behind the `live` alias."""
    KUBERNETES = "kubernetes"
    """Kubernetes deployments (EKS, GKE, AKS), driven by kubectl."""
    CLOUD_RUN = "cloud_run"
    """Cloud Run services: revisions and traffic splits."""
    APP_ENGINE = "app_engine"
    """App Engine services: versions and traffic splits, deployed from source."""
    CONTAINER_APPS = "container_apps"
    """Azure Container Apps: revisions and traffic weights."""
    APP_SERVICE = "app_service"
    """Azure App Service web apps: a `candidate` deployment slot swapped into production."""
    FUNCTIONS = "functions"
    """Azure Functions apps: a `candidate` slot, deployed from a source zip."""
    ASG = "asg"
    """EC2 Auto Scaling groups: an instance refresh."""
    MIG = "mig"
    """Compute Engine managed instance groups: rolling updates of instance templates."""
    VMSS = "vmss"
    """Azure VM scale sets: rolling upgrades."""
    APP_RUNNER = "app_runner"
    """AWS App Runner services: a new image, which App Runner switches to once healthy."""

    @property
    def runs_on_hosts(self) -> bool:
        """Whether the team's code runs on machines the team can reach (VM groups, Kubernetes
        nodes), where node_exporter runs and host CPU, memory and disk can be measured."""
        return self in _HOST_PLATFORMS


_HOST_PLATFORMS = frozenset({Platform.ASG, Platform.MIG, Platform.VMSS, Platform.KUBERNETES})


class DeployTool(Labelled):
    """A command-line tool a release script calls, which the deploy job must have."""

    AWS = "aws"
    """The AWS CLI."""
    GCLOUD = "gcloud"
    """The Google Cloud CLI."""
    AZ = "az"
    """The Azure CLI."""
    KUBECTL = "kubectl"
    """The Kubernetes CLI (GKE also needs gcloud's auth plugin)."""
    JQ = "jq"
    """jq, for editing JSON such as an ECS task definition."""
    ZIP = "zip"
    """zip, for source-zip deployments."""


class Registry(Labelled):
    """A kind of container registry, told apart by its host name (`exporters.ci.registry`)."""

    GHCR = "ghcr"
    """GitHub Container Registry (`ghcr.io`)."""
    GITLAB = "gitlab"
    """GitLab's container registry (`registry.gitlab.com`)."""
    ECR = "ecr"
    """Amazon ECR (`<account>.dkr.ecr.<region>.amazonaws.com`)."""
    GAR = "gar"
    """Google Artifact Registry (`<region>-docker.pkg.dev`, `gcr.io`)."""
    ACR = "acr"
    """Azure Container Registry (`*.azurecr.io`)."""
    OTHER = "other"
    """Any other: Docker Hub, a self-hosted registry."""

    @property
    def words(self) -> str:
        """The registry's name for sentences."""
        return _REGISTRY_WORDS[self]


_REGISTRY_WORDS = {
    Registry.GHCR: "GitHub Container Registry",
    Registry.GITLAB: "the GitLab registry",
    Registry.ECR: "Amazon ECR",
    Registry.GAR: "Artifact Registry",
    Registry.ACR: "Azure Container Registry",
    Registry.OTHER: "Docker Hub",
}


CLOUD_CLI = {Cloud.AWS: DeployTool.AWS, Cloud.GCP: DeployTool.GCLOUD, Cloud.AZURE: DeployTool.AZ}
"""The CLI each cloud is deployed with; a compute service's tools start with its cloud's."""


class Deploy(CatalogModel):
    """How a compute service is deployed by the pipeline."""

    cloud: Cloud
    """The cloud the pipeline logs in to."""
    platform: Platform
    """The deployment mechanism its release scripts drive."""
    tools: tuple[DeployTool, ...] = Field(min_length=1)
    """The command-line tools its release scripts call, its cloud's CLI first."""
    image: bool
    """Whether it ships a container image built by the pipeline (False: it deploys source)."""
    registries: tuple[Registry, ...] | None
    """The only registries it pulls images from; null when it pulls from any registry the
    pipeline pushes to, or deploys source."""
    registry_note: str = Field(default="", max_length=120)
    """What to do about another registry, said after the warning that it cannot pull."""
    registry_in_region: bool = False
    """Whether it runs images only from its one registry (`registries`) in its own region
    and account, as AWS Lambda does from Amazon ECR: the pipeline then pushes its image
    there whatever registry the session names."""

    @model_validator(mode="after")
    def _cloud_cli_first(self) -> Deploy:
        expected = CLOUD_CLI[self.cloud]
        if self.tools[0] is not expected:
            raise ValueError(f"deploy.tools must start with {expected.value}, the {self.cloud} CLI")
        if self.registries is not None and not (self.image and self.registries):
            raise ValueError("deploy.registries lists where an image comes from: null for source")
        if self.registry_in_region and self.registries != (Registry.ECR,):
            # The one regional registry whose address the pipeline can derive
            # (`<account>.dkr.ecr.<region>.amazonaws.com`).
            raise ValueError("deploy.registry_in_region needs registries: [ecr]")
        return self


def _pairs(value: Any) -> Any:
    """Read a YAML mapping as ordered (name, value) pairs, so the model stays hashable."""
    if isinstance(value, Mapping):
        return tuple((str(k), str(v)) for k, v in value.items())
    return value


EnvPairs = Annotated[tuple[tuple[str, str], ...], BeforeValidator(_pairs)]
"""Environment variables in file order, written in YAML as a mapping."""

PLACEHOLDERS = frozenset({"host", "region", "project"})
"""What `app_env` values may refer to: `{host}` the stand-in's host name, `{region}` the
design's first region, `{project}` the project slug."""

_PLACEHOLDER = re.compile(r"\{([^}]*)\}")


class LocalStandIn(CatalogModel):
    """A container that speaks a managed service's protocol, for dev stacks and CI tests."""

    id: Identifier
    """How catalog entries name it, e.g. `postgres`."""
    engine: str = Field(min_length=1, max_length=40)
    """The protocol family, e.g. `postgres`, `redis`, `dynamodb`."""
    label: str = Field(min_length=1, max_length=80)
    """What runs, in words, e.g. `PostgreSQL 17`."""
    image: str = Field(pattern=r"^[a-z0-9./_-]+(:[A-Za-z0-9._-]+)$")
    """The image, pinned to an exact tag."""
    port: int = Field(ge=1, le=65535)
    """The port it listens on."""
    healthcheck: str | None
    """A shell command exiting 0 once the service accepts connections; null (said in
    `note`) when the image has no tool to probe it with."""
    app_env: EnvPairs = Field(min_length=1)
    """Variables telling the application where to connect (see `PLACEHOLDERS`)."""
    env: EnvPairs = ()
    """Container settings (local, throwaway: no real credential is ever used)."""
    command: tuple[str, ...] = ()
    """The command to run, when the image's default does not start the service."""
    command_required: bool = False
    """Whether the image does nothing useful without `command` (an emulator launcher)."""
    data_path: str | None = None
    """Where it keeps data, mounted on a named volume in compose; None keeps it in memory."""
    note: str = Field(default="", max_length=200)
    """What a reader should know about the stand-in."""

    @model_validator(mode="after")
    def _known_placeholders(self) -> LocalStandIn:
        for name, value in self.app_env:
            unknown = set(_PLACEHOLDER.findall(value)) - PLACEHOLDERS
            if unknown:
                raise ValueError(f"app_env {name}: unknown placeholder {sorted(unknown)}")
        if self.healthcheck is None and not self.note:
            raise ValueError("a stand-in without a healthcheck must say why in `note`")
        if self.command_required and not self.command:
            raise ValueError("command_required needs a command")
        return self


class SecretsCheck(CatalogModel):
    """How the pipeline checks, by name and before a release, that a secret exists."""

    command: str | None
    """A shell command that exits 0 when the secret exists and prints nothing secret, with
    `{path}` the secret's path, `{vault}` and `{name}` its two halves around the first `/`
    (unquoted: each is filled in as one quoted shell word); null when the pipeline cannot
    check this manager (say why in `reason`)."""
    reason: str = Field(default="", max_length=200)
    """Why there is no check, when `command` is null."""

    @model_validator(mode="after")
    def _says_why_not(self) -> SecretsCheck:
        if self.command is None and not self.reason:
            raise ValueError("a secrets manager without a check command must give a reason")
        if self.command is not None:
            unknown = set(_PLACEHOLDER.findall(self.command)) - {"path", "vault", "name"}
            if unknown:
                raise ValueError(f"secrets check: unknown placeholder {sorted(unknown)}")
            if re.search(r"['\"]\{|\}['\"]", self.command):
                raise ValueError("secrets check: placeholders are quoted when filled in")
        return self

    def for_path(self, path: str, word: Callable[[str], str]) -> str | None:
        """The check of the secret at `path`, or None when this manager has none; `word`
        makes each filled-in value one shell word (the exporter's quoting)."""
        if self.command is None:
            return None
        vault, _, name = path.partition("/")
        return self.command.format(path=word(path), vault=word(vault), name=word(name))


class Snapshot(CatalogModel):
    """How the pipeline takes an on-demand backup of a database before a production release."""

    command: str | None
    """A shell command that takes the backup and waits until it is usable, with `{instance}`
    the database's resource name, `{label}` a name for the backup and `{region}` the region;
    null when the service has no on-demand backup the pipeline can take (say why in
    `reason`)."""
    reason: str = Field(default="", max_length=240)
    """Why there is no command, and what protects a release instead."""

    @model_validator(mode="after")
    def _says_why_not(self) -> Snapshot:
        if self.command is None and not self.reason:
            raise ValueError("a database without a snapshot command must give a reason")
        if self.command is not None:
            unknown = set(_PLACEHOLDER.findall(self.command)) - {"instance", "label", "region"}
            if unknown:
                raise ValueError(f"snapshot: unknown placeholder {sorted(unknown)}")
        return self

    def for_instance(self, instance: str, label: str, region: str) -> str | None:
        """The backup command of `instance`, or None when this service has none."""
        if self.command is None:
            return None
        return self.command.format(instance=instance, label=label, region=region)


class Alerting(Labelled):
    """The alerting stack of a metrics service: what its alert definitions are written in,
    and how the pipeline asks whether a release breaches the design's thresholds."""

    CLOUDWATCH = "cloudwatch"
    """CloudWatch alarms (a CloudFormation template); the pipeline reads the alarm states."""
    PROMETHEUS = "prometheus"
    """Prometheus alerting rules and Alertmanager; the pipeline queries the HTTP API."""
    CLOUD_MONITORING = "cloud_monitoring"
    """Google Cloud Monitoring alerting policies."""
    AZURE_MONITOR = "azure_monitor"
    """Azure Monitor log search alerts over Application Insights request telemetry."""
    VENDOR = "vendor"
    """A SaaS vendor's own monitors (Datadog, New Relic), defined in its console or API."""


class RequestMetrics(CatalogModel):
    """The CloudWatch metrics a service in front of the API publishes about its requests,
    from which the alarms compute the error rate and the response-time percentiles."""

    namespace: str = Field(max_length=60)
    """The CloudWatch namespace, e.g. `AWS/ApplicationELB`."""
    errors: str = Field(max_length=60)
    """The metric counting server errors (5xx)."""
    requests: str = Field(max_length=60)
    """The metric counting requests."""
    latency: str = Field(max_length=60)
    """The response-time metric percentiles are taken of."""
    latency_per_ms: float = Field(gt=0)
    """The latency metric's value for one millisecond (0.001 for seconds)."""
    dimensions: EnvPairs
    """Dimension name → what the template parameter holding its value is, in words."""


class PromRequestMetrics(CatalogModel):
    """The request metrics Google Cloud Monitoring records for a service, named as its
    PromQL interface names them (`run.googleapis.com/request_count` is
    `run_googleapis_com:request_count`), from which alert policies and the release gates
    compute the error rate and the response-time percentiles."""

    resource: str = Field(max_length=60, pattern=r"^[a-z_]+$")
    """The monitored resource type, e.g. `cloud_run_revision`."""
    name_label: str = Field(max_length=60, pattern=r"^[a-z_]+$")
    """The label whose value names the service, e.g. `service_name`."""
    named_by: Literal["component", "resource"]
    """What that value is: the component id (the name the pipeline deploys it under) or its
    resource name `<project>-<environment>-<id>`."""
    requests: str = Field(max_length=80, pattern=r"^[a-z_:]+$")
    """The request counter."""
    server_errors: str = Field(max_length=80, pattern=r'^[a-z_]+=~?"[0-9a-z.]+"$')
    """The label matcher selecting server errors, e.g. `response_code_class="5xx"`."""
    latency: str = Field(max_length=80, pattern=r"^[a-z_:]+$")
    """The latency distribution (its `_bucket` series feed `histogram_quantile`)."""
    latency_per_ms: float = Field(gt=0)
    """The latency metric's value for one millisecond (1 for milliseconds)."""

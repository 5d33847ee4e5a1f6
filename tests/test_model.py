"""Domain rules that hold for sessions however they are built (file, app or code)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from model.enums import Category, ChannelKind, Metric, Provider
from model.sections.channels import Channel
from model.sections.components import Autoscaling, Component
from model.sections.context import SECONDS_PER_MONTH
from model.sections.deployment import Deployment
from model.sections.monitoring import AlertThreshold
from model.sections.security import SecretRef
from model.session import Session, replace


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    out = []
    for error in exc.value.errors():
        loc = ".".join(str(p) for p in error["loc"])
        out.append((loc, error["msg"].removeprefix("Value error, ")))
    return out


def test_sessions_are_immutable(starter: Session) -> None:
    with pytest.raises(ValidationError):
        starter.provider = Provider.GCP  # type: ignore[misc]


def test_evolve_validates_what_model_copy_would_not(starter: Session) -> None:
    with pytest.raises(ValidationError):
        starter.context.evolve(team_size=0)
    assert starter.context.evolve(project="  Padded  ").project == "Padded"


def test_component_ids_are_unique(starter: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        replace(starter, components=(*starter.components, starter.components[0]))
    index = len(starter.components)
    assert (f"components.{index}.id", "component id 'dns' is used twice") in errors(caught)


def test_service_must_belong_to_the_category(starter: Session) -> None:
    api = starter.component("api")
    assert api is not None
    wrong = api.evolve(category=Category.DATABASE)
    components = tuple(wrong if c.id == "api" else c for c in starter.components)
    with pytest.raises(ValidationError) as caught:
        replace(starter, components=components)
    [(loc, message)] = errors(caught)
    assert loc.endswith(".service")
    assert message == "'aws-ecs-fargate' is a Compute service, not Database"


def test_hybrid_may_mix_clouds(starter: Session) -> None:
    cloud_sql = Component(
        id="analytics-db",
        name="Analytics",
        category=Category.DATABASE,
        service="gcp-cloud-sql-postgres",
    )
    with pytest.raises(ValidationError):
        replace(starter, components=(*starter.components, cloud_sql))
    hybrid = replace(starter, provider=Provider.HYBRID, components=(*starter.components, cloud_sql))
    assert hybrid.component("analytics-db") == cloud_sql


def test_instance_size_must_exist(starter: Session) -> None:
    db = starter.component("db")
    assert db is not None
    components = tuple(
        db.evolve(size="db.x99.huge") if c.id == "db" else c for c in starter.components
    )
    with pytest.raises(ValidationError) as caught:
        replace(starter, components=components)
    [(loc, message)] = errors(caught)
    assert loc.endswith(".size")
    assert message.startswith("unknown size 'db.x99.huge'; choose one of db.t4g.small")


def test_replicas_within_autoscaling_bounds() -> None:
    with pytest.raises(
        ValidationError, match=r"replicas \(9\) must lie within the autoscaling bounds 2..6"
    ):
        Component(
            id="api",
            name="API",
            category=Category.COMPUTE,
            service="aws-ec2",
            replicas=9,
            autoscaling=Autoscaling(min=2, max=6),
        )
    with pytest.raises(ValidationError, match=r"max \(1\) is below min \(3\)"):
        Autoscaling(min=3, max=1)


@pytest.mark.parametrize(
    ("metric", "warning", "critical", "message"),
    [
        (Metric.CPU, 95, 80, "warning (95 %) must be below critical (80 %)"),
        (Metric.CPU, 80, 80, "warning (80 %) must be below critical (80 %)"),
        (Metric.DISK, 80, 120, "critical 120% is above 100%"),
        (Metric.LATENCY_P95, 3000, 1000, "warning (3000 ms) must be below critical (1000 ms)"),
    ],
)
def test_threshold_rules(metric: Metric, warning: float, critical: float, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        AlertThreshold(metric=metric, warning=warning, critical=critical)


def test_latency_thresholds_are_not_bounded_by_100() -> None:
    assert AlertThreshold(metric=Metric.LATENCY_P99, warning=900, critical=2500).critical == 2500


def test_canary_steps_rise_to_100() -> None:
    with pytest.raises(ValidationError, match="must rise"):
        Deployment(canary_steps_percent=(50, 10, 100))
    with pytest.raises(ValidationError, match="must be 100"):
        Deployment(canary_steps_percent=(10, 50))


def test_pipeline_must_deploy_to_existing_environments(starter: Session) -> None:
    pipeline = starter.pipeline.evolve(
        production=starter.pipeline.production.evolve(environment="live")
    )
    with pytest.raises(ValidationError) as caught:
        replace(starter, pipeline=pipeline)
    assert (
        "pipeline.production.environment",
        "no environment called 'live' (environments: dev, prod, staging)",
    ) in errors(caught)


def test_channel_secret_must_be_listed(starter: Session) -> None:
    monitoring = starter.monitoring.evolve(
        channels=({"kind": "slack", "target": "#alerts", "secret": "MISSING_HOOK"},)
    )
    with pytest.raises(ValidationError) as caught:
        replace(starter, monitoring=monitoring)
    assert (
        "monitoring.channels.0.secret",
        "secret 'MISSING_HOOK' is not listed under security.secrets",
    ) in errors(caught)


def test_free_text_refuses_secret_values(starter: Session) -> None:
    with pytest.raises(ValidationError, match="looks like a secret value"):
        starter.context.evolve(description="our key is AKIAIOSFODNN7EXAMPLE")


@pytest.mark.parametrize(
    ("build", "value"),
    [
        (
            lambda v: SecretRef(name="STRIPE_KEY", path=v),
            "prod/stripe/sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        ),
        (lambda v: SecretRef(name="STRIPE_KEY", path="prod/stripe", owner=v), "ghp_" + "a1B2" * 9),
        (
            lambda v: Channel(kind=ChannelKind.SLACK, target=v),
            "https://hooks.slack.com/services/T000/B000/XXXXXXXX",
        ),
    ],
    ids=["manager path", "secret owner", "channel target"],
)
def test_secret_names_and_channels_refuse_secret_values(
    build: Callable[[str], object], value: str
) -> None:
    """Fields that name where a secret lives are where a pasted value would land."""
    with pytest.raises(ValidationError, match="looks like a secret value"):
        build(value)


def test_requests_are_derived_from_the_peak_when_not_given(starter: Session) -> None:
    context = starter.context.evolve(peak_rps=100, monthly_requests_millions=None)
    assert context.requests_millions == pytest.approx(100 * 0.25 * SECONDS_PER_MONTH / 1e6)
    assert context.evolve(monthly_requests_millions=12).requests_millions == 12

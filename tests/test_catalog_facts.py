"""What the exporters need to know about a service is catalog data, required by category.

A compute service without `deploy`, a database, cache or queue without `local`, a secrets
manager without `secrets_check` is a catalog error naming the file, the service and the
field; the exporters hold no table keyed by catalog id, and every platform the catalog can
name has every deploy script.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from pydantic import ValidationError

from exporters.ci.deploy_scripts import record, release
from exporters.ci.deploy_targets import PLATFORM_LABELS, Deployable
from exporters.ci.ops_plan import describe_pipeline
from exporters.ci.traffic_scripts import rollback
from model.analysis import analyse
from model.catalog import REQUIRED_FACTS, CatalogError, load_catalog, parse_catalog
from model.catalog.facts import CLOUD_CLI, Cloud, Deploy, DeployTool, Platform, SecretsCheck
from model.deploy_plan import Rollout
from model.enums import Category, Strategy
from model.sections.components import Component
from model.sections.deployment import Deployment
from model.session import Session, replace
from sessions.bundled import load_example

CATALOG = load_catalog()
EXPORTERS = Path(__file__).resolve().parent.parent / "exporters"

STAND_INS = """
- id: pg
  engine: postgres
  label: PostgreSQL
  image: postgres:17.2-alpine
  port: 5432
  healthcheck: pg_isready
  app_env: {DATABASE_URL: "postgresql://app@{host}:5432/app"}
"""

FACTS = {
    "deploy": (
        "  deploy: {cloud: aws, platform: ecs, tools: [aws], image: true, registries: null}\n"
    ),
    "local": "  local: pg\n",
    "secrets_check": '  secrets_check: {command: "aws ssm get-parameter --name {path}"}\n',
    "snapshot": "  snapshot: {command: null, reason: point-in-time recovery covers a release}\n",
    "alerting": "  alerting: cloudwatch\n",
}
"""One valid way of writing each fact."""


def entry(category: Category, facts: str = "") -> str:
    return (
        f"- id: aws-x\n  provider: aws\n  category: {category.value}\n  label: X\n"
        "  icon: diagrams.aws.network.Route53\n"
        "  pricing: {model: free, unit: none, source: 'https://example.com', as_of: 2025-01-01}\n"
        "  pros: [a]\n  cons: [b]\n  complexity: 1\n  lock_in: 1\n" + facts
    )


CASES = [
    (category, fact)
    for fact, categories in REQUIRED_FACTS.items()
    for category in sorted(categories, key=lambda c: c.value)
]


@pytest.mark.parametrize(("category", "fact"), CASES, ids=lambda v: getattr(v, "value", v))
def test_a_service_without_its_fact_is_refused(category: Category, fact: str) -> None:
    others = "".join(
        FACTS[other]
        for other, categories in REQUIRED_FACTS.items()
        if other != fact and category in categories
    )
    with pytest.raises(CatalogError) as caught:
        parse_catalog({"extra.yaml": entry(category, others)}, STAND_INS)
    message = str(caught.value)
    assert message.startswith("extra.yaml: service aws-x:"), message
    assert f"a {category.value} service needs `{fact}`" in message
    catalog = parse_catalog({"extra.yaml": entry(category, others + FACTS[fact])}, STAND_INS)
    assert getattr(catalog["aws-x"], fact) is not None


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_a_fact_on_another_category_is_refused(fact: str) -> None:
    with pytest.raises(CatalogError, match=f"`{fact}` is only for"):
        parse_catalog({"a.yaml": entry(Category.DNS, FACTS[fact])}, STAND_INS)


def test_an_unknown_stand_in_is_refused() -> None:
    text = entry(Category.CACHE, "  local: valkey\n")
    with pytest.raises(CatalogError, match=r"a.yaml: service aws-x: .*'valkey' is not in"):
        parse_catalog({"a.yaml": text}, STAND_INS)


def test_a_deploy_names_its_clouds_cli_first() -> None:
    with pytest.raises(CatalogError, match="must start with gcloud"):
        text = entry(
            Category.COMPUTE,
            "  deploy: {cloud: gcp, platform: cloud_run, tools: [aws], image: true, "
            "registries: null}\n",
        )
        parse_catalog({"a.yaml": text}, STAND_INS)


def test_a_secrets_manager_without_a_check_says_why() -> None:
    with pytest.raises(CatalogError, match="must give a reason"):
        parse_catalog(
            {"a.yaml": entry(Category.SECRETS, "  secrets_check: {command: null}\n")}, STAND_INS
        )
    check = SecretsCheck(command="az keyvault secret show --vault-name {vault} --name {name}")
    assert check.for_path("kv-prod/db-password", shlex.quote) == (
        "az keyvault secret show --vault-name kv-prod --name db-password"
    )
    assert check.for_path("kv prod/db;id", shlex.quote) == (
        "az keyvault secret show --vault-name 'kv prod' --name 'db;id'"
    )
    assert SecretsCheck(command=None, reason="no CLI").for_path("a/b", shlex.quote) is None
    with pytest.raises(ValidationError, match="quoted when filled in"):
        SecretsCheck(command="gcloud secrets describe '{path}'")


def test_the_packaged_catalog_carries_every_required_fact() -> None:
    for service in CATALOG.values():
        for fact, categories in REQUIRED_FACTS.items():
            assert (getattr(service, fact) is not None) == (service.category in categories), (
                service.id,
                fact,
            )


def test_the_exporters_name_no_catalog_service() -> None:
    """Service knowledge is catalog data: no exporter keys a table or a branch on an id."""
    ids = "|".join(re.escape(service_id) for service_id in CATALOG)
    pattern = re.compile(rf"[\"']({ids})[\"']")
    found = [
        f"{path.relative_to(EXPORTERS)}: {match.group(1)}"
        for path in sorted(EXPORTERS.rglob("*.py"))
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found


def _target(platform: Platform) -> Deployable:
    cloud = next(c for c in Cloud if platform in _PLATFORMS_OF[c])
    tools = (CLOUD_CLI[cloud], DeployTool.KUBECTL)
    return Deployable(
        component=Component(id="api", name="API", category=Category.COMPUTE, service="aws-ec2"),
        deploy=Deploy(cloud=cloud, platform=platform, tools=tools, image=True, registries=None),
        project="shop",
        region="eu-west-1",
        context=".",
    )


_PLATFORMS_OF = {
    cloud: {s.deploy.platform for s in CATALOG.values() if s.deploy and s.deploy.cloud is cloud}
    for cloud in Cloud
}


@pytest.mark.parametrize("platform", list(Platform))
def test_every_platform_has_every_deploy_script(platform: Platform) -> None:
    """A platform added to the vocabulary without its scripts fails here, not in a pipeline."""
    assert any(platform in platforms for platforms in _PLATFORMS_OF.values()), (
        f"no catalog service deploys with {platform.value}"
    )
    t = _target(platform)
    assert PLATFORM_LABELS[platform]
    assert t.address("production")
    deployment = Deployment()
    for strategy in Strategy:
        steps = (10, 50, 100) if strategy is Strategy.CANARY else ()
        assert record(t, "production", strategy)
        assert release(t, "production", Rollout(t.component, platform, strategy, steps), deployment)
        assert release(t, "staging", None, deployment)
        assert rollback(t, "production", strategy)


def on(session: Session, service: str) -> Session:
    """`session` with every compute component on `service`."""
    return replace(
        session,
        components=tuple(
            c.evolve(service=service, size=None) if c.category is Category.COMPUTE else c
            for c in session.components
        ),
    )


def test_a_registry_the_platform_cannot_pull_from_is_a_warning() -> None:
    saas = load_example("saas-mvp-aws")
    assert saas.pipeline.build.registry == "ghcr.io"
    header = " ".join(describe_pipeline(analyse(on(saas, "aws-app-runner")), "github"))
    assert "Warning: AWS App Runner pulls images from Amazon ECR only, not ghcr.io." in header
    assert "Warning:" not in " ".join(describe_pipeline(analyse(saas), "github"))


def test_a_platform_pulling_from_its_own_region_gets_its_image_pushed_there() -> None:
    """Lambda (`registry_in_region`) is no warning: the pipeline pushes to its region's ECR
    (`tests/test_lambda_images.py` runs the scripts)."""
    on_lambda = on(load_example("saas-mvp-aws"), "aws-lambda")
    header = " ".join(describe_pipeline(analyse(on_lambda), "github"))
    assert "Warning:" not in header
    assert "AWS Lambda runs images only from Amazon ECR in its own region and account" in header
    with pytest.raises(CatalogError, match="registry_in_region needs registries: \\[ecr\\]"):
        text = entry(
            Category.COMPUTE,
            "  deploy: {cloud: gcp, platform: cloud_run, tools: [gcloud], image: true, "
            "registries: [gar], registry_in_region: true}\n",
        )
        parse_catalog({"a.yaml": text}, STAND_INS)


def test_a_source_deploy_names_no_registry() -> None:
    with pytest.raises(CatalogError, match="null for source"):
        text = entry(
            Category.COMPUTE,
            "  deploy: {cloud: gcp, platform: app_engine, tools: [gcloud], image: false, "
            "registries: [gar]}\n",
        )
        parse_catalog({"a.yaml": text}, STAND_INS)

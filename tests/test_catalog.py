"""The service catalog: valid, complete for every provider, icons that really import."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from model.catalog import Catalog, CatalogError, PricingModel, Service, load_catalog, parse_catalog
from model.enums import Category, Provider, ServiceProvider

CATALOG = load_catalog()


def test_at_least_sixty_services_across_all_providers() -> None:
    assert len(CATALOG) >= 60
    providers = {s.provider for s in CATALOG.values()}
    assert providers == set(ServiceProvider)


@pytest.mark.parametrize("service", CATALOG.services(), ids=lambda s: s.id)
def test_icon_class_imports(service: Service) -> None:
    module_name, _, class_name = service.icon.rpartition(".")
    module = importlib.import_module(module_name)
    assert isinstance(getattr(module, class_name), type)


@pytest.mark.parametrize("provider", [Provider.AWS, Provider.GCP, Provider.AZURE])
@pytest.mark.parametrize("category", list(Category))
def test_every_category_is_buildable_on_every_cloud(provider: Provider, category: Category) -> None:
    assert CATALOG.choices(category, provider), f"no {category.value} service on {provider.value}"


ROLE_CARD_NAMES = [
    "Vercel", "Netlify", "CloudFront", "Cloudflare", "Route 53", "EC2", "Fargate", "Lambda",
    "App Service", "Kubernetes", "API Gateway", "Application Load Balancer",
    "Network Load Balancer", "RDS for PostgreSQL", "MongoDB Atlas", "Supabase", "Redis",
    "Memcached", "S3", "Cloud Storage", "Blob", "CloudWatch", "Datadog", "Logtail", "Grafana",
    "New Relic", "Sentry", "Rollbar", "UptimeRobot", "Pingdom", "Let's Encrypt",
    "Certificate Manager", "Secrets Manager", "Vault", "Doppler", "WAF", "Shield", "PagerDuty",
    "Opsgenie",
]  # fmt: skip


@pytest.mark.parametrize("name", ROLE_CARD_NAMES)
def test_role_card_options_are_in_the_catalog(name: str) -> None:
    labels = [s.label for s in CATALOG.values()]
    assert any(name.lower() in label.lower() for label in labels), name


@pytest.mark.parametrize("service", CATALOG.services(), ids=lambda s: s.id)
def test_every_price_has_a_public_source_and_a_past_date(service: Service) -> None:
    pricing = service.pricing
    if service.category is Category.EXTERNAL:
        # Another party runs and bills it: no price of the design's, so no price page.
        assert pricing.model is PricingModel.FREE and pricing.source is None
    else:
        assert str(pricing.source).startswith("https://")
    assert dt.date(2020, 1, 1) <= pricing.as_of <= dt.date.today()
    if pricing.model is PricingModel.NOT_PUBLIC:
        assert pricing.price_usd is None
        assert pricing.assumption, "say why the price is not public"
    assert service.id.split("-")[0] == service.provider.value


def test_only_an_external_system_goes_without_a_price_source() -> None:
    entry = (
        "- id: {provider}-x\n  provider: {provider}\n  category: {category}\n  label: X\n"
        "  icon: diagrams.generic.place.Datacenter\n"
        "  pricing: {{model: free, unit: none, as_of: 2025-01-01}}\n"
        "  pros: [a]\n  cons: [b]\n  complexity: 1\n  lock_in: 1\n"
    )
    assert parse_catalog({"a.yaml": entry.format(provider="external", category="external")})
    with pytest.raises(CatalogError, match="a price needs its source"):
        parse_catalog({"a.yaml": entry.format(provider="saas", category="dns")})
    with pytest.raises(CatalogError, match="only they, are offered by `external`"):
        parse_catalog({"a.yaml": entry.format(provider="external", category="dns")})


def test_duplicate_ids_are_a_catalog_error() -> None:
    entry = (
        "- id: aws-x\n  provider: aws\n  category: dns\n  label: X\n"
        "  icon: diagrams.aws.network.Route53\n"
        "  pricing: {model: free, unit: none, source: 'https://example.com', as_of: 2025-01-01}\n"
        "  pros: [a]\n  cons: [b]\n  complexity: 1\n  lock_in: 1\n"
    )
    with pytest.raises(CatalogError, match="duplicate catalog id"):
        parse_catalog({"a.yaml": entry, "b.yaml": entry})
    assert isinstance(parse_catalog({"a.yaml": entry}), Catalog)


def test_tiered_plans_ascend() -> None:
    for service in CATALOG.values():
        limits = [t.limit for t in service.pricing.tiers if t.limit is not None]
        assert limits == sorted(limits), service.id

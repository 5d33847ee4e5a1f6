"""The starter designs are data (`sessions/starters/*.yaml`) read by the examples' loader.

They replaced a Python builder; commit "Starter designs as YAML beside the examples"
proved each file loads to exactly the session that builder made.
"""

from __future__ import annotations

import pytest

from model.catalog import load_catalog
from model.enums import Provider
from sessions.bundled import starter_path
from sessions.starter import starter_session
from sessions.store import load


@pytest.mark.parametrize("provider", list(Provider))
def test_each_provider_has_a_starter_on_its_own_cloud(provider: Provider) -> None:
    session = starter_session(provider)
    assert session == load(starter_path(provider))
    assert session.provider is provider and session.context.project == "New project"
    catalog = load_catalog()
    cloud = Provider.AWS if provider is Provider.HYBRID else provider
    assert all(catalog[c.service].offered_on(cloud) for c in session.components)


def test_the_project_name_is_the_users() -> None:
    session = starter_session(Provider.GCP, "Shop")
    assert session.context.project == "Shop"
    assert session.evolve(context=session.context.evolve(project="New project")) == (
        starter_session(Provider.GCP)
    )


@pytest.mark.parametrize("provider", list(Provider))
def test_a_starter_proposes_no_business_metric(provider: Provider) -> None:
    """Business metrics are the architect's to name: the field is there, empty."""
    assert starter_session(provider).monitoring.business_metrics == ()
    assert "\n  business_metrics: []\n" in starter_path(provider).read_text(encoding="utf-8")

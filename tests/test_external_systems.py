"""External systems: what a design talks to but does not run (an acquirer, merchants'
endpoints, a third-party API). In the graph and every picture with their protocol and
direction, in the documents; never priced; counted in the availability only at the figure
the session states for them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from exporters.diagrams.ascii import render_ascii
from exporters.diagrams.image import render_dot
from exporters.diagrams.mermaid import render_mermaid
from exporters.documents import infrastructure
from model.analysis import Analysis, analyse
from model.catalog import load_catalog
from model.edits import add_component
from model.engines.graph import Tier, node_of
from model.enums import Category, Direction, Provider
from model.sections.components import Component, ExternalSystem, Link
from model.session import Session, replace
from sessions.store import dumps, loads


def system(ident: str, name: str, **settings: object) -> Component:
    """An external system of the design."""
    return Component(
        id=ident,
        name=name,
        category=Category.EXTERNAL,
        service="external-system",
        external=ExternalSystem.model_validate(settings),
    )


ACQUIRER = system("acquirer", "Card acquirer", protocol="ISO 8583 over TLS")
MERCHANTS = system("merchants", "Merchant endpoints", protocol="HTTPS webhooks")
PARTNER = system("partner", "Partner orders", direction="inbound")


@pytest.fixture
def payments(starter: Session) -> Session:
    """The starter design talking to an acquirer, merchants' endpoints and a partner."""
    return replace(starter, components=(*starter.components, ACQUIRER, MERCHANTS, PARTNER))


def test_an_external_system_says_how_the_design_talks_to_it(starter: Session) -> None:
    with pytest.raises(ValidationError, match="says how the design talks to it"):
        Component(id="x", name="X", category=Category.EXTERNAL, service="external-system")
    with pytest.raises(ValidationError, match="are its owner's"):
        ACQUIRER.evolve(replicas=3)
    with pytest.raises(ValidationError, match="are its owner's"):
        ACQUIRER.evolve(network="app-vpc")
    api = starter.component("api")
    assert api is not None
    with pytest.raises(ValidationError, match="for an external system, not Compute"):
        api.evolve(external=ExternalSystem())
    # Only the external-system entry serves one; an external entry serves nothing else.
    with pytest.raises(ValidationError, match="is a Compute service, not External system"):
        replace(starter, components=(*starter.components, ACQUIRER.evolve(service="aws-ec2")))
    session, ident = add_component(starter, Category.EXTERNAL, "external-system")
    added = session.component(ident)
    assert added is not None and added.external == ExternalSystem()
    assert (added.external.protocol, added.external.direction) == ("HTTPS", Direction.OUTBOUND)


def test_it_is_offered_on_every_cloud_and_survives_a_provider_move(payments: Session) -> None:
    from model.edits import translate

    catalog = load_catalog()
    for provider in Provider:
        assert [s.id for s in catalog.choices(Category.EXTERNAL, provider)] == ["external-system"]
    moved, problems = translate(payments, Provider.GCP)
    assert moved.component("acquirer") == ACQUIRER and not problems[:-1]


def test_it_stands_in_its_own_tier_with_links_by_direction(payments: Session) -> None:
    graph = analyse(payments).graph
    assert node_of(graph, "acquirer").tier is Tier.EXTERNAL
    assert node_of(graph, "acquirer").service_label == "ISO 8583 over TLS, we call it"
    links = {(s, t): link for s, t, link in graph.edges(data="link")}
    assert links[("api", "acquirer")] == Link(
        source="api", target="acquirer", label="ISO 8583 over TLS"
    )
    assert ("api", "merchants") in links
    # A partner calling the design arrives where requests enter it: the load balancer.
    assert ("partner", "lb") in links and ("api", "partner") not in links
    both = replace(
        payments,
        components=tuple(
            c.evolve(external=ExternalSystem(direction=Direction.BOTH)) if c.id == "partner" else c
            for c in payments.components
        ),
    )
    ends = {(s, t) for s, t in analyse(both).graph.edges() if "partner" in (s, t)}
    assert ends == {("api", "partner"), ("partner", "lb")}


def test_it_is_never_priced(starter: Session, payments: Session) -> None:
    before, after = analyse(starter).cost, analyse(payments).cost
    assert after.monthly_total == before.monthly_total
    assert after.all_environments_total == before.all_environments_total
    assert {line.component_id for line in after.lines} == {
        line.component_id for line in before.lines
    }
    assert all(
        e.monthly == b.monthly for e, b in zip(after.environments, before.environments, strict=True)
    )


def test_its_availability_counts_only_as_stated(starter: Session, payments: Session) -> None:
    unstated = analyse(payments).reliability
    assert unstated.sla_floor_percent == analyse(starter).reliability.sla_floor_percent
    record = unstated.of("acquirer")
    assert record is not None and not record.user_facing
    assert record.basis == "its availability is not stated: left out"

    stated = replace(
        payments,
        components=tuple(
            c.evolve(external=c.external.evolve(availability_percent=99.5))
            if c.id == "acquirer" and c.external
            else c
            for c in payments.components
        ),
    )
    reliability = analyse(stated).reliability
    record = reliability.of("acquirer")
    assert record is not None and record.user_facing and record.percent == 99.5
    assert "stated availability 99.5%" in record.basis
    assert reliability.sla_floor_percent == pytest.approx(unstated.sla_floor_percent * 0.995)
    assert reliability.weakest_link is not None
    assert reliability.weakest_link.component_id == "acquirer"


def drawn(analysis: Analysis) -> dict[str, str]:
    """The session's three text pictures."""
    return {
        "mermaid": render_mermaid(analysis),
        "dot": render_dot(analysis),
        "ascii": render_ascii(analysis, 120),
        "plain": render_ascii(analysis, 120, unicode=False),
    }


def test_every_picture_shows_it_with_its_protocol_and_direction(payments: Session) -> None:
    pictures = drawn(analyse(payments))
    mermaid = pictures["mermaid"]
    assert '  subgraph tier_external["External"]' in mermaid
    assert '    n_acquirer["Card acquirer · ISO 8583 over TLS, we call it"]' in mermaid
    assert '  n_api -->|"ISO 8583 over TLS"| n_acquirer' in mermaid
    assert '  n_partner -->|"HTTPS"| n_lb' in mermaid
    dot = pictures["dot"]
    external = dot.split("subgraph cluster_external {", 1)[1].split("\n\t}", 1)[0]
    assert 'style="rounded,dashed"' in external and "n_acquirer" in external
    assert "ISO 8583 over TLS, we<BR/>call it" in external  # wrapped to the label's width
    for kind in ("ascii", "plain"):
        text = pictures[kind]
        assert any(line.startswith("EXTERNAL") for line in text.splitlines())
        assert "Partner orders" in text and "HTTPS, it calls us" in text
    assert pictures["plain"].isascii()


def test_the_documents_list_it_off_the_bill(payments: Session) -> None:
    text = infrastructure.render(analyse(payments))
    assert "### 5. External systems" in text
    assert (
        "| System | Card acquirer | ISO 8583 over TLS, we call it; availability not stated: "
        "left out of the design's | not priced |"
    ) in text
    assert (
        "Not on this bill (another party runs them and bills its own fees): Card acquirer, "
        "Merchant endpoints, Partner orders."
    ) in text
    # A design without one has no empty section for them.
    assert "External systems" not in infrastructure.render(
        analyse(replace(payments, components=payments.components[:-3]))
    )


def test_it_is_written_to_and_read_from_the_session_file(payments: Session) -> None:
    text = dumps(payments)
    assert "    external:\n      protocol: ISO 8583 over TLS\n      direction: outbound\n" in text
    assert loads(text) == payments

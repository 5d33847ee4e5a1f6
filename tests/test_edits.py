"""Edits that reach across sections: renaming a component carries every reference along."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from model.edits import explicit_links, rename_component
from model.sections.components import USERS, Link
from model.session import Session, replace


def located(caught: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    """The errors as (dotted location, message)."""
    return [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in caught.value.errors()]


def test_renaming_a_component_carries_its_links_and_secrets(starter: Session) -> None:
    linked = replace(starter, links=explicit_links(starter))
    secrets = tuple(s.evolve(component="api") for s in linked.security.secrets)
    session = replace(linked, security=linked.security.evolve(secrets=secrets))
    assert secrets and any("api" in (link.source, link.target) for link in session.links)

    renamed = rename_component(session, "api", "payments-api")

    assert renamed.component("api") is None
    moved = renamed.component("payments-api")
    assert moved is not None and moved == session.component("api").evolve(id="payments-api")  # type: ignore[union-attr]
    ends = {end for link in renamed.links for end in (link.source, link.target)}
    assert "api" not in ends and "payments-api" in ends

    def flows(links: tuple[Link, ...]) -> list[tuple[str, str]]:
        return [(link.label, link.kind) for link in links]

    assert flows(renamed.links) == flows(session.links)
    assert {s.component for s in renamed.security.secrets} == {"payments-api"}
    # The component keeps its place: the diagrams and documents list it where it was.
    assert [c.id for c in renamed.components] == [
        "payments-api" if c.id == "api" else c.id for c in session.components
    ]
    assert rename_component(renamed, "payments-api", "api") == session


def test_a_taken_or_malformed_id_is_refused_at_the_components_id(starter: Session) -> None:
    index = [c.id for c in starter.components].index("api")
    with pytest.raises(ValidationError) as caught:
        rename_component(starter, "api", "db")
    assert located(caught) == [
        (f"components.{index}.id", "'db' is taken: it is the id of Primary database")
    ]
    with pytest.raises(ValidationError) as caught:
        rename_component(starter, "api", "Payments API")
    [(loc, _)] = located(caught)
    assert loc == f"components.{index}.id"
    assert caught.value.errors()[0]["type"] == "string_pattern_mismatch"
    with pytest.raises(ValidationError) as caught:
        rename_component(starter, "api", "api\x1b[2J")
    assert [loc for loc, _ in located(caught)] == [f"components.{index}.id"]
    with pytest.raises(ValidationError) as caught:
        rename_component(starter, "api", USERS)
    assert located(caught) == [
        (
            f"components.{index}.id",
            "'users' is the id of the clients every request starts from; choose another",
        )
    ]


def test_renaming_to_its_own_id_changes_nothing(starter: Session) -> None:
    assert rename_component(starter, "api", "api") is starter


def test_a_new_component_joins_the_network_of_its_category(starter: Session) -> None:
    from model.edits import add_component, update_component
    from model.enums import Category, Subnet

    api = starter.component("api")
    assert api is not None
    placed = update_component(starter, api.evolve(network="app-vpc", subnet=Subnet.PRIVATE_APP))
    session, worker = add_component(placed, Category.COMPUTE, api.service)
    added = session.component(worker)
    assert added is not None
    assert (added.network, added.subnet) == ("app-vpc", Subnet.PRIVATE_APP)
    session, cache = add_component(session, Category.CACHE, "aws-elasticache-redis")
    assert session.component(cache).network is None  # type: ignore[union-attr]

"""The ASCII/Unicode diagram: golden files, widths, determinism, and the picture itself.

The golden files under `tests/golden/ascii/` were read and checked by hand against the
example sessions (every box, arrow and side link). Regenerate them with
`UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_ascii.py` and read the diff before
accepting it.

Beyond the goldens, the picture is read back (`tests.ascii_check`): boxes are found by
their corners and every arrowhead is traced along the lines to the boxes it comes from,
so the tests check what a reader sees — each link drawn, nothing connected that is not
linked — not what the layout code meant to draw.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import synthetic_session
from exporters.diagrams.ascii import render_ascii
from exporters.diagrams.ascii.glyphs import ASCII, UNICODE, clean, fit, text_width
from model.analysis import analyse
from model.catalog import load_catalog
from model.engines.digraph import DiGraph
from model.engines.graph import Tier, build_graph, edges, node_of
from model.enums import Category
from model.sections.components import USERS, Component, Link, LinkKind
from model.session import Session, replace
from model.units import MIN_DIAGRAM_WIDTH as MIN_WIDTH
from sessions.bundled import EXAMPLES, load_example
from tests.ascii_check import LINE_GLYPHS, Box, Picture
from tests.diagram_sessions import hostile_session

GOLDEN = Path(__file__).parent / "golden" / "ascii"
SIDE = (Tier.OBSERVABILITY, Tier.SECURITY)


@pytest.mark.parametrize("unicode", [True, False], ids=["unicode", "ascii"])
def test_golden_file(example_name: str, unicode: bool) -> None:
    golden = GOLDEN / (f"{example_name}.unicode.txt" if unicode else f"{example_name}.txt")
    text = render_ascii(analyse(load_example(example_name)), unicode=unicode)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing {golden}; run with UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_every_width_is_respected() -> None:
    sessions = [load_example(name) for name in EXAMPLES] + [hostile_session()]
    for session in sessions:
        for width in range(60, 201):
            for unicode in (True, False):
                text = render_ascii(analyse(session), width, unicode)
                widest = max(text_width(line) for line in text.splitlines())
                assert widest <= width, (session.context.project, width, unicode)


def test_narrow_widths_shorten_labels_and_never_cut_a_box() -> None:
    text = render_ascii(analyse(load_example("eu-shop-gcp")), 60)
    picture = Picture(text)
    assert "…" in text
    assert all(box.right < 60 for box in picture.boxes)
    assert len(picture.boxes) == 1 + len(load_example("eu-shop-gcp").components)


def test_deterministic(example_name: str) -> None:
    first = render_ascii(analyse(load_example(example_name)), 87)
    again = render_ascii(analyse(load_example(example_name)), 87)  # a fresh session object
    assert first == again
    assert first.endswith("\n")
    assert not any(line != line.rstrip() for line in first.splitlines())


@pytest.mark.parametrize("width", [60, 100, 200])
def test_every_component_and_service_appears(example_name: str, width: int) -> None:
    session = load_example(example_name)
    catalog = load_catalog()
    boxes = Picture(render_ascii(analyse(session), width)).boxes
    for component in session.components:
        service = catalog[component.service].label
        assert any(
            _shows(box.title, component.name) and _shows(box.subtitle, service) for box in boxes
        ), (component.name, service)


def _shows(shown: str, full: str) -> bool:
    """Whether `shown` is `full` or its shortened form (`Cloud Load Balanc…`)."""
    return shown == full or (shown.endswith("…") and full.startswith(shown[:-1].rstrip()))


@pytest.mark.parametrize("width", [60, 80, 100, 140, 200])
def test_ascii_mode_is_pure_ascii(width: int) -> None:
    for session in [*(load_example(n) for n in EXAMPLES), hostile_session()]:
        data = render_ascii(analyse(session), width, unicode=False).encode("utf-8")
        assert all(byte < 128 for byte in data)


@pytest.mark.parametrize("width", [60, 80, 100, 140, 200])
def test_every_request_link_has_an_arrowhead_from_its_source(example_name: str, width: int) -> None:
    session = load_example(example_name)
    assert_links_drawn_exactly(session, render_ascii(analyse(session), width))


def assert_links_drawn_exactly(session: Session, text: str) -> None:
    """Each request link ends in an arrowhead traced back to its source, and only those."""
    graph = build_graph(session)
    picture = Picture(text)
    name_of = {box: _name_of(box, graph) for box in picture.boxes}
    expected: set[tuple[str, str]] = set()
    for link in edges(graph):
        tiers = {node_of(graph, link.source).tier, node_of(graph, link.target).tier}
        if not tiers & set(SIDE):
            expected.add((_title(graph, link.source), _title(graph, link.target)))
    drawn: set[tuple[str, str]] = set()
    for x, y, _ in picture.arrows(below=_side_start(picture.lines)):
        target = picture.target_of(x, y)
        assert target is not None, f"arrowhead at {x},{y} points into no box"
        for source in picture.sources_of(x, y):
            drawn.add((name_of[source], name_of[target]))
    assert drawn == expected


def _side_start(lines: list[str]) -> int:
    """The first line after the routed picture (side tiers and the side-link legend)."""
    ends = {"OBSERVABILITY", "SECURITY"}
    return next(
        (i for i, line in enumerate(lines) if line in ends or line.startswith("Side links (")),
        len(lines),
    )


def _name_of(box: Box, graph: DiGraph) -> str:
    """The name of the one node whose name and service the box shows."""
    names: set[str] = {
        node.name
        for _, node in graph.nodes(data="node")
        if _shows(box.title, node.name)
        and (node.component is None or _shows(box.subtitle, node.service_label))
    }
    assert len(names) == 1, (box, names)
    return names.pop()


def _title(graph: DiGraph, node_id: str) -> str:
    return node_of(graph, node_id).name


def test_no_line_passes_through_a_box(example_name: str) -> None:
    for width in (60, 100, 200):
        picture = Picture(render_ascii(analyse(load_example(example_name)), width))
        for box in picture.boxes:
            assert not _lines_inside(picture, box), (box.title, width)


def _lines_inside(picture: Picture, box: Box) -> list[str]:
    return [
        picture.at(x, y)
        for y in (box.y + 1, box.y + 2)
        for x in range(box.x + 1, box.right)
        if picture.at(x, y) in LINE_GLYPHS
    ]


def test_tier_headings_and_side_links(example_name: str) -> None:
    session = load_example(example_name)
    text = render_ascii(analyse(session))
    lines = text.splitlines()
    graph = build_graph(session)
    for tier in Tier:
        present = any(node_of(graph, n).tier is tier for n in graph)
        assert any(line.startswith(tier.label.upper()) for line in lines) is present
    assert "Side links (┄┄▶ telemetry, secrets, certificates)" in lines
    assert any("┄┄▶" in line and "Logs" in line for line in lines)


def test_the_private_networks_are_listed_with_who_sits_in_them() -> None:
    """Boxes stand in their tiers, so the drawing says in words who is inside the VPC: the
    payments design's worker and Redis, as the session places them."""
    from sessions.store import load

    session = load(Path(__file__).parent / "data" / "payments-pci.yaml")
    lines = render_ascii(analyse(session), 100).splitlines()
    start = lines.index("Private networks (VPC)")
    assert lines[start + 1 :] == [
        "  VPC payments-vpc · public subnet: Lb",
        "  VPC payments-vpc · private app subnet: Payments API, Webhook worker",
        "  VPC payments-vpc · private data subnet: Ledger DB, Idempotency cache",
    ]
    outside = replace(
        session, components=tuple(c.evolve(network=None, subnet=None) for c in session.components)
    )
    assert "Private networks (VPC)" not in render_ascii(analyse(outside), 100)


def test_adding_a_component_leaves_the_picture_in_place() -> None:
    session = load_example("eu-shop-gcp")
    admin = Component(
        id="admin",
        name="Admin API",
        category=Category.COMPUTE,
        service="gcp-cloud-run",
        replicas=2,
        multi_az=True,
    )
    search = Component(
        id="search", name="Search index", category=Category.DATABASE, service="gcp-firestore"
    )
    for extra in (admin, search):
        before = render_ascii(analyse(session))
        after = render_ascii(analyse(replace(session, components=(*session.components, extra))))
        old = [line for line in before.splitlines() if line.strip()]
        kept = set(after.splitlines())
        assert sum(line in kept for line in old) >= 0.8 * len(old), extra.name
        old_x = {b.title: b.x for b in Picture(before).boxes}
        new_x = {b.title: b.x for b in Picture(after).boxes}
        moved = [title for title, x in old_x.items() if new_x[title] != x]
        assert len(moved) <= 2, moved
        assert extra.name in new_x


def test_large_designs_are_summarised_with_an_explanation() -> None:
    session = synthetic_session(500)
    text = render_ascii(analyse(session))
    picture = Picture(text)
    assert len(picture.boxes) < 40
    assert any(box.title == "Service 000 (+207)" for box in picture.boxes)
    assert "Boxes standing for several components (tiers too big to draw):" in text
    assert "Service 000 (+207) = Service 000, Service 001," in text
    assert max(text_width(line) for line in text.splitlines()) <= 100


def test_width_below_minimum_is_refused(starter: Session) -> None:
    with pytest.raises(ValueError, match=f"at least {MIN_WIDTH} columns"):
        render_ascii(analyse(starter), MIN_WIDTH - 1)
    assert render_ascii(analyse(starter), MIN_WIDTH)


KINDS: tuple[LinkKind, ...] = ("request", "async", "side")


@functools.cache
def _saas() -> Session:
    return load_example("saas-mvp-aws")


@st.composite
def linked_designs(draw: st.DrawFn) -> Session:
    """The starter design with random links: cycles, back links, side links, gaps."""
    base = _saas()
    main = [c.id for c in base.components if c.category.value not in ("logs", "metrics")]
    ids = [c.id for c in base.components]
    pairs = draw(
        st.lists(
            st.tuples(
                st.sampled_from([USERS, *main]), st.sampled_from(ids), st.sampled_from(KINDS)
            ),
            max_size=25,
            unique_by=lambda t: (t[0], t[1]),
        )
    )
    links = tuple(Link(source=s, target=t, kind=k, label=k[:3]) for s, t, k in pairs if s != t)
    return replace(base, links=links)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linked_designs(), st.integers(min_value=MIN_WIDTH, max_value=160))
def test_any_links_draw_exactly_within_the_width(session: Session, width: int) -> None:
    text = render_ascii(analyse(session), width)
    assert max(text_width(line) for line in text.splitlines()) <= width
    if "Not drawn for lack of room" not in text and "Boxes standing for" not in text:
        assert_links_drawn_exactly(session, text)
    assert render_ascii(analyse(session), width, unicode=False).isascii()


def test_text_is_cut_by_terminal_columns_and_made_ascii() -> None:
    assert text_width("订单 API") == 8
    assert fit("订单服务 API", 7, UNICODE) == "订单服…"
    assert text_width(fit("订单服务 API", 6, UNICODE)) <= 6
    assert fit("Short", 10, ASCII) == "Short"
    assert fit("Global load balancer", 10, ASCII) == "Global..."
    assert clean("Zürich\tpayments\n🚀", ASCII) == "Zurich payments ?"
    assert clean("Zürich\tpayments\n🚀", UNICODE) == "Zürich payments 🚀"

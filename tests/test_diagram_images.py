"""DOT, PNG and SVG through the `diagrams` package: every node drawn, icons, determinism.

Graphviz's own `-Tplain` layout of the DOT shows that every node was placed in the
picture; Pillow decodes the PNG; the SVG is parsed as XML and its icons decoded.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from exporters.diagrams import image as image_module
from exporters.diagrams.image import (
    MISSING_GRAPHVIZ,
    RESOURCES,
    DiagramError,
    icon_path,
    node_id,
    render_dot,
    render_png,
    render_svg,
    renderable_dot,
)
from model.analysis import analyse
from model.engines.graph import node_of
from model.session import Session, replace
from sessions.bundled import load_example
from sessions.store import load
from tests.diagram_sessions import hostile_session

ROOT = Path(__file__).resolve().parent.parent
PAYMENTS = Path(__file__).parent / "data" / "payments-pci.yaml"
XLINK = "{http://www.w3.org/1999/xlink}href"


def _expected_ids(session: Session) -> set[str]:
    return {"n_users", *(node_id(c.id) for c in session.components)}


def _laid_out(dot: str) -> set[str]:
    """Node ids Graphviz placed when laying `dot` out (its `-Tplain` output)."""
    plain = subprocess.run(
        ["dot", "-Tplain"], input=dot, capture_output=True, text=True, check=True
    ).stdout
    return {line.split()[1] for line in plain.splitlines() if line.startswith("node ")}


def _png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        image.load()  # decodes every pixel; raises on a truncated file
        width, height = image.size
    return width, height


def test_dot_declares_and_lays_out_every_node(example_name: str) -> None:
    session = load_example(example_name)
    dot = render_dot(analyse(session))
    declared = set(re.findall(r"^\t+(n_\w+) \[label=<", dot, re.MULTILINE))
    assert declared == _expected_ids(session)
    assert _laid_out(renderable_dot(analyse(session))) == _expected_ids(session)
    for component in session.components:
        assert f"<B>{component.name.split()[0]}" in dot


def test_png_decodes_with_a_sane_size(example_name: str) -> None:
    width, height = _png_size(render_png(analyse(load_example(example_name))))
    assert 200 <= width <= 20_000
    assert 200 <= height <= 20_000


def test_dot_is_deterministic_across_processes() -> None:
    dot = render_dot(analyse(load_example("b2b-platform-azure")))
    assert "uuid" not in dot and not re.search(r"[0-9a-f]{32}", dot)
    assert render_dot(analyse(load_example("b2b-platform-azure"))) == dot
    script = (
        "import hashlib, sys\n"
        "from exporters.diagrams.image import render_dot\n"
        "from model.analysis import analyse\n"
        "from sessions.bundled import load_example\n"
        "dot = render_dot(analyse(load_example('b2b-platform-azure')))\n"
        "sys.stdout.write(hashlib.sha256(dot.encode()).hexdigest())\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert other.stdout == hashlib.sha256(dot.encode()).hexdigest()


def test_dot_is_portable() -> None:
    """The exported DOT names no icon (plain `dot` renders it); rendering's names them
    relative to the icon folder it passes as `imagepath`."""
    dot = render_dot(analyse(load_example("saas-mvp-aws")))
    assert str(RESOURCES) not in dot
    assert str(ROOT) not in dot
    assert "<IMG" not in dot and "imagepath" not in dot
    rendered = renderable_dot(analyse(load_example("saas-mvp-aws")))
    assert rendered.replace(f'imagepath="{RESOURCES}" ', "").count(str(RESOURCES)) == 0
    sources = re.findall(r'<IMG SRC="([^"]+)"', rendered)
    assert len(sources) == 14
    for source in sources:
        assert not source.startswith("/")
        assert (RESOURCES / source).is_file(), source


def test_icons_come_from_the_catalog() -> None:
    session = load_example("saas-mvp-aws")
    graph = analyse(session).graph
    # Catalog: aws-ecs-fargate -> diagrams.aws.compute.Fargate, aws-route53 -> Route53.
    assert icon_path(node_of(graph, "api")) == "aws/compute/fargate.png"
    assert icon_path(node_of(graph, "dns")) == "aws/network/route-53.png"
    assert icon_path(node_of(graph, "users")) == "onprem/client/users.png"
    dot = renderable_dot(analyse(session))
    api = dot.split("\tn_api [", 1)[1].split("\n", 1)[0]
    assert '<IMG SRC="aws/compute/fargate.png"' in api
    assert "<B>API</B>" in api
    assert "Amazon ECS on AWS<BR/>Fargate" in api


def _cluster(dot: str, name: str) -> str:
    """The statements of one cluster (up to its first nested closing brace)."""
    return dot.split(f"subgraph {name} {{", 1)[1].split("\n\t\t}", 1)[0]


def test_clusters_per_tier_network_and_subnet() -> None:
    dot = render_dot(analyse(load_example("saas-mvp-aws")))
    edge = _cluster(dot, "cluster_backend_app_vpc_public")
    assert 'label="VPC app-vpc · public subnet"' in edge
    assert "\tn_lb [" in edge and "\tn_api [" not in edge
    app = _cluster(dot, "cluster_backend_app_vpc_private_app")
    assert 'label="VPC app-vpc · private app subnet"' in app and "\tn_api [" in app
    assert "\tn_db [" in _cluster(dot, "cluster_data_app_vpc_private_data")
    data = _cluster(dot, "cluster_data")
    assert "\tn_files [" in data and "rank=same" in data
    assert "\tn_secrets [" in _cluster(dot, "cluster_security")
    azure = render_dot(analyse(load_example("b2b-platform-azure")))
    vnet = _cluster(azure, "cluster_backend_fleet_vnet_private_app")
    assert 'label="VNet fleet-vnet · private app subnet"' in vnet


def test_a_worker_and_a_cache_the_session_places_in_the_vpc_are_drawn_there() -> None:
    """The payments design of the workshop: the worker and Redis sit in the VPC, as the
    session says, not beside it; a component placed nowhere is drawn outside."""
    dot = render_dot(analyse(load(PAYMENTS)))
    assert "\tn_worker [" in _cluster(dot, "cluster_backend_payments_vpc_private_app")
    data = _cluster(dot, "cluster_data_payments_vpc_private_data")
    assert "\tn_cache [" in data and "\tn_db [" in data
    assert "\tn_queue [" not in data
    undecided = replace(
        load(PAYMENTS),
        components=tuple(
            c.evolve(subnet=None) if c.id == "cache" else c for c in load(PAYMENTS).components
        ),
    )
    loose = render_dot(analyse(undecided))
    assert 'label="VPC payments-vpc"' in _cluster(loose, "cluster_data_payments_vpc_any")


def test_edge_styles_and_merged_side_links() -> None:
    dot = render_dot(analyse(load_example("eu-shop-gcp")))
    edge = re.compile(r"^\t(n_\w+) -> (n_\w+) \[(.*)\]$", re.MULTILINE)
    found = {(a, b): attrs for a, b, attrs in edge.findall(dot)}
    assert 'label=" SQL "' in found["n_api", "n_db"]
    assert "style=dashed" not in found["n_api", "n_db"]
    assert "penwidth=2.6" in found["n_api", "n_events"]  # async: thick
    # logs, metrics and errors of the API: one dashed edge to the observability box.
    side = found["n_api", "n_logs"]
    assert "lhead=cluster_observability" in side
    assert 'label=" logs · metrics · errors "' in side
    assert "style=dashed" in side
    assert ("n_api", "n_metrics") not in found
    assert "lhead=cluster_security" in found["n_api", "n_secrets"]
    # A certificate pointing back at the CDN does not drag the security tier left.
    assert "constraint=false" in found["n_certs", "n_cdn"]


def test_svg_is_self_contained() -> None:
    session = load_example("eu-shop-gcp")
    svg = render_svg(analyse(session))
    text = svg.decode("utf-8")
    assert str(RESOURCES) not in text
    assert str(ROOT) not in text
    assert "file:" not in text
    assert not re.search(r'href="/', text)
    root = ET.fromstring(svg)
    images = root.findall(".//{http://www.w3.org/2000/svg}image")
    assert len(images) == len(_expected_ids(session))
    for image in images:
        href = image.get(XLINK, "")
        assert href.startswith("data:image/png;base64,")
        _png_size(base64.b64decode(href.split(",", 1)[1]))
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
    assert _expected_ids(session) <= titles


def test_hostile_labels_stay_text() -> None:
    session = hostile_session()
    dot = render_dot(analyse(session))
    assert "&lt;script&gt;alert(1)&lt;" in dot
    # The title is a quoted string, where markup means nothing: the only raw `<script>`.
    assert 'label="Ops \\"end\\" <script>x</script> #1 🚀 \\\\ back"' in dot
    assert dot.count("<script>") == 1
    assert "a\\\u2060b" not in dot  # only letters Graphviz substitutes get a joiner
    assert "a\\b \\\u2060N \\l files" in dot  # `\\l` means nothing in HTML labels
    assert _laid_out(renderable_dot(analyse(session))) == _expected_ids(session)
    width, height = _png_size(render_png(analyse(session)))
    assert width >= 200 and height >= 200
    root = ET.fromstring(render_svg(analyse(session)))
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "/script&gt; 🚀 &amp; `tick`" not in texts  # entities decoded once, not twice
    assert "/script> 🚀 & `tick`" in texts
    assert "a\\b \\\u2060N \\l files" in texts  # shown as typed (joiners invisible)
    assert not any("n_strict" in t for t in texts)  # `\\N` was not replaced by the node id
    assert 'Ops "end" <script>x</script> #1 🚀 \\ back' in texts


def test_rendering_leaves_no_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cwd, temp = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    temp.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    session = load_example("saas-mvp-aws")
    render_png(analyse(session))
    render_svg(analyse(session))
    render_dot(analyse(session))
    assert list(cwd.iterdir()) == []
    assert list(temp.iterdir()) == []


def test_missing_graphviz_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder without `dot`
    session = load_example("saas-mvp-aws")
    with pytest.raises(DiagramError) as caught:
        render_png(analyse(session))
    assert str(caught.value) == MISSING_GRAPHVIZ
    assert "Graphviz is not installed" in MISSING_GRAPHVIZ
    with pytest.raises(DiagramError):
        render_svg(analyse(session))
    assert "n_api" in render_dot(analyse(session))  # DOT needs no Graphviz


def test_graphviz_that_never_finishes_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = tmp_path / "dot"
    slow.write_text("#!/bin/sh\nexec sleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setattr(image_module, "GRAPHVIZ_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(DiagramError) as caught:
        render_png(analyse(load_example("saas-mvp-aws")))
    assert time.monotonic() - started < 5
    assert str(caught.value).startswith("Graphviz did not finish drawing the PNG diagram of ")
    assert "within 0.5 s" in str(caught.value)

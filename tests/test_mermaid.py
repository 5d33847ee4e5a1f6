"""The Mermaid flowchart: golden files, escaping, ids, and parsing by the real Mermaid library.

The golden files under `tests/golden/mermaid/` were read and checked by hand against the
example sessions (every component in its tier, every link with its kind and label).
Regenerate them with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_mermaid.py` and read
the diff before committing.

The real-library check renders every chart of this file in one `mmdc` run (Chromium
starts once) and reads the labels back out of the SVGs it draws.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest

from benchmarks.synthetic import synthetic_session
from exporters.diagrams.mermaid import mermaid_text, node_id, render_mermaid, title
from model.analysis import analyse
from model.engines.graph import by_tier, edges
from model.session import Session
from sessions.bundled import EXAMPLES, load_example
from tests.diagram_sessions import HOSTILE_LINK, HOSTILE_NAME, hostile_session

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "mermaid"
MMDC = ROOT / "tools" / "node_modules" / ".bin" / "mmdc"
PUPPETEER = ROOT / "tools" / "puppeteer.json"
KEYWORDS = ("end", "graph", "subgraph", "click", "style", "class", "flowchart", "direction")


def test_golden_file(example_name: str) -> None:
    golden = GOLDEN / f"{example_name}.mmd"
    text = render_mermaid(analyse(load_example(example_name)))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing {golden}; run with UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_saas_example_by_hand() -> None:
    text = render_mermaid(analyse(load_example("saas-mvp-aws")))
    lines = text.splitlines()
    assert lines[:4] == ["---", 'title: "Tallybook"', "---", "flowchart LR"]
    assert '  subgraph tier_backend["Backend"]' in lines
    # Inside the tier, a subgraph per private network and subnet holds its components.
    backend = lines[lines.index('  subgraph tier_backend["Backend"]') :]
    assert backend[1:8] == [
        '    subgraph net_backend_app_vpc_public["VPC app-vpc · public subnet"]',
        '      n_lb["Load balancer · Application Load Balancer (ALB)"]',
        "    end",
        '    subgraph net_backend_app_vpc_private_app["VPC app-vpc · private app subnet"]',
        '      n_api["API · Amazon ECS on AWS Fargate"]',
        "    end",
        "  end",
    ]
    assert '  n_api -->|"SQL"| n_db' in lines
    assert '  n_api -.->|"logs"| n_logs' in lines
    assert '  n_certs -.->|"certs"| n_lb' in lines
    # Users, 13 components, 7 tiers (3 subnets inside them); 14 links, none drawn twice.
    assert sum(1 for line in lines if re.fullmatch(r' +n_\w+\["[^"]*"\]', line)) == 14
    assert sum(1 for line in lines if line.startswith("  subgraph ")) == 7
    assert sum(1 for line in lines if line.startswith("    subgraph net_")) == 3
    assert sum(1 for line in lines if re.match(r"  n_\w+ (-->|==>|-\.->)", line)) == 14


def test_every_component_and_link_appears(example_name: str) -> None:
    session = load_example(example_name)
    text = render_mermaid(analyse(session))
    for component in session.components:
        assert f'    {node_id(component.id)}["{mermaid_text(component.name)} · ' in text
    graph = analyse(session).graph
    for link in edges(graph):
        assert f"  {node_id(link.source)} " in text
        assert re.search(
            rf"^  {node_id(link.source)} \S+ {node_id(link.target)}$", text, re.MULTILINE
        ), link


def test_tiers_hold_their_components(example_name: str) -> None:
    session = load_example(example_name)
    text = render_mermaid(analyse(session))
    for tier, nodes in by_tier(analyse(session).graph).items():
        block = text.split(f"  subgraph tier_{tier.value}[", 1)[1].split("\n  end\n", 1)[0]
        for node in nodes:
            assert f"    {node_id(node.id)}[" in block


def test_deterministic() -> None:
    first = render_mermaid(analyse(load_example("b2b-platform-azure")))
    # A separately loaded session is another object, so the graph is built again.
    assert render_mermaid(analyse(load_example("b2b-platform-azure"))) == first
    assert render_mermaid(analyse(synthetic_session(50))) == render_mermaid(
        analyse(synthetic_session(50))
    )


def test_escaping_by_hand() -> None:
    assert mermaid_text('Say "hi" <b> #1 & `x` \\n') == (
        "Say #quot;hi#quot; #lt;b#gt; #35;1 #amp; #96;x#96; #92;n"
    )
    assert mermaid_text("two\nlines\tand\x07bell") == "two lines and bell"
    assert mermaid_text("[brackets] {braces} (parens) | pipe 🚀") == (
        "[brackets] {braces} (parens) | pipe 🚀"
    )
    assert title('A "b" <c> \\') == '"A \\"b\\" ‹c› \\\\"'


def test_ids_are_never_keywords() -> None:
    for word in KEYWORDS:
        assert node_id(word) == f"n_{word}"
    assert node_id("eu-api-2") == "n_eu_api_2"
    text = render_mermaid(analyse(hostile_session()))
    ids = set(re.findall(r"^\s+(?:subgraph )?(\w+)\[", text, re.MULTILINE))
    assert ids == {
        "tier_clients",
        "tier_edge",
        "tier_backend",
        "tier_data",
        "tier_observability",
        "tier_security",
        *(f"n_{k}" for k in ("users", "style", "edge", "subgraph", "end", "graph")),
        *(f"n_{k}" for k in ("click", "strict", "class", "node")),
    }


def test_link_kinds_and_hostile_labels() -> None:
    text = render_mermaid(analyse(hostile_session()))
    assert "  n_style --> n_edge\n" in text  # no label, no pipes
    assert '  n_edge -->|"a|b #quot;c#quot; [d] #lt;e#gt; #35;f"| n_subgraph\n' in text
    assert '  n_end ==>|"#92;n files"| n_strict\n' in text
    assert '  n_end -.->|"logs #35;1 #quot;x#quot;"| n_class\n' in text
    assert "<br" not in text.lower()
    assert "<script" not in text
    assert "::icon" not in text and "fa:" not in text


def _mmdc(markdown: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Render every ```mermaid block of `markdown` with the real mermaid-cli."""
    assert MMDC.is_file(), f"{MMDC} is missing: run `make setup` (npm ci in tools/)"
    assert Path("/usr/bin/chromium").is_file(), "Chromium is missing: run `make validators`"
    source = folder / "charts.md"
    source.write_text(markdown, encoding="utf-8")
    return subprocess.run(
        [MMDC, "-q", "-p", PUPPETEER, "-i", source, "-o", folder / "out.md"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


CHARTS: dict[str, Session] = {
    **{name: load_example(name) for name in sorted(EXAMPLES)},
    "hostile": hostile_session(),
}
"""Every chart the real library parses, in one run."""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The SVG mermaid-cli drew for each chart of `CHARTS`, by name."""
    folder = tmp_path_factory.mktemp("mermaid")
    markdown = "".join(
        f"## {name}\n\n```mermaid\n{render_mermaid(analyse(session))}```\n\n"
        for name, session in CHARTS.items()
    )
    result = _mmdc(markdown, folder)
    assert result.returncode == 0, f"mmdc failed:\n{result.stdout}\n{result.stderr}"
    return {
        name: (folder / f"out-{index}.svg").read_text(encoding="utf-8")
        for index, name in enumerate(CHARTS, start=1)
    }


def _labels(svg: str) -> list[str]:
    """The text of every label Mermaid drew, as a reader sees it."""
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", svg, re.DOTALL)]


@pytest.mark.slow
def test_real_mermaid_draws_every_node(rendered: dict[str, str]) -> None:
    for name, session in CHARTS.items():
        labels = _labels(rendered[name])
        graph = analyse(session).graph
        for tier, nodes in by_tier(graph).items():
            assert tier.label in labels, (name, tier)
            for node in nodes:
                expected = f"{node.name} · {node.service_label}" if node.service else node.name
                assert expected in labels, (name, expected)


@pytest.mark.slow
def test_real_mermaid_shows_hostile_text_as_written(rendered: dict[str, str]) -> None:
    svg = rendered["hostile"]
    labels = _labels(svg)
    assert f"{HOSTILE_NAME} · Amazon ECS on AWS Fargate" in labels
    assert "C# team; #quot; & <b>bold</b> · Amazon CloudWatch Logs" in labels
    assert "a\\b \\N \\l files · Amazon S3" in labels
    assert HOSTILE_LINK in labels
    assert "\\n files" in labels
    assert 'logs #1 "x"' in labels
    # Text, never markup: no script element and no bold element came through.
    assert "<script" not in svg
    assert "<b>" not in svg
    assert 'Ops "end" ‹script›x‹/script› #1 🚀 \\ back' in html.unescape(svg)


@pytest.mark.slow
def test_real_mermaid_rejects_a_broken_chart(tmp_path: Path) -> None:
    """The check above can fail: mermaid-cli exits non-zero on a chart that does not parse."""
    broken = render_mermaid(analyse(load_example("saas-mvp-aws"))).replace('n_api["', 'end["', 1)
    result = _mmdc(f"```mermaid\n{broken}```\n", tmp_path)
    assert result.returncode != 0
    assert "Parse error" in result.stdout + result.stderr

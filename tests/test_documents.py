"""The role card's documents, ARCHITECTURE.md and the bundle's docs: complete, filled, linked."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt

from benchmarks.synthetic import synthetic_session
from exporters.bundle import build_bundle
from exporters.documents import (
    architecture,
    cicd,
    cost,
    deployment,
    incidents,
    infrastructure,
    monitoring,
    security,
)
from exporters.markdown import NOT_DECIDED, anchor
from model.analysis import Analysis, analyse
from model.session import Session, replace
from sessions.bundled import EXAMPLES, load_example
from tests.ops_sessions import minimal_sessions
from tests.strategies import sessions

GOLDEN = Path(__file__).parent / "golden" / "docs"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

HEADINGS: dict[str, tuple[Callable[[Analysis], str], tuple[str, ...]]] = {
    "01-infrastructure": (
        infrastructure.render,
        ("CLOUD PROVIDER", "COMPONENTS", "SECURITY", "COST ESTIMATE", "DIAGRAM"),
    ),
    "02-cicd-pipeline": (cicd.render, ("TRIGGER", "STAGES", "NOTIFICATIONS", "CONFIGURATION")),
    "03-deployment": (
        deployment.render,
        (
            "STRATEGY",
            "ENVIRONMENTS",
            "PRE-DEPLOYMENT CHECKLIST",
            "DEPLOYMENT STEPS",
            "ROLLBACK PROCEDURE",
            "MONITORING POST-DEPLOY",
        ),
    ),
    "04-monitoring": (
        monitoring.render,
        ("METRICS TO TRACK", "ALERTING RULES", "NOTIFICATION CHANNELS", "DASHBOARDS"),
    ),
    "05-security": (
        security.render,
        (
            "SECRETS MANAGEMENT",
            "SECRETS STORED",
            "ENVIRONMENT VARIABLES",
            "NETWORK SECURITY",
            "SSL/TLS",
            "BACKUPS",
            "COMPLIANCE",
        ),
    ),
    "06-cost": (
        cost.render,
        (
            "CURRENT MONTHLY COST",
            "BREAKDOWN",
            "OPTIMIZATION OPPORTUNITIES",
            "RECOMMENDATIONS",
            "PROJECTED COST AT SCALE",
        ),
    ),
    "07-incident-response": (
        incidents.render,
        ("SEVERITY LEVELS", "RESPONSE PROTOCOL", "POST-MORTEM TEMPLATE"),
    ),
}
"""Each role-card document, its renderer, and the headings its template has."""

PARSER = MarkdownIt("commonmark").enable("table")


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every heading, as a Markdown parser sees them."""
    tokens = PARSER.parse(markdown)
    out = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            out.append((int(token.tag[1]), tokens[index + 1].content))
    return out


def links(markdown: str) -> list[str]:
    """Every link target, as a Markdown parser sees them (code blocks excluded)."""
    found = []
    for token in PARSER.parse(markdown):
        for child in token.children or ():
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
    return found


def placeholders(markdown: str) -> list[str]:
    """Template brackets left in the text: `[amount]`, `[Step 1 ...]` (not links, checkboxes)."""
    prose = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    return re.findall(r"(?<!\\)\[(?![ x]\])[^\]\n]*\](?!\()", prose)


@pytest.mark.parametrize("document", sorted(HEADINGS))
def test_every_template_heading_is_a_real_heading(example_name: str, document: str) -> None:
    render, expected = HEADINGS[document]
    found = [
        text for level, text in headings(render(analyse(load_example(example_name)))) if level == 2
    ]
    for heading in expected:
        assert heading in found, f"{document}: missing ## {heading}"


@pytest.mark.parametrize("document", sorted(HEADINGS))
def test_golden_documents(example_name: str, document: str) -> None:
    render, _ = HEADINGS[document]
    text = render(analyse(load_example(example_name)))
    golden = GOLDEN / example_name / f"{document}.md"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), (
        f"{golden} is stale; rerun with UPDATE_GOLDEN=1 and read the diff"
    )


def test_no_template_brackets_anywhere(example_name: str) -> None:
    bundle = build_bundle(analyse(load_example(example_name)), {"docs"})
    for path, data in bundle.items():
        if path.endswith(".md"):
            assert placeholders(data.decode()) == [], path


def test_unanswered_questions_say_not_decided_and_are_listed() -> None:
    session = load_example("saas-mvp-aws")
    bare = replace(
        session,
        deployment=session.deployment.evolve(checklist=(), rollback={}),
        incidents=session.incidents.evolve(rotation="", status_page=""),
        monitoring=session.monitoring.evolve(channels=(), dashboards=()),
    )
    text = deployment.render(analyse(bare))
    assert text.count(NOT_DECIDED) >= 3
    questions = text.split("## Open questions", 1)[1]
    for question in (
        "What must be true before a production deploy?",
        "How is a bad release rolled back by hand?",
        "How long does a rollback take?",
    ):
        assert f"- [ ] {question}" in questions
    incident_text = incidents.render(analyse(bare))
    assert "Where do users see incident status?" in incident_text.split("## Open questions")[1]
    assert "**routed to nobody**" in monitoring.render(analyse(bare))


def test_bundle_links_resolve_inside_the_bundle(example_name: str) -> None:
    bundle = build_bundle(analyse(load_example(example_name)))
    anchors: dict[str, set[str]] = {
        path: {anchor(text) for _, text in headings(data.decode())}
        for path, data in bundle.items()
        if path.endswith(".md")
    }
    for path, data in bundle.items():
        if not path.endswith(".md"):
            continue
        for target in links(data.decode()):
            if re.match(r"^[a-z]+:", target):
                continue
            file, _, fragment = target.partition("#")
            resolved = os.path.normpath(Path(path).parent / file) if file else path
            assert resolved in bundle, f"{path}: link to {target} leaves the bundle"
            if fragment and resolved.endswith(".md"):
                assert fragment in anchors[resolved], f"{path}: no #{fragment} in {resolved}"


def test_architecture_md_summary_and_contents() -> None:
    session = load_example("eu-shop-gcp")
    text = architecture.render(analyse(session))
    top = text.split("## Contents", 1)[0]
    for label in ("Cloud provider", "Monthly cost", "Cost per user", "Availability", "Skeptic"):
        assert label in top
    found = {anchor(t) for level, t in headings(text) if level == 2}
    for target in links(text.split("## Contents", 1)[1].split("\n## ", 1)[0]):
        assert target.lstrip("#") in found
    assert "```mermaid" in text


def test_single_page_fits_a_pull_request_even_for_200_components() -> None:
    big = synthetic_session(200)
    full = architecture.render(analyse(big))
    single = architecture.render_single(analyse(big))
    assert len(full) > architecture.PR_LIMIT, "the test needs a design too big for one page"
    assert len(single) <= architecture.PR_LIMIT
    assert "it is left out here to keep this page within GitHub's size limit" in single
    # The starters and examples sit close to the limit (every document, every alert's
    # runbook); a design with only its context and provider fits whole.
    small = next(minimal_sessions()).session
    assert len(architecture.render(analyse(small))) < architecture.PR_LIMIT
    assert architecture.render_single(analyse(small)) == architecture.render(analyse(small))


def test_link_base_makes_links_absolute() -> None:
    base = "https://github.com/acme/shop/blob/main/docs/architecture/"
    text = architecture.render_single(analyse(load_example("saas-mvp-aws")), link_base=base)
    targets = [t for t in links(text) if not t.startswith("#")]
    assert targets
    assert all(t.startswith(("https://", "mailto:")) for t in targets)
    assert f"{base}docs/03-deployment.md" in text


def test_examples_are_all_covered() -> None:
    assert {p.name for p in GOLDEN.iterdir()} == set(EXAMPLES)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session=sessions())
def test_any_valid_session_gives_complete_documents(session: Session) -> None:
    """Random designs (odd names, empty answers) still give every heading and no brackets."""
    for document, (render, expected) in HEADINGS.items():
        text = render(analyse(session))
        found = {t for level, t in headings(text) if level == 2}
        assert set(expected) <= found, document
        assert placeholders(text) == [], document


def test_business_metrics_only_as_the_session_states_them(starter: Session) -> None:
    """A new design names no business metric (the starters propose none), so no document
    shows one: the monitoring document says so in one line; the QA brief asks nothing of
    them. The metrics a session states are listed as stated, and only they."""
    assert starter.monitoring.business_metrics == ()
    docs = build_bundle(analyse(starter), {"docs"})
    text = "\n".join(data.decode() for path, data in docs.items() if path.endswith(".md"))
    for filler in ("User signups", "Active users", "flows behind the business metrics"):
        assert filler not in text
    section = monitoring.render(analyse(starter)).split("### 4. Business Metrics\n", 1)[1]
    assert section.split("\n## ", 1)[0].strip() == NOT_DECIDED
    stated = ("Refunds issued", "Disputes opened")
    session = replace(starter, monitoring=starter.monitoring.evolve(business_metrics=stated))
    section = monitoring.render(analyse(session)).split("### 4. Business Metrics\n", 1)[1]
    assert section.split("\n## ", 1)[0].strip().splitlines() == [f"- {m}" for m in stated]


def test_infrastructure_places_every_component_in_its_network() -> None:
    from sessions.store import load

    session = load(Path(__file__).parent / "data" / "payments-pci.yaml")
    text = infrastructure.render(analyse(session))
    network = text.split("## NETWORK\n", 1)[1].split("\n## ", 1)[0]
    assert "| VPC payments-vpc | Private app subnet | Payments API, Webhook worker |" in network
    assert "| VPC payments-vpc | Private data subnet | Ledger DB, Idempotency cache |" in network
    assert "Outside any VPC" in network and "Webhook queue" in network
    # In the components table too, beside the rest of the configuration.
    assert "in payments-vpc (private data subnet)" in text
    nowhere = replace(
        session, components=tuple(c.evolve(network=None, subnet=None) for c in session.components)
    )
    unplaced = infrastructure.render(analyse(nowhere)).split("## NETWORK\n\n", 1)[1]
    assert unplaced.startswith("The design runs in a private network (VPC), yet no component")
    assert NOT_DECIDED in unplaced.split("\n## ", 1)[0]

"""The design diff in process: matching (renames, records, findings), guardrails, and the
three renderings — the Markdown comment parsed with markdown-it-py and measured against
GitHub's limit for a 200-component change, the marked Mermaid chart drawn by the real
mermaid-cli."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from benchmarks.synthetic import synthetic_session
from exporters.diff import MARKER
from exporters.diff.data import diff_json
from exporters.diff.markdown import diff_markdown
from exporters.diff.review import Review, review
from exporters.diff.text import diff_text
from exporters.documents.architecture import PR_LIMIT
from model.analysis import analyse
from model.diff import Change, compare
from model.diff.components import match
from model.diff.fields import FieldChange, field_changes
from model.enums import Category
from model.guardrails import Metric, parse_guardrail
from model.sections.components import Component
from tests.diff_repos import base_design, pr_change
from tests.test_mermaid import _mmdc


def pr_review(**kwargs: object) -> Review:
    base = base_design()
    return review(
        analyse(base),
        analyse(pr_change(base)),
        labels=("main:design.yaml", "design.yaml"),
        **kwargs,  # type: ignore[arg-type]
    )


def markdown_tokens(text: str) -> list[str]:
    """Token types of `text` as GitHub-flavoured markdown-it-py parses it."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    return [token.type for token in parser.parse(text)]


# -- matching ------------------------------------------------------------------------


def _component(ident: str, name: str, **extra: object) -> Component:
    fields: dict[str, object] = {"category": Category.DATABASE, "service": "aws-rds-postgres"}
    fields.update(extra)
    return Component(id=ident, name=name, **fields)  # type: ignore[arg-type]


def test_renames_are_matched_by_name_or_by_service_and_likeness() -> None:
    base = (
        _component("db", "Orders database"),
        _component("cache", "Cache", category=Category.CACHE, service="aws-elasticache-redis"),
        _component("old", "Reporting", multi_az=True),
    )
    head = (
        _component("orders-db", "Orders database"),  # same name: the id changed
        _component("sessions", "Cache", category=Category.CACHE, service="aws-elasticache-redis"),
        _component("analytics", "Analytics store"),  # same service, other settings: new
    )
    assert match(base, head) == {"db": "orders-db", "cache": "sessions"}


def test_a_different_category_is_never_a_rename() -> None:
    base = (_component("db", "Store"),)
    head = (_component("store", "Store", category=Category.OBJECT_STORAGE, service="aws-s3"),)
    assert match(base, head) == {}


def test_records_are_matched_by_their_key() -> None:
    before = {"environments": [{"name": "dev", "size_percent": 25}, {"name": "staging"}]}
    after = {"environments": [{"name": "dev", "size_percent": 30}]}
    assert field_changes(before, after) == (
        FieldChange("environments[dev].size_percent", 25, 30),
        FieldChange("environments[staging]", {"name": "staging"}, None),
    )
    # A list without a key is compared whole.
    assert field_changes({"regions": ["a"]}, {"regions": ["a", "b"]}) == (
        FieldChange("regions", ["a"], ["a", "b"]),
    )


def test_guardrails_parse_to_their_canonical_text() -> None:
    assert parse_guardrail(" cost-increase > $500 ").text == "cost-increase>$500"
    assert parse_guardrail("availability-drop>=0.05pp").text == "availability-drop>=0.05"
    found = parse_guardrail("unanswered>=CRITICAL")
    assert found.metric is Metric.UNANSWERED and found.text == "unanswered>=critical"
    for bad, words in (
        ("cost-increase>10", "a percentage (10%) or dollars a month"),
        ("availability-drop>5%", "percentage points"),
        ("new-finding>=urgent", "critical, high, medium, low"),
        ("latency>5", "the guardrails are cost-increase"),
        ("cost-increase", "is not a guardrail"),
    ):
        with pytest.raises(ValueError, match=re.escape(words)):
            parse_guardrail(bad)


def test_same_session_is_unchanged_and_new_design_is_all_added() -> None:
    session = base_design()
    same = compare(analyse(session), analyse(session))
    assert same.unchanged and not same.components and not same.findings
    new = compare(None, analyse(session))
    assert new.new_design and not new.unchanged
    assert {d.change for d in new.components} == {Change.ADDED}
    assert len(new.components) == len(session.components)


# -- renderings ----------------------------------------------------------------------


def test_markdown_tells_cost_benefit_and_risk_first() -> None:
    text = diff_markdown(pr_review(guardrails=[parse_guardrail("new-finding>=high")]))
    lines = text.splitlines()
    assert lines[0] == MARKER
    assert lines[1] == "## 🏗️ Design review: Tallybook"
    assert "⛔ **1 guardrail failed**" in lines[3]
    head = text.split("<details>")[0]
    # Costs, what it buys, what it risks, the guardrail, then the figures: all above the fold.
    assert head.index("**Costs**") < head.index("**Buys**") < head.index("**Risks**")
    assert "production **+$72.38 (+35.8%)** a month ($202 → $274)" in head
    assert "zone or primary failure: back in ~2 min (was ~33 min), nothing lost" in head
    assert "No staging environment (high)" in head
    assert "⛔ `new-finding>=high`" in head
    assert "| Every environment a month | $449 | $407 | −$42.19 (−9.4%) |" in head
    assert len(head) < 3_000  # a ten-second read
    tokens = markdown_tokens(text)
    assert tokens.count("table_open") >= 4
    assert text.count("<details>") == text.count("</details>")
    assert "```mermaid" in text and "```diff" in text
    assert "adr-004 (Multi-AZ primary database and a session cache)" in text


def test_a_200_component_change_fits_one_github_comment() -> None:
    base, head = synthetic_session(10), synthetic_session(210)
    result = review(analyse(base), analyse(head), labels=("main:design.yaml", "design.yaml"))
    assert sum(d.change is Change.ADDED for d in result.diff.components) == 200
    everything = diff_markdown(result, limit=10**9)
    text = diff_markdown(result, link_base="https://github.com/o/r/blob/abc/docs/architecture")
    # 132,602 characters in full (measured); the largest blocks give way to links.
    assert len(everything) > PR_LIMIT >= len(text)
    assert "too long for one comment" in text
    assert "](https://github.com/o/r/blob/abc/docs/architecture/ARCHITECTURE.md)" in text
    tokens = markdown_tokens(text)
    assert "table_open" in tokens
    assert text.count("<details>") == text.count("</details>")
    # The summary survives whole: it is what the reviewer reads.
    assert "| Production a month |" in text and "**Costs**" in text
    # A tighter limit drops more blocks and still holds.
    assert len(diff_markdown(result, limit=20_000)) <= 20_000


def test_markdown_escapes_session_text() -> None:
    base = base_design()
    hostile = "DB | <script>x</script> *bold* `tick`"
    head = base.evolve(
        components=tuple(c.evolve(name=hostile) if c.id == "db" else c for c in base.components)
    )
    text = diff_markdown(review(analyse(base), analyse(head)))
    assert r"DB \| \<script>x\</script> \*bold\* \`tick\`" in text
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<script>" not in html and "<em>bold" not in html
    assert "DB | &lt;script&gt;x&lt;/script&gt; *bold* `tick`" in html
    mermaid = text.split("```mermaid\n")[1].split("```")[0]
    assert "#lt;script#gt;" in mermaid


def test_text_and_json_state_the_same_figures() -> None:
    result = pr_review(guardrails=[parse_guardrail("cost-increase>$50")])
    text = diff_text(result)
    data = json.loads(diff_json(result))
    assert text.startswith("Design review: Tallybook · main:design.yaml → design.yaml\n")
    assert f"Costs  {data['headline']['costs']}"[:60] in text
    assert data["guardrails"] == [
        {"guardrail": "cost-increase>$50", "holds": False, "measured": "−$42.19 a month"}
    ]
    assert "ok    cost-increase>$50: −$42.19 a month" in text
    assert "~ Primary database (Database) · Amazon RDS for PostgreSQL  +$25.66 (+100.0%)" in text
    assert "+ Session cache (Cache) · Amazon ElastiCache for Redis OSS  +$46.72 (new)" in text
    assert data["diagram"]["text_diff"].startswith("--- main:design.yaml\n+++ design.yaml\n")


def test_mermaid_marks_added_changed_and_removed_parts() -> None:
    base = base_design()
    head = pr_change(base)
    head = head.evolve(components=tuple(c for c in head.components if c.id != "uptime"))
    chart = review(analyse(base), analyse(head)).mermaid
    assert 'n_cache["new: Session cache · Amazon ElastiCache for Redis OSS"]' in chart
    assert 'n_db["changed: Primary database · Amazon RDS for PostgreSQL"]' in chart
    assert 'n_uptime["removed: Uptime checks · UptimeRobot"]' in chart
    assert "  class n_cache added\n" in chart and "  class n_uptime removed\n" in chart
    links = [line for line in chart.splitlines() if re.match(r"  n_\w+ [-=.]", line)]
    added = links.index('  n_api -->|"cache"| n_cache')
    assert f"  linkStyle {added} stroke:#1a7f37,stroke-width:3px" in chart
    removed = links.index('  n_uptime -.->|"probes"| n_cdn')
    assert f"  linkStyle {removed} " in chart and "stroke-dasharray" in chart


@pytest.mark.slow
def test_real_mermaid_draws_the_marked_chart(tmp_path: Path) -> None:
    base = base_design()
    head = pr_change(base)
    head = head.evolve(components=tuple(c for c in head.components if c.id != "uptime"))
    result = review(analyse(base), analyse(head))
    done = _mmdc(f"```mermaid\n{result.mermaid}```\n", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    svg = (tmp_path / "out-1.svg").read_text(encoding="utf-8")
    assert "removed: Uptime checks · UptimeRobot" in svg
    assert "changed: Primary database · Amazon RDS for PostgreSQL" in svg

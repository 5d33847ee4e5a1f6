"""The leads' briefs: tech lead, QA lead and product owner.

Tech lead: the architecture in one glance, the recorded decisions and their verdicts, the
open findings to settle, and where complexity and lock-in concentrate. QA: the
environments with their data and URLs, and every test stage and threshold in CI.
Product owner: cost now and at scale, availability in plain words, and the trade-offs
without jargon — with the numbers behind them.
"""

from __future__ import annotations

from exporters.documents.brief_base import (
    LIST_LIMIT,
    Brief,
    Facts,
    by_service,
    capped,
    cell_code,
    deploys,
    link,
)
from exporters.documents.common import TRADEOFFS_DOC
from exporters.markdown import Document, code, escape
from model.enums import Category, DataSource, E2eTool, SastTool
from model.skeptic.findings import Finding, Severity
from model.tradeoffs.basis import Topic, Verdict
from model.units import money, percent

URGENT = (Severity.CRITICAL, Severity.HIGH)

GROUPED = 3
"""Findings of one rule listed one by one before they are summed up in one line."""

DATA = (
    Category.DATABASE,
    Category.CACHE,
    Category.QUEUE,
    Category.OBJECT_STORAGE,
    Category.SEARCH,
)

COMPLEX = 3
"""Services at or above this complexity are worth the tech lead's attention ..."""

LOCKED_IN = 4
"""... and so are those at or above this lock-in."""


def tech_lead(facts: Facts, doc: Document) -> Brief:
    """The tech lead's brief."""
    brief = Brief(doc)
    session = facts.session
    context = session.context
    reliability = facts.reliability
    doc.heading("Architecture")
    compute = by_service(facts, list(session.components_in(Category.COMPUTE)))
    data = by_service(facts, [c for c in session.components if c.category in DATA])
    style_row = facts.assessment.of(Topic.PLATFORM)[0]
    doc.bullets(
        [
            f"**{escape(session.provider.label)}**, {escape(', '.join(context.regions))}; "
            f"{len(session.components)} components",
            f"**{escape(session.style.label)}** ({style_row.verdict.value}): "
            f"{escape(style_row.reason)}",
            "Compute: " + ("; ".join(compute) or "none"),
            "Data: " + ("; ".join(data) or "none"),
            f"Availability: {reliability.verdict}"
            + (
                f"; weakest link {escape(reliability.weakest_link.name)}"
                if reliability.weakest_link
                else ""
            ),
            f"Cost: {money(facts.cost.monthly_total)} a month in production, "
            f"{money(facts.cost.all_environments_total)} with every environment",
        ]
    )
    records = facts.assessment.of(Topic.RECORD)
    doc.heading("Key decisions")
    if records:
        doc.table(
            ("Record", "Choice", "Verdict"),
            ((escape(r.subject), escape(r.chosen) or "—", r.verdict.badge) for r in records),
        )
    else:
        doc.paragraph("No decisions are recorded yet.")
        brief.todo("Record the style, provider and database decisions as ADRs")
    _open_findings(facts, brief)
    _complexity(facts, brief)
    for row in facts.assessment.rows:
        if row.verdict is Verdict.CHALLENGE:
            brief.todo(f"Answer the challenge on {escape(row.subject)} in a decision record")
    return brief


def _open_findings(facts: Facts, brief: Brief) -> None:
    """The open critical and high findings, one line per rule (one decision record answers
    every finding of its rule)."""
    doc = brief.doc
    doc.heading("Open findings")
    open_ = facts.assessment.open_findings
    urgent: dict[str, list[Finding]] = {}
    for finding in open_:
        if finding.severity in URGENT:
            urgent.setdefault(finding.rule, []).append(finding)
    lines = []
    for rule, found in urgent.items():
        # A few findings of one rule are listed one by one; many are summed up in one line.
        shown = found if len(found) <= GROUPED else found[:1]
        for finding in shown:
            alike = f" and {len(found) - 1} more like it" if len(shown) < len(found) else ""
            lines.append(
                f"**{escape(finding.title)}**{alike} ({finding.severity.value}) — "
                f"{escape(finding.question)}"
            )
        if len(brief.checklist) < LIST_LIMIT:
            titles = ", ".join(f"“{escape(f.title)}”" for f in shown)
            more = f" and {len(found) - 1} more like it" if len(shown) < len(found) else ""
            brief.todo(
                f"Settle {titles}{more} with the skeptic and record the answer as a decision "
                f"naming {code(rule)}"
            )
    if lines:
        doc.bullets(capped(lines, "… and {n} more kinds of critical or high finding"))
    trade = link("skeptic's trade-offs", TRADEOFFS_DOC)
    count = sum(len(found) for found in urgent.values())
    if open_:
        doc.paragraph(
            f"{len(open_)} open in total ({count} critical or high); each is in the "
            f"{trade} with its numbers and the simpler alternative."
        )
    else:
        doc.paragraph(f"Every finding has a recorded answer; see the {trade}.")


def _complexity(facts: Facts, brief: Brief) -> None:
    doc = brief.doc
    doc.heading("Complexity and lock-in")
    services = {c.service: facts.service(c) for c in facts.session.components}
    if not services:
        doc.paragraph("No services chosen yet.")
        return
    complexity = sum(s.complexity for s in services.values()) / len(services)
    lock_in = sum(s.lock_in for s in services.values()) / len(services)
    doc.paragraph(
        f"{len(services)} services, average complexity {complexity:.1f}/5 and lock-in "
        f"{lock_in:.1f}/5 (the catalog's 1–5 scales)."
    )
    heavy = [s for s in services.values() if s.complexity >= COMPLEX or s.lock_in >= LOCKED_IN]
    if heavy:
        doc.table(
            ("Service", "Complexity", "Lock-in", "Watch out"),
            (
                (escape(s.label), f"{s.complexity}/5", f"{s.lock_in}/5", escape(s.cons[0]))
                for s in sorted(heavy, key=lambda s: (-s.complexity, -s.lock_in))
            ),
        )
        locked = [s for s in heavy if s.lock_in >= LOCKED_IN]
        if locked:
            brief.todo(
                "Agree the exit plan for "
                + ", ".join(escape(s.label) for s in locked)
                + " (lock-in 4/5 or more)"
            )
    else:
        doc.paragraph(
            f"Nothing reaches complexity {COMPLEX}/5 or lock-in {LOCKED_IN}/5: every service "
            "is managed and replaceable."
        )


def tech_lead_summary(facts: Facts) -> list[str]:
    """The tech lead's view in a few lines for the TUI's role lens."""
    session = facts.session
    reliability = facts.reliability
    return [
        f"{session.style.label} on {session.provider.label}, {len(session.components)} components",
        f"Availability {reliability.verdict}",
        f"Skeptic: {facts.tally.words}",
        f"{len(session.decisions)} decisions recorded",
    ]


def qa(facts: Facts, doc: Document) -> Brief:
    """The QA lead's brief."""
    brief = Brief(doc)
    session = facts.session
    pipeline = session.pipeline
    doc.heading("Environments")
    rows = [
        (
            f"**{escape(env.name)}**",
            code(env.branch),
            deploys(env),
            escape(env.data.label),
            f"{env.size_percent:g}%",
            f"<{env.url}>" if env.url else "URL not recorded in the design",
            escape(env.purpose) or "—",
        )
        for env in session.environments
    ]
    if rows:
        doc.table(
            ("Environment", "Branch", "Deploys", "Data", "Size of prod", "URL", "Used for"), rows
        )
    else:
        doc.paragraph(brief.unknown("Which environments do QA test in?"))
    doc.heading("Tests in CI")
    unit, e2e, scan = pipeline.unit_tests, pipeline.integration_tests, pipeline.security_scan
    staging = pipeline.staging
    runner = "" if e2e.e2e_tool is E2eTool.NONE else f" with {escape(e2e.e2e_tool.label)}"
    stages = [
        ("1. Lint", pipeline.lint.enabled,
         ", ".join(escape(t.label) for t in pipeline.lint.tools) or "no tools", "style violations"),
        ("2. Unit tests", unit.enabled, cell_code(unit.command),
         f"coverage below **{percent(unit.coverage_threshold_percent)}**"),
        ("4. Integration and end-to-end", e2e.enabled,
         cell_code(e2e.command) + runner,
         "any failing test"),
        ("5. Security scan", scan.enabled,
         escape(scan.dependency_audit.label)
         + ("" if scan.sast is SastTool.NONE else f" and {escape(scan.sast.label)}"),
         "known vulnerabilities"),
        (f"6. Smoke tests on {escape(staging.environment)}", staging.enabled,
         cell_code(staging.smoke_test_command), "a failing smoke test stops the release"),
    ]  # fmt: skip
    doc.table(
        ("Stage", "Runs", "Fails on"),
        ((name, what if on else "**off**", why if on else "—") for name, on, what, why in stages),
    )
    approval = "manual approval" if pipeline.production.approval.value == "manual" else "automatic"
    post = session.deployment.post_deploy
    doc.paragraph(
        f"Production ({escape(pipeline.production.environment)}) deploys after {approval}; for "
        f"{post.watch_minutes} min after a release the team rolls back when the error rate "
        f"passes {percent(post.error_rate_percent, 2)} or p95 latency {post.latency_p95_ms:g} ms."
    )
    for name, on, _, _ in stages:
        if not on:
            brief.todo(f"Switch on stage {name} or record why it is off")
    brief.todo(
        f"Hold unit-test coverage at {percent(unit.coverage_threshold_percent)} or more "
        "(the build fails below it)"
    )
    if staging.enabled:
        brief.todo(
            f"Keep {code(staging.smoke_test_command)} passing on {escape(staging.environment)} "
            "after every deploy: a failure stops the release"
        )
    if any(env.data is DataSource.ANONYMISED_COPY for env in session.environments):
        brief.todo("Check each refresh of the anonymised copy holds no real personal data")
    flows = session.monitoring.business_metrics
    if flows and e2e.enabled:
        brief.todo(
            "Cover the flows behind the business metrics end to end: "
            + ", ".join(escape(m) for m in flows)
        )
    for item in session.deployment.checklist:
        brief.todo(f"Before each release: {escape(item.text)}", done=item.done)
    return brief


def qa_summary(facts: Facts) -> list[str]:
    """QA in a few lines for the TUI's role lens."""
    session = facts.session
    pipeline = session.pipeline
    lines = ["Environments: " + (", ".join(e.name for e in session.environments) or "none")]
    lines.append(f"Coverage threshold {percent(pipeline.unit_tests.coverage_threshold_percent)}")
    if pipeline.integration_tests.enabled:
        lines.append(f"End-to-end: {pipeline.integration_tests.e2e_tool.label}")
    scan = pipeline.security_scan
    if scan.enabled:
        lines.append(f"Scans: {scan.dependency_audit.label}, {scan.sast.label}")
    if pipeline.staging.enabled:
        lines.append(f"Smoke tests on {pipeline.staging.environment}")
    return lines

"""A design diff as a pull request comment (`infrasketch diff --format markdown`).

Read in ten seconds: a hidden marker (the CI job finds its own comment by it and updates
it), the title, then three lines — what the change costs, what it buys, what risk it
opens — the guardrails, and one table of the figures on both sides. Everything else sits
in `<details>` blocks a reviewer opens when needed: components with the decision behind
each change, findings, the bill per group, environment and line at 1x/10x/100x,
availability and recovery, the other sections' fields, and the diagram (Mermaid, which
GitHub renders, with the change marked; the text diagram's unified diff inside).

GitHub refuses a comment over 65,536 characters: when the whole does not fit, the
largest blocks are replaced, one by one, by a line that links to the full documents
(`link_base`) and names the command that prints everything. Session text is escaped
onto one line (`exporters.markdown.escape`), field paths are code spans.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporters.diff import MARKER
from exporters.diff.review import Review
from exporters.diff.summary import (
    MARKS,
    Style,
    amount,
    answer_of,
    buys_sentence,
    change_words,
    component_title,
    cost_sentence,
    counted,
    duration,
    field_words,
    figure_rows,
    finding_status,
    line_of,
    money_change,
    risk_sentence,
    service_label,
    why,
)
from exporters.diff.text import notes
from exporters.documents.architecture import PR_LIMIT
from exporters.documents.common import COST_DOC, TRADEOFFS_DOC
from exporters.documents.tradeoffs import SEVERITY_HEADINGS
from exporters.markdown import Document, code, escape
from model.diff import Change, SessionDiff, Status
from model.units import capital, signed_money

MD = Style(text=escape, code=code, strong=lambda s: f"**{s}**")
"""Session text escaped for Markdown, paths as code, figures in bold."""

MAX_ROWS = 150
"""Rows a table shows before it says how many more there are (a 1,000-component change
still makes a comment, not a wall)."""


@dataclass(frozen=True, slots=True)
class _Block:
    """One `<details>` block, and the line that stands for it when the comment is too long."""

    full: str
    short: str


def diff_markdown(review: Review, *, limit: int = PR_LIMIT, link_base: str | None = None) -> str:
    """The pull request comment, within `limit` characters."""
    diff = review.diff
    top = _top(review)
    if diff.unchanged:
        return "\n\n".join([*top, "No changes: the two designs are the same."]) + "\n"
    blocks = [
        b
        for b in (
            _components(diff, link_base),
            _findings(diff, link_base),
            _cost(diff, link_base),
            _availability(diff, link_base),
            _fields(diff, link_base),
            _diagram(review, link_base),
        )
        if b is not None
    ]
    shown_full = [True] * len(blocks)
    footer = _footer(diff, link_base)

    def assemble() -> str:
        parts = [b.full if keep else b.short for b, keep in zip(blocks, shown_full, strict=True)]
        return "\n\n".join([*top, *parts, footer]) + "\n"

    text = assemble()
    for index in sorted(range(len(blocks)), key=lambda i: -len(blocks[i].full)):
        if len(text) <= limit:
            break
        shown_full[index] = False
        text = assemble()
    return text


def _top(review: Review) -> list[str]:
    diff = review.diff
    title = escape(diff.head.project or "")
    sides = f"{code(diff.base.label)} → {code(diff.head.label)}"
    failed = review.failed
    if failed:
        sides += f" · ⛔ **{counted(len(failed), 'guardrail')} failed**"
    elif review.checks:
        sides += " · ✅ guardrails pass"
    parts = [f"{MARKER}\n## 🏗️ Design review: {title}", sides]
    parts += [escape(note) for note in notes(diff)]
    if diff.unchanged:
        return parts
    parts.append(
        "\n".join(
            [
                f"- 💰 **Costs**: {cost_sentence(diff, MD)}",
                f"- 🛡️ **Buys**: {buys_sentence(diff, MD)}",
                f"- ⚠️ **Risks**: {risk_sentence(diff, MD)}",
            ]
        )
    )
    if review.checks:
        parts.append(
            "**Guardrails**: "
            + " · ".join(
                f"{'⛔' if c.holds else '✅'} {code(c.guardrail.text)} {escape(c.measured)}"
                for c in review.checks
            )
        )
    doc = Document("")
    doc.table(
        ["", code(diff.base.label), code(diff.head.label), "change"],
        [list(row) for row in figure_rows(diff)],  # figures only: no session text
        "lrrr",
    )
    parts += doc.blocks
    return parts


def _details(summary: str, body: list[str]) -> str:
    return "\n\n".join([f"<details><summary>{summary}</summary>", *body, "</details>"])


def _elsewhere(summary: str, where: str) -> str:
    """The line standing for a block left out of a comment that would be too long."""
    return f"{summary}: too long for one comment; {where}."


def _link(label: str, target: str, link_base: str | None) -> str:
    base = "" if link_base is None else link_base if link_base.endswith("/") else link_base + "/"
    return f"[{label}]({base}{target})"


def _capped(rows: list[list[str]], width: int) -> list[list[str]]:
    if len(rows) <= MAX_ROWS:
        return rows
    more = len(rows) - MAX_ROWS
    return [*rows[:MAX_ROWS], [f"… and {more} more", *[""] * (width - 1)]]


def _components(diff: SessionDiff, link_base: str | None) -> _Block | None:
    if not diff.components:
        return None
    counts = {c: sum(1 for d in diff.components if d.change is c) for c in Change}
    summary = "<b>Components</b> · " + ", ".join(f"{n} {c.value}" for c, n in counts.items() if n)
    rows = []
    for delta in diff.components:
        line = line_of(diff, delta)
        rows.append(
            [
                MARKS[delta.change],
                component_title(delta, MD),
                escape(service_label(delta)),
                field_words(delta, MD),
                money_change(line.monthly[0]) if line else "",
                why(delta, MD),
            ]
        )
    doc = Document("")
    doc.table(["", "Component", "Service", "What changed", "Δ a month", "Why (decision)"],
              _capped(rows, 6), "llllrl")  # fmt: skip
    if diff.links:
        doc.bullets(
            f"{'added' if d.added else 'removed'} link {code(d.link.source)} → "
            f"{code(d.link.target)} "
            f"({d.link.kind}{', ' + escape(d.link.label) if d.link.label else ''})"
            for d in diff.links[:MAX_ROWS]
        )
    where = f"`infrasketch diff {diff.base.label} {diff.head.label}` lists them"
    return _Block(_details(summary, doc.blocks), _elsewhere(summary, escape(where)))


def _findings(diff: SessionDiff, link_base: str | None) -> _Block | None:
    if not diff.findings:
        return None
    counts = {s: sum(1 for d in diff.findings if d.status is s) for s in Status}
    summary = "<b>Findings</b> · " + ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    rows = []
    for delta in diff.findings:
        finding = delta.finding
        if delta.answered:
            said = f"answered: {escape(answer_of(delta))}"
        elif delta.status is Status.RESOLVED:
            said = "no longer raised by this design"
        else:
            said = escape(finding.question)
        rows.append(
            [
                finding_status(delta),
                SEVERITY_HEADINGS[finding.severity],
                f"{escape(finding.title)} ({code(finding.rule)})",
                said,
            ]
        )
    doc = Document("")
    doc.table(["Change", "Severity", "Finding", "Question, or the team's answer"], _capped(rows, 4))
    where = _link("the skeptic's trade-offs", f"docs/{TRADEOFFS_DOC}", link_base)
    return _Block(_details(summary, doc.blocks), _elsewhere(summary, f"see {where}"))


def _cost(diff: SessionDiff, link_base: str | None) -> _Block | None:
    cost = diff.cost
    rows = [
        [escape(group.label), amount(d.before), amount(d.after), money_change(d)]
        for group, d in cost.groups
        if d.moved()
    ]
    rows += [
        [f"{escape(name)} (environment)", amount(d.before), amount(d.after), money_change(d)]
        for name, d in cost.environments
        if d.moved()
    ]
    if not rows and not cost.lines:
        return None
    summary = f"<b>Cost</b> · {counted(len(cost.lines), 'line')} moved"
    doc = Document("")
    if rows:
        doc.table(["A month", code(diff.base.label), code(diff.head.label), "change"], rows, "lrrr")
    if cost.lines:
        lines = [
            [
                f"{escape(x.name)} ({escape(x.service)})",
                *(signed_money(d.change) for d in x.monthly),
            ]
            for x in cost.lines
        ]
        doc.table(["Line: change a month at", "1x", "10x", "100x"], _capped(lines, 4), "lrrr")
    where = _link("the cost document", f"docs/{COST_DOC}", link_base)
    return _Block(_details(summary, doc.blocks), _elsewhere(summary, f"see {where}"))


def _availability(diff: SessionDiff, link_base: str | None) -> _Block | None:
    if diff.new_design:
        return None
    a = diff.availability
    rows = [
        [
            capital(f.failure.label),
            f"{duration(f.rto.before)} / {duration(f.rpo.before, lost=True)}",
            f"{duration(f.rto.after)} / {duration(f.rpo.after, lost=True)}",
            escape(f.basis_after),
        ]
        for f in a.failures
    ]
    doc = Document("")
    doc.table(["Failure: back in / writes lost", code(diff.base.label), code(diff.head.label),
               "How, now"], rows, "lrrl")  # fmt: skip
    weakest = [escape(w) if w else "–" for w in a.weakest]
    doc.paragraph(f"Weakest link: {weakest[0]} → {weakest[1]}.")
    summary = "<b>Availability and recovery</b>"
    where = _link("the infrastructure document", "docs/01-infrastructure.md", link_base)
    return _Block(_details(summary, doc.blocks), _elsewhere(summary, f"see {where}"))


def _fields(diff: SessionDiff, link_base: str | None) -> _Block | None:
    if not diff.sections:
        return None
    summary = "<b>Other changes</b> · " + ", ".join(escape(s.title) for s in diff.sections)
    doc = Document("")
    for section in diff.sections:
        doc.paragraph(f"**{escape(section.title)}**")
        doc.bullets(f"{code(f.path)}: {change_words(f, MD)}" for f in section.fields[:MAX_ROWS])
    where = f"`git diff` of {diff.head.label} shows them"
    return _Block(_details(summary, doc.blocks), _elsewhere(summary, escape(where)))


def _diagram(review: Review, link_base: str | None) -> _Block:
    doc = Document("")
    doc.paragraph("Green: new, red dashed: removed, amber: changed.")
    doc.fenced(review.mermaid, "mermaid")
    if review.text_diagram:
        inner = Document("")
        inner.fenced(review.text_diagram, "diff")
        doc.raw(_details("Text diagram (unified diff)", inner.blocks))
    where = _link("the architecture diagram", "diagrams/architecture.svg", link_base)
    summary = "<b>Diagram</b>"
    return _Block(_details(summary, doc.blocks), _elsewhere(summary, f"see {where}"))


def _footer(diff: SessionDiff, link_base: str | None) -> str:
    links = " · ".join(
        [
            _link("ARCHITECTURE.md", "ARCHITECTURE.md", link_base),
            _link("cost", f"docs/{COST_DOC}", link_base),
            _link("skeptic's trade-offs", f"docs/{TRADEOFFS_DOC}", link_base),
        ]
    )
    return f"<sub>infrasketch diff · the full documents of {code(diff.head.label)}: {links}</sub>"

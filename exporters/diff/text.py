"""A design diff as terminal text (`infrasketch diff BASE HEAD`, and Review's Changes tab).

The headline first (what it costs, what it buys, what risk it opens), the guardrails,
the figures of both sides, then each part in detail: components with the decision behind
each change, links, the bill per line, group and environment, findings, the other
sections' fields, and the text diagram as a unified diff.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from exporters.diff.review import Review
from exporters.diff.summary import (
    MARKS,
    PLAIN,
    amount,
    answer_of,
    buys_sentence,
    change_words,
    component_title,
    cost_sentence,
    field_words,
    figure_rows,
    finding_status,
    line_of,
    money_change,
    risk_sentence,
    service_label,
    why,
)
from model.diff import SessionDiff
from model.units import signed_money

WIDTH = 100
"""Lines wrap at this width by default (tables are as wide as their figures)."""


def diff_text(review: Review, width: int = WIDTH) -> str:
    """The whole diff as text ending in a newline, its sentences wrapped at `width`."""
    diff = review.diff
    head = [f"Design review: {PLAIN.text(diff.head.project or '')} · {diff.base.label} → "
            f"{diff.head.label}", *notes(diff)]  # fmt: skip
    if diff.unchanged:
        return "\n".join([*head, "No changes: the two designs are the same."]) + "\n"
    sections = [
        head,
        _headline(diff, width),
        _guardrails(review, width),
        _figures(diff),
        _components(diff, width),
        _links(diff),
        _cost(diff),
        _findings(diff, width),
        _fields(diff, width),
        _diagram(review),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections if lines) + "\n"


def notes(diff: SessionDiff) -> list[str]:
    """What the reader must know before the figures: a new design, a migrated file."""
    out = []
    if diff.new_design:
        out.append(
            f"{diff.base.label} holds no session: a new design, so everything below is added "
            "and the percentage guardrails are not evaluated."
        )
    for side in (diff.base, diff.head):
        if side.migrated:
            out.append(
                f"{side.label} is schema version {side.version}: migrated to the current "
                "version, then compared."
            )
    if diff.base.project and diff.head.project and diff.base.project != diff.head.project:
        out.append(
            f"Project renamed: {PLAIN.text(diff.base.project)} → {PLAIN.text(diff.head.project)}."
        )
    return out


def _wrap(label: str, text: str, width: int) -> list[str]:
    return textwrap.wrap(
        text, width, initial_indent=f"{label:<7}", subsequent_indent=" " * 7, break_on_hyphens=False
    )


def _headline(diff: SessionDiff, width: int) -> list[str]:
    return [
        *_wrap("Costs", cost_sentence(diff), width),
        *_wrap("Buys", buys_sentence(diff), width),
        *_wrap("Risks", risk_sentence(diff), width),
    ]


def _guardrails(review: Review, width: int) -> list[str]:
    if not review.checks:
        return []
    lines = ["GUARDRAILS"]
    for check in review.checks:
        verdict = "FAILS" if check.holds else "ok   "
        lines += textwrap.wrap(
            f"{verdict} {check.guardrail.text}: {PLAIN.text(check.measured)}",
            width,
            initial_indent="  ",
            subsequent_indent="        ",
        )
    return lines


def _table(rows: Sequence[Sequence[str]], align: str) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if align[i] == "r" else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def _figures(diff: SessionDiff) -> list[str]:
    rows = [("", diff.base.label, diff.head.label, "change"), *figure_rows(diff)]
    return ["FIGURES", *_table(rows, "lrrr")]


def _components(diff: SessionDiff, width: int) -> list[str]:
    if not diff.components:
        return []
    lines = ["COMPONENTS"]
    for delta in diff.components:
        line = line_of(diff, delta)
        cost = f"  {money_change(line.monthly[0])} a month" if line else ""
        lines.append(f"  {MARKS[delta.change]} {component_title(delta, PLAIN)} · "
                     f"{service_label(delta)}{cost}")  # fmt: skip
        if delta.fields:
            lines += textwrap.wrap(field_words(delta, PLAIN), width, initial_indent="      ",
                                   subsequent_indent="      ")  # fmt: skip
        reason = why(delta, PLAIN)
        if reason:
            lines += textwrap.wrap(f"why: {reason}", width, initial_indent="      ",
                                   subsequent_indent="           ")  # fmt: skip
    return lines


def _links(diff: SessionDiff) -> list[str]:
    if not diff.links:
        return []
    lines = ["LINKS"]
    for delta in diff.links:
        link = delta.link
        label = f", {PLAIN.text(link.label)}" if link.label else ""
        lines.append(f"  {'+' if delta.added else '−'} {link.source} → {link.target} "
                     f"({link.kind}{label})")  # fmt: skip
    return lines


def _cost(diff: SessionDiff) -> list[str]:
    cost = diff.cost
    rows: list[tuple[str, ...]] = [("", diff.base.label, diff.head.label, "change")]
    rows += [
        (f"group {group.label}", amount(d.before), amount(d.after), money_change(d))
        for group, d in cost.groups
        if d.moved()
    ]
    rows += [
        (f"environment {PLAIN.text(name)}", amount(d.before), amount(d.after), money_change(d))
        for name, d in cost.environments
        if d.moved()
    ]
    lines = ["COST A MONTH", *_table(rows, "lrrr")] if len(rows) > 1 else []
    if cost.lines:
        table: list[tuple[str, ...]] = [("line", "1x", "10x", "100x")]
        table += [
            (f"{PLAIN.text(x.name)} ({x.service})", *(signed_money(d.change) for d in x.monthly))
            for x in cost.lines
        ]
        lines += [
            "",
            "COST LINES THAT MOVED (change a month at 1x, 10x, 100x)",
            *_table(table, "lrrr"),
        ]
    return lines


def _findings(diff: SessionDiff, width: int) -> list[str]:
    if not diff.findings:
        return []
    lines = ["FINDINGS"]
    for delta in diff.findings:
        finding = delta.finding
        lines.append(
            f"  {finding_status(delta):<16} {finding.severity:<8} {PLAIN.text(finding.title)}"
        )
        answer = answer_of(delta)
        if answer and delta.answered:
            lines += textwrap.wrap(f"answer: {answer}", width, initial_indent=" " * 27,
                                   subsequent_indent=" " * 35)  # fmt: skip
        elif delta.after is not None and not delta.after.answered:
            lines += textwrap.wrap(PLAIN.text(finding.question), width, initial_indent=" " * 27,
                                   subsequent_indent=" " * 27)  # fmt: skip
    return lines


def _fields(diff: SessionDiff, width: int) -> list[str]:
    if not diff.sections:
        return []
    lines = ["OTHER CHANGES"]
    for section in diff.sections:
        lines.append(f"  {section.title}")
        for change in section.fields:
            words = f"{change.path}: {change_words(change, PLAIN)}"
            lines += textwrap.wrap(words, width, initial_indent="    ", subsequent_indent="      ")
    return lines


def _diagram(review: Review) -> list[str]:
    if not review.text_diagram:
        return []
    return ["DIAGRAM (unified diff of `infrasketch diagram`)", review.text_diagram.rstrip("\n")]

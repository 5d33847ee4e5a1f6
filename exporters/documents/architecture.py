"""ARCHITECTURE.md: every document of the design in one file for the pull request.

The bundle keeps each document in `docs/`; ARCHITECTURE.md, at the bundle's root, opens
with a summary table and a table of contents and then holds every document in full, its
headings nested one level down and its links rebased from `docs/` to the root.

`render_single` is the same for a pull request description, which GitHub caps at 65,536
characters: when the whole would not fit, the largest sections are replaced by a
one-line link to their document (largest first) until it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exporters.documents import (
    cicd,
    cost,
    deployment,
    incidents,
    infrastructure,
    monitoring,
    roles,
    security,
    tradeoffs,
)
from exporters.documents.common import (
    CICD_DOC,
    COST_DOC,
    DEPLOYMENT_DOC,
    INCIDENTS_DOC,
    INFRASTRUCTURE_DOC,
    MONITORING_DOC,
    SECURITY_DOC,
    TRADEOFFS_DOC,
)
from exporters.markdown import anchor, escape, nest, rebase_links
from model.analysis import Analysis
from model.units import money

PR_LIMIT = 65_536
"""GitHub's limit on a pull request description, in characters."""

DOCS_FOLDER = "docs"
"""Where the bundle keeps the documents ARCHITECTURE.md gathers."""


@dataclass(frozen=True, slots=True)
class Section:
    """One document of the bundle as a section of ARCHITECTURE.md."""

    title: str
    """The section heading."""
    path: str
    """The document's path in the bundle, relative to `docs/`."""
    render: Callable[[Analysis], str]
    """Its Markdown, as written to `docs/<path>`."""


def sections() -> tuple[Section, ...]:
    """The documents in reading order: the role card's seven, the skeptic, the briefs."""
    role_sections = tuple(
        Section(f"Brief for the {role.title}", f"roles/{role.id}.md", _brief(role.id))
        for role in roles.ROLES
    )
    return (
        Section("Infrastructure Architecture", INFRASTRUCTURE_DOC, infrastructure.render),
        Section("CI/CD Pipeline", CICD_DOC, cicd.render),
        Section("Deployment Strategy", DEPLOYMENT_DOC, deployment.render),
        Section("Monitoring & Alerting", MONITORING_DOC, monitoring.render),
        Section("Security Configuration", SECURITY_DOC, security.render),
        Section("Cost Optimization", COST_DOC, cost.render),
        Section("Incident Response", INCIDENTS_DOC, incidents.render),
        Section("Skeptic's Trade-offs", TRADEOFFS_DOC, tradeoffs.render),
        *role_sections,
    )


def _brief(role_id: str) -> Callable[[Analysis], str]:
    return lambda analysis: roles.render(analysis, role_id)


def in_roles_folder(markdown: str) -> str:
    """A document written for `docs/` with its links fixed for `docs/roles/`."""
    return rebase_links(markdown, lambda target: f"../{target}")


def _from_root(target: str) -> str:
    """A link written relative to `docs/`, as seen from the bundle's root."""
    if target.startswith("../"):
        return target.removeprefix("../")
    return f"{DOCS_FOLDER}/{target}"


def _summary(analysis: Analysis) -> list[str]:
    session = analysis.session
    context = session.context
    cost_now = analysis.cost
    availability = analysis.reliability
    per_user = cost_now.projections[0].per_user if cost_now.projections else None
    rows = [
        ("Cloud provider", session.provider.label),
        ("Architecture style", session.style.label),
        ("Monthly cost (production)", money(cost_now.monthly_total)),
        ("All environments", money(cost_now.all_environments_total)),
        ("Cost per user", f"${per_user:,.4f}" if per_user is not None else "n/a"),
        (
            "Availability",
            availability.verdict,
        ),
        ("Skeptic's findings", analysis.tally.words),
        ("Scale", f"{context.users:,} users, {context.peak_rps:g} req/s peak, "
                  f"team of {context.team_size}"),
    ]  # fmt: skip
    lines = ["| Design at a glance | |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return lines


def _head(analysis: Analysis) -> list[str]:
    context = analysis.session.context
    blocks = [f"# 🏗️ Architecture: {escape(context.project)}"]
    if context.description:
        blocks.append(escape(context.description))
    blocks.append("\n".join(_summary(analysis)))
    return blocks


def _contents(items: list[tuple[str, str]]) -> str:
    lines = ["## Contents", ""]
    lines += [f"{n}. [{title}]({target})" for n, (title, target) in enumerate(items, 1)]
    return "\n".join(lines)


def _section_heading(number: int, section: Section) -> str:
    return f"{number}. {section.title}"


def _full(section: Section, body: str) -> str:
    return rebase_links(nest(body, 1), _from_root)


def _linked(section: Section) -> str:
    return (
        f"The full document is [{DOCS_FOLDER}/{section.path}]({DOCS_FOLDER}/{section.path}); "
        "it is left out here to keep this page within GitHub's size limit."
    )


def _assemble(analysis: Analysis, bodies: dict[str, str], linked: set[str]) -> str:
    parts = _head(analysis)
    items = []
    for number, section in enumerate(sections(), start=1):
        heading = _section_heading(number, section)
        items.append((section.title, f"#{anchor(heading)}"))
    parts.append(_contents(items))
    for number, section in enumerate(sections(), start=1):
        parts.append(f"## {_section_heading(number, section)}")
        if section.path in linked:
            parts.append(_linked(section))
        else:
            parts.append(_full(section, bodies[section.path]))
    return "\n\n".join(parts) + "\n"


def render(analysis: Analysis) -> str:
    """ARCHITECTURE.md in full."""
    bodies = {section.path: section.render(analysis) for section in sections()}
    return _assemble(analysis, bodies, set())


def render_single(analysis: Analysis, limit: int = PR_LIMIT, link_base: str | None = None) -> str:
    """ARCHITECTURE.md for a pull request description: within `limit` characters.

    Sections are replaced by a link to their document, largest first, until the page
    fits. `link_base` (e.g. `https://github.com/org/repo/blob/main/docs/architecture/`)
    turns the bundle-relative links into absolute ones, which a PR description needs.
    """
    bodies = {section.path: section.render(analysis) for section in sections()}
    linked: set[str] = set()
    by_size = sorted(sections(), key=lambda s: -len(bodies[s.path]))
    text = _finish(_assemble(analysis, bodies, linked), link_base)
    for section in by_size:
        if len(text) <= limit:
            break
        linked.add(section.path)
        text = _finish(_assemble(analysis, bodies, linked), link_base)
    return text


def _finish(markdown: str, link_base: str | None) -> str:
    if link_base is None:
        return markdown
    base = link_base if link_base.endswith("/") else link_base + "/"
    return rebase_links(markdown, lambda target: base + target)

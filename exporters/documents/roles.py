"""Role briefs: one short page per role of the workshop (`docs/roles/<id>.md`).

The tech lead, frontend and backend developers, QA lead and product owner each get what
they must know and do, derived from the session and the engines, ending with a checklist
for that role. `summary` gives the same view in a few plain lines for the TUI's role lens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exporters.documents.brief_base import Brief, Facts
from exporters.documents.brief_developers import (
    backend,
    backend_summary,
    frontend,
    frontend_summary,
)
from exporters.documents.brief_leads import qa, qa_summary, tech_lead, tech_lead_summary
from exporters.documents.brief_product import product_owner, product_owner_summary
from exporters.markdown import Document, escape
from model.analysis import Analysis

ROLES_DIR = "roles"
"""The folder of the briefs inside the bundle's `docs/` folder."""


@dataclass(frozen=True, slots=True)
class Role:
    """One role of the workshop that gets a brief."""

    id: str
    """Stable id, also the brief's file name stem, e.g. `tech-lead`."""
    title: str
    """What the role is called, e.g. `Tech Lead`."""
    icon: str
    """The emoji in the brief's title."""
    focus: str
    """What the brief covers, in one line (shown under the title)."""

    @property
    def file_name(self) -> str:
        """The brief's file name inside `docs/roles/`."""
        return f"{self.id}.md"


ROLES: tuple[Role, ...] = (
    Role("tech-lead", "Tech Lead", "🧭",
         "the architecture, the decisions behind it and what the skeptic still questions"),
    Role("frontend", "Frontend Developer", "🎨",
         "where the pages are hosted, how CI builds them and which variables reach the browser"),
    Role("backend", "Backend Developer", "🛠️",
         "the database and its protection, migrations in production, secrets, queue and cache"),
    Role("qa", "QA Lead", "🧪",
         "the environments, their data and URLs, and every test gate in CI"),
    Role("product-owner", "Product Owner", "📈",
         "what the infrastructure costs now and as users grow, and the trade-offs behind it"),
)  # fmt: skip
"""Every role with a brief, in the order the bundle lists them."""


class UnknownRoleError(ValueError):
    """A role id that has no brief."""


_BRIEFS: dict[str, tuple[Callable[[Facts, Document], Brief], Callable[[Facts], list[str]]]] = {
    "tech-lead": (tech_lead, tech_lead_summary),
    "frontend": (frontend, frontend_summary),
    "backend": (backend, backend_summary),
    "qa": (qa, qa_summary),
    "product-owner": (product_owner, product_owner_summary),
}


def role(role_id: str) -> Role:
    """The role with `role_id`."""
    for candidate in ROLES:
        if candidate.id == role_id:
            return candidate
    known = ", ".join(r.id for r in ROLES)
    raise UnknownRoleError(f"no role brief called {role_id!r}; roles: {known}")


def render(analysis: Analysis, role_id: str) -> str:
    """The brief of role `role_id` for the analysed session."""
    session = analysis.session
    chosen = role(role_id)
    project = escape(session.context.project)
    doc = Document(f"{chosen.icon} {chosen.title.upper()} BRIEF: {project}")
    doc.paragraph(f"*For the {chosen.title}: {chosen.focus}.*")
    build, _ = _BRIEFS[chosen.id]
    return build(Facts(analysis), doc).render()


def summary(analysis: Analysis, role_id: str) -> list[str]:
    """The role's view of the analysed session in 3–6 short plain-text lines (the TUI's
    role lens)."""
    chosen = role(role_id)
    _, lines = _BRIEFS[chosen.id]
    return lines(Facts(analysis))[:6]

"""Role briefs: one short page per role of the workshop (`docs/roles/<id>.md`).

The roles are those of `model.roles` that have a brief: the tech lead, frontend and
backend developers, QA lead and product owner each get what they must know and do,
derived from the session and the engines, ending with a checklist for that role.
`summary` gives the same view in a few plain lines for the TUI's role lens.
"""

from __future__ import annotations

from collections.abc import Callable

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
from model.roles import ROLES as EVERY_ROLE
from model.roles import Role, RoleId

ROLES_DIR = "roles"
"""The folder of the briefs inside the bundle's `docs/` folder."""


ROLES: tuple[Role, ...] = tuple(role for role in EVERY_ROLE if role.has_brief)
"""Every role with a brief, in the order the bundle lists them (`model.roles` holds them)."""


class UnknownRoleError(ValueError):
    """A role id that has no brief."""


_BRIEFS: dict[RoleId, tuple[Callable[[Facts, Document], Brief], Callable[[Facts], list[str]]]] = {
    RoleId.TECH_LEAD: (tech_lead, tech_lead_summary),
    RoleId.FRONTEND: (frontend, frontend_summary),
    RoleId.BACKEND: (backend, backend_summary),
    RoleId.QA: (qa, qa_summary),
    RoleId.PRODUCT_OWNER: (product_owner, product_owner_summary),
}
"""How each role's brief and summary are built (a test checks it covers `ROLES`)."""


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

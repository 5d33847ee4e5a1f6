"""The roles at the workshop table: one table that the briefs and the role lens read.

The architect drives the tool; the tech lead, the frontend and backend developers, the QA
lead and the product owner each get a brief (`docs/roles/<id>.md`) and a lens in the live
panel; the skeptic gets a lens of the findings still open (the trade-off document is
theirs). Anything that names a role names a `RoleId`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RoleId(StrEnum):
    """A role at the workshop table; the value is the brief's file name stem."""

    TECH_LEAD = "tech-lead"
    FRONTEND = "frontend"
    BACKEND = "backend"
    QA = "qa"
    PRODUCT_OWNER = "product-owner"
    SKEPTIC = "skeptic"


@dataclass(frozen=True, slots=True)
class Role:
    """One role of the workshop."""

    id: RoleId
    """Stable id, also the brief's file name stem, e.g. `tech-lead`."""
    title: str
    """What the role is called, e.g. `Tech Lead`."""
    label: str
    """Its short name in the role lens, e.g. `Tech lead`."""
    icon: str
    """The emoji in the brief's title."""
    focus: str
    """What the brief covers, in one line (shown under the title); empty without a brief."""

    @property
    def has_brief(self) -> bool:
        """Whether the export writes a brief for the role."""
        return bool(self.focus)

    @property
    def file_name(self) -> str:
        """The brief's file name inside `docs/roles/`."""
        return f"{self.id}.md"


ROLES: tuple[Role, ...] = (
    Role(RoleId.TECH_LEAD, "Tech Lead", "Tech lead", "🧭",
         "the architecture, the decisions behind it and what the skeptic still questions"),
    Role(RoleId.FRONTEND, "Frontend Developer", "Frontend", "🎨",
         "where the pages are hosted, how CI builds them and which variables reach the browser"),
    Role(RoleId.BACKEND, "Backend Developer", "Backend", "🛠️",
         "the database and its protection, migrations in production, secrets, queue and cache"),
    Role(RoleId.QA, "QA Lead", "QA", "🧪",
         "the environments, their data and URLs, and every test gate in CI"),
    Role(RoleId.PRODUCT_OWNER, "Product Owner", "Product owner", "📈",
         "what the infrastructure costs now and as users grow, and the trade-offs behind it"),
    Role(RoleId.SKEPTIC, "Skeptic", "Skeptic", "🔍", ""),
)  # fmt: skip
"""Every role, in the order the bundle lists the briefs and the lens cycles through them."""

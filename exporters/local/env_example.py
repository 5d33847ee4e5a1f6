"""`.env.example`: every setting and secret name the design uses, grouped by component.

Names only, never values (`NAME=`). Each secret carries a comment naming where its real
value lives: the secrets manager component and the path inside it, and who rotates it.
A variable read by several components is listed once, under the first, with the others
named. Secrets no component reads (webhooks for alerts and deploy notices) close the
file under "Operations".
"""

from __future__ import annotations

from exporters.common import banner, one_line, primary, service_of
from model.analysis import Analysis
from model.enums import Category
from model.sections.security import SecretRef
from model.session import Session


def _manager(session: Session) -> str:
    found = primary(session, Category.SECRETS)
    if found is None:
        return "no secrets manager in the design"
    return f"{service_of(found).label} ({found.id})"


def _secret_lines(secret: SecretRef, manager: str) -> list[str]:
    about = f"{secret.description} — " if secret.description else ""
    owner = f"; rotated by {secret.owner}" if secret.owner else ""
    comment = one_line(f"secret: {about}real value in {manager} at {secret.path}{owner}")
    return [f"# {comment}", f"{secret.name}="]


def env_example(analysis: Analysis) -> str:
    """The `.env.example` text of `session`."""
    session = analysis.session
    manager = _manager(session)
    lines = [f"# {one_line(line)}" if line else "#" for line in banner(session, ".env.example")]
    lines += [
        "# Copy to .env for local development and fill in local values. Never commit .env;",
        "# deployed environments get these from the secrets manager, not from this file.",
    ]
    placed: dict[str, str] = {}
    secrets_by_component: dict[str | None, list[SecretRef]] = {}
    for secret in session.security.secrets:
        secrets_by_component.setdefault(secret.component, []).append(secret)
    for c in session.components:
        names = [n for n in c.env_vars if n not in placed]
        repeats = [n for n in c.env_vars if n in placed]
        secrets = [s for s in secrets_by_component.get(c.id, []) if s.name not in placed]
        if not (names or secrets or repeats):
            continue
        lines += ["", f"# --- {one_line(c.name)} ({c.id}) ---"]
        if repeats:
            shared = ", ".join(f"{n} (under {placed[n]})" for n in repeats)
            lines.append(f"# also reads {shared}")
        for name in names:
            lines.append(f"{name}=")
            placed[name] = c.id
        for secret in secrets:
            lines += _secret_lines(secret, manager)
            placed[secret.name] = c.id
    orphans = [
        s
        for component, group in secrets_by_component.items()
        if component is None or session.component(component) is None
        for s in group
        if s.name not in placed
    ]
    if orphans:
        lines += ["", "# --- Operations (CI notifications and alerting, not read by the app) ---"]
        for secret in orphans:
            lines += _secret_lines(secret, manager)
    return "\n".join(lines) + "\n"

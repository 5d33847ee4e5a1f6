"""The workshop app. For now a single screen summarising the loaded session."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from model.session import Session


def summary(session: Session) -> str:
    """A plain-text summary of a session's decisions."""
    ctx = session.context
    lines = [
        f"{ctx.project} — {session.provider.label}, {session.style.label}",
        f"{ctx.users:,} users · peak {ctx.peak_rps:g} req/s · {ctx.data_gb:g} GB · "
        f"team of {ctx.team_size} · target {ctx.availability_target_percent:g}%",
        "",
        "Components:",
    ]
    lines += [f"  {c.id:<16} {c.category.label:<18} {c.service}" for c in session.components]
    lines += ["", "Environments: " + ", ".join(e.name for e in session.environments)]
    return "\n".join(lines)


class InfrasketchApp(App[int]):
    """The infrasketch workshop."""

    TITLE = "infrasketch"
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def __init__(self, session: Session, path: Path | None = None) -> None:
        super().__init__()
        self.session = session
        self.path = path
        self.sub_title = session.context.project

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(summary(self.session), id="summary")
        yield Footer()

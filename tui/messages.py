"""Messages the steps and dialogs send up to the app, which owns the session.

Steps never assign the app's session: they build a new, validated `Session` and post
`SessionProposed`; the app records it in the history, shows it everywhere and schedules
the autosave.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from model.fields import SessionField

if TYPE_CHECKING:
    from model.analysis import Analysis
    from model.session import Session

OUR_PACKAGES = ("model", "sessions", "exporters", "widgets", "tui")
"""Packages whose exceptions are written for the user (their first line says it all)."""

REASON_LIMIT = 160
"""Longest reason a worker's failure is shown with (the panel has one line for it)."""


def reason_of(error: BaseException) -> str:
    """A worker's failure in one line for the screen: the first line of its message,
    after its type's name unless it is one of ours (a bug's `KeyError: 'api'`, but
    `Graphviz's dot is not installed`), cut at `REASON_LIMIT`."""
    lines = str(error).strip().splitlines()
    kind = type(error).__name__
    if not lines:
        return kind
    ours = type(error).__module__.split(".")[0] in OUR_PACKAGES
    text = lines[0] if ours else f"{kind}: {lines[0]}"
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"


Focus = str | SessionField
"""Where the keyboard goes in a step: a control (`#id`, or a word the step knows such as
`add`), the control editing a session field, or "" for the step's first control."""


@dataclass
class SessionProposed(Message):
    """A step built a new session from the user's edit."""

    session: Session
    """The new session (already validated)."""
    description: str
    """What changed, in words, for the history (e.g. `Edit context.users`)."""


@dataclass
class NewDesign(Message):
    """Start over on a new design (not yet saved to any file)."""

    session: Session


@dataclass
class OpenRequested(Message):
    """Open the session file at `path`."""

    path: Path


@dataclass
class GoToStep(Message):
    """Show step `step_id` (and optionally put the keyboard on `focus`)."""

    step_id: str
    focus: Focus | None = None


@dataclass
class Analysed(Message):
    """The app's worker analysed a session (the live panel and the step show it)."""

    analysis: Analysis


@dataclass
class AnalysisFailed(Message):
    """Analysing `session` raised: a bug, shown in the live panel rather than ending the
    workshop."""

    session: Session
    reason: str

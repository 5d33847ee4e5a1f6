"""Architecture decision records, including the team's answers to the skeptic."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from model.base import ONE_LINE, Frozen, Identifier, Name, Text
from model.enums import DecisionStatus


class Decision(Frozen):
    """One ADR-style record."""

    id: Identifier
    """Stable id, e.g. `adr-003`."""
    title: Name
    """The question decided, e.g. `Managed PostgreSQL over self-hosted`."""
    status: DecisionStatus = DecisionStatus.ACCEPTED
    """Where it stands."""
    date: dt.date | None = None
    """When it was decided."""
    context: Text = ""
    """The forces at play."""
    options: tuple[Annotated[str, Field(min_length=1, max_length=200), ONE_LINE], ...] = ()
    """The options considered."""
    choice: Text = ""
    """What was chosen."""
    rationale: Text = ""
    """Why."""
    challenge: Text = ""
    """The skeptic's challenge."""
    answer: Text = ""
    """The team's answer to the challenge."""
    finding: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=64), ONE_LINE] | None = (
        None
    )
    """The skeptic rule this decision answers, if any (e.g. `single-az-database`)."""

"""Notification channels, shared by the pipeline's notifications and the alert routing."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from model.base import EnvVarName, Frozen
from model.enums import AlertSeverity, ChannelKind
from model.secret_scan import refuse_secret_value


class Channel(Frozen):
    """A place notifications are sent: a chat channel, a mailbox, a pager service."""

    kind: ChannelKind
    """The kind of destination."""
    target: Annotated[
        str,
        Field(min_length=1, max_length=120, pattern=r"^[^\s]+$"),
        AfterValidator(refuse_secret_value),
    ]
    """Where exactly: `#deploys`, `ops@example.com`, a PagerDuty service or Opsgenie team name."""
    secret: EnvVarName | None = None
    """Name of the secret holding the webhook URL or API key (listed under security)."""
    severities: tuple[AlertSeverity, ...] = (AlertSeverity.CRITICAL, AlertSeverity.WARNING)
    """Which alert severities it receives (used by alert routing)."""

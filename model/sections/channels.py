"""Notification channels, shared by the pipeline's notifications and the alert routing.

A channel's target is checked against the shape its kind takes (a Slack channel, an
e-mail address, an https URL, a team or service name), so it can be written into
Alertmanager's templated fields and the CI notice scripts as the plain value it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from model.base import ONE_LINE, EnvVarName, Frozen
from model.enums import AlertSeverity, ChannelKind

_CHAT = r"^#?[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"
_TEAM = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$"
_HTTPS = r"^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!&()*+,;=:%/?-]*)?$"


@dataclass(frozen=True, slots=True)
class TargetShape:
    """What a channel kind's target looks like."""

    pattern: re.Pattern[str]
    """The whole target must match it."""
    words: str
    """The shape in words, for the refusal."""
    example: str
    """A target of this shape."""


TARGETS: dict[ChannelKind, TargetShape] = {
    ChannelKind.SLACK: TargetShape(
        re.compile(r"^[#@]?[a-z0-9][a-z0-9._-]{0,79}$"),
        "a Slack channel such as #deploys (lowercase letters, digits, . _ -) or a user @name",
        "#deploys",
    ),
    ChannelKind.DISCORD: TargetShape(
        re.compile(_CHAT),
        "a Discord channel name such as #ops-alerts (letters, digits, . _ -)",
        "#ops-alerts",
    ),
    ChannelKind.TEAMS: TargetShape(
        re.compile(_CHAT),
        "a Teams channel name such as platform-deploys (letters, digits, . _ -)",
        "platform-deploys",
    ),
    ChannelKind.EMAIL: TargetShape(
        re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"),
        "an e-mail address such as ops@example.com",
        "ops@example.com",
    ),
    ChannelKind.PAGERDUTY: TargetShape(
        re.compile(f"{_TEAM}|{_HTTPS}"),
        "a PagerDuty service name (letters, digits, . _ -) or its https URL",
        "shop-production",
    ),
    ChannelKind.OPSGENIE: TargetShape(
        re.compile(_TEAM),
        "an Opsgenie team name (letters, digits, . _ -)",
        "platform-team",
    ),
    ChannelKind.WEBHOOK: TargetShape(
        re.compile(_HTTPS),
        "an https URL without credentials, quotes or braces",
        "https://hooks.example.com/alerts",
    ),
}
"""The shape of each kind's target. None admits spaces, quotes, braces or `$`-expressions:
a target is data in every file it reaches."""


class Channel(Frozen):
    """A place notifications are sent: a chat channel, a mailbox, a pager service."""

    kind: ChannelKind
    """The kind of destination."""
    target: Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[^\s]+$"), ONE_LINE]
    """Where exactly: `#deploys`, `ops@example.com`, a PagerDuty service or Opsgenie team name,
    a webhook's https URL."""
    secret: EnvVarName | None = None
    """Name of the secret holding the webhook URL or API key (listed under security)."""
    severities: tuple[AlertSeverity, ...] = (AlertSeverity.CRITICAL, AlertSeverity.WARNING)
    """Which alert severities it receives (used by alert routing)."""

    @field_validator("target")
    @classmethod
    def _fits_the_kind(cls, target: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if isinstance(kind, ChannelKind):
            shape = TARGETS[kind]
            if not shape.pattern.fullmatch(target):
                raise ValueError(f"not {shape.words}")
        return target

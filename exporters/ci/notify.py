"""Pipeline failure notices to the session's channels, as shell scripts both CIs run.

Each script posts `$NOTIFY_TEXT` with curl (JSON built by jq, so any text is escaped).
Webhook URLs and API keys come from the CI secret named by the channel's `secret` (the
name listed under `security.secrets`), exposed to the script as an environment variable
of the same name; nothing is inlined. A channel that needs a credential but names none
cannot be sent to, and is reported instead of being faked.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporters.ci.shell import word
from model.enums import ChannelKind
from model.sections.channels import Channel

_JSON_POST = "curl --fail --silent --show-error -X POST -H 'Content-Type: application/json'"


@dataclass(frozen=True, slots=True)
class Notice:
    """How one channel is told about a failed pipeline."""

    channel: Channel
    """The channel."""
    script: str | None
    """The shell script, or None when it cannot be sent (no credential named)."""

    @property
    def label(self) -> str:
        """The channel in words, e.g. `Slack #deploys`."""
        return f"{self.channel.kind.label} {self.channel.target}"

    @property
    def secret(self) -> str | None:
        """The CI secret the script reads."""
        return self.channel.secret if self.script is not None else None


def notice(channel: Channel) -> Notice:
    """The failure notice for `channel`."""
    secret = f'"${channel.secret}"' if channel.secret else None
    kind = channel.kind
    target = channel.target
    if kind is ChannelKind.EMAIL:
        if secret is None:
            return Notice(channel, None)
        sender = "ci@" + target.rsplit("@", 1)[-1]
        return Notice(
            channel,
            'printf "Subject: %s\\n\\n%s\\n" "$NOTIFY_TEXT" "$NOTIFY_TEXT" > notice.txt\n'
            f"curl --fail --silent --show-error --ssl-reqd --url {secret} "
            f"--mail-from {word(sender)} --mail-rcpt {word(target)} "
            "--upload-file notice.txt",
        )
    if kind is ChannelKind.WEBHOOK and secret is None and target.startswith("https://"):
        secret = word(target)
    if secret is None:
        return Notice(channel, None)
    payload = {
        ChannelKind.SLACK: "'{text: $text}'",
        ChannelKind.DISCORD: "'{content: $text}'",
        ChannelKind.TEAMS: (
            '\'{"@type": "MessageCard", "@context": "https://schema.org/extensions", text: $text}\''
        ),
        ChannelKind.WEBHOOK: "'{text: $text, status: \"failed\"}'",
        ChannelKind.PAGERDUTY: (
            f'--arg key {secret} \'{{routing_key: $key, event_action: "trigger", '
            'payload: {summary: $text, source: "ci", severity: "error"}}\''
        ),
        ChannelKind.OPSGENIE: (
            f"--arg team {word(target)} "
            "'{message: $text, responders: [{name: $team, type: \"team\"}]}'"
        ),
    }[kind]
    body = f'"$(jq -n --arg text "$NOTIFY_TEXT" {payload})"'
    if kind is ChannelKind.PAGERDUTY:
        url = "https://events.pagerduty.com/v2/enqueue"
        return Notice(channel, f"{_JSON_POST} --data {body} {url}")
    if kind is ChannelKind.OPSGENIE:
        url = "https://api.opsgenie.com/v2/alerts"
        return Notice(
            channel,
            f'{_JSON_POST} -H "Authorization: GenieKey {secret[1:-1]}" --data {body} {url}',
        )
    return Notice(channel, f"{_JSON_POST} --data {body} {secret}")


def notices(channels: tuple[Channel, ...]) -> tuple[Notice, ...]:
    """The failure notices of the pipeline's notification channels."""
    return tuple(notice(c) for c in channels)

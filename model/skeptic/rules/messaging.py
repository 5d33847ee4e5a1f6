"""Skeptic rules on messaging: queues without failure handling, visibility timeouts shorter
than the work, outbound webhooks without retries or signatures.

A queue's settings are `Component.queue` (dead-letter queue, retry limit, backoff,
visibility timeout, processing time); a compute service's outbound webhooks are
`Component.webhooks`. The volume is the cost model's: one message per ten requests
(`model.engines.usage.QUEUE_MESSAGES_PER_REQUEST`), of which the error-event rate
(`ERROR_EVENTS_PER_REQUEST`, 0.1 %) fail. Each rule is one function from the review's facts
to its findings; the table at the end gives each its id, severity and lean.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from model.engines.usage import (
    ERROR_EVENTS_PER_REQUEST,
    MINUTES_PER_MONTH,
    QUEUE_MESSAGES_PER_REQUEST,
)
from model.enums import Category
from model.fields import field
from model.sections.components import Component
from model.skeptic.findings import Draft, Lean, Rule, RuleTopic, Severity, and_list

if TYPE_CHECKING:
    from model.analysis import Analysis

RECEIVES = 5
"""The retry limit suggested: enough for a passing fault, few enough to stop a poison
message within minutes."""

WEBHOOK_ATTEMPTS = 8
"""Deliveries suggested for a webhook, spread by backoff over about a day."""

OUTAGE_MINUTES = 10
"""A receiver's outage the webhook evidence is worked out for: one bad deploy."""


def queue_without_failure_handling(facts: Analysis) -> Iterator[Draft]:
    """A production queue without a dead-letter queue or a retry limit."""
    for component in facts.session.components_in(Category.QUEUE):
        service = facts.service(component)
        settings = component.queue
        dead_letter = (settings is not None and settings.dead_letter) or (
            service.dead_letter_after is not None
        )
        limit = settings.max_receives if settings is not None else None
        limit = limit or service.dead_letter_after
        if dead_letter and limit is not None:
            continue
        gaps = []
        if not dead_letter:
            gaps.append("no dead-letter queue")
        if limit is None:
            gaps.append("no limit on redeliveries")
        if settings is None or not settings.backoff:
            gaps.append("no backoff between them")
        messages = _messages(facts, component)
        failing = messages * ERROR_EVENTS_PER_REQUEST
        peak = facts.context.peak_rps * facts.cost_model.placements[component.id].request_share
        stated = "" if settings is not None else " (nothing is stated for it)"
        yield Draft(
            title=f"Queue without failure handling: {component.name}",
            message=(
                f"{component.name} ({service.label}) carries ~{_count(messages)} messages a month "
                f"(~{peak:,.1f} a second at peak) with {and_list(gaps)}{stated}. A message a "
                "consumer cannot process is redelivered until it expires, using consumer "
                f"time and hiding the fault; at one failure in a thousand that is ~"
                f"{_count(failing)} messages a month with nowhere to go and nobody told."
            ),
            alternative=f"a dead-letter queue after {RECEIVES} deliveries with exponential "
            "backoff, and an alert on its depth (billed per message like the queue: cents)",
            question="When a message fails for the fifth time tonight, where does it go, and "
            "who finds out?",
            components=(component.id,),
        )


def visibility_timeout_short(facts: Analysis) -> Iterator[Draft]:
    """A visibility timeout shorter than the consumer's processing time."""
    for component in facts.session.components_in(Category.QUEUE):
        settings = component.queue
        if settings is None:
            continue
        timeout, work = settings.visibility_timeout_seconds, settings.processing_seconds
        if timeout is None or work is None or timeout >= work:
            continue
        messages = _messages(facts, component)
        yield Draft(
            title=f"Visibility timeout shorter than the work: {component.name}",
            message=(
                f"{component.name} hides a received message for {timeout:g} s but a consumer "
                f"takes up to {work:g} s: a message still being worked on reappears and a "
                f"second consumer starts on it. Of ~{_count(messages)} messages a month, every "
                "slow one is processed at least twice: duplicate e-mails, charges or "
                "records unless every consumer is idempotent."
            ),
            alternative=f"a visibility timeout of at least {max(2 * work, work + 30):g} s "
            "(twice the work, or the work plus 30 s), extended by the consumer while it works",
            question="What happens when the same order message is processed twice at once?",
            components=(component.id,),
        )


def webhooks_unreliable(facts: Analysis) -> Iterator[Draft]:
    """Outbound webhooks sent once, or unsigned."""
    for component in facts.session.components_in(Category.COMPUTE):
        hooks = component.webhooks
        if hooks is None or (hooks.max_attempts > 1 and hooks.signed):
            continue
        events = facts.context.requests_millions * 1e6 * QUEUE_MESSAGES_PER_REQUEST
        per_minute = events / MINUTES_PER_MONTH
        gaps = []
        if hooks.max_attempts == 1:
            gaps.append(
                f"each event is tried once: a receiver down for {OUTAGE_MINUTES} minutes (one "
                f"bad deploy) loses ~{per_minute * OUTAGE_MINUTES:,.0f} of the ~{_count(events)} "
                "events a month (one per ten requests), for good"
            )
        if not hooks.signed:
            gaps.append(
                "deliveries carry no signature, so receivers cannot tell your calls from "
                "forged or replayed ones"
            )
        yield Draft(
            title=f"Outbound webhooks {_what(hooks.max_attempts, hooks.signed)}: {component.name}",
            message=f"{component.name} sends webhooks; " + "; ".join(gaps) + ".",
            alternative=f"up to {WEBHOOK_ATTEMPTS} attempts with exponential backoff over "
            "about a day, then a dead-letter store the receiver can replay from, and an "
            "HMAC-SHA256 signature with a timestamp on every delivery",
            question="When a customer's endpoint was down for an hour, how do they get the "
            "events they missed?",
            components=(component.id,),
        )


def _what(attempts: int, signed: bool) -> str:
    if attempts == 1 and not signed:
        return "without retries or signatures"
    return "without retries" if attempts == 1 else "without signatures"


def _count(number: float) -> str:
    """`16.4M` from a million up, `16,436` below."""
    return f"{number / 1e6:,.1f}M" if number >= 1e6 else f"{number:,.0f}"


def _messages(facts: Analysis, component: Component) -> float:
    """Messages a month through `component`."""
    share = facts.cost_model.placements[component.id].request_share
    return facts.context.requests_millions * 1e6 * share


RULES: tuple[Rule, ...] = (
    Rule("queue-without-failure-handling", Severity.HIGH, Lean.UNDER,
         queue_without_failure_handling,
         "a production queue without a dead-letter queue or a retry limit",
         RuleTopic.MESSAGING, field("components[].queue")),
    Rule("visibility-timeout-short", Severity.MEDIUM, Lean.UNDER, visibility_timeout_short,
         "a queue's visibility timeout shorter than its consumer's processing time",
         RuleTopic.MESSAGING, field("components[].queue")),
    Rule("webhooks-unreliable", Severity.MEDIUM, Lean.UNDER, webhooks_unreliable,
         "outbound webhooks sent once or without a signature",
         RuleTopic.MESSAGING, field("components[].webhooks")),
)  # fmt: skip
"""The messaging rules."""

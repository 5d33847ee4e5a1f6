"""The messaging rules (`model/skeptic/rules/messaging.py`) on the clean design with a job
queue or outbound webhooks that handle failure badly.

The clean design's 13.149M requests a month put one message in ten on a queue: 1.3149M
messages. The trigger tests of the queue and webhook rules are in
`tests/test_senior_rules.py` (`registry.py` names them); their cases are here.
"""

from __future__ import annotations

from model.sections.components import OutboundWebhooks
from model.skeptic.findings import Severity
from tests.rules.cases import REQUESTS_M, Case, clean, only, swap
from tests.test_senior_rules import with_queue

CASES: dict[str, Case] = {
    "queue-without-failure-handling": Case(
        broken=lambda: with_queue(clean()),
        fixed=lambda: with_queue(clean(), dead_letter=True, max_receives=5, backoff=True),
    ),
    "visibility-timeout-short": Case(
        broken=lambda: with_queue(
            clean(), dead_letter=True, max_receives=5, backoff=True,
            visibility_timeout_seconds=30, processing_seconds=120,
        ),
        fixed=lambda: with_queue(
            clean(), dead_letter=True, max_receives=5, backoff=True,
            visibility_timeout_seconds=240, processing_seconds=120,
        ),
    ),
    "webhooks-unreliable": Case(
        broken=lambda: swap(clean(), "api", webhooks=OutboundWebhooks()),
        fixed=lambda: swap(
            clean(), "api", webhooks=OutboundWebhooks(max_attempts=8, backoff=True, signed=True)
        ),
    ),
}  # fmt: skip
"""The messaging rules' planted problems, and the same designs fixed."""


def test_a_message_hidden_for_30_seconds_of_two_minutes_of_work() -> None:
    finding = only(CASES["visibility-timeout-short"].broken(), "visibility-timeout-short")
    assert finding.severity is Severity.MEDIUM
    assert finding.title == "Visibility timeout shorter than the work: Jobs"
    # One message per ten of the 13.149M requests: 1.3M a month.
    messages = REQUESTS_M * 0.1
    assert (
        "Jobs hides a received message for 30 s but a consumer takes up to 120 s: a message "
        "still being worked on reappears and a second consumer starts on it. Of "
        f"~{messages:.1f}M messages a month, every slow one is processed at least twice"
    ) in finding.message
    # Twice the work (240 s) beats the work plus 30 s (150 s).
    assert finding.alternative.startswith(f"a visibility timeout of at least {2 * 120} s")

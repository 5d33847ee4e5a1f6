"""The business context of a design: who uses it, how much, how reliable, under which rules."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from model.base import ONE_LINE, Frozen, Milliseconds, Name, Percent, Text, Usage
from model.enums import CardData, Compliance, DisasterRecovery, Frontend

SECONDS_PER_MONTH = 30.4375 * 24 * 3600
"""Average seconds in a month (365.25 / 12 days)."""

AVERAGE_TO_PEAK = 0.25
"""Average load as a share of peak load, used when monthly requests are not given."""


class Context(Frozen):
    """What the system is for and the numbers every other decision is sized against."""

    project: Name
    """The project's name; titles every document."""
    description: Text = ""
    """One or two sentences on what the system does."""
    users: Annotated[int, Field(ge=0, le=10_000_000_000)]
    """Expected monthly active users at launch (the 1x baseline)."""
    peak_rps: Usage
    """Peak requests per second against the backend."""
    monthly_requests_millions: Usage | None = None
    """Requests per month in millions; derived from the peak when not given."""
    data_gb: Usage
    """Data stored (database plus files) at launch, in GB."""
    egress_gb_month: Usage | None = None
    """Data the backend serves to users per month in GB; derived from the requests and
    the response size when not given."""
    frontend: Frontend | None = None
    """What users load: an API only, a single-page app calling an API, or server-rendered
    pages; derived from the components when empty (static frontend hosting means a
    single-page app)."""
    response_kb: Annotated[float, Field(gt=0, le=100_000)] | None = None
    """Average size of a backend response in KB; 5 KB for a JSON API and 50 KB for
    server-rendered pages when empty."""
    growth_percent_per_month: Percent = 0
    """Expected growth of users per month."""
    team_size: Annotated[int, Field(ge=1, le=10_000)]
    """Engineers who build and run the system."""
    monthly_budget_usd: Usage | None = None
    """The infrastructure budget per month, if one is set."""
    availability_target_percent: Annotated[float, Field(gt=0, le=100)] = 99.9
    """The availability target (SLO) of the user-facing service."""
    availability_contractual: bool = False
    """Whether the target is promised to customers in a contract (an SLA with service
    credits) rather than an internal goal: then the providers' SLAs must back it."""
    docs_url: (
        Annotated[
            str, Field(max_length=300, pattern=r"^https://[A-Za-z0-9._~:/?#&=%+,;!-]+$"), ONE_LINE
        ]
        | None
    ) = None
    """Where the exported bundle can be read, e.g.
    `https://github.com/org/repo/blob/main/docs/architecture/`: alerts link their runbooks
    there with absolute URLs (relative links otherwise). Plain URL characters only: it
    lands in alert annotations, which Prometheus and Alertmanager read as templates."""
    latency_target_ms: Milliseconds | None = None
    """The p95 latency target of the user-facing API, if one is set."""
    compliance: tuple[Compliance, ...] = ()
    """Regulations and audit frameworks the design must meet."""
    regions: tuple[Annotated[str, Field(pattern=r"^[a-z0-9-]{2,32}$"), ONE_LINE], ...] = Field(
        min_length=1
    )
    """Cloud regions the system runs in, primary first (e.g. `eu-central-1`)."""
    handles_payments: bool = False
    """Whether the system takes card payments (public payment pages need a WAF)."""
    card_data: CardData | None = None
    """Who receives the card numbers of the payments it takes: the payment provider's hosted
    fields or page (`provider_hosted`), the company's own API (`merchant_api`), or the
    company as a processor or merchant of record (`processor`); empty when not stated. It
    decides how much of the system PCI DSS covers and which controls the checklist needs."""
    disaster_recovery: DisasterRecovery = DisasterRecovery.WARM_STANDBY
    """What runs in the regions after the first (with more than one region): backup copies
    only, replicated databases (pilot light), a scaled-down copy (warm standby), or a full
    copy serving users (active-active)."""

    @field_validator("compliance", "regions")
    @classmethod
    def _unique(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise ValueError(f"{value!r} is listed twice")
            seen.add(value)
        return values

    @property
    def requests_millions(self) -> float:
        """Monthly requests in millions, given or derived from the peak."""
        if self.monthly_requests_millions is not None:
            return self.monthly_requests_millions
        return self.peak_rps * AVERAGE_TO_PEAK * SECONDS_PER_MONTH / 1_000_000

    @property
    def takes_card_payments(self) -> bool:
        """Whether card payments pass through the system: the flag, a stated card-data flow,
        or PCI DSS among the frameworks (it applies only where card data is)."""
        return (
            self.handles_payments
            or self.card_data is not None
            or Compliance.PCI_DSS in self.compliance
        )

    @property
    def audited(self) -> tuple[Compliance, ...]:
        """The design's frameworks whose controls an auditor checks (`Compliance.audited`)."""
        return tuple(c for c in self.compliance if c.audited)

    @property
    def multi_region(self) -> bool:
        """Whether the design spans more than one region."""
        return len(self.regions) > 1

"""Skeptic rules on security and compliance: secrets, WAF, compliance, network, TLS.

Each rule is one function from the review's facts to its findings; the table at the end
gives each its id, severity and lean.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from model.catalog import Service
from model.engines.usage import Placement
from model.enums import Category, SecretsDelivery
from model.fields import field
from model.sections.components import Component
from model.sections.security import SecretRef
from model.skeptic.findings import Draft, Lean, Rule, RuleTopic, Severity, dollars

if TYPE_CHECKING:
    from model.analysis import Analysis

MAX_ROTATION_DAYS = 365
AUDITED_ROTATION_DAYS = 90
"""The role card's rotation; audited frameworks (`Compliance.audited`) expect it."""


def plain_env_secrets(facts: Analysis) -> Iterator[Draft]:
    """Secrets kept in plain environment variables, or with no secrets manager at all."""
    security = facts.session.security
    if not security.secrets:
        return
    managers = facts.session.components_in(Category.SECRETS)
    if security.secrets_delivery is not SecretsDelivery.PLAIN_ENV and managers:
        return
    where = (
        "in plain environment variables (deploy configs, CI settings, shell history)"
        if security.secrets_delivery is SecretsDelivery.PLAIN_ENV
        else "with no secrets manager in the design"
    )
    yield Draft(
        title="Secrets in plain environment variables",
        message=f"{len(security.secrets)} secrets ({_names(security.secrets)}) live {where}.",
        alternative="a secrets manager with secrets injected at deploy or fetched at start-up, "
        "access by role",
        question="Who can read the production database password today, and how would you know "
        "it leaked?",
    )


def _names(secrets: tuple[SecretRef, ...]) -> str:
    shown = ", ".join(s.name for s in secrets[:4])
    return shown + (", …" if len(secrets) > 4 else "")


def no_secret_rotation(facts: Analysis) -> Iterator[Draft]:
    """Secrets rotated rarely or never."""
    security = facts.session.security
    if not security.secrets:
        return
    days = security.rotation_days
    audited = facts.context.audited
    limit = AUDITED_ROTATION_DAYS if audited else MAX_ROTATION_DAYS
    if days is not None and days <= limit:
        return
    now = f"every {days} days" if days is not None else "never"
    yield Draft(
        title="Secrets rarely rotated",
        message=f"{len(security.secrets)} secrets are rotated {now}; "
        + (
            f"{', '.join(sorted(c.label for c in audited))} expects {limit} days."
            if audited
            else "a leaked key stays valid for over a year."
        ),
        alternative=f"automatic rotation every {AUDITED_ROTATION_DAYS} days",
        question="If a key leaked last month, when would it stop working?",
    )


def no_waf_for_payments(facts: Analysis) -> Iterator[Draft]:
    """Public payment flows without a web application firewall: the system takes card
    payments, states a card-data flow, or is under PCI DSS (which applies only where card
    data is)."""
    context = facts.context
    if not context.takes_card_payments:
        return
    if facts.components_tagged("waf"):
        return
    best = cheapest_waf(facts)
    requests = context.requests_millions
    why = (
        "takes card payments"
        if context.handles_payments or context.card_data is not None
        else "is under PCI DSS, so card payments pass through it"
    )
    yield Draft(
        title="No WAF in front of payments",
        message=(
            f"The system {why} and serves {requests:,.1f}M requests a month with no web "
            "application firewall: card testing, credential stuffing and injection reach "
            "the application directly."
        ),
        alternative=(
            f"{best[0].label} with managed rules and rate limits, {dollars(best[1])}"
            if best
            else "a WAF with managed rules and rate limits"
        ),
        question="What stops a bot from testing 10,000 stolen cards against checkout tonight?",
        current_monthly=0.0 if best else None,
        alternative_monthly=best[1] if best else None,
    )


def cheapest_waf(facts: Analysis) -> tuple[Service, float] | None:
    """The cheapest public-priced WAF for the design, with its monthly cost: the provider's
    own (it attaches to its CDN and load balancer), a SaaS one only when the provider has
    none (it needs the traffic proxied through it)."""
    options = [
        s
        for s in facts.catalog.choices(Category.WAF, facts.session.provider)
        if "waf" in s.tags and s.pricing.is_public and "premium" not in s.tags
    ]
    native = [s for s in options if s.provider.value != "saas"]
    options = native or options
    probe = Component(id="waf", name="WAF", category=Category.WAF, service="aws-waf")
    priced = [
        (s, facts.cost_model.priced(probe, service=s, placement=Placement()).monthly)
        for s in options
    ]
    known = [(s, cost) for s, cost in priced if cost is not None]
    return min(known, key=lambda pair: pair[1]) if known else None


def compliance_unmet(facts: Analysis) -> Iterator[Draft]:
    """A compliance framework selected whose checklist is not met."""
    checklist = facts.session.security.compliance_checklist
    for standard in facts.context.compliance:
        items = [i for i in checklist if i.standard is standard]
        missing = [i.control for i in items if not i.done]
        if items and not missing:
            continue
        detail = (
            f"{len(missing)} of {len(items)} controls open: {'; '.join(missing)}"
            if items
            else f"none of the checklist's {len(checklist)} controls is for it"
            if checklist
            else "the compliance checklist is empty, so no control has an owner or a state"
        )
        yield Draft(
            title=f"{standard.label} selected but not met",
            message=f"{standard.label}: {detail}.",
            alternative="an owner and a date for each open control, or a recorded exception",
            question=f"Who owns each open {standard.label} control, and by when?",
        )


def public_data_stores(facts: Analysis) -> Iterator[Draft]:
    """Databases and caches reachable from the internet."""
    network = facts.session.security.network
    stores = [
        c
        for c in facts.session.components
        if c.category in (Category.DATABASE, Category.CACHE)
        and "serverless" not in facts.service(c).tags
    ]
    if not stores or (network.vpc and network.private_subnets_for_data):
        return
    yield Draft(
        title="Data stores reachable from the internet",
        message=f"{len(stores)} data stores ({', '.join(c.name for c in stores)}) "
        + ("run outside a private network." if not network.vpc else "sit in public subnets.")
        + " One leaked password or unpatched bug away from a breach.",
        alternative="private subnets for data, reached only from the application's network",
        question="Which address could an attacker try the database password against?",
        components=tuple(c.id for c in stores),
    )


def weak_tls(facts: Analysis) -> Iterator[Draft]:
    """Plain HTTP still served, or no HSTS."""
    tls = facts.session.security.tls
    if tls.https_redirect and tls.hsts:
        return
    gaps = [
        text
        for ok, text in (
            (tls.https_redirect, "HTTP is not redirected to HTTPS"),
            (tls.hsts, "no HSTS header"),
        )
        if not ok
    ]
    yield Draft(
        title="TLS not enforced",
        message="; ".join(gaps)
        + f": the first plain-HTTP request of any of {facts.context.users:,} users can be "
        "intercepted and downgraded.",
        alternative="redirect HTTP to HTTPS and send HSTS (free at the load balancer or CDN)",
        question="Is there any reason a user should ever reach the site over plain HTTP?",
        alternative_monthly=0.0,
    )


RULES: tuple[Rule, ...] = (
    Rule("plain-env-secrets", Severity.HIGH, Lean.UNDER, plain_env_secrets,
         "secrets in plain environment variables or without a secrets manager",
         RuleTopic.SECRETS, field("security.secrets_delivery")),
    Rule("no-secret-rotation", Severity.MEDIUM, Lean.UNDER, no_secret_rotation,
         "secrets never rotated, or less often than yearly (90 days when audited)",
         RuleTopic.SECRETS, field("security.rotation_days")),
    Rule("no-waf-for-payments", Severity.HIGH, Lean.UNDER, no_waf_for_payments,
         "card payments (or PCI DSS) without a web application firewall",
         RuleTopic.NETWORK, field("components[category=waf]")),
    Rule("compliance-unmet", Severity.HIGH, Lean.UNDER, compliance_unmet,
         "a selected compliance framework with open or missing controls",
         RuleTopic.COMPLIANCE, field("security.compliance_checklist")),
    Rule("public-data-stores", Severity.HIGH, Lean.UNDER, public_data_stores,
         "databases or caches outside private subnets",
         RuleTopic.NETWORK, field("security.network.private_subnets_for_data")),
    Rule("weak-tls", Severity.MEDIUM, Lean.UNDER, weak_tls,
         "plain HTTP not redirected, or no HSTS",
         RuleTopic.NETWORK, field("security.tls.https_redirect")),
)  # fmt: skip
"""The security and compliance rules."""

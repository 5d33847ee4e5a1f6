"""Skeptic rules on compliance in depth: ticked controls nothing implements, card data the
company handles itself, and live data outside production.

What a control asks of the design and what implements it is `model.compliance`; these rules
compare the checklist and the context with it. Each rule is one function from the review's
facts to its findings; the table at the end gives each its id, severity and lean.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from model.catalog.platform import PlatformKind
from model.compliance import (
    DATA_STORES,
    PCI_FULL_SCOPE,
    ControlKind,
    implementation,
)
from model.engines.lines import CostLine
from model.enums import (
    CardData,
    Category,
    Compliance,
    DataSource,
)
from model.fields import field
from model.sections.environments import Environment
from model.sections.security import ComplianceItem
from model.skeptic.findings import Draft, Lean, Rule, RuleTopic, Severity, and_list, dollars
from model.skeptic.rules.security import cheapest_waf
from model.units import money

if TYPE_CHECKING:
    from model.analysis import Analysis

IN_SCOPE_CATEGORIES = frozenset(
    {Category.COMPUTE, Category.API_GATEWAY, Category.LOAD_BALANCER, *DATA_STORES}
)
"""Categories of the components that card data passes through or that share its network."""

FLOWS = {
    CardData.MERCHANT_API: "The company's own API receives card numbers",
    CardData.PROCESSOR: "The company is a processor or merchant of record for card payments",
}
"""How each in-scope card-data flow is said in a finding."""

SENSITIVE = (Compliance.PCI_DSS, Compliance.HIPAA)
"""Frameworks whose data outside production is a reportable breach of the standard."""


def control_not_implemented(facts: Analysis) -> Iterator[Draft]:
    """A checklist control ticked as met whose implementing component or service is absent."""
    payments = facts.context.takes_card_payments
    for index, item in enumerate(facts.session.security.compliance_checklist):
        if not item.done:
            continue
        # A WAF in front of card payments has its own rule (no-waf-for-payments).
        kinds = [k for k in item.asks if not (k is ControlKind.WAF and payments)]
        gaps = []
        checked = 0
        for kind in kinds:
            found = implementation(kind, facts)
            if found is None:
                continue
            checked += 1
            if not found.implemented:
                gaps.append((kind, found.evidence))
        if not gaps:
            continue
        fixes = [_fix(facts, kind) for kind, _ in gaps]
        priced = [cost for _, cost in fixes if cost is not None]
        yield Draft(
            title=f"{item.standard.label} control ticked but not implemented",
            message=(
                f"Checklist item {index + 1}, '{item.control}' ({item.standard.label}), is "
                "ticked as met, but "
                + (
                    "the design lacks what it asks for"
                    if checked == 1
                    else f"{len(gaps)} of the {checked} things it asks of the design are missing"
                )
                + f": {'; '.join(evidence for _, evidence in gaps)}. An auditor asks to see it."
            ),
            alternative=and_list([text for text, _ in fixes]) + ", or untick it until it is",
            question=f"What would you show an auditor for '{item.control}' today?",
            current_monthly=0.0 if priced else None,
            alternative_monthly=sum(priced) if priced else None,
        )


def _fix(facts: Analysis, kind: ControlKind) -> tuple[str, float | None]:
    """What implements `kind` in this design, in words, and its monthly cost where priced:
    keys and the audit trail as an audited framework's implied lines price them."""
    if kind is ControlKind.WAF:
        best = cheapest_waf(facts)
        if best is not None:
            return f"{best[0].label} ({dollars(best[1])})", best[1]
        return "a web application firewall", None
    if kind in (ControlKind.KEY_MANAGEMENT, ControlKind.ENCRYPTION_AT_REST):
        keys = _priced_as_audited(facts, PlatformKind.KEYS)
        if keys is not None and keys.monthly:
            count = next((c for c in keys.charges if c.key == "key_month"), None)
            each = f"{count.quantity:g} × {money(count.unit_price)} a month" if count else ""
            return (
                f"a customer-managed key per data store in {keys.service_label} ({each} plus "
                f"key requests: {dollars(keys.monthly)})",
                keys.monthly,
            )
        return "customer-managed keys in the provider's key service", None
    if kind is ControlKind.AUDIT_TRAIL:
        trail = _priced_as_audited(facts, PlatformKind.AUDIT_TRAIL)
        if trail is not None:
            return (
                f"{trail.service_label} with data events for the stores holding regulated data "
                f"({dollars(trail.monthly)})",
                trail.monthly,
            )
        return (
            "the provider's audit trail with data events for the stores holding regulated data",
            None,
        )
    words = {
        ControlKind.ENCRYPTION_IN_TRANSIT: "a managed certificate and HTTP redirected to HTTPS "
        "(free at the load balancer or CDN)",
        ControlKind.LOGGING: "the provider's log service for application and access logs",
        ControlKind.SECRETS: "a secrets manager, secrets injected at deploy or fetched at start",
        ControlKind.SEGMENTATION: "private subnets for every data store, reached only from the "
        "application's network",
    }
    return words.get(kind, kind.label.lower()), None


def _priced_as_audited(facts: Analysis, kind: PlatformKind) -> CostLine | None:
    """The line of `kind` an audited framework would add to the design (keys, audit trail)."""
    return next((x for x in facts.cost_model.audit_lines() if x.implied is kind), None)


def card_data_in_scope(facts: Analysis) -> Iterator[Draft]:
    """The company's own systems receive card numbers, and the design or checklist lacks
    what that scope needs, or still says the provider handles them."""
    flow = facts.context.card_data
    if flow is None or not flow.in_scope:
        return
    checklist = facts.session.security.compliance_checklist
    pci = [i for i in checklist if i.standard is Compliance.PCI_DSS]
    claims = [i for i in pci if ControlKind.PROVIDER_ONLY_CARD_DATA in i.asks]
    missing: list[str] = []
    needed = [c for c in PCI_FULL_SCOPE if ControlKind.WAF not in c.kinds]
    for control in needed:
        gaps = [
            found.evidence
            for kind in control.kinds
            if (found := implementation(kind, facts)) is not None and not found.implemented
        ]
        checkable = any(implementation(kind, facts) is not None for kind in control.kinds)
        if gaps:
            missing.append(f"{control.text}: {', '.join(gaps)}")
        elif not checkable and not _met(pci, control.kinds):
            missing.append(f"{control.text}: not met on the checklist")
    if not claims and not missing:
        return
    scope = [c for c in facts.session.components if c.category in IN_SCOPE_CATEGORIES]
    segmented = implementation(ControlKind.SEGMENTATION, facts)
    reach = (
        f"{len(scope)} components share a network with the card numbers"
        if segmented is not None and not segmented.implemented
        else f"{len(scope)} components process or store them"
    )
    contradiction = (
        f" The checklist still says '{claims[0].control}'"
        + (" and ticks it" if claims[0].done else "")
        + ": that is the provider-hosted (SAQ A) control, not this system's."
        if claims
        else ""
    )
    gaps_text = (
        f" {len(missing)} of the {len(needed)} controls this scope needs "
        f"{'is' if len(missing) == 1 else 'are'} missing: " + "; ".join(missing) + "."
        if missing
        else ""
    )
    unlisted = (
        " PCI DSS is not among the design's frameworks, though it applies."
        if Compliance.PCI_DSS not in facts.context.compliance
        else ""
    )
    yield Draft(
        title="Card numbers reach the company's own systems: PCI DSS full scope",
        message=(
            f"{FLOWS[flow]}: every system that stores, processes or can reach card numbers "
            f"is in PCI DSS scope (SAQ D), and {reach}.{unlisted}{contradiction}{gaps_text}"
        ),
        alternative=(
            "the payment provider's hosted fields or redirect, so card numbers never reach "
            "your servers and the scope shrinks to the provider-hosted (SAQ A) checklist"
            if flow is CardData.MERCHANT_API
            else "a segmented cardholder data environment with tokenisation on arrival, "
            "customer-managed keys, an audit trail and quarterly scans, each with an owner"
        ),
        question=(
            "Does your API need to see card numbers at all, or can the provider's hosted "
            "fields take them?"
            if flow is CardData.MERCHANT_API
            else "Which systems can reach card numbers today, and who signs the Report on "
            "Compliance?"
        ),
        components=tuple(c.id for c in scope),
    )


def _met(items: list[ComplianceItem], kinds: tuple[ControlKind, ...]) -> bool:
    """Whether a ticked item asks for any of `kinds`."""
    return any(i.done and set(i.asks) & set(kinds) for i in items)


def live_regulated_data_outside_production(facts: Analysis) -> Iterator[Draft]:
    """Live card or health data in an environment other than production."""
    found = [c for c in SENSITIVE if c in facts.context.compliance]
    if found:
        yield from _live_outside(facts, found)


def live_personal_data_outside_production(facts: Analysis) -> Iterator[Draft]:
    """Live personal data under GDPR in an environment other than production (card and
    health data have their own, graver rule)."""
    compliance = facts.context.compliance
    if Compliance.GDPR in compliance and not any(c in compliance for c in SENSITIVE):
        yield from _live_outside(facts, [Compliance.GDPR])


def _live_outside(facts: Analysis, frameworks: list[Compliance]) -> Iterator[Draft]:
    session = facts.session
    production = session.pipeline.production.environment
    copies = [e for e in session.environments if e.name != production and e.data is DataSource.LIVE]
    if not copies:
        return
    costs = {e.name: e.monthly for e in facts.cost.environments}
    context = facts.context
    what = _what(frameworks)
    names = and_list([_described(e, costs.get(e.name)) for e in copies])
    rule = (
        " PCI DSS 6.5.5 forbids live card numbers in pre-production unless that environment "
        "is itself secured as production."
        if Compliance.PCI_DSS in frameworks
        else ""
    )
    yield Draft(
        title=f"Live {what} outside production: {and_list([e.name for e in copies])}",
        message=(
            f"{names} {'hold' if len(copies) > 1 else 'holds'} live data: the {what} of "
            f"{context.users:,} users ({context.data_gb:,.0f} GB) under "
            f"{and_list([f.label for f in frameworks])}, where deploys, debugging and access "
            f"are looser than in production and every developer with access is in scope.{rule}"
        ),
        alternative="an anonymised copy of production (names, e-mails and card numbers masked "
        "or replaced by test tokens) refreshed by a scheduled job, or seeded test data",
        question=f"Who can read {copies[0].name}'s database today, and would you report it if "
        "it leaked?",
    )


def _what(frameworks: list[Compliance]) -> str:
    kinds = []
    if Compliance.PCI_DSS in frameworks:
        kinds.append("card data")
    if Compliance.HIPAA in frameworks:
        kinds.append("health records")
    return and_list(kinds) if kinds else "personal data"


def _described(environment: Environment, monthly: float | None) -> str:
    cost = f", {dollars(monthly)}" if monthly is not None else ""
    return f"{environment.name} ({environment.size_percent:g}% of production{cost})"


RULES: tuple[Rule, ...] = (
    Rule("control-not-implemented", Severity.HIGH, Lean.UNDER, control_not_implemented,
         "a ticked compliance control that no component or implied service implements",
         RuleTopic.COMPLIANCE, field("security.compliance_checklist")),
    Rule("card-data-in-scope", Severity.HIGH, Lean.UNDER, card_data_in_scope,
         "the company's own systems receive card numbers without the controls that scope needs",
         RuleTopic.COMPLIANCE, field("context.card_data")),
    Rule("live-regulated-data-outside-production", Severity.CRITICAL, Lean.UNDER,
         live_regulated_data_outside_production,
         "live card or health data in an environment other than production",
         RuleTopic.COMPLIANCE, field("environments")),
    Rule("live-personal-data-outside-production", Severity.HIGH, Lean.UNDER,
         live_personal_data_outside_production,
         "live personal data under GDPR in an environment other than production",
         RuleTopic.COMPLIANCE, field("environments")),
)  # fmt: skip
"""The compliance-in-depth rules."""

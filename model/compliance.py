"""Compliance controls: what kind of control a checklist item is, what in a design implements
it, and the typical checklist of each framework.

A checklist item is free text the team writes (`ComplianceItem.control`). What the design
must contain for it to be true is knowledge of the model, kept here once: a WAF control is
implemented by a component whose service is a web application firewall, customer-managed
keys by the key service the cost model implies under an audited framework (PCI DSS, SOC 2,
HIPAA: `Compliance.audited`), an audit trail by the audit-log service it implies likewise,
segmentation by private subnets for data. GDPR alone implies neither: its typical controls
ask for encryption, which managed stores apply by default; a GDPR design that ticks
customer-managed keys or an audit trail is told what they cost, priced as an audit's.
An item names its kinds (`ComplianceItem.kinds`) or they are recognised from its words
(`recognise`). Kinds no design field can show (tokenisation, scans, contracts) are
recognised but not checked.

The typical checklists the Security step offers follow the context: for PCI DSS they depend
on who receives card numbers (`Context.card_data`): SAQ A-style controls when the payment
provider's hosted fields or page collect them, a full-scope list when the company's own API
or platform does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.catalog.platform import PlatformKind
from model.enums import CardData, Category, Compliance, Labelled, SecretsDelivery

if TYPE_CHECKING:
    from model.analysis import Analysis


class ControlKind(Labelled):
    """What a compliance control asks of the design."""

    WAF = "waf"
    """A web application firewall in front of the public endpoints."""
    KEY_MANAGEMENT = "key_management"
    """Customer-managed encryption keys in a key service (KMS, Cloud KMS, Key Vault keys)."""
    ENCRYPTION_AT_REST = "encryption_at_rest"
    """Stored data encrypted on disk."""
    ENCRYPTION_IN_TRANSIT = "encryption_in_transit"
    """TLS on every public connection, plain HTTP redirected."""
    AUDIT_TRAIL = "audit_trail"
    """A record of who did what in the cloud account and who read the data."""
    LOGGING = "logging"
    """Application and access logs kept in a log service."""
    SECRETS = "secrets"
    """Secrets in a secrets manager, never in plain environment variables."""
    SEGMENTATION = "segmentation"
    """Data stores in private subnets, away from the internet and from other systems."""
    TOKENISATION = "tokenisation"
    """Card numbers replaced by tokens as they arrive; only tokens are stored."""
    VULNERABILITY_SCANS = "vulnerability_scans"
    """Internal and external (ASV) vulnerability scans every quarter."""
    PROVIDER_ONLY_CARD_DATA = "provider_only_card_data"
    """Card numbers reach only the payment provider (its hosted fields or page)."""


_WORDS: dict[ControlKind, str] = {
    ControlKind.WAF: r"\bwaf\b|web application firewall",
    ControlKind.KEY_MANAGEMENT: r"key management|customer[- ]managed key|\bkms\b|\bhsm\b",
    ControlKind.ENCRYPTION_AT_REST: r"at rest|encrypted (?!in transit)|encryption(?! in transit)",
    ControlKind.ENCRYPTION_IN_TRANSIT: r"in transit|\btls\b|https",
    ControlKind.AUDIT_TRAIL: r"audit|access to .* logged|access .*is logged",
    ControlKind.LOGGING: r"\blogging\b|\blogs? (?:kept|retained|centrali[sz]ed)",
    ControlKind.SECRETS: r"secrets? manage",
    ControlKind.SEGMENTATION: r"segment|network isolation|private subnet|cardholder data env",
    ControlKind.TOKENISATION: r"tokeni[sz]",
    ControlKind.VULNERABILITY_SCANS: r"vulnerability scan|\basv\b|penetration test",
    ControlKind.PROVIDER_ONLY_CARD_DATA: r"only by the payment provider|hosted (?:fields|payment)"
    r"|never (?:touch|see|store)s? card|\bsaq a\b",
}
"""The words that recognise each kind in a control's text (lower case, regular expressions)."""


def recognise(text: str) -> tuple[ControlKind, ...]:
    """The kinds a control's wording names, in `ControlKind` order."""
    lowered = text.lower()
    return tuple(kind for kind, words in _WORDS.items() if re.search(words, lowered))


@dataclass(frozen=True, slots=True)
class Implementation:
    """Whether the design implements one kind of control, and by what."""

    implemented: bool
    """Whether something in the design does what the kind asks."""
    evidence: str
    """What implements it, or what is missing, in words."""


Check = Callable[["Analysis"], Implementation]


def _components(facts: Analysis, category: Category, tag: str | None = None) -> list[str]:
    return [
        f"{c.name} ({facts.service(c).label})"
        for c in facts.session.components_in(category)
        if tag is None or tag in facts.service(c).tags
    ]


def _implied(facts: Analysis, kind: PlatformKind) -> str | None:
    line = next((x for x in facts.cost.lines if x.implied is kind), None)
    return line.service_label if line is not None else None


def _waf(facts: Analysis) -> Implementation:
    found = _components(facts, Category.WAF, "waf")
    if found:
        return Implementation(True, ", ".join(found))
    return Implementation(False, "no web application firewall component")


def _keys(facts: Analysis) -> Implementation:
    service = _implied(facts, PlatformKind.KEYS)
    if service:
        return Implementation(True, f"{service}, a key per data store")
    return Implementation(
        False,
        "no key service in the design (the cost model adds one only for the data stores of a "
        f"{_audited_words()} design)",
    )


DATA_STORES = frozenset(
    {Category.DATABASE, Category.CACHE, Category.QUEUE, Category.OBJECT_STORAGE, Category.SEARCH}
)
"""Categories whose components keep data at rest."""


def _at_rest(facts: Analysis) -> Implementation:
    if _implied(facts, PlatformKind.KEYS):
        return _keys(facts)
    self_run = [
        c.name
        for c in facts.session.components
        if c.category in DATA_STORES and not {"managed", "serverless"} & set(facts.service(c).tags)
    ]
    if self_run:
        return Implementation(
            False, f"{', '.join(self_run)} run on servers of your own, with no key service"
        )
    return Implementation(True, "the managed data stores encrypt at rest by default")


def _in_transit(facts: Analysis) -> Implementation:
    certificates = _components(facts, Category.TLS)
    tls = facts.session.security.tls
    if certificates and tls.https_redirect:
        return Implementation(True, f"{', '.join(certificates)}, HTTP redirected to HTTPS")
    if not certificates:
        return Implementation(False, "no TLS certificate component")
    return Implementation(False, "plain HTTP is not redirected to HTTPS")


def _audit(facts: Analysis) -> Implementation:
    service = _implied(facts, PlatformKind.AUDIT_TRAIL)
    if service:
        return Implementation(True, service)
    return Implementation(
        False,
        "no audit trail in the design (the cost model adds one only for a "
        f"{_audited_words()} design)",
    )


def _audited_words() -> str:
    """The audited frameworks (`Compliance.audited`) in words: `SOC 2, PCI DSS or HIPAA`."""
    labels = [c.label for c in Compliance if c.audited]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def _logging(facts: Analysis) -> Implementation:
    found = _components(facts, Category.LOGS)
    if found:
        return Implementation(True, ", ".join(found))
    return Implementation(False, "no log service component")


def _secrets(facts: Analysis) -> Implementation:
    found = _components(facts, Category.SECRETS)
    if not found:
        return Implementation(False, "no secrets manager component")
    if facts.session.security.secrets_delivery is SecretsDelivery.PLAIN_ENV:
        return Implementation(False, "secrets are delivered in plain environment variables")
    return Implementation(True, ", ".join(found))


def _segmentation(facts: Analysis) -> Implementation:
    network = facts.session.security.network
    if network.vpc and network.private_subnets_for_data:
        return Implementation(True, "data stores in private subnets of the design's network")
    if not network.vpc:
        return Implementation(False, "the system runs outside a private network")
    return Implementation(False, "data stores sit in public subnets")


CHECKS: dict[ControlKind, Check] = {
    ControlKind.WAF: _waf,
    ControlKind.KEY_MANAGEMENT: _keys,
    ControlKind.ENCRYPTION_AT_REST: _at_rest,
    ControlKind.ENCRYPTION_IN_TRANSIT: _in_transit,
    ControlKind.AUDIT_TRAIL: _audit,
    ControlKind.LOGGING: _logging,
    ControlKind.SECRETS: _secrets,
    ControlKind.SEGMENTATION: _segmentation,
}
"""How each kind a design can show is checked; the other kinds (tokenisation, scans, who
receives card numbers) are facts of code, process or contract, not of the design."""


def implementation(kind: ControlKind, facts: Analysis) -> Implementation | None:
    """Whether the design implements `kind`, or None when no design field can show it."""
    check = CHECKS.get(kind)
    return check(facts) if check is not None else None


@dataclass(frozen=True, slots=True)
class TypicalControl:
    """A control the Security step offers as a starting checklist item."""

    text: str
    """Its wording on the checklist."""
    kinds: tuple[ControlKind, ...] = ()
    """What it asks of the design."""


GDPR = (
    TypicalControl(
        "Data encryption at rest and in transit",
        (ControlKind.ENCRYPTION_AT_REST, ControlKind.ENCRYPTION_IN_TRANSIT),
    ),
    TypicalControl("Personal data stays in EU regions"),
    TypicalControl("Data processing agreements with every processor"),
    TypicalControl("Right to erasure implemented"),
)
SOC2 = (
    TypicalControl("Logging and audit trails", (ControlKind.LOGGING, ControlKind.AUDIT_TRAIL)),
    TypicalControl("Access reviews every quarter"),
    TypicalControl("Change management through pull requests"),
    TypicalControl("Incident response plan tested"),
)
HIPAA = (
    TypicalControl("Business associate agreements signed"),
    TypicalControl(
        "PHI encrypted at rest and in transit",
        (ControlKind.ENCRYPTION_AT_REST, ControlKind.ENCRYPTION_IN_TRANSIT),
    ),
    TypicalControl("Access to PHI logged", (ControlKind.AUDIT_TRAIL,)),
)

PCI_UNSTATED = (
    TypicalControl("Card data flow stated: provider's hosted page, our own API, or processor"),
    TypicalControl("WAF in front of payment pages", (ControlKind.WAF,)),
    TypicalControl("Quarterly vulnerability scans", (ControlKind.VULNERABILITY_SCANS,)),
)
"""PCI DSS while the context does not say who receives card numbers."""

PCI_PROVIDER_HOSTED = (
    TypicalControl(
        "Card data handled only by the payment provider (hosted fields or redirect)",
        (ControlKind.PROVIDER_ONLY_CARD_DATA,),
    ),
    TypicalControl("Payment page scripts inventoried and protected from tampering"),
    TypicalControl("WAF in front of payment pages", (ControlKind.WAF,)),
    TypicalControl(
        "Quarterly external vulnerability scans (ASV)", (ControlKind.VULNERABILITY_SCANS,)
    ),
)
"""SAQ A-style: the company's pages hand the card to the provider and never see it."""

PCI_FULL_SCOPE = (
    TypicalControl(
        "Cardholder data environment segmented from other systems", (ControlKind.SEGMENTATION,)
    ),
    TypicalControl(
        "Card numbers tokenised on arrival; only tokens stored", (ControlKind.TOKENISATION,)
    ),
    TypicalControl(
        "Customer-managed keys for stored card data (key management)",
        (ControlKind.KEY_MANAGEMENT,),
    ),
    TypicalControl("WAF in front of every card-data endpoint", (ControlKind.WAF,)),
    TypicalControl(
        "Audit trail and central logging of every access to card data",
        (ControlKind.AUDIT_TRAIL, ControlKind.LOGGING),
    ),
    TypicalControl(
        "Quarterly internal and external (ASV) vulnerability scans",
        (ControlKind.VULNERABILITY_SCANS,),
    ),
    TypicalControl("Secrets in a secrets manager, rotated", (ControlKind.SECRETS,)),
)
"""The company's own systems receive card numbers: everything that touches them is in scope."""


def typical_controls(
    standard: Compliance, card_data: CardData | None = None
) -> tuple[TypicalControl, ...]:
    """The typical controls of `standard`; for PCI DSS, those of the card-data flow."""
    if standard is Compliance.PCI_DSS:
        if card_data is None:
            return PCI_UNSTATED
        return PCI_FULL_SCOPE if card_data.in_scope else PCI_PROVIDER_HOSTED
    return {Compliance.GDPR: GDPR, Compliance.SOC2: SOC2, Compliance.HIPAA: HIPAA}[standard]

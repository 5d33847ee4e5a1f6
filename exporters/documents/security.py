"""Security Configuration: the role card's 🔒 SECURITY SETUP document, with `.env.example`."""

from __future__ import annotations

from exporters.documents.common import service_labels
from exporters.local.env_example import env_example
from exporters.markdown import Document, code, escape
from model.analysis import Analysis
from model.catalog import load_catalog
from model.enums import Category, Compliance, SecretsDelivery
from model.session import Session
from model.units import minutes

TITLE = "🔒 SECURITY SETUP"

_DELIVERY = {
    SecretsDelivery.RUNTIME_FETCH: "the application reads them from the manager at runtime "
    "with its workload identity; nothing sensitive sits in the environment",
    SecretsDelivery.INJECTED_ENV: "the platform injects them from the manager as environment "
    "variables when a container starts; they never appear in code or CI logs",
    SecretsDelivery.PLAIN_ENV: "**plain environment variables** set by hand on the platform — "
    "no manager, no audit trail, no rotation",
}


def _secrets(doc: Document, session: Session) -> None:
    security = session.security
    doc.heading("SECRETS MANAGEMENT")
    tools = service_labels(session, Category.SECRETS)
    rotation = (
        f"Automatic every {security.rotation_days} days"
        if security.rotation_days
        else doc.undecided("How often are secrets rotated?")
    )
    doc.bullets(
        [
            "Tool: " + (", ".join(escape(t) for t in tools) or doc.undecided("Which manager?")),
            "Access: " + doc.or_undecided(security.access, "Who may read the secrets?"),
            f"Rotation: {rotation}",
            "Delivery: " + _DELIVERY[security.secrets_delivery],
        ]
    )
    doc.heading("SECRETS STORED")
    if not security.secrets:
        doc.paragraph(doc.undecided("Which secrets does the application need?"))
        return
    names = {c.id: c.name for c in session.components}
    rows = [
        (
            code(s.name),
            escape(s.description) or " ",
            code(s.path),
            escape(names.get(s.component or "", "shared")),
            escape(s.owner) or doc.undecided(f"Who owns {s.name}?"),
        )
        for s in security.secrets
    ]
    doc.table(("Name", "What", "Manager path", "Read by", "Owner"), rows)
    doc.paragraph("Only names and paths are recorded here; the values live in the manager.")


def _environment(doc: Document, analysis: Analysis) -> None:
    doc.heading("ENVIRONMENT VARIABLES")
    doc.paragraph(
        "`.env.example`, committed to the repository (every variable the design reads, "
        "grouped by component; secrets empty, with where the real value lives):"
    )
    doc.fenced(env_example(analysis), "bash")


def _network(doc: Document, session: Session) -> None:
    network = session.security.network
    doc.heading("NETWORK SECURITY")
    catalog = load_catalog()
    waf, ddos = [], []
    for component in session.components_in(Category.WAF):
        service = catalog.get(component.service)
        label = service.label if service else component.service
        tags = service.tags if service else ()
        if "waf" in tags or "ddos" not in tags:
            waf.append(label)
        if "ddos" in tags:
            ddos.append(label)
    lines = [
        "VPC with private subnets for databases"
        if network.vpc and network.private_subnets_for_data
        else (
            "VPC, but data stores have public addresses" if network.vpc else "No private network"
        ),
        "Only necessary ports open: " + ", ".join(str(p) for p in network.open_ports),
        "WAF: "
        + (
            ", ".join(escape(x) for x in waf) + " — common attacks (SQL injection, XSS)"
            if waf
            else "none"
        ),
        "DDoS protection: "
        + (
            ", ".join(escape(x) for x in ddos) if ddos else "the provider's default protection only"
        ),
    ]
    if network.notes:
        lines.append(escape(network.notes))
    doc.bullets(lines)


def _tls(doc: Document, session: Session) -> None:
    tls = session.security.tls
    doc.heading("SSL/TLS")
    issuers = ", ".join(escape(x) for x in service_labels(session, Category.TLS))
    doc.bullets(
        [
            "HTTPS enforced (redirect HTTP → HTTPS)"
            if tls.https_redirect
            else "**HTTP is not redirected** to HTTPS",
            f"TLS {tls.min_version.value}+ only",
            "HSTS header enabled" if tls.hsts else "**No HSTS header**",
            "Certificates: " + (issuers or doc.undecided("Who issues the certificates?")),
        ]
    )


def _backups(doc: Document, analysis: Analysis) -> None:
    backups = analysis.session.security.backups
    plan = analysis.reliability.recovery
    doc.heading("BACKUPS")
    if backups.enabled:
        every = "daily" if backups.frequency_hours == 24 else f"every {backups.frequency_hours:g} h"
        database = f"Automated {every} backups, {backups.retention_days}-day retention"
        if backups.point_in_time_recovery:
            database += ", point-in-time recovery"
        if backups.cross_region_copy:
            database += ", copied to another region"
    else:
        database = "**No automated backups**"
    doc.bullets(
        [
            f"Database: {database}",
            "Files: object versioning enabled"
            if backups.file_versioning
            else "Files: **no versioning** — an overwrite or delete is final",
            f"Objectives: RTO < {minutes(backups.rto_minutes)}, "
            f"RPO < {minutes(backups.rpo_minutes)}",
            *(escape(plan.describe(outcome.failure)) for outcome in plan.outcomes),
            "Restore rehearsed" if backups.restore_tested else "Restore **not yet rehearsed**",
        ]
    )


def _compliance(doc: Document, session: Session) -> None:
    doc.heading("COMPLIANCE")
    items = session.security.compliance_checklist
    required = session.context.compliance
    if not required and not items:
        doc.paragraph("No regulation or audit framework applies to this design.")
        return
    lines = [(f"{item.standard.label}: {escape(item.control)}", item.done) for item in items]
    covered = {item.standard for item in items}
    for standard in required:
        if standard not in covered:
            lines.append(
                (
                    f"{standard.label}: "
                    + doc.undecided(f"Which {standard.label} controls apply?"),
                    False,
                )
            )
    doc.checklist(lines)
    extra = [s for s in covered if s not in required and s is not Compliance.GDPR]
    if extra:
        doc.paragraph("Also tracked: " + ", ".join(s.label for s in extra) + ".")


def render(analysis: Analysis) -> str:
    """The Security Configuration document of `session`."""
    session = analysis.session
    doc = Document(f"{TITLE}: {escape(session.context.project)}")
    _secrets(doc, session)
    _environment(doc, analysis)
    _network(doc, session)
    _tls(doc, session)
    _backups(doc, analysis)
    _compliance(doc, session)
    return doc.render()

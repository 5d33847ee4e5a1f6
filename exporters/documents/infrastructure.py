"""Infrastructure Architecture: the role card's ☁️ INFRASTRUCTURE document."""

from __future__ import annotations

from exporters.diagrams.mermaid import render_mermaid
from exporters.documents.common import (
    COST_DOC,
    DIAGRAM_PNG,
    DIAGRAM_SVG,
    DIAGRAM_TXT,
    SECURITY_DOC,
    configuration,
    monthly,
    service_labels,
)
from exporters.markdown import Document, escape
from model.analysis import Analysis
from model.engines.cost import CostEstimate
from model.engines.lines import CostLine
from model.enums import Category, Frontend, Provider, Subnet
from model.sections.components import Component
from model.session import Session
from model.units import availability as availability_words
from model.units import minutes, money, percent

TITLE = "☁️ INFRASTRUCTURE"

TIERS: tuple[tuple[str, tuple[tuple[str, Category], ...]], ...] = (
    (
        "Frontend",
        (("Hosting", Category.FRONTEND_HOSTING), ("CDN", Category.CDN), ("Domain", Category.DNS)),
    ),
    (
        "Backend",
        (
            ("Compute", Category.COMPUTE),
            ("API Gateway", Category.API_GATEWAY),
            ("Load Balancer", Category.LOAD_BALANCER),
            ("Queue", Category.QUEUE),
        ),
    ),
    (
        "Database",
        (("Primary", Category.DATABASE), ("Cache", Category.CACHE), ("Search", Category.SEARCH)),
    ),
    ("Storage", (("Files", Category.OBJECT_STORAGE),)),
    ("External systems", (("System", Category.EXTERNAL),)),
    (
        "Monitoring",
        (
            ("Logs", Category.LOGS),
            ("Metrics", Category.METRICS),
            ("Errors", Category.ERRORS),
            ("Uptime", Category.UPTIME),
            ("On-call", Category.ONCALL),
        ),
    ),
)
"""The role card's component groups and the categories behind each row."""

_OPTIONAL = {Category.API_GATEWAY, Category.QUEUE, Category.CACHE, Category.ONCALL}
"""Rows the role card marks "if applicable": empty means not needed, not undecided."""

_WHEN_USED = {Category.SEARCH, Category.EXTERNAL}
"""Rows beyond the role card's template, shown only when the design has such a component."""


def _lines_by_component(cost: CostEstimate) -> dict[str, CostLine]:
    return {line.component_id: line for line in cost.lines}


def _components(doc: Document, session: Session, cost: CostEstimate) -> None:
    doc.heading("COMPONENTS")
    lines = _lines_by_component(cost)
    shown = [
        (tier, rows)
        for tier, rows in TIERS
        if any(c not in _WHEN_USED or session.components_in(c) for _, c in rows)
    ]
    for number, (tier, rows) in enumerate(shown, start=1):
        doc.heading(f"{number}. {tier}", level=3)
        table = []
        for role, category in rows:
            chosen = session.components_in(category)
            servers = session.components_in(Category.COMPUTE)
            if (
                not chosen
                and category is Category.FRONTEND_HOSTING
                and session.context.frontend is Frontend.API_ONLY
            ):
                table.append((role, "none", "API only: clients call the API", ""))
                continue
            if not chosen and category is Category.FRONTEND_HOSTING and servers:
                names = ", ".join(escape(c.name) for c in servers)
                table.append((role, f"served by the backend ({names})", "server-rendered", ""))
                continue
            if not chosen and category in _WHEN_USED:
                continue
            if not chosen:
                if category in _OPTIONAL:
                    table.append((role, "none", "not needed in this design", ""))
                else:
                    table.append((role, doc.undecided(f"Which {role.lower()} service?"), "", ""))
                continue
            if category is Category.EXTERNAL:
                table.extend((role, escape(c.name), _talks(c), "not priced") for c in chosen)
                continue
            for component in chosen:
                line = lines.get(component.id)
                label = line.service_label if line else component.service
                table.append(
                    (
                        role,
                        f"{escape(label)} ({escape(component.name)})",
                        escape(configuration(component, line)),
                        monthly(line),
                    )
                )
        if tier == "Database":
            table.append(("Backups", _backups(session), "", ""))
        if tier == "Storage":
            table.append(("CDN", _static_cdn(session), "", ""))
        doc.table(("Role", "Choice", "Configuration", "Monthly"), table, align="lllr")
        noted = [c for _, category in rows for c in session.components_in(category) if c.notes]
        if noted:
            doc.paragraph("Agreed in the workshop:")
            doc.bullets(f"**{escape(c.name)}:** {escape(c.notes)}" for c in noted)


def _talks(component: Component) -> str:
    """How the design talks to an external system, and its stated availability."""
    external = component.external
    if external is None:
        return ""
    stated = external.availability_percent
    available = (
        f"{availability_words(stated)} available (stated)"
        if stated is not None
        else "availability not stated: left out of the design's"
    )
    return f"{escape(external.protocol)}, {external.direction.label.lower()}; {available}"


def _backups(session: Session) -> str:
    backups = session.security.backups
    if not backups.enabled:
        return "**none** — automated backups are off"
    every = "daily" if backups.frequency_hours == 24 else f"every {backups.frequency_hours:g} h"
    pitr = ", point-in-time recovery" if backups.point_in_time_recovery else ""
    return f"Automated {every}, retention {backups.retention_days} days{pitr}"


def _static_cdn(session: Session) -> str:
    cdn = session.components_in(Category.CDN)
    if not cdn:
        return "none: static assets are served by their origin"
    return f"{escape(cdn[0].name)} serves static assets and files"


def _network(doc: Document, session: Session) -> None:
    """Who sits in which private network and subnet, and what runs outside them."""
    word = session.provider.network_word
    doc.heading("NETWORK")
    placed = [c for c in session.components if c.network is not None]
    if not placed:
        if session.security.network.vpc:
            doc.paragraph(
                f"The design runs in a private network ({word}), yet no component is placed "
                "in one: "
                + doc.undecided(f"Which components sit in the {word}, in which subnet?")
                + "."
            )
        else:
            doc.paragraph(f"No private network ({word}): every component is reached directly.")
        return
    rows = []
    for network in dict.fromkeys(c.network for c in placed if c.network is not None):
        members = [c for c in placed if c.network == network]
        for subnet in [*Subnet, None]:
            names = [escape(c.name) for c in members if c.subnet is subnet]
            if names:
                where = subnet.label if subnet is not None else "subnet not decided"
                rows.append((f"{word} {escape(network)}", where, ", ".join(names)))
    doc.table(("Network", "Subnet", "Components"), rows)
    outside = [escape(c.name) for c in session.components if c.network is None]
    if outside:
        doc.paragraph(
            f"Outside any {word} (managed services reached over the provider's network or "
            f"the internet): {', '.join(outside)}."
        )


def _security(doc: Document, session: Session) -> None:
    security = session.security
    doc.heading("SECURITY")
    tls = ", ".join(escape(x) for x in service_labels(session, Category.TLS))
    secrets = ", ".join(escape(x) for x in service_labels(session, Category.SECRETS))
    waf = ", ".join(escape(x) for x in service_labels(session, Category.WAF))
    rotation = (
        f"rotated every {security.rotation_days} days" if security.rotation_days else "not rotated"
    )
    network = security.network
    net = ["VPC" if network.vpc else "no private network"]
    if network.private_subnets_for_data:
        net.append("private subnets for data stores")
    net.append("open ports " + ", ".join(str(p) for p in network.open_ports))
    doc.bullets(
        [
            "SSL/TLS: "
            + (tls or doc.undecided("Who issues the TLS certificates?"))
            + f" — TLS {security.tls.min_version.value}+",
            "Secrets: " + (secrets or doc.undecided("Which secrets manager?")) + f", {rotation}",
            "Network: " + "; ".join(net) + (f". {escape(network.notes)}" if network.notes else ""),
            "WAF / DDoS: " + (waf or "none"),
        ]
    )
    doc.paragraph(f"Details in the [security configuration]({SECURITY_DOC}).")


def _cost(doc: Document, session: Session, cost: CostEstimate) -> None:
    doc.heading("COST ESTIMATE")
    doc.paragraph(
        f"Monthly (production, list prices): **{money(cost.monthly_total)}**; "
        f"all environments {money(cost.all_environments_total)}."
    )
    rows = [
        (escape(line.component_name), escape(line.service_label), monthly(line))
        for line in sorted(cost.lines, key=lambda x: -(x.monthly or 0))
    ]
    doc.table(("Component", "Service", "Monthly"), rows, align="llr")
    if cost.not_counted:
        doc.paragraph(
            "Not in the total (no public price): " + ", ".join(escape(c) for c in cost.not_counted)
        )
    others = [escape(c.name) for c in session.components if not c.category.run_by_us]
    if others:
        doc.paragraph(
            "Not on this bill (another party runs them and bills its own fees): "
            + ", ".join(others)
            + "."
        )
    doc.paragraph(f"Breakdown, projections and savings: [cost analysis]({COST_DOC}).")


def _diagram(doc: Document, analysis: Analysis) -> None:
    doc.heading("DIAGRAM")
    doc.fenced(render_mermaid(analysis), "mermaid")
    doc.paragraph(
        f"With the providers' icons: [PNG]({DIAGRAM_PNG}) · [SVG]({DIAGRAM_SVG}); "
        f"plain text: [architecture.txt]({DIAGRAM_TXT})."
    )


def render(analysis: Analysis) -> str:
    """The Infrastructure Architecture document of `session`."""
    session = analysis.session
    cost = analysis.cost
    context = session.context
    doc = Document(f"{TITLE}: {escape(context.project)} (production)")
    if context.description:
        doc.paragraph(escape(context.description))
    doc.heading("CLOUD PROVIDER")
    provider = session.provider
    regions = ", ".join(context.regions)
    where = "several clouds" if provider is Provider.HYBRID else provider.label
    doc.paragraph(
        f"**{provider.label}** — {session.style.label} on {where}, regions {regions}. Sized for "
        f"{context.users:,} users, {context.peak_rps:g} requests/s at peak, "
        f"{context.data_gb:g} GB of data, a team of {context.team_size}; availability target "
        f"{percent(context.availability_target_percent, 3)} (at most "
        f"{minutes(round((100 - context.availability_target_percent) / 100 * 43830))} "
        "of downtime a month)."
    )
    _components(doc, session, cost)
    _network(doc, session)
    _security(doc, session)
    _cost(doc, session, cost)
    _diagram(doc, analysis)
    return doc.render()

"""The developers' briefs: what the frontend and the backend developer must know and do.

Frontend: where the pages are hosted and cached, how CI builds them, which environment
variables reach the browser, where staging and production live. Backend: where the
database runs and how it is protected, how migrations reach production, the secrets it
reads (names and manager paths only — the session never holds a value), the queue and
the cache.
"""

from __future__ import annotations

from exporters.documents.brief_base import (
    LIST_LIMIT,
    Brief,
    Facts,
    capped,
    deploys,
    link,
    names,
)
from exporters.documents.common import INFRASTRUCTURE_DOC, failure_handling
from exporters.markdown import Document, code, escape
from model.enums import Category, CiSystem, Frontend, MigrationTiming, SecretsDelivery
from model.sections.components import Component
from model.skeptic.findings import and_list
from model.units import minutes

PUBLIC_PREFIX = "PUBLIC_"
"""Variables with this prefix are compiled into pages and visible to every visitor."""

TIMING = {
    MigrationTiming.BEFORE_DEPLOY: "run before the new code rolls out, so every migration "
    "must work with the version still running (additive changes only)",
    MigrationTiming.EXPAND_CONTRACT: "expand first (add what the old code ignores), deploy, "
    "and contract in a later release once nothing reads the old shape",
    MigrationTiming.MANUAL: "run by hand by an engineer during the release",
}

WHEN = {
    MigrationTiming.BEFORE_DEPLOY: "before each deploy",
    MigrationTiming.EXPAND_CONTRACT: "expand/contract",
    MigrationTiming.MANUAL: "run by hand",
}
"""When migrations run, in two words (for summaries)."""

DELIVERY = {
    SecretsDelivery.RUNTIME_FETCH: "fetched from the secrets manager at start-up",
    SecretsDelivery.INJECTED_ENV: "injected as environment variables at deploy time",
    SecretsDelivery.PLAIN_ENV: "set as plain environment variables (the skeptic flags this)",
}


def _pages(facts: Facts) -> list[Component]:
    """Components that serve pages: the frontend hosting, or, when there is none, compute
    exposing PUBLIC_ variables (server-side rendering)."""
    session = facts.session
    hosting = session.components_in(Category.FRONTEND_HOSTING)
    if hosting:
        return list(hosting)
    return [
        c
        for c in session.components_in(Category.COMPUTE)
        if any(v.startswith(PUBLIC_PREFIX) for v in c.env_vars)
    ]


def _browser_variables(facts: Facts) -> list[tuple[str, Component]]:
    """Every variable of the frontend hosting, and every PUBLIC_ variable anywhere."""
    found: list[tuple[str, Component]] = []
    for component in facts.session.components:
        hosting = component.category is Category.FRONTEND_HOSTING
        for variable in component.env_vars:
            if hosting or variable.startswith(PUBLIC_PREFIX):
                found.append((variable, component))
    return found


def frontend(facts: Facts, doc: Document) -> Brief:
    """The frontend developer's brief."""
    brief = Brief(doc)
    session = facts.session
    pipeline = session.pipeline
    pages = _pages(facts)
    if session.context.frontend is Frontend.API_ONLY and not pages:
        doc.paragraph(
            "This design has no web frontend of its own (API only): clients call the API. "
            "There is no frontend work until the design adds pages."
        )
        return brief
    doc.heading("Hosting")
    served = [f"{escape(c.name)} on {escape(facts.service(c).label)}" for c in pages]
    tls = session.security.tls
    doc.bullets(
        [
            "Pages: "
            + ("; ".join(served) if served else brief.unknown("Where is the frontend hosted?")),
            f"CDN: {escape(facts.labels(Category.CDN))}",
            f"DNS: {escape(facts.labels(Category.DNS))}",
            f"TLS {tls.min_version.value}+"
            + (", HTTP redirected to HTTPS" if tls.https_redirect else ", HTTP still served")
            + (", HSTS on" if tls.hsts else ""),
        ]
    )
    doc.heading("Build pipeline")
    build = pipeline.build
    command = (
        code(build.frontend_command)
        if build.frontend_command
        else brief.unknown("Which command builds the frontend in CI?")
    )
    triggers = and_list([code(b) for b in pipeline.trigger_branches])
    lint = ", ".join(escape(t.label) for t in pipeline.lint.tools) or "no linters"
    request = "merge request" if pipeline.system is CiSystem.GITLAB_CI else "pull request"
    steps = [
        f"{escape(pipeline.system.label)} runs on every {request} and on pushes to {triggers}",
        f"Stage 1, lint: {lint}",
        f"Stage 3, build: {command}" + ("" if build.enabled else " — **stage off**"),
    ]
    e2e = pipeline.integration_tests
    if e2e.enabled and e2e.e2e_tool.value != "none":
        steps.append(f"Stage 4, end-to-end: {escape(e2e.e2e_tool.label)} via {code(e2e.command)}")
    doc.bullets(steps)
    _variables(facts, brief)
    doc.heading("Where your changes land")
    lines = []
    for env in session.environments:
        where = f"<{env.url}>" if env.url else "URL not recorded in the design"
        lines.append(f"**{escape(env.name)}** from {code(env.branch)}, {deploys(env)}: {where}")
    doc.bullets(lines or [brief.unknown("Which environments does the frontend deploy to?")])
    brief.todo("Keep " + (code(build.frontend_command) if build.frontend_command else "the build")
               + " green in CI; a failing build blocks every deploy")  # fmt: skip
    if session.components_in(Category.CDN):
        brief.todo(
            "Give hashed assets long cache lifetimes and the HTML entry page a short one, "
            "so a release reaches users without a CDN purge"
        )
    staging = session.environment(pipeline.staging.environment)
    if staging is not None and staging.url:
        brief.todo(f"Check each release on staging (<{staging.url}>) before approving production")
    return brief


def _variables(facts: Facts, brief: Brief) -> None:
    doc = brief.doc
    doc.heading("Environment variables")
    found = _browser_variables(facts)
    pages = {c.id for c in _pages(facts)}
    if not found:
        doc.paragraph("The design lists no frontend or `PUBLIC_` variables.")
        return
    rows = [
        (
            code(variable),
            escape(component.name),
            _exposure(variable, component.id in pages),
        )
        for variable, component in found
    ]
    doc.table(("Variable", "Read by", "Exposure"), rows)
    owned = [s for s in facts.session.security.secrets if "frontend" in s.owner.lower()]
    if owned:
        doc.paragraph(
            "Secrets the frontend team rotates (names only, read server-side): "
            + ", ".join(f"{code(s.name)} at {code(s.path)}" for s in owned)
            + "."
        )
    public = [code(v) for v, _ in found if v.startswith(PUBLIC_PREFIX)]
    doc.paragraph(
        "Values differ per environment and come from the pipeline, never from the "
        "repository; `.env.example` lists the names for local work."
    )
    if public:
        brief.todo(
            "Read " + ", ".join(dict.fromkeys(public)) + " from the environment at build time; "
            "never hard-code a value or put a secret in a `PUBLIC_` variable"
        )


def _exposure(variable: str, serves_pages: bool) -> str:
    if not variable.startswith(PUBLIC_PREFIX):
        return "build-time configuration"
    if serves_pages:
        return "public: compiled into the pages, visible to every visitor"
    return "public by name: treat the value as visible to anyone"


def frontend_summary(facts: Facts) -> list[str]:
    """Frontend in a few lines for the TUI's role lens."""
    pages = _pages(facts)
    if facts.session.context.frontend is Frontend.API_ONLY and not pages:
        return ["No web frontend: the design is API only"]
    build = facts.session.pipeline.build.frontend_command
    variables = list(dict.fromkeys(v for v, _ in _browser_variables(facts)))
    staging = facts.session.environment(facts.session.pipeline.staging.environment)
    return [
        "Pages: " + (names([facts.service(c).label for c in pages]) or "not decided"),
        f"CDN: {facts.labels(Category.CDN)}",
        f"Build: {build}" if build else "Build: not decided",
        f"Browser variables: {names(variables)}" if variables else "No browser variables",
        f"Staging: {staging.url}"
        if staging and staging.url
        else "Staging: URL not recorded in the design",
    ]


def backend(facts: Facts, doc: Document) -> Brief:
    """The backend developer's brief."""
    brief = Brief(doc)
    session = facts.session
    doc.heading("Compute")
    rows = []
    for component in session.components_in(Category.COMPUTE):
        scaling = component.autoscaling
        rows.append(
            (
                escape(component.name),
                escape(facts.service(component).label),
                escape(facts.size(component)) or "per request",
                f"{facts.instances(component)}, {facts.zones(component)}",
                f"{scaling.min}–{scaling.max} at {scaling.target_cpu_percent:g}% CPU"
                if scaling
                else "fixed",
            )
        )
    if rows:
        doc.table(("Component", "Service", "Size", "Instances", "Autoscaling"), rows[:LIST_LIMIT])
        if len(rows) > LIST_LIMIT:
            doc.paragraph(
                f"… and {len(rows) - LIST_LIMIT} more compute components, listed in the "
                f"{link('infrastructure document', INFRASTRUCTURE_DOC)}."
            )
        secrets = {s.name for s in session.security.secrets}
        plain = [
            code(v)
            for c in session.components_in(Category.COMPUTE)
            for v in c.env_vars
            if v not in secrets
        ]
        if plain:
            doc.paragraph(
                "Non-secret configuration read from the environment: "
                + ", ".join(dict.fromkeys(plain))
                + " (names in `.env.example`)."
            )
    else:
        doc.paragraph(brief.unknown("Where does the backend run?"))
    _database(facts, brief)
    _migrations(facts, brief)
    _secrets(facts, brief)
    others = [*session.components_in(Category.QUEUE), *session.components_in(Category.CACHE)]
    if others:
        doc.heading("Queue and cache")
        doc.bullets(
            capped(
                [
                    f"{escape(c.name)}: {escape(facts.service(c).label)}"
                    + (f", {escape(facts.size(c))}" if facts.size(c) else "")
                    + f", {facts.zones(c)}"
                    for c in others
                ],
                "… and {n} more",
            )
        )
        if session.components_in(Category.QUEUE):
            brief.todo("Make queue consumers idempotent: a message can arrive twice")
        if session.components_in(Category.CACHE):
            brief.todo("Keep serving (slower) when the cache is unreachable or empty")
    _agreed(facts, doc)
    check = session.deployment.health_check
    brief.todo(
        f"Answer {code('GET ' + check.path)} with 200 only when the instance can serve "
        f"(within {check.timeout_seconds} s): deploys and rollbacks wait on it"
    )
    return brief


_BACKEND_CATEGORIES = (Category.COMPUTE, Category.DATABASE, Category.CACHE, Category.QUEUE)


def _agreed(facts: Facts, doc: Document) -> None:
    """What the workshop agreed about the components the backend builds on, in its words,
    with the failure handling it set (dead-letter queues, webhook retries and signing)."""
    session = facts.session
    lines = []
    for category in _BACKEND_CATEGORIES:
        for c in session.components_in(category):
            setup = _failure_words(c)
            if c.notes and setup:
                lines.append(f"**{escape(c.name)}:** {escape(c.notes)} Set up: {escape(setup)}.")
            elif c.notes or setup:
                lines.append(f"**{escape(c.name)}:** {escape(c.notes or setup)}")
    if lines:
        doc.heading("Agreed in the workshop")
        doc.bullets(capped(lines, "… and {n} more"))


def _failure_words(component: Component) -> str:
    return ", ".join(failure_handling(component))


def _database(facts: Facts, brief: Brief) -> None:
    doc = brief.doc
    session = facts.session
    doc.heading("Database")
    databases = session.components_in(Category.DATABASE)
    if not databases:
        doc.paragraph("The design has no database.")
        return
    lines = []
    for db in databases[:LIST_LIMIT]:
        size = facts.size(db)
        record = facts.reliability.of(db.id)
        lines.append(
            f"{escape(db.name)}: {escape(facts.service(db).label)}"
            + (f", {escape(size)}" if size else "")
            + f", {facts.zones(db)}"
            + (f" ({record.percent:g}% SLA)" if record else "")
        )
    backups = session.security.backups
    recovery = facts.reliability.recovery
    if backups.enabled:
        pitr = "point-in-time recovery on" if backups.point_in_time_recovery else "no point-in-time"
        lines.append(
            f"Backups every {backups.frequency_hours:g} h, kept {backups.retention_days} days, "
            f"{pitr}; RPO {minutes(backups.rpo_minutes)}, RTO {minutes(backups.rto_minutes)}"
        )
    else:
        lines.append("**No backups**: a lost database is lost for good")
    if len(databases) > LIST_LIMIT:
        lines.append(f"… and {len(databases) - LIST_LIMIT} more databases")
    doc.bullets(lines)
    brief.todo(
        "Rehearse a restore into staging and time it",
        done=backups.enabled and backups.restore_tested,
    )
    if recovery.rto_estimate_minutes is not None and not recovery.rto_met:
        brief.todo(
            f"Bring recovery within the {minutes(recovery.rto_target_minutes)} RTO "
            f"(a restore takes ~{minutes(round(recovery.rto_estimate_minutes))})"
        )


def _migrations(facts: Facts, brief: Brief) -> None:
    doc = brief.doc
    migrations = facts.session.deployment.migrations
    doc.heading("Migrations in production")
    if migrations.timing is MigrationTiming.NONE:
        doc.paragraph("The design runs no schema migrations.")
        return
    tool = (
        escape(migrations.tool)
        if migrations.tool
        else brief.unknown("Which tool runs schema migrations?")
    )
    rollback = facts.session.deployment.rollback.database
    back = (
        escape(rollback) if rollback else brief.unknown("What happens to the schema on rollback?")
    )
    doc.bullets(
        [
            f"Tool: {tool}, {TIMING[migrations.timing]}",
            "Every migration runs against staging first"
            if migrations.tested_in_staging
            else "**Migrations are not rehearsed in staging**",
            f"On rollback: {back}",
        ]
    )  # fmt: skip
    brief.todo(
        "Run every migration against staging before production",
        done=migrations.tested_in_staging,
    )
    if migrations.timing in (MigrationTiming.BEFORE_DEPLOY, MigrationTiming.EXPAND_CONTRACT):
        brief.todo("Write each migration so the version still running keeps working")


def _secrets(facts: Facts, brief: Brief) -> None:
    doc = brief.doc
    security = facts.session.security
    doc.heading("Secrets (names only)")
    if not security.secrets:
        doc.paragraph(brief.unknown("Which secrets does the backend read?"))
        return
    components = {c.id: c.name for c in facts.session.components}
    rows = [
        (
            code(s.name),
            code(s.path),
            escape(components.get(s.component or "", "operations")),
            escape(s.owner) or "—",
        )
        for s in security.secrets
    ]
    doc.table(("Secret", "Manager path", "Read by", "Rotated by"), rows)
    rotation = (
        f"rotated every {security.rotation_days} days"
        if security.rotation_days
        else "**never rotated**"
    )
    manager = facts.labels(Category.SECRETS)
    doc.paragraph(
        f"Stored in {escape(manager)}, {DELIVERY[security.secrets_delivery]}, {rotation}. "
        "Values never go into the repository, the session or a ticket."
    )
    brief.todo("Read secrets only through the names above; never log or commit a value")


def backend_summary(facts: Facts) -> list[str]:
    """Backend in a few lines for the TUI's role lens."""
    session = facts.session
    lines = []
    for db in session.components_in(Category.DATABASE)[:2]:
        size = facts.size(db)
        lines.append(
            f"Database: {facts.service(db).label}"
            + (f" {size}" if size else "")
            + f", {facts.zones(db)}"
        )
    backups = session.security.backups
    lines.append(
        f"Backups every {backups.frequency_hours:g} h, {backups.retention_days} days"
        + (", PITR" if backups.point_in_time_recovery else "")
        if backups.enabled
        else "No backups"
    )
    migrations = session.deployment.migrations
    if migrations.timing is not MigrationTiming.NONE:
        tool = migrations.tool or "tool not decided"
        lines.append(f"Migrations: {tool}, {WHEN[migrations.timing]}")
    secrets = [s.name for s in session.security.secrets]
    lines.append(f"{len(secrets)} secrets: {names(secrets)}" if secrets else "No secrets listed")
    return lines[:6]

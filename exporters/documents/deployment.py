"""Deployment Strategy: the role card's 🚀 DEPLOYMENT document."""

from __future__ import annotations

from exporters.markdown import Document, code, escape
from model.analysis import Analysis
from model.enums import DataSource, DeployMode, MigrationTiming, Strategy
from model.sections.deployment import planned_steps
from model.sections.environments import Environment
from model.units import minutes, percent

TITLE = "🚀 DEPLOYMENT"

_STRATEGY_WHY = {
    Strategy.ROLLING: "instances are replaced a few at a time; no second stack is paid for, "
    "but old and new versions serve side by side during the rollout",
    Strategy.BLUE_GREEN: "the new version runs beside the old one and traffic switches at "
    "once; switching back is instant, at the price of a second stack during the deploy",
    Strategy.CANARY: "a small share of traffic tries the new version first and the share "
    "grows while the metrics stay healthy; problems reach few users",
}


def _environment_lines(env: Environment, production: str) -> list[str]:
    if env.deploy is DeployMode.AUTO:
        how = f"Auto-deploy from {code(env.branch)} after the pipeline passes"
    else:
        how = f"Manual approval, then deploy from {code(env.branch)}"
    data = env.data.label
    if env.data is DataSource.LIVE and env.name == production:
        data += ", backups before deploy"
    lines = [how, f"Database: {escape(data)}", f"Size: {percent(env.size_percent)} of production"]
    if env.purpose:
        lines.append(f"Used for: {escape(env.purpose)}")
    if env.url:
        lines.append(f"URL: <{env.url}>")
    return lines


def render(analysis: Analysis) -> str:
    """The Deployment Strategy document of `session`."""
    session = analysis.session
    deployment = session.deployment
    production = session.pipeline.production.environment
    doc = Document(f"{TITLE}: {escape(session.context.project)} ({escape(production)})")

    doc.heading("STRATEGY")
    strategy = deployment.strategy
    line = f"**{strategy.label}** — {_STRATEGY_WHY[strategy]}."
    if strategy is Strategy.CANARY:
        shares = " → ".join(f"{s}%" for s in deployment.canary_steps_percent)
        line += f" Traffic steps: {shares}, each watched for {deployment.step_watch_minutes} min."
    doc.paragraph(line)

    doc.heading("ENVIRONMENTS")
    if not session.environments:
        doc.paragraph(doc.undecided("Which environments does the team deploy to?"))
    for index, env in enumerate(session.environments, start=1):
        doc.heading(f"{index}. {escape(env.name)}", level=3)
        doc.bullets(_environment_lines(env, production))

    doc.heading("PRE-DEPLOYMENT CHECKLIST")
    if deployment.checklist:
        doc.checklist((escape(item.text), item.done) for item in deployment.checklist)
    else:
        doc.paragraph(doc.undecided("What must be true before a production deploy?"))
    migrations = deployment.migrations
    if migrations.timing is not MigrationTiming.NONE and not migrations.tested_in_staging:
        doc.paragraph("⚠️ Migrations are **not** rehearsed in staging before production.")

    doc.heading("DEPLOYMENT STEPS")
    doc.numbered(escape(step) for step in planned_steps(deployment))
    check = deployment.health_check
    doc.paragraph(
        f"Health check: {code('GET ' + check.path)} every {check.interval_seconds} s, "
        f"timeout {check.timeout_seconds} s, {check.healthy_threshold} successes before traffic."
    )

    doc.heading("ROLLBACK PROCEDURE")
    rollback = deployment.rollback
    if rollback.steps:
        doc.numbered(escape(step) for step in rollback.steps)
    else:
        doc.paragraph(doc.undecided("How is a bad release rolled back?"))
    database = doc.or_undecided(rollback.database, "What happens to the database on rollback?")
    eta = (
        f"< {minutes(rollback.eta_minutes)}"
        if rollback.eta_minutes is not None
        else doc.undecided("How long does a rollback take?")
    )
    doc.bullets([f"Database: {database}", f"ETA to rollback: {eta}"])

    doc.heading("MONITORING POST-DEPLOY")
    post = deployment.post_deploy
    doc.bullets(
        [
            f"Watch error rates, response times, CPU/memory for {post.watch_minutes} min",
            f"Alert if: error rate > {percent(post.error_rate_percent, 2)}, "
            f"response time p95 > {post.latency_p95_ms:g} ms",
            "Roll back automatically when the health check fails during the rollout",
        ]
    )
    return doc.render()

"""Deployment Strategy: the role card's 🚀 DEPLOYMENT document."""

from __future__ import annotations

from exporters.markdown import Document, code, escape
from exporters.monitoring.azure_monitor import TEMPLATE_PATH as AZURE_TEMPLATE
from exporters.monitoring.cloud_monitoring import POLICY_PATHS
from exporters.monitoring.cloudwatch import TEMPLATE_PATH as CLOUDWATCH_TEMPLATE
from model.analysis import Analysis
from model.catalog.facts import Alerting
from model.deploy_plan import DeploymentPlan, EnvironmentPlan, Rollout, release_steps
from model.enums import MigrationTiming, Strategy
from model.sections.deployment import Deployment
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


def _environment_lines(env: EnvironmentPlan) -> list[str]:
    e = env.environment
    if env.approval:
        trigger = f"Deploys from {code(env.branch)} once the pipeline passes and a person approves"
    else:
        trigger = f"Deploys every push to {code(env.branch)} once the pipeline passes"
    lines = [trigger, f"Database: {escape(e.data.label)}"]
    for backup in env.backups:
        name = escape(backup.component.name)
        if backup.command is not None:
            lines.append(f"Backup of {name} taken by the pipeline before each release")
        else:
            lines.append(f"No backup of {name} before a release: {escape(backup.reason)}")
    lines.append(f"Size: {percent(e.size_percent)} of production")
    if e.purpose:
        lines.append(f"Used for: {escape(e.purpose)}")
    if e.url:
        lines.append(f"URL: <{e.url}>")
    if env.smoke_command:
        lines.append(f"Smoke tests after each deploy: {code(env.smoke_command)}")
    return lines


def _rollout_line(r: Rollout, watch: int) -> str:
    name = escape(r.component.name)
    if r.strategy is Strategy.CANARY:
        shares = " → ".join(f"{s}%" for s in r.steps)
        how = "equal steps the platform takes itself" if r.linear else "steps"
        return f"{name}: canary in {how} {shares}, each watched for {watch} min"
    if r.strategy is Strategy.BLUE_GREEN:
        return f"{name}: blue-green, the old version kept for {watch} min after the switch"
    return f"{name}: rolling, instances replaced a few at a time"


def gate_words(plan: DeploymentPlan) -> str:
    """What rolls a production release back, and who reads it, in one sentence."""
    prod = plan.production
    check = plan.gate_check
    criteria = ["a failed health check"] + [g.words for g in prod.gates]
    sentence = "Roll back on " + ", ".join(criteria[:-1]) + " or " + criteria[-1]
    if check.alarm_names:
        return (
            f"{sentence}. The pipeline reads the CloudWatch alarms "
            + ", ".join(code(n) for n in check.alarm_names)
            + f" (defined in {code(CLOUDWATCH_TEMPLATE)}) and rolls back by itself."
        )
    if check.automated and check.alerting is Alerting.AZURE_MONITOR:
        return (
            f"{sentence}. The pipeline runs the alerts' own queries over the requests "
            f"Application Insights records (in {code(AZURE_TEMPLATE)}) and rolls back by itself."
        )
    if check.automated and check.alerting is Alerting.CLOUD_MONITORING:
        return (
            f"{sentence}. The pipeline asks Cloud Monitoring the alerting policies' own PromQL "
            f"questions (in {code(POLICY_PATHS['critical'])}) and rolls back by itself."
        )
    if check.automated:
        return f"{sentence}. The pipeline queries {escape(check.service)} and rolls back by itself."
    return f"{sentence}."


def render(analysis: Analysis) -> str:
    """The Deployment Strategy document of the analysed session."""
    session = analysis.session
    plan = analysis.deployment
    deployment = session.deployment
    prod = plan.production
    doc = Document(f"{TITLE}: {escape(session.context.project)} ({escape(prod.name)})")

    doc.heading("STRATEGY")
    strategy = prod.strategy
    doc.paragraph(f"**{strategy.label}** — {_STRATEGY_WHY[strategy]}.")
    doc.bullets(_rollout_line(r, deployment.step_watch_minutes) for r in prod.rollouts)
    if plan.limitations:
        doc.paragraph("⚠️ What the platform cannot do of what the design asks:")
        doc.bullets(escape(text) + "." for text in plan.limitations)

    doc.heading("ENVIRONMENTS")
    if not session.environments:
        doc.paragraph(doc.undecided("Which environments does the team deploy to?"))
    for index, env in enumerate(plan.environments, start=1):
        doc.heading(f"{index}. {escape(env.name)}", level=3)
        doc.bullets(_environment_lines(env))

    doc.heading("PRE-DEPLOYMENT CHECKLIST")
    if deployment.checklist:
        doc.checklist((escape(item.text), item.done) for item in deployment.checklist)
    else:
        doc.paragraph(doc.undecided("What must be true before a production deploy?"))
    migrations = deployment.migrations
    if migrations.timing is not MigrationTiming.NONE and not migrations.tested_in_staging:
        doc.paragraph("⚠️ Migrations are **not** rehearsed in staging before production.")

    doc.heading("DEPLOYMENT STEPS")
    doc.numbered(escape(step) for step in release_steps(plan, deployment))
    if deployment.steps:
        doc.paragraph("Also agreed by the team:")
        doc.bullets(escape(step) for step in deployment.steps)
    check = deployment.health_check
    doc.paragraph(
        f"Health check: {code('GET ' + check.path)} every {check.interval_seconds} s, "
        f"timeout {check.timeout_seconds} s, {check.healthy_threshold} successes before traffic."
    )

    _rollback(doc, plan, deployment)
    _post_deploy(doc, analysis)
    return doc.render()


def _rollback(doc: Document, plan: DeploymentPlan, deployment: Deployment) -> None:
    doc.heading("ROLLBACK PROCEDURE")
    doc.paragraph(gate_words(plan))
    rollback = deployment.rollback
    if rollback.steps:
        doc.paragraph("By hand, when the pipeline is not the one rolling back:")
        doc.numbered(escape(step) for step in rollback.steps)
    else:
        doc.paragraph(doc.undecided("How is a bad release rolled back by hand?"))
    database = doc.or_undecided(rollback.database, "What happens to the database on rollback?")
    eta = (
        f"< {minutes(rollback.eta_minutes)}"
        if rollback.eta_minutes is not None
        else doc.undecided("How long does a rollback take?")
    )
    doc.bullets([f"Database: {database}", f"ETA to rollback: {eta}"])


def _post_deploy(doc: Document, analysis: Analysis) -> None:
    prod = analysis.deployment.production
    session = analysis.session
    doc.heading("MONITORING POST-DEPLOY")
    watched = [f"Watch the release gates for {prod.watch_minutes} min after the last step"]
    watched += [f"Release gate: {g.words}" for g in prod.gates]
    alerts = session.monitoring.thresholds
    if alerts:
        watched.append(
            "The standing alerts (warning and critical levels) are in the monitoring document"
        )
    doc.bullets(watched)

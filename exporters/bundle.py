"""The export bundle: every file derived from a session, at its path, with its manifest.

`ARTIFACTS` is the registry: each entry names a relative path, a kind (what `--only`
selects: `ci`, `monitoring`, `compose`, `env`, `docs`, `diagrams`), the pure function
producing its text or bytes from the session's `Analysis`, and when it applies. A new
file in the bundle is its exporter module and one entry here. `build_bundle` evaluates the
registry for a session and adds `manifest.json`: the tool version, the session's hash and
each file's kind and sha256, plus the files left out and why. The writer
(`exporters.writer`) uses the manifest to tell files it wrote from files a person wrote
or edited.

Only the CI file of the session's `pipeline.system` is exported (the manifest says the
other was skipped); both generators are still tested for every design.

The session file's JSON Schema goes to the root under the name a saved session's
modeline gives it (`sessions.schema.SCHEMA_FILE`), so a session kept in the export folder
is checked by editors with the schema of the tool that exported it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from exporters.artifact import Artifact
from exporters.ci.dependabot import dependabot_config
from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.common import tool_version
from exporters.diagrams.files import diagram_artifacts
from exporters.documents.files import document_artifacts
from exporters.local.compose import compose_file
from exporters.local.env_example import env_example
from exporters.monitoring import azure_monitor, cloud_monitoring
from exporters.monitoring.alertmanager import alertmanager_config
from exporters.monitoring.cloudwatch import TEMPLATE_PATH as CLOUDWATCH_TEMPLATE
from exporters.monitoring.cloudwatch import applies as cloudwatch_applies
from exporters.monitoring.cloudwatch import cloudwatch_alarms
from exporters.monitoring.rule_tests import prometheus_rule_tests
from exporters.monitoring.rules import prometheus_rules
from exporters.monitoring.scrape import scrape_config
from exporters.monitoring.stack import prometheus_applies, prometheus_skipped
from model.analysis import Analysis
from model.enums import CiSystem
from model.session import Session
from sessions.schema import SCHEMA_FILE, schema_text
from sessions.store import dumps

MANIFEST = "manifest.json"
"""The manifest's path in the bundle."""

GENERATOR = "infrasketch"
"""The manifest's `generator.name`: what marks a manifest as one this tool wrote."""


def _on(system: CiSystem) -> Callable[[Session], bool]:
    return lambda session: session.pipeline.system is system


def _session_schema(analysis: Analysis) -> str:
    return schema_text()


ARTIFACTS: tuple[Artifact, ...] = (
    Artifact(
        "ci/github-actions.yml",
        "ci",
        github_workflow,
        _on(CiSystem.GITHUB_ACTIONS),
        "the pipeline runs on GitLab CI (pipeline.system)",
    ),
    Artifact(
        "ci/dependabot.yml",
        "ci",
        dependabot_config,
        _on(CiSystem.GITHUB_ACTIONS),
        "the pipeline runs on GitLab CI (pipeline.system)",
    ),
    Artifact(
        "ci/gitlab-ci.yml",
        "ci",
        gitlab_pipeline,
        _on(CiSystem.GITLAB_CI),
        "the pipeline runs on GitHub Actions (pipeline.system)",
    ),
    Artifact(
        CLOUDWATCH_TEMPLATE,
        "monitoring",
        cloudwatch_alarms,
        cloudwatch_applies,
        "the metrics service is not CloudWatch, or no load balancer or REST API publishes "
        "request metrics to it",
    ),
    *(
        Artifact(
            path,
            "monitoring",
            render,
            cloud_monitoring.applies,
            "the metrics service is not Cloud Monitoring, nothing in the design records request "
            "metrics in it, or the session sets no error-rate or latency threshold",
        )
        for path, render in (
            (cloud_monitoring.POLICY_PATHS["critical"], cloud_monitoring.critical_policy),
            (cloud_monitoring.POLICY_PATHS["warning"], cloud_monitoring.warning_policy),
        )
    ),
    Artifact(
        azure_monitor.TEMPLATE_PATH,
        "monitoring",
        azure_monitor.alert_template,
        azure_monitor.applies,
        "the metrics service is not Azure Monitor, the design has no Application Insights, or "
        "the session sets no error-rate or latency threshold",
    ),
    *(
        Artifact(path, "monitoring", content, prometheus_applies, prometheus_skipped)
        for path, content in (
            ("monitoring/prometheus.yml", scrape_config),
            ("monitoring/prometheus-rules.yml", prometheus_rules),
            ("monitoring/prometheus-rules.test.yml", prometheus_rule_tests),
            ("monitoring/alertmanager.yml", alertmanager_config),
        )
    ),
    Artifact("docker-compose.yml", "compose", compose_file),
    Artifact(".env.example", "env", env_example),
    *document_artifacts(),
    Artifact(SCHEMA_FILE, "docs", _session_schema),
    *diagram_artifacts(),
)
"""Every file the bundle can hold, in manifest order. Append new kinds here."""


def kinds() -> tuple[str, ...]:
    """The kinds `--only` accepts, in registry order."""
    return tuple(dict.fromkeys(a.kind for a in ARTIFACTS))


def kind_of(path: str) -> str | None:
    """The kind of the artifact at `path`, if the registry has one."""
    return next((a.kind for a in ARTIFACTS if a.path == path), None)


def selected(only: Iterable[str] | None) -> tuple[Artifact, ...]:
    """The artifacts of the chosen kinds (all when `only` is None)."""
    wanted = None if only is None else set(only)
    return tuple(a for a in ARTIFACTS if wanted is None or a.kind in wanted)


def session_hash(session: Session) -> str:
    """sha256 of the session's canonical file text (what the bundle was derived from)."""
    return hashlib.sha256(dumps(session).encode("utf-8")).hexdigest()


def digest(data: bytes) -> str:
    """The sha256 recorded for a file."""
    return hashlib.sha256(data).hexdigest()


def manifest(
    session: Session,
    files: dict[str, bytes],
    skipped: dict[str, str],
    carried: dict[str, dict[str, str]] | None = None,
) -> bytes:
    """The manifest of `files`; `carried` entries (other kinds, kept on disk) are kept."""
    entries: dict[str, dict[str, str]] = dict(carried or {})
    for path, data in files.items():
        entries[path] = {"kind": kind_of(path) or "other", "sha256": digest(data)}
    doc: dict[str, Any] = {
        "generator": {"name": GENERATOR, "version": tool_version()},
        "session": {"project": session.context.project, "sha256": session_hash(session)},
        "files": dict(sorted(entries.items())),
        "skipped": dict(sorted(skipped.items())),
    }
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def parse_manifest(data: bytes) -> dict[str, dict[str, str]] | None:
    """The file entries of a manifest this tool wrote, or None if `data` is not one."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(doc, dict) or doc.get("generator", {}).get("name") != GENERATOR:
        return None
    files = doc.get("files")
    if not isinstance(files, dict):
        return None
    out: dict[str, dict[str, str]] = {}
    for path, entry in files.items():
        if (
            isinstance(path, str)
            and isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
        ):
            out[path] = {"kind": str(entry.get("kind", "other")), "sha256": entry["sha256"]}
    return out


def render_files(
    analysis: Analysis, only: Iterable[str] | None = None
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The selected files that apply, and the selected ones skipped with their reason."""
    files: dict[str, bytes] = {}
    skipped: dict[str, str] = {}
    for artifact in selected(only):
        if artifact.applies(analysis.session):
            files[artifact.path] = artifact.content(analysis)
        else:
            skipped[artifact.path] = artifact.reason_skipped(analysis.session)
    return files, skipped


def skipped_for(session: Session) -> dict[str, str]:
    """Every file of the bundle that does not apply to `session`, with its reason, whatever
    `--only` selects: the manifest describes the whole bundle."""
    return {a.path: a.reason_skipped(session) for a in ARTIFACTS if not a.applies(session)}


def build_bundle(analysis: Analysis, only: set[str] | None = None) -> dict[str, bytes]:
    """Relative path → bytes of every selected file, plus `manifest.json`."""
    files, skipped = render_files(analysis, only)
    return {**files, MANIFEST: manifest(analysis.session, files, skipped)}

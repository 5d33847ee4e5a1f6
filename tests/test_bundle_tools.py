"""Exported files run: the real tools over the bundles of many designs.

Designs: the three examples, a minimal session per cloud × CI system (no optional
section), the starter design of every cloud × CI system × strategy, and the operations
combinations of `tests.ops_sessions` (CI and compose files only, as they are many).
Both CI generators run for every design. The tools, all offline:

- shellcheck over every `run:` (GitHub) and `before_script`+`script` / `after_script`
  (GitLab) block, extracted to a file with the shell of its job (`tests.ci_scripts`);
- zizmor `--offline` over the GitHub workflows, no finding at its default level;
- markdownlint-cli2 over the exported markdown, with `tools/bundle.markdownlint-cli2.jsonc`;
- plain `dot -Tsvg` over `architecture.dot` (no `-Gimagepath`);
- the AWS CLI's own parameter validation on every `aws` command (`tests.aws_dry_run`);
- host ports of `docker-compose.yml` unique;
- SchemaStore's Dependabot schema over `ci/dependabot.yml`;
- cfn-lint over `monitoring/cloudwatch-alarms.yml` (designs whose metrics are CloudWatch),
  plus the payments design of `tests/data/payments-pci.yaml`.

actionlint, the SchemaStore schemas, promtool and amtool run in `test_ops_validators`.
A missing tool fails the test with the command that installs it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from exporters.bundle import build_bundle
from exporters.ci import pins
from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.local.compose import compose_file
from model.analysis import analyse
from model.session import Session
from sessions.bundled import EXAMPLES, load_example
from sessions.store import load
from tests.ci_scripts import Script, aws_commands, github_scripts, gitlab_scripts, quoted
from tests.ops_sessions import combinations, grid_sessions, metrics_sessions, minimal_sessions

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ZIZMOR = BIN / "zizmor"
CFN_LINT = BIN / "cfn-lint"
PAYMENTS = ROOT / "tests" / "data" / "payments-pci.yaml"
MARKDOWNLINT = ROOT / "tools" / "node_modules" / ".bin" / "markdownlint-cli2"
MARKDOWNLINT_CONFIG = ROOT / "tools" / "bundle.markdownlint-cli2.jsonc"

pytestmark = pytest.mark.slow


def full_designs() -> Iterator[tuple[str, Session]]:
    """Designs whose whole bundle is checked."""
    for name in EXAMPLES:
        yield name, load_example(name)
    yield "payments-pci", load(PAYMENTS)
    for combo in (*minimal_sessions(), *grid_sessions(), *metrics_sessions()):
        yield combo.name, combo.session


def ci_designs() -> Iterator[tuple[str, Session]]:
    """Designs whose CI and compose files are checked."""
    yield from full_designs()
    for combo in combinations():
        yield combo.name, combo.session


@dataclass
class Written:
    """Where the files of every design were written."""

    root: Path
    github: list[Path] = field(default_factory=list)
    scripts: dict[Path, str] = field(default_factory=dict)
    """Extracted script file → `design: job step`."""
    aws: dict[str, list[str]] = field(default_factory=dict)
    """`aws` command line → the designs and jobs it came from."""
    markdown: list[Path] = field(default_factory=list)
    dot: list[Path] = field(default_factory=list)
    dependabot: list[Path] = field(default_factory=list)
    cloudformation: list[Path] = field(default_factory=list)
    compose: dict[str, str] = field(default_factory=dict)


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def _add_scripts(out: Written, name: str, scripts: list[Script]) -> None:
    for script in scripts:
        body = f"#!/usr/bin/env {script.shell}\n{script.text}\n"
        key = hashlib.sha256(body.encode()).hexdigest()[:16]
        path = out.root / "scripts" / f"{key}.{script.shell}"
        if path not in out.scripts:
            _write(path, body)
            out.scripts[path] = f"{name}: {script.where}"
        for argv in aws_commands(script.text):
            out.aws.setdefault(json.dumps(argv), []).append(f"{name}: {script.where}")


def _generate(root: Path) -> Written:
    out = Written(root)
    full = dict(full_designs())
    for name, session in ci_designs():
        analysis = analyse(session)
        github = github_workflow(analysis)
        out.github.append(_write(root / "github" / name / ".github/workflows/ci.yml", github))
        _add_scripts(out, f"{name} (GitHub)", github_scripts(github))
        _add_scripts(out, f"{name} (GitLab)", gitlab_scripts(gitlab_pipeline(analysis)))
        out.compose[name] = compose_file(analysis)
        if name in full:
            for path, data in build_bundle(analysis).items():
                written = _write(root / "bundles" / name / path, data)
                if path.endswith(".md"):
                    out.markdown.append(written)
                elif path.endswith(".dot"):
                    out.dot.append(written)
                elif path.endswith("dependabot.yml"):
                    out.dependabot.append(written)
                elif path.endswith("cloudwatch-alarms.yml"):
                    out.cloudformation.append(written)
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    for tool in (ZIZMOR, MARKDOWNLINT, CFN_LINT):
        if not tool.exists():
            pytest.fail(f"{tool} is missing: run `make setup validators` (part of `make test`)")
    for command in ("shellcheck", "dot"):
        if shutil.which(command) is None:
            pytest.fail(f"{command} is missing: run `make setup validators` (part of `make test`)")
    return _generate(tmp_path_factory.mktemp("bundles"))


@pytest.fixture(scope="module")
def runs(written: Written) -> dict[str, subprocess.Popen[str]]:
    """The slow tools, started at once; the tests collect their results."""
    w = written
    commands: dict[str, tuple[list[str], Path | None, str | None]] = {
        "shellcheck": (
            ["shellcheck", "--format=gcc", "--external-sources", *map(str, w.scripts)],
            None,
            None,
        ),
        "zizmor": (
            [str(ZIZMOR), "--offline", "--no-progress", "--format=plain", *map(str, w.github)],
            None,
            None,
        ),
        "markdownlint": (
            [
                str(MARKDOWNLINT),
                "--config",
                str(MARKDOWNLINT_CONFIG),
                *(str(p.relative_to(w.root)) for p in w.markdown),
            ],
            w.root,
            None,
        ),
        "cfn-lint": ([str(CFN_LINT), *map(str, w.cloudformation)], None, None),
        "aws": (
            [sys.executable, "-m", "tests.aws_dry_run"],
            ROOT,
            json.dumps([json.loads(k) for k in w.aws]),
        ),
    }
    started: dict[str, subprocess.Popen[str]] = {}
    for name, (command, cwd, stdin) in commands.items():
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if stdin is None else subprocess.PIPE,
            text=True,
        )
        if stdin is not None and process.stdin is not None:
            process.stdin.write(stdin)
            process.stdin.close()
        started[name] = process
    return started


def _result(runs: dict[str, subprocess.Popen[str]], name: str) -> tuple[int, str]:
    process = runs[name]
    output = process.stdout.read() if process.stdout else ""
    process.wait(timeout=900)
    return process.returncode, output


def test_designs_cover_every_cloud_ci_system_and_strategy(written: Written) -> None:
    assert len(written.github) == len(list(ci_designs()))
    assert len(written.markdown) > 50 and len(written.dot) == len(dict(full_designs()))
    assert written.aws, "the AWS designs call the AWS CLI"


def test_shellcheck_accepts_every_script(
    runs: dict[str, subprocess.Popen[str]], written: Written
) -> None:
    code, output = _result(runs, "shellcheck")
    findings = [line for line in output.splitlines() if line.strip()]
    named = [f"{written.scripts.get(Path(f.split(':', 1)[0]), '?')}: {f}" for f in findings]
    assert code == 0, "\n".join(named[:60])


def test_zizmor_finds_nothing(runs: dict[str, subprocess.Popen[str]]) -> None:
    code, output = _result(runs, "zizmor")
    assert code == 0, output[-8000:]


def test_markdownlint_accepts_every_document(runs: dict[str, subprocess.Popen[str]]) -> None:
    code, output = _result(runs, "markdownlint")
    assert code == 0, output[-8000:]


def test_every_aws_command_passes_the_cli_validation(
    runs: dict[str, subprocess.Popen[str]], written: Written
) -> None:
    code, output = _result(runs, "aws")
    assert code == 0, output[-4000:]
    failures = [
        f"{quoted(argv)}\n  {error}\n  in {written.aws[json.dumps(argv)][0]}"
        for argv, error in json.loads(output)
        if error is not None
    ]
    assert not failures, "\n".join(failures[:30])


def test_architecture_dot_renders_in_plain_dot(written: Written) -> None:
    failed = []
    for path in written.dot:
        result = subprocess.run(
            ["dot", "-Tsvg", "-o", "/dev/null", str(path)],
            check=False,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or "Warning" in result.stderr:
            failed.append(f"{path.relative_to(written.root)}: {result.stderr.strip()[:300]}")
    assert not failed, "\n".join(failed)


def test_compose_host_ports_are_unique(written: Written) -> None:
    clashes = []
    for name, text in written.compose.items():
        seen: dict[str, str] = {}
        services = (yaml.safe_load(text) or {}).get("services", {}) or {}
        for service, spec in services.items():
            for port in spec.get("ports", []) or []:
                host = str(port).rsplit(":", 1)[0] if ":" in str(port) else str(port)
                if host in seen:
                    clashes.append(f"{name}: {service} and {seen[host]} on {host}")
                seen[host] = service
    assert not clashes, "\n".join(clashes)


def test_gitlab_installs_the_aws_cli_the_commands_are_validated_against() -> None:
    """The deploy jobs' `pip install awscli==…` is the release `tests.aws_dry_run` uses."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pins.AWS_CLI in project["project"]["optional-dependencies"]["dev"]


def test_dependabot_config_matches_the_schema(written: Written) -> None:
    assert written.dependabot, "GitHub designs ship a Dependabot config"
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot"]
        + [str(p) for p in written.dependabot],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cfn_lint_accepts_every_alarm_template(
    written: Written, runs: dict[str, subprocess.Popen[str]]
) -> None:
    assert len(written.cloudformation) >= 3  # the AWS example, payments, the AWS grid designs
    code, output = _result(runs, "cfn-lint")
    assert code == 0, output

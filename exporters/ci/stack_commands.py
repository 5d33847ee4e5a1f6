"""The shell commands of the pipeline's test stages, per language, shared by both CI systems.

Conventions the generated pipelines assume (said again in each file's header): Node
projects have `package.json` and `package-lock.json` at the root; Python projects a
`requirements.txt`; Go projects `go.mod`; Java projects the Maven wrapper `./mvnw`.
The coverage gate reads the report the unit test command writes (lcov for Node,
coverage.py data for Python, `coverage.out` for Go, JaCoCo's CSV for Java) and fails the
job below the session's threshold, printing `Line coverage: N%` for GitLab's regex.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from exporters.ci import pins
from model.enums import DependencyAudit, LintTool, SastTool, Stack
from model.sections.pipeline import Pipeline

Ecosystem = Literal["node", "python", "go", "java"]
"""The toolchain a job needs installed."""

COVERAGE_REGEX = r"/Line coverage: (\d+(?:\.\d+)?)%/"
"""The line every coverage gate prints, as GitLab's `coverage:` regular expression."""

_ECOSYSTEM: dict[LintTool, Ecosystem] = {
    LintTool.ESLINT: "node",
    LintTool.PRETTIER: "node",
    LintTool.BLACK: "python",
    LintTool.RUFF: "python",
    LintTool.FLAKE8: "python",
    LintTool.MYPY: "python",
    LintTool.GOLANGCI_LINT: "go",
    LintTool.GOFMT: "go",
    LintTool.CHECKSTYLE: "java",
    LintTool.SPOTLESS: "java",
}

_LINT: dict[LintTool, str] = {
    LintTool.ESLINT: "npx eslint --max-warnings=0 .",
    LintTool.PRETTIER: "npx prettier --check .",
    LintTool.BLACK: "black --check --diff .",
    LintTool.RUFF: "ruff check . && ruff format --check .",
    LintTool.FLAKE8: "flake8 .",
    LintTool.MYPY: "mypy .",
    LintTool.GOLANGCI_LINT: f"go run {pins.GOLANGCI_LINT} run ./...",
    LintTool.GOFMT: 'unformatted="$(gofmt -l .)"\n'
    'if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi',
    LintTool.CHECKSTYLE: "./mvnw -B checkstyle:check",
    LintTool.SPOTLESS: "./mvnw -B spotless:check",
}

_PIP_TOOLS = {
    LintTool.BLACK: pins.BLACK,
    LintTool.RUFF: pins.RUFF,
    LintTool.FLAKE8: pins.FLAKE8,
    LintTool.MYPY: pins.MYPY,
}


def stack_ecosystem(stack: Stack) -> Ecosystem:
    """The toolchain of the application's language."""
    ecosystems: dict[Stack, Ecosystem] = {
        Stack.NODE: "node",
        Stack.PYTHON: "python",
        Stack.GO: "go",
        Stack.JAVA: "java",
    }
    return ecosystems[stack]


def install(ecosystem: Ecosystem) -> str:
    """Install the project's dependencies (locked versions)."""
    return {
        "node": "npm ci",
        "python": "python -m pip install -r requirements.txt",
        "go": "go mod download",
        "java": "./mvnw -B -q dependency:resolve",
    }[ecosystem]


_FRONTEND_INSTALL = {
    "npm": "npm ci",
    "yarn": "yarn install --frozen-lockfile",
    "pnpm": "pnpm install --frozen-lockfile",
}
"""The locked install each frontend package manager needs before its build command."""


def frontend_build(command: str) -> str:
    """The session's frontend build command, after the locked install it needs.

    A fresh CI checkout has no `node_modules`: `npm run build` alone fails. The command
    is the team's, run as written (code by design, `RUNS_AS_CODE`).
    """
    tool = command.split(maxsplit=1)[0] if command.strip() else ""
    before = _FRONTEND_INSTALL.get(tool)
    return f"{before}\n{command}" if before and before not in command else command


@dataclass(frozen=True, slots=True)
class LintJob:
    """Stage 1 for one toolchain: install, then every linter of that toolchain."""

    ecosystem: Ecosystem
    """The toolchain the linters run on."""
    tools: tuple[LintTool, ...]
    """The session's linters of that toolchain."""
    script: str
    """The shell script."""


def lint_stack(tool: LintTool) -> Stack:
    """The language `tool` lints (its job installs that toolchain)."""
    return Stack(_ECOSYSTEM[tool])


def lint_jobs(pipeline: Pipeline) -> tuple[LintJob, ...]:
    """One lint job per toolchain the session's linters need, in first-use order."""
    groups: dict[Ecosystem, list[LintTool]] = {}
    for tool in pipeline.lint.tools:
        groups.setdefault(_ECOSYSTEM[tool], []).append(tool)
    jobs = []
    for ecosystem, tools in groups.items():
        lines = []
        if ecosystem == "python":
            needs = [_PIP_TOOLS[t] for t in tools]
            if pipeline.stack is Stack.PYTHON:
                lines.append(install("python"))
            lines.append("python -m pip install " + " ".join(needs))
        elif ecosystem in (pipeline.stack.value, "node"):
            lines.append(install(ecosystem))
        lines.extend(_LINT[t] for t in tools)
        jobs.append(LintJob(ecosystem, tuple(tools), "\n".join(lines)))
    return tuple(jobs)


def _unit_command(pipeline: Pipeline) -> str:
    # The team's test command runs as written: code by design (RUNS_AS_CODE).
    command = pipeline.unit_tests.command
    if pipeline.stack is Stack.GO and "coverprofile" not in command:
        if command.startswith("go test"):
            return command + " -coverprofile=coverage.out"
        return command + "\ngo test -coverprofile=coverage.out ./..."
    return command


def coverage_gate(stack: Stack, threshold: float) -> str:
    """Fail when line coverage is below `threshold` percent; print it for CI to parse."""
    t = f"{threshold:g}"
    if stack is Stack.NODE:
        return (
            "if [ ! -f coverage/lcov.info ]; then\n"
            '  echo "coverage/lcov.info is missing: the unit test command must write an lcov '
            'report (jest --coverage, vitest --coverage.reporter=lcov, c8 --reporter=lcov)"\n'
            "  exit 1\n"
            "fi\n"
            "awk -F: '/^LF:/ { found += $2 } /^LH:/ { hit += $2 } END {\n"
            "  pct = found ? 100 * hit / found : 0\n"
            f'  printf "Line coverage: %.2f%% (threshold {t}%%)\\n", pct\n'
            f"  exit (pct < {t}) ? 1 : 0\n"
            "}' coverage/lcov.info"
        )
    if stack is Stack.PYTHON:
        return (
            "total=$(python -m coverage report --format=total)\n"
            f'echo "Line coverage: ${{total}}% (threshold {t}%)"\n'
            f"python -m coverage report --fail-under={t}"
        )
    if stack is Stack.GO:
        return (
            "go tool cover -func=coverage.out | awk '/^total:/ {\n"
            '  sub("%", "", $3)\n'
            f'  printf "Line coverage: %s%% (threshold {t}%%)\\n", $3\n'
            f"  exit ($3 + 0 < {t}) ? 1 : 0\n"
            "}'"
        )
    return (
        "report=target/site/jacoco/jacoco.csv\n"
        'if [ ! -f "$report" ]; then\n'
        '  echo "$report is missing: run jacoco-maven-plugin (prepare-agent and report) '
        'in the unit test command"\n'
        "  exit 1\n"
        "fi\n"
        "awk -F, 'NR > 1 { missed += $8; covered += $9 } END {\n"
        "  total = missed + covered\n"
        "  pct = total ? 100 * covered / total : 0\n"
        f'  printf "Line coverage: %.2f%% (threshold {t}%%)\\n", pct\n'
        f"  exit (pct < {t}) ? 1 : 0\n"
        '}\' "$report"'
    )


def unit_test_script(pipeline: Pipeline) -> str:
    """Stage 2: install, run the unit tests, enforce the coverage threshold."""
    stage = pipeline.unit_tests
    return "\n".join(
        [
            install(stack_ecosystem(pipeline.stack)),
            _unit_command(pipeline),
            coverage_gate(pipeline.stack, stage.coverage_threshold_percent),
        ]
    )


def integration_script(pipeline: Pipeline) -> str:
    """Stage 4: install, the end-to-end browser if any, then the integration tests."""
    stage = pipeline.integration_tests
    lines = [install(stack_ecosystem(pipeline.stack))]
    tool = stage.e2e_tool.value
    if tool == "playwright":
        if pipeline.stack is Stack.PYTHON:
            lines.append("python -m playwright install --with-deps chromium")
        else:
            lines.append("npx playwright install --with-deps chromium")
    elif tool == "cypress":
        lines.append("npx cypress install")
    lines.append(stage.command)  # the team's command, run as written (RUNS_AS_CODE)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Scan:
    """One command of stage 5 and what it needs."""

    ecosystem: Ecosystem | None
    """The toolchain to install first (None: runs in its own container)."""
    script: str
    """The shell script."""
    ci_secrets: tuple[str, ...] = ()
    """CI secrets it reads (tool tokens, not application secrets)."""
    image: str | None = None
    """The image it runs in, when it needs no toolchain (its entrypoint is reset)."""


def dependency_audit(pipeline: Pipeline) -> Scan:
    """The session's dependency scanner, failing on high and critical findings."""
    tool = pipeline.security_scan.dependency_audit
    if tool is DependencyAudit.NPM_AUDIT:
        return Scan("node", "npm audit --audit-level=high --omit=dev")
    if tool is DependencyAudit.PIP_AUDIT:
        return Scan(
            "python", f"python -m pip install {pins.PIP_AUDIT}\npip-audit -r requirements.txt"
        )
    if tool is DependencyAudit.GOVULNCHECK:
        return Scan("go", f"go run {pins.GOVULNCHECK} ./...")
    if tool is DependencyAudit.OWASP_DEPENDENCY_CHECK:
        return Scan(
            "java",
            f"./mvnw -B {pins.DEPENDENCY_CHECK}:check -DfailBuildOnCVSS=7 "
            '-DnvdApiKey="$NVD_API_KEY"',
            ("NVD_API_KEY",),
        )
    if tool is DependencyAudit.SNYK:
        return Scan(
            stack_ecosystem(pipeline.stack),
            f"{install(stack_ecosystem(pipeline.stack))}\n"
            f"npx --yes {pins.SNYK} test --severity-threshold=high",
            ("SNYK_TOKEN",),
        )
    return Scan(
        None,
        "trivy fs --exit-code 1 --severity HIGH,CRITICAL --scanners vuln .",
        image=pins.IMAGE_TRIVY,
    )


def sast(pipeline: Pipeline, *, codeql_available: bool) -> Scan | None:
    """The session's static analysis as a command (None for none, or CodeQL on GitHub)."""
    tool = pipeline.security_scan.sast
    if tool is SastTool.NONE or (tool is SastTool.CODEQL and codeql_available):
        return None
    if tool is SastTool.BANDIT:
        return Scan("python", f"python -m pip install {pins.BANDIT}\nbandit -r . -x ./tests -ll")
    if tool is SastTool.GOSEC:
        return Scan("go", f"go run {pins.GOSEC} ./...")
    # Semgrep, and CodeQL where CodeQL is not offered (GitLab): Semgrep's default rules.
    return Scan(
        "python", f"python -m pip install {pins.SEMGREP}\nsemgrep scan --config p/default --error"
    )


CODEQL_LANGUAGES: dict[Stack, str] = {
    Stack.NODE: "javascript-typescript",
    Stack.PYTHON: "python",
    Stack.GO: "go",
    Stack.JAVA: "java-kotlin",
}
"""The CodeQL language of each stack."""

"""The design-review job of the exported pipelines, run for real where it can be.

The job's scripts run under bash in a temporary repository whose `origin/main` is the
base of the pull request of `tests.diff_repos`, with the real `infrasketch` on PATH;
`gh` and `curl` are stand-ins that record each call and answer like the APIs, so the
tests see that a second run updates the comment the first one posted instead of adding
one. That every exported workflow passes actionlint, zizmor, shellcheck and the
SchemaStore schemas is `test_ops_validators` and `test_bundle_tools`.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from exporters.ci import design_review
from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.diff import MARKER
from model.analysis import analyse
from model.enums import CiSystem
from model.session import Session
from tests.cli import COMMAND
from tests.diff_repos import base_design, git, pr_repo
from tui.cli import build_parser

GUARDRAILS = ("new-finding>=high", "cost-increase>$500")


def with_review(session: Session, **changes: Any) -> Session:
    settings = session.pipeline.design_review.evolve(fail_on=GUARDRAILS, **changes)
    return session.evolve(pipeline=session.pipeline.evolve(design_review=settings))


def github_job(session: Session) -> dict[str, Any] | None:
    doc = yaml.safe_load(github_workflow(analyse(session)))
    job: dict[str, Any] | None = doc["jobs"].get(design_review.JOB_ID)
    return job


def gitlab_job(session: Session) -> dict[str, Any] | None:
    gitlab = session.evolve(pipeline=session.pipeline.evolve(system=CiSystem.GITLAB_CI))
    doc = yaml.safe_load(gitlab_pipeline(analyse(gitlab)))
    job: dict[str, Any] | None = doc.get(design_review.JOB_ID)
    return job


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in job["steps"] if s.get("name", "").startswith(name))
    return found


def test_github_job_runs_on_pull_requests_with_least_privilege() -> None:
    job = github_job(with_review(base_design()))
    assert job is not None
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert job["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert job["steps"][0]["with"] == {"fetch-depth": 0, "persist-credentials": False}
    post = step(job, "Post or update")
    assert "github.event.pull_request.head.repo.full_name == github.repository" in post["if"]
    assert post["env"] == {"GH_TOKEN": "${{ github.token }}"}
    # No expression inside a script: every value reaches the shell through env.
    assert all("${{" not in s.get("run", "") for s in job["steps"])


def test_no_job_when_the_design_review_is_off() -> None:
    session = with_review(base_design(), enabled=False)
    assert github_job(session) is None
    assert gitlab_job(session) is None


def test_gitlab_job_runs_on_merge_requests_that_touch_the_design() -> None:
    session = with_review(base_design(), session_file="infra/design.yaml", docs_folder="docs")
    job = gitlab_job(session)
    assert job is not None
    assert job["rules"] == [
        {
            "if": '$CI_PIPELINE_SOURCE == "merge_request_event"',
            "changes": ["infra/design.yaml", "docs/**/*"],
        }
    ]
    assert job["needs"] == [] and job["variables"] == {"GIT_DEPTH": "0"}


def _command_lines(script: str) -> list[list[str]]:
    """Each `infrasketch ...` command of a script, as the shell would split it."""
    env = {
        "BASE_REF": "main",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "o/r",
        "HEAD_SHA": "abc",
        "CI_PROJECT_URL": "https://gitlab.com/o/r",
        "CI_COMMIT_SHA": "abc",
    }
    out = []
    for line in script.splitlines():
        if line.lstrip().startswith("infrasketch "):
            command = line.split(" > ")[0]
            for name, value in env.items():
                command = command.replace(f"${name}", value)
            out.append(shlex.split(command)[1:])
    return out


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_the_commands_are_ones_the_cli_accepts(ci: str) -> None:
    session = with_review(base_design())
    job = github_job(session) if ci == "github" else gitlab_job(session)
    assert job is not None
    scripts = [s.get("run", "") for s in job["steps"]] if ci == "github" else list(job["script"])
    commands = [c for script in scripts for c in _command_lines(script)]
    assert [c[0] for c in commands] == ["diff", "export"]
    parser = build_parser()
    diff = parser.parse_args(commands[0])
    assert (diff.base, diff.head, diff.format) == (
        "origin/main:design.yaml",
        "design.yaml",
        "markdown",
    )
    assert [g.text for g in diff.fail_on] == list(GUARDRAILS)
    blob = (
        "https://github.com/o/r/blob/abc" if ci == "github" else "https://gitlab.com/o/r/-/blob/abc"
    )
    assert diff.link_base == f"{blob}/docs/architecture/"
    export = parser.parse_args(commands[1])
    assert (str(export.file), str(export.out), export.check) == (
        "design.yaml",
        "docs/architecture",
        True,
    )


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    path = f"{env.pop('FAKE_BIN', '')}:{COMMAND.parent}:{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={**os.environ, **env, "PATH": path},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pull request, with `origin/main` at its base."""
    repo = pr_repo(tmp_path_factory.mktemp("ci") / "repo")
    git(repo, "update-ref", "refs/remotes/origin/main", "main~1")
    return repo


def test_the_diff_step_keeps_the_guardrails_verdict(repo: Path) -> None:
    review = with_review(base_design()).pipeline.design_review
    script = design_review.diff_script(review, "origin/$BASE_REF", "https://x/blob/$HEAD_SHA")
    script += '\necho "status=$status"'
    done = _bash(script, repo, {"BASE_REF": "main", "HEAD_SHA": "abc"})
    # No staging opens a high finding nobody answered: exit 1 kept, the comment written.
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "status=1"
    comment = (repo / design_review.COMMENT_FILE).read_text(encoding="utf-8")
    assert comment.startswith(MARKER + "\n")
    assert "⛔ `new-finding>=high`" in comment
    assert "](https://x/blob/abc/docs/architecture/ARCHITECTURE.md)" in comment
    guard = _bash(design_review.guardrail_script(), repo, {"DIFF_STATUS": "1"})
    assert guard.returncode == 1
    assert _bash(design_review.guardrail_script(), repo, {"DIFF_STATUS": "0"}).returncode == 0
    # An unreadable base writes no comment, and the step fails with infrasketch's code.
    broken = script.replace("origin/$BASE_REF", "nope")
    done = _bash(broken, repo, {"BASE_REF": "main", "HEAD_SHA": "abc"})
    assert done.returncode == 1 and "nope is not a revision" in done.stderr


def _fake(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
    tool.chmod(0o755)
    return folder


def test_github_posts_one_comment_then_updates_it(tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    # `gh api --paginate ...comments --jq FILTER` answers with the ids the filter picks.
    fake = _fake(
        tmp_path / "bin",
        "gh",
        f'echo "$*" >> {shlex.quote(str(log))}\n'
        'if [[ "$*" == *--paginate* ]]; then printf "%s" "$EXISTING"; fi',
    )
    (tmp_path / design_review.COMMENT_FILE).write_text(MARKER + "\nreview\n", encoding="utf-8")
    env = {"PR_NUMBER": "7", "GITHUB_REPOSITORY": "o/r", "FAKE_BIN": str(fake)}
    first = _bash(design_review.github_post_script(), tmp_path, {**env, "EXISTING": ""})
    assert first.returncode == 0, first.stderr
    second = _bash(design_review.github_post_script(), tmp_path, {**env, "EXISTING": "42\n"})
    assert second.returncode == 0, second.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[1] == "api --method POST repos/o/r/issues/7/comments -F body=@design-diff.md"
    assert calls[3] == "api --method PATCH repos/o/r/issues/comments/42 -F body=@design-diff.md"
    assert f"startswith({json.dumps(MARKER)})" in calls[0]


def test_gitlab_posts_one_note_then_updates_it(tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    # curl: a GET of the notes answers $NOTES; PUT and POST are recorded.
    fake = _fake(
        tmp_path / "bin",
        "curl",
        f'echo "$*" >> {shlex.quote(str(log))}\n'
        'if [[ "$*" != *--request* ]]; then printf "%s" "$NOTES"; fi',
    )
    (tmp_path / design_review.COMMENT_FILE).write_text(MARKER + "\nreview\n", encoding="utf-8")
    env = {
        "CI_API_V4_URL": "https://gitlab.example/api/v4",
        "CI_PROJECT_ID": "3",
        "CI_MERGE_REQUEST_IID": "9",
        design_review.GITLAB_TOKEN: "token",
        "FAKE_BIN": str(fake),
    }
    script = design_review.gitlab_post_script()
    notes = [{"id": 5, "body": "LGTM"}, {"id": 8, "body": MARKER + "\nold review"}]
    assert _bash(script, tmp_path, {**env, "NOTES": json.dumps(notes[:1])}).returncode == 0
    assert _bash(script, tmp_path, {**env, "NOTES": json.dumps(notes)}).returncode == 0
    calls = [c for c in log.read_text(encoding="utf-8").splitlines() if "--request" in c]
    assert "--request POST" in calls[0] and calls[0].endswith("/merge_requests/9/notes")
    assert "--request PUT" in calls[1] and calls[1].endswith("/merge_requests/9/notes/8")
    # Without the token the review goes to the job log, and the job goes on.
    env.pop(design_review.GITLAB_TOKEN)
    done = _bash(script, tmp_path, {**env, "NOTES": "[]"})
    assert done.returncode == 0
    assert "INFRASKETCH_REVIEW_TOKEN is not set" in done.stdout and MARKER in done.stdout

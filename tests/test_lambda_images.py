"""Lambda images go where Lambda can pull them: Amazon ECR in the function's region.

AWS Lambda runs a container image only from Amazon ECR in its own region and account, so
whatever registry the session names (GitHub's, GitLab's, Docker Hub, Artifact Registry,
ACR, or the ECR of another region), both pipelines must push a Lambda image to that ECR
and deploy it from there. For every generated design with a Lambda function, in both CI
systems, these tests run the lines that name the images (with `aws` answering as the
account `ACCOUNT`) in the build job and in each deploy job, and check that the build
pushes, and every deploy deploys, the same image in the function's region.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest

from exporters.ci.deploy_targets import deployables
from exporters.ci.github_actions import github_workflow
from exporters.ci.gitlab_ci import gitlab_pipeline
from exporters.ci.registry import regional_push_line
from exporters.documents import cicd
from exporters.markdown import escape
from model.analysis import analyse
from model.session import Session
from tests.ci_scripts import Script, github_scripts, gitlab_scripts
from tests.ops_sessions import combinations

ACCOUNT = "111122223333"
"""What `aws sts get-caller-identity` answers in the simulated jobs."""

_NAMING = re.compile(r"^(?:if .*AWS_ACCOUNT_ID=|AWS_ACCOUNT_ID=|ECR_IMAGE_PREFIX=).*$", re.M)
_RELEASE = re.compile(
    r"aws lambda update-function-code --function-name \S+ --image-uri "
    r'"\$(\w+)/([\w-]+):\$COMMIT_SHA".* --region ([a-z0-9-]+)'
)


def lambda_designs() -> Iterator[tuple[str, Session]]:
    """Every generated design with a Lambda function, as generated (us-east-1) and moved
    to eu-central-1, where the ECR registry of some designs is another region's."""
    for combo in combinations():
        if any(t.deploy.registry_in_region for t in deployables(combo.session)):
            yield combo.name, combo.session
            context = combo.session.context.evolve(regions=("eu-central-1",))
            yield f"{combo.name}-eu", combo.session.evolve(context=context)


DESIGNS = dict(lambda_designs())


def test_the_designs_cover_every_kind_of_registry() -> None:
    registries = {s.pipeline.build.registry.split(".", 1)[-1] for s in DESIGNS.values()}
    assert {"io", "gitlab.com", "dkr.ecr.us-east-1.amazonaws.com", "azurecr.io"} <= registries
    assert "docker.io" in {s.pipeline.build.registry for s in DESIGNS.values()}
    assert len(DESIGNS) >= 24


def ecr_prefix(script: Script) -> str:
    """The ECR_IMAGE_PREFIX the script's naming lines set, run with a stub `aws`."""
    lines = "\n".join(_NAMING.findall(script.text))
    assert lines, f"{script.where} names no ECR image"
    program = (
        f"aws() {{ echo {ACCOUNT}; }}\n"
        "GITHUB_EVENT_NAME=push CI_COMMIT_BRANCH=main\n"
        f"{lines}\n"
        'printf %s "$ECR_IMAGE_PREFIX"'
    )
    run = subprocess.run(
        ["bash", "-ec", program], capture_output=True, text=True, check=False, timeout=30
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def _jobs(text: str, ci: str) -> dict[str, str]:
    """The whole script text of each job (GitHub: its `run:` steps joined)."""
    scripts = github_scripts(text) if ci == "github" else gitlab_scripts(text)
    jobs: dict[str, str] = {}
    for script in scripts:
        job = script.where.split(" ", 1)[0]
        jobs[job] = jobs.get(job, "") + "\n" + script.text
    return jobs


@pytest.mark.parametrize("ci", ["github", "gitlab"])
@pytest.mark.parametrize("name", list(DESIGNS))
def test_lambda_images_are_pushed_and_deployed_from_the_ecr_of_the_function_region(
    name: str, ci: str
) -> None:
    session = DESIGNS[name]
    analysis = analyse(session)
    text = github_workflow(analysis) if ci == "github" else gitlab_pipeline(analysis)
    jobs = _jobs(text, ci)
    build = jobs["build"]
    build_prefix = ecr_prefix(Script("build", "bash", build))
    releases = [(job, m) for job, body in jobs.items() for m in _RELEASE.finditer(body)]
    functions = {t.id for t in deployables(session) if t.deploy.registry_in_region}
    assert {m.group(2) for _, m in releases} == functions
    for job, release in releases:
        variable, component, where = release.groups()
        assert variable == "ECR_IMAGE_PREFIX", f"{job} deploys {component} from {variable}"
        prefix = ecr_prefix(Script(job, "bash", jobs[job]))
        assert prefix == build_prefix, f"{job} deploys another image than the build pushed"
        registry = session.pipeline.build.registry
        account = registry.split(".")[0] if ".dkr.ecr." in registry else ACCOUNT
        assert re.match(rf"^{account}\.dkr\.ecr\.{where}\.amazonaws\.com/", prefix), prefix
        # The build logs in to that registry and pushes this image there.
        assert f"aws ecr get-login-password --region {where} |" in build
        if ci == "gitlab":
            assert f'docker push "$ECR_IMAGE_PREFIX/{component}:$COMMIT_SHA"' in build
        else:
            assert f"tags: ${{{{ env.ECR_IMAGE_PREFIX }}}}/{component}:${{{{ github.sha }}}}\n" in (
                text
            )


@pytest.mark.parametrize("name", list(DESIGNS))
def test_the_pipeline_header_and_the_cicd_document_say_it_once(name: str) -> None:
    session = DESIGNS[name]
    analysis = analyse(session)
    line = regional_push_line(session)
    registry = session.pipeline.build.registry
    same_ecr = registry.endswith(f".dkr.ecr.{session.context.regions[0]}.amazonaws.com")
    assert (line is None) is same_ecr
    for text in (github_workflow(analysis), gitlab_pipeline(analysis)):
        header = " ".join(
            raw.removeprefix("#").strip()
            for raw in text.splitlines()
            if raw.startswith("#") and not raw.startswith("# yaml")
        )
        assert "pulls images from Amazon ECR only" not in header
        if line is not None:
            assert header.count(line) == 1, header
            assert "AWS_DEPLOY_ROLE_ARN" in header.split("for all jobs:", 1)[1]
    if line is not None:
        document = cicd.render(analysis)
        assert escape(line) in document.split("## CONFIGURATION", 1)[0]

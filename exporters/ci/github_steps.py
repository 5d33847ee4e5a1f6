"""Building blocks of the GitHub Actions workflow: pinned setup and login steps, services.

Every `uses:` names an action of `exporters.ci.pins` at its commit; `pin_comments` then
writes the release tag beside each SHA so a reviewer sees what version runs.
"""

from __future__ import annotations

import re
from typing import Any

from exporters.ci import pins
from exporters.ci.stack_commands import Ecosystem
from exporters.common import one_line
from exporters.local.services import LocalService
from model.catalog.facts import Cloud

Step = dict[str, Any]

_ALL_ACTIONS = (
    pins.CHECKOUT,
    pins.SETUP_NODE,
    pins.SETUP_PYTHON,
    pins.SETUP_GO,
    pins.SETUP_JAVA,
    pins.AWS_CREDENTIALS,
    pins.GCP_AUTH,
    pins.GCP_SETUP,
    pins.AZURE_LOGIN,
    pins.SETUP_BUILDX,
    pins.BUILD_PUSH,
    pins.CODEQL_INIT,
    pins.CODEQL_ANALYZE,
)


def checkout() -> Step:
    """Check out the commit being built."""
    return {"uses": pins.CHECKOUT.uses, "with": {"persist-credentials": False}}


def run(name: str, script: str, env: dict[str, str] | None = None, **extra: Any) -> Step:
    """A shell step."""
    step: Step = {"name": one_line(name)}
    step.update(extra)
    if env:
        step["env"] = env
    step["run"] = script
    return step


def setup(ecosystem: Ecosystem) -> Step:
    """Install the toolchain of `ecosystem`, with its dependency cache."""
    if ecosystem == "node":
        with_ = {"node-version": pins.NODE_VERSION, "cache": "npm"}
        return {"name": "Set up Node.js", "uses": pins.SETUP_NODE.uses, "with": with_}
    if ecosystem == "python":
        with_ = {"python-version": pins.PYTHON_VERSION, "cache": "pip"}
        return {"name": "Set up Python", "uses": pins.SETUP_PYTHON.uses, "with": with_}
    if ecosystem == "go":
        with_ = {"go-version": pins.GO_VERSION}
        return {"name": "Set up Go", "uses": pins.SETUP_GO.uses, "with": with_}
    with_ = {"distribution": "temurin", "java-version": pins.JAVA_VERSION, "cache": "maven"}
    return {"name": "Set up Java", "uses": pins.SETUP_JAVA.uses, "with": with_}


def cloud_login(cloud: Cloud, region: str, *, kubernetes: bool = False) -> list[Step]:
    """Log in to `cloud` with short-lived OIDC credentials (needs `id-token: write`)."""
    if cloud is Cloud.AWS:
        with_ = {"role-to-assume": "${{ secrets.AWS_DEPLOY_ROLE_ARN }}", "aws-region": region}
        return [{"name": "Log in to AWS (OIDC)", "uses": pins.AWS_CREDENTIALS.uses, "with": with_}]
    if cloud is Cloud.GCP:
        auth = {
            "workload_identity_provider": "${{ secrets.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
            "service_account": "${{ secrets.GCP_SERVICE_ACCOUNT }}",
        }
        steps: list[Step] = [
            {"name": "Log in to Google Cloud (OIDC)", "uses": pins.GCP_AUTH.uses, "with": auth},
            {"name": "Set up gcloud", "uses": pins.GCP_SETUP.uses},
        ]
        if kubernetes:
            steps[1]["with"] = {"install_components": "gke-gcloud-auth-plugin"}
        return steps
    login = {
        "client-id": "${{ secrets.AZURE_CLIENT_ID }}",
        "tenant-id": "${{ secrets.AZURE_TENANT_ID }}",
        "subscription-id": "${{ secrets.AZURE_SUBSCRIPTION_ID }}",
    }
    return [{"name": "Log in to Azure (OIDC)", "uses": pins.AZURE_LOGIN.uses, "with": login}]


def build_and_push(name: str, image: str, context: str, prefix: str) -> Step:
    """Build the image `image` of component `name` from the folder `context` and push it
    as `$<prefix>/<image>:<commit>` (not for pull requests), with its Docker layers in the
    Actions cache (GitHub scopes the cache to the run's branch and the default branch).

    Provenance attestations are left out: they turn the pushed image into an OCI index,
    which AWS Lambda refuses; the image is one manifest, as `docker build` pushes it."""
    with_: dict[str, Any] = {
        "context": context,  # the checked-out folder, with the frontend build in it
        "pull": True,
        "push": "${{ github.event_name != 'pull_request' }}",
        "provenance": False,
        "tags": f"${{{{ env.{prefix} }}}}/{image}:${{{{ github.sha }}}}",
        "cache-from": f"type=gha,scope={image}",
        "cache-to": f"type=gha,mode=max,scope={image}",
    }
    return {"name": one_line(f"Build and push {name}"), "uses": pins.BUILD_PUSH.uses, "with": with_}


def service_container(service: LocalService) -> dict[str, Any]:
    """`service` as a job service container reachable on localhost."""
    spec: dict[str, Any] = {"image": service.image}
    if service.env:
        spec["env"] = dict(service.env)
    spec["ports"] = [f"{service.port}:{service.port}"]
    if service.healthcheck:
        spec["options"] = (
            f'--health-cmd "{service.healthcheck}" --health-interval 5s '
            "--health-timeout 5s --health-retries 30"
        )
    return spec


def start_emulator(service: LocalService) -> list[Step]:
    """Steps starting a service whose image needs a command (service containers take none)."""
    command = " ".join(service.command)
    return [
        run(
            f"Start the {service.label}",
            f"docker run -d --name {service.key} -p {service.port}:{service.port} "
            f"{service.image} {command}",
        ),
        wait_for(service),
    ]


def wait_for(service: LocalService) -> Step:
    """Wait until `service` answers on its port (for images without a healthcheck)."""
    return run(
        f"Wait for the {service.label}",
        f"for _ in $(seq 1 90); do\n"
        f"  if curl -s -o /dev/null http://localhost:{service.port}; then break; fi\n"
        "  sleep 2\n"
        "done\n"
        f"curl -s -o /dev/null http://localhost:{service.port}",
    )


def pin_comments(text: str) -> str:
    """Append `# <tag>` to every `uses:` line of a pinned action."""
    tags = {a.sha: a.tag for a in _ALL_ACTIONS}

    def tag(match: re.Match[str]) -> str:
        return f"{match.group(0)} # {tags[match.group(1)]}"

    return re.sub(r"uses: [\w./-]+@([0-9a-f]{40})$", tag, text, flags=re.MULTILINE)

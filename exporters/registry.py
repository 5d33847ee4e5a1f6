"""The container registry the build pushes to: its kind, image names and login.

`pipeline.build.registry` is a host name; its shape says which registry it is: GitHub's
(`ghcr.io`, authenticated with the workflow's own token), GitLab's (`registry.gitlab.com`,
the job token), Amazon ECR (`<account>.dkr.ecr.<region>.amazonaws.com`), Google Artifact
Registry (`<region>-docker.pkg.dev`, `gcr.io`), Azure Container Registry (`*.azurecr.io`),
or any other (Docker Hub, a self-hosted one) logged in with a CI secret. Image names are
`<prefix>/<component id>:<commit>`; registries require lowercase, so the prefix is
lowercased in the shell (repository names may contain capitals).
"""

from __future__ import annotations

import shlex
from typing import Literal

from exporters.common import project_slug
from model.service_facts import Cloud
from model.session import Session

RegistryKind = Literal["ghcr", "gitlab", "ecr", "gar", "acr", "other"]
"""How a registry authenticates."""

Ci = Literal["github", "gitlab"]
"""The CI system a script is written for."""


def registry_kind(host: str) -> RegistryKind:
    """The kind of the registry at `host`."""
    host = host.lower()
    if host == "ghcr.io":
        return "ghcr"
    if host.startswith("registry.gitlab"):
        return "gitlab"
    if ".dkr.ecr." in host:
        return "ecr"
    if host.endswith("-docker.pkg.dev") or host.endswith("gcr.io"):
        return "gar"
    if host.endswith(".azurecr.io"):
        return "acr"
    return "other"


def image_prefix_script(session: Session, ci: Ci) -> str:
    """A shell line setting `IMAGE_PREFIX` (lowercased) for this CI."""
    host = session.pipeline.build.registry
    kind = registry_kind(host)
    if ci == "github" and kind == "ghcr":
        raw = "ghcr.io/$GITHUB_REPOSITORY"
    elif ci == "gitlab" and kind == "gitlab":
        raw = "$CI_REGISTRY_IMAGE"
    else:
        raw = shlex.quote(f"{host}/{project_slug(session)}")
        return f"IMAGE_PREFIX=\"$(echo {raw} | tr '[:upper:]' '[:lower:]')\""
    return f"IMAGE_PREFIX=\"$(echo \"{raw}\" | tr '[:upper:]' '[:lower:]')\""


def login_script(session: Session, ci: Ci) -> str:
    """Log docker in to the registry (after the cloud login, for cloud registries)."""
    host = session.pipeline.build.registry
    kind = registry_kind(host)
    word = shlex.quote(host)
    if kind == "ecr":
        region = host.split(".dkr.ecr.")[1].split(".")[0]
        return (
            f"aws ecr get-login-password --region {shlex.quote(region)} | "
            f"docker login --username AWS --password-stdin {word}"
        )
    if kind == "gar" and ci == "github":
        return f"gcloud auth configure-docker {word} --quiet"
    if kind == "acr" and ci == "github":
        return f"az acr login --name {shlex.quote(host.split('.')[0])}"
    if ci == "github" and kind == "ghcr":
        return (
            'echo "$REGISTRY_PASSWORD" | docker login ghcr.io -u "$GITHUB_ACTOR" --password-stdin'
        )
    if ci == "gitlab" and kind == "gitlab":
        return (
            'echo "$CI_REGISTRY_PASSWORD" | docker login "$CI_REGISTRY" '
            '-u "$CI_REGISTRY_USER" --password-stdin'
        )
    return f'echo "$REGISTRY_PASSWORD" | docker login {word} -u "$REGISTRY_USER" --password-stdin'


def needs_cloud_login(session: Session, ci: Ci) -> Cloud | None:
    """The cloud the build must log in to before pushing (None: docker login suffices)."""
    kind = registry_kind(session.pipeline.build.registry)
    if kind == "ecr":
        return Cloud.AWS
    if ci == "github" and kind == "gar":
        return Cloud.GCP
    if ci == "github" and kind == "acr":
        return Cloud.AZURE
    return None


def uses_registry_secret(session: Session, ci: Ci) -> bool:
    """Whether the login reads the CI secrets `REGISTRY_USER` and `REGISTRY_PASSWORD`."""
    kind = registry_kind(session.pipeline.build.registry)
    if kind == "ecr" or (ci == "github" and kind in ("ghcr", "gar", "acr")):
        return False
    return not (ci == "gitlab" and kind == "gitlab")

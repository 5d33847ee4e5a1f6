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

from typing import Literal

from exporters.ci.shell import word
from model.catalog.facts import Cloud, Registry
from model.naming import project_slug
from model.session import Session

Ci = Literal["github", "gitlab"]
"""The CI system a script is written for."""


def registry_kind(host: str) -> Registry:
    """The kind of the registry at `host`, which decides how it authenticates."""
    host = host.lower()
    if host == "ghcr.io":
        return Registry.GHCR
    if host.startswith("registry.gitlab"):
        return Registry.GITLAB
    if ".dkr.ecr." in host:
        return Registry.ECR
    if host.endswith("-docker.pkg.dev") or host.endswith("gcr.io"):
        return Registry.GAR
    if host.endswith(".azurecr.io"):
        return Registry.ACR
    return Registry.OTHER


def image_prefix_script(session: Session, ci: Ci) -> str:
    """A shell line setting `IMAGE_PREFIX` (lowercased) for this CI."""
    host = session.pipeline.build.registry
    kind = registry_kind(host)
    if ci == "github" and kind is Registry.GHCR:
        raw = "ghcr.io/$GITHUB_REPOSITORY"
    elif ci == "gitlab" and kind is Registry.GITLAB:
        raw = "$CI_REGISTRY_IMAGE"
    else:
        raw = word(f"{host}/{project_slug(session)}")
        return f"IMAGE_PREFIX=\"$(echo {raw} | tr '[:upper:]' '[:lower:]')\""
    return f"IMAGE_PREFIX=\"$(echo \"{raw}\" | tr '[:upper:]' '[:lower:]')\""


def login_script(session: Session, ci: Ci) -> str:
    """Log docker in to the registry (after the cloud login, for cloud registries)."""
    host = session.pipeline.build.registry
    kind = registry_kind(host)
    quoted = word(host)
    if kind is Registry.ECR:
        region = host.split(".dkr.ecr.")[1].split(".")[0]
        return (
            f"aws ecr get-login-password --region {word(region)} | "
            f"docker login --username AWS --password-stdin {quoted}"
        )
    if kind is Registry.GAR and ci == "github":
        return f"gcloud auth configure-docker {quoted} --quiet"
    if kind is Registry.ACR and ci == "github":
        return f"az acr login --name {word(host.split('.')[0])}"
    if ci == "github" and kind is Registry.GHCR:
        return (
            'echo "$REGISTRY_PASSWORD" | docker login ghcr.io -u "$GITHUB_ACTOR" --password-stdin'
        )
    if ci == "gitlab" and kind is Registry.GITLAB:
        return (
            'echo "$CI_REGISTRY_PASSWORD" | docker login "$CI_REGISTRY" '
            '-u "$CI_REGISTRY_USER" --password-stdin'
        )
    return f'echo "$REGISTRY_PASSWORD" | docker login {quoted} -u "$REGISTRY_USER" --password-stdin'


def needs_cloud_login(session: Session, ci: Ci) -> Cloud | None:
    """The cloud the build must log in to before pushing (None: docker login suffices)."""
    kind = registry_kind(session.pipeline.build.registry)
    if kind is Registry.ECR:
        return Cloud.AWS
    if ci == "github" and kind is Registry.GAR:
        return Cloud.GCP
    if ci == "github" and kind is Registry.ACR:
        return Cloud.AZURE
    return None


def uses_registry_secret(session: Session, ci: Ci) -> bool:
    """Whether the login reads the CI secrets `REGISTRY_USER` and `REGISTRY_PASSWORD`."""
    kind = registry_kind(session.pipeline.build.registry)
    if kind is Registry.ECR or (
        ci == "github" and kind in (Registry.GHCR, Registry.GAR, Registry.ACR)
    ):
        return False
    return not (ci == "gitlab" and kind is Registry.GITLAB)

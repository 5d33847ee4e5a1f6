"""The container registry the build pushes to: its kind, image names and login.

`pipeline.build.registry` is a host name; its shape says which registry it is: GitHub's
(`ghcr.io`, authenticated with the workflow's own token), GitLab's (`registry.gitlab.com`,
the job token), Amazon ECR (`<account>.dkr.ecr.<region>.amazonaws.com`), Google Artifact
Registry (`<region>-docker.pkg.dev`, `gcr.io`), Azure Container Registry (`*.azurecr.io`),
or any other (Docker Hub, a self-hosted one) logged in with a CI secret. Image names are
`<prefix>/<component id>:<commit>`; registries require lowercase, so the prefix is
lowercased in the shell (repository names may contain capitals).

A platform that runs images only from the registry of its own region and account (AWS
Lambda: Amazon ECR there, `Deploy.registry_in_region` in the catalog) gets its image
from the ECR of the deploy region whatever registry the session names: `Pushes` says
where the build pushes, and `regional_push_line` is the one sentence saying so, for the
pipeline's header and the CI/CD document. Such images are named from `ECR_IMAGE_PREFIX`,
the others from `IMAGE_PREFIX` (`Deployable.image_prefix`). When the session's registry
is not an ECR host naming the account, the account is the one of the role the job
assumed (`aws sts get-caller-identity`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from exporters.ci.deploy_targets import deployables
from exporters.ci.shell import word
from exporters.common import region, service_of
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


LAYER_CACHE: dict[Ci, str] = {
    "github": "Docker layers cached in the Actions cache per image and branch",
    "gitlab": "Docker layers cached as each branch's image tagged cache-<branch>",
}
"""Where the build keeps Docker layers between runs, for the pipeline's header. GitHub
restores a run's cache only from its own branch and the default branch, and GitLab's
build reads only its own branch's `CACHE_TAG`, so a build never starts from layers that a
pull request, or a branch with fewer protections, wrote."""

CACHE_TAG = "cache-$CI_COMMIT_REF_SLUG"
"""The tag of a branch's last image, which its next GitLab build takes layers from."""

ACCOUNT = "$AWS_ACCOUNT_ID"
"""The account in an ECR host the session does not name, looked up in the job."""

_LOOKUP_ACCOUNT = 'AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"'
_LOWER = "tr '[:upper:]' '[:lower:]'"


def ecr_region(host: str) -> str:
    """The region of the Amazon ECR host `host`."""
    return host.split(".dkr.ecr.")[1].split(".", maxsplit=1)[0]


@dataclass(frozen=True, slots=True)
class Pushes:
    """Where the build pushes the images of a design."""

    session_registry: bool
    """Whether some image goes to `pipeline.build.registry`."""
    regional: str | None
    """The Amazon ECR host of the deploy region, for images of a platform that runs them
    only from there (`ECR_IMAGE_PREFIX`); it may start with `ACCOUNT`. None: no such image."""
    moved: tuple[str, ...]
    """Components whose image goes to `regional` because the session's registry is not
    that one."""

    @property
    def regional_login(self) -> bool:
        """Whether the build logs in to `regional` besides the session's registry."""
        return bool(self.moved)


def pushes(session: Session) -> Pushes:
    """Where the build pushes each image of `session`."""
    images = [t for t in deployables(session) if t.builds_image]
    regional_targets = [t for t in images if t.image_prefix == "ECR_IMAGE_PREFIX"]
    host = session.pipeline.build.registry
    if not regional_targets:
        return Pushes(bool(images), None, ())
    where = region(session)
    if registry_kind(host) is Registry.ECR and ecr_region(host) == where:
        return Pushes(True, host, ())
    account = host.split(".", 1)[0] if registry_kind(host) is Registry.ECR else ACCOUNT
    regional = f"{account}.dkr.ecr.{where}.amazonaws.com"
    names = tuple(t.component.name for t in regional_targets)
    return Pushes(len(regional_targets) < len(images), regional, names)


def destinations(session: Session) -> str:
    """Where the images go, in a few words: the session's registry, the deploy region's
    ECR, or both."""
    found = pushes(session)
    ecr = f"{Registry.ECR.words} in {region(session)}"
    if not found.moved:
        return session.pipeline.build.registry
    if not found.session_registry:
        return ecr
    return f"{session.pipeline.build.registry} and {ecr}"


def build_words(session: Session, ci: Ci) -> str:
    """What the build stage does with images, for the pipeline's header."""
    found = pushes(session)
    if not (found.session_registry or found.regional):
        return "no container image to build"
    return f"images pushed to {destinations(session)}, {LAYER_CACHE[ci]}"


def regional_push_line(session: Session) -> str | None:
    """The sentence saying which images go to the deploy region's ECR instead of the
    session's registry, and why; None when none do."""
    found = pushes(session)
    if not found.moved or found.regional is None:
        return None
    moved = [
        t for t in deployables(session) if t.builds_image and t.image_prefix == "ECR_IMAGE_PREFIX"
    ]
    labels = " and ".join(dict.fromkeys(service_of(t.component).label for t in moved))
    prefix = f"{found.regional}/{project_slug(session).lower()}"
    images = ", ".join(f"the image of {t.component.name} to {prefix}/{t.id}" for t in moved)
    account = (
        f"{ACCOUNT} is the account of the build's role (AWS_DEPLOY_ROLE_ARN), which must be "
        "the functions' account"
        if found.regional.startswith(ACCOUNT)
        else "the account is the one the session's registry names"
    )
    return (
        f"{labels} runs images only from {Registry.ECR.words} in its own region and account: "
        "the build "
        f"pushes {images}, not to {session.pipeline.build.registry}; {account}, and each "
        "repository must exist."
    )


PREFIXES = ("IMAGE_PREFIX", "ECR_IMAGE_PREFIX")
"""The shell variables image names start with (`Deployable.image_prefix`)."""


def prefixes_in(scripts: Iterable[str]) -> tuple[str, ...]:
    """The image prefix variables `scripts` read."""
    text = "\n".join(scripts)
    return tuple(v for v in PREFIXES if f"${v}/" in text)


def image_prefix_lines(
    session: Session, ci: Ci, variables: Iterable[str], *, credentials: str | None = None
) -> list[str]:
    """Shell lines setting the image prefix `variables` (of `PREFIXES`). `credentials`:
    a shell condition under which the job has AWS credentials (the build pushes only
    then); without it, it always has them."""
    wanted = set(variables)
    lines = []
    if "IMAGE_PREFIX" in wanted:
        lines.append(image_prefix_script(session, ci))
    regional = pushes(session).regional
    if regional is not None and "ECR_IMAGE_PREFIX" in wanted:
        if regional.startswith(ACCOUNT):
            if credentials is None:
                lines.append(_LOOKUP_ACCOUNT)
            else:
                # Built but not pushed without credentials: any account names the image.
                lines.append(
                    f"if {credentials}; then {_LOOKUP_ACCOUNT}; else AWS_ACCOUNT_ID=none; fi"
                )
        raw = _host_word(f"{regional}/{project_slug(session)}")
        lines.append(f'ECR_IMAGE_PREFIX="$(echo {raw} | {_LOWER})"')
    return lines


def _host_word(text: str) -> str:
    """`text` as one shell word, `ACCOUNT` at its start expanded and the rest quoted."""
    if text.startswith(ACCOUNT):
        return f'"{ACCOUNT}"{word(text.removeprefix(ACCOUNT))}'
    return word(text)


def regional_login_script(session: Session) -> str:
    """Log docker in to the deploy region's ECR (after the AWS login), the host read from
    `ECR_IMAGE_PREFIX`."""
    return (
        f"aws ecr get-login-password --region {word(region(session))} | "
        'docker login --username AWS --password-stdin "${ECR_IMAGE_PREFIX%%/*}"'
    )


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
        return (
            f"aws ecr get-login-password --region {word(ecr_region(host))} | "
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


def build_clouds(session: Session, ci: Ci) -> tuple[Cloud, ...]:
    """The clouds the build logs in to before pushing: its registry's, and AWS for the
    images that go to the deploy region's ECR."""
    found = pushes(session)
    clouds = []
    if found.session_registry and (cloud := needs_cloud_login(session, ci)) is not None:
        clouds.append(cloud)
    if found.regional_login and Cloud.AWS not in clouds:
        clouds.append(Cloud.AWS)
    return tuple(clouds)


def needs_cloud_login(session: Session, ci: Ci) -> Cloud | None:
    """The cloud the build must log in to before pushing to the session's registry (None:
    docker login suffices)."""
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
    if not pushes(session).session_registry:
        return False
    kind = registry_kind(session.pipeline.build.registry)
    if kind is Registry.ECR or (
        ci == "github" and kind in (Registry.GHCR, Registry.GAR, Registry.ACR)
    ):
        return False
    return not (ci == "gitlab" and kind is Registry.GITLAB)

"""Every external version the generated pipelines run: actions, images and tools, pinned.

GitHub actions are pinned to full commit SHAs with the release tag in a comment (a tag
can be moved, a commit cannot); container images and CLI tools to exact versions. One
table, so a version bump is one reviewed edit and every exported file moves together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Action:
    """A GitHub action at a fixed commit."""

    repo: str
    """`owner/name` (or `owner/name/path` for an action in a sub-folder)."""
    sha: str
    """The full 40-character commit the release tag pointed at."""
    tag: str
    """The release tag, for people."""

    @property
    def uses(self) -> str:
        """The `uses:` value."""
        return f"{self.repo}@{self.sha}"


CHECKOUT = Action("actions/checkout", "11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2")
SETUP_NODE = Action("actions/setup-node", "39370e3970a6d050c480ffad4ff0ed4d3fdee5af", "v4.1.0")
SETUP_PYTHON = Action("actions/setup-python", "0b93645e9fea7318ecaed2b359559ac225c90a2b", "v5.3.0")
SETUP_GO = Action("actions/setup-go", "3041bf56c941b39c61721a86cd11f3bb1338122a", "v5.2.0")
SETUP_JAVA = Action("actions/setup-java", "7a6d8a8234af8eb26422e24e3006232cccaa061b", "v4.6.0")
AWS_CREDENTIALS = Action(
    "aws-actions/configure-aws-credentials", "e3dd6a429d7300a6a4c196c26e071d42e0343502", "v4.0.2"
)
GCP_AUTH = Action(
    "google-github-actions/auth", "6fc4af4b145ae7821d527454aa9bd537d1f2dc5f", "v2.1.7"
)
GCP_SETUP = Action(
    "google-github-actions/setup-gcloud", "6189d56e4096ee891640bb02ac264be376592d6a", "v2.1.2"
)
AZURE_LOGIN = Action("azure/login", "a65d910e8af852a8061c627c456678983e180302", "v2.2.0")
CODEQL_INIT = Action(
    "github/codeql-action/init", "df409f7d9260372bd5f19e5b04e83cb3c43714ae", "v3.27.9"
)
CODEQL_ANALYZE = Action(
    "github/codeql-action/analyze", "df409f7d9260372bd5f19e5b04e83cb3c43714ae", "v3.27.9"
)

NODE_VERSION = "22"
PYTHON_VERSION = "3.12"
GO_VERSION = "1.23"
JAVA_VERSION = "21"

# CI images for GitLab jobs (exact tags).
IMAGE_NODE = "node:22.12-bookworm"
IMAGE_PYTHON = "python:3.12.8-bookworm"
IMAGE_GO = "golang:1.23.4-bookworm"
IMAGE_JAVA = "eclipse-temurin:21.0.5_11-jdk"
IMAGE_DOCKER = "docker:27.4.1"
IMAGE_DOCKER_DIND = "docker:27.4.1-dind"
IMAGE_AWS_CLI = "amazon/aws-cli:2.22.20"
IMAGE_GCLOUD = "google/cloud-sdk:502.0.0"
IMAGE_AZURE_CLI = "mcr.microsoft.com/azure-cli:2.67.0"
IMAGE_NOTIFY = "alpine:3.21.0"
IMAGE_SEMGREP = "semgrep/semgrep:1.101.0"
IMAGE_TRIVY = "aquasec/trivy:0.58.1"

# Linters and scanners run by version (pip, go run, Maven coordinates).
RUFF = "ruff==0.8.4"
BLACK = "black==24.10.0"
FLAKE8 = "flake8==7.1.1"
MYPY = "mypy==1.14.1"
PIP_AUDIT = "pip-audit==2.7.3"
BANDIT = "bandit==1.8.0"
SEMGREP = "semgrep==1.101.0"
GOLANGCI_LINT = "github.com/golangci/golangci-lint/cmd/golangci-lint@v1.62.2"
GOVULNCHECK = "golang.org/x/vuln/cmd/govulncheck@v1.1.3"
GOSEC = "github.com/securego/gosec/v2/cmd/gosec@v2.21.4"
DEPENDENCY_CHECK = "org.owasp:dependency-check-maven:11.1.1"
SNYK = "snyk@1.1294.3"

# Local stand-ins for managed data services are pinned where they are defined, in the
# catalog (`model/catalog/data/stand_ins.yaml`).

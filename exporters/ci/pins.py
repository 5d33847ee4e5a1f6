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


CHECKOUT = Action("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1")
SETUP_NODE = Action("actions/setup-node", "820762786026740c76f36085b0efc47a31fe5020", "v7.0.0")
SETUP_PYTHON = Action("actions/setup-python", "5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0")
SETUP_GO = Action("actions/setup-go", "b7ad1dad31e06c5925ef5d2fc7ad053ef454303e", "v7.0.0")
SETUP_JAVA = Action("actions/setup-java", "b6effb05e454b25005698d916606bdc6ffcbf961", "v5.7.0")
AWS_CREDENTIALS = Action(
    "aws-actions/configure-aws-credentials", "e6de054238d6b7531b4efff3b6587d9aade6a06c", "v6.2.3"
)
GCP_AUTH = Action(
    "google-github-actions/auth", "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093", "v3.0.0"
)
GCP_SETUP = Action(
    "google-github-actions/setup-gcloud", "aa5489c8933f4cc7a4f7d45035b3b1440c9c10db", "v3.0.1"
)
AZURE_LOGIN = Action("azure/login", "f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca", "v3.0.1")
SETUP_BUILDX = Action(
    "docker/setup-buildx-action", "37fe631027851001ddb9b187196cc803df7f5f0e", "v4.3.0"
)
BUILD_PUSH = Action(
    "docker/build-push-action", "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a", "v7.3.0"
)
CODEQL_INIT = Action(
    "github/codeql-action/init", "8aad20d150bbac5944a9f9d289da16a4b0d87c1e", "v4.36.2"
)
CODEQL_ANALYZE = Action(
    "github/codeql-action/analyze", "8aad20d150bbac5944a9f9d289da16a4b0d87c1e", "v4.36.2"
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
IMAGE_GCLOUD = "google/cloud-sdk:502.0.0"
IMAGE_AZURE_CLI = "mcr.microsoft.com/azure-cli:2.67.0"
IMAGE_NOTIFY = "alpine:3.21.0"
IMAGE_SEMGREP = "semgrep/semgrep:1.101.0"
IMAGE_TRIVY = "aquasec/trivy:0.58.1"

# The AWS CLI the GitLab deploy jobs install (on IMAGE_PYTHON): the same release the test
# suite validates every `aws` command against (pyproject's dev extras), so an option or
# parameter key the scripts use is one this CLI accepts. Image tags of amazon/aws-cli
# lag the service models (2.22 rejected ECS's `strategy` deployment key).
AWS_CLI = "awscli==1.45.11"

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

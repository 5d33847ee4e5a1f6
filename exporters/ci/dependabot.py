"""The Dependabot configuration of the GitHub workflow: keeps the pinned actions current.

The workflow pins every action to a commit (`exporters.ci.pins`); a pin nobody bumps
falls majors behind. Dependabot's `github-actions` ecosystem reads the workflows in
`.github/workflows`, opens a pull request when an action has a new release and rewrites
the SHA together with its `# vX.Y.Z` comment, so pins stay both immutable and current.
"""

from __future__ import annotations

from typing import Any

from exporters.common import banner
from exporters.yaml_text import render_yaml
from model.analysis import Analysis

PATH = ".github/dependabot.yml"
"""Where the file goes in the repository (the bundle keeps it under `ci/`)."""


def dependabot_config(analysis: Analysis) -> str:
    """`.github/dependabot.yml`: weekly, grouped pull requests for the workflow's actions."""
    config: dict[str, Any] = {
        "version": 2,
        "updates": [
            {
                "package-ecosystem": "github-actions",
                "directory": "/",
                "schedule": {"interval": "weekly"},
                "groups": {"actions": {"patterns": ["*"]}},
                "commit-message": {"prefix": "ci"},
            }
        ],
    }
    header = [
        *banner(analysis.session, "Dependabot configuration"),
        f"Copy to {PATH}: it keeps the SHA-pinned actions of the workflow current.",
    ]
    return render_yaml(config, header)

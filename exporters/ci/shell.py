"""Session text in the pipelines' shell scripts: one quoted word, never code.

Every value a person typed that a script needs (a registry host, a health-check path, a
channel's target, a secret's manager path) enters a script through `word`, which
single-quotes it for any POSIX shell, so `$(...)`, backticks, `;` and quotes in it are
data. GitHub substitutes `${{ ... }}` before any shell runs, where no quoting helps: the
model refuses that opener in every one-line field (`model.base.ONE_LINE`), and the
workflow's own expressions sit in `env:`, never in a script. Identifiers the model
constrains to letters, digits and dashes (component ids, environment and variable
names, the project slug) are written as they are.

The exception is the team's own commands (unit, integration and smoke tests, the
frontend build: `model.sections.pipeline.RUNS_AS_CODE`): a pipeline runs them as written,
by design, and the file's header says so.
"""

from __future__ import annotations

import shlex


def word(text: str) -> str:
    """`text` as one shell word that no shell expands: single-quoted when it needs to be."""
    return shlex.quote(text)

"""The shell scripts inside exported CI files, and the `aws` commands inside those scripts.

`github_scripts` and `gitlab_scripts` turn a pipeline file into one script per job step
(GitHub `run:`) or per job (GitLab `before_script:` + `script:`, and `after_script:` on its
own, as GitLab runs it in a separate shell), each with the shell that runs it: GitHub's
default `bash -e` on `ubuntu-latest`, and for GitLab `sh` in Alpine-based images (docker,
alpine), `bash` elsewhere. `${{ ... }}` expressions become a plain placeholder word, as
GitHub substitutes them before the shell sees the script.

`aws_commands` finds every `aws ...` command line in a script and returns its arguments,
with shell expansions replaced by a placeholder value, for `tests.aws_dry_run`.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Script:
    """One shell script of a CI file."""

    where: str
    """Job and step, for messages."""
    shell: str
    """`bash` or `sh`."""
    text: str
    """The script as the shell receives it."""


_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)
_SH_IMAGES = ("docker:", "alpine:")


def github_scripts(text: str) -> list[Script]:
    """Every `run:` of a GitHub workflow."""
    doc: dict[str, Any] = yaml.load(text, Loader=yaml.CSafeLoader)
    out: list[Script] = []
    for job_id, job in doc.get("jobs", {}).items():
        for i, step in enumerate(job.get("steps", [])):
            if "run" in step:
                shell = str(step.get("shell", "bash")).split()[0]
                body = _EXPRESSION.sub("GITHUB_EXPRESSION", str(step["run"]))
                out.append(Script(f"{job_id} step {i} ({step.get('name', '')})", shell, body))
    return out


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def gitlab_scripts(text: str) -> list[Script]:
    """`before_script` + `script`, and `after_script`, of every GitLab job."""
    doc: dict[str, Any] = yaml.load(text, Loader=yaml.CSafeLoader)
    default = doc.get("default", {}) or {}
    out: list[Script] = []
    for job_id, job in doc.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        image = job.get("image", default.get("image", ""))
        name = image.get("name", "") if isinstance(image, dict) else str(image)
        shell = "sh" if name.startswith(_SH_IMAGES) else "bash"
        before = _lines(job.get("before_script", default.get("before_script")))
        main = [*before, *_lines(job["script"])]
        out.append(Script(f"{job_id} script", shell, "\n".join(main)))
        after = _lines(job.get("after_script", default.get("after_script")))
        if after:
            out.append(Script(f"{job_id} after_script", shell, "\n".join(after)))
    return out


_STARTS = re.compile(r"(?:^|(?<=[\s(;|&`]))aws(?=\s)")
_ENDS = {";", "|", "||", "&", "&&", ")", ">", ">>", "<", "2>", "(", "\n"}
_EXPANSION = re.compile(r"\$\((?:[^()]|\([^()]*\))*\)|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|`[^`]*`")
PLACEHOLDER = "1"
"""What every shell expansion becomes: valid as a name, a number and a list item."""


def aws_commands(script: str) -> list[list[str]]:
    """The arguments (after `aws`) of every AWS CLI command in `script`."""
    joined = script.replace("\\\n", " ")
    out: list[list[str]] = []
    for match in _STARTS.finditer(joined):
        rest = joined[match.end() :]
        # Expansions first, so `"$(aws ...)"` inside an argument does not end it.
        rest = _EXPANSION.sub(PLACEHOLDER, rest)
        lexer = shlex.shlex(rest.split("\n", 1)[0], posix=True, punctuation_chars=";&|()<>")
        lexer.whitespace_split = True
        argv: list[str] = []
        for token in lexer:
            if token in _ENDS or token[0] in ";|&)<>(":
                break
            argv.append(token)
        argv = [a for a in argv if a]
        if argv and argv[0] not in {"configure"}:
            out.append(argv)
    return out


def quoted(argv: list[str]) -> str:
    """`aws` and its arguments as one shell line, for messages."""
    return "aws " + shlex.join(argv)

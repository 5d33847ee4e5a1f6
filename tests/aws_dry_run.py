"""Run `aws` command lines through the AWS CLI's own parsing and validation, offline.

`python -m tests.aws_dry_run` reads a JSON list of argument lists (each without the
leading `aws`) on stdin and prints a JSON list of `[argv, error or null]`. Each command
runs through `awscli.clidriver` exactly as the `aws` program would: argparse over the
operation's argument table (unknown options, missing required ones), shorthand and JSON
parameter parsing, then botocore's parameter validation against the service model (key
names, types, enum-free shapes). A handler on botocore's `before-call` event, which
fires after validation and before anything is signed or sent, raises `DryRunStopError`; the
driver reports that as an error message containing `DRY-RUN-OK`, which this script turns
into success. No request leaves the machine and no credentials are needed (dummy keys
are set so credential lookup never reaches the instance metadata service). Waiters and
custom commands (`ecr get-login-password`, `ecs wait`) call their operation the same
way, so they are stopped at the same point.

A `file://` argument naming a file that an earlier step of the script writes at run time
(a task definition or App Runner source configuration edited with jq) is replaced by a
file holding `RUNTIME_FILES[option]`, the smallest value of that shape; its option name
and everything else on the line are still checked.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from awscli.clidriver import CLIDriver

MARKER = "DRY-RUN-OK"


class DryRunStopError(Exception):
    """Raised where the request would be sent."""


RUNTIME_FILES: dict[str, Any] = {
    "--cli-input-json": {
        "family": "api",
        "containerDefinitions": [{"name": "api", "image": "registry/api:sha"}],
    },
    "--source-configuration": {
        "ImageRepository": {"ImageIdentifier": "registry/api:sha", "ImageRepositoryType": "ECR"}
    },
}
"""Stand-ins for files the scripts write at run time, by the option that reads them."""


def _runtime_files(argv: list[str], folder: str) -> list[str]:
    out = list(argv)
    for i, value in enumerate(out):
        if i and value.startswith("file://") and not Path(value[len("file://") :]).exists():
            path = Path(folder) / f"{i}.json"
            path.write_text(json.dumps(RUNTIME_FILES[out[i - 1]]), encoding="utf-8")
            out[i] = f"file://{path}"
    return out


def _stop(**_: Any) -> None:
    raise DryRunStopError(MARKER)


@cache
def _driver() -> CLIDriver:
    """One driver for every command: building one loads the session and the command
    table (about 170 ms); a driver parses each command line afresh, so reusing it gives
    the same verdicts (checked on every command of the test bundles: 35 s to 2.6 s)."""
    from awscli.clidriver import create_clidriver

    driver = create_clidriver()
    driver.session.register("before-call", _stop)
    return driver


def check(argv: list[str]) -> str | None:
    """None when `aws *argv` would be sent, else what the AWS CLI said."""
    driver = _driver()
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = driver.main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    said = err.getvalue() + out.getvalue()
    if MARKER in said:
        return None
    return f"exit {code}: {said.strip()}" if code or said.strip() else "no request was made"


def main() -> None:
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "AKIADRYRUN",
            "AWS_SECRET_ACCESS_KEY": "dry-run",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    commands: list[list[str]] = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as folder:
        results = [[argv, check(_runtime_files(argv, folder))] for argv in commands]
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    main()

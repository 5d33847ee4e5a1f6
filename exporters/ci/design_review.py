"""The design-review job of both pipelines: on a pull (merge) request that changes the
session or its exported bundle, it posts `infrasketch diff` against the target branch as
one comment, updated in place on every push, checks the committed bundle with
`infrasketch export --check`, and fails on the session's guardrails
(`pipeline.design_review`).

What both CI systems run is written here once; `github_actions` and `gitlab_ci` wrap it
in their own job. Session text reaches the scripts only as quoted words
(`exporters.ci.shell.word`): the session file, the bundle folder and each guardrail.
The comment is found again by `exporters.diff.MARKER`, its first line. On GitHub the
job's token posts it (`pull-requests: write`; a pull request from a fork gets a read-only
token, so the review goes to the job summary only). GitLab's job token cannot write
notes: a project access token with the `api` scope in the masked variable
`INFRASKETCH_REVIEW_TOKEN` can; without it the review is printed in the job log.
"""

from __future__ import annotations

import json

from exporters.ci.registry import Ci
from exporters.ci.shell import word
from exporters.common import tool_version
from exporters.diff import MARKER
from model.sections.pipeline import DesignReview
from model.session import Session

JOB_ID = "design-review"
"""The job's id in both pipelines."""

TIMEOUT_MINUTES = 10
"""Installing infrasketch, two analyses and one API call."""

COMMENT_FILE = "design-diff.md"
"""Where the job writes the comment before posting it."""

GITLAB_TOKEN = "INFRASKETCH_REVIEW_TOKEN"
"""The GitLab CI/CD variable holding a project access token that may write notes."""


def design_review(session: Session) -> DesignReview | None:
    """The session's design-review settings, or None when the pipeline has no such job."""
    review = session.pipeline.design_review
    return review if review.enabled else None


def install() -> str:
    """Install the infrasketch release that exported the pipeline."""
    release = word(f"infrasketch=={tool_version()}")
    return f"python -m pip install --quiet --disable-pip-version-check {release}"


def watched(review: DesignReview) -> list[str]:
    """The paths whose change calls for a review: the session and its bundle."""
    return [review.session_file, review.docs_folder]


def diff_script(review: DesignReview, base_ref: str, blob_url: str) -> str:
    """Write the comment, keep the exit code in `$status` (1: a guardrail holds), and stop
    on anything worse: an unreadable session writes no comment. `base_ref` names the
    target branch's commit, `blob_url` where the head's files are read (both a script's
    double-quoted words of CI variables)."""
    session = word(review.session_file)
    link_base = f'"{blob_url}/"{word(review.docs_folder + "/")}'
    guardrails = "".join(f" --fail-on {word(g)}" for g in review.fail_on)
    return "\n".join(
        [
            "set +e",
            f'infrasketch diff "{base_ref}:"{session} {session} --format markdown '
            f"--link-base {link_base}{guardrails} > {COMMENT_FILE}",
            "status=$?",
            "set -e",
            f'if [ "$status" -ne 0 ] && [ ! -s {COMMENT_FILE} ]; then exit "$status"; fi',
            'if [ "$status" -gt 1 ]; then exit "$status"; fi',
        ]
    )


def check_script(review: DesignReview) -> str:
    """Fail when the committed bundle does not match the session."""
    return (
        f"infrasketch export {word(review.session_file)} --out {word(review.docs_folder)} --check"
    )


def github_post_script() -> str:
    """Post the comment, or update the one an earlier run posted (found by its marker)."""
    find = f".[] | select(.body | startswith({json.dumps(MARKER)})) | .id"
    api = '"repos/$GITHUB_REPOSITORY/issues'
    body = f"-F body=@{COMMENT_FILE} > /dev/null"
    return "\n".join(
        [
            f'comment_id=$(gh api --paginate {api}/$PR_NUMBER/comments" --jq {word(find)} '
            "| head -n 1)",
            'if [ -n "$comment_id" ]; then',
            f'  gh api --method PATCH {api}/comments/$comment_id" {body}',
            "else",
            f'  gh api --method POST {api}/$PR_NUMBER/comments" {body}',
            "fi",
        ]
    )


def gitlab_post_script() -> str:
    """Post the note, or update the one an earlier run posted; without a token, print it."""
    find = (
        'import json, sys; print(next((str(n["id"]) for n in json.load(sys.stdin) '
        'if n["body"].startswith(sys.argv[1])), ""))'
    )
    auth = f'--header "PRIVATE-TOKEN: ${GITLAB_TOKEN}"'
    curl = "curl --fail --silent --show-error"
    return "\n".join(
        [
            f'if [ -z "${{{GITLAB_TOKEN}:-}}" ]; then',
            f'  echo "{GITLAB_TOKEN} is not set: the review is printed here, not posted."',
            f"  cat {COMMENT_FILE}",
            "else",
            '  notes="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/'
            '$CI_MERGE_REQUEST_IID/notes"',
            f'  note_id=$({curl} {auth} "$notes?per_page=100&sort=asc&order_by=created_at" '
            f"| python3 -c {word(find)} {word(MARKER)})",
            '  if [ -n "$note_id" ]; then',
            f'    {curl} --request PUT {auth} --data-urlencode "body@{COMMENT_FILE}" '
            '"$notes/$note_id" > /dev/null',
            "  else",
            f'    {curl} --request POST {auth} --data-urlencode "body@{COMMENT_FILE}" '
            '"$notes" > /dev/null',
            "  fi",
            "fi",
        ]
    )


def guardrail_script() -> str:
    """Fail the job when the diff said a guardrail holds (`$DIFF_STATUS` 1)."""
    return (
        'if [ "$DIFF_STATUS" = 1 ]; then\n'
        '  echo "The design change breaks a guardrail of pipeline.design_review.fail_on '
        '(the comment says which)."\n'
        "  exit 1\n"
        "fi"
    )


def header_line(session: Session, ci: Ci) -> list[str]:
    """The pipeline header's words about the design review, if the pipeline has one."""
    review = design_review(session)
    if review is None:
        return []
    where = "pull requests" if ci == "github" else "merge requests"
    lines = [
        f"Design review: {where} that change {review.session_file} or {review.docs_folder} get "
        "one comment with the cost, availability and risk delta (infrasketch diff), updated "
        "on every push, and fail when the exported documents are stale"
        + (f" or on {', '.join(review.fail_on)}." if review.fail_on else ".")
    ]
    if ci == "gitlab":
        lines.append(
            f"Set {GITLAB_TOKEN} (masked; a project access token with the api scope) so the "
            "job can post its merge request note."
        )
    return lines

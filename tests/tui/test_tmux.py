"""End to end in a real terminal: the `infrasketch` command under tmux at 120×40.

A whole workshop is run with the keyboard alone — a design made from nothing, saved, then
through Pipeline, Deployment, Security, Incidents, the skeptic answered on Review, and the
bundle written on Export — the app quit, the saved file validated with `infrasketch
validate` and the exported folder checked with `infrasketch export --check`; then a
session is edited, the process killed with SIGKILL, and the autosave recovered on the next
start; and the app is stopped from outside (SIGTERM, SIGHUP, its terminal closed), run
directly and through `make run`, 0.2 s after a change: it exits within a second with one
line, the terminal restored, and the change is recovered on the next start.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.enums import Metric, Provider
from sessions.bundled import example_path
from sessions.store import load
from tests.cli import COMMAND, infrasketch

REPOSITORY = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.serial]

if shutil.which("tmux") is None:  # pragma: no cover - the Makefile's setup installs it
    raise RuntimeError("these tests need tmux (apt-get install tmux)")


class Terminal:
    """One tmux server and window running a command, with keys in and the screen out."""

    def __init__(self, socket: str, cwd: Path) -> None:
        self.socket = socket
        self.cwd = cwd

    def tmux(self, *args: str) -> str:
        """Run a tmux command on this server; its output."""
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return result.stdout

    def start(self, *args: str, make: bool = False) -> None:
        """Run `infrasketch ARGS` (with `make`: `make run ARGS=...` in the repository) in a
        new 120×40 window; the exit code is printed after."""
        env = {
            name: os.environ[name]
            for name in ("HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "PATH")
        }
        env |= {"INFRASKETCH_IMAGES": "none", "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = " ".join(shlex.quote(a) for a in (str(COMMAND), *args))
        if make:
            command = (
                f"make -C {shlex.quote(str(REPOSITORY))} --no-print-directory run "
                f"ARGS={shlex.quote(' '.join(args))}"
            )
        script = (
            f"cd {shlex.quote(str(self.cwd))} && env -i {exports} {command}; echo EXIT=$?; sleep 60"
        )
        for attempt in range(3):
            try:
                self.tmux("new-session", "-d", "-s", "app", "-x", "120", "-y", "40", script)
                return
            except subprocess.CalledProcessError:
                # A server just killed (`stop`) can still hold the socket for a moment.
                if attempt == 2:
                    raise
                time.sleep(0.5)

    def screen(self) -> str:
        """The visible screen as text."""
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        """Wait until `text` is on the screen; the screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")
            time.sleep(0.2)

    def keys(self, *keys: str, pause: float = 0.3) -> None:
        """Press keys (tmux names: Enter, Tab, Down, C-s…) one at a time, as a person would."""
        for key in keys:
            self.tmux("send-keys", "-t", "app", key)
            time.sleep(pause)

    def type(self, text: str) -> None:
        """Type literal text."""
        self.tmux("send-keys", "-t", "app", "-l", text)
        time.sleep(0.3)

    def app_pid(self) -> int:
        """The pid of the infrasketch process in the window (under `make` too)."""
        shell = int(self.tmux("list-panes", "-t", "app", "-F", "#{pane_pid}").strip())
        parents = [shell]
        while parents:
            children = subprocess.run(
                ["pgrep", "-P", ",".join(map(str, parents))],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.split()
            for pid in map(int, children):
                command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                if any(part.endswith(b"/infrasketch") for part in command[:2]):
                    return pid
            parents = list(map(int, children))
        raise AssertionError("infrasketch is not running")

    def modes(self) -> dict[str, str]:
        """The terminal modes the app may leave behind: alternate screen, mouse tracking,
        cursor shown."""
        shown = self.tmux(
            "display", "-p", "-t", "app", "#{alternate_on} #{mouse_any_flag} #{cursor_flag}"
        ).split()
        return dict(zip(("alternate", "mouse", "cursor"), shown, strict=True))

    def stop(self) -> None:
        """End the tmux server."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A private tmux server working in `tmp_path`."""
    term = Terminal(f"infrasketch-test-{os.getpid()}-{tmp_path.name}", tmp_path)
    yield term
    term.stop()


def test_whole_workshop_from_nothing_to_an_export(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start()
    terminal.wait_for("Project name")
    # Start: name, provider (down to GCP), the "Start new design" button.
    terminal.type("Tmux Shop")
    terminal.keys("Enter", "Down", "Enter", "Tab", "Enter")
    terminal.wait_for("Who uses the system")
    # Context: users (two tabs from the project name).
    terminal.keys("Tab", "Tab", "C-u")
    terminal.type("5000")
    terminal.keys("C-n")
    terminal.wait_for("This design on each provider")
    terminal.keys("C-n")
    terminal.wait_for("Links")
    # Components: add one to the highlighted category, pick the second service.
    terminal.keys("a", pause=1)
    terminal.wait_for("pick its service")
    terminal.keys("Down", "Enter", pause=1)
    terminal.keys("C-n")
    terminal.wait_for("Where the pipeline deploys")
    terminal.keys("C-n")
    terminal.wait_for("Error rate (%)")
    time.sleep(0.5)  # the first input takes the keyboard once the step is drawn
    # Alerts: the error-rate warning (the first input has the keyboard).
    terminal.keys("C-u")
    terminal.type("2")
    assert "●" in terminal.screen().splitlines()[0]
    terminal.keys("C-s")
    terminal.wait_for("Save the session as")
    terminal.keys("Enter")
    screen = terminal.wait_for("tmux-shop.yaml · Tmux Shop")
    assert "●" not in screen.splitlines()[0]
    # The rest of the walk: every step, the skeptic answered, the bundle exported.
    terminal.keys("C-n")
    terminal.wait_for("1 Lint and format")
    terminal.keys("C-n")
    terminal.wait_for("Canary traffic steps")
    terminal.keys("C-n")
    terminal.wait_for("Tools (components of the design)")
    terminal.keys("C-n")
    terminal.wait_for("Severity levels")
    terminal.keys("C-n")
    terminal.wait_for("Cost [1]")
    terminal.keys("3")
    terminal.wait_for("enter: answer")
    terminal.keys("Enter")
    terminal.wait_for("The team's answer")
    terminal.type("Accepted for the pilot")
    terminal.keys("Enter")
    terminal.wait_for("Answered: Accepted for the pilot")
    terminal.keys("C-n")
    terminal.wait_for("What to export")
    terminal.wait_for("No export here yet")
    terminal.keys("w")
    terminal.wait_for("Exported to", timeout=60)
    terminal.keys("C-s")
    terminal.wait_for("Saved")
    terminal.keys("C-q")
    terminal.wait_for("EXIT=0")

    export = tmp_path / "tmux-shop-export"
    for name in (
        "ARCHITECTURE.md",
        "docs/06-cost.md",
        "docs/roles/qa.md",
        "ci/github-actions.yml",
        "monitoring/cloud-monitoring/critical.yml",  # the GCP design's own alerting policies
        "diagrams/architecture.png",
        ".env.example",
        "manifest.json",
    ):
        assert (export / name).is_file(), name
    check = infrasketch("export", tmp_path / "tmux-shop.yaml", "--out", export, "--check")
    assert check.returncode == 0, check.stdout + check.stderr

    saved = tmp_path / "tmux-shop.yaml"
    result = infrasketch("validate", saved)
    assert result.returncode == 0, result.stderr
    session = load(saved)
    assert session.provider is Provider.GCP
    assert session.context.project == "Tmux Shop"
    assert session.context.users == 5000
    from sessions.starter import starter_session

    assert len(session.components) == len(starter_session(Provider.GCP).components) + 1
    error_rate = session.monitoring.threshold(Metric.ERROR_RATE)
    assert error_rate is not None and error_rate.warning == 2
    answered = [d for d in session.decisions if d.finding]
    assert [d.answer for d in answered] == ["Accepted for the pilot"]


def _open_type_and_autosave(terminal: Terminal, tmp_path: Path) -> tuple[Path, Path]:
    """Open a copy of the GDPR example, append " Nord" to the project name and wait until
    the autosave holds it; the session file and its autosave."""
    shop = tmp_path / "shop.yaml"
    shutil.copyfile(example_path("eu-shop-gcp"), shop)
    autosave = tmp_path / "shop.autosave.yaml"
    terminal.start("open", "shop.yaml")
    terminal.wait_for("Nordhaus Shop")
    time.sleep(1)  # the project name takes the keyboard once the step is drawn
    terminal.keys("End")
    terminal.type(" Nord")
    deadline = time.monotonic() + 20
    while not autosave.exists() or "Nord" not in autosave.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "no autosave was written"
        time.sleep(0.2)
    return shop, autosave


def test_autosave_survives_sigkill(terminal: Terminal, tmp_path: Path) -> None:
    shop, autosave = _open_type_and_autosave(terminal, tmp_path)
    os.kill(terminal.app_pid(), signal.SIGKILL)
    terminal.wait_for("EXIT=137")
    terminal.stop()
    assert load(shop).context.project == "Nordhaus Shop"

    terminal.start("open", "shop.yaml")
    terminal.wait_for("holds work that is not in")
    terminal.keys("r")
    terminal.wait_for("Nordhaus Shop Nord ●")
    terminal.keys("C-s")
    terminal.wait_for("shop.yaml · Nordhaus Shop Nord")
    terminal.keys("C-q")
    terminal.wait_for("EXIT=0")
    assert load(shop).context.project == "Nordhaus Shop Nord"
    assert not autosave.exists()


def test_an_undone_change_is_not_recovered_after_sigkill(
    terminal: Terminal, tmp_path: Path
) -> None:
    """Type, let the autosave take it, undo, kill -9: the next open offers the state the
    undo left (or nothing, when the undo went back to the file), never the undone text."""
    shop, autosave = _open_type_and_autosave(terminal, tmp_path)
    terminal.keys("C-z")
    header = terminal.wait_for("Undone").splitlines()[0]
    time.sleep(1)  # an undo settles the autosave at once, in a worker
    os.kill(terminal.app_pid(), signal.SIGKILL)
    terminal.wait_for("EXIT=137")
    terminal.stop()
    undone_to = header.split("· ", 1)[1].removesuffix("●").strip()
    assert load(shop).context.project == "Nordhaus Shop"
    if undone_to == "Nordhaus Shop":
        assert not autosave.exists(), "undone back to the file: nothing to recover"
        return
    assert load(autosave).context.project == undone_to
    assert undone_to != "Nordhaus Shop Nord", "the undo took something back"


def _gone(pid: int) -> bool:
    """Whether `pid` has ended (a zombie waiting for its parent counts as ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "State:\tZ" in status


@pytest.mark.parametrize("make", [False, True], ids=["direct", "make-run"])
@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP", "terminal-closed"])
def test_a_stop_from_outside_keeps_the_change_and_the_terminal(
    terminal: Terminal, tmp_path: Path, stop: str, make: bool
) -> None:
    shop = tmp_path / "shop.yaml"
    shutil.copyfile(example_path("eu-shop-gcp"), shop)
    terminal.start("open", str(shop), make=make)
    terminal.wait_for("Nordhaus Shop")
    time.sleep(1)  # the project name takes the keyboard once the step is drawn
    terminal.keys("End", pause=0.2)
    terminal.tmux("send-keys", "-t", "app", "-l", " Nord")
    terminal.wait_for("Nordhaus Shop Nord ●")  # the change has landed in the session
    time.sleep(0.2)
    pid = terminal.app_pid()
    sent = time.monotonic()
    if stop == "terminal-closed":
        terminal.tmux("kill-session", "-t", "app")
    else:
        os.kill(pid, getattr(signal, stop))
    while not _gone(pid):
        assert time.monotonic() - sent < 1.0, f"still running 1 s after {stop}"
        time.sleep(0.02)
    if stop != "terminal-closed":
        code = 128 + getattr(signal, stop)
        screen = terminal.wait_for("EXIT=")
        assert f"infrasketch stopped by {stop}; your unsaved work is in " in screen
        assert f"EXIT={2 if make else code}" in screen  # make says Error 143 and exits 2
        assert terminal.modes() == {"alternate": "0", "mouse": "0", "cursor": "1"}
    terminal.stop()
    assert load(shop).context.project == "Nordhaus Shop"

    terminal.start("open", "shop.yaml")
    terminal.wait_for("holds work that is not in")
    terminal.keys("r")
    terminal.wait_for("Nordhaus Shop Nord ●")
    terminal.keys("C-s")
    assert "●" not in terminal.wait_for("Saved").splitlines()[0]
    terminal.keys("C-q")
    terminal.wait_for("EXIT=0")
    assert load(shop).context.project == "Nordhaus Shop Nord"

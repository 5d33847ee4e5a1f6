"""`python -m tui.cli`: the same as the `infrasketch` command."""

from tui.cli import entry_point

entry_point()

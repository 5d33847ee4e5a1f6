"""The terminal user interface and the command line.

Importing this package does not import Textual: the headless commands (`validate`,
`export`, `report`, `schema`, ...) live in `tui.cli` and load the app only when asked.
"""

"""Session files and the state of an open session, without any UI.

`store` (YAML load/save, atomic, with a backup; `yaml_io`, `atomic`, `errors`),
`migrations` and `schema` (versions and the JSON Schema), `bundled` (the example
sessions and the starter designs, `examples/*.yaml` and `starters/*.yaml`), `starter`,
`state` (`SessionState`: the open session, its file, saved copy, history, dirty),
`autosave`, `recovery` and `recent` (the files kept beside a session and in the state
folder).
"""

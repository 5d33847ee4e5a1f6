"""`SessionState`: one way to change a session, undo and redo, and the unsaved marker."""

from __future__ import annotations

from pathlib import Path

from model.history import History
from model.session import Session, replace
from sessions.starter import starter_session
from sessions.state import SessionState


def with_users(session: Session, users: int) -> Session:
    return replace(session, context=session.context.evolve(users=users))


def opened(path: Path | None = Path("shop.yaml")) -> tuple[SessionState, Session]:
    state = SessionState()
    session = starter_session()
    state.start(session, path, session)
    return state, session


def test_nothing_applies_before_a_session_is_loaded() -> None:
    state = SessionState(Path("shop.yaml"))  # the file is known before it is loaded
    assert not state.apply(starter_session(), "Edit", now=0.0)
    assert state.session is None and not state.dirty and state.path == Path("shop.yaml")
    assert state.undo(now=0.0) is None and state.redo(now=0.0) is None


def test_a_change_is_dirty_until_undone_back_to_the_saved_session() -> None:
    state, saved = opened()
    assert not state.dirty
    assert not state.apply(saved, "Edit users", now=0.0)  # the same session: no change
    assert state.apply(with_users(saved, 5), "Edit users", now=0.0)
    assert state.dirty and len(state.history) == 1
    entry = state.undo(now=1.0)
    assert entry is not None and entry.description == "Edit users"
    assert state.session == saved and not state.dirty
    entry = state.redo(now=2.0)
    assert entry is not None and state.session == with_users(saved, 5) and state.dirty


def test_saving_makes_the_current_session_the_saved_one(tmp_path: Path) -> None:
    state, saved = opened(None)
    state.apply(with_users(saved, 7), "Edit users", now=0.0)
    state.saved_as(tmp_path / "new.yaml")
    assert state.path == tmp_path / "new.yaml" and not state.dirty
    assert state.history.can_undo  # saving keeps the history


def test_starting_over_forgets_the_history() -> None:
    state, saved = opened()
    state.apply(with_users(saved, 7), "Edit users", now=0.0)
    other = with_users(saved, 9)
    state.start(other, None, None)
    assert state.session is other and state.path is None and state.dirty
    assert not state.history.can_undo


def test_edits_in_a_burst_are_one_history_entry() -> None:
    state = SessionState(history=History(coalesce_seconds=2.0))
    saved = starter_session()
    state.start(saved, None, saved)
    for number, now in ((1, 0.0), (12, 0.5), (123, 1.0)):
        state.apply(with_users(saved, number), "Edit users", now=now)
    assert len(state.history) == 1
    assert state.undo(now=1.5) is not None and state.session == saved


def test_suggested_name_is_the_file_or_the_project_as_a_slug() -> None:
    state, saved = opened(None)
    state.apply(replace(saved, context=saved.context.evolve(project="Tally Book!")), "", 0.0)
    assert state.suggested_name() == "tally-book.yaml"
    state.saved_as(Path("x/tally.yaml"))
    assert state.suggested_name() == "x/tally.yaml"

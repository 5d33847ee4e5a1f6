"""Comments written by hand in a session file survive a save, beside their fields."""

from __future__ import annotations

from pathlib import Path

from model.session import Session, replace
from sessions.schema import MODELINE
from sessions.store import dumps, load, save


def hand_edited(session: Session) -> str:
    """The session's text with the comments a person might add."""
    text = dumps(session)
    first = session.components[0].id
    edits = {
        "  users: ": "  # launch estimate from the sales plan\n  users: ",
        f"  - id: {first}\n": f"  # chosen in the kickoff\n  - id: {first}\n",
        "provider: ": "# one cloud for now\nprovider: ",
    }
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    text = text.replace("\n  peak_rps:", "  # per month\n  peak_rps:", 1)
    return text + "# reviewed by the team\n"


def test_comments_survive_a_save_beside_their_fields(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(hand_edited(starter))
    session = load(path)
    changed = replace(session, context=session.context.evolve(users=4_000))
    saved = save(changed, path)
    assert (saved.comments_kept, saved.comments_dropped) == (5, 0)
    text = path.read_text()
    assert load(path) == changed
    assert "  # launch estimate from the sales plan\n  users: 4000  # per month\n" in text
    assert "# one cloud for now\nprovider: " in text
    assert f"  # chosen in the kickoff\n  - id: {starter.components[0].id}\n" in text
    assert text.endswith("# reviewed by the team\n")
    assert text.count(MODELINE) == 1
    # Saving again changes nothing.
    before = path.read_bytes()
    save(changed, path)
    assert path.read_bytes() == before


def test_a_comment_stays_with_its_component(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(hand_edited(starter))
    session = load(path)
    first = session.components[0]
    added = first.model_copy(update={"id": "extra"})
    save(replace(session, components=(added, *session.components)), path)
    text = path.read_text()
    assert f"  # chosen in the kickoff\n  - id: {first.id}\n" in text
    assert "  - id: extra\n" in text


def test_a_comment_of_a_removed_field_is_dropped_and_counted(
    tmp_path: Path, starter: Session
) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(hand_edited(starter))
    session = load(path)
    saved = save(replace(session, components=session.components[1:], links=()), path)
    assert (saved.comments_kept, saved.comments_dropped) == (4, 1)
    assert "chosen in the kickoff" not in path.read_text()
    assert "chosen in the kickoff" in path.with_name("design.yaml.bak").read_text()


def test_hash_lines_inside_text_are_text(tmp_path: Path, starter: Session) -> None:
    path = tmp_path / "design.yaml"
    notes = "# not a comment\nsecond line"
    first = starter.components[0].model_copy(update={"notes": notes})
    session = replace(starter, components=(first, *starter.components[1:]))
    path.write_text(dumps(session).replace("provider: ", "# a real one\nprovider: ", 1))
    saved = save(replace(session, style=session.style), path)
    assert saved.comments_kept == 1
    assert load(path).components[0].notes == notes
    assert path.read_text().count("# not a comment") == 1

"""The catalog cache: written on first use, read after; a changed data file or code misses
it; a damaged, unreadable or hostile cache file is ignored and rewritten; a folder that
cannot be written means no cache. (Every test has a cache folder of its own:
`tests.conftest` points `XDG_CACHE_HOME` into the test's home.)"""

from __future__ import annotations

import os
import pickle
import tempfile
from importlib import resources
from pathlib import Path

import pytest

from model.catalog import DATA_FILES, CatalogData, packaged_data, parse_data_files
from model.catalog import cache as catalog_cache
from model.catalog.cache import cache_folder, cache_path, cached


def _texts() -> dict[str, str]:
    folder = resources.files("model.catalog") / "data"
    return {name: (folder / name).read_text(encoding="utf-8") for name in DATA_FILES}


class Builds:
    """Builds the catalog data from texts, counting how often it is asked to."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.count = 0

    def __call__(self) -> CatalogData:
        self.count += 1
        return parse_data_files(self.texts)

    def load(self) -> CatalogData:
        return cached(self.texts, self, CatalogData)


def test_first_use_writes_the_cache_and_the_next_reads_it() -> None:
    builds = Builds(_texts())
    first = builds.load()
    assert cache_path(builds.texts).is_file()
    second = builds.load()
    assert builds.count == 1
    assert second == first
    assert second.catalog().services() == packaged_data().catalog().services()


def test_the_cache_lives_in_the_users_cache_folder() -> None:
    assert cache_folder() == Path(os.environ["XDG_CACHE_HOME"]) / "infrasketch"
    assert cache_path(_texts()).parent == cache_folder()


def test_a_changed_data_file_misses_the_cache_and_replaces_it() -> None:
    texts = _texts()
    Builds(texts).load()
    old = cache_path(texts)
    changed = dict(texts)
    changed["aws.yaml"] = texts["aws.yaml"].replace(
        "label: Amazon RDS for PostgreSQL", "label: Amazon RDS for PostgreSQL (changed)", 1
    )
    assert changed["aws.yaml"] != texts["aws.yaml"]
    builds = Builds(changed)
    data = builds.load()
    assert builds.count == 1
    labels = {s.label for s in data.services}
    assert "Amazon RDS for PostgreSQL (changed)" in labels
    assert cache_path(changed).is_file()
    assert not old.exists(), "the stale cache file is removed"


def test_changed_code_misses_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    Builds(texts).load()
    monkeypatch.setattr(catalog_cache, "code_version", lambda: "another version of model")
    builds = Builds(texts)
    builds.load()
    assert builds.count == 1


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle at all",
        b"\x80\x05\x95",  # a pickle cut short
        pickle.dumps({"services": ()}),  # a pickle of something else
        pickle.dumps(ValueError("x")),  # a class outside the catalog
    ],
    ids=["empty", "garbage", "truncated", "other-object", "foreign-class"],
)
def test_a_damaged_cache_is_ignored_and_rewritten(content: bytes) -> None:
    builds = Builds(_texts())
    path = cache_path(builds.texts)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    data = builds.load()
    assert builds.count == 1
    assert len(data.services) > 100
    rebuilt = Builds(builds.texts)
    assert rebuilt.load() == data
    assert rebuilt.count == 0, "the rewritten cache is read"


def test_a_cut_short_cache_is_ignored() -> None:
    builds = Builds(_texts())
    builds.load()
    path = cache_path(builds.texts)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    builds.load()
    assert builds.count == 2


def test_a_planted_pickle_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"

    class Planted:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, (f"touch {marker}",))

    builds = Builds(_texts())
    path = cache_path(builds.texts)
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps(Planted()))
    builds.load()
    assert not marker.exists()
    assert builds.count == 1


def test_an_unreadable_cache_is_ignored() -> None:
    builds = Builds(_texts())
    cache_path(builds.texts).mkdir(parents=True)  # reading a folder fails, as root too
    data = builds.load()
    assert builds.count == 1
    assert len(data.services) > 100


def test_a_cache_folder_that_cannot_be_written_means_no_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    builds = Builds(_texts())
    first = builds.load()
    second = builds.load()
    assert builds.count == 2
    assert first == second
    assert not cache_path(builds.texts).exists()


def test_a_cache_folder_that_is_a_file_means_no_cache() -> None:
    blocker = Path(os.environ["XDG_CACHE_HOME"])
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")
    builds = Builds(_texts())
    assert len(builds.load().services) > 100
    assert builds.count == 1
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_means_no_cache() -> None:
    folder = cache_folder()
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        builds = Builds(_texts())
        builds.load()
        builds.load()
        assert builds.count == 2
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)

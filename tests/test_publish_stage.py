"""publish.stage's shortcuts against what they stand in for: a batch's `Digests` against hashlib.sha256 of
each file's bytes, and no mkdir for a folder that is there against the mkdir it makes when one is not
(the same folders, files and messages either way)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet.batch import Digests
from leaflet.errors import OutputError
from leaflet.publish import commit, discard, publish_all, stage


@settings(max_examples=200, deadline=None)
@given(prefix=st.binary(max_size=300), rest=st.binary(max_size=300), cut=st.integers(0, 300))
def test_a_digest_is_the_sha256_of_the_bytes_however_they_start(prefix: bytes, rest: bytes, cut: int) -> None:
    digests = Digests(prefix)
    for data in (prefix + rest, prefix[:cut] + rest, rest, prefix, prefix[:cut]):
        assert digests.of(data) == hashlib.sha256(data).digest()
    assert digests.of(prefix + rest) == digests.of(prefix + rest)  # the prefix's state is copied, not used up


def test_a_staged_file_in_a_new_nested_folder_and_in_one_that_is_there(tmp_path: Path) -> None:
    fresh, again = tmp_path / "a" / "b" / "c" / "x.pdf", tmp_path / "a" / "b" / "y.pdf"
    digests = Digests(b"%PDF-1.7 layout")
    staged = [stage(fresh, b"%PDF-1.7 layout one", digests.of(b"%PDF-1.7 layout one")), stage(again, b"two")]
    try:
        assert [s.tmp.parent for s in staged] == [fresh.parent, again.parent]
        assert [s.tmp.read_bytes() for s in staged] == [b"%PDF-1.7 layout one", b"two"]
        commit(staged)
    finally:
        discard(staged)
    assert (fresh.read_bytes(), again.read_bytes()) == (b"%PDF-1.7 layout one", b"two")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["x.pdf", "y.pdf"]


@pytest.mark.parametrize("depth", [0, 1, 2], ids=["folder", "parent", "grandparent"])
def test_a_file_where_a_folder_should_be(tmp_path: Path, depth: int) -> None:
    """However far up the file is, the message names it, as when every stage began with a mkdir."""
    folder = tmp_path / "out" / "clinics" / "north"
    taken = [folder, folder.parent, folder.parent.parent][depth]
    taken.parent.mkdir(parents=True, exist_ok=True)
    taken.write_bytes(b"mine")
    with pytest.raises(OutputError) as caught:
        stage(folder / "x.pdf", b"%PDF-")
    assert caught.value.message == "is a file, not a folder"
    assert caught.value.where.path == str(taken)
    assert taken.read_bytes() == b"mine"
    assert [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")] == []


def test_a_failed_batch_leaves_no_folder_it_made(tmp_path: Path) -> None:
    """Staging made `out/clinics/a/` and `out/clinics/b/` (and `out/`): the batch failing after them,
    each goes with its temporary file; a folder that was there before stays."""
    (tmp_path / "kept").mkdir()

    def files() -> Iterator[tuple[Path, bytes]]:
        yield tmp_path / "out" / "clinics" / "a" / "x.pdf", b"%PDF-a"
        yield tmp_path / "out" / "clinics" / "b" / "x.pdf", b"%PDF-b"
        yield tmp_path / "kept" / "new" / "x.pdf", b"%PDF-c"
        raise RuntimeError("the next clinic fails its check")

    with pytest.raises(RuntimeError):
        publish_all(files())
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == [Path("kept")]


def test_a_folder_made_for_a_failed_file_stays_while_it_holds_another(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "x.pdf"
    staged = stage(target, b"%PDF-1")
    assert staged.made == tmp_path / "new"
    (tmp_path / "new" / "other.pdf").write_bytes(b"someone else's")  # (another build's, say)
    discard([staged])
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == [Path("new"), Path("new/other.pdf")]
    again = stage(tmp_path / "new" / "y.pdf", b"%PDF-2")  # a folder that is there: none made
    assert again.made is None
    discard([again])
    assert (tmp_path / "new").is_dir()

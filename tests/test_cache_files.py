"""Files under the cache dir (course, kept CSS, drawn plots, prose tokens) are written by one helper: whole or
not at all, never a temporary file left behind, and bounded."""

from __future__ import annotations

import os
from pathlib import Path

from mfml_tui.course.cache import prune, write_atomically


def test_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "record.json"
    assert write_atomically(target, lambda: b"new") and target.read_bytes() == b"new"

    def broken() -> bytes:
        raise ValueError("cannot be made")

    assert not write_atomically(target, broken)
    assert target.read_bytes() == b"new"  # the old file kept
    assert sorted(p.name for p in target.parent.iterdir()) == ["record.json"]  # no temporary file left
    (tmp_path / "ro").mkdir()
    os.chmod(tmp_path / "ro", 0o500)
    try:
        if not os.access(tmp_path / "ro", os.W_OK):  # (root may write anywhere)
            assert not write_atomically(tmp_path / "ro" / "x", lambda: b"x")
    finally:
        os.chmod(tmp_path / "ro", 0o700)


def test_prune_keeps_the_newest_of_one_kind(tmp_path: Path) -> None:
    for k in range(5):
        path = tmp_path / f"{k}.json"
        path.write_text("{}")
        os.utime(path, ns=(k * 10**9, k * 10**9))
    (tmp_path / "other.marshal").write_bytes(b"")
    prune(tmp_path, ".json", 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["3.json", "4.json", "other.marshal"]
    prune(tmp_path / "missing", ".json", 2)  # nothing there: nothing to do, no error

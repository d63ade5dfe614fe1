"""The tutor meets a progress file it cannot use: the dialog names the file and the problem, and moving it
aside renames it with a timestamp (bytes kept) before a fresh store is started. Never an overwrite."""

from __future__ import annotations

import re
import sqlite3

import pytest

from mfml_tui.progress.store import open_store
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    make_app,
    press,
    quiet_textual,
    ready,
    wait_text,
)

STAMPED = re.compile(r"progress\.sqlite3\.damaged-\d{8}-\d{6}")


def dialog_text(app) -> str:
    """The dialog's words unwrapped (a long temporary path wraps on screen)."""
    from textual.widgets import Button, Static

    words = [str(w.render()) for w in app.screen.query(Static) if not isinstance(w, Button)]
    return "\n".join(words + [str(b.label) for b in app.screen.query(Button)])


def newer_file(db) -> bytes:
    """A real store whose schema_version says a later mfml-tui wrote it."""
    with open_store(db, "tester") as store:
        store.record_attempt("t1-rise", "q1", 5, "2", True)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE schema_version SET version = version + 1")
    conn.commit()
    conn.close()
    return db.read_bytes()


def truncated_file(db) -> bytes:
    with open_store(db, "tester") as store:
        for i in range(200):
            store.record_attempt("t1-rise", f"q{i % 4}", i, "x" * 40, True)
    db.write_bytes(db.read_bytes()[:5000])
    return db.read_bytes()


@pytest.mark.parametrize(
    ("make", "problem"),
    [(newer_file, "newer mfml-tui"), (truncated_file, "truncated")],
)
async def test_move_aside_keeps_the_bytes_under_a_timestamped_name(tmp_path, make, problem):
    db = tmp_path / "progress.sqlite3"
    before = make(db)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_text(pilot, "cannot be opened")
        text = dialog_text(app)
        assert f"File: {db}" in text and problem in text and "Move aside" in text
        await press(pilot, "m")
        await ready(pilot)
        await wait_text(pilot, "Week 1")
    moved = [p for p in tmp_path.iterdir() if STAMPED.fullmatch(p.name)]
    assert len(moved) == 1 and moved[0].read_bytes() == before
    with open_store(db, "tester") as fresh:  # the new file is a usable, empty store
        assert fresh.attempts() == []


async def test_newer_file_advises_an_upgrade_and_enter_quits(tmp_path):
    db = tmp_path / "progress.sqlite3"
    before = newer_file(db)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_text(pilot, "cannot be opened")
        text = dialog_text(app)
        assert "upgrade mfml-tui" in text and f"File: {db}" in text and "Move aside" in text
        await press(pilot, "enter")  # the focused button is Quit, not Move aside
    assert app.return_code == 2
    assert db.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]


async def test_nothing_to_move_when_a_folder_is_in_the_way(tmp_path):
    (tmp_path / "progress.sqlite3").mkdir()
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_text(pilot, "cannot be opened")
        text = dialog_text(app)
        assert "is a directory" in text and "Move aside" not in text
        await press(pilot, "m")  # ignored: there is no such choice
        await press(pilot, "n")
        await ready(pilot)
        await wait_text(pilot, "Week 1")
    assert (tmp_path / "progress.sqlite3").is_dir()

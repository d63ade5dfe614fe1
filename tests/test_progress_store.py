"""The progress store: round trips, migrations, refusing damaged files, two processes, SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mfml_tui.progress import reviews, schema
from mfml_tui.progress.records import to_text
from mfml_tui.progress.store import StoreError, move_aside, open_store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "progress.sqlite3"


def filled(path: Path, attempts: int = 300) -> bytes:
    """A real store with enough rows to span many pages; returns the file's bytes after a clean close."""
    with open_store(path, "alice") as store:
        for i in range(attempts):
            store.record_attempt("w1-l1", f"q{i % 5}", i, "x" * 50, i % 2 == 0, at=T0 + timedelta(minutes=i))
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path.read_bytes()


# -- round trips -------------------------------------------------------------------------------------------


def test_creates_the_file_and_its_folder_in_wal_mode(db: Path) -> None:
    with open_store(db, "alice") as store:
        assert store.profile == "alice"
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == schema.CURRENT_VERSION
    assert db.is_file()


def test_attempt_round_trip(db: Path) -> None:
    with open_store(db, "alice") as store:
        a = store.record_attempt("w1-l1", "q1", 1234, "2x·sin(x) + x²", True, hints=2, seconds=12.5, at=T0)
        b = store.record_attempt("w1-l1", "q2", 7, "[1, 2]", False, at=T0 + timedelta(seconds=5))
    with open_store(db, "alice") as store:
        got = store.attempts()
    assert got == [b, a]  # newest first, every field intact
    assert got[1].answer == "2x·sin(x) + x²" and got[1].hints == 2 and got[1].seconds == 12.5
    assert got[1].at == T0 and got[1].correct and not got[0].correct


def test_attempt_filters_limit_and_count(db: Path) -> None:
    with open_store(db, "alice") as store:
        for i in range(6):
            store.record_attempt(f"l{i % 2}", f"q{i % 3}", i, "1", True, at=T0 + timedelta(minutes=i))
        assert [a.seed for a in store.attempts(lesson_id="l0")] == [4, 2, 0]
        assert [a.seed for a in store.attempts(lesson_id="l0", quiz_id="q1")] == [4]
        assert [a.seed for a in store.attempts(limit=2)] == [5, 4]
        assert store.count_attempts() == 6 and store.count_attempts("l1") == 3


def test_naive_timestamp_is_refused(db: Path) -> None:
    with open_store(db, "alice") as store, pytest.raises(ValueError, match="time zone"):
        store.record_attempt("l", "q", 1, "1", True, at=datetime(2025, 1, 1))


def test_positions_completed_steps_and_settings(db: Path) -> None:
    with open_store(db, "alice") as store:
        assert store.last_position() is None
        assert store.position("l1").step is None
        store.set_position("l1", 2)
        store.complete_step("l1", 0)
        store.complete_step("l1", 1)
        store.complete_step("l1", 1)
        store.set_position("l2", 0)
        store.set_setting("theme", "textual-dark")
        store.set_setting("marker", "braille")
        store.set_setting("theme", "nord")
    with open_store(db, "alice") as store:
        p = store.position("l1")
        assert (p.step, p.completed) == (2, frozenset({0, 1}))
        assert store.last_position().lesson_id == "l2"
        assert store.settings() == {"theme": "nord", "marker": "braille"}
        assert store.get_setting("theme") == "nord"
        assert store.get_setting("missing", "dflt") == "dflt"


def test_profiles_are_kept_apart(db: Path) -> None:
    with open_store(db, "alice") as a, open_store(db, "bob") as b:
        a.record_attempt("l1", "q1", 1, "1", True)
        a.set_position("l1", 3)
        a.set_setting("theme", "nord")
        b.record_attempt("l2", "q1", 2, "2", False)
        assert [x.lesson_id for x in a.attempts()] == ["l1"]
        assert [x.lesson_id for x in b.attempts()] == ["l2"]
        assert b.position("l1").step is None and b.settings() == {}
        assert a.profiles() == ["alice", "bob"]


def test_reset_one_lesson_or_all_keeps_settings(db: Path) -> None:
    with open_store(db, "alice") as store, open_store(db, "bob") as bob:
        bob.record_attempt("l1", "q1", 9, "1", True)
        for lesson in ("l1", "l2"):
            store.record_attempt(lesson, "q1", 1, "1", True, at=T0)
            store.set_position(lesson, 1)
            store.complete_step(lesson, 0)
        store.set_setting("theme", "nord")
        assert store.reset("l1") == 1
        assert [a.lesson_id for a in store.attempts()] == ["l2"]
        assert store.position("l1").step is None and store.position("l1").completed == frozenset()
        assert [d.lesson_id for d in store.due_reviews(T0 + timedelta(days=400))] == ["l2"]
        assert store.reset() == 1
        assert store.attempts() == [] and store.due_reviews(T0 + timedelta(days=400)) == []
        assert store.settings() == {"theme": "nord"}
        assert len(bob.attempts()) == 1


def test_empty_file_left_by_a_killed_first_start_is_used(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"")
    with open_store(db, "alice") as store:
        store.record_attempt("l", "q", 1, "1", True)


def test_missing_file_with_create_false(db: Path) -> None:
    with pytest.raises(StoreError) as err:
        open_store(db, "alice", create=False)
    assert err.value.kind == "missing" and not db.exists()


def test_profile_is_required(db: Path) -> None:
    with pytest.raises(ValueError):
        open_store(db, "  ")


# -- migrations --------------------------------------------------------------------------------------------


def make_version(path: Path, version: int) -> None:
    """A file exactly as an older mfml-tui left it, holding data that version could store."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    if version:
        schema.migrate(conn, 0, version)
        conn.execute("INSERT INTO profiles VALUES ('alice', ?)", (to_text(T0),))
        for i, verdict in enumerate(["incorrect", "correct", "correct"]):
            conn.execute(
                "INSERT INTO attempts (uid, profile, lesson_id, quiz_id, seed, answer, verdict, hints, "
                "seconds, at) VALUES (?, 'alice', 'l1', 'q1', ?, '42', ?, 0, 30, ?)",
                (f"u{i}", i, verdict, to_text(T0 + timedelta(hours=i))),
            )
        conn.execute("INSERT INTO positions VALUES ('alice', 'l1', 2, ?)", (to_text(T0),))
        conn.execute("INSERT INTO completed_steps VALUES ('alice', 'l1', 0)")
        conn.execute("INSERT INTO settings VALUES ('alice', 'theme', 'nord', ?)", (to_text(T0),))
        if version >= 2:  # that code kept a review card per attempted quiz
            card, due = reviews.review(None, reviews.card_id("l1", "q1"), reviews.GOOD, T0)
            conn.execute(
                "INSERT INTO reviews (profile, lesson_id, quiz_id, card, due) "
                "VALUES ('alice', 'l1', 'q1', ?, ?)",
                (card, to_text(due)),
            )
    conn.execute("COMMIT")
    conn.close()


@pytest.mark.parametrize("version", range(schema.CURRENT_VERSION))
def test_migrates_from_every_earlier_version(db: Path, version: int) -> None:
    make_version(db, version)
    with open_store(db, "alice") as store:
        conn = store._conn
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == schema.CURRENT_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"attempts_by_quiz", "attempts_by_time", "reviews_due"} <= indexes
        if version:
            assert [a.uid for a in store.attempts()] == ["u2", "u1", "u0"]
            assert store.position("l1").step == 2 and store.position("l1").completed == {0}
            assert store.settings() == {"theme": "nord"}
            # v2 built review cards from the attempts v1 had: the quiz comes back for review later on.
            assert [d.quiz_id for d in store.due_reviews(T0 + timedelta(days=365))] == ["q1"]
            assert store.due_reviews(T0) == []
        store.record_attempt("l1", "q2", 5, "1", True)


def test_migration_runs_once_when_two_open_at_once(db: Path) -> None:
    make_version(db, 1)
    with open_store(db, "alice") as a, open_store(db, "alice") as b:
        assert len(a.attempts()) == len(b.attempts()) == 3
        assert a._conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1


# -- damaged and foreign files -----------------------------------------------------------------------------


def refused(path: Path, kind: str | None = None) -> StoreError:
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        open_store(path, "alice")
    assert path.read_bytes() == before, "a refused file must not be touched"
    assert str(path) in str(err.value)
    if kind:
        assert err.value.kind == kind
    return err.value


def test_truncated_file_is_refused(db: Path) -> None:
    data = filled(db)
    db.write_bytes(data[: len(data) // 2])
    e = refused(db, "damaged")
    assert "truncated" in str(e) and e.can_move_aside


def test_file_shorter_than_a_header_is_refused(db: Path) -> None:
    data = filled(db, 1)
    db.write_bytes(data[:60])
    assert "truncated" in str(refused(db, "damaged"))


def test_random_bytes_are_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"\x00\xff" + os.urandom(8190))
    assert "not a SQLite database" in str(refused(db, "damaged"))


def test_text_file_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text("my shopping list\n- milk\n")
    assert "not a SQLite database" in str(refused(db))


def test_sqlite_file_of_another_program_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    e = refused(db, "foreign")
    assert "notes" in str(e) and e.can_move_aside


def test_newer_schema_version_is_refused(db: Path) -> None:
    filled(db, 3)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE schema_version SET version = ?", (schema.CURRENT_VERSION + 1,))
    conn.commit()
    conn.close()
    e = refused(db, "newer")
    assert "newer mfml-tui" in str(e) and "upgrade" in str(e)
    assert e.can_move_aside  # renaming keeps it for the newer version; the dialog advises upgrading first


def test_corrupted_pages_raise_store_error_not_sqlite_error(db: Path) -> None:
    data = bytearray(filled(db))
    page = int.from_bytes(data[16:18], "big")
    data[page * 2 : len(data)] = os.urandom(len(data) - page * 2)  # header and schema page intact
    db.write_bytes(bytes(data))
    # StoreError either at open or at the first read of a damaged page, never a raw sqlite3 error
    with pytest.raises(StoreError) as err, open_store(db, "alice") as store:
        store.summary()
        store.attempts()
    assert str(db) in str(err.value)


def test_move_aside_keeps_the_file_and_its_wal(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text("not a database")
    Path(f"{db}-wal").write_bytes(b"wal")
    moved = move_aside(db, now=datetime(2025, 3, 1, 9, 5, 7))
    assert moved.name == "progress.sqlite3.damaged-20250301-090507"
    assert moved.read_text() == "not a database"
    assert Path(f"{moved}-wal").read_bytes() == b"wal"
    assert not db.exists() and not Path(f"{db}-wal").exists()
    db.write_text("again")
    assert move_aside(db, now=datetime(2025, 3, 1, 9, 5, 7)).name.endswith("-090507-2")
    with open_store(db, "alice") as store:  # the learner starts afresh
        assert store.attempts() == []


# -- two processes, and a killed one -----------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import os, sys, time
    from mfml_tui.progress.store import open_store
    path, lesson, n, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    store = open_store(path, "alice")
    print("ready", flush=True)
    while not os.path.exists(path + ".go"):  # start together with the other writer
        time.sleep(0.001)
    i = 0
    while n < 0 or i < n:
        a = store.record_attempt(lesson, f"q{i % 7}", i, str(i), i % 3 != 0, seconds=3)
        if i % 10 == 0:
            store.set_position(lesson, i // 10 % 5)
            store.complete_step(lesson, i // 10 % 5)
        print(a.uid, flush=True)
        i += 1
        time.sleep(pause)  # a learner types between attempts; without a gap one writer can starve the other
""")


def spawn(db: Path, lesson: str, n: int, pause: float = 0.0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), lesson, str(n), str(pause)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_of_one_learner_both_record(db: Path) -> None:
    N = 300
    open_store(db, "alice").close()
    procs = [spawn(db, "lesson-a", N, 0.001), spawn(db, "lesson-b", N, 0.001)]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    Path(f"{db}.go").touch()
    outputs = [p.communicate(timeout=60) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert len(out.split()) == N
    with open_store(db, "alice") as store:
        assert store.count_attempts("lesson-a") == store.count_attempts("lesson-b") == N
        assert store.position("lesson-a").completed == store.position("lesson-b").completed == set(range(5))
        assert store.integrity_check() == "ok"
        order = [r[0] for r in store._conn.execute("SELECT lesson_id FROM attempts ORDER BY id")]
    switches = sum(1 for x, y in zip(order, order[1:], strict=False) if x != y)
    assert switches > 2, "the two writers did not actually overlap"


def test_sigkill_mid_session_keeps_every_committed_attempt(db: Path) -> None:
    open_store(db, "alice").close()
    proc = spawn(db, "lesson-k", -1)
    committed = []
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    Path(f"{db}.go").touch()
    for line in proc.stdout:
        committed.append(line.strip())
        if len(committed) >= 600:
            break
    os.kill(proc.pid, signal.SIGKILL)
    committed += proc.stdout.read().split()  # each uid is printed only after its commit
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    with open_store(db, "alice") as store:
        assert store.integrity_check() == "ok"
        stored = {a.uid for a in store.attempts()}
        assert set(committed) <= stored
        assert len(stored) - len(committed) <= 1  # at most the one committed just before its print
        assert len(store.due_reviews(datetime(2999, 1, 1, tzinfo=UTC))) == 7  # a card per quiz


def test_opening_and_summarising_does_not_import_fsrs(db: Path) -> None:
    filled(db, 3)
    code = textwrap.dedent(f"""
        import sys
        from mfml_tui.progress import open_store, format_summary
        with open_store({str(db)!r}, "alice") as store:
            format_summary(store.summary())
            store.due_reviews()
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("fsrs", "numpy", "textual")))
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_read_only_store_reads_and_never_writes(db: Path) -> None:
    """`open_store(read_only=True)` (for `mfml-tui progress`): the learner's data as written, no file
    created, a write refused as "cannot write", never "damaged", and a writer's changes still in its
    `-wal` are seen. (The read-only folder itself: tests/test_e2e_tmux.py.)"""
    with pytest.raises(StoreError) as missing:
        open_store(db, "ana", read_only=True)
    assert missing.value.kind == "missing" and not db.exists()
    with open_store(db, "ana") as store:
        store.record_attempt("l1", "q1", 3, "x^2", True)
    before = db.read_bytes()
    with open_store(db, "ana", read_only=True) as store:
        assert [(a.seed, a.answer, a.correct) for a in store.attempts()] == [(3, "x^2", True)]
        with pytest.raises(StoreError) as refused:
            store.record_attempt("l1", "q1", 4, "x", False)
        assert refused.value.kind == "unavailable" and "cannot write" in str(refused.value)
    assert db.read_bytes() == before
    writer = open_store(db, "ana")  # an open writer keeps its changes in the -wal
    try:
        writer.record_attempt("l1", "q1", 5, "2*x", True)
        assert Path(f"{db}-wal").stat().st_size > 0
        with open_store(db, "ana", read_only=True) as store:  # mode=ro sees the -wal's changes too
            assert sorted(a.seed for a in store.attempts()) == [3, 5]
    finally:
        writer.close()


@pytest.mark.parametrize("how", ["removed", "renamed", "a directory", "another file"])
def test_a_file_removed_or_replaced_while_open_is_noticed_and_its_progress_kept(tmp_path: Path, how) -> None:
    """SQLite writes on to the file it has open: removed, renamed or replaced under it, every answer after
    that went to a file no one would open again, without a word. The next write says "gone", and
    `kept()` copies everything the open file holds into memory."""
    db = tmp_path / "progress.sqlite3"
    store = open_store(db, "tester")
    store.record_attempt("l1", "q1", 7, "2x", True)
    store.set_position("l1", 2)
    if how == "renamed":
        os.rename(db, tmp_path / "elsewhere.sqlite3")
    else:
        for side in tmp_path.glob("progress.sqlite3*"):
            side.unlink()
        if how == "a directory":
            db.mkdir()
        elif how == "another file":
            open_store(db, "someone").close()
    with pytest.raises(StoreError) as caught:
        store.set_position("l1", 3)
    assert caught.value.kind == "gone" and not caught.value.can_move_aside
    assert ("removed or renamed" if how in ("removed", "renamed") else "replaced") in str(caught.value)
    kept = store.kept()
    store.close()
    assert kept.in_memory and kept.position("l1").step == 2
    assert [(a.quiz_id, a.answer, a.correct) for a in kept.attempts()] == [("q1", "2x", True)]
    kept.set_position("l1", 3)  # the session goes on in memory
    assert kept.position("l1").step == 3


def test_a_store_made_before_its_file_exists_is_not_called_gone(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.sqlite3", "tester", create=True)
    store.set_position("l1", 1)
    store.set_position("l1", 2)
    assert store.position("l1").step == 2

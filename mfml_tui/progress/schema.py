"""The progress database schema, written as forward migrations.

`MIGRATIONS[k]` turns a version-k database into version k+1. Steps are never edited once released: a
learner's file may be at any earlier version, and `tests/test_progress_store.py` migrates from every one
of them. To change the schema, append a step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

# 'mfml' in the SQLite header: tells our file apart from any other SQLite file without reading tables.
APPLICATION_ID = 0x6D666D6C

Step = Sequence[str] | Callable[[sqlite3.Connection], None]

_V1 = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    "INSERT INTO schema_version (version) VALUES (0)",
    "CREATE TABLE profiles (name TEXT PRIMARY KEY, created TEXT NOT NULL)",
    """CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
        lesson_id TEXT NOT NULL,
        quiz_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        answer TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('correct', 'incorrect')),
        hints INTEGER NOT NULL DEFAULT 0 CHECK (hints >= 0),
        seconds REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
        at TEXT NOT NULL
    )""",
    """CREATE TABLE positions (
        profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
        lesson_id TEXT NOT NULL,
        step INTEGER NOT NULL,
        updated TEXT NOT NULL,
        PRIMARY KEY (profile, lesson_id)
    )""",
    """CREATE TABLE completed_steps (
        profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
        lesson_id TEXT NOT NULL,
        step INTEGER NOT NULL,
        PRIMARY KEY (profile, lesson_id, step)
    )""",
    """CREATE TABLE settings (
        profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated TEXT NOT NULL,
        PRIMARY KEY (profile, key)
    )""",
)

_V2_TABLE = """CREATE TABLE reviews (
    profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
    lesson_id TEXT NOT NULL,
    quiz_id TEXT NOT NULL,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    PRIMARY KEY (profile, lesson_id, quiz_id)
)"""


def _v2(conn: sqlite3.Connection) -> None:
    """v2 adds spaced-repetition state. (It used to build the cards here too; v4 rebuilds every card from
    the attempts with the rule of its day, so this step only makes the table.)"""
    conn.execute(_V2_TABLE)
    conn.execute("CREATE INDEX reviews_due ON reviews (profile, due)")


# v3: indexes for the summary. The per-quiz index covers everything mastery and the per-lesson totals
# read, so a summary at 100 000 attempts never touches the table itself.
_V3 = (
    """CREATE INDEX attempts_by_quiz
       ON attempts (profile, lesson_id, quiz_id, at, verdict, hints, seed, seconds)""",
    "CREATE INDEX attempts_by_time ON attempts (profile, at)",
)


def _v4(conn: sqlite3.Connection) -> None:
    """v4, honest progress: an attempt says where it was made (a review's answer never scores an
    assessment); a review keeps its own draw (`reviews.seed`) and whether it was missed (missed first);
    hints or a solution seen on a draw are remembered (`help`: an answer after them never scores, even
    after a restart); unsent answers are kept (`drafts`). Every card is rebuilt with the per-draw rule."""
    from mfml_tui.progress import reviews

    conn.execute(
        "ALTER TABLE attempts ADD COLUMN context TEXT NOT NULL DEFAULT 'lesson' "
        "CHECK (context IN ('lesson', 'review'))"
    )
    conn.execute("ALTER TABLE reviews ADD COLUMN missed INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE reviews ADD COLUMN seed INTEGER")
    conn.execute(
        """CREATE TABLE help (
        profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
        lesson_id TEXT NOT NULL,
        quiz_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (profile, lesson_id, quiz_id, seed)
    )"""
    )
    conn.execute(
        """CREATE TABLE drafts (
        profile TEXT NOT NULL REFERENCES profiles(name) ON DELETE CASCADE,
        lesson_id TEXT NOT NULL,
        quiz_id TEXT NOT NULL,
        context TEXT NOT NULL,
        seed INTEGER NOT NULL,
        text TEXT NOT NULL,
        updated TEXT NOT NULL,
        PRIMARY KEY (profile, lesson_id, quiz_id, context)
    )"""
    )
    conn.execute("DELETE FROM reviews")
    keys = conn.execute("SELECT DISTINCT profile, lesson_id, quiz_id FROM attempts").fetchall()
    for profile, lesson_id, quiz_id in keys:
        reviews.rebuild(conn, profile, lesson_id, quiz_id)


# Append a step to change the schema (e.g. a new column: `lambda conn: conn.execute("ALTER TABLE …")`,
# or a tuple of SQL statements); the tests migrate a file of every earlier version to the newest.
# v5: the mal-rule the engine diagnosed in a wrong answer (engine.malrules id; NULL when none was)
_V5 = ("ALTER TABLE attempts ADD COLUMN slip TEXT",)

MIGRATIONS: list[Step] = [_V1, _v2, _V3, _v4, _V5]
CURRENT_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, current: int, target: int = CURRENT_VERSION) -> None:
    """Apply steps `current`..`target-1` in the caller's transaction (a crash leaves the old version)."""
    if current == 0:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for version in range(current, target):
        step = MIGRATIONS[version]
        if callable(step):
            step(conn)
        else:
            for sql in step:
                conn.execute(sql)
        conn.execute("UPDATE schema_version SET version = ?", (version + 1,))

"""The SQLite progress store: opening (and refusing) files, and every read and write of progress.

Why it is built this way:

* WAL + a 5 s busy timeout + `BEGIN IMMEDIATE` for every write: two terminals of the same learner can
  both record; a writer waits for the other instead of failing half-way.
* One transaction per write, `synchronous=NORMAL`: a killed process loses nothing that was committed
  (only a power cut can lose the last moments; the file stays consistent either way).
* A file we did not write, or cannot read, is never migrated, repaired or replaced: `open_store` raises
  `StoreError` and the caller may `move_aside` it with the learner's consent.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mfml_tui.progress import mastery, reviews, schema
from mfml_tui.progress.assessment import Assessment
from mfml_tui.progress.records import Attempt, Draw, Due, Position, from_text, to_text, utcnow

if TYPE_CHECKING:
    from mfml_tui.course.model import Course, Lesson, QuizSpec
    from mfml_tui.progress.exchange import ImportReport
    from mfml_tui.progress.summary import LessonSummary, Summary

SQLITE_MAGIC = b"SQLite format 3\x00"
MEMORY = ":memory:"  # open_store(MEMORY, …): the same rules, nothing kept (no file, or "No saving")
BUSY_TIMEOUT = 5.0
SIDE_FILES = ("-wal", "-shm", "-journal")


class StoreError(Exception):
    """The progress file cannot be used. `kind` lets the UI choose what to offer:

    * "damaged" / "foreign": offer `move_aside` (the file is kept, renamed);
    * "newer": written by a newer mfml-tui: upgrading is the real fix, but `move_aside` is offered too
      (the file is only renamed, so the newer version's progress is kept for later);
    * "locked": another program holds the file locked (for longer than the busy timeout): the file is
      healthy, so nothing may be moved; trying again later, or going on without saving, are the choices;
    * "unavailable": permissions, a read-only folder, a directory in the way, disk full: nothing to move;
    * "gone": the file this store opened was removed, renamed or replaced (by a directory, another file)
      while it was open: writing on would go to a file no one will ever open again. Nothing to move;
      `Store.kept()` holds everything written so far, to be saved again where the file was.

    Only what SQLite itself calls corrupt or not a database is "damaged" (see `kind_of`).
    """

    def __init__(self, message: str, path: Path, kind: str = "damaged") -> None:
        super().__init__(message)
        self.path = path
        self.kind = kind

    @property
    def can_move_aside(self) -> bool:
        return self.kind in ("damaged", "foreign", "newer")


# SQLite's primary result codes (https://sqlite.org/rescode.html) that decide the kind of a failure.
_LOCKED_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED: in use by someone else
_DAMAGED_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB: what SQLite cannot read
_UNWRITABLE_CODES = {3, 8, 14, 23}  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH


def kind_of(error: sqlite3.Error) -> str:
    """"locked", "damaged" or "unavailable" for a SQLite error: a locked or unwritable file is healthy
    and must never be called damaged (or offered to be moved aside)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        primary = code & 0xFF
        if primary in _LOCKED_CODES:
            return "locked"
        if primary in _DAMAGED_CODES:
            return "damaged"
        return "unavailable"
    text = str(error).lower()  # an old sqlite3 module without error codes: SQLite's words then
    if "locked" in text or "busy" in text:
        return "locked"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "damaged"
    return "unavailable"


def error_for(error: sqlite3.Error, path: Path, timeout: float = BUSY_TIMEOUT) -> StoreError:
    """The StoreError (with its kind and a message saying what to do) for a SQLite error on `path`."""
    kind = kind_of(error)
    if kind == "locked":
        return StoreError(f"{path} is in use by another program (still locked after {timeout:g} s): try "
                          "again when it is free, or go on without saving", path, "locked")
    if kind == "damaged":
        return StoreError(f"{path} is damaged ({error})", path, "damaged")
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _UNWRITABLE_CODES:
        return StoreError(f"cannot write {path} ({error}): check that you may write the file and its "
                          "folder, or choose another folder with --data-dir", path, "unavailable")
    return StoreError(f"cannot use {path}: {error}", path, "unavailable")


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a refused file (and its -wal/-shm/-journal) to `<name>.damaged-YYYYmmdd-HHMMSS`; return it."""
    path = Path(path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 2
    while target.exists() or any(Path(f"{target}{s}").exists() for s in SIDE_FILES):
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    os.rename(path, target)
    for suffix in SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.rename(side, f"{target}{suffix}")
    return target


def _check_file(path: Path) -> None:
    """Cheap checks before SQLite touches the file: magic bytes, and a size that matches the header."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a progress file", path, "unavailable")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as e:
        raise StoreError(
            f"cannot read the progress file {path}: {e.strerror or e}", path, "unavailable"
        ) from e
    if size == 0:
        return  # SQLite's own empty database (e.g. killed while creating it): nothing to lose
    if header[:16] != SQLITE_MAGIC[: min(16, len(header))]:  # a short prefix of the magic is a truncation
        raise StoreError(
            f"{path} is not a SQLite database (it starts with {header[:16]!r}): it is damaged, "
            "or not an mfml-tui progress file",
            path,
        )
    if len(header) < 100:
        raise StoreError(f"{path} is truncated ({size} bytes, shorter than a SQLite header)", path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    wal = Path(f"{path}-wal")
    wal_empty = not wal.exists() or wal.stat().st_size == 0
    if counter_valid and pages and wal_empty and size < page_size * pages:
        raise StoreError(f"{path} is truncated ({size} bytes; its header says {page_size * pages})", path)


def open_store(
    path: Path | str, profile: str, *, create: bool = True, timeout: float = BUSY_TIMEOUT,
    read_only: bool = False,
) -> Store:
    """Open (creating or migrating) the progress file for `profile`; raise StoreError rather than harm it.

    With `create=False` a missing file raises StoreError(kind="missing") instead of being created, and
    the profile is not added to the file until something is written for it: looking at progress (a
    mistyped `--profile`) leaves no empty learner behind.

    `path=MEMORY` gives a store in SQLite's memory: a session without a progress file runs the very same
    rules (scores, levels, reviews) and simply forgets them at the end.

    `timeout`: how long opening waits for a file another program holds locked (StoreError "locked"
    after that); the app keeps it short so that its window never freezes. Later writes wait BUSY_TIMEOUT.

    `read_only=True` (implies `create=False`) is for looking only (`mfml-tui progress`): SQLite's read-only
    mode, so a healthy file in a folder this account may not write can still be read (see `_connect`);
    nothing is migrated or written, and a file older than this mfml-tui is refused ("unavailable").
    """
    memory = str(path) == MEMORY
    path = Path(path)
    profile = (profile or "").strip()
    if not profile:
        raise ValueError("a profile name is required")
    if memory:
        pass
    elif path.exists():
        _check_file(path)
    elif not create or read_only:
        raise StoreError(f"no progress file at {path}", path, "missing")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create {path.parent}: {e.strerror or e}", path, "unavailable") from e
    if read_only and not memory:
        return _open_read_only(path, profile, timeout)
    try:
        conn = sqlite3.connect(
            MEMORY if memory else path, timeout=timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as e:
        raise error_for(e, path, timeout) from e
    try:
        _prepare(conn, path, timeout)
        store = Store(conn, path, profile)
        if create:  # the tutor registers its learner at once; `progress`/`reset` only look (see _write)
            try:
                with store._write():
                    pass
            except StoreError as e:
                cause = e.__cause__
                raise (error_for(cause, path, timeout) if isinstance(cause, sqlite3.Error) else e) from cause
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        return store
    except BaseException:
        conn.close()
        raise


def _open_read_only(path: Path, profile: str, timeout: float) -> Store:
    """The file in SQLite's read-only mode (`?mode=ro`). A WAL file needs its `-shm` index, which a reader
    creates when it is missing: in a folder this account may not write that fails (CANTOPEN), and then,
    when no `-wal` holds changes not yet in the file, the file is opened as `immutable` (read as it is,
    no index, no locks) — the file alone is then the whole truth. Its bytes are never changed."""
    uri = path.resolve().as_uri()
    first: StoreError | None = None
    for query in ("mode=ro", "mode=ro&immutable=1"):
        if query.endswith("immutable=1"):
            wal = Path(f"{path}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                break  # changes only in the -wal: immutable would show an older state; say why not
        try:
            conn = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=timeout, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as e:
            first = first or error_for(e, path, timeout)
            continue
        try:
            _prepare(conn, path, timeout, read_only=True)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            return Store(conn, path, profile)
        except StoreError as e:
            conn.close()
            if e.kind != "unavailable":
                raise
            first = first or e
        except BaseException:
            conn.close()
            raise
    assert first is not None
    raise first


def _prepare(conn: sqlite3.Connection, path: Path, timeout: float = BUSY_TIMEOUT, *,
             read_only: bool = False) -> None:
    """Identify the file before writing anything to it, then switch to WAL and migrate forward."""
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    except sqlite3.DatabaseError as e:  # locked, or a read-only folder a WAL file needs, is not damage
        if kind_of(e) == "damaged":
            raise StoreError(f"{path} is damaged or not a database ({e})", path) from e
        raise error_for(e, path, timeout) from e
    if tables and (app_id != schema.APPLICATION_ID or "schema_version" not in tables):
        listed = ", ".join(sorted(tables)[:6])
        raise StoreError(
            f"{path} is a SQLite database of another program (tables: {listed}); "
            "it is not an mfml-tui progress file",
            path,
            "foreign",
        )
    if not tables and app_id not in (0, schema.APPLICATION_ID):
        raise StoreError(
            f"{path} is a SQLite database of another program (application id {app_id:#x})", path, "foreign"
        )
    try:
        version = _version(conn, path) if tables else 0
        if version > schema.CURRENT_VERSION:
            raise StoreError(
                f"{path} was written by a newer mfml-tui (schema version {version}; this one "
                f"knows up to {schema.CURRENT_VERSION}); upgrade mfml-tui to use it",
                path,
                "newer",
            )
        if read_only:
            if version < schema.CURRENT_VERSION:
                raise StoreError(f"cannot read {path} without writing it: it was written by an older "
                                 "mfml-tui and must be upgraded first (start the tutor where the file "
                                 "can be written)", path, "unavailable")
            return
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        if version < schema.CURRENT_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the lock: read the version again.
                has_table = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                ).fetchone()
                version = _version(conn, path) if has_table else 0
                if version > schema.CURRENT_VERSION:
                    raise StoreError(
                        f"{path} was written by a newer mfml-tui (schema version {version})", path, "newer"
                    )
                schema.migrate(conn, version)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    except sqlite3.DatabaseError as e:
        raise error_for(e, path, timeout) from e


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`, None when there is none (a directory is not the file)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _version(conn: sqlite3.Connection, path: Path) -> int:
    rows = conn.execute("SELECT version FROM schema_version").fetchall()
    if len(rows) != 1 or not isinstance(rows[0][0], int):
        raise StoreError(f"{path} has an unreadable schema_version table ({len(rows)} rows)", path)
    return rows[0][0]


def _attempt(row: tuple[Any, ...]) -> Attempt:
    uid, lesson_id, quiz_id, seed, answer, verdict, hints, seconds, at, context, slip = row
    return Attempt(
        uid, lesson_id, quiz_id, seed, answer, verdict == "correct", hints, seconds, from_text(at), context,
        slip,
    )


ATTEMPT_COLUMNS = "uid, lesson_id, quiz_id, seed, answer, verdict, hints, seconds, at, context, slip"
CONTEXTS = ("lesson", "review")


class Store:
    """One learner's view of the progress file. Safe to share between threads (calls are serialised)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, profile: str) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.profile = profile
        self._registered = False  # is `profile` known to be in the profiles table (foreign key target)?
        self._identity = None if self.in_memory else _identity(path)  # the file the connection has open

    @property
    def in_memory(self) -> bool:
        """True for a store that keeps nothing once closed (`open_store(MEMORY, …)`)."""
        return str(self.path) == MEMORY

    # -- plumbing -------------------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as e:
            raise error_for(e, self.path) from e

    @contextmanager
    def _write(self, register: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE takes the write lock up front so it never has to upgrade.

        The first write also adds the profile (rows refer to it); `register=False` for deleting only.
        """
        with self._lock, self._errors():
            self._still_there()
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                if register and not self._registered:
                    conn.execute(
                        "INSERT OR IGNORE INTO profiles (name, created) VALUES (?, ?)",
                        (self.profile, to_text(utcnow())),
                    )
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self._registered = self._registered or register

    def _still_there(self) -> None:
        """Raise StoreError("gone") when the file at `path` is no longer the one this connection has open
        (removed, renamed, replaced by a directory or another file: SQLite would go on writing to the old
        one, and all of it would be lost at the end of the session without a word)."""
        if self.in_memory:
            return
        now = _identity(self.path)
        if self._identity is None:  # not created yet when the store was made: this is the file
            self._identity = now
            return
        if now != self._identity:
            what = "replaced" if os.path.lexists(self.path) else "removed or renamed"
            raise StoreError(f"{self.path} was {what} by another program while it was open", self.path,
                             "gone")

    def kept(self) -> Store:
        """Everything in the open file, copied into a store in memory (SQLite's backup): after the file
        was removed or replaced, the session goes on from there and nothing written so far is lost."""
        with self._lock, self._errors():
            memory = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
            self._conn.backup(memory)
        copy = Store(memory, Path(MEMORY), self.profile)
        copy._registered = self._registered
        return copy

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read snapshot: several SELECTs see one consistent state even while another process writes."""
        with self._lock, self._errors():
            conn = self._conn
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    # -- attempts -------------------------------------------------------------------------------------
    def record_attempt(
        self,
        lesson_id: str,
        quiz_id: str,
        seed: int,
        answer: str,
        correct: bool,
        *,
        hints: int = 0,
        seconds: float = 0.0,
        at: datetime | None = None,
        uid: str | None = None,
        context: str = "lesson",
        slip: str | None = None,
    ) -> Attempt:
        """Store one graded answer, in one transaction that is committed before this returns.

        Help seen on these numbers (`note_help`) counts as a hint even if the screen forgot it (a
        restart). The draw's first answer reviews the quiz's card; retries on the same numbers do not.
        The answer's draft is dropped. Only record answers that were graded (Verdict.counted): unparsable
        input is never held against the learner.
        """
        if context not in CONTEXTS:
            raise ValueError(f"context must be one of {CONTEXTS}, not {context!r}")
        when = at or utcnow()
        with self._write() as conn:
            key = (self.profile, lesson_id, quiz_id)
            helped = conn.execute(
                "SELECT 1 FROM help WHERE profile = ? AND lesson_id = ? AND quiz_id = ? AND seed = ?",
                (*key, int(seed)),
            ).fetchone()
            attempt = Attempt(
                uid or uuid.uuid4().hex,
                lesson_id,
                quiz_id,
                int(seed),
                answer,
                bool(correct),
                max(1 if helped else 0, int(hints)),
                max(0.0, float(seconds)),
                when,
                context,
                slip if not correct else None,
            )
            first = (
                conn.execute(
                    "SELECT 1 FROM attempts WHERE profile = ? AND lesson_id = ? AND quiz_id = ? AND seed = ? "
                    "LIMIT 1",
                    (*key, attempt.seed),
                ).fetchone()
                is None
            )
            conn.execute(
                f"INSERT INTO attempts (profile, {ATTEMPT_COLUMNS}) VALUES ({', '.join('?' * 12)})",
                (
                    self.profile,
                    attempt.uid,
                    lesson_id,
                    quiz_id,
                    attempt.seed,
                    answer,
                    attempt.verdict,
                    attempt.hints,
                    attempt.seconds,
                    to_text(attempt.at),
                    context,
                    attempt.slip,
                ),
            )
            conn.execute(
                "DELETE FROM drafts WHERE profile = ? AND lesson_id = ? AND quiz_id = ? AND context = ?",
                (*key, context),
            )
            if first:
                self._review(conn, attempt)
        return attempt

    def _review(self, conn: sqlite3.Connection, attempt: Attempt) -> None:
        """Move the quiz's card by the first answer on a draw (or rebuild it when recorded out of order)."""
        lesson_id, quiz_id = attempt.lesson_id, attempt.quiz_id
        row = conn.execute(
            "SELECT card FROM reviews WHERE profile = ? AND lesson_id = ? AND quiz_id = ?",
            (self.profile, lesson_id, quiz_id),
        ).fetchone()
        previous = row[0] if row else None
        last = reviews.last_review(previous) if previous else None
        if last is not None and attempt.at < last:
            reviews.rebuild(conn, self.profile, lesson_id, quiz_id)
            return
        rating = reviews.rating_for(attempt.correct, attempt.hints, attempt.seconds)
        card, due = reviews.review(previous, reviews.card_id(lesson_id, quiz_id), rating, attempt.at)
        reviews.save(conn, self.profile, lesson_id, quiz_id, card, due, rating == reviews.AGAIN)

    # -- draws: one set of numbers of a quiz ----------------------------------------------------------
    def note_help(self, lesson_id: str, quiz_id: str, seed: int) -> None:
        """A hint or the solution was seen on these numbers: an answer on them can no longer score."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO help (profile, lesson_id, quiz_id, seed, at) VALUES (?, ?, ?, ?, ?)",
                (self.profile, lesson_id, quiz_id, int(seed), to_text(utcnow())),
            )

    def draw(self, lesson_id: str, quiz_id: str, seed: int) -> Draw:
        """Where these numbers stand: answered before? first answer right? help seen?"""
        key = (self.profile, lesson_id, quiz_id, int(seed))
        with self._read() as conn:
            rows = conn.execute(
                "SELECT verdict, hints FROM attempts "
                "WHERE profile = ? AND lesson_id = ? AND quiz_id = ? AND seed = ? ORDER BY at",
                key,
            ).fetchall()
            helped = conn.execute(
                "SELECT 1 FROM help WHERE profile = ? AND lesson_id = ? AND quiz_id = ? AND seed = ?", key
            ).fetchone()
        first = rows[0] if rows else None
        return Draw(
            int(seed),
            len(rows),
            None if first is None else first[0] == "correct",
            0 if first is None else first[1],
            helped is not None,
        )

    def last_answer(self, lesson_id: str, quiz_id: str, seed: int, context: str = "lesson") -> str | None:
        """The latest answer given on these numbers where they were asked (to show it after a restart)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT answer FROM attempts WHERE profile = ? AND lesson_id = ? AND quiz_id = ? "
                "AND seed = ? AND context = ? ORDER BY at DESC LIMIT 1",
                (self.profile, lesson_id, quiz_id, int(seed), context),
            ).fetchone()
        return row[0] if row else None

    def review_seed(self, lesson_id: str, quiz_id: str, fresh: int) -> int:
        """The numbers of this quiz's current review: kept with the review (the same until it is answered,
        then fresh), never the lesson's. `fresh` is used when the review has none yet."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT seed FROM reviews WHERE profile = ? AND lesson_id = ? AND quiz_id = ?",
                (self.profile, lesson_id, quiz_id),
            ).fetchone()
            if row is None:
                return int(fresh)
            if row[0] is not None:
                return int(row[0])
            conn.execute(
                "UPDATE reviews SET seed = ? WHERE profile = ? AND lesson_id = ? AND quiz_id = ?",
                (int(fresh), self.profile, lesson_id, quiz_id),
            )
        return int(fresh)

    # -- drafts: typed, not yet checked ---------------------------------------------------------------
    def save_draft(self, lesson_id: str, quiz_id: str, seed: int, text: str, context: str = "lesson") -> None:
        """Keep what is in an answer box (empty text forgets it), so quitting does not lose it."""
        with self._write() as conn:
            if not text.strip():
                conn.execute(
                    "DELETE FROM drafts WHERE profile = ? AND lesson_id = ? AND quiz_id = ? AND context = ?",
                    (self.profile, lesson_id, quiz_id, context),
                )
                return
            conn.execute(
                "INSERT INTO drafts (profile, lesson_id, quiz_id, context, seed, text, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (profile, lesson_id, quiz_id, context) "
                "DO UPDATE SET seed = excluded.seed, text = excluded.text, updated = excluded.updated",
                (self.profile, lesson_id, quiz_id, context, int(seed), text, to_text(utcnow())),
            )

    def draft(self, lesson_id: str, quiz_id: str, seed: int, context: str = "lesson") -> str | None:
        """The unsent answer typed for these numbers, if any."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT text FROM drafts WHERE profile = ? AND lesson_id = ? AND quiz_id = ? AND context = ? "
                "AND seed = ?",
                (self.profile, lesson_id, quiz_id, context, int(seed)),
            ).fetchone()
        return row[0] if row else None

    # -- assessments ----------------------------------------------------------------------------------
    def assessment(self, lesson: Lesson) -> Assessment:
        """The assessment's score as it stands (rule: `progress.assessment`), from its own attempts only."""
        from mfml_tui.progress import assessment

        with self._read() as conn:
            rows = self._assessment_attempts(conn, lesson)
        return assessment.score(rows, list(lesson.quiz_ids), lesson.pass_fraction)

    def _assessment_attempts(self, conn: sqlite3.Connection, lesson: Lesson) -> list[Attempt]:
        """Just what `assessment.score` looks at: each quiz's attempts in the lesson on its latest draw
        (two indexed probes per quiz, however many attempts the file holds)."""
        rows: list[Attempt] = []
        for quiz_id in lesson.quiz_ids:
            key = (self.profile, lesson.id, quiz_id)
            latest = conn.execute(
                "SELECT seed FROM attempts WHERE profile = ? AND lesson_id = ? AND quiz_id = ? "
                "AND context = 'lesson' ORDER BY at DESC LIMIT 1",
                key,
            ).fetchone()
            if latest is not None:
                rows += [
                    _attempt(r)
                    for r in conn.execute(
                        f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE profile = ? AND lesson_id = ? "
                        "AND quiz_id = ? AND seed = ? AND context = 'lesson' ORDER BY at",
                        (*key, latest[0]),
                    )
                ]
        return rows

    def attempts(
        self, lesson_id: str | None = None, quiz_id: str | None = None, limit: int | None = None
    ) -> list[Attempt]:
        """This profile's attempts, newest first, optionally for one lesson / quiz."""
        where, params = ["profile = ?"], [self.profile]
        if lesson_id is not None:
            where.append("lesson_id = ?")
            params.append(lesson_id)
        if quiz_id is not None:
            where.append("quiz_id = ?")
            params.append(quiz_id)
        sql = f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE {' AND '.join(where)} ORDER BY at DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._read() as conn:
            return [_attempt(r) for r in conn.execute(sql, params)]

    def count_attempts(self, lesson_id: str | None = None) -> int:
        with self._read() as conn:
            if lesson_id is None:
                return conn.execute(
                    "SELECT COUNT(*) FROM attempts WHERE profile = ?", (self.profile,)
                ).fetchone()[0]
            return conn.execute(
                "SELECT COUNT(*) FROM attempts WHERE profile = ? AND lesson_id = ?", (self.profile, lesson_id)
            ).fetchone()[0]

    # -- mastery --------------------------------------------------------------------------------------
    def _quiz_level(self, conn: sqlite3.Connection, lesson_id: str, quiz_id: str) -> mastery.Level:
        return self._standing(conn, lesson_id, quiz_id)[0]

    def _standing(
        self, conn: sqlite3.Connection, lesson_id: str, quiz_id: str
    ) -> tuple[mastery.Level, int, bool]:
        rows = conn.execute(
            "SELECT verdict, hints, seed, at FROM attempts "
            "WHERE profile = ? AND lesson_id = ? AND quiz_id = ? "
            "ORDER BY at DESC LIMIT ?",
            (self.profile, lesson_id, quiz_id, mastery.WINDOW),
        ).fetchall()
        return mastery.standing(_Outcome(v == "correct", h, s, from_text(at)) for v, h, s, at in rows)

    def quiz_level(self, lesson_id: str, quiz_id: str) -> mastery.Level:
        with self._read() as conn:
            return self._quiz_level(conn, lesson_id, quiz_id)

    def lesson_level(self, lesson: Lesson) -> mastery.Level | None:
        """The lesson's level (None for a lesson without quizzes)."""
        with self._read() as conn:
            return mastery.unit_level(self._quiz_level(conn, lesson.id, quiz) for quiz in lesson.quiz_ids)

    # -- positions ------------------------------------------------------------------------------------
    def set_position(self, lesson_id: str, step: int) -> None:
        """Remember the step on screen (call it on every step change: it is one small transaction)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO positions (profile, lesson_id, step, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (profile, lesson_id) DO UPDATE SET step = excluded.step, "
                "updated = excluded.updated",
                (self.profile, lesson_id, int(step), to_text(utcnow())),
            )

    def complete_step(self, lesson_id: str, step: int) -> None:
        """Mark a step finished (a set: twice changes nothing; steps finished in another terminal stay)."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO completed_steps (profile, lesson_id, step) VALUES (?, ?, ?)",
                (self.profile, lesson_id, int(step)),
            )

    def position(self, lesson_id: str) -> Position:
        with self._read() as conn:
            return self._position(conn, lesson_id)

    def _position(self, conn: sqlite3.Connection, lesson_id: str) -> Position:
        row = conn.execute(
            "SELECT step, updated FROM positions WHERE profile = ? AND lesson_id = ?",
            (self.profile, lesson_id),
        ).fetchone()
        done = frozenset(
            r[0]
            for r in conn.execute(
                "SELECT step FROM completed_steps WHERE profile = ? AND lesson_id = ?",
                (self.profile, lesson_id),
            )
        )
        if row is None:
            return Position(lesson_id, None, done, None)
        return Position(lesson_id, row[0], done, from_text(row[1]))

    def last_position(self) -> Position | None:
        """The lesson visited most recently: where "continue" takes the learner."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT lesson_id FROM positions WHERE profile = ? ORDER BY updated DESC LIMIT 1",
                (self.profile,),
            ).fetchone()
            return self._position(conn, row[0]) if row else None

    # -- settings -------------------------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT value FROM settings WHERE profile = ? AND key = ?", (self.profile, key)
            ).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (profile, key, value, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (profile, key) DO UPDATE SET value = excluded.value, updated = excluded.updated",
                (self.profile, key, str(value), to_text(utcnow())),
            )

    def settings(self) -> dict[str, str]:
        with self._read() as conn:
            return dict(conn.execute("SELECT key, value FROM settings WHERE profile = ?", (self.profile,)))

    # -- reviews --------------------------------------------------------------------------------------
    def due_reviews(
        self, now: datetime | None = None, limit: int | None = None, course: Course | None = None
    ) -> list[Due]:
        """Quizzes whose review is due at `now` (default: the clock): missed ones first, then the most
        overdue. With a `course`, only quizzes it still has (in lessons that load). `reviews.due_now` is
        the one rule; the map, the Reviews screen and `mfml-tui progress` all come here."""
        keep = None if course is None else reviews.in_course(course)
        with self._read() as conn:
            items = reviews.due_now(conn, self.profile, now or utcnow(), keep, limit)
        return [Due(i.lesson_id, i.quiz_id, i.due, i.missed) for i in items]

    def next_review(self) -> datetime | None:
        """When the earliest review falls due (to say "next review in 2 days")."""
        with self._read() as conn:
            row = conn.execute("SELECT MIN(due) FROM reviews WHERE profile = ?", (self.profile,)).fetchone()
        return from_text(row[0]) if row and row[0] else None

    # -- whole-profile operations ---------------------------------------------------------------------
    def summary(
        self,
        course: Course | None = None,
        *,
        now: datetime | None = None,
        tz: tzinfo | None = None,
        prompt: Callable[[QuizSpec, int], str] | None = None,
        recent: int = 10,
    ) -> Summary:
        """Everything the progress screen and `mfml-tui progress` show. See `summary.build`."""
        from mfml_tui.progress import summary

        with self._read() as conn:
            return summary.build(self, conn, course, now=now or utcnow(), tz=tz, prompt=prompt, recent=recent)

    def lesson_summaries(self, course: Course) -> dict[str, LessonSummary]:
        """Each lesson of `course` by id, as `summary` sums it up: what the course map shows. See
        `summary.lessons`."""
        from mfml_tui.progress import summary

        with self._read() as conn:
            return summary.lessons(self, conn, course)

    def for_profile(self, profile: str) -> Store:
        """The same file seen as another profile (shares this connection; close only one of them)."""
        other = Store(self._conn, self.path, profile)
        other._lock = self._lock
        return other

    def profiles(self) -> list[str]:
        with self._read() as conn:
            return [r[0] for r in conn.execute("SELECT name FROM profiles ORDER BY name")]

    def reset(self, lesson_id: str | None = None) -> int:
        """Forget attempts, positions, reviews (one lesson or all); keep settings. Returns attempts gone."""
        where, params = "profile = ?", [self.profile]
        if lesson_id is not None:
            where += " AND lesson_id = ?"
            params.append(lesson_id)
        with self._write(register=False) as conn:
            removed = conn.execute(f"DELETE FROM attempts WHERE {where}", params).rowcount
            for table in ("positions", "completed_steps", "reviews", "help", "drafts"):
                conn.execute(f"DELETE FROM {table} WHERE {where}", params)
        return removed

    def export_data(self, all_profiles: bool = False) -> dict[str, Any]:
        """Everything about this profile (or every profile) as JSON-ready data."""
        from mfml_tui.progress import exchange

        with self._read() as conn:
            names = self.profiles_in(conn) if all_profiles else [self.profile]
            return exchange.export(conn, names)

    def import_data(self, data: Any, profile: str | None = None) -> ImportReport:
        """Merge an export (idempotent: attempts are keyed by uid). `profile` renames a one-profile export."""
        from mfml_tui.progress import exchange

        with self._write(register=False) as conn:  # merge adds the profiles the export holds
            return exchange.merge(conn, data, profile)

    @staticmethod
    def profiles_in(conn: sqlite3.Connection) -> list[str]:
        return [r[0] for r in conn.execute("SELECT name FROM profiles ORDER BY name")]

    def integrity_check(self) -> str:
        """SQLite's full check ("ok" when healthy); slow on big files, so only on request."""
        with self._read() as conn:
            return "\n".join(r[0] for r in conn.execute("PRAGMA integrity_check"))


class _Outcome:
    """A slim attempt for mastery (built thousands of times per summary: no dataclass overhead)."""

    __slots__ = ("correct", "hints", "seed", "at")

    def __init__(self, correct: bool, hints: int, seed: int, at: datetime) -> None:
        self.correct, self.hints, self.seed, self.at = correct, hints, seed, at

"""The one place where the screens meet the rest of the project.

Screens call a `Tutor`; the `Tutor` calls the course loader, the quiz engine and the progress store. So
screens hold no mathematics and no SQL, and when a colleague's module changes its signature only this file
changes. Heavy modules (numpy through `mfml_tui.quiz`) are imported inside the methods that need them, never
at import time: the home screen must appear before numpy is loaded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mfml_tui.lazy import frozen_dataclass
from mfml_tui.ui.ascii import asciify, asciify_markdown

if TYPE_CHECKING:
    from mfml_tui.course.model import Course, Lesson, QuizSpec

MARKERS = ("braille", "hd", "dot", "ascii")
DEFAULT_MARKER = "dot"  # works with every font that has `•`; braille is sharper but needs the glyphs
OPEN_TIMEOUT = 1.0  # seconds the app waits for a progress file another program holds locked, then asks


class StoreProblem(Exception):
    """The progress file could not be opened or used: what is wrong, where the file is, and its kind
    ("damaged", "foreign", "newer", "locked", "unavailable", "gone": see progress.StoreError)."""

    def __init__(self, path: Path, message: str, can_move_aside: bool = True, kind: str = "damaged") -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.can_move_aside = can_move_aside
        self.kind = kind


def _falls_back(method):
    """Every call into the store goes through this: a failure mid-session (a damaged page, a lock held too
    long, a full disk) must never crash a screen or a worker. The Tutor stops using the file (it is left
    as it is), keeps the session in memory from then on, tells the app once (`on_store_error`, which asks
    the learner what to do), and answers this call from memory."""

    @functools.wraps(method)
    def guarded(self: Tutor, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            from mfml_tui.progress import StoreError

            if not isinstance(error, StoreError) or not self.has_store:
                raise
            self._store_failed(error)
            return method(self, *args, **kwargs)

    return guarded


LEVELS = ("not started", "attempted", "familiar", "proficient", "mastered")


@dataclass(frozen=True)
class LessonStatus:
    """What the course map shows for one lesson (derived by `progress`: `LessonSummary.state`)."""

    state: str  # "new" | "started" | "done" | "unavailable"
    step: int = 0  # last step seen (0-based)
    steps: int = 0
    steps_done: int = 0
    level: int | None = None  # 0..4 (see LEVELS); None for a lesson without quizzes
    attempts: int = 0
    correct: int = 0
    to_finish: str = ""  # why a lesson whose steps were all seen is not done yet
    needs: str = ""  # what the next mastery level needs

    @property
    def level_label(self) -> str:
        return LEVELS[self.level] if self.level is not None else ""


@frozen_dataclass  # (its methods made at the first answer, not on the way to the course map)
class Attempt:
    """One graded answer, as the quiz widget reports it (after it was saved)."""

    lesson_id: str
    quiz_id: str
    seed: int
    answer: str
    correct: bool
    hints: int
    seconds: float
    skills: tuple[str, ...] = ()
    context: str = "lesson"


@frozen_dataclass
class Checked:
    """What `Tutor.check` returns: the grader's verdict, and the attempt as it was committed (None when
    the answer was not counted or was the same as the last one). `error` says why it could not be saved:
    then nothing is painted as a verdict."""

    verdict: Any
    attempt: Attempt | None = None
    error: str | None = None

    @property
    def correct(self) -> bool:
        return bool(self.verdict is not None and self.verdict.correct)


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31 - 1)


class Tutor:
    """The facade the screens use: course, questions, progress and settings."""

    def __init__(
        self,
        lessons_root: Path,
        db_path: Path | None,
        profile: str,
        *,
        ascii_only: bool = False,
        course: Course | None = None,
        seed: int | None = None,
    ) -> None:
        self.lessons_root = Path(lessons_root)
        self.db_path = db_path
        self.profile = profile
        self.ascii_only = ascii_only
        self._course = course
        self._store: Any = None  # a progress Store; SQLite in memory when there is no usable file
        # Called (on whatever thread hit it) when the file fails mid-session; the app asks the learner.
        self.on_store_error: Callable[[StoreProblem], None] | None = None
        self._store_lock = threading.Lock()
        self._merge_on_open = False  # after a failure: what was kept in memory goes to the file reopened
        self._gone = False  # the file was removed or replaced while open, and memory holds all of it
        # A fixed `seed` makes every "new numbers" reproducible (tests, snapshots); None: fresh each time.
        self._seeds = random.Random(seed) if seed is not None else None

    def new_seed(self) -> int:
        if self._seeds is not None:
            return self._seeds.randrange(1, 2**31 - 1)
        return new_seed()

    # ----------------------------------------------------------------------------------------- course
    @property
    def course(self) -> Course:
        if self._course is None:
            from mfml_tui.course import load

            self._course = load(self.lessons_root)
        return self._course

    def course_if_cached(self) -> bool:
        """Take the course from the on-disk cache if it is there and still valid (≈30 ms: an unpickle, no
        validation, no engine): True if it was. The app then lists the lessons in its very first paint
        instead of painting an empty map and loading in the background."""
        if self._course is None:
            from mfml_tui.course import cache

            with contextlib.suppress(Exception):  # any failure: the background load does it properly
                self._course, _digest = cache.read(self.lessons_root)
        return self._course is not None

    @property
    def course_loaded(self) -> bool:
        return self._course is not None

    # ------------------------------------------------------------------------------------------ store
    @property
    def store(self) -> Any:
        """The progress store. Without a usable file (none given, or "No saving" chosen) it is SQLite in
        memory: the same rules for scores, levels and reviews, forgotten at the end."""
        if self._store is None:
            from mfml_tui import progress

            self._store = progress.open_store(":memory:", self.profile)
        return self._store

    @property
    def has_store(self) -> bool:
        """True when progress is saved to a file."""
        return self._store is not None and not self._store.in_memory

    def open_store(self) -> None:
        """Open the progress file; raise `StoreProblem` when it cannot be used (it is never overwritten).

        After a failure mid-session ("try again"), what was kept in memory meanwhile is merged into the
        file (`import_data`: idempotent), so nothing the learner did is lost."""
        if self.db_path is None:
            return
        from mfml_tui import progress

        try:
            store = progress.open_store(self.db_path, self.profile, timeout=OPEN_TIMEOUT)
        except progress.StoreError as error:
            movable, kind = bool(getattr(error, "can_move_aside", True)), getattr(error, "kind", "damaged")
            if self._gone and kind == "unavailable":  # still in the way (a directory now has its name):
                kind = "gone"  # the session holds the whole file, so "try again" stays the choice offered
            raise StoreProblem(self.db_path, str(error), movable, kind) from error
        except OSError as error:  # unreadable folder, disk full…: nothing to move aside
            raise StoreProblem(self.db_path, str(error), False, "unavailable") from error
        kept, self._store = self._store, store
        self._gone = False
        if kept is not None and self._merge_on_open:
            self._merge_on_open = False
            with contextlib.suppress(Exception):  # the memory store held the session: best effort
                store.import_data(kept.export_data())
        if kept is not None and kept is not store:
            with contextlib.suppress(Exception):
                kept.close()

    def _store_failed(self, error: Exception) -> None:
        """Stop using the progress file after `error` (once, whichever thread sees it first); the session
        goes on in memory (the `store` property opens it) and the app is told."""
        with self._store_lock:
            store = self._store
            if store is None or store.in_memory:
                return
            kept = None
            if getattr(error, "kind", None) == "gone":  # the file was removed or replaced: what the
                with contextlib.suppress(Exception):  # connection still holds is all there is of it
                    kept = store.kept()
            self._store = kept  # None: a fresh store in memory from here on (the `store` property)
            self._gone = kept is not None
            self._merge_on_open = True
        with contextlib.suppress(Exception):  # closing a failed connection may fail too: nothing to lose
            store.close()
        assert self.db_path is not None
        problem = StoreProblem(self.db_path, str(error), bool(getattr(error, "can_move_aside", False)),
                               getattr(error, "kind", "unavailable"))
        problem.__cause__ = error
        if self.on_store_error is not None:
            self.on_store_error(problem)

    def move_store_aside(self) -> Path:
        """Rename the damaged file with a timestamp and open a fresh one; return where the old one went."""
        from mfml_tui import progress

        assert self.db_path is not None
        moved = progress.move_aside(self.db_path)
        self.open_store()
        return Path(moved)

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None and hasattr(store, "close"):
            store.close()

    # --------------------------------------------------------------------------------------- settings
    @_falls_back
    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self.store.get_setting(key)
        return default if value is None else value

    @_falls_back
    def set_setting(self, key: str, value: str) -> None:
        self.store.set_setting(key, value)

    # ------------------------------------------------------------------------------------------- text
    # Every text that reaches the screen from the lessons or the quiz engine goes through one of these,
    # so that ASCII mode (`--ascii`, `LANG=C`) is decided here and nowhere else.
    def text(self, text: str) -> str:
        """The app's own texts (titles, status lines, notifications) as this terminal can show it."""
        return asciify(text, separators=True) if self.ascii_only else text

    def markdown(self, markdown: str) -> str:
        """Lesson Markdown as this terminal can show it (a product sign is escaped, not emphasis)."""
        return asciify_markdown(markdown) if self.ascii_only else markdown

    @property
    def marker(self) -> str:
        if self.ascii_only:
            return "ascii"
        chosen = self.setting("plot.marker", DEFAULT_MARKER)
        return chosen if chosen in MARKERS else DEFAULT_MARKER

    # -------------------------------------------------------------------------------------- positions
    @_falls_back
    def position(self, lesson_id: str) -> int | None:
        return self.store.position(lesson_id).step

    @_falls_back
    def set_position(self, lesson_id: str, step: int) -> None:
        self.store.set_position(lesson_id, step)

    @_falls_back
    def complete_step(self, lesson_id: str, step: int) -> None:
        self.store.complete_step(lesson_id, step)

    @_falls_back
    def last_position(self) -> tuple[str, int] | None:
        """The lesson and step the learner saw last (for "Continue"), if the lesson still exists."""
        position = self.store.last_position()
        if position is None or position.step is None:
            return None
        lesson = self.course.lesson(position.lesson_id)
        if lesson is None or not lesson.available:
            return None
        return position.lesson_id, min(max(0, position.step), lesson.step_count - 1)

    # --------------------------------------------------------------------------------------- progress
    @_falls_back
    def progress_summary(self):
        """The progress package's Summary (as `mfml-tui progress` prints it), with each recent answer's
        question rebuilt from its quiz and seed."""
        from mfml_tui.quiz import instantiate

        return self.store.summary(self.course, prompt=lambda spec, seed: instantiate(spec, seed).prompt)

    @_falls_back
    def assessment_result(self, lesson: Lesson) -> tuple[int, int, float, bool]:
        """(score, questions, pass mark, passed) of an assessment as it stands now (`progress.assessment`)."""
        result = self.store.assessment(lesson)
        return result.got, result.total, result.mark, result.passed

    @_falls_back
    def assessment_score(self, lesson: Lesson) -> tuple[int, int]:
        result = self.store.assessment(lesson)
        return result.got, result.total

    @_falls_back
    def last_answer(self, lesson_id: str, quiz_id: str, seed: int, context: str = "lesson") -> str | None:
        """The latest answer given to this question on these numbers (to show it again after a restart)."""
        return self.store.last_answer(lesson_id, quiz_id, seed, context)

    @_falls_back
    def draw(self, lesson_id: str, quiz_id: str, seed: int):
        """Where these numbers stand (`progress.records.Draw`): can an answer on them still score?"""
        return self.store.draw(lesson_id, quiz_id, seed)

    @_falls_back
    def note_help(self, lesson_id: str, quiz_id: str, seed: int) -> None:
        self.store.note_help(lesson_id, quiz_id, seed)

    @_falls_back
    def draft(self, lesson_id: str, quiz_id: str, seed: int, context: str = "lesson") -> str | None:
        return self.store.draft(lesson_id, quiz_id, seed, context)

    @_falls_back
    def save_draft(self, lesson_id: str, quiz_id: str, seed: int, text: str, context: str = "lesson") -> None:
        self.store.save_draft(lesson_id, quiz_id, seed, text, context)

    @_falls_back
    def due_questions(self, limit: int | None = 20) -> list[tuple[Lesson, QuizSpec]]:
        """The questions whose review is due now, missed ones first (`progress.reviews.due_now`)."""
        from mfml_tui.progress import StoreError

        try:
            due = self.store.due_reviews(limit=limit, course=self.course)
        except StoreError:
            raise  # the file failed: `_falls_back` asks and answers from memory
        except Exception:  # noqa: BLE001 — reviews are a convenience: never let them break a screen
            return []
        found: list[tuple[Lesson, QuizSpec]] = []
        for item in due:
            lesson = self.course.lesson(item.lesson_id)
            spec = next((q for q in lesson.quizzes if q.id == item.quiz_id), None) if lesson else None
            if lesson is not None and spec is not None:
                found.append((lesson, spec))
        return found

    @_falls_back
    def due_reviews(self) -> int:
        """How many reviews are due now: the same list the Reviews screen shows."""
        from mfml_tui.progress import StoreError

        try:
            return len(self.store.due_reviews(course=self.course))
        except StoreError:
            raise  # the file failed: `_falls_back` asks and answers from memory
        except Exception:  # noqa: BLE001 — reviews are a convenience: never let them break the course map
            return 0

    @_falls_back
    def statuses(self, course: Course) -> dict[str, LessonStatus]:
        """Status and mastery level of every lesson, in one pass over the store (rules: `progress`)."""
        rows = self.store.lesson_summaries(course)
        result: dict[str, LessonStatus] = {}
        for lesson in course.lessons:
            steps = lesson.step_count
            row = rows.get(lesson.id)
            if not lesson.available or row is None:
                state = "unavailable" if not lesson.available else "new"
                result[lesson.id] = LessonStatus(state, steps=steps)
                continue
            result[lesson.id] = LessonStatus(
                row.state, step=row.last_step or 0, steps=steps, steps_done=row.steps_done,
                level=None if row.level is None else int(row.level), attempts=row.attempts,
                correct=row.correct, to_finish=row.to_finish, needs=row.needs,
            )
        return result

    # ---------------------------------------------------------------------------------------- quizzes
    def question(self, spec: QuizSpec, seed: int | None = None, *, remember: bool = True) -> tuple[Any, int]:
        """The question with `seed`, or (None) with the numbers the learner last saw for it, so a lesson
        resumed after a restart asks the same question. A lesson's seed is remembered; a review's
        (`remember=False`) never is: it is kept with the review (`review_seed`)."""
        from mfml_tui import quiz

        if seed is None:
            stored = self.setting(f"quiz.seed.{spec.id}")
            if not (stored and stored.isdigit()) and spec.base is not None:
                stored = self.setting(f"quiz.seed.{spec.base.id}")  # `same`: the numbers just seen above
            seed = int(stored) if stored and stored.isdigit() else self.new_seed()
        question = quiz.instantiate(spec, seed)
        if remember:
            self.set_setting(f"quiz.seed.{spec.id}", str(seed))
        return (AsciiQuestion(question) if self.ascii_only else question), seed

    @_falls_back
    def record_attempt(self, attempt: Attempt) -> None:
        """Store an attempt graded elsewhere (kept for callers of the old API; screens use `check`)."""
        self.store.record_attempt(attempt.lesson_id, attempt.quiz_id, attempt.seed, attempt.answer,
                                  attempt.correct, hints=attempt.hints, seconds=attempt.seconds,
                                  context=attempt.context)

    @_falls_back
    def review_seed(self, lesson_id: str, quiz_id: str) -> int:
        """The numbers of this quiz's review: its own draw, stored with the review until answered."""
        return self.store.review_seed(lesson_id, quiz_id, self.new_seed())

    def check(self, question: Any, text: str, *, lesson_id: str, quiz_id: str, seed: int, hints: int = 0,
              seconds: float = 0.0, context: str = "lesson", record: bool = True,
              skills: tuple[str, ...] = ()) -> Checked:
        """Grade `text` AND commit the attempt before returning: the screen paints only what was saved,
        so a kill at any moment after the verdict is visible loses nothing. `record=False` (the same answer
        checked again) grades only."""
        verdict = self.grade(question, text)
        if not (verdict.counted and record):
            return Checked(verdict)
        try:
            saved = self.store.record_attempt(lesson_id, quiz_id, seed, text, verdict.correct, hints=hints,
                                              seconds=seconds, context=context,
                                              slip=getattr(verdict, "slip", None))
        except Exception as error:  # noqa: BLE001 — said on the card; the session goes on
            from mfml_tui.progress import StoreError

            if isinstance(error, StoreError) and self.has_store:
                self._store_failed(error)  # the app asks; the next check saves in memory
            return Checked(verdict, error=str(error))
        attempt = Attempt(saved.lesson_id, saved.quiz_id, saved.seed, saved.answer, saved.correct,
                          saved.hints, saved.seconds, skills, saved.context)
        return Checked(verdict, attempt)

    def prepare(self, question: Any) -> None:
        """Do the grading work that does not depend on the answer (the slip search) ahead of Enter; a
        failure here only means the work is done at Enter instead."""
        from mfml_tui import quiz

        with contextlib.suppress(Exception):
            quiz.prepare(_original(question))

    def understand(self, question: Any, text: str) -> Any:
        """How `text` was read; in ASCII mode the engine's ASCII form (`x^2*sin(x)`), which parses back."""
        from mfml_tui import quiz

        result = quiz.understand(_original(question), text)
        if not self.ascii_only:
            return result
        from mfml_tui.engine import ParseError, parse, to_ascii

        if isinstance(result, ParseError):
            return ParseError(asciify(result.message), result.column, asciify(result.note))
        if getattr(result, "kind", "choice") != "choice":
            try:
                return dataclasses.replace(result, text=to_ascii(parse(text)), note=asciify(result.note))
            except Exception:  # noqa: BLE001 — the echo must never fail: fall back to transliteration
                return dataclasses.replace(result, text=asciify(result.text), note=asciify(result.note))
        return result

    def derivation_text(self, question: Any, width: int, slip_at: tuple[str, str] | None = None) -> str:
        """The engine's worked derivation of this draw's answer, `width` columns wide ("" if none); with
        `slip_at` (a verdict's diagnosed slip), the line where the learner's answer went wrong is marked."""
        from mfml_tui.engine import parse
        from mfml_tui.engine.steps import render
        from mfml_tui.quiz.derivation import derivation

        step = derivation(_original(question))
        mark = ((parse(slip_at[0]) if slip_at[0] else None), slip_at[1]) if slip_at else None
        return "" if step is None else render(step, width, self.ascii_only, mark)

    def grade(self, question: Any, text: str) -> Any:
        from mfml_tui import quiz

        verdict = quiz.grade(_original(question), text)
        if not self.ascii_only:
            return verdict
        return dataclasses.replace(
            verdict,
            message=asciify(verdict.message),
            understood=asciify(verdict.understood),
            mistake=None if verdict.mistake is None else asciify(verdict.mistake),
            solution=asciify(verdict.solution),
            expected=asciify(verdict.expected),
        )


def _original(question: Any) -> Any:
    return question.original if isinstance(question, AsciiQuestion) else question


class AsciiQuestion:
    """A question as ASCII mode shows it: every text the learner reads transliterated, everything else (and
    grading, through `Tutor.grade`) the original's."""

    def __init__(self, original: Any) -> None:
        self.original = original

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)

    @property
    def prompt(self) -> str:
        return asciify_markdown(self.original.prompt)

    @property
    def hints(self) -> tuple[str, ...]:
        return tuple(asciify(h) for h in self.original.hints)

    @property
    def solution(self) -> str:
        return asciify(self.original.solution)

    @property
    def expected_text(self) -> str:
        return asciify(self.original.expected_text)

    @property
    def input_hint(self) -> str:
        return asciify(self.original.input_hint)

    @property
    def choices(self) -> tuple[Any, ...]:
        return tuple(dataclasses.replace(c, text=asciify(c.text), says=asciify(c.says))
                     for c in self.original.choices)


class Stopwatch:
    """Seconds spent on one question (reset by "Try new numbers")."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def reset(self) -> None:
        self.start = time.monotonic()

    @property
    def seconds(self) -> float:
        return max(0.0, time.monotonic() - self.start)

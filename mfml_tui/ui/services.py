"""The one place where the screens meet the rest of the project.

Screens call a `Tutor`; the `Tutor` calls the course loader, the quiz engine and the progress store. So
screens hold no mathematics and no SQL, and when a colleague's module changes its signature only this file
changes. Heavy modules (numpy through `mfml_tui.quiz`) are imported inside the methods that need them, never
at import time: the home screen must appear before numpy is loaded.
"""

from __future__ import annotations

import dataclasses
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mfml_tui.ui.ascii import asciify, asciify_markdown

if TYPE_CHECKING:
    from mfml_tui.course.model import Course, Lesson, QuizSpec

MARKERS = ("braille", "hd", "dot", "ascii")
DEFAULT_MARKER = "dot"  # works with every font that has `•`; braille is sharper but needs the glyphs


class StoreProblem(Exception):
    """The progress file could not be opened: what is wrong and where the file is."""

    def __init__(self, path: Path, message: str, can_move_aside: bool = True) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.can_move_aside = can_move_aside


LEVELS = ("not started", "attempted", "familiar", "proficient", "mastered")


@dataclass(frozen=True)
class LessonStatus:
    """What the course map shows for one lesson."""

    state: str  # "new" | "started" | "done" | "unavailable"
    step: int = 0  # last step seen (0-based)
    steps: int = 0
    steps_done: int = 0
    level: int | None = None  # 0..4 (see LEVELS); None for a lesson without quizzes
    attempts: int = 0
    correct: int = 0

    @property
    def level_label(self) -> str:
        return LEVELS[self.level] if self.level is not None else ""


@dataclass
class Attempt:
    """One graded answer, as the quiz widget reports it."""

    lesson_id: str
    quiz_id: str
    seed: int
    answer: str
    correct: bool
    hints: int
    seconds: float
    skills: tuple[str, ...] = ()


@dataclass
class _MemoryStore:
    """Used when there is no usable progress file (the learner chose to go on without one)."""

    positions: dict[str, int] = field(default_factory=dict)
    attempts: list[Attempt] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    completed: dict[str, set[int]] = field(default_factory=dict)
    last: tuple[str, int] | None = None


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
        self._store: Any = None
        self._memory = _MemoryStore()
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

    @property
    def course_loaded(self) -> bool:
        return self._course is not None

    # ------------------------------------------------------------------------------------------ store
    @property
    def has_store(self) -> bool:
        return self._store is not None

    def open_store(self) -> None:
        """Open the progress file; raise `StoreProblem` when it is damaged (it is never overwritten)."""
        if self.db_path is None:
            return
        from mfml_tui import progress

        try:
            self._store = progress.open_store(self.db_path, self.profile)
        except progress.StoreError as error:
            movable = bool(getattr(error, "can_move_aside", True))
            raise StoreProblem(self.db_path, str(error), movable) from error
        except OSError as error:  # unreadable folder, disk full…: same dialog, same choices
            raise StoreProblem(self.db_path, str(error)) from error

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
    def setting(self, key: str, default: str | None = None) -> str | None:
        if self._store is None:
            return self._memory.settings.get(key, default)
        value = self._store.get_setting(key)
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        if self._store is None:
            self._memory.settings[key] = value
        else:
            self._store.set_setting(key, value)

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
    def position(self, lesson_id: str) -> int | None:
        if self._store is None:
            return self._memory.positions.get(lesson_id)
        return self._store.position(lesson_id).step

    def set_position(self, lesson_id: str, step: int) -> None:
        if self._store is None:
            self._memory.positions[lesson_id] = step
            self._memory.last = (lesson_id, step)
        else:
            self._store.set_position(lesson_id, step)

    def complete_step(self, lesson_id: str, step: int) -> None:
        if self._store is None:
            self._memory.completed.setdefault(lesson_id, set()).add(step)
        else:
            self._store.complete_step(lesson_id, step)

    def last_position(self) -> tuple[str, int] | None:
        """The lesson and step the learner saw last (for "Continue"), if the lesson still exists."""
        if self._store is None:
            last = self._memory.last
        else:
            position = self._store.last_position()
            last = None if position is None or position.step is None else (position.lesson_id, position.step)
        if last is None:
            return None
        lesson = self.course.lesson(last[0])
        if lesson is None or not lesson.available:
            return None
        return last[0], min(max(0, last[1]), len(lesson.steps) - 1)

    # --------------------------------------------------------------------------------------- attempts
    def record_attempt(self, attempt: Attempt) -> None:
        """Store one graded attempt at once: quitting a second later loses nothing."""
        if self._store is None:
            self._memory.attempts.append(attempt)
            return
        self._store.record_attempt(
            lesson_id=attempt.lesson_id,
            quiz_id=attempt.quiz_id,
            seed=attempt.seed,
            answer=attempt.answer,
            correct=attempt.correct,
            hints=attempt.hints,
            seconds=attempt.seconds,
        )

    def progress_summary(self):
        """The progress package's Summary (as `mfml-tui progress` prints it), with each recent answer's
        question rebuilt from its quiz and seed; None when progress is not being saved."""
        if self._store is None:
            return None
        from mfml_tui.quiz import instantiate

        return self._store.summary(self.course, prompt=lambda spec, seed: instantiate(spec, seed).prompt)

    def assessment_result(self, lesson: Lesson) -> tuple[int, int, float, bool]:
        """(score, questions, pass mark, passed) of an assessment as it stands now."""
        got, total = self.assessment_score(lesson)
        mark = lesson.pass_fraction
        return got, total, mark, bool(total) and got / total >= mark - 1e-9

    def _attempts_newest_first(self, lesson_id: str):
        """The lesson's attempts from the store, or from memory when progress is not being saved."""
        if self._store is None:
            return (a for a in reversed(self._memory.attempts) if a.lesson_id == lesson_id)
        return iter(self._store.attempts(lesson_id))

    def last_answer(self, lesson_id: str, quiz_id: str, seed: int) -> str | None:
        """The latest answer given to this question on these numbers (to show it again after a restart)."""
        return next((a.answer for a in self._attempts_newest_first(lesson_id)
                     if a.quiz_id == quiz_id and a.seed == seed), None)

    def assessment_score(self, lesson: Lesson) -> tuple[int, int]:
        """(questions whose latest answer is right and given without hints or the solution, questions):
        how an assessment stands now. Help is allowed, but a question answered with it must be answered
        again on new numbers to score."""
        ids = [q.id for q in lesson.quizzes]
        latest: dict[str, bool] = {}
        for a in self._attempts_newest_first(lesson.id):  # the first seen of each quiz is its latest
            latest.setdefault(a.quiz_id, a.correct and not a.hints)
        return sum(1 for q in ids if latest.get(q)), len(ids)

    def due_questions(self, limit: int = 20) -> list[tuple[Lesson, QuizSpec]]:
        """The questions whose review is due, most overdue first, that still exist in the course."""
        if self._store is None:
            return []
        try:
            due = self._store.due_reviews(limit=limit * 2)
        except Exception:  # noqa: BLE001 — reviews are a convenience: never let them break a screen
            return []
        found: list[tuple[Lesson, QuizSpec]] = []
        for item in due:
            lesson = self.course.lesson(item.lesson_id)
            if lesson is None or not lesson.available:
                continue
            spec = next((q for q in lesson.quizzes if q.id == item.quiz_id), None)
            if spec is not None:
                found.append((lesson, spec))
            if len(found) >= limit:
                break
        return found

    def due_reviews(self) -> int:
        if self._store is None:
            return 0
        try:
            return len(self._store.due_reviews())
        except Exception:  # noqa: BLE001 — reviews are a convenience: never let them break the course map
            return 0

    def statuses(self, course: Course) -> dict[str, LessonStatus]:
        """Status and mastery level of every lesson, in one pass over the store."""
        if self._store is not None:
            summary = self._store.summary(course)
            rows = {ls.lesson_id: ls for week in summary.weeks for ls in week.lessons}
        else:
            rows = {}
        result: dict[str, LessonStatus] = {}
        for lesson in course.lessons:
            steps = len(lesson.steps)
            if not lesson.available:
                result[lesson.id] = LessonStatus("unavailable", steps=steps)
                continue
            row = rows.get(lesson.id)
            if row is not None:
                last, done, level = row.last_step, row.steps_done, row.level
                attempts, correct = row.attempts, row.correct
            else:
                last = self._memory.positions.get(lesson.id)
                done = len(self._memory.completed.get(lesson.id, ()))
                mine = [a for a in self._memory.attempts if a.lesson_id == lesson.id]
                attempts, correct = len(mine), sum(a.correct for a in mine)
                level = None if not lesson.quizzes else (1 if mine else 0)
            if steps and done >= steps:
                state = "done"
            elif last is not None or attempts:
                state = "started"
            else:
                state = "new"
            result[lesson.id] = LessonStatus(
                state, step=last or 0, steps=steps, steps_done=done,
                level=None if level is None else int(level), attempts=attempts, correct=correct,
            )
        return result

    # ---------------------------------------------------------------------------------------- quizzes
    def question(self, spec: QuizSpec, seed: int | None = None) -> tuple[Any, int]:
        """The question with `seed`, or (None) with the numbers the learner last saw for it, so a lesson
        resumed after a restart asks the same question; the seed shown is remembered either way."""
        from mfml_tui import quiz

        if seed is None:
            stored = self.setting(f"quiz.seed.{spec.id}")
            seed = int(stored) if stored and stored.isdigit() else self.new_seed()
        question = quiz.instantiate(spec, seed)
        self.set_setting(f"quiz.seed.{spec.id}", str(seed))
        return (AsciiQuestion(question) if self.ascii_only else question), seed

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

    def derivation_text(self, question: Any, width: int) -> str:
        """The engine's worked derivation of this draw's answer, `width` columns wide ("" if none)."""
        from mfml_tui.engine.steps import render
        from mfml_tui.quiz.derivation import derivation

        step = derivation(_original(question))
        return "" if step is None else render(step, width, self.ascii_only)

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

"""The content model: what a course is, independent of files and of the screen.

Everything is a frozen dataclass (`lazy.frozen_dataclass`: its methods made at first use) so that the UI,
the checker and the tests can share one loaded course without copying or mutating it.
"""

from __future__ import annotations

import pickle
import re
import threading
from functools import cached_property
from pathlib import Path
from typing import Any

from mfml_tui.lazy import frozen_dataclass

# The quiz layer owns its spec; the course model re-exports it (layers: docs/architecture.md).
from mfml_tui.quiz.spec import Location as Location
from mfml_tui.quiz.spec import Mistake as Mistake
from mfml_tui.quiz.spec import QuizSpec as QuizSpec

DEFAULT_PASS_MARK = 0.8  #: an assessment's pass mark when its front matter gives none
#: a lesson file, course.toml or week.toml larger than this is refused unread (course/loader.py), and the
#: course cache's key (course/cache.py) takes only its size, so neither ever reads a huge file
MAX_FILE_BYTES = 100_000
MAX_LESSONS = 200  #: lesson files in a whole course (the map, progress screen and palette list them all)


@frozen_dataclass
class Problem:
    """One thing wrong with a lesson file, reported to authors and shown in the app."""

    location: Location
    message: str

    def __post_init__(self) -> None:
        # Whatever a message quotes (an expression 10 000 brackets deep, a 20 000-character answer) is
        # quoted by its start and its length: a problem is one readable line, in the app and in `check`.
        object.__setattr__(self, "message", _clip_words(self.message))

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


LONGEST_WORD = 200  #: a run of non-blank characters longer than this in a message is clipped to 80


def _clip_words(message: str) -> str:
    if len(message) <= LONGEST_WORD:
        return message
    return re.sub(rf"\S{{{LONGEST_WORD + 1},}}",
                  lambda m: f"{m.group()[:79]}… ({len(m.group()):,} characters)", message)


@frozen_dataclass
class PlotSpec:
    """A plot as the author wrote it: a kind and its options, drawn by `plots.draw`."""

    kind: str
    options: dict[str, Any]
    location: Location


@frozen_dataclass
class ExploreSpec:
    """An interactive explorer (secant, taylor, newton, descent, sandpit, …) and its starting options."""

    kind: str
    options: dict[str, Any]
    location: Location


@frozen_dataclass
class TextBlock:
    markdown: str
    location: Location


@frozen_dataclass
class PlotBlock:
    spec: PlotSpec


@frozen_dataclass
class QuizBlock:
    spec: QuizSpec


@frozen_dataclass
class ExploreBlock:
    spec: ExploreSpec


Block = TextBlock | PlotBlock | QuizBlock | ExploreBlock


@frozen_dataclass
class Step:
    """One screen of a lesson: the text under a `## heading` and its plots and quizzes, in order."""

    title: str
    blocks: tuple[Block, ...]
    location: Location

    # Cached (a frozen dataclass's __dict__ still takes them): the course map asks for every lesson's
    # quizzes on each refresh, and a course never changes once loaded.
    @cached_property
    def quizzes(self) -> tuple[QuizSpec, ...]:
        return tuple(b.spec for b in self.blocks if isinstance(b, QuizBlock))

    @property
    def plots(self) -> tuple[PlotSpec, ...]:
        return tuple(b.spec for b in self.blocks if isinstance(b, PlotBlock))

    @property
    def explorers(self) -> tuple[ExploreSpec, ...]:
        return tuple(b.spec for b in self.blocks if isinstance(b, ExploreBlock))


class _Steps:
    """A lesson's `steps`, kept apart so that a course read from the cache (course/cache.py) unpickles each
    lesson's steps only when they are first used: the course map needs their number and the ids and skills
    of their quizzes (`Lesson.step_count`, `quiz_ids`, `quiz_skills`, pickled beside them), not the ≈5 000
    objects of the steps themselves (≈3 ms CPU before the lessons were listed). Pickled, a lesson holds its
    steps as one `bytes` (`Lesson.__getstate__`), turned back into the tuple at the first read."""

    _unpickling = threading.Lock()

    def __get__(self, lesson: Lesson | None, owner: type | None = None) -> tuple[Step, ...]:
        if lesson is None:
            return ()  # the field's default (dataclass reads it from the class)
        steps = lesson.__dict__["_steps"]
        if type(steps) is bytes:
            with self._unpickling:
                steps = lesson.__dict__["_steps"]
                if type(steps) is bytes:
                    steps = pickle.loads(steps)  # written by Lesson.__getstate__ (our own cache file)
                    lesson.__dict__["_steps"] = steps
        return steps

    def __set__(self, lesson: Lesson, steps: tuple[Step, ...]) -> None:
        lesson.__dict__["_steps"] = steps  # (only dataclass's __init__ sets it: the class is frozen)


@frozen_dataclass
class Lesson:
    """A lesson file. A lesson with problems is kept (so the app can show why it is unavailable)."""

    id: str
    title: str
    path: Path
    week: str
    skills: tuple[str, ...] = ()
    minutes: int = 10
    steps: tuple[Step, ...] = _Steps()  # type: ignore[assignment]  # (a descriptor: see _Steps)
    problems: tuple[Problem, ...] = ()
    pass_mark: float | None = None  # assessments: fraction of quizzes needed to pass (e.g. 0.8)
    kind: str = "lesson"  # lesson | assessment
    summary: str = ""
    location: Location | None = None  # the front matter (line 1), for problems found later (check)

    @property
    def pass_fraction(self) -> float:
        """The fraction of questions an assessment needs (its own `pass_mark`, or the default)."""
        return self.pass_mark if self.pass_mark is not None else DEFAULT_PASS_MARK

    @property
    def is_assessment(self) -> bool:
        return self.kind == "assessment"

    @property
    def available(self) -> bool:
        return not self.problems and self.step_count > 0

    @cached_property
    def quizzes(self) -> tuple[QuizSpec, ...]:
        return tuple(q for s in self.steps for q in s.quizzes)

    # What the course map and the progress summary read of the steps, kept without them (see _Steps).
    @cached_property
    def step_count(self) -> int:
        return len(self.steps)

    @cached_property
    def quiz_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.quizzes)

    @cached_property
    def quiz_skills(self) -> tuple[tuple[str, ...], ...]:
        """Each quiz's own skills (empty: the lesson's), in the order of `quiz_ids`."""
        return tuple(tuple(q.skills) for q in self.quizzes)

    def __getstate__(self) -> dict[str, Any]:
        state = {**self.__dict__, "step_count": self.step_count, "quiz_ids": self.quiz_ids,
                 "quiz_skills": self.quiz_skills}
        state.pop("quizzes", None)  # (the specs: they are in the steps)
        state["_steps"] = pickle.dumps(self.steps, pickle.HIGHEST_PROTOCOL)
        return state


@frozen_dataclass
class Week:
    id: str
    number: int
    title: str
    summary: str
    lessons: tuple[Lesson, ...]
    path: Path | None = None  # the week's folder


@frozen_dataclass
class Course:
    title: str
    root: Path
    weeks: tuple[Week, ...]
    problems: tuple[Problem, ...] = ()  # course-level problems (course.toml, week.toml, duplicate ids)
    summary: str = ""

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        return tuple(lesson for w in self.weeks for lesson in w.lessons)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((les for les in self.lessons if les.id == lesson_id), None)

    def all_problems(self) -> tuple[Problem, ...]:
        return self.problems + tuple(p for les in self.lessons for p in les.problems)

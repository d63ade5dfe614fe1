"""A quiz as the author wrote it, and where it was written.

These live in the quiz layer (not the course model) because `quiz.instantiate` needs them at run time
and the quiz layer sits below the course layer; `course.model` re-exports them for readers of a course.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from mfml_tui.lazy import frozen_dataclass


@frozen_dataclass
class Location:
    """Where something came from, so every problem can be reported as `path:line: …`."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@frozen_dataclass
class Mistake:
    """A known wrong answer (stated in the expression language) and the feedback it deserves."""

    answer: str
    says: str


@frozen_dataclass
class QuizSpec:
    """A quiz as the author wrote it: a template that `quiz.instantiate` turns into a Question."""

    id: str
    kind: str  # number | vector | matrix | expression | choice
    ask: str
    location: Location
    params: dict[str, str] = field(default_factory=dict)
    answer: str | None = None  # engine expression; None for `choice`
    choices: tuple[str, ...] = ()  # for `choice`
    correct: tuple[int, ...] = ()  # indexes into choices (choice kind)
    multiple: bool = False  # choice: several answers may be right
    hints: tuple[str, ...] = ()
    solution: str = ""
    mistakes: tuple[Mistake, ...] = ()
    variables: tuple[str, ...] = ()  # expression kind: the free variables the learner may use
    domain: dict[str, tuple[float, float]] = field(default_factory=dict)
    rtol: float = 1e-6  # the loader always sets the kind's default (docs/quizzes.md)
    atol: float = 1e-9
    skills: tuple[str, ...] = ()
    where: str | None = None  # condition on the parameters; redrawn until it holds
    answers: tuple[str, ...] = ()  # choice: every right answer when `answer` is a list (answer = answers[0])
    choice_says: tuple[str, ...] = ()  # choice: feedback per option ("" = none), parallel to `choices`
    decimals: int | None = None  # number/vector/matrix: "give N decimal places"
    printed: bool = False  # number/vector/matrix: answers that follow from the prompt's rounded numbers
    same: str | None = None  # id of an earlier quiz of the step whose parameters this one shares
    base: QuizSpec | None = field(default=None, compare=False, repr=False)  # that quiz (the loader sets it)
    sigfigs: int = 3  # rounded decimals need at least this many significant figures
    shuffle: bool = True  # choice: shuffle the options per attempt
    show: str | None = None  # expression choice: "plots" draws each option as a mini plot
    plot_x: tuple[float, float] | None = None  # with show = "plots": the x range
    correct_expr: str | None = None  # text choice: the right option's index computed from the parameters
    fixed: str = ""  # choice: why the right option is the same for every draw (`lessons check` asks)

    @property
    def expression_choices(self) -> bool:
        """A choice quiz whose options are maths decided by the engine (no `correct` list)."""
        from mfml_tui.quiz.kinds import KINDS  # (not at import: a course read from the cache needs no kinds)

        return KINDS[self.kind].is_choice and self.answer is not None

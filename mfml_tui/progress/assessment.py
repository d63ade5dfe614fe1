"""How an assessment is scored, from attempts alone (pure: no database, no clock).

A question scores when the **first** counted answer on its latest draw (one set of numbers) was right and
given without a hint or the solution. A wrong answer, a second pick in a choice question, or help on a
draw spends that draw: only new numbers (ctrl+n) can score again. Only attempts made inside the
assessment count (`context == "lesson"`): answering the same question in Reviews never changes the score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class Scored(Protocol):
    @property
    def quiz_id(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def correct(self) -> bool: ...
    @property
    def hints(self) -> int: ...
    @property
    def at(self) -> datetime: ...
    @property
    def context(self) -> str: ...


@dataclass(frozen=True)
class Assessment:
    """An assessment as it stands: `got` of `total` questions score; `mark` is the fraction that passes."""

    got: int
    total: int
    mark: float = 1.0

    @property
    def passed(self) -> bool:
        return bool(self.total) and self.got / self.total >= self.mark - 1e-9

    @property
    def label(self) -> str:
        return f"{self.got}/{self.total} " + ("passed" if self.passed else "not yet")


def scoring(attempts: Iterable[Scored]) -> dict[str, bool]:
    """quiz id -> does it score now (its latest draw's first answer was right without help)."""
    by_quiz: dict[str, list[Scored]] = {}
    for a in attempts:
        if a.context == "lesson":
            by_quiz.setdefault(a.quiz_id, []).append(a)
    result = {}
    for quiz, mine in by_quiz.items():
        mine.sort(key=lambda a: a.at)
        latest_seed = mine[-1].seed
        first = next(a for a in mine if a.seed == latest_seed)
        result[quiz] = first.correct and first.hints == 0
    return result


def score(attempts: Iterable[Scored], quiz_ids: Sequence[str], mark: float | None = None) -> Assessment:
    """The score of the questions `quiz_ids`. `mark` is the lesson's pass mark (the course loader gives
    every assessment one, its default included); without one, every question is needed."""
    scores = scoring(attempts)
    got = sum(1 for q in quiz_ids if scores.get(q))
    return Assessment(got, len(quiz_ids), 1.0 if mark is None else mark)

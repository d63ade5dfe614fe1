"""Plain records the store hands out, and the one timestamp format it writes.

Timestamps are stored as fixed-width UTC text (`2024-05-01T14:03:07.123456Z`) so that text order is time
order: range queries and `ORDER BY at` then work on an index without parsing dates.
"""

from __future__ import annotations

from dataclasses import field
from datetime import UTC, datetime

from mfml_tui.lazy import frozen_dataclass


def to_text(when: datetime) -> str:
    """Aware datetime -> stored text. Naive datetimes are refused: guessing their zone shifts streaks."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"timestamp {when!r} has no time zone; pass an aware (UTC) datetime")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_text(text: str) -> datetime:
    """Stored (or imported ISO 8601) text -> aware UTC datetime."""
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no time zone")
    return when.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


@frozen_dataclass
class Attempt:
    """One graded answer. `uid` makes an attempt unique across machines, so imports never duplicate it."""

    uid: str
    lesson_id: str
    quiz_id: str
    seed: int
    answer: str
    correct: bool
    hints: int
    seconds: float
    at: datetime
    context: str = "lesson"  # "lesson" (also an assessment) or "review": a review never scores a lesson
    slip: str | None = None  # the mal-rule the engine diagnosed in a wrong answer (engine.malrules id)

    @property
    def verdict(self) -> str:
        return "correct" if self.correct else "incorrect"


@frozen_dataclass
class Position:
    """Where the learner is in a lesson: the last step shown and the steps finished (a set)."""

    lesson_id: str
    step: int | None = None
    completed: frozenset[int] = field(default_factory=frozenset)
    updated: datetime | None = None


@frozen_dataclass
class Due:
    """A quiz whose review is due: the UI asks it on the review's own draw (`Store.review_seed`)."""

    lesson_id: str
    quiz_id: str
    due: datetime
    missed: bool = False  # its last draw was missed (wrong, or right only with help): shown first


@frozen_dataclass
class Draw:
    """Where one set of numbers of a quiz stands, for the card to say before the learner answers.

    `attempts` counted answers were given on it; `first_correct` is the first one's verdict (None before
    any); `helped` is True once a hint or the solution was seen on it. Only a first answer, right,
    without help scores (`scores`); once that chance is gone (`spent`) only new numbers can score."""

    seed: int
    attempts: int = 0
    first_correct: bool | None = None
    first_hints: int = 0
    helped: bool = False

    @property
    def scores(self) -> bool:
        return bool(self.first_correct) and self.first_hints == 0

    @property
    def spent(self) -> bool:
        return self.attempts > 0 or self.helped

"""Mastery levels, derived from attempts by pure functions (no database, no clock).

The rule (docs/progress.md explains why):

* An attempt earns **credit** when it is correct, used no hint, and its numbers were new to the learner:
  no older attempt on the same quiz had the same seed (retrying the numbers you just saw solved proves
  little).
* A quiz's level looks at its `WINDOW` most recent attempts, newest first, up to the most recent wrong
  answer (a wrong answer ends the run; a correct answer with hints neither earns nor breaks it):
  no attempts -> not started; 0 credits -> attempted; 1 -> familiar; 2 -> proficient;
  3 or more -> mastered if the first and last credited attempts are at least `MASTERY_SPAN` apart
  (remembered on another day), otherwise proficient.
* A lesson, skill or week is as strong as its weakest quiz: not started while none of its quizzes has an
  attempt, otherwise the lowest quiz level, where an untouched quiz counts as attempted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Protocol

WINDOW = 8
MASTERY_SPAN = timedelta(hours=20)  # "another day", with room for practising earlier the next evening


class Level(IntEnum):
    NOT_STARTED = 0
    ATTEMPTED = 1
    FAMILIAR = 2
    PROFICIENT = 3
    MASTERED = 4

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", " ")


class Outcome(Protocol):
    """What mastery needs from an attempt (`records.Attempt` fits)."""

    @property
    def correct(self) -> bool: ...
    @property
    def hints(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def at(self) -> datetime: ...


def credits(attempts: Iterable[Outcome], window: int = WINDOW) -> list[Outcome]:
    """The credited attempts of the current run (newest first), per the rule in the module docstring."""
    recent = sorted(attempts, key=lambda a: a.at, reverse=True)[:window]
    earned = []
    for i, attempt in enumerate(recent):
        if not attempt.correct:
            break
        older_seeds = {a.seed for a in recent[i + 1 :]}
        if attempt.hints == 0 and attempt.seed not in older_seeds:
            earned.append(attempt)
    return earned


def quiz_level(attempts: Iterable[Outcome], window: int = WINDOW) -> Level:
    """The level one quiz's attempts show."""
    attempts = list(attempts)
    if not attempts:
        return Level.NOT_STARTED
    earned = credits(attempts, window)
    if len(earned) >= 3:
        span = earned[0].at - earned[-1].at
        return Level.MASTERED if span >= MASTERY_SPAN else Level.PROFICIENT
    return (Level.ATTEMPTED, Level.FAMILIAR, Level.PROFICIENT)[len(earned)]


def unit_level(levels: Iterable[Level]) -> Level | None:
    """Combine quiz levels into a lesson/skill/week level; None when the unit has no quizzes at all."""
    levels = list(levels)
    if not levels:
        return None
    if all(level == Level.NOT_STARTED for level in levels):
        return Level.NOT_STARTED
    return min(max(level, Level.ATTEMPTED) for level in levels)

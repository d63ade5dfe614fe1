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


def standing(attempts: Iterable[Outcome], window: int = WINDOW) -> tuple[Level, int, bool]:
    """(level, credits in the current run, whether the credits already span `MASTERY_SPAN`)."""
    attempts = list(attempts)
    if not attempts:
        return Level.NOT_STARTED, 0, False
    earned = credits(attempts, window)
    spread = len(earned) >= 2 and earned[0].at - earned[-1].at >= MASTERY_SPAN
    if len(earned) >= 3:
        level = Level.MASTERED if spread else Level.PROFICIENT
    else:
        level = (Level.ATTEMPTED, Level.FAMILIAR, Level.PROFICIENT)[len(earned)]
    return level, len(earned), spread


def needs(standings: Iterable[tuple[Level, int, bool]]) -> str:
    """What a unit (lesson) needs for its next level, in words, from its quizzes' standings.

    The unit's level is its weakest quiz's, so the next level needs every quiz at the unit's level to
    move up: one more credit each up to proficient, then three credits in a run spread over a day."""
    standings = list(standings)
    if not standings:
        return ""
    level = min(max(s[0], Level.ATTEMPTED) for s in standings)
    if all(s[0] == Level.NOT_STARTED for s in standings):
        level = Level.NOT_STARTED
    if level == Level.MASTERED:
        return "mastered: reviews keep it that way"
    target = Level(level + 1) if level > Level.NOT_STARTED else Level.FAMILIAR
    weakest = [s for s in standings if max(s[0], Level.ATTEMPTED) == level or s[0] == level]
    if target <= Level.PROFICIENT:
        more = sum(max(1, int(target) - 1 - n) for _lv, n, _sp in weakest)
        return f"{target.label}: {more} more {_right(more)}"
    more = sum(max(3 - n, 0 if sp else 1) for _lv, n, sp in weakest)
    spread = all(sp for _lv, _n, sp in weakest)
    tail = "" if spread else ", at least a day apart"
    return f"{target.label}: {more} more {_right(more)}{tail}"


def _right(n: int) -> str:
    return f"answer{'s' if n != 1 else ''} right first try on new numbers, without help"

"""Spaced repetition with FSRS: which rating a draw earns, the card state it leads to, and what is due.

The rule (docs/progress.md): a quiz's card is reviewed once per **draw** (one set of numbers, one seed),
by the draw's first counted attempt. Right on that first try without a hint or the solution is `Good`
(`Easy` under 20 s): the card goes straight to days later. Anything else (wrong, or right only with help)
is `Again`: due in 10 minutes, with fresh numbers. Retries on the same numbers never move the card, so
guessing on one draw cannot buy a long interval.

fsrs is imported on first use only: opening the tutor and printing a summary never need it.
Fuzzing is off so that the same attempts always give the same due dates (rebuilt cards after an
import match the originals, and tests can use a fixed clock).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from mfml_tui.lazy import frozen_dataclass
from mfml_tui.progress.records import from_text, to_text

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4  # the values of fsrs.Rating
EASY_SECONDS = 20.0
# One short step for a missed card (new or relearning): back in the same sitting. A first-try Good on a new
# card graduates at once (2 days with the default parameters), not after a 10-minute learning step.
STEP = timedelta(minutes=10)

_scheduler: Any = None


def rating_for(correct: bool, hints: int, seconds: float) -> int:
    """The rating of a draw's first attempt: right without help -> Good, or Easy when quicker than 20 s;
    wrong, or right only with a hint or the solution -> Again (the quiz comes back soon)."""
    if not correct or hints > 0:
        return AGAIN
    return EASY if seconds < EASY_SECONDS else GOOD


def card_id(lesson_id: str, quiz_id: str) -> int:
    """A stable explicit id (fsrs's default id sleeps 1 ms to stay unique)."""
    return zlib.crc32(f"{lesson_id}\0{quiz_id}".encode()) + 1


def _get_scheduler() -> Any:
    global _scheduler
    if _scheduler is None:
        from fsrs import Scheduler

        _scheduler = Scheduler(enable_fuzzing=False, learning_steps=(STEP,), relearning_steps=(STEP,))
    return _scheduler


def review(card_json: str | None, cid: int, rating: int, at: datetime) -> tuple[str, datetime]:
    """One review: previous card (None for a new one) + rating at `at` -> (new card JSON, due)."""
    from fsrs import Card, Rating

    card = Card.from_dict(json.loads(card_json)) if card_json else Card(card_id=cid, due=at)
    card, _log = _get_scheduler().review_card(card, Rating(rating), review_datetime=at)
    return json.dumps(card.to_dict(), separators=(",", ":")), card.due


def replay(
    outcomes: Iterable[tuple[bool, int, float, datetime, int]], cid: int
) -> tuple[str, datetime, bool] | None:
    """The card after each draw's first (correct, hints, seconds, at, seed) in time order, and whether
    the last of them was missed; None if there are none."""
    state: tuple[str, datetime, bool] | None = None
    seen: set[int] = set()
    for correct, hints, seconds, at, seed in sorted(outcomes, key=lambda o: o[3]):
        if seed in seen:
            continue  # a retry on the same numbers: not a new review
        seen.add(seed)
        rating = rating_for(correct, hints, seconds)
        card, due = review(state[0] if state else None, cid, rating, at)
        state = (card, due, rating == AGAIN)
    return state


def last_review(card_json: str) -> datetime | None:
    text = json.loads(card_json).get("last_review")
    return from_text(text) if text else None


def rebuild(conn: sqlite3.Connection, profile: str, lesson_id: str, quiz_id: str) -> None:
    """Recompute one quiz's card from all its attempts (after an import, or an attempt out of time order)."""
    rows = conn.execute(
        "SELECT verdict, hints, seconds, at, seed FROM attempts "
        "WHERE profile = ? AND lesson_id = ? AND quiz_id = ? ORDER BY at",  # on attempts_by_quiz
        (profile, lesson_id, quiz_id),
    ).fetchall()
    state = replay(
        ((v == "correct", h, s, from_text(at), seed) for v, h, s, at, seed in rows),
        card_id(lesson_id, quiz_id),
    )
    if state is None:
        conn.execute(
            "DELETE FROM reviews WHERE profile = ? AND lesson_id = ? AND quiz_id = ?",
            (profile, lesson_id, quiz_id),
        )
        return
    save(conn, profile, lesson_id, quiz_id, *state)


def save(
    conn: sqlite3.Connection,
    profile: str,
    lesson_id: str,
    quiz_id: str,
    card: str,
    due: datetime,
    missed: bool = False,
) -> None:
    """Store a card. Its review draw (`seed`) is forgotten: the next review asks with fresh numbers."""
    conn.execute(
        "INSERT INTO reviews (profile, lesson_id, quiz_id, card, due, missed, seed) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL) "
        "ON CONFLICT (profile, lesson_id, quiz_id) DO UPDATE SET card = excluded.card, due = excluded.due, "
        "missed = excluded.missed, seed = NULL",
        (profile, lesson_id, quiz_id, card, to_text(due), int(missed)),
    )


@frozen_dataclass
class DueItem:
    lesson_id: str
    quiz_id: str
    due: datetime
    missed: bool


def due_now(
    conn: sqlite3.Connection,
    profile: str,
    now: datetime,
    keep: Callable[[str, str], bool] | None = None,
    limit: int | None = None,
) -> list[DueItem]:
    """THE list of reviews due at `now`: missed quizzes first, then the most overdue. `keep(lesson, quiz)`
    drops quizzes the course no longer has. The course map's count, the Reviews screen and its header,
    and `mfml-tui progress` all call this, so they always agree."""
    found: list[DueItem] = []
    for lesson, quiz, due, missed in conn.execute(
        "SELECT lesson_id, quiz_id, due, missed FROM reviews WHERE profile = ? AND due <= ? "
        "ORDER BY missed DESC, due, lesson_id, quiz_id",
        (profile, to_text(now)),
    ):
        if keep is not None and not keep(lesson, quiz):
            continue
        found.append(DueItem(lesson, quiz, from_text(due), bool(missed)))
        if limit is not None and len(found) >= limit:
            break
    return found


def in_course(course: Any) -> Callable[[str, str], bool]:
    """A filter for `due_now`: the quiz is still in the course, in a lesson that loads."""
    known = {(lesson.id, quiz_id) for lesson in course.lessons if lesson.available
             for quiz_id in lesson.quiz_ids}
    return lambda lesson_id, quiz_id: (lesson_id, quiz_id) in known

"""Spaced repetition with FSRS: which rating an attempt gives, and the card state it leads to.

fsrs is imported on first use only: opening the tutor and printing a summary never need it.
Fuzzing is off so that the same attempts always give the same due dates (rebuilt cards after an
import match the originals, and tests can use a fixed clock).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from mfml_tui.progress.records import from_text, to_text

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4  # the values of fsrs.Rating
EASY_SECONDS = 20.0

_scheduler: Any = None


def rating_for(correct: bool, hints: int, seconds: float) -> int:
    """Wrong -> Again; right with hints -> Hard; right alone -> Good, or Easy when quicker than 20 s."""
    if not correct:
        return AGAIN
    if hints > 0:
        return HARD
    return EASY if seconds < EASY_SECONDS else GOOD


def card_id(lesson_id: str, quiz_id: str) -> int:
    """A stable explicit id (fsrs's default id sleeps 1 ms to stay unique)."""
    return zlib.crc32(f"{lesson_id}\0{quiz_id}".encode()) + 1


def _get_scheduler() -> Any:
    global _scheduler
    if _scheduler is None:
        from fsrs import Scheduler

        _scheduler = Scheduler(enable_fuzzing=False)
    return _scheduler


def review(card_json: str | None, cid: int, rating: int, at: datetime) -> tuple[str, datetime]:
    """One review: previous card (None for a new one) + rating at `at` -> (new card JSON, due)."""
    from fsrs import Card, Rating

    card = Card.from_dict(json.loads(card_json)) if card_json else Card(card_id=cid, due=at)
    card, _log = _get_scheduler().review_card(card, Rating(rating), review_datetime=at)
    return json.dumps(card.to_dict(), separators=(",", ":")), card.due


def replay(outcomes: Iterable[tuple[bool, int, float, datetime]], cid: int) -> tuple[str, datetime] | None:
    """The card after reviewing each (correct, hints, seconds, at) in time order; None if there are none."""
    state: tuple[str, datetime] | None = None
    for correct, hints, seconds, at in sorted(outcomes, key=lambda o: o[3]):
        state = review(state[0] if state else None, cid, rating_for(correct, hints, seconds), at)
    return state


def last_review(card_json: str) -> datetime | None:
    text = json.loads(card_json).get("last_review")
    return from_text(text) if text else None


def rebuild(conn: sqlite3.Connection, profile: str, lesson_id: str, quiz_id: str) -> None:
    """Recompute one quiz's card from all its attempts (after an import, or an attempt out of time order)."""
    rows = conn.execute(
        "SELECT verdict, hints, seconds, at FROM attempts "
        "WHERE profile = ? AND lesson_id = ? AND quiz_id = ?",
        (profile, lesson_id, quiz_id),
    ).fetchall()
    state = replay(
        ((v == "correct", h, s, from_text(at)) for v, h, s, at in rows), card_id(lesson_id, quiz_id)
    )
    if state is None:
        conn.execute(
            "DELETE FROM reviews WHERE profile = ? AND lesson_id = ? AND quiz_id = ?",
            (profile, lesson_id, quiz_id),
        )
        return
    save(conn, profile, lesson_id, quiz_id, *state)


def save(
    conn: sqlite3.Connection, profile: str, lesson_id: str, quiz_id: str, card: str, due: datetime
) -> None:
    conn.execute(
        "INSERT INTO reviews (profile, lesson_id, quiz_id, card, due) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (profile, lesson_id, quiz_id) DO UPDATE SET card = excluded.card, due = excluded.due",
        (profile, lesson_id, quiz_id, card, to_text(due)),
    )

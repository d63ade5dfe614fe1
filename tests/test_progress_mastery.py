"""Mastery levels (pure functions) and review scheduling with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from mfml_tui.progress import reviews
from mfml_tui.progress.mastery import MASTERY_SPAN, WINDOW, Level, credits, quiz_level, unit_level
from mfml_tui.progress.store import open_store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class A(NamedTuple):
    correct: bool
    seed: int
    minutes: float = 0
    hints: int = 0

    @property
    def at(self) -> datetime:
        return T0 + timedelta(minutes=self.minutes)


def level(*attempts: A) -> Level:
    return quiz_level(attempts)


# -- quiz levels -------------------------------------------------------------------------------------------


def test_no_attempts_is_not_started() -> None:
    assert level() is Level.NOT_STARTED


def test_wrong_answers_only_is_attempted() -> None:
    assert level(A(False, 1), A(False, 2, 1)) is Level.ATTEMPTED


def test_one_clean_correct_is_familiar() -> None:
    assert level(A(True, 1)) is Level.FAMILIAR


def test_correct_with_hints_earns_no_credit() -> None:
    assert level(A(True, 1, hints=1)) is Level.ATTEMPTED


def test_retrying_the_same_numbers_earns_no_credit() -> None:
    assert level(A(False, 7, 0), A(True, 7, 1)) is Level.ATTEMPTED
    assert level(A(False, 7, 0), A(True, 7, 1), A(True, 8, 2)) is Level.FAMILIAR


def test_two_fresh_clean_corrects_are_proficient() -> None:
    assert level(A(True, 1, 0), A(True, 2, 1)) is Level.PROFICIENT


def test_three_in_one_sitting_stay_proficient() -> None:
    assert level(A(True, 1, 0), A(True, 2, 1), A(True, 3, 2), A(True, 4, 3)) is Level.PROFICIENT


def test_three_spread_over_a_day_are_mastered() -> None:
    span = MASTERY_SPAN.total_seconds() / 60
    assert level(A(True, 1, 0), A(True, 2, 5), A(True, 3, span)) is Level.MASTERED
    assert level(A(True, 1, 0), A(True, 2, 5), A(True, 3, span - 1)) is Level.PROFICIENT


def test_a_wrong_answer_ends_the_run() -> None:
    mastered = [A(True, 1, 0), A(True, 2, 5), A(True, 3, 24 * 60)]
    assert level(*mastered, A(False, 4, 25 * 60)) is Level.ATTEMPTED
    assert level(*mastered, A(False, 4, 25 * 60), A(True, 5, 26 * 60)) is Level.FAMILIAR


def test_hinted_correct_neither_earns_nor_breaks_the_run() -> None:
    assert level(A(True, 1, 0), A(True, 2, 1, hints=2), A(True, 3, 2)) is Level.PROFICIENT


def test_order_of_input_does_not_matter() -> None:
    seq = [A(True, 1, 0), A(False, 2, 1), A(True, 3, 2)]
    assert level(*seq) is level(*reversed(seq)) is Level.FAMILIAR


def test_only_the_recent_window_counts() -> None:
    old_credits = [A(True, i, i) for i in range(3)]
    hinted = [A(True, 100 + i, 10 + i, hints=1) for i in range(WINDOW)]
    assert level(*old_credits, *hinted) is Level.ATTEMPTED
    assert len(credits([*old_credits, *hinted[:-1]])) == 1


# -- units -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([], None),
        ([Level.NOT_STARTED, Level.NOT_STARTED], Level.NOT_STARTED),
        ([Level.MASTERED, Level.NOT_STARTED], Level.ATTEMPTED),
        ([Level.MASTERED, Level.PROFICIENT], Level.PROFICIENT),
        ([Level.MASTERED, Level.MASTERED], Level.MASTERED),
        ([Level.FAMILIAR], Level.FAMILIAR),
    ],
)
def test_unit_level_is_the_weakest_quiz(levels: list[Level], expected: Level | None) -> None:
    assert unit_level(levels) == expected


def test_labels() -> None:
    assert [lv.label for lv in Level] == ["not started", "attempted", "familiar", "proficient", "mastered"]


# -- reviews -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("correct", "hints", "seconds", "rating"),
    [
        (False, 0, 5, reviews.AGAIN),
        (False, 3, 90, reviews.AGAIN),
        (True, 1, 5, reviews.AGAIN),  # right only with help: back soon, like a miss
        (True, 0, 45, reviews.GOOD),
        (True, 0, 19.9, reviews.EASY),
        (True, 0, 20, reviews.GOOD),
    ],
)
def test_ratings(correct: bool, hints: int, seconds: float, rating: int) -> None:
    assert reviews.rating_for(correct, hints, seconds) == rating


def test_ratings_match_fsrs() -> None:
    from fsrs import Rating

    ours = (reviews.AGAIN, reviews.HARD, reviews.GOOD, reviews.EASY)
    assert ours == tuple(int(r) for r in Rating)


def test_due_reviews_with_a_fixed_clock(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3", "alice") as store:
        store.record_attempt("l1", "wrong", 1, "0", False, seconds=30, at=T0)
        store.record_attempt("l1", "good", 2, "4", True, seconds=30, at=T0)
        store.record_attempt("l1", "easy", 3, "4", True, seconds=5, at=T0)
        store.record_attempt("l2", "hard", 4, "4", True, hints=1, seconds=30, at=T0)
        assert store.due_reviews(T0 + timedelta(minutes=2)) == []
        soon = store.due_reviews(T0 + timedelta(minutes=10))
        assert [(d.quiz_id, d.missed) for d in soon] == [("wrong", True), ("hard", True)]
        assert store.due_reviews(T0 + timedelta(days=1, hours=23)) == soon  # right first try: days later
        later = {d.quiz_id: d.due for d in store.due_reviews(T0 + timedelta(days=400))}
        assert later["good"] == T0 + timedelta(days=2) and later["easy"] >= T0 + timedelta(days=7)
        assert [d.lesson_id for d in store.due_reviews(T0 + timedelta(hours=1), limit=1)] == ["l1"]
        assert store.next_review() == T0 + timedelta(minutes=10)


def test_stored_due_dates_are_fsrs_own(tmp_path: Path) -> None:
    """The oracle is py-fsrs itself, driven by hand with the rating the issue names for each attempt."""
    from fsrs import Card, Rating, Scheduler

    step = (timedelta(minutes=10),)
    fsrs = Scheduler(enable_fuzzing=False, learning_steps=step, relearning_steps=step)
    history = [  # (correct, hints, seconds, days after T0) -> the rating of each draw's first answer
        ((True, 0, 45, 0), Rating.Good),
        ((False, 0, 30, 1), Rating.Again),
        ((True, 2, 60, 1.01), Rating.Again),  # right only with hints: not shown on its own
        ((True, 0, 8, 3), Rating.Easy),
        ((True, 0, 40, 12), Rating.Good),
    ]
    card = Card()
    with open_store(tmp_path / "p.sqlite3", "alice") as store:
        for seed, ((correct, hints, seconds, days), rating) in enumerate(history):
            at = T0 + timedelta(days=days)
            card, _ = fsrs.review_card(card, rating, review_datetime=at)
            store.record_attempt("l", "q", seed, "x", correct, hints=hints, seconds=seconds, at=at)
            assert store.next_review() == card.due
        assert card.due > T0 + timedelta(days=14)  # a well-known quiz is left alone for a while


def test_good_reviews_space_out(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3", "alice") as store:
        at, gaps = T0, []
        for seed in range(5):
            store.record_attempt("l1", "q", seed, "4", True, seconds=30, at=at)
            (due,) = store.due_reviews(T0 + timedelta(days=3650))
            gaps.append(due.due - at)
            at = due.due
        assert gaps == sorted(gaps) and gaps[-1] > timedelta(days=7)


def test_attempt_recorded_out_of_order_rebuilds_the_card(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.sqlite3", "alice") as a, open_store(tmp_path / "b.sqlite3", "alice") as b:
        times = [T0, T0 + timedelta(days=3), T0 + timedelta(days=1)]
        for i, at in enumerate(times):
            a.record_attempt("l", "q", i, "1", True, seconds=30, at=at)
        for i, at in sorted(enumerate(times), key=lambda x: x[1]):
            b.record_attempt("l", "q", i, "1", True, seconds=30, at=at)
        far = T0 + timedelta(days=3650)
        assert a.due_reviews(far) == b.due_reviews(far)


def test_replay_is_deterministic() -> None:
    outcomes = [
        (True, 0, 30.0, T0, 1),
        (False, 0, 30.0, T0 + timedelta(days=2), 2),
        (True, 1, 30.0, T0 + timedelta(days=3), 3),
    ]
    assert reviews.replay(outcomes, 5) == reviews.replay(list(reversed(outcomes)), 5)
    assert reviews.replay([], 5) is None


def test_mastery_through_the_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3", "alice") as store:
        assert store.quiz_level("l", "q") is Level.NOT_STARTED
        for seed, hours in [(1, 0), (2, 1), (3, 24)]:
            store.record_attempt("l", "q", seed, "1", True, at=T0 + timedelta(hours=hours))
        assert store.quiz_level("l", "q") is Level.MASTERED
        store.record_attempt("l", "other", 9, "1", True, at=T0)
        assert store.quiz_level("l", "other") is Level.FAMILIAR

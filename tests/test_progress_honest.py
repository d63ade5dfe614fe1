"""Honest progress (issue 13), on the store itself with a fixed clock: reviews are their own draws and
never score an assessment; a draw's first answer decides its review and its score; one function says
what is due; the same rules run in memory when there is no file."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mfml_tui.course import load
from mfml_tui.progress import open_store
from mfml_tui.progress.assessment import score

T0 = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)  # a Monday evening
LESSONS = Path(__file__).parent / "data" / "lessons"


def minutes(m: float) -> datetime:
    return T0 + timedelta(minutes=m)


def day(d: int, hour: int = 20) -> datetime:
    return T0.replace(hour=hour) + timedelta(days=d)


# -- scheduling: a simulated learner over a week ---------------------------------------------------------


def test_a_week_of_sessions_brings_back_what_was_missed_first_and_soon(tmp_path: Path) -> None:
    """Monday evening the learner answers four questions: A right first try, B wrong then right on the
    same numbers, C right only after a hint, D right first try and fast. The rest of the week they answer
    whatever Reviews shows, with a known pattern. Asserted: which cards are due when, and in what order."""
    seeds = itertools.count(100)
    with open_store(tmp_path / "p.sqlite3", "sim") as store:

        def answer(quiz: str, correct: bool, at: datetime, *, hints: int = 0, seconds: float = 30,
                   seed: int | None = None, context: str = "lesson") -> None:
            store.record_attempt("l", quiz, next(seeds) if seed is None else seed, "x", correct, hints=hints,
                                 seconds=seconds, at=at, context=context)

        def due(at: datetime) -> list[str]:
            return [d.quiz_id for d in store.due_reviews(at)]

        answer("A", True, T0)
        answer("B", False, T0, seed=1)
        answer("B", True, minutes(1), seed=1)  # a retry on the same numbers: not "right first try"
        answer("C", True, T0, hints=1)
        answer("D", True, T0, seconds=8)

        assert due(minutes(5)) == []  # nothing answered right first try comes back within minutes
        assert due(minutes(10)) == ["B", "C"]  # missed: due again in the same sitting
        assert all(d.missed for d in store.due_reviews(minutes(10)))
        answer("B", True, minutes(15), context="review")  # fresh numbers, right first try
        answer("C", False, minutes(15), context="review")  # wrong again
        assert due(minutes(20)) == []
        assert due(minutes(25)) == ["C"]
        answer("C", True, minutes(30), context="review")

        # Tuesday: B and C, recovered yesterday, come back the next day; A (right first try) is not due.
        assert due(day(0, 23)) == []
        assert due(day(1)) == ["B", "C"]
        answer("B", True, day(1), context="review")
        answer("C", True, day(1), context="review")
        assert due(day(1, 23)) == []

        # Wednesday: A is due two days after its first-try answer; C, missed twice on Monday, is back
        # after a single day again. A is missed now: it comes back in 10 minutes, ahead of anything else.
        assert due(day(2)) == ["A", "C"]
        answer("A", False, day(2), context="review")
        answer("C", True, day(2), context="review")
        assert due(day(2) + timedelta(minutes=9)) == []
        assert due(day(2) + timedelta(minutes=10)) == ["A"]
        answer("A", True, day(2) + timedelta(minutes=10), context="review")

        # Thursday to Sunday: the well-known cards are spaced out to days, not minutes.
        for d in (3, 4):
            assert "D" not in due(day(d))
        later = {x.quiz_id: x.due for x in store.due_reviews(day(30))}
        assert later["D"] == T0 + timedelta(days=8)  # Easy on Monday: a week and a day
        # every card answered right first try at its last review is left alone for two days or more
        assert later["B"] >= day(1) + timedelta(days=2) and later["C"] >= day(2) + timedelta(days=2)
        assert later["A"] >= day(2) + timedelta(minutes=10, days=1)
        # Missed first: on Thursday A (missed again below) comes before B and C although they are older.
        answer("A", False, day(3, 9), context="review")
        queue = store.due_reviews(day(7))
        assert [d.quiz_id for d in queue][0] == "A" and queue[0].missed
        assert [d.quiz_id for d in queue][1:] == sorted((d.quiz_id for d in queue[1:]),
                                                        key=lambda q: later[q])


def test_a_retry_on_the_same_numbers_never_moves_the_card(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3", "a") as store:
        store.record_attempt("l", "q", 7, "1", False, at=T0)
        before = store.due_reviews(day(30))
        for i in range(1, 6):  # guessing on the same numbers
            store.record_attempt("l", "q", 7, str(i), i == 5, at=minutes(i))
        assert store.due_reviews(day(30)) == before


def test_due_now_is_one_list_for_map_reviews_and_cli(tmp_path: Path) -> None:
    """A card of a quiz the course no longer has is not counted anywhere (the map said 23, the header 20)."""
    course = load(LESSONS)
    old = datetime.now(UTC) - timedelta(days=30)
    with open_store(tmp_path / "p.sqlite3", "a") as store:
        store.record_attempt("t1-rise", "t1-rise-slope", 1, "0", False, at=old)
        store.record_attempt("gone-lesson", "gone-quiz", 1, "0", False, at=old)
        listed = store.due_reviews(course=course)
        assert [(d.lesson_id, d.quiz_id) for d in listed] == [("t1-rise", "t1-rise-slope")]
        assert store.summary(course).due_reviews == 1


# -- reviews are their own draws ------------------------------------------------------------------------


def test_a_review_keeps_its_own_numbers_until_answered(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3", "a") as store:
        store.set_setting("quiz.seed.q", "5")
        store.record_attempt("l", "q", 5, "0", False, at=T0)
        first = store.review_seed("l", "q", 111)
        assert first == 111 and store.review_seed("l", "q", 222) == 111  # same numbers on reopening
        store.record_attempt("l", "q", first, "1", True, at=minutes(11), context="review")
        assert store.review_seed("l", "q", 333) == 333  # answered: the next review has fresh numbers
        assert store.get_setting("quiz.seed.q") == "5"  # the lesson's numbers were never touched
        assert store.last_answer("l", "q", 5) == "0"
        assert store.last_answer("l", "q", first) is None  # a review's answer is not a lesson answer


def test_a_review_never_changes_an_assessment_score(tmp_path: Path) -> None:
    lesson = load(LESSONS).lesson("t2-assessment")
    assert lesson is not None and lesson.is_assessment
    with open_store(tmp_path / "p.sqlite3", "a") as store:
        store.record_attempt(lesson.id, "t2-assessment-one", 1, "0", False, at=T0)
        assert store.assessment(lesson).got == 0
        for i, quiz in enumerate(("t2-assessment-one", "t2-assessment-two")):
            store.record_attempt(lesson.id, quiz, 50 + i, "1", True, seconds=30, at=minutes(20 + i),
                                 context="review")
        assert (store.assessment(lesson).got, store.assessment(lesson).passed) == (0, False)


# -- assessments measure --------------------------------------------------------------------------------


class A:
    def __init__(self, quiz: str, seed: int, correct: bool, hints: int = 0, m: int = 0,
                 context: str = "lesson") -> None:
        self.quiz_id, self.seed, self.correct, self.hints = quiz, seed, correct, hints
        self.at, self.context = minutes(m), context


@pytest.mark.parametrize(
    ("history", "scores"),
    [
        ([A("q", 1, True)], True),  # right first try
        ([A("q", 1, False), A("q", 1, True, m=1)], False),  # wrong, then right on the same numbers
        ([A("q", 1, False, m=0), A("q", 1, False, m=1), A("q", 1, True, m=2)], False),  # b, c, then a
        ([A("q", 1, True, hints=1)], False),  # right after a hint or the solution
        ([A("q", 1, False), A("q", 2, True, m=1)], True),  # wrong, then new numbers right first try
        ([A("q", 1, True), A("q", 2, False, m=1)], False),  # as it stands: the latest draw missed
        ([A("q", 1, False), A("q", 9, True, m=1, context="review")], False),  # reviews never score
    ],
)
def test_an_assessment_question_scores_only_on_a_first_answer_without_help(history, scores) -> None:
    assert score(history, ["q"]).got == int(scores)


def test_help_seen_before_a_restart_still_stops_the_score(tmp_path: Path) -> None:
    """The card forgot the hint (a restart), the store did not: the answer is recorded as helped."""
    lesson = load(LESSONS).lesson("t2-assessment")
    with open_store(tmp_path / "p.sqlite3", "a") as store:
        store.note_help(lesson.id, "t2-assessment-one", 3)
        assert store.draw(lesson.id, "t2-assessment-one", 3).spent
        attempt = store.record_attempt(lesson.id, "t2-assessment-one", 3, "7", True, hints=0)
        assert attempt.hints == 1 and store.assessment(lesson).got == 0
        store.record_attempt(lesson.id, "t2-assessment-one", 4, "7", True, hints=0)
        assert store.assessment(lesson).got == 1


# -- one set of rules, with or without a file ------------------------------------------------------------


def test_the_memory_store_runs_the_same_rules_as_a_file(tmp_path: Path) -> None:
    course = load(LESSONS)
    lesson = course.lesson("t2-assessment")
    results = []
    for where in (tmp_path / "p.sqlite3", ":memory:"):
        with open_store(where, "a") as store:
            store.record_attempt(lesson.id, "t2-assessment-one", 1, "0", False, at=T0)
            store.record_attempt(lesson.id, "t2-assessment-one", 1, "13", True, at=minutes(1))
            store.record_attempt(lesson.id, "t2-assessment-two", 2, "42", True, seconds=30, at=minutes(2))
            summary = store.summary(course, now=minutes(30))
            row = next(les for w in summary.weeks for les in w.lessons if les.lesson_id == lesson.id)
            results.append((store.assessment(lesson), row.level, row.state, summary.due_reviews,
                            [d.quiz_id for d in store.due_reviews(minutes(30))]))
            assert store.in_memory == (where == ":memory:")
    assert results[0] == results[1]
    assert results[0][0].got == 1 and results[0][4] == ["t2-assessment-one"]


def test_the_tutor_without_a_file_has_no_special_rules(tmp_path: Path) -> None:
    from mfml_tui.ui.services import Tutor

    tutor = Tutor(LESSONS, None, "nobody", seed=1)
    lesson = tutor.course.lesson("t2-assessment")
    spec = lesson.quizzes[0]
    question, seed = tutor.question(spec)
    checked = tutor.check(question, "0", lesson_id=lesson.id, quiz_id=spec.id, seed=seed)
    assert checked.attempt is not None and not checked.correct
    checked = tutor.check(question, question.answer_text, lesson_id=lesson.id, quiz_id=spec.id, seed=seed)
    assert checked.correct and tutor.assessment_score(lesson) == (0, 2)  # same rule as with a file
    assert not tutor.has_store and tutor.statuses(tutor.course)[lesson.id].attempts == 2


def test_check_commits_before_it_returns(tmp_path: Path) -> None:
    from mfml_tui.ui.services import Tutor

    db = tmp_path / "p.sqlite3"
    tutor = Tutor(LESSONS, db, "me", seed=1)
    tutor.open_store()
    lesson = tutor.course.lesson("t1-rise")
    spec = lesson.quizzes[0]
    question, seed = tutor.question(spec)
    checked = tutor.check(question, question.answer_text, lesson_id=lesson.id, quiz_id=spec.id, seed=seed)
    with sqlite3.connect(db) as other:  # another connection sees it at once: it was committed
        rows = other.execute("SELECT quiz_id, verdict FROM attempts").fetchall()
    assert checked.correct and rows == [(spec.id, "correct")]
    tutor.close()


# -- the score and the next level, where the learner and the teacher read them ---------------------------


def test_progress_cli_and_class_report_show_the_assessment_score(tmp_path: Path, capsys) -> None:
    import json

    from mfml_tui.cli import main

    lesson = load(LESSONS).lesson("t2-assessment")
    exports = []
    for who, first_right in (("ada", True), ("bob", False)):
        data = tmp_path / who
        with open_store(data / "progress.sqlite3", who) as store:
            for i, quiz in enumerate(("t2-assessment-one", "t2-assessment-two")):
                store.record_attempt(lesson.id, quiz, i, "1", first_right, at=minutes(i))
                store.record_attempt(lesson.id, quiz, i, "2", True, at=minutes(i + 0.5))  # then right
        common = ["--lessons", str(LESSONS), "--data-dir", str(data), "--profile", who]
        capsys.readouterr()
        assert main(["progress", *common]) == 0
        table = capsys.readouterr().out
        assert ("assessment: 2/2 scored, passed" if first_right else
                "assessment: 0/2 scored, not passed yet (50% passes)") in table
        assert main(["progress", "--json", *common]) == 0
        out = capsys.readouterr().out
        (listed,) = json.loads(out)["profiles"][who]["assessments"]
        assert listed == {"lesson_id": lesson.id, "score": 2 if first_right else 0, "questions": 2,
                          "pass_mark": 0.5, "passed": first_right}
        exports.append(tmp_path / f"{who}.json")
        exports[-1].write_text(out)
    assert main(["class-report", "--lessons", str(LESSONS), *map(str, exports)]) == 0
    report = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in report.splitlines() if line.startswith(("ada", "bob"))}
    assert rows["ada"][5] == "1/1" and rows["bob"][5] == "0/1"  # assessments passed (after "50 %")
    assert "A short assessment" in report and "2/2, 0/2" in report


RIGHT = "right first try on new numbers, without help"


@pytest.mark.parametrize(
    ("standings", "words"),
    [
        ([], ""),
        ([(0, 0, False), (0, 0, False)], f"familiar: 2 more answers {RIGHT}"),
        ([(2, 1, False), (1, 0, False)], f"familiar: 1 more answer {RIGHT}"),
        ([(2, 1, False), (3, 2, False)], f"proficient: 1 more answer {RIGHT}"),
        ([(3, 2, False), (3, 3, False)], f"mastered: 2 more answers {RIGHT}, at least a day apart"),
        ([(4, 3, True)], "mastered: reviews keep it that way"),
    ],
)
def test_what_the_next_level_needs_in_words(standings, words) -> None:
    from mfml_tui.progress.mastery import Level, needs

    assert needs((Level(lv), n, sp) for lv, n, sp in standings) == words

"""Summaries (with a small course built from the model), the text table, and export/import."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mfml_tui.course.model import Course, Lesson, Location, QuizBlock, QuizSpec, Step, TextBlock, Week
from mfml_tui.progress.exchange import ExportFormatError
from mfml_tui.progress.mastery import Level
from mfml_tui.progress.store import Store, open_store
from mfml_tui.progress.summary import duration, format_summary

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
HERE = Location(Path("x.md"), 1)


def quiz(qid: str, *skills: str) -> QuizSpec:
    return QuizSpec(qid, "number", f"What is {qid}?", HERE, skills=skills)


def lesson(lid: str, quizzes: list[QuizSpec], text_steps: int = 1, skills: tuple[str, ...] = ()) -> Lesson:
    steps = tuple(Step(f"t{i}", (TextBlock("text", HERE),), HERE) for i in range(text_steps))
    steps += tuple(Step(q.id, (QuizBlock(q),), HERE) for q in quizzes)
    return Lesson(lid, f"Title of {lid}", Path(f"{lid}.md"), "w1", skills=skills, steps=steps)


COURSE = Course(
    "C",
    Path("."),
    (
        Week(
            "w1",
            1,
            "Functions",
            "",
            (
                lesson("w1-a", [quiz("qa1", "power rule"), quiz("qa2")], skills=("slopes",)),
                lesson("w1-b", [quiz("qb1", "power rule")], text_steps=2),
            ),
        ),
        Week("w2", 2, "Gradients", "", (lesson("w2-a", [], text_steps=3),)),
    ),
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "p.sqlite3", "alice")
    yield s
    s.close()


def test_empty_summary(store: Store) -> None:
    s = store.summary(COURSE, now=T0, tz=UTC)
    assert s.attempts == 0 and s.accuracy is None and s.streak_days == 0 and not s.practised_today
    assert [les.level for w in s.weeks for les in w.lessons] == [Level.NOT_STARTED, Level.NOT_STARTED, None]
    assert [w.steps for w in s.weeks] == [6, 3]
    assert s.other_lessons == () and s.recent == ()
    assert "0 attempts" in format_summary(s)


def test_summary_numbers(store: Store) -> None:
    store.record_attempt("w1-a", "qa1", 1, "3", True, seconds=30, at=T0 - timedelta(days=2))
    store.record_attempt("w1-a", "qa1", 2, "4", True, seconds=30, at=T0 - timedelta(days=1))
    store.record_attempt("w1-a", "qa2", 3, "5", False, seconds=60, at=T0 - timedelta(hours=1))
    store.record_attempt("gone", "old", 4, "6", True, seconds=10, at=T0 - timedelta(days=1))
    store.complete_step("w1-a", 0)
    store.complete_step("w1-a", 1)
    store.complete_step("w1-a", 99)  # a step that no longer exists is not counted
    store.set_position("w1-a", 2)
    s = store.summary(COURSE, now=T0, tz=UTC)
    a, b = s.weeks[0].lessons
    assert (a.steps, a.steps_done, a.last_step) == (3, 2, 2)
    assert (a.attempts, a.correct, a.seconds) == (3, 2, 120.0)
    assert a.accuracy == pytest.approx(2 / 3)
    assert a.level is Level.ATTEMPTED  # qa2 was answered wrongly
    assert b.level is Level.NOT_STARTED and b.attempts == 0
    assert s.weeks[0].level is Level.ATTEMPTED and s.weeks[1].level is None
    assert s.weeks[0].steps_done == 2
    skills = {sk.skill: (sk.level, sk.quizzes) for sk in s.skills}
    assert skills == {"power rule": (Level.ATTEMPTED, 2), "slopes": (Level.ATTEMPTED, 1)}
    assert [les.lesson_id for les in s.other_lessons] == ["gone"]
    assert s.other_lessons[0].steps is None and s.other_lessons[0].level is Level.FAMILIAR
    assert (s.attempts, s.correct, s.seconds) == (4, 3, 130.0)
    assert (s.streak_days, s.practised_today) == (3, True)
    assert [r.seed for r in s.recent] == [3, 4, 2, 1]
    assert s.due_reviews == len(store.due_reviews(T0)) == 1  # qa2, answered wrongly an hour ago


def test_the_course_maps_rows_are_the_summarys_without_the_rest(store: Store) -> None:
    """`Store.lesson_summaries` (the course map's statuses) makes each lesson's row as `summary` does, and
    reads only what the rows need: not the reviews, the recent answers, the slips nor the streak that the
    map's start-up used to read (and build a whole Summary with) for nothing. (The newest answer is read
    from the table itself: a damaged attempts table is still met at start-up, test_ui_robust.)"""
    store.record_attempt("w1-a", "qa1", 1, "3", True, seconds=30, at=T0 - timedelta(days=2))
    store.record_attempt("w1-a", "qa2", 3, "5", False, seconds=60, at=T0 - timedelta(hours=1))
    store.record_attempt("gone", "old", 4, "6", True, seconds=10, at=T0 - timedelta(days=1))
    store.complete_step("w1-b", 0)
    store.set_position("w1-b", 1)
    rows = {les.lesson_id: les for w in store.summary(COURSE, now=T0, tz=UTC).weeks for les in w.lessons}
    read: list[str] = []
    store._conn.set_trace_callback(read.append)
    try:
        assert store.lesson_summaries(COURSE) == rows
    finally:
        store._conn.set_trace_callback(None)
    tables = {word for sql in read for word in ("reviews", "slip", "LIMIT 10", "at >=")
              if word in sql}
    assert tables == set(), f"the map's rows read {sorted(tables)}: {read}"


def test_streak_alive_from_yesterday_and_broken_by_a_gap(store: Store) -> None:
    for days in (1, 2, 4):
        store.record_attempt("w1-a", "qa1", days, "1", True, at=T0 - timedelta(days=days))
    s = store.summary(COURSE, now=T0, tz=UTC)
    assert (s.streak_days, s.practised_today) == (2, False)


def test_streak_uses_local_days(store: Store) -> None:
    from datetime import timezone

    tokyo = timezone(timedelta(hours=9))
    # 23:30 and 00:30 UTC are one local day in Tokyo (08:30 and 09:30) but two days in UTC.
    store.record_attempt("w1-a", "qa1", 1, "1", True, at=datetime(2025, 3, 9, 23, 30, tzinfo=UTC))
    store.record_attempt("w1-a", "qa1", 2, "1", True, at=datetime(2025, 3, 10, 0, 30, tzinfo=UTC))
    assert store.summary(now=T0, tz=UTC).streak_days == 2
    assert store.summary(now=T0, tz=tokyo).streak_days == 1


def test_recent_attempts_are_rebuilt_by_the_prompt_hook(store: Store) -> None:
    store.record_attempt("w1-a", "qa1", 17, "3", True, at=T0)
    store.record_attempt("w1-b", "qb1", 5, "3", True, at=T0 + timedelta(seconds=1))
    store.record_attempt("gone", "old", 5, "3", True, at=T0 + timedelta(seconds=2))
    calls = []

    def prompt(spec: QuizSpec, seed: int) -> str:
        calls.append((spec.id, seed))
        if spec.id == "qb1":
            raise ValueError("this quiz no longer instantiates")
        return f"{spec.ask} (seed {seed})"

    s = store.summary(COURSE, now=T0, tz=UTC, prompt=prompt, recent=5)
    assert [r.prompt for r in s.recent] == [None, None, "What is qa1? (seed 17)"]
    assert sorted(calls) == [("qa1", 17), ("qb1", 5)]
    assert "What is qa1? (seed 17)" in format_summary(s, tz=UTC)


def test_summary_without_a_course_lists_store_lessons(store: Store) -> None:
    store.record_attempt("w9-x", "q", 1, "1", False, at=T0)
    store.complete_step("w9-y", 0)
    s = store.summary(now=T0, tz=UTC)
    assert s.weeks == () and [les.lesson_id for les in s.other_lessons] == ["w9-x", "w9-y"]
    text = format_summary(s, tz=UTC)
    assert "Lessons in the progress file" in text and "w9-x" in text and "attempted" in text


def test_format_summary_table(store: Store) -> None:
    store.record_attempt("w1-a", "qa1", 42, "x^2", True, hints=1, seconds=75, at=T0)
    text = format_summary(store.summary(COURSE, now=T0, tz=UTC), tz=UTC)
    assert "Week 1: Functions" in text and "Week 2: Gradients" in text
    line = next(ln for ln in text.splitlines() if ln.rstrip().endswith("w1-a"))
    assert "0/3" in line and "attempted" in line and "100%" in line and "1m" in line
    assert "2025-03-10 12:00  correct w1-a/qa1 seed 42: 'x^2' (1m, 1 hint)" in text
    assert all(len(ln) <= 80 for ln in text.splitlines() if not ln.startswith("  20"))


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0s"), (59.4, "59s"), (61, "1m"), (3600, "1h 00m"), (3725, "1h 02m")]
)
def test_duration(seconds: float, text: str) -> None:
    assert duration(seconds) == text


# -- export / import ---------------------------------------------------------------------------------------


def populate(store: Store) -> None:
    for i in range(5):
        store.record_attempt(
            "w1-a",
            f"qa{i % 2 + 1}",
            i,
            f"ans {i}",
            i != 2,
            hints=i % 2,
            seconds=10 * i,
            at=T0 + timedelta(hours=i),
        )
    store.set_position("w1-a", 1)
    store.complete_step("w1-a", 0)
    store.complete_step("w1-b", 1)
    store.set_setting("theme", "nord")


def test_export_import_round_trip_without_duplicates(tmp_path: Path, store: Store) -> None:
    populate(store)
    data = json.loads(json.dumps(store.export_data()))
    with open_store(tmp_path / "other.sqlite3", "alice") as other:
        first = other.import_data(data)
        assert (first.attempts_added, first.attempts_known) == (5, 0)
        again = other.import_data(data)
        assert (again.attempts_added, again.attempts_known) == (0, 5)
        assert other.attempts() == store.attempts()
        mirrored = other.export_data()
    original = store.export_data()
    for key in ("attempts", "positions", "settings", "reviews"):
        assert mirrored["profiles"]["alice"][key] == original["profiles"]["alice"][key], key


def test_import_merges_two_machines(tmp_path: Path, store: Store) -> None:
    store.record_attempt("w1-a", "qa1", 1, "1", True, at=T0)
    store.complete_step("w1-a", 0)
    store.set_position("w1-a", 0)
    with open_store(tmp_path / "laptop.sqlite3", "alice") as laptop:
        laptop.record_attempt("w1-a", "qa1", 2, "2", True, at=T0 + timedelta(days=1))
        laptop.complete_step("w1-a", 1)
        laptop.set_position("w1-a", 1)  # later than the store's position: wins
        report = store.import_data(laptop.export_data())
    assert report.attempts_added == 1
    assert [a.seed for a in store.attempts()] == [2, 1]
    assert store.position("w1-a").completed == {0, 1} and store.position("w1-a").step == 1
    # the card was rebuilt from both attempts
    assert store.quiz_level("w1-a", "qa1") is Level.PROFICIENT
    assert len(store.due_reviews(T0 + timedelta(days=3650))) == 1


def test_import_into_a_chosen_profile(tmp_path: Path, store: Store) -> None:
    populate(store)
    with open_store(tmp_path / "other.sqlite3", "bob") as other:
        report = other.import_data(store.export_data(), profile="bob")
        assert report.profiles == ("bob",) and len(other.attempts()) == 5


def test_export_all_profiles(tmp_path: Path, store: Store) -> None:
    populate(store)
    with open_store(store.path, "bob") as bob:
        bob.record_attempt("w2-a", "q", 1, "1", True, at=T0)
        assert set(bob.export_data(all_profiles=True)["profiles"]) == {"alice", "bob"}
        assert set(bob.export_data()["profiles"]) == {"bob"}


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(format="something else"),
        lambda d: d.update(version=99),
        lambda d: d["profiles"]["alice"]["attempts"][3].update(verdict="maybe"),
        lambda d: d["profiles"]["alice"]["attempts"][3].update(at="yesterday"),
        lambda d: d["profiles"]["alice"]["attempts"][3].update(at="2025-01-01T00:00:00"),
        lambda d: d["profiles"]["alice"]["attempts"][3].update(seed="7"),
        lambda d: d["profiles"]["alice"]["attempts"][3].update(seconds=float("nan")),
        lambda d: d["profiles"]["alice"]["attempts"][3].pop("uid"),
        lambda d: d["profiles"]["alice"].update(attempts="nope"),
        lambda d: d["profiles"]["alice"]["positions"][0].update(step=-1),
    ],
)
def test_bad_imports_change_nothing(tmp_path: Path, store: Store, mutate) -> None:
    populate(store)
    data = store.export_data()
    mutate(data)
    with open_store(tmp_path / "other.sqlite3", "alice") as other:
        with pytest.raises(ExportFormatError):
            other.import_data(data)
        assert other.attempts() == [] and other.settings() == {}


def test_renaming_needs_a_one_profile_export(tmp_path: Path, store: Store) -> None:
    populate(store)
    open_store(store.path, "bob").close()
    with (
        open_store(tmp_path / "o.sqlite3", "x") as other,
        pytest.raises(ExportFormatError, match="2 profiles"),
    ):
        other.import_data(store.export_data(all_profiles=True), profile="x")

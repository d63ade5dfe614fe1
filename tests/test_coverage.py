"""Every topic of the course map has a home in the bundled course, and the course is sound."""

from __future__ import annotations

import tomllib

import pytest

from mfml_tui.course import load
from mfml_tui.paths import bundled_lessons

COVERAGE = tomllib.loads((bundled_lessons() / "coverage.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def course():
    return load(bundled_lessons())


@pytest.mark.parametrize("week", sorted(COVERAGE))
def test_every_topic_maps_to_an_available_lesson(course, week: str) -> None:
    number = int(week.removeprefix("week"))
    lessons = {les.id: les for w in course.weeks if w.number == number for les in w.lessons}
    missing = {topic: [i for i in ids if i not in lessons or not lessons[i].available]
               for topic, ids in COVERAGE[week].items()}
    assert not {t: m for t, m in missing.items() if m}, missing


@pytest.mark.parametrize("week", sorted(COVERAGE))
def test_each_week_ends_with_an_assessment_at_eighty_percent(course, week: str) -> None:
    number = int(week.removeprefix("week"))
    assessment = course.lesson(f"w{number}-assessment")
    assert assessment is not None
    assert assessment.pass_mark == pytest.approx(0.8)


def test_enough_quizzes_in_each_half(course) -> None:
    def quizzes(weeks: range) -> int:
        return sum(len(les.quizzes) for w in course.weeks if w.number in weeks for les in w.lessons)

    assert quizzes(range(1, 4)) >= 60
    assert quizzes(range(4, 7)) >= 60

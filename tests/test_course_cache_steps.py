"""A course read from the cache unpickles a lesson's steps when they are first used (course.model._Steps):
the course map reads only their number and the ids and skills of their quizzes, kept beside them."""

from __future__ import annotations

import gc
import pickle
import threading

from mfml_tui.course import load
from mfml_tui.course.model import QuizSpec, Step
from tests.test_ui_support import TEST_LESSONS


def _made(cls: type) -> int:
    return sum(1 for o in gc.get_objects() if type(o) is cls)


def test_a_cached_lesson_reads_its_steps_at_first_use() -> None:
    fresh = load(TEST_LESSONS, cache=False)
    data = pickle.dumps(fresh, pickle.HIGHEST_PROTOCOL)  # what course/cache.py writes after the key
    steps, quizzes = _made(Step), _made(QuizSpec)
    cached = pickle.loads(data)
    assert (_made(Step), _made(QuizSpec)) == (steps, quizzes)  # no step or quiz unpickled yet
    assert len(cached.lessons) > 3 and sum(les.step_count for les in cached.lessons) > 5
    for old, new in zip(fresh.lessons, cached.lessons, strict=True):
        # what the course map and the progress summary read, without the steps
        assert (new.id, new.step_count, new.quiz_ids, new.quiz_skills, new.available, new.is_assessment) == (
            old.id, len(old.steps), tuple(q.id for q in old.quizzes), tuple(q.skills for q in old.quizzes),
            old.available, old.is_assessment)
        assert type(new.__dict__["_steps"]) is bytes
    assert (_made(Step), _made(QuizSpec)) == (steps, quizzes)
    first = cached.lessons[1]
    assert first.steps == fresh.lessons[1].steps and first.quizzes == fresh.lessons[1].quizzes
    assert type(first.__dict__["_steps"]) is tuple and first.steps is first.steps  # read once, kept
    assert sum(type(les.__dict__["_steps"]) is tuple for les in cached.lessons) == 1
    assert cached == fresh and pickle.loads(pickle.dumps(cached)) == fresh  # pickled again: the same


def test_threads_reading_a_cached_lessons_steps_get_one_tuple() -> None:
    lesson = pickle.loads(pickle.dumps(load(TEST_LESSONS, cache=False))).lessons[1]
    seen: list[tuple] = []
    threads = [threading.Thread(target=lambda: seen.append(lesson.steps)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and all(steps is seen[0] for steps in seen)

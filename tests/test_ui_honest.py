"""Honest progress in the app (issue 13), through Textual's pilot: reviews keep their own numbers, a
choice assessment cannot be guessed, `n` alone does not finish a lesson, the tutor reopens where the
learner was, drafts survive quitting, and the progress screen says what the next level needs."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

from mfml_tui.progress import open_store
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    TEST_LESSONS,
    make_app,
    press,
    quiet_textual,
    ready,
    screen_text,
    type_text,
    wait_for,
    wait_text,
)


async def in_lesson(pilot) -> None:
    await ready(pilot)
    await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "LessonScreen", what="the lesson")


async def first_card(pilot):
    await wait_for(pilot, lambda: pilot.app.screen.visible_cards(), what="a question")
    return pilot.app.screen.visible_cards()[0]


async def test_a_review_never_touches_the_lessons_numbers_answer_or_score(tmp_path):
    """Reviews (`r`) ask with their own numbers; back in the assessment its numbers, its last answer and
    its score are as they were, and the review's answer did not raise the score."""
    app = make_app(tmp_path, start_lesson="t2-assessment", seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(pilot)
        card = await first_card(pilot)
        lesson_seed = card.state.seed
        await press(pilot, "a")
        await type_text(pilot, "0")
        await press(pilot, "enter")
        await wait_text(pilot, "✗")
    long_ago = datetime.now(UTC) - timedelta(days=30)
    with open_store(tmp_path / "progress.sqlite3", "tester") as store:  # make its review due now
        store._conn.execute("UPDATE reviews SET due = ?", (long_ago.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),))
    app = make_app(tmp_path, seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_text(pilot, "1 review due")
        await press(pilot, "r")
        await wait_text(pilot, "1 question due now")
        review = app.screen.query("QuizCard").first()
        assert review.state.seed != lesson_seed
        await type_text(pilot, review.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "✓ Correct")
        await wait_text(pilot, "0 questions due now")  # the header follows each answer
        await press(pilot, "escape", "escape")
        await wait_text(pilot, "no reviews due")
        app.open_lesson("t2-assessment")
        await in_lesson(pilot)
        card = await first_card(pilot)
        assert card.state.seed == lesson_seed and card.state.text == "0" and not card.state.correct
        assert "Score 0/2" in await wait_text(pilot, "Score")
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        rows = conn.execute("SELECT seed, verdict, context FROM attempts ORDER BY id").fetchall()
    assert rows == [(lesson_seed, "incorrect", "lesson"), (review.state.seed, "correct", "review")]


async def test_a_second_pick_in_a_choice_assessment_does_not_score(tmp_path):
    lessons = tmp_path / "lessons"
    shutil.copytree(TEST_LESSONS, lessons)
    (lessons / "2-broken" / "03-choice.md").write_text('''+++
id = "t2-choice"
title = "Choose well"
kind = "assessment"
pass_mark = 1.0
+++

## One choice

```quiz
id = "t2-choice-q"
kind = "choice"
ask = "A pool fills at a constant rate. Which graph shows the depth over time?"
choices = ["a straight line", "exponential decay", "a sine wave"]
correct = 0
shuffle = false
```
''', encoding="utf-8")
    app = make_app(tmp_path, lessons=lessons, start_lesson="t2-choice")
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(pilot)
        card = await first_card(pilot)
        await press(pilot, "a")
        await press(pilot, "b", "enter")
        await wait_text(pilot, "✗")
        await wait_text(pilot, "the first pick was wrong")  # said before the next pick
        await press(pilot, "a", "enter")
        await wait_text(pilot, "✓")
        assert "Score 0/1" in screen_text(app)
        await press(pilot, "ctrl+n")
        await wait_for(pilot, lambda: "no longer score" not in screen_text(app), what="new numbers")
        await pilot.pause()
        card.focus_answer()
        await press(pilot, "a", "enter")
        await wait_text(pilot, "Score 1/1")


async def test_stepping_through_with_n_does_not_finish_a_lesson(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(pilot)
        for _ in range(3):
            await press(pilot, "n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen", what="the map")
        await wait_for(pilot, lambda: any("not done yet" in n.message for n in app._notifications),
                       what="the lesson is not done")
        status = app.tutor.statuses(app.tutor.course)["t1-rise"]
        assert status.state == "started" and status.steps_done == status.steps
        assert "still to answer right" in status.to_finish


async def test_mfml_tui_alone_reopens_the_step_left_and_the_map_is_one_esc_away(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(pilot)
        await press(pilot, "n")
        await wait_text(pilot, "Step 2/3")
    app = make_app(tmp_path)
    app.resume = True  # what `mfml-tui` with no sub-command asks for
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(pilot)
        await wait_text(pilot, "Step 2/3")
        assert app.screen.lesson.id == "t1-rise"
        await press(pilot, "escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen", what="the map")


def test_the_cli_asks_the_app_to_resume(tmp_path, monkeypatch):
    from mfml_tui.commands import app_cmd
    from mfml_tui.ui import app as app_module

    seen = {}

    class Stop(Exception):
        pass

    def fake_build(*args, **kwargs):
        seen.update(kwargs)
        raise Stop

    monkeypatch.setattr(app_module, "build_app", fake_build)
    import argparse

    for lesson, resume in ((None, True), ("t1-rise", False)):
        with contextlib.suppress(Stop):
            app_cmd.run_app(argparse.Namespace(lessons=str(TEST_LESSONS), data_dir=str(tmp_path)), lesson)
        assert seen["resume"] is resume


async def test_an_unsent_answer_survives_quitting(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise", seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(pilot)
        await press(pilot, "n", "n")
        card = await first_card(pilot)
        await press(pilot, "a")
        await type_text(pilot, "2*x+")
        await wait_text(pilot, "2*x+")
        seed = card.state.seed
        await press(pilot, "ctrl+q")
    app = make_app(tmp_path, start_lesson="t1-rise", seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(pilot)
        card = await first_card(pilot)
        assert card.state.seed == seed and card.state.text == "2*x+"
        await wait_text(pilot, "2*x+")


async def test_the_progress_screen_says_what_the_next_level_needs(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(100, 40)) as pilot:
        await in_lesson(pilot)
        await press(pilot, "n", "n")
        card = await first_card(pilot)
        await press(pilot, "a")
        await type_text(pilot, card.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "✓ Correct")
        await press(pilot, "escape", "escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen", what="the map")
        await press(pilot, "g")
        text = " ".join((await wait_text(pilot, "next:")).split())
        assert "next: proficient: 1 more answer right first try on new numbers, without help" in text


async def test_an_unchecked_pick_survives_quitting(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-practice", seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(pilot)
        await press(pilot, "n")
        card = await first_card(pilot)
        assert card.is_choice
        await press(pilot, "a")
        await press(pilot, "space")  # picks the highlighted option, without checking
        await wait_for(pilot, lambda: card.state.chosen == [0], what="the pick")
        await press(pilot, "ctrl+q")
    app = make_app(tmp_path, start_lesson="t1-practice", seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(pilot)
        card = await first_card(pilot)
        assert card.is_choice and card.state.chosen == [0] and card.state.feedback is None

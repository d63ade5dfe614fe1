"""The engine's steps under a quiz's solution (ctrl+o), for this draw's numbers, at 80×24."""

from __future__ import annotations

from textual.widgets import Static

from mfml_tui.engine.steps import render
from mfml_tui.paths import bundled_lessons
from mfml_tui.quiz.derivation import derivation
from tests.test_ui_quiz import open_quiz_step
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    make_app,
    press,
    quiet_textual,
    screen_text,
    wait_for,
    wait_text,
)


async def test_the_solution_offers_the_engines_steps_for_these_numbers(tmp_path):
    app = make_app(tmp_path, lessons=bundled_lessons(), start_lesson="w1-taming-a-beast")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "w1-taming-a-beast", 1)
        assert not card.query(".quiz-steps")  # nothing before the solution is asked for (made when shown)
        await press(pilot, "ctrl+o")
        text = await wait_text(pilot, "Steps (worked by the engine")
        steps = card.query_one(".quiz-steps", Static)
        assert "Solution:" in text  # the author's words stay, above
        root = derivation(card.question)
        assert root is not None and root.after == card.question.expected.expr
        shown = str(steps.render())
        assert render(root, card._steps_key[1]) in shown
        lines = shown.splitlines()
        assert max(len(line) for line in lines) <= 76  # inside the card at 80 columns
        await wait_for(pilot, lambda: "chain rule, u = " in screen_text(app), what="the steps on screen")
        await press(pilot, "ctrl+n")  # new numbers: the steps go with the solution
        await wait_for(pilot, lambda: "Steps (worked" not in screen_text(app), what="the steps to hide")


async def test_a_choice_question_has_no_generated_steps(tmp_path):
    app = make_app(tmp_path, lessons=bundled_lessons(), start_lesson="w1-taming-a-beast")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "w1-taming-a-beast", 0)
        await press(pilot, "ctrl+o")
        await wait_text(pilot, "Solution:")
        assert not any(box.display for box in card.query(".quiz-steps"))
        assert "Steps (worked" not in screen_text(app)

"""Pilot tests of quizzes inside lessons: live echo, wrong then right, hints, solution, new numbers, choice
questions, and that every counted attempt is stored at once (seed, answer, verdict, hints, seconds)."""

from __future__ import annotations

import sqlite3

import pytest

from mfml_tui.paths import bundled_lessons
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    make_app,
    press,
    quiet_textual,
    ready,
    screen_text,
    type_text,
    wait_for,
    wait_text,
)

BUNDLED = bundled_lessons()


def attempts(tmp_path):
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        return conn.execute(
            "SELECT lesson_id, quiz_id, seed, answer, verdict, hints, seconds FROM attempts ORDER BY id"
        ).fetchall()


async def open_quiz_step(pilot, lesson_id: str, steps_forward: int):
    app = pilot.app
    await ready(pilot)
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "LessonScreen", what="the lesson")
    for _ in range(steps_forward):
        await press(pilot, "n")

    await wait_for(pilot, lambda: app.screen.visible_cards(), what="a quiz")
    await press(pilot, "a")  # go to the answer box
    return app.screen.visible_cards()[0]


async def clear_answer(pilot, card) -> None:
    while card.state.text:
        await press(pilot, "backspace")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_number_quiz_wrong_then_hint_then_right_and_stored(tmp_path, size):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=size) as pilot:
        card = await open_quiz_step(pilot, "t1-rise", 2)
        question = card.question
        c = int(question.params["c"])
        m = int(question.params["m"])
        assert f"(0, {c})" in screen_text(app)
        # Live echo while typing, then a parse error with its column (not counted).
        await type_text(pilot, "2*(")
        text = await wait_text(pilot, "column")
        assert "^ " in text  # the caret under the column (the footer has only "^t"-style keys)
        await press(pilot, "enter")
        await wait_text(pilot, "does not count")
        assert attempts(tmp_path) == []
        await clear_answer(pilot, card)
        # The known mistake: the intercept instead of the gradient, with targeted feedback.
        await type_text(pilot, str(c))
        await wait_text(pilot, f"understood as  {c}")
        await press(pilot, "enter")
        text = await wait_text(pilot, "y-axis")
        assert "✗" in text
        # A hint (ctrl+t works while typing).
        await press(pilot, "ctrl+t")
        await wait_text(pilot, "Hint 1/2")
        await clear_answer(pilot, card)
        await type_text(pilot, f"{m + c}-{c}")
        await wait_text(pilot, f"understood as  {m}")  # read (and simplified) before grading
        await press(pilot, "enter")
        text = await wait_text(pilot, "✓ Correct")
        assert "**" not in text
        assert "With help" in text  # a hint was used: mastery wants it again on new numbers
    rows = attempts(tmp_path)
    assert [(r[1], r[3], r[4], r[5]) for r in rows] == [
        ("t1-rise-slope", str(c), "incorrect", 0),
        ("t1-rise-slope", f"{m + c}-{c}", "correct", 1),
    ]
    assert all(r[0] == "t1-rise" and r[2] == question.seed for r in rows)
    assert all(r[6] >= 0 for r in rows)


async def test_checking_the_same_answer_twice_records_one_attempt(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t1-rise", 2)
        await type_text(pilot, card.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "Correct")
        await press(pilot, "enter")
        await pilot.pause()
    assert len(attempts(tmp_path)) == 1


async def test_new_numbers_solution_and_letter_keys(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t1-rise", 2)
        first_seed = card.state.seed
        await press(pilot, "ctrl+o")
        text = await wait_text(pilot, "Solution:")
        assert "Answer:" in text
        await press(pilot, "ctrl+n")
        await wait_for(pilot, lambda: card.state.seed != first_seed, what="a new seed")
        await wait_for(pilot, lambda: "Solution:" not in screen_text(app), what="the solution to hide")
        # Answering after seeing the solution is recorded with the solution counted as a hint.
        await press(pilot, "ctrl+o")
        await wait_text(pilot, "Solution:")
        await type_text(pilot, card.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "Correct")
        # Escape leaves the answer box; then h asks for a hint without typing an "h".
        await press(pilot, "escape")
        assert app.screen.focused is not None and app.screen.focused.id == "flow"
        await press(pilot, "h")
        await wait_text(pilot, "Hint 1/2")
        assert "h" not in card.state.text
    rows = attempts(tmp_path)
    assert len(rows) == 1 and rows[0][4] == "correct" and rows[0][5] == 1 and rows[0][2] != first_seed


async def test_expression_quiz_mistake_feedback_and_choice_quiz(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t1-practice", 0)
        a, n = int(card.question.params["a"]), int(card.question.params["n"])
        await type_text(pilot, f"{a * n}x^{n + 1}")
        await press(pilot, "enter")
        await wait_text(pilot, "goes down by one")
        await clear_answer(pilot, card)
        await type_text(pilot, f"{a * n} x^{n - 1}")
        text = await wait_text(pilot, "understood as")
        assert "**" not in text and "^" not in text.split("understood as")[1].splitlines()[0]
        await press(pilot, "enter")
        await wait_text(pilot, "Correct")
        # Next step: a single-answer choice (RadioSet): pick a wrong option, then the right one.
        await press(pilot, "escape", "n")
        await wait_text(pilot, "Which shape?")
        await wait_for(pilot, lambda: app.screen.visible_cards(), what="the choice quiz")
        await press(pilot, "a")
        card = app.screen.visible_cards()[0]
        labels = [c.label for c in card.question.choices]
        right = next(i for i, c in enumerate(card.question.choices) if c.correct)
        wrong = next(i for i, c in enumerate(card.question.choices) if "sine" in c.text)
        for _ in range(wrong):
            await press(pilot, "down")
        await press(pilot, "enter")  # picks the highlighted option and checks, as Enter in an answer box
        await wait_text(pilot, "Nothing here repeats")
        assert card.state.chosen == [wrong]
        await press(pilot, *(["up"] * (wrong - right)) if wrong > right else ["down"] * (right - wrong))
        await press(pilot, "space")  # only picks
        assert card.state.chosen == [right] and "Correct" not in screen_text(app)
        await press(pilot, "enter")  # check
        await wait_text(pilot, "Correct")
    rows = attempts(tmp_path)
    assert [r[4] for r in rows] == ["incorrect", "correct", "incorrect", "correct"]
    assert rows[2][3] == labels[wrong] and rows[3][3] == labels[right]


async def test_vector_quiz(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t1-practice", 2)
        a = int(card.question.params["a"])
        await type_text(pilot, f"[2, {a + 1}]")
        await press(pilot, "enter")
        text = await wait_text(pilot, "✗")
        assert "2" in text
        await clear_answer(pilot, card)
        await type_text(pilot, f"[2, {a}]")
        await press(pilot, "enter")
        await wait_text(pilot, "Correct")
    assert [r[4] for r in attempts(tmp_path)] == ["incorrect", "correct"]


async def test_answers_survive_a_resize_across_the_breakpoint(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t1-rise", 2)
        seed = card.state.seed
        await type_text(pilot, "42")
        await pilot.resize_terminal(130, 40)
        await wait_text(pilot, "understood as  42")
        assert app.screen.visible_cards()[0].state.seed == seed


async def test_reviews_due_are_counted_and_answered_with_fresh_numbers(tmp_path):
    from datetime import UTC, datetime, timedelta

    from mfml_tui.progress import open_store

    long_ago = datetime.now(UTC) - timedelta(days=60)
    with open_store(tmp_path / "progress.sqlite3", "tester") as store:
        store.record_attempt("t1-rise", "t1-rise-slope", 11, "3", False, at=long_ago)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_text(pilot, "1 review due")
        await press(pilot, "r")
        text = await wait_text(pilot, "Reviews")
        assert "from “Rise over run”" in text
        card = app.screen.query("QuizCard").first()
        assert card.state.seed != 11
        assert app.screen.check_action("answer", ())
        await type_text(pilot, card.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "Correct")
        await press(pilot, "escape")  # out of the answer box: the screen's keys in the footer
        # nothing left to answer: the footer no longer offers a key that would do nothing
        await wait_for(pilot, lambda: "b Course map" in screen_text(app).splitlines()[-1], what="the keys")
        assert "Answer" not in screen_text(app).splitlines()[-1]
        await press(pilot, "escape")
        await wait_text(pilot, "no reviews due")
    rows = attempts(tmp_path)
    assert [(r[1], r[4]) for r in rows] == [("t1-rise-slope", "incorrect"), ("t1-rise-slope", "correct")]


async def test_reviews_with_nothing_due_offer_no_answer_key(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_reviews()
        await wait_text(pilot, "Nothing is due now")
        await pilot.pause(0.1)
        footer = screen_text(app).splitlines()[-1]
        assert "b Course map" in footer and "Answer" not in footer, footer


async def test_assessment_scores_and_says_passed(tmp_path):
    """A wrong first answer spends the numbers: right on the same numbers does not score, and the card
    says so before the learner answers again; new numbers (ctrl+n) answered right first try do."""
    app = make_app(tmp_path, start_lesson="t2-assessment")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t2-assessment", 0)
        await wait_text(pilot, "Score 0/2 (pass 50%)")
        assert "Scores if your first answer" in screen_text(app)
        await type_text(pilot, "0")
        await press(pilot, "enter")
        await wait_text(pilot, "✗")
        await wait_text(pilot, "These numbers no longer score")
        await clear_answer(pilot, card)
        await type_text(pilot, card.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "✓ Correct")
        assert "Score 0/2" in screen_text(app)  # eventually right on the same numbers: no score
        await press(pilot, "ctrl+n")
        await wait_for(pilot, lambda: "no longer score" not in screen_text(app), what="fresh numbers")
        await type_text(pilot, card.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "Score 1/2")
        await wait_text(pilot, "Scored on these numbers")
        await press(pilot, "escape", "n")
        await wait_for(pilot, lambda: any("passed" in n.message for n in app._notifications),
                       what="the pass message")
        text = await wait_text(pilot, "score 1/2:")  # and the course map keeps saying so
        assert "score 1/2: passed" in " ".join(text.split())


async def test_an_assessment_answer_after_the_solution_does_not_score(tmp_path):
    app = make_app(tmp_path, start_lesson="t2-assessment")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t2-assessment", 0)
        await press(pilot, "ctrl+o")
        await wait_for(pilot, lambda: any("does not score" in n.message for n in app._notifications),
                       what="the warning that help costs the score")
        await type_text(pilot, card.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "Correct")
        assert "Score 0/2" in screen_text(app)
        await press(pilot, "ctrl+n")  # new numbers, answered without help
        await wait_for(pilot, lambda: not card.state.solution_shown and card.question is not None,
                       what="new numbers")
        await type_text(pilot, card.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "Score 1/2")
    assert [(r[4], r[5]) for r in attempts(tmp_path)] == [("correct", 1), ("correct", 0)]


async def test_feedback_hint_and_solution_are_scrolled_into_view_at_80x24(tmp_path):
    """On a step taller than the screen the answer's feedback is below the fold unless it is revealed."""
    app = make_app(tmp_path, lessons=BUNDLED, start_lesson="w1-derivative-definition")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "w1-derivative-definition", 2)
        await type_text(pilot, "12345")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: card.state.feedback is not None, what="feedback")
        await wait_text(pilot, "✗")
        await press(pilot, "ctrl+t")
        await wait_text(pilot, "Hint 1/")
        await press(pilot, "ctrl+o")
        await wait_text(pilot, "Solution:")


async def test_a_quiz_in_the_narrow_column_of_the_wide_layout_keeps_every_button(tmp_path):
    # a step with a plot: at 120 columns the words (and the question) get the narrower left column
    app = make_app(tmp_path, lessons=BUNDLED, start_lesson="w1-rise-over-run")
    async with app.run_test(size=(120, 40)) as pilot:
        card = await open_quiz_step(pilot, "w1-rise-over-run", 1)
        await wait_for(pilot, lambda: card.has_class("-narrow"), what="the narrow card layout")
        text = screen_text(app)
        for label in ("Check", "Hint ^t", "Solution ^o", "New numbers ^n"):
            assert label in text


async def test_progress_screen_shows_bars_levels_and_the_question_as_asked(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t1-rise", 2)
        c, m = int(card.question.params["c"]), int(card.question.params["m"])
        await type_text(pilot, str(m))
        await press(pilot, "enter")
        await wait_text(pilot, "✓ Correct")
        await press(pilot, "escape", "escape")
        await wait_text(pilot, "Week 1  Slopes")
        await press(pilot, "g")
        text = await wait_text(pilot, "Your progress")
        assert "1 answer · 100 % correct" in text
        lesson_row = next(line for line in text.splitlines() if "Rise over run" in line)
        # steps 1 and 2 were read (the third is done when left); one fresh answer, no hint: familiar
        assert "████░░ 2/3" in lesson_row and "familiar" in lesson_row and "100%" in lesson_row
        await press(pilot, "end")
        text = await wait_text(pilot, "Recent answers")
        assert "✓" in text and f"goes through (0, {c}) and (1, {c + m})" in text


async def test_a_question_keeps_its_numbers_across_a_restart(tmp_path):
    seen = []
    for forward in (2, 0):  # the same data folder, a new app (and random seed source); it resumes on step 3
        app = make_app(tmp_path, start_lesson="t1-rise", seed=None)
        async with app.run_test(size=(80, 24)) as pilot:
            card = await open_quiz_step(pilot, "t1-rise", forward)
            seen.append((card.state.seed, dict(card.question.params)))
    assert seen[0] == seen[1]


async def test_keys_typed_right_after_a_land_in_the_answer_box(tmp_path):
    """`a57` arriving in one read (an SSH packet, a fast typist): the digits go into the box, not lost
    on the way while the focus moves; a later `a` is a letter of the answer, not the shortcut."""
    from textual import events

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "LessonScreen", what="the lesson")
        for _ in range(2):
            await press(pilot, "n")
        await wait_for(pilot, lambda: app.screen.visible_cards(), what="a quiz")
        for key in "a57":  # queued together, as the driver does for one read from the terminal
            event = events.Key(key, key)
            event.set_sender(app)
            app._driver.send_message(event)
        card = app.screen.visible_cards()[0]
        await wait_for(pilot, lambda: card.state.text == "57", what="57 in the answer box")
        await type_text(pilot, "a")
        await wait_for(pilot, lambda: card.state.text == "57a", what="the letter a typed into the answer")


async def test_a_choice_is_picked_by_its_letter(tmp_path):
    """Options are labelled a), b), c): typing the letter picks it (even `a` and `c`, which are shortcuts
    elsewhere on the lesson screen), Enter checks."""
    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t1-practice", 1)
        assert card.is_choice
        await press(pilot, "c")  # "a sine wave"
        assert card.state.chosen == [2] and "Correct" not in screen_text(app)
        await press(pilot, "enter")
        await wait_text(pilot, "Nothing here repeats")
        await press(pilot, "a", "enter")  # "a straight line"
        await wait_text(pilot, "Correct")
    assert [(r[3], r[4]) for r in attempts(tmp_path)] == [("c", "incorrect"), ("a", "correct")]


async def test_a_calculators_e_notation_is_flagged_under_the_box(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_quiz_step(pilot, "t1-rise", 2)
        await type_text(pilot, "1e-3")
        text = await wait_text(pilot, "Euler's number")
        assert "understood as  e − 3" in text and "1*10^(-3)" in text


async def test_a_goes_to_the_first_question_still_to_answer(tmp_path):
    app = make_app(tmp_path, start_lesson="t2-assessment")
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_quiz_step(pilot, "t2-assessment", 0)
        cards = app.screen.visible_cards()
        assert len(cards) >= 2 and cards[0] is first
        await type_text(pilot, first.question.answer_text)
        await press(pilot, "enter")
        await wait_text(pilot, "Correct")
        await press(pilot, "escape", "a")
        await wait_for(pilot, lambda: cards[1].query_one(".quiz-answer").has_focus, what="the second box")


async def test_the_last_answer_and_its_verdict_are_shown_again_after_a_restart(tmp_path):
    app = make_app(tmp_path, start_lesson="t2-assessment", seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t2-assessment", 0)
        answer = card.question.answer_text
        await type_text(pilot, answer)
        await press(pilot, "enter")
        await wait_text(pilot, "Score 1/2")
    app = make_app(tmp_path, start_lesson="t2-assessment", seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "LessonScreen", what="the lesson")
        await wait_for(pilot, lambda: app.screen.visible_cards(), what="the questions")
        card = app.screen.visible_cards()[0]
        assert card.state.text == answer and card.state.correct
        text = await wait_text(pilot, "✓ Correct")
        assert "Score 1/2" in text
        await press(pilot, "a")  # the first question is done: `a` goes to the second
        await press(pilot, "escape")
        card.action_check()  # checking the restored answer again is not a new attempt
    assert len(attempts(tmp_path)) == 1


async def test_a_verdict_goes_when_the_answer_it_was_about_is_edited(tmp_path):
    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t1-rise", 2)
        await type_text(pilot, "12345")
        await press(pilot, "enter")
        await wait_text(pilot, "✗")
        await type_text(pilot, "6")
        await wait_for(pilot, lambda: "✗" not in screen_text(app), what="the old verdict to go")
        assert card.state.feedback is None


async def test_the_slip_search_runs_while_typing_and_enter_names_the_slip(tmp_path):
    """The quiz card starts the diagnosis (`Tutor.prepare`) at the first keystroke, in a thread, so a
    wrong answer's verdict does not wait for the search; the verdict then names the slip."""
    from mfml_tui.quiz.grading import _SLIPS

    _SLIPS.clear()
    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(80, 24)) as pilot:
        card = await open_quiz_step(pilot, "t1-practice", 0)
        q = card.question
        a, n = int(q.params["a"]), int(q.params["n"])
        key = (q.spec.id, q.spec.answer, q.seed, tuple(sorted(q.params.items())))
        assert key not in _SLIPS
        await type_text(pilot, f"{n}x^{n - 1}")  # the constant factor a lost
        await wait_for(pilot, lambda: key in _SLIPS, what="the slip search begun while typing")
        await press(pilot, "enter")
        text = await wait_text(pilot, "constant factor")
        assert f"{a}·x" in text.replace("\n", " ") or "constant factor stays" in text


async def test_a_long_choice_wraps_under_its_own_text_with_room_on_the_right():
    """A long option continues under its first word (not under the [ ] mark) and keeps a cell free
    before the box's edge; at another width it wraps again."""
    from textual.app import App

    from mfml_tui.ui.widgets.choices import ChoiceList

    long = "Each step goes against the gradient, across the contours, downhill, and then some more."
    options = [("a", long), ("b", "short")]

    class Host(App):
        def compose(self):
            yield ChoiceList(options, multiple=True)

    app = Host()
    async with app.run_test(size=(50, 10)) as pilot:
        for width in (50, 70):
            await pilot.resize_terminal(width, 10)
            await pilot.pause()
            await pilot.pause()
            lines = [s.text.rstrip() for s in app.screen._compositor.render_strips() if s.text.strip()]
            assert lines[0].startswith("[ ] a)  Each step") and lines[-1] == "[ ] b)  short", lines
            rest = lines[1:-1]
            assert rest and all(line.startswith(" " * 8) and line[8] != " " for line in rest), lines
            assert all(len(line) <= width - 1 for line in lines), lines  # a cell free on the right
            assert " ".join(line.strip() for line in lines[:-1]) == "[ ] a) " + " " + long

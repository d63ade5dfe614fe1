"""What makes opening a lesson and moving between its steps cheap (issue #14 item 6, #20 cold step builds),
checked by what Textual is asked to do rather than by a clock (the figures: benchmarks/open_lesson.py,
benchmarks/steps.py):

- a question card makes its note, feedback, hints, solution and steps boxes only when it has something to
  show in them, in their place (below the buttons, in that order);
- opening a lesson styles the step's widgets once (built after the new screen's own restyles: its resume
  and its first resize, which set the `-narrow`/`-wide` class);
- moving the focus in and out of an answer box does not restyle every step built so far;
- a step longer than the screen is painted before what is below its first screen is built (then the rest
  comes, in order, without a key; a key that needs it waits for it), and looks the same as built at once.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from textual.css.stylesheet import Stylesheet

from mfml_tui.ui.widgets.buttons import QuickButton
from mfml_tui.ui.widgets.quiz import QuizCard
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

STEP = """## Step {n}

Some words about the gradient ∇f, and a list:

* one point
* another point

```quiz
id = "q{n}"
kind = "number"
ask = "What is {{a}} + 1?"
params = {{ a = "int 2..9" }}
answer = "a + 1"
hints = ["Add one."]
solution = "Add one to a."
```
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return cost_course(tmp_path)


def cost_course(tmp_path: Path) -> Path:
    """One lesson of three steps: words, a list, a question."""
    root = tmp_path / "lessons"
    week = root / "1-week"
    week.mkdir(parents=True)
    (root / "course.toml").write_text('title = "T"\nweeks = ["1-week"]\n')
    (week / "week.toml").write_text('number = 1\ntitle = "W"\n')
    body = '+++\nid = "w1-cost"\ntitle = "Cost"\n+++\n\n' + "\n".join(STEP.format(n=n) for n in (1, 2, 3))
    (week / "01-cost.md").write_text(body)
    return root


@pytest.fixture
def styled(monkeypatch) -> WeakKeyDictionary:
    """How many times each node is styled (`Stylesheet.apply`), by node. Not by id(node): Textual styles
    short-lived virtual nodes for component classes (`input--cursor`), and a widget made after one is
    freed can get its id — the count then included the virtual node's (a flaky "styled 3 times")."""
    counts: WeakKeyDictionary = WeakKeyDictionary()
    real = Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        counts[node] = counts.get(node, 0) + 1
        return real(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counting)
    return counts


async def _open(pilot, app, step: int = 0) -> None:
    await ready(pilot)
    app.open_lesson("w1-cost", step)
    await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == step, what="the step")
    await wait_for(pilot, lambda: app.screen.visible_cards(), what="the card")
    await pilot.pause(0.1)


def _boxes(card) -> list[str]:
    return [name for child in card.children for name in
            ("quiz-buttons", "quiz-note", "quiz-feedback", "quiz-hints", "quiz-solution", "quiz-steps")
            if child.has_class(name)]


async def test_a_card_makes_its_boxes_when_they_have_something_to_show(tmp_path, course):
    app = make_app(tmp_path, lessons=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        card = app.screen.visible_cards()[0]
        assert _boxes(card) == ["quiz-buttons"]  # nothing to show yet: no empty boxes to style and lay out
        await press(pilot, "a")
        await type_text(pilot, "1")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: card.query(".quiz-feedback"), what="the feedback box")
        await press(pilot, "ctrl+o")  # the solution before any hint: it still goes below where hints go
        await wait_text(pilot, "Solution:")
        assert _boxes(card) == ["quiz-buttons", "quiz-feedback", "quiz-solution"]
        await press(pilot, "ctrl+t")
        await wait_text(pilot, "Hint 1/1")
        assert _boxes(card) == ["quiz-buttons", "quiz-feedback", "quiz-hints", "quiz-solution"]
        assert all(box.display for box in card.query(".quiz-feedback, .quiz-hints, .quiz-solution"))
        await press(pilot, "ctrl+n")  # new numbers: the card starts afresh, without the boxes
        await wait_for(pilot, lambda: _boxes(card) == ["quiz-buttons"], what="a fresh card")


async def test_opening_a_lesson_styles_the_steps_widgets_once(tmp_path, course, styled):
    app = make_app(tmp_path, lessons=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        pane = app.screen._panes[0][0]
        times = {node: styled.get(node, 0) for node in pane.walk_children(with_self=True)}
        assert len(times) > 15
        # the pane, the text, the card and its buttons (nothing of their own changes after they are made):
        # once; an answer box restyles itself once more as it sets its own classes, never the step
        card = app.screen.visible_cards()[0]
        assert (times[pane], times[card], times[card.query_one(".quiz-prompt")]) == (1, 1, 1)
        assert [times[button] for button in card.query(QuickButton)] == [1, 1, 1, 1]
        assert max(times.values()) <= 2, Counter(times.values())
        assert sum(t == 1 for t in times.values()) > 0.7 * len(times), Counter(times.values())


async def test_the_first_frame_of_a_lesson_shows_its_step_never_an_empty_screen(tmp_path, course):
    """The lesson screen composes its first step with itself: the first frame painted once the screen is
    on top already shows the step's words (an empty lesson screen was painted 3-4 times before)."""
    from mfml_tui.ui.screens.lesson import LessonScreen

    app = make_app(tmp_path, lessons=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        frames: list[tuple[object, str]] = []
        real = app._display

        def display(screen, renderable) -> None:
            if renderable is not None and not app._batch_count and isinstance(app.screen, LessonScreen):
                frames.append((app.screen.shown_step, screen_text(app)))
            real(screen, renderable)

        app._display = display
        app.open_lesson("w1-cost", 1)
        await wait_for(pilot, lambda: any(shown == 1 for shown, _ in frames), what="step 2 painted")
        shown, text = frames[0]
        assert shown == 1 and "Step 2" in text and "Some words about the gradient" in text, frames[0]


async def test_the_answer_box_and_back_do_not_restyle_the_steps_built(tmp_path, course, styled):
    app = make_app(tmp_path, lessons=course)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        await press(pilot, "n")
        await wait_for(pilot, lambda: app.screen.shown_step == 1 and 2 in app.screen._panes, what="step 2")
        await press(pilot, "p")
        await wait_for(pilot, lambda: app.screen.shown_step == 0, what="step 1")
        await pilot.pause(0.1)
        panes = app.screen._panes
        others = [node for index in (1, 2) for node in panes[index][0].walk_children(with_self=True)]
        before = {id(node): styled.get(node, 0) for node in others}
        await press(pilot, "a")
        await wait_for(pilot, lambda: app.screen.focused is not None and app.screen.focused.id != "flow",
                       what="the answer box")
        await press(pilot, "escape")
        await wait_for(pilot, lambda: app.screen.focused is not None and app.screen.focused.id == "flow",
                       what="the steps column")
        assert {id(node): styled.get(node, 0) for node in others} == before


async def test_a_run_that_ends_while_a_step_is_built_ahead_never_raises(tmp_path):
    """Textual's own shutdown (here: a pilot run ending; not `exit`) while the next step's question cards
    are being mounted: a card could mount without its widgets (NoMatches '.quiz-echo', fatal)."""
    root = tmp_path / "lessons"
    week = root / "1-week"
    week.mkdir(parents=True)
    (root / "course.toml").write_text('title = "T"\nweeks = ["1-week"]\n')
    (week / "week.toml").write_text('number = 1\ntitle = "W"\n')
    quizzes = "".join(STEP.format(n=n).split("\n\n", 1)[1].split("* another point\n\n", 1)[1]
                      .replace(f'id = "q{n}"', f'id = "q{n}-{k}"') for k in range(6) for n in [0])
    text = ("Words about ∇f and a list:\n\n" + "".join(f"* point {i}\n" for i in range(6)) + "\n") * 5
    steps = "\n".join(f"## Step {s}\n\n{text}" + quizzes.replace('id = "q0-', f'id = "q{s}-')
                      for s in range(1, 5))
    (week / "01-cost.md").write_text('+++\nid = "w1-cost"\ntitle = "Cost"\n+++\n\n' + steps)
    from textual import events

    app = make_app(tmp_path, lessons=root)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        await wait_for(pilot, lambda: 1 in app.screen._panes, what="step 2 built ahead")
        app.post_message(events.Key("n", "n"))
        for _ in range(5000):  # not pilot.pause, which would wait for the build ahead to finish
            if app.screen.shown_step == 1:
                break
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.05)
        # leave at once: step 3 is being built ahead
    assert app.return_code in (None, 0)


LONG_TEXT = "".join(
    f"Paragraph {i}: the gradient ∇f points uphill and its length is the steepest slope; for "
    f"f(x, y) = x²y we get ∂f/∂x = 2xy.\n\n"
    + ("* a point about **slopes**\n* another with `code`\n  and a second line\n\n" if i % 3 == 0 else "")
    + ("| x | f(x) |\n|---|---|\n| 1 | 1 |\n| 2 | 4 |\n\n" if i % 4 == 1 else "")
    + ("### A heading\n\n```text\nf(x) = x²\nf′(x) = 2x\n```\n\n" if i % 5 == 2 else "")
    for i in range(11))


@pytest.fixture
def long_course(tmp_path: Path) -> Path:
    """One step much longer than the screen: text (paragraphs, lists, tables, headings, fences), then two
    questions below it."""
    root = tmp_path / "long-lessons"
    week = root / "1-week"
    week.mkdir(parents=True)
    (root / "course.toml").write_text('title = "T"\nweeks = ["1-week"]\n')
    (week / "week.toml").write_text('number = 1\ntitle = "W"\n')
    quizzes = "".join(STEP.format(n=n).split("* another point\n\n", 1)[1] for n in (1, 2))
    body = ('+++\nid = "w1-long"\ntitle = "Long"\n+++\n\n## A long step\n\n' + LONG_TEXT + quizzes
            + "\n## Step two\n\nShort.\n")
    (week / "01-long.md").write_text(body)
    return root


def _watch_first_frame(app, step: int) -> dict:
    """What the step's pane holds when the first frame showing `step` is painted."""
    seen: dict = {}
    real = app._display

    def display(screen, renderable) -> None:
        if (not seen and renderable is not None and not app._batch_count
                and getattr(app.screen, "shown_step", None) == step):
            pane = app.screen._panes[step][0]
            prose = pane.query_one(".step-text")
            seen.update(cards=len(pane.query(QuizCard)), blocks=len(prose.children),
                        text=screen_text(app), nav=len(pane.query(".step-nav")))
        real(screen, renderable)

    app._display = display
    return seen


async def _first_frame_of_the_long_step(pilot) -> dict:
    """w1-long opened from the map; what its first frame with the step showed (see `_watch_first_frame`)."""
    app = pilot.app
    await ready(pilot)
    seen = _watch_first_frame(app, 0)
    app.open_lesson("w1-long", 0)
    await wait_for(pilot, lambda: seen, what="the first frame of the step")
    return seen


async def test_a_long_step_is_painted_before_what_is_below_its_first_screen_is_built(tmp_path, long_course):
    from markdown_it import MarkdownIt

    app = make_app(tmp_path, lessons=long_course)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = await _first_frame_of_the_long_step(pilot)
        blocks = sum(t.level == 0 and t.nesting >= 0 for t in MarkdownIt("gfm-like").parse(LONG_TEXT))
        assert "A long step" in seen["text"] and "Paragraph 0: the gradient" in seen["text"]
        # the first screen's blocks only: no question, no step footer, a few of the text's blocks
        assert (seen["cards"], seen["nav"]) == (0, 0)
        assert 2 <= seen["blocks"] < blocks / 2
        # then the rest, in order, without a key
        await wait_for(pilot, lambda: len(app.screen.visible_cards()) == 2, what="the questions")
        pane = app.screen._panes[0][0]
        assert len(pane.query_one(".step-text").children) == blocks
        assert [type(w).__name__ for w in pane.children][-3:] == ["QuizCard", "QuizCard", "Static"]
        assert pane.children[-1].has_class("step-nav")


async def test_a_key_pressed_before_a_long_step_is_built_whole_reaches_its_question(tmp_path, long_course):
    from textual.widgets import Input

    app = make_app(tmp_path, lessons=long_course)
    async with app.run_test(size=(80, 24)) as pilot:
        await _first_frame_of_the_long_step(pilot)
        await press(pilot, "a")  # the question is below the first screen: `a` builds the rest first
        await wait_for(pilot, lambda: isinstance(app.screen.focused, Input), what="the answer box")
        card = app.screen.visible_cards()[0]
        assert app.screen.focused in card.query(Input)
        assert card.region.y < 24  # scrolled into view


async def _pages(app, pilot, lesson: Path, monkeypatch, whole: bool) -> list[str]:
    from mfml_tui.ui.screens.lesson import LessonScreen

    if whole:
        monkeypatch.setattr(LessonScreen, "_first_screen_rows", lambda self: None)
    else:
        monkeypatch.undo()
    await ready(pilot)
    app.open_lesson("w1-long", 0)
    await wait_for(pilot, lambda: app.screen.shown_step == 0 and app.screen._built(0)
                   and len(app.screen.visible_cards()) == 2, what="the whole step")
    await pilot.pause(0.1)
    flow = app.screen.query_one("#flow")
    pages = []
    for y in range(0, flow.max_scroll_y + 20, 20):
        flow.scroll_to(y=y, animate=False)
        await pilot.pause(0.05)
        pages.append(app.export_screenshot())
    return pages


async def test_a_step_built_in_two_goes_looks_as_one_built_at_once(tmp_path, long_course, monkeypatch):
    looks = []
    for whole in (True, False):
        (tmp_path / str(whole)).mkdir()
        app = make_app(tmp_path / str(whole), lessons=long_course)
        async with app.run_test(size=(80, 24)) as pilot:
            looks.append(await _pages(app, pilot, long_course, monkeypatch, whole))
    assert len(looks[0]) >= 4
    assert looks[0] == looks[1]

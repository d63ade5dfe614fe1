"""A step change paints the step as it ends, from its first frame: no line re-wrapped a frame later.

Two faults the walk through the course found (tmux at 80×24, then here):
- the steps column's scrollbar: a step that fits shown after one that overflowed (or the reverse) was painted
  first with the last step's scrollbar, then laid out again a column wider (or narrower), so its text and
  boxes re-wrapped a frame later;
- a question's options, made while their step was built ahead (hidden), were wrapped at width 0; only a
  Resize event wrapped them again under their own first word (a frame later), and Textual sent none when
  the learner had scrolled the step before: the options stayed ragged for good.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    make_app,
    one_lesson_course,
    quiet_textual,
    record_frames,
    screen_text,
    wait_for,
)

LONG = " ".join(f"Sentence {i} of a long paragraph that will need to scroll past the screen."
               for i in range(20))
THUMB = set("▁▂▃▄▅▆▇█")
OPTION = "an option long enough to wrap onto a second line inside the question card at eighty columns"

LESSON = f"""+++
id = "f1-frames"
title = "Frames"
+++

## Long

{LONG}

## Short with a question

Just a line.

```quiz
id = "f1-frames-choice"
kind = "choice"
ask = "Which one?"
choices = ["{OPTION}, first", "{OPTION}, second", "short"]
correct = 2
shuffle = false
```

## Long again

{LONG}
"""


def _course(tmp_path: Path) -> Path:
    return one_lesson_course(tmp_path, LESSON, "01-frames.md", title="Frames")


def _text(lines: list[str]) -> list[str]:
    """The rows without the scrollbar's thumb (it may move as the rest of a step comes in)."""
    return [(line[:-3] + "".join(" " if c in THUMB else c for c in line[-3:])).rstrip() for line in lines]


def _hanging(lines: list[str]) -> bool:
    """Every option of the card that wraps goes on under its own first word, not under the mark."""
    rows = [line.strip("│ ").rstrip("│") for line in lines]
    firsts = [i for i, row in enumerate(rows) if row.startswith("( ) ") and "an option long" in row]
    assert len(firsts) == 2, "\n".join(lines)
    return all(lines[i + 1].lstrip("│ ").startswith("second line") or
               lines[i + 1].index(lines[i + 1].lstrip("│ ")[0]) >= lines[i].index("an option")
               for i in firsts)


async def test_each_step_change_paints_the_step_as_it_ends(tmp_path: Path) -> None:
    app = make_app(tmp_path, lessons=_course(tmp_path), start_lesson="f1-frames")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="step 1")
        screen = app.screen
        for step in (1, 2, 1):  # long → short (built ahead), short → long, long → short (built)
            await wait_for(pilot, lambda step=step: screen._built(step), what=f"step {step + 1} built ahead")
            await pilot.pause(0.2)
            frames = record_frames(app)
            await pilot.press("n" if step > screen.step else "p")
            await wait_for(pilot, lambda step=step: screen.shown_step == step, what=f"step {step + 1}")
            await pilot.pause(0.4)
            final = screen_text(app).splitlines()
            del app._display
            mine = [frame for frame in frames if frame[0] == final[0]]
            assert mine, "no frame painted the step"
            for frame in mine:
                assert _text(frame) == _text(final), "a frame showed the step laid out otherwise:\n" + \
                    "\n".join(frame) + "\n---- then ----\n" + "\n".join(final)


async def test_options_built_ahead_wrap_under_their_text_after_the_step_before_was_scrolled(
        tmp_path: Path) -> None:
    app = make_app(tmp_path, lessons=_course(tmp_path), start_lesson="f1-frames")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="step 1")
        screen = app.screen
        await wait_for(pilot, lambda: screen._built(1), what="step 2 built ahead")
        await pilot.press("pagedown")
        await pilot.pause(0.3)
        await pilot.press("n")
        await wait_for(pilot, lambda: screen.shown_step == 1, what="step 2")
        await pilot.pause(0.4)
        lines = screen_text(app).splitlines()
        assert _hanging(lines), "\n".join(lines)


PLOT_LESSON = """+++
id = "f2-caption"
title = "Caption"
+++

## Words first

Just a line.

## A plot with a caption

```plot
kind = "secant"
f = "5x^2"
x0 = 1
hs = [1, 0.5, 0.1]
x = [-0.5, 2.5]
title = "Secants of 5x² at x = 1"
```

The line below the plot's caption.
"""


async def test_a_plot_built_ahead_has_its_caption_in_the_first_frame_that_shows_it(tmp_path: Path) -> None:
    """The caption under a plot was published after the plot's first render: on a step built ahead it came
    one frame after the plot, and what was below it moved down a frame later (the walk's finding)."""
    course = _course(tmp_path)
    (course / "1-week" / "01-frames.md").write_text(PLOT_LESSON)
    app = make_app(tmp_path, lessons=course, start_lesson="f2-caption")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="step 1")
        screen = app.screen
        await wait_for(pilot, lambda: screen._built(1), what="step 2 built ahead")
        await pilot.pause(0.2)
        frames = record_frames(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: screen.shown_step == 1, what="step 2")
        await pilot.pause(0.4)
        final = screen_text(app).splitlines()
        del app._display
        assert any("slope" in line for line in final), "\n".join(final)  # the caption's table
        mine = [frame for frame in frames if frame[0] == final[0]]
        assert mine, "no frame painted the step"
        for frame in mine:
            assert _text(frame) == _text(final), "a frame showed the plot without its caption:\n" + \
                "\n".join(frame) + "\n---- then ----\n" + "\n".join(final)

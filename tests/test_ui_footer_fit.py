"""The footer keeps the keys a learner needs in view at 80 columns: with a question focused it could not
hold the question's keys and the screen's, and cut off "esc Leave answer" and "? Help"."""

from __future__ import annotations

from pathlib import Path

from tests.test_ui_support import make_app, press, ready, screen_text, wait_for


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


def footer_fits(app) -> bool:
    from mfml_tui.ui.widgets.footer import Footer

    return all(not footer.max_scroll_x for footer in app.screen.query(Footer))


async def options_focused(pilot) -> None:
    from mfml_tui.ui.widgets.choices import ChoiceList

    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="the lesson")
    await press(pilot, "n")
    await wait_for(pilot, lambda: app.screen.shown_step == 1, what="the step with a choice")
    await press(pilot, "a")
    await wait_for(pilot, lambda: isinstance(app.focused, ChoiceList), what="the options")


async def test_a_question_s_keys_are_left_to_its_buttons_when_narrow(tmp_path: Path) -> None:
    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(80, 24)) as pilot:
        await options_focused(pilot)
        await wait_for(pilot, lambda: "esc Leave answer" in footer_line(app), what="esc in the footer")
        line = footer_line(app)
        assert "? Help" in line and "^t Hint" not in line and footer_fits(app), line
        assert "Hint ^t" in screen_text(app)  # the card's button names the key
        card = app.focused.query_ancestor("QuizCard")
        await press(pilot, "ctrl+o")  # still works, though the footer leaves it to the button
        await wait_for(pilot, lambda: card.state.solution_shown, what="the worked solution")


async def test_an_answer_box_s_footer_fits_at_80_columns(tmp_path: Path) -> None:
    from textual.widgets import Input

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_lesson("t1-rise", 2)  # "Your turn": a question with an answer box
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 2, what="the step")
        await press(pilot, "a")
        await wait_for(pilot, lambda: isinstance(app.focused, Input), what="the answer box")
        await wait_for(pilot, lambda: "esc Leave answer" in footer_line(app), what="esc in the footer")
        assert footer_fits(app), footer_line(app)


async def test_wide_the_footer_names_a_question_s_keys_too(tmp_path: Path) -> None:
    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(120, 30)) as pilot:
        await options_focused(pilot)
        await wait_for(pilot, lambda: "^t Hint" in footer_line(app), what="the question's keys")
        assert "esc Leave answer" in footer_line(app) and "? Help" in footer_line(app) and footer_fits(app)


async def test_a_resize_offers_the_keys_that_fit_the_new_width(tmp_path: Path) -> None:
    """Between 100 and 116 columns (both narrow: the step is not rebuilt, the focus stays) the options' keys
    need 109 columns: left to the buttons at 100, all named at 116, and left again at 100."""
    from mfml_tui.ui.widgets.footer import Footer, footer_cells

    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(100, 30)) as pilot:
        await options_focused(pilot)
        await wait_for(pilot, lambda: "esc Leave answer" in footer_line(app), what="esc in the footer")
        assert "^t Hint" not in footer_line(app) and footer_fits(app)
        await pilot.resize_terminal(116, 30)
        await wait_for(pilot, lambda: "^t Hint" in footer_line(app), what="the question's keys")
        assert "? Help" in footer_line(app) and footer_fits(app)
        footer = app.screen.query_one(Footer)
        keys = sum(key.region.width for key in footer.children if key.display)
        assert keys == footer_cells(app, app.screen.active_bindings)  # the estimate is the footer's width
        await pilot.resize_terminal(100, 30)
        await wait_for(pilot, lambda: "^t Hint" not in footer_line(app), what="the narrow keys again")
        assert "esc Leave answer" in footer_line(app) and footer_fits(app)

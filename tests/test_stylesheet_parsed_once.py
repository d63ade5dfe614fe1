"""Opening a lesson parses only the CSS it brings (issue #14 item 6): Textual re-parsed every source of the
app in a fresh stylesheet whenever a screen brought CSS of its own, then parsed again what only that fresh
stylesheet had seen (ui/stylesheet.py). Checked by what is parsed, not by a clock (benchmarks/open_lesson.py).
A theme still restyles everything with its own colours. The footer's keys are styled once per new screen
(they were styled three times: made compact, then not)."""

from __future__ import annotations

from collections import Counter

import pytest
from textual.color import Color
from textual.css import stylesheet as textual_stylesheet
from textual.widgets._footer import FooterKey

from tests.test_ui_support import make_app, quiet_textual, ready, wait_for  # noqa: F401 — autouse fixture


@pytest.fixture
def parsed(monkeypatch) -> Counter:
    """How many times each CSS source is parsed, by its name and weight (a widget class's CSS weighs less
    the further up a widget's ancestry that class is, so it is parsed once for each place it is used)."""
    counts: Counter = Counter()
    real = textual_stylesheet.parse

    def counting(scope, css, read_from, **kwargs):
        counts[_name(read_from), kwargs.get("tie_breaker", 0)] += 1
        return real(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return counts


def _name(read_from) -> str:
    path, variable = read_from
    return variable or path.rsplit("/", 1)[-1]


async def test_opening_a_lesson_parses_only_the_css_it_brings(tmp_path, parsed):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        before = set(parsed)
        assert {"app.tcss", "home.tcss", "Screen.DEFAULT_CSS"} <= {name for name, _ in before}
        parsed.clear()
        app.open_lesson("t1-rise", 0)
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="the step")
        await pilot.pause(0.2)
        assert parsed["lesson.tcss", 0] == 1, parsed
        # nothing the course map had already parsed is parsed again (Textual re-parsed all of it), and
        # what the lesson brings is parsed once
        assert not before & set(parsed), sorted(before & set(parsed))
        assert max(parsed.values()) == 1, parsed


async def test_a_new_theme_restyles_the_lesson_with_its_colours(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.open_lesson("t1-rise", 0)
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="the step")
        title = app.screen.query_one(".step-title")
        for theme in ("textual-light", "nord", "textual-dark"):
            app.theme = theme
            await pilot.pause(0.05)
            accent = Color.parse(app.get_css_variables()["accent"])
            assert title.styles.color.rgb == accent.rgb, theme


async def test_the_footers_keys_are_styled_once_when_a_lesson_opens(tmp_path, monkeypatch):
    styled: Counter = Counter()
    real = textual_stylesheet.Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        styled[node] += 1
        return real(self, node, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet.Stylesheet, "apply", counting)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        styled.clear()
        app.open_lesson("t1-rise", 0)
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="the step")
        await pilot.pause(0.2)
        keys = list(app.screen.query(FooterKey))
        assert len(keys) >= 4
        assert [styled[key] for key in keys] == [1] * len(keys)
        # as Textual's footer shows them: the palette's key compact, the others not
        assert [key.has_class("-compact") for key in keys] == [
            key.has_class("-command-palette") for key in keys]


def test_the_apps_stylesheet_takes_the_variables_textual_made_for_it(tmp_path, monkeypatch):
    """The theme's colours were worked out twice when the app was made (Textual's stylesheet, then ours):
    ≈0.3 ms CPU before the first screen. Once now, and our stylesheet has exactly those variables."""
    from textual.app import App

    from tests.test_ui_support import make_app

    calls = []
    real = App.get_css_variables
    monkeypatch.setattr(App, "get_css_variables", lambda self: calls.append(1) or real(self))
    app = make_app(tmp_path)
    assert len(calls) == 1
    assert app.stylesheet._variables == real(app)

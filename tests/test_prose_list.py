"""A lesson's Markdown list is one widget (#14 item 6: ~4 widgets an item made the at-limit first frame slow),
and it looks exactly as Textual's `Markdown` draws it: every cell, character and style, compared with
Textual's own list widgets as the oracle (bullets and numbered lists, wrapping, inline styles, links, narrow
widths, dark and light themes). Lists Textual must still build (nested, several paragraphs an item) fall back
to Textual's widgets; a link in a one-widget list still clicks through.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBullet

from mfml_tui.ui.widgets.prose import Prose
from mfml_tui.ui.widgets.prose_list import ProseBulletList, ProseOrderedList

LONG = "the slope of the secant through (a, f(a)) and (a + h, f(a + h)) tends to f′(a) as h → 0"
SHAPES = {
    "bullets": "Before.\n\n" + "".join(f"* point {i}: {LONG}\n" for i in range(6)) + "\nAfter.\n",
    "styled": "* the steepest way **up** is along ∇f, with slope |∇f|;\n"
              "* type `2*x*y` or see [the docs](https://example.org/docs) for *more*;\n"
              "* a damping number slides between the two: it grows after a step that made\n"
              "  things worse, and shrinks after one that made them better.\n",
    "numbered": "8. eight\n9. nine, " + LONG + "\n10. ten\n11. eleven\n",
    "dashes": "- one\n- two\n\n1. first\n2. second\n",
}
FALLBACK = {
    "nested": "* outer\n  * inner one\n  * inner two\n* outer again\n",
    "two paragraphs": "* first item\n\n  its second paragraph\n* second item\n",
}


class Page(App):
    def __init__(self, text: str, widget: type[Markdown], width: int) -> None:
        super().__init__()
        self.text, self.widget, self.width = text, widget, width

    def compose(self) -> ComposeResult:
        if self.widget is Prose:
            tutor = SimpleNamespace(markdown=lambda text: text, ascii_only=False)
            prose = Prose(self.text, tutor)  # type: ignore[arg-type]
        else:
            prose = Markdown(self.text)
        prose.styles.width = self.width
        yield prose


async def drawn(text: str, widget: type[Markdown], width: int, theme: str) -> tuple[list[list], Page]:
    app = Page(text, widget, width)
    async with app.run_test(size=(90, 40)) as pilot:
        app.theme = theme
        for _ in range(3):
            await pilot.pause()
        # cell by cell, as the terminal shows them (however the segments are cut)
        lines = [[(char, seg.style) for seg in strip for char in seg.text]
                 for strip in app.screen._compositor.render_strips()]
        kinds = [type(node) for node in app.query("*")]
    return lines, kinds


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("width", [70, 24])
@pytest.mark.parametrize("shape", list(SHAPES))
async def test_a_list_is_one_widget_drawn_as_textual_draws_it(shape, width, theme):
    text = SHAPES[shape]
    ours, kinds = await drawn(text, Prose, width, theme)
    theirs, their_kinds = await drawn(text, Markdown, width, theme)
    assert MarkdownBullet in their_kinds and Horizontal in their_kinds  # the oracle built its widgets
    assert MarkdownBullet not in kinds and Horizontal not in kinds
    assert ProseBulletList in kinds or ProseOrderedList in kinds
    lists = sum(kind in (ProseBulletList, ProseOrderedList) for kind in kinds)
    assert len(kinds) == 2 + lists + text.count("\n\n") - lists  # app's screen, Prose, its top-level blocks
    assert ours == theirs


@pytest.mark.parametrize("shape", list(FALLBACK))
async def test_other_lists_are_still_built_by_textual(shape):
    ours, kinds = await drawn(FALLBACK[shape], Prose, 60, "textual-dark")
    theirs, _ = await drawn(FALLBACK[shape], Markdown, 60, "textual-dark")
    assert MarkdownBullet in kinds
    assert ours == theirs


async def links_followed(markdown: str) -> list[str]:
    """Click "the docs" where Prose shows `markdown`: the links the click followed."""
    clicked: list[str] = []

    class Links(Page):
        def on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
            clicked.append(message.href)

    app = Links(markdown, Prose, 60)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        lines = ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]
        row = next(y for y, line in enumerate(lines) if "the docs" in line)
        await pilot.click(offset=(lines[row].index("the docs") + 2, row))
        await pilot.pause()
    return clicked


async def test_a_link_in_a_one_widget_list_is_followed():
    clicked = await links_followed("* see [the docs](https://example.org/docs) here\n* two\n")
    assert clicked == ["https://example.org/docs"]

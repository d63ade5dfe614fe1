"""A lesson's Markdown table is one widget (#14 item 6: Textual makes a widget for every cell), drawn exactly
as Textual's `MarkdownTable` draws it: every cell, character and style compared with Textual's own table as
the oracle (keylines, header colour, columns sized from the cells, expanded to the width or shrunk to it
with wrapped cells, headers aligned to the bottom, inline styles, dark and light themes, narrow widths).
"""

from __future__ import annotations

import pytest
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownTableCellContents, MarkdownTableContent

from mfml_tui.ui.widgets.prose import Prose
from mfml_tui.ui.widgets.prose_table import ProseTable
from tests.test_prose_list import drawn, links_followed

SHAPES = {
    "numbers": "Before.\n\n| x | f(x) | f′(x) |\n|---|---|---|\n"
               + "".join(f"| {i} | {i * i} | {2 * i} |\n" for i in range(8)) + "\nAfter.\n",
    "wrapping": "| point | what it means here |\n|---|---|\n"
                "| (1, 2) | the gradient **points** uphill and `2*x` is a long cell that wraps |\n"
                "| b | c |\n",
    "tall header": "| a header long enough to wrap at the narrow widths | n |\n|:--|--:|\n"
                   "| 1 | [link](https://x.org) |\n| | *empty cell before* |\n",
    "one column": "| only |\n|---|\n| one |\n| two |\n",
}


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("width", [76, 30, 12])
@pytest.mark.parametrize("shape", list(SHAPES))
async def test_a_table_is_one_widget_drawn_as_textual_draws_it(shape, width, theme):
    text = SHAPES[shape]
    ours, kinds = await drawn(text, Prose, width, theme)
    theirs, their_kinds = await drawn(text, Markdown, width, theme)
    assert MarkdownTableContent in their_kinds and MarkdownTableCellContents in their_kinds  # oracle's cells
    assert ProseTable in kinds
    assert MarkdownTableContent not in kinds and MarkdownTableCellContents not in kinds
    assert ours == theirs


async def test_a_link_in_a_one_widget_table_is_followed():
    clicked = await links_followed("| a | b |\n|---|---|\n| 1 | see [the docs](https://example.org/docs) |\n")
    assert clicked == ["https://example.org/docs"]

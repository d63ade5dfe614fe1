"""A Markdown list as one widget, drawn exactly as Textual's `MarkdownBulletList` and `MarkdownOrderedList`.

Textual makes four widgets an item (a row, its bullet, a column and the item's paragraph): a list of six
points is 24 widgets to compose, style and lay out before the step's first frame. When every item is one
paragraph (as lesson lists are), `ProseBulletList` and `ProseOrderedList` compose nothing and render the
items themselves: each paragraph's `Content` wrapped to the width left of its bullet (as the item's column
would wrap it), the bullet in the bullet's colour on its first row. Links, inline styles and wrapping are the
paragraph's own (the same `Content`, rendered with this block's styles); any other list (nested lists, items
of several paragraphs or a code block) is composed by Textual as before.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.style import Style as RichStyle
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual

from mfml_tui.ui.widgets.markdown_widget import (  # Textual's, imported without markdown_it (see there)
    MarkdownBulletList,
    MarkdownListItem,
    MarkdownOrderedList,
    MarkdownParagraph,
)

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.css.styles import RulesMap
    from textual.style import Style
    from textual.visual import RenderOptions

BULLET = "prose-list--bullet"
#: the bullet's colour as `MarkdownBullet` has it, for the same component class of both list kinds
_BULLET_CSS = """
{name} > .prose-list--bullet {{ color: $text-primary; }}
{name}:light > .prose-list--bullet {{ color: $text-secondary; }}
"""


class ListItems(Visual):
    """Bullets and their items' contents, item after item (an item as tall as its wrapped paragraph)."""

    def __init__(self, items: list[tuple[str, Content]], bullet_style: Style) -> None:
        self.items = items
        self.bullet_style = bullet_style

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        strips: list[Strip] = []
        options = _without_selection(options)
        blank = RichStyle(bgcolor=style.rich_style.bgcolor)  # as Textual pads a line: the background only
        # the bullet's widget is as tall as its item: its blank rows have the bullet's colour
        under_bullet = RichStyle(color=self.bullet_style.rich_style.color, bgcolor=blank.bgcolor)
        for symbol, content in self.items:
            bullet_width = cell_len(symbol)
            text_width = max(0, width - bullet_width)
            bullet = Content(symbol).render_strips(bullet_width, None, self.bullet_style, options)
            lines = content.render_strips(text_width, None, style, options) if text_width else []
            rows = max(1, len(lines))
            for row in range(rows):
                left = bullet[row] if row < len(bullet) else Strip.blank(bullet_width, under_bullet)
                right = lines[row] if row < len(lines) else Strip.blank(text_width, blank)
                strips.append(Strip.join([left.extend_cell_length(bullet_width, blank),
                                          right.extend_cell_length(text_width, blank)]))
            if height is not None and len(strips) >= height:
                return strips[:height]
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((cell_len(symbol) + content.get_optimal_width(rules, container_width)
                    for symbol, content in self.items), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        rows = 0
        for symbol, content in self.items:
            room = width - cell_len(symbol)
            rows += max(1, content.get_height(rules, room)) if room > 0 else 1
        return rows


def _without_selection(options: RenderOptions) -> RenderOptions:
    """The options without a text selection: its offsets are the whole list's, not an item's."""
    if options.selection is None:
        return options
    return replace(options, selection=None, selection_style=None)




class OneWidgetList:
    """What both list kinds share: compose the items as one visual when every item is one paragraph."""

    _items: list[tuple[str, Content]] | None = None

    def _symbols(self) -> list[str]:
        raise NotImplementedError

    def _simple(self) -> bool:
        blocks = self._blocks  # type: ignore[attr-defined]
        return bool(blocks) and all(
            isinstance(block, MarkdownListItem) and len(block._blocks) == 1
            and type(block._blocks[0]) is MarkdownParagraph for block in blocks)

    def compose(self) -> ComposeResult:
        if not self._simple():
            yield from super().compose()  # type: ignore[misc]
            return
        symbols = self._symbols()
        self._items = [(symbol, block._blocks[0]._content)
                       for symbol, block in zip(symbols, self._blocks, strict=True)]  # type: ignore[attr-defined]
        self._blocks.clear()  # type: ignore[attr-defined]

    def render(self) -> Any:
        if self._items is None:
            return super().render()  # type: ignore[misc]
        return ListItems(self._items, self.get_visual_style(BULLET))  # type: ignore[attr-defined]


class ProseBulletList(OneWidgetList, MarkdownBulletList):
    COMPONENT_CLASSES = MarkdownBulletList.COMPONENT_CLASSES | {BULLET}
    DEFAULT_CSS = _BULLET_CSS.format(name="ProseBulletList")

    def _symbols(self) -> list[str]:
        return [block.bullet for block in self._blocks]


class ProseOrderedList(OneWidgetList, MarkdownOrderedList):
    COMPONENT_CLASSES = MarkdownOrderedList.COMPONENT_CLASSES | {BULLET}
    DEFAULT_CSS = _BULLET_CSS.format(name="ProseOrderedList")

    def _symbols(self) -> list[str]:
        """As `MarkdownOrderedList.compose` numbers them: from the first item's number, right-aligned."""
        suffix = ". "
        start = 1
        with contextlib.suppress(ValueError):
            start = int(self._blocks[0].bullet)
        size = max(len(f"{number}{suffix}") for number in range(start, start + len(self._blocks)))
        return [f"{number}{suffix}".rjust(size + 1) for number in range(start, start + len(self._blocks))]

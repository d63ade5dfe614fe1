"""A Markdown table as one widget, drawn exactly as Textual's `MarkdownTable` draws it.

Textual's table is a grid container with a widget for every cell (27 for a table of three columns and nine
rows) laid out by its grid layout and framed by its keylines. `ProseTable` composes nothing: it sizes the
columns and rows with the grid layout's own rules (auto columns from the cells' widths, the same `resolve`
with expand, shrink and the cells' minimal widths, rows as tall as their tallest wrapped cell), draws the
keylines with Textual's `Canvas`, and renders each cell's `Content` into its place with the cell's styles
(padding, header colour, bottom-aligned headers, ellipsis). Cells lose their hover tooltips.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.style import Style as RichStyle
from textual._resolve import resolve
from textual.canvas import Canvas, Rectangle
from textual.css.scalar import Scalar
from textual.geometry import Offset, Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from mfml_tui.ui.widgets.markdown_widget import MarkdownTable  # Textual's, without markdown_it (see there)

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.content import Content
    from textual.css.styles import RulesMap
    from textual.visual import RenderOptions

HEADER, CELL = "prose-table--header", "prose-table--cell"  # the styles of `.header` and `.cell` cells
PAD = 1  # the cells' `padding: 0 1`
GUTTER = 1  # the grid's `grid-gutter: 1 1`
NOT_REVERSED = Style(reverse=False)


class TableGrid(Visual):
    """Headers and rows in keylines, sized and drawn as Textual's grid of cell widgets is."""

    def __init__(self, table: ProseTable, headers: list[Content], rows: list[list[Content]]) -> None:
        self.table = table
        self.headers = headers
        self.rows = rows
        self.columns = max(1, len(headers))

    def _cells(self) -> list[list[Content]]:
        return [self.headers, *self.rows]

    def _layout(self, width: int, rules: RulesMap) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Columns and rows as (offset, length) inside the keylines, as `GridLayout.arrange` makes them."""
        cells = self._cells()
        size = Size(max(0, width - 2), 0)
        viewport = self.table.app.viewport_size
        widths = [0] * self.columns
        minimums = [1] * self.columns
        for row in cells:
            for column, content in enumerate(row[: self.columns]):
                widths[column] = max(widths[column], content.get_optimal_width(rules, size.width) + 2 * PAD)
                minimums[column] = max(minimums[column], content.get_minimal_width(rules) + 2 * PAD)
        columns = resolve([Scalar.from_number(w) for w in widths], size.width, GUTTER, size, viewport,
                          expand=True, shrink=True, minimums=minimums)
        heights = []
        for row in cells:
            height = 0
            for column, content in enumerate(row[: self.columns]):
                room = columns[column][1] - 2 * PAD
                # as `Widget.get_content_height`: 0 for no room, the wrapped height otherwise (even below 0)
                height = max(height, content.get_height(rules, room) if room else 0)
            heights.append(height)
        rows = []
        y = 0
        for height in heights:
            rows.append((y, height))
            y += height + GUTTER
        return columns, rows

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        _, rows = self._layout(width, rules)
        return rows[-1][0] + rows[-1][1] + 2 if rows else 2

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        table = self.table
        columns, rows = self._layout(width, options.rules)
        total = rows[-1][0] + rows[-1][1] + 2 if rows else 2
        line_type, line_colour = table.styles.keyline
        colour = table.background_colors[1] + line_colour
        canvas = Canvas(width, total)
        rectangles = [Rectangle(Offset(x, y), w + 2, h + 2, colour, line_type)
                      for y, h in rows for x, w in columns[: self.columns]]
        lines = canvas.render(rectangles, table.rich_style)._strips
        lines = [line.extend_cell_length(width).crop(0, width) for line in lines]
        for row_index, ((y, h), row) in enumerate(zip(rows, self._cells(), strict=False)):
            cell_style = table.get_visual_style(HEADER if row_index == 0 else CELL)
            bottom = row_index == 0  # headers are `content-align: left bottom`
            for (x, w), content in zip(columns, row[: self.columns], strict=False):
                strips = self._cell(content, w, h, cell_style, options, bottom)
                for dy, strip in enumerate(strips):
                    line = lines[y + 1 + dy]
                    lines[y + 1 + dy] = Strip.join([line.crop(0, x + 1), strip, line.crop(x + 1 + w, width)])
        return lines if height is None else lines[:height]

    @staticmethod
    def _cell(content: Content, width: int, height: int, style: Style, options: RenderOptions,
              bottom: bool) -> list[Strip]:
        """One cell as its widget renders it: padded, its lines at the top (a header's at the bottom)."""
        room = max(0, width - 2 * PAD)
        text = content.render_strips(room, None, style, options) if room else []
        rich = style.rich_style
        if bottom:  # aligned by `Visual.to_strips`, which pads with the cell's style
            pad = filling = (style + NOT_REVERSED).rich_style
        else:  # padded as Textual pads a widget's lines and rows: the background; the colour too
            pad, filling = RichStyle(bgcolor=rich.bgcolor), RichStyle(color=rich.color, bgcolor=rich.bgcolor)
        text = [strip.extend_cell_length(room, pad) for strip in text[:height]]
        filler = [Strip.blank(room, filling)] * (height - len(text))
        text = filler + text if bottom else text + filler
        side = Strip.blank(PAD, RichStyle(bgcolor=rich.bgcolor))
        return [Strip.join([side, strip, side]).crop(0, width) for strip in text]


class ProseTable(MarkdownTable):
    """A `MarkdownTable` that draws itself (see the module): one widget instead of one a cell."""

    COMPONENT_CLASSES = MarkdownTable.COMPONENT_CLASSES | {HEADER, CELL}
    DEFAULT_CSS = """
    ProseTable {
        height: auto;
        keyline: thin $foreground 20%;
        text-overflow: ellipsis;
    }
    ProseTable > .prose-table--header { color: $primary; }
    """

    def compose(self) -> ComposeResult:
        self._headers, self._rows = self._get_headers_and_rows()
        self._blocks.clear()
        return iter(())

    def render(self) -> Any:
        return TableGrid(self, self._headers, self._rows)

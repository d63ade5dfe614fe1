"""A lesson plot as it was last drawn, kept on disk, so that a step with a plot is painted without plotext.

Drawing a lesson's plot needs numpy, plotext and the engine (≈0.4 s of CPU to import and draw): on
`mfml-tui lesson ID`, or resuming a lesson, that held its first step back well behind a step of text. Yet a
lesson plot is a pure function of its spec, its size, the marker, the theme and the code that draws it. So
each plot a lesson screen draws is written down (plotext's ANSI text and the caption under it, by size), and
a step shown before the plotting code is imported (`plot_panel`) composes a `DrawnPlotPanel` from that
record: the same cells, in the same place, split from the ANSI text (`AnsiPlot`). Once the first screen
is out, the panel imports the plotting code in a thread and puts the live `PlotPanel` in its place, with the
same drawing and caption (the swap is one batched update: nothing on screen changes).

The record's key holds everything the drawing depends on (the spec's content, marker, plot and app themes,
ASCII mode, the package's source files, plotext's and textual-plotext's files): an edited lesson or a new
version is a miss, and a miss (or a size never drawn) is simply the live plot. The files live beside the
course cache (`MFML_TUI_CACHE`; `off` disables both), are written atomically, and are few and small (the
oldest go past `MAX_FILES`).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.ansi import AnsiDecoder
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.terminal_theme import TerminalTheme
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

from mfml_tui.course import cache as course_cache
from mfml_tui.ui.ascii import asciify_grid

if TYPE_CHECKING:
    from collections.abc import Callable

    from mfml_tui.course.model import PlotSpec

FORMAT = b"mfml-tui drawn plot 1"
MAX_SIZES = 4  #: sizes kept per plot (a window resized back and forth, the narrow and the wide layout)
MAX_FILES = 400  #: plots kept in all (a few KB each); the oldest written go first
#: what the live plot needs, imported in a thread
LIVE_MODULES = ("mfml_tui.ui.widgets.plot", "mfml_tui.plots")


# ------------------------------------------------------------------------------------------- the record
def spec_key(spec: PlotSpec) -> str | None:
    """The spec's content as text (None if it cannot be written down: then it is never recorded)."""
    try:
        return json.dumps([spec.kind, spec.options], sort_keys=True)
    except (TypeError, ValueError):
        return None


def plot_theme(app_theme: str) -> str:
    """`SpecPlot`'s plotext theme for an app theme (textual-plotext's "auto" paints the surface colour,
    which the `ansi-*` themes leave empty)."""
    return "default" if app_theme.startswith("ansi") else "auto"


def _libraries() -> bytes:
    """plotext's and textual-plotext's files (an upgrade is a miss), found without importing them."""
    return course_cache.library_stamps(("plotext", "textual_plotext"))


def record_name(spec: PlotSpec, marker: str, app_theme: str, ascii_only: bool) -> str | None:
    """The file name of a plot's record: a digest of all it depends on but its size (None: not recorded)."""
    key = spec_key(spec)
    if key is None:
        return None
    return course_cache.record_digest(
        FORMAT, _libraries(), key.encode(), marker.encode(), plot_theme(app_theme).encode(),
        app_theme.encode(), b"ascii" if ascii_only else b"unicode") + ".json"


def folder() -> Path | None:
    """Where the records are (None: the cache is off)."""
    return course_cache.records_folder("plots")


def read(name: str) -> dict[str, list[str]]:
    """The drawings recorded under `name`: {"WxH": [ansi, caption]} (empty when none or unreadable)."""
    where = folder()
    if where is None:
        return {}
    try:
        found = json.loads((where / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {size: entry for size, entry in found.items()
            if isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)}


def write(name: str, size: tuple[int, int], ansi: str, caption: str) -> None:
    """Record one drawing (atomically; any failure just means the plot is drawn live next time)."""
    where = folder()
    if where is None:
        return
    drawings = read(name)
    drawings.pop(_size(size), None)
    drawings[_size(size)] = [ansi, caption]
    while len(drawings) > MAX_SIZES:
        drawings.pop(next(iter(drawings)))
    if course_cache.write_atomically(where / name, lambda: json.dumps(drawings).encode("utf-8")):
        course_cache.prune(where, ".json", MAX_FILES)


def _size(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


_SGR = re.compile(r"((?:\x1b\[[0-9;]*m)+)")
_RESET = re.compile(r"\x1b\[0?m")
_STYLES: dict[tuple[str, int], RichStyle] = {}


def _style_of(codes: str, theme: TerminalTheme | None) -> RichStyle:
    """The style of SGR `codes` (those since the last reset) as Textual would show it, computed once.

    Rich's decoder reads the codes; Textual's `Style.from_rich_style` maps the colours as its own
    Text → Content path does (256-colour indices to RGB by the app's ANSI theme).
    """
    key = (codes, id(theme))
    style = _STYLES.get(key)
    if style is None:
        text = AnsiDecoder().decode_line(codes + "x")
        found = text.spans[0].style if text.spans else RichStyle.null()
        rich = found if isinstance(found, RichStyle) else RichStyle.parse(str(found))
        style = _STYLES[key] = Style.from_rich_style(rich, theme).rich_style
    return style


class AnsiPlot(Visual):
    """plotext's ANSI output as Textual strips, made directly.

    `Text.from_ansi` and Textual's Text → Content → strips path cost more than plotext's own build on
    every redraw (a key in an explorer redraws the whole figure); plotext writes only runs of SGR codes
    and text, so splitting on the codes with one cached style per code run is exact and much cheaper.
    """

    def __init__(self, ansi: str, theme: TerminalTheme | None = None) -> None:
        self.lines: list[list[Segment]] = []
        plain: list[str] = []
        for raw in ansi.split("\n"):
            codes = ""
            segments: list[Segment] = []
            for i, piece in enumerate(_SGR.split(raw)):
                if i % 2:  # a run of escape codes: what follows the last reset is the current style
                    tail = _RESET.split(piece)
                    codes = tail[-1] if len(tail) > 1 else codes + piece
                elif piece:
                    style = _style_of(codes, theme) if codes else None
                    if segments and segments[-1].style == style:  # one segment per run of a style
                        segments[-1] = Segment(segments[-1].text + piece, style)
                    else:
                        segments.append(Segment(piece, style))
            self.lines.append(segments)
            plain.append("".join(seg.text for seg in segments))
        self.plain = "\n".join(plain)

    def __str__(self) -> str:
        return self.plain

    def render_strips(self, width: int, height: int | None, style: Any, options: Any) -> list[Strip]:
        base = style.rich_style
        lines = self.lines if height is None else self.lines[:height]
        return [Strip(line).apply_style(base).crop(0, width) for line in lines]

    def get_optimal_width(self, rules: Any, container_width: int) -> int:
        return max((Strip(line).cell_length for line in self.lines), default=0)

    def get_height(self, rules: Any, width: int) -> int:
        return len(self.lines)


def drawn_text(ansi: str, ascii_only: bool) -> Text:
    """plotext's ANSI text as `SpecPlot` shows it (textual-plotext's `Text.from_ansi`; ASCII per cell)."""
    text = Text.from_ansi(ansi)
    return ascii_text(text) if ascii_only else text


def ascii_text(text: Text) -> Text:
    """The drawn plot in ASCII, cell for cell (see `asciify_grid`), its colours kept."""
    cuts = sorted({offset for span in text.spans for offset in (span.start, span.end)})
    pieces = text.divide(cuts)
    plain = asciify_grid([piece.plain for piece in pieces])
    out = Text(style=text.style, no_wrap=True, overflow="crop", end=text.end)
    for piece, new in zip(pieces, plain, strict=True):
        style = piece.spans[0].style if piece.spans else ""
        out.append(new, style)
    return out


# ------------------------------------------------------------------------------------------- the widgets
class PlotCaption(Widget):
    """The facts under a plot (f′(1) = 2, a table of steps…), worked out while its panel is laid out.

    The caption depends on the drawing at the plot's size, which is known only once laid out: published
    after the plot's first render, it came a frame after the plot on a step built ahead, and moved what was
    below it down. Here the panel is asked for it (`caption_for`, with the size the plot is being given) as
    the caption's height is measured, so the frame that first shows the plot has its caption. Empty, it
    takes no row (kept displayed: a widget with `display: none` is never measured).
    """

    DEFAULT_CSS = """
    PlotCaption { color: $text-muted; padding: 0 1; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__(classes="plot-caption")
        self.text = ""

    def show(self, text: str) -> None:
        """A caption changed after the plot was painted (its slow part done, a theme's redraw)."""
        if text != self.text:
            self.text = text
            self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        panel = self.parent
        plot = panel.children[0] if panel is not None and panel.children else None
        if plot is not None and hasattr(panel, "caption_for"):
            text = panel.caption_for(_laid_out_size(self, plot, container, viewport), width)
            if text != self.text:
                had, self.text = self.text, text
                # what was measured and rendered for the old text goes (not with `refresh`: mid-layout it
                # looks up the widget's region, which arranges the whole screen again, ≈15 ms)
                self._layout_cache.clear()
                self.clear_cached_dimensions()
                if had:  # a caption changed in place (a resize) is painted again
                    self.call_later(self.refresh)
        return super().get_content_height(container, viewport, width) if self.text else 0

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="crop")  # fitted already: never re-wrapped


def _laid_out_size(caption: Widget, plot: Widget, container: Size, viewport: Size) -> tuple[int, int]:
    """The size the panel's layout gives `plot` (its first child), from the caption's measure: `container`
    is the panel's content less the caption's padding. The same box model the vertical layout resolves."""
    gutter, margin = caption.styles.gutter, caption.styles.margin
    size = container + gutter.totals + margin.totals
    plot_margin = plot.styles.margin
    box = plot._get_box_model(size, viewport, Fraction(max(0, size.width - plot_margin.width)),
                              Fraction(max(0, size.height - plot_margin.height)))
    return int(box.width), int(box.height)


class DrawnPlot(Widget):
    """The recorded drawing for this widget's size (styled as `SpecPlot`: lesson.tcss names both)."""

    DEFAULT_CSS = """
    DrawnPlot { height: 14; width: 1fr; }
    """

    def __init__(self, drawings: dict[str, list[str]], ascii_only: bool) -> None:
        super().__init__()
        self.drawings = drawings
        self.ascii_only = ascii_only

    def drawing(self) -> list[str] | None:
        return self.drawings.get(_size(self.size))

    def render(self) -> Any:
        entry = self.drawing()
        if entry is None:  # a size never drawn: the live plot, at once (its code may take a second to load:
            parent = self.parent  # an empty frame looked like a broken plot)
            if isinstance(parent, DrawnPlotPanel):
                self.call_after_refresh(parent.go_live)
            return Text("Drawing the plot..." if self.ascii_only else "Drawing the plot…", style="dim")
        if self.ascii_only:
            return drawn_text(entry[0], True)
        # the fast strips (as an explorer's plot): the same cells and styles as the live plot's Text path, in
        # a sixth of the time; only a mouse selection of its characters, in the second before the live plot
        # takes its place, is not offered
        return AnsiPlot(entry[0], self.app.ansi_theme)


class DrawnPlotPanel(Vertical):
    """`PlotPanel` before the plotting code is imported: the recorded drawing and its caption, replaced by
    the live panel once the first screen is out (styled as `PlotPanel`)."""

    DEFAULT_CSS = """
    DrawnPlotPanel { height: auto; }
    """

    def __init__(self, drawings: dict[str, list[str]], ascii_only: bool, live: Callable[[], Any]) -> None:
        """`live` makes the live `PlotPanel` (the plotting code imported by then)."""
        super().__init__(classes="plot-panel")
        self.drawings = drawings
        self.live = live
        self.ascii_only = ascii_only
        self._live_asked = False

    def compose(self) -> ComposeResult:
        yield DrawnPlot(self.drawings, self.ascii_only)
        yield PlotCaption()

    def caption_for(self, size: tuple[int, int], width: int) -> str:
        """The caption recorded with the drawing at this size (`PlotCaption`)."""
        entry = self.drawings.get(_size(size))
        return entry[1] if entry else ""

    def on_mount(self) -> None:
        after = getattr(self.app, "after_first_paint", None)
        if after is None:
            self.go_live()
        else:
            after(self.go_live)

    def go_live(self) -> None:
        if not self._live_asked and self.is_attached:
            self._live_asked = True
            self._import_live()

    @work(thread=True, group="drawn-plot")
    def _import_live(self) -> None:
        from mfml_tui.ui import collector

        for name in LIVE_MODULES:
            # the step's own first frame (a lesson opened at start, after a first screen that went out early
            # under load) is made before the plotting code is imported, with the GIL to itself
            collector.wait_while_held(stop=lambda: not self.is_attached)
            importlib.import_module(name)
        with contextlib.suppress(Exception):  # the app is closing: nothing to swap
            self.app.call_from_thread(self._swap)

    async def _swap(self) -> None:
        """The live panel in this one's place (its caption made as it is laid out): one batched update."""
        parent = self.parent
        if parent is None or not self.is_attached:
            return
        live = self.live()
        with self.app.batch_update():
            await parent.mount(live, after=self)
            await self.remove()


def stored_panel(spec: PlotSpec, marker: str, app_theme: str, ascii_only: bool,
                 live: Callable[[], Any]) -> DrawnPlotPanel | None:
    """A `DrawnPlotPanel` if this plot was ever drawn with these settings (at any size), else None."""
    name = record_name(spec, marker, app_theme, ascii_only)
    drawings = read(name) if name is not None else {}
    return DrawnPlotPanel(drawings, ascii_only, live) if drawings else None

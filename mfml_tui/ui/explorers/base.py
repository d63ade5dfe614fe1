"""The shared frame of every explorer: a plot, a side panel, a status line and the key legend (one
line, or two when the explorer is narrow).

An explorer widget holds one immutable state model (from `mfml_tui.explore`) in the `state` reactive.
Key actions replace the state; a single watcher updates the texts and asks the plot to redraw. The
plot rebuilds its whole figure inside `render()` (the one safe way with plotext's global state).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from mfml_tui.plots.explorers import draw_explorer, look
from mfml_tui.plots.explorers import key as drawn_key
from mfml_tui.plots.style import ACCENT, Style
from mfml_tui.plots.style import MARKERS as FAMILIES
from mfml_tui.ui.ascii import asciify
from mfml_tui.ui.widgets.focus import focus_styles_descendants, restyle_alone
from mfml_tui.ui.widgets.plot import ThemedPlot, ascii_text, drawn_plot

MIN_W, MIN_H = 24, 8  # below this plotext draws garbage
# The character a named plotext marker draws, for a key beside the plot (braille draws 1-8 dots a cell).
GLYPHS = {"braille": "⠿", "dot": "•", "hd": "▚"}


def glyph_of(marker: str) -> str:
    """The printable character a plotext marker draws (a one-character marker is itself)."""
    return GLYPHS.get(marker, marker)


def key_text(*entries: tuple[str, str], gap: str = "  ", width: int | None = None) -> str:
    """A compact key, `⠿ f  • tangent  + secant`, from (marker or glyph, label) pairs.

    With `width` the entries wrap onto more lines (never inside an entry) to fit a side panel.
    """
    items = [f"{glyph_of(marker)} {label}" for marker, label in entries]
    return gap.join(items) if width is None else "\n".join(_fill(items, width, gap))


def _fill(items: list[str], width: int, gap: str = "  ") -> list[str]:
    """Items on as few lines as fit `width`, never broken inside an item."""
    lines: list[str] = []
    for item in items:
        if lines and cell_len(lines[-1]) + cell_len(gap) + cell_len(item) <= width:
            lines[-1] += gap + item
        else:
            lines.append(item)
    return lines


def wrap_keys(legend: str, width: int) -> list[str]:
    """The key legend on as few lines as fit `width`, broken only between entries (entries are
    separated by two or more spaces: `⏎ step  e to the end`), so no key is ever cut off."""
    if cell_len(legend) <= width:
        return [legend]
    return _fill([item for item in re.split(r" {2,}", legend.strip()) if item], width) or [""]


class KeyLegend(Static):
    """The explorer's keys under the plot: one line when it fits, else wrapped between entries."""

    def __init__(self, legend: str, **kwargs: Any) -> None:
        super().__init__(legend, markup=False, **kwargs)
        self.legend = legend

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap_keys(self.legend, width))

    def render(self) -> RenderResult:
        lines = wrap_keys(self.legend, self.size.width or 80)
        return Text("\n".join(lines), no_wrap=True, overflow="ellipsis")


Painter = Callable[[Any, int, int], None]


def ascii_only(widget: Widget) -> bool:
    """ASCII mode (`--ascii`, `LANG=C`): the app's tutor says so."""
    return bool(getattr(getattr(widget.app, "tutor", None), "ascii_only", False))


def as_shown(widget: Widget, text: str | Text) -> str | Text:
    """A text of an explorer as this terminal can show it (tables keep their columns)."""
    if not ascii_only(widget):
        return text
    return asciify(text, separators=True) if isinstance(text, str) else ascii_text(text)


class ExplorerPlot(ThemedPlot):
    """A PlotextPlot whose figure is built by `painter(plt, width, height)`.

    The figure is built again only when what it shows may differ: `redraw()` (the explorer's state
    moved), a new painter, size, theme, or `inputs()` (what else the painter reads: the marker setting).
    Textual also re-renders a widget whenever an ancestor's colours change: the explorer's border on every
    focus change, which rebuilt the plotext figure (≈20–50 ms) each time the learner entered or left it."""

    DEFAULT_CSS = """
    ExplorerPlot { width: 1fr; height: 1fr; }
    """

    def __init__(self, painter: Painter, *, inputs: Callable[[], Hashable] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.painter = painter
        self._inputs = inputs
        self._version = 0  # bumped by redraw()
        self._drawn: tuple[Hashable, RenderResult] | None = None

    def redraw(self) -> None:
        """The painter would draw something else now: build the figure again on the next render."""
        self._version += 1
        self.refresh()

    def render(self) -> RenderResult:
        w, h = self.size.width, self.size.height
        if w < MIN_W or h < MIN_H:
            return Text("Make the window larger to see the plot.", style="italic")
        key = (self.painter, self._version, w, h, self.app.theme,
               self._inputs() if self._inputs is not None else None)
        if self._drawn is not None and self._drawn[0] == key:
            return self._drawn[1]
        plt = self.plt
        plt.clear_figure()
        try:
            self.painter(plt, w, h)
        except Exception as error:  # noqa: BLE001 — a bad function must never take the app down
            plt.clear_figure()
            self._drawn = None
            return Text(str(as_shown(self, f"Cannot draw this: {error}")), style="bold red")
        drawn = drawn_plot(self, ascii_only(self))
        self._drawn = (key, drawn)
        return drawn

    def _get_plotext_theme_name(self, app_theme_name: str) -> str:
        # plotext's auto theme turns black on black with Textual's ansi-* themes
        if app_theme_name.startswith("ansi"):
            return "default"
        return super()._get_plotext_theme_name(app_theme_name)


class Explorer(Widget, can_focus=True):
    """Base class: subclasses set KIND, TITLE, LEGEND and BINDINGS, and implement side/status; the
    plot is drawn by `mfml_tui.plots.explorers` from the state alone (headless, like a lesson plot)."""

    DEFAULT_CSS = """
    Explorer {
        height: 21;
        min-height: 12;
        border: round $primary 50%;
        border-title-color: $text-muted;
    }
    Explorer:focus { border: round $accent; border-title-color: $accent; }
    Explorer > Horizontal { height: 1fr; }
    Explorer .side { width: 28; height: 1fr; padding-left: 1; overflow: hidden; }
    Explorer .status { height: 2; color: $text; }
    Explorer .legend { height: auto; max-height: 3; color: $text-muted; text-style: italic; }
    Explorer.-full { height: 1fr; }
    """

    KIND: ClassVar[str] = ""  #: the explorer kind: its drawing in `mfml_tui.plots.explorers.DRAWINGS`
    TITLE: ClassVar[str] = "Explorer"
    LEGEND: ClassVar[str] = ""
    SIDE_WIDTH: ClassVar[int] = 28

    state: reactive[Any] = reactive(None, always_update=True, layout=False, repaint=False)

    def __init__(self, state: Any, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(Explorer.state, state)
        self.border_title = self.TITLE

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield ExplorerPlot(self.paint, inputs=lambda: self.style.family)
            side = Static(classes="side")
            side.styles.width = self.SIDE_WIDTH
            yield side
        yield Static(classes="status")
        yield KeyLegend(str(as_shown(self, self.legend())), classes="legend")

    def _shown(self, text: str) -> str:
        """`text` as this terminal shows it (ASCII mode writes ×10⁻⁵ as *10^(-5)): side tables fit that."""
        return str(as_shown(self, text))

    def legend(self) -> str:
        """The key legend under the plot (LEGEND; an explorer in t says t₀ where LEGEND says x₀)."""
        return self.LEGEND

    def on_mount(self) -> None:
        self.border_title = str(as_shown(self, self.TITLE))
        self._say_how_to_play()
        self._show()

    def watch_has_focus(self, has_focus: bool) -> None:
        # Not on_focus: that handler runs before Widget._on_focus has set has_focus (subclass first).
        # Textual restyles the whole subtree (plot, panels, legend) in case a rule styles them by the
        # explorer's focus; none does, so only the explorer itself is (see `ui.widgets.focus`).
        if focus_styles_descendants(self):
            super().watch_has_focus(has_focus)
        else:
            restyle_alone(self)  # (its title colour: without repainting the plot and panels inside)
        self._say_how_to_play()

    def _say_how_to_play(self) -> None:
        """Inside a lesson the step keys own the keyboard until the learner hands it to the explorer."""
        # b leaves too (and sooner: a terminal holds a lone Esc back), unless the explorer uses b itself
        leave = "Esc to leave" if "b" in self._bindings.key_to_bindings else "b or Esc to leave"
        self.border_subtitle = str(as_shown(self, leave if self.has_focus else "press e to play"))

    def watch_state(self) -> None:
        if self.is_mounted:
            self._show()

    def _show(self) -> None:
        try:
            # the panels' sizes are fixed by the CSS: no layout pass (it would repaint the whole screen)
            self.query_one(".side", Static).update(as_shown(self, self.side()), layout=False)
            self.query_one(".status", Static).update(as_shown(self, self.status()), layout=False)
            self.query_one(ExplorerPlot).redraw()
        except NoMatches:  # not composed yet
            pass

    # -- for subclasses -------------------------------------------------------------------------------
    def paint(self, plt: Any, width: int, height: int) -> None:
        """Draw the state on `plt` (cleared) through the plots' canvas: `plots.explorers.draw_explorer`."""
        draw_explorer(self.KIND, self.state, plt, width=width, height=height, marker=self.style.family)

    def key_entries(self) -> list[tuple[str, str]]:
        """What the plot shows, as (marker or glyph, label) pairs: from the drawing, so they agree."""
        return drawn_key(self.KIND, self.style, self.state)

    def key(self, gap: str = "  ", width: int | None = None) -> str:
        """The key beside the plot (`⠿ f  • tangent`), wrapped to `width` when given."""
        return key_text(*self.key_entries(), gap=gap, width=width)

    def side(self) -> str | Text:
        return ""

    def status(self) -> str | Text:
        return ""

    # -- how series look: marker AND label, never colour alone (docs/plots.md) ----------------------------
    @property
    def style(self) -> Style:
        """The marker family of the learner's setting (`Style("ascii")` in ASCII mode)."""
        if ascii_only(self):
            return Style("ascii")
        chosen = getattr(getattr(self.app, "tutor", None), "marker", "braille")
        return Style(chosen if chosen in FAMILIES else "braille")

    def series(self, i: int) -> dict[str, Any]:
        """`marker=` and `color=` of line role i (`plots.explorers.look`: the drawing's own roles)."""
        return look.line(self.style, i)

    def spot(self, i: int, color: int = ACCENT) -> dict[str, Any]:
        """`marker=` and `color=` of the i-th kind of highlighted point (a start, a root, the data)."""
        return look.spot(self.style, i, color)

    def guide(self) -> dict[str, Any]:
        """`marker=` and `color=` of guide lines and level curves: the fine marker in grey."""
        return look.guide(self.style)

    def glyph(self, i: int) -> str:
        """The printable character of line marker i, for the key."""
        return glyph_of(self.style.line(i))

    def point_glyph(self, i: int) -> str:
        return self.style.point(i)

    def guide_glyph(self) -> str:
        return glyph_of(self.style.fine())

    def setting(self, key: str) -> str | None:
        """A stored setting (through the app's tutor or store), or None without one."""
        for owner, name in (
            (getattr(self.app, "tutor", None), "setting"),
            (getattr(self.app, "store", None), "get_setting"),
        ):
            getter = getattr(owner, name, None)
            if callable(getter):
                try:
                    return getter(key)
                except Exception:  # noqa: BLE001 — a settings read must never break an explorer
                    return None
        return None

    def set_setting(self, key: str, value: str) -> bool:
        """Store a setting through the app's tutor or store; False when there is nowhere to keep it."""
        for owner in (getattr(self.app, "tutor", None), getattr(self.app, "store", None)):
            setter = getattr(owner, "set_setting", None)
            if callable(setter):
                try:
                    setter(key, value)
                    return True
                except Exception:  # noqa: BLE001 — a settings write that fails means 'not kept'
                    return False
        return False


def zoom_keys(whole: str) -> list[Binding]:
    """i / o / 0: zoom in ×4, out ×4 on the newest step, and the whole `whole` ("range", "map") again."""
    return [
        Binding("i", "zoom(0.25)", "zoom in", show=False),
        Binding("o", "zoom(4)", "zoom out", show=False),
        Binding("0", "whole", f"whole {whole}", show=False),
    ]


class Stepping(Explorer):
    """An explorer that walks a method one step per key (Newton–Raphson, gradient descent): the state
    has `step`, `run_all`, `reset`, `zoom(factor)` and `whole`, and the keys are the same for all."""

    STEP_KEYS: ClassVar[list[Binding]] = [
        Binding("enter,space", "step", "step"),
        Binding("e,end", "run_all", "to the end"),
        Binding("r", "reset", "reset"),
    ]

    def action_step(self) -> None:
        self.state = self.state.step()

    def action_run_all(self) -> None:
        self.state = self.state.run_all()

    def action_reset(self) -> None:
        self.state = self.state.reset()

    def action_zoom(self, factor: float) -> None:
        """On the newest step: its window shrinks or grows about it (the state redraws what depends on it)."""
        self.state = self.state.zoom(float(factor))

    def action_whole(self) -> None:
        self.state = self.state.whole()

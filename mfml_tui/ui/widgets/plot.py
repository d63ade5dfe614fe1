"""A lesson's plot: a `PlotextPlot` that redraws its spec inside `render()`.

Following the stack's measured facts: the figure is rebuilt in `render()` only (plotting from watchers
corrupts plotext's global state), every series gets an explicit colour (the plots package does that), the
`ansi-*` themes switch plotext to its own default theme (otherwise black on black), and below
`plots.MIN_SIZE` a note replaces the plot because plotext draws garbage there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.worker import Worker, WorkerState
from textual_plotext import PlotextPlot

from mfml_tui.engine.memo import Memo
from mfml_tui.ui.ascii import asciify
from mfml_tui.ui.widgets import drawn as drawn_record
from mfml_tui.ui.widgets.drawn import AnsiPlot as AnsiPlot  # (their home: drawn.py, light)
from mfml_tui.ui.widgets.drawn import PlotCaption
from mfml_tui.ui.widgets.drawn import ascii_text as ascii_text

if TYPE_CHECKING:
    from mfml_tui.course.model import PlotSpec


def build_ansi(plot: PlotextPlot, size: tuple[int, int] | None = None) -> str:
    """What `PlotextPlot.render` builds (size, theme, figure), as plotext's ANSI text; at `size`, or the
    plot's own."""
    width, height = plot.size if size is None else size
    plt = plot.plt
    plt.plotsize(width, height)
    plt._set_size(width, height)  # textual-plotext does both (its issue #5)
    plt.theme(plot._get_plotext_theme_name(plot.app.theme))
    return plt.build()


def drawn_plot(plot: PlotextPlot, ascii_only: bool) -> Any:
    """The figure on `plot` as a renderable: the fast strips, or a Text turned ASCII cell for cell."""
    ansi = build_ansi(plot)
    return ascii_text(Text.from_ansi(ansi)) if ascii_only else AnsiPlot(ansi, plot.app.ansi_theme)


class ThemedPlot(PlotextPlot):
    """A `PlotextPlot` that lets go of the app's theme signal when it leaves the screen.

    textual-plotext's `on_mount` (and `SpecPlot`'s) subscribe the plot to `app.theme_changed_signal`, whose
    stored callbacks hold the widget strongly: without this, every plot a learner ever saw — its figure, its
    explorer, its screen — would stay in memory for as long as the app runs (≈2 MB a lesson visit).
    """

    def on_unmount(self) -> None:
        with contextlib.suppress(Exception):  # no app any more: nothing is left to hold the plot
            self.app.theme_changed_signal.unsubscribe(self)


FINISH_GROUP = "plot-finish"  # the worker doing a drawing's slow part (`SpecPlot._finish_later`)
DRAWN_CACHE_SIZE = 48  # a few lessons' plots at a couple of sizes: well under a megabyte
#: the app's one bounded, thread-safe LRU (warm-up workers build steps off the UI thread)
_DRAWN: Memo[tuple[Any, Any, str]] = Memo(DRAWN_CACHE_SIZE)  # (renderable, info, plotext's ANSI)
_RECORDED: set[tuple[Any, str]] = set()  # drawings written down (`drawn.py`) this run: (key, folder)


_spec_key = drawn_record.spec_key  # the spec's content as text (None: not cached)


class SpecPlot(ThemedPlot):
    """Draws one `PlotSpec` with `mfml_tui.plots.draw`; `info` holds what the drawing reported.

    A lesson plot is a pure function of its spec, its size, the marker and the theme, and plotext's build
    is most of a step's cost (w3-backpropagation's network: ≈100 ms a draw): the finished drawing is kept
    in a small LRU cache (`_DRAWN`), so a step seen again, or rebuilt after a resize back, costs nothing.
    Plots given a `state` (explorers, which redraw as keys move them) are never cached.
    """

    DEFAULT_CSS = """
    SpecPlot { height: 14; width: 1fr; }
    """

    marker: reactive[str] = reactive("dot")
    state: reactive[Any] = reactive(None, always_update=True)  # explorers and choice plots may pass state

    def __init__(self, spec: PlotSpec, *, marker: str = "dot", id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.spec = spec
        self.set_reactive(SpecPlot.marker, marker)
        self.info: Any = None
        self.problem: str | None = None
        self._caption: str | None = None
        self._finishing = False  # the slow part of the drawing is being done in a thread
        self._defer = True  # the slow part of a drawing may be done in a thread (`_finish_later`)
        self._to_record: tuple[Any, str] | None = None  # a finished drawing to write down: (key, ANSI)
        self._ahead: tuple[Any, Any, Any] | None = None  # drawn as laid out: (key, drawing, slow part)

    def on_mount(self) -> None:
        super().on_mount()
        self._follow_theme(self.app.theme)
        self.app.theme_changed_signal.subscribe(self, lambda theme: self._follow_theme(theme.name))
        if self.state is None and self._defer:
            from mfml_tui import plots

            # a step built ahead (not shown yet) starts its plot's slow part now, while the learner reads
            work = plots.slow_part(self.spec)
            if work is not None:
                self._finish_later([work])

    def _follow_theme(self, name: str) -> None:
        # textual-plotext's "auto" theme paints on the surface colour, which `ansi-*` themes leave empty.
        self.theme = "default" if name.startswith("ansi") else "auto"
        self.refresh()

    def render(self) -> Any:
        from mfml_tui import plots

        width, height = self.size
        min_w, min_h = getattr(plots, "MIN_SIZE", (24, 8))
        if width < min_w or height < min_h:
            return Text(f"Make the window larger to see this plot (it needs {min_w}x{min_h}).",
                        style="italic", justify="center")
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == self._ahead_key(width, height):
            drawn, deferred = ahead[1], ahead[2]  # drawn as the panel was laid out (`caption_at`)
        else:
            drawn, deferred = self._draw(width, height)
        self.call_after_refresh(self._publish_caption)
        if deferred:
            # drawn as it stands; the rest begins once this frame is out (a thread takes the GIL from it)
            self.call_after_refresh(self._finish_later, deferred)
        return drawn

    def _ahead_key(self, width: int, height: int) -> tuple[Any, ...]:
        return (width, height, self.marker, self.theme, self.app.theme, self._ascii_only)

    def _draw(self, width: int, height: int) -> tuple[Any, list[Callable[[], object]] | None]:
        """The figure at this size, and the slow part still to do (if any); sets `info` and `problem`."""
        from mfml_tui import plots

        key = None
        if self.state is None and (spec_key := _spec_key(self.spec)) is not None:
            key = (spec_key, width, height, self.marker, self.theme, self.app.theme, self._ascii_only)
            hit = _DRAWN.get(key)
            if hit is not None:
                self.problem = None
                drawn, self.info, ansi = hit
                self._note_drawing(key, ansi)
                return drawn, None
        plt = self.plt
        plt.clear_figure()
        deferred: list[Callable[[], object]] | None = [] if self.state is None and self._defer else None
        try:
            self.info = plots.draw(self.spec, plt, width=width, height=height, marker=self.marker,
                                   state=self.state, deferred=deferred)
            self.problem = None
        except Exception as error:  # noqa: BLE001 — a bad spec shows its message, never crashes the lesson
            self.problem = f"This plot cannot be drawn: {error}"
            self.info = None
            message = f"{self.problem}\n({self.spec.location})"
            return Text(asciify(message) if self._ascii_only else message, style="italic"), None
        ansi = build_ansi(self, (width, height))  # what textual-plotext's `render` builds
        drawn = drawn_record.drawn_text(ansi, self._ascii_only)
        if not deferred and key is not None:
            _DRAWN.put(key, (drawn, self.info, ansi))
            self._note_drawing(key, ansi)
        return drawn, deferred

    def caption_at(self, size: tuple[int, int], width: int | None) -> str:
        """The caption of the drawing at `size`, fitted to `width` cells, asked as the panel is laid out
        (`PlotCaption`): the figure is drawn now and kept for the `render` that follows in the same frame."""
        from mfml_tui import plots

        min_w, min_h = getattr(plots, "MIN_SIZE", (24, 8))
        if self.state is not None or size[0] < min_w or size[1] < min_h:
            return self._caption or ""  # (too small: the note, and the caption stays as it was)
        key = self._ahead_key(*size)
        if self._ahead is None or self._ahead[0] != key:
            self._ahead = (key, *self._draw(*size))
        self._caption = self._caption_text(width)
        return self._caption

    def _caption_text(self, width: int | None) -> str:
        if self.info is None or not hasattr(self.info, "text"):
            return ""
        # cells first: columns stay aligned; fitted to the caption's width (a table never wraps)
        return self.info.text(asciify if self._ascii_only else None, width=width)

    def _note_drawing(self, key: Any, ansi: str) -> None:
        """A lesson's plot, finished, is written down for the next launch (`drawn.py`), once its caption
        is known."""
        if isinstance(self.parent, PlotPanel) and (key, str(drawn_record.folder())) not in _RECORDED:
            self._to_record = (key, ansi)

    def _finish_later(self, work: list[Callable[[], object]]) -> None:
        """Run the drawing's slow part (a network's training: ~0.3–0.8 s) in a thread, then draw again: the
        step is on screen at once, its plot complete a moment later (the plots cache the work done)."""
        if not self._finishing:
            self._finishing = True
            self.run_worker(lambda: [job() for job in work], thread=True, group=FINISH_GROUP,
                            exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == FINISH_GROUP and event.worker.is_finished:
            self._finishing = False
            self._ahead = None  # a drawing made before the slow part was done
            self._defer = event.worker.state != WorkerState.ERROR  # failed: draw in place, showing why
            self.refresh()  # drawn whole now (the plots cached the work)

    @property
    def _ascii_only(self) -> bool:
        return bool(getattr(getattr(self.app, "tutor", None), "ascii_only", False))

    def _publish_caption(self) -> None:
        parent = self.parent
        text = self._caption_text(parent.caption_width() if isinstance(parent, PlotPanel) else None)
        if text != self._caption:
            self._caption = text
            if isinstance(parent, PlotPanel):
                parent.show_caption(text)
        if self._to_record is not None:
            (key, ansi), self._to_record = self._to_record, None
            name = drawn_record.record_name(self.spec, self.marker, self.app.theme, self._ascii_only)
            if name is not None:
                drawn_record.write(name, (key[1], key[2]), ansi, text)
                _RECORDED.add((key, str(drawn_record.folder())))


class PlotPanel(Vertical):
    """A plot and, under it, the short facts its drawing reported (f′(1) = 2, a table of steps…)."""

    DEFAULT_CSS = """
    PlotPanel { height: auto; }
    """

    def __init__(self, spec: PlotSpec, *, marker: str) -> None:
        super().__init__(classes="plot-panel")
        self.spec = spec
        self.marker = marker

    def compose(self) -> ComposeResult:
        yield SpecPlot(self.spec, marker=self.marker)
        yield PlotCaption()

    def caption_width(self) -> int | None:
        """Cells a caption line may use (the panel less the caption's padding), once laid out."""
        return _fitted(self.size.width - 2)

    def caption_for(self, size: tuple[int, int], width: int) -> str:
        """The caption of the drawing at `size` (`PlotCaption`, as it is laid out)."""
        return self.query_one(SpecPlot).caption_at(size, _fitted(width))

    def show_caption(self, text: str) -> None:
        self.query_one(PlotCaption).show(text)


def _fitted(width: int) -> int | None:
    """The width a caption is fitted to (None: too narrow to fit a table: lines are cropped)."""
    return width if width > 20 else None

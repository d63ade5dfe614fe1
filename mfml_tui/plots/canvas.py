"""Drawing scaffolding over plotext: one code path for the `plotext` module and a textual-plotext `Plot`.

Both expose `main()`, `clear_figure()`, `subplots()` and `subplot()`, and `subplot(r, c)` returns the
panel's figure object on which `plot`/`scatter`/`text` act directly. We always draw through those
panel objects (never module-level `plt.plot`), so there is no hidden "active figure" to go wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from . import fast_plotext
from .base import MAX_SAMPLES, NOTHING_DRAWN, fmt
from .style import _POINT_MARKERS, GUIDE, Style

POINT_GLYPHS = {g for family in _POINT_MARKERS.values() for g in family}


MIN_PANEL_ROWS = 4  # rows of plot a panel needs to show a curve's shape
PANEL_FRAME = 5  # rows a panel spends on its frame, x ticks, and a legend or title
MIN_PANEL_COLS = 24
DEDUPE_FROM = 64  # a scatter series with more points is handed to plotext with one point per pixel


def _flow(text: str, widths: list[int]) -> list[str]:
    """`text`'s words filled into lines of these widths in turn (the last takes what is left, cut by
    `Panel.title` if it must be)."""
    words, parts = text.split(), []
    for width in widths[:-1]:
        line = ""
        while words and len(f"{line} {words[0]}".strip()) <= width:
            line = f"{line} {words.pop(0)}".strip()
        parts.append(line)
    return [*parts, " ".join(words)]


def _shares(total: int, n: int) -> list[int]:
    """`total` cells in `n` parts that differ by at most one and add up exactly."""
    return [total // n + (1 if k < total % n else 0) for k in range(n)]


class Canvas:
    """The whole figure: cleared, sized, split into panels."""

    def __init__(self, plt, width: int, height: int, style: Style, theme: str | None = None,
                 legend: bool = True) -> None:
        fast_plotext.install()  # plotext's canvas text built in one join (same text, less time)
        self.plt = plt
        self.legend = legend
        self.width, self.height = int(width), int(height)
        self.style = style
        self.theme = theme
        master = plt.main() if hasattr(plt, "main") else plt  # module: make the master active first
        plt.clear_figure()
        # plotext otherwise shrinks a figure to the terminal it imagines it runs in.
        if hasattr(plt, "limit_size"):
            plt.limit_size(False, False)
        elif hasattr(master, "_limit_size"):
            master._limit_size(False, False)
        plt.plotsize(self.width, self.height)
        self.panels: list[Panel] = []
        self.notes: list[str] = []  # what `finish` reported (hidden series, nothing drawn)
        #: None: draw everything now. A list: a kind may draw without its slow part (a network not trained
        #: yet) and append the work that finishes it, to be run off the UI thread before drawing again.
        self.deferred: list[Callable[[], object]] | None = None

    def split(self, rows: int = 1, cols: int = 1) -> list[Panel]:
        """Panels in reading order, each sized exactly (plotext's own split rounds unevenly).

        Panels asked one above the other that would get fewer than MIN_PANEL_ROWS rows of plot each
        (f, f′ and f″ on a lesson's 14 rows) are put side by side instead, when that leaves them wide
        enough: the order, and so the caller's code, is the same."""
        self.side_by_side = False
        if cols == 1 and rows > 1 and self.height // rows < MIN_PANEL_ROWS + PANEL_FRAME \
                and self.width // rows >= MIN_PANEL_COLS:
            rows, cols = 1, rows
            self.side_by_side = True
        self.plt.subplots(rows, cols)
        self.grid = (rows, cols)
        widths, heights = _shares(self.width, cols), _shares(self.height, rows)
        self.panels = []
        for r in range(rows):
            for c in range(cols):
                fig = self.plt.subplot(r + 1, c + 1)
                fig.plotsize(widths[c], heights[r])
                self.panels.append(Panel(fig, widths[c], heights[r], self.style))
        for p in self.panels:
            p.legend = self.legend
        return self.panels

    def finish(self) -> list[str]:
        if getattr(self, "side_by_side", False) and any(p._title for p in self.panels):
            first, *others = self.panels
            if first._title.endswith("…") and not any(p._title for p in others):
                # one title over panels put side by side: its words run on across them, where the first
                # panel alone cut it ("A car speeds up from rest, then brak…")
                for p, part in zip(self.panels, _flow(first._full_title, [p.width - 2 for p in self.panels]),
                                   strict=True):
                    p.title(part)
            for p in self.panels:  # one title row on every panel of the row, or their frames go out of line
                p.title(p._title or "\u2800")  # a blank plotext keeps (it drops spaces)
        self._same_rows()
        notes = self.notes = [n for p in self.panels for n in p.finish()]
        if self.panels and not any(len(xs) for p in self.panels for _, xs, _, _ in p._series):
            notes.append(NOTHING_DRAWN)  # `lessons check` reports it: an empty frame is not a plot
        if self.theme:
            for p in self.panels:
                p.fig.theme(self.theme)
        return notes


    def _same_rows(self) -> None:
        """Panels one above the other get the same rows of plot: a title, an axis label or a legend
        below the frame is paid for by its own panel's share, so f and f′ = f (eˣ) drawn in two panels
        are the same picture, not 10 rows against 11. Rows the equal shares leave over stay blank
        below the last panel."""
        rows, cols = getattr(self, "grid", (1, 1))
        if cols != 1 or rows < 2 or len(self.panels) != rows:
            return
        fixed = [3 + (1 if p._title else 0) + (1 if p._lowbar else 0) for p in self.panels]
        extra = list(fixed)
        for _ in range(3):  # a legend may leave the frame at the new height: plan again (twice at most)
            each = (self.height - sum(extra)) // rows
            if each < 1:
                return
            for p, e in zip(self.panels, extra, strict=True):
                p.height = each + e
                p.fig.plotsize(p.width, p.height)
            outside = [f + p.legend_rows() for p, f in zip(self.panels, fixed, strict=True)]
            if outside == extra:
                return
            extra = outside


def curve_pieces(xs, ys, lo: float, hi: float):
    """The drawable runs of a graph for the y window [lo, hi]: broken where it is undefined and at poles
    (a jump of more than twice the window between neighbours), clamped near the window, and only the
    runs that show in it. (plotext joins every point it is given: nan or 1e16 would draw a wall.)"""
    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    if xs.size == 0:
        return
    span = (hi - lo) if math.isfinite(hi - lo) and hi > lo else 1.0
    ok = np.isfinite(xs) & np.isfinite(ys)
    jump = np.zeros(xs.size, dtype=bool)
    if xs.size > 1:
        with np.errstate(invalid="ignore"):
            jump[1:] = np.abs(np.diff(ys)) > 2 * span
    yc = np.clip(ys, lo - span, hi + span)
    start = None
    for i in range(xs.size + 1):
        live = i < xs.size and ok[i] and not (start is not None and jump[i])
        if live and start is None:
            start = i
        elif not live and start is not None:
            seg = slice(start, i)
            if ((yc[seg] >= lo) & (yc[seg] <= hi)).any():
                yield xs[seg], yc[seg]
            start = i if (i < xs.size and ok[i]) else None


class Panel:
    """One plotting area. Tracks series so that markers, colours and limits stay consistent."""

    def __init__(self, fig, width: int, height: int, style: Style) -> None:
        self.fig = fig
        self.style = style
        self.width, self.height = width, height
        self.x_range: tuple[float, float] | None = None
        self.y_range: tuple[float, float] | None = None
        self._title = self._full_title = ""
        self.n_lines = 0
        self.n_points = 0
        self._series: list[tuple[str, list[float], list[float], dict]] = []
        self._texts: list[tuple[tuple, dict]] = []
        self._lowbar = False  # an axis label below the frame takes a row
        self.data_size = (0, 0)  # rows, columns of the data area, known once finished
        self.legend_inside = False  # the legend was placed in a corner of the data area
        self.legend = True  # False: the same drawing without its legend (the render check compares)
        self.graphs: list[tuple[str, np.ndarray, np.ndarray]] = []  # each function's samples, for the check
        self.levels_asked = 0  # level curves asked for and drawn (visible), for the check
        self.levels_drawn = 0
        self.tick_labels: dict[str, list[str]] = {"x": [], "y": []}  # as printed, for the check
        self.axis_names: list[str] = []

    # -- geometry -----------------------------------------------------------------------------
    @property
    def cols(self) -> int:
        """Approximate character columns of the data area (y tick labels and frame removed)."""
        return max(4, self.width - 9)

    @property
    def rows(self) -> int:
        return max(2, self.height - 4 - (1 if self._title else 0))

    def pixels(self, fine: bool = True) -> tuple[int, int]:
        sx, sy = self.style.subcells if fine else (1, 1)
        return self.cols * sx, self.rows * sy

    def samples(self) -> int:
        return int(min(MAX_SAMPLES, max(50, 2 * self.pixels()[0])))

    def screen_vector(self, dx: float, dy: float) -> tuple[float, float]:
        """Data-space direction → screen direction (a cell is about twice as tall as wide)."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return dx / (x1 - x0) * self.cols, dy / (y1 - y0) * self.rows * 2.0

    # -- settings -------------------------------------------------------------------------------
    def limits(self, x_range=None, y_range=None) -> None:
        if x_range is not None:
            self.x_range = (float(x_range[0]), float(x_range[1]))
        if y_range is not None:
            lo, hi = float(y_range[0]), float(y_range[1])
            if not hi > lo:
                lo, hi = lo - 1, hi + 1
            self.y_range = (lo, hi)

    def title(self, text: str) -> None:
        self._full_title = text
        if text and len(text) > self.width - 2:  # plotext drops a title that does not fit, keeping its row
            text = text[: max(1, self.width - 3)] + "…"
        self._title = text
        if text:
            self.fig.title(text)

    def labels(self, x: str = "", y: str = "") -> None:
        self._lowbar = self._lowbar or bool(x or y)
        self.axis_names += [t for t in (x, y) if t]
        if x:
            self.fig.xlabel(x)
        if y:
            self.fig.ylabel(y)

    def finish(self) -> list[str]:
        """Set limits and ticks, then hand the recorded series to plotext; place the legend where no data
        is; returns notes about hidden series.

        Series are recorded and drawn last because plotext's legend breaks on a labelled series with
        no point inside the window (an IndexError inside build), and limits are often known only
        after all curves have been sampled. plotext would put the legend in the top-left corner over
        whatever is there: we draw it ourselves in the emptiest corner, or below the frame.
        """
        notes: list[str] = []
        self._settle_ranges()
        self.fig.xlim(*self.x_range)
        self.fig.ylim(*self.y_range)
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        entries: list[tuple[str, str, object]] = []  # (glyph, label, colour)
        calls = []  # handed to plotext once the legend has settled the data area (plotext draws all
        # series under all texts, whichever it is given first)
        for method, xs, ys, kw in self._series:
            label = kw.get("label")
            if label:
                ax, ay = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
                seen = ((ax >= x0) & (ax <= x1) & (ay >= y0) & (ay <= y1)).any() if ax.size else False
                if not seen:
                    notes.append(f"{label}: outside the plotted range")
                elif label not in [e[1] for e in entries]:
                    entries.append((_glyph(kw.get("marker")), label, kw.get("color")))
                kw = {**kw, "label": None}
            if len(xs):
                calls.append((method, xs, ys, kw))
        rows, cols, ticks = self._tick_plan()
        rows, cols = self.data_size = (max(0, rows), max(0, cols))
        marked = self._marked_cells(rows, cols)
        for args, kw in self._texts:
            if kw.get("yields") and self._cell(args[1], args[2], rows, cols) in marked:
                continue  # an arrow never hides a marked point (a minimum's ●)
            self.fig.text(*args, **{k: v for k, v in kw.items() if k != "yields"})
        if entries:
            self._legend(entries, rows, cols)
        for method, xs, ys, kw in calls:
            if method == "scatter" and len(xs) > DEDUPE_FROM:
                by_cell = self._one_per_cell(xs, ys, kw, *self.data_size)
                if by_cell is not None:
                    xs, ys, kw = by_cell
                else:
                    xs, ys = self._one_per_pixel(xs, ys, kw.get("marker"), *self.data_size)
            getattr(self.fig, method)(list(xs), list(ys), **kw)
        self._ticks(ticks)  # after the series: plotext labels a tiny panel's ticks by that order
        return notes

    def _one_per_pixel(self, xs, ys, marker, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
        """A scatter series with one point per pixel plotext draws (its own rounding, at the marker's
        resolution: braille 2×4 a cell), in their order: the same picture, and plotext's build costs by
        the point (an explorer's level curves gave it 3000 points for ~600 pixels on every key)."""
        ax, ay = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        ok = np.isfinite(ax) & np.isfinite(ay)
        if rows < 1 or cols < 1 or not ok.any():
            return ax[ok], ay[ok]
        ax, ay = ax[ok], ay[ok]
        sx, sy = {"braille": (2, 4), "hd": (2, 2), "fhd": (2, 3)}.get(marker, (1, 1))
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        c = np.floor(np.round(0.5 + (cols * sx - 1) * (ax - x0) / (x1 - x0), 8))
        r = np.floor(np.round(0.5 + (rows * sy - 1) * (ay - y0) / (y1 - y0), 8))
        inside = (c >= 0) & (c < cols * sx) & (r >= 0) & (r < rows * sy)
        ax, ay, c, r = ax[inside], ay[inside], c[inside], r[inside]
        _, first = np.unique(r * (cols * sx) + c, return_index=True)
        first.sort()
        return ax[first], ay[first]

    def _one_per_cell(self, xs, ys, kw, rows: int, cols: int):
        """A braille (or hd) scatter series as plotext would draw it, one point per cell carrying the
        cell's character: (xs, ys, kw) with `marker` a list of characters, or None to leave it to plotext.

        plotext places every dot of such a series through half a dozen Python loops (pixel, dedupe,
        marker size, cell grouping, window) before it writes ~2.5 dots a cell; here the dots go to
        cells on arrays with plotext's own arithmetic (`fast_plotext.pixels`, `cells`, its glyph table)
        and plotext writes one character a cell: the same cells, characters and colours (the series'
        one colour). Only with fast_plotext installed: tests compare the text with plotext's own."""
        from . import fast_plotext as fp

        size = {"braille": (2, 4), "hd": (2, 2), "fhd": (2, 3)}.get(kw.get("marker"))
        if size is None or rows < 2 or cols < 2 or isinstance(kw.get("color"), list) or not fp.installed():
            return None
        sx, sy = size
        ax, ay = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        px, py = fp.pixels(ax, x0, x1, cols * sx), fp.pixels(ay, y0, y1, rows * sy)
        if px is None or py is None:
            return None  # a value plotext's own must judge (nan, far outside)
        inside = (px >= 0) & (px < cols * sx) & (py >= 0) & (py < rows * sy)
        if not inside.any():
            return None
        cx, cy, bits = fp.cells(px[inside], py[inside], sx, sy)
        # a point plotext puts in cell (cx, cy) when drawn one character a cell: the cell's centre
        cxs = x0 + cx * ((x1 - x0) / (cols - 1))
        cys = y0 + cy * ((y1 - y0) / (rows - 1))
        back_x, back_y = fp.pixels(cxs, x0, x1, cols), fp.pixels(cys, y0, y1, rows)
        if back_x is None or back_y is None or not np.array_equal(back_x, cx) \
                or not np.array_equal(back_y, cy):
            return None
        return cxs, cys, {**kw, "marker": fp.glyphs(bits, sx, sy)}

    def _settle_ranges(self) -> None:
        """x and y ranges from the series when the kind set none (the same every time it is asked)."""
        if self.x_range is None:
            xs = [v for s in self._series for v in s[1]]
            self.x_range = (min(xs), max(xs)) if xs else (-1.0, 1.0)
            if self.x_range[0] == self.x_range[1]:
                self.x_range = (self.x_range[0] - 1, self.x_range[1] + 1)
        if self.y_range is None:
            self.y_range = auto_range([np.asarray(s[2]) for s in self._series])

    def legend_rows(self) -> int:
        """Rows a legend that finds no free corner takes outside the frame (0 when it goes inside):
        `Canvas` plans stacked panels' heights with it, so each keeps the same rows of plot."""
        self._settle_ranges()
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        labels: list[str] = []
        for _method, xs, ys, kw in self._series:
            label = kw.get("label")
            if label and label not in labels and len(xs):
                ax, ay = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
                if ((ax >= x0) & (ax <= x1) & (ay >= y0) & (ay <= y1)).any():
                    labels.append(label)
        if not labels:
            return 0
        rows, cols, _ = self._tick_plan()
        if self.legend_corner([("", label, None) for label in labels], rows, cols) is not None:
            return 0
        lines = self._legend_lines([("x", label) for label in labels])
        return (0 if self._lowbar else 1) + (len(lines) == 2)

    # -- ticks and legend -------------------------------------------------------------------------
    def _tick_plan(self) -> tuple[int, int, tuple[list[float], list[str]]]:
        """The data area's rows and columns and the y ticks, as `_ticks` will set them (nothing drawn)."""
        (y0, y1) = self.y_range
        rows = self.height - 3 - (1 if self._title else 0) - (1 if self._lowbar else 0)
        yt = nice_ticks(y0, y1, max(2, min(8, rows // 3 + 1)))
        ylab = [fmt(v, 4, scale=_step(yt)) for v in yt]
        cols = self.width - 2 - max((len(t) for t in ylab), default=0)
        return rows, cols, (yt, ylab)

    def _ticks(self, plan: tuple[list[float], list[str]]) -> None:
        """Tick values in 1-2-5 steps (never plotext's 94.2, 16.3), labels by the one formatter (the y
        ticks as `_tick_plan` planned them)."""
        (x0, x1) = self.x_range
        yt, ylab = plan
        self.fig.yticks(yt, ylab)
        cols = self.width - 2 - max((len(t) for t in ylab), default=0)
        xt = nice_ticks(x0, x1, max(2, min(9, cols // 11 + 1)))
        xlab = [fmt(v, 4, scale=_step(xt)) for v in xt]
        self.fig.xticks(xt, xlab)
        self.tick_labels = {"x": xlab, "y": list(ylab)}

    def captions(self) -> list[str]:
        """Every text the panel writes besides its ticks: title, legend labels, texts, axis names."""
        labels = [kw["label"] for _, _, _, kw in self._series if kw.get("label")]
        return [self._title, *labels, *(args[0] for args, _ in self._texts), *self.axis_names]

    def _cell(self, x: float, y: float, rows: int, cols: int) -> tuple[int, int]:
        """The data-area cell (row from the bottom, column) of a point: plotext's own rounding."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        c = math.floor(round(0.5 + (cols - 1) * (x - x0) / (x1 - x0), 8))
        r = math.floor(round(0.5 + (rows - 1) * (y - y0) / (y1 - y0), 8))
        return r, c

    def occupied(self, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
        """Cells that hold data (series and texts) and cells that hold a marked point."""
        used = np.zeros((max(rows, 1), max(cols, 1)), dtype=bool)
        marked = np.zeros_like(used)
        if rows < 1 or cols < 1:
            return used, marked
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        for method, xs, ys, kw in self._series:
            ax, ay = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
            if not ax.size:
                continue
            c = np.floor(np.round(0.5 + (cols - 1) * (ax - x0) / (x1 - x0), 8))
            r = np.floor(np.round(0.5 + (rows - 1) * (ay - y0) / (y1 - y0), 8))
            if method == "plot" and ax.size > 1:  # the cells between samples too (vectorised)
                dc, dr = np.diff(c), np.diff(r)
                n = np.nan_to_num(np.maximum(np.abs(dc), np.abs(dr))).clip(1, 4 * (rows + cols)).astype(int)
                seg = np.repeat(np.arange(n.size), n)
                t = (np.arange(seg.size) - np.repeat(np.cumsum(n) - n, n)) / np.repeat(n, n)
                c = np.round(np.append(c[:-1][seg] + t * dc[seg], c[-1]))
                r = np.round(np.append(r[:-1][seg] + t * dr[seg], r[-1]))
            ok = (c >= 0) & (c < cols) & (r >= 0) & (r < rows)
            used[r[ok].astype(int), c[ok].astype(int)] = True
            if method == "scatter" and _glyph(kw.get("marker")) in POINT_GLYPHS:
                marked[r[ok].astype(int), c[ok].astype(int)] = True
        for (label, tx, ty), kw in self._texts:
            r, c = self._cell(tx, ty, rows, cols)
            n = len(label)
            align = kw.get("alignment")
            c0 = c - n // 2 if align == "center" else c - n + 1 if align == "right" else c
            if 0 <= r < rows:
                used[r, max(0, c0):max(0, min(cols, c0 + n))] = True
        return used, marked

    def legend_corner(self, entries, rows: int, cols: int) -> str | None:
        """The corner whose box the legend would cover least (None: no corner is free of data)."""
        h, w = len(entries), max(len(label) for _, label, _ in entries) + 4
        if h + 1 > rows or w + 2 > cols:
            return None
        used, marked = self.occupied(rows, cols)
        best = None
        for name in ("top-left", "top-right", "bottom-left", "bottom-right"):
            r0 = rows - h if name.startswith("top") else 0
            c0 = 0 if name.endswith("left") else cols - w
            box = (slice(r0, r0 + h), slice(c0, c0 + w))
            if marked[box].any():
                continue
            cost = int(used[box].sum())
            if cost <= LEGEND_FEW and (best is None or cost < best[0]):
                best = (cost, name)
        return best[1] if best else None

    def _legend_lines(self, entries: list[tuple[str, str]]) -> list[str]:
        """A legend outside the frame: its entries on one line (two when there is no title), and when they
        do not fit, the longest labels shortened with "…" first (a long `levels of f = …` formula), so
        every entry keeps its glyph and the start of its label: the marked point's ✛ is never cut off."""
        room = self.width - 2
        most = 1 if self._title else 2
        labels = [label for _, label in entries]
        # a label keeps at least 12 characters, or its share of a line holding many (5 entries at 80
        # columns: the last was cut to its glyph, "● mi…")
        per_line = -(-len(entries) // most)
        floor = max(4, min(12, (room - 3 * (per_line - 1)) // max(per_line, 1) - 3))

        def pack() -> tuple[list[str], list[int]]:
            lines, where = [""], []  # where: the line of each entry
            for glyph, label in zip((g for g, _ in entries), labels, strict=True):
                piece = f"{glyph} {label}"
                joined = f"{lines[-1]}   {piece}" if lines[-1] else piece
                if len(joined) <= room or not lines[-1]:
                    lines[-1] = joined
                elif len(lines) < most:
                    lines.append(piece)
                else:
                    lines[-1] = joined
                where.append(len(lines) - 1)
            return lines, where

        lines, where = pack()
        while any(len(t) > room for t in lines):
            worst = max(range(len(lines)), key=lambda i: len(lines[i]))  # shorten a label on that line
            k = max((i for i in range(len(labels)) if where[i] == worst), key=lambda i: len(labels[i]))
            over = len(lines[worst]) - room
            keep = max(floor, len(labels[k]) - over - 1)
            if keep >= len(labels[k]) - 1:  # nothing long left to shorten: cut the line's end
                break
            labels[k] = labels[k][:keep].rstrip() + "…"
            lines, where = pack()
        return [t if len(t) <= room else t[: room - 1] + "…" for t in lines]

    def _legend(self, entries, rows: int, cols: int) -> None:
        corner = self.legend_corner(entries, rows, cols)
        if corner is None:  # outside the frame (below it, and above it when there is no title)
            lines = self._legend_lines([(g, label) for g, label, _ in entries])
            hide = (lambda t: t) if self.legend else (lambda t: "." * len(t))  # the same rows either way
            if len(lines) == 2:
                self.fig.title(hide(lines[0]))
            self.fig.xlabel(hide(lines[-1]))
            self.data_size = (rows - (0 if self._lowbar else 1) - (len(lines) == 2), cols)
            return
        self.legend_inside = True
        if not self.legend:
            return
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        w = max(len(label) for _, label, _ in entries) + 4
        c0 = 0 if corner.endswith("left") else cols - w
        for k, (glyph, label, colour) in enumerate(entries):
            r = rows - 1 - k if corner.startswith("top") else len(entries) - 1 - k
            ty = y0 + r * (y1 - y0) / max(1, rows - 1)
            tx = x0 + c0 * (x1 - x0) / max(1, cols - 1)
            self.fig.text(" " + " " * len(glyph) + " " + label.ljust(w - 3 - len(glyph)), tx, ty,
                          color="default", alignment="left")
            tx = x0 + (c0 + 1) * (x1 - x0) / max(1, cols - 1)
            self.fig.text(glyph, tx, ty, color=colour if colour is not None else "default", alignment="left")

    # -- series ---------------------------------------------------------------------------------
    def next_line(self) -> tuple[str, int]:
        i = self.n_lines
        self.n_lines += 1
        return self.style.line(i), self.style.colour(i)

    def next_point(self) -> tuple[str, int]:
        i = self.n_points
        self.n_points += 1
        return self.style.point(i), self.style.colour(i + 5)

    def _add(self, method: str, xs, ys, **kw) -> None:
        if method == "plot" and self.x_range and self.y_range:
            # plotext rasterises every pixel of a line, so a path that ran off to 1e12 would take all
            # memory: keep only what lies in a margin around the window, cut exactly at its edge.
            pieces = clip_polyline(xs, ys, _margin(self.x_range), _margin(self.y_range))
            for k, (px, py) in enumerate(pieces):
                self._series.append((method, px, py, kw if k == 0 else {**kw, "label": None}))
            return
        self._series.append((method, [float(v) for v in xs], [float(v) for v in ys], kw))

    def curve(self, xs, ys, label: str = "", marker: str | None = None, color=None) -> None:
        """A function's graph: broken at undefined points and at poles, clamped near the window so
        plotext never interpolates a line to 1e16 (it would draw every pixel in between).
        Needs `y_range` set first (see `auto_range`)."""
        if marker is None or color is None:
            m, c = self.next_line()
            marker = marker or m
            color = color if color is not None else c
        self.graphs.append((label, np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)))
        pieces = list(self._pieces(xs, ys))
        for k, (px, py) in enumerate(pieces):
            self._add("plot", px, py, marker=marker, color=color, label=(label or None) if k == 0 else None)

    def _pieces(self, xs, ys):
        ys = np.asarray(ys, dtype=float)
        if self.y_range:
            lo, hi = self.y_range
        else:
            fin = ys[np.isfinite(ys)]
            lo, hi = (float(fin.min()), float(fin.max())) if fin.size else (-1.0, 1.0)
        yield from curve_pieces(xs, ys, lo, hi)

    def segment(self, p, q, *, marker: str | None = None, color=GUIDE, label: str | None = None) -> None:
        self._add(
            "plot", [p[0], q[0]], [p[1], q[1]], marker=marker or self.style.fine(), color=color, label=label
        )

    def polyline(self, xs, ys, *, marker: str, color, label: str | None = None) -> None:
        self._add("plot", xs, ys, marker=marker, color=color, label=label)

    def points(self, xs, ys, label: str = "", marker: str | None = None, color=None) -> None:
        if marker is None or color is None:
            m, c = self.next_point()
            marker = marker or m
            color = color if color is not None else c
        xs = np.atleast_1d(np.asarray(xs, dtype=float))
        ys = np.atleast_1d(np.asarray(ys, dtype=float))
        ok = np.isfinite(xs) & np.isfinite(ys)
        if ok.any():
            self._add("scatter", xs[ok], ys[ok], marker=marker, color=color, label=label or None)

    def cloud(self, xs, ys, *, marker: str, color, label: str | None = None) -> None:
        """Many points (level curves, shading), already deduplicated."""
        if len(xs):
            self._add("scatter", xs, ys, marker=marker, color=color, label=label)

    def hline(self, y: float, color=GUIDE) -> None:
        self.fig.horizontal_line(float(y), color=color)

    def vline(self, x: float, color=GUIDE) -> None:
        self.fig.vertical_line(float(x), color=color)

    def text(self, label: str, x: float, y: float, color=None, alignment: str = "left",
             yields: bool = False) -> None:
        """`label` at (x, y); with `yields` it is left out where a marked point (●) is drawn."""
        if math.isfinite(x) and math.isfinite(y):
            kw = {"color": color if color is not None else "default", "alignment": alignment}
            if yields:
                kw["yields"] = True
            self._texts.append(((label, float(x), float(y)), kw))

    def _marked_cells(self, rows: int, cols: int) -> set[tuple[int, int]]:
        """Cells holding a marked point (● ◆ … drawn as one glyph): texts keep off them."""
        cells = set()
        for method, xs, ys, kw in self._series:
            if method == "scatter" and kw.get("marker") in POINT_GLYPHS:
                for x, y in zip(xs, ys, strict=False):
                    if math.isfinite(x) and math.isfinite(y):
                        r, c = self._cell(x, y, rows, cols)
                        # and the cells around it: a text may round to the next column or row
                        cells.update((r + i, c + j) for i in (-1, 0, 1) for j in (-1, 0, 1))
        return cells

    def arrow(self, x: float, y: float, dx: float, dy: float, color=None, yields: bool = False) -> str:
        sx, sy = self.screen_vector(dx, dy)
        glyph = self.style.arrow(sx, sy)
        self.text(glyph, x, y, color=color, alignment="center", yields=yields)
        return glyph

    def inside(self, x: float, y: float) -> bool:
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return x0 <= x <= x1 and y0 <= y <= y1


def _margin(r: tuple[float, float]) -> tuple[float, float]:
    span = r[1] - r[0] if r[1] > r[0] else 1.0
    return r[0] - span, r[1] + span


def clip_polyline(xs, ys, xr: tuple[float, float], yr: tuple[float, float]) -> list[tuple[list, list]]:
    """The parts of a polyline inside the box xr × yr (Liang–Barsky on each segment); non-finite
    points break the line."""
    pieces: list[tuple[list, list]] = []
    cur_x: list[float] = []
    cur_y: list[float] = []

    def flush() -> None:
        nonlocal cur_x, cur_y
        if len(cur_x) >= 2 or (len(cur_x) == 1 and len(xs) == 1):
            pieces.append((cur_x, cur_y))
        cur_x, cur_y = [], []

    pts = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
    if len(pts) == 1:
        x, y = pts[0]
        inside = xr[0] <= x <= xr[1] and yr[0] <= y <= yr[1]
        return [([x], [y])] if inside else []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
            flush()
            continue
        t0, t1 = 0.0, 1.0
        dx, dy = x1 - x0, y1 - y0
        visible = True
        for p, q in ((-dx, x0 - xr[0]), (dx, xr[1] - x0), (-dy, y0 - yr[0]), (dy, yr[1] - y0)):
            if p == 0:
                if q < 0:
                    visible = False
                    break
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                visible = False
                break
        if not visible:
            flush()
            continue
        # the ends exactly when uncut: x0 + 1.0·(x1 − x0) may differ from x1 in the last bit, which
        # would break a curve into pieces at every sample
        ax, ay = (x0, y0) if t0 == 0 else (x0 + t0 * dx, y0 + t0 * dy)
        bx, by = (x1, y1) if t1 == 1 else (x0 + t1 * dx, y0 + t1 * dy)
        if not cur_x or t0 > 0 or (cur_x[-1], cur_y[-1]) != (ax, ay):
            flush()
            cur_x, cur_y = [ax], [ay]
        cur_x.append(bx)
        cur_y.append(by)
        if t1 < 1:
            flush()
    flush()
    return pieces


def auto_range(values: Sequence[np.ndarray], pad: float = 0.06, poles: bool = True) -> tuple[float, float]:
    """A y range that shows the curves, ignoring the few samples next to a pole (1/x, tan x);
    `poles=False` keeps every finite sample (an explorer's steep polynomial must keep its ends)."""
    vals = np.concatenate([np.asarray(v, dtype=float).ravel() for v in values]) if values else np.empty(0)
    vals = vals[np.isfinite(vals)]
    if vals.size == 0:
        return -1.0, 1.0
    lo, hi = float(vals.min()), float(vals.max())
    qlo, qhi = (float(q) for q in np.quantile(vals, [0.02, 0.98]))
    qspan = qhi - qlo
    if poles and qspan > 0 and (hi - lo) > 4 * qspan:  # a pole: keep the bulk of the curve in view
        lo, hi = qlo - 0.5 * qspan, qhi + 0.5 * qspan
        lo, hi = max(lo, float(vals.min())), min(hi, float(vals.max()))
    if hi - lo < 1e-12 * max(1.0, abs(hi)):
        return lo - 1.0, hi + 1.0
    d = (hi - lo) * pad
    return lo - d, hi + d



def nice_ticks(lo: float, hi: float, most: int = 7) -> list[float]:
    """At most `most` tick values inside [lo, hi] in steps of 1, 2 or 5 × 10ⁿ (0 when it is in range)."""
    span = hi - lo
    if not (math.isfinite(span) and span > 0):
        return [lo]
    most = max(2, most)
    raw = span / (most - 1)
    p = 10.0 ** math.floor(math.log10(raw))
    steps = sorted(m * q for q in (p / 10, p, p * 10, p * 100) for m in (1, 2, 5))
    fallback = None
    for step in steps:  # the finest 1-2-5 step that fits, with at least two ticks in range
        first = math.ceil(lo / step - 1e-9)
        last = math.floor(hi / step + 1e-9)
        ticks = [0.0 if abs(k * step) < 1e-9 * step else k * step for k in range(first, last + 1)]
        if 2 <= len(ticks) <= most:
            return ticks
        if len(ticks) >= 2:
            fallback = ticks
    # none fits: one step gives too many and the next one tick (−4.48…4.48 in at most 4: 2 gives 5, 5
    # gives only 0): a few more 1-2-5 ticks beat the window's ends (±4.48) as labels
    return fallback or [lo, hi]


def _step(ticks: Sequence[float]) -> float:
    return abs(ticks[1] - ticks[0]) if len(ticks) > 1 else abs(ticks[0]) if ticks else 1.0


#: a legend may cover at most this many plotted cells (none of them a marked point)
LEGEND_FEW = 3


def _glyph(marker) -> str:
    """The character plotext draws for a marker name ("dot" → •, "braille" → ⢕)."""
    import plotext._utility as ut

    if not isinstance(marker, str):
        return "•"
    return ut.marker_codes.get(marker, ut.hd_symbols.get(marker, marker))

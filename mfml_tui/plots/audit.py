"""The render check: draw a plot the size the app gives it and name what a learner could not read.

A plot a question relies on is part of the question, so it gets a proof like an answer key does.
`audit(spec, width, height)` draws with the plotext module (twice: with and without its legend, to
see exactly which cells the legend covers) and reports, as sentences:

* a graph that is not constant but spans fewer than MIN_CURVE_ROWS text rows (a flat line);
* a panel with fewer than MIN_PANEL_ROWS rows of data area;
* a legend covering a marked point (●, ◆ …) or more than LEGEND_FEW plotted cells;
* a level-curve plot drawing fewer than half of the levels asked;
* a printed value that is round-off (0 < |v| < ROUND_OFF × the scale of what it measures: a tick label
  its own axis, a caption or the info beside the plot every axis), or e-notation;
* a caption (title, labels) naming a function of a variable the plot is not drawn in (`T(t)` over a
  plot in x, `C(w, b)` over a plot in (x, y)): the plot should say `variable = "t"` (`variables =
  ["w", "b"]`), so its own captions and table say them as well.

`audit_choices` does the same for each option of a `show = "plots"` question and adds "two options
rasterise the same". `course.check.check(render=True)` runs both over a course at VIEWS.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mfml_tui.engine.printing import FROM_SUP

from . import draw_canvas
from .base import NOTHING_DRAWN, PlotError, window_scale
from .style import _POINT_MARKERS

#: the app's plot sizes (mfml_tui/ui/screens/lesson.tcss): a lesson plot and a choice option's mini plot
VIEWS: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    ("80×24", (77, 14), (36, 12)),
    ("120×40", (66, 28), (48, 12)),
)
#: an explorer's plot in a lesson at each view (the explorer is 21 rows high; its plot gets what the side
#: panel, the status and the key legend leave): the size of most kinds, and the kinds that differ (a wider
#: side panel, a legend wrapped onto two lines). tests/test_render_check.py measures every kind's widget.
EXPLORER_VIEWS: dict[str, tuple[tuple[int, int], dict[str, tuple[int, int]]]] = {
    "80×24": ((47, 16), {"network": (43, 16), "sandpit": (47, 15)}),
    "120×40": ((35, 16), {"network": (31, 16), "newton": (35, 15), "descent": (35, 15),
                          "backprop": (35, 15), "sandpit": (35, 15)}),
}


def explorer_size(kind: str, view: str) -> tuple[int, int]:
    """The plot size of explorer `kind` in a lesson at `view` ("80×24" or "120×40")."""
    usual, special = EXPLORER_VIEWS[view]
    return special.get(kind, usual)


MIN_CURVE_ROWS = 3
MIN_PANEL_ROWS = 4
LEGEND_FEW = 3
ROUND_OFF = 1e-9  # the same threshold as engine.printing's formatter
SMALL = 1e-6  # without a scale, round-off is also a tiny value itself (f = −2.69×10⁻⁵⁹, ∇f = 5.6×10⁻¹⁴)

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BLANK = set(" ─│┼┊:")  # guide lines are not data
_MARKED = {g for family in _POINT_MARKERS.values() for g in family}
_NUMBER = re.compile(
    r"(?<![\w.⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉])([−-]?\d+(?:\.\d+)?)"
    r"(?:×10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\*10\^\((-?\d+)\)|\*10\^(\d+))?"
)
_E_NOTATION = re.compile(r"\d[eE][+-]\d")


@dataclass
class Frame:
    """One drawing as the check saw it: the text without its legend (to compare options) and faults."""

    text: str = ""
    faults: list[str] = field(default_factory=list)


def numbers(text: str) -> list[float]:
    """Every number printed in `text` (`−2.69×10⁻⁵⁹`, `1.5*10^(-5)`, `0.25`), as floats."""
    out = []
    for m in _NUMBER.finditer(text):
        mant, sup, neg, pos = m.groups()
        try:
            v = float(mant.replace("−", "-"))
            if sup:
                v *= 10.0 ** int(sup.translate(FROM_SUP))
            elif neg or pos:
                v *= 10.0 ** int(neg or pos)
        except (ValueError, OverflowError):
            continue
        if math.isfinite(v):
            out.append(v)
    return out


def round_off(text: str, scale: float = 0.0, notation: bool = True) -> list[str]:
    """Values in `text` that are round-off next to `scale` (the plot window; without one, the largest
    number printed), and any e-notation. A real small value among large ones (Newton's f(x₁₈) = 0.00024
    after f(x₁) = 3.9×10⁸) is not round-off: the window, not the column, is the scale. Without a scale
    (an explorer's side panel) only a value that is also tiny itself (below SMALL) counts: a diverging
    Newton run prints x₇ = −2.38×10¹³ beside x₀ = 1.5, and 1.5 is no round-off."""
    vals = numbers(text)
    big = abs(scale) if scale else max([abs(v) for v in vals], default=0.0)
    faults = [f"prints {_show(v)}: round-off next to {_show(big)}, it should read 0"
              for v in vals if v != 0 and abs(v) < ROUND_OFF * big and (scale or abs(v) < SMALL)]
    if notation and _E_NOTATION.search(text):
        faults.append(f"prints e-notation (`{_E_NOTATION.search(text).group(0)}…`): e is Euler's number here")
    return faults


_CALL = re.compile(r"(?<![A-Za-z])([A-Za-zα-ωΑ-Ω][′″]*)\(([a-zα-ω])\)")
_CALL2 = re.compile(r"(?<![A-Za-z])([A-Za-zα-ωΑ-Ω][′″]*)\(([a-zα-ω]), ?([a-zα-ω])\)")


def foreign_variable(spec) -> list[str]:
    """Captions that name a function of another variable than the plot's (`T(t) = 20 + 70·e^(−t/4)` as
    the title of a plot drawn in x): the learner reads t in the text and x under the plot."""
    from . import _options
    from .registry import KINDS

    kind, opts = _options(spec)
    k = KINDS.get(kind)
    if k is None:
        return []
    labels = opts.get("labels") or []
    captions = [opts.get("title") or "", *(labels if isinstance(labels, list | tuple) else [labels])]
    captions = [c for c in captions if isinstance(c, str)]
    if any(o.name == "variables" for o in k.options):  # a plot over two variables: C(w, b) over (x, y)
        names = opts.get("variables") or ["x", "y"]
        pairs = {(m.group(2), m.group(3)): m.group(0) for c in captions for m in _CALL2.finditer(c)}
        drawn = ", ".join(map(str, names))
        return [f"its caption says {call} but the plot is drawn in ({drawn}): add variables = "
                f"[\"{a}\", \"{b}\"] and write its functions in {a} and {b}"
                for (a, b), call in pairs.items() if [a, b] != list(names)]
    if not any(o.name == "variable" for o in k.options):
        return []
    variable = opts.get("variable", "x")
    named = {m.group(2): m.group(0) for c in captions for m in _CALL.finditer(c)}
    return [f"its caption says {call} but the plot is drawn in {variable}: add variable = \"{v}\" and "
            f"write its functions in {v}" for v, call in named.items() if v != variable]


def _show(v: float) -> str:
    """A value in a message to the author, as Python writes it (`3e-14`: the author's own notation for
    the number the learner would see as 3×10⁻¹⁴)."""
    return f"{v:.3g}"


def _build(spec, width: int, height: int, marker: str, state, legend: bool):
    return _drawn(lambda plotext: draw_canvas(spec, plotext, width=width, height=height, marker=marker,
                                              state=state, legend=legend))


def _drawn(paint):
    """`paint(plotext) -> (info, canvas)` on the plotext module: the info, canvas, text and each panel's
    grid of cells (to see what a legend covers)."""
    import plotext

    try:
        info, canvas = paint(plotext)
        text = _ANSI.sub("", plotext.build())
        grids = []
        for p in canvas.panels:
            m = p.fig.monitor.matrix
            grids.append(([list(r) for r in m.marker], m.Rows_canvas, m.Cols_canvas))
    finally:
        plotext.clear_figure()
    return info, canvas, text, grids


def audit(spec, width: int, height: int, marker: str = "dot",
          state: Mapping[str, Any] | None = None, compare: bool = False) -> Frame:
    """Draw `spec` at width × height and report what a learner could not read (see the module doc).
    `compare`: also return the drawing without its legend (to compare a question's options)."""
    try:
        info, canvas, text, grids = _build(spec, width, height, marker, state, True)
        if compare or any(p.legend_inside for p in canvas.panels):
            _, _, bare, bare_grids = _build(spec, width, height, marker, state, False)
        else:  # no legend inside the frame: nothing it could cover
            bare, bare_grids = text, grids
    except PlotError as e:
        return Frame("", [f"does not draw: {e}"])
    return Frame(bare, _faults(info.text(), canvas, text, grids, bare_grids) + foreign_variable(spec))


def _faults(printed: str, canvas, text: str, grids, bare_grids) -> list[str]:
    """What a learner could not read in one drawing (the module doc's list)."""
    faults: list[str] = []
    many = len(canvas.panels) > 1
    for k, (panel, (grid, rows, cols), (bgrid, _, _)) in enumerate(
            zip(canvas.panels, grids, bare_grids, strict=True)):
        where = f"panel {k + 1}: " if many else ""
        if len(rows) < MIN_PANEL_ROWS:
            faults.append(f"{where}has {len(rows)} rows of plot (at least {MIN_PANEL_ROWS} are needed)")
        faults += [where + f for f in _flat_graphs(panel, len(rows))]
        faults += [where + f for f in _legend(grid, bgrid, rows, cols)]
        if panel.levels_asked and 2 * panel.levels_drawn < panel.levels_asked:
            faults.append(f"{where}draws {panel.levels_drawn} of the {panel.levels_asked} level curves asked "
                          "(fewer than half)")
    faults += _round_off_in(canvas, printed, text)
    return faults


def _round_off_in(canvas, printed: str, text: str) -> list[str]:
    """Round-off among the printed values, each judged against the scale of what it measures: a tick
    label against its own axis (x ticks −10 … 10 are no round-off beside a y window of 10¹²); the
    captions, legends and the info beside the plot, whose axis is not known, against the smallest axis
    window (a value that is round-off next to every axis is round-off whichever it measures)."""
    axes = [r for p in canvas.panels for r in (p.x_range, p.y_range) if r]
    faults: list[str] = []
    for p in canvas.panels:
        for axis, rng in (("x", p.x_range), ("y", p.y_range)):
            if rng and p.tick_labels[axis]:
                faults += round_off("  ".join(p.tick_labels[axis]), window_scale(rng), notation=False)
    smallest = min((window_scale(r) for r in axes), default=0.0)
    captions = "\n".join([printed, *(c for p in canvas.panels for c in p.captions() if c)])
    faults += round_off(captions, smallest, notation=False)
    if _E_NOTATION.search(printed + "\n" + text):
        found = _E_NOTATION.search(printed + "\n" + text).group(0)
        faults.append(f"prints e-notation (`{found}…`): e is Euler's number here")
    return list(dict.fromkeys(faults))


def audit_explorer(kind: str, state, width: int, height: int, marker: str = "dot") -> list[str]:
    """The render check of an explorer's plot (`plots.explorers`) drawn from `state` at width × height:
    the same faults as a lesson plot's (a flat curve, a legend over data, round-off or e-notation in the
    ticks, too few rows of plot)."""
    from .explorers import draw_explorer

    def paint(legend: bool):
        return lambda plotext: (None, draw_explorer(kind, state, plotext, width=width, height=height,
                                                    marker=marker, legend=legend))

    try:
        _, canvas, text, grids = _drawn(paint(True))
        bare_grids = _drawn(paint(False))[3] if any(p.legend_inside for p in canvas.panels) else grids
    except Exception as e:  # noqa: BLE001 — any failure of an author's explorer is reported, never raised
        return [f"does not draw: {e}"]
    faults = _faults("\n".join(canvas.notes), canvas, text, grids, bare_grids)
    if NOTHING_DRAWN in canvas.notes:
        faults.append(f"draws an empty frame: {NOTHING_DRAWN}")
    return faults


def _flat_graphs(panel, height: int) -> list[str]:
    """Graphs that vary but cover fewer than MIN_CURVE_ROWS rows of the panel: they read as flat."""
    out = []
    if not panel.y_range or not panel.x_range or height < 1:
        return out
    (x0, x1), (y0, y1) = panel.x_range, panel.y_range
    for label, xs, ys in panel.graphs:
        ok = [(x, y) for x, y in zip(xs, ys, strict=False) if math.isfinite(x) and math.isfinite(y)]
        if len(ok) < 2:
            continue
        vals = [y for _, y in ok]
        lo, hi = min(vals), max(vals)
        if hi - lo <= 1e-9 * max(abs(lo), abs(hi)) or hi == lo:
            continue  # a constant: one row is its true picture
        seen = [y for x, y in ok if x0 <= x <= x1 and y0 <= y <= y1]
        if not seen:
            continue  # outside the window: noted by the drawing itself
        rows = [math.floor(round(0.5 + (height - 1) * (y - y0) / (y1 - y0), 8)) for y in seen]
        span = max(rows) - min(rows) + 1
        if span < MIN_CURVE_ROWS:
            name = f"`{label}`" if label else "a graph"
            out.append(f"{name} varies but spans {span} row{'s' * (span != 1)} "
                       f"(at least {MIN_CURVE_ROWS} needed)")
    return out


def _legend(grid, bare, rows, cols) -> list[str]:
    """Cells the legend changed: a marked point under it, or more than LEGEND_FEW plotted cells."""
    covered, marked = 0, set()
    for r in rows:
        for c in cols:
            was, now = bare[r][c], grid[r][c]
            if was != now and was not in _BLANK:
                covered += 1
                if was in _MARKED:
                    marked.add(was)
    out = []
    if marked:
        out.append(f"the legend covers a marked point ({' '.join(sorted(marked))})")
    if covered > LEGEND_FEW:
        out.append(f"the legend covers {covered} plotted cells (at most {LEGEND_FEW})")
    return out


def audit_choices(exprs: Sequence[str], labels: Sequence[str], x=None, width: int = 36, height: int = 12,
                  marker: str = "dot", variable: str = "x") -> list[str]:
    """The render check of one instance of a `show = "plots"` question: each option's mini plot, and
    no two options drawn alike."""
    from . import choice_specs

    specs = choice_specs(list(exprs), list(labels), x, height=height, variable=variable)
    faults, seen = [], {}
    for label, spec in zip(labels, specs, strict=True):
        frame = audit(spec, width, height, marker, compare=True)
        faults += [f"option {label}: {f}" for f in frame.faults]
        # the pictures without their captions (the first line, above the frame): "a)" and "b)" differ
        picture = frame.text.split("\n", 1)[-1] if spec.get("title") else frame.text
        if picture and picture in seen:
            faults.append(f"options {seen[picture]} and {label} rasterise the same")
        seen.setdefault(picture, label)
    return faults

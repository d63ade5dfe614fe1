"""Drawing a lesson's plot spec onto a plotext canvas, headless (no Textual here).

    problems = plots.validate(spec)                       # fast, no drawing: messages for authors
    info = plots.draw(spec, widget.plt, width=w, height=h, marker="braille")   # → DrawInfo
    text = plots.render_text(spec, 80, 24)                # plain text, for `lessons check` and tests

`plt` is the `plotext` module itself or a textual-plotext widget's `.plt`. Kinds and options are listed
in docs/plots.md (and in `KINDS`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from mfml_tui.engine import EngineError

from . import calculus, fields, fitting, training, warp  # noqa: F401  (register the kinds)
from . import options as O
from .base import MAX_SIZE, MIN_SIZE, NOTHING_DRAWN, DrawInfo, PlotError, Table
from .canvas import Canvas, auto_range
from .levels import level_segments
from .maths import compile_fn
from .registry import KINDS, SLOW_PARTS
from .style import MARKERS, Style, arrow_glyph

__all__ = [
    "KINDS",
    "MARKERS",
    "MIN_SIZE",
    "NOTHING_DRAWN",
    "DrawInfo",
    "PlotError",
    "Table",
    "arrow_glyph",
    "draw",
    "level_segments",
    "render_text",
    "validate",
    "too_small",
    "shared_y",
    "choice_specs",
    "draw_canvas",
    "slow_part",
]


def _options(spec) -> tuple[str, Mapping[str, Any]]:
    kind = getattr(spec, "kind", None)
    opts = getattr(spec, "options", None)
    if opts is None and isinstance(spec, Mapping):  # a plain dict with "kind" is handy in tests and tools
        opts = {k: v for k, v in spec.items() if k != "kind"}
        kind = spec.get("kind")
    return kind, dict(opts or {})


def _resolve(spec, state: Mapping[str, Any] | None = None):
    kind, opts = _options(spec)
    if kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        return None, None, [f"unknown plot kind {kind!r} (expected one of {known})"], []
    k = KINDS[kind]
    if state:
        opts.update(state)
    variables = k.variables
    if any(opt.name == "variable" for opt in k.options) and isinstance(opts.get("variable"), str):
        # a one-variable kind in the lesson's own variable (t): its functions are written in it (a bad
        # name is reported when the option itself is resolved)
        with contextlib.suppress(O.Bad):
            variables = (O.variable_name(opts["variable"], O.Ctx()),)
    if any(opt.name == "variables" for opt in k.options) and isinstance(opts.get("variables"), list | tuple):
        # a two-variable kind in the lesson's names (a cost C(w, b)): its functions are written in them
        with contextlib.suppress(O.Bad):
            variables = O.variable_names(len(k.variables))(opts["variables"], O.Ctx())
    ctx = O.Ctx(variables=variables, params=k.params(opts) if k.params else ())
    o, fatal, soft = O.resolve(opts, k.options, ctx)
    if not fatal and k.check:
        fatal += k.check(o)
    return k, o, fatal, soft


def validate(spec, state: Mapping[str, Any] | None = None) -> list[str]:
    """Everything wrong with a spec, as plain messages ("f: expected ')' at column 7"); [] if fine."""
    try:
        _, _, fatal, soft = _resolve(spec, state)
    except Exception as e:  # noqa: BLE001 — a validator must never crash the loader
        return [f"cannot check this plot: {e}"]
    return fatal + soft


def shared_y(functions: list[str], x: tuple[float, float], samples: int = 200,
             variable: str = "x") -> list[float] | None:
    """One y window for graphs drawn side by side (a "which graph is f′?" question): on their own
    windows, graphs that differ by a shift or a scale (2x + 4 and 2x + 9) would look the same."""
    xs = np.linspace(float(x[0]), float(x[1]), samples)
    values = []
    for text in functions:
        try:
            with np.errstate(all="ignore"):
                values.append(np.broadcast_to(np.asarray(compile_fn(text, [variable])(xs), dtype=float),
                                              xs.shape))
        except (ValueError, EngineError):
            continue
    return list(auto_range(values)) if values else None


CHOICE_HEIGHT = 12  # rows of a choice option's mini plot (QuizCard .choice-plot in lesson.tcss)
#: rows an option must span in the shared window (the render check asks 3; half a row of margin)
MIN_OPTION_ROWS = 3.5


def choice_specs(exprs: list[str], labels: list[str], x: tuple[float, float] | None = None,
                 height: int = CHOICE_HEIGHT, variable: str = "x") -> list[dict[str, Any]]:
    """The mini plot of each option of a `show = "plots"` question (the quiz card and the render check
    draw the same specs). One y window for all when every option still spans MIN_OPTION_ROWS rows of a
    plot `height` rows high in it, so shifts and scales show (2x + 4 against 2x + 9); otherwise each
    option gets its own window and says so in its legend ("own y scale"): a shared one would flatten
    the small ones to a line (a sine next to a parabola).

    Own windows erase a shift or a scale: 4x − 8 and 4x − 7 each fill their frame corner to corner, the
    same picture with other tick labels. So options of one shape (one is a·other + b, a > 0) share the
    window of their group whenever each keeps MIN_OPTION_ROWS in it, and their legends name the options
    they share it with ("a) same y as b, c").

    Options written in another variable than x (a question with `variables = ["t"]`) are drawn in it
    and every legend names it ("a) against t"), as the lesson's text does. Specs are plain dicts with a
    "kind"."""
    x = (float(x[0]), float(x[1])) if x else (-3.0, 3.0)
    rows = max(2, height - 4)  # the frame and the x ticks take three, the caption above the frame one

    def fits(window, members) -> bool:
        return window is not None and all(
            own[k] is None or (rows - 1) * (own[k][1] - own[k][0]) / (window[1] - window[0]) + 1
            >= MIN_OPTION_ROWS for k in members)

    own = [shared_y([e], x, variable=variable) for e in exprs]
    everyone = range(len(exprs))
    windows: list[list[float] | None] = list(own)
    against = "" if variable == "x" else f" against {variable}"
    legends = [f"{label}){against}, own y scale" if against else f"{label}) own y scale" for label in labels]
    shared = shared_y(list(exprs), x, variable=variable)
    if fits(shared, everyone):
        windows = [shared] * len(exprs)
        legends = [f"{label}){against}" for label in labels]
    else:
        for group in _same_shapes(exprs, x, variable):
            window = shared_y([exprs[k] for k in group], x, variable=variable)
            if len(group) < 2 or not fits(window, group):
                continue  # a scale too different to share: the tick labels tell them apart
            for k in group:
                windows[k] = window
                legends[k] = f"{labels[k]}){against}, same y as " if against else f"{labels[k]}) same y as "
                legends[k] += ", ".join(labels[j] for j in group if j != k)
    specs = []
    for expr, window, legend in zip(exprs, windows, legends, strict=True):
        # the caption is a title above the frame, never a legend inside it: wherever a legend goes in a
        # 36×12 plot it can cover part of a curve (a sine's peaks)
        options: dict[str, Any] = {"kind": "function", "f": expr, "x": list(x), "title": legend,
                                   "legend": False}
        if variable != "x":
            options["variable"] = variable
        if window is not None:
            options["y"] = list(window)
        specs.append(options)
    return specs


def _same_shapes(exprs: list[str], x: tuple[float, float], variable: str = "x",
                 samples: int = 200) -> list[list[int]]:
    """The options grouped by shape: graphs that are a positive scale and a shift of each other (equal
    after scaling each to [0, 1]) look the same on their own windows."""
    xs = np.linspace(x[0], x[1], samples)
    shapes: list[np.ndarray | None] = []
    for text in exprs:
        try:
            with np.errstate(all="ignore"):
                v = np.broadcast_to(np.asarray(compile_fn(text, [variable])(xs), dtype=float), xs.shape)
        except (ValueError, EngineError):
            shapes.append(None)
            continue
        lo, hi = (float(np.nanmin(v)), float(np.nanmax(v))) if np.isfinite(v).any() else (0.0, 0.0)
        ok = np.isfinite(v).all() and hi - lo > 1e-12 * max(1.0, abs(hi))
        shapes.append((v - lo) / (hi - lo) if ok else None)
    groups: list[list[int]] = []
    for k, shape in enumerate(shapes):
        for group in groups:
            first = shapes[group[0]]
            if shape is not None and first is not None and float(np.max(np.abs(shape - first))) < 0.02:
                group.append(k)
                break
        else:
            groups.append([k])
    return groups


def too_small(width: int, height: int) -> bool:
    return width < MIN_SIZE[0] or height < MIN_SIZE[1]


def draw(
    spec,
    plt,
    *,
    width: int,
    height: int,
    marker: str = "dot",
    theme: str | None = None,
    state: Mapping[str, Any] | None = None,
    deferred: list[Callable[[], object]] | None = None,
) -> DrawInfo:
    """Draw `spec` on `plt` (cleared first) at width × height cells; returns the text for beside it.

    `state` overrides options (an explorer's h, order or start) so explorers reuse this code.
    With a `deferred` list, slow work not done before (a network's training) is not done now: the figure
    is drawn as it stands without it and the work is appended (run it off the UI thread, then draw again).
    Raises PlotError for a bad spec or a canvas below MIN_SIZE (show a "make it larger" note instead).
    """
    return draw_canvas(spec, plt, width=width, height=height, marker=marker, theme=theme, state=state,
                       deferred=deferred)[0]


def slow_part(spec) -> Callable[[], object] | None:
    """The slow part of drawing `spec` not done yet (a network's training) as work to start early, off the
    UI thread, before the plot is drawn (its drawing then finds it done); None if there is none."""
    kind, _ = _options(spec)
    prepare = SLOW_PARTS.get(kind)
    if prepare is None:
        return None
    _, o, fatal, _ = _resolve(spec)
    return None if fatal else prepare(o)


def draw_canvas(
    spec,
    plt,
    *,
    width: int,
    height: int,
    marker: str = "dot",
    theme: str | None = None,
    state: Mapping[str, Any] | None = None,
    legend: bool = True,
    deferred: list[Callable[[], object]] | None = None,
) -> tuple[DrawInfo, Canvas]:
    """`draw`, also returning the Canvas (its panels and series): the render check reads them.
    `legend=False` draws the same figure without its legend (to see what the legend covers)."""
    if too_small(width, height):
        raise PlotError(f"the plot needs at least {MIN_SIZE[0]}×{MIN_SIZE[1]} cells, got {width}×{height}")
    width, height = min(width, MAX_SIZE[0]), min(height, MAX_SIZE[1])
    try:
        style = Style(marker)
    except ValueError as e:
        raise PlotError(str(e)) from None
    k, o, fatal, soft = _resolve(spec, state)
    if fatal:
        raise PlotError("; ".join(fatal))
    canvas = Canvas(plt, width, height, style, theme, legend=legend)
    canvas.deferred = deferred
    try:
        info = k.draw(canvas, o)
    except (O.Bad, EngineError, ArithmeticError, np.linalg.LinAlgError) as e:
        # the maths of a valid-looking spec can still fail (a derivative too large, a singular system)
        raise PlotError(f"{k.name}: {e}") from None
    hidden = canvas.finish()
    notes = tuple(soft) + tuple(hidden)
    if notes:
        info = DrawInfo(info.kind, info.lines, info.table, info.values, info.notes + notes)
    return info, canvas


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def render_text(
    spec, width: int = 80, height: int = 24, marker: str = "dot", state: Mapping[str, Any] | None = None
) -> str:
    """The plot as plain text (no colours) drawn with the plotext module: for checks, tests, mini plots.

    Below MIN_SIZE it returns a one-line note instead of plotext's garbage.
    """
    if too_small(width, height):
        return f"(make the window larger: plots need {MIN_SIZE[0]}×{MIN_SIZE[1]})"
    import plotext

    draw(spec, plotext, width=width, height=height, marker=marker, state=state)
    out = plotext.build()
    plotext.clear_figure()  # leave no state behind for the next caller of the shared module
    return _ANSI.sub("", out)

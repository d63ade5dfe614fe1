"""Plot kinds of one variable: function, derivative, secant, taylor, newton."""

from __future__ import annotations

import math

import numpy as np

from mfml_tui.engine.optimise import newton_raphson
from mfml_tui.engine.printing import SUB

from . import options as O
from .base import MAX_ORDER, MAX_STEPS, DrawInfo, Table, fmt, magnitude
from .canvas import Canvas, Panel, auto_range
from .maths import Fn, roots_1d, taylor_polys
from .registry import LABELS, TITLE, VARIABLE, f_option, kind, named, x_range, y_range
from .style import ACCENT, GUIDE

# ------------------------------------------------------------------------------------------ helpers


def _label(labels: tuple[str, ...], k: int, default: str) -> str:
    return labels[k] if k < len(labels) and labels[k] else default


def graph_of_f(ax: Panel, xs, ys, o: O.Resolved) -> None:
    """f's graph as the main curve (line 0), labelled `f(x) = …` in the plot's variable unless the
    author's `labels` say otherwise: secant, Taylor and Newton plots start alike."""
    style = ax.style
    ax.curve(xs, ys, label=_label(o.labels, 0, named("f(x) = ", o.variable) + o.f.unicode),
             marker=style.line(0), color=style.colour(0))


def line_through(ax: Panel, x0: float, y0: float, slope: float, label: str, marker: str, color) -> None:
    """A straight line across the whole window, sampled densely so clipping keeps its slope exact."""
    xs = np.linspace(*ax.x_range, ax.samples())
    ax.curve(xs, y0 + slope * (xs - x0), label=label, marker=marker, color=color)


def _turning_points(f: Fn, df: Fn, d2f: Fn | None, x_range) -> list[tuple[float, str]]:
    out = []
    for r in roots_1d(df, x_range):
        kind = "stationary point"
        curv = d2f.at(r) if d2f is not None else math.nan
        if math.isfinite(curv) and abs(curv) > 1e-9:
            kind = "maximum" if curv < 0 else "minimum"
        else:  # the second derivative cannot tell: compare neighbours
            h = 1e-3 * (x_range[1] - x_range[0])
            left, mid, right = f.at(r - h), f.at(r), f.at(r + h)
            if mid > max(left, right):
                kind = "maximum"
            elif mid < min(left, right):
                kind = "minimum"
            else:
                kind = "inflection (flat)"
        out.append((r, kind))
    return out


# ----------------------------------------------------------------------------------------- function


@kind(
    "function",
    "one or more functions of x, with optional points, lines and a shaded area",
    (
        O.Opt("f", O.functions(), O.REQUIRED, "a function of x, or a list of them", "expression or list"),
        LABELS,
        x_range(),
        y_range(),
        O.Opt(
            "points", O.labelled_points(), (), 'points to mark: [[x, y], [x, y, "label"]]', "list of points"
        ),
        O.Opt("vlines", O.numbers(20), (), "x positions of vertical guide lines", "list of numbers"),
        O.Opt("hlines", O.numbers(20), (), "y positions of horizontal guide lines", "list of numbers"),
        O.Opt("shade", O.span, None, "shade the area under the first function between a and b", "[a, b]"),
        VARIABLE,
        TITLE,
        O.Opt("legend", O.boolean, True, "false: no legend; the title names the plot (a choice option's "
              "mini plot: a caption inside the frame could cover its curve)", "bool"),
    ),
)
def draw_function(cv: Canvas, o: O.Resolved) -> DrawInfo:
    (ax,) = cv.split()
    ax.title(o.title)
    ax.limits(o.x)
    xs = np.linspace(*o.x, ax.samples())
    ys = [f(xs) for f in o.f]
    ax.limits(y_range=o.y or auto_range(ys + [np.array([p[0][1] for p in o.points])]))
    lines = []
    for k, (f, y) in enumerate(zip(o.f, ys, strict=True)):
        label = _label(o.labels, k, f.unicode)
        ax.curve(xs, y, label=label if o.legend else "")
        lines.append(f"{label}" if label == f.unicode else f"{label}: {f.unicode}")
    if o.shade:
        a, b = max(o.shade[0], o.x[0]), min(o.shade[1], o.x[1])
        if a < b:
            sx = np.linspace(a, b, ax.samples() // 2)
            sy = o.f[0](sx)
            ok = np.isfinite(sy)
            ax._add(
                "plot",
                sx[ok],
                np.clip(sy[ok], *ax.y_range),
                marker=cv.style.line(len(o.f)),
                color=GUIDE,
                fillx=True,
                label=f"area from {fmt(a)} to {fmt(b)}",
            )
    _mark_points(ax, o.points)
    for v in o.vlines:
        ax.vline(v)
    for h in o.hlines:
        ax.hline(h)
    return DrawInfo("function", tuple(lines))


def _mark_points(ax: Panel, pts) -> None:
    groups: dict[str, list[tuple[float, float]]] = {}
    for (x, y), label in pts:
        groups.setdefault(label, []).append((x, y))
    for label, ps in groups.items():
        ax.points([p[0] for p in ps], [p[1] for p in ps], label=label or "points")


# --------------------------------------------------------------------------------------- derivative


@kind(
    "derivative",
    "f and its derivatives in panels one above the other, sharing x; turning points marked",
    (
        f_option(),
        O.Opt("order", O.integer(1, 2), 1, "1: f and f′; 2: f, f′ and f″", "1 or 2"),
        O.Opt("turning", O.boolean, True, "mark the turning points (zeros of f′)", "bool"),
        O.Opt("name", O.variable_name, "f",
              "the function's letter (\"v\" for a speed): captions and legends say v(t), v′(t), v′ = 0",
              "a letter"),
        LABELS,
        x_range(),
        VARIABLE,
        TITLE,
    ),
)
def draw_derivative(cv: Canvas, o: O.Resolved) -> DrawInfo:
    f: Fn = o.f
    fns = [f, f.diff()]
    if o.order >= 2:
        fns.append(fns[1].diff())
    # the function is called what the lesson calls it: a speed v(t) is not labelled f′ = 0 beside v′(t)
    names = [named(o.name + n, o.variable) for n in ("(x)", "′(x)", "″(x)")]
    panels = cv.split(len(fns), 1)
    xs = np.linspace(*o.x, panels[0].samples())
    d2 = fns[2] if len(fns) > 2 else fns[1].diff()
    turning = _turning_points(f, fns[1], d2, o.x) if o.turning else []
    lines = []
    for k, (ax, fn) in enumerate(zip(panels, fns, strict=True)):
        if k == 0:
            ax.title(o.title)
        ax.limits(o.x)
        ys = fn(xs)
        ax.limits(y_range=auto_range([ys]))
        label = _label(o.labels, k, f"{names[k]} = {fn.unicode}")
        ax.curve(xs, ys, label=label, marker=cv.style.line(k), color=cv.style.colour(k))
        lines.append(f"{names[k]} = {fn.unicode}")
        if k > 0:
            ax.hline(0.0)
        if turning and k < 2:
            tx = np.array([t for t, _ in turning])
            ty = fn(tx)
            mark = "turning point" if k == 0 else f"{o.name}′ = 0"
            ax.points(tx, ty, label=mark, marker=cv.style.point(0), color=ACCENT)
            for t in tx:
                ax.vline(float(t))
    for t, what in turning:
        lines.append(named(f"{what} at x = ", o.variable) + f"{fmt(t)}, {o.name} = {fmt(f.at(t))}")
    if o.turning and not turning:
        lines.append(f"no turning points on [{fmt(o.x[0])}, {fmt(o.x[1])}]")
    return DrawInfo("derivative", tuple(lines), values={"turning_points": tuple(turning)})


# ------------------------------------------------------------------------------------------- secant


def _secant_check(o: O.Resolved) -> list[str]:
    bad = [f"hs: h = {h:g} is zero (the secant needs two different points)" for h in (o.hs or ()) if h == 0]
    return bad + (["h: must not be zero"] if o.h == 0 else [])


@kind(
    "secant",
    "rise over run: the secant through x₀ and x₀ + h for each h, turning into the tangent",
    (
        f_option(),
        O.Opt("x0", O.number(), O.REQUIRED, "the point where the slope is wanted", "number"),
        O.Opt("hs", O.numbers(8), (1.0, 0.5, 0.1), "the steps h (one secant each)", "list of numbers"),
        O.Opt("h", O.number(), None, "a single step (an explorer's slider); overrides hs", "number"),
        O.Opt("tangent", O.boolean, True, "also draw the tangent (the limit h → 0)", "bool"),
        LABELS,
        x_range(None),
        y_range(),
        VARIABLE,
        TITLE,
    ),
    check=_secant_check,
)
def draw_secant(cv: Canvas, o: O.Resolved) -> DrawInfo:
    f: Fn = o.f
    x0 = o.x0
    hs = (o.h,) if o.h is not None else o.hs
    reach = max(abs(h) for h in hs)
    xr = o.x or (x0 - max(2.0, 1.5 * reach), x0 + max(2.0, 1.5 * reach))
    (ax,) = cv.split()
    ax.title(o.title)
    ax.limits(xr)
    xs = np.linspace(*xr, ax.samples())
    ys = f(xs)
    ax.limits(y_range=o.y or auto_range([ys]))
    graph_of_f(ax, xs, ys, o)
    y0 = f.at(x0)
    slope = f.diff().at(x0)
    rows, quotients = [], []
    for k, h in enumerate(hs):
        yh = f.at(x0 + h)
        q = (yh - y0) / h
        quotients.append(q)
        rows.append((fmt(h), fmt(yh), fmt(q, 6), fmt(q - slope, 3)))
        line_through(
            ax, x0, y0, q, f"h = {fmt(h)}: slope {fmt(q)}", cv.style.line(k + 1), cv.style.colour(k + 1)
        )
        ax.points([x0 + h], [yh], marker=cv.style.point(1), color=cv.style.colour(k + 1))
    if o.tangent and math.isfinite(slope):
        line_through(ax, x0, y0, slope, f"tangent: slope {fmt(slope)}", cv.style.line(len(hs) + 1), ACCENT)
    v = o.variable
    ax.points([x0], [y0], label=named("x₀ = ", v) + fmt(x0), marker=cv.style.point(0), color=ACCENT)
    table = Table(tuple(named(h, v) for h in ("h", "f(x₀+h)", "(f(x₀+h) − f(x₀))/h", "error vs f′(x₀)")),
                  tuple(rows))
    lines = (named("f(x) = ", v) + f.unicode, named("f′(x₀) = f′(", v) + f"{fmt(x0)}) = {fmt(slope, 6)}")
    return DrawInfo("secant", lines, table, {"slope": slope, "hs": tuple(hs), "quotients": tuple(quotients)})


# ------------------------------------------------------------------------------------------- taylor


def sup_error(f, p, xs: np.ndarray, err: np.ndarray) -> float:
    """max |f − p| over the sampled range, or ∞ when f has a pole in it. The largest error is looked at
    again on a grid 100× finer between its neighbours, three times: next to a pole it grows every time
    (1/x on [−1, 9] gave 27.5 at the sample nearest 0, a number made by the sampling) or lands on the
    pole (10¹⁶); a true maximum, even a narrow one the samples missed, settles."""
    if np.isinf(err).any():
        return math.inf
    if not np.isfinite(err).any():
        return math.nan
    grid, values = np.asarray(xs, dtype=float), np.asarray(err, dtype=float)
    worst = sampled = float(np.nanmax(values))
    for _ in range(3):
        i = int(np.nanargmax(values))
        grid = np.linspace(grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)], 201)
        with np.errstate(all="ignore"):
            values = np.abs(np.asarray(f(grid), dtype=float) - np.asarray(p(grid), dtype=float))
        if np.isinf(values).any():
            return math.inf
        if not np.isfinite(values).any():
            return worst
        finer = float(np.nanmax(values))
        if finer <= 2 * worst + 1e-12:  # settled, unless a sample fell on the pole itself (10¹⁶)
            return math.inf if finer > 1e6 * sampled else max(worst, finer)
        worst = finer
    return math.inf


@kind(
    "taylor",
    "f and its Taylor polynomials of chosen orders around a point",
    (
        f_option(),
        O.Opt("around", O.number(), 0.0, "the expansion point p", "number"),
        O.Opt(
            "orders",
            O.numbers(6, 0, MAX_ORDER),
            (1.0, 2.0, 3.0),
            f"the orders to draw (0…{MAX_ORDER})",
            "list of integers",
        ),
        O.Opt(
            "order",
            O.integer(0, MAX_ORDER),
            None,
            "a single order (an explorer's slider); overrides orders",
            "integer",
        ),
        O.Opt("error", O.boolean, False, "add a panel with log₁₀ of the error |f − pₙ|", "bool"),
        LABELS,
        x_range(),
        y_range(None, "the y range (default: f's range with room around it)"),
        VARIABLE,
        TITLE,
    ),
    check=lambda o: [f"orders: {v:g} is not a whole number" for v in (o.orders or ()) if v != int(v)],
)
def draw_taylor(cv: Canvas, o: O.Resolved) -> DrawInfo:
    f: Fn = o.f
    a = o.around
    orders = (o.order,) if o.order is not None else tuple(int(v) for v in o.orders)
    panels = cv.split(2 if o.error else 1, 1)
    ax = panels[0]
    ax.title(o.title)
    ax.limits(o.x)
    xs = np.linspace(*o.x, ax.samples())
    ys = f(xs)
    lo, hi = auto_range([ys], pad=0.3)
    ax.limits(y_range=o.y or (lo, hi))
    graph_of_f(ax, xs, ys, o)
    lines = [named("f(x) = ", o.variable) + f"{f.unicode}, around p = {fmt(a)}"]
    errors = {}
    rows = []
    errs = []
    polys = taylor_polys(f, a, orders)
    skipped = [n for n in orders if polys[n] is None]
    if skipped:
        lines.append(f"order {', '.join(map(str, skipped))}: the derivatives grow too large to compute here")
    for k, n in enumerate(orders):
        p = polys[n]
        if p is None:
            continue
        py = p(xs)
        err = np.abs(ys - py)
        worst = sup_error(f, p, xs, err)
        errors[n] = worst
        errs.append(err)
        ax.curve(
            xs,
            py,
            label=_label(o.labels, k + 1, f"order {n}"),
            marker=cv.style.line(k + 1),
            color=cv.style.colour(k + 1),
        )
        text = p.unicode
        shown = "∞ (unbounded)" if math.isinf(worst) else fmt(worst, 3)
        rows.append((str(n), text if len(text) <= 48 else text[:47] + "…", shown))
    fa = f.at(a)
    ax.points([a], [fa], label=f"p = {fmt(a)}", marker=cv.style.point(0), color=ACCENT)
    if o.error:
        ex = panels[1]
        ex.limits(o.x)
        logs = []
        for err in errs:
            with np.errstate(divide="ignore", invalid="ignore"):
                logs.append(np.log10(np.maximum(err, 1e-16)))
        ex.limits(y_range=auto_range(logs))
        for k, (n, lg) in enumerate(zip([n for n in orders if polys[n] is not None], logs, strict=True)):
            ex.curve(
                xs,
                lg,
                label=f"log₁₀|f − p{_sub(n)}|",
                marker=cv.style.line(k + 1),
                color=cv.style.colour(k + 1),
            )
        ex.vline(a)
    table = Table(("order", "polynomial", f"max |error| on [{fmt(o.x[0])}, {fmt(o.x[1])}]"), tuple(rows))
    return DrawInfo("taylor", tuple(lines), table, {"max_error": errors})


def _sub(n: int) -> str:
    return str(n).translate(SUB)


# ------------------------------------------------------------------------------------------- newton


@kind(
    "newton",
    "Newton–Raphson: tangent steps walking from a start to a root, with the iteration table",
    (
        f_option(),
        O.Opt("start", O.number(), O.REQUIRED, "the starting value x₀", "number"),
        O.Opt("steps", O.integer(1, MAX_STEPS, cap=MAX_STEPS), 8, "the most steps to take", "integer"),
        O.Opt(
            "show",
            O.integer(0, MAX_STEPS, cap=MAX_STEPS),
            None,
            "draw only the first n steps (a stepper's position)",
            "integer",
        ),
        LABELS,
        x_range(None),
        y_range(),
        VARIABLE,
        TITLE,
    ),
)
def draw_newton(cv: Canvas, o: O.Resolved) -> DrawInfo:
    f: Fn = o.f
    df = f.diff()
    run = newton_raphson(f.at, df.at, o.start, max_steps=o.steps)
    its = list(run.iterates)
    shown = len(its) - 1 if o.show is None else min(o.show, len(its) - 1)
    visible = its[: shown + 1]
    if o.x:
        xr = o.x
    else:
        fin = [v for v in visible if math.isfinite(v) and abs(v) < 1e6]
        lo, hi = min(fin), max(fin)
        pad = max(1.0, 0.25 * (hi - lo))
        xr = (lo - pad, hi + pad)
    (ax,) = cv.split()
    ax.title(o.title)
    ax.limits(xr)
    xs = np.linspace(*xr, ax.samples())
    ys = f(xs)
    vals = [ys, np.array([0.0])]
    ax.limits(y_range=o.y or auto_range(vals))
    graph_of_f(ax, xs, ys, o)
    ax.hline(0.0)
    tangent_marker, tangent_colour = cv.style.line(1), cv.style.colour(1)
    for i in range(shown):
        xi, xn = its[i], its[i + 1]
        fi = run.values[i]
        if not (math.isfinite(xi) and math.isfinite(xn) and math.isfinite(fi)):
            break
        ax.segment(
            (xi, fi),
            (xn, 0.0),
            marker=tangent_marker,
            color=tangent_colour,
            label="tangent steps" if i == 0 else None,
        )
        fn_ = run.values[i + 1] if i + 1 < len(run.values) else f.at(xn)
        if math.isfinite(fn_):
            ax.segment((xn, 0.0), (xn, fn_), marker=cv.style.guide(), color=GUIDE)
    last = None
    for i, xi in enumerate(visible[:8]):  # name the iterates on the axis where there is room
        col = (xi - xr[0]) / (xr[1] - xr[0]) * ax.cols
        if math.isfinite(col) and (last is None or abs(col - last) >= 4):
            ax.text(f"{o.variable}{_sub(i)}", xi, 0.0, color=GUIDE, alignment="center")
            last = col
    ax.points(
        [its[0]],
        [run.values[0]],
        label=named("start x₀ = ", o.variable) + fmt(its[0]),
        marker=cv.style.point(1),
        color=cv.style.colour(2),
    )
    end = visible[-1]
    done = run.converged and shown == len(its) - 1
    fend = f.at(end)
    ax.points(
        [end],
        [fend],
        label=(named("root x = ", o.variable) + fmt(end) if done
               else f"{o.variable}{_sub(shown)} = {fmt(end)}"),
        marker=cv.style.point(0),
        color=ACCENT,
    )
    # near a root f(xᵢ) is a difference of much larger terms: round-off next to f(x₀) prints as 0
    fscale = magnitude(run.values[:1])
    rows = tuple(
        (str(i), fmt(x, 8), fmt(v, 4, fscale))
        for i, (x, v) in enumerate(zip(run.iterates, run.values, strict=False))
    )
    v = o.variable
    table = Table(tuple(named(h, v) for h in ("i", "xᵢ", "f(xᵢ)")), rows[: shown + 1])
    if run.converged:
        outcome = named("converged to x = ", v) + f"{fmt(run.root, 8)} in {run.steps} steps"
    else:
        outcome = f"no root: {run.reason}"
    lines = (named("f(x) = ", v) + f.unicode, named("f′(x) = ", v) + df.unicode, outcome)
    return DrawInfo(
        "newton",
        lines,
        table,
        {"root": run.root, "converged": run.converged, "reason": run.reason, "iterates": tuple(its)},
    )

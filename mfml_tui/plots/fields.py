"""Plot kinds of two variables: contour, descent, lagrange, surface.

Level curves come from `levels.level_segments` on a grid as fine as the plot's pixels (capped), drawn
as a scatter with the finest marker; arrows are glyphs placed with `text`, pointing the way they look
on screen (cells are about twice as tall as wide).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from mfml_tui.engine.optimise import gradient_descent, stationary_points_lagrange

from . import options as O
from .base import MAX_GRID, MAX_STEPS, DrawInfo, Table, fmt, fmt_point, magnitude, window_scale
from .canvas import Canvas, Panel
from .levels import auto_levels, dedupe_pixels, level_count, level_segments, segments_to_points
from .maths import Fn, grid
from .registry import LABELS, TITLE, VARIABLES, kind
from .style import ACCENT, LEVEL_COLOURS

XY = ("x", "y")
MAX_STATIONARY = 12


def _f2(doc: str = "a function of x and y") -> O.Opt:
    return O.Opt("f", O.function(), O.REQUIRED, doc, "expression")  # in the plot's variables


def _common2(levels_default: int | None = 8) -> tuple[O.Opt, ...]:
    return (
        O.Opt("x", O.span, (-3.0, 3.0), "the x range", "[lo, hi]"),
        O.Opt("y", O.span, (-3.0, 3.0), "the y range", "[lo, hi]"),
        O.Opt(
            "levels",
            O.levels,
            levels_default,
            "how many level curves, or the list of levels",
            "integer or list of numbers",
        ),
        TITLE,
        LABELS,
        VARIABLES,
    )


def _names(o: O.Resolved) -> tuple[str, str]:
    """The plot's two variables (x, y unless the lesson names them: w, b)."""
    return tuple(getattr(o, "variables", None) or XY)  # type: ignore[return-value]


# ------------------------------------------------------------------------------------------ helpers


def grid_shape(ax: Panel, fine: bool = True) -> tuple[int, int]:
    """Grid for level curves: one sample per pixel of the marker (braille 2×4 per cell), capped."""
    px, py = ax.pixels(fine)
    return max(8, min(MAX_GRID[0], px + 1)), max(8, min(MAX_GRID[1], py + 1))


def draw_levels(
    ax: Panel,
    fn: Fn,
    levels,
    *,
    label: str | None = "level curves",
    colours=LEVEL_COLOURS,
    marker: str | None = None,
    values=None,
) -> list[float]:
    """Level curves of fn over the panel's window; returns the levels drawn."""
    nx, ny = grid_shape(ax)
    xs, ys, z = values if values is not None else grid(fn, ax.x_range, ax.y_range, nx, ny)
    # A count is the most the author wants: a small plot keeps fewer, or its curves merge into a solid map
    # … but at least half of them (the render check's rule): 9 asked, 5 drawn at least
    keep = max(-(-levels // 2), level_count(ax.rows, most=levels)) if isinstance(levels, int) else 0
    lv = auto_levels(z, min(levels, keep)) if isinstance(levels, int) else list(levels)
    marker = marker or ax.style.fine()
    ax.levels_asked += levels if isinstance(levels, int) else len(lv)
    for k, c in enumerate(lv):
        seg = level_segments(xs, ys, z, c)
        px, py = segments_to_points(seg, 3)
        px, py = dedupe_pixels(px, py, ax.x_range, ax.y_range, ax.pixels())
        ax.levels_drawn += bool(len(px))
        colour = colours[int(k * (len(colours) - 1) / max(1, len(lv) - 1))] if len(lv) > 1 else colours[0]
        ax.cloud(px, py, marker=marker, color=colour, label=label if k == 0 and label else None)
    return lv


def stationary_points(fn: Fn, x_range, y_range, limit: int = MAX_STATIONARY):
    """Where ∇f = 0 in the window, by Newton's method on ∇f from the local minima of |∇f| on a grid
    (all seeds at once, vectorised), classified by the Hessian: [(x, y, "minimum"|"maximum"|"saddle")]."""
    x, y = fn.variables  # x, y or the lesson's own names (w, b)
    fx, fy = fn.diff(x), fn.diff(y)
    fxx, fxy, fyy = fx.diff(x), fx.diff(y), fy.diff(y)
    n = 41
    xs, ys = np.linspace(*x_range, n), np.linspace(*y_range, n)
    X, Y = np.meshgrid(xs, ys)
    G = fx(X, Y) ** 2 + fy(X, Y) ** 2
    G = np.where(np.isfinite(G), G, np.inf)
    core = G[1:-1, 1:-1]
    is_min = np.ones_like(core, dtype=bool)
    for dj in (-1, 0, 1):
        for di in (-1, 0, 1):
            if dj or di:
                is_min &= core <= G[1 + dj : n - 1 + dj, 1 + di : n - 1 + di]
    is_min &= np.isfinite(core)
    j, i = np.nonzero(is_min)
    if j.size == 0:
        return []
    order = np.argsort(core[j, i])[:60]
    px, py = X[1:-1, 1:-1][j, i][order], Y[1:-1, 1:-1][j, i][order]
    with np.errstate(all="ignore"):
        for _ in range(30):
            gx, gy = fx(px, py), fy(px, py)
            a, b, d = fxx(px, py), fxy(px, py), fyy(px, py)
            det = a * d - b * b
            ok = np.isfinite(det) & (np.abs(det) > 1e-14)
            sdet = np.where(ok, det, 1.0)
            px = np.where(ok, px - (d * gx - b * gy) / sdet, px)
            py = np.where(ok, py - (a * gy - b * gx) / sdet, py)
        gx, gy = fx(px, py), fy(px, py)
    scale = max(1.0, float(np.sqrt(np.nanmedian(G))))
    out: list[tuple[float, float, str]] = []
    w, h = x_range[1] - x_range[0], y_range[1] - y_range[0]
    for qx, qy, ex, ey in zip(px, py, gx, gy, strict=True):
        if not (np.isfinite(qx) and np.isfinite(qy) and math.hypot(ex, ey) < 1e-7 * scale):
            continue
        if not (x_range[0] <= qx <= x_range[1] and y_range[0] <= qy <= y_range[1]):
            continue
        if any(abs(qx - p[0]) < 1e-5 * w and abs(qy - p[1]) < 1e-5 * h for p in out):
            continue
        out.append((float(qx), float(qy), classify(fxx.at(qx, qy), fxy.at(qx, qy), fyy.at(qx, qy))))
        if len(out) >= limit:
            break
    return sorted(out)


def classify(fxx: float, fxy: float, fyy: float) -> str:
    """The course's rule: |H| > 0 → extremum (H₁₁ > 0 minimum), |H| < 0 → saddle."""
    det = fxx * fyy - fxy * fxy
    if not math.isfinite(det) or abs(det) < 1e-12:
        return "degenerate"
    if det < 0:
        return "saddle"
    return "minimum" if fxx > 0 else "maximum"


_CLASS_POINT = {"minimum": 0, "maximum": 1, "saddle": 2, "degenerate": 3}


def mark_stationary(ax: Panel, pts) -> list[str]:
    lines = []
    for cls in ("minimum", "maximum", "saddle", "degenerate"):
        sel = [(x, y) for x, y, c in pts if c == cls]
        if sel:
            i = _CLASS_POINT[cls]
            ax.points(
                [p[0] for p in sel],
                [p[1] for p in sel],
                label=cls,
                marker=ax.style.point(i),
                color=ax.style.colour(i + 1),
            )
            lines += [f"{cls} at {fmt_point(p)}" for p in sel]
    return lines


#: the longest arrow of a field spans this much of its grid cell (so neighbours never touch)
ARROW_REACH = 0.9
#: an arrow shorter than this many screen cells has no room for a shaft: a dot (it is next to nothing)
ARROW_DOT = 0.5


@dataclass(frozen=True)
class ArrowField:
    """What `arrow_field` drew: how many arrows, and the largest |∇f| among them (the scale's unit)."""

    count: int
    longest: float
    #: (|vector|, cells its arrow spans on screen: 0 for a dot) for each arrow drawn
    lengths: tuple[tuple[float, int], ...] = ()

    def caption(self, name: str = "∇f") -> str:
        """The scale, said on screen: lengths are honest, one scale for all the arrows."""
        if not self.count or not (self.longest > 0):
            return f"arrows: {name} = 0 everywhere shown (dots)"
        return (f"arrow length ∝ |{name}| (the longest: |{name}| = {fmt(self.longest, 3)}); "
                f"a dot: |{name}| < {fmt(self.longest * ARROW_DOT / ARROW_REACH / 8, 2)}")


def arrow_field(ax: Panel, gx: Fn, gy: Fn, sign: float = 1.0, color=None) -> ArrowField:
    """A grid of arrows along sign·∇f (about one every 8 columns and 3 rows) with honest lengths.

    Every arrow is the vector itself times one scale (the longest spans ARROW_REACH of its grid cell):
    a shaft of `─ ╱ │ ╲` from the grid point and the head glyph at its tip. Near a minimum the
    arrows shrink to dots, so "J shrinks to nothing" can be seen; the caption states the scale.
    """
    nx = max(2, min(24, ax.cols // 8))
    ny = max(2, min(16, ax.rows // 3))
    (x0, x1), (y0, y1) = ax.x_range, ax.y_range
    cell_x, cell_y = (x1 - x0) / nx, (y1 - y0) / ny
    xs = x0 + (np.arange(nx) + 0.5) * cell_x
    ys = y0 + (np.arange(ny) + 0.5) * cell_y
    X, Y = np.meshgrid(xs, ys)
    U, V = sign * gx(X, Y), sign * gy(X, Y)
    ok = np.isfinite(U) & np.isfinite(V)
    # one scale k for all: the arrow that fills its cell most (in either direction) fills ARROW_REACH of it
    fill = np.where(ok, np.maximum(np.abs(U) / cell_x, np.abs(V) / cell_y), 0.0)
    k = ARROW_REACH / float(fill.max()) if fill.size and fill.max() > 0 else 0.0
    longest = float(np.hypot(U[ok], V[ok]).max()) if ok.any() else 0.0
    count = 0
    lengths: list[tuple[float, int]] = []
    for x, y, u, v, good in zip(X.ravel(), Y.ravel(), U.ravel(), V.ravel(), ok.ravel(), strict=True):
        if not good:
            continue
        count += 1
        sx, sy = ax.screen_vector(k * u, k * v)
        cells = float(np.hypot(sx, sy))
        if cells < ARROW_DOT:
            ax.arrow(float(x), float(y), 0.0, 0.0, color=color, yields=True)  # next to nothing: a dot
            lengths.append((float(np.hypot(u, v)), 0))
            continue
        # the shaft, one glyph per cell from the grid point, then the head at the tip
        # (whole cells: the head sits `round(cells)` cells away, so the shaft has no gaps)
        piece = ax.style.shaft(sx, sy)
        steps = max(1, round(cells))
        for j in range(steps):
            t = j / cells
            ax.text(piece, float(x + t * k * u), float(y + t * k * v), color=color, alignment="center",
                    yields=True)
        t = steps / cells
        ax.arrow(float(x + t * k * u), float(y + t * k * v), float(u), float(v), color=color, yields=True)
        lengths.append((float(np.hypot(u, v)), steps))
    return ArrowField(count, longest, tuple(lengths))


def _arrows_opt() -> O.Opt:
    return O.Opt(
        "arrows",
        O.choice("none", "gradient", "downhill"),
        "none",
        "arrow glyphs at grid points: ∇f (uphill) or −∇f (downhill, the sandpit's −J)",
        '"none" | "gradient" | "downhill"',
    )


def _setup(cv: Canvas, o: O.Resolved) -> Panel:
    (ax,) = cv.split()
    ax.title(_titled(o.title, _names(o)))
    ax.limits(o.x, o.y)
    return ax


def _titled(title: str, names: tuple[str, str]) -> str:
    """The title, naming the axes when the plot is in the lesson's variables (w, b) and the title does
    not already (x across and y up go without saying). In the title, not as plotext axis labels: a
    legend written below the frame takes the x label's place."""
    if names == XY or set(names) <= set(re.findall(r"[A-Za-z]+", title)):
        return title
    across = f"{names[0]} across, {names[1]} up"
    return f"{title} ({across})" if title else across


# ------------------------------------------------------------------------------------------ contour


@kind(
    "contour",
    "level curves of f(x, y), optional gradient arrows, stationary points marked and classified",
    (
        _f2(),
        *_common2(),
        _arrows_opt(),
        O.Opt("stationary", O.boolean, False, "find, mark and classify the stationary points", "bool"),
        O.Opt(
            "points", O.labelled_points(), (), 'points to mark: [[x, y], [x, y, "label"]]', "list of points"
        ),
    ),
    variables=XY,
)
def draw_contour(cv: Canvas, o: O.Resolved) -> DrawInfo:
    f: Fn = o.f
    ax = _setup(cv, o)
    label = o.labels[0] if o.labels else f"levels of f = {f.unicode}"
    lv = draw_levels(ax, f, o.levels, label=label)
    vx, vy = _names(o)
    lines = [f"f({vx}, {vy}) = {f.unicode}", "levels: " + ", ".join(fmt(v, 3) for v in lv)]
    values: dict = {"levels": tuple(lv)}
    if o.arrows != "none":
        gx, gy = f.diff(vx), f.diff(vy)
        field_ = arrow_field(ax, gx, gy, 1.0 if o.arrows == "gradient" else -1.0, color=ax.style.colour(1))
        way = "∇f, uphill" if o.arrows == "gradient" else "−∇f, downhill"
        lines.append(f"arrows: {way}; ∇f = ({gx.unicode}, {gy.unicode})")
        lines.append(field_.caption())
    if o.stationary:
        pts = stationary_points(f, o.x, o.y)
        values["stationary"] = tuple(pts)
        lines += mark_stationary(ax, pts) or ["no stationary points in view"]
    for (x, y), lab in o.points:
        ax.points([x], [y], label=lab or "point")
    return DrawInfo("contour", tuple(lines), values=values)


# ------------------------------------------------------------------------------------------ descent


@kind(
    "descent",
    "level curves and the path of gradient descent, the Hessian (Newton) step, or the hybrid",
    (
        _f2(),
        O.Opt("start", O.point(2), O.REQUIRED, "the starting point [x, y]", "[x, y]"),
        O.Opt(
            "method",
            O.choice("gradient", "hessian", "hybrid"),
            "gradient",
            "gradient: −γ∇f; hessian: −H⁻¹∇f; hybrid: Hessian unless uphill or longer than 2",
            '"gradient" | "hessian" | "hybrid"',
        ),
        O.Opt("gamma", O.number(0, 1e6, positive=True), 0.1, "the step size (aggression) γ", "number"),
        O.Opt("steps", O.integer(1, MAX_STEPS, cap=MAX_STEPS), 30, "the most steps", "integer"),
        O.Opt("show", O.integer(0, MAX_STEPS, cap=MAX_STEPS), None, "draw only the first n steps", "integer"),
        *_common2(),
        _arrows_opt(),
    ),
    variables=XY,
)
def draw_descent(cv: Canvas, o: O.Resolved) -> DrawInfo:
    f: Fn = o.f
    ax = _setup(cv, o)
    vx, vy = _names(o)
    gx, gy = f.diff(vx), f.diff(vy)
    hxx, hxy, hyy = gx.diff(vx), gx.diff(vy), gy.diff(vy)

    def fv(p):
        return f.at(p[0], p[1])

    def grad(p):
        return np.array([gx.at(p[0], p[1]), gy.at(p[0], p[1])])

    def hess(p):
        b = hxy.at(p[0], p[1])
        return np.array([[hxx.at(p[0], p[1]), b], [b, hyy.at(p[0], p[1])]])

    run = gradient_descent(
        fv, grad, o.start, gamma=o.gamma, steps=o.steps, method=o.method, hess=hess, bounds=[o.x, o.y]
    )
    pts = np.asarray(run.points)
    n = len(pts) - 1 if o.show is None else min(o.show, len(pts) - 1)
    path = pts[: n + 1]
    draw_levels(ax, f, o.levels, label=o.labels[0] if o.labels else f"levels of f = {f.unicode}")
    field_ = None
    if o.arrows != "none":
        field_ = arrow_field(ax, gx, gy, 1.0 if o.arrows == "gradient" else -1.0, color=ax.style.colour(4))
    if len(path) > 1:
        ax.polyline(
            path[:, 0],
            path[:, 1],
            marker=ax.style.line(1),
            color=ax.style.colour(1),
            label=f"{o.method} path",
        )
        ax.points(
            path[1:-1, 0], path[1:-1, 1], marker="o" if ax.style.unicode else "o", color=ax.style.colour(1)
        )
    ax.points([path[0, 0]], [path[0, 1]], label="start", marker=ax.style.point(1), color=ax.style.colour(2))
    end = path[-1]
    ax.points([end[0]], [end[1]], label=f"after {n} steps", marker=ax.style.point(0), color=ACCENT)
    finished = n == len(pts) - 1
    fend = f.at(end[0], end[1])
    # the path converges on a point: what is left of a coordinate next to the window, or of f next to
    # f(start), is round-off and prints as 0 (not (1.7×10⁻¹², 0))
    xy, fs = window_scale(o.x, o.y), magnitude(run.values[:1])
    lines = [
        f"f({vx}, {vy}) = {f.unicode}",
        f"{o.method} descent from {fmt_point(o.start)}"
        + (f", γ = {fmt(o.gamma)}" if o.method != "hessian" else ""),
        f"after {n} steps: {fmt_point(end, scale=xy)}, f = {fmt(fend, scale=fs)}",
    ]
    if finished:
        lines.append(f"outcome: {run.outcome}")
    if field_ is not None:
        lines.append(field_.caption())
    rows = []
    idx = list(range(len(path)))
    if len(idx) > 12:
        idx = idx[:6] + [-1] + idx[-5:]
    for i in idx:
        if i == -1:
            rows.append(("…", "…", "…", "…"))
            continue
        kindtxt = run.step_kinds[i - 1] if 0 < i <= len(run.step_kinds) else ""
        rows.append((str(i), fmt_point(path[i], scale=xy), fmt(run.values[i], scale=fs), kindtxt))
    table = Table(("step", f"({vx}, {vy})", "f", "step kind"), tuple(rows))
    return DrawInfo(
        "descent",
        tuple(lines),
        table,
        {
            "path": path,
            "end": tuple(float(v) for v in end),
            "f_end": fend,
            "outcome": run.outcome if finished else "stepping",
        },
    )


# ----------------------------------------------------------------------------------------- lagrange


@kind(
    "lagrange",
    "level curves of f, the constraint g = 0, the constrained stationary points with ∇f and ∇g",
    (
        _f2("the function to optimise"),
        O.Opt("g", O.function(), O.REQUIRED, "the constraint, read as g(x, y) = 0", "expression"),
        O.Opt(
            "starts",
            O.labelled_points(3, 40),
            None,
            "Newton starts [x, y, λ] (default: points spread along the constraint)",
            "list of [x, y, λ]",
        ),
        O.Opt("arrows", O.boolean, True, "show ∇f and ∇g at the maximum and minimum", "bool"),
        *_common2(),
    ),
    variables=XY,
)
def draw_lagrange(cv: Canvas, o: O.Resolved) -> DrawInfo:
    f: Fn = o.f
    g: Fn = o.g
    ax = _setup(cv, o)
    vx, vy = _names(o)
    fx, fy = f.diff(vx), f.diff(vy)
    gx, gy = g.diff(vx), g.diff(vy)
    fxx, fxy, fyy = fx.diff(vx), fx.diff(vy), fy.diff(vy)
    gxx, gxy, gyy = gx.diff(vx), gx.diff(vy), gy.diff(vy)

    # the Newton search runs from every start at once: each callable answers for a (k, 2) array of points
    def vec(a: Fn, b: Fn):
        return lambda P: np.stack([a(P[:, 0], P[:, 1]), b(P[:, 0], P[:, 1])], axis=-1)

    def mat(a: Fn, b: Fn, d: Fn):
        def m(P):
            x, y = P[:, 0], P[:, 1]
            off = b(x, y)
            return np.stack([np.stack([a(x, y), off], axis=-1), np.stack([off, d(x, y)], axis=-1)], axis=-2)

        return m

    draw_levels(ax, f, o.levels, label=o.labels[0] if o.labels else f"levels of f = {f.unicode}")
    nx, ny = grid_shape(ax)
    gvals = grid(g, o.x, o.y, nx, ny)
    seg = level_segments(*gvals, 0.0)
    px, py = segments_to_points(seg, 3)
    cx, cy = dedupe_pixels(px, py, o.x, o.y, ax.pixels())
    ax.cloud(
        cx,
        cy,
        marker=ax.style.line(1),
        color=ax.style.colour(1),
        label=o.labels[1] if len(o.labels) > 1 else f"constraint {g.unicode} = 0",
    )
    if o.starts:
        starts = [p for p, _ in o.starts]
    else:
        k = len(seg)
        picks = seg[np.linspace(0, k - 1, min(k, 24)).astype(int), 0] if k else np.empty((0, 2))
        starts = []
        for x, y in picks:
            a, b = np.array([fx.at(x, y), fy.at(x, y)]), np.array([gx.at(x, y), gy.at(x, y)])
            lam = float(a @ b / (b @ b)) if np.isfinite(b).all() and b @ b > 0 else 0.0
            starts.append((float(x), float(y), lam if math.isfinite(lam) else 0.0))
    found = stationary_points_lagrange(
        vec(fx, fy),
        mat(fxx, fxy, fyy),
        lambda P: g(P[:, 0], P[:, 1]),
        vec(gx, gy),
        mat(gxx, gxy, gyy),
        starts,
        max_steps=40,
        vectorised=True,
    )
    sols = [
        (float(r.x[0]), float(r.x[1]), float(r.lam))
        for r in found
        if o.x[0] <= r.x[0] <= o.x[1] and o.y[0] <= r.x[1] <= o.y[1]
    ]
    sols = [(x, y, lam, f.at(x, y)) for x, y, lam in sols]
    sols.sort(key=lambda s: s[3])
    # Newton's solve leaves round-off (λ = 1.012×10⁻²⁶ where 0 is meant): 0 next to the column or window
    xy, ls, fs = window_scale(o.x, o.y), magnitude(s[2] for s in sols), magnitude(s[3] for s in sols)
    lines = [
        f"f({vx}, {vy}) = {f.unicode}",
        f"constraint: {g.unicode} = 0",
        f"∇f = ({fx.unicode}, {fy.unicode}), ∇g = ({gx.unicode}, {gy.unicode})",
    ]
    values: dict = {"points": tuple(sols)}
    if sols:
        lo, hi = sols[0], sols[-1]
        values["min"], values["max"] = lo, hi
        # every point where f takes its largest (smallest) value is a max (min): symmetry often gives two
        tie = 1e-9 * max(1.0, fs)
        tops = [p for p in sols if p[3] >= hi[3] - tie]
        bottoms = [p for p in sols if p[3] <= lo[3] + tie] if lo[3] < hi[3] - tie else []
        others = [p for p in sols if p not in tops and p not in bottoms]
        values["maxima"], values["minima"] = tuple(tops), tuple(bottoms)
        if others:
            ax.points(
                [s[0] for s in others],
                [s[1] for s in others],
                label="stationary on g = 0",
                marker=ax.style.point(2),
                color=ax.style.colour(3),
            )
        ax.points(
            [p[0] for p in tops],
            [p[1] for p in tops],
            label=f"max f = {fmt(hi[3], scale=fs)}",
            marker=ax.style.point(1),
            color=ax.style.colour(2),
        )
        if bottoms:
            ax.points(
                [p[0] for p in bottoms],
                [p[1] for p in bottoms],
                label=f"min f = {fmt(lo[3], scale=fs)}",
                marker=ax.style.point(0),
                color=ACCENT,
            )
        if o.arrows:
            for s in [hi, lo] if len(sols) > 1 else [hi]:
                _grad_pair(ax, s, (fx, fy), (gx, gy))
    rows = tuple((fmt_point(s[:2], scale=xy), fmt(s[2], scale=ls), fmt(s[3], scale=fs)) for s in sols)
    table = Table((f"({vx}, {vy})", "λ", "f"), rows) if rows else None
    if not sols:
        lines.append("no stationary point on the constraint found in view")
    return DrawInfo("lagrange", tuple(lines), table, values)


def _grad_pair(ax: Panel, s, gf, gg) -> None:
    """∇f and ∇g at a solution, as labelled glyphs either side of it: parallel arrows show ∇f = λ∇g."""
    x, y = s[0], s[1]
    dx = 0.04 * (ax.x_range[1] - ax.x_range[0])
    uni = ax.style.unicode
    for sign, (a, b), name in ((1, gf, "∇f" if uni else "grad f"), (-1, gg, "∇g" if uni else "grad g")):
        u, v = a.at(x, y), b.at(x, y)
        glyph = ax.style.arrow(*ax.screen_vector(u, v))
        txt = f"{name}{glyph}" if sign > 0 else f"{glyph}{name}"
        ax.text(
            txt,
            x + sign * dx,
            y,
            color=ax.style.colour(2 if sign > 0 else 1),
            alignment="left" if sign > 0 else "right",
        )


# ------------------------------------------------------------------------------------------ surface

RAMP_UNICODE = " ·:-=+*#%@"
RAMP_ASCII = " .:-=+*#%@"


@kind(
    "surface",
    "a shaded view of f(x, y): denser characters are higher; stationary points named",
    (
        _f2(),
        O.Opt("x", O.span, (-3.0, 3.0), "the x range", "[lo, hi]"),
        O.Opt("y", O.span, (-3.0, 3.0), "the y range", "[lo, hi]"),
        O.Opt("stationary", O.boolean, True, "find, name and classify the stationary points", "bool"),
        O.Opt("bands", O.integer(3, 10), 9, "number of shading bands", "integer 3…10"),
        TITLE,
        VARIABLES,
    ),
    variables=XY,
)
def draw_surface(cv: Canvas, o: O.Resolved) -> DrawInfo:
    f: Fn = o.f
    ax = _setup(cv, o)
    cx, cy = grid_shape(ax, fine=False)
    nx, ny = min(MAX_GRID[0], 2 * cx), min(MAX_GRID[1], 2 * cy)  # denser than the cells: no blank columns
    xs, ys, z = grid(f, o.x, o.y, nx, ny)
    fin = z[np.isfinite(z)]
    vx, vy = _names(o)
    lines = [f"f({vx}, {vy}) = {f.unicode}"]
    values: dict = {}
    if fin.size:
        lo, hi = float(fin.min()), float(fin.max())
        ramp = RAMP_UNICODE if ax.style.unicode else RAMP_ASCII
        nb = o.bands
        chars = [ramp[round(1 + k * (len(ramp) - 2) / max(1, nb - 1))] for k in range(nb)]
        band = np.clip(((z - lo) / (hi - lo if hi > lo else 1.0) * nb).astype(int), 0, nb - 1)
        X, Y = np.meshgrid(xs, ys)
        for k in range(nb):
            sel = (band == k) & np.isfinite(z)
            if sel.any():
                colour = LEVEL_COLOURS[int(k * (len(LEVEL_COLOURS) - 1) / max(1, nb - 1))]
                ax.cloud(X[sel], Y[sel], marker=chars[k], color=colour)
        lines.append(f"shading: '{chars[0]}' lowest ({fmt(lo)}) … '{chars[-1]}' highest ({fmt(hi)})")
        values["range"] = (lo, hi)
    if o.stationary:
        pts = stationary_points(f, o.x, o.y)
        values["stationary"] = tuple(pts)
        for x, y, cls in pts:
            short = {"minimum": "min", "maximum": "max", "saddle": "saddle", "degenerate": "?"}[cls]
            ax.text(short, x, y, color=ACCENT, alignment="center")
        lines += [f"{cls} at {fmt_point((x, y))}" for x, y, cls in pts] or ["no stationary points in view"]
    return DrawInfo("surface", tuple(lines), values=values)

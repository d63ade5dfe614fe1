"""Plot kinds of data and models: fit (data, model, residuals) and landscape (χ² over two parameters).

Built-in data: "heights" (the course lab's histogram, as a density) and "anscombe-1" … "anscombe-4".
A model is "line" (closed-form least squares), "gaussian" (parameters mu, sigma) or any expression
in x and named parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from mfml_tui import engine as E
from mfml_tui.engine import regression as R
from mfml_tui.engine.printing import UNICODE

from . import options as O
from .base import MAX_POINTS, MAX_STEPS, DrawInfo, Table, fmt, fmt_point, window_scale
from .canvas import Canvas, Panel, auto_range
from .fields import draw_levels
from .levels import auto_levels
from .maths import Fn, compile_fn, values_of
from .registry import LABELS, TITLE, kind
from .style import ACCENT, GUIDE

GAUSSIAN = "exp(-(x - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))"
#: grid cells × data points for one χ² map: the heights' 100 bins get ~6000 cells (a 105×57 grid where
#: braille at 80×24 has 142×80 pixels: the level curves look the same, the map costs a third)
MAX_LANDSCAPE_WORK = 600_000
#: data points × grid cells evaluated in one call of the model: its temporaries (400 kB each) stay in
#: a core's cache (2 MB L2); 200 000 took 1.6× as long for the same numbers
CHI_BLOCK = 50_000


@dataclass(frozen=True)
class Data:
    name: str
    x: np.ndarray
    y: np.ndarray
    sigma: np.ndarray | None = None
    histogram: bool = False
    width: float = 0.0


def data_opt(v: Any, ctx: O.Ctx) -> Data:
    """A built-in data set by name, or a list of [x, y] / [x, y, σ] rows."""
    if isinstance(v, str):
        if v == "heights":
            return Data("heights", R.HEIGHTS_BIN_CENTRES, R.HEIGHTS_DENSITY, None, True, R.HEIGHTS_BIN_WIDTH)
        if v.startswith("anscombe-") and v[9:] in ("1", "2", "3", "4"):
            ds = R.anscombe()[int(v[9:]) - 1]
            return Data(f"Anscombe {ds.name}", np.asarray(ds.x, float), np.asarray(ds.y, float))
        raise O.Bad(f'unknown data set {v!r} (built in: "heights", "anscombe-1" … "anscombe-4")')
    if not isinstance(v, list | tuple) or not v:
        raise O.Bad("expected a data set name or a list of [x, y] (or [x, y, σ]) rows")
    if len(v) > MAX_POINTS:
        raise O.Bad(f"at most {MAX_POINTS} data points, got {len(v)}")
    rows = []
    for r in v:
        if not isinstance(r, list | tuple) or len(r) not in (2, 3):
            raise O.Bad(f"each row is [x, y] or [x, y, σ], got {r!r}")
        rows.append([O._num(c) for c in r])
    if len({len(r) for r in rows}) != 1:
        raise O.Bad("give σ for every row or for none")
    a = np.array(rows, dtype=float)
    sig = a[:, 2] if a.shape[1] == 3 else None
    if sig is not None and np.any(sig <= 0):
        raise O.Bad("every σ must be positive")
    return Data("data", a[:, 0], a[:, 1], sig)


def _param_names(raw) -> tuple[str, ...]:
    """The model's parameter names as the engine spells them ("mu" → "μ"), from the raw options."""
    model = raw.get("model", "line")
    if model == "line":
        return ("m", "c")
    if model == "gaussian":
        return ("mu", "sigma")
    params = raw.get("params")
    if not isinstance(params, dict):
        return ()
    return tuple(n for n in (_symbol(k) for k in params) if n)


def _symbol(key: str) -> str | None:
    try:
        e = E.parse(str(key))
    except E.EngineError:
        return None
    return e.name if isinstance(e, E.Sym) else None


def model_opt(v: Any, ctx: O.Ctx) -> Fn | str:
    if v == "line":
        return "line"
    text = GAUSSIAN if v == "gaussian" else v
    return O.function(("x",))(text, ctx)


def params_opt(ranges: bool):
    """{name = value} (fit) or {name = [lo, hi]} (landscape), keyed by the engine's symbol names."""

    def conv(v: Any, ctx: O.Ctx) -> dict[str, Any]:
        if not isinstance(v, dict) or not v:
            raise O.Bad("expected a table { name = value, … }")
        out = {}
        for k, val in v.items():
            name = _symbol(k)
            if name is None:
                raise O.Bad(f"{k!r} is not a parameter name")
            out[name] = O.span(val, ctx) if ranges else O._num(val)
        return out

    return conv


def _sigma_opt(v: Any, ctx: O.Ctx):
    vals = O.numbers(MAX_POINTS, positive=True)(v, ctx)
    return vals[0] if len(vals) == 1 else np.array(vals)


def _data_opts() -> tuple[O.Opt, ...]:
    return (
        O.Opt(
            "data",
            data_opt,
            O.REQUIRED,
            '"heights", "anscombe-1"…"anscombe-4", or [[x, y], …] / [[x, y, σ], …]',
            "name or rows",
        ),
        O.Opt(
            "sigma",
            _sigma_opt,
            None,
            "the uncertainty σ of every point (one number or one per point)",
            "number or list",
        ),
        O.Opt(
            "model",
            model_opt,
            "line",
            '"line" (y = m·x + c), "gaussian" (mu, sigma) or an expression in x and parameters',
            "string",
        ),
    )


def _sigma(o: O.Resolved) -> np.ndarray | None:
    d: Data = o.data
    if o.sigma is not None:
        return (
            np.broadcast_to(np.asarray(o.sigma, dtype=float), d.x.shape).copy()
            if np.ndim(o.sigma) == 0
            else np.asarray(o.sigma, dtype=float)
        )
    return d.sigma


def _model_fn(o: O.Resolved) -> Fn:
    if o.model == "line":
        return compile_fn("m x + c", ("x",), ("m", "c"))
    return o.model


def _check_sigma(o: O.Resolved) -> list[str]:
    if o.sigma is not None and np.ndim(o.sigma) == 1 and len(o.sigma) != len(o.data.x):
        return [f"sigma: {len(o.sigma)} values for {len(o.data.x)} data points"]
    return []


def _draw_data(ax: Panel, d: Data, sigma, label: str) -> None:
    if d.histogram:
        edges_x = np.repeat(np.concatenate([d.x - d.width / 2, [d.x[-1] + d.width / 2]]), 2)[1:-1]
        edges_y = np.repeat(d.y, 2)
        ax.polyline(edges_x, edges_y, marker=ax.style.line(0), color=ax.style.colour(0), label=label)
        return
    if sigma is not None:
        for x, y, s in zip(d.x, d.y, sigma, strict=True):
            ax.segment((x, y - s), (x, y + s), marker=ax.style.fine(), color=GUIDE)
    ax.points(d.x, d.y, label=label, marker=ax.style.point(0), color=ax.style.colour(0))


def _chi2(d: Data, model_y, sigma) -> float:
    return R.chi_squared(d.y, model_y, sigma)


# ---------------------------------------------------------------------------------------------- fit


def _fit_check(o: O.Resolved) -> list[str]:
    out = _check_sigma(o)
    if o.model != "line" and o.params is None:
        out.append("params: a model needs its parameter values, e.g. params = { mu = 160, sigma = 15 }")
    if o.params is not None:
        names = set(_model_fn(o).params)
        extra = set(o.params) - names
        missing = names - set(o.params)
        if extra:
            out.append(f"params: {', '.join(sorted(extra))} not in the model")
        if missing and (o.model != "line" or len(missing) != 2):
            out.append(f"params: no value for {', '.join(sorted(missing))}")
    return out


@kind(
    "fit",
    "data points (or the heights histogram), a fitted or given model, χ², optional residuals panel",
    (
        *_data_opts(),
        O.Opt(
            "params",
            params_opt(False),
            None,
            "parameter values: the line's { m, c } (drawn instead of the best fit) or a model's values "
            "(the start when fit = true)",
            "table",
        ),
        O.Opt(
            "fit",
            O.boolean,
            None,
            "fit the model (line: closed form; other models: steepest descent "
            "from params). Default: true for a line without params, false otherwise",
            "bool",
        ),
        O.Opt(
            "gamma",
            O.number(0, 1e9, positive=True),
            1.0,
            "steepest-descent aggression for a model fit",
            "number",
        ),
        O.Opt("steps", O.integer(1, MAX_STEPS, cap=MAX_STEPS), 50, "steepest-descent steps", "integer"),
        O.Opt("residuals", O.boolean, False, "add a panel of residuals yᵢ − model(xᵢ)", "bool"),
        O.Opt("x", O.span, None, "the x range (default: the data's)", "[lo, hi]"),
        O.Opt("y", O.span, None, "the y range (default: the data's)", "[lo, hi]"),
        TITLE,
        LABELS,
    ),
    params=_param_names,
    check=_fit_check,
)
def draw_fit(cv: Canvas, o: O.Resolved) -> DrawInfo:
    d: Data = o.data
    sigma = _sigma(o)
    model = _model_fn(o)
    panels = cv.split(2 if o.residuals else 1, 1)
    ax = panels[0]
    ax.title(o.title)
    fit = o.fit if o.fit is not None else (o.model == "line" and o.params is None)
    lines: list[str] = []
    values: dict = {}
    table = None
    if o.model == "line":
        best = R.linear_fit(d.x, d.y, sigma)
        if o.params is not None and {"m", "c"} <= set(o.params):
            p = {"m": o.params["m"], "c": o.params["c"]}
            shown = "your line"
        else:
            p = {"m": best.m, "c": best.c}
            shown = "best fit"
        values.update(m=p["m"], c=p["c"], best_m=best.m, best_c=best.c)
        lines.append(f"{shown}: y = {fmt(p['m'])}·x + {fmt(p['c'])}".replace("+ −", "− "))
        if shown == "your line" and fit:
            lines.append(f"best fit: y = {fmt(best.m)}·x + {fmt(best.c)}".replace("+ −", "− "))
        lines.append(f"centre of mass (x̄, ȳ) = {fmt_point((best.x_bar, best.y_bar))}")
        if sigma is not None:
            lines.append(f"σ_m = {fmt(best.sigma_m)}, σ_c = {fmt(best.sigma_c)}")
        show_best = shown == "your line" and fit
    else:
        p = dict(o.params)
        if fit:
            names = model.params
            dm = [model.diff(n) for n in names]

            def f_model(x, q):
                return model(x, **dict(zip(names, q, strict=True)))

            def d_model(x, q):
                kw = dict(zip(names, q, strict=True))
                return np.stack([np.broadcast_to(g(x, **kw), np.shape(x)) for g in dm])

            path = R.fit_steepest_descent(
                f_model,
                d_model,
                d.x,
                d.y,
                [p[n] for n in names],
                aggression=o.gamma,
                steps=o.steps,
                sigma=sigma,
            )
            p = dict(zip(names, (float(v) for v in path.best), strict=True))
            lines.append(
                f"steepest descent from {', '.join(f'{n} = {fmt(o.params[n])}' for n in names)}: "
                f"{path.reason}"
            )
            rows = tuple(
                (str(i), *(fmt(v) for v in path.params[i]), fmt(path.chi2[i]))
                for i in _sample_rows(len(path.params))
            )
            table = Table(("step", *names, "χ²"), rows)
        lines.append("model: " + model.unicode)
        lines.append(", ".join(f"{n} = {fmt(v)}" for n, v in p.items()))
        values["params"] = p
        show_best = False
        best = None
    fitted = model.substitute(p)
    chi2 = _chi2(d, fitted(d.x), sigma)
    values["chi2"] = chi2
    lines.append(f"χ² = {fmt(chi2)}")
    lo, hi = o.x or _pad(d.x if not d.histogram else d.x[d.y > 0], 0.08 if not d.histogram else 0.4)
    ax.limits((lo, hi))
    xs = np.linspace(lo, hi, ax.samples())
    curve = fitted(xs)
    ax.limits(
        y_range=o.y
        or auto_range(
            [d.y[(d.x >= lo) & (d.x <= hi)], curve]
            + ([d.y + sigma, d.y - sigma] if sigma is not None else [])
        )
    )
    if d.histogram:  # bars under the model curve
        _draw_data(ax, d, sigma, o.labels[0] if o.labels else d.name)
    ax.curve(
        xs,
        curve,
        label=o.labels[1]
        if len(o.labels) > 1
        else (
            "model"
            if o.model != "line"
            else ("your line" if show_best or (o.params and o.model == "line") else "best fit line")
        ),
        marker=cv.style.line(1),
        color=cv.style.colour(1),
    )
    if show_best:
        ax.curve(xs, best.m * xs + best.c, label="best fit line", marker=cv.style.line(2), color=ACCENT)
    if not d.histogram:  # data points last, on top of the lines, so none is hidden (Anscombe III)
        _draw_data(ax, d, sigma, o.labels[0] if o.labels else d.name)
    if o.model == "line" and best is not None:
        ax.points([best.x_bar], [best.y_bar], label="centre of mass", marker=cv.style.point(1), color=ACCENT)
    if o.residuals:
        rx = panels[1]
        rx.limits((lo, hi))
        res = d.y - fitted(d.x)
        rx.limits(y_range=auto_range([res, np.array([0.0])]))
        rx.hline(0.0)
        for x, r in zip(d.x, res, strict=True):
            if r != 0 or not d.histogram:
                rx.segment((x, 0.0), (x, r), marker=cv.style.fine(), color=GUIDE)
        rx.points(d.x, res, label="residuals", marker=cv.style.point(2), color=cv.style.colour(2))
    return DrawInfo("fit", tuple(lines), table, values)


def _sample_rows(n: int) -> list[int]:
    return list(range(n)) if n <= 12 else [*range(6), *range(n - 5, n)]


def _pad(v: np.ndarray, frac: float) -> tuple[float, float]:
    lo, hi = float(np.min(v)), float(np.max(v))
    d = (hi - lo) * frac or 1.0
    return lo - d, hi + d


# ---------------------------------------------------------------------------------------- landscape


def _zoom_minimum(chi_grid, best, a_rng, b_rng, cell, rounds: int = 400) -> tuple[float, float, float]:
    """Refine a grid minimum of χ² by pattern search: a 7×7 grid around the best point moves to its
    best cell, and shrinks to a quarter when the centre is best (the minimum is then within a grid
    spacing, a sixth of the grid; where it is not, in a narrow valley, the next rounds move), kept in view.

    Needs no derivatives (any model). It stops when the printed answer can no longer change: the steps
    are 10⁻⁴ of the last printed digit of a and b and the whole 7×7 grid lies within 10⁻⁴ of χ²'s last
    digit (the heights' example: 24 rounds; halving to 10⁻¹² of the range took 55); or, where that never
    holds (a minimum at 0, χ² → 0 on an exact fit: digits that print as 0), at 10⁻¹² of the range.
    """
    a, b, c = (float(v) for v in best)
    da, db = float(cell[0]), float(cell[1])
    small = 1e-12 * max(a_rng[1] - a_rng[0], b_rng[1] - b_rng[0])
    for _ in range(rounds):
        if max(da, db) < small:
            break
        As = np.clip(np.linspace(a - da, a + da, 7), *a_rng)
        Bs = np.clip(np.linspace(b - db, b + db, 7), *b_rng)
        grid = chi_grid(As, Bs)
        grid = np.where(np.isfinite(grid), grid, np.inf)
        j, i = np.unravel_index(np.argmin(grid), grid.shape)
        if grid[j, i] < c:
            a, b, c = float(As[i]), float(Bs[j]), float(grid[j, i])
        elif da < UNSEEN * _digit(a) and db < UNSEEN * _digit(b) and np.max(grid) - c < UNSEEN * _digit(c):
            break
        else:
            da, db = da / 4, db / 4
    return a, b, c


UNSEEN = 1e-4  #: a change this fraction of a number's last printed digit does not show (`_zoom_minimum`)


def _digit(v: float) -> float:
    """The unit of the last digit `fmt(v)` prints (4 significant digits; whole numbers up to 10⁶ in
    full), 0 for 0 and non-finite values."""
    a = abs(v)
    if a == 0 or not math.isfinite(a):
        return 0.0
    unit = 10.0 ** (math.floor(math.log10(a)) - 3)
    return min(unit, 1.0) if 1e4 <= a < 1e6 else unit


def _landscape_check(o: O.Resolved) -> list[str]:
    out = _check_sigma(o)
    if o.model != "line" and o.params is None:
        out.append(
            "params: give the two parameters and their ranges, e.g. { mu = [150, 200], sigma = [2, 35] }"
        )
    elif o.params is not None:
        if len(o.params) != 2:
            out.append(f"params: exactly two parameters (the map's axes), got {len(o.params)}")
        model_params = set(_model_fn(o).params)
        if set(o.params) != model_params:
            out.append(f"params: the model's parameters are {', '.join(sorted(model_params))}")
    return out


@kind(
    "landscape",
    "χ² over two parameters as level curves, with the steepest-descent path from a start",
    (
        *_data_opts(),
        O.Opt(
            "params",
            params_opt(True),
            None,
            "the two parameters and their ranges: { mu = [150, 200], sigma = [2, 35] } (the first is "
            "across). Default for a line: around the best fit",
            "table of ranges",
        ),
        O.Opt("start", O.point(2), None, "start of the steepest-descent path [a, b]", "[a, b]"),
        O.Opt("gamma", O.number(0, 1e9, positive=True), 1.0, "steepest-descent aggression", "number"),
        O.Opt("steps", O.integer(1, MAX_STEPS, cap=MAX_STEPS), 50, "steepest-descent steps", "integer"),
        O.Opt("show", O.integer(0, MAX_STEPS, cap=MAX_STEPS), None, "draw only the first n steps", "integer"),
        O.Opt(
            "levels", O.levels, 10, "how many level curves of χ², or the list of levels", "integer or list"
        ),
        TITLE,
        LABELS,
    ),
    params=_param_names,
    check=_landscape_check,
)
def draw_landscape(cv: Canvas, o: O.Resolved) -> DrawInfo:
    d: Data = o.data
    sigma = _sigma(o)
    model = _model_fn(o)
    if o.params is not None:
        (a_name, a_rng), (b_name, b_rng) = list(o.params.items())
    else:
        best = R.linear_fit(d.x, d.y, sigma)
        a_name, b_name = "m", "c"
        a_rng = (best.m - max(1.0, 2 * abs(best.m)), best.m + max(1.0, 2 * abs(best.m)))
        b_rng = (best.c - max(1.0, 2 * abs(best.c)), best.c + max(1.0, 2 * abs(best.c)))
    a_show, b_show = (UNICODE.symbol(name) for name in (a_name, b_name))  # mu, sigma shown as μ, σ
    (ax,) = cv.split()
    ax.title(o.title)
    ax.limits(a_rng, b_rng)
    ax.labels(a_show, b_show)
    # χ²(a, b) on a grid: one broadcast evaluation over (data point, row, column), capped in size
    px, py = ax.pixels()
    n = max(1, d.x.size)
    cells = max(64, MAX_LANDSCAPE_WORK // n)
    scale = min(1.0, math.sqrt(cells / max(1, px * py)))
    nx, ny = max(8, int(px * scale)), max(8, int(py * scale))
    A, B = np.linspace(*a_rng, nx), np.linspace(*b_rng, ny)
    w = 1.0 / np.asarray(sigma, dtype=float) ** 2 if sigma is not None else np.ones(n)
    xcol = d.x[:, None]

    def chi_grid(As: np.ndarray, Bs: np.ndarray) -> np.ndarray:
        # as many rows per call of the model as keep a call under CHI_BLOCK values: few calls, bounded
        # memory for large data. The parameters go in as a row and a column (not broadcast to the
        # block): what depends on one of them alone, σ² or 1/(σ√2π), is computed once a row
        out = np.zeros((len(Bs), len(As)))
        rows = max(1, CHI_BLOCK // (n * len(As)))
        for j in range(0, len(Bs), rows):
            pa, pb = As[None, None, :], Bs[None, j : j + rows, None]
            (pred,) = values_of([model], xcol[:, :, None], **{a_name: pa, b_name: pb})
            out[j : j + rows] = np.sum(w[:, None, None] * (d.y[:, None, None] - pred) ** 2, axis=0)
        return out

    chi = chi_grid(A, B)
    lv = auto_levels(np.log(np.where(chi > 0, chi, np.nan)), o.levels) if isinstance(o.levels, int) else None
    levels = tuple(float(np.exp(v)) for v in lv) if lv is not None else o.levels
    draw_levels(ax, model, levels, label=o.labels[0] if o.labels else "levels of χ²", values=(A, B, chi))
    j, i = np.unravel_index(np.nanargmin(np.where(np.isfinite(chi), chi, np.inf)), chi.shape)
    # the grid's best cell is only near the minimum (0.0144 at m = 1.79 where the fit gives 0.01 at 2):
    # zoom in on it so the note agrees with the lesson's fit
    ma, mb, mchi = _zoom_minimum(chi_grid, (A[i], B[j], chi[j, i]), a_rng, b_rng, (A[1] - A[0], B[1] - B[0]))
    # round-off prints as 0: a parameter next to its axis, χ² next to the largest on the map (an exact
    # fit's 1.6×10⁻³⁰ is 0, and c = 5.6×10⁻¹⁷ on an axis of −2 … 2 is 0)
    finite = chi[np.isfinite(chi)]
    a_scale, b_scale = window_scale(a_rng), window_scale(b_rng)
    chi_scale = float(np.max(np.abs(finite))) if finite.size else 0.0

    def fa(v):
        return fmt(v, scale=a_scale)

    def fb(v):
        return fmt(v, scale=b_scale)

    def fc(v):
        return fmt(v, scale=chi_scale)

    lines = [
        "model: " + model.unicode,
        f"smallest χ² in view: {fc(mchi)} at {a_show} = {fa(ma)}, {b_show} = {fb(mb)}",
    ]
    values: dict = {"grid_min": (float(A[i]), float(B[j]), float(chi[j, i])), "min": (ma, mb, mchi)}
    table = None
    if o.start is not None:
        names = model.params
        order = [names.index(a_name), names.index(b_name)]
        dm = [model.diff(nm) for nm in names]

        def kw(q):
            return {names[order[0]]: q[0], names[order[1]]: q[1]}

        # the model and its two derivatives in one evaluation at each step (they share the model's
        # exponential): χ² at the new point asks for the model first, the next step's gradient for the
        # derivatives at the same point, which are then already there
        at: list = [None, None, None]  # the data, the point (its bytes) and the derivatives there

        def f_model(x, q):
            value, *derivatives = values_of([model, *dm], x, **kw(q))
            at[:] = [x, np.asarray(q, dtype=float).tobytes(), derivatives]
            return value

        def d_model(x, q):
            if at[0] is x and at[1] == np.asarray(q, dtype=float).tobytes():
                found = at[2]
            else:
                found = values_of(dm, x, **kw(q))
            rows = [np.broadcast_to(r, np.shape(x)) for r in found]
            return np.stack([rows[order[0]], rows[order[1]]])

        path = R.fit_steepest_descent(
            f_model, d_model, d.x, d.y, list(o.start), aggression=o.gamma, steps=o.steps, sigma=sigma
        )
        pts = np.asarray(path.params)
        k = len(pts) - 1 if o.show is None else min(o.show, len(pts) - 1)
        shown = pts[: k + 1]
        if len(shown) > 1:
            ax.polyline(
                shown[:, 0],
                shown[:, 1],
                marker=cv.style.line(1),
                color=cv.style.colour(1),
                label="steepest descent",
            )
        ax.points(
            [shown[0, 0]], [shown[0, 1]], label="start", marker=cv.style.point(1), color=cv.style.colour(2)
        )
        ax.points(
            [shown[-1, 0]], [shown[-1, 1]], label=f"after {k} steps", marker=cv.style.point(0), color=ACCENT
        )
        lines.append(
            f"after {k} steps: {a_show} = {fa(shown[-1, 0])}, {b_show} = {fb(shown[-1, 1])}, "
            f"χ² = {fc(path.chi2[k])}"
        )
        if k == len(pts) - 1:
            lines.append(path.reason)
        rows = tuple(
            (str(i), fa(shown[i, 0]), fb(shown[i, 1]), fc(path.chi2[i])) for i in _sample_rows(len(shown))
        )
        table = Table(("step", a_show, b_show, "χ²"), rows)
        values.update(path=shown, end=(float(shown[-1, 0]), float(shown[-1, 1])), chi2=float(path.chi2[k]))
    return DrawInfo("landscape", tuple(lines), table, values)

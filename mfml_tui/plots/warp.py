"""Plot kind `gridwarp`: a small grid in the (x, y) plane beside its image under a map (u, v).

"Area scales by |det J|" is a claim about pictures, so this kind draws it: each cell of the grid
is mapped (its edges sampled, so curved maps bend them), det J is written at the image of the
cell's centre, and the table compares it with the image's measured area. A negative det J shows
as a flip: the corner labels A → B → C run anticlockwise in the grid and clockwise in the image.
"""

from __future__ import annotations

import numpy as np

from mfml_tui.engine import build as B
from mfml_tui.engine import to_unicode

from . import options as O
from .base import DrawInfo, Table, fmt
from .canvas import Canvas
from .registry import TITLE, kind
from .style import ACCENT

XY = ("x", "y")
EDGE_SAMPLES = 24  # points along each cell edge: enough for a smooth curve and a good area


def _cells_edge(x0: float, x1: float, y0: float, y1: float, k: int = EDGE_SAMPLES) -> tuple[np.ndarray, ...]:
    """The boundary of one cell, anticlockwise from (x0, y0), as sample points (closed)."""
    t = np.linspace(0.0, 1.0, k, endpoint=False)
    xs = np.concatenate([x0 + (x1 - x0) * t, np.full(k, x1), x1 - (x1 - x0) * t, np.full(k, x0), [x0]])
    ys = np.concatenate([np.full(k, y0), y0 + (y1 - y0) * t, np.full(k, y1), y1 - (y1 - y0) * t, [y0]])
    return xs, ys


def signed_area(us: np.ndarray, vs: np.ndarray) -> float:
    """Shoelace formula: positive for an anticlockwise loop, negative for a clockwise one."""
    return 0.5 * float(np.sum(us[:-1] * vs[1:] - us[1:] * vs[:-1]))


def _fmt_det(d: float) -> str:
    return fmt(d, 2) if abs(d) >= 0.01 or d == 0 else fmt(d, 1)


@kind(
    "gridwarp",
    "a small grid in the (x, y) plane beside its image under (u, v), with det J in each cell",
    (
        O.Opt("u", O.function(XY), O.REQUIRED, "the first output u(x, y)", "expression"),
        O.Opt("v", O.function(XY), O.REQUIRED, "the second output v(x, y)", "expression"),
        O.Opt("x", O.span, (0.0, 1.0), "the x range of the grid", "[lo, hi]"),
        O.Opt("y", O.span, (0.0, 1.0), "the y range of the grid", "[lo, hi]"),
        O.Opt("cells", O.integer(1, 6), 3, "cells along each side of the grid", "integer 1…6"),
        TITLE,
    ),
    variables=XY,
)
def draw_gridwarp(cv: Canvas, o: O.Resolved) -> DrawInfo:
    u, v = o.u, o.v
    ux, uy, vx, vy = u.diff("x"), u.diff("y"), v.diff("x"), v.diff("y")
    n = o.cells
    gx = np.linspace(*o.x, n + 1)
    gy = np.linspace(*o.y, n + 1)
    left, right = cv.split(1, 2)
    # panel titles instead of a legend, which would cover the corner labels
    left.title("the grid, in (x, y)")
    right.title("its image, in (u, v)")
    left.limits(_pad(o.x), _pad(o.y))

    line = np.linspace(0.0, 1.0, 8 * EDGE_SAMPLES)
    image_u, image_v = [], []
    grid_marker, image_marker = left.style.fine(), right.style.fine()
    for k in range(n + 1):  # the grid's lines, and their images
        for xs, ys in ((np.full_like(line, gx[k]), o.y[0] + (o.y[1] - o.y[0]) * line),
                       (o.x[0] + (o.x[1] - o.x[0]) * line, np.full_like(line, gy[k]))):
            # a grid line is straight: its two ends draw it (plotext joins them), the image needs the samples
            left.polyline(xs[[0, -1]], ys[[0, -1]], marker=grid_marker, color=left.style.colour(0))
            us, vs = u(xs, ys), v(xs, ys)
            right.polyline(us, vs, marker=image_marker, color=right.style.colour(1))
            image_u.append(us)
            image_v.append(vs)
    all_u, all_v = np.concatenate(image_u), np.concatenate(image_v)
    ok = np.isfinite(all_u) & np.isfinite(all_v)
    if not ok.any():
        raise ValueError("the map is not defined anywhere on the grid")
    right.limits(_pad((float(all_u[ok].min()), float(all_u[ok].max()))),
                 _pad((float(all_v[ok].min()), float(all_v[ok].max()))))

    dets = np.zeros((n, n))
    ratios = np.zeros((n, n))
    rows = []
    cell_area = (gx[1] - gx[0]) * (gy[1] - gy[0])
    for j in range(n):
        for i in range(n):
            cx, cy = (gx[i] + gx[i + 1]) / 2, (gy[j] + gy[j + 1]) / 2
            d = ux.at(cx, cy) * vy.at(cx, cy) - uy.at(cx, cy) * vx.at(cx, cy)
            bx, by = _cells_edge(gx[i], gx[i + 1], gy[j], gy[j + 1])
            ratio = signed_area(u(bx, by), v(bx, by)) / cell_area
            dets[j, i], ratios[j, i] = d, ratio
            right.text(_fmt_det(d), u.at(cx, cy), v.at(cx, cy), color=ACCENT, alignment="center")
            rows.append((f"({fmt(cx, 3)}, {fmt(cy, 3)})", _fmt_det(d), fmt(ratio, 3)))

    corners = [("A", o.x[0], o.y[0]), ("B", o.x[1], o.y[0]), ("C", o.x[0], o.y[1])]
    for name, x, y in corners:
        left.text(name, x, y, color=ACCENT, alignment="center")
        right.text(name, u.at(x, y), v.at(x, y), color=ACCENT, alignment="center")

    det_text = to_unicode(B.add(B.mul(ux.expr, vy.expr), B.mul(B.num(-1), uy.expr, vx.expr)))
    lines = [*([o.title] if o.title else []), f"u = {u.unicode},  v = {v.unicode}", f"det J = {det_text}",
             "in the image: det J at each cell's centre; the table adds image area ÷ cell area"]
    flipped = int(np.sum(dets < 0))
    if flipped:
        lines.append(f"det J < 0 in {flipped} of {n * n} cells: there the map flips orientation "
                     "(A → B → C turns clockwise)")
    table = Table(("cell centre", "det J", "image area ÷ cell area"), tuple(rows))
    return DrawInfo("gridwarp", tuple(lines), table=table,
                    values={"dets": dets, "ratios": ratios, "flipped": flipped})


def _pad(r: tuple[float, float]) -> tuple[float, float]:
    """A little room around the grid (and its image) so the corner labels stay inside the frame."""
    lo, hi = float(r[0]), float(r[1])
    m = 0.08 * (hi - lo) if hi > lo else 0.5
    return lo - m, hi + m

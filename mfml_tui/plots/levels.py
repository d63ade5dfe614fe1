"""Level curves by marching squares in numpy: plotext has no contour plot, so we make our own.

Each grid cell whose corners straddle a level gets one segment (two for a saddle cell, resolved by the
cell's centre value). Segments are cheap to turn into scatter points; on a grid as fine as the plot's
pixels (braille: 2×4 per character) the points read as a continuous curve.
"""

from __future__ import annotations

import numpy as np

#: level curves a plot can keep apart: one per LEVEL_ROWS text rows (a level crosses a column about twice)
LEVEL_ROWS = 5


def level_count(rows: int, most: int = 6) -> int:
    """How many level curves to draw on a plot `rows` text rows high: 3 on a lesson's small plot
    (16 rows), `most` full screen, so the path stays visible instead of a map filled solid with dots."""
    return max(3, min(most, int(rows) // LEVEL_ROWS))


# Edges of a cell: 0 bottom, 1 right, 2 top, 3 left. Case = BL·1 + BR·2 + TR·4 + TL·8 (corner above level).
_CASES: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((3, 0),),
    2: ((0, 1),),
    3: ((3, 1),),
    4: ((1, 2),),
    6: ((0, 2),),
    7: ((3, 2),),
    8: ((2, 3),),
    9: ((0, 2),),
    11: ((1, 2),),
    12: ((3, 1),),
    13: ((0, 1),),
    14: ((3, 0),),
}
# Saddle cells: (segments when the centre is above the level, segments when it is below).
_SADDLES: dict[int, tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]] = {
    5: (((0, 1), (2, 3)), ((3, 0), (1, 2))),
    10: (((3, 0), (1, 2)), ((0, 1), (2, 3))),
}


# For each case (0..15) up to two segments as edge pairs; -1 marks "no segment". Saddles are patched per cell.
_TABLE = np.full((16, 2, 2), -1, dtype=np.int8)
for _c, _pairs in _CASES.items():
    for _k, _pair in enumerate(_pairs):
        _TABLE[_c, _k] = _pair


def level_segments(xs, ys, z, level: float) -> np.ndarray:
    """Segments of the curve z = level on the grid z[j, i] = f(xs[i], ys[j]): array (n, 2, 2).

    Cells with a non-finite corner are skipped (the function is undefined there), so poles and
    domain edges leave gaps instead of spurious curves. Only cells the level crosses are computed.
    """
    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    z = np.asarray(z, dtype=float)
    if z.shape != (ys.size, xs.size) or xs.size < 2 or ys.size < 2:
        raise ValueError(f"grid of shape {z.shape} does not match xs ({xs.size}) and ys ({ys.size})")
    with np.errstate(invalid="ignore"):
        above = z > level
    case = above[:-1, :-1] * 1 + above[:-1, 1:] * 2 + above[1:, 1:] * 4 + above[1:, :-1] * 8
    live = (case != 0) & (case != 15)
    j, i = np.nonzero(live)
    if j.size == 0:
        return np.empty((0, 2, 2))
    c = case[j, i]
    zbl, zbr, ztr, ztl = z[j, i], z[j, i + 1], z[j + 1, i + 1], z[j + 1, i]
    ok = np.isfinite(zbl) & np.isfinite(zbr) & np.isfinite(ztr) & np.isfinite(ztl)
    j, i, c, zbl, zbr, ztr, ztl = j[ok], i[ok], c[ok], zbl[ok], zbr[ok], ztr[ok], ztl[ok]
    x0, x1, y0, y1 = xs[i], xs[i + 1], ys[j], ys[j + 1]

    def frac(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        d = b - a
        safe = np.where(d != 0, d, 1.0)
        return np.clip(np.where(d != 0, (level - a) / safe, 0.5), 0.0, 1.0)

    tb, tr, tt, tl = frac(zbl, zbr), frac(zbr, ztr), frac(ztl, ztr), frac(zbl, ztl)
    edges = np.empty((4, c.size, 2))
    edges[0, :, 0], edges[0, :, 1] = x0 + tb * (x1 - x0), y0
    edges[1, :, 0], edges[1, :, 1] = x1, y0 + tr * (y1 - y0)
    edges[2, :, 0], edges[2, :, 1] = x0 + tt * (x1 - x0), y1
    edges[3, :, 0], edges[3, :, 1] = x0, y0 + tl * (y1 - y0)

    table = _TABLE[c].copy()  # (n, 2, 2)
    centre_high = 0.25 * (zbl + zbr + ztr + ztl) > level
    for sc, (high, low) in _SADDLES.items():
        for pairs, sel in ((high, centre_high), (low, ~centre_high)):
            m = (c == sc) & sel
            if m.any():
                table[m] = np.array(pairs, dtype=np.int8)
    cells = np.arange(c.size)
    pieces = []
    for k in range(2):
        a, b = table[:, k, 0], table[:, k, 1]
        has = a >= 0
        if has.any():
            idx = cells[has]
            pieces.append(np.stack([edges[a[has], idx], edges[b[has], idx]], axis=1))
    return np.concatenate(pieces) if pieces else np.empty((0, 2, 2))


def segments_to_points(segments: np.ndarray, per_segment: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Points along the segments (ends and evenly spaced interior points) for a scatter plot."""
    if len(segments) == 0:
        return np.empty(0), np.empty(0)
    t = np.linspace(0.0, 1.0, max(2, per_segment))[None, :, None]
    pts = segments[:, :1, :] * (1 - t) + segments[:, 1:, :] * t
    pts = pts.reshape(-1, 2)
    return pts[:, 0], pts[:, 1]


def dedupe_pixels(px, py, x_range, y_range, shape) -> tuple[np.ndarray, np.ndarray]:
    """Keep one point per screen pixel: plotext's cost grows with points, the picture does not."""
    px = np.asarray(px, dtype=float)
    py = np.asarray(py, dtype=float)
    if px.size == 0:
        return px, py
    cols, rows = shape
    (x0, x1), (y0, y1) = x_range, y_range
    i = np.floor((px - x0) / (x1 - x0) * cols).astype(np.int64)
    j = np.floor((py - y0) / (y1 - y0) * rows).astype(np.int64)
    inside = (i >= 0) & (i <= cols) & (j >= 0) & (j <= rows)
    key = j[inside] * (cols + 2) + i[inside]
    _, first = np.unique(key, return_index=True)
    return px[inside][first], py[inside][first]


def auto_levels(z, n: int) -> list[float]:
    """n levels at evenly spaced quantiles of the finite values: every part of the picture gets curves,
    even for functions (exp, 1/r) whose values crowd at one end."""
    z = np.asarray(z, dtype=float)
    vals = z[np.isfinite(z)]
    if vals.size == 0 or n < 1:
        return []
    qs = np.quantile(vals, np.linspace(0, 1, n + 2)[1:-1])
    levels = sorted({float(v) for v in qs})
    span = float(vals.max() - vals.min())
    if span == 0:
        return []
    # Quantiles can coincide on plateaus; drop near-duplicates.
    out: list[float] = []
    for v in levels:
        if not out or v - out[-1] > 1e-9 * span:
            out.append(v)
    return out

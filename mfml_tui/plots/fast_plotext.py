"""plotext's inner loops, written so they cost less and give the same text.

Every redraw (an explorer redraws its whole figure on each key) ends in plotext's `matrix_class`:
`set_matrices` asks a lambda per cell whether it lies in the plotting area, and `set_canvas` builds
the ANSI text by `+=` one cell at a time, comparing freshly built colour lists on both sides of every
cell. At an explorer's 92×36 that was a quarter of plotext's build (~2.5 ms a key). Before that, its
build maps every point to a pixel (`get_matrix_data`: a lambda, a rounding and a floor per point) and
groups a braille series' pixels into cells (`hd_group`: a 4×2 list of lists per point): 2/3 of the
landscape plot's build (~20 ms at 80×24). The replacements do the same arithmetic on numpy arrays, in
the same IEEE operations in the same order, and hand back what plotext's own would (Python ints, cells
in first-seen order); any input off their path (None, nan, text, mixed markers) goes to plotext's own.
tests/test_plots_fast_plotext.py compares them with plotext's on every example plot and explorer and
on random input; they are installed only for the plotext version they were checked against, so an
upgrade falls back to plotext's code.
"""

from __future__ import annotations

import numpy as np

CHECKED_VERSION = "5.3.2"
_ORIGINAL: dict[str, object] = {}
_OFF: list[bool] = []  #: set by `uninstall`: `install` (called by every Canvas) then does nothing


def set_matrices(self) -> None:
    """plotext's `matrix_class.set_matrices`: blank markers and colours; the background is the canvas
    colour inside the plotting area and the axes colour outside it (a row at a time, not a lambda a cell)."""
    from plotext import _utility as ut

    cols, rows = self.cols, self.rows
    self.marker = [[ut.space] * cols for _ in range(rows)]
    self.fullground = [[ut.no_color] * cols for _ in range(rows)]
    c0, c1 = max(0, self.Cols_canvas.start), min(cols, self.Cols_canvas.stop)
    inside = max(0, c1 - c0)
    axes, canvas = self.axes_color, self.canvas_color
    background = []
    for row in range(rows):
        if row in self.Rows_canvas and inside:
            background.append([axes] * c0 + [canvas] * inside + [axes] * (cols - c0 - inside))
        else:
            background.append([axes] * cols)
    self.background = background
    self.style = [[ut.no_color] * cols for _ in range(rows)]


def set_canvas(self) -> str:
    """plotext's `matrix_class.set_canvas`: each run of cells with the same colours is its ANSI codes,
    its characters and the reset, rows top to bottom — joined once instead of `+=` per cell."""
    from plotext import _utility as ut

    to_ansi, end = ut.colors_to_ansi, ut.ansi_end
    out: list[str] = []
    for row in reversed(range(self.rows)):
        fg, st, bg, mk = self.fullground[row], self.style[row], self.background[row], self.marker[row]
        prev = None
        for col in range(self.cols):
            colors = (fg[col], st[col], bg[col])
            if col == 0 or colors != prev:
                if col:
                    out.append(end)
                out.append(to_ansi(*colors))
                prev = colors
            out.append(mk[col])
        if self.cols:
            out.append(end)
        out.append("\n")
    self.canvas = "".join(out)
    return self.canvas


_EXACT = 2.0**52  # |pixel| below this: numpy's int64 floor and Python's math.floor agree


def pixels(v: np.ndarray, lo, hi, bins: int) -> np.ndarray | None:
    """What plotext's `get_matrix_data` makes of float64 values, `floor(round(0.5 + (bins − 1)(v − lo) /
    (hi − lo), 8))` with plotext's round-half-up, as int64; None where plotext's own must decide (a value
    nan or infinite, a pixel beyond an exact int, a window of no width)."""
    if hi - lo == 0:
        return None
    with np.errstate(all="ignore"):
        n = (0.5 + (bins - 1) * (v - lo) / (hi - lo)) * 10**8  # plotext's `round(change(el), 8)`
        f = np.floor(n)
        r = np.where(n - f < 0.5, f, np.ceil(n)) * 10 ** (-8)
        out = np.floor(r)
    if not np.all(np.abs(out) < _EXACT):  # nan, inf (plotext raises), or beyond an exact int
        return None
    return out.astype(np.int64)


def get_matrix_data(data, lim, bins):
    """plotext's `get_matrix_data`: data → pixel index (`pixels`), a list of Python ints as plotext's."""
    own = _ORIGINAL["get_matrix_data"]
    if len(data) == 0:
        return own(data, lim, bins)
    try:
        v = np.asarray(data)
    except (ValueError, TypeError):
        return own(data, lim, bins)
    lo, hi = lim[0], lim[1]
    if v.dtype != np.float64 or v.ndim != 1 or type(bins) is not int \
            or not all(type(b) in (float, int, np.float64) for b in (lo, hi)):
        return own(data, lim, bins)  # None, nan, text, integer data: plotext's own
    out = pixels(v, lo, hi, bins)
    return own(data, lim, bins) if out is None else out.tolist()


_CODES: dict[tuple[int, int], tuple[int, ...]] = {}  #: (dots as bits, dots a cell) → plotext's code


def _code(bits: int, size: int) -> tuple[int, ...]:
    key = (bits, size)
    code = _CODES.get(key)
    if code is None:
        code = _CODES[key] = tuple((bits >> k) & 1 for k in range(size))
    return code


def hd_group(x, y, xf, yf):
    """plotext's `hd_group`: the pixels of a braille/hd series grouped by cell, each cell's dots as the
    code tuple plotext looks its glyph up by (rows top first); cells in the order first seen."""
    own = _ORIGINAL["hd_group"]
    n = len(x)
    if n == 0 or len(y) != n or len(xf) != n or len(yf) != n:
        return own(x, y, xf, yf)
    sx, sy = xf[0], yf[0]
    if type(sx) is not int or type(sy) is not int or sx < 1 or sy < 1 \
            or xf.count(sx) != n or yf.count(sy) != n:
        return own(x, y, xf, yf)  # mixed markers in one series: plotext's own
    try:
        X, Y = np.asarray(x), np.asarray(y)
    except (ValueError, TypeError):
        return own(x, y, xf, yf)
    if X.dtype != np.int64 or Y.dtype != np.int64 or X.ndim != 1 or Y.ndim != 1 \
            or not all(type(v) is int for v in x) or not all(type(v) is int for v in y):
        return own(x, y, xf, yf)  # floats, nan, bools: plotext's own
    cx, cy, bits = cells(X, Y, sx, sy)
    size = sx * sy
    return cx.tolist(), cy.tolist(), [_code(b, size) for b in bits.tolist()]


def cells(X: np.ndarray, Y: np.ndarray, sx: int, sy: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixels (int64) grouped into cells of sx × sy dots, as plotext's `hd_group`: each cell once, in
    the order first met, and its dots as bits (bit k is entry k of plotext's code tuple)."""
    cx, cy = X // sx, Y // sy  # the cell (Python's floor division, as numpy's)
    kx, ky = cx - cx.min(), cy - cy.min()
    key = kx * (int(ky.max()) + 1) + ky
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # cells in the order plotext's dict meets them
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    dot = (sy - 1 - Y % sy) * sx + X % sx  # its index in the code: rows top first, then columns
    bits = np.zeros(order.size, dtype=np.int64)
    np.bitwise_or.at(bits, rank[inverse.reshape(-1)], np.left_shift(1, dot))
    firsts = first[order]
    return cx[firsts], cy[firsts], bits


_GLYPHS: dict[tuple[int, int], np.ndarray] = {}


def glyphs(bits: np.ndarray, sx: int, sy: int) -> list[str]:
    """The characters plotext draws for cells of sx × sy dots with these dots set (its own table)."""
    table = _GLYPHS.get((sx, sy))
    if table is None:
        from plotext import _utility

        table = np.array([_utility.get_hd_marker(_code(b, sx * sy)) for b in range(1 << (sx * sy))],
                         dtype=object)
        _GLYPHS[(sx, sy)] = table
    return table[bits].tolist()


def installed() -> bool:
    """Are the replacements in use (plotext 5.3.2, not uninstalled)? `Canvas` then also hands plotext
    a braille series by the cell (see `Panel._one_per_cell`), which only these were checked against."""
    return bool(_ORIGINAL)


def join(data):
    """plotext's `join`: lists flattened at every depth (a loop, not a list built per element)."""
    out = []
    for row in data:
        if type(row) == list:  # noqa: E721 — plotext's own test: a list subclass is an element
            out.extend(join(row))
        else:
            out.append(row)
    return out


_UTILITIES = ("get_matrix_data", "hd_group", "join")


def install(again: bool = False) -> bool:
    """Use the replacements in plotext (once; only for the checked version, and not after `uninstall`
    unless `again`). True when installed."""
    if _ORIGINAL:
        return True
    if _OFF and not again:
        return False
    _OFF.clear()
    try:
        import plotext
        from plotext._matrix import matrix_class
    except ImportError:  # pragma: no cover — plotext is a dependency
        return False
    if getattr(plotext, "__version__", None) != CHECKED_VERSION:
        return False
    from plotext import _utility

    _ORIGINAL["set_matrices"] = matrix_class.set_matrices
    _ORIGINAL["set_canvas"] = matrix_class.set_canvas
    matrix_class.set_matrices = set_matrices
    matrix_class.set_canvas = set_canvas
    for name in _UTILITIES:  # plotext's build calls them as `ut.name`: the module's attribute
        _ORIGINAL[name] = getattr(_utility, name)
        setattr(_utility, name, globals()[name])
    return True


def uninstall() -> None:
    """plotext's own code again, until `install(again=True)` (the tests compare both)."""
    _OFF[:] = [True]
    if not _ORIGINAL:
        return
    from plotext import _utility
    from plotext._matrix import matrix_class

    matrix_class.set_matrices = _ORIGINAL.pop("set_matrices")
    matrix_class.set_canvas = _ORIGINAL.pop("set_canvas")
    for name in _UTILITIES:
        setattr(_utility, name, _ORIGINAL.pop(name))

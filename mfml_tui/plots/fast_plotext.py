"""Two of plotext's inner loops, written so they cost less and give the same text.

Every redraw (an explorer redraws its whole figure on each key) ends in plotext's `matrix_class`:
`set_matrices` asks a lambda per cell whether it lies in the plotting area, and `set_canvas` builds
the ANSI text by `+=` one cell at a time, comparing freshly built colour lists on both sides of every
cell. At an explorer's 92×36 that was a quarter of plotext's build (~2.5 ms a key). The replacements
below produce the same matrices and the same string (tests/test_plots_fast_plotext.py compares them
with plotext's own on every example plot and explorer); they are installed only for the plotext
version they were checked against, so an upgrade falls back to plotext's code.
"""

from __future__ import annotations

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
    _ORIGINAL["set_matrices"] = matrix_class.set_matrices
    _ORIGINAL["set_canvas"] = matrix_class.set_canvas
    matrix_class.set_matrices = set_matrices
    matrix_class.set_canvas = set_canvas
    return True


def uninstall() -> None:
    """plotext's own code again, until `install(again=True)` (the tests compare both)."""
    _OFF[:] = [True]
    if not _ORIGINAL:
        return
    from plotext._matrix import matrix_class

    matrix_class.set_matrices = _ORIGINAL.pop("set_matrices")
    matrix_class.set_canvas = _ORIGINAL.pop("set_canvas")

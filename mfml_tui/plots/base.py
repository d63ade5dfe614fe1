"""What a drawing returns (DrawInfo), the error it raises (PlotError) and the limits that keep a
hostile spec from hanging the checker."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mfml_tui.engine import printing

MIN_SIZE = (24, 8)  # below this plotext draws garbage: show a "make the window larger" note instead
MAX_SIZE = (400, 150)  # a larger canvas gains nothing and costs time
NOTHING_DRAWN = "nothing to draw: every value is undefined or not finite here"  # Canvas.finish

# Caps on work (an author's typo or an explorer's key-repeat must not hang anything).
MAX_SAMPLES = 2000  # points per curve
MAX_GRID = (400, 240)  # level-curve grid (columns, rows)
MAX_LEVELS = 30
MAX_STEPS = 500  # Newton / descent steps
MAX_ORDER = 20  # Taylor order
MAX_ITERATIONS = 5000  # network training iterations
MAX_FUNCTIONS = 8  # curves on one plot
MAX_POINTS = 1000  # data points


class PlotError(ValueError):
    """A spec that cannot be drawn; the message names the option and what is wrong with it."""


@dataclass(frozen=True)
class Table:
    """A small table for beside the plot (the Newton iterations, the difference quotients)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def text(self, convert: Callable[[str], str] | None = None, width: int | None = None) -> str:
        """Aligned columns; `convert` (e.g. asciify) is applied to each cell first, so `1.5×10⁻⁵`
        turning into `1.5*10^(-5)` cannot push its column out of line. With `width`, a table wider than
        that narrows its widest columns and wraps their cells onto more lines of the row (a Taylor
        polynomial at 80 columns), so no line is cut or wrapped out of its column."""
        cols = [self.headers, *self.rows]
        if convert is not None:
            cols = [tuple(convert(c) for c in row) for row in cols]
        widths = [max(len(r[i]) for r in cols) for i in range(len(self.headers))]
        if width is not None:
            widths = _narrowed(widths, width)
        lines = _row_lines(cols[0], widths)
        rule = "  ".join("─" * w for w in widths)
        lines.append(convert(rule) if convert is not None else rule)
        for r in cols[1:]:
            lines += _row_lines(r, widths)
        return "\n".join(lines)


MIN_COLUMN = 10  # a column is never narrowed below this (or its own width)


def _narrowed(widths: list[int], room: int) -> list[int]:
    """Column widths that fit `room` (two spaces between columns), the widest narrowed first."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > room:
        k = max(range(len(widths)), key=lambda i: widths[i])
        if widths[k] <= MIN_COLUMN:
            break
        widths[k] -= 1
    return widths


def _row_lines(row: Sequence[str], widths: list[int]) -> list[str]:
    """One row of right-aligned cells, a cell longer than its column wrapped onto the next lines."""
    wrapped = [wrap(c, w) if len(c) > w else [c] for c, w in zip(row, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    return ["  ".join((cell[i] if i < len(cell) else "").rjust(w) for cell, w in zip(wrapped, widths,
                                                                                    strict=True)).rstrip()
            if i else "  ".join((cell[i] if i < len(cell) else "").rjust(w)
                                for cell, w in zip(wrapped, widths, strict=True))
            for i in range(height)]


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces (inside a word only when it is longer
    than a line); lines after the first start with `indent`."""
    import textwrap

    return textwrap.wrap(text, max(1, width), subsequent_indent=indent, break_on_hyphens=False,
                         drop_whitespace=True) or [text]


@dataclass(frozen=True)
class DrawInfo:
    """Text the UI shows beside a plot, plus the numbers behind it (for tests and explorers).

    `lines` are short facts ("f′(1) = 2"), `table` an optional table, `values` machine-readable
    results (a root, the end of a descent path, χ²), `notes` anything capped or clipped.
    """

    kind: str
    lines: tuple[str, ...] = ()
    table: Table | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def text(self, convert: Callable[[str], str] | None = None, width: int | None = None) -> str:
        """Lines, table and notes; `convert` (e.g. asciify) applies to every piece, table cells first.
        With `width` (the caption's room under the plot) every line fits it: a long fact wraps at spaces
        with its continuation indented, the table narrows its widest columns (`Table.text`)."""
        same = convert or (lambda t: t)

        def fitted(line: str) -> list[str]:
            return [line] if width is None or len(line) <= width else wrap(line, width, "  ")

        parts = [piece for line in self.lines for piece in fitted(same(line))]
        if self.table is not None:
            table = self.table.text(convert, width)
            parts += ["", table] if parts else [table]
        if self.notes:
            notes = [piece for n in self.notes for piece in fitted(same(n))]
            parts += ["", *notes] if parts else notes
        return "\n".join(parts)


ROUND_OFF = printing.ROUND_OFF  # one threshold for the whole app (engine.printing)


def times_ten(v: float, digits: int = 4) -> str:
    """`1.729×10⁻¹²` (kept for callers; engine.printing.number writes every number)."""
    mant, exp = f"{v:.{max(1, digits - 1)}e}".split("e")
    if "." in mant:
        mant = mant.rstrip("0").rstrip(".")
    return printing.times_ten(mant, int(exp)).replace("-", "−")


def fmt(v: float, digits: int = 4, scale: float = 0.0) -> str:
    """A number as a learner reads it: `engine.printing.number` (the app's one number formatter)."""
    return printing.number(v, digits, scale)


def fmt_point(p: Sequence[float], digits: int = 4, scale: float = 0.0) -> str:
    return "(" + ", ".join(fmt(v, digits, scale) for v in p) + ")"


def magnitude(values) -> float:
    """The largest finite |v| (0 if none): the `scale` of a column for `fmt`."""
    out = 0.0
    for v in values:
        if v is not None and math.isfinite(float(v)):
            out = max(out, abs(float(v)))
    return out


def window_scale(*ranges: Sequence[float]) -> float:
    """The `scale` of a coordinate in a plot window ([x0, x1], [y0, y1]): its largest bound or width."""
    return magnitude([v for lo, hi in ranges for v in (lo, hi, hi - lo)])

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

    def text(self, convert: Callable[[str], str] | None = None) -> str:
        """Aligned columns; `convert` (e.g. asciify) is applied to each cell first, so `1.5×10⁻⁵`
        turning into `1.5*10^(-5)` cannot push its column out of line."""
        cols = [self.headers, *self.rows]
        if convert is not None:
            cols = [tuple(convert(c) for c in row) for row in cols]
        widths = [max(len(r[i]) for r in cols) for i in range(len(self.headers))]
        lines = ["  ".join(h.rjust(w) for h, w in zip(cols[0], widths, strict=True))]
        rule = "  ".join("─" * w for w in widths)
        lines.append(convert(rule) if convert is not None else rule)
        lines += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in cols[1:]]
        return "\n".join(lines)


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

    def text(self, convert: Callable[[str], str] | None = None) -> str:
        """Lines, table and notes; `convert` (e.g. asciify) applies to every piece, table cells first."""
        same = convert or (lambda t: t)
        parts = [same(line) for line in self.lines]
        if self.table is not None:
            table = self.table.text(convert)
            parts += ["", table] if parts else [table]
        if self.notes:
            notes = [same(n) for n in self.notes]
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

"""Newton–Raphson: f, each tangent down to the axis, the guide back up to f, the iterates."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canvas import Panel, auto_range
from ..style import GUIDE, Style
from .look import function, line, spot


def draw(panel: Panel, s: Any) -> None:
    style = panel.style
    f = function(s.f, (s.variable,))
    lo, hi = s.window
    xs = np.linspace(lo, hi, 240)
    ys = f(xs)
    panel.limits((lo, hi), auto_range([ys, [0.0]], pad=0.15, poles=False))
    panel.hline(0.0, color=GUIDE)
    panel.curve(xs, ys, **line(style, 0))
    for xi, fi, xn in s.tangents():
        panel.polyline([xi, xn], [fi, 0.0], **line(style, 1))
        fn = f.at(xn)
        if s.visible(xn) and np.isfinite(fn):
            # a guide line, but not in the fine marker: that is f's marker in most families
            panel.polyline([xn, xn], [0.0, fn], marker=style.line(2), color=GUIDE)
    shown = [(x, fx) for x, fx in zip(s.iterates, s.values, strict=True) if s.visible(x)]
    if shown:
        panel.points([p[0] for p in shown], [p[1] for p in shown], **spot(style, 0))


def key(style: Style, s: Any) -> list[tuple[str, str]]:
    return [(style.line(0), "f"), (style.line(1), "tangent"), (style.line(2), "up to f"),
            (style.point(0), f"{s.variable}ᵢ")]

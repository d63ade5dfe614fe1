"""secant → tangent: f, the tangent at x₀, the secant through the two points of the difference."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canvas import Panel, auto_range
from ..style import Style
from .look import function, line, spot


def draw(panel: Panel, s: Any) -> None:
    style = panel.style
    f = function(s.f, (s.variable,))
    (xa, ya), (xb, yb) = s.points
    lo, hi = min(s.x0 - 2.5, xa - 0.5), max(s.x0 + 2.5, xb + 0.5)
    xs = np.linspace(lo, hi, 200)
    ys = f(xs)
    panel.limits((lo, hi), auto_range([ys], pad=0.15, poles=False))
    panel.curve(xs, ys, **line(style, 0))
    ends = np.array([lo, hi])
    d, y0 = s.derivative, f.at(s.x0)
    if np.isfinite(d) and np.isfinite(y0):
        panel.polyline(ends, y0 + d * (ends - s.x0), **line(style, 1))
    q = s.quotient
    if np.isfinite(q) and np.isfinite(ya):
        panel.polyline(ends, ya + q * (ends - xa), **line(style, 2))
    panel.points([xa, xb], [ya, yb], **spot(style, 0))


def key(style: Style, s: Any) -> list[tuple[str, str]]:
    return [(style.line(0), "f"), (style.line(1), "tangent"), (style.line(2), "secant"),
            (style.point(0), "the two points")]

"""Lagrange multipliers: level curves of f, the constraint g = 0, the point with ∇f and ∇g, the
stationary points found."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canvas import Panel
from ..levels import level_count
from ..style import Style
from .look import guide, line, spot


def draw(panel: Panel, s: Any) -> None:
    style = panel.style
    panel.limits(s.x, s.y)
    (lx, ly), (cx, cy) = s.curves(level_count(panel.height, most=6))
    panel.cloud(lx, ly, **guide(style))
    panel.cloud(cx, cy, **line(style, 1))
    px, py = s.point
    size = 0.18 * min(s.x[1] - s.x[0], s.y[1] - s.y[0])  # both arrows one length: only directions count
    for vec, role in ((s.grad_f, 2), (s.grad_g, 3)):
        n = float(np.linalg.norm(vec))
        if n > 0 and np.isfinite(n):
            dx, dy = size * vec[0] / n, size * vec[1] / n
            look = line(style, role)
            panel.polyline([px, px + dx], [py, py + dy], **look)
            panel.arrow(px + dx, py + dy, dx, dy, color=look["color"])
    if s.found:
        panel.points([p[0] for p in s.found], [p[1] for p in s.found], **spot(style, 1, style.colour(4)))
    panel.points([px], [py], **spot(style, 0))


def key(style: Style, s: Any) -> list[tuple[str, str]]:
    return [(style.fine(), "f levels"), (style.line(1), "g=0"), (style.point(0), "point"),
            (style.line(2), "∇f"), (style.line(3), "∇g"), (style.point(1), "found")]

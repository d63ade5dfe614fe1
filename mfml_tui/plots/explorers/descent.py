"""Gradient descent: level curves of f, the walk, its steps, the start and where it is now."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canvas import Panel
from ..levels import level_count
from ..style import Style
from .look import guide, line, spot


def draw(panel: Panel, s: Any) -> None:
    style = panel.style
    x0, x1, y0, y1 = s.window
    panel.limits((x0, x1), (y0, y1))
    xs, ys = s.levels(level_count(panel.height))  # fewer levels on a small plot: the path must show
    panel.cloud(xs, ys, **guide(style))
    # a walk that left the map ends on its edge (where it left), not off the plot
    path = np.clip(np.asarray(s.path, dtype=float).reshape(-1, 2), [x0, y0], [x1, y1])
    if len(path) > 1:
        # the path's line marker (1) differs from the level curves' fine marker in every family
        panel.polyline(path[:, 0], path[:, 1], **line(style, 1))
        if len(path) > 2:
            panel.points(path[1:-1, 0], path[1:-1, 1], **spot(style, 1, style.colour(1)))
        panel.points([path[-1, 0]], [path[-1, 1]], **spot(style, 0))
    panel.points([s.start[0]], [s.start[1]], **spot(style, 2, style.colour(2)))


def key(style: Style, s: Any) -> list[tuple[str, str]]:
    return [(style.fine(), "levels"), (style.line(1), "path"), (style.point(1), "steps"),
            (style.point(2), "start"), (style.point(0), "now")]

"""The χ² line game: the data, the line y = m·x + c and its residuals."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canvas import Panel
from ..style import Style
from .look import guide, line, spot


def draw(panel: Panel, s: Any) -> None:
    style = panel.style
    x, y = np.asarray(s.x, dtype=float), np.asarray(s.y, dtype=float)
    xpad = 0.15 * (x.max() - x.min())
    lo, hi = float(x.min() - xpad), float(x.max() + xpad)
    ypad = 0.3 * max(float(y.max() - y.min()), 1e-9)
    panel.limits((lo, hi), (float(y.min() - ypad), float(y.max() + ypad)))
    for xi, yi in zip(x, y, strict=True):
        panel.segment((xi, yi), (xi, s.m * xi + s.c), **guide(style))
    # the line's marker (1) differs from the residuals' fine marker in every family
    panel.polyline([lo, hi], [s.m * lo + s.c, s.m * hi + s.c], **line(style, 1))
    panel.points(x, y, **spot(style, 0, style.colour(0)))


def key(style: Style, s: Any) -> list[tuple[str, str]]:
    return [(style.point(0), "data"), (style.line(1), "line"), (style.fine(), "residual")]

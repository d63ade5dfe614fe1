"""The heights fit, stepped: the histogram's bars, the bell curve at the current (μ, σ) and the curve one
step before (so each key press shows how far the fit moved); three line roles, told apart by marker."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canvas import Panel
from ..style import Style
from .look import line

X_RANGE = (135.0, 220.0)  #: where nearly all the bars are (cm)


def draw(panel: Panel, s: Any) -> None:
    style = panel.style
    x, y = np.asarray(s.x, dtype=float), np.asarray(s.y, dtype=float)
    width = float(x[1] - x[0])
    keep = (x >= X_RANGE[0] - width) & (x <= X_RANGE[1] + width)
    xs = np.linspace(*X_RANGE, 241)
    now = np.asarray(s.curve(xs), dtype=float)
    top = max(float(y.max()), float(np.nanmax(now)) if np.isfinite(now).any() else 0.0)
    panel.limits(X_RANGE, (0.0, 1.1 * top))
    # the bars as a staircase, the data's own line role
    bx, by = x[keep], y[keep]
    edges_x = np.repeat(np.concatenate([bx - width / 2, [bx[-1] + width / 2]]), 2)[1:-1]
    panel.polyline(edges_x, np.repeat(by, 2), **line(style, 0))
    if s.previous is not None:
        mu, sig = s.previous
        before = np.exp(-((xs - mu) ** 2) / (2 * sig**2)) / (sig * np.sqrt(2 * np.pi))
        panel.polyline(xs, before, **line(style, 2))
    panel.polyline(xs, now, **line(style, 1))


def key(style: Style, s: Any) -> list[tuple[str, str]]:
    entries = [(style.line(0), "heights"), (style.line(1), "f(x; μ, σ)")]
    if s.previous is not None:
        entries.append((style.line(2), "one step before"))
    return entries

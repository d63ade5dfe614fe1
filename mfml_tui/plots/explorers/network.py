"""The 1-2-1 network on sliders: y(x), the two hidden neurons, a line at the current input x."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canvas import Panel
from ..style import GUIDE, Style
from .look import line


def draw(panel: Panel, s: Any) -> None:
    style = panel.style
    xs = np.linspace(0.0, 1.0, 161)
    n = s.neurons(xs)
    lo, hi = s.output_range
    panel.limits((0.0, 1.0), (lo - 0.05, hi + 0.05))
    panel.vline(s.x, color=GUIDE)
    panel.curve(xs, np.asarray(n.hidden0), **line(style, 1))
    panel.curve(xs, np.asarray(n.hidden1), **line(style, 2))
    panel.curve(xs, np.asarray(n.y), **line(style, 0))


def key(style: Style, s: Any) -> list[tuple[str, str]]:
    return [(style.line(1), "a₀⁽¹⁾"), (style.line(2), "a₁⁽¹⁾"), (style.line(0), "y")]

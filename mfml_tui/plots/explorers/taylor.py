"""Taylor series: f and its Taylor polynomial Tₙ about p."""

from __future__ import annotations

from typing import Any

import numpy as np

from mfml_tui.engine.printing import SUB

from ..canvas import Panel
from ..style import Style
from .look import function, line, spot


def draw(panel: Panel, s: Any) -> None:
    style = panel.style
    f = function(s.f)
    xs = np.linspace(s.x[0], s.x[1], 240)
    panel.limits(s.x, s.y_range())
    panel.curve(xs, f(xs), **line(style, 0))
    if s.defined:
        panel.curve(xs, s.polynomial(xs), **line(style, 1))
    panel.points([s.around], [f.at(s.around)], **spot(style, 0))


def key(style: Style, s: Any) -> list[tuple[str, str]]:
    return [(style.line(0), "f"), (style.line(1), f"T{str(s.order).translate(SUB)}"), (style.point(0), "p")]

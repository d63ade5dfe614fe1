"""The roles of an explorer's series: which marker and colour each kind of thing gets.

A line role i is the style's i-th line marker in its i-th colour, a spot role i its i-th point glyph,
the guide the fine marker in grey (level curves, residuals). Marker *and* label tell series apart, never
colour alone (docs/plots.md); the widgets use the same roles for the coloured numbers beside the plot.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..maths import Fn, compile_fn
from ..style import ACCENT, GUIDE, Style


def line(style: Style, i: int) -> dict[str, Any]:
    """`marker=` and `color=` of line role i (0 is the main curve)."""
    return {"marker": style.line(i), "color": style.colour(i)}


def spot(style: Style, i: int, color: Any = ACCENT) -> dict[str, Any]:
    """`marker=` and `color=` of the i-th kind of highlighted point (a start, a root, the data)."""
    return {"marker": style.point(i), "color": color}


def guide(style: Style) -> dict[str, Any]:
    """`marker=` and `color=` of guide lines and level curves: the fine marker in grey."""
    return {"marker": style.fine(), "color": GUIDE}


@lru_cache(maxsize=64)
def function(text: str, variables: tuple[str, ...] = ("x",)) -> Fn:
    """The explorer's function text compiled once (a key press redraws the whole figure)."""
    return compile_fn(text, variables)

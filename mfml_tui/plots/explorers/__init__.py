"""Explorers drawn through the plots' canvas: one module per kind, each a function of the explorer's
state, so every explorer is drawn and checked headless exactly like a lesson plot.

Each module has

* `draw(panel, state)`: the state's picture on a `canvas.Panel` (limits, curves, points, arrows; the
  panel clips, breaks curves at poles, sets 1-2-5 ticks with the one number formatter);
* `key(style, state)`: the (marker or glyph, label) pairs naming what `draw` used, for the key beside the
  plot (the roles are chosen in one place, so key and picture cannot drift apart).

    canvas = draw_explorer("newton", state, plt, width=w, height=h, marker="braille")
    text = render_explorer("newton", state, 47, 16)        # plain text, for checks and tests

The state models live in `mfml_tui.explore` (which sits above this package): the drawings read them by
duck typing (`state.f`, `state.levels(n)`, …) and never import them. docs/explorers.md, "Drawing".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from ..base import MAX_SIZE, MIN_SIZE, PlotError
from ..canvas import Canvas, Panel
from ..style import Style
from . import backprop, chi2, descent, heights, lagrange, network, newton, sandpit, secant, taylor


class Drawing(NamedTuple):
    """How one kind of explorer is drawn: the picture and the key beside it."""

    draw: Callable[[Panel, Any], None]
    key: Callable[[Style, Any], list[tuple[str, str]]]


DRAWINGS: dict[str, Drawing] = {
    module.__name__.rsplit(".", 1)[-1]: Drawing(module.draw, module.key)
    for module in (secant, taylor, newton, descent, lagrange, chi2, heights, network, backprop, sandpit)
}


def draw_explorer(kind: str, state: Any, plt, *, width: int, height: int, marker: str = "dot",
                  theme: str | None = None, legend: bool = True) -> Canvas:
    """Draw `state` of explorer `kind` on `plt` (cleared first) at width × height cells; returns the
    finished Canvas (`canvas.notes` holds what the drawing hid, as for lesson plots)."""
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise PlotError(f"the plot needs at least {MIN_SIZE[0]}×{MIN_SIZE[1]} cells, got {width}×{height}")
    if kind not in DRAWINGS:
        raise PlotError(f"no drawing for explorer kind {kind!r} (expected one of {', '.join(DRAWINGS)})")
    width, height = min(width, MAX_SIZE[0]), min(height, MAX_SIZE[1])
    canvas = Canvas(plt, width, height, Style(marker), theme, legend=legend)
    (panel,) = canvas.split()
    DRAWINGS[kind].draw(panel, state)
    canvas.finish()
    return canvas


def key(kind: str, style: Style, state: Any) -> list[tuple[str, str]]:
    """The key of explorer `kind` in `style`: (marker or glyph, label) pairs, in the order drawn."""
    return DRAWINGS[kind].key(style, state)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def render_explorer(kind: str, state: Any, width: int = 80, height: int = 24, marker: str = "dot") -> str:
    """The explorer's plot as plain text, drawn with the plotext module (for checks and tests)."""
    import plotext

    try:
        draw_explorer(kind, state, plotext, width=width, height=height, marker=marker)
        return _ANSI.sub("", plotext.build())
    finally:
        plotext.clear_figure()  # leave no state behind for the next caller of the shared module


__all__ = ["DRAWINGS", "Drawing", "draw_explorer", "key", "render_explorer"]

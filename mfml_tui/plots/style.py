"""Marker, colour and arrow policy: how series stay distinguishable without colour or Unicode.

`NO_COLOR` turns every series grey and some fonts lack braille, so each series gets its own
marker *and* label (the legend shows the marker), and each marker family has a fallback that only
uses characters the terminal certainly has.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MARKERS = ("braille", "dot", "hd", "ascii")

# Line series, in order of importance: the first (the "hero" curve) gets the finest marker.
_LINE_MARKERS = {
    "braille": ("braille", "dot", "+", "x", "*", "o", "#", "%"),
    "dot": ("dot", "+", "x", "*", "o", "#", "%", "="),
    "hd": ("hd", "dot", "+", "x", "*", "o", "#", "%"),
    "ascii": ("*", "+", "x", "o", "#", "%", "=", "~"),
}

# Single points (a root, a start, an optimum) in order of use; each is one character.
_POINT_MARKERS = {
    "braille": ("●", "◆", "■", "▲", "▼", "○"),
    "dot": ("●", "◆", "■", "▲", "▼", "○"),
    "hd": ("●", "◆", "■", "▲", "▼", "○"),
    "ascii": ("O", "@", "X", "$", "&", "Q"),
}

# Mid-luminance xterm-256 colours: readable on dark and on light backgrounds (no white, black or yellow).
PALETTE = (
    33,  # blue
    166,  # orange
    34,  # green
    163,  # magenta
    37,  # teal
    160,  # red
    97,  # violet
    136,  # ochre
)
GUIDE = 244  # grey: axes, guide lines, level curves of lesser interest
LEVEL_COLOURS = (25, 31, 37, 71, 107, 143, 173, 167, 131)  # low → high values (blue → brown)
ACCENT = 160  # a marked result (root, optimum, end of a path)


@dataclass(frozen=True)
class Style:
    """The marker family chosen for one drawing; hands out markers and colours in a stable order."""

    family: str = "dot"

    def __post_init__(self) -> None:
        if self.family not in MARKERS:
            raise ValueError(f"unknown marker {self.family!r} (expected one of {', '.join(MARKERS)})")

    @property
    def unicode(self) -> bool:
        return self.family != "ascii"

    def line(self, i: int) -> str:
        """Marker of the i-th line series (0 is the main curve)."""
        seq = _LINE_MARKERS[self.family]
        return seq[i % len(seq)]

    def point(self, i: int) -> str:
        """Marker of the i-th kind of highlighted point."""
        seq = _POINT_MARKERS[self.family]
        return seq[i % len(seq)]

    def fine(self) -> str:
        """Marker for dense point clouds (level curves): the finest the font allows."""
        return {"braille": "braille", "hd": "hd", "dot": "dot", "ascii": "."}[self.family]

    def guide(self) -> str:
        """Marker of a guide line (Newton's vertical "up to f" steps): dotted, unlike any curve's marker."""
        return "┊" if self.unicode else ":"

    @property
    def subcells(self) -> tuple[int, int]:
        """Pixels per character cell (columns, rows) of the fine marker: sets grid resolutions."""
        return {"braille": (2, 4), "hd": (2, 2), "dot": (1, 1), "ascii": (1, 1)}[self.family]

    def colour(self, i: int) -> int:
        return PALETTE[i % len(PALETTE)]

    def arrow(self, dx: float, dy: float) -> str:
        return arrow_glyph(dx, dy, unicode=self.unicode)

    def shaft(self, dx: float, dy: float) -> str:
        return shaft_glyph(dx, dy, unicode=self.unicode)


_ARROWS = ("→", "↗", "↑", "↖", "←", "↙", "↓", "↘")
#: an arrow's shaft, cell by cell, in the same eight directions (unlike any curve's marker)
_SHAFTS = ("─", "╱", "│", "╲", "─", "╱", "│", "╲")
_ASCII_SHAFTS = ("-", "/", "|", "\\", "-", "/", "|", "\\")
_ASCII_ARROWS = (">", "/", "^", "\\", "<", "/", "v", "\\")


def arrow_glyph(dx: float, dy: float, *, unicode: bool = True) -> str:
    """The one of eight arrows closest to the screen direction (dx right, dy up); "·" for no direction.

    Give the direction in screen units (cells, with a cell about twice as tall as wide), not in data
    units, or arrows on a squashed plot point the wrong way.
    """
    if not (math.isfinite(dx) and math.isfinite(dy)) or (dx == 0 and dy == 0):
        return "·" if unicode else "."
    octant = round(math.atan2(dy, dx) / (math.pi / 4)) % 8
    return (_ARROWS if unicode else _ASCII_ARROWS)[octant]


def shaft_glyph(dx: float, dy: float, *, unicode: bool = True) -> str:
    """The piece of an arrow's shaft for a screen direction (dx right, dy up): `─ ╱ │ ╲` (`- / | \\`)."""
    octant = round(math.atan2(dy, dx) / (math.pi / 4)) % 8
    return (_SHAFTS if unicode else _ASCII_SHAFTS)[octant]

"""Backprop, draw a heart: the target heart and the network's drawing, in the symbols of the lesson's
network plot (`plots.training.heart_series`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canvas import Panel
from ..style import Style
from ..training import heart_series


def draw(panel: Panel, s: Any) -> None:
    """`s` is a training `Snapshot` (what the widget shows) or the trainer itself (its snapshot now)."""
    s = s.snapshot() if hasattr(s, "snapshot") else s
    look = heart_series(panel.style)  # the same symbols as the lesson's network plot
    panel.limits((-0.05, 1.05), (-0.05, 1.05))
    target = np.asarray(s.target, dtype=float)
    panel.points(target[0], target[1], **look["target"])
    out = np.asarray(s.output, dtype=float)
    loop = np.concatenate([out, out[:, :1]], axis=1)  # the heart is a closed curve
    panel.polyline(loop[0], loop[1], **look["network"])


def key(style: Style, s: Any) -> list[tuple[str, str]]:
    look = heart_series(style)
    return [(str(look["target"]["marker"]), "target"), (str(look["network"]["marker"]), "network")]

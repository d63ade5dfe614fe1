"""Textual widgets for the explorers (the maths lives in `mfml_tui.explore`).

`make_explorer(spec)` builds the focusable widget for an `ExploreSpec`; `EXPLORERS` maps each kind to
(title, default options) for the command palette; `ExplorerScreen(spec)` shows one at full size.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from mfml_tui.explore import KINDS, build, defaults

from .base import Explorer, ExplorerPlot
from .fitting import BackpropExplorer, Chi2Explorer, HeightsExplorer, NetworkExplorer
from .oned import NewtonExplorer, SecantExplorer, TaylorExplorer
from .sandpit import Sandpit
from .screen import ExplorerScreen
from .twod import DescentExplorer, LagrangeExplorer

WIDGETS: dict[str, type[Explorer]] = {
    "secant": SecantExplorer,
    "taylor": TaylorExplorer,
    "newton": NewtonExplorer,
    "descent": DescentExplorer,
    "lagrange": LagrangeExplorer,
    "chi2": Chi2Explorer,
    "heights": HeightsExplorer,
    "network": NetworkExplorer,
    "backprop": BackpropExplorer,
    "sandpit": Sandpit,
}

#: kind → (title, default options), for the command palette
EXPLORERS: dict[str, tuple[str, dict[str, Any]]] = {k: (KINDS[k].title, defaults(k)) for k in WIDGETS}


def make_explorer(spec: Any) -> Widget:
    """The widget for `spec` (an ExploreSpec: kind + options). Raises ValueError for a bad spec."""
    kind = getattr(spec, "kind", None)
    if kind not in WIDGETS:
        raise ValueError(f"unknown explorer kind {kind!r}; expected one of {', '.join(WIDGETS)}")
    state = build(kind, dict(getattr(spec, "options", None) or {}))
    return WIDGETS[kind](state)


__all__ = [
    "EXPLORERS",
    "WIDGETS",
    "BackpropExplorer",
    "Chi2Explorer",
    "DescentExplorer",
    "Explorer",
    "ExplorerPlot",
    "ExplorerScreen",
    "HeightsExplorer",
    "LagrangeExplorer",
    "NetworkExplorer",
    "NewtonExplorer",
    "Sandpit",
    "SecantExplorer",
    "TaylorExplorer",
    "make_explorer",
]

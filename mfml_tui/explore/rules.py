"""Step rules for descending a landscape (the week-5 sandpit lab): steepest, Hessian and hybrid."""

from __future__ import annotations

import numpy as np

from mfml_tui.engine.optimise import descent_step
from mfml_tui.plots.levels import level_segments, segments_to_points
from mfml_tui.plots.style import arrow_glyph  # noqa: F401  (re-exported for the explorers)

RULES: dict[str, str] = {
    "gradient": "steepest descent  δ = −γJ",
    "hessian": "Hessian step  δ = −H⁻¹J",
    "hybrid": "hybrid: −H⁻¹J unless uphill or longer than 2, then −γJ",
}


def next_step(rule: str, J: np.ndarray, H: np.ndarray, gamma: float) -> np.ndarray:
    """The step δ that `rule` takes where the gradient is J and the Hessian H (the engine's rules).

    A singular Hessian has no Hessian step: then the worker falls back to −γJ.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; choose one of {', '.join(RULES)}")
    J = np.asarray(J, float)
    step, _ = descent_step(J, np.asarray(H, float), method=rule, gamma=gamma)
    if step is None or not np.all(np.isfinite(step)):
        return -gamma * J
    return np.asarray(step, float)


def level_points(X, Y, Z, levels) -> tuple[np.ndarray, np.ndarray]:
    """Points along the level curves of Z on the meshgrid (X, Y), by the plots' marching squares."""
    xs, ys = np.asarray(X)[0], np.asarray(Y)[:, 0]
    parts = [segments_to_points(level_segments(xs, ys, Z, float(lv))) for lv in np.atleast_1d(levels)]
    if not parts:
        return np.empty(0), np.empty(0)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

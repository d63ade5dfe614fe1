"""Step rules for descending a landscape (the week-5 sandpit lab): steepest, Hessian and hybrid."""

from __future__ import annotations

import numpy as np

from mfml_tui.engine.optimise import descent_step

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


ARROWS = "→↗↑↖←↙↓↘"


def arrow_glyph(vx: float, vy: float) -> str:
    """One of →↗↑↖←↙↓↘ for the direction (vx, vy) (y up); '·' for a zero vector."""
    if not (np.isfinite(vx) and np.isfinite(vy)) or vx == vy == 0:
        return "·"
    k = int(round(np.arctan2(vy, vx) / (np.pi / 4))) % 8
    return ARROWS[k]


def level_points(X, Y, Z, levels) -> tuple[np.ndarray, np.ndarray]:
    """Points where the grid's edges cross each level (linear interpolation): dotted level curves."""
    xs, ys = [], []
    Z = np.asarray(Z, float)
    for lv in np.atleast_1d(levels):
        for axis in (0, 1):
            a = Z - lv
            if axis == 1:
                a0, a1, X0, X1, Y0, Y1 = a[:, :-1], a[:, 1:], X[:, :-1], X[:, 1:], Y[:, :-1], Y[:, 1:]
            else:
                a0, a1, X0, X1, Y0, Y1 = a[:-1], a[1:], X[:-1], X[1:], Y[:-1], Y[1:]
            cross = (a0 * a1 < 0) & np.isfinite(a0) & np.isfinite(a1)
            t = a0[cross] / (a0[cross] - a1[cross])
            xs.append(X0[cross] + t * (X1[cross] - X0[cross]))
            ys.append(Y0[cross] + t * (Y1[cross] - Y0[cross]))
    if not xs:
        return np.empty(0), np.empty(0)
    return np.concatenate(xs), np.concatenate(ys)

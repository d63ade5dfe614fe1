"""Finite differences, as taught in "Reality is hard" (week 2).

When there is no formula for f (or every evaluation is expensive), we estimate derivatives from a few
values of f. The forward difference is the definition of the derivative without the limit; it is
*first-order accurate* (error ∝ h). The central difference averages a forward and a backward step, the
h² terms of the two Taylor series cancel, and it is *second-order accurate* (error ∝ h²).

Too large an h gives truncation error, too small an h gives round-off error (two nearly equal numbers
are subtracted, then divided by a tiny h): `difference_errors` produces the U-shaped curve that shows both.

Everything here works on plain callables: `f(x)` takes a float (or, for the n-D helpers, a 1-D array)
and returns a float (or an array). Nothing imports the expression tree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np

Kind = Literal["forward", "backward", "central"]
KINDS: tuple[str, ...] = ("forward", "backward", "central")

#: The order of accuracy of each kind: error ≈ C·hᵖ for small h (before round-off takes over).
ORDER: dict[str, int] = {"forward": 1, "backward": 1, "central": 2}


def forward_difference(f: Callable, x, h: float):
    """[f(x+h) − f(x)] / h — rise over run, with a run of h. Error O(h)."""
    return (f(x + h) - f(x)) / h


def backward_difference(f: Callable, x, h: float):
    """[f(x) − f(x−h)] / h — the same idea looking back. Error O(h)."""
    return (f(x) - f(x - h)) / h


def central_difference(f: Callable, x, h: float):
    """[f(x+h) − f(x−h)] / 2h — the average of forward and backward. Error O(h²)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def second_difference(f: Callable, x, h: float):
    """[f(x+h) − 2f(x) + f(x−h)] / h² — the central estimate of f″(x). Error O(h²)."""
    return (f(x + h) - 2 * f(x) + f(x - h)) / (h * h)


_DIFFERENCES: dict[str, Callable] = {
    "forward": forward_difference,
    "backward": backward_difference,
    "central": central_difference,
}


def difference(f: Callable, x, h: float, kind: Kind = "central"):
    """f′(x) estimated by the chosen kind of difference ("forward", "backward" or "central")."""
    try:
        method = _DIFFERENCES[kind]
    except KeyError:
        raise ValueError(f"unknown difference kind {kind!r}; expected one of {', '.join(KINDS)}") from None
    return method(f, x, h)


def difference_errors(f: Callable, dfdx: Callable, x: float, hs: Sequence[float], kind: Kind = "forward"):
    """|estimate − exact| for each step size in `hs`: the data of the U-shaped error plot.

    Plotted on log–log axes the right-hand side is a straight line of slope 1 (forward, backward) or 2
    (central): truncation error. The left-hand side rises again as h shrinks: round-off error, roughly
    machine-ε·|f|/h. Returns a float array the same length as `hs`.
    """
    exact = float(dfdx(x))
    with np.errstate(all="ignore"):
        return np.array([abs(float(difference(f, x, float(h), kind)) - exact) for h in hs], dtype=float)


def fd_jacobian(f: Callable, x, h: float = 1e-6, kind: Kind = "central") -> np.ndarray:
    """The Jacobian of f: ℝⁿ → ℝᵐ by finite differences, one coordinate at a time.

    Column j is the difference quotient for a step h along the j-th axis, so J[i, j] ≈ ∂fᵢ/∂xⱼ. The
    result always has shape (m, n); for a scalar f that is a (1, n) ROW vector, the course's convention
    for the Jacobian of a scalar function (use `fd_gradient` for the flat gradient).
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    if kind not in _DIFFERENCES:
        raise ValueError(f"unknown difference kind {kind!r}; expected one of {', '.join(KINDS)}")

    def F(p):
        return np.atleast_1d(np.asarray(f(p), dtype=float)).reshape(-1)

    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h  # nudge only the j-th coordinate; the others are held constant
        if kind == "forward":
            columns.append((F(x + step) - F(x)) / h)
        elif kind == "backward":
            columns.append((F(x) - F(x - step)) / h)
        else:
            columns.append((F(x + step) - F(x - step)) / (2 * h))
    return np.column_stack(columns)


def fd_gradient(f: Callable, x, h: float = 1e-6, kind: Kind = "central") -> np.ndarray:
    """∇f of a scalar f: ℝⁿ → ℝ by finite differences, as a flat array of shape (n,)."""
    return fd_jacobian(f, x, h, kind)[0]


def fd_hessian(f: Callable, x, h: float = 1e-4) -> np.ndarray:
    """The Hessian of a scalar f by central differences of a central-difference gradient (the sandpit's way).

    The result is symmetrised, (H + Hᵀ)/2, because the two mixed estimates differ only by round-off.
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    H = fd_jacobian(lambda p: fd_gradient(f, p, h), x, h)
    return (H + H.T) / 2

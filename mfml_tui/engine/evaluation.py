"""Numerical evaluation of trees on numpy arrays (a 200×200 grid in one call).

Everything is computed in floating point (so `9^9^9` is `inf`, not a hang) with numpy's warnings off:
maths that is undefined at a point gives `nan` there, which plots skip and graders treat as "undefined".
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.functions import FUNCTIONS
from mfml_tui.engine.tree import Add, Call, Const, Expr, Func, Mat, Mul, Num, Pow, Rel, Sym, Vec

CONSTANTS = {"e": np.e, "pi": np.pi}
RELATIONS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
             ">=": operator.ge}


def _eval(e: Expr, env: Mapping[str, object]):
    if isinstance(e, Num):
        return float(e.value)
    if isinstance(e, Sym):
        try:
            return env[e.name]
        except KeyError:
            raise EngineError(f"no value for the variable {e.name}") from None
    if isinstance(e, Const):
        return CONSTANTS[e.name]
    if isinstance(e, Add):
        total = _eval(e.terms[0], env)
        for t in e.terms[1:]:
            if isinstance(t, Mul) and isinstance(t.factors[0], Num) and t.factors[0].value < 0:
                total = total - _eval_scaled(t, env)  # a − 2·b, not a + (−2)·b: one array pass fewer
            else:
                total = total + _eval(t, env)
        return total
    if isinstance(e, Mul):
        total = _eval(e.factors[0], env)
        for f in e.factors[1:]:
            total = total * _eval(f, env)
        return total
    if isinstance(e, Pow):
        base = _eval(e.base, env)
        exp = _eval(e.exp, env)
        if isinstance(e.exp, Num) and float(e.exp.value).is_integer():
            # a whole exponent as an int: numpy squares and cubes by multiplication, twice as fast
            return np.asarray(base, dtype=float) ** int(e.exp.value)
        # real powers of negative numbers are undefined (nan) except odd roots, which the course
        # never needs; √ of a negative is nan as on a calculator
        return np.power(np.asarray(base, dtype=float), exp)
    if isinstance(e, Func):
        return FUNCTIONS[e.name].numpy(_eval(e.arg, env))
    if isinstance(e, Rel):
        return np.asarray(RELATIONS[e.op](_eval(e.left, env), _eval(e.right, env)), dtype=float)
    if isinstance(e, Vec):
        return _stack([_eval(i, env) for i in e.items])
    if isinstance(e, Mat):
        # every entry broadcast together, so a constant row ([0, 0]) sits beside a row of arrays
        rows, cols = e.shape
        flat = _stack([_eval(i, env) for row in e.rows for i in row])
        return flat.reshape((rows, cols) + flat.shape[1:])
    if isinstance(e, Call):
        raise EngineError(f"{e.name}(…) must be computed before it can be evaluated")
    raise EngineError(f"cannot evaluate {type(e).__name__}")


def _eval_scaled(t: Mul, env: Mapping[str, object]):
    """|coefficient|·rest of a product whose coefficient is negative."""
    coeff = -float(t.factors[0].value)
    rest = t.factors[1:]
    total = _eval(rest[0], env)
    for f in rest[1:]:
        total = total * _eval(f, env)
    return total if coeff == 1.0 else coeff * total


def _stack(values: list):
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in values])
    return np.stack(arrays)


def evaluate(expr: Expr, env: Mapping[str, object] | None = None):
    """Value of `expr` with variables from `env` (floats or arrays that broadcast together).

    Scalars come back as a Python float for scalar inputs; vectors as arrays shaped (n, *grid),
    matrices (r, c, *grid)."""
    env = env or {}
    with np.errstate(all="ignore"):
        value = _eval(expr, env)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return float(value)
    if isinstance(value, (np.floating, int)):
        return float(value)
    return value


def lambdify(expr: Expr, variables: Sequence[str]) -> Callable:
    """A plain function of the given variables, for plots and numerical methods."""
    names = tuple(variables)

    def f(*args):
        if len(args) != len(names):
            raise TypeError(f"expected {len(names)} arguments ({', '.join(names)})")
        return evaluate(expr, dict(zip(names, args, strict=True)))

    f.__name__ = "expression"
    return f

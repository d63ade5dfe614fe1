"""Independent oracles for tests and benchmarks: our trees converted node by node to sympy objects
(never through a string, so sympy's eval-based parser is not involved)."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from mfml_tui.engine import Add, Const, Func, Mat, Mul, Num, Pow, Sym, Vec

SYMS = {name: sp.Symbol(name, real=True) for name in ["x", "y", "z", "t", "a", "n"]}
SP_FUNCS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "ln": sp.log, "sinh": sp.sinh,
    "cosh": sp.cosh, "tanh": sp.tanh, "arctan": sp.atan, "arcsin": sp.asin, "arccos": sp.acos,
    "sigmoid": lambda u: 1 / (1 + sp.exp(-u)), "abs": sp.Abs, "sec": sp.sec, "csc": sp.csc, "cot": sp.cot,
}


def to_sympy(e):
    if isinstance(e, Num):
        v = e.value
        return sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sp.sympify(v)
    if isinstance(e, Sym):
        return SYMS.setdefault(e.name, sp.Symbol(e.name, real=True))
    if isinstance(e, Const):
        return sp.E if e.name == "e" else sp.pi
    if isinstance(e, Add):
        return sp.Add(*(to_sympy(t) for t in e.terms))
    if isinstance(e, Mul):
        return sp.Mul(*(to_sympy(f) for f in e.factors))
    if isinstance(e, Pow):
        return sp.Pow(to_sympy(e.base), to_sympy(e.exp))
    if isinstance(e, Func):
        return SP_FUNCS[e.name](to_sympy(e.arg))
    if isinstance(e, Vec):
        return sp.Matrix([to_sympy(i) for i in e.items])
    if isinstance(e, Mat):
        return sp.Matrix([[to_sympy(i) for i in row] for row in e.rows])
    raise TypeError(e)


def sympy_value(expr, point: dict[str, float]) -> float:
    subs = {SYMS[k]: sp.Float(v, 30) for k, v in point.items()}
    return complex(sp.N(expr.subs(subs), 30))

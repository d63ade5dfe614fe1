"""Symbolic calculus by the course's rules: sum, power, product and chain (division is a power −1,
so the quotient rule is never needed), then partials, gradient, Jacobian, Hessian and Taylor.

Sizes are bounded: derivative orders, Taylor orders, the size of each resulting tree and (inside
`work_budget`, which `author.compute` opens) the total size of all derivatives one computation builds,
so that no input can exhaust memory or hang through the product rule's growth.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction

from mfml_tui.engine import build as b
from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.functions import FUNCTIONS
from mfml_tui.engine.tree import (
    ONE,
    ZERO,
    Add,
    Call,
    Const,
    Expr,
    Func,
    Mat,
    Mul,
    Num,
    Pow,
    Rel,
    Sym,
    Vec,
    free_symbols,
    size,
    walk,
)

MAX_ORDER = 12
MAX_TAYLOR_ORDER = 20
MAX_NODES = 20_000  # of one derivative, checked as the product and chain rules build it
MAX_WORK = 25_000  # nodes of all derivatives built in one computation (well under a second of work)

_budget: ContextVar[list[int] | None] = ContextVar("derivative_budget", default=None)


@contextmanager
def work_budget(limit: int = MAX_WORK) -> Iterator[None]:
    """Bound the derivative work of everything inside (a learner's `hessian(…)` of a huge tower, say)."""
    token = _budget.set([limit])
    try:
        yield
    finally:
        _budget.reset(token)


def _spend(nodes: int) -> None:
    left = _budget.get()
    if left is not None:
        left[0] -= nodes
        if left[0] < 0:
            raise EngineError("the derivatives grow too large to work with")

_RULES: dict[str, Expr] = {}


def _rule(name: str) -> Expr:
    """The derivative rule of a table function, parsed once from its text."""
    if name not in _RULES:
        from mfml_tui.engine.parser import parse

        _RULES[name] = parse(FUNCTIONS[name].derivative)
    return _RULES[name]


def substitute(expr: Expr, mapping: dict[str, Expr | float | int]) -> Expr:
    """Replace variables by expressions or numbers, rebuilding (and so simplifying) on the way up."""
    values = {k: (v if isinstance(v, Expr) else b.num(v)) for k, v in mapping.items()}
    if not values:
        return expr
    return _subst(expr, values)


def _subst(e: Expr, values: dict[str, Expr]) -> Expr:
    if isinstance(e, Sym):
        return values.get(e.name, e)
    if isinstance(e, (Num, Const)):
        return e
    return rebuild(e, [_subst(c, values) for c in e.children()])


def rebuild(e: Expr, kids: list[Expr]) -> Expr:
    """The same node type with new children, through the smart constructors."""
    if isinstance(e, Add):
        return b.add(*kids)
    if isinstance(e, Mul):
        return b.mul(*kids)
    if isinstance(e, Pow):
        return b.power(kids[0], kids[1])
    if isinstance(e, Func):
        return b.func(e.name, kids[0])
    if isinstance(e, Vec):
        return Vec(tuple(kids))
    if isinstance(e, Mat):
        r, c = e.shape
        return Mat(tuple(tuple(kids[i * c:(i + 1) * c]) for i in range(r)))
    if isinstance(e, Rel):
        return Rel(e.op, kids[0], kids[1])
    if isinstance(e, Call):
        n = len(e.args)
        return Call(e.name, tuple(kids[:n]), tuple((k, v) for (k, _), v in zip(e.kwargs, kids[n:],
                                                                                 strict=True)))
    return e


def simplify(expr: Expr) -> Expr:
    """Rebuild bottom-up through the smart constructors (trees from elsewhere become tidy)."""
    if isinstance(expr, (Num, Sym, Const)):
        return expr
    return rebuild(expr, [simplify(c) for c in expr.children()])


def _d(e: Expr, x: str) -> Expr:
    if isinstance(e, (Num, Const)):
        return ZERO
    if isinstance(e, Sym):
        return ONE if e.name == x else ZERO
    if x not in free_symbols(e):
        return ZERO
    if isinstance(e, Add):  # sum rule
        return b.add(*(_d(t, x) for t in e.terms))
    if isinstance(e, Mul):  # product rule, for any number of factors
        terms = []
        for i, f in enumerate(e.factors):
            df = _d(f, x)
            if df != ZERO:
                terms.append(b.mul(*e.factors[:i], df, *e.factors[i + 1:]))
        return _bounded(b.add(*terms))
    if isinstance(e, Pow):
        u, n = e.base, e.exp
        if x not in free_symbols(n):  # power rule with the chain rule: n·uⁿ⁻¹·u′
            return _chain(b.mul(n, b.power(u, b.sub(n, ONE))), _d(u, x))
        if x not in free_symbols(u):  # aᵘ = e^(u·ln a)
            log_u = ONE if isinstance(u, Const) and u.name == "e" else b.func("ln", u)
            return b.mul(e, log_u, _d(n, x))
        # general uⁿ: uⁿ·(n′·ln u + n·u′/u)
        return b.mul(e, b.add(b.mul(_d(n, x), b.func("ln", u)), b.mul(n, _d(u, x), b.power(u, Num(-1)))))
    if isinstance(e, Func):  # chain rule: f′(u)·u′
        return _bounded(_chain(substitute(_rule(e.name), {"u": e.arg}), _d(e.arg, x)))
    if isinstance(e, Vec):
        return Vec(tuple(_d(i, x) for i in e.items))
    if isinstance(e, Mat):
        return Mat(tuple(tuple(_d(i, x) for i in row) for row in e.rows))
    if isinstance(e, Rel):
        raise EngineError("a comparison has no derivative")
    if isinstance(e, Call):
        raise EngineError(f"{e.name}(…) must be computed before differentiating")
    raise EngineError(f"cannot differentiate {type(e).__name__}")


def _chain(outer: Expr, inner: Expr) -> Expr:
    """outer′·inner′ as a textbook writes it: a monomial inner derivative in front (2·x·cos(x²),
    6·x·(x² + 1)²), anything else behind (cos(x² + x)·(2·x + 1))."""
    return b.mul(inner, outer) if _monomial(inner) else b.mul(outer, inner)


def _monomial(e: Expr) -> bool:
    """A number, constant, variable or power of a variable, or a product of these (2·x, π, n·xⁿ⁻¹):
    the factors a textbook writes before a function. Only derivatives are ordered this way; a typed
    product keeps its order."""
    if isinstance(e, Mul):
        return all(_monomial(f) for f in e.factors)
    if isinstance(e, Pow):
        return isinstance(e.base, Sym) and not any(isinstance(n, Func) for n in walk(e.exp))
    return isinstance(e, (Num, Const, Sym))


def _bounded(e: Expr) -> Expr:
    """Stop a derivative as soon as it outgrows MAX_NODES, not after it is built (sizes are cached)."""
    if size(e) > MAX_NODES:
        raise EngineError("the derivative is too large to work with")
    return e


def diff(expr: Expr, x: str, n: int = 1) -> Expr:
    """The n-th derivative with respect to `x` (a partial derivative when other variables appear)."""
    if not isinstance(n, int) or n < 0:
        raise EngineError("the order of a derivative must be a whole number ≥ 0")
    if n > MAX_ORDER:
        raise EngineError(f"derivatives are limited to order {MAX_ORDER}")
    for _ in range(n):
        expr = _bounded(_d(expr, x))
        _spend(size(expr))
    return expr


def gradient(expr: Expr, variables: Sequence[str]) -> Vec:
    """∇f as a vector of partial derivatives (printed as a list; the Jacobian of f is the same row)."""
    return Vec(tuple(diff(expr, v) for v in variables))


def jacobian(exprs: Expr | Sequence[Expr], variables: Sequence[str]) -> Expr:
    """J[i][j] = ∂fᵢ/∂xⱼ. A scalar function gives a row vector (the course's convention)."""
    if isinstance(exprs, Vec):
        exprs = exprs.items
    if isinstance(exprs, Expr):
        return gradient(exprs, variables)
    return Mat(tuple(tuple(diff(f, v) for v in variables) for f in exprs))


def hessian(expr: Expr, variables: Sequence[str]) -> Mat:
    """H[i][j] = ∂²f/∂xᵢ∂xⱼ (the Jacobian of the Jacobian)."""
    first = [diff(expr, v) for v in variables]
    return Mat(tuple(tuple(diff(fi, v) for v in variables) for fi in first))


def taylor(expr: Expr, x: str, a: Expr | float, n: int) -> Expr:
    """Σₖ f⁽ᵏ⁾(a)/k!·(x − a)ᵏ for k = 0…n."""
    if not isinstance(n, int) or n < 0 or n > MAX_TAYLOR_ORDER:
        raise EngineError(f"the order of a Taylor polynomial must be a whole number from 0 to "
                          f"{MAX_TAYLOR_ORDER}")
    a_expr = a if isinstance(a, Expr) else b.num(a)
    shift = b.sub(Sym(x), a_expr)
    terms = []
    derivative = expr
    for k in range(n + 1):
        if k:
            derivative = diff(derivative, x)
        coeff = substitute(derivative, {x: a_expr})
        terms.append(b.mul(b.num(Fraction(1, math.factorial(k))), coeff, b.power(shift, Num(k))))
    return b.add(*terms)


def taylor2(expr: Expr, variables: Sequence[str], point: Sequence[Expr | float], order: int = 2) -> Expr:
    """Multivariate Taylor to order 0, 1 or 2: f(a) + J(a)·Δ + ½·Δᵀ·H(a)·Δ with Δ = x − a."""
    if order not in (0, 1, 2):
        raise EngineError("multivariate Taylor polynomials are taught to order 2")
    if len(variables) != len(point):
        raise EngineError("give one expansion coordinate per variable")
    at = {v: (p if isinstance(p, Expr) else b.num(p)) for v, p in zip(variables, point, strict=True)}
    deltas = [b.sub(Sym(v), at[v]) for v in variables]
    terms = [substitute(expr, at)]
    if order >= 1:
        grads = [diff(expr, v) for v in variables]
        terms += [b.mul(substitute(g, at), d) for g, d in zip(grads, deltas, strict=True)]
        if order == 2:
            for i, gi in enumerate(grads):
                for j, vj in enumerate(variables):
                    hij = substitute(diff(gi, vj), at)
                    terms.append(b.mul(Num(Fraction(1, 2)), hij, deltas[i], deltas[j]))
    return b.add(*terms)


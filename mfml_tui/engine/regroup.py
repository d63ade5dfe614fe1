"""Trees regrouped for numerical evaluation on a grid: the same value in fewer array passes.

Differentiation expands: ∇ of (1 − x)² + 100(y − x²)² is [2x − 2 − 200·x·(2y − 2x²), 200y − 200x²], which
evaluated as written costs 20 passes over a 200×200 grid where numpy by hand costs 13. Two rewrites, both
on numeric coefficients only, bring it back to the hand-written form:

- a common coefficient is factored out of a sum: c·a − c·b → c·(a − b) (one multiplication instead of n),
  and the sum left is the one f itself holds (y − x²), which `evaluation` then computes once for f and ∇f;
- coefficients of nested products are folded: −200·x·(2·d) → −400·x·d.

Both change the rounding (c·a − c·b and c·(a − b) differ in the last bits; near a = b the expanded form
loses the digits the factored one keeps), so a regrouped value is within a few ulps of the sum of the
terms' magnitudes, not bit for bit the tree walk's (`docs/architecture.md`, "the grid evaluator"). The
tree walk (`evaluation.evaluate`), which grading uses, never sees a regrouped tree."""

from __future__ import annotations

from mfml_tui.engine.tree import Add, Expr, Func, Mat, Mul, Num, Pow, Vec, as_float

MINUS_ONE = Num(-1)


def regroup(e: Expr, done: dict[Expr, Expr] | None = None) -> Expr:
    """`e` with common coefficients factored out of sums and nested coefficients folded (see above).

    `done` maps subtrees already regrouped to their result: a derivative shares big subtrees, and each is
    regrouped once (`evaluation._program` passes one map for f, ∇f and H together)."""
    if done is None:
        done = {}
    found = done.get(e)
    if found is None:
        found = done[e] = _regroup(e, done)
    return found


def _regroup(e: Expr, done: dict[Expr, Expr]) -> Expr:
    if not e.children():
        return e
    if isinstance(e, Add):
        return _sum(tuple(regroup(t, done) for t in e.terms))
    if isinstance(e, Mul):
        return _product(tuple(regroup(f, done) for f in e.factors))
    if isinstance(e, Vec):
        return Vec(tuple(regroup(i, done) for i in e.items))
    if isinstance(e, Mat):
        return Mat(tuple(tuple(regroup(i, done) for i in row) for row in e.rows))
    if isinstance(e, Pow):
        return Pow(regroup(e.base, done), regroup(e.exp, done))
    if isinstance(e, Func):
        return Func(e.name, regroup(e.arg, done))
    return e  # comparisons and operations: the tree walk evaluates them as they are


def _coefficient(t: Expr):
    """(c, the other factors) for a product c·a·… with a number c in front; None otherwise."""
    if isinstance(t, Mul) and isinstance(t.factors[0], Num) and len(t.factors) >= 2:
        return t.factors[0].value, t.factors[1:]
    return None


def _sum(terms: tuple[Expr, ...]) -> Expr:
    """c·a ± c·b ± … → c·(a ± b ± …) when every term has a number in front of the same size, not 1."""
    split = [_coefficient(t) for t in terms]
    if len(terms) < 2 or any(s is None for s in split):
        return Add(terms)
    c = split[0][0]
    size = abs(c)
    if size == 1 or size == 0 or not _finite(c) or any(abs(k) != size for k, _ in split):
        return Add(terms)
    inner = tuple((rest[0] if len(rest) == 1 else Mul(rest)) if k == c else Mul((MINUS_ONE,) + rest)
                  for k, rest in split)
    return _product((Num(c), Add(inner)))


def _product(factors: tuple[Expr, ...]) -> Expr:
    """c·a·(k·b) → (c·k)·a·b: a product's number and the number in front of a product inside it, as one."""
    if not isinstance(factors[0], Num) or not any(
            isinstance(f, Mul) and isinstance(f.factors[0], Num) for f in factors[1:]):
        return Mul(factors)
    c = factors[0].value
    rest: list[Expr] = []
    for f in factors[1:]:
        if isinstance(f, Mul) and isinstance(f.factors[0], Num) and _finite(f.factors[0].value):
            c = c * f.factors[0].value
            inner = f.factors[1:]
            rest.extend(inner if len(inner) > 1 else inner[:1])
        else:
            rest.append(f)
    if not _finite(c):
        return Mul(factors)
    if not rest:
        return Num(c)
    if c == 1:
        return rest[0] if len(rest) == 1 else Mul(tuple(rest))
    return Mul((Num(c),) + tuple(rest))


def _finite(value) -> bool:
    f = as_float(value)
    return f == f and abs(f) != float("inf")

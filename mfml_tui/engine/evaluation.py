"""Numerical evaluation of trees on numpy arrays (a 200×200 grid in one call).

Everything is computed in floating point (so `9^9^9` is `inf`, not a hang) with numpy's warnings off:
maths that is undefined at a point gives `nan` there, which plots skip and graders treat as "undefined".
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.functions import FUNCTIONS
from mfml_tui.engine.regroup import regroup
from mfml_tui.engine.tree import (
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
    as_float,
    free_symbols,
    walk,
)

CONSTANTS = {"e": np.e, "pi": np.pi}
RELATIONS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
             ">=": operator.ge}


_PENDING = object()  # a repeated subtree not computed yet (see `evaluate_all`)


def _eval(e: Expr, env: Mapping[str, object], memo: dict | None = None):
    if memo is not None:
        known = memo.get(e)
        if known is not None:
            if known is _PENDING:
                memo[e] = value = _compute(e, env, memo)
                return value
            return known
    return _compute(e, env, memo)


def _compute(e: Expr, env: Mapping[str, object], memo: dict | None):
    if isinstance(e, Num):
        return as_float(e.value)
    if isinstance(e, Sym):
        try:
            return env[e.name]
        except KeyError:
            raise EngineError(f"no value for the variable {e.name}") from None
    if isinstance(e, Const):
        return CONSTANTS[e.name]
    if isinstance(e, Add):
        total = _eval(e.terms[0], env, memo)
        for t in e.terms[1:]:
            if isinstance(t, Mul) and isinstance(t.factors[0], Num) and t.factors[0].value < 0:
                total = total - _eval_scaled(t, env, memo)  # a − 2·b, not a + (−2)·b: one array pass fewer
            else:
                total = total + _eval(t, env, memo)
        return total
    if isinstance(e, Mul):
        total = _eval(e.factors[0], env, memo)
        for f in e.factors[1:]:
            total = total * _eval(f, env, memo)
        return total
    if isinstance(e, Pow):
        base = _eval(e.base, env, memo)
        exp = _eval(e.exp, env, memo)
        if isinstance(e.exp, Num) and as_float(e.exp.value).is_integer():
            # a whole exponent as an int: numpy squares and cubes by multiplication, twice as fast
            return np.asarray(base, dtype=float) ** int(e.exp.value)
        # real powers of negative numbers are undefined (nan) except odd roots, which the course
        # never needs; √ of a negative is nan as on a calculator
        return np.power(np.asarray(base, dtype=float), exp)
    if isinstance(e, Func):
        return FUNCTIONS[e.name].numpy(_eval(e.arg, env, memo))
    if isinstance(e, Rel):
        return np.asarray(RELATIONS[e.op](_eval(e.left, env, memo), _eval(e.right, env, memo)), dtype=float)
    if isinstance(e, Vec):
        return _stack([_eval(i, env, memo) for i in e.items])
    if isinstance(e, Mat):
        # every entry broadcast together, so a constant row ([0, 0]) sits beside a row of arrays
        rows, cols = e.shape
        flat = _stack([_eval(i, env, memo) for row in e.rows for i in row])
        return flat.reshape((rows, cols) + flat.shape[1:])
    if isinstance(e, Call):
        raise EngineError(f"{e.name}(…) must be computed before it can be evaluated")
    raise EngineError(f"cannot evaluate {type(e).__name__}")


def _eval_scaled(t: Mul, env: Mapping[str, object], memo: dict | None):
    """|coefficient|·rest of a product whose coefficient is negative."""
    coeff = -as_float(t.factors[0].value)
    rest = t.factors[1:]
    total = _eval(rest[0], env, memo)
    for f in rest[1:]:
        total = total * _eval(f, env, memo)
    return total if coeff == 1.0 else coeff * total


def _stack(values: list):
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in values])
    return np.stack(arrays)


def evaluate(expr: Expr, env: Mapping[str, object] | None = None):
    """Value of `expr` with variables from `env` (floats or arrays that broadcast together).

    Scalars come back as a Python float for scalar inputs; vectors as arrays shaped (n, *grid),
    matrices (r, c, *grid)."""
    if isinstance(expr, Num):  # a number (most computed answers, every typed one): no numpy state to set
        return as_float(expr.value)
    env = env or {}
    with np.errstate(all="ignore"):
        return _plain(_eval(expr, env))


def _plain(value):
    """Python floats for scalars (0-d arrays, numpy scalars, ints); arrays as they are."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return float(value)
    if isinstance(value, (np.floating, int)):
        return as_float(value)
    return value


def evaluate_all(exprs: Sequence[Expr], env: Mapping[str, object] | None = None) -> list:
    """The values of several expressions over the same variables (the grid evaluator of plots and
    explorers), with every costly subtree they repeat computed once: f and ∇f of e^(−(x²+y²)) compute the
    exponential once, not three times. The trees are first regrouped (`regroup`: 200y − 200x² becomes
    200·(y − x²), which f also holds), so each value is bit for bit `evaluate`'s for the regrouped tree and
    within 1e-13 of its terms' magnitudes of `evaluate`'s for the tree as written (docs/architecture.md).

    The expressions are compiled once (remembered per tuple of trees) into one closure per node: a plot
    or an explorer evaluates the same f and ∇f for every frame, and the tree walk's per-node dispatch was
    half of the gap to hand-written numpy. The other half was fresh memory: on a 200×200 grid a new
    array's first touch of its pages costs as much as the arithmetic, so each operation writes into a
    temporary this evaluation owns (`out=`) when it can, and a vector's items write their last operation
    straight into their row of the result (no stacking copy)."""
    exprs = tuple(exprs)
    env = env or {}
    program, slots = _program(exprs)
    kept = [_PENDING] * slots
    with np.errstate(all="ignore"):
        return [_plain(run(env, kept, None)[0]) for run in program]


# A compiled node is `run(env, kept, out) -> (value, owned)`: `owned` when the value is a float64 array
# this evaluation made and nobody else holds (not a variable's array, not a kept repeated subtree, not
# what a function of ours returned), so the next operation may write into it; `out`, when given, is the
# row of a vector the value is wanted in (the value may then be `out` itself).
Compiled = Callable[..., tuple[object, bool]]


@lru_cache(maxsize=256)
def _program(exprs: tuple[Expr, ...]) -> tuple[tuple[Compiled, ...], int]:
    """Closures computing each expression, and how many repeated subtrees they keep per evaluation."""
    done: dict[Expr, Expr] = {}
    exprs = tuple(regroup(e, done) for e in exprs)
    shared = {e: k for k, e in enumerate(_repeated(exprs))}
    made: dict[Expr, Compiled] = {}
    return tuple(_compile(e, shared, made) for e in exprs), len(shared)


def _compile(e: Expr, shared: dict[Expr, int], made: dict[Expr, Compiled]) -> Compiled:
    found = made.get(e)
    if found is None:
        found = _node(e, shared, made)
        if e in shared:
            found = _kept(shared[e], found)
        made[e] = found
    return found


def _kept(slot: int, inner: Compiled) -> Compiled:
    def run(env, kept, out):
        value = kept[slot]
        if value is _PENDING:
            value = kept[slot] = inner(env, kept, None)[0]
        return value, False
    return run


# numpy's native float64 dtype, compared by identity (cheaper than ==): a rarer float64 dtype, byte-swapped
# say, only misses the writes into owned arrays, never changes a value
_F64 = np.dtype(np.float64)


def _is_float_array(x) -> bool:
    return x.__class__ is np.ndarray and x.dtype is _F64


def _apply(ufunc, plain, a, a_owned: bool, b, b_owned: bool, out) -> tuple[object, bool]:
    """a ∘ b, written into `out`, else into an owned operand, when every array operand is float64 of one
    shape and the other a float (no broadcasting, no integer arithmetic: bit for bit the plain operation).
    Checked inline: this runs for every operation of every frame of a plot."""
    if a.__class__ is np.ndarray:
        shape = a.shape
        if a.dtype is not _F64 or not (b.shape == shape and b.dtype is _F64 if b.__class__ is np.ndarray
                                       else isinstance(b, float)):
            value = plain(a, b)
            return value, _is_float_array(value)
    elif b.__class__ is np.ndarray:
        shape = b.shape
        if b.dtype is not _F64 or not isinstance(a, float):
            value = plain(a, b)
            return value, _is_float_array(value)
    else:
        return plain(a, b), False  # two numbers: Python's arithmetic, as `_compute`
    if out is not None and out.shape == shape:
        return ufunc(a, b, out=out), False
    if a_owned:
        return ufunc(a, b, out=a), True
    if b_owned:
        return ufunc(a, b, out=b), True
    return ufunc(a, b), True


def _unary(fn, a, owned: bool, out) -> tuple[object, bool]:
    """A numpy ufunc of one float64 array, into `out` or the owned argument when it may be."""
    if out is not None and out.shape == a.shape:
        return fn(a, out=out), False
    if owned:
        return fn(a, out=a), True
    return fn(a), True


def _node(e: Expr, shared: dict[Expr, int], made: dict[Expr, Compiled]) -> Compiled:
    """One node's closure, doing exactly the operations `_compute` does for it."""
    def sub(x: Expr) -> Compiled:
        return _compile(x, shared, made)

    if isinstance(e, (Num, Const)):
        constant = as_float(e.value) if isinstance(e, Num) else CONSTANTS[e.name]
        return lambda env, kept, out: (constant, False)
    if isinstance(e, Sym):
        name = e.name

        def variable(env, kept, out):
            try:
                return env[name], False
            except KeyError:
                raise EngineError(f"no value for the variable {name}") from None
        return variable
    if isinstance(e, Add):
        rest = []
        for t in e.terms[1:]:
            if isinstance(t, Mul) and isinstance(t.factors[0], Num) and t.factors[0].value < 0:
                rest.append((np.subtract, operator.sub, _scaled(t, sub)))
            else:
                rest.append((np.add, operator.add, sub(t)))
        return _fold(sub(e.terms[0]), tuple(rest))
    if isinstance(e, Mul):
        return _fold(sub(e.factors[0]), tuple((np.multiply, operator.mul, sub(f)) for f in e.factors[1:]))
    if isinstance(e, Pow):
        base = sub(e.base)
        if isinstance(e.exp, Num) and as_float(e.exp.value).is_integer():
            k = int(e.exp.value)

            def whole_power(env, kept, out):
                b, owned = base(env, kept, None)
                if k == 2 and _is_float_array(b):  # what `b ** 2` runs (numpy squares)
                    return _unary(np.square, b, owned, out)
                value = np.asarray(b, dtype=float) ** k
                return value, _is_float_array(value)
            return whole_power
        exponent = sub(e.exp)

        def power(env, kept, out):
            b = base(env, kept, None)[0]
            value = np.power(np.asarray(b, dtype=float), exponent(env, kept, None)[0])
            return value, _is_float_array(value)
        return power
    if isinstance(e, Func):
        arg, fname = sub(e.arg), e.name

        def function(env, kept, out):
            fn = FUNCTIONS[fname].numpy  # looked up each time: the table is the one truth
            a, owned = arg(env, kept, None)
            if fn.__class__ is np.ufunc and _is_float_array(a):
                return _unary(fn, a, owned, out)
            return fn(a), False  # ours may hand back their argument or a view of it
        return function
    if isinstance(e, Vec):
        items = tuple(sub(i) for i in e.items)
        flat = _flat(e)
        names = tuple(sorted(free_symbols(e)))

        def vector(env, kept, out):
            shape = _grid_shape(names, env) if flat else ()
            if not shape:
                return _stack([item(env, kept, None)[0] for item in items]), True
            result = np.empty((len(items),) + shape)
            for k, item in enumerate(items):
                row = result[k]
                value = item(env, kept, row)[0]
                if value is not row:
                    row[...] = value
            return result, True
        return vector
    if isinstance(e, Mat):  # a Hessian: every entry broadcast together, as `_compute` does
        entries = tuple(sub(i) for row in e.rows for i in row)
        rows, cols = e.shape

        def matrix(env, kept, out):
            flat = _stack([entry(env, kept, None)[0] for entry in entries])
            return flat.reshape((rows, cols) + flat.shape[1:]), True
        return matrix
    # comparisons and operations: never on a grid of f and ∇f, evaluated as `evaluate` does
    return lambda env, kept, out: (_eval(e, env), False)


def _fold(first: Compiled, rest: tuple) -> Compiled:
    """a ∘ b ∘ c … left to right, as `_compute` does; the last operation may write into `out`."""
    last = len(rest) - 1
    if last == 0:  # a ∘ b, the common case, without the loop
        ((ufunc, plain, second),) = rest

        def binary(env, kept, out):
            a, a_owned = first(env, kept, None)
            b, b_owned = second(env, kept, None)
            return _apply(ufunc, plain, a, a_owned, b, b_owned, out)
        return binary

    def run(env, kept, out):
        total, owned = first(env, kept, None)
        for k, (ufunc, plain, f) in enumerate(rest):
            v, v_owned = f(env, kept, None)
            total, owned = _apply(ufunc, plain, total, owned, v, v_owned, out if k == last else None)
        return total, owned
    return run


def _scaled(t: Mul, sub) -> Compiled:
    """|coefficient|·rest of a product whose coefficient is negative (as `_eval_scaled`)."""
    coeff = -as_float(t.factors[0].value)
    rest = [sub(f) for f in t.factors[1:]]
    product = rest[0] if len(rest) == 1 else _fold(rest[0], tuple((np.multiply, operator.mul, f)
                                                                  for f in rest[1:]))
    if coeff == 1.0:
        return product

    def run(env, kept, out):
        v, owned = product(env, kept, None)
        return _apply(np.multiply, operator.mul, coeff, False, v, owned, None)
    return run


def _grid_shape(names: tuple[str, ...], env: Mapping[str, object]) -> tuple[int, ...]:
    """The grid a vector of scalars fills: the broadcast shape of its variables' float64 arrays; ()
    when that is not so (a point, other dtypes, a missing name: `np.stack` as `evaluate` does)."""
    shapes = []
    for name in names:
        v = env.get(name)
        if v.__class__ is np.ndarray and v.dtype is _F64:
            shapes.append(v.shape)
        elif not isinstance(v, float):
            return ()
    if not shapes:
        return ()
    if shapes.count(shapes[0]) == len(shapes):  # a meshgrid's X and Y: no broadcasting to work out
        return shapes[0]
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        return ()


@lru_cache(maxsize=256)
def _flat(e: Vec) -> bool:
    """A vector whose items are scalars (no vector, matrix, comparison or operation inside)."""
    return not any(isinstance(n, (Vec, Mat, Rel, Call)) for item in e.items for n in walk(item))


@lru_cache(maxsize=256)
def _repeated(exprs: tuple[Expr, ...]) -> tuple[Expr, ...]:
    """The subtrees met more than once in `exprs` that apply a function (exp, sin, ln, …) or cost two
    array passes or more (Rosenbrock's y − x², in f and both entries of its regrouped ∇f), counting a
    subtree inside a repeated one only in its first occurrence (the later ones are not evaluated at all).

    A repeated single operation (x² alone) is left out: one multiplication is cheaper than keeping its
    grid alive, which makes the next operation allocate (measured: sharing it made f and ∇f 15% slower)."""
    seen: dict[Expr, int] = {}
    stack = list(reversed(exprs))
    while stack:
        e = stack.pop()
        if isinstance(e, (Num, Sym, Const)):
            continue
        if e in seen:
            seen[e] += 1
            continue
        seen[e] = 1
        stack.extend(reversed(e.children()))
    return tuple(e for e, n in seen.items() if n > 1 and (_applies_function(e) or _two_passes_or_more(e)))


def _applies_function(e: Expr) -> bool:
    return isinstance(e, Func) or any(_applies_function(c) for c in e.children())


def _two_passes_or_more(e: Expr) -> bool:
    """An operation on another operation's result, or on three operands or more (not x², 2·x, y − 3)."""
    kids = e.children()
    return bool(kids) and (len(kids) > 2 or any(k.children() for k in kids))


def lambdify(expr: Expr, variables: Sequence[str]) -> Callable:
    """A plain function of the given variables, for plots and numerical methods."""
    names = tuple(variables)

    def f(*args):
        if len(args) != len(names):
            raise TypeError(f"expected {len(names)} arguments ({', '.join(names)})")
        return evaluate(expr, dict(zip(names, args, strict=True)))

    f.__name__ = "expression"
    return f

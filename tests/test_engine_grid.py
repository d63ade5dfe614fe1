"""The grid evaluator (`evaluate_all`) against hand-written numpy (issue #20: f and ∇f on a 200×200 grid
≤ 1.2× numpy by hand): how many array operations it runs, and how close its values stay to the tree walk's,
to sympy's and to exact arithmetic now that it regroups coefficients (`engine/regroup.py`)."""

from __future__ import annotations

import operator
import types
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mfml_tui.engine import diff, evaluation, gradient, hessian, parse
from mfml_tui.engine.evaluation import evaluate, evaluate_all
from mfml_tui.engine.regroup import regroup
from mfml_tui.engine.tree import Add, Func, Mul, Num, Sym
from tests.test_engine_calculus import TREES

ROSENBROCK = "(1 - x)^2 + 100 (y - x^2)^2"
# numbers with all 53 bits in use (on -3, -2, …, 3 both forms are exact); negatives: ln and √ give nan
X, Y = np.meshgrid(np.linspace(-3, 3, 7) * 1.0123456789, np.linspace(-2.5, 2, 5) * 0.987654321)


class _Counter:
    """Array operations run, counted by wrapping the numpy ufuncs and the `operator` functions the
    evaluator calls (an operation on two plain numbers is not counted: it is no pass over a grid)."""

    def __init__(self) -> None:
        self.ops: list[str] = []

    def wrap(self, name: str, fn):
        def counted(*args, **kwargs):
            if any(isinstance(a, np.ndarray) and a.ndim for a in args):
                self.ops.append(name)
            return fn(*args, **kwargs)
        return counted


@pytest.fixture
def count(monkeypatch):
    counter = _Counter()
    ufuncs = {name: counter.wrap(name, getattr(np, name))
              for name in ("add", "subtract", "multiply", "divide", "square", "power", "negative")}
    monkeypatch.setattr(evaluation, "np", types.SimpleNamespace(**{**vars(np), **ufuncs}))
    ops = {name: counter.wrap(name, getattr(operator, name))
           for name in ("add", "sub", "mul", "truediv", "pow")}
    monkeypatch.setattr(evaluation, "operator", types.SimpleNamespace(**{**vars(operator), **ops}))
    for name in ("exp", "sin", "cos"):
        fn = evaluation.FUNCTIONS[name]
        monkeypatch.setitem(evaluation.FUNCTIONS, name,
                            type(fn)(**{**vars(fn), "implementation": counter.wrap(name, fn.numpy)}))
    evaluation._program.cache_clear()
    yield counter
    evaluation._program.cache_clear()


@pytest.mark.parametrize(("text", "by_hand"), [
    # numpy by hand (benchmarks/grid.py): d = y − x² (2); (1 − x)² + 100·d² (5); −2(1 − x) − 400·x·d (5);
    # 200·d (1)
    (ROSENBROCK, 13),
    # e = exp(−(x² + y²)) (5); −2·x·e, −2·y·e (4)
    ("e^(-(x^2 + y^2))", 9),
])
def test_f_and_its_gradient_on_a_grid_take_no_more_array_operations_than_by_hand(count, text, by_hand):
    f = parse(text)
    g = gradient(f, ["x", "y"])
    X, Y = np.meshgrid(np.linspace(-3, 3, 9), np.linspace(-2, 2, 7))
    evaluate_all([f, g], {"x": X, "y": Y})
    assert len(count.ops) <= by_hand, count.ops


# ── accuracy: within 1e-13 of the sum of the terms' magnitudes ─────────────────────────────────────────

def magnitude(e, env):
    """(value, m): the value computed here by a plain walk, and m, a bound on how far rounding can move a
    value of `e` computed in any order: the terms' magnitudes summed (|2y| + |2x²| for 2y − 2x², never the
    result), multiplied through products, carried through a function by its slope."""
    from mfml_tui.engine.tree import Const, Pow

    if isinstance(e, Num):
        v = float(e.value)
        return v, abs(v)
    if isinstance(e, Sym):
        v = np.asarray(env[e.name], dtype=float)
        return v, np.abs(v)
    if isinstance(e, Const):
        v = evaluate(e)
        return v, abs(v)
    if isinstance(e, Add):
        parts = [magnitude(t, env) for t in e.terms]
        return sum(v for v, _ in parts), sum(m for _, m in parts)
    if isinstance(e, Mul):
        parts = [magnitude(f, env) for f in e.factors]
        v, m = parts[0]
        for pv, pm in parts[1:]:
            v, m = v * pv, m * pm
        return v, m
    if isinstance(e, Pow):
        (bv, bm), k = magnitude(e.base, env), float(e.exp.value)
        v = bv**k
        if k > 0:
            return v, bm**k
        return v, np.abs(v) + np.abs(k) * np.abs(v) ** ((k - 1) / k) * bm  # |d(b^k)/db| = |k|·|v|^((k−1)/k)
    if isinstance(e, Func):
        av, am = magnitude(e.arg, env)
        v = evaluation.FUNCTIONS[e.name].numpy(av)
        # the slope from the function table's own derivative rule (a scale, not a value under test)
        slope = np.abs(evaluate(diff(Func(e.name, Sym("u")), "u"), {"u": av}))
        return v, np.abs(v) + slope * am
    raise AssertionError(type(e).__name__)


def _entries(e) -> tuple[list, int]:
    """A scalar's tree, or a vector's or matrix's entries one by one; and how many leading axes they take."""
    from mfml_tui.engine.tree import Mat, Vec

    if isinstance(e, Vec):
        return list(e.items), 1
    if isinstance(e, Mat):
        return [i for row in e.rows for i in row], 2
    return [e], 0


def assert_close_to_the_tree_walk(exprs, env) -> None:
    """Each value `evaluate_all` gives is within 1e-13 of its terms' magnitudes of the tree walk's value,
    with nan and ±inf where the tree walk has them wherever no term passes the largest float; and it is bit
    for bit what the tree walk gives for the regrouped tree (the program does just those operations)."""
    for got, expr in zip(evaluate_all(exprs, env), exprs, strict=True):
        want = evaluate(expr, env)
        np.testing.assert_array_equal(got, evaluate(regroup(expr), env))
        assert np.shape(got) == np.shape(want) and type(got) is type(want)
        entries, axes = _entries(expr)
        got, want = np.asarray(got), np.asarray(want)
        got = got.reshape((len(entries),) + got.shape[axes:])
        want = want.reshape(got.shape)
        for k, entry in enumerate(entries):
            g, w, m = np.broadcast_arrays(got[k], want[k], magnitude(entry, env)[1])
            both = np.isfinite(g) & np.isfinite(w)
            assert np.all(np.abs(g - w)[both] <= 1e-13 * m[both]), (expr, g, w, m)
            terms_fit = np.isfinite(m)  # no term of the expanded form passes the largest float
            np.testing.assert_array_equal(np.isnan(g)[terms_fit], np.isnan(w)[terms_fit])
            np.testing.assert_array_equal(np.isinf(g)[terms_fit], np.isinf(w)[terms_fit])
            infinite = terms_fit & np.isinf(w)
            np.testing.assert_array_equal(np.sign(g)[infinite], np.sign(w)[infinite])


COEFFICIENTS = st.sampled_from([200, -200, 3, 7, Fraction(7, 3), 0.1, -2.5, 1e6]).map(Num)
# what regrouping rewrites, built as written (the builder would fold some of it): c·a − c·b + c·d, and
# c·a·(k·b), inside the random trees' operations
REGROUPED = st.one_of(
    st.tuples(COEFFICIENTS, TREES, TREES, TREES).map(
        lambda p: Add((Mul((p[0], p[1])), Mul((Num(-p[0].value), p[2])), Mul((p[0], p[3]))))),
    st.tuples(COEFFICIENTS, COEFFICIENTS, TREES, TREES).map(lambda p: Mul((p[0], p[2], Mul((p[1], p[3]))))),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TREES, REGROUPED, REGROUPED.map(lambda t: Func("sin", t))),
       st.sampled_from(["grid", "point"]))
def test_random_trees_their_gradients_and_hessians_stay_close_to_the_tree_walk(tree, where) -> None:
    env = {"x": X, "y": Y} if where == "grid" else {"x": 0.7123456789, "y": -1.3123456789}
    assert_close_to_the_tree_walk([tree, gradient(tree, ["x", "y"]), hessian(tree, ["x", "y"]), tree], env)


SURFACES = [ROSENBROCK, "e^(-(x^2 + y^2))", "x^2 + 3y^2 - x y + sin(x)", "sin(x) cos(y)", "x^3 - 3 x y^2",
            "(x y - 1)^2 + 10 (x - y^2)^2", "3 (x - 1)^2 + 3 (y + 2)^2", "x^2 y + 2 x y^2 - 5"]


def _points(rng, n: int, largest: float):
    """Points of every size: near the origin, near the valley y = x² (where 200y − 200x² cancels), and with
    magnitudes 10^±`largest` of both signs."""
    small = rng.uniform(-3, 3, (2, n))
    valley_x = rng.uniform(-3, 3, n)
    valley = np.stack([valley_x, valley_x**2 * (1 + rng.choice([0, 1e-15, -1e-9, 1e-3], n))])
    signs = rng.choice([-1.0, 1.0], (2, n))
    wide = signs * 10.0 ** rng.uniform(-largest, largest, (2, n))
    wide_valley = np.stack([wide[0], wide[0] ** 2 * (1 + rng.choice([0, 1e-15, 1e-6], n))])
    x, y = np.concatenate([small, valley, wide, wide_valley], axis=1)
    return x, y


def _exact(e, env):
    """The exact rational value of a polynomial tree at float inputs (None for anything else)."""
    from mfml_tui.engine.tree import Pow, Vec

    if isinstance(e, Num):
        return Fraction(e.value)
    if isinstance(e, Sym):
        return Fraction(env[e.name])
    parts = [_exact(k, env) for k in e.children()]
    if any(p is None for p in parts):
        return None
    if isinstance(e, Add):
        return sum(parts, Fraction(0))
    if isinstance(e, Mul):
        out = Fraction(1)
        for p in parts:
            out *= p
        return out
    if isinstance(e, Pow) and parts[1].denominator == 1 and parts[1] >= 0:
        return parts[0] ** int(parts[1])
    if isinstance(e, Vec):
        return parts
    return None


@pytest.mark.parametrize("text", SURFACES)
def test_surfaces_on_grids_stay_close_to_the_tree_walk_sympy_and_exact_arithmetic(text) -> None:
    import sympy as sp

    f = parse(text)
    grad = gradient(f, ["x", "y"])
    exprs = [f, grad, hessian(f, ["x", "y"])]
    x, y = _points(np.random.default_rng(20), 40, 60)
    env = {"x": x, "y": y}
    with np.errstate(all="ignore"):
        assert_close_to_the_tree_walk(exprs, env)
    value, g = evaluate_all([f, grad], env)[:2]
    from sympy.parsing.sympy_parser import (
        convert_xor,
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )

    sx, sy = sp.symbols("x y")
    read = standard_transformations + (implicit_multiplication_application, convert_xor)
    sf = parse_expr(text.replace("e^", "exp"), {"x": sx, "y": sy, "exp": sp.exp}, transformations=read)
    theirs = sp.lambdify((sx, sy), [sf, sp.diff(sf, sx), sp.diff(sf, sy)], "numpy")
    with np.errstate(all="ignore"):
        want = [np.broadcast_to(np.asarray(w, dtype=float), x.shape) for w in theirs(x, y)]
    for got, w, entry in zip([value, g[0], g[1]], want, [f, *grad.items], strict=True):
        with np.errstate(all="ignore"):
            m = magnitude(entry, env)[1]
            fit = np.isfinite(m)  # no term passes the largest float: both finite and close
            assert np.all(np.abs(got - w)[fit] <= 1e-13 * m[fit]), (text, entry)
    with np.errstate(all="ignore"):
        _against_exact_arithmetic(f, grad, value, g, x, y)


def _against_exact_arithmetic(f, grad, value, g, x, y) -> None:
    for k in range(0, x.size, 3):  # exact arithmetic at every third point (polynomials only)
        point = {"x": float(x[k]), "y": float(y[k])}
        truth = [_exact(e, point) for e in [f, *grad.items]]
        if None in truth:
            break
        if not np.isfinite(magnitude(f, point)[1]):
            continue
        for got, exact, entry in zip([value[k], g[0][k], g[1][k]], truth, [f, *grad.items], strict=True):
            assert abs(Fraction(float(got)) - exact) <= Fraction(1e-13) * Fraction(magnitude(entry, point)[1])


@pytest.mark.parametrize("text", SURFACES)
def test_infinite_and_undefined_inputs_give_the_tree_walks_nan_and_infinities(text) -> None:
    values = np.array([np.inf, -np.inf, np.nan, 0.0, 1.5, -2.25])
    x, y = np.meshgrid(values, values)
    f = parse(text)
    exprs = [f, gradient(f, ["x", "y"]), hessian(f, ["x", "y"])]
    with np.errstate(all="ignore"):
        for got, expr in zip(evaluate_all(exprs, {"x": x, "y": y}), exprs, strict=True):
            want = np.broadcast_to(evaluate(expr, {"x": x, "y": y}), np.shape(got))
            np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
            np.testing.assert_array_equal(np.isposinf(got), np.isposinf(want))
            np.testing.assert_array_equal(np.isneginf(got), np.isneginf(want))


def test_where_a_term_passes_the_largest_float_the_grid_keeps_the_finite_value() -> None:
    """The one place regrouping changes more than the last bits, documented in docs/architecture.md: ∂f/∂y of
    Rosenbrock at y = x² = 2¹⁰²⁰ (≈ 10³⁰⁷) is 0, but written out 200y − 200x² is ∞ − ∞ = nan; 200·(y − x²)
    gives 0.
    A finite value is never lost: where the tree walk's is finite, the grid's is too."""
    f = parse(ROSENBROCK)
    g = gradient(f, ["x", "y"])
    point = {"x": 2.0**510, "y": 2.0**1020}
    with np.errstate(all="ignore"):
        assert np.isnan(evaluate(g, point)[1])
        assert evaluate_all([g], point)[0][1] == 0.0 == 200 * (Fraction(2**1020) - Fraction(2**510) ** 2)
        rng = np.random.default_rng(7)
        big = rng.choice([-1.0, 1.0], (2, 400)) * 10.0 ** rng.uniform(60, 160, (2, 400))
        env = {"x": big[0], "y": np.where(rng.random(400) < 0.5, big[0] ** 2, big[1])}
        for got, expr in zip(evaluate_all([f, g], env), [f, g], strict=True):
            want = evaluate(expr, env)
            assert not np.any(np.isfinite(want) & ~np.isfinite(got))


def test_regrouping_factors_common_coefficients_and_folds_nested_ones_only() -> None:
    from mfml_tui.engine import to_unicode

    g = gradient(parse(ROSENBROCK), ["x", "y"])
    assert to_unicode(g) == "[2·x − 2 − 200·x·(2·y − 2·x²), 200·y − 200·x²]"
    assert to_unicode(regroup(g)) == "[2·x − 2 − 400·x·(y − x²), 200·(y − x²)]"
    # f's own y − x² is the very subtree ∇f now holds, so it is computed once for both
    assert evaluation._repeated((parse(ROSENBROCK), regroup(g))) == (parse("y - x^2"),)
    for text in ["2x - 2", "-x^2 - y^2", "2x + 3y", "x + y", "3 x y", "2 x (y + 1)", "10^400 x - 10^400 y"]:
        assert regroup(parse(text)) == parse(text), text  # nothing common, a number alone, or no float
    assert to_unicode(regroup(parse("3x + 3y - 3 sin(x)"))) == "3·(x + y − sin(x))"
    assert to_unicode(regroup(Mul((Num(3), Sym("x"), Mul((Num(2), Sym("y"))))))) == "6·x·y"

"""`evaluate_all`: several expressions over the same grid, each repeated subtree computed once (issue #20:
f and ∇f on a grid as fast as hand-written numpy). Its values are exactly what `evaluate` gives for the
regrouped trees (`engine/regroup.py`); how close they stay to the trees as written is
tests/test_engine_grid.py's subject, with the random trees that were here."""

from __future__ import annotations

import dataclasses

import numpy as np

from mfml_tui.engine import evaluation, gradient, hessian, parse
from mfml_tui.engine.evaluation import evaluate, evaluate_all
from mfml_tui.engine.regroup import regroup

X, Y = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-2.5, 2, 5))  # negatives: ln and √ give nan


def _same(got, want) -> None:
    assert type(got) is type(want)
    np.testing.assert_array_equal(got, want)  # bit for bit, nan where nan


def test_each_repeated_subtree_is_computed_once(monkeypatch) -> None:
    calls = []
    exp = evaluation.FUNCTIONS["exp"]
    counting = dataclasses.replace(exp, implementation=lambda u: calls.append(1) or np.exp(u))
    monkeypatch.setitem(evaluation.FUNCTIONS, "exp", counting)
    f = parse("e^(-(x^2 + y^2))")
    g = gradient(f, ["x", "y"])
    env = {"x": X, "y": Y}
    evaluate(f, env), evaluate(g, env)
    assert len(calls) == 3  # f, ∂f/∂x and ∂f/∂y each hold the exponential
    calls.clear()
    value, grad = evaluate_all([f, g], env)
    assert len(calls) == 1
    _same(value, np.exp(-(X**2 + Y**2)))
    np.testing.assert_allclose(grad, np.stack([-2 * X * value, -2 * Y * value]), rtol=1e-15)


def test_nothing_repeated_and_nothing_given() -> None:
    assert evaluate_all([]) == []
    assert evaluate_all([parse("2 + 3"), parse("x y")], {"x": 2.0, "y": 4.0}) == [5.0, 8.0]
    assert evaluation._repeated((parse("sin(x) + 1"), parse("sin(x) y"))) == (parse("sin(x)"),)
    # a subtree inside a repeated one is not kept on its own: the repeated one is never re-entered
    assert evaluation._repeated((parse("exp(x^2)"), parse("2 exp(x^2)"))) == (parse("exp(x^2)"),)
    # a repeated polynomial piece is cheaper to compute again than to keep
    assert evaluation._repeated((parse("(y - x^2)^2"), parse("x^2 + sin(x)"))) == ()


def _grid_peak(exprs, env) -> float:
    """The most memory numpy held at once while evaluating, in grids of the env's size."""
    import tracemalloc

    evaluate_all(exprs, env)  # compiled once, outside the measure
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        values = evaluate_all(exprs, env)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del values
    return peak / env["x"].nbytes


def test_a_gradient_on_a_grid_is_written_row_by_row_not_stacked(monkeypatch) -> None:
    big_x, big_y = np.meshgrid(np.linspace(-3, 3, 60), np.linspace(-3, 3, 60))
    env = {"x": big_x, "y": big_y}
    f = parse("e^(-(x^2 + y^2))")
    g = gradient(f, ["x", "y"])
    stacked = []
    original = evaluation._stack
    monkeypatch.setattr(evaluation, "_stack", lambda values: stacked.append(1) or original(values))
    value, grad = evaluate_all([f, g], env)
    assert stacked == []
    _same(grad, evaluate(g, env))
    # f (1 grid) and ∇f (2) are what is returned; one temporary besides, each operation writing into
    # a grid this evaluation owns (the tree walk held a fifth: −x², y², their sum and the exponential)
    assert _grid_peak([f, g], env) < 4.5


def test_shared_evaluation_never_writes_into_the_callers_arrays_or_kept_values() -> None:
    env = {"x": X.copy(), "y": Y.copy()}
    for text in ["e^(-(x^2 + y^2))", "(1 - x)^2 + 100 (y - x^2)^2", "sin(x) cos(y) + sin(x)", "x", "x y"]:
        f = parse(text)
        exprs = [f, gradient(f, ["x", "y"]), hessian(f, ["x", "y"]), f]
        for got, expr in zip(evaluate_all(exprs, env), exprs, strict=True):
            _same(got, evaluate(regroup(expr), env))
        np.testing.assert_array_equal(env["x"], X)
        np.testing.assert_array_equal(env["y"], Y)
    ints = {"x": np.arange(6).reshape(2, 3), "y": np.ones((2, 3), dtype=int)}  # integer grids: no out=
    f = parse("x^2 y + 3x")
    for got, expr in zip(evaluate_all([f, gradient(f, ["x", "y"])], ints), [f, gradient(f, ["x", "y"])],
                         strict=True):
        _same(got, evaluate(expr, ints))

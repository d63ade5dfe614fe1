"""The author language's numerical operations agree with scipy; the operation table is consistent."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

from mfml_tui.engine import EngineError, compute
from mfml_tui.engine.author import OPERATIONS
from mfml_tui.engine.parser import OPERATIONS as PARSER_OPERATIONS


def test_parser_and_author_know_the_same_operations() -> None:
    assert set(OPERATIONS) == set(PARSER_OPERATIONS)


@pytest.mark.parametrize(("f", "x0", "py"), [
    ("x^3 - 2x + 2", -2.0, lambda x: x**3 - 2 * x + 2),
    ("x^6/6 - 3x^4 - 2x^3/3 + 27x^2/2 + 18x - 30", 1.0,
     lambda x: x**6 / 6 - 3 * x**4 - 2 * x**3 / 3 + 27 * x**2 / 2 + 18 * x - 30),
    ("cos(x) - x", 0.5, lambda x: np.cos(x) - x),
])
def test_newton_root_matches_scipy(f: str, x0: float, py) -> None:
    ours = compute(f"newton({f}, x, {x0})").value
    assert abs(py(ours)) < 1e-10
    theirs = optimize.newton(py, ours + 1e-3)
    assert ours == pytest.approx(theirs, abs=1e-9)


def test_newton_steps_give_the_iterates_of_the_table() -> None:
    # x³ − 2x + 2 from 0 cycles 0 → 1 → 0, the course's warning example
    assert compute("newton(x^3 - 2x + 2, x, 0, 1)").value == pytest.approx(1.0)
    assert compute("newton(x^3 - 2x + 2, x, 0, 2)").value == pytest.approx(0.0)
    with pytest.raises(EngineError, match="did not converge"):
        compute("newton(x^3 - 2x + 2, x, 0)")


def test_descend_matches_the_rule_by_hand() -> None:
    gamma, steps = 0.1, 30
    p = np.array([1.0, -2.0])
    for _ in range(steps):
        p = p - gamma * np.array([2 * p[0] + p[1], p[0] + 6 * p[1]])
    ours = compute(f"descend(x^2 + x y + 3y^2, [x, y], [1, -2], {gamma}, {steps})").value
    np.testing.assert_allclose(ours, p, rtol=1e-12)


def test_lagrange_matches_scipy_constrained_minimum() -> None:
    ours = compute("lagrange(x^2 y, x^2 + y^2 - 3, [x, y], [-1, -1])").value
    res = optimize.minimize(lambda v: v[0] ** 2 * v[1], [-1, -1],
                            constraints={"type": "eq", "fun": lambda v: v[0] ** 2 + v[1] ** 2 - 3},
                            method="SLSQP", options={"ftol": 1e-14, "maxiter": 500})
    np.testing.assert_allclose(np.abs(ours[:2]), np.abs(res.x), atol=1e-6)
    assert ours[0] ** 2 * ours[1] == pytest.approx(res.fun, abs=1e-8)
    # ∇f = λ∇g at the solution
    x, y, lam = ours
    np.testing.assert_allclose([2 * x * y, x**2], [lam * 2 * x, lam * 2 * y], atol=1e-9)


def test_linfit_matches_linregress() -> None:
    xs, ys = [1, 2, 3, 4, 5], [2.2, 2.8, 4.5, 3.7, 5.5]
    m, c = compute(f"linfit({xs}, {ys})").value
    ref = stats.linregress(xs, ys)
    assert m == pytest.approx(ref.slope, rel=1e-12) and c == pytest.approx(ref.intercept, rel=1e-12)


def test_chisquared_of_a_line() -> None:
    value = compute("chisquared([1, 2, 3], [1.5, 2, 2], [0.5, 1, 1])").value
    assert value == pytest.approx(1.0 + 0.0 + 1.0)


@pytest.mark.parametrize(("text", "fragment"), [
    ("diff(x^2, 2)", "variable name"),
    ("grad(x^2, x^2)", "list of variables"),
    ("entry([[1, 2], [3, 4]], 3, 1)", "outside a 2×2"),
    ("descend(x^2, [x], [1], 0.1, 100000)", "between 0 and"),
    ("at(x^2, [x, y], [1])", "one value per variable"),
    ("taylor(x, x, 0)", "takes"),
])
def test_author_mistakes_get_clear_messages(text: str, fragment: str) -> None:
    with pytest.raises(EngineError, match=fragment):
        compute(text)


def test_parameters_are_substituted_before_operations() -> None:
    v = compute("at(diff(a*x^n, x), x=x0)", {"a": 3, "n": 4, "x0": 2})
    assert v.kind == "number" and v.value == pytest.approx(3 * 4 * 2**3)
    assert v.text == "96"


def test_operations_inside_vector_sums_are_computed_before_shapes_are_checked() -> None:
    # a gradient-descent step written the way a lesson states it: [w, b] − γ·∇C at the point
    step = compute("at([w, b] - g*grad(w^2 + 3*b^2, [w, b]), w=1, b=2)", {"g": 0.1})
    np.testing.assert_allclose(step.value, [1 - 0.1 * 2, 2 - 0.1 * 12])


def test_newton_steps_follow_a_cycle_as_long_as_asked() -> None:
    # "what is x after n steps?" must not stop at the cycle the question is about
    for n in range(1, 7):
        assert compute(f"newton(x^3 - 2x + 2, x, 0, {n})").value == pytest.approx(n % 2)
    # a start that converges early stays at the root
    assert compute("newton(x^2 - 4, x, 2, 3)").value == pytest.approx(2.0)


def test_lagrange_accepts_a_starting_multiplier_for_linear_objectives() -> None:
    # f linear: with λ = 0 the Newton system is singular, so the author gives λ₀
    x, y, lam = compute("lagrange(x + 2y, x^2 + y^2 - 5, [x, y], [1, 1], 0.5)").value
    np.testing.assert_allclose([x, y, lam], [1.0, 2.0, 0.5], atol=1e-9)
    with pytest.raises(EngineError, match="singular"):
        compute("lagrange(x + 2y, x^2 + y^2 - 5, [x, y], [1, 1])")


def test_stationary_finds_the_point_newton_reaches_and_sympy_agrees():
    import sympy as sp

    from mfml_tui.engine import compute

    x, y = sp.symbols("x y", real=True)
    for k in (1, 2, -3):
        f = x**3 + y**3 - 3 * k * x * y
        sols = {(float(s[x]), float(s[y])) for s in sp.solve([f.diff(x), f.diff(y)], [x, y], dict=True)
                if s[x].is_real and s[y].is_real}
        got = compute(f"stationary(x^3 + y^3 - 3*({k})*x*y, [x, y], [{1.3 * k}, {0.8 * k}])").value
        assert tuple(float(v) for v in got) in sols
        origin = compute(f"stationary(x^3 + y^3 - 3*({k})*x*y, [x, y], [0.3, -0.2])")
        assert origin.text == "[0, 0]"  # round-off at 0 is 0, never −0


def test_stationary_reports_no_convergence():
    import pytest

    from mfml_tui.engine import EngineError, compute

    with pytest.raises(EngineError, match="did not converge"):
        compute("stationary(x + y, [x, y], [1, 1])")  # ∇f is never 0 (H singular)


def test_slip_makes_one_classic_mistake_checked_against_sympy():
    """slip(f, x, n): the derivative with mal-rule n made once (docs/quizzes.md's table), for the
    "find the error" items; n = 0 is the right derivative."""
    import sympy as sp

    from mfml_tui.engine import compute
    from mfml_tui.engine.author import SLIPS
    from mfml_tui.engine.malrules import MALRULES
    from tests.oracle import to_sympy

    x = sp.Symbol("x", real=True)
    ids = list(SLIPS)
    # the numbers lessons use are fixed, whatever order engine/malrules.py lists its rules in
    assert ids[:10] == ["chain-dropped", "power-up", "power-no-n", "product-of-derivatives",
                        "product-minus", "sin-sign", "cos-sign", "exp-as-power", "constant-lost",
                        "other-variable-differentiated"]
    assert ids == list(MALRULES)  # the same numbers as the table in docs/quizzes.md
    f = "x^3*sin(2*x)"
    u, v = x**3, sp.sin(2 * x)

    def slip(n):
        return sp.simplify(to_sympy(compute(f"slip({f}, x, {n})").expr))

    assert sp.simplify(slip(0) - sp.diff(u * v, x)) == 0
    want = {
        "chain-dropped": sp.diff(u, x) * v + u * sp.cos(2 * x),
        "power-up": 3 * x**4 * v + u * sp.diff(v, x),
        "power-no-n": x**2 * v + u * sp.diff(v, x),
        "product-of-derivatives": sp.diff(u, x) * sp.diff(v, x),
        "product-minus": sp.diff(u, x) * v - u * sp.diff(v, x),
        "sin-sign": sp.diff(u, x) * v - u * 2 * sp.cos(2 * x),
    }
    for rule, expected in want.items():
        assert sp.simplify(slip(ids.index(rule) + 1) - expected) == 0, rule
    assert sp.simplify(slip(ids.index("cos-sign") + 1) - sp.diff(u * v, x)) == 0  # no cos: no slip
    from mfml_tui.engine import EngineError
    with pytest.raises(EngineError):
        compute(f"slip({f}, x, {len(ids) + 1})")


def test_slip_refuses_an_operation_mal_rule_with_its_name():
    from mfml_tui.engine import EngineError, compute
    from mfml_tui.engine.malrules import MALRULES

    n = list(MALRULES).index("jacobian-transposed") + 1
    with pytest.raises(EngineError, match="jacobian-transposed"):
        compute(f"slip(x^2, x, {n})")

"""Newton–Raphson, gradient descent and Lagrange multipliers against scipy's solvers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize

from mfml_tui.engine.finite import fd_gradient, fd_hessian
from mfml_tui.engine.optimise import (
    FOUND,
    LEFT,
    OUT_OF_STEPS,
    SINGULAR_HESSIAN,
    STUCK,
    descent_step,
    gradient_descent,
    lagrange,
    newton_nd,
    newton_nd_many,
    newton_raphson,
    stationary_points_lagrange,
)

# ------------------------------------------------------------------------------------- Newton 1-D


def course_f(x):
    """The week-5 practice quiz function."""
    return x**6 / 6 - 3 * x**4 - 2 * x**3 / 3 + 27 * x**2 / 2 + 18 * x - 30


def course_df(x):
    return x**5 - 12 * x**3 - 2 * x**2 + 27 * x + 18


ROOT_CASES = [
    # f, f′, start, bracket containing the root it should reach
    (lambda x: math.cos(x) - x, lambda x: -math.sin(x) - 1, 1.0, (0, 1)),
    (lambda x: x**3 - 2 * x + 2, lambda x: 3 * x**2 - 2, -2.0, (-2, -1)),
    (lambda x: math.exp(x) - 3, math.exp, 0.0, (0, 2)),
    (course_f, course_df, 1.0, (1, 1.2)),
    (course_f, course_df, -4.0, (-4, -3.5)),
    (course_f, course_df, 1.99, (-4, -3.5)),  # the quiz's long detour: first jump to about −36.5
]


@pytest.mark.parametrize(("f", "df", "x0", "bracket"), ROOT_CASES)
def test_newton_raphson_agrees_with_brentq_and_scipy_newton(f, df, x0, bracket):
    result = newton_raphson(f, df, x0)
    assert result.converged and result.reason == "converged"
    assert result.root == pytest.approx(optimize.brentq(f, *bracket, xtol=1e-14), abs=1e-12)
    assert result.root == pytest.approx(optimize.newton(f, x0, fprime=df, tol=1e-14, maxiter=100), abs=1e-10)
    assert result.iterates[0] == x0
    assert len(result.values) == len(result.iterates)
    assert all(v == pytest.approx(f(x)) for x, v in zip(result.iterates, result.values, strict=True))


def test_the_course_numbers():
    one_step = newton_raphson(course_f, course_df, 1.0, max_steps=1)
    assert one_step.iterates == (1.0, 1.0625)  # f(1) = −2, f′(1) = 32
    assert one_step.reason == "did not converge in 1 steps"
    detour = newton_raphson(course_f, course_df, 1.99)
    assert detour.iterates[1] == pytest.approx(-36.47, abs=0.01)
    assert detour.steps > 15
    lecture = newton_raphson(lambda x: x**3 - 2 * x + 2, lambda x: 3 * x**2 - 2, -2.0)
    assert lecture.root == pytest.approx(-1.7693, abs=1e-4)
    assert lecture.steps <= 6


def test_cycling_example_is_detected():
    result = newton_raphson(lambda x: x**3 - 2 * x + 2, lambda x: 3 * x**2 - 2, 0.0)
    assert result.iterates == (0.0, 1.0, 0.0, 1.0)
    assert result.values == (2.0, 1.0, 2.0, 1.0)
    assert not result.converged
    assert result.reason == "cycling between 0 and 1"
    assert result.root is None


def test_flat_tangent_at_the_start():
    result = newton_raphson(lambda x: x * x - 1, lambda x: 2 * x, 0.0)
    assert not result.converged
    assert result.reason.startswith("f′ is zero (or nearly) at x = 0")
    assert result.iterates == (0.0,)
    # at a turning point found only to rounding, f′ is ~1e-16, not 0: still a flat tangent
    nearly = newton_raphson(lambda x: x**3 - 2 * x + 2, lambda x: 3 * x**2 - 2, math.sqrt(2 / 3))
    assert nearly.reason.startswith("f′ is zero (or nearly) at x = 0.816497")


def test_no_root_does_not_converge_and_stops():
    result = newton_raphson(lambda x: x * x + 1, lambda x: 2 * x, 0.5, max_steps=30)
    assert not result.converged
    assert result.steps <= 30
    assert result.reason == "did not converge in 30 steps"


@pytest.mark.parametrize(
    ("f", "df", "x0"),
    [
        (math.atan, lambda x: 1 / (1 + x * x), 2.0),  # overshoots further every time
        (lambda x: 1 / x, lambda x: -1 / x**2, 1.0),  # x doubles: no root at all
        (lambda x: x * math.exp(-x), lambda x: (1 - x) * math.exp(-x), 2.0),  # creeps off to +∞
    ],
)
def test_divergence_is_reported(f, df, x0):
    result = newton_raphson(f, df, x0)
    assert not result.converged
    assert result.reason == "diverging"


def test_undefined_values_and_overflow_never_raise():
    # math.exp overflows (OverflowError) and math.sqrt of a negative raises ValueError: both become nan
    flat = newton_raphson(lambda x: math.exp(x) - 2, math.exp, -50.0)
    assert flat.reason.startswith("f′ is zero (or nearly)")
    jumped = newton_raphson(lambda x: math.sqrt(x) - 2, lambda x: 0.5 / math.sqrt(x), 100.0)
    assert jumped.iterates == (100.0, -60.0)
    assert jumped.reason == "f is not defined at x = -60"
    pole = newton_raphson(lambda x: 1 / (x - 1), lambda x: -1 / (x - 1) ** 2, 1.0)
    assert pole.reason == "f is not defined at x = 1"
    # the tangent at −30 lands near 2e13, where math.exp overflows: diverging, with f = nan there
    overflow = newton_raphson(lambda x: math.exp(x) - 2, math.exp, -30.0)
    assert overflow.reason == "diverging"
    assert overflow.iterates[-1] > 1e12 and math.isnan(overflow.values[-1])


def test_double_root_converges_slowly_but_converges():
    result = newton_raphson(lambda x: (x - 2) ** 2, lambda x: 2 * (x - 2), 3.0)
    assert result.converged
    assert result.root == pytest.approx(2.0, abs=1e-6)
    assert result.steps > 20  # linear, not quadratic, convergence


# ------------------------------------------------------------------------------------- Newton n-D


def test_newton_nd_agrees_with_scipy_root():
    def F(p):
        x, y = p
        return np.array([x * x + y * y - 4, math.exp(x) + y - 1])

    def J(p):
        x, y = p
        return np.array([[2 * x, 2 * y], [math.exp(x), 1.0]])

    for start in ([1.0, -1.0], [-2.0, 1.0]):
        result = newton_nd(F, J, start)
        assert result.converged, result.reason
        expected = optimize.root(F, start, jac=J, tol=1e-14).x
        assert np.allclose(result.x, expected, atol=1e-10)
        assert result.iterates.shape == (result.steps + 1, 2)
        assert result.residuals.shape == (result.steps + 1, 2)
        assert np.allclose(result.iterates[0], start)
        assert np.max(np.abs(result.residuals[-1])) < 1e-12


def test_newton_nd_singular_jacobian_is_a_reason():
    result = newton_nd(
        lambda p: np.array([p[0] + p[1], 2 * p[0] + 2 * p[1] - 1]), lambda p: [[1, 1], [2, 2]], [0, 0]
    )
    assert not result.converged
    assert result.reason == "the Jacobian is singular (or nearly) at x = (0, 0)"
    assert result.steps == 0


def test_newton_nd_results_are_read_only():
    result = newton_nd(lambda p: p - 1, lambda p: np.eye(2), [3.0, 4.0])
    assert result.converged and np.allclose(result.x, [1, 1])
    with pytest.raises(ValueError):
        result.iterates[0, 0] = 5


def _rows(fn):
    """A function of one point as one of a (k, n) array of points (for newton_nd_many), nan where undefined
    (as the plots' compiled functions are)."""

    def at(p):
        try:
            return np.asarray(fn(p), dtype=float)
        except ValueError:
            return np.full(np.shape(fn(np.ones_like(p))), math.nan)

    return lambda P: np.array([at(p) for p in P], dtype=float)


def test_newton_nd_many_is_newton_nd_from_each_start():
    # one system with every way to stop: converged (two roots), a singular Jacobian (x = 0 or y = 0 …),
    # F undefined (log of a negative x), diverging, out of steps, a non-finite start
    def F(p):
        x, y = p
        return np.array([x * x + y * y - 4, math.log(x + 3) + y - 1])

    def J(p):
        x, y = p
        return np.array([[2 * x, 2 * y], [1 / (x + 3), 1.0]])

    def G(p):  # Newton on ∛x doubles |x| each step: diverging
        return np.array([np.cbrt(p[0]), p[1]])

    def JG(p):
        return np.array([[1 / (3 * np.cbrt(p[0]) ** 2), 0.0], [0.0, 1.0]])

    starts = [[1.0, -1.0], [-2.0, 1.0], [0.0, 0.0], [-2.9, 3.0], [-10.0, 1.0], [math.nan, 1.0],
              [1e8, 1e8], [0.5, 2.0], [3.0, -3.0], [-1.0, 1.0]]
    reasons = set()
    for fn, jac, steps in ((F, J, 50), (F, J, 2), (G, JG, 50)):
        many = newton_nd_many(_rows(fn), _rows(jac), starts, max_steps=steps)
        assert len(many) == len(starts)
        for start, got in zip(starts, many, strict=True):
            with np.errstate(all="ignore"):
                one = newton_nd(fn, jac, start, max_steps=steps)
            assert (got.converged, got.reason) == (one.converged, one.reason)
            assert np.array_equal(got.iterates, one.iterates, equal_nan=True)
            if got.residuals.shape == one.residuals.shape:
                assert np.array_equal(got.residuals, one.residuals, equal_nan=True)
            else:  # newton_nd keeps one nan for an F that raised; the batch keeps a row of them
                assert np.isnan(got.residuals).all() and np.isnan(one.residuals).all()
            reasons.add(one.reason.split(" at ")[0].split(" in ")[0])
    assert reasons == {"converged", "F is not defined", "the start is not a finite point", "diverging",
                       "the Jacobian is singular (or nearly)", "did not converge"}, reasons


def test_vectorised_lagrange_search_finds_the_same_points():
    gf, hf, g, gg, hg = circle_problem()
    starts = [(x, y, lam) for x in (-1.5, -0.5, 0, 0.5, 1.5) for y in (-1.5, 0, 1.5) for lam in (-1, 0, 1)]
    one = stationary_points_lagrange(gf, hf, g, gg, hg, starts)
    many = stationary_points_lagrange(_rows(gf), lambda P: np.array([hf(p) for p in P]), _rows(g),
                                      _rows(gg), lambda P: np.array([hg(p) for p in P]), starts,
                                      vectorised=True)
    assert len(one) == len(many) == 6
    for a, b in zip(one, many, strict=True):
        assert np.array_equal(a.x, b.x) and a.lam == b.lam and np.array_equal(a.iterates, b.iterates)


# ---------------------------------------------------------------------------------- gradient descent


def quadratic(p):
    return (p[0] - 1) ** 2 + 10 * (p[1] + 2) ** 2


def quadratic_grad(p):
    return np.array([2 * (p[0] - 1), 20 * (p[1] + 2)])


def quadratic_hess(p):
    return np.diag([2.0, 20.0])


def rosenbrock(p, b=5.0):
    return (1 - p[0]) ** 2 + b * (p[1] - p[0] ** 2) ** 2


def rosenbrock_grad(p, b=5.0):
    x, y = p
    return np.array([-2 * (1 - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)])


def rosenbrock_hess(p, b=5.0):
    x, y = p
    return np.array([[2 - 4 * b * (y - x * x) + 8 * b * x * x, -4 * b * x], [-4 * b * x, 2 * b]])


def test_steepest_descent_reaches_the_minimum_of_a_quadratic():
    walk = gradient_descent(quadratic, quadratic_grad, [-3.0, 2.0], gamma=0.04, steps=500)
    expected = optimize.minimize(quadratic, [-3.0, 2.0]).x
    assert walk.outcome == STUCK
    assert np.allclose(walk.end, expected, atol=1e-6)
    assert walk.points.shape == (walk.steps + 1, 2)
    assert walk.values.shape == (walk.steps + 1,)
    assert np.all(np.diff(walk.values) <= 0)  # γ small enough: every step goes downhill
    assert set(walk.step_kinds) == {"gradient"}


def test_hessian_step_jumps_to_the_minimum_of_a_quadratic_in_one_step():
    walk = gradient_descent(quadratic, quadratic_grad, [-3.0, 2.0], method="hessian", hess=quadratic_hess)
    assert np.allclose(walk.points[1], [1, -2])
    assert walk.outcome == STUCK and walk.steps == 1


@pytest.mark.parametrize(("method", "gamma", "steps"), [("gradient", 0.02, 20000), ("hybrid", 0.02, 200)])
def test_descent_on_a_rosenbrock_valley_agrees_with_scipy(method, gamma, steps):
    start = [-1.2, 1.0]
    walk = gradient_descent(
        rosenbrock, rosenbrock_grad, start, gamma=gamma, steps=steps, method=method, hess=rosenbrock_hess
    )
    expected = optimize.minimize(rosenbrock, start, jac=rosenbrock_grad, tol=1e-12).x
    assert walk.outcome == STUCK
    assert np.allclose(walk.end, expected, atol=1e-6)
    assert np.allclose(expected, [1, 1], atol=1e-6)
    if method == "hybrid":
        assert walk.steps < 50  # the Hessian step takes over near the bottom of the valley
        assert walk.step_kinds[-1] == "hessian"


def test_hessian_step_finds_maxima_as_readily_but_hybrid_refuses():
    def bowl(p):
        return -(p[0] ** 2 + p[1] ** 2)

    def grad(p):
        return -2 * np.asarray(p, dtype=float)

    def hess(p):
        return -2 * np.eye(2)

    to_the_top = gradient_descent(bowl, grad, [1.0, 1.0], method="hessian", hess=hess)
    assert np.allclose(to_the_top.end, [0, 0]) and to_the_top.outcome == STUCK
    rolling_off = gradient_descent(bowl, grad, [1.0, 1.0], method="hybrid", hess=hess, bounds=[(-6, 6)] * 2)
    assert rolling_off.outcome == LEFT
    assert set(rolling_off.step_kinds) == {"gradient"}
    assert np.any(np.abs(rolling_off.end) > 6)  # the point outside is kept for drawing


def test_descent_step_rules():
    g = np.array([1.0, 0.0])
    assert np.allclose(descent_step(g, None, method="gradient", gamma=0.5)[0], [-0.5, 0])
    # a long Hessian step (> 2) falls back to −γ∇f
    step, kind = descent_step(g, np.diag([0.1, 1.0]), method="hybrid")
    assert kind == "gradient" and np.allclose(step, [-0.5, 0])
    step, kind = descent_step(g, np.diag([2.0, 1.0]), method="hybrid")
    assert kind == "hessian" and np.allclose(step, [-0.5, 0])
    assert descent_step(g, np.zeros((2, 2)), method="hessian") == (None, "hessian")


def test_singular_hessian_stops_a_pure_hessian_walk():
    walk = gradient_descent(
        lambda p: p[0], lambda p: [1.0, 0.0], [0, 0], method="hessian", hess=lambda p: np.zeros((2, 2))
    )
    assert walk.outcome == SINGULAR_HESSIAN and walk.steps == 0


def sandpit_intro(p):
    """The first sandpit: an inverted bowl plus a deep well; the phone is at ≈ (1.21, 4.01)."""
    x, y = p
    return -((x - 4.1) ** 2 + (y - 0.9) ** 2) - 30 * np.exp(-((x - 1.5) ** 2 + (y - 3.7) ** 2) / (2 * 1.4))


@pytest.mark.parametrize("start", [(2.0, 3.0), (1.0, 5.0), (3.0, 4.0), (4.0, 2.0)])
def test_hybrid_finds_the_phone_in_the_sandpit(start):
    phone = optimize.minimize(sandpit_intro, [1.5, 3.7]).x
    assert np.allclose(phone, [1.21, 4.01], atol=0.01)
    walk = gradient_descent(
        sandpit_intro,
        lambda p: fd_gradient(sandpit_intro, p, 0.01),
        start,
        gamma=0.05,
        steps=25,
        method="hybrid",
        hess=lambda p: fd_hessian(sandpit_intro, p, 0.01),
        bounds=[(0, 6), (0, 6)],
        target=phone,
        stop_radius=0.15,
    )
    assert walk.outcome == FOUND
    assert np.linalg.norm(walk.end - phone) <= 0.15


def test_stops_when_leaving_or_out_of_steps():
    walk = gradient_descent(
        quadratic, quadratic_grad, [5.5, 0.0], gamma=0.2, steps=10, bounds=[(0, 6), (-3, 3)]
    )
    assert walk.outcome == LEFT  # γ = 0.2 overshoots in y: 1 − 20γ = −3, so the walk bounces out
    slow = gradient_descent(quadratic, quadratic_grad, [-3.0, 2.0], gamma=1e-4, steps=7)
    assert slow.outcome == OUT_OF_STEPS and slow.steps == 7
    assert gradient_descent(quadratic, quadratic_grad, [9.0, 9.0], bounds=[(0, 6)] * 2).outcome == LEFT
    at_target = gradient_descent(quadratic, quadratic_grad, [1, -2], target=[1, -2.1], stop_radius=0.15)
    assert at_target.outcome == FOUND and at_target.steps == 0


def test_bad_arguments_are_programming_errors():
    with pytest.raises(ValueError, match="needs hess"):
        gradient_descent(quadratic, quadratic_grad, [0, 0], method="hybrid")
    with pytest.raises(ValueError, match="unknown method"):
        gradient_descent(quadratic, quadratic_grad, [0, 0], method="newton")
    with pytest.raises(ValueError, match="both target and stop_radius"):
        gradient_descent(quadratic, quadratic_grad, [0, 0], target=[1, 1])


# ------------------------------------------------------------------------------ Lagrange multipliers

# f = x²y on the circle g = x² + y² − 3 = 0


def circle_problem():
    return (
        lambda p: np.array([2 * p[0] * p[1], p[0] ** 2]),
        lambda p: np.array([[2 * p[1], 2 * p[0]], [2 * p[0], 0.0]]),
        lambda p: p[0] ** 2 + p[1] ** 2 - 3,
        lambda p: 2 * np.asarray(p, dtype=float),
        lambda p: 2 * np.eye(2),
    )


def test_lagrange_single_run_reports_its_iterates():
    result = lagrange(*circle_problem(), [1.0, 1.0], 0.5)
    assert result.converged, result.reason
    assert np.allclose(result.x, [math.sqrt(2), 1.0]) and result.lam == pytest.approx(1.0)
    assert result.iterates.shape[1] == 3
    assert np.allclose(result.iterates[0], [1.0, 1.0, 0.5])


def test_all_stationary_points_of_x2y_on_a_circle_and_scipy_agrees_on_max_and_min():
    starts = [(x, y, lam) for x in (-1.5, -0.5, 0.5, 1.5) for y in (-1.5, 1.5) for lam in (-1, 0, 1)]
    points = stationary_points_lagrange(*circle_problem(), starts)
    found = sorted(
        (round(float(r.x[0]), 6) + 0.0, round(float(r.x[1]), 6) + 0.0, round(r.lam, 6) + 0.0) for r in points
    )
    r2, r3 = round(math.sqrt(2), 6), round(math.sqrt(3), 6)
    # x ≠ 0: λ = y, x² = 2y² → (±√2, ±1); x = 0: λ = 0, y = ±√3 (∇f = 0 there, so λ = 0)
    assert found == sorted(
        [
            (-r2, -1.0, -1.0),
            (-r2, 1.0, 1.0),
            (r2, -1.0, -1.0),
            (r2, 1.0, 1.0),
            (0.0, -r3, 0.0),
            (0.0, r3, 0.0),
        ]
    )

    def f(p):
        return p[0] ** 2 * p[1]

    constraint = {"type": "eq", "fun": lambda p: p[0] ** 2 + p[1] ** 2 - 3}
    best_max = optimize.minimize(
        lambda p: -f(p), [1.0, 1.0], method="SLSQP", constraints=[constraint], tol=1e-12
    )
    best_min = optimize.minimize(f, [1.0, -1.0], method="SLSQP", constraints=[constraint], tol=1e-12)
    values = [f(r.x) for r in points]
    assert max(values) == pytest.approx(-best_max.fun, abs=1e-8) == pytest.approx(2.0)
    assert min(values) == pytest.approx(best_min.fun, abs=1e-8) == pytest.approx(-2.0)
    assert any(np.allclose(r.x, best_max.x, atol=1e-5) for r in points)
    assert any(np.allclose(r.x, best_min.x, atol=1e-5) for r in points)


def test_course_lagrange_problem_has_four_stationary_points():
    # f = exp(−(2x² + y² − xy)/2) on x² + 3(y + 1)² = 1 (the week-5 practice quiz)
    def f(p):
        return math.exp(-(2 * p[0] ** 2 + p[1] ** 2 - p[0] * p[1]) / 2)

    def grad_f(p):
        x, y = p
        return -f(p) * np.array([2 * x - y / 2, y - x / 2])

    def hess_f(p):
        x, y = p
        a = np.array([2 * x - y / 2, y - x / 2])
        return f(p) * (np.outer(a, a) - np.array([[2, -0.5], [-0.5, 1]]))

    problem = (
        grad_f,
        hess_f,
        lambda p: p[0] ** 2 + 3 * (p[1] + 1) ** 2 - 1,
        lambda p: np.array([2 * p[0], 6 * (p[1] + 1)]),
        lambda p: np.diag([2.0, 6.0]),
    )
    starts = [
        (x, y, lam) for x in np.linspace(-1, 1, 5) for y in np.linspace(-1.6, -0.4, 5) for lam in (-0.5, 0.5)
    ]
    points = stationary_points_lagrange(*problem, starts)
    assert len(points) == 4
    got = sorted((round(float(r.x[0]), 3), round(float(r.x[1]), 3), round(f(r.x), 3)) for r in points)
    assert got == [
        (-0.959, -1.164, 0.354),
        (-0.626, -1.45, 0.372),
        (-0.096, -0.425, 0.924),
        (0.931, -1.211, 0.115),
    ]

    def DL(v):  # the course's scipy cell
        x, y, lam = v
        gx, gy = grad_f([x, y])
        return [gx - lam * 2 * x, gy - lam * 6 * (y + 1), -(x * x + 3 * (y + 1) ** 2 - 1)]

    # scipy's root (Powell's hybrid method) from the course's start reaches the global minimum x ≈ 0.93;
    # plain Newton from the same start takes a different path to another of the four points.
    scipy_point = optimize.root(DL, [1, -1, 0], tol=1e-13).x
    assert scipy_point[0] == pytest.approx(0.931, abs=1e-3)
    assert any(np.allclose(np.append(r.x, r.lam), scipy_point, atol=1e-9) for r in points)
    ours = lagrange(*problem, [1.0, -1.0], 0.0)
    assert ours.converged and ours.x[0] == pytest.approx(-0.959, abs=1e-3)
    for r in points:  # every point we found is a root scipy confirms
        v = np.append(r.x, r.lam)
        assert np.allclose(optimize.root(DL, v, tol=1e-13).x, v, atol=1e-9)


def test_lagrange_singular_start_is_a_reason_not_an_exception():
    # at the origin with λ = 0 every entry of the (n+1)×(n+1) Jacobian is 0
    result = lagrange(*circle_problem(), [0.0, 0.0], 0.0)
    assert not result.converged
    assert "singular" in result.reason

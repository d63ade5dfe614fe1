"""Finite differences against exact derivatives, including their orders of accuracy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mfml_tui.engine.finite import (
    ORDER,
    backward_difference,
    central_difference,
    difference,
    difference_errors,
    fd_gradient,
    fd_hessian,
    fd_jacobian,
    forward_difference,
    second_difference,
)

CASES = [
    (math.sin, math.cos, 0.7),
    (math.exp, math.exp, -1.3),
    (lambda x: x**3 - 2 * x + 2, lambda x: 3 * x**2 - 2, 1.5),
    (lambda x: math.log(1 + x * x), lambda x: 2 * x / (1 + x * x), 0.4),
]


@pytest.mark.parametrize(("f", "df", "x"), CASES)
def test_each_difference_approximates_the_derivative(f, df, x):
    exact = df(x)
    assert forward_difference(f, x, 1e-7) == pytest.approx(exact, abs=1e-6)
    assert backward_difference(f, x, 1e-7) == pytest.approx(exact, abs=1e-6)
    assert central_difference(f, x, 1e-5) == pytest.approx(exact, abs=1e-9)
    assert difference(f, x, 1e-5, "central") == central_difference(f, x, 1e-5)
    assert difference(f, x, 1e-5, "forward") == forward_difference(f, x, 1e-5)


def test_second_difference_of_sin_is_minus_sin():
    assert second_difference(math.sin, 0.9, 1e-4) == pytest.approx(-math.sin(0.9), abs=1e-7)


def test_differences_work_on_arrays_of_points():
    xs = np.linspace(-2, 2, 9)
    assert np.allclose(central_difference(np.sin, xs, 1e-5), np.cos(xs), atol=1e-9)


def _slope(hs, errors):
    return np.polyfit(np.log(hs), np.log(errors), 1)[0]


@pytest.mark.parametrize("kind", ["forward", "backward", "central"])
@pytest.mark.parametrize(("f", "df", "x"), CASES[:3])
def test_error_order_is_the_slope_of_log_error_against_log_h(kind, f, df, x):
    # In the truncation region (h well above the round-off floor) error ≈ C·hᵖ.
    hs = np.logspace(-4, -2, 9) if kind != "central" else np.logspace(-3, -1.5, 9)
    slope = _slope(hs, difference_errors(f, df, x, hs, kind))
    assert slope == pytest.approx(ORDER[kind], abs=0.1)


def test_second_difference_is_second_order():
    hs = np.logspace(-2.5, -1, 7)
    errors = [abs(second_difference(math.exp, 0.3, h) - math.exp(0.3)) for h in hs]
    assert _slope(hs, errors) == pytest.approx(2, abs=0.1)


def test_error_curve_is_u_shaped():
    hs = np.logspace(-15, -1, 57)
    errors = difference_errors(math.exp, math.exp, 1.0, hs, "forward")
    best = int(np.argmin(errors))
    assert 0 < best < len(hs) - 1
    assert 1e-10 < hs[best] < 1e-6  # near √ε ≈ 1e-8 for the forward difference
    assert errors[0] > 100 * errors[best]  # round-off on the left
    assert errors[-1] > 100 * errors[best]  # truncation on the right


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError, match="unknown difference kind"):
        difference(math.sin, 0.0, 1e-3, "sideways")
    with pytest.raises(ValueError, match="unknown difference kind"):
        fd_jacobian(np.sin, [0.0], kind="sideways")


def _vector_function(p):
    x, y, z = p
    return np.array([2 * x + 3 * y, math.cos(x) * math.sin(z), math.exp(x + y + z)])


def _vector_jacobian(p):
    x, y, z = p
    e = math.exp(x + y + z)
    return np.array([[2, 3, 0], [-math.sin(x) * math.sin(z), 0, math.cos(x) * math.cos(z)], [e, e, e]])


@pytest.mark.parametrize("kind", ["forward", "backward", "central"])
def test_fd_jacobian_of_a_vector_function(kind):
    p = np.array([0.3, -0.2, 0.5])
    J = fd_jacobian(_vector_function, p, h=1e-7 if kind != "central" else 1e-6, kind=kind)
    assert J.shape == (3, 3)
    assert np.allclose(J, _vector_jacobian(p), atol=1e-6 if kind != "central" else 1e-9)


def test_fd_jacobian_of_a_scalar_function_is_a_row():
    # The course's assessment: J of x²cos y + eᶻ sin y at (π, π, 1) is (−2π, −e, 0).
    def f(p):
        x, y, z = p
        return x**2 * math.cos(y) + math.exp(z) * math.sin(y)

    J = fd_jacobian(f, [math.pi, math.pi, 1.0])
    assert J.shape == (1, 3)
    assert np.allclose(J[0], [-2 * math.pi, -math.e, 0.0], atol=1e-8)
    assert np.allclose(fd_gradient(f, [math.pi, math.pi, 1.0]), J[0])


def test_fd_hessian_of_x2yz():
    # H of x²yz is [[2yz, 2xz, 2xy], [2xz, 0, x²], [2xy, x², 0]].
    x, y, z = 1.2, -0.7, 0.4
    H = fd_hessian(lambda p: p[0] ** 2 * p[1] * p[2], [x, y, z])
    exact = np.array([[2 * y * z, 2 * x * z, 2 * x * y], [2 * x * z, 0, x * x], [2 * x * y, x * x, 0]])
    assert np.allclose(H, H.T)
    assert np.allclose(H, exact, atol=1e-6)

"""The expression language: what learners type is read the way the docs say, and printed back clearly."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mfml_tui.engine import ParseError, evaluate, parse, to_ascii, to_unicode


def value(text: str, **env) -> float:
    return evaluate(parse(text), env)


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("2x sin(x) + x^2 cos(x)", "2*x*sin(x) + x**2*cos(x)"),
        ("x²·sin(x)", "x^2*sin(x)"),
        ("x³ − 2x", "x^3 - 2*x"),
        ("(x+1)(x-1)", "(x + 1)*(x - 1)"),
        ("2 sin(x)", "2*sin(x)"),
        ("x y", "x*y"),
        ("xy", "x*y"),
        ("e^(-x^2)", "exp(-x^2)"),
        ("√(1+x²)", "sqrt(1 + x^2)"),
        ("√x", "x^(1/2)"),
        ("1/(1+exp(-z))", "sigmoid(z)"),
        ("σ(z)", "sigmoid(z)"),
        ("ln x", "log(x)"),
        ("sin 2x", "sin(2*x)"),
        ("sin x cos x", "sin(x)*cos(x)"),
        ("sin^2(x)", "sin(x)^2"),
        ("sin^2 x", "sin(x)^2"),
        ("cos^3 2x", "cos(2*x)^3"),
        ("sin²x", "sin(x)^2"),
        ("2×3", "6"),
        ("π r²", "pi*r^2"),
        ("ｘ＋２", "x + 2"),
        ("-x^2", "-(x^2)"),
        ("2^3^2", "2^9"),
        ("2^-1", "0.5"),
        ("x1 x_2 x₃", "x1*x2*x3"),
    ],
)
def test_learner_syntax_means_what_it_should(typed: str, same_as: str) -> None:
    env = {"x": 0.7, "y": -1.3, "z": 0.4, "r": 1.9, "x1": 0.3, "x2": 1.1, "x3": -0.6}
    assert value(typed, **env) == pytest.approx(value(same_as, **env), rel=1e-14)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("x^2 sin(x)", "x²·sin(x)"),
        ("sqrt(1+x^2)", "√(1 + x²)"),
            ("x^2 + 1", "x² + 1"),
        ("e^(-x^2)", "e^(−x²)"),
        ("theta + lambda", "θ + λ"),
        ("x1^2 x2", "x₁²·x₂"),
        ("-1/x^2", "−1/x²"),
        ("e^x/x", "eˣ/x"),
        ("2at", "2·a·t"),
        ("ex", "e·x"),
        ("sin(x)^2", "sin²(x)"),
        ("x != 1", "x ≠ 1"),
        ("1 - sigmoid(z)", "1 − σ(z)"),
    ],
)
def test_unicode_shows_how_input_was_understood(typed: str, shown: str) -> None:
    assert to_unicode(parse(typed)) == shown


def test_printing_never_shows_double_star() -> None:
    for text in ["x**2", "2**x", "(x+1)**-2", "x**(3/2)"]:
        assert "**" not in to_unicode(parse(text))


@pytest.mark.parametrize(
    ("typed", "column", "fragment"),
    [
        ("sin(x", 6, "expected ')'"),
        ("(x+1]", 5, "expected ')'"),
        ("2 + ", 5, "input ended"),
        ("x $ 2", 3, "unexpected character '$'"),
        ("", 1, "empty"),
        ("x)", 2, "unmatched ')'"),
        ("|x|", 1, "abs("),
        ("x = 2", 3, "unexpected '='"),
        ("[[1,2],[3]]", 1, "same number of entries"),
        ("diff(x^2, x", 12, "expected ')'"),
    ],
)
def test_errors_say_what_and_where(typed: str, column: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(typed)
    assert info.value.column == column
    assert fragment in str(info.value)
    assert f"at column {column}" in str(info.value)


def test_vectors_and_matrices_evaluate_with_index_first() -> None:
    v = evaluate(parse("[2x y, x^2]"), {"x": np.array([1.0, 2.0]), "y": 3.0})
    assert v.shape == (2, 2)
    np.testing.assert_allclose(v, [[6.0, 12.0], [1.0, 4.0]])
    m = evaluate(parse("[[1, 2], [3, 4]]"))
    np.testing.assert_allclose(m, [[1, 2], [3, 4]])


def test_grid_evaluation_is_vectorised() -> None:
    x, y = np.meshgrid(np.linspace(-2, 2, 200), np.linspace(-2, 2, 200))
    z = evaluate(parse("x^2 + 3y^2 - x y"), {"x": x, "y": y})
    np.testing.assert_allclose(z, x**2 + 3 * y**2 - x * y, rtol=1e-15)


def test_undefined_points_are_nan_not_errors() -> None:
    assert math.isnan(value("ln(x)", x=-1.0))
    assert math.isinf(value("1/x", x=0.0))
    assert math.isinf(value("9^9^9"))


def test_exact_arithmetic_until_a_decimal_is_typed() -> None:
    assert to_unicode(parse("3/2 + 1/2")) == "2"
    assert to_unicode(parse("sqrt(8)/2")) == "√8/2"
    assert to_unicode(parse("4^(1/2)")) == "2"
    assert to_unicode(parse("0.1 + 0.2")) == "0.3"


@pytest.mark.parametrize("text", ["x^2*sin(x) - 3/x", "exp(-x^2/2)/sqrt(2*pi)", "sigmoid(w*x + b)^2",
                                  "[[2*x, -2*y], [2*y, 2*x]]", "x1^2*x2 - theta/2", "tan(x)^3 + 1/(1 + x^2)"])
def test_both_printed_forms_parse_back_to_the_same_function(text: str) -> None:
    tree = parse(text)
    env = {"x": 0.37, "y": -0.8, "w": 1.3, "b": -0.2, "x1": 0.5, "x2": 1.5, "theta": 0.9}
    expected = evaluate(tree, env)
    np.testing.assert_allclose(evaluate(parse(to_ascii(tree)), env), expected, rtol=1e-14)
    np.testing.assert_allclose(evaluate(parse(to_unicode(tree)), env), expected, rtol=1e-14)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        # a quotient's sum numerator in one pair of brackets, not two
        ("(exp(1 + x) - exp(1))/x - e", "(e^(1 + x) − e)/x − e"),
        ("(exp(1 + x) - exp(1 - x))/(2x) - e", "(e^(1 + x) − e^(1 − x))/(2·x) − e"),
        ("(x+1)/x", "(x + 1)/x"),
        ("-(x+1)/x", "(−x − 1)/x"),
        ("(x-1)/(x+1)", "(x − 1)/(x + 1)"),
        ("(x+1)/x^2", "(x + 1)/x²"),
        ("sqrt((x+1)/x)", "√((x + 1)/x)"),
        ("((x+1)/x)^2", "(x + 1)²/x²"),
        ("2(x+1)/x", "2·(x + 1)/x"),
        ("-(x+1)^2/x", "−(x + 1)²/x"),
    ],
)
def test_quotients_bracket_a_sum_once(typed: str, shown: str) -> None:
    assert to_unicode(parse(typed)) == shown


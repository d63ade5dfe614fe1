"""The expression language: what learners type is read the way the docs say, and printed back clearly."""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mfml_tui.engine import Const, ParseError, Sym, evaluate, parse, to_ascii, to_unicode
from mfml_tui.engine import build as b


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


@pytest.mark.parametrize(
    ("typed", "shown", "ascii"),
    [
        ("x^b", "xᵇ", "x^b"),
        ("x^(n-1)", "xⁿ⁻¹", "x^(n - 1)"),
        ("2^(n+1)", "2ⁿ⁺¹", "2^(n + 1)"),
        ("x^(-n)", "x⁻ⁿ", "x^(-n)"),
        ("a x^b ln(x)", "a·xᵇ·ln(x)", "a*x^b*ln(x)"),
        ("x^e", "xᵉ", "x^e"),
        ("(x+1)^k", "(x + 1)ᵏ", "(x + 1)^k"),
        ("(2/3)^n", "(2/3)ⁿ", "(2/3)^n"),
        ("exp(k)", "eᵏ", "exp(k)"),
        # what cannot be wholly superscripted keeps ^(…)
        ("e^(-x^2)", "e^(−x²)", "exp(-x^2)"),
        ("x^(1/3)", "x^(1/3)", "x^(1/3)"),
        ("x^(2n)", "x^(2·n)", "x^(2*n)"),
        ("x^theta", "x^θ", "x^theta"),
        ("x^(x1)", "x^x₁", "x^x1"),
        ("x^pi", "x^π", "x^pi"),
        ("x^sin(x)", "x^sin(x)", "x^sin(x)"),
        ("x^(a+b+c+d)", "x^(a + b + c + d)", "x^(a + b + c + d)"),
        # a base already ending in a superscript is bracketed, so the two exponents cannot merge
        ("exp(x)^(n-1)", "(eˣ)ⁿ⁻¹", "exp(x)^(n - 1)"),
    ],
)
def test_symbolic_exponents_print_as_superscripts_when_they_can(typed: str, shown: str, ascii: str) -> None:
    tree = parse(typed)
    assert to_unicode(tree) == shown
    assert to_ascii(tree) == ascii
    assert parse(shown) == tree


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("xⁿ⁻¹", "x^(n-1)"),
        ("2ⁿ⁺¹", "2^(n+1)"),
        ("x⁽ⁿ⁺¹⁾", "x^(n+1)"),
        ("x²ʸ", "x^(2y)"),
        ("eᵏ", "exp(k)"),
        ("xᵉ", "x^e"),
        ("x⁻¹", "1/x"),
        ("sin²(x)", "sin(x)^2"),
    ],
)
def test_superscript_runs_read_as_exponents(typed: str, same_as: str) -> None:
    assert parse(typed) == parse(same_as)


@pytest.mark.parametrize(("typed", "column", "fragment"), [
    ("x⁻", 2, "expected superscript digits"),
    ("x²⁻", 2, "expected superscript digits"),
    ("xⁿ⁺", 4, "input ended"),
    ("x⁽ⁿ", 4, "expected ')' at column 4 (to close the '(' at column 2)"),
    ("x + ⁿ", 5, "a superscript needs something before it"),
])
def test_superscript_errors_say_where(typed: str, column: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(typed)
    assert info.value.column == column
    assert fragment in str(info.value)


@pytest.mark.parametrize(("typed", "same_as"), [
    ("½", "1/2"),
    ("x^(−½)", "x^(-1/2)"),
    ("−12 − 48(x − ½)²", "-12 - 48*(x - 1/2)^2"),
    ("½x²", "x^2/2"),
    ("x + ⅓xy", "x + x*y/3"),
    ("¾π", "3*pi/4"),
    ("√½", "sqrt(1/2)"),
    ("x^½", "sqrt(x)"),
])
def test_vulgar_fractions_read_as_the_fractions_the_tutor_prints(typed: str, same_as: str) -> None:
    """Hints and solutions print ½δᵀHδ and x^(−½); a learner who copies them must not get a parse error."""
    assert parse(typed) == parse(same_as)


@pytest.mark.parametrize(("typed", "column"), [("1½", 2), ("2 ¾", 3), ("x + 10⅓", 7)])
def test_a_mixed_number_asks_for_a_plus_sign_rather_than_meaning_a_product(typed: str, column: int) -> None:
    """1½ is 1 + ½ to a person but would be 1·½ by the grammar: refuse it (not counted) and say how."""
    with pytest.raises(ParseError) as info:
        parse(typed)
    assert info.value.column == column
    assert "plus sign" in str(info.value)


@pytest.mark.parametrize(("typed", "column", "says"), [
    ("0.5.2", 4, "two decimal points"),  # was read as 0.5·0.2 = 0.1, a typo graded as a product
    ("x + 1.25.5", 9, "two decimal points"),
    ("1.333...", 1, "type the exact value"),
    ("1.333…", 1, "type the exact value"),
    ("2 - 0.66...", 5, "type the exact value"),
    ("3,004", 2, "the decimal point is '.'"),  # a thousands separator
    ("2x + 1,5", 7, "the decimal point is '.'"),  # a decimal comma
])
def test_a_number_written_as_a_person_would_is_refused_with_the_reason(typed: str, column: int,
                                                                      says: str) -> None:
    """A typo or a habit from paper (0.5.2, 1.333..., 3,004) must never be read as some other number; the
    message says what to write instead (not counted against the learner)."""
    with pytest.raises(ParseError) as info:
        parse(typed)
    assert info.value.column == column and says in str(info.value), str(info.value)


def test_commas_still_separate_entries_and_arguments() -> None:
    assert to_ascii(parse("[1.5, 2]")) == "[1.5, 2]" and float(evaluate(parse(".5 + 2.25"), {})) == 2.75


# Trees rich in what the printer raises or brackets: symbolic exponents (n, n − 1, −k, e), quotients of
# sums, negatives, and functions of all of these.
_LEAVES = st.one_of(
    st.sampled_from([Sym("x"), Sym("n"), Sym("k"), Sym("q"), Sym("theta"), Sym("x1"), Const("e"),
                     Const("pi")]),
    st.integers(-4, 4).map(b.num),
    st.fractions(min_value=-2, max_value=2, max_denominator=3).map(b.num),
)


def _branches(children):
    positive = children.map(lambda c: b.add(b.power(c, b.num(2)), b.num(1)))  # a base that is never ≤ 0
    return st.one_of(
        st.tuples(children, children).map(lambda p: b.add(*p)),
        st.tuples(children, children).map(lambda p: b.mul(*p)),
        st.tuples(children, children).map(lambda p: b.div(*p)),
        children.map(b.neg),
        st.tuples(positive, children).map(lambda p: b.power(*p)),
        st.tuples(st.sampled_from([Sym("x"), Const("e"), b.num(2)]), children).map(lambda p: b.power(*p)),
        st.tuples(st.sampled_from(["sin", "exp", "tanh", "sigmoid"]), children).map(lambda p: b.func(*p)),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(_LEAVES, _branches, max_leaves=8))
def test_every_printed_form_parses_back_to_the_same_function(tree) -> None:
    env = {"x": 0.83, "n": 1.7, "k": -0.6, "q": 0.45, "theta": 1.2, "x1": 0.35}
    with np.errstate(all="ignore"):
        want = evaluate(tree, env)
        if not (np.isfinite(want) and abs(want) < 1e8):
            return
        for text in (to_ascii(tree), to_unicode(tree)):
            assert "**" not in text
            # 2^(−625) folds to an exact fraction of 190 digits: printed m·10ⁿ, it reads back too
            assert evaluate(parse(text), env) == pytest.approx(want, rel=1e-11, abs=1e-11), text


def _number_of_any_size():
    whole = st.integers(0, 290).flatmap(lambda n: st.integers(-(10 ** n), 10 ** n))  # within a float
    return st.one_of(
        whole,
        st.tuples(whole, whole.filter(bool)).map(lambda p: Fraction(*p)),
        st.floats(-1e290, 1e290),
    )


@settings(max_examples=300, deadline=None)
@given(_number_of_any_size(), st.sampled_from(["{}", "x·{}", "x^{}", "{}^2", "x/{}", "{}/x", "x − {}"]))
def test_numbers_of_any_size_print_so_that_they_parse_back(number, form: str) -> None:
    """Exact folding makes numbers longer than the parser reads (its MAX_DIGITS): (1/2.3·10²²)² + 1 has
    45 digits. Every printed number, and an expression around it, must read back, near its value."""
    c = b.num(number)
    x = Sym("x")
    tree = {"{}": c, "x·{}": b.mul(x, c), "x^{}": b.power(x, c), "{}^2": b.power(c, b.num(2)),
            "x/{}": b.div(x, c) if number else x, "{}/x": b.div(c, x), "x − {}": b.sub(x, c)}[form]
    env = {"x": 1.0625}
    with np.errstate(all="ignore"):
        want = evaluate(tree, env)  # ±inf for an exact whole number past any float (c² of a 290-digit c)
        assume(np.isfinite(want) and abs(want) < 1e300)
        for text in (to_ascii(tree), to_unicode(tree)):
            assert re.search(r"\d{41}", text) is None, text  # digits a learner could not type back
            # 12 significant figures: x^c moves by |c·ln x| times c's own rounding (x^1000.884765625)
            rel = 1e-11 * (1 + (abs(float(number) * math.log(env["x"])) if form == "x^{}" else 0))
            assert evaluate(parse(text), env) == pytest.approx(want, rel=rel, abs=1e-300), text


def test_sec_csc_cot_are_functions_with_textbook_derivatives() -> None:
    """sec, csc, cot (and cosec) are read as functions, not as products of letters; their derivative
    rows are the textbook ones (checked against sympy in test_engine_calculus)."""
    from mfml_tui.engine import diff, to_unicode

    assert to_unicode(parse("sec^2 x")) == "sec²(x)"
    assert to_unicode(parse("csc x")) == "csc(x)"
    assert to_unicode(parse("cosec(x)")) == "csc(x)"
    assert to_unicode(parse("cot(2x)")) == "cot(2·x)"
    assert to_unicode(diff(parse("tan(x)"), "x")) == "1 + tan²(x)"
    assert to_unicode(diff(parse("sec x"), "x")) == "sec(x)·tan(x)"
    assert to_unicode(diff(parse("cot x"), "x")) == "−csc²(x)"


@pytest.mark.parametrize(("typed", "meant"), [
    ("ln x / x", "ln(x)/x"), ("cos t/sin^2 t", "cos(t)/sin(t)^2"), ("5sqrt3/2", "5*sqrt(3)/2"),
    ("sin x/x", "sin(x)/x"), ("sin x * y", "sin(x)*y"), ("e^x sin x/x", "e^x*sin(x)/x"),
    ("sin x^2/x", "sin(x^2)/x"), ("sqrt2 x/2", "sqrt(2 x)/2"),
    # juxtaposition still belongs to the function, as before
    ("sin 2x", "sin(2x)"), ("sin x cos x", "sin(x) cos(x)"), ("ln 2x^2", "ln(2 x^2)"),
])
def test_a_bare_function_applies_to_the_next_factor_not_to_a_quotient(typed: str, meant: str) -> None:
    x = np.linspace(0.3, 1.7, 7)
    env = {"x": x, "y": x + 0.5, "t": x}
    assert np.allclose(evaluate(parse(typed), env), evaluate(parse(meant), env))
    assert to_unicode(parse(typed)) == to_unicode(parse(meant))  # and the echo shows that reading


def test_a_bracketed_tuple_is_a_vector() -> None:
    assert to_unicode(parse("(0, -1)")) == "[0, −1]"
    assert parse("(x, 2y)") == parse("[x, 2y]")
    assert parse("((1, 2), (3, 4))") == parse("[[1, 2], [3, 4]]")
    assert to_unicode(parse("(x + 1)")) == "x + 1"  # one item in brackets is just grouping
    with pytest.raises(ParseError):
        parse("sin(1, 2)")


def test_constants_broadcast_in_vectors_and_matrices() -> None:
    x = np.array([0.5, 1.0, 2.0])
    m = evaluate(parse("[[6x y, 0], [0, 0]]"), {"x": x, "y": 2.0})
    assert m.shape == (2, 2, 3) and np.allclose(m[0, 0], 12 * x) and not m[1].any()
    assert evaluate(parse("[[x, 1], [1, 0]]"), {"x": x}).shape == (2, 2, 3)
    assert np.allclose(evaluate(parse("[[1, 2], [3, 4]]")), [[1, 2], [3, 4]])


def test_typed_symbols_are_read_before_simplification() -> None:
    from mfml_tui.engine.parser import typed_symbols

    assert "d" in typed_symbols("d/dx(sin(x^2))")  # d·d⁻¹ cancels in the tree, not in what was typed
    assert typed_symbols("2x sin(x) + pi e^y") == {"x", "y"}
    assert typed_symbols("xⁿ⁻¹ + θ") == {"x", "n", "theta"}

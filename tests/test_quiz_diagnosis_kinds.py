"""The mal-rules beyond one slip at one node: the chain factor put inside, integrating instead of
differentiating, the same slip made at every node, and slips in how an operation is assembled (a Jacobian
transposed, a Hessian's mixed entries, a Taylor coefficient without k!, a path of the chain rule left out).
Each wrong answer is built by sympy, independently of the engine, and typed as a learner would."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import sympy

from mfml_tui.engine import calculus
from mfml_tui.engine.diagnosis import _candidates, candidates
from mfml_tui.engine.malrules import MALRULES
from mfml_tui.quiz import grade, instantiate, prepare
from tests.test_quiz_diagnosis import _quiz as _spec

x, y, t = sympy.symbols("x y t")


def _quiz(tmp_path: Path, block: str, seed: int = 0):
    return instantiate(_spec(tmp_path, block), seed)


def _typed(e) -> str:
    """sympy's expression as a learner types it (`**` is not our power sign)."""
    return str(e).replace("**", "^")


def _matrix(m) -> str:
    return "[" + ", ".join("[" + ", ".join(_typed(v) for v in row) + "]" for row in m.tolist()) + "]"


@pytest.mark.parametrize("seed", range(3))
def test_the_inner_derivative_put_inside_the_outer_one_is_named(tmp_path: Path, seed: int) -> None:
    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\nparams = { a = "int 2..5" }\n'
                        'answer = "diff(sin(a*x^2), x)"', seed)
    inner = int(q.params["a"]) * x**2
    verdict = grade(q, _typed(sympy.cos(sympy.diff(inner, x))))  # cos(2a·x) for 2a·x·cos(a·x²)
    assert not verdict.correct and verdict.counted
    assert verdict.slip == "chain-inside"
    assert "f′(g(x))" in verdict.mistake


@pytest.mark.parametrize("seed", range(3))
def test_integrating_instead_of_differentiating_is_named(tmp_path: Path, seed: int) -> None:
    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\n'
                        'params = { a = "int 2..5", b = "int 2..9", c = "int 1..9" }\n'
                        'answer = "diff(a*x^3 + b*x + c, x)"', seed)
    a, b, c = (int(q.params[k]) for k in "abc")
    f = a * x**3 + b * x + c
    verdict = grade(q, _typed(sympy.integrate(f, x)))
    assert verdict.slip == "integrated"
    assert verdict.mistake.startswith("You integrated instead of differentiating")
    # the same for sin and cos
    q2 = _quiz(tmp_path / "2", 'id = "q"\nkind = "expression"\nask = "?"\nanswer = "diff(3*sin(x) + x^2, x)"')
    assert grade(q2, _typed(sympy.integrate(3 * sympy.sin(x) + x**2, x))).slip == "integrated"


def test_the_same_slip_at_every_term_is_named(tmp_path: Path) -> None:
    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\nanswer = "diff(x^4 + x^3 + x^2, x)"')
    power_up = sum(n * x ** (n + 1) for n in (4, 3, 2))  # n·xⁿ⁺¹ for every term
    verdict = grade(q, _typed(power_up))
    assert verdict.slip == "power-up" and "same slip" in verdict.mistake
    no_n = sum(x ** (n - 1) for n in (4, 3, 2))
    assert grade(q, _typed(no_n)).slip == "power-no-n"


def test_a_transposed_jacobian_is_named(tmp_path: Path) -> None:
    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\n'
                        'params = { a = "int 2..5", b = "int 2..5" }\n'
                        'answer = "jacobian([a*x^2 - y^2, b*x*y], [x, y])"\nvariables = ["x", "y"]')
    a, b = int(q.params["a"]), int(q.params["b"])
    j = sympy.Matrix([a * x**2 - y**2, b * x * y]).jacobian([x, y])
    verdict = grade(q, _matrix(j.T))
    assert verdict.slip == "jacobian-transposed"
    assert grade(q, _matrix(j)).slip is None


@pytest.mark.parametrize("seed", range(3))
def test_wrong_mixed_entries_of_a_hessian_are_named(tmp_path: Path, seed: int) -> None:
    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\n'
                        'params = { a = "int 2..5", b = "int 2..5", c = "int 2..5" }\n'
                        'answer = "hessian(a*x^3*y + b*x + c*y, [x, y])"\nvariables = ["x", "y"]', seed)
    a, b, c = (int(q.params[k]) for k in "abc")
    f = a * x**3 * y + b * x + c * y
    h = sympy.hessian(f, (x, y))
    product = h.copy()
    product[0, 1] = product[1, 0] = sympy.diff(f, x) * sympy.diff(f, y)
    zero = h.copy()
    zero[0, 1] = zero[1, 0] = 0
    assert grade(q, _matrix(product)).slip == "hessian-mixed-product"
    verdict = grade(q, _matrix(zero))
    assert verdict.slip == "hessian-mixed-zero" and verdict.mistake.startswith("Your mixed entries are 0")


@pytest.mark.parametrize("seed", range(3))
def test_a_taylor_coefficient_without_its_factorial_is_named(tmp_path: Path, seed: int) -> None:
    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\nparams = { p = "int 1..3" }\n'
                        'answer = "taylor(e^x, x, p, 3)"', seed)
    p = int(q.params["p"])
    f = sympy.exp(x)
    no_factorial = sum(sympy.diff(f, x, k).subs(x, p) * (x - p) ** k for k in range(4))
    verdict = grade(q, _typed(no_factorial))
    assert verdict.slip == "taylor-no-factorial" and "k!" in verdict.mistake
    # and a coefficient question written as f⁽ⁿ⁾(0)/n! (the lessons' c/diff(xⁿ, x, n))
    r = _quiz(tmp_path / "c", 'id = "q"\nkind = "number"\nask = "?"\n'
                              'params = { k = "int 2..4", n = "int 3..5" }\n'
                              'answer = "at(diff(e^(k*x), x, n), x=0)/diff(x^n, x, n)"', seed)
    k, n = int(r.params["k"]), int(r.params["n"])
    assert grade(r, str(sympy.diff(sympy.exp(k * x), x, n).subs(x, 0))).slip == "taylor-no-factorial"


def test_a_path_of_the_multivariate_chain_rule_left_out_is_named(tmp_path: Path) -> None:
    q = _quiz(tmp_path, 'id = "q"\nkind = "number"\nask = "?"\n'
                        'params = { a = "int 2..5", p = "int 1..3", q = "int 1..3", t0 = "int 1..3", '
                        'b = "int 1..4" }\n'
                        'answer = "dot(at(jacobian(x1^2*x2 + a*x1, [x1, x2]), x1=p, x2=q), '
                        'at(diff([t + b, t^2], t), t=t0))"')
    a, p, qq, t0 = (int(q.params[k]) for k in ("a", "p", "q", "t0"))
    x1, x2 = sympy.symbols("x1 x2")
    f = x1**2 * x2 + a * x1
    paths = [sympy.diff(f, x1).subs({x1: p, x2: qq}) * 1,
             sympy.diff(f, x2).subs({x1: p, x2: qq}) * sympy.diff(t**2, t).subs(t, t0)]
    hits = {grade(q, str(term)).slip for term in paths if term != sum(paths)}
    assert hits == {"chain-path-dropped"}


def test_every_mal_rule_has_a_sentence_and_the_operation_ones_say_what_was_done() -> None:
    for m in MALRULES.values():
        assert m.says and m.rule
        if m.level == "operation":
            assert m.did


@pytest.mark.parametrize("text", ["diff(sin(x^2)*exp(3x), x)", "hessian(x^3*y^2 + sin(x*y), [x, y])",
                                  "at(diff(e^(3*x), x, 4), x=0)/diff(x^4, x, 4)", "taylor(cos(2x), x, 0, 4)",
                                  "jacobian([x*y^2, sin(x) + y], [x, y])"])
def test_the_search_finds_the_same_slips_with_and_without_the_derivative_memo(text: str, monkeypatch) -> None:
    """calculus.memoised reuses derivatives of subtrees a slip does not touch: it must change nothing."""
    _candidates.cache_clear()
    with_memo = candidates(text)
    _candidates.cache_clear()
    monkeypatch.setattr(calculus, "memoised", contextlib.nullcontext)
    without = candidates(text)
    _candidates.cache_clear()
    assert [(c.malrule, c.node, c.everywhere, c.value.expr) for c in with_memo] == \
        [(c.malrule, c.node, c.everywhere, c.value.expr) for c in without]
    assert with_memo


@pytest.mark.parametrize("text", ["sin(x^2)*exp(3x)", "x^3*y^2 + sin(x*y)", "ln(x^2 + 1)*cos(y)"])
def test_derivatives_inside_the_memo_are_sympys(text: str) -> None:
    from mfml_tui.engine import parse, to_ascii

    expr = parse(text)
    with calculus.memoised():
        first = [calculus.diff(expr, v) for v in ("x", "y")]
        again = [calculus.diff(expr, v, 2) for v in ("x", "y")]
    f = sympy.sympify(text.replace("^", "**").replace("3x", "3*x"))
    for v, d1, d2 in zip((x, y), first, again, strict=True):
        assert sympy.simplify(sympy.sympify(to_ascii(d1).replace("^", "**")) - sympy.diff(f, v)) == 0
        assert sympy.simplify(sympy.sympify(to_ascii(d2).replace("^", "**")) - sympy.diff(f, v, 2)) == 0


def test_two_slips_in_one_working_are_both_named(tmp_path: Path) -> None:
    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\nparams = { a = "int 2..4" }\n'
                        'answer = "diff(sin(a*x^2)*x^3, x)"')
    a = int(q.params["a"])
    # the chain factor of sin(a·x²) dropped AND the power rule raised for x³, worked by sympy
    two = sympy.cos(a * x**2) * x**3 + sympy.sin(a * x**2) * 3 * x**4
    prepare(q)  # as the quiz card does while the learner types: pairs are worked out ahead, time-bounded
    verdict = grade(q, _typed(two))
    assert not verdict.correct and verdict.counted
    assert verdict.mistake.startswith("Two slips")
    assert "chain rule" in verdict.mistake and "power rule" in verdict.mistake
    assert verdict.slip in ("chain-dropped", "power-up")
    # an answer no pair of slips explains is not diagnosed
    assert grade(q, "x^7 + 1").slip is None


@pytest.mark.parametrize("seed", range(3))
def test_a_negative_exponent_that_loses_its_sign_is_named(tmp_path: Path, seed: int) -> None:
    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\nparams = { a = "int 2..6" }\n'
                        'answer = "diff(a/x^2 + x^2, x)"', seed)
    a = int(q.params["a"])
    verdict = grade(q, _typed(-sympy.diff(a / x**2, x) + 2 * x))  # 2a/x³ for −2a/x³
    assert verdict.slip == "power-sign" and "negative exponent" in verdict.mistake


def test_a_slip_in_an_operation_marks_that_operation_in_the_steps(tmp_path: Path) -> None:
    from mfml_tui.ui.services import Tutor

    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\nanswer = "hessian(x^3*y^2, [x, y])"\n'
                        'variables = ["x", "y"]')
    h = sympy.hessian(x**3 * y**2, (x, y))
    h[0, 1] = h[1, 0] = 0
    verdict = grade(q, _matrix(h))
    assert verdict.slip == "hessian-mixed-zero" and verdict.slip_at == ("", "hessian")
    lines = Tutor(tmp_path, None, "ada").derivation_text(q, 80, verdict.slip_at).splitlines()
    marked = [i for i, line in enumerate(lines) if "your answer went wrong here" in line]
    assert len(marked) == 1 and "Hessian" in lines[marked[0] - 1]


def test_mal_rule_numbers_stay_put_and_docs_list_them_in_order() -> None:
    """Lessons name a mal-rule by its number (`slip(f, x, n)`): rows are only ever appended."""
    first = ["chain-dropped", "power-up", "power-no-n", "product-of-derivatives", "product-minus", "sin-sign",
             "cos-sign", "exp-as-power", "constant-lost", "other-variable-differentiated", "chain-inside",
             "integrated", "jacobian-transposed", "hessian-mixed-product", "hessian-mixed-zero",
             "taylor-no-factorial", "chain-path-dropped", "power-sign"]
    assert list(MALRULES)[:len(first)] == first
    docs = (Path(__file__).parents[1] / "docs" / "quizzes.md").read_text()
    for n, mid in enumerate(MALRULES, 1):
        assert f"| {n} | `{mid}` |" in docs


def test_two_rules_giving_one_wrong_derivative_get_the_least_specific_true_feedback(tmp_path: Path) -> None:
    """(a/x)′ typed as a/x²: the exponent's sign lost and the factor n = −1 left out are the same slip
    here; the feedback shows the wrong derivative without claiming which rule, and no id is stored."""
    q = _quiz(tmp_path, 'id = "q"\nkind = "expression"\nask = "?"\nparams = { a = "int 2..6" }\n'
                        'answer = "diff(a/x + x^2, x)"')
    a = int(q.params["a"])
    verdict = grade(q, _typed(-sympy.diff(a / x, x) + 2 * x))
    assert not verdict.correct and verdict.slip is None
    assert verdict.mistake.startswith("You differentiated") and "1/x²" in verdict.mistake
    assert "negative exponent" not in verdict.mistake and "as a factor" not in verdict.mistake

"""An oracle-checked grading corpus (issue #12): sympy, not our engine, decides what is right.

* Equivalent forms must pass: sympy differentiates each function and writes its derivative in several
  forms (as is, expanded, factored, simplified, trig-rewritten); each form is typed into an expression
  quiz whose answer is our engine's `diff`.
* Classic mistakes must fail, and be counted: the chain factor dropped, the sign flipped, the power rule
  off by one, a product-rule term missing. sympy confirms each differs from the derivative.
* Numbers: exact forms and correctly rounded decimals (from sympy's 30-digit value) must pass; whole
  numbers off by one, wrongly rounded decimals and sign errors must fail.
* Slips of notation must not count: calculator e-notation, digit grouping, `d/dx(…)`, non-finite
  results, unknown letters, rounded coefficients in formulas, a shape that is not the question's.

`CLASS_COUNTS` holds the figures reported in the issue's closing note (each test asserts its own
minimum; together at least 400 cases).
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from mfml_tui.course.model import Location, QuizSpec
from mfml_tui.quiz import grade, instantiate

HERE = Location(Path("corpus.md"), 1)
X = sp.Symbol("x", real=True)


def _ours(e: sp.Expr) -> str:
    """sympy's text in our language (`**`, exp, log, sqrt, sin… all read as typed by a learner)."""
    text = sp.sstr(e)
    return text.replace("E", "e")  # sympy prints Euler's number as E


# (our text, the same function for sympy, a domain where it is defined)
FUNCTIONS = [
    ("x^3 sin(x)", X**3 * sp.sin(X), (-2, 2)),
    ("e^(x^2 - 3)", sp.exp(X**2 - 3), (-2, 2)),
    ("sin(x)^3", sp.sin(X)**3, (-2, 2)),
    ("e^x/x", sp.exp(X) / X, (0.3, 3)),
    ("x e^x cos(x)", X * sp.exp(X) * sp.cos(X), (-2, 2)),
    ("ln(x^2 + 1)", sp.log(X**2 + 1), (-2, 2)),
    ("sqrt(1 + x^2)", sp.sqrt(1 + X**2), (-2, 2)),
    ("(x + 2)(3x - 3)", (X + 2) * (3 * X - 3), (-2, 2)),
    ("tan(x)", sp.tan(X), (-1.2, 1.2)),
    ("1/(x^2 + 4)", 1 / (X**2 + 4), (-2, 2)),
    ("x^2 cos(x^3)", X**2 * sp.cos(X**3), (-1.5, 1.5)),
    ("sin(x) e^(cos(x))", sp.sin(X) * sp.exp(sp.cos(X)), (-2, 2)),
    ("x ln(x)", X * sp.log(X), (0.2, 3)),
    ("e^(-x^2/2)", sp.exp(-X**2 / 2), (-2, 2)),
    ("(x^2 + 1)^5", (X**2 + 1)**5, (-1.5, 1.5)),
    ("sin(2x) cos(3x)", sp.sin(2 * X) * sp.cos(3 * X), (-2, 2)),
    ("x/(1 + x^2)", X / (1 + X**2), (-2, 2)),
    ("tanh(2x + 1)", sp.tanh(2 * X + 1), (-2, 2)),
    ("arctan(x^2)", sp.atan(X**2), (-2, 2)),
    ("sec(x)", sp.sec(X), (-1.2, 1.2)),
    ("cot(x)", sp.cot(X), (0.2, 3)),
    ("x^(3/2) + sqrt(7)", X**sp.Rational(3, 2) + sp.sqrt(7), (0.1, 3)),
    ("ln(sin(x))", sp.log(sp.sin(X)), (0.2, 3)),
    ("e^(sin(x^2))", sp.exp(sp.sin(X**2)), (-1.5, 1.5)),
    ("cos(x)^2 - sin(x)^2", sp.cos(X)**2 - sp.sin(X)**2, (-2, 2)),
    ("x^4 - 3x^2 + 2x - 7", X**4 - 3 * X**2 + 2 * X - 7, (-2, 2)),
    ("sqrt(x) e^(-x)", sp.sqrt(X) * sp.exp(-X), (0.1, 3)),
    ("1/sqrt(x^2 + 1)", 1 / sp.sqrt(X**2 + 1), (-2, 2)),
    ("sinh(x) cosh(x)", sp.sinh(X) * sp.cosh(X), (-2, 2)),
    ("(x - 1)^3/(x + 3)", (X - 1)**3 / (X + 3), (-2, 2)),
]


def _forms(d: sp.Expr) -> list[str]:
    """Equivalent ways a learner might write the derivative: sympy's algebra rewrites its own result."""
    out = []
    for f in (lambda e: e, sp.expand, sp.factor, sp.cancel, sp.together, sp.powsimp,
              lambda e: sp.expand_trig(e), lambda e: e.rewrite(sp.exp) if e.has(sp.tanh, sp.sinh) else e):
        form = f(d)
        text = _ours(form)
        by_hand = text.replace("**", "^")
        for typed in (text, by_hand.replace("*", "·"), by_hand.replace("*", " ")):  # as printed; by hand
            if typed not in out and "zoo" not in typed and "I" not in typed:
                out.append(typed)
    return out


def _mistakes(f: sp.Expr, d: sp.Expr) -> list[str]:
    """Classic slips, each different from the derivative (sympy checks at random points below)."""
    out = [_ours(-d), _ours(2 * d), _ours(d + 1), _ours(f)]
    if isinstance(f, sp.Mul) and len(f.args) >= 2:  # product rule: one term only
        u, v = f.args[0], sp.Mul(*f.args[1:])
        out.append(_ours(sp.diff(u, X) * sp.diff(v, X)))
        out.append(_ours(sp.diff(u, X) * v))
    if isinstance(f, sp.Pow) and f.exp.is_number:  # power rule off by one
        n, base = f.exp, f.base
        out.append(_ours(n * base ** (n + 1) * sp.diff(base, X)))
        out.append(_ours(n * base ** (n - 1)))  # chain factor dropped (when the base is not x)
    for func in (sp.sin, sp.cos, sp.exp, sp.log, sp.tan):
        for inner in f.atoms(func):
            arg = inner.args[0]
            if arg != X:  # the chain factor of the inner function dropped
                out.append(_ours(d.subs(sp.diff(arg, X), 1)))
    return list(dict.fromkeys(out))


def _differs(a: sp.Expr, b: sp.Expr, lo: float, hi: float) -> bool:
    """Whether sympy's own values of a and b differ at five points inside the domain."""
    t = np.linspace(lo, hi, 7)[1:-1]
    with np.errstate(all="ignore"):
        va = np.broadcast_to(sp.lambdify(X, a, "numpy")(t), t.shape)
        vb = np.broadcast_to(sp.lambdify(X, b, "numpy")(t), t.shape)
    return bool(np.any(np.abs(va - vb) > 1e-6 * np.maximum(1.0, np.abs(vb))))


def _expression_quiz(text: str, lo: float, hi: float):
    spec = QuizSpec(id="corpus", kind="expression", ask="?", location=HERE, answer=f"diff({text}, x)",
                    rtol=1e-6, atol=1e-9, domain={"x": (lo, hi)})
    return instantiate(spec, 3)


def _number_quiz(answer: str, **kw):
    spec = QuizSpec(id="corpus", kind=kw.pop("kind", "number"), ask="?", location=HERE, answer=answer,
                    rtol=1e-3, atol=1e-9, **kw)
    return instantiate(spec, 0)


CLASS_COUNTS: Counter[str] = Counter()


def _check(question, typed: str, verdict: str, case: str) -> str | None:
    v = grade(question, typed)
    got = "pass" if v.correct else ("fail" if v.counted else "not counted")
    return None if got == verdict else f"{case}: `{typed}` should {verdict}, got {got}: {v.message}"


def test_equivalent_forms_pass_and_classic_mistakes_fail() -> None:
    problems = []
    for text, f, (lo, hi) in FUNCTIONS:
        question = _expression_quiz(text, lo, hi)
        d = sp.diff(f, X)
        for form in _forms(d):  # sympy's own rewritings of its derivative: equal by construction
            CLASS_COUNTS["equivalent form passes"] += 1
            problems.append(_check(question, form, "pass", f"d/dx {text}"))
        for mistake in _mistakes(f, d):
            parsed = sp.sympify(mistake.replace("^", "**"), locals={"e": sp.E, "x": X})
            if not _differs(parsed, d, lo, hi):
                continue  # not a mistake for this function (sympy says it is equal)
            CLASS_COUNTS["classic mistake fails"] += 1
            problems.append(_check(question, mistake, "fail", f"d/dx {text}"))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
    assert CLASS_COUNTS["equivalent form passes"] >= 150 and CLASS_COUNTS["classic mistake fails"] >= 100


NUMBERS = ["3*sqrt(2)/2 + 4*pi", "e^2", "-1/e", "ln(10)", "sqrt(27)", "pi/6", "24.04", "12.02", "-7.389",
           "2^10 * 5", "1000^2", "7/3", "-3/4", "0.002", "100*sin(1)", "atan(2)", "e^pi - pi^e", "1/7",
           "123456/100", "-2.5e0".replace("e0", "")]


def _sig(value: float, n: int) -> str:
    return f"{value:.{n}g}" if abs(value) >= 1e-3 else f"{value:.{n}f}"


def test_numbers_exact_rounded_and_wrong() -> None:
    problems = []
    for text in NUMBERS:
        question = _number_quiz(text)
        exact = sp.sympify(text.replace("^", "**"), locals={"e": sp.E, "atan": sp.atan, "ln": sp.log})
        value = float(sp.N(exact, 30))
        whole = exact.is_integer
        CLASS_COUNTS["number: exact form passes"] += 1
        problems.append(_check(question, text, "pass", text))
        if whole:
            for off in (1, -1, 5):
                CLASS_COUNTS["number: whole number off by a little fails"] += 1
                problems.append(_check(question, str(int(value) + off), "fail", text))
            continue
        for n in (4, 5, 6):  # correctly rounded to n significant figures
            rounded = float(sp.Float(value, 30).evalf(n))
            typed = repr(rounded) if "e" not in repr(rounded) else f"{rounded:.{n + 3}f}".rstrip("0")
            if abs(rounded - value) > 0.5 * 10 ** (math.floor(math.log10(abs(value))) - n + 1):
                continue
            CLASS_COUNTS["number: correctly rounded decimal passes"] += 1
            problems.append(_check(question, typed, "pass", text))
        wrongs = [str(-value)] if value else []
        step = 10 ** (math.floor(math.log10(abs(value))) - 2)  # off by 3 in the third figure
        wrongs.append(repr(round(value + 3 * step, 12)))
        for typed in wrongs:
            CLASS_COUNTS["number: wrong value fails"] += 1
            problems.append(_check(question, typed, "fail", text))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
    assert len([k for k in CLASS_COUNTS if k.startswith("number:")]) == 4
    assert sum(v for k, v in CLASS_COUNTS.items() if k.startswith("number:")) >= 100


SLIPS = [
    ("number", "2/1000", ["2e-3", "2E-3", "2.0e-3"]),
    ("number", "5120", ["5 120", "5 120.0"]),
    ("number", "1234567", ["1 234 567"]),
    ("number", "3", ["9^9^9^9^9", "1/0", "ln(0)", "x", "z + 1", "[1, 2]", "diff(3x, x)", "3 <", "((3",
                     "3 == 3", "√", "sin()"]),
    ("vector", "[1, -2]", ["[1 -2]", "[1, -2, 3", "1", "[[1, -2]]", "[1e-3, 2]", "[x, 1]"]),
    ("matrix", "[[1, 2], [3, 4]]", ["[1, 2, 3, 4]", "[[1, 2], [3, 4]", "7"]),
    ("expression", "diff(sin(x^2), x)", ["d/dx(sin(x^2))", "d/dx sin(x^2)", "dy/dx = 2x cos(x^2)",
                                         "2 x cos(x^2) + z", "9^9^9^9^9 x", "2x cos(x^2", "x ≤ 1",
                                         "1.4142 x cos(x^2) * 1.4142"]),
    ("expression", "sqrt(2) x + x^2/3", ["1.4142x + x^2/3", "1.41421 x + 0.33333 x^2", "1.414 x + x^2/3"]),
]


def test_slips_of_notation_are_never_counted() -> None:
    problems = []
    for kind, answer, typed_list in SLIPS:
        question = _number_quiz(answer, kind=kind) if kind != "expression" else instantiate(
            QuizSpec(id="corpus", kind=kind, ask="?", location=HERE, answer=answer, rtol=1e-6, atol=1e-9), 0)
        for typed in typed_list:
            CLASS_COUNTS["slip not counted"] += 1
            problems.append(_check(question, typed, "not counted", answer))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
    assert CLASS_COUNTS["slip not counted"] >= 35


@pytest.mark.parametrize("answer", ["[-12.6, -e^2, 0]", "[sqrt(2), pi, -1/3]"])
def test_rounding_per_entry_against_sympy(answer: str) -> None:
    question = _number_quiz(answer, kind="vector")
    exact = [float(sp.N(sp.sympify(t, locals={"e": sp.E}), 30)) for t in answer.strip("[]").split(",")]
    texts = [t.strip() for t in answer.strip("[]").split(",")]
    problems = []
    for i, value in enumerate(exact):  # one entry rounded, the others exact
        for n in (3, 4, 5):
            typed = texts.copy()
            typed[i] = f"{float(sp.N(value, n)):.{max(n - 1 - math.floor(math.log10(abs(value))), 0)}f}" \
                if value else "0.0"
            CLASS_COUNTS["vector: entry rounded among exact entries passes"] += 1
            problems.append(_check(question, "[" + ", ".join(typed) + "]", "pass", answer))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)

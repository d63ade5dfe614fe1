"""The derivation trace (`author.explain`, `engine.steps`): every step is a true equality, the last line is
the engine's own answer, nothing repeats, and it reads in a few lines.

Each step is checked numerically without the rule table: a derivative step `d/dx node = after` against a
Richardson-extrapolated central difference of `node` (the evaluator only), any other step by evaluating
`before` and `after` at the same random points. Random trees also meet sympy as the oracle of the result.
"""

from __future__ import annotations

import statistics
from fractions import Fraction
from functools import cache

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mfml_tui import paths
from mfml_tui.course import load
from mfml_tui.engine import build as b
from mfml_tui.engine import compute, diff, evaluate, parse, to_unicode
from mfml_tui.engine.author import explain
from mfml_tui.engine.calculus import reassemble, substitute
from mfml_tui.engine.steps import render, to_json
from mfml_tui.engine.trace import AGAIN, Step
from mfml_tui.engine.tree import Call, Mul, Num, Sym, free_symbols, walk
from mfml_tui.quiz import instantiate
from mfml_tui.quiz import params as qparams
from mfml_tui.quiz.derivation import derivation, derives

from .oracle import SYMS, to_sympy

SEEDS = range(20)
DERIVATIVE_RULES = {"constant", "variable", "sum", "constant-multiple", "product", "power", "chain",
                    "exponential", "general-power"}


def _values(e, env) -> np.ndarray:
    """Values at the points (the points along the last axis, a vector's entries first)."""
    n = len(next(iter(env.values())))
    with np.errstate(all="ignore"):
        v = np.asarray(evaluate(e, env), dtype=float)
    return v[..., None] * np.ones(n) if v.shape[-1:] != (n,) else v


def _env(names, rng, n=4) -> dict[str, np.ndarray]:
    return {v: rng.uniform(0.3, 1.6, n) for v in sorted(names)}


def _derivative_numeric(node, x: str, env: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(estimate, trust): central differences at h and h/2 combined by Richardson; trusted where the two
    agree (the function is smooth there)."""
    p = env[x]

    def f(at):
        return _values(node, {**env, x: at})

    h = 1e-3
    d1 = (f(p + h) - f(p - h)) / (2 * h)
    d2 = (f(p + h / 2) - f(p - h / 2)) / h
    rich = (4 * d2 - d1) / 3
    trust = np.isfinite(rich) & (np.abs(d1 - d2) <= 1e-3 * np.maximum(1, np.abs(d2)))
    return rich, trust


def check_step(step: Step, rng) -> int:
    """Assert `before = after` numerically for this step; the number of points it was checked at."""
    before, after = step.before, step.after
    if isinstance(before, Call) and before.name == "diff" and step.node is not None and len(before.args) == 2:
        names = free_symbols(step.node) | free_symbols(after) | {step.var}
        env = _env(names, rng)
        want, trust = _derivative_numeric(step.node, step.var, env)
        got = _values(after, env)
        ok = trust & np.isfinite(got)
        assert np.allclose(got[ok], want[ok], rtol=1e-6, atol=1e-6), (step.rule, to_unicode(before),
                                                                       to_unicode(after))
        return int(ok.sum())
    if any(isinstance(n, Call) for n in walk(before)):
        return 0  # an operation (grad, at, taylor, …): checked through its sub-steps and its result
    names = free_symbols(before) | free_symbols(after)
    env = _env(names, rng) if names else {"_": np.zeros(4)}
    got, want = _values(after, env), _values(before, env)
    ok = np.isfinite(got) & np.isfinite(want)
    assert np.allclose(got[ok], want[ok], rtol=1e-9, atol=1e-9), (step.rule, to_unicode(before),
                                                                   to_unicode(after))
    return int(ok.sum())


def check_tree(root: Step, rng) -> tuple[int, int]:
    """(steps, steps checked at one point or more); also: no derivation appears twice."""
    seen = set()
    checked = total = 0
    for step in root.walk():
        total += 1
        checked += check_step(step, rng) > 0
        if step.rule not in ("tidy", "variable", "constant") and step.note != AGAIN:
            assert (step.rule, step.before) not in seen, f"repeated: {to_unicode(step.before)}"
            seen.add((step.rule, step.before))
        for kid in step.steps:
            if kid.note != AGAIN:
                assert kid.before != step.before or kid.rule == "tidy"
    return total, checked


@cache
def derived_quizzes():
    course = load(paths.bundled_lessons())
    return [q for lesson in course.lessons for q in lesson.quizzes
            if q.kind != "choice" and q.answer and derives(q.answer)]


def test_the_course_has_many_derived_quizzes() -> None:
    assert len(derived_quizzes()) >= 100


def _params(spec, seed: int) -> dict[str, float]:
    """The seed's numbers for a quiz, drawn as `quiz.question.build` draws them (its first stream)."""
    specs = [qparams.parse_param(name, text) for name, text in spec.params.items()]
    return qparams.draw(specs, np.random.default_rng(seed), spec.where).values


@pytest.mark.slow
def test_every_step_of_every_course_quiz_is_true_and_ends_on_the_engine_answer() -> None:
    """All bundled quizzes whose answer the engine derives × 20 seeds."""
    rng = np.random.default_rng(17)
    total = checked = 0
    for spec in derived_quizzes():
        for seed in SEEDS:
            params = _params(spec, seed)
            value, root = explain(spec.answer, params)
            assert root.after == value.expr == compute(spec.answer, params).expr, spec.id
            t, c = check_tree(root, rng)
            total, checked = total + t, checked + c
            text = render(root, 80)
            assert all(len(line) <= 80 for line in text.splitlines()), spec.id
            last = render(root, 10_000).splitlines()[-1]  # the last line, unwrapped
            assert f"= {to_unicode(root.after)}" in last, (spec.id, last)
    assert checked >= 0.5 * total, (checked, total)


def test_a_question_shows_the_derivation_of_its_own_answer() -> None:
    """What the quiz card shows: the derivation ends on the very tree the grader compares with."""
    for spec in derived_quizzes()[::7]:
        question = instantiate(spec, 3)
        root = derivation(question)
        assert root is not None and root.after == question.expected.expr, spec.id


def test_the_last_line_is_the_engine_result() -> None:
    for text in ["diff(sin(x^2)*e^(3x), x)", "at(grad(x^2 y, [x, y]), x=1, y=2)", "diff(x^3 cos(x), x, 3)",
                 "taylor(exp(x) sin(x), x, 0, 4)", "hessian(x^3 y + x + 2y, [x, y])"]:
        value, root = explain(text)
        assert root.after == value.expr == compute(text).expr
        last = render(root, 80).splitlines()[-1]
        assert last.split("=")[-1].split(" — ")[0].strip() == value.text


def test_rules_are_named_in_the_course_vocabulary() -> None:
    _, root = explain("diff(sin(x^2)*e^(3x) + 4x^3 + ln(x) + 1/x + sqrt(x), x)")
    rules = {s.rule for s in root.walk()}
    assert {"sum", "product", "chain", "power", "constant-multiple", "sin", "exp", "ln", "tidy"} <= rules
    chain = next(s for s in root.walk() if s.rule == "chain" and s.node == parse("sin(x^2)"))
    assert chain.note == "u = x²"
    outer, inner = chain.steps[0], chain.steps[1]
    assert (outer.rule, to_unicode(outer.before), to_unicode(outer.after)) == ("sin", "diff(sin(u), u)",
                                                                               "cos(u)")
    assert inner.before == Call("diff", (parse("x^2"), Sym("x"))) and inner.after == parse("2x")
    text = render(root, 80)
    assert "product rule" in text and "chain rule, u = x²" in text and "quotient" not in text
    assert "1/u = u⁻¹" in text  # the course's way of dividing


def test_division_is_a_product_with_a_negative_power() -> None:
    _, root = explain("diff(sin(x)/x, x)")
    assert root.rule == "product" and "a/b = a·b⁻¹" in root.note


def test_partial_derivatives_hold_the_other_variables_constant() -> None:
    _, root = explain("diff(x^2 y^3 + sin(y), x)")
    text = render(root, 80)
    assert text.startswith("∂/∂x")
    assert "y held constant" in text
    constants = [s for s in root.walk() if s.rule == "constant"]
    assert any(s.node == parse("sin(y)") and s.after == Num(0) for s in constants)


def test_product_rule_for_three_factors() -> None:
    _, root = explain("diff(x^4 e^(2x) cos(x), x)")
    assert root.rule == "product" and "3 factors" in root.note
    assert [s.rule for s in root.steps if s.rule != "tidy"] == ["power", "chain", "cos"]


def test_operations_show_their_parts() -> None:
    _, root = explain("diff(x^3 sin(x), x, 3)")
    assert root.rule == "order" and len(root.steps) == 3
    _, root = explain("hessian(x^2 y + sin(y), [x, y])")
    assert root.rule == "hessian" and len(root.steps) == 2 + 4
    _, root = explain("jacobian([x y, x + y], [x, y])")
    assert root.rule == "jacobian" and len(root.steps) == 4
    _, root = explain("taylor(exp(x) sin(x), x, 0, 3)")
    coefficients = [s for s in root.steps if s.rule == "taylor-coefficient"]
    assert [to_unicode(s.after) for s in coefficients] == ["0", "1", "1", "1/3"]
    text = render(root, 80)
    assert "f⁽ᵏ⁾(0)/k!" in text and text.splitlines()[-1].strip() == "= x + x² + x³/3"
    _, root = explain("at(diff(x^3, x), x=2)")
    assert root.rule == "result" and [s.rule for s in root.steps] == ["power", "at"]
    assert "substitute x = 2" in render(root, 80)


def test_tidying_is_one_line() -> None:
    _, root = explain("diff(x^3 cos(x), x)")
    tidy = [s for s in root.steps if s.rule == "tidy"]
    assert len(tidy) == 1 and to_unicode(tidy[0].before) == "3·x²·cos(x) + x³·(−sin(x))"
    lines = render(root, 80).splitlines()
    assert lines[-1].endswith("— tidy") and sum("tidy" in line for line in lines) == 1


def test_a_derivation_met_again_says_as_above() -> None:
    _, root = explain("diff(x^2 sin(x) + e^(x^2 sin(x)), x)")
    again = [s for s in root.walk() if s.note == AGAIN]
    assert again and not again[0].steps
    assert "as above" in render(root, 200)


def test_text_wraps_with_hanging_indent_and_ascii() -> None:
    _, root = explain("diff(sin(2x^5 + 3x) e^(-7x) (x^2 + 1)^3, x)")
    for width in (80, 60, 40):
        lines = render(root, width).splitlines()
        assert all(len(line) <= width for line in lines)
    text = render(root, 80, ascii_only=True)
    assert text.isascii() and "product rule" in text and "*" in text


def test_json_tree_parses_back() -> None:
    _, root = explain("diff(sin(x^2)*e^(3x), x)")
    tree = to_json(root)
    assert set(tree) == {"rule", "before", "after", "note", "steps"}

    def walk(node):
        yield node
        for kid in node["steps"]:
            yield from walk(kid)

    for node in walk(tree):
        for key in ("before", "after"):
            text = node[key]
            assert parse(text) is not None  # the maths language reads every expression back


def test_plain_differentiation_builds_no_steps() -> None:
    from mfml_tui.engine import calculus

    assert calculus.current_trace() is None
    assert diff(parse("sin(x^2)"), "x") == explain("diff(sin(x^2), x)")[1].after


def test_typical_course_derivations_are_short() -> None:
    """Chain inside a product (the course's typical quiz): at most 12 lines at 80 columns."""
    counts = []
    for spec in derived_quizzes():
        tree = parse(spec.answer)
        if not (isinstance(tree, Call) and tree.name == "diff" and len(tree.args) == 2):
            continue
        operand, x = tree.args[0], tree.args[1].name
        if not (isinstance(operand, Mul) and any(_has_chain(f) for f in operand.factors)
                and sum(x in free_symbols(f) for f in operand.factors) >= 2):
            continue
        for seed in range(5):
            root = derivation(instantiate(spec, seed))
            counts.append(len(render(root, 80).splitlines()))
    assert counts and max(counts) <= 12, counts
    assert statistics.median(counts) <= 8


def _has_chain(e) -> bool:
    from mfml_tui.engine.tree import Func, Pow

    if isinstance(e, Func):
        return not isinstance(e.arg, Sym)
    return isinstance(e, Pow) and not isinstance(e.base, Sym) and bool(free_symbols(e.base))


# ── random trees (hypothesis), sympy as the oracle of the result ────────────────────────────────────

SAFE_FUNCS = ["sin", "cos", "exp", "tanh", "sigmoid", "arctan"]
LEAVES = st.one_of(
    st.sampled_from([Sym("x"), Sym("y")]),
    st.integers(-5, 5).map(b.num),
    st.fractions(min_value=-3, max_value=3, max_denominator=4).map(b.num),
)


def _extend(children):
    return st.one_of(
        st.tuples(children, children).map(lambda p: b.add(*p)),
        st.tuples(children, children).map(lambda p: b.mul(*p)),
        st.tuples(children, st.integers(-2, 4)).map(lambda p: b.power(p[0], b.num(p[1]))),
        st.tuples(st.sampled_from(SAFE_FUNCS), children).map(lambda p: b.func(p[0], p[1])),
        children.map(lambda c: b.func("ln", b.add(b.power(c, b.num(2)), b.num(1)))),
        children.map(lambda c: b.power(b.add(b.power(c, b.num(2)), b.num(1)), b.num(Fraction(1, 2)))),
    )


TREES = st.recursive(LEAVES, _extend, max_leaves=8)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES, st.sampled_from(["x", "y"]), st.integers(0, 2**32 - 1))
def test_random_trees_every_step_true_and_result_matches_sympy(tree, var, seed) -> None:
    rng = np.random.default_rng(seed)
    value, root = explain(Call("diff", (tree, Sym(var))))
    assert root.after == diff(tree, var)
    check_tree(root, rng)
    point = {"x": 0.7, "y": -0.4}
    theirs = to_sympy(tree)
    if theirs.has(sp.zoo, sp.nan, sp.oo, -sp.oo):  # 0⁻² in the tree: nothing to compare
        return
    want = sp.diff(theirs, SYMS[var])
    got = evaluate(root.after, point) if free_symbols(root.after) else evaluate(root.after)
    exact = complex(want.subs({SYMS[k]: sp.Float(v, 30) for k, v in point.items()}).evalf(30))
    if np.isfinite(got) and abs(exact.imag) < 1e-9 and np.isfinite(exact.real):
        assert got == pytest.approx(exact.real, rel=1e-9, abs=1e-9), to_unicode(root.after)
    assert substitute(root.after, {}) == root.after


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TREES, st.sampled_from(["x", "y"]))
def test_each_derivative_step_reassembles_from_its_parts(tree, var) -> None:
    """The hook for injecting a mistake at one node: a step put together again from its sub-steps' results
    by its own rule is its result."""
    _, root = explain(Call("diff", (tree, Sym(var))))
    points = np.array([0.4, 0.9, 1.3])
    for step in root.walk():
        if step.node is None or step.rule == "tidy" or step.note == AGAIN:
            continue
        again = reassemble(step)
        env = {v: points + 0.1 * k for k, v in enumerate(sorted(free_symbols(step.after) | free_symbols(again)
                                                                | {"x"}))}
        with np.errstate(all="ignore"):
            want, got = _values(step.after, env), _values(again, env)
        ok = np.isfinite(want) & np.isfinite(got)
        assert np.allclose(got[ok], want[ok], rtol=1e-9, atol=1e-9), (step.rule, to_unicode(step.before))


def test_a_mistake_injected_at_one_node_changes_the_result_through_the_rules() -> None:
    """What mistake diagnosis will do: d(sin) = −cos at the chain's outer rule, everything else right."""
    from dataclasses import replace

    _, root = explain("diff(x^2*sin(3x), x)")
    chain = next(s for s in root.steps if s.rule == "chain")
    wrong_outer = replace(chain.steps[0], after=parse("-cos(u)"))
    wrong_chain = replace(chain, steps=(wrong_outer, *chain.steps[1:]))
    wrong_chain = replace(wrong_chain, after=reassemble(wrong_chain))
    assert to_unicode(wrong_chain.after) == "−3·cos(3·x)"
    wrong_root = replace(root, steps=tuple(wrong_chain if s is chain else s for s in root.steps))
    assert to_unicode(reassemble(wrong_root)) == "2·x·sin(3·x) − 3·x²·cos(3·x)"

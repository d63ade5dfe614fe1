"""`lessons check` round 8 (issue 20): work a distinct draw does not need, left out; counted, not timed.

Each test counts calls the old code made (it fails there) and checks the result against the uncut path
(a reference copy of it here, or the same call with the cut undone)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mfml_tui import paths
from mfml_tui.course import load
from mfml_tui.engine import author, calculus, compute, parse
from mfml_tui.engine.tree import Call, Const, Num, Sym, has_call

from .test_engine_parse import _LEAVES, _branches

_fresh = itertools.count(8001)


def _old_resolve(expr):
    """`author.resolve` before round 8: every node rebuilt through the builders, operations or not."""
    if isinstance(expr, (Num, Sym, Const)):
        return expr
    if isinstance(expr, Call):
        args = tuple(_old_resolve(a) for a in expr.args)
        kwargs = {k: _old_resolve(v) for k, v in expr.kwargs}
        return author.OPERATIONS[expr.name](*args, **kwargs)
    return calculus.rebuild(expr, [_old_resolve(c) for c in expr.children()])


def _spy_rebuild(monkeypatch) -> list[str]:
    """Who rebuilt a node: the substitution of the parameters or `resolve` (the caller's name)."""
    import sys

    seen: list[str] = []
    original = calculus.rebuild

    def spy(e, kids):
        seen.append(sys._getframe(1).f_code.co_name)
        return original(e, kids)

    monkeypatch.setattr(calculus, "rebuild", spy)
    monkeypatch.setattr(author.calc, "rebuild", spy)
    return seen


def test_a_formula_without_operations_is_built_once_not_again_by_resolve(monkeypatch):
    """`{= 2*a*x + b}` with drawn numbers: substituting them builds the tree; resolving it (no `diff`,
    no `at`) rebuilt every node a second time through the builders, for the same tree."""
    seen = _spy_rebuild(monkeypatch)
    a = next(_fresh)
    value = compute("2*a*x^2 + b*x - c/3", {"a": a, "b": -7, "c": 5})
    assert "resolve" not in seen
    assert seen.count("_subst") > 0  # the numbers are still put in through the builders
    tree = calculus.substitute(parse("2*a*x^2 + b*x - c/3"), {"a": a, "b": -7, "c": 5})
    assert value.expr == tree == _old_resolve(tree)
    assert author.resolve(tree) is tree


def test_only_the_nodes_above_an_operation_are_rebuilt_around_its_result(monkeypatch):
    seen = _spy_rebuild(monkeypatch)
    text = "at(diff(a*x^3 + b*x, x), x=p) + 2*q*y - q"
    params = {"a": next(_fresh), "b": 3, "p": 2, "q": -1}
    value = compute(text, params)
    # resolve rebuilds the sum holding at(…) once; 2·q·y − q (no operation) is left as substituted
    assert seen.count("resolve") == 1
    tree = calculus.substitute(parse(text), params)
    with calculus.work_budget():
        old = _old_resolve(tree)
    assert author._strict(value.expr) == author._strict(old)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(_LEAVES, _branches, max_leaves=10))
def test_the_builders_give_back_what_they_made(tree):
    """What the cut relies on: a tree the builders made is built again to the very same tree (numbers
    of the same type and repr), so leaving it as it is changes nothing."""
    again = calculus.simplify(tree)
    assert author._strict(again) == author._strict(tree)
    assert not has_call(tree)


def test_every_bundled_formula_resolves_as_before():
    """Every answer, mistake, option and `{= …}` placeholder of the bundled course, with its seed-0
    numbers: resolved with Call-free subtrees left alone = every node rebuilt (numbers' types and reprs
    included, so the printed form is the same)."""
    from mfml_tui.quiz.question import drawn_numbers
    from mfml_tui.quiz.render import placeholders

    compared = 0
    for spec in (q for lesson in load(paths.bundled_lessons()).lessons for q in lesson.quizzes):
        try:
            draw, _ = drawn_numbers(spec, 0)
        except Exception:  # noqa: BLE001 — `same` quizzes and the like: their own seed-0 numbers
            continue
        texts = [spec.answer or "", *(m.answer for m in spec.mistakes), *spec.answers]
        texts += list(spec.choices) if spec.expression_choices else []
        for source in (spec.ask, spec.solution, *spec.hints, *(m.says for m in spec.mistakes)):
            texts += [ph.expr for ph in placeholders(source or "")[0] if ph.expr]
        for text in filter(None, texts):
            try:
                tree = parse(text)
                tree = calculus.substitute(tree, {k: v for k, v in draw.values.items()})
                with calculus.work_budget():
                    old = author._strict(_old_resolve(tree))
            except Exception:  # noqa: BLE001 — what cannot be computed is the check's business
                continue
            with calculus.work_budget():
                assert author._strict(author.resolve(tree)) == old, text
            compared += 1
    assert compared > 1000


# ------------------------------------------------------------------------------ smaller costs per draw
def test_a_seeds_generator_comes_from_a_remembered_seed_sequence():
    """Each quiz makes a generator per seed (and stream); hashing the seed into a seed sequence was
    most of the cost, the same for every quiz. Made once per (seed, stream), the generators are still
    `default_rng`'s bit for bit."""
    import numpy as np

    from mfml_tui.quiz import question

    question._seed_sequence.cache_clear()
    for _quiz in range(3):
        for seed in range(12):
            for stream in (0, 1, 1003):
                got = question._rng(seed, stream)
                want = np.random.default_rng([seed, stream]) if stream else np.random.default_rng(seed)
                assert got.bit_generator.state == want.bit_generator.state
                assert list(got.permutation(9)) == list(want.permutation(9))
    assert question._seed_sequence.cache_info().misses == 12 * 3


def test_an_operations_arguments_are_bound_once_per_shape(monkeypatch):
    """Each operation call bound its arguments to the operation's signature; whether they bind depends
    only on how many are positional and which are named, so each shape is bound once."""
    import pytest

    from mfml_tui.engine import EngineError

    from .test_lessons_check_reuse import _count

    bound = _count(monkeypatch, author, "_check_signature")
    for a in range(6):
        compute(f"diff({next(_fresh)}*x^{a + 2}, x)")
        compute(f"at(x^{a + 2}, x={next(_fresh)})")
    assert bound[0] <= 2  # diff(e, x) and at(e, x=…): none if an earlier test bound them already
    for _ in range(2):
        with pytest.raises(EngineError, match=r"diff\(…\) takes: "):
            compute("diff(x^2, x, 1, 2, 3)")  # a shape that does not bind is refused every time
    assert compute("diff(x^3, x, 2)").text == compute("6*x").text


def test_a_number_is_evaluated_without_setting_numpy_state(monkeypatch):
    """Most computed answers and every typed number are a single number: its float needs no numpy
    error state (entering and leaving it cost more than the number)."""
    from fractions import Fraction

    import numpy as np

    from mfml_tui.engine import evaluate

    from .test_lessons_check_reuse import _count

    entered = _count(monkeypatch, np, "errstate")
    values = [evaluate(Num(v)) for v in (3, Fraction(-7, 4), 2.5, 10**400, -(10**400), -0.0)]
    assert entered[0] == 0
    assert values[:5] == [3.0, -1.75, 2.5, float("inf"), float("-inf")]
    assert all(type(v) is float for v in values) and str(values[5]) == "-0.0"
    assert evaluate(parse("x^2"), {"x": 3.0}) == 9.0 and entered[0] == 1  # anything else: as before


def test_a_placeholder_is_read_once_not_per_draw():
    """A text is filled for every distinct draw; reading its `{…}` (format, style, name) again each
    time, for every draw. Errors are still raised every time."""
    import pytest

    from mfml_tui.quiz import render

    render.parse_placeholder.cache_clear()
    text = "Find f′({+a}) for f(x) = {a}x² {+b}x: {= 2*a*b :.2f} and {(b)}."
    for a in range(1, 13):
        render.fill(text, {"a": a, "b": -a}, {}, lambda e, v, f: "0")
    assert render.parse_placeholder.cache_info().misses == 5  # one per placeholder, not per draw
    for _ in range(2):
        with pytest.raises(ValueError, match="not a placeholder"):
            render.parse_placeholder("2a")


def test_a_formula_without_operations_is_not_searched_for_one_per_draw(monkeypatch):
    """Whether a text has an operation is known from its parsed tree (parsing is remembered); the tree
    with a draw's numbers put in is new for every draw, and looking through it again found nothing."""
    from mfml_tui.engine import tree

    text = "2*a*x^2 + b*x - c/3 + sin(a*x)"
    compute(text, {"a": 1, "b": 2, "c": 3})  # the parsed tree has been looked through
    looked: list[object] = []
    original = tree._calls

    def spy(e, kids):
        looked.append(e)
        return original(e, kids)

    monkeypatch.setattr(tree, "_calls", spy)
    for a in range(6):
        params = {"a": next(_fresh), "b": -a, "c": 5}
        value = compute(text, params)
        assert looked == []
        assert author._strict(value.expr) == author._strict(calculus.substitute(parse(text), params))
    assert compute("at(diff(a*x^3, x), x=p)", {"a": next(_fresh), "p": 2}).kind == "number"
    assert compute("2*q + x", {"q": parse("diff(x^2, x)")}).text == compute("2*(2*x) + x").text

"""`lessons check` reuses work across seeds (issue 20) without changing what any seed gives.

The engine remembers `compute` results per text and parameter values, operation results per arguments,
and filled texts per draw; the check reads the mistake verdicts `instantiate` already graded. Each
test below fails if the reuse is missing (counted calls) or if it changes a result (compared with
remembering switched off)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from mfml_tui import paths
from mfml_tui.course import load
from mfml_tui.course.check import check, check_quiz
from mfml_tui.engine import EngineError, author, calculus, compute, malrules, parser, printing, to_ascii
from mfml_tui.engine.tree import Add, Expr, Mul, Num, Sym, walk
from mfml_tui.quiz import grading, instantiate
from mfml_tui.quiz import params as qparams
from mfml_tui.quiz import question as qquestion

from .test_course_loader import EXAMPLES, make_course
from .test_lessons_check import quiz


@pytest.fixture
def forgetful(monkeypatch):
    """Remembering switched off: every cache keeps nothing (the path before issue 20's round 4)."""
    def off() -> None:
        for memo in (author._COMPUTED, author._RESOLVED, qquestion._RENDERED, printing._PRINTED):
            monkeypatch.setattr(memo, "limit", 0)
        forget()
    return off


def forget() -> None:
    for module, name in ((author, "_COMPUTED"), (author, "_RESOLVED"), (qquestion, "_RENDERED"),
                         (printing, "_PRINTED")):
        getattr(module, name, {}).clear()


def _count(monkeypatch, module, name: str) -> list[int]:
    calls = [0]
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_an_answers_derivative_is_worked_once_across_seeds(tmp_path, monkeypatch):
    """The derivative does not depend on the drawn point: 12 seeds differentiate once, not 12 times."""
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "number"
ask = "Slope of x³·sin(x) at x = {a}?"
params = { a = "int 1..3" }
answer = "at(diff(x^3*sin(x), x), x=a)"
solution = "f′(x) = {= diff(x^3*sin(x), x)}, so f′({a}) = {= at(diff(x^3*sin(x), x), x=a) :.4f}."
''')})
    course = load(root, cache=False)
    (spec,) = course.lessons[0].quizzes
    forget()
    diffs = _count(monkeypatch, calculus, "diff")
    fills = _count(monkeypatch, qquestion, "fill")
    assert check_quiz(spec, 12) == []
    assert diffs[0] == 1
    assert fills[0] <= 2 * 3  # prompt and solution once per value of a (3 values), not per seed


def test_the_check_grades_each_declared_mistake_once_per_seed(tmp_path, monkeypatch):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "number"
ask = "f(x) = {a}x³; f′(1)?"
params = { a = "int 2..9" }
answer = "at(diff(a*x^3, x), x=1)"
mistakes = [{ answer = "a", says = "the power rule brings the 3 down" },
            { answer = "a*x^4/4", says = "differentiate, do not integrate" }]
''')})
    (spec,) = load(root, cache=False).lessons[0].quizzes
    graded: list[str] = []
    original = grading.grade

    def spy(question, answer):
        graded.append(str(answer))
        return original(question, answer)

    monkeypatch.setattr(grading, "grade", spy)
    import mfml_tui.course.check as checker

    monkeypatch.setattr(checker, "grade", spy)
    monkeypatch.setattr(checker, "REUSE_DRAWS", False)  # every seed checked (as an expression quiz's are)
    seeds = 6
    assert check_quiz(spec, seeds) == []
    # per seed: 2 mistakes typed in (instantiate's fairness check, read again by the check) + the answer
    assert len(graded) == 3 * seeds


def test_the_check_rounds_each_seeds_mistakes_once(tmp_path, monkeypatch):
    """Whether a mistake rounds to the answer is asked once per seed: `instantiate` already asked it
    of the draw it kept, and the check reads that (it asked twice before)."""
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "number"
ask = "f(x) = {a}x³; f′(1)?"
params = { a = "int 2..9" }
answer = "at(diff(a*x^3, x), x=1)"
mistakes = [{ answer = "a", says = "the power rule brings the 3 down" }]
''')})
    (spec,) = load(root, cache=False).lessons[0].quizzes
    import mfml_tui.course.check as checker
    import mfml_tui.quiz.draw as draw

    asked = [0]
    original = grading.a_mistake_rounds_to_the_answer

    def spy(question):
        asked[0] += 1
        return original(question)

    monkeypatch.setattr(draw, "a_mistake_rounds_to_the_answer", spy)
    monkeypatch.setattr(checker, "a_mistake_rounds_to_the_answer", spy)
    monkeypatch.setattr(checker, "REUSE_DRAWS", False)  # every seed checked (as an expression quiz's are)
    seeds = 6
    assert check_quiz(spec, seeds) == []
    assert asked[0] == seeds


def test_a_typed_text_is_read_once_whatever_the_seed(tmp_path, monkeypatch):
    """The grader reads the symbols a learner typed (`typed_symbols`) for every attempt; the check types
    the same answer back for every seed, so a text is tokenized once, not once per seed."""
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "expression"
ask = "d/dx of {a}x⁷ + 11x?"
params = { a = "int 2..3" }
answer = "diff(a*x^7 + 11*x, x)"
''')})
    (spec,) = load(root, cache=False).lessons[0].quizzes
    tokenized: list[str] = []
    original = parser.tokenize

    def spy(text):
        tokenized.append(text)
        return original(text)

    monkeypatch.setattr(parser, "tokenize", spy)
    seeds = 8
    assert check_quiz(spec, seeds) == []
    typed = [t for t in tokenized if "x^6" in t]  # the answer as the check types it: 14*x^6 + 11 …
    assert typed and max(typed.count(t) for t in set(typed)) <= 2  # parsed once, symbols read once


def test_a_tree_is_printed_once_per_object_and_equal_trees_keep_their_own_text(monkeypatch):
    printed = [0]
    original = printing.Printer.print

    def spy(self, e):
        printed[0] += 1
        return original(self, e)

    monkeypatch.setattr(printing.Printer, "print", spy)
    tree = Add((Mul((Num(3), Sym("x"))), Num(13)))
    assert {to_ascii(tree) for _ in range(5)} == {"3*x + 13"}
    assert printing.to_unicode(tree) == printing.to_unicode(tree) == "3·x + 13"
    assert printed[0] == 2  # once per printer, not once per call
    half, exact = Num(0.5), Num(Fraction(1, 2))
    assert half == exact  # equal nodes, but they do not print the same
    assert (to_ascii(half), to_ascii(exact), to_ascii(half)) == ("0.5", "1/2", "0.5")


def test_remembered_results_equal_fresh_ones_whatever_the_number_types():
    """2, 2.0 and Fraction(2) are equal nodes but not the same number: each draw gets its own result."""
    text = "diff(a*x^3/3 + x/a, x)"
    results = {}
    for a in (2, 2.0, Fraction(2), 2, -0.0, 0.0):
        forget()
        fresh = compute(text, {"a": a})
        results[(type(a), repr(a))] = fresh
    for a in (2, 2.0, Fraction(2), -0.0, 0.0, 2.0, 2):  # now from memory, in another order
        remembered = compute(text, {"a": a})
        fresh = results[(type(a), repr(a))]
        assert remembered.text == fresh.text and remembered.expr == fresh.expr
        kinds = [(type(n.value), repr(n.value)) for n in walk(remembered.expr) if isinstance(n, Num)]
        assert kinds == [(type(n.value), repr(n.value)) for n in walk(fresh.expr) if isinstance(n, Num)]


def test_a_remembered_array_cannot_be_changed_through_a_result():
    first = compute("grad(a*x^2*y, [x, y])", {"a": 3})
    first_again = compute("at(grad(a*x^2*y, [x, y]), x=1, y=2)", {"a": 3})
    first_again.value[0] = 99.0
    assert compute("at(grad(a*x^2*y, [x, y]), x=1, y=2)", {"a": 3}).value.tolist() == [12.0, 3.0]
    assert first.kind == "expression"


def test_a_mal_rule_is_never_answered_from_memory():
    text = "diff(sin(x^2), x)"
    right = compute(text)
    with malrules.mutating(None, "x", "chain-dropped"):
        wrong = compute(text)
    assert wrong.expr != right.expr
    assert compute(text).expr == right.expr  # and the slip was not remembered either


def test_the_work_budget_stops_a_remembered_derivative_as_it_stopped_a_fresh_one():
    product = "*".join(f"sin({i}*x + x^{i})" for i in range(1, 9))
    one = f"diff({product}, x, 3)"  # ≈ 17 700 nodes of work: under the budget alone, over it twice
    forget()
    compute(one)  # remembered, with its cost
    with pytest.raises(EngineError, match="too large"):
        compute(f"[{one}, {one}]")


def _shown(q) -> tuple:
    return (q.prompt, q.hints, q.solution, q.params, q.labels, q.answer_text, q.expected_text,
            tuple((c.label, c.text, c.correct, c.expr, c.says) for c in q.choices),
            tuple((to_ascii(v.expr), v.text, says) for v, says in q.mistakes),
            None if q.sample is None else (q.sample.expected.tolist(), sorted(q.sample.env)))


def test_questions_of_the_bundled_course_are_the_same_with_and_without_remembering(forgetful):
    """What a learner sees (texts, options, answer, mistakes, sample values) for every bundled quiz and
    a few seeds, built with warm memory, against the old path (nothing remembered)."""
    course = load(paths.bundled_lessons())
    specs = [q for lesson in course.lessons for q in lesson.quizzes]
    seeds = (0, 1, 7)
    forget()
    warm = {}
    for spec in specs:
        for seed in seeds:
            instantiate(spec, seed)  # a first draw fills the memory …
        for seed in seeds:
            warm[spec.id, seed] = _shown(instantiate(spec, seed))  # … and these come from it
    forgetful()
    for spec in specs:
        for seed in seeds:
            cold = _shown(instantiate(spec, seed))
            assert cold == warm[spec.id, seed], (spec.id, seed)


def _block(body: str) -> str:
    return "## S\n```quiz\n" + body.strip() + "\n```\n"


PLANTED = {"01-a.md": quiz('''
id = "q1"
kind = "number"
ask = "f(x) = {= a*x^n}; f'({x0})?"
params = { a = "int 2..9", n = "int 2..5", x0 = "choice -1 1" }
answer = "at(diff(a*x^n, x), x=x0)"
mistakes = [{ answer = "at(a*n*x^(n+1), x=x0)", says = "down, not up" }]
''') + _block('''
id = "q2"
kind = "number"
ask = "1/{a}?"
params = { a = "int 0..3" }
answer = "1/a"
''') + _block('''
id = "q3"
kind = "expression"
ask = "d/dx of {a}x⁴ − {b}x?"
params = { a = "int 1..3", b = "int -2..2" }
answer = "diff(a*x^4 - b*x, x)"
mistakes = [{ answer = "4*a*x^3", says = "the other term" }, { answer = "diff(a*x^4 - b*x, x)", says = "x" }]
''')}


def test_the_check_finds_the_same_planted_faults_with_and_without_remembering(tmp_path, forgetful):
    root = make_course(tmp_path, PLANTED)
    forget()
    warm = [check(root, seeds=20, jobs=1).text() for _ in range(2)]  # the second from warm memory
    forgetful()
    cold = check(root, seeds=20, jobs=1).text()
    assert warm[0] == warm[1] == cold
    assert "equals the answer" in cold and "not finite" in cold
    example_warm = check(EXAMPLES, seeds=10, jobs=1).text()
    assert example_warm.endswith("all good")


def test_remembering_is_bounded():
    forget()
    for a in range(author._COMPUTED.limit + 50):
        compute("diff(a*x^2, x)", {"a": a})
    assert len(author._COMPUTED) == author._COMPUTED.limit
    assert len(author._RESOLVED) <= author._RESOLVED.limit
    assert np.isfinite(compute("at(diff(a*x^2, x), x=1)", {"a": 5}).value)


def test_memory_shared_by_threads_stays_consistent():
    import threading

    from mfml_tui.engine.memo import Memo

    memo: Memo[int] = Memo(8)
    errors: list[BaseException] = []

    def hammer(offset: int) -> None:
        try:
            for i in range(3000):
                key = (i + offset) % 13
                found = memo.get(key)
                assert found is None or found == key * 2
                memo.put(key, key * 2)
        except BaseException as exc:  # noqa: BLE001 — any error in a thread fails the test
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(memo) <= 8


def _rebuilt_everywhere(e, values):
    """`substitute` before issue 20's round 5: every node rebuilt through the builders, whether or not
    a parameter sits below it (the reference the shortcut must equal)."""
    if isinstance(e, Sym):
        return values.get(e.name, e)
    if not e.children():
        return e
    return calculus.rebuild(e, [_rebuilt_everywhere(c, values) for c in e.children()])


def test_substitute_leaves_what_holds_no_parameter_and_equals_a_full_rebuild():
    """Putting the drawn numbers in rebuilds only the paths down to a parameter (the rest is already as
    the builders make it): the same trees, number types included, as rebuilding every node, for every
    text of every bundled quiz (answers, mistakes, `{= …}` placeholders) on two draws."""
    from mfml_tui.engine import build, parse
    from mfml_tui.quiz.render import placeholders

    tree = parse("sin(x^2 + 1) + a*x")
    (untouched,) = [t for t in tree.terms if not isinstance(t, Mul)]
    put = calculus.substitute(tree, {"a": 3})
    assert any(t is untouched for t in put.terms)  # the sine is the very same object, not rebuilt
    course = load(paths.bundled_lessons())
    compared = 0
    for spec in (q for lesson in course.lessons for q in lesson.quizzes):
        texts = [spec.answer or "", *(m.answer for m in spec.mistakes)]
        for source in (spec.ask, spec.solution or "", *spec.hints):
            texts += [ph.expr for ph in placeholders(source)[0] if ph.expr]
        specs = [qparams.parse_param(name, text) for name, text in spec.params.items()]
        for seed in (0, 1):
            params = qparams.draw(specs, qquestion._rng(seed), spec.where).values if specs else {}
            values = {k: (v if isinstance(v, Expr) else build.num(v)) for k, v in params.items()}
            for text in filter(None, texts):
                expr = parse(text)
                got = calculus.substitute(expr, dict(params))
                want = _rebuilt_everywhere(expr, values) if values else expr
                assert author._strict(got) == author._strict(want), (spec.id, seed, text)
                compared += 1
    assert compared > 1000


def test_an_operations_signature_is_read_once_not_per_call(monkeypatch):
    """Every operation call checks its arguments against the operation's signature; reading the signature
    (`inspect.signature`) each time was 3 % of `lessons check`. It is read once per operation, and a
    wrong call is still refused with what the operation takes."""
    import inspect

    compute("diff(x^2, x)")  # diff has been called (its signature read) at least once
    read = _count(monkeypatch, inspect, "signature")
    for a in range(5):
        compute(f"diff(x^{a + 3}, x)")
    assert read[0] == 0
    with pytest.raises(EngineError, match=r"diff\(…\) takes: "):
        compute("diff(x^2, x, 1, 2, 3)")

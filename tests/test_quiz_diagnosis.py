"""Automatic diagnosis: a wrong derivative that equals the right one with a single classic slip is named
(rule and place), after the author's declared mistakes; right answers and unrelated wrong answers never
are. The slips come from the same rule table as the answer (engine.malrules, engine.diagnosis)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from mfml_tui.course import load
from mfml_tui.engine import parse, to_ascii
from mfml_tui.engine.diagnosis import candidates
from mfml_tui.engine.malrules import MALRULES
from mfml_tui.quiz import grade, instantiate


def _quiz(tmp_path: Path, block: str):
    week = tmp_path / "1-w"
    week.mkdir(parents=True)
    (tmp_path / "course.toml").write_text('title = "T"\nweeks = ["1-w"]\n')
    (week / "week.toml").write_text('title = "W"\n')
    (week / "01-a.md").write_text(f'+++\nid = "a"\ntitle = "A"\n+++\n\n## Step\n\n```quiz\n{block}\n```\n')
    lesson = load(tmp_path).weeks[0].lessons[0]
    assert lesson.problems == ()
    return lesson.quizzes[0]


CHAIN = ('id = "q"\nkind = "expression"\nask = "?"\nparams = { a = "int 2..5" }\n'
         'answer = "diff(sin(a*x^2), x)"')


@pytest.mark.parametrize("seed", range(5))
def test_a_dropped_chain_factor_is_named_with_its_place(tmp_path: Path, seed: int) -> None:
    q = instantiate(_quiz(tmp_path, CHAIN), seed)
    a = int(q.params["a"])
    verdict = grade(q, f"cos({a} x^2)")
    assert verdict.counted and not verdict.correct
    assert verdict.slip == "chain-dropped"
    assert "chain rule" in verdict.mistake and f"sin({a}·x²)" in verdict.mistake
    right = grade(q, q.answer_text)
    assert right.correct and right.slip is None
    unrelated = grade(q, "x^3 + 1")
    assert not unrelated.correct and unrelated.slip is None


def test_declared_mistakes_keep_priority(tmp_path: Path) -> None:
    block = CHAIN + '\nmistakes = [{ answer = "cos(a*x^2)", says = "The author says: chain rule!" }]'
    q = instantiate(_quiz(tmp_path, block), 0)
    verdict = grade(q, f"cos({int(q.params['a'])} x^2)")
    assert verdict.mistake == "The author says: chain rule!" and verdict.slip is None


def test_numbers_and_partials_are_diagnosed(tmp_path: Path) -> None:
    q = instantiate(_quiz(tmp_path / "n", 'id = "q"\nkind = "number"\nask = "?"\n'
                          'params = { a = "int 2..5", n = "int 3..5", x0 = "int 2..3" }\n'
                          'answer = "at(diff(a*x^n, x), x=x0)"'), 1)
    a, n, x0 = (int(q.params[k]) for k in ("a", "n", "x0"))
    assert grade(q, str(a * x0 ** (n - 1))).slip == "power-no-n"
    assert grade(q, str(a * n * x0 ** (n + 1))).slip == "power-up"
    assert grade(q, str(n * x0 ** (n - 1))).slip == "constant-lost"
    p = instantiate(_quiz(tmp_path / "p", 'id = "q"\nkind = "expression"\nask = "?"\n'
                          'answer = "diff(x^2*y, x)"\nvariables = ["x", "y"]'), 0)
    verdict = grade(p, "2 x y + x^2")
    assert verdict.slip == "other-variable-differentiated" and "held constant" in verdict.mistake


@pytest.mark.parametrize("text", ["diff(sin(x^2)*exp(3x), x)", "diff(x^3*cos(2x), x)", "diff(ln(x^2 + 1), x)",
                                  "grad(x^2*y + sin(y), [x, y])"])
def test_every_slip_differs_from_the_right_derivative_and_its_right_part_is_sympys(text: str) -> None:
    found = candidates(text)
    assert found
    for c in found:
        assert c.malrule in MALRULES
        if c.node is None:
            continue  # a slip in assembling an operation: tests/test_quiz_diagnosis_kinds.py
        names = sorted({c.var} | {s.name for s in _symbols(c.node)})
        syms = {n: sympy.Symbol(n) for n in names}
        node = sympy.sympify(to_ascii(c.node).replace("^", "**"), locals=syms)
        right = sympy.sympify(to_ascii(c.right).replace("^", "**"), locals=syms)
        wrong = sympy.sympify(to_ascii(c.wrong).replace("^", "**"), locals=syms)
        assert sympy.simplify(sympy.diff(node, syms[c.var]) - right) == 0
        assert sympy.simplify(wrong - right) != 0


def _symbols(e):
    from mfml_tui.engine.tree import Sym, walk
    return [n for n in walk(parse(to_ascii(e))) if isinstance(n, Sym)]


def test_the_slip_is_stored_summarised_exported_and_imported(tmp_path: Path) -> None:
    from mfml_tui.progress import format_summary, open_store

    q = instantiate(_quiz(tmp_path / "c", CHAIN), 0)
    a = int(q.params["a"])
    verdict = grade(q, f"cos({a} x^2)")
    store = open_store(tmp_path / "p.sqlite3", "ada")
    with store:
        store.record_attempt("a", "q", 0, f"cos({a} x^2)", False, slip=verdict.slip)
        store.record_attempt("a", "q", 0, q.answer_text, True, slip="power-up")  # a right answer has none
        attempts = store.export_data()["profiles"]["ada"]["attempts"]
        assert [x["slip"] for x in attempts] == ["chain-dropped", None]
        summary = store.summary(None)
        assert summary.slips == (("chain-dropped", 1),)
        assert "chain-dropped" in format_summary(summary)
    other = open_store(tmp_path / "q.sqlite3", "bo")
    with other:
        other.import_data({"format": "mfml-tui-progress", "version": 1,
                           "profiles": {"bo": {"attempts": attempts}}})
        kept = other.export_data()["profiles"]["bo"]["attempts"]
        assert [x["slip"] for x in kept] == ["chain-dropped", None]


def test_lessons_slips_lists_what_each_quiz_recognises(tmp_path: Path, capsys) -> None:
    from mfml_tui.cli import main

    _quiz(tmp_path, CHAIN)
    assert main(["lessons", "slips", str(tmp_path), "--seeds", "2"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if ": q: " in x)
    assert "01-a.md:" in line and "chain-dropped" in line and "power-up" in line
    assert "1 quizzes derived by the engine; 1 recognise" in out


def test_the_steps_mark_the_line_where_the_answer_went_wrong(tmp_path: Path) -> None:
    from mfml_tui.engine.author import explain
    from mfml_tui.engine.steps import render

    _value, step = explain("diff(sin(x^2)*exp(3x), x)")
    lines = render(step, 80, mark=(parse("sin(x^2)"), "x")).splitlines()
    marked = [i for i, line in enumerate(lines) if "your answer went wrong here" in line]
    assert len(marked) == 1 and "d/dx sin(x²) =" in "".join(lines[marked[0] - 2:marked[0]])
    assert "^ your answer went wrong here" in render(step, 80, ascii_only=True, mark=(parse("x^2"), "x"))
    assert "went wrong" not in render(step, 80)

    from mfml_tui.ui.services import Tutor

    q = instantiate(_quiz(tmp_path, CHAIN), 0)
    verdict = grade(q, f"cos({int(q.params['a'])} x^2)")
    steps = Tutor(tmp_path, None, "ada").derivation_text(q, 80, verdict.slip_at)
    assert sum("your answer went wrong here" in line for line in steps.splitlines()) == 1


def test_lessons_check_lists_the_slips_with_its_report(tmp_path: Path, capsys) -> None:
    from mfml_tui.cli import main

    _quiz(tmp_path, CHAIN)
    main(["lessons", "check", str(tmp_path), "--seeds", "2", "--slips"])  # the scratch quiz lacks a solution
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if ": q: " in x)
    assert "chain-dropped" in line and "chain-inside" in line
    main(["lessons", "check", str(tmp_path), "--seeds", "2"])
    assert "chain-dropped" not in capsys.readouterr().out

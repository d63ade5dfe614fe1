"""`mfml-tui lessons check|list` and the checker behind it."""

from __future__ import annotations

from pathlib import Path

from mfml_tui import paths
from mfml_tui.cli import main
from mfml_tui.course.check import check

from .test_course_loader import EXAMPLES, FRONT, make_course


def quiz(body: str) -> str:
    return FRONT + "## S\n```quiz\n" + body.strip() + "\n```\n"


def messages(root: Path, seeds: int = 20) -> list[str]:
    report = check(root, seeds=seeds)
    return [f"{p.location.path.name}:{p.location.line}: {p.message}" for p in report.sorted_problems()]


def test_example_course_is_all_good():
    report = check(EXAMPLES, seeds=50)
    assert report.ok, report.text()
    assert (report.weeks, report.lessons, report.steps, report.quizzes, report.plots) == (1, 1, 7, 10, 1)
    assert report.summary() == "1 weeks, 1 lessons, 7 steps, 10 quizzes, 1 plots, 1 explorers: all good"


def test_bundled_course_is_all_good():
    """What CI promises about the shipped course: `mfml-tui lessons check` with its 50 seeds per quiz."""
    report = check(paths.bundled_lessons(), seeds=50)
    assert report.ok, report.text()


def test_mistake_equal_to_the_answer(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "number"
ask = "f(x) = {= a*x^n}; f'({x0})?"
params = { a = "int 2..9", n = "int 2..5", x0 = "choice -1 1" }
answer = "at(diff(a*x^n, x), x=x0)"
mistakes = [{ answer = "at(a*n*x^(n+1), x=x0)", says = "down, not up" }]
''')})
    (problem,) = messages(root)
    assert problem.startswith("01-a.md:6: quiz `q1`: mistake 1 (`at(a*n*x^(n+1), x=x0)`) "
                              "equals the answer for")


def test_answer_not_finite_for_some_seeds(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "number"
ask = "?"
params = { a = "int 0..3" }
answer = "1/a"
''')})
    (problem,) = messages(root)
    assert problem.startswith("01-a.md:6: quiz `q1`: the answer `1/a`")
    assert "(seeds " in problem


def test_where_that_is_never_true(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "number"
ask = "?"
params = { a = "int 0..3" }
where = "a > 7"
answer = "a"
''')})
    assert "was never true" in messages(root, seeds=2)[0]


def test_choice_without_right_option(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "choice"
ask = "?"
choices = ["x", "x^2"]
answer = "x^3"
''')})
    assert "no option is right" in messages(root)[0]


def test_two_right_options_without_multiple(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "choice"
ask = "?"
choices = ["2*x", "x + x", "x"]
answer = "2x"
''')})
    assert "2 options are right: add `multiple = true`" in messages(root)[0]


def test_expression_undefined_in_domain(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "expression"
ask = "?"
answer = "sqrt(x - 1.9)"
''')})
    assert "declare a `domain`" in messages(root, seeds=3)[0]


def test_bad_plot_is_reported(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + '## S\n```plot\nkind = "nope"\n```\n'})
    assert messages(root)[0].startswith("01-a.md:7: plot: unknown plot kind")


def test_cli_check_exit_codes(tmp_path, capsys):
    assert main(["lessons", "check", str(EXAMPLES), "--seeds", "5"]) == 0
    assert capsys.readouterr().out.strip().endswith("all good")
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n```\nuntagged\n```\n"})
    assert main(["lessons", "check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "01-a.md:6: a fence needs a language tag" in out
    assert out.strip().endswith("1 problem in 1 file")


def test_cli_check_uses_the_lessons_option(tmp_path, capsys):
    assert main(["--lessons", str(EXAMPLES), "lessons", "check", "--seeds", "2"]) == 0
    assert "10 quizzes" in capsys.readouterr().out


def test_cli_list(capsys):
    assert main(["lessons", "list", str(EXAMPLES)]) == 0
    out = capsys.readouterr().out
    assert "Week 1: Examples  [1-example-week]" in out
    assert "w1-example-chain-rule" in out and "10 quizzes" in out

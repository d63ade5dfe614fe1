"""`mfml-tui lessons check|list` and the checker behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mfml_tui import paths
from mfml_tui.cli import main
from mfml_tui.course import load
from mfml_tui.course.check import check

from .test_course_loader import EXAMPLES, FRONT, make_course


@pytest.fixture(autouse=True)
def _the_same_report_when_every_seed_is_checked_in_full(request, monkeypatch):
    """Every planted fault in this file is checked twice: with repeated draws reused (the default) and
    with every seed checked in full; the findings must be the same, message for message, seed for seed.
    (The whole bundled course, marked slow, is compared question by question in test_lessons_check_draws.)"""
    if request.node.get_closest_marker("slow"):
        yield
        return
    import mfml_tui.course.check as checker

    reusing = checker.check_quiz

    def both(spec, seeds: int = 50):
        found = reusing(spec, seeds)
        with pytest.MonkeyPatch.context() as m:
            m.setattr(checker, "REUSE_DRAWS", False)
            assert reusing(spec, seeds) == found, spec.id
        return found

    monkeypatch.setattr(checker, "check_quiz", both)
    yield


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


@pytest.mark.slow
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


LONG_RIGHT = '''
id = "q1"
kind = "choice"
ask = "What does a too large step do?"
choices = [
  "It overshoots the valley, so the cost jumps around or grows instead of falling",
  "It helps",
  { text = "Nothing", says = "It does." },
]
correct = 0
'''


def test_a_right_option_far_longer_than_the_others_gives_itself_away(tmp_path):
    """The only option with a reason reads as the answer before any thinking: reported at the quiz."""
    root = make_course(tmp_path, {"01-a.md": quiz(LONG_RIGHT)})
    (problem,) = messages(root)
    assert problem.startswith("01-a.md:6: quiz `q1`: the right option is much longer than every other")


def test_wrong_options_as_full_as_the_right_one_pass(tmp_path):
    full = '"It shrinks the step, so training crawls down the valley instead"'
    body = LONG_RIGHT.replace('"It helps"', full)
    root = make_course(tmp_path, {"01-a.md": quiz(body)})
    assert messages(root) == []


def test_length_does_not_count_for_tick_all_or_plotted_options(tmp_path):
    """With several right options length says nothing about which; options drawn as plots show no text."""
    tick_all = LONG_RIGHT.replace('correct = 0', 'correct = [0, 1]\nmultiple = true')
    plots = '''
id = "q1"
kind = "choice"
ask = "Which graph is f(x) = x·sin(x) to order 4?"
choices = ["x^2 - x^4/6 + x^6/120 - x^8/5040", "x^2", "x"]
answer = "x^2 - x^4/6 + x^6/120 - x^8/5040"
show = "plots"
x = [-3, 3]
'''
    for body in (tick_all, plots):
        root = make_course(tmp_path / str(len(body)), {"01-a.md": quiz(body)})
        assert messages(root) == [], body


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


def test_cli_check_takes_the_folder_after_its_options(tmp_path, capsys):
    """`lessons check --seeds 2 DIR` is how an author types it; argparse alone refuses the folder there."""
    root = make_course(tmp_path, {"01-a.md": FRONT + "## S\n```\nuntagged\n```\n"})
    assert main(["lessons", "check", "--seeds", "2", str(root)]) == 1
    assert "01-a.md:6: a fence needs a language tag" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["lessons", "check", "--seeds", "2", str(root), "stray"])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_cli_check_uses_the_lessons_option(tmp_path, capsys):
    assert main(["--lessons", str(EXAMPLES), "lessons", "check", "--seeds", "2"]) == 0
    assert "10 quizzes" in capsys.readouterr().out


def test_cli_list(capsys):
    assert main(["lessons", "list", str(EXAMPLES)]) == 0
    out = capsys.readouterr().out
    assert "Week 1: Examples  [1-example-week]" in out
    assert "w1-example-chain-rule" in out and "10 quizzes" in out


BROKEN_A = '''+++
id = "w1-same"
title = "A"
minuts = 5
+++
## S

```quiz
id = "q1"
kind = "number"
ask = "What is {a}?"
params = { a = "int 2..9" }
answer = "a"
tolerance = 0.1
```

```plot
kind = "function"
f = "sin(x"
```

```quiz
id = "q2
kind = "number"
```
'''

BROKEN_B = '''+++
id = "w1-same"
title = "B"
+++
## S

```quiz
id = "q3"
kind = "expression"
ask = "Differentiate x^2"
answer = "diff(x^2, x"
```
'''

GOOD = quiz('id = "q4"\nkind = "number"\nask = "?"\nanswer = "2"').replace("w1-test", "w1-good")


def test_a_broken_course_is_reported_all_at_once_and_once_each(tmp_path, capsys):
    """Every kind of authoring slip in one folder: each reported once, at its line, the rest still works."""
    root = make_course(tmp_path, {"01-a.md": BROKEN_A, "02-b.md": BROKEN_B, "03-good.md": GOOD},
                       week_toml='number = 1\ntitle = "W"\ncolour = "red"\n')
    assert main(["lessons", "check", str(root), "--seeds", "5"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    week = root / "1-week"
    assert lines[:-1] == [
        f"{week}/01-a.md:4: unknown key `minuts` in the front matter (did you mean `minutes`?)",
        f"{week}/01-a.md:14: unknown key `tolerance` in a quiz (use `rtol`, relative, and/or `atol`, "
        "an absolute floor)",
        f"{week}/01-a.md:19: plot: f: `sin(x`: expected ')' at column 6 (to close the '(' at column 4)",
        f"{week}/01-a.md:23: bad TOML in this quiz block: Illegal character '\\n' (column 9)",
        f"{week}/02-b.md:2: duplicate lesson id `w1-same` (also in {week}/01-a.md:2): this lesson is "
        "skipped until its id is changed",
        # once, by the loader: the quiz is dropped, so `check` does not repeat it for every seed
        f"{week}/02-b.md:11: `answer`: `diff(x^2, x` does not parse: expected ')' at column 12 "
        "(to close the '(' at column 5)",
        f"{week}/week.toml:3: unknown key `colour` in week.toml",
    ]
    assert lines[-1].endswith(": 7 problems in 3 files")
    lessons = {les.id: les for les in check(root, seeds=2).course.lessons}
    assert lessons["w1-good"].available and lessons["w1-good"].quizzes


def test_draws_where_a_mistake_is_the_answer_are_replaced(tmp_path):
    """a = 5 would make the mistake "5" right: the seed draws again (the same way every time); a mistake
    equal to the answer for every draw is a lesson bug and is reported."""
    from mfml_tui.quiz import instantiate

    body = quiz('id = "q1"\nkind = "number"\nask = "?"\nparams = { a = "int 2..9" }\nanswer = "a"\n'
                'mistakes = [{ answer = "5", says = "not five" }]')  # equal to the answer when a = 5
    root = make_course(tmp_path, {"01-a.md": body})
    spec = load(root).lessons[0].quizzes[0]
    draws = [instantiate(spec, seed).params["a"] for seed in range(60)]
    assert 5 not in draws and len(set(draws)) == 7
    assert draws == [instantiate(spec, seed).params["a"] for seed in range(60)]  # reproducible
    assert messages(root, seeds=50) == []
    always = make_course(tmp_path / "b", {"01-a.md": body.replace('"5"', '"a + 0"')})
    assert "equals the answer for 3 of 3 seeds" in messages(always, seeds=3)[0]


def test_checking_in_processes_finds_what_one_process_finds(tmp_path):
    """`check` spreads the items over processes (one per core): same problems, same order, same counts."""
    def lesson(n: int, broken: bool) -> str:
        steps = "".join(f'## S{i}\n```quiz\nid = "l{n}q{i}"\nkind = "number"\nask = "{{a}} + {i}?"\n'
                        f'answer = "a + {i}"\nparams = {{ a = [1, 9] }}\n```\n' for i in range(9))
        if broken:
            steps += (f'## Bad\n```quiz\nid = "l{n}bad"\nkind = "number"\nask = "?"\n'
                      'answer = "1/(a-a)"\nparams = { a = [1, 9] }\n```\n')
        return FRONT.replace('"w1-test"', f'"l{n}"').replace('"Test"', f'"L{n}"') + steps
    root = make_course(tmp_path, {"01-a.md": lesson(1, True), "02-b.md": lesson(2, False)})
    seen: list[list[str]] = [[], []]
    serial = check(root, seeds=5, jobs=1, progress=seen[0].append)
    parallel = check(root, seeds=5, jobs=2, progress=seen[1].append)
    assert parallel.problems == serial.problems != []
    assert (parallel.quizzes, parallel.lessons, parallel.steps) == (serial.quizzes, 2, 19)
    assert seen[0] == seen[1] == ["l1", "l2"]


def steps_block(body: str) -> str:
    return FRONT + "## S\nBefore.\n\n```steps\n" + body.strip() + "\n```\n\nAfter.\n"


def test_a_steps_block_shows_the_engines_derivation(tmp_path):
    root = make_course(tmp_path, {"01-a.md": steps_block('''
expr = "diff(sin(x^2)*e^(3x), x)"
title = "Worked by the engine"
''')})
    course = load(root, cache=False)
    assert not course.all_problems()
    texts = [b.markdown for b in course.lessons[0].steps[0].blocks]
    shown = next(t for t in texts if "```text" in t)
    assert shown.startswith("**Worked by the engine**")
    assert "product rule" in shown and "chain rule, u = x²" in shown
    assert shown.rstrip("`\n").splitlines()[-1].strip().endswith("3·sin(x²)·e^(3·x) — tidy")
    assert texts[0] == "Before." and texts[-1] == "After."
    assert all(len(line) <= 70 for line in shown.splitlines())


def test_a_bad_steps_block_is_reported_at_its_line(tmp_path):
    root = make_course(tmp_path, {
        "01-a.md": steps_block('expr = "diff(sin(x, x)"'),
        "02-b.md": steps_block('expr = "sin(x)^2"').replace("w1-test", "w1-b"),
        "03-c.md": steps_block('expr = "diff(x^2, x)"\ncolour = "red"').replace("w1-test", "w1-c"),
        "04-d.md": steps_block('title = "no expression"').replace("w1-test", "w1-d"),
    })
    found = messages(root)
    assert any(m.startswith("01-a.md:9: `expr`: ") for m in found), found
    assert any(m.startswith("02-b.md:9:") and "must use diff" in m for m in found), found
    assert any(m.startswith("03-c.md:10:") and "unknown key `colour`" in m for m in found), found
    assert any(m.startswith("04-d.md:8:") and "needs `expr`" in m for m in found), found


def test_computed_correct_picks_the_option_per_draw(tmp_path):
    """`correct = "EXPR"`: a text choice whose right option depends on the numbers (min / max / saddle)."""
    from mfml_tui.quiz import grade, instantiate

    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "choice"
ask = "f = {a}x²: is 0 a minimum or a maximum?"
params = { a = "int -3..3 except 0" }
choices = ["a minimum", "a maximum"]
correct = "(a < 0)"
''')})
    assert messages(root) == []
    (spec,) = [q for w in load(root).weeks for les in w.lessons for s in les.steps for q in s.quizzes]
    for seed in range(20):
        q = instantiate(spec, seed)
        want = "a minimum" if q.params["a"] > 0 else "a maximum"
        label = next(c.label for c in q.choices if c.text == want)
        assert grade(q, label).correct
        assert not grade(q, next(c.label for c in q.choices if c.text != want)).correct


def test_computed_correct_out_of_range_is_reported(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "choice"
ask = "?"
params = { a = "int 0..3" }
choices = ["x", "y"]
correct = "a"
''')})
    problems = messages(root)
    assert problems and all("not an option index 0 to 1" in p for p in problems), problems


def test_computed_correct_cannot_be_multiple(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "choice"
ask = "?"
choices = ["x", "y"]
correct = "1"
multiple = true
''')})
    assert "cannot go with `multiple = true`" in messages(root)[0]


# ── class rules of issue #16: answers that never change, assessments with fixed numbers, wording ───

SAME_ANSWER = '''
id = "q1"
kind = "choice"
ask = "f = {a}x²: is 0 a minimum or a maximum?"
params = { a = "int 1..3" }
choices = ["a minimum", "a maximum"]
correct = 0
'''


def test_a_drawn_choice_whose_right_option_never_changes_is_reported(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz(SAME_ANSWER)})
    (problem,) = messages(root)
    assert "the right option is the same for all 20 draws" in problem
    assert messages(root, seeds=5) == []  # too few draws to say "never"


def test_fixed_says_why_the_right_option_never_changes(tmp_path):
    why = 'fixed = "a > 0 makes every draw a minimum"\n'
    root = make_course(tmp_path, {"01-a.md": quiz(SAME_ANSWER + why)})
    assert messages(root) == []
    varying = SAME_ANSWER.replace('"int 1..3"', '"int -3..3 except 0"')
    varying = varying.replace("correct = 0", 'correct = "a < 0"')
    root = make_course(tmp_path, {"01-a.md": quiz(varying)})
    assert messages(root) == []


def test_an_assessment_with_fixed_numbers_or_unshuffled_options_is_reported(tmp_path):
    front = FRONT.replace('title = "Test"', 'title = "Test"\nkind = "assessment"')
    fixed = '''
id = "q1"
kind = "number"
ask = "What is 2 + 3?"
answer = "2 + 3"
solution = "{= 2 + 3}"
'''
    unshuffled = '''
id = "q2"
kind = "choice"
ask = "f = {a}x²: is 0 a minimum or a maximum?"
params = { a = "int -3..3 except 0" }
choices = ["a minimum", "a maximum"]
correct = "a < 0"
shuffle = false
'''
    body = front + "## S\n```quiz\n" + fixed.strip() + "\n```\n\n```quiz\n" + unshuffled.strip() + "\n```\n"
    found = messages(make_course(tmp_path, {"01-a.md": body}))
    assert len(found) == 2, found
    assert "`q1`: an assessment question with fixed numbers" in found[0]
    assert "`q2`: an assessment choice with `shuffle = false`" in found[1]
    # the same quizzes in an ordinary lesson are fine
    assert messages(make_course(tmp_path, {"01-a.md": body.replace('\nkind = "assessment"', "")})) == []


def test_e_notation_in_a_rendered_text_is_reported(tmp_path):
    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "number"
ask = "What is {a}/1000?"
params = { a = "int 1..3" }
answer = "a/1000"
solution = "It is {= a/1000 :.3e}, or a·1e-3."
''')})
    # an author's `:.3e` prints ×10⁻³ (engine.printing.number): the e-notation typed in prose is caught
    (problem,) = messages(root)
    assert "in e-notation" in problem


def test_wording_lint_finds_curvature_for_f2_and_never_for_not_in_general(tmp_path):
    from mfml_tui.course.check import wording_problems

    assert wording_problems("f″ measures the curvature of the graph.")
    assert wording_problems("The second derivative, the curvature, is 6x.")
    assert wording_problems("Derivatives of products are never the product of derivatives.")
    assert not wording_problems("Let the Hessian choose. The curvature of a circle of radius r is 1/r.")
    assert not wording_problems("Derivatives of products are not in general the product of derivatives.")
    assert not wording_problems("f″(x) = 6x. Its curvature is another matter.")
    body = FRONT + "## S\n\nHere f″ is the curvature.\n"
    (problem,) = messages(make_course(tmp_path, {"01-a.md": body}))
    assert 'calls the second derivative "curvature"' in problem


def test_wording_lint_finds_a_turning_point_defined_as_a_zero_of_f_prime():
    from mfml_tui.course.check import wording_problems

    assert wording_problems("A turning point is where f′(x) = 0. When is a product zero?")
    assert wording_problems("Turning points are where f′ = 0.")
    assert not wording_problems("The tangent is flat there, so every turning point is a place where f′ = 0.")
    assert not wording_problems("A turning point is a zero of f′ where f′ changes sign.")

"""Fair grading (issue #12), one test per class: whole numbers taken as typed, declared mistakes named
before "right by rounding", rounding per entry, rounded coefficients "close", tuples for points, slips of
notation never counted, sign feedback from the values. The oracle-checked corpus is test_grading_corpus.py."""

from __future__ import annotations

from mfml_tui.course.model import Mistake
from mfml_tui.quiz import grade, instantiate
from mfml_tui.quiz.grading import a_mistake_rounds_to_the_answer
from tests.test_quiz_grade import not_counted, ok, q, spec, wrong


def test_a_whole_number_answer_is_taken_as_typed() -> None:
    question = q("number", "5*2^10")  # 5120
    ok(question, "5120")
    ok(question, "5120.0")
    ok(question, "5*1024")
    for near in ("5121", "5125", "5119", "5120.4", "5*1024 + 1"):
        wrong(question, near)  # within 0.1 %, but a whole number is exact
    hessian = q("number", "n*(n + 1)/2", params={"n": "choice 1000"})  # 500500
    wrong(hessian, "1000^2/2 + 1000/2 + 1")
    wrong(q("number", "n^2", params={"n": "choice 1000"}), "n^2 + n".replace("n", "1000"))


def test_a_rounded_whole_number_for_a_decimal_answer_is_right_only_to_the_unit() -> None:
    question = q("number", "123456/100")  # 1234.56
    ok(question, "1235")
    wrong(question, "1234")  # within 0.1 %, but not the correctly rounded whole number


def test_declared_mistakes_are_matched_before_right_by_rounding() -> None:
    secant = q("number", "(3*(2 + h)^2 - 3*2^2)/h", params={"h": "choice 0.0066666666666666"},
               mistakes=(Mistake("at(diff(3*x^2, x), x=2)", "That is the tangent slope."),))
    assert secant.expected.value == __import__("pytest").approx(12.02)
    ok(secant, "12.02")
    for typed in ("12", "12.0", "12.00"):
        v = wrong(secant, typed)  # 12.0 is the tangent slope the question warns about
        assert v.mistake == "That is the tangent slope."
    assert a_mistake_rounds_to_the_answer(secant)


def test_instantiate_redraws_numbers_where_a_mistake_rounds_to_the_answer() -> None:
    s = spec("number", "(a*(2 + h)^2 - a*2^2)/h", params={"a": "int 2..6", "h": "choice 0.01 0.5"},
             mistakes=(Mistake("at(diff(a*x^2, x), x=2)", "tangent"),))
    for seed in range(30):
        question = instantiate(s, seed)
        assert not a_mistake_rounds_to_the_answer(question)


def test_rounding_applies_per_entry_whatever_the_other_entries() -> None:
    question = q("vector", "[-12.6, -e^2, 0]")
    ok(question, "[-12.6, -e^2, 0]")
    ok(question, "[-12.6, -7.39, 0]")
    ok(question, "[-12.6, -7.389, 0]")
    ok(question, "[-12.6, -e^2, 0.0]")
    wrong(question, "[-12.6, -7.3, 0]")
    matrix = q("matrix", "[[sqrt(2), 1/3], [pi, 2]]")
    ok(matrix, "[[1.414, 1/3], [3.14, 2]]")
    ok(matrix, "[[sqrt(2), 0.333], [pi, 2]]")


def test_a_matrix_with_a_constant_row_can_be_graded() -> None:
    question = q("expression", "hessian(x^3*y, [x, y])")  # [[6xy, 3x²], [3x², 0]]
    ok(question, "[[6x y, 3x^2], [3x^2, 0]]")
    wrong(question, "[[6x y, 0], [0, 0]]")
    jac = q("expression", "jacobian([x^2, 3], [x, y])")
    ok(jac, "[[2x, 0], [0, 0]]")


def test_a_bracketed_tuple_is_accepted_for_a_vector_and_echoed_as_one() -> None:
    question = q("vector", "[0, -1]")
    v = ok(question, "(0, -1)")
    assert v.understood == "[0, −1]"
    wrong(question, "(0, 1)")


def test_bare_functions_read_as_in_print() -> None:
    ok(q("expression", "diff(ln(x)^2/2, x)", domain={"x": (0.2, 3)}), "ln x / x")
    ok(q("expression", "-cos(t)/sin(t)^2", domain={"t": (0.2, 3)}), "-cos t/sin^2 t")
    ok(q("number", "5*sqrt(3)/2"), "5sqrt3/2")


def test_sec_csc_cot_are_accepted() -> None:
    question = q("expression", "diff(tan(x), x)", domain={"x": (-1.2, 1.2)})
    ok(question, "sec^2 x")
    ok(question, "1 + tan^2 x")
    ok(q("expression", "diff(cot(x), x)", domain={"x": (0.2, 3)}), "-csc^2 x")


def test_rounded_coefficients_in_a_formula_are_close_not_counted() -> None:
    question = q("expression", "sqrt(2)*x + x^2/3")
    v = not_counted(question, "1.4142x + x^2/3")
    assert "1.4142" in v.message and "sqrt(2)" in v.message
    not_counted(question, "1.41421356 x + 0.3333 x^2")
    wrong(question, "1.5x + x^2/3")  # not the answer to the digits typed: an ordinary wrong answer
    wrong(question, "1.4142x")


def test_slips_of_notation_are_not_counted_and_say_what_to_type() -> None:
    number = q("number", "2/1000")
    ok(number, "0.002")
    v = not_counted(number, "2e-3")
    assert "2*10^(-3)" in v.message
    big = q("number", "5120")
    v = not_counted(big, "5 120")
    assert "5120" in v.message
    ok(q("number", "2*e - 3"), "2e-3")  # read literally and right, it stays right
    deriv = q("expression", "diff(sin(x^2), x)")
    v = not_counted(deriv, "d/dx(sin(x^2))")
    assert "derivative itself" in v.message
    v = not_counted(q("number", "3"), "9^9^9^9^9")
    assert "finite" in v.message
    not_counted(deriv, "9^9^9^9^9 x")


def test_sign_feedback_compares_signs() -> None:
    positive = q("number", "3/4")
    assert "the answer is positive" in wrong(positive, "-3/4").message
    negative = q("number", "-3/4")
    assert "the answer is negative" in wrong(negative, "0.75").message
    assert "sign" not in wrong(negative, "-0.5").message


def test_grading_never_raises_on_the_new_forms() -> None:
    question = q("vector", "[1, 2]")
    for text in ("(", "(1,", "((1, 2)", "[(1, 2), 3]", "(1)(2)", "d/d", "1 000 000", "1e", "e-3"):
        grade(question, text)


def test_one_printing_path_for_numbers_substituted_into_maths() -> None:
    from mfml_tui.quiz.render import fill

    assert fill("(x − {a})²", {"a": -2}) == "(x + 2)²"
    assert fill("8eˣ + {b}·x²", {"b": -9}) == "8eˣ − 9·x²"
    assert fill("x³ − 27x + {c}y²", {"c": 1}) == "x³ − 27x + y²"
    assert fill("x³ − 27x + {c}y²", {"c": -1}) == "x³ − 27x − y²"
    assert fill("{+c}x", {"c": -1}) == "− x"
    assert fill("y = −{a}", {"a": -3}) == "y = 3"
    assert fill("x^{a} at ({a}, {b})", {"a": 1, "b": -2}) == "x^1 at (1, −2)"  # not coefficients
    question = q("number", "p", params={"p": "int 2..3"}, ask="J at ({= p*pi}, π) and {= p*pi/4 :.3f}")
    assert "(2·π, π)" in question.prompt or "(3·π, π)" in question.prompt
    solution = q("number", "1", params={"b": "int -3..-1"}, solution="f′ = 2x + {= b*x^2}")
    assert "+ −" not in solution.solution and "2x − " in solution.solution


def test_lessons_check_flags_bad_printing() -> None:
    from mfml_tui.course.check import printing_problems

    for bad in ("(x − −2)²", "8eˣ + −9·x²", "x³ − 27x + 1y²", "(6.28319, π, 2)", "(x − 0)²", "−1x"):
        assert printing_problems(bad), bad
    for fine in ("(x + 2)²", "x² − 3", "x₁ = 0.5", "π ≈ 3.14159", "f(1) = 2", "(0.8854 − 0)·0.5", "t = 1 s"):
        assert not printing_problems(fine), fine


def test_a_quiz_that_prints_rounded_numbers_accepts_answers_from_them() -> None:
    params = {"a": "choice 5", "b": "choice 4", "r1": "= b/sqrt(a^2 + b^2)", "r2": "= -a/sqrt(a^2 + b^2)"}
    ask = "r̂ = [{r1:.3f}, {r2:.3f}] (rounded). What is [a, b]·r̂?"
    printed = q("number", "dot([a, b], [r1, r2])", params=params, ask=ask, printed=True)
    assert "[0.625, −0.781]" in printed.prompt
    ok(printed, "0")
    ok(printed, "5*0.625 - 4*0.781")  # 0.001, from the printed numbers
    ok(printed, "5*0.625 - 4*0.7809")
    wrong(printed, "0.01")
    strict = q("number", "dot([a, b], [r1, r2])", params=params, ask=ask)
    wrong(strict, "5*0.625 - 4*0.781")  # without `printed`, as before


def test_lessons_check_finds_prompts_that_print_rounded_numbers_without_printed(tmp_path) -> None:
    from mfml_tui.course.check import check_quiz

    params = {"a": "int 1..5", "b": "int 1..5"}
    computed = spec("number", "dot([a, b], [b/sqrt(a^2 + b^2), -a/sqrt(a^2 + b^2)])", params=params,
                    ask="r̂ = [{= b/sqrt(a^2 + b^2) :.3f}, {= -a/sqrt(a^2 + b^2) :.3f}]. Slope?")
    assert any("prints rounded numbers" in p.message for p in check_quiz(computed, 10))
    derived = {**params, "r1": "= b/sqrt(a^2 + b^2)", "r2": "= -a/sqrt(a^2 + b^2)"}
    as_params = spec("number", "a*r1 + b*r2", params=derived, ask="r̂ = [{r1:.3f}, {r2:.3f}]. Slope?")
    assert any("prints rounded numbers" in p.message for p in check_quiz(as_params, 10))
    fixed = spec("number", "a*r1 + b*r2", params=derived, ask="r̂ = [{r1:.3f}, {r2:.3f}].", printed=True)
    assert not check_quiz(fixed, 10)


SHARED = '''+++
id = "w1-test"
title = "Test"
+++
## S
```quiz
id = "first"
kind = "number"
ask = "f(x) = {a}x^{n}. What is f'(1)?"
params = { a = "int 2..9", n = "int 2..6" }
answer = "a*n"
```

```quiz
id = "second"
kind = "number"
ask = "Same f. What is f'({t})?"
params = { a = "int 2..9", n = "int 2..6", t = "int 2..3" }
SAME
answer = "a*n*t^(n - 1)"
```
'''


def test_a_quiz_shares_the_parameters_of_an_earlier_quiz_of_its_step(tmp_path) -> None:
    from mfml_tui.course import load
    from mfml_tui.course.check import check

    from .test_course_loader import make_course

    root = make_course(tmp_path, {"01-a.md": SHARED.replace("SAME", 'same = "first"')})
    course = load(root, cache=False)
    first, second = course.lessons[0].quizzes
    assert second.base is first
    for seed in range(20):
        a, b = instantiate(first, seed), instantiate(second, seed)
        assert (b.params["a"], b.params["n"]) == (a.params["a"], a.params["n"])
        assert b.params["t"] in (2, 3)
    assert check(root, seeds=10).ok

    fresh = make_course(tmp_path / "fresh", {"01-a.md": SHARED.replace("SAME", "")})
    report = check(fresh, seeds=10)
    assert any("refers to an earlier quiz" in p.message and "second" in p.message for p in report.problems)
    wrong_id = make_course(tmp_path / "bad", {"01-a.md": SHARED.replace("SAME", 'same = "nope"')})
    problems = load(wrong_id, cache=False).all_problems()
    assert any("no earlier quiz of this step" in p.message for p in problems)


def test_the_tutor_asks_a_shared_quiz_with_the_numbers_just_seen(tmp_path) -> None:
    from mfml_tui.course import load
    from mfml_tui.ui.services import Tutor

    from .test_course_loader import make_course

    root = make_course(tmp_path, {"01-a.md": SHARED.replace("SAME", 'same = "first"')})
    course = load(root, cache=False)
    first, second = course.lessons[0].quizzes
    tutor = Tutor(root, None, "test", course=course, seed=7)
    asked, _ = tutor.question(first)
    following, _ = tutor.question(second)
    assert (following.params["a"], following.params["n"]) == (asked.params["a"], asked.params["n"])

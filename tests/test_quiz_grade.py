"""Grading as mathematics: equivalent forms accepted, near misses rejected, bad input never counted,
hostile input never raising, the same seed giving the same question."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mfml_tui.course.model import Location, Mistake, QuizSpec
from mfml_tui.engine import ParseError
from mfml_tui.quiz import QuizError, Understood, grade, instantiate, understand

HERE = Location(Path("test.md"), 1)
TOL = {"number": (1e-3, 1e-9), "vector": (1e-3, 1e-9), "matrix": (1e-3, 1e-9),
       "expression": (1e-6, 1e-9), "choice": (1e-6, 1e-9)}


def spec(kind: str, answer: str | None = None, **kw) -> QuizSpec:
    rtol, atol = TOL[kind]
    kw.setdefault("rtol", rtol)
    kw.setdefault("atol", atol)
    return QuizSpec(id="q", kind=kind, ask=kw.pop("ask", "?"), location=HERE, answer=answer, **kw)


def q(kind: str, answer: str | None = None, seed: int = 0, **kw):
    return instantiate(spec(kind, answer, **kw), seed)


def ok(question, text):
    v = grade(question, text)
    assert v.correct and v.counted, (text, v)
    return v


def wrong(question, text):
    v = grade(question, text)
    assert not v.correct and v.counted, (text, v)
    return v


def not_counted(question, text):
    v = grade(question, text)
    assert not v.correct and not v.counted, (text, v)
    return v


# ---------------------------------------------------------------------------------------- numbers
def test_number_accepts_expressions_and_rounded_decimals():
    question = q("number", "at(diff(x^(3/2) + pi*x^2 + sqrt(7), x), x=2)")  # 3√2/2 + 4π ≈ 14.6876
    ok(question, "3*sqrt(2)/2 + 4pi")
    ok(question, "3√2/2 + 4π")
    ok(question, "14.69")
    ok(question, "14.688")
    wrong(question, "14.6")
    wrong(question, "-14.69")  # sign error
    v = not_counted(question, "15")  # right, rounded too far: not counted, told why
    assert "significant figures" in v.message


@pytest.mark.parametrize("answer", ["2", "[2, 3]"])
def test_a_typed_zero_is_wrong_not_close(answer):
    """`0` is the whole number 0, not 0 rounded to the tens (which made 2 'close')."""
    question = q("vector" if "[" in answer else "number", answer)
    wrong(question, "[0, 0]" if "[" in answer else "0")


def test_number_decimals_option():
    question = q("number", "exp(0.3)/5", decimals=2)  # 0.26997…
    ok(question, "0.27")
    ok(question, "0.270")
    wrong(question, "0.28")
    assert "2 decimal places" in not_counted(question, "0.3").message


def test_number_mistake_feedback():
    question = q("number", "at(diff(3*x^4, x), x=2)", mistakes=(
        Mistake("at(3*4*x^5, x=2)", "The exponent goes down."),))
    v = wrong(question, "384")
    assert v.mistake == "The exponent goes down."
    assert wrong(question, "5").mistake is None


def test_number_rejects_variables_and_wrong_forms():
    question = q("number", "2")
    assert "not allowed" in not_counted(question, "x").message
    assert "you gave a vector" in not_counted(question, "[1, 2]").message
    assert "for lesson authors" in not_counted(question, "diff(2x, x)").message
    assert not_counted(question, "1 < 2").counted is False
    assert "not a finite number" in not_counted(question, "1/0").message  # a slip, never counted


def test_parse_error_is_not_counted_and_has_the_column():
    question = q("number", "2")
    v = not_counted(question, "2*(3+")
    assert "column 6" in v.message
    assert not_counted(question, "   ").message == "Type an answer first."


# ------------------------------------------------------------------------------ vectors, matrices
def test_vector_entries():
    question = q("vector", "at(grad(x^2*cos(y) + exp(z)*sin(y), [x, y, z]), x=pi, y=pi, z=1)")  # (−2π, −e, 0)
    ok(question, "[-2pi, -e, 0]")
    ok(question, "[-6.28, -2.72, 0]")
    v = wrong(question, "[-2pi, e, 0]")
    assert v.wrong_entries == ((1,),) and v.message == "Entry 2 is wrong."
    v = wrong(question, "[2pi, e, 0]")
    assert v.message == "Entries 1 and 2 are wrong."
    assert wrong(question, "[1, 2]").message == "You gave 2 entries; the answer has 3."
    assert "one pair of brackets" in not_counted(question, "[[-2pi, -e, 0]]").message


def test_matrix_quiz_needs_a_numeric_answer():
    with pytest.raises(QuizError, match="must be a matrix"):
        q("matrix", "jacobian([x^2*y, exp(x+y)], [x, y])")


def test_matrix_entries_and_transposed_jacobian():
    question = q("matrix", "at(jacobian([x^2*y + 3x, x*y^2], [x, y]), x=1, y=2)")  # [[7, 1], [4, 4]]
    ok(question, "[[7, 1], [4, 4]]")
    v = wrong(question, "[[7, 4], [1, 4]]")
    assert "swapped" in v.message
    v = wrong(question, "[[7, 1], [4, 5]]")
    assert v.wrong_entries == ((1, 1),) and v.message == "Entry (2, 2) is wrong."
    wide = q("matrix", "[[1, 2, 3], [4, 5, 6]]")
    v = wrong(wide, "[[1, 4], [2, 5], [3, 6]]")
    assert "swapped" in v.message
    v = wrong(wide, "[[1, 2], [4, 5], [3, 6]]")
    assert v.message == "You gave a 3×2 matrix; the answer is 2×3."
    assert "you gave a vector" in not_counted(wide, "[1, 2, 3]").message


# ---------------------------------------------------------------------------------- expressions
@pytest.mark.parametrize("answer, typed", [
    ("diff(sin(x^2), x)", "2x·cos(x²)"),
    ("diff(sin(x^2), x)", "cos(x^2)*x*2"),
    ("x^2 + 2x + 1", "(x+1)^2"),
    ("diff(x^3 - x, x)", "3x^2 - 1"),
    ("diff(exp(x)/x, x)", "e^x (1/x - 1/x^2)"),
    ("diff(sqrt(x), x)", "1/(2 sqrt(x))"),
    ("diff(tan(x), x)", "1 + tan(x)^2"),
    ("diff(1/(1+exp(-x)), x)", "sigmoid(x)(1 - sigmoid(x))"),
])
def test_equivalent_forms_are_accepted(answer, typed):
    ok(q("expression", answer), typed)


@pytest.mark.parametrize("answer, typed", [
    ("diff(1/(x-1), x)", "-1/(x^2 - 2x + 1)"),  # a pole inside the default box, and cancellation near it
    ("diff(tan(x), x)", "1/cos(x)^2"),  # poles at ±π/2
    ("diff(ln(x^2), x)", "2/x"),
])
def test_equivalent_forms_near_poles_for_every_seed(answer, typed):
    for seed in range(60):
        ok(q("expression", answer, seed=seed), typed)


def test_tolerance_is_relative_with_an_absolute_floor_and_overridable():
    big = q("number", "1000*pi")  # 3141.59…
    ok(big, "3141.6 + 2")  # within rtol = 1e-3 of the value (an expression: no rounding leniency)
    wrong(big, "3141.6 + 5")
    zero = q("number", "sin(pi)")  # 1.2e-16: the floor absorbs floating-point noise around 0
    ok(zero, "0")
    wrong(zero, "10^(-6)")
    loose = q("number", "1000*pi", rtol=0.01)
    ok(loose, "3141.6 + 20")
    wrong(loose, "3141.6 + 40")
    floor = q("number", "0", atol=0.5)
    ok(floor, "1/4")
    wrong(floor, "1")
    tight = q("expression", "x^2", rtol=1e-12, atol=1e-12)
    wrong(tight, "x^2 + 10^(-9)")  # (no scientific notation: `1e-9` would be 1·e − 9)
    ok(q("expression", "x^2"), "x^2 + 10^(-10)")  # default expression tolerance: rtol 1e-6, atol 1e-9


def test_verdict_carries_the_answer_as_maths_the_mistake_and_the_solution():
    question = q("expression", "diff(sin(x^2), x)", solution="f′(x) = {= diff(sin(x^2), x)}",
                 mistakes=(Mistake("cos(x^2)", "Multiply by the inside's derivative."),))
    v = ok(question, "x*2*cos(x**2)")
    assert v.understood == "x·2·cos(x²)" or v.understood == "2·x·cos(x²)"
    assert sorted(v.expected.split("·")) == ["2", "cos(x²)", "x"]  # in whatever order the engine prints
    assert v.solution == f"f′(x) = {v.expected}"
    v = wrong(question, "cos(x**2)")
    assert v.understood == "cos(x²)" and "**" not in v.understood
    assert v.mistake == "Multiply by the inside's derivative."


def test_domain_matters():
    # e^(ln x) equals x only for x > 0: in the default domain [-2, 2] it is undefined half the time
    question = q("expression", "x")
    v = wrong(question, "e^(ln(x))")
    assert "undefined" in v.message
    ok(q("expression", "x", domain={"x": (0.1, 3.0)}), "e^(ln x)")
    ok(q("expression", "e^(ln(x))"), "x")  # points where the *expected* is undefined are skipped


@pytest.mark.parametrize("answer, typed", [
    ("diff(sin(x^2), x)", "cos(x^2)"),  # missing chain-rule factor
    ("diff(sin(x^2), x)", "-2x cos(x^2)"),  # sign error
    ("diff(x^4, x)", "4x^4"),  # off-by-one exponent
    ("diff(x^4, x)", "4x^5"),
    ("diff(x^4, x)", "3x^3"),
    ("x^2 + 2x + 1", "x^2 + 1"),
    ("diff(exp(2x), x)", "exp(2x)"),
    ("x", "x + 10^(-4)"),  # a small constant offset (`1e-4` would read as e − 4)
])
def test_near_misses_are_rejected(answer, typed):
    wrong(q("expression", answer), typed)


def test_expression_variables_and_messages():
    question = q("expression", "diff(x^2*y, x)")  # 2xy
    assert question.variables == ("x", "y")
    v = not_counted(question, "2x z")
    assert v.message == "`z` is not a variable of this question; use x, y."
    v = wrong(question, "2x")
    assert v.message.startswith("Not the same as the answer: they differ at x = ")
    declared = q("expression", "2*x", variables=("x", "y"))
    ok(declared, "x + x + 0*y")


def test_expression_mistakes():
    question = q("expression", "diff(sin(3x^2), x)", mistakes=(
        Mistake("cos(3x^2)", "Chain rule: multiply by the inside's derivative."),))
    assert wrong(question, "cos(3x²)").mistake == "Chain rule: multiply by the inside's derivative."
    assert wrong(question, "6x").mistake is None


def test_gradient_and_jacobian_expressions():
    question = q("expression", "grad(x^2*y + 3z, [x, y, z])")
    ok(question, "[2xy, x^2, 3]")
    v = wrong(question, "[2xy, x^2, 3z]")
    assert v.wrong_entries == ((2,),)
    jac = q("expression", "jacobian([x^2 - y^2, 2x*y], [x, y])")
    ok(jac, "[[2x, -2y], [2y, 2x]]")
    assert "swapped" in wrong(jac, "[[2x, 2y], [-2y, 2x]]").message
    row = q("expression", "jacobian(x^2*y, [x, y])")
    assert row.expected.expr is not None
    ok(row, row.answer_text)


# ---------------------------------------------------------------------------------------- choices
def test_text_choice():
    question = q("choice", choices=("product rule", "chain rule", "power rule"), correct=(0,), shuffle=False,
                 choice_says=("", "Nothing is inside anything here.", ""))
    assert [c.label for c in question.choices] == ["a", "b", "c"]
    ok(question, "a")
    ok(question, "A")
    ok(question, [0])
    v = wrong(question, "b")
    assert v.mistake == "Nothing is inside anything here."
    assert not_counted(question, "a, b").message == "Choose one option."
    assert "not an option" in not_counted(question, "z").message


def test_expression_choices_decided_by_the_engine_and_shuffled():
    s = spec("choice", "diff(a*x^2, x)", params={"a": "int 2..5"},
             choices=("2*a*x", "a*x^2", "a*x", "-2*a*x"), show="plots", plot_x=(-3.0, 3.0))
    orders = set()
    for seed in range(20):
        question = instantiate(s, seed)
        right = [c for c in question.choices if c.correct]
        assert len(right) == 1 and right[0].index == 0
        assert right[0].expr is not None and "x" in right[0].expr
        ok(question, right[0].label)
        orders.add(tuple(c.index for c in question.choices))
    assert len(orders) > 1


def test_numeric_multiple_choice():
    s = spec("choice", "-a", answers=("-a", "a"), params={"a": "int 1..3"}, choices=("-a", "0", "a", "2*a"),
             multiple=True)
    question = instantiate(s, 3)
    right = [c.label for c in question.choices if c.correct]
    assert len(right) == 2
    ok(question, ", ".join(right))
    ok(question, "".join(right))
    v = wrong(question, right[0])
    assert v.message == "You found 1 of the 2 right options."
    zero = next(c.label for c in question.choices if c.text == "0")
    assert "not right" in wrong(question, f"{right[0]}, {right[1]}, {zero}").message


# ------------------------------------------------------------------------------- seeds, echo, safety
@given(st.integers(0, 10**9))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_same_seed_same_question(seed):
    s = spec("number", "at(diff(a*x^n, x), x=x0)", ask="f(x) = {= a*x^n}; f′({x0})?",
             params={"a": "int 2..9", "n": "int 2..5", "x0": "choice -2 -1 1 2"})
    one, two = instantiate(s, seed), instantiate(s, seed)
    assert one.prompt == two.prompt and one.params == two.params
    assert grade(one, one.answer_text).correct


def test_quiz_error_for_a_bad_answer():
    with pytest.raises(QuizError):
        instantiate(spec("number", "1/(a-a)", params={"a": "int 1..3"}), 0)
    with pytest.raises(QuizError, match="must be a vector"):
        instantiate(spec("vector", "3"), 0)


def test_understand_echo():
    question = q("expression", "x^2")
    u = understand(question, "2x sin(x)")
    assert isinstance(u, Understood) and u.text == "2·x·sin(x)" and u.kind == "expression"
    assert understand(question, "[[1,2],[3,4]]").shape == (2, 2)
    e = understand(question, "2*(")
    assert isinstance(e, ParseError) and e.column == 4
    choice = q("choice", choices=("a", "b"), correct=(1,))
    assert understand(choice, "b").text == "b"
    assert isinstance(understand(choice, "q"), ParseError)


@pytest.mark.parametrize(("typed", "note"), [
    ("1e-3", "1×10⁻³ is typed 1*10^(-3)"), ("2.5E4", "2.5×10⁴ is typed 2.5*10^(4)"), ("2e", ""),
    ("2e x", ""), ("x1e-3", ""),
])
def test_a_calculators_e_notation_gets_a_word_of_warning(typed, note):
    """`1e-3` is 1·e − 3 in our language (e is Euler's number): the echo says how to type 10⁻³."""
    u = understand(q("number", "1"), typed)
    assert isinstance(u, Understood)
    assert (note in u.note) if note else u.note == ""


HOSTILE = [
    "9**9**9**9", "(" * 500 + "x" + ")" * 500, "x" * 5000, "1e999999", "\x00\x1b[2J", "ｘ^２",
    "[[[[1]]]]", "[1, [2, 3]]", "[[1, 2], [3]]", "sin()", "__import__('os')", "exp(exp(exp(99)))",
    "‮x", "1/0 - 1/0", "diff(", "at(x, x=", "0^0", "(-8)^(1/3)", "10^400", "[" * 100,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_raises(text):
    for question in (q("number", "2"), q("expression", "grad(x*y, [x, y])"), q("matrix", "[[1, 2], [3, 4]]"),
                     q("choice", choices=("a", "b"), correct=(0,))):
        v = grade(question, text)
        assert not v.correct
        understand(question, text)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_random_text_never_raises(text):
    question = q("expression", "diff(sin(x^2), x)")
    v = grade(question, text)
    assert isinstance(v.correct, bool)


def test_a_rounded_decimal_matches_a_declared_mistake():
    """Typing the calculator's √27 to 4 figures gets the mistake's feedback, not a bare 'Not right'."""
    question = q("number", "sqrt(25) + 2/(2*sqrt(25))", rtol=1e-6,  # the tangent's 5.2, not √27 = 5.196…
                 mistakes=(Mistake("sqrt(27)", "That is the true root."),))
    v = wrong(question, "5.196")
    assert v.mistake == "That is the true root."
    assert wrong(question, "5.3").mistake is None


def test_a_whole_number_is_taken_as_typed():
    """`10` for 7 is simply wrong (it used to be "7 rounded to the tens": close, not counted)."""
    wrong(q("number", "7"), "10")
    wrong(q("number", "-136"), "-100")
    not_counted(q("number", "at(diff(x^(3/2) + pi*x^2 + sqrt(7), x), x=2)"), "15")  # 14.69 rounded to units


def test_a_declared_mistake_near_the_answer_is_named_not_called_close():
    """tanh(1) = 0.76; the learner who forgets the activation types z = 1, which is the declared mistake."""
    forgot = Mistake("1", "Apply the activation: a = tanh(z).")
    question = q("number", "tanh(1)", decimals=3, mistakes=(forgot,))
    v = wrong(question, "1")
    assert v.mistake == "Apply the activation: a = tanh(z)."
    assert not_counted(question, "0.8").mistake is None  # right, too roughly rounded: still only close


def test_entries_side_by_side_are_a_slip_of_form_not_a_wrong_answer():
    question = q("vector", "[0.4, 0.7]")
    v = not_counted(question, "[0.4 0.7]")
    assert "commas" in v.message
    assert "1 entry;" in wrong(question, "[0.4]").message

"""Grading a learner's answer as mathematics: numbers by tolerance, formulas at random points.

Rules (the reasons are in docs/quizzes.md): input that does not parse, uses a symbol the question does
not have, or has the wrong form (a number where a vector is asked) is *not counted*; a real answer that
is wrong is counted and gets the most specific feedback we can give (which entries, swapped rows and
columns, a declared mistake). `grade` never raises, whatever the text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from mfml_tui.engine import (
    EngineError,
    Expr,
    Mat,
    ParseError,
    Vec,
    evaluate,
    free_symbols,
    parse,
    to_ascii,
    to_unicode,
)
from mfml_tui.engine.diagnosis import Candidate, Pair, candidates, pairs
from mfml_tui.engine.malrules import MALRULES
from mfml_tui.engine.memo import Memo
from mfml_tui.engine.parser import typed_symbols
from mfml_tui.engine.printing import number, times_ten
from mfml_tui.engine.trace import RULES
from mfml_tui.engine.tree import Call, Num, Rel, walk
from mfml_tui.quiz.derivation import derives
from mfml_tui.quiz.kinds import KINDS
from mfml_tui.quiz.question import LETTERS, Question, evaluate_at, shape_of

_LITERAL = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)$")


@dataclass(frozen=True)
class Understood:
    """How the answer was read, for the live echo under the answer box."""

    text: str  # Unicode maths
    kind: str  # number | vector | matrix | expression | choice
    shape: tuple[int, ...] = ()
    note: str = ""  # a word of warning about how it was read (`1e-3` is 1·e − 3 here)


# `[0.4 0.7]`: two numbers with only a space between them (implicit multiplication)
_SPACED_NUMBERS = re.compile(r"\d\.?\s+[-−+]?\.?\d")

# `1e-3`, `2.5E4`: a calculator's powers of ten, which our language reads as products with Euler's e
_E_NOTATION = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)[eE]([-+−]?\d+)")


# `5 120`: digits grouped by a space, which the language reads as the product 5·120
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d+)?(?![\d.])")
# `d/dx(…)`, `dy/dx`: the instruction typed with the answer
_D_DX = re.compile(r"(?<![A-Za-z])d[A-Za-z]?\s*/\s*d[a-z]")
# a decimal with a point (a rounded coefficient in a formula: `1.4142x`)
_DECIMAL = re.compile(r"(?<![\d.])(\d*\.\d+)")
TIGHT = 1e-9  # relative agreement that counts as exact: only floating-point noise


def _e_notation_note(text: str) -> str:
    found = _E_NOTATION.search(text)
    if found is None:
        return ""
    mantissa, power = found[1], int(found[2].replace("−", "-"))
    return f"e is Euler's number here: {times_ten(mantissa, power)} is typed {mantissa}*10^({power})"


@dataclass(frozen=True)
class Verdict:
    """The outcome of one attempt. `counted` is False when the attempt should not count at all (it did
    not parse, used an unknown symbol, had the wrong form); the UI records only counted attempts."""

    correct: bool
    counted: bool
    message: str
    understood: str = ""  # Unicode of the parsed answer
    mistake: str | None = None  # feedback of the declared mistake the answer matches
    solution: str = ""
    wrong_entries: tuple[tuple[int, ...], ...] = ()  # 0-based indexes of wrong vector/matrix entries
    expected: str = ""  # the right answer in Unicode maths (show it when the learner gives up)
    slip: str | None = None  # id of the mal-rule the engine diagnosed (engine.malrules), if any
    slip_at: tuple[str, str] | None = None  # (the node in ASCII, the variable) where that slip was made;
    # ("", the operation's rule) for a slip in putting an operation together


# --------------------------------------------------------------------------------------- understanding
def _form(shape: tuple[int, ...]) -> str:
    if not shape:
        return "a number"
    if len(shape) == 1:
        return f"a vector with {shape[0]} entries"
    return f"a {shape[0]}×{shape[1]} matrix"


def _learner_shape(expr: Expr) -> tuple[int, ...]:
    if isinstance(expr, Vec):
        return (len(expr.items),)
    if isinstance(expr, Mat):
        return expr.shape
    return ()


def _forbidden(expr: Expr) -> str | None:
    for node in walk(expr):
        if isinstance(node, Call):
            return f"`{node.name}(…)` is for lesson authors: type the result itself"
        if isinstance(node, Rel):
            return "an answer is a value, not a comparison"
    return None


def understand(question: Question, text: str) -> Understood | ParseError:
    """Parse and print the answer as the learner types (no grading: cheap enough for every key)."""
    try:
        if KINDS[question.kind].is_choice:
            picked = _selection(question, text)
            if isinstance(picked, str):
                return ParseError(picked, 1)
            return Understood(", ".join(question.choices[i].label for i in picked), "choice", (len(picked),))
        expr = parse(text)
        shape = _learner_shape(expr)
        kind = "expression" if free_symbols(expr) else ("number", "vector", "matrix")[len(shape)]
        return Understood(to_unicode(expr), kind, shape, _e_notation_note(text))
    except ParseError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 — hostile input: never let the echo crash the app
        return ParseError(str(exc) or "cannot read this", 1)


def a_mistake_is_right(question: Question) -> bool:
    """Whether some declared mistake, typed in, would grade as right on these numbers."""
    return any(v.correct for v in mistake_verdicts(question))


def mistake_verdicts(question: Question) -> tuple[Verdict, ...]:
    """Each declared mistake typed in and graded (`instantiate` refuses a draw where one is right;
    `lessons check` reads the same verdicts to see that each is recognised)."""
    return tuple(_typed_in(question, value) for value, _says in question.mistakes)


def _typed_in(question: Question, value) -> Verdict:
    try:
        text = value.ascii
    except Exception as exc:  # noqa: BLE001 — a mistake that cannot even be typed cannot be right
        return Verdict(False, False, f"I could not type that mistake ({exc}).")
    return grade(question, text)


def _rounded(values: np.ndarray, q: Question) -> np.ndarray:
    """Values rounded as the question asks answers to be given (N decimals, or `sigfigs` figures)."""
    v = np.asarray(values, dtype=float).ravel()
    if q.spec.decimals is not None:
        return np.round(v, q.spec.decimals)
    with np.errstate(all="ignore"):
        magnitude = np.floor(np.log10(np.where(v == 0, 1.0, np.abs(v))))
    scale = 10.0 ** (q.spec.sigfigs - 1 - magnitude)
    return np.round(v * scale) / scale


def a_mistake_rounds_to_the_answer(question: Question) -> bool:
    """Whether some declared mistake, rounded at the question's precision, reads the same as the rounded
    answer (secant slope 24.04 against the tangent slope 24 at 3 figures): the learner who rounds as
    asked could not be told apart from the one who made the mistake. Whole numbers are exact; a
    mistake exactly equal to the answer is `a_mistake_is_right`'s business."""
    if not KINDS[question.kind].numeric:
        return False
    expected = np.asarray(question.expected.value, dtype=float)  # type: ignore[union-attr]
    whole = _whole(question.expected)
    for value, _says in question.mistakes:
        target = np.asarray(value.value, dtype=float) if value.kind != "expression" else None
        if target is None or target.shape != expected.shape or not np.isfinite(target).all():
            continue
        same = np.isclose(_rounded(target, question), _rounded(expected, question), rtol=1e-12, atol=0)
        exact = np.abs(target.ravel() - expected.ravel()) <= 1e-12 * np.abs(expected.ravel())
        if np.where(whole, exact, same).all() and not exact.all():  # equal is a_mistake_is_right's
            return True
    return False


# ---------------------------------------------------------------------------------------------- grading
def grade(question: Question, answer: str | Sequence[int]) -> Verdict:
    """Grade one attempt; `answer` is the typed text (or, for choices, the picked option positions)."""
    try:
        with np.errstate(all="ignore"):
            if KINDS[question.kind].is_choice:
                return _grade_choice(question, answer)
            return _grade_maths(question, str(answer))
    except Exception as exc:  # noqa: BLE001 — hostile or unforeseen input: never raise, never count
        return Verdict(False, False, f"I could not check that answer ({exc}).", solution=question.solution)


def _verdict(question: Question, correct: bool, counted: bool, message: str, understood: str = "",
             mistake: str | None = None, wrong: tuple[tuple[int, ...], ...] = (),
             slip: str | None = None, slip_at: tuple[str, str] | None = None) -> Verdict:
    return Verdict(correct, counted, message, understood, mistake, question.solution, wrong,
                   question.expected_text, slip, slip_at)


def _grade_maths(q: Question, text: str) -> Verdict:
    if not text.strip():
        return _verdict(q, False, False, "Type an answer first.")
    try:
        expr = parse(text)
    except ParseError as exc:
        return _verdict(q, False, False, f"I cannot read that: {exc}.")
    except EngineError as exc:
        return _verdict(q, False, False, f"I cannot read that: {exc}.")
    understood = to_unicode(expr)
    problem = _forbidden(expr)
    if problem:
        return _verdict(q, False, False, problem + ".", understood)
    if _D_DX.search(text):
        return _verdict(q, False, False, "`d/dx` is the question, not part of the answer: type the "
                        "derivative itself, e.g. 2*x*cos(x^2).", understood)
    symbols = free_symbols(expr) | typed_symbols(text)  # as typed: d·d⁻¹ cancels in the tree
    allowed = set(q.variables)
    unknown = sorted(symbols - allowed)
    if unknown:
        name = to_unicode(parse(unknown[0])) if len(unknown[0]) < 20 else unknown[0]
        if allowed:
            use = ", ".join(to_unicode(parse(v)) for v in q.variables)
            message = f"`{name}` is not a variable of this question; use {use}."
        else:
            form = _form(shape_of(q.expected))
            message = f"`{name}` is not allowed here: the answer is {form}, with no variables."
        return _verdict(q, False, False, message, understood)
    want, got = shape_of(q.expected), _learner_shape(expr)
    if want != got:
        if want and _SPACED_NUMBERS.search(text):  # `[0.4 0.7]` is the product [0.28]: a slip of form
            return _verdict(q, False, False, "Numbers side by side are multiplied: separate the entries "
                            "with commas, e.g. [1, 2].", understood)
        return _shape_verdict(q, expr, want, got, understood)
    if KINDS[q.kind].pointwise:
        verdict = _grade_expression(q, expr, text, understood)
    else:
        verdict = _grade_numbers(q, expr, text, understood)
    return _slip(q, text, verdict)


def _slip(q: Question, text: str, verdict: Verdict) -> Verdict:
    """A wrong answer typed with a slip of notation is not counted (STACK's rule: invalid input is never
    penalised); the message says what to type instead. Read literally and right, it stays right."""
    if verdict.correct or not verdict.counted:
        return verdict
    note = ""
    if _E_NOTATION.search(text):
        note = _e_notation_note(text) + "."
    elif _GROUPED.search(text):
        found = _GROUPED.search(text)[0]  # type: ignore[index]
        plain = re.sub(r"\s", "", found)
        note = f"`{found}` is read as a product: type {plain} without spaces (no digit grouping)."
    if not note:
        return verdict
    return _verdict(q, False, False, note, verdict.understood)


def _shape_verdict(q: Question, expr: Expr, want: tuple[int, ...], got: tuple[int, ...],
                   understood: str) -> Verdict:
    if len(want) != len(got):
        if len(want) == 1 and len(got) == 2 and 1 in got and max(got) == want[0]:
            hint = "type a vector in one pair of brackets, e.g. [1, 2]"
        else:
            hint = {0: "type a single value", 1: "type it as [a, b, …]", 2: "type it row by row, "
                    "e.g. [[1, 2], [3, 4]]"}[len(want)]
        return _verdict(q, False, False, f"The answer is {_form(want)}, but you gave {_form(got)}: {hint}.",
                        understood)
    if len(want) == 2:
        if got == want[::-1]:
            swapped = _matches(q, expr, transpose=True)
            if swapped:
                return _verdict(q, False, True, "Rows and columns are swapped: you gave the transpose "
                                "(row i holds the derivatives of the i-th function).", understood,
                                _mistake_of(q, expr))
        return _verdict(q, False, True, f"You gave a {got[0]}×{got[1]} matrix; the answer is "
                        f"{want[0]}×{want[1]}.", understood, _mistake_of(q, expr))
    entries = f"{got[0]} entr{'y' if got[0] == 1 else 'ies'}"
    return _verdict(q, False, True, f"You gave {entries}; the answer has {want[0]}.", understood,
                    _mistake_of(q, expr))


# ------------------------------------------------------------------------------------------- numbers
def _entry_texts(text: str) -> list[str]:
    """The typed text of each entry, row by row: `[-12.6, -e^2, 0]` → `-12.6`, `-e^2`, `0`. Brackets
    (or a tuple's parentheses) holding a top-level comma are containers; anything else is one entry."""
    text = text.strip()
    if len(text) < 2 or text[0] not in "[(" or text[-1] != {"[": "]", "(": ")"}[text[0]]:
        return [text]
    parts, depth, start = [], 0, 1
    for i, ch in enumerate(text):
        if ch in "[(":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return [text]  # `(a)(b)`: the brackets do not hold the whole text
        elif ch == "," and depth == 1:
            parts.append(text[start:i])
            start = i + 1
    if not parts:
        return [text]
    parts.append(text[start:-1])
    return [entry for part in parts for entry in _entry_texts(part)]


def _literals(text: str, size: int) -> list[str | None] | None:
    """Per entry, the typed decimal when that entry is nothing but a decimal (else None): the rounding
    rule applies entry by entry, whatever the other entries are (`[-12.6, -e^2, 0]`)."""
    entries = _entry_texts(text.replace("\u2212", "-"))
    if len(entries) != size:
        return None
    found = [e.strip() if _LITERAL.match(e.strip()) else None for e in entries]
    return found if any(f is not None for f in found) else None


def _whole(value) -> np.ndarray:
    """Which entries of an engine value are exact whole numbers (they are compared exactly)."""
    expr = value.expr
    items = (expr.items if isinstance(expr, Vec) else
             [i for row in expr.rows for i in row] if isinstance(expr, Mat) else [expr])
    return np.array([isinstance(i, Num) and not isinstance(i.value, float) and i.value == int(i.value)
                     for i in items], dtype=bool)


def _precision(literal: str) -> tuple[int, float, int]:
    """(significant figures, half a unit in the last place, decimals) of a typed decimal."""
    digits = literal.lstrip("+-")
    if "." in digits:
        whole, frac = digits.split(".")
        decimals = len(frac)
        significant = len((whole + frac).lstrip("0"))
        return max(significant, 1), 0.5 * 10.0 ** -decimals, decimals
    # A whole number is taken as typed: `10` for 7 is wrong, not 7 "rounded to the tens" (learners type
    # whole numbers as exact values far more often than as sums rounded to trailing zeros)
    return max(len(digits.lstrip("0")), 1), 0.5, 0


def _compare_numbers(q: Question, given: np.ndarray, expected: np.ndarray, literals: list[str | None] | None,
                     whole: np.ndarray | None = None,
                     printed: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(exact, ok, too rough) per entry. Exact: equal up to floating-point noise. Ok: exact, or within
    tolerance, or the correctly rounded value with enough precision. A whole-number expected entry and a
    typed whole number are taken as typed: no relative tolerance (5121 is not 5120)."""
    spec = q.spec
    g, e = given.ravel(), expected.ravel()
    whole = np.zeros(e.shape, dtype=bool) if whole is None or whole.shape != e.shape else whole
    diff = np.abs(g - e)
    finite = np.isfinite(g)
    exact = finite & (diff <= spec.atol + TIGHT * np.abs(e))
    loose = finite & (diff <= spec.atol + spec.rtol * np.abs(e)) & ~whole
    slack = q.printed_slack if printed else None
    if slack is not None and slack.shape == e.shape:  # `printed = true`: from the prompt's rounded numbers
        loose |= finite & (diff <= spec.atol + slack)
    if spec.decimals is not None:
        loose |= finite & (diff <= 0.5 * 10.0 ** -spec.decimals * (1 + 1e-9) + 1e-12)
    ok = exact | loose
    rough = np.zeros_like(ok)
    for i, lit in enumerate(literals or ()):
        if lit is None or exact[i]:
            continue
        sig, half, decimals = _precision(lit)
        if "." not in lit:
            ok[i] = False  # a whole number is taken as typed, to the unit
        if diff[i] <= half * (1 + 1e-9) + 1e-15:
            enough = (sig >= spec.sigfigs) if spec.decimals is None else (decimals >= spec.decimals)
            ok[i] = ok[i] or enough
            rough[i] = not ok[i]
    return exact, ok, rough


def _entries(shape: tuple[int, ...], mask: np.ndarray) -> tuple[tuple[int, ...], ...]:
    if not shape:
        return ()
    return tuple(tuple(int(i) for i in np.unravel_index(k, shape)) for k in np.flatnonzero(~mask))


def _wrong_message(shape: tuple[int, ...], wrong: tuple[tuple[int, ...], ...]) -> str:
    if not shape:
        return "Not right."
    names = [str(w[0] + 1) if len(w) == 1 else f"({w[0] + 1}, {w[1] + 1})" for w in wrong]
    if len(names) == 1:
        return f"Entry {names[0]} is wrong."
    if len(names) == int(np.prod(shape)):
        return "Every entry is wrong."
    return f"Entries {', '.join(names[:-1])} and {names[-1]} are wrong."


def _grade_numbers(q: Question, expr: Expr, text: str, understood: str) -> Verdict:
    expected = np.asarray(q.expected.value, dtype=float)  # type: ignore[union-attr]
    given = np.asarray(evaluate(expr), dtype=float)
    if not np.all(np.isfinite(given)):
        where = "" if not expected.shape else " (some entries are not)"
        return _verdict(q, False, False, f"That is not a finite number{where}: it is undefined or too "
                        "large to compute. Check it and type a value.", understood)
    literals = _literals(text, expected.size)
    exact, ok, rough = _compare_numbers(q, given, expected, literals, _whole(q.expected), printed=True)
    if exact.all():
        return _verdict(q, True, True, "Correct.", understood)
    # a declared mistake, or its correctly rounded form, is named before "right by rounding": 24.0 is
    # the tangent slope 24 the question warns about, not the secant slope 24.04 rounded
    mistake = _mistake_of(q, expr, given, literals)
    if mistake is None and ok.all():
        return _verdict(q, True, True, "Correct.", understood)
    if mistake is None and (ok | rough).all():
        need = (f"{q.spec.decimals} decimal places" if q.spec.decimals is not None
                else f"at least {q.spec.sigfigs} significant figures")
        return _verdict(q, False, False, f"Close: give {need} (or type an exact expression).", understood)
    diagnosis = None if mistake is not None else _diagnose(q, given)
    if diagnosis is not None:
        mistake = diagnosis[1]
    wrong = _entries(expected.shape, ok if mistake is None else exact)
    message = _wrong_message(expected.shape, wrong)
    if expected.ndim == 2 and _matches(q, expr, transpose=True):
        message = "Rows and columns are swapped: you gave the transpose."
    elif mistake is None:
        message = _sign_message(q, given, expected) or message
    slip, slip_at = (diagnosis[0], diagnosis[2]) if diagnosis else (None, None)
    return _verdict(q, False, True, message, understood, mistake, wrong, slip, slip_at)


def _sign_message(q: Question, given: np.ndarray, expected: np.ndarray) -> str:
    """"Only the sign is wrong", saying which sign the answer has, from the values themselves."""
    if expected.ndim or not expected or not np.isfinite(given).all():
        return ""
    _, flipped, _ = _compare_numbers(q, -given, expected, None)
    if not flipped.all():
        return ""
    return f"Only the sign is wrong: the answer is {'positive' if expected > 0 else 'negative'}."


# ----------------------------------------------------------------------------------------- expressions
def _at(q: Question, expr: Expr) -> np.ndarray | None:
    sample = q.sample
    if sample is None:
        return None

    shape = _learner_shape(expr)
    return evaluate_at(expr, sample, shape)


def _close_at(q: Question, got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Per point and entry: finite and within tolerance (relative, with an absolute floor that also
    scales with the size of the answer, so cancellation in large values is not a false alarm)."""
    spec = q.spec
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    tol = spec.atol + spec.rtol * np.abs(expected) + 1e-12 * scale
    return np.isfinite(got) & (np.abs(got - expected) <= tol)


def _rounded_coefficients(q: Question, text: str, got: np.ndarray) -> str:
    """A formula with decimal coefficients (`1.4142x` for √2·x) that agrees with the answer to the digits
    typed: "close", never a counted wrong attempt. Empty when there are no such decimals or it differs."""
    decimals = _DECIMAL.findall(text)
    if not decimals or q.sample is None:
        return ""
    relative = 0.0
    for d in decimals:
        sig, half, _ = _precision(d)
        value = float(d)
        if sig < 3 or value == 0:
            return ""  # too rough to say it agrees: an ordinary wrong answer
        relative = max(relative, half / value)
    expected = q.sample.expected
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    tol = q.spec.atol + 5 * relative * (np.abs(expected) + 0.1 * scale)
    if not (np.isfinite(got) & (np.abs(got - expected) <= tol)).all():
        return ""
    return (f"Close, but `{decimals[0]}` is a rounded number: in a formula type exact values such as "
            "sqrt(2), 1/3 or pi.")


def _grade_expression(q: Question, expr: Expr, text: str, understood: str) -> Verdict:
    sample = q.sample
    if sample is None or sample.expected.shape[-1] == 0:
        return _verdict(q, False, False, "This question cannot be graded (its answer is undefined "
                        "everywhere in its domain); please report it.", understood)
    got = _at(q, expr)
    if got is None:
        return _verdict(q, False, False, "I could not evaluate that answer.", understood)
    close = _close_at(q, got, sample.expected)
    shape = shape_of(q.expected)
    per_entry = close.reshape(-1, close.shape[-1]).all(axis=1).reshape(shape) if shape else close.all()
    if np.all(per_entry):
        return _verdict(q, True, True, "Correct.", understood)
    mistake = _mistake_of(q, expr, got)
    if mistake is None and not np.isfinite(got).any():
        return _verdict(q, False, False, "Your answer is not a finite number anywhere: it is undefined or "
                        "too large to compute.", understood)
    rounded = "" if mistake is not None else _rounded_coefficients(q, text, got)
    if rounded:
        return _verdict(q, False, False, rounded, understood)
    diagnosis = None if mistake is not None else _diagnose(q, got)
    if diagnosis is not None:
        mistake = diagnosis[1]
    slip, slip_at = (diagnosis[0], diagnosis[2]) if diagnosis else (None, None)
    if shape:
        wrong = _entries(shape, np.asarray(per_entry))
        message = _wrong_message(shape, wrong)
        if len(shape) == 2 and shape[0] == shape[1] and _matches(q, expr, transpose=True):
            message = "Rows and columns are swapped: you gave the transpose."
        return _verdict(q, False, True, message, understood, mistake, wrong, slip, slip_at)
    bad = int(np.flatnonzero(~close)[0])
    point = ", ".join(f"{to_unicode(parse(v))} = {number(float(a[bad]), 3)}"
                      for v, a in sample.env.items())
    if not np.isfinite(got[bad]):
        message = f"Your answer is undefined at {point}, where the answer is defined."
    else:
        message = f"Not the same as the answer: they differ at {point}." if point else "Not right."
    return _verdict(q, False, True, message, understood, mistake, slip=slip, slip_at=slip_at)


def _matches(q: Question, expr: Expr, transpose: bool = False) -> bool:
    """Does the answer equal the expected one once transposed? (a swapped Jacobian)"""
    if KINDS[q.kind].pointwise:
        got = _at(q, expr)
        if got is None or q.sample is None:
            return False
        if transpose:
            got = np.swapaxes(got, 0, 1)
        if got.shape != q.sample.expected.shape:
            return False
        return bool(_close_at(q, got, q.sample.expected).all())
    given = np.asarray(evaluate(expr), dtype=float)
    expected = np.asarray(q.expected.value, dtype=float)  # type: ignore[union-attr]
    if transpose:
        given = given.T
    if given.shape != expected.shape:
        return False
    if expected.shape == expected.T.shape and np.allclose(expected, expected.T):  # symmetric: no news
        return False
    _, ok, _ = _compare_numbers(q, given, expected, None, _whole(q.expected))
    return bool(ok.all())


def _mistake_of(q: Question, expr: Expr, given: np.ndarray | None = None,
                literals: list[str] | None = None) -> str | None:
    """The feedback of the first declared mistake this answer equals (typed decimals rounded as the
    answer's own are: `5.196` is the mistake √27 = 5.19615…)."""
    if not q.mistakes:
        return None
    if KINDS[q.kind].pointwise:
        got = _at(q, expr) if given is None else given
        if got is None:
            return None
        for (_, says), values in zip(q.mistakes, q.mistake_samples, strict=False):
            if values is not None and values.shape == got.shape and _close_at(q, got, values).all():
                return says
        return None
    if given is None:
        given = np.asarray(evaluate(expr), dtype=float)
    for value, says in q.mistakes:
        if value.kind == "expression":
            continue
        target = np.asarray(value.value, dtype=float)
        if target.shape == given.shape:
            _, ok, _ = _compare_numbers(q, given, target, literals, _whole(value))
            if ok.all():
                return says
    return None


_SLIPS_KEPT = 64  # questions whose slips are remembered (a learner answers one at a time)
_SLIPS: Memo[list[tuple[Candidate, np.ndarray]]] = Memo(_SLIPS_KEPT)


def _key(q: Question) -> tuple:
    return (q.spec.id, q.spec.answer, q.seed, tuple(sorted(q.params.items())))


def _diagnosable(q: Question) -> bool:
    return bool(q.spec.answer) and derives(q.spec.answer) and not KINDS[q.kind].is_choice


def prepare(q: Question) -> None:
    """Search the slips of a question the learner has started to answer (the quiz card calls this in a
    thread as typing begins), so that Enter on a wrong answer finds the search done."""
    if _diagnosable(q):
        _slip_values(q)
        _prepare_pairs(q)


def _slip_values(q: Question) -> list[tuple[Candidate, np.ndarray]]:
    """Each single-slip variant of the answer (engine.diagnosis) with its values where the answer is
    compared: at the question's points (expressions) or as numbers. Variants equal to the right answer
    here are left out: they are never a diagnosis. Computed once per question."""
    key = _key(q)
    found = _SLIPS.get(key)
    if found is not None:
        return found
    found = []
    pointwise = KINDS[q.kind].pointwise
    for c in candidates(q.spec.answer, q.params):
        if pointwise:
            if q.sample is None:
                break
            values = evaluate_at(c.value.expr, q.sample, shape_of(q.expected))
            if values is None or values.shape != q.sample.expected.shape \
                    or _close_at(q, values, q.sample.expected).all():
                continue
        else:
            if c.value.kind == "expression":
                continue
            values = np.asarray(c.value.value, dtype=float)
            expected = np.asarray(q.expected.value, dtype=float)  # type: ignore[union-attr]
            if values.shape != expected.shape or np.allclose(values, expected, rtol=1e-9, atol=0):
                continue
        found.append((c, values))
    _SLIPS.put(key, found)
    return found


def _matching(q: Question, got: np.ndarray) -> list[Candidate]:
    """The single-slip variants this wrong answer equals where answers are compared (its points, or its
    numbers with the question's rounding rules)."""
    if not _diagnosable(q):
        return []
    pointwise = KINDS[q.kind].pointwise
    matches = []
    for c, values in _slip_values(q):
        if values.shape != got.shape:
            continue
        if pointwise:
            if _close_at(q, got, values).all():
                matches.append(c)
        elif _compare_numbers(q, got, values, None, _whole(c.value))[1].all():
            matches.append(c)
    return matches


def _diagnose(q: Question, got: np.ndarray) -> tuple[str | None, str, tuple[str, str] | None] | None:
    """(mal-rule id, feedback, place) when the wrong answer equals the right one with a classic slip
    (engine.diagnosis) on this draw; a variant that equals the right answer here is never used. When
    several slips match, the feedback says the least specific thing that is true of all of them (the
    place, or the wrong derivative without a reason) and the id is kept only if they share it."""
    if not _diagnosable(q):
        return None
    matches = _matching(q, got)
    if not matches:
        return _two_slips(q, got)
    first = matches[0]
    rule = MALRULES[first.malrule]
    ids = {m.malrule for m in matches}
    slip = first.malrule if len(ids) == 1 else None
    places = {(m.node, m.var, m.everywhere) for m in matches}
    if len(places) > 1 or (len(ids) > 1 and len({m.wrong for m in matches}) > 1):
        where = (f"differentiating {to_unicode(first.node)}" if first.node is not None
                 else f"putting the {RULES.get(rule.rule, rule.rule)} together")
        return slip, f"Your answer matches a slip in {where}: compare your working with the steps " \
            "(ctrl+o).", None
    if first.node is None or first.right is None or first.wrong is None:  # a slip in an operation
        marked = ("", rule.rule) if rule.rule in ("jacobian", "hessian", "taylor") else None
        return slip, f"{rule.did}: {rule.says}.", marked
    d = "d/d" if len(free_symbols(q.expected.expr)) <= 1 else "∂/∂"  # type: ignore[union-attr]
    node = to_unicode(first.node)
    worked = f"{d}{first.var} {node} = {to_unicode(first.right)}"
    if slip is None:  # one wrong derivative at one place, which two rules explain equally well
        message = f"You differentiated {node} as {to_unicode(first.wrong)} ({worked})."
    elif rule.did:
        message = f"{rule.did}: {rule.says}."
    elif first.everywhere:
        message = (f"You made the same slip wherever it fits, e.g. you differentiated {node} as "
                   f"{to_unicode(first.wrong)}: {rule.says} ({worked}).")
    else:
        message = f"You differentiated {node} as {to_unicode(first.wrong)}: {rule.says} ({worked})."
    return slip, message, (to_ascii(first.node), first.var)


PAIR_BUDGET = 0.04  #: seconds for trying two slips at once after Enter, when no single slip matched
PREPARED_PAIR_BUDGET = 0.5  #: seconds for working out pairs ahead, while the learner types (`prepare`)
_PAIRS: Memo[list[tuple[Pair, np.ndarray]]] = Memo(_SLIPS_KEPT)


def _pair_values(q: Question, budget: float) -> Iterator[tuple[Pair, np.ndarray]]:
    """Pairs of single slips with their values where the answer is compared, outermost first, for at
    most `budget` seconds (there are n² pairs); those worked out ahead by `prepare` come from a cache."""
    key = _key(q)
    kept = _PAIRS.get(key)
    if kept is not None:
        yield from kept
        return
    pointwise = KINDS[q.kind].pointwise
    if pointwise and q.sample is None:
        return
    deadline = time.perf_counter() + budget
    for pair in pairs(q.spec.answer, q.params):
        if pointwise:
            values = evaluate_at(pair.value.expr, q.sample, shape_of(q.expected))  # type: ignore[arg-type]
        elif pair.value.kind != "expression":
            values = np.asarray(pair.value.value, dtype=float)
        else:
            values = None
        if values is not None:
            yield pair, values
        if time.perf_counter() > deadline:
            return


def _prepare_pairs(q: Question) -> None:
    key = _key(q)
    if key not in _PAIRS:
        _PAIRS.put(key, list(_pair_values(q, PREPARED_PAIR_BUDGET)))


def _two_slips(q: Question, got: np.ndarray) -> tuple[str, str, tuple[str, str] | None] | None:
    """Two single slips made in one working that give this answer (the time-bounded search above)."""
    pointwise = KINDS[q.kind].pointwise
    for pair, values in _pair_values(q, PAIR_BUDGET):
        if values.shape != got.shape:
            continue
        if pointwise:
            hit = bool(_close_at(q, got, values).all())
        else:
            hit = bool(_compare_numbers(q, got, values, None, _whole(pair.value))[1].all())
        if hit:
            one, two = pair.first, pair.second
            said = [f"{to_unicode(c.node)} as {to_unicode(c.wrong)} "  # type: ignore[arg-type]
                    f"({MALRULES[c.malrule].says})" for c in (one, two)]
            return one.malrule, f"Two slips: you differentiated {said[0]}, and {said[1]}.", \
                (to_ascii(one.node), one.var)  # type: ignore[arg-type]
    return None


# ---------------------------------------------------------------------------------------------- choices
def _selection(q: Question, answer: str | Sequence[int]) -> list[int] | str:
    """Positions picked, from letters (`b`, `a, c`, `ac`), 1-based numbers, or a list of positions."""
    n = len(q.choices)
    last = LETTERS[n - 1]
    if not isinstance(answer, str):
        picked = [int(i) for i in answer]
        if any(not 0 <= i < n for i in picked):
            return f"choose options a–{last}"
    else:
        text = answer.strip().lower()
        if not text:
            return "choose an option"
        if len(text) > 200:
            return "that is too long for a choice"
        tokens = [t for t in re.split(r"[\s,;/&+]+|\band\b", text) if t]
        if len(tokens) == 1 and tokens[0].isalpha() and len(tokens[0]) > 1:
            tokens = list(tokens[0])
        picked = []
        for t in tokens:
            t = t.strip("().")
            if len(t) == 1 and t in LETTERS[:n]:
                picked.append(LETTERS.index(t))
            elif t.isdigit() and 1 <= int(t) <= n:
                picked.append(int(t) - 1)
            else:
                return f"`{t}` is not an option: choose from a–{last}"
    picked = sorted(set(picked))
    if not picked:
        return "choose an option"
    if len(picked) > 1 and not q.multiple:
        return "choose one option"
    return picked


def _grade_choice(q: Question, answer: str | Sequence[int]) -> Verdict:
    picked = _selection(q, answer)
    if isinstance(picked, str):
        return _verdict(q, False, False, picked[0].upper() + picked[1:] + ".")
    understood = ", ".join(q.choices[i].label for i in picked)
    right = {i for i, c in enumerate(q.choices) if c.correct}
    chosen = set(picked)
    says = [q.choices[i].says for i in picked if i not in right and q.choices[i].says]
    mistake = " ".join(says) or None
    if chosen == right:
        return _verdict(q, True, True, "Correct.", understood)
    wrong = sorted(chosen - right)
    if q.multiple:
        found = len(chosen & right)
        parts = [f"You found {found} of the {len(right)} right options."]
        if wrong:
            labels = ", ".join(q.choices[i].label for i in wrong)
            parts.append(f"{labels} {'is' if len(wrong) == 1 else 'are'} not right.")
        return _verdict(q, False, True, " ".join(parts), understood, mistake)
    return _verdict(q, False, True, "Not right.", understood, mistake)

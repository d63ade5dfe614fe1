"""Turning a QuizSpec and a seed into a concrete Question: parameters drawn, texts filled, the expected
answer computed by the engine, and (for expression answers) the comparison points chosen.

Everything that does not depend on the learner's text is done here once, so grading stays cheap
(< 1 ms for a number, < 3 ms for an expression). Same spec + same seed = same Question.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from mfml_tui.engine import (
    EngineError,
    Expr,
    Mat,
    Value,
    Vec,
    evaluate,
    free_symbols,
    parse,
    to_ascii,
    to_unicode,
)
from mfml_tui.engine.memo import Memo
from mfml_tui.engine.parser import typed_symbols
from mfml_tui.quiz import params as qparams
from mfml_tui.quiz.kinds import KINDS
from mfml_tui.quiz.mathbridge import QuizError, number_of, value_of
from mfml_tui.quiz.render import fill, format_number, placeholders, printed_params
from mfml_tui.quiz.spec import QuizSpec

DEFAULT_DOMAIN = (-2.0, 2.0)
POINTS = 16  # comparison points where the expected answer is defined (see docs/quizzes.md)
CANDIDATES = 256  # points tried to find them
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Choice:
    """One option as shown: `label` is what the learner types (a, b, …)."""

    label: str
    text: str  # Unicode maths for expression options, the author's text otherwise
    correct: bool
    index: int  # position in the author's list
    expr: str | None = None  # expression options: ASCII with parameters filled in (for mini plots)
    says: str = ""  # feedback when chosen wrongly


@dataclass(frozen=True)
class Sample:
    """The points an expression answer is compared at, and the expected values there."""

    env: dict[str, np.ndarray]
    expected: np.ndarray  # shape (*answer shape, n points)


@dataclass(frozen=True)
class Question:
    """A quiz ready to be asked. The UI reads `prompt`, `hints`, `choices`, `input_hint`; grading reads
    the rest. `expected` is the engine's Value (a tuple of right indexes for text choices)."""

    spec: QuizSpec
    seed: int
    prompt: str
    params: dict[str, float]
    expected: Value | tuple[int, ...]
    hints: tuple[str, ...] = ()
    solution: str = ""
    choices: tuple[Choice, ...] = ()
    variables: tuple[str, ...] = ()
    domain: dict[str, tuple[float, float]] = field(default_factory=dict)
    mistakes: tuple[tuple[Value, str], ...] = ()  # (engine value, feedback with placeholders filled)
    sample: Sample | None = None  # expression kind
    mistake_samples: tuple[np.ndarray | None, ...] = ()
    # `printed = true`: how far the answer computed from the prompt's rounded numbers lies from the exact
    # one, per entry (0 otherwise); the grader accepts anything within 1.5 times that
    printed_slack: np.ndarray | None = None
    labels: dict[str, str] = field(default_factory=dict)  # choice parameters as written (`same` reuses them)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def multiple(self) -> bool:
        return self.spec.multiple

    @property
    def show(self) -> str | None:
        return self.spec.show

    @property
    def plot_x(self) -> tuple[float, float] | None:
        return self.spec.plot_x

    @property
    def plot_variable(self) -> str:
        """The variable a `show = "plots"` question's options are written in (`variables = ["t"]` in a
        lesson about time; x by default): the mini plots are drawn in it and their captions name it."""
        return plot_variable(self.spec)

    @property
    def expected_text(self) -> str:
        """The right answer in Unicode maths (for "show me the answer")."""
        if isinstance(self.expected, Value) and self.kind != "choice":
            return self.expected.decimal if self.expected.kind != "expression" else self.expected.text
        return ", ".join(c.label for c in self.choices if c.correct)

    @property
    def answer_text(self) -> str:
        """The right answer as a learner would type it (ASCII); `lessons check` types it back."""
        if isinstance(self.expected, Value) and self.kind != "choice":
            return to_ascii(self.expected.expr)
        return ", ".join(c.label for c in self.choices if c.correct)

    @property
    def input_hint(self) -> str:
        """A short placeholder for the answer box (the kind's row says what to type)."""
        n = len(self.choices)
        last = LETTERS[n - 1] if n else "a"
        if self.multiple:
            return f"letters a–{last}, e.g. a, c"
        names = ", ".join(self.variables) or "no variables"
        if self.kind == "expression" and isinstance(self.expected, Value) and self.variables:
            # a gradient or a Jacobian is typed in brackets: "an expression" said one formula was wanted
            first, last_name = self.variables[0], self.variables[-1]
            shape = shape_of(self.expected)
            if len(shape) == 1:
                return f"a vector in {names}, e.g. [{first}^2, {last_name} + 1]"
            if len(shape) == 2:
                return f"a matrix in {names}, e.g. [[{first}, 1], [0, {last_name}]]"
        return KINDS[self.kind].hint.format(variables=names, last=last)


def _compute_text(expr: str, values: Mapping[str, float], fmt: str | None) -> str:
    """`{= expr}`: a number (formatted), a vector/matrix of numbers, or a formula in Unicode."""
    value = value_of(expr, values, f"the placeholder `{{= {expr}}}`")
    if value.kind == "number":
        number = float(value.value)
        if not math.isfinite(number):
            raise QuizError(f"the placeholder `{{= {expr}}}` is not finite")
        return format_number(number, fmt) if fmt else _exact_or_decimal(number)
    if value.kind in ("vector", "matrix"):
        return _format_array(np.asarray(value.value, dtype=float), fmt)
    return value.text


def _exact_or_decimal(number: float) -> str:
    """A computed number as a teacher prints it: a multiple of π as one (2π, −π/2, 3π/4), never 6.28319;
    anything else as a decimal (format_number)."""
    if number and math.isfinite(number):
        ratio = Fraction(number / math.pi).limit_denominator(12)
        if ratio and abs(float(ratio) * math.pi - number) <= 1e-9 * abs(number):
            return to_unicode(parse(f"{ratio.numerator}*pi/{ratio.denominator}"))
    return format_number(number)


def _format_array(a: np.ndarray, fmt: str | None) -> str:
    if a.ndim == 1:
        return "[" + ", ".join(format_number(float(v), fmt) if fmt else _exact_or_decimal(float(v))
                               for v in a) + "]"
    return "[" + ", ".join(_format_array(row, fmt) for row in a) + "]"


def render(text: str, draw: qparams.Draw) -> str:
    """The text with its placeholders filled for this draw; remembered per text and the values (and
    labels) of the names it uses, since draws repeat their numbers across seeds and retries."""
    key = _render_key(text, draw)
    if key is not None:
        found = _RENDERED.get(key)
        if found is not None:
            return found
    try:
        rendered = fill(text, draw.values, draw.labels, _compute_text)
    except QuizError:
        raise
    except (ValueError, EngineError) as exc:
        raise QuizError(str(exc)) from None
    if key is not None:
        _RENDERED.put(key, rendered)
    return rendered


_RENDERED: Memo[str] = Memo(4096)  # filled texts


def _render_key(text: str, draw: qparams.Draw) -> tuple | None:
    names = _names_in(text)
    if names is None:
        return None
    values, labels = draw.values, draw.labels
    return (text, tuple((n, type(values[n]), repr(values[n]), labels.get(n)) for n in names if n in values))


@functools.lru_cache(maxsize=4096)
def _names_in(text: str) -> tuple[str, ...] | None:
    """Every name a text's placeholders use (parameters, and the symbols of `{= …}` expressions), sorted;
    None when a placeholder does not parse (the text is then filled afresh, to raise its error)."""
    found, problems = placeholders(text)
    if problems:
        return None
    names: set[str] = set()
    for ph in found:
        if ph.name is not None:
            names.add(ph.name)
        elif ph.expr is not None:
            try:
                names |= free_symbols(parse(ph.expr)) | typed_symbols(ph.expr)
            except EngineError:
                return None
    return tuple(sorted(names))


def _rng(seed: int, stream: int = 0) -> np.random.Generator:
    """`np.random.default_rng(seed)` (`[seed, stream]` for a stream), bit for bit, from a remembered
    seed sequence: every quiz draws from the same few seeds, and hashing the seed into a sequence was
    most of what making a generator cost (`lessons check` makes one per seed of each of 300 quizzes)."""
    return np.random.Generator(np.random.PCG64(_seed_sequence(abs(int(seed)), stream)))


@functools.lru_cache(maxsize=1024)
def _seed_sequence(seed: int, stream: int) -> np.random.SeedSequence:
    """Immutable once made (nothing here spawns from it), so one is shared by all its generators."""
    return np.random.SeedSequence([seed, stream] if stream else seed)


def shape_of(value: Value) -> tuple[int, ...]:
    expr = value.expr
    if isinstance(expr, Vec):
        return (len(expr.items),)
    if isinstance(expr, Mat):
        return expr.shape
    return ()


def sample_points(expr: Expr, variables: tuple[str, ...], domain: Mapping[str, tuple[float, float]],
                  rng: np.random.Generator, shape: tuple[int, ...]) -> Sample:
    """Random points in the domain where `expr` is finite (every entry), up to POINTS of them."""
    env = {v: rng.uniform(*domain.get(v, DEFAULT_DOMAIN), size=CANDIDATES) for v in variables}
    values = np.asarray(evaluate(expr, env), dtype=float)
    if values.shape == shape:  # constant in the variables
        values = np.broadcast_to(values[..., None], shape + (CANDIDATES,))
    if values.shape != shape + (CANDIDATES,):
        raise QuizError(f"the answer has an unexpected shape {values.shape[:-1]}")
    ok = np.isfinite(values).reshape(-1, CANDIDATES).all(axis=0)
    keep = np.flatnonzero(ok)[:POINTS]
    return Sample({v: a[keep] for v, a in env.items()}, np.array(values[..., keep]))


REDRAWS = 8  #: how many other draws a seed may try before it settles for one where a mistake is right


def numbers(spec: QuizSpec, seed: int, stream: int = 0,
            fixed: qparams.Draw | None = None) -> tuple[qparams.Draw, np.random.Generator]:
    """The parameters `build` draws for this seed's `stream`-th draw, and the generator as `build` goes
    on with it (a choice question's shuffle, `choice_order`). Cheap: `lessons check` keys on them."""
    rng = _rng(seed) if stream == 0 else _rng(seed, 1000 + stream)
    specs = []
    for name, text in spec.params.items():
        try:
            specs.append(qparams.parse_param(name, text))
        except qparams.ParamError as exc:
            raise QuizError(str(exc)) from None
    try:
        return qparams.draw(specs, rng, spec.where, fixed=fixed), rng
    except qparams.ParamError as exc:
        raise QuizError(str(exc)) from None


def choice_order(spec: QuizSpec, rng: np.random.Generator) -> list[int]:
    """The order a choice question shows its options in (the generator `numbers` left)."""
    n = len(spec.choices)
    return list(rng.permutation(n)) if spec.shuffle else list(range(n))


#: a draw as `numbers` gives it, with a choice question's `choice_order` (None for other kinds)
Drawn = tuple[qparams.Draw, list[int] | None]


def drawn_numbers(spec: QuizSpec, seed: int, stream: int = 0, fixed: qparams.Draw | None = None) -> Drawn:
    """`numbers`, and the order a choice question shows its options in: all `build` takes from the
    generator, so a caller that needs them first (`lessons check` keys on them) hands them to `build`."""
    draw, rng = numbers(spec, seed, stream, fixed)
    return draw, (choice_order(spec, rng) if KINDS[spec.kind].is_choice else None)


def build(spec: QuizSpec, seed: int, stream: int = 0, fixed: qparams.Draw | None = None,
          drawn: Drawn | None = None) -> Question:
    """The question for this seed's `stream`-th draw (`quiz.instantiate` picks the stream); `fixed` are
    an earlier quiz's numbers this one shares (`same`); `drawn` is `drawn_numbers` of the same
    arguments when the caller already has it (it is not drawn again)."""
    draw, order = drawn if drawn is not None else drawn_numbers(spec, seed, stream, fixed)
    values = draw.values
    prompt = render(spec.ask, draw)
    hints = tuple(render(h, draw) for h in spec.hints)
    solution = render(spec.solution, draw) if spec.solution else ""
    if KINDS[spec.kind].is_choice:
        return _choice_question(spec, seed, order or [], draw, prompt, hints, solution)

    expected = value_of(spec.answer or "", values)
    _check_kind(spec, expected)
    variables: tuple[str, ...] = ()
    domain: dict[str, tuple[float, float]] = {}
    sample = None
    mistakes = tuple((value_of(m.answer, values, "the mistake"), render(m.says, draw)) for m in spec.mistakes)
    mistake_samples: tuple[np.ndarray | None, ...] = ()
    if KINDS[spec.kind].pointwise:
        # default: every symbol the author wrote that is not a parameter (grad(…, [x, y, z]) allows z
        # even when z vanishes from the result)
        written = free_symbols(parse(spec.answer or "")) - set(values)
        variables = spec.variables or tuple(sorted(written | free_symbols(expected.expr)))
        domain = {v: spec.domain.get(v, DEFAULT_DOMAIN) for v in variables}
        extra = free_symbols(expected.expr) - set(variables)
        if extra:
            names = ", ".join(sorted(extra))
            raise QuizError(f"the answer uses {names}, which are not among the `variables`")
        sample = sample_points(expected.expr, variables, domain, _rng(seed, 1), shape_of(expected))
        mistake_samples = tuple(evaluate_at(value.expr, sample, shape_of(expected)) for value, _ in mistakes)
    slack = None
    if spec.printed and spec.kind != "expression":
        shown = value_of(spec.answer or "", printed_params(spec.ask, values), "the printed answer")
        if shape_of(shown) == shape_of(expected):
            exact = np.asarray(expected.value, dtype=float)
            slack = 1.5 * np.abs(np.asarray(shown.value, dtype=float) - exact)
            slack = np.where(np.isfinite(slack), slack, 0.0).ravel()
    return Question(spec=spec, seed=seed, prompt=prompt, params=dict(values), expected=expected,
                    hints=hints, solution=solution, variables=variables, domain=domain,
                    mistakes=mistakes, sample=sample, mistake_samples=mistake_samples, printed_slack=slack,
                    labels=dict(draw.labels))


def evaluate_at(expr: Expr, sample: Sample, shape: tuple[int, ...]) -> np.ndarray | None:
    """Values of `expr` at the sample's points, shaped like the expected values (None if impossible)."""
    try:
        values = np.asarray(evaluate(expr, sample.env), dtype=float)
    except (EngineError, ValueError, TypeError, ArithmeticError):
        return None
    n = sample.expected.shape[-1]
    if values.shape == shape:  # constant in the variables
        values = np.broadcast_to(values[..., None], shape + (n,))
    if values.shape != shape + (n,):
        return None
    return values


def _check_kind(spec: QuizSpec, expected: Value) -> None:
    want = KINDS[spec.kind].answer_kind
    if want is not None:
        if expected.kind != want:
            raise QuizError(f"the answer of a {spec.kind} quiz must be a {want}, but `{spec.answer}` gives "
                            f"{expected.kind} {expected.text}")
        if not np.all(np.isfinite(np.asarray(expected.value, dtype=float))):
            raise QuizError(f"the answer `{spec.answer}` is not finite: {expected.decimal}")


def plot_variable(spec: QuizSpec) -> str:
    """The one variable of a `show = "plots"` question (`variables = ["t"]`), else x."""
    return spec.variables[0] if len(spec.variables) == 1 else "x"


def _choice_question(spec: QuizSpec, seed: int, order: list[int], draw: qparams.Draw, prompt: str,
                     hints: tuple[str, ...], solution: str) -> Question:
    values = draw.values
    n = len(spec.choices)
    says = spec.choice_says or ("",) * n
    if spec.expression_choices:
        answers = [value_of(a, values) for a in (spec.answers or (spec.answer or "",))]
        options = [value_of(c, values, "the option") for c in spec.choices]
        right = [any(equivalent(o, a, spec, seed) for a in answers) for o in options]
        texts = [o.text if o.kind == "expression" else o.decimal for o in options]
        exprs: list[str | None] = [to_ascii(o.expr) for o in options]
        expected: Value | tuple[int, ...] = answers[0]
    else:
        correct = _computed_correct(spec, values, n) if spec.correct_expr else spec.correct
        right = [i in correct for i in range(n)]
        texts = [render(c, draw) for c in spec.choices]
        exprs = [None] * n
        expected = tuple(correct)
    choices = tuple(
        Choice(label=LETTERS[pos], text=texts[i], correct=right[i], index=int(i), expr=exprs[i],
               says=render(says[i], draw) if says[i] else "")
        for pos, i in enumerate(order)
    )
    return Question(spec=spec, seed=seed, prompt=prompt, params=dict(values), expected=expected,
                    hints=hints, solution=solution, choices=choices)


def _computed_correct(spec: QuizSpec, values: Mapping[str, float], n: int) -> tuple[int, ...]:
    """`correct = "EXPR"`: the index of the right text option for these parameters (so the answer varies)."""
    index = number_of(spec.correct_expr or "", values, "`correct`")
    if abs(index - round(index)) > 1e-9 or not -0.5 < index < n - 0.5:
        raise QuizError(f"`correct` = `{spec.correct_expr}` gives {index:g}, "
                        f"not an option index 0 to {n - 1}")
    return (int(round(index)),)


def equivalent(a: Value, b: Value, spec: QuizSpec, seed: int) -> bool:
    """Are two engine values the same mathematics? Numbers by tolerance, formulas at random points."""
    if shape_of(a) != shape_of(b):
        return False
    names = tuple(sorted(free_symbols(a.expr) | free_symbols(b.expr)))
    if not names:
        x, y = np.asarray(a.value, dtype=float), np.asarray(b.value, dtype=float)
        return bool(np.allclose(x, y, rtol=1e-9, atol=1e-12))
    domain = dict(spec.domain)
    if spec.plot_x and plot_variable(spec) in names:
        domain.setdefault(plot_variable(spec), spec.plot_x)
    sample = sample_points(b.expr, names, domain, _rng(seed, 2), shape_of(b))
    if sample.expected.shape[-1] == 0:
        return False
    got = evaluate_at(a.expr, sample, shape_of(b))
    if got is None:
        return False
    return bool(np.all(np.isfinite(got)) and np.allclose(got, sample.expected, rtol=1e-7, atol=1e-10))

"""The few ways the quiz package asks the engine for something, each turning engine errors into
author-facing `QuizError`s (a lesson bug), so callers handle one exception type."""

from __future__ import annotations

import math
from collections.abc import Mapping

from mfml_tui.engine import EngineError, Value, compute, evaluate, parse
from mfml_tui.quiz.render import format_number


class QuizError(ValueError):
    """A quiz that cannot be built for this seed: a problem in the lesson, not in the learner's answer."""


def value_of(text: str, params: Mapping[str, float], what: str = "the answer") -> Value:
    try:
        return compute(text, params)
    except EngineError as exc:
        raise QuizError(f"{what} `{text}`: {exc}") from None
    except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:
        raise QuizError(f"{what} `{text}` could not be computed: {exc}") from None


def number_of(text: str, params: Mapping[str, float], what: str = "the value") -> float:
    """A finite number computed from author text (a derived parameter, a `choice` item)."""
    value = value_of(text, params, what)
    if value.kind != "number":
        raise QuizError(f"{what} `{text}` must be a number, but it is {value.kind_phrase()}"
                        if hasattr(value, "kind_phrase") else
                        f"{what} `{text}` must be a number, but it is a {value.kind} ({value.text})")
    number = float(value.value)
    if not math.isfinite(number):
        raise QuizError(f"{what} `{text}` is not finite for {_show(params)}")
    return number


def truth_of(text: str, params: Mapping[str, float]) -> bool:
    """A `where` condition: true when it evaluates to a finite non-zero number."""
    try:
        result = evaluate(parse(text), params)
    except EngineError as exc:
        raise QuizError(f"`where = \"{text}\"`: {exc}") from None
    try:
        number = float(result)
    except (TypeError, ValueError):
        raise QuizError(f"`where = \"{text}\"` must be a condition on numbers") from None
    return math.isfinite(number) and number != 0


def _show(params: Mapping[str, float]) -> str:
    return ", ".join(f"{k} = {format_number(v)}" for k, v in params.items()) or "these parameters"

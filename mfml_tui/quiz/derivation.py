"""The worked derivation of a question's answer, for this draw's numbers.

A question whose answer the engine derives (its `answer` uses `diff`, `grad`, `jacobian`, `hessian` or
`taylor`) can show the derivation the engine itself went through: `engine.author.explain` runs the same
computation as the expected answer with the rule table recording its steps, so the last line is the
expected answer.
"""

from __future__ import annotations

from typing import Any

from mfml_tui.engine.author import explain
from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.parser import parse
from mfml_tui.engine.trace import Step
from mfml_tui.engine.tree import Call, walk
from mfml_tui.quiz.kinds import KINDS

CALCULUS = frozenset({"diff", "grad", "jacobian", "hessian", "taylor"})


def derives(text: str) -> bool:
    """Whether an author expression differentiates (so it has a derivation worth showing)."""
    try:
        tree = parse(text)
    except EngineError:
        return False
    return any(isinstance(n, Call) and n.name in CALCULUS for n in walk(tree))


def derivation(question: Any) -> Step | None:
    """The step tree of this question's answer on its numbers, or None when the answer is not derived
    (a choice, a number the author computed otherwise) or cannot be explained."""
    spec = question.spec
    if KINDS[spec.kind].is_choice or not spec.answer or not derives(spec.answer):
        return None
    try:
        _, step = explain(spec.answer, question.params)
    except (EngineError, ArithmeticError, ValueError, TypeError, RecursionError):
        return None
    return step

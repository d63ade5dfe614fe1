"""The wrong answers a learner is likely to give, generated from the derivation of the right one.

For every node the rule table differentiated while computing an answer, and every mal-rule that fits
that node (`malrules.applicable`), the answer is computed again with that one slip (`malrules.mutating`):
everything else stays right. `quiz.grading` compares a wrong answer with these after the author's
declared mistakes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from mfml_tui.engine import calculus as calc
from mfml_tui.engine import malrules
from mfml_tui.engine.author import Value, compute, explain
from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.parser import parse
from mfml_tui.engine.trace import is_derivative
from mfml_tui.engine.tree import Expr, free_symbols, walk

MAX_CANDIDATES = 40  #: a bound on the search, so a wrong answer is graded in milliseconds


@dataclass(frozen=True)
class Candidate:
    """`value` is the whole answer with one `malrule` slip at `node` (d/d`var`): `right` and `wrong` are
    that node's derivative done right and with the slip."""

    malrule: str
    node: Expr
    var: str
    right: Expr
    wrong: Expr
    value: Value


def candidates(text: str, params: Mapping[str, float] | None = None) -> tuple[Candidate, ...]:
    """The single-slip variants of the answer `text` on these parameters (those that differ from it)."""
    return _candidates(text, tuple(sorted((params or {}).items())))


@lru_cache(maxsize=256)
def _candidates(text: str, params: tuple[tuple[str, float], ...]) -> tuple[Candidate, ...]:
    values = dict(params)
    try:
        right, root = explain(text, values)
        expr = calc.substitute(parse(text), values)
    except (EngineError, ArithmeticError, ValueError, TypeError, RecursionError):
        return ()
    names = free_symbols(expr)
    # every sub-expression of every node the derivation differentiated (a factor held constant leaves no
    # step of its own, yet "∂/∂x of y = 1" is a slip made there), outermost first
    sites: list[tuple[Expr, str]] = []
    for step in root.walk():
        if is_derivative(step) and step.var in names:
            sites += [(node, step.var) for node in walk(step.node)]  # type: ignore[arg-type]
    with calc.memoised():
        return tuple(_variants(expr, right, dict.fromkeys(sites)))


def _variants(expr: Expr, right: Value, sites: dict[tuple[Expr, str], None]) -> list[Candidate]:
    found: list[Candidate] = []
    for node, var in sites:
        for mid in malrules.applicable(node, var):
            if len(found) >= MAX_CANDIDATES:
                return found
            try:
                right_d = calc.diff(node, var)
                with malrules.mutating(node, var, mid):
                    wrong = calc.diff(node, var)
                    if wrong == right_d:  # the slip changes nothing here: skip the whole answer
                        continue
                    value = compute(expr)
            except (EngineError, ArithmeticError, ValueError, TypeError, RecursionError):
                continue
            if value.expr == right.expr:
                continue
            found.append(Candidate(mid, node, var, right_d, wrong, value))
    return found

"""The wrong answers a learner is likely to give, generated from the derivation of the right one.

For every node the rule table differentiated while computing an answer, and every mal-rule that fits
that node (`malrules.applicable`), the answer is computed again with that one slip (`malrules.mutating`):
everything else stays right. `quiz.grading` compares a wrong answer with these after the author's
declared mistakes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from mfml_tui.engine import calculus as calc
from mfml_tui.engine import malrules
from mfml_tui.engine.author import Value, compute, explain
from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.parser import parse
from mfml_tui.engine.trace import Step, is_derivative
from mfml_tui.engine.tree import Call, Expr, Mul, Num, Pow, Vec, free_symbols, walk

MAX_CANDIDATES = 40  #: a bound on the search, so a wrong answer is graded in milliseconds


@dataclass(frozen=True)
class Candidate:
    """`value` is the whole answer with one `malrule` slip. At a node (d/d`var` of `node`), `right` and
    `wrong` are that node's derivative done right and with the slip; `everywhere`: the same slip at every
    node where it applies (the first such node is `node`). An operation's slip has no node."""

    malrule: str
    node: Expr | None
    var: str
    right: Expr | None
    wrong: Expr | None
    value: Value
    everywhere: bool = False


def candidates(text: str, params: Mapping[str, float] | None = None) -> tuple[Candidate, ...]:
    """The single-slip variants of the answer `text` on these parameters (those that differ from it)."""
    return _candidates(text, tuple(sorted((params or {}).items())))


_FAILED = (EngineError, ArithmeticError, ValueError, TypeError, RecursionError)


@lru_cache(maxsize=256)
def _candidates(text: str, params: tuple[tuple[str, float], ...]) -> tuple[Candidate, ...]:
    values = dict(params)
    try:
        right, root = explain(text, values)
        expr = calc.substitute(parse(text), values)
    except _FAILED:
        return ()
    names = free_symbols(expr)
    # every sub-expression of every node the derivation differentiated (a factor held constant leaves no
    # step of its own, yet "∂/∂x of y = 1" is a slip made there), outermost first
    factorials = {(f.base.args[0], f.base.args[1].name) for f in walk(expr) if _is_factorial(f)}
    sites: list[tuple[Expr, str]] = []
    for step in _steps(root, factorials):
        if is_derivative(step) and step.var in names:
            sites += [(node, step.var) for node in walk(step.node)]  # type: ignore[arg-type]
    with calc.memoised():
        found = _in_operations(expr, right) + _at_nodes(expr, right, dict.fromkeys(sites))
    numeric = right.kind != "expression" and not free_symbols(right.expr)
    # a number answer's variant that still holds a variable is no answer a learner gives
    return tuple(c for c in found if not (numeric and free_symbols(c.value.expr)))


def _steps(step: Step, skip: set[tuple[Expr, str]]) -> Iterator[Step]:
    """The steps of a derivation, leaving out the derivatives in `skip` (the n! of `c/diff(xⁿ, x, n)`:
    no learner differentiates to find a factorial)."""
    if (step.node, step.var) in skip:
        return
    yield step
    for s in step.steps:
        yield from _steps(s, skip)


@dataclass(frozen=True)
class Pair:
    """Two single slips (`first`, `second`, at different places) made in one working: `value`."""

    first: Candidate
    second: Candidate
    value: Value


def pairs(text: str, params: Mapping[str, float] | None = None) -> Iterator[Pair]:
    """The answers with two of the single slips at two places, outermost places first. There are many
    (n² for n single slips): the caller bounds the search (grading stops after a time budget)."""
    singles = [c for c in candidates(text, params) if c.node is not None and not c.everywhere]
    values = dict(params or {})
    try:
        expr = calc.substitute(parse(text), values)
        right = compute(expr)
    except _FAILED:
        return
    seen = {right.expr} | {c.value.expr for c in candidates(text, params)}
    memo: dict = {}
    inside = [frozenset(walk(c.node)) for c in singles]  # type: ignore[arg-type]

    def nested(i: int, j: int) -> bool:  # one slip inside the other's node: the outer one may hide it
        return singles[j].node in inside[i] or singles[i].node in inside[j]

    order = sorted(((i, j) for i in range(len(singles)) for j in range(i + 1, len(singles))),
                   key=lambda ij: (nested(*ij), ij[0] + ij[1], ij[0]))
    for i, j in order:
        one, two = singles[i], singles[j]
        if (one.node, one.var) == (two.node, two.var):
            continue
        try:
            with calc.memoised(memo), malrules.mutating(one.node, one.var, one.malrule), \
                    malrules.mutating(two.node, two.var, two.malrule):
                value = compute(expr)
        except _FAILED:
            continue
        if value.expr in seen:
            continue
        seen.add(value.expr)
        yield Pair(one, two, value)


def _at_nodes(expr: Expr, right: Value, sites: dict[tuple[Expr, str], None]) -> list[Candidate]:
    """One slip at one node; then, for a slip that fits several nodes, the same slip at all of them."""
    found: list[Candidate] = []
    first: dict[tuple[str, str], tuple[Expr, Expr, Expr]] = {}
    fits: dict[tuple[str, str], int] = {}
    top: dict[str, Expr] = {}  # the whole expression differentiated by each variable
    for node, var in sites:
        top.setdefault(var, node)
        for mid in malrules.applicable(node, var):
            if len(found) >= MAX_CANDIDATES:
                break
            try:
                right_d = calc.diff(node, var)
                with malrules.mutating(node, var, mid):
                    wrong = calc.diff(node, var)
                    if wrong == right_d:  # the slip changes nothing here: skip the whole answer
                        continue
                    fits[mid, var] = fits.get((mid, var), 0) + 1
                    first.setdefault((mid, var), (node, right_d, wrong))
                    if mid in malrules.EVERYWHERE_ONLY:
                        continue
                    value = compute(expr)
            except _FAILED:
                continue
            if value.expr != right.expr:
                found.append(Candidate(mid, node, var, right_d, wrong, value))
    seen = {c.value.expr for c in found}
    for (mid, var), count in fits.items():
        if count < (1 if mid in malrules.EVERYWHERE_ONLY else 2):
            continue
        if mid == "integrated" and not malrules.integrable(top[var], var):
            continue
        try:
            with malrules.mutating(None, var, mid):
                value = compute(expr)
        except _FAILED:
            continue
        if value.expr != right.expr and value.expr not in seen:  # else a single slip says it better
            seen.add(value.expr)
            node, right_d, wrong = first[mid, var]
            found.append(Candidate(mid, node, var, right_d, wrong, value, everywhere=True))
    return found


def _in_operations(expr: Expr, right: Value) -> list[Candidate]:
    """The slips in how an operation is assembled, for the operations this answer uses."""
    tries: list[tuple[str, int]] = []
    for node in walk(expr):
        if not isinstance(node, Call):
            continue
        if node.name == "jacobian" and isinstance(node.args[0], Vec) and len(node.args[0].items) > 1:
            tries.append(("jacobian-transposed", 0))
        elif node.name == "hessian" and isinstance(node.args[1], Vec) and len(node.args[1].items) > 1:
            tries += [("hessian-mixed-product", 0), ("hessian-mixed-zero", 0)]
        elif node.name == "taylor":
            tries.append(("taylor-no-factorial", 0))
        elif node.name == "dot" and any(_derives(a) for a in node.args):
            tries += [("chain-path-dropped", k) for k in range(_length(node.args))]
    found = []
    for mid, index in dict.fromkeys(tries):
        try:
            with malrules.mutating(None, "", mid, index):
                value = compute(expr)
        except _FAILED:
            continue
        if value.expr != right.expr:
            found.append(Candidate(mid, None, "", None, None, value))
    unscaled = _without_factorial(expr)
    if unscaled is not None:
        try:
            value = compute(unscaled)
        except _FAILED:
            return found
        if value.expr != right.expr:
            found.append(Candidate("taylor-no-factorial", None, "", None, None, value))
    return found


def _derives(e: Expr) -> bool:
    return any(isinstance(n, Call) and n.name in ("diff", "grad", "jacobian") for n in walk(e))


def _length(args: tuple[Expr, ...]) -> int:
    return max((len(a.items) for a in args if isinstance(a, Vec)), default=2)


def _without_factorial(expr: Expr) -> Expr | None:
    """`c/diff(xⁿ, x, n)` (a lesson's way of writing c/n!, a Taylor coefficient) without the n!."""
    if not isinstance(expr, Mul):
        return None
    kept = [f for f in expr.factors if not _is_factorial(f)]
    return Mul(tuple(kept)) if len(kept) < len(expr.factors) and kept else None


def _is_factorial(f: Expr) -> bool:
    if not (isinstance(f, Pow) and f.exp == Num(-1) and isinstance(f.base, Call) and f.base.name == "diff"):
        return False
    args = f.base.args
    return len(args) == 3 and isinstance(args[0], Pow) and args[0].exp == args[2] and args[0].base == args[1]

"""Mal-rules: the classic differentiation mistakes, each a variant of one rule at one node.

The rule table in `calculus._d` asks `variant` at every node it differentiates; outside `mutating(...)`
that is one context-variable read and nothing else. Inside, at the chosen node, the named mistake
replaces the rule's result, and everything around it is computed correctly, so the wrong answer a
learner would reach by that one slip comes out of the same machinery that computes the right one
(`candidates`). Grading compares a wrong answer with these (`quiz.grading`), after declared mistakes.
docs/quizzes.md lists the table and says how to add a mal-rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from mfml_tui.engine import build as b
from mfml_tui.engine.tree import Const, Expr, Func, Mul, Pow, Sym, free_symbols


@dataclass(frozen=True)
class MalRule:
    id: str
    rule: str  # the rule of the derivation it is a variant of (engine.trace.RULES ids or a function)
    says: str  # why it is wrong, for the learner


MALRULES: dict[str, MalRule] = {m.id: m for m in [
    MalRule("chain-dropped", "chain",
            "the chain rule multiplies by the derivative of the inside"),
    MalRule("power-up", "power", "the power rule lowers the exponent by one: n·xⁿ⁻¹, not n·xⁿ⁺¹"),
    MalRule("power-no-n", "power", "the power rule brings the exponent down as a factor: n·xⁿ⁻¹"),
    MalRule("product-of-derivatives", "product",
            "the derivative of a product is not the product of the derivatives: (uv)′ = u′v + uv′"),
    MalRule("product-minus", "product", "the product rule adds its two terms: (uv)′ = u′v + uv′"),
    MalRule("sin-sign", "sin", "d/dx sin x = cos x, with no minus sign"),
    MalRule("cos-sign", "cos", "d/dx cos x = −sin x: the minus sign matters"),
    MalRule("exp-as-power", "exponential",
            "eᵘ is not a power of u: its derivative is eᵘ itself (times u′), not u·eᵘ⁻¹"),
    MalRule("constant-lost", "constant-multiple", "a constant factor stays in the derivative: (c·f)′ = c·f′"),
    MalRule("other-variable-differentiated", "constant",
            "in a partial derivative the other variables are held constant: their derivative is 0"),
]}


@dataclass(frozen=True)
class Mutation:
    node: Expr
    var: str
    malrule: str


_mutation: ContextVar[Mutation | None] = ContextVar("malrule_mutation", default=None)


def active() -> Mutation | None:
    return _mutation.get()


@contextmanager
def mutating(node: Expr, var: str, malrule: str) -> Iterator[None]:
    """Differentiation inside makes the mistake `malrule` wherever it differentiates `node` by `var`."""
    token = _mutation.set(Mutation(node, var, malrule))
    try:
        yield
    finally:
        _mutation.reset(token)


def variant(m: Mutation, e: Expr, x: str, pieces: Mapping[str, object]) -> Expr | None:
    """The wrong derivative of `e` under mutation `m`, or None where the mistake does not apply."""
    if m.node != e or m.var != x:
        return None
    return _WRONG.get(m.malrule, _none)(e, x, pieces)


def applicable(e: Expr, x: str) -> list[str]:
    """The mal-rules that can change the derivative of `e` by `x` (by the node's shape)."""
    found = []
    for mid in MALRULES:
        if _WRONG[mid](e, x, _probe(e, x)) is not None:
            found.append(mid)
    return found


# ---------------------------------------------------------------------------------------- the variants
def _none(e: Expr, x: str, pieces: Mapping[str, object]) -> None:
    return None


def _probe(e: Expr, x: str) -> dict[str, object]:
    """Stand-in pieces for `applicable` (shapes only; the real pieces come from `_d`)."""
    one = b.num(1)
    if isinstance(e, Mul):
        return {"factors": e.factors, "derivatives": tuple(one if x in free_symbols(f) else b.num(0)
                                                           for f in e.factors)}
    if isinstance(e, Func):
        return {"outer": one, "du": one}
    if isinstance(e, Pow):
        return {"du": one, "dn": one}
    return {}


def _is_x(e: Expr, x: str) -> bool:
    return isinstance(e, Sym) and e.name == x


def _chain_dropped(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    if isinstance(e, Func) and not _is_x(e.arg, x) and "outer" in p:
        return p["outer"]  # type: ignore[return-value]
    if isinstance(e, Pow) and x not in free_symbols(e.exp) and not _is_x(e.base, x):
        return b.mul(e.exp, b.power(e.base, b.sub(e.exp, b.num(1))))
    if isinstance(e, Pow) and _is_e(e.base) and not _is_x(e.exp, x):
        return e  # e^(kx) → e^(kx): the k dropped
    return None


def _is_e(e: Expr) -> bool:
    return isinstance(e, Const) and e.name == "e"


def _power(e: Expr, x: str) -> bool:
    return isinstance(e, Pow) and x not in free_symbols(e.exp) and x in free_symbols(e.base)


def _power_up(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    if not _power(e, x):
        return None
    return b.mul(e.exp, b.power(e.base, b.add(e.exp, b.num(1))), p.get("du", b.num(1)))  # type: ignore[arg-type]


def _power_no_n(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    if not _power(e, x):
        return None
    return b.mul(b.power(e.base, b.sub(e.exp, b.num(1))), p.get("du", b.num(1)))  # type: ignore[arg-type]


def _moving(e: Expr, x: str, p: Mapping[str, object]) -> tuple[list[Expr], list[Expr], list[Expr]] | None:
    if not isinstance(e, Mul) or "derivatives" not in p:
        return None
    factors = list(e.factors)
    ds = list(p["derivatives"])  # type: ignore[call-overload]
    moving = [i for i, f in enumerate(factors) if x in free_symbols(f)]
    return factors, ds, moving  # type: ignore[return-value]


def _product_of_derivatives(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    got = _moving(e, x, p)
    if got is None or len(got[2]) < 2:
        return None
    factors, ds, moving = got
    return b.mul(*[ds[i] if i in moving else f for i, f in enumerate(factors)])


def _product_minus(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    got = _moving(e, x, p)
    if got is None or len(got[2]) != 2:
        return None
    factors, ds, (i, j) = got
    first = b.mul(*[ds[i] if k == i else f for k, f in enumerate(factors)])
    second = b.mul(*[ds[j] if k == j else f for k, f in enumerate(factors)])
    return b.sub(first, second)


def _constant_lost(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    got = _moving(e, x, p)
    if got is None or len(got[2]) != 1:
        return None
    factors, ds, (i,) = got
    constants = [f for k, f in enumerate(factors) if k != i]
    if not constants or any(free_symbols(c) for c in constants):
        return None
    return ds[i]


def _sign(name: str, wrong: str):
    def variant(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
        if not (isinstance(e, Func) and e.name == name):
            return None
        sign = b.num(-1 if name == "sin" else 1)
        return b.mul(sign, p.get("du", b.num(1)), b.func(wrong, e.arg))  # type: ignore[arg-type]

    return variant


def _exp_as_power(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    if isinstance(e, Pow) and _is_e(e.base) and x in free_symbols(e.exp):
        u = e.exp
    elif isinstance(e, Func) and e.name == "exp":
        u = e.arg
    else:
        return None
    return b.mul(u, b.power(Const("e"), b.sub(u, b.num(1))), p.get("du", b.num(1)))  # type: ignore[arg-type]


def _other_variable(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    if isinstance(e, Sym) and e.name != x:
        return b.num(1)
    return None


_WRONG = {
    "chain-dropped": _chain_dropped,
    "power-up": _power_up,
    "power-no-n": _power_no_n,
    "product-of-derivatives": _product_of_derivatives,
    "product-minus": _product_minus,
    "sin-sign": _sign("sin", "cos"),
    "cos-sign": _sign("cos", "sin"),
    "exp-as-power": _exp_as_power,
    "constant-lost": _constant_lost,
    "other-variable-differentiated": _other_variable,
}

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
from fractions import Fraction

from mfml_tui.engine import build as b
from mfml_tui.engine.tree import Add, Const, Expr, Func, Mul, Num, Pow, Sym, free_symbols


@dataclass(frozen=True)
class MalRule:
    id: str
    rule: str  # the rule of the derivation it is a variant of (engine.trace.RULES ids or a function)
    says: str  # why it is wrong, for the learner
    level: str = "node"  # "node": one rule at one node (or at every node, consistently); "operation":
    # how a whole operation is put together (the Hessian's mixed entries, a Taylor coefficient's k!)
    did: str = ""  # what the learner did, where no single node says it ("you gave the transpose")


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
    MalRule("chain-inside", "chain",
            "the chain rule takes the outer derivative at the inside itself, f′(g(x)), and then multiplies "
            "by g′(x); it does not put g′(x) inside f′"),
    MalRule("integrated", "power",
            "differentiating lowers a power (xⁿ → n·xⁿ⁻¹), it does not raise it",
            did="You integrated instead of differentiating"),
    MalRule("jacobian-transposed", "jacobian",
            "the Jacobian has one row per function and one column per variable: Jᵢⱼ = ∂fᵢ/∂xⱼ", "operation",
            "You gave the Jacobian transposed"),
    MalRule("hessian-mixed-product", "hessian",
            "a mixed entry of the Hessian is ∂/∂y of ∂f/∂x, not the product ∂f/∂x·∂f/∂y", "operation",
            "Your mixed entries are products of first derivatives"),
    MalRule("hessian-mixed-zero", "hessian",
            "the mixed entries ∂²f/∂x∂y are second derivatives too, and not 0 in general", "operation",
            "Your mixed entries are 0"),
    MalRule("taylor-no-factorial", "taylor",
            "the coefficient of (x − a)ᵏ in a Taylor polynomial is f⁽ᵏ⁾(a)/k!", "operation",
            "You left out the k! of the Taylor coefficient"),
    MalRule("chain-path-dropped", "chain",
            "the multivariate chain rule adds one term for every path from the input to the output",
            "operation", "Your answer leaves out one path of the chain rule"),
    # new rows go at the end: lessons name a mal-rule by its number in this table (`slip(f, x, n)`)
    MalRule("power-sign", "power",
            "a negative exponent comes down with its sign: d/dx x⁻ⁿ = −n·x⁻ⁿ⁻¹ (d/dx 1/x = −1/x²)"),
]}
OPERATIONS = frozenset(m.id for m in MALRULES.values() if m.level == "operation")


@dataclass(frozen=True)
class Mutation:
    """Where the slip is made: at `node` (by `var`); with no node, at every node where it applies
    (`var` given: a consistent slip) or in an operation (`var` empty; `index` picks the term dropped)."""

    node: Expr | None
    var: str
    malrule: str
    index: int = 0
    also: Mutation | None = None  # a second slip made in the same working (`mutating` inside `mutating`)

    def chain(self) -> Iterator[Mutation]:
        m: Mutation | None = self
        while m is not None:
            yield m
            m = m.also


_mutation: ContextVar[Mutation | None] = ContextVar("malrule_mutation", default=None)


def active() -> Mutation | None:
    return _mutation.get()


@contextmanager
def mutating(node: Expr | None, var: str, malrule: str, index: int = 0) -> Iterator[None]:
    """Differentiation inside makes the mistake `malrule` wherever it differentiates `node` by `var`
    (with `node` None: at every node where it applies; an operation's mal-rule: in that operation)."""
    token = _mutation.set(Mutation(node, var, malrule, index, _mutation.get()))
    try:
        yield
    finally:
        _mutation.reset(token)


def variant(m: Mutation, e: Expr, x: str, pieces: Mapping[str, object]) -> Expr | None:
    """The wrong derivative of `e` under mutation `m` (the first of its slips that applies here), or None
    where none does."""
    for one in m.chain():
        if one.var != x or (one.node is not None and one.node != e):
            continue
        wrong = _WRONG.get(one.malrule, _none)(e, x, pieces)
        if wrong is not None:
            return wrong
    return None


def in_operation(rule: str) -> Mutation | None:
    """The operation-level slip active for the operation `rule` ("hessian", "taylor", …), if any."""
    m = _mutation.get()
    for one in m.chain() if m is not None else ():
        if one.node is None and not one.var and MALRULES[one.malrule].rule == rule:
            return one
    return None


EVERYWHERE_ONLY = frozenset({"integrated"})  # a learner integrates the whole thing, never one node


def applicable(e: Expr, x: str) -> list[str]:
    """The mal-rules that can change the derivative of `e` by `x` (by the node's shape)."""
    found = []
    for mid in _WRONG:
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
        return {"outer": one, "du": one, "outer_at": lambda u: one}
    if isinstance(e, Pow):
        return {"du": one, "dn": one}
    if isinstance(e, Add):
        return {"parts": tuple(one for _ in e.terms)}
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


def _power_sign(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    if not (_power(e, x) and isinstance(e.exp, Num) and e.exp.value < 0):  # type: ignore[union-attr]
        return None
    return b.mul(b.num(-1), e.exp, b.power(e.base, b.sub(e.exp, b.num(1))),  # type: ignore[union-attr]
                 p.get("du", b.num(1)))  # type: ignore[arg-type]


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


def _chain_inside(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    """f′(g′(x)) for f′(g(x))·g′(x): the inner derivative put inside the outer one."""
    du = p.get("du")
    if isinstance(e, Func) and not _is_x(e.arg, x) and du is not None and "outer_at" in p:
        return p["outer_at"](du)  # type: ignore[operator]
    if isinstance(e, Pow) and x not in free_symbols(e.exp) and not _is_x(e.base, x) and du is not None:
        return b.mul(e.exp, b.power(du, b.sub(e.exp, b.num(1))))  # type: ignore[arg-type]
    return None


def _integrated(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    """The antiderivative where the derivative was asked: xⁿ → xⁿ⁺¹/(n+1), x → x²/2, sin → −cos,
    cos → sin, and (in a sum) a constant term c → c·x."""
    if _is_x(e, x):
        return b.mul(b.num(Fraction(1, 2)), b.power(e, b.num(2)))
    if isinstance(e, Pow) and _is_x(e.base, x) and isinstance(e.exp, Num) and e.exp.value != -1:
        up = b.add(e.exp, b.num(1))
        return b.mul(b.power(up, b.num(-1)), b.power(e.base, up))
    if isinstance(e, Func) and _is_x(e.arg, x) and e.name in ("sin", "cos"):
        return b.func("sin", e.arg) if e.name == "cos" else b.mul(b.num(-1), b.func("cos", e.arg))
    if isinstance(e, Add) and "parts" in p and any(x not in free_symbols(t) for t in e.terms) \
            and any(x in free_symbols(t) for t in e.terms):
        return b.add(*[d if x in free_symbols(t) else b.mul(t, Sym(x))
                       for t, d in zip(e.terms, p["parts"], strict=True)])  # type: ignore[call-overload]
    return None


def integrable(e: Expr, x: str) -> bool:
    """Does `_integrated` take every part of `e` (sums and constant multiples of xⁿ, sin x, cos x)? Only
    then is "integrated instead of differentiating" a whole answer a learner could give."""
    if x not in free_symbols(e) or _is_x(e, x):
        return True
    if isinstance(e, (Add, Mul)):
        return all(integrable(k, x) for k in e.children()) and (
            isinstance(e, Add) or sum(x in free_symbols(k) for k in e.children()) == 1)
    if isinstance(e, Pow):
        return _is_x(e.base, x) and isinstance(e.exp, Num) and e.exp.value != -1
    return isinstance(e, Func) and e.name in ("sin", "cos") and _is_x(e.arg, x)


def _other_variable(e: Expr, x: str, p: Mapping[str, object]) -> Expr | None:
    if isinstance(e, Sym) and e.name != x:
        return b.num(1)
    return None


_WRONG = {
    "chain-dropped": _chain_dropped,
    "power-up": _power_up,
    "power-no-n": _power_no_n,
    "power-sign": _power_sign,
    "product-of-derivatives": _product_of_derivatives,
    "product-minus": _product_minus,
    "sin-sign": _sign("sin", "cos"),
    "cos-sign": _sign("cos", "sin"),
    "exp-as-power": _exp_as_power,
    "constant-lost": _constant_lost,
    "other-variable-differentiated": _other_variable,
    "chain-inside": _chain_inside,
    "integrated": _integrated,
}

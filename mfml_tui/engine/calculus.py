"""Symbolic calculus by the course's rules: sum, power, product and chain (division is a power −1,
so the quotient rule is never needed), then partials, gradient, Jacobian, Hessian and Taylor.

Sizes are bounded: derivative orders, Taylor orders, the size of each resulting tree and (inside
`work_budget`, which `author.compute` opens) the total size of all derivatives one computation builds,
so that no input can exhaust memory or hang through the product rule's growth.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction
from functools import partial

from mfml_tui.engine import build as b
from mfml_tui.engine import malrules
from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.functions import FUNCTIONS
from mfml_tui.engine.parser import parse
from mfml_tui.engine.printing import to_unicode
from mfml_tui.engine.trace import Step, derivative_call
from mfml_tui.engine.tree import (
    ONE,
    ZERO,
    Add,
    Call,
    Const,
    Expr,
    Func,
    Mat,
    Mul,
    Num,
    Pow,
    Rel,
    Sym,
    Vec,
    free_symbols,
    size,
    walk,
)

MAX_ORDER = 12
MAX_TAYLOR_ORDER = 20
MAX_NODES = 20_000  # of one derivative, checked as the product and chain rules build it
MAX_WORK = 25_000  # nodes of all derivatives built in one computation (well under a second of work)

_budget: ContextVar[list[int] | None] = ContextVar("derivative_budget", default=None)


@contextmanager
def work_budget(limit: int = MAX_WORK) -> Iterator[None]:
    """Bound the derivative work of everything inside (a learner's `hessian(…)` of a huge tower, say)."""
    token = _budget.set([limit])
    try:
        yield
    finally:
        _budget.reset(token)


def work_left() -> int | None:
    """What is left of the innermost `work_budget` (None outside one)."""
    left = _budget.get()
    return None if left is None else left[0]


def spend(nodes: int) -> None:
    """Charge `nodes` of derivative work to the budget: a result remembered from an earlier computation
    costs what working it out cost, so remembering never lets through what the budget stops."""
    _spend(nodes)


def _spend(nodes: int) -> None:
    left = _budget.get()
    if left is not None:
        left[0] -= nodes
        if left[0] < 0:
            raise EngineError("the derivatives grow too large to work with")

_RULES: dict[str, Expr] = {}


def _rule(name: str) -> Expr:
    """The derivative rule of a table function, parsed once from its text."""
    if name not in _RULES:
        _RULES[name] = parse(FUNCTIONS[name].derivative)
    return _RULES[name]


def substitute(expr: Expr, mapping: dict[str, Expr | float | int]) -> Expr:
    """Replace variables by expressions or numbers, rebuilding (and so simplifying) on the way up."""
    values = {k: (v if isinstance(v, Expr) else b.num(v)) for k, v in mapping.items()}
    if not values:
        return expr
    return _subst(expr, values)


def _subst(e: Expr, values: dict[str, Expr]) -> Expr:
    if isinstance(e, Sym):
        return values.get(e.name, e)
    if isinstance(e, (Num, Const)):
        return e
    if values.keys().isdisjoint(free_symbols(e)):  # nothing to put in: the trees the builders made stay
        return e
    return rebuild(e, [_subst(c, values) for c in e.children()])


def rebuild(e: Expr, kids: list[Expr]) -> Expr:
    """The same node type with new children, through the smart constructors."""
    if isinstance(e, Add):
        return b.add(*kids)
    if isinstance(e, Mul):
        return b.mul(*kids)
    if isinstance(e, Pow):
        return b.power(kids[0], kids[1])
    if isinstance(e, Func):
        return b.func(e.name, kids[0])
    if isinstance(e, Vec):
        return Vec(tuple(kids))
    if isinstance(e, Mat):
        r, c = e.shape
        return Mat(tuple(tuple(kids[i * c:(i + 1) * c]) for i in range(r)))
    if isinstance(e, Rel):
        return Rel(e.op, kids[0], kids[1])
    if isinstance(e, Call):
        n = len(e.args)
        return Call(e.name, tuple(kids[:n]), tuple((k, v) for (k, _), v in zip(e.kwargs, kids[n:],
                                                                                 strict=True)))
    return e


def simplify(expr: Expr) -> Expr:
    """Rebuild bottom-up through the smart constructors (trees from elsewhere become tidy)."""
    if isinstance(expr, (Num, Sym, Const)):
        return expr
    return rebuild(expr, [simplify(c) for c in expr.children()])


_memo: ContextVar[dict | None] = ContextVar("derivative_memo", default=None)


@contextmanager
def memoised(memo: dict | None = None) -> Iterator[None]:
    """Inside, the derivative of each distinct subtree is computed once (in `memo`, to share it across
    several blocks). The diagnosis recomputes one answer dozens of times, each with a single slip: every
    subtree that does not hold the slip's node is the same work every time (and a later derivative's
    subtrees repeat an earlier one's)."""
    token = _memo.set({} if memo is None else memo)
    try:
        yield
    finally:
        _memo.reset(token)


def _d(e: Expr, x: str, trace: list[Step] | None = None) -> Expr:
    """d/dx by the rule table (`_by_rules`), through the memo inside `memoised()`; a subtree holding the
    node of an active mal-rule is always worked afresh, and only right derivatives are remembered."""
    memo = _memo.get()
    if memo is None or trace is not None:
        return _by_rules(e, x, trace)
    m = malrules.active()
    for one in m.chain() if m is not None else ():
        if _holds(e, one.node, memo.setdefault(one.node, {})) if one.node is not None \
                else bool(one.var):  # a slip made everywhere: nothing is as remembered
            return _by_rules(e, x, None)
    key = (e, x)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _by_rules(e, x, None)
    return found


def _holds(e: Expr, node: Expr, seen: dict[Expr, bool]) -> bool:
    """Is `node` a subtree of `e`? (remembered per subtree in `seen`)"""
    if e is node:
        return True
    known = seen.get(e)
    if known is None:
        if size(e) < size(node) or not free_symbols(node) <= free_symbols(e):
            known = False
        else:
            known = e == node or any(_holds(k, node, seen) for k in e.children())
        seen[e] = known
    return known


def _by_rules(e: Expr, x: str, trace: list[Step] | None = None) -> Expr:
    """d/dx by the rule table. With `trace`, this node's step is appended to it, its sub-steps recorded
    by the very calls that compute the sub-derivatives; without, nothing extra is built."""
    if isinstance(e, (Num, Const)):
        if trace is not None:
            trace.append(Step("constant", derivative_call(e, x), ZERO, node=e, var=x))
        return ZERO
    if isinstance(e, Sym):
        result = _slip(e, x, ONE if e.name == x else ZERO)
        if trace is not None:
            trace.append(Step("variable" if e.name == x else "constant", derivative_call(e, x), result,
                              "" if e.name == x else f"{_show(e)} held constant", node=e, var=x))
        return result
    if x not in free_symbols(e):
        if trace is not None:
            trace.append(Step("constant", derivative_call(e, x), ZERO, _held(e), node=e, var=x))
        return ZERO
    sub: list[Step] | None = None if trace is None else []
    if isinstance(e, Add):  # sum rule
        parts = [_d(t, x, sub) for t in e.terms]
        result = _slip(e, x, b.add(*parts), parts=parts)
        if sub is not None:
            _record(trace, "sum", "", e, x, result, sub, Add(tuple(p for p in parts if p != ZERO)))
        return result
    if isinstance(e, Mul):  # product rule, for any number of factors
        terms = []
        raw = []
        dfs = []
        for i, f in enumerate(e.factors):
            df = _d(f, x, sub)
            dfs.append(df)
            if df != ZERO:
                terms.append(b.mul(*e.factors[:i], df, *e.factors[i + 1:]))
                if sub is not None:
                    raw.append(Mul(e.factors[:i] + ((df,) if df != ONE else ()) + e.factors[i + 1:]))
        result = _slip(e, x, _bounded(b.add(*terms)), factors=e.factors, derivatives=tuple(dfs))
        if sub is not None:
            _record(trace, *_product_rule(e, x), e, x, result, [s for s in sub if s.rule != "constant"],
                    Add(tuple(raw)))
        return result
    if isinstance(e, Pow):
        u, n = e.base, e.exp
        if x not in free_symbols(n):  # power rule with the chain rule: n·uⁿ⁻¹·u′
            outer = b.mul(n, b.power(u, b.sub(n, ONE)))
            du = _d(u, x, sub)
            result = _slip(e, x, _chain(outer, du), du=du)
            if sub is not None:
                _chain_step(trace, "power", e, u, x, result, sub, outer, du)
            return result
        if x not in free_symbols(u):  # aᵘ = e^(u·ln a)
            log_u = ONE if isinstance(u, Const) and u.name == "e" else b.func("ln", u)
            dn = _d(n, x, sub)
            result = _slip(e, x, b.mul(e, log_u, dn), du=dn)
            if sub is not None:
                _chain_step(trace, "exponential", e, n, x, result, sub, b.mul(e, log_u), dn)
            return result
        # general uⁿ: uⁿ·(n′·ln u + n·u′/u)
        dn = _d(n, x, sub)
        du = _d(u, x, sub)
        result = b.mul(e, b.add(b.mul(dn, b.func("ln", u)), b.mul(n, du, b.power(u, Num(-1)))))
        if sub is not None:
            raw = Mul((e, Add((Mul((dn, b.func("ln", u))), Mul((n, du, Pow(u, Num(-1))))))))
            _record(trace, "general-power", "", e, x, result, [s for s in sub if s.rule != "constant"], raw)
        return result
    if isinstance(e, Func):  # chain rule: f′(u)·u′
        outer = substitute(_rule(e.name), {"u": e.arg})
        du = _d(e.arg, x, sub)
        result = _slip(e, x, _bounded(_chain(outer, du)), outer=outer, du=du,
                       outer_at=partial(_outer_at, e.name))
        if sub is not None:
            _chain_step(trace, e.name, e, e.arg, x, result, sub, outer, du)
        return result
    if isinstance(e, Vec):
        return Vec(tuple(_d(i, x) for i in e.items))
    if isinstance(e, Mat):
        return Mat(tuple(tuple(_d(i, x) for i in row) for row in e.rows))
    if isinstance(e, Rel):
        raise EngineError("a comparison has no derivative")
    if isinstance(e, Call):
        raise EngineError(f"{e.name}(…) must be computed before differentiating")
    raise EngineError(f"cannot differentiate {type(e).__name__}")


def _outer_at(name: str, u: Expr) -> Expr:
    """f′(u) for the table function `name`."""
    return substitute(_rule(name), {"u": u})


def _slip(e: Expr, x: str, result: Expr, **pieces: object) -> Expr:
    """The rule's result, or, inside `malrules.mutating` at the chosen node, the named mistake's."""
    m = malrules.active()
    if m is None:
        return result
    wrong = malrules.variant(m, e, x, pieces)
    return result if wrong is None else wrong


# ── recording steps (only when a trace is asked for) ─────────────────────────────────────────────


def _show(e: Expr) -> str:
    return to_unicode(e)


def _held(e: Expr) -> str:
    names = sorted(free_symbols(e))
    return f"{', '.join(_show(Sym(n)) for n in names)} held constant" if names else ""


def _product_rule(e: Mul, x: str) -> tuple[str, str]:
    """Product rule when two or more factors hold x, else a constant multiple; a negative power among
    the factors is the course's way of dividing (a/b = a·b⁻¹)."""
    moving = [f for f in e.factors if x in free_symbols(f)]
    rule = "product" if len(moving) > 1 else "constant-multiple"
    notes = []
    if any(isinstance(f, Pow) and isinstance(f.exp, Num) and f.exp.value < 0 for f in moving) \
            and len(e.factors) > 1:
        notes.append("a/b = a·b⁻¹")
    if rule == "product" and len(moving) > 2:
        notes.append(f"{len(moving)} factors")
    fixed = [f for f in e.factors if x not in free_symbols(f)]
    if fixed and any(free_symbols(f) for f in fixed):
        notes.append(_held(Mul(tuple(fixed))))
    return rule, ", ".join(notes)


def _record(trace: list[Step], rule: str, note: str, e: Expr, x: str, result: Expr, sub: list[Step],
            raw: Expr) -> None:
    """A rule's step; when its output as assembled (`raw`) reads differently from the tidy result, one
    `tidy` step shows the difference."""
    steps = list(sub)
    if isinstance(raw, (Add, Mul)) and len(raw.children()) <= 1:
        raw = raw.children()[0] if raw.children() else ZERO
    if raw != result and _show(raw) != _show(result):
        steps.append(Step("tidy", raw, result))
    trace.append(Step(rule, derivative_call(e, x), result, note, tuple(steps), node=e, var=x))


def _chain_step(trace: list[Step], rule: str, e: Expr, inner: Expr, x: str, result: Expr, sub: list[Step],
                outer: Expr, du: Expr) -> None:
    """f(u) with u = x is the rule itself (`power`, `sin`, …). Otherwise the chain rule: its first
    sub-step is the outer rule in a fresh variable u, then the inner derivative u′."""
    note = _power_note(e) if rule == "power" else ""
    if inner == Sym(x):
        trace.append(Step(rule, derivative_call(e, x), result, note, node=e, var=x))
        return
    name = next(v for v in ("u", "v", "w", "s", "q") if v not in free_symbols(e))
    u = Sym(name)
    if isinstance(e, Func):
        shape: Expr = Func(e.name, u)
        outer_u = substitute(_rule(e.name), {"u": u})
    elif rule == "power":
        shape = Pow(u, e.exp)
        outer_u = b.mul(e.exp, b.power(u, b.sub(e.exp, ONE)))
    else:
        shape = Pow(e.base, u)
        log_a = ONE if isinstance(e.base, Const) and e.base.name == "e" else b.func("ln", e.base)
        outer_u = b.mul(shape, log_a)
    first = Step(rule, derivative_call(shape, name), outer_u, note, node=shape, var=name)
    raw = Mul((du, outer)) if _monomial(du) else Mul((outer, du))
    _record(trace, "chain", f"{name} = {_show(inner)}", e, x, result, [first, *sub], raw)


def reassemble(step: Step) -> Expr:
    """A derivative step's result put together again from its sub-steps' results, by the rule it names.

    With every sub-step as recorded this is the step's own `after`; with one sub-step's `after` replaced
    (a mistake injected at that node), it is the derivative that mistake leads to."""
    e, x = step.node, step.var
    kids = [s for s in step.steps if s.rule != "tidy"]
    if e is None or x is None or not kids:
        return step.after
    if step.rule == "sum":
        return b.add(*(k.after for k in kids))
    if step.rule in ("product", "constant-multiple") and isinstance(e, Mul):
        done = {id(k): False for k in kids}
        terms = []
        for i, f in enumerate(e.factors):
            kid = next((k for k in kids if k.node == f and not done[id(k)]), None)
            if kid is None or kid.after == ZERO:
                continue
            done[id(kid)] = True
            terms.append(b.mul(*e.factors[:i], kid.after, *e.factors[i + 1:]))
        return b.add(*terms)
    if step.rule == "chain":
        outer, inner = kids[0], kids[1:]
        du = inner[0].after if inner else ONE
        return _chain(substitute(outer.after, {outer.var: _inside(e, x)}), du)
    if step.rule == "general-power" and isinstance(e, Pow):
        by = {k.node: k.after for k in kids}
        dn, du = by.get(e.exp, ZERO), by.get(e.base, ZERO)
        return b.mul(e, b.add(b.mul(dn, b.func("ln", e.base)), b.mul(e.exp, du, b.power(e.base, Num(-1)))))
    return step.after


def _inside(e: Expr, x: str) -> Expr:
    """The inner function u of a chain step's node."""
    if isinstance(e, Func):
        return e.arg
    if isinstance(e, Pow):
        return e.exp if x in free_symbols(e.exp) else e.base
    raise EngineError("not a chain")


def _power_note(e: Pow) -> str:
    n = e.exp
    if isinstance(n, Num) and n.value == Fraction(1, 2):
        return "√u = u^(1/2)"
    if isinstance(n, Num) and n.value < 0:
        return "1/u = u⁻¹"
    return ""


def _chain(outer: Expr, inner: Expr) -> Expr:
    """outer′·inner′ as a textbook writes it: a monomial inner derivative in front (2·x·cos(x²),
    6·x·(x² + 1)²), anything else behind (cos(x² + x)·(2·x + 1))."""
    return b.mul(inner, outer) if _monomial(inner) else b.mul(outer, inner)


def _monomial(e: Expr) -> bool:
    """A number, constant, variable or power of a variable, or a product of these (2·x, π, n·xⁿ⁻¹):
    the factors a textbook writes before a function. Only derivatives are ordered this way; a typed
    product keeps its order."""
    if isinstance(e, Mul):
        return all(_monomial(f) for f in e.factors)
    if isinstance(e, Pow):
        return isinstance(e.base, Sym) and not any(isinstance(n, Func) for n in walk(e.exp))
    return isinstance(e, (Num, Const, Sym))


def _bounded(e: Expr) -> Expr:
    """Stop a derivative as soon as it outgrows MAX_NODES, not after it is built (sizes are cached)."""
    if size(e) > MAX_NODES:
        raise EngineError("the derivative is too large to work with")
    return e


_recorder: ContextVar[list[Step] | None] = ContextVar("derivation_recorder", default=None)


@contextmanager
def recording() -> Iterator[list[Step]]:
    """Everything differentiated inside records its steps into the list this yields (see `trace`)."""
    steps: list[Step] = []
    token = _recorder.set(steps)
    try:
        yield steps
    finally:
        _recorder.reset(token)


def current_trace() -> list[Step] | None:
    """The list steps are being recorded into, or None when nobody asked for them."""
    return _recorder.get()


@contextmanager
def _gathering() -> Iterator[list[Step] | None]:
    """Inside an operation: a fresh list for its steps when recording, else None (and no cost)."""
    if _recorder.get() is None:
        yield None
        return
    with recording() as steps:
        yield steps


def _group(rule: str, before: Expr, after: Expr, steps: list[Step] | None, note: str = "") -> Expr:
    """When recording, one step gathering an operation's `steps`; gives back `after`."""
    outer = _recorder.get()
    if outer is not None and steps is not None:
        outer.append(Step(rule, before, after, note, tuple(steps)))
    return after


def diff(expr: Expr, x: str, n: int = 1) -> Expr:
    """The n-th derivative with respect to `x` (a partial derivative when other variables appear)."""
    if not isinstance(n, int) or n < 0:
        raise EngineError("the order of a derivative must be a whole number ≥ 0")
    if n > MAX_ORDER:
        raise EngineError(f"derivatives are limited to order {MAX_ORDER}")
    trace = _recorder.get()
    if trace is None:
        for _ in range(n):
            expr = _bounded(_d(expr, x))
            _spend(size(expr))
        return expr
    start = expr
    blocks: list[Step] = []
    for _ in range(n):
        expr = _bounded(_d(expr, x, blocks))
        _spend(size(expr))
    if n == 1:
        trace.extend(blocks)
    elif n > 1:
        trace.append(Step("order", derivative_call(start, x, n), expr, f"{n} times", tuple(blocks),
                          node=start, var=x))
    return expr


def gradient(expr: Expr, variables: Sequence[str]) -> Vec:
    """∇f as a vector of partial derivatives (printed as a list; the Jacobian of f is the same row)."""
    with _gathering() as steps:
        result = Vec(tuple(diff(expr, v) for v in variables))
    return _group("gradient", Call("grad", (expr, Vec(tuple(Sym(v) for v in variables)))), result, steps)


def jacobian(exprs: Expr | Sequence[Expr], variables: Sequence[str]) -> Expr:
    """J[i][j] = ∂fᵢ/∂xⱼ. A scalar function gives a row vector (the course's convention)."""
    before = Call("jacobian", (exprs if isinstance(exprs, Expr) else Vec(tuple(exprs)),
                               Vec(tuple(Sym(v) for v in variables))))
    if isinstance(exprs, Vec):
        exprs = exprs.items
    with _gathering() as steps:
        if isinstance(exprs, Expr):
            result: Expr = Vec(tuple(diff(exprs, v) for v in variables))
        else:
            result = Mat(tuple(tuple(diff(f, v) for v in variables) for f in exprs))
            if malrules.in_operation("jacobian") is not None:
                result = b.transpose(result)
    return _group("jacobian", before, result, steps)


def hessian(expr: Expr, variables: Sequence[str]) -> Mat:
    """H[i][j] = ∂²f/∂xᵢ∂xⱼ (the Jacobian of the Jacobian)."""
    with _gathering() as steps:
        first = [diff(expr, v) for v in variables]
        result = Mat(tuple(tuple(diff(fi, v) for v in variables) for fi in first))
        slip = malrules.in_operation("hessian")
        if slip is not None:  # a mixed entry made the wrong way
            mixed = (lambda i, j: b.mul(first[i], first[j])) if slip.malrule == "hessian-mixed-product" \
                else (lambda i, j: ZERO)
            result = Mat(tuple(tuple(h if i == j else mixed(i, j) for j, h in enumerate(row))
                               for i, row in enumerate(result.rows)))
    return _group("hessian", Call("hessian", (expr, Vec(tuple(Sym(v) for v in variables)))), result, steps)


def taylor(expr: Expr, x: str, a: Expr | float, n: int) -> Expr:
    """Σₖ f⁽ᵏ⁾(a)/k!·(x − a)ᵏ for k = 0…n."""
    if not isinstance(n, int) or n < 0 or n > MAX_TAYLOR_ORDER:
        raise EngineError(f"the order of a Taylor polynomial must be a whole number from 0 to "
                          f"{MAX_TAYLOR_ORDER}")
    a_expr = a if isinstance(a, Expr) else b.num(a)
    shift = b.sub(Sym(x), a_expr)
    terms = []
    derivative = expr
    with _gathering() as steps:
        table: list[Step] = []
        for k in range(n + 1):
            if k:
                derivative = diff(derivative, x)
            coeff = substitute(derivative, {x: a_expr})
            scaled = b.num(Fraction(1, 1 if malrules.in_operation("taylor") else math.factorial(k)))
            terms.append(b.mul(scaled, coeff, b.power(shift, Num(k))))
            if steps is not None:
                at_a = Call("at", (derivative,), ((x, a_expr),))
                table.append(Step("taylor-coefficient", Mul((scaled, at_a)), b.mul(scaled, coeff), f"k = {k}",
                                  node=coeff, var=x))
        result = b.add(*terms)
    return _group("taylor", Call("taylor", (expr, Sym(x), a_expr, Num(n))), result,
                  None if steps is None else steps + table)


def taylor2(expr: Expr, variables: Sequence[str], point: Sequence[Expr | float], order: int = 2) -> Expr:
    """Multivariate Taylor to order 0, 1 or 2: f(a) + J(a)·Δ + ½·Δᵀ·H(a)·Δ with Δ = x − a."""
    if order not in (0, 1, 2):
        raise EngineError("multivariate Taylor polynomials are taught to order 2")
    if len(variables) != len(point):
        raise EngineError("give one expansion coordinate per variable")
    at = {v: (p if isinstance(p, Expr) else b.num(p)) for v, p in zip(variables, point, strict=True)}
    deltas = [b.sub(Sym(v), at[v]) for v in variables]
    terms = [substitute(expr, at)]
    if order >= 1:
        grads = [diff(expr, v) for v in variables]
        terms += [b.mul(substitute(g, at), d) for g, d in zip(grads, deltas, strict=True)]
        if order == 2:
            for i, gi in enumerate(grads):
                for j, vj in enumerate(variables):
                    hij = substitute(diff(gi, vj), at)
                    terms.append(b.mul(Num(Fraction(1, 2)), hij, deltas[i], deltas[j]))
    return b.add(*terms)


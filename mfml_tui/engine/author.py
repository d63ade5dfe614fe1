"""The author language: the learner's language plus the engine's operations as functions.

Lessons state every answer this way (`at(diff(a*x^n, x), x=x0)`), so expected answers are always
computed, never typed. `compute` substitutes the quiz parameters, then resolves operations from the
inside out. Each operation is one small function in OPERATIONS below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from mfml_tui.engine import build as b
from mfml_tui.engine import calculus as calc
from mfml_tui.engine import malrules
from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.evaluation import evaluate, lambdify
from mfml_tui.engine.memo import Memo
from mfml_tui.engine.optimise import gradient_descent, lagrange, newton_raphson
from mfml_tui.engine.parser import parse
from mfml_tui.engine.printing import format_number, to_ascii, to_unicode
from mfml_tui.engine.regression import chi_squared, linear_fit
from mfml_tui.engine.trace import Step, dedupe
from mfml_tui.engine.tree import Call, Const, Expr, Mat, Num, Sym, Vec, free_symbols, has_call, walk

MAX_ITERATIONS = 1000


@dataclass(frozen=True)
class Value:
    """A computed result: `kind` is number, vector, matrix or expression.

    `value` is a float, a numpy array, or (for expressions) the tree; `expr` is always the tree, `text`
    its Unicode form."""

    kind: str
    value: object
    expr: Expr

    @cached_property  # printed once per Value: grading shows the expected answer in every verdict
    def text(self) -> str:
        return to_unicode(self.expr)

    @cached_property
    def ascii(self) -> str:
        return to_ascii(self.expr)

    @property
    def decimal(self) -> str:
        """The numeric value printed plainly (`[4, 1]`, `3.55`), for numeric kinds."""
        if self.kind == "expression":
            return self.text
        if self.kind == "number":
            return format_number(round(float(self.value), 10))
        return _format_array(np.asarray(self.value))

    def to_json(self) -> dict:
        if self.kind == "expression":
            value: object = to_ascii(self.expr)
        elif self.kind == "number":
            value = float(self.value)
        else:
            value = np.asarray(self.value, dtype=float).tolist()
        return {"kind": self.kind, "value": value, "text": self.text}


def _format_array(a: np.ndarray) -> str:
    if a.ndim == 1:
        return "[" + ", ".join(format_number(round(float(v), 10)) for v in a) + "]"
    return "[" + ", ".join(_format_array(row) for row in a) + "]"


def value_of(expr: Expr) -> Value:
    """Classify a resolved tree: numeric results are evaluated, anything with variables stays symbolic."""
    if isinstance(expr, Call):
        raise EngineError(f"{expr.name}(…) could not be computed")
    if free_symbols(expr):
        return Value("expression", expr, expr)
    v = evaluate(expr)
    if isinstance(expr, Vec):
        return Value("vector", np.asarray(v, dtype=float), expr)
    if isinstance(expr, Mat):
        return Value("matrix", np.asarray(v, dtype=float), expr)
    return Value("number", float(v), expr)


def compute(text: str | Expr, params: Mapping[str, float | int | Expr] | None = None) -> Value:
    """Parse author text (or take a tree), put in the parameters, carry out every operation.

    A lesson's answer text is computed for every draw, and draws repeat their numbers (`lessons check`
    runs 50 seeds of small integer ranges; a learner retries): the result for a text and the values of
    the parameters it uses is remembered (`_COMPUTED`), except while a mal-rule is being made or the
    working is being recorded, where the same text gives another tree or must leave its steps."""
    expr = parse(text) if isinstance(text, str) else text
    key = _compute_key(text, expr, params)
    if key is not None:
        found = _COMPUTED.get(key)
        if found is not None:
            return _fresh(found)
    operations = has_call(expr)  # known on the parsed tree (parsing is remembered), not on the numbers put in
    if params:  # only the parameters the text uses: a quiz draws up to a dozen, a placeholder uses one or two
        names = free_symbols(expr)
        used = {k: v for k, v in params.items() if k in names}
        expr = calc.substitute(expr, used)
        operations = operations or any(isinstance(v, Expr) and has_call(v) for v in used.values())
    with calc.work_budget():
        value = value_of(resolve(expr) if operations else expr)  # resolve leaves a tree without one as it is
    if key is not None:
        _COMPUTED.put(key, value)
        return _fresh(value)
    return value


_COMPUTED: Memo[Value] = Memo(2048)  # results (each a small tree or array)


def _compute_key(text: str | Expr, expr: Expr,
                 params: Mapping[str, float | int | Expr] | None) -> tuple | None:
    """What `compute`'s result depends on: the text and the type and exact value of each parameter it
    uses (2 and 2.0, 0.0 and −0.0 may print differently); None when it must not be remembered."""
    if not isinstance(text, str) or calc.current_trace() is not None or malrules.active() is not None:
        return None
    used = []
    if params:
        names = free_symbols(expr)
        for name, v in params.items():
            if name in names:
                used.append((name, type(v), v if isinstance(v, Expr) else repr(v)))
    return (text, tuple(sorted(used, key=lambda u: u[0])))


def _fresh(value: Value) -> Value:
    """A remembered Value whose arrays the caller may change without changing the remembered one."""
    if isinstance(value.value, np.ndarray):
        return Value(value.kind, value.value.copy(), value.expr)
    return value


def explain(text: str | Expr, params: Mapping[str, float | int | Expr] | None = None) -> tuple[Value, Step]:
    """`compute`, keeping the derivation: the same operations run with the rule table recording its
    steps, so the last line (`step.after`) is the very tree `compute` returns."""
    expr = parse(text) if isinstance(text, str) else text
    if params:
        expr = calc.substitute(expr, dict(params))
    with calc.work_budget(), calc.recording() as steps:
        result = resolve(expr)
        value = value_of(result)
    if len(steps) == 1 and isinstance(expr, Call) and steps[0].after == result:
        root = steps[0]
    else:
        root = Step("result", expr, result, "", tuple(steps))
    return value, dedupe(root)


def resolve(expr: Expr) -> Expr:
    """Carry out operations (`diff`, `grad`, `at`, …) innermost first. A subtree without one is left
    as it is: the builders made it (parsing, substituting), and building it again gives the same tree
    (tests/test_lessons_check_cuts.py holds them to that), so only the nodes above an operation are
    rebuilt around its result."""
    if isinstance(expr, (Num, Sym, Const)) or not has_call(expr):
        return expr
    if isinstance(expr, Call):
        args = tuple(resolve(a) for a in expr.args)
        kwargs = {k: resolve(v) for k, v in expr.kwargs}
        op = OPERATIONS.get(expr.name)
        if op is None:
            raise EngineError(f"unknown operation {expr.name}(…)")
        outer = calc.current_trace()
        if outer is None:
            return _remembered(expr.name, op, args, kwargs)
        with calc.recording() as inner:
            result = op(*args, **kwargs)
        if len(inner) == 1 and inner[0].after == result:
            outer.append(inner[0])
        else:
            note = ", ".join(f"{k} = {to_unicode(v)}" for k, v in kwargs.items()) if expr.name == "at" else ""
            outer.append(Step(expr.name, Call(expr.name, args, tuple(kwargs.items())), result, note,
                              tuple(inner)))
        return result
    return calc.rebuild(expr, [resolve(c) for c in expr.children()])


_RESOLVED: Memo[tuple[Expr, int]] = Memo(2048)  # operation results, with the work each cost


def _remembered(name: str, op: Callable[..., Expr], args: tuple[Expr, ...], kwargs: dict[str, Expr]) -> Expr:
    """`op(*args, **kwargs)`, remembered: texts share operations (`entry(lagrange(…), 1)` and
    `entry(lagrange(…), 2)` solve the same system) and draws repeat numbers. Not while a mal-rule is
    made (the same call gives another tree), nor outside a work budget (its cost could not be known);
    a remembered result is charged its cost again, so the budget stops exactly what it stopped before."""
    before = calc.work_left()
    if before is None or malrules.active() is not None:
        return op(*args, **kwargs)
    key = (name, tuple(_strict(a) for a in args), tuple((k, _strict(v)) for k, v in kwargs.items()))
    found = _RESOLVED.get(key)
    if found is not None:
        result, cost = found
        if cost:
            calc.spend(cost)
        return result
    result = op(*args, **kwargs)
    _RESOLVED.put(key, (result, before - (calc.work_left() or 0)))
    return result


def _strict(e: Expr) -> tuple:
    """A key telling apart trees that compare equal but print or compute differently: Num(2), Num(2.0),
    Num(Fraction(2)) and Num(-0.0) are equal nodes; the key adds each number's type and repr."""
    return (e, tuple((type(n.value), repr(n.value)) for n in walk(e) if isinstance(n, Num)))


# ── argument helpers ─────────────────────────────────────────────────────────────────────────────


def _var(e: Expr, what: str = "variable") -> str:
    if not isinstance(e, Sym):
        raise EngineError(f"expected a {what} name, got {to_unicode(e)}")
    return e.name


def _vars(e: Expr) -> list[str]:
    if isinstance(e, Sym):
        return [e.name]
    if isinstance(e, Vec):
        return [_var(i) for i in e.items]
    raise EngineError("expected a list of variables such as [x, y]")


def _int(e: Expr, what: str) -> int:
    if isinstance(e, Num) and float(e.value).is_integer():
        return int(e.value)
    raise EngineError(f"{what} must be a whole number")


def _float(e: Expr, what: str = "a number") -> float:
    if free_symbols(e):
        raise EngineError(f"expected {what}, got {to_unicode(e)}")
    value = evaluate(e)
    if not isinstance(value, float):
        raise EngineError(f"expected {what}, got a vector or matrix")
    return value


def _point(e: Expr, n: int) -> np.ndarray:
    if not isinstance(e, Vec) or len(e.items) != n:
        raise EngineError(f"expected a point with {n} coordinates such as [1, 2]")
    return np.array([_float(i, "a coordinate") for i in e.items])


def _floats(e: Expr) -> np.ndarray:
    if not isinstance(e, Vec):
        raise EngineError("expected a list of numbers such as [1, 2, 3]")
    return np.array([_float(i) for i in e.items])


def _numeric_result(values) -> Expr:
    values = np.asarray(values, dtype=float)
    if values.ndim == 0:
        return b.num(float(values))
    return Vec(tuple(b.num(float(v)) for v in values))


# ── operations ───────────────────────────────────────────────────────────────────────────────────


def op_diff(e: Expr, x: Expr, n: Expr | None = None) -> Expr:
    return calc.diff(e, _var(x), 1 if n is None else _int(n, "the order"))


#: `slip(f, x, n)`'s numbers: the rows of the mal-rule table (docs/quizzes.md numbers them), fixed like
#: ids because lessons use them; tests keep this list and `malrules.MALRULES` in the same order.
SLIPS = ("chain-dropped", "power-up", "power-no-n", "product-of-derivatives", "product-minus", "sin-sign",
         "cos-sign", "exp-as-power", "constant-lost", "other-variable-differentiated", "chain-inside",
         "integrated", "jacobian-transposed", "hessian-mixed-product", "hessian-mixed-zero",
         "taylor-no-factorial", "chain-path-dropped", "power-sign")


def op_slip(e: Expr, x: Expr, n: Expr) -> Expr:
    """slip(f, x, n): df/dx worked with one classic mistake, the mal-rule numbered n in `SLIPS`
    (1 chain-dropped, 2 power-up, …), made at the outermost place where it changes the result; the right
    derivative where it changes nothing, and for n = 0 (so a drawn parameter can choose which line of a
    worked solution is wrong). A lesson shows a worked solution with one wrong line ("find the error")
    computed by the same rule table that grades answers, never typed."""
    from mfml_tui.engine import malrules
    from mfml_tui.engine.tree import walk

    k = _int(n, "the mal-rule number")
    if not 0 <= k <= len(SLIPS) or (k and SLIPS[k - 1] not in malrules.MALRULES):
        raise EngineError(f"the mal-rule number must be 0 (no slip) to {len(SLIPS)}")
    if k and malrules.MALRULES[SLIPS[k - 1]].level != "node":
        raise EngineError(f"mal-rule {k} ({SLIPS[k - 1]}) is a slip in putting an operation together, not "
                          "in differentiating: slip() takes the node-level rules")
    var = _var(x)
    right = calc.diff(e, var)
    if k == 0:
        return right
    rule = SLIPS[k - 1]
    for node in walk(e):
        if rule not in malrules.applicable(node, var):
            continue
        with malrules.mutating(node, var, rule):
            wrong = calc.diff(e, var)
        if wrong != right:
            return wrong
    return right


def op_grad(e: Expr, xs: Expr) -> Expr:
    return calc.gradient(e, _vars(xs))


def op_jacobian(e: Expr, xs: Expr) -> Expr:
    return calc.jacobian(e, _vars(xs))


def op_hessian(e: Expr, xs: Expr) -> Expr:
    return calc.hessian(e, _vars(xs))


def op_taylor(e: Expr, x: Expr, a: Expr, n: Expr) -> Expr:
    if isinstance(x, Vec):
        if not isinstance(a, Vec):
            raise EngineError("a multivariate Taylor polynomial needs a point such as [0, 0]")
        return calc.taylor2(e, _vars(x), list(a.items), _int(n, "the order"))
    return calc.taylor(e, _var(x), a, _int(n, "the order"))


def op_at(e: Expr, *positional: Expr, **values: Expr) -> Expr:
    if positional:  # at(e, [x, y], [1, 2])
        if len(positional) != 2:
            raise EngineError("write at(e, x=1, y=2) or at(e, [x, y], [1, 2])")
        names = _vars(positional[0])
        point = positional[1].items if isinstance(positional[1], Vec) else (positional[1],)
        if len(point) != len(names):
            raise EngineError("give one value per variable")
        values = dict(zip(names, point, strict=True))
    return calc.substitute(e, values)


def op_det(m: Expr) -> Expr:
    return b.det(m)


def op_transpose(m: Expr) -> Expr:
    return b.transpose(m)


def op_dot(u: Expr, v: Expr) -> Expr:
    slip = malrules.in_operation("chain")  # one path of the multivariate chain rule left out
    if slip is not None and isinstance(u, Vec) and isinstance(v, Vec) and len(u.items) == len(v.items) > 1:
        keep = [k for k in range(len(u.items)) if k != slip.index % len(u.items)]
        return b.dot(Vec(tuple(u.items[k] for k in keep)), Vec(tuple(v.items[k] for k in keep)))
    return b.dot(u, v)


def op_norm(v: Expr) -> Expr:
    return b.sqrt(b.dot(v, v))


def op_matmul(a: Expr, c: Expr) -> Expr:
    return b.matmul(a, c)


def op_entry(m: Expr, i: Expr, j: Expr | None = None) -> Expr:
    """1-based, as in maths: entry(J, 1, 2) is J₁₂."""
    i_ = _int(i, "the row")
    if isinstance(m, Vec):
        if j is not None or not 1 <= i_ <= len(m.items):
            raise EngineError("entry(v, i) needs 1 ≤ i ≤ length of v")
        return m.items[i_ - 1]
    if isinstance(m, Mat) and j is not None:
        j_ = _int(j, "the column")
        r, c = m.shape
        if not (1 <= i_ <= r and 1 <= j_ <= c):
            raise EngineError(f"entry({i_}, {j_}) is outside a {r}×{c} matrix")
        return m.rows[i_ - 1][j_ - 1]
    raise EngineError("entry(…) needs a vector and an index, or a matrix and two indexes")


def op_sum(v: Expr) -> Expr:
    if isinstance(v, Vec):
        return b.add(*v.items)
    if isinstance(v, Mat):
        return b.add(*v.children())
    raise EngineError("sum(…) needs a vector or a matrix")


def op_max(v: Expr) -> Expr:
    return b.num(float(np.max(_floats(v))))


def op_min(v: Expr) -> Expr:
    return b.num(float(np.min(_floats(v))))


def _function_of(e: Expr, names: list[str]) -> Callable:
    extra = free_symbols(e) - set(names)
    if extra:
        raise EngineError(f"unknown variable {sorted(extra)[0]} (the variables are {', '.join(names)})")
    return lambdify(e, names)


def op_newton(f: Expr, x: Expr, x0: Expr, steps: Expr | None = None) -> Expr:
    """newton(f, x, x0) is the root Newton-Raphson reaches from x0; with `steps`, xₙ after n steps."""
    name = _var(x)
    fn = _function_of(f, [name])
    dfn = _function_of(calc.diff(f, name), [name])
    n = _int(steps, "the number of steps") if steps is not None else None
    if n is not None and not 0 <= n <= MAX_ITERATIONS:
        raise EngineError(f"steps must be between 0 and {MAX_ITERATIONS}")
    if n is not None:
        result = newton_raphson(fn, dfn, _float(x0, "a start value"), max_steps=n, tol=0.0, watch=False)
        if len(result.iterates) <= n and not result.converged:  # converged early: xₙ stays at the root
            stopped = len(result.iterates) - 1
            raise EngineError(f"Newton-Raphson stopped after {stopped} steps: {result.reason}")
        return b.num(float(result.iterates[min(n, len(result.iterates) - 1)]))
    result = newton_raphson(fn, dfn, _float(x0, "a start value"), max_steps=100)
    if not result.converged:
        raise EngineError(f"Newton-Raphson from {to_unicode(x0)} did not converge: {result.reason}")
    return b.num(float(result.iterates[-1]))


def op_descend(f: Expr, xs: Expr, start: Expr, gamma: Expr, steps: Expr) -> Expr:
    """descend(f, [x, y], [x0, y0], γ, n): the point after n steps of s ← s − γ∇f."""
    names = _vars(xs)
    fn = _function_of(f, names)
    grads = [_function_of(calc.diff(f, v), names) for v in names]
    n = _int(steps, "the number of steps")
    if not 0 <= n <= MAX_ITERATIONS:
        raise EngineError(f"steps must be between 0 and {MAX_ITERATIONS}")
    path = gradient_descent(lambda p: fn(*p), lambda p: np.array([g(*p) for g in grads], dtype=float),
                            _point(start, len(names)), gamma=_float(gamma, "a step size γ"), steps=n)
    return _numeric_result(path.points[-1])


def op_lagrange(f: Expr, g: Expr, xs: Expr, start: Expr, lam0: Expr | None = None) -> Expr:
    """lagrange(f, g, [x, y], [x0, y0]) or lagrange(f, g, [x, y], [x0, y0], λ0): the stationary point
    [x, y, λ] of f on g = 0 reached from the start (λ from 0 unless given) by Newton's method on ∇L = 0
    with L = f − λg."""
    names = _vars(xs)
    n = len(names)

    def vector(exprs):
        fs = [_function_of(e, names) for e in exprs]
        return lambda p: np.array([h(*p) for h in fs], dtype=float)

    def matrix(m: Mat):
        fs = [[_function_of(e, names) for e in row] for row in m.rows]
        return lambda p: np.array([[h(*p) for h in row] for row in fs], dtype=float)

    result = lagrange(vector(calc.gradient(f, names).items), matrix(calc.hessian(f, names)),
                      lambda p: float(_function_of(g, names)(*p)), vector(calc.gradient(g, names).items),
                      matrix(calc.hessian(g, names)), _point(start, n),
                      lam0=0.0 if lam0 is None else _float(lam0, "a starting λ"))
    if not result.converged:
        raise EngineError(f"the Lagrange system did not converge from this start: {result.reason}")
    return _numeric_result(list(result.x) + [result.lam])


def op_stationary(f: Expr, xs: Expr, start: Expr) -> Expr:
    """stationary(f, [x, y], [x0, y0]): the point where ∇f = 0 that Newton's method (the Hessian as the
    Jacobian of ∇f) reaches from the start, so a lesson can ask learners to *find* stationary points."""
    from mfml_tui.engine.optimise import newton_nd

    names = _vars(xs)
    grads = [_function_of(e, names) for e in calc.gradient(f, names).items]
    hess = [[_function_of(e, names) for e in row] for row in calc.hessian(f, names).rows]
    result = newton_nd(lambda p: np.array([h(*p) for h in grads], dtype=float),
                       lambda p: np.array([[h(*p) for h in row] for row in hess], dtype=float),
                       _point(start, len(names)))
    if not result.converged:
        raise EngineError(f"Newton's method on ∇f = 0 did not converge from this start: {result.reason}")
    x = np.array(result.x, dtype=float)
    x[np.abs(x) <= 1e-12 * max(1.0, float(np.max(np.abs(x))))] = 0.0  # round-off at an exact 0: no −0
    return _numeric_result(x)


def op_linfit(xs: Expr, ys: Expr) -> Expr:
    """linfit([x…], [y…]) is [m, c], the least-squares straight line y = m·x + c."""
    fit = linear_fit(_floats(xs), _floats(ys))
    return _numeric_result([fit.m, fit.c])


def op_chisquared(ys: Expr, model: Expr, sigma: Expr | None = None) -> Expr:
    return b.num(float(chi_squared(_floats(ys), _floats(model), None if sigma is None else _floats(sigma))))


OPERATIONS: dict[str, Callable[..., Expr]] = {
    "diff": op_diff,
    "slip": op_slip,
    "grad": op_grad,
    "jacobian": op_jacobian,
    "hessian": op_hessian,
    "taylor": op_taylor,
    "at": op_at,
    "det": op_det,
    "transpose": op_transpose,
    "dot": op_dot,
    "norm": op_norm,
    "matmul": op_matmul,
    "entry": op_entry,
    "sum": op_sum,
    "max": op_max,
    "min": op_min,
    "newton": op_newton,
    "descend": op_descend,
    "lagrange": op_lagrange,
    "stationary": op_stationary,
    "linfit": op_linfit,
    "chisquared": op_chisquared,
}


def _check_signature(name: str, fn: Callable, args: tuple, kwargs: dict, signature=None) -> None:
    import inspect

    signature = signature or inspect.signature(fn)
    try:
        signature.bind(*args, **kwargs)
    except TypeError:
        params = [p for p in signature.parameters if p not in ("positional", "values")]
        raise EngineError(f"{name}(…) takes: {', '.join(params)}") from None


def _guarded(name: str, fn: Callable[..., Expr]) -> Callable[..., Expr]:
    signature = []  # read on the first call (inspect is not imported at start-up), then kept
    fits: set[tuple] = set()  # the argument shapes that bound: binding depends on nothing else

    def call(*args, **kwargs):
        shape = (len(args), *kwargs)
        if shape not in fits:
            if not signature:
                import inspect

                signature.append(inspect.signature(fn))
            _check_signature(name, fn, args, kwargs, signature[0])
            fits.add(shape)
        return fn(*args, **kwargs)

    return call


OPERATIONS = {name: _guarded(name, fn) for name, fn in OPERATIONS.items()}

"""Smart constructors: every node is built through these, so trees are always tidy.

The rules are the ones a textbook applies without comment: flatten sums and products, fold numbers
exactly, drop `0·x`, `1·y`, `x¹`, collect like terms (`x + x = 2·x`) and powers of one base
(`x·x² = x³`), spread a bare number over a sum (`3·(x + 2) = 3·x + 6`). Order is kept as built (first
occurrence wins, constants included), so `1 + x²` echoes as typed, Taylor polynomials read 1 + x + x²/2…
and derivatives read in the order the rules produced them.
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.functions import FUNCTIONS
from mfml_tui.engine.tree import (
    MINUS_ONE,
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
    Number,
    Pow,
    Vec,
    walk,
)

MAX_EXACT_BITS = 2000  # exact integer powers beyond this are left unevaluated (exponent towers)


def normal(value: Number) -> Number:
    """Fractions with denominator 1 become ints; floats that overflowed stay floats (inf)."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value.numerator)
    if isinstance(value, bool):
        return int(value)
    return value


def num(value: Number) -> Num:
    return Num(normal(value))


def _num_pow(base: Number, exp: Number) -> Number | None:
    """base^exp exactly when that is cheap and exact, as a float when it is finite, else None."""
    if base == 0 and exp < 0:
        return None
    if isinstance(exp, int) and not isinstance(base, float):
        magnitude = abs(exp) * max(1, abs(Fraction(base).numerator).bit_length(),
                                   Fraction(base).denominator.bit_length())
        if magnitude <= MAX_EXACT_BITS:
            return normal(Fraction(base) ** exp)
        return None
    if isinstance(exp, Fraction) and not isinstance(base, float) and base >= 0 and exp.denominator <= 12:
        b = Fraction(base)
        q = exp.denominator
        rn, rd = _int_root(b.numerator, q), _int_root(b.denominator, q)
        if rn is not None and rd is not None:
            return _num_pow(Fraction(rn, rd), exp.numerator)
        return None  # keep √2 exact rather than 1.414…
    try:
        result = math.pow(float(base), float(exp))
    except (OverflowError, ValueError):
        return None
    return result if math.isfinite(result) else None


def _int_root(n: int, q: int) -> int | None:
    if n < 0 or n.bit_length() > 4000:
        return None
    r = round(n ** (1.0 / q)) if n.bit_length() < 1000 else None
    if r is None:
        return None
    for c in (r - 1, r, r + 1):
        if c >= 0 and c**q == n:
            return c
    return None


# ── sums ─────────────────────────────────────────────────────────────────────────────────────────


def split_coefficient(term: Expr) -> tuple[Number, Expr]:
    """`3·x·y` → (3, x·y); `x` → (1, x); `5` → (5, 1)."""
    if isinstance(term, Num):
        return term.value, ONE
    if isinstance(term, Mul) and isinstance(term.factors[0], Num):
        rest = term.factors[1:]
        return term.factors[0].value, rest[0] if len(rest) == 1 else Mul(rest)
    return 1, term


def _term_key(rest: Expr) -> object:
    """Like terms match regardless of factor order (x·y and y·x)."""
    if isinstance(rest, Mul):  # a multiset of factors (hashes are cached, so this is cheap)
        return ("mul", frozenset(Counter(rest.factors).items()))
    return rest


def add(*terms: Expr) -> Expr:
    flat: list[Expr] = []
    for t in terms:
        if isinstance(t, Add):
            flat.extend(t.terms)
        else:
            flat.append(t)
    if any(isinstance(t, (Vec, Mat)) for t in flat):
        if any(_pending(t) for t in flat):
            return Add(tuple(flat))  # shapes are known once the operation is computed
        return _add_arrays(flat)
    order: list[object] = []
    collected: dict[object, tuple[Number, Expr]] = {}
    for t in flat:  # numbers are like terms of 1, so a constant stays where it first appeared
        coeff, rest = split_coefficient(t)
        key = _term_key(rest)
        if key in collected:
            old, first = collected[key]
            collected[key] = (normal(old + coeff), first)
        else:
            collected[key] = (coeff, rest)
            order.append(key)
    out = [scale(coeff, rest) for key in order for coeff, rest in [collected[key]] if coeff != 0]
    if not out:
        return ZERO
    return out[0] if len(out) == 1 else Add(tuple(out))


def scale(coeff: Number, rest: Expr) -> Expr:
    if coeff == 0:
        return ZERO
    if coeff == 1:
        return rest
    if isinstance(rest, Num):
        return num(coeff * rest.value)
    if isinstance(rest, Mul):
        return Mul((num(coeff),) + rest.factors)
    if isinstance(rest, Add):
        return add(*(mul(num(coeff), t) for t in rest.terms))
    return Mul((num(coeff), rest))


def neg(a: Expr) -> Expr:
    return mul(MINUS_ONE, a)


def sub(a: Expr, b: Expr) -> Expr:
    return add(a, neg(b))


# ── products ─────────────────────────────────────────────────────────────────────────────────────


def _pending(e: Expr) -> bool:
    """Whether e holds an author operation not yet computed (so its shape is not known yet)."""
    return any(isinstance(node, Call) for node in walk(e))


def _base_exp(f: Expr) -> tuple[Expr, Expr]:
    if isinstance(f, Pow):
        return f.base, f.exp
    return f, ONE


def mul(*factors: Expr) -> Expr:
    flat: list[Expr] = []
    for f in factors:
        if isinstance(f, Mul):
            flat.extend(f.factors)
        else:
            flat.append(f)
    if any(isinstance(f, (Vec, Mat)) for f in flat):
        if any(_pending(f) for f in flat):
            return Mul(tuple(flat))
        return _mul_arrays(flat)
    coeff: Number = 1
    order: list[Expr] = []
    exps: dict[Expr, list[Expr]] = {}
    for f in flat:
        if isinstance(f, Num):
            coeff = normal(coeff * f.value)
            continue
        base, e = _base_exp(f)
        if base in exps:
            exps[base].append(e)
        else:
            exps[base] = [e]
            order.append(base)
    if coeff == 0:
        return ZERO
    rest: list[Expr] = []
    for base in order:
        e = exps[base][0] if len(exps[base]) == 1 else add(*exps[base])
        p = power(base, e)
        if isinstance(p, Num):
            coeff = normal(coeff * p.value)
        elif isinstance(p, Mul):  # e.g. (2x)² distributed: fold its number
            for g in p.factors:
                if isinstance(g, Num):
                    coeff = normal(coeff * g.value)
                else:
                    rest.append(g)
        else:
            rest.append(p)
    if not rest:
        return num(coeff)
    if len(rest) == 1:
        return scale(coeff, rest[0])
    if coeff == 1:
        return Mul(tuple(rest))
    return Mul((num(coeff), *rest))


def div(a: Expr, b: Expr) -> Expr:
    if isinstance(b, Num):
        if b.value == 0:
            return mul(a, Pow(b, MINUS_ONE))
        inverse = Fraction(1) / Fraction(b.value) if not isinstance(b.value, float) else 1.0 / b.value
        return mul(num(inverse), a)
    return mul(a, power(b, MINUS_ONE))


# ── powers ───────────────────────────────────────────────────────────────────────────────────────


def power(base: Expr, exp: Expr) -> Expr:
    if isinstance(base, (Vec, Mat)) or isinstance(exp, (Vec, Mat)):
        raise EngineError("powers of vectors and matrices are not defined; use dot(…) or matmul(…)")
    if isinstance(exp, Num):
        if exp.value == 0:
            return ONE
        if exp.value == 1:
            return base
    if isinstance(base, Num):
        if base.value == 1:
            return ONE
        if base.value == 0 and isinstance(exp, Num) and exp.value > 0:
            return ZERO
        if isinstance(exp, Num):
            folded = _num_pow(base.value, exp.value)
            if folded is not None:
                return num(folded)
    if isinstance(base, Const) and base.name == "e":
        return func("exp", exp)
    if isinstance(exp, Num) and isinstance(exp.value, int):
        if isinstance(base, Pow):  # (x^a)^n = x^(a·n) for whole n
            return power(base.base, mul(base.exp, exp))
        if isinstance(base, Mul):  # (2·x)^n = 2ⁿ·xⁿ
            return mul(*(power(f, exp) for f in base.factors))
        if isinstance(base, Func) and base.name == "exp":
            return func("exp", mul(exp, base.arg))
    return Pow(base, exp)


def sqrt(a: Expr) -> Expr:
    return power(a, Num(Fraction(1, 2)))


# ── functions ────────────────────────────────────────────────────────────────────────────────────


def func(name: str, arg: Expr) -> Expr:
    if name not in FUNCTIONS:
        raise EngineError(f"unknown function {name}")
    if isinstance(arg, Vec):
        return Vec(tuple(func(name, a) for a in arg.items))
    if isinstance(arg, Mat):
        return Mat(tuple(tuple(func(name, a) for a in row) for row in arg.rows))
    spec = FUNCTIONS[name]
    if isinstance(arg, Num):
        for at, value in spec.exact.items():
            if arg.value == at:
                return num(value)
        if name == "abs":
            return num(abs(arg.value))
        if name == "sign":
            return num((arg.value > 0) - (arg.value < 0))
    if name in ("sin", "cos") and (k := _multiple_of_pi(arg)) is not None and (2 * k).denominator == 1:
        quarter = int(2 * k) % 4  # k·π with k a multiple of ½
        return num([0, 1, 0, -1][quarter] if name == "sin" else [1, 0, -1, 0][quarter])
    if name == "exp" and isinstance(arg, Num) and arg.value == 1:
        return Const("e")
    if name == "ln" and isinstance(arg, Func) and arg.name == "exp":
        return arg.arg
    if name == "ln" and isinstance(arg, Const) and arg.name == "e":
        return ONE
    return Func(name, arg)


def _multiple_of_pi(e: Expr) -> Fraction | None:
    """k when e is k·π with k rational (so sin(π) folds to 0 and cos(π) to −1)."""
    if isinstance(e, Num) and e.value == 0:
        return Fraction(0)
    if isinstance(e, Const) and e.name == "pi":
        return Fraction(1)
    if (isinstance(e, Mul) and len(e.factors) == 2 and isinstance(e.factors[0], Num)
            and not isinstance(e.factors[0].value, float) and e.factors[1] == Const("pi")):
        return Fraction(e.factors[0].value)
    return None


# ── vectors and matrices ─────────────────────────────────────────────────────────────────────────


def vec(items) -> Vec:
    return Vec(tuple(items))


def mat(rows) -> Mat:
    rows = tuple(tuple(r) for r in rows)
    if not rows or any(len(r) != len(rows[0]) for r in rows) or not rows[0]:
        raise EngineError("every row of a matrix needs the same number of entries")
    return Mat(rows)


def _shape(e: Expr) -> tuple[int, ...]:
    if isinstance(e, Vec):
        return (len(e.items),)
    if isinstance(e, Mat):
        return e.shape
    return ()


def _add_arrays(terms: list[Expr]) -> Expr:
    shapes = {_shape(t) for t in terms}
    if len(shapes) != 1:
        described = " + ".join("×".join(map(str, s)) or "scalar" for s in (_shape(t) for t in terms))
        raise EngineError(f"cannot add things of different shapes ({described})")
    first = terms[0]
    if isinstance(first, Vec):
        return Vec(tuple(add(*(t.items[i] for t in terms)) for i in range(len(first.items))))
    r, c = first.shape
    return Mat(tuple(tuple(add(*(t.rows[i][j] for t in terms)) for j in range(c)) for i in range(r)))


def _mul_arrays(factors: list[Expr]) -> Expr:
    """Scalars scale arrays; matrix·vector and matrix·matrix are matrix products; vector·vector is
    ambiguous (dot or outer?) and must be written dot(u, v)."""
    scalars = [f for f in factors if not isinstance(f, (Vec, Mat))]
    arrays = [f for f in factors if isinstance(f, (Vec, Mat))]
    result = arrays[0]
    for nxt in arrays[1:]:
        result = matmul(result, nxt)
    s = mul(*scalars) if scalars else ONE
    if isinstance(result, Vec):
        return Vec(tuple(mul(s, x) for x in result.items))
    if isinstance(result, Mat):
        return Mat(tuple(tuple(mul(s, x) for x in row) for row in result.rows))
    return mul(s, result)


def matmul(a: Expr, b: Expr) -> Expr:
    if isinstance(a, Mat) and isinstance(b, Vec):
        if a.shape[1] != len(b.items):
            raise EngineError(f"a {a.shape[0]}×{a.shape[1]} matrix cannot multiply a vector of length "
                              f"{len(b.items)}")
        return Vec(tuple(add(*(mul(x, y) for x, y in zip(row, b.items, strict=True))) for row in a.rows))
    if isinstance(a, Mat) and isinstance(b, Mat):
        if a.shape[1] != b.shape[0]:
            raise EngineError(f"shapes {a.shape[0]}×{a.shape[1]} and {b.shape[0]}×{b.shape[1]} do not "
                              "line up for a product")
        cols = list(zip(*b.rows, strict=True))
        return Mat(tuple(tuple(add(*(mul(x, y) for x, y in zip(row, col, strict=True))) for col in cols)
                         for row in a.rows))
    if isinstance(a, Vec) and isinstance(b, Mat):  # row vector times matrix
        if len(a.items) != b.shape[0]:
            raise EngineError(f"a row of length {len(a.items)} cannot multiply a {b.shape[0]}×{b.shape[1]} "
                              "matrix")
        cols = list(zip(*b.rows, strict=True))
        return Vec(tuple(add(*(mul(x, y) for x, y in zip(a.items, col, strict=True))) for col in cols))
    raise EngineError("multiplying two vectors is ambiguous: write dot(u, v)")


def dot(a: Expr, b: Expr) -> Expr:
    if not (isinstance(a, Vec) and isinstance(b, Vec)) or len(a.items) != len(b.items):
        raise EngineError("dot(u, v) needs two vectors of the same length")
    return add(*(mul(x, y) for x, y in zip(a.items, b.items, strict=True)))


def transpose(a: Expr) -> Expr:
    if isinstance(a, Mat):
        return Mat(tuple(zip(*a.rows, strict=True)))
    if isinstance(a, Vec):
        return Mat(tuple((x,) for x in a.items))
    raise EngineError("transpose(…) needs a matrix or a vector")


def det(a: Expr) -> Expr:
    if not isinstance(a, Mat) or a.shape[0] != a.shape[1]:
        raise EngineError("det(…) needs a square matrix")
    n = a.shape[0]
    if n > 6:
        raise EngineError("det(…) is limited to 6×6 matrices")
    if n == 1:
        return a.rows[0][0]
    terms = []
    for j in range(n):
        minor = Mat(tuple(row[:j] + row[j + 1:] for row in a.rows[1:])) if n > 1 else None
        sign = ONE if j % 2 == 0 else MINUS_ONE
        terms.append(mul(sign, a.rows[0][j], det(minor) if n > 2 else minor.rows[0][0]))
    return add(*terms)

"""The immutable expression tree.

Subtraction and division are not node types: `a − b` is `a + (−1)·b` and `a / b` is `a·b⁻¹`, exactly
the course's "no quotient rule" view, so differentiation needs only the sum, product, power and chain
rules. Numbers are exact (`int`/`Fraction`) until a decimal is typed, so `3/2·√2` stays exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

Number = int | Fraction | float


class Expr:
    """Base of all nodes; nodes compare and hash structurally."""

    __slots__ = ()

    def children(self) -> tuple[Expr, ...]:
        return ()


@dataclass(frozen=True, slots=True)
class Num(Expr):
    value: Number


@dataclass(frozen=True, slots=True)
class Const(Expr):
    """A named mathematical constant: `e` or `pi`."""

    name: str


@dataclass(frozen=True, slots=True)
class Sym(Expr):
    """A variable or parameter. Names are ASCII (`x`, `x1`, `theta`); printing makes them Unicode."""

    name: str


@dataclass(frozen=True, slots=True)
class Add(Expr):
    terms: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.terms


@dataclass(frozen=True, slots=True)
class Mul(Expr):
    factors: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.factors


@dataclass(frozen=True, slots=True)
class Pow(Expr):
    base: Expr
    exp: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.base, self.exp)


@dataclass(frozen=True, slots=True)
class Func(Expr):
    """A function of one argument from the function table (`functions.FUNCTIONS`)."""

    name: str
    arg: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)


@dataclass(frozen=True, slots=True)
class Vec(Expr):
    items: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.items


@dataclass(frozen=True, slots=True)
class Mat(Expr):
    rows: tuple[tuple[Expr, ...], ...]

    def children(self) -> tuple[Expr, ...]:
        return tuple(item for row in self.rows for item in row)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.rows), len(self.rows[0]) if self.rows else 0)


@dataclass(frozen=True, slots=True)
class Rel(Expr):
    """A comparison (`a != b`, `x < 2`): 1 where true, 0 where false. Used in quiz `where` clauses."""

    op: str  # one of == != < <= > >=
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Call(Expr):
    """An author-language operation (`diff`, `grad`, `at`, …) resolved by `author.compute`."""

    name: str
    args: tuple[Expr, ...]
    kwargs: tuple[tuple[str, Expr], ...] = ()

    def children(self) -> tuple[Expr, ...]:
        return self.args + tuple(v for _, v in self.kwargs)


ZERO = Num(0)
ONE = Num(1)
MINUS_ONE = Num(-1)
HALF = Num(Fraction(1, 2))


def walk(expr: Expr):
    """Every node, parents before children (iterative: trees may be deep)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children()))


def size(expr: Expr) -> int:
    return sum(1 for _ in walk(expr))


def free_symbols(expr: Expr) -> frozenset[str]:
    return frozenset(n.name for n in walk(expr) if isinstance(n, Sym))


def is_number(expr: Expr) -> bool:
    return isinstance(expr, Num)


def number_value(expr: Expr) -> Number | None:
    return expr.value if isinstance(expr, Num) else None

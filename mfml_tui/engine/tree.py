"""The immutable expression tree.

Subtraction and division are not node types: `a − b` is `a + (−1)·b` and `a / b` is `a·b⁻¹`, exactly
the course's "no quotient rule" view, so differentiation needs only the sum, product, power and chain
rules. Numbers are exact (`int`/`Fraction`) until a decimal is typed, so `3/2·√2` stays exact.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from fractions import Fraction

Number = int | Fraction | float


class Expr:
    """Base of all nodes; nodes compare and hash structurally.

    The hash, the free symbols and the size are cached on the node (trees are immutable): derivatives
    share big subtrees, and recomputing them for every shared copy made differentiation quadratic."""

    __slots__ = ("_hash", "_syms", "_size", "_calls")

    def children(self) -> tuple[Expr, ...]:
        return ()


def _hash(self) -> int:
    h = getattr(self, "_hash", None)
    if h is None:
        h = hash((self._tag, self._fields(self)))
        object.__setattr__(self, "_hash", h)
    return h


def _eq(self, other: object) -> bool:
    if self is other:
        return True
    if other.__class__ is not self.__class__:
        return NotImplemented
    if _hash(self) != _hash(other):
        return False
    return self._fields(self) == self._fields(other)


def node(cls):
    """A frozen dataclass node whose hash is computed once and whose equality checks hashes first."""
    cls = dataclass(frozen=True, slots=True)(cls)
    cls._tag = cls.__name__
    cls._fields = staticmethod(operator.attrgetter(*cls.__match_args__))
    cls.__hash__ = _hash
    cls.__eq__ = _eq
    return cls


@node
class Num(Expr):
    value: Number


def as_float(value: Number) -> float:
    """An exact number as a float, ±inf past the largest float (as float arithmetic gives), never an
    OverflowError: exact folding makes whole numbers such as 10^400 that no float holds."""
    try:
        return float(value)
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")


@node
class Const(Expr):
    """A named mathematical constant: `e` or `pi`."""

    name: str


@node
class Sym(Expr):
    """A variable or parameter. Names are ASCII (`x`, `x1`, `theta`); printing makes them Unicode."""

    name: str


@node
class Add(Expr):
    terms: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.terms


@node
class Mul(Expr):
    factors: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.factors


@node
class Pow(Expr):
    base: Expr
    exp: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.base, self.exp)


@node
class Func(Expr):
    """A function of one argument from the function table (`functions.FUNCTIONS`)."""

    name: str
    arg: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)


@node
class Vec(Expr):
    items: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.items


@node
class Mat(Expr):
    rows: tuple[tuple[Expr, ...], ...]

    def children(self) -> tuple[Expr, ...]:
        return tuple(item for row in self.rows for item in row)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.rows), len(self.rows[0]) if self.rows else 0)


@node
class Rel(Expr):
    """A comparison (`a != b`, `x < 2`): 1 where true, 0 where false. Used in quiz `where` clauses."""

    op: str  # one of == != < <= > >=
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@node
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


def walk(expr: Expr):
    """Every node, parents before children (iterative: trees may be deep)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children()))


def size(expr: Expr) -> int:
    """Node count as printed (a shared subtree counts each time it appears)."""
    return _bottom_up(expr, "_size", _count)


def free_symbols(expr: Expr) -> frozenset[str]:
    """The variable names in expr."""
    return _bottom_up(expr, "_syms", _names)


def has_call(expr: Expr) -> bool:
    """Whether an author-language operation (`Call`) is anywhere in expr: a tree without one is what
    the builders made of it, and `author.resolve` leaves it as it is."""
    return _bottom_up(expr, "_calls", _calls)


def _calls(e: Expr, kids: tuple[Expr, ...]) -> bool:
    return isinstance(e, Call) or any(k._calls for k in kids)


def _count(e: Expr, kids: tuple[Expr, ...]) -> int:
    return 1 + sum(k._size for k in kids)


_NONE: frozenset[str] = frozenset()


def _names(e: Expr, kids: tuple[Expr, ...]) -> frozenset[str]:
    if isinstance(e, Sym):
        return frozenset((e.name,))
    if len(kids) == 1:
        return kids[0]._syms
    return _NONE.union(*[k._syms for k in kids])


def _bottom_up(expr: Expr, slot: str, combine):
    """A property computed once per node from its children's, kept on the node (iterative: trees may
    be deep; shared subtrees are visited once)."""
    value = getattr(expr, slot, None)
    if value is not None:
        return value
    kids = expr.children()
    if all(getattr(k, slot, None) is not None for k in kids):  # a leaf, or children already known
        value = combine(expr, kids)
        object.__setattr__(expr, slot, value)
        return value
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        e, ready = stack.pop()
        if getattr(e, slot, None) is not None:
            continue
        kids = e.children()
        if ready or not kids:
            object.__setattr__(e, slot, combine(e, kids))
        else:
            stack.append((e, True))
            stack.extend((k, False) for k in kids)
    return getattr(expr, slot)


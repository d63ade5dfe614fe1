"""Declared options for each plot kind, checked and converted in one pass.

Every kind lists its options once (`Opt`), with a type, a default and a line of documentation; the
same table drives `validate` (messages for authors), `draw` (converted values) and docs/plots.md.
Problems are collected, not raised one by one, so `lessons check` reports all of them at once.
Caps are "soft": an over-large grid or step count is reported by `validate` but clamped by `draw`,
so an explorer's key-repeat can never hang the app.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mfml_tui.spelling import did_you_mean

from .base import MAX_LEVELS
from .maths import Fn, compile_fn, constant

REQUIRED = object()
MAX_ABS = 1e9  # numbers in specs beyond this are a typo, and break plotext's tick arithmetic


class Bad(Exception):
    """A fatal problem with one option."""


class Capped(Exception):
    """A value beyond a limit; `value` is the clamped value to draw with."""

    def __init__(self, message: str, value: Any) -> None:
        super().__init__(message)
        self.value = value


@dataclass(frozen=True)
class Opt:
    """One option of a plot kind. `conv(value, ctx) -> converted` raises Bad or Capped."""

    name: str
    conv: Callable[[Any, Ctx], Any]
    default: Any = None
    doc: str = ""
    type_doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass
class Ctx:
    """What a converter may need to know: the variables functions may use, and the parameter names."""

    variables: tuple[str, ...] = ("x",)
    params: tuple[str, ...] = ()


class Resolved(dict):
    """Converted options, readable as attributes (`o.f`, `o.x`)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e


def resolve(
    options: Mapping[str, Any],
    table: tuple[Opt, ...],
    ctx: Ctx,
) -> tuple[Resolved, list[str], list[str]]:
    """Convert `options` by `table`: (values, fatal problems, soft problems such as caps)."""
    out = Resolved()
    fatal: list[str] = []
    soft: list[str] = []
    known = {o.name for o in table}
    for key in options:
        if key not in known:
            fatal.append(f"unknown option `{key}`{did_you_mean(key, known)}; "
                         f"this kind takes: {', '.join(sorted(known))}")
    for opt in table:
        if opt.name not in options or options[opt.name] is None:
            if opt.required:
                fatal.append(f"missing option `{opt.name}` ({opt.doc})")
                continue
            out[opt.name] = opt.default
            continue
        try:
            out[opt.name] = opt.conv(options[opt.name], ctx)
        except Capped as c:
            soft.append(f"{opt.name}: {c}")
            out[opt.name] = c.value
        except Bad as b:
            fatal.append(f"{opt.name}: {b}")
    return out, fatal, soft




# ---------------------------------------------------------------------------------------------- converters


def number(lo: float = -MAX_ABS, hi: float = MAX_ABS, *, positive: bool = False) -> Callable:
    """A number, or a constant expression such as "pi/2" (authors write what they mean)."""

    def conv(v: Any, ctx: Ctx) -> float:
        x = _num(v)
        if positive and x <= 0:
            raise Bad(f"must be positive, got {x:g}")
        if x < lo or x > hi:
            raise Bad(f"must be between {lo:g} and {hi:g}, got {x:g}")
        return x

    return conv


def _num(v: Any) -> float:
    if isinstance(v, bool):
        raise Bad(f"expected a number, got {v!r}")
    if isinstance(v, int | float):
        x = float(v)
    elif isinstance(v, str):
        try:
            x = constant(v)
        except ValueError:
            raise Bad(f"expected a number (or a constant such as pi/2), got {v!r}") from None
    else:
        raise Bad(f"expected a number, got {type(v).__name__} {v!r}")
    if not math.isfinite(x):
        raise Bad(f"expected a finite number, got {v!r}")
    if abs(x) > MAX_ABS:
        raise Bad(f"{x:g} is too large (at most {MAX_ABS:g} in size)")
    return x


def integer(lo: int, hi: int, *, cap: int | None = None) -> Callable:
    """An integer in [lo, hi]; above `cap` it is clamped (reported as a soft problem)."""

    def conv(v: Any, ctx: Ctx) -> int:
        if isinstance(v, bool) or not isinstance(v, int | float) or float(v) != int(v):
            raise Bad(f"expected a whole number, got {v!r}")
        n = int(v)
        if n < lo:
            raise Bad(f"must be at least {lo}, got {n}")
        limit = hi if cap is None else cap
        if n > limit:
            raise Capped(f"{n} is more than the limit {limit}; drawing with {limit}", limit)
        return n

    return conv


def boolean(v: Any, ctx: Ctx) -> bool:
    if not isinstance(v, bool):
        raise Bad(f"expected true or false, got {v!r}")
    return v


def text(v: Any, ctx: Ctx) -> str:
    if not isinstance(v, str):
        raise Bad(f"expected a string, got {v!r}")
    if len(v) > 200:
        raise Bad("is longer than 200 characters")
    return v


def choice(*values: str) -> Callable:
    def conv(v: Any, ctx: Ctx) -> str:
        if v not in values:
            raise Bad(f"expected one of {', '.join(repr(c) for c in values)}, got {v!r}")
        return v

    return conv


def texts(v: Any, ctx: Ctx) -> tuple[str, ...]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list | tuple) or not all(isinstance(s, str) for s in v):
        raise Bad("expected a list of strings")
    if len(v) > 20:
        raise Bad("at most 20 labels")
    return tuple(v)


def span(v: Any, ctx: Ctx) -> tuple[float, float]:
    """A range [lo, hi] with lo < hi."""
    if not isinstance(v, list | tuple) or len(v) != 2:
        raise Bad(f"expected a range [lo, hi], got {v!r}")
    lo, hi = _num(v[0]), _num(v[1])
    if not lo < hi:
        raise Bad(f"range is reversed or empty: [{lo:g}, {hi:g}] (write [lo, hi] with lo < hi)")
    return lo, hi


def numbers(max_len: int = 50, lo: float = -MAX_ABS, hi: float = MAX_ABS, *, positive=False) -> Callable:
    """A list of numbers (a single number is accepted as a list of one)."""

    def conv(v: Any, ctx: Ctx) -> tuple[float, ...]:
        if not isinstance(v, list | tuple):
            v = [v]
        if not v:
            raise Bad("the list is empty")
        if len(v) > max_len:
            raise Bad(f"at most {max_len} values, got {len(v)}")
        single = number(lo, hi, positive=positive)
        return tuple(single(x, ctx) for x in v)

    return conv


def point(dim: int = 2) -> Callable:
    def conv(v: Any, ctx: Ctx) -> tuple[float, ...]:
        if not isinstance(v, list | tuple) or len(v) != dim:
            raise Bad(f"expected a point [{', '.join('xyz'[:dim])}], got {v!r}")
        return tuple(_num(x) for x in v)

    return conv


def labelled_points(dim: int = 2, max_len: int = 50) -> Callable:
    """Points [x, y] or [x, y, "label"]; a single point may be given without the outer list."""

    def conv(v: Any, ctx: Ctx) -> tuple[tuple[tuple[float, ...], str], ...]:
        if not isinstance(v, list | tuple):
            raise Bad('expected a list of points [x, y] or [x, y, "label"]')
        if v and not isinstance(v[0], list | tuple):
            v = [v]
        if len(v) > max_len:
            raise Bad(f"at most {max_len} points")
        out = []
        for p in v:
            if not isinstance(p, list | tuple) or len(p) not in (dim, dim + 1):
                raise Bad(f'expected [x, y] or [x, y, "label"], got {p!r}')
            label = ""
            if len(p) == dim + 1:
                if not isinstance(p[dim], str):
                    raise Bad(f"the third entry of {p!r} must be a label string")
                label = p[dim]
            out.append((tuple(_num(x) for x in p[:dim]), label))
        return tuple(out)

    return conv


def function(variables: tuple[str, ...] | None = None) -> Callable:
    """An expression in the engine language, of the kind's variables (and parameters, if any)."""

    def conv(v: Any, ctx: Ctx) -> Fn:
        if not isinstance(v, str):
            raise Bad(f"expected an expression in quotes, got {v!r}")
        names = variables if variables is not None else ctx.variables
        try:
            return compile_fn(v, names, ctx.params)
        except ValueError as e:
            raise Bad(f"`{v}`: {e}") from None

    return conv


def functions(max_len: int = 8) -> Callable:
    """One expression or a list of them."""
    one = function()

    def conv(v: Any, ctx: Ctx) -> tuple[Fn, ...]:
        items = [v] if isinstance(v, str) else v
        if not isinstance(items, list | tuple) or not items:
            raise Bad("expected an expression or a list of expressions")
        if len(items) > max_len:
            raise Bad(f"at most {max_len} functions on one plot, got {len(items)}")
        out = []
        problems = []
        for k, item in enumerate(items):
            try:
                out.append(one(item, ctx))
            except Bad as b:
                problems.append(f"[{k + 1}] {b}" if len(items) > 1 else str(b))
        if problems:
            raise Bad("; ".join(problems))
        return tuple(out)

    return conv


def variable_name(v: Any, ctx: Ctx) -> str:
    """The name of a one-variable plot's variable: one letter, not e (Euler's number) or i."""
    if not isinstance(v, str) or len(v) != 1 or not v.isascii() or not v.isalpha() or v in "eEiI":
        raise Bad(f"expected one letter such as \"t\" (not e or i), got {v!r}")
    return v


def variable_names(n: int) -> Callable:
    """The names of a plot's `n` variables (["w", "b"] for a cost over a weight and a bias): letters as
    `variable_name` allows, all different."""

    def conv(v: Any, ctx: Ctx) -> tuple[str, ...]:
        if not isinstance(v, list | tuple) or len(v) != n:
            raise Bad(f"expected {n} letters such as {['w', 'b'] if n == 2 else ['t']}, got {v!r}")
        names = tuple(variable_name(x, ctx) for x in v)
        if len(set(names)) != n:
            raise Bad(f"the variables must differ, got {list(names)}")
        return names

    return conv


def levels(v: Any, ctx: Ctx) -> int | tuple[float, ...]:
    """A number of automatic levels, or the list of levels to draw."""
    if isinstance(v, int) and not isinstance(v, bool):
        if v < 1:
            raise Bad("at least 1 level")
        if v > MAX_LEVELS:
            raise Capped(f"{v} is more than the limit {MAX_LEVELS}; drawing {MAX_LEVELS}", MAX_LEVELS)
        return v
    vals = numbers(MAX_LEVELS)(v, ctx)
    return tuple(sorted(set(vals)))

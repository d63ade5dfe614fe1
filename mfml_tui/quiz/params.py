"""Random quiz parameters: parsing the author's specs and drawing them reproducibly from a seed.

A seed fully determines a draw (numpy's `default_rng(seed)` consumed in declaration order), so an
attempt stored as (quiz id, seed) can be replayed exactly. Derived parameters and `where` conditions
need the engine, which is imported lazily so that loading a course stays cheap.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from mfml_tui.engine.parser import RESERVED_WORDS

MAX_TRIES = 200  # draws attempted before a `where` condition is declared unsatisfiable
MAX_INT_VALUES = 100_000  # an `int LO..HI` range lists its values: wider ranges are refused by name
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_RANGE = re.compile(
    r"^(int|real)\s+(\S+?)\s*\.\.\s*(\S+?)(?:\s+step\s+(\S+?))?(?:\s+except\s+(.+?))?\s*$"
)
# names that mean something in the maths language and cannot be parameters (one list: the parser's)
RESERVED = RESERVED_WORDS


class ParamError(ValueError):
    """A parameter spec or draw that cannot work; the message is written for the lesson author."""


@dataclass(frozen=True)
class ParamSpec:
    """One parameter as declared: `int 2..9`, `real -2..2 step 0.5`, `choice -2 -1 1 2` or `= a*n`."""

    name: str
    kind: str  # int | real | choice | derived
    lo: float = 0.0
    hi: float = 0.0
    step: float | None = None
    exclude: tuple[float, ...] = ()
    items: tuple[str, ...] = ()  # choice: the values as written (shown as written in prompts)
    expr: str = ""  # derived: engine expression


@dataclass(frozen=True)
class Draw:
    """The drawn values and how each one is shown in a prompt (a choice item keeps its own spelling)."""

    values: dict[str, float]  # whole numbers are ints
    labels: dict[str, str] = field(default_factory=dict)


def _number(text: str) -> float:
    text = text.strip().replace("\u2212", "-")
    try:
        value = float(text)
    except ValueError:
        raise ParamError(f"`{text}` is not a number") from None
    if not math.isfinite(value):
        raise ParamError(f"`{text}` is not a finite number")
    return value


def _engine_number(text: str, params: Mapping[str, float] | None = None) -> float:
    """A number written as an expression (`pi/4`), computed by the engine."""
    try:
        return _number(text)
    except ParamError:
        pass
    from mfml_tui.quiz.mathbridge import number_of

    return number_of(text, params or {})


@functools.lru_cache(maxsize=1024)
def parse_param(name: str, spec: str) -> ParamSpec:
    """Parse one `params` entry; raises ParamError with a message for the author. Remembered (the spec
    is frozen): every draw of a quiz reads the same entries."""
    if not _NAME.match(name):
        raise ParamError(f"`{name}` is not a valid parameter name (a letter, then letters, digits or _)")
    if name in RESERVED:
        raise ParamError(f"`{name}` cannot be a parameter: it is a variable, a constant or a function name")
    text = spec.strip()
    if text.startswith("="):
        expr = text[1:].strip()
        if not expr:
            raise ParamError(f"`{name}`: nothing after `=`")
        return ParamSpec(name, "derived", expr=expr)
    if text.startswith("choice"):
        rest = text[len("choice"):].strip()
        items = [s.strip() for s in rest.split(",")] if "," in rest else rest.split()
        items = [s for s in items if s]
        if not items:
            raise ParamError(f"`{name}`: `choice` needs at least one value")
        return ParamSpec(name, "choice", items=tuple(items))
    m = _RANGE.match(text)
    if not m:
        raise ParamError(
            f"`{name} = \"{spec}\"` is not a parameter spec; use `int LO..HI`, `real LO..HI step S`, "
            "`choice V1 V2 …` or `= EXPR`"
        )
    kind, lo_s, hi_s, step_s, except_s = m.groups()
    lo, hi = _number(lo_s), _number(hi_s)
    if lo > hi:
        raise ParamError(f"`{name}`: the range {lo_s}..{hi_s} is empty")
    step = None
    if kind == "int":
        if step_s is not None:
            raise ParamError(f"`{name}`: `step` is for `real`; an `int` always steps by 1")
        if lo != int(lo) or hi != int(hi):
            raise ParamError(f"`{name}`: an `int` range needs whole numbers")
    elif step_s is not None:
        step = _number(step_s)
        if step <= 0:
            raise ParamError(f"`{name}`: `step` must be positive")
    exclude = tuple(_number(v) for v in except_s.replace(",", " ").split()) if except_s else ()
    spec_ = ParamSpec(name, kind, lo=lo, hi=hi, step=step, exclude=exclude)
    if kind == "int" and hi - lo > MAX_INT_VALUES:
        raise ParamError(f"`{name}`: the range {lo_s}..{hi_s} has {int(hi - lo) + 1:,} values; an `int` "
                         f"range may have at most {MAX_INT_VALUES + 1:,} (use `real` for a wide range)")
    if kind == "int" and not _int_candidates(spec_):
        raise ParamError(f"`{name}`: every value in {lo_s}..{hi_s} is excluded")
    return spec_


def parse_params(table: Mapping[str, object]) -> tuple[list[ParamSpec], list[str]]:
    """Parse a whole `params` table; returns the specs that parsed and the problems of the others."""
    specs: list[ParamSpec] = []
    problems: list[str] = []
    for name, spec in table.items():
        if not isinstance(spec, str):
            problems.append(f"parameter `{name}` must be a string such as \"int 2..9\"")
            continue
        try:
            specs.append(parse_param(name, spec))
        except ParamError as exc:
            problems.append(str(exc))
    return specs, problems


def _int_candidates(spec: ParamSpec) -> list[int]:
    if spec.hi - spec.lo > MAX_INT_VALUES:
        return []
    excluded = set(spec.exclude)
    return [v for v in range(int(spec.lo), int(spec.hi) + 1) if v not in excluded]


def _draw_one(spec: ParamSpec, rng, values: Mapping[str, float]) -> tuple[float, str | None]:
    if spec.kind == "int":
        candidates = _int_candidates(spec)
        return float(candidates[int(rng.integers(len(candidates)))]), None
    if spec.kind == "real":
        for _ in range(100):
            if spec.step:
                n = int(math.floor((spec.hi - spec.lo) / spec.step + 1e-9))
                value = round(spec.lo + int(rng.integers(n + 1)) * spec.step, 10)
            else:
                value = round(float(rng.uniform(spec.lo, spec.hi)), 2)
            if not any(abs(value - x) < 1e-12 for x in spec.exclude):
                return value, None
        raise ParamError(f"`{spec.name}`: could not draw a value outside the excluded ones")
    if spec.kind == "choice":
        item = spec.items[int(rng.integers(len(spec.items)))]
        return _engine_number(item, values), item
    from mfml_tui.quiz.mathbridge import number_of

    return number_of(spec.expr, values, what=f"parameter `{spec.name}`"), None


def draw(specs: list[ParamSpec] | tuple[ParamSpec, ...], rng, where: str | None = None,
         max_tries: int = MAX_TRIES, fixed: Draw | None = None) -> Draw:
    """Draw every parameter in order until `where` holds; raises ParamError if it never does. `fixed`
    values (an earlier quiz's, for `same`) are kept, and a parameter of the same name is not redrawn."""
    for _ in range(max_tries):
        values: dict[str, float] = dict(fixed.values) if fixed else {}
        labels: dict[str, str] = dict(fixed.labels) if fixed else {}
        for spec in specs:
            if fixed and spec.name in fixed.values:
                continue
            value, label = _draw_one(spec, rng, values)
            # whole numbers go to the engine as ints, so `x^{n}` prints as x³ and stays exact
            values[spec.name] = int(value) if float(value).is_integer() and abs(value) < 2**53 else value
            if label is not None:
                labels[spec.name] = label
        if where is None:
            return Draw(values, labels)
        from mfml_tui.quiz.mathbridge import truth_of

        if truth_of(where, values):
            return Draw(values, labels)
    raise ParamError(f"`where = \"{where}\"` was never true in {max_tries} draws")

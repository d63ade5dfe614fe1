"""The table of plot kinds: name → options, variables and drawing function.

One place to look up what a kind accepts; `validate`, `draw` and docs/plots.md all read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import options as O
from .base import DrawInfo


@dataclass(frozen=True)
class Kind:
    name: str
    summary: str
    options: tuple[O.Opt, ...]
    draw: Callable[..., DrawInfo]
    variables: tuple[str, ...] = ("x",)
    # names of model parameters, read from the raw options before the model is compiled
    params: Callable[[Mapping[str, Any]], tuple[str, ...]] | None = None
    # problems that involve several options at once (after conversion)
    check: Callable[[O.Resolved], list[str]] | None = None


KINDS: dict[str, Kind] = {}
#: a kind's slow part (the network's training), found from its resolved options without drawing: the work
#: to do, or None when there is none (or it is done). The UI starts it off its thread as a plot is mounted.
SLOW_PARTS: dict[str, Callable[[Any], Callable[[], object] | None]] = {}


def kind(name: str, summary: str, options: tuple[O.Opt, ...], *, variables=("x",), params=None, check=None):
    """Register a drawing function as plot kind `name`."""

    def register(fn: Callable[..., DrawInfo]) -> Callable[..., DrawInfo]:
        KINDS[name] = Kind(name, summary, options, fn, tuple(variables), params, check)
        return fn

    return register


# Options shared by most kinds (kinds pick the ones they use).
TITLE = O.Opt("title", O.text, "", "a title above the plot", "string")
LABELS = O.Opt("labels", O.texts, (), "legend labels, in the order of the functions", "list of strings")


VARIABLE = O.Opt("variable", O.variable_name, "x",
                 "the variable's name (\"t\" when the lesson speaks of time): functions are written in "
                 "it and captions name it", "a letter")


VARIABLES = O.Opt("variables", O.variable_names(2), ("x", "y"),
                  "the two variables' names ([\"w\", \"b\"] when the lesson speaks of a weight and a bias): "
                  "functions are written in them, and the captions, axis names and table say them",
                  "two letters")


def named(caption: str, variable: str) -> str:
    """A caption template written in x (`f(x)`, `x₀`, `root x = …`) for a plot whose variable is
    `variable`: the lone letter x becomes it; words (`max`, `exp`) keep their x."""
    if variable == "x":
        return caption
    return re.sub(r"(?<![A-Za-z])x(?![A-Za-z])", variable, caption)


def x_range(default=(-5.0, 5.0)) -> O.Opt:
    return O.Opt("x", O.span, default, "the x range shown", "[lo, hi]")


def y_range(default=None, doc="the y range shown (default: fitted to the curves)") -> O.Opt:
    return O.Opt("y", O.span, default, doc, "[lo, hi]")


def f_option(doc: str = "the function, in the maths language") -> O.Opt:
    return O.Opt("f", O.function(), O.REQUIRED, doc, "expression")

"""The function table: one row per function, in the spirit of micrograd.

Each row holds the numpy implementation, the derivative rule (written in the expression language itself,
in terms of the argument `u`, so the chain rule multiplies it by u′), the names used for printing, and
the exact values the simplifier may fold (`exp(0) = 1`). Adding `arccos` touches only this file.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from typing import Any


class _LazyNumpy:
    """numpy, imported on the first evaluation: the parser, tree and printer read this table and must
    import without numpy (start-up; docs/architecture.md)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("numpy"), name)


np = _LazyNumpy()


def _sigmoid(u):
    return 1.0 / (1.0 + np.exp(-u))


def _step(u):
    return np.heaviside(u, 0.5)


def _sec(u):
    return 1.0 / np.cos(u)


def _csc(u):
    return 1.0 / np.sin(u)


def _cot(u):
    return np.cos(u) / np.sin(u)


def _relu(u):
    return np.maximum(u, 0.0)


@dataclass(frozen=True)
class Function:
    name: str
    implementation: str | Callable  # a numpy function's name, or a function of ours written with numpy
    derivative: str  # in terms of u; the chain rule supplies the factor u′
    unicode: str
    exact: dict = field(default_factory=dict)  # argument value → exact result for the simplifier
    superscript_power: bool = False  # print sin²(x) rather than sin(x)²

    @property
    def numpy(self) -> Callable:
        """The vectorised implementation (numpy is imported here, on first use)."""
        return _resolve(self.implementation)


@cache
def _resolve(implementation: str | Callable) -> Callable:
    return getattr(np, implementation) if isinstance(implementation, str) else implementation


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in [
        Function("sin", "sin", "cos(u)", "sin", {0: 0}, True),
        Function("cos", "cos", "-sin(u)", "cos", {0: 1}, True),
        # The course derives tan′ from sin·cos⁻¹ and writes the result as 1 + tan²x.
        Function("tan", "tan", "1 + tan(u)^2", "tan", {0: 0}, True),
        # sec, csc and cot as textbooks write them (sec²x is the derivative of tan x in most tables)
        Function("sec", _sec, "sec(u)*tan(u)", "sec", {0: 1}, True),
        Function("csc", _csc, "-csc(u)*cot(u)", "csc", {}, True),
        Function("cot", _cot, "-csc(u)^2", "cot", {}, True),
        Function("exp", "exp", "exp(u)", "exp", {0: 1}),
        Function("ln", "log", "1/u", "ln", {1: 0}),
        Function("sinh", "sinh", "cosh(u)", "sinh", {0: 0}, True),
        Function("cosh", "cosh", "sinh(u)", "cosh", {0: 1}, True),
        Function("tanh", "tanh", "1/cosh(u)^2", "tanh", {0: 0}, True),
        Function("sigmoid", _sigmoid, "sigmoid(u)*(1 - sigmoid(u))", "σ", {0: Fraction(1, 2)}),
        Function("arctan", "arctan", "1/(1 + u^2)", "arctan", {0: 0}),
        Function("arcsin", "arcsin", "1/sqrt(1 - u^2)", "arcsin", {0: 0}),
        Function("arccos", "arccos", "-1/sqrt(1 - u^2)", "arccos", {}),
        Function("abs", "abs", "sign(u)", "abs", {}),
        Function("sign", "sign", "0", "sign", {}),
        Function("step", _step, "0", "step", {}),
        Function("relu", _relu, "step(u)", "relu", {0: 0}),
    ]
}

# Other spellings learners type for the same function.
ALIASES: dict[str, str] = {
    "log": "ln",
    "atan": "arctan",
    "asin": "arcsin",
    "acos": "arccos",
    "σ": "sigmoid",
    "sgn": "sign",
    "cosec": "csc",
}

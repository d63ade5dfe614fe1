"""The function table: one row per function, in the spirit of micrograd.

Each row holds the numpy implementation, the derivative rule (written in the expression language itself,
in terms of the argument `u`, so the chain rule multiplies it by u′), the names used for printing, and
the exact values the simplifier may fold (`exp(0) = 1`). Adding `arccos` touches only this file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np


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
    numpy: Callable
    derivative: str  # in terms of u; the chain rule supplies the factor u′
    unicode: str
    exact: dict = field(default_factory=dict)  # argument value → exact result for the simplifier
    superscript_power: bool = False  # print sin²(x) rather than sin(x)²


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in [
        Function("sin", np.sin, "cos(u)", "sin", {0: 0}, True),
        Function("cos", np.cos, "-sin(u)", "cos", {0: 1}, True),
        # The course derives tan′ from sin·cos⁻¹ and writes the result as 1 + tan²x.
        Function("tan", np.tan, "1 + tan(u)^2", "tan", {0: 0}, True),
        # sec, csc and cot as textbooks write them (sec²x is the derivative of tan x in most tables)
        Function("sec", _sec, "sec(u)*tan(u)", "sec", {0: 1}, True),
        Function("csc", _csc, "-csc(u)*cot(u)", "csc", {}, True),
        Function("cot", _cot, "-csc(u)^2", "cot", {}, True),
        Function("exp", np.exp, "exp(u)", "exp", {0: 1}),
        Function("ln", np.log, "1/u", "ln", {1: 0}),
        Function("sinh", np.sinh, "cosh(u)", "sinh", {0: 0}, True),
        Function("cosh", np.cosh, "sinh(u)", "cosh", {0: 1}, True),
        Function("tanh", np.tanh, "1/cosh(u)^2", "tanh", {0: 0}, True),
        Function("sigmoid", _sigmoid, "sigmoid(u)*(1 - sigmoid(u))", "σ", {0: Fraction(1, 2)}),
        Function("arctan", np.arctan, "1/(1 + u^2)", "arctan", {0: 0}),
        Function("arcsin", np.arcsin, "1/sqrt(1 - u^2)", "arcsin", {0: 0}),
        Function("arccos", np.arccos, "-1/sqrt(1 - u^2)", "arccos", {}),
        Function("abs", np.abs, "sign(u)", "abs", {}),
        Function("sign", np.sign, "0", "sign", {}),
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

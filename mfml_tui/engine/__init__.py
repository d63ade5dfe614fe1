"""The calculus engine: one maths language for learners and authors, symbolic calculus by the course's
rules, vectorised numpy evaluation and Unicode printing. It knows nothing of the UI.

Numerical methods live beside it in `finite`, `optimise`, `regression` and `network`.

Each name is imported on first use (PEP 562): the parser, tree and printer import without numpy, so
a caller that only parses or prints (start-up, the course model) does not pay numpy's import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mfml_tui.lazy import lazy_names

_WHERE = {
    "Add": "tree",
    "Call": "tree",
    "Const": "tree",
    "EngineError": "errors",
    "Expr": "tree",
    "Func": "tree",
    "Mat": "tree",
    "Mul": "tree",
    "Num": "tree",
    "ParseError": "errors",
    "Pow": "tree",
    "Rel": "tree",
    "Sym": "tree",
    "Value": "author",
    "Vec": "tree",
    "add": "build",
    "compute": "author",
    "diff": "calculus",
    "div": "build",
    "evaluate": "evaluation",
    "evaluate_all": "evaluation",
    "format_number": "printing",
    "free_symbols": "tree",
    "gradient": "calculus",
    "hessian": "calculus",
    "jacobian": "calculus",
    "lambdify": "evaluation",
    "mul": "build",
    "neg": "build",
    "num": "build",
    "parse": "parser",
    "power": "build",
    "resolve": "author",
    "simplify": "calculus",
    "sub": "build",
    "substitute": "calculus",
    "taylor": "calculus",
    "taylor2": "calculus",
    "to_ascii": "printing",
    "to_unicode": "printing",
}
__all__ = ["Add", "Call", "Const", "EngineError", "Expr", "Func", "Mat", "Mul", "Num", "ParseError", "Pow",
    "Rel", "Sym", "Value", "Vec", "add", "compute", "diff", "div", "evaluate", "evaluate_all",
    "format_number", "free_symbols", "gradient", "hessian", "jacobian", "lambdify", "mul", "neg", "num",
    "parse", "power", "resolve", "simplify", "sub", "substitute", "taylor", "taylor2", "to_ascii",
    "to_unicode"]


__getattr__ = lazy_names(__name__, _WHERE, globals())


if TYPE_CHECKING:
    from mfml_tui.engine.author import Value, compute, resolve
    from mfml_tui.engine.build import add, div, mul, neg, num, power, sub
    from mfml_tui.engine.calculus import (
        diff,
        gradient,
        hessian,
        jacobian,
        simplify,
        substitute,
        taylor,
        taylor2,
    )
    from mfml_tui.engine.errors import EngineError, ParseError
    from mfml_tui.engine.evaluation import evaluate, evaluate_all, lambdify
    from mfml_tui.engine.parser import parse
    from mfml_tui.engine.printing import format_number, to_ascii, to_unicode
    from mfml_tui.engine.tree import (
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
    )

"""The calculus engine: one maths language for learners and authors, symbolic calculus by the course's
rules, vectorised numpy evaluation and Unicode printing. It knows nothing of the UI.

Numerical methods live beside it in `finite`, `optimise`, `regression` and `network`.
"""

from mfml_tui.engine.author import Value, compute, resolve
from mfml_tui.engine.build import add, div, mul, neg, num, power, sub
from mfml_tui.engine.calculus import diff, gradient, hessian, jacobian, simplify, substitute, taylor, taylor2
from mfml_tui.engine.errors import EngineError, ParseError
from mfml_tui.engine.evaluate import evaluate, lambdify
from mfml_tui.engine.parser import parse
from mfml_tui.engine.printing import format_number, to_ascii, to_unicode
from mfml_tui.engine.tree import Add, Call, Const, Expr, Func, Mat, Mul, Num, Pow, Rel, Sym, Vec, free_symbols

__all__ = [
    "Add", "Call", "Const", "EngineError", "Expr", "Func", "Mat", "Mul", "Num", "ParseError", "Pow", "Rel",
    "Sym", "Value", "Vec", "add", "compute", "diff", "div", "evaluate", "format_number", "free_symbols",
    "gradient", "hessian", "jacobian", "lambdify", "mul", "neg", "num", "parse", "power", "resolve",
    "simplify", "sub", "substitute", "taylor", "taylor2", "to_ascii", "to_unicode",
]

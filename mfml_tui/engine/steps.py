"""A derivation (`author.explain`'s step tree) as text a learner reads, or as JSON.

The text fits a given width (80 columns in a terminal), wraps long lines with a hanging indent, and is
Unicode or ASCII. It is short on purpose: `d/dx x = 1` and `d/dx 5 = 0` are not shown, a rule whose
sub-derivatives are each one line is written on one line, and a derivation met earlier says "as above".
Each line is `before = after — rule`; a rule that needed bigger sub-derivations opens a block, indented
below it, and closes with `= …` (with one `tidy` line when tidying changed how the result reads).
"""

from __future__ import annotations

from fractions import Fraction

from mfml_tui.engine.functions import FUNCTIONS
from mfml_tui.engine.printing import ASCII, SUP, UNICODE, Printer
from mfml_tui.engine.trace import AGAIN, RULES, Step
from mfml_tui.engine.tree import Call, Const, Expr, Func, Mul, Num, Pow, Sym, free_symbols

INDENT = 2
HANG = 4  # extra indent of a wrapped line's continuation

# The rules written as a label (the rest are blocks or function rows); their words are trace.RULES's.
_LABELLED = ("constant", "variable", "sum", "constant-multiple", "product", "power", "chain", "exponential",
             "general-power", "tidy", "at")
LABELS = {rule: RULES[rule] for rule in _LABELLED} | {"exponential": "special case: (aᵘ)′ = aᵘ·ln a"}
HEADERS = {
    "gradient": "∇f: one partial derivative per variable",
    "jacobian": "Jacobian: one partial derivative per entry",
    "hessian": "Hessian: the first partials, then each differentiated again",
}
TO_ASCII = str.maketrans({"′": "'", "·": "*", "—": "--", "−": "-", "∇": "grad ", "ᵘ": "^u", "ᵛ": "^v",
                          "⁻": "^-", "¹": "1", "√": "sqrt ", "∂": "d", "²": "^2", "⁽": "^(", "⁾": ")",
                          "ᵏ": "k"})


class _Writer:
    def __init__(self, width: int, ascii_only: bool) -> None:
        self.width = max(width, 30)
        self.ascii = ascii_only
        self.p: Printer = ASCII if ascii_only else UNICODE
        self.dash = " -- " if ascii_only else " — "
        self.lines: list[str] = []
        self.mark: tuple[Expr | None, str] | None = None  # (node, variable) of the learner's slip, or
        # (None, the operation's rule)
        self.flag = ""  # a line of its own under the next line emitted (the marked step's first line)

    # ── text pieces ───────────────────────────────────────────────────────────────────────────
    def plain(self, text: str) -> str:
        return text.translate(TO_ASCII) if self.ascii else text

    def expr(self, e: Expr) -> str:
        return self.p.print(e)

    def operand(self, e: Expr) -> str:
        """What d/dx applies to: bare when it is one function, variable or power of a variable."""
        text = self.expr(e)
        simple = isinstance(e, (Sym, Num, Const, Func)) or (isinstance(e, Pow) and isinstance(e.base, Sym))
        return text if simple and not text.startswith(("-", "−")) else f"({text})"

    def show(self, e: Expr, partial: bool) -> str:
        """A step's `before`: d/dx (…) for a derivative, `… at x = 1` for a substitution."""
        if isinstance(e, Call) and e.name == "diff" and len(e.args) >= 2 and isinstance(e.args[1], Sym):
            x = self.p.symbol(e.args[1].name)
            d = "d" if self.ascii or not partial else "∂"
            n = e.args[2].value if len(e.args) == 3 and isinstance(e.args[2], Num) else 1
            if n == 1:
                return f"{d}/{d}{x} {self.operand(e.args[0])}"
            up = f"^{n}" if self.ascii else str(n).translate(SUP)
            return f"{d}{up}/{d}{x}{up} {self.operand(e.args[0])}"
        if isinstance(e, Call) and e.name == "at" and e.args:
            return self.expr(e.args[0])
        return self.expr(e)

    def label(self, step: Step) -> str:
        rule = step.rule
        if step.note == AGAIN:
            return self.plain(AGAIN)
        if rule in FUNCTIONS:
            return "special case"
        text = LABELS.get(rule, rule)
        node = step.node
        if rule == "chain" and node is not None:
            inner = node.arg if isinstance(node, Func) else (
                node.exp if isinstance(node, Pow) and step.var in free_symbols(node.exp) else node.base)
            name = step.note.split(" = ", 1)[0] if " = " in step.note else "u"
            return f"{self.plain(text)}, {name} = {self.expr(inner)}"
        if rule == "at" and isinstance(step.before, Call):
            values = ", ".join(f"{self.p.symbol(k)} = {self.expr(v)}" for k, v in step.before.kwargs)
            return f"{self.plain(text)} {values}" if values else self.plain(text)
        note = self.note(step)
        return self.plain(text + (f" ({note})" if note else ""))

    def note(self, step: Step) -> str:
        if "held constant" in step.note:
            names = sorted(free_symbols(step.node)) if step.rule == "constant" and step.node else None
            if names:
                return ", ".join(self.p.symbol(n) for n in names) + " held constant"
        return step.note

    # ── layout ────────────────────────────────────────────────────────────────────────────────
    def emit(self, depth: int, text: str) -> None:
        """One logical line, wrapped at spaces or after `·`/`*`, continuation lines indented further."""
        flag, self.flag = self.flag, ""
        first = " " * (INDENT * depth)
        rest = " " * (INDENT * depth + HANG)
        line = first
        for chunk in _chunks(text, self.width - len(rest)):
            if len(line) + len(chunk.rstrip()) > self.width and line.strip():
                self.lines.append(line.rstrip())
                line = rest
                chunk = chunk.lstrip()
            while len(line) + len(chunk) > self.width and len(chunk) > self.width - len(rest):
                room = self.width - len(line)
                self.lines.append(line + chunk[:room])
                line, chunk = rest, chunk[room:]
            line += chunk
        if line.strip():
            self.lines.append(line.rstrip())
        if flag:
            self.lines.append(rest + flag)


def _chunks(text: str, room: int) -> list[str]:
    """Pieces to wrap between: words (each with its space), and a word too long for a line of `room`
    columns cut after its product signs."""
    out = []
    for word in text.split(" "):
        if len(word) < room:
            out.append(word + " ")
            continue
        start = 0
        for i, ch in enumerate(word):
            if ch in "·*" and i + 1 < len(word):
                out.append(word[start:i + 1])
                start = i + 1
        out.append(word[start:] + " ")
    if out:
        out[-1] = out[-1][:-1]
    return [c for c in out if c]


def _hidden(step: Step) -> bool:
    """d/dx x = 1 and the derivative of a number go without saying."""
    if step.rule == "variable":
        return True
    return step.rule == "constant" and step.node is not None and not free_symbols(step.node)


def _is_partial(step: Step, partial: bool) -> bool:
    if partial or step.node is None or step.var is None:
        return partial
    return bool(free_symbols(step.node) - {step.var})


def render(step: Step, width: int = 80, ascii_only: bool = False,
           mark: tuple[Expr | None, str] | None = None) -> str:
    """The derivation as lines of at most `width` columns. `mark` (node, variable): the first step that
    differentiates that node says that the learner's answer went wrong there (a diagnosed slip); (None,
    rule): the operation `rule` ("hessian", …) was put together wrong."""
    w = _Writer(width, ascii_only)
    w.mark = mark
    _render(w, step, 0, False)
    return "\n".join(w.lines)


def _leaf_line(w: _Writer, step: Step, partial: bool) -> str:
    return f"{w.show(step.before, partial)} = {w.expr(step.after)}"


def _render(w: _Writer, step: Step, depth: int, partial: bool) -> None:
    partial = _is_partial(step, partial)
    _claim(w, step)
    if step.rule == "taylor":
        _taylor(w, step, depth, partial)
        return
    if step.rule in HEADERS or step.rule in ("order", "result") or (
            step.steps and step.rule not in LABELS and step.rule not in FUNCTIONS):
        _block(w, step, depth, partial)
        return
    kids = [s for s in step.steps if s.rule != "tidy" and not _hidden(s)]
    tidy = next((s for s in step.steps if s.rule == "tidy"), None)
    if step.rule == "chain" and kids:
        outer, kids = kids[0], kids[1:]
        line = f"{_leaf_line(w, outer, False)}"
        if all(_one_line(k) for k in kids) and len(kids) <= 1:
            for k in kids:
                _claim(w, k)  # written on this line: a slip there marks this line
            parts = [line] + [_leaf_line(w, k, partial) + (f" ({w.plain(AGAIN)})" if k.note == AGAIN else "")
                              for k in kids]
            w.emit(depth, _leaf_line(w, step, partial) + w.dash + w.label(step) + ": " + "; ".join(parts))
            return
        w.emit(depth, w.show(step.before, partial) + w.dash + w.label(step) + ": " + line)
    elif not kids and not tidy:
        w.emit(depth, _leaf_line(w, step, partial) + w.dash + w.label(step))
        return
    elif len(kids) == 1 and not _visible_kids(kids[0]):
        _claim(w, kids[0])
        w.emit(depth, _leaf_line(w, step, partial) + w.dash + w.label(step) + ": "
               + _leaf_line(w, kids[0], partial) + f" ({w.label(kids[0])})")
        return
    else:
        w.emit(depth, w.show(step.before, partial) + w.dash + w.label(step))
    for kid in kids:
        _render(w, kid, depth + 1, partial)
    if tidy is not None:
        raw, tidied = "= " + w.expr(tidy.before), "= " + w.expr(step.after) + w.dash + w.label(tidy)
        if INDENT * (depth + 1) + len(raw) + 1 + len(tidied) <= w.width:
            w.emit(depth + 1, raw + " " + tidied)
        else:
            w.emit(depth + 1, raw)
            w.emit(depth + 1, tidied)
    else:
        w.emit(depth + 1, "= " + w.expr(step.after))


def _claim(w: _Writer, step: Step) -> None:
    """The learner's slip was at this step: the next line written says so (once)."""
    if w.mark is None:
        return
    node, where = w.mark
    if (node is None and step.node is None and step.rule == where) or (
            node is not None and step.node == node and step.var == where):
        w.mark = None
        w.flag = "^ your answer went wrong here" if w.ascii else "↑ your answer went wrong here"


def _one_line(step: Step) -> bool:
    """A derivation written on one line: a rule with at most one sub-derivative, itself a bare rule."""
    kids = [s for s in step.steps if s.rule != "tidy" and not _hidden(s)]
    return not kids or (len(kids) == 1 and not _visible_kids(kids[0]) and step.rule != "chain")


def _visible_kids(step: Step) -> bool:
    return any(s.rule != "tidy" and not _hidden(s) for s in step.steps) or any(
        s.rule == "tidy" for s in step.steps)


def _block(w: _Writer, step: Step, depth: int, partial: bool) -> None:
    """An operation made of several derivations (grad, Jacobian, Hessian, order n, a whole answer)."""
    if step.rule in HEADERS:
        w.emit(depth, w.plain(HEADERS[step.rule]) + ":")
        w.emit(depth + 1, w.plain("f = ") + w.expr(step.before.args[0]) if isinstance(step.before, Call)
               else w.expr(step.before))
    elif step.rule == "order":
        w.emit(depth, w.show(step.before, partial) + w.dash + w.plain(f"differentiate {step.note}"))
    else:
        w.emit(depth, w.expr(step.before) if step.rule == "result" else w.show(step.before, partial))
    for kid in step.steps:
        _render(w, kid, depth + 1, partial if step.rule != "result" else False)
    w.emit(depth + 1, "= " + w.expr(step.after))


def _taylor(w: _Writer, step: Step, depth: int, partial: bool) -> None:
    """The derivatives, the table of coefficients f⁽ᵏ⁾(a)/k!, then the polynomial."""
    call = step.before
    f, x, a, n = call.args if isinstance(call, Call) and len(call.args) == 4 else (step.before, Sym("x"),
                                                                                     Num(0), Num(0))
    xs, at = w.p.symbol(x.name) if isinstance(x, Sym) else "x", w.expr(a)
    w.emit(depth, w.plain(f"Taylor polynomial of order {w.expr(n)} about ") + f"{xs} = {at}: "
           + w.plain("f = ") + w.expr(f))
    coefficients = [s for s in step.steps if s.rule == "taylor-coefficient"]
    for kid in step.steps:
        if kid.rule != "taylor-coefficient":
            _render(w, kid, depth + 1, partial)
    fk = "f^(k)" if w.ascii else "f⁽ᵏ⁾"
    head = [w.plain("k"), f"{fk}({at})", "k!", f"{fk}({at})/k!"]
    rows = [head]
    for k, s in enumerate(coefficients):
        scale = s.before.factors[0].value if isinstance(s.before, Mul) else 1
        fact = Fraction(1, 1) / Fraction(scale)
        rows.append([str(k), w.expr(s.node) if s.node is not None else "", str(int(fact)), w.expr(s.after)])
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        w.emit(depth + 1, "  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
    w.emit(depth + 1, "= " + w.expr(step.after))


def to_json(step: Step) -> dict:
    """The step tree: rule, before, after (ASCII in the maths language, which parses back), note, steps."""
    return {"rule": step.rule, "before": ASCII.print(step.before), "after": ASCII.print(step.after),
            "note": step.note, "steps": [to_json(s) for s in step.steps]}


def line_count(step: Step, width: int = 80) -> int:
    return len(render(step, width).splitlines())


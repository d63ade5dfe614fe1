"""The derivation trace: what the rule table did, node by node, kept beside the answer it computed.

`calculus._d` records a `Step` for a node only when it is handed a list to record into, so the plain
computation pays nothing; with a list, the very values it computes (each sub-derivative, each result)
are the ones recorded, so the steps cannot disagree with the answer.

A derivative step says: `before` (an author-language `diff(node, x)` call, which the engine can compute)
equals `after`. Its `steps` are the derivatives it needed (each a step of the same shape), the outer
rule of a chain (`diff(sin(u), u) = cos(u)`) and, when the rule's literal output differs from the tidy
tree, one `tidy` step (`before` = the rule's output as assembled, `after` = the tidy result). `node` is
the sub-expression the rule was applied to and `var` the variable, so a mistake can be injected at one
node and the derivation re-assembled (`reassemble`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from mfml_tui.engine.tree import Call, Expr, Sym

# Rule ids in the course's vocabulary (docs/maths-language.md lists them with their meaning). Every
# function of the table is also a rule id of its own ("sin", "exp", "ln", …).
RULES = {
    "constant": "constant",
    "variable": "d/dx x = 1",
    "sum": "sum rule",
    "constant-multiple": "constant multiple",
    "product": "product rule",
    "power": "power rule",
    "chain": "chain rule",
    "exponential": "exponential",
    "general-power": "uᵛ = e^(v·ln u)",
    "tidy": "tidy",
    "order": "derivative of order n",
    "gradient": "gradient",
    "jacobian": "Jacobian",
    "hessian": "Hessian",
    "taylor": "Taylor polynomial",
    "taylor-coefficient": "Taylor coefficient",
    "at": "substitute",
    "result": "result",
}
AGAIN = "as above"  # the note of a derivation already shown earlier in the same trace


@dataclass(frozen=True)
class Step:
    """One rule applied: `before` = `after`, because of `rule` (with `note`), using `steps`."""

    rule: str
    before: Expr
    after: Expr
    note: str = ""
    steps: tuple[Step, ...] = ()
    node: Expr | None = None  # the sub-expression the rule applied to (the operand of d/dx)
    var: str | None = None  # the variable of a derivative step

    def walk(self) -> Iterator[Step]:
        """This step and every sub-step, in reading order."""
        yield self
        for s in self.steps:
            yield from s.walk()


def derivative_call(e: Expr, x: str, n: int = 1) -> Call:
    """`diff(e, x)` (or `diff(e, x, n)`) as a tree: a step's `before`, which the engine can compute."""
    from mfml_tui.engine.tree import Num

    return Call("diff", (e, Sym(x)) if n == 1 else (e, Sym(x), Num(n)))


def is_derivative(step: Step) -> bool:
    return isinstance(step.before, Call) and step.before.name == "diff" and step.node is not None


def dedupe(step: Step, seen: set | None = None) -> Step:
    """A derivation met again later in the same trace (sin(x) as a factor and inside eˢⁱⁿ⁽ˣ⁾) keeps its
    line but not its working: its note says "as above" (the outer rule of a chain, d/du eᵘ = eᵘ, too)."""
    seen = set() if seen is None else seen
    key = (step.rule, step.before)
    if step.rule not in UNREMARKABLE:
        if key in seen:
            return replace(step, note=AGAIN, steps=())
        seen.add(key)
    if not step.steps:
        return step
    return replace(step, steps=tuple(dedupe(s, seen) for s in step.steps))


UNREMARKABLE = frozenset({"tidy", "variable", "constant"})  # may recur: d/dx x = 1 is never news

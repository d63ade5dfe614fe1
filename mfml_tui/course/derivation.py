"""A lesson's ```steps block: the engine's worked derivation of an expression the author names.

    ```steps
    expr = "diff(sin(x^2)*e^(3x), x)"
    title = "The chain rule inside the product rule"   # optional
    ```

The derivation is computed when the lesson loads (so `lessons check` reports a bad expression at its
line) and becomes a ```text block of the lesson's Markdown, written to fit the lesson column at 80
columns. The steps are the engine's own: the rule table that grades every answer wrote them.
"""

from __future__ import annotations

from mfml_tui.course.blocks import Block, Fields

WIDTH = 70  # the lesson column at 80 columns, less the code block's padding
KEYS = {"expr", "title"}


def steps_markdown(table: dict, block: Block) -> str | None:
    """The Markdown for a steps block, or None (with its problems reported)."""
    from mfml_tui.engine.errors import EngineError
    from mfml_tui.engine.steps import render
    from mfml_tui.quiz.derivation import derives

    fields = Fields(table, block, "a steps block")
    fields.unknown(KEYS)
    expr = fields.str("expr", required=True)
    title = fields.str("title", default="")
    if not fields.ok or expr is None:
        return None
    from mfml_tui.engine.parser import parse

    try:
        parse(expr)
    except EngineError as exc:
        fields.bad("expr", f"`expr`: {exc}")
        return None
    if not derives(expr):
        fields.bad("expr", "a steps block shows a derivation: `expr` must use diff, grad, jacobian, hessian "
                           "or taylor")
        return None
    from mfml_tui.engine.author import explain

    try:
        _, step = explain(expr)
    except EngineError as exc:
        fields.bad("expr", f"`expr`: {exc}")
        return None
    except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:
        fields.bad("expr", f"`expr` could not be computed: {exc}")
        return None
    text = render(step, WIDTH)
    head = f"**{title}**\n\n" if title else ""
    return f"{head}```text\n{text}\n```"

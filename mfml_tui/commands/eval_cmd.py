"""`mfml-tui eval EXPR`: check your own work from the shell.

`-` reads the expression from standard input (for text a shell cannot pass as an argument). A result
that is not a finite number (`at(1/x, x=0)`, `9^9^9^9`) is an error rather than `inf`/`nan`, so
`--json` output is always valid JSON.
"""

from __future__ import annotations

import json
import sys


def _read_stdin() -> str:
    from mfml_tui.engine.errors import ParseError
    from mfml_tui.engine.parser import MAX_LENGTH

    data = sys.stdin.buffer.read(4 * MAX_LENGTH + 4)  # enough for MAX_LENGTH characters of UTF-8
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError("the input is not UTF-8 text", exc.start + 1) from None
    if sys.stdin.buffer.read(1):
        raise ParseError(f"the input is too long (the limit is {MAX_LENGTH} characters)", MAX_LENGTH + 1)
    return text


def run_eval(args) -> int:
    import numpy as np

    from mfml_tui.engine import EngineError, compute
    from mfml_tui.engine.author import explain
    from mfml_tui.engine.parser import check_letter_runs

    steps = getattr(args, "steps", False)
    try:
        text = _read_stdin() if args.expression == "-" else args.expression
        check_letter_runs(text)  # `import os` is an error here, not a product of six variables
        if steps:
            value, derivation = explain(text)
        else:
            value = compute(text)
        if value.kind != "expression" and not np.all(np.isfinite(np.asarray(value.value, dtype=float))):
            shown = value.text if len(value.text) <= 60 else "the result"
            raise EngineError(f"{shown} is not a finite number (it is undefined or too large)")
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (RecursionError, MemoryError, OverflowError):
        print("error: the expression is too large to work with", file=sys.stderr)
        return 2
    if steps:
        return _print_steps(args, value, derivation)
    if args.json:
        print(json.dumps(value.to_json(), ensure_ascii=False, allow_nan=False))
        return 0
    text = value.text
    if value.kind != "expression" and value.decimal != text:
        text = f"{text} ≈ {value.decimal}"
    print(text)
    return 0


def _print_steps(args, value, derivation) -> int:
    """`--steps`: the derivation at most 80 columns wide (narrower in a narrower terminal), or its tree."""
    import shutil

    from mfml_tui.engine.steps import render, to_json

    if args.json:
        tree = to_json(derivation)
        tree["result"] = value.to_json()
        print(json.dumps(tree, ensure_ascii=False, allow_nan=False))
        return 0
    width = min(80, shutil.get_terminal_size((80, 24)).columns)
    ascii_only = getattr(args, "ascii", False)
    print(render(derivation, width, ascii_only))
    if value.kind != "expression" and value.decimal != value.text:
        print(("~ " if ascii_only else "≈ ") + value.decimal)
    return 0

"""`mfml-tui eval EXPR`: check your own work from the shell."""

from __future__ import annotations

import json
import sys


def run_eval(args) -> int:
    from mfml_tui.engine import EngineError, compute

    try:
        value = compute(args.expression)
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (RecursionError, MemoryError, OverflowError):
        print("error: the expression is too large to work with", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(value.to_json(), ensure_ascii=False))
        return 0
    text = value.text
    if value.kind != "expression" and value.decimal != text:
        text = f"{text} ≈ {value.decimal}"
    print(text)
    return 0

"""Textual's `Markdown` widget, imported without pygments until a code fence is drawn.

`textual.widgets._markdown` imports `textual.highlight` (pygments: its lexer registry, token types and
filters, ≈10–15 ms of CPU) for one use, colouring a code fence; a lesson's first step seldom has one, and
`mfml-tui lesson ID` paid for it before step 1 was painted. So the module is imported with a stand-in
`textual.highlight` whose `highlight` imports the real module at its first call and hands over to it. The
stand-in is in `sys.modules` only while that one import runs (nothing else in Textual imports
`textual.highlight`; the fence's own theme imports run later, and find the real module).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

MODULE = "textual.widgets._markdown"
HIGHLIGHT = "textual.highlight"


def highlight(*args: Any, **kwargs: Any) -> Any:
    """`textual.highlight.highlight`, imported at its first call."""
    return importlib.import_module(HIGHLIGHT).highlight(*args, **kwargs)


def _import_markdown() -> types.ModuleType:
    if MODULE in sys.modules or HIGHLIGHT in sys.modules:
        return importlib.import_module(MODULE)
    stand_in = types.ModuleType(HIGHLIGHT, "Stands in while textual.widgets._markdown is imported.")
    stand_in.highlight = highlight  # type: ignore[attr-defined]
    sys.modules[HIGHLIGHT] = stand_in
    try:
        return importlib.import_module(MODULE)
    finally:
        if sys.modules.get(HIGHLIGHT) is stand_in:
            del sys.modules[HIGHLIGHT]


Markdown = _import_markdown().Markdown

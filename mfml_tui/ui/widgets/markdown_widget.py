"""Textual's `Markdown` widget, imported without pygments until a code fence is drawn, and without
markdown_it until a text is parsed.

`textual.widgets._markdown` imports `textual.highlight` (pygments: its lexer registry, token types and
filters, ≈10–15 ms of CPU) for one use, colouring a code fence; a lesson's first step seldom has one, and
`mfml-tui lesson ID` paid for it before step 1 was painted. So the module is imported with a stand-in
`textual.highlight` whose `highlight` imports the real module at its first call and hands over to it. The
stand-in is in `sys.modules` only while that one import runs (nothing else in Textual imports
`textual.highlight`; the fence's own theme imports run later, and find the real module).

markdown_it is stood in for the same way: the module takes `MarkdownIt` (made only when no parser factory
is given) and `Token` (annotations only); so is `textual._slug` (a heading's id; no lesson text has a
heading, and its import compiles a pattern of Unicode ranges, ≈4 ms). `Prose` reads the tokens of a text
parsed at an earlier launch (`prose_tokens`), so a step is shown without markdown_it and linkify-it (≈90 ms
of CPU); a text never seen imports the real parser then.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

MODULE = "textual.widgets._markdown"
HIGHLIGHT = "textual.highlight"
PARSER, TOKEN = "markdown_it", "markdown_it.token"
SLUG = "textual._slug"  # headings' ids: a regular expression of Unicode ranges compiled at import (≈4 ms)


def highlight(*args: Any, **kwargs: Any) -> Any:
    """`textual.highlight.highlight`, imported at its first call."""
    return importlib.import_module(HIGHLIGHT).highlight(*args, **kwargs)


def MarkdownIt(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 — stands for the class
    """`markdown_it.MarkdownIt(...)`, imported at its first call."""
    return importlib.import_module(PARSER).MarkdownIt(*args, **kwargs)


def _later(module: str, name: str) -> Any:
    """`module.name(...)`, the module imported at the first call."""
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


def _stand_ins() -> dict[str, types.ModuleType]:
    from mfml_tui.ui.widgets.prose_tokens import Tok

    made = {}
    slugs = {name: _later(SLUG, name) for name in ("TrackedSlugs", "slug_for_tcss_id")}
    for name, attributes in ((HIGHLIGHT, {"highlight": highlight}), (PARSER, {"MarkdownIt": MarkdownIt}),
                             (TOKEN, {"Token": Tok}), (SLUG, slugs)):
        if name not in sys.modules:
            made[name] = types.ModuleType(name, "Stands in while textual.widgets._markdown is imported.")
            made[name].__dict__.update(attributes)
    return made


def _import_markdown() -> types.ModuleType:
    if MODULE in sys.modules:
        return importlib.import_module(MODULE)
    stand_ins = _stand_ins()
    sys.modules.update(stand_ins)
    try:
        return importlib.import_module(MODULE)
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


_module = _import_markdown()
Markdown = _module.Markdown
MarkdownBulletList = _module.MarkdownBulletList
MarkdownOrderedList = _module.MarkdownOrderedList
MarkdownListItem = _module.MarkdownListItem
MarkdownParagraph = _module.MarkdownParagraph
MarkdownTable = _module.MarkdownTable

"""Small symbols used on screen, with ASCII stand-ins for terminals without Unicode (`--ascii`)."""

from __future__ import annotations

UNICODE = {
    "new": "○",
    "started": "◐",
    "done": "●",
    "unavailable": "✗",
    "bar_full": "█",
    "bar_empty": "░",
    "play": "▶",
    "right": "✓",
    "wrong": "✗",
    "hint": "💡",
    "note": "›",
    "prev": "←",
    "next": "→",
    "dot_done": "●",
    "dot_todo": "○",
    "warn": "⚠",
}

ASCII = {
    "new": "[ ]",
    "started": "[~]",
    "done": "[x]",
    "unavailable": "[!]",
    "bar_full": "#",
    "bar_empty": "-",
    "play": ">",
    "right": "OK",
    "wrong": "X",
    "hint": "?",
    "note": ">",
    "prev": "<-",
    "next": "->",
    "dot_done": "*",
    "dot_todo": ".",
    "warn": "!",
}

# The wide hint emoji is not in every terminal font and breaks column counts: keep it out.
UNICODE["hint"] = "※"


def glyphs(ascii_only: bool) -> dict[str, str]:
    return ASCII if ascii_only else UNICODE


def bar(fraction: float, width: int, ascii_only: bool = False) -> str:
    g = glyphs(ascii_only)
    full = max(0, min(width, round(fraction * width)))
    return g["bar_full"] * full + g["bar_empty"] * (width - full)

"""Errors the engine raises: always a message a learner can act on, never a traceback."""

from __future__ import annotations


class EngineError(ValueError):
    """Something the engine cannot do with this input (too big, wrong shape, unknown name…)."""


class ParseError(EngineError):
    """Text that is not an expression; `column` is 1-based so it matches what an editor shows."""

    def __init__(self, message: str, column: int, note: str = "") -> None:
        super().__init__(f"{message} at column {column}" + (f" ({note})" if note else ""))
        self.message = message
        self.column = column
        self.note = note

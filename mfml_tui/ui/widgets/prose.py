"""Lesson Markdown as this terminal can show it: the `Tutor` transliterates the text in ASCII mode, and lists
then use ASCII bullets instead of Textual's `•`, `▪`, `‣`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Markdown

if TYPE_CHECKING:
    from mfml_tui.ui.services import Tutor

ASCII_BULLETS = ["* ", "- ", "+ ", "o ", "- "]


class Prose(Markdown):
    def __init__(self, markdown: str, tutor: Tutor, *, classes: str | None = None) -> None:
        super().__init__(tutor.markdown(markdown), classes=classes)
        if tutor.ascii_only:
            self.BULLETS = ASCII_BULLETS

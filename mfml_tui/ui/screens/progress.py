"""Progress: the same picture as `mfml-tui progress` (weeks, lessons, levels, skills, recent attempts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

if TYPE_CHECKING:
    from mfml_tui.ui.app import TutorApp


class ProgressScreen(Screen[None]):
    DEFAULT_CSS = """
    ProgressScreen #progress-header { height: 1; padding: 0 1; background: $panel; }
    ProgressScreen #progress-body { height: 1fr; padding: 1 1 0 1; }
    """
    BINDINGS = [Binding("escape,q", "app.pop_screen", "Course map", id="progress.back")]

    def compose(self) -> ComposeResult:
        app: TutorApp = self.app  # type: ignore[assignment]
        yield Static(Content.styled("Your progress", "bold"), id="progress-header")
        with VerticalScroll(id="progress-body", can_focus=True):
            yield Static(Text(app.tutor.progress_text(), no_wrap=True, overflow="ellipsis"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress-body").focus()

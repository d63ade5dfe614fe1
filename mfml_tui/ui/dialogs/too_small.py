"""Shown over everything while the terminal is smaller than the tutor needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from mfml_tui.ui.layout import MIN_HEIGHT, MIN_WIDTH


class TooSmallScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        background: $background;
    }
    TooSmallScreen Static {
        width: 100%;
        height: auto;
        content-align: center middle;
        text-align: center;
        color: $warning;
    }
    """
    BINDINGS = [("ctrl+q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(id="message")

    def on_mount(self) -> None:
        self._update()

    def on_resize(self) -> None:
        self._update()

    def _update(self) -> None:
        w, h = self.app.size
        ascii_only = getattr(getattr(self.app, "tutor", None), "ascii_only", False)
        by = "x" if ascii_only else "×"  # a size, not a product: 80x24 in ASCII mode
        self.query_one("#message", Static).update(
            f"Please make the window at least {MIN_WIDTH}{by}{MIN_HEIGHT}.\n"
            f"It is {w}{by}{h} now. (ctrl+q quits; your progress is saved.)"
        )

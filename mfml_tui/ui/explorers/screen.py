"""A screen holding one explorer at full size (Escape closes it)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


class ExplorerScreen(Screen[None]):
    """One explorer filling the terminal; Escape goes back."""

    DEFAULT_CSS = """
    ExplorerScreen { layout: vertical; }
    ExplorerScreen > .explorer-error { padding: 1 2; color: $warning; }
    """
    # b first, Esc too: a terminal holds a lone Esc back ~100 ms to tell it from an escape sequence (an
    # explorer that uses b itself, the fitting one, keeps it: the footer then shows esc)
    BINDINGS = [Binding("b,escape", "close", "Back", id="explorers.close", tooltip="Back (b or Esc)")]

    def __init__(self, spec: Any) -> None:
        super().__init__()
        self.spec = spec

    def compose(self) -> ComposeResult:
        from . import make_explorer

        try:
            widget = make_explorer(self.spec)
        except Exception as error:  # noqa: BLE001 — a bad spec shows why instead of crashing the app
            yield Static(f"This explorer cannot start: {error}", classes="explorer-error")
            return
        widget.add_class("-full")
        yield widget

    def on_mount(self) -> None:
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                break

    def action_close(self) -> None:
        self.dismiss(None)

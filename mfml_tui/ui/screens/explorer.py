"""A full screen for one explorer, opened from the command palette (lessons embed them inline)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static


class ExplorerScreen(Screen[None]):
    DEFAULT_CSS = """
    ExplorerScreen #explorer-title { height: 1; padding: 0 1; background: $panel; }
    ExplorerScreen #explorer-body { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="explorer.back")]

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        title, widget = self._build()
        yield Static(Content.styled(title, "bold"), id="explorer-title")
        with VerticalScroll(id="explorer-body"):
            yield widget
        yield Footer()

    def _build(self) -> tuple[str, Widget]:
        try:
            from mfml_tui.course.model import ExploreSpec, Location
            from mfml_tui.ui.explorers import EXPLORERS, make_explorer

            entry = EXPLORERS[self.kind]
            title, options = entry[0], entry[1]
            spec = options if isinstance(options, ExploreSpec) else ExploreSpec(
                self.kind, dict(options or {}), Location(__file__, 0))  # type: ignore[arg-type]
            return f"Explore: {title}", make_explorer(spec)
        except Exception as error:  # noqa: BLE001
            return f"Explore: {self.kind}", Static(f"This explorer cannot start: {error}")

    def on_mount(self) -> None:
        body = self.query_one("#explorer-body")
        focusable = [w for w in body.query("*") if w.focusable]
        (focusable[0] if focusable else body).focus()

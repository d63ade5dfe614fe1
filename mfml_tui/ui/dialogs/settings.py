"""Settings: how plots are drawn (and a pointer to themes, which live in the command palette)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from mfml_tui.ui.services import MARKERS
from mfml_tui.ui.widgets.choices import ChoiceList

if TYPE_CHECKING:
    from mfml_tui.ui.app import TutorApp

LABELS = {
    "braille": "Braille ⣿ (sharpest; needs a font with braille characters)",
    "hd": "Half blocks ▚ (sharper than dots; most fonts)",
    "dot": "Dots • (safe default)",
    "ascii": "ASCII * (any terminal)",
}
#: ASCII mode cannot show the other families' glyphs: their labels name them instead
ASCII_LABELS = {
    "braille": "Braille dots (sharpest; needs a font with braille characters)",
    "hd": "Half blocks (sharper than dots; most fonts)",
    "dot": "Dots (safe default)",
    "ascii": "ASCII * (any terminal)",
}


class SettingsDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    SettingsDialog { align: center middle; }
    SettingsDialog > Vertical {
        width: 76; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    SettingsDialog ChoiceList { width: 100%; margin: 1 0; }
    SettingsDialog .muted { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="settings.close")]

    def compose(self) -> ComposeResult:
        app: TutorApp = self.app  # type: ignore[assignment]
        current = app.tutor.marker
        with Vertical():
            yield Static("[b]Plot markers[/b]")
            labels = ASCII_LABELS if app.tutor.ascii_only else LABELS
            yield ChoiceList([(str(i + 1), labels[m]) for i, m in enumerate(MARKERS)], multiple=False,
                             chosen=[MARKERS.index(current)] if current in MARKERS else [],
                             ascii_only=app.tutor.ascii_only, id="marker")
            if app.tutor.ascii_only:
                yield Static("--ascii is on: plots use ASCII markers this session.", classes="muted")
            yield Static(app.tutor.text("Themes: ctrl+p → “Change theme” (your choice is remembered)."),
                         classes="muted")
            yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#marker", ChoiceList).focus()

    @on(ChoiceList.Changed, "#marker")
    def _changed(self, event: ChoiceList.Changed) -> None:
        app: TutorApp = self.app  # type: ignore[assignment]
        name = MARKERS[event.chosen[0]] if event.chosen else None
        if name in MARKERS:
            app.tutor.set_setting("plot.marker", name)
            self.notify(f"Plots now use {name} markers.", timeout=3)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)

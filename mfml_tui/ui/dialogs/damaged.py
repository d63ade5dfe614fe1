"""The progress file could not be opened: say what and where, offer to move it aside (never overwrite)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from mfml_tui.ui.services import StoreProblem


class DamagedStoreDialog(ModalScreen[str]):
    """Returns "move" (rename with a timestamp, start fresh), "continue" (no saving) or "quit"."""

    DEFAULT_CSS = """
    DamagedStoreDialog {
        align: center middle;
    }
    DamagedStoreDialog > Vertical {
        width: 74;
        max-width: 100%;
        height: auto;
        border: thick $error;
        background: $surface;
        padding: 1 2;
    }
    DamagedStoreDialog #what { margin-bottom: 1; }
    DamagedStoreDialog Horizontal { height: auto; margin-top: 1; }
    DamagedStoreDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("m", "choose('move')", "Move aside", id="damaged.move"),
        Binding("n", "choose('continue')", "No saving", id="damaged.continue"),
        Binding("q,escape", "choose('quit')", "Quit", id="damaged.quit"),
    ]

    def __init__(self, problem: StoreProblem) -> None:
        super().__init__()
        self.problem = problem
        # The store's StoreError (the cause) says which kind: a newer file wants an upgrade first.
        self.newer = getattr(problem.__cause__, "kind", None) == "newer"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.styled("Your progress file cannot be opened", "bold $error"), id="title")
            yield Static(
                Content.assemble(
                    ("File: ", "bold"), str(self.problem.path), "\n",
                    ("Problem: ", "bold"), self.problem.message,
                ),
                id="what",
            )
            if self.newer:
                yield Static(
                    "It has not been changed. Best: quit and upgrade mfml-tui, which keeps everything. "
                    "Or move it aside (it is renamed with the date and time, for the newer version to use "
                    "later) and start a fresh one, or go on without saving."
                )
            elif self.problem.can_move_aside:
                yield Static(
                    "It has not been changed. You can move it aside (it is renamed with the date and time, "
                    "so nothing is lost) and start a fresh one, go on without saving, or quit and look at it."
                )
            else:
                yield Static("It has not been changed. Fix the problem (or use --data-dir) and start again, "
                             "or go on without saving.")
            with Horizontal():
                if self.problem.can_move_aside:
                    yield Button("Move aside (m)", id="move", variant="warning")
                yield Button("No saving (n)", id="continue")
                yield Button("Quit (q)", id="quit", variant="error")

    def on_mount(self) -> None:
        # Enter on the focused button: move a damaged file aside; for a newer one, quit (and upgrade).
        self.query_one("#quit" if self.newer else Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "quit")

    def action_choose(self, choice: str) -> None:
        if choice == "move" and not self.problem.can_move_aside:
            return
        self.dismiss(choice)

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
    """Returns "retry" (a locked or unwritable file, or one removed or replaced while open), "move"
    (rename a damaged one with a timestamp, start fresh), "continue" (no saving) or "quit".

    The focused button, which Enter presses, is always a choice that moves and changes nothing: "Try
    again" for a file in use or one removed while open (nothing is overwritten: a file in the way is
    refused as at start), "Quit" otherwise. Moving a file aside takes its own key (m) or a click.
    """

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
        Binding("r", "choose('retry')", "Try again", id="damaged.retry"),
        Binding("n", "choose('continue')", "No saving", id="damaged.continue"),
        Binding("q,escape", "choose('quit')", "Quit", id="damaged.quit"),
    ]

    def __init__(self, problem: StoreProblem) -> None:
        super().__init__()
        self.problem = problem
        kind = getattr(problem, "kind", None) or getattr(problem.__cause__, "kind", None)
        self.kind = kind or ("damaged" if problem.can_move_aside else "unavailable")
        self.newer = self.kind == "newer"
        self.locked = self.kind == "locked"
        # removed or replaced while open: the session holds everything; saving it again is the safe choice
        self.gone = self.kind == "gone"
        # healthy but not writable here (permissions, a read-only disk or mount): never "damaged"
        self.unwritable = self.kind == "unavailable" and problem.message.startswith("cannot write")
        # Enter presses the focused button: the safe choice, never "Move aside". Set as AUTO_FOCUS too, or
        # the screen's own auto-focus (the first button) can win the race with on_mount.
        self.AUTO_FOCUS = "#retry" if self.locked or self.gone else "#quit"

    def compose(self) -> ComposeResult:
        with Vertical():
            title = ("Your progress file is in use" if self.locked else
                     "Your progress file was removed or replaced" if self.gone else
                     "Your progress file cannot be written" if self.unwritable else
                     "Your progress file cannot be opened")
            yield Static(Content.styled(title, "bold $error"), id="title")
            yield Static(
                Content.assemble(
                    ("File: ", "bold"), str(self.problem.path), "\n",
                    ("Problem: ", "bold"), self.problem.message,
                ),
                id="what",
            )
            if self.locked:
                yield Static("It is not damaged and has not been changed: another program (another "
                             "mfml-tui, a backup or sync tool, a database browser) holds it locked. Try "
                             "again when it is free, go on without saving, or quit.")
            elif self.gone:
                yield Static("Another program removed, renamed or replaced it while the tutor was using it. "
                             "Everything you did is kept in memory: Try again saves all of it there again "
                             "(clear the way first if something else now has its name), or go on without "
                             "saving. Quitting now loses this session's progress.")
            elif self.unwritable:
                yield Static("It is not damaged and has not been changed: this account may not write it or "
                             "its folder (permissions, a read-only disk or mount). Fix that and try again, "
                             "use --data-dir for another folder, go on without saving, or quit.")
            elif self.newer:
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
                if self.locked or self.unwritable or self.gone:
                    yield Button("Try again (r)", id="retry",
                                 variant="primary" if self.locked or self.gone else "default")
                if self.problem.can_move_aside and not self.locked:
                    yield Button("Move aside (m)", id="move", variant="warning")
                yield Button("No saving (n)", id="continue")
                yield Button("Quit (q)", id="quit", variant="error")

    def on_mount(self) -> None:
        self.query_one(self.AUTO_FOCUS, Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "quit")

    def action_choose(self, choice: str) -> None:
        if choice == "move" and (not self.problem.can_move_aside or self.locked):
            return
        if choice == "retry" and not (self.locked or self.unwritable or self.gone):
            return
        self.dismiss(choice)

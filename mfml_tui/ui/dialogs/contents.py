"""The lesson's table of contents: pick a step to jump to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from mfml_tui.course.model import Lesson


class ContentsDialog(ModalScreen[int | None]):
    DEFAULT_CSS = """
    ContentsDialog { align: center middle; }
    ContentsDialog > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ContentsDialog OptionList, ContentsDialog OptionList:focus { height: auto; max-height: 18; border: none; }
    ContentsDialog .muted { color: $text-muted; }
    """
    BINDINGS = [Binding("escape,t", "close", "Close", id="contents.close")]

    def __init__(self, lesson: Lesson, current: int) -> None:
        super().__init__()
        self.lesson = lesson
        self.current = current

    def compose(self) -> ComposeResult:
        text = self.app.tutor.text  # type: ignore[attr-defined]
        with Vertical():
            yield Static(Content.styled(text(self.lesson.title), "bold"))
            options = []
            for i, step in enumerate(self.lesson.steps):
                extras = []
                if step.quizzes:
                    extras.append(f"{len(step.quizzes)} question{'s' if len(step.quizzes) > 1 else ''}")
                if step.plots:
                    extras.append("plot")
                if step.explorers:
                    extras.append("explorer")
                mark = text("▸") if i == self.current else " "
                options.append(Option(Content.assemble(
                    f"{mark} {i + 1:>2}. ", (text(step.title), "bold" if i == self.current else ""),
                    (text("  · " + ", ".join(extras)) if extras else "", "$text-muted"),
                ), id=str(i)))
            yield OptionList(*options, id="steps")
            yield Static(text("Enter jumps to a step · Esc closes"), classes="muted")

    def on_mount(self) -> None:
        steps = self.query_one("#steps", OptionList)
        steps.highlighted = self.current
        steps.focus()

    @on(OptionList.OptionSelected, "#steps")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_close(self) -> None:
        self.dismiss(None)

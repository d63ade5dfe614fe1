"""Options of a choice question, readable without colour: `(•)`/`( )` for one answer, `[x]`/`[ ]` for
several. (Textual's RadioSet and SelectionList tell on from off by colour alone, which NO_COLOR removes.)"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ChoiceList(OptionList):
    """↑/↓ move, Space picks (single) or ticks (multiple), Enter checks — like Enter in an answer box.

    With one answer Enter also picks the highlighted option first, so ↓ ↓ Enter answers in one go.
    An option's letter (`b`) moves to it and picks or ticks it, as the options are labelled.
    """

    BINDINGS = [
        Binding("space", "select", "Pick", id="choices.pick", show=False),
        Binding("enter", "submit", "Check", id="choices.check", show=False),
    ]

    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 12; border: none; padding: 0; background: transparent; }
    ChoiceList:focus { border: none; background-tint: $foreground 4%; }
    """

    class Changed(Message):
        def __init__(self, choice_list: ChoiceList, chosen: list[int]) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.chosen = chosen

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    class Submitted(Message):
        """Enter: check the answer as it is picked now."""

        def __init__(self, choice_list: ChoiceList) -> None:
            super().__init__()
            self.choice_list = choice_list

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(self, options: Sequence[tuple[str, str]], *, multiple: bool, chosen: Sequence[int] = (),
                 ascii_only: bool = False, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.labels = [(label, text) for label, text in options]
        self.multiple = multiple
        self.chosen: set[int] = set(chosen)
        self.ascii_only = ascii_only

    def on_mount(self) -> None:
        self._render_options()
        self.highlighted = min(self.chosen) if self.chosen else 0

    def _mark(self, on: bool) -> str:
        if self.multiple:
            return "[x]" if on else "[ ]"
        if self.ascii_only:
            return "(*)" if on else "( )"
        return "(•)" if on else "( )"

    def _render_options(self) -> None:
        keep = self.highlighted
        self.clear_options()
        self.add_options([
            Option(Content.assemble(
                (self._mark(i in self.chosen), "bold $accent" if i in self.chosen else ""),
                f" {label})  {text}"), id=str(i))
            for i, (label, text) in enumerate(self.labels)
        ])
        if keep is not None:
            self.highlighted = keep

    def _pick(self, index: int) -> None:
        if self.multiple:
            self.chosen ^= {index}
        else:
            self.chosen = {index}
        self._render_options()
        self.post_message(self.Changed(self, sorted(self.chosen)))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def on_key(self, event: events.Key) -> None:
        letters = [label for label, _ in self.labels]
        if event.character in letters:
            event.stop()
            event.prevent_default()
            index = letters.index(event.character)
            self.highlighted = index
            self._pick(index)

    def action_submit(self) -> None:
        if not self.multiple and self.highlighted is not None and self.chosen != {self.highlighted}:
            self._pick(self.highlighted)
        self.post_message(self.Submitted(self))

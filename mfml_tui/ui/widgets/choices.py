"""Options of a choice question, readable without colour: `(•)`/`( )` for one answer, `[x]`/`[ ]` for
several. (Textual's RadioSet and SelectionList tell on from off by colour alone, which NO_COLOR removes.)"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from rich.cells import cell_len
from textual import events, on
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
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

    def _render_options(self, width: int | None = None) -> None:
        keep = self.highlighted
        self._wrapped_at = width = self._text_width() if width is None else width
        self.clear_options()
        self.add_options([
            Option(Content.assemble(
                (self._mark(i in self.chosen), "bold $accent" if i in self.chosen else ""),
                self._hanging(f" {label})  ", text, width)), id=str(i))
            for i, (label, text) in enumerate(self.labels)
        ])
        if keep is not None:
            self.highlighted = keep

    def _text_width(self) -> int:
        """Cells an option's line may use: the list's width less a cell of padding on the right."""
        return max(0, self.scrollable_content_region.width - 1)

    def _hanging(self, lead: str, text: str, width: int) -> str:
        """`lead` and `text`, a long text wrapped under its own first word (not under the mark, not to
        the box's edge): the letter and mark stay alone in their column."""
        indent = cell_len(self._mark(False) + lead)
        room = width - indent
        if room < 12 or cell_len(text) <= room:
            return lead + text
        lines = textwrap.wrap(text, room, break_long_words=True, break_on_hyphens=False) or [text]
        return lead + ("\n" + " " * indent).join(lines)

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != getattr(self, "_wrapped_at", None):
            self._render_options()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The options wrapped at the width being laid out, before their height is measured: a list made
        while its step was hidden (built ahead) was wrapped at width 0, without the hanging indent, and
        only a Resize event wrapped it again, a frame later, or never: Textual sends none to a widget first
        laid out after the learner had scrolled the step before (the scroll's quick layout path)."""
        scrollbar = self.styles.scrollbar_size_vertical if self.show_vertical_scrollbar else 0
        text_width = width - scrollbar - 1  # as `_text_width` will read it once laid out
        wrapped_at = getattr(self, "_wrapped_at", None)  # (None: not mounted yet, `on_mount` wraps them)
        if wrapped_at is not None and text_width > 0 and text_width != wrapped_at:
            self._render_options(text_width)
        return super().get_content_height(container, viewport, width)

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

    # (the footer's "while typing" keys: Esc leaves the options, as it leaves an answer box)
    takes_letters = True

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """An option's letter is taken here (`on_key`), so the screen's binding of that letter is neither
        run nor offered: the footer said "a Answer" and "b Course map" where a and b tick options."""
        return character is not None and any(label == character for label, _ in self.labels)

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

"""A `Button` that costs a tenth as much to create.

Textual's `Button.__init__` sets `variant` and `compact` as reactives; each change of class that this
causes restyles the new, still unmounted button against the whole stylesheet (≈1.6 ms a button, four on
every question card, and the course map's "Continue" before the lessons are listed), and `watch_flat`
restyles it once more when it is mounted. `QuickButton` starts with the very same classes and reactive
values, set directly: it is styled once.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button
from textual.widgets._button import ButtonVariant


class QuickButton(Button):
    def __init__(self, label: str, variant: ButtonVariant = "default", *, id: str | None = None,  # noqa: A002
                 classes: str | None = None, tooltip: str | None = None, compact: bool = False) -> None:
        names = [classes or ""]
        if variant != "default":  # what `watch_variant` adds (it does not run for the default)
            names.append(f"-{variant}")
        if compact:  # `compact`'s toggle_class
            names.append("-textual-compact")
        names.append("-style-default")  # what `watch_flat` adds when mounted: then it changes nothing
        Widget.__init__(self, id=id, classes=" ".join(n for n in names if n) or None)
        self.set_reactive(Button.variant, self.validate_variant(variant))
        self.set_reactive(Button.compact, compact)
        self.set_reactive(Button.label, Content.from_text(label))
        self.action = None
        self.active_effect_duration = 0.2
        if tooltip is not None:
            self.tooltip = tooltip

"""Containers whose focus changes restyle themselves only, not everything inside them.

Textual restyles a widget's whole subtree when it gains or loses focus, in case a rule such as
`X:focus Y` styles a descendant by it. The lesson's text column holds every widget of a step (60 and
more): that restyle was most of the cost of leaving an explorer with b (focus goes back to the text) and
of entering one. No rule of ours styles a descendant by its container's focus (`:focus-within` is
Textual's separate, cheaper update); if one ever does, these fall back to Textual's full restyle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.reactive import Reactive

if TYPE_CHECKING:
    from textual.widget import Widget


def focus_styles_descendants(node: DOMNode) -> bool:
    """Whether some loaded rule styles a descendant of `node` by `node`'s focus (`X:focus Y`)."""
    for rule in node.app.stylesheet.rules:
        for selector_set in rule.selector_set:
            for selector in selector_set.selectors[:-1]:
                if "focus" in selector.pseudo_classes and selector._check(node):
                    return True
    return False


OWN_EDGE = ("border_", "auto_border_", "outline_")  # rules of a widget's own edge: inherited by nothing


def restyle_alone(node: Widget) -> None:
    """Restyle `node` alone for its new focus, repainting its descendants only if a style they could
    inherit changed.

    A colour rule that changes (the explorer's `border-title-color` on focus) makes Textual repaint every
    descendant, in case they inherit it: leaving an explorer repainted its plot, panels and legend,
    re-rendered in the frame of the focus change and once more a frame later. A rule of its own edge
    (border, title, outline) is inherited by nothing, so when only those change the descendants are left
    as they are."""
    base = node.styles.base

    def own_refresh(*, layout: bool = False, children: bool = False, parent: bool = False,
                    repaint: bool = True) -> None:
        type(base).refresh(base, layout=layout, parent=parent, repaint=repaint)

    before = base.get_rules()
    base.refresh = own_refresh  # type: ignore[method-assign]
    try:
        node.app.stylesheet.update_nodes([node], animate=True)
    finally:
        del base.refresh
    after = base.get_rules()
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    if any(not name.startswith(OWN_EDGE) for name in changed):  # what Textual would have repainted
        for child in node.walk_children(with_self=False, reverse=True):
            child.refresh()


class FocusScroll(VerticalScroll):
    """A `VerticalScroll` (same CSS type names) whose focus change restyles itself alone when it can.

    Alone means without a needless refresh of its scrollbar too: Textual sets every rule of a restyled
    node again when any differs (here only in how a rule is written), and setting a scrollbar colour
    refreshes the scrollbar, changed or not, through the scrollbar's own message queue: after the frame
    that painted the focus change (which repaints the whole column, scrollbar included), so leaving an
    explorer painted a second frame, identical to the first. The scrollbar is refreshed when one of its
    colours really changed."""

    def watch_has_focus(self, _has_focus: bool) -> None:
        if focus_styles_descendants(self):
            super().watch_has_focus(_has_focus)
            return
        base = self.styles.base
        before = {name: value for name, value in base.get_rules().items() if name.startswith(SCROLLBAR)}
        bars = [bar for bar in (self._vertical_scrollbar, self._horizontal_scrollbar) if bar is not None]
        for bar in bars:
            bar.refresh = _no_refresh  # type: ignore[method-assign]
        try:
            self.app.stylesheet.update_nodes([self], animate=True)
        finally:
            for bar in bars:
                del bar.refresh
        after = {name: value for name, value in base.get_rules().items() if name.startswith(SCROLLBAR)}
        if after != before:
            for bar in bars:
                bar.refresh()


SCROLLBAR = ("scrollbar_", "auto_scrollbar_")


def _no_refresh(*_args: object, **_kwargs: object) -> None:
    """A scrollbar's refresh while its container is restyled (`FocusScroll.watch_has_focus`)."""


class FocusRepaintsWhatChanges:
    """A `Screen` mixin: a focus change repaints the widgets whose look changes, not the whole screen.

    Textual's `Screen.focused` is a reactive that repaints the screen on every change, so the compositor
    redraws every widget on it (in a lesson: the whole step, ≈⅓ of leaving an explorer). The widgets that
    look different by focus repaint themselves anyway (their `:focus` and `:focus-within` styles), and the
    bindings still follow the focus (`Screen._watch_focused`)."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

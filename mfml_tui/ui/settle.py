"""The course map's first screen made once, while output is held at start-up (`TutorApp._hold_first_paint`).

Textual lays the map out when the screen is resumed, and its widgets answer that layout with one more:
the list finds it overflows and mounts its scrollbar, and each widget refreshed while it was mounted asks
for a layout of its own. Held, Textual still painted the first layout (a whole frame, never sent) and left
the second for after the hold, whose frames went out in two: the rows the scrollbar moved, then the whole
screen again (Textual's refresh of a resumed screen), ≈2× the bytes of one map. Here the layouts are done
while held, as soon as they are asked for; once no widget of the screen has anything left to do, the map
is painted whole, once. Textual's private state is touched in `lay_out` and `paint_whole` only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget


def _widgets(screen: Screen) -> Iterator[Widget]:
    """The screen, its widgets and their scrollbars (which are not among a widget's children)."""
    yield screen
    for widget in screen.walk_children(with_self=False):
        yield widget
        for bar in (widget._vertical_scrollbar, widget._horizontal_scrollbar):
            if bar is not None:
                yield bar


def settled(screen: Screen) -> bool:
    """Nothing left that would lay the screen out or paint part of it again: no widget has a message
    waiting (in its queue, or taken from it to be merged with the next) or a layout, scroll or repaint
    asked for (each asks its screen when its queue is empty)."""
    if screen._layout_required or screen._scroll_required or screen._recompose_required:
        return False
    for widget in _widgets(screen):
        if widget.message_queue_size or widget._pending_message is not None or (widget is not screen and (
                widget._layout_required or widget._repaint_required or widget._scroll_required
                or widget._recompose_required)):
            return False
    return True


def lay_out(screen: Screen) -> None:
    """The layout Textual does when its screen update timer fires, which it skips while output is held."""
    if screen._layout_required and screen.is_current and screen.outer_size:  # (not before its resume)
        screen._refresh_layout(scroll=screen._scroll_required)
        screen._layout_required = screen._scroll_required = False
        screen._dirty_widgets.clear()


def paint_whole(screen: Screen) -> None:
    """Paint the whole screen now, as one frame. The refresh a resumed screen asks for is this frame (it
    painted the screen a second time, after the layout's frame); anything else already asked to be
    repainted is in it too."""
    screen._repaint_required = False
    screen._compositor.update_widgets(screen._dirty_widgets)  # (their regions are in the whole screen)
    screen._dirty_widgets.clear()
    screen._compositor._dirty_regions.add(screen.size.region)
    screen._compositor_refresh()

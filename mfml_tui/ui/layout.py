"""Layout breakpoints shared by the app's CSS classes and the screens that lay out text beside plots."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

WIDE = 120  #: columns from which text and plot sit side by side
MIN_WIDTH, MIN_HEIGHT = 80, 24  #: the smallest window the tutor works in (`dialogs.too_small` says so)


def set_breakpoint_classes(screen: Screen) -> None:
    """The classes `Screen._on_resize` gives for the app's width (`-narrow`/`-wide`), set from a screen's
    `__init__`, before it is mounted: set by the first Resize, they restyled every widget of the screen (a
    lesson's step, the map's rows, each footer key's and the list's component styles) a second time before
    the first frame. A size not known yet is corrected by that Resize, as before."""
    try:
        app = screen.app
    except Exception:  # noqa: BLE001 — no running app (a screen made in a test): the resize sets them
        return
    breakpoints = (app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None
                   else screen.HORIZONTAL_BREAKPOINTS) or []
    screen.add_class(*screen._get_breakpoint_classes(app.size.width, breakpoints), update=False)

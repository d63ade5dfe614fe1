"""The key bar as it was last drawn, kept on disk, so that the first screen of a launch (the course map, or
the lesson of `mfml-tui lesson ID`) is painted without making the footer's widgets.

The footer is a container and a widget a key (seven on the map): composing, mounting, styling, laying out
and painting them was ≈10 ms of CPU before the lessons were listed, a sixth of what the app adds to a
hello-world app's start-up. Yet the row it paints depends only on the keys it shows, the theme, ASCII mode,
the width and the code (the package's and Textual's). So each map footer painted is written down (its
row's segments, and where each key is), and a launch that finds the record composes a `DrawnFooter` in its
place: one widget painting the same cells. Soon after the first screen (`LIVE_AFTER`), or at once if the
keys, the width or the theme change first, the live `Footer` is mounted in it; the row stays the same.
A key clicked meanwhile does what the live footer's would. A miss is simply the live footer.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from mfml_tui.course import cache as course_cache

if TYPE_CHECKING:
    from textual import events
    from textual.screen import Screen

    from mfml_tui.ui.widgets.footer import Footer

FORMAT = b"mfml-tui drawn footer 1"
MAX_FILES = 40  #: footers kept (one per width, theme and key set seen); the oldest written go first
LIVE_AFTER = 0.4  #: seconds after the first screen that the live footer takes the drawn one's place


def record_path(screen: Screen, width: int) -> Path | None:
    """Where the row of `screen`'s footer at `width` columns is kept: named by a digest of all it depends
    on (None: the cache is off)."""
    from mfml_tui.ui.widgets.footer import keys_shown

    where = course_cache.records_folder("footers")
    if where is None:
        return None
    app = screen.app
    name = course_cache.record_digest(
        FORMAT, course_cache.library_stamps(("textual", "rich")), repr(keys_shown(screen)).encode(),
        str(app.theme).encode(), str(width).encode(), b"ascii" if app.has_class("-ascii") else b"unicode",
        os.environ.get("NO_COLOR", "").encode())
    return where / (name + ".pickle")


Places = list[tuple[int, int, str, bool]]  #: each key's cells: start, end, key, disabled


def read(path: Path) -> tuple[Strip, Places] | None:
    """The row and the keys' places kept at `path`, or None."""
    try:
        with open(path, "rb") as file:
            head, segments, places = pickle.load(file)  # noqa: S301 — the app's own cache, as the course's
    except Exception:  # noqa: BLE001 — missing, damaged, from another version: the live footer
        return None
    if head != FORMAT:
        return None
    return Strip(segments), places


def write_row(footer: Footer) -> None:
    """Write down the row the live `footer` paints, if it is not kept yet (atomically; any failure just
    means the live footer next time). A footer whose keys overflow it (it scrolls) is not kept."""
    if not footer.is_mounted or footer.max_scroll_x or not footer.size.width:
        return
    path = record_path(footer.screen, footer.size.width)
    if path is None or os.path.exists(path):
        return
    row, places = footer_row(footer)
    if course_cache.write_atomically(path, lambda: pickle.dumps((FORMAT, list(row), places))):
        course_cache.prune(path.parent, ".pickle", MAX_FILES)


def footer_row(footer: Footer) -> tuple[Strip, Places]:
    """The cells the compositor paints for `footer` and its keys (a docked key last: it is drawn over the
    others), and where each key is."""
    width = footer.size.width
    row = footer.render_lines(Region(0, 0, width, 1))[0]
    places: Places = []
    left = footer.region.x
    keys = sorted((key for key in footer.children if key.display and key.region.width),
                  key=lambda key: key.styles.dock != "none")
    for key in keys:
        start, end = key.region.x - left, key.region.right - left
        drawn = key.render_lines(Region(0, 0, key.region.width, 1))[0]
        row = Strip.join([row.crop(0, start), drawn, row.crop(end, width)])
        places.append((start, end, getattr(key, "key", ""), bool(getattr(key, "_disabled", False))))
    return row.simplify(), places


def footer_for(screen: Screen) -> Widget:
    """The key bar drawn at an earlier launch for `screen` at the app's width (no footer widgets before the
    first screen), or the live `Footer` when there is no such record."""
    from mfml_tui.ui.widgets.footer import Footer, keys_shown

    width = screen.app.size.width
    path = record_path(screen, width)
    found = read(path) if path is not None else None
    if found is None:
        return Footer()
    return DrawnFooter(*found, width, keys_shown(screen))


async def go_live(screen: Screen) -> None:
    """The live footer in the drawn one, in one frame with the same row (or, when the live one was there
    from the start, its row written down for the next launch)."""
    from mfml_tui.ui.widgets.footer import Footer

    drawn = next(iter(screen.query(DrawnFooter)), None)
    if drawn is not None:
        await drawn.go_live()
        return
    for footer in screen.query(Footer):
        write_row(footer)


class DrawnFooter(Widget):
    """The map's key bar painted from a record (`footer_row`), until the live `Footer` is mounted in it
    (`go_live`): inside it, so that only this row is laid out and painted again (a footer mounted on the
    screen, or a widget removed from it, repaints the whole screen: ≈6.8 KB more). It says `Outdated` when
    the record no longer shows what the live footer would: other keys (the focus moved), another width or
    another theme."""

    class Outdated(Message):
        """The live footer is wanted now."""

    DEFAULT_CSS = """
    DrawnFooter {
        dock: bottom;
        height: 1;
    }
    """
    ALLOW_SELECT = False

    def __init__(self, row: Strip, places: Places, width: int, keys: tuple) -> None:
        super().__init__()
        self._row, self._places, self._width, self._keys = row, places, width, keys
        self._told = False
        self.live = False  # the live footer is in it (and paints the row)

    def render_line(self, y: int) -> Strip:
        # (under the live footer: never seen, yet styled, as Textual's filters read every segment's style)
        return self._row if y == 0 and not self.live else Strip.blank(self.size.width, self.rich_style)

    async def go_live(self) -> None:
        """Mount the live footer in its place: the same row, now with the footer's own keys."""
        if self.live:
            return
        from mfml_tui.ui.widgets.footer import Footer

        self.live = True
        self._stop_listening()
        async with self.batch():
            await self.mount(Footer())

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._check_keys, immediate=True)
        self.app.theme_changed_signal.subscribe(self, self._outdated)

    def on_unmount(self) -> None:
        self._stop_listening()

    def _stop_listening(self) -> None:
        with contextlib.suppress(Exception):  # (no screen any more: nothing to stop)
            self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.theme_changed_signal.unsubscribe(self)

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._outdated()

    def _check_keys(self, screen: Screen) -> None:
        from mfml_tui.ui.widgets.footer import keys_shown

        if keys_shown(screen) != self._keys:
            self._outdated()

    def _outdated(self, *_: object) -> None:
        if not self._told:
            self._told = True
            self.post_message(self.Outdated())

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self.live:
            return
        for start, end, key, disabled in reversed(self._places):  # the docked key is on top
            if start <= event.x < end and key:
                if disabled:  # as the live footer's key does
                    self.app.bell()
                else:
                    self.app.simulate_key(key)
                return

"""Handlers and workers that outlive their screen.

Keys typed ahead (over SSH one packet may hold `⏎ ⏎`, `⏎ b ⏎ n` or `q t`) pop or replace a screen while its
`on_mount`, a `call_after_refresh` callback or a build worker is still on its way. When that code runs, the
widgets it asks for are gone: `NoMatches`, `MountError`, `ScreenStackError`. That is not a failure (nobody is
looking at that screen any more), so it must never end the app with a traceback.

`while_shown` wraps such a method (sync or async); `taken_down` is the app's last check on any error.
"""

from __future__ import annotations

import functools
import inspect
from types import TracebackType
from typing import Any


def _races() -> tuple[type[BaseException], ...]:
    from textual.app import ScreenStackError
    from textual.css.query import NoMatches
    from textual.dom import NoScreen
    from textual.widget import MountError

    return NoMatches, MountError, ScreenStackError, NoScreen


def gone(node: Any) -> bool:
    """True when `node` (a widget or screen) is no longer on a screen the app shows or keeps."""
    try:
        if not node.is_attached:
            return True
        app = node.app
        if getattr(app, "quitting", False):
            return True
        # shut down some other way than `exit` (Textual's `_shutdown`, e.g. a pilot run ending while a
        # step is built ahead): a card may then mount without the widgets it composed
        if not getattr(app, "_running", True) or getattr(app, "_exit", False):
            return True
        screen = node if node.is_dom_root or _is_screen(node) else node.screen
        return not any(screen in stack for stack in app._screen_stacks.values()) \
            and not app.is_screen_installed(screen)
    except Exception:  # noqa: BLE001 — no app, no screen: gone
        return True


def _is_screen(node: Any) -> bool:
    from textual.screen import Screen

    return isinstance(node, Screen)


def taken_down(error: BaseException) -> bool:
    """True when `error` is a "widget not found / cannot mount" raised by code running for a widget or
    screen that has been taken down (popped, removed, the app quitting) while that code was on its way."""
    if not isinstance(error, _races()):
        return False
    from textual.dom import DOMNode

    tb: TracebackType | None = error.__traceback__
    while tb is not None:
        owner = tb.tb_frame.f_locals.get("self")
        if isinstance(owner, DOMNode) and not owner.is_dom_root and gone(owner):
            return True
        tb = tb.tb_next
    return False


def while_shown(method):
    """Run `method` of a widget or screen; if it fails because its screen was taken down meanwhile, that
    is the end of it (see the module's docstring). Any other error, or one on a live screen, still raises."""
    races = _races()
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def guarded_async(self, *args, **kwargs):
            if gone(self):
                return None
            try:
                return await method(self, *args, **kwargs)
            except races:
                if gone(self):
                    return None
                raise

        return guarded_async

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        if gone(self):
            return None
        try:
            return method(self, *args, **kwargs)
        except races:
            if gone(self):
                return None
            raise

    return guarded

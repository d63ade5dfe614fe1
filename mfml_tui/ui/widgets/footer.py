"""Textual's Footer, rebuilt only when the keys it shows change, and without leaking the old keys.

Textual's Footer recomposes all its keys whenever the screen's bindings are updated, which is every
focus change (≈100 ms of style work each; opening a lesson moved the focus ~10 times). Here the rebuild
happens only when what the footer would show is different.

Each rebuild also binds the new `FooterKey`s to the footer's `compact` reactive; Textual drops the
watchers of removed keys only when `compact` next changes, which in this app is never, so every rebuild
kept its dead keys (and their styles) for as long as the app ran. They are dropped after a rebuild here,
as Textual itself would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.screen import Screen


class TypedKeysNotOffered:
    """A `Screen` mixin: while an answer box has the focus, a letter key types that letter, so the footer
    (and the key panel) offer the next key of the same binding instead: `b,escape` shows `b` on the step
    and `esc` in the answer box. Only what is shown changes; the keys still do what they did."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings = super().active_bindings  # type: ignore[misc]
        if not isinstance(getattr(self, "focused", None), Input):
            return bindings
        return {key: active for key, active in bindings.items()
                if active.binding.priority or not (len(key) == 1 and key.isprintable())}


class Footer(TextualFooter):
    """The key bar at the bottom of every screen (same look and behaviour as Textual's)."""

    _shown: tuple | None = None

    def _keys_shown(self) -> tuple:
        """Everything `Footer.compose` reads, in order: equal tuples draw the same footer."""
        app = self.app
        return (self.compact, self.show_command_palette, app.ENABLE_COMMAND_PALETTE, tuple(
            (binding.key, binding.action, binding.description, binding.show, binding.group, enabled, tooltip,
             app.get_key_display(binding))
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        ))

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    async def recompose(self) -> None:
        await super().recompose()
        # Textual keeps reactive watchers in `__watchers` ({name: [(node, callback)]}) and prunes closed
        # nodes the same way in `Reactive._check_watchers`, but only on a change of value.
        for watchers in getattr(self, "__watchers", {}).values():
            watchers[:] = [(node, callback) for node, callback in watchers
                           if not (node._closing or node._closed)]

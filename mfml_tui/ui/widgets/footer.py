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

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets import Input
from textual.widgets._footer import FooterKey as TextualFooterKey

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import ActiveBinding, Binding
    from textual.screen import Screen


class TypedKeysNotOffered:
    """A `Screen` mixin: while an answer box has the focus, a letter key types that letter, so the footer
    (and the key panel) offer the next key of the same binding instead: `b,escape` shows `b` on the step
    and `esc` in the answer box. Only what is shown changes; the keys still do what they did.

    A binding may also say something else while the learner types (`WHILE_TYPING`, by action): Esc in an
    answer box (or a question's options) leaves the box, not the screen, so the footer said "esc Course
    map" for a key that stays.

    What fits depends on the width (`_fitted`), so a resize offers the keys again (Textual's dispatch runs
    this `on_resize` beside the screen's own)."""

    WHILE_TYPING: ClassVar[dict[str, str]] = {"back": "Leave answer"}
    _offered_width: int | None = None  #: the width the keys were last offered for (None: not resized yet)

    def on_resize(self) -> None:
        width = self.app.size.width  # type: ignore[attr-defined]
        if self._offered_width is not None and width != self._offered_width:
            self.refresh_bindings()  # type: ignore[attr-defined]
        self._offered_width = width

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return self._fitted(self._not_typed(super().active_bindings))  # type: ignore[misc]

    def _not_typed(self, bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
        focused = getattr(self, "focused", None)
        if not isinstance(focused, Input):  # a question's options take their letters (`check_consume_key`)
            if not getattr(focused, "takes_letters", False):
                return bindings
            return {key: self._while_typing(active) for key, active in bindings.items()}
        return {key: self._while_typing(active) for key, active in bindings.items()
                if active.binding.priority or not (len(key) == 1 and key.isprintable())}

    def _fitted(self, bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
        """The keys a footer can hold at the app's width: with a question's options focused at 80 columns
        the footer was cut after "t Content", and "esc Leave answer" and "? Help" were off screen. When the
        keys overflow, those a widget's own buttons already name (`KEYS_ON_BUTTONS`: the question card's
        "Hint ^t", ...) are left to the buttons; they still work."""
        app = self.app  # type: ignore[attr-defined]
        if footer_cells(app, bindings) <= app.size.width:
            return bindings
        return {key: active for key, active in bindings.items()
                if active.binding.action not in getattr(active.node, "KEYS_ON_BUTTONS", ())}

    def _while_typing(self, active: ActiveBinding) -> ActiveBinding:
        said = self.WHILE_TYPING.get(active.binding.action)
        if said is None or said == active.binding.description:
            return active
        return active._replace(binding=replace(active.binding, description=said))


class FooterKey(TextualFooterKey):
    """Textual's key of the footer (same CSS type name, look and behaviour), whose new size after a layout
    asks for no second layout.

    Textual stores a resized widget's new virtual size through a reactive that lays the whole screen out
    again; a key's width is its text's (`width: auto`) and its virtual size scrolls nothing, so when the
    footer's keys changed (leaving an explorer) the screen was laid out twice and painted in two frames,
    the second identical to the first."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
                      ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class Footer(TextualFooter):
    """The key bar at the bottom of every screen (same look and behaviour as Textual's).

    Its new keys are laid out once: neither the keys' new sizes nor the footer's own (the width of the keys,
    which it scrolls with the mouse wheel when they overflow) nor its invisible scrollbars (`scrollbar-size:
    0 0`) coming and going ask for a second layout of the screen."""

    _shown: tuple | None = None

    def _keys_shown(self) -> tuple:
        return keys_shown(self.screen, self.compact, self.show_command_palette)

    def compose(self):  # type: ignore[no-untyped-def]
        """The keys are in the screen's first paint: Textual's footer composes empty and fills itself
        after the first refresh (a second mount, restyle and layout on every new screen, at start-up too).
        When the focus then changes what is shown, `bindings_changed` updates it as usual.

        Each key bound to the footer's `compact` is made with that value already set: a `FooterKey` starts
        compact, so mounted as Textual makes it, it gained the `-compact` class and lost it again when its
        binding arrived, two restyles of every key on every new screen (~20 ms a lesson). Each key also
        gets the class its watcher sets when it is mounted (the palette's key is not bound: compact)."""
        if not self._bindings_ready:
            self.set_reactive(TextualFooter._bindings_ready, True)
        self._shown = self._keys_shown()
        for widget in super().compose():
            if isinstance(widget, TextualFooterKey):  # (reading `widget.compact` here would run its watcher)
                widget.__class__ = FooterKey  # Textual made it: the same key, sized without a second layout
                bound = "compact" in (widget._reactive_connect or ())
                compact = self.compact if bound else FooterKey.compact._default
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)  # what its watcher would set
            yield widget

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
                      ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def _refresh_scrollbars(self) -> None:
        """Textual's, except that scrollbars of no size (the footer's: `scrollbar-size: 0 0`) come and go
        without a layout: one shown or hidden lays the screen out again in case it takes room, and these
        take none. Whether they are shown still says whether the mouse wheel scrolls the keys."""
        styles = self.styles
        if styles.scrollbar_size_horizontal or styles.scrollbar_size_vertical or not self.container_size:
            super()._refresh_scrollbars()
            return
        width, height = self.container_size
        virtual = self.virtual_size
        for shown, overflow, over in (
                (Widget.show_horizontal_scrollbar, styles.overflow_x, virtual.width > width),
                (Widget.show_vertical_scrollbar, styles.overflow_y, virtual.height > height)):
            self.set_reactive(shown, overflow == "scroll" or (overflow == "auto" and over))

    def on_mount(self) -> None:
        # Textual's `on_mount` (run after this one) subscribes `bindings_changed`, posted to the footer's
        # queue: by the time it runs, the focus change has been painted, so the keys came a frame later.
        self.screen.bindings_updated_signal.subscribe(self, self._follow_bindings, immediate=True)

    def _follow_bindings(self, screen: Screen) -> None:
        """The keys follow the focus at once (from `Screen.set_focus` itself), so that the frame painting
        the focus change shows the new keys, laid out: the keys on screen are given their new text and the
        spare ones hidden (`_update_now`). Only when the footer needs more keys than it has, or grouped
        keys, does the update wait for the next refresh, as Textual's does."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        if self._update_now():
            self._shown = shown
        else:
            self.call_after_refresh(self._recompose_if_changed)

    def bindings_changed(self, screen: Screen) -> None:
        """Textual's own subscription, called later from the footer's queue: usually nothing is left to do."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and self._keys_shown() != self._shown:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown != self._shown:
            self._shown = shown
            if not await self._update_in_place():
                await self.recompose()

    def _new_keys(self) -> tuple[list, list, list, list] | None:
        """(keys on screen, new keys) each split into (ordinary, command palette), or None when either has
        groups or the palette key comes or goes (then only a recompose shows it as Textual would)."""
        from textual.compose import compose

        shown = self._shown  # (what is on screen until the caller has updated it: `compose` sets it)
        with self._context():  # called from another widget's handler (`set_focus`): keys bind to this one
            new = compose(self)
        self._shown = shown
        old = list(self.children)
        if not all(type(widget) is FooterKey for widget in (*new, *old)):  # groups: Textual's own way
            return None

        def split(keys: list) -> tuple[list, list]:
            return ([key for key in keys if not key.has_class("-command-palette")],
                    [key for key in keys if key.has_class("-command-palette")])

        (old_keys, old_palette), (new_keys, new_palette) = split(old), split(new)
        if len(old_palette) != len(new_palette):
            return None
        return old_keys, old_palette, new_keys, new_palette

    def _update_now(self) -> bool:
        """Give the keys on screen the new keys' text, classes and tooltips and hide the spare ones (kept
        for the next time they are wanted): no mount, no removal, so all of it is laid out and painted in
        the next frame. False (nothing done) when the footer has too few keys, or groups."""
        split = self._new_keys()
        if split is None:
            return False
        old_keys, old_palette, new_keys, new_palette = split
        if len(new_keys) > len(old_keys):
            return False
        self._show_keys(old_keys, old_palette, new_keys, new_palette)
        return True

    @staticmethod
    def _show_keys(old_keys: list, old_palette: list, new_keys: list, new_palette: list) -> None:
        pairs = [*zip(old_keys, new_keys, strict=False), *zip(old_palette, new_palette, strict=True)]
        for shown, wanted in pairs:
            _copy_key(wanted, shown)
            if not shown.display:
                shown.display = True
        for spare in old_keys[len(new_keys):]:
            if spare.display:
                spare.display = False

    async def _update_in_place(self) -> bool:
        """`_update_now`, mounting the keys the footer lacks; False (nothing done) when the keys are grouped.

        A recompose removes every key and mounts new ones: each is styled from scratch and the screen is
        laid out and repainted whole (leaving an explorer in a lesson: ≈⅓ of its ≈100 ms). Updated in
        place, the footer shows exactly what a recompose would (same widgets' types, text and classes)."""
        split = self._new_keys()
        if split is None:
            return False
        old_keys, old_palette, new_keys, new_palette = split
        self._show_keys(old_keys, old_palette, new_keys, new_palette)
        if len(new_keys) > len(old_keys):
            extra = new_keys[len(old_keys):]
            if old_palette:
                await self.mount_all(extra, before=old_palette[0])
            else:
                await self.mount_all(extra)
        return True

    async def recompose(self) -> None:
        await super().recompose()
        # Textual keeps reactive watchers in `__watchers` ({name: [(node, callback)]}) and prunes closed
        # nodes the same way in `Reactive._check_watchers`, but only on a change of value.
        for watchers in getattr(self, "__watchers", {}).values():
            watchers[:] = [(node, callback) for node, callback in watchers
                           if not (node._closing or node._closed)]


def footer_cells(app: App, bindings: dict[str, ActiveBinding]) -> int:
    """The columns a `Footer` needs for `bindings`, as `Footer.compose` and `FooterKey.render` lay them out:
    one key per action shown, each " key description " (plus the command palette's key, compact: "key
    description", behind a one-cell border, with one cell of padding)."""
    actions: dict[str, Binding] = {}
    for active in bindings.values():
        if active.binding.show:
            actions.setdefault(active.binding.action, active.binding)
    cells = sum(cell_len(app.get_key_display(binding)) + cell_len(binding.description) + 3
                for binding in actions.values())
    palette = bindings.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
    if palette is not None:
        cells += cell_len(app.get_key_display(palette.binding)) + cell_len(palette.binding.description) + 3
    return cells


def keys_shown(screen: Screen, compact: bool = False, show_command_palette: bool = True) -> tuple:
    """Everything `Footer.compose` reads, in order: equal tuples draw the same footer (a footer made with
    Textual's defaults unless told otherwise)."""
    app = screen.app
    return (compact, show_command_palette, app.ENABLE_COMMAND_PALETTE, tuple(
        (binding.key, binding.action, binding.description, binding.show, binding.group, enabled, tooltip,
         app.get_key_display(binding))
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show or binding.action == "command_palette"
    ))


def _copy_key(wanted: FooterKey, shown: FooterKey) -> None:
    """Make `shown` (on screen) show what `wanted` (just composed, never mounted) would: text, action,
    disabled state, tooltip and classes; restyled only if its classes change, laid out if its text does."""
    text = (wanted.key_display, wanted.description)
    changed = text != (shown.key_display, shown.description)
    shown.key, shown.key_display, shown.description = wanted.key, wanted.key_display, wanted.description
    shown.action, shown._disabled = wanted.action, wanted._disabled
    if shown.tooltip != wanted.tooltip:
        shown.tooltip = wanted.tooltip
    classes = set(wanted.classes) | ({"-compact"} & set(shown.classes))  # -compact: the footer's to set
    if classes != set(shown.classes):
        shown.set_classes(classes)
    if changed:
        shown.refresh(layout=True)

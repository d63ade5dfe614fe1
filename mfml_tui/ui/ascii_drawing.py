"""ASCII mode for what Textual itself draws: every border type, table keylines and the palette's icon.

Widgets pick their borders in CSS (`tall` buttons, `hkey` palette edges, `thick` dialogs, …) and a
Markdown table draws its grid with box-drawing keylines; overriding each in CSS misses the next widget
and the next state (`:hover`, `-primary`). So in an app whose tutor is in ASCII mode, the drawing itself
is ASCII: any border becomes Textual's `ascii` border (`+ - |`), a keyline crossing `+`, `-` or `|`, the
command palette's 🔎 a `>`, and the keys' descriptions in the footer and help panel (`γ up`) are
transliterated (`gamma up`); text cut short loses Rich's and Textual's `…`. Other apps in the process
(tests) are untouched: the check is made per drawing, against the app being drawn (`active_app`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from rich.text import Text
from textual import _styles_cache, canvas
from textual._context import active_app
from textual.binding import ActiveBinding, Binding
from textual.command import SearchIcon
from textual.content import Content
from textual.screen import Screen

from mfml_tui.ui.ascii import asciify

#: border types that draw no glyphs (or ASCII ones) and stay as they are
_PLAIN = frozenset({"", "none", "hidden", "blank", "ascii"})
_SEARCH_ICON = ">"


def ascii_app() -> bool:
    """Whether the app being drawn is in ASCII mode (`--ascii`, `LANG=C`)."""
    app = active_app.get(None)
    return bool(getattr(getattr(app, "tutor", None), "ascii_only", False))


def _quad_glyph(quad: tuple[int, int, int, int]) -> str:
    """A keyline piece (lines up, right, down, left) as `+`, `-`, `|` or a space."""
    up, right, down, left = quad
    vertical, horizontal = bool(up or down), bool(left or right)
    if vertical and horizontal:
        return "+"
    return "|" if vertical else "-" if horizontal else " "


@lru_cache(maxsize=1024)
def _ascii_binding(binding: Binding) -> Binding:
    """A key's description and tooltip (`γ up`, `x₀ left`) as ASCII, for the footer and the help panel."""
    return replace(binding, description=asciify(binding.description, separators=True),
                   tooltip=asciify(binding.tooltip, separators=True))


class _BoxCharacters(dict):
    """`canvas.BOX_CHARACTERS` that answers in ASCII while an ASCII-mode app is drawn."""

    def __getitem__(self, quad: Any) -> str:
        return _quad_glyph(quad) if ascii_app() else super().__getitem__(quad)


def install() -> None:
    """Make Textual's borders, keylines and search icon follow the drawn app's ASCII mode (idempotent)."""
    if getattr(_styles_cache.get_box, "ascii_aware", False):
        return
    get_box = _styles_cache.get_box

    def ascii_aware_get_box(name: str, *args: Any) -> Any:
        return get_box("ascii" if name not in _PLAIN and ascii_app() else name, *args)

    ascii_aware_get_box.ascii_aware = True  # type: ignore[attr-defined]
    _styles_cache.get_box = ascii_aware_get_box  # type: ignore[assignment]
    canvas.BOX_CHARACTERS = _BoxCharacters(canvas.BOX_CHARACTERS)  # type: ignore[assignment]
    render_icon = SearchIcon.render

    def render(self: SearchIcon) -> Any:
        return _SEARCH_ICON if ascii_app() else render_icon(self)

    SearchIcon.render = render  # type: ignore[method-assign]
    bindings_of = Screen.active_bindings.fget

    def active_bindings(self: Screen) -> dict[str, ActiveBinding]:
        found = bindings_of(self)  # type: ignore[misc]
        if not ascii_app():
            return found
        return {key: ActiveBinding(node, _ascii_binding(binding), enabled, tooltip and asciify(tooltip))
                for key, (node, binding, enabled, tooltip) in found.items()}

    Screen.active_bindings = property(active_bindings)  # type: ignore[method-assign,assignment]

    # Text cut short ends in `…` (Rich's tables and `overflow="ellipsis"`, Textual's `text-overflow`): cut
    # plainly instead. The cut is where it was; only the last cell is not replaced by the ellipsis.
    truncate_text = Text.truncate

    def text_truncate(self: Text, max_width: int, *, overflow: Any = None, pad: bool = False) -> None:
        if ascii_app() and (overflow or self.overflow) == "ellipsis":
            overflow = "crop"
        truncate_text(self, max_width, overflow=overflow, pad=pad)

    Text.truncate = text_truncate  # type: ignore[method-assign]
    truncate_content = Content.truncate

    def content_truncate(self: Content, max_width: int, *, ellipsis: bool = False,
                         pad: bool = False) -> Content:
        return truncate_content(self, max_width, ellipsis=ellipsis and not ascii_app(), pad=pad)

    Content.truncate = content_truncate  # type: ignore[method-assign]

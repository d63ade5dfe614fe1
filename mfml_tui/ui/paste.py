"""A paste is text: the terminal input parser with bracketed pastes taken out whole.

Textual's parser reads an ESC inside a bracketed paste as the Escape key (sent *before* the paste, so a
paste ending in a bare ESC moved the focus out of the answer box) and re-issues escape sequences inside
a paste as keys (so `3`, ESC [ D, `4` became keys around the text, reordering it). This parser cuts each
`ESC[200~ … ESC[201~` out of the input before Textual's parser sees it and posts it as one `Paste` of
plain text: escape sequences and other control characters removed, the rest in order.
"""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import Iterable, Iterator

from textual import events
from textual._xterm_parser import XTermParser

START, END = "\x1b[200~", "\x1b[201~"
_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-_]?)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def paste_text(raw: str) -> str:
    """What a paste means as text: no escape sequences, no control characters (newlines and tabs kept)."""
    return _CONTROL.sub("", _SEQUENCE.sub("", raw))


def _partial(data: str, marker: str, shortest: int) -> int:
    """Length of the longest proper prefix of `marker` (at least `shortest` long) that `data` ends with."""
    for n in range(len(marker) - 1, shortest - 1, -1):
        if data.endswith(marker[:n]):
            return n
    return 0


class PasteAsText(XTermParser):
    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._paste: list[str] | None = None
        self._held = ""

    def feed(self, data: str) -> Iterable[events.Event]:  # type: ignore[override]
        if not data:
            yield from super().feed(data)
            return
        data, self._held = self._held + data, ""
        while data:
            if self._paste is None:
                start = data.find(START)
                if start < 0:
                    # Hold a start marker cut by a read ("ESC[20"); never a lone ESC (the Escape key).
                    keep = _partial(data, START, 3)
                    if keep:
                        data, self._held = data[:-keep], data[-keep:]
                    if data:
                        yield from super().feed(data)
                    return
                if start:
                    yield from super().feed(data[:start])
                self._paste, data = [], data[start + len(START):]
            else:
                end = data.find(END)
                if end < 0:
                    keep = _partial(data, END, 1)
                    self._paste.append(data[:len(data) - keep])
                    self._held = data[len(data) - keep:]
                    return
                self._paste.append(data[:end])
                text, self._paste = "".join(self._paste), None
                yield events.Paste(paste_text(text))
                data = data[end + len(END):]


# Every Textual driver that reads a terminal's bytes: the local terminal (and SSH), inline mode, and the
# browser's (`mfml-tui serve`, xterm.js sends the same bracketed pastes). Windows' is imported only there.
DRIVERS = ("linux_driver", "linux_inline_driver", "web_driver", "win32")


@contextlib.contextmanager
def pastes_as_text() -> Iterator[list[str]]:
    """For one run of the app, every driver reads its input with `PasteAsText`; the names of the driver
    modules swapped are yielded, and every one is restored after."""
    swapped: list[tuple[object, object]] = []
    names: list[str] = []
    for name in DRIVERS:
        try:
            module = importlib.import_module(f"textual.drivers.{name}")
        except Exception:  # noqa: BLE001 — a driver of another platform
            continue
        if hasattr(module, "XTermParser"):
            swapped.append((module, module.XTermParser))
            module.XTermParser = PasteAsText  # type: ignore[attr-defined]
            names.append(name)
    try:
        yield names
    finally:
        for module, parser in swapped:
            module.XTermParser = parser  # type: ignore[attr-defined]

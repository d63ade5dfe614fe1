"""A paste is text: the terminal input parser with bracketed pastes taken out whole.

Textual's parser reads an ESC inside a bracketed paste as the Escape key (sent *before* the paste, so a
paste ending in a bare ESC moved the focus out of the answer box) and re-issues escape sequences inside
a paste as keys (so `3`, ESC [ D, `4` became keys around the text, reordering it). This parser cuts each
`ESC[200~ … ESC[201~` out of the input before Textual's parser sees it and posts it as one `Paste` of
plain text: escape sequences and other control characters removed, the rest in order.
"""

from __future__ import annotations

import contextlib
import re
import sys
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


@contextlib.contextmanager
def pastes_as_text(*drivers: type) -> Iterator[list[str]]:
    """For one run of the app, the drivers it may use (their classes: the local terminal's and SSH's, the
    browser's for `mfml-tui serve`, where xterm.js sends the same bracketed pastes, or the inline one) read
    their input with `PasteAsText`; the names of the driver modules swapped are yielded, and every one is
    restored after. Only those: importing every driver Textual has (Windows' brings ctypes) was ≈2 ms of
    CPU before the first screen."""
    swapped: list[tuple[object, object]] = []
    names: list[str] = []
    for driver in drivers:
        module = sys.modules.get(driver.__module__)
        if module is not None and hasattr(module, "XTermParser") and module.__name__ not in names:
            swapped.append((module, module.XTermParser))
            module.XTermParser = PasteAsText  # type: ignore[attr-defined]
            names.append(module.__name__.rpartition(".")[2])
    try:
        yield names
    finally:
        for module, parser in swapped:
            module.XTermParser = parser  # type: ignore[attr-defined]

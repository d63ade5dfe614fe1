"""A paste into the answer box is text: a bare ESC at its end is not the Escape key, and escape sequences
inside it neither become keys nor reorder the text (ui/paste.py, the parser the app's driver uses)."""

from __future__ import annotations

import pytest

from mfml_tui.ui.paste import PasteAsText, paste_text


def parse(*chunks: str) -> list[tuple[str, str]]:
    parser = PasteAsText()
    events = [e for chunk in chunks for e in parser.feed(chunk)] + list(parser.feed(""))
    return [(type(e).__name__, getattr(e, "text", None) or e.key) for e in events]


@pytest.mark.parametrize(("chunks", "expected"), [
    (["\x1b[200~12\x1b\x1b[201~"], [("Paste", "12")]),  # a trailing bare ESC: no Escape key first
    (["\x1b[200~3\x1b[D4\x1b[201~"], [("Paste", "34")]),  # a cursor-left inside: text stays in order
    (["\x1b[200~x^2\x1b[31m + 1\x1b]0;title\x07\x1b[201~"], [("Paste", "x^2 + 1")]),
    # markers cut by reads
    (["a\x1b[2", "00~xy\x1b[20", "1~b"], [("Key", "a"), ("Paste", "xy"), ("Key", "b")]),
    (["\x1b[200~", "2*", "x\x1b", "[201~", "\r"], [("Paste", "2*x"), ("Key", "enter")]),
])
def test_a_paste_is_text(chunks, expected):
    assert parse(*chunks) == expected


def test_keys_outside_pastes_are_untouched():
    assert parse("\x1b[A", "q") == [("Key", "up"), ("Key", "q")]
    assert parse("\x1b")[0] == ("Key", "escape")  # a lone ESC is the Escape key, never held back


def test_paste_text_keeps_newlines_and_tabs():
    assert paste_text("a\tb\nc\x07\x1b[0m") == "a\tb\nc"


def test_the_app_reads_the_terminal_with_this_parser(tmp_path, monkeypatch):
    from textual.app import App
    from textual.drivers import linux_driver

    from tests.test_ui_support import make_app

    seen = []
    monkeypatch.setattr(App, "run", lambda self, *a, **k: seen.append(linux_driver.XTermParser))
    original = linux_driver.XTermParser
    make_app(tmp_path).run()
    assert seen == [PasteAsText] and linux_driver.XTermParser is original

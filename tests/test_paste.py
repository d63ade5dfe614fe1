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
    """In a terminal, over SSH, inline and in the browser (`serve`): every driver reads with it."""
    from textual.app import App
    from textual.drivers import linux_driver, linux_inline_driver, web_driver

    from tests.test_ui_support import make_app

    modules = (linux_driver, linux_inline_driver, web_driver)
    seen = []
    monkeypatch.setattr(App, "run", lambda self, *a, **k: seen.append([m.XTermParser for m in modules]))
    original = [m.XTermParser for m in modules]
    make_app(tmp_path).run()
    assert seen == [[PasteAsText] * 3] and [m.XTermParser for m in modules] == original


RAW = "\x1b[200~3\x1b[D4\x1b[31m+x\x1b\x1b[201~"  # a cursor-left, a colour and a bare ESC inside


async def _paste(pilot, raw: str = RAW) -> None:
    for event in PasteAsText().feed(raw):
        pilot.app.post_message(event)
    await pilot.pause()
    await pilot.pause()


async def test_a_paste_is_text_in_the_answer_box_and_the_command_palette(tmp_path):
    """Every text input of the app: the answer box and the command palette's search box."""
    from textual.widgets import Input

    from tests.test_ui_support import make_app, press, ready, wait_for, wait_text

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "enter")
        await wait_text(pilot, "Step 1/3")
        await press(pilot, "n", "n", "a")
        box = app.screen.query_one(".quiz-answer", Input)
        await wait_for(pilot, lambda: app.screen.focused is box, what="the answer box")
        await _paste(pilot)
        assert box.value == "34+x" and app.screen.focused is box  # in order; the ESC was no key
        await press(pilot, "escape", "ctrl+p")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CommandPalette", what="the palette")
        search = app.screen.query_one(Input)
        await wait_for(pilot, lambda: app.screen.focused is search, what="the palette's input")
        await _paste(pilot)
        assert search.value == "34+x" and type(app.screen).__name__ == "CommandPalette"
    assert app._exception is None

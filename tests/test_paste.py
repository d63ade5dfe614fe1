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


@pytest.mark.parametrize(("textual_driver", "inline", "read_with"), [
    (None, False, "linux_driver"),  # a terminal, over SSH
    (None, True, "linux_inline_driver"),
    ("textual.drivers.web_driver:WebDriver", False, "web_driver"),  # `serve` sets TEXTUAL_DRIVER
])
def test_the_app_reads_the_terminal_with_this_parser(tmp_path, monkeypatch, textual_driver, inline,
                                                     read_with):
    """In a terminal, over SSH, inline and in the browser (`serve`): the driver the run uses reads with it,
    and it is put back after the run."""
    from textual.app import App
    from textual.drivers import linux_driver, linux_inline_driver, web_driver

    from tests.test_ui_support import make_app

    monkeypatch.setattr("textual.constants.DRIVER", textual_driver)  # (read from the environment at import)
    modules = {"linux_driver": linux_driver, "linux_inline_driver": linux_inline_driver,
               "web_driver": web_driver}
    seen = []
    monkeypatch.setattr(App, "run", lambda self, *a, **k: seen.append(
        {name for name, m in modules.items() if m.XTermParser is PasteAsText}))
    original = {name: m.XTermParser for name, m in modules.items()}
    make_app(tmp_path).run(inline=inline)
    assert PasteAsText not in original.values()
    assert seen == [{read_with}] and {name: m.XTermParser for name, m in modules.items()} == original


RAW = "\x1b[200~3\x1b[D4\x1b[31m+x\x1b\x1b[201~"  # a cursor-left, a colour and a bare ESC inside


async def _paste(pilot, raw: str = RAW) -> None:
    for event in PasteAsText().feed(raw):
        pilot.app.post_message(event)
    await pilot.pause()
    await pilot.pause()


async def _answer_box(pilot):
    """The first lesson's question (step 3 of the test course), its answer box focused."""
    from textual.widgets import Input

    from tests.test_ui_support import press, ready, wait_for, wait_text

    app = pilot.app
    await ready(pilot)
    await press(pilot, "enter")
    await wait_text(pilot, "Step 1/3")
    await press(pilot, "n", "n", "a")
    box = app.screen.query_one(".quiz-answer", Input)
    await wait_for(pilot, lambda: app.screen.focused is box, what="the answer box")
    return box


async def test_a_paste_is_text_in_the_answer_box_and_the_command_palette(tmp_path):
    """Every text input of the app: the answer box and the command palette's search box."""
    from textual.command import CommandPalette
    from textual.widgets import Input

    from tests.test_ui_support import make_app, press, wait_for

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        box = await _answer_box(pilot)
        await _paste(pilot)
        assert box.value == "34+x" and app.screen.focused is box  # in order; the ESC was no key
        await press(pilot, "escape", "ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        search = app.screen.query_one(Input)
        await wait_for(pilot, lambda: app.screen.focused is search, what="the palette's input")
        await _paste(pilot)
        assert search.value == "34+x" and isinstance(app.screen, CommandPalette)
    assert app._exception is None


async def test_a_paste_longer_than_any_answer_is_not_taken_and_says_so(tmp_path):
    """A megabyte pasted into the answer box was kept whole: every key then re-rendered it and wrote it to
    the progress file as a draft (≈0.3 s a key), only for the grader to refuse it as too long. The box now
    holds at most what the parser reads; a longer paste is not taken, with a message; one that fits is."""
    import sqlite3

    from textual import events

    from mfml_tui.engine.parser import MAX_LENGTH
    from tests.test_ui_support import make_app, press, wait_for

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        box = await _answer_box(pilot)
        app.post_message(events.Paste("x+" * 500_000))
        await wait_for(pilot, lambda: any("at most" in n.message for n in app._notifications),
                       what="the message that the paste was not taken")
        assert box.value == "" and app.screen.focused is box
        fits = ("x+" * MAX_LENGTH)[: MAX_LENGTH - 1] + "1"  # exactly the limit
        app.post_message(events.Paste(fits))
        await wait_for(pilot, lambda: box.value == fits, what="a paste that fits")
        await press(pilot, "2")  # one character past the limit: not taken either
        await pilot.pause()
        assert box.value == fits
    with sqlite3.connect(tmp_path / "progress.sqlite3") as con:
        drafts = [len(text) for (text,) in con.execute("SELECT text FROM drafts")]
    assert drafts and max(drafts) <= MAX_LENGTH, drafts
    assert app._exception is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("3\x1b[D4", "43"),  # 3, ←, 4
    ("x\x1b[H(\x1b[F)", "(x)"),  # x, Home, (, End, )
    ("xy\x155", "5"),  # x, y, ctrl+u, 5
    ("12\x7f3", "13"),  # Backspace
])
async def test_editing_keys_arriving_in_one_read_act_in_order(tmp_path, raw, expected):
    """Keys in one read (one SSH packet) reach the box together. Its editing keys ran only once they had
    gone up to the app, after the letters behind them were typed: `3 ← 4` gave 34, `ctrl+u 5` nothing."""
    from tests.test_ui_support import make_app, wait_for

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        box = await _answer_box(pilot)
        for event in PasteAsText().feed(raw):  # the app's own parser, as the terminal's bytes come in
            app.post_message(event)
        await wait_for(pilot, lambda: not app._held_keys and box.value, what="the keys")
        await pilot.pause(0.2)
        assert box.value == expected and app.screen.focused is box
    assert app._exception is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("chian\x7f\x7f\x7fain", "chain"),  # Backspace ×3 while typing on
    ("ab\x1b[Dc", "acb"),  # a, b, ←, c
    ("xy\x155", "5"),  # ctrl+u, 5
    ("x\x1b[H(\x1b[F)", "(x)"),  # Home, End
])
async def test_keys_typed_into_the_palette_in_one_read_act_in_order(tmp_path, raw, expected):
    """ctrl+p and a fast typist's keys in one read: every text box of the app, not only the answer box, takes
    its editing keys in order (ui/app.py `_in_order_through_box`); `chian ⌫⌫⌫ ain` gave chian."""
    from textual.command import CommandInput

    from tests.test_ui_support import make_app, ready, wait_for

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for event in PasteAsText().feed("\x10" + raw):  # ctrl+p first, as the terminal sends it
            app.post_message(event)
        await wait_for(pilot, lambda: app.screen.query_one(CommandInput).value, what="the palette's search")
        await pilot.pause(0.2)
        search = app.screen.query_one(CommandInput)
        assert search.value == expected and app.screen.focused is search
    assert app._exception is None


async def test_the_palettes_own_keys_still_act_through_its_search_box(tmp_path):
    """↓ and Escape are the palette's keys, not its search box's: run from the box's queue they still move
    the highlight and close the palette."""
    from textual import events
    from textual.command import CommandInput, CommandList

    from tests.test_ui_support import make_app, ready, wait_for

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for event in PasteAsText().feed("\x10lesson"):
            app.post_message(event)
        await wait_for(pilot, lambda: app.screen.query_one(CommandList).option_count > 1, what="matches")
        for event in PasteAsText().feed("\x1b[B"):
            app.post_message(event)
        await wait_for(pilot, lambda: app.screen.query_one(CommandList).highlighted == 1, what="↓")
        assert app.screen.query_one(CommandInput).value == "lesson"
        app.post_message(events.Key("escape", None))
        await wait_for(pilot, lambda: type(app.screen).__name__ != "CommandPalette", what="closed")
    assert app._exception is None


@pytest.fixture
def slow_palette_search(monkeypatch) -> None:
    """Each search of the palette takes a little while, as on a busy machine."""
    import asyncio

    from mfml_tui.ui.commands import CourseCommands

    search = CourseCommands.search

    async def slow_search(self, query):
        await asyncio.sleep(0.05)
        async for hit in search(self, query):
            yield hit

    monkeypatch.setattr(CourseCommands, "search", slow_search)


@pytest.mark.usefixtures("slow_palette_search")
@pytest.mark.parametrize(("typed", "opened"), [
    ("progress", "ProgressScreen"),
    ("practice", "LessonScreen"),
    ("reviews", "ReviewScreen"),
])
async def test_enter_typed_in_the_same_read_opens_what_the_text_matches(tmp_path, typed, opened):
    """The palette gathers its matches in a worker after each letter; Enter took whatever the list showed
    then (`chain rule ⏎` opened the first lesson, more often the busier the machine). Enter now waits for
    the matches of the text typed. Each search here takes a little while, as on a busy machine."""
    from textual.command import CommandPalette

    from tests.test_ui_support import make_app, ready, wait_for

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for event in PasteAsText().feed("\x10" + typed + "\r"):
            app.post_message(event)
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette) and app.screen_stack[1:],
                       what="a screen opened")
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == opened
    assert app._exception is None


@pytest.mark.usefixtures("slow_palette_search")
@pytest.mark.parametrize("keys", ["\x1b[B", "\x1b[B\x1b[B", "\x1b[B\x1b[B\x1b[A", "\x1b[B\r"])
async def test_arrows_typed_in_the_same_read_move_along_the_matches_of_the_text(tmp_path, keys):
    """↓ and ↑ typed with the text acted on the list shown then (an earlier search's), which the text's
    search then replaced, highlighting its first match: `lesson ↓` highlighted the first lesson, not the
    second. They now wait for the text's search, as Enter does. Each search takes a little while here."""
    from textual.command import CommandList, CommandPalette

    from tests.test_ui_support import make_app, ready, wait_for

    async def outcome(reads: list[str]) -> str:
        """What is highlighted at the end (or the lesson opened, for Enter)."""
        app = make_app(tmp_path / str(len(reads)))
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            for read in reads:
                for event in PasteAsText().feed(read):
                    app.post_message(event)
                await pilot.pause(0.4)  # (slowly: every search done before the next read)
            if not isinstance(app.screen, CommandPalette):
                await wait_for(pilot, lambda: getattr(app.screen, "lesson", None), what="a lesson")
                return app.screen.lesson.id
            commands = app.screen.query_one(CommandList)
            await wait_for(pilot, lambda: commands.highlighted is not None, what="a highlight")
            return str(commands.get_option_at_index(commands.highlighted).prompt)
        assert app._exception is None

    slowly = await outcome(["\x10", "lesson", *keys.replace("\r", "\x00\r").split("\x00")])
    assert await outcome(["\x10lesson" + keys]) == slowly


async def test_escape_and_a_letter_in_one_read_leave_the_box_then_act(tmp_path):
    """Esc and a letter in one read (or under 0.1 s apart) are what a terminal sends for Alt+letter: in the
    answer box the letter was typed and the Esc lost (`9 Esc p` gave 9p on the same step). Now Esc leaves
    the box and the letter acts where the focus went: p is the step before."""
    from tests.test_ui_support import make_app, screen_text, wait_for

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        box = await _answer_box(pilot)
        parser = PasteAsText()
        for event in [*parser.feed("9\x1bp"), *parser.feed("")]:  # ("": the escape delay is over)
            app.post_message(event)
        await wait_for(pilot, lambda: "Step 2/3" in screen_text(app).splitlines()[0], what="the step before")
        await wait_for(pilot, lambda: not app._held_keys, what="the held keys")
        await pilot.pause(0.2)
        assert "Step 2/3" in screen_text(app).splitlines()[0]
        assert box.value == "9" and app.screen.focused is not box
    assert app._exception is None


async def test_escape_and_a_letter_in_one_read_from_a_choice_list(tmp_path):
    """The same off a text box: with a question's options focused, `Esc p` in one read did nothing at all
    (Textual's alt+p is bound to nothing); now Esc leaves the options and p goes to the step before."""
    from mfml_tui.ui.widgets.choices import ChoiceList
    from tests.test_ui_support import make_app, press, screen_text, wait_for, wait_text

    app = make_app(tmp_path, start_lesson="t1-practice")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_text(pilot, "Step 1/3")
        await press(pilot, "n")
        await wait_text(pilot, "Step 2/3")
        await press(pilot, "a")
        await wait_for(pilot, lambda: isinstance(app.screen.focused, ChoiceList), what="the options")
        options = app.screen.focused
        parser = PasteAsText()
        for event in [*parser.feed("\x1bp"), *parser.feed("")]:
            app.post_message(event)
        await wait_for(pilot, lambda: "Step 1/3" in screen_text(app).splitlines()[0], what="the step before")
        assert not options.chosen
    assert app._exception is None

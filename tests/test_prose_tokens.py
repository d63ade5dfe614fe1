"""A lesson text's tokens recorded at an earlier launch (ui/widgets/prose_tokens.py): read instead of parsed
(no markdown_it), keyed by all the tokens depend on, never a reason to fail, and shown exactly as the
tokens markdown_it makes now (the oracle: the same `Prose` built from markdown_it's own tokens)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from textual.app import App, ComposeResult

from mfml_tui.ui.widgets import prose_tokens
from mfml_tui.ui.widgets.prose import Prose, parse
from tests.test_ui_support import one_lesson_course

EVERYTHING = """# A heading

Some *emphasis*, **strong**, ~~struck~~, `inline code`, a [link](https://example.org/a) and a bare
www.example.com domain; a hard\\
break and a softbreak
here.

## A smaller heading

* a point with `2*x*y`
* another, [linked](https://example.org/b)

3. three
4. four

> quoted words

| x | f(x) | f′(x) |
|---|------|-------|
| 1 | 1 | 2 |
| **2** | 4 | 4 |

```python
def f(x):
    return x ** 2
```

---

![an image](pic.png) and the end.
"""


@pytest.fixture
def records(tmp_path: Path, monkeypatch) -> Path:
    """A cache folder of the test's own, and a new run (nothing known from earlier in this process)."""
    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path))
    monkeypatch.setattr(prose_tokens, "_known", {})
    return tmp_path / "prose"


def counted() -> tuple[list[str], object]:
    seen: list[str] = []

    def parse_counted(text: str):
        seen.append(text)
        return parse(text)

    return seen, parse_counted


def test_a_text_parsed_at_an_earlier_launch_is_read_not_parsed(records: Path, monkeypatch) -> None:
    seen, parse_counted = counted()
    first = prose_tokens.tokens(EVERYTHING, parse_counted)
    assert seen == [EVERYTHING] and len(list(records.glob("*.marshal"))) == 1
    prose_tokens.tokens(EVERYTHING, parse_counted)  # the same run: known
    monkeypatch.setattr(prose_tokens, "_known", {})  # a later launch: read from the record
    again = prose_tokens.tokens(EVERYTHING, parse_counted)
    assert seen == [EVERYTHING]
    fields = [[getattr(t, f) for f in prose_tokens.FIELDS if f != "children"] for t in again]
    assert fields == [[getattr(t, f) for f in prose_tokens.FIELDS if f != "children"] for t in first]
    # …and they are markdown_it's tokens, field for field, children too
    def flat(tokens):
        return [(tuple(getattr(t, f) if f != "map" or t.map is None else tuple(t.map)
                       for f in prose_tokens.FIELDS if f != "children"), flat(t.children or []))
                for t in tokens]
    assert flat(again) == flat(parse(EVERYTHING))


def test_a_record_is_keyed_by_the_text_the_code_and_the_parser(records: Path, monkeypatch) -> None:
    name = prose_tokens.record_name(EVERYTHING)
    assert name == prose_tokens.record_name(EVERYTHING)
    assert prose_tokens.record_name(EVERYTHING + " ") != name
    monkeypatch.setattr(prose_tokens.course_cache, "code_digest", lambda: b"another version")
    assert prose_tokens.record_name(EVERYTHING) != name
    monkeypatch.undo()
    monkeypatch.setenv("MFML_TUI_CACHE", str(records.parent))
    monkeypatch.setattr(prose_tokens, "_libraries", lambda: b"markdown_it/__init__.py:1:2")
    assert prose_tokens.record_name(EVERYTHING) != name


def test_a_damaged_record_is_parsed_again_and_records_are_bounded(records: Path, monkeypatch) -> None:
    seen, parse_counted = counted()
    prose_tokens.tokens("one *word*", parse_counted)
    for junk in (b"", b"\x00not marshal", b"\xe9\x03\x00\x00\x00" * 3):
        (records / prose_tokens.record_name("one *word*")).write_bytes(junk)
        monkeypatch.setattr(prose_tokens, "_known", {})
        assert [t.type for t in prose_tokens.tokens("one *word*", parse_counted)] == \
            ["paragraph_open", "inline", "paragraph_close"]
    import marshal

    (records / prose_tokens.record_name("one *word*")).write_bytes(marshal.dumps((("a", 1),)))
    monkeypatch.setattr(prose_tokens, "_known", {})
    assert len(prose_tokens.tokens("one *word*", parse_counted)) == 3
    assert len(seen) == 5
    monkeypatch.setattr(prose_tokens, "MAX_FILES", 3)
    for index in range(5):
        prose_tokens.tokens(f"text {index}", parse_counted)
    assert len(list(records.glob("*.marshal"))) == 3


def test_a_quiz_prompt_is_neither_written_down_nor_kept(records: Path) -> None:
    """Its numbers are drawn anew at every visit: a record would never be read, only pile up."""
    seen, parse_counted = counted()
    for numbers in range(3):
        prose_tokens.tokens(f"What is the gradient of y = {numbers}x?", parse_counted, record=False)
    assert len(seen) == 3 and not records.exists() and not prose_tokens._known


async def test_a_lesson_records_its_texts_but_not_its_quiz_prompts(records: Path, tmp_path: Path) -> None:
    from tests.test_ui_startup import TEXT_FIRST_LESSON
    from tests.test_ui_support import make_app, wait_for

    course = one_lesson_course(tmp_path, TEXT_FIRST_LESSON, "01-text-first.md")
    app = make_app(tmp_path / "data", lessons=course, start_lesson="s1-text-first")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_step", None) == 0, what="step 1")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.query(".quiz-prompt"), what="the question")
        texts = [prose._text for prose in app.screen.query(".step-text")]
        prompts = [prose._text for prose in app.screen.query(".quiz-prompt")]
    assert texts and prompts
    assert all((records / prose_tokens.record_name(text)).exists() for text in texts)
    assert not any((records / prose_tokens.record_name(text)).exists() for text in prompts)


def test_nothing_is_written_with_the_cache_off(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MFML_TUI_CACHE", "off")
    monkeypatch.setattr(prose_tokens, "_known", {})
    seen, parse_counted = counted()
    prose_tokens.tokens(EVERYTHING, parse_counted)
    monkeypatch.setattr(prose_tokens, "_known", {})
    prose_tokens.tokens(EVERYTHING, parse_counted)
    assert len(seen) == 2 and not list(tmp_path.iterdir())


class Page(App):
    def __init__(self, text: str, width: int) -> None:
        super().__init__()
        self.text, self.width = text, width

    def compose(self) -> ComposeResult:
        prose = Prose(self.text, SimpleNamespace(markdown=lambda text: text, ascii_only=False))  # type: ignore[arg-type]
        prose.styles.width = self.width
        yield prose


async def shown(text: str, width: int, theme: str) -> list[list]:
    from textual._slug import slug_for_tcss_id

    app = Page(text, width)
    async with app.run_test(size=(90, 60)) as pilot:
        app.theme = theme
        for _ in range(3):
            await pilot.pause()
        headings = list(app.query("MarkdownHeader"))  # ids as Textual gives them (textual._slug stood in)
        assert [h.id for h in headings] == [f"heading-{slug_for_tcss_id(h._content.plain)}-{id(h)}"
                                            for h in headings] and len(headings) == 2
        return [[(char, seg.style) for seg in strip for char in seg.text]
                for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize(("width", "theme"), [(70, "textual-dark"), (30, "textual-light")])
async def test_a_recorded_text_is_shown_exactly_as_markdown_its_tokens(records: Path, monkeypatch, width,
                                                                       theme) -> None:
    seen, parse_counted = counted()
    prose_tokens.tokens(EVERYTHING, parse_counted)  # an earlier launch
    monkeypatch.setattr(prose_tokens, "_known", {})
    ours = await shown(EVERYTHING, width, theme)
    assert len(seen) == 1, "parsed again"
    # markdown_it's own tokens:
    monkeypatch.setattr(prose_tokens, "tokens", lambda text, parse_text, record=True: parse_text(text))
    theirs = await shown(EVERYTHING, width, theme)
    assert ours == theirs
    clicks = {(style.meta if style else {}).get("@click") for row in ours for _, style in row}
    assert {"link('https://example.org/a')", "link('http://www.example.com')"} <= clicks  # links shown

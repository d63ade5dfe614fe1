"""Lesson Markdown as this terminal can show it: the `Tutor` transliterates the text in ASCII mode, and lists
then use ASCII bullets instead of Textual's `•`, `▪`, `‣`.

Built in one pass, and only as much as the first screen shows: Textual's `Markdown` mounts empty, parses its
text in a thread once mounted, then mounts all its blocks (a second mount, styling and layout of the step).
`Prose` parses when it is made (one shared parser: making one costs more than parsing a step) and composes
the very same block widgets, so they are mounted with the step; `keep_rows` lets the lesson screen compose
only the blocks of the first screenful, and `finish` mounts the others, in order, once that is painted.

A text parsed at an earlier launch is not parsed again: its tokens are read from its record
(`prose_tokens`), and markdown_it is imported only for a text never seen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.await_complete import AwaitComplete

from mfml_tui.ui.widgets import prose_tokens
from mfml_tui.ui.widgets.markdown_widget import Markdown  # Textual's, without pygments until a code fence
from mfml_tui.ui.widgets.prose_list import ProseBulletList, ProseOrderedList
from mfml_tui.ui.widgets.prose_table import ProseTable

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from textual.app import ComposeResult

    from mfml_tui.ui.services import Tutor

ASCII_BULLETS = ["* ", "- ", "+ ", "o ", "- "]

_parser: MarkdownIt | None = None


def parser() -> MarkdownIt:
    """The parser `Markdown` would make for every text (the same "gfm-like" preset), made once."""
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt  # here: a text read from its record needs no parser

        _parser = MarkdownIt("gfm-like")
    return _parser


def parse(text: str) -> list[Token]:
    return parser().parse(text)


def top_level_blocks(tokens: list[Token]) -> list[list[Token]]:
    """The tokens split into the document's top-level blocks (a paragraph, a whole list, a table, a fence)."""
    blocks: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            blocks.append([])
        blocks[-1].append(token)
        depth += token.nesting
    return blocks


def rows_at_least(block: list[Token], width: int) -> int:
    """A low estimate of the rows a top-level block takes at `width` columns: counted low, the first screen
    is built whole (a block too many is built, never one too few)."""
    first = block[0]
    if first.type in ("fence", "code_block"):
        return first.content.count("\n") + 2
    if first.type == "table_open":
        return sum(token.type == "tr_open" for token in block) + 1
    width = max(width, 10)
    return 1 + sum(max(1, -(-_shown_length(token) // width)) for token in block if token.type == "inline")


def _shown_length(inline: Token) -> int:
    """Characters an inline token shows (its text, code and breaks; not the `**`, backticks, link targets)."""
    return sum(len(child.content) if child.type in ("text", "code_inline") else 1
               for child in inline.children or () if child.type in ("text", "code_inline", "softbreak"))


class Prose(Markdown):
    BLOCKS = {**Markdown.BLOCKS, "bullet_list_open": ProseBulletList, "ordered_list_open": ProseOrderedList,
              "table_open": ProseTable}

    def __init__(self, markdown: str, tutor: Tutor, *, classes: str | None = None,
                 record: bool = True) -> None:
        """`record=False` for a text that is seldom shown twice (a question's prompt, with its drawn
        numbers): parsed every time, never written down or kept (`prose_tokens`)."""
        text = tutor.markdown(markdown)
        super().__init__(text, classes=classes, parser_factory=parser)
        if tutor.ascii_only:
            self.BULLETS = ASCII_BULLETS
        self._blocks_tokens = top_level_blocks(prose_tokens.tokens(text, parse, record=record))
        self._kept = len(self._blocks_tokens)  # how many top-level blocks `compose` makes
        self._text = text
        self._composed: str | None = text  # the text the composed blocks show, until `update`

    def keep_rows(self, rows: int, width: int) -> int:
        """Compose only the blocks that fill `rows` rows at `width` columns (the rest waits for `finish`);
        returns the rows left after them (≤ 0 when some blocks wait)."""
        for index, block in enumerate(self._blocks_tokens):
            if rows <= 0:
                self._kept = index
                break
            rows -= rows_at_least(block, width)
        return rows

    @property
    def finished(self) -> bool:
        return self._kept >= len(self._blocks_tokens)

    def compose(self) -> ComposeResult:
        self._markdown = self._text
        tokens = [token for block in self._blocks_tokens[: self._kept] for token in block]
        yield from self._parse_markdown(tokens)

    async def finish(self) -> None:
        """Mount the blocks `keep_rows` held back, after those already shown."""
        if self.finished:
            return
        tokens = [token for block in self._blocks_tokens[self._kept:] for token in block]
        self._kept = len(self._blocks_tokens)
        await self.mount_all(list(self._parse_markdown(tokens)))

    def update(self, markdown: str) -> AwaitComplete:
        """`Markdown._on_mount` shows the initial text with `update`: it is already composed."""
        if markdown == self._composed:
            self._composed = None  # a later update of the same text rebuilds, as `Markdown` would
            return AwaitComplete.nothing()
        self._composed = None
        return super().update(markdown)

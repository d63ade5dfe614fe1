"""A lesson text's Markdown tokens as parsed at an earlier launch: a step is shown without markdown_it.

Parsing needs markdown_it and its "gfm-like" preset's linkify (the package, its rules, linkify-it's regular
expressions: ≈90 ms of CPU to import and make the parser, before the first text is parsed), and every
lesson's first step has text. Yet the tokens are a pure function of the text and the parser's code. So each
text `Prose` parses is written down as plain tuples (`marshal`: no class is needed to read them back), and a
text seen at an earlier launch is read from that record instead: `Tok` carries exactly the fields Textual's
`Markdown` and `Prose` read from a token. A text parsed now is turned into `Tok`s too, so a record and a
parse build the very same widgets.

A record's name is a digest of the text, the package's source files (`course.cache.code_digest`) and
markdown_it's, linkify-it's and mdurl's files: an edited text or a new version is a miss, and a miss is
simply parsed. The files live beside the course cache (`MFML_TUI_CACHE`; `off` disables them), are written
atomically, and are small (the oldest go past `MAX_FILES`).
"""

from __future__ import annotations

import contextlib
import marshal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mfml_tui.course import cache as course_cache

if TYPE_CHECKING:
    from markdown_it.token import Token

FORMAT = b"mfml-tui prose tokens 1"
MAX_FILES = 3000  #: texts kept (a course has ≈700; a file is a few KB)
LIBRARIES = ("markdown_it", "linkify_it", "mdurl")
#: the token fields read by Textual's `Markdown` (blocks, inline content, fences, lists) and by `Prose`
FIELDS = ("type", "tag", "nesting", "level", "map", "info", "content", "markup", "attrs", "children")

_known: dict[str, tuple] = {}  # text -> its plain tokens, this run
parses = 0  #: texts parsed by markdown_it this run (a record read is not a parse): for tests


class Tok:
    """A Markdown token with only what is read of one (see FIELDS); `children` are `Tok`s too."""

    __slots__ = FIELDS

    def __init__(self, type: str, tag: str, nesting: int, level: int, map: tuple[int, int] | None,  # noqa: A002
                 info: str, content: str, markup: str, attrs: dict[str, Any], children: list[Tok] | None
                 ) -> None:
        self.type = type
        self.tag = tag
        self.nesting = nesting
        self.level = level
        self.map = map
        self.info = info
        self.content = content
        self.markup = markup
        self.attrs = attrs
        self.children = children

    def attrGet(self, name: str) -> Any:  # noqa: N802 — markdown_it's name
        return self.attrs.get(name)

    def __repr__(self) -> str:
        return f"Tok({self.type!r}, {self.content!r})"


def plain(tokens: list[Token]) -> tuple:
    """markdown_it's tokens as nested tuples of str, int, dict and None (what marshal writes)."""
    return tuple((t.type, t.tag, t.nesting, t.level, None if t.map is None else tuple(t.map), t.info,
                  t.content, t.markup, dict(t.attrs), None if t.children is None else plain(t.children))
                 for t in tokens)


def from_plain(data: tuple) -> list[Tok]:
    return [Tok(type_, tag, nesting, level, map_, info, content, markup, dict(attrs),
                None if children is None else from_plain(children))
            for type_, tag, nesting, level, map_, info, content, markup, attrs, children in data]


def tokens(text: str, parse: Any, *, record: bool = True) -> list[Tok]:
    """The tokens of `text`: from this run, from the record of an earlier launch, or `parse(text)` (then
    recorded). `parse` is only called on a miss: it is what imports markdown_it. `record=False` (a quiz
    prompt, whose numbers are drawn anew): parsed, neither written down nor kept."""
    global parses
    data = _known.get(text)
    if data is not None:
        return from_plain(data)
    if not record:
        parses += 1
        return from_plain(plain(parse(text)))
    name = record_name(text)
    data = read(name) if name is not None else None
    if data is not None:
        with contextlib.suppress(Exception):  # a damaged record (wrong shape) is a miss, never a crash
            found = from_plain(data)
            _known[text] = data
            return found
    parses += 1
    data = plain(parse(text))
    if name is not None:
        write(name, data)
    _known[text] = data
    return from_plain(data)


# ------------------------------------------------------------------------------------------- the record
def _libraries() -> bytes:
    """The parser's top-level files (an upgrade changes at least its `__init__.py`: a miss), found without
    importing them."""
    return course_cache.library_stamps(LIBRARIES)


def record_name(text: str) -> str | None:
    if folder() is None:
        return None
    name = course_cache.record_digest(FORMAT, _libraries(), text.encode("utf-8", "surrogatepass"))
    return name + ".marshal"


def folder() -> Path | None:
    """Where the records are (None: the cache is off)."""
    return course_cache.records_folder("prose")


def read(name: str) -> tuple | None:
    """The plain tokens recorded under `name` (None when none, unreadable or not tokens)."""
    where = folder()
    if where is None:
        return None
    try:
        data = marshal.loads((where / name).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data if isinstance(data, tuple) else None


def write(name: str, data: tuple) -> None:
    """Record one text's tokens (atomically; a failure just means it is parsed again next time)."""
    where = folder()
    if where is not None and course_cache.write_atomically(where / name, lambda: marshal.dumps(data)):
        course_cache.prune(where, ".marshal", MAX_FILES)

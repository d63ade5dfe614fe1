"""Textual's stylesheet, parsing each CSS source once for as long as the theme's variables stay the same.

When a screen brings CSS of its own (opening a lesson: lesson.tcss), Textual re-parses *every* source the
app has seen so far, in a fresh stylesheet with an empty parse cache (so that an error in the new CSS leaves
the old stylesheet as it was), and keeps none of that work: the next widget class with CSS of its own makes
the stylesheet parse again, and the sources only that fresh stylesheet parsed (lesson.tcss among them) are
parsed once more. Opening a lesson parsed 27 sources where 10 were new (~50 ms CPU of a 0.3 s budget).

Here the fresh stylesheet shares this one's parse cache. What Textual caches are the rules parsed from a
source's text, location, priority and scope with the current variables; a change of variables (a theme)
empties the cache (`set_variables`), so a rule from the cache is always the rule a fresh parse would make.
An error in new CSS still leaves this stylesheet as it was. The cache holds more sources than Textual's 64:
a lesson's widgets bring ~30, and a source pushed out is parsed again.

`mfml-tui` also keeps the parsed rules between launches (`ParsedRulesFile`): parsing the CSS the course map
needs (its own, Textual's Button, OptionList, Footer…: 14 sources) was ≈30 ms of CPU before the lessons
were listed, reading them back ≈4 ms. A source's rules are looked up by everything the parse reads: the
CSS text itself, where it was read from, its weight and scope, and the theme's variables (a new theme is
a miss); the file is per Textual (its files) and Python version. Any failure to read or write it means
parsing.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet

from mfml_tui.course import cache as course_cache
from mfml_tui.course.cache import blake2b  # not hashlib's: its OpenSSL bindings cost ≈3 ms at start-up

PARSE_CACHE_SOURCES = 512
FILE_SOURCES = 400  # sources kept on disk (the whole app brings ~60 per theme); the oldest are dropped
FORMAT = b"mfml-tui parsed css 1"


class ParsedRulesFile:
    """Parsed CSS rules kept on disk between launches, in the user's cache folder (course/cache.py's).

    Read at the first look-up; what was parsed meanwhile is added by `save` (after the first paint, and
    when the app ends). The rules are exactly what Textual's parser made for the same input: the key is
    a digest of every input of the parse, and the file's name says which Textual and Python made it."""

    def __init__(self, folder: Path) -> None:
        tag = blake2b(FORMAT + sys.version.encode() + _parser_files(), digest_size=8).hexdigest()
        self.path = folder / f"css-{tag}.pickle"
        self._entries: dict[bytes, list | bytes] | None = None
        self._new: dict[bytes, list] = {}

    @staticmethod
    def key(source: tuple, variables: dict[str, str]) -> bytes:
        h = blake2b(repr(source).encode(), digest_size=20)
        h.update(repr(sorted(variables.items())).encode())
        return h.digest()

    def _read(self) -> dict[bytes, list | bytes]:
        """The file's sources: each one's rules pickled apart (`bytes`), unpickled when looked up (`get`).
        The file holds every screen's sources, up to `FILE_SOURCES` (a lesson's, the explorers', other
        themes'); the course map looks up ~15 of them, and unpickling them all grew with the file."""
        if self._entries is None:
            self._entries = {}
            try:
                entries = pickle.loads(self.path.read_bytes())  # our own file in the user's cache folder
                if isinstance(entries, dict):
                    self._entries = entries
            except Exception:  # noqa: BLE001 — missing, truncated, another version: parse afresh
                pass
        return self._entries

    def get(self, key: bytes) -> list | None:
        rules = self._new.get(key)
        if rules is None:
            entries = self._read()
            rules = entries.get(key)
            if type(rules) is bytes:
                try:
                    rules = entries[key] = pickle.loads(rules)
                except Exception:  # noqa: BLE001 — a damaged entry: parse afresh
                    del entries[key]
                    return None
        return rules if isinstance(rules, list) else None

    def add(self, key: bytes, rules: list) -> None:
        if not any(rule.errors for rule in rules):  # (CSS with errors is reported, never kept)
            self._new[key] = rules

    def save(self) -> None:
        """Write what was parsed since the last save, with what the file had (at most `FILE_SOURCES`)."""
        if not self._new:
            return
        new, self._new = self._new, {}
        entries = {k: v for k, v in self._read().items() if k not in new} | new
        for stale in list(entries)[:max(0, len(entries) - FILE_SOURCES)]:
            del entries[stale]
        self._entries = entries
        course_cache.write_atomically(self.path, lambda: pickle.dumps(
            {k: v if type(v) is bytes else pickle.dumps(v, pickle.HIGHEST_PROTOCOL)  # (each apart: _read)
             for k, v in entries.items()}, pickle.HIGHEST_PROTOCOL))


def _parser_files() -> bytes:
    """Textual's CSS code by name, size and modification time (a new Textual is a new file). Not
    `textual.__version__`: Textual reads it from the installed package's metadata, ≈25 ms."""
    return course_cache.library_stamps(("textual", "textual.css"))


class ParsedOnceStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None,
                 kept: ParsedRulesFile | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache = LRUCache(PARSE_CACHE_SOURCES)
        self.kept = kept  # rules parsed at earlier launches (`mfml-tui`; None: parse everything)

    def _parse_rules(self, css: str, read_from, is_default_rules: bool = False,  # type: ignore[no-untyped-def]
                     tie_breaker: int = 0, scope: str = "") -> list:
        """Textual's, first asking the rules kept on disk (`ParsedRulesFile`), and keeping what it parses."""
        source = (css, read_from, is_default_rules, tie_breaker, scope)
        if self.kept is None or source in self._parse_cache:
            return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        key = self.kept.key(source, self._variables)
        rules = self.kept.get(key)
        if rules is not None:
            self._parse_cache[source] = rules
            return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        self.kept.add(key, rules)
        return rules

    def reparse(self) -> None:
        """Textual's `Stylesheet.reparse`, with the fresh stylesheet parsing into this one's cache."""
        fresh = ParsedOnceStylesheet(variables=self._variables, kept=self.kept)
        fresh._parse_cache = self._parse_cache
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker,
                             scope=scope)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False

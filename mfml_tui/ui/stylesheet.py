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
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet

PARSE_CACHE_SOURCES = 512


class ParsedOnceStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache = LRUCache(PARSE_CACHE_SOURCES)

    def reparse(self) -> None:
        """Textual's `Stylesheet.reparse`, with the fresh stylesheet parsing into this one's cache."""
        fresh = Stylesheet(variables=self._variables)
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

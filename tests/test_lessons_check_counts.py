"""`lessons check` round 7 (issue 20): work each distinct draw needs is done once, counted, not timed.

Each test counts calls that the old code made more often (it fails there) and checks that the results
are the same as the uncut path gives."""

from __future__ import annotations

import itertools

from mfml_tui.engine import parser
from mfml_tui.engine.parser import parse, typed_symbols

_fresh = itertools.count(7001)


def _spy_tokenize(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = parser.tokenize

    def spy(text):
        seen.append(text)
        return original(text)

    monkeypatch.setattr(parser, "tokenize", spy)
    return seen


def test_a_new_typed_text_is_tokenized_once_for_its_tree_and_its_symbols(monkeypatch):
    """The grader parses a typed answer, then reads its symbols as typed (`typed_symbols`): both read
    the same tokens. Every mistake the check types in is a new text per draw; it was tokenized twice."""
    seen = _spy_tokenize(monkeypatch)
    text = f"{next(_fresh)}*x^3 - d*y/(2*z)"
    tree = parse(text)
    names = typed_symbols(text)
    assert seen.count(text) == 1
    assert names == {"x", "d", "y", "z"}
    parser._tokens.cache_clear()
    assert parser.Parser(text).parse() == tree  # the remembered tokens give the tree fresh ones give


def test_remembered_tokens_keep_their_columns_and_errors(monkeypatch):
    """Errors still come from tokenizing (never remembered), and a superscript read on its own keeps
    the columns of the whole input."""
    import pytest

    from mfml_tui.engine import ParseError

    for _ in range(2):
        with pytest.raises(ParseError) as err:
            parse("3*x + $")
        assert err.value.column == 7
    assert parse("x²") == parse("x^2")

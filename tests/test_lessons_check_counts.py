"""`lessons check` round 7 (issue 20): work each distinct draw needs is done once, counted, not timed.

Each test counts calls that the old code made more often (it fails there) and checks that the results
are the same as the uncut path gives."""

from __future__ import annotations

import itertools

from mfml_tui.engine import parser
from mfml_tui.engine.parser import parse, typed_symbols
from tests.test_lessons_check_reuse import _count

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


# ------------------------------------------------------------------------ the parameters drawn once a seed
def test_the_check_draws_each_seeds_parameters_once(tmp_path, monkeypatch):
    """The check keys each seed on its draw (`_draw_key`), then builds the seed's question: from that
    same draw, not by drawing it again (a new generator and every parameter per checked seed)."""
    from mfml_tui.course import load
    from mfml_tui.course.check import check_quiz
    from mfml_tui.quiz import params as qparams

    from .test_course_loader import make_course
    from .test_lessons_check import quiz

    root = make_course(tmp_path, {"01-a.md": quiz('''
id = "q1"
kind = "number"
ask = "f(x) = {a}x³ + {b}x; f′({c})?"
params = { a = "int 2..9", b = "real 0.5..2 step 0.5", c = "int 1..3" }
answer = "at(diff(a*x^3 + b*x, x), x=c)"
mistakes = [{ answer = "a*c^2 + b", says = "the power rule brings the 3 down" }]
''') + "\n```quiz\n" + '''id = "q2"
kind = "choice"
ask = "Is {a}x² convex?"
params = { a = "int -3..3 except 0" }
choices = ["yes", "no"]
correct = "(1 - sign(a))/2"
'''.strip() + "\n```\n"})
    specs = load(root, cache=False).lessons[0].quizzes
    assert len(specs) == 2
    drawn = _count(monkeypatch, qparams, "draw")  # one call draws every parameter of a seed
    seeds = 12
    for spec in specs:
        drawn[0] = 0
        assert check_quiz(spec, seeds) == []
        assert drawn[0] == seeds  # old code: once for the key, again for each checked seed


def test_a_question_built_from_the_draw_handed_in_is_the_one_built_afresh():
    """For every bundled quiz and three seeds, `build` with `drawn_numbers` handed in shows what `build`
    drawing its own numbers shows: texts, options (order, letters, rightness), answer, mistakes."""
    from mfml_tui import paths
    from mfml_tui.course import load
    from mfml_tui.quiz import draw as qdraw
    from mfml_tui.quiz.question import build, drawn_numbers

    def seen(q) -> tuple:
        return (q.prompt, q.hints, q.solution, repr(q.params), q.labels, q.answer_text, q.expected_text,
                tuple((c.label, c.text, c.correct, c.says, c.expr) for c in q.choices),
                tuple((v.text, says) for v, says in q.mistakes),
                None if q.sample is None else q.sample.expected.tobytes())

    compared = 0
    for spec in (q for lesson in load(paths.bundled_lessons()).lessons for q in lesson.quizzes):
        for seed in (0, 1, 5):
            fixed = qdraw.shared_numbers(spec, seed)
            assert seen(build(spec, seed, 0, fixed, drawn_numbers(spec, seed, 0, fixed))) == \
                seen(build(spec, seed, 0, fixed)), (spec.id, seed)
            compared += 1
    assert compared == 3 * 316


def test_compute_puts_in_only_the_parameters_its_text_uses(monkeypatch):
    """A quiz draws all its parameters for every text; a `{= …}` placeholder uses one or two. Each
    number put in is made a tree node first (`build.num`): only those the text uses are made."""
    from mfml_tui.engine import author, calculus
    from mfml_tui.engine import build as b

    made: list[object] = []
    original = b.num

    def spy(value):
        made.append(value)
        return original(value)

    monkeypatch.setattr(calculus.b, "num", spy)
    params = {name: 1000 + i for i, name in enumerate("abcdefgh")}
    params["k"] = 7
    n = next(_fresh)
    value = author.compute(f"k*x^2 + {n}", params)  # a text not computed before
    assert value.text == author.compute(f"7*x^2 + {n}", {}).text == f"7·x² + {n}"
    assert not set(made) & set(range(1000, 1008))  # old code: every parameter, a to h included

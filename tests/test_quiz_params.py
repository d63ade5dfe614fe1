"""Parameters: specs, reproducible draws, derived values, `where`, and placeholder printing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mfml_tui.quiz.params import ParamError, draw, parse_param
from mfml_tui.quiz.render import fill, format_number, format_param, placeholders


def specs(**table):
    return [parse_param(k, v) for k, v in table.items()]


def test_parse_each_kind():
    assert parse_param("a", "int 2..9").kind == "int"
    r = parse_param("h", "real -2..2 step 0.5")
    assert (r.lo, r.hi, r.step) == (-2, 2, 0.5)
    c = parse_param("x0", "choice -2 -1 1 2")
    assert c.items == ("-2", "-1", "1", "2")
    assert parse_param("t", "choice pi / 4, pi / 2").items == ("pi / 4", "pi / 2")
    assert parse_param("k", "= a*n").expr == "a*n"
    assert parse_param("b", "int -3..3 except 0").exclude == (0,)


@pytest.mark.parametrize("spec, message", [
    ("int 9..2", "empty"),
    ("int 1.5..3", "whole numbers"),
    ("int 0..0 except 0", "excluded"),
    ("real 0..1 step -1", "positive"),
    ("integer 1..3", "not a parameter spec"),
    ("choice", "at least one"),
    ("=", "nothing after"),
])
def test_bad_specs(spec, message):
    with pytest.raises(ParamError, match=message):
        parse_param("a", spec)


def test_reserved_names():
    with pytest.raises(ParamError, match="cannot be a parameter"):
        parse_param("e", "int 1..2")


@given(st.integers(0, 2**32))
@settings(max_examples=60, deadline=None)
def test_same_seed_same_draw(seed):
    s = specs(a="int 2..9", h="real -2..2 step 0.5", x0="choice -2 -1 1 2", k="= a*2", u="real 0..1")
    one = draw(s, np.random.default_rng(seed))
    two = draw(s, np.random.default_rng(seed))
    assert one == two
    v = one.values
    assert 2 <= v["a"] <= 9 and isinstance(v["a"], int)
    assert v["h"] in np.arange(-2, 2.01, 0.5)
    assert v["x0"] in (-2, -1, 1, 2)
    assert v["k"] == 2 * v["a"]
    assert round(v["u"], 2) == v["u"]


def test_except_and_where():
    s = specs(a="int -3..3 except 0", b="int -3..3")
    for seed in range(100):
        v = draw(s, np.random.default_rng(seed), where="a != b").values
        assert v["a"] != 0 and v["a"] != v["b"]


def test_where_never_true():
    with pytest.raises(ParamError, match="never true"):
        draw(specs(a="int 1..2"), np.random.default_rng(0), where="a > 5", max_tries=20)


def test_choice_items_may_be_expressions_and_keep_their_spelling():
    d = draw(specs(t="choice pi/4"), np.random.default_rng(0))
    assert d.values["t"] == pytest.approx(np.pi / 4)
    assert fill("at {t}", d.values, d.labels) == "at π/4"


def test_format_number():
    assert format_number(3.0) == "3"
    assert format_number(-3) == "−3"
    assert format_number(0.1 + 0.2) == "0.3"
    assert format_number(2 ** 0.5) == "1.41421"
    assert format_number(-0.0) == "0"
    assert format_number(1.5e-7) == "1.5×10⁻⁷"
    assert format_number(2.5, ".2f") == "2.50"
    assert format_number(float("nan")) == "undefined"


def test_param_styles():
    assert format_param(-3, "paren") == "(−3)"
    assert format_param(3, "paren") == "3"
    assert format_param(-3, "signed") == "− 3"
    assert format_param(3, "signed") == "+ 3"


def test_fill_placeholders():
    values = {"a": -3, "b": 2}
    assert fill("{a}x {+b} = {(a)}·{b:.1f} {{not}}", values) == "−3x + 2 = (−3)·2.0 {not}"
    with pytest.raises(ValueError, match="not a parameter"):
        fill("{c}", values)


def test_placeholder_scan_reports_problems():
    found, problems = placeholders("{a} {= diff(x^2, x) :.2f} {?} }")
    assert [p.name or p.expr for p in found] == ["a", "diff(x^2, x)"]
    assert found[1].fmt == ".2f"
    assert len(problems) == 2

"""Validation messages, caps on work, small canvases, both drawing targets, and no Textual import."""

import subprocess
import sys
import time
from pathlib import Path

import plotext
import pytest

from mfml_tui import plots
from mfml_tui.course.model import Location, PlotSpec


def spec(kind: str, **options) -> PlotSpec:
    return PlotSpec(kind, options, Location(Path("lesson.md"), 1))


@pytest.mark.parametrize(
    ("s", "needle"),
    [
        (spec("nope"), "unknown plot kind 'nope'"),
        (spec("function"), "missing option `f`"),
        (spec("function", f="sin(x"), "f: `sin(x`: expected ')' at column 6"),
        (spec("function", f="x", x=[3, -3]), "x: range is reversed"),
        (spec("function", f="x + z"), "f: `x + z`: unknown name 'z'"),
        (spec("function", f="x", colour="red"), "unknown option `colour`"),
        (spec("function", f="x", titel="a"), "did you mean `title`"),
        (spec("function", f=["x", "sin(x"]), "f: [2] `sin(x`: expected ')'"),
        (spec("function", f="[x, x^2]"), "not a vector or matrix"),
        (spec("function", f="x", x=[0, 1e300]), "too large"),
        (spec("secant", f="x^2", x0=1, hs=[1, 0]), "h = 0 is zero"),
        (spec("taylor", f="x", orders=[50]), "between 0 and 20"),
        (spec("contour", f="x^2 + z"), "unknown name 'z'"),
        (spec("descent", f="x^2 + y^2", start=[1]), "expected a point [x, y]"),
        (spec("descent", f="x^2 + y^2", start=[1, 1], method="adam"), "expected one of"),
        (spec("fit", data="anscombe-7"), "unknown data set"),
        (spec("fit", data=[[1, 2], [3]]), "each row is [x, y]"),
        (spec("fit", data="heights", model="gaussian"), "needs its parameter values"),
        (spec("landscape", data="heights", model="gaussian", params={"mu": [150, 200]}), "exactly two"),
        (spec("network", hidden=[100]), "1…16"),
    ],
)
def test_validation_messages(s, needle):
    problems = plots.validate(s)
    assert any(needle in p for p in problems), problems
    with pytest.raises(plots.PlotError):
        plots.draw(s, plotext, width=80, height=24)


def test_constants_are_accepted_in_ranges():
    assert plots.validate(spec("contour", f="x^2 + y^2", x=["-pi", "pi"], y=[0, "e"])) == []


def test_validate_accepts_plain_dicts():
    assert plots.validate({"kind": "function", "f": "x^2"}) == []


def test_hostile_sizes_are_capped_and_reported():
    hostile = spec("contour", f="sin(x y)", levels=10**6)
    assert any("limit" in p for p in plots.validate(hostile))
    t = time.perf_counter()
    info = plots.draw(hostile, plotext, width=10**5, height=10**5)  # canvas is capped too
    assert time.perf_counter() - t < 5
    assert any("limit" in n for n in info.notes)
    steps = plots.draw(spec("newton", f="x^2 + 1", start=0.5, steps=10**9), plotext, width=80, height=24)
    assert len(steps.values["iterates"]) <= 501
    net = spec("network", iterations=10**9)
    assert any("limit" in p for p in plots.validate(net))


def test_math_failures_become_plot_errors():
    # the engine refuses derivatives that explode; the drawing reports it instead of crashing
    info = plots.draw(spec("taylor", f="tan(sin(x))/(1 + x^2)", orders=[20]), plotext, width=80, height=24)
    assert "too large" in info.text()


def test_small_canvas():
    assert plots.MIN_SIZE == (24, 8)
    assert "larger" in plots.render_text(spec("function", f="x"), 20, 6)
    with pytest.raises(plots.PlotError):
        plots.draw(spec("function", f="x"), plotext, width=23, height=8)
    assert len(plots.render_text(spec("function", f="x"), 24, 8).splitlines()) == 8


def test_draws_on_a_textual_plotext_plot_object():
    from textual_plotext.plot import Plot

    p = Plot()
    plots.draw(spec("derivative", f="sin(x)"), p, width=60, height=20, marker="hd", theme="dark")
    p.plotsize(60, 20)
    text = plotext.uncolorize(p.build())
    assert "f′(x) = cos(x)" in text
    # drawing again (a re-render) gives the same picture: no state leaks between draws
    plots.draw(spec("derivative", f="sin(x)"), p, width=60, height=20, marker="hd", theme="dark")
    p.plotsize(60, 20)
    assert plotext.uncolorize(p.build()) == text


def test_plots_package_does_not_import_textual():
    code = "import sys, mfml_tui.plots; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_marker_must_be_known():
    with pytest.raises(plots.PlotError):
        plots.draw(spec("function", f="x"), plotext, width=80, height=24, marker="emoji")


def test_docs_list_every_kind_and_option():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "plots.md").read_text(encoding="utf-8")
    for name, k in plots.KINDS.items():
        section = doc.split(f"### `{name}`", 1)
        assert len(section) == 2, name
        body = section[1].split("\n### ", 1)[0]
        for o in k.options:
            assert f"`{o.name}`" in body, (name, o.name)

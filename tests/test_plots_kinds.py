"""Every plot kind draws headlessly at terminal sizes and says (in text and DrawInfo) what it must."""

import math
import re
from pathlib import Path

import numpy as np
import plotext
import pytest

from mfml_tui import plots
from mfml_tui.course.model import Location, PlotSpec
from mfml_tui.plots.examples import EXAMPLES


def spec(kind: str, **options) -> PlotSpec:
    return PlotSpec(kind, options, Location(Path("lesson.md"), 1))


def info_of(s, **kw) -> plots.DrawInfo:
    return plots.draw(s, plotext, width=kw.pop("width", 80), height=kw.pop("height", 24), **kw)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("size", [(80, 24), (30, 10)])
def test_every_kind_draws_at_terminal_sizes(name, size):
    ex = dict(EXAMPLES[name])
    kind = ex.pop("kind")
    text = plots.render_text(spec(kind, **ex), *size, marker="braille")
    lines = text.splitlines()
    assert len(lines) == size[1]
    assert max(len(line) for line in lines) <= size[0]
    assert "\x1b" not in text
    assert plots.validate(spec(kind, **ex)) == []


def test_all_kinds_have_an_example():
    assert set(EXAMPLES) == set(plots.KINDS)


def test_function_legend_shows_labels_and_markers():
    s = spec("function", f=["x^2", "sin(x)"], labels=["square", "wave"], x=[-2, 2])
    text = plots.render_text(s, 80, 24)
    assert "square" in text and "wave" in text
    assert "••" in text and "++" in text  # dot family: told apart by marker, not colour


def test_function_with_a_pole_keeps_the_curve_in_view():
    info = info_of(spec("function", f="1/x", x=[-2, 2]))
    assert "1/x" in info.text()
    text = plots.render_text(spec("function", f="1/x", x=[-2, 2]), 80, 24)
    assert text.count("•") > 40


def test_derivative_marks_turning_points():
    info = info_of(spec("derivative", f="x^3 - 3x", x=[-2.5, 2.5], order=2))
    tp = info.values["turning_points"]
    assert [round(x, 6) for x, _ in tp] == [-1.0, 1.0]
    assert [k for _, k in tp] == ["maximum", "minimum"]
    assert "f′(x) = 3·x² − 3" in info.text()
    assert "turning point" in plots.render_text(spec("derivative", f="x^3 - 3x", x=[-2.5, 2.5]), 80, 24)


def test_secant_table_converges_to_the_derivative():
    info = info_of(spec("secant", f="x^3", x0=1, hs=[1, 0.1, 0.01, 0.001]))
    qs = info.values["quotients"]
    errors = [abs(q - 3.0) for q in qs]
    assert errors == sorted(errors, reverse=True)
    assert errors[-1] < 0.01
    assert info.values["slope"] == pytest.approx(3.0)
    assert len(info.table.rows) == 4 and "tangent" in plots.render_text(spec("secant", f="x^3", x0=1), 80, 24)


def test_secant_state_overrides_hs():
    info = plots.draw(spec("secant", f="x^2", x0=1), plotext, width=80, height=24, state={"h": 0.25})
    assert info.values["hs"] == (0.25,)
    assert info.values["quotients"][0] == pytest.approx(2.25)


def test_taylor_errors_shrink_near_the_point_and_orders_show():
    info = info_of(spec("taylor", f="exp(x)", around=0, orders=[1, 2, 4, 8], x=[-1, 1]))
    errs = [info.values["max_error"][n] for n in (1, 2, 4, 8)]
    assert errs == sorted(errs, reverse=True) and errs[-1] < 1e-4
    text = plots.render_text(spec("taylor", f="cos(x)", orders=[2, 4], x=[-3, 3]), 80, 24)
    assert "order 2" in text and "order 4" in text
    assert any("x²/2" in row[1] for row in info.table.rows)


def _top_level_terms(text: str) -> list[str]:
    """`1/4 − (x − 4)/16 + (x − 4)²/64` → ['1/4', '−(x − 4)/16', '(x − 4)²/64'] (signs kept)."""
    terms, depth, cur, i = [], 0, "", 0
    while i < len(text):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and text[i : i + 3] in (" + ", " − "):
            terms.append(cur)
            cur = "−" if text[i + 1] == "−" else ""
            i += 3
            continue
        cur += ch
        i += 1
    return [*terms, cur]


@pytest.mark.parametrize(
    ("f", "p", "orders"),
    [("1/x", 4, [1, 2, 3]), ("1 + 2x + x^3", 2, [0, 1, 2]), ("exp(x)", 1, [2, 3]), ("cos(x)", 0, [4, 6])],
)
def test_taylor_table_reads_term_by_term_in_increasing_powers_of_x_minus_p(f, p, orders):
    import sympy as sp

    from mfml_tui import engine
    from tests.oracle import to_sympy

    info = info_of(spec("taylor", f=f, around=p, orders=orders, x=[p - 1, p + 3]))
    x, t = sp.Symbol("x", real=True), sp.Symbol("t")
    exact_f = to_sympy(engine.parse(f))
    for (order, text, _err), n in zip(info.table.rows, orders, strict=True):
        assert int(order) == n
        degrees = []
        for term in _top_level_terms(text):
            shifted = sp.expand(to_sympy(engine.parse(term)).subs(x, p + t))
            poly = sp.Poly(shifted, t)
            assert len(poly.terms()) == 1, f"{term!r} is not one power of (x − {p})"
            degrees.append(poly.degree())
        assert degrees == sorted(set(degrees)), text  # increasing powers, each once
        series = sp.series(exact_f, x, p, n + 1).removeO()
        assert sp.simplify(to_sympy(engine.parse(text)) - series) == 0


def test_newton_marks_the_root_and_tabulates():
    info = info_of(spec("newton", f="x^3 - 2x + 2", start=-2))
    assert info.values["converged"] and info.values["root"] == pytest.approx(-1.7692923542386)
    assert info.table.rows[0][:2] == ("0", "−2")
    text = plots.render_text(spec("newton", f="x^3 - 2x + 2", start=-2), 80, 24)
    assert "root" in text


def test_newton_reports_a_cycle():
    info = info_of(spec("newton", f="x^3 - 2x + 2", start=0))
    assert not info.values["converged"] and "cycling" in info.values["reason"]


def test_contour_finds_and_classifies_stationary_points():
    info = info_of(spec("contour", f="x exp(-(x^2 + y^2))", x=[-2, 2], y=[-2, 2], stationary=True,
                        arrows="gradient"))
    pts = {c: (x, y) for x, y, c in info.values["stationary"]}
    assert pts["maximum"] == pytest.approx((math.sqrt(0.5), 0), abs=1e-6)
    assert pts["minimum"] == pytest.approx((-math.sqrt(0.5), 0), abs=1e-6)
    text = plots.render_text(spec("contour", f="x^2 - y^2", arrows="gradient", stationary=True), 80, 24)
    assert "saddle" in text and any(a in text for a in "→↗↑↖←↙↓↘")


def test_descent_ends_near_the_minimum():
    info = info_of(spec("descent", f="(x - 1)^2 + 3(y + 0.5)^2", start=[-2, 2], gamma=0.1, steps=100))
    assert np.allclose(info.values["end"], (1, -0.5), atol=1e-3)
    hess = info_of(spec("descent", f="(x - 1)^2 + 3(y + 0.5)^2", start=[-2, 2], method="hessian"))
    assert np.allclose(hess.values["end"], (1, -0.5), atol=1e-9)
    assert "stuck" in hess.values["outcome"] or "found" in hess.values["outcome"]


def test_descent_stepper_state():
    info = plots.draw(spec("descent", f="x^2 + y^2", start=[2, 2], gamma=0.25), plotext, width=80,
                      height=24, state={"show": 1})
    assert np.allclose(info.values["end"], (1, 1))


def test_lagrange_finds_the_lecture_optimum():
    info = info_of(spec("lagrange", f="x^2 y", g="x^2 + y^2 - 1", x=[-1.5, 1.5], y=[-1.5, 1.5]))
    x, y, lam, f = info.values["max"]
    assert abs(x) == pytest.approx(math.sqrt(2 / 3)) and y == pytest.approx(1 / math.sqrt(3))
    assert f == pytest.approx(2 / (3 * math.sqrt(3)))
    # x²y on the circle is symmetric in x: two maxima and two minima, each marked as such
    assert len(info.values["maxima"]) == 2 and len(info.values["minima"]) == 2
    text = plots.render_text(spec("lagrange", f="x^2 y", g="x^2 + y^2 - 1", x=[-1.5, 1.5], y=[-1.5, 1.5]),
                             80, 24)
    assert "∇f" in text and "∇g" in text and "constraint" in text


def test_lagrange_course_quiz_points():
    info = info_of(spec("lagrange", f="exp(-(2x^2 + y^2 - x y)/2)", g="x^2 + 3(y + 1)^2 - 1",
                        x=[-1.5, 1.5], y=[-2.5, 0.5]))
    pts = sorted((round(p[0], 3), round(p[1], 3)) for p in info.values["points"])
    assert pts == [(-0.959, -1.164), (-0.626, -1.45), (-0.096, -0.425), (0.931, -1.211)]


def test_fit_line_and_residuals():
    info = info_of(spec("fit", data=[[0.4, 0.1], [0.5, 0.25], [0.6, 0.55], [0.7, 0.75], [0.8, 0.85]],
                        residuals=True))
    assert info.values["m"] == pytest.approx(2) and info.values["c"] == pytest.approx(-0.7)
    assert info.values["chi2"] == pytest.approx(0.01)
    ans = info_of(spec("fit", data="anscombe-2"))
    assert ans.values["m"] == pytest.approx(0.5, abs=0.01) and ans.values["c"] == pytest.approx(3, abs=0.01)


def test_fit_with_error_bars_and_a_given_line():
    s = spec("fit", data=[[1, 2, 0.5], [2, 4.1, 0.5], [3, 5.9, 0.5]], params={"m": 1, "c": 0}, fit=True)
    info = info_of(s)
    assert info.values["m"] == 1 and info.values["best_m"] == pytest.approx(1.95)
    assert "best fit" in plots.render_text(s, 80, 24)


def test_heights_fit_and_landscape_reach_the_lab_result():
    fit = info_of(spec("fit", data="heights", model="gaussian", params={"mu": 155, "sigma": 6}, fit=True,
                       gamma=2000, steps=50))
    assert fit.values["params"]["mu"] == pytest.approx(178.5, abs=0.1)
    assert fit.values["params"]["sigma"] == pytest.approx(7.55, abs=0.05)
    land = info_of(spec("landscape", **{k: v for k, v in EXAMPLES["landscape"].items() if k != "kind"}))
    assert land.values["end"] == pytest.approx((178.5, 7.55), abs=0.1)
    assert land.values["chi2"] == pytest.approx(0.000439, rel=0.01)


def test_a_landscape_names_greek_parameters_in_greek():
    """The heights landscape said `sigma` on its axis and `at mu = …, sigma = …` in its caption, where
    the lesson and the model write μ and σ."""
    s = spec("landscape", **{k: v for k, v in EXAMPLES["landscape"].items() if k != "kind"})
    text = plots.render_text(s, 80, 24) + "\n" + info_of(s).text()
    assert "μ = " in text and "σ = " in text and "σ" in plots.render_text(s, 80, 24)
    assert not re.search(r"\b(mu|sigma)\b", text), text


LINE_DATA = [[0.4, 0.1], [0.5, 0.25], [0.6, 0.55], [0.7, 0.75], [0.8, 0.85]]  # w6-linear-regression
DECAY_DATA = [[0.0, 2.95], [0.5, 2.0], [1.0, 1.48], [1.5, 0.96], [2.0, 0.47], [2.5, 0.41], [3.0, 0.22]]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_landscape_reports_the_true_minimum_not_a_grid_cell(size):
    import scipy.optimize

    from mfml_tui.plots.base import fmt

    line = info_of(spec("landscape", data=LINE_DATA, params={"m": [0, 4], "c": [-1.8, 0.4]}),
                   width=size[0], height=size[1])
    x, y = np.array(LINE_DATA).T
    m, c = np.polyfit(x, y, 1)  # the oracle: numpy's least squares
    chi2 = float(np.sum((y - m * x - c) ** 2))
    assert line.values["min"] == pytest.approx((m, c, chi2), abs=1e-7)
    assert f"smallest χ² in view: {fmt(chi2)} at m = {fmt(m)}, c = {fmt(c)}" in line.text()
    assert "0.01 at m = 2, c = −0.7" in line.text()

    decay_spec = spec("landscape", data=DECAY_DATA, model="a*exp(-b*x)", params={"a": [1, 4], "b": [0.1, 2]})
    decay = info_of(decay_spec, width=size[0], height=size[1])
    x, y = np.array(DECAY_DATA).T
    fit = scipy.optimize.least_squares(
        lambda p: y - p[0] * np.exp(-p[1] * x), [2.0, 1.0], xtol=1e-14, ftol=1e-14
    )
    assert decay.values["min"][:2] == pytest.approx(tuple(fit.x), abs=1e-6)
    assert decay.values["min"][2] == pytest.approx(2 * fit.cost, rel=1e-9)


def test_network_trains_deterministically():
    a = info_of(spec("network", iterations=300, seed=3))
    b = info_of(spec("network", iterations=300, seed=3))
    assert a.values["cost"] == b.values["cost"]
    assert a.values["cost"] < a.values["costs"][0]
    text = plots.render_text(spec("network", iterations=50), 80, 24)
    assert "target" in text and "network" in text


def test_surface_names_stationary_points():
    info = info_of(spec("surface", f="x^2 + y^2 - 1"))
    assert [c for *_, c in info.values["stationary"]] == ["minimum"]
    text = plots.render_text(spec("surface", f="-(x^2 + y^2)", x=[-2, 2], y=[-2, 2]), 80, 24, marker="ascii")
    inside = "".join(line[6:-1] for line in text.splitlines()[1:-3])
    assert "max" in text and inside.isascii()  # plotext's frame stays box-drawing; the picture is ASCII


@pytest.mark.parametrize(("size", "most"), [((60, 20), 5), ((120, 40), 7), ((200, 60), 10)])
def test_a_level_count_is_a_most_that_small_plots_lower(size, most):
    """`levels = 10` on a lesson's small plot would merge into a map filled solid with dots; but at least
    half of the levels asked are drawn (the render check's rule)."""
    s = spec("contour", f="x^3 - 3x + y^2", x=[-2.5, 2.5], y=[-2, 2], levels=10)
    info = info_of(s, width=size[0], height=size[1])
    assert len(info.values["levels"]) == most


def test_graphs_side_by_side_share_one_y_window():
    """2x + 4 and 2x + 9 on [−3, 3] would look the same each on its own window."""
    lo, hi = plots.shared_y(["2*x + 4", "2*x + 9", "not a (formula"], (-3, 3))
    assert lo <= -2 and hi >= 15  # both lines' whole range: −2 … 15
    assert plots.shared_y(["sin("], (-3, 3)) is None


def test_arrows_have_honest_lengths_and_the_scale_is_on_screen():
    """One scale for all the arrows: along one direction a longer ∇f is a longer arrow (shaft glyphs and
    a head), next to a minimum it shrinks to a dot ("J shrinks to nothing"), and the caption says so."""
    import plotext

    from mfml_tui.plots.canvas import Canvas
    from mfml_tui.plots.fields import arrow_field
    from mfml_tui.plots.maths import compile_fn
    from mfml_tui.plots.style import Style

    cv = Canvas(plotext, 77, 20, Style("dot"), None)
    (ax,) = cv.split()
    ax.limits((-2.0, 2.0), (-2.0, 2.0))
    gx, gy = compile_fn("2*x", ["x", "y"]), compile_fn("0*y", ["x", "y"])  # ∇(x²): along x only
    field = arrow_field(ax, gx, gy)
    plotext.clear_figure()
    by_size = sorted(field.lengths)
    cells = [c for _m, c in by_size]
    assert cells == sorted(cells) and cells[0] < cells[-1]  # longer vector, longer arrow
    assert cells[-1] >= 4  # the longest fills most of its grid cell (8 columns)
    assert field.longest == pytest.approx(max(m for m, _c in field.lengths))
    # towards the minimum of x² + y² the arrows shrink to nothing
    import numpy as np

    info = plots.draw(spec("contour", f="x^2 + y^2", x=[-2, 2], y=[-2, 2], arrows="gradient"), plotext,
                      width=77, height=20)
    text = plotext.build()
    plotext.clear_figure()
    scale = "arrow length ∝ |∇f| (the longest: |∇f| = "
    assert any(line.startswith(scale) for line in info.lines), info.lines
    assert any(g in text for g in "─╱│╲")  # shafts, not single glyphs of one size
    cv = Canvas(plotext, 77, 20, Style("dot"), None)
    (ax,) = cv.split()
    ax.limits((-2.0, 2.0), (-2.0, 2.0))
    field = arrow_field(ax, compile_fn("2*x", ["x", "y"]), compile_fn("2*y", ["x", "y"]))
    plotext.clear_figure()
    smallest, largest = min(field.lengths), max(field.lengths)
    assert smallest[1] <= 1 < largest[1] and np.isclose(largest[0], field.longest)


def test_derivative_names_the_function_as_the_lesson_does():
    """A speed v(t) drawn with its derivative: every caption and legend says v, never f (a learner read
    "f′ = 0" beside "acceleration v′(t)")."""
    s = spec("derivative", f="t^2 (6 - t)/4", variable="t", name="v", x=[0, 6])
    info = info_of(s)
    assert info.lines[:2] == ("v(t) = t²·(6 − t)/4", "v′(t) = t·(6 − t)/2 − t²/4")
    assert "maximum at t = 4, v = 8" in info.lines
    text = plots.render_text(s, 80, 24)
    assert "v′ = 0" in text and "f" not in text.replace("from", "")
    default = info_of(spec("derivative", f="x^3 - 3x", x=[-2.5, 2.5]))
    assert default.lines[0].startswith("f(x) = ") and "f = " in default.text()


def test_a_long_title_over_panels_side_by_side_runs_on_across_them():
    """Panels put side by side on a lesson's 14 rows: the title sat over the first panel alone and was cut
    there ("A car speeds up from rest, then brak…"). Its words now run on across the row's panels."""
    title = "A car speeds up from rest, then brakes to a stop"
    s = spec("derivative", f="t^2 (6 - t)/4", variable="t", x=[0, 6], title=title)
    top = plots.render_text(s, 78, 14).splitlines()[0]
    assert " ".join(top.split()) == title and "…" not in top
    three = "f, f′ and f″ of a cubic with two turning points, side by side"
    top = plots.render_text(spec("derivative", f="x^3 - 3x", order=2, x=[-2.5, 2.5], title=three), 78, 14)
    assert " ".join(top.splitlines()[0].split()) == three
    stacked = plots.render_text(s, 78, 30).splitlines()  # room to stack: one panel, one title, as before
    assert " ".join(stacked[0].split()) == title


def test_a_legend_of_many_entries_keeps_the_start_of_every_label():
    """Five entries below an 80-column lesson plot with a title: labels were shortened to 12 characters at
    the least, so the line was cut and the last entry lost all of its label ("● mi…")."""
    s = spec("lagrange", f="exp(-(2x^2 + y^2 - x*y)/2)", g="x^2 + 3(y + 1)^2 - 1", x=[-1.6, 1.6],
             y=[-2.2, 0.2], levels=6, title="A hill and an ellipse")
    for width in (78, 60):
        legend = plots.render_text(s, width, 14).splitlines()[-1]
        entries = [e.strip() for e in legend.split("   ") if e.strip()]
        assert len(entries) == 5, legend
        for entry in entries:  # a glyph, a space and at least four characters of its label
            assert len(entry.rstrip("…")) >= 6, legend
        assert entries[-1].startswith("● min f"), legend

"""`mfml-tui lessons check --render`: every plot and choice-plot option drawn at the app's sizes, and each
fault class named with `path:line` (plots.audit)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mfml_tui import plots
from mfml_tui.cli import main
from mfml_tui.course.check import check
from mfml_tui.plots import audit as A
from mfml_tui.plots import canvas as C

from .test_course_loader import FRONT, make_course


def plot(body: str) -> str:
    return "## S\n```plot\n" + body.strip() + "\n```\n"


def render_messages(root: Path, seeds: int = 3) -> list[str]:
    report = check(root, seeds=1, render=True, render_seeds=seeds)
    return [f"{p.location.path.name}:{p.location.line}: {p.message}" for p in report.sorted_problems()]


def test_a_graph_squashed_flat_by_the_authors_window(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + plot('''
kind = "function"
f = ["x", "100x"]
labels = ["f", "g"]
x = [-1, 1]
y = [-100, 100]
''')})
    found = render_messages(root)
    assert any(m.startswith("01-a.md:6: plot `function` at 80×24: `f` varies but spans")
               for m in found), found
    assert not any("`g`" in m for m in found)


def test_a_constant_may_be_one_row(tmp_path):
    body = plot('kind = "function"\nf = ["3", "x^2"]\nx = [-2, 2]')
    root = make_course(tmp_path, {"01-a.md": FRONT + body})
    assert render_messages(root) == []


def test_two_options_drawn_alike(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + '''## S
```quiz
id = "q1"
kind = "choice"
ask = "Which is sin² x?"
choices = ["sin(x)^2", "1 - cos(x)^2", "cos(x)^2"]
answer = "sin(x)^2"
multiple = true
show = "plots"
```
'''})
    found = render_messages(root)
    assert any(m.startswith("01-a.md:6: quiz `q1` plots at 80×24:") and "rasterise the same" in m
               for m in found), found


def test_too_few_levels_drawn(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + plot('''
kind = "contour"
f = "x^2 + y^2"
x = [-1, 1]
y = [-1, 1]
levels = [0.5, 4, 5, 6, 7, 8]
''')})
    found = render_messages(root)
    assert any("draws 1 of the 6 level curves asked" in m for m in found), found


def test_round_off_and_e_notation_printed(tmp_path):
    root = make_course(tmp_path, {"01-a.md": FRONT + plot('''
kind = "function"
f = "x^2"
labels = ["f + 3×10⁻¹⁴"]
''') + plot('kind = "function"\nf = "x^2"\nlabels = ["f + 2e-5"]')})
    found = render_messages(root)
    assert any(m.startswith("01-a.md:6:") and "prints 3e-14: round-off" in m for m in found), found
    assert any(m.startswith("01-a.md:12:") and "e-notation" in m for m in found), found


def test_round_off_is_judged_against_its_own_axis(monkeypatch):
    """x¹² on [−10, 10] has a y window of 10¹²: its x ticks −10 … 10 and a caption's x₀ = 0.5 are no
    round-off (they were judged against the y window); a tick that is round-off on its own axis, and a
    caption value that is round-off next to either axis, still are."""
    spec = {"kind": "function", "f": "x^12", "x": [-10, 10], "points": [[0.5, 0, "x₀ = 0.5"]]}
    assert A.audit(spec, 77, 14).faults == []
    assert A.audit({**spec, "labels": ["f + 2×10⁻⁹"]}, 77, 14).faults == [
        "prints 2e-09: round-off next to 20, it should read 0"]
    real = C.fmt
    monkeypatch.setattr(C, "fmt", lambda v, *a, **k: "3×10⁻¹⁷" if v == 0 else real(v, *a, **k))
    faults = A.audit(spec, 77, 14).faults  # the 0 ticks printed as the round-off they once were
    assert "prints 3e-17: round-off next to 20, it should read 0" in faults, faults  # the x axis
    assert any(f.startswith("prints 3e-17: round-off next to 1.") for f in faults), faults  # the y axis


def test_a_panel_without_rows():
    frame = A.audit({"kind": "derivative", "f": "x^3 - 3x", "order": 2}, 60, 12)
    assert any("has" in f and "rows of plot" in f for f in frame.faults), frame.faults


def test_a_legend_over_data_is_found(monkeypatch):
    """With the legend forced into the top-left corner (plotext's own place), it covers the curve."""
    monkeypatch.setattr(C.Panel, "legend_corner", lambda self, *a, **k: "top-left")
    spec = {"kind": "function", "f": "4.9", "x": [-5, 5], "y": [-5, 5], "labels": ["long label"]}
    frame = A.audit(spec, 77, 14)
    assert any("the legend covers" in f for f in frame.faults), frame.faults
    monkeypatch.undo()  # where the drawing puts it, it covers nothing
    assert A.audit(spec, 77, 14).faults == []


def test_numbers_are_read_back():
    assert A.numbers("f = −2.69×10⁻⁵⁹, x₁ = 3, 1.5*10^(-5)") == pytest.approx([-2.69e-59, 3, 1.5e-5])
    assert A.round_off("∇f = (5.65×10⁻¹⁴, 0)", scale=3.0)
    assert A.round_off("∇f = (0, 0)", scale=3.0) == []
    assert A.round_off("f(x₆) = −4.44×10⁻¹⁶ after f(x₀) = −1")  # no scale: the numbers around it
    assert A.round_off("x₀ = 1.5 … x₇ = −2.38×10¹³") == []  # a diverging run: 1.5 is no round-off


def test_cli_render_flag(tmp_path, capsys):
    body = plot('kind = "function"\nf = ["x", "100x"]\ny = [-500, 500]')
    root = make_course(tmp_path, {"01-a.md": FRONT + body})
    assert main(["lessons", "check", str(root), "--seeds", "1"]) == 0
    capsys.readouterr()
    assert main(["lessons", "check", str(root), "--seeds", "1", "--render", "--render-seeds", "2"]) == 1
    assert "01-a.md:6: plot `function` at 80×24:" in capsys.readouterr().out


def test_choice_options_get_their_own_scale_when_a_shared_one_would_flatten_them():
    specs = plots.choice_specs(["sin(x)", "100x"], ["a", "b"], (-3, 3))
    assert all("own y scale" in s["title"] for s in specs)
    specs = plots.choice_specs(["2x + 4", "2x + 9"], ["a", "b"], (-3, 3))
    assert specs[0]["y"] == specs[1]["y"]


def test_options_of_one_shape_share_a_window_so_a_shift_shows():
    """Own windows draw 4x − 8 and 4x − 7 as the same corner-to-corner line (the Newton tangent question,
    seed 5): options that are a shift or a scale of each other share their group's window."""
    exprs = ["4*x - 8", "4*x - 7", "2*x - 3", "9 - 4*x"]
    specs = plots.choice_specs(exprs, ["a", "b", "c", "d"], (-3, 3))
    assert specs[0]["y"] == specs[1]["y"] == specs[2]["y"]
    assert specs[0]["title"] == "a) same y as b, c" and specs[3]["title"] == "d) own y scale"
    assert A.audit_choices(exprs, ["a", "b", "c", "d"], (-3, 3), 36, 12) == []
    a, b = (A.audit(s, 36, 12, compare=True).text for s in specs[:2])
    assert a.splitlines()[-2:] == b.splitlines()[-2:] and a != b  # same axes, the data moved


def test_ticks_are_1_2_5_steps_even_when_none_fits_the_count():
    """A window of ±4.48 on a 12-row plot: a step of 2 gives five ticks, 5 only one; the labels were
    the window's ends, 4.48 and −4.48."""
    text = plots.render_text({"kind": "function", "f": "x - 3", "x": [0, 3], "y": [-4.48, 4.48]}, 36, 12)
    labels = {v for line in text.splitlines()[:-2] for v in A.numbers(line.split("┤")[0]) if "┤" in line}
    assert labels and all(v % 2 == 0 for v in labels), text
    assert C.nice_ticks(-4.48, 4.48, 4) == [-4, -2, 0, 2, 4]


@pytest.mark.slow
def test_bundled_course_passes_the_render_check():
    """Every lesson plot and choice-plot question (2 seeds) at 80×24, the tighter size: kept short for
    the suite; `mfml-tui lessons check --render` runs both sizes and 20 seeds."""
    from mfml_tui import paths
    from mfml_tui.course import load
    from mfml_tui.course.check import render_choices, render_explorer, render_plot
    from mfml_tui.plots.audit import VIEWS
    from mfml_tui.ui.explorers.panels import panel_faults

    course = load(paths.bundled_lessons(), cache=False)
    problems = []
    for lesson in course.lessons:
        for step in lesson.steps:
            for spec in step.plots:
                problems += render_plot(spec, VIEWS[:1])
            for quiz in step.quizzes:
                if quiz.show == "plots":
                    problems += render_choices(quiz, 2, VIEWS[:1])
            for spec in step.explorers:  # every explorer block at both sizes (≈50 ms a drawing), and
                problems += render_explorer(spec, panels=panel_faults)  # what it prints (≈10 ms)
    assert not problems, "\n".join(map(str, problems))


# ------------------------------------------------------------------------------------------ explorers
def explorer(body: str) -> str:
    return "## S\n```explore\n" + body.strip() + "\n```\n"


def test_an_explorer_with_a_flat_graph_is_found_at_both_sizes(tmp_path):
    """w₀₀ = 0.1: the first hidden neuron varies (σ(0.1x − 7)) but inside one row of the 0…1 plot."""
    root = make_course(tmp_path, {"01-a.md": FRONT + explorer('''
kind = "network"
weights = { w1_00 = 0.1 }
''')})
    found = render_messages(root)
    for view in ("80×24", "120×40"):
        assert any(m.startswith(f"01-a.md:6: explorer `network` at {view}: a graph varies but spans")
                   for m in found), found
    assert check(root, seeds=1).ok  # only the render check draws it at the lesson's sizes
    good = make_course(tmp_path / "good", {"01-a.md": FRONT + explorer('kind = "network"')})
    assert render_messages(good) == []


def test_an_explorer_legend_over_data_is_found(monkeypatch):
    """The same faults as a lesson plot's: a legend forced over the data of a drawn explorer."""
    from mfml_tui.explore import build
    from mfml_tui.plots.explorers import DRAWINGS, Drawing
    from mfml_tui.plots.explorers import descent as D

    def labelled(panel, state):
        D.draw(panel, state)
        panel.points([0.0], [0.0], label="a long label for the legend", marker="x", color=1)

    monkeypatch.setitem(DRAWINGS, "descent", Drawing(labelled, D.key))
    monkeypatch.setattr(C.Panel, "legend_corner", lambda self, *a, **k: "top-left")
    faults = A.audit_explorer("descent", build("descent", {}), 47, 16)
    assert any("the legend covers" in f for f in faults), faults


def test_an_explorer_that_cannot_draw_is_reported(tmp_path, monkeypatch):
    from mfml_tui.plots import explorers as X

    def broken(panel, state):
        raise ValueError("the drawing failed")

    monkeypatch.setitem(X.DRAWINGS, "chi2", X.Drawing(broken, X.DRAWINGS["chi2"].key))
    root = make_course(tmp_path, {"01-a.md": FRONT + explorer('kind = "chi2"')})
    report = check(root, seeds=1, jobs=1)
    assert [p.message for p in report.problems] == ["explorer `chi2` does not draw: the drawing failed"]


@pytest.mark.parametrize("view", list(A.EXPLORER_VIEWS))
async def test_explorer_sizes_are_the_sizes_in_a_lesson(view):
    """`plots.audit.EXPLORER_VIEWS` is what each explorer's plot gets in a lesson (the explorer is 77
    columns wide at 80×24 and 65 at 120×40, tests/test_ui_app.py's lesson): measured, every kind."""
    from textual.app import App, ComposeResult
    from textual.containers import Vertical

    from mfml_tui.course.model import ExploreSpec, Location
    from mfml_tui.ui.explorers import WIDGETS, ExplorerPlot, make_explorer

    class Host(App):
        def __init__(self, widget) -> None:
            super().__init__()
            self.widget = widget

        def compose(self) -> ComposeResult:
            with Vertical() as box:
                box.styles.width = {"80×24": 77, "120×40": 65}[view]
                yield self.widget

    measured, expected = {}, {}
    for kind in WIDGETS:
        w = make_explorer(ExploreSpec(kind, {}, Location(Path("t.md"), 1)))
        async with Host(w).run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            measured[kind] = tuple(w.query_one(ExplorerPlot).size)
            expected[kind] = A.explorer_size(kind, view)
    assert measured == expected


def test_a_caption_naming_another_variable_than_the_plots(tmp_path):
    """`T(t)` in the title of a plot drawn in x: the render check asks for `variable = "t"`; with it
    the functions are written in t and the plot's own captions and table say t too."""
    root = make_course(tmp_path, {"01-a.md": FRONT + plot('''
kind = "function"
f = "20 + 70 e^(-x/4)"
x = [0, 20]
title = "T(t) = 20 + 70·e^(−t/4)"
''')})
    found = render_messages(root, seeds=1)
    said = "caption says T(t) but the plot is drawn in x: add variable = \"t\""
    assert any(said in m for m in found), found
    fixed = make_course(tmp_path / "fixed", {"01-a.md": FRONT + plot('''
kind = "function"
variable = "t"
f = "20 + 70 e^(-t/4)"
x = [0, 20]
title = "T(t) = 20 + 70·e^(−t/4)"
''')})
    assert render_messages(fixed, seeds=1) == []


def test_a_two_variable_plot_in_the_lessons_w_and_b(tmp_path):
    """A cost C(w, b) drawn as a plot in (x, y) is reported with its path:line; with `variables = ["w",
    "b"]` its functions are written in w and b and every caption says them: f(w, b), the table's (w, b),
    the axes named in the title (unless the title names them)."""
    body = '''
kind = "descent"
f = "{f}"
{variables}
start = [1.3, -0.1]
gamma = 1
steps = 20
x = [-5, 3]
y = [-2, 5]
labels = ["levels of C(w, b)"]
'''
    root = make_course(tmp_path, {"01-a.md": FRONT + plot(body.format(
        f="((tanh(y) - 1)^2 + tanh(x + y)^2)/2", variables=""))})
    found = render_messages(root, seeds=1)
    assert any(m.startswith("01-a.md:6: plot `descent`") and 'caption says C(w, b) but the plot is drawn in '
               '(x, y): add variables = ["w", "b"]' in m for m in found), found
    spec = {"kind": "descent", "f": "((tanh(b) - 1)^2 + tanh(w + b)^2)/2", "variables": ["w", "b"],
            "start": [1.3, -0.1], "gamma": 1, "steps": 20, "x": [-5, 3], "y": [-2, 5],
            "labels": ["levels of C(w, b)"]}
    fixed = make_course(tmp_path / "fixed", {"01-a.md": FRONT + plot(body.format(
        f=spec["f"], variables='variables = ["w", "b"]'))})
    assert render_messages(fixed, seeds=1) == []
    import plotext

    info = plots.draw(spec, plotext, width=77, height=14)
    text = info.text()
    assert "f(w, b) = " in text and "(w, b)" in info.table.headers and "(x, y)" not in text
    assert plots.render_text(spec, 77, 14).splitlines()[0].strip() == "w across, b up"
    titled = {**spec, "title": "NOT gate cost: w across, b up"}
    assert plots.render_text(titled, 77, 14).splitlines()[0].strip() == titled["title"]
    in_xy = plots.draw({**spec, "f": "((tanh(y) - 1)^2 + tanh(x + y)^2)/2", "variables": ["x", "y"]},
                       plotext, width=77, height=14)
    assert [tuple(p) for p in info.values["path"]] == [tuple(p) for p in in_xy.values["path"]]
    assert any("unknown name 'x'" in m for m in plots.validate({**spec, "f": "x + b"}))
    # the other two-variable kinds: the same points as in (x, y), captions in (w, b)
    lag = plots.draw({"kind": "lagrange", "f": "w^2 b", "g": "w^2 + b^2 - 3", "variables": ["w", "b"]},
                     plotext, width=77, height=14)
    lag_xy = plots.draw({"kind": "lagrange", "f": "x^2 y", "g": "x^2 + y^2 - 3"}, plotext, width=77,
                        height=14)
    assert len(lag.values["points"]) == len(lag_xy.values["points"]) == 6 and "(w, b)" in lag.table.headers
    def rounded(points):
        return sorted(tuple(round(v, 9) + 0.0 for v in p) for p in points)

    assert rounded(lag.values["points"]) == rounded(lag_xy.values["points"])
    for kind in ("contour", "surface"):
        drawn = plots.draw({"kind": kind, "f": "w^3 - 3w + b^2", "variables": ["w", "b"],
                            "stationary": True}, plotext, width=77, height=14)
        assert drawn.values["stationary"] and "f(w, b) = w³ − 3·w + b²" in drawn.text()


@pytest.mark.parametrize(("spec", "says", "never"), [
    ({"kind": "function", "f": "20 + 70 e^(-t/4)", "x": [0, 20]}, ["20 + 70·e^(−t/4)"], []),
    ({"kind": "derivative", "f": "t^3 - 3t", "x": [-2, 2]},
     ["f(t) = t³ − 3·t", "f′(t) = 3·t² − 3", "maximum at t = −1"], ["f(x)", "at x ="]),
    ({"kind": "secant", "f": "t^2", "x0": 1}, ["f(t) = t²", "t₀ = 1", "f′(t₀)"], ["x₀", "f(x)"]),
    ({"kind": "newton", "f": "t^3 - 2t + 2", "start": -2},
     ["f(t) = t³ − 2·t + 2", "converged to t =", "start t₀ = −2", "tᵢ"], ["x₀", "f(x)", "xᵢ"]),
    ({"kind": "taylor", "f": "exp(t)", "orders": [1, 2]},
     ["f(t) = eᵗ", "around p = 0", "1 + t"], ["f(x)", "1 + x"]),
])
def test_a_plot_in_t_names_t_in_every_caption(spec, says, never):
    import plotext

    try:
        info = plots.draw({**spec, "variable": "t"}, plotext, width=77, height=20)
        drawn = plotext.build()
    finally:
        plotext.clear_figure()
    text = info.text() + "\n" + A._ANSI.sub("", drawn)
    for s in says:
        assert s in text, (s, text)
    for s in never:
        assert s not in text, (s, text)
    headers = " ".join(info.table.headers) if info.table else ""
    assert not re.search(r"(?<![A-Za-z])x(?![A-Za-z])", headers), headers  # `max` may keep its x
    # written in x while the variable is t: a problem that names t, not a silent plot
    assert any("may use t" in p for p in plots.validate({**spec, "f": "x^2", "variable": "t"}))
    assert plots.validate({**spec, "variable": "e"})  # Euler's number is not a variable name


POOL = '''## S
```quiz
id = "q1"
kind = "choice"
ask = "Which graph shows the pool's depth over time t?"
choices = ["3*t", "30*(1 - e^(-t))", "3*t^2", "3*(2 + sin(2*pi*t))"]
answer = "3*t"
show = "plots"
variables = ["t"]
x = [0, 4]
```
'''


def test_a_choice_options_caption_is_above_its_frame_never_over_its_curve(tmp_path, monkeypatch):
    """Each option's caption is a title line above the frame (no legend inside a 36×12 plot, where it
    covered a sine's peaks); a caption put back inside the frame over the curve is flagged, with the
    quiz's path:line, like any plot's legend."""
    root = make_course(tmp_path, {"01-a.md": FRONT + POOL})
    assert render_messages(root) == []
    exprs = ["3*t", "30*(1 - e^(-t))", "3*t^2", "3*(2 + sin(2*pi*t))"]
    specs = plots.choice_specs(exprs, list("abcd"), (0, 4), variable="t")
    for label, spec in zip("abcd", specs, strict=True):
        lines = plots.render_text(spec, 36, 12).splitlines()
        assert lines[0].strip() == spec["title"] and spec["title"].startswith(f"{label}) against t")
        assert lines[1].lstrip().startswith("┌"), lines[:2]  # the frame starts below the caption
        assert not any(spec["title"] in line for line in lines[1:])

    real = plots.choice_specs

    def as_legends(*args, **kwargs):  # the captions as legends inside the frame, as they were
        return [{**{k: v for k, v in s.items() if k not in ("title", "legend")}, "labels": [s["title"]]}
                for s in real(*args, **kwargs)]

    monkeypatch.setattr(plots, "choice_specs", as_legends)
    monkeypatch.setattr(C.Panel, "legend_corner", lambda self, *a, **k: "top-left")
    flat_start = ["3*t", "-(t^4)", "3*t^2"]  # b runs along the top rows from the left
    found = A.audit_choices(flat_start, list("abc"), (0, 4), 36, 12, variable="t")
    assert any(f.startswith("option b: the legend covers") for f in found), found


def test_choice_plots_in_the_lessons_variable(tmp_path):
    """`variables = ["t"]` in a `show = "plots"` question: options in t, drawn in t, each caption names
    t; without it the options in t do not draw (reported), and two variables are refused."""
    quiz = '''## S
```quiz
id = "q1"
kind = "choice"
ask = "Which graph shows the pool's depth over time t?"
choices = ["3*t", "3*t^2", "3*(2 + sin(2*pi*t))"]
answer = "3*t"
show = "plots"
{variables}
x = [0, 4]
```
'''
    root = make_course(tmp_path, {"01-a.md": FRONT + quiz.format(variables='variables = ["t"]')})
    assert render_messages(root) == []
    specs = plots.choice_specs(["3*t", "3*t^2"], ["a", "b"], (0, 4), variable="t")
    assert [s["variable"] for s in specs] == ["t", "t"]
    assert all(s["title"].startswith(f"{k}) against t") for k, s in zip("ab", specs, strict=True))
    assert "against t" in plots.render_text(specs[0], 36, 12)
    root = make_course(tmp_path / "bare", {"01-a.md": FRONT + quiz.format(variables="")})
    assert any("does not draw" in m for m in render_messages(root, seeds=1))
    root = make_course(tmp_path / "two", {"01-a.md": FRONT + quiz.format(variables='variables = ["t", "s"]')})
    found = [p.message for p in check(root, seeds=1).problems]
    assert any("draws graphs of one variable" in m for m in found), found


def test_round_off_beside_an_explorer_plot_is_found(tmp_path, monkeypatch, capsys):
    """What an explorer prints in its side panel and status is in `lessons check --render` itself, as
    `path:line`: the Newton table printing f(x₆) = −4.44×10⁻¹⁶ next to f(x₀) = −1 (the formatter as it
    was before it took the column's scale) is reported; the real formatter prints 0 and passes."""
    from mfml_tui.explore.functions import num_in
    from mfml_tui.ui.explorers import oned

    root = make_course(tmp_path, {"01-a.md": FRONT + explorer('''
kind = "newton"
f = "x^2 - 2"
x0 = 1
starts = [1]
x = [0, 2]
''')})
    assert main(["lessons", "check", str(root), "--seeds", "1", "--render", "--render-seeds", "1"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(oned, "num_in", lambda v, width, digits=4, **_: num_in(v, width, digits))
    assert main(["lessons", "check", str(root), "--seeds", "1", "--render", "--render-seeds", "1"]) == 1
    out = capsys.readouterr().out
    assert "01-a.md:6: explorer `newton` prints beside its plot, side after e: prints 4.44e-16: round-off" \
        in out, out
    assert check(root, seeds=1, render=True).ok  # without the panels hook: the plot alone is fine


def test_a_side_table_row_that_wraps_is_found(tmp_path, monkeypatch):
    """A diverging Newton run (arctan from 1.5) prints x₇ = −2.38×10¹³: with cells that keep all their
    digits (as before `num_in`) the row is wider than the side panel; the render check says so."""
    from mfml_tui.explore.functions import num
    from mfml_tui.ui.explorers import oned
    from mfml_tui.ui.explorers.panels import panel_faults

    body = explorer('kind = "newton"\nf = "atan(x)"\nx0 = 1.5\nstarts = [1.5]')
    root = make_course(tmp_path, {"01-a.md": FRONT + body})
    assert check(root, seeds=1, render=True, panels=panel_faults).ok
    monkeypatch.setattr(oned, "num_in", lambda v, width, digits=4, scale=0.0, **_: num(v, digits, scale))
    found = [p.message for p in check(root, seeds=1, render=True, panels=panel_faults).problems]
    assert any("side after e: a table row is 30 columns wide, more than the panel's 27, so it wraps"
               in m for m in found), found


@pytest.mark.parametrize("spec", [
    {"kind": "derivative", "f": "e^x", "x": [-3, 2], "turning": False, "title": "f = eˣ and f′: identical"},
    {"kind": "derivative", "f": "x^3 - 3x", "order": 2, "title": "f, f′ and f″"},
    {"kind": "taylor", "f": "cos(x)", "orders": [2, 4], "error": True, "title": "cos x"},
])
def test_stacked_panels_get_the_same_rows_of_plot(spec):
    """eˣ and its derivative are the same curve: at 120×40 (66×28) the title came out of the top
    panel's share, so f got 10 rows and f′ 11, two different pictures of one curve."""
    import plotext

    try:
        _, canvas = plots.draw_canvas(spec, plotext, width=66, height=28)
        plotext.build()
        rows = [p.data_size[0] for p in canvas.panels]
    finally:
        plotext.clear_figure()
    assert len(rows) > 1 and len(set(rows)) == 1, rows


def test_a_long_legend_entry_gives_way_to_the_marked_points_entry():
    """06-multivariate-taylor: the level curves' long `levels of f = …` label filled the legend below a
    77×14 contour plot and the marked point's entry (● ✛) was cut off; the longest label is shortened
    instead, on the line that overflows, so every entry keeps its glyph and the start of its label."""
    f = "exp(-1/2)/2 + exp(-1/2)*(x - 1/2)/2 - exp(-1/2)*(y - 1/2)/2"
    spec = {"kind": "contour", "f": f, "x": [-0.5, 1.5], "y": [-0.5, 1.5], "levels": [0, 0.1, 0.2, 0.3, 0.4],
            "points": [[0.5, 0.5, "✛"]], "title": "first order"}
    for width in (77, 40):
        legend = plots.render_text(spec, width, 14).rstrip("\n").splitlines()[-1].strip()
        assert legend.startswith("• levels of f = e^(−1/2)/2") and legend.endswith("…   ● ✛"), legend
        assert len(legend) <= width - 2
    short = plots.render_text({**spec, "f": "x + y"}, 77, 14)  # entries that fit are never shortened
    assert "levels of f = x + y" in short and "…" not in short


def test_a_plot_caption_fits_its_width_and_its_table_stays_in_columns():
    """The caption under a plot at 80 columns: a long fact wraps at spaces with its continuation
    indented, a table too wide narrows its widest column and wraps those cells within it (the Taylor
    polynomials of 1/x about 4 were cut at the screen's edge)."""
    import plotext

    info = plots.draw({"kind": "taylor", "f": "1/x", "around": 4, "orders": [1, 2, 3], "x": [-1, 9]},
                      plotext, width=77, height=14)
    assert info.text() == info.text(width=200)  # room enough: as before
    text = info.text(width=56)
    lines = text.splitlines()
    assert all(len(line) <= 56 for line in lines), text
    rule = next(line for line in lines if line.startswith("─"))
    columns = [len(piece) for piece in rule.split("  ")]
    assert len(columns) == 3 and sum(columns) + 4 == len(rule) <= 56
    assert text.count("∞ (unbounded)") == 3  # every row kept, each cell once
    poly = "1/4 − (x − 4)/16 + (x − 4)²/64 − (x − 4)³/256"
    body = lines[lines.index(rule) + 1:]
    start = columns[0] + 2
    assert " ".join(line[start:start + columns[1]].strip() for line in body[-2:]).endswith(poly.split()[-1])
    contour = plots.draw({"kind": "contour", "f": "x*exp(-(x^2 + y^2))", "arrows": "gradient"}, plotext,
                         width=77, height=14).text(width=60)
    assert all(len(line) <= 60 for line in contour.splitlines())
    assert "\n  −2·x·y·e^(−x² − y²))" in contour  # a wrapped fact continues indented


async def test_a_plot_caption_is_fitted_to_the_panel_in_the_app():
    from textual.app import App

    from mfml_tui.course.model import Location, PlotSpec
    from mfml_tui.ui.widgets.plot import PlotPanel

    spec = PlotSpec("taylor", {"f": "1/x", "around": 4, "orders": [1, 2, 3], "x": [-1, 9]},
                    Location(Path("-"), 1))

    class Host(App):
        def compose(self):
            yield PlotPanel(spec, marker="dot")

    app = Host()
    async with app.run_test(size=(62, 40)) as pilot:
        for _ in range(6):
            await pilot.pause()
        caption = str(app.query_one(".plot-caption").render())
        assert "∞ (unbounded)" in caption
        assert all(len(line) <= 60 for line in caption.splitlines()), caption

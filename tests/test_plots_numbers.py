"""Numbers in plot tables and notes: no e-notation (e is Euler's number), round-off shown as 0."""

import re
from pathlib import Path

import plotext
import pytest

from mfml_tui import engine, plots
from mfml_tui.course.model import Location, PlotSpec
from mfml_tui.explore.functions import num
from mfml_tui.plots.base import fmt
from mfml_tui.ui.ascii import asciify

SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
E_NOTATION = re.compile(r"\d[eE][−+-]?\d")


def value_of(text: str) -> float:
    """Read a printed number back: `−1.729×10⁻¹²` → -1.729e-12 (the oracle is float())."""
    text = text.replace("−", "-")
    if "×10" in text:
        mant, exp = text.split("×10")
        return float(mant) * 10.0 ** int(exp.translate(SUPER))
    return float(text)


def info_of(kind: str, **options) -> plots.DrawInfo:
    return plots.draw(PlotSpec(kind, options, Location(Path("t.md"), 1)), plotext, width=80, height=24)


@pytest.mark.parametrize(
    "v", [1.729e-12, -2.281e-6, 3.872e8, 3283.7, 541017.4, 5.054e-13, 0.0002352, -12.410978, 1e-5, 2.15e-5]
)
@pytest.mark.parametrize("show", [fmt, num])
def test_numbers_print_without_e_and_read_back(v, show):
    text = show(v)
    assert "e" not in text and "E" not in text
    assert value_of(text) == pytest.approx(v, rel=6e-4)


def test_times_ten_in_ascii_is_readable_and_means_the_number():
    text = asciify(fmt(-1.729e-12))
    assert text == "-1.729*10^(-12)"
    assert engine.evaluate(engine.parse(text), {}) == pytest.approx(-1.729e-12)
    assert asciify(fmt(3.872e8)) == "3.872*10^8"


def test_round_off_next_to_the_scale_prints_as_zero():
    assert fmt(1.012e-26, scale=1.0) == "0" and fmt(-3.5e-52, scale=2.0) == "0"
    assert fmt(5.054e-13, scale=2.0) == "0"  # below 10⁻⁹ of the scale: round-off (engine.printing.ROUND_OFF)
    assert fmt(5.054e-8, scale=2.0) == "5.054×10⁻⁸"  # 10⁸ times smaller is still a real value
    assert fmt(1.012e-26) == "1.012×10⁻²⁶"  # without a scale nothing is rounded away


def test_lagrange_table_shows_zero_where_zero_is_meant():
    # f = x²y on x² + y² = 3: stationary points (±√2, ±1) with λ = y, f = 2y, and (0, ±√3) with λ = f = 0
    info = info_of("lagrange", f="x^2 y", g="x^2 + y^2 - 3", x=[-2.5, 2.5], y=[-2.2, 2.2])
    text = info.table.text()
    assert not E_NOTATION.search(text) and "×10" not in text
    rows = {r[0]: r[1:] for r in info.table.rows}
    for y in ("−1.732", "1.732"):
        assert rows[f"(0, {y})"] == ("0", "0")
    assert rows["(1.414, 1)"] == ("1", "2") and rows["(−1.414, −1)"] == ("−1", "−2")


def test_newton_table_has_no_e_notation_and_round_off_is_zero():
    info = info_of("newton", f="x^3 - 3x + 1", start=-0.9, steps=10)
    text = info.text()
    assert not E_NOTATION.search(text)
    fs = [r[2] for r in info.table.rows]
    true = [value_of(v) for v in fs]
    # f(xᵢ) read back matches the iterates' values; the last ones are round-off (|f| ≈ 4e-16) → 0
    for shown, v in zip(true, info.values["iterates"], strict=False):
        exact = v**3 - 3 * v + 1
        assert shown == pytest.approx(exact, rel=1e-3, abs=1e-9 * abs(true[0]))
    assert fs[-1] == "0" and all(v == 0 or abs(v) > 1e-9 * abs(true[0]) for v in true)


def test_taylor_table_error_column_prints_a_whole_number_not_e():
    info = info_of("taylor", f="1/(1 + x^2)", orders=[12], x=[-2, 2])
    (row,) = info.table.rows
    assert not E_NOTATION.search(row[2])
    assert value_of(row[2]) == pytest.approx(info.values["max_error"][12], rel=1e-3)


def test_taylor_max_error_over_a_pole_is_unbounded_not_a_sampled_number():
    """1/x about 4 on [−1, 9]: the largest sampled error (27.5, at the sample nearest 0) was a number
    made by the sampling; |1/x − p(x)| is unbounded there. Without the pole the column is the true
    maximum (found here by an independent dense search)."""
    import numpy as np

    info = info_of("taylor", f="1/x", around=4, orders=[1, 2], x=[-1, 9])
    assert [r[2] for r in info.table.rows] == ["∞ (unbounded)"] * 2
    assert info.values["max_error"][1] == float("inf")
    info = info_of("taylor", f="1/x", around=4, orders=[1, 2], x=[1, 9])
    xs = np.linspace(1, 9, 200001)
    for n, p in ((1, 1 / 4 - (xs - 4) / 16), (2, 1 / 4 - (xs - 4) / 16 + (xs - 4) ** 2 / 64)):
        assert info.values["max_error"][n] == pytest.approx(np.max(np.abs(1 / xs - p)), rel=1e-3)


def test_newton_steps_up_to_f_use_a_guide_marker_not_the_curves():
    spec = {"kind": "newton", "f": "x^3 - 3x + 1", "start": -0.9, "show": 3}
    for marker, curve_glyph, guide in (("dot", "•", "┊"), ("ascii", "*", ":")):
        text = plots.render_text(spec, 80, 24, marker=marker)
        lines = text.splitlines()
        # the x₁ label sits on the axis; the column above it up to f(x₁) = 68.3 is drawn in the guide marker
        axis = next(i for i, line in enumerate(lines) if "x₁" in line)
        label = lines[axis].index("x₁")
        cols = {c: [line[c] for line in lines[:axis] if len(line) > c] for c in range(label - 1, label + 3)}
        col, above = max(cols.items(), key=lambda kv: kv[1].count(guide))
        assert above.count(guide) >= 5, f"{marker}: {cols}"
        run = [i for i, ch in enumerate(above) if ch == guide]
        assert curve_glyph not in above[run[0] : run[-1] + 1]


def test_ascii_table_keeps_its_columns_when_cells_are_converted_first():
    info = info_of("newton", f="x^6/6 - 3x^4 - 2x^3/3 + 27x^2/2 + 18x - 30", start=1.99, steps=20)
    lines = info.text(asciify).splitlines()
    table = lines[lines.index("") + 1 :]
    assert all(line.isascii() for line in lines)
    assert len({len(line) for line in table}) == 1  # every row as wide as the header: columns line up
    assert any("*10^8" in line for line in table)
    assert info.text() == info.text(None)


# ------------------------------------------------------------------------- one formatter, one digit table
def test_every_formatter_is_engine_printing_number():
    """Plots, explorers, optimisation and quiz prose all print through `engine.printing.number`: the same
    value reads the same everywhere (a quiz prints 6 significant digits, the others 4)."""
    from mfml_tui.engine import optimise, printing
    from mfml_tui.explore.functions import num
    from mfml_tui.plots.base import fmt
    from mfml_tui.quiz.render import QUIZ_DIGITS, format_number

    for v in (123456.0, -1.0e-5, 0.1 + 0.2, 2 ** 0.5, 3.0, -0.0, 1.5e-7, 6.02e23, float("nan")):
        assert fmt(v) == num(v) == printing.number(v)
        assert format_number(v) == printing.number(v, QUIZ_DIGITS)
        assert not re.search(r"\de", format_number(v) + fmt(v))  # no e-notation
    assert optimise._fmt(-1.0e-5) == printing.number(-1.0e-5, 6).replace("−", "-") == "-1×10⁻⁵"
    # an author's format spec goes through it too, and never prints e-notation
    assert format_number(2.5, ".2f") == "2.50"
    assert format_number(1.5e-7, ".3g") == "1.5×10⁻⁷"
    assert format_number(-12345.0, ".2e") == "−1.23×10⁴"


def test_one_digit_table():
    """Super/subscript digits are written once (the parser's table, read backwards by engine.printing):
    no other module builds its own with str.maketrans."""
    root = Path(__file__).parent.parent / "mfml_tui"
    digits = re.compile(r"maketrans\([^)]*(?:⁰¹²|₀₁₂|0123456789)")
    found = [str(p.relative_to(root)) for p in root.rglob("*.py")
             if digits.search(p.read_text(encoding="utf-8"))]
    assert found == [], found

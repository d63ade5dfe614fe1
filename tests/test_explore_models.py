"""The explorers' pure state models: each key does what it says, the numbers are right."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from mfml_tui.course.model import ExploreSpec, Location
from mfml_tui.explore import KINDS, build, defaults, validate
from mfml_tui.explore.chi2 import Chi2Game
from mfml_tui.explore.descent import DescentState
from mfml_tui.explore.functions import FunctionError, curve, num, surface
from mfml_tui.explore.lagrange import LagrangeState
from mfml_tui.explore.network import HeartTrainer, SliderNetwork
from mfml_tui.explore.newton import NewtonState
from mfml_tui.explore.secant import SecantState
from mfml_tui.explore.taylor import TaylorState


def spec(kind, **options):
    return ExploreSpec(kind, options, Location(Path("lesson.md"), 3))


# -- functions -----------------------------------------------------------------------------------------


def test_curve_and_surface_compile_from_text():
    c = curve("x^3 - 2x + 2")
    assert c(2.0) == 6.0 and c.derivative(1)(2.0) == 10.0
    assert list(c(np.array([0.0, 1.0]))) == [2.0, 1.0]
    s = surface("x^2 y")
    assert s.gradient(1.0, 2.0) == pytest.approx([4.0, 1.0])
    assert s.hessian(1.0, 2.0) == pytest.approx(np.array([[4.0, 2.0], [2.0, 0.0]]))
    with pytest.raises(FunctionError):
        curve("x*y")
    with pytest.raises(FunctionError):
        curve("sin(")


def test_num_formats_for_the_screen():
    assert num(-0.5) == "−0.5" and num(float("nan")) == "undefined" and num(1.23456e-7) == "1.235×10⁻⁷"


# -- secant --------------------------------------------------------------------------------------------


def test_secant_smaller_h_approaches_the_derivative():
    s = SecantState("x^2", x0=1.0, h=1.0)
    assert s.quotient == pytest.approx(3.0) and s.derivative == pytest.approx(2.0)
    smaller = s.smaller()
    assert smaller.h == 0.5 and smaller.quotient == pytest.approx(2.5)
    assert smaller.larger().h == 1.0
    errors = []
    for _ in range(6):
        s = s.smaller()
        errors.append(abs(s.error))
    assert errors == sorted(errors, reverse=True) and errors[-1] < 0.02


def test_secant_central_is_exact_for_a_parabola_and_x0_moves():
    s = SecantState("x^2", x0=1.0, h=0.5).toggle_kind()
    assert s.kind == "central" and s.quotient == pytest.approx(2.0)
    assert s.move(3).x0 == pytest.approx(1.3)
    assert [row[0] for row in s.table(3)] == [2.0, 1.0, 0.5]


def test_secant_ladder_holds_the_starting_h_and_halves_when_h_is_off_the_1_2_5_steps():
    """A lesson that starts the explorer at h = 0.8 and says "halve h": the table's current row is
    0.8 (not 0.5) and ↓ gives 0.4, 0.2, 0.1 (not 0.8 → 0.2)."""
    s = build("secant", {"f": "exp(x)", "x0": 1, "h": 0.8})
    assert s.h == 0.8 and s.table(1)[0][0] == 0.8
    hs = [s.h]
    for _ in range(4):
        s = s.smaller()
        hs.append(s.h)
    assert hs == pytest.approx([0.8, 0.4, 0.2, 0.1, 0.05])
    assert [row[0] for row in s.table(3)] == pytest.approx([0.2, 0.1, 0.05])
    assert s.larger().h == pytest.approx(0.1)
    # an author's own rungs, with the starting h among them
    s = build("secant", {"h": 0.3, "hs": [1, 0.5, 0.1]})
    assert s.ladder == (1.0, 0.5, 0.3, 0.1)
    assert s.smaller().h == 0.1 and s.smaller().smaller().h == 0.1 and s.larger().larger().larger().h == 1.0
    assert validate(spec("secant", hs=[1, -1]))


def test_every_secant_explorer_steps_through_the_h_its_lesson_quotes():
    """The secant plots of a lesson quote their runs (hs): the lesson's secant explorers, started where
    the lesson starts them, reach every one of them with ↓/↑, and show their starting h."""
    from mfml_tui.course.loader import load_lesson
    from mfml_tui.course.model import PlotSpec

    root = Path(__file__).parents[1] / "lessons"
    checked = 0
    for path in sorted(root.glob("*/*.md")):
        if "kind = \"secant\"" not in path.read_text(encoding="utf-8"):
            continue
        specs = [getattr(b, "spec", None) for st in load_lesson(path).steps for b in st.blocks]
        quoted = {float(h) for p in specs if isinstance(p, PlotSpec) and p.kind == "secant"
                  for h in p.options.get("hs", [])}
        for e in specs:
            if isinstance(e, ExploreSpec) and e.kind == "secant":
                s = build("secant", e.options)
                assert s.table(1)[0][0] == s.h == float(e.options.get("h", 1.0))
                assert all(any(math.isclose(h, r) for r in s.ladder) for h in quoted), (path, quoted)
                checked += 1
    assert checked >= 2


# -- taylor --------------------------------------------------------------------------------------------


def test_taylor_order_point_and_menu():
    t = TaylorState.new(order=3)
    assert t.coefficients == pytest.approx([1, 1, 1 / 2, 1 / 6])
    assert t.higher().order == 4 and t.lower().order == 2 and t.lower().lower().lower().lower().order == 0
    cos = t.pick(1)
    assert cos.f == "cos(x)" and cos.coefficients == pytest.approx([1, 0, -0.5, 0])
    inv = t.pick(3).lower()  # 1/x about 4, second order
    assert inv.coefficients == pytest.approx([1 / 4, -1 / 16, 1 / 64])
    assert inv.formula() == "T₂(x) = 0.25 − 0.0625·(x − 4) + 0.01562·(x − 4)²"
    assert inv.move(1).around > 4


def test_taylor_polynomial_matches_f_near_p_and_reports_undefined():
    t = TaylorState.new("sin(x)", order=7)
    xs = np.linspace(-0.5, 0.5, 11)
    assert np.max(np.abs(t.polynomial(xs) - np.sin(xs))) < 1e-6
    bad = TaylorState.new("1/x", around=0.0, order=2)
    assert not bad.defined and "undefined" in bad.formula()


def test_taylor_spec_function_goes_first_in_the_menu():
    t = TaylorState.new("exp(x) * sin(x)", around=0.5, order=2)
    assert t.f == "exp(x) * sin(x)" and t.around == 0.5 and t.menu[0][1] == "exp(x) * sin(x)"
    assert t.next_function().f == "exp(x)"


# -- newton --------------------------------------------------------------------------------------------


def test_newton_steps_converge_from_minus_two():
    s = NewtonState("x^3 - 2x + 2", x0=-2.0)
    assert s.iterates == (-2.0,) and not s.finished
    s = s.step()
    assert len(s.iterates) == 2 and s.iterates[1] == pytest.approx(-2 - (-2) / 10)
    end = s.run_all()
    assert end.finished and end.iterates[-1] == pytest.approx(-1.769292354238631)
    assert "converged" in end.outcome
    assert end.reset().shown == 0


def test_newton_shows_the_cycle_from_zero_and_starts_move():
    s = NewtonState("x^3 - 2x + 2", x0=0.0).run_all()
    assert "cycling" in s.outcome
    assert s.move(1).x0 == pytest.approx(0.1) and s.move(1).shown == 0
    assert NewtonState(x0=-2.0, starts=(-2.0, 0.0, 1.0)).next_start().x0 == 0.0
    assert NewtonState(x0=1.0, starts=(-2.0, 0.0, 1.0)).next_start().x0 == -2.0


def test_newton_flat_tangent_is_reported():
    s = NewtonState("x^2 + 1", x0=0.0).run_all()
    assert not s.run.converged and "f′ is zero" in s.outcome


# -- descent -------------------------------------------------------------------------------------------


def test_descent_methods_find_different_stationary_points():
    s = DescentState()
    assert s.run_all().outcome.startswith("stopped at a minimum")
    hessian = s.next_rule()
    assert hessian.rule == "hessian" and "saddle" in hessian.run_all().outcome
    hybrid = hessian.next_rule()
    assert hybrid.rule == "hybrid" and "minimum" in hybrid.run_all().outcome


def test_descent_keys():
    s = DescentState(gamma=0.2)
    assert s.step().shown == 1 and len(s.step().path) == 2
    assert s.step().values[1] < s.values[0]
    assert s.gamma_up().gamma == 0.3 and s.gamma_down().gamma == 0.15
    moved = s.step().move(1, 0)
    assert moved.shown == 0 and moved.start[0] == pytest.approx(0.4)
    assert s.move(0, -1, big=True).start[1] == pytest.approx(1.0)


def test_descent_too_aggressive_does_not_settle():
    s = DescentState(gamma=0.5).run_all()  # γ·curvature = 2 across the valley: it bounces for ever
    assert "still walking" in s.outcome or "left" in s.outcome


def test_descent_levels_are_points_in_the_box():
    xs, ys = DescentState().levels()
    assert len(xs) > 100 and xs.min() >= -2.5 and ys.max() <= 2.0


# -- lagrange ------------------------------------------------------------------------------------------


def test_lagrange_point_stays_on_the_constraint_and_newton_finds_the_course_points():
    s = LagrangeState()
    g = surface(s.g)
    assert abs(g(*s.point)) < 1e-9
    moved = s.slide(3)
    assert abs(g(*moved.point)) < 1e-9 and moved.point != s.point
    found = set()
    for _ in range(60):
        moved = moved.slide(2)
        solved = moved.solve()
        found.add((round(solved.point[0], 3), round(solved.point[1], 3)))
    expected = {(0.931, -1.211), (-0.959, -1.164), (-0.626, -1.45), (-0.096, -0.425)}
    assert expected <= found


def test_lagrange_angle_is_parallel_at_a_solution():
    s = LagrangeState(point=(0.9, -1.2)).solve()
    assert s.misalignment < 1e-6
    assert s.found and s.found[0][3] == pytest.approx(0.115, abs=1e-3)
    assert s.grad_f == pytest.approx(s.lam * s.grad_g, abs=1e-9)


def test_lagrange_rejects_a_constraint_with_no_points():
    with pytest.raises(ValueError):
        LagrangeState(g="x^2 + y^2 + 1")


# -- chi² game -----------------------------------------------------------------------------------------


def test_chi2_keys_and_hint():
    g = Chi2Game()
    assert g.chi2 == pytest.approx(0.41)
    assert g.nudge(dm=1).m == pytest.approx(0.1) and g.nudge(dc=-1).c == pytest.approx(0.4)
    assert g.finer().step == 0.01 and g.finer().finer().finer().step == 0.1
    assert g.toggle_hint().hint
    gm, gc = g.gradient
    assert (gm, gc) == pytest.approx((-0.4, 0.0))


def test_chi2_descent_reaches_the_closed_form_minimum():
    g = Chi2Game()
    for _ in range(3000):
        g = g.descend()
    assert (g.m, g.c) == pytest.approx((2.0, -0.7), abs=1e-3)
    assert g.chi2 == pytest.approx(0.01, abs=1e-6) and g.won
    assert g.solve().chi2 == pytest.approx(g.best.chi2)
    assert g.goal == pytest.approx(0.011)


def test_chi2_solve_shows_the_best_line_but_does_not_win():
    solved = Chi2Game().solve()
    assert solved.chi2 <= solved.goal and not solved.won
    assert solved.nudge(dm=1).nudge(dm=-1).won  # the learner's own move back onto it does


def test_chi2_descent_crosses_the_steep_direction_in_one_step():
    """γ = 1/(largest curvature): after one step no slope is left along the steepest direction, so
    every press goes down the long valley (the lesson's point: steepest descent zig-zags there)."""
    g = Chi2Game()
    x = np.asarray(g.x)
    curvature = 2 * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), len(x)]])
    steep = np.linalg.eigh(curvature)[1][:, -1]
    after = g.descend()
    assert abs(np.dot(after.gradient, steep)) < 1e-9 * np.linalg.norm(g.gradient)
    assert after.chi2 < g.chi2


def test_chi2_keys_can_reach_the_target():
    g = Chi2Game(m=0.0, c=0.5)
    for _ in range(20):
        g = g.nudge(dm=1)
    for _ in range(12):
        g = g.nudge(dc=-1)
    assert (g.m, g.c) == pytest.approx((2.0, -0.7)) and g.won and g.moves == 32


def test_chi2_checks_its_data():
    with pytest.raises(ValueError):
        Chi2Game(x=(1.0, 2.0), y=(1.0,))
    with pytest.raises(ValueError):
        Chi2Game(x=(1.0, 1.0), y=(1.0, 2.0))


# -- networks ------------------------------------------------------------------------------------------


def test_slider_network_is_a_bump_and_sliders_move():
    s = SliderNetwork.new()
    xs, ys = s.curve(11)
    assert ys[5] > 0.9 and ys[0] < 0.1 and ys[-1] < 0.1
    assert s.key == "w1_00" and s.nudge(1).w["w1_00"] == 11.0
    last = s.select(-1)
    assert last.key == "x" and last.nudge(1).x == pytest.approx(0.55)
    assert s.nudge(100).w["w1_00"] == 20.0
    assert s.nudge(3).reset().w == SliderNetwork.new().w
    with pytest.raises(ValueError):
        SliderNetwork.new({"w9": 1.0})


def test_heart_training_reduces_the_cost():
    t = HeartTrainer(seed=0)
    start = t.snapshot()
    after = t.train(1000)
    assert after.iterations == 1000 and after.cost < 0.5 * start.cost
    assert after.output.shape == after.target.shape == (2, 100)
    assert t.reset().iterations == 0


# -- specs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_defaults_build_and_validate(kind):
    assert validate(spec(kind)) == []
    assert validate(spec(kind, **{k: v for k, v in defaults(kind).items() if v is not None})) == []
    assert build(kind, {}) is not None


def test_validate_reports_problems_as_sentences():
    """Explorer options are read by the plots' options reader: the same messages as a plot's."""
    assert validate(spec("nope"))[0].startswith("unknown explorer kind `nope`")
    problems = validate(spec("secant", f="x+", typo=1))
    assert any("unknown option `typo`" in p for p in problems)
    assert any(p.startswith("f: ") and "column" in p for p in problems)
    assert validate(spec("secant", f="x*y")) == ["f: 'x*y' uses y; only x may appear"]
    assert validate(spec("descent", gamma="big")) == [
        "gamma: expected a number (or a constant such as pi/2), got 'big'"]
    assert validate(spec("descent", rule="fast"))[0].startswith("rule: expected one of")
    assert validate(spec("taylor", x=[3, 1]))[0].startswith("x: range is reversed")
    assert validate(spec("chi2", x=[1, 2, 3], y=[1, 2]))[0].startswith("chi2 explorer:")
    assert validate(spec("sandpit", pit="beach"))[0].startswith("pit: expected one of")
    assert validate(spec("sandpit", limit=0)) == ["limit: must be at least 1, got 0"]
    assert validate(spec("network", weights={"w1_00": "x"}))[0].startswith("weights:")
    assert validate(spec("lagrange", g="x^2 + y^2 + 1"))[0].startswith("lagrange explorer:")


def test_misspelt_explorer_options_and_kinds_get_did_you_mean():
    assert validate(spec("descent", gama=0.3))[0].startswith("unknown option `gama` (did you mean `gamma`?)")
    assert validate(spec("secnt"))[0].startswith("unknown explorer kind `secnt` (did you mean `secant`?)")
    assert validate(spec("sandpit", Limit=3))[0].startswith("unknown option `Limit` (did you mean `limit`?)")


def test_spec_options_reach_the_state():
    s = build(
        "sandpit", {"pit": "well", "seed": 4, "rule": "hybrid", "gamma": 0.3, "arrows": False, "limit": 10}
    )
    assert (s.pit.name, s.pit.seed, s.rule, s.gamma, s.shows_arrows, s.limit) == (
        "well",
        4,
        "hybrid",
        0.3,
        False,
        10,
    )
    t = build("taylor", {"f": "cos(x)", "around": 1.0, "order": 4, "x": [-2, 4]})
    assert (t.f, t.around, t.order, t.x) == ("cos(x)", 1.0, 4, (-2.0, 4.0))
    n = build("newton", {"f": "x^2 - 2", "x0": 1, "starts": [1, 3]})
    assert n.run_all().iterates[-1] == pytest.approx(math.sqrt(2))


def test_lagrange_round_off_multiplier_prints_as_zero():
    # f = x²y on x² + y² = 3: at (0, −√3) ∇f = 0, so λ = 0 exactly; Newton leaves ~10⁻³⁶ behind
    s = LagrangeState(f="x^2 y", g="x^2 + y^2 - 3", x=(-2.5, 2.5), y=(-2.2, 2.2), point=(0.05, -1.7)).solve()
    assert s.point == pytest.approx((0.0, -math.sqrt(3)), abs=1e-9)
    assert abs(s.found[-1][2]) < 1e-12
    assert s.message.endswith("λ = 0"), s.message
    assert num(1.5e-36, scale=1.0) == "0" and num(1.5e-12, scale=1.0) == "0"  # below 10⁻⁹ of the scale
    assert num(1.5e-12) == "1.5×10⁻¹²" and num(1.5e-8, scale=1.0) == "1.5×10⁻⁸"


def test_lagrange_round_off_gradient_is_zero_not_an_arrow():
    """Where ∇f is round-off (Newton's point at (10⁻²⁶, −√3) for f = x²y) it is 0: no direction, no angle."""
    s = LagrangeState(f="x^2 y", g="x^2 + y^2 - 3", x=(-2.5, 2.5), y=(-2.2, 2.2),
                      point=(1e-26, -math.sqrt(3)))
    assert not s.grad_f.any() and math.isnan(s.angle)
    x, y = LagrangeState(f="x^2 y", g="x^2 + y^2 - 3", point=(1.0, 1.0)).point  # snapped onto g = 0
    real = LagrangeState(f="x^2 y", g="x^2 + y^2 - 3", point=(1.0, 1.0))
    assert real.grad_f == pytest.approx((2 * x * y, x * x)) and math.isfinite(real.angle)

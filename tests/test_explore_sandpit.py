"""The sandpit game's pits and rules, played without a terminal."""

import numpy as np
import pytest

from mfml_tui.explore.pits import PITS, SIZE, make_pit
from mfml_tui.explore.rules import arrow_glyph, next_step
from mfml_tui.explore.sandpit import (
    HURRY,
    HURRY_UP,
    LIMIT,
    LOST,
    MIN_START,
    STUCK,
    TOL,
    WIN,
    WIN_WORKER,
    SandpitGame,
)


def follow_the_arrows(game: SandpitGame) -> SandpitGame:
    """A learner who dips, moves along the arrow shown, and dips again."""
    while not game.over and not game.stuck:
        game = game.dip()
        d = game.last
        game = game.move_to(d.x + d.arrow[0], d.y + d.arrow[1])
    return game


@pytest.mark.parametrize("name", list(PITS))
def test_every_pit_is_scaled_from_minus_one_to_minus_nine(name):
    pit = make_pit(name, seed=3)
    _, _, Z = pit.grid(121)
    assert Z.max() == pytest.approx(-1.0, abs=0.05)
    assert pit.depth(*pit.phone) == pytest.approx(-9.0, abs=1e-6)
    assert Z.min() >= -9.0 - 1e-9
    assert 0 <= pit.phone[0] <= SIZE and 0 <= pit.phone[1] <= SIZE


def test_intro_pit_phone_is_where_the_course_says():
    assert make_pit("intro").phone == pytest.approx((1.21, 4.01), abs=0.01)


def test_random_pits_are_reproducible_from_their_seed():
    a, b, c = make_pit("random", 5), make_pit("random", 5), make_pit("random", 6)
    assert a.depth(1.0, 2.0) == b.depth(1.0, 2.0)
    assert a.phone != c.phone


def test_arrow_points_downhill_and_is_at_most_one_metre():
    pit = make_pit("intro")
    for x, y in [(0.5, 0.5), (3, 3), (5.5, 1), (2, 5)]:
        a = pit.arrow(x, y)
        assert np.hypot(*a) <= 1.0 + 1e-12
        assert pit.depth(x + 0.01 * a[0], y + 0.01 * a[1]) < pit.depth(x, y)


def test_glyphs():
    assert [
        arrow_glyph(*v) for v in [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]
    ] == list("→↗↑↖←↙↓↘")
    assert arrow_glyph(0, 0) == "·"


def test_cursor_keys_move_and_stay_on_the_board():
    g = SandpitGame.new("intro", start=(3.0, 3.0))
    assert g.move(1, 0).cursor == pytest.approx((3.1, 3.0))
    assert g.move(0, -1, big=True).cursor == pytest.approx((3.0, 2.5))
    far = g
    for _ in range(20):
        far = far.move(-1, 1, big=True)
    assert far.cursor == (0.0, SIZE)


def test_following_the_arrows_wins_the_intro_pit():
    game = follow_the_arrows(SandpitGame.new("intro", seed=0))
    assert game.won, game.message
    assert game.message == WIN
    assert game.used <= LIMIT
    last = game.last
    assert np.hypot(last.x - game.phone[0], last.y - game.phone[1]) <= TOL


def test_a_dip_records_depth_and_arrow():
    game = SandpitGame.new("intro", start=(3.0, 3.0)).dip()
    d = game.last
    assert (d.n, d.x, d.y) == (1, 3.0, 3.0)
    assert d.depth == pytest.approx(float(game.pit.depth(3.0, 3.0)))
    assert d.arrow is not None and d.glyph in "→↗↑↖←↙↓↘"
    assert "m" in d.describe()


def test_depth_only_pit_shows_no_arrow():
    d = SandpitGame.new("depth_only").dip().last
    assert d.arrow is None and d.glyph == ""


def test_stuck_in_a_local_optimum_is_reported():
    game = SandpitGame.new("many_minima", seed=1)
    px, py = game.phone
    # find a local minimum that is not the phone
    for x, y in [(3, 3), (1, 1), (5, 5), (1, 5), (5, 1), (3, 1), (3, 5)]:
        mx, my = game.pit.local_minimum(x, y)
        if np.hypot(mx - px, my - py) > 1:
            break
    else:
        pytest.fail("no local minimum found")
    after = game.move_to(mx + 0.05, my).dip()
    assert after.stuck and after.message == STUCK
    assert not after.over
    # the gradient there is (nearly) zero
    assert np.hypot(*game.pit.gradient(mx, my)) < 0.05


def test_the_limit_ends_the_game():
    game = SandpitGame.new("intro", limit=3, start=(5.9, 0.1))
    for _ in range(5):
        game = game.dip()
    assert game.outcome == "lost" and game.used == 3 and game.message == LOST
    assert len(game.contours[0]) > 100  # revealed


def test_the_supervisor_hurries_near_the_limit():
    game = SandpitGame.new("intro", start=(5.9, 0.1))
    for _ in range(HURRY):
        game = game.dip()
    assert game.used == HURRY and game.message == HURRY_UP and not game.over


def test_worker_rule_takes_automatic_steps():
    game = SandpitGame.new("intro", rule="gradient", gamma=0.5, start=(2.5, 3.0)).dip()
    auto = [d for d in game.dips if d.auto]
    assert 1 <= len(auto) <= 5
    assert game.used == 1
    # each automatic step goes downhill on this smooth pit with a small γ
    depths = [d.depth for d in game.dips]
    assert depths[1] < depths[0]


def test_hybrid_worker_can_find_the_phone():
    game = SandpitGame.new("intro", rule="hybrid", gamma=0.5, start=(2.0, 3.5))
    for _ in range(5):
        game = game.dip()
        if game.over:
            break
        game = game.move_to(game.last.x, game.last.y)
    assert game.won


def test_step_rules():
    J = np.array([1.0, -2.0])
    H = np.array([[2.0, 0.0], [0.0, 4.0]])
    assert next_step("gradient", J, H, 0.5) == pytest.approx([-0.5, 1.0])
    assert next_step("hessian", J, H, 0.5) == pytest.approx([-0.5, 0.5])
    # a maximum: the Hessian step goes uphill, hybrid refuses it
    assert next_step("hybrid", J, -H, 0.5) == pytest.approx([-0.5, 1.0])


def test_restart_and_new_pit():
    game = SandpitGame.new("random", seed=2).dip()
    assert game.restart().dips == ()
    assert game.restart(seed=3).pit.seed == 3


@pytest.mark.slow
@pytest.mark.parametrize("pit", list(PITS))
def test_no_pit_is_won_by_one_dip_from_where_the_stick_starts(pit):
    """The stick starts at a point drawn from the seed, at least MIN_START from the phone (the many-minima
    pit used to put the phone at (2.977, 3.030) next to a fixed start at (3, 3))."""
    starts = set()
    for seed in range(60):
        g = SandpitGame.new(pit, seed)
        assert np.hypot(g.cursor[0] - g.phone[0], g.cursor[1] - g.phone[1]) >= MIN_START
        assert not g.dip().won
        assert g.restart().cursor == g.cursor  # a retry starts where the game did
        starts.add(g.cursor)
    assert len(starts) > 30  # not one fixed point


def test_a_workers_win_is_a_demonstration():
    probe = SandpitGame.new("intro", 0)
    px, py = probe.phone
    g = SandpitGame.new("intro", 0, rule="hessian", start=(px + 0.5, py - 0.4)).dip()
    assert g.won and g.used == 1 and any(d.auto for d in g.dips)
    assert g.helped and not g.counts and g.message == WIN_WORKER
    mine = follow_the_arrows(SandpitGame.new("intro", 0))
    assert mine.won and mine.counts


def test_the_depth_only_worker_sees_only_depths(monkeypatch):
    """Depth-only: the worker's J and H come from depths it measures around it (finite differences),
    never from the pit's gradient or Hessian; with arrows it uses them."""
    game = SandpitGame.new("depth_only", 3, rule="gradient", gamma=0.5)
    p = np.array(game.cursor)
    exact = game.pit.gradient(*p), game.pit.hessian(*p)

    def forbidden(*a, **k):
        raise AssertionError("the depth-only worker asked for the gradient")

    monkeypatch.setattr(type(game.pit), "gradient", forbidden)
    monkeypatch.setattr(type(game.pit), "hessian", forbidden)
    J, H = game._slope(p)
    monkeypatch.undo()
    assert pytest.approx(exact[0], abs=1e-2) == J
    assert pytest.approx(exact[1], abs=0.1) == H
    after = game.dip()
    assert all(d.arrow is None for d in after.dips)


def test_every_message_fits_an_80_column_status_line():
    from mfml_tui.explore import sandpit as S

    for name in ("WIN", "WIN_DEPTH_ONLY", "WIN_WORKER", "STUCK", "HURRY_UP", "LOST"):
        assert len(getattr(S, name)) <= 76, name

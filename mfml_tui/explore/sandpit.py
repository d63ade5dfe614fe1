"""The sandpit game (week 2 lab, and week 5's "gradient descent in a sandpit"): find the phone.

A phone rolled to the deepest point of a hidden 6 m × 6 m pit. Each dip of the stick tells the depth
there and (unless the game is depth-only) shows the downhill arrow −J/5, clipped to 1 m. The phone is
found when a dip lands within 0.15 m of it; after 25 dips the supervisor gives up. A dip that lands
next to a minimum which is not the deepest says so ("stuck in a local optimum").

With a rule (`gradient`, `hessian`, `hybrid`) a worker takes 5 more steps automatically after each dip.

`Sandpit` is immutable: every key returns a new state, so the widget and the tests share one model.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from .functions import num
from .pits import SIZE, Pit, make_pit
from .rules import RULES, arrow_glyph, level_points, next_step

TOL = 0.15  #: win radius, metres
LIMIT = 25  #: dips allowed
HURRY = 22  #: the supervisor starts to worry at this dip
AUTO_STEPS = 5
STEP, BIG_STEP = 0.1, 0.5  #: cursor moves (metres)
FLAT = 0.05  #: |∇depth| below this (m per m) counts as a stationary point

MIN_START = 1.5  #: the stick starts at least this far (metres) from the phone: no win by one dip
PROBE = 0.05  #: a depth-only worker feels the slope by dipping this far (metres) either side

# every message fits the status line of an 80-column terminal (76 columns inside the border)
WIN = "Congratulations! You found the phone."
WIN_DEPTH_ONLY = "Congratulations! You found the phone without the arrows: much harder!"
WIN_WORKER = "The worker found the phone: a demonstration, not counted as your best."
STUCK = "Oh no! You've got stuck in a local optimum. Try somewhere else!"
HURRY_UP = "Hurry up! The supervisor has calls to make."
LOST = "Try again. You've taken too many tries to find the phone."


@dataclass(frozen=True)
class Dip:
    """One measurement: where, how deep, and the arrow −J/5 shown (None in depth-only mode)."""

    n: int  #: the learner's dip number (auto steps share the number of the dip they followed)
    x: float
    y: float
    depth: float
    arrow: tuple[float, float] | None
    auto: bool = False  #: taken by the worker's rule, not by the learner

    @property
    def glyph(self) -> str:
        return arrow_glyph(*self.arrow) if self.arrow is not None else ""

    @property
    def length(self) -> float:
        return float(np.hypot(*self.arrow)) if self.arrow is not None else 0.0

    def describe(self) -> str:
        """`3) −4.21 m ↗ 0.62` — the dip log line."""
        tag = "·" if self.auto else f"{self.n})"
        text = f"{tag} {self.depth:.2f} m".replace("-", "−")
        if self.arrow is not None:
            text += f" {self.glyph} {self.length:.2f}"
        return text


@dataclass(frozen=True)
class SandpitGame:
    """The state of one game."""

    pit: Pit
    cursor: tuple[float, float] = (3.0, 3.0)
    dips: tuple[Dip, ...] = ()
    outcome: str = "playing"  #: playing | won | lost
    message: str = "Move with the arrow keys (Shift: faster), Enter to dip."
    stuck: bool = False  #: the last dip is stuck in a local optimum
    arrows: bool | None = None  #: None: as the pit says (False for the depth-only pit)
    rule: str | None = None  #: a worker rule taking AUTO_STEPS steps after each dip, or None
    gamma: float = 0.5
    limit: int = LIMIT
    tol: float = TOL
    seed: int = 0  #: draws the start (and the pit, for the random kinds)
    helped: bool = False  #: a worker took steps in this game: a demonstration, never a best score
    _extra: dict = field(default_factory=dict, compare=False, repr=False)
    size = SIZE  #: the board is [0, size]² metres (a class attribute: the drawing reads it)

    # -- construction -------------------------------------------------------------------------------
    @classmethod
    def new(
        cls,
        pit: str = "intro",
        seed: int = 0,
        *,
        rule: str | None = None,
        gamma: float = 0.5,
        arrows: bool | None = None,
        limit: int = LIMIT,
        start: tuple[float, float] | None = None,
    ) -> SandpitGame:
        """A game on the pit `pit` built from `seed`; the stick starts at `start`, or (None) at a point
        drawn from the seed at least MIN_START from the phone, so no pit is won by one dip."""
        if rule is not None and rule not in RULES:
            raise ValueError(f"unknown rule {rule!r}")
        p = make_pit(pit, seed)
        cursor = _clamp(start) if start is not None else start_point(p, seed)
        return cls(p, cursor=cursor, rule=rule, gamma=gamma, arrows=arrows, limit=limit, seed=int(seed))

    def restart(self, seed: int | None = None) -> SandpitGame:
        """A fresh game on the same kind of pit (a new pit, and a new start, when `seed` is given)."""
        pit = self.pit if seed is None else make_pit(self.pit.name, seed)
        seed = self.seed if seed is None else int(seed)
        return SandpitGame(
            pit, cursor=start_point(pit, seed), rule=self.rule, gamma=self.gamma, arrows=self.arrows,
            limit=self.limit, tol=self.tol, seed=seed,
        )

    # -- what to show -------------------------------------------------------------------------------
    @property
    def shows_arrows(self) -> bool:
        return self.pit.arrows if self.arrows is None else self.arrows

    @property
    def used(self) -> int:
        """Dips the learner has made (worker steps are free)."""
        return sum(1 for d in self.dips if not d.auto)

    @property
    def over(self) -> bool:
        return self.outcome != "playing"

    @property
    def won(self) -> bool:
        return self.outcome == "won"

    @property
    def phone(self) -> tuple[float, float]:
        return self.pit.phone

    @property
    def last(self) -> Dip | None:
        return self.dips[-1] if self.dips else None

    @property
    def contours(self) -> tuple[np.ndarray, np.ndarray]:
        """Ten level curves as dotted points, revealed at the end."""
        return self.contours_of(10)

    @cached_property
    def _contours(self) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        return {}

    def contours_of(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """`n` level curves from −8.6 m to −1.4 m (fewer on a small plot: `plots.levels.level_count`)."""
        if n not in self._contours:
            X, Y, Z = self.pit.grid(81)
            self._contours[n] = level_points(X, Y, Z, np.linspace(-8.6, -1.4, int(n)))
        return self._contours[n]

    def status(self) -> str:
        mode = "depth only" if not self.shows_arrows else "arrows"
        if self.rule:
            gamma = f" γ={num(self.gamma)}" if self.rule != "hessian" else ""
            mode += f", worker: {self.rule}{gamma}"
        x, y = self.cursor
        return f"{self.pit.title} · {mode} · dips {self.used}/{self.limit} · cursor ({x:.2f}, {y:.2f})"

    # -- keys ---------------------------------------------------------------------------------------
    def move(self, dx: float, dy: float, big: bool = False) -> SandpitGame:
        """Move the cursor by (dx, dy) steps of 0.1 m (0.5 m when `big`), kept on the board."""
        s = BIG_STEP if big else STEP
        return replace(self, cursor=_clamp((self.cursor[0] + dx * s, self.cursor[1] + dy * s)))

    def move_to(self, x: float, y: float) -> SandpitGame:
        return replace(self, cursor=_clamp((x, y)))

    def with_rule(self, rule: str | None) -> SandpitGame:
        if rule is not None and rule not in RULES:
            raise ValueError(f"unknown rule {rule!r}")
        return replace(self, rule=rule)

    def cycle_rule(self) -> SandpitGame:
        order = [None, *RULES]
        return self.with_rule(order[(order.index(self.rule) + 1) % len(order)])

    def with_gamma(self, gamma: float) -> SandpitGame:
        return replace(self, gamma=float(min(max(gamma, 0.01), 10.0)))

    def dip(self) -> SandpitGame:
        """Dip at the cursor (then, with a rule, let the worker take up to 5 steps)."""
        if self.over:
            return self
        n = self.used + 1
        dips = list(self.dips)
        x, y = self.cursor
        dips.append(self._measure(n, x, y))
        outcome, message, stuck = self._judge(x, y)
        helped = self.helped
        if outcome == "playing" and not stuck and self.rule:
            helped = True
            p = np.array([x, y])
            for _ in range(AUTO_STEPS):
                J, H = self._slope(p)
                q = p + next_step(self.rule, J, H, self.gamma)
                if not (0 <= q[0] <= SIZE and 0 <= q[1] <= SIZE) or not np.all(np.isfinite(q)):
                    message = "The worker's next step would leave the pit: they stop."
                    break
                p = q
                dips.append(self._measure(n, float(p[0]), float(p[1]), auto=True))
                outcome, message, stuck = self._judge(float(p[0]), float(p[1]))
                if outcome != "playing" or stuck:
                    break
            else:
                message = message or f"The worker took {AUTO_STEPS} steps; dip again to restart them."
        if outcome == "won" and helped:
            message = WIN_WORKER
        if outcome == "playing" and n >= self.limit:
            outcome, message = "lost", LOST
        elif outcome == "playing" and not message:
            message = HURRY_UP if n >= HURRY else ""
        return replace(self, dips=tuple(dips), outcome=outcome, message=message, stuck=stuck, helped=helped)

    @property
    def counts(self) -> bool:
        """A win that may become a best score: the learner's own, no worker's steps in it."""
        return self.won and not self.helped

    def _slope(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """J and H as the worker knows them. With arrows, the pit's; depth-only, the worker sees only
        depths, so it feels the slope and the curvature by dipping PROBE either side (finite differences)."""
        if self.shows_arrows:
            return self.pit.gradient(*p), self.pit.hessian(*p)
        h = PROBE
        x, y = float(p[0]), float(p[1])

        def d(a: float, b: float) -> float:
            return float(self.pit.depth(a, b))

        c = d(x, y)
        xp, xm, yp, ym = d(x + h, y), d(x - h, y), d(x, y + h), d(x, y - h)
        J = np.array([(xp - xm) / (2 * h), (yp - ym) / (2 * h)])
        hxy = (d(x + h, y + h) - d(x + h, y - h) - d(x - h, y + h) + d(x - h, y - h)) / (4 * h * h)
        H = np.array([[(xp - 2 * c + xm) / (h * h), hxy], [hxy, (yp - 2 * c + ym) / (h * h)]])
        return J, H

    def give_up(self) -> SandpitGame:
        """Reveal the pit (counts as lost)."""
        if self.over:
            return self
        return replace(self, outcome="lost", message="The level curves and the phone are revealed.")

    # -- rules of the game --------------------------------------------------------------------------
    def _measure(self, n: int, x: float, y: float, auto: bool = False) -> Dip:
        arrow = None
        if self.shows_arrows:
            a = self.pit.arrow(x, y)
            arrow = (float(a[0]), float(a[1]))
        return Dip(n, x, y, float(self.pit.depth(x, y)), arrow, auto)

    def _judge(self, x: float, y: float) -> tuple[str, str, bool]:
        """(outcome, message, stuck) for a dip at (x, y)."""
        px, py = self.phone
        if np.hypot(x - px, y - py) <= self.tol:
            return "won", WIN if self.shows_arrows else WIN_DEPTH_ONLY, False
        if self.is_stuck(x, y):
            return "playing", STUCK, True
        return "playing", "", False

    def is_stuck(self, x: float, y: float) -> bool:
        """The dip is within tol of a local minimum (∇ ≈ 0 there) that is not where the phone is.

        A low corner or edge of the board is not a local optimum: the slope still points off the board.
        """
        mx, my = self.pit.local_minimum(x, y, max_travel=2 * self.tol)
        px, py = self.phone
        if np.hypot(mx - x, my - y) > self.tol or np.hypot(mx - px, my - py) <= self.tol:
            return False
        return bool(np.hypot(*self.pit.gradient(mx, my)) < FLAT)


def start_point(pit: Pit, seed: int = 0) -> tuple[float, float]:
    """Where the stick starts on `pit`: drawn from `seed` (a retry starts in the same place), on a
    0.1 m grid, at least MIN_START from the phone and inside the board's margin."""
    name_code = sum((i + 1) * ord(c) for i, c in enumerate(pit.name))
    rng = np.random.default_rng([abs(int(seed)), name_code])
    px, py = pit.phone
    for _ in range(200):
        x, y = (round(float(v), 1) for v in rng.uniform(0.5, SIZE - 0.5, 2))
        if np.hypot(x - px, y - py) >= MIN_START:
            return (x, y)
    return _clamp((SIZE - px, SIZE - py))  # the mirror image: far from a phone near the middle… or a corner


def _clamp(p: tuple[float, float]) -> tuple[float, float]:
    return (float(min(max(p[0], 0.0), SIZE)), float(min(max(p[1], 0.0), SIZE)))

"""Secant → tangent (week 1): shrink h and watch rise over run approach f′(x₀)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from mfml_tui.engine.finite import difference

from .functions import check_variable, curve

#: the h ladder: 2, 1, 0.5, 0.2, 0.1, … , 1e-12 (1-2-5 steps), so round-off shows up at the small end
LADDER: tuple[float, ...] = tuple(
    sorted({round(m * 10.0**e, 15) for e in range(-12, 1) for m in (1, 2, 5)} | {2.0}, reverse=True)
)
KINDS = ("forward", "central")
SMALLEST = 1e-12  #: the ladders stop here: round-off has long taken over


def ladder_for(h: float, hs: tuple[float, ...] = ()) -> tuple[float, ...]:
    """The rungs ↓/↑ move h along, largest first; the starting h is always one of them.

    An author's `hs` (with h added); else the 1-2-5 ladder when h is on it (1, 0.5, 0.1 as a lesson
    quotes them); else h halved again and again (and doubled twice), so an explorer started at
    h = 0.8 steps 0.8 → 0.4 → 0.2 as a lesson that says "halve h" expects, never 0.8 → 0.2.
    """
    if hs:
        return tuple(sorted({float(v) for v in hs} | {float(h)}, reverse=True))
    if any(abs(v - h) <= 1e-9 * h for v in LADDER):
        return LADDER
    rungs = [h * 2.0**k for k in range(2, -60, -1)]
    return tuple(v for v in rungs if v >= SMALLEST)


@dataclass(frozen=True)
class SecantState:
    """f (text in its variable, x unless the lesson says t), the point x₀, the run h and the kind of
    difference."""

    f: str = "x^2"
    x0: float = 1.0
    h: float = 1.0
    kind: str = "forward"
    x_step: float = 0.1
    ladder: tuple[float, ...] = ()  #: the h values ↓/↑ step through (default: `ladder_for(h)`)
    variable: str = "x"  #: the name f is written in; every caption says it (t₀, f′(t₀))

    def __post_init__(self) -> None:
        check_variable(self.variable)
        curve(self.f, self.variable)  # raises FunctionError for a bad function
        if self.kind not in KINDS:
            raise ValueError(f"kind is one of {', '.join(KINDS)}")
        if not self.h > 0:
            raise ValueError("h must be positive")
        if any(not v > 0 for v in self.ladder):
            raise ValueError("every h in hs must be positive")
        object.__setattr__(self, "ladder", ladder_for(self.h, self.ladder))

    # -- what to show -------------------------------------------------------------------------------
    @property
    def quotient(self) -> float:
        """[f(x₀+h) − f(x₀)]/h (forward) or [f(x₀+h) − f(x₀−h)]/2h (central)."""
        return float(difference(curve(self.f, self.variable), self.x0, self.h, self.kind))

    @property
    def derivative(self) -> float:
        """f′(x₀), from the engine's symbolic derivative."""
        return float(curve(self.f, self.variable).derivative(1)(self.x0))

    @property
    def error(self) -> float:
        return self.quotient - self.derivative

    @property
    def points(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The two points the secant passes through."""
        f = curve(self.f, self.variable)
        a = self.x0 - self.h if self.kind == "central" else self.x0
        b = self.x0 + self.h
        return (a, float(f(a))), (b, float(f(b)))

    def table(self, rows: int = 6) -> list[tuple[float, float, float]]:
        """(h, quotient, error) for the current h and the larger h before it on the ladder."""
        i = _index(self.ladder, self.h)
        hs = self.ladder[max(0, i - rows + 1) : i + 1]
        d = self.derivative
        f = curve(self.f, self.variable)
        return [(h, q, q - d) for h in hs for q in [float(difference(f, self.x0, h, self.kind))]]

    # -- keys ---------------------------------------------------------------------------------------
    def smaller(self) -> SecantState:
        i = _index(self.ladder, self.h)
        return replace(self, h=self.ladder[min(i + 1, len(self.ladder) - 1)])

    def larger(self) -> SecantState:
        i = _index(self.ladder, self.h)
        return replace(self, h=self.ladder[max(i - 1, 0)])

    def move(self, steps: int) -> SecantState:
        return replace(self, x0=round(self.x0 + steps * self.x_step, 10))

    def toggle_kind(self) -> SecantState:
        return replace(self, kind=KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)])


def _index(ladder: tuple[float, ...], h: float) -> int:
    """Position of h on the ladder (the first rung at or below it; h is a rung by construction)."""
    for i, v in enumerate(ladder):
        if v <= h * (1 + 1e-9):
            return i
    return len(ladder) - 1

"""Visualising Taylor series (week 4): pick f, the expansion point p and the order n; compare."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from mfml_tui.engine.printing import SUB, SUP

from .functions import curve, num

#: the function menu: (label, text, expansion point, x range)
MENU: tuple[tuple[str, str, float, tuple[float, float]], ...] = (
    ("eˣ", "exp(x)", 0.0, (-3.0, 3.0)),
    ("cos x", "cos(x)", 0.0, (-7.0, 7.0)),
    ("sin x", "sin(x)", 0.0, (-7.0, 7.0)),
    ("1/x about p", "1/x", 4.0, (-1.0, 9.0)),
    ("ln x", "ln(x)", 1.0, (-0.5, 4.0)),
    ("arctan x", "arctan(x)", 0.0, (-3.0, 3.0)),
    ("1/(1+x²)", "1/(1 + x^2)", 2.0, (-2.0, 5.0)),
)
MAX_ORDER = 12


@dataclass(frozen=True)
class TaylorState:
    """The function (text), its label, the expansion point, the order and the x range."""

    f: str = "exp(x)"
    label: str = "eˣ"
    around: float = 0.0
    order: int = 1
    x: tuple[float, float] = (-3.0, 3.0)
    menu: tuple[tuple[str, str, float, tuple[float, float]], ...] = MENU
    choice: int = 0  #: index into `menu`
    max_order: int = MAX_ORDER

    def __post_init__(self) -> None:
        curve(self.f)
        if not self.x[0] < self.x[1]:
            raise ValueError("the x range needs low < high")
        if not 0 <= self.order <= self.max_order:
            raise ValueError(f"order must be 0…{self.max_order}")

    @classmethod
    def new(
        cls,
        f: str | None = None,
        around: float | None = None,
        order: int = 1,
        x: tuple[float, float] | None = None,
        max_order: int = MAX_ORDER,
    ) -> TaylorState:
        """Start on `f` (added at the top of the menu) or on the first menu entry."""
        menu = MENU
        if f is not None:
            match = next((m for m in MENU if m[1].replace(" ", "") == f.replace(" ", "")), None)
            if match is None:
                entry = (curve(f).unicode, f, around or 0.0, tuple(x) if x else (-3.0, 3.0))
                menu = (entry, *MENU)
            else:
                menu = (match, *[m for m in MENU if m is not match])
        label, text, p, xr = menu[0]
        return cls(
            f=text,
            label=label,
            around=float(p if around is None else around),
            order=int(order),
            x=tuple(float(v) for v in (x or xr)),
            menu=menu,
            choice=0,
            max_order=max_order,
        )

    # -- what to show -------------------------------------------------------------------------------
    @property
    def coefficients(self) -> list[float]:
        """f⁽ᵏ⁾(p)/k! for k = 0…n."""
        return curve(self.f).taylor_coefficients(self.around, self.order)

    @property
    def defined(self) -> bool:
        """Whether f and its derivatives are finite at p (1/x cannot be expanded about 0)."""
        return all(math.isfinite(c) for c in self.coefficients)

    def polynomial(self, xs):
        """Tₙ(x) = Σ cₖ (x − p)ᵏ on an array."""
        xs = np.asarray(xs, dtype=float)
        out = np.zeros_like(xs)
        for k, c in enumerate(self.coefficients):
            out = out + c * (xs - self.around) ** k
        return out

    def formula(self) -> str:
        """Tₙ(x) as text: `T₃(x) = 1 + x + 0.5·x² + 0.1667·x³`."""
        p = self.around
        base = "x" if p == 0 else f"(x − {num(p)})" if p > 0 else f"(x + {num(-p)})"
        terms: list[str] = []
        name = f"T{str(self.order).translate(SUB)}(x)"
        for k, c in enumerate(self.coefficients):
            if not math.isfinite(c):
                return f"{name} is undefined: f is not defined at p = {num(p)}"
            if abs(c) < 1e-12:
                continue
            power = "" if k == 0 else base if k == 1 else base + str(k).translate(SUP)
            mag = num(abs(c))
            body = mag if k == 0 else power if mag == "1" else f"{mag}·{power}"
            sign = "−" if c < 0 else "+"
            terms.append(f"{sign} {body}" if terms else ("−" if c < 0 else "") + body)
        return f"{name} = {' '.join(terms) or '0'}"

    def y_range(self) -> tuple[float, float]:
        """A y range that shows f well (the polynomial may leave it)."""
        xs = np.linspace(*self.x, 400)
        ys = np.asarray(curve(self.f)(xs), dtype=float)
        ys = ys[np.isfinite(ys)]
        if ys.size == 0:
            return -1.0, 1.0
        lo, hi = np.percentile(ys, [3, 97])
        pad = max(0.25 * (hi - lo), 0.5)
        return float(lo - pad), float(hi + pad)

    # -- keys ---------------------------------------------------------------------------------------
    def higher(self) -> TaylorState:
        return replace(self, order=min(self.order + 1, self.max_order))

    def lower(self) -> TaylorState:
        return replace(self, order=max(self.order - 1, 0))

    def move(self, steps: int) -> TaylorState:
        step = (self.x[1] - self.x[0]) / 40
        p = round(self.around + steps * step, 10)
        return replace(self, around=float(np.clip(p, *self.x)))

    def pick(self, index: int) -> TaylorState:
        """Choose menu entry `index` (its own expansion point and x range; the order is kept)."""
        index %= len(self.menu)
        label, text, p, xr = self.menu[index]
        return replace(self, f=text, label=label, around=float(p), x=tuple(map(float, xr)), choice=index)

    def next_function(self, delta: int = 1) -> TaylorState:
        return self.pick(self.choice + delta)

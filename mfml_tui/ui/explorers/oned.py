"""One-variable explorers: secant → tangent, Taylor series, Newton–Raphson."""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.binding import Binding

from mfml_tui.explore.functions import curve, num, num_in
from mfml_tui.explore.newton import NewtonState
from mfml_tui.explore.secant import SecantState
from mfml_tui.explore.taylor import TaylorState

from .base import Explorer, Stepping, as_shown, zoom_keys


def in_variable(text: str, variable: str) -> str:
    """`text` written with x₀, xᵢ, xᵢ₊₁ in the explorer's variable (t₀, tᵢ, tᵢ₊₁): the lesson's letter."""
    return text if variable == "x" else text.replace("x₀", f"{variable}₀").replace("xᵢ", f"{variable}ᵢ")


class SecantExplorer(Explorer):
    """Shrink h: the secant through (x₀, f(x₀)) and (x₀+h, f(x₀+h)) turns into the tangent."""

    KIND = "secant"
    TITLE = "Secant → tangent"
    LEGEND = "↓/− smaller h   ↑/+ larger h   ←→ move x₀   c central/forward"
    BINDINGS = [
        Binding("down,minus", "smaller", "smaller h"),
        Binding("up,plus,equals_sign", "larger", "larger h"),
        Binding("left", "move(-1)", "point left", show=False),
        Binding("right", "move(1)", "point right", show=False),
        Binding("c", "kind", "central/forward"),
    ]

    def legend(self) -> str:
        return in_variable(self.LEGEND, self.state.variable)

    def action_smaller(self) -> None:
        self.state = self.state.smaller()

    def action_larger(self) -> None:
        self.state = self.state.larger()

    def action_move(self, steps: int) -> None:
        self.state = self.state.move(steps)

    def action_kind(self) -> None:
        self.state = self.state.toggle_kind()

    def side(self) -> Text:
        s: SecantState = self.state
        v = s.variable
        t = Text()
        t.append(f"f({v}) = {curve(s.f, v).unicode}\n", style="bold")
        t.append(f"{v}₀ = {num(s.x0)}   {s.kind}\n")
        key = self.key(width=self.SIDE_WIDTH - 1)
        t.append(f"{key}\n", style="italic")
        rows = max(self.size.height - 8 - len(key.splitlines()), 3) if self.is_mounted else 6
        table = s.table(rows=rows)
        hs = [num_in(h, 7, 2, shown=self._shown) for h, _, _ in table]
        es = [num_in(e, 9, 2, shown=self._shown) for _, _, e in table]
        # h and the error keep their widest cell (ASCII writes 5×10⁻¹⁰ as 5*10^(-10), ten cells) and the
        # quotient gives up digits, so a row never wraps in the panel; where even that cannot fit, the
        # error column goes (the status line under the plot still gives the error at the current h)
        width = self.SIDE_WIDTH - 1
        hw, ew = max([7, *map(len, hs)]), max([9, *map(len, es)])
        if width - 2 - hw - ew < 6:
            ew, es = 0, [""] * len(table)
        qw = width - hw - 1 - (ew + 1 if ew else 0)
        head = f"{'h':>{hw}} {'quotient':>{qw}}" + (f" {'error':>{ew}}" if ew else "")
        t.append(f"{head}\n", style="underline")
        newest = s.table(1)[0][0]
        for (h, q, _), hc, ec in zip(table, hs, es, strict=True):
            row = f"{hc:>{hw}} {num_in(q, qw, 6, shown=self._shown):>{qw}}" + (f" {ec:>{ew}}" if ew else "")
            t.append(f"{row}\n", style="bold" if h == newest else "")
        return t

    def status(self) -> Text:
        s: SecantState = self.state
        rise = "[f(x₀+h) − f(x₀−h)]/2h" if s.kind == "central" else "[f(x₀+h) − f(x₀)]/h"
        t = Text(f"h = {num(s.h)}: {in_variable(rise, s.variable)} = {num(s.quotient, 8)}\n")
        t.append(f"f′({s.variable}₀) = {num(s.derivative, 8)}   error {num(s.error, 3)}",
                 style=f"color({self.series(1)['color']})")
        return t


class TaylorExplorer(Explorer):
    """f and its Taylor polynomial Tₙ about p: change n, move p, pick f from the menu."""

    KIND = "taylor"
    TITLE = "Taylor series"
    LEGEND = "+/− order   ←→ move p   f/F next/previous function   1–9 pick"
    BINDINGS = [
        Binding("plus,equals_sign,up", "order(1)", "higher order"),
        Binding("minus,down", "order(-1)", "lower order"),
        Binding("left", "move(-1)", "p left", show=False),
        Binding("right", "move(1)", "p right", show=False),
        Binding("f", "function(1)", "next function"),
        Binding("F", "function(-1)", "previous function", show=False),
        *[Binding(str(i), f"pick({i - 1})", f"function {i}", show=False) for i in range(1, 10)],
    ]

    def action_order(self, delta: int) -> None:
        self.state = self.state.higher() if delta > 0 else self.state.lower()

    def action_move(self, steps: int) -> None:
        self.state = self.state.move(steps)

    def action_function(self, delta: int) -> None:
        self.state = self.state.next_function(delta)

    def action_pick(self, index: int) -> None:
        if index < len(self.state.menu):
            self.state = self.state.pick(index)

    def side(self) -> Text:
        s: TaylorState = self.state
        t = Text()
        t.append(f"order n = {s.order}   p = {num(s.around)}\n", style="bold")
        t.append(f"{self.key()}\n", style="italic")
        for i, (label, *_rest) in enumerate(s.menu):
            mark = "▶" if i == s.choice else " "
            t.append(f"{mark}{i + 1} {label}\n", style="bold reverse" if i == s.choice else "")
        return t

    def status(self) -> Text:
        s: TaylorState = self.state
        return Text(s.formula(), overflow="ellipsis")


class NewtonExplorer(Stepping):
    """Newton–Raphson one step per key: the tangent at xᵢ meets the axis at xᵢ₊₁."""

    KIND = "newton"
    TITLE = "Newton–Raphson"
    LEGEND = "⏎ step  e end  r reset  ←→ x₀ (⇧ ×10)  s preset start  i/o zoom  0 all"
    BINDINGS = [
        *Stepping.STEP_KEYS,
        Binding("left", "move(-1)", "start left", show=False),
        Binding("right", "move(1)", "start right", show=False),
        Binding("shift+left", "move(-10)", "start left fast", show=False),
        Binding("shift+right", "move(10)", "start right fast", show=False),
        Binding("s", "next_start", "preset start"),
        *zoom_keys("range"),  # f's y range follows the x window: steps in one row get the whole plot
    ]

    def legend(self) -> str:
        return in_variable(self.LEGEND, self.state.variable)

    def action_move(self, steps: int) -> None:
        self.state = self.state.move(steps)

    def action_next_start(self) -> None:
        self.state = self.state.next_start()

    def side(self) -> Text:
        s: NewtonState = self.state
        v = s.variable
        t = Text()
        t.append(f"f({v}) = {curve(s.f, v).unicode}\n", style="bold")
        t.append(f"{self.key(width=self.SIDE_WIDTH - 1)}\n", style="italic")
        # the headers as shown (ASCII writes xᵢ as x_i), padded after: the columns keep their widths
        xi, fxi = str(as_shown(self, v + "ᵢ")), str(as_shown(self, f"f({v}ᵢ)"))
        t.append(f"{'i':>2} {xi:>12} {fxi:>11}\n", style="underline")
        rows = s.table()
        header = len(t.plain.splitlines()) + (len(t.plain) // max(self.SIDE_WIDTH - 1, 1))
        keep = max(self.size.height - header - 1, 3) if self.is_mounted else 12
        fscale = abs(rows[0][2]) if rows and np.isfinite(rows[0][2]) else 0.0  # round-off next to f(x₀): 0
        for i, x, fx in rows[-keep:]:
            t.append(f"{i:>2} {num_in(x, 12, 8, shown=self._shown):>12} "
                     f"{num_in(fx, 11, 3, scale=fscale, shown=self._shown):>11}\n")
        return t

    def status(self) -> Text:
        s: NewtonState = self.state
        t = Text(f"{s.variable}₀ = {num(s.x0)}  ·  step {s.shown} of {s.run.steps}")
        if any(not s.visible(x) for x in s.iterates):  # on the first line: the outcome may fill the second
            t.append("   (some iterates are off the plot: o zooms out)", style="yellow")
        t.append("\n")
        if s.outcome:
            good = s.run.converged
            t.append(s.outcome, style="bold green" if good else "bold red")
        else:
            t.append(in_variable("xᵢ₊₁ = xᵢ − f(xᵢ)/f′(xᵢ)", s.variable), style="italic")
        return t

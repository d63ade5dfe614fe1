"""Two-variable explorers: gradient descent on level curves, Lagrange multipliers on a constraint."""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.binding import Binding

from mfml_tui.engine.printing import ROUND_OFF
from mfml_tui.explore.descent import DescentState
from mfml_tui.explore.functions import num, surface
from mfml_tui.explore.lagrange import LagrangeState
from mfml_tui.explore.rules import RULES, arrow_glyph

from .base import Explorer, Stepping, zoom_keys


class DescentExplorer(Stepping):
    """Walk downhill on level curves with a rule (steepest, Hessian, hybrid) and an aggression γ."""

    KIND = "descent"
    TITLE = "Gradient descent"
    LEGEND = "⏎ step  e end  r reset  +/− γ  m method  ←↑↓→ start (⇧)  i/o zoom  0 all"
    BINDINGS = [
        *Stepping.STEP_KEYS,
        Binding("plus,equals_sign", "gamma(1)", "γ up"),
        Binding("minus", "gamma(-1)", "γ down"),
        Binding("m", "method", "method"),
        Binding("left", "move(-1, 0)", "start left", show=False),
        Binding("right", "move(1, 0)", "start right", show=False),
        Binding("up", "move(0, 1)", "start up", show=False),
        Binding("down", "move(0, -1)", "start down", show=False),
        Binding("shift+left", "move(-1, 0, True)", "start left fast", show=False),
        Binding("shift+right", "move(1, 0, True)", "start right fast", show=False),
        Binding("shift+up", "move(0, 1, True)", "start up fast", show=False),
        Binding("shift+down", "move(0, -1, True)", "start down fast", show=False),
        *zoom_keys("map"),  # level curves are drawn afresh for the smaller box
    ]

    def action_gamma(self, direction: int) -> None:
        self.state = self.state.gamma_up() if direction > 0 else self.state.gamma_down()

    def action_method(self) -> None:
        self.state = self.state.next_rule()

    def action_move(self, dx: int, dy: int, big: bool = False) -> None:
        self.state = self.state.move(dx, dy, big)

    def side(self) -> Text:
        s: DescentState = self.state
        f = surface(s.f)
        p = s.path[-1]
        g = f.gradient(*p)
        t = Text()
        t.append(f"f = {f.unicode}\n", style="bold")
        t.append(f"{self.key(width=self.SIDE_WIDTH - 1)}\n", style="italic")
        t.append(f"method: {s.rule}\n", style="bold")
        t.append(f"{RULES[s.rule]}\n", style="italic")
        if s.rule != "hessian":
            t.append(f"γ = {num(s.gamma)}\n")
        t.append(f"start ({num(s.start[0])}, {num(s.start[1])})\n")
        # the path converges on a point: what is left next to the map, f(start) or ∇f(start) is round-off
        xy = max(map(abs, s.box))
        fs, gs = abs(float(s.values[0])), float(np.max(np.abs(f.gradient(*s.path[0]))))
        g = np.where(np.abs(g) <= ROUND_OFF * gs, 0.0, g)
        t.append(f"step {s.shown}: ({num(p[0], scale=xy)}, {num(p[1], scale=xy)})\n")
        t.append(f"f = {num(float(s.values[-1]), 6, scale=fs)}\n")
        # the arrow is the way downhill, −∇f: beside ∇f itself it pointed against the numbers it followed
        # ("∇f = (−0.573, 6) ↓"), so it says what it is
        t.append(f"∇f = ({num(g[0], 3)}, {num(g[1], 3)})\n")
        if g.any():
            t.append(f"downhill, −∇f: {arrow_glyph(-g[0], -g[1], unicode=self.style.unicode)}\n")
        return t

    def status(self) -> Text:
        s: DescentState = self.state
        t = Text(f"steps shown {s.shown} of {s.walk.steps}\n")
        if s.outcome:
            good = "minimum" in s.outcome
            t.append(s.outcome, style="bold green" if good else "bold red")
        return t


class LagrangeExplorer(Explorer):
    """Slide along g = 0 and watch ∇f and ∇g line up at the constrained extrema."""

    KIND = "lagrange"
    TITLE = "Lagrange multipliers"
    LEGEND = "←→ slide along g = 0 (⇧ fast)   ⏎ Newton on ∇L = 0 from here"
    BINDINGS = [
        Binding("left", "slide(-1)", "back", show=False),
        Binding("right", "slide(1)", "forward", show=False),
        Binding("shift+left", "slide(-5)", "back fast", show=False),
        Binding("shift+right", "slide(5)", "forward fast", show=False),
        Binding("enter,space", "solve", "Newton"),
    ]

    def action_slide(self, steps: int) -> None:
        self.state = self.state.slide(steps)

    def action_solve(self) -> None:
        self.state = self.state.solve()

    def side(self) -> Text:
        s: LagrangeState = self.state
        gf, gg = s.grad_f, s.grad_g
        t = Text()
        t.append(f"f = {surface(s.f).unicode}\n", style="bold")
        t.append(f"g = {surface(s.g).unicode} = 0\n")
        t.append(f"{self.key(width=self.SIDE_WIDTH - 1)}\n", style="italic")
        # round-off next to the view (x, y), the gradients and the values found prints as 0
        box = max(abs(v) for v in s.box)
        grads = max(float(np.max(np.abs(gf))), float(np.max(np.abs(gg))))
        values = max([abs(s.value), *(abs(p[3]) for p in s.found)])
        t.append(f"point ({num(s.point[0], scale=box)}, {num(s.point[1], scale=box)})\n")
        t.append(f"f = {num(s.value, 6)}\n")
        t.append(f"∇f = ({num(gf[0], 3, grads)}, {num(gf[1], 3, grads)})\n",
                 style=f"color({self.series(2)['color']})")
        t.append(f"∇g = ({num(gg[0], 3, grads)}, {num(gg[1], 3, grads)})\n",
                 style=f"color({self.series(3)['color']})")
        aligned = s.misalignment < 0.5
        angle = f"{s.angle:.1f}°" if np.isfinite(s.angle) else "— (∇f = 0)"
        lam = num(s.lam, 4, s.lam_scale(s.found))
        t.append(f"angle {angle}  λ ≈ {lam}\n", style="bold green" if aligned else "")
        if s.found:
            t.append("found (x, y) f:\n", style="underline")
            for fx, fy, _lam, v in s.found:
                where = f"({num(fx, 3, box)}, {num(fy, 3, box)})"
                t.append(f"{self.point_glyph(1)} {where} {num(v, 3, values)}\n")
        return t

    def status(self) -> Text:
        s: LagrangeState = self.state
        if not np.any(s.grad_f):
            t = Text("∇f = 0: f is stationary here even without the constraint (λ = 0)\n", style="bold green")
        elif s.misalignment < 0.5:
            t = Text("∇f ∥ ∇g: a stationary point of f on the constraint (∇f = λ∇g)\n", style="bold green")
        else:
            t = Text(f"∇f and ∇g are {s.misalignment:.1f}° from parallel\n")
        t.append(s.message, style="italic")
        return t

"""The χ² line game, the heights fit stepper, the 1-2-1 network sliders and the backprop heart trainer."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.worker import get_current_worker

from mfml_tui.explore.chi2 import Chi2Game
from mfml_tui.explore.functions import num
from mfml_tui.explore.heights import METHOD_NAMES, HeightsFit
from mfml_tui.explore.network import LABELS, SLIDERS, WEIGHT_RANGE, HeartTrainer, SliderNetwork, Snapshot

from .base import Explorer

SPARKS = "▁▂▃▄▅▆▇█"


def bar(value: float, width: int = 12, low: float = 0.0, high: float = 1.0) -> str:
    """A horizontal bar for value in [low, high]: whole cells, an eighth-block for the rest, then the track.
    (A cell boundary has no partial block: the track goes on, without a blank cell breaking it.)"""
    frac = 0.0 if high == low else (float(value) - low) / (high - low)
    cells = max(0.0, min(1.0, frac)) * width
    full = int(cells)
    eighths = int((cells - full) * 8) if full < width else 0
    part = "▏▎▍▌▋▊▉"[eighths - 1] if eighths else ""
    return ("█" * full + part).ljust(width, "░")  # the empty track: `.` in ASCII (`·` would be `*`)


def sparkline(values, width: int = 24) -> str:
    """The cost history as ▁▂▃…█ on a log scale (the newest on the right)."""
    v = np.asarray([x for x in values if np.isfinite(x) and x > 0], dtype=float)
    if v.size == 0:
        return ""
    if v.size > width:
        v = v[np.linspace(0, v.size - 1, width).astype(int)]
    lv = np.log10(v)
    lo, hi = lv.min(), lv.max()
    idx = np.zeros(lv.size, dtype=int) if hi == lo else ((lv - lo) / (hi - lo) * 7).round().astype(int)
    return "".join(SPARKS[i] for i in idx)


class Chi2Explorer(Explorer):
    """Move the line y = m·x + c until χ² beats the target; h shows ∂χ²/∂m and ∂χ²/∂c."""

    KIND = "chi2"
    TITLE = "χ² line game"
    LEGEND = "←→ m   ↑↓ c   f step size   h hint   g descend   s solve   r reset"
    BINDINGS = [
        Binding("left", "nudge(-1, 0)", "m down", show=False),
        Binding("right", "nudge(1, 0)", "m up", show=False),
        Binding("down", "nudge(0, -1)", "c down", show=False),
        Binding("up", "nudge(0, 1)", "c up", show=False),
        Binding("f", "finer", "step size"),
        Binding("h", "hint", "hint"),
        Binding("g", "descend", "gradient step"),
        Binding("s", "solve", "solve"),
        Binding("r", "reset", "reset"),
    ]

    def __init__(self, state: Chi2Game, **kwargs: Any) -> None:
        super().__init__(state, **kwargs)
        self.initial = state

    def action_nudge(self, dm: int, dc: int) -> None:
        self.state = self.state.nudge(dm, dc)

    def action_finer(self) -> None:
        self.state = self.state.finer()

    def action_hint(self) -> None:
        self.state = self.state.toggle_hint()

    def action_descend(self) -> None:
        self.state = self.state.descend()

    def action_solve(self) -> None:
        self.state = self.state.solve()

    def action_reset(self) -> None:
        self.state = self.initial

    def side(self) -> Text:
        s: Chi2Game = self.state
        t = Text()
        t.append(f"m = {num(s.m)}\nc = {num(s.c)}\n", style="bold")
        t.append(f"step ±{num(s.step)}\n")
        t.append(f"{self.key()}\n", style="italic")
        t.append(f"χ² = {num(s.chi2, 5)}\n", style="bold green" if s.won else "bold")
        t.append(f"target ≤ {num(s.goal, 3)}\n")
        if s.hint:
            gm, gc = s.gradient
            t.append(f"\n∂χ²/∂m = {num(gm, 4)}\n∂χ²/∂c = {num(gc, 4)}\n", style="yellow")
            t.append("step against the gradient\n", style="italic")
        return t

    def status(self) -> Text:
        s: Chi2Game = self.state
        if s.won:
            b = s.best
            return Text(
                f"You beat the target! The best line: m = {num(b.m)}, c = {num(b.c)}, χ² = {num(b.chi2, 4)}\n"
                f"It passes through the centre of mass ({num(b.x_bar, 3)}, {num(b.y_bar, 3)}).",
                style="bold green",
            )
        if s.solved:
            b = s.best
            return Text(f"Solved for you: m = {num(b.m)}, c = {num(b.c)}, χ² = {num(b.chi2, 4)}, through the "
                        f"centre of mass ({num(b.x_bar, 3)}, {num(b.y_bar, 3)}). r, then beat "
                        f"{num(s.goal, 3)} yourself.")
        return Text(f"χ² = Σ(yᵢ − m·xᵢ − c)² = {num(s.chi2, 5)}: get it below {num(s.goal, 3)}")


class HeightsExplorer(Explorer):
    """Step the lab's Gaussian fit to the heights: the curve moves over the bars and χ² falls."""

    KIND = "heights"
    TITLE = "The heights fit, step by step"
    LEGEND = "⏎ step  m method  + − γ  b back  e 10 steps  r reset"
    BINDINGS = [
        Binding("enter", "step", "step"),
        Binding("space", "step", "step", show=False),
        Binding("m", "switch", "method"),
        Binding("plus,equals_sign", "gamma(2)", "γ × 2", show=False),
        Binding("minus", "gamma(0.5)", "γ ÷ 2", show=False),
        Binding("b", "back", "back"),
        Binding("e", "run", "10 steps"),
        Binding("r", "reset", "reset"),
    ]

    def action_step(self) -> None:
        self.state = self.state.step()

    def action_run(self) -> None:
        s = self.state
        for _ in range(10):
            s = s.step()
        self.state = s

    def action_switch(self) -> None:
        self.state = self.state.switch()

    def action_gamma(self, factor: float) -> None:
        self.state = self.state.scale_gamma(factor)

    def action_back(self) -> None:
        self.state = self.state.back()

    def action_reset(self) -> None:
        self.state = self.state.reset()

    def side(self) -> Text:
        s: HeightsFit = self.state
        t = Text()
        t.append(f"μ = {num(s.mu, 5)} cm\nσ = {num(s.sigma, 4)} cm\n", style="bold")
        t.append(f"χ² = {num(s.chi2, 4)}\n", style="bold")
        t.append(f"{sparkline(s.chi2_history, self.SIDE_WIDTH - 2)}\n", style="green")
        t.append(f"{self.key(width=self.SIDE_WIDTH - 1)}\n", style="italic")
        t.append(f"step {s.steps}: {METHOD_NAMES[s.method]}\n")
        if s.method == "descent":
            gm, gs = s.gradient
            t.append(f"γ = {num(s.gamma)}\n∂χ²/∂μ = {num(gm, 3)}\n∂χ²/∂σ = {num(gs, 3)}\n")
        else:
            t.append("JᵀJ·δ = Jᵀr, halved\nuntil χ² falls\n")
        return t

    def status(self) -> Text:
        s: HeightsFit = self.state
        if s.note:
            return Text(s.note)
        return Text("⏎ takes one step of the fit: watch the curve move onto the bars and χ² fall. "
                    "m switches to Gauss–Newton.")


class NetworkExplorer(Explorer):
    """The 1-2-1 network on sliders: y(x) redrawn as you change the seven weights and the input x."""

    KIND = "network"
    TITLE = "1-2-1 network"
    LEGEND = "↑↓ choose a slider   ←→ change it (⇧ ×5)   r reset to the bump"
    SIDE_WIDTH = 32
    BINDINGS = [
        Binding("up", "select(-1)", "previous slider", show=False),
        Binding("down", "select(1)", "next slider", show=False),
        Binding("left", "nudge(-1)", "decrease", show=False),
        Binding("right", "nudge(1)", "increase", show=False),
        Binding("shift+left", "nudge(-5)", "decrease fast", show=False),
        Binding("shift+right", "nudge(5)", "increase fast", show=False),
        Binding("r", "reset", "reset"),
    ]

    def action_select(self, delta: int) -> None:
        self.state = self.state.select(delta)

    def action_nudge(self, delta: int) -> None:
        self.state = self.state.nudge(delta)

    def action_reset(self) -> None:
        self.state = self.state.reset()

    def side(self) -> Text:
        s: SliderNetwork = self.state
        t = Text()
        for i, key in enumerate(SLIDERS):
            v = s.value(key)
            low, high = (0.0, 1.0) if key == "x" else (-WEIGHT_RANGE, WEIGHT_RANGE)
            line = f"{LABELS[key]:<8}{v:>6.2f} {bar(v, 12, low, high)}\n"
            t.append(line, style="bold reverse" if i == s.selected else "")
        n = s.neurons()
        lo, hi = s.output_range
        t.append("\nactivations at x\n", style="underline")
        # each row starts with its curve's marker: the key
        for i, label, value in ((1, "a₀⁽¹⁾", n.hidden0), (2, "a₁⁽¹⁾", n.hidden1), (0, "y    ", n.y)):
            t.append(f"{self.glyph(i)} {label} {float(value):5.2f} {bar(float(value), 14, lo, hi)}\n",
                     style=f"color({self.series(i)['color']})")
        return t

    def status(self) -> Text:
        s: SliderNetwork = self.state
        return Text(
            f"a⁽¹⁾ = σ(w⁽¹⁾x + b⁽¹⁾),  y = σ(w⁽²⁾·a⁽¹⁾ + b⁽²⁾)   ({s.activation})\n"
            f"x = {s.x:.2f} → y = {float(s.neurons().y):.3f}"
        )


class BackpropExplorer(Explorer):
    """The 1-6-7-2 network learning to draw a heart; training runs in a worker thread."""

    KIND = "backprop"
    TITLE = "Backprop: draw a heart"
    LEGEND = "space train  s chunk  r restart  +/− aggression  n/N m/M neurons  z noise"
    CHUNK = 100  #: iterations between screen updates (≈10 ms of work)
    BREATHE = 0.02  #: seconds the worker sleeps between chunks so keys and redraws stay instant
    LIMIT = 50_000  #: training pauses by itself after this many iterations
    BINDINGS = [
        Binding("space,enter", "toggle", "train/pause"),
        Binding("s", "chunk", "one chunk"),
        Binding("r", "restart", "restart"),
        Binding("plus,equals_sign", "aggression(1.25)", "aggression up"),
        Binding("minus", "aggression(0.8)", "aggression down"),
        # the lesson asks for fewer neurons and for no noise: n/N and m/M resize hidden layer 1 / 2
        Binding("n", "neurons(-1, 0)", "fewer neurons in layer 1"),
        Binding("N", "neurons(1, 0)", "more neurons in layer 1"),
        Binding("m", "neurons(0, -1)", "fewer neurons in layer 2"),
        Binding("M", "neurons(0, 1)", "more neurons in layer 2"),
        Binding("z", "noise", "noise off/on"),
    ]

    def __init__(self, trainer: HeartTrainer, **kwargs: Any) -> None:
        super().__init__(trainer.snapshot(), **kwargs)
        self.trainer = trainer
        self.noise_on = trainer.noise or 1.0  # the noise z switches back on to
        self.training = False
        self.generation = 0  # bumped on restart: snapshots of an older trainer are ignored

    # -- actions ----------------------------------------------------------------------------------------
    def action_toggle(self) -> None:
        if self.training:
            self._stop()
        else:
            self.training = True
            self._train(self.trainer, self.generation, None)
        self._show()

    def action_chunk(self) -> None:
        if not self.training:
            self.training = True
            self._train(self.trainer, self.generation, self.CHUNK)
            self._show()

    def action_restart(self) -> None:
        old = self.trainer
        self._start_over(HeartTrainer(
            old.sizes[1], old.sizes[2], aggression=old.aggression, noise=old.noise, seed=old.seed + 1
        ))

    def action_neurons(self, d1: int, d2: int) -> None:
        """Fewer or more neurons: a new network (same seed, aggression and noise) starts training over."""
        _, n1, n2, _ = self.trainer.sizes
        new = self.trainer.resized(n1 + d1, n2 + d2)
        if new.sizes != self.trainer.sizes:
            self._start_over(new)

    def action_noise(self) -> None:
        # read by the worker between chunks: a float assignment is atomic
        if self.trainer.noise:
            self.noise_on = self.trainer.noise
            self.trainer.noise = 0.0
        else:
            self.trainer.noise = self.noise_on
        self._show()

    def _start_over(self, trainer: HeartTrainer) -> None:
        self._stop()
        self.trainer = trainer
        self.generation += 1
        self.state = self.trainer.snapshot()

    def action_aggression(self, factor: float) -> None:
        # read by the worker between chunks: a float assignment is atomic
        self.trainer.aggression = float(min(max(self.trainer.aggression * factor, 0.1), 100.0))
        self._show()

    def _stop(self) -> None:
        self.training = False
        self.workers.cancel_group(self, "train")

    # -- the worker -------------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="train", exit_on_error=False)
    def _train(self, trainer: HeartTrainer, generation: int, total: int | None) -> None:
        worker = get_current_worker()
        done = 0
        while not worker.is_cancelled:
            snap = trainer.train(self.CHUNK)
            done += self.CHUNK
            finished = (total is not None and done >= total) or snap.iterations >= self.LIMIT
            if worker.is_cancelled:
                break
            try:
                self.app.call_from_thread(self._post, generation, snap, finished)
            except RuntimeError:  # the app is shutting down
                break
            if finished:
                break
            time.sleep(self.BREATHE)  # numpy on tiny arrays holds the GIL: let the UI run between chunks

    def _post(self, generation: int, snap: Snapshot, finished: bool) -> None:
        if generation != self.generation:
            return
        if finished:
            self.training = False
        self.state = snap

    def on_unmount(self) -> None:
        self.training = False
        self.workers.cancel_group(self, "train")

    # -- drawing ----------------------------------------------------------------------------------------
    def side(self) -> Text:
        s: Snapshot = self.state
        t = Text()
        t.append(f"network 1-{self.trainer.sizes[1]}-{self.trainer.sizes[2]}-2\n", style="bold")
        t.append(f"iterations {s.iterations:,}\n")
        t.append(f"cost C = {num(s.cost, 4)}\n", style="bold")
        t.append(f"aggression {num(self.trainer.aggression, 3)}\n")
        t.append(f"noise {num(self.trainer.noise) if self.trainer.noise else 'off'}\n\n")
        t.append("cost (log scale)\n", style="underline")
        t.append(sparkline(s.costs, 24) + "\n")
        return t

    def status(self) -> Text:
        s: Snapshot = self.state
        state = "training…" if self.training else "paused"
        return Text(
            f"{state}  C = |a⁽³⁾ − y|²/N = {num(s.cost, 4)} after {s.iterations:,} iterations\n"
            f"{self.key(gap='   ')}",
            style="bold" if self.training else "",
        )

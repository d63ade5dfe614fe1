"""The 1-2-1 slider network (week 3) and the 1-6-7-2 heart trainer (the backprop lab).

`SliderNetwork`: seven weights and the input x on sliders; y(x) is redrawn and every neuron's activation
is shown. With the preset, hidden neuron 0 fires for high x, neuron 1 for low x, and the output fires
only when neither does: a bump.

`HeartTrainer`: the lab's network learning to draw a heart. Training mutates a `Network`, so the trainer
keeps its own copy and hands out immutable `Snapshot`s (costs so far, current output) for the screen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from mfml_tui.engine.network import (
    OUTPUT_RANGE,
    TINY_NETWORK_KEYS,
    TINY_NETWORK_PRESET,
    Network,
    heart_curve,
    tiny_network,
)

#: Slider labels (Unicode) for the seven weights, then the input.
LABELS: dict[str, str] = {
    "w1_00": "w⁽¹⁾₀₀",
    "w1_10": "w⁽¹⁾₁₀",
    "b1_0": "b⁽¹⁾₀",
    "b1_1": "b⁽¹⁾₁",
    "w2_00": "w⁽²⁾₀₀",
    "w2_01": "w⁽²⁾₀₁",
    "b2_0": "b⁽²⁾₀",
    "x": "input x",
}
SLIDERS: tuple[str, ...] = (*TINY_NETWORK_KEYS, "x")
WEIGHT_RANGE = 20.0  #: weights and biases live in [−20, 20]
WEIGHT_STEP, X_STEP = 1.0, 0.05
MAX_NEURONS = 30  #: the heart trainer's hidden layers hold 1…30 neurons (as the explore spec allows)


@dataclass(frozen=True)
class SliderNetwork:
    """Seven weights, the input x ∈ [0, 1], which slider is selected, and the activation function."""

    weights: tuple[tuple[str, float], ...] = tuple(TINY_NETWORK_PRESET.items())
    x: float = 0.5
    selected: int = 0
    activation: str = "sigmoid"

    @classmethod
    def new(cls, weights: dict[str, float] | None = None, x: float = 0.5, activation: str = "sigmoid"):
        w = dict(TINY_NETWORK_PRESET)
        w.update({k: float(v) for k, v in (weights or {}).items()})
        unknown = set(w) - set(TINY_NETWORK_KEYS)
        if unknown:
            raise ValueError(
                f"unknown weight(s) {', '.join(sorted(unknown))}; use {', '.join(TINY_NETWORK_KEYS)}"
            )
        if activation not in OUTPUT_RANGE:
            raise ValueError(f"activation is one of {', '.join(OUTPUT_RANGE)}")
        return cls(tuple((k, w[k]) for k in TINY_NETWORK_KEYS), float(np.clip(x, 0, 1)), 0, activation)

    @property
    def output_range(self) -> tuple[float, float]:
        """What every neuron's output can be (sigmoid 0…1, tanh −1…1): the scale of the plot and bars."""
        return OUTPUT_RANGE[self.activation]

    @property
    def w(self) -> dict[str, float]:
        return dict(self.weights)

    @property
    def key(self) -> str:
        return SLIDERS[self.selected]

    def value(self, key: str) -> float:
        return self.x if key == "x" else self.w[key]

    def neurons(self, x=None):
        """Activations (engine `TinyNetworkState`: x, hidden0, hidden1, y) at x (default: the slider)."""
        return tiny_network(self.w, self.x if x is None else x, self.activation)

    def curve(self, n: int = 101) -> tuple[np.ndarray, np.ndarray]:
        xs = np.linspace(0.0, 1.0, n)
        return xs, np.asarray(self.neurons(xs).y)

    # -- keys -------------------------------------------------------------------------------------------
    def select(self, delta: int) -> SliderNetwork:
        return replace(self, selected=(self.selected + delta) % len(SLIDERS))

    def nudge(self, delta: float) -> SliderNetwork:
        """Move the selected slider by `delta` steps (1 for a weight, 0.05 for x)."""
        if self.key == "x":
            return replace(self, x=round(float(np.clip(self.x + delta * X_STEP, 0.0, 1.0)), 6))
        w = self.w
        w[self.key] = round(float(np.clip(w[self.key] + delta * WEIGHT_STEP, -WEIGHT_RANGE, WEIGHT_RANGE)), 6)
        return replace(self, weights=tuple(w.items()))

    def reset(self) -> SliderNetwork:
        return SliderNetwork.new(x=self.x, activation=self.activation)


# ------------------------------------------------------------------------------------ the heart trainer


@dataclass(frozen=True)
class Snapshot:
    """What the screen shows of a training run: iterations done, cost history, current output (2, N)."""

    iterations: int
    costs: tuple[float, ...]
    output: np.ndarray
    target: np.ndarray

    @property
    def cost(self) -> float:
        return self.costs[-1] if self.costs else float("nan")


class HeartTrainer:
    """Trains the lab's 1-n1-n2-2 network on the heart in chunks (run them in a worker thread).

    Stochastic steepest descent with aggression 7 and noise 1 by default, as in `plot_training`.
    """

    def __init__(
        self,
        n1: int = 6,
        n2: int = 7,
        *,
        aggression: float = 7.0,
        noise: float = 1.0,
        seed: int = 0,
        points: int = 100,
    ) -> None:
        self.sizes = (1, int(n1), int(n2), 2)
        self.aggression, self.noise, self.seed = float(aggression), float(noise), int(seed)
        self.x, self.y = heart_curve(points)
        self.reset()

    def reset(self, seed: int | None = None) -> Snapshot:
        if seed is not None:
            self.seed = int(seed)
        self.network = Network(self.sizes, rng=self.seed)
        self.rng = np.random.default_rng(self.seed + 1)
        self.iterations = 0
        self.costs: list[float] = [self.network.cost(self.x, self.y)]
        return self.snapshot()

    def train(self, iterations: int) -> Snapshot:
        """Run `iterations` more steps (mutating the private network) and return a snapshot."""
        self.network.train(
            self.x, self.y, aggression=self.aggression, iterations=iterations, noise=self.noise, rng=self.rng
        )
        self.iterations += int(iterations)
        self.costs.append(self.network.cost(self.x, self.y))
        return self.snapshot()

    def resized(self, n1: int, n2: int) -> HeartTrainer:
        """A fresh trainer with hidden layers of n1 and n2 neurons (each 1…MAX_NEURONS) and the same
        aggression, noise and seed, so runs with more or fewer neurons compare fairly."""
        n1, n2 = (min(max(int(n), 1), MAX_NEURONS) for n in (n1, n2))
        return HeartTrainer(n1, n2, aggression=self.aggression, noise=self.noise, seed=self.seed,
                            points=self.x.shape[-1])

    def snapshot(self) -> Snapshot:
        return Snapshot(self.iterations, tuple(self.costs), self.network.output(self.x).copy(), self.y)

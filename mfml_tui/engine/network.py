"""A small feed-forward neural network and backpropagation, as in week 3 and its backprop lab.

Each layer computes z⁽ⁿ⁾ = W⁽ⁿ⁾a⁽ⁿ⁻¹⁾ + b⁽ⁿ⁾ and a⁽ⁿ⁾ = σ(z⁽ⁿ⁾). Examples are the *columns* of x
(shape (n_in, N)), so one matrix product runs the whole training set at once, as in the lab.
The cost is C = |a⁽ᴸ⁾ − y|²/N: squared errors summed over the outputs, averaged over the examples.

Backpropagation is the multivariate chain rule applied from the output backwards:
∂C/∂W⁽ⁱ⁾ = ∂C/∂a⁽ᴸ⁾ · Π ∂a⁽ʲ⁾/∂a⁽ʲ⁻¹⁾ · ∂a⁽ⁱ⁾/∂z⁽ⁱ⁾ · ∂z⁽ⁱ⁾/∂W⁽ⁱ⁾, with ∂a⁽ʲ⁾/∂a⁽ʲ⁻¹⁾ = σ′(z⁽ʲ⁾)W⁽ʲ⁾.
The code keeps the lab's names and shapes: J_W3 has the shape of W3, J_b3 the shape of b3, and so on.

`Network` is MUTABLE on purpose: `train` updates its weights in place, as the lab does; call `copy()`
first to keep a snapshot. Everything else (forward, cost, backprop) leaves it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

# ------------------------------------------------------------------------------------------ activations


def sigmoid(z):
    """The logistic function 1/(1 + e⁻ᶻ), written as (1 + tanh(z/2))/2 so it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def d_sigmoid(z):
    """σ′(z) = σ(1 − σ) = 1/(4 cosh²(z/2)), the lab's form."""
    return 0.25 / np.cosh(0.5 * np.asarray(z, dtype=float)) ** 2


def d_tanh(z):
    """tanh′(z) = 1/cosh²(z)."""
    return 1.0 / np.cosh(np.asarray(z, dtype=float)) ** 2


def relu(z):
    """max(0, z)."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def d_relu(z):
    """1 where z > 0, else 0 (the derivative at the kink z = 0 is taken as 0)."""
    return (np.asarray(z, dtype=float) > 0).astype(float)


#: name → (σ, σ′): adding an activation touches only this table.
ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "sigmoid": (sigmoid, d_sigmoid),
    "tanh": (np.tanh, d_tanh),
    "relu": (relu, d_relu),
}
#: the bounded activations and the range of their output: the slider network's plot and bars use it as
#: their fixed scale (relu is unbounded, so it is not offered there)
OUTPUT_RANGE: dict[str, tuple[float, float]] = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


# ---------------------------------------------------------------------------------------------- network


@dataclass(frozen=True)
class Gradients:
    """∂C/∂W⁽ⁿ⁾ and ∂C/∂b⁽ⁿ⁾ for every layer n = 1…L (index 0 is layer 1), shaped like W and b."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]


class Network:
    """A feed-forward network with layer sizes `sizes`, e.g. (1, 6, 7, 2) for the lab's heart.

    `activation` is one name for all layers or one per layer ("sigmoid" | "tanh" | "relu").
    Weights and biases start as randn/2 (the lab's `reset_network`), drawn from `rng` (a numpy
    Generator, or a seed). `weights[n]` has shape (sizes[n+1], sizes[n]); `biases[n]` (sizes[n+1], 1).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Sequence[str] = "sigmoid",
        rng: np.random.Generator | int | None = None,
    ) -> None:
        self.sizes = tuple(int(s) for s in sizes)
        if len(self.sizes) < 2 or min(self.sizes) < 1:
            raise ValueError(f"a network needs at least two layers of positive size, not {self.sizes}")
        layers = len(self.sizes) - 1
        names = [activation] * layers if isinstance(activation, str) else list(activation)
        if len(names) != layers:
            raise ValueError(f"{layers} layers need {layers} activations, not {len(names)}")
        for name in names:
            if name not in ACTIVATIONS:
                raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}")
        self.activations = tuple(names)
        rng = np.random.default_rng(rng)
        pairs = zip(self.sizes[:-1], self.sizes[1:], strict=True)
        self.weights = [rng.standard_normal((n_out, n_in)) / 2 for n_in, n_out in pairs]
        self.biases = [rng.standard_normal((n_out, 1)) / 2 for n_out in self.sizes[1:]]

    def copy(self) -> Network:
        """An independent copy (same sizes, activations and current weights)."""
        twin = object.__new__(Network)
        twin.sizes, twin.activations = self.sizes, self.activations
        twin.weights = [W.copy() for W in self.weights]
        twin.biases = [b.copy() for b in self.biases]
        return twin

    def _inputs(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if x.ndim == 1 and self.sizes[0] == 1:
            x = x.reshape(1, -1)  # a plain list of inputs to a one-input network
        x = x.reshape(self.sizes[0], -1)
        return x

    def forward(self, x) -> list[tuple[np.ndarray, np.ndarray]]:
        """Feed x (shape (n_in, N)) forward; returns [(z⁽¹⁾, a⁽¹⁾), …, (z⁽ᴸ⁾, a⁽ᴸ⁾)]."""
        a = self._inputs(x)
        layers = []
        for W, b, name in zip(self.weights, self.biases, self.activations, strict=True):
            z = W @ a + b
            a = ACTIVATIONS[name][0](z)
            layers.append((z, a))
        return layers

    def output(self, x) -> np.ndarray:
        """a⁽ᴸ⁾, the network's answer for each column of x."""
        return self.forward(x)[-1][1]

    def cost(self, x, y) -> float:
        """C = |a⁽ᴸ⁾ − y|²/N: squared errors summed over outputs, averaged over the N examples."""
        x = self._inputs(x)
        y = np.asarray(y, dtype=float).reshape(self.sizes[-1], x.shape[1])
        return float(np.sum((self.output(x) - y) ** 2) / x.shape[1])

    def backprop(self, x, y) -> Gradients:
        """∂C/∂W and ∂C/∂b for every layer by the chain rule, as the lab computes J_W3, J_b3, J_W2, ….

        J starts as ∂C/∂a⁽ᴸ⁾ = 2(a⁽ᴸ⁾ − y); each layer multiplies by σ′(z) (∂a/∂z); then
        ∂z/∂W = a⁽ⁿ⁻¹⁾ gives J_W = J @ a⁽ⁿ⁻¹⁾ᵀ / N, and ∂z/∂b = 1 gives J_b = Σ over examples of J / N.
        Moving one layer down multiplies by ∂z⁽ⁿ⁾/∂a⁽ⁿ⁻¹⁾ = W⁽ⁿ⁾, i.e. J ← (J.T @ W).T = W.T @ J.
        """
        return self._backprop(x, y)[0]

    def _backprop(self, x, y) -> tuple[Gradients, float]:
        """`backprop`, and the cost C at these weights from the same forward pass (what `cost` returns,
        bit for bit): training needs both each step, and the second forward pass was a third of it."""
        x = self._inputs(x)
        N = x.shape[1]
        y = np.asarray(y, dtype=float).reshape(self.sizes[-1], N)
        layers = self.forward(x)
        cost = float(np.sum((layers[-1][1] - y) ** 2) / N)
        inputs = [x] + [a for _, a in layers[:-1]]  # a⁽ⁿ⁻¹⁾ feeding layer n
        J = 2 * (layers[-1][1] - y)  # ∂C_k/∂a⁽ᴸ⁾ for each example k
        J_W: list[np.ndarray] = []
        J_b: list[np.ndarray] = []
        for n in reversed(range(len(layers))):
            z, _ = layers[n]
            J = J * ACTIVATIONS[self.activations[n]][1](z)  # through a = σ(z)
            J_W.append(J @ inputs[n].T / N)
            J_b.append(np.sum(J, axis=1, keepdims=True) / N)
            J = self.weights[n].T @ J  # through z = W a + b, down to a⁽ⁿ⁻¹⁾
        return Gradients(tuple(reversed(J_W)), tuple(reversed(J_b))), cost

    def train(
        self,
        x,
        y,
        *,
        aggression: float,
        iterations: int,
        noise: float = 0.0,
        rng: np.random.Generator | int | None = None,
        callback: Callable[[int, Network, float], bool | None] | None = None,
    ) -> np.ndarray:
        """Steepest descent on the cost, updating this network IN PLACE; returns the cost before each step.

        As in the lab's `plot_training`, every Jacobian is multiplied by (1 + randn·noise) each iteration
        (one random number per Jacobian), which makes the descent stochastic and can shake it out of
        poor valleys. `callback(i, network, cost)` runs after each step; returning False stops early.
        """
        x = self._inputs(x)
        rng = np.random.default_rng(rng)
        costs = []
        for i in range(max(0, int(iterations))):
            grads, cost = self._backprop(x, y)
            costs.append(cost)
            for n in range(len(self.weights)):
                jiggle_W = 1 + rng.standard_normal() * noise if noise else 1.0
                jiggle_b = 1 + rng.standard_normal() * noise if noise else 1.0
                self.weights[n] = self.weights[n] - aggression * jiggle_W * grads.weights[n]
                self.biases[n] = self.biases[n] - aggression * jiggle_b * grads.biases[n]
            if callback is not None and callback(i, self, costs[-1]) is False:
                break
        return np.array(costs)


# ------------------------------------------------------------------------------------- the lab's heart


def heart_curve(n: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """The backprop lab's training data: x = t ∈ [0, 1) with shape (1, n), y the heart in [0, 1]², (2, n).

    t = 0, 1/n, …, (n−1)/n is how far along the curve; the heart is
    (16 sin³2πt, 13 cos 2πt − 5 cos 4πt − 2 cos 6πt − cos 8πt)/20, then mapped by (y + 1)/2.
    """
    t = np.arange(n) / n
    a = 2 * np.pi * t
    across = 16 * np.sin(a) ** 3
    up = 13 * np.cos(a) - 5 * np.cos(2 * a) - 2 * np.cos(3 * a) - np.cos(4 * a)
    heart = np.stack([across, up])
    return t.reshape(1, n), (heart / 20 + 1) / 2


# ------------------------------------------------------------------------ the 1-2-1 "slider" network

#: The seven sliders of the course's 1-2-1 network: w⁽¹⁾₀₀, w⁽¹⁾₁₀, b⁽¹⁾₀, b⁽¹⁾₁, w⁽²⁾₀₀, w⁽²⁾₀₁, b⁽²⁾₀.
TINY_NETWORK_KEYS: tuple[str, ...] = ("w1_00", "w1_10", "b1_0", "b1_1", "w2_00", "w2_01", "b2_0")

#: Weights that make y(x) a bump on 0 ≤ x ≤ 1: hidden neuron 0 fires when the input is high, neuron 1
#: when it is low, and the output fires only when neither is very active (the middle of the range).
TINY_NETWORK_PRESET: Mapping[str, float] = {
    "w1_00": 10.0,
    "b1_0": -7.0,
    "w1_10": -10.0,
    "b1_1": 3.0,
    "w2_00": -10.0,
    "w2_01": -10.0,
    "b2_0": 5.0,
}


@dataclass(frozen=True)
class TinyNetworkState:
    """The activations of the 1-2-1 network for the given x: the input, the two hidden neurons, the output."""

    x: np.ndarray
    hidden0: np.ndarray
    hidden1: np.ndarray
    y: np.ndarray


def tiny_network(weights: Mapping[str, float], x, activation: str = "sigmoid") -> TinyNetworkState:
    """Every neuron of the 1-2-1 network (keys as in TINY_NETWORK_KEYS; missing keys count as 0)."""
    sigma = ACTIVATIONS[activation][0]
    w = {key: float(weights.get(key, 0.0)) for key in TINY_NETWORK_KEYS}
    x = np.asarray(x, dtype=float)
    h0 = sigma(w["w1_00"] * x + w["b1_0"])
    h1 = sigma(w["w1_10"] * x + w["b1_1"])
    y = sigma(w["w2_00"] * h0 + w["w2_01"] * h1 + w["b2_0"])
    return TinyNetworkState(x, h0, h1, y)


def tiny_network_output(weights: Mapping[str, float], x, activation: str = "sigmoid"):
    """y(x) of the course's 1-2-1 slider network, for a float or an array of x."""
    y = tiny_network(weights, x, activation).y
    return float(y) if np.ndim(y) == 0 else y

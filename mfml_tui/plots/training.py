"""The network kind: train the backprop lab's network (seeded, a bounded number of iterations) and draw
the loss curve and the output against the heart-shaped target."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mfml_tui.engine.memo import Memo
from mfml_tui.engine.network import ACTIVATIONS, Network, heart_curve

from . import options as O
from .base import MAX_ITERATIONS, DrawInfo, fmt
from .canvas import Canvas
from .registry import SLOW_PARTS, TITLE, kind
from .style import Style


def heart_series(style: Style) -> dict[str, dict[str, object]]:
    """`marker=`/`color=` of the target heart and the network's drawing: the lesson's plot and the
    backprop explorer take them from here, so a learner sees the same symbols for the same thing."""
    return {
        "target": {"marker": style.point(5), "color": style.colour(2)},
        "network": {"marker": style.line(1), "color": style.colour(1)},
    }


def _hidden(v, ctx: O.Ctx) -> tuple[int, ...]:
    if not isinstance(v, list | tuple) or not 1 <= len(v) <= 3:
        raise O.Bad("expected 1 to 3 hidden layer sizes, e.g. [6, 7]")
    out = []
    for s in v:
        if isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= 16:
            raise O.Bad(f"layer sizes are whole numbers 1…16, got {s!r}")
        out.append(s)
    return tuple(out)


#: trained networks by their options: training is deterministic (seeded) and is most of the drawing's cost,
#: so a resize, the other size of the render check, or a step revisited redraws without training again
_TRAINED: Memo[tuple[np.ndarray, float, np.ndarray]] = Memo(16)


def _trained(points, hidden, activation, seed, aggression, iterations, noise):
    key = (points, hidden, activation, seed, aggression, iterations, noise)
    found = _TRAINED.get(key)
    if found is None:
        x, y = heart_curve(points)
        net = Network((1, *hidden, 2), activation, rng=seed)
        costs = net.train(x, y, aggression=aggression, iterations=iterations, noise=noise,
                          rng=np.random.default_rng(seed + 1))
        costs = np.asarray(costs)
        costs.setflags(write=False)
        out = net.output(x)
        out.setflags(write=False)
        found = (costs, net.cost(x, y), out)
        _TRAINED.put(key, found)
    return found


def _untrained(points, hidden, activation, seed):
    """The network before its first step (the same seeded start `_trained` trains from): costs nothing."""
    x, y = heart_curve(points)
    net = Network((1, *hidden, 2), activation, rng=seed)
    out = net.output(x)
    return np.zeros(0), net.cost(x, y), out


def _training(o: O.Resolved) -> Callable[[], object] | None:
    """The training `o` asks for, as work to run, or None if it is done (or there is none)."""
    args = (o.points, o.hidden, o.activation, o.seed, o.aggression, o.iterations, o.noise)
    if o.iterations <= 0 or args in _TRAINED:
        return None
    return lambda: _trained(*args)


SLOW_PARTS["network"] = _training


@kind(
    "network",
    "train the lab's 1-6-7-2 network on the heart curve: the loss curve and output vs target",
    (
        O.Opt(
            "iterations",
            O.integer(0, MAX_ITERATIONS, cap=MAX_ITERATIONS),
            800,
            f"training iterations (at most {MAX_ITERATIONS}; ~0.1 ms each)",
            "integer",
        ),
        O.Opt(
            "seed",
            O.integer(0, 2**31 - 1),
            1,
            "random seed for the starting weights and the noise",
            "integer",
        ),
        O.Opt("hidden", _hidden, (6, 7), "hidden layer sizes", "list of integers"),
        O.Opt(
            "aggression", O.number(0, 1000, positive=True), 7.0, "the step size of steepest descent", "number"
        ),
        O.Opt("noise", O.number(0, 10), 1.0, "the lab's jiggle: each Jacobian × (1 + noise·randn)", "number"),
        O.Opt(
            "activation",
            O.choice(*ACTIVATIONS),
            "sigmoid",
            "the activation of every layer",
            "string",
        ),
        O.Opt(
            "show", O.choice("both", "loss", "output"), "both", "which panels", '"both" | "loss" | "output"'
        ),
        O.Opt("points", O.integer(10, 400), 100, "training points along the heart", "integer"),
        TITLE,
    ),
    variables=(),
)
def draw_network(cv: Canvas, o: O.Resolved) -> DrawInfo:
    """The trained network; on a canvas that defers slow work (`Canvas.deferred`), a network not trained
    yet is drawn as it starts and its training is handed over, to run off the UI thread and draw again."""
    x, y = heart_curve(o.points)
    training = _training(o) if cv.deferred is not None else None
    pending = training is not None
    if training is not None:
        cv.deferred.append(training)
        costs, final, out = _untrained(o.points, o.hidden, o.activation, o.seed)
    else:
        costs, final, out = _trained(o.points, o.hidden, o.activation, o.seed, o.aggression, o.iterations,
                                     o.noise)
    panels = cv.split(1, 2) if o.show == "both" else cv.split()
    k = 0
    if o.show in ("both", "loss"):
        ax = panels[k]
        k += 1
        ax.title(o.title or "cost C during training")
        its = np.arange(len(costs) + 1)
        cs = np.append(costs, final)
        span = o.iterations if pending else len(costs)  # training: the axis it will have once trained
        ax.limits((0, max(1, span)), (0.0, float(np.nanmax(cs)) * 1.05 if cs.size else 1.0))
        ax.curve(its, cs, label="cost", marker=cv.style.line(0), color=cv.style.colour(0))
    if o.show in ("both", "output"):
        ax = panels[k]
        ax.title("output vs target" if o.show == "both" or not o.title else o.title)
        ax.limits((0.0, 1.0), (0.0, 1.0))
        look = heart_series(cv.style)
        ax.points(y[0], y[1], label="target", **look["target"])
        loop = np.concatenate([out, out[:, :1]], axis=1)
        ax.polyline(loop[0], loop[1], label="network", **look["network"])
    lines = (
        f"network 1-{'-'.join(map(str, o.hidden))}-2, {o.activation}, seed {o.seed}",
        f"{o.iterations} iterations, aggression {fmt(o.aggression)}, noise {fmt(o.noise)}",
        f"cost: {fmt(final)} → training…" if pending else
        f"cost: {fmt(costs[0]) if len(costs) else fmt(final)} → {fmt(final)}",
    )
    return DrawInfo("network", lines, values={"cost": final, "costs": costs, "training": pending})

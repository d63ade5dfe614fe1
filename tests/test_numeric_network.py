"""The feed-forward network: forward pass, cost, backprop against finite differences, training."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mfml_tui.engine.network import (
    ACTIVATIONS,
    TINY_NETWORK_KEYS,
    TINY_NETWORK_PRESET,
    Network,
    d_sigmoid,
    heart_curve,
    sigmoid,
    tiny_network,
    tiny_network_output,
)


def test_shapes_follow_the_lab():
    net = Network((1, 6, 7, 2), rng=0)
    assert [W.shape for W in net.weights] == [(6, 1), (7, 6), (2, 7)]
    assert [b.shape for b in net.biases] == [(6, 1), (7, 1), (2, 1)]
    x, y = heart_curve()
    layers = net.forward(x)
    assert [(z.shape, a.shape) for z, a in layers] == [
        ((6, 100), (6, 100)),
        ((7, 100), (7, 100)),
        ((2, 100),) * 2,
    ]
    grads = net.backprop(x, y)
    assert [g.shape for g in grads.weights] == [W.shape for W in net.weights]
    assert [g.shape for g in grads.biases] == [b.shape for b in net.biases]


def test_initial_weights_are_randn_over_two():
    net = Network((50, 40, 30), rng=1)
    w = np.concatenate([W.ravel() for W in net.weights])
    assert np.std(w) == pytest.approx(0.5, abs=0.02)
    assert Network((50, 40, 30), rng=1).weights[0].tolist() == net.weights[0].tolist()  # seeded


def test_activation_derivatives():
    z = np.linspace(-6, 6, 25)
    for name, (sigma, d_sigma) in ACTIVATIONS.items():
        h = 1e-6
        fd = (sigma(z + h) - sigma(z - h)) / (2 * h)
        mask = np.abs(z) > 1e-3 if name == "relu" else np.ones_like(z, bool)
        assert np.allclose(d_sigma(z)[mask], fd[mask], atol=1e-8), name
    assert np.allclose(sigmoid(z), 1 / (1 + np.exp(-z)))
    assert np.allclose(d_sigmoid(z), sigmoid(z) * (1 - sigmoid(z)))
    assert sigmoid(-1000.0) == 0.0 and sigmoid(1000.0) == 1.0  # no overflow warnings


def test_course_single_neuron_cost():
    # NOT-gate neuron with tanh, w = 1.3, b = −0.1: C for x = 0, y = 1 is 1.209
    net = Network((1, 1), "tanh", rng=0)
    net.weights[0][:] = 1.3
    net.biases[0][:] = -0.1
    assert net.cost([[0.0]], [[1.0]]) == pytest.approx((math.tanh(-0.1) - 1) ** 2)
    assert net.cost([[0.0]], [[1.0]]) == pytest.approx(1.209, abs=1e-3)


def test_course_three_to_two_layer():
    net = Network((3, 2), "tanh", rng=0)
    net.weights[0][:] = [[-2, 4, -1], [6, 0, -3]]
    net.biases[0][:] = [[0.1], [-2.5]]
    a1 = net.output(np.array([[0.3], [0.4], [0.1]]))
    assert np.round(a1.ravel(), 2).tolist() == [0.76, -0.76]


def test_cost_is_squared_error_summed_over_outputs_averaged_over_examples():
    net = Network((2, 3, 2), rng=4)
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(2, 8)), rng.uniform(size=(2, 8))
    a = net.output(x)
    assert net.cost(x, y) == pytest.approx(sum(np.sum((a[:, k] - y[:, k]) ** 2) for k in range(8)) / 8)


def _fd_gradients(net: Network, x, y, h=1e-6):
    """Central differences of the cost, one parameter at a time."""
    out = []
    for params in (net.weights, net.biases):
        grads = []
        for P in params:
            G = np.zeros_like(P)
            for index in np.ndindex(P.shape):
                keep = P[index]
                P[index] = keep + h
                up = net.cost(x, y)
                P[index] = keep - h
                down = net.cost(x, y)
                P[index] = keep
                G[index] = (up - down) / (2 * h)
            grads.append(G)
        out.append(grads)
    return out


@pytest.mark.parametrize(
    "activation",
    ["sigmoid", "tanh", "relu", ("tanh", "relu", "sigmoid")],
    ids=["sigmoid", "tanh", "relu", "mixed"],
)
def test_backprop_agrees_with_finite_differences_on_every_weight_and_bias(activation):
    net = Network((2, 4, 3, 2), activation, rng=11)
    rng = np.random.default_rng(12)
    x, y = rng.normal(size=(2, 7)), rng.uniform(size=(2, 7))
    if activation != "sigmoid":  # keep every z clear of the ReLU kink, where the derivative jumps
        assert min(np.min(np.abs(z)) for z, _ in net.forward(x)) > 1e-4
    grads = net.backprop(x, y)
    fd_W, fd_b = _fd_gradients(net, x, y)
    for exact, approx in zip(grads.weights + grads.biases, fd_W + fd_b, strict=True):
        scale = max(np.max(np.abs(exact)), 1e-12)
        assert np.max(np.abs(exact - approx)) / scale <= 1e-6
        big = np.abs(exact) > 1e-3 * scale  # entry by entry where the entry is not negligible
        assert np.all(np.abs(exact - approx)[big] <= 1e-6 * np.abs(exact)[big])


def test_forward_cost_and_backprop_do_not_change_the_network():
    net = Network((1, 3, 1), rng=2)
    before = [W.copy() for W in net.weights]
    net.forward([[0.5]])
    net.cost([[0.5]], [[1.0]])
    net.backprop([[0.5]], [[1.0]])
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights, strict=True))


def test_heart_curve_matches_the_lab_formula():
    x, y = heart_curve()
    assert x.shape == (1, 100) and y.shape == (2, 100)
    assert x[0, 0] == 0 and x[0, -1] == pytest.approx(0.99)
    assert y[:, 0] == pytest.approx([0.5, ((13 - 5 - 2 - 1) / 20 + 1) / 2])  # t = 0: the dip at the top
    assert y[:, 50] == pytest.approx(
        [0.5, ((-13 - 5 + 2 - 1) / 20 + 1) / 2]
    )  # t = ½: the point at the bottom
    assert np.all((y >= 0) & (y <= 1))
    assert np.allclose(y[0], 1 - y[0, (100 - np.arange(100)) % 100])  # symmetric left–right
    assert heart_curve(40)[0].shape == (1, 40)


def test_training_the_heart_network_reduces_the_cost():
    x, y = heart_curve()
    net = Network((1, 6, 7, 2), "sigmoid", rng=1)
    start = net.cost(x, y)
    snapshot = net.copy()
    costs = net.train(x, y, aggression=7, iterations=3000, noise=1, rng=2)
    assert costs.shape == (3000,) and costs[0] == pytest.approx(start)
    assert net.cost(x, y) < start / 10
    assert snapshot.cost(x, y) == pytest.approx(start)  # the copy was not trained


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_training_is_backprop_and_cost_step_by_step_bit_for_bit(activation):
    """`train` takes the cost from its backprop's own forward pass (one pass a step, not two): the costs
    and the trained weights are exactly those of the plain loop — `backprop`, `cost`, update."""
    x, y = heart_curve(25)
    net = Network((1, 5, 3, 2), activation, rng=4)
    plain = net.copy()
    costs = net.train(x, y, aggression=0.5, iterations=40, noise=0.7, rng=9)
    rng = np.random.default_rng(9)
    expected = []
    for _ in range(40):
        grads = plain.backprop(x, y)
        expected.append(plain.cost(x, y))
        for n in range(len(plain.weights)):
            jiggle_W = 1 + rng.standard_normal() * 0.7
            jiggle_b = 1 + rng.standard_normal() * 0.7
            plain.weights[n] = plain.weights[n] - 0.5 * jiggle_W * grads.weights[n]
            plain.biases[n] = plain.biases[n] - 0.5 * jiggle_b * grads.biases[n]
    assert costs.tolist() == expected
    assert all(np.array_equal(a, b) for a, b in zip(net.weights + net.biases, plain.weights + plain.biases,
                                                     strict=True))


def test_training_without_noise_is_steepest_descent_and_callback_can_stop_it():
    x, y = heart_curve(30)
    net = Network((1, 4, 2), "tanh", rng=3)
    seen = []

    def stop_after_five(i, network, cost):
        seen.append((i, cost))
        return i < 4

    costs = net.train(x, y, aggression=0.05, iterations=100, callback=stop_after_five)
    assert len(costs) == 5 and [i for i, _ in seen] == [0, 1, 2, 3, 4]
    assert np.all(np.diff(costs) < 0)  # small aggression, no noise: every step goes downhill


def test_bad_networks_are_rejected():
    with pytest.raises(ValueError, match="unknown activation"):
        Network((1, 2), "softsign")
    with pytest.raises(ValueError, match="need 2 activations"):
        Network((1, 2, 1), ("tanh",))
    with pytest.raises(ValueError, match="at least two layers"):
        Network((3,))


def test_tiny_slider_network_makes_a_bump():
    assert set(TINY_NETWORK_PRESET) == set(TINY_NETWORK_KEYS)
    xs = np.linspace(0, 1, 11)
    y = tiny_network_output(TINY_NETWORK_PRESET, xs)
    assert y[5] > 0.9 and y[0] < 0.05 and y[-1] < 0.05
    state = tiny_network(TINY_NETWORK_PRESET, xs)
    assert state.hidden0[-1] > 0.9 and state.hidden0[0] < 0.01  # fires when the input is active
    assert state.hidden1[0] > 0.9 and state.hidden1[-1] < 0.01  # fires when it is not
    # it is the same as a 1-2-1 Network holding those weights
    net = Network((1, 2, 1), rng=0)
    w = TINY_NETWORK_PRESET
    net.weights = [np.array([[w["w1_00"]], [w["w1_10"]]]), np.array([[w["w2_00"], w["w2_01"]]])]
    net.biases = [np.array([[w["b1_0"]], [w["b1_1"]]]), np.array([[w["b2_0"]]])]
    assert np.allclose(net.output(xs.reshape(1, -1))[0], y)
    assert isinstance(tiny_network_output(TINY_NETWORK_PRESET, 0.5), float)

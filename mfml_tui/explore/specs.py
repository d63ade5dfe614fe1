"""The explorer kinds, their options (with defaults) and `validate` for ```explore blocks.

Each kind lists its options as `Opt(default, type, …)`. `build(kind, options)` turns (validated) options
into the kind's starting state model; `validate(spec)` reports problems as plain sentences without
raising — unknown kinds and options, wrong types, functions that do not parse, and anything the state
model itself rejects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mfml_tui.engine.network import OUTPUT_RANGE
from mfml_tui.plots import options as O
from mfml_tui.spelling import did_you_mean

from .functions import FunctionError, curve, surface
from .pits import PITS
from .rules import RULES


@dataclass(frozen=True)
class Opt:
    """One option: its default, type and a short description (for docs and the palette)."""

    default: Any
    type: str  # number | int | bool | text | choice | f1 | f2 | range | point | numbers | table | variable
    help: str = ""
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    required: bool = False


@dataclass(frozen=True)
class Kind:
    title: str
    options: Mapping[str, Opt]
    build: Callable[[dict[str, Any]], Any]


# -- builders (options → state) ----------------------------------------------------------------------


def _secant(o: dict[str, Any]):
    from .secant import SecantState

    return SecantState(f=o["f"], x0=float(o["x0"]), h=float(o["h"]), kind=o["difference"],
                       ladder=tuple(float(v) for v in o["hs"]), variable=o["variable"])


def _taylor(o: dict[str, Any]):
    from .taylor import TaylorState

    return TaylorState.new(
        f=o["f"] or None,
        around=None if o["around"] is None else float(o["around"]),
        order=int(o["order"]),
        x=tuple(o["x"]) if o["x"] else None,
    )


def _newton(o: dict[str, Any]):
    from .newton import NewtonState

    starts = tuple(float(s) for s in o["starts"]) or (float(o["x0"]),)
    return NewtonState(f=o["f"], x0=float(o["x0"]), starts=starts, x=tuple(map(float, o["x"])),
                       variable=o["variable"])


def _descent(o: dict[str, Any]):
    from .descent import DescentState

    return DescentState(
        f=o["f"],
        start=tuple(map(float, o["start"])),
        gamma=float(o["gamma"]),
        rule=o["rule"],
        x=tuple(map(float, o["x"])),
        y=tuple(map(float, o["y"])),
    )


def _lagrange(o: dict[str, Any]):
    from .lagrange import LagrangeState

    return LagrangeState(
        f=o["f"],
        g=o["g"],
        point=tuple(map(float, o["start"])) if o["start"] else None,
        x=tuple(map(float, o["x"])),
        y=tuple(map(float, o["y"])),
    )


def _chi2(o: dict[str, Any]):
    from .chi2 import Chi2Game

    return Chi2Game(
        x=tuple(map(float, o["x"])),
        y=tuple(map(float, o["y"])),
        m=float(o["m"]),
        c=float(o["c"]),
        sigma=tuple(map(float, o["sigma"])) if o["sigma"] else None,
        target=None if o["target"] is None else float(o["target"]),
    )


def _heights(o: dict[str, Any]):
    from .heights import HeightsFit

    return HeightsFit.new(mu=float(o["mu"]), sigma=float(o["sigma"]), method=o["method"],
                          gamma=float(o["gamma"]))


def _network(o: dict[str, Any]):
    from .network import SliderNetwork

    return SliderNetwork.new(dict(o["weights"] or {}), x=float(o["x"]), activation=o["activation"])


def _backprop(o: dict[str, Any]):
    from .network import HeartTrainer

    return HeartTrainer(
        int(o["n1"]),
        int(o["n2"]),
        aggression=float(o["aggression"]),
        noise=float(o["noise"]),
        seed=int(o["seed"]),
    )


def _sandpit(o: dict[str, Any]):
    from .sandpit import SandpitGame

    return SandpitGame.new(
        o["pit"],
        int(o["seed"]),
        rule=None if o["rule"] == "none" else o["rule"],
        gamma=float(o["gamma"]),
        arrows=o["arrows"],
        limit=int(o["limit"]),
    )


VARIABLE_HELP = "the letter f is written in (\"t\": f(t), t₀ and tᵢ in every caption)"

KINDS: dict[str, Kind] = {
    "secant": Kind(
        "Secant → tangent",
        {
            "f": Opt("x^2", "f1", "the function of x"),
            "x0": Opt(1.0, "number", "the point x₀"),
            "h": Opt(1.0, "number", "the starting run h (> 0)", low=1e-12, high=100),
            "difference": Opt("forward", "choice", "forward or central difference", ("forward", "central")),
            "hs": Opt([], "numbers", "the h values ↓/↑ step through (default: 1-2-5 steps, or halving h)"),
            "variable": Opt("x", "variable", VARIABLE_HELP),
        },
        _secant,
    ),
    "taylor": Kind(
        "Taylor series",
        {
            "f": Opt("", "f1", "a function of x put first in the menu (empty: the menu only)"),
            "around": Opt(None, "number", "the expansion point p (default: the function's own)"),
            "order": Opt(1, "int", "the starting order", low=0, high=12),
            "x": Opt([], "range", "x range [low, high] (default: the function's own)"),
        },
        _taylor,
    ),
    "newton": Kind(
        "Newton–Raphson",
        {
            "f": Opt("x^3 - 2x + 2", "f1", "the function whose root is sought"),
            "x0": Opt(-2.0, "number", "the starting value"),
            "starts": Opt([-2.0, 0.0, 1.0], "numbers", "preset starts cycled with s"),
            "x": Opt([-3.0, 3.0], "range", "x range of the plot"),
            "variable": Opt("x", "variable", VARIABLE_HELP),
        },
        _newton,
    ),
    "descent": Kind(
        "Gradient descent",
        {
            "f": Opt("x^4/4 - x^2 + 2y^2", "f2", "the function of x and y to minimise"),
            "start": Opt([0.3, 1.5], "point", "the starting point [x, y]"),
            "gamma": Opt(0.2, "number", "the aggression γ", low=1e-4, high=100),
            "rule": Opt("gradient", "choice", "the step rule", tuple(RULES)),
            "x": Opt([-2.5, 2.5], "range", "x range of the map"),
            "y": Opt([-2.0, 2.0], "range", "y range of the map"),
        },
        _descent,
    ),
    "lagrange": Kind(
        "Lagrange multipliers",
        {
            "f": Opt("exp(-(2x^2 + y^2 - x*y)/2)", "f2", "the function f(x, y)"),
            "g": Opt("x^2 + 3(y + 1)^2 - 1", "f2", "the constraint, as g(x, y) = 0"),
            "start": Opt([], "point", "a starting point near the constraint (default: found)"),
            "x": Opt([-2.0, 2.0], "range", "x range of the map"),
            "y": Opt([-2.5, 0.5], "range", "y range of the map"),
        },
        _lagrange,
    ),
    "chi2": Kind(
        "χ² (chi-squared) line game",
        {
            "x": Opt([0.4, 0.5, 0.6, 0.7, 0.8], "numbers", "the data's x values"),
            "y": Opt([0.1, 0.25, 0.55, 0.75, 0.85], "numbers", "the data's y values"),
            "sigma": Opt([], "numbers", "uncertainties σᵢ (optional, one per point)"),
            "m": Opt(0.0, "number", "the starting slope"),
            "c": Opt(0.5, "number", "the starting intercept"),
            "target": Opt(None, "number", "χ² to beat (default: 5 % above the best)", low=0),
        },
        _chi2,
    ),
    "heights": Kind(
        "The heights fit, step by step",
        {
            "mu": Opt(155.0, "number", "the starting μ (cm)"),
            "sigma": Opt(6.0, "number", "the starting σ (cm)", low=0.5),
            "method": Opt("descent", "choice", "the first method", ("descent", "gauss-newton")),
            "gamma": Opt(2000.0, "number", "steepest descent's aggression γ", low=1, high=1e6),
        },
        _heights,
    ),
    "network": Kind(
        "1-2-1 network sliders",
        {
            "weights": Opt({}, "table", "w1_00 w1_10 b1_0 b1_1 w2_00 w2_01 b2_0 (default: the bump)"),
            "x": Opt(0.5, "number", "the input x", low=0, high=1),
            "activation": Opt("sigmoid", "choice", "σ of every neuron", tuple(OUTPUT_RANGE)),
        },
        _network,
    ),
    "backprop": Kind(
        "Backprop: draw a heart",
        {
            "n1": Opt(6, "int", "neurons in hidden layer 1", low=1, high=30),
            "n2": Opt(7, "int", "neurons in hidden layer 2", low=1, high=30),
            "aggression": Opt(7.0, "number", "the step size of steepest descent", low=0, high=100),
            "noise": Opt(1.0, "number", "the jiggle of each Jacobian", low=0, high=10),
            "seed": Opt(0, "int", "the random start", low=0),
        },
        _backprop,
    ),
    "sandpit": Kind(
        "Sandpit: find the phone",
        {
            "pit": Opt("intro", "choice", "the landscape", tuple(PITS)),
            "seed": Opt(0, "int", "the random pit's seed", low=0),
            "rule": Opt("none", "choice", "a worker rule stepping after each dip", ("none", *RULES)),
            "gamma": Opt(0.5, "number", "the worker's γ", low=1e-3, high=10),
            "arrows": Opt(None, "bool", "show the downhill arrows (default: as the pit says)"),
            "limit": Opt(25, "int", "dips allowed", low=1, high=200),
        },
        _sandpit,
    ),
}


def defaults(kind: str) -> dict[str, Any]:
    """The default options of `kind` (a fresh dict)."""
    return {
        k: (list(o.default) if isinstance(o.default, list) else o.default)
        for k, o in KINDS[kind].options.items()
    }


def _converter(opt: Opt) -> Callable[[Any, O.Ctx], Any]:
    """The plots' converter for an explorer option's type: explorers, plots and their messages (and
    'did you mean') come from one options reader (`plots.options.resolve`). Values stay as written
    (the builders convert them); an empty list keeps a default that is an empty list ("use the
    function's own")."""
    t = opt.type
    low = -O.MAX_ABS if opt.low is None else opt.low
    high = O.MAX_ABS if opt.high is None else opt.high
    if t == "number":
        conv = O.number(low, high)
    elif t == "int":
        conv = O.integer(int(low), int(high))
    elif t == "bool":
        conv = O.boolean
    elif t == "choice":
        conv = O.choice(*opt.choices)
    elif t == "variable":
        conv = O.variable_name
    elif t in ("f1", "f2"):
        conv = _function(t, opt.default)
    elif t == "range":
        conv = O.span
    elif t == "point":
        conv = O.point(2)
    elif t == "numbers":
        conv = O.numbers()
    elif t == "table":
        conv = _table
    else:
        conv = O.text

    def check(v: Any, ctx: O.Ctx) -> Any:
        if isinstance(v, list | tuple) and not v and opt.default == []:
            return v
        conv(v, ctx)
        return v

    return check


def _function(t: str, default: Any) -> Callable[[Any, O.Ctx], str]:
    def conv(v: Any, ctx: O.Ctx) -> str:
        if not isinstance(v, str):
            raise O.Bad(f"expected a function as text, got {v!r}")
        if v == "" and default == "":
            return v
        try:
            curve(v, ctx.variables[0]) if t == "f1" else surface(v)
        except FunctionError as error:
            raise O.Bad(str(error)) from None
        return v

    return conv


def _table(v: Any, ctx: O.Ctx) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        raise O.Bad(f"expected a table of numbers, got {v!r}")
    for value in v.values():
        O.number()(value, ctx)
    return v


def _reader(kind: str) -> tuple[O.Opt, ...]:
    options = KINDS[kind].options.items()
    return tuple(O.Opt(name, _converter(opt), opt.default, opt.help) for name, opt in options)


def options_for(kind: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """The defaults of `kind` overlaid with `options` (unknown keys are dropped; see `validate`)."""
    merged = defaults(kind)
    merged.update({k: v for k, v in options.items() if k in merged and k != "kind"})
    return merged


def check_options(kind: str, options: Mapping[str, Any]) -> list[str]:
    """Problems with `options` for `kind`, as sentences (empty when all is well)."""
    if kind not in KINDS:
        near = did_you_mean(kind, KINDS)
        return [f"unknown explorer kind `{kind}`{near}; expected one of {', '.join(KINDS)}"]
    given = {k: v for k, v in options.items() if k != "kind"}
    variable = given.get("variable", "x")  # a one-variable kind's f is written in it
    ctx = O.Ctx(variables=(variable if isinstance(variable, str) and variable else "x",))
    _values, fatal, soft = O.resolve(given, _reader(kind), ctx)
    problems = fatal + soft
    if problems:
        return problems
    try:
        build(kind, options)
    except Exception as error:  # noqa: BLE001 — the model's own checks (lengths, ranges, constraint not found, …)
        problems.append(f"{kind} explorer: {error}")
    return problems


def build(kind: str, options: Mapping[str, Any]) -> Any:
    """The starting state of `kind` from `options` (raises ValueError/FunctionError on bad options)."""
    if kind not in KINDS:
        raise ValueError(f"unknown explorer kind {kind!r}")
    return KINDS[kind].build(options_for(kind, options))

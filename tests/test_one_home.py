"""Issue #19's housekeeping, kept by tests: the dead code stays gone, and each rule that was written in
several places (activation names, the wide layout, the pass mark, reserved words) has one home."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "mfml_tui"


@pytest.mark.parametrize(("module", "name"), [
    ("mfml_tui.engine.tree", "HALF"),
    ("mfml_tui.engine.tree", "is_number"),
    ("mfml_tui.engine.tree", "number_value"),
    ("mfml_tui.plots.maths", "grad2"),
    ("mfml_tui.plots.maths", "hess2"),
    ("mfml_tui.plots.canvas", "tick_text"),
    ("mfml_tui.explore.pits", "FIXED"),
])
def test_dead_code_stays_gone(module, name):
    import importlib

    assert not hasattr(importlib.import_module(module), name)


def test_dead_methods_and_fields_stay_gone():
    import dataclasses

    from mfml_tui.explore.taylor import TaylorState
    from mfml_tui.progress.records import Attempt

    assert not hasattr(TaylorState, "error_at")
    assert "skills" not in {f.name for f in dataclasses.fields(Attempt)}
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    assert not re.search(r"\bnvars\b", source)


def test_activation_names_have_one_home():
    """engine.network.ACTIVATIONS names them; the slider network offers its bounded ones (OUTPUT_RANGE);
    the explorer's option and the training plot's option read those tables."""
    from mfml_tui.engine.network import ACTIVATIONS, OUTPUT_RANGE
    from mfml_tui.explore import KINDS
    from mfml_tui.explore.network import SliderNetwork

    assert set(OUTPUT_RANGE) <= set(ACTIVATIONS)
    assert KINDS["network"].options["activation"].choices == tuple(OUTPUT_RANGE)
    for name, (lo, hi) in OUTPUT_RANGE.items():
        assert SliderNetwork.new(activation=name).output_range == (lo, hi)
    with pytest.raises(ValueError):
        SliderNetwork.new(activation="relu")  # unbounded: no fixed scale for its sliders
    literal = re.compile(r"""["']sigmoid["'],\s*["']tanh["']""")
    found = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
             if literal.search(p.read_text(encoding="utf-8"))]
    assert found == [], f"activation names listed again in {found}"


def _numbers(path: Path, value: str) -> list[tuple[int, str]]:
    """(line, source line) of every number literal `value` in the code (comments and strings ignored)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    return [(tok.start[0], lines[tok.start[0] - 1])
            for tok in tokenize.generate_tokens(io.StringIO(text).readline)
            if tok.type == tokenize.NUMBER and tok.string == value]


def test_wide_layout_and_pass_mark_are_defined_once():
    wide = [(p.name, line.strip()) for p in PACKAGE.rglob("*.py") for _n, line in _numbers(p, "120")
            if "size" in line or "width" in line or "WIDE" in line]
    assert [(name, line.split("#")[0].strip()) for name, line in wide] == [("layout.py", "WIDE = 120")], wide
    marks = [(p.name, line.strip()) for p in PACKAGE.rglob("*.py") for _n, line in _numbers(p, "0.8")
             if "pass" in line.lower()]
    assert [m for m, _ in marks] == ["model.py"] and "DEFAULT_PASS_MARK =" in marks[0][1], marks


def test_reserved_parameter_names_come_from_the_function_table():
    from mfml_tui.engine.functions import FUNCTIONS
    from mfml_tui.quiz import params

    assert set(FUNCTIONS) <= params.RESERVED
    for name in FUNCTIONS:
        with pytest.raises(params.ParamError, match="cannot be a parameter"):
            params.parse_param(name, "int 1..3")

"""`mfml-tui eval` as a learner uses it from the shell (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mfml_tui", "eval", *args], capture_output=True, text=True,
                          timeout=60)


def test_derivative_is_printed_as_unicode_maths() -> None:
    proc = run("diff(x^2 sin(x), x)")
    assert proc.returncode == 0
    assert proc.stdout.strip() == "2·x·sin(x) + x²·cos(x)"


def test_gradient_at_a_point_is_a_vector() -> None:
    assert run("at(grad(x^2 y, [x, y]), x=1, y=2)").stdout.strip() == "[4, 1]"


@pytest.mark.parametrize(
    ("expr", "kind", "value"),
    [
        ("at(diff(x^3, x), x=2)", "number", 12.0),
        ("at(grad(x^2 y, [x, y]), x=1, y=2)", "vector", [4.0, 1.0]),
        ("hessian(x^2 + y^2, [x, y])", "matrix", [[2.0, 0.0], [0.0, 2.0]]),
        ("diff(x^3, x)", "expression", "3*x^2"),
    ],
)
def test_json_output(expr: str, kind: str, value) -> None:
    proc = run(expr, "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["kind"] == kind
    assert data["value"] == value
    assert data["text"]


def test_exact_numbers_also_show_their_decimal_value() -> None:
    out = run("at(diff(x^(3/2) + pi x^2 + sqrt(7), x), x=2)").stdout.strip()
    assert out.startswith("3·√2/2 + 4·π ≈ 14.68769")


@pytest.mark.parametrize("bad", ["sin(x", "x $ 1", "", "diff(x, 1)", "[1,2]*[3,4]"])
def test_bad_input_is_one_error_line_and_exit_code_2(bad: str) -> None:
    proc = run(bad)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:")


def test_global_options_may_follow_the_sub_command(tmp_path) -> None:
    proc = run("diff(x^2, x)", "--data-dir", str(tmp_path))
    assert proc.returncode == 0 and proc.stdout.strip() == "2·x"


def run_stdin(data: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mfml_tui", "eval", "-", *args], input=data,
                          capture_output=True, timeout=60)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"x+" * 500_000 + b"x", "too long"),  # a megabyte: more than a shell can pass as an argument
        (b"x\x00+1", "U+0000 at column 2"),
        ("x\u202e+1".encode(), "U+202E at column 2"),
        (b"\xff\xfe", "not UTF-8"),
        (b"", "empty"),
    ],
    ids=["megabyte", "nul", "bidi", "not-utf8", "empty"],
)
def test_hostile_input_on_stdin_is_one_error_line(data: bytes, message: str) -> None:
    proc = run_stdin(data)
    assert proc.returncode == 2 and proc.stdout == b""
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]


def test_expression_on_stdin() -> None:
    proc = run_stdin(b"diff(x^2 sin(x), x)\n", "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["text"] == "2·x·sin(x) + x²·cos(x)"


@pytest.mark.parametrize("text", ["9^9^9^9", "at(1/x, x=0)", "at(ln(x), x=-1)", "at([x, 1/x], x=0)"])
@pytest.mark.parametrize("as_json", [False, True])
def test_results_that_are_not_finite_are_errors_so_json_stays_valid(text: str, as_json: bool) -> None:
    proc = run(text, *(["--json"] if as_json else []))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("error:") and "not a finite number" in proc.stderr


@pytest.mark.parametrize("args", [("-x^2",), ("-x^2", "--json"), ("--json", "-x^2"), ("--", "-x^2")])
def test_an_expression_may_start_with_a_minus(args) -> None:
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.strip()
    assert (json.loads(out)["text"] if "--json" in args else out) == "−x²"


@pytest.mark.parametrize(("expr", "word"),
                         [("import os", "import"), ("x if 1 else 2", "else"), ("xyz", "xyz")])
def test_unknown_letter_runs_are_an_error_suggesting_a_star(expr: str, word: str) -> None:
    """Three or more letters that are no known name are a typo or code, not a product of variables."""
    proc = run(expr)
    assert proc.returncode == 2 and proc.stdout == ""
    assert f"`{word}` is not a known name" in proc.stderr and "*".join(word[:3]) in proc.stderr


def test_known_names_and_short_products_still_evaluate() -> None:
    proc = run("diff(xy sin x + theta exp(x), x)")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "y·sin(x) + x·y·cos(x) + θ·eˣ"

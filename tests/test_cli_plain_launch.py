"""`mfml-tui` and `mfml-tui lesson ID` start without argparse (cli.plain_launch, issue #20: lessons listed
≤ 1.3× a hello app; importing argparse and building the parser was ≈5–10 ms of CPU). What they are given
must mean exactly what argparse makes of it; anything else still goes to argparse."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mfml_tui import cli

PLAIN = [
    [],
    ["lesson", "w1-product-rule"],
    ["--lessons", "some dir", "--data-dir", "/tmp/d", "--profile", "ana"],
    ["lesson", "w1-x", "--ascii", "--no-mouse"],
    ["--ascii", "lesson", "w1-x", "--profile", "bo", "--lessons", "L"],
    ["--profile", "a", "--profile", "b"],  # the last one wins
    ["--profile", "a", "lesson", "w0", "--profile", "b"],
    ["--lessons", "lesson", "lesson", "lesson"],  # a folder named lesson, then the command and its id
    ["--profile", ""],
    ["--no-mouse", "--no-mouse"],
]
OTHERS = [
    ["--version"], ["-h"], ["--help"], ["lesson"], ["lesson", "a", "b"], ["lesson", "--ascii"],
    ["--lessons=DIR"], ["--less", "DIR"], ["--profile"], ["--profile", "-1"], ["--profile", "--ascii"],
    ["eval", "x^2"], ["lessons", "check"], ["progress", "--json"], ["serve"], ["lesson", "w1", "--"],
    ["--", "lesson", "w1"], ["Lesson", "w1"], ["-x"], ["reset", "--lesson", "w1"], ["lesson", "-w1"],
]


def _argparse(argv: list[str]) -> dict:
    args, extra = cli.build_parser().parse_known_args(argv)
    assert not extra
    return vars(args)


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_a_plain_launch_means_what_argparse_makes_of_it(argv: list[str]) -> None:
    plain = cli.plain_launch(argv)
    assert plain is not None
    assert vars(plain) == _argparse(argv)


@pytest.mark.parametrize("argv", OTHERS, ids=" ".join)
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert cli.plain_launch(argv) is None


PROBE = r"""
import json, sys
import mfml_tui.commands.app_cmd as app_cmd

def run_app(args, lesson_id=None):
    print(json.dumps({"argparse": "argparse" in sys.modules, "lesson_id": lesson_id,
                      "profile": getattr(args, "profile", None), "ascii": getattr(args, "ascii", None)}))
    return 0

app_cmd.run_app = run_app
from mfml_tui import cli
sys.exit(cli.main(json.loads(sys.argv[1])))
"""


@pytest.mark.parametrize(("argv", "argparse_used"), [
    (["--profile", "ana"], False), (["lesson", "w1-x", "--ascii"], False), (["--profile=ana"], True)])
def test_the_tutor_starts_without_importing_argparse(argv: list[str], argparse_used: bool) -> None:
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv)], capture_output=True, text=True,
                         timeout=60, cwd=Path(__file__).parent.parent)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["argparse"] is argparse_used
    assert seen["profile"] == "ana" or seen["lesson_id"] == "w1-x"
    assert seen["ascii"] is ("--ascii" in argv)

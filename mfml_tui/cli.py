"""The `mfml-tui` command and its sub-commands.

Heavy modules (Textual, numpy, plotext) are imported inside the sub-command that needs them, so that
`mfml-tui --version` and `mfml-tui eval` stay quick and the tutor's first screen is not delayed.
Global options are accepted before or after the sub-command.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from mfml_tui import __version__

if TYPE_CHECKING:
    import argparse

EPILOG = """\
examples:
  mfml-tui                               start the tutor where you left off
  mfml-tui lesson w1-product-rule        open one lesson directly
  mfml-tui eval 'diff(x^2 sin(x), x)'    check your own work: 2·x·sin(x) + x²·cos(x)
  mfml-tui eval --steps 'diff(…, x)'     the same, worked step by step (sum, product, chain rule…)
  mfml-tui lessons check                 prove every lesson loads, draws and grades
  mfml-tui lessons list                  list weeks and lessons with their ids
  mfml-tui progress                      your progress as a table (--json to export)
  mfml-tui reset --lesson ID             forget progress (asks first)
  mfml-tui class-report a.json b.json    teachers: a class summary from exports
  mfml-tui serve                         the tutor in a web browser, at http://127.0.0.1:8000/
"""


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """The options every sub-command accepts; `suppress` keeps a sub-parser from overwriting them."""
    import argparse

    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--lessons", metavar="DIR", default=default,
                        help="lessons folder (default: the bundled course; env MFML_TUI_LESSONS)")
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help="where progress is kept (env MFML_TUI_DATA)")
    parser.add_argument("--profile", metavar="NAME", default=default,
                        help="learner profile (default: your user name)")
    parser.add_argument("--no-mouse", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help="do not ask the terminal for mouse reports (slow links)")
    parser.add_argument("--ascii", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help="ASCII only: plots, maths, text and boxes (automatic when the locale is not "
                             "UTF-8, e.g. LANG=C)")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="mfml-tui",
        description="A terminal tutor for the multivariate calculus behind machine learning.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mfml-tui {__version__}")
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=f"{help_text}\n\nexample: {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        _global_options(p, suppress=True)
        return p

    p = add("eval", "evaluate or differentiate an expression", "mfml-tui eval 'diff(x^2 sin(x), x)'")
    p.add_argument("expression", help="an expression in the tutor's maths language")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--steps", action="store_true",
                   help="show the derivation step by step in the course's rules (--json: the step tree)")

    p = add("lesson", "open one lesson directly", "mfml-tui lesson w1-product-rule")
    p.add_argument("lesson_id", metavar="ID")

    p = add("lessons", "author tools: check or list the lessons folder", "mfml-tui lessons check")
    p.add_argument("action", choices=["check", "list", "slips"],
                   help="check everything; list the lessons; slips: which classic slips each quiz recognises")
    p.add_argument("dir", nargs="?", help="lessons folder (default: --lessons or the bundled course)")
    p.add_argument("--seeds", type=int, default=50, help="random seeds per quiz (default 50)")
    p.add_argument("--render", action="store_true",
                   help="also draw every plot and choice-plot option at 80×24 and 120×40 and report what a "
                        "learner could not read (flat graphs, cramped panels, legends over data, round-off)")
    p.add_argument("--slips", action="store_true",
                   help="with check: also list, per quiz, the classic slips it tells apart by itself "
                        "(the same table as `lessons slips`)")
    p.add_argument("--render-seeds", type=int, default=20, metavar="N",
                   help="seeds per choice-plot question in the render check (default 20)")

    p = add("progress", "show progress as a table, or export/import it", "mfml-tui progress --json")
    p.add_argument("--json", action="store_true", help="export as JSON")
    p.add_argument("--all", action="store_true", help="with --json: every profile")
    p.add_argument("--import", dest="import_file", metavar="FILE", help="merge an export into this store")

    p = add("class-report", "teachers: one table from many learners' progress exports",
            "mfml-tui class-report exports/*.json")
    p.add_argument("files", nargs="+", metavar="FILE", help="files written by `mfml-tui progress --json`")

    p = add("serve", "the tutor in a web browser (needs: pip install 'mfml-tui[web]')",
            "mfml-tui serve --port 8000")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; another address "
                        "lets anyone who reaches it use the tutor as you)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")

    p = add("reset", "forget progress (asks for confirmation)", "mfml-tui reset --lesson w1-functions")
    p.add_argument("--lesson", metavar="ID", help="only this lesson")
    p.add_argument("--yes", action="store_true", help="do not ask")
    return parser


VALUED = {"--lessons", "--data-dir", "--profile"}  # global options that take the next word
SHIELD = "\0"


def _shield_minus(argv: list[str]) -> list[str]:
    """`mfml-tui eval '-x^2'`: argparse would take a word starting with `-` for an option. The first such
    word after `eval` that is no option of ours is the expression; mark it so argparse keeps it."""
    words = list(argv)
    for i, word in enumerate(words):
        if word == "--":
            return words
        if word == "eval" and (i == 0 or words[i - 1] not in VALUED):
            for j in range(i + 1, len(words)):
                w = words[j]
                if w == "--" or (not w.startswith("-") and words[j - 1] not in VALUED):
                    return words  # the expression is already a plain word
                if len(w) > 1 and w[1] != "-" and w != "-h":
                    words[j] = SHIELD + w
                    return words
            return words
    return words


FLAGS = {"--no-mouse": "no_mouse", "--ascii": "ascii"}  # global options that take no value


def plain_launch(argv: list[str]) -> SimpleNamespace | None:
    """What argparse would make of `mfml-tui` or `mfml-tui lesson ID`, with global options written in
    full (`--lessons DIR`, `--no-mouse`…, in any order, the last of a repeated one winning, as argparse
    does), made without argparse: importing it and building the parser was ≈5–10 ms CPU of the start-up.
    Anything else (another command, `--opt=value`, an abbreviation, a value starting with `-`, help,
    a mistake) is None: argparse reads it, with its messages."""
    args: dict[str, object] = {"lessons": None, "data_dir": None, "profile": None, "no_mouse": False,
                               "ascii": False, "command": None}
    words = iter(argv)
    for word in words:
        if word in VALUED:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return None
            args[word[2:].replace("-", "_")] = value
        elif word in FLAGS:
            args[FLAGS[word]] = True
        elif word.startswith("-"):
            return None
        elif args["command"] is None and word == "lesson":
            args["command"] = "lesson"
        elif args["command"] == "lesson" and "lesson_id" not in args:
            args["lesson_id"] = word
        else:
            return None
    if args["command"] == "lesson" and "lesson_id" not in args:
        return None
    return SimpleNamespace(**args)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    plain = plain_launch(words)
    if plain is not None:
        return _run(plain)
    parser = build_parser()
    args, extra = parser.parse_known_args(_shield_minus(words))
    if (getattr(args, "command", None) == "lessons" and args.dir is None and len(extra) == 1
            and not extra[0].startswith("-")):
        # argparse gives the optional folder up once an option follows the action
        # (`lessons check --render DIR`); authors write it in any order.
        args.dir = extra[0]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if getattr(args, "expression", "").startswith(SHIELD):
        args.expression = args.expression[len(SHIELD):]
    return _run(args)


def _run(args: argparse.Namespace | SimpleNamespace) -> int:
    command = args.command
    try:
        if command == "eval":
            from mfml_tui.commands.eval_cmd import run_eval

            return run_eval(args)
        if command == "lessons":
            from mfml_tui.commands.lessons_cmd import run_lessons

            return run_lessons(args)
        if command == "class-report":
            from mfml_tui.commands.class_report import run_class_report

            return run_class_report(args)
        if command == "serve":
            from mfml_tui.commands.serve_cmd import run_serve

            return run_serve(args)
        if command in ("progress", "reset"):
            from mfml_tui.commands.progress_cmd import run_progress, run_reset

            return run_progress(args) if command == "progress" else run_reset(args)
        from mfml_tui.commands.app_cmd import run_app

        return run_app(args, lesson_id=getattr(args, "lesson_id", None))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

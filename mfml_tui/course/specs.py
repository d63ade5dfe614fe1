"""From the TOML of a ```quiz, ```plot or ```explore block to a validated spec of the content model.

Expressions are checked with the engine (its column in the message); plots and explorers are validated
by their own packages; every problem is reported on the block, at the line of the key it is about.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from mfml_tui import engine
from mfml_tui.course.blocks import Block, Fields, clip
from mfml_tui.course.model import ExploreSpec, Location, Mistake, PlotSpec, QuizSpec
from mfml_tui.quiz.kinds import ALL_KEYS, COMMON_KEYS
from mfml_tui.quiz.kinds import KINDS as QUIZ_KINDS
from mfml_tui.quiz.params import parse_params
from mfml_tui.quiz.render import placeholders
from mfml_tui.spelling import did_you_mean

DEFAULT_DOMAIN = (-2.0, 2.0)
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOLERANCE_WORDS = ("tolerance", "tol", "eps", "epsilon")  # what authors try before reading the docs


# ----------------------------------------------------------------------------------------- expressions
def check_expression(block: Block, key: str, text: str, what: str | None = None) -> bool:
    """Report an expression that does not parse, with the engine's column."""
    try:
        engine.parse(text)
    except engine.ParseError as exc:
        block.problem(key, f"{what or '`' + key + '`'}: `{clip(text)}` does not parse: {clip(str(exc), 200)}")
        return False
    except Exception as exc:  # noqa: BLE001 — too long, too deep … : still the author's to fix
        block.problem(key, f"{what or '`' + key + '`'}: `{clip(text)}` is not usable: {clip(str(exc), 200)}")
        return False
    return True


def check_text(block: Block, key: str, text: str, params: set[str]) -> None:
    """Placeholders in `ask`/`hints`/`solution`/`says`: each must name a parameter or parse."""
    found, problems = placeholders(text)
    for message in problems:
        block.problem(key, f"`{key}`: {message}")
    for ph in found:
        if ph.name is not None and ph.name not in params:
            known = ", ".join(sorted(params)) or "none"
            block.problem(key, f"`{key}`: `{{{ph.source}}}` is not a parameter (parameters: {known})")
        elif ph.expr is not None:
            check_expression(block, key, ph.expr, f"`{key}` placeholder `{{{ph.source}}}`")


# ---------------------------------------------------------------------------------------------- blocks
def parse_quiz(table: dict, block: Block, lesson_skills: tuple[str, ...]) -> QuizSpec | None:
    """Build a QuizSpec from a ```quiz block, reporting every problem; None if it cannot be built."""
    f = Fields(table, block, "a quiz")
    reported = len(block.report.problems)  # any problem reported below (even by a helper) drops the quiz
    quiz_id = f.str("id", required=True)
    if quiz_id is not None and quiz_id and not ID.match(quiz_id):
        f.bad("id", f"quiz id `{quiz_id}` may use only lower-case letters, digits and `-`")
    kind = f.str("kind", required=True)
    if kind is not None and kind not in QUIZ_KINDS:
        near = did_you_mean(kind, QUIZ_KINDS)
        f.bad("kind", f"unknown quiz kind `{kind}`{near} (kinds: {', '.join(QUIZ_KINDS)})")
        kind = None
    if kind is None:
        f.unknown(set(ALL_KEYS))
        return None
    row = QUIZ_KINDS[kind]
    allowed = set(COMMON_KEYS | row.keys)
    why = {k: f" (`{k}` does not apply to {row.article} {kind} quiz)" for k in ALL_KEYS - allowed}
    if "rtol" in allowed:
        why |= {k: " (use `rtol`, relative, and/or `atol`, an absolute floor)" for k in TOLERANCE_WORDS}
    f.unknown(allowed, why)
    ask = f.str("ask", required=True) or ""

    # parameters
    params_table = table.get("params", {})
    param_names: list[str] = []
    if not isinstance(params_table, dict):
        f.bad("params", "`params` must be a table such as { a = \"int 2..9\" }")
        params_table = {}
    specs, param_problems = parse_params(params_table)
    for message in param_problems:
        f.bad("params", f"`params`: {message}")
    for spec in specs:
        if engine.parse(spec.name) != engine.Sym(spec.name):
            shown = engine.to_unicode(engine.parse(spec.name))
            f.bad("params", f"parameter `{spec.name}` would be read as {shown}: use one letter, optionally "
                            "followed by digits (a, k2, x0), or a Greek name (theta)")
        if spec.kind == "derived":
            check_expression(block, "params", spec.expr, f"parameter `{spec.name}`")
            _check_order(block, spec.name, spec.expr, param_names)
        param_names.append(spec.name)
    params = {k: v for k, v in params_table.items() if isinstance(v, str)}
    names = set(params)
    where = f.str("where")
    if where is not None:
        check_expression(block, "where", where)

    # hints, solution
    hints = f.strs("hints")
    if "hint" in table:
        if "hints" in table:
            f.bad("hint", "give either `hint` or `hints`, not both")
        hint = f.str("hint")
        hints = (hint,) if hint else hints
    solution = f.str("solution", default="") or ""
    for key, text in [("ask", ask), ("solution", solution), *(("hints", h) for h in hints)]:
        check_text(block, key, text, names)

    # the answer
    answer: str | None = None
    answers: tuple[str, ...] = ()
    raw_answer = table.get("answer")
    if row.is_choice and isinstance(raw_answer, list):
        if raw_answer and all(isinstance(a, str) for a in raw_answer):
            answers = tuple(raw_answer)
            answer = answers[0]
        else:
            f.bad("answer", "`answer` must be an expression or a list of expressions")
    elif not row.is_choice or raw_answer is not None:
        answer = f.str("answer", required=True)
        answers = (answer,) if answer else ()
    for a in answers:
        check_expression(block, "answer", a)

    mistakes = _parse_mistakes(table, f, block, names) if not row.is_choice else ()

    # tolerances
    rtol0, atol0 = row.rtol, row.atol
    rtol = f.float("rtol", rtol0, positive=True)
    atol = f.float("atol", atol0, positive=True)
    decimals = f.int("decimals", lo=0, hi=12)
    sigfigs = f.int("sigfigs", default=3, lo=1, hi=15)
    printed = f.bool("printed", False)
    same = f.str("same")

    # expression: variables and domain
    variables = f.strs("variables")
    for v in variables:
        if v in names:
            f.bad("variables", f"`{v}` is both a parameter and a variable")
    domain: dict[str, tuple[float, float]] = {}
    raw_domain = table.get("domain")
    if raw_domain is not None:
        if not isinstance(raw_domain, dict):
            f.bad("domain", "`domain` must be a table such as { x = [0.1, 3] }")
        else:
            for var, rng in raw_domain.items():
                r = f.check_range("domain", rng, f"`domain.{var}`")
                if r:
                    domain[var] = r
            if variables:
                for var in domain:
                    if var not in variables:
                        f.bad("domain", f"`domain.{var}`: `{var}` is not one of the `variables`")

    # choice
    choices: tuple[str, ...] = ()
    choice_says: tuple[str, ...] = ()
    correct: tuple[int, ...] = ()
    correct_expr: str | None = None
    multiple = f.bool("multiple", False)
    shuffle = f.bool("shuffle", True)
    show = f.str("show")
    fixed = f.str("fixed") or ""
    plot_x = f.range("x")
    if row.is_choice:
        choices, choice_says = _parse_choices(table, f, block, names)
        has_correct = "correct" in table
        if has_correct and answers:
            f.bad("correct", "give either `correct` (text options) or `answer` "
                             "(options decided by the engine)")
        elif not has_correct and not answers and "answer" not in table:
            f.bad(None, "a choice quiz needs `correct` (indexes of the right options, from 0) or an `answer`")
        if has_correct and isinstance(table["correct"], str):
            # an expression of the parameters giving the right option's index: the answer varies per draw
            correct_expr = table["correct"]
            check_expression(block, "correct", correct_expr)
            if multiple:
                f.bad("correct", "a computed `correct` picks one option; it cannot go with `multiple = true`")
        elif has_correct:
            correct = _parse_correct(table["correct"], f, len(choices))
            if len(correct) > 1 and not multiple:
                f.bad("correct", "several options are correct: add `multiple = true`")
        elif answers:
            for c in choices:
                check_expression(block, "choices", c, f"option `{c}`")
        if show is not None:
            if show != "plots":
                f.bad("show", "`show` can only be \"plots\"")
            elif not answers:
                f.bad("show", "`show = \"plots\"` needs expression options (an `answer`, not `correct`)")
            elif len(variables) > 1:
                f.bad("variables", "`show = \"plots\"` draws graphs of one variable: give one "
                                   "(`variables = [\"t\"]`) or none (x)")
        if plot_x is not None and show != "plots":
            f.bad("x", "`x` (the plot range) goes with `show = \"plots\"`")
        if variables and show != "plots":
            f.bad("variables", "`variables` (the graphs' variable) goes with `show = \"plots\"`")

    skills = f.strs("skills") or lesson_skills
    if not f.ok or quiz_id is None or len(block.report.problems) > reported:
        return None  # `lessons check` would only repeat the problem for every seed
    return QuizSpec(
        id=quiz_id, kind=kind, ask=ask, location=Location(block.report.path, block.fence_line),
        params=params, answer=answer, choices=choices, correct=correct, multiple=multiple,
        hints=hints, solution=solution, mistakes=mistakes, variables=variables, domain=domain,
        rtol=rtol if rtol is not None else rtol0, atol=atol if atol is not None else atol0,
        skills=skills, where=where, answers=answers, choice_says=choice_says, decimals=decimals,
        sigfigs=sigfigs if sigfigs is not None else 3, shuffle=shuffle, show=show, plot_x=plot_x,
        printed=bool(printed), same=same, correct_expr=correct_expr, fixed=fixed,
    )


def _check_order(block: Block, name: str, expr: str, earlier: list[str]) -> None:
    try:
        used = engine.free_symbols(engine.parse(expr))
    except Exception:  # noqa: BLE001 — the expression's own check reports the error
        return  # reported by check_expression
    # only names that are parameters (declared anywhere) matter; later ones are an ordering mistake
    declared = set(block_params(block))
    for sym in sorted(used & declared):
        if sym not in earlier:
            block.problem("params", f"parameter `{name}` uses `{sym}`, which is declared after it")


def block_params(block: Block) -> list[str]:
    try:
        params = tomllib.loads(block.text).get("params", {})
    except tomllib.TOMLDecodeError:
        return []
    return list(params) if isinstance(params, dict) else []


def _parse_mistakes(table: dict, f: Fields, block: Block, names: set[str]) -> tuple[Mistake, ...]:
    raw = table.get("mistakes")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        f.bad("mistakes", "`mistakes` must be a list of { answer = \"…\", says = \"…\" }")
        return ()
    out = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            f.bad("mistakes", f"mistake {i} must be a table {{ answer = \"…\", says = \"…\" }}")
            continue
        for key in item:
            if key not in ("answer", "says"):
                f.bad("mistakes", f"mistake {i}: unknown key `{key}`{did_you_mean(key, {'answer', 'says'})}")
        answer, says = item.get("answer"), item.get("says")
        if not isinstance(answer, str) or not isinstance(says, str) or not says.strip():
            f.bad("mistakes", f"mistake {i} needs `answer` (an expression) and `says` (the feedback)")
            continue
        check_expression(block, "mistakes", answer, f"mistake {i}")
        check_text(block, "mistakes", says, names)
        out.append(Mistake(answer, says))
    return tuple(out)


def _parse_choices(table: dict, f: Fields, block: Block,
                   names: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = table.get("choices")
    if raw is None:
        f.bad(None, "a choice quiz needs `choices`")
        return (), ()
    if not isinstance(raw, list) or len(raw) < 2:
        f.bad("choices", "`choices` must be a list of at least two options")
        return (), ()
    texts, says = [], []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            texts.append(item)
            says.append("")
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            extra = set(item) - {"text", "says"}
            if extra:
                f.bad("choices", f"option {i}: unknown key `{sorted(extra)[0]}` (use `text` and `says`)")
            text_says = item.get("says", "")
            if not isinstance(text_says, str):
                f.bad("choices", f"option {i}: `says` must be a string")
                text_says = ""
            texts.append(item["text"])
            says.append(text_says)
        else:
            f.bad("choices", f"option {i} must be a string or {{ text = \"…\", says = \"…\" }}")
            continue
        check_text(block, "choices", texts[-1], names)
        if says[-1]:
            check_text(block, "choices", says[-1], names)
    if len(set(texts)) != len(texts):
        f.bad("choices", "two options are the same")
    return tuple(texts), tuple(says)


def _parse_correct(raw: Any, f: Fields, n: int) -> tuple[int, ...]:
    items = raw if isinstance(raw, list) else [raw]
    if not items or not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        f.bad("correct", "`correct` must be an index or a list of indexes (counting from 0)")
        return ()
    for i in items:
        if not 0 <= i < n:
            f.bad("correct", f"`correct` index {i} is out of range: options are numbered 0 to {n - 1}")
            return ()
    if len(set(items)) != len(items):
        f.bad("correct", "`correct` lists an index twice")
    return tuple(sorted(set(items)))


def _validator(module_name: str):
    """`mfml_tui.plots.validate` or `mfml_tui.explore.validate`, imported on first use."""
    import importlib

    return importlib.import_module(f"mfml_tui.{module_name}").validate


def parse_visual(table: dict, block: Block, what: str) -> PlotSpec | ExploreSpec | None:
    """A ```plot or ```explore block: `kind` plus options, validated by its package when available."""
    kind = table.get("kind")
    if kind is None:
        block.problem(None, f"{what} block needs `kind`")
        return None
    if not isinstance(kind, str) or not kind.strip():
        block.problem("kind", "`kind` must be a string")
        return None
    options = {k: v for k, v in table.items() if k != "kind"}
    location = Location(block.report.path, block.fence_line)
    cls = PlotSpec if what == "plot" else ExploreSpec
    spec = cls(kind=kind, options=options, location=location)
    validate = _validator("plots" if what == "plot" else "explore")
    try:
        messages = list(validate(spec))
    except Exception as exc:  # noqa: BLE001 — a validator bug must not take the lesson down, but it is reported
        messages = [f"could not be validated: {type(exc).__name__}: {exc}"]
    for message in messages:
        key = _key_in(message, table)
        block.problem(key, f"{what}: {message}")
    return None if messages else spec


def _key_in(message: str, table: dict) -> str | None:
    """The option a validator's message is about (`f: …` or "`f` …"), so the line can point at it."""
    if "kind" in table and re.search(r"unknown (\w+ )?kind", message):
        return "kind"
    for key in table:
        if (message.startswith((f"{key}:", f"{key} ")) or f"`{key}`" in message
                or f"'{key}'" in message):
            return key
    return None



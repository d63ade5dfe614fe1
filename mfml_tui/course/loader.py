"""Loading a lessons folder into the content model: strict about content, kind about reporting it.

`load(root)` never raises for anything an author can get wrong. Every problem becomes a
`Problem(Location(path, line), message)` with the real line in the file, all of them at once; a lesson
with problems is kept (unavailable) so the app can say why, and the rest of the course still works.
The reference for authors is docs/lesson-format.md: change both together.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mfml_tui.course.model import (
    Course,
    ExploreBlock,
    ExploreSpec,
    Lesson,
    Location,
    Mistake,
    PlotBlock,
    PlotSpec,
    Problem,
    QuizBlock,
    QuizSpec,
    Step,
    TextBlock,
    Week,
)

QUIZ_KINDS = ("number", "vector", "matrix", "expression", "choice")
LESSON_KINDS = ("lesson", "assessment")
SPECIAL_FENCES = ("plot", "quiz", "explore")
DEFAULT_PASS_MARK = 0.8
# tolerances per kind; why these values: docs/quizzes.md
DEFAULT_TOLERANCE = {
    "number": (1e-3, 1e-9),
    "vector": (1e-3, 1e-9),
    "matrix": (1e-3, 1e-9),
    "expression": (1e-6, 1e-9),
    "choice": (1e-6, 1e-9),
}
DEFAULT_DOMAIN = (-2.0, 2.0)

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_H2 = re.compile(r"^ {0,3}##(?:[ \t]+(.*?))?[ \t#]*$")
_H1 = re.compile(r"^ {0,3}#(?:[ \t]+.*)?$")
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")

COURSE_KEYS = {"title", "weeks", "summary"}
WEEK_KEYS = {"number", "title", "summary", "lessons"}
FRONT_KEYS = {"id", "title", "skills", "minutes", "kind", "pass_mark", "summary"}
COMMON_QUIZ_KEYS = {"id", "kind", "ask", "params", "where", "hints", "hint", "solution", "skills"}
KIND_KEYS = {
    "number": {"answer", "mistakes", "rtol", "atol", "decimals", "sigfigs"},
    "vector": {"answer", "mistakes", "rtol", "atol", "decimals", "sigfigs"},
    "matrix": {"answer", "mistakes", "rtol", "atol", "decimals", "sigfigs"},
    "expression": {"answer", "mistakes", "rtol", "atol", "variables", "domain"},
    "choice": {"choices", "correct", "answer", "multiple", "shuffle", "show", "x"},
}
ALL_QUIZ_KEYS = COMMON_QUIZ_KEYS.union(*KIND_KEYS.values())


# ---------------------------------------------------------------------------------------------- reporting
class Reporter:
    """Collects problems for one file; `line_of(key)` finds where a key is written inside a TOML block."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(Location(self.path, line), message))


@dataclass
class Block:
    """A TOML block in a file: its text, the line of its first TOML line, and the reporter."""

    text: str
    first_line: int  # file line of the block's first TOML line
    fence_line: int  # file line of the opening fence (or the `+++`)
    report: Reporter

    def line_of(self, key: str, default: int | None = None) -> int:
        """The file line where `key = …` is written (top level or inside an inline table)."""
        pattern = re.compile(rf"(^|[{{,\s]){re.escape(key)}\s*=")
        for i, line in enumerate(self.text.splitlines()):
            if pattern.search(line):
                return self.first_line + i
        return self.fence_line if default is None else default

    def problem(self, key: str | None, message: str) -> None:
        self.report.add(self.line_of(key) if key else self.fence_line, message)


def parse_toml(text: str, first_line: int, fence_line: int, report: Reporter, what: str) -> dict | None:
    """Parse a TOML block, reporting a syntax error at its real line in the file."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POS.search(message)
        line = fence_line
        if m:
            line = first_line + int(m.group(1)) - 1
            message = _TOML_POS.sub(f"(column {m.group(2)})", message)
        elif "end of document" in message:
            line = first_line + max(len(text.splitlines()) - 1, 0)
        report.add(line, f"bad TOML in {what}: {message}")
        return None


# ------------------------------------------------------------------------------------------ typed access
class Fields:
    """Typed, reported access to a TOML table: every wrong type or missing key becomes one problem."""

    def __init__(self, table: dict, block: Block, what: str) -> None:
        self.table = table
        self.block = block
        self.what = what
        self.ok = True

    def bad(self, key: str | None, message: str) -> None:
        self.ok = False
        self.block.problem(key, message)

    def unknown(self, allowed: set[str], why: dict[str, str] | None = None) -> None:
        for key in self.table:
            if key not in allowed:
                hint = (why or {}).get(key) or _did_you_mean(key, allowed)
                self.bad(key, f"unknown key `{key}` in {self.what}{hint}")

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.table:
            if required:
                self.bad(None, f"{self.what} needs `{key}`")
            return None
        return self.table[key]

    def str(self, key: str, required: bool = False, default: str | None = None) -> str | None:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            self.bad(key, f"`{key}` must be a string")
            return default
        if required and not value.strip():
            self.bad(key, f"`{key}` must not be empty")
        return value

    def int(self, key: str, required: bool = False, default: int | None = None,
            lo: int | None = None, hi: int | None = None) -> int | None:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self.bad(key, f"`{key}` must be a whole number")
            return default
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            bounds = f"between {lo} and {hi}" if hi is not None else f"≥ {lo}"
            self.bad(key, f"`{key}` must be {bounds}")
            return default
        return value

    def float(self, key: str, default: float | None = None, positive: bool = False) -> float | None:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.bad(key, f"`{key}` must be a number")
            return default
        if positive and value <= 0:
            self.bad(key, f"`{key}` must be positive")
            return default
        return float(value)

    def bool(self, key: str, default: bool) -> bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.bad(key, f"`{key}` must be true or false")
            return default
        return value

    def strs(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(key, f"`{key}` must be a list of strings")
            return ()
        return tuple(value)

    def range(self, key: str) -> tuple[float, float] | None:
        value = self._get(key, False)
        if value is None:
            return None
        return self.check_range(key, value, f"`{key}`")

    def check_range(self, key: str, value: Any, what: str) -> tuple[float, float] | None:
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
            self.bad(key, f"{what} must be a range such as [-2, 2]")
            return None
        lo, hi = float(value[0]), float(value[1])
        if not lo < hi:
            self.bad(key, f"{what}: the range [{value[0]}, {value[1]}] is empty")
            return None
        return lo, hi


def _did_you_mean(key: str, allowed: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


# ----------------------------------------------------------------------------------------- expressions
def _engine():
    try:
        from mfml_tui import engine
    except ImportError:  # the engine is optional while it is being written
        return None
    return engine if hasattr(engine, "parse") else None


def check_expression(block: Block, key: str, text: str, what: str | None = None) -> bool:
    """Report an expression that does not parse, with the engine's column."""
    engine = _engine()
    if engine is None:
        return True
    try:
        engine.parse(text)
    except engine.ParseError as exc:
        block.problem(key, f"{what or '`' + key + '`'}: `{text}` does not parse: {exc}")
        return False
    except Exception as exc:  # too long, too deep … : still the author's to fix
        block.problem(key, f"{what or '`' + key + '`'}: `{text}` is not usable: {exc}")
        return False
    return True


def check_text(block: Block, key: str, text: str, params: set[str]) -> None:
    """Placeholders in `ask`/`hints`/`solution`/`says`: each must name a parameter or parse."""
    from mfml_tui.quiz.render import placeholders

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
    quiz_id = f.str("id", required=True)
    if quiz_id is not None and quiz_id and not _ID.match(quiz_id):
        f.bad("id", f"quiz id `{quiz_id}` may use only lower-case letters, digits and `-`")
    kind = f.str("kind", required=True)
    if kind is not None and kind not in QUIZ_KINDS:
        f.bad("kind", f"unknown quiz kind `{kind}` (kinds: {', '.join(QUIZ_KINDS)})")
        kind = None
    if kind is None:
        f.unknown(ALL_QUIZ_KEYS)
        return None
    allowed = COMMON_QUIZ_KEYS | KIND_KEYS[kind]
    article = "an" if kind == "expression" else "a"
    why = {k: f" (`{k}` does not apply to {article} {kind} quiz)" for k in ALL_QUIZ_KEYS - allowed}
    f.unknown(allowed, why)
    ask = f.str("ask", required=True) or ""

    # parameters
    from mfml_tui.quiz.params import parse_params

    params_table = table.get("params", {})
    param_names: list[str] = []
    if not isinstance(params_table, dict):
        f.bad("params", "`params` must be a table such as { a = \"int 2..9\" }")
        params_table = {}
    specs, param_problems = parse_params(params_table)
    for message in param_problems:
        f.bad("params", f"`params`: {message}")
    engine = _engine()
    for spec in specs:
        if engine is not None and engine.parse(spec.name) != engine.Sym(spec.name):
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
    if kind == "choice" and isinstance(raw_answer, list):
        if raw_answer and all(isinstance(a, str) for a in raw_answer):
            answers = tuple(raw_answer)
            answer = answers[0]
        else:
            f.bad("answer", "`answer` must be an expression or a list of expressions")
    elif kind != "choice" or raw_answer is not None:
        answer = f.str("answer", required=True)
        answers = (answer,) if answer else ()
    for a in answers:
        check_expression(block, "answer", a)

    mistakes = _parse_mistakes(table, f, block, names) if kind != "choice" else ()

    # tolerances
    rtol0, atol0 = DEFAULT_TOLERANCE[kind]
    rtol = f.float("rtol", rtol0, positive=True)
    atol = f.float("atol", atol0, positive=True)
    decimals = f.int("decimals", lo=0, hi=12)
    sigfigs = f.int("sigfigs", default=3, lo=1, hi=15)

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
    multiple = f.bool("multiple", False)
    shuffle = f.bool("shuffle", True)
    show = f.str("show")
    plot_x = f.range("x")
    if kind == "choice":
        choices, choice_says = _parse_choices(table, f, block, names)
        has_correct = "correct" in table
        if has_correct and answers:
            f.bad("correct", "give either `correct` (text options) or `answer` "
                             "(options decided by the engine)")
        elif not has_correct and not answers and "answer" not in table:
            f.bad(None, "a choice quiz needs `correct` (indexes of the right options, from 0) or an `answer`")
        if has_correct:
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
        if plot_x is not None and show != "plots":
            f.bad("x", "`x` (the plot range) goes with `show = \"plots\"`")

    skills = f.strs("skills") or lesson_skills
    if not f.ok or quiz_id is None:
        return None
    return QuizSpec(
        id=quiz_id, kind=kind, ask=ask, location=Location(block.report.path, block.fence_line),
        params=params, answer=answer, choices=choices, correct=correct, multiple=multiple,
        hints=hints, solution=solution, mistakes=mistakes, variables=variables, domain=domain,
        rtol=rtol if rtol is not None else rtol0, atol=atol if atol is not None else atol0,
        skills=skills, where=where, answers=answers, choice_says=choice_says, decimals=decimals,
        sigfigs=sigfigs if sigfigs is not None else 3, shuffle=shuffle, show=show, plot_x=plot_x,
    )


def _check_order(block: Block, name: str, expr: str, earlier: list[str]) -> None:
    engine = _engine()
    if engine is None:
        return
    try:
        used = engine.free_symbols(engine.parse(expr))
    except Exception:
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
                f.bad("mistakes", f"mistake {i}: unknown key `{key}`{_did_you_mean(key, {'answer', 'says'})}")
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
    """`mfml_tui.<module>.validate` if that package provides it (plots/explorers are written separately)."""
    import importlib

    try:
        module = importlib.import_module(f"mfml_tui.{module_name}")
    except ImportError:
        return None
    validate = getattr(module, "validate", None)
    return validate if callable(validate) else None


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
    if validate is None:
        return spec
    try:
        messages = list(validate(spec))
    except Exception as exc:  # a validator bug must not take the lesson down, but it is reported
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


# ---------------------------------------------------------------------------------------------- lessons
@dataclass
class LessonDraft:
    """A lesson being built; it becomes a frozen Lesson once course-wide checks have added problems."""

    path: Path
    week: str
    id: str
    title: str
    skills: tuple[str, ...] = ()
    minutes: int = 10
    kind: str = "lesson"
    pass_mark: float | None = None
    summary: str = ""
    steps: list[Step] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    id_line: int = 1
    quiz_lines: dict[str, int] = field(default_factory=dict)

    def freeze(self) -> Lesson:
        return Lesson(
            id=self.id, title=self.title, path=self.path, week=self.week, skills=self.skills,
            minutes=self.minutes, steps=tuple(self.steps), problems=tuple(self.problems),
            pass_mark=self.pass_mark, kind=self.kind, summary=self.summary,
            location=Location(self.path, 1),
        )


def load_lesson(path: Path, week: str = "") -> Lesson:
    """Load one lesson file on its own (course-wide id checks need `load`)."""
    return _load_lesson_draft(path, week).freeze()


def _load_lesson_draft(path: Path, week: str) -> LessonDraft:
    draft = LessonDraft(path=path, week=week, id=path.stem, title=path.stem)
    report = Reporter(path, draft.problems)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.add(1, f"cannot read the lesson: {exc}")
        return draft
    try:
        _parse_lesson(text, draft, report)
    except Exception as exc:  # a loader bug must never take the course down; report it like content
        report.add(1, f"internal error while loading this lesson ({type(exc).__name__}: {exc}); "
                      "please report it")
    return draft


def _parse_lesson(text: str, draft: LessonDraft, report: Reporter) -> None:
    lines = text.splitlines()
    if text.startswith("\ufeff"):
        lines[0] = lines[0][1:]
    if not lines or lines[0].strip() != "+++":
        report.add(1, "a lesson starts with TOML front matter between `+++` lines (id, title, …)")
        return
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "+++"), None)
    if end is None:
        report.add(1, "the front matter opened on line 1 is never closed with `+++`")
        return
    block = Block("\n".join(lines[1:end]), 2, 1, report)
    front = parse_toml(block.text, 2, 1, report, "the front matter")
    if front is not None:
        _front_matter(front, block, draft)
    _parse_body(lines, end + 1, draft, report)
    if not draft.steps:
        report.add(end + 1, "the lesson has no steps: start one with a `## heading`")


def _front_matter(front: dict, block: Block, draft: LessonDraft) -> None:
    f = Fields(front, block, "the front matter")
    f.unknown(FRONT_KEYS)
    lesson_id = f.str("id", required=True)
    if lesson_id:
        if _ID.match(lesson_id):
            draft.id = lesson_id
            draft.id_line = block.line_of("id")
        else:
            f.bad("id", f"lesson id `{lesson_id}` may use only lower-case letters, digits and `-`")
    draft.title = f.str("title", required=True) or draft.title
    draft.skills = f.strs("skills")
    draft.minutes = f.int("minutes", default=10, lo=1) or 10
    draft.summary = f.str("summary", default="") or ""
    kind = f.str("kind", default="lesson") or "lesson"
    if kind not in LESSON_KINDS:
        f.bad("kind", f"unknown lesson kind `{kind}` (kinds: {', '.join(LESSON_KINDS)})")
        kind = "lesson"
    draft.kind = kind
    pass_mark = f.float("pass_mark")
    if pass_mark is not None:
        if kind != "assessment":
            f.bad("pass_mark", "`pass_mark` is for assessments: add `kind = \"assessment\"`")
        elif not 0 < pass_mark <= 1:
            f.bad("pass_mark", "`pass_mark` is a fraction: 0 < pass_mark ≤ 1 (0.8 means 80%)")
        else:
            draft.pass_mark = pass_mark
    if kind == "assessment" and draft.pass_mark is None:
        draft.pass_mark = DEFAULT_PASS_MARK


class _StepBuilder:
    def __init__(self, title: str, line: int, path: Path) -> None:
        self.title = title
        self.line = line
        self.path = path
        self.blocks: list = []
        self.text: list[str] = []
        self.text_line = line + 1

    def add_text(self, line_no: int, line: str) -> None:
        if not self.text and not line.strip():
            return
        if not self.text:
            self.text_line = line_no
        self.text.append(line)

    def flush(self) -> None:
        while self.text and not self.text[-1].strip():
            self.text.pop()
        if self.text:
            self.blocks.append(TextBlock("\n".join(self.text), Location(self.path, self.text_line)))
        self.text = []

    def build(self) -> Step:
        self.flush()
        return Step(self.title, tuple(self.blocks), Location(self.path, self.line))


def _parse_body(lines: list[str], start: int, draft: LessonDraft, report: Reporter) -> None:
    path = draft.path
    current = _StepBuilder("Introduction", start + 1, path)
    intro = True
    i = start
    while i < len(lines):
        line_no = i + 1
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(2)
            info = fence.group(3).strip()
            lang = info.split()[0] if info else ""
            close = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
            j = i + 1
            while j < len(lines) and not close.match(lines[j]):
                j += 1
            if j == len(lines):
                report.add(line_no, f"this fence ({marker}{lang}) is never closed")
            inner = lines[i + 1:j]
            if lang in SPECIAL_FENCES:
                current.flush()
                block = Block("\n".join(inner), line_no + 1, line_no, report)
                table = parse_toml(block.text, line_no + 1, line_no, report, f"this {lang} block")
                if table is not None:
                    _add_special(lang, table, block, current, draft)
            else:
                if not lang:
                    report.add(line_no, "a fence needs a language tag (```text, ```python …): untagged "
                                        "fences make the Markdown viewer load a slow language guesser")
                for k in range(i, min(j + 1, len(lines))):
                    current.add_text(k + 1, lines[k])
            i = j + 1
            continue
        h2 = _H2.match(line)
        if h2 and not line.lstrip().startswith("###"):
            title = (h2.group(1) or "").strip()
            if not title:
                report.add(line_no, "a `##` heading needs a title (it names the step)")
            if intro:
                current.flush()
                if current.blocks:
                    draft.steps.append(current.build())
            else:
                draft.steps.append(current.build())
            current = _StepBuilder(title or "(untitled)", line_no, path)
            intro = False
        elif _H1.match(line) and not line.lstrip().startswith("##"):
            if not intro:
                report.add(line_no, "a `#` heading inside a step: use `##` to start a step, `###` inside one")
        else:
            current.add_text(line_no, line)
        i += 1
    if intro:
        current.flush()
        if current.blocks:
            draft.steps.append(current.build())
    else:
        draft.steps.append(current.build())


def _add_special(lang: str, table: dict, block: Block, step: _StepBuilder, draft: LessonDraft) -> None:
    if lang == "quiz":
        spec = parse_quiz(table, block, draft.skills)
        if spec is not None:
            step.blocks.append(QuizBlock(spec))
        quiz_id = table.get("id")
        if isinstance(quiz_id, str) and quiz_id:
            if quiz_id in draft.quiz_lines:
                first = draft.quiz_lines[quiz_id]
                block.problem("id", f"duplicate quiz id `{quiz_id}` (also on line {first})")
            else:
                draft.quiz_lines[quiz_id] = block.line_of("id")
    elif lang == "plot":
        spec = parse_visual(table, block, "plot")
        if spec is not None:
            step.blocks.append(PlotBlock(spec))  # type: ignore[arg-type]
    else:
        spec = parse_visual(table, block, "explore")
        if spec is not None:
            step.blocks.append(ExploreBlock(spec))  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------- course
def _lesson_files(folder: Path, listed: tuple[str, ...] | None, block: Block | None) -> list[Path]:
    if listed is not None:
        files = []
        for name in listed:
            path = folder / name
            if not path.is_file():
                assert block is not None
                block.problem("lessons", f"`lessons` lists `{name}`, which is not a file in {folder.name}/")
            else:
                files.append(path)
        return files
    return sorted(p for p in folder.glob("*.md") if p.is_file() and not p.name.startswith(("_", ".")))


def _load_week(folder: Path, position: int, problems: list[Problem]) -> tuple[Week, list[LessonDraft]]:
    report = Reporter(folder / "week.toml", problems)
    title, summary, number, listed = folder.name, "", position, None
    block, table = _read_config(folder / "week.toml", report,
                                f"the week folder `{folder.name}` has no week.toml (number, title, summary)")
    if table is not None:
        f = Fields(table, block, "week.toml")
        f.unknown(WEEK_KEYS)
        number = f.int("number", required=True, default=position, lo=0)
        title = f.str("title", required=True) or title
        summary = f.str("summary", default="") or ""
        if "lessons" in table:
            listed = f.strs("lessons")
    drafts = [_load_lesson_draft(p, folder.name) for p in _lesson_files(folder, listed, block)]
    week = Week(id=folder.name, number=number if number is not None else position, title=title,
                summary=summary, lessons=(), path=folder)
    return week, drafts


def _read_config(path: Path, report: Reporter, missing: str) -> tuple[Block | None, dict | None]:
    """Read and parse course.toml or week.toml; every problem goes to the report, nothing raises."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.add(1, missing)
        return None, None
    except (OSError, UnicodeDecodeError) as exc:
        report.add(1, f"cannot read {path.name}: {exc}")
        return None, None
    return Block(text, 1, 1, report), parse_toml(text, 1, 1, report, path.name)


def load(root: Path | str) -> Course:
    """Load a lessons folder. Never raises for content problems: they are on the course and lessons."""
    root = Path(root)
    problems: list[Problem] = []
    report = Reporter(root / "course.toml", problems)
    title, summary, week_names = root.name, "", None
    what = "folder does not exist" if not root.is_dir() else "folder has no course.toml (title, weeks)"
    course_block, table = _read_config(root / "course.toml", report, f"the lessons {what}")
    if table is not None:
        f = Fields(table, course_block, "course.toml")
        f.unknown(COURSE_KEYS)
        title = f.str("title", required=True) or title
        summary = f.str("summary", default="") or ""
        week_names = list(f.strs("weeks", required=True)) if "weeks" in table else None
        if "weeks" not in table:
            f.bad(None, "course.toml needs `weeks`")
    folders: list[Path] = []
    if week_names is not None:
        for name in week_names:
            folder = root / name
            if not folder.is_dir():
                course_block.problem("weeks", f"`weeks` lists `{name}`, which is not a folder here")  # type: ignore[union-attr]
            elif folder in folders:
                course_block.problem("weeks", f"`weeks` lists `{name}` twice")  # type: ignore[union-attr]
            else:
                folders.append(folder)
        if root.is_dir():
            for folder in sorted(p for p in root.iterdir() if p.is_dir()):
                if (folder not in folders and not folder.name.startswith(("_", "."))
                        and (folder / "week.toml").exists()):
                    course_block.problem(  # type: ignore[union-attr]
                        "weeks", f"the week folder `{folder.name}` is not listed in `weeks` "
                                 "(so it is not loaded)")
    elif root.is_dir():  # no usable course.toml: be kind and load the week folders we can find
        folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "week.toml").exists())

    loaded = [_load_week(folder, n, problems) for n, folder in enumerate(folders, 1)]
    _course_wide_checks([d for _, drafts in loaded for d in drafts])
    weeks = tuple(
        Week(id=w.id, number=w.number, title=w.title, summary=w.summary, path=w.path,
             lessons=tuple(d.freeze() for d in drafts))
        for w, drafts in loaded
    )
    return Course(title=title, root=root, weeks=weeks, problems=tuple(problems), summary=summary)


def _course_wide_checks(drafts: list[LessonDraft]) -> None:
    """Lesson ids and quiz ids must be unique in the whole course (progress is keyed by them)."""
    lesson_ids: dict[str, Location] = {}
    quiz_ids: dict[str, Location] = {}
    for draft in drafts:
        first = lesson_ids.setdefault(draft.id, Location(draft.path, draft.id_line))
        if first.path != draft.path:
            draft.problems.append(Problem(Location(draft.path, draft.id_line),
                                          f"duplicate lesson id `{draft.id}` (also in {first})"))
        for quiz_id, line in draft.quiz_lines.items():
            here = Location(draft.path, line)
            first = quiz_ids.setdefault(quiz_id, here)
            if first != here:
                draft.problems.append(Problem(here, f"duplicate quiz id `{quiz_id}` (also at {first})"))

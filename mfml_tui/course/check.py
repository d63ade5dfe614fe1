"""The linter behind `mfml-tui lessons check`: load, draw and grade everything, headless.

Loading already reports what can be seen in the files; this adds what only running them shows: a plot
that fails to draw, a quiz whose answer is not finite for some seed, a prompt with a placeholder left
over, a declared mistake that equals the answer, a right answer that does not grade as right when typed
back, a choice question without a right option. Tests and CI call `check()` directly.
"""

from __future__ import annotations

import contextlib
import functools
import math
import multiprocessing
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import plotext

from mfml_tui import explore, plots
from mfml_tui.course.blocks import clip
from mfml_tui.course.loader import load
from mfml_tui.course.model import Course, ExploreSpec, PlotSpec, Problem, QuizSpec, TextBlock
from mfml_tui.engine import to_ascii
from mfml_tui.quiz import QuizError, grade
from mfml_tui.quiz.draw import drawn_from, shared_numbers
from mfml_tui.quiz.grading import a_mistake_rounds_to_the_answer
from mfml_tui.quiz.kinds import KINDS as QUIZ_KINDS
from mfml_tui.quiz.mathbridge import value_of
from mfml_tui.quiz.question import POINTS, Drawn, drawn_numbers
from mfml_tui.quiz.render import printed_params

MISTAKE_EQUAL_LIMIT = 0.2  # a mistake may coincide with the answer for at most this share of seeds …
MISTAKE_SHARE_SEEDS = 10  # … judged from this many seeds up; with fewer, only "for every seed" is a fault
# a lone right option this many times (and characters) longer than every wrong one gives itself away
GIVEAWAY_RATIO, GIVEAWAY_CHARS = 1.5, 8
FIXED_SEEDS = 20  # a choice quiz's right option is called "the same for every draw" from this many seeds up
_LEFTOVER = re.compile(r"\{[^{}]*\}")


@dataclass
class CheckReport:
    """What `lessons check` found: counts for the summary and every problem, in file order."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    weeks: int = 0
    lessons: int = 0
    steps: int = 0
    quizzes: int = 0
    plots: int = 0
    explorers: int = 0
    seeds: int = 0
    course: Course | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (str(p.location.path), p.location.line, p.message))

    def summary(self) -> str:
        counts = (f"{self.weeks} weeks, {self.lessons} lessons, {self.steps} steps, {self.quizzes} quizzes, "
                  f"{self.plots} plots, {self.explorers} explorers")
        if self.ok:
            return f"{counts}: all good"
        files = len({p.location.path for p in self.problems})
        noun = "problem" if len(self.problems) == 1 else "problems"
        return f"{counts}: {len(self.problems)} {noun} in {files} file{'s' * (files != 1)}"

    def text(self) -> str:
        return "\n".join([*(str(p) for p in self.sorted_problems()), self.summary()])


RENDER_SEEDS = 20  # seeds per choice-plot question in the render check
#: what an explorer prints beside its plot, checked: (kind, options) → faults (`ui.explorers.panels`)
PanelCheck = Callable[[str, dict], list[str]]


def check(root: Path | str, seeds: int = 50, progress: Callable[[str], None] | None = None,
          jobs: int | None = None, render: bool = False, render_seeds: int = RENDER_SEEDS,
          panels: PanelCheck | None = None) -> CheckReport:
    """Check the lessons folder at `root` with `seeds` random seeds per quiz; `render` adds the render
    check (`plots.audit`): every plot and every choice-plot option drawn at the app's sizes, and with
    `panels` (`ui.explorers.panels.panel_faults`, handed in by the command: this layer knows no UI) what
    each explorer prints beside its plot.

    The plots, explorers and quizzes are checked in `jobs` processes (default: one per core this
    process may use), each item on its own, so a big course takes the time of its share per core.
    """
    course = load(root, cache=False)  # everything afresh: the checker must not trust an earlier run
    report = CheckReport(Path(root), list(course.all_problems()), seeds=seeds, course=course)
    report.weeks = len(course.weeks)
    items: list[tuple[str, PlotSpec | ExploreSpec | QuizSpec]] = []
    owner: list[str] = []  # the lesson of each item, for `progress`
    for lesson in course.lessons:
        report.lessons += 1
        report.steps += len(lesson.steps)
        for step in lesson.steps:
            report.plots += len(step.plots)
            report.explorers += len(step.explorers)
            report.quizzes += len(step.quizzes)
            for kind, specs in (("plot", step.plots), ("explore", step.explorers), ("quiz", step.quizzes)):
                items += [(kind, spec) for spec in specs]
                owner += [lesson.id] * len(specs)
    report.problems.extend(course_rules(course))
    told: set[str] = set()
    runs = _run(items, seeds, _workers(jobs, len(items)), render, render_seeds, panels)
    for lesson_id, found in zip(owner, runs, strict=True):
        if progress and lesson_id not in told:
            told.add(lesson_id)
            progress(lesson_id)
        report.problems.extend(found)
    if progress:
        for lesson in course.lessons:
            if lesson.id not in told:
                progress(lesson.id)
    return report


def course_rules(course: Course) -> list[Problem]:
    """Rules over a lesson, not one block: an assessment question draws its numbers and shuffles its
    options (re-answering after the solution must be a new question), and the prose says what it means."""
    problems = []
    for lesson in course.lessons:
        for step in lesson.steps:
            for block in step.blocks:
                if isinstance(block, TextBlock):
                    problems += [Problem(block.location, m) for m in wording_problems(block.markdown)]
            if not lesson.is_assessment:
                continue
            for quiz in step.quizzes:
                if not quiz.params:
                    problems.append(Problem(quiz.location, f"quiz `{quiz.id}`: an assessment question with "
                                            "fixed numbers (a retry after the solution is the same "
                                            "question): draw its numbers with `params`"))
                elif QUIZ_KINDS[quiz.kind].is_choice and not quiz.shuffle:
                    problems.append(Problem(quiz.location, f"quiz `{quiz.id}`: an assessment choice with "
                                            "`shuffle = false` (the right letter never moves): shuffle it"))
    return problems


# Words that teach the wrong thing, matched only where the match is certain (no false alarms on the course):
# f″ called "curvature" (it is the second derivative; curvature is f″/(1 + f′²)^(3/2)), and "never" where
# "not in general" is meant (derivatives of products are not *never* the product of the derivatives).
_SENTENCE = re.compile(r"[^.!?\n]+")
_SECOND = re.compile(r"f″|f''|f′′|second derivative|d²", re.IGNORECASE)
_NEVER_PRODUCT = re.compile(r"\bnever\b[^.!?]*\bproducts? of (?:the |their )?derivatives", re.IGNORECASE)
# A turning point *defined* as a zero of f′ (x³ has f′(0) = 0 and no turn): "every turning point is a place
# where f′ = 0" is true and not matched; "a turning point is where f′(x) = 0" is the false converse.
_TURNING_IS_ZERO = re.compile(
    r"turning points? (?:is|are) (?:where|wherever|when|the points? where) f′(?:\(x\))? = 0", re.IGNORECASE)
_E_NOTATION = re.compile(r"\d[eE][−+-]?\d")


def wording_problems(text: str) -> list[str]:
    """What a text (lesson prose or a rendered quiz text) says misleadingly; each a short description."""
    found = []
    for sentence in _SENTENCE.findall(text):
        if "curvature" in sentence.lower() and _SECOND.search(sentence):
            found.append(f"calls the second derivative \"curvature\" in `{clip(sentence.strip())}`: "
                         "f″ is the second derivative (concavity)")
    found += [f"`{clip(m.group())}`: \"never\" where \"not in general\" is meant"
              for m in _NEVER_PRODUCT.finditer(text)]
    found += [f"`{clip(m.group())}`: a zero of f′ is a turning point only where f′ changes sign (x³ at 0)"
              for m in _TURNING_IS_ZERO.finditer(text)]
    return found


def _workers(jobs: int | None, items: int) -> int:
    if jobs is None:
        try:
            jobs = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            jobs = os.cpu_count() or 1
    return max(1, min(jobs, items // 8))  # a small course is quicker without starting processes


def _check_item(item: tuple[str, PlotSpec | ExploreSpec | QuizSpec], seeds: int, render: bool = False,
                render_seeds: int = RENDER_SEEDS, panels: PanelCheck | None = None) -> list[Problem]:
    kind, spec = item
    if kind == "plot":
        return check_plot(spec) + (render_plot(spec) if render else [])  # type: ignore[arg-type]
    if kind == "explore":
        found = check_explorer(spec)  # type: ignore[arg-type]
        return found + (render_explorer(spec, panels=panels)  # type: ignore[arg-type]
                        if render and not found else [])
    found = check_quiz(spec, seeds)  # type: ignore[arg-type]
    if render and spec.show == "plots":  # type: ignore[union-attr]
        found += render_choices(spec, render_seeds)  # type: ignore[arg-type]
    return found


def _run(items: list, seeds: int, workers: int, render: bool = False,
         render_seeds: int = RENDER_SEEDS, panels: PanelCheck | None = None) -> Iterator[list[Problem]]:
    """Each item's problems, in order; in `workers` forked processes when that is more than one."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (_check_item(item, seeds, render, render_seeds, panels) for item in items)
        return
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers start with the engine, numpy and plotext already imported (no re-import per core)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        check_one = partial(_check_item, seeds=seeds, render=render, render_seeds=render_seeds,
                            panels=panels)
        yield from pool.map(check_one, items, chunksize=2)


# ---------------------------------------------------------------------------------------------- plots
def check_plot(spec: PlotSpec, width: int = 80, height: int = 24) -> list[Problem]:
    """Draw the plot headlessly on plotext."""
    try:
        plotext.clear_figure()
        plotext.limit_size(False, False)  # or plotext shrinks the figure to the (absent) terminal
        info = plots.draw(spec, plotext, width=width, height=height)
        plotext.build()
    except Exception as exc:  # noqa: BLE001 — PlotError or a bug in drawing: either way the author must hear of it
        return [Problem(spec.location, f"plot `{spec.kind}` does not draw: {clip(str(exc), 200)}")]
    finally:
        with contextlib.suppress(Exception):
            plotext.clear_figure()
    if plots.NOTHING_DRAWN in info.notes:  # an empty frame is no plot at all
        return [Problem(spec.location, f"plot `{spec.kind}` draws an empty frame: {plots.NOTHING_DRAWN}")]
    return []


def render_plot(spec: PlotSpec, views=None) -> list[Problem]:
    """The render check of one lesson plot at each of the app's sizes (`plots.audit.VIEWS`)."""
    from mfml_tui.plots.audit import VIEWS, audit

    out = []
    for name, size, _ in views or VIEWS:
        out += [Problem(spec.location, f"plot `{spec.kind}` at {name}: {fault}")
                for fault in audit(spec, *size).faults]
    return out


def render_explorer(spec: ExploreSpec, views=None, panels: PanelCheck | None = None) -> list[Problem]:
    """The render check of one explorer block: its plot drawn from the state its options build, at the
    explorer's plot size in a lesson at each of the app's sizes (`plots.audit.EXPLORER_VIEWS`); with
    `panels`, the round-off rule on what it prints beside the plot along a walk of its keys."""
    from mfml_tui.plots.audit import EXPLORER_VIEWS, audit_explorer, explorer_size

    try:
        state = explore.build(spec.kind, dict(spec.options))
    except Exception:  # noqa: BLE001 — check_explorer reports an explorer that cannot be built
        return []
    out = []
    for name in views or EXPLORER_VIEWS:
        out += [Problem(spec.location, f"explorer `{spec.kind}` at {name}: {fault}")
                for fault in audit_explorer(spec.kind, state, *explorer_size(spec.kind, name))]
    if panels is not None:
        out += [Problem(spec.location, f"explorer `{spec.kind}` prints beside its plot, {fault}")
                for fault in panels(spec.kind, dict(spec.options))]
    return out


def render_choices(spec: QuizSpec, seeds: int = RENDER_SEEDS, views=None) -> list[Problem]:
    """The render check of a `show = "plots"` question's mini plots for seeds 0…seeds-1, each fault once
    with the seeds that show it."""
    from mfml_tui.plots.audit import VIEWS, audit_choices
    from mfml_tui.quiz import instantiate

    failures: dict[str, list[int]] = defaultdict(list)
    for seed in range(seeds):
        try:
            q = instantiate(spec, seed)
        except Exception:  # noqa: BLE001 — check_quiz reports questions that cannot be built
            continue
        exprs = [c.expr for c in q.choices]
        if not all(exprs):
            continue
        for name, _, size in views or VIEWS:
            for fault in audit_choices(exprs, [c.label for c in q.choices], q.plot_x, *size,
                                       variable=q.plot_variable):
                if seed not in failures[f"at {name}: {fault}"]:
                    failures[f"at {name}: {fault}"].append(seed)
    problems = []
    for message, bad in failures.items():
        shown = ", ".join(str(s) for s in bad[:5]) + (", …" if len(bad) > 5 else "")
        plural = "s" * (len(bad) > 1)
        tail = f"(seed{plural} {shown}; {len(bad)} of {seeds})"
        problems.append(Problem(spec.location, f"quiz `{spec.id}` plots {message} {tail}"))
    return problems


def check_explorer(spec: ExploreSpec) -> list[Problem]:
    """Build the explorer's starting state (validation already happened while loading) and draw it
    headless at its size in a lesson at 80×24, as the app will. Like a plot, an explorer whose function
    is undefined (or not finite) over its whole view draws an empty frame, and one that starts where its
    function is undefined shows no point, no slope, no step: both are the author's to hear about."""
    from mfml_tui.plots.audit import explorer_size
    from mfml_tui.plots.explorers import draw_explorer

    try:
        state = explore.build(spec.kind, dict(spec.options))
    except Exception as exc:  # noqa: BLE001 — a bug in an explorer model is the author's to hear about, not a crash
        return [Problem(spec.location, f"explorer `{spec.kind}` does not start: {exc}")]
    try:
        width, height = explorer_size(spec.kind, "80×24")
        canvas = draw_explorer(spec.kind, state, plotext, width=width, height=height)
    except Exception as exc:  # noqa: BLE001 — nor a drawing that fails
        return [Problem(spec.location, f"explorer `{spec.kind}` does not draw: {clip(str(exc), 200)}")]
    finally:
        with contextlib.suppress(Exception):
            plotext.clear_figure()
    if plots.NOTHING_DRAWN in canvas.notes or _nowhere_finite(state):
        return [Problem(spec.location, f"explorer `{spec.kind}` draws an empty frame: f is undefined or not "
                                       "finite everywhere in its view")]
    return [Problem(spec.location, f"explorer `{spec.kind}` starts where f is undefined or not finite: "
                                   f"{where}; start it where f has a value")
            for where in _undefined_start(state)]


def _nowhere_finite(state) -> bool:
    """A two-variable explorer (a state with `f` and a view `box`) whose f has no finite value on a grid
    over the box: its contours are missing, though its points and arrows may still be drawn."""
    f, box = getattr(state, "f", None), getattr(state, "box", None)
    if not isinstance(f, str) or not (isinstance(box, tuple) and len(box) == 4):
        return False
    from mfml_tui.explore.functions import surface

    X, Y = np.meshgrid(np.linspace(box[0], box[1], 41), np.linspace(box[2], box[3], 41))
    try:
        Z = np.asarray(surface(f)(X, Y), dtype=float)
    except Exception:  # noqa: BLE001 — validation reports a function that cannot be used
        return False
    return not np.isfinite(Z).any()


def _undefined_start(state) -> list[str]:
    """Where the explorer starts, when f has no finite value there: x₀ (secant, Newton), the point the
    Taylor polynomial is built around, the start of a descent or the point on the constraint."""
    f = getattr(state, "f", None)
    if not isinstance(f, str):
        return []
    from mfml_tui.engine.printing import number
    from mfml_tui.explore.functions import curve, surface

    out = []
    with np.errstate(all="ignore"):
        try:
            for name in ("x0", "around"):
                x = getattr(state, name, None)
                if isinstance(x, (int, float)) and not isinstance(x, bool):
                    var = getattr(state, "variable", "x")
                    if not math.isfinite(float(curve(f, var)(float(x)))):
                        out.append(f"{f} at {var}{'₀' if name == 'x0' else ''} = {number(float(x))}")
            for name in ("start", "point"):
                p = getattr(state, name, None)
                if isinstance(p, tuple) and len(p) == 2 and not math.isfinite(
                        float(surface(f)(float(p[0]), float(p[1])))):
                    out.append(f"{f} at ({number(float(p[0]))}, {number(float(p[1]))})")
        except Exception:  # noqa: BLE001 — validation and drawing report what cannot be computed
            return out
    return out


# -------------------------------------------------------------------------------------------- quizzes
REUSE_DRAWS = True  # check a draw seen for an earlier seed once (tests switch it off to compare reports)


def check_quiz(spec: QuizSpec, seeds: int = 50) -> list[Problem]:
    """Instantiate the quiz for seeds 0…seeds-1 and report each kind of failure once, with its seeds.

    Seeds repeat draws (a quiz without parameters has one; `int 1..3` has three), and what the checks
    find is a function of the draw: a seed whose draw (`_draw_key`) was checked for an earlier seed
    takes that seed's findings instead of building, grading and linting the same question again. Counts
    stay per seed (each seed is listed with its findings, a mistake equal to the answer counts for it)."""
    failures: dict[str, list[int]] = defaultdict(list)
    mistake_equal: dict[int, int] = defaultdict(int)
    rights: set[tuple[str, ...]] = set()
    checked: dict[tuple, _Outcome] = {}
    for seed in range(seeds):
        fixed, key, first = _draw_key(spec, seed) if REUSE_DRAWS else (_FIXED_UNKNOWN, None, None)
        outcome = checked.get(key) if key is not None else None
        if outcome is None:
            outcome = _seed_outcome(spec, seed, fixed, first)
            if key is not None and outcome.first_draw:
                checked[key] = outcome
        for index in outcome.equal:
            mistake_equal[index] += 1
        if outcome.right is not None:
            rights.add(outcome.right)
        for message in outcome.with_rules(_seed_rules(spec, seed)):
            failures[message].append(seed)
    problems = []
    if spec.params and not spec.fixed and seeds >= FIXED_SEEDS and len(rights) == 1:
        problems.append(Problem(spec.location, f"quiz `{spec.id}`: the right option is the same for all "
                                f"{seeds} draws, so a retry after the solution is no new question: make it "
                                "depend on the numbers (`correct = \"EXPR\"`) or say why in `fixed = \"…\"`"))
    for message, bad in failures.items():
        shown = ", ".join(str(s) for s in bad[:5]) + (", …" if len(bad) > 5 else "")
        problems.append(Problem(spec.location, f"quiz `{spec.id}`: {message} (seed{'s' * (len(bad) > 1)} "
                                               f"{shown})"))
    for index, count in sorted(mistake_equal.items()):
        too_often = count > MISTAKE_EQUAL_LIMIT * seeds if seeds >= MISTAKE_SHARE_SEEDS else count == seeds
        if seeds and too_often:
            mistake = clip(spec.mistakes[index].answer)
            problems.append(Problem(spec.location, f"quiz `{spec.id}`: mistake {index + 1} (`{mistake}`) "
                                                   f"equals the answer for {count} of {seeds} seeds"))
    if len(problems) > 8:  # one broken quiz should not bury the rest of the report
        more = Problem(spec.location, f"quiz `{spec.id}`: … and {len(problems) - 8} more")
        problems = problems[:8] + [more]
    return problems


# How substituted numbers must not print (docs/quizzes.md, "one printing path"): `x − −2`, `+ −9`,
# a coefficient 1 (`1y²`, `−1x`), a zero term (`(x − 0)²`, `0x`), and π multiples as decimals (6.28319).
_DOUBLE_SIGN = re.compile(r"[+−-] ?[−-] ?[\dA-Za-zα-ωπ√(]|[+−] ?\+")
_ONE = re.compile(r"(?<![\w.,/^⁰-⁹·])1(?=[A-Za-zα-ωπ√])")
_ZERO = re.compile(r"[A-Za-zα-ω] ?[+−] ?0(?![.\d])|(?<![\w.,])0(?=[A-Za-zα-ωπ√])")
_DECIMAL = re.compile(r"(?<![\d.≈])(\d+\.\d{3,})")


def printing_problems(text: str) -> list[str]:
    """What a rendered text prints badly; each a short description with the offending fragment."""
    found = [f"`{m.group()}`" for m in _DOUBLE_SIGN.finditer(text)]
    found += [f"`{text[max(0, m.start() - 3):m.end() + 2]}` (a coefficient 1)" for m in _ONE.finditer(text)]
    found += [f"`{text[max(0, m.start() - 3):m.end() + 2]}` (a zero term)" for m in _ZERO.finditer(text)]
    for m in _DECIMAL.finditer(text):
        if text[:m.start()].rstrip().endswith("≈"):
            continue  # π ≈ 3.14159 is meant
        value = float(m.group())
        twelfths = value / math.pi * 12
        if 0 < abs(round(twelfths)) <= 96 and abs(twelfths - round(twelfths)) < 1e-5 * abs(twelfths):
            found.append(f"`{m.group()}` (a multiple of π printed as a decimal)")
    return found


# "Same f, …", "Continue the chain": a prompt that builds on the quiz above it
_REFERS_BACK = re.compile(r"(?:^|[.!?]\s+)(?:same|continue)\b", re.IGNORECASE)
_COMPUTED = re.compile(r"\{=([^{}]*?):\s*(\.\d+[fg])\s*\}")


def _printed_rounding(spec: QuizSpec, q) -> str:
    """A prompt that prints rounded numbers, where the answer a learner computes from them is graded
    wrong: recompute the answer from the printed numbers (parameters as shown, and `{= E :.3f}` values
    when the answer is written with E) and grade it. `printed = true` makes such answers right."""
    if not QUIZ_KINDS[spec.kind].numeric or spec.printed or not spec.answer:
        return ""
    shown = printed_params(spec.ask, q.params)
    answer = spec.answer
    for m in _COMPUTED.finditer(spec.ask):
        inner = m.group(1).strip()
        if inner and inner in answer:
            try:
                value = float(format(value_of(inner, q.params).value, m.group(2)))
            except (QuizError, TypeError, ValueError):
                continue
            answer = answer.replace(inner, f"({value!r})")
    if answer == spec.answer and all(shown[k] == q.params[k] for k in shown):
        return ""
    try:
        recomputed = value_of(answer, shown)
        values = np.atleast_1d(np.asarray(recomputed.value, dtype=float))
    except (QuizError, TypeError, ValueError):
        return ""
    typed = format(float(values[0]), ".12g") if recomputed.kind == "number" else _typed(recomputed.value)
    if grade(q, typed).correct:
        return ""
    return (f"the prompt prints rounded numbers and the answer computed from them ({typed}) is graded "
            "wrong: add `printed = true`")


def _typed(value) -> str:
    a = np.asarray(value, dtype=float)
    if a.ndim == 1:
        return "[" + ", ".join(format(float(v), ".12g") for v in a) + "]"
    return "[" + ", ".join(_typed(row) for row in a) + "]"


def _stands_out_by_length(choices) -> bool:
    """One right option among written ones that is far longer than every wrong one: the only option with
    a reason or a formula reads as the answer before any maths is done."""
    right = [len(c.text) for c in choices if c.correct]
    wrong = [len(c.text) for c in choices if not c.correct]
    if len(right) != 1 or not wrong:
        return False
    return right[0] > GIVEAWAY_RATIO * max(wrong) and right[0] - max(wrong) >= GIVEAWAY_CHARS


def _leftover(source: str, rendered: str) -> bool:
    return "{{" not in source and "}}" not in source and bool(_LEFTOVER.search(rendered))


@functools.lru_cache(maxsize=4096)
def _text_problems(text: str) -> tuple[str, ...]:
    """What one shown text prints badly or says misleadingly; remembered, since most texts come back
    unchanged for many seeds (a draw's numbers repeat, hints often have none)."""
    out = [f"prints {fragment}: use {{+a}}, {{(a)}} or {{= …}} so the engine prints the maths"
           for fragment in printing_problems(text)]
    if _E_NOTATION.search(text):
        out.append("prints a number in e-notation such as 2.0e−03 (e is Euler's number here): "
                   "print it with {= … :.4f} or as ×10⁻ⁿ")
    return (*out, *wording_problems(text))


@dataclass(frozen=True)
class _Outcome:
    """What the checks found for one seed's question: messages in the order found, the declared mistakes
    graded right, the right options' texts (choices), and whether the question is the seed's first draw
    (`drawn_from`): only then is it a function of `_draw_key` alone, and may stand for other seeds."""

    messages: tuple[str, ...]
    equal: tuple[int, ...] = ()
    right: tuple[str, ...] | None = None
    first_draw: bool = False
    rules_at: int = 0  # where `_seed_rules` findings go among the messages (the order a report lists them)

    def with_rules(self, rules: list[str]) -> tuple[str, ...]:
        if not rules:
            return self.messages
        return (*self.messages[:self.rules_at], *rules, *self.messages[self.rules_at:])


_FIXED_UNKNOWN = object()  # `_seed_outcome` works out a `same` quiz's shared numbers itself


def _draw_key(spec: QuizSpec, seed: int) -> tuple[object, tuple | None, Drawn | None]:
    """(the shared numbers of a `same` quiz, the key of the seed's first draw, that draw): the key is
    None where the question also depends on the seed itself: answers compared at the seed's random
    points (an expression, expression options). The key holds each number's type and repr (2, 2.0 and
    1/2 print differently), the labels, and a choice question's shuffled order (the letters in its
    messages). The draw goes on to `drawn_from`, which builds the seed's question from it (the
    parameters are drawn once per seed)."""
    try:
        fixed = shared_numbers(spec, seed)
        first = drawn_numbers(spec, seed, 0, fixed)
    except Exception:  # noqa: BLE001 — the seed is checked in full, which reports why it cannot be drawn
        return _FIXED_UNKNOWN, None, None
    if QUIZ_KINDS[spec.kind].pointwise or (QUIZ_KINDS[spec.kind].is_choice and spec.expression_choices):
        return fixed, None, first
    draw, order = first
    key = (tuple((name, type(v), repr(v)) for name, v in draw.values.items()), tuple(draw.labels.items()))
    if order is not None:
        key += (tuple(int(i) for i in order),)
    return fixed, key, first


def _seed_rules(spec: QuizSpec, seed: int) -> list[str]:
    """Findings about the spec, reported against seed 0 only (not a function of the draw)."""
    if seed == 0 and spec.params and spec.same is None and _REFERS_BACK.search(spec.ask):
        return ["the prompt refers to an earlier quiz (\"same …\", \"continue …\") but draws its own "
                "numbers: add `same = \"<that quiz's id>\"` to share its parameters"]
    return []


def _check_seed(spec: QuizSpec, seed: int, mistake_equal: dict[int, int],
                rights: set[tuple[str, ...]] | None = None) -> list[str]:
    """One seed checked in full (no reuse): its messages; `mistake_equal` and `rights` updated."""
    outcome = _seed_outcome(spec, seed)
    for index in outcome.equal:
        mistake_equal[index] += 1
    if rights is not None and outcome.right is not None:
        rights.add(outcome.right)
    return list(outcome.with_rules(_seed_rules(spec, seed)))


def _seed_outcome(spec: QuizSpec, seed: int, fixed: object = _FIXED_UNKNOWN,
                  first: Drawn | None = None) -> _Outcome:
    try:
        if fixed is _FIXED_UNKNOWN:
            fixed, first = shared_numbers(spec, seed), None
        q, verdicts, rounds, first_draw = drawn_from(spec, seed, fixed, first)  # type: ignore[arg-type]
    except QuizError as exc:
        return _Outcome((str(exc),))
    except Exception as exc:  # noqa: BLE001 — any failure to build is reported against the quiz
        return _Outcome((f"cannot be built: {type(exc).__name__}: {exc}",))
    out = []
    right_texts = None
    equal = []
    texts = [(spec.ask, q.prompt), (spec.solution, q.solution), *zip(spec.hints, q.hints, strict=False)]
    for source, rendered in texts:
        if _leftover(source, rendered):
            out.append(f"a placeholder is left over in `{rendered[:60]}`")
    shown = [q.prompt, q.solution, *q.hints, *(says for _, says in q.mistakes),
             *(c.text for c in q.choices), *(c.says for c in q.choices)]
    for text in shown:
        out += _text_problems(text)
    if QUIZ_KINDS[spec.kind].is_choice:
        right_texts = tuple(sorted(c.text for c in q.choices if c.correct))
        right = sum(c.correct for c in q.choices)
        if right == 0:
            out.append("no option is right")
        elif right > 1 and not spec.multiple:
            out.append(f"{right} options are right: add `multiple = true` or change the options")
        if len({c.text for c in q.choices}) != len(q.choices):
            out.append("two options look the same")
        if spec.show != "plots" and _stands_out_by_length(q.choices):
            out.append(f"the right option is much longer than every other (over {GIVEAWAY_RATIO:g} times the "
                       "longest wrong one), so a learner can pick it by its length: make the wrong options "
                       "as full (a reason or a formula each)")
    if QUIZ_KINDS[spec.kind].pointwise and q.sample is not None:
        n = q.sample.expected.shape[-1]
        if n < POINTS:
            out.append(f"the answer is defined at only {n} of the random points in its domain; "
                       "declare a `domain` where it is defined")
    if rounds if rounds is not None else a_mistake_rounds_to_the_answer(q):
        out.append(f"a declared mistake rounds to the answer {q.expected_text} at the precision asked "
                   "(a right learner who rounds would be told they made it): ask for more figures "
                   "(`sigfigs`, `decimals`) or change the numbers")
    rules_at = len(out)
    rounded = _printed_rounding(spec, q)
    if rounded:
        out.append(rounded)
    verdict = grade(q, q.answer_text)
    if not verdict.correct:
        out.append(f"the engine's own answer `{clip(q.answer_text)}` does not grade as right: "
                   f"{clip(verdict.message, 200)}")
    for i, (value, says) in enumerate(q.mistakes):
        if _leftover(spec.mistakes[i].says, says):
            out.append(f"a placeholder is left over in mistake {i + 1}")
        typed = verdicts[i] if verdicts is not None else grade(q, to_ascii(value.expr))
        if typed.correct:
            equal.append(i)
        elif typed.counted and typed.mistake is None:
            out.append(f"mistake {i + 1} (`{clip(spec.mistakes[i].answer)}`) typed in is not recognised: "
                       f"{clip(typed.message, 200)}")
    return _Outcome(tuple(out), tuple(equal), right_texts, first_draw, rules_at)

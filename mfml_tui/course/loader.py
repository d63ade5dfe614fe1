"""Loading a lessons folder into the content model: strict about content, kind about reporting it.

`load(root)` never raises for anything an author can get wrong. Every problem becomes a
`Problem(Location(path, line), message)` with the real line in the file, all of them at once; a lesson
with problems is kept (unavailable) so the app can say why, and the rest of the course still works.
The reference for authors is docs/lesson-format.md: change both together.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from mfml_tui.course import model
from mfml_tui.course.blocks import Block, Fields, Reporter, clip, parse_toml
from mfml_tui.course.model import (
    DEFAULT_PASS_MARK,
    Course,
    ExploreBlock,
    Lesson,
    Location,
    PlotBlock,
    Problem,
    QuizBlock,
    Step,
    TextBlock,
    Week,
)
from mfml_tui.course.specs import ID, parse_quiz, parse_visual

LESSON_KINDS = ("lesson", "assessment")
SPECIAL_FENCES = ("plot", "quiz", "explore", "steps")

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_H2 = re.compile(r"^ {0,3}##(?:[ \t]+(.*?))?[ \t#]*$")
_H1 = re.compile(r"^ {0,3}#(?:[ \t]+.*)?$")

COURSE_KEYS = {"title", "weeks", "summary"}
WEEK_KEYS = {"number", "title", "summary", "lessons"}
FRONT_KEYS = {"id", "title", "skills", "minutes", "kind", "pass_mark", "summary"}

# Limits (docs/lesson-format.md, "Limits"): far above any real lesson (the bundled course's largest file is
# 12 kB with 8 steps of at most 700 characters), low enough that any lesson within them loads, checks and
# opens quickly (benchmarks/open_lesson.py). A file over them is reported as `path:line: …`, never read
# or shown whole.
MAX_FILE_BYTES = model.MAX_FILE_BYTES  # a lesson file, course.toml or week.toml
MAX_WEEKS = 40  # weeks in a course (course.toml's `weeks`): the course map lists them all
MAX_LESSONS = model.MAX_LESSONS  # lesson files in a whole course (beyond: not read)
MAX_STEPS = 40  # steps in one lesson
MAX_STEP_CHARS = 2_000  # characters of Markdown text in one step (the Markdown widget is the cost)
MAX_QUIZ_CHARS = 2_000  # a question's text: ask, hints, solution, options and notes (its card draws them all)
MAX_TITLE_CHARS = 120  # a course, week or lesson title and a step's heading (one line on screen)
MAX_SUMMARY_CHARS = 400  # a course, week or lesson summary (the course map's detail pane)
MAX_STEP_BLOCKS = 6  # plots, explorers and quizzes in one step (each quiz card draws its question)


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
        text = _read_text(path)
    except (OSError, UnicodeDecodeError, _TooLarge) as exc:
        report.add(getattr(exc, "line", 1), f"cannot read the lesson: {exc}")
        return draft
    try:
        _parse_lesson(text, draft, report)
    except Exception as exc:  # noqa: BLE001 — a loader bug must never take the course down; report it like content
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
    _check_limits(draft, report)


def _check_limits(draft: LessonDraft, report: Reporter) -> None:
    """Steps, text and blocks beyond the documented limits: each reported at its step's heading."""
    if len(draft.steps) > MAX_STEPS:
        report.add(draft.steps[MAX_STEPS].location.line,
                   f"the lesson has {len(draft.steps)} steps; the limit is {MAX_STEPS}: "
                   "split it into lessons")
    for step in draft.steps:
        if len(step.title) > MAX_TITLE_CHARS:
            report.add(step.location.line, f"the step heading `{step.title[:40]}…` has {len(step.title):,} "
                                           f"characters; the limit is {MAX_TITLE_CHARS}")
        for block in step.blocks:
            if isinstance(block, QuizBlock) and (chars := quiz_text_length(block.spec)) > MAX_QUIZ_CHARS:
                report.add(block.spec.location.line,
                           f"the quiz `{clip(block.spec.id, 40)}` has {chars:,} characters of text "
                           f"(question, hints, solution, options and their notes); the limit is "
                           f"{MAX_QUIZ_CHARS:,}: "
                           "put the explanation in the step's text or split the question")
        chars = sum(len(b.markdown) for b in step.blocks if isinstance(b, TextBlock))
        if chars > MAX_STEP_CHARS:
            report.add(step.location.line, f"the step `{clip(step.title, 40)}` has {chars} characters of "
                                           f"text; the limit is {MAX_STEP_CHARS}: split it into steps")
        blocks = sum(not isinstance(b, TextBlock) for b in step.blocks)
        if blocks > MAX_STEP_BLOCKS:
            report.add(step.location.line, f"the step `{clip(step.title, 40)}` has {blocks} plots, "
                                           f"explorers and quizzes; the limit is {MAX_STEP_BLOCKS}")


def quiz_text_length(spec) -> int:
    """Characters of text a question's card can show, as written (placeholders unexpanded)."""
    return (len(spec.ask) + sum(map(len, spec.hints)) + len(spec.solution) + sum(map(len, spec.choices))
            + sum(map(len, spec.choice_says)) + sum(len(m.says) for m in spec.mistakes))


def _front_matter(front: dict, block: Block, draft: LessonDraft) -> None:
    f = Fields(front, block, "the front matter")
    f.unknown(FRONT_KEYS)
    lesson_id = f.str("id", required=True)
    if lesson_id:
        if ID.match(lesson_id):
            draft.id = lesson_id
            draft.id_line = block.line_of("id")
        else:
            f.bad("id", f"lesson id `{lesson_id}` may use only lower-case letters, digits and `-`")
    draft.title = f.str("title", required=True, limit=MAX_TITLE_CHARS) or draft.title
    draft.skills = f.strs("skills")
    draft.minutes = f.int("minutes", default=10, lo=1) or 10
    draft.summary = f.str("summary", default="", limit=MAX_SUMMARY_CHARS) or ""
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
                    try:
                        _add_special(lang, table, block, current, draft)
                    except Exception as exc:  # noqa: BLE001 — a checker bug: reported at this block, not line 1
                        report.add(line_no, f"this {lang} block cannot be read ({type(exc).__name__}: "
                                            f"{clip(str(exc))})")
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
            _close_step(draft, current, intro)
            current = _StepBuilder(title or "(untitled)", line_no, path)
            intro = False
        elif _H1.match(line) and not line.lstrip().startswith("##"):
            if not intro:
                report.add(line_no, "a `#` heading inside a step: use `##` to start a step, `###` inside one")
        else:
            current.add_text(line_no, line)
        i += 1
    _close_step(draft, current, intro)


def _close_step(draft: LessonDraft, current: _StepBuilder, intro: bool) -> None:
    """The step being built joins the lesson; the text before the first `##` only when it holds any."""
    if intro:
        current.flush()
        if not current.blocks:
            return
    draft.steps.append(current.build())


def _add_special(lang: str, table: dict, block: Block, step: _StepBuilder, draft: LessonDraft) -> None:
    if lang == "quiz":
        spec = parse_quiz(table, block, draft.skills)
        if spec is not None and spec.same is not None:
            above = [b.spec for b in step.blocks if isinstance(b, QuizBlock)]
            earlier = next((q for q in above if q.id == spec.same), None)
            if earlier is None:
                block.problem("same", f"`same = \"{spec.same}\"`: no earlier quiz of this step has that id "
                                      "(a quiz shares the parameters of one above it in the same step)")
                spec = None
            else:
                spec = replace(spec, base=earlier)
        if spec is not None:
            step.blocks.append(QuizBlock(spec))
        quiz_id = table.get("id")
        if isinstance(quiz_id, str) and quiz_id:
            if quiz_id in draft.quiz_lines:
                first = draft.quiz_lines[quiz_id]
                block.problem("id", f"duplicate quiz id `{quiz_id}` (also on line {first})")
            else:
                draft.quiz_lines[quiz_id] = block.line_of("id")
    elif lang == "steps":
        from mfml_tui.course.derivation import steps_markdown

        markdown = steps_markdown(table, block)
        if markdown is not None:
            for k, line in enumerate(markdown.splitlines()):
                step.add_text(block.fence_line + k, line)
            step.flush()
    elif lang == "plot":
        spec = parse_visual(table, block, "plot")
        if spec is not None:
            step.blocks.append(PlotBlock(spec))  # type: ignore[arg-type]
    else:
        spec = parse_visual(table, block, "explore")
        if spec is not None:
            step.blocks.append(ExploreBlock(spec))  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------- course
class _TooLarge(Exception):
    """A file the loader does not read: too large, or not UTF-8 text; `line` is where (1: the file)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def _read_text(path: Path) -> str:
    """The file's text, refused (before reading it) when it is over MAX_FILE_BYTES, or when it is not
    UTF-8 text (a byte that is not UTF-8, a control character such as NUL: said with its line). A
    byte-order mark at the start is dropped and CRLF or CR line ends read as LF, as editors write them."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _TooLarge(f"the file has {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _TooLarge(f"it is not UTF-8 text: byte 0x{data[exc.start]:02x} on line {line}, column "
                        f"{column} (save the file as UTF-8)", line) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise _TooLarge(f"it holds a control character (U+{ord(bad.group()):04X}) on line {line}, column "
                        f"{column}: only text, tabs and line ends belong in these files", line)
    return text


# C0 and C1 controls but tab and line ends, and the Unicode line/paragraph separators: invisible in an
# editor, some of them line breaks to Python's `splitlines` (the line numbers would drift) or commands to
# the terminal.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _dangling(path: Path) -> bool:
    """A symbolic link that leads nowhere: a loop, or a target that is gone."""
    return path.is_symlink() and not path.exists()


def _why_not(path: Path) -> str:
    return " (a symbolic link that leads nowhere: a loop, or its target is gone)" if _dangling(path) else ""


def _lesson_files(folder: Path, listed: tuple[str, ...] | None, block: Block | None,
                  report: Reporter) -> list[Path]:
    if listed is not None:
        files = []
        for name in listed:
            path = folder / name
            if path in files:
                assert block is not None
                block.problem("lessons", f"`lessons` lists `{name}` twice")
            elif not path.is_file():
                assert block is not None
                block.problem("lessons", f"`lessons` lists `{name}`, which is not a file in {folder.name}/"
                                         f"{_why_not(path)}")
            else:
                files.append(path)
        return files
    files = []
    for p in sorted(folder.glob("*.md")):
        if p.name.startswith(("_", ".")):
            continue
        if p.is_file():
            files.append(p)
        elif _dangling(p):
            report.add(1, f"{folder.name}/{p.name} is skipped: it is a symbolic link that leads nowhere "
                          "(a loop, or its target is gone)")
        else:  # a folder (or a device, a pipe) named like a lesson: never silently left out
            report.add(1, f"{folder.name}/{p.name} is skipped: it is a "
                          f"{'folder' if p.is_dir() else 'special file'}, not a lesson file")
    return files


def _load_week(folder: Path, position: int, problems: list[Problem],
               room: list[int] | None = None) -> tuple[Week, list[LessonDraft]]:
    """`room`: how many more lesson files the course may read (MAX_LESSONS in all); the files beyond it
    are not read, and the first of them is reported."""
    report = Reporter(folder / "week.toml", problems)
    title, summary, number, listed = folder.name, "", position, None
    block, table = _read_config(folder / "week.toml", report,
                                f"the week folder `{folder.name}` has no week.toml (number, title, summary)")
    if table is not None:
        f = Fields(table, block, "week.toml")
        f.unknown(WEEK_KEYS)
        number = f.int("number", required=True, default=position, lo=0)
        title = f.str("title", required=True, limit=MAX_TITLE_CHARS) or title
        summary = f.str("summary", default="", limit=MAX_SUMMARY_CHARS) or ""
        if "lessons" in table:
            listed = f.strs("lessons")
    files = _lesson_files(folder, listed, block, report)
    if room is not None:
        if len(files) > room[0]:
            more = len(files) - room[0] - 1
            problems.append(Problem(Location(files[room[0]], 1), (
                f"the course has more than {MAX_LESSONS} lessons; the limit is {MAX_LESSONS}: this lesson "
                f"{f'and the {more} after it in {folder.name}/ are' if more else 'is'} not loaded "
                "(split the course)")))
            files = files[:room[0]]
        room[0] -= len(files)
    drafts = [_load_lesson_draft(p, folder.name) for p in files]
    week = Week(id=folder.name, number=number if number is not None else position, title=title,
                summary=summary, lessons=(), path=folder)
    return week, drafts


def _read_config(path: Path, report: Reporter, missing: str) -> tuple[Block | None, dict | None]:
    """Read and parse course.toml or week.toml; every problem goes to the report, nothing raises."""
    try:
        text = _read_text(path)
    except FileNotFoundError:
        report.add(1, missing)
        return None, None
    except (OSError, UnicodeDecodeError, _TooLarge) as exc:
        report.add(getattr(exc, "line", 1), f"cannot read {path.name}: {exc}")
        return None, None
    return Block(text, 1, 1, report), parse_toml(text, 1, 1, report, path.name)


def load(root: Path | str, cache: bool = True) -> Course:
    """Load a lessons folder. Never raises for content problems: they are on the course and lessons.

    `cache`: keep the validated result on disk (course/cache.py) and reuse it while no file the loader
    reads changed (default: yes; `lessons check` passes False to validate afresh).
    """
    root = Path(root)
    if cache is False:
        return _load(root)
    from mfml_tui.course import cache as disk

    course, digest = disk.read(root)
    if course is None:
        course = _load(root)
        if digest is not None:
            disk.write(root, digest, course)
    return course


def _load(root: Path) -> Course:
    problems: list[Problem] = []
    report = Reporter(root / "course.toml", problems)
    title, summary, week_names = root.name, "", None
    what = "folder does not exist" if not root.is_dir() else "folder has no course.toml (title, weeks)"
    course_block, table = _read_config(root / "course.toml", report, f"the lessons {what}")
    if table is not None:
        f = Fields(table, course_block, "course.toml")
        f.unknown(COURSE_KEYS)
        title = f.str("title", required=True, limit=MAX_TITLE_CHARS) or title
        summary = f.str("summary", default="", limit=MAX_SUMMARY_CHARS) or ""
        week_names = list(f.strs("weeks", required=True)) if "weeks" in table else None
        if "weeks" not in table:
            f.bad(None, "course.toml needs `weeks`")
    folders: list[Path] = []
    if week_names is not None:
        for name in week_names:
            folder = root / name
            if not folder.is_dir():
                course_block.problem("weeks", f"`weeks` lists `{name}`, which is not a folder here"  # type: ignore[union-attr]
                                              f"{_why_not(folder)}")
            elif folder in folders:
                course_block.problem("weeks", f"`weeks` lists `{name}` twice")  # type: ignore[union-attr]
            else:
                folders.append(folder)
        if root.is_dir():
            for folder in sorted(root.iterdir()):
                if folder in folders or folder.name.startswith(("_", ".")):
                    continue
                if _dangling(folder):
                    report.add(1, f"`{folder.name}` is skipped: it is a symbolic link that leads nowhere "
                                  "(a loop, or its target is gone)")
                elif folder.is_dir() and _looks_like_week(folder):
                    course_block.problem(  # type: ignore[union-attr]
                        "weeks", f"the week folder `{folder.name}` is not listed in `weeks` "
                                 "(so it is not loaded)")
    elif root.is_dir():  # no usable course.toml: be kind and load the week folders we can find
        folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "week.toml").exists())

    if len(folders) > MAX_WEEKS:  # beyond it nothing is read: the map would list thousands of weeks
        message = (f"the course has {len(folders)} weeks; the limit is {MAX_WEEKS}: the weeks from "
                   f"`{folders[MAX_WEEKS].name}` on are not loaded")
        if course_block is not None and week_names is not None:
            course_block.problem("weeks", message)
        else:
            report.add(1, message)
        folders = folders[:MAX_WEEKS]
    room = [MAX_LESSONS]  # lesson files the course may still read, shared by its weeks in order
    loaded = [_load_week_safely(folder, n, problems, room) for n, folder in enumerate(folders, 1)]
    _week_numbers([w for w, _ in loaded], problems)
    skipped = _course_wide_checks([d for _, drafts in loaded for d in drafts], problems)
    weeks = tuple(
        Week(id=w.id, number=w.number, title=w.title, summary=w.summary, path=w.path,
             lessons=tuple(d.freeze() for d in drafts if id(d) not in skipped))
        for w, drafts in loaded
    )
    return Course(title=title, root=root, weeks=weeks, problems=tuple(problems), summary=summary)


def _week_numbers(weeks: list[Week], problems: list[Problem]) -> None:
    """Two weeks with one number (a copied week.toml) would both be "Week 1" to the learner: said at the
    second one's `number`."""
    first: dict[int, Week] = {}
    for week in weeks:
        other = first.setdefault(week.number, week)
        if other is not week:
            path = week.path / "week.toml"
            line = 1
            with contextlib.suppress(Exception):
                text = _read_text(path)
                line = next((i for i, row in enumerate(text.split("\n"), 1)
                             if re.match(r"\s*number\s*=", row)), 1)
            problems.append(Problem(Location(path, line), f"week number {week.number} is also the number of "
                                                          f"`{other.id}`: each week needs its own"))


def _looks_like_week(folder: Path) -> bool:
    """A folder an author meant as a week: it has a week.toml or lesson files."""
    try:
        return (folder / "week.toml").exists() or any(folder.glob("*.md"))
    except OSError:
        return False


def _load_week_safely(folder: Path, position: int, problems: list[Problem],
                      room: list[int] | None = None) -> tuple[Week, list[LessonDraft]]:
    """One week; a loader bug in it is reported at its week.toml and the rest of the course still loads."""
    try:
        return _load_week(folder, position, problems, room)
    except Exception as exc:  # noqa: BLE001 — reported like content; the other weeks still load
        problems.append(Problem(Location(folder / "week.toml", 1),
                                f"internal error while loading this week ({type(exc).__name__}: "
                                f"{clip(str(exc))}); please report it"))
        return Week(id=folder.name, number=position, title=folder.name, summary="", lessons=(),
                    path=folder), []


def _course_wide_checks(drafts: list[LessonDraft], problems: list[Problem]) -> set[int]:
    """Lesson ids and quiz ids must be unique in the whole course (progress is keyed by them).

    A lesson whose id is already taken is skipped (the `id()`s returned) and reported on the course: the
    app opens without it and says so, `lessons check` names both files. Copying a lesson to start a new
    one is how authors work, so this must never stop the course from opening.
    """
    lesson_ids: dict[str, Location] = {}
    quiz_ids: dict[str, Location] = {}
    skipped: set[int] = set()
    for draft in drafts:
        first = lesson_ids.setdefault(draft.id, Location(draft.path, draft.id_line))
        if first.path != draft.path:
            problems.append(Problem(Location(draft.path, draft.id_line),
                                    f"duplicate lesson id `{draft.id}` (also in {first}): this lesson is "
                                    "skipped until its id is changed"))
            problems.extend(draft.problems)  # the rest of what is wrong with it, for `lessons check`
            skipped.add(id(draft))
            continue
        for quiz_id, line in draft.quiz_lines.items():
            here = Location(draft.path, line)
            first = quiz_ids.setdefault(quiz_id, here)
            if first != here:
                draft.problems.append(Problem(here, f"duplicate quiz id `{quiz_id}` (also at {first})"))
    return skipped

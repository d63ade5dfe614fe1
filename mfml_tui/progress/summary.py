"""The learner's progress in one plain dataclass, and the text table `mfml-tui progress` prints.

`build` reads the store inside one snapshot. It stays under 100 ms at 100 000 attempts because every
query runs on an index: totals per quiz from the covering `attempts_by_quiz` index, the last few attempts
per quiz for mastery, and the streak as one indexed range probe per day.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from mfml_tui.lazy import frozen_dataclass
from mfml_tui.progress import assessment as scoring
from mfml_tui.progress import mastery, reviews
from mfml_tui.progress.assessment import Assessment
from mfml_tui.progress.mastery import Level, unit_level
from mfml_tui.progress.records import from_text, to_text

if TYPE_CHECKING:
    from mfml_tui.course.model import Course, Lesson, QuizSpec
    from mfml_tui.progress.store import Store

Key = tuple[str, str]  # (lesson id, quiz id)
MAX_STREAK_DAYS = 3660


@dataclass(frozen=True)
class LessonSummary:
    lesson_id: str
    title: str
    steps: int | None  # None: lesson not in the loaded course
    steps_done: int
    last_step: int | None
    level: Level | None  # None: no quizzes in this lesson
    attempts: int
    correct: int
    seconds: float
    questions: int = 0  # quizzes in the lesson
    questions_right: int = 0  # of them, answered right at least once
    assessment: Assessment | None = None  # for an assessment: its score as it stands
    needs: str = ""  # what the next mastery level needs, in words

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None

    @property
    def state(self) -> str:
        """"new", "started" or "done". Done means every step was finished AND every question answered
        right: stepping through with `n` alone never finishes a lesson with questions."""
        if self.steps and self.steps_done >= self.steps and self.questions_right >= self.questions:
            return "done"
        if self.last_step is not None or self.attempts or self.steps_done:
            return "started"
        return "new"

    @property
    def to_finish(self) -> str:
        """Why a lesson whose steps were all seen is not done yet ("" when nothing is missing)."""
        left = self.questions - self.questions_right
        return f"{left} question{'s' if left != 1 else ''} still to answer right" if left > 0 else ""


@frozen_dataclass  # (made at first use: the course map never makes one)
class WeekSummary:
    week_id: str
    number: int
    title: str
    lessons: tuple[LessonSummary, ...]
    level: Level | None

    @property
    def steps(self) -> int:
        return sum(les.steps or 0 for les in self.lessons)

    @property
    def steps_done(self) -> int:
        return sum(les.steps_done for les in self.lessons)


@frozen_dataclass  # (made at first use: the course map never makes one)
class SkillSummary:
    skill: str
    level: Level
    quizzes: int


@frozen_dataclass
class RecentAttempt:
    lesson_id: str
    quiz_id: str
    seed: int
    answer: str
    correct: bool
    hints: int
    seconds: float
    at: datetime
    prompt: str | None  # the question as it was asked, when the quiz could be rebuilt


@frozen_dataclass  # (made at first use: the course map never makes one)
class Summary:
    profile: str
    path: str
    now: datetime
    weeks: tuple[WeekSummary, ...]
    other_lessons: tuple[LessonSummary, ...]  # in the store but not in the course (or no course loaded)
    skills: tuple[SkillSummary, ...]
    attempts: int
    correct: int
    seconds: float
    streak_days: int
    practised_today: bool
    due_reviews: int
    recent: tuple[RecentAttempt, ...]
    slips: tuple[tuple[str, int], ...] = ()  # the engine's diagnosed slips (malrule id, count), most first

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None


class _Figures:
    """One profile's per-quiz and per-lesson figures, read in the caller's snapshot: all a lesson's row
    needs (`lesson`). The course map reads only these (`lessons`); `build` adds the rest."""

    def __init__(self, store: Store, conn: sqlite3.Connection) -> None:
        self.store, self.conn = store, conn
        profile = store.profile
        self.stats: dict[Key, tuple[int, int, float]] = {
            (lesson, quiz): (n, good or 0, secs or 0.0)
            for lesson, quiz, n, good, secs in conn.execute(
                "SELECT lesson_id, quiz_id, COUNT(*), SUM(verdict = 'correct'), SUM(seconds) FROM attempts "
                "WHERE profile = ? GROUP BY lesson_id, quiz_id",
                (profile,),
            )
        }
        self.standings = {key: store._standing(conn, *key) for key in self.stats}
        self.levels = {key: st[0] for key, st in self.standings.items()}
        self.right_quizzes = {key for key, (_n, good, _secs) in self.stats.items() if good}
        self.totals: dict[str, tuple[int, int, float]] = {}
        for (lesson, _quiz), (n, good, secs) in self.stats.items():
            t = self.totals.get(lesson, (0, 0, 0.0))
            self.totals[lesson] = (t[0] + n, t[1] + good, t[2] + secs)
        self.steps_at = dict(conn.execute("SELECT lesson_id, step FROM positions WHERE profile = ?",
                                          (profile,)))
        self.done: dict[str, set[int]] = {}
        for lesson, step in conn.execute(
            "SELECT lesson_id, step FROM completed_steps WHERE profile = ?", (profile,)
        ):
            self.done.setdefault(lesson, set()).add(step)

    def lesson(
        self,
        lesson_id: str,
        title: str,
        steps: int | None,
        quiz_ids: list[str] | None,
        lesson: Lesson | None = None,
    ) -> LessonSummary:
        keys = (
            [k for k in self.stats if k[0] == lesson_id]
            if quiz_ids is None
            else [(lesson_id, q) for q in quiz_ids]
        )
        n, good, secs = self.totals.get(lesson_id, (0, 0, 0.0))
        finished = self.done.get(lesson_id, set())
        steps_done = len(finished) if steps is None else sum(1 for s in finished if 0 <= s < steps)
        level = unit_level(self.levels.get(k, Level.NOT_STARTED) for k in keys)
        score = None
        if lesson is not None and lesson.is_assessment and lesson.quiz_ids:
            rows = self.store._assessment_attempts(self.conn, lesson) if n else []
            score = scoring.score(rows, list(lesson.quiz_ids), lesson.pass_fraction)
        needs = mastery.needs(self.standings.get(k, (Level.NOT_STARTED, 0, False)) for k in keys)
        return LessonSummary(
            lesson_id,
            title,
            steps,
            steps_done,
            self.steps_at.get(lesson_id),
            level,
            n,
            good,
            secs,
            questions=len(keys),
            questions_right=sum(1 for k in keys if k in self.right_quizzes),
            assessment=score,
            needs=needs,
        )

    def course_lesson(self, lesson: Lesson) -> LessonSummary:
        """A lesson of the course (its step count and quiz ids: no step is read)."""
        return self.lesson(lesson.id, lesson.title, lesson.step_count, list(lesson.quiz_ids), lesson)


def lessons(store: Store, conn: sqlite3.Connection, course: Course) -> dict[str, LessonSummary]:
    """Each lesson of `course` by id, the same row `build` makes for it, without the weeks, skills, recent
    answers, streak and reviews: what the course map shows (its start-up made and read all of those)."""
    figures = _Figures(store, conn)
    # The rows read only the covering index; the newest answer is read from the table itself, as the
    # whole summary's recent answers were, so that a damaged attempts table is met here, at start-up (the
    # app asks what to do), not at the learner's next answer.
    conn.execute("SELECT answer FROM attempts WHERE profile = ? ORDER BY at DESC, id DESC LIMIT 1",
                 (store.profile,)).fetchall()
    return {lesson.id: figures.course_lesson(lesson) for lesson in course.lessons}


def build(
    store: Store,
    conn: sqlite3.Connection,
    course: Course | None,
    *,
    now: datetime,
    tz: tzinfo | None,
    prompt: Callable[[QuizSpec, int], str] | None,
    recent: int,
) -> Summary:
    profile = store.profile
    figures = _Figures(store, conn)
    stats, levels, steps_at, done = figures.stats, figures.levels, figures.steps_at, figures.done

    weeks: list[WeekSummary] = []
    skill_keys: dict[str, list[Key]] = {}
    known: set[str] = set()
    if course is not None:  # (its lessons' ids, step counts and quiz ids and skills: no step is read)
        for week in course.weeks:
            lessons = []
            week_keys: list[Key] = []
            for lesson in week.lessons:
                known.add(lesson.id)
                for quiz_id, quiz_skills in zip(lesson.quiz_ids, lesson.quiz_skills, strict=True):
                    key = (lesson.id, quiz_id)
                    week_keys.append(key)
                    for skill in quiz_skills or lesson.skills:
                        skill_keys.setdefault(skill, []).append(key)
                lessons.append(figures.course_lesson(lesson))
            level = unit_level(levels.get(k, Level.NOT_STARTED) for k in week_keys)
            weeks.append(WeekSummary(week.id, week.number, week.title, tuple(lessons), level))
    stored = {k[0] for k in stats} | set(steps_at) | set(done)
    others = tuple(figures.lesson(lid, lid, None, None) for lid in sorted(stored - known))
    skills = tuple(
        SkillSummary(
            skill, unit_level(levels.get(k, Level.NOT_STARTED) for k in keys) or Level.NOT_STARTED, len(keys)
        )
        for skill, keys in skill_keys.items()
    )

    rows = conn.execute(
        "SELECT lesson_id, quiz_id, seed, answer, verdict, hints, seconds, at FROM attempts "
        "WHERE profile = ? ORDER BY at DESC, id DESC LIMIT ?",
        (profile, max(0, recent)),
    ).fetchall()
    recents = []
    for lesson, quiz, seed, answer, verdict, hints, secs, at in rows:
        asked = None
        spec = _spec(course, lesson, quiz) if prompt is not None else None
        if prompt is not None and spec is not None:
            try:
                asked = prompt(spec, seed)
            except Exception:  # noqa: BLE001 — a quiz that no longer instantiates must not hide the rest of the summary
                asked = None
        recents.append(
            RecentAttempt(lesson, quiz, seed, answer, verdict == "correct", hints, secs, from_text(at), asked)
        )

    slips = tuple(conn.execute(
        "SELECT slip, COUNT(*) AS n FROM attempts WHERE profile = ? AND slip IS NOT NULL "
        "GROUP BY slip ORDER BY n DESC, slip LIMIT 5", (profile,)).fetchall())
    streak, today = streak_days(conn, profile, now, tz)
    due = len(reviews.due_now(conn, profile, now, None if course is None else reviews.in_course(course)))
    return Summary(
        profile=profile,
        path=str(store.path),
        now=now,
        weeks=tuple(weeks),
        other_lessons=others,
        skills=skills,
        attempts=sum(s[0] for s in stats.values()),
        correct=sum(s[1] for s in stats.values()),
        seconds=sum(s[2] for s in stats.values()),
        streak_days=streak,
        practised_today=today,
        due_reviews=due,
        recent=tuple(recents),
        slips=slips,
    )


def _spec(course: Course | None, lesson_id: str, quiz_id: str) -> QuizSpec | None:
    """The quiz a recent attempt answered, if the course still has it (the last of that key, should a
    course repeat one); only its lesson's steps are read."""
    found = None
    for week in course.weeks if course is not None else ():
        for lesson in week.lessons:
            if lesson.id == lesson_id and quiz_id in lesson.quiz_ids:
                found = next(q for q in reversed(lesson.quizzes) if q.id == quiz_id)
    return found


def streak_days(conn: sqlite3.Connection, profile: str, now: datetime, tz: tzinfo | None) -> tuple[int, bool]:
    """Consecutive local days with an attempt, ending today (or yesterday: the streak is still alive)."""
    local_now = now.astimezone(tz)
    zone = local_now.tzinfo

    def active(day: datetime) -> bool:
        start = datetime.combine(day.date(), time.min, tzinfo=zone)
        end = start + timedelta(days=1)
        return (
            conn.execute(
                "SELECT 1 FROM attempts WHERE profile = ? AND at >= ? AND at < ? LIMIT 1",
                (profile, to_text(start), to_text(end)),
            ).fetchone()
            is not None
        )

    today = active(local_now)
    day = local_now if today else local_now - timedelta(days=1)
    streak = 0
    while streak < MAX_STREAK_DAYS and active(day):
        streak += 1
        day -= timedelta(days=1)
    return streak, today


# -- text -----------------------------------------------------------------------------------------------


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    return f"{minutes // 60}h {minutes % 60:02d}m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def _level(level: Level | None) -> str:
    return "-" if level is None else level.label


def _lesson_line(les: LessonSummary) -> str:
    steps = f"{les.steps_done}/{les.steps}" if les.steps is not None else f"{les.steps_done}"
    title = les.title if len(les.title) <= 28 else les.title[:27] + "~"
    line = (
        f"  {title:<28} {steps:>5}  {_level(les.level):<11} {_percent(les.accuracy):>4} "
        f"{duration(les.seconds) if les.attempts else '-':>6}  {les.lesson_id}"
    )
    if les.assessment is not None:
        a = les.assessment
        line += (
            f"\n      assessment: {a.got}/{a.total} scored, "
            + ("passed" if a.passed else f"not passed yet ({round(a.mark * 100)}% passes)")
        )
    return line


def format_summary(summary: Summary, tz: tzinfo | None = None) -> str:
    """A plain-text table (ASCII, fits 80 columns except long ids) for `mfml-tui progress` and the UI."""
    s = summary
    lines = [
        f"Progress of {s.profile}: {_plural(s.attempts, 'attempt')}, {_percent(s.accuracy)} correct, "
        f"{duration(s.seconds)} answering",
        f"Streak: {_plural(s.streak_days, 'day')}"
        f"{' (practised today)' if s.practised_today else ''}. Reviews due now: {s.due_reviews}.",
    ]
    header = f"  {'lesson':<28} {'steps':>5}  {'level':<11} {'acc.':>4} {'time':>6}  id"
    for week in s.weeks:
        lines += [
            "",
            f"Week {week.number}: {week.title}  ({week.steps_done}/{week.steps} steps, {_level(week.level)})",
            header,
        ]
        lines += [_lesson_line(les) for les in week.lessons] or ["  (no lessons yet)"]
    if s.other_lessons:
        title = "Lessons in the progress file" if not s.weeks else "Not in the current course"
        lines += ["", title, header] + [_lesson_line(les) for les in s.other_lessons]
    if s.skills:
        lines += ["", "Skills"] + [f"  {sk.skill:<40} {sk.level.label}" for sk in s.skills]
    if s.slips:
        lines += ["", "Most frequent slips (diagnosed by the engine)"]
        lines += [f"  {slip:<40} {_plural(n, 'time')}" for slip, n in s.slips]
    if s.recent:
        lines += ["", "Recent attempts"]
        for r in s.recent:
            when = r.at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            verdict = "correct" if r.correct else "wrong"
            hints = f", {_plural(r.hints, 'hint')}" if r.hints else ""
            answer = r.answer if len(r.answer) <= 40 else r.answer[:39] + "~"
            lines.append(
                f"  {when}  {verdict:<7} {r.lesson_id}/{r.quiz_id} seed {r.seed}: {answer!r}"
                f" ({duration(r.seconds)}{hints})"
            )
            if r.prompt:
                lines.append(f"      {r.prompt}")
    if not s.attempts and not s.weeks and not s.other_lessons:
        lines += ["", "Nothing recorded yet."]
    return "\n".join(lines)

"""`mfml-tui class-report FILES…`: one summary of a class from the learners' progress exports.

Each learner runs `mfml-tui progress --json > NAME.json` (or the teacher collects the files). The
exports are merged into a throw-away progress store and summarised with the same code and mastery rule
as `mfml-tui progress`, so the class view never disagrees with what a learner sees.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from mfml_tui import paths


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("─" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(row.rstrip() for row in out)


def _percent(correct: int, attempts: int) -> str:
    return f"{100 * correct / attempts:.0f} %" if attempts else "–"


def run_class_report(args) -> int:
    from mfml_tui.commands.progress_cmd import load_course
    from mfml_tui.progress import ExportFormatError, StoreError, open_store
    from mfml_tui.progress.exchange import read_export

    course = load_course(getattr(args, "lessons", None))
    try:
        scratch = tempfile.TemporaryDirectory(prefix="mfml-class-")
    except OSError as exc:
        print(f"error: cannot make a scratch folder for the report ({exc}); set TMPDIR", file=sys.stderr)
        return 2
    with scratch as tmp:
        try:
            store = open_store(Path(tmp) / paths.DATABASE_NAME, "class")
        except StoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for name in args.files:
            path = Path(name)
            try:
                data = read_export(path.read_text(encoding="utf-8"))
                store.import_data(data)
            except (OSError, UnicodeDecodeError, ExportFormatError) as exc:
                print(f"error: {path}: not a progress export ({exc})", file=sys.stderr)
                return 2
        learners = [p for p in store.profiles() if p != "class"]
        if not learners:
            print("error: the files hold no learners' progress", file=sys.stderr)
            return 2
        summaries = {p: store.for_profile(p).summary(course) for p in sorted(learners)}
        store.close()
        with contextlib.closing(sqlite3.connect(Path(tmp) / paths.DATABASE_NAME)) as conn:
            slips = conn.execute(
                "SELECT lesson_id || '/' || quiz_id, slip, COUNT(*) AS n, COUNT(DISTINCT profile) "
                "FROM attempts WHERE slip IS NOT NULL GROUP BY lesson_id, quiz_id, slip "
                "ORDER BY n DESC, 1, slip").fetchall()

    rows = []
    for name, s in summaries.items():
        lessons = [les for w in s.weeks for les in w.lessons] + list(s.other_lessons)
        done = sum(1 for les in lessons if les.state == "done")
        mastered = sum(1 for k in s.skills if k.level.label == "mastered")
        tests = [les.assessment for les in lessons if les.assessment is not None]
        passed = f"{sum(1 for a in tests if a.passed)}/{len(tests)}"
        rows.append([name, str(s.attempts), _percent(s.correct, s.attempts), f"{done}/{len(lessons)}",
                     passed, f"{mastered}/{len(s.skills)}", f"{s.seconds / 60:.0f} min", str(s.streak_days)])
    print(f"Class report: {len(summaries)} learners\n")
    print(_table(["learner", "attempts", "accuracy", "lessons done", "assessments passed", "skills mastered",
                  "time", "streak"], rows))

    by_test: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
    for s in summaries.values():
        for les in [les for w in s.weeks for les in w.lessons]:
            if les.assessment is not None:
                by_test[les.title].append((les.assessment.got, les.assessment.total, les.assessment.passed))
    if by_test:
        test_rows = [[title, f"{sum(p for _, _, p in scores)}/{len(scores)}",
                      ", ".join(f"{g}/{t}" for g, t, _ in scores)] for title, scores in by_test.items()]
        print("\nAssessments (scored on first answers without help, on the assessment's own numbers)\n")
        print(_table(["assessment", "passed", "scores"], test_rows))


    if slips:
        per_rule: dict[str, int] = defaultdict(int)
        for _quiz, slip, n, _who in slips:
            per_rule[slip] += n
        print("\nSlips the engine diagnosed, per rule (most frequent first)\n")
        print(_table(["slip", "times"], [[slip, str(n)] for slip, n in
                                        sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))]))
        print("\nSlips per quiz\n")
        print(_table(["quiz", "slip", "times", "learners"], [[q, slip, str(n), str(who)]
                                                            for q, slip, n, who in slips]))

    by_skill: dict[str, list[str]] = defaultdict(list)
    for s in summaries.values():
        for k in s.skills:
            by_skill[k.skill].append(k.level.label)
    levels = ["not started", "attempted", "familiar", "proficient", "mastered"]
    skill_rows = [[skill] + [str(labels.count(level)) for level in levels]
                  for skill, labels in sorted(by_skill.items())]
    print("\nSkills (number of learners at each level)\n")
    print(_table(["skill"] + levels, skill_rows))
    return 0

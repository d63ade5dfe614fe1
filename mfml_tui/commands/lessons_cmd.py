"""`mfml-tui lessons check|list|slips`: the author's tools, thin wrappers over `mfml_tui.course`."""

from __future__ import annotations

import sys
from pathlib import Path

from mfml_tui import paths


def _root(args) -> Path:
    return Path(args.dir).expanduser() if getattr(args, "dir", None) else paths.lessons_dir(
        getattr(args, "lessons", None))


def run_lessons(args) -> int:
    root = _root(args)
    if args.action == "list":
        return _list(root)
    if args.action == "slips":
        _slips(root, args)
        return 0
    from mfml_tui.course.check import check

    seeds = max(1, int(getattr(args, "seeds", 50) or 50))
    render = bool(getattr(args, "render", False))
    panels = None
    if render:  # what explorers print beside their plots: the widgets' own texts (the UI layer)
        from mfml_tui.ui.explorers.panels import panel_faults as panels
    report = check(root, seeds=seeds, render=render, panels=panels,
                   render_seeds=max(1, int(getattr(args, "render_seeds", 20) or 20)))
    print(report.text())
    if getattr(args, "slips", False):
        print()
        _slips(root, args)
    return 0 if report.ok else 1


def _slips(root: Path, args) -> None:
    """Per quiz, the mal-rules it can name by itself (at most 20 seeds: the search is per draw)."""
    from mfml_tui.course import slips

    print(slips.text(slips.slips(root, seeds=max(1, min(int(getattr(args, "seeds", 5) or 5), 20)))))


def _list(root: Path) -> int:
    from mfml_tui.course import load

    course = load(root)
    print(course.title)
    for week in course.weeks:
        print(f"\nWeek {week.number}: {week.title}  [{week.id}]")
        for lesson in week.lessons:
            flag = "" if lesson.available else "  (unavailable: run `mfml-tui lessons check`)"
            extra = "  assessment" if lesson.is_assessment else ""
            print(f"  {lesson.id:<34} {lesson.title}  ({lesson.minutes} min, "
                  f"{len(lesson.steps)} steps, {len(lesson.quizzes)} quizzes){extra}{flag}")
    problems = course.all_problems()
    if problems:
        print(f"\n{len(problems)} problem(s); run `mfml-tui lessons check {root}`", file=sys.stderr)
    return 0

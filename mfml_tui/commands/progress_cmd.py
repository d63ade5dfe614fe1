"""`mfml-tui progress` (table, JSON export, import) and `mfml-tui reset`.

Exit codes: 0 done, 1 cancelled by the learner, 2 the progress file or the import file cannot be used
(the message starts with `error:` and names the file; nothing is overwritten).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mfml_tui import paths
from mfml_tui.progress.store import StoreError, open_store


def _where(args: argparse.Namespace) -> tuple[Path, str]:
    return paths.database_path(getattr(args, "data_dir", None)), getattr(
        args, "profile", None
    ) or paths.default_profile()


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _store_error(e: StoreError) -> int:
    if e.can_move_aside:
        first = "Upgrade mfml-tui, or start" if e.kind == "newer" else "Start"
        print(
            f"error: {e}\nThe file was left untouched. {first} the tutor to move it aside, or rename it "
            f"yourself (e.g. to {e.path.name}.damaged), or use --data-dir to keep progress elsewhere.",
            file=sys.stderr,
        )
        return 2
    return _fail(str(e))


def load_course(option: str | None) -> Any:
    """The course, or None when the lessons cannot be loaded: the table then lists lesson ids only."""
    from mfml_tui.course import load

    try:
        return load(paths.lessons_dir(option))
    except Exception as e:  # noqa: BLE001 — a broken lessons folder must not hide the learner's progress
        print(f"note: lessons not loaded ({e}); showing lesson ids from the progress file", file=sys.stderr)
        return None


def _prompt_hook() -> Callable[[Any, int], str]:
    """Rebuild "the question as it was asked" from quiz spec + seed."""
    from mfml_tui.quiz import instantiate

    return lambda spec, seed: instantiate(spec, seed).prompt


def run_progress(args: argparse.Namespace, *, prompt: Callable[[Any, int], str] | None = None) -> int:
    path, profile = _where(args)
    if getattr(args, "import_file", None):
        return _import(args, path, profile)
    try:
        store = _open_to_read(path, profile)
    except StoreError as e:
        if e.kind != "missing":
            return _store_error(e)
        store = None
    if getattr(args, "json", False):
        if store is None:
            from mfml_tui.progress.exchange import FORMAT, FORMAT_VERSION

            data: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION, "profiles": {}}
        else:
            course = load_course(getattr(args, "lessons", None))
            with store:
                try:
                    data = store.export_data(all_profiles=bool(getattr(args, "all", False)))
                    for name, content in data["profiles"].items():
                        view = store if name == profile else store.for_profile(name)
                        content["assessments"] = assessments(view, course)
                except StoreError as e:
                    return _store_error(e)
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    if store is None:
        print(f"No progress recorded yet for {profile} (the file {path} does not exist).")
        return 0
    from mfml_tui.progress.summary import format_summary

    course = load_course(getattr(args, "lessons", None))
    hook = prompt or _prompt_hook()
    with store:
        try:
            names = store.profiles() if getattr(args, "all", False) else [profile]
            texts = []
            for name in names:
                view = store if name == profile else store.for_profile(name)
                texts.append(format_summary(view.summary(course, prompt=hook)))
        except StoreError as e:
            return _store_error(e)
    print("\n\n".join(texts))
    return 0


def _open_to_read(path: Path, profile: str) -> Any:
    """The progress file for looking at it. Opened as usual first (that also upgrades an older file);
    when the file or its folder cannot be written, read-only instead: a healthy file is shown, never
    called unwritable for a command that writes nothing. If that fails too, the first reason is given."""
    try:
        return open_store(path, profile, create=False)
    except StoreError as e:
        if e.kind != "unavailable" or not path.is_file():
            raise
        try:
            return open_store(path, profile, read_only=True)
        except StoreError:
            raise e from None


def assessments(store: Any, course: Any) -> list[dict[str, Any]]:
    """Each assessment of the course as it stands for this learner (informative: import ignores it)."""
    if course is None:
        return []
    out = []
    for lesson in course.lessons:
        if lesson.is_assessment and lesson.quizzes:
            a = store.assessment(lesson)
            out.append({"lesson_id": lesson.id, "score": a.got, "questions": a.total, "pass_mark": a.mark,
                        "passed": a.passed})
    return out


def _import(args: argparse.Namespace, path: Path, profile: str) -> int:
    from mfml_tui.progress.exchange import ExportFormatError

    source = args.import_file
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return _fail(f"cannot read {source}: {e}")
    from mfml_tui.progress.exchange import read_export

    try:
        data = read_export(text)
    except ExportFormatError as e:
        return _fail(f"{source}: {e}; nothing was imported")
    try:
        with open_store(path, profile) as store:
            report = store.import_data(data, profile=getattr(args, "profile", None))
    except StoreError as e:
        return _store_error(e)
    except ExportFormatError as e:
        return _fail(f"{source}: {e}; nothing was imported")
    print(f"{report} ({path})")
    return 0


def _confirm(question: str) -> bool:
    """Ask y/N on stdin; end of input (no terminal, closed pipe) means no."""
    print(question, end=" ", flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        answer = ""
    if not answer:
        print()
    return answer.strip().lower() in ("y", "yes")


def run_reset(args: argparse.Namespace) -> int:
    path, profile = _where(args)
    lesson = getattr(args, "lesson", None)
    try:
        store = open_store(path, profile, create=False)
    except StoreError as e:
        if e.kind == "missing":
            print(f"Nothing to reset: no progress file at {path}.")
            return 0
        return _store_error(e)
    with store:
        try:
            count = store.count_attempts(lesson)
            what = f"progress in lesson {lesson}" if lesson else "all progress"
            if not getattr(args, "yes", False) and not _confirm(
                f"Forget {what} of profile {profile!r} ({count} attempts) in {path}? [y/N]"
            ):
                print("Cancelled; nothing was changed.")
                return 1
            removed = store.reset(lesson)
        except StoreError as e:
            return _store_error(e)
    print(f"Forgot {what} of profile {profile!r}: {removed} attempts removed; settings kept.")
    return 0

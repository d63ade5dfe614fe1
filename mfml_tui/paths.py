"""Where the lessons and the learner's progress live.

Order of precedence, for both: the command-line option, then the environment variable, then the default
(the bundled course; platformdirs' user data directory).
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

APP_NAME = "mfml-tui"
DATABASE_NAME = "progress.sqlite3"


def bundled_lessons() -> Path:
    """The course that ships with the package: inside the wheel, or the checkout's `lessons/` folder."""
    here = Path(__file__).resolve().parent
    packaged = here / "_lessons"
    return packaged if packaged.is_dir() else here.parent / "lessons"


def lessons_dir(option: str | os.PathLike[str] | None = None) -> Path:
    chosen = option or os.environ.get("MFML_TUI_LESSONS")
    return Path(chosen).expanduser() if chosen else bundled_lessons()


def data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    chosen = option or os.environ.get("MFML_TUI_DATA")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def database_path(option: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(option) / DATABASE_NAME


def default_profile() -> str:
    """The learner's user name: one Unix account per learner needs no `--profile` at all."""
    try:
        return getpass.getuser() or "learner"
    except Exception:  # noqa: BLE001 — no passwd entry (containers): still a usable profile
        return "learner"

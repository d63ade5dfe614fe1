"""The course: the content model, loading a lessons folder, and the checker behind `lessons check`.

`load` is cheap to import (stdlib + the model); `check` needs the engine, quiz and plots and is
imported on first use so the app's start-up does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mfml_tui.course.loader import load, load_lesson
from mfml_tui.course.model import (
    Block,
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

if TYPE_CHECKING:
    from mfml_tui.course.check import CheckReport


def check(root, seeds: int = 50) -> CheckReport:
    """Load, draw and grade everything under `root`; see `mfml_tui.course.check`."""
    from mfml_tui.course.check import check as _check

    return _check(root, seeds=seeds)


__all__ = [
    "Block", "Course", "ExploreBlock", "ExploreSpec", "Lesson", "Location", "Mistake", "PlotBlock",
    "PlotSpec", "Problem", "QuizBlock", "QuizSpec", "Step", "TextBlock", "Week", "check", "load",
    "load_lesson",
]

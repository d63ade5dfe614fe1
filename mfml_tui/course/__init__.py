"""The course: the content model, loading a lessons folder, and the checker behind `lessons check`.

Each name is imported on first use (PEP 562): unpickling a cached course needs only `course.model`, and
must not pay for the loader, the engine's parser or the quiz parameters. The checker is
`mfml_tui.course.check.check` (it needs the engine, quiz and plots).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mfml_tui.lazy import lazy_names

__all__ = [
    "Block", "Course", "ExploreBlock", "ExploreSpec", "Lesson", "Location", "Mistake", "PlotBlock",
    "PlotSpec", "Problem", "QuizBlock", "QuizSpec", "Step", "TextBlock", "Week", "load", "load_lesson",
]
_WHERE = {name: "loader" if name.startswith("load") else "model" for name in __all__}


__getattr__ = lazy_names(__name__, _WHERE, globals())


if TYPE_CHECKING:
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

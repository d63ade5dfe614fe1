"""The learner's progress: one SQLite file, attempts, positions, settings, mastery and reviews.

Only the standard library is needed to open the store; fsrs is loaded on the first recorded attempt,
and each name below is imported on first use (PEP 562) so `import mfml_tui.progress` costs nothing at
start-up. docs/progress.md describes the file, the rules and what happens to a damaged file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mfml_tui.lazy import lazy_names

_WHERE = {
    "Store": "store",
    "StoreError": "store",
    "open_store": "store",
    "move_aside": "store",
    "Attempt": "records",
    "Due": "records",
    "Position": "records",
    "Level": "mastery",
    "quiz_level": "mastery",
    "unit_level": "mastery",
    "rating_for": "reviews",
    "Summary": "summary",
    "WeekSummary": "summary",
    "LessonSummary": "summary",
    "SkillSummary": "summary",
    "RecentAttempt": "summary",
    "format_summary": "summary",
    "ImportReport": "exchange",
    "ExportFormatError": "exchange",
}
__all__ = [
    "Attempt",
    "Due",
    "ExportFormatError",
    "ImportReport",
    "LessonSummary",
    "Level",
    "Position",
    "RecentAttempt",
    "SkillSummary",
    "Store",
    "StoreError",
    "Summary",
    "WeekSummary",
    "format_summary",
    "move_aside",
    "open_store",
    "quiz_level",
    "rating_for",
    "unit_level",
]


__getattr__ = lazy_names(__name__, _WHERE, globals())


if TYPE_CHECKING:
    from mfml_tui.progress.exchange import ExportFormatError, ImportReport
    from mfml_tui.progress.mastery import Level, quiz_level, unit_level
    from mfml_tui.progress.records import Attempt, Due, Position
    from mfml_tui.progress.reviews import rating_for
    from mfml_tui.progress.store import Store, StoreError, move_aside, open_store
    from mfml_tui.progress.summary import (
        LessonSummary,
        RecentAttempt,
        SkillSummary,
        Summary,
        WeekSummary,
        format_summary,
    )

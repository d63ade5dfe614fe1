"""The progress screen, driven by the pilot over a store filled through the store's own API: completion and
mastery bars per week and lesson (levels by the documented rule), and recent answers shown as they were
asked (each rebuilt from quiz id + seed, so different seeds show different numbers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mfml_tui.course import load
from mfml_tui.progress.store import open_store
from mfml_tui.quiz import instantiate
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    TEST_LESSONS,
    make_app,
    press,
    quiet_textual,
    ready,
    wait_text,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def row(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


async def test_bars_levels_and_questions_as_asked(tmp_path):
    spec = load(TEST_LESSONS).lesson("t1-rise").quizzes[0]
    seeds = (11, 12, 13)
    prompts = [instantiate(spec, s).prompt for s in seeds]
    assert len(set(prompts)) == 3  # the oracle: fresh seeds really are different questions
    with open_store(tmp_path / "progress.sqlite3", "tester") as store:
        # three clean answers on fresh numbers, a day apart -> mastered (docs/progress.md)
        for i, s in enumerate(seeds):
            store.record_attempt("t1-rise", spec.id, s, "1", True, seconds=30, at=T0 + timedelta(days=i))
        store.record_attempt("t1-practice", "t1-practice-power", 5, "0", False, seconds=40, at=T0)
        store.complete_step("t1-rise", 0)
        store.complete_step("t1-rise", 1)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await press(pilot, "g")
        text = await wait_text(pilot, "Your progress")
        assert "4 answers · 75 % correct" in text
        rise = row(text, "Rise over run")
        assert "████░░ 2/3" in rise and "████ mastered" in rise and "100%" in rise
        practice = row(text, "Practice with derivatives")
        assert "░░░░░░ 0/3" in practice and "█░░░ attempted" in practice and "0%" in practice
        # the week is as strong as its weakest quiz
        assert "█░░░ attempted" in row(text, "Week 1: Slopes")
        await press(pilot, "end")
        text = await wait_text(pilot, "Recent answers")
        for prompt in prompts:
            assert prompt[:60] in text


async def test_a_lessons_note_wrapped_at_80_columns_keeps_its_indent(tmp_path):
    """What the next level needs is a note under the lesson's title; wrapped in the narrow lesson column,
    its next lines began under the title (`right first try on new numbers,`), like a lesson of their own."""
    with open_store(tmp_path / "progress.sqlite3", "tester") as store:
        store.record_attempt("t1-practice", "t1-practice-power", 5, "0", False, seconds=40, at=T0)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "g")
        text = await wait_text(pilot, "Your progress")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "next:" in line)
    title_at = len(lines[at - 1]) - len(lines[at - 1].lstrip())  # the lesson's row, above its note
    note_at = lines[at].index("next:")
    assert note_at > title_at and "Practice with derivatives" in lines[at - 1]
    rest = lines[at + 1:at + 3]
    assert rest[0].strip() and not any(cell in rest[0] for cell in ("░", "█"))  # the note goes on…
    for line in rest:
        if line.strip() and not any(cell in line for cell in ("░", "█")):
            assert len(line) - len(line.lstrip()) == note_at, (lines[at - 1:at + 3])  # …under its start

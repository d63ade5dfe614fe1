"""`mfml-tui class-report`: a teacher's summary from learners' real exports."""

from __future__ import annotations

import json

from mfml_tui.cli import main
from mfml_tui.course import load
from mfml_tui.paths import bundled_lessons
from mfml_tui.progress import open_store

LESSON = "w0-how-it-works"  # its skill, using-the-tutor, is taught by this lesson alone
QUIZZES = [quiz.id for step in load(bundled_lessons()).lesson(LESSON).steps for quiz in step.quizzes]


def export_for(tmp_path, who: str, verdicts: list[bool], capsys) -> str:
    """Every question of the lesson answered with the same run of verdicts."""
    data_dir = tmp_path / who
    store = open_store(data_dir / "progress.sqlite3", who)
    for quiz in QUIZZES:
        for seed, ok in enumerate(verdicts):
            store.record_attempt(LESSON, quiz, seed, "7", correct=ok, seconds=30)
    store.close()
    capsys.readouterr()
    assert main(["progress", "--json", "--data-dir", str(data_dir), "--profile", who]) == 0
    path = tmp_path / f"{who}.json"
    path.write_text(capsys.readouterr().out)
    return str(path)


def test_report_has_a_row_per_learner_and_per_skill(tmp_path, capsys) -> None:
    files = [export_for(tmp_path, "ada", [True, False, True, True], capsys),
             export_for(tmp_path, "bob", [False], capsys)]
    assert main(["class-report", *files]) == 0
    out = capsys.readouterr().out
    assert "2 learners" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith(("ada", "bob"))}
    assert rows["ada"][1] == str(4 * len(QUIZZES)) and rows["ada"][2] == "75"
    assert rows["bob"][1] == str(len(QUIZZES)) and rows["bob"][2] == "0"
    skill_line = next(line for line in out.splitlines() if line.startswith("using-the-tutor"))
    # bob: attempted; ada: two fresh correct answers since her last mistake = proficient (docs/progress.md)
    assert skill_line.split()[1:] == ["0", "1", "0", "1", "0"]


def test_the_same_export_twice_is_not_counted_twice(tmp_path, capsys) -> None:
    file = export_for(tmp_path, "ada", [True, True], capsys)
    assert main(["class-report", file, file]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("ada"))
    assert line.split()[1] == str(2 * len(QUIZZES))


def test_a_file_that_is_not_an_export_is_a_clear_error(tmp_path, capsys) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text(json.dumps({"hello": 1}))
    assert main(["class-report", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "notes.json" in err


def test_slips_are_ranked_per_rule_and_per_quiz(tmp_path, capsys) -> None:
    def export(who: str, slips: list[str]) -> str:
        data_dir = tmp_path / who
        store = open_store(data_dir / "progress.sqlite3", who)
        for seed, slip in enumerate(slips):
            store.record_attempt(LESSON, QUIZZES[0], seed, "7", correct=False, slip=slip)
        store.close()
        capsys.readouterr()
        assert main(["progress", "--json", "--data-dir", str(data_dir), "--profile", who]) == 0
        path = tmp_path / f"{who}.json"
        path.write_text(capsys.readouterr().out)
        return str(path)

    files = [export("ada", ["chain-dropped", "chain-dropped", "power-up"]), export("bob", ["chain-dropped"])]
    assert main(["class-report", *files]) == 0
    out = capsys.readouterr().out
    per_rule = out[out.index("per rule"):out.index("Slips per quiz")]
    rows = [line.split() for line in per_rule.splitlines() if line.startswith(("chain", "power"))]
    assert rows == [["chain-dropped", "3"], ["power-up", "1"]]
    per_quiz = [line.split() for line in out[out.index("Slips per quiz"):].splitlines()]
    assert [f"{LESSON}/{QUIZZES[0]}", "chain-dropped", "3", "2"] in per_quiz

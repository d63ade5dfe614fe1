"""`mfml-tui progress` and `mfml-tui reset` through the real argument parser."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mfml_tui.cli import main
from mfml_tui.paths import database_path
from mfml_tui.progress.store import open_store

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def cli(data: Path, *args: str, profile: str = "alice") -> int:
    # --lessons points at an empty folder: these tests must not depend on the bundled course.
    return main(
        [*args, "--data-dir", str(data), "--profile", profile, "--lessons", str(data.parent / "none")]
    )


def seed(data: Path, profile: str = "alice", n: int = 3) -> None:
    with open_store(database_path(data), profile) as store:
        for i in range(n):
            store.record_attempt(
                "w1-a", "q1", i, str(i), i % 2 == 0, seconds=30, at=T0 + timedelta(minutes=i)
            )
        store.set_position("w1-a", 1)
        store.set_setting("theme", "nord")


def test_progress_without_a_file_says_so_and_creates_nothing(data: Path, capsys) -> None:
    assert cli(data, "progress") == 0
    assert "No progress recorded yet for alice" in capsys.readouterr().out
    assert not database_path(data).exists()


def test_progress_table(data: Path, capsys) -> None:
    seed(data)
    assert cli(data, "progress") == 0
    out = capsys.readouterr().out
    assert "Progress of alice: 3 attempts, 67% correct" in out
    assert "w1-a" in out and "Recent attempts" in out


def test_progress_all_profiles(data: Path, capsys) -> None:
    seed(data)
    seed(data, "bob", 1)
    assert cli(data, "progress", "--all") == 0
    out = capsys.readouterr().out
    assert "Progress of alice" in out and "Progress of bob: 1 attempt," in out


def test_json_export(data: Path, capsys) -> None:
    seed(data)
    seed(data, "bob", 1)
    assert cli(data, "progress", "--json") == 0
    one = json.loads(capsys.readouterr().out)
    assert list(one["profiles"]) == ["alice"] and len(one["profiles"]["alice"]["attempts"]) == 3
    assert cli(data, "progress", "--json", "--all") == 0
    assert set(json.loads(capsys.readouterr().out)["profiles"]) == {"alice", "bob"}


def test_looking_at_progress_or_resetting_adds_no_profile(data: Path, capsys) -> None:
    seed(data)
    assert cli(data, "progress", profile="typo") == 0
    assert "Progress of typo: 0 attempts" in capsys.readouterr().out
    assert cli(data, "reset", "--yes", profile="typo") == 0
    assert "0 attempts removed" in capsys.readouterr().out
    assert cli(data, "progress", "--json", profile="typo") == 0
    assert json.loads(capsys.readouterr().out)["profiles"]["typo"]["attempts"] == []
    assert cli(data, "progress", "--json", "--all") == 0
    assert list(json.loads(capsys.readouterr().out)["profiles"]) == ["alice"]


def test_json_export_without_a_file(data: Path, capsys) -> None:
    assert cli(data, "progress", "--json") == 0
    assert json.loads(capsys.readouterr().out)["profiles"] == {}


def test_import_is_idempotent(data: Path, tmp_path: Path, capsys) -> None:
    seed(data)
    assert cli(data, "progress", "--json") == 0
    export = tmp_path / "export.json"
    export.write_text(capsys.readouterr().out)
    other = tmp_path / "other"
    assert cli(other, "progress", "--import", str(export)) == 0
    assert "3 new attempts (0 already present)" in capsys.readouterr().out
    assert cli(other, "progress", "--import", str(export)) == 0
    assert "0 new attempts (3 already present)" in capsys.readouterr().out
    with open_store(database_path(other), "alice") as store:
        assert len(store.attempts()) == 3 and store.settings() == {"theme": "nord"}


def test_import_from_stdin_into_another_profile(data: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    seed(data)
    cli(data, "progress", "--json")
    monkeypatch.setattr("sys.stdin", io.StringIO(capsys.readouterr().out))
    other = tmp_path / "other"
    assert cli(other, "progress", "--import", "-", profile="carol") == 0
    assert "imported into carol: 3 new attempts" in capsys.readouterr().out
    with open_store(database_path(other), "carol") as store:
        assert len(store.attempts()) == 3


@pytest.mark.parametrize("content", ["{not json", '{"format": "other"}', "[]"])
def test_bad_import_file_is_an_error(data: Path, tmp_path: Path, capsys, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert cli(data, "progress", "--import", str(bad)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "nothing was imported" in err and "Traceback" not in err


def test_missing_import_file_is_an_error(data: Path, tmp_path: Path, capsys) -> None:
    assert cli(data, "progress", "--import", str(tmp_path / "nope.json")) == 2
    assert capsys.readouterr().err.startswith("error: cannot read")


@pytest.mark.parametrize(
    "command", [["progress"], ["progress", "--json"], ["reset", "--yes"], ["progress", "--import", "EXPORT"]]
)
def test_damaged_file_exits_2_and_is_untouched(
    data: Path, tmp_path: Path, capsys, command: list[str]
) -> None:
    path = database_path(data)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 definitely a zip file, not progress" * 20)
    export = tmp_path / "e.json"
    export.write_text('{"format": "mfml-tui-progress", "version": 1, "profiles": {}}')
    before = path.read_bytes()
    assert cli(data, *[str(export) if c == "EXPORT" else c for c in command]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and str(path) in err and "left untouched" in err
    assert "Traceback" not in err
    assert path.read_bytes() == before


def test_reset_asks_and_no_means_no(data: Path, capsys, monkeypatch) -> None:
    seed(data)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert cli(data, "reset") == 1
    out = capsys.readouterr().out
    assert "Forget all progress of profile 'alice' (3 attempts)" in out and "Cancelled" in out
    with open_store(database_path(data), "alice") as store:
        assert len(store.attempts()) == 3


def test_reset_end_of_input_cancels(data: Path, capsys, monkeypatch) -> None:
    seed(data)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli(data, "reset") == 1
    with open_store(database_path(data), "alice") as store:
        assert len(store.attempts()) == 3


def test_reset_yes_answer(data: Path, capsys, monkeypatch) -> None:
    seed(data)
    seed(data, "bob", 2)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert cli(data, "reset") == 0
    assert "3 attempts removed" in capsys.readouterr().out
    with open_store(database_path(data), "alice") as alice, open_store(database_path(data), "bob") as bob:
        assert alice.attempts() == [] and alice.settings() == {"theme": "nord"}
        assert len(bob.attempts()) == 2


def test_reset_one_lesson_with_yes(data: Path, capsys) -> None:
    seed(data)
    with open_store(database_path(data), "alice") as store:
        store.record_attempt("w2-b", "q", 1, "1", True)
    assert cli(data, "reset", "--lesson", "w1-a", "--yes") == 0
    with open_store(database_path(data), "alice") as store:
        assert [a.lesson_id for a in store.attempts()] == ["w2-b"]


def test_reset_without_a_file(data: Path, capsys) -> None:
    assert cli(data, "reset", "--yes") == 0
    assert "Nothing to reset" in capsys.readouterr().out
    assert not database_path(data).exists()


def test_newer_file_exits_2_advising_an_upgrade(data: Path, capsys) -> None:
    seed(data)
    path = database_path(data)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = version + 1")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert cli(data, "progress") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path} was written by a newer mfml-tui")
    assert "left untouched. Upgrade mfml-tui" in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("nested", [
    "[" * 100_000 + "]" * 100_000,
    '{"a":' * 5_000 + "1" + "}" * 5_000,
    '{"format": "mfml-tui-progress", "profiles": ' + "[" * 40 + "]" * 40 + "}",
])
def test_an_import_nested_thousands_deep_is_a_message_not_a_traceback(data, tmp_path, capsys, nested) -> None:
    seed(data)
    before = database_path(data).read_bytes()
    deep = tmp_path / "deep.json"
    deep.write_text(nested)
    assert cli(data, "progress", "--import", str(deep)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "more than 32 deep" in err and "nothing was imported" in err
    assert database_path(data).read_bytes() == before
    assert main(["class-report", str(deep), "--lessons", str(tmp_path / "none")]) == 2
    assert "more than 32 deep" in capsys.readouterr().err


def test_brackets_inside_strings_are_not_nesting() -> None:
    from mfml_tui.progress.exchange import read_export

    text = json.dumps({"answer": "[" * 500 + '"{' * 100, "list": [[1], [2]]})
    assert read_export(text)["list"] == [[1], [2]]

"""Export and import of progress as JSON, so a learner can move between machines or back up.

Import is a merge, safe to repeat: attempts are keyed by their uid (never duplicated), completed steps
are a union, positions and settings keep whichever side changed last. Review cards are not taken from
the file: they are recomputed from the merged attempts, so they always agree with them.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from mfml_tui.progress import reviews
from mfml_tui.progress.records import from_text, to_text, utcnow

FORMAT = "mfml-tui-progress"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class ImportReport:
    profiles: tuple[str, ...]
    attempts_added: int
    attempts_known: int
    positions: int
    settings: int

    def __str__(self) -> str:
        return (
            f"imported into {', '.join(self.profiles) or 'no profile'}: {self.attempts_added} new attempts "
            f"({self.attempts_known} already present), {self.positions} positions, {self.settings} settings"
        )


def export(conn: sqlite3.Connection, profiles: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": to_text(utcnow()),
        "profiles": {},
    }
    for name in profiles:
        attempts = [
            {
                "uid": uid,
                "lesson_id": lesson,
                "quiz_id": quiz,
                "seed": seed,
                "answer": answer,
                "verdict": verdict,
                "hints": hints,
                "seconds": seconds,
                "at": at,
                "context": context,
                "slip": slip,
            }
            for uid, lesson, quiz, seed, answer, verdict, hints, seconds, at, context, slip in conn.execute(
                "SELECT uid, lesson_id, quiz_id, seed, answer, verdict, hints, seconds, at, context, slip "
                "FROM attempts "
                "WHERE profile = ? ORDER BY at, id",
                (name,),
            )
        ]
        positions: dict[str, dict[str, Any]] = {}
        for lesson, step, updated in conn.execute(
            "SELECT lesson_id, step, updated FROM positions WHERE profile = ? ORDER BY lesson_id", (name,)
        ):
            positions[lesson] = {"lesson_id": lesson, "step": step, "updated": updated, "completed": []}
        for lesson, step in conn.execute(
            "SELECT lesson_id, step FROM completed_steps WHERE profile = ? ORDER BY lesson_id, step", (name,)
        ):
            positions.setdefault(
                lesson, {"lesson_id": lesson, "step": None, "updated": None, "completed": []}
            )
            positions[lesson]["completed"].append(step)
        settings = [
            {"key": k, "value": v, "updated": u}
            for k, v, u in conn.execute(
                "SELECT key, value, updated FROM settings WHERE profile = ? ORDER BY key", (name,)
            )
        ]
        review_rows = [
            {"lesson_id": lesson, "quiz_id": quiz, "due": due, "card": card}
            for lesson, quiz, due, card in conn.execute(
                "SELECT lesson_id, quiz_id, due, card FROM reviews WHERE profile = ? ORDER BY due", (name,)
            )
        ]
        out["profiles"][name] = {
            "attempts": attempts,
            "positions": sorted(positions.values(), key=lambda p: p["lesson_id"]),
            "settings": settings,
            "reviews": review_rows,
        }
    return out


class ExportFormatError(ValueError):
    """The file is not an export this version understands; nothing was imported."""


MAX_JSON_DEPTH = 32  #: an export nests 5 deep; Python's json parser recurses once per level


def read_export(text: str) -> Any:
    """Parse an export's JSON text; ExportFormatError (never RecursionError) for anything else.

    The nesting is measured first, strings skipped: `json.loads` recurses once per `[`/`{`, so a file
    nested 100 000 deep would end the program with a RecursionError instead of a message."""
    depth = deepest = 0
    for bracket in re.sub(r"[^\[\]{}]+", "", re.sub(r'"(?:[^"\\]|\\.)*"', "", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                raise ExportFormatError(f"it nests arrays or objects more than {MAX_JSON_DEPTH} deep: it is "
                                        "not a progress export")
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as e:
        raise ExportFormatError(f"it is not JSON ({e})") from None


def _need(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise ExportFormatError(f"{where}: {what}")


def _text(value: Any, where: str, field: str) -> str:
    _need(isinstance(value, str) and value != "", where, f"'{field}' must be a non-empty string")
    return value


def _int(value: Any, where: str, field: str, minimum: int | None = None) -> int:
    _need(isinstance(value, int) and not isinstance(value, bool), where, f"'{field}' must be an integer")
    _need(minimum is None or value >= minimum, where, f"'{field}' must be at least {minimum}")
    return value


def _time(value: Any, where: str, field: str) -> str:
    _need(isinstance(value, str), where, f"'{field}' must be an ISO 8601 timestamp")
    try:
        return to_text(from_text(value))
    except ValueError:
        raise ExportFormatError(
            f"{where}: '{field}' is not an ISO 8601 timestamp with a time zone: {value!r}"
        ) from None


def _attempt_row(a: Any, where: str, profile: str) -> tuple[Any, ...]:
    _need(isinstance(a, dict), where, "must be an object")
    seconds = a.get("seconds", 0.0)
    _need(
        isinstance(seconds, int | float)
        and not isinstance(seconds, bool)
        and math.isfinite(seconds)
        and seconds >= 0,
        where,
        "'seconds' must be a number >= 0",
    )
    _need(a.get("verdict") in ("correct", "incorrect"), where, "'verdict' must be 'correct' or 'incorrect'")
    _need(isinstance(a.get("answer"), str), where, "'answer' must be a string")
    context = a.get("context", "lesson")  # exports before reviews had their own draws: lesson attempts
    _need(context in ("lesson", "review"), where, "'context' must be 'lesson' or 'review'")
    slip = a.get("slip")  # exports before the engine diagnosed slips have none
    _need(slip is None or (isinstance(slip, str) and len(slip) <= 60), where,
          "'slip' must be a short id or null")
    return (
        profile,
        _text(a.get("uid"), where, "uid"),
        _text(a.get("lesson_id"), where, "lesson_id"),
        _text(a.get("quiz_id"), where, "quiz_id"),
        _int(a.get("seed"), where, "seed"),
        a["answer"],
        a["verdict"],
        _int(a.get("hints", 0), where, "hints", 0),
        float(seconds),
        _time(a.get("at"), where, "at"),
        context,
        slip,
    )


def merge(conn: sqlite3.Connection, data: Any, rename: str | None = None) -> ImportReport:
    """Merge a parsed export inside the caller's transaction; ExportFormatError on bad input."""
    _need(isinstance(data, dict) and data.get("format") == FORMAT, "file", f"not an {FORMAT} export")
    version = data.get("version")
    _need(isinstance(version, int), "file", "'version' missing")
    _need(
        version <= FORMAT_VERSION,
        "file",
        f"export format {version} is newer than this mfml-tui knows ({FORMAT_VERSION}); upgrade mfml-tui",
    )
    profiles = data.get("profiles")
    _need(isinstance(profiles, dict), "file", "'profiles' must be an object")
    if rename is not None and profiles:
        _need(
            len(profiles) == 1,
            "file",
            f"holds {len(profiles)} profiles; only a one-profile export can be "
            "imported into a chosen profile",
        )
    added = known = n_positions = n_settings = 0
    now = to_text(utcnow())
    touched: set[tuple[str, str, str]] = set()
    for source, content in profiles.items():
        profile = rename or source
        _text(profile, "file", "profile name")
        _need(isinstance(content, dict), f"profile {source!r}", "must be an object")
        conn.execute("INSERT OR IGNORE INTO profiles (name, created) VALUES (?, ?)", (profile, now))
        attempts = content.get("attempts", [])
        _need(isinstance(attempts, list), f"profile {source!r}", "'attempts' must be a list")
        rows = [
            _attempt_row(a, f"profile {source!r} attempt {i + 1}", profile) for i, a in enumerate(attempts)
        ]
        insert = (
            "INSERT OR IGNORE INTO attempts (profile, uid, lesson_id, quiz_id, seed, answer, verdict, hints, "
            "seconds, at, context, slip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        for row in rows:
            if conn.execute(insert, row).rowcount:
                added += 1
                touched.add((profile, row[2], row[3]))  # only quizzes that gained attempts get a new card
            else:
                known += 1
        for i, p in enumerate(content.get("positions", [])):
            where = f"profile {source!r} position {i + 1}"
            _need(isinstance(p, dict), where, "must be an object")
            lesson = _text(p.get("lesson_id"), where, "lesson_id")
            if p.get("step") is not None:
                step = _int(p["step"], where, "step", 0)
                updated = _time(p.get("updated"), where, "updated")
                n_positions += conn.execute(
                    "INSERT INTO positions (profile, lesson_id, step, updated) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (profile, lesson_id) DO UPDATE SET step = excluded.step, "
                    "updated = excluded.updated "
                    "WHERE excluded.updated > positions.updated",
                    (profile, lesson, step, updated),
                ).rowcount
            completed = p.get("completed", [])
            _need(isinstance(completed, list), where, "'completed' must be a list")
            conn.executemany(
                "INSERT OR IGNORE INTO completed_steps (profile, lesson_id, step) VALUES (?, ?, ?)",
                [(profile, lesson, _int(s, where, "completed", 0)) for s in completed],
            )
        for i, s in enumerate(content.get("settings", [])):
            where = f"profile {source!r} setting {i + 1}"
            _need(
                isinstance(s, dict) and isinstance(s.get("value"), str),
                where,
                "needs 'key' and a string 'value'",
            )
            n_settings += conn.execute(
                "INSERT INTO settings (profile, key, value, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (profile, key) DO UPDATE SET value = excluded.value, updated = excluded.updated "
                "WHERE excluded.updated > settings.updated",
                (
                    profile,
                    _text(s.get("key"), where, "key"),
                    s["value"],
                    _time(s.get("updated"), where, "updated"),
                ),
            ).rowcount
    for profile, lesson, quiz in sorted(touched):
        reviews.rebuild(conn, profile, lesson, quiz)
    return ImportReport(tuple(rename or p for p in profiles), added, known, n_positions, n_settings)

"""Reporting problems in TOML blocks with their real line in the lesson file.

A block (front matter, a ```quiz fence, week.toml) knows where it starts, so a problem found in one of
its keys is reported as `path:line: …` at that key's line, and TOML's own errors at theirs.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mfml_tui.course.model import Location, Problem
from mfml_tui.spelling import did_you_mean

_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
MAX_TOML_DEPTH = 32  # arrays and inline tables nested deeper than this are refused (docs/lesson-format.md)
CLIP = 80  # characters of an author's text quoted in a message


def clip(text: str, limit: int = CLIP) -> str:
    """An author's text as a message quotes it: whole when short, else its start and its length."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit - 1]}… ({len(text)} characters)"


def nesting(text: str) -> tuple[int, int]:
    """(deepest nesting of `[`/`{`, the 1-based line where it is first reached), strings and comments
    skipped. Checked before `tomllib` sees the text: its parser recurses once per level, so 2 000 levels
    would end in RecursionError instead of a message."""
    depth = deepest = 0
    line = at = 1
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\" and c == '"':
                    j += 1
                elif text[j] == "\n" and len(quote) == 1:
                    break  # an unclosed one-line string: tomllib reports it
                j += 1
            line += text.count("\n", i, min(j, n))
            i = j + len(quote) if j < n and text.startswith(quote, j) else j
            continue
        elif c in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, line
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return deepest, at



_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')


def _keep_key_quotes(m: re.Match) -> str:
    """A string's text blanked out (it may say `x = 2`), unless it is a quoted key: then kept."""
    rest = m.string[m.end():].lstrip()
    return m.group() if rest.startswith(("=", ".", "]")) else '""'


class Reporter:
    """Collects problems for one file; `line_of(key)` finds where a key is written inside a TOML block."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(Location(self.path, line), message))


@dataclass
class Block:
    """A TOML block in a file: its text, the line of its first TOML line, and the reporter."""

    text: str
    first_line: int  # file line of the block's first TOML line
    fence_line: int  # file line of the opening fence (or the `+++`)
    report: Reporter

    def line_of(self, key: str, default: int | None = None) -> int:
        """The file line where `key` is written: `key = …` (top level or inside an inline table), else a
        table header `[key]`/`[[key]]`, else a dotted key `key.sub = …`; bare or quoted, never inside a
        string's text (`ask = "… x = 2 …"` does not write `x`)."""
        k = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
        lines = [_STRING.sub(_keep_key_quotes, line) for line in self.text.splitlines()]
        for pattern in (rf"(^|[{{,]\s*|^\s*){k}\s*=", rf"^\s*\[\[?\s*{k}\s*[\].]", rf"^\s*{k}\s*\."):
            found = next((i for i, line in enumerate(lines) if re.search(pattern, line)), None)
            if found is not None:
                return self.first_line + found
        return self.fence_line if default is None else default

    def problem(self, key: str | None, message: str) -> None:
        self.report.add(self.line_of(key) if key else self.fence_line, message)


def parse_toml(text: str, first_line: int, fence_line: int, report: Reporter, what: str) -> dict | None:
    """Parse a TOML block, reporting a syntax error at its real line in the file."""
    depth, line = nesting(text)
    if depth > MAX_TOML_DEPTH:
        report.add(first_line + line - 1, f"{what} nests arrays or tables {depth} deep; the limit is "
                                          f"{MAX_TOML_DEPTH}")
        return None
    try:
        return tomllib.loads(text)
    except RecursionError:  # what `nesting` did not see (it skips nothing TOML can nest)
        report.add(fence_line, f"{what} is nested too deeply to read; the limit is {MAX_TOML_DEPTH}")
        return None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POS.search(message)
        line = fence_line
        if m:
            line = first_line + int(m.group(1)) - 1
            message = _TOML_POS.sub(f"(column {m.group(2)})", message)
        elif "end of document" in message:
            line = first_line + max(len(text.splitlines()) - 1, 0)
        report.add(line, f"bad TOML in {what}: {message}")
        return None


# ------------------------------------------------------------------------------------------ typed access
class Fields:
    """Typed, reported access to a TOML table: every wrong type or missing key becomes one problem."""

    def __init__(self, table: dict, block: Block, what: str) -> None:
        self.table = table
        self.block = block
        self.what = what
        self.ok = True

    def bad(self, key: str | None, message: str) -> None:
        self.ok = False
        self.block.problem(key, message)

    def unknown(self, allowed: set[str], why: dict[str, str] | None = None) -> None:
        for key in self.table:
            if key not in allowed:
                hint = (why or {}).get(key) or did_you_mean(key, allowed)
                self.bad(key, f"unknown key `{key}` in {self.what}{hint}")

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.table:
            if required:
                self.bad(None, f"{self.what} needs `{key}`")
            return None
        return self.table[key]

    def str(self, key: str, required: bool = False, default: str | None = None,
            limit: int | None = None) -> str | None:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            self.bad(key, f"`{key}` must be a string")
            return default
        if required and not value.strip():
            self.bad(key, f"`{key}` must not be empty")
        if limit is not None and len(value) > limit:
            self.bad(key, f"`{key}` has {len(value):,} characters; the limit is {limit:,}")
            return value[:limit]
        return value

    def int(self, key: str, required: bool = False, default: int | None = None,
            lo: int | None = None, hi: int | None = None) -> int | None:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self.bad(key, f"`{key}` must be a whole number")
            return default
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            bounds = f"between {lo} and {hi}" if hi is not None else f"≥ {lo}"
            self.bad(key, f"`{key}` must be {bounds}")
            return default
        return value

    def float(self, key: str, default: float | None = None, positive: bool = False) -> float | None:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.bad(key, f"`{key}` must be a number")
            return default
        if positive and value <= 0:
            self.bad(key, f"`{key}` must be positive")
            return default
        return float(value)

    def bool(self, key: str, default: bool) -> bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.bad(key, f"`{key}` must be true or false")
            return default
        return value

    def strs(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(key, f"`{key}` must be a list of strings")
            return ()
        return tuple(value)

    def range(self, key: str) -> tuple[float, float] | None:
        value = self._get(key, False)
        if value is None:
            return None
        return self.check_range(key, value, f"`{key}`")

    def check_range(self, key: str, value: Any, what: str) -> tuple[float, float] | None:
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
            self.bad(key, f"{what} must be a range such as [-2, 2]")
            return None
        lo, hi = float(value[0]), float(value[1])
        if not lo < hi:
            self.bad(key, f"{what}: the range [{value[0]}, {value[1]}] is empty")
            return None
        return lo, hi

"""'Did you mean …?' for misspelt keys and options, one rule for every fenced block and front matter.

A case slip, one edit, or two neighbouring letters swapped (`titel`) finds the intended name; otherwise
the closest name by difflib's ratio, if it is close enough. Stdlib only: the loader uses it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, known: Iterable[str]) -> str | None:
    """The known name an author most likely meant by `word`, or None."""
    names = sorted(known)
    for name in names:
        if name.lower() == word.lower():
            return name
    for name in names:
        if abs(len(name) - len(word)) <= 1 and _edits(name, word) <= 1:
            return name
        if len(name) == len(word) and sorted(name) == sorted(word):
            diff = [i for i in range(len(name)) if name[i] != word[i]]
            if len(diff) == 2 and diff[1] == diff[0] + 1:
                return name
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean `name`?)`, or "" when nothing is close: appended to an 'unknown …' message."""
    near = nearest(word, known)
    return f" (did you mean `{near}`?)" if near else ""


def _edits(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]

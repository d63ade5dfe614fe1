"""Can this terminal show Unicode? Decided from the locale the user asked for (stdlib only).

The terminal cannot show Unicode when the user's locale is *explicitly* not UTF-8: `LANG=C`, `LC_ALL=POSIX`,
`LANG=en_US.ISO-8859-1`. When nothing is set at all (many ssh sessions carry no `LANG`) or a UTF-8 locale is
set, Unicode is kept: modern terminals show it, and degrading them would be worse than the rare miss.

Python 3.7+ (PEP 538) *coerces* a C locale at start-up: it sets `LC_CTYPE=C.UTF-8` in `os.environ` when the
locale is C or unavailable. That value says nothing about the terminal, so it is skipped and the user's own
`LANG` decides. `MFML_TUI_ASCII=1` forces ASCII; `MFML_TUI_ASCII=0` forces Unicode.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# What PEP 538 writes into LC_CTYPE (it tries these in turn); never a choice of the user's worth honouring.
COERCED = frozenset({"C.UTF-8", "C.utf8", "C.utf-8"})
ASCII_LOCALES = frozenset({"C", "POSIX"})
YES = frozenset({"1", "true", "yes", "on"})
NO = frozenset({"0", "false", "no", "off"})


def effective_locale(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(variable, value) that decides the character set: `LC_ALL`, else `LC_CTYPE` (unless it is the value
    Python's locale coercion wrote), else `LANG`; None when none of them is set (empty counts as unset)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = (env.get(name) or "").strip()
        if not value:
            continue
        if name == "LC_CTYPE" and value in COERCED:
            continue
        return name, value
    return None


def locale_is_utf8(value: str) -> bool:
    """Whether a locale name such as `en_GB.UTF-8`, `C`, `de_DE.ISO-8859-1@euro` can show Unicode. A name
    without a character set (`en_US`) is given the benefit of the doubt."""
    if value in ASCII_LOCALES:
        return False
    charset = value.split("@", 1)[0].partition(".")[2]
    if not charset:
        return True
    return charset.lower().replace("-", "").replace("_", "") == "utf8"


def wants_ascii(environ: Mapping[str, str] | None = None) -> bool:
    """Draw in ASCII? Forced by `MFML_TUI_ASCII`, else when the locale is explicitly not UTF-8."""
    env = os.environ if environ is None else environ
    forced = (env.get("MFML_TUI_ASCII") or "").strip().lower()
    if forced in YES:
        return True
    if forced in NO:
        return False
    found = effective_locale(env)
    return found is not None and not locale_is_utf8(found[1])

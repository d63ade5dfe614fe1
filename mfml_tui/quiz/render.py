"""Filling `{a}` and `{= expr}` placeholders, and printing numbers the way a maths teacher writes them.

Worked solutions must show results computed by the engine, never numbers typed by the author, so the
`{= …}` placeholder is the only way to put a computed value in text. `{{` and `}}` are literal braces.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from mfml_tui.engine.errors import EngineError
from mfml_tui.engine.parser import parse
from mfml_tui.engine.printing import number, to_unicode

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_SPEC = re.compile(r"^[<>=^]?[+\- ]?#?0?\d*[,_]?(?:\.\d+)?[eEfFgG%]?$")
_NAME = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)$")
MINUS = "\u2212"


@dataclass(frozen=True)
class Placeholder:
    """One `{…}` in a text: a parameter (`style` plain, paren, signed) or an engine expression."""

    source: str  # the text between the braces
    name: str | None = None  # parameter placeholders
    expr: str | None = None  # `{= expr}` placeholders
    style: str = "plain"  # plain | paren | signed
    fmt: str | None = None  # Python number format spec (".2f")


@functools.lru_cache(maxsize=4096)
def parse_placeholder(source: str) -> Placeholder:
    """Parse the inside of one `{…}`; raises ValueError with an author-facing message. Remembered: a
    text's placeholders are read again for every draw it is filled for (a Placeholder is frozen)."""
    text = source.strip()
    fmt = None
    if text.startswith("="):
        body = text[1:]
        if ":" in body:
            head, _, tail = body.rpartition(":")
            if _SPEC.match(tail.strip()):
                body, fmt = head, tail.strip()
        body = body.strip()
        if not body:
            raise ValueError("`{=}` needs an expression after `=`")
        return Placeholder(source, expr=body, fmt=fmt)
    if ":" in text:
        text, _, fmt = text.partition(":")
        text, fmt = text.strip(), fmt.strip()
        if not _SPEC.match(fmt):
            raise ValueError(f"`{{{source}}}`: `{fmt}` is not a number format such as `.2f`")
    style = "plain"
    if text.startswith("(") and text.endswith(")"):
        style, text = "paren", text[1:-1].strip()
    elif text.startswith("+"):
        style, text = "signed", text[1:].strip()
    if not _NAME.match(text):
        raise ValueError(
            f"`{{{source}}}` is not a placeholder: use `{{a}}`, `{{(a)}}`, `{{+a}}` or `{{= expression}}`"
            " (write `{{{{` and `}}}}` for literal braces)"
        )
    return Placeholder(source, name=text, style=style, fmt=fmt)


def placeholders(text: str) -> tuple[list[Placeholder], list[str]]:
    """Every placeholder in a text, and a problem for each one that does not parse or stray brace."""
    found: list[Placeholder] = []
    problems: list[str] = []
    rest = _TOKEN.sub(lambda m: "" if m.group(1) is None else "\0", text)
    for m in _TOKEN.finditer(text):
        if m.group(1) is None:
            continue
        try:
            found.append(parse_placeholder(m.group(1)))
        except ValueError as exc:
            problems.append(str(exc))
    if "{" in rest or "}" in rest:
        problems.append("an unmatched `{` or `}` (write `{{` or `}}` for a literal brace)")
    return found, problems


def format_number(value: float, fmt: str | None = None) -> str:
    """A number in a quiz's prose: `engine.printing.number` (the one formatter) at 6 significant digits,
    or the author's `fmt`."""
    return number(float(value), QUIZ_DIGITS, fmt=fmt)


#: significant digits of a number in a quiz's prose (1.41421)
QUIZ_DIGITS = 6


def format_param(value: float, style: str = "plain", fmt: str | None = None, label: str | None = None) -> str:
    """A parameter in prose: plain `−3`, parenthesised `(−3)`, or as a signed term `− 3`."""
    text = label if label is not None else format_number(value, fmt)
    negative = value < 0 and text.startswith(MINUS)
    if style == "paren":
        return f"({text})" if negative or (label is not None and not _simple(text)) else text
    if style == "signed":
        return f"{MINUS} {text[1:]}" if negative else f"+ {text}"
    return text


def _simple(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9.]+|[A-Za-zα-ωπ]", text))


def fill(text: str, values: Mapping[str, float], labels: Mapping[str, str] | None = None,
         compute: Callable[[str, Mapping[str, float], str | None], str] | None = None) -> str:
    """Replace every placeholder; raises ValueError (author-facing) for an unknown name or bad `{= }`.

    `compute(expr, values, fmt)` prints an engine result; it is passed in so this module needs no engine.
    """
    labels = labels or {}

    def replace(m: re.Match[str]) -> str:
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        ph = parse_placeholder(m.group(1))
        if ph.expr is not None:
            if compute is None:
                raise ValueError("`{= …}` needs the engine")
            return compute(ph.expr, values, ph.fmt)
        if ph.name not in values:
            known = ", ".join(values) or "none"
            raise ValueError(f"`{{{ph.source}}}`: `{ph.name}` is not a parameter (parameters: {known})")
        label = labels.get(ph.name) if ph.fmt is None else None
        return format_param(values[ph.name], ph.style, ph.fmt, label=_pretty_label(label))

    out: list[str] = []
    last = 0
    for m in _TOKEN.finditer(text):
        out.append(text[last:m.start()])
        last = m.end()
        printed = replace(m)
        signed_one = printed in ("+ 1", MINUS + " 1")
        if m.group(1) is not None and signed_one and _COEFFICIENT_AFTER.match(text[last:]):
            printed = printed[:-1]  # {+a}x with a = −1 is − x
        elif m.group(1) is not None and _NUMBER.match(printed):
            printed, dot = _in_context(out, printed, text[last:])
            last += dot  # `{a}·x` with a = 1 is x, without its `·`
        elif m.group(1) is not None and printed.startswith(MINUS) and out and out[-1].endswith("+ "):
            out[-1] = out[-1][:-2] + MINUS + " "  # a + (−u …) is a − u …, whatever u is
            printed = printed[1:]
        out.append(printed)
    out.append(text[last:])
    return "".join(out)


# a number as printed (`3`, `−2.5`, `1.2×10⁻³`): the only substitutions whose sign can be folded
_NUMBER = re.compile(r"^−?\d+(?:\.\d+)?(?:×10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)?$")
_OPERATOR = re.compile(r"([+−-]) ?$")
_UNARY_BEFORE = re.compile(r"(?:^|[(\[=,:]|[(\[=,:] )$")
_COEFFICIENT_AFTER = re.compile(r"^(?:·?[A-Za-zα-ωπθλμσ√]|\()")


def _in_context(out: list[str], number: str, after: str) -> tuple[str, int]:
    """One printing path for numbers substituted into maths: `x − {a}` with a = −2 reads x + 2 (not
    x − −2), `+ {b}` with b = −9 reads − 9, `{c}y²` with c = 1 reads y² and with c = −1 reads −y².
    `out` (the text so far) may have its trailing operator flipped or dropped; returns the number to
    print and how many characters after the placeholder to skip (the `·` after a dropped 1)."""
    before = out[-1] if out else ""
    op = _OPERATOR.search(before)
    coefficient = _COEFFICIENT_AFTER.match(after) is not None and not before.endswith(("^", "_"))
    if op and number.startswith(MINUS):
        head = before[:op.start()]
        if _UNARY_BEFORE.search(head):  # = −{a}: the minus of a negative number
            out[-1] = head + ("" if op.group(1) in "−-" else MINUS)
        else:
            flipped = "+" if op.group(1) in "−-" else MINUS
            out[-1] = head + flipped + op.group(0)[1:]
        number = number[1:]
    if coefficient and number in ("1", MINUS + "1"):
        return number[:-1], int(after.startswith("·"))
    return number, 0


def printed_params(text: str, values: Mapping[str, float]) -> dict[str, float]:
    """The parameters as a text prints them (`{r:.3f}` with r = 0.62470 is 0.625; a plain `{r}` keeps 6
    significant figures): what a learner computes with. Parameters the text does not show are as drawn."""
    shown = dict(values)
    for m in _TOKEN.finditer(text):
        if m.group(1) is None:
            continue
        try:
            ph = parse_placeholder(m.group(1))
        except ValueError:
            continue
        if ph.name in values:
            value = float(values[ph.name])
            try:
                shown[ph.name] = float(format(value, ph.fmt or ".6g"))
            except ValueError:
                continue
    return shown


def _pretty_label(label: str | None) -> str | None:
    """A choice item as written (`pi/4`) shown as Unicode; plain numbers go through format_number."""
    if label is None:
        return None
    try:
        float(label.replace(MINUS, "-"))
        return None
    except ValueError:
        pass
    return unicode_of(label)


def unicode_of(text: str) -> str:
    """Maths as written (`pi/4`) shown in Unicode; text that does not parse is shown as it is."""
    try:
        return to_unicode(parse(text))
    except EngineError:
        return text

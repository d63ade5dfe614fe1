"""ASCII stand-ins for the tutor's Unicode maths and typography (terminals without Unicode, `--ascii`).

`asciify("f′(x) = 3x²·cos(θ) − √x")` gives `f'(x) = 3x^2*cos(theta) - sqrt(x)`; `asciify_markdown` does the
same to a lesson's Markdown without turning a product `a*b*c` into emphasis. Stdlib only; the `Tutor` calls
these so that screens never test for ASCII mode themselves.
"""

from __future__ import annotations

import re
import unicodedata

SYMBOLS = {
    # operators and relations
    "·": "*", "×": "*", "⋅": "*", "∙": "*", "∗": "*", "÷": "/", "⁄": "/", "∕": "/",
    "−": "-", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "--", "―": "--",
    "±": "+/-", "∓": "-/+", "≈": "~", "∼": "~", "≃": "~=", "≅": "~=", "∝": "~",
    "≠": "!=", "≤": "<=", "≥": ">=",
    "≪": "<<", "≫": ">>", "≡": "==", "∂": "d", "Σ": "sum", "∑": "sum", "Π": "prod", "∏": "prod",
    "∫": "integral", "∞": "inf", "∈": "in", "∉": "not in", "∀": "for all", "∃": "exists", "∅": "{}",
    "∧": "and", "∨": "or", "¬": "not ", "∘": "o", "⊥": "perp", "⟂": "perp", "∣": "|", "‖": "||",
    "⟨": "<", "⟩": ">", "°": " deg", "£": "GBP ", "€": "EUR ", "%": "%",
    # arrows
    "→": "->", "←": "<-", "↑": "^", "↓": "v", "↔": "<->",
    "⇒": "=>", "⇐": "<=", "⇔": "<=>", "↦": "|->",
    "↗": "NE", "↖": "NW", "↙": "SW", "↘": "SE",  # diagonals as compass letters (a `/` could be ↗ or ↙)
    "⟶": "-->", "⟵": "<--", "⟹": "==>",
    # typography
    "′": "'", "″": "''", "‴": "'''", "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"',
    "«": '"', "»": '"', "…": "...", "•": "*", "◆": "*", "※": "*", "✓": "OK", "✗": "X", "⚠": "!",
    "›": ">", "‹": "<", "▸": ">", "▶": ">", "⏎": "enter", "⇧": "shift",
    "⌫": "backspace", "⇥": "tab", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
    # plot markers and blocks (explorers draw some points with these)
    "●": "o", "○": "o", "◉": "@", "◐": "~", "■": "#", "□": "#", "▲": "^", "▼": "v", "★": "*", "✕": "x",
    "█": "#", "▓": "#", "▒": ":", "░": ".", "✛": "+", "☎": "P", "▪": "-", "‣": "-", "▚": ":",
    # a sparkline's eighths (low → high) and a bar's partial cells, one character each
    "▁": "_", "▂": ".", "▃": "-", "▄": "=", "▅": "+", "▆": "*", "▇": "#",
    "▏": " ", "▎": " ", "▍": ":", "▌": ":", "▋": ":", "▊": "#", "▉": "#",
    "∥": "||", "⊙": "o", "⟺": "<=>", "💡": "!", "🔎": ">",
    # matrix brackets drawn with bracket pieces, and box drawing in diagrams
    "⎡": "[", "⎢": "[", "⎣": "[", "⎤": "]", "⎥": "]", "⎦": "]",
    "⎛": "(", "⎜": "(", "⎝": "(", "⎞": ")", "⎟": ")", "⎠": ")",
}

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "µ": "mu",
    "ν": "nu", "ξ": "xi", "ο": "o", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau",
    "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Α": "A",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}

ROOTS = {"√": "sqrt", "∛": "cbrt", "∜": "root4"}
ACCENTS = {"\u0304": "bar", "\u0305": "bar", "\u0302": "hat", "\u0303": "tilde", "\u0307": "dot"}

_ROOT = "\x01"  # stands for a root sign until its argument is known
_TIMES = "\x02"  # stands for `*` until we know whether it must be escaped (Markdown)
_ROOT_ARG = re.compile(_ROOT + r"([a-z0-9]+)\x03(\d+(?:\.\d+)?|[A-Za-z][A-Za-z0-9_']*)?")
_CODE = re.compile(r"(`{3,}[\s\S]*?`{3,}|~{3,}[\s\S]*?~{3,}|`+[^`\n]*`+)")


def _script(ch: str) -> tuple[str, str] | None:
    """('^' or '_', the plain character) for a superscript or subscript character, else None."""
    parts = unicodedata.decomposition(ch).split()
    if len(parts) == 2 and parts[0] in ("<super>", "<sub>"):
        base = chr(int(parts[1], 16))
        base = SYMBOLS.get(base, base)  # `⁻` is a superscript MINUS SIGN
        return ("^" if parts[0] == "<super>" else "_"), base
    return None


def _script_run(kind: str, run: str) -> str:
    if kind == "_":
        if run.isdigit():
            return run  # x₁ → x1
        return "_" + (run if run.isalnum() else f"({run})")  # xᵢ → x_i, xₙ₊₁ → x_(n+1)
    if run.isdigit() or (len(run) == 1 and run.isalnum()) or (run.startswith("(") and run.endswith(")")):
        return "^" + run  # x²³ → x^23, eˣ → e^x, e⁽ˣ⁻¹⁾ → e^(x-1)
    return f"^({run})"  # x⁻¹ → x^(-1), eˣʸ → e^(xy)


def _char(ch: str) -> str:
    """One character that is neither ASCII nor a super/subscript."""
    if ch in SYMBOLS:
        return SYMBOLS[ch]
    if ch in ROOTS:
        return _ROOT + ROOTS[ch] + "\x03"
    if ch in GREEK:
        return GREEK[ch]
    if "\u2800" <= ch <= "\u28ff":  # braille dots of a plot
        return " " if ch == "\u2800" else "."
    name = unicodedata.name(ch, "")
    if name.startswith("BOX DRAWINGS"):
        horizontal, vertical = "HORIZONTAL" in name, "VERTICAL" in name
        if horizontal and not vertical and "AND" not in name:
            return "-"
        if vertical and not horizontal and "AND" not in name:
            return "|"
        return "+"
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if part.isascii():
            out.append(part)
        elif unicodedata.combining(part):
            out.append(ACCENTS.get(part, ""))  # ȳ → ybar, é → e
        elif part in SYMBOLS or part in GREEK:
            out.append(SYMBOLS.get(part) or GREEK[part])
        else:
            return "?"
    return "".join(out) if out else "?"


def asciify(text: str, *, times: str = "*", separators: bool = False) -> str:
    """Plain ASCII for Unicode maths and typography; anything unknown becomes `?`.

    A `·` is a product (`(1 − c/4) · (m/2)` in a lesson). With `separators`, for the app's own status
    lines, a spaced ` · ` between items (`Week 1 · Rise over run`) becomes ` - ` instead.
    """
    if text.isascii():
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isascii():
            out.append(ch)
            i += 1
            continue
        script = _script(ch)
        if script is not None:
            kind, run = script[0], [script[1]]
            i += 1
            while i < n and (more := _script(text[i])) is not None and more[0] == kind:
                run.append(more[1])
                i += 1
            out.append(_script_run(kind, "".join(run)))
            continue
        plain = _char(ch)
        if ch in GREEK:
            after = text[i + 1] if i + 1 < n else ""
            before = text[i - 1] if i else ""
            if (after.isascii() and after.isalpha()) or after in GREEK or after in ("∇", "∂", "√"):
                plain += " "  # λx → lambda x, λ∇g → lambda grad g, not lambdax or lambdagrad g
            if before.isascii() and (before.isalpha() or (before.isdigit() and plain[0].isupper())):
                plain = " " + plain  # 3Δx → 3 Delta x, xθ → x theta (but 2π → 2pi, ∂θ → dtheta)
        elif ch == "∇":
            after = text[i + 1] if i + 1 < n else ""
            plain = "grad" + (" " if (after.isascii() and after.isalnum()) or after in GREEK else "")
        elif separators and ch == "·" and text[i - 1:i] == " " and text[i + 1:i + 2] == " ":
            plain = "-"  # `step 3 · 5 min`: a separator between words, not a product
        elif plain == "*":
            plain = _TIMES
        out.append(plain)
        i += 1
    result = "".join(out)
    if _ROOT in result:
        # √x → sqrt(x), √2 → sqrt(2), √(1 + x²) → sqrt(1 + x^2)
        result = _ROOT_ARG.sub(lambda m: m[1] if m[2] is None else f"{m[1]}({m[2]})", result)
    return result.replace(_TIMES, times)


def asciify_markdown(markdown: str) -> str:
    """`asciify` for Markdown: a product sign outside code becomes `\\*`, never emphasis."""
    if markdown.isascii():
        return markdown
    parts = _CODE.split(markdown)
    return "".join((_code(part) if k % 2 else asciify(part, times=r"\*")) for k, part in enumerate(parts))


_RULE = re.compile(r"─{3,}\s*$")
_TOKENS = re.compile(r" +|[^ ]+")


def _code(code: str) -> str:
    """A code span or block. In a drawn fraction the bar `────` grows with its numerator or denominator
    (`Δx` became `Delta x`), so that it still spans them."""
    new = asciify(code)
    if "─" not in code:
        return new
    before, lines = code.split("\n"), new.split("\n")
    for i, line in enumerate(lines):
        if _RULE.search(before[i]):
            line = line.rstrip()
            wanted = max((len(lines[j].rstrip()) for j in (i - 1, i + 1) if 0 <= j < len(lines)), default=0)
            lines[i] = line + "-" * max(0, wanted - len(line))
    return "\n".join(lines)


def asciify_grid(pieces: list[str]) -> list[str]:
    """`asciify` for text laid out on a grid (a plot), given as consecutive pieces (one per colour run).

    Every line keeps its width: when a stand-in is longer than its character (`²` → `^2`), as many spaces
    after it on the same line are dropped, so the frame and the points to its right stay where they were.
    Box drawing becomes `+ - |`, one character for one."""
    out: list[str] = []
    debt = 0
    for piece in pieces:
        if piece.isascii() and not debt:
            out.append(piece)
            continue
        chars: list[str] = []
        for line_no, line in enumerate(piece.split("\n")):
            if line_no:
                chars.append("\n")
                debt = 0
            tokens = _TOKENS.findall(line)
            for k, token in enumerate(tokens):
                if token[0] == " ":
                    # Pay for longer stand-ins with spaces of a run (or at the end), never a word's only
                    # space.
                    room = len(token) if k + 1 == len(tokens) else len(token) - 1
                    pay = min(debt, room)
                    debt -= pay
                    chars.append(" " * (len(token) - pay))
                    continue
                # a word at a time, so runs stay together: w⁽¹⁾₀₀ → w^(1)00, λ∇g → lambda grad g
                plain = token if token.isascii() else asciify(token)
                if len(plain) < len(token):
                    plain += " " * (len(token) - len(plain))
                debt += len(plain) - len(token)
                chars.append(plain)
        out.append("".join(chars))
    return out

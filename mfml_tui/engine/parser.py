"""The tokenizer and parser for the one maths language of learners and authors.

Hand-written recursive descent; nothing typed ever reaches `eval`, `exec` or `compile`. Input length,
nesting depth and number sizes are bounded before any work is done.

How letters are read (the Unicode echo shows the learner exactly what was understood):
* a run of letters is split greedily into known words — function names (`sin`, `exp`, `sigmoid`…),
  author operations (`diff`, `grad`…), Greek letter names (`theta`, `lambda`…) and `pi` — and otherwise
  into single letters, each a variable: `xy` is x·y, `xsin(x)` is x·sin(x), `theta` is θ, `ex` is e·x;
* digits right after a letter are a subscript: `x1` is x₁ (also `x_1`, `x₁`);
* `e` alone is Euler's number and `e^u` is exp(u); `pi` and `π` are π;
* a function name without brackets takes the factors written side by side after it, up to `*`, `/` or
  the next function name: `sin 2x` is sin(2·x), `sin x cos x` is sin(x)·cos(x), `ln x / x` is
  (ln x)/x; `sin^2(x)` and `sin²x` are sin(x)²;
* `(a, b)` is the vector [a, b] (points are written as tuples in the lessons);
* `σ(…)` is the sigmoid function; `σ` (or `sigma`) on its own is the variable σ.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from mfml_tui.engine import build as b
from mfml_tui.engine.errors import EngineError, ParseError
from mfml_tui.engine.functions import ALIASES, FUNCTIONS
from mfml_tui.engine.tree import Call, Const, Expr, Mat, Num, Rel, Sym, Vec

MAX_LENGTH = 2000
MAX_DEPTH = 64
MAX_DIGITS = 40

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
    "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
}
GREEK_NAME = {v: k for k, v in GREEK.items()}

# Author-language operations; `author.compute` gives them meaning.
OPERATIONS = frozenset({
    "diff", "grad", "jacobian", "hessian", "taylor", "at", "det", "transpose", "dot", "norm",
    "matmul", "newton", "descend", "lagrange", "linfit", "chisquared", "entry", "sum", "max", "min",
    "stationary", "slip",
})

SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
                "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+", "⁽": "(", "⁾": ")"}
# Every lower-case letter but q has a superscript form in Unicode.
SUPERSCRIPT_LETTERS = dict(zip("ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", "abcdefghijklmnoprstuvwxyz", strict=True))
SUPERSCRIPT_CHARS = SUPERSCRIPTS | SUPERSCRIPT_LETTERS
_WHOLE = re.compile(r"-?[0-9]+")
_DIGITS_ONLY = re.compile(r"[0-9-]+")
SUBSCRIPTS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7",
              "₈": "8", "₉": "9"}
SYMBOLS = {"·": "*", "×": "*", "⋅": "*", "∗": "*", "−": "-", "–": "-", "÷": "/", "≠": "!=", "≤": "<=",
           "≥": ">=", "√": "√", "π": "pi", "′": "'"}
# Vulgar fractions (½, ¾, ⅓ …), which the tutor itself prints (½δᵀHδ, x^(−½)): each reads as (p/q).
VULGAR_FRACTIONS = {ch: tuple(unicodedata.normalize("NFKC", ch).split("\u2044"))
                    for ch in "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"}
FORBIDDEN = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
             "\u200e", "\u200f", "\u200b", "\ufeff"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num, name, op, sup, end
    text: str
    column: int


#: Words with a meaning of their own in the language (functions, operations, constants): a quiz parameter
#: may not take one of these names.
RESERVED_WORDS = frozenset(FUNCTIONS) | frozenset(ALIASES) | OPERATIONS | {"pi", "sqrt", "e"}


def _words() -> list[str]:
    words = (RESERVED_WORDS - {"e"}) | set(GREEK)
    return sorted((w for w in words if w.isascii()), key=len, reverse=True)


WORDS = _words()
# Longest word first: a regex alternation takes the first alternative that matches.
_ANY_WORD = re.compile("|".join(WORDS))
_PLAIN_WORD = re.compile("|".join(w for w in WORDS if w not in OPERATIONS))


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the input is too long ({len(text)} characters; the limit is {MAX_LENGTH})",
                         MAX_LENGTH + 1)
    if not text.isascii():
        text = "".join(_fold_width(c) for c in text)
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        col = i + 1
        unusual = not ch.isascii() or ch < " " or ch == "\x7f"  # only these can be control characters
        invisible = unusual and (ch in FORBIDDEN or unicodedata.category(ch) in ("Cc", "Cf"))
        if invisible and ch not in " \t\n\r":
            raise ParseError(f"unexpected invisible character U+{ord(ch):04X}", col)
        if ch.isspace():
            i += 1
            continue
        if ch in SUPERSCRIPT_CHARS:  # x², eˣ, xⁿ⁻¹: a run of superscripts is one exponent
            j = i
            while j < n and text[j] in SUPERSCRIPT_CHARS:
                j += 1
            plain = "".join(SUPERSCRIPT_CHARS[c] for c in text[i:j])
            if _DIGITS_ONLY.fullmatch(plain) and not _WHOLE.fullmatch(plain):
                raise ParseError("expected superscript digits", col)
            tokens.append(Token("sup", plain, col))
            i = j
            continue
        if ch in VULGAR_FRACTIONS:
            if tokens and tokens[-1].kind == "num":  # 1½ means 1 + ½ to a person but 1·½ to the grammar
                raise ParseError(f"write a mixed number such as {tokens[-1].text}{ch} with a plus sign: "
                                 f"{tokens[-1].text} + {'/'.join(VULGAR_FRACTIONS[ch])}", col)
            p, q = VULGAR_FRACTIONS[ch]
            tokens += [Token("op", "(", col), Token("num", p, col), Token("op", "/", col),
                       Token("num", q, col), Token("op", ")", col)]
            i += 1
            continue
        if ch in SYMBOLS:
            mapped = SYMBOLS[ch]
            if mapped == "pi":
                tokens.append(Token("name", "pi", col))
            else:
                tokens.append(Token("op", mapped, col))
            i += 1
            continue
        if ch in GREEK_NAME:
            name = GREEK_NAME[ch]
            if name == "sigma" and text[i + 1:].lstrip().startswith("("):
                name = "sigmoid"  # σ(z) is the sigmoid function; σ alone is a variable
            tokens.append(Token("name", name, col))
            i += 1
            continue
        if ch.isdigit() and ch.isascii() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and (text[j].isdigit() and text[j].isascii()):
                j += 1
            if j < n and text[j] == "." and j + 1 < n and text[j + 1].isdigit():
                j += 1
                while j < n and text[j].isdigit() and text[j].isascii():
                    j += 1
            literal = text[i:j]
            if text.startswith(("...", "…", ".…"), j):  # 1.333...: a person's "and so on"
                raise ParseError(f"'{literal}…' is not a number the engine can read: type the exact value "
                                 "(such as 4/3) or enough digits", col)
            if "." in literal and text.startswith(".", j) and text[j + 1:j + 2].isdigit():  # not 0.5·0.2
                raise ParseError("two decimal points in one number", j + 1)
            if len(literal.replace(".", "")) > MAX_DIGITS:
                raise ParseError(f"number too long (more than {MAX_DIGITS} digits)", col)
            tokens.append(Token("num", literal, col))
            i = j
            continue
        if ch.isascii() and ch.isalpha():
            j = i
            while j < n and text[j].isascii() and (text[j].isalpha()):
                j += 1
            rest = text[j:].lstrip()
            tokens.extend(_split_letters(text[i:j], col, rest.startswith("(")))
            i = j
            # subscripts: x1, x_1, x₁
            k = i
            if k < n and text[k] == "_" and k + 1 < n and text[k + 1].isdigit():
                k += 1
            m = k
            while m < n and (text[m] in SUBSCRIPTS or (text[m].isdigit() and text[m].isascii())):
                m += 1
            last = tokens[-1]
            if m > k and last.kind == "name" and len(last.text) == 1:
                sub = "".join(SUBSCRIPTS.get(c, c) for c in text[k:m])
                if len(sub) > 3:
                    raise ParseError("subscript too long", k + 1)
                tokens[-1] = Token("name", last.text + sub, last.column)
                i = m
            continue
        if ch in SUBSCRIPTS:
            raise ParseError("a subscript must follow a letter", col)
        two = text[i:i + 2]
        if two in ("**", "<=", ">=", "==", "!="):
            tokens.append(Token("op", "^" if two == "**" else two, col))
            i += 2
            continue
        if ch in "+-*/^()[],=<>":
            tokens.append(Token("op", ch, col))
            i += 1
            continue
        if ch == "|":
            raise ParseError("absolute value bars are not supported: write abs(…)", col)
        if ch == "_":
            raise ParseError("unexpected '_' (subscripts are written x_1 or x1)", col)
        raise ParseError(f"unexpected character '{ch}'", col)
    tokens.append(Token("end", "", n + 1))
    return tokens


def _fold_width(ch: str) -> str:
    """Full-width and other compatibility forms (ｘ, ２, ＋) read as their ASCII letter; one character
    stays one character so columns in messages stay right."""
    special = (SUPERSCRIPTS, SUPERSCRIPT_LETTERS, SUBSCRIPTS, SYMBOLS, GREEK_NAME)
    if ch.isascii() or any(ch in table for table in special):
        return ch
    norm = unicodedata.normalize("NFKC", ch)
    return norm if len(norm) == 1 and norm.isascii() else ch


def _split_letters(run: str, col: int, before_paren: bool) -> list[Token]:
    """Split a letter run into known words and single letters. Author operations (`at`, `dot`, `sum`…)
    count only as the last word of a run followed by '(' so that `2at` stays 2·a·t."""
    out: list[Token] = []
    i = 0
    while i < len(run):
        m = _ANY_WORD.match(run, i)
        if m and m.group() in OPERATIONS and not (before_paren and m.end() == len(run)):
            m = _PLAIN_WORD.match(run, i)
        word = m.group() if m else run[i]
        out.append(Token("name", word, col + i))
        i += len(word)
    return out


def _is_function(name: str) -> bool:
    return name in FUNCTIONS or name in ALIASES or name == "sqrt"


@functools.lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[Token, ...]:
    """`tokenize`, remembered for the last texts: a typed answer is parsed, then its symbols are read
    as typed (`typed_symbols`), and both read the same tokens (tokenizing was a tenth of grading)."""
    return tuple(tokenize(text))


class Parser:
    def __init__(self, text: str, offset: int = 0) -> None:
        self.tokens: Sequence[Token] = _tokens(text)
        if offset:  # a superscript run read on its own: columns stay those of the whole input
            self.tokens = [Token(t.kind, t.text, t.column + offset) for t in self.tokens]
        self.pos = 0
        self.tok = self.tokens[0]  # the current token (kept as an attribute: the parser's hottest read)
        self.depth = 0

    # helpers
    def take(self) -> Token:
        t = self.tok
        self.pos += 1
        if self.pos < len(self.tokens):
            self.tok = self.tokens[self.pos]
        return t

    def at_op(self, *ops: str) -> bool:
        tok = self.tok
        return tok.kind == "op" and tok.text in ops

    def expect(self, op: str, note: str = "") -> Token:
        if not self.at_op(op):
            found = "" if self.tok.kind == "end" else f", found '{self.tok.text}'"
            raise ParseError(f"expected '{op}'", self.tok.column, note + found)
        return self.take()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"too deeply nested (more than {MAX_DEPTH} levels)", self.tok.column)

    def leave(self) -> None:
        self.depth -= 1

    def starts_atom(self) -> bool:
        t = self.tok
        return t.kind in ("num", "name") or (t.kind == "op" and t.text in ("(", "[", "√"))

    # grammar
    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise ParseError("expected an expression but the input is empty", 1)
        e = self.relation()
        if self.tok.kind != "end":
            t = self.tok
            if t.kind == "op" and t.text in ")]":
                raise ParseError(f"unmatched '{t.text}'", t.column)
            if t.kind == "op" and t.text == ",":  # 3,5 or 3,004: a decimal comma or a thousands separator
                raise ParseError("unexpected ',': the decimal point is '.', numbers have no thousands "
                                 "separator, and commas separate entries only inside [a, b] or f(a, b)",
                                 t.column)
            raise ParseError(f"unexpected '{t.text}'", t.column)
        return e

    def relation(self) -> Expr:
        left = self.sum()
        if self.at_op("==", "!=", "<", "<=", ">", ">="):
            op = self.take().text
            right = self.sum()
            return Rel(op, left, right)
        return left

    def sum(self) -> Expr:
        self.enter()
        terms = [self.product()]
        while self.at_op("+", "-"):
            op = self.take().text
            t = self.product()
            terms.append(b.neg(t) if op == "-" else t)
        self.leave()
        return terms[0] if len(terms) == 1 else b.add(*terms)

    def product(self) -> Expr:
        factors = [self.unary()]
        while True:
            if self.at_op("*", "/"):
                op = self.take().text
                f = self.unary()
                factors.append(b.div(b.ONE, f) if op == "/" else f)
            elif self.starts_atom():
                factors.append(self.power())
            else:
                break
        return factors[0] if len(factors) == 1 else b.mul(*factors)

    def juxtaposed(self) -> Expr:
        """The argument of a function written without brackets: the factors that follow it side by side
        (a number, a letter run, a power), up to `*`, `/` or the next function name. So `sin 2x` is
        sin(2·x) and `sin x cos x` is sin(x)·cos(x), but `ln x / x` is (ln x)/x, as in print."""
        factors = [self.power()]
        while self.starts_atom() and not self._at_function_name():
            factors.append(self.power())
        return factors[0] if len(factors) == 1 else b.mul(*factors)

    def _at_function_name(self) -> bool:
        return self.tok.kind == "name" and (_is_function(self.tok.text) or self.tok.text in OPERATIONS)

    def unary(self) -> Expr:
        if self.at_op("-", "+"):
            op = self.take().text
            self.enter()
            inner = self.unary()
            self.leave()
            return b.neg(inner) if op == "-" else inner
        return self.power()

    def power(self) -> Expr:
        base = self.postfix()
        if self.at_op("^"):
            self.take()
            self.enter()
            exponent = self.unary()  # right-associative: 2^3^2 = 2^(3^2); 2^-1 allowed
            self.leave()
            return b.power(base, exponent)
        return base

    def postfix(self) -> Expr:
        e = self.atom()
        if self.tok.kind == "sup":
            e = b.power(e, self.superscript(self.take()))
        return e

    def superscript(self, tok: Token) -> Expr:
        """The exponent a superscript run stands for: `²` is 2, `ⁿ⁻¹` is n − 1 (read as its own small
        expression, with columns in errors counted in the whole input)."""
        if _WHOLE.fullmatch(tok.text):
            return Num(int(tok.text))
        inner = Parser(tok.text, offset=tok.column - 1)
        inner.depth = self.depth
        return inner.parse()

    def atom(self) -> Expr:
        t = self.tok
        if t.kind == "num":
            self.take()
            value = Fraction(t.text) if "." in t.text else int(t.text)
            return b.num(float(value) if "." in t.text else value)
        if t.kind == "op" and t.text == "(":
            self.take()
            self.enter()
            items = [self.relation()]
            while self.at_op(","):  # (0, −1): a point written as a tuple is a vector
                self.take()
                items.append(self.relation())
            self.leave()
            self.expect(")", f"to close the '(' at column {t.column}")
            return items[0] if len(items) == 1 else self._vector(items, t)
        if t.kind == "op" and t.text == "[":
            return self.bracket()
        if t.kind == "op" and t.text == "√":
            self.take()
            self.enter()
            inner = self.postfix()
            self.leave()
            return b.sqrt(inner)
        if t.kind == "name":
            return self.name()
        if t.kind == "end":
            raise ParseError("expected a number, a variable or '(' but the input ended", t.column)
        if t.kind == "sup":
            raise ParseError("a superscript needs something before it", t.column)
        raise ParseError(f"expected a number, a variable or '(' but found '{t.text}'", t.column)

    def bracket(self) -> Expr:
        open_tok = self.take()
        self.enter()
        items = [self.relation()]
        while self.at_op(","):
            self.take()
            items.append(self.relation())
        self.expect("]", f"to close the '[' at column {open_tok.column}")
        self.leave()
        return self._vector(items, open_tok)

    def _vector(self, items: list[Expr], open_tok: Token) -> Expr:
        if all(isinstance(i, Vec) for i in items):
            lengths = {len(i.items) for i in items}
            if len(lengths) != 1:
                raise ParseError("every row of a matrix needs the same number of entries", open_tok.column)
            return Mat(tuple(i.items for i in items))
        if any(isinstance(i, (Vec, Mat)) for i in items):
            raise ParseError("a vector's entries must be numbers or expressions, not vectors",
                             open_tok.column)
        return Vec(tuple(items))

    def name(self) -> Expr:
        t = self.take()
        word = t.text
        if word in OPERATIONS:
            if not self.at_op("("):
                raise ParseError(f"expected '(' after {word}", self.tok.column)
            return self.call(word)
        if _is_function(word):
            return self.function(word, t)
        if word == "pi":
            return Const("pi")
        if word == "e":
            return Const("e")
        return Sym(word)

    def function(self, word: str, t: Token) -> Expr:
        name = ALIASES.get(word, word)
        exponent: Expr | None = None
        if self.tok.kind == "sup" and _WHOLE.fullmatch(self.tok.text):  # sin²(x)
            exponent = Num(int(self.take().text))
        elif self.at_op("^") and self.tokens[self.pos + 1].kind == "num" and self._argument_after_number():
            self.take()  # sin^2(x), sin^2 x
            exponent = Num(int(self.take().text))
        if self.at_op("("):
            open_tok = self.take()
            self.enter()
            arg = self.relation()
            self.leave()
            if self.at_op(","):
                raise ParseError(f"{word} takes one argument", self.tok.column)
            self.expect(")", f"to close the '(' at column {open_tok.column}")
        elif self.starts_atom() or self.at_op("-"):
            self.enter()
            arg = self.unary() if self.at_op("-") else self.juxtaposed()
            self.leave()
        else:
            raise ParseError(f"expected the argument of {word}", self.tok.column)
        result = b.sqrt(arg) if name == "sqrt" else b.func(name, arg)
        return b.power(result, exponent) if exponent is not None else result

    def _argument_after_number(self) -> bool:
        """`sin^2` followed by an argument: the power belongs to the function (sin²)."""
        nxt = self.tokens[self.pos + 1]
        after = self.tokens[self.pos + 2]
        starts = after.kind in ("name", "num") or (after.kind == "op" and after.text in ("(", "√"))
        return nxt.text.isdigit() and starts

    def call(self, word: str) -> Expr:
        open_tok = self.take()
        self.enter()
        args: list[Expr] = []
        kwargs: list[tuple[str, Expr]] = []
        if not self.at_op(")"):
            while True:
                if (self.tok.kind == "name" and self.tokens[self.pos + 1].kind == "op"
                        and self.tokens[self.pos + 1].text == "="):
                    key = self.take().text
                    self.take()
                    kwargs.append((key, self.relation()))
                else:
                    if kwargs:
                        raise ParseError("positional arguments must come before name=value ones",
                                         self.tok.column)
                    args.append(self.relation())
                if not self.at_op(","):
                    break
                self.take()
        self.expect(")", f"to close the '(' at column {open_tok.column}")
        self.leave()
        return Call(word, tuple(args), tuple(kwargs))


def parse(text: str) -> Expr:
    """Parse learner or author text into a tree; raises ParseError with a 1-based column."""
    if not isinstance(text, str):
        raise ParseError("expected text", 1)
    return _parse(text)


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> Expr:
    """Trees are immutable, so a text parsed once (a lesson's answer, its placeholders) is shared."""
    try:
        return Parser(text).parse()
    except RecursionError:
        raise ParseError(f"too deeply nested (more than {MAX_DEPTH} levels)", 1) from None
    except ParseError:
        raise
    except EngineError as exc:  # e.g. a vector raised to a power
        raise ParseError(str(exc), 1) from None


def typed_symbols(text: str) -> set[str]:
    """The variables as typed, before simplification: `d/dx(sin(x^2))` has d and x even though d·d⁻¹
    cancels in the tree. Graders check unknown symbols on this set. Raises ParseError like `parse`."""
    return set(_typed_symbols(text))


@functools.lru_cache(maxsize=4096)
def _typed_symbols(text: str) -> frozenset[str]:
    """Remembered per text (like `_parse`): the grader reads the same typed answers and placeholders
    for every seed, and tokenizing them again cost more than grading them."""
    names: set[str] = set()
    for tok in _tokens(text):
        if tok.kind == "sup":
            if not _DIGITS_ONLY.fullmatch(tok.text):
                names |= _typed_symbols(tok.text)
        elif tok.kind == "name" and not (_is_function(tok.text) or tok.text in OPERATIONS
                                         or tok.text in ("pi", "e")):
            names.add(tok.text)
    return frozenset(names)


_LETTER_RUN = re.compile(r"[A-Za-z]+")
LONG_RUN = 3  # this many single letters in a row is more likely a word than a product


def check_letter_runs(text: str) -> None:
    """Strict reading for `mfml-tui eval`: a run of three or more letters that is not made of known
    names (`import`, `else`, `xyz`) is an error suggesting `*`, not a product of seven variables.
    Learners' answer boxes keep the lenient reading (`xy` is x·y) and echo it."""
    for m in _LETTER_RUN.finditer(text):
        run = m.group()
        singles = 0
        for tok in _split_letters(run, m.start() + 1, text[m.end():].lstrip().startswith("(")):
            singles = singles + 1 if len(tok.text) == 1 else 0
            if singles >= LONG_RUN:
                spaced = "*".join(run) if len(run) <= 8 else "x*y*z"
                raise ParseError(f"`{run}` is not a known name; to multiply letters write {spaced}",
                                 m.start() + 1)

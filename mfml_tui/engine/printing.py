"""Printing trees as Unicode maths (for the screen) and as plain ASCII (which parses back to the same tree).

Negative powers are written as fractions (`eˣ/x`, `−1/x²`), `u^(1/2)` as `√u`, exponents made only of
letters, digits, + and − as superscripts (`xⁿ⁻¹`; others keep `x^(1/3)`), `exp(u)` as `eᵘ` for a single
letter or whole number and `e^(…)` otherwise (its argument is usually long: `e^(−x²/2)`), whole powers of
trig functions as `sin²(x)`, and products with `·`, so the learner sees unambiguously how their input was
read. Everything the Unicode form raises, the parser reads back.
"""

from __future__ import annotations

from fractions import Fraction

from mfml_tui.engine.functions import FUNCTIONS
from mfml_tui.engine.memo import Memo
from mfml_tui.engine.parser import GREEK, MAX_DIGITS, SUBSCRIPTS, SUPERSCRIPT_CHARS, SUPERSCRIPTS
from mfml_tui.engine.tree import Add, Call, Const, Expr, Func, Mat, Mul, Num, Pow, Rel, Sym, Vec

# The one digit table (the parser's, read backwards): `str(n).translate(SUP)` → ⁻¹², `SUB` → ₁₂,
# `FROM_SUP` back to 0-9 and -.
SUP = str.maketrans({plain: sup for sup, plain in SUPERSCRIPTS.items() if plain in "0123456789-"})
SUB = str.maketrans({plain: sub for sub, plain in SUBSCRIPTS.items()})
FROM_SUP = str.maketrans({sup: plain for sup, plain in SUPERSCRIPTS.items() if plain in "0123456789-"})
# What an exponent may be made of to print raised: letters, digits, + and − (the parser reads these runs
# back; brackets are left out, so a function call or a grouped product keeps `^(…)`).
TO_SUP = {plain: sup for sup, plain in SUPERSCRIPT_CHARS.items() if plain not in "()"} | {"−": "⁻"}
SUP_LETTERS = {plain: sup for plain, sup in TO_SUP.items() if plain.isalpha()}
MAX_SUP = 5  # xⁿ⁻¹ and aᵇ⁺ᶜ read well; longer raised runs are hard to read in a terminal
REL_UNICODE = {"!=": "≠", "<=": "≤", ">=": "≥", "==": "=", "<": "<", ">": ">"}

PREC_ADD, PREC_MUL, PREC_POW, PREC_ATOM = 1, 2, 4, 5


def times_ten(mantissa: str, exponent: int) -> str:
    """`1.729×10⁻¹²`: scientific notation without `e`, which is Euler's number in our maths language."""
    return f"{mantissa}×10{str(exponent).translate(SUP)}"


#: a value this many times smaller than the numbers it is computed with or shown among is round-off (prints 0)
ROUND_OFF = 1e-9


def number(v, digits: int = 4, scale: float = 0.0, fmt: str | None = None) -> str:
    """The one formatter for numbers on screen (plots, explorers, tables, quiz prompts): `digits`
    significant digits, a real minus sign, no "-0", never e-notation (`e` is Euler's number here:
    `2.15×10⁻⁵`).

    `scale` is the size of the numbers `v` is computed with or shown among (a plot window, a column,
    f(x₀)): a value ROUND_OFF times smaller is round-off and prints as 0 (∇f = (5.65×10⁻¹⁴, 0) is 0).
    `fmt` is an author's format spec for a quiz parameter (`.2f` prints 2.50); its e-notation, if
    any, is written ×10ⁿ as well.
    """
    import math

    if v is None:
        return "—"
    v = float(v)
    if math.isnan(v):
        return "undefined"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if fmt:
        try:
            text = format(v, fmt)
        except ValueError:  # an author's spec that is not a float format: the digits rule instead
            return number(v, digits, scale)
        if "e" in text:
            mant, exp = text.split("e")
            text = times_ten(mant, int(exp))
        return text.replace("-", "−")
    a = abs(v)
    if a == 0 or (math.isfinite(scale) and a <= ROUND_OFF * abs(scale)):
        return "0"
    if not 1e-4 <= a < 10 ** (digits + 2):
        mant, exp = f"{v:.{max(1, digits - 1)}e}".split("e")
        if "." in mant:
            mant = mant.rstrip("0").rstrip(".")
        return times_ten(mant, int(exp)).replace("-", "−")
    s = f"{v:.{digits}g}"
    if "e" in s:  # 3283.7 at 3 digits: 3284, not 3.28e+03
        s = f"{v:.0f}"
    elif "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", "0"):
        return "0"
    return s.replace("-", "−")


def format_number(value, ascii_only: bool = False) -> str:
    """Whole numbers without `.0`; floats to 12 significant figures; fractions as p/q.

    What is printed here is read back by the parser (answers, steps, `lessons check`), so a number it
    would refuse or misread is written `m·10ⁿ` instead: a whole number or either side of a fraction over
    the parser's MAX_DIGITS digits (exact folding makes them: (1/2.3·10²²)² + 1 has 45), and a float
    whose plain decimal would be too long (10³⁰⁰) or lose its digits (1.23456789·10⁻¹³ as 0.000000000000123).
    """
    minus = "-" if ascii_only else "−"
    if isinstance(value, Fraction):
        if _too_long(value.numerator) or _too_long(value.denominator):
            return _scientific(value, ascii_only)
        s = f"{abs(value.numerator)}/{value.denominator}"
        return (minus + s) if value < 0 else s
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return ("" if value > 0 else minus) + ("inf" if ascii_only else "∞")
        if value == int(value) and abs(value) < 1e15:
            value = int(value)
        else:
            text = f"{value:.12g}"
            if "e" in text:  # no e-notation: `e` is Euler's number in our language
                text = f"{value:.15f}".rstrip("0").rstrip(".")
                plain = float(text)
                if _too_long(text) or abs(plain - value) > 1e-12 * abs(value):
                    return _scientific(value, ascii_only)
            return text.replace("-", minus)
    if _too_long(value):
        return _scientific(value, ascii_only)
    s = str(abs(value))
    return (minus + s) if value < 0 else s


def _too_long(value: int | str) -> bool:
    """More digits than the parser reads in one number."""
    digits = str(value).lstrip("-").replace(".", "")
    return len(digits) > MAX_DIGITS


def _scientific(value, ascii_only: bool) -> str:
    """`1.23456789·10⁴⁵` (ASCII `1.23456789*10^45`, `…*10^(-45)`) to 12 significant figures, computed
    exactly (a 400-digit whole number is past any float); a plain decimal between 10⁻⁴ and 10¹²."""
    from decimal import Decimal, localcontext

    with localcontext() as context:
        context.prec = 12
        exact = (Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction)
                 else +Decimal(value))
    sign = ("-" if ascii_only else "−") if value < 0 else ""
    mantissa, exponent = f"{abs(exact):.11e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = int(exponent)
    if -4 <= power < 12:  # a fraction of long numbers near 1 reads best as the decimal: 1.00000000001
        return sign + f"{float(abs(exact)):.12g}"
    if ascii_only:
        return f"{sign}{mantissa}*10^{power if power >= 0 else f'({power})'}"
    return f"{sign}{mantissa}·10{str(power).translate(SUP)}"


class Printer:
    def __init__(self, ascii_only: bool) -> None:
        self.ascii = ascii_only
        self.minus = "-" if ascii_only else "−"
        self.times = "*" if ascii_only else "·"

    def print(self, e: Expr) -> str:
        return self.show(e)[0]

    # Each `show` returns (text, precedence of its top-level operator).
    def show(self, e: Expr) -> tuple[str, int]:
        if isinstance(e, Num):
            v = e.value
            text = format_number(v, self.ascii)
            if v < 0:
                return text, PREC_ADD
            if isinstance(v, Fraction) or self.times in text:  # p/q and m·10ⁿ bind as a product
                return text, PREC_MUL
            return text, PREC_ATOM
        if isinstance(e, Const):
            return ("pi" if self.ascii else "π") if e.name == "pi" else "e", PREC_ATOM
        if isinstance(e, Sym):
            return self.symbol(e.name), PREC_ATOM
        if isinstance(e, Add):
            return self.add(e), PREC_ADD
        if isinstance(e, Mul):
            return self.mul(e)
        if isinstance(e, Pow):
            return self.pow(e)
        if isinstance(e, Func):
            return self.func(e), PREC_ATOM
        if isinstance(e, Vec):
            return "[" + ", ".join(self.print(i) for i in e.items) + "]", PREC_ATOM
        if isinstance(e, Mat):
            rows = ("[" + ", ".join(self.print(i) for i in row) + "]" for row in e.rows)
            return "[" + ", ".join(rows) + "]", PREC_ATOM
        if isinstance(e, Rel):
            op = e.op if self.ascii else REL_UNICODE[e.op]
            return f"{self.print(e.left)} {op} {self.print(e.right)}", 0
        if isinstance(e, Call):
            parts = [self.print(a) for a in e.args] + [f"{k}={self.print(v)}" for k, v in e.kwargs]
            return f"{e.name}({', '.join(parts)})", PREC_ATOM
        raise TypeError(f"cannot print {e!r}")

    def symbol(self, name: str) -> str:
        letters = name.rstrip("0123456789")
        digits = name[len(letters):]
        if self.ascii:
            return name
        return GREEK.get(letters, letters) + digits.translate(SUB)

    def wrap(self, e: Expr, above: int) -> str:
        text, prec = self.show(e)
        return f"({text})" if prec <= above else text

    def add(self, e: Add) -> str:
        """Terms in built order, except that a sum never opens with a minus when it need not
        (`1 − σ(z)` rather than `−σ(z) + 1`)."""
        texts = [self.show(t)[0] for t in e.terms]
        first_positive = next((i for i, t in enumerate(texts) if not t.startswith(self.minus)), 0)
        order = [first_positive] + [i for i in range(len(texts)) if i != first_positive]
        out = ""
        for i, term in enumerate(e.terms[k] for k in order):
            text, _ = self.show(term)
            negative = text.startswith(self.minus)
            if i == 0:
                out = text
            elif negative:
                out += f" {self.minus} " + text[len(self.minus):]
            else:
                out += " + " + text
        return out

    def mul(self, e: Mul) -> tuple[str, int]:
        numer: list[Expr] = []
        denom: list[Expr] = []
        coeff = None
        for f in e.factors:
            if isinstance(f, Num) and coeff is None:
                coeff = f.value
            elif isinstance(f, Pow) and isinstance(f.exp, Num) and f.exp.value < 0:
                inv = -f.exp.value
                denom.append(f.base if inv == 1 else Pow(f.base, Num(inv)))
            else:
                numer.append(f)
        sign = ""
        if coeff is not None:
            if coeff < 0:
                sign, coeff = self.minus, -coeff
            if isinstance(coeff, Fraction):
                if coeff.numerator != 1:
                    numer.insert(0, Num(coeff.numerator))
                denom.insert(0, Num(coeff.denominator))
            elif coeff != 1:
                numer.insert(0, Num(coeff))
        top = self.join(numer) if numer else "1"
        if not denom:
            return sign + top, PREC_MUL if not sign else PREC_ADD
        bottom = f"({self.join(denom)})" if len(denom) > 1 else self.wrap(denom[0], PREC_POW - 1)
        return f"{sign}{top}/{bottom}", PREC_MUL if not sign else PREC_ADD

    def join(self, factors: list[Expr]) -> str:
        parts = []
        for f in factors:
            text, prec = self.show(f)
            parts.append(f"({text})" if prec < PREC_MUL or (prec == PREC_MUL and len(factors) > 1
                                                             and isinstance(f, Num)) else text)
        return self.times.join(parts)

    def pow(self, e: Pow) -> tuple[str, int]:
        base, exp = e.base, e.exp
        if isinstance(exp, Num) and exp.value < 0:
            return self.mul(Mul((Num(1), e)))
        if isinstance(exp, Num) and exp.value == Fraction(1, 2):
            inner, prec = self.show(base)
            root = "sqrt" if self.ascii else "√"
            return (f"{root}({inner})" if prec < PREC_ATOM or self.ascii else f"{root}{inner}"), PREC_ATOM
        # a whole exponent is raised (x², sin²(x)) unless it is too long to read: x^(1·10⁴⁵)
        raised_whole = (isinstance(exp, Num) and isinstance(exp.value, int) and not self.ascii
                        and not _too_long(exp.value))
        if raised_whole and isinstance(base, Func) and FUNCTIONS[base.name].superscript_power:
            return (f"{FUNCTIONS[base.name].unicode}{str(exp.value).translate(SUP)}({self.print(base.arg)})",
                    PREC_ATOM)
        base_text = self.wrap(base, PREC_POW)
        if isinstance(base, Num) and (base.value < 0 or isinstance(base.value, Fraction)):
            base_text = f"({self.show(base)[0]})"
        if not self.ascii and base_text[-1] in SUPERSCRIPT_CHARS:
            base_text = f"({base_text})"  # (eˣ)ⁿ: two raised runs side by side would read as one
        if raised_whole:
            return base_text + str(exp.value).translate(SUP), PREC_POW
        exp_text, exp_prec = self.show(exp)
        raised = None if self.ascii else superscript(exp_text)
        if raised is not None:
            return base_text + raised, PREC_POW
        if exp_prec < PREC_ATOM:
            exp_text = f"({exp_text})"
        return f"{base_text}^{exp_text}", PREC_POW

    def func(self, e: Func) -> str:
        if e.name == "exp" and not self.ascii:
            arg = e.arg
            if isinstance(arg, Sym) and arg.name in SUP_LETTERS:
                return "e" + SUP_LETTERS[arg.name]
            if isinstance(arg, Num) and isinstance(arg.value, int):
                return "e" + str(arg.value).translate(SUP)
            return f"e^({self.print(arg)})"
        name = e.name if self.ascii else FUNCTIONS[e.name].unicode
        return f"{name}({self.print(e.arg)})"


def superscript(text: str) -> str | None:
    """`n − 1` → `ⁿ⁻¹`; None when some character has no superscript form or the run is too long."""
    plain = text.replace(" ", "")
    if len(plain) > MAX_SUP or not all(c in TO_SUP for c in plain):
        return None
    return "".join(TO_SUP[c] for c in plain)


UNICODE = Printer(ascii_only=False)
ASCII = Printer(ascii_only=True)


def to_unicode(e: Expr) -> str:
    return _printed(UNICODE, e)


def to_ascii(e: Expr) -> str:
    return _printed(ASCII, e)


# The same tree objects are printed again and again (a remembered answer and its mistakes for every
# seed `lessons check` grades; a parsed text is one shared tree), so the text is remembered per tree
# *object*: equal trees may print differently (2 and 2.0), one object always prints the same. Each
# entry holds its tree, so an id is never reused while remembered; few entries, so memory stays flat.
_PRINTED: Memo[tuple[Expr, str]] = Memo(512)


def _printed(printer: Printer, e: Expr) -> str:
    key = (printer.ascii, id(e))
    found = _PRINTED.get(key)
    if found is not None and found[0] is e:
        return found[1]
    text = printer.print(e)
    _PRINTED.put(key, (e, text))
    return text

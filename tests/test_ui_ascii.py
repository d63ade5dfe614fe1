"""ASCII mode (`--ascii`, `LANG=C`): transliteration of lesson text and maths, and a lesson on screen with no
character outside ASCII (answer echo in the engine's ASCII form, prose, quiz, borders, footer)."""

from __future__ import annotations

import pytest

from mfml_tui.ui.ascii import asciify, asciify_grid, asciify_markdown
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    make_app,
    press,
    quiet_textual,
    ready,
    screen_text,
    type_text,
    wait_for,
    wait_text,
)


@pytest.mark.parametrize(("text", "plain"), [
    ("Bring the exponent down: d/dx xⁿ = n·xⁿ⁻¹.", "Bring the exponent down: d/dx x^n = n*x^(n-1)."),
    ("f′(x) = 3x²·cos(θ) − √x", "f'(x) = 3x^2*cos(theta) - sqrt(x)"),
    ("x²³ and eˣ and e⁽ˣ⁻¹⁾ and Aᵀ", "x^23 and e^x and e^(x-1) and A^T"),
    ("x₁ + x₂ and yᵢ", "x1 + x2 and y_i"),
    ("∇f = (∂f/∂x, ∂f/∂y)", "grad f = (df/dx, df/dy)"),
    ("χ² ≈ 3.2 ≠ 4, a ≤ b ≥ c, 2π, ∞", "chi^2 ~ 3.2 != 4, a <= b >= c, 2pi, inf"),
    ("λx and 3Δx, σ and Σᵢ yᵢ", "lambda x and 3 Delta x, sigma and sum_i y_i"),
    ("x → 0, ← ↑ ↓", "x -> 0, <- ^ v"),
    ("∇f = λ∇g, a dip ↗ 0.62 or ↙ 1.00, λμ", "grad f = lambda grad g, a dip NE 0.62 or SW 1.00, lambda mu"),
    ("√(1 + x²) and √2 × 3", "sqrt(1 + x^2) and sqrt(2) * 3"),
    ("“Quoted” — and ‘single’ – dash…", '"Quoted" -- and \'single\' - dash...'),
    ("ȳ = mean, ŷ = fit, café", "ybar = mean, yhat = fit, cafe"),
    ("emoji 😀 stays visible as ?", "emoji ? stays visible as ?"),
    ("dH/dc · dc/dm = (1 − c/4) · (m/2)", "dH/dc * dc/dm = (1 - c/4) * (m/2)"),
])
def test_asciify_lesson_lines(text, plain):
    assert asciify(text) == plain
    assert asciify(text).isascii()


def test_a_spaced_dot_is_a_separator_only_in_the_apps_own_status_lines():
    assert asciify("Rise over run · step 3/6", separators=True) == "Rise over run - step 3/6"
    assert asciify("──  =  ── · ──") == "--  =  -- * --"  # a lesson's drawn chain rule


def test_asciify_markdown_escapes_products_outside_code_only():
    md = "Area a·b·c, not emphasis; `a·b` in code.\n\n```\nx·y\n```\n"
    assert asciify_markdown(md) == "Area a\\*b\\*c, not emphasis; `a*b` in code.\n\n```\nx*y\n```\n"


def test_asciify_markdown_keeps_drawn_fractions_spanning():
    md = "```\n        f(x + Δx) − f(x)\nslope = ────────────────\n              Δx\n```"
    lines = asciify_markdown(md).split("\n")
    assert lines[1] == "        f(x + Delta x) - f(x)"
    assert lines[2] == "slope = " + "-" * (len(lines[1]) - len("slope = "))


def test_asciify_grid_keeps_every_line_width():
    pieces = ["┌──────────────┐\n│ ** f = 5·x²  │\n", "└────┴", "─────────┘"]
    out = asciify_grid(pieces)
    joined = "".join(out)
    assert joined.isascii()
    assert [len(line) for line in joined.split("\n")] == [16, 16, 16]
    assert "5*x^2 |" in joined
    assert [len(p) for p in out] == [len(p) for p in pieces]  # colour runs stay where they were


async def test_lesson_and_quiz_in_ascii_mode(tmp_path, monkeypatch):
    from textual.scrollbar import ScrollBar

    from mfml_tui.ui.app import AsciiScrollBarRender

    monkeypatch.setattr(ScrollBar, "renderer", AsciiScrollBarRender)  # what `TutorApp.run` does
    app = make_app(tmp_path, ascii_only=True, start_lesson="t1-practice")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_text(pilot, "Power rule")
        text = screen_text(app)
        assert "x^n = n*x^(n-1)" in text  # the prose, transliterated
        await wait_for(pilot, lambda: app.screen.visible_cards(), what="the quiz")
        # every button names its key, Check too (it dropped its ⏎ and named none)
        assert "Check enter" in screen_text(app) and "Hint ^t" in screen_text(app)
        await press(pilot, "a")
        await type_text(pilot, "2x^4")
        text = await wait_text(pilot, "understood as")
        assert "understood as  2*x^4" in text  # the engine's own ASCII form
        await press(pilot, "enter")
        await press(pilot, "ctrl+t", "ctrl+o")
        await wait_text(pilot, "Solution:")
        card = app.screen.visible_cards()[0]
        card.query_one(".quiz-solution").scroll_visible(animate=False)
        await pilot.pause()
        text = screen_text(app)
        assert "f'(x) = " in text
        bad = sorted({ch for ch in text if not ch.isascii()})
        assert not bad, f"non-ASCII on screen: {bad}\n{text}"
        # The step header, the footer's keys and a notification are ASCII too.
        app.notify("You finished “Practice” — well done…")
        await press(pilot, "escape", "right")  # leave the answer box, next step
        await wait_text(pilot, "Step 2/3")
        text = screen_text(app)
        bad = sorted({ch for ch in text if not ch.isascii()})
        assert not bad, f"non-ASCII on screen: {bad}\n{text}"

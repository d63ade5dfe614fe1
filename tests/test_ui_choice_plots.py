"""A `show = "plots"` question in the lesson's variable: the quiz card draws its options in t and every
mini plot's caption says so (the issue: captions saying x where the text says t)."""

from __future__ import annotations

from tests.test_course_loader import FRONT, make_course
from tests.test_ui_support import (  # noqa: F401 — quiet_textual is an autouse fixture
    make_app,
    quiet_textual,
    ready,
    screen_text,
    wait_for,
)

TEA = FRONT + '''## Tea
```quiz
id = "q-tea"
kind = "choice"
ask = "A cup of tea cools in a room at {R} °C. Which graph shows its temperature T(t)?"
params = { R = "int 16..24" }
choices = ["R + (90 - R)*e^(-t/3)", "90 - (90 - R)*t/6", "90*e^(-t/3)"]
answer = "R + (90 - R)*e^(-t/3)"
show = "plots"
variables = ["t"]
x = [0, 12]
```
'''


async def test_the_quiz_card_draws_options_in_t_and_names_t(tmp_path):
    root = make_course(tmp_path, {"01-a.md": TEA})
    app = make_app(tmp_path, lessons=root, start_lesson="w1-test")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: app.screen.query(".choice-plot"), what="the mini plots")
        plots = list(app.screen.query(".choice-plot"))
        assert len(plots) == 3
        assert all(p.spec.options.get("variable") == "t" for p in plots)
        await wait_for(pilot, lambda: screen_text(app).count("against t") == 3, what="three captions in t")
        assert "does not draw" not in screen_text(app) and "unknown name" not in screen_text(app)

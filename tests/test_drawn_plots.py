"""The drawn-plot records (ui/widgets/drawn.py): keyed by all a drawing depends on, bounded, and never a
reason to fail (a bad or missing file is simply the live plot)."""

from __future__ import annotations

from pathlib import Path

from mfml_tui.course.model import Location, PlotSpec
from mfml_tui.ui.widgets import drawn

SPEC = PlotSpec("function", {"f": "x^2", "x": [-2, 2]}, Location(Path("a.md"), 3))


def test_a_record_is_keyed_by_everything_the_drawing_depends_on() -> None:
    name = drawn.record_name(SPEC, "dot", "textual-dark", False)
    same = PlotSpec("function", {"x": [-2, 2], "f": "x^2"}, Location(Path("b.md"), 9))  # where: no matter
    assert drawn.record_name(same, "dot", "textual-dark", False) == name
    others = [
        drawn.record_name(PlotSpec("function", {"f": "x^2 - 1", "x": [-2, 2]}, SPEC.location), "dot",
                          "textual-dark", False),
        drawn.record_name(SPEC, "braille", "textual-dark", False),
        drawn.record_name(SPEC, "dot", "textual-light", False),
        drawn.record_name(SPEC, "dot", "textual-dark", True),
    ]
    assert name not in others and len(set(others)) == len(others)
    assert drawn.record_name(PlotSpec("function", {"f": object()}, SPEC.location), "dot", "x", False) is None


def test_a_new_version_of_the_code_is_a_miss(monkeypatch) -> None:
    name = drawn.record_name(SPEC, "dot", "textual-dark", False)
    monkeypatch.setattr(drawn.course_cache, "code_digest", lambda: b"another version")
    assert drawn.record_name(SPEC, "dot", "textual-dark", False) != name


def test_records_are_written_read_and_bounded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path))
    name = drawn.record_name(SPEC, "dot", "textual-dark", False)
    assert drawn.read(name) == {}
    for width in range(70, 70 + drawn.MAX_SIZES + 2):
        drawn.write(name, (width, 14), f"\x1b[31m{width}\x1b[0m", f"caption {width}")
    found = drawn.read(name)
    assert len(found) == drawn.MAX_SIZES and "71x14" not in found  # the oldest sizes went
    assert found[f"{70 + drawn.MAX_SIZES + 1}x14"] == [f"\x1b[31m{70 + drawn.MAX_SIZES + 1}\x1b[0m",
                                                        f"caption {70 + drawn.MAX_SIZES + 1}"]
    (tmp_path / "plots" / name).write_text("{not json")
    assert drawn.read(name) == {}
    (tmp_path / "plots" / name).write_text('{"70x14": ["only one"], "71x14": 5}')
    assert drawn.read(name) == {}
    monkeypatch.setattr(drawn, "MAX_FILES", 3)
    for index in range(5):
        drawn.write(f"{index}.json", (70, 14), "a", "")
    assert len(list((tmp_path / "plots").glob("*.json"))) == 3


def test_nothing_is_written_with_the_cache_off(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MFML_TUI_CACHE", "off")
    name = drawn.record_name(SPEC, "dot", "textual-dark", False)
    drawn.write(name, (70, 14), "a", "")
    assert drawn.read(name) == {} and drawn.stored_panel(SPEC, "dot", "textual-dark", False, list) is None


def test_the_recorded_text_is_what_the_live_plot_shows_in_ascii_too() -> None:
    ansi = "\x1b[38;5;33m•••\x1b[0m x² ┤"
    assert drawn.drawn_text(ansi, False).plain == "••• x² ┤"
    ascii_plain = drawn.drawn_text(ansi, True).plain
    assert ascii_plain.isascii() and ascii_plain.startswith("*** x")


async def test_the_live_plot_is_imported_only_once_the_frame_being_made_is_out(monkeypatch) -> None:
    """The live plotting code (numpy, plotext: ≈0.3 s of CPU in a thread) was imported as soon as the app's
    first screen had gone out: when that screen went out early (a busy machine: the course still loading),
    the import ran beside the lesson's first step, taking half of the GIL from it, and under load the swap
    to the live plot came before the recorded drawing was ever shown. It now waits, as the warm-up does,
    while a frame a learner waits for is being made (`ui.collector` holds)."""
    from textual.app import App
    from textual.widgets import Static

    from mfml_tui.ui import collector
    from tests.test_ui_support import spy_imports, wait_for

    wanted = ("json", "csv")
    monkeypatch.setattr(drawn, "LIVE_MODULES", wanted)
    imported = spy_imports(monkeypatch, wanted)

    class Host(App):
        def compose(self):
            live = lambda: Static("live", id="live")  # noqa: E731
            yield drawn.DrawnPlotPanel({"20x6": ["plot", "caption"]}, False, live)

    token = object()  # what a lesson screen does from its __init__ to its first step's frame
    collector.hold(token)
    try:
        app = Host()
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause(0.4)
            assert imported == [], "the live plot's code was imported while a frame was being made"
            assert not app.query("#live")
            collector.release(token)
            await wait_for(pilot, lambda: app.query("#live"), timeout=30, what="the live plot")
            assert not app.query(drawn.DrawnPlotPanel)
    finally:
        collector.release(token)
    assert imported == [(name, False) for name in wanted]


async def test_a_size_never_drawn_says_the_plot_is_being_drawn() -> None:
    """A size never recorded (a resize, a new terminal) waits for the live plot, whose code can take a
    second or two to load on a busy machine: the frame said nothing meanwhile, like a broken plot."""
    from textual.app import App
    from textual.widgets import Static

    from mfml_tui.ui import collector
    from tests.test_ui_support import screen_text

    class Host(App):
        def compose(self):
            live = lambda: Static("live", id="live")  # noqa: E731
            yield drawn.DrawnPlotPanel({"7x3": ["plot", "caption"]}, False, live)  # not this size

    token = object()  # the live plot waits while a frame is being made: keep it away
    collector.hold(token)
    try:
        app = Host()
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause(0.2)
            assert "Drawing the plot…" in screen_text(app)
            assert not app.query("#live")
    finally:
        collector.release(token)


async def test_a_recorded_drawing_is_painted_from_fast_strips_cell_for_cell() -> None:
    """A recorded drawing went through rich's `Text.from_ansi` and Textual's Text → Content → strips (≈4 ms of
    a 76×17 plot before `lesson ID`'s first frame; `AnsiPlot`, which the explorers use, ≈0.7 ms): now its
    strips are split from the ANSI text directly, the same cells in the same colours and attributes."""
    from rich.text import Text
    from textual.app import App
    from textual.style import Style
    from textual.visual import Visual, visualize

    from mfml_tui.ui.widgets.plot import PlotPanel, SpecPlot, build_ansi

    class Host(App):
        def compose(self):
            yield PlotPanel(SPEC, marker="dot")

    def cells(widget, renderable, width, height):
        base = Style.from_rich_style(widget.rich_style)
        strips = Visual.to_strips(widget, visualize(widget, renderable), width, height, base)
        return [[(ch, str(seg.style), seg.style.link) for seg in strip for ch in seg.text]
                for strip in strips]

    app = Host()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause(0.2)
        plot = app.query_one(SpecPlot)
        width, height = plot.size
        ansi = build_ansi(plot)  # a live drawing, as recorded
        assert "\x1b[38;5;" in ansi and "•" in ansi
        recorded = drawn.DrawnPlot({f"{width}x{height}": [ansi, ""]}, False)
        await app.mount(recorded)
        recorded.styles.width, recorded.styles.height = width, height
        await pilot.pause(0.1)
        painted = recorded.render()
        assert isinstance(painted, drawn.AnsiPlot), type(painted)
        expected = cells(recorded, Text.from_ansi(ansi), width, height)
        assert len(expected) == height and cells(recorded, painted, width, height) == expected

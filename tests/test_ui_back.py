"""Going back to the course map is quick (issue #20: ≤ 50 ms): the map is kept, not rebuilt, and the lesson
screen being left is not restyled on its way out. What the learner sees is the same as a fresh map."""

from __future__ import annotations

from pathlib import Path

from textual import events

from mfml_tui.ui.screens.home import HomeScreen
from tests.test_ui_support import make_app, press, ready, record_frames, screen_text, wait_for


async def test_going_back_keeps_the_map_and_redraws_only_the_visited_row(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        the_map = app.screen.query_one("#map")
        before = {option.id: option for option in the_map.options if option.id}
        prompts = {key: str(option.prompt) for key, option in before.items()}
        assert "not started" in prompts["lesson:t1-rise"]
        await press(pilot, "enter")  # the first lesson, t1-rise
        await wait_for(pilot, lambda: not isinstance(app.screen, HomeScreen), what="the lesson")
        await wait_for(pilot, lambda: "Step 1/" in screen_text(app), what="step 1")
        await press(pilot, "n")
        await wait_for(pilot, lambda: "Step 2/" in screen_text(app), what="step 2")
        await press(pilot, "b")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="the map")
        await pilot.pause(0.2)
        after = {option.id: option for option in the_map.options if option.id}
        assert after.keys() == before.keys()
        kept = [key for key in before if after[key] is before[key]]
        assert kept == list(before)  # the same rows: the map was not rebuilt
        assert "step 2/" in str(after["lesson:t1-rise"].prompt)  # the visited row shows its new status
        assert all(str(after[key].prompt) == prompts[key] for key in before if key != "lesson:t1-rise")
        shown = screen_text(app)
        assert "step 2/" in shown and "1/" in shown  # the row and the detail under the list

        app.screen.refresh_map(highlight="lesson:t1-rise")  # what a map built afresh shows
        await pilot.pause(0.2)
        assert screen_text(app) == shown


def spy_on_restyles(app) -> list[object]:
    """The widgets the app's stylesheet restyles from now on (every one, in order)."""
    restyled: list[object] = []
    update_nodes = app.stylesheet.update_nodes

    def spy(nodes, animate: bool = False) -> None:
        nodes = list(nodes)
        restyled.extend(nodes)
        update_nodes(nodes, animate=animate)

    app.stylesheet.update_nodes = spy
    return restyled


async def test_going_back_does_not_restyle_the_lesson_left(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: "Step 1/" in screen_text(app), what="step 1")
        await pilot.pause(0.2)
        lesson = app.screen
        nodes = list(lesson.walk_children(with_self=True))  # kept alive, so that their ids stay theirs
        widgets = {id(node) for node in nodes}
        assert lesson.focused is not None  # the step's text has the focus, as the learner reads it
        restyled = spy_on_restyles(app)
        await press(pilot, "b")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="the map")
        await pilot.pause(0.2)
        left = [node for node in restyled if id(node) in widgets]
        assert not left, f"{len(left)} widgets of the lesson left were restyled, e.g. {left[:3]}"


async def at_the_step_with_an_explorer(pilot) -> None:
    """t1-rise opened at step 1, then `n` to step 2, whose explorer is on screen."""
    from mfml_tui.ui.explorers import Explorer

    app = pilot.app
    await ready(pilot)
    await wait_for(pilot, lambda: "Step 1/" in screen_text(app), what="step 1")
    await press(pilot, "n")
    await wait_for(pilot, lambda: app.screen.query(Explorer), what="the explorer")


async def test_leaving_an_explorer_restyles_neither_the_step_nor_its_look(tmp_path: Path) -> None:
    from mfml_tui.ui.explorers import Explorer

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_step_with_an_explorer(pilot)
        await press(pilot, "e")
        explorer = app.screen.query_one(Explorer)
        await wait_for(pilot, lambda: explorer.has_focus, what="the explorer to take the keys")
        flow = app.screen.query_one("#flow")
        step_widgets = [node for node in flow.walk_children() if explorer not in node.ancestors_with_self]
        assert len(step_widgets) > 5
        restyled = spy_on_restyles(app)
        await press(pilot, "b")
        await wait_for(pilot, lambda: flow.has_focus, what="the keys back to the text")
        await pilot.pause(0.2)
        again = [node for node in step_widgets if any(node is other for other in restyled)]
        assert not again, f"{len(again)} widgets of the step were restyled, e.g. {again[:3]}"
        assert flow in restyled  # its own :focus look
        del app.stylesheet.update_nodes  # the class's own again
        shown = [strip for strip in app.screen._compositor.render_strips()]
        app.update_styles(flow)  # Textual's full restyle of the text column: nothing looks different
        await pilot.pause(0.2)
        assert [strip for strip in app.screen._compositor.render_strips()] == shown


async def test_leaving_an_explorer_keeps_its_plot_the_footer_keys_and_the_rest_of_the_screen(
        tmp_path: Path) -> None:
    """Leaving an explorer (b) cost ≈100 ms of CPU (issue #20: ≤ 50 ms): the explorer's border colour
    re-rendered its plot (a plotext build), the footer removed and remounted every key (each styled anew,
    then a layout), and the screen's new focus repainted every widget on it. Now the plot is kept, the keys
    on screen are given their new text, and only what changed is repainted, looking exactly the same."""
    from textual.widgets._footer import FooterKey

    from mfml_tui.ui.explorers import Explorer, ExplorerPlot

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_step_with_an_explorer(pilot)
        plot = app.screen.query_one(ExplorerPlot)
        painter, painted = plot.painter, []

        def counting(*args) -> None:
            painted.append(args)
            painter(*args)

        plot.painter = counting
        await press(pilot, "e")
        explorer = app.screen.query_one(Explorer)
        await wait_for(pilot, lambda: explorer.has_focus, what="the explorer to take the keys")
        await pilot.pause(0.2)
        footer = app.screen.query_one("Footer")
        keys_before = list(footer.query_children(FooterKey))
        compositor = app.screen._compositor
        full_updates, full = [], compositor.render_full_update
        compositor.render_full_update = lambda *a, **k: full_updates.append(1) or full(*a, **k)
        painted.clear()
        await press(pilot, "b")
        flow = app.screen.query_one("#flow")
        await wait_for(pilot, lambda: flow.has_focus, what="the keys back to the text")
        await pilot.pause(0.3)
        assert not painted, "leaving the explorer built its plot again"
        assert not full_updates, "leaving the explorer repainted the whole screen"
        keys_after = list(footer.query_children(FooterKey))
        assert "Course map" in [key.description for key in keys_after]
        kept = min(len(keys_before), len(keys_after))
        assert sum(any(key is old for old in keys_before) for key in keys_after) == kept
        del compositor.render_full_update
        shown = list(compositor.render_strips())
        footer.call_next(footer.recompose)  # Textual's own way: new keys, styled from scratch
        await wait_for(pilot, lambda: not any(key in keys_after for key in footer.query_children(FooterKey)),
                       what="the footer recomposed")
        app.screen.refresh()
        await pilot.pause(0.3)
        assert list(app.screen._compositor.render_strips()) == shown
        await press(pilot, "e")  # and the plot still follows the explorer's keys
        await wait_for(pilot, lambda: explorer.has_focus, what="the explorer again")
        painted.clear()
        explorer.state = explorer.state
        await pilot.pause(0.2)
        assert painted


async def test_leaving_an_explorer_paints_the_new_footer_keys_in_the_frame_of_the_focus_change(
        tmp_path: Path) -> None:
    """Leaving an explorer with b (issue #20: ≤ 50 ms) took two frames: the focus change was painted first,
    the footer's new keys and their layout a refresh later (the footer heard of the new bindings through
    its own queue, then waited for that refresh). Now the first frame after the key shows the screen as it
    ends, footer included, and no frame shows anything else: never new labels in the old keys' widths."""
    from mfml_tui.ui.explorers import Explorer

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_step_with_an_explorer(pilot)
        explorer = app.screen.query_one(Explorer)
        flow = app.screen.query_one("#flow")
        for _ in range(2):  # the second time, the keys it hid the first time are shown again
            await press(pilot, "e")
            await wait_for(pilot, lambda: explorer.has_focus, what="the explorer to take the keys")
            await pilot.pause(0.3)
            before = screen_text(app).splitlines()
            assert "Course map" not in before[-1]  # the explorer's keys
            frames = record_frames(app)
            await press(pilot, "b")
            await wait_for(pilot, lambda: flow.has_focus, what="the keys back to the text")
            await pilot.pause(0.3)
            after = screen_text(app).splitlines()
            assert "Course map" in after[-1] and after[-1] != before[-1]
            assert frames, "nothing was painted"
            assert frames[0] == after, "the first frame did not show the screen as it ends"
            assert all(frame == after for frame in frames)
            del app._display


async def test_entering_an_explorer_again_paints_its_keys_in_the_frame_of_the_focus_change(
        tmp_path: Path) -> None:
    """The footer keeps the keys it needed last (hidden when fewer are wanted), so entering the explorer a
    second time shows its keys in the first frame too; a footer with too few keys still mounts the rest
    after a refresh, never showing new labels in old widths (each frame shows the old or the new keys)."""
    from mfml_tui.ui.explorers import Explorer

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_step_with_an_explorer(pilot)
        explorer = app.screen.query_one(Explorer)
        flow = app.screen.query_one("#flow")
        footers = []
        for _ in range(2):
            before = screen_text(app).splitlines()[-1]
            frames = record_frames(app)
            await press(pilot, "e")
            await wait_for(pilot, lambda: explorer.has_focus, what="the explorer to take the keys")
            await pilot.pause(0.3)
            after = screen_text(app).splitlines()
            assert after[-1] != before and "Course map" not in after[-1]
            assert frames and all(frame[-1] in (before, after[-1]) for frame in frames)
            footers.append((frames[0][-1], after[-1]))
            del app._display
            await press(pilot, "b")
            await wait_for(pilot, lambda: flow.has_focus, what="the keys back to the text")
            await pilot.pause(0.3)
        first_frame, final = footers[1]
        assert first_frame == final, "entering again: the first frame still showed the old keys"


async def test_going_back_paints_the_map_whole_once(tmp_path: Path) -> None:
    """The lesson left was removed as a child of the app, and Textual then laid out and repainted the whole
    of the screen shown (twice: the removal's callback ran for each of its two awaits): going back to the
    map sent three full-screen frames, two of them after the map was already on screen. Now the map is
    painted whole once, on its resume; the second time back (the map's rows and button unchanged) that is
    the only frame, and the screen is the same as before."""
    from textual._compositor import LayoutUpdate

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for visit in range(2):
            await press(pilot, "enter")
            await wait_for(pilot, lambda: "Step 1/" in screen_text(app), what="step 1")
            await pilot.pause(0.3)
            frames: list[object] = []
            display = app._display

            def spy(screen, renderable, display=display, frames=frames) -> None:
                display(screen, renderable)
                if renderable is not None and not app._batch_count:
                    frames.append(renderable)

            app._display = spy
            await press(pilot, "b")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="the map")
            await pilot.pause(0.4)
            del app._display
            whole = [frame for frame in frames if isinstance(frame, LayoutUpdate)]
            assert len(whole) == 1, f"back to the map #{visit + 1}: {len(whole)} full-screen frames"
            if visit == 1:
                assert len(frames) == 1, f"back to the map again: {len(frames)} frames"
        shown = screen_text(app)
        app.screen.refresh(layout=True)
        await pilot.pause(0.3)
        assert screen_text(app) == shown


async def test_leaving_an_explorer_does_not_repaint_what_is_inside_it(tmp_path: Path) -> None:
    """The explorer's focus look changes its border and title colour only, but a colour rule that changes
    made Textual repaint every widget inside it (plot, panels, legend): re-rendered in the frame of the
    focus change, then again in a second frame. Now only the explorer itself is repainted, and the screen
    is the same as after Textual's own full restyle and repaint of the explorer."""
    from mfml_tui.ui.explorers import Explorer

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_step_with_an_explorer(pilot)
        explorer = app.screen.query_one(Explorer)
        inside = list(explorer.walk_children())
        assert len(inside) >= 4
        for key, focused in (("e", True), ("b", False)):
            await pilot.pause(0.3)
            repainted: list[object] = []

            def spy(widget, repainted=repainted):  # type: ignore[no-untyped-def]
                return lambda *a, **k: repainted.append(widget) or type(widget).refresh(widget, *a, **k)

            for widget in inside:
                widget.refresh = spy(widget)
            await press(pilot, key)
            await wait_for(pilot, lambda focused=focused: explorer.has_focus is focused, what="the focus")
            await pilot.pause(0.3)
            for widget in inside:
                del widget.refresh
            assert not repainted, f"{len(repainted)} widgets inside repainted, e.g. {repainted[:3]}"
            shown = list(app.screen._compositor.render_strips())
            app.update_styles(explorer)  # Textual's full restyle, repainting everything inside
            explorer.refresh()
            await pilot.pause(0.3)
            assert list(app.screen._compositor.render_strips()) == shown


async def test_every_screen_back_to_the_map_offers_b_in_its_footer(tmp_path: Path) -> None:
    """The progress and review screens went back with Esc only (progress: q too), and their footers showed
    `esc`: a terminal holds a lone Esc back (~100 ms) to tell it from an escape sequence. Now b goes back from
    them too, and is the key their footer shows, as in a lesson."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for name, opener in (("ProgressScreen", app.open_progress), ("ReviewScreen", app.open_reviews)):
            opener()
            await wait_for(pilot, lambda name=name: type(app.screen).__name__ == name, what=name)
            await pilot.pause(0.2)
            footer = screen_text(app).splitlines()[-1]
            assert "b Course map" in footer, f"{name}: {footer!r}"
            await press(pilot, "b")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what=f"the map from {name}")


async def test_leaving_or_entering_an_explorer_is_one_layout_and_one_frame(tmp_path: Path) -> None:
    """Leaving an explorer took two layouts of the whole screen and two frames, the second identical to the
    first: the footer keys' new sizes and the footer's invisible scrollbar coming or going each asked for a
    layout again, and the text column's scrollbar, restyled with the column, refreshed through its own queue
    after the frame. Now each key (after the first entry, which mounts the explorer's keys) is one layout and
    one frame, and that frame is what Textual paints after a full restyle and layout (the scrollbar's and the
    footer's colours included)."""
    from mfml_tui.ui.explorers import Explorer

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_step_with_an_explorer(pilot)
        explorer = app.screen.query_one(Explorer)
        compositor = app.screen._compositor
        reflows: list[object] = []
        reflow = compositor.reflow
        compositor.reflow = lambda *a, **k: reflows.append(a) or reflow(*a, **k)
        try:
            await press(pilot, "e")
            await wait_for(pilot, lambda: explorer.has_focus, what="the explorer to take the keys")
            for key, focused in (("b", False), ("e", True), ("b", False)):
                await pilot.pause(0.3)
                reflows.clear()
                frames = record_frames(app)
                await press(pilot, key)
                await wait_for(pilot, lambda focused=focused: explorer.has_focus is focused, what="the focus")
                await pilot.pause(0.4)
                del app._display
                assert len(frames) == 1, f"{key}: {len(frames)} frames"
                assert len(reflows) <= 1, f"{key}: {len(reflows)} layouts"
                shown = list(compositor.render_strips())
                app.update_styles(app.screen)
                app.screen.refresh(layout=True)
                for widget in app.screen.walk_children():
                    widget.refresh()
                await pilot.pause(0.4)
                assert list(compositor.render_strips()) == shown, f"{key}: not what a full repaint shows"
        finally:
            del compositor.reflow


async def test_the_footer_still_scrolls_its_keys_when_they_overflow(tmp_path: Path) -> None:
    """The footer's scrollbars take no room, so they come and go without a layout; whether they are shown
    still decides whether the mouse wheel scrolls keys that do not fit (Textual's footer behaviour): the
    step's keys fit in 80 columns, the explorer's and the step's together do not."""
    from textual.widgets import Footer

    from mfml_tui.ui.explorers import Explorer

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_step_with_an_explorer(pilot)
        # (a lesson opened at start may show the key bar drawn at an earlier launch for a moment)
        await wait_for(pilot, lambda: app.screen.query(Footer), what="the live footer")
        footer = app.screen.query_one(Footer)
        explorer = app.screen.query_one(Explorer)
        for key, focused in (("e", True), ("b", False)) * 2:
            await press(pilot, key)
            await wait_for(pilot, lambda focused=focused: explorer.has_focus is focused, what="the focus")
            await pilot.pause(0.3)
            overflow = footer.virtual_size.width > footer.container_size.width
            assert overflow is focused
            assert footer.allow_horizontal_scroll is overflow
            if overflow:
                footer.post_message(events.MouseScrollDown(footer, 2, 0, 0, 0, 0, False, False, False,
                                                           screen_x=2, screen_y=23))
                await wait_for(pilot, lambda: footer.scroll_x > 0, what="the wheel to scroll the keys")


async def test_no_full_collection_inside_the_frame_of_b(tmp_path: Path) -> None:
    """A full cyclic collection (≈90 ms CPU with a lesson open) that fell due while b was answered ran inside
    the frame the learner waited for: about one leave in six took twice as long or more. Automatic collection
    is now held from b until its frame is painted (leaving an explorer, and going back to the map), and on
    again right after."""
    import gc

    from mfml_tui.ui.explorers import Explorer

    app = make_app(tmp_path, start_lesson="t1-rise")
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_step_with_an_explorer(pilot)
        explorer = app.screen.query_one(Explorer)
        flow = app.screen.query_one("#flow")
        await press(pilot, "e")
        await wait_for(pilot, lambda: explorer.has_focus, what="the explorer")
        for done in (lambda: flow.has_focus, lambda: isinstance(app.screen, HomeScreen)):
            await pilot.pause(0.3)
            assert gc.isenabled()
            enabled: list[bool] = []
            display = app._display

            def spy(screen, renderable, display=display, enabled=enabled) -> None:
                if renderable is not None and not app._batch_count:
                    enabled.append(gc.isenabled())
                display(screen, renderable)

            app._display = spy
            await press(pilot, "b")
            await wait_for(pilot, done, what="b answered")
            await pilot.pause(0.3)
            del app._display
            assert enabled and not enabled[0], "collection was on in the frame of b"
            assert gc.isenabled(), "collection still off after the frame"

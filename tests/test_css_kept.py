"""CSS parsed at an earlier launch is read back (ui/stylesheet.py `ParsedRulesFile`, issue #20: lessons
listed ≤ 1.3× a hello app): parsing the course map's CSS was ≈30 ms of CPU before the lessons were listed.
Checked by what is parsed and by the rules themselves, not by a clock."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest
from textual.css import stylesheet as textual_stylesheet

from mfml_tui.ui.stylesheet import ParsedRulesFile
from tests.test_ui_support import TEST_LESSONS, wait_for


@pytest.fixture
def parsed(monkeypatch) -> Counter:
    """What Textual's parser is asked to parse, by source name."""
    counts: Counter = Counter()
    real = textual_stylesheet.parse

    def counting(scope, css, read_from, **kwargs):
        counts[read_from[1] or read_from[0].rsplit("/", 1)[-1]] += 1
        return real(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return counts


@pytest.fixture(autouse=True)
def live_footer(monkeypatch) -> None:
    """Every launch with the live footer: a launch that found the footer's row drawn at an earlier one
    (`ui.widgets.drawn_footer`) adds the footer's CSS after its first screen, in another order."""
    from mfml_tui.ui.widgets import drawn_footer

    monkeypatch.setattr(drawn_footer, "read", lambda path: None)


def _app(tmp_path: Path, *, keep_css: bool = True):
    """An app with a progress file of its own (a theme chosen in one run is not the next one's)."""
    from mfml_tui.ui.app import build_app

    data = Path(tempfile.mkdtemp(dir=tmp_path, prefix="data-"))
    return build_app(TEST_LESSONS, data / "progress.sqlite3", "tester", warm_up=False, keep_css=keep_css)


async def _listed(app, *, size=(80, 24), theme: str | None = None) -> list:
    """Run the app to the listed map (and past the moment its CSS is written down); its rules, as text
    (a layout value is a new object at each parse: compared by its repr)."""
    from mfml_tui.ui import app as app_module

    async with app.run_test(size=size) as pilot:
        if theme:
            app.theme = theme
        await wait_for(pilot, lambda: app.course_ready and app.screen.query_one("#map").option_count > 3,
                       what="the lessons listed")
        await pilot.pause(app_module.KEEP_CSS_AFTER + 0.3)
        return [(rule.selectors, [s.specificity for s in rule.selector_set], sorted(rule.selector_names),
                 sorted(rule.pseudo_classes), repr(sorted(rule.styles.get_rules().items())),
                 sorted(rule.styles.important),
                 rule.is_default_rules, rule.tie_breaker)
                for rule in app.stylesheet.rules]


async def test_the_css_parsed_at_one_launch_is_read_back_at_the_next_as_the_same_rules(
        tmp_path: Path, monkeypatch, parsed: Counter) -> None:
    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path / "cache"))
    fresh = await _listed(_app(tmp_path, keep_css=False))  # Textual's parse, nothing kept
    assert parsed["home.tcss"] and parsed["Button.DEFAULT_CSS"]
    assert not list((tmp_path / "cache").glob("css-*"))
    parsed.clear()
    first = await _listed(_app(tmp_path))
    assert parsed["home.tcss"] == 1 and len(list((tmp_path / "cache").glob("css-*"))) == 1
    parsed.clear()
    second = await _listed(_app(tmp_path))
    assert not parsed, parsed  # nothing parsed: every source read back
    assert second == first == fresh  # the same rules, in the same order, with the same colours


async def test_a_theme_edited_css_or_damaged_file_is_parsed_afresh(tmp_path: Path, monkeypatch,
                                                                   parsed: Counter) -> None:
    monkeypatch.setenv("MFML_TUI_CACHE", str(tmp_path / "cache"))
    dark = await _listed(_app(tmp_path))
    parsed.clear()
    light = await _listed(_app(tmp_path), theme="textual-light")  # other variables: other rules
    assert parsed["home.tcss"] >= 1 and light != dark
    parsed.clear()
    assert await _listed(_app(tmp_path), theme="textual-light") == light and not parsed["home.tcss"]

    from mfml_tui.ui.screens.home import HomeScreen

    monkeypatch.setattr(HomeScreen, "DEFAULT_CSS", "HomeScreen #detail { min-height: 3; }")  # an edit
    parsed.clear()
    edited = await _listed(_app(tmp_path))
    assert parsed["HomeScreen.DEFAULT_CSS"] >= 1 and not parsed["home.tcss"]
    assert any("('min_height', Scalar(value=3.0" in rule[4] for rule in edited)

    for kept in (tmp_path / "cache").glob("css-*"):
        kept.write_bytes(b"\x80\x05not a pickle")
    parsed.clear()
    damaged = await _listed(_app(tmp_path))
    assert parsed["home.tcss"] == 1, parsed
    assert damaged == edited


def test_rules_with_errors_are_never_kept_and_a_read_only_folder_is_no_failure(tmp_path: Path) -> None:
    from textual.css.stylesheet import Stylesheet

    kept = ParsedRulesFile(tmp_path / "cache")
    sheet = Stylesheet()
    good = sheet._parse_rules("Static { width: 3; }", ("x.tcss", ""))
    bad = sheet._parse_rules("Static { width: wobbly; }", ("y.tcss", ""))
    assert bad[0].errors
    kept.add(b"good", good)
    kept.add(b"bad", bad)
    kept.save()
    again = ParsedRulesFile(tmp_path / "cache")
    assert again.get(b"bad") is None
    assert again.get(b"good")[0].styles.get_rules() == good[0].styles.get_rules()
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    unwritable = ParsedRulesFile(blocked / "cache")
    unwritable.add(b"good", good)
    unwritable.save()  # no exception: parsed again next time
    assert ParsedRulesFile(blocked / "cache").get(b"good") is None


KEPT_PROBE = r"""
import asyncio, json, sys
from pathlib import Path
from mfml_tui.ui.app import build_app

async def main():
    app = build_app(Path(sys.argv[1]), Path(sys.argv[2]) / "p.sqlite3", "probe", warm_up=False, keep_css=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        heavy = sorted(m for m in json.loads(sys.argv[3]) if m in sys.modules)
    print(json.dumps({"heavy": heavy}))

asyncio.run(asyncio.wait_for(main(), 60))
"""


def test_finding_the_kept_css_and_course_reads_no_package_metadata_nor_openssl(tmp_path: Path) -> None:
    """The file is named by Textual's files, not `textual.__version__`: Textual reads that from the
    installed package's metadata (importlib.metadata, ≈25–30 ms CPU before the lessons were listed). The
    digests of the kept CSS and of the course cache are BLAKE2's own module: hashlib also loads its
    OpenSSL bindings (`_hashlib`, ≈3 ms)."""
    from tests.test_ui_startup import _run_probe

    result = _run_probe(KEPT_PROBE, TEST_LESSONS, tmp_path, ["importlib.metadata", "_hashlib", "hashlib"])
    assert result["heavy"] == []
    assert len(list((tmp_path / "cache").glob("css-*"))) <= 1


def test_the_code_part_of_the_cache_keys_sees_every_source_file_and_only_those(tmp_path: Path, monkeypatch,
                                                                               request) -> None:
    """course.cache.code_digest (the course cache's and the drawn plots' key): each .py file of the
    package by relative name, size and modification time; compiled files and other files do not count."""
    import os

    from mfml_tui.course import cache

    package = tmp_path / "pkg"
    (package / "sub" / "__pycache__").mkdir(parents=True)
    files = {"a.py": "x = 1\n", "sub/b.py": "y = 2\n", "sub/__pycache__/b.cpython-311.pyc": "...",
             "notes.txt": "not code"}
    for name, text in files.items():
        (package / name).write_text(text)
    monkeypatch.setattr(cache, "PACKAGE", package)
    request.addfinalizer(cache.code_digest.cache_clear)  # (the package's own digest again afterwards)

    def digest() -> bytes:
        cache.code_digest.cache_clear()
        return cache.code_digest()

    base = digest()
    assert digest() == base
    (package / "notes.txt").write_text("other notes")
    (package / "sub" / "__pycache__" / "b.cpython-311.pyc").write_text("other bytes")
    assert digest() == base
    (package / "sub" / "b.py").write_text("y = 22\n")  # size
    edited = digest()
    assert edited != base
    stat = (package / "sub" / "b.py").stat()
    os.utime(package / "sub" / "b.py", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1000))  # same size, touched
    assert digest() != edited
    (package / "sub" / "b.py").rename(package / "sub" / "c.py")  # renamed
    assert digest() not in (base, edited)


def test_only_the_sources_looked_up_are_unpickled(tmp_path: Path) -> None:
    """The file keeps every screen's sources (up to FILE_SOURCES: a lesson's, the explorers', other
    themes'); the course map looks up ~15. Each source's rules are unpickled when looked up, not all of
    them at the first look-up (which grew with the file)."""
    kept = ParsedRulesFile(tmp_path)
    keys = [ParsedRulesFile.key((f"source {n}",), {}) for n in range(12)]
    for n, key in enumerate(keys):
        css = f"Static.c{n} {{ width: {n + 1}; color: red; }}"
        kept.add(key, list(textual_stylesheet.parse("", css, (f"s{n}.tcss", ""))))
    kept.save()
    again = ParsedRulesFile(tmp_path)
    rules = again.get(keys[3])
    assert rules and "c3" in rules[0].css
    unpickled = [k for k, v in again._entries.items() if isinstance(v, list)]
    assert unpickled == [keys[3]], f"{len(unpickled)} of {len(keys)} sources unpickled for one look-up"
    assert [r.css for r in again.get(keys[7])] == [r.css for r in kept.get(keys[7])]

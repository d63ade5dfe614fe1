"""Detecting a terminal that cannot show Unicode from the locale the user set (PEP 538 coercion aside)."""

from __future__ import annotations

import pytest

from mfml_tui.terminal import effective_locale, wants_ascii


@pytest.mark.parametrize(("environ", "ascii_only"), [
    ({"LANG": "C"}, True),
    ({"LC_ALL": "C"}, True),
    ({"LC_ALL": "C", "LANG": "en_GB.UTF-8"}, True),  # LC_ALL wins
    ({"LANG": "POSIX"}, True),
    ({"LANG": "en_US.ISO-8859-1"}, True),
    ({"LC_CTYPE": "de_DE.ISO-8859-15@euro", "LANG": "de_DE.UTF-8"}, True),  # LC_CTYPE before LANG
    ({"LANG": "en_US.UTF-8"}, False),
    ({"LANG": "en_US.utf8"}, False),
    ({"LANG": "C.UTF-8"}, False),
    ({"LC_ALL": "", "LANG": "en_US.UTF-8"}, False),  # empty counts as unset
    ({"LC_CTYPE": "C.UTF-8", "LANG": "C"}, True),  # what Python's locale coercion leaves for LANG=C
    ({"LC_CTYPE": "C.UTF-8"}, False),  # coerced from nothing at all
    ({"LANG": "en_US"}, False),  # no character set named: benefit of the doubt
    ({}, False),  # ssh sessions often carry no locale: keep Unicode
    ({"MFML_TUI_ASCII": "1", "LANG": "en_US.UTF-8"}, True),
    ({"MFML_TUI_ASCII": "0", "LANG": "C"}, False),
])
def test_wants_ascii(environ, ascii_only):
    assert wants_ascii(environ) is ascii_only


def test_the_deciding_variable_is_reported():
    assert effective_locale({"LC_CTYPE": "C.UTF-8", "LANG": "C"}) == ("LANG", "C")
    assert effective_locale({}) is None


def test_real_python_coercion_with_lang_c():
    """`env -i LANG=C python`: Python rewrites LC_CTYPE at start-up; we still see the user's C locale."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", "from mfml_tui.terminal import wants_ascii; print(wants_ascii())"],
        env={"LANG": "C", "PYTHONPATH": str(__import__("pathlib").Path(__file__).parents[1])},
        capture_output=True, text=True, timeout=30, check=True,
    )
    assert out.stdout.strip() == "True"


def test_run_app_uses_detection(tmp_path, monkeypatch):
    from mfml_tui.cli import main
    from mfml_tui.ui.app import TutorApp
    from tests.test_ui_support import TEST_LESSONS

    seen = {}
    monkeypatch.setattr(TutorApp, "run", lambda self, **kw: seen.update(ascii=self.tutor.ascii_only))
    for name in ("LC_ALL", "LC_CTYPE", "MFML_TUI_ASCII"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")
    assert main(["--lessons", str(TEST_LESSONS), "--data-dir", str(tmp_path)]) == 0
    assert seen["ascii"] is True
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert main(["--lessons", str(TEST_LESSONS), "--data-dir", str(tmp_path)]) == 0
    assert seen["ascii"] is False

"""'Did you mean' is one rule for front matter, quiz keys, plot options and explorer options."""

from mfml_tui.spelling import did_you_mean, nearest


def test_the_intended_name_is_found_for_each_kind_of_slip() -> None:
    known = {"title", "minutes", "answer", "gamma", "levels"}
    assert nearest("Title", known) == "title"  # case
    assert nearest("titel", known) == "title"  # neighbours swapped
    assert nearest("gama", known) == "gamma"  # one letter missing
    assert nearest("minuts", known) == "minutes"
    assert nearest("levles", known) == "levels"
    assert nearest("anwser", known) == "answer"
    assert nearest("zzz", known) is None


def test_the_hint_reads_the_same_everywhere() -> None:
    assert did_you_mean("gama", {"gamma"}) == " (did you mean `gamma`?)"
    assert did_you_mean("qqq", {"gamma"}) == ""

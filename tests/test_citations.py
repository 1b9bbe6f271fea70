import pytest

from assistant.citations import resolve
from assistant.records import Evidence, Paper


def ev(key: int, title: str) -> Evidence:
    p = Paper(id=f"id{key}", title=title, abstract="An abstract. " * 30, sources=("t.txt",))
    return Evidence(key=key, paper=p, passage="", score=1.0)


EVIDENCE = [ev(1, "Paper One"), ev(2, "Paper Two"), ev(3, "Paper Three")]


@pytest.mark.parametrize("text, expected_text, cited, unresolved", [
    ("A [1]. B [2].", "A [1]. B [2].", ["Paper One", "Paper Two"], 0),
    # renumbered in order of first citation
    ("B [3]. A [1].", "B [1]. A [2].", ["Paper Three", "Paper One"], 0),
    # repeated markers keep one number
    ("A [2]. Again [2] and [2].", "A [1]. Again [1] and [1].", ["Paper Two"], 0),
    # out of range and zero are removed and counted
    ("A [9]. B [0]. C [1].", "A. B. C [1].", ["Paper One"], 2),
    # groups and ranges
    ("A [1, 3]. B [1-2].", "A [1][2]. B [1][3].", ["Paper One", "Paper Three", "Paper Two"], 0),
    # malformed look-alikes are removed and counted
    ("A [1a]. B [#2]. C [ref 3].", "A. B [1]. C [2].", ["Paper Two", "Paper Three"], 1),
    # a fake citation in the text that no evidence backs
    ("As shown in [99], it works [1].", "As shown in, it works [1].", ["Paper One"], 1),
    ("No markers at all.", "No markers at all.", [], 0),
    # full-width brackets and commas, and a closing bracket written as an opening one (SmolLM2 does both)
    ("Include A ［1］, B ［2［，C ［3［.", "Include A [1], B [2], C [3].", ["Paper One", "Paper Two", "Paper Three"], 0),
])
def test_resolve(text, expected_text, cited, unresolved):
    r = resolve(text, EVIDENCE)
    assert r.text == expected_text
    assert [e.paper.title for e in r.cited] == cited
    assert r.unresolved == unresolved


def test_resolve_without_renumbering_keeps_keys():
    r = resolve("X [3]. Y [1]. Z [7].", EVIDENCE, renumber=False)
    assert r.text == "X [3]. Y [1]. Z."
    assert r.unresolved == 1

import csv
import io
import json

import bibtexparser
import pytest

from assistant.export import CSV_HEADER, latex_unescape, render, to_bibtex, to_csv, to_markdown
from assistant.corpus import load_corpus
from assistant.settings import ROOT

PAPERS, _ = load_corpus(ROOT / "data")
SPECIAL = [p for p in PAPERS if any(c in p.title for c in "$^&%_{}") or not p.title.isascii()]


def test_corpus_has_titles_with_latex_specials():
    chars = "".join(p.title for p in SPECIAL)
    for c in "$^&{}":
        assert c in chars
    assert len(SPECIAL) >= 10


@pytest.mark.parametrize("papers", [SPECIAL, PAPERS[:50]])
def test_bibtex_round_trips_titles(papers):
    text = to_bibtex(papers)
    db = bibtexparser.loads(text)
    assert len(db.entries) == len(papers)
    assert len({e["ID"] for e in db.entries}) == len(papers)
    got = [latex_unescape(e["title"].removeprefix("{").removesuffix("}")) for e in db.entries]
    assert got == [p.title for p in papers]


def test_percent_and_underscore_are_escaped():
    from assistant.records import Paper

    p = Paper(id="abcd1234", title="100% of the_data & {braces} ^ ~ \\ x", abstract="", sources=("s",))
    text = to_bibtex([p])
    assert r"100\% of the\_data \& \{braces\}" in text
    e = bibtexparser.loads(text).entries[0]
    assert latex_unescape(e["title"][1:-1]) == p.title


def test_csv_round_trips():
    rows = list(csv.reader(io.StringIO(to_csv(SPECIAL))))
    assert rows[0] == CSV_HEADER
    assert [r[1] for r in rows[1:]] == [p.title for p in SPECIAL]


def test_markdown_numbering_and_json():
    md = to_markdown(PAPERS[:3]).splitlines()
    assert [line.split(".", 1)[0] for line in md] == ["1", "2", "3"]
    data = json.loads(render(PAPERS[:3], "json"))
    assert [d["n"] for d in data] == [1, 2, 3] and data[0]["title"] == PAPERS[0].title


def test_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown format"):
        render(PAPERS[:1], "docx")

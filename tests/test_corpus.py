from pathlib import Path

from assistant.corpus import ParseReport, load_corpus, parse_text
from assistant.records import paper_id
from assistant.settings import ROOT

FIX = Path(__file__).parent / "fixtures"


def test_bundled_corpus_has_624_distinct_papers():
    papers, report = load_corpus(ROOT / "data")
    assert len(papers) == 624 == report.papers
    assert len({p.id for p in papers}) == 624
    assert report.duplicates_merged == report.records - 624 > 0
    assert all(len(p.abstract) >= 200 and p.title for p in papers)


def test_layout1_blank_line_separated_and_title_without_abstract_reported():
    r = ParseReport()
    papers = parse_text((FIX / "layout1.txt").read_text(), "layout1.txt", r)
    assert [p.title for p in papers] == ["AlphaNet: Sparse Routing for Efficient Transformers",
                                         "Quantum Widgets for Bird Song Classification"]
    assert papers[0].abstract.startswith("We study how to route tokens")
    assert papers[0].date is None  # the page's own date line is not a paper's
    assert r.skipped["title without an abstract"] == 1


def test_layout2_metadata_lines():
    r = ParseReport()
    papers = parse_text((FIX / "layout2.txt").read_text(), "layout2.txt", r)
    beta, gamma = papers
    assert (beta.authors_count, beta.date, beta.upvotes) == (4, "Jul 23", 1)
    assert (gamma.authors_count, gamma.date, gamma.upvotes) == (7, "May 22, 2024", 5)
    assert r.skipped["metadata without a paper"] == 1  # the stray trailing "3 authors"


def test_layout3_one_line_each_glued_subscribe_and_orphan_abstract():
    r = ParseReport()
    papers = parse_text((FIX / "layout3.txt").read_text(), "layout3.txt", r)
    assert papers[0].title == "Delta Merge: Averaging Fine-tuned Models with Task Vectors"
    assert papers[1].title.startswith("AlphaNet")
    assert r.skipped["abstract without a title"] == 1


def test_duplicates_across_files_are_merged(tmp_path):
    for name in ("layout1.txt", "layout3.txt"):
        (tmp_path / name).write_text((FIX / name).read_text())
    papers, report = load_corpus(tmp_path)
    alpha = [p for p in papers if p.title.startswith("AlphaNet")]
    assert len(alpha) == 1 and report.duplicates_merged == 1
    assert set(alpha[0].sources) == {"layout1.txt", "layout3.txt"}
    assert "longer abstract" in alpha[0].abstract  # the fuller copy wins


def test_garbage_and_binary_input_never_raise(tmp_path):
    (tmp_path / "junk.txt").write_bytes(b"\x00\xff\xfe garbage\n\n\n" + b"x" * 5000 + b"\n\xc3\x28\n")
    papers, report = load_corpus(tmp_path)
    assert papers == [] and sum(report.skipped.values()) >= 1


def test_paper_id_is_stable_under_whitespace_and_case():
    assert paper_id("GPTQ:  Accurate Post-Training") == paper_id("gptq: accurate post-training")

"""Ingest into a real Chroma PersistentClient with the real embedder."""
import shutil
from pathlib import Path

from assistant.index import chunk_papers, ingest, make_client, open_collection
from assistant.corpus import load_corpus
from conftest import FIXTURES, make_settings

quiet = dict(progress=False, log=lambda m: None)


def test_ingest_is_idempotent_and_incremental(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus)
    first = ingest(s, embedder, **quiet)
    assert first.papers == 4 and first.embedded == first.chunks > 0
    again = ingest(s, embedder, **quiet)
    assert again.embedded == 0 and again.deleted == 0
    # a new listing file: only its new paper is embedded (AlphaNet's fuller copy changes its chunks)
    shutil.copy(FIXTURES / "layout3.txt", small_corpus / "layout3.txt")
    third = ingest(s, embedder, **quiet)
    assert third.papers == 5
    coll = open_collection(make_client(s), s.collection)
    metas = coll.get(include=["metadatas"])["metadatas"]
    assert len({m["paper_id"] for m in metas}) == 5
    assert coll.count() == third.chunks
    assert 0 < third.embedded < third.chunks


def test_every_chunk_carries_paper_metadata_and_fits_the_window(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus)
    ingest(s, embedder, **quiet)
    got = open_collection(make_client(s), s.collection).get(include=["metadatas", "documents"])
    for md, doc in zip(got["metadatas"], got["documents"]):
        assert md["title"] and md["paper_id"] and "sources" in md
        assert embedder.count_tokens(md["title"] + "\n" + doc) <= embedder.max_tokens - 2


def test_long_abstracts_are_split_and_nothing_is_lost(embedder):
    papers, _ = load_corpus(Path(__file__).parent.parent / "data")
    s = make_settings(Path("/tmp"), Path("/tmp"))
    longest = max(papers, key=lambda p: len(p.abstract))
    chunks = chunk_papers([longest], s, embedder)
    assert len(chunks) >= 2
    words = set(longest.abstract.split())
    assert words <= set(" ".join(c.text for c in chunks).split())


def test_changed_settings_rebuild_instead_of_mixing(tmp_path, small_corpus, embedder):
    s = make_settings(tmp_path, small_corpus)
    ingest(s, embedder, **quiet)
    s2 = make_settings(tmp_path, small_corpus, chunk_tokens=120)
    report = ingest(s2, embedder, **quiet)
    assert report.rebuilt and report.embedded == report.chunks
    coll = open_collection(make_client(s2), s2.collection)
    assert coll.metadata["chunk_tokens"] == 120 and coll.count() == report.chunks
